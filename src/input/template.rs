//! Owner and agency templates (facility data workbooks): the rows under a header that describe
//! the columns rather than a room (a data standard, an example, the submittal stage each field is
//! due at, the header again), and the sheets that hold reference data rather than rooms
//! (mappings, picklists, lookups, upload templates).

use super::header::Header;
use super::sheet::{RawRow, RawSheet};
use crate::field::Field;
use crate::text::normalize;

/// The header row's texts, normalised, by column: [`not_a_room`] compares every row with them.
pub fn header_words(sheet: &RawSheet, header: &Header) -> Vec<(u32, String)> {
    sheet.rows.get(header.position).map_or_else(Vec::new, words)
}

/// A row's non-empty texts, normalised, by column.
fn words(row: &RawRow) -> Vec<(u32, String)> {
    row.cells
        .iter()
        .enumerate()
        .filter_map(|(c, v)| v.as_text().map(|t| (c as u32, normalize(&t))))
        .filter(|(_, t)| !t.is_empty())
        .collect()
}

/// Why a row under the header is not a room, or none when it may be one; `header_words` as
/// [`header_words`] gives them.
pub fn not_a_room(row: &RawRow, header: &Header, header_words: &[(u32, String)]) -> Option<String> {
    let texts = words(row);
    if texts.is_empty() {
        return None;
    }
    if repeats_header(&texts, header_words) {
        return Some("the row repeats the header".into());
    }
    let number = header
        .column(Field::RoomNumber)
        .and_then(|c| texts.iter().find(|(col, _)| *col == c))
        .map(|(_, t)| t.as_str());
    // Cells that label a row rather than describe a room: the room number's, and those in
    // columns no field takes (a template's leading "Row type" column).
    let labels: Vec<&str> = texts
        .iter()
        .filter(|(c, _)| {
            Some(*c) == header.column(Field::RoomNumber)
                || !header.columns.iter().any(|(col, _)| col == c)
        })
        .map(|(_, t)| t.as_str())
        .collect();
    let share = |test: fn(&str) -> bool| {
        let n = texts.iter().filter(|(_, t)| test(t)).count();
        n > 0 && n * 2 >= texts.len()
    };
    if labels.iter().any(|t| is_example_label(t)) {
        return Some("the row is an example, not a room".into());
    }
    if labels
        .iter()
        .any(|t| t.contains("data standard") || t.contains("data format"))
        || number.is_some_and(is_data_type)
        || share(is_data_type)
    {
        return Some("the row is the template's data standard, not a room".into());
    }
    if labels.iter().any(|t| is_stage_label(t)) || share(is_stage) {
        return Some("the row gives the submittal stage of each field, not a room".into());
    }
    None
}

/// Two or more cells, or most of them, read as the header's own cells in the same columns.
fn repeats_header(texts: &[(u32, String)], header_words: &[(u32, String)]) -> bool {
    let same = texts
        .iter()
        .filter(|(c, t)| header_words.iter().any(|(hc, h)| hc == c && h == t))
        .count();
    same >= 2 && same * 2 >= texts.len()
}

fn is_example_label(text: &str) -> bool {
    matches!(
        text,
        "example" | "examples" | "sample" | "e g" | "eg" | "example row" | "sample row" | "ex"
    ) || [
        "example ",
        "e g ",
        "for example",
        "sample entry",
        "sample row",
    ]
    .iter()
    .any(|p| text.starts_with(p))
}

/// What a data standard row writes under each heading: the kind of value it takes.
fn is_data_type(text: &str) -> bool {
    let first = text.split(' ').next().unwrap_or_default();
    matches!(
        text,
        "text"
            | "alphanumeric"
            | "alpha numeric"
            | "numeric"
            | "number"
            | "integer"
            | "decimal"
            | "real"
            | "string"
            | "varchar"
            | "char"
            | "date"
            | "boolean"
            | "yes no"
            | "y n"
            | "picklist"
            | "pick list"
            | "lookup"
            | "drop down"
            | "dropdown"
            | "free text"
            | "required"
            | "optional"
            | "mandatory"
            | "conditional"
    ) || matches!(
        first,
        "text" | "varchar" | "char" | "string" | "integer" | "decimal"
    ) && text
        .split(' ')
        .skip(1)
        .all(|w| w.chars().all(|c| c.is_ascii_digit()))
}

fn is_stage_label(text: &str) -> bool {
    text.contains("submittal")
        || text.starts_with("stage")
        || text.starts_with("required at")
        || text == "phase"
}

