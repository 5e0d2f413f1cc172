//! A long sheet's rows written as SpreadsheetML by us, straight into the deflater (see
//! [`super::xlsx_splice`]). The rows are those rust_xlsxwriter would write for the same calls
//! through [`Cells`]: inline strings, figures, formulas with their results; each cell in its
//! column's format; a row as tall as its most-wrapped cell.

use super::deflate::ParallelDeflate;
use super::xlsx_table::{Cells, wrapped_lines};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::XlsxError;
use std::io::Write;

pub struct XmlRows<'d, 'w> {
    deflate: &'d mut ParallelDeflate<'w>,
    styles: Vec<u32>,
    wrap_caps: Vec<Option<u32>>,
    letters: Vec<String>,
    row: Option<u32>,
    /// The row's number as a cell reference writes it (1-based).
    row_number: String,
    cells: Vec<u8>,
    lines: u32,
}

impl<'d, 'w> XmlRows<'d, 'w> {
    pub fn new(
        styles: Vec<u32>,
        wrap_caps: Vec<Option<u32>>,
        deflate: &'d mut ParallelDeflate<'w>,
    ) -> XmlRows<'d, 'w> {
        let columns = styles.len().max(wrap_caps.len());
        XmlRows {
            deflate,
            styles,
            wrap_caps,
            letters: (0..columns)
                .map(|c| crate::problem::column_letter(c as u32))
                .collect(),
            row: None,
            row_number: String::new(),
            cells: Vec::with_capacity(4096),
            lines: 1,
        }
    }

    /// Ends the last row.
    pub fn finish(mut self) -> Result<(), XlsxError> {
        self.end_row()
    }

    fn at(&mut self, row: u32) -> Result<(), XlsxError> {
        if self.row != Some(row) {
            self.end_row()?;
            self.row = Some(row);
            self.row_number = (u64::from(row) + 1).to_string();
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
        out.extend_from_slice(self.row_number.as_bytes());
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

    /// `<c r="B7" s="3"` with the cell's column format.
    fn open(&mut self, col: u16) -> Result<(), XlsxError> {
        self.cells.extend_from_slice(b"<c r=\"");
        match self.letters.get(usize::from(col)) {
            Some(letter) => self.cells.extend_from_slice(letter.as_bytes()),
            None => self
                .cells
                .extend_from_slice(crate::problem::column_letter(u32::from(col)).as_bytes()),
        }
        self.cells.extend_from_slice(self.row_number.as_bytes());
        self.cells.push(b'"');
        match self.styles.get(usize::from(col)) {
            Some(&style) if style > 0 => write!(self.cells, " s=\"{style}\"")?,
            _ => {}
        }
        Ok(())
    }
}

impl Cells for XmlRows<'_, '_> {
    fn text(&mut self, row: u32, col: u16, text: &str) -> Result<(), XlsxError> {
        self.at(row)?;
        if text.is_empty() {
            return Ok(());
        }
        if let Some(Some(cap)) = self.wrap_caps.get(usize::from(col)) {
            self.lines = self.lines.max(wrapped_lines(text, *cap));
        }
        self.open(col)?;
        self.cells.extend_from_slice(b" t=\"inlineStr\"><is><t");
        let whitespace = ['\t', '\n', ' '];
        if text.starts_with(whitespace) || text.ends_with(whitespace) {
            self.cells.extend_from_slice(b" xml:space=\"preserve\"");
        }
        self.cells.push(b'>');
        escape_text(text, &mut self.cells);
        self.cells.extend_from_slice(b"</t></is></c>");
        Ok(())
    }

    fn number(&mut self, row: u32, col: u16, value: Decimal) -> Result<(), XlsxError> {
        self.at(row)?;
        self.open(col)?;
        self.cells.extend_from_slice(b"><v>");
        push_figure(&mut self.cells, value);
        self.cells.extend_from_slice(b"</v></c>");
        Ok(())
    }

    fn formula(
        &mut self,
        row: u32,
        col: u16,
        text: String,
        result: Decimal,
    ) -> Result<(), XlsxError> {
        self.at(row)?;
        self.open(col)?;
        self.cells.extend_from_slice(b"><f>");
        escape_text(text.strip_prefix('=').unwrap_or(&text), &mut self.cells);
        self.cells.extend_from_slice(b"</f><v>");
        push_figure(&mut self.cells, result);
        self.cells.extend_from_slice(b"</v></c>");
        Ok(())
    }
}

/// An exact figure as a cell value: no exponent, no trailing zeros, never `-0`.
fn figure(value: Decimal) -> String {
    if value.is_zero() {
        "0".to_string()
    } else {
        value.normalize().to_string()
    }
}

/// [`figure`] appended to `out`; whole numbers (most quantities and prices) without the general
/// conversion.
fn push_figure(out: &mut Vec<u8>, value: Decimal) {
    if value.fract().is_zero()
        && let Some(whole) = value.trunc().to_i64()
    {
        let _ = write!(out, "{whole}");
        return;
    }
    out.extend_from_slice(figure(value).as_bytes());
}

/// Text as a cell's XML text, escaped as Excel does: markup characters as entities, control
/// characters as `_xHHHH_`, and a literal `_xHHHH_` by its underscore.
fn escape_text(text: &str, out: &mut Vec<u8>) {
    let bytes = text.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escaped: Option<std::borrow::Cow<'static, str>> = match b {
            b'&' => Some("&amp;".into()),
            b'<' => Some("&lt;".into()),
            b'>' => Some("&gt;".into()),
            b'\t' | b'\n' => None,
            0..=0x1f => Some(format!("_x{b:04X}_").into()),
            b'_' if is_escape_sequence(&bytes[i..]) => Some("_x005F".into()),
            _ => None,
        };
        if let Some(escaped) = escaped {
            out.extend_from_slice(&bytes[start..i]);
            out.extend_from_slice(escaped.as_bytes());
            // The underscore itself is kept after `_x005F`.
            start = if b == b'_' { i } else { i + 1 };
        }
    }
    out.extend_from_slice(&bytes[start..]);
}

