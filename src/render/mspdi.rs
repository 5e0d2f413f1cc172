//! `schedule.xml`: the Schedule in Microsoft Project XML (MSPDI), which MS Project, ProjectLibre
//! and Smartsheet import. Phases planned floor by floor are summary tasks over their floors;
//! links, work and resource assignments are the model's. Every timestamp is a day of the plan at
//! the calendar's start or end of work, so the same schedule gives the same bytes.

use crate::schedule::{Date, LinkType, Schedule, Task, Weekday, iso_duration as duration};
use std::collections::BTreeMap;
use std::fmt::Write;

/// The working day starts at 08:00 and breaks for lunch from 12:00 to 13:00.
const DAY_START_MINUTES: u32 = 8 * 60;
const LUNCH_START_MINUTES: u32 = 12 * 60;
const LUNCH_MINUTES: u32 = 60;

/// The bytes of `schedule.xml` for a project called `title`.
pub fn render(schedule: &Schedule, title: &str) -> Vec<u8> {
    let day = Day::of(schedule);
    let mut x = String::with_capacity(4096 + schedule.tasks.len() * 1500);
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
    x.push_str("<Project xmlns=\"http://schemas.microsoft.com/project\">\n");
    let created = day.start_of(schedule.data_date);
    el(&mut x, 1, "SaveVersion", "14");
    el(&mut x, 1, "Name", "schedule.xml");
    el(&mut x, 1, "Title", &clean(title));
    el(&mut x, 1, "CreationDate", &created);
    el(&mut x, 1, "LastSaved", &created);
    el(&mut x, 1, "ScheduleFromStart", "1");
    el(&mut x, 1, "StartDate", &day.start_of(schedule.start));
    el(&mut x, 1, "FinishDate", &day.end_of(schedule.finish));
    el(&mut x, 1, "CalendarUID", "1");
    el(&mut x, 1, "DefaultStartTime", &clock(DAY_START_MINUTES));
    el(&mut x, 1, "DefaultFinishTime", &clock(day.end_minutes()));
    el(&mut x, 1, "MinutesPerDay", &day.minutes.to_string());
    let week = day.minutes * u32::try_from(working_weekdays(schedule)).unwrap_or(7);
    el(&mut x, 1, "MinutesPerWeek", &week.to_string());
    el(&mut x, 1, "DaysPerMonth", "20");
    // Fixed duration: the plan's durations stand and each assignment's units follow its work.
    el(&mut x, 1, "DefaultTaskType", "1");
    el(&mut x, 1, "DurationFormat", "7");
    el(&mut x, 1, "WorkFormat", "2");
    el(&mut x, 1, "NewTasksEffortDriven", "0");
    el(&mut x, 1, "StatusDate", &created);
    el(&mut x, 1, "CurrentDate", &created);
    calendar(&mut x, schedule, &day);
    let uids = tasks(&mut x, schedule, &day);
    let resource_uids = resources(&mut x, schedule);
    assignments(&mut x, schedule, &day, &uids, &resource_uids);
    x.push_str("</Project>\n");
    x.into_bytes()
}

/// The working day's length and where it ends.
struct Day {
    minutes: u32,
}

impl Day {
    fn of(schedule: &Schedule) -> Day {
        Day {
            minutes: schedule.minutes_per_day.clamp(1, 12 * 60),
        }
    }

    /// The working times: the morning up to lunch, then the rest after it.
    fn blocks(&self) -> Vec<(u32, u32)> {
        let morning = LUNCH_START_MINUTES - DAY_START_MINUTES;
        if self.minutes <= morning {
            return vec![(DAY_START_MINUTES, DAY_START_MINUTES + self.minutes)];
        }
        let after = LUNCH_START_MINUTES + LUNCH_MINUTES;
        vec![
            (DAY_START_MINUTES, LUNCH_START_MINUTES),
            (after, after + self.minutes - morning),
        ]
    }

    fn end_minutes(&self) -> u32 {
        self.blocks().last().map_or(DAY_START_MINUTES, |b| b.1)
    }

    fn start_of(&self, date: Date) -> String {
        format!("{date}T{}", clock(DAY_START_MINUTES))
    }

    fn end_of(&self, date: Date) -> String {
        format!("{date}T{}", clock(self.end_minutes()))
    }

    /// Working days as an MSPDI duration.
    fn days(&self, days: u32) -> String {
        let minutes = u64::from(days) * u64::from(self.minutes);
        format!("PT{}H{}M0S", minutes / 60, minutes % 60)
    }

