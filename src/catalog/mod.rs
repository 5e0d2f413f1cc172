//! The catalog: the rules file that turns rooms into deliverables and money.
//!
//! The default catalog is `templates/catalog.toml`, embedded in the binary; `sowgen init` writes it
//! out for editing and `--catalog FILE` reads an edited copy. Every field is documented in that file.

mod locate;
mod validate;

use crate::devices::{DeviceCounts, DeviceKind};
use crate::text::normalize;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The default catalog's text, as shipped.
pub const DEFAULT_CATALOG: &str = include_str!("../../templates/catalog.toml");

/// A mistake in a catalog file, located so the user can fix it: "FILE, line N, KEY: message".
/// `line` is 0 (and left out) when the file could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogError {
    pub file: PathBuf,
    pub line: usize,
    pub key: String,
    pub message: String,
}

impl std::fmt::Display for CatalogError {
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

impl std::error::Error for CatalogError {}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    pub about: About,
    pub project: ProjectRules,
    pub disciplines: BTreeMap<String, Discipline>,
    pub parts: BTreeMap<String, Part>,
    pub devices: BTreeMap<DeviceKind, Device>,
    pub room_types: Vec<RoomType>,
    pub telecom_rooms: TelecomRules,
    /// Extra header words: normalised header text → field name (see `input::Field`).
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    pub clauses: Clauses,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct About {
    pub name: String,
    pub currency: String,
    pub price_basis: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectRules {
    #[serde(deserialize_with = "crate::money::exact")]
    pub contingency_percent: Decimal,
    #[serde(deserialize_with = "crate::money::exact")]
    pub sales_tax_percent: Decimal,
    #[serde(deserialize_with = "crate::money::exact")]
    pub project_management_percent: Decimal,
    /// The discipline whose line carries project management.
    pub project_management_discipline: String,
    /// A count this many times the standard (or more) is flagged for a check.
    #[serde(deserialize_with = "crate::money::exact")]
    pub high_count_factor: Decimal,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Discipline {
    pub name: String,
    #[serde(deserialize_with = "crate::money::exact")]
    pub labor_rate: Decimal,
    /// The vendor trade (bid package) that carries this work; none for internal IT work.
    #[serde(default)]
    pub trade: Option<String>,
    /// What this discipline delivers, one sentence, for the SOW.
    pub scope: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    pub description: String,
    pub unit: String,
    #[serde(deserialize_with = "crate::money::exact")]
    pub unit_cost: Decimal,
    #[serde(deserialize_with = "crate::money::exact")]
    pub labor_hours: Decimal,
    pub discipline: String,
}

/// A quantity of a part.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartQty {
    pub part: String,
    #[serde(deserialize_with = "crate::money::exact")]
    pub qty: Decimal,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Device {
    /// Header words that name this device's column, before normalisation.
    pub headers: Vec<String>,
    /// What one unit of the device expands into.
    pub parts: Vec<PartQty>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoomType {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub standard: DeviceCounts,
    /// Items every room of this type gets regardless of its counts.
    #[serde(default)]
    pub fixed: Vec<PartQty>,
    /// Construction coordination rooms of this type need, stated once for all of them.
    #[serde(default)]
    pub dependencies: Vec<String>,
    /// OmniClass Table 13 numbers ("13-41 31 11") a COBie category may carry for this type.
    #[serde(default)]
    pub omniclass: Vec<String>,
    /// False for spaces that carry no IT scope (stairs, shafts, roofs, site): counted and listed
    /// as excluded, never priced.
    #[serde(default = "yes")]
    pub it_scope: bool,
}

fn yes() -> bool {
    true
}

/// An item that scales with a telecom room's switch count: `qty` for every `switches` switches,
/// rounded up (a UPS per two switches, a redundant power supply per switch).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SwitchItem {
    pub part: String,
    #[serde(deserialize_with = "crate::money::exact")]
    pub qty: Decimal,
    pub switches: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TelecomRules {
    pub ports_per_switch: u32,
    /// Spare switch-port capacity to provide, as a percent of the ports served.
    #[serde(deserialize_with = "crate::money::exact")]
    pub spare_percent: Decimal,
    /// Switch ports each unit of a device takes (APs take their own drops).
    pub ports_per_device: DeviceCounts,
    /// Switches beyond which one closet should not serve (a finding when exceeded).
    pub max_switches_per_idf: u32,
    pub switch_part: String,
    pub patch_panel_part: String,
    pub ports_per_patch_panel: u32,
    /// Fixed items every telecom room gets (fiber uplinks, rack, grounding).
    pub per_idf: Vec<PartQty>,
    /// Items that scale with the number of switches (UPS capacity, redundant power).
    #[serde(default)]
    pub per_switches: Vec<SwitchItem>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clauses {
    pub purpose: String,
    pub assumptions: Vec<String>,
    pub exclusions: Vec<String>,
    pub dependencies: Vec<String>,
    pub milestones: Vec<String>,
    pub acceptance: Vec<String>,
}

impl Catalog {
    /// The catalog shipped in the binary.
    pub fn default_catalog() -> Catalog {
        Catalog::parse(DEFAULT_CATALOG, Path::new("<default catalog>"))
            .expect("the default catalog is valid (checked by a unit test)")
    }

    /// Read and validate a catalog file.
    pub fn load(path: &Path) -> Result<Catalog, CatalogError> {
        let text = std::fs::read_to_string(path).map_err(|e| CatalogError {
            file: path.to_path_buf(),
            line: 0,
            key: String::new(),
            message: format!("cannot read the catalog: {e}"),
        })?;
        Catalog::parse(&text, path)
    }

    /// Parse and validate catalog text; `file` names it in errors.
    pub fn parse(text: &str, file: &Path) -> Result<Catalog, CatalogError> {
        let catalog: Catalog = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| locate::line_of_offset(text, s.start))
                .unwrap_or(0);
            CatalogError {
                file: file.to_path_buf(),
                line,
                key: locate::key_at_line(text, line),
                message: e.message().trim().to_string(),
            }
        })?;
        if let Err(problem) = validate::validate(&catalog) {
            return Err(CatalogError {
                file: file.to_path_buf(),
                line: locate::line_of_path(text, &problem.path),
                key: problem.path.join("."),
                message: problem.message,
            });
        }
        Ok(catalog)
    }

    pub fn discipline(&self, id: &str) -> &Discipline {
        &self.disciplines[id]
    }

    pub fn part(&self, id: &str) -> &Part {
        &self.parts[id]
    }

    pub fn room_type(&self, name: &str) -> Option<&RoomType> {
        self.room_types.iter().find(|t| t.name == name)
    }

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
                normalize(&t.name) == wanted || t.aliases.iter().any(|a| normalize(a) == wanted)
            })
        };
        // Classification titles are often plural ("Offices", "Consulting rooms").
        find(wanted).or_else(|| {
            wanted
                .strip_suffix('s')
                .filter(|w| !w.ends_with('s'))
                .and_then(find)
        })
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

    /// The catalog name closest to a written room type, for "did you mean".
    pub fn closest_room_type(&self, written: &str) -> Option<&str> {
        let written = split_classification(written).map_or(written, |(_, title)| title);
        let wanted = normalize(written);
        self.room_types
            .iter()
            .flat_map(|t| {
                std::iter::once(&t.name)
                    .chain(t.aliases.iter())
                    .map(move |n| (t.name.as_str(), normalize(n)))
            })
            .map(|(name, n)| (name, strsim::normalized_damerau_levenshtein(&wanted, &n)))
            .filter(|&(_, score)| score >= 0.5)
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(name, _)| name)
    }
}

