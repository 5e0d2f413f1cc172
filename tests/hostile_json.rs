//! With `--json`, every outcome prints exactly one JSON document on stdout (issue 13, class 7):
//! each failure class below is run and its stdout parsed whole.

mod common;
use common::*;
use std::path::Path;

const LIST: &str = "Room,Room Type,Data\n1-101,Office,2\n1-102,Exam Room,4\n";

/// Runs sowgen with `args` and `--json`; stdout must be one JSON document. Gives it and the code.
fn run(args: &[&std::ffi::OsStr]) -> (serde_json::Value, i32) {
    let output = sowgen().args(args).arg("--json").output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "{args:?}: stdout is not one JSON document ({e}):\n{stdout}\nstderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (value, output.status.code().unwrap_or(-1))
}

fn os(s: &(impl AsRef<std::ffi::OsStr> + ?Sized)) -> &std::ffi::OsStr {
    s.as_ref()
}

fn first_error(json: &serde_json::Value) -> String {
    json["errors"][0]["message"]
        .as_str()
        .unwrap_or_else(|| panic!("no errors[0].message in {json}"))
        .to_string()
}

fn setup(dir: &Path) -> std::path::PathBuf {
    let list = dir.join("list.csv");
    std::fs::write(&list, LIST).unwrap();
    list
}

#[test]
fn a_missing_file_is_one_json_document_for_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let list = setup(dir.path());
    let missing = dir.path().join("missing.xlsx");
    let out = dir.path().join("out");
    for args in [
        vec![os("check"), os(&missing)],
        vec![os("build"), os(&missing), os("-o"), os(&out)],
        vec![os("diff"), os(&missing), os(&list), os("-o"), os(&out)],
        vec![os("diff"), os(&list), os(&missing), os("-o"), os(&out)],
    ] {
        let (json, code) = run(&args);
        assert_eq!(code, 1, "{args:?}: {json}");
        assert!(first_error(&json).contains("missing.xlsx"), "{json}");
    }
}

#[test]
fn a_bad_catalog_template_or_project_file_is_one_json_document() {
    let dir = tempfile::tempdir().unwrap();
    let list = setup(dir.path());
    let out = dir.path().join("out");
    let broken = dir.path().join("broken.toml");
    std::fs::write(&broken, "[about\nname = ").unwrap();
    let invalid = dir.path().join("invalid.toml");
    std::fs::write(
        &invalid,
        sowgen::DEFAULT_CATALOG.replacen("unit_cost = \"", "unit_cost = \"-", 1),
    )
    .unwrap();
    let project = dir.path().join("project.toml");
    std::fs::write(&project, "name = 12\n").unwrap();
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    std::fs::write(templates.join("scope-of-work.hbs"), "{{#if}}\n").unwrap();
    let loops = dir.path().join("loops");
    std::fs::create_dir(&loops).unwrap();
    std::fs::write(loops.join("bid-package.hbs"), "{{> bid-package.hbs}}").unwrap();
    let missing_catalog = dir.path().join("nope.toml");
    for (flag, value, says) in [
        ("--catalog", &broken, "broken.toml"),
        ("--catalog", &invalid, "unit_cost"),
        ("--catalog", &missing_catalog, "nope.toml"),
        ("--project", &project, "project.toml"),
        ("--templates", &templates, "scope-of-work.hbs"),
        ("--templates", &loops, "includes itself"),
    ] {
        for command in ["check", "build", "diff"] {
            // Only build renders narrative from templates.
            if command != "build" && flag == "--templates" {
                continue;
            }
            let mut args = vec![os(command), os(&list)];
            if command == "diff" {
                args.push(os(&list));
            }
            args.extend([os(flag), os(value)]);
            if command != "check" {
                args.extend([os("-o"), os(&out)]);
            }
            let (json, code) = run(&args);
            assert_eq!(code, 1, "{args:?}: {json}");
            let text = json["errors"].to_string();
            assert!(text.contains(says), "{args:?}: {json}");
        }
    }
}

#[test]
fn a_failed_write_is_one_json_document() {
    let dir = tempfile::tempdir().unwrap();
    let list = setup(dir.path());
    // A folder inside a file cannot be made.
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let out = file.join("out");
    for args in [
        vec![os("build"), os(&list), os("-o"), os(&out)],
        vec![os("diff"), os(&list), os(&list), os("-o"), os(&out)],
    ] {
        let (json, code) = run(&args);
        assert_eq!(code, 1, "{args:?}: {json}");
        assert!(!first_error(&json).is_empty());
    }
}

#[test]
fn rejected_lists_and_usage_errors_are_one_json_document() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "Room,Room Type,Data\n1-101,Office,lots\n").unwrap();
    let out = dir.path().join("out");
    let (json, code) = run(&[os("check"), os(&bad)]);
    assert_eq!(code, 1);
    assert_eq!(json["errors"][0]["row"], 2);
    let (json, code) = run(&[os("build"), os(&bad), os("-o"), os(&out)]);
    assert_eq!(code, 1);
    assert_eq!(json["errors"][0]["column"], "C");
    let (json, code) = run(&[os("diff"), os(&bad), os(&bad), os("-o"), os(&out)]);
    assert_eq!(code, 1);
    assert!(json["old"]["errors"].as_array().is_some(), "{json}");
    // A usage error (an unknown option) is reported as clap reports it, as JSON.
    let (json, code) = run(&[os("check"), os(&bad), os("--no-such-option")]);
    assert_eq!(code, 2);
    assert!(first_error(&json).contains("--no-such-option"), "{json}");
    let (json, code) = run(&[os("check")]);
    assert_eq!(code, 2, "{json}");
}

#[test]
fn a_hostile_file_is_one_json_document() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [
        ("empty.xlsx", Vec::new()),
        ("zip.xlsx", b"PK\x03\x04 truncated".to_vec()),
        ("ole.xls", {
            let mut b = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
            b.resize(4096, 0xFF);
            b
        }),
        ("binary.csv", vec![0, 1, 2, 0xFF, 0xFE]),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let (json, code) = run(&[os("check"), os(&path)]);
        assert_eq!(code, 1, "{name}: {json}");
        assert!(
            json["errors"].as_array().is_some_and(|e| !e.is_empty()),
            "{name}: {json}"
        );
    }
}
