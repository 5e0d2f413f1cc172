//! A worksheet table laid out from what it holds, so no figure shows as `###` and no wrapped text
//! runs into the row below: each column is as wide as its widest value and its title, a text
//! column past its cap wraps, and each row is as tall as its most-wrapped cell. Every table sheet
//! of every workbook is written through it.
//!
//! Widths are measured with Excel's own character widths for its default font (Calibri 11, as
//! rust_xlsxwriter's autofit does), with a small allowance: a spreadsheet without Calibri sets the
//! text in a substitute face (LibreOffice scales the columns by that face's digit width, so the
//! proportions hold) and bold runs wider.

use super::text_width::calibri_px;
use crate::money::{format_dollars, format_qty, group_thousands};
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, FormatAlign, Formula, Worksheet, XlsxError};
use std::collections::HashMap;

/// Excel's padding inside a cell, in pixels.
const PADDING: u32 = 7;
/// The autofilter's drop-down arrow on a header cell, in pixels.
const FILTER_ARROW: u32 = 16;
/// Measured widths are scaled by this (in percent) for a wider substitute font.
const SLACK_PERCENT: u32 = 105;
/// Room between a right-aligned figure and the next column's text (its indent), in pixels.
const NUMBER_GAP: u32 = 10;
/// The narrowest column, in pixels (about five characters).
const MIN_WIDTH: u32 = 40;
/// A line of 11 pt text, in points.
pub const LINE_HEIGHT: f64 = 15.0;
/// Bold text is about this much wider (in percent).
const BOLD_PERCENT: u32 = 110;

/// How a column's numbers are shown, so their width is that of the text a reader sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    Text,
    /// `$#,##0.00`
    Money,
    /// `#,##0.##`
    Number,
    /// `#,##0.00`
    Hours,
}

/// One column: its title, how its values are shown, its cell format (top-aligned; wrapped when it
/// has a cap) and, for text, the width in characters past which it wraps.
#[derive(Clone)]
pub struct Column<'a> {
    pub title: &'a str,
    pub shown: Shown,
    pub format: Option<&'a Format>,
    pub wrap_at: Option<u16>,
}

impl<'a> Column<'a> {
    pub fn text(title: &'a str) -> Column<'a> {
        Column {
            title,
            shown: Shown::Text,
            format: None,
            wrap_at: None,
        }
    }

    /// Text that wraps past `chars` characters.
    pub fn wrapped(title: &'a str, chars: u16) -> Column<'a> {
        Column {
            wrap_at: Some(chars),
            ..Column::text(title)
        }
    }

    pub fn shown(title: &'a str, shown: Shown, format: &'a Format) -> Column<'a> {
        Column {
            title,
            shown,
            format: Some(format),
            wrap_at: None,
        }
    }
}

/// What a column has held so far.
struct Fit {
    shown: Shown,
    /// The widest text written, in pixels (slack included).
    widest: u32,
    /// The title's width, in pixels.
    title: u32,
    wrap_at: Option<u32>,
    high: Option<Decimal>,
    low: Option<Decimal>,
}

/// Writes a table's header and cells and keeps what its layout needs; [`TableWriter::finish`]
/// sets the widths.
pub struct TableWriter<'s> {
    sheet: &'s mut Worksheet,
    fits: Vec<Fit>,
    row: u32,
    lines: u32,
    /// Cells are measured, not written: a long sheet's rows are written later as XML (see
    /// `super::xlsx_splice`), its widths from this pass.
    measure_only: bool,
    /// Each text's widest line, measured once: a long table repeats a few texts on every row.
    widths: HashMap<Box<str>, u32>,
}

