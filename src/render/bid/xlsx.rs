//! `bid-packages/<trade>.xlsx`: the bid form a vendor fills in. Quantities are filled and locked;
//! unit prices (numbers of zero or more, by data validation) and the bidder's details are the only
//! cells a vendor can edit; extended amounts and the bid total are formulas (cached as zero until
//! prices are entered). A very hidden, protected sheet carries the form's identity, which
//! `sowgen level` checks when the form comes back.

use crate::bid::BidPackage;
use crate::bid::form::{
    BIDDER_ROW, BIDDER_ROWS, COLUMNS, FIRST_LABEL_ROW, HEADER_LABELS, HEADER_ROW, ID_DIGEST_ROW,
    ID_LINES_ROW, ID_PROJECT_ROW, ID_REVISION_ROW, ID_TRADE_ROW, IDENTITY_SHEET, IDENTITY_VERSION,
    INSTRUCTIONS_ROW, LABEL_COL, PRICE_COL, QTY_COL, SHEET, VALUE_COL,
};
use crate::bid_terms::TradeItem;
use crate::error::Error;
use crate::estimate::{Detail, Estimate};
use crate::render::xlsx_kit::{Formats, headers, num, widths};
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, Formula, Worksheet, XlsxError,
};

pub fn render(estimate: &Estimate, package: &BidPackage) -> Result<Vec<u8>, Error> {
    let f = Formats::new();
    let mut workbook = crate::render::xlsx_kit::workbook(&format!("Bid form: {}", package.trade))?;
    form_sheet(workbook.add_worksheet(), estimate, package, &f)?;
    locations_sheet(workbook.add_worksheet(), package, &f)?;
    identity_sheet(workbook.add_worksheet(), package)?;
    Ok(workbook.save_to_buffer()?)
}

fn protect(sheet: &mut Worksheet, package: &BidPackage) {
    match package
        .terms
        .form_password
        .as_deref()
        .filter(|p| !p.is_empty())
    {
        Some(password) => sheet.protect_with_password(password),
        None => sheet.protect(),
    };
}

fn form_sheet(
    sheet: &mut Worksheet,
    estimate: &Estimate,
    package: &BidPackage,
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(SHEET)?;
    widths(sheet, &[7, 16, 50, 40, 7, 10, 14, 16])?;
    let title = format!(
        "{} \u{2014} Bid Form: {}",
        estimate.project_name(),
        package.trade
    );
    sheet.write_string_with_format(0, 0, title, &f.title)?;
    // Every label is written, with a blank value where the project gives none, so the form's
    // layout is the same for every project (the reader finds the bidder's company by position).
    for (i, (label, value)) in HEADER_LABELS
        .iter()
        .zip(header_values(estimate, package))
        .enumerate()
    {
        let row = FIRST_LABEL_ROW + i as u32;
        sheet.write_string_with_format(row, LABEL_COL, *label, &f.bold)?;
        if BIDDER_ROWS.contains(&row) {
            sheet.write_blank(row, VALUE_COL, &f.input)?;
        } else {
            sheet.write_string(row, VALUE_COL, value)?;
        }
    }
    debug_assert_eq!(*BIDDER_ROWS.start(), BIDDER_ROW);
    sheet.merge_range(
        INSTRUCTIONS_ROW,
        LABEL_COL,
        INSTRUCTIONS_ROW,
        7,
        &instructions(package),
        &f.wrap,
    )?;
    sheet.set_row_height(INSTRUCTIONS_ROW, 48)?;
    let after = items(sheet, package, f)?;
    let after = extras(sheet, after + 2, "Alternates", &package.alternates, f)?;
    extras(sheet, after + 1, "Unit prices", &package.unit_prices, f)?;
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    sheet.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    protect(sheet, package);
    Ok(())
}

/// The header block's values, in [`HEADER_LABELS`] order (blank for the bidder's rows).
fn header_values(estimate: &Estimate, package: &BidPackage) -> Vec<String> {
    let details = estimate.details(&[
        Detail::Facility,
        Detail::Number,
        Detail::Revision,
        Detail::RoomList,
    ]);
    let detail = |d: Detail| {
        details
            .iter()
            .find(|row| row.detail == d)
            .map(|row| row.value.clone())
            .unwrap_or_default()
    };
    let t = &package.terms;
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let mut values = vec![
        estimate.project_name(),
        detail(Detail::Facility),
        detail(Detail::Number),
        detail(Detail::Revision),
        detail(Detail::RoomList),
        text(&t.due),
        text(&t.contact),
        text(&t.submission),
        text(&t.rfi_deadline),
        text(&t.walkthrough),
    ];
    values.resize(HEADER_LABELS.len(), String::new());
    values
}

fn instructions(package: &BidPackage) -> String {
    let mut text = String::from(
        "Enter a unit price (material and labor, installed) for every line; the yellow cells are \
         the only ones that can be edited, and a price must be a number of zero or more. A line \
         left blank is a line not bid.",
    );
    if !package.terms.addenda.is_empty() {
        text.push_str(&format!(
            " Acknowledge each addendum above: {}.",
            package.terms.addenda.join("; ")
        ));
    }
    text.push_str(
        " Terms, insurance, bonding, warranty and the documents the bid is based on are in the \
         bid package document.",
    );
    text
}

