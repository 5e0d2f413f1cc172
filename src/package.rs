//! Everything a build's documents are laid out from, computed once before any is rendered: the
//! Estimate and the models derived from it (a bid package per trade).

use crate::bid::{self, BidPackage};
use crate::catalog::schedule::ScheduleRules;
use crate::estimate::Estimate;
use crate::schedule::{self, Schedule};

pub struct Package {
    pub estimate: Estimate,
    pub bids: Vec<BidPackage>,
    /// The work planned into dated phases by the catalog's schedule rules.
    pub schedule: Schedule,
}

impl Package {
    /// The models of a build. The schedule's findings (a go-live that cannot be met, a phase
    /// that needs more crews than allowed) join the estimate's, so every document and `check`
    /// name them with the rest.
    pub fn new(mut estimate: Estimate, rules: &ScheduleRules) -> Package {
        let (bids, schedule) = rayon::join(
            || bid::packages(&estimate),
            || schedule::plan(&estimate, rules),
        );
        add_schedule_findings(&mut estimate, &schedule);
        Package {
            estimate,
            bids,
            schedule,
        }
    }
}

/// The estimate with its schedule's findings, and the schedule: what `check` reports, without
/// the bid packages a build writes.
pub fn scheduled(mut estimate: Estimate, rules: &ScheduleRules) -> (Estimate, Schedule) {
    let schedule = schedule::plan(&estimate, rules);
    add_schedule_findings(&mut estimate, &schedule);
    (estimate, schedule)
}

fn add_schedule_findings(estimate: &mut Estimate, schedule: &Schedule) {
    estimate.findings.extend(schedule.findings.iter().cloned());
    // Stable: each kind keeps the estimate's findings before the schedule's.
    estimate.findings.sort_by_key(|f| f.kind);
}
