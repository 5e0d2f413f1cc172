//! Finds the header row of a sheet and maps its columns to fields by meaning.

use super::sheet::{RawRow, RawSheet};
use crate::catalog::Catalog;
use crate::devices::DeviceKind;
use crate::field::Field;
use std::collections::HashMap;

/// How far down a sheet the header row may sit (title blocks, group headings above it).
// Owner and agency templates put a page of instructions above it.
pub const HEADER_SEARCH_ROWS: usize = 50;

/// Words for the fields that are not devices (devices take theirs from the catalog). Each is
/// compared after `header_key`, so case, punctuation, `#`/`No`/`Number` and plurals do not matter.
const FIELD_WORDS: &[(Field, &[&str])] = &[
    (
        Field::RoomNumber,
        &[
            "room number",
            "room",
            "rm",
            "number",
            "space number",
            "space",
            "space id",
            "room id",
            "room code",
            "location number",
            "location",
            "suite number",
            "unit number",
            "id",
            "room no",
            "space no",
            "door number",
            "space code",
            "room tag",
            "space tag",
            "room label",
            "rm id",
            // Owner and agency templates (issue 14).
            "space designation",
            "room designation",
            "space designator",
            "room designator",
            "space identifier",
            "room identifier",
            "space no",
        ],
    ),
    (
        Field::RoomName,
        &[
            "room name",
            "name",
            "space name",
            "room description",
            "description",
            "room title",
            "title",
            "space description",
            "room desc",
            "space desc",
            "desc",
            "room title",
            "space title",
            "space common name",
            "room common name",
        ],
    ),
    (
        Field::RoomType,
        &[
            "room type",
            "type",
            "space type",
            "room use",
            "space use",
            "function",
            "room function",
            "space function",
            "use",
            "category",
            "space category",
            "room category",
            "program type",
            "occupancy type",
            "usage",
            "space classification",
            "room classification",
            "classification",
            "occupancy",
            "room use type",
            "space program",
            "program space",
            "room standard",
            "room template",
            "department room type",
            "space type code",
            "room type code",
            "omniclass",
            "omniclass number",
            "omniclass code",
            "space standard",
        ],
    ),
    (
        Field::Department,
        &[
            "department",
            "dept",
            "unit",
            "service line",
            "cost center",
            "nursing unit",
            "program",
            "zone",
            "department name",
            "dept name",
            "cost centre",
            "division",
            "clinical unit",
            "unit name",
            "functional area",
            "service",
        ],
    ),
    (
        Field::Floor,
        &[
            "floor",
            "level",
            "floor name",
            "flr",
            "fl",
            "lvl",
            "story",
            "storey",
            "floor level",
            "floor number",
            "level number",
            "level name",
            "floor no",
            "level designation",
            "floor designation",
            "level designator",
            "level id",
            "floor id",
            "level code",
        ],
    ),
    (
        Field::Building,
        &[
            "building",
            "bldg",
            "facility",
            "tower",
            "wing",
            "pavilion",
            "campus",
            "site",
            "building name",
            "building number",
            "bldg name",
            "structure",
        ],
    ),
    (
        Field::Idf,
        &[
            "idf",
            "tr",
            "telecom room",
            "telecom closet",
            "telecommunications room",
            "serving idf",
            "serving tr",
            "idf room",
            "closet",
            "data closet",
            "comm room",
            "tr number",
            "idf number",
            "serving telecom room",
            "network closet",
            "ter",
            "serving closet",
            "comm closet",
            "tel room",
            "tele room",
            "telecom",
            "idf tr",
            "tr idf",
            "mdf idf",
            "idf closet",
            "telecommunications closet",
            "feeds from",
            "served by",
            "idf served",
        ],
    ),
    (
        Field::Area,
        &[
            "area",
            "area sf",
            "sf",
            "square feet",
            "sq ft",
            "sqft",
            "nsf",
            "net area",
            "gross area",
            "area sq ft",
            "gsf",
            "size",
            "square footage",
            "net sf",
            "asf",
            "usable sf",
            "assignable sf",
            "room area",
            "space area",
            "area ft2",
            "ft2",
            "sq feet",
            "area m2",
            "m2",
            "sq m",
            "sqm",
            "square meter",
            "square metre",
            "area sq m",
            "area sqm",
            "net area m2",
            "gross area m2",
        ],
    ),
    (
        Field::Notes,
        &[
            "notes",
            "note",
            "remarks",
            "remark",
            "comments",
            "comment",
            "description notes",
            "memo",
            "special requirements",
            "requirements",
            "scope notes",
            "additional info",
            "it notes",
            "it comments",
            "it remarks",
        ],
    ),
];

