//! The PDF's embedded font: DejaVu Sans (Bitstream Vera license, `assets/fonts/LICENSE-DejaVu.txt`),
//! shipped in the binary so the summary prints any name the same way on every machine.
//!
//! printpdf embeds a font whole unless built with its heavy layout feature, so the faces are
//! subset here (allsorts, which printpdf already depends on) to the characters a document uses:
//! the PDF stays tens of kilobytes instead of a megabyte and a half.

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile, subset};
use printpdf::ParsedFont;
use std::collections::BTreeSet;
use std::sync::OnceLock;

const REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

pub struct Fonts {
    pub regular: Face,
    pub bold: Face,
}

impl Fonts {
    /// Both faces, parsed once per process.
    pub fn get() -> &'static Fonts {
        static FONTS: OnceLock<Fonts> = OnceLock::new();
        FONTS.get_or_init(|| Fonts {
            regular: Face::parse(REGULAR, "SOWGNA+DejaVuSans"),
            bold: Face::parse(BOLD, "SOWGNB+DejaVuSans-Bold"),
        })
    }
}

pub struct Face {
    bytes: &'static [u8],
    /// The PDF name of the subset face (a six-letter tag, as PDF names subsets).
    name: &'static str,
    parsed: ParsedFont,
}

impl Face {
    fn parse(bytes: &'static [u8], name: &'static str) -> Face {
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(bytes, 0, &mut warnings)
            .expect("the shipped font parses (checked by a unit test)");
        Face {
            bytes,
            name,
            parsed,
        }
    }

    fn glyph(&self, ch: char) -> Option<u16> {
        self.parsed
            .lookup_glyph_index(ch as u32)
            .filter(|g| *g != 0)
    }

    /// The text with every character the font cannot draw replaced by U+FFFD (which it can), so
    /// a missing glyph shows as a visible mark rather than vanishing, and widths stay true.
    pub fn printable(&self, text: &str) -> String {
        text.chars()
            .map(|ch| match ch {
                '\t' | '\n' | '\r' => ' ',
                ch if self.glyph(ch).is_some() => ch,
                _ => '\u{FFFD}',
            })
            .collect()
    }

    /// Advance width of `text` at `size` points, as the font's metrics give it.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = self
            .printable(text)
            .chars()
            .map(|ch| {
                self.glyph(ch)
                    .and_then(|g| self.parsed.get_glyph_width(g))
                    .map_or(0, u32::from)
            })
            .sum();
        units as f32 * size / f32::from(self.parsed.units_per_em)
    }

    /// A copy of the face holding only the glyphs `text` needs (plus .notdef, which must be first).
    pub fn subset(&self, text: &str) -> Result<ParsedFont, String> {
        let glyphs: BTreeSet<u16> = text.chars().filter_map(|ch| self.glyph(ch)).collect();
        let ids: Vec<u16> = std::iter::once(0).chain(glyphs).collect();
        let font = ReadScope::new(self.bytes)
            .read::<FontData<'_>>()
            .map_err(|e| format!("font: {e}"))?;
        let provider = font.table_provider(0).map_err(|e| format!("font: {e}"))?;
        let bytes = subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
            .map_err(|e| format!("font subset: {e}"))?;
        let mut warnings = Vec::new();
        let mut parsed = ParsedFont::from_bytes(&bytes, 0, &mut warnings)
            .ok_or_else(|| format!("font subset does not parse: {warnings:?}"))?;
        parsed.font_name = Some(self.name.to_string());
        Ok(parsed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_faces_parse_and_measure() {
        let fonts = Fonts::get();
        // Digits are tabular in DejaVu Sans, so money right-aligns cleanly.
        let one = fonts.regular.width("1", 10.0);
        assert!(one > 5.0 && one < 7.0, "{one}");
        assert_eq!(one, fonts.regular.width("8", 10.0));
        assert!(fonts.bold.width("Total", 10.0) > fonts.regular.width("Total", 10.0));
    }

    #[test]
    fn subsets_keep_the_characters_used() {
        let face = &Fonts::get().regular;
        let font = face.subset("Café Ωμέγα & <1>").unwrap();
        for ch in "Café Ωμέγα&<1>".chars().filter(|c| *c != ' ') {
            assert!(font.lookup_glyph_index(ch as u32).is_some(), "{ch}");
        }
        assert!(
            font.original_bytes.len() < 40_000,
            "{}",
            font.original_bytes.len()
        );
    }

    #[test]
    fn characters_the_font_lacks_become_a_replacement_mark() {
        let face = &Fonts::get().regular;
        assert_eq!(face.printable("Room \u{1F3E5}"), "Room \u{FFFD}");
        assert_eq!(face.printable("Salle é"), "Salle é");
    }
}