/// Submittal stages a template asks each field by.
fn is_stage(text: &str) -> bool {
    matches!(
        text,
        "sd" | "dd"
            | "cd"
            | "cds"
            | "ca"
            | "schematic design"
            | "design development"
            | "construction documents"
            | "construction administration"
            | "construction"
            | "closeout"
            | "close out"
            | "handover"
            | "turnover"
            | "as built"
            | "as builts"
            | "bid"
            | "occupancy"
            | "design"
            | "pre design"
            | "programming"
    )
}

/// A sheet whose name says it holds reference data: mappings, picklists, lookups, codes, upload
/// or import templates, instructions.
pub fn is_reference_sheet(name: &str) -> bool {
    let words = normalize(name);
    let has = |w: &str| words.split(' ').any(|x| x == w);
    [
        "mapping",
        "mappings",
        "map",
        "picklist",
        "picklists",
        "lookup",
        "lookups",
        "reference",
        "references",
        "ref",
        "dropdown",
        "dropdowns",
        "domain",
        "domains",
        "codes",
        "definitions",
        "glossary",
        "readme",
        "instructions",
        "instruction",
        "enumerations",
        "enums",
    ]
    .iter()
    .any(|w| has(w))
        || [
            "pick list",
            "valid values",
            "list values",
            "read me",
            "drop down",
        ]
        .iter()
        .any(|p| words.contains(p))
        || (has("template") && (has("upload") || has("import")))
}

/// A sheet whose name says it holds the rooms: "Space Data", "Rooms", "Room List".
pub fn says_room_data(name: &str) -> bool {
    let words = normalize(name);
    words
        .split(' ')
        .any(|w| matches!(w, "space" | "spaces" | "room" | "rooms"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::cell::Value;

    fn row(cells: &[&str]) -> RawRow {
        RawRow {
            index: 5,
            cells: cells
                .iter()
                .map(|c| {
                    if c.is_empty() {
                        Value::Empty
                    } else {
                        Value::Text(c.to_string())
                    }
                })
                .collect(),
        }
    }

    fn sheet_and_header() -> (RawSheet, Header) {
        let sheet = RawSheet {
            name: "Space Data".into(),
            rows: vec![row(&[
                "",
                "Space Designation",
                "Space Description",
                "Space Classification",
            ])],
        };
        let header = Header {
            position: 0,
            row: 5,
            columns: vec![
                (1, Field::RoomNumber),
                (2, Field::RoomName),
                (3, Field::RoomType),
            ],
            unknown: Vec::new(),
            duplicates: Vec::new(),
            by_words: Vec::new(),
            area_metric: false,
            name_fallback: None,
        };
        (sheet, header)
    }

    #[test]
    fn template_rows_are_not_rooms() {
        let (sheet, header) = sheet_and_header();
        let words = header_words(&sheet, &header);
        let reason = |cells: &[&str]| not_a_room(&row(cells), &header, &words);
        assert!(
            reason(&["Data standard", "Text (10)", "Text (50)", "Picklist"])
                .unwrap()
                .contains("data standard")
        );
        assert!(reason(&["", "Text", "Text", "Picklist"]).is_some());
        assert!(
            reason(&["EXAMPLE", "1-101", "Exam Room 1", "Exam Room"])
                .unwrap()
                .contains("example")
        );
        assert!(reason(&["", "e.g. 1-101", "Exam 1", "Exam Room"]).is_some());
        assert!(
            reason(&["Submittal stage", "SD", "DD", "CD"])
                .unwrap()
                .contains("submittal")
        );
        assert!(reason(&["", "DD", "DD", "CD"]).is_some());
        assert!(
            reason(&[
                "",
                "Space Designation",
                "Space Description",
                "Space Classification"
            ])
            .unwrap()
            .contains("repeats the header")
        );
        // Rooms are rooms, whatever their names say.
        assert_eq!(reason(&["", "1-101", "Sample Storage", "Storage"]), None);
        assert_eq!(reason(&["", "1-102", "Text Room", "Office"]), None);
        assert_eq!(reason(&["", "CD 1", "Design Studio", "Office"]), None);
    }

    #[test]
    fn reference_sheets_and_room_sheets_by_name() {
        for name in [
            "Mappings",
            "Picklists",
            "Pick Lists",
            "Lookup",
            "OmniClass Lookups",
            "Upload Template",
            "Reference Data",
            "Instructions",
            "Valid Values",
        ] {
            assert!(is_reference_sheet(name), "{name}");
        }
        for name in [
            "Space Data",
            "Rooms",
            "Level 3",
            "Room Template",
            "Template",
        ] {
            assert!(!is_reference_sheet(name), "{name}");
        }
        assert!(says_room_data("Space Data"));
        assert!(says_room_data("ROOM LIST"));
        assert!(!says_room_data("Level 3"));
    }
}
