//! `bid-packages/<trade>.docx`: the trade's scope, the shared clauses, and the bid form to price.

use crate::bid::BidPackage;
use crate::error::Error;
use crate::estimate::{Detail, Estimate};
use crate::money::{format_qty, group_thousands};
use crate::render::Templates;
use crate::render::docx::kit::{
    base_document, bold_cell, cell, detail_rows, header_row, number_cell, sized_header_row,
    small_cell, table, widths,
};
use crate::render::docx::markup::add_markup;
use crate::render::docx::{clean, pack};
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
    pack(doc)
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
        _ => return None,
    };
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
    rows.push(pair("Bid form workbook", workbook));
    rows.push(pair("Room list", &estimate.file));
    if let Some(issuer) = estimate.details(&[Detail::PreparedBy]).first() {
        rows.push(pair("Issued by", &issuer.value));
    }
    (rows, w)
}

fn form_rows(package: &BidPackage) -> (Vec<TableRow>, Vec<usize>) {
    let w = widths(&[6, 12, 29, 5, 7, 9, 10]);
    let mut rows = vec![header_row(
        &[
            "Item",
            "Part",
            "Description",
            "Unit",
            "Qty",
            "Unit price",
            "Extended",
        ],
        &w,
    )];
    for (i, item) in package.items.iter().enumerate() {
        rows.push(TableRow::new(vec![
            cell((i + 1).to_string(), w[0]),
            cell(&item.part, w[1]),
            cell(&item.description, w[2]),
            cell(&item.unit, w[3]),
            number_cell(group_thousands(&format_qty(item.qty)), w[4]),
            cell("", w[5]),
            cell("", w[6]),
        ]));
    }
    rows.push(TableRow::new(vec![
        cell("", w[0]),
        bold_cell("Bid total", w[1]),
        cell("", w[2]),
        cell("", w[3]),
        cell("", w[4]),
        cell("", w[5]),
        cell("", w[6]),
    ]));
    (rows, w)
}

/// Quantities summed per telecom room (the rooms it serves, and its own equipment): a vendor
/// plans by closet, and a campus has too many rooms for one Word table. Every room's own
/// quantities are in the workbook's Quantities by Location sheet.
fn location_rows(package: &BidPackage) -> (Vec<TableRow>, Vec<usize>) {
    let w = widths(&[12, 12, 34, 7]);
    let mut rows = vec![sized_header_row(
        &["Telecom room", "Part", "Description", "Qty"],
        &w,
        16,
    )];
    for placed in &package.by_telecom_room {
        rows.push(TableRow::new(vec![
            small_cell(&placed.place, w[0], false),
            small_cell(&placed.part, w[1], false),
            small_cell(&placed.description, w[2], false),
            small_cell(group_thousands(&format_qty(placed.qty)), w[3], true),
        ]));
    }
    (rows, w)
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
