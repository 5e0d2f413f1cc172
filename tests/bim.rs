//! Room lists exported from the design model: COBie workbooks, Revit room schedules with no room
//! type column, and unknown room types reported once with their rows.

mod common;

use common::*;
use sowgen::Catalog;
use sowgen::DeviceKind;

use sowgen::{ReadOptions, RoomList};
use std::path::Path;

use common::excel::Cell::{self, N, T};
use common::excel::{text as text_row, workbook};

use common::excel::COBIE_SPACE_HEADER as SPACE_HEADER;

/// A space row the way Revit's COBie extension writes it.
fn space<'a>(
    number: &'a str,
    category: &'a str,
    floor: &'a str,
    name: &'a str,
    net_area: f64,
) -> Vec<Cell<'a>> {
    vec![
        T(number),
        T("bim@architect.example"),
        T("2024-03-11T09:14:02"),
        T(category),
        T(floor),
        T(name),
        T("Autodesk Revit 2024"),
        T("IfcSpace"),
        T("2Vb$1aQ8H0ePbG4kWq9Xz1"),
        T(number),
        N(2.74),
        N(net_area + 1.0),
        N(net_area),
    ]
}

/// A COBie 2.4 workbook of a small clinic wing: Instruction, Contact, Facility (square metres),
/// Floor, Space (OmniClass categories, a roof and the site among them), Zone and Type.
fn cobie_workbook(area_units: &str) -> Vec<u8> {
    let instruction = vec![
        text_row(&["COBie 2.4 Instructions"]),
        text_row(&["Yellow cells are required; orange cells are references to other sheets."]),
    ];
    let contact = vec![
        text_row(&[
            "Email",
            "CreatedBy",
            "CreatedOn",
            "Category",
            "Company",
            "Phone",
        ]),
        text_row(&[
            "bim@architect.example",
            "bim@architect.example",
            "2024-03-11T09:14:02",
            "Architect",
            "Example Architects",
            "555-0100",
        ]),
    ];
    let facility = vec![
        text_row(&[
            "Name",
            "CreatedBy",
            "CreatedOn",
            "Category",
            "ProjectName",
            "SiteName",
            "LinearUnits",
            "AreaUnits",
            "VolumeUnits",
            "CurrencyUnit",
            "AreaMeasurement",
            "ExternalSystem",
            "ExternalProjectObject",
            "ExternalProjectIdentifier",
            "ExternalSiteObject",
            "ExternalSiteIdentifier",
            "ExternalFacilityObject",
            "ExternalFacilityIdentifier",
            "Description",
            "ProjectDescription",
            "SiteDescription",
            "Phase",
        ]),
        text_row(&[
            "East Clinic Building",
            "bim@architect.example",
            "2024-03-11T09:14:02",
            "11-13 24 11: Hospital",
            "East Clinic Expansion",
            "Riverside Campus",
            "meters",
            area_units,
            "cubic meters",
            "USD",
            "BOMA",
            "Autodesk Revit 2024",
            "IfcProject",
            "0xYz",
            "IfcSite",
            "1xYz",
            "IfcBuilding",
            "2xYz",
            "Clinic building",
            "Expansion",
            "Campus",
            "Construction",
        ]),
    ];
    let floor = vec![
        text_row(&[
            "Name",
            "CreatedBy",
            "CreatedOn",
            "Category",
            "ExtSystem",
            "ExtObject",
            "ExtIdentifier",
            "Description",
            "Elevation",
            "Height",
        ]),
        text_row(&[
            "Level 1",
            "bim@architect.example",
            "2024-03-11T09:14:02",
            "Floor",
            "Autodesk Revit 2024",
            "IfcBuildingStorey",
            "3xYz",
            "First floor",
        ]),
        text_row(&[
            "Roof",
            "bim@architect.example",
            "2024-03-11T09:14:02",
            "Roof",
            "Autodesk Revit 2024",
            "IfcBuildingStorey",
            "4xYz",
            "Roof",
        ]),
        text_row(&[
            "Site",
            "bim@architect.example",
            "2024-03-11T09:14:02",
            "Site",
            "Autodesk Revit 2024",
            "IfcSite",
            "5xYz",
            "Site",
        ]),
    ];
    let mut spaces = vec![text_row(SPACE_HEADER)];
    spaces.extend([
        space(
            "101",
            "13-41 31 11: Patient Care Room",
            "Level 1",
            "PATIENT ROOM",
            18.6,
        ),
        space(
            "102",
            "13-41 31 14: Isolation Room",
            "Level 1",
            "ISOLATION",
            22.0,
        ),
        space(
            "103",
            "13-41 41 14: Physical Examination Room",
            "Level 1",
            "EXAM",
            11.0,
        ),
        // No OmniClass number for a nurse station: matched by its title.
        space(
            "104",
            "13-41 11 21: Nurse Station",
            "Level 1",
            "NURSE STATION",
            30.0,
        ),
        space(
            "105",
            "13-81 21 24: Telecommunications Room",
            "Level 1",
            "TELECOM",
            12.0,
        ),
        space("106", "13-85 11 11: Corridor", "Level 1", "CORRIDOR", 80.0),
        space("107", "13-41 11 14 21: Restroom", "Level 1", "TOILET", 5.0),
        space(
            "108",
            "13-85 21 14: Egress Stairway",
            "Level 1",
            "STAIR 1",
            20.0,
        ),
        space(
            "109",
            "13-81 21 21: Electrical Room",
            "Level 1",
            "ELEC",
            9.0,
        ),
        space(
            "R01",
            "13-65 11 00: Spaces for Protection from the Elements",
            "Roof",
            "ROOF",
            900.0,
        ),
        space(
            "SITE",
            "13-91 11 11 31: Drop-Off Area",
            "Site",
            "BUILDING SITE",
            4000.0,
        ),
    ]);
    let zone = vec![
        text_row(&[
            "Name",
            "CreatedBy",
            "CreatedOn",
            "Category",
            "SpaceNames",
            "ExtSystem",
            "ExtObject",
            "ExtIdentifier",
            "Description",
        ]),
        text_row(&[
            "Inpatient Unit",
            "bim@architect.example",
            "2024-03-11T09:14:02",
            "Occupancy Zone",
            "101,102,103,104",
            "Autodesk Revit 2024",
            "IfcZone",
            "6xYz",
            "Inpatient unit",
        ]),
    ];
    let type_sheet = vec![
        text_row(&["Name", "CreatedBy", "CreatedOn", "Category", "Description"]),
        text_row(&[
            "Door 900x2100",
            "bim@architect.example",
            "2024-03-11T09:14:02",
            "23-17 11 00: Doors",
            "Door",
        ]),
    ];
    workbook(&[
        ("Instruction", instruction),
        ("Contact", contact),
        ("Facility", facility),
        ("Floor", floor),
        ("Space", spaces),
        ("Zone", zone),
        ("Type", type_sheet),
    ])
}

