//! Turns the data rows under a header into rooms, collecting every problem on the way.

use super::cell::{Value, evaluate_constant_formula, format_number};
use super::header::Header;
use super::sheet::{RawRow, RawSheet};
use super::{BlankCounts, Room};
use crate::catalog::resolve_text::is_placeholder;
use crate::devices::{DeviceCounts, DeviceKind};
use crate::field::Field;
use crate::problem::Problem;
use crate::resolution::{Resolution, Untyped};
use rust_decimal::Decimal;

/// What reading one sheet's rows gave.
pub struct SheetRooms {
    pub rooms: Vec<Room>,
    pub errors: Vec<Problem>,
    pub warnings: Vec<Problem>,
}

/// Problems one room list may collect before the rest is left unchecked: enough for any real
/// list, and a hostile one of a million bad rows is not reported row by row.
pub const MAX_PROBLEMS: usize = 1000;

/// `error_room` is how many more errors the list may take. Rooms come back untyped: the
/// resolution pass (`resolve`) types them once the whole list is read.
pub fn read_rooms(sheet: &RawSheet, header: &Header, error_room: usize) -> SheetRooms {
    let mut out = SheetRooms {
        rooms: Vec::new(),
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    let header_words = super::template::header_words(sheet, header);
    for row in &sheet.rows[header.position + 1..] {
        if row.is_blank() || is_total_row(row, header) {
            continue;
        }
        if let Some(reason) = super::template::not_a_room(row, header, &header_words) {
            out.warnings.push(Problem::cell(
                &sheet.name,
                row.index,
                None,
                format!("{reason}; skipped"),
            ));
            continue;
        }
        if out.errors.len() >= error_room {
            out.errors.push(Problem::cell(
                &sheet.name,
                row.index,
                None,
                format!(
                    "more than {MAX_PROBLEMS} problems; this row and those below were not checked"
                ),
            ));
            break;
        }
        if let Some(room) = read_room(sheet, row, header, &mut out) {
            out.rooms.push(room);
        }
    }
    if out.warnings.len() > MAX_PROBLEMS {
        let more = out.warnings.len() - MAX_PROBLEMS;
        out.warnings.truncate(MAX_PROBLEMS);
        out.warnings.push(Problem::sheet(
            &sheet.name,
            format!(
                "{} like those above",
                crate::text::counted(more, "more warning")
            ),
        ));
    }
    out
}

/// Subtotal and total rows: a "total" word anywhere on a row with no room number, or in the
/// room-number cell itself.
fn is_total_row(row: &RawRow, header: &Header) -> bool {
    let says_total = |v: &Value| {
        v.as_text().is_some_and(|t| {
            // Only ASCII letters lower-case to "total": most cells need no normalising.
            t.as_bytes()
                .windows(5)
                .any(|w| w.eq_ignore_ascii_case(b"total"))
                && crate::text::normalize(&t)
                    .split(' ')
                    .any(|w| w == "total" || w == "subtotal" || w == "totals")
        })
    };
    let number_col = header
        .column(Field::RoomNumber)
        .expect("a header has a room number column");
    let number = row.get(number_col);
    says_total(number) || (number.is_empty() && row.cells.iter().any(says_total))
}

/// The cells of one data row, by field.
struct RowCells<'r> {
    sheet: &'r RawSheet,
    row: &'r RawRow,
    header: &'r Header,
}

impl RowCells<'_> {
    fn text(&self, field: Field) -> Option<String> {
        self.header
            .column(field)
            .and_then(|c| self.row.get(c).as_text())
    }

    fn problem(&self, column: Option<u32>, message: impl Into<String>) -> Problem {
        Problem::cell(&self.sheet.name, self.row.index, column, message)
    }
}

fn read_room(
    sheet: &RawSheet,
    row: &RawRow,
    header: &Header,
    out: &mut SheetRooms,
) -> Option<Room> {
    let cells = RowCells { sheet, row, header };
    // Hardening (issue 13): a room's text is bounded, as its counts are.
    if let Some(message) = super::room_text::too_long(row, header) {
        out.errors.push(cells.problem(None, message));
        return None;
    }
    let number = room_number(&cells, out)?;
    let counts = read_counts(&cells, out);
    let area = read_area(&cells, out);
    let (counts, blank) = counts?;
    let name = room_name(&cells, &number);
    Some(Room {
        sheet: sheet.name.clone(),
        row: row.index + 1,
        number,
        name,
        room_type: String::new(),
        type_given: cells.text(Field::RoomType),
        department: cells.text(Field::Department),
        floor: cells.text(Field::Floor),
        building: cells.text(Field::Building),
        idf: cells.text(Field::Idf),
        area_sf: area,
        notes: cells.text(Field::Notes),
        counts,
        blank_counts: blank,
        // Decided by the resolution pass once the whole list is read.
        resolution: Resolution::Unclassified {
            why: Untyped::Blank,
            suggestion: None,
        },
        name_says: None,
        model_counts: BlankCounts::default(),
        excluded: false,
    })
}

