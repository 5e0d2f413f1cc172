//! `sowgen build`: the files are written and agree with the JSON totals.

mod common;
use common::*;
use std::path::Path;

fn build(name: &str, out: &Path) -> serde_json::Value {
    let (json, code) = json_of(
        sowgen()
            .args(["build", "--json", "-o"])
            .arg(out)
            .arg(sample(name)),
    );
    assert_eq!(code, 0, "{json}");
    json
}

#[test]
fn clinic_build_writes_the_package_and_every_file_agrees_on_the_grand_total() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("package");
    let json = build("clinic-fitout.xlsx", &out);
    let grand_total = json["totals"]["grand_total"].as_str().unwrap().to_string();

    for file in [
        "scope-of-work.docx",
        "bill-of-materials.xlsx",
        "budget-summary.pdf",
    ] {
        assert!(out.join(file).is_file(), "{file} missing");
        let listed = json["outputs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o.as_str().unwrap().ends_with(file));
        assert!(listed, "{file} not listed in outputs");
    }

    // The workbook's grand total cell carries the same cached value.
    let summary = xlsx_sheet(&out.join("bill-of-materials.xlsx"), "Summary");
    let cell = labelled_value(&summary, "Grand total", 2);
    let cached = match cell {
        calamine::Data::Float(f) => f,
        other => panic!("grand total cell is {other:?}"),
    };
    assert_eq!((cached * 100.0).round() as i64, cents(&grand_total));

    // The SOW names every room of the list.
    let (check, _) = json_of(
        sowgen()
            .args(["check", "--json"])
            .arg(sample("clinic-fitout.xlsx")),
    );
    assert_eq!(check["rooms"], 35);
    let sow = docx_text(&out.join("scope-of-work.docx"), "word/document.xml");
    for n in 101..=135 {
        assert!(
            sow.contains(&format!("1-{n}")),
            "room 1-{n} missing from the SOW"
        );
    }

    // The PDF prints the grand total as dollars.
    let pdf = pdf_text(&out.join("budget-summary.pdf"));
    let dollars = sowgen::format_dollars(grand_total.parse().unwrap());
    assert!(pdf.contains(&dollars), "PDF lacks {dollars}: {pdf}");
}

#[test]
fn json_totals_add_up_and_compare_with_the_approved_budget() {
    let tmp = tempfile::tempdir().unwrap();
    let json = build("clinic-fitout.xlsx", &tmp.path().join("p"));
    let t = &json["totals"];
    let c = |k: &str| cents(t[k].as_str().unwrap());
    assert_eq!(
        c("grand_total"),
        c("material") + c("labor") + c("project_management") + c("tax") + c("contingency")
    );
    // The clinic's Project sheet approves $185,000.00.
    assert_eq!(c("approved_budget"), 18_500_000);
    assert_eq!(c("variance"), c("approved_budget") - c("grand_total"));
}

#[test]
fn a_rejected_room_list_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("package");
    let (json, code) = json_of(
        sowgen()
            .args(["build", "--json", "-o"])
            .arg(&out)
            .arg(sample("bad/duplicate-room.xlsx")),
    );
    assert_eq!(code, 1);
    assert!(!json["errors"].as_array().unwrap().is_empty());
    assert!(!out.exists());
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
}