fn read(name: &str, bytes: &[u8]) -> Result<RoomList, Rejection> {
    read_list(name, bytes, &ReadOptions::default())
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn a_cobie_workbook_gives_its_spaces_types_floors_and_exclusions() {
    let bytes = cobie_workbook("square meters");
    let list = read("clinic-cobie.xlsx", &bytes).unwrap_or_else(|r| panic!("{:?}", r.1));
    let rooms: Vec<(&str, &str, &str, Option<&str>, bool)> = list
        .rooms
        .iter()
        .map(|r| {
            (
                r.number.as_str(),
                r.name.as_str(),
                r.room_type.as_str(),
                r.floor.as_deref(),
                r.excluded,
            )
        })
        .collect();
    assert_eq!(
        rooms,
        vec![
            (
                "101",
                "PATIENT ROOM",
                "Patient Room",
                Some("Level 1"),
                false
            ),
            (
                "102",
                "ISOLATION",
                "ICU Patient Room",
                Some("Level 1"),
                false
            ),
            ("103", "EXAM", "Exam Room", Some("Level 1"), false),
            (
                "104",
                "NURSE STATION",
                "Nurse Station",
                Some("Level 1"),
                false
            ),
            ("105", "TELECOM", "Telecom Room", Some("Level 1"), false),
            ("106", "CORRIDOR", "Corridor", Some("Level 1"), false),
            ("107", "TOILET", "Toilet", Some("Level 1"), false),
            ("108", "STAIR 1", "Stair", Some("Level 1"), true),
            ("109", "ELEC", "Electrical Room", Some("Level 1"), true),
            ("R01", "ROOF", "Site / Exterior", Some("Roof"), true),
            (
                "SITE",
                "BUILDING SITE",
                "Site / Exterior",
                Some("Site"),
                true
            ),
        ]
    );
    // The Facility sheet names the project; the Zone sheet gives departments.
    assert_eq!(list.project.name.as_deref(), Some("East Clinic Expansion"));
    assert_eq!(
        list.project.facility.as_deref(),
        Some("East Clinic Building, Riverside Campus")
    );
    assert_eq!(list.rooms[0].department.as_deref(), Some("Inpatient Unit"));
    assert_eq!(list.rooms[4].department, None);
    // Square metres converted to square feet (NetArea 18.6 m² = 200.2 sq ft), never labelled SF
    // as they were written.
    assert_eq!(
        list.rooms[0].area_sf.map(|a| a.to_string()).as_deref(),
        Some("200.2")
    );
    // No counts in COBie: every in-scope room takes its standard; excluded spaces take nothing.
    let catalog = Catalog::default_catalog();
    for room in &list.rooms {
        let standard = catalog.room_type(&room.room_type).unwrap().standard;
        assert_eq!(room.counts, standard, "{}", room.number);
        if room.excluded {
            assert!(room.blank_counts.is_empty(), "{}", room.number);
            assert_eq!(room.counts, Default::default());
        } else {
            assert_eq!(room.blank_counts.iter().count(), 6, "{}", room.number);
        }
    }
    // COBie's own columns and sheets are not noise.
    let warnings: Vec<String> = list.warnings.iter().map(ToString::to_string).collect();
    assert!(
        warnings
            .iter()
            .all(|w| !w.contains("not a known field") && !w.contains("skipped")),
        "{warnings:?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("square meters") && w.contains("converted to square feet")),
        "{warnings:?}"
    );
}

#[test]
fn a_cobie_workbook_in_square_feet_is_not_converted() {
    let list = read("clinic-cobie-sf.xlsx", &cobie_workbook("square feet")).unwrap();
    assert_eq!(
        list.rooms[0].area_sf.map(|a| a.to_string()).as_deref(),
        Some("18.6")
    );
    assert!(
        list.warnings
            .iter()
            .all(|w| !w.message.contains("converted"))
    );
}

#[test]
fn check_and_build_read_a_cobie_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "clinic-cobie.xlsx",
        &cobie_workbook("square meters"),
    );
    let (json, code) = json_of(sowgen().args(["check", "--json"]).arg(&input));
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["rooms"], 11);
    assert_eq!(
        json["sheets"],
        serde_json::json!([{"name": "Space", "header_row": 1, "rooms": 11}])
    );
    assert_eq!(json["errors"].as_array().unwrap().len(), 0);
    // Device totals are the standards of the rooms with IT scope.
    let catalog = Catalog::default_catalog();
    let drops: u32 = [
        "Patient Room",
        "ICU Patient Room",
        "Exam Room",
        "Nurse Station",
        "Telecom Room",
        "Corridor",
        "Toilet",
    ]
    .iter()
    .map(|t| catalog.room_type(t).unwrap().standard[DeviceKind::DataDrops])
    .sum();
    assert_eq!(json["devices"]["data_drops"], drops);

    let out = dir.path().join("package");
    let (json, code) = json_of(
        sowgen()
            .args(["build", "--json", "-o"])
            .arg(&out)
            .arg(&input),
    );
    assert_eq!(code, 0, "{json}");
    let estimate: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("estimate.json")).unwrap()).unwrap();
    let excluded: Vec<&str> = estimate["rooms"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["excluded"] == true)
        .map(|r| r["number"].as_str().unwrap())
        .collect();
    assert_eq!(excluded, vec!["108", "109", "R01", "SITE"]);
    // Excluded spaces cost nothing and draw no findings of their own.
    for room in estimate["rooms"].as_array().unwrap() {
        if room["excluded"] == true {
            assert_eq!(room["total"], "0.00", "{room}");
        }
    }
    let lines = estimate["lines"].as_array().unwrap();
    assert!(
        lines
            .iter()
            .all(|l| !excluded.contains(&l["place"].as_str().unwrap()))
    );
    let findings = estimate["findings"].as_array().unwrap();
    for finding in findings {
        if let Some(subject) = finding["subject"].as_str() {
            assert!(!excluded.contains(&subject), "{finding}");
        }
    }
    assert!(
        findings.iter().any(|f| f["kind"] == "assumption"
            && f["message"]
                .as_str()
                .unwrap()
                .starts_with("4 spaces carry no IT scope")),
        "{findings:?}"
    );
    assert_eq!(estimate["project"]["name"], "East Clinic Expansion");

    let sow = docx_text(&out.join("scope-of-work.docx"), "word/document.xml");
    assert!(sow.contains("Spaces Excluded from IT Scope"), "{sow}");
    assert!(sow.contains("BUILDING SITE"), "{sow}");
    assert!(sow.contains("This scope covers 7 rooms"), "{sow}");
}

