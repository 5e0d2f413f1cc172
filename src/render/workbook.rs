//! `bill-of-materials.xlsx`: the budget workbook for approvals. Every formula carries the result
//! the Estimate computed, so viewers that do not recalculate show the same figures.

use super::xlsx_kit::{Formats, formula, headers, num, table_setup, widths};
use super::xlsx_rows::XmlRows;
use super::xlsx_splice::{self, LongSheet};
use super::xlsx_table::{Cells, Column, Shown, TableWriter};
use crate::devices::DeviceKind;
use crate::error::Error;
use crate::estimate::{Category, Detail, Estimate};
use crate::schedule::Schedule;
use rust_xlsxwriter::{Worksheet, XlsxError};
use std::io::Write;

const LINE_SHEET: &str = "Line Items";

/// Line Items is the workbook's second sheet, Rooms its third.
const LINE_SHEET_POSITION: usize = 2;
const ROOMS_SHEET_POSITION: usize = 3;

pub fn write(estimate: &Estimate, schedule: &Schedule, out: &mut dyn Write) -> Result<(), Error> {
    let f = Formats::new();
    let mut workbook = super::xlsx_kit::workbook("Bill of materials and budget")?;
    // The sheets are added in the order a reader meets them; Summary refers to Line Items by name.
    summary_sheet(workbook.add_worksheet(), estimate, &f)?;
    // At campus scale Line Items is two million cells and Rooms a quarter million: each laid
    // out here with its header only, their rows are written into the package below (see
    // xlsx_splice).
    let wrap_caps = line_items_sheet(workbook.add_worksheet(), estimate, &f)?;
    let room_caps = rooms_sheet(workbook.add_worksheet(), estimate, &f)?;
    telecom_sheet(workbook.add_worksheet(), estimate, &f)?;
    // Issue 15: what is bought, by who buys it.
    let lines = super::procurement_sheet::LineItems {
        sheet: LINE_SHEET,
        last_row: estimate.lines.len() + 1,
    };
    super::procurement_sheet::sheet(workbook.add_worksheet(), estimate, &lines, &f)?;
    findings_sheet(workbook.add_worksheet_with_constant_memory()?, estimate, &f)?;
    super::xlsx_schedule::sheet(workbook.add_worksheet(), schedule)?;
    // Deflating is the largest single cost of a campus-scale workbook: level 1 takes half the
    // time of level 3 for a file about 1.5 times the size (24 MB instead of 16 for 10,000 rooms).
    workbook.set_zip_compression_level(1);
    let laid_out = workbook.save_to_buffer()?;
    let line_item_rows = |cells: &mut XmlRows| line_item_rows(cells, estimate);
    let room_rows = |cells: &mut XmlRows| room_rows(cells, estimate);
    let long = [
        LongSheet {
            position: LINE_SHEET_POSITION,
            last_row: estimate.lines.len() as u32,
            last_col: LINE_ITEM_LAST_COL,
            wrap_caps,
            rows: &line_item_rows,
        },
        LongSheet {
            position: ROOMS_SHEET_POSITION,
            last_row: estimate.rooms.len() as u32,
            last_col: ROOMS_LAST_COL,
            wrap_caps: room_caps,
            rows: &room_rows,
        },
    ];
    xlsx_splice::write(&laid_out, &long, out)
}

/// A cell reference, from a 0-based row and a column letter.
fn cell(row: u32, col: char) -> String {
    format!("{col}{}", row + 1)
}

/// A Line Items column over every line, for SUM and SUMIFS.
fn line_range(estimate: &Estimate, col: char) -> String {
    let last = estimate.lines.len() + 1; // last data row, 1-based
    format!("'{LINE_SHEET}'!${col}$2:${col}${last}")
}

