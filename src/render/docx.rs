//! `scope-of-work.docx`: the narrative from the templates, with tables built from the Estimate.

use super::docx_kit::{
    base_document, bold_cell, bullet, cell, clean, header_row, number_cell, pack, page_break,
    paragraph, sized_header_row, small_cell, table as docx_table, widths,
};
use super::narrative::{Block, parse_markup};
use super::{RenderError, Templates};
use crate::devices::DeviceKind;
use crate::estimate::{Estimate, FindingKind};
use crate::money::{format_dollars, group_thousands};
use docx_rs::{Paragraph, Run, Table, TableOfContents, TableOfContentsItem, TableRow};

pub use super::docx_kit::FIXED_TIMESTAMP;

pub fn render(estimate: &Estimate, templates: &Templates) -> Result<Vec<u8>, RenderError> {
    let markup = templates.render("scope-of-work.hbs", estimate)?;
    let blocks = parse_markup(&markup);
    let project_name = clean(&super::project_name(estimate));
    let mut doc = base_document(
        &project_name,
        "IT Scope of Work",
        estimate.project.revision.as_deref(),
    );

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

    // Headings are numbered by hand (1., 1.1) and bookmarked, so the table of contents can list
    // them with page references that Word and LibreOffice resolve.
    let headings = number_headings(&blocks);
    let mut next_heading = 0;
    for block in blocks {
        doc = match block {
            Block::Heading(..) => {
                let (level, text, bookmark) = &headings[next_heading];
                let id = next_heading + 1;
                next_heading += 1;
                doc.add_paragraph(
                    Paragraph::new()
                        .style(&format!("Heading{level}"))
                        .keep_next(true)
                        .add_bookmark_start(id, bookmark)
                        .add_run(Run::new().add_text(text))
                        .add_bookmark_end(id),
                )
            }
            Block::Bullet(text) => doc.add_paragraph(bullet(&text)),
            Block::Paragraph(text) => doc.add_paragraph(paragraph(&text)),
            Block::Table(name) if name == "contents" => doc
                .add_paragraph(
                    Paragraph::new()
                        .style("TOCHeading")
                        .add_run(Run::new().add_text("Contents")),
                )
                .add_table_of_contents(contents(&headings))
                .add_paragraph(page_break()),
            Block::Table(name) => match table(&name, estimate) {
                Some(t) => doc.add_table(t).add_paragraph(Paragraph::new()),
                None => {
                    return Err(RenderError::Template {
                        name: "scope-of-work.hbs".into(),
                        message: format!("unknown table [[{name}]]"),
                    });
                }
            },
        };
    }
    pack(doc)
}

/// (level, numbered text, bookmark) for every heading, in order.
fn number_headings(blocks: &[Block]) -> Vec<(usize, String, String)> {
    let mut numbers = [0u32; 2];
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(level, text) => Some((usize::from((*level).clamp(1, 2)), text)),
            _ => None,
        })
        .enumerate()
        .map(|(i, (level, text))| {
            numbers[level - 1] += 1;
            if level == 1 {
                numbers[1] = 0;
            }
            let number = if level == 1 {
                format!("{}.", numbers[0])
            } else {
                format!("{}.{}", numbers[0], numbers[1])
            };
            (
                level,
                format!("{number} {}", clean(text)),
                format!("_Toc{:08}", i + 1),
            )
        })
        .collect()
}

/// The table of contents: filled in with every heading (so it reads right before any update),
/// each entry's page number a PAGEREF to the heading's bookmark. Pages are only known once a word
/// processor lays the document out, so the cached numbers are left blank rather than guessed: the
/// field is marked dirty (and the settings ask for an update) so Word fills them in on opening;
/// LibreOffice does on Tools > Update.
fn contents(headings: &[(usize, String, String)]) -> TableOfContents {
    let mut toc = TableOfContents::new()
        .heading_styles_range(1, 2)
        .dirty()
        .without_sdt();
    for (level, text, bookmark) in headings {
        toc = toc.add_item(
            TableOfContentsItem::new()
                .text(text)
                .level(*level)
                .toc_key(bookmark)
                .page_ref(""),
        );
    }
    toc
}

fn table(name: &str, estimate: &Estimate) -> Option<Table> {
    let rows: Vec<TableRow> = match name {
        "project" => project_rows(estimate),
        "disciplines" => discipline_rows(estimate),
        "rooms" => room_rows(estimate),
        "telecom_rooms" => telecom_rows(estimate),
        "findings_gaps_risks" => finding_rows(estimate),
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
        "telecom_rooms" => widths(&[3, 2, 2, 2, 2, 2]),
        "findings_gaps_risks" => widths(&[2, 2, 10]),
        "budget" => widths(&[6, 3]),
        "approvals" => widths(&[4, 4, 4, 2]),
        _ => Vec::new(),
    }
}

