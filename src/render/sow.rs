//! `scope-of-work.docx`: the narrative from the templates, with tables built from the Estimate.

use super::Templates;
use super::docx::kit::{
    self, base_document, bold_cell, bold_number_cell, cell, detail_rows, header_row, marker_row,
    number_cell, sized_header_row, small_cell, spliced_table, table as docx_table, widths,
};
use super::docx::markup::add_markup;
use super::docx::rows::{self, Cell, Splice};
use super::docx::{TEXT_WIDTH, clean, gantt, pack_with_splices};
use super::narrative::{parse_markup, sow_context};
use crate::devices::DeviceKind;
use crate::error::Error;
use crate::estimate::{Detail, Estimate};
use crate::money::{format_dollars, group_thousands};
use crate::package::Package;
use docx_rs::{Paragraph, Run, Table, TableRow};

/// The tables written as XML in place of a marker table (see `docx::rows::Splice`).
const XML_TABLES: [&str; 3] = ["milestones", "gantt", "raci"];
/// The tables whose body rows are written as XML after a header docx-rs builds.
const SPLICED_ROWS: [&str; 3] = ["rooms", "findings_gaps_risks", "excluded_spaces"];

pub fn render(package: &Package, templates: &Templates) -> Result<Vec<u8>, Error> {
    let estimate = &package.estimate;
    let schedule = &package.schedule;
    let markup = templates.render("scope-of-work.hbs", &sow_context(estimate, schedule))?;
    let blocks = parse_markup(&markup);
    let project_name = clean(&estimate.project_name());
    // A draft says so in every page's header and on the cover (issue 14).
    let title = if estimate.draft {
        "IT Scope of Work \u{2014} DRAFT"
    } else {
        "IT Scope of Work"
    };
    let mut doc = base_document(&project_name, title, estimate.project.revision.as_deref());

    doc = doc
        .add_paragraph(
            Paragraph::new()
                .style("Title")
                .add_run(Run::new().add_text("IT Scope of Work")),
        )
        .add_paragraph(
            Paragraph::new()
                .style("Subtitle")
                .add_run(Run::new().add_text(&project_name)),
        );
    if estimate.draft {
        doc = doc.add_paragraph(draft_mark(estimate));
    }

    doc = add_markup(doc, blocks, "scope-of-work.hbs", |name| {
        table(name, estimate)
    })?;
    pack_with_splices(
        doc,
        &[
            Splice::rows("rooms", room_rows_xml(estimate)),
            Splice::rows("findings", finding_rows_xml(estimate)),
            Splice::rows("excluded_spaces", excluded_rows_xml(estimate)),
            Splice::table("milestones", gantt::milestones_table(schedule)),
            Splice::table("gantt", gantt::gantt_table(schedule)),
            Splice::table("raci", gantt::raci_table(schedule) + &gantt::raci_legend()),
        ],
    )
}

fn table(name: &str, estimate: &Estimate) -> Option<Table> {
    if XML_TABLES.contains(&name) {
        let marker = TableRow::new(vec![small_cell(rows::marker(name), TEXT_WIDTH, false)]);
        return Some(spliced_table(vec![marker], &[TEXT_WIDTH]));
    }
    if SPLICED_ROWS.contains(&name) {
        let rows = match name {
            "rooms" => room_rows(estimate),
            "excluded_spaces" => excluded_rows(estimate),
            _ => finding_rows(estimate),
        };
        return Some(spliced_table(rows, &table_widths(name)));
    }
    let rows: Vec<TableRow> = match name {
        "project" => project_rows(estimate),
        "disciplines" => discipline_rows(estimate),
        "unresolved" => unresolved_rows(estimate),
        "telecom_rooms" => telecom_rows(estimate),
        "budget" => budget_rows(estimate),
        "approvals" => approval_rows(),
        _ => return None,
    };
    Some(docx_table(rows, &table_widths(name)))
}

fn table_widths(name: &str) -> Vec<usize> {
    match name {
        "project" => widths(&[3, 7]),
        "disciplines" => widths(&[3, 3, 2, 2, 2]),
        // Sized for 8 pt text, with room for a wider substitute font than Calibri: the counts and
        // "$124,598.50" stay on one line.
        "rooms" => vec![880, 1480, 1300, 820, 620, 540, 540, 800, 860, 900, 1340],
        "telecom_rooms" => widths(&[3, 2, 2, 2, 2, 2, 3]),
        "excluded_spaces" => widths(&[2, 4, 3, 2]),
        "unresolved" => widths(&[2, 3, 4, 3, 3]),
        "findings_gaps_risks" => widths(&[2, 2, 10]),
        "budget" => widths(&[6, 3]),
        "approvals" => widths(&[4, 4, 4, 2]),
        _ => Vec::new(),
    }
}

