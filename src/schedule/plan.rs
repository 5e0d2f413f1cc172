//! From an estimate and the catalog's schedule rules to a dated schedule.

use super::network::{self, Edge};
use super::work::{Floors, Pools};
use super::{
    Assignment, Basis, Calendar, Crew, Date, Link, Milestone, PhasePlan, Resource, RoleInfo,
    Schedule, Task,
};
use crate::catalog::schedule::{LinkType, Phase, ScheduleRules};
use crate::estimate::{Estimate, Finding, FindingKind};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::collections::BTreeMap;

/// The day a plan with no date at all is counted from; a finding says so.
const NOMINAL_START: (i32, u32, u32) = (2000, 1, 3);

/// No task is planned longer than this, whatever the hours (about 40 years of working days).
const MAX_TASK_DAYS: u32 = 10_000;

/// A task before dates: its phase, floor, work and duration.
struct Node {
    phase: usize,
    floor: Option<usize>,
    work: BTreeMap<String, Decimal>,
    days: u32,
    crew: Crew,
}

/// Plan the estimate's labor into dated phases and tasks by the catalog's rules.
pub fn plan(estimate: &Estimate, rules: &ScheduleRules) -> Schedule {
    let mut findings = Vec::new();
    let floors = Floors::of(estimate);
    let pools = Pools::of(estimate, &floors);
    let (nodes, by_phase) = nodes(rules, &floors, &pools);
    let days: Vec<u32> = nodes.iter().map(|n| n.days).collect();
    let edges = network::settle(&days, edges(rules, &by_phase));
    let starts = network::forward(&days, &edges);
    let span = nodes
        .iter()
        .zip(&starts)
        .filter(|(n, _)| n.days > 0)
        .map(|(n, s)| s + i64::from(n.days))
        .max()
        .unwrap_or(0);

    let (calendar, holidays) = calendar(estimate, rules, &mut findings);
    let dates = Dates::settle(estimate, &calendar, span, &mut findings);

    let (tasks, assignments, ids) = tasks(rules, &floors, &nodes, &starts, &calendar, dates.start);
    crew_findings(&nodes, &tasks, &ids, rules, &mut findings);
    unscheduled(estimate, rules, &pools, &mut findings);

    let links = edges
        .iter()
        .map(|e| Link {
            from: ids[e.from],
            to: ids[e.to],
            kind: e.kind,
            lag: e.lag,
        })
        .collect();
    let phases = phase_plans(rules, &by_phase, &ids, &tasks, &nodes, &starts);
    let milestones = phases
        .iter()
        .filter_map(|p| {
            Some(Milestone {
                name: p.milestone.clone()?,
                date: p.finish,
                owner: p.owner.clone(),
                phase: p.id.clone(),
            })
        })
        .collect();
    let resources = resources(estimate, &assignments);
    let finish = tasks.iter().map(|t| t.finish).max().unwrap_or(dates.start);
    Schedule {
        data_date: dates.data_date.unwrap_or(dates.start),
        start: dates.start,
        finish,
        target_go_live: dates.go_live,
        basis: dates.basis,
        hours_per_day: rules.hours_per_day,
        minutes_per_day: (rules.hours_per_day * Decimal::from(60))
            .to_u32()
            .unwrap_or(480),
        work_week: rules.work_week.clone(),
        holidays,
        working_days: u32::try_from(span).unwrap_or(u32::MAX),
        work_hours: tasks
            .iter()
            .map(|t| t.work_hours)
            .sum::<Decimal>()
            .normalize(),
        phases,
        tasks,
        links,
        resources,
        assignments,
        milestones,
        roles: rules
            .roles
            .iter()
            .map(|r| RoleInfo {
                id: r.id.clone(),
                name: r.name.clone(),
            })
            .collect(),
        findings,
    }
}

