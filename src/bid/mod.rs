//! Bid packages: one per vendor trade (the disciplines whose catalog entry names a trade). What a
//! vendor prices is the trade's parts, quantities summed over every room and telecom room. A
//! package holds only what a vendor may see: scope, parts and quantities, never the owner's prices.

mod clauses;
pub mod form;

pub use clauses::TradeClauses;

use crate::bid_terms::{BidTerms, TradeItem};
use crate::catalog::Basis;
use crate::estimate::{Estimate, Location};
use crate::problem::Problem;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Debug, Clone, Serialize)]
pub struct BidPackage {
    pub trade: String,
    /// The file name without extension, unique within the package: `structured-cabling`.
    pub slug: String,
    /// The trade's disciplines and what each delivers.
    pub scopes: Vec<Scope>,
    /// One line per part: what the bid form prices.
    pub items: Vec<BidItem>,
    /// The trade's quantities where they are installed, room by room and telecom room by telecom
    /// room, in the estimate's order.
    pub locations: Vec<PlacedQty>,
    /// The same quantities summed per telecom room (the rooms it serves, and its own equipment):
    /// a vendor plans by closet.
    pub by_telecom_room: Vec<PlacedQty>,
    /// The catalog's discipline keys this trade carries.
    pub disciplines: Vec<String>,
    /// The clauses that bind this trade: the general ones and its own.
    pub clauses: TradeClauses,
    /// Logistics and terms from the project file (empty when it gives none).
    pub terms: BidTerms,
    /// Alternates this trade prices apart from its base bid.
    pub alternates: Vec<TradeItem>,
    /// Unit prices this trade quotes to add or deduct work.
    pub unit_prices: Vec<TradeItem>,
    /// What the returned form is checked against.
    pub identity: form::Identity,
}

