//! `budget-summary.pdf`: one to three pages for the approval packet: project block, totals by
//! discipline (with a bar chart) and by category, budget against approved, the top findings.
//!
//! Text is set in DejaVu Sans, embedded (subset to the characters used) so that any name from the
//! room list prints; widths come from the font itself so right alignment and wrapping are exact.

use super::RenderError;
use super::pdf_font::{Face, Fonts};
use crate::estimate::{Estimate, FindingKind};
use crate::money::format_dollars;
use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, Rect, Rgb, TextItem, WindingOrder,
};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

const PAGE_W: f32 = 612.0;
const PAGE_H: f32 = 792.0;
const MARGIN: f32 = 54.0;
/// Lowest baseline for body text: the footer sits below it.
const BOTTOM: f32 = MARGIN + 30.0;
const RIGHT: f32 = PAGE_W - MARGIN;
const MAX_PAGES: usize = 3;
const NAVY: (f32, f32, f32) = (0.12, 0.22, 0.39);
const BLUE: (f32, f32, f32) = (0.27, 0.45, 0.77);
const GREY: (f32, f32, f32) = (0.35, 0.35, 0.35);
const BLACK: (f32, f32, f32) = (0.0, 0.0, 0.0);
const RED: (f32, f32, f32) = (0.70, 0.10, 0.10);
const GREEN: (f32, f32, f32) = (0.10, 0.45, 0.20);

