//! IT devices the design model places in spaces: a COBie Component sheet row per device, its
//! `TypeName` a row of the Type sheet, its `Space` the room it is in. For each kind of device the
//! model places at all, the model's count replaces the room type's standard in every room (none
//! in a room is a count of 0), and the room records which counts came from the model.
//!
//! A component is a device by the words of its type's name, then its type's category and
//! description, then its own description (see `DEVICE_WORDS`; the README lists them).

use super::cobie::{cobie_key, column, sheet_header};
use super::sheet::RawSheet;
use crate::devices::{DeviceCounts, DeviceKind};
use crate::problem::Problem;
use crate::room_list::{BlankCounts, RoomList};
use crate::text::normalize;
use std::collections::HashMap;

/// Words (normalised phrases) that make a component a device, checked in this order: outlets
/// before phones ("telephone outlet" is an outlet), displays before computers.
pub const DEVICE_WORDS: &[(DeviceKind, &[&str])] = &[
    (
        DeviceKind::DataDrops,
        &[
            "telecommunication outlet",
            "telecommunications outlet",
            "communication outlet",
            "communications outlet",
            "comm outlet",
            "telecom outlet",
            "data outlet",
            "voice data outlet",
            "tel data outlet",
            "telephone outlet",
            "telephone jack",
            "voice outlet",
            "data jack",
            "data port",
            "data drop",
            "network outlet",
            "network jack",
            "information outlet",
            "technology outlet",
            "rj45",
            "datacomm outlet",
        ],
    ),
    (
        DeviceKind::WirelessAps,
        &[
            "wireless access point",
            "access point",
            "wap",
            "wifi",
            "wi fi",
            "wlan",
        ],
    ),
    (
        DeviceKind::Displays,
        &[
            "television",
            "tv",
            "flat panel",
            "flat screen",
            "display",
            "lcd monitor",
            "led monitor",
            "computer monitor",
            "projector",
            "projection",
            "video conferencing",
            "videoconferencing",
            "video conference",
            "videoconference",
            "digital signage",
            "interactive whiteboard",
            "smart board",
        ],
    ),
    (
        DeviceKind::Printers,
        &[
            "printer",
            "printers",
            "mfp",
            "multifunction printer",
            "multi function printer",
            "multifunction device",
            "copier",
        ],
    ),
    (
        DeviceKind::Phones,
        &[
            "telephone",
            "telephones",
            "phone",
            "phones",
            "ip phone",
            "voip",
            "wall phone",
        ],
    ),
    (
        DeviceKind::Workstations,
        &[
            "computer",
            "computers",
            "workstation",
            "workstations",
            "desktop computer",
            "desktop",
            "laptop",
            "pc",
            "thin client",
            "zero client",
            "all in one",
            "computer on wheels",
            "workstation on wheels",
        ],
    ),
];

/// Words that make a component furniture, a mount or a box for a device rather than the device.
const NOT_A_DEVICE: &[&str] = &[
    "mount",
    "mounting",
    "bracket",
    "arm",
    "desk",
    "table",
    "chair",
    "cabinet",
    "backboard",
    "enclosure",
    "box",
    "rack",
    "shelf",
    "stand",
    "conduit",
    "tray",
    "sleeve",
    "room",
    "screen wall",
    "booth",
    "cover",
];

/// The device a component is, and how many outlets it counts as ("duplex" is two).
pub fn device_of(text: &str) -> Option<(DeviceKind, u32)> {
    let words = normalize(text);
    if words.is_empty() {
        return None;
    }
    let padded = format!(" {words} ");
    let has = |phrase: &str| padded.contains(&format!(" {phrase} "));
    if NOT_A_DEVICE.iter().any(|w| has(w)) {
        return None;
    }
    let kind = DEVICE_WORDS
        .iter()
        .find(|(_, phrases)| phrases.iter().any(|p| has(p)))
        .map(|(kind, _)| *kind)?;
    let units = if kind != DeviceKind::DataDrops {
        1
    } else if has("duplex") || has("2 port") || has("dual") {
        2
    } else if has("triplex") || has("3 port") {
        3
    } else if has("quad") || has("quadplex") || has("4 port") {
        4
    } else {
        1
    };
    Some((kind, units))
}

/// Count the devices the model places and give them to the rooms they are in. A space given
/// more of a kind than one room may have is an error (returned), as a count cell past it is.
pub fn count_devices(sheets: &[RawSheet], list: &mut RoomList) -> Vec<Problem> {
    let mut errors = Vec::new();
    let Some(placed) = placed_devices(sheets) else {
        return errors;
    };
    if placed.kinds.is_empty() {
        return errors;
    }
    let mut used = 0usize;
    let mut by_space = placed.by_space;
    for room in &mut list.rooms {
        let here = by_space.remove(&room.number.trim().to_uppercase());
        used += usize::from(here.is_some());
        let here = here.unwrap_or_default();
        for kind in placed.kinds.iter() {
            if here[kind] > crate::limits::MAX_DEVICE_COUNT {
                errors.push(Problem::sheet(
                    &placed.sheet,
                    format!(
                        "the model places {} {} in space {}, more than the {} one room may have",
                        here[kind],
                        kind.label().to_lowercase(),
                        room.number,
                        crate::limits::MAX_DEVICE_COUNT
                    ),
                ));
            }
            room.counts[kind] = here[kind];
            room.blank_counts.remove(kind);
            room.model_counts.insert(kind);
        }
    }
    let totals: Vec<String> = placed
        .kinds
        .iter()
        .map(|k| k.counted(placed.totals[k]))
        .collect();
    list.warnings.push(Problem::sheet(
        &placed.sheet,
        format!(
            "the model places {} in {}; for these kinds its counts replace the room types' standards in every room",
            totals.join(", "),
            crate::text::counted(used, "space")
        ),
    ));
    if !by_space.is_empty() {
        let mut names: Vec<&String> = by_space.keys().collect();
        names.sort();
        let shown: Vec<&str> = names.iter().take(5).map(|s| s.as_str()).collect();
        list.warnings.push(Problem::sheet(
            &placed.sheet,
            format!(
                "devices are placed in {} the Space sheet does not list ({}{}); they are not counted",
                crate::text::counted(names.len(), "space"),
                shown.join(", "),
                if names.len() > shown.len() { ", ..." } else { "" }
            ),
        ));
    }
    errors
}

