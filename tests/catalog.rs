//! The catalog as a user edits it: `init` writes the default, a mistake is named by file, line
//! and key, and an edited price changes exactly the lines that use the part.

mod common;
use common::*;
use serde_json::Value;
use std::path::Path;

fn s(v: &Value) -> String {
    v.as_str()
        .unwrap_or_else(|| panic!("not a string: {v}"))
        .to_string()
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
        ("a header word for two devices", "\"Access Points\", ", "\"Access Points\", \"Drops\", ",
            Some("[devices.wireless_aps]"), "headers", "devices.wireless_aps.headers", "'Drops' already names the data_drops column"),
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
        // With --json the error is the one JSON document on stdout, located by line and key.
        let stdout = String::from_utf8(output.stdout).unwrap();
        let json: Value = serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("{what}: stdout is not one JSON document ({e}): {stdout}"));
        let error = &json["errors"][0];
        let line = line_of(&text, after, marker);
        assert_eq!(error["line"], line, "{what}: {error}");
        assert_eq!(error["key"], key, "{what}: {error}");
        assert!(
            error["file"].as_str().unwrap().ends_with("edited.toml"),
            "{what}: {error}"
        );
        let got = error["message"].as_str().unwrap();
        assert!(
            got.contains(message),
            "{what}: expected '{message}' in {got}"
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

#[test]
fn a_catalog_that_cannot_be_read_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("missing.toml");
    let output = sowgen()
        .args(["check", "--catalog"])
        .arg(&missing)
        .arg(sample("clinic-fitout.xlsx"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("missing.toml: cannot read the catalog"),
        "{stderr}"
    );
    // Not TOML at all: the line of the syntax error.
    let broken = tmp.path().join("broken.toml");
    std::fs::write(&broken, "[about]\nname = \"x\"\ncurrency = \n").unwrap();
    let output = sowgen()
        .args(["check", "--catalog"])
        .arg(&broken)
        .arg(sample("clinic-fitout.xlsx"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("broken.toml, line 3"), "{stderr}");
}
