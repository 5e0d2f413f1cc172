//! `bid-packages/<trade>.xlsx`: the bid form a vendor fills in. Quantities are filled and locked;
//! unit prices and the bidder's details are the only cells a vendor can edit; extended amounts and
//! the bid total are formulas (cached as zero until prices are entered).

use super::RenderError;
use super::bid::Trade;
use crate::estimate::Estimate;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet,
    XlsxError,
};

pub const FORM_SHEET: &str = "Bid Form";
/// The bid form's table header row (0-based) and its columns.
pub const FORM_HEADER_ROW: u32 = 10;
pub const QTY_COL: u16 = 5;
const PRICE_COL: u16 = 6;

pub fn render(estimate: &Estimate, trade: &Trade) -> Result<Vec<u8>, RenderError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("Bid form: {}", trade.name))
            .set_creation_datetime(&ExcelDateTime::from_ymd(2026, 1, 1)?),
    );
    form_sheet(workbook.add_worksheet(), estimate, trade)?;
    locations_sheet(workbook.add_worksheet(), trade)?;
    Ok(workbook.save_to_buffer()?)
}

fn form_sheet(sheet: &mut Worksheet, estimate: &Estimate, trade: &Trade) -> Result<(), XlsxError> {
    let header = Format::new()
        .set_bold()
        .set_font_color("FFFFFF")
        .set_background_color("1F3864")
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    let input = Format::new()
        .set_unlocked()
        .set_background_color("FFF2CC")
        .set_border(FormatBorder::Thin);
    let price = input.clone().set_num_format("$#,##0.00");
    let money = Format::new().set_num_format("$#,##0.00");
    let total = money.clone().set_bold().set_border_top(FormatBorder::Thin);
    let qty = Format::new().set_num_format("#,##0.##");
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);

    sheet.set_name(FORM_SHEET)?;
    for (col, width) in [6, 16, 62, 8, 20, 10, 14, 16].into_iter().enumerate() {
        sheet.set_column_width(col as u16, width)?;
    }
    let p = &estimate.project;
    sheet.write_string_with_format(
        0,
        0,
        format!(
            "{} \u{2014} Bid Form: {}",
            super::project_name(estimate),
            trade.name
        ),
        &title,
    )?;
    let mut row = 1;
    for (label, value) in [
        ("Facility", p.facility.clone()),
        ("Project number", p.number.clone()),
        ("Revision", p.revision.clone()),
        ("Room list", Some(estimate.file.clone())),
    ] {
        sheet.write_string_with_format(row, 1, label, &bold)?;
        sheet.write_string(row, 2, value.unwrap_or_default())?;
        row += 1;
    }
    for label in ["Bidder (company)", "Contact", "Date"] {
        sheet.write_string_with_format(row, 1, label, &bold)?;
        sheet.write_blank(row, 2, &input)?;
        row += 1;
    }
    sheet.merge_range(
        row,
        1,
        row,
        7,
        "Enter a unit price (material and labor, installed) for every line; the yellow cells are the only ones that can be edited.",
        &wrap,
    )?;
    debug_assert!(row < FORM_HEADER_ROW);

    let titles = [
        "Item",
        "Part",
        "Description",
        "Unit",
        "Discipline",
        "Qty",
        "Unit Price",
        "Extended",
    ];
    for (col, t) in titles.iter().enumerate() {
        sheet.write_string_with_format(FORM_HEADER_ROW, col as u16, *t, &header)?;
    }
    let first = FORM_HEADER_ROW + 1;
    for (i, item) in trade.items.iter().enumerate() {
        let r = first + i as u32;
        let excel = r + 1;
        sheet.write_number(r, 0, (i + 1) as f64)?;
        sheet.write_string(r, 1, &*item.part)?;
        sheet.write_string(r, 2, &*item.description)?;
        sheet.write_string(r, 3, &*item.unit)?;
        sheet.write_string(r, 4, &*item.discipline)?;
        sheet.write_number_with_format(r, QTY_COL, item.qty.to_f64().unwrap_or(0.0), &qty)?;
        sheet.write_blank(r, PRICE_COL, &price)?;
        sheet.write_formula_with_format(
            r,
            7,
            Formula::new(format!("=ROUND(F{excel}*G{excel},2)")).set_result("0"),
            &money,
        )?;
    }
    let last = first + trade.items.len() as u32 - 1;
    let total_row = last + 1;
    sheet.write_string_with_format(total_row, 1, "Bid total", &bold)?;
    sheet.write_formula_with_format(
        total_row,
        7,
        Formula::new(format!("=SUM(H{}:H{})", first + 1, last + 1)).set_result("0"),
        &total,
    )?;

    sheet.set_freeze_panes(FORM_HEADER_ROW + 1, 0)?;
    sheet.set_repeat_rows(FORM_HEADER_ROW, FORM_HEADER_ROW)?;
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.protect();
    Ok(())
}

fn locations_sheet(sheet: &mut Worksheet, trade: &Trade) -> Result<(), XlsxError> {
    let header = Format::new()
        .set_bold()
        .set_font_color("FFFFFF")
        .set_background_color("1F3864");
    let qty = Format::new().set_num_format("#,##0.##");
    sheet.set_name("Quantities by Location")?;
    for (col, width) in [14, 14, 16, 50, 8].into_iter().enumerate() {
        sheet.set_column_width(col as u16, width)?;
    }
    for (col, t) in ["Location", "Room / IDF", "Part", "Description", "Qty"]
        .iter()
        .enumerate()
    {
        sheet.write_string_with_format(0, col as u16, *t, &header)?;
    }
    for (i, line) in trade.lines.iter().enumerate() {
        let r = i as u32 + 1;
        let location = line.location.label();
        sheet.write_string(r, 0, location)?;
        sheet.write_string(r, 1, &*line.place)?;
        sheet.write_string(r, 2, &*line.part)?;
        sheet.write_string(r, 3, &*line.description)?;
        sheet.write_number_with_format(r, 4, line.qty.to_f64().unwrap_or(0.0), &qty)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_repeat_rows(0, 0)?;
    sheet.set_print_fit_to_pages(1, 0);
    sheet.protect();
    Ok(())
}
