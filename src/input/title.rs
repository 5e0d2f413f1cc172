//! A project's name when the list has no Project sheet and none was given: the title block above
//! the header ("ST. AGNES HOSPITAL - 4 EAST MED/SURG RENOVATION"), else the file's name. Either
//! way the reader says so, and how to give the real one.

use super::sheet::RawSheet;
use crate::problem::Problem;
use crate::text::normalize;

/// The title above a header: the first row above it holding one short line of text that is not
/// an instruction, a date or a revision note.
pub fn title_above(sheet: &RawSheet, header_position: usize) -> Option<(u32, String)> {
    sheet.rows[..header_position.min(sheet.rows.len())]
        .iter()
        .find_map(|row| {
            let texts: Vec<String> = row.cells.iter().filter_map(|c| c.as_text()).collect();
            let [text] = texts.as_slice() else {
                return None;
            };
            let text = text.trim();
            is_title(text).then(|| (row.index, text.to_string()))
        })
}

fn is_title(text: &str) -> bool {
    let chars = text.chars().count();
    if !(4..=100).contains(&chars) || !text.chars().any(char::is_alphabetic) {
        return false;
    }
    let words = normalize(text);
    // "Room Schedule", "Space List": what the sheet is, not the project.
    let generic = words.split(' ').all(|w| {
        matches!(
            w,
            "room"
                | "rooms"
                | "space"
                | "spaces"
                | "schedule"
                | "list"
                | "finish"
                | "data"
                | "area"
                | "areas"
                | "device"
                | "devices"
                | "it"
                | "equipment"
                | "inventory"
                | "program"
                | "sheet"
                | "report"
                | "export"
                | "by"
                | "level"
                | "department"
        )
    });
    if generic {
        return false;
    }
    let first = words.split(' ').next().unwrap_or_default();
    !matches!(
        first,
        "instructions"
            | "instruction"
            | "note"
            | "notes"
            | "enter"
            | "please"
            | "fill"
            | "complete"
            | "use"
            | "do"
            | "the"
            | "this"
            | "these"
            | "each"
            | "all"
            | "yellow"
            | "required"
            | "legend"
            | "revision"
            | "rev"
            | "date"
            | "printed"
            | "page"
            | "issued"
            | "prepared"
            | "version"
            | "updated"
            | "last"
    ) && !text.ends_with(':')
}

/// The warning that says where the project's name came from.
pub fn named_from_title(sheet: &str, row0: u32, title: &str) -> Problem {
    Problem::cell(
        sheet,
        row0,
        None,
        format!(
            "no Project sheet names the project; the documents take its name from the title '{title}' (give the project's details with --project FILE)"
        ),
    )
}

/// The warning when nothing in the list names the project.
pub fn named_from_file(file: &str) -> Problem {
    let stem = std::path::Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Problem::file(format!(
        "nothing in the list names the project; the documents use the file's name '{stem}' (give the project's details with --project FILE)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::cell::Value;
    use crate::input::sheet::RawRow;

    fn sheet(rows: &[&[&str]]) -> RawSheet {
        RawSheet {
            name: "Rooms".into(),
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, cells)| RawRow {
                    index: i as u32,
                    cells: cells.iter().map(|c| Value::Text(c.to_string())).collect(),
                })
                .collect(),
        }
    }

    #[test]
    fn the_title_block_names_the_project() {
        let s = sheet(&[
            &["ST. AGNES HOSPITAL - 4 EAST MED/SURG RENOVATION"],
            &["Revision 3, issued for pricing"],
            &["Room", "Name", "Type"],
        ]);
        assert_eq!(
            title_above(&s, 2),
            Some((0, "ST. AGNES HOSPITAL - 4 EAST MED/SURG RENOVATION".into()))
        );
        let s = sheet(&[
            &["Instructions: enter one row per space"],
            &["Date", "2024-05-01"],
            &["Room", "Name", "Type"],
        ]);
        assert_eq!(title_above(&s, 2), None);
        assert_eq!(title_above(&s, 0), None);
        let s = sheet(&[&["Room Schedule"], &["Number", "Name"]]);
        assert_eq!(title_above(&s, 1), None);
    }
}
