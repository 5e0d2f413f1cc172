//! COBie handover workbooks (COBie 2.4 and COBie UK 2012): recognised by their sheets, read from
//! the Space sheet (one row per room) with the project's details from the Facility sheet.
//!
//! Space: `Name` is the room number, `Description` the room name, `Category` the room type as a
//! classification entry (`13-41 31 11: Patient Care Room`; Uniclass in UK 2012), `FloorName` the
//! floor, `NetArea` (else `GrossArea`) the area. Facility: `Name`, `ProjectName`, `SiteName` and
//! `AreaUnits`. Zone: `SpaceNames` lists the spaces of each zone, taken as their department.
//! The other columns and sheets are COBie's own and are not reported as unknown.

use super::cell::Value;
use super::header::Header;
use super::sheet::{RawRow, RawSheet};
use crate::field::Field;
use crate::room_list::ProjectInfo;
use std::collections::HashMap;

/// Sheets every COBie workbook has; a workbook with a Space sheet and two of the others is COBie.
const COBIE_SHEETS: &[&str] = &[
    "instruction",
    "contact",
    "facility",
    "floor",
    "zone",
    "type",
    "component",
    "system",
    "assembly",
    "connection",
    "spare",
    "resource",
    "job",
    "impact",
    "document",
    "attribute",
    "coordinate",
    "issue",
    "picklists",
];

/// The COBie form of a heading or sheet name: lower case, letters and digits only.
fn key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

pub fn is_cobie(sheets: &[RawSheet]) -> bool {
    let names: Vec<String> = sheets.iter().map(|s| key(&s.name)).collect();
    names.iter().any(|n| n == "space")
        && names
            .iter()
            .filter(|n| COBIE_SHEETS.contains(&n.as_str()))
            .count()
            >= 2
}

pub fn is_space_sheet(sheet: &RawSheet) -> bool {
    key(&sheet.name) == "space"
}

/// The header row near the top of a COBie sheet: the first with `Name` and one of `also`.
fn header_row<'s>(sheet: &'s RawSheet, also: &[&str]) -> Option<(usize, &'s RawRow)> {
    sheet.rows.iter().take(10).enumerate().find(|(_, row)| {
        let keys: Vec<String> = row
            .cells
            .iter()
            .filter_map(Value::as_text)
            .map(|t| key(&t))
            .collect();
        keys.iter().any(|k| k == "name") && also.iter().any(|a| keys.iter().any(|k| k == a))
    })
}

fn column_of(row: &RawRow, wanted: &str) -> Option<u32> {
    row.cells
        .iter()
        .position(|v| v.as_text().is_some_and(|t| key(&t) == wanted))
        .map(|c| c as u32)
}

/// The Space sheet's header, mapped by COBie's column names. None when the sheet has no
/// `Name` and `Category` heading.
pub fn space_header(sheet: &RawSheet) -> Option<Header> {
    let (position, row) = header_row(sheet, &["category"])?;
    let mut columns = Vec::new();
    for (wanted, field) in [
        ("name", Field::RoomNumber),
        ("description", Field::RoomName),
        ("category", Field::RoomType),
        ("floorname", Field::Floor),
    ] {
        if let Some(col) = column_of(row, wanted) {
            columns.push((col, field));
        }
    }
    if let Some(col) = column_of(row, "netarea").or_else(|| column_of(row, "grossarea")) {
        columns.push((col, Field::Area));
    }
    Some(Header {
        position,
        row: row.index,
        columns,
        unknown: Vec::new(),
        duplicates: Vec::new(),
        area_metric: false,
        // Exports that leave Description "n/a" write the name in the RoomTag.
        name_fallback: column_of(row, "roomtag"),
    })
}

/// What the Facility sheet says.
#[derive(Debug, Default)]
pub struct Facility {
    pub project: ProjectInfo,
    /// `AreaUnits` names square metres.
    pub area_metric: bool,
    /// `AreaUnits` as written, for the note that says areas were converted.
    pub area_units: Option<String>,
}

