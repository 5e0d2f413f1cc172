//! Decides what a file is from its bytes, never its extension.

use crate::problem::Problem;
use std::io::Cursor;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
    Csv,
}

/// Inflated size past which a zipped workbook is refused. Checked against the sizes the archive
/// declares before anything is inflated, then against what each part really inflates to, since
/// declared sizes can lie. A room list of ten thousand rooms inflates to a few MB; the bound also
/// keeps the time spent parsing a file of nothing (empty styled cells, say) well under a second.
pub const MAX_INFLATED_BYTES: u64 = 64 * 1024 * 1024;
/// The shared-string table is held whole in memory by the workbook reader, at a few times its
/// inflated size, so it gets a tighter bound of its own.
const MAX_SHARED_STRINGS_BYTES: u64 = 32 * 1024 * 1024;

/// Parts of a zipped workbook: a sheet is a few parts, and a workbook has at most a few
/// hundred sheets. Each entry costs the zip reader its central-directory record in memory.
pub const MAX_ENTRIES: usize = 10_000;

const NOT_A_WORKBOOK: &str = "the file is not a readable workbook";

fn not_a_workbook(what: &str) -> Problem {
    Problem::file(format!("{NOT_A_WORKBOOK} ({what})"))
}

pub fn sniff(bytes: &[u8]) -> Result<Format, Problem> {
    if bytes.is_empty() {
        return Err(not_a_workbook("the file is empty"));
    }
    if bytes.starts_with(b"PK") {
        return sniff_zip(bytes);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return sniff_ole(bytes);
    }
    if bytes.starts_with(b"%PDF") {
        return Err(not_a_workbook("it is a PDF document"));
    }
    for (magic, what) in [
        (&b"\x89PNG"[..], "it is a PNG image"),
        (&b"\xFF\xD8\xFF"[..], "it is a JPEG image"),
        (&b"{\\rtf"[..], "it is an RTF document"),
        (&b"\x1F\x8B"[..], "it is a gzip archive"),
        (&b"Rar!"[..], "it is a RAR archive"),
        (&b"7z\xBC\xAF"[..], "it is a 7-Zip archive"),
    ] {
        if bytes.starts_with(magic) {
            return Err(not_a_workbook(what));
        }
    }
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let head = &text[..text.len().min(4096)];
    if head.contains(&0) || std::str::from_utf8(text).is_err() {
        return Err(not_a_workbook("unrecognised binary data"));
    }
    let lower = String::from_utf8_lossy(head)
        .trim_start()
        .to_ascii_lowercase();
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") {
        return Err(not_a_workbook("it is an HTML page"));
    }
    if lower.starts_with("<?xml") {
        return Err(not_a_workbook(
            "it is an XML file; save it from Excel as .xlsx",
        ));
    }
    Ok(Format::Csv)
}

/// An OLE compound file is an xls workbook when it holds a Workbook (or Book) stream; Word,
/// PowerPoint and password-protected Office files are the same kind of file.
fn sniff_ole(bytes: &[u8]) -> Result<Format, Problem> {
    // An unreadable directory is for the workbook reader to report as damaged.
    let Some(names) = super::xls_guard::entry_names(bytes) else {
        return Ok(Format::Xls);
    };
    let has = |name: &str| names.iter().any(|n| n.eq_ignore_ascii_case(name));
    if has("Workbook") || has("Book") {
        Ok(Format::Xls)
    } else if has("EncryptedPackage") {
        Err(not_a_workbook(
            "it is protected by a password; save a copy without one",
        ))
    } else if has("WordDocument") {
        Err(not_a_workbook("it is a Word document"))
    } else if has("PowerPoint Document") {
        Err(not_a_workbook("it is a PowerPoint presentation"))
    } else {
        Err(not_a_workbook(
            "it is an Office compound file with no workbook inside",
        ))
    }
}

