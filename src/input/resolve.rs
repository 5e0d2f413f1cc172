//! Types every room read, in the SPEC's resolution order, once the whole list is read: the type
//! given (a catalog name or alias, ignoring case and punctuation, or a classification number
//! the catalog carries); the type map; then the room's name when the type is blank, a
//! placeholder, a catch-all or unknown. A room nothing types is carried unclassified (priced at
//! $0, no standard applied) and reported once per distinct text with its rows: a warning, or with
//! `--strict` an error.

use crate::catalog::resolve_text::{is_catch_all, is_placeholder, is_telecom_space};
use crate::catalog::suggest::Suggester;
use crate::catalog::{Catalog, RoomType, name_core};
use crate::devices::DeviceCounts;
use crate::problem::Problem;
use crate::resolution::{Resolution, UNCLASSIFIED, Untyped, name_less_number};
use crate::room_list::{BlankCounts, Room, RoomList};
use crate::type_map::TypeMap;
use std::collections::{HashMap, HashSet};

/// Where a sheet keeps the room type and the room name (0-based columns), for messages.
#[derive(Debug, Clone, Copy, Default)]
pub struct SheetColumns {
    pub room_type: Option<u32>,
    pub room_name: Option<u32>,
}

/// Type every room of `list`; the problems unresolved rooms raise go to the list's warnings, or
/// are returned as errors when `strict`.
pub fn resolve(
    list: &mut RoomList,
    columns: &HashMap<String, SheetColumns>,
    catalog: &Catalog,
    types: &TypeMap,
    strict: bool,
) -> Vec<Problem> {
    let mut resolver = Resolver::new(catalog, types, &list.rooms);
    let mut warnings = Vec::new();
    for room in &mut list.rooms {
        let has_type_column = columns
            .get(&room.sheet)
            .is_some_and(|c| c.room_type.is_some());
        resolver.resolve(room, has_type_column);
        resolver.fill_counts(room, &mut warnings);
    }
    list.warnings.extend(warnings);
    let problems = unresolved_problems(&list.rooms, columns, strict);
    if strict {
        problems
    } else {
        list.warnings.extend(problems);
        Vec::new()
    }
}

/// What a type cell says, once per distinct text.
#[derive(Clone)]
enum GivenType<'c> {
    Typed(&'c RoomType, Resolution),
    Untyped(Untyped),
}

struct Resolver<'c> {
    catalog: &'c Catalog,
    types: &'c TypeMap,
    suggester: Suggester<'c>,
    given: HashMap<String, GivenType<'c>>,
    /// Name cores → the type the name says.
    named: HashMap<String, Option<&'c RoomType>>,
    /// (type, name core) → the type the name says instead.
    contradictions: HashMap<(String, String), Option<String>>,
    suggestions: HashMap<String, Option<String>>,
    /// Rooms named just "TR" (and a number) are telecom rooms here, not treatment rooms.
    tr_is_telecom: bool,
    treatment: Option<&'c RoomType>,
}

impl<'c> Resolver<'c> {
    /// Distinct texts that get a suggestion; past it a hostile list costs nothing more.
    const HINTS: usize = 500;
    const HINT_CHARS: usize = 64;

