//! The leveling model on bids made in code: every figure worked by hand.

use super::read::Price;
use super::*;
use crate::catalog::Catalog;
use crate::devices::{DeviceCounts, DeviceKind};
use crate::room_list::{Room, RoomList};
use std::str::FromStr;

fn d(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

fn estimate() -> Estimate {
    let mut counts = DeviceCounts::default();
    counts[DeviceKind::DataDrops] = 4;
    counts[DeviceKind::Displays] = 1;
    let list = RoomList {
        file: "t.xlsx".into(),
        rooms: vec![Room::new("101", "Exam Room", counts).idf("IDF-1")],
        ..RoomList::default()
    };
    crate::estimate::estimate(&list, &Catalog::default_catalog())
}

fn bid(trade: &str, name: &str, prices: Vec<Price>) -> ReturnedBid {
    ReturnedBid {
        file: format!("{name}.xlsx"),
        trade: trade.into(),
        bidder: name.into(),
        prices,
    }
}

/// Each line priced at the estimate's unit price times `factor`, to the cent.
fn at(package: &BidPackage, estimate: &Estimate, factor: &str) -> Vec<Price> {
    let trade = level_trade(estimate, package, &[], Thresholds::default());
    trade
        .lines
        .iter()
        .map(|l| Price::Given(crate::money::round_cents(l.estimate_unit * d(factor))))
        .collect()
}

#[test]
fn plugs_totals_lows_and_flags() {
    let estimate = estimate();
    let packages = crate::bid::packages(&estimate);
    let cabling = packages
        .iter()
        .find(|p| p.trade == "Structured Cabling")
        .unwrap();
    let n = cabling.items.len();
    assert!(n >= 4, "{n}");
    let full = at(cabling, &estimate, "1");
    let mut gappy = at(cabling, &estimate, "0.9");
    gappy[0] = Price::Blank;
    gappy[1] = Price::Unreadable("incl.".into());
    let mut high = at(cabling, &estimate, "1.5");
    high[2] = Price::Given(d("0"));
    let bids = [
        bid(&cabling.trade, "Full", full),
        bid(&cabling.trade, "Gappy", gappy),
        bid(&cabling.trade, "High", high),
    ];
    let refs: Vec<&ReturnedBid> = bids.iter().collect();
    let t = level_trade(&estimate, cabling, &refs, Thresholds::default());

    let line0 = &t.lines[0];
    assert_eq!(line0.entries[1].plug, line0.estimate_amount);
    assert_eq!(line0.entries[1].amount, d("0.00"));
    assert!(matches!(
        line0.entries[1].flags[0],
        Flag::Missing { text: None }
    ));
    assert!(matches!(
        &t.lines[1].entries[1].flags[0],
        Flag::Missing { text: Some(t) } if t == "incl."
    ));
    // Every amount is quantity × unit price to the cent, every total the sum of its lines.
    for (b, bidder) in t.bidders.iter().enumerate() {
        let as_bid: Decimal = t.lines.iter().map(|l| l.entries[b].amount).sum();
        let plugs: Decimal = t.lines.iter().map(|l| l.entries[b].plug).sum();
        assert_eq!(bidder.as_bid, as_bid);
        assert_eq!(bidder.plugs, plugs);
        assert_eq!(bidder.leveled, as_bid + plugs);
        for l in &t.lines {
            if let Some(u) = l.entries[b].unit_price {
                assert_eq!(l.entries[b].amount, crate::money::round_cents(u * l.qty));
            }
        }
    }
    assert_eq!(t.bidders[1].missing_lines, 2);
    assert_eq!(t.bidders[2].zero_lines, 1);
    // Priced at 1.5 times the estimate: +50% on each line, strong.
    let high_flags = &t.lines[3].entries[2].flags;
    assert!(
        high_flags
            .iter()
            .any(|f| matches!(f, Flag::Estimate { strong: true, percent } if *percent > d("40"))),
        "{high_flags:?}"
    );
    // The full bid matches the estimate, cent for cent, within rounding of unit prices.
    assert_eq!(t.bidders[0].missing_lines, 0);
    assert_eq!(t.apparent_low, Some(1));
    let leveled_low = t.leveled_low.unwrap();
    let min = t.bidders.iter().map(|b| b.leveled).min().unwrap();
    assert_eq!(t.bidders[leveled_low].leveled, min);
    let rec = t.recommendation.as_ref().unwrap();
    assert_eq!(rec.bidder, leveled_low);
    assert!(rec.reasons[0].contains("lowest leveled total"), "{rec:?}");
}

#[test]
fn the_median_needs_three_priced_bids() {
    let e = |amount: &str| Entry {
        unit_price: Some(d("1")),
        amount: d(amount),
        plug: d("0"),
        leveled: d(amount),
        flags: Vec::new(),
    };
    assert_eq!(compute_median(&[e("10"), e("30")]), None);
    assert_eq!(compute_median(&[e("10"), e("30"), e("20")]), Some(d("20")));
    assert_eq!(
        compute_median(&[e("10"), e("30"), e("20"), e("41")]),
        Some(d("25.00"))
    );
}

fn compute_median(entries: &[Entry]) -> Option<Decimal> {
    super::compute::median_for_tests(entries)
}

#[test]
fn thresholds_come_from_flags_then_the_project_then_defaults() {
    let mut estimate = estimate();
    assert_eq!(
        Thresholds::from_project(&estimate, None, None),
        Thresholds::default()
    );
    estimate.project.bid = Some(crate::bid_terms::BidTerms {
        flag_percent: Some(d("15")),
        strong_percent: Some(d("30")),
        ..Default::default()
    });
    let t = Thresholds::from_project(&estimate, Some(d("10")), None);
    assert_eq!(t.flag_percent, d("10"));
    assert_eq!(t.strong_percent, d("30"));
}

#[test]
fn thresholds_that_make_no_sense_are_refused() {
    let t = |flag: &str, strong: &str| {
        Thresholds {
            flag_percent: d(flag),
            strong_percent: d(strong),
        }
        .checked()
        .is_ok()
    };
    assert!(t("20", "40"));
    assert!(t("20", "20"));
    assert!(!t("20", "10"), "strong nearer than a flag");
    assert!(!t("-5", "40"));
    assert!(!t("0", "40"));
    assert!(!t("20", "1001"));
}
