//! Filling sowgen's own bid forms as a vendor would, by editing the workbook's sheet XML: prices
//! typed as numbers or as text, the bidder's company, and (for the refusal tests) a changed
//! quantity.

use std::io::{Read, Write};
use std::path::Path;

/// A cell's new content.
pub enum Cell {
    Number(String),
    Text(String),
}

/// The form's cells as (reference, content), written into a copy of `form` at `out`.
pub fn fill(form: &Path, out: &Path, cells: &[(String, Cell)]) {
    fill_sheet(form, out, "xl/worksheets/sheet1.xml", cells);
}

/// The form's hidden identity sheet.
pub const IDENTITY_PART: &str = "xl/worksheets/sheet3.xml";

/// [`fill`] for any sheet of the workbook, by its part name.
pub fn fill_sheet(form: &Path, out: &Path, sheet: &str, cells: &[(String, Cell)]) {
    let bytes = std::fs::read(form).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut writer = zip::ZipWriter::new(std::fs::File::create(out).unwrap());
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if name == sheet {
            let mut xml = String::from_utf8(data).unwrap();
            for (reference, content) in cells {
                xml = set_cell(&xml, reference, content);
            }
            data = xml.into_bytes();
        }
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        writer.start_file(name, options).unwrap();
        writer.write_all(&data).unwrap();
    }
    writer.finish().unwrap();
}

/// The sheet XML with the cell `reference` (which the form writes, blank or not) replaced.
fn set_cell(xml: &str, reference: &str, content: &Cell) -> String {
    let open = format!("<c r=\"{reference}\"");
    let start = xml
        .find(&open)
        .unwrap_or_else(|| panic!("the form has no cell {reference}"));
    let tag_end = start + xml[start..].find('>').unwrap();
    let end = if xml.as_bytes()[tag_end - 1] == b'/' {
        tag_end + 1
    } else {
        tag_end + xml[tag_end..].find("</c>").unwrap() + 4
    };
    let style = xml[start..tag_end]
        .split(" s=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .map(|s| format!(" s=\"{s}\""))
        .unwrap_or_default();
    let cell = match content {
        Cell::Number(n) => format!("<c r=\"{reference}\"{style}><v>{n}</v></c>"),
        Cell::Text(t) => format!(
            "<c r=\"{reference}\"{style} t=\"inlineStr\"><is><t>{}</t></is></c>",
            t.replace('&', "&amp;").replace('<', "&lt;")
        ),
    };
    format!("{}{cell}{}", &xml[..start], &xml[end..])
}

/// The form's lines as issued: (1-based row, part, quantity), read back with calamine.
pub fn form_lines(form: &Path) -> Vec<(u32, String, f64)> {
    let range = super::xlsx_sheet(form, sowgen::bid_form::SHEET);
    let first = sowgen::bid_form::HEADER_ROW + 1;
    let mut lines = Vec::new();
    for row in first.. {
        let part = range
            .get_value((row, 1))
            .map(|d| d.to_string())
            .unwrap_or_default();
        if part == "Bid total" || part.is_empty() {
            break;
        }
        let qty = match range.get_value((row, u32::from(sowgen::bid_form::QTY_COL))) {
            Some(calamine::Data::Float(f)) => *f,
            other => panic!("row {row}: quantity {other:?}"),
        };
        lines.push((row + 1, part, qty));
    }
    lines
}

/// A clinic package built with the bid project file, and its cabling form filled by bidders.
pub struct Bids {
    pub package: std::path::PathBuf,
    /// Every line priced, as numbers.
    pub complete: std::path::PathBuf,
    /// Lines 1 and 3 not priced, line 4 "incl.", the rest typed as text ("$1,234.50").
    pub gappy: std::path::PathBuf,
    /// Every line priced at twice the complete bid's prices.
    pub high: std::path::PathBuf,
    /// The complete bid with the quantity of line 2 changed.
    pub edited: std::path::PathBuf,
    /// The complete bid on the form of another revision of the package.
    pub foreign: std::path::PathBuf,
}