    /// A lag in working days, in tenths of a minute as LinkLag counts it.
    fn lag(&self, days: i64) -> i64 {
        days.saturating_mul(i64::from(self.minutes) * 10)
    }
}

fn clock(minutes: u32) -> String {
    format!("{:02}:{:02}:00", minutes / 60, minutes % 60)
}

fn working_weekdays(schedule: &Schedule) -> usize {
    Weekday::ALL
        .iter()
        .filter(|d| schedule.work_week.contains(d))
        .count()
}

/// `<name>text</name>` on its own line, indented.
fn el(x: &mut String, depth: usize, name: &str, text: &str) {
    for _ in 0..depth {
        x.push_str("  ");
    }
    let _ = writeln!(x, "<{name}>{}</{name}>", quick_xml::escape::escape(text));
}

fn open(x: &mut String, depth: usize, name: &str) {
    let _ = writeln!(x, "{}<{name}>", "  ".repeat(depth));
}

fn close(x: &mut String, depth: usize, name: &str) {
    let _ = writeln!(x, "{}</{name}>", "  ".repeat(depth));
}

/// Text from the input, less the control characters XML 1.0 cannot carry.
fn clean(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

fn calendar(x: &mut String, schedule: &Schedule, day: &Day) {
    open(x, 1, "Calendars");
    open(x, 2, "Calendar");
    el(x, 3, "UID", "1");
    el(x, 3, "Name", "Standard");
    el(x, 3, "IsBaseCalendar", "1");
    el(x, 3, "BaseCalendarUID", "-1");
    open(x, 3, "WeekDays");
    // MSPDI numbers the days from Sunday.
    let mut days = Weekday::ALL;
    days.sort_by_key(|d| d.project_day_type());
    for weekday in days {
        open(x, 4, "WeekDay");
        el(x, 5, "DayType", &weekday.project_day_type().to_string());
        let working = schedule.work_week.contains(&weekday);
        el(x, 5, "DayWorking", if working { "1" } else { "0" });
        if working {
            working_times(x, 5, day);
        }
        close(x, 4, "WeekDay");
    }
    close(x, 3, "WeekDays");
    if !schedule.holidays.is_empty() {
        open(x, 3, "Exceptions");
        for holiday in &schedule.holidays {
            open(x, 4, "Exception");
            el(x, 5, "EnteredByOccurrences", "0");
            open(x, 5, "TimePeriod");
            el(x, 6, "FromDate", &format!("{holiday}T00:00:00"));
            el(x, 6, "ToDate", &format!("{holiday}T23:59:00"));
            close(x, 5, "TimePeriod");
            el(x, 5, "Occurrences", "1");
            el(x, 5, "Name", "Holiday");
            el(x, 5, "Type", "1");
            el(x, 5, "DayWorking", "0");
            close(x, 4, "Exception");
        }
        close(x, 3, "Exceptions");
    }
    close(x, 2, "Calendar");
    close(x, 1, "Calendars");
}

fn working_times(x: &mut String, depth: usize, day: &Day) {
    open(x, depth, "WorkingTimes");
    for (from, to) in day.blocks() {
        open(x, depth + 1, "WorkingTime");
        el(x, depth + 2, "FromTime", &clock(from));
        el(x, depth + 2, "ToTime", &clock(to));
        close(x, depth + 1, "WorkingTime");
    }
    close(x, depth, "WorkingTimes");
}

/// The tasks in outline order: a phase of several tasks is a summary over them. Returns each
/// model task's UID.
fn tasks(x: &mut String, schedule: &Schedule, day: &Day) -> BTreeMap<u32, u32> {
    let created = day.start_of(schedule.data_date);
    let mut uids = BTreeMap::new();
    let mut next = 1u32;
    // Every UID first (a link may name a predecessor written later), then the tasks.
    let mut rows: Vec<Row> = Vec::new();
    for (number, phase) in schedule.phases.iter().enumerate() {
        let mine: Vec<&Task> = phase
            .tasks
            .iter()
            .filter_map(|&id| schedule.task(id))
            .collect();
        let outline = (number + 1).to_string();
        let note = phase_note(schedule, phase);
        if mine.len() > 1 {
            rows.push(Row::Summary {
                uid: next,
                outline: outline.clone(),
                phase,
                note,
            });
            next += 1;
            for (i, task) in mine.iter().enumerate() {
                uids.insert(task.id, next);
                rows.push(Row::Leaf {
                    uid: next,
                    outline: format!("{outline}.{}", i + 1),
                    task,
                    note: None,
                });
                next += 1;
            }
        } else if let Some(task) = mine.first() {
            uids.insert(task.id, next);
            rows.push(Row::Leaf {
                uid: next,
                outline,
                task,
                note: Some(note),
            });
            next += 1;
        }
    }
    open(x, 1, "Tasks");
    for row in &rows {
        task_row(x, row, schedule, day, &created, &uids);
    }
    close(x, 1, "Tasks");
    uids
}

/// One task element: a phase summary or a task with its predecessors.
fn task_row(
    x: &mut String,
    row: &Row,
    schedule: &Schedule,
    day: &Day,
    created: &str,
    uids: &BTreeMap<u32, u32>,
) {
    open(x, 2, "Task");
    match row {
        Row::Summary {
            uid,
            outline,
            phase,
            note,
        } => {
            head(x, *uid, &phase.name, created, &phase.owner, outline);
            el(x, 3, "Start", &day.start_of(phase.start));
            el(x, 3, "Finish", &day.end_of(phase.finish));
            el(x, 3, "Duration", &day.days(phase.working_days));
            el(x, 3, "DurationFormat", "7");
            el(x, 3, "Work", &duration(phase.work_hours));
            el(x, 3, "EffortDriven", "0");
            el(x, 3, "Milestone", "0");
            el(x, 3, "Summary", "1");
            progress(
                x,
                &day.days(phase.working_days),
                &duration(phase.work_hours),
            );
            el(x, 3, "ConstraintType", "0");
            el(x, 3, "CalendarUID", "-1");
            el(x, 3, "Notes", note);
        }
        Row::Leaf {
            uid,
            outline,
            task,
            note,
        } => {
            head(x, *uid, &task.name, created, &task.owner, outline);
            el(x, 3, "Start", &day.start_of(task.start));
            el(x, 3, "Finish", &day.end_of(task.finish));
            el(x, 3, "Duration", &day.days(task.working_days));
            el(x, 3, "DurationFormat", "7");
            el(x, 3, "Work", &duration(task.work_hours));
            el(x, 3, "EffortDriven", "0");
            el(x, 3, "Milestone", "0");
            el(x, 3, "Summary", "0");
            progress(x, &day.days(task.working_days), &duration(task.work_hours));
            el(x, 3, "ConstraintType", "0");
            el(x, 3, "CalendarUID", "-1");
            let crew = format!("{} ({} people).", task.crew.describe(), task.crew.people());
            let text = match note {
                Some(n) => format!("{n} {crew}"),
                None => format!("Crew: {crew}"),
            };
            el(x, 3, "Notes", &text);
            predecessors(x, schedule, task.id, uids, day);
        }
    }
    close(x, 2, "Task");
}

enum Row<'s> {
    Summary {
        uid: u32,
        outline: String,
        phase: &'s crate::schedule::PhasePlan,
        note: String,
    },
    Leaf {
        uid: u32,
        outline: String,
        task: &'s Task,
        note: Option<String>,
    },
}

