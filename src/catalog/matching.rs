//! Room-type matching: what a written room type, classification entry or room name means in the
//! catalog. Case, punctuation and spacing never matter.

use super::words::normalizes_to;
use super::{Catalog, RoomType};
use crate::text::normalize;

impl Catalog {
    /// The room type a written name means, ignoring case, punctuation and spacing. A
    /// classification entry (`13-41 31 11: Patient Care Room`, as COBie writes a Space category)
    /// matches by its OmniClass number first, then by its title, then as written.
    pub fn match_room_type(&self, written: &str) -> Option<&RoomType> {
        let wanted = normalize(written);
        if wanted.is_empty() {
            return None;
        }
        if let Some((code, title)) = split_classification(written) {
            return self
                .match_omniclass(code)
                .or_else(|| self.match_name(&normalize(title)))
                .or_else(|| self.match_name(&wanted));
        }
        self.match_name(&wanted).or_else(|| {
            looks_like_code(written)
                .then(|| self.match_omniclass(written))
                .flatten()
        })
    }

    fn match_name(&self, wanted: &str) -> Option<&RoomType> {
        if wanted.is_empty() {
            return None;
        }
        let find = |wanted: &str| {
            self.room_types.iter().find(|t| {
                normalizes_to(&t.name, wanted) || t.aliases.iter().any(|a| normalizes_to(a, wanted))
            })
        };
        // Classification titles are often plural ("Offices", "Consulting rooms"), and lists
        // often leave out the word "room" ("Trauma", "Locker" for Trauma Room, Locker Room).
        find(wanted)
            .or_else(|| {
                wanted
                    .strip_suffix('s')
                    .filter(|w| !w.ends_with('s'))
                    .and_then(find)
            })
            .or_else(|| find(&format!("{wanted} room")))
    }

    /// The room type a room's name is exactly, less trailing numbers and letters (`EXAM 3`,
    /// `COMM ROOM`): the strong form of `infer_room_type`.
    pub fn type_named_by(&self, room_name: &str) -> Option<&RoomType> {
        self.match_name(&name_core(room_name))
    }

    /// The room type with the longest OmniClass number that begins `code` (a number matches the
    /// entries beneath it: 13-91 takes 13-91 11 11 31).
    pub fn match_omniclass(&self, code: &str) -> Option<&RoomType> {
        let wanted = code_parts(code);
        if wanted.is_empty() {
            return None;
        }
        self.room_types
            .iter()
            .flat_map(|t| t.omniclass.iter().map(move |c| (t, code_parts(c))))
            .filter(|(_, parts)| !parts.is_empty() && wanted.starts_with(parts))
            .max_by_key(|(_, parts)| parts.len())
            .map(|(t, _)| t)
    }

    /// The room type a room's name implies (`EXAM 3`, `NURSE STA`, `SOILED UTIL 2`): the whole
    /// name less trailing room numbers and letters, else the longest name or alias found in it
    /// on word boundaries.
    pub fn infer_room_type(&self, room_name: &str) -> Option<&RoomType> {
        let core = name_core(room_name);
        if let Some(found) = self.match_name(&core) {
            return Some(found);
        }
        let words = core;
        let padded = format!(" {words} ");
        self.room_types
            .iter()
            .flat_map(|t| {
                std::iter::once(&t.name)
                    .chain(t.aliases.iter())
                    .map(move |n| (t, normalize(n)))
            })
            .filter(|(_, n)| !n.is_empty() && padded.contains(&format!(" {n} ")))
            .max_by_key(|(_, n)| n.len())
            .map(|(t, _)| t)
    }

    /// The catalog name closest to a written room type, for "did you mean": only a plausible one
    /// (see `suggest`), never a name that merely shares letters.
    pub fn closest_room_type(&self, written: &str) -> Option<&str> {
        self.suggest(written).map(|t| t.name.as_str())
    }
}

/// `13-41 31 11: Patient Care Room` → (`13-41 31 11`, `Patient Care Room`): a classification
/// number (OmniClass, or Uniclass like `SL_25_10_14`), a colon, a title.
pub(super) fn split_classification(written: &str) -> Option<(&str, &str)> {
    let (code, title) = written.split_once(':')?;
    let code = code.trim();
    (looks_like_code(code)).then_some((code, title.trim()))
}

/// A classification number: mostly digits, with a digit in it (`13-41 31 11`, `SL_25_10_14`).
pub(super) fn looks_like_code(text: &str) -> bool {
    let text = text.trim();
    let digits = text.chars().filter(char::is_ascii_digit).count();
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    digits >= 2 && letters <= 3
}

