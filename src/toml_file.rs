//! The TOML files a user edits (the catalog, a project file, a type map): read into their types,
//! with every mistake located as "FILE, line N, KEY: message".

use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// A mistake in a TOML file, located so the user can fix it. `line` is 0 (and left out) when the
/// file could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub file: PathBuf,
    pub line: usize,
    pub key: String,
    pub message: String,
}

impl ConfigError {
    /// A mistake found after parsing, at a key path (`parts.PC-SFF.unit_cost`, `room_types.3`).
    pub fn at_path(text: &str, file: &Path, path: &[String], message: String) -> ConfigError {
        ConfigError {
            file: file.to_path_buf(),
            line: line_of_path(text, path),
            key: short_key(path.join(".")),
            message,
        }
    }
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file.display())?;
        if self.line > 0 {
            write!(f, ", line {}", self.line)?;
        }
        if !self.key.is_empty() {
            write!(f, ", {}", self.key)?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for ConfigError {}

/// Files larger than this are refused unread: the default catalog is under 100 KB.
pub const MAX_CONFIG_BYTES: u64 = 4 * 1024 * 1024;

/// Read a file's text, refusing one too large to be a settings file.
pub fn read_text(path: &Path, what: &str) -> Result<String, ConfigError> {
    let fail = |message: String| ConfigError {
        file: path.to_path_buf(),
        line: 0,
        key: String::new(),
        message,
    };
    let file =
        std::fs::File::open(path).map_err(|e| fail(format!("cannot read the {what}: {e}")))?;
    let mut text = String::new();
    std::io::Read::read_to_string(
        &mut std::io::Read::take(file, MAX_CONFIG_BYTES + 1),
        &mut text,
    )
    .map_err(|e| fail(format!("cannot read the {what}: {e}")))?;
    if text.len() as u64 > MAX_CONFIG_BYTES {
        return Err(fail(format!(
            "the {what} is larger than {} MB; it was not read",
            MAX_CONFIG_BYTES / (1024 * 1024)
        )));
    }
    Ok(text)
}

/// Parse TOML text into `T`; `file` names it in errors, located by line and key.
pub fn parse<T: DeserializeOwned>(text: &str, file: &Path) -> Result<T, ConfigError> {
    toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of_offset(text, s.start)).unwrap_or(0);
        ConfigError {
            file: file.to_path_buf(),
            line,
            key: short_key(key_at_line(text, line)),
            message: e.message().trim().to_string(),
        }
    })
}

/// Characters of a key path an error repeats: a hostile file's dotted key of a million parts
/// must not make an error message of megabytes.
const MAX_KEY_CHARS: usize = 200;

fn short_key(key: String) -> String {
    match key.char_indices().nth(MAX_KEY_CHARS) {
        Some((end, _)) => format!("{}...", &key[..end]),
        None => key,
    }
}

/// 1-based line of a byte offset.
pub fn line_of_offset(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The full key of a line (`parts.PC-SFF.unit_cost`, `room_types.3`), for errors serde locates
/// only by span: the key written on the line, under the table header above it. An array-of-tables
/// header is numbered as validation numbers it (from 0), so both kinds of error read alike.
pub fn key_at_line(text: &str, line: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let Some(content) = lines.get(line.saturating_sub(1)).map(|l| l.trim()) else {
        return String::new();
    };
    let header_at = |upto: usize| -> Option<String> {
        let (index, header) = lines[..upto]
            .iter()
            .enumerate()
            .rev()
            .find(|(_, l)| l.trim_start().starts_with('['))?;
        let header = header.trim();
        let name = header
            .trim_start_matches('[')
            .split(']')
            .next()
            .unwrap_or_default()
            .trim()
            .to_string();
        if header.starts_with("[[") {
            let wanted = format!("[[{name}]]");
            let before = lines[..index]
                .iter()
                .filter(|l| l.trim().replace(' ', "") == wanted.replace(' ', ""))
                .count();
            Some(format!("{name}.{before}"))
        } else {
            Some(name)
        }
    };
    if content.starts_with('[') {
        return header_at(line).unwrap_or_default();
    }
    // An item of a multi-line array (`  { part = "X", qty = 1.5 },`) belongs to the array's key.
    let keyed = if content.starts_with('{') {
        lines[..line.saturating_sub(1)]
            .iter()
            .rev()
            .find(|l| l.contains("= ["))
            .copied()
    } else {
        Some(content)
    };
    let Some(key) = keyed
        .and_then(|l| l.split_once('='))
        .map(|(key, _)| key.trim().to_string())
    else {
        return String::new();
    };
    match header_at(line.saturating_sub(1)) {
        Some(table) if !table.is_empty() => format!("{table}.{key}"),
        _ => key,
    }
}

/// The line of the deepest part of `path` (table keys and array indices) found in the document.
pub fn line_of_path(text: &str, path: &[String]) -> usize {
    let Ok(root) = DeTable::parse(text) else {
        return 0;
    };
    let mut best = 0;
    let mut current: Option<&Spanned<DeValue>> = None;
    let mut table: Option<&DeTable> = Some(root.get_ref());
    for segment in path {
        let next = match (table, current.map(Spanned::get_ref)) {
            (Some(t), _) => t
                .iter()
                .find(|(k, _)| k.get_ref().as_ref() == segment.as_str())
                .map(|(k, v)| {
                    best = line_of_offset(text, k.span().start);
                    v
                }),
            (None, Some(DeValue::Array(items))) => segment
                .parse::<usize>()
                .ok()
                .and_then(|i| items.get(i))
                .inspect(|v| {
                    best = line_of_offset(text, v.span().start);
                }),
            _ => None,
        };
        let Some(value) = next else { break };
        current = Some(value);
        table = match value.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => None,
        };
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "[a]\nx = 1\n\n[[items]]\nname = \"first\"\n\n[[items]]\nname = \"second\"\nprice = \"-1\"\n";

    #[test]
    fn finds_nested_keys_and_array_items() {
        let path = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(line_of_path(DOC, &path(&["a", "x"])), 2);
        assert_eq!(line_of_path(DOC, &path(&["items", "1", "price"])), 9);
        // A path that goes missing stops at the deepest part found: the item's table header.
        assert_eq!(line_of_path(DOC, &path(&["items", "1", "nothing"])), 7);
    }

    #[test]
    fn names_the_key_on_a_line() {
        assert_eq!(key_at_line(DOC, 9), "items.1.price");
        assert_eq!(key_at_line(DOC, 7), "items.1");
        assert_eq!(key_at_line(DOC, 4), "items.0");
        assert_eq!(key_at_line(DOC, 2), "a.x");
        assert_eq!(line_of_offset(DOC, 0), 1);
    }

    #[test]
    fn a_key_of_a_hundred_thousand_parts_is_named_short() {
        let text = format!("{}b = 1\n", "a.".repeat(100_000));
        let error = parse::<toml::Table>(&text, Path::new("deep.toml")).unwrap_err();
        assert!(error.key.len() <= MAX_KEY_CHARS + 3, "{}", error.key.len());
        assert!(error.key.starts_with("a.a."), "{}", error.key);
    }
}
