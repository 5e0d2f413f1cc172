//! The package through LibreOffice, as a reader's office suite sees it: every docx converts, and
//! every workbook, recalculated from its formulas, gives the figures cached in it.
//!
//! Needs `soffice` (CI installs Debian's LibreOffice); without it locally the tests print a notice
//! and pass.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn soffice() -> Option<PathBuf> {
    let found = Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        Some(PathBuf::from("soffice"))
    } else {
        eprintln!("NOTICE: soffice (LibreOffice) is not installed; skipping the office checks");
        None
    }
}

/// A LibreOffice profile of our own (so parallel runs and a user's settings do not interfere)
/// that recalculates every formula when a workbook is loaded, instead of trusting cached values.
fn profile(dir: &Path) -> String {
    let user = dir.join("user");
    std::fs::create_dir_all(&user).unwrap();
    std::fs::write(
        user.join("registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#,
    )
    .unwrap();
    format!("-env:UserInstallation=file://{}", dir.display())
}

/// Convert files with LibreOffice into `outdir`; panics with its output if it fails.
fn convert(soffice: &Path, profile: &str, to: &str, outdir: &Path, files: &[PathBuf]) {
    let output = Command::new(soffice)
        .arg(profile)
        .args(["--headless", "--norestore", "--convert-to", to, "--outdir"])
        .arg(outdir)
        .args(files)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "soffice failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    for file in files {
        let stem = file.file_stem().unwrap().to_string_lossy();
        let ext = to.split(':').next().unwrap();
        let converted = outdir.join(format!("{stem}.{ext}"));
        assert!(
            converted.is_file(),
            "LibreOffice did not convert {}: {}",
            file.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// Every number the original workbook caches must be what LibreOffice computes from the formulas.
fn assert_same_numbers(original: &Path, recalculated: &Path) -> usize {
    use calamine::Reader;
    let mut a: calamine::Xlsx<_> = calamine::open_workbook(original).unwrap();
    let mut b: calamine::Xlsx<_> = calamine::open_workbook(recalculated).unwrap();
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
                    other => panic!("{} {name} {at:?}: {x} became {other:?}", original.display()),
                };
                assert!(
                    (x - y).abs() < 0.005,
                    "{} {name} {at:?}: cached {x}, LibreOffice computes {y}",
                    original.display()
                );
                compared += 1;
            }
        }
    }
    compared
}

#[test]
fn libreoffice_recalculates_a_stale_cached_value() {
    // The check below means something only if LibreOffice really recalculates: give it a
    // workbook whose cached result is wrong and see it corrected.
    let Some(soffice) = soffice() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet()
        .write_formula(0, 0, rust_xlsxwriter::Formula::new("=1+1").set_result("5"))
        .unwrap();
    let input = tmp.path().join("stale.xlsx");
    book.save(&input).unwrap();
    let out = tmp.path().join("out");
    convert(
        &soffice,
        &profile(&tmp.path().join("profile")),
        "xlsx",
        &out,
        &[input],
    );
    let range = xlsx_sheet(&out.join("stale.xlsx"), "Sheet1");
    assert_eq!(range.get_value((0, 0)), Some(&calamine::Data::Float(2.0)));
}

#[test]
fn every_document_opens_in_libreoffice_and_every_workbook_recalculates_to_its_cached_values() {
    let Some(soffice) = soffice() else { return };
    for name in [
        "clinic-fitout.xlsx",
        "west-tower-rev-a.xlsx",
        "west-tower-rev-b.xlsx",
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let pkg = tmp.path().join("p");
        let (json, code) = json_of(
            sowgen()
                .args(["build", "--json", "-o"])
                .arg(&pkg)
                .arg(sample(name)),
        );
        assert_eq!(code, 0);
        let grand_total = json["totals"]["grand_total"].as_str().unwrap().to_string();
        let profile = profile(&tmp.path().join("profile"));

        let mut docx = vec![pkg.join("scope-of-work.docx")];
        let mut xlsx = vec![pkg.join("bill-of-materials.xlsx")];
        for entry in std::fs::read_dir(pkg.join("bid-packages")).unwrap() {
            let path = entry.unwrap().path();
            match path.extension().unwrap().to_str().unwrap() {
                "docx" => docx.push(path),
                _ => xlsx.push(path),
            }
        }

        // Word documents: LibreOffice lays them out; the SOW's PDF prints the grand total.
        let pdfs = tmp.path().join("pdf");
        convert(&soffice, &profile, "pdf", &pdfs, &docx);
        let sow = pdf_text(&pdfs.join("scope-of-work.pdf"));
        let dollars = sowgen::format_dollars(grand_total.parse().unwrap());
        assert!(
            sow.contains(&dollars),
            "{name}: the converted SOW lacks {dollars}"
        );

        // Workbooks: loaded with recalculation on, saved again, read back.
        let recalculated = tmp.path().join("xlsx");
        convert(&soffice, &profile, "xlsx", &recalculated, &xlsx);
        for file in &xlsx {
            let again = recalculated.join(file.file_name().unwrap());
            let compared = assert_same_numbers(file, &again);
            assert!(compared > 0, "{}: no numbers compared", file.display());
        }
        let summary = xlsx_sheet(&recalculated.join("bill-of-materials.xlsx"), "Summary");
        let cell = labelled_value(&summary, "Grand total", 2);
        let calamine::Data::Float(value) = cell else {
            panic!("{name}: grand total is {cell:?}")
        };
        assert_eq!(
            (value * 100.0).round() as i64,
            cents(&grand_total),
            "{name}"
        );
    }
}

#[test]
fn the_change_order_opens_in_libreoffice_and_its_workbook_recalculates_to_its_cached_values() {
    let Some(soffice) = soffice() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("co");
    let (json, code) = json_of(
        sowgen()
            .args(["diff", "--json", "-o"])
            .arg(&out)
            .arg(sample("west-tower-rev-a.xlsx"))
            .arg(sample("west-tower-rev-b.xlsx")),
    );
    assert_eq!(code, 0);
    let profile = profile(&tmp.path().join("profile"));

    let pdfs = tmp.path().join("pdf");
    convert(
        &soffice,
        &profile,
        "pdf",
        &pdfs,
        &[out.join("change-order.docx")],
    );
    let text = pdf_text(&pdfs.join("change-order.pdf"));
    let delta: rust_decimal::Decimal = json["cost_delta"].as_str().unwrap().parse().unwrap();
    let dollars = sowgen::format_dollars(delta.abs());
    assert!(
        text.contains(&dollars),
        "the change order's PDF lacks {dollars}"
    );
    for room in json["added"].as_array().unwrap() {
        assert!(text.contains(room["room"].as_str().unwrap()));
    }

    let recalculated = tmp.path().join("xlsx");
    let workbook = out.join("change-order.xlsx");
    convert(
        &soffice,
        &profile,
        "xlsx",
        &recalculated,
        std::slice::from_ref(&workbook),
    );
    let compared = assert_same_numbers(&workbook, &recalculated.join("change-order.xlsx"));
    assert!(compared > 0, "no numbers compared");
}