/// The number groups of a classification code: `13-41 31 11` → ["13", "41", "31", "11"].
pub(super) fn code_parts(code: &str) -> Vec<String> {
    code.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

/// A room's name normalised, less the trailing numbers and letters that number the room rather
/// than name it (`EXAM 12A` → `exam`): what name-based matching depends on, so callers may cache
/// on it.
pub fn name_core(room_name: &str) -> String {
    let normal = normalize(room_name);
    let words: Vec<&str> = normal.split(' ').filter(|w| !w.is_empty()).collect();
    let mut end = words.len();
    while end > 1 && is_designator(words[end - 1]) {
        end -= 1;
    }
    words[..end].join(" ")
}

/// A trailing word of a room name that numbers or letters the room rather than naming it:
/// `3`, `3A`, `B`, `101`, `II`.
pub(super) fn is_designator(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_digit())
        || word.chars().count() == 1
        || matches!(word, "ii" | "iii" | "iv")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn room_types_match_aliases_ignoring_case_and_punctuation() {
        let catalog = Catalog::default_catalog();
        let name = |w: &str| catalog.match_room_type(w).map(|t| t.name.as_str());
        assert_eq!(name("EXAM RM"), Some("Exam Room"));
        assert_eq!(name("Pt Room"), Some("Patient Room"));
        assert_eq!(name("nurse station"), Some("Nurse Station"));
        assert_eq!(name("  Exam-Room "), Some("Exam Room"));
        assert_eq!(name("Exam Rooom"), None);
        assert_eq!(name("Trauma"), Some("Trauma Room"));
        assert_eq!(name("LOCKER"), Some("Locker Room"));
        assert_eq!(
            catalog.infer_room_type("TRAUMA 2").map(|t| t.name.as_str()),
            Some("Trauma Room")
        );
        assert_eq!(catalog.closest_room_type("Exam Rooom"), Some("Exam Room"));
        assert_eq!(catalog.closest_room_type("zzzzzzzz"), None);
    }

    #[test]
    fn classification_entries_match_by_number_then_title_then_alias() {
        let catalog = Catalog::default_catalog();
        let name = |w: &str| catalog.match_room_type(w).map(|t| t.name.as_str());
        assert_eq!(name("13-41 31 11: Patient Care Room"), Some("Patient Room"));
        // The number wins over a title that says something else.
        assert_eq!(
            name("13-41 31 14: Patient Care Room"),
            Some("ICU Patient Room")
        );
        assert_eq!(name("13-41 41 14"), Some("Exam Room"));
        // A number the catalog does not hold falls back to the title.
        assert_eq!(name("13-41 11 21: Nurse Station"), Some("Nurse Station"));
        // A number beneath a catalog number matches it.
        assert_eq!(
            name("13-91 11 11 31: Drop-Off Area"),
            Some("Site / Exterior")
        );
        assert_eq!(name("13-65 11 00: Roof"), Some("Site / Exterior"));
        // Uniclass (COBie UK 2012): matched by title, plurals too.
        assert_eq!(name("SL_20_15_65: Offices"), Some("Office"));
        assert_eq!(name("SL_25_10_14: Consult Room"), Some("Exam Room"));
        assert_eq!(name("13-99 99: Widget Room"), None);
        // The example: a number the catalog does not hold, a title it does.
        assert_eq!(name("13-65 13 13: Toilet Space"), Some("Toilet"));
        assert_eq!(
            catalog.closest_room_type("13-99 99: Exam Rooom"),
            Some("Exam Room")
        );
        let stair = catalog.room_type("Stair").unwrap();
        assert!(!stair.it_scope);
        assert!(catalog.room_type("Office").unwrap().it_scope);
    }

    #[test]
    fn room_types_are_inferred_from_room_names() {
        let catalog = Catalog::default_catalog();
        let name = |w: &str| catalog.infer_room_type(w).map(|t| t.name.as_str());
        assert_eq!(name("EXAM 3"), Some("Exam Room"));
        assert_eq!(name("EXAM 12A"), Some("Exam Room"));
        assert_eq!(name("NURSE STA"), Some("Nurse Station"));
        assert_eq!(name("SOILED UTIL"), Some("Soiled Utility"));
        assert_eq!(name("TELECOM"), Some("Telecom Room"));
        assert_eq!(name("OFFICE B"), Some("Office"));
        assert_eq!(name("STAIR 2"), Some("Stair"));
        assert_eq!(name("ELEC"), Some("Electrical Room"));
        assert_eq!(name("JAN"), Some("Janitor Closet"));
        assert_eq!(name("MECH 1"), Some("Mechanical Room"));
        // The longest name found in the room's name, on word boundaries.
        assert_eq!(name("PEDS EXAM RM 4"), Some("Exam Room"));
        assert_eq!(name("STAFF BREAK ROOM"), Some("Staff Lounge"));
        assert_eq!(name("FLEX 12"), None);
        assert_eq!(name("EXAMPLE"), None);
    }
}
