//! Tests of room-type suggestions, contradictions and the placeholder and catch-all rules, over the default catalog and a table of real-world texts.

use super::*;
use crate::catalog::resolve_text::is_telecom_space;
use std::path::Path;

fn catalog() -> Catalog {
    Catalog::default_catalog()
}

fn suggested(catalog: &Catalog, text: &str) -> Option<String> {
    catalog.suggest(text).map(|t| t.name.clone())
}

/// Texts as real room lists write them: COBie categories (OmniClass, Uniclass), Revit room names,
/// owner template names. `None` where no catalog type plausibly fits.
#[rustfmt::skip]
const TABLE: &[(&str, Option<&str>)] = &[
    // The sample's misspelling must still get its hint.
    ("Exam Rooom", Some("Exam Room")),
    ("Examm Room", Some("Exam Room")),
    ("Examroom", Some("Exam Room")),
    ("Conferance Room", Some("Conference Room")),
    ("Pateint Room", Some("Patient Room")),
    // Abbreviations.
    ("EXAM RM 12", Some("Exam Room")),
    ("PT EXAM RM", Some("Exam Room")),
    ("NURSE STA.", Some("Nurse Station")),
    ("CONF. RM", Some("Conference Room")),
    ("OFC 201", Some("Office")),
    ("TLT", Some("Toilet")),
    ("JAN. CLO.", Some("Janitor Closet")),
    ("DTR 4", Some("Dental Treatment Room")),
    ("PHARM. DISP.", Some("Pharmacy")),
    ("COMM. ROOM", Some("Telecom Room")),
    ("Mech. Equip. Rm", Some("Mechanical Room")),
    ("Imaging Ctrl", Some("Control Room")),
    ("Sterile Processing Dept", Some("Sterile Processing")),
    ("Stretcher Alc.", Some("Wheelchair / Stretcher Alcove")),
    ("Electric Room", Some("Electrical Room")),
    // Names with a qualifier: the head word decides.
    ("Pharmacy Storage", Some("Storage")),
    ("Women's Locker Room", Some("Locker Room")),
    ("Toilet - Staff", Some("Toilet")),
    ("Nurse Manager Ofc", Some("Office")),
    ("Infection Control Office", Some("Office")),
    ("Physical Therapy", Some("Therapy Gym")),
    ("Consult", Some("Exam Room")),
    ("Exam/Procedure", Some("Procedure Room")),
    ("Server", Some("Computer Room")),
    ("Med Surg", Some("Patient Room")),
    ("Clean Supply Rm", Some("Clean Utility")),
    ("Break Rm", Some("Staff Lounge")),
    ("Work Rm", Some("Workroom")),
    ("Main Lobby", Some("Lobby")),
    ("Elevator Lobby 2", Some("Elevator Lobby")),
    ("Dental Operatory 3", Some("Dental Treatment Room")),
    ("Procedure Rm", Some("Procedure Room")),
    ("Interview 2", Some("Interview Room")),
    ("Triage Bay 2", Some("Triage")),
    // The misleading hints, now types of their own.
    ("Kitchen Space", Some("Kitchen")),
    ("Exercise Room", Some("Therapy Gym")),
    ("COMPUTER ROOM", Some("Computer Room")),
    // COBie categories.
    ("13-41 41 11: Treatment Room", Some("Treatment Room")),
    ("13-41 41 14: Physical Examination Room", Some("Exam Room")),
    ("13-81 21 14: Computer Server Room", Some("Computer Room")),
    ("SL_25_10_14: Consult Room", Some("Exam Room")),
    ("13-75 11 14", Some("Storage")),
    ("13-99 99 10: Exam Rooom", Some("Exam Room")),
    // Catch-alls, placeholders, group titles, ambiguity and nonsense: no hint.
    ("13-41 41 99: Other Healing Spaces", None),
    ("13-41 31 00: Inpatient Care Spaces", None),
    ("Inpatient Care Spaces", None),
    ("Healthcare Spaces", None),
    ("n/a", None),
    ("TBD", None),
    ("-", None),
    ("13-41 11 21", None),
    ("13-81 21 27", None),
    ("Infection Control", None),
    ("Exec Room", None),
    ("Widget Room", None),
    ("FLEX 12", None),
    ("Living Room", None),
    ("Retail Store", None),
    ("Supply Closet", None),
    ("zzzzzzzz", None),
];