fn sniff_zip(bytes: &[u8]) -> Result<Format, Problem> {
    check_zip64_entries(bytes)?;
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| not_a_workbook("damaged or truncated"))?;
    let mut declared: u64 = 0;
    if archive.len() > MAX_ENTRIES {
        return Err(not_a_workbook(&format!(
            "it holds {} parts, more than the {MAX_ENTRIES} a workbook has",
            archive.len()
        )));
    }
    let mut names = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        // Only the central directory is read here: sizes as the archive declares them.
        let Ok(entry) = archive.by_index_raw(i) else {
            return Err(not_a_workbook("damaged or truncated"));
        };
        declared = declared.saturating_add(entry.size());
        names.push(entry.name().map(|n| n.to_string()).unwrap_or_default());
    }
    if declared > MAX_INFLATED_BYTES {
        return Err(too_big(declared));
    }
    // Two parts of one name (part names ignore case): readers disagree on which one counts, so
    // what sowgen reads might not be what Excel shows. The zip reader keeps one entry per exact
    // name, so a repeated exact name shows as fewer entries than the archive declares.
    let mut seen = std::collections::HashSet::with_capacity(names.len());
    let repeated = names.iter().find(|n| !seen.insert(n.to_lowercase()));
    let declared = declared_entries(bytes);
    if repeated.is_some() || declared.is_some_and(|n| n > names.len() as u64) {
        let which = repeated.map_or_else(String::new, |n| format!("the part '{n}' "));
        return Err(not_a_workbook(&format!(
            "{which}is in the archive twice; it may have been tampered with"
        )));
    }
    check_real_sizes(&mut archive)?;
    let has = |name: &str| names.iter().any(|n| n.eq_ignore_ascii_case(name));
    if has("xl/workbook.xml") {
        return Ok(Format::Xlsx);
    }
    if has("xl/workbook.bin") {
        return Ok(Format::Xlsb);
    }
    if has("content.xml") {
        let mimetype = archive
            .by_name("mimetype")
            .ok()
            .filter(|e| e.size() < 256)
            .map(|mut e| {
                let mut s = String::new();
                let _ = std::io::Read::read_to_string(&mut e, &mut s);
                s
            })
            .unwrap_or_default();
        if mimetype.contains("spreadsheet") {
            return Ok(Format::Ods);
        }
        if mimetype.contains("text") {
            return Err(not_a_workbook("it is an OpenDocument text document"));
        }
        if mimetype.contains("presentation") {
            return Err(not_a_workbook("it is an OpenDocument presentation"));
        }
        return Ok(Format::Ods);
    }
    if has("word/document.xml") {
        return Err(not_a_workbook("it is a Word document"));
    }
    if has("ppt/presentation.xml") {
        return Err(not_a_workbook("it is a PowerPoint presentation"));
    }
    Err(not_a_workbook(
        "it is a zip archive with no workbook inside",
    ))
}

