//! `scope-of-work.docx`: the narrative from the templates, with tables built from the Estimate.

use super::narrative::{Block, parse_markup};
use super::{RenderError, Templates};
use crate::devices::DeviceKind;
use crate::estimate::{Estimate, FindingKind};
use crate::money::{format_dollars, group_thousands};
use docx_rs::{
    AlignmentType, Docx, Footer, Header, PageMargin, PageNum, Paragraph, Run, RunFonts, Shading,
    ShdType, Style, StyleType, Table, TableCell, TableRow, WidthType,
};

/// A fixed date for the document's properties, so the same input gives the same bytes.
pub const FIXED_TIMESTAMP: &str = "2026-01-01T00:00:00Z";

const HEADER_FILL: &str = "1F3864";
/// Usable page width in twentieths of a point (US Letter, 0.75 in margins).
const TEXT_WIDTH: usize = 10_080;

pub fn render(estimate: &Estimate, templates: &Templates) -> Result<Vec<u8>, RenderError> {
    let markup = templates.render("scope-of-work.hbs", estimate)?;
    let project_name = estimate
        .project
        .name
        .clone()
        .unwrap_or_else(|| "IT Scope of Work".to_string());
    let mut doc = base_document(&project_name, estimate.project.revision.as_deref());

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

    let mut heading_numbers = [0u32; 2];
    for block in parse_markup(&markup) {
        doc = match block {
            Block::Heading(level, text) => {
                let level = usize::from(level.clamp(1, 2));
                heading_numbers[level - 1] += 1;
                if level == 1 {
                    heading_numbers[1] = 0;
                }
                let number = if level == 1 {
                    format!("{}.", heading_numbers[0])
                } else {
                    format!("{}.{}", heading_numbers[0], heading_numbers[1])
                };
                doc.add_paragraph(
                    Paragraph::new()
                        .style(&format!("Heading{level}"))
                        .add_run(Run::new().add_text(format!("{number} {text}"))),
                )
            }
            Block::Bullet(text) => doc.add_paragraph(
                Paragraph::new()
                    .style("ListParagraph")
                    .add_run(Run::new().add_text(format!("\u{2022}  {text}"))),
            ),
            Block::Paragraph(text) => {
                doc.add_paragraph(Paragraph::new().add_run(Run::new().add_text(text)))
            }
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

    let mut bytes = Vec::new();
    doc.build()
        .pack(std::io::Cursor::new(&mut bytes))
        .map_err(|e| RenderError::Docx(e.to_string()))?;
    Ok(bytes)
}

fn base_document(project_name: &str, revision: Option<&str>) -> Docx {
    let header_text = match revision {
        Some(rev) => format!("{project_name} \u{2014} IT Scope of Work \u{2014} {rev}"),
        None => format!("{project_name} \u{2014} IT Scope of Work"),
    };
    let header = Header::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Right)
            .add_run(Run::new().size(16).color("595959").add_text(header_text)),
    );
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(Run::new().size(16).color("595959").add_text("Page "))
            .add_page_num(PageNum::new()),
    );
    Docx::new()
        .created_at(FIXED_TIMESTAMP)
        .updated_at(FIXED_TIMESTAMP)
        .page_size(12_240, 15_840)
        .page_margin(
            PageMargin::new()
                .top(1080)
                .bottom(1080)
                .left(1080)
                .right(1080)
                .header(540)
                .footer(540),
        )
        .default_fonts(
            RunFonts::new()
                .ascii("Calibri")
                .hi_ansi("Calibri")
                .east_asia("Calibri")
                .cs("Calibri"),
        )
        .default_size(21)
        .header(header)
        .footer(footer)
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .size(52)
                .bold()
                .color("1F3864"),
        )
        .add_style(
            Style::new("Subtitle", StyleType::Paragraph)
                .name("Subtitle")
                .size(32)
                .color("404040"),
        )
        .add_style(
            Style::new("Heading1", StyleType::Paragraph)
                .name("heading 1")
                .size(30)
                .bold()
                .color("1F3864")
                .outline_lvl(0),
        )
        .add_style(
            Style::new("Heading2", StyleType::Paragraph)
                .name("heading 2")
                .size(24)
                .bold()
                .color("2F5496")
                .outline_lvl(1),
        )
        .add_style(
            Style::new("ListParagraph", StyleType::Paragraph)
                .name("List Paragraph")
                .indent(
                    Some(360),
                    Some(docx_rs::SpecialIndentType::Hanging(240)),
                    None,
                    None,
                ),
        )
}

fn cell(text: impl Into<String>, width: usize) -> TableCell {
    TableCell::new()
        .width(width, WidthType::Dxa)
        .add_paragraph(Paragraph::new().add_run(Run::new().size(18).add_text(text.into())))
}

fn number_cell(text: impl Into<String>, width: usize) -> TableCell {
    TableCell::new().width(width, WidthType::Dxa).add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Right)
            .add_run(Run::new().size(18).add_text(text.into())),
    )
}

fn header_row(titles: &[&str], widths: &[usize]) -> TableRow {
    TableRow::new(
        titles
            .iter()
            .zip(widths)
            .map(|(title, width)| {
                TableCell::new()
                    .width(*width, WidthType::Dxa)
                    .shading(Shading::new().shd_type(ShdType::Clear).fill(HEADER_FILL))
                    .add_paragraph(
                        Paragraph::new()
                            .add_run(Run::new().size(18).bold().color("FFFFFF").add_text(*title)),
                    )
            })
            .collect(),
    )
}

fn grid(widths: &[usize]) -> Vec<usize> {
    widths.to_vec()
}

/// Widths proportional to `weights`, filling the text width.
fn widths(weights: &[usize]) -> Vec<usize> {
    let sum: usize = weights.iter().sum();
    weights.iter().map(|w| w * TEXT_WIDTH / sum).collect()
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
    let w = table_widths(name);
    Some(
        Table::new(rows)
            .set_grid(grid(&w))
            .width(TEXT_WIDTH, WidthType::Dxa),
    )
}

fn table_widths(name: &str) -> Vec<usize> {
    match name {
        "project" => widths(&[3, 7]),
        "disciplines" => widths(&[3, 3, 2, 2, 2]),
        "rooms" => widths(&[12, 22, 16, 10, 6, 6, 6, 6, 6, 6, 13]),
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
        .map(|(k, v)| {
            TableRow::new(vec![
                TableCell::new().width(w[0], WidthType::Dxa).add_paragraph(
                    Paragraph::new().add_run(Run::new().size(18).bold().add_text(k)),
                ),
                cell(v, w[1]),
            ])
        })
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
    let mut rows = vec![header_row(
        &[
            "Room", "Name", "Type", "IDF", "Data", "APs", "PCs", "Phones", "Printers", "Displays",
            "Total",
        ],
        &w,
    )];
    rows.extend(estimate.rooms.iter().map(|room| {
        let mut cells = vec![
            cell(&room.number, w[0]),
            cell(&room.name, w[1]),
            cell(&room.room_type, w[2]),
            cell(room.idf.clone().unwrap_or_default(), w[3]),
        ];
        cells.extend(
            DeviceKind::ALL
                .iter()
                .enumerate()
                .map(|(i, kind)| number_cell(room.counts[*kind].to_string(), w[4 + i])),
        );
        cells.push(number_cell(format_dollars(room.total), w[10]));
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
