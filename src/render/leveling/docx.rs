//! `bid-recommendation.docx`: the awards at a glance; per trade, the bidders and their totals,
//! the exceptions found in each bid, the recommended award and why; an approvals block.

use crate::error::Error;
use crate::level::{Leveling, TradeLeveling, signed_percent};
use crate::money::format_dollars;
use crate::render::docx::kit::{
    approval_rows, base_document, bold_cell, bold_number_cell, bullet, cell, header_row,
    number_cell, paragraph, sized_header_row, small_cell, table, widths,
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
    doc = heading(doc, 1, "Summary").add_table(summary_table(leveling));
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

/// A heading kept on the page of what follows it.
fn heading(doc: Docx, level: u8, text: &str) -> Docx {
    doc.add_paragraph(
        Paragraph::new()
            .style(&format!("Heading{level}"))
            .keep_next(true)
            .add_run(Run::new().add_text(clean(text))),
    )
}

/// Each trade's recommended award at a glance, and all of them together.
fn summary_table(leveling: &Leveling) -> docx_rs::Table {
    let w = widths(&[8, 6, 3, 9, 6, 4]);
    let mut rows = vec![header_row(
        &[
            "Trade",
            "Estimate",
            "Bids",
            "Recommended",
            "Leveled",
            "vs est.",
        ],
        &w,
    )];
    for trade in &leveling.trades {
        let rec = trade
            .recommendation
            .as_ref()
            .map(|r| &trade.bidders[r.bidder]);
        rows.push(TableRow::new(vec![
            bold_cell(&trade.trade, w[0]),
            number_cell(format_dollars(trade.estimate), w[1]),
            number_cell(trade.bidders.len().to_string(), w[2]),
            cell(rec.map(|b| b.name.as_str()).unwrap_or("none"), w[3]),
            number_cell(
                rec.map(|b| format_dollars(b.leveled)).unwrap_or_default(),
                w[4],
            ),
            number_cell(
                rec.and_then(|b| b.vs_estimate)
                    .map(signed_percent)
                    .unwrap_or_default(),
                w[5],
            ),
        ]));
    }
    rows.push(TableRow::new(vec![
        bold_cell("All trades", w[0]),
        bold_number_cell(format_dollars(leveling.estimate), w[1]),
        cell("", w[2]),
        cell("", w[3]),
        bold_number_cell(format_dollars(leveling.recommended), w[4]),
        cell("", w[5]),
    ]));
    table(rows, &w)
}

fn trade_section(doc: Docx, trade: &TradeLeveling) -> Docx {
    let mut doc = heading(doc, 1, &trade.trade).add_paragraph(
        paragraph(&format!(
            "Estimate for this trade (material and labor): {}.",
            format_dollars(trade.estimate)
        ))
        .keep_next(true),
    );
    doc = doc.add_table(bidders_table(trade));
    doc = heading(doc, 2, "Exceptions");
    match exceptions_table(trade) {
        Some(table) => doc = doc.add_table(table),
        None => {
            doc = doc.add_paragraph(paragraph(
                "None: every bid priced every line within the thresholds.",
            ))
        }
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
    let w = widths(&[12, 8, 7, 8, 6, 6, 7, 11]);
    let mut rows = vec![sized_header_row(
        &[
            "Bidder",
            "As bid",
            "Plugs",
            "Leveled",
            "vs est.",
            "Not priced",
            "Flagged",
            "Standing",
        ],
        &w,
        16,
    )];
    for (b, bidder) in trade.bidders.iter().enumerate() {
        let vs = bidder.vs_estimate.map(signed_percent).unwrap_or_default();
        rows.push(TableRow::new(vec![
            small_cell(&bidder.name, w[0], false),
            small_cell(format_dollars(bidder.as_bid), w[1], true),
            small_cell(format_dollars(bidder.plugs), w[2], true),
            small_cell(format_dollars(bidder.leveled), w[3], true),
            small_cell(vs, w[4], true),
            small_cell(bidder.missing_lines.to_string(), w[5], true),
            small_cell(bidder.flagged_lines.to_string(), w[6], true),
            small_cell(super::xlsx::low_label(trade, b), w[7], false),
        ]));
    }
    table(rows, &w)
}

/// Every flagged price, line by line: which bidder, its amount against the estimate's, and
/// the flags in words. None when no price is flagged.
fn exceptions_table(trade: &TradeLeveling) -> Option<docx_rs::Table> {
    let w = widths(&[3, 7, 8, 5, 5, 10]);
    let mut rows = vec![sized_header_row(
        &["Line", "Part", "Bidder", "Bid", "Estimate", "Finding"],
        &w,
        16,
    )];
    for line in &trade.lines {
        for (entry, bidder) in line.entries.iter().zip(&trade.bidders) {
            if entry.flags.is_empty() {
                continue;
            }
            let bid = match entry.unit_price {
                Some(_) => format_dollars(entry.amount),
                None => "not priced".into(),
            };
            let words: Vec<String> = entry.flags.iter().map(|f| f.words()).collect();
            rows.push(TableRow::new(vec![
                small_cell(line.item.to_string(), w[0], true),
                small_cell(&line.part, w[1], false),
                small_cell(&bidder.name, w[2], false),
                small_cell(bid, w[3], true),
                small_cell(format_dollars(line.estimate_amount), w[4], true),
                small_cell(words.join("; "), w[5], false),
            ]));
        }
    }
    (rows.len() > 1).then(|| table(rows, &w))
}
