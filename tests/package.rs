//! The whole package, read back: every document agrees on the money, bid forms agree with the bill
//! of materials, input text survives every format, builds are reproducible and atomic.

mod common;
use common::*;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const GOOD: [&str; 3] = [
    "clinic-fitout.xlsx",
    "west-tower-rev-a.xlsx",
    "west-tower-rev-b.xlsx",
];

fn build(input: &Path, out: &Path, extra: &[&str]) -> serde_json::Value {
    Test::build().out(out).args(extra).arg(input).json().ok()
}

fn dec(text: &str) -> Decimal {
    text.parse()
        .unwrap_or_else(|_| panic!("not a decimal: {text:?}"))
}

fn float_cents(value: f64) -> i64 {
    (value * 100.0).round() as i64
}

fn decimal_cents(value: Decimal) -> i64 {
    (value * Decimal::from(100)).try_into().unwrap()
}

/// Every file under `dir`, by path relative to it.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                out.insert(path.strip_prefix(root).unwrap().to_path_buf(), bytes);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// A CSV file's records (header first), without the byte-order mark.
fn csv_records(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "{} has no BOM",
        path.display()
    );
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&bytes[3..]);
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn column_sum(records: &[Vec<String>], name: &str) -> Decimal {
    let col = records[0].iter().position(|h| h == name).unwrap();
    records[1..].iter().map(|r| dec(&r[col])).sum()
}

fn float(cell: &calamine::Data) -> f64 {
    match cell {
        calamine::Data::Float(f) => *f,
        calamine::Data::Int(i) => *i as f64,
        other => panic!("expected a number, found {other:?}"),
    }
}

#[test]
fn every_file_of_every_sample_agrees_on_the_grand_total() {
    for name in GOOD {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("p");
        let json = build(&sample(name), &out, &[]);
        let t = &json["totals"];
        let total = dec(t["grand_total"].as_str().unwrap());
        let dollars = sowgen::format_dollars(total);

        // Every file the package holds is listed in the JSON's outputs, and nothing else.
        let written: Vec<PathBuf> = files(&out).keys().cloned().collect();
        let listed = json["outputs"].as_array().unwrap();
        assert_eq!(
            listed.len(),
            written.len(),
            "{name}: {listed:?} vs {written:?}"
        );
        for file in [
            "scope-of-work.docx",
            "bill-of-materials.xlsx",
            "budget-summary.pdf",
            "line-items.csv",
            "rooms.csv",
            "estimate.json",
        ] {
            assert!(out.join(file).is_file(), "{name}: {file} missing");
        }

        // The workbook's cached grand total.
        let summary = xlsx_sheet(&out.join("bill-of-materials.xlsx"), "Summary");
        let cached = float(&labelled_value(&summary, "Grand total", 2));
        assert_eq!(float_cents(cached), decimal_cents(total), "{name}: xlsx");

        // The SOW's text (budget table, project table and narrative all print it).
        let sow = docx_text(&out.join("scope-of-work.docx"), "word/document.xml");
        assert!(sow.contains(&dollars), "{name}: the SOW lacks {dollars}");

        // The PDF's text (extracted through the embedded font's ToUnicode map).
        let pdf = pdf_text(&out.join("budget-summary.pdf"));
        assert!(
            pdf.contains(&dollars),
            "{name}: the PDF lacks {dollars}: {pdf}"
        );

        // The CSV's lines sum to the material and labor, which with the JSON's percentages make
        // the grand total.
        let lines = csv_records(&out.join("line-items.csv"));
        let material = column_sum(&lines, "Material");
        let labor = column_sum(&lines, "Labor");
        assert_eq!(material, dec(t["material"].as_str().unwrap()), "{name}");
        assert_eq!(labor, dec(t["labor"].as_str().unwrap()), "{name}");
        let others: Decimal = ["project_management", "tax", "contingency"]
            .iter()
            .map(|k| dec(t[*k].as_str().unwrap()))
            .sum();
        assert_eq!(material + labor + others, total, "{name}: CSV sum");
        assert_eq!(column_sum(&lines, "Total"), material + labor);

        // rooms.csv: one row per room, and the rooms' totals are the room lines' totals.
        let rooms = csv_records(&out.join("rooms.csv"));
        assert_eq!(rooms.len() - 1, json["rooms"].as_u64().unwrap() as usize);
        let room_lines: Decimal = lines[1..]
            .iter()
            .filter(|r| r[0] == "Room")
            .map(|r| dec(&r[13]))
            .sum();
        assert_eq!(column_sum(&rooms, "Total"), room_lines, "{name}");
    }
}

