//! Telecom rooms (IDFs): the ports each serves and the equipment that takes.

use crate::catalog::resolve_text::is_telecom_space;
use crate::catalog::{Catalog, PartQty, TelecomRules};
use crate::devices::DeviceKind;
use crate::room_list::Room;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TelecomRoom {
    pub name: String,
    pub rooms_served: usize,
    /// The floors of the rooms it serves, as the list names them, in order of first mention.
    #[serde(default)]
    pub floors: Vec<String>,
    /// Switch ports the rooms' devices take (also the cables terminated on patch panels).
    pub ports: u64,
    /// Ports to provide: served ports plus the catalog's spare capacity.
    pub ports_with_spare: u64,
    pub switches: u64,
    pub patch_panels: u64,
    /// More switches than one closet should hold.
    pub over_capacity: bool,
    pub items: Vec<PartQty>,
    /// A telecom space the list names but assigns no room to (a list with no IDF column): its
    /// closet equipment is priced, its switches cannot be.
    #[serde(default)]
    pub found_by_name: bool,
    /// Its own equipment's material and labor (set once its lines are priced).
    #[serde(default)]
    pub material: Decimal,
    #[serde(default)]
    pub labor: Decimal,
    #[serde(default)]
    pub total: Decimal,
}

/// The rooms one IDF serves, gathered from the list.
struct Served<'a> {
    name: &'a str,
    rooms: usize,
    ports: u64,
    floors: Vec<String>,
}

/// One telecom room for each IDF the room list names, in order of first mention; where the list
/// assigns no room an IDF, one for each telecom space it lists.
pub fn plan(rooms: &[Room], catalog: &Catalog) -> Vec<TelecomRoom> {
    if !rooms.iter().any(|r| r.idf.is_some()) {
        return telecom_spaces(rooms, catalog);
    }
    let rules = catalog.telecom();
    let mut served: Vec<Served> = Vec::new();
    // Spaces with no IT scope take no ports, and an IDF named for them serves nothing; nor does
    // a room whose type is unclassified, priced at $0 until it is typed.
    for room in rooms.iter().filter(|r| !r.excluded && !r.is_unclassified()) {
        let Some(idf) = room.idf.as_deref() else {
            continue;
        };
        let ports: u64 = DeviceKind::ALL
            .into_iter()
            .map(|k| u64::from(room.counts[k]) * u64::from(rules.ports_per_device[k]))
            .sum();
        let index = match served.iter().position(|s| s.name == idf) {
            Some(i) => i,
            None => {
                served.push(Served {
                    name: idf,
                    rooms: 0,
                    ports: 0,
                    floors: Vec::new(),
                });
                served.len() - 1
            }
        };
        let entry = &mut served[index];
        entry.rooms += 1;
        entry.ports += ports;
        if let Some(floor) = room
            .floor
            .as_deref()
            .map(str::trim)
            .filter(|f| !f.is_empty())
            && !entry.floors.iter().any(|f| f == floor)
        {
            entry.floors.push(floor.to_string());
        }
    }
    served
        .into_iter()
        .map(|s| equip(s, catalog.telecom()))
        .collect()
}

/// The telecom spaces of a list that assigns no IDFs (issue 14): rooms typed as a telecom space,
/// or named as one whatever their type ("COMM. ROOM" typed Office). Each is counted as a telecom
/// room serving no assigned room: its closet equipment is priced, no switches.
fn telecom_spaces(rooms: &[Room], catalog: &Catalog) -> Vec<TelecomRoom> {
    rooms
        .iter()
        .filter(|r| !r.excluded && !r.is_unclassified())
        .filter(|r| {
            is_telecom_space(&r.room_type) || r.name_says.as_deref().is_some_and(is_telecom_space)
        })
        .map(|r| {
            let name = match r.name.trim() {
                "" => r.number.clone(),
                n if n.eq_ignore_ascii_case(r.number.trim()) => r.number.clone(),
                n => format!("{} ({n})", r.number),
            };
            let served = Served {
                name: &name,
                rooms: 0,
                ports: 0,
                floors: r.floor.iter().cloned().collect(),
            };
            TelecomRoom {
                found_by_name: true,
                ..equip(served, catalog.telecom())
            }
        })
        .collect()
}

/// Switches and patch panels for the served ports plus spare, the fixed per-IDF items, and the
/// items that grow with the switch count.
fn equip(served: Served, rules: &TelecomRules) -> TelecomRoom {
    // Exact: the catalog's and the reader's limits keep ports under 2e11 and spare under
    // 200%, far inside both u64 and Decimal (tests/hostile_money.rs takes them at their maximum).
    let ports = served.ports;
    let with_spare =
        Decimal::from(ports) * (Decimal::ONE_HUNDRED + rules.spare_percent) / Decimal::ONE_HUNDRED;
    let ports_with_spare = with_spare.ceil().to_u64().unwrap_or(u64::MAX);
    let switches = ports_with_spare.div_ceil(u64::from(rules.ports_per_switch));
    // Patch panels carry the same spare as the switches: a port added later needs both.
    let patch_panels = ports_with_spare.div_ceil(u64::from(rules.ports_per_patch_panel));
    let mut items = Vec::new();
    if switches > 0 {
        items.push(PartQty {
            part: rules.switch_part.clone(),
            qty: Decimal::from(switches),
        });
    }
    if patch_panels > 0 {
        items.push(PartQty {
            part: rules.patch_panel_part.clone(),
            qty: Decimal::from(patch_panels),
        });
    }
    items.extend(rules.per_idf.iter().filter(|i| !i.qty.is_zero()).cloned());
    for item in &rules.per_switches {
        let qty = item.qty * Decimal::from(switches.div_ceil(u64::from(item.switches)));
        if !qty.is_zero() {
            items.push(PartQty {
                part: item.part.clone(),
                qty,
            });
        }
    }
    TelecomRoom {
        name: served.name.to_string(),
        rooms_served: served.rooms,
        floors: served.floors,
        ports,
        ports_with_spare,
        switches,
        patch_panels,
        over_capacity: switches > u64::from(rules.max_switches_per_idf),
        items,
        found_by_name: false,
        material: Decimal::ZERO,
        labor: Decimal::ZERO,
        total: Decimal::ZERO,
    }
}
