//! Room lists as real projects send them (issue 14), each built here in its real shape: a COBie
//! handover workbook with catch-all categories, placeholders, names only in RoomTag, zones listed
//! by comma and a Component sheet that places IT devices; an owner's facility data workbook; a
//! Revit room schedule saved as CSV; a list whose names match nothing. Each gives a DRAFT package
//! with every space read, and `--strict` refuses it.

mod common;

use common::excel;
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A workbook of text sheets; a cell that parses as a number is written as one, "" is no cell.
fn workbook(sheets: &[(&str, Vec<Vec<&str>>)]) -> Vec<u8> {
    let typed: Vec<_> = sheets
        .iter()
        .map(|(name, rows)| (*name, rows.iter().map(|row| excel::typed(row)).collect()))
        .collect();
    excel::workbook(&typed)
}

fn save(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A COBie 2.4 Space row: Name, CreatedBy, CreatedOn, Category, FloorName, Description,
/// ExtSystem, ExtObject, ExtIdentifier, RoomTag, UsableHeight, GrossArea, NetArea.
fn space<'a>(number: &'a str, category: &'a str, name: &'a str, tag: &'a str) -> Vec<&'a str> {
    vec![
        number,
        "bim@example.org",
        "2023-06-01T10:00:00",
        category,
        "Level 1",
        name,
        "Autodesk Revit",
        "IfcSpace",
        "3xYz",
        tag,
        "2.7",
        "12.5",
        "11.9",
    ]
}

/// A clinic's COBie handover workbook, as the issue found them.
fn cobie_clinic() -> Vec<u8> {
    let header = excel::COBIE_SPACE_HEADER.to_vec();
    let spaces = vec![
        header,
        // Catch-all categories: typed from their names.
        space(
            "1A01",
            "13-41 41 99: Other Healing Spaces",
            "EXAM 1",
            "EXAM 1 1A01",
        ),
        space(
            "1A02",
            "13-41 41 99: Other Healing Spaces",
            "EXAM 2",
            "EXAM 2 1A02",
        ),
        space(
            "1A03",
            "13-41 41 99: Other Healing Spaces",
            "DENTAL TREATMENT",
            "DTR 1A03",
        ),
        space(
            "1A04",
            "Inpatient Care Spaces",
            "PATIENT ROOM",
            "PATIENT ROOM 1A04",
        ),
        // Placeholders everywhere, the name only in the RoomTag.
        space("20BOH.07", "n/a", "n/a", "Janitor 20BOH.07"),
        space("20BOH.08", "n/a", "n/a", "Office 20BOH.08"),
        // A name that contradicts its category; a telecom room by name in a list with no IDFs.
        space(
            "1A05",
            "13-15 11 34 11: Office",
            "COMM. ROOM",
            "COMM. ROOM 1A05",
        ),
        space("1A06", "13-15 11 34 11: Office", "OFFICE", "OFFICE 1A06"),
        // A category the catalog does not know and a name that names nothing: unclassified.
        space(
            "1A07",
            "13-99 99 99: Widget Space",
            "FLUX CAPACITOR",
            "FLUX 1A07",
        ),
        // An exam room whose category is an unknown type; its name types it.
        space(
            "1A08",
            "Exam/Procedure Suite Type B",
            "EXAM 8",
            "EXAM 8 1A08",
        ),
    ];
    let facility = vec![
        vec![
            "Name",
            "CreatedBy",
            "CreatedOn",
            "Category",
            "ProjectName",
            "SiteName",
            "LinearUnits",
            "AreaUnits",
        ],
        vec![
            "Fort Example Clinic",
            "bim@example.org",
            "2023-06-01T10:00:00",
            "11-13 24 11: Clinic",
            "Fort Example Dental and Medical Clinic",
            "Fort Example",
            "millimeters",
            "square meters",
        ],
    ];
    let zones = vec![
        vec!["Name", "CreatedBy", "CreatedOn", "Category", "SpaceNames"],
        vec![
            "Fire Zone 1",
            "x",
            "y",
            "Fire Zone",
            "1A01,1A02,1A03,1A04,1A05",
        ],
        vec!["Primary Care", "x", "y", "Department", "1A01, 1A02,1A08"],
        vec!["Dental", "x", "y", "Department", "1A03"],
    ];
    let types = vec![
        vec!["Name", "CreatedBy", "CreatedOn", "Category", "Description"],
        vec![
            "TO-CAT6",
            "x",
            "y",
            "23-33 35 11: Telecommunication Outlets",
            "Telecommunication Outlet",
        ],
        vec![
            "PC-1",
            "x",
            "y",
            "23-33 13 00: Computers",
            "Desktop Computer",
        ],
        vec!["TEL-1", "x", "y", "23-33 35 13: Telephones", "IP Telephone"],
        vec![
            "TV-55",
            "x",
            "y",
            "23-33 45 00: Televisions",
            "55in Television",
        ],
        vec!["DESK-1", "x", "y", "23-21 11: Desks", "Computer Desk"],
    ];
    let mut components = vec![vec![
        "Name",
        "CreatedBy",
        "CreatedOn",
        "TypeName",
        "Space",
        "Description",
    ]];
    for (name, type_name, space) in [
        ("TO-1", "TO-CAT6", "1A01"),
        ("TO-2", "TO-CAT6", "1A01"),
        ("TO-3", "TO-CAT6", "1A01"),
        ("TO-4", "TO-CAT6", "1A02"),
        ("TO-5", "TO-CAT6", "1A07"),
        ("PC-1", "PC-1", "1A01"),
        ("TEL-1", "TEL-1", "1A01"),
        ("TV-1", "TV-55", "1A04"),
        ("DESK-1", "DESK-1", "1A01"),
        ("TO-9", "TO-CAT6", "9Z99"),
    ] {
        components.push(vec![name, "x", "y", type_name, space, ""]);
    }
    workbook(&[
        ("Instruction", vec![vec!["COBie 2.4"]]),
        ("Contact", vec![vec!["Email", "CreatedBy"]]),
        ("Facility", facility),
        ("Floor", vec![vec!["Name", "CreatedBy", "Category"]]),
        ("Space", spaces),
        ("Zone", zones),
        ("Type", types),
        ("Component", components),
    ])
}

/// Every DRAFT mark and the unresolved section of a package, read back from its files.
fn assert_draft_package(out: &Path, unresolved_rooms: &[&str]) {
    let sow = out.join("scope-of-work.docx");
    let document = docx_text(&sow, "word/document.xml");
    assert!(document.contains("DRAFT"), "no DRAFT on the SOW's cover");
    assert!(document.contains("Unresolved Room Types"));
    let header = docx_text(&sow, "word/header1.xml");
    assert!(header.contains("DRAFT"), "{header}");
    // The unresolved section lists every unresolved room by number.
    let section = &document[document.find("Unresolved Room Types This scope").unwrap()..];
    let section = &section[..section.find("Telecom Rooms").unwrap_or(section.len())];
    for room in unresolved_rooms {
        assert!(section.contains(room), "{room} missing from: {section}");
    }
    // The lead-in counts the rooms not typed at all and those typed from their names, and
    // never says "0 rooms".
    assert!(
        section.contains("Not typed at all") || section.contains("Typed from the room"),
        "{section}"
    );
    assert!(!section.contains(": 0 rooms"), "{section}");
    let pdf = pdf_text(&out.join("budget-summary.pdf"));
    assert!(pdf.contains("DRAFT"), "{pdf}");
    let summary = xlsx_sheet(&out.join("bill-of-materials.xlsx"), "Summary");
    let title = summary.get((0, 0)).unwrap().to_string();
    assert!(title.ends_with("(DRAFT)"), "{title}");
    let note = summary.get((1, 0)).unwrap().to_string();
    assert!(note.starts_with("DRAFT:"), "{note}");
}

fn finding<'j>(json: &'j Value, kind: &str, contains: &str) -> Option<&'j Value> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == kind && f["message"].as_str().unwrap().contains(contains))
}

