//! The finishing pass over a packed Word document, for what docx-rs 0.4 cannot express. Small
//! string edits of known docx-rs output, each tested; a change in docx-rs's output shows up as a
//! failing test (tests/package.rs checks the packed files), not as a broken document.

use super::TEXT_WIDTH;
use super::rows::Splice;
use super::schema;
use crate::error::Error;
use std::collections::BTreeSet;
use std::io::{Read, Write};

const HEADER_ROW_MARK: &str = "<w:trPr><w:cantSplit /></w:trPr>";
const HEADER_ROW: &str = "<w:trPr><w:cantSplit /><w:tblHeader /></w:trPr>";
/// A body row as docx-rs writes it, with no properties or only a height, and kept whole.
const PLAIN_ROW: &str = "<w:tr><w:trPr />";
const WHOLE_ROW: &str = "<w:tr><w:trPr><w:cantSplit /></w:trPr>";
const SIZED_ROW: &str = "<w:tr><w:trPr><w:trHeight ";
const WHOLE_SIZED_ROW: &str = "<w:tr><w:trPr><w:cantSplit /><w:trHeight ";
/// docx-rs places the table of contents' page-number tab at a fixed 80000 twips, far off the page.
const TOC_TAB: &str = "w:pos=\"80000\"";

/// The table of contents' content control, as docx-rs writes it and as Word does: marked as the
/// document's table of contents, which is how LibreOffice knows to import it as one.
const TOC_SDT: &str = "<w:sdt><w:sdtPr /><w:sdtContent>";
const TOC_SDT_MARKED: &str = "<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val=\"Table of Contents\" /><w:docPartUnique /></w:docPartObj></w:sdtPr><w:sdtContent>";

/// What docx-rs 0.4 cannot write, added to the packed file:
/// - `w:tblHeader` on each table's header row, so Word and LibreOffice repeat it on every page,
///   and `w:cantSplit` on every other row, so no row is split across a page break;
/// - the table of contents' right tab at the margin, and its content control marked as such;
/// - field characters in runs of their own, as Word writes them;
/// - `w:updateFields` in the settings, so Word refreshes the contents' page numbers on opening;
/// - paragraph ids numbered from one in every document (docx-rs counts them per thread, so the
///   same document rendered twice in one process would differ otherwise);
/// - every part in schema order, without the parts nothing relates (see `schema`).
pub fn finish(packed: &[u8], splices: &[Splice]) -> Result<Vec<u8>, Error> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(packed))?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // Level 1, as the workbooks: a campus-scale SOW's document part is tens of MB of XML (at
    // 11,040 rooms the SOW took 0.11 s instead of 0.20, for 0.77 MB instead of 0.46).
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .last_modified_time(zip::DateTime::default());
    let mut para_ids = 0u32;
    let orphans = orphan_parts(&mut archive)?;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i)?;
        let name = entry.name()?.to_string();
        if orphans.contains(&name) {
            continue;
        }
        if entry.is_dir() {
            out.add_directory(name, options)?;
            continue;
        }
        let mut data = Vec::new();
        entry.read_to_end(&mut data)?;
        if name.starts_with("word/") && name.ends_with(".xml") {
            let mut text = String::from_utf8(data)
                .map_err(|e| Error::DocxPack(format!("{name} is not UTF-8: {e}")))?;
            if name == "word/document.xml" {
                text = split_field_runs(&text)
                    .replacen(TOC_SDT, TOC_SDT_MARKED, 1)
                    .replace(HEADER_ROW_MARK, HEADER_ROW)
                    .replace(TOC_TAB, &format!("w:pos=\"{TEXT_WIDTH}\""));
                // After the header rows are marked: every other row is kept whole on a page too.
                text = text
                    .replace(PLAIN_ROW, WHOLE_ROW)
                    .replace(SIZED_ROW, WHOLE_SIZED_ROW);
            }
            if name == "word/settings.xml" && !text.contains("<w:updateFields") {
                text = text.replacen(
                    "<w:compat>",
                    "<w:updateFields w:val=\"true\" /><w:compat>",
                    1,
                );
            }
            text = schema::schema_order(&text);
            text = renumber_para_ids(&text, &mut para_ids);
            if name == "word/document.xml" {
                // Long tables' rows go in between, written straight into the archive.
                out.start_file(name, options)?;
                write_spliced(&mut out, &text, splices)?;
                continue;
            }
            data = text.into_bytes();
        }
        if name == "[Content_Types].xml" {
            let text = String::from_utf8(data)
                .map_err(|e| Error::DocxPack(format!("{name} is not UTF-8: {e}")))?;
            data = schema::without_overrides(&text, &orphans).into_bytes();
        }
        out.start_file(name, options)?;
        out.write_all(&data)?;
    }
    Ok(out.finish()?.into_inner())
}

