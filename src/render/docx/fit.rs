//! Word table columns wide enough for what they hold: a column is never narrower than its longest
//! word, so a part id ("CABLE-RUNWAY"), a room number or a dollar figure is never broken across
//! lines; the width left over is shared as the table's builder weighed it. Measured for Calibri,
//! with room for a wider substitute face (LibreOffice without Calibri or Carlito sets DejaVu Sans,
//! about a fifth wider, and does not scale a Word table's widths to it).

use crate::render::text_width::calibri_px;
use docx_rs::{
    ParagraphChild, RunChild, TableCell, TableCellContent, TableRow, TableRowChild, WidthType,
};

/// Measured widths are scaled by this (in percent) for a wider substitute font.
const SLACK_PERCENT: usize = 125;
/// A cell's left and right margins together, in twips (Word's default is 108 each).
const CELL_MARGINS: usize = 230;
/// Table text is 9 pt unless a run says otherwise.
const DEFAULT_HALF_POINTS: usize = 18;

/// The widths for `rows`: `preferred` (summing to the table's width), widened where a column's
/// longest word needs more and narrowed elsewhere to make up for it.
pub fn fitted(rows: &[TableRow], preferred: &[usize]) -> Vec<usize> {
    let mut needed = vec![0usize; preferred.len()];
    for row in rows {
        for (col, TableRowChild::TableCell(cell)) in row.cells.iter().enumerate() {
            if let Some(need) = needed.get_mut(col) {
                *need = (*need).max(longest_word(cell));
            }
        }
    }
    // A column gives up at most half its width: an empty column to sign in stays usable.
    for (need, p) in needed.iter_mut().zip(preferred) {
        *need = (*need).max(p / 2);
    }
    share(preferred, &needed)
}

/// Gives each column its preferred width or what it needs, whichever is more, taking the
/// difference from the columns with room to spare in proportion to their spare room.
fn share(preferred: &[usize], needed: &[usize]) -> Vec<usize> {
    let total: usize = preferred.iter().sum();
    let short: usize = preferred
        .iter()
        .zip(needed)
        .map(|(p, n)| n.saturating_sub(*p))
        .sum();
    let spare: usize = preferred
        .iter()
        .zip(needed)
        .map(|(p, n)| p.saturating_sub(*n))
        .sum();
    if short == 0 || spare < short {
        // Nothing to do, or nothing to be done: the content cannot fit the page's width.
        return preferred.to_vec();
    }
    let mut widths: Vec<usize> = preferred
        .iter()
        .zip(needed)
        .map(|(p, n)| {
            if n >= p {
                *n
            } else {
                p - (p - n) * short / spare
            }
        })
        .collect();
    // Rounding leaves the sum a few twips off the table's width; the widest column absorbs it.
    let sum: usize = widths.iter().sum();
    if let Some(widest) = (0..widths.len()).max_by_key(|&i| widths[i]) {
        widths[widest] = (widths[widest] + total).saturating_sub(sum);
    }
    widths
}

/// The cell's longest word, in twips, with its margins.
fn longest_word(cell: &TableCell) -> usize {
    let mut widest = 0;
    for content in &cell.children {
        let TableCellContent::Paragraph(p) = content else {
            continue;
        };
        for child in &p.children {
            let ParagraphChild::Run(run) = child else {
                continue;
            };
            let bold = run.run_property.bold.is_some();
            // docx-rs keeps a run's size private but serializes it (in half-points).
            let half_points = run
                .run_property
                .sz
                .as_ref()
                .and_then(|sz| serde_json::to_value(sz).ok())
                .and_then(|v| v.as_u64())
                .map_or(DEFAULT_HALF_POINTS, |v| v as usize);
            for text in run.children.iter().filter_map(|c| match c {
                RunChild::Text(t) => Some(&t.text),
                _ => None,
            }) {
                for word in text.split_whitespace() {
                    widest = widest.max(twips(word, bold, half_points));
                }
            }
        }
    }
    if widest == 0 {
        0
    } else {
        widest + CELL_MARGINS
    }
}

/// A word's width at `half_points` size, in twips (15 to a pixel at 11 pt), with the slack.
fn twips(word: &str, bold: bool, half_points: usize) -> usize {
    let px = calibri_px(word) as usize * if bold { 110 } else { 100 } / 100;
    px * 15 * half_points / 22 * SLACK_PERCENT / 100
}

/// Sets every cell's width to its column's.
pub fn apply(rows: &mut [TableRow], widths: &[usize]) {
    for row in rows {
        for (col, TableRowChild::TableCell(cell)) in row.cells.iter_mut().enumerate() {
            if let Some(&width) = widths.get(col) {
                let taken = std::mem::take(cell);
                *cell = taken.width(width, WidthType::Dxa);
            }
        }
    }
}

/// Both steps on a table's rows, for `kit::table`.
pub fn fit_rows(rows: &mut [TableRow], preferred: &[usize]) -> Vec<usize> {
    let widths = fitted(rows, preferred);
    if widths != preferred {
        apply(rows, &widths);
    }
    widths
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::docx::kit::cell;

    #[test]
    fn a_column_is_widened_for_its_longest_word_and_the_others_give_way() {
        let preferred = vec![1000, 1000, 8080];
        let rows = vec![TableRow::new(vec![
            cell("1", 1000),
            cell("CABLE-RUNWAY", 1000),
            cell("Ladder rack cable runway over the rack", 8080),
        ])];
        let widths = fitted(&rows, &preferred);
        assert!(widths[1] >= twips("CABLE-RUNWAY", false, 18) + CELL_MARGINS);
        assert_eq!(widths.iter().sum::<usize>(), 10_080);
        assert!(widths[2] < 8080);
        assert!(
            widths[0] >= 500 && widths[0] < 1000,
            "a column gives at most half"
        );
    }

    #[test]
    fn content_too_wide_for_the_page_keeps_the_preferred_widths() {
        assert_eq!(share(&[100, 100], &[150, 150]), vec![100, 100]);
        assert_eq!(share(&[100, 100], &[50, 50]), vec![100, 100]);
    }
}
