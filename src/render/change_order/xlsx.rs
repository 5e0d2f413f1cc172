//! `change-order.xlsx`: one row per changed line item, with live formulas and their results.

use crate::diff::ChangeOrder;
use crate::error::Error;
use crate::render::xlsx_kit::{Formats, formula, headers, num, widths};
use rust_xlsxwriter::{Format, FormatBorder, Worksheet, XlsxError};

/// Money and quantities that may go down: negatives in red.
struct Signed {
    money: Format,
    money_bold: Format,
    qty: Format,
}

pub fn render(order: &ChangeOrder) -> Result<Vec<u8>, Error> {
    let f = Formats::new();
    let money = Format::new().set_num_format("$#,##0.00;[Red]-$#,##0.00");
    let signed = Signed {
        money_bold: money.clone().set_bold().set_border_top(FormatBorder::Thin),
        money,
        qty: Format::new().set_num_format("#,##0.##;[Red]-#,##0.##"),
    };
    let mut workbook = crate::render::xlsx_kit::workbook("Change order")?;
    let sheet = workbook.add_worksheet();
    let last_table_row = lines_table(sheet, order, &f, &signed)?;
    let row = last_table_row + 2;
    // The whole project's totals, as each revision's build shows them.
    let r = row + 1;
    sheet.write_string_with_format(row, 3, "Project total, previous and new revision", &f.bold)?;
    sheet.write_number_with_format(row, 8, num(order.old_total), &signed.money)?;
    sheet.write_number_with_format(row, 9, num(order.new_total), &signed.money)?;
    sheet.write_formula_with_format(
        row,
        10,
        formula(format!("=J{r}-I{r}"), order.cost_delta),
        &signed.money,
    )?;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last_table_row.saturating_sub(1).max(1), 10)?;
    sheet.set_repeat_rows(0, 0)?;
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    schedule_sheet(workbook.add_worksheet(), order, &f, &signed)?;
    Ok(workbook.save_to_buffer()?)
}

/// Hours by phase before and after, with the change as a live formula, and the go-live's move.
fn schedule_sheet(
    sheet: &mut Worksheet,
    order: &ChangeOrder,
    f: &Formats,
    signed: &Signed,
) -> Result<(), XlsxError> {
    sheet.set_name("Schedule Impact")?;
    headers(
        sheet,
        0,
        &[
            "Phase",
            "Hours Before",
            "Hours After",
            "Hours Change",
            "Working Days Before",
            "Working Days After",
        ],
        &f.header,
    )?;
    widths(sheet, &[44, 13, 13, 13, 13, 13])?;
    let impact = &order.schedule;
    let mut row = 1u32;
    for phase in &impact.phases {
        let r = row + 1;
        sheet.write_string(row, 0, &phase.name)?;
        sheet.write_number_with_format(row, 1, num(phase.old_hours), &f.hours)?;
        sheet.write_number_with_format(row, 2, num(phase.new_hours), &f.hours)?;
        sheet.write_formula_with_format(
            row,
            3,
            formula(format!("=C{r}-B{r}"), phase.hours_change),
            &signed.qty,
        )?;
        sheet.write_number(row, 4, f64::from(phase.old_working_days))?;
        sheet.write_number(row, 5, f64::from(phase.new_working_days))?;
        row += 1;
    }
    row += 1;
    sheet.write_string_with_format(row, 0, "Go-live moves (working days; + is later)", &f.bold)?;
    sheet.write_number_with_format(row, 3, impact.go_live_moves as f64, &signed.qty)?;
    row += 1;
    sheet.write_string(row, 0, "Plan finishes, before and after")?;
    sheet.write_string(row, 1, impact.old_finish.long())?;
    sheet.write_string(row, 2, impact.new_finish.long())?;
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// The changed lines, the project-level lines and the change order's total; returns the total's
/// row.
fn lines_table(
    sheet: &mut Worksheet,
    order: &ChangeOrder,
    f: &Formats,
    signed: &Signed,
) -> Result<u32, XlsxError> {
    let (money, money_bold, qty) = (&signed.money, &signed.money_bold, &signed.qty);
    sheet.set_name("Change Order")?;
    let titles = [
        "Location",
        "Room / IDF",
        "Part",
        "Description",
        "Discipline",
        "Old Qty",
        "New Qty",
        "Qty Change",
        "Old Amount",
        "New Amount",
        "Cost Change",
    ];
    headers(sheet, 0, &titles, &f.header)?;
    widths(sheet, &[12, 12, 14, 46, 20, 9, 9, 10, 14, 14, 14])?;
    let mut row = 1u32;
    for line in &order.lines {
        let r = row + 1;
        let location = line.location.label();
        sheet.write_string(row, 0, location)?;
        sheet.write_string(row, 1, &*line.place)?;
        sheet.write_string(row, 2, &*line.part)?;
        sheet.write_string(row, 3, &*line.description)?;
        sheet.write_string(row, 4, &*line.discipline_name)?;
        sheet.write_number_with_format(row, 5, num(line.old_qty), qty)?;
        sheet.write_number_with_format(row, 6, num(line.new_qty), qty)?;
        sheet.write_formula_with_format(
            row,
            7,
            formula(format!("=G{r}-F{r}"), line.qty_delta),
            qty,
        )?;
        sheet.write_number_with_format(row, 8, num(line.old_total), money)?;
        sheet.write_number_with_format(row, 9, num(line.new_total), money)?;
        sheet.write_formula_with_format(
            row,
            10,
            formula(format!("=J{r}-I{r}"), line.cost_delta),
            money,
        )?;
        row += 1;
    }
    for project_line in &order.project_lines {
        let r = row + 1;
        sheet.write_string(row, 0, "Project")?;
        sheet.write_string(row, 3, &project_line.label)?;
        sheet.write_number_with_format(row, 8, num(project_line.old), money)?;
        sheet.write_number_with_format(row, 9, num(project_line.new), money)?;
        sheet.write_formula_with_format(
            row,
            10,
            formula(format!("=J{r}-I{r}"), project_line.delta),
            money,
        )?;
        row += 1;
    }
    let total = &order.change_total;
    let r = row + 1;
    sheet.write_string_with_format(row, 3, &total.label, &f.bold)?;
    sheet.write_formula_with_format(
        row,
        8,
        formula(format!("=ROUND(SUM(I2:I{row}),2)"), total.old),
        money_bold,
    )?;
    sheet.write_formula_with_format(
        row,
        9,
        formula(format!("=ROUND(SUM(J2:J{row}),2)"), total.new),
        money_bold,
    )?;
    sheet.write_formula_with_format(
        row,
        10,
        formula(format!("=J{r}-I{r}"), total.delta),
        money_bold,
    )?;
    Ok(row)
}
