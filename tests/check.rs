//! `sowgen check` on the samples: room counts, device totals, and every bad sample's error.

mod common;
use common::*;

#[test]
fn good_samples_give_the_expected_rooms_and_device_totals() {
    let expected = expected();
    for name in [
        "clinic-fitout.xlsx",
        "west-tower-rev-a.xlsx",
        "west-tower-rev-b.xlsx",
    ] {
        let (json, code) = json_of(sowgen().args(["check", "--json"]).arg(sample(name)));
        assert_eq!(code, 0, "{name}: {json}");
        let want = &expected[name];
        assert_eq!(json["rooms"], want["rooms"], "{name} rooms");
        for (short, key) in DEVICE_KEYS {
            assert_eq!(json["devices"][key], want["devices"][short], "{name} {key}");
        }
        assert_eq!(json["errors"].as_array().unwrap().len(), 0);
        assert_eq!(json["file"], name);
    }
}

#[test]
fn the_clinic_has_one_sheet_with_its_header_on_row_one() {
    let (json, _) = json_of(
        sowgen()
            .args(["check", "--json"])
            .arg(sample("clinic-fitout.xlsx")),
    );
    assert_eq!(
        json["sheets"],
        serde_json::json!([{"name": "Rooms", "header_row": 1, "rooms": 35}])
    );
}

#[test]
fn west_tower_reads_every_floor_sheet_and_skips_the_legend() {
    let (json, _) = json_of(
        sowgen()
            .args(["check", "--json"])
            .arg(sample("west-tower-rev-a.xlsx")),
    );
    let sheets: Vec<(&str, u64)> = json["sheets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap(),
                s["header_row"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(sheets, vec![("Level 3", 4), ("Level 4", 4), ("Level 5", 4)]);
    let warnings = json["warnings"].to_string();
    assert!(warnings.contains("Legend"), "{warnings}");
}

#[test]
fn every_bad_sample_gives_its_expected_error_and_exit_1() {
    let expected = expected();
    for (name, message) in expected["bad"].as_object().unwrap() {
        let message = message.as_str().unwrap();
        let (json, code) = json_of(
            sowgen()
                .args(["check", "--json"])
                .arg(sample(&format!("bad/{name}"))),
        );
        assert_eq!(code, 1, "{name}");
        let errors = json["errors"].as_array().unwrap();
        let shown: Vec<String> = errors.iter().map(render_problem).collect();
        assert!(
            shown.iter().any(|s| s.starts_with(message)),
            "{name}: expected '{message}', got {shown:?}"
        );
    }
}

/// A JSON problem in the SPEC's one-line form.
fn render_problem(p: &serde_json::Value) -> String {
    let mut place = Vec::new();
    if let Some(s) = p["sheet"].as_str() {
        place.push(format!("sheet {s}"));
    }
    if let Some(r) = p["row"].as_u64() {
        place.push(format!("row {r}"));
    }
    if let Some(c) = p["column"].as_str() {
        place.push(format!("column {c}"));
    }
    let message = p["message"].as_str().unwrap();
    if place.is_empty() {
        message.to_string()
    } else {
        format!("{}: {message}", place.join(", "))
    }
}

#[test]
fn human_output_names_the_problem_on_stderr() {
    let output = sowgen()
        .arg("check")
        .arg(sample("bad/duplicate-room.xlsx"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("sheet Rooms, row 8: room number already used on row 7"),
        "{stderr}"
    );
    // A refusal still says how many rooms were read.
    assert!(
        stderr.contains("duplicate-room.xlsx: ") && stderr.contains(" rooms read; 1 problem"),
        "{stderr}"
    );
}

/// expected.json's `unresolved` section: a warning and exit 0, a DRAFT package; with --strict,
/// the error and exit 1, nothing written.
#[test]
fn an_unresolved_room_type_is_a_warning_and_with_strict_an_error() {
    let expected = expected();
    for (name, want) in expected["unresolved"].as_object().unwrap() {
        let path = sample(&format!("bad/{name}"));
        let warning = want["warning"].as_str().unwrap();
        let json = Test::check().arg(&path).json().ok();
        let warnings: Vec<String> = json["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(render_problem)
            .collect();
        assert!(
            warnings.iter().any(|w| w.starts_with(warning)),
            "{name}: expected '{warning}', got {warnings:?}"
        );
        assert!(json["unresolved"].as_u64().unwrap() >= 1, "{json}");
        assert_eq!(json["draft"], true);

        let error = want["strict_error"].as_str().unwrap();
        let strict = Test::check().arg(&path).arg("--strict").json();
        assert_eq!(strict.code, 1, "{name}");
        let errors: Vec<String> = strict.json["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(render_problem)
            .collect();
        assert!(
            errors.iter().any(|e| e.starts_with(error)),
            "{name}: expected '{error}', got {errors:?}"
        );

        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("pkg");
        let strict = Test::build().arg(&path).out(&out).arg("--strict").json();
        assert_eq!(strict.code, 1);
        assert!(!out.exists(), "--strict wrote a package");
        let built = Test::build().arg(&path).out(&out).json().ok();
        assert_eq!(built["draft"], true);
        let sow = docx_text(&out.join("scope-of-work.docx"), "word/document.xml");
        assert!(sow.contains("Unresolved Room Types"), "{name}");
    }
}

#[test]
fn a_usage_error_exits_2() {
    let output = sowgen().args(["check"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let output = sowgen()
        .args(["check", "x.xlsx", "--map", "Jacks=nonsense"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}
