//! Tests of the schedule: dates, links, crews, findings, and work equal to the estimate's labor hours.

use super::*;
use crate::catalog::Catalog;
use crate::estimate::FindingKind;
use crate::estimate::{Estimate, estimate};
use crate::input::ReadOptions;
use crate::room_list::ProjectInfo;
use std::path::Path;

fn sample(name: &str, project: ProjectInfo) -> (Estimate, Catalog) {
    let catalog = Catalog::default_catalog();
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name);
    let options = ReadOptions {
        project: Some(project),
        ..Default::default()
    };
    let list = crate::input::read(&path, &catalog, &options).expect("the sample reads");
    (estimate(&list, &catalog), catalog)
}

#[test]
fn total_work_equals_the_estimates_labor_hours_exactly() {
    for name in [
        "clinic-fitout.xlsx",
        "west-tower-rev-a.xlsx",
        "west-tower-rev-b.xlsx",
    ] {
        let (estimate, catalog) = sample(name, ProjectInfo::default());
        let schedule = plan(&estimate, catalog.schedule());
        let tasks: Decimal = schedule.tasks.iter().map(|t| t.work_hours).sum();
        let assigned: Decimal = schedule.assignments.iter().map(|a| a.work_hours).sum();
        assert_eq!(tasks, estimate.totals.labor_hours, "{name}");
        assert_eq!(assigned, estimate.totals.labor_hours, "{name}");
        assert_eq!(schedule.work_hours, estimate.totals.labor_hours, "{name}");
        for discipline in &estimate.disciplines {
            let planned: Decimal = schedule
                .assignments
                .iter()
                .filter(|a| a.resource == discipline.id)
                .map(|a| a.work_hours)
                .sum();
            assert_eq!(planned, discipline.labor_hours, "{name} {}", discipline.id);
        }
    }
}

fn project(pairs: &[(&str, &str)]) -> ProjectInfo {
    let text: String = pairs
        .iter()
        .map(|(k, v)| format!("{k} = \"{v}\"\n"))
        .collect();
    toml::from_str(&text).unwrap()
}

fn date(text: &str) -> Date {
    Date::parse(text).unwrap()
}

#[test]
fn backward_from_the_go_live_the_last_task_ends_on_it() {
    let (estimate, catalog) = sample(
        "clinic-fitout.xlsx",
        project(&[("target_go_live", "2027-09-01")]),
    );
    let schedule = plan(&estimate, catalog.schedule());
    assert_eq!(schedule.basis, Basis::GoLive);
    assert_eq!(schedule.finish, date("2027-09-01"));
    assert_eq!(schedule.tasks.last().unwrap().finish, date("2027-09-01"));
    assert_eq!(schedule.target_go_live, Some(date("2027-09-01")));
    // No data date given: the plan is as of its own start.
    assert_eq!(schedule.data_date, schedule.start);
    let calendar = schedule.calendar();
    assert_eq!(
        calendar.working_days(schedule.start, schedule.finish),
        i64::from(schedule.working_days)
    );
    // Every link holds: FS successors start after their predecessor's finish plus the lag.
    for link in &schedule.links {
        let (from, to) = (
            schedule.task(link.from).unwrap(),
            schedule.task(link.to).unwrap(),
        );
        let earliest = match link.kind {
            LinkType::FinishToStart => calendar.add_working_days(from.finish, 1 + link.lag),
            LinkType::StartToStart => calendar.add_working_days(from.start, link.lag),
        };
        assert!(to.start >= earliest, "{link:?}");
    }
    for task in &schedule.tasks {
        assert!(calendar.is_working(task.start) && calendar.is_working(task.finish));
        assert_eq!(
            calendar.working_days(task.start, task.finish),
            i64::from(task.working_days)
        );
    }
    // The go-live milestone is the last phase's, owned by its owner.
    let go_live = schedule.milestones.last().unwrap();
    assert_eq!(
        (go_live.name.as_str(), go_live.date),
        ("Go-live", date("2027-09-01"))
    );
    assert_eq!(go_live.owner, "IT Project Manager");
    assert!(schedule.findings.is_empty(), "{:?}", schedule.findings);
}

