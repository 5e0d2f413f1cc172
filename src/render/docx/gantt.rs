//! The schedule's pieces of the SOW, as WordprocessingML a renderer places in the document body:
//! the dated milestones, a Gantt chart drawn as a table of shaded week cells (no images, so it
//! stays text a reader can search and Word lays out), and the roles and responsibilities (RACI)
//! table. Each function returns one `<w:tbl>` element; cells use the SOW's `TableSmall`
//! paragraph styles, like the long tables.

use super::clean;
use crate::schedule::{Date, PhasePlan, Schedule, Task};
use std::fmt::Write;

/// The text width of the page, in twips.
const PAGE_WIDTH: usize = super::TEXT_WIDTH;
/// More columns than this and a week's cell is too narrow to see: weeks are then grouped.
const MAX_COLUMNS: usize = 26;
const HEADER_FILL: &str = "1F3864";
const WORK_FILL: &str = "4472C4";
/// Phases with no labor of ours (construction, design review): another party's time.
const OTHERS_FILL: &str = "A5A5A5";
const GO_LIVE_FILL: &str = "C00000";

/// Milestone | Date | Owner, in date order.
pub fn milestones_table(schedule: &Schedule) -> String {
    let widths = [5160, 1800, 2400];
    let mut x = table_start(&widths);
    header_row(
        &mut x,
        &[("Milestone", 5160), ("Date", 1800), ("Owner", 2400)],
    );
    let mut milestones: Vec<_> = schedule.milestones.iter().collect();
    milestones.sort_by_key(|m| m.date);
    for m in milestones {
        x.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        cell(&mut x, &m.name, 5160, Style::Text);
        cell(&mut x, &m.date.long(), 1800, Style::Text);
        cell(&mut x, &m.owner, 2400, Style::Text);
        x.push_str("</w:tr>");
    }
    x.push_str("</w:tbl>");
    x
}

/// A week (or a group of weeks) of the chart: its first and last day.
struct Column {
    first: Date,
    last: Date,
}

fn columns(schedule: &Schedule) -> Vec<Column> {
    // Weeks start on the Monday on or before the plan's start.
    let monday = schedule.start.plus_days(-(schedule.start.weekday() as i32));
    let days = monday.days_until(schedule.finish) + 1;
    let weeks = usize::try_from(days.max(1)).unwrap_or(1).div_ceil(7);
    let per_column = weeks.div_ceil(MAX_COLUMNS).max(1);
    let span = i32::try_from(per_column * 7).unwrap_or(7);
    (0..weeks.div_ceil(per_column))
        .map(|i| {
            let first = monday.plus_days(i32::try_from(i).unwrap_or(0) * span);
            Column {
                first,
                last: first.plus_days(span - 1),
            }
        })
        .collect()
}

/// Phase | Start | Finish | one shaded cell per week the phase (or floor) works in. Phases
/// planned floor by floor get a row per floor under their own.
pub fn gantt_table(schedule: &Schedule) -> String {
    let columns = columns(schedule);
    let (name_w, date_w) = (2500, 1000);
    let week_w = (PAGE_WIDTH - name_w - 2 * date_w) / columns.len().max(1);
    let mut widths = vec![name_w, date_w, date_w];
    widths.extend(std::iter::repeat_n(week_w, columns.len()));
    let mut x = table_start(&widths);

    // The header: week labels written bottom to top, so a narrow column can hold them.
    x.push_str("<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val=\"640\" w:hRule=\"atLeast\"/><w:tblHeader/></w:trPr>");
    for (text, width) in [("Phase", name_w), ("Start", date_w), ("Finish", date_w)] {
        cell(&mut x, text, width, Style::Header);
    }
    for column in &columns {
        let (_, m, d) = column.first.ymd();
        let label = format!("{} {d}", MONTHS[(m - 1) as usize]);
        cell(&mut x, &label, week_w, Style::Rotated);
    }
    x.push_str("</w:tr>");

    for phase in &schedule.phases {
        let tasks: Vec<&Task> = phase
            .tasks
            .iter()
            .filter_map(|&id| schedule.task(id))
            .collect();
        let fill = fill_of(schedule, phase);
        bar_row(
            &mut x,
            &columns,
            &phase.name,
            phase.start,
            phase.finish,
            fill,
            (name_w, date_w, week_w),
            true,
        );
        if tasks.len() > 1 {
            for task in tasks {
                let label = format!("    {}", task.floor.as_deref().unwrap_or(&task.name));
                bar_row(
                    &mut x,
                    &columns,
                    &label,
                    task.start,
                    task.finish,
                    fill,
                    (name_w, date_w, week_w),
                    false,
                );
            }
        }
    }
    x.push_str("</w:tbl>");
    x
}

