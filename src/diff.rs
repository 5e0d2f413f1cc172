//! Change orders: what changed between two revisions of a room list, and what it costs.
//!
//! Both revisions are read and estimated with the same catalog; the change order compares the two
//! Estimates, so every cost delta is a difference of figures the build documents already show.

use crate::devices::DeviceKind;
use crate::estimate::{Estimate, LineItem, Location, RoomEstimate};
use crate::input::ProjectInfo;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChangeOrder {
    pub old_file: String,
    pub new_file: String,
    /// The new revision's project details.
    pub project: ProjectInfo,
    pub added: Vec<RoomDelta>,
    pub removed: Vec<RoomDelta>,
    pub changed: Vec<RoomChange>,
    /// Every line item whose quantity or amount changed, rooms first, then telecom rooms.
    pub lines: Vec<LineChange>,
    /// Project-level lines (project management, tax, contingency): old and new amounts.
    pub project_lines: Vec<AmountChange>,
    pub old_total: Decimal,
    pub new_total: Decimal,
    pub cost_delta: Decimal,
}

impl ChangeOrder {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
            && self.cost_delta.is_zero()
    }
}

/// A room added or removed, with its cost (positive for added, negative for removed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoomDelta {
    pub room: String,
    pub name: String,
    pub room_type: String,
    pub cost_delta: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoomChange {
    pub room: String,
    pub name: String,
    /// Field name → `[from, to]`: room_type, name, idf, and each device count that changed.
    pub fields: Map<String, Value>,
    pub cost_delta: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineChange {
    pub location: Location,
    pub place: Arc<str>,
    pub part: Arc<str>,
    pub description: Arc<str>,
    pub discipline_name: Arc<str>,
    pub old_qty: Decimal,
    pub new_qty: Decimal,
    pub old_total: Decimal,
    pub new_total: Decimal,
}

impl LineChange {
    pub fn qty_delta(&self) -> Decimal {
        self.new_qty - self.old_qty
    }

    pub fn cost_delta(&self) -> Decimal {
        self.new_total - self.old_total
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AmountChange {
    pub label: String,
    pub old: Decimal,
    pub new: Decimal,
}

/// Room numbers match across revisions ignoring case and surrounding spaces.
fn room_key(number: &str) -> String {
    number.trim().to_uppercase()
}

pub fn compare(old: &Estimate, new: &Estimate) -> ChangeOrder {
    let old_rooms: HashMap<String, &RoomEstimate> =
        old.rooms.iter().map(|r| (room_key(&r.number), r)).collect();
    let new_rooms: HashMap<String, &RoomEstimate> =
        new.rooms.iter().map(|r| (room_key(&r.number), r)).collect();

    let added = new
        .rooms
        .iter()
        .filter(|r| !old_rooms.contains_key(&room_key(&r.number)))
        .map(|r| RoomDelta {
            room: r.number.clone(),
            name: r.name.clone(),
            room_type: r.room_type.clone(),
            cost_delta: r.total,
        })
        .collect();
    let removed = old
        .rooms
        .iter()
        .filter(|r| !new_rooms.contains_key(&room_key(&r.number)))
        .map(|r| RoomDelta {
            room: r.number.clone(),
            name: r.name.clone(),
            room_type: r.room_type.clone(),
            cost_delta: -r.total,
        })
        .collect();
    let changed = new
        .rooms
        .iter()
        .filter_map(|n| {
            old_rooms
                .get(&room_key(&n.number))
                .and_then(|o| room_change(o, n))
        })
        .collect();

    let t = (&old.totals, &new.totals);
    let project_lines = vec![
        AmountChange {
            label: "Project management".into(),
            old: t.0.project_management,
            new: t.1.project_management,
        },
        AmountChange {
            label: "Sales tax on material".into(),
            old: t.0.tax,
            new: t.1.tax,
        },
        AmountChange {
            label: "Contingency".into(),
            old: t.0.contingency,
            new: t.1.contingency,
        },
    ];
    ChangeOrder {
        old_file: old.file.clone(),
        new_file: new.file.clone(),
        project: new.project.clone(),
        added,
        removed,
        changed,
        lines: line_changes(&old.lines, &new.lines),
        project_lines,
        old_total: old.totals.grand_total,
        new_total: new.totals.grand_total,
        cost_delta: new.totals.grand_total - old.totals.grand_total,
    }
}

fn room_change(old: &RoomEstimate, new: &RoomEstimate) -> Option<RoomChange> {
    let mut fields = Map::new();
    let mut text = |name: &str, a: Option<&str>, b: Option<&str>| {
        if a != b {
            fields.insert(name.to_string(), json!([a, b]));
        }
    };
    text("room_type", Some(&old.room_type), Some(&new.room_type));
    text("name", Some(&old.name), Some(&new.name));
    text("idf", old.idf.as_deref(), new.idf.as_deref());
    for kind in DeviceKind::ALL {
        if old.counts[kind] != new.counts[kind] {
            fields.insert(
                kind.key().to_string(),
                json!([old.counts[kind], new.counts[kind]]),
            );
        }
    }
    let cost_delta = new.total - old.total;
    (!fields.is_empty() || !cost_delta.is_zero()).then(|| RoomChange {
        room: new.number.clone(),
        name: new.name.clone(),
        fields,
        cost_delta,
    })
}

/// Lines are matched by where they are (room or telecom room) and their part.
fn line_changes(old: &[LineItem], new: &[LineItem]) -> Vec<LineChange> {
    type Key = (bool, String, Arc<str>);
    let key = |l: &LineItem| {
        (
            l.location == Location::TelecomRoom,
            room_key(&l.place),
            l.part.clone(),
        )
    };
    let old_by_key: HashMap<Key, &LineItem> = old.iter().map(|l| (key(l), l)).collect();
    let new_keys: std::collections::HashSet<Key> = new.iter().map(key).collect();
    let change = |base: &LineItem, o: Option<&LineItem>, n: Option<&LineItem>| LineChange {
        location: base.location,
        place: base.place.clone(),
        part: base.part.clone(),
        description: base.description.clone(),
        discipline_name: base.discipline_name.clone(),
        old_qty: o.map_or(Decimal::ZERO, |l| l.qty),
        new_qty: n.map_or(Decimal::ZERO, |l| l.qty),
        old_total: o.map_or(Decimal::ZERO, |l| l.total),
        new_total: n.map_or(Decimal::ZERO, |l| l.total),
    };
    let mut changes: Vec<LineChange> = new
        .iter()
        .map(|n| change(n, old_by_key.get(&key(n)).copied(), Some(n)))
        .chain(
            old.iter()
                .filter(|o| !new_keys.contains(&key(o)))
                .map(|o| change(o, Some(o), None)),
        )
        .filter(|c| c.old_qty != c.new_qty || c.old_total != c.new_total)
        .collect();
    // Rooms before telecom rooms; otherwise the new revision's order, removed lines after.
    changes.sort_by_key(|c| c.location == Location::TelecomRoom);
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::devices::DeviceCounts;
    use crate::input::{BlankCounts, Room, RoomList};

    fn room(number: &str, room_type: &str, idf: &str, counts: [u32; 6]) -> Room {
        Room {
            sheet: "Rooms".into(),
            row: 2,
            number: number.into(),
            name: format!("{room_type} {number}"),
            room_type: room_type.into(),
            department: None,
            floor: None,
            building: None,
            idf: Some(idf.into()),
            area_sf: None,
            notes: None,
            counts: DeviceCounts::new(counts),
            blank_counts: BlankCounts::default(),
            type_inferred: false,
            excluded: false,
        }
    }

    fn estimate_of(rooms: Vec<Room>) -> Estimate {
        let list = RoomList {
            file: "x.xlsx".into(),
            rooms,
            ..RoomList::default()
        };
        crate::estimate::estimate(&list, &Catalog::default_catalog())
    }

    #[test]
    fn same_list_has_no_changes() {
        let rooms = vec![room("1", "Office", "IDF-1", [4, 0, 1, 1, 0, 0])];
        let order = compare(&estimate_of(rooms.clone()), &estimate_of(rooms));
        assert!(order.is_empty());
        assert!(order.lines.is_empty());
    }

    #[test]
    fn finds_added_removed_and_changed_rooms_and_prices_them() {
        let old = estimate_of(vec![
            room("1", "Office", "IDF-1", [4, 0, 1, 1, 0, 0]),
            room("2", "Office", "IDF-1", [4, 0, 1, 1, 0, 0]),
        ]);
        let new = estimate_of(vec![
            room("1", "Office", "IDF-1", [6, 0, 1, 1, 0, 0]),
            room("3", "Exam Room", "IDF-1", [4, 0, 1, 1, 0, 0]),
        ]);
        let order = compare(&old, &new);
        assert_eq!(
            order
                .added
                .iter()
                .map(|r| r.room.as_str())
                .collect::<Vec<_>>(),
            ["3"]
        );
        assert_eq!(
            order
                .removed
                .iter()
                .map(|r| r.room.as_str())
                .collect::<Vec<_>>(),
            ["2"]
        );
        assert_eq!(order.changed.len(), 1);
        assert_eq!(order.changed[0].fields["data_drops"], json!([4, 6]));
        assert_eq!(
            order.cost_delta,
            new.totals.grand_total - old.totals.grand_total
        );
        let lines: Decimal = order.lines.iter().map(LineChange::cost_delta).sum();
        let project: Decimal = order.project_lines.iter().map(|p| p.new - p.old).sum();
        assert_eq!(lines + project, order.cost_delta);
    }
}