#[test]
fn a_go_live_too_close_to_the_data_date_is_a_finding_with_the_days_short() {
    let (estimate, catalog) = sample(
        "clinic-fitout.xlsx",
        project(&[
            ("target_go_live", "2027-09-01"),
            ("data_date", "2027-08-02"),
        ]),
    );
    let schedule = plan(&estimate, catalog.schedule());
    assert_eq!(schedule.basis, Basis::GoLiveMissed);
    assert_eq!(schedule.data_date, date("2027-08-02"));
    assert_eq!(schedule.start, date("2027-08-02"));
    let calendar = schedule.calendar();
    let available = calendar.working_days(date("2027-08-02"), date("2027-09-01"));
    let short = i64::from(schedule.working_days) - available;
    assert!(short > 0);
    assert!(schedule.finish > date("2027-09-01"));
    let finding = schedule
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::Risk)
        .expect("a risk finding");
    assert!(
        finding.message.contains(&format!(
            "{available} are available, {short} working days short"
        )),
        "{}",
        finding.message
    );
    assert!(finding.message.contains(&schedule.finish.long()));

    // With the data date early enough, the go-live is met and nothing is said.
    let (estimate, catalog) = sample(
        "clinic-fitout.xlsx",
        project(&[
            ("target_go_live", "2027-09-01"),
            ("data_date", "2027-03-01"),
        ]),
    );
    let schedule = plan(&estimate, catalog.schedule());
    assert_eq!(schedule.basis, Basis::GoLive);
    assert_eq!(schedule.data_date, date("2027-03-01"));
    assert!(schedule.findings.is_empty());
}

#[test]
fn forward_from_a_start_date_and_dates_as_a_project_sheet_gives_them() {
    // 3/15/2027 as text, 46461 as an Excel serial: the same Monday.
    for start in ["3/15/2027", "46461", "2027-03-15"] {
        let (estimate, catalog) = sample("clinic-fitout.xlsx", project(&[("start_date", start)]));
        let mut estimate = estimate;
        estimate.project.target_go_live = None;
        let schedule = plan(&estimate, catalog.schedule());
        assert_eq!(schedule.basis, Basis::Start);
        assert_eq!(schedule.start, date("2027-03-15"), "{start}");
        assert_eq!(schedule.tasks[0].start, date("2027-03-15"));
    }
    let (mut estimate, catalog) = sample("clinic-fitout.xlsx", ProjectInfo::default());
    estimate.project.target_go_live = Some("soon".into());
    let schedule = plan(&estimate, catalog.schedule());
    assert_eq!(schedule.basis, Basis::Nominal);
    assert!(
        schedule
            .findings
            .iter()
            .any(|f| f.message.contains("'soon' is not a date"))
    );
}

#[test]
fn a_go_live_on_a_holiday_ends_the_plan_on_the_working_day_before() {
    // 2027-09-06 is Labor Day in the catalog's holidays; the project adds 2027-09-03.
    let (estimate, catalog) = sample(
        "clinic-fitout.xlsx",
        ProjectInfo {
            target_go_live: Some("2027-09-06".into()),
            holidays: vec!["2027-09-03".into()],
            ..Default::default()
        },
    );
    let schedule = plan(&estimate, catalog.schedule());
    assert_eq!(schedule.finish, date("2027-09-02"));
    assert!(schedule.holidays.contains(&date("2027-09-03")));
    assert!(schedule.findings[0].message.contains("not a working day"));
}

