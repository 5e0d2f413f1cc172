//! A change order's schedule impact: the hours each phase gains or loses between two plans and
//! the working days that moves the go-live.

use super::{Date, Schedule};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScheduleImpact {
    /// Every phase of either plan: the new plan's order, then phases only the old one had.
    pub phases: Vec<PhaseImpact>,
    /// Work added (negative: removed), all phases.
    pub hours_change: Decimal,
    pub old_finish: Date,
    pub new_finish: Date,
    /// Working days the go-live moves when the start holds (positive: later): the change in the
    /// plan's length from first to last task.
    pub go_live_moves: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhaseImpact {
    pub id: String,
    pub name: String,
    pub old_hours: Decimal,
    pub new_hours: Decimal,
    /// New − old.
    pub hours_change: Decimal,
    pub old_working_days: u32,
    pub new_working_days: u32,
}

/// What moves from the `old` plan to the `new` one.
pub fn impact(old: &Schedule, new: &Schedule) -> ScheduleImpact {
    let mut phases: Vec<PhaseImpact> = Vec::new();
    let ids = new
        .phases
        .iter()
        .map(|p| (&p.id, &p.name))
        .chain(old.phases.iter().map(|p| (&p.id, &p.name)));
    for (id, name) in ids {
        if phases.iter().any(|p| p.id == *id) {
            continue;
        }
        let before = old.phases.iter().find(|p| p.id == *id);
        let after = new.phases.iter().find(|p| p.id == *id);
        let hours = |p: Option<&super::PhasePlan>| p.map_or(Decimal::ZERO, |p| p.work_hours);
        let days = |p: Option<&super::PhasePlan>| p.map_or(0, |p| p.working_days);
        phases.push(PhaseImpact {
            id: id.clone(),
            name: name.clone(),
            old_hours: hours(before),
            new_hours: hours(after),
            hours_change: hours(after) - hours(before),
            old_working_days: days(before),
            new_working_days: days(after),
        });
    }
    ScheduleImpact {
        hours_change: new.work_hours - old.work_hours,
        old_finish: old.finish,
        new_finish: new.finish,
        go_live_moves: i64::from(new.working_days) - i64::from(old.working_days),
        phases,
    }
}