/// The parts docx-rs packs that nothing relates (an unused numbering, comments, footnotes).
fn orphan_parts(
    archive: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
) -> Result<BTreeSet<String>, Error> {
    let names = archive
        .file_names()
        .map(|name| name.map(|n| n.into_owned()))
        .collect::<Result<Vec<String>, _>>()?;
    let mut rels = String::new();
    archive
        .by_name("word/_rels/document.xml.rels")?
        .read_to_string(&mut rels)?;
    Ok(schema::orphans(&names, &rels))
}

/// Writes `document`, with each splice's XML in place of its marker's row or table, wherever
/// the template put the tables.
fn write_spliced(out: &mut impl Write, document: &str, splices: &[Splice]) -> std::io::Result<()> {
    let mut found: Vec<(usize, &Splice)> = splices
        .iter()
        .filter_map(|splice| Some((document.find(splice.marker.as_str())?, splice)))
        .collect();
    found.sort_by_key(|(at, _)| *at);
    let mut rest = document;
    for (_, splice) in found {
        if let Some((before, after)) =
            super::rows::around_marker(rest, &splice.marker, splice.replaces)
        {
            out.write_all(before.as_bytes())?;
            out.write_all(splice.xml.as_bytes())?;
            rest = after;
        }
    }
    out.write_all(rest.as_bytes())
}

/// docx-rs writes a whole field (begin, instruction, separator, result, end) inside one run.
/// Word reads that, but LibreOffice loses the table of contents' first entry to its field code;
/// Word itself gives each field character and instruction a run of its own, so do the same.
fn split_field_runs(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len() + xml.len() / 50);
    let mut rest = xml;
    loop {
        // The next field element: a field character, or an instruction's closing tag.
        let next = [rest.find("<w:fldChar "), rest.find("</w:instrText>")]
            .into_iter()
            .flatten()
            .min();
        let Some(at) = next else { break };
        let end = if rest[at..].starts_with("</w:instrText>") {
            at + "</w:instrText>".len()
        } else {
            match rest[at..].find("/>") {
                Some(e) => at + e + 2,
                None => break,
            }
        };
        // A field character that follows other run content starts a run of its own.
        let before = &rest[..at];
        out.push_str(before);
        if rest[at..].starts_with("<w:fldChar ")
            && !out.ends_with("<w:rPr />")
            && !out.ends_with("<w:r>")
        {
            out.push_str("</w:r><w:r>");
        }
        out.push_str(&rest[at..end]);
        rest = &rest[end..];
        if !rest.starts_with("</w:r>") {
            out.push_str("</w:r><w:r>");
        }
    }
    out.push_str(rest);
    out
}

fn renumber_para_ids(xml: &str, next: &mut u32) -> String {
    const KEY: &str = "w14:paraId=\"";
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(at) = rest.find(KEY) {
        let value_start = at + KEY.len();
        let Some(len) = rest[value_start..].find('"') else {
            break;
        };
        *next += 1;
        out.push_str(&rest[..value_start]);
        out.push_str(&format!("{:08X}", *next));
        rest = &rest[value_start + len..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_get_runs_of_their_own() {
        let xml = "<w:r><w:rPr /><w:fldChar w:fldCharType=\"begin\" /><w:instrText>PAGE</w:instrText><w:fldChar w:fldCharType=\"separate\" /><w:t>1</w:t><w:fldChar w:fldCharType=\"end\" /></w:r>";
        assert_eq!(
            split_field_runs(xml),
            "<w:r><w:rPr /><w:fldChar w:fldCharType=\"begin\" /></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\" /></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\" /></w:r>"
        );
    }
}
