//! Whole-document snapshots: the clinic's SOW and change-order text, so any change to wording,
//! figures or order shows up in review as a diff of `tests/snapshots/*.snap`.

mod common;
use common::*;

/// The document's paragraphs, one per line.
fn paragraphs(path: &std::path::Path) -> String {
    zip_part(path, "word/document.xml")
        .split("</w:p>")
        .map(|p| w_t_texts(p).concat())
        .filter(|line| !line.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn clinic_scope_of_work_text() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("p");
    let (_, code) = json_of(
        sowgen()
            .args(["build", "--json", "-o"])
            .arg(&out)
            .arg(sample("clinic-fitout.xlsx")),
    );
    assert_eq!(code, 0);
    insta::assert_snapshot!("clinic_sow", paragraphs(&out.join("scope-of-work.docx")));
}

#[test]
fn west_tower_change_order_text() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("co");
    let (_, code) = json_of(
        sowgen()
            .args(["diff", "--json", "-o"])
            .arg(&out)
            .arg(sample("west-tower-rev-a.xlsx"))
            .arg(sample("west-tower-rev-b.xlsx")),
    );
    assert_eq!(code, 0);
    insta::assert_snapshot!(
        "west_tower_change_order",
        paragraphs(&out.join("change-order.docx"))
    );
}
