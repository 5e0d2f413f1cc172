//! Reading room lists: any supported format, any reasonable layout, every problem located.

mod cell;
mod cobie;
mod csv;
mod device_schedule;
mod device_words;
mod fill_down;
mod floor_sheet;
mod header;
mod ods;
mod project;
mod room_text;
mod rows;
mod sheet;
mod sniff;
mod split_header;
mod workbook;
mod xls_guard;
mod xls_stray;
// Issue 14: types resolved over the whole list, COBie components, owner templates, titles.
mod cobie_components;
mod resolve;
mod template;
mod title;

use crate::room_list::{BlankCounts, ProjectInfo, Rejected, Room, RoomList, SheetSummary};

use crate::catalog::Catalog;
use crate::error::Error;
use crate::field::Field;
use crate::problem::Problem;
use header::Header;
use sheet::RawSheet;
use std::collections::HashMap;
use std::path::Path;

/// What the reader may be told beyond the catalog.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Extra header words (`--map "HEADER=field"`).
    pub columns: Vec<(String, Field)>,
    /// Project details that override the file's `Project` sheet (`--project FILE`).
    pub project: Option<ProjectInfo>,
    /// Room-type texts → catalog types (`--types FILE`), over the catalog's own `[types]`.
    pub types: crate::type_map::TypeMap,
    /// Unresolved room types are errors, not a draft (`--strict`).
    pub strict: bool,
}

fn rejected(list: RoomList, errors: Vec<Problem>) -> Error {
    Error::Rejected(Box::new(Rejected { list, errors }))
}

/// Files larger than this are refused unread: a room list is a few MB at most.
pub const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;

/// Read a room list from a file.
pub fn read(path: &Path, catalog: &Catalog, options: &ReadOptions) -> Result<RoomList, Error> {
    let io_error = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file = std::fs::File::open(path).map_err(io_error)?;
    let mut bytes = Vec::new();
    // Read one byte past the limit rather than trusting the size the file system reports.
    std::io::Read::read_to_end(
        &mut std::io::Read::take(file, MAX_FILE_BYTES + 1),
        &mut bytes,
    )
    .map_err(io_error)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let list = RoomList {
            file: name,
            ..RoomList::default()
        };
        return Err(rejected(
            list,
            vec![Problem::file(format!(
                "the file is larger than {} MB, more than any room list; it was not read",
                MAX_FILE_BYTES / (1024 * 1024)
            ))],
        ));
    }
    read_bytes(&name, &bytes, catalog, options)
}

/// Read a room list from bytes; `file` is the name shown in reports. Never panics.
pub fn read_bytes(
    file: &str,
    bytes: &[u8],
    catalog: &Catalog,
    options: &ReadOptions,
) -> Result<RoomList, Error> {
    let mut reading = Reading {
        list: RoomList {
            file: file.to_string(),
            ..RoomList::default()
        },
        errors: Vec::new(),
        project: None,
        columns: HashMap::new(),
        title: None,
    };
    let sheets = match sniff::sniff(bytes)
        .and_then(|format| workbook::load(bytes, format, &mut reading.list.warnings))
    {
        Ok(sheets) => sheets,
        Err(problem) => return Err(rejected(reading.list, vec![problem])),
    };
    let vocabulary = header::Vocabulary::new(catalog, &options.columns);
    // A COBie workbook is read from its Space sheet; its other sheets are COBie's own.
    let facility = cobie::is_cobie(&sheets).then(|| cobie::read_facility(&sheets));
    if let Some(facility) = &facility {
        reading.project = Some(facility.project.clone()).filter(|p| p.name.is_some());
        // Hardening (issue 13): the Facility sheet's texts are held to a project file's limits.
        if let Err((key, message)) = facility.project.check_limits() {
            let message = format!("project {}: {message}", key.replace('_', " "));
            reading.errors.push(Problem::sheet("Facility", message));
        }
    }
    let headers = match &facility {
        Some(_) => Vec::new(),
        None => room_sheet_headers(&sheets, &vocabulary, &mut reading.list.warnings),
    };
    for (i, sheet) in sheets.iter().enumerate() {
        if reading.errors.len() > rows::MAX_PROBLEMS {
            // The sheet that went past the limit said so; the rest are left unchecked.
            break;
        }
        match (&facility, headers.get(i)) {
            (Some(facility), _) => reading.cobie_sheet(sheet, facility),
            (None, Some(SheetRole::Rooms(header))) => reading.sheet(sheet, Some(header)),
            (None, Some(SheetRole::SetAside)) => {}
            (None, _) => reading.sheet(sheet, None),
        }
    }
    if let Some(facility) = &facility {
        cobie::place_in_zones(&sheets, &mut reading.list.rooms);
        let too_many = cobie_components::count_devices(&sheets, &mut reading.list);
        reading.errors.extend(too_many);
        if reading.project.is_none() {
            reading.project = Some(facility.project.clone());
        }
    }
    let types = crate::type_map::TypeMap::for_catalog(catalog, &options.types);
    let unresolved = resolve::resolve(
        &mut reading.list,
        &reading.columns,
        catalog,
        &types,
        options.strict,
    );
    reading.errors.extend(unresolved);
    reading.finish(&sheets, options, catalog)
}

