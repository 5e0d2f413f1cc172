//! The summary's page canvas: text, bars and rules are recorded page by page, then the fonts are
//! subset to what was drawn and everything becomes printpdf operations. Page geometry and the
//! colours the layout uses live here too.

use super::font::{Face, Fonts};
use crate::error::Error;
use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, Rect, Rgb, TextItem, WindingOrder,
};

pub const PAGE_W: f32 = 612.0;
pub const PAGE_H: f32 = 792.0;
pub const MARGIN: f32 = 54.0;
/// Lowest baseline for body text: the footer sits below it.
pub const BOTTOM: f32 = MARGIN + 30.0;
pub const RIGHT: f32 = PAGE_W - MARGIN;
pub const MAX_PAGES: usize = 3;
pub type Colour = (f32, f32, f32);
pub const NAVY: Colour = (0.12, 0.22, 0.39);
pub const BLUE: Colour = (0.27, 0.45, 0.77);
pub const GREY: Colour = (0.35, 0.35, 0.35);
pub const BLACK: Colour = (0.0, 0.0, 0.0);
pub const RED: Colour = (0.70, 0.10, 0.10);
pub const GREEN: Colour = (0.10, 0.45, 0.20);
pub const WHITE: Colour = (1.0, 1.0, 1.0);

fn rgb((r, g, b): Colour) -> Color {
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
        colour: Colour,
        text: String,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        colour: Colour,
    },
    HLine {
        x1: f32,
        x2: f32,
        y: f32,
    },
}

pub struct Canvas {
    fonts: &'static Fonts,
    pages: Vec<Vec<Mark>>,
    /// The baseline of the next line on the current page.
    pub y: f32,
    /// Set when content did not fit in [`MAX_PAGES`]: the rest is dropped and a note says so.
    truncated: bool,
}

impl Canvas {
    pub fn new(fonts: &'static Fonts) -> Canvas {
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
    pub fn fits(&self, height: f32) -> bool {
        self.y - height + 12.0 >= BOTTOM
    }

    /// Make room for `height` points below the current baseline, starting a new page if needed.
    pub fn need(&mut self, height: f32) {
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

    pub fn heading(&mut self, text: &str) {
        self.need(40.0);
        self.text(MARGIN, self.y, 13.0, true, NAVY, text);
        self.y -= 18.0;
    }

    pub fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, colour: Colour, text: &str) {
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

    pub fn text_right(
        &mut self,
        right: f32,
        y: f32,
        size: f32,
        bold: bool,
        colour: Colour,
        text: &str,
    ) {
        let width = self.face(bold).width(text, size);
        self.text(right - width, y, size, bold, colour, text);
    }

    /// Break text into lines no wider than `width` points, at spaces (a word longer than the
    /// line is cut where it must be).
    pub fn wrap(&self, text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
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
    pub fn fit(&self, text: &str, size: f32, bold: bool, width: f32) -> String {
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

    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, colour: Colour) {
        self.pages
            .last_mut()
            .expect("a page")
            .push(Mark::Rect { x, y, w, h, colour });
    }

    pub fn hline(&mut self, x1: f32, x2: f32, y: f32) {
        self.pages
            .last_mut()
            .expect("a page")
            .push(Mark::HLine { x1, x2, y });
    }

    /// Footers, font subsets, PDF operations, and the saved bytes.
    pub fn finish(mut self, project: &str) -> Result<Vec<u8>, Error> {
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
            let font = face.subset(&used[i]).map_err(Error::Pdf)?;
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