/// The zip reader sizes its table of entries by the count a zip64 end record declares (bounded
/// only by sizes the same record declares), before a single entry is read: a few bytes can ask
/// for gigabytes. A classic end record counts at most 65,535 entries; where it defers to a zip64
/// one, every zip64 end record in the file is checked, as the reader may try any of them.
fn check_zip64_entries(bytes: &[u8]) -> Result<(), Problem> {
    let u16_at = |at: usize| {
        bytes
            .get(at..at + 2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
    };
    let u32_at = |at: usize| {
        bytes
            .get(at..at + 4)
            .map(|b| u32::from_le_bytes(b.try_into().expect("four bytes")))
    };
    let u64_at = |at: usize| {
        bytes
            .get(at..at + 8)
            .map(|b| u64::from_le_bytes(b.try_into().expect("eight bytes")))
    };
    let tail = bytes.len().saturating_sub(22 + 65_536 + 4);
    let defers = positions(&bytes[tail..], b"PK\x05\x06").any(|at| {
        let at = tail + at;
        u16_at(at + 10) == Some(0xFFFF)
            || u16_at(at + 8) == Some(0xFFFF)
            || u32_at(at + 12) == Some(0xFFFF_FFFF)
            || u32_at(at + 16) == Some(0xFFFF_FFFF)
    });
    if !defers {
        return Ok(());
    }
    for at in positions(bytes, b"PK\x06\x06") {
        let on_disk = u64_at(at + 24).unwrap_or(0);
        let total = u64_at(at + 32).unwrap_or(0);
        let size = u64_at(at + 40).unwrap_or(0);
        if on_disk.max(total) > MAX_ENTRIES as u64 || size > bytes.len() as u64 {
            return Err(not_a_workbook(&format!(
                "it declares {} parts, more than the {MAX_ENTRIES} a workbook has",
                on_disk.max(total)
            )));
        }
    }
    Ok(())
}

/// The entries the archive's end record declares (its zip64 record where it defers to one).
fn declared_entries(bytes: &[u8]) -> Option<u64> {
    let tail = bytes.len().saturating_sub(22 + 65_536 + 4);
    let at = tail + positions(&bytes[tail..], b"PK\x05\x06").last()?;
    let count = u64::from(u16::from_le_bytes(
        bytes.get(at + 10..at + 12)?.try_into().ok()?,
    ));
    if count != 0xFFFF {
        return Some(count);
    }
    let locator = at.checked_sub(20)?;
    if bytes.get(locator..locator + 4)? != b"PK\x06\x07" {
        return None;
    }
    let record = u64::from_le_bytes(bytes.get(locator + 8..locator + 16)?.try_into().ok()?);
    let record = usize::try_from(record).ok()?;
    if bytes.get(record..record + 4)? != b"PK\x06\x06" {
        return None;
    }
    Some(u64::from_le_bytes(
        bytes.get(record + 32..record + 40)?.try_into().ok()?,
    ))
}

fn positions<'a>(bytes: &'a [u8], magic: &'a [u8; 4]) -> impl Iterator<Item = usize> + 'a {
    bytes
        .windows(4)
        .enumerate()
        .filter(move |(_, w)| w == magic)
        .map(|(i, _)| i)
}

fn too_big(bytes: u64) -> Problem {
    not_a_workbook(&format!(
        "its parts would inflate to {} MB, past the {} MB limit; it may be a zip bomb",
        bytes.div_ceil(1024 * 1024),
        MAX_INFLATED_BYTES / (1024 * 1024)
    ))
}

/// Inflates every part into a counting sink that stops one byte past the part's declared size, so a
/// part that lies about its size is caught after at most that many bytes. The zip reader that
/// calamine uses stops there too (zip 9 does); this keeps the bound ours, whatever its version,
/// and names the cause.
fn check_real_sizes(archive: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<(), Problem> {
    for i in 0..archive.len() {
        let mut entry = archive
            .by_index(i)
            .map_err(|_| not_a_workbook("damaged or truncated"))?;
        let declared = entry.size();
        let is_shared_strings = entry
            .name()
            .is_ok_and(|n| n.to_ascii_lowercase().ends_with("sharedstrings.xml"));
        if is_shared_strings && declared > MAX_SHARED_STRINGS_BYTES {
            return Err(not_a_workbook(&format!(
                "its shared-string table would inflate to {} MB, past the {} MB limit",
                declared.div_ceil(1024 * 1024),
                MAX_SHARED_STRINGS_BYTES / (1024 * 1024)
            )));
        }
        let lying = || {
            not_a_workbook(
                "a part inflates past the size the archive declares for it; it may be a zip bomb",
            )
        };
        let real = std::io::copy(
            &mut std::io::Read::take(&mut entry, declared.saturating_add(1)),
            &mut std::io::sink(),
        )
        .map_err(|e| {
            // The zip reader stops a part at its declared size by itself, with this error.
            if e.to_string().contains("larger than its declared") {
                lying()
            } else {
                not_a_workbook("damaged or truncated")
            }
        })?;
        if real > declared {
            return Err(lying());
        }
        // The record streams the workbook reader reads (other .bin parts, such as a macro
        // project or printer settings, are another format and never read).
        let lower = entry
            .name()
            .map(|n| n.to_ascii_lowercase())
            .unwrap_or_default();
        let is_sheet = lower.starts_with("xl/worksheets/") && lower.ends_with(".bin");
        let is_binary = is_sheet
            || matches!(
                lower.as_str(),
                "xl/workbook.bin" | "xl/styles.bin" | "xl/sharedstrings.bin"
            );
        if is_binary {
            drop(entry);
            let entry = archive
                .by_index(i)
                .map_err(|_| not_a_workbook("damaged or truncated"))?;
            check_records(entry, is_sheet)?;
        } else if is_shared_strings {
            drop(entry);
            let entry = archive
                .by_index(i)
                .map_err(|_| not_a_workbook("damaged or truncated"))?;
            // The workbook reader reserves room for as many strings as the table says it holds.
            if declared_string_count(entry).is_some_and(|n| n > MAX_SHARED_STRINGS) {
                return Err(not_a_workbook(
                    "its shared-string table says it holds more strings than sowgen reads",
                ));
            }
        }
    }
    Ok(())
}

/// Strings a shared-string table may declare: as many as the cells sowgen reads.
const MAX_SHARED_STRINGS: u64 = super::sheet::MAX_CELLS;

/// The `uniqueCount` of a shared-string table's `<sst>` element, found as the workbook reader
/// finds it: the first element named `sst` (any prefix), wherever it sits in the part.
fn declared_string_count(part: impl std::io::Read) -> Option<u64> {
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(part));
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf).ok()? {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)
                if e.local_name().as_ref() == "sst" =>
            {
                let count = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.local_name().as_ref() == "uniqueCount")?;
                let digits: &str = &count.value;
                // A count that is not a plain number, or too long for u64, is refused.
                return Some(digits.trim().parse::<u64>().unwrap_or(u64::MAX));
            }
            quick_xml::events::Event::Eof => return None,
            _ => {}
        }
    }
}