/// What a sheet of a hand-made list is.
enum SheetRole {
    /// It holds rooms under this header.
    Rooms(Header),
    /// It has a header but is not the room list (named in a warning already).
    SetAside,
    /// No header: a Project sheet, or a legend or notes sheet.
    Other,
}

/// Each sheet's role. Reference sheets (mappings, picklists) hold no rooms; where a sheet's
/// name says it holds the room or space data, sheets of another layout are left out; each sheet
/// set aside is named in a warning.
fn room_sheet_headers(
    sheets: &[RawSheet],
    vocabulary: &header::Vocabulary,
    warnings: &mut Vec<Problem>,
) -> Vec<SheetRole> {
    let mut headers: Vec<SheetRole> = sheets
        .iter()
        .map(|sheet| match header::find_header(sheet, vocabulary) {
            None => SheetRole::Other,
            Some(_) if template::is_reference_sheet(&sheet.name) => {
                warnings.push(Problem::sheet(
                    &sheet.name,
                    "a reference sheet (mappings, picklists, lookups), not a room list; sheet skipped",
                ));
                SheetRole::SetAside
            }
            Some(header) => SheetRole::Rooms(header),
        })
        .collect();
    let fields = |h: &Header| {
        let mut f: Vec<String> = h.columns.iter().map(|(_, f)| format!("{f:?}")).collect();
        f.sort();
        f
    };
    let preferred = sheets.iter().zip(&headers).find_map(|(s, h)| match h {
        SheetRole::Rooms(h) if template::says_room_data(&s.name) => {
            Some((s.name.clone(), fields(h)))
        }
        _ => None,
    });
    if let Some((name, wanted)) = preferred {
        for (sheet, role) in sheets.iter().zip(headers.iter_mut()) {
            if matches!(role, SheetRole::Rooms(h) if fields(h) != wanted) {
                *role = SheetRole::SetAside;
                warnings.push(Problem::sheet(
                    &sheet.name,
                    format!(
                        "its columns differ from sheet {name}'s, which holds the room data; sheet skipped"
                    ),
                ));
            }
        }
    }
    headers
}

/// A room list being read: what was read so far and the problems found.
struct Reading {
    list: RoomList,
    errors: Vec<Problem>,
    /// Project details from a Project sheet or a COBie Facility sheet.
    project: Option<ProjectInfo>,
    /// Where each sheet keeps its room types and names, for the resolution's messages.
    columns: HashMap<String, resolve::SheetColumns>,
    /// A title above the first header: (sheet, 0-based row, text).
    title: Option<(String, u32, String)>,
}

impl Reading {
    /// A sheet of a hand-made list: its header, else a Project sheet, else skipped with a warning.
    fn sheet(&mut self, sheet: &RawSheet, header: Option<&Header>) {
        if let Some(header) = header {
            if self.title.is_none()
                && let Some((row, text)) = title::title_above(sheet, header.position)
            {
                self.title = Some((sheet.name.clone(), row, text));
            }
            self.rooms_under(sheet, header, None);
            return;
        }

        if self.project.is_none()
            && let Some(info) = project::read_project_sheet(sheet)
        {
            // Hardening (issue 13): a budget past its maximum is an error, never dropped.
            if let Err((key, message)) = info.check_limits() {
                let message = format!("project {}: {message}", key.replace('_', " "));
                self.errors.push(Problem::sheet(&sheet.name, message));
            }
            self.project = Some(info);
            return;
        }
        if !sheet.rows.is_empty() {
            self.list.warnings.push(Problem::sheet(
                &sheet.name,
                "no header row with a room number column; sheet skipped",
            ));
        }
    }

