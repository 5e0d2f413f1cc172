//! What a project manager sees on the printed pages (issue 15): no figure shown as `###`, no
//! wrapped text running into the next row, no description clipped, no part id broken at its
//! hyphen, no signature block or table heading left at a page's foot. Checked on the files'
//! XML: the column widths and row heights the workbooks carry, and the widths and keep-together
//! properties of the Word tables.

mod common;
use calamine::DataType;
use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Calibri's narrowest text averages about 0.75 of a digit's width (Excel's width unit): text
/// of `n` characters needs at least `0.75 n` width units on one line.
const CHAR_WIDTH: f64 = 0.75;

fn build(sample_name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("p");
    Test::build().sample(sample_name).out(&out).json().ok();
    (tmp, out)
}

/// The XML of the sheet called `name`.
fn sheet_xml(path: &Path, name: &str) -> String {
    let workbook = zip_part(path, "xl/workbook.xml");
    let index = workbook
        .split("<sheet ")
        .skip(1)
        .position(|s| s.contains(&format!("name=\"{name}\"")))
        .unwrap_or_else(|| panic!("no sheet {name}"));
    zip_part(path, &format!("xl/worksheets/sheet{}.xml", index + 1))
}

fn attr(element: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let at = element.find(&key)? + key.len();
    Some(element[at..at + element[at..].find('"')?].to_string())
}

/// Column widths (Excel's character units) by 0-based column; 8.43 where none is set.
fn column_widths(xml: &str) -> impl Fn(usize) -> f64 + use<> {
    let mut widths = BTreeMap::new();
    for col in xml.split("<col ").skip(1) {
        let col = format!(" {}", &col[..col.find("/>").unwrap()]);
        let col = col.as_str();
        let min: usize = attr(col, "min").unwrap().parse().unwrap();
        let max: usize = attr(col, "max").unwrap().parse().unwrap();
        let width: f64 = attr(col, "width").unwrap().parse().unwrap();
        for c in min..=max {
            widths.insert(c - 1, width);
        }
    }
    move |col| widths.get(&col).copied().unwrap_or(8.43)
}

/// Row heights in points by 0-based row; 15 where none is set.
fn row_heights(xml: &str) -> impl Fn(usize) -> f64 + use<> {
    let mut heights = BTreeMap::new();
    for row in xml.split("<row ").skip(1) {
        let row = format!(" {}", &row[..row.find('>').unwrap()]);
        let row = row.as_str();
        let r: usize = attr(row, "r").unwrap().parse().unwrap();
        if let Some(ht) = attr(row, "ht") {
            heights.insert(r - 1, ht.parse::<f64>().unwrap());
        }
    }
    move |row| heights.get(&row).copied().unwrap_or(15.0)
}

fn column_of(range: &calamine::Range<calamine::Data>, header_row: usize, title: &str) -> usize {
    range
        .rows()
        .nth(header_row)
        .unwrap()
        .iter()
        .position(|c| *c == title)
        .unwrap_or_else(|| panic!("no column {title}"))
}

/// Every text in column `title` (below `header_row`) fits its cell: on one line, or on as many
/// lines as the row is tall.
fn assert_text_fits(path: &Path, sheet: &str, title: &str) {
    let range = xlsx_sheet(path, sheet);
    // The table's header: the first row with the title and a Part column.
    let header_row = range
        .rows()
        .position(|r| {
            r.iter().any(|c| *c == title) && r.iter().any(|c| *c == "Part" || *c == "Kind")
        })
        .unwrap_or_else(|| panic!("{sheet} has no header with {title}"));
    let xml = sheet_xml(path, sheet);
    let (width, height) = (column_widths(&xml), row_heights(&xml));
    let col = column_of(&range, header_row, title);
    let mut checked = 0;
    for (row, cells) in range.rows().enumerate().skip(header_row + 1) {
        let text = cells[col].to_string();
        if text.is_empty() {
            continue;
        }
        let lines = (height(row) / 15.0).floor().max(1.0);
        let needed = text.chars().count() as f64 * CHAR_WIDTH;
        assert!(
            width(col) * lines >= needed,
            "{sheet} row {}: '{text}' needs {needed:.0} width units, has {:.1} x {lines} lines",
            row + 1,
            width(col)
        );
        checked += 1;
    }
    assert!(checked > 0, "{sheet} has no {title} to check");
}

#[test]
fn the_rooms_sheets_money_columns_are_wide_enough_for_their_figures() {
    let (_tmp, out) = build("clinic-fitout.xlsx");
    let book = out.join("bill-of-materials.xlsx");
    let range = xlsx_sheet(&book, "Rooms");
    let width = column_widths(&sheet_xml(&book, "Rooms"));
    for title in ["Material", "Labor", "Total"] {
        let col = column_of(&range, 0, title);
        let widest = range
            .rows()
            .skip(1)
            .filter_map(|r| r[col].as_f64())
            .fold(0.0, f64::max);
        if title == "Total" {
            assert!(
                widest >= 10_000.0,
                "the sample has a room of $10,000 or more"
            );
        }
        // "$24,788.50": a digit is one width unit, as are "$" and the separators at most.
        let shown = format!("${widest:.2}").len() + (widest.log10() as usize) / 3;
        assert!(
            width(col) >= shown as f64 + 1.0,
            "Rooms column {title} is {} wide for {shown} characters",
            width(col)
        );
    }
}

#[test]
fn findings_rows_are_tall_enough_for_their_wrapped_text() {
    let (_tmp, out) = build("clinic-fitout.xlsx");
    assert_text_fits(&out.join("bill-of-materials.xlsx"), "Findings", "Finding");
}

#[test]
fn descriptions_are_not_clipped_in_line_items_bid_forms_or_quantities() {
    let (_tmp, out) = build("clinic-fitout.xlsx");
    let book = out.join("bill-of-materials.xlsx");
    assert_text_fits(&book, "Line Items", "Description");
    assert_text_fits(&book, "Procurement", "Description");
    let form = out.join("bid-packages/structured-cabling.xlsx");
    assert_text_fits(&form, "Bid Form", "Description");
    assert_text_fits(&form, "Bid Form", "Basis of design");
    assert_text_fits(&form, "Quantities by Location", "Description");
}

/// The `w:tbl` elements of a Word document that contain `text`.
fn tables_with<'x>(document: &'x str, text: &str) -> Vec<&'x str> {
    document
        .split("<w:tbl>")
        .skip(1)
        .map(|t| &t[..t.find("</w:tbl>").unwrap_or(t.len())])
        .filter(|t| t.contains(text))
        .collect()
}

