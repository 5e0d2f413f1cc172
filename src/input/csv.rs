//! CSV room lists: UTF-8 with or without a byte-order mark, comma, semicolon or tab separated.

use super::cell::Value;
use super::sheet::{Budget, MAX_COLUMNS, MAX_ROWS, RawSheet, SheetBuilder};
use crate::problem::Problem;

/// The sheet name CSV problems are reported under.
pub const CSV_SHEET: &str = "CSV";

pub fn load(bytes: &[u8], warnings: &mut Vec<Problem>) -> Result<RawSheet, Problem> {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let delimiter = guess_delimiter(text);
    check_fields(text, delimiter)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text);
    let mut budget = Budget::default();
    let mut sheet = SheetBuilder::new(CSV_SHEET, &mut budget);
    let mut record = csv::ByteRecord::new();
    let (mut counted, mut newlines) = (0usize, 0usize);
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line().saturating_sub(1));
                let line = u32::try_from(line).unwrap_or(u32::MAX);
                return Err(Problem::cell(
                    CSV_SHEET,
                    line,
                    None,
                    format!("the CSV cannot be read: {e}"),
                ));
            }
        }
        // Rows are numbered by the line they start on, as a spreadsheet opening the file shows
        // them (the parser itself passes over blank lines): count newlines up to the record,
        // whose recorded start can sit on the blank lines before it.
        let mut start = record
            .position()
            .map_or(0, |p| p.byte() as usize)
            .min(text.len());
        while matches!(text.get(start), Some(b'\n' | b'\r')) {
            start += 1;
        }
        newlines += line_breaks(&text[counted..start]);
        counted = start;
        let index = u32::try_from(newlines).unwrap_or(u32::MAX);
        if index >= MAX_ROWS {
            // Refused whole: a shorter list would be a wrong one.
            return Err(Problem::cell(
                CSV_SHEET,
                index,
                None,
                format!("the CSV has more than {MAX_ROWS} lines, more than a spreadsheet holds"),
            ));
        }
        // One column past the limit is enough for the sheet to warn that it ignored some.
        for (col, field) in record.iter().take(MAX_COLUMNS as usize + 1).enumerate() {
            if field.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let text = String::from_utf8_lossy(field).into_owned();
            sheet.push(index, col as u32, Value::Text(text))?;
        }
    }
    Ok(sheet.finish(warnings))
}

/// Line breaks as the CSV parser (and a spreadsheet) counts them: LF, CRLF, or a lone CR (old Mac
/// exports), each one break.
fn line_breaks(text: &[u8]) -> usize {
    text.iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && text.get(i + 1) != Some(&b'\n')))
        .count()
}

/// Fields in one record, at most: the parser keeps every field's bounds of a record at once,
/// so one line of a hundred million commas would take gigabytes.
pub const MAX_FIELDS: usize = 4096;

/// Refuses a record of more than [`MAX_FIELDS`] fields before the parser sees it, counting fields
/// as the parser splits them (a quote opens a quoted field only at a field's start).
fn check_fields(text: &[u8], delimiter: u8) -> Result<(), Problem> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Start,
        Plain,
        Quoted,
        QuoteInQuoted,
    }
    let (mut state, mut fields, mut line) = (State::Start, 1usize, 0usize);
    for (i, &b) in text.iter().enumerate() {
        let ends_line = b == b'\n' || (b == b'\r' && text.get(i + 1) != Some(&b'\n'));
        if ends_line {
            line += 1;
        }
        state = match (state, b) {
            (State::Quoted, b'"') => State::QuoteInQuoted,
            (State::Quoted, _) => State::Quoted,
            (State::QuoteInQuoted, b'"') => State::Quoted,
            (State::Start, b'"') => State::Quoted,
            (_, d) if d == delimiter => {
                fields += 1;
                if fields > MAX_FIELDS {
                    return Err(Problem::cell(
                        CSV_SHEET,
                        u32::try_from(line).unwrap_or(u32::MAX),
                        None,
                        format!("a line has more than {MAX_FIELDS} fields; it is not a room list"),
                    ));
                }
                State::Start
            }
            (_, b'\n' | b'\r') => {
                fields = 1;
                State::Start
            }
            _ => State::Plain,
        };
    }
    Ok(())
}

/// The separator that splits the first lines most consistently into more than one field.
fn guess_delimiter(text: &[u8]) -> u8 {
    let head: Vec<&[u8]> = text
        .split(|&b| b == b'\n' || b == b'\r')
        .filter(|l| !l.is_empty())
        .take(10)
        .collect();
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|&d| {
            head.iter()
                .map(|line| line.iter().filter(|&&b| b == d).count())
                .max()
        })
        .unwrap_or(b',')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_semicolons_and_a_byte_order_mark() {
        let sheet = load(
            "\u{FEFF}Room;Type;Data\n1-101;Office;4\n\n1-102;\"Exam; A\";2\n".as_bytes(),
            &mut Vec::new(),
        )
        .unwrap();
        assert_eq!(sheet.rows.len(), 3);
        assert_eq!(sheet.rows[0].get(0), &Value::Text("Room".into()));
        assert_eq!(sheet.rows[2].index, 3);
        assert_eq!(sheet.rows[2].get(1), &Value::Text("Exam; A".into()));
    }

    #[test]
    fn reads_lone_carriage_returns_as_line_ends() {
        let sheet = load(
            b"Room,Type\r1-101,Office\r\r1-102,Exam Room\r",
            &mut Vec::new(),
        )
        .unwrap();
        assert_eq!(sheet.rows.len(), 3);
        assert_eq!(sheet.rows[1].index, 1);
        assert_eq!(sheet.rows[2].index, 3);
        assert_eq!(sheet.rows[2].get(1), &Value::Text("Exam Room".into()));
    }

    #[test]
    fn refuses_a_record_of_too_many_fields() {
        let line = format!("Room,Type\n1,{}\n", ",".repeat(MAX_FIELDS));
        let problem = load(line.as_bytes(), &mut Vec::new()).unwrap_err();
        assert_eq!(problem.row, Some(2), "{problem:?}");
        // Commas inside quotes are one field's text.
        let quoted = format!("Room,Type\n1,\"{}\"\n", ",".repeat(MAX_FIELDS));
        assert!(load(quoted.as_bytes(), &mut Vec::new()).is_ok());
        // A quote inside a plain field does not open a quoted field.
        let sly = format!("Room,Type\n1,a\"{}\n", ",".repeat(MAX_FIELDS));
        assert!(load(sly.as_bytes(), &mut Vec::new()).is_err());
    }
}
