//! The workbook's Schedule sheet: one row per task (phase, floor, start, finish, working days,
//! hours, crew, owner) with a live total of the hours, then the milestones. The budget workbook
//! adds it with `sheet(workbook.add_worksheet(), schedule)`.

use crate::schedule::{Date, Schedule};
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Formula, Worksheet, XlsxError};

const COLUMNS: [(&str, f64); 9] = [
    ("Phase", 46.0),
    ("Floor", 18.0),
    ("Start", 13.0),
    ("Finish", 13.0),
    ("Working Days", 10.0),
    ("Hours", 11.0),
    ("Crew", 14.0),
    ("People", 8.0),
    ("Owner", 22.0),
];

fn excel_date(date: Date) -> Result<ExcelDateTime, XlsxError> {
    let (y, m, d) = date.ymd();
    ExcelDateTime::from_ymd(
        u16::try_from(y).unwrap_or(1900),
        u8::try_from(m).unwrap_or(1),
        u8::try_from(d).unwrap_or(1),
    )
}

/// Fill `sheet` (named "Schedule") with the plan.
pub fn sheet(sheet: &mut Worksheet, schedule: &Schedule) -> Result<(), XlsxError> {
    let header = Format::new()
        .set_bold()
        .set_font_color("FFFFFF")
        .set_background_color("1F3864")
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let date = Format::new().set_num_format("d mmm yyyy");
    let hours = Format::new().set_num_format("#,##0.00");
    let bold = Format::new().set_bold();
    let bold_hours = Format::new().set_bold().set_num_format("#,##0.00");
    sheet.set_name("Schedule")?;
    for (col, (title, width)) in COLUMNS.iter().enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(0, col, *title, &header)?;
        sheet.set_column_width(col, *width)?;
    }
    let mut row = 1u32;
    for phase in &schedule.phases {
        for task in phase.tasks.iter().filter_map(|&id| schedule.task(id)) {
            sheet.write_string(row, 0, &phase.name)?;
            sheet.write_string(row, 1, task.floor.as_deref().unwrap_or(""))?;
            sheet.write_datetime_with_format(row, 2, excel_date(task.start)?, &date)?;
            sheet.write_datetime_with_format(row, 3, excel_date(task.finish)?, &date)?;
            sheet.write_number(row, 4, f64::from(task.working_days))?;
            sheet.write_number_with_format(
                row,
                5,
                task.work_hours.to_f64().unwrap_or(0.0),
                &hours,
            )?;
            let crew = if task.work_hours.is_zero() {
                String::new()
            } else {
                task.crew.describe()
            };
            sheet.write_string(row, 6, &crew)?;
            if !task.work_hours.is_zero() {
                sheet.write_number(row, 7, f64::from(task.crew.people()))?;
            }
            sheet.write_string(row, 8, &task.owner)?;
            row += 1;
        }
    }
    let last_task_row = row.saturating_sub(1).max(1);
    sheet.write_string_with_format(row, 0, "Total", &bold)?;
    sheet.write_datetime_with_format(row, 2, excel_date(schedule.start)?, &date)?;
    sheet.write_datetime_with_format(row, 3, excel_date(schedule.finish)?, &date)?;
    sheet.write_number_with_format(row, 4, f64::from(schedule.working_days), &bold)?;
    let total = schedule.work_hours;
    sheet.write_formula_with_format(
        row,
        5,
        Formula::new(format!("=SUM(F2:F{})", last_task_row + 1))
            .set_result(total.normalize().to_string()),
        &bold_hours,
    )?;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last_task_row, (COLUMNS.len() - 1) as u16)?;

    row += 2;
    for (col, title) in ["Milestone", "", "Date", "", "", "", "", "", "Owner"]
        .iter()
        .enumerate()
    {
        if !title.is_empty() {
            sheet.write_string_with_format(row, col as u16, *title, &header)?;
        }
    }
    let mut milestones: Vec<_> = schedule.milestones.iter().collect();
    milestones.sort_by_key(|m| m.date);
    for m in milestones {
        row += 1;
        sheet.write_string(row, 0, &m.name)?;
        sheet.write_datetime_with_format(row, 2, excel_date(m.date)?, &date)?;
        sheet.write_string(row, 8, &m.owner)?;
    }
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};

    #[test]
    fn one_row_per_task_with_a_live_total_and_the_milestones() {
        let schedule = crate::schedule::tests_support::west_tower();
        let mut workbook = rust_xlsxwriter::Workbook::new();
        sheet(workbook.add_worksheet(), &schedule).unwrap();
        let bytes = workbook.save_to_buffer().unwrap();
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let range = book.worksheet_range("Schedule").unwrap();
        let text = |r: u32, c: u32| {
            range
                .get_value((r, c))
                .map(|v| v.to_string())
                .unwrap_or_default()
        };
        assert_eq!(text(0, 0), "Phase");
        assert_eq!(text(0, 6), "Crew");
        let n = schedule.tasks.len() as u32;
        assert_eq!(text(3, 1), "Floor 3");
        assert_eq!(text(3, 0), "Cabling rough-in");
        assert_eq!(text(n + 1, 0), "Total");
        match range.get_value((n + 1, 5)) {
            Some(Data::Float(total)) => {
                assert!((total - schedule.work_hours.to_f64().unwrap()).abs() < 1e-9)
            }
            other => panic!("total: {other:?}"),
        }
        assert!(matches!(range.get_value((1, 2)), Some(Data::DateTime(_))));
        assert_eq!(text(n + 3, 0), "Milestone");
        assert_eq!(text(n + 3 + schedule.milestones.len() as u32, 0), "Go-live");
        let formulas = book.worksheet_formula("Schedule").unwrap();
        let formula = formulas.get_value((n + 1, 5)).cloned().unwrap_or_default();
        assert_eq!(formula, format!("SUM(F2:F{})", n + 1));
    }
}