/// The priced lines and the bid total; returns the total's row.
fn items(sheet: &mut Worksheet, package: &BidPackage, f: &Formats) -> Result<u32, XlsxError> {
    let price = f
        .input
        .clone()
        .set_num_format(crate::render::xlsx_kit::MONEY);
    headers(sheet, HEADER_ROW, &COLUMNS, &f.header)?;
    let first = HEADER_ROW + 1;
    for (i, item) in package.items.iter().enumerate() {
        let r = first + i as u32;
        let excel = r + 1;
        let basis = item
            .basis
            .as_ref()
            .map(|b| b.describe())
            .unwrap_or_default();
        sheet.write_number(r, 0, (i + 1) as f64)?;
        sheet.write_string(r, 1, &*item.part)?;
        sheet.write_string(r, 2, &*item.description)?;
        sheet.write_string(r, 3, basis)?;
        sheet.write_string(r, 4, &*item.unit)?;
        sheet.write_number_with_format(r, QTY_COL, num(item.qty), &f.number)?;
        sheet.write_blank(r, PRICE_COL, &price)?;
        sheet.write_formula_with_format(
            r,
            7,
            Formula::new(format!("=ROUND(F{excel}*G{excel},2)")).set_result("0"),
            &f.money,
        )?;
    }
    let last = first + package.items.len().max(1) as u32 - 1;
    non_negative(sheet, first, PRICE_COL, last, PRICE_COL)?;
    let total_row = last + 1;
    sheet.write_string_with_format(total_row, 1, "Bid total", &f.bold)?;
    sheet.write_formula_with_format(
        total_row,
        7,
        Formula::new(format!("=SUM(H{}:H{})", first + 1, last + 1)).set_result("0"),
        &f.money_bold,
    )?;
    Ok(total_row)
}

/// Alternates or unit prices, priced apart from the base bid: an add and a deduct for each.
/// Returns the block's last row (or `row - 1` when there is none).
fn extras(
    sheet: &mut Worksheet,
    row: u32,
    title: &str,
    items: &[TradeItem],
    f: &Formats,
) -> Result<u32, XlsxError> {
    if items.is_empty() {
        return Ok(row.saturating_sub(1));
    }
    let price = f
        .input
        .clone()
        .set_num_format(crate::render::xlsx_kit::MONEY);
    let per_unit = title == "Unit prices";
    let (add, deduct) = if per_unit {
        ("Add per unit", "Deduct per unit")
    } else {
        ("Add", "Deduct")
    };
    let heads = [title, "", "Description", "", "Unit", "", add, deduct];
    headers(sheet, row, &heads, &f.header)?;
    let prefix = if per_unit { "UP" } else { "ALT" };
    for (i, item) in items.iter().enumerate() {
        let r = row + 1 + i as u32;
        sheet.write_string(r, 0, format!("{prefix}-{}", i + 1))?;
        sheet.write_string_with_format(r, 2, &item.description, &f.wrap)?;
        sheet.write_string(r, 4, item.unit.as_deref().unwrap_or_default())?;
        sheet.write_blank(r, 6, &price)?;
        sheet.write_blank(r, 7, &price)?;
    }
    let last = row + items.len() as u32;
    non_negative(sheet, row + 1, 6, last, 7)?;
    Ok(last)
}

/// Prices: numbers of zero or more (a deduct is entered as a positive amount in its column).
fn non_negative(
    sheet: &mut Worksheet,
    first_row: u32,
    first_col: u16,
    last_row: u32,
    last_col: u16,
) -> Result<(), XlsxError> {
    let rule = DataValidation::new()
        .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
        .set_error_style(DataValidationErrorStyle::Stop)
        .set_error_title("Price")?
        .set_error_message("Enter a price as a number of zero or more, without text.")?
        .set_input_title("Unit price")?
        .set_input_message("Material and labor, installed; a number of zero or more.")?;
    sheet.add_data_validation(first_row, first_col, last_row, last_col, &rule)?;
    Ok(())
}

/// The form's identity, where a vendor neither sees nor edits it: a very hidden, protected sheet.
fn identity_sheet(sheet: &mut Worksheet, package: &BidPackage) -> Result<(), XlsxError> {
    let id = &package.identity;
    sheet.set_name(IDENTITY_SHEET)?;
    sheet.write_string(0, 0, IDENTITY_VERSION)?;
    sheet.write_string(
        0,
        1,
        "Checked by sowgen level when the form is returned; a changed line or quantity is refused.",
    )?;
    let rows: [(u32, &str, &str); 4] = [
        (ID_PROJECT_ROW, "Project", &id.project),
        (ID_TRADE_ROW, "Trade", &id.trade),
        (ID_REVISION_ROW, "Revision", &id.revision),
        (ID_DIGEST_ROW, "Lines digest (SHA-256)", &id.digest),
    ];
    for (row, label, value) in rows {
        sheet.write_string(row, 0, label)?;
        sheet.write_string(row, 1, value)?;
    }
    sheet.write_string(ID_LINES_ROW, 0, "Lines")?;
    sheet.write_number(ID_LINES_ROW, 1, id.lines as f64)?;
    sheet.set_column_width(0, 24)?;
    sheet.set_column_width(1, 70)?;
    sheet.set_very_hidden(true);
    protect(sheet, package);
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
    protect(sheet, package);
    Ok(())
}