#[test]
fn each_bid_form_holds_the_bill_of_materials_quantities_for_its_trade() {
    for name in GOOD {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("p");
        build(&sample(name), &out, &[]);

        // Quantities per trade in the bill of materials' Line Items (G: bid package, H: qty).
        let lines = xlsx_sheet(&out.join("bill-of-materials.xlsx"), "Line Items");
        let mut bom: BTreeMap<String, f64> = BTreeMap::new();
        for row in lines.rows().skip(1) {
            let trade = row[6].to_string();
            if trade != "Internal IT" {
                *bom.entry(sowgen::slug(&trade)).or_default() += float(&row[7]);
            }
        }
        assert!(!bom.is_empty(), "{name}: no vendor trade has work");

        let mut seen = Vec::new();
        for entry in std::fs::read_dir(out.join("bid-packages")).unwrap() {
            let path = entry.unwrap().path();
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            if path.extension().unwrap() == "docx" {
                assert!(path.with_extension("xlsx").is_file(), "{stem}: no bid form");
                let text = docx_text(&path, "word/document.xml");
                assert!(text.contains("Bid Form"), "{stem}");
                // A vendor's copy never shows the owner's estimate.
                let summary = xlsx_sheet(&out.join("bill-of-materials.xlsx"), "Summary");
                let total = float(&labelled_value(&summary, "Grand total", 2));
                let dollars = sowgen::format_dollars(Decimal::try_from(total).unwrap().round_dp(2));
                assert!(!text.contains(&dollars), "{stem} shows the estimate");
                continue;
            }
            let form = xlsx_sheet(&path, sowgen::bid_form::SHEET);
            let header = sowgen::bid_form::HEADER_ROW as usize;
            let qty_col = sowgen::bid_form::QTY_COL as usize;
            let (start, _) = form.start().unwrap();
            let rows: Vec<_> = form.rows().skip(header - start as usize + 1).collect();
            let items: Vec<_> = rows.iter().take_while(|r| r[1] != "Bid total").collect();
            let qty: f64 = items.iter().map(|r| float(&r[qty_col])).sum();
            let expected = bom.get(&stem).copied().unwrap_or_default();
            assert!(
                (qty - expected).abs() < 1e-6,
                "{name} {stem}: bid form {qty} vs BOM {expected}"
            );
            // Unit prices are blank, extended amounts are formulas cached at zero.
            for r in &items {
                assert_eq!(
                    r[6],
                    calamine::Data::Empty,
                    "{stem}: a unit price is filled"
                );
                assert_eq!(float(&r[7]), 0.0);
            }
            seen.push(stem);
        }
        seen.sort();
        let expected: Vec<String> = bom.keys().cloned().collect();
        assert_eq!(seen, expected, "{name}: one bid package per vendor trade");
    }
}

#[test]
fn bid_forms_are_protected_except_unit_prices_and_bidder_details() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("p");
    build(&sample("clinic-fitout.xlsx"), &out, &[]);
    let form = out.join("bid-packages/structured-cabling.xlsx");
    let sheet = zip_part(&form, "xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains("<sheetProtection"),
        "the bid form is not protected"
    );
    assert!(zip_part(&form, "xl/worksheets/sheet2.xml").contains("<sheetProtection"));
    // The unit-price cells (column G) use a style whose protection is unlocked.
    let styles = zip_part(&form, "xl/styles.xml");
    assert!(styles.contains("locked=\"0\""), "no unlocked style");
    let g12 = sheet
        .split("<c r=\"G12\"")
        .nth(1)
        .expect("G12 (the first unit price) is written");
    let style: usize = g12
        .split("s=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let xfs = styles.split("<cellXfs").nth(1).unwrap();
    let xf = xfs.split("<xf ").nth(style + 1).unwrap();
    let xf = &xf[..xf.find("</xf>").unwrap_or(xf.len())];
    assert!(
        xf.contains("locked=\"0\""),
        "G12's style {style} is locked: {xf}"
    );
    // Totals are formulas.
    assert!(sheet.contains("<f>ROUND(F12*G12,2)</f>"));
    assert!(sheet.contains("<f>SUM(H12:H"));
}

