//! `bid-recommendation.docx`: per trade, the bidders and their totals, the exceptions found in
//! each bid, the recommended award and why, and an approvals block.

use crate::error::Error;
use crate::level::{Leveling, TradeLeveling, signed_percent};
use crate::money::format_dollars;
use crate::render::docx::kit::{
    approval_rows, base_document, bold_cell, bullet, cell, number_cell, paragraph,
    sized_header_row, table, widths,
};
use crate::render::docx::{clean, pack};
use docx_rs::{Docx, Paragraph, Run, TableRow};

pub fn render(leveling: &Leveling) -> Result<Vec<u8>, Error> {
    let project = clean(&leveling.project);
    let title = "Bid Recommendation";
    let revision = Some(leveling.revision.as_str()).filter(|r| !r.is_empty());
    let mut doc = base_document(&project, title, revision)
        .add_paragraph(
            Paragraph::new()
                .style("Title")
                .add_run(Run::new().add_text(title)),
        )
        .add_paragraph(
            Paragraph::new()
                .style("Subtitle")
                .add_run(Run::new().add_text(&project)),
        )
        .add_paragraph(paragraph(&format!(
            "Bids are leveled line by line against the owner's estimate and against each other. \
             A line not priced is carried at the estimate's amount (a plug) in the leveled total; \
             a line is flagged when it is more than {}% off the estimate or the bids' median \
             (strongly, more than {}%).",
            leveling.thresholds.flag_percent.normalize(),
            leveling.thresholds.strong_percent.normalize()
        )));
    for trade in &leveling.trades {
        doc = trade_section(doc, trade);
    }
    let w = widths(&[4, 4, 4, 2]);
    doc = heading(doc, 1, "Approvals").add_table(table(
        approval_rows(
            &[
                "IT Project Manager",
                "IT Director",
                "Procurement / Supply Chain",
                "Finance / Capital Planning",
            ],
            &w,
        ),
        &w,
    ));
    pack(doc)
}

fn heading(doc: Docx, level: u8, text: &str) -> Docx {
    doc.add_paragraph(
        Paragraph::new()
            .style(&format!("Heading{level}"))
            .add_run(Run::new().add_text(clean(text))),
    )
}

fn trade_section(doc: Docx, trade: &TradeLeveling) -> Docx {
    let mut doc = heading(doc, 1, &trade.trade).add_paragraph(paragraph(&format!(
        "Estimate for this trade (material and labor): {}.",
        format_dollars(trade.estimate)
    )));
    doc = doc.add_table(bidders_table(trade));
    doc = heading(doc, 2, "Exceptions");
    let exceptions = exceptions(trade);
    if exceptions.is_empty() {
        doc = doc.add_paragraph(paragraph(
            "None: every bid priced every line within the thresholds.",
        ));
    }
    for text in exceptions {
        doc = doc.add_paragraph(bullet(&text));
    }
    doc = heading(doc, 2, "Recommended Award");
    let Some(rec) = &trade.recommendation else {
        return doc.add_paragraph(paragraph("No bid can be recommended."));
    };
    let bidder = &trade.bidders[rec.bidder];
    doc = doc.add_paragraph(
        Paragraph::new().add_run(Run::new().bold().add_text(clean(&format!(
            "Award to {} for {} (leveled; {} as bid).",
            bidder.name,
            format_dollars(bidder.leveled),
            format_dollars(bidder.as_bid)
        )))),
    );
    for reason in &rec.reasons {
        doc = doc.add_paragraph(bullet(reason));
    }
    if !rec.conditions.is_empty() {
        doc = doc.add_paragraph(paragraph("Before award:"));
        for condition in &rec.conditions {
            doc = doc.add_paragraph(bullet(condition));
        }
    }
    doc
}

fn bidders_table(trade: &TradeLeveling) -> docx_rs::Table {
    let w = widths(&[9, 7, 7, 7, 5, 4, 4, 8]);
    let mut rows = vec![sized_header_row(
        &[
            "Bidder", "As bid", "Plugs", "Leveled", "vs est.", "Unpriced", "Flagged", "Standing",
        ],
        &w,
        16,
    )];
    for (b, bidder) in trade.bidders.iter().enumerate() {
        rows.push(TableRow::new(vec![
            bold_cell(&bidder.name, w[0]),
            number_cell(format_dollars(bidder.as_bid), w[1]),
            number_cell(format_dollars(bidder.plugs), w[2]),
            number_cell(format_dollars(bidder.leveled), w[3]),
            number_cell(
                bidder.vs_estimate.map(signed_percent).unwrap_or_default(),
                w[4],
            ),
            number_cell(bidder.missing_lines.to_string(), w[5]),
            number_cell(bidder.flagged_lines.to_string(), w[6]),
            cell(super::xlsx::low_label(trade, b), w[7]),
        ]));
    }
    table(rows, &w)
}

/// Each bidder's flagged lines, in words: `Acme: line 3 PP-PORT: +45.0% vs estimate (strong)`.
fn exceptions(trade: &TradeLeveling) -> Vec<String> {
    let mut out = Vec::new();
    for (b, bidder) in trade.bidders.iter().enumerate() {
        for line in &trade.lines {
            let entry = &line.entries[b];
            if entry.flags.is_empty() {
                continue;
            }
            let words: Vec<String> = entry.flags.iter().map(|f| f.words()).collect();
            let plug = if entry.unit_price.is_none() {
                format!(" ({})", format_dollars(entry.plug))
            } else {
                String::new()
            };
            out.push(format!(
                "{}: line {} {} ({}){plug}: {}",
                bidder.name,
                line.item,
                line.part,
                line.description,
                words.join("; ")
            ));
        }
    }
    out
}
