//! The estimate worked by hand: a three-room list and a small catalog whose every figure is
//! computed in the comments below, not read back from the code. Also: catalog mistakes, and
//! `init` followed by an edited price.

mod common;
use common::*;
use serde_json::Value;
use std::path::Path;

/// A small catalog. Rates: cabling $100/h, networking $150/h, end-user $80/h.
/// DROP's price (33.345) sits on a half cent, so one drop shows half-away-from-zero rounding
/// (33.35; banker's rounding would give 33.34).
const CATALOG: &str = r#"
[about]
name = "hand-worked test catalog"
currency = "USD"
price_basis = "test prices"

[project]
contingency_percent = "10"
sales_tax_percent = "8.25"
project_management_percent = "5"
project_management_discipline = "pm"
high_count_factor = "2"

[disciplines.cab]
name = "Cabling"
labor_rate = "100.00"
trade = "Cabling"
scope = "Cabling scope."

[disciplines.net]
name = "Networking"
labor_rate = "150.00"
trade = "Network"
scope = "Network scope."

[disciplines.eud]
name = "End-User"
labor_rate = "80.00"
scope = "End-user scope."

[disciplines.pm]
name = "Project Management"
labor_rate = "120.00"
scope = "PM scope."

[parts.DROP]
description = "Drop"
unit = "ea"
unit_cost = "33.345"
labor_hours = "0.5"
discipline = "cab"

[parts.AP]
description = "Access point"
unit = "ea"
unit_cost = "500.00"
labor_hours = "1.25"
discipline = "net"

[parts.PC]
description = "PC"
unit = "ea"
unit_cost = "1000.00"
labor_hours = "0.75"
discipline = "eud"

[parts.PHONE]
description = "Phone"
unit = "ea"
unit_cost = "199.99"
labor_hours = "0.25"
discipline = "eud"

[parts.PRN]
description = "Printer"
unit = "ea"
unit_cost = "850.00"
labor_hours = "1"
discipline = "eud"

[parts.TV]
description = "Display"
unit = "ea"
unit_cost = "412.50"
labor_hours = "1.5"
discipline = "eud"

[parts.SIGN]
description = "Signage player"
unit = "ea"
unit_cost = "250.00"
labor_hours = "2"
discipline = "eud"

[parts.SW]
description = "Switch"
unit = "ea"
unit_cost = "2000.00"
labor_hours = "2"
discipline = "net"

[parts.PP]
description = "Patch panel"
unit = "ea"
unit_cost = "100.00"
labor_hours = "1"
discipline = "cab"

[parts.RACK]
description = "Rack"
unit = "ea"
unit_cost = "800.00"
labor_hours = "3"
discipline = "cab"

[parts.UPS]
description = "UPS"
unit = "ea"
unit_cost = "1500.00"
labor_hours = "1"
discipline = "net"

[devices.data_drops]
headers = ["Data Drops"]
parts = [{ part = "DROP", qty = "1" }]

[devices.wireless_aps]
headers = ["Wireless APs"]
parts = [{ part = "AP", qty = "1" }, { part = "DROP", qty = "2" }]

[devices.workstations]
headers = ["Workstations"]
parts = [{ part = "PC", qty = "1" }]

[devices.phones]
headers = ["Phones"]
parts = [{ part = "PHONE", qty = "1" }]

[devices.printers]
headers = ["Printers"]
parts = [{ part = "PRN", qty = "1" }]

[devices.displays]
headers = ["Displays"]
parts = [{ part = "TV", qty = "1" }]

[[room_types]]
name = "Exam"
standard = { data_drops = 2, workstations = 1, phones = 1 }

[[room_types]]
name = "Lobby"
standard = { data_drops = 1, wireless_aps = 1, displays = 1 }
fixed = [{ part = "SIGN", qty = "1" }]

[[room_types]]
name = "Closet"
standard = {}

[telecom_rooms]
ports_per_switch = 24
spare_percent = "25"
ports_per_device = { data_drops = 1, wireless_aps = 2 }
max_switches_per_idf = 1
switch_part = "SW"
patch_panel_part = "PP"
ports_per_patch_panel = 24
per_idf = [{ part = "RACK", qty = "1" }]
per_switches = [{ part = "UPS", qty = "1", switches = 2 }]

