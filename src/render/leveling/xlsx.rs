//! `bid-leveling.xlsx`: a sheet per trade with its lines and each bidder side by side (unit
//! price, amount, plug, flags), live formulas cached with the model's figures, flags by colour
//! and in words; a Summary sheet of every trade's bidders and totals.

use crate::level::{Leveling, TradeLeveling};
use crate::problem::column_letter;
use crate::render::xlsx_kit::{Formats, formula, headers, num, widths};
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Formula, Worksheet, XlsxError};

/// The columns before the bidders': Item, Part, Description, Unit, Qty, Est. unit, Estimate,
/// Median. Each bidder then has four.
const FIXED: u16 = 8;
const PER_BIDDER: u16 = 4;
const TABLE_HEADER: u32 = 4;
const FIRST_LINE: u32 = TABLE_HEADER + 1;

/// Where a trade sheet's totals are, for the Summary's formulas.
struct TotalRows {
    as_bid_row: u32,
    plugs_row: u32,
    leveled_row: u32,
}

fn totals_rows(trade: &TradeLeveling) -> TotalRows {
    let after = FIRST_LINE + trade.lines.len() as u32 + 1;
    TotalRows {
        as_bid_row: after,
        plugs_row: after + 1,
        leveled_row: after + 2,
    }
}

struct Styles {
    f: Formats,
    plug: Format,
    flagged: Format,
    strong: Format,
    plain_flags: Format,
    count: Format,
    percent: Format,
}

impl Styles {
    fn new() -> Styles {
        let f = Formats::new();
        // Flags are one per line in their cell; the row is made as tall as its most flagged
        // cell, with the figures beside them on its last line.
        let flags = Format::new().set_text_wrap();
        Styles {
            plug: f.money.clone().set_background_color("DDEBF7").set_italic(),
            flagged: flags.clone().set_background_color("FFEB9C"),
            strong: flags.clone().set_background_color("FFC7CE"),
            plain_flags: flags,
            count: Format::new().set_align(rust_xlsxwriter::FormatAlign::Center),
            percent: Format::new().set_num_format("+0.0\"%\";-0.0\"%\";0.0\"%\""),
            f,
        }
    }
}

pub fn render(leveling: &Leveling) -> Result<Vec<u8>, crate::error::Error> {
    let s = Styles::new();
    let mut workbook =
        crate::render::xlsx_kit::workbook(&format!("Bid leveling: {}", leveling.project))?;
    let names = sheet_names(leveling);
    summary(workbook.add_worksheet(), leveling, &names, &s)?;
    for (trade, name) in leveling.trades.iter().zip(&names) {
        trade_sheet(workbook.add_worksheet(), leveling, trade, name, &s)?;
    }
    Ok(workbook.save_to_buffer()?)
}

/// A sheet name per trade: Excel's characters and length, unique.
fn sheet_names(leveling: &Leveling) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for trade in &leveling.trades {
        let base: String = trade
            .trade
            .chars()
            .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\' | '\''))
            .take(28)
            .collect();
        let base = if base.trim().is_empty() || base.eq_ignore_ascii_case("Summary") {
            format!("Trade {}", names.len() + 1)
        } else {
            base.trim().to_string()
        };
        let mut name = base.clone();
        let mut n = 2;
        while names.iter().any(|m| m.eq_ignore_ascii_case(&name)) {
            name = format!("{base} {n}");
            n += 1;
        }
        names.push(name);
    }
    names
}

fn col(c: u16) -> String {
    column_letter(u32::from(c))
}

fn bidder_col(b: usize, offset: u16) -> u16 {
    FIXED + b as u16 * PER_BIDDER + offset
}

fn trade_sheet(
    sheet: &mut Worksheet,
    leveling: &Leveling,
    trade: &TradeLeveling,
    name: &str,
    s: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name(name)?;
    let mut w = vec![6, 16, 44, 7, 9, 12, 14, 14];
    for _ in &trade.bidders {
        w.extend([12, 14, 13, 30]);
    }
    widths(sheet, &w)?;
    sheet.write_string_with_format(
        0,
        0,
        format!(
            "{} \u{2014} Bid Leveling: {}",
            leveling.project, trade.trade
        ),
        &s.f.title,
    )?;
    sheet.write_string(
        1,
        0,
        format!(
            "Flagged: off the estimate or the bids' median by more than {}% (strong: {}%). PLUG: a \
             line not priced, carried at the estimate's amount in the leveled total.",
            leveling.thresholds.flag_percent.normalize(),
            leveling.thresholds.strong_percent.normalize()
        ),
    )?;
    let mut titles: Vec<String> = [
        "Item",
        "Part",
        "Description",
        "Unit",
        "Qty",
        "Est. unit",
        "Estimate",
        "Median",
    ]
    .map(String::from)
    .to_vec();
    for (b, bidder) in trade.bidders.iter().enumerate() {
        let first = bidder_col(b, 0);
        sheet.merge_range(
            TABLE_HEADER - 1,
            first,
            TABLE_HEADER - 1,
            first + PER_BIDDER - 1,
            &bidder.name,
            &s.f.header,
        )?;
        titles.extend(["Unit price", "Amount", "Plug", "Flags"].map(String::from));
    }
    let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
    headers(sheet, TABLE_HEADER, &titles, &s.f.header)?;
    lines(sheet, trade, s)?;
    totals(sheet, trade, s)?;
    sheet.set_freeze_panes(FIRST_LINE, 3)?;
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    Ok(())
}

