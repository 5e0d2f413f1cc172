//! The schedule in the PDF summary: the milestones with their dates and owners, and a small
//! Gantt of the phases on a calendar axis, drawn on the summary's canvas after the totals.

use super::canvas::{BLACK, BLUE, Canvas, Colour, GREY, MARGIN, RED, RIGHT};
use crate::schedule::{Date, Schedule};

const LABEL_W: f32 = 170.0;
const ROW_H: f32 = 13.0;
const OTHERS: Colour = (0.62, 0.62, 0.62);

/// Milestones and a phase Gantt, from the canvas's current line down.
pub fn draw(c: &mut Canvas, schedule: &Schedule) {
    // The milestones stay together on one page, under their heading.
    c.need(40.0 + 13.0 * schedule.milestones.len() as f32);
    c.heading("Milestones");
    let mut milestones: Vec<_> = schedule.milestones.iter().collect();
    milestones.sort_by_key(|m| m.date);
    for m in milestones {
        c.need(13.0);
        c.text(MARGIN, c.y, 9.0, false, BLACK, &m.date.short());
        let name = c.fit(&m.name, 9.0, false, 270.0);
        c.text(MARGIN + 70.0, c.y, 9.0, false, BLACK, &name);
        let owner = c.fit(&m.owner, 9.0, false, RIGHT - (MARGIN + 350.0));
        c.text(MARGIN + 350.0, c.y, 9.0, false, GREY, &owner);
        c.y -= 13.0;
    }
    c.y -= 12.0;
    c.heading("Schedule");
    let rows = schedule.phases.len() as f32;
    c.need(ROW_H * (rows + 2.0));
    let (x0, x1) = (MARGIN + LABEL_W, RIGHT);
    let first = schedule.start;
    let days = first.days_until(schedule.finish).max(0) as f32 + 1.0;
    let x_of = |date: Date| x0 + (x1 - x0) * first.days_until(date) as f32 / days;

    // The axis: a tick and the month's name at each month's first day.
    let top = c.y;
    let mut month = month_start(first);
    while month <= schedule.finish {
        // The plan's first month is named at the axis's start, ticked only if it starts there.
        let x = if month >= first {
            let x = x_of(month);
            c.rect(x, top - ROW_H * rows - 4.0, 0.4, ROW_H * rows + 12.0, GREY);
            x
        } else {
            x0
        };
        let (y, m, _) = month.ymd();
        let label = format!("{} {y}", MONTHS[(m - 1) as usize]);
        let room = x_of(next_month(month)).min(x1) - x;
        if room > 34.0 || (month >= first && x1 - x > 34.0) {
            c.text(x + 2.0, top, 7.0, false, GREY, &label);
        }
        month = next_month(month);
    }
    c.y -= ROW_H;
    let last = schedule.phases.last().map(|p| p.id.clone());
    for phase in &schedule.phases {
        let label = c.fit(&phase.name, 8.0, false, LABEL_W - 8.0);
        c.text(MARGIN, c.y, 8.0, false, BLACK, &label);
        let colour = if Some(&phase.id) == last.as_ref() {
            RED
        } else if phase.work_hours.is_zero() {
            OTHERS
        } else {
            BLUE
        };
        let (a, b) = (x_of(phase.start), x_of(phase.finish.plus_days(1)));
        c.rect(a, c.y - 1.5, (b - a).max(1.5), 8.0, colour);
        c.y -= ROW_H;
    }
    c.hline(x0, x1, c.y + ROW_H - 4.0);
    c.text(
        MARGIN,
        c.y,
        7.5,
        false,
        GREY,
        &format!(
            "{} to {}: {} working days. Grey: work of others (design, construction); red: go-live.",
            schedule.start.short(),
            schedule.finish.short(),
            schedule.working_days
        ),
    );
    c.y -= ROW_H;
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn month_start(date: Date) -> Date {
    let (y, m, _) = date.ymd();
    Date::from_ymd(y, m, 1).unwrap_or(date)
}

fn next_month(date: Date) -> Date {
    let (y, m, _) = date.ymd();
    let (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    // Past the calendar's last year the axis simply stops.
    Date::from_ymd(y, m, 1).unwrap_or(date.plus_days(100_000))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schedule_page_shows_the_milestones_and_the_phases() {
        let schedule = crate::schedule::tests_support::west_tower();
        let render = || {
            let mut c = Canvas::new(super::super::font::Fonts::get());
            draw(&mut c, &schedule);
            c.finish("West Tower").unwrap()
        };
        let bytes = render();
        let pdf = lopdf::Document::load_mem(&bytes).unwrap();
        assert_eq!(pdf.get_pages().len(), 1);
        let text = pdf.extract_text(&[1]).unwrap();
        for wanted in [
            "Milestones",
            "Go-live",
            "Cabling rough-in",
            "Jan 2027",
            "working days",
        ] {
            assert!(text.contains(wanted), "{wanted} in {text}");
        }
        assert_eq!(render(), bytes);
    }
}