fn fill_of(schedule: &Schedule, phase: &PhasePlan) -> &'static str {
    if schedule.phases.last().is_some_and(|p| p.id == phase.id) {
        GO_LIVE_FILL
    } else if phase.work_hours.is_zero() {
        OTHERS_FILL
    } else {
        WORK_FILL
    }
}

#[allow(clippy::too_many_arguments)]
fn bar_row(
    x: &mut String,
    columns: &[Column],
    label: &str,
    start: Date,
    finish: Date,
    fill: &str,
    (name_w, date_w, week_w): (usize, usize, usize),
    bold: bool,
) {
    x.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
    cell(
        x,
        label,
        name_w,
        if bold { Style::Bold } else { Style::Text },
    );
    cell(x, &short(start), date_w, Style::Text);
    cell(x, &short(finish), date_w, Style::Text);
    for column in columns {
        let busy = start <= column.last && finish >= column.first;
        let _ = write!(
            x,
            "<w:tc><w:tcPr><w:tcW w:w=\"{week_w}\" w:type=\"dxa\"/>{}</w:tcPr><w:p><w:pPr><w:pStyle w:val=\"TableSmall\"/></w:pPr></w:p></w:tc>",
            if busy { shade(fill) } else { String::new() }
        );
    }
    x.push_str("</w:tr>");
}