/// The room's name; where it is blank or a placeholder and the header names a fallback (COBie's
/// RoomTag), the fallback less the room number it carries ("Janitor 20BOH.07" → "Janitor").
fn room_name(cells: &RowCells, number: &str) -> String {
    let written = cells.text(Field::RoomName);
    let says_nothing = written.as_deref().is_none_or(is_placeholder);
    if says_nothing
        && let Some(tag) = cells
            .header
            .name_fallback
            .and_then(|c| cells.row.get(c).as_text())
    {
        let without_number = tag.replace(number, " ");
        let name = crate::resolution::name_less_number(&without_number);
        let has_letters = name.chars().any(char::is_alphabetic);
        if has_letters && !is_placeholder(&name) {
            return name;
        }
    }
    written.unwrap_or_default()
}

/// The room number; a row with none is reported (an error when it has words, else skipped).
fn room_number(cells: &RowCells, out: &mut SheetRooms) -> Option<String> {
    if let Some(number) = cells.text(Field::RoomNumber) {
        return Some(number);
    }
    // A row with words but no room number would be silently lost: report it.
    let has_words = [Field::RoomName, Field::RoomType]
        .into_iter()
        .any(|f| cells.text(f).is_some());
    if let Some(note) = note_text(cells.row) {
        out.warnings.push(cells.problem(
            None,
            format!(
                "'{note}' has no room number and no counts: read as a note, not a room; skipped"
            ),
        ));
    } else if has_words {
        let column = cells.header.column(Field::RoomNumber);
        out.errors
            .push(cells.problem(column, "room number is blank"));
    } else {
        out.warnings
            .push(cells.problem(None, "row has no room number, room name or type; skipped"));
    }
    None
}

/// The text of a row that is a note under the list (`Notes: counts per DD drawings`, `* by
/// owner`): one cell of text that reads as a sentence or says it is a note. A lone short name
/// ("Exam 5") is not one: a room that lost its number is an error, not a note.
fn note_text(row: &RawRow) -> Option<String> {
    let mut texts = row.cells.iter().filter_map(Value::as_text);
    let text = texts.next()?;
    if texts.next().is_some() {
        return None;
    }
    let lower = text.to_lowercase();
    let says_note = ["note", "legend", "key:", "*", "(", "source", "per ", "see "]
        .iter()
        .any(|p| lower.starts_with(p));
    let sentence = crate::text::normalize(&text).split(' ').count() >= 4;
    (says_note || sentence).then_some(text)
}

/// The device counts given, and the kinds left blank; `None` when a count is not a count.
fn read_counts(cells: &RowCells, out: &mut SheetRooms) -> Option<(DeviceCounts, BlankCounts)> {
    let mut counts = DeviceCounts::default();
    let mut blank = BlankCounts::default();
    let mut ok = true;
    for kind in DeviceKind::ALL {
        let Some(col) = cells.header.column(Field::Device(kind)) else {
            blank.insert(kind);
            continue;
        };
        match parse_count(cells.row.get(col)) {
            Ok(Some(n)) => {
                counts[kind] = n;
                if let Some(word) = as_word(cells.row.get(col)) {
                    out.warnings
                        .push(cells.problem(Some(col), format!("count '{word}' read as {n}")));
                }
            }
            Ok(None) => blank.insert(kind),
            Err(message) => {
                out.errors.push(cells.problem(Some(col), message));
                ok = false;
            }
        }
    }
    ok.then_some((counts, blank))
}

/// The area in square feet; an unreadable area is a warning, not a reason to drop the room.
fn read_area(cells: &RowCells, out: &mut SheetRooms) -> Option<Decimal> {
    let col = cells.header.column(Field::Area)?;
    match parse_area(cells.row.get(col), cells.header.area_metric) {
        Ok(area) => area,
        Err(message) => {
            out.warnings.push(cells.problem(Some(col), message));
            None
        }
    }
}

