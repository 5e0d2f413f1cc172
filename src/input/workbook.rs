//! Turns a file's bytes into plain sheets of cell values, whatever the format, within fixed limits.

use super::cell::{Value, evaluate_constant_formula};
use super::sheet::{Budget, RawSheet, SheetBuilder};
use super::sniff::Format;
use crate::problem::Problem;
use calamine::{Data, Range, Reader, XlsxFormulaMetadata, open_workbook_from_rs};
use std::collections::HashMap;
use std::io::{Cursor, Read, Seek};

/// Read every sheet of a workbook of a known spreadsheet format.
pub fn load(
    bytes: &[u8],
    format: Format,
    warnings: &mut Vec<Problem>,
) -> Result<Vec<RawSheet>, Problem> {
    // The workbook parser can panic on some damaged files (an index out of range, say); that is a
    // damaged file to report, not a crash. Partial warnings from a panicked read are dropped.
    let mut local = Vec::new();
    quiet_parser_panics();
    PARSING.with(|p| p.set(true));
    let loaded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        load_unguarded(bytes, format, &mut local)
    }));
    PARSING.with(|p| p.set(false));
    match loaded {
        Ok(result) => {
            warnings.extend(local);
            result
        }
        Err(_) => Err(Problem::file(
            "the file is not a readable workbook (damaged: its structure is inconsistent)",
        )),
    }
}

thread_local! {
    static PARSING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// A parser panic that is caught and reported as a damaged file should not also print a panic
/// message and backtrace for the user. The hook is wrapped once, per process, and stays quiet
/// only on a thread that is inside `load`; every other panic is reported as before.
fn quiet_parser_panics() {
    static WRAPPED: std::sync::Once = std::sync::Once::new();
    WRAPPED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !PARSING.with(|p| p.get()) {
                previous(info);
            }
        }));
    });
}

