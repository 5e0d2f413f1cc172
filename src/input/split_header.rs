//! Headings written over two rows ("Room" above "No.", "Data" above "Drops", "Tele-" above
//! "phones"), read as one heading per column.

use super::cell::Value;
use super::sheet::RawRow;

/// The two rows' texts joined column by column, as the lower row (where the data starts under).
/// A word broken with a hyphen at the end of the upper cell is joined without a space.
pub fn joined(upper: &RawRow, lower: &RawRow) -> Option<RawRow> {
    // A row of numbers is data, not the second line of a heading.
    if lower.cells.iter().any(|c| matches!(c, Value::Number(_))) {
        return None;
    }
    let width = upper.cells.len().max(lower.cells.len());
    let cells = (0..width as u32)
        .map(|col| {
            let (top, bottom) = (upper.get(col).as_text(), lower.get(col).as_text());
            match (top, bottom) {
                (Some(t), Some(b)) if t.ends_with('-') => {
                    Value::Text(format!("{}{b}", t.trim_end_matches('-')))
                }
                (Some(t), Some(b)) => Value::Text(format!("{t} {b}")),
                (Some(only), None) | (None, Some(only)) => Value::Text(only),
                (None, None) => Value::Empty,
            }
        })
        .collect();
    Some(RawRow {
        index: lower.index,
        cells,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(index: u32, cells: &[&str]) -> RawRow {
        let cells = cells
            .iter()
            .map(|c| match c.parse::<f64>() {
                Ok(n) => Value::Number(n),
                Err(_) if c.is_empty() => Value::Empty,
                Err(_) => Value::Text(c.to_string()),
            })
            .collect();
        RawRow { index, cells }
    }

    #[test]
    fn joins_the_two_lines_of_each_heading() {
        let upper = row(0, &["Room", "Room", "Data", "Tele-", ""]);
        let lower = row(1, &["No.", "Name", "Drops", "phones", "WAP"]);
        let joined = joined(&upper, &lower).unwrap();
        let texts: Vec<String> = joined.cells.iter().filter_map(Value::as_text).collect();
        assert_eq!(
            texts,
            ["Room No.", "Room Name", "Data Drops", "Telephones", "WAP"]
        );
        assert_eq!(joined.index, 1);
    }

    #[test]
    fn a_row_of_numbers_is_data() {
        let upper = row(0, &["Room", "Data"]);
        assert!(joined(&upper, &row(1, &["101", "4"])).is_none());
    }
}
