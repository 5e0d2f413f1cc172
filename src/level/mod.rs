//! Bid leveling: the bid forms vendors return, checked against the package they were issued from
//! and compared line by line with the owner's estimate and with each other. Every figure the
//! leveling documents show is computed here, once, in exact decimals.
//!
//! `read` reads a returned form as Excel or LibreOffice saved it; `verify` checks it is this
//! package's form for its trade, unchanged; `compute` levels each trade's bids; `recommend` words
//! the award.

mod compute;
mod read;
mod recommend;
#[cfg(test)]
mod tests;
mod verify;

pub use compute::level_trade;
pub use read::read_form;
pub use verify::{ReturnedBid, verify};

use crate::bid::{self, BidPackage};
use crate::error::Error;
use crate::estimate::Estimate;
use crate::problem::FormProblem;
use rust_decimal::Decimal;
use serde::Serialize;
use std::path::Path;

/// When a line is flagged: off the estimate or the bids' median by more than `flag_percent`
/// (strongly, more than `strong_percent`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Thresholds {
    pub flag_percent: Decimal,
    pub strong_percent: Decimal,
}

impl Default for Thresholds {
    fn default() -> Thresholds {
        Thresholds {
            flag_percent: Decimal::from(20),
            strong_percent: Decimal::from(40),
        }
    }
}

impl Thresholds {
    /// These thresholds, if they make sense: each above 0 and at most 1000 percent, and a
    /// strong flag no nearer the estimate than a flag.
    pub fn checked(self) -> Result<Thresholds, crate::error::Error> {
        let limit = Decimal::from(1000);
        let in_range = |p: Decimal| p > Decimal::ZERO && p <= limit;
        if in_range(self.flag_percent)
            && in_range(self.strong_percent)
            && self.strong_percent >= self.flag_percent
        {
            Ok(self)
        } else {
            Err(crate::error::Error::Thresholds {
                flag: self.flag_percent,
                strong: self.strong_percent,
            })
        }
    }

    /// The project's thresholds (its `[bid]` table), each replaced by a flag where one is given.
    pub fn from_project(
        estimate: &Estimate,
        flag: Option<Decimal>,
        strong: Option<Decimal>,
    ) -> Thresholds {
        let terms = estimate.project.bid.as_ref();
        let default = Thresholds::default();
        Thresholds {
            flag_percent: flag
                .or(terms.and_then(|t| t.flag_percent))
                .unwrap_or(default.flag_percent),
            strong_percent: strong
                .or(terms.and_then(|t| t.strong_percent))
                .unwrap_or(default.strong_percent),
        }
    }
}

/// The whole leveling: each trade that has bids.
#[derive(Debug, Clone, Serialize)]
pub struct Leveling {
    pub project: String,
    pub revision: String,
    pub thresholds: Thresholds,
    pub trades: Vec<TradeLeveling>,
    /// The estimates of the trades leveled, together.
    pub estimate: Decimal,
    /// The leveled totals of the bids recommended, one per trade, together.
    pub recommended: Decimal,
    pub warnings: Vec<FormProblem>,
}

/// One trade's bids, leveled.
#[derive(Debug, Clone, Serialize)]
pub struct TradeLeveling {
    pub trade: String,
    pub slug: String,
    /// The estimate's material and labor for the trade's lines (before tax, contingency and
    /// project management, which no vendor prices).
    pub estimate: Decimal,
    pub lines: Vec<LevelLine>,
    /// In the order the forms were given.
    pub bidders: Vec<BidderResult>,
    /// Index into `bidders` of the lowest total as bid.
    pub apparent_low: Option<usize>,
    /// Index into `bidders` of the lowest total once missing lines are plugged.
    pub leveled_low: Option<usize>,
    pub recommendation: Option<Recommendation>,
}

/// One line of the form, with the estimate and every bidder's price.
#[derive(Debug, Clone, Serialize)]
pub struct LevelLine {
    pub item: usize,
    pub part: String,
    pub description: String,
    pub unit: String,
    pub qty: Decimal,
    /// The estimate's amount over its quantity, to the cent (for reading; `estimate_amount` is
    /// what is compared).
    pub estimate_unit: Decimal,
    pub estimate_amount: Decimal,
    /// The median of the bids that priced the line above zero, when at least three did.
    pub median: Option<Decimal>,
    /// One per bidder, in `bidders` order.
    pub entries: Vec<Entry>,
}

/// A bidder's price for a line.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub unit_price: Option<Decimal>,
    /// Quantity × unit price, to the cent (the form's own formula); zero when not priced.
    pub amount: Decimal,
    /// The estimate's amount, carried for a line not priced.
    pub plug: Decimal,
    /// `amount + plug`.
    pub leveled: Decimal,
    pub flags: Vec<Flag>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "flag", rename_all = "snake_case")]
pub enum Flag {
    /// Not priced (blank, or text that is not a price): plugged at the estimate.
    Missing { text: Option<String> },
    /// Priced at zero: included elsewhere, or a gap; not plugged.
    Zero,
    /// Off the estimate's amount by `percent` (signed).
    Estimate { percent: Decimal, strong: bool },
    /// Off the median of the bids by `percent` (signed).
    Median { percent: Decimal, strong: bool },
}

