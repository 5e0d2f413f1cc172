//! The shared-string table a long sheet's text goes into (see [`super::xlsx_splice`]): each
//! distinct text is written once, in `xl/sharedStrings.xml`, and every cell that holds it names
//! its index, as Excel itself saves a workbook. On Line Items, where a handful of parts repeat on
//! a hundred thousand rows, this cuts a quarter of the XML to write and deflate, and each text is
//! escaped and measured once, not once a cell. Also how text is escaped as a cell's XML.

// std's hasher, not a faster one: the texts are the room list's, and a list made to collide must
// not make this quadratic.
use std::collections::HashMap;

/// The strings a laid-out workbook holds, and those its long sheets add after them.
pub struct SharedStrings {
    /// How many strings the laid-out table holds: the first added string takes this index.
    base: u32,
    /// References the laid-out table counts (its `count`).
    base_references: u64,
    index: HashMap<Box<str>, u32>,
    /// The added strings' `<si>` elements, in index order.
    added: Vec<u8>,
    added_count: u32,
    /// Cells that refer to an added string.
    references: u64,
    /// Lines a string takes in a column wrapped at a width, by (index, width).
    lines: HashMap<(u32, u32), u32>,
}

impl SharedStrings {
    /// The table of a laid-out `xl/sharedStrings.xml`, to be added to.
    pub fn of(xml: &str) -> SharedStrings {
        let base = xml.matches("<si>").count() as u32;
        let base_references = sst_attribute(xml, "count").unwrap_or(u64::from(base));
        SharedStrings {
            base,
            base_references,
            index: HashMap::new(),
            added: Vec::new(),
            added_count: 0,
            references: 0,
            lines: HashMap::new(),
        }
    }

    /// The index of `text` in the table, added if new; a reference is counted.
    pub fn index(&mut self, text: &str) -> u32 {
        self.references += 1;
        if let Some(&index) = self.index.get(text) {
            return index;
        }
        let index = self.base + self.added_count;
        self.added_count += 1;
        self.added.extend_from_slice(b"<si>");
        push_text_element(text, &mut self.added);
        self.added.extend_from_slice(b"</si>");
        self.index.insert(text.into(), index);
        index
    }

    /// The lines the string at `index` (which is `text`) takes in a column wrapped at `cap`
    /// pixels, worked out once.
    pub fn lines(&mut self, index: u32, text: &str, cap: u32) -> u32 {
        *self
            .lines
            .entry((index, cap))
            .or_insert_with(|| super::xlsx_table::wrapped_lines(text, cap))
    }

    /// The laid-out table's XML with the added strings after its own and its counts made to
    /// match; `None` when it is not a table this can add to.
    pub fn table(&self, xml: &str) -> Option<Vec<u8>> {
        let start = xml.find("<sst ")?;
        let open_end = start + xml[start..].find('>')?;
        let end = xml.rfind("</sst>").filter(|&end| end > open_end)?;
        let mut out = Vec::with_capacity(xml.len() + self.added.len() + 64);
        out.extend_from_slice(&xml.as_bytes()[..start]);
        // The table's own attributes (its namespace) are kept; its counts are written anew.
        out.extend_from_slice(b"<sst");
        for attribute in split_attributes(&xml[start + 5..open_end]) {
            let name = attribute.split('=').next().unwrap_or("").trim();
            if name != "count" && name != "uniqueCount" {
                out.push(b' ');
                out.extend_from_slice(attribute.as_bytes());
            }
        }
        let references = self.base_references + self.references;
        let unique = self.base + self.added_count;
        out.extend_from_slice(
            format!(" count=\"{references}\" uniqueCount=\"{unique}\">").as_bytes(),
        );
        out.extend_from_slice(&xml.as_bytes()[open_end + 1..end]);
        out.extend_from_slice(&self.added);
        out.extend_from_slice(&xml.as_bytes()[end..]);
        Some(out)
    }
}

/// A numeric attribute of the `<sst>` element.
fn sst_attribute(xml: &str, name: &str) -> Option<u64> {
    let start = xml.find("<sst ")?;
    let open = &xml[start..start + xml[start..].find('>')?];
    split_attributes(&open[5..]).find_map(|attribute| {
        let (key, value) = attribute.split_once('=')?;
        (key.trim() == name)
            .then(|| value.trim().trim_matches('"').parse().ok())
            .flatten()
    })
}

