//! Expansion: rooms × catalog → line items, totals and findings. The one place money is computed;
//! every document renders this Estimate and nothing else.

mod details;
mod findings;
mod lines;
// Issue 15: the procurement roll-up.
mod procurement;
mod size;
mod telecom;
#[cfg(test)]
mod tests;
mod totals;

pub use details::{Detail, DetailRow, project_name};
pub use findings::{Finding, FindingKind};
pub use procurement::PurchaseGroup;
pub use size::{MAX_LINE_ITEMS, line_items_bound};
pub use telecom::TelecomRoom;
pub use totals::Category;

use crate::catalog::{Basis, Catalog, Clauses};
use crate::devices::DeviceCounts;
use crate::room_list::{ProjectInfo, RoomList};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Estimate {
    pub file: String,
    pub project: ProjectInfo,
    pub catalog: CatalogInfo,
    pub device_totals: DeviceCounts,
    pub rooms: Vec<RoomEstimate>,
    pub telecom_rooms: Vec<TelecomRoom>,
    /// Every priced line: rooms first (in list order), then telecom rooms.
    pub lines: Vec<LineItem>,
    pub disciplines: Vec<DisciplineTotal>,
    pub totals: Totals,
    pub findings: Vec<Finding>,
    /// The catalog's standing SOW text.
    pub clauses: Clauses,
    /// The basis of design of each part priced that has one, by part.
    #[serde(default)]
    pub basis_of_design: std::collections::BTreeMap<String, Basis>,
    /// Some room types are unresolved (issue 14): the package is a DRAFT, and says so.
    #[serde(default)]
    pub draft: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CatalogInfo {
    pub name: String,
    pub currency: String,
    pub price_basis: String,
    pub contingency_percent: Decimal,
    pub sales_tax_percent: Decimal,
    pub project_management_percent: Decimal,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RoomEstimate {
    pub number: String,
    pub name: String,
    pub room_type: String,
    pub department: Option<String>,
    pub floor: Option<String>,
    pub building: Option<String>,
    pub idf: Option<String>,
    pub area_sf: Option<Decimal>,
    pub counts: DeviceCounts,
    pub material: Decimal,
    pub labor: Decimal,
    pub total: Decimal,
    /// The room type carries no IT scope: listed in the SOW as excluded, never priced.
    #[serde(default)]
    pub excluded: bool,
    // Issue 14: how the type was decided, what was given, and what came from the model.
    /// Where the room type came from.
    pub resolution: crate::resolution::Resolution,
    /// The room type as the list writes it.
    #[serde(default)]
    pub type_given: Option<String>,
    /// The list's notes for the room.
    #[serde(default)]
    pub notes: Option<String>,
    /// The kinds whose counts came from the design model.
    #[serde(default)]
    pub model_counts: crate::room_list::BlankCounts,
}

impl Estimate {
    /// The rooms that carry IT scope, in list order.
    pub fn rooms_in_scope(&self) -> impl Iterator<Item = &RoomEstimate> {
        self.rooms.iter().filter(|r| !r.excluded)
    }

    /// The spaces excluded from IT scope (stairs, shafts, roofs, site), in list order.
    pub fn rooms_excluded(&self) -> impl Iterator<Item = &RoomEstimate> {
        self.rooms.iter().filter(|r| r.excluded)
    }

    /// The rooms whose type is unresolved (a DRAFT's decisions), in list order.
    pub fn rooms_unresolved(&self) -> impl Iterator<Item = &RoomEstimate> {
        self.rooms.iter().filter(|r| r.resolution.is_unresolved())
    }

    /// Whether any room carries counts taken from the design model.
    pub fn has_model_counts(&self) -> bool {
        self.rooms.iter().any(|r| !r.model_counts.is_empty())
    }
}

/// Where a line's work happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Location {
    Room,
    TelecomRoom,
}

impl Location {
    /// As the tables print it.
    pub fn label(self) -> &'static str {
        match self {
            Location::Room => "Room",
            Location::TelecomRoom => "Telecom room",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineItem {
    pub location: Location,
    /// The room number, or the telecom room's name.
    pub place: Arc<str>,
    // The texts below repeat on every line of a part: shared, not copied, so a campus-scale
    // estimate of a hundred thousand lines stays small.
    pub part: Arc<str>,
    pub description: Arc<str>,
    pub unit: Arc<str>,
    pub discipline: Arc<str>,
    pub discipline_name: Arc<str>,
    pub trade: Option<Arc<str>>,
    pub qty: Decimal,
    pub unit_cost: Decimal,
    pub material: Decimal,
    pub labor_hours: Decimal,
    pub labor_rate: Decimal,
    pub labor: Decimal,
    pub total: Decimal,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DisciplineTotal {
    pub id: String,
    pub name: String,
    pub trade: Option<String>,
    pub scope: String,
    pub labor_hours: Decimal,
    pub material: Decimal,
    pub labor: Decimal,
    /// The project's project-management amount, on the discipline the catalog names for it;
    /// zero on every other discipline.
    pub project_management: Decimal,
    /// Material + labor + project management.
    pub total: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    pub material: Decimal,
    pub labor: Decimal,
    pub labor_hours: Decimal,
    pub project_management: Decimal,
    /// Material + labor + project management.
    pub subtotal: Decimal,
    pub tax: Decimal,
    pub contingency: Decimal,
    pub grand_total: Decimal,
    pub approved_budget: Option<Decimal>,
    /// Approved budget − grand total: negative when over budget.
    pub variance: Option<Decimal>,
    /// Material and labor in the rooms, and in the telecom rooms' own equipment: together the
    /// material and labor totals, so the SOW's room and telecom-room tables reconcile to them.
    #[serde(default)]
    pub rooms_total: Decimal,
    #[serde(default)]
    pub telecom_rooms_total: Decimal,
}

/// Expand a room list through the catalog.
pub fn estimate(list: &RoomList, catalog: &Catalog) -> Estimate {
    let pricing = lines::Pricing::new(catalog);
    let mut lines = Vec::with_capacity(list.rooms.len() * 12);
    let rooms = list
        .rooms
        .iter()
        .map(|room| {
            let first = lines.len();
            lines::add_room_lines(room, &pricing, &mut lines);
            room_estimate(room, &lines[first..])
        })
        .collect();
    let rooms_lines = lines.len();
    let mut telecom_rooms = telecom::plan(&list.rooms, catalog);
    for idf in &mut telecom_rooms {
        let first = lines.len();
        lines::add_telecom_lines(idf, &pricing, &mut lines);
        let (material, labor) = lines::sum_lines(&lines[first..]);
        (idf.material, idf.labor, idf.total) = (material, labor, material + labor);
    }
    let mut totals = totals::totals(&lines, &list.project, catalog);
    totals.rooms_total = sum_totals(&lines[..rooms_lines]);
    totals.telecom_rooms_total = sum_totals(&lines[rooms_lines..]);
    let disciplines = totals::discipline_totals(&lines, catalog, totals.project_management);
    let findings = findings::find(list, catalog, &pricing, &telecom_rooms, &totals);
    let basis_of_design = basis_of_design(&lines, catalog);
    let device_totals = list.device_totals();
    let clauses = catalog.clauses().clone();
    let rules = catalog.rules();
    Estimate {
        file: list.file.clone(),
        project: list.project.clone(),
        catalog: CatalogInfo {
            name: catalog.about().name.clone(),
            currency: catalog.about().currency.clone(),
            price_basis: catalog.about().price_basis.clone(),
            contingency_percent: rules.contingency_percent,
            sales_tax_percent: rules.sales_tax_percent,
            project_management_percent: rules.project_management_percent,
        },
        device_totals,
        rooms,
        telecom_rooms,
        disciplines,
        totals,
        findings,
        clauses,
        basis_of_design,
        lines,
        draft: list.rooms.iter().any(|r| r.resolution.is_unresolved()),
    }
}

/// Material and labor of some lines.
fn sum_totals(lines: &[LineItem]) -> Decimal {
    let (material, labor) = lines::sum_lines(lines);
    material + labor
}

fn basis_of_design(
    lines: &[LineItem],
    catalog: &Catalog,
) -> std::collections::BTreeMap<String, Basis> {
    // Every line of a part shares its id's allocation: a part is looked up once, not once a line.
    let mut seen = std::collections::HashSet::new();
    let mut found = std::collections::BTreeMap::new();
    for line in lines {
        if !seen.insert(Arc::as_ptr(&line.part)) || found.contains_key(&*line.part) {
            continue;
        }
        if let Some(basis) = catalog.part(&line.part).basis.clone() {
            found.insert(line.part.to_string(), basis);
        }
    }
    found
}

fn room_estimate(room: &crate::room_list::Room, lines: &[LineItem]) -> RoomEstimate {
    let (material, labor) = lines::sum_lines(lines);
    RoomEstimate {
        number: room.number.clone(),
        name: room.name.clone(),
        room_type: room.room_type.clone(),
        department: room.department.clone(),
        floor: room.floor.clone(),
        building: room.building.clone(),
        idf: room.idf.clone(),
        area_sf: room.area_sf,
        counts: room.counts,
        material,
        labor,
        total: material + labor,
        excluded: room.excluded,
        resolution: room.resolution.clone(),
        type_given: room.type_given.clone(),
        notes: room.notes.clone(),
        model_counts: room.model_counts,
    }
}
