//! `change-order.docx`: what changed between the revisions, what it costs, and who approves it.
//! Laid out with the same kit as the scope of work, so the two read as one package.

use crate::diff::{AmountChange, ChangeOrder};
use crate::error::Error;
use crate::money::format_dollars;
use crate::render::docx::kit::{
    approval_rows, base_document, cell, header_row, number_cell, paragraph, table, widths,
};
use crate::render::docx::{clean, pack};
use crate::text::counted;
use docx_rs::{Paragraph, Run, TableRow};
use rust_decimal::Decimal;

pub fn render(order: &ChangeOrder) -> Result<Vec<u8>, Error> {
    let project = clean(&order.project_name());
    let heading = |text: &str| {
        Paragraph::new()
            .style("Heading1")
            .add_run(Run::new().add_text(text))
    };
    let mut doc = base_document(
        &project,
        "IT Change Order",
        order.project.revision.as_deref(),
    )
    .add_paragraph(
        Paragraph::new()
            .style("Title")
            .add_run(Run::new().add_text("IT Change Order")),
    )
    .add_paragraph(
        Paragraph::new()
            .style("Subtitle")
            .add_run(Run::new().add_text(&project)),
    )
    .add_paragraph(paragraph(&format!(
        "Previous revision: {}",
        clean(&order.old_file)
    )))
    .add_paragraph(paragraph(&format!(
        "New revision: {}",
        clean(&order.new_file)
    )));

    doc = doc
        .add_paragraph(heading("1. Summary"))
        .add_paragraph(paragraph(&summary(order)));

    doc = doc.add_paragraph(heading("2. Changes by Room"));
    let w = widths(&[2, 2, 7, 2]);
    let mut rows = vec![header_row(&["Room", "Change", "Details", "Cost"], &w)];
    let room_row = |room: &str, change: &str, details: &str, cost: Decimal| {
        TableRow::new(vec![
            cell(room, w[0]),
            cell(change, w[1]),
            cell(details, w[2]),
            number_cell(format_dollars(cost), w[3]),
        ])
    };
    for room in &order.added {
        let details = format!("{} ({})", room.name, room.room_type);
        rows.push(room_row(&room.room, "Added", &details, room.cost_delta));
    }
    for room in &order.removed {
        let details = format!("{} ({})", room.name, room.room_type);
        rows.push(room_row(&room.room, "Removed", &details, room.cost_delta));
    }
    for room in &order.changed {
        let details: Vec<String> = room.fields.0.iter().map(|f| f.describe()).collect();
        rows.push(room_row(
            &room.room,
            "Changed",
            &details.join("; "),
            room.cost_delta,
        ));
    }
    if rows.len() == 1 {
        rows.push(room_row(
            "",
            "None",
            "No rooms were added, removed or changed.",
            Decimal::ZERO,
        ));
    }
    doc = doc
        .add_table(table(rows, &w))
        .add_paragraph(Paragraph::new());

    doc = doc.add_paragraph(heading("3. Cost Summary"));
    let w = widths(&[5, 2, 2, 2]);
    let money_row = |change: &AmountChange| {
        TableRow::new(vec![
            cell(&change.label, w[0]),
            number_cell(format_dollars(change.old), w[1]),
            number_cell(format_dollars(change.new), w[2]),
            number_cell(format_dollars(change.delta), w[3]),
        ])
    };
    let mut rows = vec![header_row(&["Item", "Previous", "New", "Change"], &w)];
    rows.push(money_row(&order.lines_subtotal));
    rows.extend(order.project_lines.iter().map(money_row));
    rows.push(TableRow::new(vec![
        cell("Project total", w[0]),
        number_cell(format_dollars(order.old_total), w[1]),
        number_cell(format_dollars(order.new_total), w[2]),
        number_cell(format_dollars(order.cost_delta), w[3]),
    ]));
    doc = doc
        .add_table(table(rows, &w))
        .add_paragraph(paragraph(
            "The line-by-line changes are in change-order.xlsx. Prices come from the same catalog as the scope of work.",
        ));

    doc = doc
        .add_paragraph(heading("4. Approvals"))
        .add_paragraph(paragraph(
            "By signing below, the parties approve this change to the IT scope and budget.",
        ));
    let w = widths(&[4, 3, 3, 2]);
    let rows = approval_rows(
        &[
            "IT Project Manager",
            "IT Director",
            "Construction Project Manager",
            "Finance / Capital Planning",
        ],
        &w,
    );
    pack(doc.add_table(table(rows, &w)))
}

fn summary(order: &ChangeOrder) -> String {
    if order.is_empty() {
        return "The two revisions list the same rooms with the same types and device counts; this change order has no cost.".to_string();
    }
    let direction = if order.cost_delta < Decimal::ZERO {
        "reduces"
    } else {
        "increases"
    };
    format!(
        "The new revision adds {}, removes {} and changes {}. It {direction} the IT estimate by {}, from {} to {}, including telecom-room equipment, project management, sales tax and contingency.",
        counted(order.added.len(), "room"),
        order.removed.len(),
        order.changed.len(),
        format_dollars(order.cost_delta.abs()),
        format_dollars(order.old_total),
        format_dollars(order.new_total)
    )
}