#[test]
fn rough_in_and_trim_out_go_floor_by_floor() {
    let (estimate, catalog) = sample(
        "west-tower-rev-a.xlsx",
        project(&[("start_date", "2027-01-04")]),
    );
    let schedule = plan(&estimate, catalog.schedule());
    let floors = |phase: &str| -> Vec<&Task> {
        schedule.tasks.iter().filter(|t| t.phase == phase).collect()
    };
    let (rough, trim) = (floors("rough_in"), floors("trim_out"));
    let names: Vec<_> = rough.iter().map(|t| t.floor.as_deref().unwrap()).collect();
    assert_eq!(names, ["Floor 3", "Floor 4", "Floor 5"]);
    assert_eq!(trim.len(), 3);
    for (r, t) in rough.iter().zip(&trim) {
        assert_eq!(r.floor, t.floor);
        assert!(
            t.start > r.finish,
            "trim-out of {:?} after its rough-in",
            t.floor
        );
        assert!(
            schedule
                .links
                .iter()
                .any(|l| l.from == r.id && l.to == t.id)
        );
    }
    for pair in rough.windows(2).chain(trim.windows(2)) {
        assert!(pair[1].start > pair[0].finish, "floors follow one another");
    }
    // The phase summary spans its floors; work per floor adds up to the phase's.
    let phase = schedule.phases.iter().find(|p| p.id == "rough_in").unwrap();
    assert_eq!(
        (phase.start, phase.finish),
        (rough[0].start, rough[2].finish)
    );
    let sum: Decimal = rough.iter().map(|t| t.work_hours).sum();
    assert_eq!(phase.work_hours, sum);
    // The clinic has one floor: its phases are single tasks.
    let (estimate, catalog) = sample("clinic-fitout.xlsx", ProjectInfo::default());
    let schedule = plan(&estimate, catalog.schedule());
    assert!(schedule.tasks.iter().all(|t| t.floor.is_none()));
}

#[test]
fn a_phase_needing_more_crews_than_allowed_is_a_finding() {
    let (estimate, catalog) = sample("west-tower-rev-a.xlsx", ProjectInfo::default());
    let mut rules = catalog.schedule().clone();
    let rough = rules
        .phases
        .iter_mut()
        .find(|p| p.id == "rough_in")
        .unwrap();
    rough.max_crews = 1;
    rough.target_days = Some(5);
    let schedule = plan(&estimate, &rules);
    let floor3 = schedule
        .tasks
        .iter()
        .find(|t| t.name == "Cabling rough-in: Floor 3")
        .unwrap();
    assert_eq!(floor3.crew.crews, 1);
    // 339.84 hours at 16 crew-hours a day: 22 working days.
    assert_eq!(floor3.working_days, 22);
    let finding = schedule
        .findings
        .iter()
        .find(|f| f.subject.as_deref() == Some("Cabling rough-in: Floor 3"))
        .expect("a crew finding");
    assert_eq!(finding.kind, FindingKind::Risk);
    assert!(
        finding
            .message
            .contains("need 5 crews of 2; the catalog allows at most 1"),
        "{}",
        finding.message
    );
}

#[test]
fn labor_no_phase_takes_is_left_out_and_said() {
    let (estimate, catalog) = sample("clinic-fitout.xlsx", ProjectInfo::default());
    let mut rules = catalog.schedule().clone();
    for phase in &mut rules.phases {
        phase.labor.retain(|s| s.discipline != "av");
    }
    let schedule = plan(&estimate, &rules);
    let av = estimate.disciplines.iter().find(|d| d.id == "av").unwrap();
    assert_eq!(
        schedule.work_hours,
        estimate.totals.labor_hours - av.labor_hours
    );
    assert!(schedule.findings.iter().any(|f| {
        f.message
            .starts_with("Audio-Visual's 17 labor hours are in no phase")
    }));
    assert!(schedule.resources.iter().all(|r| r.id != "av"));
}

