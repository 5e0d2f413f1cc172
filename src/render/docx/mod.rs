//! Word documents: the kit every document is built from, the template markup's layout, and the
//! finishing pass over the packed file. docx-rs builds the document; what it cannot express is
//! added when the packed file is finished.

mod finish;
// The SOW's milestones, Gantt and RACI tables, for the SOW to place once it takes the Schedule:
// its template and table splicing need more than one call to carry them.
pub mod gantt;
pub mod kit;
pub mod markup;
pub mod rows;
mod schema;

use crate::error::Error;
use docx_rs::Docx;

/// A fixed date for the document's properties, so the same input gives the same bytes.
pub const FIXED_TIMESTAMP: &str = "2026-01-01T00:00:00Z";

pub const HEADER_FILL: &str = "1F3864";
/// Usable page width in twentieths of a point (US Letter, 0.75 in margins).
pub const TEXT_WIDTH: usize = 10_080;

/// Text from the input made safe for XML 1.0: docx-rs escapes `&`, `<` and quotes, but a control
/// character (a vertical tab from an Excel cell, say) would make the part unreadable to Word.
pub fn clean(text: &str) -> String {
    text.chars()
        .map(|ch| match ch {
            '\t' | '\n' | '\r' => ' ',
            ch if ch.is_control() => ' ',
            '\u{FFFE}' | '\u{FFFF}' => ' ',
            ch => ch,
        })
        .collect()
}

/// Pack the document and finish it.
pub fn pack(doc: Docx) -> Result<Vec<u8>, Error> {
    pack_with_splices(doc, &[])
}

/// [`pack`], then put XML written directly (long tables' rows, tables drawn as XML) in place of
/// their markers (see `rows`).
pub fn pack_with_splices(doc: Docx, splices: &[rows::Splice]) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    doc.build()
        .pack(std::io::Cursor::new(&mut bytes))
        .map_err(|e| Error::DocxPack(e.to_string()))?;
    finish::finish(&bytes, splices)
}

#[cfg(test)]
mod tests {
    use super::kit::{base_document, cell, header_row, paragraph, table, widths};
    use super::*;
    use docx_rs::TableRow;
    use std::io::Read;

    fn part(bytes: &[u8], name: &str) -> String {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut text = String::new();
        archive
            .by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    #[test]
    fn header_rows_repeat_and_fields_update() {
        let w = widths(&[1, 1]);
        let doc = base_document("P & <Q>", "Test", Some("B"))
            .add_table(table(
                vec![
                    header_row(&["A", "B"], &w),
                    TableRow::new(vec![cell("x", w[0]), cell("y", w[1])]),
                ],
                &w,
            ))
            .add_paragraph(paragraph("Tom & \"Jerry\" <café> \u{1F3E5}\u{000B}"));
        let bytes = pack(doc).unwrap();
        let xml = part(&bytes, "word/document.xml");
        assert_eq!(xml.matches("<w:tblHeader />").count(), 1);
        assert!(xml.contains("Tom &amp; &quot;Jerry&quot; &lt;café&gt; \u{1F3E5} "));
        assert!(part(&bytes, "word/settings.xml").contains("<w:updateFields w:val=\"true\" />"));
        assert!(part(&bytes, "word/header1.xml").contains("P &amp; &lt;Q&gt;"));
        assert!(part(&bytes, "word/footer1.xml").contains("NUMPAGES"));
    }

    #[test]
    fn the_same_document_gives_the_same_bytes_in_one_process() {
        let make = || pack(base_document("P", "T", None).add_paragraph(paragraph("x"))).unwrap();
        assert_eq!(make(), make());
    }
}
