//! A type map: room-type texts as a list writes them → catalog room types, so a list the catalog
//! cannot type is resolved by "edit a dozen lines, run again" (issue 14).
//!
//! The file (`--types FILE`) is a flat TOML table, `"Exam Rooom" = "Exam Room"`; the catalog may
//! carry the same table as `[types]`. A key matches a room-type cell, or a room's name, ignoring
//! case and punctuation; a value is a catalog name or alias; an empty value is a line not yet
//! decided and is skipped. `check --write-types FILE` writes one to fill in.

use crate::catalog::Catalog;
use crate::error::Error;
use crate::room_list::UnresolvedText;
use crate::text::normalize;
use crate::toml_file::{self, ConfigError};
use std::collections::BTreeMap;
use std::path::Path;

/// Texts (normalised) → catalog room-type names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TypeMap {
    entries: BTreeMap<String, String>,
}

impl TypeMap {
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Read and check a type map file against the catalog.
    pub fn load(path: &Path, catalog: &Catalog) -> Result<TypeMap, Error> {
        let text = toml_file::read_text(path, "type map").map_err(Error::TypeMap)?;
        TypeMap::parse(&text, path, catalog).map_err(Error::TypeMap)
    }

    /// Parse type-map text; `file` names it in errors, each located by line and key. A top-level
    /// `[types]` table is read as the map too, so the catalog's table can be copied as it is.
    pub fn parse(text: &str, file: &Path, catalog: &Catalog) -> Result<TypeMap, ConfigError> {
        let table: BTreeMap<String, toml::Value> = toml_file::parse(text, file)?;
        let mut map = TypeMap::default();
        for (key, value) in &table {
            match value {
                toml::Value::Table(inner) if key == "types" => {
                    for (inner_key, value) in inner {
                        let path = [key.clone(), inner_key.clone()];
                        map.add_value(inner_key, value, catalog)
                            .map_err(|m| ConfigError::at_path(text, file, &path, m))?;
                    }
                }
                value => map
                    .add_value(key, value, catalog)
                    .map_err(|m| ConfigError::at_path(text, file, std::slice::from_ref(key), m))?,
            }
        }
        Ok(map)
    }

    fn add_value(
        &mut self,
        key: &str,
        value: &toml::Value,
        catalog: &Catalog,
    ) -> Result<(), String> {
        let Some(target) = value.as_str() else {
            return Err(format!(
                "expected the name of a catalog room type in quotes, as in \"{key}\" = \"Office\""
            ));
        };
        self.add(key, target, catalog)
    }

    /// Map `text` to the catalog type `target` names (a name or alias; blank is skipped), or say
    /// why not.
    pub fn add(&mut self, text: &str, target: &str, catalog: &Catalog) -> Result<(), String> {
        if target.trim().is_empty() {
            return Ok(());
        }
        match catalog.match_room_type(target) {
            Some(room_type) => {
                self.entries.insert(normalize(text), room_type.name.clone());
                Ok(())
            }
            None => {
                let hint = catalog
                    .closest_room_type(target)
                    .map(|c| format!(" (closest: {c})"))
                    .unwrap_or_default();
                Err(format!(
                    "'{target}' is not a room type in the catalog{hint}; use one of the catalog's room type names"
                ))
            }
        }
    }

    /// The catalog's own `[types]` table, with `over`'s entries taking precedence.
    pub fn for_catalog(catalog: &Catalog, over: &TypeMap) -> TypeMap {
        let mut map = TypeMap::default();
        for (text, target) in catalog.type_map() {
            // The catalog's validation checked every target.
            let _ = map.add(text, target, catalog);
        }
        map.entries
            .extend(over.entries.iter().map(|(k, v)| (k.clone(), v.clone())));
        map
    }

    /// The catalog type a text is mapped to, ignoring case and punctuation.
    pub fn lookup(&self, text: &str) -> Option<&str> {
        if self.entries.is_empty() {
            return None;
        }
        self.entries.get(&normalize(text)).map(String::as_str)
    }
}