fn lines(sheet: &mut Worksheet, trade: &TradeLeveling, s: &Styles) -> Result<(), XlsxError> {
    for (i, line) in trade.lines.iter().enumerate() {
        let r = FIRST_LINE + i as u32;
        sheet.write_number(r, 0, line.item as f64)?;
        sheet.write_string(r, 1, &line.part)?;
        sheet.write_string(r, 2, &line.description)?;
        sheet.write_string(r, 3, &line.unit)?;
        sheet.write_number_with_format(r, 4, num(line.qty), &s.f.number)?;
        sheet.write_number_with_format(r, 5, num(line.estimate_unit), &s.f.money)?;
        sheet.write_number_with_format(r, 6, num(line.estimate_amount), &s.f.money)?;
        if let Some(median) = line.median {
            sheet.write_number_with_format(r, 7, num(median), &s.f.money)?;
        }
        for (b, entry) in line.entries.iter().enumerate() {
            let price = bidder_col(b, 0);
            if let Some(unit) = entry.unit_price {
                sheet.write_number_with_format(r, price, num(unit), &s.f.money)?;
            }
            let excel = r + 1;
            sheet.write_formula_with_format(
                r,
                price + 1,
                formula(
                    format!("=ROUND($E{excel}*{}{excel},2)", col(price)),
                    entry.amount,
                ),
                &s.f.money,
            )?;
            if entry.unit_price.is_none() {
                sheet.write_formula_with_format(
                    r,
                    price + 2,
                    formula(format!("=$G{excel}"), entry.plug),
                    &s.plug,
                )?;
            }
            let words: Vec<String> = entry.flags.iter().map(|f| f.words()).collect();
            let style = if entry.flags.iter().any(|f| f.is_strong()) {
                &s.strong
            } else if entry.flags.is_empty() {
                &s.plain_flags
            } else {
                &s.flagged
            };
            sheet.write_string_with_format(r, price + 3, words.join("\n"), style)?;
        }
        let most = line
            .entries
            .iter()
            .map(|e| e.flags.len())
            .max()
            .unwrap_or(0);
        if most > 1 {
            sheet.set_row_height(r, 15.0 * most as f64)?;
        }
    }
    Ok(())
}

fn totals(sheet: &mut Worksheet, trade: &TradeLeveling, s: &Styles) -> Result<(), XlsxError> {
    let rows = totals_rows(trade);
    let first = FIRST_LINE + 1;
    let last = FIRST_LINE + trade.lines.len().max(1) as u32;
    let sum = |c: u16| format!("=SUM({0}{first}:{0}{last})", col(c));
    let bold_money = s.f.money_bold.clone();
    for (row, label) in [
        (rows.as_bid_row, "Total as bid"),
        (rows.plugs_row, "Plugs"),
        (rows.leveled_row, "Leveled total"),
    ] {
        sheet.write_string_with_format(row, 2, label, &s.f.bold)?;
    }
    sheet.write_string_with_format(
        rows.leveled_row + 1,
        2,
        "Leveled against the estimate",
        &s.f.bold,
    )?;
    sheet.write_string_with_format(
        rows.leveled_row + 2,
        2,
        "Lines not priced / flagged",
        &s.f.bold,
    )?;
    sheet.write_formula_with_format(
        rows.as_bid_row,
        6,
        formula(sum(6), trade.estimate),
        &bold_money,
    )?;
    sheet.write_formula_with_format(
        rows.leveled_row,
        6,
        formula(format!("=G{}", rows.as_bid_row + 1), trade.estimate),
        &bold_money,
    )?;
    for (b, bidder) in trade.bidders.iter().enumerate() {
        let amount = bidder_col(b, 1);
        let a = col(amount);
        sheet.write_formula_with_format(
            rows.as_bid_row,
            amount,
            formula(sum(amount), bidder.as_bid),
            &bold_money,
        )?;
        sheet.write_formula_with_format(
            rows.plugs_row,
            amount,
            formula(sum(amount + 1), bidder.plugs),
            &bold_money,
        )?;
        sheet.write_formula_with_format(
            rows.leveled_row,
            amount,
            formula(
                format!("={a}{}+{a}{}", rows.as_bid_row + 1, rows.plugs_row + 1),
                bidder.leveled,
            ),
            &bold_money,
        )?;
        if let Some(p) = bidder.vs_estimate {
            let leveled = format!("{a}{}", rows.leveled_row + 1);
            let est = format!("$G{}", rows.leveled_row + 1);
            sheet.write_formula_with_format(
                rows.leveled_row + 1,
                amount,
                formula(format!("=ROUND(({leveled}-{est})/{est}*100,1)"), p),
                &s.percent,
            )?;
        }
        sheet.write_string(
            rows.leveled_row + 2,
            amount,
            format!("{} / {}", bidder.missing_lines, bidder.flagged_lines),
        )?;
        sheet.write_string_with_format(
            rows.leveled_row + 3,
            amount,
            low_label(trade, b),
            &s.f.bold,
        )?;
    }
    Ok(())
}

