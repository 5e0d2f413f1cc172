//! The estimate on the samples, checked against figures the tests derive on their own: totals
//! from estimate.json's lines and the catalog file's rules, differences from standard from the
//! workbook itself, and the clinic's budget from its Project sheet.

mod common;
use calamine::{Data, Reader};
use common::*;
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const GOOD: [&str; 3] = [
    "clinic-fitout.xlsx",
    "west-tower-rev-a.xlsx",
    "west-tower-rev-b.xlsx",
];

fn catalog() -> toml::Table {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/catalog.toml");
    std::fs::read_to_string(path).unwrap().parse().unwrap()
}

fn dec(v: &Value) -> Decimal {
    v.as_str()
        .unwrap_or_else(|| panic!("not a decimal string: {v}"))
        .parse()
        .unwrap()
}

fn tdec(v: &toml::Value) -> Decimal {
    v.as_str().unwrap().parse().unwrap()
}

/// To the cent, half away from zero.
fn cents(v: Decimal) -> Decimal {
    v.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

fn build(name: &str, out: &Path, extra: &[&str]) -> (Value, Value) {
    let (json, code) = json_of(
        sowgen()
            .args(["build", "--json"])
            .args(extra)
            .arg("-o")
            .arg(out)
            .arg(sample(name)),
    );
    assert_eq!(code, 0, "{name}: {json}");
    let estimate =
        serde_json::from_str(&std::fs::read_to_string(out.join("estimate.json")).unwrap()).unwrap();
    (json, estimate)
}

#[test]
fn build_totals_are_rederived_from_the_line_items_and_the_catalog_file() {
    let catalog = catalog();
    let rules = &catalog["project"];
    let percent = |k: &str| tdec(&rules[k]) / Decimal::ONE_HUNDRED;
    let tmp = tempfile::tempdir().unwrap();
    for name in GOOD {
        let (json, estimate) = build(name, &tmp.path().join(name), &[]);
        let lines = estimate["lines"].as_array().unwrap();
        assert!(!lines.is_empty());
        let (mut material, mut labor) = (Decimal::ZERO, Decimal::ZERO);
        let mut by_discipline: BTreeMap<String, (Decimal, Decimal)> = BTreeMap::new();
        for line in lines {
            let part = &catalog["parts"][line["part"].as_str().unwrap()];
            let discipline = part["discipline"].as_str().unwrap();
            assert_eq!(line["discipline"], discipline);
            let rate = tdec(&catalog["disciplines"][discipline]["labor_rate"]);
            let qty = dec(&line["qty"]);
            let m = cents(qty * tdec(&part["unit_cost"]));
            let l = cents(qty * tdec(&part["labor_hours"]) * rate);
            assert_eq!(dec(&line["material"]), m, "{name}: {line}");
            assert_eq!(dec(&line["labor"]), l, "{name}: {line}");
            assert_eq!(dec(&line["total"]), m + l, "{name}: {line}");
            material += m;
            labor += l;
            let d = by_discipline.entry(discipline.to_string()).or_default();
            d.0 += m;
            d.1 += l;
        }
        let pm = cents(labor * percent("project_management_percent"));
        let subtotal = material + labor + pm;
        let tax = cents(material * percent("sales_tax_percent"));
        let contingency = cents(subtotal * percent("contingency_percent"));
        let grand_total = subtotal + tax + contingency;
        let t = &json["totals"];
        for (key, want) in [
            ("material", material),
            ("labor", labor),
            ("project_management", pm),
            ("tax", tax),
            ("contingency", contingency),
            ("grand_total", grand_total),
        ] {
            assert_eq!(dec(&t[key]), want, "{name} {key}");
            // Money is printed to the cent.
            assert!(
                t[key]
                    .as_str()
                    .unwrap()
                    .split('.')
                    .nth(1)
                    .is_some_and(|c| c.len() == 2)
            );
        }
        // Discipline totals in estimate.json are the same sums.
        for d in estimate["disciplines"].as_array().unwrap() {
            let id = d["id"].as_str().unwrap();
            let (m, l) = by_discipline.get(id).copied().unwrap_or_default();
            assert_eq!(dec(&d["material"]), m, "{name} {id}");
            assert_eq!(dec(&d["labor"]), l, "{name} {id}");
        }
        // Each room's figures are the sums of its lines.
        for room in estimate["rooms"].as_array().unwrap() {
            let number = &room["number"];
            let sum: Decimal = lines
                .iter()
                .filter(|l| l["location"] == "room" && &l["place"] == number)
                .map(|l| dec(&l["total"]))
                .sum();
            assert_eq!(dec(&room["total"]), sum, "{name} room {number}");
        }
    }
}

/// Lowercase letters and digits only: how the test matches room types to the catalog.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn count_of(cell: &Data) -> Option<u32> {
    match cell {
        Data::Int(i) => Some(*i as u32),
        Data::Float(f) => Some(*f as u32),
        Data::String(s) if !s.trim().is_empty() => Some(s.trim().parse().unwrap()),
        _ => None,
    }
}

