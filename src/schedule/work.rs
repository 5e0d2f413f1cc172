//! The labor hours a phase carries out, taken from the estimate's lines and split by floor.

use crate::catalog::schedule::LaborShare;
use crate::estimate::{Estimate, Location};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};

/// The floors (or buildings, or both) of the room list, in order of first mention, and which
/// one each room and telecom room belongs to.
pub struct Floors<'e> {
    /// Printed names, like "Floor 3" or "East Tower, Level 2".
    pub labels: Vec<String>,
    rooms: HashMap<&'e str, usize>,
    telecom_rooms: HashMap<&'e str, usize>,
}

impl<'e> Floors<'e> {
    pub fn of(estimate: &'e Estimate) -> Floors<'e> {
        let mut keys: Vec<(Option<&str>, Option<&str>)> = Vec::new();
        let mut rooms = HashMap::new();
        let mut telecom_rooms = HashMap::new();
        let given =
            |text: &'e Option<String>| text.as_deref().map(str::trim).filter(|t| !t.is_empty());
        for room in estimate.rooms_in_scope() {
            let key = (given(&room.building), given(&room.floor));
            let index = keys.iter().position(|k| *k == key).unwrap_or_else(|| {
                keys.push(key);
                keys.len() - 1
            });
            rooms.insert(room.number.as_str(), index);
            // A telecom room is built out with the first floor it serves.
            if let Some(idf) = room.idf.as_deref() {
                telecom_rooms.entry(idf).or_insert(index);
            }
        }
        let labels = keys
            .iter()
            .map(|(building, floor)| label(*building, *floor))
            .collect();
        Floors {
            labels,
            rooms,
            telecom_rooms,
        }
    }

    /// Whether phases planned floor by floor have floors to follow.
    pub fn split(&self) -> bool {
        self.labels.len() >= 2
    }

    fn of_line(&self, location: Location, place: &str) -> usize {
        let map = match location {
            Location::Room => &self.rooms,
            Location::TelecomRoom => &self.telecom_rooms,
        };
        map.get(place).copied().unwrap_or(0)
    }
}

fn label(building: Option<&str>, floor: Option<&str>) -> String {
    let floor = match floor {
        // "3", "B1", "02" read better as "Floor 3"; "Level 3" and "Ground" stand as written.
        Some(f) if f.chars().filter(|c| c.is_alphabetic()).count() <= 1 => format!("Floor {f}"),
        Some(f) => f.to_string(),
        None => "No floor given".to_string(),
    };
    match building {
        Some(b) => format!("{b}, {floor}"),
        None => floor,
    }
}

/// Labor hours by discipline, location and floor.
pub struct Pools {
    hours: BTreeMap<(String, u8, usize), Decimal>,
}

impl Pools {
    pub fn of(estimate: &Estimate, floors: &Floors) -> Pools {
        let mut hours: BTreeMap<(String, u8, usize), Decimal> = BTreeMap::new();
        let mut last: Option<(&str, u8, usize)> = None;
        let mut running = Decimal::ZERO;
        // Lines come room by room: sum runs of the same key before touching the map.
        for line in &estimate.lines {
            if line.labor_hours.is_zero() {
                continue;
            }
            let key = (
                &*line.discipline,
                line.location as u8,
                floors.of_line(line.location, &line.place),
            );
            if last == Some(key) {
                running += line.labor_hours;
                continue;
            }
            if let Some((d, l, f)) = last {
                *hours.entry((d.to_string(), l, f)).or_default() += running;
            }
            last = Some(key);
            running = line.labor_hours;
        }
        if let Some((d, l, f)) = last {
            *hours.entry((d.to_string(), l, f)).or_default() += running;
        }
        Pools { hours }
    }

    /// Hours of each discipline, all locations and floors.
    pub fn by_discipline(&self) -> BTreeMap<&str, Decimal> {
        let mut out: BTreeMap<&str, Decimal> = BTreeMap::new();
        for ((discipline, _, _), hours) in &self.hours {
            *out.entry(discipline.as_str()).or_default() += *hours;
        }
        out
    }

    /// The work of these shares, by discipline: on one floor, or on all of them.
    pub fn work(&self, shares: &[LaborShare], floor: Option<usize>) -> BTreeMap<String, Decimal> {
        let mut out: BTreeMap<String, Decimal> = BTreeMap::new();
        for share in shares {
            let hours: Decimal = self
                .hours
                .iter()
                .filter(|((d, l, f), _)| {
                    *d == share.discipline
                        && share.location.is_none_or(|place| place as u8 == *l)
                        && floor.is_none_or(|wanted| wanted == *f)
                })
                .map(|(_, h)| *h)
                .sum();
            if !hours.is_zero() {
                *out.entry(share.discipline.clone()).or_default() +=
                    hours * share.share / Decimal::ONE_HUNDRED;
            }
        }
        out
    }
}
