//! The package as one .zip, built in memory, and names for downloads.

use super::pipeline::OutFile;
use std::io::{Cursor, Read, Write};
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

/// The most of an `estimate.json` unpacked from an uploaded zip (a campus-scale package's is a
/// few tens of MB): a zip that inflates past it is refused, not unpacked.
const MAX_ESTIMATE_BYTES: u64 = 512 * 1024 * 1024;

/// A package's `estimate.json`, from the package's zip as this page gives it (the file in its
/// folder) or from the file itself. `name` is the upload's display name, for messages only.
pub fn estimate_json(name: &str, bytes: &[u8]) -> Result<Vec<u8>, String> {
    if !bytes.starts_with(b"PK") {
        return Ok(bytes.to_vec());
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("{name} is not a zip that can be read ({e})"))?;
    // The shallowest estimate.json: the package's own, not one a folder inside might hold.
    let inside = archive
        .file_names()
        .filter_map(Result::ok)
        .map(|n| n.into_owned())
        .filter(|n| n == "estimate.json" || n.ends_with("/estimate.json"))
        .min_by_key(|n| (n.matches('/').count(), n.clone()))
        .ok_or_else(|| {
            format!(
                "{name} holds no estimate.json: choose the package's .zip as this page gave it, \
                 or the estimate.json from the package's folder"
            )
        })?;
    let entry = archive
        .by_name(&inside)
        .map_err(|e| format!("{name}: {inside} cannot be read ({e})"))?;
    let mut out = Vec::new();
    entry
        .take(MAX_ESTIMATE_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("{name}: {inside} cannot be read ({e})"))?;
    if out.len() as u64 > MAX_ESTIMATE_BYTES {
        return Err(format!(
            "{name}: {inside} is larger than any package's estimate"
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_estimate_comes_from_a_packages_zip_or_as_it_is() {
        let files = vec![
            OutFile {
                name: "bid-packages/estimate.json".into(),
                bytes: b"{\"deeper\":1}".to_vec(),
            },
            OutFile {
                name: "estimate.json".into(),
                bytes: b"{\"a\":1}".to_vec(),
            },
        ];
        let zipped = zip("clinic-sow", &files).unwrap();
        assert_eq!(estimate_json("p.zip", &zipped).unwrap(), b"{\"a\":1}");
        assert_eq!(estimate_json("e.json", b"{}").unwrap(), b"{}");
        let other = zip("x", &files[..1]).unwrap();
        assert_eq!(estimate_json("p.zip", &other).unwrap(), b"{\"deeper\":1}");
        let none = zip("x", &[]).unwrap();
        assert!(estimate_json("p.zip", &none).is_err());
    }

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