#[test]
fn a_cobie_uk_2012_workbook_with_uniclass_categories_matches_by_title() {
    let mut spaces = vec![text_row(SPACE_HEADER)];
    spaces.extend([
        space("G01", "SL_20_15_65: Offices", "Ground", "OFFICE", 12.0),
        space(
            "G02",
            "SL_25_10_14: Consult Room",
            "Ground",
            "CONSULT",
            14.0,
        ),
        space("G03", "SL_90_50_84: Stairs", "Ground", "STAIR", 14.0),
    ]);
    let facility = vec![
        text_row(&[
            "Name",
            "CreatedBy",
            "CreatedOn",
            "Category",
            "ProjectName",
            "SiteName",
            "LinearUnits",
            "AreaUnits",
        ]),
        text_row(&[
            "Health Centre",
            "a@b.example",
            "2013-01-01T00:00:00",
            "Uniclass",
            "Health Centre Refurb",
            "Health Centre",
            "millimetres",
            "square metres",
        ]),
    ];
    let bytes = workbook(&[
        ("Instruction", vec![text_row(&["COBie UK 2012"])]),
        ("Contact", vec![text_row(&["Email", "CreatedBy"])]),
        ("Facility", facility),
        ("Floor", vec![text_row(&["Name", "CreatedBy", "Category"])]),
        ("Space", spaces),
    ]);
    let list = read("uk.xlsx", &bytes).unwrap_or_else(|r| panic!("{:?}", r.1));
    let types: Vec<(&str, bool)> = list
        .rooms
        .iter()
        .map(|r| (r.room_type.as_str(), r.excluded))
        .collect();
    assert_eq!(
        types,
        vec![("Office", false), ("Exam Room", false), ("Stair", true)]
    );
    assert_eq!(list.project.facility.as_deref(), Some("Health Centre"));
    assert_eq!(
        list.rooms[0].area_sf.map(|a| a.to_string()).as_deref(),
        Some("129.2")
    );
}

