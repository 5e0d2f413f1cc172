//! Table rows for long Word tables (a campus SOW lists ten thousand rooms), written straight as
//! WordprocessingML: building them as docx-rs objects costs a hundred times more. The table is
//! built by docx-rs with its header row and one marker row; [`splice`] swaps the marker row for
//! these rows in the packed document's XML. Cells look exactly like `docx_kit::small_cell`.

use super::docx_kit::clean;
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

/// Appends one table row of dense 8 pt cells to `xml`.
pub fn push_row(xml: &mut String, cells: &[Cell]) {
    xml.push_str("<w:tr>");
    for cell in cells {
        let _ = write!(
            xml,
            "<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\" /></w:tcPr><w:p><w:pPr>\
             <w:spacing w:before=\"20\" w:after=\"20\" w:line=\"240\" />{}</w:pPr>\
             <w:r><w:rPr><w:sz w:val=\"16\" /><w:szCs w:val=\"16\" /></w:rPr>\
             <w:t xml:space=\"preserve\">",
            cell.width,
            if cell.right {
                "<w:jc w:val=\"right\" />"
            } else {
                ""
            }
        );
        escape_into(xml, &clean(cell.text));
        xml.push_str("</w:t></w:r></w:p></w:tc>");
    }
    xml.push_str("</w:tr>");
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

/// Replace the row holding `marker` (as docx-rs escaped it) with `rows`. A document whose
/// template left the table out has no marker, and is left as it is.
pub fn splice(document: &str, marker: &str, rows: &str) -> String {
    let Some(at) = document.find(marker) else {
        return document.to_string();
    };
    let start = document[..at]
        .rfind("<w:tr>")
        .or_else(|| document[..at].rfind("<w:tr "));
    let end = document[at..]
        .find("</w:tr>")
        .map(|e| at + e + "</w:tr>".len());
    match (start, end) {
        (Some(start), Some(end)) => {
            let mut out = String::with_capacity(document.len() + rows.len());
            out.push_str(&document[..start]);
            out.push_str(rows);
            out.push_str(&document[end..]);
            out
        }
        _ => document.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_escape_text_and_replace_the_marker_row() {
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
        assert!(rows.contains("<w:jc w:val=\"right\" />"));
        let mark = marker("rooms");
        let doc = format!(
            "<w:tbl><w:tr><w:tc>H</w:tc></w:tr><w:tr><w:tc><w:t>{mark}</w:t></w:tc></w:tr></w:tbl>"
        );
        let spliced = splice(&doc, &mark, &rows);
        assert_eq!(
            spliced,
            format!("<w:tbl><w:tr><w:tc>H</w:tc></w:tr>{rows}</w:tbl>")
        );
        assert_eq!(splice("<w:tbl></w:tbl>", &mark, &rows), "<w:tbl></w:tbl>");
    }
}
