//! CSV room lists: UTF-8 with or without a byte-order mark, comma, semicolon or tab separated.

use super::cell::Value;
use super::sheet::{Budget, MAX_COLUMNS, MAX_ROWS, RawSheet, SheetBuilder};
use crate::problem::Problem;

/// The sheet name CSV problems are reported under.
pub const CSV_SHEET: &str = "CSV";

pub fn load(bytes: &[u8], warnings: &mut Vec<Problem>) -> Result<RawSheet, Problem> {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let delimiter = guess_delimiter(text);
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
        newlines += text[counted..start].iter().filter(|&&b| b == b'\n').count();
        counted = start;
        let index = u32::try_from(newlines).unwrap_or(u32::MAX);
        if index >= MAX_ROWS {
            // Rows come in order: nothing further down is read. One push records that.
            sheet.push(index, 0, Value::Text("…".to_string()))?;
            break;
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

/// The separator that splits the first lines most consistently into more than one field.
fn guess_delimiter(text: &[u8]) -> u8 {
    let head: Vec<&[u8]> = text.split(|&b| b == b'\n').take(10).collect();
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
}
