//! Change orders: what changed between two revisions of a room list, and what it costs.
//!
//! Both revisions are read and estimated with the same catalog; the change order compares the two
//! Estimates, so every cost delta is a difference of figures the build documents already show.

use crate::catalog::schedule::ScheduleRules;
use crate::devices::DeviceKind;
use crate::estimate::{Estimate, LineItem, Location, RoomEstimate, project_name};
use crate::room_list::ProjectInfo;
use crate::schedule::impact::{ScheduleImpact, impact};
use crate::schedule::plan;
use rust_decimal::Decimal;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

#[derive(Debug, Clone, Serialize)]
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
    /// The changed lines' material and labor, before and after.
    pub lines_subtotal: AmountChange,
    /// Project-level lines (project management, tax, contingency): old and new amounts.
    pub project_lines: Vec<AmountChange>,
    /// The changed lines plus the project-level lines: unchanged lines cancel out, so this
    /// change is the whole change.
    pub change_total: AmountChange,
    pub old_total: Decimal,
    pub new_total: Decimal,
    pub cost_delta: Decimal,
    /// Either revision has unresolved room types (issue 14): the change order is a draft.
    pub draft: bool,
    /// The hours each phase gains or loses, and the working days the go-live moves.
    pub schedule: ScheduleImpact,
}

impl ChangeOrder {
    /// The project's name as the documents print it.
    pub fn project_name(&self) -> String {
        project_name(self.project.name.as_deref(), &self.new_file)
    }

    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
            && self.cost_delta.is_zero()
    }
}

/// A room added or removed, with its cost (positive for added, negative for removed).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoomDelta {
    pub room: String,
    pub name: String,
    pub room_type: String,
    pub cost_delta: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoomChange {
    pub room: String,
    pub name: String,
    /// What changed: in JSON, field name → `[from, to]`.
    pub fields: FieldChanges,
    pub cost_delta: Decimal,
}

/// A room's changed fields, in the order room type, name, IDF, then the device counts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FieldChanges(pub Vec<FieldChange>);

#[derive(Debug, Clone, PartialEq)]
pub enum FieldChange {
    RoomType(String, String),
    Name(String, String),
    Idf(Option<String>, Option<String>),
    Count(DeviceKind, u32, u32),
}

impl FieldChange {
    /// The key JSON gives the field.
    pub fn key(&self) -> &'static str {
        match self {
            FieldChange::RoomType(..) => "room_type",
            FieldChange::Name(..) => "name",
            FieldChange::Idf(..) => "idf",
            FieldChange::Count(kind, ..) => kind.key(),
        }
    }

    /// `data drops 2 → 6`, `room type Office → Exam Room`, `IDF none → IDF-3A`.
    pub fn describe(&self) -> String {
        let (label, from, to) = match self {
            FieldChange::RoomType(a, b) => ("room type".to_string(), a.clone(), b.clone()),
            FieldChange::Name(a, b) => ("name".to_string(), a.clone(), b.clone()),
            FieldChange::Idf(a, b) => {
                let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".into());
                ("IDF".to_string(), show(a), show(b))
            }
            FieldChange::Count(kind, a, b) => {
                (kind.label().to_lowercase(), a.to_string(), b.to_string())
            }
        };
        format!("{label} {from} \u{2192} {to}")
    }
}

