//! What a room-type text says when it names no catalog type: nothing at all (a placeholder), a
//! classification's catch-all or group rather than a room (so the room's name must type it), or a
//! telecom space. Pure text tests; the resolution order that uses them is the reader's.

use super::matching::{code_parts, is_designator, split_classification};
use crate::text::normalize;

/// A cell that was filled in to say "nothing here": blank, a dash, "n/a", "none", "TBD", "?",
/// "unknown", an Excel error value. A room typed with one is typed from its name instead.
pub fn is_placeholder(text: &str) -> bool {
    let trimmed = text.trim();
    // Excel error values, as a cell's cached text or as typed.
    if matches!(
        trimmed.to_ascii_uppercase().as_str(),
        "#N/A" | "#REF!" | "#VALUE!" | "#NAME?" | "#DIV/0!" | "#NULL!" | "#NUM!" | "#SPILL!"
    ) {
        return true;
    }
    let words = normalize(trimmed);
    // Punctuation only ("-", "--", "?", "...") normalises to nothing.
    matches!(
        words.as_str(),
        "" | "n a"
            | "na"
            | "none"
            | "nil"
            | "null"
            | "nan"
            | "0"
            | "x"
            | "tbd"
            | "tbc"
            | "tba"
            | "tbd tbc"
            | "to be determined"
            | "to be confirmed"
            | "to be assigned"
            | "unknown"
            | "unassigned"
            | "not assigned"
            | "not applicable"
            | "not available"
            | "not known"
            | "pending"
            | "blank"
            | "empty"
            | "no type"
            | "not specified"
            | "unspecified"
    )
}

/// A classification entry that does not say what the room is: OmniClass "Other ... Spaces" and
/// "... Spaces, Other", a number ending in 99, a group title (a number with fewer levels than a
/// room, such as "13-41 00 00", or a plural "... Spaces" heading such as "Inpatient Care
/// Spaces"), a Uniclass group (SL_25, SL_25_10). Such a room is typed from its name.
///
/// A pure text test: call it on text the catalog did not match (the default catalog's "13-91"
/// covers every travel space beneath it, and is not a catch-all there).
pub fn is_catch_all(text: &str) -> bool {
    if let Some((code, title)) = split_classification(text)
        && is_classification_number(code)
    {
        return code_is_catch_all(code) || title_is_catch_all(title);
    }
    if is_classification_number(text) {
        return code_is_catch_all(text);
    }
    title_is_catch_all(text)
}

/// An OmniClass number ("13-41 41 14", "13-41") or a Uniclass code ("SL_25_10"), not a room
/// name with a number in it ("OFC 201").
fn is_classification_number(text: &str) -> bool {
    let parts = code_parts(text);
    let numeric = |p: &String| p.chars().all(|c| c.is_ascii_digit());
    match parts.split_first() {
        Some((first, rest)) if !rest.is_empty() && rest.iter().all(numeric) => {
            (numeric(first) && first.len() == 2)
                || (first.len() == 2
                    && first.chars().all(|c| c.is_ascii_alphabetic())
                    && text.contains('_'))
        }
        _ => false,
    }
}

/// OmniClass numbers have four levels for a room ("13-41 41 14"; trailing "00" levels are empty);
/// Uniclass 2015 space codes have a table prefix and three levels ("SL_25_10_14").
fn code_is_catch_all(code: &str) -> bool {
    let mut parts = code_parts(code);
    while parts.len() > 1 && parts.last().is_some_and(|p| p.chars().all(|c| c == '0')) {
        parts.pop();
    }
    let last_is_99 = parts.last().is_some_and(|p| p == "99");
    // Uniclass groups (SL_25, SL_25_10) and OmniClass groups (13-41, 13-41 31) alike.
    last_is_99 || parts.len() < 4
}

/// Words that say "some space" without saying which.
const VAGUE: &[&str] = &[
    "other",
    "others",
    "misc",
    "miscellaneous",
    "general",
    "generic",
    "various",
    "mixed",
    "multiple",
    "unclassified",
    "undefined",
    "not classified",
    "space",
    "spaces",
    "room",
    "rooms",
    "area",
    "areas",
    "use",
];

fn title_is_catch_all(title: &str) -> bool {
    let words = normalize(title);
    if words.is_empty() {
        return false;
    }
    if VAGUE.contains(&words.as_str()) || words.split(' ').all(|w| VAGUE.contains(&w)) {
        return true;
    }
    let first = words.split(' ').next().unwrap_or_default();
    let last = words.rsplit(' ').next().unwrap_or_default();
    // "Other Healing Spaces", "Healing Spaces, Other", "Spaces, Miscellaneous".
    if matches!(first, "other" | "misc" | "miscellaneous")
        || matches!(last, "other" | "misc" | "miscellaneous" | "nec")
    {
        return true;
    }
    // OmniClass and Uniclass headings are plural ("Inpatient Care Spaces"); a room is singular.
    last == "spaces" || last == "facilities"
}

/// Phrases (normalised) that make a room's name a telecom space wherever they stand in it.
const TELECOM_PHRASES: &[&[&str]] = &[
    &["telecom"],
    &["telecoms"],
    &["telecommunication"],
    &["telecommunications"],
    &["teledata"],
    &["computer", "room"],
    &["server", "room"],
    &["server", "closet"],
    &["data", "center"],
    &["data", "centre"],
    &["data", "closet"],
    &["data", "room"],
    &["network", "closet"],
    &["network", "room"],
    &["lan", "room"],
    &["communications", "room"],
    &["communications", "closet"],
    &["communication", "room"],
    &["demarc"],
    &["entrance", "facility"],
];

