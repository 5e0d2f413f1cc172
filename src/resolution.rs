//! How a room got its room type (issue 14): from the type the list gives, from a type map, from
//! the room's name, or not at all. Plain data on the ground floor: the reader decides it, the
//! estimate prices and reports from it, the renderers lay it out.

use serde::{Deserialize, Serialize};

/// What the documents call a room whose type nothing resolved.
pub const UNCLASSIFIED: &str = "Unclassified";

/// Where a room's type came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "how", rename_all = "snake_case")]
pub enum Resolution {
    /// The type the list gives is a catalog name or alias, or carries a classification number
    /// the catalog holds.
    Given,
    /// A type map (`--types FILE`, the catalog's `[types]`) maps `text`, the type or the room's
    /// name as written, to the catalog type.
    Mapped { text: String },
    /// Taken from the room's name because the type given said nothing usable (`why`): an
    /// assumption to confirm. `suggestion` is the catalog type the given text plausibly meant,
    /// when it was an unknown type.
    Inferred {
        why: Untyped,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        suggestion: Option<String>,
    },
    /// Nothing resolved it: carried and shown, priced at $0, no standard applied.
    Unclassified {
        why: Untyped,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        suggestion: Option<String>,
    },
}

/// Why a room's given type could not type it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Untyped {
    /// The list has no room type column.
    NoColumn,
    /// The type cell is blank.
    Blank,
    /// The type cell says nothing: "n/a", "-", "TBD".
    Placeholder,
    /// A classification's catch-all or group title: "Other Healing Spaces", "13-41 00 00".
    CatchAll,
    /// A type the catalog does not know, and no type map names.
    Unknown,
}

impl Resolution {
    /// Nothing typed the room: it is priced at $0.
    pub fn is_unclassified(&self) -> bool {
        matches!(self, Resolution::Unclassified { .. })
    }

    /// The type was taken from the room's name.
    pub fn is_inferred(&self) -> bool {
        matches!(self, Resolution::Inferred { .. })
    }

    /// The list gave a type the catalog does not know (whatever typed the room in the end), or
    /// nothing typed the room: what makes a package a draft and `--strict` refuse it.
    pub fn is_unresolved(&self) -> bool {
        matches!(
            self,
            Resolution::Unclassified { .. }
                | Resolution::Inferred {
                    why: Untyped::Unknown,
                    ..
                }
        )
    }

    /// The catalog type the text given plausibly means, for an unresolved room.
    pub fn suggestion(&self) -> Option<&str> {
        match self {
            Resolution::Inferred { suggestion, .. }
            | Resolution::Unclassified { suggestion, .. } => suggestion.as_deref(),
            _ => None,
        }
    }

    /// How the type was decided, in a word or two for a table column.
    pub fn label(&self) -> &'static str {
        match self {
            Resolution::Given => "As given",
            Resolution::Mapped { .. } => "Type map",
            Resolution::Inferred { .. } => "From name",
            Resolution::Unclassified { .. } => UNCLASSIFIED,
        }
    }
}

impl Untyped {
    /// What the list gave, as a clause: "has no room type in the list".
    pub fn describe(self, given: Option<&str>) -> String {
        let given = given.unwrap_or_default();
        match self {
            Untyped::NoColumn | Untyped::Blank => "has no room type in the list".to_string(),
            Untyped::Placeholder => format!("is typed '{given}' in the list, which names no type"),
            Untyped::CatchAll => {
                format!(
                    "is typed '{given}', a catch-all category that does not say what the room is"
                )
            }
            Untyped::Unknown => {
                format!("is typed '{given}', which the catalog does not know")
            }
        }
    }
}

/// A room's name less the numbers and letters that number the room rather than name it, as
/// written: `FLEX 12` → `FLEX`, `Janitor 20BOH.07` → `Janitor`. What a type map keys a name by.
pub fn name_less_number(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let mut end = words.len();
    let numbers_the_room = |w: &str| {
        let letters = w.chars().filter(|c| c.is_alphanumeric()).count();
        w.chars().any(|c| c.is_ascii_digit()) || letters <= 1
    };
    while end > 1 && numbers_the_room(words[end - 1]) {
        end -= 1;
    }
    let kept = words[..end].join(" ");
    kept.trim_end_matches(|c: char| !c.is_alphanumeric() && c != ')')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_their_room_numbers() {
        assert_eq!(name_less_number("FLEX 12"), "FLEX");
        assert_eq!(name_less_number("Janitor 20BOH.07"), "Janitor");
        assert_eq!(name_less_number("Exam Room 5"), "Exam Room");
        assert_eq!(name_less_number("OFFICE A"), "OFFICE");
        assert_eq!(name_less_number("101"), "101");
        assert_eq!(name_less_number("COMM. ROOM"), "COMM. ROOM");
        assert_eq!(name_less_number("Dr. Smith -"), "Dr. Smith");
    }

    #[test]
    fn unresolved_means_an_unknown_type_or_no_type() {
        let unknown = Resolution::Inferred {
            why: Untyped::Unknown,
            suggestion: Some("Exam Room".into()),
        };
        assert!(unknown.is_unresolved());
        assert_eq!(unknown.suggestion(), Some("Exam Room"));
        let catch_all = Resolution::Inferred {
            why: Untyped::CatchAll,
            suggestion: None,
        };
        assert!(!catch_all.is_unresolved());
        assert!(
            Resolution::Unclassified {
                why: Untyped::Blank,
                suggestion: None
            }
            .is_unresolved()
        );
        assert!(!Resolution::Given.is_unresolved());
    }
}