fn summary_sheet(sheet: &mut Worksheet, estimate: &Estimate, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name("Summary")?;
    widths(sheet, &[34, 18, 18, 18, 18])?;
    let title = estimate.project_name();
    let draft = if estimate.draft { " (DRAFT)" } else { "" };
    sheet.write_string_with_format(0, 0, format!("{title} \u{2014} IT budget{draft}"), &f.title)?;
    let mut row = 1;
    if estimate.draft {
        // Issue 14: the draft's figures leave out the rooms no type resolved.
        let unresolved = estimate.rooms_unresolved().count();
        let text = format!(
            "DRAFT: {} an unresolved room type (see the Rooms sheet's Type Source); rooms no type resolved are priced at $0. Not for approval until they are resolved.",
            if unresolved == 1 {
                "1 room has".to_string()
            } else {
                format!("{unresolved} rooms have")
            }
        );
        let red = rust_xlsxwriter::Format::new()
            .set_bold()
            .set_font_color("C00000")
            .set_text_wrap()
            .set_align(rust_xlsxwriter::FormatAlign::Top);
        sheet.merge_range(row, 0, row, 4, &text, &red)?;
        sheet.set_row_height(row, 30)?;
        row += 1;
    }
    let mut row = details_block(sheet, estimate, f, row)?;
    row += 1;
    let first_discipline_row = row + 1;
    row = disciplines_block(sheet, estimate, f, row)?;
    row += 1;
    let pm_cell = categories_block(sheet, estimate, f, row)?;
    discipline_totals(sheet, estimate, f, first_discipline_row, &pm_cell)?;
    sheet.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// The project's details from `row` down; returns the next free row.
fn details_block(
    sheet: &mut Worksheet,
    estimate: &Estimate,
    f: &Formats,
    mut row: u32,
) -> Result<u32, XlsxError> {
    let details = estimate.details(&[
        Detail::Facility,
        Detail::Number,
        Detail::PreparedBy,
        Detail::GoLive,
        Detail::RoomList,
        Detail::PriceBasis,
    ]);
    for detail in details {
        sheet.write_string_with_format(row, 0, detail.label, &f.bold)?;
        // Across the table's width and wrapped: a long value in one cell would make
        // fit-to-width shrink the whole printed page to fit it.
        sheet.merge_range(row, 1, row, 4, &detail.value, &f.wrap)?;
        let chars = detail.value.chars().count() as u32;
        if chars > 80 {
            sheet.set_row_height(row, 15 * (1 + chars / 80))?;
        }
        row += 1;
    }
    Ok(row)
}

/// Material and labor by discipline, as sums over the Line Items sheet; returns the next free
/// row. Each discipline's total is written by `discipline_totals` once project management's cell
/// is known.
fn disciplines_block(
    sheet: &mut Worksheet,
    estimate: &Estimate,
    f: &Formats,
    mut row: u32,
) -> Result<u32, XlsxError> {
    headers(
        sheet,
        row,
        &["Discipline", "Bid package", "Material", "Labor", "Total"],
        &f.header,
    )?;
    row += 1;
    let sum_for = |col: char, criteria: &str| {
        format!(
            "=ROUND(SUMIFS({},{},{criteria}),2)",
            line_range(estimate, col),
            line_range(estimate, 'F')
        )
    };
    for d in &estimate.disciplines {
        sheet.write_string(row, 0, &d.name)?;
        sheet.write_string(row, 1, d.trade.as_deref().unwrap_or("Internal IT"))?;
        let criteria = format!("\"{}\"", d.name.replace('"', "\"\""));
        sheet.write_formula_with_format(
            row,
            2,
            formula(sum_for('J', &criteria), d.material),
            &f.money,
        )?;
        sheet.write_formula_with_format(
            row,
            3,
            formula(sum_for('M', &criteria), d.labor),
            &f.money,
        )?;
        row += 1;
    }
    Ok(row)
}

/// A row of the Summary's budget block: a category, or the subtotal the workbook adds after
/// project management (contingency is a percent of it).
#[derive(Clone, Copy, PartialEq)]
enum BudgetRow {
    Category(Category),
    Subtotal,
}

/// The budget by category, each a formula over the cells above it; returns the project
/// management cell, which its discipline's total adds.
fn categories_block(
    sheet: &mut Worksheet,
    estimate: &Estimate,
    f: &Formats,
    mut row: u32,
) -> Result<String, XlsxError> {
    headers(sheet, row, &["Category", "Rate", "Amount"], &f.header)?;
    row += 1;
    let t = &estimate.totals;
    let mut rows: Vec<(BudgetRow, rust_decimal::Decimal)> = Vec::new();
    for (category, amount) in t.by_category() {
        rows.push((BudgetRow::Category(category), amount));
        if category == Category::ProjectManagement {
            rows.push((BudgetRow::Subtotal, t.subtotal));
        }
    }
    // Each row's amount cell, so formulas can refer to the rows they add up.
    let at = |wanted: BudgetRow| {
        let index = rows.iter().position(|(r, _)| *r == wanted).unwrap_or(0);
        cell(row + index as u32, 'C')
    };
    let rates = &estimate.catalog;
    for (i, (budget_row, amount)) in rows.iter().enumerate() {
        let r = row + i as u32;
        let rate = match budget_row {
            BudgetRow::Category(Category::ProjectManagement) => {
                Some(rates.project_management_percent)
            }
            BudgetRow::Category(Category::Tax) => Some(rates.sales_tax_percent),
            BudgetRow::Category(Category::Contingency) => Some(rates.contingency_percent),
            _ => None,
        };
        if let Some(rate) = rate {
            sheet.write_number_with_format(r, 1, num(rate), &f.percent)?;
        }
        let headline = matches!(budget_row, BudgetRow::Category(c) if c.is_headline())
            || *budget_row == BudgetRow::Subtotal;
        let (label_format, money_format) = if headline {
            (&f.bold, &f.money_bold)
        } else {
            (&f.plain, &f.money)
        };
        sheet.write_string_with_format(r, 0, budget_row.label(), label_format)?;
        match budget_formula(*budget_row, estimate, &at, &cell(r, 'B')) {
            Some(text) => {
                sheet.write_formula_with_format(r, 2, formula(text, *amount), money_format)?
            }
            None => sheet.write_number_with_format(r, 2, num(*amount), money_format)?,
        };
    }
    Ok(at(BudgetRow::Category(Category::ProjectManagement)))
}

impl BudgetRow {
    fn label(self) -> &'static str {
        match self {
            BudgetRow::Subtotal => "Subtotal",
            BudgetRow::Category(Category::ProjectManagement) => "Project management (% of labor)",
            BudgetRow::Category(Category::Tax) => "Sales tax (% of material)",
            BudgetRow::Category(Category::Contingency) => "Contingency (% of subtotal)",
            BudgetRow::Category(category) => category.label(),
        }
    }
}

