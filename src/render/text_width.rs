//! How wide text sets in the package's font (Calibri 11 pt), in pixels, with Excel's own
//! character widths (those rust_xlsxwriter's autofit uses): what the workbooks' column widths and
//! the Word tables' column widths are computed from.

use rust_xlsxwriter::cell_autofit_width;

/// rust_xlsxwriter's autofit width includes Excel's cell padding.
const AUTOFIT_PADDING: u32 = 7;

/// The width of `text` on one line in Calibri 11 pt, in pixels (96 per inch).
pub fn calibri_px(text: &str) -> u32 {
    // rust_xlsxwriter caps one measurement at Excel's widest column; measured word by word, a
    // long text is measured whole.
    let mut total = 0;
    let mut words: u32 = 0;
    for word in text.split(' ') {
        total += cell_autofit_width(word) - AUTOFIT_PADDING;
        words += 1;
    }
    total + 3 * words.saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_seven_pixels_and_long_text_is_measured_whole() {
        assert_eq!(calibri_px("0123456789"), 70);
        assert_eq!(calibri_px("a b"), 7 + 3 + 8);
        let long = "word ".repeat(100);
        assert!(calibri_px(long.trim()) > 2000);
    }
}
