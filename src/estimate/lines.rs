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
    catalog: &Catalog,
    labels: &Labels,
    lines: &mut Vec<LineItem>,
) {
    if room.excluded || room.is_unclassified() {
        return;
    }
    let place: Arc<str> = Arc::from(room.number.as_str());
    for (part, qty) in room_needs(&room.room_type, &room.counts, catalog) {
        lines.push(line(Location::Room, &place, part, qty, catalog, labels));
    }
}

/// A telecom room's equipment lines, appended to `lines`.
pub(super) fn add_telecom_lines(
    idf: &super::TelecomRoom,
    catalog: &Catalog,
    labels: &Labels,
    lines: &mut Vec<LineItem>,
) {
    let place: Arc<str> = Arc::from(idf.name.as_str());
    for item in &idf.items {
        lines.push(line(
            Location::TelecomRoom,
            &place,
            &item.part,
            item.qty,
            catalog,
            labels,
        ));
    }
}

/// Material plus labor of a room of this type with these counts (before project overheads), as
/// the sum of its rounded lines: what findings quote as the cost of a difference from standard,
/// and what a change order can price a changed room with.
pub(super) fn room_cost(room_type: &str, counts: &DeviceCounts, catalog: &Catalog) -> Decimal {
    room_needs(room_type, counts, catalog)
        .into_iter()
        .map(|(part, qty)| {
            let (material, _, labor) = amounts(part, qty, catalog);
            material + labor
        })
        .sum()
}

/// What a room needs, part by part: quantities summed over its devices and fixed items, in the
/// order they first appear, zero quantities left out.
fn room_needs<'c>(
    room_type: &str,
    counts: &DeviceCounts,
    catalog: &'c Catalog,
) -> Vec<(&'c str, Decimal)> {
    fn add<'c>(needs: &mut Vec<(&'c str, Decimal)>, items: &'c [PartQty], times: Decimal) {
        for item in items {
            let qty = item.qty * times;
            match needs.iter_mut().find(|(part, _)| *part == item.part) {
                Some((_, total)) => *total += qty,
                None => needs.push((&item.part, qty)),
            }
        }
    }
    let mut needs: Vec<(&str, Decimal)> = Vec::with_capacity(24);
    for kind in DeviceKind::ALL {
        let count = counts[kind];
        if count > 0 {
            add(&mut needs, catalog.device_parts(kind), Decimal::from(count));
        }
    }
    if let Some(room_type) = catalog.room_type(room_type) {
        add(&mut needs, &room_type.fixed, Decimal::ONE);
    }
    needs.retain(|(_, qty)| !qty.is_zero());
    needs
}

/// A line's material, labor hours and labor, each amount rounded to the cent.
fn amounts(part_id: &str, qty: Decimal, catalog: &Catalog) -> (Decimal, Decimal, Decimal) {
    let part = catalog.part(part_id);
    let rate = catalog.discipline(&part.discipline).labor_rate;
    let labor_hours = qty * part.labor_hours;
    (
        round_cents(qty * part.unit_cost),
        labor_hours,
        round_cents(labor_hours * rate),
    )
}

/// A part's texts, made once per estimate and shared by every line of the part.
#[derive(Clone)]
struct PartLabels {
    part: Arc<str>,
    description: Arc<str>,
    unit: Arc<str>,
    discipline: Arc<str>,
    discipline_name: Arc<str>,
    trade: Option<Arc<str>>,
}

pub(super) struct Labels(HashMap<String, PartLabels>);

/// A discipline's id, name and trade, shared by its parts' labels.
type DisciplineLabels = (Arc<str>, Arc<str>, Option<Arc<str>>);

impl Labels {
    pub(super) fn new(catalog: &Catalog) -> Labels {
        let names: HashMap<&str, DisciplineLabels> = catalog
            .disciplines()
            .map(|(id, d)| {
                (
                    id,
                    (
                        Arc::from(id),
                        Arc::from(d.name.as_str()),
                        d.trade.as_deref().map(Arc::from),
                    ),
                )
            })
            .collect();
        Labels(
            catalog
                .parts()
                .map(|(id, part)| {
                    let (discipline, discipline_name, trade) =
                        names[part.discipline.as_str()].clone();
                    let labels = PartLabels {
                        part: Arc::from(id),
                        description: Arc::from(part.description.as_str()),
                        unit: Arc::from(part.unit.as_str()),
                        discipline,
                        discipline_name,
                        trade,
                    };
                    (id.to_string(), labels)
                })
                .collect(),
        )
    }
}

fn line(
    location: Location,
    place: &Arc<str>,
    part_id: &str,
    qty: Decimal,
    catalog: &Catalog,
    labels: &Labels,
) -> LineItem {
    let part = catalog.part(part_id);
    let discipline = catalog.discipline(&part.discipline);
    let (material, labor_hours, labor) = amounts(part_id, qty, catalog);
    let l = labels.0[part_id].clone();
    LineItem {
        location,
        place: Arc::clone(place),
        part: l.part,
        description: l.description,
        unit: l.unit,
        discipline: l.discipline,
        discipline_name: l.discipline_name,
        trade: l.trade,
        qty,
        unit_cost: part.unit_cost,
        material,
        labor_hours,
        labor_rate: discipline.labor_rate,
        labor,
        total: material + labor,
    }
}

pub(super) fn sum_lines(lines: &[LineItem]) -> (Decimal, Decimal) {
    lines.iter().fold((ZERO_CENTS, ZERO_CENTS), |(m, l), line| {
        (m + line.material, l + line.labor)
    })
}
