//! Findings about how rooms were typed (issue 14): the unresolved rooms that make the package a
//! draft, the types taken from room names, the names that contradict the type given, and the
//! telecom rooms a list names but assigns no room to.

use super::{Finding, FindingKind, finding};
use crate::estimate::TelecomRoom;
use crate::resolution::{Resolution, Untyped};
use crate::room_list::Room;
use crate::text::counted;

/// Rooms listed in a finding before "and N more".
const NAMED: usize = 12;

/// One gap for the whole list: how many rooms are unresolved, and what to do.
pub fn unresolved_rooms(rooms: &[Room], out: &mut Vec<Finding>) {
    let unresolved: Vec<&Room> = rooms
        .iter()
        .filter(|r| r.resolution.is_unresolved())
        .collect();
    if unresolved.is_empty() {
        return;
    }
    let unclassified = unresolved.iter().filter(|r| r.is_unclassified()).count();
    let from_names = unresolved.len() - unclassified;
    let mut named: Vec<String> = unresolved
        .iter()
        .take(NAMED)
        .map(|r| r.number.clone())
        .collect();
    if unresolved.len() > NAMED {
        named.push(format!("and {} more", unresolved.len() - NAMED));
    }
    let mut parts = Vec::new();
    if unclassified > 0 {
        parts.push(format!(
            "{} unclassified and priced at $0",
            if unclassified == 1 {
                "1 is".to_string()
            } else {
                format!("{unclassified} are")
            }
        ));
    }
    if from_names > 0 {
        parts.push(format!(
            "{} typed from {} name{} as an assumption",
            if from_names == 1 {
                "1 is".to_string()
            } else {
                format!("{from_names} are")
            },
            if from_names == 1 { "its" } else { "their" },
            if from_names == 1 { "" } else { "s" },
        ));
    }
    out.push(finding(
        FindingKind::Gap,
        None,
        format!(
            "{} room type the catalog does not resolve ({}): {}. This package is a DRAFT until each is typed; resolve them with a type map (sowgen check LIST --write-types FILE writes one to fill in; then --types FILE) and build again.",
            if unresolved.len() == 1 {
                "1 room has a".to_string()
            } else {
                format!("{} rooms have a", unresolved.len())
            },
            named.join(", "),
            parts.join("; ")
        ),
    ));
}

/// A room typed from its name is priced on a guess the PM should confirm.
pub fn type_from_name(room: &Room, out: &mut Vec<Finding>) {
    let Resolution::Inferred { why, .. } = &room.resolution else {
        return;
    };
    let priced = if room.excluded {
        "so it is excluded from IT scope"
    } else {
        "and priced at that type's standard where counts are blank"
    };
    let given = why.describe(room.type_given.as_deref());
    let confirm = match why {
        Untyped::Unknown => "Confirm the type with the design team, or map the type with --types",
        _ => "Confirm the type with the design team",
    };
    out.push(finding(
        FindingKind::Assumption,
        Some(&room.number),
        format!(
            "Room {} ({}) {given}; it is taken as {} from its name, {priced}. {confirm}.",
            room.number, room.name, room.room_type
        ),
    ));
}

/// A given type the room's name contradicts: priced as given, checked by the PM.
pub fn name_contradicts_type(room: &Room, out: &mut Vec<Finding>) {
    let Some(says) = &room.name_says else {
        return;
    };
    out.push(finding(
        FindingKind::Check,
        Some(&room.number),
        format!(
            "Room {} is named '{}', which says {says}, but the list types it {}; it is priced as {}. Correct the type in the list (or map it with --types) if the name is right.",
            room.number,
            room.name,
            room.type_given.as_deref().unwrap_or(&room.room_type),
            room.room_type
        ),
    ));
}

/// Where the list assigns no IDFs but names telecom spaces, they are counted as its telecom rooms:
/// one gap says what that prices and what it cannot. True when it said so.
pub fn telecom_found_by_name(
    rooms: &[&Room],
    telecom: &[TelecomRoom],
    out: &mut Vec<Finding>,
) -> bool {
    let found: Vec<&str> = telecom
        .iter()
        .filter(|t| t.found_by_name)
        .map(|t| t.name.as_str())
        .collect();
    if found.is_empty() || rooms.iter().any(|r| r.idf.is_some()) {
        return false;
    }
    out.push(finding(
        FindingKind::Gap,
        None,
        format!(
            "The room list assigns no room to a telecom room (IDF), but names {}: {}. Each is priced for its rack, UPS, uplink and grounding; no switches or patch panels are priced until the design team says which IDF serves each room.",
            counted(found.len(), "telecom space"),
            found.join(", ")
        ),
    ));
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::devices::DeviceCounts;

    #[test]
    fn one_gap_counts_the_unresolved_rooms() {
        let mut a = Room::new("1", "Unclassified", DeviceCounts::default());
        a.resolution = Resolution::Unclassified {
            why: Untyped::Unknown,
            suggestion: None,
        };
        let mut b = Room::new("2", "Exam Room", DeviceCounts::default()).named("Exam 2");
        b.resolution = Resolution::Inferred {
            why: Untyped::Unknown,
            suggestion: None,
        };
        b.type_given = Some("Exam Rooom".into());
        let c = Room::new("3", "Office", DeviceCounts::default());
        let mut out = Vec::new();
        unresolved_rooms(&[a, b.clone(), c], &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].kind, FindingKind::Gap);
        assert!(
            out[0].message.starts_with("2 rooms have a room type the catalog does not resolve (1, 2): 1 is unclassified and priced at $0; 1 is typed from its name as an assumption. This package is a DRAFT"),
            "{}",
            out[0].message
        );
        let mut out = Vec::new();
        type_from_name(&b, &mut out);
        assert_eq!(
            out[0].message,
            "Room 2 (Exam 2) is typed 'Exam Rooom', which the catalog does not know; it is taken as Exam Room from its name, and priced at that type's standard where counts are blank. Confirm the type with the design team, or map the type with --types."
        );
    }
}