/// Bytes of one record of a binary workbook part (xlsb). The reader sizes its buffer by each
/// record's declared length (up to 256 MB) before reading it; no real record is near this.
const MAX_RECORD_BYTES: u64 = 4 * 1024 * 1024;

/// Walks the records of an xlsb part: each declared length must be within the limit and within
/// what is left of the part.
/// In a sheet, a row header (BrtRowHdr) naming a row past the last a sheet has makes the reader
/// end the sheet there without a word: refused, so a damaged sheet is never read short.
fn check_records(part: impl std::io::Read, is_sheet: bool) -> Result<(), Problem> {
    let mut part = std::io::BufReader::new(part);
    fn next(part: &mut impl std::io::Read) -> Option<u8> {
        let mut b = [0u8];
        part.read_exact(&mut b).ok().map(|()| b[0])
    }
    let bad = |what: &str| not_a_workbook(&format!("damaged: {what}"));
    loop {
        // The type: one byte, or two where the first has its high bit set.
        let Some(first) = next(&mut part) else {
            return Ok(());
        };
        let second = if first & 0x80 != 0 {
            next(&mut part).ok_or_else(|| bad("a record is cut short"))?
        } else {
            0
        };
        let typ = u16::from(first & 0x7F) | (u16::from(second & 0x7F) << 7);
        let mut len = 0u64;
        for i in 0..4 {
            let b = next(&mut part).ok_or_else(|| bad("a record is cut short"))?;
            len |= u64::from(b & 0x7F) << (7 * i);
            if b & 0x80 == 0 {
                break;
            }
        }
        if len > MAX_RECORD_BYTES {
            return Err(bad("a record declares a length past the limit"));
        }
        if is_sheet && typ == 0x0000 && len >= 4 {
            let mut row = [0u8; 4];
            std::io::Read::read_exact(&mut part, &mut row)
                .map_err(|_| bad("a record runs past the end of its part"))?;
            len -= 4;
            if u32::from_le_bytes(row) > 0x0010_0000 {
                return Err(bad(
                    "a row record names a row past the end of the sheet, where reading would stop",
                ));
            }
        }
        let skipped = std::io::copy(
            &mut std::io::Read::take(&mut part, len),
            &mut std::io::sink(),
        )
        .map_err(|_| bad("a record cannot be read"))?;
        if skipped < len {
            return Err(bad("a record runs past the end of its part"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(bytes: &[u8]) -> String {
        sniff(bytes).unwrap_err().message
    }

    #[test]
    fn names_what_the_file_is() {
        assert!(message(b"%PDF-1.4 hello").contains("PDF document"));
        assert!(message(b"").contains("empty"));
        assert!(message(b"PK\x03\x04 truncated").contains("damaged or truncated"));
        assert!(message(b"\x00\x01\x02\xFF\xFE").contains("binary"));
        assert_eq!(
            sniff(b"\xEF\xBB\xBFRoom,Type\n1,Office\n").unwrap(),
            Format::Csv
        );
    }
}