fn project_rows(estimate: &Estimate) -> Vec<TableRow> {
    let w = table_widths("project");
    let details = estimate.details(&[
        Detail::Project,
        Detail::Facility,
        Detail::Number,
        Detail::PreparedBy,
        Detail::GoLive,
        Detail::Revision,
        Detail::RoomList,
    ]);
    let mut rows = detail_rows(&details, &w);
    let money_row = |label: &str, amount| {
        TableRow::new(vec![
            bold_cell(label, w[0]),
            cell(format_dollars(amount), w[1]),
        ])
    };
    rows.push(money_row("Estimated total", estimate.totals.grand_total));
    if let Some(budget) = estimate.totals.approved_budget {
        rows.push(money_row("Approved IT budget", budget));
    }
    rows
}

fn discipline_rows(estimate: &Estimate) -> Vec<TableRow> {
    let w = table_widths("disciplines");
    let mut rows = vec![header_row(
        &["Discipline", "Bid package", "Material", "Labor", "Total"],
        &w,
    )];
    for d in estimate.disciplines.iter().filter(|d| !d.total.is_zero()) {
        rows.push(TableRow::new(vec![
            cell(&d.name, w[0]),
            cell(
                d.trade.clone().unwrap_or_else(|| "Internal IT".into()),
                w[1],
            ),
            number_cell(format_dollars(d.material), w[2]),
            number_cell(format_dollars(d.labor), w[3]),
            number_cell(format_dollars(d.total), w[4]),
        ]));
    }
    rows
}

/// The rooms table as docx-rs builds it: the header and a marker row, which `room_rows_xml`'s
/// rows replace once the document is packed.
fn room_rows(_estimate: &Estimate) -> Vec<TableRow> {
    let w = table_widths("rooms");
    vec![
        sized_header_row(
            &[
                "Room", "Name", "Type", "IDF", "Data", "APs", "PCs", "Phones", "Printers",
                "Displays", "Total",
            ],
            &w,
            14,
        ),
        marker_row("rooms", &w),
    ]
}

/// One row per room, written directly as WordprocessingML.
fn room_rows_xml(estimate: &Estimate) -> String {
    let w = table_widths("rooms");
    let mut xml = String::with_capacity(estimate.rooms.len() * 1500);
    for room in estimate.rooms_in_scope() {
        let counts: Vec<String> = DeviceKind::ALL
            .iter()
            .map(|k| room.counts[*k].to_string())
            .collect();
        let total = format_dollars(room.total);
        let mut cells = vec![
            Cell {
                text: &room.number,
                width: w[0],
                right: false,
            },
            Cell {
                text: &room.name,
                width: w[1],
                right: false,
            },
            Cell {
                text: &room.room_type,
                width: w[2],
                right: false,
            },
            Cell {
                text: room.idf.as_deref().unwrap_or(""),
                width: w[3],
                right: false,
            },
        ];
        cells.extend(counts.iter().enumerate().map(|(i, c)| Cell {
            text: c,
            width: w[4 + i],
            right: true,
        }));
        cells.push(Cell {
            text: &total,
            width: w[10],
            right: true,
        });
        match room_note(room) {
            Some(note) => {
                rows::push_row_kept(&mut xml, &cells);
                rows::push_note_row(&mut xml, w[0], w.len() - 1, w[1..].iter().sum(), &note);
            }
            None => rows::push_row(&mut xml, &cells),
        }
    }
    xml
}

/// What the room table says under a room: the list's notes, and which counts came from the
/// design model.
fn room_note(room: &crate::estimate::RoomEstimate) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(notes) = room
        .notes
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        parts.push(format!("Notes: {notes}"));
    }
    if !room.model_counts.is_empty() {
        let kinds: Vec<String> = room.model_counts.iter().map(|k| k.plural()).collect();
        parts.push(format!(
            "Counts from the design model: {}",
            kinds.join(", ")
        ));
    }
    (!parts.is_empty()).then(|| parts.join(". "))
}

/// The cover's DRAFT mark: what is unresolved and what that means for the figures.
fn draft_mark(estimate: &Estimate) -> Paragraph {
    let unresolved = estimate.rooms_unresolved().count();
    Paragraph::new()
        .add_run(
            Run::new()
                .bold()
                .size(28)
                .color("C00000")
                .add_text("DRAFT"),
        )
        .add_run(Run::new().color("C00000").add_text(format!(
            " \u{2014} {} an unresolved room type (listed under Unresolved Room Types); rooms no type resolved are priced at $0. Not for approval or bidding until they are resolved.",
            if unresolved == 1 {
                "1 room has".to_string()
            } else {
                format!("{unresolved} rooms have")
            }
        )))
}

