//! `change-order.xlsx`: one row per changed line item, with live formulas and their results.

use crate::diff::ChangeOrder;
use crate::render::RenderError;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatBorder, Formula, Workbook};

fn num(value: Decimal) -> f64 {
    value.to_f64().unwrap_or(0.0)
}

fn formula(text: String, result: Decimal) -> Formula {
    Formula::new(text).set_result(result.normalize().to_string())
}

pub fn render(order: &ChangeOrder) -> Result<Vec<u8>, RenderError> {
    let header = Format::new()
        .set_bold()
        .set_font_color("FFFFFF")
        .set_background_color("1F3864")
        .set_text_wrap();
    let money = Format::new().set_num_format("$#,##0.00;[Red]-$#,##0.00");
    let money_bold = money.clone().set_bold().set_border_top(FormatBorder::Thin);
    let qty = Format::new().set_num_format("#,##0.##;[Red]-#,##0.##");
    let bold = Format::new().set_bold();

    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title("Change order")
            .set_creation_datetime(&ExcelDateTime::from_ymd(2026, 1, 1)?),
    );
    let sheet = workbook.add_worksheet();
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
    for (col, title) in titles.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *title, &header)?;
    }
    for (col, width) in [12, 12, 14, 46, 20, 9, 9, 10, 14, 14, 14]
        .into_iter()
        .enumerate()
    {
        sheet.set_column_width(col as u16, width)?;
    }
    let mut row = 1u32;
    for line in &order.lines {
        let r = row + 1;
        let location = line.location.label();
        sheet.write_string(row, 0, location)?;
        sheet.write_string(row, 1, &*line.place)?;
        sheet.write_string(row, 2, &*line.part)?;
        sheet.write_string(row, 3, &*line.description)?;
        sheet.write_string(row, 4, &*line.discipline_name)?;
        sheet.write_number_with_format(row, 5, num(line.old_qty), &qty)?;
        sheet.write_number_with_format(row, 6, num(line.new_qty), &qty)?;
        sheet.write_formula_with_format(
            row,
            7,
            formula(format!("=G{r}-F{r}"), line.qty_delta()),
            &qty,
        )?;
        sheet.write_number_with_format(row, 8, num(line.old_total), &money)?;
        sheet.write_number_with_format(row, 9, num(line.new_total), &money)?;
        sheet.write_formula_with_format(
            row,
            10,
            formula(format!("=J{r}-I{r}"), line.cost_delta()),
            &money,
        )?;
        row += 1;
    }
    for project_line in &order.project_lines {
        let r = row + 1;
        sheet.write_string(row, 0, "Project")?;
        sheet.write_string(row, 3, &project_line.label)?;
        sheet.write_number_with_format(row, 8, num(project_line.old), &money)?;
        sheet.write_number_with_format(row, 9, num(project_line.new), &money)?;
        sheet.write_formula_with_format(
            row,
            10,
            formula(format!("=J{r}-I{r}"), project_line.new - project_line.old),
            &money,
        )?;
        row += 1;
    }
    // The changed lines' amounts: unchanged lines cancel out, so their difference is the whole change.
    let old_sum: Decimal = order
        .lines
        .iter()
        .map(|l| l.old_total)
        .chain(order.project_lines.iter().map(|p| p.old))
        .sum();
    let new_sum: Decimal = order
        .lines
        .iter()
        .map(|l| l.new_total)
        .chain(order.project_lines.iter().map(|p| p.new))
        .sum();
    let r = row + 1;
    sheet.write_string_with_format(row, 3, "Change order total", &bold)?;
    sheet.write_formula_with_format(
        row,
        8,
        formula(format!("=ROUND(SUM(I2:I{row}),2)"), old_sum),
        &money_bold,
    )?;
    sheet.write_formula_with_format(
        row,
        9,
        formula(format!("=ROUND(SUM(J2:J{row}),2)"), new_sum),
        &money_bold,
    )?;
    sheet.write_formula_with_format(
        row,
        10,
        formula(format!("=J{r}-I{r}"), order.cost_delta),
        &money_bold,
    )?;
    let last_table_row = row;
    row += 2;
    // The whole project's totals, as each revision's build shows them.
    let r = row + 1;
    sheet.write_string_with_format(row, 3, "Project total, previous and new revision", &bold)?;
    sheet.write_number_with_format(row, 8, num(order.old_total), &money)?;
    sheet.write_number_with_format(row, 9, num(order.new_total), &money)?;
    sheet.write_formula_with_format(
        row,
        10,
        formula(format!("=J{r}-I{r}"), order.cost_delta),
        &money,
    )?;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last_table_row.saturating_sub(1).max(1), 10)?;
    sheet.set_repeat_rows(0, 0)?;
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    Ok(workbook.save_to_buffer()?)
}
