//! The room name that says a room is not what its given type says: a "COMM. ROOM" typed Office.
//! Conservative, like the suggestions: only a name that is another type's name or alias, or that
//! says telecom.

use super::resolve_text::{is_placeholder, is_telecom_space};
use super::words::{is_generic, words};
use super::{Catalog, RoomType};
use std::collections::BTreeSet;

impl Catalog {
    /// The other catalog type a room's name clearly names, when it is not the room's given type:
    /// a "COMM. ROOM" or "COMPUTER ROOM" typed Office, a "PHARM. DISP." typed Storage. Only a name
    /// that is a catalog name or alias (less its room number), or that says telecom (see
    /// `is_telecom_space`), counts. A name for the general kind of a more particular type ("PATIENT
    /// ROOM" typed ICU Patient Room) and two types that both carry nothing do not contradict.
    pub fn contradicts(&self, given: &RoomType, room_name: &str) -> Option<&RoomType> {
        if is_placeholder(room_name) {
            return None;
        }
        let named = self.type_named_by(room_name);
        if is_telecom_space(room_name) && !is_telecom_space(&given.name) {
            return named
                .filter(|t| is_telecom_space(&t.name))
                .or_else(|| {
                    self.infer_room_type(room_name)
                        .filter(|t| is_telecom_space(&t.name))
                })
                .or_else(|| {
                    self.room_types
                        .iter()
                        .find(|t| t.it_scope && is_telecom_space(&t.name))
                });
        }
        let named = named.filter(|t| t.name != given.name)?;
        let both_telecom = is_telecom_space(&named.name) && is_telecom_space(&given.name);
        let carries_nothing = |t: &RoomType| t.standard == Default::default() && t.fixed.is_empty();
        let both_nothing = carries_nothing(named) && carries_nothing(given);
        (!both_telecom && !both_nothing && !is_kind_of(given, named)).then_some(named)
    }
}

/// `given` is a particular kind of `general`: its name has every word of the other's
/// ("ICU Patient Room" of "Patient Room", "Equipment Storage" of "Storage").
fn is_kind_of(given: &RoomType, general: &RoomType) -> bool {
    let specific = |name: &str| -> BTreeSet<String> {
        words(name).into_iter().filter(|w| !is_generic(w)).collect()
    };
    let general = specific(&general.name);
    !general.is_empty() && general.is_subset(&specific(&given.name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_that_names_another_type_contradicts_it() {
        let catalog = Catalog::default_catalog();
        let t = |name: &str| catalog.room_type(name).unwrap();
        let says = |given: &str, name: &str| {
            catalog
                .contradicts(t(given), name)
                .map(|found| found.name.clone())
        };
        // The cases.
        assert_eq!(
            says("Office", "COMM. ROOM").as_deref(),
            Some("Telecom Room")
        );
        assert_eq!(
            says("Office", "COMPUTER ROOM").as_deref(),
            Some("Computer Room")
        );
        assert_eq!(says("Storage", "PHARM. DISP.").as_deref(), Some("Pharmacy"));
        // Telecom by name, and a name that is another type exactly.
        assert_eq!(says("Office", "IDF 3A").as_deref(), Some("Telecom Room"));
        assert_eq!(
            says("Electrical Room", "ELEC/TEL").as_deref(),
            Some("Telecom Room")
        );
        assert_eq!(says("Office", "EXAM 3").as_deref(), Some("Exam Room"));
        assert_eq!(says("Waiting Room", "LOBBY").as_deref(), Some("Lobby"));
        assert_eq!(says("Office", "STAIR 2").as_deref(), Some("Stair"));
        assert_eq!(
            says("Storage", "EQUIPMENT STORAGE").as_deref(),
            Some("Equipment Storage")
        );
        // Not contradictions.
        assert_eq!(says("Office", "OFFICE 12"), None);
        assert_eq!(says("Office", "Dr. Smith"), None);
        assert_eq!(says("Office", "FLEX 12"), None);
        assert_eq!(says("Office", "n/a"), None);
        assert_eq!(says("ICU Patient Room", "PATIENT ROOM 4"), None);
        assert_eq!(says("Open Office", "OFFICE"), None);
        assert_eq!(says("Telecom Room", "SERVER ROOM"), None);
        assert_eq!(says("Computer Room", "IDF 2"), None);
        assert_eq!(says("Toilet", "SHOWER"), None);
        assert_eq!(says("Exam Room", "CONSULT ROOM"), None);
        assert_eq!(says("Office", "COMMUNICATIONS OFFICE"), None);
        // A name that only contains another type's word is not enough.
        assert_eq!(says("Storage", "EXAM ROOM STORAGE"), None);
    }
}