impl Serialize for FieldChanges {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for change in &self.0 {
            match change {
                FieldChange::RoomType(a, b) | FieldChange::Name(a, b) => {
                    map.serialize_entry(change.key(), &[a, b])?
                }
                FieldChange::Idf(a, b) => map.serialize_entry(change.key(), &[a, b])?,
                FieldChange::Count(_, a, b) => map.serialize_entry(change.key(), &[a, b])?,
            }
        }
        map.end()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineChange {
    pub location: Location,
    pub place: Arc<str>,
    pub part: Arc<str>,
    pub description: Arc<str>,
    pub discipline_name: Arc<str>,
    pub old_qty: Decimal,
    pub new_qty: Decimal,
    pub qty_delta: Decimal,
    pub old_total: Decimal,
    pub new_total: Decimal,
    pub cost_delta: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AmountChange {
    pub label: String,
    pub old: Decimal,
    pub new: Decimal,
    pub delta: Decimal,
}

impl AmountChange {
    fn new(label: &str, old: Decimal, new: Decimal) -> AmountChange {
        AmountChange {
            label: label.to_string(),
            old,
            new,
            delta: new - old,
        }
    }
}

/// Room numbers match across revisions ignoring case and surrounding spaces.
fn room_key(number: &str) -> String {
    number.trim().to_uppercase()
}

/// The change from `old` to `new`, both estimated with the same catalog, whose schedule rules
/// plan each revision to price the change in time too.
pub fn compare(old: &Estimate, new: &Estimate, rules: &ScheduleRules) -> ChangeOrder {
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

    let (o, n) = (&old.totals, &new.totals);
    let project_lines = vec![
        AmountChange::new(
            "Project management",
            o.project_management,
            n.project_management,
        ),
        AmountChange::new("Sales tax on material", o.tax, n.tax),
        AmountChange::new("Contingency", o.contingency, n.contingency),
    ];
    let lines = line_changes(&old.lines, &new.lines);
    let lines_subtotal = AmountChange::new(
        "Changed line items (material and labor)",
        lines.iter().map(|l| l.old_total).sum(),
        lines.iter().map(|l| l.new_total).sum(),
    );
    let change_total = AmountChange::new(
        "Change order total",
        lines_subtotal.old + project_lines.iter().map(|p| p.old).sum::<Decimal>(),
        lines_subtotal.new + project_lines.iter().map(|p| p.new).sum::<Decimal>(),
    );
    ChangeOrder {
        old_file: old.file.clone(),
        new_file: new.file.clone(),
        project: new.project.clone(),
        added,
        removed,
        changed,
        lines,
        lines_subtotal,
        project_lines,
        change_total,
        schedule: impact(&plan(old, rules), &plan(new, rules)),
        old_total: old.totals.grand_total,
        new_total: new.totals.grand_total,
        cost_delta: new.totals.grand_total - old.totals.grand_total,
        draft: old.draft || new.draft,
    }
}

fn room_change(old: &RoomEstimate, new: &RoomEstimate) -> Option<RoomChange> {
    let mut fields = Vec::new();
    if old.room_type != new.room_type {
        fields.push(FieldChange::RoomType(
            old.room_type.clone(),
            new.room_type.clone(),
        ));
    }
    if old.name != new.name {
        fields.push(FieldChange::Name(old.name.clone(), new.name.clone()));
    }
    if old.idf != new.idf {
        fields.push(FieldChange::Idf(old.idf.clone(), new.idf.clone()));
    }
    for kind in DeviceKind::ALL {
        if old.counts[kind] != new.counts[kind] {
            fields.push(FieldChange::Count(kind, old.counts[kind], new.counts[kind]));
        }
    }
    let fields = FieldChanges(fields);
    let cost_delta = new.total - old.total;
    (!fields.0.is_empty() || !cost_delta.is_zero()).then(|| RoomChange {
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
    let new_keys: HashSet<Key> = new.iter().map(key).collect();
    let change = |base: &LineItem, o: Option<&LineItem>, n: Option<&LineItem>| {
        let qty = |l: Option<&LineItem>| l.map_or(Decimal::ZERO, |l| l.qty);
        let total = |l: Option<&LineItem>| l.map_or(Decimal::ZERO, |l| l.total);
        LineChange {
            location: base.location,
            place: base.place.clone(),
            part: base.part.clone(),
            description: base.description.clone(),
            discipline_name: base.discipline_name.clone(),
            old_qty: qty(o),
            new_qty: qty(n),
            qty_delta: qty(n) - qty(o),
            old_total: total(o),
            new_total: total(n),
            cost_delta: total(n) - total(o),
        }
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
    use crate::room_list::{Room, RoomList};

    fn room(number: &str, room_type: &str, idf: &str, counts: [u32; 6]) -> Room {
        Room::new(number, room_type, DeviceCounts::new(counts)).idf(idf)
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
        let rules = Catalog::default_catalog();
        let order = compare(
            &estimate_of(rooms.clone()),
            &estimate_of(rooms),
            rules.schedule(),
        );
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
        let catalog = Catalog::default_catalog();
        let order = compare(&old, &new, catalog.schedule());
        assert!(order.schedule.hours_change > Decimal::ZERO);
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
        assert_eq!(
            order.changed[0].fields.0,
            [FieldChange::Count(DeviceKind::DataDrops, 4, 6)]
        );
        assert_eq!(
            serde_json::to_value(&order.changed[0].fields).unwrap(),
            serde_json::json!({"data_drops": [4, 6]})
        );
        assert_eq!(
            order.cost_delta,
            new.totals.grand_total - old.totals.grand_total
        );
        let lines: Decimal = order.lines.iter().map(|l| l.cost_delta).sum();
        let project: Decimal = order.project_lines.iter().map(|p| p.delta).sum();
        assert_eq!(lines + project, order.cost_delta);
        assert_eq!(order.change_total.delta, order.cost_delta);
        assert_eq!(order.lines_subtotal.delta, lines);
    }
}
