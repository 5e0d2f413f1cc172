//! `bill-of-materials.xlsx`: the budget workbook for approvals. Every formula carries the result
//! the Estimate computed, so viewers that do not recalculate show the same figures.

use super::RenderError;
use crate::devices::DeviceKind;
use crate::estimate::Estimate;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet,
    XlsxError,
};

const MONEY: &str = "$#,##0.00";
const LINE_SHEET: &str = "Line Items";

struct Formats {
    header: Format,
    money: Format,
    money_bold: Format,
    number: Format,
    hours: Format,
    bold: Format,
    title: Format,
    percent: Format,
    wrap: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new()
                .set_bold()
                .set_font_color("FFFFFF")
                .set_background_color("1F3864")
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            money: Format::new().set_num_format(MONEY),
            money_bold: Format::new()
                .set_num_format(MONEY)
                .set_bold()
                .set_border_top(FormatBorder::Thin),
            number: Format::new().set_num_format("#,##0.##"),
            hours: Format::new().set_num_format("#,##0.00"),
            bold: Format::new().set_bold(),
            title: Format::new().set_bold().set_font_size(14),
            percent: Format::new().set_num_format("0.00\"%\""),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        }
    }
}

fn num(value: Decimal) -> f64 {
    value.to_f64().unwrap_or(0.0)
}

/// A formula with its computed result, written the way Excel writes one.
fn formula(text: String, result: Decimal) -> Formula {
    Formula::new(text).set_result(result.normalize().to_string())
}

pub fn render(estimate: &Estimate) -> Result<Vec<u8>, RenderError> {
    let f = Formats::new();
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2026, 1, 1)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title("Bill of materials and budget")
            .set_creation_datetime(&created),
    );
    // The sheets are added in the order a reader meets them; Summary refers to Line Items by name.
    let line_count = estimate.lines.len() as u32;
    summary_sheet(workbook.add_worksheet(), estimate, &f, line_count)?;
    // The long sheets are streamed row by row to a temporary file instead of held as cells: at
    // campus scale Line Items alone is two million cells.
    line_items_sheet(workbook.add_worksheet_with_constant_memory()?, estimate, &f)?;
    rooms_sheet(workbook.add_worksheet_with_constant_memory()?, estimate, &f)?;
    telecom_sheet(workbook.add_worksheet(), estimate, &f)?;
    findings_sheet(workbook.add_worksheet_with_constant_memory()?, estimate, &f)?;
    // Deflating is the largest single cost of a campus-scale workbook: level 1 takes half the
    // time of level 3 for a file about 1.5 times the size (24 MB instead of 16 for 10,000 rooms).
    workbook.set_zip_compression_level(1);
    Ok(workbook.save_to_buffer()?)
}

fn headers(
    sheet: &mut Worksheet,
    row: u32,
    titles: &[&str],
    format: &Format,
) -> Result<(), XlsxError> {
    for (col, title) in titles.iter().enumerate() {
        sheet.write_string_with_format(row, col as u16, *title, format)?;
    }
    Ok(())
}

fn table_setup(sheet: &mut Worksheet, last_row: u32, last_col: u16) -> Result<(), XlsxError> {
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last_row.max(1), last_col)?;
    sheet.set_repeat_rows(0, 0)?;
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    Ok(())
}

