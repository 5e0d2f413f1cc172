//! Bid packages per trade and `sowgen level`: the tool's own forms filled by several bidders,
//! every figure checked in the JSON, the leveling workbook and the recommendation; changed and
//! foreign forms refused by file and cell; a form saved by LibreOffice read back; the leveling
//! workbook recalculated by LibreOffice to its cached values.

mod common;
use common::bid_forms::*;
use common::*;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap_or_else(|_| panic!("not a decimal: {text}"))
}

fn round(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

fn level(package: &Path, bids: &[&Path], out: &Path) -> (serde_json::Value, i32) {
    let mut cmd = sowgen();
    cmd.arg("level")
        .arg(package)
        .args(bids)
        .arg("-o")
        .arg(out)
        .arg("--json");
    json_of(&mut cmd)
}

/// The estimate's material and labor for each cabling part, from the package's estimate.json.
fn estimate_amounts(package: &Path) -> HashMap<String, Decimal> {
    let text = std::fs::read_to_string(package.join("estimate.json")).unwrap();
    let estimate: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut amounts = HashMap::new();
    for line in estimate["lines"].as_array().unwrap() {
        if line["trade"] == "Structured Cabling" {
            let part = line["part"].as_str().unwrap().to_string();
            *amounts.entry(part).or_insert(Decimal::ZERO) += dec(line["total"].as_str().unwrap());
        }
    }
    amounts
}

struct Expected {
    as_bid: Decimal,
    plugs: Decimal,
    missing: usize,
}

fn expected(
    form: &Path,
    amounts: &HashMap<String, Decimal>,
    price: impl Fn(usize) -> Option<Decimal>,
) -> Expected {
    let mut e = Expected {
        as_bid: Decimal::ZERO,
        plugs: Decimal::ZERO,
        missing: 0,
    };
    for (i, (_, part, qty)) in form_lines(form).iter().enumerate() {
        let qty = dec(&qty.to_string());
        match price(i) {
            Some(p) => e.as_bid += round(qty * p),
            None => {
                e.plugs += amounts[part];
                e.missing += 1;
            }
        }
    }
    e
}

#[test]
fn bid_packages_state_their_own_clauses_terms_and_basis_of_design() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("p");
    build_with_project(&out, &project_file());
    let av = docx_text(
        &out.join("bid-packages/audio-visual.docx"),
        "word/document.xml",
    );
    let cabling = docx_text(
        &out.join("bid-packages/structured-cabling.docx"),
        "word/document.xml",
    );
    let sow = docx_text(&out.join("scope-of-work.docx"), "word/document.xml");
    let av_criterion = "Every display shows each of its source inputs";
    let cable_criterion = "Category 6A permanent-link certification";
    assert!(av.contains(av_criterion) && !av.contains(cable_criterion));
    assert!(cabling.contains(cable_criterion) && !cabling.contains(av_criterion));
    assert!(
        sow.contains(av_criterion) && sow.contains(cable_criterion),
        "the SOW keeps all"
    );
    // General clauses reach every package; an internal discipline's reach none.
    for text in [&av, &cabling] {
        assert!(text.contains("warranty certificates are delivered before final payment"));
        assert!(!text.contains("911 test call"));
    }
    for wanted in [
        "2027-03-15 2:00 PM Eastern",
        "2027-03-08 5:00 PM Eastern",
        "main lobby",
        "Commercial general liability",
        "Performance and payment bonds",
        "Two years parts and labor",
        "T-101 First floor telecommunications plan",
        "Addendum 1 (2027-03-05)",
        "Category 6A shielded (F/UTP)",
        "Add or delete one complete Cat6A data drop",
        "Panduit Mini-Com TX6A 10Gig UTP jack module, part CJ6X88TGBU, or approved equal",
    ] {
        assert!(
            cabling.contains(wanted),
            "the cabling package lacks {wanted}"
        );
    }
    // The form: the due date where a bidder looks, the basis of design on each line, the
    // identity very hidden, the password and the price validation in place.
    let form = out.join(TRADE_FORM);
    let sheet = xlsx_sheet(&form, sowgen::bid_form::SHEET);
    let due_row = sowgen::bid_form::FIRST_LABEL_ROW + 5;
    assert_eq!(
        sheet.get_value((due_row, 1)).unwrap().to_string(),
        "Bids due"
    );
    assert_eq!(
        sheet.get_value((due_row, 2)).unwrap().to_string(),
        "2027-03-15 2:00 PM Eastern"
    );
    let first = sowgen::bid_form::HEADER_ROW + 1;
    let basis: Vec<String> = (first..first + 6)
        .map(|r| {
            sheet
                .get_value((r, 3))
                .map(|d| d.to_string())
                .unwrap_or_default()
        })
        .collect();
    assert!(basis.iter().any(|b| b.contains("Panduit")), "{basis:?}");
    assert!(zip_part(&form, "xl/workbook.xml").contains("state=\"veryHidden\""));
    let xml = zip_part(&form, "xl/worksheets/sheet1.xml");
    assert!(xml.contains("<sheetProtection password="), "no password");
    assert!(zip_part(&form, "xl/worksheets/sheet3.xml").contains("<sheetProtection password="));
    assert!(
        xml.contains("type=\"decimal\" operator=\"greaterThanOrEqual\""),
        "unit prices are not validated"
    );
    assert!(
        !docx_text(
            &out.join("bid-packages/structured-cabling.docx"),
            "word/document.xml"
        )
        .contains("level-test")
    );
    assert!(
        !std::fs::read_to_string(out.join("estimate.json"))
            .unwrap()
            .contains("level-test")
    );
}

