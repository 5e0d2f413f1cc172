//! The web page's only door into the library. Every call the server makes into sowgen's pipeline
//! goes through this file, and everything it hands back is plain data (JSON values, file names and
//! bytes), so when the library's API moves, this is the one file to follow it.
//!
//! One part is waiting for library work and says so where it is: [`level`] (bid leveling).

use crate::catalog::Catalog;
use crate::error::Error;
use crate::input::{self, ReadOptions};
use crate::package::Package;
use crate::problem::Problem;
use crate::render::{self, Templates};
use crate::room_list::{ProjectInfo, RoomList};
use rayon::prelude::*;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The reader's own limit, so the page accepts exactly what `sowgen build` accepts.
pub const MAX_ROOM_LIST_BYTES: u64 = input::MAX_FILE_BYTES;

/// What the library can do today; the page shows or hides its parts from these.
pub const FEATURES: Features = Features {
    type_maps: true,
    leveling: false,
};

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Features {
    /// Room lists may carry room types the catalog does not know (read as a draft), and a type map
    /// resolves them (issue 14).
    pub type_maps: bool,
    /// Returned bid forms can be leveled (issue 16).
    pub leveling: bool,
}

/// A file the browser sent, held in memory. `name` is for display only: never a path.
#[derive(Debug, Clone)]
pub struct Upload {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// A problem that stops the work, attached to the form field it concerns so the page can show it
/// beside that file.
#[derive(Debug, Clone, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
    /// The room list's located problems (sheet, row, column), when the field is a room list.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<Problem>,
    /// What could be read before the problems, as `summary` gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partial: Option<Value>,
}

impl FieldError {
    pub fn new(field: &str, message: impl Into<String>) -> FieldError {
        FieldError {
            field: field.to_string(),
            message: message.into(),
            problems: Vec::new(),
            partial: None,
        }
    }
}

/// One file of a package, rendered in memory.
#[derive(Debug, Clone)]
pub struct OutFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Room-type texts as written in the list → catalog room-type names.
pub type TypeMap = BTreeMap<String, String>;

/// The settings every run of one upload shares: the catalog, the templates and how to read.
pub struct Setup {
    catalog: Catalog,
    templates: Templates,
    options: ReadOptions,
}

/// The project details a person may type into the form, by field name.
pub const PROJECT_FIELDS: [&str; 7] = [
    "name",
    "facility",
    "number",
    "approved_budget",
    "prepared_by",
    "target_go_live",
    "revision",
];

/// Build the setup from the optional catalog upload and the project form's fields.
pub fn setup(
    catalog: Option<&Upload>,
    project: &BTreeMap<String, String>,
) -> Result<Setup, Vec<FieldError>> {
    let mut errors = Vec::new();
    let catalog = match catalog {
        None => Some(Catalog::default_catalog()),
        Some(upload) => match std::str::from_utf8(&upload.bytes) {
            Err(_) => {
                errors.push(FieldError::new(
                    "catalog",
                    "the catalog is not a text (TOML) file",
                ));
                None
            }
            Ok(text) => match Catalog::parse(text, Path::new(&upload.name)) {
                Ok(catalog) => Some(catalog),
                Err(e) => {
                    errors.push(FieldError::new("catalog", e.to_string()));
                    None
                }
            },
        },
    };
    let project = match project_info(project) {
        Ok(info) => info,
        Err(e) => {
            errors.push(e);
            None
        }
    };
    match catalog {
        Some(catalog) if errors.is_empty() => Ok(Setup {
            catalog,
            templates: Templates::embedded(),
            options: ReadOptions {
                columns: Vec::new(),
                project,
                ..ReadOptions::default()
            },
        }),
        _ => Err(errors),
    }
}