struct Placed {
    sheet: String,
    by_space: HashMap<String, DeviceCounts>,
    kinds: BlankCounts,
    totals: DeviceCounts,
}

fn placed_devices(sheets: &[RawSheet]) -> Option<Placed> {
    let sheet = sheets.iter().find(|s| cobie_key(&s.name) == "component")?;
    let (position, header) = sheet_header(sheet, &["space", "typename"])?;
    let space_col = column(header, "space")?;
    let type_col = column(header, "typename");
    let description_col = column(header, "description");
    let name_col = column(header, "name");
    let types = type_texts(sheets);
    let mut placed = Placed {
        sheet: sheet.name.clone(),
        by_space: HashMap::new(),
        kinds: BlankCounts::default(),
        totals: DeviceCounts::default(),
    };
    for row in &sheet.rows[position + 1..] {
        let text = |c: Option<u32>| c.and_then(|c| row.get(c).as_text());
        let Some(space) = text(Some(space_col)) else {
            continue;
        };
        let type_name = text(type_col).unwrap_or_default();
        let mut candidates = vec![type_name.clone()];
        if let Some(about) = types.get(&type_name.trim().to_uppercase()) {
            candidates.extend(about.iter().cloned());
        }
        candidates.extend(text(description_col));
        if type_name.is_empty() {
            candidates.extend(text(name_col));
        }
        let Some((kind, units)) = candidates.iter().find_map(|t| device_of(t)) else {
            continue;
        };
        // A component spanning spaces is counted in the first it names.
        let Some(space) = space
            .split([',', ';'])
            .map(str::trim)
            .find(|s| !s.is_empty())
        else {
            continue;
        };
        let counts = placed.by_space.entry(space.to_uppercase()).or_default();
        counts[kind] = counts[kind].saturating_add(units);
        placed.totals[kind] = placed.totals[kind].saturating_add(units);
        placed.kinds.insert(kind);
    }
    Some(placed)
}

/// Type name → its category and description, from the Type sheet.
fn type_texts(sheets: &[RawSheet]) -> HashMap<String, Vec<String>> {
    let mut out = HashMap::new();
    let Some(sheet) = sheets.iter().find(|s| cobie_key(&s.name) == "type") else {
        return out;
    };
    let Some((position, header)) = sheet_header(sheet, &["category", "description"]) else {
        return out;
    };
    let Some(name_col) = column(header, "name") else {
        return out;
    };
    let about: Vec<u32> = ["category", "description", "assettype"]
        .iter()
        .filter_map(|k| column(header, k))
        .collect();
    for row in &sheet.rows[position + 1..] {
        let Some(name) = row.get(name_col).as_text() else {
            continue;
        };
        let texts: Vec<String> = about
            .iter()
            .filter_map(|&c| row.get(c).as_text())
            // The category's title, not its number: "23-33 35 11: Telephones".
            .map(|t| t.rsplit(':').next().unwrap_or_default().trim().to_string())
            .collect();
        out.insert(name.trim().to_uppercase(), texts);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_are_devices_by_their_words() {
        let kind = device_of;
        assert_eq!(
            kind("Telecommunication Outlet - Duplex"),
            Some((DeviceKind::DataDrops, 2))
        );
        assert_eq!(kind("Data Outlet Cat6"), Some((DeviceKind::DataDrops, 1)));
        assert_eq!(kind("Telephone Outlet"), Some((DeviceKind::DataDrops, 1)));
        assert_eq!(kind("Telephone"), Some((DeviceKind::Phones, 1)));
        assert_eq!(kind("IP Phone"), Some((DeviceKind::Phones, 1)));
        assert_eq!(kind("Computer"), Some((DeviceKind::Workstations, 1)));
        assert_eq!(
            kind("Desktop Computer"),
            Some((DeviceKind::Workstations, 1))
        );
        assert_eq!(kind("Laser Printer"), Some((DeviceKind::Printers, 1)));
        assert_eq!(kind("TV - 55in"), Some((DeviceKind::Displays, 1)));
        assert_eq!(kind("Television"), Some((DeviceKind::Displays, 1)));
        assert_eq!(kind("Projector"), Some((DeviceKind::Displays, 1)));
        assert_eq!(
            kind("Video Conferencing Unit"),
            Some((DeviceKind::Displays, 1))
        );
        assert_eq!(
            kind("Wireless Access Point"),
            Some((DeviceKind::WirelessAps, 1))
        );
        // Furniture and boxes for devices, and medical monitors, are not IT devices.
        assert_eq!(kind("Computer Desk"), None);
        assert_eq!(kind("TV Wall Mount"), None);
        assert_eq!(kind("Telephone Backboard"), None);
        assert_eq!(kind("Patient Monitor"), None);
        assert_eq!(kind("Nurse Call Station"), None);
        assert_eq!(kind("Door"), None);
        assert_eq!(kind("Epicenter"), None);
    }
}
