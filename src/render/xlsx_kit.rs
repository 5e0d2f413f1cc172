//! What every workbook of the package shares: its formats, cells that carry formulas with their
//! computed results, table headers and print setup, and a fixed creation date so the same input
//! gives the same bytes.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet,
    XlsxError,
};

pub const MONEY: &str = "$#,##0.00";
pub const HEADER_FILL: &str = "1F3864";

/// The formats the workbooks use.
pub struct Formats {
    pub plain: Format,
    pub header: Format,
    pub money: Format,
    pub money_bold: Format,
    pub number: Format,
    pub hours: Format,
    pub bold: Format,
    pub title: Format,
    pub percent: Format,
    pub wrap: Format,
    /// A cell a bidder fills in: unlocked, shaded and boxed.
    pub input: Format,
}

impl Formats {
    pub fn new() -> Formats {
        let input = Format::new()
            .set_unlocked()
            .set_background_color("FFF2CC")
            .set_border(FormatBorder::Thin);
        Formats {
            plain: Format::new(),
            header: Format::new()
                .set_bold()
                .set_font_color("FFFFFF")
                .set_background_color(HEADER_FILL)
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            money: Format::new().set_num_format(MONEY),
            money_bold: Format::new()
                .set_num_format(MONEY)
                .set_bold()
                .set_border_top(FormatBorder::Thin),
            number: Format::new().set_num_format("#,##0.##"),
            hours: Format::new().set_num_format("#,##0.00"),
            bold: Format::new().set_bold(),
            title: Format::new().set_bold().set_font_size(14),
            percent: Format::new().set_num_format("0.00\"%\""),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            input,
        }
    }
}

/// A workbook titled `title`, created on the package's fixed date.
pub fn workbook(title: &str) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_creation_datetime(&ExcelDateTime::from_ymd(2026, 1, 1)?),
    );
    Ok(workbook)
}

/// A decimal as a spreadsheet number (the exact figure stays in the formula's cached text).
pub fn num(value: Decimal) -> f64 {
    value.to_f64().unwrap_or(0.0)
}

/// A formula with its computed result, written the way Excel writes one.
pub fn formula(text: String, result: Decimal) -> Formula {
    Formula::new(text).set_result(result.normalize().to_string())
}

/// A row of column titles.
pub fn headers(
    sheet: &mut Worksheet,
    row: u32,
    titles: &[&str],
    format: &Format,
) -> Result<(), XlsxError> {
    for (col, title) in titles.iter().enumerate() {
        sheet.write_string_with_format(row, col as u16, *title, format)?;
    }
    Ok(())
}

/// Column widths, in characters, from the first column.
pub fn widths(sheet: &mut Worksheet, widths: &[u16]) -> Result<(), XlsxError> {
    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }
    Ok(())
}

/// A table with its header on the first row: frozen, filtered, repeated on printed pages,
/// printed landscape one page wide.
pub fn table_setup(sheet: &mut Worksheet, last_row: u32, last_col: u16) -> Result<(), XlsxError> {
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last_row.max(1), last_col)?;
    sheet.set_repeat_rows(0, 0)?;
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    Ok(())
}
