//! A workbook whose longest sheets are not held as cells: rust_xlsxwriter lays out every sheet
//! (formats, widths, filters, the other sheets), each long sheet with its header row only; the
//! long sheets' rows are then written as XML by [`super::xlsx_rows`] straight into the package,
//! deflated in parallel chunks. At campus scale Line Items is two million cells: this is most of
//! a build's time and memory otherwise (issue 19; issue 13's 400 MB).
//!
//! The package is re-written entry by entry with a small ZIP writer of our own
//! ([`super::zip_out`]), because the spliced part's compressed bytes are made here: every other
//! entry is copied as compressed.

use super::deflate::ParallelDeflate;
use super::xlsx_rows::XmlRows;
use super::xlsx_strings::SharedStrings;
use super::zip_out::{Header, ZipOut};
use crate::error::Error;
use rust_xlsxwriter::XlsxError;
use std::io::{self, Read, Write};

/// A sheet whose data rows are written into the package, not by rust_xlsxwriter.
pub struct LongSheet<'a> {
    /// Its position among the workbook's sheets, from 1 (rust_xlsxwriter names the part
    /// `xl/worksheets/sheet{N}.xml`).
    pub position: usize,
    /// The last row and column written, 0-based, for the sheet's dimension.
    pub last_row: u32,
    pub last_col: u16,
    /// Each column's width cap for wrapped text (in pixels), for the rows' heights.
    pub wrap_caps: Vec<Option<u32>>,
    /// Writes the rows below the header; called once, while the package is written.
    #[allow(clippy::type_complexity)]
    pub rows: &'a (dyn Fn(&mut XmlRows) -> Result<(), XlsxError> + Sync),
}

/// Where rust_xlsxwriter keeps the workbook's shared strings.
const STRINGS_PART: &str = "xl/sharedStrings.xml";

/// Write `laid_out` (rust_xlsxwriter's package, long sheets holding their header only) to `out`
/// with each long sheet's rows added. Their text goes into the workbook's shared-string table,
/// written after the long sheets (inline in the cells when the layout has no table).
pub fn write(laid_out: &[u8], long: &[LongSheet], out: &mut dyn Write) -> Result<(), Error> {
    let mut archive = zip::ZipArchive::new(io::Cursor::new(laid_out))?;
    for sheet in long {
        let part = part_name(sheet);
        if archive.index_for_name(&part).is_none() {
            return Err(io::Error::other(format!("the workbook has no part {part}")).into());
        }
    }
    let strings_xml = match archive.index_for_name(STRINGS_PART) {
        Some(index) => {
            let mut xml = String::new();
            archive.by_index(index)?.read_to_string(&mut xml)?;
            Some(xml)
        }
        None => None,
    };
    let mut strings = strings_xml.as_deref().map(SharedStrings::of);
    let mut zip = ZipOut::new(out);
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index)?;
        let name = entry.name()?.to_string();
        if name == STRINGS_PART {
            continue;
        }
        if let Some(sheet) = long.iter().find(|s| name == part_name(s)) {
            drop(entry);
            let mut xml = String::new();
            archive.by_index(index)?.read_to_string(&mut xml)?;
            zip.streamed(&name, |deflate| {
                strings = splice(&xml, sheet, strings.take(), deflate)?;
                Ok(())
            })?;
            continue;
        }
        copy(&mut zip, &name, entry)?;
    }
    if let (Some(xml), Some(strings)) = (&strings_xml, &strings) {
        let table = strings
            .table(xml)
            .ok_or_else(|| io::Error::other("the workbook's shared-string table has no end"))?;
        zip.streamed(STRINGS_PART, |deflate| {
            deflate.buffer().extend_from_slice(&table);
            Ok(())
        })?;
    }
    zip.finish()?;
    Ok(())
}

/// An entry of the laid-out package copied as it was compressed.
fn copy(
    zip: &mut ZipOut,
    name: &str,
    entry: zip::read::ZipFile<io::Cursor<&[u8]>>,
) -> Result<(), Error> {
    let method = match entry.compression() {
        zip::CompressionMethod::Stored => 0,
        zip::CompressionMethod::Deflated => 8,
        other => {
            return Err(
                io::Error::other(format!("the part {name} is compressed with {other}")).into(),
            );
        }
    };
    let header = Header {
        method,
        crc: entry.crc32(),
        compressed: entry.compressed_size(),
        size: entry.size(),
    };
    zip.copied(name, header, entry)?;
    Ok(())
}

