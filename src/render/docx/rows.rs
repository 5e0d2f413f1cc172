//! Table rows for long Word tables (a campus SOW lists ten thousand rooms), written straight as
//! WordprocessingML: building them as docx-rs objects costs a hundred times more. The table is
//! built by docx-rs with its header row and one marker row; [`splice`] swaps the marker row for
//! these rows in the packed document's XML. Cells look like `docx_kit::small_cell`, through the
//! `TableSmall` paragraph styles instead of direct formatting (half the bytes per cell).

use super::clean;
use std::fmt::Write;

/// The text of the marker row's first cell: a private-use character nobody types.
pub fn marker(name: &str) -> String {
    format!("\u{E000}rows:{name}\u{E000}")
}

/// One cell: its text, its width in twips, and whether it is right-aligned (numbers).
pub struct Cell<'a> {
    pub text: &'a str,
    pub width: usize,
    pub right: bool,
}

/// Appends one table row of dense 8 pt cells to `xml`; the table's grid gives the widths.
pub fn push_row(xml: &mut String, cells: &[Cell]) {
    xml.push_str("<w:tr>");
    for cell in cells {
        let _ = write!(
            xml,
            "<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\" /></w:tcPr><w:p><w:pPr><w:pStyle w:val=\"{}\" /></w:pPr><w:r><w:t xml:space=\"preserve\">",
            cell.width,
            if cell.right {
                "TableSmallRight"
            } else {
                "TableSmall"
            }
        );
        escape_into(xml, &clean(cell.text));
        xml.push_str("</w:t></w:r></w:p></w:tc>");
    }
    xml.push_str("</w:tr>");
}

/// Appends a row under a table row that carries its note: an empty first cell, then one cell
/// spanning the other `span` columns (`width` twips) in the dense style.
pub fn push_note_row(xml: &mut String, first_width: usize, span: usize, width: usize, text: &str) {
    let _ = write!(
        xml,
        "<w:tr><w:tc><w:tcPr><w:tcW w:w=\"{first_width}\" w:type=\"dxa\" /></w:tcPr><w:p><w:pPr><w:pStyle w:val=\"TableSmall\" /></w:pPr></w:p></w:tc><w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\" /><w:gridSpan w:val=\"{span}\" /></w:tcPr><w:p><w:pPr><w:pStyle w:val=\"TableSmall\" /></w:pPr><w:r><w:rPr><w:i /></w:rPr><w:t xml:space=\"preserve\">"
    );
    escape_into(xml, &clean(text));
    xml.push_str("</w:t></w:r></w:p></w:tc></w:tr>");
}

fn escape_into(xml: &mut String, text: &str) {
    for ch in text.chars() {
        match ch {
            '&' => xml.push_str("&amp;"),
            '<' => xml.push_str("&lt;"),
            '>' => xml.push_str("&gt;"),
            '"' => xml.push_str("&quot;"),
            '\'' => xml.push_str("&apos;"),
            ch => xml.push(ch),
        }
    }
}

/// XML written into the packed document in place of what holds a marker: the marker's row (a
/// long table's rows after its header) or its whole table (a table written as XML, such as the
/// Gantt chart).
pub struct Splice {
    pub marker: String,
    pub replaces: Replaces,
    pub xml: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replaces {
    Row,
    Table,
}

impl Splice {
    /// Rows in place of the marker row of the table `name`.
    pub fn rows(name: &str, xml: String) -> Splice {
        Splice {
            marker: marker(name),
            replaces: Replaces::Row,
            xml,
        }
    }

    /// XML in place of the whole marker table `name`.
    pub fn table(name: &str, xml: String) -> Splice {
        Splice {
            marker: marker(name),
            replaces: Replaces::Table,
            xml,
        }
    }
}

/// The document's XML before and after the row (or table) holding `marker` (as docx-rs escaped
/// it), so the new XML can be written between them without copying the document. `None` when
/// the template left the table out.
pub fn around_marker<'d>(
    document: &'d str,
    marker: &str,
    replaces: Replaces,
) -> Option<(&'d str, &'d str)> {
    let (open, close) = match replaces {
        Replaces::Row => ("<w:tr", "</w:tr>"),
        Replaces::Table => ("<w:tbl", "</w:tbl>"),
    };
    let at = document.find(marker)?;
    let start = document[..at]
        .rfind(&format!("{open}>"))
        .or_else(|| document[..at].rfind(&format!("{open} ")))?;
    let end = at + document[at..].find(close)? + close.len();
    Some((&document[..start], &document[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_escape_text_and_the_marker_row_is_found() {
        let mut rows = String::new();
        push_row(
            &mut rows,
            &[
                Cell {
                    text: "A&B <1>",
                    width: 100,
                    right: false,
                },
                Cell {
                    text: "2",
                    width: 50,
                    right: true,
                },
            ],
        );
        assert!(rows.contains("A&amp;B &lt;1&gt;"));
        assert!(rows.contains("TableSmallRight"));
        let mark = marker("rooms");
        let doc = format!(
            "<w:tbl><w:tr><w:tc>H</w:tc></w:tr><w:tr><w:tc><w:t>{mark}</w:t></w:tc></w:tr></w:tbl>"
        );
        let (before, after) = around_marker(&doc, &mark, Replaces::Row).unwrap();
        assert_eq!(before, "<w:tbl><w:tr><w:tc>H</w:tc></w:tr>");
        assert_eq!(after, "</w:tbl>");
        let (before, after) = around_marker(&doc, &mark, Replaces::Table).unwrap();
        assert_eq!((before, after), ("", ""));
        assert!(around_marker("<w:tbl></w:tbl>", &mark, Replaces::Row).is_none());
    }
}
