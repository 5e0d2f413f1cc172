//! Expansion: rooms × catalog → line items, totals and findings. The one place money is computed;
//! every document renders this Estimate and nothing else.

mod findings;
mod standards;
mod telecom;
#[cfg(test)]
mod tests;

pub use findings::{Finding, FindingKind};
pub use telecom::TelecomRoom;

use crate::catalog::{Catalog, Clauses, PartQty};
use crate::devices::{DeviceCounts, DeviceKind};
use crate::input::{ProjectInfo, RoomList};
use crate::money::{ZERO_CENTS, percent_of, round_cents};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
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
    /// The type was inferred from the room's name (the list had no room type column).
    #[serde(default)]
    pub type_inferred: bool,
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
    /// Material + labor, plus the project-management line for its discipline.
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
}

/// Expand a room list through the catalog.
pub fn estimate(list: &RoomList, catalog: &Catalog) -> Estimate {
    let labels = Labels::new(catalog);
    let mut lines = Vec::with_capacity(list.rooms.len() * 12);
    let mut rooms = Vec::with_capacity(list.rooms.len());
    for room in &list.rooms {
        let first = lines.len();
        let place: Arc<str> = Arc::from(room.number.as_str());
        if !room.excluded {
            for (part, qty) in room_needs(&room.room_type, &room.counts, catalog) {
                lines.push(line(Location::Room, &place, part, qty, catalog, &labels));
            }
        }
        let (material, labor) = sum_lines(&lines[first..]);
        rooms.push(RoomEstimate {
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
            type_inferred: room.type_inferred,
        });
    }
    let telecom_rooms = telecom::plan(&list.rooms, catalog);
    for idf in &telecom_rooms {
        let place: Arc<str> = Arc::from(idf.name.as_str());
        for item in &idf.items {
            lines.push(line(
                Location::TelecomRoom,
                &place,
                &item.part,
                item.qty,
                catalog,
                &labels,
            ));
        }
    }

    let disciplines = discipline_totals(&lines, catalog);
    let totals = totals(&lines, &list.project, catalog);
    let findings = findings::find(list, catalog, &telecom_rooms, &totals);
    let mut disciplines = disciplines;
    if let Some(pm) = disciplines
        .iter_mut()
        .find(|d| d.id == catalog.project.project_management_discipline)
    {
        pm.total += totals.project_management;
    }
    Estimate {
        file: list.file.clone(),
        project: list.project.clone(),
        catalog: CatalogInfo {
            name: catalog.about.name.clone(),
            currency: catalog.about.currency.clone(),
            price_basis: catalog.about.price_basis.clone(),
            contingency_percent: catalog.project.contingency_percent,
            sales_tax_percent: catalog.project.sales_tax_percent,
            project_management_percent: catalog.project.project_management_percent,
        },
        device_totals: list.device_totals(),
        rooms,
        telecom_rooms,
        lines,
        disciplines,
        totals,
        findings,
        clauses: catalog.clauses.clone(),
    }
}

/// Material plus labor of a room of this type with these counts (before project overheads), as
/// the sum of its rounded lines: what findings quote as the cost of a difference from standard,
/// and what a change order can price a changed room with.
pub fn room_cost(room_type: &str, counts: &DeviceCounts, catalog: &Catalog) -> Decimal {
    room_needs(room_type, counts, catalog)
        .into_iter()
        .map(|(part, qty)| {
            let (material, _, labor) = amounts(part, qty, catalog);
            material + labor
        })
        .sum()
}

/// What a room needs, part by part: quantities summed over its devices and fixed items, in the
/// order they first appear, zero quantities left out.
fn room_needs<'c>(
    room_type: &str,
    counts: &DeviceCounts,
    catalog: &'c Catalog,
) -> Vec<(&'c str, Decimal)> {
    fn add<'c>(needs: &mut Vec<(&'c str, Decimal)>, items: &'c [PartQty], times: Decimal) {
        for item in items {
            let qty = item.qty * times;
            match needs.iter_mut().find(|(part, _)| *part == item.part) {
                Some((_, total)) => *total += qty,
                None => needs.push((&item.part, qty)),
            }
        }
    }
    let mut needs: Vec<(&str, Decimal)> = Vec::with_capacity(24);
    for kind in DeviceKind::ALL {
        let count = counts[kind];
        if count > 0 {
            add(
                &mut needs,
                &catalog.devices[&kind].parts,
                Decimal::from(count),
            );
        }
    }
    if let Some(room_type) = catalog.room_type(room_type) {
        add(&mut needs, &room_type.fixed, Decimal::ONE);
    }
    needs.retain(|(_, qty)| !qty.is_zero());
    needs
}

