//! OpenDocument spreadsheets, streamed from `content.xml` cell by cell.
//!
//! Not read through calamine: it builds every sheet's whole grid at open, expands
//! `number-columns-repeated` / `number-rows-repeated` into real cells and `<text:s text:c="N"/>`
//! into N spaces, so a few KB of XML can ask for gigabytes. Here repeats of empty cells cost
//! nothing, repeats of filled ones go through the same limits as every other format, and no
//! cell's text grows past a fixed length.

use super::cell::Value;
use super::sheet::{Budget, MAX_COLUMNS, MAX_ROWS, RawSheet, SheetBuilder};
use crate::problem::Problem;
use quick_xml::NsReader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, QName, ResolveResult};
use std::io::{BufReader, Cursor, Read};

/// Text of one cell is cut here; no room list cell holds anything like it.
const MAX_CELL_TEXT: usize = 32 * 1024;

fn damaged(what: impl std::fmt::Display) -> Problem {
    Problem::file(format!(
        "the file is not a readable workbook (damaged: {what})"
    ))
}

pub fn load(bytes: &[u8], warnings: &mut Vec<Problem>) -> Result<Vec<RawSheet>, Problem> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
    if archive.by_name("META-INF/manifest.xml").is_ok_and(|mut m| {
        let mut text = String::new();
        let _ = m.read_to_string(&mut text);
        text.contains("encryption-data")
    }) {
        return Err(Problem::file(
            "the file is not a readable workbook (it is protected by a password)",
        ));
    }
    let content = archive.by_name("content.xml").map_err(damaged)?;
    let mut reader = NsReader::from_reader(BufReader::new(content));
    let config = reader.config_mut();
    config.expand_empty_elements = true;
    config.trim_text(false);
    config.check_end_names = false;

    let mut budget = Budget::default();
    let mut sheets = Vec::new();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf).map_err(damaged)? {
            Event::Start(e) if name_of(&reader, e.name()) == "table:table" => {
                let name = attribute(&reader, &e, "table:name")
                    .unwrap_or_else(|| format!("Sheet{}", sheets.len() + 1));
                let mut builder = SheetBuilder::new(&name, &mut budget);
                read_table(&mut reader, &mut builder)?;
                sheets.push(builder.finish(warnings));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(sheets)
}

type XmlReader<'a> = NsReader<BufReader<zip::read::ZipFile<'a, Cursor<&'a [u8]>>>>;

fn read_table(reader: &mut XmlReader<'_>, builder: &mut SheetBuilder<'_>) -> Result<(), Problem> {
    let mut buf = Vec::new();
    let mut row: u32 = 0;
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf).map_err(damaged)? {
            // Rows may sit inside header-row and row-group wrappers; those need no handling.
            Event::Start(e) if name_of(reader, e.name()) == "table:table-row" => {
                let repeats = repeat_count(reader, &e, "table:number-rows-repeated");
                let cells = read_row(reader)?;
                if cells.is_empty() {
                    row = row.saturating_add(repeats);
                    continue;
                }
                for _ in 0..repeats {
                    if row >= MAX_ROWS {
                        // One more push records the rows past the limit as ignored.
                        let (col, value) = cells[0].clone();
                        builder.push(row, col, value)?;
                        break;
                    }
                    for (col, value) in &cells {
                        builder.push(row, *col, value.clone())?;
                    }
                    row += 1;
                }
            }
            Event::End(e) if name_of(reader, e.name()) == "table:table" => return Ok(()),
            Event::Eof => return Err(damaged("the sheet has no end")),
            _ => {}
        }
    }
}

/// The row's filled cells as (column, value); repeats of a filled cell past the last column
/// read are dropped, those of an empty one only move the column on.
fn read_row(reader: &mut XmlReader<'_>) -> Result<Vec<(u32, Value)>, Problem> {
    let mut buf = Vec::new();
    let mut cells = Vec::new();
    let mut col: u32 = 0;
    let mut overflowed = false;
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf).map_err(damaged)? {
            Event::Start(e)
                if matches!(
                    name_of(reader, e.name()).as_str(),
                    "table:table-cell" | "table:covered-table-cell"
                ) =>
            {
                let e = e.into_owned();
                let repeats = repeat_count(reader, &e, "table:number-columns-repeated");
                let value = read_cell(reader, &e)?;
                if !value.is_empty() {
                    for c in col..col.saturating_add(repeats).min(MAX_COLUMNS) {
                        cells.push((c, value.clone()));
                    }
                    if col.saturating_add(repeats) > MAX_COLUMNS && !overflowed {
                        // One cell past the limit, so the sheet warns that it ignored some.
                        cells.push((MAX_COLUMNS, value));
                        overflowed = true;
                    }
                }
                col = col.saturating_add(repeats);
            }
            Event::End(e) if name_of(reader, e.name()) == "table:table-row" => return Ok(cells),
            Event::Eof => return Err(damaged("a row has no end")),
            _ => {}
        }
    }
}

