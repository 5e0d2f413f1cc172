//! Issue 13 for COBie handover workbooks: what the Facility and Component sheets give is held to
//! the limits a room list's cells and a project file are held to.

mod common;
use common::*;
use rust_xlsxwriter::Workbook;

/// A COBie workbook: a Facility row with this project name, two spaces, and `outlets`
/// telecommunication outlets placed in space 1A01.
fn cobie(project_name: &str, outlets: usize) -> Vec<u8> {
    let mut book = Workbook::new();
    let text_rows = |book: &mut Workbook, name: &str, rows: &[Vec<&str>]| {
        let sheet = book.add_worksheet();
        sheet.set_name(name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                sheet.write_string(r as u32, c as u16, *cell).unwrap();
            }
        }
    };
    text_rows(
        &mut book,
        "Facility",
        &[
            vec!["Name", "CreatedBy", "CreatedOn", "ProjectName", "SiteName"],
            vec!["Clinic", "x", "y", project_name, "Site"],
        ],
    );
    text_rows(
        &mut book,
        "Space",
        &[
            common::excel::COBIE_SPACE_HEADER[..6].to_vec(),
            vec!["1A01", "x", "y", "13-51 11 11: Office", "Level 1", "Office"],
            vec!["1A02", "x", "y", "13-51 11 11: Office", "Level 1", "Office"],
        ],
    );
    let mut components = vec![vec!["Name", "CreatedBy", "CreatedOn", "TypeName", "Space"]];
    let names: Vec<String> = (0..outlets).map(|i| format!("TO-{i}")).collect();
    for name in &names {
        components.push(vec![name, "x", "y", "Telecommunication Outlet", "1A01"]);
    }
    text_rows(&mut book, "Component", &components);
    book.save_to_buffer().unwrap()
}

fn check(bytes: &[u8]) -> (serde_json::Value, i32) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("handover.xlsx");
    std::fs::write(&path, bytes).unwrap();
    let outcome = Test::check().arg(&path).json();
    (outcome.json, outcome.code)
}

#[test]
fn a_model_that_places_more_devices_in_a_space_than_a_room_may_have_is_refused() {
    let (json, code) = check(&cobie("Clinic", 3));
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["devices"]["data_drops"], 3, "{json}");
    let (json, code) = check(&cobie("Clinic", sowgen::MAX_DEVICE_COUNT as usize + 1));
    assert_eq!(code, 1, "{json}");
    let errors = json["errors"].to_string();
    assert!(
        errors.contains("10001") && errors.contains("1A01") && errors.contains("Component"),
        "{errors}"
    );
}

#[test]
fn a_facility_name_past_a_project_files_limit_is_refused_at_check() {
    let (json, code) = check(&cobie(&"Clinic ".repeat(200), 1));
    assert_eq!(code, 1, "{json}");
    let errors = json["errors"].to_string();
    assert!(
        errors.contains("project name") && errors.contains("Facility"),
        "{errors}"
    );
}