/// A type map to fill in: every unresolved text with how many rooms carry it and where, the best
/// suggestion in a comment, and its value left blank (a blank value is skipped when read).
pub fn template(unresolved: &[UnresolvedText], catalog: &Catalog) -> String {
    // One line per text, whatever sheets it is written on.
    let mut merged: Vec<(&str, usize, Vec<String>, Option<&str>)> = Vec::new();
    for u in unresolved {
        let place = format!("sheet {} row {}", u.sheet, u.rows[0]);
        match merged.iter_mut().find(|m| m.0 == u.text) {
            Some(m) => {
                m.1 += u.rows.len();
                m.2.push(place);
            }
            None => merged.push((&u.text, u.rows.len(), vec![place], u.suggestion.as_deref())),
        }
    }
    let mut out = String::from(
        "# Room types as the room list writes them = room types of the catalog.\n\
         # Fill in each value with a catalog room type (a line left \"\" is skipped), then run\n\
         # again with: --types THIS_FILE. Matching ignores case and punctuation.\n",
    );
    let names: Vec<&str> = catalog
        .room_types()
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    out.push_str("#\n# Catalog room types:\n");
    for chunk in names.chunks(6) {
        out.push_str(&format!("#   {}\n", chunk.join(", ")));
    }
    for (text, rooms, places, suggestion) in merged {
        let rooms = crate::text::counted(rooms, "room");
        let first = places.first().map(String::as_str).unwrap_or_default();
        let more = if places.len() > 1 {
            format!(" and {} more sheet(s)", places.len() - 1)
        } else {
            String::new()
        };
        let suggested = suggestion
            .map(|s| format!("suggested: {s}"))
            .unwrap_or_else(|| "no plausible suggestion".to_string());
        out.push_str(&format!(
            "\n# {rooms}, first at {first}{more}; {suggested}\n{} = \"\"\n",
            toml_key(text)
        ));
    }
    out
}

/// A TOML key for any text: a basic string with the characters TOML requires escaped.
fn toml_key(text: &str) -> String {
    let mut key = String::from("\"");
    for ch in text.chars() {
        match ch {
            '"' => key.push_str("\\\""),
            '\\' => key.push_str("\\\\"),
            c if c.is_control() => key.push_str(&format!("\\u{:04X}", c as u32)),
            c => key.push(c),
        }
    }
    key.push('"');
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<TypeMap, ConfigError> {
        TypeMap::parse(text, Path::new("types.toml"), &Catalog::default_catalog())
    }

    #[test]
    fn maps_texts_to_catalog_types_ignoring_case() {
        let map = parse("\"Exam Rooom\" = \"Exam Room\"\n'FLEX' = \"ofc\"\n\"skip me\" = \"\"\n")
            .unwrap();
        assert_eq!(map.lookup("EXAM ROOOM"), Some("Exam Room"));
        assert_eq!(map.lookup("flex"), Some("Office"));
        assert_eq!(map.lookup("skip me"), None);
        assert_eq!(map.len(), 2);
        let nested = parse("[types]\n\"Qqqq\" = \"Storage\"\n").unwrap();
        assert_eq!(nested.lookup("qqqq"), Some("Storage"));
    }

    #[test]
    fn an_unknown_target_names_its_line_and_key() {
        let error = parse("\"A\" = \"Office\"\n\"Exam Rooom\" = \"Exam Rooom\"\n").unwrap_err();
        assert_eq!(error.line, 2);
        assert_eq!(error.key, "Exam Rooom");
        assert!(
            error.to_string().starts_with(
                "types.toml, line 2, Exam Rooom: 'Exam Rooom' is not a room type in the catalog (closest: Exam Room)"
            ),
            "{error}"
        );
        let error = parse("\"A\" = 3\n").unwrap_err();
        assert_eq!(error.line, 1);
        let error = parse("\"A\" = \n").unwrap_err();
        assert_eq!(error.line, 1);
    }

    #[test]
    fn the_template_reads_back_with_every_line_undecided() {
        let unresolved = vec![
            UnresolvedText {
                text: "Exam \"Rooom\"".into(),
                sheet: "Rooms".into(),
                rows: vec![6, 9],
                suggestion: Some("Exam Room".into()),
            },
            UnresolvedText {
                text: "Qqqq".into(),
                sheet: "Rooms".into(),
                rows: vec![12],
                suggestion: None,
            },
        ];
        let text = template(&unresolved, &Catalog::default_catalog());
        assert!(text.contains("# 2 rooms, first at sheet Rooms row 6; suggested: Exam Room\n\"Exam \\\"Rooom\\\"\" = \"\"\n"), "{text}");
        assert!(
            text.contains("no plausible suggestion\n\"Qqqq\" = \"\""),
            "{text}"
        );
        assert!(parse(&text).unwrap().is_empty());
        let filled = text.replace("\"Qqqq\" = \"\"", "\"Qqqq\" = \"Storage\"");
        assert_eq!(parse(&filled).unwrap().lookup("qqqq"), Some("Storage"));
    }
}
