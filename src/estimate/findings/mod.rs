//! Findings: the gaps, checks, risks, assumptions and dependencies a PM must name early.

// Issue 15: the SOW's Gaps and Risks, grouped by room type.
mod groups;
// Issue 14: the findings about how rooms were typed.
mod resolution;
mod standards;

use super::lines::Pricing;
use super::{TelecomRoom, Totals};
use crate::catalog::Catalog;
use crate::devices::DeviceKind;
use crate::money::format_dollars;
use crate::room_list::{Room, RoomList};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    Risk,
    Gap,
    Check,
    Dependency,
    Assumption,
}

impl FindingKind {
    pub fn label(self) -> &'static str {
        match self {
            FindingKind::Risk => "Risk",
            FindingKind::Gap => "Gap",
            FindingKind::Check => "Check",
            FindingKind::Dependency => "Dependency",
            FindingKind::Assumption => "Assumption",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub kind: FindingKind,
    /// The room number or telecom room the finding is about (the rooms, for a room type's
    /// dependency); none for the whole project.
    pub subject: Option<String>,
    /// A sentence a PM can paste into an email.
    pub message: String,
    /// What the documents group and place it by.
    #[serde(flatten)]
    pub facts: FindingFacts,
}

/// What the documents need beyond a finding's text: like findings are grouped by room type in
/// the SOW, and a dependency goes into the bid packages of the trades it concerns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingFacts {
    /// A room's difference from its type's standard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standard: Option<Difference>,
    /// The vendor trades a dependency concerns: their bid packages state it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trades: Vec<String>,
}

/// A room's counts below or above its type's standard: the type, the kinds that differ and what
/// the difference costs before overheads (to bring the room to standard, or its extra devices).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Difference {
    pub room_type: String,
    pub kinds: Vec<DeviceKind>,
    pub cost: Decimal,
}

fn finding(kind: FindingKind, subject: Option<&str>, message: String) -> Finding {
    Finding {
        kind,
        subject: subject.map(str::to_string),
        message,
        facts: FindingFacts::default(),
    }
}

/// Findings in the order a PM reads them: risks first, assumptions last.
pub fn find(
    list: &RoomList,
    catalog: &Catalog,
    pricing: &Pricing,
    telecom: &[TelecomRoom],
    totals: &Totals,
) -> Vec<Finding> {
    let mut out = Vec::new();
    budget(totals, &mut out);
    for idf in telecom.iter().filter(|t| t.over_capacity) {
        out.push(finding(
            FindingKind::Risk,
            Some(&idf.name),
            format!(
                "{} serves {} and {} switch ports, which with spare capacity takes {} switches where one closet should hold at most {}; split the area across another telecom room or confirm the closet's rack space, power and cooling.",
                idf.name,
                if idf.rooms_served == 1 { "1 room".to_string() } else { format!("{} rooms", idf.rooms_served) },
                idf.ports,
                idf.switches,
                catalog.telecom().max_switches_per_idf
            ),
        ));
    }
    let in_scope: Vec<&Room> = list
        .rooms
        .iter()
        .filter(|r| !r.excluded && !r.is_unclassified())
        .collect();
    resolution::unresolved_rooms(&list.rooms, &mut out);
    if !resolution::telecom_found_by_name(&in_scope, telecom, &mut out) {
        rooms_without_idf(&in_scope, &mut out);
    }
    spread_over_floors(telecom, &mut out);
    for room in &list.rooms {
        standards::against_standard(room, catalog, pricing, &mut out);
    }
    dependencies(catalog, telecom, &mut out);
    room_type_dependencies(&list.rooms, catalog, &mut out);
    excluded_spaces(&list.rooms, &mut out);
    for room in &list.rooms {
        resolution::type_from_name(room, &mut out);
        resolution::name_contradicts_type(room, &mut out);
        blank_counts(room, &mut out);
    }
    out.sort_by_key(|f| f.kind);
    out
}

