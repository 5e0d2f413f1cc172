//! `change-order.docx`: what changed between the revisions, what it costs, and who approves it.
//! Laid out with the same kit as the scope of work, so the two read as one package.

use crate::diff::{AmountChange, ChangeOrder};
use crate::error::Error;
use crate::money::{ZERO_CENTS, format_dollars, group_thousands};
use crate::render::docx::kit::{
    approval_rows, base_document, cell, header_row, number_cell, paragraph, table, widths,
};
use crate::render::docx::{clean, pack};
use crate::text::counted;
use docx_rs::{Docx, Paragraph, Run, TableRow};

pub fn render(order: &ChangeOrder) -> Result<Vec<u8>, Error> {
    let project = clean(&order.project_name());
    // Issue 14: a revision with unresolved room types makes the change order a draft.
    let title = if order.draft {
        "IT Change Order \u{2014} DRAFT"
    } else {
        "IT Change Order"
    };
    let doc = base_document(&project, title, order.project.revision.as_deref())
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
        )))
        .add_paragraph(heading("1. Summary"))
        .add_paragraph(paragraph(&summary(order)));
    let doc = if order.draft {
        doc.add_paragraph(paragraph(
            "DRAFT: a revision has rooms whose room type the catalog does not resolve; those no type resolved are priced at $0 on that side. Resolve them (--types FILE) before this change is approved.",
        ))
    } else {
        doc
    };
    let doc = schedule_impact(cost_summary(rooms_changed(doc, order), order), order);
    let doc = doc
        .add_paragraph(heading("5. Approvals"))
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

fn heading(text: &str) -> Paragraph {
    Paragraph::new()
        .style("Heading1")
        .add_run(Run::new().add_text(text))
}

/// One row per room added, removed or changed, with what changed and what it costs.
fn rooms_changed(doc: Docx, order: &ChangeOrder) -> Docx {
    let w = widths(&[2, 2, 7, 2]);
    let mut rows = vec![header_row(&["Room", "Change", "Details", "Cost"], &w)];
    let room_row = |room: &str, change: &str, details: &str, cost: String| {
        TableRow::new(vec![
            cell(room, w[0]),
            cell(change, w[1]),
            cell(details, w[2]),
            number_cell(cost, w[3]),
        ])
    };
    for (what, rooms) in [("Added", &order.added), ("Removed", &order.removed)] {
        for room in rooms {
            let details = format!("{} ({})", room.name, room.room_type);
            rows.push(room_row(
                &room.room,
                what,
                &details,
                format_dollars(room.cost_delta),
            ));
        }
    }
    for room in &order.changed {
        let details: Vec<String> = room.fields.0.iter().map(|f| f.describe()).collect();
        rows.push(room_row(
            &room.room,
            "Changed",
            &details.join("; "),
            format_dollars(room.cost_delta),
        ));
    }
    if rows.len() == 1 {
        rows.push(room_row(
            "",
            "None",
            "No rooms were added, removed or changed.",
            format_dollars(ZERO_CENTS),
        ));
    }
    doc.add_paragraph(heading("2. Changes by Room"))
        .add_table(table(rows, &w))
        .add_paragraph(Paragraph::new())
}

/// The changed lines, the project-level lines and the project's total, before and after.
fn cost_summary(doc: Docx, order: &ChangeOrder) -> Docx {
    let w = widths(&[5, 2, 2, 2]);
    let money_row = |label: &str, old, new, delta| {
        TableRow::new(vec![
            cell(label, w[0]),
            number_cell(format_dollars(old), w[1]),
            number_cell(format_dollars(new), w[2]),
            number_cell(format_dollars(delta), w[3]),
        ])
    };
    let change_row = |c: &AmountChange| money_row(&c.label, c.old, c.new, c.delta);
    let mut rows = vec![header_row(&["Item", "Previous", "New", "Change"], &w)];
    rows.push(change_row(&order.lines_subtotal));
    rows.extend(order.project_lines.iter().map(change_row));
    rows.push(money_row(
        "Project total",
        order.old_total,
        order.new_total,
        order.cost_delta,
    ));
    doc.add_paragraph(heading("3. Cost Summary"))
        .add_table(table(rows, &w))
        .add_paragraph(paragraph(
            "The line-by-line changes are in change-order.xlsx. Prices come from the same catalog as the scope of work.",
        ))
}

/// The hours each phase gains or loses and the working days that moves the go-live.
fn schedule_impact(doc: Docx, order: &ChangeOrder) -> Docx {
    let impact = &order.schedule;
    let hours = |h: rust_decimal::Decimal| group_thousands(&h.round_dp(1).normalize().to_string());
    let w = widths(&[5, 2, 2, 2, 2]);
    let mut rows = vec![header_row(
        &[
            "Phase",
            "Hours before",
            "Hours after",
            "Change",
            "Working days after",
        ],
        &w,
    )];
    for phase in impact.phases.iter().filter(|p| !p.hours_change.is_zero()) {
        rows.push(TableRow::new(vec![
            cell(&phase.name, w[0]),
            number_cell(hours(phase.old_hours), w[1]),
            number_cell(hours(phase.new_hours), w[2]),
            number_cell(hours(phase.hours_change), w[3]),
            number_cell(phase.new_working_days.to_string(), w[4]),
        ]));
    }
    let moves = impact.go_live_moves;
    let sentence = match moves {
        0 => format!(
            "The change does not move the go-live: the plan still finishes on {}.",
            impact.new_finish.long()
        ),
        n => format!(
            "The change moves the go-live {} by {}, from {} to {} when the start holds.",
            if n > 0 { "later" } else { "earlier" },
            counted(n.unsigned_abs() as usize, "working day"),
            impact.old_finish.long(),
            impact.new_finish.long()
        ),
    };
    let doc = doc
        .add_paragraph(heading("4. Schedule Impact"))
        .add_paragraph(paragraph(&sentence));
    if rows.len() == 1 {
        return doc.add_paragraph(paragraph("No phase gains or loses work."));
    }
    doc.add_table(table(rows, &w))
        .add_paragraph(Paragraph::new())
}

fn summary(order: &ChangeOrder) -> String {
    if order.is_empty() {
        return "The two revisions list the same rooms with the same types and device counts; this change order has no cost.".to_string();
    }
    let direction = if order.cost_delta.is_sign_negative() && !order.cost_delta.is_zero() {
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