/// Nothing done yet: all of the duration and work remain (schedulers need these stated).
fn progress(x: &mut String, duration: &str, work: &str) {
    el(x, 3, "PercentComplete", "0");
    el(x, 3, "ActualDuration", "PT0H0M0S");
    el(x, 3, "ActualWork", "PT0H0M0S");
    el(x, 3, "RemainingDuration", duration);
    el(x, 3, "RemainingWork", work);
}

fn head(x: &mut String, uid: u32, name: &str, created: &str, owner: &str, outline: &str) {
    el(x, 3, "UID", &uid.to_string());
    el(x, 3, "ID", &uid.to_string());
    el(x, 3, "Name", &clean(name));
    el(x, 3, "Type", "1");
    el(x, 3, "IsNull", "0");
    el(x, 3, "CreateDate", created);
    el(x, 3, "Contact", &clean(owner));
    el(x, 3, "WBS", outline);
    el(x, 3, "OutlineNumber", outline);
    let level = outline.split('.').count();
    el(x, 3, "OutlineLevel", &level.to_string());
    el(x, 3, "Priority", "500");
}

fn phase_note(schedule: &Schedule, phase: &crate::schedule::PhasePlan) -> String {
    let mut note = format!("Owner: {}.", phase.owner);
    if let Some(m) = schedule.milestones.iter().find(|m| m.phase == phase.id) {
        let _ = write!(note, " Milestone at its finish: {}.", m.name);
    }
    clean(&note)
}