pub fn render(estimate: &Estimate) -> Result<Vec<u8>, RenderError> {
    let fonts = Fonts::get();
    let mut c = Canvas::new(fonts);
    let p = &estimate.project;
    let t = &estimate.totals;
    let name = super::project_name(estimate);

    // Title band.
    c.rect(0.0, PAGE_H - 86.0, PAGE_W, 86.0, NAVY);
    c.text(
        MARGIN,
        PAGE_H - 44.0,
        20.0,
        true,
        WHITE,
        "IT Budget Summary",
    );
    let title = c.fit(&name, 12.0, false, PAGE_W - 2.0 * MARGIN);
    c.text(MARGIN, PAGE_H - 68.0, 12.0, false, WHITE, &title);
    c.y = PAGE_H - 112.0;

    let details: Vec<(&str, String)> = [
        ("Facility", p.facility.clone()),
        ("Project number", p.number.clone()),
        ("Revision", p.revision.clone()),
        ("Prepared by", p.prepared_by.clone()),
        ("Target go-live", p.target_go_live.clone()),
        (
            "Room list",
            Some(format!(
                "{} ({}, {})",
                estimate.file,
                plural(estimate.rooms.len(), "room"),
                plural(estimate.telecom_rooms.len(), "telecom room")
            )),
        ),
        ("Price basis", Some(estimate.catalog.price_basis.clone())),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.filter(|v| !v.trim().is_empty()).map(|v| (k, v)))
    .collect();
    for (label, value) in details {
        let lines = c.wrap(&value, 9.5, false, RIGHT - (MARGIN + 100.0));
        c.need(14.0 * lines.len() as f32);
        c.text(MARGIN, c.y, 9.5, true, GREY, label);
        for line in lines {
            c.text(MARGIN + 100.0, c.y, 9.5, false, BLACK, &line);
            c.y -= 14.0;
        }
    }

    // Budget against approved: the headline figure, then two bars a reader compares at a glance.
    c.y -= 10.0;
    c.heading("Budget");
    c.need(20.0);
    c.text(MARGIN, c.y, 11.0, true, BLACK, "Estimated total");
    c.text_right(RIGHT, c.y, 14.0, true, NAVY, &format_dollars(t.grand_total));
    c.y -= 20.0;
    if let (Some(budget), Some(variance)) = (t.approved_budget, t.variance) {
        let over = variance < Decimal::ZERO;
        let largest = budget.max(t.grand_total).max(Decimal::ONE);
        let bar_x = MARGIN + 120.0;
        let bar_w = RIGHT - 100.0 - bar_x;
        for (label, amount, colour) in [
            ("Approved IT budget", budget, GREY),
            ("Estimate", t.grand_total, if over { RED } else { BLUE }),
        ] {
            c.need(16.0);
            c.text(MARGIN, c.y, 9.5, false, BLACK, label);
            let share = ratio(amount, largest);
            c.rect(bar_x, c.y - 2.0, (bar_w * share).max(1.0), 10.0, colour);
            c.text_right(RIGHT, c.y, 9.5, false, BLACK, &format_dollars(amount));
            c.y -= 16.0;
        }
        c.need(18.0);
        let (status, colour) = if over {
            (
                format!("Over the approved budget by {}", format_dollars(-variance)),
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

    // Totals by discipline, with a bar for each.
    c.y -= 10.0;
    c.heading("Totals by discipline");
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
    let trade_x = MARGIN + 125.0;
    let bar_x = MARGIN + 235.0;
    let bar_w = RIGHT - 80.0 - bar_x;
    c.need(16.0);
    c.text(MARGIN, c.y, 8.5, true, GREY, "Discipline");
    c.text(trade_x, c.y, 8.5, true, GREY, "Bid package");
    c.text_right(RIGHT, c.y, 8.5, true, GREY, "Total");
    c.y -= 4.0;
    c.hline(MARGIN, RIGHT, c.y);
    for d in &disciplines {
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
            (bar_w * ratio(d.total, largest)).max(1.0),
            9.0,
            BLUE,
        );
        c.text_right(RIGHT, c.y, 9.0, false, BLACK, &format_dollars(d.total));
    }

    // Totals by category.
    c.y -= 28.0;
    c.heading("Totals by category");
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
        rows.push(("Variance (budget \u{2212} estimate)", variance, true));
    }
    for (label, amount, bold) in rows {
        c.need(16.0);
        if bold {
            c.hline(MARGIN, RIGHT, c.y + 11.0);
        }
        c.text(MARGIN, c.y, 10.0, bold, BLACK, label);
        c.text_right(RIGHT, c.y, 10.0, bold, BLACK, &format_dollars(amount));
        c.y -= 16.0;
    }

    // The findings a reader should see first: risks, then gaps, then checks.
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

    c.finish(&name)
}

const WHITE: (f32, f32, f32) = (1.0, 1.0, 1.0);

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn ratio(part: Decimal, whole: Decimal) -> f32 {
    (part / whole).to_f32().unwrap_or(0.0).clamp(0.0, 1.0)
}

fn rgb((r, g, b): (f32, f32, f32)) -> Color {
    Color::Rgb(Rgb {
        r,
        g,
        b,
        icc_profile: None,
    })
}

/// What is drawn, page by page, before the fonts are subset and turned into PDF operations.
enum Mark {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        colour: (f32, f32, f32),
        text: String,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        colour: (f32, f32, f32),
    },
    HLine {
        x1: f32,
        x2: f32,
        y: f32,
    },
}

struct Canvas {
    fonts: &'static Fonts,
    pages: Vec<Vec<Mark>>,
    /// The baseline of the next line on the current page.
    y: f32,
    /// Set when content did not fit in [`MAX_PAGES`]: the rest is dropped and a note says so.
    truncated: bool,
}

impl Canvas {
    fn new(fonts: &'static Fonts) -> Canvas {
        Canvas {
            fonts,
            pages: vec![Vec::new()],
            y: PAGE_H - MARGIN,
            truncated: false,
        }
    }

    fn face(&self, bold: bool) -> &Face {
        if bold {
            &self.fonts.bold
        } else {
            &self.fonts.regular
        }
    }

    /// Whether `height` points fit below the current baseline on this page.
    fn fits(&self, height: f32) -> bool {
        self.y - height + 12.0 >= BOTTOM
    }

    /// Make room for `height` points below the current baseline, starting a new page if needed.
    fn need(&mut self, height: f32) {
        if self.fits(height) {
            return;
        }
        if self.pages.len() < MAX_PAGES {
            self.pages.push(Vec::new());
        } else {
            // Past the last page: keep drawing on a scratch page that is thrown away.
            self.truncated = true;
            self.pages.push(Vec::new());
        }
        self.y = PAGE_H - MARGIN;
    }

