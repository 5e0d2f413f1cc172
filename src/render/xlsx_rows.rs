//! A long sheet's rows written as SpreadsheetML by us, straight into the deflater (see
//! [`super::xlsx_splice`]). The rows are those rust_xlsxwriter would write for the same calls
//! through [`Cells`]: text in the workbook's shared-string table (inline when it has none),
//! figures, formulas with their results; each cell in its column's format; a row as tall as its
//! most-wrapped cell.

use super::deflate::ParallelDeflate;
use super::xlsx_strings::{SharedStrings, escape_text, push_text_element};
use super::xlsx_table::{Cells, wrapped_lines};
use crate::money::push_qty;
use rust_decimal::Decimal;
use rust_xlsxwriter::XlsxError;
use std::fmt::{self, Write as _};
use std::io::Write;

pub struct XmlRows<'d, 'w> {
    deflate: &'d mut ParallelDeflate<'w>,
    strings: Option<SharedStrings>,
    /// Each column's `<c r="B` (its letter) and ` s="3"` (its format), made once.
    openings: Vec<(Vec<u8>, Vec<u8>)>,
    wrap_caps: Vec<Option<u32>>,
    row: Option<u32>,
    /// The row's number as a cell reference writes it (1-based).
    row_number: Vec<u8>,
    cells: Vec<u8>,
    lines: u32,
    /// A formula's text, before it is escaped.
    formula: String,
}

impl<'d, 'w> XmlRows<'d, 'w> {
    /// Rows whose cells take their column's format from `styles`, wrapped text its lines from
    /// `wrap_caps`, and text its index in `strings` (inline text without it).
    pub fn new(
        styles: &[u32],
        wrap_caps: Vec<Option<u32>>,
        strings: Option<SharedStrings>,
        deflate: &'d mut ParallelDeflate<'w>,
    ) -> XmlRows<'d, 'w> {
        let columns = styles.len().max(wrap_caps.len());
        XmlRows {
            deflate,
            strings,
            openings: (0..columns).map(|c| opening(c, styles)).collect(),
            wrap_caps,
            row: None,
            row_number: Vec::new(),
            cells: Vec::with_capacity(4096),
            lines: 1,
            formula: String::new(),
        }
    }

    /// Ends the last row; gives back the string table with the rows' strings added.
    pub fn finish(mut self) -> Result<Option<SharedStrings>, XlsxError> {
        self.end_row()?;
        Ok(self.strings)
    }

    fn at(&mut self, row: u32) -> Result<(), XlsxError> {
        if self.row != Some(row) {
            self.end_row()?;
            self.row = Some(row);
            self.row_number.clear();
            push_integer(&mut self.row_number, u64::from(row) + 1);
            self.lines = 1;
        }
        Ok(())
    }

    fn end_row(&mut self) -> Result<(), XlsxError> {
        if self.row.take().is_none() {
            return Ok(());
        }
        let out = self.deflate.buffer();
        out.extend_from_slice(b"<row r=\"");
        out.extend_from_slice(&self.row_number);
        out.push(b'"');
        if self.lines > 1 {
            let height = super::xlsx_table::LINE_HEIGHT * f64::from(self.lines);
            write!(out, " ht=\"{height}\" customHeight=\"1\"")?;
        }
        out.push(b'>');
        out.extend_from_slice(&self.cells);
        out.extend_from_slice(b"</row>");
        self.cells.clear();
        self.deflate.boundary()?;
        Ok(())
    }

    /// `<c r="B7" s="3"`: the cell's reference and its column's format.
    fn open(&mut self, col: u16) {
        let col = usize::from(col);
        if col >= self.openings.len() {
            self.openings
                .extend((self.openings.len()..=col).map(|c| opening(c, &[])));
        }
        let (reference, style) = &self.openings[col];
        self.cells.extend_from_slice(reference);
        self.cells.extend_from_slice(&self.row_number);
        self.cells.push(b'"');
        self.cells.extend_from_slice(style);
    }
}

/// Column `col`'s `<c r="B` and ` s="3"` (empty for the default format).
fn opening(col: usize, styles: &[u32]) -> (Vec<u8>, Vec<u8>) {
    let reference = format!("<c r=\"{}", crate::problem::column_letter(col as u32));
    let style = match styles.get(col) {
        Some(&style) if style > 0 => format!(" s=\"{style}\""),
        _ => String::new(),
    };
    (reference.into_bytes(), style.into_bytes())
}

impl Cells for XmlRows<'_, '_> {
    fn text(&mut self, row: u32, col: u16, text: &str) -> Result<(), XlsxError> {
        self.at(row)?;
        if text.is_empty() {
            return Ok(());
        }
        let cap = self.wrap_caps.get(usize::from(col)).copied().flatten();
        self.open(col);
        if let Some(strings) = &mut self.strings {
            let index = strings.index(text);
            if let Some(cap) = cap {
                self.lines = self.lines.max(strings.lines(index, text, cap));
            }
            self.cells.extend_from_slice(b" t=\"s\"><v>");
            push_integer(&mut self.cells, u64::from(index));
            self.cells.extend_from_slice(b"</v></c>");
            return Ok(());
        }
        if let Some(cap) = cap {
            self.lines = self.lines.max(wrapped_lines(text, cap));
        }
        self.cells.extend_from_slice(b" t=\"inlineStr\"><is>");
        push_text_element(text, &mut self.cells);
        self.cells.extend_from_slice(b"</is></c>");
        Ok(())
    }

    fn number(&mut self, row: u32, col: u16, value: Decimal) -> Result<(), XlsxError> {
        self.at(row)?;
        self.open(col);
        self.cells.extend_from_slice(b"><v>");
        push_qty(&mut self.cells, value);
        self.cells.extend_from_slice(b"</v></c>");
        Ok(())
    }

    fn formula(
        &mut self,
        row: u32,
        col: u16,
        text: fmt::Arguments,
        result: Decimal,
    ) -> Result<(), XlsxError> {
        self.at(row)?;
        self.open(col);
        self.formula.clear();
        let _ = self.formula.write_fmt(text);
        self.cells.extend_from_slice(b"><f>");
        escape_text(
            self.formula.strip_prefix('=').unwrap_or(&self.formula),
            &mut self.cells,
        );
        self.cells.extend_from_slice(b"</f><v>");
        push_qty(&mut self.cells, result);
        self.cells.extend_from_slice(b"</v></c>");
        Ok(())
    }
}

fn push_integer(out: &mut Vec<u8>, value: u64) {
    out.extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_value_is_exact_and_plain() {
        let pushed = |value| {
            let mut out = Vec::new();
            push_qty(&mut out, value);
            String::from_utf8(out).unwrap()
        };
        assert_eq!(pushed(Decimal::new(43500, 2)), "435");
        assert_eq!(pushed(Decimal::new(-1050, 3)), "-1.05");
        assert_eq!(pushed(Decimal::new(-0, 2)), "0");
        assert_eq!(pushed(Decimal::new(1, 6)), "0.000001");
    }
}