/// The tasks with work or days, with their dates and assignments; ids count from 1 in phase and
/// floor order (`ids[node]` is a node's task id, 0 for a node left out).
fn tasks(
    rules: &ScheduleRules,
    floors: &Floors,
    nodes: &[Node],
    starts: &[i64],
    calendar: &Calendar,
    start: Date,
) -> (Vec<Task>, Vec<Assignment>, Vec<u32>) {
    // Every task's first and last day in one walk over the calendar: a long plan of many floors
    // would otherwise walk it again for each task.
    let offsets: Vec<i64> = nodes
        .iter()
        .zip(starts)
        .filter(|(n, _)| n.days > 0)
        .flat_map(|(n, s)| [*s, s + i64::from(n.days) - 1])
        .collect();
    let day_at = calendar.dates_at(start, &offsets);
    let date_of = |offset: i64| day_at.get(&offset.max(0)).copied().unwrap_or(start);
    let mut ids = vec![0u32; nodes.len()];
    let mut tasks = Vec::new();
    let mut assignments = Vec::new();
    for (index, node) in nodes.iter().enumerate().filter(|(_, n)| n.days > 0) {
        let id = u32::try_from(tasks.len() + 1).unwrap_or(u32::MAX);
        ids[index] = id;
        let phase = &rules.phases[node.phase];
        let first = date_of(starts[index]);
        let last = date_of(starts[index] + i64::from(node.days) - 1);
        let floor = node.floor.map(|f| floors.labels[f].clone());
        tasks.push(Task {
            id,
            name: match &floor {
                Some(f) => format!("{}: {f}", phase.name),
                None => phase.name.clone(),
            },
            phase: phase.id.clone(),
            floor,
            start: first,
            finish: last,
            working_days: node.days,
            work_hours: node.work.values().copied().sum::<Decimal>().normalize(),
            crew: node.crew,
            owner: rules.role_name(&phase.owner).to_string(),
        });
        let task_hours = Decimal::from(node.days) * rules.hours_per_day;
        for (discipline, hours) in &node.work {
            assignments.push(Assignment {
                task: id,
                resource: discipline.clone(),
                work_hours: hours.normalize(),
                units: (hours / task_hours).round_dp(4).normalize(),
            });
        }
    }
    (tasks, assignments, ids)
}

/// One resource per discipline with work in the plan, in the estimate's order.
fn resources(estimate: &Estimate, assignments: &[Assignment]) -> Vec<Resource> {
    estimate
        .disciplines
        .iter()
        .filter_map(|d| {
            let mine: Vec<&Assignment> =
                assignments.iter().filter(|a| a.resource == d.id).collect();
            (!mine.is_empty()).then(|| Resource {
                id: d.id.clone(),
                name: d.name.clone(),
                work_hours: mine
                    .iter()
                    .map(|a| a.work_hours)
                    .sum::<Decimal>()
                    .normalize(),
                peak_units: mine
                    .iter()
                    .map(|a| a.units.ceil())
                    .max()
                    .unwrap_or(Decimal::ONE)
                    .max(Decimal::ONE),
            })
        })
        .collect()
}

/// One node per phase, or per phase and floor; a node of no work or days is kept (with 0 days)
/// so the links through it can be joined around it.
fn nodes(rules: &ScheduleRules, floors: &Floors, pools: &Pools) -> (Vec<Node>, Vec<Vec<usize>>) {
    let mut nodes = Vec::new();
    let mut by_phase = Vec::with_capacity(rules.phases.len());
    for (p, phase) in rules.phases.iter().enumerate() {
        let groups: Vec<Option<usize>> = if phase.by_floor && floors.split() {
            (0..floors.labels.len()).map(Some).collect()
        } else {
            vec![None]
        };
        let mut mine = Vec::with_capacity(groups.len());
        for floor in groups {
            let work = pools.work(&phase.labor, floor);
            let (days, crew) = duration(phase, &work, rules.hours_per_day);
            mine.push(nodes.len());
            nodes.push(Node {
                phase: p,
                floor,
                work,
                days,
                crew,
            });
        }
        by_phase.push(mine);
    }
    (nodes, by_phase)
}

