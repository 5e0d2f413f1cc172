//! Turns a file's bytes into plain sheets of cell values, whatever the format, within fixed limits.

use super::cell::Value;
use super::sniff::Format;
use crate::problem::Problem;
use calamine::{Data, Range, Reader, open_workbook_from_rs};
use std::io::{Cursor, Read, Seek};

/// No room list has more columns than this; cells further right are ignored with a warning.
pub const MAX_COLUMNS: u32 = 256;
/// Rows read from one sheet; a sheet with more is refused.
pub const MAX_ROWS: u32 = 250_000;

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
struct SheetBuilder {
    sheet: RawSheet,
    cells_ignored: u64,
}

impl SheetBuilder {
    fn new(name: &str) -> SheetBuilder {
        SheetBuilder {
            sheet: RawSheet {
                name: name.to_string(),
                rows: Vec::new(),
            },
            cells_ignored: 0,
        }
    }

    fn push(&mut self, row: u32, col: u32, value: Value) -> Result<(), Problem> {
        if value.is_empty() {
            return Ok(());
        }
        if row >= MAX_ROWS {
            return Err(Problem::sheet(
                &self.sheet.name,
                format!("the sheet has more than {MAX_ROWS} rows, more than sowgen reads"),
            ));
        }
        if col >= MAX_COLUMNS {
            self.cells_ignored += 1;
            return Ok(());
        }
        let rows = &mut self.sheet.rows;
        let needs_new_row = rows.last().is_none_or(|last| last.index != row);
        if needs_new_row {
            if rows.last().is_some_and(|last| last.index > row) {
                // Out of order (allowed by the format, rare in practice): find or insert the row.
                let at = rows.partition_point(|r| r.index < row);
                if rows.get(at).is_none_or(|r| r.index != row) {
                    rows.insert(
                        at,
                        RawRow {
                            index: row,
                            cells: Vec::new(),
                        },
                    );
                }
                return Ok(set(&mut rows[at].cells, col, value));
            }
            rows.push(RawRow {
                index: row,
                cells: Vec::new(),
            });
        }
        let last = rows.last_mut().expect("a row was just ensured");
        set(&mut last.cells, col, value);
        Ok(())
    }

    fn finish(self, warnings: &mut Vec<Problem>) -> RawSheet {
        if self.cells_ignored > 0 {
            warnings.push(Problem::sheet(
                &self.sheet.name,
                format!(
                    "{} cell(s) beyond column {} were ignored",
                    self.cells_ignored,
                    crate::problem::column_letter(MAX_COLUMNS - 1)
                ),
            ));
        }
        self.sheet
    }
}

fn set(cells: &mut Vec<Value>, col: u32, value: Value) {
    let col = col as usize;
    if cells.len() <= col {
        cells.resize(col + 1, Value::Empty);
    }
    cells[col] = value;
}

/// Read every sheet of a workbook of a known spreadsheet format.
pub fn load(
    bytes: &[u8],
    format: Format,
    warnings: &mut Vec<Problem>,
) -> Result<Vec<RawSheet>, Problem> {
    match format {
        Format::Xlsx => load_xlsx(Cursor::new(bytes), warnings),
        Format::Xlsb => load_xlsb(Cursor::new(bytes), warnings),
        Format::Xls => {
            let book: calamine::Xls<_> =
                open_workbook_from_rs(Cursor::new(bytes)).map_err(damaged)?;
            load_ranges(book, warnings)
        }
        Format::Ods => {
            let book: calamine::Ods<_> =
                open_workbook_from_rs(Cursor::new(bytes)).map_err(damaged)?;
            load_ranges(book, warnings)
        }
        Format::Csv => super::csv::load(bytes).map(|sheet| vec![sheet]),
    }
}

fn damaged(error: impl std::fmt::Display) -> Problem {
    Problem::file(format!(
        "the file is not a readable workbook (damaged: {error})"
    ))
}

/// xlsx is streamed cell by cell, so a stray cell at XFD1048576 costs nothing.
fn load_xlsx<RS: Read + Seek>(
    data: RS,
    warnings: &mut Vec<Problem>,
) -> Result<Vec<RawSheet>, Problem> {
    let mut book: calamine::Xlsx<RS> = open_workbook_from_rs(data).map_err(damaged)?;
    let names = book.sheet_names();
    let mut sheets = Vec::with_capacity(names.len());
    for name in names {
        let mut builder = SheetBuilder::new(&name);
        let mut reader = book.worksheet_cells_reader(&name).map_err(damaged)?;
        while let Some(cell) = reader.next_cell_with_formula().map_err(damaged)? {
            let (row, col) = cell.pos;
            let value = match (cell.formula, cell.value) {
                // A formula saved with no result (files written by scripts).
                (Some(formula), calamine::DataRef::Empty) if !formula.trim().is_empty() => {
                    Value::Formula(formula)
                }
                (_, value) => Value::from_data_ref(value),
            };
            builder.push(row, col, value)?;
        }
        drop(reader);
        sheets.push(builder.finish(warnings));
    }
    Ok(sheets)
}

fn load_xlsb<RS: Read + Seek>(
    data: RS,
    warnings: &mut Vec<Problem>,
) -> Result<Vec<RawSheet>, Problem> {
    let mut book: calamine::Xlsb<RS> = open_workbook_from_rs(data).map_err(damaged)?;
    let names = book.sheet_names();
    let mut sheets = Vec::with_capacity(names.len());
    for name in names {
        let mut builder = SheetBuilder::new(&name);
        let mut reader = book.worksheet_cells_reader(&name).map_err(damaged)?;
        while let Some(cell) = reader.next_cell().map_err(damaged)? {
            let (row, col) = cell.get_position();
            builder.push(row, col, Value::from_data_ref(cell.get_value().clone()))?;
        }
        drop(reader);
        sheets.push(builder.finish(warnings));
    }
    Ok(sheets)
}

/// Formats calamine only reads whole (xls, ods): their ranges are built from the cells present.
fn load_ranges<RS, R>(mut book: R, warnings: &mut Vec<Problem>) -> Result<Vec<RawSheet>, Problem>
where
    RS: Read + Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
{
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range: Range<Data> = book.worksheet_range(&name).map_err(damaged)?;
        let mut builder = SheetBuilder::new(&name);
        let (first_row, first_col) = range.start().unwrap_or((0, 0));
        for (row, col, value) in range.used_cells() {
            let (row, col) = (first_row + row as u32, first_col + col as u32);
            builder.push(row, col, Value::from_data(value))?;
        }
        sheets.push(builder.finish(warnings));
    }
    Ok(sheets)
}