/// A device count: `Ok(None)` when blank, an error message when it is not a whole number ≥ 0.
pub fn parse_count(value: &Value) -> Result<Option<u32>, String> {
    let invalid = |found: &str| format!("count must be a whole number >= 0, found {found}");
    let number = match value {
        Value::Empty => return Ok(None),
        Value::Number(n) => *n,
        Value::Bool(b) => return Err(invalid(if *b { "TRUE" } else { "FALSE" })),
        Value::Error(e) => return Err(format!("the cell holds the error {e}, not a count")),
        Value::Formula(f) => match evaluate_constant_formula(f) {
            Some(n) => n,
            None => {
                return Err(format!(
                    "the formula '={f}' was saved without its result; open and save the file in Excel, or type the count"
                ));
            }
        },
        Value::Text(t) => {
            let t = t.trim();
            if t.is_empty() {
                return Ok(None);
            }
            if let Some(n) = t.parse::<f64>().ok().filter(|n| n.is_finite()) {
                n
            } else if let Some(f) = t.strip_prefix('=') {
                evaluate_constant_formula(f).ok_or_else(|| invalid(&format!("'{t}'")))?
            } else if let Some(n) = number_word(t) {
                f64::from(n)
            } else {
                return Err(invalid(&format!("'{t}'")));
            }
        }
    };
    if number < 0.0 || number.fract() != 0.0 {
        return Err(invalid(&format_number(number)));
    }
    // Hardening (issue 13): a stated maximum per room keeps every total exact.
    if number > f64::from(crate::limits::MAX_DEVICE_COUNT) {
        return Err(format!(
            "count must be at most {} devices of a kind in one room, found {}",
            crate::limits::MAX_DEVICE_COUNT,
            format_number(number)
        ));
    }
    Ok(Some(number as u32))
}

/// The cell's text where it gives a count as a word ("two"), for a warning.
fn as_word(value: &Value) -> Option<&str> {
    match value {
        Value::Text(t) if number_word(t).is_some() => Some(t.trim()),
        _ => None,
    }
}

/// Small counts written out as words, as people do type them ("two", "None").
fn number_word(text: &str) -> Option<u32> {
    const WORDS: [&str; 21] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    let word = crate::text::normalize(text);
    if word == "none" {
        return Some(0);
    }
    WORDS.iter().position(|w| *w == word).map(|n| n as u32)
}

/// Square feet in a square metre.
const SQ_FT_PER_SQ_M: f64 = 10.763_910_416_7;

/// An area in square feet: `metric` says the column is in square metres, and a text cell may
/// say so itself (`14.2 m²`, as Revit writes areas); square metres are converted, to 0.1 sq ft.
fn parse_area(value: &Value, metric: bool) -> Result<Option<Decimal>, String> {
    let mut metric = metric;
    let number = match value {
        Value::Empty => return Ok(None),
        Value::Number(n) => *n,
        Value::Text(t) => {
            let lower = t.to_lowercase();
            if lower.contains("ft") || lower.contains("sf") {
                metric = false;
            } else if lower.contains('²') || lower.contains("m2") || lower.contains("sq m") {
                metric = true;
            }
            let t = &t
                .replace(['²', ','], "")
                .replace("m2", "")
                .replace("M2", "");
            let cleaned: String = t
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            if cleaned.is_empty() {
                return Err(format!("area '{}' is not a number; left blank", t.trim()));
            }
            cleaned
                .parse()
                .map_err(|_| format!("area '{}' is not a number; left blank", t.trim()))?
        }
        other => {
            return Err(format!(
                "area '{}' is not a number; left blank",
                other.as_text().unwrap_or_default()
            ));
        }
    };
    if metric {
        let sq_ft = (number * SQ_FT_PER_SQ_M * 10.0).round() / 10.0;
        return Ok(format_number(sq_ft).parse::<Decimal>().ok());
    }
    Ok(format_number(number).parse::<Decimal>().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_accept_numbers_text_and_constant_formulas() {
        assert_eq!(parse_count(&Value::Number(4.0)), Ok(Some(4)));
        assert_eq!(parse_count(&Value::Text(" 2 ".into())), Ok(Some(2)));
        assert_eq!(parse_count(&Value::Formula("4+2".into())), Ok(Some(6)));
        assert_eq!(parse_count(&Value::Empty), Ok(None));
        assert_eq!(
            parse_count(&Value::Number(1.5)),
            Err("count must be a whole number >= 0, found 1.5".into())
        );
        assert_eq!(
            parse_count(&Value::Number(-3.0)),
            Err("count must be a whole number >= 0, found -3".into())
        );
        assert!(
            parse_count(&Value::Formula("SUM(A1:A3)".into()))
                .unwrap_err()
                .contains("saved without its result")
        );
        assert_eq!(parse_count(&Value::Text("two".into())), Ok(Some(2)));
        assert_eq!(parse_count(&Value::Text(" Twelve ".into())), Ok(Some(12)));
        assert_eq!(parse_count(&Value::Text("none".into())), Ok(Some(0)));
        assert_eq!(
            parse_count(&Value::Text("a few".into())),
            Err("count must be a whole number >= 0, found 'a few'".into())
        );
    }
}