/// Crews needed to finish the work within the phase's target days (never more than it allows),
/// and the whole working days they take. A phase with no labor of ours lasts its fixed days.
fn duration(
    phase: &Phase,
    work: &BTreeMap<String, Decimal>,
    hours_per_day: Decimal,
) -> (u32, Crew) {
    let mut crew = Crew {
        size: phase.crew_size,
        crews: 1,
    };
    if phase.labor.is_empty() {
        return (phase.days.unwrap_or(0).min(MAX_TASK_DAYS), crew);
    }
    let hours: Decimal = work.values().copied().sum();
    if hours <= Decimal::ZERO {
        return (0, crew);
    }
    let crew_day = Decimal::from(phase.crew_size) * hours_per_day;
    crew.crews = crews_needed(hours, crew_day, phase.target_days).min(phase.max_crews);
    let days = (hours / (crew_day * Decimal::from(crew.crews)))
        .ceil()
        .to_u32()
        .unwrap_or(MAX_TASK_DAYS)
        .clamp(1, MAX_TASK_DAYS);
    (days, crew)
}

fn crews_needed(hours: Decimal, crew_day: Decimal, target_days: Option<u32>) -> u32 {
    match target_days {
        Some(target) => (hours / (crew_day * Decimal::from(target)))
            .ceil()
            .to_u32()
            .unwrap_or(u32::MAX)
            .max(1),
        None => 1,
    }
}

/// The phases' links, task to task: between two phases planned floor by floor, floor to floor;
/// into one, to its first floor (the floors follow one another); out of one, from its last floor
/// when the successor waits for the finish, from its first when it waits for the start.
fn edges(rules: &ScheduleRules, by_phase: &[Vec<usize>]) -> Vec<Edge> {
    let mut edges = Vec::new();
    for (s, phase) in rules.phases.iter().enumerate() {
        let successors = &by_phase[s];
        for pair in successors.windows(2) {
            edges.push(Edge {
                from: pair[0],
                to: pair[1],
                kind: LinkType::FinishToStart,
                lag: 0,
            });
        }
        for link in &phase.links {
            let Some(p) = rules.phases.iter().position(|x| x.id == link.phase) else {
                continue;
            };
            let predecessors = &by_phase[p];
            let pairs: Vec<(usize, usize)> = if predecessors.len() > 1 && successors.len() > 1 {
                predecessors
                    .iter()
                    .copied()
                    .zip(successors.iter().copied())
                    .collect()
            } else {
                let from = match link.kind {
                    LinkType::FinishToStart => predecessors.last(),
                    LinkType::StartToStart => predecessors.first(),
                };
                from.into_iter()
                    .zip(successors.first())
                    .map(|(a, b)| (*a, *b))
                    .collect()
            };
            edges.extend(pairs.into_iter().map(|(from, to)| Edge {
                from,
                to,
                kind: link.kind,
                lag: link.lag,
            }));
        }
    }
    edges
}

/// The working calendar: the catalog's week and holidays plus the project's holidays.
fn calendar(
    estimate: &Estimate,
    rules: &ScheduleRules,
    findings: &mut Vec<Finding>,
) -> (Calendar, Vec<Date>) {
    let mut holidays: Vec<Date> = rules.holiday_dates().collect();
    for text in &estimate.project.holidays {
        match Date::parse(text) {
            Some(date) => holidays.push(date),
            None => findings.push(not_a_date("holiday", text)),
        }
    }
    holidays.sort();
    holidays.dedup();
    (
        Calendar::new(&rules.work_week, holidays.iter().copied()),
        holidays,
    )
}

fn not_a_date(what: &str, text: &str) -> Finding {
    Finding {
        kind: FindingKind::Check,
        subject: None,
        facts: Default::default(),
        message: format!(
            "The project's {what} '{text}' is not a date (write it as YYYY-MM-DD, like 2027-09-01); the schedule leaves it out."
        ),
    }
}

/// Where the plan's first working day falls, and why.
struct Dates {
    start: Date,
    basis: Basis,
    go_live: Option<Date>,
    data_date: Option<Date>,
}