/// A Revit room schedule: Number, Name, Level, Department, Area, and no room type.
fn revit_schedule(with_unknown: bool) -> Vec<u8> {
    let mut rows = vec![
        text_row(&["Room Schedule"]),
        text_row(&["Number", "Name", "Level", "Department", "Area"]),
        text_row(&["101", "EXAM 3", "Level 1", "Clinic", "120 SF"]),
        text_row(&["102", "NURSE STA", "Level 1", "Clinic", "240 SF"]),
        text_row(&["103", "SOILED UTIL", "Level 1", "Clinic", "80 SF"]),
        text_row(&["104", "TELECOM", "Level 1", "Support", "110 SF"]),
        text_row(&["105", "STAIR 2", "Level 1", "Support", "200 SF"]),
        text_row(&["106", "OFFICE A", "Level 1", "Admin", "11.2 m²"]),
    ];
    if with_unknown {
        rows.push(text_row(&["107", "FLEX 12", "Level 1", "Clinic", "90 SF"]));
    }
    workbook(&[("Room Schedule", rows)])
}

#[test]
fn a_revit_schedule_with_no_type_column_infers_types_from_room_names() {
    let list = read("revit.xlsx", &revit_schedule(false)).unwrap_or_else(|r| panic!("{:?}", r.1));
    let types: Vec<(&str, &str, bool, bool)> = list
        .rooms
        .iter()
        .map(|r| {
            (
                r.number.as_str(),
                r.room_type.as_str(),
                r.resolution.is_inferred(),
                r.excluded,
            )
        })
        .collect();
    assert_eq!(
        types,
        vec![
            ("101", "Exam Room", true, false),
            ("102", "Nurse Station", true, false),
            ("103", "Soiled Utility", true, false),
            ("104", "Telecom Room", true, false),
            ("105", "Stair", true, true),
            ("106", "Office", true, false),
        ]
    );
    assert_eq!(list.rooms[0].floor.as_deref(), Some("Level 1"));
    assert_eq!(list.rooms[0].department.as_deref(), Some("Clinic"));
    assert_eq!(
        list.rooms[0].area_sf.map(|a| a.to_string()).as_deref(),
        Some("120")
    );
    // Revit writes metric areas with their unit: converted.
    assert_eq!(
        list.rooms[5].area_sf.map(|a| a.to_string()).as_deref(),
        Some("120.6")
    );

    let estimate = sowgen::estimate(&list, &Catalog::default_catalog());
    let inferred: Vec<&str> = estimate
        .findings
        .iter()
        .filter(|f| {
            f.kind == sowgen::FindingKind::Assumption && f.message.contains("from its name")
        })
        .map(|f| f.subject.as_deref().unwrap())
        .collect();
    assert_eq!(inferred, vec!["101", "102", "103", "104", "105", "106"]);
    assert!(estimate.findings.iter().any(|f| f.message
        == "Room 101 (EXAM 3) has no room type in the list; it is taken as Exam Room from its name, and priced at that type's standard where counts are blank. Confirm the type with the design team."));
}

