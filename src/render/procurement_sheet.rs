//! The budget workbook's Procurement sheet: one row per part bought, with its total quantity,
//! unit cost and extended cost as live sums over the Line Items sheet (cached with the
//! Estimate's figures), grouped by bid trade with the hospital's own IT purchases apart, each
//! group with its total and the whole equal to the Summary's material.

use super::xlsx_kit::Formats;
use super::xlsx_table::{Column, Shown, TableWriter};
use crate::estimate::{Estimate, PurchaseGroup};
use rust_xlsxwriter::{Worksheet, XlsxError};

/// The Line Items sheet's name and its columns of part, quantity and material.
pub struct LineItems<'a> {
    pub sheet: &'a str,
    /// The last data row, 1-based.
    pub last_row: usize,
}

impl LineItems<'_> {
    fn range(&self, col: char) -> String {
        format!("'{}'!${col}$2:${col}${}", self.sheet, self.last_row)
    }
}

pub fn sheet(
    sheet: &mut Worksheet,
    estimate: &Estimate,
    lines: &LineItems,
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name("Procurement")?;
    let columns = [
        Column::text("Purchased By"),
        Column::text("Part"),
        Column::wrapped("Description", 75),
        Column::text("Unit"),
        Column::shown("Qty", Shown::Number, &f.number),
        Column::shown("Unit Cost", Shown::Money, &f.money),
        Column::shown("Extended", Shown::Money, &f.money),
    ];
    let mut t = TableWriter::new(sheet, 0, &columns, &f.header, false)?;
    let groups = estimate.procurement();
    let mut row = 1;
    let mut totals = Vec::new();
    for group in &groups {
        let total_row = group_rows(&mut t, group, lines, f, row)?;
        totals.push(format!("G{}", total_row + 1));
        row = total_row + 2;
    }
    t.text_with(row, 0, "Total material", &f.bold, true)?;
    t.formula(
        row,
        6,
        format!(
            "={}",
            if totals.is_empty() {
                "0".to_string()
            } else {
                totals.join("+")
            }
        ),
        estimate.totals.material,
        Some(&f.money_bold),
    )?;
    t.finish()?;
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_repeat_rows(0, 0)?;
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// A group's rows from `row`, then its total; returns the total's row (0-based).
fn group_rows(
    t: &mut TableWriter,
    group: &PurchaseGroup,
    lines: &LineItems,
    f: &Formats,
    mut row: u32,
) -> Result<u32, XlsxError> {
    let buyer = match &group.trade {
        Some(trade) => format!("{trade} (bid)"),
        None => "Internal IT (hospital purchase)".to_string(),
    };
    let first = row + 1;
    for item in &group.items {
        let part = item.part.replace('"', "\"\"");
        let sum = |col: char, round: bool| {
            let sumifs = format!(
                "SUMIFS({},{},\"{part}\")",
                lines.range(col),
                lines.range('C')
            );
            if round {
                format!("=ROUND({sumifs},2)")
            } else {
                format!("={sumifs}")
            }
        };
        t.text(row, 0, &buyer)?;
        t.text(row, 1, &item.part)?;
        t.text(row, 2, &item.description)?;
        t.text(row, 3, &item.unit)?;
        t.formula(row, 4, sum('H', false), item.qty, None)?;
        t.number(row, 5, item.unit_cost)?;
        t.formula(row, 6, sum('J', true), item.extended, None)?;
        row += 1;
    }
    let label = match &group.trade {
        Some(trade) => format!("{trade} purchases"),
        None => "Internal IT purchases".to_string(),
    };
    t.text_with(row, 2, &label, &f.bold, true)?;
    t.formula(
        row,
        6,
        format!("=ROUND(SUM(G{first}:G{row}),2)"),
        group.total,
        Some(&f.money_bold),
    )?;
    Ok(row)
}