impl Dates {
    fn settle(
        estimate: &Estimate,
        calendar: &Calendar,
        span: i64,
        findings: &mut Vec<Finding>,
    ) -> Dates {
        let project = &estimate.project;
        let mut read = |what: &str, text: &Option<String>| {
            let text = text.as_deref()?.trim();
            if text.is_empty() {
                return None;
            }
            let date = Date::parse(text);
            if date.is_none() {
                findings.push(not_a_date(what, text));
            }
            date
        };
        let go_live = read("target go-live", &project.target_go_live);
        let start_date = read("start date", &project.start_date);
        let data_date = read("data date", &project.data_date);
        // The plan can start no earlier than the data date or the start date, the later of them.
        let earliest = match (data_date, start_date) {
            (Some(d), Some(s)) if s > d => Some((s, "start date")),
            (Some(d), _) => Some((d, "data date")),
            (None, Some(s)) => Some((s, "start date")),
            (None, None) => None,
        };
        let last_day = |first: Date| calendar.add_working_days(first, (span - 1).max(0));
        let (start, basis) = match (go_live, earliest) {
            (Some(target), earliest) => {
                let end = calendar.on_or_before(target);
                if end != target {
                    findings.push(Finding {
                        kind: FindingKind::Check,
                        subject: None,
                        facts: Default::default(),
                        message: format!(
                            "The target go-live, {}, is not a working day; the schedule ends on the working day before it, {}.",
                            target.long(),
                            end.long()
                        ),
                    });
                }
                let start = calendar.add_working_days(end, -(span - 1).max(0));
                match earliest {
                    Some((from, what)) if start < calendar.on_or_after(from) => {
                        let first = calendar.on_or_after(from);
                        let available = calendar.working_days(first, end);
                        findings.push(go_live_missed(
                            target,
                            from,
                            what,
                            span,
                            available,
                            last_day(first),
                        ));
                        (first, Basis::GoLiveMissed)
                    }
                    _ => (start, Basis::GoLive),
                }
            }
            (None, Some((from, _))) => (calendar.on_or_after(from), Basis::Start),
            (None, None) => {
                let (y, m, d) = NOMINAL_START;
                let nominal = Date::from_ymd(y, m, d).expect("a real date");
                let start = calendar.on_or_after(nominal);
                findings.push(Finding {
                    kind: FindingKind::Assumption,
                    subject: None,
                    facts: Default::default(),
                    message: format!(
                        "The project gives no target go-live or start date, so the schedule's dates are counted from a nominal start of {}: read them as working days from the start, and give target_go_live or start_date in the project file for real dates.",
                        start.long()
                    ),
                });
                (start, Basis::Nominal)
            }
        };
        Dates {
            start,
            basis,
            go_live,
            data_date,
        }
    }
}

fn go_live_missed(
    target: Date,
    from: Date,
    what: &str,
    span: i64,
    available: i64,
    forecast: Date,
) -> Finding {
    let short = span - available;
    Finding {
        kind: FindingKind::Risk,
        subject: None,
        facts: Default::default(),
        message: format!(
            "The target go-live of {} cannot be met from the {what} of {}: the work takes {span} working days and {available} are available, {short} working day{} short. Planned from the {what} with the catalog's crews, the last task finishes on {}; add crews, overlap phases or move the go-live.",
            target.long(),
            from.long(),
            if short == 1 { "" } else { "s" },
            forecast.long()
        ),
    }
}