#[test]
fn a_package_without_a_due_date_is_written_with_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let json = Test::build()
        .sample("clinic-fitout.xlsx")
        .out(&tmp.path().join("p"))
        .json()
        .ok();
    let warnings = json["warnings"].to_string();
    assert!(warnings.contains("no bid due date"), "{warnings}");
}

#[test]
fn leveling_checks_every_figure_in_every_file() {
    let tmp = tempfile::tempdir().unwrap();
    let bids = prepare(tmp.path());
    let out = tmp.path().join("leveling");
    let (json, code) = level(
        &bids.package,
        &[&bids.complete, &bids.gappy, &bids.high],
        &out,
    );
    assert_eq!(code, 0, "{json}");
    let form = bids.package.join(TRADE_FORM);
    let amounts = estimate_amounts(&bids.package);
    let want = [
        (
            "Complete Cabling Co.",
            expected(&form, &amounts, |i| Some(complete_price(i))),
        ),
        (
            "Gappy Communications",
            expected(&form, &amounts, gappy_price),
        ),
        (
            "High Voltage Data LLC",
            expected(&form, &amounts, |i| Some(complete_price(i) * Decimal::TWO)),
        ),
    ];
    assert_eq!(want[1].1.missing, 3);
    let trade = &json["trades"][0];
    assert_eq!(trade["trade"], "Structured Cabling");
    assert_eq!(json["trades"].as_array().unwrap().len(), 1);
    let estimate: Decimal = amounts.values().copied().sum();
    assert_eq!(dec(trade["estimate"].as_str().unwrap()), estimate);
    let summary = xlsx_sheet(&out.join("bid-leveling.xlsx"), "Summary");
    let docx = docx_text(&out.join("bid-recommendation.docx"), "word/document.xml");
    for (b, (name, e)) in want.iter().enumerate() {
        let bidder = &trade["bidders"][b];
        assert_eq!(bidder["name"], *name);
        let leveled = e.as_bid + e.plugs;
        assert_eq!(dec(bidder["as_bid"].as_str().unwrap()), e.as_bid, "{name}");
        assert_eq!(dec(bidder["plugs"].as_str().unwrap()), e.plugs, "{name}");
        assert_eq!(dec(bidder["leveled"].as_str().unwrap()), leveled, "{name}");
        assert_eq!(bidder["missing_lines"], e.missing, "{name}");
        // The workbook's summary row for the bidder caches the same figures.
        let row = 4 + b as u32;
        assert_eq!(summary.get_value((row, 2)).unwrap().to_string(), *name);
        for (col, value) in [(3, e.as_bid), (4, e.plugs), (5, leveled)] {
            let cached = match summary.get_value((row, col)) {
                Some(calamine::Data::Float(f)) => *f,
                other => panic!("{name} column {col}: {other:?}"),
            };
            assert_eq!(dec(&format!("{cached:.2}")), value, "{name} column {col}");
        }
        for value in [e.as_bid, leveled] {
            let dollars = sowgen::format_dollars(value);
            assert!(
                docx.contains(&dollars),
                "the recommendation lacks {name}'s {dollars}"
            );
        }
    }
    let lowest =
        |key: &dyn Fn(&Expected) -> Decimal| want.iter().min_by_key(|(_, e)| key(e)).unwrap().0;
    assert_eq!(trade["apparent_low"], lowest(&|e| e.as_bid));
    assert_eq!(trade["leveled_low"], lowest(&|e| e.as_bid + e.plugs));
    assert_eq!(trade["recommended"]["bidder"], trade["leveled_low"]);
    // One trade leveled: the totals over trades are its own.
    let low = want.iter().min_by_key(|(_, e)| e.as_bid + e.plugs).unwrap();
    assert_eq!(dec(json["estimate"].as_str().unwrap()), estimate);
    assert_eq!(
        dec(json["recommended_total"].as_str().unwrap()),
        low.1.as_bid + low.1.plugs
    );
    assert!(docx.contains(&sowgen::format_dollars(low.1.as_bid + low.1.plugs)));
    assert!(docx.contains(&format!(
        "Award to {}",
        trade["leveled_low"].as_str().unwrap()
    )));
    // The text price "incl." is named, by cell, as a warning; the leveled bid carries it as a plug.
    let warnings = json["warnings"].to_string();
    assert!(warnings.contains("'incl.' is not a price"), "{warnings}");
    let third_line_row = form_lines(&form)[3].0;
    assert!(
        warnings.contains(&format!("'Bid Form'!G{third_line_row}")),
        "{warnings}"
    );
    // Flags in the trade sheet match the JSON's counts.
    let sheet = xlsx_sheet(&out.join("bid-leveling.xlsx"), "Structured Cabling");
    for b in 0..3 {
        let flags_col = 8 + 4 * b as u32 + 3;
        let n = form_lines(&form).len() as u32;
        let flagged = (5..5 + n)
            .filter(|&r| {
                let text = sheet
                    .get_value((r, flags_col))
                    .map(|d| d.to_string())
                    .unwrap_or_default();
                !text.is_empty() && !text.starts_with("PLUG")
            })
            .count();
        assert_eq!(trade["bidders"][b]["flagged_lines"], flagged, "bidder {b}");
    }
}