fn rooms_of(out: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(out.join("estimate.json")).unwrap();
    let estimate: Value = serde_json::from_str(&text).unwrap();
    estimate["rooms"].as_array().unwrap().clone()
}

fn room<'r>(rooms: &'r [Value], number: &str) -> &'r Value {
    rooms
        .iter()
        .find(|r| r["number"] == number)
        .unwrap_or_else(|| panic!("no room {number}"))
}

#[test]
fn a_cobie_handover_workbook_gives_a_draft_package_with_every_space() {
    let tmp = tempfile::tempdir().unwrap();
    let input = save(tmp.path(), "clinic-cobie.xlsx", &cobie_clinic());
    let out = tmp.path().join("pkg");
    let json = Test::build().arg(&input).out(&out).json().ok();
    assert_eq!(json["rooms"], 10, "every space read");
    assert_eq!(json["draft"], true);
    // 1A07 is unclassified; 1A08's type is unknown, its name types it.
    assert_eq!(json["unresolved"], 2);
    assert_eq!(json["excluded"], 1, "the janitor closet");
    assert_draft_package(&out, &["1A07", "1A08"]);

    let rooms = rooms_of(&out);
    let typed = |n: &str| room(&rooms, n)["room_type"].as_str().unwrap().to_string();
    assert_eq!(typed("1A01"), "Exam Room");
    assert_eq!(typed("1A03"), "Dental Treatment Room");
    assert_eq!(typed("1A04"), "Patient Room");
    assert_eq!(typed("20BOH.07"), "Janitor Closet");
    assert_eq!(typed("20BOH.08"), "Office");
    assert_eq!(typed("1A05"), "Office", "priced as given");
    assert_eq!(typed("1A07"), "Unclassified");
    assert_eq!(typed("1A08"), "Exam Room");
    // Names from the RoomTag, less the room number.
    assert_eq!(room(&rooms, "20BOH.07")["name"], "Janitor");
    // Departments from zones listed by comma, a department before a fire zone.
    assert_eq!(room(&rooms, "1A01")["department"], "Primary Care");
    assert_eq!(room(&rooms, "1A02")["department"], "Primary Care");
    assert_eq!(room(&rooms, "1A03")["department"], "Dental");
    assert_eq!(room(&rooms, "1A04")["department"], "Fire Zone 1");
    // Device counts from the Component sheet replace the standard for the kinds it places.
    let exam = room(&rooms, "1A01");
    assert_eq!(exam["counts"]["data_drops"], 3);
    assert_eq!(exam["counts"]["workstations"], 1);
    assert_eq!(exam["counts"]["phones"], 1);
    assert_eq!(room(&rooms, "1A02")["counts"]["workstations"], 0);
    assert_eq!(room(&rooms, "1A04")["counts"]["displays"], 1);
    assert_eq!(
        exam["model_counts"],
        serde_json::json!(["data_drops", "workstations", "phones", "displays"])
    );
    // The unclassified room keeps the model's count, shown and priced at $0.
    let flux = room(&rooms, "1A07");
    assert_eq!(flux["counts"]["data_drops"], 1);
    assert_eq!(flux["total"], "0.00");
    // The Rooms sheet says which counts came from the model.
    let sheet = xlsx_sheet(&out.join("bill-of-materials.xlsx"), "Rooms");
    let header: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let model_col = header
        .iter()
        .position(|h| h == "Counts From Model")
        .unwrap();
    let exam_row = sheet.rows().find(|r| r[0] == "1A01").unwrap();
    assert!(exam_row[model_col].to_string().contains("Data Drops"));
    // ... and the SOW's room table.
    let document = docx_text(&out.join("scope-of-work.docx"), "word/document.xml");
    assert!(document.contains("Counts from the design model: data drops"));

    // The COMM. ROOM typed Office is a check naming both, and counted as a telecom room.
    assert!(finding(&json, "check", "'COMM. ROOM', which says Telecom Room").is_some());
    assert!(
        finding(&json, "gap", "1A05 (COMM. ROOM)").is_some(),
        "{}",
        json["findings"]
    );
    assert!(
        finding(
            &json,
            "gap",
            "2 rooms have a room type the catalog does not resolve"
        )
        .is_some()
    );
    assert!(finding(&json, "assumption", "a catch-all category").is_some());
    assert_eq!(
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["message"].as_str().unwrap().contains("'n/a' in the list"))
            .count(),
        2,
        "the janitor and the office are typed from their RoomTag names"
    );
    // The warning quotes the category as written, with its row.
    let warnings = json["warnings"].to_string();
    assert!(
        warnings.contains("unknown room type 'Exam/Procedure Suite Type B'"),
        "{warnings}"
    );
    assert!(
        warnings.contains("9Z99"),
        "the component in a space the Space sheet lacks"
    );

    let strict = Test::check().arg(&input).arg("--strict").json();
    assert_eq!(strict.code, 1);
    assert_eq!(strict.json["rooms"], 10);
    assert_eq!(strict.json["errors"].as_array().unwrap().len(), 2);
}

