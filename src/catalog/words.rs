//! Room-type words as people write them, reduced to one spelling each, so that "EXAM RM",
//! "Examination Room" and "DTR" compare word by word with the catalog's names and aliases.

use crate::text::normalize;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Words that say "a space" without saying which: they never make a match.
const GENERIC: &[&str] = &[
    "room", "rooms", "rm", "rms", "space", "spaces", "area", "areas", "the", "and", "of", "for",
    "with", "w", "s", "a", "an", "to", "other", "new", "existing", "typ", "typical", "shared",
];

/// Words that qualify a space or name a container for it, too common to make a match alone
/// ("Care" in "Inpatient Care Spaces", "Station" in "Charting Station").
const WEAK: &[&str] = &[
    "care",
    "staff",
    "patient",
    "support",
    "service",
    "general",
    "main",
    "public",
    "unit",
    "clinical",
    "medical",
    "center",
    "department",
    "suite",
    "zone",
    "station",
    "alcove",
    "closet",
    "bay",
    "holding",
    "store",
    "server",
    "shop",
    "booth",
    "health",
    "cart",
    "control",
    "processing",
    "management",
    "private",
    "small",
    "large",
    "open",
    "primary",
    "secondary",
];

/// Abbreviations and variants → the one spelling compared. A word may stand for several
/// ("DTR" is "dental treatment room").
const SPELLINGS: &[(&str, &[&str])] = &[
    ("rm", &["room"]),
    ("rms", &["room"]),
    ("rooms", &["room"]),
    ("sta", &["station"]),
    ("stn", &["station"]),
    ("stat", &["station"]),
    ("examination", &["exam"]),
    ("exm", &["exam"]),
    ("dtr", &["dental", "treatment", "room"]),
    ("ofc", &["office"]),
    ("offc", &["office"]),
    ("offices", &["office"]),
    ("conf", &["conference"]),
    ("confr", &["conference"]),
    ("tlt", &["toilet"]),
    ("toil", &["toilet"]),
    ("restroom", &["toilet"]),
    ("lavatory", &["toilet"]),
    ("lav", &["toilet"]),
    ("jan", &["janitor"]),
    ("janitorial", &["janitor"]),
    ("custodial", &["janitor"]),
    ("pt", &["patient"]),
    ("pat", &["patient"]),
    ("pts", &["patient"]),
    ("mech", &["mechanical"]),
    ("elec", &["electrical"]),
    ("elect", &["electrical"]),
    ("electric", &["electrical"]),
    ("stor", &["storage"]),
    ("stg", &["storage"]),
    ("sto", &["storage"]),
    ("storeroom", &["storage", "room"]),
    ("util", &["utility"]),
    ("utl", &["utility"]),
    ("proc", &["procedure"]),
    ("tx", &["treatment"]),
    ("trmt", &["treatment"]),
    ("treat", &["treatment"]),
    ("consultation", &["consult"]),
    ("consulting", &["consult"]),
    ("corr", &["corridor"]),
    ("wait", &["waiting"]),
    ("reg", &["registration"]),
    ("equip", &["equipment"]),
    ("eqp", &["equipment"]),
    ("lab", &["laboratory"]),
    ("pharm", &["pharmacy"]),
    ("disp", &["dispensing"]),
    ("dispensary", &["dispensing"]),
    ("meds", &["medication"]),
    ("nurs", &["nurse"]),
    ("nurses", &["nurse"]),
    ("nursing", &["nurse"]),
    ("admin", &["administration"]),
    ("administrative", &["administration"]),
    ("mgr", &["manager"]),
    ("ctr", &["center"]),
    ("dept", &["department"]),
    ("cntr", &["center"]),
    ("centre", &["center"]),
    ("recep", &["reception"]),
    ("telecommunication", &["telecom"]),
    ("telecommunications", &["telecom"]),
    ("comm", &["telecom"]),
    ("comms", &["telecom"]),
    ("communications", &["telecom"]),
    ("tel", &["telecom"]),
    ("elev", &["elevator"]),
    ("lift", &["elevator"]),
    ("vest", &["vestibule"]),
    ("lkr", &["locker"]),
    ("shwr", &["shower"]),
    ("decon", &["decontamination"]),
    ("decontam", &["decontamination"]),
    ("steri", &["sterilization"]),
    ("steril", &["sterilization"]),
    ("spd", &["sterile", "processing"]),
    ("evs", &["environmental", "services"]),
    ("ldr", &["labor", "delivery", "recovery"]),
    ("ldrp", &["labor", "delivery", "recovery"]),
    ("ccu", &["icu"]),
    ("micu", &["icu"]),
    ("sicu", &["icu"]),
    ("cvicu", &["icu"]),
    ("gymnasium", &["gym"]),
    ("exer", &["exercise"]),
    ("trng", &["training"]),
    ("trg", &["training"]),
    ("educ", &["education"]),
    ("edu", &["education"]),
    ("classroom", &["class", "room"]),
    ("lib", &["library"]),
    ("dict", &["dictation"]),
    ("chart", &["charting"]),
    ("alc", &["alcove"]),
    ("nour", &["nourishment"]),
    ("nourish", &["nourishment"]),
    ("ktch", &["kitchen"]),
    ("kitch", &["kitchen"]),
    ("lby", &["lobby"]),
    ("lbby", &["lobby"]),
    ("mtg", &["meeting"]),
    ("brk", &["break"]),
    ("breakroom", &["break", "room"]),
    ("lng", &["lounge"]),
    ("secl", &["seclusion"]),
    ("intv", &["interview"]),
    ("fam", &["family"]),
    ("workroom", &["work", "room"]),
    ("wkrm", &["work", "room"]),
    ("wrk", &["work"]),
    ("cpy", &["copy"]),
    ("mailroom", &["mail", "room"]),
    ("dayroom", &["day", "room"]),
    ("oncall", &["on", "call"]),
    ("slp", &["sleep"]),
    ("phleb", &["phlebotomy"]),
    ("vital", &["vitals"]),
    ("dial", &["dialysis"]),
    ("hemodialysis", &["dialysis"]),
    ("inf", &["infusion"]),
    ("anes", &["anesthesia"]),
    ("anesth", &["anesthesia"]),
    ("rad", &["radiology"]),
    ("img", &["imaging"]),
    ("imag", &["imaging"]),
    ("ctrl", &["control"]),
    ("cntl", &["control"]),
    ("rcv", &["receiving"]),
    ("rcvg", &["receiving"]),
    ("recv", &["receiving"]),
    ("soil", &["soiled"]),
    ("dirty", &["soiled"]),
    ("cln", &["clean"]),
    ("sup", &["supply"]),
    ("supp", &["supply"]),
    ("supplies", &["supply"]),
    ("clo", &["closet"]),
    ("clos", &["closet"]),
    ("clst", &["closet"]),
    ("bathroom", &["toilet"]),
    ("washroom", &["toilet"]),
    ("wc", &["toilet"]),
    ("mens", &["men"]),
    ("womens", &["women"]),
    ("or", &["operating"]),
    ("surgery", &["operating"]),
    ("surgical", &["operating"]),
    ("theatre", &["operating"]),
    ("theater", &["operating"]),
];

