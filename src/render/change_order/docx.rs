//! `change-order.docx`: what changed between the revisions, what it costs, and who approves it.

use crate::diff::ChangeOrder;
use crate::money::format_dollars;
use crate::render::RenderError;
use docx_rs::{
    AlignmentType, Docx, Footer, PageMargin, PageNum, Paragraph, Run, RunFonts, Shading, ShdType,
    Style, StyleType, Table, TableCell, TableRow, WidthType,
};
use rust_decimal::Decimal;
use serde_json::Value;

const TEXT_WIDTH: usize = 10_080;
const HEADER_FILL: &str = "1F3864";
const FIXED_TIMESTAMP: &str = "2026-01-01T00:00:00Z";

pub fn render(order: &ChangeOrder) -> Result<Vec<u8>, RenderError> {
    let project = order
        .project
        .name
        .clone()
        .unwrap_or_else(|| "IT Scope of Work".into());
    let mut doc = Docx::new()
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
                .cs("Calibri")
                .east_asia("Calibri"),
        )
        .default_size(21)
        .footer(
            Footer::new().add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .add_run(
                        Run::new()
                            .size(16)
                            .add_text(format!("{project} \u{2014} Change Order \u{2014} Page ")),
                    )
                    .add_page_num(PageNum::new()),
            ),
        )
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .size(48)
                .bold()
                .color("1F3864"),
        )
        .add_style(
            Style::new("Heading1", StyleType::Paragraph)
                .name("heading 1")
                .size(28)
                .bold()
                .color("1F3864")
                .outline_lvl(0),
        );

    let para = |text: String| Paragraph::new().add_run(Run::new().add_text(text));
    let heading = |text: &str| {
        Paragraph::new()
            .style("Heading1")
            .add_run(Run::new().add_text(text))
    };

    doc = doc
        .add_paragraph(
            Paragraph::new()
                .style("Title")
                .add_run(Run::new().add_text("IT Change Order")),
        )
        .add_paragraph(para(project.clone()))
        .add_paragraph(para(format!("Previous revision: {}", order.old_file)))
        .add_paragraph(para(format!("New revision: {}", order.new_file)));

    doc = doc.add_paragraph(heading("1. Summary"));
    let direction = if order.cost_delta.is_sign_negative() && !order.cost_delta.is_zero() {
        "reduces"
    } else {
        "increases"
    };
    let summary = if order.is_empty() {
        "The two revisions list the same rooms with the same types and device counts; this change order has no cost.".to_string()
    } else {
        format!(
            "The new revision adds {} room(s), removes {} and changes {}. It {} the IT estimate by {}, from {} to {}, including telecom-room equipment, project management, sales tax and contingency.",
            order.added.len(),
            order.removed.len(),
            order.changed.len(),
            direction,
            format_dollars(order.cost_delta.abs()),
            format_dollars(order.old_total),
            format_dollars(order.new_total)
        )
    };
    doc = doc.add_paragraph(para(summary));

    doc = doc.add_paragraph(heading("2. Changes by Room"));
    let widths = [1600, 2600, 4280, 1600];
    let mut rows = vec![header_row(&["Room", "Change", "Details", "Cost"], &widths)];
    for room in &order.added {
        rows.push(row(
            &widths,
            [
                &room.room,
                "Added",
                &format!("{} ({})", room.name, room.room_type),
                &format_dollars(room.cost_delta),
            ],
        ));
    }
    for room in &order.removed {
        rows.push(row(
            &widths,
            [
                &room.room,
                "Removed",
                &format!("{} ({})", room.name, room.room_type),
                &format_dollars(room.cost_delta),
            ],
        ));
    }
    for room in &order.changed {
        let details: Vec<String> = room
            .fields
            .iter()
            .map(|(field, values)| describe(field, values))
            .collect();
        rows.push(row(
            &widths,
            [
                &room.room,
                "Changed",
                &details.join("; "),
                &format_dollars(room.cost_delta),
            ],
        ));
    }
    if rows.len() == 1 {
        rows.push(row(
            &widths,
            [
                "",
                "None",
                "No rooms were added, removed or changed.",
                "$0.00",
            ],
        ));
    }
    doc = doc
        .add_table(table(rows, &widths))
        .add_paragraph(Paragraph::new());

    doc = doc.add_paragraph(heading("3. Cost Summary"));
    let widths = [4680, 1800, 1800, 1800];
    let mut rows = vec![header_row(&["Item", "Previous", "New", "Change"], &widths)];
    let lines_old: Decimal = order.lines.iter().map(|l| l.old_total).sum();
    let lines_new: Decimal = order.lines.iter().map(|l| l.new_total).sum();
    rows.push(money_row(
        &widths,
        "Changed line items (material and labor)",
        lines_old,
        lines_new,
    ));
    for p in &order.project_lines {
        rows.push(money_row(&widths, &p.label, p.old, p.new));
    }
    rows.push(money_row(
        &widths,
        "Project total",
        order.old_total,
        order.new_total,
    ));
    doc = doc
        .add_table(table(rows, &widths))
        .add_paragraph(Paragraph::new());
    doc = doc.add_paragraph(para(
        "The line-by-line changes are in change-order.xlsx. Prices come from the same catalog as the scope of work.".into(),
    ));

    doc = doc.add_paragraph(heading("4. Approvals"));
    let widths = [3200, 2800, 2800, 1280];
    let mut rows = vec![header_row(&["Role", "Name", "Signature", "Date"], &widths)];
    for role in [
        "IT Project Manager",
        "IT Director",
        "Construction Project Manager",
        "Finance / Capital Planning",
    ] {
        rows.push(row(&widths, [role, "", "", ""]).row_height(560.0));
    }
    doc = doc.add_table(table(rows, &widths));

    let mut bytes = Vec::new();
    doc.build()
        .pack(std::io::Cursor::new(&mut bytes))
        .map_err(|e| RenderError::Docx(e.to_string()))?;
    Ok(bytes)
}

fn describe(field: &str, values: &Value) -> String {
    let show = |v: &Value| match v {
        Value::Null => "none".to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let label = crate::devices::DeviceKind::from_key(field)
        .map(|k| k.label().to_lowercase())
        .unwrap_or_else(|| field.replace('_', " "));
    format!("{label} {} \u{2192} {}", show(&values[0]), show(&values[1]))
}

fn cell(text: &str, width: usize, right: bool) -> TableCell {
    let paragraph = Paragraph::new().add_run(Run::new().size(18).add_text(text));
    let paragraph = if right {
        paragraph.align(AlignmentType::Right)
    } else {
        paragraph
    };
    TableCell::new()
        .width(width, WidthType::Dxa)
        .add_paragraph(paragraph)
}

fn row<const N: usize>(widths: &[usize; N], texts: [&str; N]) -> TableRow {
    TableRow::new(
        texts
            .iter()
            .zip(widths)
            .enumerate()
            .map(|(i, (t, w))| cell(t, *w, i == N - 1))
            .collect(),
    )
}

fn money_row(widths: &[usize; 4], label: &str, old: Decimal, new: Decimal) -> TableRow {
    row(
        widths,
        [
            label,
            &format_dollars(old),
            &format_dollars(new),
            &format_dollars(new - old),
        ],
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

fn table(rows: Vec<TableRow>, widths: &[usize]) -> Table {
    Table::new(rows)
        .set_grid(widths.to_vec())
        .width(TEXT_WIDTH, WidthType::Dxa)
}