impl<'s> TableWriter<'s> {
    /// The header on `header_row`, in `header` format; `filtered` when the table gets an
    /// autofilter (its arrows take room in the header cells).
    pub fn new(
        sheet: &'s mut Worksheet,
        header_row: u32,
        columns: &[Column],
        header: &Format,
        filtered: bool,
    ) -> Result<TableWriter<'s>, XlsxError> {
        let arrow = if filtered { FILTER_ARROW } else { 0 };
        let mut fits = Vec::with_capacity(columns.len());
        for (col, column) in columns.iter().enumerate() {
            let col = col as u16;
            sheet.write_string_with_format(header_row, col, column.title, header)?;
            // A cell written without a format takes its column's; every column is top-aligned
            // so a row that wraps reads from its top line.
            let base = column.format.cloned().unwrap_or_default();
            let mut format = base.set_align(FormatAlign::Top);
            if column.wrap_at.is_some() {
                format = format.set_text_wrap();
            }
            if column.shown != Shown::Text {
                // Indented from the right, a figure never runs into the next column's text.
                format = format.set_align(FormatAlign::Right).set_indent(1);
            }
            sheet.set_column_format(col, &format)?;
            // Titles stay on one line: a streamed sheet's header row is written out long before
            // the widths are known, so it could not be made taller to fit a wrapped title.
            let title = bold(measure(column.title)) + PADDING + arrow;
            fits.push(Fit {
                shown: column.shown,
                widest: 0,
                title,
                wrap_at: column.wrap_at.map(|chars| u32::from(chars) * 7 + PADDING),
                high: None,
                low: None,
            });
        }
        Ok(TableWriter {
            sheet,
            fits,
            row: header_row + 1,
            lines: 1,
            measure_only: false,
            widths: HashMap::new(),
        })
    }

    /// Measures `rows` for the columns' widths without writing them, and sets the widths: the
    /// rows are written later as XML through [`Cells`] (a long sheet, see `super::xlsx_splice`).
    /// Returns each column's width cap for wrapped text, in pixels, for those rows' heights.
    pub fn measure(
        mut self,
        rows: impl FnOnce(&mut Self) -> Result<(), XlsxError>,
    ) -> Result<Vec<Option<u32>>, XlsxError> {
        self.measure_only = true;
        rows(&mut self)?;
        let caps = self.fits.iter().map(|fit| fit.wrap_at).collect();
        self.finish()?;
        Ok(caps)
    }

    /// The worksheet, for what is not a cell of the table (a data validation).
    pub fn sheet(&mut self) -> &mut Worksheet {
        self.sheet
    }

    pub fn text(&mut self, row: u32, col: u16, text: &str) -> Result<(), XlsxError> {
        self.at(row)?;
        self.measure_text(col, text, false);
        if !self.measure_only {
            self.sheet.write_string(row, col, text)?;
        }
        Ok(())
    }

    /// Text in its own format (bold when `bold`, for its width).
    pub fn text_with(
        &mut self,
        row: u32,
        col: u16,
        text: &str,
        format: &Format,
        is_bold: bool,
    ) -> Result<(), XlsxError> {
        self.at(row)?;
        self.measure_text(col, text, is_bold);
        self.sheet
            .write_string_with_format(row, col, text, format)?;
        Ok(())
    }

    /// A number shown as its column shows numbers.
    pub fn number(&mut self, row: u32, col: u16, value: Decimal) -> Result<(), XlsxError> {
        self.at(row)?;
        self.measure_number(col, value);
        if !self.measure_only {
            self.sheet
                .write_number(row, col, super::xlsx_kit::num(value))?;
        }
        Ok(())
    }

    /// A formula with its computed result (see `xlsx_kit::formula`), measured by its result.
    pub fn formula(
        &mut self,
        row: u32,
        col: u16,
        text: String,
        result: Decimal,
        format: Option<&Format>,
    ) -> Result<(), XlsxError> {
        self.at(row)?;
        self.measure_number(col, result);
        if self.measure_only {
            return Ok(());
        }
        let formula: Formula = super::xlsx_kit::formula(text, result);
        match format {
            Some(format) => self
                .sheet
                .write_formula_with_format(row, col, formula, format)?,
            None => self.sheet.write_formula(row, col, formula)?,
        };
        Ok(())
    }

    /// Makes column `col` wide enough for `value` without writing it: a figure written beside
    /// the table.
    pub fn expect(&mut self, col: u16, value: Decimal) {
        self.measure_number(col, value);
    }

    /// Makes column `col` wide enough for `shown` (a figure as its column shows it), one that
    /// someone else will enter.
    pub fn expect_shown(&mut self, col: u16, shown: &str) {
        if let Some(fit) = self.fits.get_mut(usize::from(col)) {
            fit.widest = fit.widest.max(measure(shown) + PADDING + NUMBER_GAP);
        }
    }

    /// A formula whose inputs someone else will enter (a bid form's): its result is cached as
    /// zero until a spreadsheet recalculates it.
    pub fn formula_pending(
        &mut self,
        row: u32,
        col: u16,
        text: String,
        format: Option<&Format>,
    ) -> Result<(), XlsxError> {
        self.at(row)?;
        let formula = Formula::new(text).set_result("0");
        match format {
            Some(format) => self
                .sheet
                .write_formula_with_format(row, col, formula, format)?,
            None => self.sheet.write_formula(row, col, formula)?,
        };
        Ok(())
    }

    /// An empty cell in `format` (a cell to fill in).
    pub fn blank(&mut self, row: u32, col: u16, format: &Format) -> Result<(), XlsxError> {
        self.at(row)?;
        self.sheet.write_blank(row, col, format)?;
        Ok(())
    }

    /// Sets the last row's height and the columns' widths.
    pub fn finish(mut self) -> Result<(), XlsxError> {
        self.end_row()?;
        for (col, fit) in self.fits.iter().enumerate() {
            self.sheet
                .set_column_width_pixels(col as u16, fit.width())?;
        }
        Ok(())
    }

    /// Moves on to `row`, giving the row left its height: in a streamed sheet a row is written
    /// out when the next one starts.
    fn at(&mut self, row: u32) -> Result<(), XlsxError> {
        if row != self.row {
            self.end_row()?;
            self.row = row;
            self.lines = 1;
        }
        Ok(())
    }

    fn end_row(&mut self) -> Result<(), XlsxError> {
        if self.lines > 1 && !self.measure_only {
            self.sheet
                .set_row_height(self.row, LINE_HEIGHT * f64::from(self.lines))?;
        }
        Ok(())
    }

    fn measure_text(&mut self, col: u16, text: &str, is_bold: bool) {
        let Some(fit) = self.fits.get_mut(usize::from(col)) else {
            return;
        };
        let mut width = match self.widths.get(text) {
            Some(&width) => width,
            None => {
                let width = widest_line(text);
                self.widths.insert(text.into(), width);
                width
            }
        };
        if is_bold {
            width = bold(width);
        }
        if let Some(cap) = fit.wrap_at.filter(|cap| width > *cap) {
            // A measuring pass sets no row heights: the rows written later work theirs out.
            if !self.measure_only {
                self.lines = self.lines.max(lines(text, cap, is_bold));
            }
            width = cap;
        }
        fit.widest = fit.widest.max(width);
    }

    fn measure_number(&mut self, col: u16, value: Decimal) {
        let Some(fit) = self.fits.get_mut(usize::from(col)) else {
            return;
        };
        // Digits are all one width, so the widest figure is the largest or the most negative.
        if fit.high.is_none_or(|high| value > high) {
            fit.high = Some(value);
        }
        if fit.low.is_none_or(|low| value < low) {
            fit.low = Some(value);
        }
    }
}