/// A room's name says it is a telecom space: "TELECOM", "IDF 3A", "MDF", "COMM. ROOM", "TR-2",
/// "COMPUTER ROOM", "DATA CLOSET", "ELEC/TEL". A name that only mentions communication or
/// computers for people ("COMMUNICATIONS OFFICE", "COMPUTER TRAINING") is not one.
pub fn is_telecom_space(name: &str) -> bool {
    let words = normalize(name);
    let tokens: Vec<&str> = words.split(' ').filter(|w| !w.is_empty()).collect();
    if TELECOM_PHRASES
        .iter()
        .any(|phrase| tokens.windows(phrase.len()).any(|w| w == *phrase))
    {
        return true;
    }
    // Only room numbers and letters follow: "TR 2", "COMM 4B", "ELEC/TEL".
    let designators_after = |at: usize| tokens[at + 1..].iter().all(|t| is_designator(t));
    let room_word_next = |at: usize| {
        matches!(
            tokens.get(at + 1),
            Some(&"room" | &"rm" | &"closet" | &"data")
        )
    };
    tokens.iter().enumerate().any(|(i, token)| {
        // "IDF3A", "TR2", "MDF-1" run the room's designator into the code.
        let stem = token
            .find(|c: char| c.is_ascii_digit())
            .map_or(*token, |at| &token[..at]);
        match stem {
            "idf" | "mdf" | "bdf" | "ter" => true,
            // Short words that mean other things inside a longer name ("TR EXAM", "TEL AVIV
            // CLINIC"): only as the room's whole name or before a room word.
            "tr" | "comm" | "comms" | "tel" => designators_after(i) || room_word_next(i),
            _ => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_say_nothing() {
        for text in [
            "",
            "  ",
            "n/a",
            "N/A",
            "NA",
            "na",
            "none",
            "None",
            "-",
            "--",
            "—",
            "TBD",
            "tbc",
            "?",
            "??",
            "unknown",
            "Unknown",
            "not applicable",
            "Not Applicable",
            "#N/A",
            "#REF!",
            "0",
            "(blank)",
            "...",
        ] {
            assert!(is_placeholder(text), "{text:?} is a placeholder");
        }
        for text in [
            "Office",
            "Exam Room",
            "Nurse Station",
            "NICU",
            "Annex",
            "Nap Room",
            "Unknown Room 3",
        ] {
            assert!(!is_placeholder(text), "{text:?} is not a placeholder");
        }
    }

    #[test]
    fn catch_alls_and_group_titles_are_not_rooms() {
        for text in [
            "13-41 41 99: Other Healing Spaces",
            "13-41 41 99",
            "13-41 00 00",
            "13-41 00 00: Healthcare Spaces",
            "13-41 31 00: Inpatient Care Spaces",
            "Inpatient Care Spaces",
            "Healthcare Spaces",
            "Other Healing Spaces",
            "Healing Spaces, Other",
            "Spaces, Other",
            "Other",
            "Miscellaneous",
            "Room",
            "General Use",
            "13-41 31",
            "SL_25: Health spaces",
            "SL_25_10: Clinical spaces",
            "SL_25_10",
            "13-41 41 14: Other",
        ] {
            assert!(is_catch_all(text), "{text:?} is a catch-all");
        }
        for text in [
            "13-41 41 14: Physical Examination Room",
            "13-41 41 14",
            "13-41 11 14 21",
            "13-41 11 21: Nurse Station",
            "SL_25_10_14: Consult Room",
            "Exam Room",
            "Toilet Space",
            "Soiled Storage Room Space",
            "Office",
            "Mother's Room",
            "OFC 201",
            "EXAM 12",
            "OR 1",
        ] {
            assert!(!is_catch_all(text), "{text:?} is not a catch-all");
        }
    }

    #[test]
    fn telecom_spaces_by_name() {
        for name in [
            "TELECOM",
            "Telecom Room 3",
            "TELECOMMUNICATIONS",
            "IDF 3A",
            "IDF-3A",
            "IDF3A",
            "MDF",
            "MDF-1",
            "BDF",
            "COMM. ROOM",
            "COMM ROOM 1C05",
            "COMM",
            "COMM 2",
            "COMMS ROOM",
            "Communications Room",
            "TR",
            "TR-2",
            "TR 4B",
            "TR ROOM",
            "COMPUTER ROOM",
            "Computer Server Room",
            "SERVER ROOM",
            "DATA CLOSET",
            "Data Center",
            "NETWORK CLOSET",
            "ELEC/TEL",
            "TEL/DATA",
            "Demarc",
        ] {
            assert!(is_telecom_space(name), "{name:?} is a telecom space");
        }
        for name in [
            "Office",
            "COMMUNICATIONS OFFICE",
            "COMMUNITY ROOM",
            "COMPUTER TRAINING",
            "Computer Training Room",
            "TRAUMA 2",
            "TREATMENT",
            "TRIAGE",
            "TR EXAM",
            "ELEC",
            "Comment",
            "Data Entry Office",
            "TELEMETRY 4",
            "Hotel Services",
            "",
        ] {
            assert!(!is_telecom_space(name), "{name:?} is not a telecom space");
        }
    }
}
