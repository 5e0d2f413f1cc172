//! Turns the data rows under a header into rooms, collecting every problem on the way.

use super::cell::{Value, evaluate_constant_formula, format_number};
use super::header::Header;
use super::sheet::{RawRow, RawSheet};
use super::{BlankCounts, Room};
use crate::catalog::{Catalog, RoomType};
use crate::devices::{DeviceCounts, DeviceKind};
use crate::field::Field;
use crate::problem::Problem;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// What reading one sheet's rows gave.
pub struct SheetRooms {
    pub rooms: Vec<Room>,
    pub errors: Vec<Problem>,
    pub warnings: Vec<Problem>,
}

/// Problems one room list may collect before the rest is left unchecked: enough for any real
/// list, and a hostile one of a million bad rows is not reported row by row.
pub const MAX_PROBLEMS: usize = 1000;

/// `error_room` is how many more errors the list may take.
pub fn read_rooms(
    sheet: &RawSheet,
    header: &Header,
    catalog: &Catalog,
    error_room: usize,
) -> SheetRooms {
    let mut out = SheetRooms {
        rooms: Vec::new(),
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    let mut types = TypeMatcher {
        catalog,
        seen: HashMap::new(),
        unknown: Vec::new(),
        unknown_index: HashMap::new(),
        named: HashMap::new(),
    };
    for row in &sheet.rows[header.position + 1..] {
        if row.is_blank() || is_total_row(row, header) {
            continue;
        }
        if out.errors.len() + types.unknown.len() >= error_room {
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
        if let Some(room) = read_room(sheet, row, header, &mut types, &mut out) {
            out.rooms.push(room);
        }
    }
    // One problem per distinct unknown room type, naming every row it is written on.
    for unknown in types.unknown {
        let mut problem = Problem::cell(
            &sheet.name,
            unknown.rows[0],
            Some(unknown.column),
            format!(
                "{}; add it to the catalog (sowgen init writes one to edit)",
                unknown.message
            ),
        );
        if unknown.rows.len() > 1 {
            problem.rows = unknown.rows.iter().map(|r| r + 1).collect();
        }
        out.errors.push(problem);
    }
    if out.warnings.len() > MAX_PROBLEMS {
        let more = out.warnings.len() - MAX_PROBLEMS;
        out.warnings.truncate(MAX_PROBLEMS);
        out.warnings.push(Problem::sheet(
            &sheet.name,
            format!("{more} more warning(s) like those above"),
        ));
    }
    out
}

/// Room types as written, matched once each: a list writes the same few types on every row.
struct TypeMatcher<'c> {
    catalog: &'c Catalog,
    seen: HashMap<String, Result<&'c RoomType, String>>,
    /// Unknown types in order of first use, each with the rows it is written on.
    unknown: Vec<Unknown>,
    unknown_index: HashMap<String, usize>,
    /// Room name cores → the type the name is exactly, if any.
    named: HashMap<String, Option<&'c RoomType>>,
}

struct Unknown {
    message: String,
    column: u32,
    /// 0-based rows.
    rows: Vec<u32>,
}

impl<'c> TypeMatcher<'c> {
    /// Distinct unknown types that get a "closest" hint; each costs a comparison with every
    /// catalog name and alias.
    const HINTS: usize = 200;
    /// Longer text is not a room type anyone meant; it gets no hint.
    const HINT_CHARS: usize = 64;

    fn lookup(&mut self, written: &str) -> Result<&'c RoomType, String> {
        if let Some(found) = self.seen.get(written) {
            return found.clone();
        }
        let found = self.catalog.match_room_type(written).ok_or_else(|| {
            let hint = (self.seen.len() < Self::HINTS
                && written.chars().count() <= Self::HINT_CHARS)
                .then(|| self.catalog.closest_room_type(written))
                .flatten()
                .map(|c| format!(" (closest: {c})"))
                .unwrap_or_default();
            format!("unknown room type '{written}'{hint}")
        });
        self.seen.insert(written.to_string(), found.clone());
        found
    }

    /// The type a room's name is exactly, if any; cached per name core.
    fn named_by(&mut self, room_name: &str) -> Option<&'c RoomType> {
        let core = crate::catalog::name_core(room_name);
        if let Some(found) = self.named.get(&core) {
            return *found;
        }
        let found = self.catalog.type_named_by(room_name);
        if self.named.len() < 100_000 {
            self.named.insert(core, found);
        }
        found
    }

    /// Note an unknown type written at (row0, column); reported once per text after the sheet.
    fn note_unknown(&mut self, written: &str, message: String, row0: u32, column: u32) {
        let key = format!("{column}\u{0}{written}");
        match self.unknown_index.get(&key) {
            Some(&i) => self.unknown[i].rows.push(row0),
            None => {
                self.unknown_index.insert(key, self.unknown.len());
                self.unknown.push(Unknown {
                    message,
                    column,
                    rows: vec![row0],
                });
            }
        }
    }

    /// The room type a room's name implies, when the list has no room type column.
    fn infer(&mut self, room_name: &str) -> Result<&'c RoomType, String> {
        let key = format!("\u{0}name\u{0}{}", crate::catalog::name_core(room_name));
        if let Some(found) = self.seen.get(&key) {
            return found.clone();
        }
        let found = self.catalog.infer_room_type(room_name).ok_or_else(|| {
            let hint = (self.seen.len() < Self::HINTS
                && room_name.chars().count() <= Self::HINT_CHARS)
                .then(|| self.catalog.closest_room_type(room_name))
                .flatten()
                .map(|c| format!(" (closest: {c})"))
                .unwrap_or_default();
            format!(
                "the list has no room type column and the room name '{room_name}' names no catalog room type{hint}; \
                 add a room type column, or add the name to a room type's aliases in the catalog (sowgen init writes one to edit)"
            )
        });
        self.seen.insert(key, found.clone());
        found
    }
}