pub fn read_facility(sheets: &[RawSheet]) -> Facility {
    let Some(sheet) = sheets.iter().find(|s| key(&s.name) == "facility") else {
        return Facility::default();
    };
    let Some((position, header)) = header_row(sheet, &["projectname", "areaunits", "sitename"])
    else {
        return Facility::default();
    };
    let Some(values) = sheet.rows[position + 1..].iter().find(|r| !r.is_blank()) else {
        return Facility::default();
    };
    let field = |name: &str| column_of(header, name).and_then(|c| values.get(c).as_text());
    let facility = field("name");
    let site = field("sitename");
    let facility = match (facility, site) {
        (Some(f), Some(s)) if key(&f) != key(&s) => Some(format!("{f}, {s}")),
        (f, s) => f.or(s),
    };
    let area_units = field("areaunits");
    let area_metric = area_units.as_deref().is_some_and(|u| {
        let k = key(u);
        k.contains("meter") || k.contains("metre") || k == "m2" || k == "sqm" || k.contains("m²")
    });
    Facility {
        project: ProjectInfo {
            name: field("projectname").or_else(|| field("projectdescription")),
            facility,
            ..ProjectInfo::default()
        },
        area_metric,
        area_units,
    }
}

/// Each room's department from the Zone sheet, where the room has none: the zone whose
/// `SpaceNames` (a comma- or semicolon-separated list) names it. A space in several zones takes a
/// department-like zone (Category "Department", "Occupancy", "Program") before a technical one
/// (fire, HVAC, lighting, security), else the first listed.
pub fn place_in_zones(sheets: &[RawSheet], rooms: &mut [crate::room_list::Room]) {
    let zones = zones(sheets);
    for room in rooms.iter_mut().filter(|r| r.department.is_none()) {
        room.department = zones
            .get(&room.number.trim().to_uppercase())
            .map(|(_, zone)| zone.clone());
    }
}

/// Space name → (rank, zone), the best-ranked zone naming it.
fn zones(sheets: &[RawSheet]) -> HashMap<String, (u8, String)> {
    let mut out: HashMap<String, (u8, String)> = HashMap::new();
    let Some(sheet) = sheets.iter().find(|s| key(&s.name) == "zone") else {
        return out;
    };
    let Some((position, header)) = header_row(sheet, &["spacenames"]) else {
        return out;
    };
    let (Some(name_col), Some(spaces_col)) =
        (column_of(header, "name"), column_of(header, "spacenames"))
    else {
        return out;
    };
    let category_col = column_of(header, "category");
    for row in &sheet.rows[position + 1..] {
        let (Some(zone), Some(spaces)) =
            (row.get(name_col).as_text(), row.get(spaces_col).as_text())
        else {
            continue;
        };
        let category = category_col
            .and_then(|c| row.get(c).as_text())
            .unwrap_or_default();
        let rank = zone_rank(&category);
        for space in spaces
            .split([',', ';', '\n'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let space = space.to_uppercase();
            match out.get(&space) {
                Some((best, _)) if *best <= rank => {}
                _ => {
                    out.insert(space, (rank, zone.clone()));
                }
            }
        }
    }
    out
}

/// 0 for a zone that is a department, 2 for a technical zone, 1 otherwise.
fn zone_rank(category: &str) -> u8 {
    let k = key(category);
    let has = |words: &[&str]| words.iter().any(|w| k.contains(w));
    if has(&[
        "department",
        "occupancy",
        "program",
        "function",
        "clinical",
        "service",
        "suite",
    ]) {
        0
    } else if has(&[
        "fire",
        "smoke",
        "hvac",
        "heating",
        "cooling",
        "air",
        "lighting",
        "electrical",
        "security",
        "acoustic",
        "historical",
        "circulation",
    ]) {
        2
    } else {
        1
    }
}

/// The COBie heading-or-sheet key of a text, for the other COBie readers.
pub fn cobie_key(text: &str) -> String {
    key(text)
}

/// The header row near the top of a COBie sheet and the columns it names, for the other COBie
/// readers: the first row with `Name` and one of `also`.
pub fn sheet_header<'s>(sheet: &'s RawSheet, also: &[&str]) -> Option<(usize, &'s RawRow)> {
    header_row(sheet, also)
}

/// A column of a COBie header row by its key.
pub fn column(row: &RawRow, wanted: &str) -> Option<u32> {
    column_of(row, wanted)
}