/// An owner's facility data workbook: instructions, then the header, then the template's own rows.
fn facility_data_workbook() -> Vec<u8> {
    let header = vec![
        "",
        "Space Designation",
        "Space Description",
        "Space Classification",
        "Level Designation",
        "Data Outlets",
        "Comments",
    ];
    let space_data = vec![
        vec!["ST. AGNES HOSPITAL - 4 EAST MED/SURG RENOVATION"],
        vec!["Instructions: complete one row per space. Yellow columns are required at DD."],
        vec!["Do not change the column headings; use the Picklists sheet for classifications."],
        vec![],
        header.clone(),
        vec![
            "Data standard",
            "Text (12)",
            "Text (60)",
            "Picklist",
            "Picklist",
            "Integer",
            "Text",
        ],
        vec![
            "Example",
            "4E-101",
            "Patient Room 1",
            "Patient Room",
            "Level 4",
            "6",
            "Headwall",
        ],
        vec!["Submittal stage", "SD", "DD", "DD", "SD", "CD", "CD"],
        header,
        vec![
            "",
            "4E-101",
            "PATIENT ROOM 1",
            "Patient Room",
            "Level 4",
            "",
            "Bariatric",
        ],
        vec![
            "",
            "4E-102",
            "PATIENT ROOM 2",
            "Patient Room",
            "Level 4",
            "",
            "",
        ],
        vec![
            "",
            "4E-110",
            "NURSE STATION",
            "Nurse Station",
            "Level 4",
            "14",
            "Two zones",
        ],
        vec![
            "",
            "4E-120",
            "MED ROOM",
            "Medication Room",
            "Level 4",
            "",
            "",
        ],
        vec![
            "",
            "4E-130",
            "FAMILY CONSULT",
            "Consult - Family",
            "Level 4",
            "",
            "Glass wall",
        ],
        vec![
            "",
            "4E-140",
            "STAIR 2",
            "Vertical Circulation",
            "Level 4",
            "",
            "",
        ],
    ];
    let mappings = vec![
        vec!["Room Number", "Room Type", "OmniClass"],
        vec!["X-1", "Patient Room", "13-41 31 11"],
    ];
    let picklists = vec![
        vec!["Space Classification", "Level Designation"],
        vec!["Patient Room", "Level 4"],
    ];
    workbook(&[
        ("Instructions", vec![vec!["How to fill in this workbook"]]),
        ("Space Data", space_data),
        ("Mappings", mappings),
        ("Picklists", picklists),
    ])
}

