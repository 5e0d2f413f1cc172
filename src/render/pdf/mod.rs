//! `budget-summary.pdf`: one to three pages for the approval packet: project block, totals by
//! discipline (with a bar chart) and by category, budget against approved, the top findings.
//!
//! Text is set in DejaVu Sans, embedded (subset to the characters used) so that any name from the
//! room list prints; widths come from the font itself so right alignment and wrapping are exact.

mod canvas;
mod font;
mod gantt;

use crate::error::Error;
use crate::estimate::{Detail, Estimate, FindingKind};
use crate::money::format_dollars;
use crate::schedule::Schedule;
use crate::text::counted;
use canvas::{BLACK, BLUE, Canvas, GREEN, GREY, MARGIN, NAVY, PAGE_H, PAGE_W, RED, RIGHT, WHITE};
use font::Fonts;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

pub fn render(estimate: &Estimate, schedule: &Schedule) -> Result<Vec<u8>, Error> {
    let mut c = Canvas::new(Fonts::get());
    let name = estimate.project_name();
    title_and_details(&mut c, estimate, &name);
    budget(&mut c, estimate);
    disciplines(&mut c, estimate);
    categories(&mut c, estimate);
    gantt::draw(&mut c, schedule);
    top_findings(&mut c, estimate);
    c.finish(&name)
}

/// The title band and the project's details.
fn title_and_details(c: &mut Canvas, estimate: &Estimate, name: &str) {
    c.rect(0.0, PAGE_H - 86.0, PAGE_W, 86.0, NAVY);
    let heading = if estimate.draft {
        "IT Budget Summary \u{2014} DRAFT"
    } else {
        "IT Budget Summary"
    };
    c.text(MARGIN, PAGE_H - 44.0, 20.0, true, WHITE, heading);
    let title = c.fit(name, 12.0, false, PAGE_W - 2.0 * MARGIN);
    c.text(MARGIN, PAGE_H - 68.0, 12.0, false, WHITE, &title);
    c.y = PAGE_H - 112.0;

    let mut details = estimate.details(&[
        Detail::Facility,
        Detail::Number,
        Detail::Revision,
        Detail::PreparedBy,
        Detail::GoLive,
        Detail::RoomList,
        Detail::PriceBasis,
    ]);
    for detail in details.iter_mut().filter(|d| d.detail == Detail::RoomList) {
        detail.value = format!(
            "{} ({}, {})",
            detail.value,
            counted(estimate.rooms.len(), "room"),
            counted(estimate.telecom_rooms.len(), "telecom room")
        );
    }
    if estimate.draft {
        draft_note(c, estimate);
    }
    for detail in details {
        let (label, value) = (detail.label, detail.value);
        let lines = c.wrap(&value, 9.5, false, RIGHT - (MARGIN + 100.0));
        c.need(14.0 * lines.len() as f32);
        c.text(MARGIN, c.y, 9.5, true, GREY, label);
        for line in lines {
            c.text(MARGIN + 100.0, c.y, 9.5, false, BLACK, &line);
            c.y -= 14.0;
        }
    }
}

/// What a draft's figures leave out (issue 14), in red under the title.
fn draft_note(c: &mut Canvas, estimate: &Estimate) {
    let unresolved = estimate.rooms_unresolved().count();
    let text = format!(
        "DRAFT: {} an unresolved room type; rooms no type resolved are priced at $0. Not for approval until they are resolved (see the scope of work's Unresolved Room Types).",
        if unresolved == 1 {
            "1 room has".to_string()
        } else {
            format!("{unresolved} rooms have")
        }
    );
    let lines = c.wrap(&text, 9.5, true, RIGHT - MARGIN);
    c.need(13.0 * lines.len() as f32 + 6.0);
    for line in lines {
        c.text(MARGIN, c.y, 9.5, true, RED, &line);
        c.y -= 13.0;
    }
    c.y -= 6.0;
}

/// Budget against approved: the headline figure, then two bars a reader compares at a glance.
fn budget(c: &mut Canvas, estimate: &Estimate) {
    let t = &estimate.totals;
    c.y -= 10.0;
    c.heading("Budget");
    c.need(20.0);
    c.text(MARGIN, c.y, 11.0, true, BLACK, "Estimated total");
    c.text_right(RIGHT, c.y, 14.0, true, NAVY, &format_dollars(t.grand_total));
    c.y -= 20.0;
    if let (Some(budget), Some(variance)) = (t.approved_budget, t.variance) {
        let over = variance.is_sign_negative() && !variance.is_zero();
        // Bars are drawn in points: the figures become floats for geometry only.
        let largest = to_f32(budget).max(to_f32(t.grand_total)).max(1.0);
        let bar_x = MARGIN + 120.0;
        let bar_w = RIGHT - 100.0 - bar_x;
        for (label, amount, colour) in [
            ("Approved IT budget", budget, GREY),
            ("Estimate", t.grand_total, if over { RED } else { BLUE }),
        ] {
            c.need(16.0);
            c.text(MARGIN, c.y, 9.5, false, BLACK, label);
            let share = (to_f32(amount) / largest).clamp(0.0, 1.0);
            c.rect(bar_x, c.y - 2.0, (bar_w * share).max(1.0), 10.0, colour);
            c.text_right(RIGHT, c.y, 9.5, false, BLACK, &format_dollars(amount));
            c.y -= 16.0;
        }
        c.need(18.0);
        let (status, colour) = if over {
            (
                format!(
                    "Over the approved budget by {}",
                    format_dollars(variance.abs())
                ),
                RED,
            )
        } else {
            (
                format!("Within the approved budget by {}", format_dollars(variance)),
                GREEN,
            )
        };
        c.text(MARGIN, c.y - 2.0, 11.0, true, colour, &status);
        c.y -= 20.0;
    } else {
        c.need(14.0);
        c.text(
            MARGIN,
            c.y,
            9.5,
            false,
            GREY,
            "No approved IT budget was given for this project.",
        );
        c.y -= 14.0;
    }
}

