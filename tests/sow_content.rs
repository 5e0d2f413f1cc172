//! What the SOW and the workbook must hold (issue 15, part 4): room-specific dependencies where
//! the PM and the trades read them, the telecom rooms' cost so the room tables reconcile, project
//! management's basis, gaps and risks grouped by room type, a procurement roll-up, and patch
//! panels with the switches' spare.

mod common;
use common::*;
use rust_decimal::Decimal;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn build(sample_name: &str) -> (tempfile::TempDir, PathBuf, Value) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("p");
    Test::build().sample(sample_name).out(&out).json().ok();
    let estimate =
        serde_json::from_str(&std::fs::read_to_string(out.join("estimate.json")).unwrap()).unwrap();
    (tmp, out, estimate)
}

fn money(value: &Value) -> Decimal {
    value
        .as_str()
        .map(|s| s.parse().unwrap())
        .or_else(|| value.as_f64().map(|f| Decimal::try_from(f).unwrap()))
        .unwrap_or_else(|| panic!("not money: {value}"))
}

fn sow_text(out: &Path) -> String {
    docx_text(&out.join("scope-of-work.docx"), "word/document.xml")
}

/// The text of the document's section `heading` (up to the next numbered heading).
fn section(text: &str, heading: &str) -> String {
    let at = text
        .rfind(heading)
        .unwrap_or_else(|| panic!("no {heading}"));
    let rest = &text[at + heading.len()..];
    let end = (1..30)
        .filter_map(|n| rest.find(&format!(" {n}. ")))
        .min()
        .unwrap_or(rest.len());
    rest[..end].to_string()
}