#[test]
fn an_owners_facility_data_workbook_reads_its_rooms_and_nothing_else() {
    let tmp = tempfile::tempdir().unwrap();
    let input = save(tmp.path(), "4-east.xlsx", &facility_data_workbook());
    let out = tmp.path().join("pkg");
    let json = Test::build().arg(&input).out(&out).json().ok();
    assert_eq!(json["rooms"], 6, "{json}");
    assert_eq!(json["sheets"][0]["name"], "Space Data");
    assert_eq!(json["sheets"].as_array().unwrap().len(), 1);
    assert_eq!(
        json["draft"], true,
        "Consult - Family is not a catalog type"
    );
    assert_eq!(json["excluded"], 1, "the stair, typed from its name");
    let warnings: Vec<String> = json["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["message"].as_str().unwrap().to_string())
        .collect();
    for said in [
        "data standard, not a room; skipped",
        "is an example, not a room; skipped",
        "submittal stage of each field, not a room; skipped",
        "repeats the header; skipped",
        "a reference sheet (mappings, picklists, lookups), not a room list; sheet skipped",
        "the title 'ST. AGNES HOSPITAL - 4 EAST MED/SURG RENOVATION' (give the project's details with --project FILE)",
    ] {
        assert!(
            warnings.iter().any(|w| w.contains(said)),
            "{said}: {warnings:#?}"
        );
    }
    assert_draft_package(&out, &["4E-130"]);
    let rooms = rooms_of(&out);
    assert_eq!(room(&rooms, "4E-110")["counts"]["data_drops"], 14);
    assert_eq!(room(&rooms, "4E-101")["floor"], "Level 4");
    assert_eq!(room(&rooms, "4E-130")["room_type"], "Family Room");
    // The project's name from the title block; notes travel into the SOW and the Rooms sheet.
    let document = docx_text(&out.join("scope-of-work.docx"), "word/document.xml");
    assert!(document.contains("ST. AGNES HOSPITAL - 4 EAST MED/SURG RENOVATION"));
    assert!(document.contains("Notes: Bariatric"), "{document}");
    let sheet = xlsx_sheet(&out.join("bill-of-materials.xlsx"), "Rooms");
    assert!(sheet.rows().any(|r| r.iter().any(|c| *c == "Two zones")));
    let csv = std::fs::read_to_string(out.join("rooms.csv")).unwrap();
    assert!(csv.contains("Glass wall"));

    let strict = Test::build().arg(&input).out(&out).arg("--strict").json();
    assert_eq!(strict.code, 1);
    assert_eq!(strict.json["rooms"], 6);
    let errors = strict.json["errors"].to_string();
    assert!(
        errors.contains("unknown room type 'Consult - Family'"),
        "{errors}"
    );
}

/// A Revit room schedule exported to CSV: a title row, a blank row, metric areas with their
/// unit, a "Grand total" footer, and no room type column.
const REVIT_CSV: &str = "\"Room Schedule\"\n\
\n\
\"Number\",\"Name\",\"Level\",\"Department\",\"Area\"\n\
\"101\",\"EXAM 3\",\"Level 1\",\"Clinic\",\"11.15 m²\"\n\
\"102\",\"NURSE STA\",\"Level 1\",\"Clinic\",\"22.30 m²\"\n\
\"103\",\"TR\",\"Level 1\",\"Support\",\"10.00 m²\"\n\
\"104\",\"STAIR 2\",\"Level 1\",\"Support\",\"18.58 m²\"\n\
\"105\",\"FLEX 12\",\"Level 1\",\"Clinic\",\"8.36 m²\"\n\
\"106\",\"FLEX 14\",\"Level 1\",\"Clinic\",\"8.36 m²\"\n\
\"Grand total: 6\",\"\",\"\",\"\",\"78.75 m²\"\n";

#[test]
fn a_revit_room_schedule_csv_gives_a_draft_with_every_room() {
    let tmp = tempfile::tempdir().unwrap();
    let input = save(tmp.path(), "room-schedule.csv", REVIT_CSV.as_bytes());
    let out = tmp.path().join("pkg");
    let json = Test::build().arg(&input).out(&out).json().ok();
    assert_eq!(json["rooms"], 6);
    assert_eq!(json["unresolved"], 2);
    assert_eq!(json["sheets"][0]["header_row"], 3);
    assert_draft_package(&out, &["105", "106"]);
    let rooms = rooms_of(&out);
    assert_eq!(room(&rooms, "101")["area_sf"], "120");
    assert_eq!(
        room(&rooms, "103")["room_type"],
        "Telecom Room",
        "one TR on the floor"
    );
    // One warning for both FLEX rooms, quoting no other row's text.
    let flex: Vec<&Value> = json["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["message"].as_str().unwrap().contains("FLEX"))
        .collect();
    assert_eq!(flex.len(), 1, "{flex:?}");
    assert_eq!(flex[0]["rows"], serde_json::json!([8, 9]));
    assert!(flex[0]["message"].as_str().unwrap().contains("'FLEX ...'"));

    let strict = Test::check().arg(&input).arg("--strict").json();
    assert_eq!(strict.code, 1);
    assert_eq!(strict.json["errors"][0]["rows"], serde_json::json!([8, 9]));
}

#[test]
fn tr_in_an_emergency_department_list_is_a_treatment_room() {
    let mut csv = String::from("Number,Name,Level,Department\n");
    for i in 1..=8 {
        csv.push_str(&format!("E{i},TR {i},Level 1,Emergency\n"));
    }
    csv.push_str("E20,ED TR 20,Level 1,Emergency\n");
    let list = read_list("ed.csv", csv.as_bytes(), &Default::default()).unwrap();
    assert!(
        list.rooms.iter().all(|r| r.room_type == "Treatment Room"),
        "{:?}",
        list.rooms
    );
}

#[test]
fn a_list_whose_names_match_nothing_is_a_draft_a_type_map_resolves() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = "Room,Name,Data\n1,Zorblax,2\n2,Zorblax,\n3,Quuxatorium,1\n4,,\n";
    let input = save(tmp.path(), "odd.csv", csv.as_bytes());
    let out = tmp.path().join("pkg");
    let json = Test::build().arg(&input).out(&out).json().ok();
    assert_eq!(json["rooms"], 4);
    assert_eq!(json["unresolved"], 4);
    assert_eq!(json["totals"]["grand_total"], "0.00");
    assert_draft_package(&out, &["1", "2", "3", "4"]);
    let rooms = rooms_of(&out);
    assert_eq!(
        room(&rooms, "1")["counts"]["data_drops"],
        2,
        "counts given are kept"
    );
    assert_eq!(
        room(&rooms, "2")["counts"]["data_drops"],
        0,
        "no standard applied"
    );

    // check --write-types writes a type map to fill in, and never overwrites it.
    let types = tmp.path().join("types.toml");
    let check = Test::check()
        .arg(&input)
        .arg("--write-types")
        .arg(&types)
        .json()
        .ok();
    assert_eq!(check["type_map"]["texts"], 2);
    let written = std::fs::read_to_string(&types).unwrap();
    assert!(
        written.contains(
            "# 2 rooms, first at sheet CSV row 2; no plausible suggestion\n\"Zorblax\" = \"\""
        ),
        "{written}"
    );
    let again = Test::check()
        .arg(&input)
        .arg("--write-types")
        .arg(&types)
        .json();
    assert_eq!(again.code, 1);
    assert!(again.json.to_string().contains("never overwrites"));
    assert_eq!(std::fs::read_to_string(&types).unwrap(), written);

    // Filled in, it resolves the names; a wrong type name is an error at its line.
    let filled = written
        .replace("\"Zorblax\" = \"\"", "\"Zorblax\" = \"Office\"")
        .replace(
            "\"Quuxatorium\" = \"\"",
            "\"Quuxatorium\" = \"Conference Room\"",
        );
    std::fs::write(&types, &filled).unwrap();
    let resolved = Test::build()
        .arg(&input)
        .out(&out)
        .arg("--types")
        .arg(&types)
        .json()
        .ok();
    assert_eq!(resolved["unresolved"], 1, "room 4 has no name to map");
    let rooms = rooms_of(&out);
    assert_eq!(room(&rooms, "2")["room_type"], "Office");
    assert_eq!(room(&rooms, "3")["room_type"], "Conference Room");
    std::fs::write(
        &types,
        filled.replace("\"Office\"", "\"Offfice Space Thing\""),
    )
    .unwrap();
    let wrong = Test::check().arg(&input).arg("--types").arg(&types).json();
    assert_eq!(wrong.code, 1);
    let error = &wrong.json["errors"][0];
    assert!(error["line"].as_u64().unwrap() > 1, "{error}");
    assert_eq!(error["key"], "Zorblax");

    // diff prices a room that goes from unclassified to typed.
    let typed = save(
        tmp.path(),
        "typed.csv",
        b"Room,Name,Type,Data\n1,Zorblax,Office,2\n2,Zorblax,Office,\n3,Quuxatorium,Storage,1\n4,,Storage,\n",
    );
    let order = Test::diff()
        .arg(&input)
        .arg(&typed)
        .out(&tmp.path().join("co"))
        .json()
        .ok();
    assert_eq!(order["draft"], true);
    let changed = order["changed"].as_array().unwrap();
    let first = changed.iter().find(|c| c["room"] == "1").unwrap();
    assert_eq!(
        first["fields"]["room_type"],
        serde_json::json!(["Unclassified", "Office"])
    );
    assert!(cents(order["cost_delta"].as_str().unwrap()) > 0);
    let strict = Test::diff()
        .arg(&input)
        .arg(&typed)
        .out(&tmp.path().join("co2"))
        .arg("--strict")
        .json();
    assert_eq!(strict.code, 1);
    assert!(!tmp.path().join("co2").exists());
}