fn predecessors(
    x: &mut String,
    schedule: &Schedule,
    task: u32,
    uids: &BTreeMap<u32, u32>,
    day: &Day,
) {
    for link in schedule.links.iter().filter(|l| l.to == task) {
        let Some(uid) = uids.get(&link.from) else {
            continue;
        };
        open(x, 3, "PredecessorLink");
        el(x, 4, "PredecessorUID", &uid.to_string());
        // MSPDI: 0 FF, 1 FS, 2 SF, 3 SS.
        let kind = match link.kind {
            LinkType::FinishToStart => "1",
            LinkType::StartToStart => "3",
        };
        el(x, 4, "Type", kind);
        el(x, 4, "CrossProject", "0");
        el(x, 4, "LinkLag", &day.lag(link.lag).to_string());
        el(x, 4, "LagFormat", "7");
        close(x, 3, "PredecessorLink");
    }
}

fn resources(x: &mut String, schedule: &Schedule) -> BTreeMap<String, u32> {
    let mut uids = BTreeMap::new();
    open(x, 1, "Resources");
    for (i, resource) in schedule.resources.iter().enumerate() {
        let uid = u32::try_from(i + 1).unwrap_or(u32::MAX);
        uids.insert(resource.id.clone(), uid);
        open(x, 2, "Resource");
        el(x, 3, "UID", &uid.to_string());
        el(x, 3, "ID", &uid.to_string());
        el(x, 3, "Name", &clean(&resource.name));
        el(x, 3, "Type", "1");
        el(x, 3, "IsNull", "0");
        el(x, 3, "Initials", &initials(&resource.name));
        el(x, 3, "MaxUnits", &resource.peak_units.to_string());
        el(x, 3, "Work", &duration(resource.work_hours));
        close(x, 2, "Resource");
    }
    close(x, 1, "Resources");
    uids
}

fn initials(name: &str) -> String {
    clean(name)
        .split(|c: char| !c.is_alphanumeric())
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect()
}

fn assignments(
    x: &mut String,
    schedule: &Schedule,
    day: &Day,
    tasks: &BTreeMap<u32, u32>,
    resources: &BTreeMap<String, u32>,
) {
    open(x, 1, "Assignments");
    let mut uid = 1u32;
    for assignment in &schedule.assignments {
        let (Some(task), Some(task_uid), Some(resource_uid)) = (
            schedule.task(assignment.task),
            tasks.get(&assignment.task),
            resources.get(&assignment.resource),
        ) else {
            continue;
        };
        open(x, 2, "Assignment");
        el(x, 3, "UID", &uid.to_string());
        el(x, 3, "TaskUID", &task_uid.to_string());
        el(x, 3, "ResourceUID", &resource_uid.to_string());
        el(x, 3, "ActualWork", "PT0H0M0S");
        el(x, 3, "Finish", &day.end_of(task.finish));
        el(x, 3, "RemainingWork", &duration(assignment.work_hours));
        el(x, 3, "Start", &day.start_of(task.start));
        el(x, 3, "Units", &assignment.units.to_string());
        el(x, 3, "Work", &duration(assignment.work_hours));
        close(x, 2, "Assignment");
        uid += 1;
    }
    close(x, 1, "Assignments");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn durations_and_lags_in_microsoft_projects_units() {
        let d = |s: &str| rust_decimal::Decimal::from_str(s).unwrap();
        assert_eq!(duration(d("135.36")), "PT135H21M36S");
        assert_eq!(duration(d("0")), "PT0H0M0S");
        assert_eq!(duration(d("7.96875")), "PT7H58M7.5S");
        let day = Day { minutes: 480 };
        assert_eq!(day.days(9), "PT72H0M0S");
        // Two working days of 8 hours: 960 minutes, in tenths.
        assert_eq!(day.lag(2), 9600);
        assert_eq!(day.blocks(), vec![(480, 720), (780, 1020)]);
        assert_eq!(clock(day.end_minutes()), "17:00:00");
        assert_eq!(Day { minutes: 240 }.blocks(), vec![(480, 720)]);
        assert_eq!(Day { minutes: 450 }.blocks(), vec![(480, 720), (780, 990)]);
        assert_eq!(initials("Provisioning (SCCM)"), "PS");
        assert_eq!(clean("A\u{1}B"), "AB");
    }
}
