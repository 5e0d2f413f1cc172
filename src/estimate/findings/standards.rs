//! Findings that compare each room's counts with its room type's standard: below is a gap, above
//! is a check (worded more strongly when far above). Each quotes what the difference costs, so a
//! PM can decide without opening the workbook.

use super::{Difference, Finding, FindingFacts, FindingKind, display_name, plural};
use crate::catalog::Catalog;
use crate::devices::{DeviceCounts, DeviceKind};
use crate::estimate::lines::Pricing;
use crate::money::format_dollars;
use crate::room_list::Room;
use rust_decimal::Decimal;

pub fn against_standard(room: &Room, catalog: &Catalog, pricing: &Pricing, out: &mut Vec<Finding>) {
    let Some(room_type) = catalog
        .room_type(&room.room_type)
        .filter(|_| !room.excluded && !room.is_unclassified())
    else {
        return;
    };
    let factor = catalog.rules().high_count_factor;
    let (mut below, mut below_kinds) = (Vec::new(), Vec::new());
    let (mut above, mut above_kinds) = (Vec::new(), Vec::new());
    let mut far_above = false;
    // The room with its shortfalls raised to standard, and with its excess lowered to it.
    let (mut raised, mut lowered) = (room.counts, room.counts);
    for kind in DeviceKind::ALL {
        // A blank count was filled from the standard; it is an assumption, not a difference.
        if room.blank_counts.contains(kind) {
            continue;
        }
        let (count, standard) = (room.counts[kind], room_type.standard[kind]);
        // Most counts are the standard: described only when they differ.
        let described = || format!("{} (standard {})", plural(count, kind), standard);
        if count < standard {
            below.push(described());
            below_kinds.push(kind);
            raised[kind] = standard;
        } else if count > standard {
            above.push(described());
            above_kinds.push(kind);
            lowered[kind] = standard;
            far_above |= Decimal::from(count) >= Decimal::from(standard) * factor
                && count >= standard.saturating_add(2);
        }
    }
    let cost = |counts: &DeviceCounts| pricing.room_cost(&room_type.name, counts);
    if !below.is_empty() {
        let missing = cost(&raised) - cost(&room.counts);
        out.push(Finding {
            kind: FindingKind::Gap,
            subject: Some(room.number.clone()),
            message: format!(
                "Room {} ({}) is below the {} standard: {}; bringing it to standard would add {} before overheads. Confirm with the design team or add the missing devices.",
                room.number,
                display_name(room),
                room_type.name,
                below.join(", "),
                format_dollars(missing)
            ),
            facts: difference(&room_type.name, below_kinds, missing),
        });
    }
    if !above.is_empty() {
        let extra = cost(&room.counts) - cost(&lowered);
        let (how, ask) = if far_above {
            (
                "far above",
                "confirm the counts are intended before bid packages are issued",
            )
        } else {
            (
                "above",
                "priced as listed; confirm the extra devices are intended",
            )
        };
        out.push(Finding {
            kind: FindingKind::Check,
            subject: Some(room.number.clone()),
            message: format!(
                "Room {} ({}) is {how} the {} standard: {}, which adds {} before overheads; {ask}.",
                room.number,
                display_name(room),
                room_type.name,
                above.join(", "),
                format_dollars(extra)
            ),
            facts: difference(&room_type.name, above_kinds, extra),
        });
    }
}

fn difference(room_type: &str, kinds: Vec<DeviceKind>, cost: Decimal) -> FindingFacts {
    FindingFacts {
        standard: Some(Difference {
            room_type: room_type.to_string(),
            kinds,
            cost,
        }),
        trades: Vec::new(),
    }
}
