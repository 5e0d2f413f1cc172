//! `sowgen diff`: the change order between the West Tower revisions, checked against a reading of
//! both files made here with calamine, independently of sowgen's reader.

mod common;
use calamine::{Data, Reader};
use common::*;
use std::collections::BTreeMap;
use std::path::Path;

/// Room number → (room type, IDF, the six counts in the file's column order), read plainly.
fn rooms_of(path: &Path) -> BTreeMap<String, (String, String, Vec<i64>)> {
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
    let mut rooms = BTreeMap::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        let rows: Vec<&[Data]> = range.rows().collect();
        let Some(header_at) = rows
            .iter()
            .position(|r| r.first().map(|c| c.to_string()) == Some("RM #".into()))
        else {
            continue;
        };
        let header: Vec<String> = rows[header_at].iter().map(|c| c.to_string()).collect();
        let col = |title: &str| header.iter().position(|h| h == title).unwrap();
        let counts = ["DATA", "WAP", "PC", "PHONE", "PRINTER", "TV"].map(col);
        for row in &rows[header_at + 1..] {
            let number = row[col("RM #")].to_string();
            if number.is_empty() {
                continue;
            }
            let count = |c: usize| match &row[c] {
                Data::Float(f) => *f as i64,
                Data::Int(i) => *i,
                Data::String(s) => s.trim().parse().unwrap(),
                other => panic!("count {other:?}"),
            };
            rooms.insert(
                number,
                (
                    row[col("SPACE TYPE")].to_string(),
                    row[col("TR")].to_string(),
                    counts.iter().map(|&c| count(c)).collect(),
                ),
            );
        }
    }
    rooms
}

fn strings(value: &serde_json::Value, key: &str) -> Vec<String> {
    let mut list: Vec<String> = value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v[key].as_str().unwrap().to_string())
        .collect();
    list.sort();
    list
}

#[test]
fn rev_a_to_rev_b_lists_the_rooms_added_removed_and_changed() {
    let (a, b) = (
        sample("west-tower-rev-a.xlsx"),
        sample("west-tower-rev-b.xlsx"),
    );
    let (old, new) = (rooms_of(&a), rooms_of(&b));
    let added: Vec<String> = new
        .keys()
        .filter(|k| !old.contains_key(*k))
        .cloned()
        .collect();
    let removed: Vec<String> = old
        .keys()
        .filter(|k| !new.contains_key(*k))
        .cloned()
        .collect();
    let changed: Vec<String> = new
        .keys()
        .filter(|k| old.get(*k).is_some_and(|o| o != &new[*k]))
        .cloned()
        .collect();
    assert!(
        !added.is_empty() && !removed.is_empty() && !changed.is_empty(),
        "the revisions differ"
    );

    let tmp = tempfile::tempdir().unwrap();
    let (json, code) = json_of(
        sowgen()
            .args(["diff", "--json", "-o"])
            .arg(tmp.path().join("co"))
            .arg(&a)
            .arg(&b),
    );
    assert_eq!(code, 0, "{json}");
    assert_eq!(strings(&json["added"], "room"), added);
    assert_eq!(strings(&json["removed"], "room"), removed);
    assert_eq!(strings(&json["changed"], "room"), changed);

    // Each changed count is reported from → to as the files have it.
    let keys = [
        "data_drops",
        "wireless_aps",
        "workstations",
        "phones",
        "printers",
        "displays",
    ];
    for change in json["changed"].as_array().unwrap() {
        let room = change["room"].as_str().unwrap();
        for (i, key) in keys.iter().enumerate() {
            let (from, to) = (old[room].2[i], new[room].2[i]);
            if from != to {
                assert_eq!(
                    change["fields"][key],
                    serde_json::json!([from, to]),
                    "{room} {key}"
                );
            } else {
                assert!(
                    change["fields"].get(key).is_none(),
                    "{room} {key} did not change"
                );
            }
        }
    }
}