/// A budget row's formula over the Line Items sheet and the rows above it (`at` finds a row's
/// amount cell, `rate` is this row's rate cell); none for the approved budget, a figure given.
fn budget_formula(
    row: BudgetRow,
    estimate: &Estimate,
    at: &dyn Fn(BudgetRow) -> String,
    rate: &str,
) -> Option<String> {
    let cat = |c| at(BudgetRow::Category(c));
    Some(match row {
        BudgetRow::Subtotal => format!(
            "={}+{}+{}",
            cat(Category::Material),
            cat(Category::Labor),
            cat(Category::ProjectManagement)
        ),
        BudgetRow::Category(category) => match category {
            Category::Material => format!("=ROUND(SUM({}),2)", line_range(estimate, 'J')),
            Category::Labor => format!("=ROUND(SUM({}),2)", line_range(estimate, 'M')),
            Category::ProjectManagement => {
                format!("=ROUND({}*{rate}/100,2)", cat(Category::Labor))
            }
            Category::Tax => format!("=ROUND({}*{rate}/100,2)", cat(Category::Material)),
            Category::Contingency => {
                format!("=ROUND({}*{rate}/100,2)", at(BudgetRow::Subtotal))
            }
            Category::GrandTotal => format!(
                "={}+{}+{}",
                at(BudgetRow::Subtotal),
                cat(Category::Tax),
                cat(Category::Contingency)
            ),
            Category::ApprovedBudget => return None,
            Category::Variance => format!(
                "={}-{}",
                cat(Category::ApprovedBudget),
                cat(Category::GrandTotal)
            ),
        },
    })
}