/// Every room whose type is unresolved: number, name, the type as given, how it is priced now,
/// the catalog's suggestion.
fn unresolved_rows(estimate: &Estimate) -> Vec<TableRow> {
    let w = table_widths("unresolved");
    let mut rows = vec![header_row(
        &["Room", "Name", "Type as given", "Priced as", "Suggestion"],
        &w,
    )];
    rows.extend(estimate.rooms_unresolved().map(|r| {
        let priced = if r.resolution.is_unclassified() {
            "Unclassified ($0)".to_string()
        } else {
            format!("{} (from its name)", r.room_type)
        };
        TableRow::new(vec![
            cell(&r.number, w[0]),
            cell(&r.name, w[1]),
            cell(r.type_given.as_deref().unwrap_or("(none)"), w[2]),
            cell(priced, w[3]),
            cell(r.resolution.suggestion().unwrap_or(""), w[4]),
        ])
    }));
    rows
}

/// The spaces that carry no IT scope (room, name, type, floor), as docx-rs builds the table:
/// header and marker row (see `room_rows`); a campus has thousands.
fn excluded_rows(_estimate: &Estimate) -> Vec<TableRow> {
    let w = table_widths("excluded_spaces");
    vec![
        header_row(&["Room", "Name", "Type", "Floor"], &w),
        marker_row("excluded_spaces", &w),
    ]
}

fn excluded_rows_xml(estimate: &Estimate) -> String {
    let w = table_widths("excluded_spaces");
    let mut xml = String::new();
    for room in estimate.rooms_excluded() {
        let cells = [
            left(&room.number, w[0]),
            left(&room.name, w[1]),
            left(&room.room_type, w[2]),
            left(room.floor.as_deref().unwrap_or(""), w[3]),
        ];
        rows::push_row(&mut xml, &cells);
    }
    xml
}

fn telecom_rows(estimate: &Estimate) -> Vec<TableRow> {
    let w = table_widths("telecom_rooms");
    let mut rows = vec![header_row(
        &[
            "Telecom room",
            "Rooms served",
            "Ports",
            "With spare",
            "Switches",
            "Patch panels",
            "Total",
        ],
        &w,
    )];
    rows.extend(estimate.telecom_rooms.iter().map(|t| {
        TableRow::new(vec![
            cell(&t.name, w[0]),
            number_cell(t.rooms_served.to_string(), w[1]),
            number_cell(group_thousands(&t.ports.to_string()), w[2]),
            number_cell(group_thousands(&t.ports_with_spare.to_string()), w[3]),
            number_cell(t.switches.to_string(), w[4]),
            number_cell(t.patch_panels.to_string(), w[5]),
            number_cell(format_dollars(t.total), w[6]),
        ])
    }));
    rows
}

/// The gaps-and-risks table as docx-rs builds it: header and marker row (see `room_rows`).
fn finding_rows(_estimate: &Estimate) -> Vec<TableRow> {
    let w = table_widths("findings_gaps_risks");
    vec![
        header_row(&["Kind", "Room / IDF", "Finding"], &w),
        marker_row("findings", &w),
    ]
}

/// One row per risk, per other gap or check, and per room type's rooms that differ from its
/// standard the same way: a campus can have thousands of rooms.
fn finding_rows_xml(estimate: &Estimate) -> String {
    let w = table_widths("findings_gaps_risks");
    let mut xml = String::new();
    for group in estimate.gaps_and_risks() {
        let cells = [
            left(group.kind.label(), w[0]),
            left(&group.subject, w[1]),
            left(&group.message, w[2]),
        ];
        rows::push_row(&mut xml, &cells);
    }
    if xml.is_empty() {
        let cells = [
            left("None", w[0]),
            left("", w[1]),
            left("No gaps or risks were found in the room list.", w[2]),
        ];
        rows::push_row(&mut xml, &cells);
    }
    xml
}

/// A left-aligned cell of a spliced row.
fn left(text: &str, width: usize) -> Cell<'_> {
    Cell {
        text,
        width,
        right: false,
    }
}

fn budget_rows(estimate: &Estimate) -> Vec<TableRow> {
    let w = table_widths("budget");
    let mut rows = vec![header_row(&["Category", "Amount"], &w)];
    rows.extend(
        estimate
            .totals
            .by_category()
            .into_iter()
            .map(|(category, amount)| {
                let label = category.label();
                if category.is_headline() {
                    TableRow::new(vec![
                        bold_cell(label, w[0]),
                        bold_number_cell(format_dollars(amount), w[1]),
                    ])
                } else {
                    TableRow::new(vec![
                        cell(label, w[0]),
                        number_cell(format_dollars(amount), w[1]),
                    ])
                }
            }),
    );
    rows
}

fn approval_rows() -> Vec<TableRow> {
    kit::approval_rows(
        &[
            "IT Project Manager",
            "IT Director",
            "Clinical Leadership",
            "Construction Project Manager",
            "Finance / Capital Planning",
        ],
        &table_widths("approvals"),
    )
}
