//! `bid-packages/<trade>.xlsx`: the bid form a vendor fills in. Quantities are filled and locked;
//! unit prices and the bidder's details are the only cells a vendor can edit; extended amounts and
//! the bid total are formulas (cached as zero until prices are entered).

use crate::bid::BidPackage;
use crate::bid::form::{HEADER_ROW, PRICE_COL, QTY_COL, SHEET};
use crate::error::Error;
use crate::estimate::{Detail, Estimate};
use crate::render::xlsx_kit::{Formats, headers, num, widths};
use rust_xlsxwriter::{Formula, Worksheet, XlsxError};

pub fn render(estimate: &Estimate, package: &BidPackage) -> Result<Vec<u8>, Error> {
    let f = Formats::new();
    let mut workbook = crate::render::xlsx_kit::workbook(&format!("Bid form: {}", package.trade))?;
    form_sheet(workbook.add_worksheet(), estimate, package, &f)?;
    locations_sheet(workbook.add_worksheet(), package, &f)?;
    Ok(workbook.save_to_buffer()?)
}

fn form_sheet(
    sheet: &mut Worksheet,
    estimate: &Estimate,
    package: &BidPackage,
    f: &Formats,
) -> Result<(), XlsxError> {
    let price = f
        .input
        .clone()
        .set_num_format(crate::render::xlsx_kit::MONEY);
    sheet.set_name(SHEET)?;
    widths(sheet, &[6, 16, 62, 8, 20, 10, 14, 16])?;
    let title = format!(
        "{} \u{2014} Bid Form: {}",
        estimate.project_name(),
        package.trade
    );
    sheet.write_string_with_format(0, 0, title, &f.title)?;
    let mut row = 1;
    // Every label is written, with a blank value where the project gives none, so the form's
    // layout is the same for every project.
    let details = estimate.details(&[
        Detail::Facility,
        Detail::Number,
        Detail::Revision,
        Detail::RoomList,
    ]);
    for detail in [
        Detail::Facility,
        Detail::Number,
        Detail::Revision,
        Detail::RoomList,
    ] {
        let value = details
            .iter()
            .find(|d| d.detail == detail)
            .map(|d| d.value.as_str());
        sheet.write_string_with_format(row, 1, detail.label(), &f.bold)?;
        sheet.write_string(row, 2, value.unwrap_or_default())?;
        row += 1;
    }
    for label in ["Bidder (company)", "Contact", "Date"] {
        sheet.write_string_with_format(row, 1, label, &f.bold)?;
        sheet.write_blank(row, 2, &f.input)?;
        row += 1;
    }
    instructions_and_items(sheet, package, f, &price, row)
}

fn instructions_and_items(
    sheet: &mut Worksheet,
    package: &BidPackage,
    f: &Formats,
    price: &rust_xlsxwriter::Format,
    row: u32,
) -> Result<(), XlsxError> {
    sheet.merge_range(
        row,
        1,
        row,
        7,
        "Enter a unit price (material and labor, installed) for every line; the yellow cells are the only ones that can be edited.",
        &f.wrap,
    )?;
    debug_assert!(row < HEADER_ROW);

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
    headers(sheet, HEADER_ROW, &titles, &f.header)?;
    let first = HEADER_ROW + 1;
    for (i, item) in package.items.iter().enumerate() {
        let r = first + i as u32;
        let excel = r + 1;
        sheet.write_number(r, 0, (i + 1) as f64)?;
        sheet.write_string(r, 1, &*item.part)?;
        sheet.write_string(r, 2, &*item.description)?;
        sheet.write_string(r, 3, &*item.unit)?;
        sheet.write_string(r, 4, &*item.discipline)?;
        sheet.write_number_with_format(r, QTY_COL, num(item.qty), &f.number)?;
        sheet.write_blank(r, PRICE_COL, price)?;
        sheet.write_formula_with_format(
            r,
            7,
            Formula::new(format!("=ROUND(F{excel}*G{excel},2)")).set_result("0"),
            &f.money,
        )?;
    }
    let last = first + package.items.len() as u32 - 1;
    let total_row = last + 1;
    sheet.write_string_with_format(total_row, 1, "Bid total", &f.bold)?;
    sheet.write_formula_with_format(
        total_row,
        7,
        Formula::new(format!("=SUM(H{}:H{})", first + 1, last + 1)).set_result("0"),
        &f.money_bold,
    )?;

    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    sheet.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.protect();
    Ok(())
}

fn locations_sheet(
    sheet: &mut Worksheet,
    package: &BidPackage,
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name("Quantities by Location")?;
    widths(sheet, &[14, 14, 16, 50, 8])?;
    headers(
        sheet,
        0,
        &["Location", "Room / IDF", "Part", "Description", "Qty"],
        &f.header,
    )?;
    for (i, placed) in package.locations.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, placed.location.label())?;
        sheet.write_string(r, 1, &*placed.place)?;
        sheet.write_string(r, 2, &*placed.part)?;
        sheet.write_string(r, 3, &*placed.description)?;
        sheet.write_number_with_format(r, 4, num(placed.qty), &f.number)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_repeat_rows(0, 0)?;
    sheet.set_print_fit_to_pages(1, 0);
    sheet.protect();
    Ok(())
}