/// The cells of a table, whoever writes them: [`TableWriter`] into a worksheet (or its measuring
/// pass), `super::xlsx_rows::XmlRows` into a long sheet's XML. A table's rows are written once,
/// for both.
pub trait Cells {
    fn text(&mut self, row: u32, col: u16, text: &str) -> Result<(), XlsxError>;
    fn number(&mut self, row: u32, col: u16, value: Decimal) -> Result<(), XlsxError>;
    /// A formula (written with its leading `=`) and the result the Estimate computed; its text
    /// is formatted only where it is written (a measuring pass needs the result alone).
    fn formula(
        &mut self,
        row: u32,
        col: u16,
        text: std::fmt::Arguments,
        result: Decimal,
    ) -> Result<(), XlsxError>;
}

impl Cells for TableWriter<'_> {
    fn text(&mut self, row: u32, col: u16, text: &str) -> Result<(), XlsxError> {
        TableWriter::text(self, row, col, text)
    }
    fn number(&mut self, row: u32, col: u16, value: Decimal) -> Result<(), XlsxError> {
        TableWriter::number(self, row, col, value)
    }
    fn formula(
        &mut self,
        row: u32,
        col: u16,
        text: std::fmt::Arguments,
        result: Decimal,
    ) -> Result<(), XlsxError> {
        if self.measure_only {
            self.at(row)?;
            self.measure_number(col, result);
            return Ok(());
        }
        TableWriter::formula(self, row, col, text.to_string(), result, None)
    }
}

