//! The award a trade's leveling points to, in words: the leveled low, why, and what to settle
//! with that bidder before award. Worded here, from the model's figures, so the workbook, the
//! recommendation and the JSON say the same.

use super::{Flag, Recommendation, Thresholds, TradeLeveling, signed_percent};
use crate::money::format_dollars;
use crate::text::counted;

pub fn recommend(trade: &TradeLeveling, t: Thresholds) -> Option<Recommendation> {
    let low = trade.leveled_low?;
    let bidder = &trade.bidders[low];
    let mut reasons = vec![format!(
        "{} has the lowest leveled total, {}{}.",
        bidder.name,
        format_dollars(bidder.leveled),
        bidder
            .vs_estimate
            .map(|p| format!(
                " ({} against the estimate of {})",
                signed_percent(p),
                format_dollars(trade.estimate)
            ))
            .unwrap_or_default()
    )];
    let next = (0..trade.bidders.len())
        .filter(|&i| i != low)
        .min_by_key(|&i| (trade.bidders[i].leveled, i));
    match next {
        Some(n) => reasons.push(format!(
            "It is {} below the next leveled bid, {} at {}.",
            format_dollars(trade.bidders[n].leveled - bidder.leveled),
            trade.bidders[n].name,
            format_dollars(trade.bidders[n].leveled)
        )),
        None => reasons.push("It is the only bid received for this trade.".into()),
    }
    if let Some(apparent) = trade.apparent_low.filter(|&a| a != low) {
        let a = &trade.bidders[apparent];
        reasons.push(format!(
            "{}'s apparent low of {} becomes {} once its {} plugged at the estimate.",
            a.name,
            format_dollars(a.as_bid),
            format_dollars(a.leveled),
            counted(a.missing_lines, "missing line")
        ));
    }
    Some(Recommendation {
        bidder: low,
        reasons,
        conditions: conditions(trade, low, t),
    })
}

/// What must be settled with the recommended bidder before award.
fn conditions(trade: &TradeLeveling, low: usize, t: Thresholds) -> Vec<String> {
    let bidder = &trade.bidders[low];
    let parts_where = |test: &dyn Fn(&Flag) -> bool| -> Vec<String> {
        trade
            .lines
            .iter()
            .filter(|l| l.entries[low].flags.iter().any(test))
            .map(|l| format!("{} {}", l.item, l.part))
            .collect()
    };
    let mut out = Vec::new();
    let missing = parts_where(&|f| matches!(f, Flag::Missing { .. }));
    if !missing.is_empty() {
        out.push(format!(
            "Confirm in writing that the lines not priced ({}) are included at no added cost, \
             or settle them before award: they are carried at {} in the leveled total.",
            missing.join(", "),
            format_dollars(bidder.plugs)
        ));
    }
    let zero = parts_where(&|f| *f == Flag::Zero);
    if !zero.is_empty() {
        out.push(format!(
            "Confirm that the lines priced at zero ({}) are included elsewhere in the bid.",
            zero.join(", ")
        ));
    }
    let low_lines = parts_where(
        &|f| matches!(f, Flag::Estimate { percent, strong: true } if percent.is_sign_negative()),
    );
    if !low_lines.is_empty() {
        out.push(format!(
            "Review the lines priced far below the estimate ({}) for scope left out.",
            low_lines.join(", ")
        ));
    }
    if let Some(p) = bidder.vs_estimate {
        if -p > t.strong_percent {
            out.push(format!(
                "The leveled total is {} against the estimate: confirm the bidder's scope and \
                 quantities before award.",
                signed_percent(p)
            ));
        } else if p > t.flag_percent {
            out.push(format!(
                "The lowest leveled bid is {} over the estimate: the budget for this trade needs \
                 review before award.",
                signed_percent(p)
            ));
        }
    }
    if trade.bidders.len() == 1 {
        out.push("Only one bid was received: negotiate against the estimate or re-bid.".into());
    }
    out
}