#[test]
fn the_cost_delta_is_the_difference_of_the_two_builds_to_the_cent() {
    let tmp = tempfile::tempdir().unwrap();
    let total = |name: &str| {
        let (json, code) = json_of(
            sowgen()
                .args(["build", "--json", "-o"])
                .arg(tmp.path().join(name))
                .arg(sample(name)),
        );
        assert_eq!(code, 0);
        cents(json["totals"]["grand_total"].as_str().unwrap())
    };
    let (a, b) = (
        total("west-tower-rev-a.xlsx"),
        total("west-tower-rev-b.xlsx"),
    );
    let (json, _) = json_of(
        sowgen()
            .args(["diff", "--json", "-o"])
            .arg(tmp.path().join("co"))
            .arg(sample("west-tower-rev-a.xlsx"))
            .arg(sample("west-tower-rev-b.xlsx")),
    );
    assert_eq!(cents(json["cost_delta"].as_str().unwrap()), b - a);

    // The workbook's change-order total carries the same delta as its cached result.
    let sheet = xlsx_sheet(&tmp.path().join("co/change-order.xlsx"), "Change Order");
    let total_row = sheet
        .rows()
        .find(|r| r.get(3).map(|c| c.to_string()) == Some("Change order total".into()))
        .expect("a total row");
    let cached = match &total_row[10] {
        Data::Float(f) => (*f * 100.0).round() as i64,
        other => panic!("{other:?}"),
    };
    assert_eq!(cached, b - a);
    let docx = docx_text(
        &tmp.path().join("co/change-order.docx"),
        "word/document.xml",
    );
    assert!(
        docx.contains("3-199") && docx.contains("4-110") && docx.contains("5-103"),
        "{docx}"
    );
}

#[test]
fn a_file_against_itself_has_no_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let a = sample("west-tower-rev-a.xlsx");
    let (json, code) = json_of(
        sowgen()
            .args(["diff", "--json", "-o"])
            .arg(tmp.path().join("co"))
            .arg(&a)
            .arg(&a),
    );
    assert_eq!(code, 0);
    for key in ["added", "removed", "changed"] {
        assert_eq!(json[key].as_array().unwrap().len(), 0, "{key}");
    }
    assert_eq!(cents(json["cost_delta"].as_str().unwrap()), 0);
}

#[test]
fn a_revision_with_problems_is_reported_by_name_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("co");
    let output = sowgen()
        .args(["diff", "--strict", "-o"])
        .arg(&out)
        .arg(sample("west-tower-rev-a.xlsx"))
        .arg(sample("bad/unknown-room-type.xlsx"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(
            "unknown-room-type.xlsx: sheet Rooms, row 6, column F: unknown room type 'Exam Rooom'"
        ),
        "{stderr}"
    );
    assert!(!out.exists());

    let (json, code) = json_of(
        sowgen()
            .args(["diff", "--json", "-o"])
            .arg(&out)
            .arg(sample("bad/truncated.xlsx"))
            .arg(sample("west-tower-rev-a.xlsx")),
    );
    assert_eq!(code, 1);
    assert_eq!(json["old"]["file"], "truncated.xlsx");
    assert!(
        json["old"]["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("damaged or truncated")
    );
    assert_eq!(json["new"]["errors"].as_array().unwrap().len(), 0);
}

#[test]
fn the_schedule_impact_is_the_difference_of_the_two_plans() {
    let tmp = tempfile::tempdir().unwrap();
    // Each revision's planned work, as its build's schedule.xml-backed estimate states it.
    let work = |name: &str| {
        let out = tmp.path().join(name);
        Test::build().sample(name).out(&out).json().ok();
        let estimate: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("estimate.json")).unwrap())
                .unwrap();
        estimate["totals"]["labor_hours"]
            .as_str()
            .unwrap()
            .parse::<rust_decimal::Decimal>()
            .unwrap()
    };
    let (a, b) = (work("west-tower-rev-a.xlsx"), work("west-tower-rev-b.xlsx"));
    let json = Test::diff()
        .out(&tmp.path().join("co"))
        .sample("west-tower-rev-a.xlsx")
        .sample("west-tower-rev-b.xlsx")
        .json()
        .ok();
    let impact = &json["schedule_impact"];
    let change: rust_decimal::Decimal = impact["hours_change"].as_str().unwrap().parse().unwrap();
    assert_eq!(change, b - a, "{impact}");
    let by_phase: rust_decimal::Decimal = impact["phases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            p["hours_change"]
                .as_str()
                .unwrap()
                .parse::<rust_decimal::Decimal>()
                .unwrap()
        })
        .sum();
    assert_eq!(by_phase, change);
    assert!(impact["go_live_moves"].is_i64());

    // The documents state it: the Word section and the workbook's sheet.
    let text = docx_text(
        &tmp.path().join("co/change-order.docx"),
        "word/document.xml",
    );
    assert!(text.contains("Schedule Impact"), "{text}");
    let sheet = xlsx_sheet(&tmp.path().join("co/change-order.xlsx"), "Schedule Impact");
    let phases = impact["phases"].as_array().unwrap().len();
    assert_eq!(
        sheet.height(),
        phases + 1 + 3,
        "a row per phase under the header, then the go-live"
    );
}