/// The normal form of a header: lower case, words only, `#`/`No`/`Num` as `number`,
/// plural `s` dropped, and filler words like `qty` and `count` removed.
pub fn header_key(text: &str) -> String {
    let spaced = text.replace('#', " number ").replace('²', "2");
    let words: Vec<String> = crate::text::normalize(&spaced)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| match w {
            "no" | "num" | "nbr" | "nr" | "nos" => "number".to_string(),
            // "RM" is the commonest abbreviation in a heading: RM #, RM NAME, RM TYPE.
            "rm" | "rms" => "room".to_string(),
            _ => singular(w),
        })
        .filter(|w| {
            !matches!(
                w.as_str(),
                "qty" | "quantity" | "count" | "of" | "total" | "the" | "ct" | "req" | "required"
            )
        })
        .collect();
    words.join(" ")
}

fn singular(word: &str) -> String {
    let bytes = word.as_bytes();
    if bytes.len() > 2 && word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us") {
        word[..word.len() - 1].to_string()
    } else {
        word.to_string()
    }
}

/// The words for every field: built-ins, the catalog's device headers and column table, `--map`.
pub struct Vocabulary {
    words: HashMap<String, Field>,
}

impl Vocabulary {
    pub fn new(catalog: &Catalog, extra: &[(String, Field)]) -> Vocabulary {
        let mut words = HashMap::new();
        for (field, list) in FIELD_WORDS {
            for word in *list {
                words.insert(header_key(word), *field);
            }
        }
        for kind in DeviceKind::ALL {
            for word in catalog.device_headers(kind) {
                words.insert(header_key(word), Field::Device(kind));
            }
        }
        // The user's words come last so they win over the built-in ones.
        for (header, field) in catalog.columns() {
            words.insert(header_key(header), *field);
        }
        for (header, field) in extra {
            words.insert(header_key(header), *field);
        }
        Vocabulary { words }
    }

    pub fn field(&self, header: &str) -> Option<Field> {
        self.words.get(&header_key(header)).copied()
    }
}

/// A header row and what each of its columns means.
#[derive(Debug, Clone)]
pub struct Header {
    /// Index into the sheet's rows.
    pub position: usize,
    /// 0-based sheet row.
    pub row: u32,
    pub columns: Vec<(u32, Field)>,
    /// Non-blank header cells that mean nothing known: (column, text).
    pub unknown: Vec<(u32, String)>,
    /// Columns whose field an earlier column already took: (column, text).
    pub duplicates: Vec<(u32, String)>,
    /// Areas are in square metres (the area heading says so, or a COBie Facility sheet does):
    /// converted to square feet as they are read.
    pub area_metric: bool,
    /// A column that names the room where its name cell is blank or a placeholder (COBie's
    /// RoomTag, which writes the name and the number together).
    pub name_fallback: Option<u32>,
}

impl Header {
    pub fn column(&self, field: Field) -> Option<u32> {
        self.columns
            .iter()
            .find(|(_, f)| *f == field)
            .map(|(c, _)| *c)
    }
}

/// The first row near the top that has a room-number column and at least one other known field.
pub fn find_header(sheet: &RawSheet, vocabulary: &Vocabulary) -> Option<Header> {
    sheet
        .rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .enumerate()
        .map(|(position, row)| map_row(position, row, vocabulary))
        .find(|h| h.column(Field::RoomNumber).is_some() && h.columns.len() >= 2)
}

/// An area heading in square metres: `Area (m²)`, `Area m2`, `NSM`, `Sq M`, `Square Meters`.
pub fn says_square_metres(text: &str) -> bool {
    let lower = text.to_lowercase();
    if lower.contains('²') && lower.contains('m') && !lower.contains("ft") {
        return true;
    }
    let key = crate::text::normalize(&lower.replace('²', "2"));
    key.split(' ')
        .any(|w| matches!(w, "m2" | "sqm" | "nsm" | "gsm"))
        || key.contains("sq m")
        || key.contains("square met")
        || key.contains("square metre")
}

