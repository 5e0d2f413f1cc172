//! A room list as read: its rooms, sheets, warnings and the project's details. Plain data on the
//! ground floor, so the estimate and the error type use it without depending on the reader.

use crate::devices::{DeviceCounts, DeviceKind};
use crate::problem::Problem;
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
    /// Device totals over all rooms, blank counts taken at the room type's standard.
    pub fn device_totals(&self) -> DeviceCounts {
        self.rooms
            .iter()
            .fold(DeviceCounts::default(), |acc, r| acc + r.counts)
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
    /// The catalog's name for the room type.
    pub room_type: String,
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
    /// The list gave no room type: it was inferred from the room's name (an assumption).
    #[serde(default)]
    pub type_inferred: bool,
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
            type_inferred: false,
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
}

/// A set of device kinds, small and ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BlankCounts(u8);

impl BlankCounts {
    pub fn insert(&mut self, kind: DeviceKind) {
        self.0 |= 1 << kind as u8;
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
    /// The bid packages' logistics and terms (`[bid]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bid: Option<crate::bid_terms::BidTerms>,
}

/// A room list that cannot be built from, with what could be read and every problem found.
#[derive(Debug, Clone)]
pub struct Rejected {
    /// What could be read, for the summary a refusal still prints.
    pub list: RoomList,
    pub errors: Vec<Problem>,
}
