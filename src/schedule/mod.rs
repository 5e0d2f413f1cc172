//! The schedule: the estimate's labor hours planned into phases, tasks, links and dates by the
//! catalog's schedule rules. [`plan`] is a pure function of the Estimate and the rules (the
//! dates come from the project's details, never the clock), so the same input always gives the
//! same schedule; `render::mspdi` writes it as Microsoft Project XML.

pub mod date;
pub mod impact;
mod network;
mod plan;
#[cfg(test)]
mod tests;
#[cfg(test)]
pub(crate) mod tests_support;
mod work;

pub use crate::catalog::schedule::LinkType;
pub use date::{Calendar, Date, Weekday};
pub use plan::plan;

use crate::estimate::Finding;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Schedule {
    /// The day the plan is made as of: the project's data date, else the plan's own start.
    pub data_date: Date,
    pub start: Date,
    /// The last task's finish.
    pub finish: Date,
    /// The go-live the project asks for, when it gives one.
    pub target_go_live: Option<Date>,
    pub basis: Basis,
    pub hours_per_day: Decimal,
    /// The working day in minutes, as Microsoft Project counts it.
    pub minutes_per_day: u32,
    pub work_week: Vec<Weekday>,
    /// Every holiday of the catalog and the project, in order.
    pub holidays: Vec<Date>,
    /// Working days from the start to the finish, both included.
    pub working_days: u32,
    /// Work of every task: the estimate's labor hours of the scheduled disciplines.
    pub work_hours: Decimal,
    pub phases: Vec<PhasePlan>,
    /// The tasks, phase by phase and floor by floor; ids count from 1 in this order.
    pub tasks: Vec<Task>,
    pub links: Vec<Link>,
    /// One resource per discipline with work in the plan.
    pub resources: Vec<Resource>,
    pub assignments: Vec<Assignment>,
    pub milestones: Vec<Milestone>,
    /// The RACI table's columns.
    pub roles: Vec<RoleInfo>,
    pub findings: Vec<Finding>,
}

/// How the dates were set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Backward from the target go-live: the last task ends on it.
    GoLive,
    /// Forward from the project's start date (or data date).
    Start,
    /// The go-live cannot be met: forward from the data date (or start date), with a finding.
    GoLiveMissed,
    /// The project gives no date: forward from a nominal start, with a finding.
    Nominal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhasePlan {
    pub id: String,
    pub name: String,
    /// The role accountable for the phase (its name).
    pub owner: String,
    pub start: Date,
    pub finish: Date,
    pub working_days: u32,
    pub work_hours: Decimal,
    /// The largest crew any of its tasks has.
    pub crew: Crew,
    /// Its tasks' ids.
    pub tasks: Vec<u32>,
    pub milestone: Option<String>,
    /// One cell per role of [`Schedule::roles`]: "A", "R", "A/R", "C", "I" or "".
    pub raci: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    pub id: u32,
    pub name: String,
    /// The phase's id.
    pub phase: String,
    /// The floor (and building) of a phase planned floor by floor.
    pub floor: Option<String>,
    pub start: Date,
    pub finish: Date,
    pub working_days: u32,
    pub work_hours: Decimal,
    pub crew: Crew,
    /// The role accountable (its name).
    pub owner: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Crew {
    /// People in one crew.
    pub size: u32,
    pub crews: u32,
}

impl Crew {
    pub fn people(self) -> u32 {
        self.size.saturating_mul(self.crews)
    }

    /// `2 crews of 3`, `1 crew of 2`.
    pub fn describe(self) -> String {
        format!(
            "{} crew{} of {}",
            self.crews,
            if self.crews == 1 { "" } else { "s" },
            self.size
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// The predecessor task's id.
    pub from: u32,
    /// The successor task's id.
    pub to: u32,
    #[serde(rename = "type")]
    pub kind: LinkType,
    /// Working days.
    pub lag: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resource {
    /// The discipline's id.
    pub id: String,
    pub name: String,
    pub work_hours: Decimal,
    /// People its busiest assignment needs at once (at least 1).
    pub peak_units: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    pub task: u32,
    /// The resource's (discipline's) id.
    pub resource: String,
    pub work_hours: Decimal,
    /// People working on it full time over the task's days: its work over the task's hours.
    pub units: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Milestone {
    pub name: String,
    pub date: Date,
    /// The role that owns it (its name).
    pub owner: String,
    /// The phase whose finish it marks.
    pub phase: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleInfo {
    pub id: String,
    pub name: String,
}

/// Hours as an ISO 8601 duration the way MSPDI writes work: `PT135H21M36S` (seconds keep a
/// fraction when the hours have one).
pub fn iso_duration(hours: Decimal) -> String {
    use rust_decimal::prelude::ToPrimitive;
    let seconds = hours * Decimal::from(3600);
    let whole = seconds.trunc().to_i64().unwrap_or(0);
    let fraction = seconds - Decimal::from(whole);
    let (h, m, s) = (whole / 3600, whole % 3600 / 60, whole % 60);
    let s = (Decimal::from(s) + fraction).normalize();
    format!("PT{h}H{m}M{s}S")
}

impl Schedule {
    pub fn task(&self, id: u32) -> Option<&Task> {
        id.checked_sub(1)
            .and_then(|i| self.tasks.get(i as usize))
            .filter(|t| t.id == id)
    }

    /// The working calendar the dates were counted in.
    pub fn calendar(&self) -> Calendar {
        Calendar::new(&self.work_week, self.holidays.iter().copied())
    }
}
