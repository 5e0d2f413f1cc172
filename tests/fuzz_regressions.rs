//! Inputs the fuzzer (scripts/fuzz.sh) found that made calamine panic while reading an xls file's
//! compound-file structure (a sector past the end of the file, an allocation table cut short
//! mid-entry, a chain pointing outside its table), and relatives of them. The reader catches a
//! parser's panic and reports a damaged file; the `cfb-*` ones must now be refused by the
//! structure check before calamine sees them, with the check's own reason. `xls-short-record.xls`
//! still panics inside calamine's record parsing and is caught.
//!
//! `SOWGEN_FUZZ_SCAN=DIR cargo test --test fuzz_regressions -- --nocapture` reads every file of
//! another folder (a fuzz corpus, say): a panic escaping the reader fails the test, and the files
//! whose parser panic was caught are listed.

use sowgen::Catalog;
use sowgen::{Error, ReadOptions, read_bytes};
use std::path::{Path, PathBuf};

const CAUGHT: &str = "its structure is inconsistent";

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// The first error reading the file gave, or `None` when it read as a room list.
fn first_error(bytes: &[u8]) -> Option<String> {
    match read_bytes(
        "fuzz",
        bytes,
        &Catalog::default_catalog(),
        &ReadOptions::default(),
    ) {
        Ok(_) => None,
        Err(Error::Rejected(r)) => r.errors.first().map(ToString::to_string),
        Err(e) => Some(e.to_string()),
    }
}

#[test]
fn inputs_the_fuzzer_found_are_refused_with_a_reason() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    for file in files(&dir) {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let error = first_error(&std::fs::read(&file).unwrap())
            .unwrap_or_else(|| panic!("{name} was read as a room list"));
        assert!(
            error.starts_with("the file is not a readable workbook (damaged"),
            "{name}: {error}"
        );
        if name.starts_with("cfb-") {
            assert!(
                !error.contains(CAUGHT),
                "{name} reached the parser: {error}"
            );
        }
    }
}

#[test]
fn a_folder_of_inputs_reads_without_a_panic_escaping() {
    let Some(dir) = std::env::var_os("SOWGEN_FUZZ_SCAN") else {
        return;
    };
    let mut caught = 0;
    let files = files(Path::new(&dir));
    for file in &files {
        // A fuzzer running on the same folder may remove files as it goes.
        let Ok(bytes) = std::fs::read(file) else {
            continue;
        };
        if first_error(&bytes).is_some_and(|e| e.contains(CAUGHT)) {
            println!("caught parser panic: {}", file.display());
            caught += 1;
        }
    }
    println!("{} inputs read, {caught} parser panics caught", files.len());
}
