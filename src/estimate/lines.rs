//! Line items: what each room and telecom room needs, part by part, priced from the catalog. Each
//! line's amounts are rounded to the cent here, once; every total is a sum of these.

use super::{LineItem, Location};
use crate::catalog::{Catalog, PartQty};
use crate::devices::{DeviceCounts, DeviceKind};
use crate::money::{ZERO_CENTS, round_cents};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::sync::Arc;

/// A room's lines, appended to `lines`; a space with no IT scope has none, nor has a room whose
/// type is unclassified (priced at $0 until it is typed).
pub(super) fn add_room_lines(
    room: &crate::room_list::Room,
    pricing: &Pricing,
    lines: &mut Vec<LineItem>,
) {
    if room.excluded || room.is_unclassified() {
        return;
    }
    let place: Arc<str> = Arc::from(room.number.as_str());
    for (slot, qty) in pricing.needs(&room.room_type, &room.counts) {
        lines.push(pricing.line(Location::Room, &place, slot, qty));
    }
}

/// A telecom room's equipment lines, appended to `lines`.
pub(super) fn add_telecom_lines(
    idf: &super::TelecomRoom,
    pricing: &Pricing,
    lines: &mut Vec<LineItem>,
) {
    let place: Arc<str> = Arc::from(idf.name.as_str());
    for item in &idf.items {
        let slot = pricing.slots[item.part.as_str()];
        lines.push(pricing.line(Location::TelecomRoom, &place, slot, item.qty));
    }
}

/// A part as lines are priced from it: its texts (made once, shared by every line of the part),
/// its price and hours, and its discipline's labor rate.
struct PricedPart {
    part: Arc<str>,
    description: Arc<str>,
    unit: Arc<str>,
    discipline: Arc<str>,
    discipline_name: Arc<str>,
    trade: Option<Arc<str>>,
    unit_cost: Decimal,
    labor_hours: Decimal,
    labor_rate: Decimal,
}

/// A part's slot in [`Pricing`] and its quantity.
type SlotQty = (usize, Decimal);

/// The catalog resolved once an estimate: every part priced by slot, and what one unit of each
/// device and each room type's fixed items need, by slot. A line is made without looking up a
/// name; at campus scale that is a hundred thousand lines.
pub(super) struct Pricing<'c> {
    parts: Vec<PricedPart>,
    slots: HashMap<&'c str, usize>,
    devices: Vec<(DeviceKind, Vec<SlotQty>)>,
    /// Each room type's fixed items (the first type of a name, as `Catalog::room_type` finds).
    fixed: HashMap<&'c str, Vec<SlotQty>>,
}

/// A discipline's id, name and trade, shared by its parts' labels.
type DisciplineLabels = (Arc<str>, Arc<str>, Option<Arc<str>>);

impl<'c> Pricing<'c> {
    pub(super) fn new(catalog: &'c Catalog) -> Pricing<'c> {
        let names: HashMap<&str, DisciplineLabels> = catalog
            .disciplines()
            .map(|(id, d)| {
                let labels = (
                    Arc::from(id),
                    Arc::from(d.name.as_str()),
                    d.trade.as_deref().map(Arc::from),
                );
                (id, labels)
            })
            .collect();
        let mut parts = Vec::new();
        let mut slots = HashMap::new();
        for (id, part) in catalog.parts() {
            let (discipline, discipline_name, trade) = names[part.discipline.as_str()].clone();
            slots.insert(id, parts.len());
            parts.push(PricedPart {
                part: Arc::from(id),
                description: Arc::from(part.description.as_str()),
                unit: Arc::from(part.unit.as_str()),
                discipline,
                discipline_name,
                trade,
                unit_cost: part.unit_cost,
                labor_hours: part.labor_hours,
                labor_rate: catalog.discipline(&part.discipline).labor_rate,
            });
        }
        let resolve = |items: &[PartQty]| -> Vec<SlotQty> {
            items
                .iter()
                .map(|item| (slots[item.part.as_str()], item.qty))
                .collect()
        };
        let devices = DeviceKind::ALL
            .into_iter()
            .map(|kind| (kind, resolve(catalog.device_parts(kind))))
            .collect();
        let mut fixed = HashMap::new();
        for room_type in catalog.room_types() {
            fixed
                .entry(room_type.name.as_str())
                .or_insert_with(|| resolve(&room_type.fixed));
        }
        Pricing {
            parts,
            slots,
            devices,
            fixed,
        }
    }

    /// What a room needs, part by part: quantities summed over its devices and fixed items, in
    /// the order they first appear, zero quantities left out.
    fn needs(&self, room_type: &str, counts: &DeviceCounts) -> Vec<SlotQty> {
        fn add(needs: &mut Vec<SlotQty>, items: &[SlotQty], times: Decimal) {
            for &(slot, qty) in items {
                let qty = qty * times;
                match needs.iter_mut().find(|(s, _)| *s == slot) {
                    Some((_, total)) => *total += qty,
                    None => needs.push((slot, qty)),
                }
            }
        }
        let mut needs = Vec::with_capacity(24);
        for (kind, items) in &self.devices {
            let count = counts[*kind];
            if count > 0 {
                add(&mut needs, items, Decimal::from(count));
            }
        }
        if let Some(items) = self.fixed.get(room_type) {
            add(&mut needs, items, Decimal::ONE);
        }
        needs.retain(|(_, qty)| !qty.is_zero());
        needs
    }

    /// Material plus labor of a room of this type with these counts (before project overheads),
    /// as the sum of its rounded lines: what findings quote as the cost of a difference from
    /// standard.
    pub(super) fn room_cost(&self, room_type: &str, counts: &DeviceCounts) -> Decimal {
        self.needs(room_type, counts)
            .into_iter()
            .map(|(slot, qty)| {
                let (material, _, labor) = self.amounts(&self.parts[slot], qty);
                material + labor
            })
            .sum()
    }

    /// A line's material, labor hours and labor, each amount rounded to the cent.
    fn amounts(&self, part: &PricedPart, qty: Decimal) -> (Decimal, Decimal, Decimal) {
        let labor_hours = qty * part.labor_hours;
        (
            round_cents(qty * part.unit_cost),
            labor_hours,
            round_cents(labor_hours * part.labor_rate),
        )
    }

    fn line(&self, location: Location, place: &Arc<str>, slot: usize, qty: Decimal) -> LineItem {
        let part = &self.parts[slot];
        let (material, labor_hours, labor) = self.amounts(part, qty);
        LineItem {
            location,
            place: Arc::clone(place),
            part: Arc::clone(&part.part),
            description: Arc::clone(&part.description),
            unit: Arc::clone(&part.unit),
            discipline: Arc::clone(&part.discipline),
            discipline_name: Arc::clone(&part.discipline_name),
            trade: part.trade.clone(),
            qty,
            unit_cost: part.unit_cost,
            material,
            labor_hours,
            labor_rate: part.labor_rate,
            labor,
            total: material + labor,
        }
    }
}

pub(super) fn sum_lines(lines: &[LineItem]) -> (Decimal, Decimal) {
    lines.iter().fold((ZERO_CENTS, ZERO_CENTS), |(m, l), line| {
        (m + line.material, l + line.labor)
    })
}
