//! A room list as read: its rooms, sheets, warnings and the project's details. Plain data on the
//! ground floor, so the estimate and the error type use it without depending on the reader.

use crate::devices::{DeviceCounts, DeviceKind};
use crate::problem::Problem;
// Issue 14: how each room got its type.
use crate::resolution::Resolution;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Everything read from one room list.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RoomList {
    /// The file's name as given, for documents and JSON.
    pub file: String,
    pub project: ProjectInfo,
    pub sheets: Vec<SheetSummary>,
    pub rooms: Vec<Room>,
    pub warnings: Vec<Problem>,
}

impl RoomList {
    /// Device totals the package builds: blank counts taken at the room type's standard; an
    /// unclassified room's counts are shown on it but built by no one until it is typed.
    pub fn device_totals(&self) -> DeviceCounts {
        self.rooms
            .iter()
            .filter(|r| !r.resolution.is_unclassified())
            .fold(DeviceCounts::default(), |acc, r| acc + r.counts)
    }

    // Issue 14: the counts beside `rooms` in summaries.
    /// Rooms whose type is unresolved (see `Resolution::is_unresolved`).
    pub fn unresolved_count(&self) -> usize {
        self.rooms
            .iter()
            .filter(|r| r.resolution.is_unresolved())
            .count()
    }

    /// Spaces that carry no IT scope.
    pub fn excluded_count(&self) -> usize {
        self.rooms.iter().filter(|r| r.excluded).count()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetSummary {
    pub name: String,
    /// 1-based, as Excel shows it.
    pub header_row: u32,
    pub rooms: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Room {
    pub sheet: String,
    /// 1-based row the room was read from.
    pub row: u32,
    pub number: String,
    pub name: String,
    /// The catalog's name for the room type (`resolution::UNCLASSIFIED` when nothing typed it).
    pub room_type: String,
    /// The room type cell exactly as written, when the list gives one.
    #[serde(default)]
    pub type_given: Option<String>,
    pub department: Option<String>,
    pub floor: Option<String>,
    pub building: Option<String>,
    /// The telecom room (IDF) serving the room, as the list names it.
    pub idf: Option<String>,
    pub area_sf: Option<Decimal>,
    pub notes: Option<String>,
    /// Counts to build: as given, or the room type's standard where the list left them blank.
    pub counts: DeviceCounts,
    /// The kinds whose count was blank and so taken from the standard.
    pub blank_counts: BlankCounts,
    /// Where the room type came from: given, mapped, taken from the name, or nothing.
    pub resolution: Resolution,
    /// The other catalog type the room's name says, where it contradicts the type given (a COMM
    /// ROOM typed Office): a check for the PM, priced as given.
    #[serde(default)]
    pub name_says: Option<String>,
    /// The kinds whose counts came from the design model (a COBie Component sheet).
    #[serde(default)]
    pub model_counts: BlankCounts,
    /// The room type carries no IT scope (stair, shaft, roof, site): counted, never priced.
    #[serde(default)]
    pub excluded: bool,
}

impl Room {
    /// A room of a type with its counts, as if read from row 2 of a sheet called Rooms: for
    /// callers that build room lists in code (tests, generators).
    pub fn new(number: &str, room_type: &str, counts: DeviceCounts) -> Room {
        Room {
            sheet: "Rooms".into(),
            row: 2,
            number: number.into(),
            name: String::new(),
            room_type: room_type.into(),
            department: None,
            floor: None,
            building: None,
            idf: None,
            area_sf: None,
            notes: None,
            counts,
            blank_counts: BlankCounts::default(),
            type_given: None,
            resolution: Resolution::Given,
            name_says: None,
            model_counts: BlankCounts::default(),
            excluded: false,
        }
    }

    /// The same room, served by the telecom room `idf`.
    pub fn idf(mut self, idf: &str) -> Room {
        self.idf = Some(idf.into());
        self
    }

    /// The same room, on floor `floor`.
    pub fn floor(mut self, floor: &str) -> Room {
        self.floor = Some(floor.into());
        self
    }

    /// The same room, with a name.
    pub fn named(mut self, name: &str) -> Room {
        self.name = name.into();
        self
    }

    /// Nothing typed the room: it is carried at $0 with no standard applied.
    pub fn is_unclassified(&self) -> bool {
        self.resolution.is_unclassified()
    }

    /// The text a type map would resolve this room by, when its type is unresolved: the type
    /// given when the catalog does not know it, else the room's name less its number.
    pub fn unresolved_text(&self) -> Option<String> {
        use crate::resolution::Untyped;
        let given = || self.type_given.clone();
        match &self.resolution {
            Resolution::Inferred {
                why: Untyped::Unknown,
                ..
            }
            | Resolution::Unclassified {
                why: Untyped::Unknown,
                ..
            } => given(),
            Resolution::Unclassified { .. } => {
                Some(crate::resolution::name_less_number(&self.name)).filter(|t| !t.is_empty())
            }
            _ => None,
        }
    }
}

/// One room-type text no catalog type resolved, on one sheet, with its rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnresolvedText {
    pub text: String,
    pub sheet: String,
    /// 1-based rows, in list order.
    pub rows: Vec<u32>,
    /// The catalog type the text plausibly means.
    pub suggestion: Option<String>,
}

impl RoomList {
    /// Every unresolved text, once per sheet, in the order the list first writes it. Rooms with
    /// nothing to map (no type, no name) are left out: a type map cannot help them.
    pub fn unresolved_texts(&self) -> Vec<UnresolvedText> {
        let mut out: Vec<UnresolvedText> = Vec::new();
        let mut index: std::collections::HashMap<(&str, String), usize> =
            std::collections::HashMap::new();
        for room in &self.rooms {
            let Some(text) = room.unresolved_text() else {
                continue;
            };
            match index.get(&(room.sheet.as_str(), text.clone())) {
                Some(&i) => out[i].rows.push(room.row),
                None => {
                    index.insert((room.sheet.as_str(), text.clone()), out.len());
                    out.push(UnresolvedText {
                        text,
                        sheet: room.sheet.clone(),
                        rows: vec![room.row],
                        suggestion: room.resolution.suggestion().map(str::to_string),
                    });
                }
            }
        }
        out
    }
}

/// A set of device kinds, small and ordered (the kinds left blank, or taken from the model).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BlankCounts(u8);

impl BlankCounts {
    pub fn insert(&mut self, kind: DeviceKind) {
        self.0 |= 1 << kind as u8;
    }

    pub fn remove(&mut self, kind: DeviceKind) {
        self.0 &= !(1 << kind as u8);
    }

    pub fn contains(&self, kind: DeviceKind) -> bool {
        self.0 & (1 << kind as u8) != 0
    }

    pub fn iter(&self) -> impl Iterator<Item = DeviceKind> + '_ {
        DeviceKind::ALL.into_iter().filter(|k| self.contains(*k))
    }

    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }
}