    fn heading(&mut self, text: &str) {
        self.need(40.0);
        self.text(MARGIN, self.y, 13.0, true, NAVY, text);
        self.y -= 18.0;
    }

    fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, colour: (f32, f32, f32), text: &str) {
        let text = self.face(bold).printable(text);
        self.pages.last_mut().expect("a page").push(Mark::Text {
            x,
            y,
            size,
            bold,
            colour,
            text,
        });
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
        let width = self.face(bold).width(text, size);
        self.text(right - width, y, size, bold, colour, text);
    }

    /// Break text into lines no wider than `width` points, at spaces (a word longer than the
    /// line is cut where it must be).
    fn wrap(&self, text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
        let face = self.face(bold);
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if face.width(&candidate, size) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let mut piece = String::new();
            for ch in word.chars() {
                piece.push(ch);
                if face.width(&piece, size) > width && piece.chars().count() > 1 {
                    piece.pop();
                    lines.push(std::mem::take(&mut piece));
                    piece.push(ch);
                }
            }
            line = piece;
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
    }

    /// The text, shortened with an ellipsis if it is wider than `width` points.
    fn fit(&self, text: &str, size: f32, bold: bool, width: f32) -> String {
        let face = self.face(bold);
        if face.width(text, size) <= width {
            return text.to_string();
        }
        let mut out: String = text.to_string();
        while !out.is_empty() && face.width(&format!("{out}\u{2026}"), size) > width {
            out.pop();
        }
        format!("{}\u{2026}", out.trim_end())
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, colour: (f32, f32, f32)) {
        self.pages
            .last_mut()
            .expect("a page")
            .push(Mark::Rect { x, y, w, h, colour });
    }

    fn hline(&mut self, x1: f32, x2: f32, y: f32) {
        self.pages
            .last_mut()
            .expect("a page")
            .push(Mark::HLine { x1, x2, y });
    }

    /// Footers, font subsets, PDF operations, and the saved bytes.
    fn finish(mut self, project: &str) -> Result<Vec<u8>, RenderError> {
        self.pages.truncate(MAX_PAGES);
        if self.truncated {
            self.text(
                MARGIN,
                BOTTOM - 10.0,
                8.0,
                false,
                GREY,
                "More findings than fit here: see the bill of materials and the scope of work.",
            );
        }
        let count = self.pages.len();
        for i in 0..count {
            let footer = format!("{project} \u{2014} IT Budget Summary");
            let footer = self.fit(&footer, 8.0, false, RIGHT - MARGIN - 80.0);
            let marks = &mut self.pages[i];
            let regular = &self.fonts.regular;
            marks.push(Mark::HLine {
                x1: MARGIN,
                x2: RIGHT,
                y: MARGIN + 12.0,
            });
            marks.push(Mark::Text {
                x: MARGIN,
                y: MARGIN,
                size: 8.0,
                bold: false,
                colour: GREY,
                text: regular.printable(&footer),
            });
            let number = format!("Page {} of {count}", i + 1);
            marks.push(Mark::Text {
                x: RIGHT - regular.width(&number, 8.0),
                y: MARGIN,
                size: 8.0,
                bold: false,
                colour: GREY,
                text: number,
            });
        }

        // Subset each face to the characters drawn in it, under a fixed resource name.
        let mut doc = PdfDocument::new("IT Budget Summary");
        let mut used = [String::new(), String::new()];
        for mark in self.pages.iter().flatten() {
            if let Mark::Text { bold, text, .. } = mark {
                used[usize::from(*bold)].push_str(text);
            }
        }
        let ids = [FontId("F1".into()), FontId("F2".into())];
        for (i, face) in [&self.fonts.regular, &self.fonts.bold].iter().enumerate() {
            if used[i].is_empty() {
                continue;
            }
            let font = face.subset(&used[i]).map_err(RenderError::Pdf)?;
            doc.resources
                .fonts
                .map
                .insert(ids[i].clone(), printpdf::PdfFont::new(font));
        }

        let pages = self
            .pages
            .iter()
            .map(|marks| {
                let ops = marks.iter().flat_map(|m| ops(m, &ids)).collect();
                PdfPage::new(Mm(215.9), Mm(279.4), ops)
            })
            .collect();
        let mut warnings = Vec::new();
        let bytes = doc
            .with_pages(pages)
            .save(&PdfSaveOptions::default(), &mut warnings);
        Ok(fix_document_id(bytes))
    }
}