    fn new(catalog: &'c Catalog, types: &'c TypeMap, rooms: &[Room]) -> Resolver<'c> {
        Resolver {
            catalog,
            types,
            suggester: Suggester::new(catalog),
            given: HashMap::new(),
            named: HashMap::new(),
            contradictions: HashMap::new(),
            suggestions: HashMap::new(),
            tr_is_telecom: tr_is_telecom(rooms),
            treatment: catalog.match_room_type("Treatment Room"),
        }
    }

    fn resolve(&mut self, room: &mut Room, has_type_column: bool) {
        let why = match room.type_given.clone() {
            Some(text) => match self.given_type(&text) {
                GivenType::Typed(room_type, resolution) => {
                    room.name_says = self.contradiction(room_type, room);
                    return type_room(room, room_type, resolution);
                }
                GivenType::Untyped(why) => why,
            },
            None if has_type_column => Untyped::Blank,
            None => Untyped::NoColumn,
        };
        let given_suggestion = match (why, room.type_given.as_deref()) {
            (Untyped::Unknown, Some(text)) => self.suggest(text),
            _ => None,
        };
        if let Some((room_type, text)) = self.mapped_name(&room.name) {
            return type_room(room, room_type, Resolution::Mapped { text });
        }
        if let Some(room_type) = self.named_type(room) {
            let resolution = Resolution::Inferred {
                why,
                suggestion: given_suggestion,
            };
            return type_room(room, room_type, resolution);
        }
        let suggestion = match why {
            Untyped::Unknown => given_suggestion,
            _ if room.name.trim().is_empty() => None,
            _ => self.suggest(&room.name.clone()),
        };
        room.room_type = UNCLASSIFIED.to_string();
        room.resolution = Resolution::Unclassified { why, suggestion };
    }

    fn given_type(&mut self, text: &str) -> GivenType<'c> {
        if let Some(found) = self.given.get(text) {
            return found.clone();
        }
        let found = if let Some(room_type) = self.catalog.match_room_type(text) {
            GivenType::Typed(room_type, Resolution::Given)
        } else if let Some(room_type) = self.mapped(text) {
            GivenType::Typed(
                room_type,
                Resolution::Mapped {
                    text: text.to_string(),
                },
            )
        } else if is_placeholder(text) {
            GivenType::Untyped(Untyped::Placeholder)
        } else if is_catch_all(text) {
            GivenType::Untyped(Untyped::CatchAll)
        } else {
            GivenType::Untyped(Untyped::Unknown)
        };
        if self.given.len() < 100_000 {
            self.given.insert(text.to_string(), found.clone());
        }
        found
    }

    fn mapped(&self, text: &str) -> Option<&'c RoomType> {
        self.types
            .lookup(text)
            .and_then(|name| self.catalog.room_type(name))
    }

    /// The type map's entry for a room's name, as written or less its number.
    fn mapped_name(&self, name: &str) -> Option<(&'c RoomType, String)> {
        if self.types.is_empty() || name.trim().is_empty() {
            return None;
        }
        let short = name_less_number(name);
        [name.trim().to_string(), short]
            .into_iter()
            .find_map(|text| self.mapped(&text).map(|t| (t, text)))
    }

    /// The type a room's name says, telecom spaces proposed as such; "TR" read by the list.
    fn named_type(&mut self, room: &Room) -> Option<&'c RoomType> {
        if is_placeholder(&room.name) {
            return None;
        }
        let core = name_core(&room.name);
        if core.is_empty() {
            return None;
        }
        match tr_name(&core) {
            Some(TrName::Bare) if self.tr_is_telecom && !in_emergency(room) => {}
            Some(_) => return self.treatment,
            None => {}
        }
        if let Some(found) = self.named.get(&core) {
            return *found;
        }
        let found = if is_telecom_space(&core) {
            self.telecom_type(&core)
        } else {
            self.catalog.infer_room_type(&core)
        };
        if self.named.len() < 100_000 {
            self.named.insert(core, found);
        }
        found
    }

    /// The telecom type a telecom name means: the one it names ("COMPUTER ROOM"), else the
    /// catalog's telecom room.
    fn telecom_type(&self, core: &str) -> Option<&'c RoomType> {
        let telecom = |t: &&RoomType| t.it_scope && is_telecom_space(&t.name);
        self.catalog
            .type_named_by(core)
            .filter(telecom)
            .or_else(|| self.catalog.infer_room_type(core).filter(telecom))
            .or_else(|| self.catalog.room_types().iter().find(telecom))
    }

    /// The other type a room's name says when it contradicts the type given; "TR" is left
    /// alone where the list uses it for treatment rooms.
    fn contradiction(&mut self, given: &RoomType, room: &Room) -> Option<String> {
        let core = name_core(&room.name);
        match tr_name(&core) {
            Some(TrName::Bare) if self.tr_is_telecom && !in_emergency(room) => {}
            Some(_) => return None,
            None => {}
        }
        let key = (given.name.clone(), core);
        if let Some(found) = self.contradictions.get(&key) {
            return found.clone();
        }
        let found = self
            .catalog
            .contradicts(given, &key.1)
            .map(|t| t.name.clone());
        if self.contradictions.len() < 100_000 {
            self.contradictions.insert(key, found.clone());
        }
        found
    }

    fn suggest(&mut self, text: &str) -> Option<String> {
        if let Some(found) = self.suggestions.get(text) {
            return found.clone();
        }
        if self.suggestions.len() >= Self::HINTS || text.chars().count() > Self::HINT_CHARS {
            return None;
        }
        let found = self.suggester.suggest(text).map(|t| t.name.clone());
        self.suggestions.insert(text.to_string(), found.clone());
        found
    }

    /// Blank counts from the room type's standard; a space with no IT scope builds nothing, and
    /// an unclassified room only shows what the list gives.
    fn fill_counts(&self, room: &mut Room, warnings: &mut Vec<Problem>) {
        if room.is_unclassified() {
            room.blank_counts = BlankCounts::default();
            return;
        }
        let Some(room_type) = self.catalog.room_type(&room.room_type) else {
            return;
        };
        if room.excluded {
            if room.counts != DeviceCounts::default() {
                warnings.push(Problem {
                    sheet: Some(room.sheet.clone()),
                    row: Some(room.row),
                    column: None,
                    message: format!(
                        "room type {} carries no IT scope; the counts given are ignored (give the room an IT room type to build them)",
                        room_type.name
                    ),
                    rows: Vec::new(),
                });
            }
            room.counts = DeviceCounts::default();
            room.blank_counts = BlankCounts::default();
            room.model_counts = BlankCounts::default();
            return;
        }
        for kind in room.blank_counts.iter() {
            room.counts[kind] = room_type.standard[kind];
        }
    }
}

