//! The project's details: a `Project` sheet of key/value rows, or a `--project` TOML file.

use super::cell::{Value, format_number};
use super::sheet::RawSheet;
use crate::room_list::ProjectInfo;
use crate::text::normalize;
use rust_decimal::Decimal;
use std::str::FromStr;

impl ProjectInfo {
    /// Read a project file (`--project FILE`, TOML).
    pub fn load(path: &std::path::Path) -> Result<ProjectInfo, crate::error::Error> {
        let text = crate::toml_file::read_text(path, "project file")
            .map_err(crate::error::Error::Project)?;
        ProjectInfo::parse(&text, path).map_err(crate::error::Error::Project)
    }

    /// Parse project-file text; `file` names it in errors.
    pub fn parse(
        text: &str,
        file: &std::path::Path,
    ) -> Result<ProjectInfo, crate::toml_file::ConfigError> {
        let info: ProjectInfo = crate::toml_file::parse(text, file)?;
        if let Err((key, message)) = info.check_limits() {
            return Err(crate::toml_file::ConfigError::at_path(
                text,
                file,
                &[key.to_string()],
                message,
            ));
        }
        Ok(info)
    }

    /// Fields set in `other` replace this one's.
    pub fn overridden_by(self, other: ProjectInfo) -> ProjectInfo {
        ProjectInfo {
            name: other.name.or(self.name),
            facility: other.facility.or(self.facility),
            number: other.number.or(self.number),
            approved_budget: other.approved_budget.or(self.approved_budget),
            prepared_by: other.prepared_by.or(self.prepared_by),
            target_go_live: other.target_go_live.or(self.target_go_live),
            revision: other.revision.or(self.revision),
            start_date: other.start_date.or(self.start_date),
            data_date: other.data_date.or(self.data_date),
            holidays: if other.holidays.is_empty() {
                self.holidays
            } else {
                other.holidays
            },
            bid: other.bid.or(self.bid),
        }
    }

    /// The budget and the texts within their stated maximums (limits.rs): the key and what is
    /// wrong otherwise.
    pub fn check_limits(&self) -> Result<(), (&'static str, String)> {
        use crate::limits::{MAX_BUDGET, MAX_PROJECT_TEXT, check_amount};
        if let Some(budget) = self.approved_budget {
            check_amount(budget, MAX_BUDGET, "the approved budget")
                .map_err(|m| ("approved_budget", m))?;
        }
        let texts = [
            ("name", &self.name),
            ("facility", &self.facility),
            ("number", &self.number),
            ("prepared_by", &self.prepared_by),
            ("target_go_live", &self.target_go_live),
            ("revision", &self.revision),
            ("start_date", &self.start_date),
            ("data_date", &self.data_date),
        ];
        for (key, text) in texts {
            let chars = text.as_deref().map_or(0, |t| t.chars().count());
            if chars > MAX_PROJECT_TEXT {
                return Err((
                    key,
                    format!("{chars} characters, more than the {MAX_PROJECT_TEXT} allowed"),
                ));
            }
        }
        if self.holidays.len() > MAX_HOLIDAYS {
            return Err(("holidays", format!("more than {MAX_HOLIDAYS} holidays")));
        }
        Ok(())
    }
}

/// Days off a project file may list: ten years of them.
const MAX_HOLIDAYS: usize = 1_000;

enum Key {
    Name,
    Facility,
    Number,
    Budget,
    PreparedBy,
    GoLive,
    Revision,
    StartDate,
    DataDate,
    Holidays,
}

fn key_of(label: &str) -> Option<Key> {
    let label = normalize(label);
    Some(match label.as_str() {
        "project name" | "project" | "project title" => Key::Name,
        "facility" | "hospital" | "site" | "campus" | "building" => Key::Facility,
        "project number" | "project no" | "project id" | "project #" | "job number" => Key::Number,
        "approved it budget"
        | "approved budget"
        | "it budget"
        | "budget"
        | "approved it budget usd" => Key::Budget,
        "prepared by" | "author" | "project manager" | "it project manager" => Key::PreparedBy,
        "target go live" | "go live" | "go live date" | "target date" | "occupancy date" => {
            Key::GoLive
        }
        "revision" | "rev" | "issue" => Key::Revision,
        "start date" | "project start" | "construction start" | "it start date" => Key::StartDate,
        "data date" | "status date" | "as of" | "as of date" => Key::DataDate,
        "holidays" | "project holidays" | "non working days" => Key::Holidays,
        _ => return None,
    })
}

/// Reads a sheet of key/value rows; `None` when fewer than two rows are project keys.
pub fn read_project_sheet(sheet: &RawSheet) -> Option<ProjectInfo> {
    let mut info = ProjectInfo::default();
    let mut found = 0;
    for row in sheet.rows.iter().take(50) {
        let Some(label) = row.cells.first().and_then(Value::as_text) else {
            continue;
        };
        let Some(key) = key_of(&label) else { continue };
        let value = row.cells.iter().skip(1).find(|v| !v.is_empty());
        let Some(value) = value else { continue };
        found += 1;
        let text = value.as_text();
        match key {
            Key::Name => info.name = text,
            Key::Facility => info.facility = text,
            Key::Number => info.number = text,
            Key::PreparedBy => info.prepared_by = text,
            Key::GoLive => info.target_go_live = text,
            Key::Revision => info.revision = text,
            Key::StartDate => info.start_date = text,
            Key::DataDate => info.data_date = text,
            Key::Holidays => {
                info.holidays = text
                    .iter()
                    .flat_map(|t| t.split([',', ';', '\n']))
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_string)
                    .collect()
            }
            Key::Budget => info.approved_budget = parse_money(value),
        }
    }
    (found >= 2).then_some(info)
}

/// Money typed as a number or as text like `$185,000.00`.
fn parse_money(value: &Value) -> Option<Decimal> {
    let text = match value {
        Value::Number(n) => format_number(*n),
        Value::Text(t) => t
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '.' || *c == '-')
            .collect(),
        _ => return None,
    };
    Decimal::from_str(&text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::sheet::RawRow;

    #[test]
    fn reads_key_value_rows_and_money_as_text() {
        let t = |s: &str| Value::Text(s.into());
        let sheet = RawSheet {
            name: "Project".into(),
            rows: vec![
                RawRow {
                    index: 0,
                    cells: vec![t("Project Name"), t("Clinic")],
                },
                RawRow {
                    index: 1,
                    cells: vec![t("Approved IT Budget"), t("$185,000.50")],
                },
                RawRow {
                    index: 2,
                    cells: vec![t("Colour"), t("blue")],
                },
            ],
        };
        let info = read_project_sheet(&sheet).unwrap();
        assert_eq!(info.name.as_deref(), Some("Clinic"));
        assert_eq!(
            info.approved_budget,
            Some(Decimal::from_str("185000.50").unwrap())
        );
        let overridden = info.overridden_by(ProjectInfo {
            name: Some("Other".into()),
            ..Default::default()
        });
        assert_eq!(overridden.name.as_deref(), Some("Other"));
        assert!(overridden.approved_budget.is_some());
    }
}
