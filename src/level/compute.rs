//! One trade's bids, leveled line by line: each price against the estimate's amount and the
//! median of the bids, a plug for each line not priced, totals as bid and as leveled, the
//! apparent low and the leveled low.

use super::read::Price;
use super::{BidderResult, Entry, Flag, LevelLine, ReturnedBid, Thresholds, TradeLeveling};
use crate::bid::BidPackage;
use crate::estimate::Estimate;
use crate::money::{ZERO_CENTS, round_cents};
use rust_decimal::Decimal;
use std::collections::HashMap;

pub fn level_trade(
    estimate: &Estimate,
    package: &BidPackage,
    bids: &[&ReturnedBid],
    thresholds: Thresholds,
) -> TradeLeveling {
    let amounts = estimate_amounts(estimate, &package.trade);
    let lines: Vec<LevelLine> = package
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let estimate_amount = amounts.get(&*item.part).copied().unwrap_or(ZERO_CENTS);
            let prices: Vec<&Price> = bids.iter().map(|b| &b.prices[i]).collect();
            let entries: Vec<Entry> = prices
                .iter()
                .map(|p| entry(p, item.qty, estimate_amount))
                .collect();
            let median = median(&entries);
            let entries = entries
                .into_iter()
                .map(|e| flagged(e, estimate_amount, median, thresholds))
                .collect();
            LevelLine {
                item: i + 1,
                part: item.part.to_string(),
                description: item.description.to_string(),
                unit: item.unit.to_string(),
                qty: item.qty,
                estimate_unit: unit_of(estimate_amount, item.qty),
                estimate_amount,
                median,
                entries,
            }
        })
        .collect();
    let estimate_total: Decimal = lines.iter().map(|l| l.estimate_amount).sum();
    let bidders: Vec<BidderResult> = bids
        .iter()
        .enumerate()
        .map(|(b, bid)| totals(bid, b, &lines, estimate_total))
        .collect();
    let lowest = |key: fn(&BidderResult) -> Decimal| {
        (0..bidders.len()).min_by_key(|&i| (key(&bidders[i]), i))
    };
    let apparent_low = lowest(|b| b.as_bid);
    let leveled_low = lowest(|b| b.leveled);
    let mut trade = TradeLeveling {
        trade: package.trade.clone(),
        slug: package.slug.clone(),
        estimate: estimate_total,
        lines,
        bidders,
        apparent_low,
        leveled_low,
        recommendation: None,
    };
    trade.recommendation = super::recommend::recommend(&trade, thresholds);
    trade
}

/// The estimate's material and labor for each of the trade's parts.
fn estimate_amounts<'e>(estimate: &'e Estimate, trade: &str) -> HashMap<&'e str, Decimal> {
    let mut amounts: HashMap<&str, Decimal> = HashMap::new();
    for line in &estimate.lines {
        if line.trade.as_deref() == Some(trade) {
            *amounts.entry(&line.part).or_insert(ZERO_CENTS) += line.total;
        }
    }
    amounts
}

fn unit_of(amount: Decimal, qty: Decimal) -> Decimal {
    if qty.is_zero() {
        ZERO_CENTS
    } else {
        round_cents(amount / qty)
    }
}

fn entry(price: &Price, qty: Decimal, estimate_amount: Decimal) -> Entry {
    match price {
        Price::Given(unit) => {
            let amount = round_cents(qty * unit);
            let flags = if unit.is_zero() {
                vec![Flag::Zero]
            } else {
                Vec::new()
            };
            Entry {
                unit_price: Some(*unit),
                amount,
                plug: ZERO_CENTS,
                leveled: amount,
                flags,
            }
        }
        Price::Blank | Price::Unreadable(_) => Entry {
            unit_price: None,
            amount: ZERO_CENTS,
            plug: estimate_amount,
            leveled: estimate_amount,
            flags: vec![Flag::Missing {
                text: match price {
                    Price::Unreadable(t) => Some(t.clone()),
                    _ => None,
                },
            }],
        },
    }
}

/// The median amount of the bids that priced the line above zero, when at least three did
/// (two bids have no middle: each is as far off the other).
fn median(entries: &[Entry]) -> Option<Decimal> {
    let mut priced: Vec<Decimal> = entries
        .iter()
        .filter(|e| e.unit_price.is_some_and(|u| !u.is_zero()))
        .map(|e| e.amount)
        .collect();
    if priced.len() < 3 {
        return None;
    }
    priced.sort();
    let n = priced.len();
    Some(if n % 2 == 1 {
        priced[n / 2]
    } else {
        round_cents((priced[n / 2 - 1] + priced[n / 2]) / Decimal::TWO)
    })
}

/// `(amount - base) / base` in percent, one decimal, when it is off by more than the threshold.
fn off(amount: Decimal, base: Decimal, t: Thresholds) -> Option<(Decimal, bool)> {
    if base.is_zero() {
        return None;
    }
    let percent = (amount - base) / base * Decimal::ONE_HUNDRED;
    (percent.abs() > t.flag_percent)
        .then(|| (percent.round_dp(1), percent.abs() > t.strong_percent))
}

fn flagged(
    mut entry: Entry,
    estimate_amount: Decimal,
    median: Option<Decimal>,
    t: Thresholds,
) -> Entry {
    let priced = entry.unit_price.is_some_and(|u| !u.is_zero());
    if !priced {
        return entry;
    }
    if let Some((percent, strong)) = off(entry.amount, estimate_amount, t) {
        entry.flags.push(Flag::Estimate { percent, strong });
    }
    if let Some((percent, strong)) = median.and_then(|m| off(entry.amount, m, t)) {
        entry.flags.push(Flag::Median { percent, strong });
    }
    entry
}

fn totals(bid: &ReturnedBid, b: usize, lines: &[LevelLine], estimate: Decimal) -> BidderResult {
    let entries = || lines.iter().map(|l| &l.entries[b]);
    let as_bid: Decimal = entries().map(|e| e.amount).sum();
    let plugs: Decimal = entries().map(|e| e.plug).sum();
    let leveled = as_bid + plugs;
    let missing = |e: &&Entry| e.flags.iter().any(|f| matches!(f, Flag::Missing { .. }));
    BidderResult {
        name: bid.bidder.clone(),
        file: bid.file.clone(),
        as_bid,
        plugs,
        leveled,
        vs_estimate: (!estimate.is_zero())
            .then(|| ((leveled - estimate) / estimate * Decimal::ONE_HUNDRED).round_dp(1)),
        missing_lines: entries().filter(missing).count(),
        zero_lines: entries().filter(|e| e.flags.contains(&Flag::Zero)).count(),
        flagged_lines: entries()
            .filter(|e| !missing(e) && !e.flags.is_empty())
            .count(),
    }
}

#[cfg(test)]
pub fn median_for_tests(entries: &[Entry]) -> Option<Decimal> {
    median(entries)
}