#[derive(Debug, Clone, Serialize)]
pub struct Scope {
    pub name: String,
    pub scope: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct BidItem {
    pub part: Arc<str>,
    pub description: Arc<str>,
    pub unit: Arc<str>,
    pub discipline: Arc<str>,
    pub qty: Decimal,
    pub basis: Option<Basis>,
}

/// A quantity of a part at a place: a room, or a telecom room.
#[derive(Debug, Clone, Serialize)]
pub struct PlacedQty {
    pub location: Location,
    pub place: Arc<str>,
    pub part: Arc<str>,
    pub description: Arc<str>,
    pub qty: Decimal,
}

/// The telecom room a room's lines are listed under when the list assigns it none.
pub const UNASSIGNED: &str = "(none assigned)";

/// Every vendor trade with work in this Estimate, in catalog order of its first discipline.
pub fn packages(estimate: &Estimate) -> Vec<BidPackage> {
    let mut packages: Vec<BidPackage> = Vec::new();
    for d in &estimate.disciplines {
        let Some(trade) = &d.trade else { continue };
        let scope = Scope {
            name: d.name.clone(),
            scope: d.scope.clone(),
        };
        match packages.iter_mut().find(|p| &p.trade == trade) {
            Some(p) => {
                p.scopes.push(scope);
                p.disciplines.push(d.id.clone());
            }
            None => packages.push(BidPackage {
                trade: trade.clone(),
                slug: String::new(),
                scopes: vec![scope],
                items: Vec::new(),
                locations: Vec::new(),
                by_telecom_room: Vec::new(),
                disciplines: vec![d.id.clone()],
                clauses: TradeClauses::default(),
                terms: BidTerms::default(),
                alternates: Vec::new(),
                unit_prices: Vec::new(),
                identity: form::Identity::default(),
            }),
        }
    }
    for line in &estimate.lines {
        let Some(trade) = &line.trade else { continue };
        let Some(package) = packages.iter_mut().find(|p| *p.trade == **trade) else {
            continue;
        };
        package.locations.push(PlacedQty {
            location: line.location,
            place: line.place.clone(),
            part: line.part.clone(),
            description: line.description.clone(),
            qty: line.qty,
        });
        match package.items.iter_mut().find(|i| i.part == line.part) {
            Some(item) => item.qty += line.qty,
            None => package.items.push(BidItem {
                part: line.part.clone(),
                description: line.description.clone(),
                unit: line.unit.clone(),
                discipline: line.discipline_name.clone(),
                qty: line.qty,
                basis: estimate.basis_of_design.get(&*line.part).cloned(),
            }),
        }
    }
    packages.retain(|p| !p.locations.is_empty());
    let serving: HashMap<&str, &str> = estimate
        .rooms
        .iter()
        .filter_map(|r| Some((r.number.as_str(), r.idf.as_deref()?)))
        .collect();
    for package in &mut packages {
        package.by_telecom_room = by_telecom_room(&package.locations, &serving);
    }
    let slugs = unique_slugs(packages.iter().map(|p| p.trade.as_str()));
    let terms = estimate.project.bid.clone().unwrap_or_default();
    for (package, slug) in packages.iter_mut().zip(slugs) {
        package.slug = slug;
        let disciplines: Vec<&str> = package.disciplines.iter().map(String::as_str).collect();
        package.clauses = TradeClauses::for_trade(&estimate.clauses, &package.trade, &disciplines);
        let mine = |item: &&TradeItem| {
            item.trade.eq_ignore_ascii_case(&package.trade)
                || disciplines.contains(&item.trade.as_str())
        };
        package.alternates = terms.alternates.iter().filter(mine).cloned().collect();
        package.unit_prices = terms.unit_prices.iter().filter(mine).cloned().collect();
        package.terms = terms.clone();
        package.identity = form::Identity::of(estimate, &package.trade, &package.items);
    }
    packages
}

/// What a build should tell before bid packages go out: packages without a due date, and
/// alternates or unit prices of the project file that name no trade with a package.
pub fn warnings(estimate: &Estimate, packages: &[BidPackage]) -> Vec<Problem> {
    let mut out = Vec::new();
    let terms = estimate.project.bid.clone().unwrap_or_default();
    let no_due = terms.due.as_deref().is_none_or(|d| d.trim().is_empty());
    if no_due && !packages.is_empty() {
        out.push(Problem::file(format!(
            "the bid packages ({}) give no bid due date: set `due` in the project file's [bid] table",
            packages
                .iter()
                .map(|p| p.trade.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let listed = |item: &TradeItem| {
        packages.iter().any(|p| {
            p.trade.eq_ignore_ascii_case(&item.trade) || p.disciplines.contains(&item.trade)
        })
    };
    for (what, items) in [
        ("alternate", &terms.alternates),
        ("unit price", &terms.unit_prices),
    ] {
        for item in items.iter().filter(|i| !listed(i)) {
            out.push(Problem::file(format!(
                "the {what} '{}' names the trade '{}', which has no bid package",
                item.description, item.trade
            )));
        }
    }
    out
}

fn by_telecom_room(locations: &[PlacedQty], serving: &HashMap<&str, &str>) -> Vec<PlacedQty> {
    let mut sums: Vec<PlacedQty> = Vec::new();
    let mut index: HashMap<(Arc<str>, Arc<str>), usize> = HashMap::new();
    for placed in locations {
        let idf: Arc<str> = match placed.location {
            Location::TelecomRoom => placed.place.clone(),
            Location::Room => Arc::from(serving.get(&*placed.place).copied().unwrap_or(UNASSIGNED)),
        };
        match index.get(&(idf.clone(), placed.part.clone())) {
            Some(&i) => sums[i].qty += placed.qty,
            None => {
                index.insert((idf.clone(), placed.part.clone()), sums.len());
                sums.push(PlacedQty {
                    location: Location::TelecomRoom,
                    place: idf,
                    ..placed.clone()
                });
            }
        }
    }
    sums
}

/// File names for trades: each trade's slug, made unique by a number where two trades' names
/// slug alike ("A/V" and "A-V"), never colliding with another trade's own slug.
fn unique_slugs<'a>(trades: impl Iterator<Item = &'a str>) -> Vec<String> {
    let wanted: Vec<String> = trades.map(slug).collect();
    let mut taken: Vec<String> = Vec::with_capacity(wanted.len());
    for (i, base) in wanted.iter().enumerate() {
        let clashes = |name: &str| {
            taken.iter().any(|t| t == name)
                || wanted[i + 1..].iter().any(|w| w == name && w != base)
        };
        let mut name = base.clone();
        let mut n = 2;
        while clashes(&name) {
            name = format!("{base}-{n}");
            n += 1;
        }
        taken.push(name);
    }
    taken
}

/// Characters of a slug: a file name (255 bytes on most file systems) has room for it, its
/// number and its extension whatever the trade's name.
const MAX_SLUG: usize = 60;

/// A file-name-safe form of a trade name: lower-case ASCII letters and digits joined by dashes,
/// at most [`MAX_SLUG`] characters.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for word in name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let room = MAX_SLUG.saturating_sub(out.len() + usize::from(!out.is_empty()));
        if room == 0 {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word[..word.len().min(room)].to_ascii_lowercase());
    }
    if out.is_empty() {
        "trade".to_string()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_file_names() {
        assert_eq!(slug("Structured Cabling"), "structured-cabling");
        assert_eq!(slug("Audio/Visual & AV"), "audio-visual-av");
        assert_eq!(slug("../.."), "trade");
        assert_eq!(slug("Réseau"), "r-seau");
        let long = slug(&"Cabling ".repeat(100));
        assert!(
            long.len() <= MAX_SLUG && long.starts_with("cabling-cabling"),
            "{long}"
        );
        assert!(!long.ends_with('-'));
        assert_eq!(slug(&"x".repeat(300)).len(), MAX_SLUG);
    }

    #[test]
    fn trades_that_slug_alike_get_distinct_files() {
        let slugs = unique_slugs(["A/V", "A-V", "A V", "a-v-2"].into_iter());
        assert_eq!(slugs, ["a-v", "a-v-3", "a-v-4", "a-v-2"]);
        let mut sorted = slugs.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 4);
    }
}
