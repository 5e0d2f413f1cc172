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
use crate::render::xlsx_kit::Formats;
use crate::render::xlsx_rows::XmlRows;
use crate::render::xlsx_splice::{self, LongSheet};
use crate::render::xlsx_table::{Cells, Column, Shown, TableWriter};
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, Worksheet, XlsxError,
};
use std::io::Write;

/// Quantities by Location is the form's second sheet.
const LOCATIONS_POSITION: usize = 2;

pub fn write(estimate: &Estimate, package: &BidPackage, out: &mut dyn Write) -> Result<(), Error> {
    let f = Formats::new();
    let mut workbook = crate::render::xlsx_kit::workbook(&format!("Bid form: {}", package.trade))?;
    form_sheet(workbook.add_worksheet(), estimate, package, &f)?;
    // A line per part per room: at campus scale the longest sheet of the form, so laid out with
    // its header only and its rows written into the package (see xlsx_splice).
    let wrap_caps = locations_sheet(workbook.add_worksheet(), package, &f)?;
    identity_sheet(workbook.add_worksheet(), package)?;
    let laid_out = workbook.save_to_buffer()?;
    let rows = |cells: &mut XmlRows| location_rows(cells, package);
    let locations = LongSheet {
        position: LOCATIONS_POSITION,
        last_row: package.locations.len() as u32,
        last_col: LOCATIONS_LAST_COL,
        wrap_caps,
        rows: &rows,
    };
    xlsx_splice::write(&laid_out, &[locations], out)
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
    // The lines, alternates and unit prices are one table: its columns fit them all.
    let columns = [
        Column::shown(COLUMNS[0], Shown::Number, &f.plain),
        Column::text(COLUMNS[1]),
        Column::wrapped(COLUMNS[2], 60),
        Column::wrapped(COLUMNS[3], 40),
        Column::text(COLUMNS[4]),
        Column::shown(COLUMNS[5], Shown::Number, &f.number),
        Column::shown(COLUMNS[6], Shown::Money, &f.plain),
        Column::shown(COLUMNS[7], Shown::Money, &f.money),
    ];
    let mut t = TableWriter::new(sheet, HEADER_ROW, &columns, &f.header, false)?;
    // Room for the figures a bidder enters: unit prices to $99,999.99, totals to $99,999,999.99.
    t.expect_shown(PRICE_COL, "$99,999.99");
    t.expect_shown(7, "$99,999,999.99");
    let after = items(&mut t, package, f)?;
    let after = extras(&mut t, after + 2, "Alternates", &package.alternates, f)?;
    extras(&mut t, after + 1, "Unit prices", &package.unit_prices, f)?;
    t.finish()?;
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
fn items(t: &mut TableWriter, package: &BidPackage, f: &Formats) -> Result<u32, XlsxError> {
    let price = f
        .input
        .clone()
        .set_num_format(crate::render::xlsx_kit::MONEY);
    let first = HEADER_ROW + 1;
    for (i, item) in package.items.iter().enumerate() {
        let r = first + i as u32;
        let excel = r + 1;
        let basis = item
            .basis
            .as_ref()
            .map(|b| b.describe())
            .unwrap_or_default();
        t.number(r, 0, (i + 1).into())?;
        t.text(r, 1, &item.part)?;
        t.text(r, 2, &item.description)?;
        t.text(r, 3, &basis)?;
        t.text(r, 4, &item.unit)?;
        t.number(r, QTY_COL, item.qty)?;
        t.blank(r, PRICE_COL, &price)?;
        t.formula_pending(r, 7, format!("=ROUND(F{excel}*G{excel},2)"), None)?;
    }
    let last = first + package.items.len().max(1) as u32 - 1;
    non_negative(t.sheet(), first, PRICE_COL, last, PRICE_COL)?;
    let total_row = last + 1;
    t.text_with(total_row, 1, "Bid total", &f.bold, true)?;
    t.formula_pending(
        total_row,
        7,
        format!("=SUM(H{}:H{})", first + 1, last + 1),
        Some(&f.money_bold),
    )?;
    Ok(total_row)
}

/// Alternates or unit prices, priced apart from the base bid: an add and a deduct for each.
/// Returns the block's last row (or `row - 1` when there is none).
fn extras(
    t: &mut TableWriter,
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
    for (col, head) in heads.iter().enumerate() {
        t.text_with(row, col as u16, head, &f.header, true)?;
    }
    let prefix = if per_unit { "UP" } else { "ALT" };
    for (i, item) in items.iter().enumerate() {
        let r = row + 1 + i as u32;
        t.text(r, 0, &format!("{prefix}-{}", i + 1))?;
        t.text_with(r, 2, &item.description, &f.wrap, false)?;
        t.text(r, 4, item.unit.as_deref().unwrap_or_default())?;
        t.blank(r, 6, &price)?;
        t.blank(r, 7, &price)?;
    }
    let last = row + items.len() as u32;
    non_negative(t.sheet(), row + 1, 6, last, 7)?;
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

const LOCATIONS_LAST_COL: u16 = 4;

/// The header, formats and widths (measured over every row) of Quantities by Location; returns
/// the columns' wrap caps for the rows written later.
fn locations_sheet(
    sheet: &mut Worksheet,
    package: &BidPackage,
    f: &Formats,
) -> Result<Vec<Option<u32>>, XlsxError> {
    sheet.set_name("Quantities by Location")?;
    let columns = [
        Column::text("Location"),
        Column::text("Room / IDF"),
        Column::text("Part"),
        Column::wrapped("Description", 75),
        Column::shown("Qty", Shown::Number, &f.number),
    ];
    let caps = TableWriter::new(sheet, 0, &columns, &f.header, false)?
        .measure(|t| location_rows(t, package))?;
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_repeat_rows(0, 0)?;
    sheet.set_print_fit_to_pages(1, 0);
    protect(sheet, package);
    Ok(caps)
}

fn location_rows(t: &mut impl Cells, package: &BidPackage) -> Result<(), XlsxError> {
    for (i, placed) in package.locations.iter().enumerate() {
        let r = i as u32 + 1;
        t.text(r, 0, placed.location.label())?;
        t.text(r, 1, &placed.place)?;
        t.text(r, 2, &placed.part)?;
        t.text(r, 3, &placed.description)?;
        t.number(r, 4, placed.qty)?;
    }
    Ok(())
}