fn type_room(room: &mut Room, room_type: &RoomType, resolution: Resolution) {
    room.room_type = room_type.name.clone();
    room.excluded = !room_type.it_scope;
    room.resolution = resolution;
}

/// How a name uses "TR", which means a telecom room in one list and a treatment room in another.
enum TrName {
    /// "TR", "TR 2", "TR-4B": the list decides.
    Bare,
    /// "ED TR 4", "PEDS TR": a kind of treatment room.
    Qualified,
}

fn tr_name(core: &str) -> Option<TrName> {
    let words: Vec<&str> = core.split(' ').collect();
    match words.as_slice() {
        ["tr"] => Some(TrName::Bare),
        [before @ .., "tr"] if !is_telecom_space(&before.join(" ")) => Some(TrName::Qualified),
        _ => None,
    }
}

/// A list names its telecom rooms one or two to a floor; an emergency department numbers its
/// treatment rooms TR 1 to TR 20. More "TR" rooms than two a floor are treatment rooms.
fn tr_is_telecom(rooms: &[Room]) -> bool {
    let bare: Vec<&Room> = rooms
        .iter()
        .filter(|r| matches!(tr_name(&name_core(&r.name)), Some(TrName::Bare)))
        .collect();
    let floors: HashSet<Option<&str>> = bare.iter().map(|r| r.floor.as_deref()).collect();
    bare.len() <= 2 * floors.len().max(1)
}

fn in_emergency(room: &Room) -> bool {
    room.department.as_deref().is_some_and(|d| {
        crate::text::normalize(d)
            .split(' ')
            .any(|w| matches!(w, "emergency" | "ed" | "er" | "urgent" | "trauma" | "edu"))
    })
}

/// One problem per distinct unresolved text on each sheet, naming every row it is on.
fn unresolved_problems(
    rooms: &[Room],
    columns: &HashMap<String, SheetColumns>,
    strict: bool,
) -> Vec<Problem> {
    let mut groups: Vec<Group> = Vec::new();
    let mut index: HashMap<(&str, GroupKey), usize> = HashMap::new();
    for room in rooms.iter().filter(|r| r.resolution.is_unresolved()) {
        let key = GroupKey::of(room);
        match index.get(&(room.sheet.as_str(), key.clone())) {
            Some(&i) => groups[i].rooms.push(room),
            None => {
                index.insert((room.sheet.as_str(), key.clone()), groups.len());
                groups.push(Group {
                    key,
                    rooms: vec![room],
                });
            }
        }
    }
    let mut problems: Vec<Problem> = groups
        .iter()
        .map(|g| {
            let first = g.rooms[0];
            let sheet_columns = columns.get(&first.sheet).copied().unwrap_or_default();
            let column = match g.key {
                GroupKey::Type(_) => sheet_columns.room_type,
                GroupKey::Name(_) => sheet_columns.room_name,
                GroupKey::Nothing => sheet_columns.room_type.or(sheet_columns.room_name),
            };
            Problem {
                rows: if g.rooms.len() > 1 {
                    g.rooms.iter().map(|r| r.row).collect()
                } else {
                    Vec::new()
                },
                ..Problem::cell(&first.sheet, first.row - 1, column, g.message(strict))
            }
        })
        .collect();
    if problems.len() > super::rows::MAX_PROBLEMS {
        let more = problems.len() - super::rows::MAX_PROBLEMS;
        let first_left_out = problems[super::rows::MAX_PROBLEMS].clone();
        problems.truncate(super::rows::MAX_PROBLEMS);
        problems.push(Problem {
            column: None,
            rows: Vec::new(),
            message: format!("{more} more unresolved room type(s) from this row on"),
            ..first_left_out
        });
    }
    problems
}

