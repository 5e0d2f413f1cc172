//! `line-items.csv` and `rooms.csv`: flat tables for Power BI and other dashboards. UTF-8 with a
//! byte-order mark (so Excel reads accents right), numbers as plain decimals, and any text that a
//! spreadsheet would run as a formula neutralised with a leading apostrophe.

use crate::devices::DeviceKind;
use crate::estimate::Estimate;
use crate::money::{format_qty, push_cents, push_qty};
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::io::Write;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Text as a cell that cannot run: `=`, `+`, `-`, `@` start formulas (or DDE) in Excel and its
/// kin. Control characters are dropped (line breaks and tabs become spaces): a dashboard reads
/// one line per record, and an escape sequence has no place in a table.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    // A leading tab or carriage return also starts a formula in some spreadsheets.
    let starts_formula = matches!(
        text.chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r')
    );
    // Most text needs nothing: a campus writes a million cells.
    if !starts_formula && !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let text: String = text
        .chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect();
    if starts_formula {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Owned(text)
    }
}

fn money(value: Decimal) -> String {
    format!("{value:.2}")
}

/// Streams the table: a campus has a hundred thousand lines, and none need to be held at once.
fn write(
    out: &mut dyn Write,
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> std::io::Result<()> {
    out.write_all(BOM)?;
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(header)?;
    for row in rows {
        writer.write_record(&row)?;
    }
    writer.flush()
}

pub fn line_items(estimate: &Estimate, out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(BOM)?;
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(super::LINE_ITEM_COLUMNS)?;
    // Field by field: no row of strings is built for each of a campus's hundred thousand lines.
    let mut figure = Vec::with_capacity(32);
    for l in &estimate.lines {
        for text in [
            l.location.label(),
            &l.place,
            &l.part,
            &l.description,
            &l.unit,
            &l.discipline_name,
            l.trade.as_deref().unwrap_or("Internal IT"),
        ] {
            writer.write_field(neutralise(text).as_bytes())?;
        }
        // Figures written from their digits into one buffer, not a string each.
        let mut field = |push: fn(&mut Vec<u8>, Decimal), value| {
            figure.clear();
            push(&mut figure, value);
            writer.write_field(&figure)
        };
        field(push_qty, l.qty)?;
        field(push_cents, l.unit_cost)?;
        field(push_cents, l.material)?;
        field(push_qty, l.labor_hours)?;
        for amount in [l.labor_rate, l.labor, l.total] {
            field(push_cents, amount)?;
        }
        writer.write_record(std::iter::empty::<&[u8]>())?;
    }
    writer.flush()
}

pub fn rooms(estimate: &Estimate, out: &mut dyn Write) -> std::io::Result<()> {
    let mut header = vec![
        "Room",
        "Name",
        "Room Type",
        "Department",
        "Floor",
        "Building",
        "IDF",
        "Area (SF)",
    ];
    header.extend(DeviceKind::ALL.iter().map(|k| k.label()));
    header.extend(["Material", "Labor", "Total"]);
    header.extend(["Type Source", "Type As Given", "Counts From Model", "Notes"]);
    let text = |v: &Option<String>| neutralise(v.as_deref().unwrap_or("")).into_owned();
    let rows = estimate.rooms.iter().map(|r| {
        let mut row = vec![
            neutralise(&r.number).into_owned(),
            neutralise(&r.name).into_owned(),
            neutralise(&r.room_type).into_owned(),
            text(&r.department),
            text(&r.floor),
            text(&r.building),
            text(&r.idf),
            r.area_sf.map(format_qty).unwrap_or_default(),
        ];
        row.extend(DeviceKind::ALL.iter().map(|k| r.counts[*k].to_string()));
        row.extend([money(r.material), money(r.labor), money(r.total)]);
        let model: Vec<&str> = r.model_counts.iter().map(|k| k.label()).collect();
        row.extend([
            r.resolution.label().to_string(),
            text(&r.type_given),
            model.join(", "),
            text(&r.notes),
        ]);
        row
    });
    write(out, &header, rows)
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn formula_like_text_is_neutralised() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("+1"), "'+1");
        assert_eq!(neutralise("-2"), "'-2");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("Exam 1-2"), "Exam 1-2");
        assert_eq!(neutralise(""), "");
        assert_eq!(neutralise("\t=1"), "' =1");
        assert_eq!(neutralise("a\u{1b}[31mb\u{7}\nc"), "a[31mb c");
    }
}