fn spelled(word: &str) -> Option<&'static [&'static str]> {
    static BY_WORD: LazyLock<HashMap<&'static str, &'static [&'static str]>> =
        LazyLock::new(|| SPELLINGS.iter().copied().collect());
    BY_WORD.get(word).copied()
}

pub fn is_generic(word: &str) -> bool {
    GENERIC.contains(&word)
}

pub fn is_weak(word: &str) -> bool {
    WEAK.contains(&word)
}

/// A plural reduced to its singular, where that is safe to do by rule ("offices", "lockers"), and
/// not where the word only ends in s ("dialysis", "class", "gas").
fn singular(word: &str) -> &str {
    if word.len() > 4
        && word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("is")
        && !word.ends_with("us")
    {
        &word[..word.len() - 1]
    } else {
        word
    }
}

/// The words of a text, each in its one compared spelling, in order. Room numbers are the
/// caller's to drop first (see `name_core`).
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in normalize(text).split(' ').filter(|w| !w.is_empty()) {
        let found = spelled(word).or_else(|| spelled(singular(word)));
        match found {
            Some(to) => out.extend(to.iter().map(|w| w.to_string())),
            None => out.push(singular(word).to_string()),
        }
    }
    out
}

/// `normalize(text) == normal`, without building the normalised text: matching compares a written
/// type with every catalog name and alias, and most differ at their first letter.
pub(super) fn normalizes_to(text: &str, normal: &str) -> bool {
    let mut expected = normal.chars();
    let mut pending_space = false;
    let mut started = false;
    for ch in text.chars() {
        if ch.is_alphanumeric() {
            if pending_space && started && expected.next() != Some(' ') {
                return false;
            }
            pending_space = false;
            started = true;
            for lower in ch.to_lowercase() {
                if expected.next() != Some(lower) {
                    return false;
                }
            }
        } else {
            pending_space = true;
        }
    }
    expected.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_and_plurals_take_one_spelling() {
        assert_eq!(words("EXAM RM"), ["exam", "room"]);
        assert_eq!(words("Examination Rooms"), ["exam", "room"]);
        assert_eq!(words("DTR"), ["dental", "treatment", "room"]);
        assert_eq!(words("Nurse Sta."), ["nurse", "station"]);
        assert_eq!(words("CONF. RM"), ["conference", "room"]);
        assert_eq!(words("Offices"), ["office"]);
        assert_eq!(words("Dialysis"), ["dialysis"]);
        assert_eq!(words("PHARM. DISP."), ["pharmacy", "dispensing"]);
        assert_eq!(words("Staff Workroom"), ["staff", "work", "room"]);
        assert!(is_generic("room") && !is_generic("exam"));
    }

    #[test]
    fn normalizes_to_agrees_with_normalize() {
        let texts = [
            "",
            " ",
            "--",
            "Exam Room",
            "  Exam-Room ",
            "EXAM RM",
            "Exam",
            "Exam Rooms",
            "Café/Lounge",
            "İstanbul Room",
            "ẞ Room",
            "RM #",
            "a  b",
            "ab",
            "a b ",
            "13-41 31 11",
            "Office 2",
        ];
        for text in texts {
            for other in texts {
                assert_eq!(
                    normalizes_to(text, &normalize(other)),
                    normalize(text) == normalize(other),
                    "{text:?} vs {other:?}"
                );
            }
        }
        assert!(is_weak("care") && !is_weak("kitchen"));
    }
}