/// A line's material, labor hours and labor, each amount rounded to the cent.
fn amounts(part_id: &str, qty: Decimal, catalog: &Catalog) -> (Decimal, Decimal, Decimal) {
    let part = catalog.part(part_id);
    let rate = catalog.discipline(&part.discipline).labor_rate;
    let labor_hours = qty * part.labor_hours;
    (
        round_cents(qty * part.unit_cost),
        labor_hours,
        round_cents(labor_hours * rate),
    )
}

/// A part's texts, made once per estimate and shared by every line of the part.
#[derive(Clone)]
struct PartLabels {
    part: Arc<str>,
    description: Arc<str>,
    unit: Arc<str>,
    discipline: Arc<str>,
    discipline_name: Arc<str>,
    trade: Option<Arc<str>>,
}

struct Labels(HashMap<String, PartLabels>);

impl Labels {
    fn new(catalog: &Catalog) -> Labels {
        let names: HashMap<&str, (Arc<str>, Arc<str>, Option<Arc<str>>)> = catalog
            .disciplines
            .iter()
            .map(|(id, d)| {
                (
                    id.as_str(),
                    (
                        Arc::from(id.as_str()),
                        Arc::from(d.name.as_str()),
                        d.trade.as_deref().map(Arc::from),
                    ),
                )
            })
            .collect();
        Labels(
            catalog
                .parts
                .iter()
                .map(|(id, part)| {
                    let (discipline, discipline_name, trade) =
                        names[part.discipline.as_str()].clone();
                    let labels = PartLabels {
                        part: Arc::from(id.as_str()),
                        description: Arc::from(part.description.as_str()),
                        unit: Arc::from(part.unit.as_str()),
                        discipline,
                        discipline_name,
                        trade,
                    };
                    (id.clone(), labels)
                })
                .collect(),
        )
    }
}

fn line(
    location: Location,
    place: &Arc<str>,
    part_id: &str,
    qty: Decimal,
    catalog: &Catalog,
    labels: &Labels,
) -> LineItem {
    let part = catalog.part(part_id);
    let discipline = catalog.discipline(&part.discipline);
    let (material, labor_hours, labor) = amounts(part_id, qty, catalog);
    let l = labels.0[part_id].clone();
    LineItem {
        location,
        place: Arc::clone(place),
        part: l.part,
        description: l.description,
        unit: l.unit,
        discipline: l.discipline,
        discipline_name: l.discipline_name,
        trade: l.trade,
        qty,
        unit_cost: part.unit_cost,
        material,
        labor_hours,
        labor_rate: discipline.labor_rate,
        labor,
        total: material + labor,
    }
}

fn sum_lines(lines: &[LineItem]) -> (Decimal, Decimal) {
    lines.iter().fold((ZERO_CENTS, ZERO_CENTS), |(m, l), line| {
        (m + line.material, l + line.labor)
    })
}

fn discipline_totals(lines: &[LineItem], catalog: &Catalog) -> Vec<DisciplineTotal> {
    let mut totals: Vec<DisciplineTotal> = catalog
        .disciplines
        .iter()
        .map(|(id, d)| DisciplineTotal {
            id: id.clone(),
            name: d.name.clone(),
            trade: d.trade.clone(),
            scope: d.scope.clone(),
            labor_hours: Decimal::ZERO,
            material: ZERO_CENTS,
            labor: ZERO_CENTS,
            total: ZERO_CENTS,
        })
        .collect();
    for line in lines {
        let t = totals
            .iter_mut()
            .find(|t| *t.id == *line.discipline)
            .expect("catalog validated");
        t.labor_hours += line.labor_hours;
        t.material += line.material;
        t.labor += line.labor;
        t.total += line.total;
    }
    totals
}

fn totals(lines: &[LineItem], project: &ProjectInfo, catalog: &Catalog) -> Totals {
    let rules = &catalog.project;
    let (material, labor) = sum_lines(lines);
    let labor_hours = lines.iter().map(|l| l.labor_hours).sum();
    let project_management = percent_of(labor, rules.project_management_percent);
    let subtotal = material + labor + project_management;
    let tax = percent_of(material, rules.sales_tax_percent);
    let contingency = percent_of(subtotal, rules.contingency_percent);
    let grand_total = subtotal + tax + contingency;
    // Budgets are typed as whole dollars ("185000"); carry them to the cent like every figure.
    let approved_budget = project.approved_budget.map(round_cents);
    Totals {
        material,
        labor,
        labor_hours,
        project_management,
        subtotal,
        tax,
        contingency,
        grand_total,
        approved_budget,
        variance: approved_budget.map(|b| b - grand_total),
    }
}