pub const TRADE_FORM: &str = "bid-packages/structured-cabling.xlsx";

/// The complete bid's unit price for line `i` (0-based): exact to the cent.
pub fn complete_price(i: usize) -> rust_decimal::Decimal {
    rust_decimal::Decimal::new(1000 + 125 * i as i64, 2)
}

/// The gappy bid's unit price for line `i`, where it gives one.
pub fn gappy_price(i: usize) -> Option<rust_decimal::Decimal> {
    match i {
        0 | 2 | 3 => None,
        1 => Some(rust_decimal::Decimal::new(123450, 2)),
        i => Some(rust_decimal::Decimal::new(900 + 110 * i as i64, 2)),
    }
}

pub fn build_with_project(out: &Path, project: &Path) {
    let output = super::sowgen()
        .arg("build")
        .arg(super::sample("clinic-fitout.xlsx"))
        .arg("--project")
        .arg(project)
        .arg("-o")
        .arg(out)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

pub fn project_file() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bid-project.toml")
}

pub fn priced(
    form: &Path,
    company: &str,
    price: impl Fn(usize) -> Option<Cell>,
) -> Vec<(String, Cell)> {
    let bidder_row = sowgen::bid_form::BIDDER_ROW + 1;
    let mut cells = vec![(format!("C{bidder_row}"), Cell::Text(company.into()))];
    for (i, (row, _, _)) in form_lines(form).iter().enumerate() {
        if let Some(cell) = price(i) {
            cells.push((format!("G{row}"), cell));
        }
    }
    cells
}

pub fn prepare(dir: &Path) -> Bids {
    let package = dir.join("package");
    build_with_project(&package, &project_file());
    let form = package.join(TRADE_FORM);
    let bids = dir.join("returned");
    std::fs::create_dir_all(&bids).unwrap();
    let complete = bids.join("complete.xlsx");
    fill(
        &form,
        &complete,
        &priced(&form, "Complete Cabling Co.", |i| {
            Some(Cell::Number(complete_price(i).to_string()))
        }),
    );
    let gappy = bids.join("gappy.xlsx");
    fill(
        &form,
        &gappy,
        &priced(&form, "Gappy Communications", |i| match i {
            0 | 2 => None,
            3 => Some(Cell::Text("incl.".into())),
            1 => Some(Cell::Text("$1,234.50".into())),
            i => Some(Cell::Text(format!("${}", gappy_price(i).unwrap()))),
        }),
    );
    let high = bids.join("high.xlsx");
    fill(
        &form,
        &high,
        &priced(&form, "High Voltage Data LLC", |i| {
            Some(Cell::Number(
                (complete_price(i) * rust_decimal::Decimal::TWO).to_string(),
            ))
        }),
    );
    let edited = bids.join("edited.xlsx");
    let mut cells = priced(&form, "Edits Inc.", |i| {
        Some(Cell::Number(complete_price(i).to_string()))
    });
    let (row, _, qty) = form_lines(&form)[1].clone();
    cells.push((format!("F{row}"), Cell::Number((qty + 7.0).to_string())));
    fill(&form, &edited, &cells);
    let rev_a = dir.join("rev-a.toml");
    let text = std::fs::read_to_string(project_file()).unwrap();
    std::fs::write(&rev_a, text.replace("revision = \"B\"", "revision = \"A\"")).unwrap();
    let old = dir.join("package-rev-a");
    build_with_project(&old, &rev_a);
    let old_form = old.join(TRADE_FORM);
    let foreign = bids.join("foreign.xlsx");
    fill(
        &old_form,
        &foreign,
        &priced(&old_form, "Old Revision Ltd", |i| {
            Some(Cell::Number(complete_price(i).to_string()))
        }),
    );
    Bids {
        package,
        complete,
        gappy,
        high,
        edited,
        foreign,
    }
}