#[test]
fn changed_and_foreign_forms_are_refused_by_file_and_cell() {
    let tmp = tempfile::tempdir().unwrap();
    let bids = prepare(tmp.path());
    let out = tmp.path().join("leveling");
    let (json, code) = level(
        &bids.package,
        &[&bids.complete, &bids.edited, &bids.foreign],
        &out,
    );
    assert_eq!(code, 1, "{json}");
    assert!(!out.exists(), "nothing is written when a form is refused");
    let errors = json["errors"].as_array().unwrap();
    let form = bids.package.join(TRADE_FORM);
    let qty_row = form_lines(&form)[1].0;
    let edited = errors
        .iter()
        .find(|e| e["file"].as_str().unwrap().ends_with("edited.xlsx"))
        .expect("the edited form is refused");
    assert_eq!(edited["cells"][0], format!("'Bid Form'!F{qty_row}"));
    assert!(
        edited["message"].as_str().unwrap().contains("quantity"),
        "{edited}"
    );
    let foreign = errors
        .iter()
        .find(|e| e["file"].as_str().unwrap().ends_with("foreign.xlsx"))
        .expect("the form of revision A is refused");
    assert!(
        foreign["message"]
            .as_str()
            .unwrap()
            .contains("revision 'A'"),
        "{foreign}"
    );
    assert!(
        foreign["cells"].to_string().contains("sowgen!B4"),
        "{foreign}"
    );
    assert!(
        !errors
            .iter()
            .any(|e| e["file"].as_str().unwrap().ends_with("complete.xlsx")),
        "{errors:?}"
    );
    // Without --json, each refusal is printed with its file and cell.
    let output = sowgen()
        .arg("level")
        .arg(&bids.package)
        .arg(&bids.edited)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("edited.xlsx, 'Bid Form'!F{qty_row}")),
        "{stderr}"
    );
}