[clauses]
purpose = "Test."
assumptions = ["Test assumption."]
exclusions = ["Test exclusion."]
dependencies = ["Pathways: test pathway dependency."]
milestones = ["Test milestone."]
acceptance = ["Test acceptance."]
"#;

/// Room 102's data-drop count is blank: the Lobby standard (1) applies. Room 103 has no IDF.
const ROOMS: &str = "\
Room Number,Room Name,Room Type,IDF,Data Drops,Wireless APs,Workstations,Phones,Printers,Displays
101,Exam One,Exam,IDF-1,3,0,1,1,0,0
102,Main Lobby,Lobby,IDF-1,,1,0,0,0,2
103,Store,Closet,,1,0,0,0,0,0
";

struct Setup {
    _tmp: tempfile::TempDir,
    dir: std::path::PathBuf,
}

fn setup(rooms: &str) -> Setup {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    std::fs::write(dir.join("catalog.toml"), CATALOG).unwrap();
    std::fs::write(dir.join("rooms.csv"), rooms).unwrap();
    std::fs::write(dir.join("project.toml"), "approved_budget = \"10000.00\"\n").unwrap();
    Setup { _tmp: tmp, dir }
}

fn build_in(dir: &Path, extra: &[&str]) -> (Value, Value) {
    let out = dir.join("out");
    let (json, code) = json_of(
        sowgen()
            .args(["build", "--json", "--catalog"])
            .arg(dir.join("catalog.toml"))
            .args(extra)
            .arg("-o")
            .arg(&out)
            .arg(dir.join("rooms.csv")),
    );
    assert_eq!(code, 0, "{json}");
    let estimate: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("estimate.json")).unwrap()).unwrap();
    (json, estimate)
}

fn s(v: &Value) -> String {
    v.as_str()
        .unwrap_or_else(|| panic!("not a string: {v}"))
        .to_string()
}

/// Decimal strings compared as numbers ("3" == "3.0").
fn same(actual: &Value, expected: &str, what: &str) {
    let a: rust_decimal::Decimal = s(actual).parse().unwrap();
    let e: rust_decimal::Decimal = expected.parse().unwrap();
    assert_eq!(a, e, "{what}: expected {expected}, got {a}");
}