fn part_name(sheet: &LongSheet) -> String {
    format!("xl/worksheets/sheet{}.xml", sheet.position)
}

/// The sheet's XML with its rows written in before `</sheetData>` and its dimension widened;
/// gives back the string table with the rows' text added.
fn splice(
    xml: &str,
    sheet: &LongSheet,
    strings: Option<SharedStrings>,
    deflate: &mut ParallelDeflate,
) -> Result<Option<SharedStrings>, Error> {
    let end = xml
        .find("</sheetData>")
        .ok_or_else(|| io::Error::other("a laid-out sheet has no </sheetData>"))?;
    let (head, tail) = xml.split_at(end);
    let head = widen_dimension(head, sheet.last_row, sheet.last_col);
    deflate.buffer().extend_from_slice(head.as_bytes());
    let styles = column_styles(&head);
    let mut rows = XmlRows::new(&styles, sheet.wrap_caps.clone(), strings, deflate);
    (sheet.rows)(&mut rows)?;
    let strings = rows.finish()?;
    deflate.buffer().extend_from_slice(tail.as_bytes());
    Ok(strings)
}

/// `<dimension ref="A1:N1"/>` made to cover the rows written.
fn widen_dimension(head: &str, last_row: u32, last_col: u16) -> String {
    const OPEN: &str = "<dimension ref=\"";
    let Some(start) = head.find(OPEN).map(|at| at + OPEN.len()) else {
        return head.to_string();
    };
    let Some(len) = head[start..].find('"') else {
        return head.to_string();
    };
    let range = format!(
        "A1:{}",
        rust_xlsxwriter::utility::row_col_to_cell(last_row, last_col)
    );
    format!("{}{range}{}", &head[..start], &head[start + len..])
}