impl Flag {
    /// How the documents state the flag.
    pub fn words(&self) -> String {
        let strength = |strong: &bool| if *strong { " (strong)" } else { "" };
        match self {
            Flag::Missing { text: None } => "PLUG: not priced".into(),
            Flag::Missing { text: Some(t) } => {
                format!("PLUG: '{}' is not a price", clip(t, 24))
            }
            Flag::Zero => "zero price: confirm included".into(),
            Flag::Estimate { percent, strong } => {
                format!(
                    "{} vs estimate{}",
                    signed_percent(*percent),
                    strength(strong)
                )
            }
            Flag::Median { percent, strong } => {
                format!("{} vs median{}", signed_percent(*percent), strength(strong))
            }
        }
    }

    /// Missing lines and strong outliers: what must be resolved before award.
    pub fn is_strong(&self) -> bool {
        match self {
            Flag::Missing { .. } => true,
            Flag::Zero => false,
            Flag::Estimate { strong, .. } | Flag::Median { strong, .. } => *strong,
        }
    }
}

/// At most `max` characters, an ellipsis marking a cut: a bidder's note in a price cell can be
/// a paragraph.
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let kept: String = text.chars().take(max - 1).collect();
        format!("{}\u{2026}", kept.trim_end())
    }
}

/// `+45.0%`, `−22.5%`.
/// The minus is U+2212, as in typeset figures: a line never breaks after it.
pub fn signed_percent(percent: Decimal) -> String {
    let rounded = percent.round_dp(1);
    let sign = if rounded.is_zero() {
        ""
    } else if rounded.is_sign_negative() {
        "\u{2212}"
    } else {
        "+"
    };
    format!("{sign}{:.1}%", rounded.abs())
}

/// A bidder's totals for a trade.
#[derive(Debug, Clone, Serialize)]
pub struct BidderResult {
    pub name: String,
    pub file: String,
    pub as_bid: Decimal,
    pub plugs: Decimal,
    pub leveled: Decimal,
    /// Leveled total against the estimate, percent, one decimal.
    pub vs_estimate: Option<Decimal>,
    pub missing_lines: usize,
    pub zero_lines: usize,
    /// Lines with a zero price or off the estimate or the median (missing lines apart).
    pub flagged_lines: usize,
}

/// The award recommended for a trade, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Recommendation {
    /// Index into the trade's `bidders`.
    pub bidder: usize,
    pub reasons: Vec<String>,
    /// What to settle with the bidder before award.
    pub conditions: Vec<String>,
}

/// Level returned forms against the package in `package_dir` (its `estimate.json`). `forms`
/// are (file name as given, bytes). Every form is checked before any is leveled: a form of
/// another project or revision, or with changed lines or quantities, refuses the whole run.
pub fn level(
    estimate: &Estimate,
    forms: &[(String, Vec<u8>)],
    thresholds: Thresholds,
) -> Result<Leveling, Error> {
    let packages = bid::packages(estimate);
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let mut bids: Vec<ReturnedBid> = Vec::new();
    for (file, bytes) in forms {
        let form = match read_form(file, bytes) {
            Ok(form) => form,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        match verify(&form, &packages) {
            Ok((bid, mut found)) => {
                warnings.append(&mut found);
                bids.push(bid);
            }
            Err(mut found) => problems.append(&mut found),
        }
    }
    problems.extend(verify::duplicates(&bids));
    if !problems.is_empty() {
        return Err(Error::BidsRefused(problems));
    }
    let trades: Vec<TradeLeveling> = packages
        .iter()
        .filter_map(|package| {
            let mine: Vec<&ReturnedBid> =
                bids.iter().filter(|b| b.trade == package.trade).collect();
            if mine.is_empty() {
                warnings.push(no_bids(package));
                return None;
            }
            Some(level_trade(estimate, package, &mine, thresholds))
        })
        .collect();
    if trades.is_empty() {
        return Err(Error::NoBids);
    }
    Ok(Leveling {
        project: estimate.project_name(),
        revision: estimate.project.revision.clone().unwrap_or_default(),
        thresholds,
        estimate: trades.iter().map(|t| t.estimate).sum(),
        recommended: trades
            .iter()
            .filter_map(|t| {
                t.recommendation
                    .as_ref()
                    .map(|r| t.bidders[r.bidder].leveled)
            })
            .sum(),
        trades,
        warnings,
    })
}

fn no_bids(package: &BidPackage) -> FormProblem {
    FormProblem {
        file: format!("bid-packages/{}.xlsx", package.slug),
        cells: Vec::new(),
        message: format!("no bid was given for {}", package.trade),
    }
}

/// The package's estimate, from its `estimate.json`.
pub fn read_estimate(package_dir: &Path) -> Result<Estimate, Error> {
    let path = package_dir.join("estimate.json");
    let bytes = std::fs::read(&path).map_err(|source| Error::Read {
        path: path.clone(),
        source,
    })?;
    estimate_from_json(&bytes).map_err(|source| Error::PackageEstimate { path, source })
}

/// A package's estimate from the bytes of its `estimate.json` (the web page gets them from an
/// upload, never from a path).
pub fn estimate_from_json(bytes: &[u8]) -> Result<Estimate, serde_json::Error> {
    serde_json::from_slice(bytes)
}