fn budget(totals: &Totals, out: &mut Vec<Finding>) {
    let (Some(budget), Some(variance)) = (totals.approved_budget, totals.variance) else {
        return;
    };
    if variance < Decimal::ZERO {
        let over = -variance;
        let percent = if budget.is_zero() {
            String::new()
        } else {
            format!(" ({}%)", (over * Decimal::ONE_HUNDRED / budget).round_dp(1))
        };
        out.push(finding(
            FindingKind::Risk,
            None,
            format!(
                "The estimate of {} is {}{} over the approved IT budget of {}; reduce scope or request additional funding before bid packages are issued.",
                format_dollars(totals.grand_total),
                format_dollars(over),
                percent,
                format_dollars(budget)
            ),
        ));
    }
}

fn rooms_without_idf(rooms: &[&Room], out: &mut Vec<Finding>) {
    let missing: Vec<&Room> = rooms.iter().copied().filter(|r| r.idf.is_none()).collect();
    if missing.is_empty() {
        return;
    }
    if missing.len() == rooms.len() {
        out.push(finding(
            FindingKind::Gap,
            None,
            "The room list names no telecom room (IDF) for any room, so no switches, patch panels or closet equipment are priced; ask the design team for the serving IDF of each room.".to_string(),
        ));
        return;
    }
    for room in missing {
        out.push(finding(
            FindingKind::Gap,
            Some(&room.number),
            format!(
                "Room {} ({}) has no telecom room (IDF) assigned, so its switch ports are not priced; confirm which IDF serves it.",
                room.number,
                display_name(room)
            ),
        ));
    }
}

fn display_name(room: &Room) -> &str {
    if room.name.is_empty() {
        &room.room_type
    } else {
        &room.name
    }
}

fn plural(count: u32, kind: DeviceKind) -> String {
    kind.counted(count)
}

/// Spaces with no IT scope, stated once: the PM confirms nothing is needed in them.
fn excluded_spaces(rooms: &[Room], out: &mut Vec<Finding>) {
    let excluded: Vec<&Room> = rooms.iter().filter(|r| r.excluded).collect();
    if excluded.is_empty() {
        return;
    }
    let named: Vec<String> = excluded
        .iter()
        .map(|r| format!("{} ({})", r.number, r.room_type))
        .collect();
    let named = listed(&named.iter().map(String::as_str).collect::<Vec<_>>());
    out.push(finding(
        FindingKind::Assumption,
        None,
        format!(
            "{} no IT scope and {} excluded: {}. Confirm none of them needs a data outlet, wireless coverage or a phone (e.g. an emergency phone in a stair or a controls drop in a mechanical room).",
            if excluded.len() == 1 { "1 space carries".to_string() } else { format!("{} spaces carry", excluded.len()) },
            if excluded.len() == 1 { "is" } else { "are" },
            named
        ),
    ));
}

fn blank_counts(room: &Room, out: &mut Vec<Finding>) {
    if room.blank_counts.is_empty() {
        return;
    }
    let filled: Vec<String> = room
        .blank_counts
        .iter()
        .map(|k| plural(room.counts[k], k))
        .collect();
    out.push(finding(
        FindingKind::Assumption,
        Some(&room.number),
        format!(
            "Room {} ({}) left counts blank; priced at the {} standard: {}.",
            room.number,
            display_name(room),
            room.room_type,
            filled.join(", ")
        ),
    ));
}

fn dependencies(catalog: &Catalog, telecom: &[TelecomRoom], out: &mut Vec<Finding>) {
    for clause in &catalog.clauses().dependencies {
        out.push(finding(FindingKind::Dependency, None, clause.text.clone()));
    }
    if !telecom.is_empty() {
        let names: Vec<&str> = telecom.iter().map(|t| t.name.as_str()).collect();
        let rooms = if names.len() == 1 {
            format!("Telecom room {}", names[0])
        } else {
            format!("Telecom rooms {}", listed(&names))
        };
        out.push(finding(
            FindingKind::Dependency,
            None,
            format!(
                "{rooms} must be complete, powered, conditioned, grounded and secured before racks and switches are installed."
            ),
        ));
    }
}