/// `Apparent low`, `Leveled low`, `Recommended`, as they apply to bidder `b`.
pub fn low_label(trade: &TradeLeveling, b: usize) -> String {
    let mut labels = Vec::new();
    if trade.apparent_low == Some(b) {
        labels.push("Apparent low");
    }
    if trade.leveled_low == Some(b) {
        labels.push("Leveled low");
    }
    if trade.recommendation.as_ref().is_some_and(|r| r.bidder == b) {
        labels.push("Recommended");
    }
    labels.join(", ")
}

fn summary(
    sheet: &mut Worksheet,
    leveling: &Leveling,
    names: &[String],
    s: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name("Summary")?;
    widths(sheet, &[24, 14, 28, 14, 14, 14, 12, 10, 10, 30])?;
    sheet.write_string_with_format(
        0,
        0,
        format!("{} \u{2014} Bid Leveling Summary", leveling.project),
        &s.f.title,
    )?;
    if !leveling.revision.is_empty() {
        sheet.write_string(1, 0, format!("Revision {}", leveling.revision))?;
    }
    let titles = [
        "Trade",
        "Estimate",
        "Bidder",
        "As bid",
        "Plugs",
        "Leveled",
        "vs estimate",
        "Not priced",
        "Flagged",
        "Standing",
    ];
    headers(sheet, 3, &titles, &s.f.header)?;
    let mut r = 4;
    for (trade, name) in leveling.trades.iter().zip(names) {
        let rows = totals_rows(trade);
        let at = |c: u16, row: u32| format!("='{name}'!{}{}", col(c), row + 1);
        for (b, bidder) in trade.bidders.iter().enumerate() {
            let amount = bidder_col(b, 1);
            sheet.write_string(r, 0, &trade.trade)?;
            write_money(
                sheet,
                r,
                1,
                at(6, rows.as_bid_row),
                trade.estimate,
                &s.f.money,
            )?;
            sheet.write_string(r, 2, &bidder.name)?;
            write_money(
                sheet,
                r,
                3,
                at(amount, rows.as_bid_row),
                bidder.as_bid,
                &s.f.money,
            )?;
            write_money(
                sheet,
                r,
                4,
                at(amount, rows.plugs_row),
                bidder.plugs,
                &s.f.money,
            )?;
            write_money(
                sheet,
                r,
                5,
                at(amount, rows.leveled_row),
                bidder.leveled,
                &s.f.money,
            )?;
            if let Some(p) = bidder.vs_estimate {
                write_money(sheet, r, 6, at(amount, rows.leveled_row + 1), p, &s.percent)?;
            }
            sheet.write_number_with_format(r, 7, bidder.missing_lines as f64, &s.count)?;
            sheet.write_number_with_format(r, 8, bidder.flagged_lines as f64, &s.count)?;
            sheet.write_string(r, 9, low_label(trade, b))?;
            r += 1;
        }
        r += 1;
    }
    sheet.write_string_with_format(r, 0, "All trades leveled", &s.f.bold)?;
    sheet.write_number_with_format(r, 1, num(leveling.estimate), &s.f.money_bold)?;
    sheet.write_string_with_format(r, 2, "Recommended awards", &s.f.bold)?;
    sheet.write_number_with_format(r, 5, num(leveling.recommended), &s.f.money_bold)?;
    sheet.set_freeze_panes(4, 0)?;
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    Ok(())
}

fn write_money(
    sheet: &mut Worksheet,
    row: u32,
    c: u16,
    text: String,
    value: Decimal,
    format: &Format,
) -> Result<(), XlsxError> {
    let f: Formula = formula(text, value);
    sheet.write_formula_with_format(row, c, f, format)?;
    Ok(())
}