/// Phase | one column per role, each cell R, A, A/R, C, I or blank.
pub fn raci_table(schedule: &Schedule) -> String {
    let name_w = 2200;
    let role_w = (PAGE_WIDTH - name_w) / schedule.roles.len().max(1);
    let mut widths = vec![name_w];
    widths.extend(std::iter::repeat_n(role_w, schedule.roles.len()));
    let mut x = table_start(&widths);
    x.push_str("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
    cell(&mut x, "Phase", name_w, Style::Header);
    for role in &schedule.roles {
        cell(&mut x, &role.name, role_w, Style::HeaderCentred);
    }
    x.push_str("</w:tr>");
    for phase in &schedule.phases {
        x.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        cell(&mut x, &phase.name, name_w, Style::Text);
        for letter in &phase.raci {
            cell(&mut x, letter, role_w, Style::Centred);
        }
        x.push_str("</w:tr>");
    }
    x.push_str("</w:tbl>");
    x
}

/// The sentence that reads the RACI table, as a paragraph to place under it.
pub fn raci_legend() -> String {
    format!(
        "<w:p><w:pPr><w:pStyle w:val=\"TableSmall\"/></w:pPr><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
        "R: responsible (does the work). A: accountable (owns the result and signs it off). C: consulted before. I: informed after."
    )
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `7 Jun 27`: dates in a narrow column.
fn short(date: Date) -> String {
    let (y, m, d) = date.ymd();
    format!("{d} {} {:02}", MONTHS[(m - 1) as usize], y.rem_euclid(100))
}

fn table_start(widths: &[usize]) -> String {
    let total: usize = widths.iter().sum();
    let mut x = format!(
        "<w:tbl><w:tblPr><w:tblW w:w=\"{total}\" w:type=\"dxa\"/><w:tblBorders>{}</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"40\" w:type=\"dxa\"/><w:right w:w=\"40\" w:type=\"dxa\"/></w:tblCellMar><w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"1\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>",
        ["top", "left", "bottom", "right", "insideH", "insideV"]
            .iter()
            .map(|side| format!(
                "<w:{side} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"BFBFBF\"/>"
            ))
            .collect::<String>()
    );
    for w in widths {
        let _ = write!(x, "<w:gridCol w:w=\"{w}\"/>");
    }
    x.push_str("</w:tblGrid>");
    x
}

fn shade(fill: &str) -> String {
    format!("<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{fill}\"/>")
}

#[derive(Clone, Copy, PartialEq)]
enum Style {
    Text,
    Bold,
    Centred,
    Header,
    HeaderCentred,
    Rotated,
}

fn header_row(x: &mut String, cells: &[(&str, usize)]) {
    x.push_str("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
    for (text, width) in cells {
        cell(x, text, *width, Style::Header);
    }
    x.push_str("</w:tr>");
}

fn cell(x: &mut String, text: &str, width: usize, style: Style) {
    let header = matches!(style, Style::Header | Style::HeaderCentred | Style::Rotated);
    let _ = write!(x, "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>");
    if header {
        x.push_str(&shade(HEADER_FILL));
    }
    if style == Style::Rotated {
        x.push_str("<w:textDirection w:val=\"btLr\"/><w:vAlign w:val=\"bottom\"/>");
    }
    x.push_str("</w:tcPr><w:p><w:pPr><w:pStyle w:val=\"TableSmall\"/>");
    if matches!(style, Style::Centred | Style::HeaderCentred) {
        x.push_str("<w:jc w:val=\"center\"/>");
    }
    x.push_str("</w:pPr><w:r>");
    match style {
        Style::Bold => x.push_str("<w:rPr><w:b/></w:rPr>"),
        // Week labels and role names sit in narrow columns: smaller type.
        s if header => x.push_str(match s {
            Style::Rotated => {
                "<w:rPr><w:b/><w:color w:val=\"FFFFFF\"/><w:sz w:val=\"12\"/></w:rPr>"
            }
            Style::HeaderCentred => {
                "<w:rPr><w:b/><w:color w:val=\"FFFFFF\"/><w:sz w:val=\"14\"/></w:rPr>"
            }
            _ => "<w:rPr><w:b/><w:color w:val=\"FFFFFF\"/></w:rPr>",
        }),
        _ => {}
    }
    x.push_str("<w:t xml:space=\"preserve\">");
    x.push_str(&quick_xml::escape::escape(clean(text).as_str()));
    x.push_str("</w:t></w:r></w:p></w:tc>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::{Basis, Crew, Milestone, RoleInfo};
    use rust_decimal::Decimal;

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn phase(id: &str, start: &str, finish: &str, hours: i64, tasks: Vec<u32>) -> PhasePlan {
        PhasePlan {
            id: id.into(),
            name: format!("Phase <{id}>"),
            owner: "IT Project Manager".into(),
            start: d(start),
            finish: d(finish),
            working_days: 5,
            work_hours: Decimal::from(hours),
            crew: Crew { size: 1, crews: 1 },
            tasks,
            milestone: None,
            raci: vec!["A/R".into(), "C".into()],
        }
    }

    fn task(id: u32, phase: &str, floor: &str, start: &str, finish: &str) -> Task {
        Task {
            id,
            name: format!("{phase}: {floor}"),
            phase: phase.into(),
            floor: Some(floor.into()),
            start: d(start),
            finish: d(finish),
            working_days: 5,
            work_hours: Decimal::TEN,
            crew: Crew { size: 2, crews: 1 },
            owner: "Cabling Vendor".into(),
        }
    }

    fn schedule() -> Schedule {
        Schedule {
            data_date: d("2027-06-07"),
            start: d("2027-06-09"),
            finish: d("2027-07-02"),
            target_go_live: Some(d("2027-07-02")),
            basis: Basis::GoLive,
            hours_per_day: Decimal::from(8),
            minutes_per_day: 480,
            work_week: Vec::new(),
            holidays: Vec::new(),
            working_days: 18,
            work_hours: Decimal::from(20),
            phases: vec![
                phase("design", "2027-06-09", "2027-06-15", 0, vec![1]),
                phase("rough", "2027-06-16", "2027-06-29", 20, vec![2, 3]),
                phase("go", "2027-07-02", "2027-07-02", 0, vec![]),
            ],
            tasks: vec![
                task(1, "design", "x", "2027-06-09", "2027-06-15"),
                task(2, "rough", "Floor 1", "2027-06-16", "2027-06-22"),
                task(3, "rough", "Floor 2", "2027-06-23", "2027-06-29"),
            ],
            links: Vec::new(),
            resources: Vec::new(),
            assignments: Vec::new(),
            milestones: vec![Milestone {
                name: "Go-live & handover".into(),
                date: d("2027-07-02"),
                owner: "IT Project Manager".into(),
                phase: "go".into(),
            }],
            roles: vec![
                RoleInfo {
                    id: "pm".into(),
                    name: "IT Project Manager".into(),
                },
                RoleInfo {
                    id: "gc".into(),
                    name: "Construction".into(),
                },
            ],
            findings: Vec::new(),
        }
    }

    /// The XML parses, and its `w:tr` rows each have as many cells as the grid has columns.
    fn check(xml: &str) -> Vec<Vec<String>> {
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut grid = 0;
        let mut depth = 0i32;
        loop {
            match reader.read_event().unwrap() {
                quick_xml::events::Event::Start(e) => {
                    depth += 1;
                    match e.name().as_ref() {
                        "w:tr" => rows.push(Vec::new()),
                        "w:tc" => rows.last_mut().unwrap().push(String::new()),
                        _ => {}
                    }
                }
                quick_xml::events::Event::Empty(e) => {
                    if e.name().as_ref() == "w:gridCol" {
                        grid += 1;
                    }
                    if e.name().as_ref() == "w:shd"
                        && let Some(cell) = rows.last_mut().and_then(|r| r.last_mut())
                    {
                        cell.push('#');
                    }
                }
                quick_xml::events::Event::Text(t) => {
                    if let Some(cell) = rows.last_mut().and_then(|r| r.last_mut()) {
                        cell.push_str(&t.xml10_content());
                    }
                }
                quick_xml::events::Event::GeneralRef(r) => {
                    let text = quick_xml::escape::resolve_xml_entity(r.as_ref()).unwrap();
                    if let Some(cell) = rows.last_mut().and_then(|r| r.last_mut()) {
                        cell.push_str(text);
                    }
                }
                quick_xml::events::Event::End(_) => depth -= 1,
                quick_xml::events::Event::Eof => break,
                _ => {}
            }
        }
        assert_eq!(depth, 0);
        for row in &rows {
            assert_eq!(row.len(), grid, "{row:?}");
        }
        rows
    }

    #[test]
    fn the_gantt_shades_the_weeks_each_phase_and_floor_works() {
        let rows = check(&gantt_table(&schedule()));
        // Weeks from Monday 7 June to the week of 2 July: four.
        assert_eq!(rows[0][3..], ["#Jun 7", "#Jun 14", "#Jun 21", "#Jun 28"]);
        assert_eq!(rows[1][..3], ["Phase <design>", "9 Jun 27", "15 Jun 27"]);
        assert_eq!(rows[1][3..], ["#", "#", "", ""]);
        // The floors of rough-in, each in its weeks.
        assert_eq!(rows[2][3..], ["", "#", "#", "#"]);
        assert_eq!(rows[3][0].trim(), "Floor 1");
        assert_eq!(rows[3][3..], ["", "#", "#", ""]);
        assert_eq!(rows[4][3..], ["", "", "#", "#"]);
        assert_eq!(rows.len(), 6);
        let xml = gantt_table(&schedule());
        assert!(xml.contains(GO_LIVE_FILL) && xml.contains(OTHERS_FILL) && xml.contains(WORK_FILL));
    }

    #[test]
    fn a_long_plan_groups_weeks_into_at_most_26_columns() {
        let mut long = schedule();
        long.finish = d("2029-06-29");
        let columns = columns(&long);
        assert!(columns.len() <= MAX_COLUMNS);
        assert!(columns.last().unwrap().last >= long.finish);
        assert!(columns[0].first <= long.start);
        check(&gantt_table(&long));
    }

    #[test]
    fn milestones_and_raci_tables() {
        let rows = check(&milestones_table(&schedule()));
        assert_eq!(
            rows[1],
            ["Go-live & handover", "July 2, 2027", "IT Project Manager"]
        );
        let rows = check(&raci_table(&schedule()));
        assert_eq!(rows[0], ["#Phase", "#IT Project Manager", "#Construction"]);
        assert_eq!(rows[1], ["Phase <design>", "A/R", "C"]);
        assert!(raci_legend().starts_with("<w:p>"));
    }
}