impl Fit {
    fn width(&self) -> u32 {
        let numbers = [self.high, self.low]
            .into_iter()
            .flatten()
            .map(|value| measure(&shown(self.shown, value)) + PADDING + NUMBER_GAP)
            .max()
            .unwrap_or(0);
        self.widest.max(numbers).max(self.title).max(MIN_WIDTH)
    }
}

/// A value as its column shows it.
fn shown(shown: Shown, value: Decimal) -> String {
    match shown {
        Shown::Money => format_dollars(value),
        Shown::Hours => format_dollars(value).replacen('$', "", 1),
        Shown::Number | Shown::Text => group_thousands(&format_qty(value)),
    }
}

/// The width of `text` on one line, in pixels, with the slack for a substitute font.
pub fn measure(text: &str) -> u32 {
    calibri_px(text) * SLACK_PERCENT / 100
}

fn bold(width: u32) -> u32 {
    width * BOLD_PERCENT / 100
}

/// The width of `text`'s widest line in a cell, in pixels (padding and slack included).
fn widest_line(text: &str) -> u32 {
    text.lines()
        .map(|line| measure(line) + PADDING)
        .max()
        .unwrap_or(0)
}

/// The lines `text` (not bold) takes in a column that wraps at `cap` pixels: 1 when it fits.
pub fn wrapped_lines(text: &str, cap: u32) -> u32 {
    if widest_line(text) > cap {
        lines(text, cap, false)
    } else {
        1
    }
}

/// The lines `text` takes in a cell `width` pixels wide, wrapped between words.
pub fn lines(text: &str, width: u32, is_bold: bool) -> u32 {
    let room = width.saturating_sub(PADDING).max(1);
    let space = measure(" ").max(3);
    let mut count = 0;
    for paragraph in text.lines() {
        count += 1;
        let mut used = 0;
        for word in paragraph.split_whitespace() {
            let mut w = measure(word);
            if is_bold {
                w = bold(w);
            }
            if used > 0 && used + space + w <= room {
                used += space + w;
                continue;
            }
            if used > 0 {
                count += 1;
            }
            // A word wider than the cell is broken across lines.
            used = w;
            while used > room {
                count += 1;
                used -= room;
            }
        }
    }
    count.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_wraps_into_lines_between_words() {
        assert_eq!(lines("short", 400, false), 1);
        let long = "word ".repeat(60);
        let one_line = measure(long.trim()) + PADDING;
        let n = lines(long.trim(), 300, false);
        assert!(n >= one_line / 300 && n <= one_line / 300 + 2, "{n}");
        assert_eq!(lines("a\nb", 400, false), 2);
    }

    #[test]
    fn money_is_measured_as_shown() {
        assert_eq!(
            shown(Shown::Money, Decimal::new(-10435220, 2)),
            "-$104,352.20"
        );
        assert_eq!(shown(Shown::Hours, Decimal::new(24650, 2)), "246.50");
        assert_eq!(shown(Shown::Number, Decimal::new(14100, 2)), "141");
        assert!(measure("$104,352.20") > measure("$4,352.20"));
    }
}