#[test]
fn part_ids_are_never_broken_at_their_hyphen() {
    let (_tmp, out) = build("clinic-fitout.xlsx");
    let document = zip_part(
        &out.join("bid-packages/structured-cabling.docx"),
        "word/document.xml",
    );
    let form = tables_with(&document, "CABLE-RUNWAY")[0];
    let grid: Vec<usize> = form
        .split("<w:gridCol w:w=\"")
        .skip(1)
        .map(|g| g[..g.find('"').unwrap()].parse().unwrap())
        .collect();
    // The Part column holds "CABLE-RUNWAY" on one line at its size even in DejaVu Sans, the face
    // LibreOffice uses without Calibri: its capitals average 0.7 em; cell margins 0.15 in.
    let run = &form[..form.find("CABLE-RUNWAY").unwrap()];
    let run = &run[run.rfind("<w:r>").unwrap()..];
    let points = match run.find("<w:sz w:val=\"") {
        Some(at) => {
            let v = &run[at + 13..];
            v[..v.find('"').unwrap()].parse::<f64>().unwrap() / 2.0
        }
        None => 9.0,
    };
    let needed = 12.0 * 0.7 * points * 20.0 + 216.0;
    assert!(
        grid[1] as f64 >= needed,
        "the Part column is {} twips, CABLE-RUNWAY needs {needed}",
        grid[1]
    );
}

#[test]
fn signature_blocks_and_short_tables_stay_on_one_page_with_their_heading() {
    let (_tmp, out) = build("clinic-fitout.xlsx");
    let styles = zip_part(&out.join("scope-of-work.docx"), "word/styles.xml");
    for heading in ["Heading1", "Heading2"] {
        let style = &styles[styles.find(&format!("w:styleId=\"{heading}\"")).unwrap()..];
        let style = &style[..style.find("</w:style>").unwrap()];
        assert!(
            style.contains("<w:keepNext"),
            "{heading} is kept with the next"
        );
    }
    let sow = zip_part(&out.join("scope-of-work.docx"), "word/document.xml");
    let bid = zip_part(
        &out.join("bid-packages/structured-cabling.docx"),
        "word/document.xml",
    );
    for (document, block) in [
        (&sow, "Finance / Capital Planning"),
        (&bid, "Authorized signatory"),
    ] {
        let table = tables_with(document, block)[0];
        let rows: Vec<&str> = table.split("<w:tr>").skip(1).collect();
        for (i, row) in rows.iter().enumerate() {
            assert!(
                row.contains("<w:cantSplit />"),
                "row {i} of '{block}' may split"
            );
            let kept = row.contains("<w:keepNext />");
            assert_eq!(
                kept,
                i + 1 < rows.len(),
                "row {i} of '{block}' keep-with-next"
            );
        }
        // The sentence that leads into the block is kept with it.
        let before = &document[..document.find(table).unwrap()];
        let lead_in = &before[before.rfind("<w:p ").unwrap()..];
        assert!(lead_in.contains("<w:keepNext />"), "{block}: {lead_in}");
    }
    // Long tables: no row splits across pages, the header stays with the first row.
    let rooms = tables_with(&sow, "Exam Room 1")[0];
    assert!(
        rooms
            .split("<w:tr>")
            .skip(1)
            .all(|r| r.contains("<w:cantSplit />"))
    );
}

#[test]
fn the_change_orders_approvals_heading_is_kept_with_its_table() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("co");
    Test::diff()
        .arg(sample("west-tower-rev-a.xlsx"))
        .arg(sample("west-tower-rev-b.xlsx"))
        .out(&out)
        .json()
        .ok();
    let document = zip_part(&out.join("change-order.docx"), "word/document.xml");
    let heading = document.find("5. Approvals").unwrap();
    let paragraph = &document[document[..heading].rfind("<w:p ").unwrap()..heading];
    assert!(paragraph.contains("w:val=\"Heading1\""), "{paragraph}");
    let table = tables_with(&document, "Finance / Capital Planning")[0];
    let rows = table.split("<w:tr>").skip(1).count();
    assert_eq!(table.matches("<w:keepNext />").count() / 4, rows - 1);
}

#[test]
fn the_contents_says_how_its_page_numbers_are_filled_in() {
    let (_tmp, out) = build("clinic-fitout.xlsx");
    for doc in ["scope-of-work.docx", "bid-packages/structured-cabling.docx"] {
        let text = docx_text(&out.join(doc), "word/document.xml");
        assert!(
            text.contains("in LibreOffice choose Tools > Update > Update All"),
            "{doc}"
        );
    }
}
