//! A sheet that lists devices, one row each (a Revit communication-device schedule, an equipment
//! list: room number, room name, the device's family or description, a count), rather than rooms.
//!
//! Read as it stands, every room after its first row would be a duplicate room number and the
//! devices would go unread. So when a sheet has no device count columns, has an item column whose
//! texts name devices, and repeats room numbers, its rows are added up into one row per room (the
//! room's first row, with a count column per device kind) and read like any room list. Problems
//! keep the sheet's own rows and columns.

use super::cell::Value;
use super::cobie_components::device_of;
use super::header::{Header, header_key};
use super::sheet::{RawRow, RawSheet};
use crate::devices::{DeviceCounts, DeviceKind};
use crate::field::Field;
use crate::problem::Problem;
use std::collections::{BTreeMap, HashMap};

/// Headers of the column that says what each row's device is.
const ITEM_HEADERS: &[&str] = &[
    "item",
    "item description",
    "device",
    "device type",
    "device description",
    "family",
    "family and type",
    "family type",
    "equipment",
    "equipment type",
    "equipment description",
    "component",
    "component type",
    "description",
    "outlet type",
];

/// A device schedule turned into one row per room.
pub struct Pivoted {
    pub sheet: RawSheet,
    pub header: Header,
    pub warnings: Vec<Problem>,
    pub errors: Vec<Problem>,
}

/// The sheet as one row per room, if it is a device schedule.
pub fn pivot(sheet: &RawSheet, header: &Header) -> Option<Pivoted> {
    if header
        .columns
        .iter()
        .any(|(_, f)| matches!(f, Field::Device(_)))
    {
        return None;
    }
    let number_col = header.column(Field::RoomNumber)?;
    let item_col = unknown_column(header, |key| {
        ITEM_HEADERS.iter().any(|h| header_key(h) == key)
    })?;
    // "Count", "Qty", "Quantity": words the header's normal form drops as filler.
    let qty_col = unknown_column(header, str::is_empty);
    let rows = &sheet.rows[header.position + 1..];
    if !repeats_a_room(rows, number_col) || !names_devices(rows, item_col) {
        return None;
    }
    let mut out = Pivoted {
        sheet: RawSheet {
            name: sheet.name.clone(),
            rows: sheet.rows[..=header.position].to_vec(),
        },
        header: header.clone(),
        warnings: Vec::new(),
        errors: Vec::new(),
    };
    let width = sheet.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0) as u32;
    let rooms = add_up(sheet, rows, [number_col, item_col], qty_col, &mut out);
    // A kind the schedule never lists is not given (the standard applies, as an assumption);
    // one it lists somewhere is counted in every room, none being 0.
    let listed = DeviceKind::ALL.map(|k| rooms.iter().any(|(_, counts)| counts[k] > 0));
    for (first, counts) in rooms {
        let mut row = first.clone();
        row.cells.resize(width as usize, Value::Empty);
        row.cells
            .extend(DeviceKind::ALL.iter().zip(listed).map(|(k, listed)| {
                if listed {
                    Value::Number(f64::from(counts[*k]))
                } else {
                    Value::Empty
                }
            }));
        out.sheet.rows.push(row);
    }
    out.header
        .unknown
        .retain(|(c, _)| Some(*c) != qty_col && *c != item_col);
    for (i, kind) in DeviceKind::ALL.iter().enumerate() {
        out.header
            .columns
            .push((width + i as u32, Field::Device(*kind)));
    }
    out.warnings.insert(
        0,
        Problem::cell(
            &sheet.name,
            header.row,
            Some(item_col),
            format!(
                "one row per device, not per room: each room's devices are added up from this \
                 column{}",
                qty_col.map_or(String::new(), |_| " and the count beside it".to_string())
            ),
        ),
    );
    Some(out)
}

/// An unknown column whose header's normal form satisfies `is`.
fn unknown_column(header: &Header, is: impl Fn(&str) -> bool) -> Option<u32> {
    header
        .unknown
        .iter()
        .find(|(_, text)| is(&header_key(text)))
        .map(|(c, _)| *c)
}

fn room_number(row: &RawRow, col: u32) -> Option<String> {
    row.get(col)
        .as_text()
        .map(|t| t.trim().to_uppercase())
        .filter(|t| !t.is_empty())
}

fn repeats_a_room(rows: &[RawRow], number_col: u32) -> bool {
    let mut seen = std::collections::HashSet::new();
    rows.iter()
        .filter_map(|r| room_number(r, number_col))
        .any(|n| !seen.insert(n))
}

/// Whether most item texts name a device: an item column of something else is left alone.
fn names_devices(rows: &[RawRow], item_col: u32) -> bool {
    let texts: Vec<String> = rows
        .iter()
        .filter_map(|r| r.get(item_col).as_text())
        .collect();
    let devices = texts.iter().filter(|t| device_of(t).is_some()).count();
    !texts.is_empty() && devices * 2 >= texts.len()
}

/// Each room's first row and its devices, in the order rooms first appear. Rows without a room
/// number are kept as they are, for the room reader to report.
fn add_up<'a>(
    sheet: &RawSheet,
    rows: &'a [RawRow],
    [number_col, item_col]: [u32; 2],
    qty_col: Option<u32>,
    out: &mut Pivoted,
) -> Vec<(&'a RawRow, DeviceCounts)> {
    let mut rooms: Vec<(&RawRow, DeviceCounts)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut not_devices: BTreeMap<String, (u32, usize)> = BTreeMap::new();
    for row in rows.iter().filter(|r| !r.is_blank()) {
        let Some(number) = room_number(row, number_col) else {
            rooms.push((row, DeviceCounts::default()));
            continue;
        };
        let at = *index.entry(number).or_insert_with(|| {
            rooms.push((row, DeviceCounts::default()));
            rooms.len() - 1
        });
        let item = row.get(item_col).as_text().unwrap_or_default();
        let Some((kind, units)) = device_of(&item) else {
            if !item.trim().is_empty() {
                let entry = not_devices.entry(item.trim().to_string());
                entry.or_insert((row.index, 0)).1 += 1;
            }
            continue;
        };
        let Some(qty) = quantity(sheet, row, qty_col, out) else {
            continue;
        };
        let counts = &mut rooms[at].1;
        counts[kind] = counts[kind].saturating_add(qty.saturating_mul(units));
    }
    for (text, (first_row, rows)) in not_devices {
        out.warnings.push(Problem::cell(
            &sheet.name,
            first_row,
            Some(item_col),
            format!(
                "'{text}' ({}) is not a device sowgen counts; not counted",
                crate::text::counted(rows, "row")
            ),
        ));
    }
    rooms
}

/// A row's count: blank is one device; anything but a whole number of zero or more is an error.
fn quantity(
    sheet: &RawSheet,
    row: &RawRow,
    qty_col: Option<u32>,
    out: &mut Pivoted,
) -> Option<u32> {
    let Some(col) = qty_col else { return Some(1) };
    let value = row.get(col);
    let parsed = match value {
        Value::Empty => Some(1),
        Value::Number(n) if *n >= 0.0 && n.fract() == 0.0 && *n <= f64::from(u32::MAX) => {
            Some(*n as u32)
        }
        other => other.as_text().and_then(|t| t.trim().parse::<u32>().ok()),
    };
    if parsed.is_none() {
        let written = value.as_text().unwrap_or_default();
        out.errors.push(Problem::cell(
            &sheet.name,
            row.index,
            Some(col),
            format!("count must be a whole number >= 0, found '{written}'"),
        ));
    }
    parsed
}