/// Each discipline's total: material + labor, and project management on the discipline that
/// carries it.
fn discipline_totals(
    sheet: &mut Worksheet,
    estimate: &Estimate,
    f: &Formats,
    first_row: u32,
    pm_cell: &str,
) -> Result<(), XlsxError> {
    for (i, d) in estimate.disciplines.iter().enumerate() {
        let r = first_row + i as u32;
        let pm = if d.project_management.is_zero() {
            String::new()
        } else {
            format!("+{pm_cell}")
        };
        sheet.write_formula_with_format(
            r,
            4,
            formula(format!("={}+{}{pm}", cell(r, 'C'), cell(r, 'D')), d.total),
            &f.money,
        )?;
    }
    Ok(())
}

const LINE_ITEM_LAST_COL: u16 = 13;

/// Line Items' header, formats and widths (measured over every line); returns the columns' wrap
/// caps for the rows written later.
fn line_items_sheet(
    sheet: &mut Worksheet,
    estimate: &Estimate,
    f: &Formats,
) -> Result<Vec<Option<u32>>, XlsxError> {
    sheet.set_name(LINE_SHEET)?;
    let c = &super::LINE_ITEM_COLUMNS;
    // Formats by column, not by cell: a cell written without a format takes its column's.
    let columns = [
        Column::text(c[0]),
        Column::text(c[1]),
        Column::text(c[2]),
        // Wide enough for the default catalog's descriptions but its longest, which wrap.
        Column::wrapped(c[3], 75),
        Column::text(c[4]),
        Column::text(c[5]),
        Column::text(c[6]),
        Column::shown(c[7], Shown::Number, &f.number),
        Column::shown(c[8], Shown::Money, &f.money),
        Column::shown(c[9], Shown::Money, &f.money),
        Column::shown(c[10], Shown::Hours, &f.hours),
        Column::shown(c[11], Shown::Money, &f.money),
        Column::shown(c[12], Shown::Money, &f.money),
        Column::shown(c[13], Shown::Money, &f.money),
    ];
    let caps = TableWriter::new(sheet, 0, &columns, &f.header, true)?
        .measure(|t| line_item_rows(t, estimate))?;
    table_setup(sheet, estimate.lines.len() as u32, LINE_ITEM_LAST_COL)?;
    Ok(caps)
}

/// Every line, one row each below the header.
fn line_item_rows(t: &mut impl Cells, estimate: &Estimate) -> Result<(), XlsxError> {
    for (i, line) in estimate.lines.iter().enumerate() {
        let row = i as u32 + 1;
        let r = row + 1;
        t.text(row, 0, line.location.label())?;
        t.text(row, 1, &line.place)?;
        t.text(row, 2, &line.part)?;
        t.text(row, 3, &line.description)?;
        t.text(row, 4, &line.unit)?;
        t.text(row, 5, &line.discipline_name)?;
        t.text(row, 6, line.trade.as_deref().unwrap_or("Internal IT"))?;
        t.number(row, 7, line.qty)?;
        t.number(row, 8, line.unit_cost)?;
        t.formula(row, 9, format_args!("=ROUND(H{r}*I{r},2)"), line.material)?;
        t.number(row, 10, line.labor_hours)?;
        t.number(row, 11, line.labor_rate)?;
        t.formula(row, 12, format_args!("=ROUND(K{r}*L{r},2)"), line.labor)?;
        t.formula(row, 13, format_args!("=J{r}+M{r}"), line.total)?;
    }
    Ok(())
}

/// Rooms' header, formats and widths (measured over every room); returns the columns' wrap caps
/// for the rows written later.
fn rooms_sheet(
    sheet: &mut Worksheet,
    estimate: &Estimate,
    f: &Formats,
) -> Result<Vec<Option<u32>>, XlsxError> {
    sheet.set_name("Rooms")?;
    let mut columns = [
        "Room",
        "Name",
        "Room Type",
        "Department",
        "Floor",
        "Building",
        "IDF",
    ]
    .map(Column::text)
    .to_vec();
    columns.push(Column::shown("Area (SF)", Shown::Number, &f.number));
    columns.extend(
        DeviceKind::ALL
            .iter()
            .map(|k| Column::shown(k.label(), Shown::Number, &f.number)),
    );
    columns
        .extend(["Material", "Labor", "Total"].map(|t| Column::shown(t, Shown::Money, &f.money)));
    // Issue 14: how each type was decided, what the list wrote, what the model counted, notes.
    columns.extend(["Type Source", "Type As Given", "Counts From Model"].map(Column::text));
    columns.push(Column::wrapped("Notes", 50));
    let caps = TableWriter::new(sheet, 0, &columns, &f.header, true)?
        .measure(|t| room_rows(t, estimate))?;
    table_setup(sheet, estimate.rooms.len() as u32, ROOMS_LAST_COL)?;
    Ok(caps)
}

