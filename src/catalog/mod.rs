//! The catalog: the rules file that turns rooms into deliverables and money.
//!
//! The default catalog is `templates/catalog.toml`, embedded in the binary; `sowgen init` writes it
//! out for editing and `--catalog FILE` reads an edited copy. A [`Catalog`] can only be had by
//! parsing and validating such a file, so every reference in it (a part's discipline, a room
//! type's fixed items, the telecom-room parts) resolves, and its users look things up without
//! checking.

mod contradicts;
mod matching;
// Open to the crate so the reader can resolve room types with them (issue 14): placeholders,
// catch-alls and telecom names in `resolve_text`, `suggest::Suggester` for many hints.
pub(crate) mod resolve_text;
pub mod schedule;
pub(crate) mod suggest;
mod types;
mod validate;
mod words;

pub use matching::name_core;
pub use types::{
    About, Basis, Clause, Clauses, Device, Discipline, Part, PartQty, ProjectRules, RoomType,
    TelecomRules,
};

use crate::devices::DeviceKind;
use crate::error::Error;
use crate::field::Field;
use crate::toml_file::{self, ConfigError};
use indexmap::IndexMap;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The default catalog's text, as shipped.
pub const DEFAULT_CATALOG: &str = include_str!("../../templates/catalog.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    about: About,
    project: ProjectRules,
    /// In the file's order, which is the order the work happens and every document lists them.
    disciplines: IndexMap<String, Discipline>,
    parts: BTreeMap<String, Part>,
    devices: BTreeMap<DeviceKind, Device>,
    room_types: Vec<RoomType>,
    telecom_rooms: TelecomRules,
    /// Extra header words: header text → the field it names.
    #[serde(default)]
    columns: BTreeMap<String, Field>,
    /// Room-type texts as lists write them → room types (issue 14): the type map a user may keep
    /// in the catalog instead of a `--types` file.
    #[serde(default)]
    types: BTreeMap<String, String>,
    clauses: Clauses,
    /// Phases, crews and the working calendar; catalogs written before it get the built-in ones.
    #[serde(default = "schedule::ScheduleRules::built_in")]
    schedule: schedule::ScheduleRules,
}

impl Catalog {
    /// The catalog shipped in the binary.
    pub fn default_catalog() -> Catalog {
        Catalog::parse(DEFAULT_CATALOG, Path::new("<default catalog>"))
            .expect("the default catalog is valid (checked by a unit test)")
    }

    /// Read and validate a catalog file.
    pub fn load(path: &Path) -> Result<Catalog, Error> {
        let text = toml_file::read_text(path, "catalog").map_err(Error::Catalog)?;
        Catalog::parse(&text, path).map_err(Error::Catalog)
    }

    /// Parse and validate catalog text; `file` names it in errors.
    pub fn parse(text: &str, file: &Path) -> Result<Catalog, ConfigError> {
        let mut catalog: Catalog = toml_file::parse(text, file)?;
        validate::validate(&catalog)
            .and_then(|()| schedule::settle(&mut catalog))
            .map_err(|problem| ConfigError::at_path(text, file, &problem.path, problem.message))?;
        Ok(catalog)
    }

    pub fn about(&self) -> &About {
        &self.about
    }

    /// Contingency, tax and project-management rates, and the thresholds findings use.
    pub fn rules(&self) -> &ProjectRules {
        &self.project
    }

    /// Every discipline, by id, in the catalog's order (the order the work happens).
    pub fn disciplines(&self) -> impl Iterator<Item = (&str, &Discipline)> {
        self.disciplines.iter().map(|(id, d)| (id.as_str(), d))
    }

    /// Every part, by id, in id order.
    pub fn parts(&self) -> impl Iterator<Item = (&str, &Part)> {
        self.parts.iter().map(|(id, p)| (id.as_str(), p))
    }

    /// A part named anywhere in the catalog (validation guarantees it exists).
    pub fn part(&self, id: &str) -> &Part {
        &self.parts[id]
    }

    /// A discipline named by a part (validation guarantees it exists).
    pub fn discipline(&self, id: &str) -> &Discipline {
        &self.disciplines[id]
    }

    /// What one unit of a device expands into.
    pub fn device_parts(&self, kind: DeviceKind) -> &[PartQty] {
        self.devices.get(&kind).map_or(&[], |d| d.parts.as_slice())
    }

    /// The header words that name a device's column.
    pub fn device_headers(&self, kind: DeviceKind) -> &[String] {
        self.devices
            .get(&kind)
            .map_or(&[], |d| d.headers.as_slice())
    }

    pub fn room_types(&self) -> &[RoomType] {
        &self.room_types
    }

    pub fn room_type(&self, name: &str) -> Option<&RoomType> {
        self.room_types.iter().find(|t| t.name == name)
    }

    pub fn telecom(&self) -> &TelecomRules {
        &self.telecom_rooms
    }

    /// The user's own header words (the `[columns]` table).
    pub fn columns(&self) -> impl Iterator<Item = (&String, &Field)> {
        self.columns.iter()
    }

    /// The catalog's own type map (the `[types]` table): text → room type name or alias.
    pub fn type_map(&self) -> impl Iterator<Item = (&String, &String)> {
        self.types.iter()
    }

    pub fn clauses(&self) -> &Clauses {
        &self.clauses
    }

    /// How the work is planned into dated phases.
    pub fn schedule(&self) -> &schedule::ScheduleRules {
        &self.schedule
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_percentage_past_100_is_refused_with_its_key() {
        for key in [
            "contingency_percent",
            "sales_tax_percent",
            "project_management_percent",
        ] {
            let line = DEFAULT_CATALOG
                .lines()
                .find(|l| l.starts_with(&format!("{key} = ")))
                .expect("the default catalog sets it");
            let text = DEFAULT_CATALOG.replacen(line, &format!("{key} = \"1000000000\""), 1);
            let Err(error) = Catalog::parse(&text, Path::new("c.toml")) else {
                panic!("{key} = 1000000000 was accepted");
            };
            let message = error.to_string();
            assert!(
                message.contains(key) && message.contains("between 0 and 100"),
                "{message}"
            );
        }
    }

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
        for kind in DeviceKind::ALL {
            assert!(!catalog.device_parts(kind).is_empty());
        }
    }

    #[test]
    fn disciplines_come_in_the_order_the_work_happens_as_the_file_lists_them() {
        let catalog = Catalog::default_catalog();
        let ids: Vec<&str> = catalog.disciplines().map(|(id, _)| id).collect();
        assert_eq!(
            ids,
            [
                "cabling",
                "networking",
                "wireless",
                "telecom",
                "end_user",
                "provisioning",
                "av",
                "pm"
            ]
        );
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
}