fn project_info(fields: &BTreeMap<String, String>) -> Result<Option<ProjectInfo>, FieldError> {
    let get = |key: &str| {
        fields
            .get(key)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let approved_budget = match get("approved_budget") {
        None => None,
        Some(text) => {
            let digits: String = text.chars().filter(|c| !matches!(c, '$' | ',')).collect();
            match Decimal::from_str(digits.trim()) {
                Ok(n) if n >= Decimal::ZERO && n < Decimal::from(1_000_000_000_000i64) => Some(n),
                _ => {
                    return Err(FieldError::new(
                        "approved_budget",
                        format!(
                            "the approved budget should be an amount like 185,000.00, not '{text}'"
                        ),
                    ));
                }
            }
        }
    };
    let info = ProjectInfo {
        name: get("name"),
        facility: get("facility"),
        number: get("number"),
        approved_budget,
        prepared_by: get("prepared_by"),
        target_go_live: get("target_go_live"),
        revision: get("revision"),
        ..ProjectInfo::default()
    };
    Ok((info != ProjectInfo::default()).then_some(info))
}

/// Parse an uploaded type map (TOML: `"text as written" = "Catalog Type"`) and check every target
/// names a catalog room type.
pub fn parse_type_map(setup: &Setup, upload: &Upload) -> Result<TypeMap, FieldError> {
    if !FEATURES.type_maps {
        return Err(FieldError::new(
            "types",
            "this version of sowgen does not read type maps yet",
        ));
    }
    let text = std::str::from_utf8(&upload.bytes)
        .map_err(|_| FieldError::new("types", "the type map is not a text (TOML) file"))?;
    // The library's reader checks it as `--types` does, each mistake located by line and key.
    crate::type_map::TypeMap::parse(text, Path::new(&upload.name), &setup.catalog)
        .map_err(|e| FieldError::new("types", e.to_string()))?;
    let table: BTreeMap<String, toml::Value> = toml::from_str(text)
        .map_err(|e| FieldError::new("types", format!("the type map: {}", e.message().trim())))?;
    let mut map = TypeMap::new();
    for (key, value) in table {
        match value {
            toml::Value::Table(inner) if key == "types" => map.extend(
                inner
                    .into_iter()
                    .filter_map(|(k, v)| v.as_str().map(|v| (k, v.to_string()))),
            ),
            toml::Value::String(to) => {
                map.insert(key, to);
            }
            _ => {}
        }
    }
    map.retain(|_, to| !to.trim().is_empty());
    Ok(map)
}

/// The library's type map for the page's one.
fn library_type_map(setup: &Setup, map: &TypeMap) -> Result<crate::type_map::TypeMap, String> {
    let mut out = crate::type_map::TypeMap::default();
    for (from, to) in map {
        out.add(from, to, &setup.catalog)
            .map_err(|e| format!("'{from}': {e}"))?;
    }
    Ok(out)
}

/// Every target of a type map must be a catalog room type (and a map needs a reader that takes one).
pub fn check_type_map(setup: &Setup, map: &TypeMap, field: &str) -> Result<(), FieldError> {
    if !FEATURES.type_maps && !map.is_empty() {
        return Err(FieldError::new(
            field,
            "this version of sowgen does not read type maps yet",
        ));
    }
    match map
        .iter()
        .find(|(_, to)| setup.catalog.match_room_type(to).is_none())
    {
        Some((from, to)) => Err(FieldError::new(
            field,
            format!("'{from}' is mapped to '{to}', which is not a room type in the catalog"),
        )),
        None => Ok(()),
    }
}

/// A type map as the TOML file `--types FILE` reads.
pub fn type_map_toml(map: &TypeMap) -> String {
    let mut out = String::from(
        "# Room types as written in the room list = room types of the catalog.\n\
         # Use it with: sowgen build ROOMLIST --types THIS_FILE\n",
    );
    out.push_str(&toml::to_string(map).unwrap_or_default());
    out
}

/// A room-type text the catalog does not know, with where it is written and the catalog type it
/// most plausibly means.
#[derive(Debug, Clone, Serialize)]
pub struct Unresolved {
    pub text: String,
    pub sheet: String,
    pub rows: Vec<u32>,
    pub suggestion: Option<String>,
}

/// The room types of this list that no catalog name, alias, classification number or type map
/// resolved (the reader carries their rooms as a draft), once per text and sheet.
pub fn unresolved(list: &RoomList, _catalog: &Catalog) -> Vec<Unresolved> {
    list.unresolved_texts()
        .into_iter()
        .map(|u| Unresolved {
            text: u.text,
            sheet: u.sheet,
            rows: u.rows,
            suggestion: u.suggestion,
        })
        .collect()
}

/// The catalog's room types, for the page's choosers.
pub fn catalog_types(setup: &Setup) -> Vec<String> {
    setup
        .catalog
        .room_types()
        .iter()
        .map(|t| t.name.clone())
        .collect()
}

/// Where a long run is: a stage in words, and files done out of total while rendering.
pub trait Progress: Sync {
    fn stage(&self, words: &str);
    fn files(&self, done: usize, total: usize);
}

/// What a build gives the page: a JSON summary and the package's files.
pub struct Built {
    pub summary: Value,
    pub files: Vec<OutFile>,
    /// The download's name without `.zip`: the project's name (or the list's file stem) and
    /// what it is.
    pub stem: String,
}

fn read(
    setup: &Setup,
    list: &Upload,
    types: &TypeMap,
    field: &str,
) -> Result<RoomList, FieldError> {
    let mut options = setup.options.clone();
    options.types = library_type_map(setup, types).map_err(|e| FieldError::new("types", e))?;
    match input::read_bytes(&list.name, &list.bytes, &setup.catalog, &options) {
        Ok(read) => Ok(read),
        Err(Error::Rejected(rejected)) => Err(FieldError {
            field: field.to_string(),
            message: match rejected.errors.len() {
                1 => format!(
                    "{} has a problem; fix it in the file and choose it again",
                    list.name
                ),
                n => format!(
                    "{} has {n} problems; fix them in the file and choose it again",
                    list.name
                ),
            },
            partial: Some(summary(&rejected.list)),
            problems: rejected.errors,
        }),
        Err(e) => Err(FieldError::new(field, e.to_string())),
    }
}

/// What was read, as `check --json` gives it, with the project's details for the form.
fn summary(list: &RoomList) -> Value {
    let mut out = crate::summary::room_list(list, &[]);
    out["project"] = json!(list.project);
    out
}

/// Read, estimate and render the whole package in memory.
pub fn build(
    setup: &Setup,
    list: &Upload,
    types: &TypeMap,
    progress: &dyn Progress,
) -> Result<Built, FieldError> {
    progress.stage("Reading the room list");
    let read = read(setup, list, types, "room_list")?;
    progress.stage("Expanding rooms through the catalog");
    let package = Package::new(
        crate::estimate::estimate(&read, &setup.catalog),
        setup.catalog.schedule(),
    );
    let files = render_all(render::package(&package, &setup.templates), progress)
        .map_err(|e| FieldError::new("room_list", e))?;
    let estimate = &package.estimate;
    let unresolved = unresolved(&read, &setup.catalog);
    let mut out = summary(&read);
    out["totals"] = crate::summary::totals(&estimate.totals);
    out["findings"] = json!(estimate.findings);
    out["draft"] = json!(!unresolved.is_empty());
    out["unresolved"] = json!(unresolved);
    out["catalog_types"] = json!(catalog_types(setup));
    out["types"] = json!(types);
    Ok(Built {
        summary: out,
        files,
        stem: format!("{}-sow", estimate.project_name()),
    })
}

/// Render files side by side on the library's thread pool, counting them as they finish.
fn render_all(
    files: Vec<render::OutputFile<'_>>,
    progress: &dyn Progress,
) -> Result<Vec<OutFile>, String> {
    let total = files.len();
    progress.stage(&format!("Writing {total} documents"));
    progress.files(0, total);
    let done = AtomicUsize::new(0);
    files
        .par_iter()
        .map(|f| {
            let bytes = f.render().map_err(|e| format!("{}: {e}", f.name))?;
            progress.files(done.fetch_add(1, Ordering::Relaxed) + 1, total);
            Ok(OutFile {
                name: f.name.clone(),
                bytes,
            })
        })
        .collect()
}

/// A change order between two revisions: its JSON summary and its documents.
pub fn change_order(
    setup: &Setup,
    old: &Upload,
    new: &Upload,
    progress: &dyn Progress,
) -> Result<Built, Vec<FieldError>> {
    progress.stage("Reading both revisions");
    let none = TypeMap::new();
    let (old_list, new_list) = rayon::join(
        || read(setup, old, &none, "old"),
        || read(setup, new, &none, "new"),
    );
    let (old_list, new_list) = match (old_list, new_list) {
        (Ok(a), Ok(b)) => (a, b),
        (a, b) => return Err([a.err(), b.err()].into_iter().flatten().collect()),
    };
    progress.stage("Pricing the change");
    let (old_estimate, new_estimate) = rayon::join(
        || crate::estimate::estimate(&old_list, &setup.catalog),
        || crate::estimate::estimate(&new_list, &setup.catalog),
    );
    let order = crate::diff::compare(&old_estimate, &new_estimate, setup.catalog.schedule());
    let files = render_all(render::change_order::files(&order), progress)
        .map_err(|e| vec![FieldError::new("new", e)])?;
    let summary = crate::summary::change_order(&order);
    Ok(Built {
        summary,
        files,
        stem: format!("{}-change-order", order.project_name()),
    })
}

/// Bid leveling of returned bid forms against a package (issue 16). Until the library levels bids,
/// this refuses, and the page keeps its leveling section closed.
pub fn level(_bids: &[Upload]) -> Result<Built, Vec<FieldError>> {
    Err(vec![FieldError::new(
        "bids",
        "this version of sowgen does not level bids yet",
    )])
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Quiet;
    impl Progress for Quiet {
        fn stage(&self, _: &str) {}
        fn files(&self, _: usize, _: usize) {}
    }

    fn sample(name: &str) -> Upload {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples")
            .join(name);
        Upload {
            name: name.to_string(),
            bytes: std::fs::read(path).unwrap(),
        }
    }

    #[test]
    fn builds_the_clinic_with_the_cli_figures() {
        let setup = setup(None, &BTreeMap::new()).unwrap();
        let built = build(
            &setup,
            &sample("clinic-fitout.xlsx"),
            &TypeMap::new(),
            &Quiet,
        )
        .unwrap();
        assert_eq!(built.summary["rooms"], 35);
        assert_eq!(built.summary["draft"], false);
        let json = built
            .files
            .iter()
            .find(|f| f.name == "estimate.json")
            .unwrap();
        let estimate: Value = serde_json::from_slice(&json.bytes).unwrap();
        assert_eq!(
            estimate["totals"]["grand_total"],
            built.summary["totals"]["grand_total"]
        );
        assert!(
            built
                .files
                .iter()
                .any(|f| f.name.starts_with("bid-packages/"))
        );
    }

    #[test]
    fn a_rejected_list_names_its_field_and_cells() {
        let setup = setup(None, &BTreeMap::new()).unwrap();
        let list = sample("bad/duplicate-room.xlsx");
        let err = build(&setup, &list, &TypeMap::new(), &Quiet).err().unwrap();
        assert_eq!(err.field, "room_list");
        assert_eq!(err.problems[0].row, Some(8));
        assert!(err.problems[0].message.contains("already used"));
    }

    #[test]
    fn an_unknown_room_type_is_a_draft_until_a_type_map_resolves_it() {
        let setup = setup(None, &BTreeMap::new()).unwrap();
        let list = sample("bad/unknown-room-type.xlsx");
        let draft = build(&setup, &list, &TypeMap::new(), &Quiet).unwrap();
        assert_eq!(draft.summary["draft"], true);
        let unresolved = &draft.summary["unresolved"][0];
        assert_eq!(unresolved["text"], "Exam Rooom");
        assert_eq!(unresolved["rows"], serde_json::json!([6]));
        assert_eq!(unresolved["suggestion"], "Exam Room");
        let mut types = TypeMap::new();
        types.insert("Exam Rooom".into(), "Trauma Room".into());
        let resolved = build(&setup, &list, &types, &Quiet).unwrap();
        assert_eq!(resolved.summary["draft"], false);
        assert_ne!(
            resolved.summary["totals"]["grand_total"],
            draft.summary["totals"]["grand_total"]
        );
        types.insert("Exam Rooom".into(), "Nothing Like It".into());
        assert_eq!(
            check_type_map(&setup, &types, "types").unwrap_err().field,
            "types"
        );
    }

    #[test]
    fn project_form_budget_is_exact_and_checked() {
        let mut form = BTreeMap::new();
        form.insert("approved_budget".to_string(), "$185,000.50".to_string());
        let info = project_info(&form).unwrap().unwrap();
        assert_eq!(
            info.approved_budget,
            Some(Decimal::from_str("185000.50").unwrap())
        );
        form.insert("approved_budget".to_string(), "lots".to_string());
        assert_eq!(project_info(&form).unwrap_err().field, "approved_budget");
        assert_eq!(project_info(&BTreeMap::new()).unwrap(), None);
    }

    #[test]
    fn a_bad_catalog_is_reported_against_the_catalog_field() {
        let upload = Upload {
            name: "mine.toml".into(),
            bytes: b"[about]\nname = 1\n".to_vec(),
        };
        let errors = setup(Some(&upload), &BTreeMap::new()).err().unwrap();
        assert_eq!(errors[0].field, "catalog");
    }

    #[test]
    fn type_map_toml_round_trips() {
        let mut map = TypeMap::new();
        map.insert("Exam \"Rooom\"".into(), "Exam Room".into());
        let back: TypeMap = toml::from_str(&type_map_toml(&map)).unwrap();
        assert_eq!(back, map);
    }
}
