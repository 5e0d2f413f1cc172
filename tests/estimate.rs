//! The estimate worked by hand: a three-room list and a small catalog whose every figure is
//! computed in the comments below, not read back from the code.

mod common;
use common::*;
use serde_json::Value;
use std::path::Path;

/// A small catalog whose prices the expected figures below are worked from (its comments say
/// which rounding each is chosen to show).
const CATALOG: &str = include_str!("fixtures/hand-worked-catalog.toml");

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
    let json = Test::build()
        .arg("--catalog")
        .arg(dir.join("catalog.toml"))
        .args(extra)
        .out(&out)
        .arg(dir.join("rooms.csv"))
        .json()
        .ok();
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
    // and 2 switches take one UPS (1 per 2), 2 patch panels for the 38 ports with spare.
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
