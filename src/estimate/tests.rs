//! Findings that the sample files do not exercise, on rooms built in code.

use super::{FindingKind, estimate};
use crate::catalog::Catalog;
use crate::devices::{DeviceCounts, DeviceKind};
use crate::room_list::{Room, RoomList};

fn room(number: &str, room_type: &str, idf: Option<&str>, floor: &str, counts: [u32; 6]) -> Room {
    let room = Room::new(number, room_type, DeviceCounts::new(counts)).floor(floor);
    match idf {
        Some(idf) => room.idf(idf),
        None => room,
    }
}

fn list(rooms: Vec<Room>) -> RoomList {
    RoomList {
        file: "test.xlsx".into(),
        rooms,
        ..Default::default()
    }
}

#[test]
fn a_list_with_no_idf_at_all_is_one_gap_not_one_per_room() {
    let catalog = Catalog::default_catalog();
    let e = estimate(
        &list(vec![
            room("1", "Office", None, "1", [4, 0, 1, 1, 0, 0]),
            room("2", "Office", None, "1", [4, 0, 1, 1, 0, 0]),
        ]),
        &catalog,
    );
    let gaps: Vec<_> = e
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::Gap)
        .collect();
    assert_eq!(gaps.len(), 1, "{gaps:?}");
    assert_eq!(gaps[0].subject, None);
    assert!(gaps[0].message.contains("names no telecom room"));
    assert!(e.telecom_rooms.is_empty());
    assert!(e.lines.iter().all(|l| l.location == super::Location::Room));
}

#[test]
fn an_idf_serving_several_floors_is_a_check() {
    let catalog = Catalog::default_catalog();
    let e = estimate(
        &list(vec![
            room("3-1", "Office", Some("IDF-A"), "3", [4, 0, 1, 1, 0, 0]),
            room("4-1", "Office", Some("IDF-A"), "4", [4, 0, 1, 1, 0, 0]),
            room("4-2", "Office", Some("IDF-B"), "4", [4, 0, 1, 1, 0, 0]),
        ]),
        &catalog,
    );
    let checks: Vec<_> = e
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::Check)
        .collect();
    assert_eq!(checks.len(), 1, "{checks:?}");
    assert_eq!(checks[0].subject.as_deref(), Some("IDF-A"));
    assert!(checks[0].message.contains("floors 3, 4"));
    assert_eq!(e.telecom_rooms[0].floors, ["3", "4"]);
}

#[test]
fn room_type_dependencies_name_the_rooms_once_per_type() {
    let catalog = Catalog::default_catalog();
    let or = catalog.room_type("Operating Room").unwrap().standard;
    let counts = DeviceKind::ALL.map(|k| or[k]);
    let e = estimate(
        &list(vec![
            room("OR-1", "Operating Room", Some("IDF-1"), "2", counts),
            room("OR-2", "Operating Room", Some("IDF-1"), "2", counts),
        ]),
        &catalog,
    );
    let or_dependencies: Vec<_> = e
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::Dependency && f.message.starts_with("Operating Room"))
        .collect();
    assert_eq!(or_dependencies.len(), 1);
    assert!(
        or_dependencies[0]
            .message
            .contains("(rooms OR-1, OR-2): Boom")
    );
    // At the standard: no gap or check for the rooms.
    assert!(
        e.findings
            .iter()
            .all(|f| !matches!(f.kind, FindingKind::Gap | FindingKind::Check))
    );
}

#[test]
fn far_above_is_worded_more_strongly_than_above() {
    let catalog = Catalog::default_catalog();
    // Office standard: 4 drops, 1 workstation, 1 phone.
    let e = estimate(
        &list(vec![
            room("1", "Office", Some("IDF-1"), "1", [5, 0, 1, 1, 0, 0]),
            room("2", "Office", Some("IDF-1"), "1", [8, 0, 1, 1, 0, 0]),
        ]),
        &catalog,
    );
    let message = |n: &str| {
        e.findings
            .iter()
            .find(|f| f.subject.as_deref() == Some(n))
            .map(|f| f.message.clone())
            .unwrap()
    };
    assert!(message("1").contains("is above the Office standard: 5 data drops (standard 4)"));
    assert!(message("2").contains("is far above the Office standard: 8 data drops (standard 4)"));
    // One drop in the default catalog: 96 + 12.50 + 11 + 19.50 + 6 material, 1.6 h at $125.
    assert!(message("1").contains("$345.00"), "{}", message("1"));
    assert!(message("2").contains("$1,380.00"), "{}", message("2"));
}