fn summary_sheet(
    sheet: &mut Worksheet,
    estimate: &Estimate,
    f: &Formats,
    line_count: u32,
) -> Result<(), XlsxError> {
    sheet.set_name("Summary")?;
    sheet.set_column_width(0, 34)?;
    sheet.set_column_width(1, 18)?;
    sheet.set_column_width(2, 18)?;
    sheet.set_column_width(3, 18)?;
    sheet.set_column_width(4, 18)?;
    let p = &estimate.project;
    let title = super::project_name(estimate);
    sheet.write_string_with_format(0, 0, format!("{title} \u{2014} IT budget"), &f.title)?;
    let mut row = 1;
    for (label, value) in [
        ("Facility", p.facility.clone()),
        ("Project number", p.number.clone()),
        ("Prepared by", p.prepared_by.clone()),
        ("Target go-live", p.target_go_live.clone()),
        ("Room list", Some(estimate.file.clone())),
        ("Price basis", Some(estimate.catalog.price_basis.clone())),
    ] {
        if let Some(value) = value {
            sheet.write_string_with_format(row, 0, label, &f.bold)?;
            // Across the table's width and wrapped: a long value in one cell would make
            // fit-to-width shrink the whole printed page to fit it.
            sheet.merge_range(row, 1, row, 4, &value, &f.wrap)?;
            if value.chars().count() > 80 {
                sheet.set_row_height(row, 15 * (1 + value.chars().count() as u32 / 80))?;
            }
            row += 1;
        }
    }

    // Totals by discipline: sums over the Line Items sheet.
    row += 1;
    let last = line_count + 1; // last data row, 1-based
    let range = |col: char| format!("'{LINE_SHEET}'!${col}$2:${col}${last}");
    headers(
        sheet,
        row,
        &["Discipline", "Bid package", "Material", "Labor", "Total"],
        &f.header,
    )?;
    row += 1;
    let first_discipline_row = row;
    for d in &estimate.disciplines {
        sheet.write_string(row, 0, &d.name)?;
        sheet.write_string(row, 1, d.trade.as_deref().unwrap_or("Internal IT"))?;
        let criteria = format!("\"{}\"", d.name.replace('"', "\"\""));
        sheet.write_formula_with_format(
            row,
            2,
            formula(
                format!("=ROUND(SUMIFS({},{},{criteria}),2)", range('J'), range('F')),
                d.material,
            ),
            &f.money,
        )?;
        sheet.write_formula_with_format(
            row,
            3,
            formula(
                format!("=ROUND(SUMIFS({},{},{criteria}),2)", range('M'), range('F')),
                d.labor,
            ),
            &f.money,
        )?;
        row += 1;
        // Each discipline's total (with project management's own line on its discipline) is
        // written below, once the project-management cell is known.
    }

    // Totals by category.
    row += 1;
    headers(sheet, row, &["Category", "Rate", "Amount"], &f.header)?;
    row += 1;
    let t = &estimate.totals;
    let cell = |r: u32, c: char| format!("{c}{}", r + 1);
    let material_row = row;
    sheet.write_string(row, 0, "Material")?;
    sheet.write_formula_with_format(
        row,
        2,
        formula(format!("=ROUND(SUM({}),2)", range('J')), t.material),
        &f.money,
    )?;
    row += 1;
    let labor_row = row;
    sheet.write_string(row, 0, "Labor")?;
    sheet.write_formula_with_format(
        row,
        2,
        formula(format!("=ROUND(SUM({}),2)", range('M')), t.labor),
        &f.money,
    )?;
    row += 1;
    let pm_row = row;
    sheet.write_string(row, 0, "Project management (% of labor)")?;
    sheet.write_number_with_format(
        row,
        1,
        num(estimate.catalog.project_management_percent),
        &f.percent,
    )?;
    sheet.write_formula_with_format(
        row,
        2,
        formula(
            format!("=ROUND({}*{}/100,2)", cell(labor_row, 'C'), cell(row, 'B')),
            t.project_management,
        ),
        &f.money,
    )?;
    row += 1;
    let subtotal_row = row;
    sheet.write_string_with_format(row, 0, "Subtotal", &f.bold)?;
    sheet.write_formula_with_format(
        row,
        2,
        formula(
            format!(
                "={}+{}+{}",
                cell(material_row, 'C'),
                cell(labor_row, 'C'),
                cell(pm_row, 'C')
            ),
            t.subtotal,
        ),
        &f.money_bold,
    )?;
    row += 1;
    let tax_row = row;
    sheet.write_string(row, 0, "Sales tax (% of material)")?;
    sheet.write_number_with_format(row, 1, num(estimate.catalog.sales_tax_percent), &f.percent)?;
    sheet.write_formula_with_format(
        row,
        2,
        formula(
            format!(
                "=ROUND({}*{}/100,2)",
                cell(material_row, 'C'),
                cell(row, 'B')
            ),
            t.tax,
        ),
        &f.money,
    )?;
    row += 1;
    let contingency_row = row;
    sheet.write_string(row, 0, "Contingency (% of subtotal)")?;
    sheet.write_number_with_format(
        row,
        1,
        num(estimate.catalog.contingency_percent),
        &f.percent,
    )?;
    sheet.write_formula_with_format(
        row,
        2,
        formula(
            format!(
                "=ROUND({}*{}/100,2)",
                cell(subtotal_row, 'C'),
                cell(row, 'B')
            ),
            t.contingency,
        ),
        &f.money,
    )?;
    row += 1;
    let grand_row = row;
    sheet.write_string_with_format(row, 0, "Grand total", &f.bold)?;
    sheet.write_formula_with_format(
        row,
        2,
        formula(
            format!(
                "={}+{}+{}",
                cell(subtotal_row, 'C'),
                cell(tax_row, 'C'),
                cell(contingency_row, 'C')
            ),
            t.grand_total,
        ),
        &f.money_bold,
    )?;
    row += 1;
    if let (Some(budget), Some(variance)) = (t.approved_budget, t.variance) {
        let budget_row = row;
        sheet.write_string(row, 0, "Approved IT budget")?;
        sheet.write_number_with_format(row, 2, num(budget), &f.money)?;
        row += 1;
        sheet.write_string_with_format(row, 0, "Variance (budget \u{2212} estimate)", &f.bold)?;
        sheet.write_formula_with_format(
            row,
            2,
            formula(
                format!("={}-{}", cell(budget_row, 'C'), cell(grand_row, 'C')),
                variance,
            ),
            &f.money_bold,
        )?;
    }

    // Discipline totals: material + labor, and project management's line on its own discipline.
    for (i, d) in estimate.disciplines.iter().enumerate() {
        let r = first_discipline_row + i as u32;
        let pm = if d.total != d.material + d.labor {
            format!("+{}", cell(pm_row, 'C'))
        } else {
            String::new()
        };
        sheet.write_formula_with_format(
            r,
            4,
            formula(format!("={}+{}{pm}", cell(r, 'C'), cell(r, 'D')), d.total),
            &f.money,
        )?;
    }
    sheet.set_print_fit_to_pages(1, 0);
    Ok(())
}