/// Totals by discipline, with a bar for each.
fn disciplines(c: &mut Canvas, estimate: &Estimate) {
    c.y -= 10.0;
    c.heading("Totals by discipline");
    let disciplines: Vec<_> = estimate
        .disciplines
        .iter()
        .filter(|d| !d.total.is_zero())
        .collect();
    // Bars are drawn in points: the figures become floats for geometry only.
    let lengths: Vec<f32> = disciplines.iter().map(|d| to_f32(d.total)).collect();
    let largest = lengths.iter().copied().fold(1.0, f32::max);
    let trade_x = MARGIN + 125.0;
    let bar_x = MARGIN + 235.0;
    let bar_w = RIGHT - 80.0 - bar_x;
    c.need(16.0);
    c.text(MARGIN, c.y, 8.5, true, GREY, "Discipline");
    c.text(trade_x, c.y, 8.5, true, GREY, "Bid package");
    c.text_right(RIGHT, c.y, 8.5, true, GREY, "Total");
    c.y -= 4.0;
    c.hline(MARGIN, RIGHT, c.y);
    for (d, length) in disciplines.iter().zip(&lengths) {
        c.y -= 15.0;
        c.need(15.0);
        let label = c.fit(&d.name, 9.0, false, trade_x - MARGIN - 6.0);
        c.text(MARGIN, c.y, 9.0, false, BLACK, &label);
        let trade = d.trade.as_deref().unwrap_or("Internal IT");
        let trade = c.fit(trade, 8.0, false, bar_x - trade_x - 6.0);
        c.text(trade_x, c.y, 8.0, false, GREY, &trade);
        c.rect(
            bar_x,
            c.y - 1.5,
            (bar_w * (length / largest).clamp(0.0, 1.0)).max(1.0),
            9.0,
            BLUE,
        );
        c.text_right(RIGHT, c.y, 9.0, false, BLACK, &format_dollars(d.total));
    }
}

/// Totals by category.
fn categories(c: &mut Canvas, estimate: &Estimate) {
    let t = &estimate.totals;
    c.y -= 28.0;
    c.heading("Totals by category");
    for (category, amount) in t.by_category() {
        let (label, bold) = (category.label(), category.is_headline());
        c.need(16.0);
        if bold {
            c.hline(MARGIN, RIGHT, c.y + 11.0);
        }
        c.text(MARGIN, c.y, 10.0, bold, BLACK, label);
        c.text_right(RIGHT, c.y, 10.0, bold, BLACK, &format_dollars(amount));
        c.y -= 16.0;
    }
}

/// The findings a reader should see first: risks, then gaps, then checks.
fn top_findings(c: &mut Canvas, estimate: &Estimate) {
    let mut top: Vec<_> = estimate
        .findings
        .iter()
        .filter(|f| {
            matches!(
                f.kind,
                FindingKind::Risk | FindingKind::Gap | FindingKind::Check
            )
        })
        .collect();
    top.sort_by_key(|f| match f.kind {
        FindingKind::Risk => 0,
        FindingKind::Gap => 1,
        _ => 2,
    });
    if !top.is_empty() {
        c.y -= 14.0;
        c.heading("Top findings");
        let counts: Vec<String> = [FindingKind::Risk, FindingKind::Gap, FindingKind::Check]
            .into_iter()
            .map(|kind| {
                let n = top.iter().filter(|f| f.kind == kind).count();
                format!("{} {n}", kind.label())
            })
            .collect();
        c.text(
            MARGIN,
            c.y,
            8.5,
            false,
            GREY,
            &counts.join("   \u{00B7}   "),
        );
        c.y -= 14.0;
        // Up to eight; once three are shown, stop rather than start a page for the rest.
        let mut shown = 0;
        for f in top.iter().take(8) {
            // The message names its room already; the subject is only for project-wide ones.
            let text = match &f.subject {
                Some(subject) if !f.message.contains(subject.as_str()) => {
                    format!("{} \u{2014} {subject}: {}", f.kind.label(), f.message)
                }
                _ => format!("{}: {}", f.kind.label(), f.message),
            };
            let lines = c.wrap(&text, 8.5, false, RIGHT - MARGIN - 12.0);
            let height = 11.0 * lines.len() as f32 + 3.0;
            if shown >= 3 && !c.fits(height + 12.0) {
                break;
            }
            c.need(height);
            for (i, line) in lines.iter().enumerate() {
                if i == 0 {
                    c.text(MARGIN, c.y, 8.5, false, NAVY, "\u{2022}");
                }
                c.text(MARGIN + 12.0, c.y, 8.5, false, BLACK, line);
                c.y -= 11.0;
            }
            c.y -= 3.0;
            shown += 1;
        }
        if top.len() > shown {
            c.need(12.0);
            c.text(
                MARGIN + 12.0,
                c.y,
                8.5,
                false,
                GREY,
                &format!(
                    "{} more in the bill of materials (Findings sheet) and the scope of work.",
                    top.len() - shown
                ),
            );
            c.y -= 12.0;
        }
    }
}

fn to_f32(amount: Decimal) -> f32 {
    amount.to_f32().unwrap_or(0.0)
}
