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
    pub fn new(estimate: Estimate, rules: &ScheduleRules) -> Package {
        let bids = bid::packages(&estimate);
        let schedule = schedule::plan(&estimate, rules);
        Package {
            estimate,
            bids,
            schedule,
        }
    }
}
