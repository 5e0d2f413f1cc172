//! Bid packages: one per vendor trade (the disciplines whose catalog entry names a trade). What a
//! vendor prices is the trade's parts, quantities summed over every room and telecom room; the
//! quantities are the Estimate's own, and no price of ours is shown.

use crate::estimate::{DisciplineTotal, Estimate, LineItem};
use rust_decimal::Decimal;
use std::sync::Arc;

pub struct Trade<'e> {
    pub name: String,
    /// The file name without extension: `structured-cabling`.
    pub slug: String,
    pub disciplines: Vec<&'e DisciplineTotal>,
    pub items: Vec<BidItem>,
    /// The Estimate's lines for this trade, for the quantities-by-location schedule.
    pub lines: Vec<&'e LineItem>,
}

pub struct BidItem {
    pub part: Arc<str>,
    pub description: Arc<str>,
    pub unit: Arc<str>,
    pub discipline: Arc<str>,
    pub qty: Decimal,
}

/// Every vendor trade with work in this Estimate, in catalog order of its first discipline.
pub fn trades(estimate: &Estimate) -> Vec<Trade<'_>> {
    let mut trades: Vec<Trade> = Vec::new();
    for d in &estimate.disciplines {
        let Some(name) = &d.trade else { continue };
        match trades.iter_mut().find(|t| &t.name == name) {
            Some(t) => t.disciplines.push(d),
            None => trades.push(Trade {
                name: name.clone(),
                slug: slug(name),
                disciplines: vec![d],
                items: Vec::new(),
                lines: Vec::new(),
            }),
        }
    }
    for line in &estimate.lines {
        let Some(name) = &line.trade else { continue };
        let Some(trade) = trades.iter_mut().find(|t| *t.name == **name) else {
            continue;
        };
        trade.lines.push(line);
        match trade.items.iter_mut().find(|i| i.part == line.part) {
            Some(item) => item.qty += line.qty,
            None => trade.items.push(BidItem {
                part: line.part.clone(),
                description: line.description.clone(),
                unit: line.unit.clone(),
                discipline: line.discipline_name.clone(),
                qty: line.qty,
            }),
        }
    }
    trades.retain(|t| !t.lines.is_empty());
    // Two trade names that differ only in punctuation would share a file name.
    for i in 1..trades.len() {
        if trades[..i].iter().any(|t| t.slug == trades[i].slug) {
            trades[i].slug = format!("{}-{}", trades[i].slug, i + 1);
        }
    }
    trades
}

/// A file-name-safe form of a trade name: lower-case ASCII letters and digits joined by dashes.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for word in name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word.to_ascii_lowercase());
    }
    if out.is_empty() {
        "trade".to_string()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs_are_safe_file_names() {
        assert_eq!(slug("Structured Cabling"), "structured-cabling");
        assert_eq!(slug("Audio/Visual & AV"), "audio-visual-av");
        assert_eq!(slug("../.."), "trade");
        assert_eq!(slug("Réseau"), "r-seau");
    }
}