#[test]
fn the_sow_has_contents_numbered_headings_repeating_headers_and_page_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("p");
    build(&sample("clinic-fitout.xlsx"), &out, &[]);
    let docx = out.join("scope-of-work.docx");
    let xml = zip_part(&docx, "word/document.xml");
    assert!(
        xml.contains("<w:instrText>TOC \\o &quot;1-2&quot;"),
        "no TOC field"
    );
    assert!(xml.contains("Table of Contents"), "TOC not marked as such");
    assert!(xml.contains("PAGEREF _Toc00000001"));
    assert!(
        xml.contains("w:name=\"_Toc00000001\""),
        "headings are not bookmarked"
    );
    // Every table's header row repeats: rooms, disciplines, telecom rooms, findings, budget,
    // approvals (the project table has none).
    assert!(xml.matches("<w:tblHeader />").count() >= 5);
    let text = docx_text(&docx, "word/document.xml");
    for heading in [
        "1. Purpose and Scope",
        "Scope by Discipline",
        "Room-by-Room Deliverables",
        "Telecom Rooms",
        "Assumptions",
        "Exclusions",
        "Gaps and Risks",
        "Dependencies",
        "Milestones",
        "Acceptance Criteria",
        "Budget Summary",
        "Approvals",
        "Signature",
    ] {
        assert!(text.contains(heading), "the SOW lacks {heading}");
    }
    let footer = zip_part(&docx, "word/footer1.xml");
    assert!(footer.contains("PAGE") && footer.contains("NUMPAGES"));
    assert!(docx_text(&docx, "word/header1.xml").contains("Primary Care Clinic Fit-Out"));
    assert!(zip_part(&docx, "word/settings.xml").contains("<w:updateFields w:val=\"true\" />"));
}

/// Room names with XML's special characters, accents, an emoji, and a formula.
const AWKWARD_CSV: &str = "Room Number,Room Name,Room Type,IDF,Data Drops\n\
    101,Dr. O'Brien & Sons <Exam>,Exam Room,IDF-1,4\n\
    102,\"Salle \"\"Café\"\" Zoë\",Office,IDF-1,2\n\
    103,Sensory Room \u{1F3E5},Conference Room,IDF-1,6\n\
    104,=HYPERLINK(\"http://x\"),Office,IDF-1,2\n\
    +105,@Lounge,Staff Lounge,IDF-1,1\n";

#[test]
fn awkward_text_comes_out_right_in_every_format() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("awkward.csv");
    std::fs::write(&input, AWKWARD_CSV).unwrap();
    let project = tmp.path().join("project.toml");
    std::fs::write(
        &project,
        "name = \"Café & <Clinic> \\\"North\\\" \u{1F3E5}\"\nrevision = \"B & C\"\n",
    )
    .unwrap();
    let out = tmp.path().join("p");
    build(&input, &out, &["--project", project.to_str().unwrap()]);

    let names = [
        "Dr. O'Brien & Sons <Exam>",
        "Salle \"Café\" Zoë",
        "Sensory Room \u{1F3E5}",
        "=HYPERLINK(\"http://x\")",
    ];
    let sow = docx_text(&out.join("scope-of-work.docx"), "word/document.xml");
    for n in names {
        assert!(sow.contains(n), "the SOW lacks {n:?}");
    }
    let header = docx_text(&out.join("scope-of-work.docx"), "word/header1.xml");
    assert!(
        header.contains("Café & <Clinic> \"North\" \u{1F3E5}"),
        "{header}"
    );
    let footer = docx_text(&out.join("scope-of-work.docx"), "word/footer1.xml");
    assert!(footer.contains("Revision B & C"), "{footer}");

    // The workbook holds the formula-like name as text, not as a formula.
    let rooms = xlsx_sheet(&out.join("bill-of-materials.xlsx"), "Rooms");
    let cells: Vec<String> = rooms.rows().map(|r| r[1].to_string()).collect();
    for n in names {
        assert!(
            cells.iter().any(|c| c == n),
            "Rooms sheet lacks {n:?}: {cells:?}"
        );
    }
    let sheet = zip_part(
        &out.join("bill-of-materials.xlsx"),
        "xl/worksheets/sheet3.xml",
    );
    assert!(!sheet.contains("<f>"), "a room name became a formula");

    // The CSVs neutralise it (and the room number starting with '+').
    let csv = csv_records(&out.join("rooms.csv"));
    assert!(csv.iter().any(|r| r[1] == "'=HYPERLINK(\"http://x\")"));
    assert!(csv.iter().any(|r| r[0] == "'+105" && r[1] == "'@Lounge"));
    assert!(csv.iter().any(|r| r[1] == "Dr. O'Brien & Sons <Exam>"));

    // The PDF prints the project's name in the embedded font; the emoji, which DejaVu Sans
    // lacks, becomes a visible replacement mark rather than vanishing.
    let pdf = pdf_text(&out.join("budget-summary.pdf"));
    assert!(pdf.contains("Café & <Clinic> \"North\" \u{FFFD}"), "{pdf}");
}

