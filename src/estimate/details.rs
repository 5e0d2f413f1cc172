//! The project's details as the documents print them: one place decides each label and value,
//! so the SOW, the workbook, the PDF and the bid packages agree.

use super::Estimate;
use std::path::Path;

/// A detail a document may print about the project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// The project's name as given (documents that always need a name use `project_name`).
    Project,
    Facility,
    Number,
    PreparedBy,
    GoLive,
    Revision,
    RoomList,
    PriceBasis,
}

impl Detail {
    pub fn label(self) -> &'static str {
        match self {
            Detail::Project => "Project",
            Detail::Facility => "Facility",
            Detail::Number => "Project number",
            Detail::PreparedBy => "Prepared by",
            Detail::GoLive => "Target go-live",
            Detail::Revision => "Revision",
            Detail::RoomList => "Room list",
            Detail::PriceBasis => "Price basis",
        }
    }
}

/// One row of a project-details block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailRow {
    pub detail: Detail,
    pub label: &'static str,
    pub value: String,
}

impl Estimate {
    /// The project's name as the documents print it: the name given, else the room list's file
    /// name.
    pub fn project_name(&self) -> String {
        project_name(self.project.name.as_deref(), &self.file)
    }

    /// The details asked for, in that order, leaving out those the project does not give.
    pub fn details(&self, wanted: &[Detail]) -> Vec<DetailRow> {
        wanted
            .iter()
            .filter_map(|&detail| {
                let p = &self.project;
                let value = match detail {
                    Detail::Project => p.name.clone(),
                    Detail::Facility => p.facility.clone(),
                    Detail::Number => p.number.clone(),
                    Detail::PreparedBy => p.prepared_by.clone(),
                    Detail::GoLive => p.target_go_live.clone(),
                    Detail::Revision => p.revision.clone(),
                    Detail::RoomList => Some(self.file.clone()),
                    Detail::PriceBasis => Some(self.catalog.price_basis.clone()),
                }?;
                let value = value.trim().to_string();
                (!value.is_empty()).then(|| DetailRow {
                    detail,
                    label: detail.label(),
                    value,
                })
            })
            .collect()
    }
}

/// A project's name: the name given, else the file's stem.
pub fn project_name(given: Option<&str>, file: &str) -> String {
    match given.map(str::trim) {
        Some(name) if !name.is_empty() => name.to_string(),
        _ => Path::new(file)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "IT project".to_string()),
    }
}