/// A task whose phase would need more crews than the catalog allows to finish in its target.
fn crew_findings(
    nodes: &[Node],
    tasks: &[Task],
    ids: &[u32],
    rules: &ScheduleRules,
    findings: &mut Vec<Finding>,
) {
    for (index, node) in nodes.iter().enumerate().filter(|(_, n)| n.days > 0) {
        let phase = &rules.phases[node.phase];
        let Some(target) = phase.target_days else {
            continue;
        };
        let hours: Decimal = node.work.values().copied().sum();
        let crew_day = Decimal::from(phase.crew_size) * rules.hours_per_day;
        let needed = crews_needed(hours, crew_day, Some(target));
        if needed <= phase.max_crews {
            continue;
        }
        let Some(task) = ids[index]
            .checked_sub(1)
            .and_then(|i| tasks.get(i as usize))
        else {
            continue;
        };
        findings.push(Finding {
            kind: FindingKind::Risk,
            subject: Some(task.name.clone()),
            facts: Default::default(),
            message: format!(
                "{}: {} labor hours in {target} working days need {needed} crews of {}; the catalog allows at most {}, so the task takes {} working days.",
                task.name,
                hours.normalize(),
                phase.crew_size,
                phase.max_crews,
                task.working_days
            ),
        });
    }
}

/// Labor of a discipline that no phase takes: left out of the plan, and said so.
fn unscheduled(
    estimate: &Estimate,
    rules: &ScheduleRules,
    pools: &Pools,
    findings: &mut Vec<Finding>,
) {
    for (discipline, hours) in pools.by_discipline() {
        let scheduled = rules
            .phases
            .iter()
            .any(|p| p.labor.iter().any(|s| s.discipline == discipline));
        if scheduled || hours.is_zero() {
            continue;
        }
        let name = estimate
            .disciplines
            .iter()
            .find(|d| d.id == discipline)
            .map_or(discipline, |d| d.name.as_str());
        findings.push(Finding {
            kind: FindingKind::Check,
            subject: None,
            facts: Default::default(),
            message: format!(
                "{name}'s {} labor hours are in no phase of the catalog's schedule, so the schedule leaves them out; add the discipline to a phase's labor to plan them.",
                hours.normalize()
            ),
        });
    }
}

fn phase_plans(
    rules: &ScheduleRules,
    by_phase: &[Vec<usize>],
    ids: &[u32],
    tasks: &[Task],
    nodes: &[Node],
    starts: &[i64],
) -> Vec<PhasePlan> {
    let mut out = Vec::new();
    for (phase, phase_nodes) in rules.phases.iter().zip(by_phase) {
        let mine: Vec<&Task> = phase_nodes
            .iter()
            .filter_map(|&n| ids[n].checked_sub(1).and_then(|i| tasks.get(i as usize)))
            .collect();
        let (Some(start), Some(finish)) = (
            mine.iter().map(|t| t.start).min(),
            mine.iter().map(|t| t.finish).max(),
        ) else {
            continue;
        };
        out.push(PhasePlan {
            id: phase.id.clone(),
            name: phase.name.clone(),
            owner: rules.role_name(&phase.owner).to_string(),
            start,
            finish,
            working_days: {
                let kept = || phase_nodes.iter().filter(|&&n| nodes[n].days > 0);
                let first = kept().map(|&n| starts[n]).min().unwrap_or(0);
                let end = kept()
                    .map(|&n| starts[n] + i64::from(nodes[n].days))
                    .max()
                    .unwrap_or(0);
                u32::try_from(end - first).unwrap_or(u32::MAX)
            },
            work_hours: mine
                .iter()
                .map(|t| t.work_hours)
                .sum::<Decimal>()
                .normalize(),
            crew: Crew {
                size: phase.crew_size,
                crews: mine.iter().map(|t| t.crew.crews).max().unwrap_or(1),
            },
            tasks: mine.iter().map(|t| t.id).collect(),
            milestone: phase.milestone.clone(),
            raci: rules.roles.iter().map(|r| raci(phase, &r.id)).collect(),
        });
    }
    out
}

fn raci(phase: &Phase, role: &str) -> String {
    let has = |list: &[String]| list.iter().any(|r| r == role);
    let letter = if phase.owner == role {
        if phase.responsible.is_empty() || has(&phase.responsible) {
            "A/R"
        } else {
            "A"
        }
    } else if has(&phase.responsible) {
        "R"
    } else if has(&phase.consulted) {
        "C"
    } else if has(&phase.informed) {
        "I"
    } else {
        ""
    };
    letter.to_string()
}