#[test]
fn two_builds_give_identical_bytes_and_leave_the_input_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("west-tower-rev-b.xlsx");
    std::fs::copy(sample("west-tower-rev-b.xlsx"), &input).unwrap();
    let before = std::fs::read(&input).unwrap();
    let modified = std::fs::metadata(&input).unwrap().modified().unwrap();
    build(&input, &tmp.path().join("a"), &[]);
    build(&input, &tmp.path().join("b"), &[]);
    let a = files(&tmp.path().join("a"));
    let b = files(&tmp.path().join("b"));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    assert!(a.len() >= 10, "{:?}", a.keys());
    for (path, bytes) in &a {
        assert!(
            bytes == &b[path],
            "{} differs between builds",
            path.display()
        );
    }
    assert_eq!(std::fs::read(&input).unwrap(), before, "the input changed");
    assert_eq!(
        std::fs::metadata(&input).unwrap().modified().unwrap(),
        modified
    );
}

#[test]
fn a_build_that_fails_midway_leaves_the_earlier_package() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("p");
    build(&sample("clinic-fitout.xlsx"), &out, &[]);
    let earlier = files(&out);

    // A different input, so a half-written package would show; one more file whose writer fails
    // after some bytes, as a full disk would, while the real files are written beside it.
    let input = sample("west-tower-rev-a.xlsx");
    let catalog = sowgen::Catalog::default_catalog();
    let list = sowgen::read(&input, &catalog, &sowgen::ReadOptions::default()).unwrap();
    let package = sowgen::Package::new(sowgen::estimate(&list, &catalog), catalog.schedule());
    let templates = sowgen::Templates::embedded();
    let mut to_write = sowgen::package_files(&package, &templates);
    to_write.insert(
        4,
        sowgen::OutputFile::new("zz-failing.csv", |out| {
            out.write_all(b"half a file")?;
            Err(std::io::Error::other("no space left on device").into())
        }),
    );
    let job = sowgen::Job::new("build", [Some(input.as_path())]);
    let err = sowgen::write_package(&out, &job, &to_write).unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("zz-failing.csv") && message.contains("no space left"),
        "{message}"
    );
    assert!(files(&out) == earlier, "the earlier package changed");
    let siblings: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        siblings,
        vec![std::ffi::OsString::from("p")],
        "staging left behind"
    );
}

#[test]
fn a_users_own_templates_shape_the_sow_and_bid_packages() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("mine");
    let init = sowgen().arg("init").arg(&dir).output().unwrap();
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    for name in ["scope-of-work.hbs", "bid-package.hbs"] {
        let path = dir.join("templates").join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        let edited = text.replacen(
            "[[contents]]",
            "[[contents]]\nPrepared for the {{project.name}} steering group.",
            1,
        );
        assert_ne!(edited, text, "{name} has no [[contents]]");
        std::fs::write(&path, edited).unwrap();
    }
    let out = tmp.path().join("p");
    let templates = dir.join("templates");
    build(
        &sample("clinic-fitout.xlsx"),
        &out,
        &["--templates", templates.to_str().unwrap()],
    );
    let line = "Prepared for the Primary Care Clinic Fit-Out steering group.";
    assert!(docx_text(&out.join("scope-of-work.docx"), "word/document.xml").contains(line));
    let bid = out.join("bid-packages/structured-cabling.docx");
    assert!(docx_text(&bid, "word/document.xml").contains(line));

    // A template naming a table that does not exist fails the build and writes nothing.
    std::fs::write(
        templates.join("scope-of-work.hbs"),
        "# Scope\n[[no_such_table]]\n",
    )
    .unwrap();
    let out2 = tmp.path().join("p2");
    let output = sowgen()
        .args(["build", "-o"])
        .arg(&out2)
        .args(["--templates", templates.to_str().unwrap()])
        .arg(sample("clinic-fitout.xlsx"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no_such_table"));
    assert!(!out2.exists());
}

#[test]
fn rendering_twice_in_one_process_gives_identical_bytes() {
    // Libraries that number things per process (docx-rs paragraph ids, printpdf's ids) must
    // not leak into the files: the second rendering equals the first.
    use sowgen::Catalog;
    let catalog = Catalog::default_catalog();
    let list = sowgen::read(
        &sample("clinic-fitout.xlsx"),
        &catalog,
        &sowgen::ReadOptions::default(),
    )
    .unwrap();
    let package = sowgen::Package::new(sowgen::estimate(&list, &catalog), catalog.schedule());
    let templates = sowgen::Templates::embedded();
    let first = sowgen::render_package(&package, &templates).unwrap();
    let second = sowgen::render_package(&package, &templates).unwrap();
    assert_eq!(first.len(), second.len());
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(a.name, b.name);
        assert!(a.bytes == b.bytes, "{} differs when rendered again", a.name);
    }
}