#[test]
fn suggestions_for_real_room_type_texts() {
    let catalog = catalog();
    let mut wrong = Vec::new();
    for (text, want) in TABLE {
        let got = suggested(&catalog, text);
        if got.as_deref() != *want {
            wrong.push(format!("{text:?}: expected {want:?}, got {got:?}"));
        }
    }
    assert!(TABLE.len() >= 40);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The catalog less the types named: what an older or a user's catalog would suggest.
fn without(names: &[&str]) -> Catalog {
    let mut catalog = catalog();
    catalog
        .room_types
        .retain(|t| !names.contains(&t.name.as_str()));
    catalog
}

#[test]
fn no_suggestion_is_better_than_a_wrong_one() {
    // The hints that misled a user (issue 14), with the types they meant taken out.
    let catalog = without(&["Kitchen", "Nourishment", "Therapy Gym"]);
    assert_eq!(suggested(&catalog, "Kitchen Space"), None);
    assert_eq!(suggested(&catalog, "Exercise Room"), None);
    assert_eq!(suggested(&catalog, "Exercise Rm 2"), None);
    // Letters alone never decide: a short word is not mended into another.
    assert_eq!(suggested(&catalog, "Mod Room"), None);
    assert_eq!(
        suggested(&catalog, "Exam Rooom").as_deref(),
        Some("Exam Room")
    );
}

#[test]
fn a_number_is_suggested_its_siblings_type_only_when_they_agree() {
    let catalog = catalog();
    // 13-41 41 xx holds treatment, exam, recovery, surgery and imaging rooms.
    assert_eq!(suggested(&catalog, "13-41 41 24"), None);
    // A title that fits wins over the number.
    assert_eq!(
        suggested(&catalog, "13-75 11 14: Linen Storage").as_deref(),
        Some("Linen")
    );
    // Uniclass codes are compared the same way.
    let mut office = catalog.room_type("Office").unwrap().clone();
    office.omniclass = vec!["SL_20_15_65".to_string()];
    let mut custom = catalog.clone();
    custom.room_types = vec![office];
    assert_eq!(suggested(&custom, "SL_20_15_70").as_deref(), Some("Office"));
    assert_eq!(suggested(&custom, "SL_20_30_70"), None);
}

#[test]
fn the_default_catalog_still_parses_with_the_new_types() {
    let catalog = Catalog::parse(super::super::DEFAULT_CATALOG, Path::new("c.toml")).unwrap();
    for name in [
        "Dental Treatment Room",
        "Procedure Room",
        "Treatment Room",
        "Kitchen",
        "Lobby",
        "Computer Room",
        "Equipment Storage",
        "Seclusion Room",
    ] {
        assert!(catalog.room_type(name).is_some(), "{name}");
    }
    // OmniClass "Treatment Room" is not priced as a trauma bay.
    let treatment = catalog
        .match_room_type("13-41 41 11: Treatment Room")
        .unwrap();
    assert_eq!(treatment.name, "Treatment Room");
    assert!(
        catalog
            .room_type("Trauma Room")
            .unwrap()
            .omniclass
            .is_empty()
    );
    // Every default standard keeps the comment that gives its basis.
    let lines: Vec<&str> = super::super::DEFAULT_CATALOG.lines().collect();
    for (at, line) in lines.iter().enumerate() {
        if *line != "[[room_types]]" {
            continue;
        }
        let block: Vec<&str> = lines[at + 1..]
            .iter()
            .take_while(|l| !l.trim().is_empty() && !l.starts_with("[["))
            .copied()
            .collect();
        if block.contains(&"it_scope = false") {
            continue;
        }
        assert!(
            lines[at - 1].starts_with('#'),
            "no basis comment above {:?}",
            block.first()
        );
    }
    // Every space the catalog types as telecom says so by its name.
    for t in &catalog.room_types {
        let telecom = is_telecom_space(&t.name);
        assert_eq!(
            telecom,
            matches!(t.name.as_str(), "Telecom Room" | "Computer Room"),
            "{}",
            t.name
        );
    }
}