#[derive(Clone, PartialEq, Eq, Hash)]
enum GroupKey {
    /// A type the catalog does not know, as written.
    Type(String),
    /// A room whose name types nothing, by its name less its number.
    Name(String),
    /// A room with no type and no name.
    Nothing,
}

impl GroupKey {
    fn of(room: &Room) -> GroupKey {
        let unknown_type = matches!(
            room.resolution,
            Resolution::Unclassified {
                why: Untyped::Unknown,
                ..
            } | Resolution::Inferred {
                why: Untyped::Unknown,
                ..
            }
        );
        match (&room.type_given, unknown_type) {
            (Some(text), true) => GroupKey::Type(text.clone()),
            _ if room.name.trim().is_empty() => GroupKey::Nothing,
            _ => GroupKey::Name(name_less_number(&room.name)),
        }
    }
}

struct Group<'r> {
    key: GroupKey,
    rooms: Vec<&'r Room>,
}

impl Group<'_> {
    fn message(&self, strict: bool) -> String {
        let first = self.rooms[0];
        let closest = first
            .resolution
            .suggestion()
            .map(|s| format!(" (closest: {s})"))
            .unwrap_or_default();
        let what = match &self.key {
            GroupKey::Type(text) => format!("unknown room type '{text}'{closest}"),
            GroupKey::Name(short) => {
                let same = self.rooms.iter().all(|r| r.name == first.name);
                let names = if same {
                    format!("the room name '{}'", first.name)
                } else {
                    format!("the room names '{short} ...'")
                };
                let given = match (&first.type_given, &first.resolution) {
                    (Some(t), _) if self.rooms.iter().all(|r| r.type_given.as_ref() == Some(t)) => {
                        format!("the room type '{t}' does not say what the room is and ")
                    }
                    (
                        _,
                        Resolution::Unclassified {
                            why: Untyped::NoColumn,
                            ..
                        },
                    ) => "the list has no room type column and ".to_string(),
                    _ => "no room type is given and ".to_string(),
                };
                format!("{given}{names} names no catalog room type{closest}")
            }
            GroupKey::Nothing if first.type_given.is_none() => {
                "room type is blank and the room has no name".to_string()
            }
            GroupKey::Nothing => format!(
                "the room type '{}' does not say what the room is and the room has no name",
                first.type_given.as_deref().unwrap_or_default()
            ),
        };
        let how = if matches!(self.key, GroupKey::Nothing) {
            if strict {
                "give it a room type in the list; --strict accepts no unresolved room type"
                    .to_string()
            } else {
                "the room is unclassified, priced at $0; give it a room type in the list"
                    .to_string()
            }
        } else if strict {
            "resolve it with --types FILE (check --write-types FILE writes one) or add it to the catalog; --strict accepts no unresolved room type".to_string()
        } else {
            let inferred: Vec<&str> = self
                .rooms
                .iter()
                .filter(|r| r.resolution.is_inferred())
                .map(|r| r.room_type.as_str())
                .collect();
            let taken = match inferred.as_slice() {
                [] => "the room is unclassified, priced at $0".to_string(),
                [one, rest @ ..]
                    if rest.iter().all(|t| t == one) && inferred.len() == self.rooms.len() =>
                {
                    format!("taken as {one} from the room name, an assumption")
                }
                _ if inferred.len() == self.rooms.len() => {
                    "each room is typed from its name, an assumption".to_string()
                }
                _ => "typed from the room name where it names a type, else unclassified at $0"
                    .to_string(),
            };
            format!("{taken}; map it with --types FILE (check --write-types FILE writes one)")
        };
        format!("{what}; {how}")
    }
}