const ROOMS_LAST_COL: u16 = 20;

fn room_rows(t: &mut impl Cells, estimate: &Estimate) -> Result<(), XlsxError> {
    for (i, room) in estimate.rooms.iter().enumerate() {
        let row = i as u32 + 1;
        t.text(row, 0, &room.number)?;
        t.text(row, 1, &room.name)?;
        t.text(row, 2, &room.room_type)?;
        for (col, value) in [
            (3, &room.department),
            (4, &room.floor),
            (5, &room.building),
            (6, &room.idf),
        ] {
            if let Some(value) = value {
                t.text(row, col, value)?;
            }
        }
        if let Some(area) = room.area_sf {
            t.number(row, 7, area)?;
        }
        for (j, kind) in DeviceKind::ALL.iter().enumerate() {
            t.number(row, 8 + j as u16, room.counts[*kind].into())?;
        }
        t.number(row, 14, room.material)?;
        t.number(row, 15, room.labor)?;
        t.number(row, 16, room.total)?;
        t.text(row, 17, room.resolution.label())?;
        if let Some(given) = &room.type_given {
            t.text(row, 18, given)?;
        }
        if !room.model_counts.is_empty() {
            let kinds: Vec<&str> = room.model_counts.iter().map(|k| k.label()).collect();
            t.text(row, 19, &kinds.join(", "))?;
        }
        if let Some(notes) = &room.notes {
            t.text(row, 20, notes)?;
        }
    }
    Ok(())
}

fn telecom_sheet(sheet: &mut Worksheet, estimate: &Estimate, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name("Telecom Rooms")?;
    let mut columns = vec![Column::text("Telecom Room")];
    columns.extend(
        [
            "Rooms Served",
            "Ports",
            "Ports With Spare",
            "Switches",
            "Patch Panels",
        ]
        .map(|t| Column::shown(t, Shown::Number, &f.number)),
    );
    columns.push(Column::text("Over Capacity"));
    let mut t = TableWriter::new(sheet, 0, &columns, &f.header, true)?;
    for (i, tr) in estimate.telecom_rooms.iter().enumerate() {
        let row = i as u32 + 1;
        t.text(row, 0, &tr.name)?;
        t.number(row, 1, rust_decimal::Decimal::from(tr.rooms_served))?;
        t.number(row, 2, rust_decimal::Decimal::from(tr.ports))?;
        t.number(row, 3, rust_decimal::Decimal::from(tr.ports_with_spare))?;
        t.number(row, 4, rust_decimal::Decimal::from(tr.switches))?;
        t.number(row, 5, rust_decimal::Decimal::from(tr.patch_panels))?;
        t.text(row, 6, if tr.over_capacity { "Yes" } else { "No" })?;
    }
    t.finish()?;
    table_setup(sheet, estimate.telecom_rooms.len() as u32, 6)
}

fn findings_sheet(
    sheet: &mut Worksheet,
    estimate: &Estimate,
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name("Findings")?;
    let columns = [
        Column::text("Kind"),
        Column::text("Room / IDF"),
        Column::wrapped("Finding", 100),
    ];
    let mut t = TableWriter::new(sheet, 0, &columns, &f.header, true)?;
    for (i, finding) in estimate.findings.iter().enumerate() {
        let row = i as u32 + 1;
        t.text(row, 0, finding.kind.label())?;
        t.text(row, 1, finding.subject.as_deref().unwrap_or("Project"))?;
        t.text(row, 2, &finding.message)?;
    }
    t.finish()?;
    table_setup(sheet, estimate.findings.len() as u32, 2)
}
