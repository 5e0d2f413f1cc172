//! Plain sheets of cell values, as every format's loader produces them, collected within fixed
//! limits so no file can make the reader hold more than a room list needs.

use super::cell::Value;
use crate::problem::Problem;

/// No room list has more columns than this; cells further right are ignored with a warning.
pub const MAX_COLUMNS: u32 = 256;
/// Rows of one sheet: Excel's own grid. A cell a file places further down (no spreadsheet can
/// show it) is ignored with a warning; rooms are bounded by the room limit, never by cutting
/// a sheet short.
pub const MAX_ROWS: u32 = 1_048_576;
/// Cells holding something, over the whole workbook: a campus of 20,000 rooms with 40 columns
/// is 800,000. Past this the file is refused rather than held in memory.
pub const MAX_CELLS: u64 = 2_000_000;
/// Cells of any kind (empty and ignored ones too) a reader may hand over before the file is
/// refused: bounds the time spent on a file of nothing but empty cells.
pub const MAX_CELLS_SEEN: u64 = 5_000_000;
/// Bytes of text over the whole workbook.
pub const MAX_TEXT_BYTES: u64 = 64 * 1024 * 1024;

/// What the sheets read so far have used of the workbook's limits.
#[derive(Debug, Default)]
pub struct Budget {
    cells: u64,
    seen: u64,
    text: u64,
}

/// One sheet as rows of values; rows that hold nothing are left out.
#[derive(Debug, Clone, Default)]
pub struct RawSheet {
    pub name: String,
    pub rows: Vec<RawRow>,
}

#[derive(Debug, Clone)]
pub struct RawRow {
    /// 0-based row index in the sheet.
    pub index: u32,
    pub cells: Vec<Value>,
}

impl RawRow {
    pub fn get(&self, col: u32) -> &Value {
        self.cells.get(col as usize).unwrap_or(&Value::Empty)
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(Value::is_empty)
    }
}

/// Collects cells in reading order into rows, enforcing the limits.
pub struct SheetBuilder<'b> {
    sheet: RawSheet,
    cells_ignored: u64,
    out_of_order: bool,
    budget: &'b mut Budget,
}

impl<'b> SheetBuilder<'b> {
    pub fn new(name: &str, budget: &'b mut Budget) -> SheetBuilder<'b> {
        SheetBuilder {
            sheet: RawSheet {
                name: name.to_string(),
                rows: Vec::new(),
            },
            cells_ignored: 0,
            out_of_order: false,
            budget,
        }
    }

    fn refuse(&self, what: String) -> Problem {
        Problem::sheet(
            &self.sheet.name,
            format!("the file is too large to read: {what}"),
        )
    }

    pub fn push(&mut self, row: u32, col: u32, value: Value) -> Result<(), Problem> {
        self.budget.seen += 1;
        if self.budget.seen > MAX_CELLS_SEEN {
            return Err(self.refuse(format!("more than {MAX_CELLS_SEEN} cells")));
        }
        if value.is_empty() {
            return Ok(());
        }
        if row >= MAX_ROWS || col >= MAX_COLUMNS {
            self.cells_ignored += 1;
            return Ok(());
        }
        self.budget.cells += 1;
        if self.budget.cells > MAX_CELLS {
            return Err(self.refuse(format!("more than {MAX_CELLS} cells with values")));
        }
        if let Value::Text(t) | Value::Formula(t) | Value::Error(t) = &value {
            // Excel's own limit: a cell the package could not write back is refused here, so
            // check and build agree.
            if t.len() > crate::limits::MAX_CELL_CHARS
                && t.chars().count() > crate::limits::MAX_CELL_CHARS
            {
                return Err(Problem::cell(
                    &self.sheet.name,
                    row,
                    Some(col),
                    format!(
                        "the cell holds {} characters, more than the {} a spreadsheet cell holds",
                        t.chars().count(),
                        crate::limits::MAX_CELL_CHARS
                    ),
                ));
            }
            self.budget.text += t.len() as u64;
            if self.budget.text > MAX_TEXT_BYTES {
                return Err(self.refuse(format!(
                    "more than {} MB of text",
                    MAX_TEXT_BYTES / (1024 * 1024)
                )));
            }
        }
        let rows = &mut self.sheet.rows;
        match rows.last_mut() {
            Some(last) if last.index == row => set(&mut last.cells, col, value),
            last => {
                // Formats allow cells out of row order (rare in practice); sorting once at the
                // end keeps a hostile order from costing a shift of every row per cell.
                self.out_of_order |= last.is_some_and(|last| last.index > row);
                let mut cells = Vec::new();
                set(&mut cells, col, value);
                rows.push(RawRow { index: row, cells });
            }
        }
        Ok(())
    }

    pub fn finish(mut self, warnings: &mut Vec<Problem>) -> RawSheet {
        if self.out_of_order {
            self.sheet.rows = merge_rows(std::mem::take(&mut self.sheet.rows));
        }
        if self.cells_ignored > 0 {
            warnings.push(Problem::sheet(
                &self.sheet.name,
                format!(
                    "{} beyond column {} or row {} {} ignored",
                    crate::text::counted(self.cells_ignored as usize, "cell"),
                    crate::problem::column_letter(MAX_COLUMNS - 1),
                    MAX_ROWS,
                    if self.cells_ignored == 1 {
                        "was"
                    } else {
                        "were"
                    }
                ),
            ));
        }
        self.sheet
    }
}

/// Rows in sheet order, one per index; where a cell was given twice the later one wins.
fn merge_rows(mut rows: Vec<RawRow>) -> Vec<RawRow> {
    rows.sort_by_key(|r| r.index);
    let mut merged: Vec<RawRow> = Vec::with_capacity(rows.len());
    for row in rows {
        match merged.last_mut() {
            Some(last) if last.index == row.index => {
                for (col, value) in row.cells.into_iter().enumerate() {
                    if !value.is_empty() {
                        set(&mut last.cells, col as u32, value);
                    }
                }
            }
            _ => merged.push(row),
        }
    }
    merged
}

fn set(cells: &mut Vec<Value>, col: u32, value: Value) {
    let col = col as usize;
    if cells.len() <= col {
        cells.resize(col + 1, Value::Empty);
    }
    cells[col] = value;
}