fn map_row(position: usize, row: &RawRow, vocabulary: &Vocabulary) -> Header {
    let mut header = Header {
        position,
        row: row.index,
        columns: Vec::new(),
        unknown: Vec::new(),
        duplicates: Vec::new(),
        area_metric: false,
        name_fallback: None,
    };
    for (col, value) in row.cells.iter().enumerate() {
        let col = col as u32;
        let Some(text) = value.as_text() else {
            continue;
        };
        match vocabulary.field(&text) {
            Some(field) if header.column(field).is_some() => header.duplicates.push((col, text)),
            Some(field) => {
                if field == Field::Area {
                    header.area_metric = says_square_metres(&text);
                }
                header.columns.push((col, field))
            }
            None => header.unknown.push((col, text)),
        }
    }
    header
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::cell::Value;

    fn vocabulary() -> Vocabulary {
        Vocabulary::new(&Catalog::default_catalog(), &[])
    }

    #[test]
    fn header_words_normalise() {
        assert_eq!(header_key("RM #"), "room number");
        assert_eq!(header_key("Rm No."), "room number");
        assert_eq!(header_key("Room Number"), "room number");
        assert_eq!(header_key("Access Points"), "access point");
        assert_eq!(header_key("Data Drops (qty)"), "data drop");
        assert_eq!(header_key("Wireless"), "wireless");
    }

    #[test]
    fn maps_field_words_by_meaning() {
        let v = vocabulary();
        let expect = [
            ("RM #", Field::RoomNumber),
            ("Rm No", Field::RoomNumber),
            ("Room Number", Field::RoomNumber),
            ("SPACE TYPE", Field::RoomType),
            ("TR", Field::Idf),
            ("Telecom Closet", Field::Idf),
            ("SF", Field::Area),
            ("Area (SF)", Field::Area),
            ("WAP", Field::Device(DeviceKind::WirelessAps)),
            ("Access Points", Field::Device(DeviceKind::WirelessAps)),
            ("PC", Field::Device(DeviceKind::Workstations)),
            ("Jacks", Field::Device(DeviceKind::DataDrops)),
            ("Monitors", Field::Device(DeviceKind::Displays)),
            ("TVs", Field::Device(DeviceKind::Displays)),
            ("REMARKS", Field::Notes),
            ("DEPT", Field::Department),
            ("LEVEL", Field::Floor),
            ("RM TYPE", Field::RoomType),
            ("Rm Name", Field::RoomName),
            ("TR/IDF", Field::Idf),
            ("Serving Closet", Field::Idf),
            ("Square Footage", Field::Area),
            ("Floor No.", Field::Floor),
            ("Bldg", Field::Building),
            ("Space Classification", Field::RoomType),
            ("Special Requirements", Field::Notes),
            ("APs", Field::Device(DeviceKind::WirelessAps)),
            ("Laptops", Field::Device(DeviceKind::Workstations)),
            ("IP Phones", Field::Device(DeviceKind::Phones)),
            ("Label Printers", Field::Device(DeviceKind::Printers)),
            ("Digital Signage", Field::Device(DeviceKind::Displays)),
            ("Data Outlet Qty", Field::Device(DeviceKind::DataDrops)),
            ("Space Designation", Field::RoomNumber),
            ("Space Description", Field::RoomName),
            ("Level Designation", Field::Floor),
            ("Room Tag", Field::RoomNumber),
        ];
        for (word, field) in expect {
            assert_eq!(v.field(word), Some(field), "{word}");
        }
        assert_eq!(v.field("Paint Color"), None);
    }

    #[test]
    fn area_headings_in_square_metres_are_known() {
        let v = vocabulary();
        for heading in ["Area (m²)", "NET AREA M2", "Area sq m", "Square Meters"] {
            assert_eq!(v.field(heading), Some(Field::Area), "{heading}");
            assert!(says_square_metres(heading), "{heading}");
        }
        for heading in ["Area (SF)", "Sq Ft", "NSF", "Area"] {
            assert!(!says_square_metres(heading), "{heading}");
        }
    }

    #[test]
    fn user_words_are_added() {
        let v = Vocabulary::new(
            &Catalog::default_catalog(),
            &[("Jack Qty".to_string(), Field::Device(DeviceKind::Phones))],
        );
        assert_eq!(v.field("JACK QTY"), Some(Field::Device(DeviceKind::Phones)));
    }

    #[test]
    fn finds_a_header_below_a_title_block() {
        let text = |s: &str| Value::Text(s.to_string());
        let sheet = RawSheet {
            name: "Level 3".into(),
            rows: vec![
                RawRow {
                    index: 0,
                    cells: vec![text("WEST TOWER")],
                },
                RawRow {
                    index: 2,
                    cells: vec![Value::Empty, text("DEVICE COUNTS")],
                },
                RawRow {
                    index: 3,
                    cells: vec![
                        text("RM #"),
                        text("SPACE TYPE"),
                        text("DATA"),
                        text("Paint"),
                    ],
                },
            ],
        };
        let header = find_header(&sheet, &vocabulary()).unwrap();
        assert_eq!(header.row, 3);
        assert_eq!(header.column(Field::RoomType), Some(1));
        assert_eq!(header.unknown, vec![(3, "Paint".to_string())]);
    }
}