fn ops(mark: &Mark, ids: &[FontId; 2]) -> Vec<Op> {
    match mark {
        Mark::Text {
            x,
            y,
            size,
            bold,
            colour,
            text,
        } => vec![
            Op::StartTextSection,
            Op::SetFillColor { col: rgb(*colour) },
            Op::SetFont {
                font: PdfFontHandle::External(ids[usize::from(*bold)].clone()),
                size: Pt(*size),
            },
            Op::SetTextCursor {
                pos: Point {
                    x: Pt(*x),
                    y: Pt(*y),
                },
            },
            Op::ShowText {
                items: vec![TextItem::Text(text.clone())],
            },
            Op::EndTextSection,
        ],
        Mark::Rect { x, y, w, h, colour } => vec![
            Op::SetFillColor { col: rgb(*colour) },
            Op::DrawRectangle {
                rectangle: Rect {
                    x: Pt(*x),
                    y: Pt(*y),
                    width: Pt(*w),
                    height: Pt(*h),
                    mode: Some(PaintMode::Fill),
                    winding_order: Some(WindingOrder::NonZero),
                },
            },
        ],
        Mark::HLine { x1, x2, y } => {
            let point = |x: f32| LinePoint {
                p: Point {
                    x: Pt(x),
                    y: Pt(*y),
                },
                bezier: false,
            };
            vec![
                Op::SetOutlineColor {
                    col: rgb((0.6, 0.6, 0.6)),
                },
                Op::SetOutlineThickness { pt: Pt(0.5) },
                Op::DrawLine {
                    line: Line {
                        points: vec![point(*x1), point(*x2)],
                        is_closed: false,
                    },
                },
            ]
        }
    }
}

/// printpdf writes a random trailer `/ID`; replace it with one derived from the content, the
/// same length so no offset moves, so that the same input gives the same bytes.
fn fix_document_id(mut bytes: Vec<u8>) -> Vec<u8> {
    let Some(start) = find_last(&bytes, b"/ID") else {
        return bytes;
    };
    let hash = fnv1a(&bytes[..start]);
    let mut n = 0u64;
    let mut in_string = false;
    for b in &mut bytes[start..] {
        match *b {
            b'(' if !in_string => in_string = true,
            b')' if in_string => in_string = false,
            b']' if !in_string => break,
            _ if in_string => {
                // Letters only, so nothing needs escaping inside the literal string.
                let value = hash.rotate_left((n * 5 % 64) as u32) ^ n;
                *b = b'A' + (value % 26) as u8;
                n += 1;
            }
            _ => {}
        }
    }
    bytes
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_id_is_derived_from_the_content() {
        let pdf = b"%PDF-1.7 body trailer<</ID[(abcdefgh)(ijklmnop)]>>\n%%EOF".to_vec();
        let a = fix_document_id(pdf.clone());
        assert_eq!(a.len(), pdf.len());
        assert_ne!(a, pdf);
        assert!(
            String::from_utf8(a.clone())
                .unwrap()
                .ends_with(")]>>\n%%EOF")
        );
        assert_eq!(fix_document_id(pdf), a);
    }

    #[test]
    fn wrapping_uses_the_font_widths() {
        let c = Canvas::new(Fonts::get());
        let lines = c.wrap("iiii iiii iiii WWWW WWWW WWWW", 10.0, false, 60.0);
        assert!(lines.len() >= 3, "{lines:?}");
        for line in &lines {
            assert!(c.face(false).width(line, 10.0) <= 60.0, "{line}");
        }
        // Narrow letters fit more to a line than wide ones.
        assert!(lines[0].starts_with("iiii iiii"), "{lines:?}");
    }
}