#[test]
fn the_same_input_gives_the_same_schedule() {
    let (estimate, catalog) = sample("west-tower-rev-b.xlsx", ProjectInfo::default());
    let a = serde_json::to_string(&plan(&estimate, catalog.schedule())).unwrap();
    let b = serde_json::to_string(&plan(&estimate, catalog.schedule())).unwrap();
    assert_eq!(a, b);
    let back: Schedule = serde_json::from_str(&a).unwrap();
    assert_eq!(serde_json::to_string(&back).unwrap(), a);
}

#[test]
fn raci_marks_the_owner_accountable() {
    let (estimate, catalog) = sample("clinic-fitout.xlsx", ProjectInfo::default());
    let schedule = plan(&estimate, catalog.schedule());
    let roles: Vec<&str> = schedule.roles.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(roles[0], "IT Project Manager");
    let rough = schedule.phases.iter().find(|p| p.id == "rough_in").unwrap();
    let cell = |role: &str| {
        let i = schedule.roles.iter().position(|r| r.id == role).unwrap();
        rough.raci[i].as_str()
    };
    assert_eq!(cell("cabling_vendor"), "A/R");
    assert_eq!(cell("construction"), "C");
    assert_eq!(cell("it_pm"), "I");
    assert_eq!(cell("clinical"), "");
    for phase in &schedule.phases {
        assert_eq!(
            phase.raci.iter().filter(|c| c.starts_with('A')).count(),
            1,
            "{}",
            phase.id
        );
    }
}

#[test]
fn change_order_impact_counts_hours_per_phase_and_go_live_days() {
    let (old_estimate, catalog) = sample("west-tower-rev-a.xlsx", ProjectInfo::default());
    let (new_estimate, _) = sample("west-tower-rev-b.xlsx", ProjectInfo::default());
    let old = plan(&old_estimate, catalog.schedule());
    let new = plan(&new_estimate, catalog.schedule());
    let change = impact::impact(&old, &new);
    assert_eq!(
        change.hours_change,
        new_estimate.totals.labor_hours - old_estimate.totals.labor_hours
    );
    let by_phase: Decimal = change.phases.iter().map(|p| p.hours_change).sum();
    assert_eq!(by_phase, change.hours_change);
    assert_eq!(
        change.go_live_moves,
        i64::from(new.working_days) - i64::from(old.working_days)
    );
    // The same plan twice: nothing moves.
    let none = impact::impact(&old, &old);
    assert!(none.phases.iter().all(|p| p.hours_change.is_zero()));
    assert_eq!(none.go_live_moves, 0);

    // Doubling the cabling on one floor lengthens rough-in and moves the go-live.
    let mut bigger = old_estimate.clone();
    for line in bigger
        .lines
        .iter_mut()
        .filter(|l| &*l.discipline == "cabling")
    {
        line.labor_hours *= Decimal::TWO;
    }
    let grown = plan(&bigger, catalog.schedule());
    let change = impact::impact(&old, &grown);
    let rough = change.phases.iter().find(|p| p.id == "rough_in").unwrap();
    assert_eq!(rough.hours_change, rough.old_hours);
    assert!(change.go_live_moves > 0, "{change:?}");
    assert_eq!(change.old_finish, old.finish);
}

#[test]
fn an_enormous_plan_is_still_planned_quickly_and_exactly() {
    let (mut estimate, catalog) = sample("west-tower-rev-a.xlsx", ProjectInfo::default());
    for line in &mut estimate.lines {
        line.labor_hours *= Decimal::from(100_000);
    }
    let mut rules = catalog.schedule().clone();
    for phase in &mut rules.phases {
        phase.max_crews = 1;
    }
    let started = std::time::Instant::now();
    let schedule = plan(&estimate, &rules);
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    let total: Decimal = estimate.lines.iter().map(|l| l.labor_hours).sum();
    assert_eq!(schedule.work_hours, total);
    // Each task is capped at 10,000 working days, and the dates still follow the links.
    assert!(schedule.tasks.iter().all(|t| t.working_days <= 10_000));
    assert!(schedule.working_days > 50_000);
    assert!(schedule.finish > schedule.start);
}
