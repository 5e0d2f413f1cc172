//! The package as one .zip, built in memory, and names for downloads.

use super::pipeline::OutFile;
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// A name safe as a download's file name: ASCII letters, digits, `-`, `_` and `.`, at most 60
/// characters, never empty and never starting with a dot.
pub fn safe_name(text: &str) -> String {
    let mut out = String::new();
    for ch in text.chars() {
        let ch = if ch.is_ascii_alphanumeric() || matches!(ch, '-' | '_' | '.') {
            ch
        } else {
            '-'
        };
        if !(ch == '-' && out.ends_with('-')) {
            out.push(ch);
        }
    }
    let out: String = out
        .trim_matches(|c| c == '-' || c == '.')
        .chars()
        .take(60)
        .collect();
    if out.is_empty() { "sowgen".into() } else { out }
}

/// Zip `files` under one folder named `folder`. Already-compressed formats are stored as they
/// are; the rest deflated. Entries carry a fixed date, so the same package zips to the same bytes.
pub fn zip(folder: &str, files: &[OutFile]) -> Result<Vec<u8>, String> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    for file in files {
        let packed = [".docx", ".xlsx", ".pdf"]
            .iter()
            .any(|ext| file.name.ends_with(ext));
        let method = if packed {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(DateTime::default())
            .large_file(file.bytes.len() as u64 >= u32::MAX as u64);
        writer
            .start_file(format!("{folder}/{}", file.name), options)
            .map_err(|e| format!("the zip could not be written: {e}"))?;
        writer
            .write_all(&file.bytes)
            .map_err(|e| format!("the zip could not be written: {e}"))?;
    }
    writer
        .finish()
        .map(Cursor::into_inner)
        .map_err(|e| format!("the zip could not be written: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn names_keep_only_safe_characters() {
        assert_eq!(safe_name("Clinic Fit-Out"), "Clinic-Fit-Out");
        assert_eq!(safe_name("../../etc/passwd"), "etc-passwd");
        assert_eq!(safe_name("\u{202e}exe.txt"), "exe.txt");
        assert_eq!(safe_name("..."), "sowgen");
        assert_eq!(safe_name(&"a".repeat(100)).len(), 60);
    }

    #[test]
    fn zips_every_file_under_its_folder_the_same_way_twice() {
        let files = vec![
            OutFile {
                name: "estimate.json".into(),
                bytes: b"{\"a\":1}".to_vec(),
            },
            OutFile {
                name: "bid-packages/cabling.xlsx".into(),
                bytes: vec![1, 2, 3],
            },
        ];
        let bytes = zip("clinic-sow", &files).unwrap();
        assert_eq!(bytes, zip("clinic-sow", &files).unwrap());
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut text = String::new();
        archive
            .by_name("clinic-sow/estimate.json")
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "{\"a\":1}");
        assert!(
            archive
                .by_name("clinic-sow/bid-packages/cabling.xlsx")
                .is_ok()
        );
    }
}