/// `13-41 31 11: Patient Care Room` → (`13-41 31 11`, `Patient Care Room`): a classification
/// number (OmniClass, or Uniclass like `SL_25_10_14`), a colon, a title.
fn split_classification(written: &str) -> Option<(&str, &str)> {
    let (code, title) = written.split_once(':')?;
    let code = code.trim();
    (looks_like_code(code)).then_some((code, title.trim()))
}

/// A classification number: mostly digits, with a digit in it (`13-41 31 11`, `SL_25_10_14`).
fn looks_like_code(text: &str) -> bool {
    let text = text.trim();
    let digits = text.chars().filter(char::is_ascii_digit).count();
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    digits >= 2 && letters <= 3
}

/// The number groups of a classification code: `13-41 31 11` → ["13", "41", "31", "11"].
fn code_parts(code: &str) -> Vec<String> {
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
fn is_designator(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_digit())
        || word.chars().count() == 1
        || matches!(word, "ii" | "iii" | "iv")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_catalog_parses_and_covers_the_spec_room_types() {
        let catalog = Catalog::default_catalog();
        for name in [
            "Patient Room",
            "ICU Patient Room",
            "Exam Room",
            "Trauma Room",
            "Triage",
            "Nurse Station",
            "Medication Room",
            "Clean Utility",
            "Soiled Utility",
            "Operating Room",
            "PACU Bay",
            "Imaging Room",
            "Control Room",
            "Laboratory",
            "Pharmacy",
            "Office",
            "Open Office",
            "Conference Room",
            "Waiting Room",
            "Registration",
            "Staff Lounge",
            "Corridor",
            "Telecom Room",
            "Storage",
            "Toilet",
        ] {
            assert!(
                catalog.room_type(name).is_some(),
                "missing room type {name}"
            );
        }
        assert_eq!(catalog.devices.len(), 6);
    }

    #[test]
    fn room_types_match_aliases_ignoring_case_and_punctuation() {
        let catalog = Catalog::default_catalog();
        let name = |w: &str| catalog.match_room_type(w).map(|t| t.name.as_str());
        assert_eq!(name("EXAM RM"), Some("Exam Room"));
        assert_eq!(name("Pt Room"), Some("Patient Room"));
        assert_eq!(name("nurse station"), Some("Nurse Station"));
        assert_eq!(name("  Exam-Room "), Some("Exam Room"));
        assert_eq!(name("Exam Rooom"), None);
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
    fn a_space_with_no_it_scope_takes_no_devices() {
        let text = DEFAULT_CATALOG.replacen(
            "name = \"Stair\"\nit_scope = false",
            "name = \"Stair\"\nit_scope = false\nfixed = [{ part = \"LABEL-PRN\", qty = \"1\" }]",
            1,
        );
        assert_ne!(text, DEFAULT_CATALOG);
        let error = Catalog::parse(&text, Path::new("c.toml")).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("it_scope = false takes no fixed items"),
            "{error}"
        );
        let text = DEFAULT_CATALOG.replacen(
            "omniclass = [\"13-41 41 14\"]",
            "omniclass = [\"13-41 31 11\"]",
            1,
        );
        let error = Catalog::parse(&text, Path::new("c.toml")).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("'13-41 31 11' already belongs to the room type 'Patient Room'"),
            "{error}"
        );
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
