//! Where things are on a bid form workbook, and the identity each form carries, for the writer
//! (render/bid/xlsx.rs) and for reading returned forms (level/). One place, so the two agree.

use super::BidItem;
use crate::estimate::Estimate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub const SHEET: &str = "Bid Form";
/// The very hidden sheet that holds the form's identity.
pub const IDENTITY_SHEET: &str = "sowgen";
/// The header block: a label in column B, its value in column C (0-based columns).
pub const LABEL_COL: u16 = 1;
pub const VALUE_COL: u16 = 2;
/// The header block's rows (0-based), every label written for every project so the layout
/// never moves.
pub const HEADER_LABELS: [&str; 15] = [
    "Project",
    "Facility",
    "Project number",
    "Revision",
    "Room list",
    "Bids due",
    "Submit bids to",
    "How to submit",
    "Questions (RFIs) by",
    "Pre-bid walk-through",
    "Bidder (company)",
    "Bidder contact",
    "Email / phone",
    "Date",
    "Addenda acknowledged",
];
pub const FIRST_LABEL_ROW: u32 = 1;
/// The rows (0-based) of the cells the identity is printed in and the bidder fills in.
pub const PROJECT_ROW: u32 = FIRST_LABEL_ROW;
pub const REVISION_ROW: u32 = FIRST_LABEL_ROW + 3;
pub const BIDDER_ROW: u32 = FIRST_LABEL_ROW + 10;
/// The first and last bidder cells (company .. addenda): unlocked on the form.
pub const BIDDER_ROWS: std::ops::RangeInclusive<u32> = BIDDER_ROW..=FIRST_LABEL_ROW + 14;
pub const INSTRUCTIONS_ROW: u32 = FIRST_LABEL_ROW + 15;
/// The bid form's table header row (0-based); its lines follow, then the bid total.
pub const HEADER_ROW: u32 = INSTRUCTIONS_ROW + 2;
pub const COLUMNS: [&str; 8] = [
    "Item",
    "Part",
    "Description",
    "Basis of design",
    "Unit",
    "Qty",
    "Unit Price",
    "Extended",
];
pub const ITEM_COL: u16 = 0;
pub const PART_COL: u16 = 1;
pub const DESCRIPTION_COL: u16 = 2;
pub const UNIT_COL: u16 = 4;
pub const QTY_COL: u16 = 5;
pub const PRICE_COL: u16 = 6;
pub const EXTENDED_COL: u16 = 7;

/// The identity sheet's rows: (label, row), values in column B.
pub const IDENTITY_VERSION: &str = "sowgen bid form 1";
pub const ID_PROJECT_ROW: u32 = 1;
pub const ID_TRADE_ROW: u32 = 2;
pub const ID_REVISION_ROW: u32 = 3;
pub const ID_LINES_ROW: u32 = 4;
pub const ID_DIGEST_ROW: u32 = 5;

/// What a returned form must match: its project, trade and revision, and a digest of its lines.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    pub project: String,
    pub trade: String,
    /// Empty when the project gives no revision.
    pub revision: String,
    pub lines: usize,
    /// SHA-256 (hex) of the lines as [`digest`] writes them.
    pub digest: String,
}

impl Identity {
    pub fn of(estimate: &Estimate, trade: &str, items: &[BidItem]) -> Identity {
        let lines: Vec<FormLine> = items.iter().map(FormLine::of).collect();
        Identity {
            project: estimate.project_name(),
            trade: trade.to_string(),
            revision: estimate.project.revision.clone().unwrap_or_default(),
            lines: lines.len(),
            digest: digest(&lines),
        }
    }
}

/// A line of the form as the digest sees it: what a vendor must not change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormLine {
    pub part: String,
    pub description: String,
    pub unit: String,
    /// Without trailing zeros (`12`, `1.5`), as a spreadsheet number reads back.
    pub qty: String,
}

impl FormLine {
    pub fn of(item: &BidItem) -> FormLine {
        FormLine {
            part: item.part.to_string(),
            description: item.description.to_string(),
            unit: item.unit.to_string(),
            qty: crate::money::format_qty(item.qty),
        }
    }
}

/// SHA-256 over the lines, one per line of text, fields tab-separated and numbered. SHA-256
/// (the RustCrypto `sha2` crate) rather than std's hasher: std's is not guaranteed stable across
/// Rust releases, and a form issued by one build of sowgen must check with the next; a
/// cryptographic digest also makes an edit that keeps the digest impractical to craft.
pub fn digest(lines: &[FormLine]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(IDENTITY_VERSION.as_bytes());
    for (i, line) in lines.iter().enumerate() {
        let text = format!(
            "\n{}\t{}\t{}\t{}\t{}",
            i + 1,
            line.part,
            line.description,
            line.unit,
            line.qty
        );
        hasher.update(text.as_bytes());
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `G14`: a 0-based cell as Excel names it.
pub fn cell_name(row: u32, col: u16) -> String {
    format!(
        "{}{}",
        crate::problem::column_letter(u32::from(col)),
        row + 1
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(qty: &str) -> FormLine {
        FormLine {
            part: "CAT6A-RUN".into(),
            description: "Cable".into(),
            unit: "run".into(),
            qty: qty.into(),
        }
    }

    #[test]
    fn the_digest_changes_with_any_quantity_and_is_stable() {
        let a = digest(&[line("120"), line("4")]);
        assert_eq!(a.len(), 64);
        assert_eq!(a, digest(&[line("120"), line("4")]));
        assert_ne!(a, digest(&[line("121"), line("4")]));
        assert_ne!(a, digest(&[line("4"), line("120")]));
        assert_ne!(a, digest(&[line("120")]));
    }

    #[test]
    fn the_layout_constants_agree() {
        assert_eq!(
            HEADER_LABELS[(BIDDER_ROW - FIRST_LABEL_ROW) as usize],
            "Bidder (company)"
        );
        assert_eq!(
            HEADER_LABELS[(REVISION_ROW - FIRST_LABEL_ROW) as usize],
            "Revision"
        );
        assert_eq!(COLUMNS[QTY_COL as usize], "Qty");
        assert_eq!(COLUMNS[PRICE_COL as usize], "Unit Price");
        assert_eq!(cell_name(HEADER_ROW + 1, PRICE_COL), "G20");
    }
}