fn line_items_sheet(
    sheet: &mut Worksheet,
    estimate: &Estimate,
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(LINE_SHEET)?;
    headers(sheet, 0, &super::LINE_ITEM_COLUMNS, &f.header)?;
    for (col, width) in [10, 12, 14, 48, 6, 20, 20, 8, 12, 14, 11, 11, 14, 14]
        .into_iter()
        .enumerate()
    {
        sheet.set_column_width(col as u16, width)?;
    }
    // Formats by column, not by cell: a cell written without a format takes its column's, and
    // looking a format up once per cell is most of the cost of a hundred thousand rows.
    for (col, format) in [
        (7, &f.number),
        (8, &f.money),
        (9, &f.money),
        (10, &f.hours),
        (11, &f.money),
        (12, &f.money),
        (13, &f.money),
    ] {
        sheet.set_column_format(col, format)?;
    }
    for (i, line) in estimate.lines.iter().enumerate() {
        let row = i as u32 + 1;
        let r = row + 1;
        let location = line.location.label();
        sheet.write_string(row, 0, location)?;
        sheet.write_string(row, 1, &*line.place)?;
        sheet.write_string(row, 2, &*line.part)?;
        sheet.write_string(row, 3, &*line.description)?;
        sheet.write_string(row, 4, &*line.unit)?;
        sheet.write_string(row, 5, &*line.discipline_name)?;
        sheet.write_string(row, 6, line.trade.as_deref().unwrap_or("Internal IT"))?;
        sheet.write_number(row, 7, num(line.qty))?;
        sheet.write_number(row, 8, num(line.unit_cost))?;
        sheet.write_formula(
            row,
            9,
            formula(format!("=ROUND(H{r}*I{r},2)"), line.material),
        )?;
        sheet.write_number(row, 10, num(line.labor_hours))?;
        sheet.write_number(row, 11, num(line.labor_rate))?;
        sheet.write_formula(row, 12, formula(format!("=ROUND(K{r}*L{r},2)"), line.labor))?;
        sheet.write_formula(row, 13, formula(format!("=J{r}+M{r}"), line.total))?;
    }
    table_setup(sheet, estimate.lines.len() as u32, 13)
}

