//! `bid-packages/<trade>.docx`: the trade's scope, its logistics and terms, the clauses that bind
//! it, and the bid form to price.

use crate::bid::BidPackage;
use crate::error::Error;
use crate::estimate::{Detail, Estimate};
use crate::money::{format_qty, group_thousands};
use crate::render::Templates;
use crate::render::docx::kit::{
    base_document, bold_cell, cell, detail_rows, header_row, marker_row, sized_header_row,
    small_cell, spliced_table, table, widths,
};
use crate::render::docx::markup::add_markup;
use crate::render::docx::rows::{self, Cell, Splice};
use crate::render::docx::{clean, pack_with_splices};

/// The table of quantities per telecom room, as the template names it.
const LOCATIONS: &str = "bid_locations";
use crate::render::narrative::{bid_context, parse_markup};
use docx_rs::{Paragraph, Run, Table, TableRow};

pub fn render(
    estimate: &Estimate,
    package: &BidPackage,
    templates: &Templates,
    workbook: &str,
) -> Result<Vec<u8>, Error> {
    let markup = templates.render("bid-package.hbs", &bid_context(estimate, package, workbook))?;
    let project_name = clean(&estimate.project_name());
    let title = format!("Bid Package: {}", package.trade);
    let doc = base_document(&project_name, &title, estimate.project.revision.as_deref())
        .add_paragraph(
            Paragraph::new()
                .style("Title")
                .add_run(Run::new().add_text(clean(&title))),
        )
        .add_paragraph(
            Paragraph::new()
                .style("Subtitle")
                .add_run(Run::new().add_text(&project_name)),
        );
    let doc = add_markup(doc, parse_markup(&markup), "bid-package.hbs", |name| {
        bid_table(name, estimate, package, workbook)
    })?;
    pack_with_splices(doc, &[Splice::rows(LOCATIONS, location_rows_xml(package))])
}

fn bid_table(
    name: &str,
    estimate: &Estimate,
    package: &BidPackage,
    workbook: &str,
) -> Option<Table> {
    let (rows, w) = match name {
        "bid_project" => project_rows(estimate, package, workbook),
        "bid_form" => form_rows(package),
        "bid_locations" => location_rows(package),
        "bidder" => bidder_rows(),
        "bid_schedule" => terms_rows(&schedule_terms(package)),
        "bid_terms" => terms_rows(&other_terms(package)),
        "bid_alternates" => extra_rows(&package.alternates, "ALT", false),
        "bid_unit_prices" => extra_rows(&package.unit_prices, "UP", true),
        "bid_addenda" => addenda_rows(&package.terms.addenda),
        _ => return None,
    };
    if name == LOCATIONS {
        return Some(spliced_table(rows, &w));
    }
    Some(table(rows, &w))
}

fn project_rows(
    estimate: &Estimate,
    package: &BidPackage,
    workbook: &str,
) -> (Vec<TableRow>, Vec<usize>) {
    let w = widths(&[3, 7]);
    let pair =
        |label: &str, value: &str| TableRow::new(vec![bold_cell(label, w[0]), cell(value, w[1])]);
    let mut rows = vec![pair("Project", &estimate.project_name())];
    rows.extend(detail_rows(
        &estimate.details(&[Detail::Facility, Detail::Number, Detail::Revision]),
        &w,
    ));
    rows.push(pair("Bid package", &package.trade));
    rows.push(pair("Bids due", &term(&package.terms.due)));
    rows.push(pair("Bid form workbook", workbook));
    rows.push(pair("Room list", &estimate.file));
    if let Some(issuer) = estimate.details(&[Detail::PreparedBy]).first() {
        rows.push(pair("Issued by", &issuer.value));
    }
    (rows, w)
}

fn form_rows(package: &BidPackage) -> (Vec<TableRow>, Vec<usize>) {
    let w = widths(&[5, 10, 20, 18, 5, 6, 8, 9]);
    let mut rows = vec![sized_header_row(&crate::bid::form::COLUMNS, &w, 16)];
    for (i, item) in package.items.iter().enumerate() {
        let basis = item
            .basis
            .as_ref()
            .map(|b| b.describe())
            .unwrap_or_default();
        rows.push(TableRow::new(vec![
            small_cell((i + 1).to_string(), w[0], false),
            small_cell(&item.part, w[1], false),
            small_cell(&item.description, w[2], false),
            small_cell(basis, w[3], false),
            small_cell(&item.unit, w[4], false),
            small_cell(group_thousands(&format_qty(item.qty)), w[5], true),
            small_cell("", w[6], false),
            small_cell("", w[7], false),
        ]));
    }
    let mut total = vec![cell("", w[0]), bold_cell("Bid total", w[1])];
    total.extend(w[2..].iter().map(|width| cell("", *width)));
    rows.push(TableRow::new(total));
    (rows, w)
}