#[test]
fn three_rooms_worked_by_hand() {
    let setup = setup(ROOMS);
    let project = setup.dir.join("project.toml");
    let (json, estimate) = build_in(&setup.dir, &["--project", project.to_str().unwrap()]);

    // place, part, discipline, qty, material, labor hours, labor, total
    type Line = (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    );
    #[rustfmt::skip]
    let expected: &[Line] = &[
        // 101 Exam: 3 drops, 1 PC, 1 phone.
        ("101", "DROP", "cab", "3", "100.04", "1.5", "150.00", "250.04"),      // 3 × 33.345 = 100.035
        ("101", "PC", "eud", "1", "1000.00", "0.75", "60.00", "1060.00"),
        ("101", "PHONE", "eud", "1", "199.99", "0.25", "20.00", "219.99"),
        // 102 Lobby: 1 drop (blank → standard) + 2 drops for its AP, 1 AP, 2 displays, fixed sign.
        ("102", "DROP", "cab", "3", "100.04", "1.5", "150.00", "250.04"),
        ("102", "AP", "net", "1", "500.00", "1.25", "187.50", "687.50"),
        ("102", "TV", "eud", "2", "825.00", "3", "240.00", "1065.00"),
        ("102", "SIGN", "eud", "1", "250.00", "2", "160.00", "410.00"),
        // 103 Closet: 1 drop; 33.345 rounds half away from zero.
        ("103", "DROP", "cab", "1", "33.35", "0.5", "50.00", "83.35"),
        // IDF-1 serves 101 and 102: 3 + 1 + 2 = 6 ports; +25% = 7.5 → 8; 1 switch of 24;
        // 1 patch panel; 1 rack; 1 UPS per 2 switches → 1.
        ("IDF-1", "SW", "net", "1", "2000.00", "2", "300.00", "2300.00"),
        ("IDF-1", "PP", "cab", "1", "100.00", "1", "100.00", "200.00"),
        ("IDF-1", "RACK", "cab", "1", "800.00", "3", "300.00", "1100.00"),
        ("IDF-1", "UPS", "net", "1", "1500.00", "1", "150.00", "1650.00"),
    ];
    let lines = estimate["lines"].as_array().unwrap();
    assert_eq!(lines.len(), expected.len(), "{lines:#?}");
    for &(place, part, discipline, qty, material, hours, labor, total) in expected {
        let line = lines
            .iter()
            .find(|l| l["place"] == place && l["part"] == part)
            .unwrap_or_else(|| panic!("no line for {part} in {place}"));
        let what = format!("{place} {part}");
        assert_eq!(line["discipline"], discipline, "{what}");
        same(&line["qty"], qty, &format!("{what} qty"));
        same(&line["material"], material, &format!("{what} material"));
        same(&line["labor_hours"], hours, &format!("{what} hours"));
        same(&line["labor"], labor, &format!("{what} labor"));
        same(&line["total"], total, &format!("{what} total"));
        let location = if place.starts_with("IDF") {
            "telecom_room"
        } else {
            "room"
        };
        assert_eq!(line["location"], location, "{what}");
    }

    // Rooms: material and labor are the sums of their lines.
    let rooms = estimate["rooms"].as_array().unwrap();
    for (number, material, labor, total) in [
        ("101", "1300.03", "230.00", "1530.03"),
        ("102", "1675.04", "737.50", "2412.54"),
        ("103", "33.35", "50.00", "83.35"),
    ] {
        let room = rooms.iter().find(|r| r["number"] == number).unwrap();
        same(
            &room["material"],
            material,
            &format!("room {number} material"),
        );
        same(&room["labor"], labor, &format!("room {number} labor"));
        same(&room["total"], total, &format!("room {number} total"));
    }
    assert_eq!(
        estimate["rooms"][1]["counts"]["data_drops"], 1,
        "blank → standard"
    );

    let idf = &estimate["telecom_rooms"][0];
    assert_eq!(estimate["telecom_rooms"].as_array().unwrap().len(), 1);
    assert_eq!(idf["name"], "IDF-1");
    assert_eq!(idf["rooms_served"], 2);
    assert_eq!(idf["ports"], 6);
    assert_eq!(idf["ports_with_spare"], 8);
    assert_eq!(idf["switches"], 1);
    assert_eq!(idf["patch_panels"], 1);
    assert_eq!(idf["over_capacity"], false);

    // Disciplines. cab: 100.04 + 100.04 + 33.35 + 100 + 800 = 1133.43 material,
    // 150 + 150 + 50 + 100 + 300 = 750.00 labor. net: 500 + 2000 + 1500 = 4000.00 and
    // 187.50 + 300 + 150 = 637.50. eud: 1000 + 199.99 + 825 + 250 = 2274.99 and
    // 60 + 20 + 240 + 160 = 480.00. pm carries project management: 5% × 1867.50 = 93.375 → 93.38.
    for (id, material, labor, total) in [
        ("cab", "1133.43", "750.00", "1883.43"),
        ("net", "4000.00", "637.50", "4637.50"),
        ("eud", "2274.99", "480.00", "2754.99"),
        ("pm", "0.00", "0.00", "93.38"),
    ] {
        let d = estimate["disciplines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == id)
            .unwrap();
        assert_eq!(d["material"], material, "{id} material");
        assert_eq!(d["labor"], labor, "{id} labor");
        assert_eq!(d["total"], total, "{id} total");
    }

    // Totals. material 1300.03 + 1675.04 + 33.35 + 4400.00 = 7408.42; labor 230 + 737.50 + 50 +
    // 850 = 1867.50; PM 93.38; subtotal 9369.30; tax 8.25% × 7408.42 = 611.19465 → 611.19;
    // contingency 10% × 9369.30 = 936.93; grand total 9369.30 + 611.19 + 936.93 = 10917.42;
    // budget 10000.00 → variance −917.42.
    let t = &json["totals"];
    for (key, value) in [
        ("material", "7408.42"),
        ("labor", "1867.50"),
        ("project_management", "93.38"),
        ("tax", "611.19"),
        ("contingency", "936.93"),
        ("grand_total", "10917.42"),
        ("approved_budget", "10000.00"),
        ("variance", "-917.42"),
    ] {
        // Money is written with its cents, exactly as the SPEC shows it.
        assert_eq!(t[key], value, "{key}");
        assert_eq!(estimate["totals"][key], value, "estimate.json {key}");
    }
    same(&estimate["totals"]["subtotal"], "9369.30", "subtotal");

    // Findings: kind, subject and the figures a PM would quote.
    let findings = json["findings"].as_array().unwrap();
    let find = |kind: &str, subject: Option<&str>| -> Vec<String> {
        findings
            .iter()
            .filter(|f| f["kind"] == kind && f["subject"].as_str() == subject)
            .map(|f| s(&f["message"]))
            .collect()
    };
    let risk = find("risk", None);
    assert_eq!(risk.len(), 1, "{findings:#?}");
    assert!(
        risk[0].contains("$917.42") && risk[0].contains("$10,000.00"),
        "{}",
        risk[0]
    );
    let no_idf = find("gap", Some("103"));
    assert_eq!(no_idf.len(), 1);
    assert!(no_idf[0].contains("no telecom room"), "{}", no_idf[0]);
    // 101: 3 drops where the standard is 2; the extra drop costs 250.04 − 166.69 = 83.35.
    let above = find("check", Some("101"));
    assert_eq!(above.len(), 1);
    assert!(
        above[0].contains("3 data drops (standard 2)") && above[0].contains("$83.35"),
        "{}",
        above[0]
    );
    // 102: 2 displays where the standard is 1: one display is 412.50 + 120.00 = 532.50.
    let above = find("check", Some("102"));
    assert_eq!(above.len(), 1);
    assert!(
        above[0].contains("2 displays (standard 1)") && above[0].contains("$532.50"),
        "{}",
        above[0]
    );
    assert!(
        !above[0].contains("data drop"),
        "a blank count is not a difference: {}",
        above[0]
    );
    let assumed = find("assumption", Some("102"));
    assert_eq!(assumed.len(), 1);
    assert!(
        assumed[0].contains("Room 102") && assumed[0].contains("1 data drop"),
        "{}",
        assumed[0]
    );
    assert!(find("assumption", Some("101")).is_empty());
    assert!(!find("dependency", None).is_empty());
    assert!(
        findings
            .iter()
            .any(|f| s(&f["message"]).contains("Pathways"))
    );
    // Risks come first.
    assert_eq!(findings[0]["kind"], "risk");

    // `check` shows the same findings.
    let (check, code) = json_of(
        sowgen()
            .args(["check", "--json", "--catalog"])
            .arg(setup.dir.join("catalog.toml"))
            .arg("--project")
            .arg(&project)
            .arg(setup.dir.join("rooms.csv")),
    );
    assert_eq!(code, 0);
    assert_eq!(check["findings"], json["findings"]);
}

#[test]
fn an_idf_serving_more_than_one_closet_should_is_a_risk() {
    // 30 drops + 25% = 37.5 → 38 ports → 2 switches of 24, over this catalog's limit of 1;
    // and 2 switches take one UPS (1 per 2), 2 patch panels for 30 cables.
    let setup = setup(
        "Room Number,Room Name,Room Type,IDF,Data Drops,Wireless APs,Workstations,Phones,Printers,Displays\n\
         201,Big Exam,Exam,IDF-9,30,0,1,1,0,0\n",
    );
    let (json, estimate) = build_in(&setup.dir, &[]);
    let idf = &estimate["telecom_rooms"][0];
    assert_eq!(idf["ports_with_spare"], 38);
    assert_eq!(idf["switches"], 2);
    assert_eq!(idf["patch_panels"], 2);
    assert_eq!(idf["over_capacity"], true);
    let ups = estimate["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["part"] == "UPS")
        .unwrap();
    same(&ups["qty"], "1", "UPS qty");
    let risks: Vec<&Value> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "risk")
        .collect();
    assert_eq!(risks.len(), 1, "{risks:?}");
    assert_eq!(risks[0]["subject"], "IDF-9");
    assert!(s(&risks[0]["message"]).contains("2 switches"));
    // No budget was given, so the JSON says nothing about one.
    assert!(json["totals"].get("approved_budget").is_none());
    assert!(json["totals"].get("variance").is_none());
}

/// Write the default catalog with `init`, apply `edit`, and build with it.
fn build_with_edited_catalog(
    dir: &Path,
    edit: impl Fn(&str) -> String,
) -> (std::process::Output, String) {
    let catalog = dir.join("catalog.toml");
    let text = edit(&std::fs::read_to_string(&catalog).unwrap());
    let edited = dir.join("edited.toml");
    std::fs::write(&edited, &text).unwrap();
    let output = sowgen()
        .args(["build", "--json", "--catalog"])
        .arg(&edited)
        .arg("-o")
        .arg(dir.join("out"))
        .arg(sample("clinic-fitout.xlsx"))
        .output()
        .unwrap();
    (output, text)
}

fn init(dir: &Path) {
    sowgen().arg("init").arg(dir).assert().success();
    assert!(dir.join("catalog.toml").is_file());
    assert!(dir.join("templates").join("scope-of-work.hbs").is_file());
}

/// The 1-based line of the first line containing `needle` (after `after`, if given).
fn line_of(text: &str, after: Option<&str>, needle: &str) -> usize {
    let start = after.map_or(0, |a| text.find(a).unwrap_or_else(|| panic!("no {a}")));
    let at = start
        + text[start..]
            .find(needle)
            .unwrap_or_else(|| panic!("no {needle}"));
    text[..at].matches('\n').count() + 1
}

#[test]
fn catalog_mistakes_name_the_file_line_and_key() {
    let tmp = tempfile::tempdir().unwrap();
    init(tmp.path());
    // (what to change, from, to, section to search after, text on the wrong line, key, message)
    type Case = (
        &'static str,
        &'static str,
        &'static str,
        Option<&'static str>,
        &'static str,
        &'static str,
        &'static str,
    );
    #[rustfmt::skip]
    let cases: &[Case] = &[
        ("unknown part", r#"{ part = "PC-SFF", qty = "1" }"#, r#"{ part = "PC-SSF", qty = "1" }"#,
            None, "PC-SSF", "devices.workstations.parts.0.part", "unknown part 'PC-SSF'"),
        ("negative price", "unit_cost = \"239.00\"", "unit_cost = \"-239.00\"",
            None, "-239.00", "parts.MON-24.unit_cost", "a price cannot be negative"),
        ("float price", "unit_cost = \"1850.00\"", "unit_cost = 1850.5",
            None, "1850.5", "parts.PRN-MFP.unit_cost", "as a string"),
        ("unknown discipline", "discipline = \"wireless\"", "discipline = \"wifi\"",
            None, "\"wifi\"", "parts.AP-WIFI7.discipline", "unknown discipline 'wifi'"),
        ("room type with no standard",
            "name = \"Trauma Room\"\naliases = [\"Trauma Rm\", \"Trauma Bay\", \"Resuscitation Room\", \"Resus Room\", \"Resus\"]\nstandard = { data_drops = 12, wireless_aps = 1, workstations = 2, phones = 1, printers = 1, displays = 1 }\n",
            "name = \"Trauma Room\"\naliases = [\"Trauma Rm\", \"Trauma Bay\", \"Resuscitation Room\", \"Resus Room\", \"Resus\"]\n",
            Some("name = \"Exam Room\""), "[[room_types]]", "room_types.3", "missing field `standard`"),
        ("alias used twice", "aliases = [\"Lab\", ", "aliases = [\"Lab\", \"Exam\", ",
            Some("name = \"Laboratory\""), "aliases", "room_types.13.aliases", "'Exam' already names the room type 'Exam Room'"),
        ("negative labor rate", "labor_rate = \"95.00\"", "labor_rate = \"-95.00\"",
            None, "-95.00", "disciplines.end_user.labor_rate", "cannot be negative"),
        ("unknown switch part", "switch_part = \"SW-48-POE\"", "switch_part = \"SW-48\"",
            None, "switch_part = ", "telecom_rooms.switch_part", "unknown part 'SW-48'"),
        ("unknown device kind in a standard", "standard = { wireless_aps = 1 }", "standard = { wireless_ap = 1 }",
            None, "wireless_ap =", "room_types.21.standard", "unknown device kind 'wireless_ap'"),
    ];
    for &(what, from, to, after, marker, key, message) in cases {
        let (output, text) = build_with_edited_catalog(tmp.path(), |t| {
            assert!(
                t.contains(from),
                "{what}: the default catalog no longer has {from}"
            );
            t.replacen(from, to, 1)
        });
        assert_eq!(output.status.code(), Some(1), "{what}");
        assert!(output.stdout.is_empty(), "{what}: nothing on stdout");
        let stderr = String::from_utf8(output.stderr).unwrap();
        let line = line_of(&text, after, marker);
        let want = format!("edited.toml, line {line}, {key}: ");
        assert!(
            stderr.contains(&want),
            "{what}: expected '{want}' in {stderr}"
        );
        assert!(
            stderr.contains(message),
            "{what}: expected '{message}' in {stderr}"
        );
        assert!(
            !tmp.path().join("out").exists(),
            "{what}: nothing is written"
        );
    }
}

#[test]
fn init_then_an_edited_price_changes_exactly_the_lines_that_use_it() {
    let tmp = tempfile::tempdir().unwrap();
    init(tmp.path());
    // init refuses to overwrite.
    sowgen().arg("init").arg(tmp.path()).assert().failure();

    let lines_of = |output: &std::process::Output, dir: &Path| -> Vec<Value> {
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let estimate: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("out/estimate.json")).unwrap())
                .unwrap();
        estimate["lines"].as_array().unwrap().clone()
    };
    let (output, _) = build_with_edited_catalog(tmp.path(), str::to_string);
    let before = lines_of(&output, tmp.path());
    // The catalog as written by init is the built-in one.
    let default_out = tmp.path().join("default");
    sowgen()
        .args(["build", "--json", "-o"])
        .arg(&default_out)
        .arg(sample("clinic-fitout.xlsx"))
        .assert()
        .success();
    let default: Value =
        serde_json::from_str(&std::fs::read_to_string(default_out.join("estimate.json")).unwrap())
            .unwrap();
    assert_eq!(default["lines"].as_array().unwrap(), &before);

    // Raise the cable run's price (used by data drops and by APs' own drops) by $10.00.
    let section = "[parts.CAT6A-RUN]";
    let (output, _) = build_with_edited_catalog(tmp.path(), |t| {
        let start = t.find(section).unwrap();
        let end = start + t[start..].find("\n\n").unwrap();
        let edited = t[start..end].replace("unit_cost = \"96.00\"", "unit_cost = \"106.00\"");
        assert_ne!(edited, t[start..end], "the run's price is no longer 96.00");
        format!("{}{}{}", &t[..start], edited, &t[end..])
    });
    let after = lines_of(&output, tmp.path());

    assert_eq!(before.len(), after.len());
    let mut changed = 0;
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b["place"], a["place"]);
        assert_eq!(b["part"], a["part"]);
        if b["part"] == "CAT6A-RUN" {
            changed += 1;
            let qty: rust_decimal::Decimal = s(&b["qty"]).parse().unwrap();
            let m = |v: &Value| s(v).parse::<rust_decimal::Decimal>().unwrap();
            assert_eq!(
                m(&a["material"]) - m(&b["material"]),
                qty * rust_decimal::Decimal::from(10)
            );
            assert_eq!(a["labor"], b["labor"]);
            assert_eq!(m(&a["unit_cost"]), rust_decimal::Decimal::from(106));
        } else {
            assert_eq!(a, b, "a line that does not use the part changed");
        }
    }
    assert!(changed > 0, "the clinic uses the cable run");
}
