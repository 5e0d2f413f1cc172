//! `budget-summary.pdf`: one page for the approval packet.

use super::RenderError;
use crate::estimate::{Estimate, FindingKind};
use crate::money::format_dollars;
use printpdf::{
    BuiltinFont, Color, Line, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, Rect, Rgb, TextItem, WindingOrder,
};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

const PAGE_W: f32 = 612.0;
const PAGE_H: f32 = 792.0;
const MARGIN: f32 = 54.0;
const NAVY: (f32, f32, f32) = (0.12, 0.22, 0.39);
const GREY: (f32, f32, f32) = (0.35, 0.35, 0.35);

pub fn render(estimate: &Estimate) -> Result<Vec<u8>, RenderError> {
    let mut c = Canvas::default();
    let p = &estimate.project;
    let t = &estimate.totals;

    c.rect(0.0, PAGE_H - 86.0, PAGE_W, 86.0, NAVY);
    c.text(
        MARGIN,
        PAGE_H - 44.0,
        20.0,
        true,
        (1.0, 1.0, 1.0),
        "IT Budget Summary",
    );
    let name = p.name.clone().unwrap_or_else(|| estimate.file.clone());
    c.text(MARGIN, PAGE_H - 68.0, 12.0, false, (1.0, 1.0, 1.0), &name);

    let mut y = PAGE_H - 112.0;
    let details: Vec<(&str, String)> = [
        ("Facility", p.facility.clone()),
        ("Project number", p.number.clone()),
        ("Prepared by", p.prepared_by.clone()),
        ("Target go-live", p.target_go_live.clone()),
        (
            "Room list",
            Some(format!(
                "{} ({} rooms, {} telecom rooms)",
                estimate.file,
                estimate.rooms.len(),
                estimate.telecom_rooms.len()
            )),
        ),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| (k, v)))
    .collect();
    for (label, value) in details {
        c.text(MARGIN, y, 9.5, true, GREY, label);
        c.text(MARGIN + 100.0, y, 9.5, false, (0.0, 0.0, 0.0), &value);
        y -= 14.0;
    }

    // Totals by discipline, with a bar for each.
    y -= 12.0;
    c.text(MARGIN, y, 13.0, true, NAVY, "Totals by discipline");
    y -= 18.0;
    let amount_x = PAGE_W - MARGIN;
    c.text(MARGIN, y, 9.0, true, GREY, "Discipline");
    c.text_right(amount_x, y, 9.0, true, GREY, "Total");
    y -= 4.0;
    c.hline(MARGIN, amount_x, y);
    let disciplines: Vec<_> = estimate
        .disciplines
        .iter()
        .filter(|d| !d.total.is_zero())
        .collect();
    let largest = disciplines
        .iter()
        .map(|d| d.total)
        .max()
        .unwrap_or(Decimal::ONE)
        .max(Decimal::ONE);
    let bar_x = MARGIN + 150.0;
    let bar_w = amount_x - 90.0 - bar_x;
    for d in &disciplines {
        y -= 16.0;
        c.text(MARGIN, y, 9.5, false, (0.0, 0.0, 0.0), &d.name);
        let share = (d.total / largest).to_f32().unwrap_or(0.0).clamp(0.0, 1.0);
        c.rect(
            bar_x,
            y - 1.0,
            (bar_w * share).max(1.0),
            9.0,
            (0.27, 0.45, 0.77),
        );
        c.text_right(
            amount_x,
            y,
            9.5,
            false,
            (0.0, 0.0, 0.0),
            &format_dollars(d.total),
        );
    }

    // Totals by category.
    y -= 30.0;
    c.text(MARGIN, y, 13.0, true, NAVY, "Totals by category");
    y -= 4.0;
    let mut rows = vec![
        ("Material", t.material, false),
        ("Labor", t.labor, false),
        ("Project management", t.project_management, false),
        ("Sales tax on material", t.tax, false),
        ("Contingency", t.contingency, false),
        ("Grand total", t.grand_total, true),
    ];
    if let (Some(budget), Some(variance)) = (t.approved_budget, t.variance) {
        rows.push(("Approved IT budget", budget, false));
        rows.push(("Variance (budget - estimate)", variance, true));
    }
    for (label, amount, bold) in rows {
        y -= 16.0;
        if bold {
            c.hline(MARGIN, amount_x, y + 12.0);
        }
        c.text(MARGIN, y, 10.0, bold, (0.0, 0.0, 0.0), label);
        c.text_right(
            amount_x,
            y,
            10.0,
            bold,
            (0.0, 0.0, 0.0),
            &format_dollars(amount),
        );
    }
    if let Some(variance) = t.variance {
        y -= 20.0;
        let (status, colour) = if variance < Decimal::ZERO {
            ("Over the approved budget", (0.70, 0.10, 0.10))
        } else {
            ("Within the approved budget", (0.10, 0.45, 0.20))
        };
        c.text(MARGIN, y, 11.0, true, colour, status);
    }

    // The findings a reader should see first.
    let top: Vec<_> = estimate
        .findings
        .iter()
        .filter(|f| matches!(f.kind, FindingKind::Risk | FindingKind::Gap))
        .take(5)
        .collect();
    if !top.is_empty() {
        y -= 28.0;
        c.text(MARGIN, y, 13.0, true, NAVY, "Top findings");
        for f in top {
            for (i, line) in wrap(&format!("{}: {}", f.kind.label(), f.message), 105)
                .into_iter()
                .enumerate()
            {
                y -= 12.0;
                if y < MARGIN {
                    break;
                }
                c.text(
                    MARGIN + if i == 0 { 0.0 } else { 10.0 },
                    y,
                    8.5,
                    false,
                    (0.0, 0.0, 0.0),
                    &line,
                );
            }
            y -= 3.0;
        }
    }

    let mut doc = PdfDocument::new("IT Budget Summary");
    let page = PdfPage::new(Mm(215.9), Mm(279.4), c.ops);
    let mut warnings = Vec::new();
    Ok(doc
        .with_pages(vec![page])
        .save(&PdfSaveOptions::default(), &mut warnings))
}