/// `_xHHHH_` at the start of `bytes`.
fn is_escape_sequence(bytes: &[u8]) -> bool {
    bytes.len() >= 7
        && bytes[1] == b'x'
        && bytes[2..6].iter().all(u8::is_ascii_hexdigit)
        && bytes[6] == b'_'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(text: &str) -> String {
        let mut out = Vec::new();
        escape_text(text, &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn text_is_escaped_as_excel_escapes_it() {
        assert_eq!(escaped("a<b>&c"), "a&lt;b&gt;&amp;c");
        assert_eq!(escaped("tab\there\nline"), "tab\there\nline");
        assert_eq!(escaped("bell\u{7}"), "bell_x0007_");
        assert_eq!(escaped("_x0041_ and _x12_"), "_x005F_x0041_ and _x12_");
        assert_eq!(escaped("Café — ñ"), "Café — ñ");
    }

    #[test]
    fn figures_are_written_as_their_exact_text() {
        for value in [
            Decimal::new(43500, 2),
            Decimal::new(-1050, 3),
            Decimal::new(-0, 2),
            Decimal::new(123_456_789_012, 0),
            Decimal::new(7, 1),
        ] {
            let mut out = Vec::new();
            push_figure(&mut out, value);
            assert_eq!(String::from_utf8(out).unwrap(), figure(value));
        }
    }

    #[test]
    fn figures_are_exact_and_plain() {
        assert_eq!(figure(Decimal::new(43500, 2)), "435");
        assert_eq!(figure(Decimal::new(-1050, 3)), "-1.05");
        assert_eq!(figure(Decimal::new(-0, 2)), "0");
        assert_eq!(figure(Decimal::new(1, 6)), "0.000001");
    }
}
