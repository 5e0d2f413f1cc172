//! A problem found in an input, located the way Excel shows it.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub sheet: Option<String>,
    /// 1-based, as Excel shows rows.
    pub row: Option<u32>,
    /// A column letter, as Excel shows columns.
    pub column: Option<String>,
    pub message: String,
    /// Every row the same problem occurs on, when it is more than one (an unknown room type
    /// written on forty rows is one problem); `row` is the first of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<u32>,
}

impl Problem {
    /// A problem with the whole file.
    pub fn file(message: impl Into<String>) -> Problem {
        Problem {
            sheet: None,
            row: None,
            column: None,
            message: message.into(),
            rows: Vec::new(),
        }
    }

    pub fn sheet(sheet: &str, message: impl Into<String>) -> Problem {
        Problem {
            sheet: Some(sheet.to_string()),
            ..Problem::file(message)
        }
    }

    /// `row0` and `col0` are 0-based, as readers count them.
    pub fn cell(sheet: &str, row0: u32, col0: Option<u32>, message: impl Into<String>) -> Problem {
        Problem {
            sheet: Some(sheet.to_string()),
            row: Some(row0 + 1),
            column: col0.map(column_letter),
            message: message.into(),
            rows: Vec::new(),
        }
    }
}

impl fmt::Display for Problem {
    /// `sheet Rooms, row 6, column F: message`, leaving out what is not known.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut place = Vec::new();
        if let Some(sheet) = &self.sheet {
            place.push(format!("sheet {sheet}"));
        }
        if self.rows.len() > 1 {
            place.push(rows_text(&self.rows));
        } else if let Some(row) = self.row {
            place.push(format!("row {row}"));
        }
        if let Some(column) = &self.column {
            place.push(format!("column {column}"));
        }
        if place.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", place.join(", "), self.message)
        }
    }
}

/// `rows 5, 9, 12 and 37 more` (or every row, when there are few).
fn rows_text(rows: &[u32]) -> String {
    const SHOWN: usize = 3;
    let list = |rows: &[u32]| {
        rows.iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    match rows.len() {
        n if n <= SHOWN + 1 => {
            let (last, first) = rows.split_last().expect("more than one row");
            format!("rows {} and {last}", list(first))
        }
        n => format!("rows {} and {} more", list(&rows[..SHOWN]), n - SHOWN),
    }
}

/// A problem with a returned bid form: the file, the cells it is in (`'Bid Form'!F19`), what is
/// wrong. A form with one is refused whole; a warning is reported and the form still leveled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormProblem {
    pub file: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cells: Vec<String>,
    pub message: String,
}

impl fmt::Display for FormProblem {
    /// `bids/acme.xlsx, 'Bid Form'!F19: the quantity was changed from 120 to 100`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if !self.cells.is_empty() {
            write!(f, ", {}", self.cells.join(", "))?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Excel's column letters for a 0-based column: 0 → A, 25 → Z, 26 → AA.
pub fn column_letter(col0: u32) -> String {
    let mut n = col0 as u64 + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_match_excel() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(5), "F");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(16383), "XFD");
    }

    #[test]
    fn displays_in_the_spec_form() {
        let p = Problem::cell("Rooms", 5, Some(5), "unknown room type 'X'");
        assert_eq!(
            p.to_string(),
            "sheet Rooms, row 6, column F: unknown room type 'X'"
        );
        let p = Problem::cell("Rooms", 7, None, "room number already used on row 7");
        assert_eq!(
            p.to_string(),
            "sheet Rooms, row 8: room number already used on row 7"
        );
        assert_eq!(Problem::file("bad").to_string(), "bad");
    }
}