/// Break text into lines of at most `width` characters, at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[derive(Default)]
struct Canvas {
    ops: Vec<Op>,
}

fn rgb((r, g, b): (f32, f32, f32)) -> Color {
    Color::Rgb(Rgb {
        r,
        g,
        b,
        icc_profile: None,
    })
}

impl Canvas {
    fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, colour: (f32, f32, f32), text: &str) {
        let font = if bold {
            BuiltinFont::HelveticaBold
        } else {
            BuiltinFont::Helvetica
        };
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFillColor { col: rgb(colour) },
            Op::SetFont {
                font: PdfFontHandle::Builtin(font),
                size: Pt(size),
            },
            Op::SetTextCursor {
                pos: Point { x: Pt(x), y: Pt(y) },
            },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_string())],
            },
            Op::EndTextSection,
        ]);
    }

    fn text_right(
        &mut self,
        right: f32,
        y: f32,
        size: f32,
        bold: bool,
        colour: (f32, f32, f32),
        text: &str,
    ) {
        let width = helvetica_width(text) * size / 1000.0;
        self.text(right - width, y, size, bold, colour, text);
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, colour: (f32, f32, f32)) {
        self.ops.extend([
            Op::SetFillColor { col: rgb(colour) },
            Op::DrawRectangle {
                rectangle: Rect {
                    x: Pt(x),
                    y: Pt(y),
                    width: Pt(w),
                    height: Pt(h),
                    mode: Some(PaintMode::Fill),
                    winding_order: Some(WindingOrder::NonZero),
                },
            },
        ]);
    }

    fn hline(&mut self, x1: f32, x2: f32, y: f32) {
        let point = |x| LinePoint {
            p: Point { x: Pt(x), y: Pt(y) },
            bezier: false,
        };
        self.ops.extend([
            Op::SetOutlineColor {
                col: rgb((0.6, 0.6, 0.6)),
            },
            Op::SetOutlineThickness { pt: Pt(0.5) },
            Op::DrawLine {
                line: Line {
                    points: vec![point(x1), point(x2)],
                    is_closed: false,
                },
            },
        ]);
    }
}

/// Width in thousandths of an em of text set in Helvetica (digits and money signs are the same
/// width in the bold face, which is all right-aligned text uses).
fn helvetica_width(text: &str) -> f32 {
    text.chars()
        .map(|ch| match ch {
            '0'..='9' | '$' => 556.0,
            ',' | '.' | ' ' => 278.0,
            '-' => 333.0,
            '(' | ')' => 333.0,
            _ => 556.0,
        })
        .sum()
}
