//! Values from inputs (a room list, a project file, a catalog) stay text in the narrative: each
//! value a template prints is flattened to one line and wrapped in marks that cannot occur in
//! it, and the markup reader takes markup only from outside the marks.

/// Opens a value in rendered markup (a private-use character no input keeps).
pub const OPEN: char = '\u{E000}';
/// Closes a value in rendered markup.
pub const CLOSE: char = '\u{E001}';

/// A value as a template prints it: one line, no control characters, marked.
pub fn mark_value(value: &str) -> String {
    let flat = one_line(value);
    if flat.is_empty() {
        return flat;
    }
    format!("{OPEN}{flat}{CLOSE}")
}

/// Text with line breaks and other control characters as spaces, and the value marks removed.
pub fn one_line(text: &str) -> String {
    text.chars()
        .filter(|&c| c != OPEN && c != CLOSE)
        .map(|c| {
            if c.is_control() || c == '\u{2028}' || c == '\u{2029}' {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// The line's first character is a value's, so nothing in it is markup.
pub fn starts_with_value(line: &str) -> bool {
    line.starts_with(OPEN)
}

pub fn has_value(line: &str) -> bool {
    line.contains(OPEN)
}

/// Rendered text without the marks.
pub fn unmark(text: &str) -> String {
    text.chars().filter(|&c| c != OPEN && c != CLOSE).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_one_marked_line() {
        assert_eq!(
            mark_value("a\n# b\r\n[[rooms]]"),
            format!("{OPEN}a # b  [[rooms]]{CLOSE}")
        );
        assert_eq!(
            mark_value(&format!("x{CLOSE}\n# y")),
            format!("{OPEN}x # y{CLOSE}")
        );
        assert_eq!(mark_value(""), "");
        assert_eq!(unmark(&mark_value("Ward 5")), "Ward 5");
    }
}