/// A cell's value from its attributes and, for text, its paragraphs. A formula saved with no
/// value (files written by scripts) comes back as `Value::Formula`.
fn read_cell(reader: &mut XmlReader<'_>, cell: &BytesStart<'_>) -> Result<Value, Problem> {
    let end = name_of(reader, cell.name());
    let text = read_cell_text(reader, &end)?;
    let kind = attribute(reader, cell, "office:value-type").unwrap_or_default();
    let formula = attribute(reader, cell, "table:formula").map(|f| strip_formula_prefix(&f));
    let value = match kind.as_str() {
        "float" | "percentage" | "currency" => attribute(reader, cell, "office:value")
            .and_then(|v| v.trim().parse::<f64>().ok())
            .map(Value::Number),
        "boolean" => {
            attribute(reader, cell, "office:boolean-value").map(|v| Value::Bool(v == "true"))
        }
        "date" => attribute(reader, cell, "office:date-value").map(Value::Text),
        "time" => attribute(reader, cell, "office:time-value").map(Value::Text),
        // LibreOffice writes a formula's error as an empty string value with the error as text.
        "string" => Some(Value::Text(
            attribute(reader, cell, "office:string-value")
                .filter(|s| !s.is_empty())
                .unwrap_or(text.clone()),
        )),
        _ => None,
    };
    Ok(match (value, formula) {
        (Some(value), _) => value,
        (None, Some(formula)) if !formula.trim().is_empty() => Value::Formula(formula),
        (None, _) if !text.trim().is_empty() => Value::Text(text),
        (None, _) => Value::Empty,
    })
}

/// `of:=4+2` → `4+2`: the OpenFormula namespace and the `=` go.
fn strip_formula_prefix(formula: &str) -> String {
    let f = formula.trim();
    let f = f
        .split_once(':')
        .filter(|(ns, _)| ns.chars().all(|c| c.is_ascii_alphabetic()))
        .map_or(f, |(_, rest)| rest);
    f.trim_start_matches('=').to_string()
}

/// The text of a cell's paragraphs, joined by line breaks, up to `MAX_CELL_TEXT`; annotations
/// (comments) are not part of the value.
fn read_cell_text(reader: &mut XmlReader<'_>, end: &str) -> Result<String, Problem> {
    let mut buf = Vec::new();
    let mut text = String::new();
    let mut paragraphs = 0;
    let mut in_annotation = 0u32;
    let push = |text: &mut String, s: &str| {
        if text.len() < MAX_CELL_TEXT {
            let room = MAX_CELL_TEXT - text.len();
            let cut = (0..=room.min(s.len()))
                .rev()
                .find(|&i| s.is_char_boundary(i))
                .unwrap_or(0);
            text.push_str(&s[..cut]);
        }
    };
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf).map_err(damaged)? {
            Event::End(e) if name_of(reader, e.name()) == end => return Ok(text),
            Event::Start(e) if name_of(reader, e.name()) == "office:annotation" => {
                in_annotation += 1
            }
            Event::End(e) if name_of(reader, e.name()) == "office:annotation" => {
                in_annotation = in_annotation.saturating_sub(1)
            }
            _ if in_annotation > 0 => {}
            Event::Start(e) => match name_of(reader, e.name()).as_str() {
                "text:p" | "text:h" => {
                    if paragraphs > 0 {
                        push(&mut text, "\n");
                    }
                    paragraphs += 1;
                }
                "text:s" => {
                    let n = repeat_count(reader, &e, "text:c").min(64) as usize;
                    push(&mut text, &" ".repeat(n));
                }
                "text:tab" => push(&mut text, "\t"),
                "text:line-break" => push(&mut text, "\n"),
                _ => {}
            },
            Event::Text(t) => push(&mut text, &t.xml10_content()),
            Event::CData(t) => push(&mut text, t.as_ref()),
            Event::GeneralRef(r) => {
                if let Some(s) = quick_xml::escape::resolve_xml_entity(r.as_ref()) {
                    push(&mut text, s);
                } else if let Ok(Some(c)) = r.resolve_char_ref() {
                    push(&mut text, c.encode_utf8(&mut [0; 4]));
                }
            }
            Event::Eof => return Err(damaged("a cell has no end")),
            _ => {}
        }
    }
}

/// The OpenDocument namespaces this reader knows, by the prefix the specification uses; a file
/// may bind them to any prefix.
const NAMESPACES: [(&str, &str); 3] = [
    ("urn:oasis:names:tc:opendocument:xmlns:office:1.0", "office"),
    ("urn:oasis:names:tc:opendocument:xmlns:table:1.0", "table"),
    ("urn:oasis:names:tc:opendocument:xmlns:text:1.0", "text"),
];

/// A name as `office:…`, `table:…` or `text:…` by the namespace it is bound to, whatever
/// prefix the file gives it; `?:…` for any other.
fn canonical(resolved: (ResolveResult<'_>, quick_xml::name::LocalName<'_>)) -> String {
    let (namespace, local) = resolved;
    let prefix = match namespace {
        ResolveResult::Bound(Namespace(uri)) => NAMESPACES
            .iter()
            .find(|(known, _)| *known == uri)
            .map_or("?", |(_, prefix)| prefix),
        _ => "?",
    };
    format!("{prefix}:{}", local.as_ref())
}

fn name_of(reader: &XmlReader<'_>, name: QName<'_>) -> String {
    canonical(reader.resolver().resolve_element(name))
}

fn attribute(reader: &XmlReader<'_>, e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| canonical(reader.resolver().resolve_attribute(a.key)) == name)
        .map(|a| {
            let raw: &str = &a.value;
            quick_xml::escape::unescape(raw).map_or_else(|_| raw.to_string(), |v| v.into_owned())
        })
}

/// A repeat count: at least 1; one that is not a number counts as 1.
fn repeat_count(reader: &XmlReader<'_>, e: &BytesStart<'_>, name: &str) -> u32 {
    attribute(reader, e, name)
        .and_then(|v| v.trim().parse::<u32>().ok())
        .unwrap_or(1)
        .max(1)
}