#[test]
fn room_dependencies_reach_the_sow_the_trades_bid_packages_and_name_their_rooms() {
    let (_tmp, out, estimate) = build("clinic-fitout.xlsx");
    let dependencies = section(&sow_text(&out), "Dependencies");
    assert!(dependencies.contains("Medication Room (room 1-126): Automated dispensing cabinets"));
    assert!(dependencies.contains("Conference Room (room 1-129): In-wall blocking"));
    let av = docx_text(
        &out.join("bid-packages/audio-visual.docx"),
        "word/document.xml",
    );
    let cabling = docx_text(
        &out.join("bid-packages/structured-cabling.docx"),
        "word/document.xml",
    );
    assert!(av.contains("Conference Room (room 1-129): In-wall blocking"));
    assert!(!av.contains("Automated dispensing cabinets"));
    assert!(cabling.contains("Medication Room (room 1-126): Automated dispensing cabinets"));
    assert!(!cabling.contains("Conference Room (room 1-129): In-wall blocking"));
    // The Findings sheet and the JSON name the rooms, not "Project".
    let findings = xlsx_sheet(&out.join("bill-of-materials.xlsx"), "Findings");
    let row = findings
        .rows()
        .find(|r| r[2].to_string().starts_with("Medication Room (room 1-126)"))
        .unwrap();
    assert_eq!(row[1].to_string(), "1-126");
    assert!(
        estimate["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["subject"] == "1-126" && f["kind"] == "dependency")
    );
}

#[test]
fn the_telecom_rooms_cost_is_in_the_sow_and_the_tables_reconcile_to_the_budget() {
    let (_tmp, out, estimate) = build("west-tower-rev-a.xlsx");
    let totals = &estimate["totals"];
    let rooms: Decimal = estimate["rooms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| money(&r["total"]))
        .sum();
    let telecom: Decimal = estimate["telecom_rooms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| money(&t["total"]))
        .sum();
    assert!(telecom > Decimal::ZERO);
    assert_eq!(rooms, money(&totals["rooms_total"]));
    assert_eq!(telecom, money(&totals["telecom_rooms_total"]));
    assert_eq!(
        rooms + telecom,
        money(&totals["material"]) + money(&totals["labor"])
    );
    let text = section(&sow_text(&out), "Telecom Rooms");
    let first = &estimate["telecom_rooms"][0];
    let shown = format!("${}", group(money(&first["total"])));
    assert!(text.contains(&shown), "{shown} in {text}");
    assert!(text.contains(&format!(
        "the telecom rooms' equipment to ${}",
        group(telecom)
    )));
}

fn group(value: Decimal) -> String {
    let text = format!("{:.2}", value);
    let (int, frac) = text.split_once('.').unwrap();
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    format!("{out}.{frac}")
}

#[test]
fn project_management_shows_its_basis() {
    let (_tmp, out, estimate) = build("clinic-fitout.xlsx");
    let text = section(&sow_text(&out), "Scope by Discipline");
    assert!(!text.contains("labor $0.00 for 0 hours"), "{text}");
    let labor = group(money(&estimate["totals"]["labor"]));
    assert!(
        text.contains(&format!("(project management at 15% of labor (${labor}))")),
        "{text}"
    );
}

#[test]
fn gaps_and_checks_are_grouped_by_room_type_with_the_cost_to_standard() {
    let (_tmp, out, estimate) = build("west-tower-rev-a.xlsx");
    let findings = estimate["findings"].as_array().unwrap();
    let per_room = |kind: &str| {
        findings
            .iter()
            .filter(|f| f["kind"] == kind && f["standard"].is_object())
            .count()
    };
    let gaps = per_room("gap");
    assert!(gaps > 5 && per_room("check") > 5);
    let document = zip_part(&out.join("scope-of-work.docx"), "word/document.xml");
    let table = document
        .split("<w:tbl>")
        .find(|t| t.contains("Room / IDF") && t.contains("Finding"))
        .unwrap();
    let rows = w_t_texts(table);
    // Each room type is at most one Gap row and one Check row.
    let grouped = rows
        .iter()
        .filter(|t| t.ends_with(" rooms)"))
        .collect::<Vec<_>>();
    let mut unique = grouped.clone();
    unique.sort();
    unique.dedup();
    assert!(!grouped.is_empty());
    assert!(grouped.len() <= unique.len() * 2);
    let table_rows = table.matches("<w:tr>").count() + table.matches("<w:tr ").count();
    assert!(table_rows < gaps + per_room("check"), "{table_rows} rows");
    // The cost of bringing every room to standard, summed in the model.
    let cost: Decimal = findings
        .iter()
        .filter(|f| f["kind"] == "gap")
        .filter_map(|f| f["standard"]["cost"].as_str())
        .map(|c| c.parse::<Decimal>().unwrap())
        .sum();
    let text = section(&sow_text(&out), "Gaps and Risks");
    assert!(
        text.contains(&format!(
            "Bringing every room below its room type's standard up to it would add ${} before overheads",
            group(cost)
        )),
        "{text}"
    );
}

#[test]
fn the_procurement_sheet_rolls_up_every_part_bought_internal_it_apart() {
    let (_tmp, out, estimate) = build("clinic-fitout.xlsx");
    let sheet = xlsx_sheet(&out.join("bill-of-materials.xlsx"), "Procurement");
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let buyer_of = |part: &str| {
        let matching: Vec<&Vec<String>> = rows.iter().filter(|r| r[1] == part).collect();
        assert_eq!(matching.len(), 1, "{part} is one row");
        matching[0][0].clone()
    };
    for part in ["PC-SFF", "MON-24", "VOIP-PHONE", "PRN-MFP"] {
        assert_eq!(buyer_of(part), "Internal IT (hospital purchase)");
    }
    assert_eq!(buyer_of("CAT6A-RUN"), "Structured Cabling (bid)");
    assert_eq!(buyer_of("SW-48-POE"), "Network Equipment (bid)");
    // Internal IT comes after every bid trade.
    let first_internal = rows
        .iter()
        .position(|r| r[0].starts_with("Internal"))
        .unwrap();
    assert!(
        rows[first_internal..]
            .iter()
            .all(|r| !r[0].ends_with("(bid)"))
    );
    // Extended = quantity x unit cost, and the whole is the estimate's material.
    let total = rows.iter().find(|r| r[0] == "Total material").unwrap();
    assert_eq!(
        total[6].parse::<Decimal>().unwrap(),
        money(&estimate["totals"]["material"])
    );
    let cat6 = rows.iter().find(|r| r[1] == "CAT6A-RUN").unwrap();
    let (qty, unit, ext): (Decimal, Decimal, Decimal) = (
        cat6[4].parse().unwrap(),
        cat6[5].parse().unwrap(),
        cat6[6].parse().unwrap(),
    );
    assert_eq!(qty * unit, ext);
    // Labor-only parts buy nothing.
    assert!(rows.iter().all(|r| r[1] != "TERM-TEST"));
}

#[test]
fn patch_panels_carry_the_same_spare_as_switches() {
    let (_tmp, _out, estimate) = build("west-tower-rev-a.xlsx");
    for idf in estimate["telecom_rooms"].as_array().unwrap() {
        let with_spare = idf["ports_with_spare"].as_u64().unwrap();
        assert_eq!(
            idf["patch_panels"].as_u64().unwrap(),
            with_spare.div_ceil(48),
            "{idf}"
        );
    }
}