impl Serialize for BlankCounts {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for BlankCounts {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let kinds = Vec::<DeviceKind>::deserialize(deserializer)?;
        let mut set = BlankCounts::default();
        kinds.into_iter().for_each(|k| set.insert(k));
        Ok(set)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectInfo {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub facility: Option<String>,
    #[serde(default)]
    pub number: Option<String>,
    #[serde(default, deserialize_with = "crate::money::exact_option")]
    pub approved_budget: Option<Decimal>,
    #[serde(default)]
    pub prepared_by: Option<String>,
    /// As written: `2027-09-01`, `9/1/2027` or an Excel date serial (the schedule reads it).
    #[serde(default, deserialize_with = "crate::schedule::date::date_text_option")]
    pub target_go_live: Option<String>,
    #[serde(default)]
    pub revision: Option<String>,
    /// The first day the work can start: the plan runs forward from it when no go-live is given.
    #[serde(default, deserialize_with = "crate::schedule::date::date_text_option")]
    pub start_date: Option<String>,
    /// The day the plan is made as of; a go-live that cannot be met from it is a finding.
    /// Given here, never read from the clock, so the same input gives the same package.
    #[serde(default, deserialize_with = "crate::schedule::date::date_text_option")]
    pub data_date: Option<String>,
    /// Days no one works on this project, beyond the catalog's holidays.
    #[serde(default, deserialize_with = "crate::schedule::date::date_text_list")]
    pub holidays: Vec<String>,
}

/// A room list that cannot be built from, with what could be read and every problem found.
#[derive(Debug, Clone)]
pub struct Rejected {
    /// What could be read, for the summary a refusal still prints.
    pub list: RoomList,
    pub errors: Vec<Problem>,
}