fn rooms_sheet(sheet: &mut Worksheet, estimate: &Estimate, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name("Rooms")?;
    let mut titles = vec![
        "Room",
        "Name",
        "Room Type",
        "Department",
        "Floor",
        "Building",
        "IDF",
        "Area (SF)",
    ];
    titles.extend(DeviceKind::ALL.iter().map(|k| k.label()));
    titles.extend(["Material", "Labor", "Total"]);
    headers(sheet, 0, &titles, &f.header)?;
    for (col, width) in [10, 28, 18, 16, 8, 18, 10, 10].into_iter().enumerate() {
        sheet.set_column_width(col as u16, width)?;
    }
    for (i, room) in estimate.rooms.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string(row, 0, &room.number)?;
        sheet.write_string(row, 1, &room.name)?;
        sheet.write_string(row, 2, &room.room_type)?;
        for (col, value) in [
            (3, &room.department),
            (4, &room.floor),
            (5, &room.building),
            (6, &room.idf),
        ] {
            if let Some(value) = value {
                sheet.write_string(row, col, value)?;
            }
        }
        if let Some(area) = room.area_sf {
            sheet.write_number_with_format(row, 7, num(area), &f.number)?;
        }
        for (j, kind) in DeviceKind::ALL.iter().enumerate() {
            sheet.write_number(row, 8 + j as u16, f64::from(room.counts[*kind]))?;
        }
        sheet.write_number_with_format(row, 14, num(room.material), &f.money)?;
        sheet.write_number_with_format(row, 15, num(room.labor), &f.money)?;
        sheet.write_number_with_format(row, 16, num(room.total), &f.money)?;
    }
    table_setup(sheet, estimate.rooms.len() as u32, 16)
}

fn telecom_sheet(sheet: &mut Worksheet, estimate: &Estimate, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name("Telecom Rooms")?;
    let titles = [
        "Telecom Room",
        "Rooms Served",
        "Ports",
        "Ports With Spare",
        "Switches",
        "Patch Panels",
        "Over Capacity",
    ];
    headers(sheet, 0, &titles, &f.header)?;
    for (col, width) in [16, 14, 10, 16, 10, 13, 14].into_iter().enumerate() {
        sheet.set_column_width(col as u16, width)?;
    }
    for (i, t) in estimate.telecom_rooms.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string(row, 0, &t.name)?;
        sheet.write_number(row, 1, t.rooms_served as f64)?;
        sheet.write_number(row, 2, f64::from(t.ports))?;
        sheet.write_number(row, 3, f64::from(t.ports_with_spare))?;
        sheet.write_number(row, 4, f64::from(t.switches))?;
        sheet.write_number(row, 5, f64::from(t.patch_panels))?;
        sheet.write_string(row, 6, if t.over_capacity { "Yes" } else { "No" })?;
    }
    table_setup(sheet, estimate.telecom_rooms.len() as u32, 6)
}

fn findings_sheet(
    sheet: &mut Worksheet,
    estimate: &Estimate,
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name("Findings")?;
    headers(sheet, 0, &["Kind", "Room / IDF", "Finding"], &f.header)?;
    sheet.set_column_width(0, 12)?;
    sheet.set_column_width(1, 14)?;
    sheet.set_column_width(2, 110)?;
    for (i, finding) in estimate.findings.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string(row, 0, finding.kind.label())?;
        sheet.write_string(row, 1, finding.subject.as_deref().unwrap_or("Project"))?;
        sheet.write_string_with_format(row, 2, &finding.message, &f.wrap)?;
    }
    table_setup(sheet, estimate.findings.len() as u32, 2)
}