    /// A sheet of a COBie workbook: only the Space sheet holds rooms.
    fn cobie_sheet(&mut self, sheet: &RawSheet, facility: &cobie::Facility) {
        if !cobie::is_space_sheet(sheet) {
            return;
        }
        match cobie::space_header(sheet) {
            Some(mut header) => {
                header.area_metric = facility.area_metric;
                self.rooms_under(sheet, &header, facility.area_units.as_deref());
            }
            None => self.errors.push(Problem::sheet(
                &sheet.name,
                "the COBie Space sheet has no header row with Name and Category columns",
            )),
        }
    }

    /// The rooms under a header row (added up first where the sheet lists devices one per
    /// row), with the warnings its columns deserve.
    fn rooms_under(&mut self, sheet: &RawSheet, header: &Header, area_units: Option<&str>) {
        match device_schedule::pivot(sheet, header) {
            Some(pivoted) => {
                self.list.warnings.extend(pivoted.warnings);
                self.errors.extend(pivoted.errors);
                self.rooms_of(&pivoted.sheet, &pivoted.header, area_units);
            }
            None => self.rooms_of(sheet, header, area_units),
        }
    }

    fn rooms_of(&mut self, sheet: &RawSheet, header: &Header, area_units: Option<&str>) {
        self.header_warnings(sheet, header);
        self.columns.insert(
            sheet.name.clone(),
            resolve::SheetColumns {
                room_type: header.column(Field::RoomType),
                room_name: header.column(Field::RoomName),
            },
        );
        let summary = |rooms| SheetSummary {
            name: sheet.name.clone(),
            header_row: header.row + 1,
            rooms,
        };
        if header.column(Field::RoomType).is_none() && header.column(Field::RoomName).is_none() {
            self.errors.push(Problem::cell(
                &sheet.name,
                header.row,
                None,
                "no room type column and no room name column: every room needs a type from the catalog \
                 (name the column 'Room Type', or map yours with --map \"HEADER=room_type\"); \
                 with a room name column the type is inferred from each name",
            ));
            self.list.sheets.push(summary(0));
            return;
        }
        let room_for_errors = rows::MAX_PROBLEMS.saturating_sub(self.errors.len());
        let mut read = rows::read_rooms(sheet, header, room_for_errors);
        let grouped = fill_down::fill_down(&sheet.name, header, &mut read.rooms);
        self.list.warnings.extend(grouped);
        if header.column(Field::Floor).is_none()
            && !read.rooms.is_empty()
            && let Some(floor) = floor_sheet::floor_of_sheet(&sheet.name)
        {
            for room in &mut read.rooms {
                room.floor = Some(floor.clone());
            }
            self.list.warnings.push(Problem::sheet(
                &sheet.name,
                format!("no floor column: the sheet's name '{floor}' is taken as its rooms' floor"),
            ));
        }
        if header.area_metric && read.rooms.iter().any(|r| r.area_sf.is_some()) {
            let units = area_units
                .map(|u| format!("in {u} (the Facility sheet's AreaUnits)"))
                .unwrap_or_else(|| "in square metres".to_string());
            self.list.warnings.push(Problem::cell(
                &sheet.name,
                header.row,
                header.column(Field::Area),
                format!("areas are {units}; converted to square feet (1 m² = 10.764 sq ft)"),
            ));
        }
        if read.rooms.is_empty() && read.errors.is_empty() {
            self.errors.push(Problem::cell(
                &sheet.name,
                header.row,
                None,
                "the header has no data rows under it",
            ));
        }
        self.list.sheets.push(summary(read.rooms.len()));
        self.list.rooms.extend(read.rooms);
        self.errors.extend(read.errors);
        self.list.warnings.extend(read.warnings);
    }

    /// What the header row leaves unread or reads by guess, in column order.
    fn header_warnings(&mut self, sheet: &RawSheet, header: &Header) {
        let unknown = header.unknown.iter().map(|(col, text)| {
            (
                *col,
                format!("column '{text}' is not a known field; ignored"),
            )
        });
        let by_words = header.by_words.iter().map(|(col, text)| {
            let field = header
                .columns
                .iter()
                .find(|(c, _)| c == col)
                .map_or("", |(_, f)| f.key());
            let message = format!(
                "column '{text}' is read as {field} from its words; if it is not, give its field with --map \"{text}=FIELD\""
            );
            (*col, message)
        });
        let duplicates = header.duplicates.iter().map(|(col, text)| {
            let message =
                format!("column '{text}' repeats a field an earlier column already gives; ignored");
            (*col, message)
        });
        let mut messages: Vec<(u32, String)> = unknown.chain(by_words).chain(duplicates).collect();
        messages.sort_by_key(|(col, _)| *col);
        for (col, message) in messages {
            self.list
                .warnings
                .push(Problem::cell(&sheet.name, header.row, Some(col), message));
        }
    }

