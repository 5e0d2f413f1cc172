//! Room lists saved the way Excel saves them (shared strings, numbers as numbers), for tests that
//! build a list in a real project's shape.

use rust_xlsxwriter::Workbook;

/// The columns of a COBie 2.4 Space sheet, in the order exports write them.
pub const COBIE_SPACE_HEADER: &[&str] = &[
    "Name",
    "CreatedBy",
    "CreatedOn",
    "Category",
    "FloorName",
    "Description",
    "ExtSystem",
    "ExtObject",
    "ExtIdentifier",
    "RoomTag",
    "UsableHeight",
    "GrossArea",
    "NetArea",
];

/// A cell as an export writes it: numbers as numbers, the rest as text, "" left out.
pub enum Cell<'a> {
    T(&'a str),
    N(f64),
}

/// Texts as cells: one that parses as a number (and is not a date or a range such as "1-2") is
/// written as a number, as a user typing it into Excel would get.
pub fn typed<'a>(texts: &[&'a str]) -> Vec<Cell<'a>> {
    texts
        .iter()
        .map(|text| match text.parse::<f64>() {
            Ok(n) if !text.contains('-') => Cell::N(n),
            _ => Cell::T(text),
        })
        .collect()
}

/// Texts as text cells, whatever they look like.
pub fn text<'a>(texts: &[&'a str]) -> Vec<Cell<'a>> {
    texts.iter().map(|t| Cell::T(t)).collect()
}

/// An .xlsx of the given sheets, in order.
pub fn workbook(sheets: &[(&str, Vec<Vec<Cell>>)]) -> Vec<u8> {
    let mut book = Workbook::new();
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, value) in row.iter().enumerate() {
                match value {
                    Cell::T("") => {}
                    Cell::T(text) => {
                        sheet.write_string(r as u32, c as u16, *text).unwrap();
                    }
                    Cell::N(n) => {
                        sheet.write_number(r as u32, c as u16, *n).unwrap();
                    }
                }
            }
        }
    }
    book.save_to_buffer().unwrap()
}
