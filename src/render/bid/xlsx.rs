//! `bid-packages/<trade>.xlsx`: the bid form a vendor fills in. Quantities are filled and locked;
//! unit prices and the bidder's details are the only cells a vendor can edit; extended amounts and
//! the bid total are formulas (cached as zero until prices are entered).

use crate::bid::BidPackage;
use crate::bid::form::{HEADER_ROW, PRICE_COL, QTY_COL, SHEET};
use crate::error::Error;
use crate::estimate::{Detail, Estimate};
use crate::render::xlsx_kit::Formats;
use crate::render::xlsx_table::{Column, Shown, TableWriter};
use rust_xlsxwriter::{Worksheet, XlsxError};

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

    let columns = [
        Column::shown("Item", Shown::Number, &f.plain),
        Column::text("Part"),
        Column::wrapped("Description", 60),
        Column::text("Unit"),
        Column::text("Discipline"),
        Column::shown("Qty", Shown::Number, &f.number),
        Column::shown("Unit Price", Shown::Money, &f.plain),
        Column::shown("Extended", Shown::Money, &f.money),
    ];
    let mut t = TableWriter::new(sheet, HEADER_ROW, &columns, &f.header, false)?;
    let first = HEADER_ROW + 1;
    // Room for the figures a bidder enters: unit prices to $99,999.99, totals to $99,999,999.99.
    t.expect_shown(PRICE_COL, "$99,999.99");
    t.expect_shown(7, "$99,999,999.99");
    for (i, item) in package.items.iter().enumerate() {
        let r = first + i as u32;
        let excel = r + 1;
        t.number(r, 0, (i + 1).into())?;
        t.text(r, 1, &item.part)?;
        t.text(r, 2, &item.description)?;
        t.text(r, 3, &item.unit)?;
        t.text(r, 4, &item.discipline)?;
        t.number(r, QTY_COL, item.qty)?;
        t.blank(r, PRICE_COL, price)?;
        t.formula_pending(r, 7, format!("=ROUND(F{excel}*G{excel},2)"), None)?;
    }
    let last = first + package.items.len() as u32 - 1;
    let total_row = last + 1;
    t.text_with(total_row, 1, "Bid total", &f.bold, true)?;
    t.formula_pending(
        total_row,
        7,
        format!("=SUM(H{}:H{})", first + 1, last + 1),
        Some(&f.money_bold),
    )?;
    t.finish()?;

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
    let columns = [
        Column::text("Location"),
        Column::text("Room / IDF"),
        Column::text("Part"),
        Column::wrapped("Description", 75),
        Column::shown("Qty", Shown::Number, &f.number),
    ];
    let mut t = TableWriter::new(sheet, 0, &columns, &f.header, false)?;
    for (i, placed) in package.locations.iter().enumerate() {
        let r = i as u32 + 1;
        t.text(r, 0, placed.location.label())?;
        t.text(r, 1, &placed.place)?;
        t.text(r, 2, &placed.part)?;
        t.text(r, 3, &placed.description)?;
        t.number(r, 4, placed.qty)?;
    }
    t.finish()?;
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_repeat_rows(0, 0)?;
    sheet.set_print_fit_to_pages(1, 0);
    sheet.protect();
    Ok(())
}