    /// The checks over the whole list, the problems in sheet order, and the project's details.
    fn finish(
        mut self,
        sheets: &[RawSheet],
        options: &ReadOptions,
        catalog: &Catalog,
    ) -> Result<RoomList, Error> {
        if self.list.sheets.is_empty() {
            self.errors.push(Problem::file(
                "no sheet has a header row with a room number column",
            ));
        }
        let room_for_errors = rows::MAX_PROBLEMS.saturating_sub(self.errors.len()).max(1);
        let duplicates = duplicate_rooms(&self.list.rooms);
        if duplicates.len() > room_for_errors {
            let more = duplicates.len() - room_for_errors;
            let first_left_out = duplicates[room_for_errors].clone();
            self.errors
                .extend(duplicates.into_iter().take(room_for_errors));
            self.errors.push(Problem {
                column: None,
                message: format!(
                    "{} used twice from this row on",
                    crate::text::counted(more, "room number")
                ),
                ..first_left_out
            });
        } else {
            self.errors.extend(duplicates);
        }
        // Hardening (issue 13): past the room limit the whole list is refused, never cut short.
        if self.list.rooms.len() > crate::limits::MAX_ROOMS {
            self.errors.push(Problem::file(format!(
                "the list has {} rooms, more than the {} that one package can hold (split it into \
                 smaller lists, by building or phase)",
                self.list.rooms.len(),
                crate::limits::MAX_ROOMS
            )));
        }
        let lines = crate::estimate::line_items_bound(&self.list.rooms, catalog);
        if lines > crate::estimate::MAX_LINE_ITEMS {
            self.errors.push(Problem::file(format!(
                "the list would make up to {lines} line items with this catalog, more than the {} \
                 one package may have (split the list, or give room types fewer parts)",
                crate::estimate::MAX_LINE_ITEMS
            )));
        }
        sort_in_sheet_order(&mut self.errors, sheets);
        self.list.project = self.project.unwrap_or_default();
        if let Some(project) = &options.project {
            self.list.project = self.list.project.overridden_by(project.clone());
        } else if self.list.project.name.is_none() && !self.list.rooms.is_empty() {
            // Issue 14: a name from the list itself, said to be a stand-in.
            match self.title {
                Some((sheet, row, text)) => {
                    self.list
                        .warnings
                        .push(title::named_from_title(&sheet, row, &text));
                    self.list.project.name = Some(text);
                }
                None => self
                    .list
                    .warnings
                    .push(title::named_from_file(&self.list.file)),
            }
        }
        if self.errors.is_empty() {
            Ok(self.list)
        } else {
            Err(rejected(self.list, self.errors))
        }
    }
}

/// Problems in the order a reader meets them: by sheet, row, then column.
fn sort_in_sheet_order(problems: &mut [Problem], sheets: &[RawSheet]) {
    let order: HashMap<&str, usize> = sheets
        .iter()
        .enumerate()
        .map(|(i, s)| (s.name.as_str(), i))
        .collect();
    problems.sort_by_key(|p| {
        (
            p.sheet.as_deref().and_then(|s| order.get(s).copied()),
            p.row,
            p.column.as_ref().map(|c| (c.len(), c.clone())),
        )
    });
}

/// A room number used twice is an error at its second use.
fn duplicate_rooms(rooms: &[Room]) -> Vec<Problem> {
    let mut first_use: HashMap<String, &Room> = HashMap::with_capacity(rooms.len());
    let mut problems = Vec::new();
    for room in rooms {
        let key = room.number.trim().to_uppercase();
        match first_use.get(&key) {
            Some(first) => {
                let place = if first.sheet == room.sheet {
                    format!("row {}", first.row)
                } else {
                    format!("sheet {}, row {}", first.sheet, first.row)
                };
                problems.push(Problem {
                    sheet: Some(room.sheet.clone()),
                    row: Some(room.row),
                    column: None,
                    message: format!("room number already used on {place}"),
                    rows: Vec::new(),
                });
            }
            None => {
                first_use.insert(key, room);
            }
        }
    }
    problems
}