/// Each column's cell format (`<col ... style="N">`) from a sheet's `<cols>`: a cell written
/// without a format of its own takes its column's.
fn column_styles(head: &str) -> Vec<u32> {
    let mut styles = Vec::new();
    let Some(start) = head.find("<cols>") else {
        return styles;
    };
    let end = head[start..]
        .find("</cols>")
        .map_or(head.len(), |e| start + e);
    for col in head[start..end].split("<col ").skip(1) {
        let attr = |name: &str| -> Option<u32> {
            let at = format!(" {col}").find(&format!(" {name}=\""))? + name.len() + 2;
            col[at..].split('"').next()?.parse().ok()
        };
        let (Some(min), Some(max)) = (attr("min"), attr("max")) else {
            continue;
        };
        let style = attr("style").unwrap_or(0);
        for c in min.max(1)..=max.min(16_384) {
            let c = c as usize;
            if styles.len() < c {
                styles.resize(c, 0);
            }
            styles[c - 1] = style;
        }
    }
    styles
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::xlsx_table::Cells;
    use calamine::{Data, Reader, Xlsx};
    use rust_decimal::Decimal;

    /// A workbook of two sheets, the second laid out with its header only.
    fn laid_out() -> Vec<u8> {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        workbook.add_worksheet().set_name("First").unwrap();
        let sheet = workbook.add_worksheet();
        sheet.set_name("Long").unwrap();
        sheet.write_string(0, 0, "Name").unwrap();
        sheet.write_string(0, 1, "Qty").unwrap();
        let money = rust_xlsxwriter::Format::new().set_num_format("$#,##0.00");
        sheet.set_column_format(2, &money).unwrap();
        workbook.save_to_buffer().unwrap()
    }

    #[test]
    fn rows_spliced_into_a_sheet_read_back_in_order_across_many_chunks() {
        let rows: u32 = 60_000; // several deflated chunks, in more than one batch
        let write_rows = |cells: &mut XmlRows| {
            for row in 1..=rows {
                cells.text(row, 0, &format!("room <{row}> & co"))?;
                if row % 1000 == 0 {
                    // Repeated text, and text that needs its spaces kept and a control escaped.
                    cells.text(row, 3, " Lab \u{7}")?;
                }
                cells.number(row, 1, Decimal::new(i64::from(row) * 25, 2))?;
                cells.formula(row, 2, format_args!("=B{}*2", row + 1), Decimal::from(row))?;
            }
            Ok(())
        };
        let long = LongSheet {
            position: 2,
            last_row: rows,
            last_col: 3,
            wrap_caps: vec![None; 4],
            rows: &write_rows,
        };
        let mut out = Vec::new();
        write(&laid_out(), &[long], &mut out).unwrap();
        let strings = read_part(&out, "xl/sharedStrings.xml");
        assert_eq!(strings.matches("<si>").count(), 2 + rows as usize + 1);
        assert!(strings.contains(&format!("count=\"{}\"", 2 + rows + rows / 1000)));
        let mut book: Xlsx<_> = Xlsx::new(io::Cursor::new(out.clone())).unwrap();
        let range = book.worksheet_range("Long").unwrap();
        assert_eq!(range.height(), rows as usize + 1);
        assert_eq!(range.get((0, 0)), Some(&Data::String("Name".into())));
        assert_eq!(
            range.get((4321, 0)),
            Some(&Data::String("room <4321> & co".into()))
        );
        assert_eq!(range.get((rows as usize, 1)), Some(&Data::Float(15_000.0)));
        assert_eq!(range.get((7, 2)), Some(&Data::Float(7.0)));
        for row in [1000, 60_000] {
            assert_eq!(
                range.get((row, 3)),
                Some(&Data::String(" Lab \u{7}".into()))
            );
        }
        let formulas = book.worksheet_formula("Long").unwrap();
        assert_eq!(formulas.get_value((7, 2)), Some(&"B8*2".to_string()));
        // The other sheets and parts are copied as they were.
        assert!(book.worksheet_range("First").is_ok());
        // Python's zipfile (and so the validator's .NET reader) checks each entry's CRC.
        let mut archive = zip::ZipArchive::new(io::Cursor::new(out)).unwrap();
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i).unwrap();
            io::copy(&mut entry, &mut io::sink()).unwrap();
        }
    }

    fn read_part(package: &[u8], name: &str) -> String {
        let mut archive = zip::ZipArchive::new(io::Cursor::new(package)).unwrap();
        let mut xml = String::new();
        archive
            .by_name(name)
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        xml
    }

    #[test]
    fn a_layout_without_a_string_table_gets_inline_text() {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        workbook.add_worksheet().write_number(0, 0, 1).unwrap();
        let laid_out = workbook.save_to_buffer().unwrap();
        let write_rows = |cells: &mut XmlRows| cells.text(1, 0, "a & b");
        let long = LongSheet {
            position: 1,
            last_row: 1,
            last_col: 0,
            wrap_caps: vec![None],
            rows: &write_rows,
        };
        let mut out = Vec::new();
        write(&laid_out, &[long], &mut out).unwrap();
        assert!(read_part(&out, "xl/worksheets/sheet1.xml").contains("<is><t>a &amp; b</t></is>"));
        let mut book: Xlsx<_> = Xlsx::new(io::Cursor::new(out)).unwrap();
        let range = book.worksheet_range_at(0).unwrap().unwrap();
        assert_eq!(range.get((1, 0)), Some(&Data::String("a & b".into())));
    }

    #[test]
    fn the_sheet_dimension_and_column_formats_come_from_the_layout() {
        let head = r#"<worksheet><dimension ref="A1:C1"/><cols><col min="1" max="2" width="9" customWidth="1"/><col min="3" max="3" width="12" style="7" customWidth="1"/></cols><sheetData>"#;
        assert_eq!(column_styles(head), vec![0, 0, 7]);
        assert!(widen_dimension(head, 99, 2).contains(r#"<dimension ref="A1:C100"/>"#));
    }

    #[test]
    fn the_same_rows_make_the_same_bytes() {
        let write_rows = |cells: &mut XmlRows| cells.text(1, 0, "x");
        let long = || LongSheet {
            position: 2,
            last_row: 1,
            last_col: 0,
            wrap_caps: vec![None],
            rows: &write_rows,
        };
        let (mut a, mut b) = (Vec::new(), Vec::new());
        write(&laid_out(), &[long()], &mut a).unwrap();
        write(&laid_out(), &[long()], &mut b).unwrap();
        assert_eq!(a, b);
    }
}