/// The errors refusing `file`, by its name's end.
fn errors_for<'a>(errors: &'a [serde_json::Value], file: &str) -> Vec<&'a serde_json::Value> {
    errors
        .iter()
        .filter(|e| e["file"].as_str().unwrap().ends_with(file))
        .collect()
}

#[test]
fn forms_of_another_project_or_trade_or_with_a_changed_line_or_identity_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let bids = prepare(tmp.path());
    let form = bids.package.join(TRADE_FORM);
    let returned = tmp.path().join("returned");
    let complete = |i: usize| Some(Cell::Number(complete_price(i).to_string()));
    // The cabling form of another project's package, filled in full.
    let other = tmp.path().join("west-tower");
    let output = sowgen()
        .arg("build")
        .arg(sample("west-tower-rev-a.xlsx"))
        .arg("-o")
        .arg(&other)
        .output()
        .unwrap();
    assert!(output.status.success());
    let other_form = other.join(TRADE_FORM);
    let other_project = returned.join("other-project.xlsx");
    fill(
        &other_form,
        &other_project,
        &priced(&other_form, "Elsewhere Inc.", complete),
    );
    // This package's form with a line's description rewritten.
    let row = form_lines(&form)[2].0;
    let mut cells = priced(&form, "Rewrites Ltd", complete);
    cells.push((
        format!("C{row}"),
        Cell::Text("Cat5e patch panel port".into()),
    ));
    let rewritten = returned.join("rewritten.xlsx");
    fill(&form, &rewritten, &cells);
    // Its hidden identity edited: another trade, or another digest with the lines untouched.
    let filled = returned.join("filled.xlsx");
    fill(&form, &filled, &priced(&form, "Plumb Co.", complete));
    let other_trade = returned.join("other-trade.xlsx");
    fill_sheet(
        &filled,
        &other_trade,
        IDENTITY_PART,
        &[("B3".into(), Cell::Text("Plumbing".into()))],
    );
    let digest = returned.join("digest.xlsx");
    fill_sheet(
        &filled,
        &digest,
        IDENTITY_PART,
        &[("B6".into(), Cell::Text("0".repeat(64)))],
    );
    let out = tmp.path().join("leveling");
    let files = [
        &bids.complete,
        &other_project,
        &rewritten,
        &other_trade,
        &digest,
    ];
    let paths: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    let (json, code) = level(&bids.package, &paths, &out);
    assert_eq!(code, 1, "{json}");
    assert!(!out.exists());
    let errors = json["errors"].as_array().unwrap();
    assert!(errors_for(errors, "complete.xlsx").is_empty(), "{errors:?}");
    let project = errors_for(errors, "other-project.xlsx");
    assert!(
        project.iter().any(|e| e["message"]
            .as_str()
            .unwrap()
            .contains("this form is for the project")
            && e["cells"].to_string().contains("sowgen!B2")),
        "{project:?}"
    );
    let [changed] = errors_for(errors, "rewritten.xlsx")[..] else {
        panic!("one error for the rewritten form: {errors:?}")
    };
    assert_eq!(
        changed["cells"],
        serde_json::json!([format!("'Bid Form'!C{row}")])
    );
    assert!(
        changed["message"]
            .as_str()
            .unwrap()
            .contains("Cat5e patch panel port")
    );
    let [trade] = errors_for(errors, "other-trade.xlsx")[..] else {
        panic!("one error for the form of another trade: {errors:?}")
    };
    assert_eq!(trade["cells"], serde_json::json!(["sowgen!B3"]));
    assert!(trade["message"].as_str().unwrap().contains("'Plumbing'"));
    let [identity] = errors_for(errors, "digest.xlsx")[..] else {
        panic!("one error for the form with another digest: {errors:?}")
    };
    assert_eq!(identity["cells"], serde_json::json!(["sowgen!B6"]));
}