#[test]
fn a_room_name_that_names_no_room_type_is_unclassified_and_strict_refuses_it() {
    let list = read("revit.xlsx", &revit_schedule(true)).unwrap_or_else(|r| panic!("{:?}", r.1));
    let flex = list.rooms.iter().find(|r| r.number == "107").unwrap();
    assert!(flex.is_unclassified());
    assert_eq!(flex.room_type, sowgen::UNCLASSIFIED);
    let warnings: Vec<String> = list.warnings.iter().map(ToString::to_string).collect();
    assert!(
        warnings.iter().any(|w| w.starts_with(
            "sheet Room Schedule, row 9, column B: the list has no room type column and the room name 'FLEX 12' names no catalog room type; the room is unclassified, priced at $0"
        )),
        "{warnings:?}"
    );
    // The command line says the same; --strict makes it an error.
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "revit.xlsx", &revit_schedule(true));
    let json = Test::check().arg(&input).json().ok();
    assert_eq!(json["rooms"], 7);
    assert_eq!(json["unresolved"], 1);
    assert_eq!(json["errors"].as_array().unwrap().len(), 0);
    let strict = Test::check().arg(&input).arg("--strict").json();
    assert_eq!(strict.code, 1);
    assert_eq!(strict.json["errors"][0]["row"], 9);
    assert_eq!(strict.json["errors"][0]["column"], "B");
    assert_eq!(strict.json["rooms"], 7);
}

#[test]
fn an_unknown_type_on_forty_rows_is_one_warning_naming_them() {
    let mut csv = String::from("Room,Type\n");
    for i in 0..45 {
        let written = if i % 9 == 4 { "Office" } else { "Exam Rooom" };
        csv.push_str(&format!("{},{written}\n", 100 + i));
    }
    csv.push_str("200,Qqqq\n");
    let list = read("many.csv", csv.as_bytes()).unwrap_or_else(|r| panic!("{:?}", r.1));
    assert_eq!(list.rooms.len(), 46);
    let unresolved: Vec<&sowgen::Problem> = list
        .warnings
        .iter()
        .filter(|w| w.message.starts_with("unknown room type"))
        .collect();
    assert_eq!(unresolved.len(), 2, "{:?}", list.warnings);
    let exam = unresolved[0];
    assert_eq!(exam.rows.len(), 40);
    assert_eq!(exam.row, Some(2));
    assert_eq!(&exam.rows[..4], &[2, 3, 4, 5]);
    assert!(
        exam.to_string().starts_with(
            "sheet CSV, rows 2, 3, 4 and 37 more, column B: unknown room type 'Exam Rooom' (closest: Exam Room); the room is unclassified, priced at $0"
        ),
        "{exam}"
    );
    assert!(
        unresolved[1]
            .to_string()
            .starts_with("sheet CSV, row 47, column B: unknown room type 'Qqqq';"),
        "{}",
        unresolved[1]
    );

    // In JSON with --strict: one error, its first row, and every row it occurs on.
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "many.csv", csv.as_bytes());
    let strict = Test::check().arg(&input).arg("--strict").json();
    assert_eq!(strict.code, 1);
    assert_eq!(strict.json["errors"].as_array().unwrap().len(), 2);
    assert_eq!(strict.json["errors"][0]["row"], 2);
    assert_eq!(
        strict.json["errors"][0]["rows"].as_array().unwrap().len(),
        40
    );
}