/// TIA-569 puts a telecom room on every floor it serves; one serving several floors usually
/// means long horizontal runs or a missing riser, which the design team should confirm.
fn spread_over_floors(telecom: &[TelecomRoom], out: &mut Vec<Finding>) {
    for idf in telecom.iter().filter(|t| t.floors.len() > 1) {
        out.push(finding(
            FindingKind::Check,
            Some(&idf.name),
            format!(
                "{} serves rooms on floors {}; confirm every outlet is within 90 m (295 ft) of cable and that riser sleeves between the floors are in the construction drawings, or add a telecom room on each floor.",
                idf.name,
                listed(&idf.floors.iter().map(String::as_str).collect::<Vec<_>>())
            ),
        ));
    }
}

/// The catalog's coordination notes for the room types present, once per type with its rooms:
/// the rooms named (the first dozen in the text), and the trades whose bid packages state it.
fn room_type_dependencies(rooms: &[Room], catalog: &Catalog, out: &mut Vec<Finding>) {
    for room_type in catalog
        .room_types()
        .iter()
        .filter(|t| !t.dependencies.is_empty())
    {
        let of_type: Vec<&Room> = rooms
            .iter()
            .filter(|r| r.room_type == room_type.name && !r.excluded)
            .collect();
        if of_type.is_empty() {
            continue;
        }
        let numbers: Vec<&str> = of_type.iter().map(|r| r.number.as_str()).collect();
        let rooms_named = if numbers.len() == 1 {
            format!("room {}", listed(&numbers))
        } else {
            format!("rooms {}", listed(&numbers))
        };
        let subject = match numbers.as_slice() {
            [one] => one.to_string(),
            [a, b] => format!("{a}, {b}"),
            [a, ..] => format!("{a} and {} more", numbers.len() - 1),
            [] => String::new(),
        };
        let trades = dependency_trades(room_type, &of_type, catalog);
        for text in &room_type.dependencies {
            out.push(Finding {
                kind: FindingKind::Dependency,
                subject: Some(subject.clone()),
                message: format!("{} ({rooms_named}): {text}", room_type.name),
                facts: FindingFacts {
                    standard: None,
                    trades: trades.clone(),
                },
            });
        }
    }
}

/// The vendor trades a room type's dependencies concern: those of the disciplines the catalog
/// names for them, or else of every discipline with work in the rooms.
fn dependency_trades(
    room_type: &crate::catalog::RoomType,
    rooms: &[&Room],
    catalog: &Catalog,
) -> Vec<String> {
    let mut disciplines: Vec<&str> = room_type
        .dependencies_concern
        .iter()
        .map(String::as_str)
        .collect();
    if disciplines.is_empty() {
        let parts = room_type.fixed.iter().map(|p| p.part.as_str()).chain(
            DeviceKind::ALL
                .into_iter()
                .filter(|&k| rooms.iter().any(|r| r.counts[k] > 0))
                .flat_map(|k| catalog.device_parts(k).iter().map(|p| p.part.as_str())),
        );
        disciplines = parts.map(|p| catalog.part(p).discipline.as_str()).collect();
    }
    let mut trades: Vec<String> = Vec::new();
    for id in disciplines {
        if let Some(trade) = &catalog.discipline(id).trade
            && !trades.contains(trade)
        {
            trades.push(trade.clone());
        }
    }
    trades
}

/// Names in a finding: the first few, then how many more. A finding is one cell of the
/// workbook (at most 32,767 characters) and one paragraph of the SOW, whatever the list's size
/// and however long each name (a room's text is at most `MAX_ROOM_TEXT` characters).
fn listed(names: &[&str]) -> String {
    const NAMED: usize = 50;
    const CHARS: usize = 4_000;
    let mut out = String::new();
    let mut shown = 0;
    for name in names.iter().take(NAMED) {
        if shown > 0 && out.len() + name.len() > CHARS {
            break;
        }
        if shown > 0 {
            out.push_str(", ");
        }
        out.push_str(name);
        shown += 1;
    }
    if names.len() > shown {
        out.push_str(&format!(" and {} more", names.len() - shown));
    }
    out
}
