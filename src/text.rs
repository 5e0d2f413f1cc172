//! Text helpers shared across the pipeline: normalisation for matching, counted nouns for prose.

/// Lower-case, with every run of punctuation or whitespace turned into one space.
/// `"  Exam-Room "` and `"EXAM ROOM"` both become `"exam room"`.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    // Most text is ASCII, where letters and digits are the ASCII ones: byte by byte, the same
    // result in a fraction of the time (a campus list normalises a few hundred thousand cells).
    if text.is_ascii() {
        for byte in text.bytes() {
            if byte.is_ascii_alphanumeric() {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                out.push(char::from(byte.to_ascii_lowercase()));
            } else {
                pending_space = true;
            }
        }
        return out;
    }
    for ch in text.chars() {
        if ch.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(ch.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
}

/// "1 room", "35 rooms", "2 telecom rooms": a count with its noun, pluralised by adding `s`
/// (every noun sowgen counts this way takes a plain `s`).
pub fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{} {noun}s", crate::money::group_thousands(&n.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn folds_case_punctuation_and_spacing() {
        assert_eq!(normalize("  Exam-Room "), "exam room");
        assert_eq!(normalize("RM #"), "rm");
        assert_eq!(normalize("Area (SF)"), "area sf");
        assert_eq!(normalize("Café/Lounge"), "café lounge");
        assert_eq!(normalize("---"), "");
    }

    #[test]
    fn ascii_text_folds_as_any_text_does() {
        // The general rule, char by char, against the ASCII path.
        let general = |text: &str| {
            let words: Vec<String> = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect();
            words.join(" ")
        };
        for text in [
            "",
            " a",
            "RM-101 (East)",
            "\t2nd  Floor\n",
            "A_B.c",
            "x9Y",
            "!!",
            "Ñandú Hall",
        ] {
            assert_eq!(normalize(text), general(text), "{text:?}");
        }
    }

    #[test]
    fn counts_take_their_plural() {
        assert_eq!(super::counted(1, "room"), "1 room");
        assert_eq!(super::counted(0, "problem"), "0 problems");
        assert_eq!(super::counted(1200, "telecom room"), "1,200 telecom rooms");
    }
}
