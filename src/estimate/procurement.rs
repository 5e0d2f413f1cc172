//! What is bought, rolled up: one row per part with its total quantity, unit cost and extended
//! cost, grouped by who buys it (each bid trade, then the hospital's own IT purchases:
//! workstations, monitors, phones, printers). Labor-only parts buy nothing and are left out, so
//! the purchases add up to the estimate's material.

use super::Estimate;
use crate::money::ZERO_CENTS;
use rust_decimal::Decimal;
use std::sync::Arc;

/// Who buys: a bid trade, or none for internal IT.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseGroup {
    pub trade: Option<Arc<str>>,
    pub items: Vec<Purchase>,
    /// The extended costs' sum.
    pub total: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purchase {
    pub part: Arc<str>,
    pub description: Arc<str>,
    pub unit: Arc<str>,
    pub qty: Decimal,
    pub unit_cost: Decimal,
    /// The part's material over every line (each line rounded to the cent, as the Line Items).
    pub extended: Decimal,
}

impl Estimate {
    /// The purchases by trade, in the disciplines' order, with internal IT last.
    pub fn procurement(&self) -> Vec<PurchaseGroup> {
        let mut groups: Vec<PurchaseGroup> = Vec::new();
        for line in self.lines.iter().filter(|l| !l.material.is_zero()) {
            let at = match groups.iter().position(|g| g.trade == line.trade) {
                Some(at) => at,
                None => {
                    groups.push(PurchaseGroup {
                        trade: line.trade.clone(),
                        items: Vec::new(),
                        total: ZERO_CENTS,
                    });
                    groups.len() - 1
                }
            };
            let group = &mut groups[at];
            group.total += line.material;
            match group.items.iter_mut().find(|p| p.part == line.part) {
                Some(item) => {
                    item.qty += line.qty;
                    item.extended += line.material;
                }
                None => group.items.push(Purchase {
                    part: line.part.clone(),
                    description: line.description.clone(),
                    unit: line.unit.clone(),
                    qty: line.qty,
                    unit_cost: line.unit_cost,
                    extended: line.material,
                }),
            }
        }
        let order = |g: &PurchaseGroup| {
            self.disciplines
                .iter()
                .position(|d| d.trade.as_deref() == g.trade.as_deref() && g.trade.is_some())
                .unwrap_or(usize::MAX)
        };
        groups.sort_by_key(order);
        groups
    }
}