fn soffice() -> Option<PathBuf> {
    let found = std::process::Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        let required = ["CI", "SOWGEN_REQUIRE_TOOLS"].iter().any(|name| {
            std::env::var(name).is_ok_and(|v| !matches!(v.as_str(), "" | "0" | "false"))
        });
        assert!(!required, "soffice (LibreOffice) is not installed");
        eprintln!("NOTICE: soffice (LibreOffice) is not installed; skipping");
    }
    found.then(|| PathBuf::from("soffice"))
}

/// LibreOffice, with a profile of its own that recalculates every formula on load, saving
/// each file as `format` (xlsx or ods).
fn convert(dir: &Path, files: &[&Path], outdir: &Path, format: &str) {
    let user = dir.join("profile/user");
    std::fs::create_dir_all(&user).unwrap();
    std::fs::write(
        user.join("registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#,
    )
    .unwrap();
    let output = std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.join("profile").display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            format,
            "--outdir",
        ])
        .arg(outdir)
        .args(files)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn libreoffice_saved_forms_read_back_and_the_leveling_recalculates_to_its_cached_values() {
    if soffice().is_none() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let bids = prepare(tmp.path());
    let saved = tmp.path().join("saved");
    convert(tmp.path(), &[&bids.complete, &bids.gappy], &saved, "xlsx");
    // The same bids saved as OpenDocument, as a LibreOffice user returns them.
    convert(tmp.path(), &[&bids.complete, &bids.gappy], &saved, "ods");
    let form = bids.package.join(TRADE_FORM);
    let amounts = estimate_amounts(&bids.package);
    let complete = expected(&form, &amounts, |i| Some(complete_price(i)));
    let gappy = expected(&form, &amounts, gappy_price);
    let out = tmp.path().join("leveling");
    for ext in ["ods", "xlsx"] {
        std::fs::remove_dir_all(&out).ok();
        let (json, code) = level(
            &bids.package,
            &[
                &saved.join(format!("complete.{ext}")),
                &saved.join(format!("gappy.{ext}")),
            ],
            &out,
        );
        assert_eq!(code, 0, "{ext}: {json}");
        let bidders = &json["trades"][0]["bidders"];
        assert_eq!(bidders[0]["name"], "Complete Cabling Co.", "{ext}");
        assert_eq!(dec(bidders[0]["as_bid"].as_str().unwrap()), complete.as_bid);
        assert_eq!(bidders[1]["missing_lines"], gappy.missing, "{ext}");
        assert_eq!(
            dec(bidders[1]["leveled"].as_str().unwrap()),
            gappy.as_bid + gappy.plugs,
            "{ext}"
        );
    }

    let recalculated = tmp.path().join("recalculated");
    let workbook = out.join("bid-leveling.xlsx");
    convert(tmp.path(), &[&workbook], &recalculated, "xlsx");
    use calamine::Reader;
    let mut a: calamine::Xlsx<_> = calamine::open_workbook(&workbook).unwrap();
    let mut b: calamine::Xlsx<_> =
        calamine::open_workbook(recalculated.join("bid-leveling.xlsx")).unwrap();
    let mut compared = 0;
    for name in a.sheet_names() {
        let ra = a.worksheet_range(&name).unwrap();
        let rb = b.worksheet_range(&name).unwrap();
        for (row, col, cell) in ra.used_cells() {
            let (r, c) = ra.start().unwrap();
            let at = (row as u32 + r, col as u32 + c);
            if let calamine::Data::Float(x) = cell {
                let y = match rb.get_value(at) {
                    Some(calamine::Data::Float(y)) => *y,
                    Some(calamine::Data::Int(y)) => *y as f64,
                    other => panic!("{name} {at:?}: {x} became {other:?}"),
                };
                assert!(
                    (x - y).abs() < 0.005,
                    "{name} {at:?}: cached {x}, LibreOffice {y}"
                );
                compared += 1;
            }
        }
    }
    assert!(compared > 50, "only {compared} numbers compared");
}