/// Where a term is not given: the bidder is told it will come by addendum, not left guessing.
const BY_ADDENDUM: &str = "To be issued by addendum";

fn term(value: &Option<String>) -> String {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .unwrap_or(BY_ADDENDUM)
        .to_string()
}

fn schedule_terms(package: &BidPackage) -> Vec<(&'static str, String)> {
    let t = &package.terms;
    vec![
        ("Bids due", term(&t.due)),
        ("Submit bids to", term(&t.contact)),
        ("How to submit", term(&t.submission)),
        ("Questions (RFIs) in writing by", term(&t.rfi_deadline)),
        ("Pre-bid walk-through", term(&t.walkthrough)),
        ("Work window", term(&t.work_window)),
    ]
}

fn other_terms(package: &BidPackage) -> Vec<(&'static str, String)> {
    let t = &package.terms;
    vec![
        ("Insurance", term(&t.insurance)),
        ("Bonding", term(&t.bonding)),
        ("Warranty", term(&t.warranty)),
    ]
}

fn terms_rows(terms: &[(&str, String)]) -> (Vec<TableRow>, Vec<usize>) {
    let w = widths(&[3, 7]);
    let rows = terms
        .iter()
        .map(|(label, value)| TableRow::new(vec![bold_cell(label, w[0]), cell(value, w[1])]))
        .collect();
    (rows, w)
}

fn extra_rows(
    items: &[crate::bid_terms::TradeItem],
    prefix: &str,
    per_unit: bool,
) -> (Vec<TableRow>, Vec<usize>) {
    let w = widths(&[3, 13, 3, 4, 4]);
    let (add, deduct) = if per_unit {
        ("Add per unit", "Deduct per unit")
    } else {
        ("Add", "Deduct")
    };
    let mut rows = vec![header_row(
        &["Item", "Description", "Unit", add, deduct],
        &w,
    )];
    for (i, item) in items.iter().enumerate() {
        rows.push(TableRow::new(vec![
            cell(format!("{prefix}-{}", i + 1), w[0]),
            cell(&item.description, w[1]),
            cell(item.unit.as_deref().unwrap_or_default(), w[2]),
            cell("", w[3]),
            cell("", w[4]),
        ]));
    }
    (rows, w)
}

fn addenda_rows(addenda: &[String]) -> (Vec<TableRow>, Vec<usize>) {
    let w = widths(&[7, 3]);
    let mut rows = vec![header_row(&["Addendum", "Received (initials)"], &w)];
    for addendum in addenda {
        rows.push(TableRow::new(vec![cell(addendum, w[0]), cell("", w[1])]).row_height(400.0));
    }
    (rows, w)
}

/// Quantities summed per telecom room (the rooms it serves, and its own equipment): a vendor
/// plans by closet, and a campus has too many rooms for one Word table. Every room's own
/// quantities are in the workbook's Quantities by Location sheet.
fn location_rows(_package: &BidPackage) -> (Vec<TableRow>, Vec<usize>) {
    let w = location_widths();
    let header = sized_header_row(&["Telecom room", "Part", "Description", "Qty"], &w, 16);
    (vec![header, marker_row(LOCATIONS, &w)], w)
}

fn location_widths() -> Vec<usize> {
    widths(&[12, 12, 34, 7])
}

/// The table's rows, written as WordprocessingML in place of its marker row: a campus has
/// thousands of them, each a costly docx-rs object otherwise.
fn location_rows_xml(package: &BidPackage) -> String {
    let w = location_widths();
    let mut xml = String::with_capacity(package.by_telecom_room.len() * 900);
    for placed in &package.by_telecom_room {
        let qty = group_thousands(&format_qty(placed.qty));
        let cell = |text, i: usize, right| Cell {
            text,
            width: w[i],
            right,
        };
        rows::push_row(
            &mut xml,
            &[
                cell(&placed.place, 0, false),
                cell(&placed.part, 1, false),
                cell(&placed.description, 2, false),
                cell(&qty, 3, true),
            ],
        );
    }
    xml
}

fn bidder_rows() -> (Vec<TableRow>, Vec<usize>) {
    let w = widths(&[4, 6]);
    let rows = [
        "Bidder (company)",
        "Authorized signatory",
        "Signature",
        "Date",
        "Bid total (from the workbook)",
    ]
    .into_iter()
    .map(|label| TableRow::new(vec![bold_cell(label, w[0]), cell("", w[1])]).row_height(480.0))
    .collect();
    (rows, w)
}
