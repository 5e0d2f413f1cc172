//! Reading a returned bid form as Excel or LibreOffice saved it: its identity, the bidder's
//! company, and each line as the vendor left it. Prices may be numbers or text ("$1,234.50").

use crate::bid::form::{
    BIDDER_ROW, DESCRIPTION_COL, ID_DIGEST_ROW, ID_LINES_ROW, ID_PROJECT_ROW, ID_REVISION_ROW,
    ID_TRADE_ROW, IDENTITY_SHEET, IDENTITY_VERSION, PART_COL, PRICE_COL, QTY_COL, SHEET, UNIT_COL,
    VALUE_COL, cell_name,
};
use crate::problem::FormProblem;
use calamine::{Data, Range, Reader};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::str::FromStr;

/// A returned form as read, before it is checked.
#[derive(Debug, Clone)]
pub struct ReturnedForm {
    pub file: String,
    pub project: String,
    pub trade: String,
    pub revision: String,
    pub lines_issued: usize,
    pub digest: String,
    pub bidder: String,
    pub form: Range<Data>,
}

/// A price cell as the vendor left it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Price {
    Given(Decimal),
    Blank,
    /// Text or a value that is not a price of zero or more, as written.
    Unreadable(String),
}

pub fn read_form(file: &str, bytes: &[u8]) -> Result<ReturnedForm, FormProblem> {
    let refuse = |message: String| FormProblem {
        file: file.to_string(),
        cells: Vec::new(),
        message,
    };
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| refuse(format!("not a workbook that can be read ({e})")))?;
    let sheets = book.sheet_names();
    if !sheets.iter().any(|s| s == IDENTITY_SHEET) || !sheets.iter().any(|s| s == SHEET) {
        return Err(refuse(format!(
            "not a sowgen bid form: it has no '{SHEET}' sheet with its hidden identity (return \
             the workbook issued in the bid package, filled in)"
        )));
    }
    let identity = book
        .worksheet_range(IDENTITY_SHEET)
        .map_err(|e| refuse(format!("its identity cannot be read ({e})")))?;
    if text_at(&identity, 0, 0) != IDENTITY_VERSION {
        return Err(refuse(format!(
            "not a form this version of sowgen issued (its identity reads '{}')",
            text_at(&identity, 0, 0)
        )));
    }
    let form = book
        .worksheet_range(SHEET)
        .map_err(|e| refuse(format!("the '{SHEET}' sheet cannot be read ({e})")))?;
    let lines_issued = number_at(&identity, ID_LINES_ROW, 1)
        .and_then(|n| n.to_usize())
        .unwrap_or(0);
    Ok(ReturnedForm {
        file: file.to_string(),
        project: text_at(&identity, ID_PROJECT_ROW, 1),
        trade: text_at(&identity, ID_TRADE_ROW, 1),
        revision: text_at(&identity, ID_REVISION_ROW, 1),
        lines_issued,
        digest: text_at(&identity, ID_DIGEST_ROW, 1),
        bidder: text_at(&form, BIDDER_ROW, VALUE_COL),
        form,
    })
}

/// A line of the form as the vendor left it (`row` 0-based).
#[derive(Debug, Clone)]
pub struct ReadLine {
    pub row: u32,
    pub part: String,
    pub description: String,
    pub unit: String,
    /// As the digest writes quantities (`120`, `1.5`), or the cell's text when not a number.
    pub qty: String,
    pub price: Price,
}

impl ReturnedForm {
    pub fn line(&self, row: u32) -> ReadLine {
        let qty = match number_at(&self.form, row, QTY_COL) {
            Some(n) => crate::money::format_qty(n),
            None => text_at(&self.form, row, QTY_COL),
        };
        ReadLine {
            row,
            part: text_at(&self.form, row, PART_COL),
            description: text_at(&self.form, row, DESCRIPTION_COL),
            unit: text_at(&self.form, row, UNIT_COL),
            qty,
            price: price(self.form.get_value((row, u32::from(PRICE_COL)))),
        }
    }

    /// `'Bid Form'!G19`.
    pub fn cell(&self, row: u32, col: u16) -> String {
        format!("'{SHEET}'!{}", cell_name(row, col))
    }
}

fn price(cell: Option<&Data>) -> Price {
    match cell {
        None | Some(Data::Empty) => Price::Blank,
        Some(Data::Float(f)) => from_number(*f),
        Some(Data::Int(i)) => from_number(*i as f64),
        Some(Data::String(s)) if s.trim().is_empty() => Price::Blank,
        Some(Data::String(s)) => match parse_price(s) {
            Some(p) => Price::Given(p),
            None => Price::Unreadable(s.trim().to_string()),
        },
        Some(other) => Price::Unreadable(other.to_string()),
    }
}

fn from_number(f: f64) -> Price {
    match decimal(f) {
        Some(d) if !d.is_sign_negative() || d.is_zero() => Price::Given(d.abs()),
        _ => Price::Unreadable(f.to_string()),
    }
}

/// A spreadsheet number as the decimal it shows: the shortest text that reads back as the same
/// double, so 96.1 is 96.1, never 96.099999999999994.
fn decimal(f: f64) -> Option<Decimal> {
    if !f.is_finite() {
        return None;
    }
    Decimal::from_str(&f.to_string())
        .ok()
        .map(|d| d.round_dp(6).normalize())
}

/// A price typed as text: `$1,234.50`, `1 234.50`, `USD 96`. Negative or unreadable: none.
pub fn parse_price(text: &str) -> Option<Decimal> {
    let t = text.trim();
    let t = t.strip_prefix("USD").unwrap_or(t);
    let t = t.strip_suffix("USD").unwrap_or(t);
    let cleaned: String = t
        .chars()
        .filter(|c| !matches!(c, '$' | ',' | ' ' | '\u{a0}'))
        .collect();
    if cleaned.is_empty() || !cleaned.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    Decimal::from_str(&cleaned).ok().map(|d| d.normalize())
}

fn text_at(range: &Range<Data>, row: u32, col: u16) -> String {
    match range.get_value((row, u32::from(col))) {
        None | Some(Data::Empty) => String::new(),
        Some(Data::String(s)) => s.trim().to_string(),
        Some(Data::Float(f)) => decimal(*f).map(|d| d.to_string()).unwrap_or_default(),
        Some(other) => other.to_string().trim().to_string(),
    }
}

fn number_at(range: &Range<Data>, row: u32, col: u16) -> Option<Decimal> {
    match range.get_value((row, u32::from(col)))? {
        Data::Float(f) => decimal(*f),
        Data::Int(i) => Some(Decimal::from(*i)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_typed_as_text_read_as_money() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        assert_eq!(parse_price("$1,234.50"), Some(d("1234.5")));
        assert_eq!(parse_price(" 96 "), Some(d("96")));
        assert_eq!(parse_price("USD 1 200.00"), Some(d("1200")));
        assert_eq!(parse_price("-5"), None);
        assert_eq!(parse_price("($5.00)"), None);
        assert_eq!(parse_price("incl."), None);
        assert_eq!(parse_price("N/A"), None);
        assert_eq!(price(Some(&Data::Float(96.1))), Price::Given(d("96.1")));
        assert_eq!(price(Some(&Data::Float(0.0))), Price::Given(d("0")));
        assert!(matches!(
            price(Some(&Data::Float(-3.0))),
            Price::Unreadable(_)
        ));
        assert_eq!(price(Some(&Data::String("  ".into()))), Price::Blank);
    }
}