fn project_rows(estimate: &Estimate) -> Vec<TableRow> {
    let w = table_widths("project");
    let p = &estimate.project;
    let mut pairs: Vec<(&str, String)> = vec![
        ("Project", p.name.clone().unwrap_or_default()),
        ("Facility", p.facility.clone().unwrap_or_default()),
        ("Project number", p.number.clone().unwrap_or_default()),
        ("Prepared by", p.prepared_by.clone().unwrap_or_default()),
        (
            "Target go-live",
            p.target_go_live.clone().unwrap_or_default(),
        ),
        ("Revision", p.revision.clone().unwrap_or_default()),
        ("Room list", estimate.file.clone()),
        (
            "Estimated total",
            format_dollars(estimate.totals.grand_total),
        ),
    ];
    if let Some(budget) = estimate.totals.approved_budget {
        pairs.push(("Approved IT budget", format_dollars(budget)));
    }
    pairs
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| TableRow::new(vec![bold_cell(k, w[0]), cell(v, w[1])]))
        .collect()
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

fn room_rows(estimate: &Estimate) -> Vec<TableRow> {
    let w = table_widths("rooms");
    let mut rows = vec![sized_header_row(
        &[
            "Room", "Name", "Type", "IDF", "Data", "APs", "PCs", "Phones", "Printers", "Displays",
            "Total",
        ],
        &w,
        14,
    )];
    rows.extend(estimate.rooms.iter().map(|room| {
        let mut cells = vec![
            small_cell(&room.number, w[0], false),
            small_cell(&room.name, w[1], false),
            small_cell(&room.room_type, w[2], false),
            small_cell(room.idf.clone().unwrap_or_default(), w[3], false),
        ];
        cells.extend(
            DeviceKind::ALL
                .iter()
                .enumerate()
                .map(|(i, kind)| small_cell(room.counts[*kind].to_string(), w[4 + i], true)),
        );
        cells.push(small_cell(format_dollars(room.total), w[10], true));
        TableRow::new(cells)
    }));
    rows
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
        ])
    }));
    rows
}

fn finding_rows(estimate: &Estimate) -> Vec<TableRow> {
    let w = table_widths("findings_gaps_risks");
    let mut rows = vec![header_row(&["Kind", "Room / IDF", "Finding"], &w)];
    let relevant = estimate.findings.iter().filter(|f| {
        matches!(
            f.kind,
            FindingKind::Risk | FindingKind::Gap | FindingKind::Check
        )
    });
    let mut any = false;
    for f in relevant {
        any = true;
        rows.push(TableRow::new(vec![
            cell(f.kind.label(), w[0]),
            cell(f.subject.clone().unwrap_or_else(|| "Project".into()), w[1]),
            cell(&f.message, w[2]),
        ]));
    }
    if !any {
        rows.push(TableRow::new(vec![
            cell("None", w[0]),
            cell("", w[1]),
            cell("No gaps or risks were found in the room list.", w[2]),
        ]));
    }
    rows
}

fn budget_rows(estimate: &Estimate) -> Vec<TableRow> {
    let w = table_widths("budget");
    let t = &estimate.totals;
    let mut lines = vec![
        ("Material", t.material),
        ("Labor", t.labor),
        ("Project management", t.project_management),
        ("Sales tax on material", t.tax),
        ("Contingency", t.contingency),
        ("Grand total", t.grand_total),
    ];
    if let (Some(budget), Some(variance)) = (t.approved_budget, t.variance) {
        lines.push(("Approved IT budget", budget));
        lines.push(("Variance (budget − estimate)", variance));
    }
    let mut rows = vec![header_row(&["Category", "Amount"], &w)];
    rows.extend(lines.into_iter().map(|(label, amount)| {
        TableRow::new(vec![
            cell(label, w[0]),
            number_cell(format_dollars(amount), w[1]),
        ])
    }));
    rows
}

fn approval_rows() -> Vec<TableRow> {
    let w = table_widths("approvals");
    let mut rows = vec![header_row(&["Role", "Name", "Signature", "Date"], &w)];
    for role in [
        "IT Project Manager",
        "IT Director",
        "Clinical Leadership",
        "Construction Project Manager",
        "Finance / Capital Planning",
    ] {
        rows.push(
            TableRow::new(vec![
                cell(role, w[0]),
                cell("", w[1]),
                cell("", w[2]),
                cell("", w[3]),
            ])
            .row_height(560.0),
        );
    }
    rows
}
