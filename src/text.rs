//! Text normalisation shared by header mapping and room-type matching.

/// Lower-case, with every run of punctuation or whitespace turned into one space.
/// `"  Exam-Room "` and `"EXAM ROOM"` both become `"exam room"`.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
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
}