#[test]
fn west_tower_findings_name_every_room_whose_counts_differ_from_the_standard() {
    // The standards, from the catalog file, by every name a room type goes by.
    let catalog = catalog();
    let kinds = [
        "data_drops",
        "wireless_aps",
        "workstations",
        "phones",
        "printers",
        "displays",
    ];
    let mut standards: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for t in catalog["room_types"].as_array().unwrap() {
        let standard = t["standard"].as_table().unwrap();
        let counts: Vec<u32> = kinds
            .iter()
            .map(|k| {
                standard
                    .get(*k)
                    .map_or(0, |v| v.as_integer().unwrap() as u32)
            })
            .collect();
        let aliases = t
            .get("aliases")
            .and_then(|a| a.as_array())
            .cloned()
            .unwrap_or_default();
        for name in std::iter::once(&t["name"]).chain(&aliases) {
            standards.insert(squash(name.as_str().unwrap()), counts.clone());
        }
    }

    // The rooms, read straight from the workbook.
    let path = sample("west-tower-rev-a.xlsx");
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let headers = ["DATA", "WAP", "PC", "PHONE", "PRINTER", "TV"];
    let (mut below, mut above) = (BTreeSet::new(), BTreeSet::new());
    let mut rooms = 0;
    for sheet in book.sheet_names() {
        let range = book.worksheet_range(&sheet).unwrap();
        let mut rows = range.rows();
        let Some(header) = rows.find(|r| r.first().is_some_and(|c| *c == "RM #")) else {
            continue;
        };
        let col = |name: &str| header.iter().position(|c| *c == name).unwrap();
        let type_col = col("SPACE TYPE");
        let count_cols: Vec<usize> = headers.iter().map(|h| col(h)).collect();
        for row in rows {
            let number = row[0].to_string();
            if number.trim().is_empty() {
                continue; // subtotal rows
            }
            rooms += 1;
            let standard = &standards[&squash(&row[type_col].to_string())];
            for (i, &c) in count_cols.iter().enumerate() {
                let Some(count) = count_of(&row[c]) else {
                    continue;
                };
                if count < standard[i] {
                    below.insert(number.clone());
                } else if count > standard[i] {
                    above.insert(number.clone());
                }
            }
        }
    }
    assert_eq!(rooms, 117);
    assert!(!below.is_empty() && !above.is_empty());

    let (json, code) = json_of(sowgen().args(["check", "--json"]).arg(&path));
    assert_eq!(code, 0);
    let findings = json["findings"].as_array().unwrap();
    let named = |kind: &str| -> BTreeSet<String> {
        findings
            .iter()
            .filter(|f| f["kind"] == kind && f["message"].as_str().unwrap().contains("standard"))
            .map(|f| {
                let room = f["subject"].as_str().unwrap().to_string();
                assert!(
                    f["message"]
                        .as_str()
                        .unwrap()
                        .contains(&format!("Room {room} "))
                );
                room
            })
            .collect()
    };
    assert_eq!(named("gap"), below, "rooms below standard");
    assert_eq!(named("check"), above, "rooms above standard");
}

#[test]
fn the_clinic_is_compared_with_its_approved_budget() {
    // The approved budget, from the Project sheet.
    let path = sample("clinic-fitout.xlsx");
    let project = xlsx_sheet(&path, "Project");
    let budget = match labelled_value(&project, "Approved IT Budget", 1) {
        Data::Float(f) => Decimal::try_from(f).unwrap(),
        Data::Int(i) => Decimal::from(i),
        other => panic!("budget cell is {other:?}"),
    };
    assert_eq!(budget, Decimal::from(185_000));

    let tmp = tempfile::tempdir().unwrap();
    let (json, estimate) = build("clinic-fitout.xlsx", &tmp.path().join("a"), &[]);
    let t = &json["totals"];
    let grand_total = dec(&t["grand_total"]);
    assert_eq!(t["approved_budget"], "185000.00");
    assert_eq!(dec(&t["variance"]), budget - grand_total);
    assert_eq!(estimate["totals"]["variance"], t["variance"]);
    let risks: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "risk" && f["subject"].is_null())
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    if grand_total > budget {
        let over = sowgen::format_dollars(grand_total - budget);
        assert_eq!(risks.len(), 1, "{risks:?}");
        assert!(risks[0].contains(&over), "{}", risks[0]);
        assert!(risks[0].contains("$185,000.00"), "{}", risks[0]);
    } else {
        assert!(risks.is_empty(), "{risks:?}");
    }

    // A larger budget from --project overrides the sheet: no risk, a positive variance.
    let project_file = tmp.path().join("project.toml");
    std::fs::write(&project_file, "approved_budget = \"1000000.00\"\n").unwrap();
    let (json, _) = build(
        "clinic-fitout.xlsx",
        &tmp.path().join("b"),
        &["--project", project_file.to_str().unwrap()],
    );
    let t = &json["totals"];
    assert_eq!(dec(&t["approved_budget"]), Decimal::from(1_000_000));
    assert_eq!(
        dec(&t["variance"]),
        Decimal::from(1_000_000) - dec(&t["grand_total"])
    );
    assert!(
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| !(f["kind"] == "risk" && f["subject"].is_null()))
    );
}