fn load_unguarded(
    bytes: &[u8],
    format: Format,
    warnings: &mut Vec<Problem>,
) -> Result<Vec<RawSheet>, Problem> {
    match format {
        Format::Xlsx => load_xlsx(Cursor::new(bytes), warnings),
        Format::Xlsb => load_xlsb(Cursor::new(bytes), warnings),
        Format::Xls => {
            let bytes = super::xls_guard::prepare(bytes, warnings)?;
            let book: calamine::Xls<_> =
                open_workbook_from_rs(Cursor::new(&bytes[..])).map_err(damaged)?;
            load_ranges(book, warnings)
        }
        Format::Ods => super::ods::load(bytes, warnings),
        Format::Csv => super::csv::load(bytes, warnings).map(|sheet| vec![sheet]),
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
    hidden_sheets(book.sheets_metadata(), warnings);
    let names = book.sheet_names();
    let mut sheets = Vec::with_capacity(names.len());
    let mut budget = Budget::default();
    for name in names {
        let mut builder = SheetBuilder::new(&name, &mut budget);
        let mut reader = book.worksheet_cells_reader(&name).map_err(damaged)?;
        // calamine's formula-text API sizes a table by each shared formula's index, which the
        // file sets (si="4000000000" asks for gigabytes); its metadata API does not, so shared
        // formulas' texts are kept here, by index, as their anchor cells come.
        let mut shared: HashMap<usize, String> = HashMap::new();
        while let Some(cell) = reader.next_cell_with_formula_metadata().map_err(damaged)? {
            let (row, col) = cell.pos;
            let formula = match cell.formula {
                None => None,
                Some(XlsxFormulaMetadata::Normal { formula }) => Some(formula),
                Some(XlsxFormulaMetadata::Shared {
                    shared_index,
                    formula,
                    ..
                }) => {
                    if shared.len() < MAX_SHARED_FORMULAS {
                        shared.insert(shared_index, formula.clone());
                    }
                    Some(formula)
                }
                // A derived cell's own text would have its references moved; the anchor's text
                // serves to evaluate constants (which have none) and to name the formula.
                Some(XlsxFormulaMetadata::SharedDerived { shared_index }) => {
                    shared.get(&shared_index).cloned()
                }
                // The enum is non-exhaustive: a kind of formula this reader does not know.
                Some(_) => None,
            };
            if let Some(message) = formula
                .as_deref()
                .and_then(|f| disagreement(f, &cell.value))
            {
                warnings.push(Problem::cell(&name, row, Some(col), message));
            }
            let value = formula_value(formula, cell.value);
            builder.push(row, col, value)?;
        }
        drop(reader);
        sheets.push(builder.finish(warnings));
    }
    Ok(sheets)
}

/// Shared formulas remembered per sheet; a real sheet has a handful.
const MAX_SHARED_FORMULAS: usize = 100_000;

/// A cell's value given its formula, if any, and the value the file saved for it.
fn formula_value(formula: Option<String>, saved: calamine::DataRef<'_>) -> Value {
    let Some(formula) = formula else {
        return Value::from_data_ref(saved);
    };
    if saved != calamine::DataRef::Empty {
        // The result the spreadsheet saved is what its user saw.
        return Value::from_data_ref(saved);
    }
    unsaved_formula(formula)
}

/// A constant formula whose saved result is another number: the saved one is read (it is what
/// the file says), and the difference is pointed out at the cell. Scripts that write formulas
/// often save 0 as every result.
fn disagreement(formula: &str, saved: &calamine::DataRef<'_>) -> Option<String> {
    let exact = evaluate_constant_formula(formula)?;
    let saved = match Value::from_data_ref(saved.clone()) {
        Value::Number(n) => n,
        _ => return None,
    };
    (saved != exact).then(|| {
        format!(
            "the formula '={formula}' gives {} but the file saved {}; read as saved (open and \
             save the file in Excel to recalculate)",
            super::cell::format_number(exact),
            super::cell::format_number(saved)
        )
    })
}

/// A formula saved with no result (files written by scripts): plain arithmetic on constants has
/// one answer, in exact decimals; anything else is reported at its cell.
fn unsaved_formula(formula: String) -> Value {
    if let Some(n) = evaluate_constant_formula(&formula) {
        return Value::Number(n);
    }
    if formula.trim().is_empty() {
        return Value::Empty;
    }
    Value::Formula(formula)
}

fn load_xlsb<RS: Read + Seek>(
    data: RS,
    warnings: &mut Vec<Problem>,
) -> Result<Vec<RawSheet>, Problem> {
    let mut book: calamine::Xlsb<RS> = open_workbook_from_rs(data).map_err(damaged)?;
    hidden_sheets(book.sheets_metadata(), warnings);
    let names = book.sheet_names();
    let mut sheets = Vec::with_capacity(names.len());
    let mut budget = Budget::default();
    for name in names {
        let mut builder = SheetBuilder::new(&name, &mut budget);
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

/// Formats calamine only reads whole (xls): their ranges are built from the cells present.
fn load_ranges<RS, R>(mut book: R, warnings: &mut Vec<Problem>) -> Result<Vec<RawSheet>, Problem>
where
    RS: Read + Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
{
    let mut sheets = Vec::new();
    let mut budget = Budget::default();
    hidden_sheets(book.sheets_metadata(), warnings);
    for name in book.sheet_names() {
        let range: Range<Data> = book.worksheet_range(&name).map_err(damaged)?;
        let mut builder = SheetBuilder::new(&name, &mut budget);
        let (first_row, first_col) = range.start().unwrap_or((0, 0));
        for (row, col, value) in range.used_cells() {
            let (row, col) = (first_row + row as u32, first_col + col as u32);
            builder.push(row, col, Value::from_data(value))?;
        }
        // A formula whose result was not saved has no value above: its text is read as xlsx's
        // is (its cells come after the sheet's values; the later one of a cell wins).
        let formulas: Range<String> = book.worksheet_formula(&name).map_err(damaged)?;
        let (first_row, first_col) = formulas.start().unwrap_or((0, 0));
        for (row, col, formula) in formulas.used_cells() {
            let (row, col) = (first_row + row as u32, first_col + col as u32);
            let saved = range
                .get_value((row, col))
                .is_some_and(|v| *v != Data::Empty);
            if !saved && !formula.trim().is_empty() {
                builder.push(row, col, unsaved_formula(formula.clone()))?;
            }
        }
        sheets.push(builder.finish(warnings));
    }
    Ok(sheets)
}

/// Hidden sheets are read like the others, and named: a reviewer looking at the workbook in Excel
/// does not see their rooms.
fn hidden_sheets(sheets: &[calamine::Sheet], warnings: &mut Vec<Problem>) {
    for sheet in sheets {
        let how = match sheet.visible {
            calamine::SheetVisible::Hidden => "hidden",
            calamine::SheetVisible::VeryHidden => "very hidden (Excel cannot unhide it)",
            _ => continue,
        };
        if sheet.typ == calamine::SheetType::WorkSheet {
            warnings.push(Problem::sheet(
                &sheet.name,
                format!(
                    "the sheet is {how}; its rooms are read, though a reviewer does not see them in Excel"
                ),
            ));
        }
    }
}
