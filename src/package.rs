//! Everything a build's documents are laid out from, computed once before any is rendered: the
//! Estimate and the models derived from it (a bid package per trade).

use crate::bid::{self, BidPackage};
use crate::estimate::Estimate;

pub struct Package {
    pub estimate: Estimate,
    pub bids: Vec<BidPackage>,
}

impl Package {
    pub fn new(estimate: Estimate) -> Package {
        let bids = bid::packages(&estimate);
        Package { estimate, bids }
    }
}