/// Subtotal and total rows: a "total" word anywhere on a row with no room number, or in the
/// room-number cell itself.
fn is_total_row(row: &RawRow, header: &Header) -> bool {
    let says_total = |v: &Value| {
        v.as_text().is_some_and(|t| {
            crate::text::normalize(&t)
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
    types: &mut TypeMatcher<'_>,
    out: &mut SheetRooms,
) -> Option<Room> {
    let cells = RowCells { sheet, row, header };
    // Hardening (issue 13): a room's text is bounded, as its counts are.
    if let Some(message) = super::room_text::too_long(row, header) {
        out.errors.push(cells.problem(None, message));
        return None;
    }
    let number = room_number(&cells, out)?;
    let typed = room_type(&cells, types, out);
    let counts = read_counts(&cells, out);
    let area = read_area(&cells, out);
    let (room_type, inferred) = typed?;
    let (counts, blank) = counts?;
    if !inferred {
        contradicting_name(&cells, room_type, types, out);
    }
    let (counts, blank) = standard_counts(&cells, room_type, counts, blank, out);
    Some(Room {
        sheet: sheet.name.clone(),
        row: row.index + 1,
        number,
        name: cells.text(Field::RoomName).unwrap_or_default(),
        room_type: room_type.name.clone(),
        department: cells.text(Field::Department),
        floor: cells.text(Field::Floor),
        building: cells.text(Field::Building),
        idf: cells.text(Field::Idf),
        area_sf: area,
        notes: cells.text(Field::Notes),
        counts,
        blank_counts: blank,
        type_inferred: inferred,
        excluded: !room_type.it_scope,
    })
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
    if has_words {
        let column = cells.header.column(Field::RoomNumber);
        out.errors
            .push(cells.problem(column, "room number is blank"));
    } else {
        out.warnings
            .push(cells.problem(None, "row has no room number, room name or type; skipped"));
    }
    None
}

/// The room's catalog type, and whether it was inferred from the name (no type column).
fn room_type<'c>(
    cells: &RowCells,
    types: &mut TypeMatcher<'c>,
    out: &mut SheetRooms,
) -> Option<(&'c RoomType, bool)> {
    let Some(col) = cells.header.column(Field::RoomType) else {
        // No type column (a Revit schedule): the type is inferred from the room's name.
        let name_col = cells.header.column(Field::RoomName);
        let Some(room_name) = cells.text(Field::RoomName) else {
            out.errors.push(cells.problem(
                name_col,
                "room name is blank, and the list has no room type column to type the room by",
            ));
            return None;
        };
        return match types.infer(&room_name) {
            Ok(t) => Some((t, true)),
            Err(message) => {
                out.errors.push(cells.problem(name_col, message));
                None
            }
        };
    };
    let Some(written) = cells.row.get(col).as_text() else {
        out.errors
            .push(cells.problem(Some(col), "room type is blank"));
        return None;
    };
    match types.lookup(&written) {
        Ok(t) => Some((t, false)),
        Err(message) => {
            types.note_unknown(&written, message, cells.row.index, col);
            None
        }
    }
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

/// A designer's tag can be wrong (a COMM ROOM tagged Office): the type as given is priced, but a
/// name that is exactly another type's name or alias is pointed out.
fn contradicting_name(
    cells: &RowCells,
    room_type: &RoomType,
    types: &mut TypeMatcher<'_>,
    out: &mut SheetRooms,
) {
    if let Some(room_name) = cells.text(Field::RoomName)
        && let Some(named) = types.named_by(&room_name)
        && named.name != room_type.name
    {
        out.warnings.push(cells.problem(
            cells.header.column(Field::RoomType),
            format!(
                "the room name '{room_name}' says {}, but its room type is {}; priced as {} (correct the type if the name is right)",
                named.name, room_type.name, room_type.name
            ),
        ));
    }
}

/// Blank counts filled from the room type's standard; a space with no IT scope gets none.
fn standard_counts(
    cells: &RowCells,
    room_type: &RoomType,
    mut counts: DeviceCounts,
    mut blank: BlankCounts,
    out: &mut SheetRooms,
) -> (DeviceCounts, BlankCounts) {
    if !room_type.it_scope {
        // No IT scope: whatever the list says, nothing is built here.
        if counts != DeviceCounts::default() {
            out.warnings.push(cells.problem(
                None,
                format!(
                    "room type {} carries no IT scope; the counts given are ignored (give the room an IT room type to build them)",
                    room_type.name
                ),
            ));
        }
        counts = DeviceCounts::default();
        blank = BlankCounts::default();
    }
    for kind in blank.iter() {
        counts[kind] = room_type.standard[kind];
    }
    (counts, blank)
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