/// The `name="value"` pairs of an element's attribute text (values hold no quote: XML escapes
/// it).
fn split_attributes(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text.trim();
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let equals = rest.find('=')?;
        let open = equals + rest[equals..].find('"')?;
        let close = open + 1 + rest[open + 1..].find('"')?;
        let attribute = &rest[..=close];
        rest = rest[close + 1..].trim_start();
        Some(attribute)
    })
}

/// `<t>text</t>`, escaped, its edge spaces kept (a shared string's or an inline cell's text).
pub fn push_text_element(text: &str, out: &mut Vec<u8>) {
    out.extend_from_slice(b"<t");
    let whitespace = ['\t', '\n', ' '];
    if text.starts_with(whitespace) || text.ends_with(whitespace) {
        out.extend_from_slice(b" xml:space=\"preserve\"");
    }
    out.push(b'>');
    escape_text(text, out);
    out.extend_from_slice(b"</t>");
}

/// Text as a cell's XML text, escaped as Excel does: markup characters as entities, control
/// characters as `_xHHHH_`, and a literal `_xHHHH_` by its underscore.
pub fn escape_text(text: &str, out: &mut Vec<u8>) {
    let bytes = text.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escaped: Option<std::borrow::Cow<'static, str>> = match b {
            b'&' => Some("&amp;".into()),
            b'<' => Some("&lt;".into()),
            b'>' => Some("&gt;".into()),
            b'\t' | b'\n' => None,
            0..=0x1f => Some(format!("_x{b:04X}_").into()),
            b'_' if is_escape_sequence(&bytes[i..]) => Some("_x005F".into()),
            _ => None,
        };
        if let Some(escaped) = escaped {
            out.extend_from_slice(&bytes[start..i]);
            out.extend_from_slice(escaped.as_bytes());
            // The underscore itself is kept after `_x005F`.
            start = if b == b'_' { i } else { i + 1 };
        }
    }
    out.extend_from_slice(&bytes[start..]);
}

/// `_xHHHH_` at the start of `bytes`.
fn is_escape_sequence(bytes: &[u8]) -> bool {
    bytes.len() >= 7
        && bytes[1] == b'x'
        && bytes[2..6].iter().all(u8::is_ascii_hexdigit)
        && bytes[6] == b'_'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(text: &str) -> String {
        let mut out = Vec::new();
        escape_text(text, &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn text_is_escaped_as_excel_escapes_it() {
        assert_eq!(escaped("a<b>&c"), "a&lt;b&gt;&amp;c");
        assert_eq!(escaped("tab\there\nline"), "tab\there\nline");
        assert_eq!(escaped("bell\u{7}"), "bell_x0007_");
        assert_eq!(escaped("_x0041_ and _x12_"), "_x005F_x0041_ and _x12_");
        assert_eq!(escaped("Café — ñ"), "Café — ñ");
    }

    const LAID_OUT: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5" uniqueCount="2"><si><t>Room</t></si><si><t xml:space="preserve"> Qty</t></si></sst>"#;

    #[test]
    fn added_strings_follow_the_table_and_repeat_by_index() {
        let mut strings = SharedStrings::of(LAID_OUT);
        assert_eq!(strings.index("A & B"), 2);
        assert_eq!(strings.index(" padded"), 3);
        assert_eq!(strings.index("A & B"), 2);
        let table = String::from_utf8(strings.table(LAID_OUT).unwrap()).unwrap();
        assert!(table.contains(
            r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="8" uniqueCount="4">"#
        ), "{table}");
        assert!(table.ends_with(
            r#"<si><t xml:space="preserve"> Qty</t></si><si><t>A &amp; B</t></si><si><t xml:space="preserve"> padded</t></si></sst>"#
        ), "{table}");
    }

    #[test]
    fn a_table_that_is_not_one_is_refused() {
        let strings = SharedStrings::of("<x/>");
        assert!(strings.table("<x/>").is_none());
        assert!(strings.table("<sst count=\"0\"/>").is_none());
    }

    #[test]
    fn lines_are_those_of_the_text() {
        let mut strings = SharedStrings::of(LAID_OUT);
        let long = "word ".repeat(40);
        let index = strings.index(&long);
        let lines = strings.lines(index, &long, 200);
        assert!(lines > 1);
        assert_eq!(lines, super::super::xlsx_table::wrapped_lines(&long, 200));
    }
}
