//! `bid-packages/<trade>.docx`: the trade's scope, the shared clauses, and the bid form to price.

use super::bid::Trade;
use super::docx_kit::{
    add_markup, base_document, bold_cell, cell, clean, header_row, number_cell, pack,
    sized_header_row, small_cell, table, widths,
};
use super::narrative::{bid_context, parse_markup};
use super::{RenderError, Templates};
use crate::estimate::{Estimate, LineItem, Location};
use crate::money::{format_qty, group_thousands};
use docx_rs::{Paragraph, Run, Table, TableRow};
use rust_decimal::Decimal;
use std::collections::HashMap;

pub fn render(
    estimate: &Estimate,
    trade: &Trade,
    templates: &Templates,
    workbook: &str,
) -> Result<Vec<u8>, RenderError> {
    let markup =
        templates.render_value("bid-package.hbs", &bid_context(estimate, trade, workbook))?;
    let project_name = clean(&super::project_name(estimate));
    let title = format!("Bid Package: {}", trade.name);
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
        bid_table(name, estimate, trade, workbook)
    })?;
    pack(doc)
}

fn bid_table(name: &str, estimate: &Estimate, trade: &Trade, workbook: &str) -> Option<Table> {
    let (rows, w) = match name {
        "bid_project" => project_rows(estimate, trade, workbook),
        "bid_form" => form_rows(trade),
        "bid_locations" => location_rows(estimate, trade),
        "bidder" => bidder_rows(),
        _ => return None,
    };
    Some(table(rows, &w))
}

fn project_rows(estimate: &Estimate, trade: &Trade, workbook: &str) -> (Vec<TableRow>, Vec<usize>) {
    let w = widths(&[3, 7]);
    let p = &estimate.project;
    let pairs: Vec<(&str, String)> = vec![
        ("Project", super::project_name(estimate)),
        ("Facility", p.facility.clone().unwrap_or_default()),
        ("Project number", p.number.clone().unwrap_or_default()),
        ("Revision", p.revision.clone().unwrap_or_default()),
        ("Bid package", trade.name.clone()),
        ("Bid form workbook", workbook.to_string()),
        ("Room list", estimate.file.clone()),
        ("Issued by", p.prepared_by.clone().unwrap_or_default()),
    ];
    let rows = pairs
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| TableRow::new(vec![bold_cell(k, w[0]), cell(v, w[1])]))
        .collect();
    (rows, w)
}

fn form_rows(trade: &Trade) -> (Vec<TableRow>, Vec<usize>) {
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
    for (i, item) in trade.items.iter().enumerate() {
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
fn location_rows(estimate: &Estimate, trade: &Trade) -> (Vec<TableRow>, Vec<usize>) {
    let w = widths(&[12, 12, 34, 7]);
    let mut rows = vec![sized_header_row(
        &["Telecom room", "Part", "Description", "Qty"],
        &w,
        16,
    )];
    let serving: HashMap<&str, &str> = estimate
        .rooms
        .iter()
        .filter_map(|r| Some((r.number.as_str(), r.idf.as_deref()?)))
        .collect();
    let mut sums: Vec<(&str, &LineItem, Decimal)> = Vec::new();
    let mut index: HashMap<(&str, &str), usize> = HashMap::new();
    for line in &trade.lines {
        let idf = match line.location {
            Location::TelecomRoom => &*line.place,
            Location::Room => serving
                .get(&*line.place)
                .copied()
                .unwrap_or("(none assigned)"),
        };
        match index.get(&(idf, &*line.part)) {
            Some(&i) => sums[i].2 += line.qty,
            None => {
                index.insert((idf, &*line.part), sums.len());
                sums.push((idf, line, line.qty));
            }
        }
    }
    for (idf, line, qty) in sums {
        rows.push(TableRow::new(vec![
            small_cell(idf, w[0], false),
            small_cell(&line.part, w[1], false),
            small_cell(&line.description, w[2], false),
            small_cell(group_thousands(&format_qty(qty)), w[3], true),
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
