//! A list kept as one sheet per floor ("Level 1", "L2", "3rd Floor", "Basement") with no floor
//! column: the sheet's name is the floor of its rooms. The schedule sequences rough-in floor by
//! floor and the findings count telecom rooms per floor, so a floor left unread changes both.

use crate::text::normalize;

/// The floor a sheet's name gives, as written, if the name says it is a floor and nothing more.
pub fn floor_of_sheet(name: &str) -> Option<String> {
    let words = normalize(name);
    let words: Vec<&str> = words.split(' ').filter(|w| !w.is_empty()).collect();
    let is_floor_word = |w: &str| {
        matches!(
            w,
            "level" | "lvl" | "lev" | "floor" | "flr" | "fl" | "storey" | "story"
        )
    };
    let is_ordinal = |w: &str| {
        w.chars().all(|c| c.is_ascii_digit())
            || ["st", "nd", "rd", "th"].iter().any(|s| {
                w.strip_suffix(s)
                    .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
            })
    };
    // "L2", "L02", "Lvl3", "FL4": a floor word and its number written together.
    let joined = |w: &str| {
        ["l", "lvl", "lev", "fl", "flr"].iter().any(|p| {
            w.strip_prefix(p)
                .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        })
    };
    let says_floor = match words.as_slice() {
        [w] => joined(w) || matches!(*w, "basement" | "ground" | "penthouse" | "mezzanine"),
        [a, b] => {
            (is_floor_word(a) && (is_ordinal(b) || b.len() == 1))
                || (is_ordinal(a) && is_floor_word(b))
                || (matches!(*a, "ground" | "lower" | "upper" | "main") && is_floor_word(b))
        }
        _ => false,
    };
    says_floor.then(|| name.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::floor_of_sheet;

    #[test]
    fn sheet_names_that_are_floors() {
        for name in [
            "Level 1",
            "LEVEL 02",
            "L2",
            "Lvl 3",
            "Floor 4",
            "3rd Floor",
            "1st Flr",
            "Basement",
            "Ground Floor",
            "Level B",
            "FL5",
        ] {
            assert_eq!(floor_of_sheet(name).as_deref(), Some(name.trim()), "{name}");
        }
    }

    #[test]
    fn sheet_names_that_are_not() {
        for name in [
            "Rooms",
            "Sheet1",
            "ED",
            "Level 1 Notes",
            "Floor Plan Legend",
            "Room Data",
            "2026",
            "Levels",
            "",
        ] {
            assert_eq!(floor_of_sheet(name), None, "{name}");
        }
    }
}
