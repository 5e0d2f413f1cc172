//! Calendar dates and working days, without a date library: the schedule needs whole days only,
//! in the proleptic Gregorian calendar, and must never read the clock.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// A calendar day, counted from 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

/// Years a date may fall in: wide enough for any project, narrow enough that day arithmetic on
/// them can never overflow.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2199;

impl Date {
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !YEARS.contains(&year) || !(1..=12).contains(&month) || day == 0 {
            return None;
        }
        if day > days_in_month(year, month) {
            return None;
        }
        Some(Date(days_from_civil(year, month, day)))
    }

    /// (year, month, day).
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.0)
    }

    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday.
        Weekday::ALL[(self.0 + 3).rem_euclid(7) as usize]
    }

    /// The day `n` calendar days later (earlier when negative).
    pub fn plus_days(self, n: i32) -> Date {
        Date(self.0.saturating_add(n))
    }

    /// Calendar days from `self` to `later`.
    pub fn days_until(self, later: Date) -> i32 {
        later.0 - self.0
    }

    /// A date as people type it or a spreadsheet gives it: `2027-03-15` (also with a time after
    /// it, as ISO timestamps have), `3/15/2027` (US order), or an Excel date serial (`46461`).
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        if let Some(date) = parse_iso(text) {
            return Some(date);
        }
        if let Some(date) = parse_us(text) {
            return Some(date);
        }
        let serial: f64 = text.parse().ok()?;
        Date::from_excel_serial(serial)
    }

    /// Excel's 1900 date system: serial 1 is 1900-01-01, and serial 60 is the 29 February 1900
    /// that Excel counts but never was; a fraction is a time of day and is dropped.
    pub fn from_excel_serial(serial: f64) -> Option<Date> {
        if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
            return None;
        }
        let whole = serial.trunc() as i32;
        let epoch = days_from_civil(1899, 12, 31);
        let days = if whole >= 60 { whole - 1 } else { whole };
        let date = Date(epoch + days);
        YEARS.contains(&date.ymd().0).then_some(date)
    }

    /// `15 Mar 2027`, for tables.
    pub fn short(self) -> String {
        let (y, m, d) = self.ymd();
        format!("{d} {} {y}", MONTHS[(m - 1) as usize])
    }

    /// `March 15, 2027`, for sentences.
    pub fn long(self) -> String {
        let (y, m, d) = self.ymd();
        format!("{} {d}, {y}", MONTH_NAMES[(m - 1) as usize])
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let text = date_text(deserializer)?;
        Date::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "'{text}' is not a date (write it as YYYY-MM-DD, like 2027-03-15)"
            ))
        })
    }
}

/// Serde: a date field's text as written: a string, a TOML date (`2027-03-15` without quotes) or
/// a number (an Excel serial), so a date reads the same however the file spells it.
pub fn date_text<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    struct Text;
    impl<'de> serde::de::Visitor<'de> for Text {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a date, like \"2027-03-15\"")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<String, E> {
            Ok(v.to_string())
        }
        // The toml crate hands a date literal over as a one-entry map holding its text.
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<String, A::Error> {
            let Some((_, value)) = map.next_entry::<String, String>()? else {
                return Err(serde::de::Error::custom("an empty table is not a date"));
            };
            Ok(value)
        }
    }
    deserializer.deserialize_any(Text)
}

/// Serde: an optional [`date_text`].
pub fn date_text_option<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    struct Wrapped(#[serde(deserialize_with = "date_text")] String);
    Option::<Wrapped>::deserialize(deserializer).map(|w| w.map(|Wrapped(t)| t))
}

/// Serde: a list of [`date_text`].
pub fn date_text_list<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    struct Wrapped(#[serde(deserialize_with = "date_text")] String);
    Vec::<Wrapped>::deserialize(deserializer).map(|w| w.into_iter().map(|Wrapped(t)| t).collect())
}

fn parse_iso(text: &str) -> Option<Date> {
    let day_part = text.split(['T', ' ']).next()?;
    let mut parts = day_part.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.is_empty() || m.len() > 2 || d.is_empty() {
        return None;
    }
    if d.len() > 2 {
        return None;
    }
    Date::from_ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

fn parse_us(text: &str) -> Option<Date> {
    let mut parts = text.split('/');
    let (m, d, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || m.len() > 2 || d.len() > 2 || y.len() != 4 {
        return None;
    }
    Date::from_ymd(
        y.parse().ok()?,
        m.trim().parse().ok()?,
        d.trim().parse().ok()?,
    )
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's days_from_civil and civil_from_days.
fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i32) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i32::from(month <= 2);
    (year, month, day)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    /// Microsoft Project's day number: 1 is Sunday, 7 is Saturday.
    pub fn project_day_type(self) -> u8 {
        match self {
            Weekday::Sun => 1,
            Weekday::Mon => 2,
            Weekday::Tue => 3,
            Weekday::Wed => 4,
            Weekday::Thu => 5,
            Weekday::Fri => 6,
            Weekday::Sat => 7,
        }
    }
}

/// Which days are worked: the working week less the holidays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    week: [bool; 7],
    holidays: BTreeSet<Date>,
}

impl Calendar {
    /// A calendar of these working weekdays and holidays; with no working weekday at all, the
    /// whole week is worked (validation refuses that catalog, so this only keeps the arithmetic
    /// below from searching forever).
    pub fn new(work_week: &[Weekday], holidays: impl IntoIterator<Item = Date>) -> Calendar {
        let mut week = [false; 7];
        for day in work_week {
            week[*day as usize] = true;
        }
        if !week.contains(&true) {
            week = [true; 7];
        }
        Calendar {
            week,
            holidays: holidays.into_iter().collect(),
        }
    }

    pub fn works_on(&self, weekday: Weekday) -> bool {
        self.week[weekday as usize]
    }

    pub fn holidays(&self) -> impl Iterator<Item = Date> + '_ {
        self.holidays.iter().copied()
    }

    pub fn is_working(&self, date: Date) -> bool {
        self.week[date.weekday() as usize] && !self.holidays.contains(&date)
    }

    /// `date` if it is worked, else the next working day.
    pub fn on_or_after(&self, date: Date) -> Date {
        let mut d = date;
        while !self.is_working(d) {
            d = d.plus_days(1);
        }
        d
    }

    /// `date` if it is worked, else the working day before it.
    pub fn on_or_before(&self, date: Date) -> Date {
        let mut d = date;
        while !self.is_working(d) {
            d = d.plus_days(-1);
        }
        d
    }

    /// The working day `n` working days after `date` (before it when `n` is negative), counting
    /// from `date`'s own working day.
    pub fn add_working_days(&self, date: Date, n: i64) -> Date {
        let step = if n < 0 { -1 } else { 1 };
        let mut d = if n < 0 {
            self.on_or_before(date)
        } else {
            self.on_or_after(date)
        };
        for _ in 0..n.unsigned_abs() {
            d = d.plus_days(step);
            while !self.is_working(d) {
                d = d.plus_days(step);
            }
        }
        d
    }

    /// The working days `offsets` working days after `first` (a working day), in one walk over
    /// the calendar however many offsets are asked for; negative offsets are taken as 0.
    pub fn dates_at(&self, first: Date, offsets: &[i64]) -> BTreeMap<i64, Date> {
        let wanted: BTreeSet<i64> = offsets.iter().map(|o| (*o).max(0)).collect();
        let mut out = BTreeMap::new();
        let mut day = self.on_or_after(first);
        let mut at = 0i64;
        for offset in wanted {
            while at < offset {
                day = day.plus_days(1);
                while !self.is_working(day) {
                    day = day.plus_days(1);
                }
                at += 1;
            }
            out.insert(offset, day);
        }
        out
    }

    /// Working days from `from` to `to`, both included (0 when `to` is before `from`).
    pub fn working_days(&self, from: Date, to: Date) -> i64 {
        let mut count = 0;
        let mut d = from;
        while d <= to {
            if self.is_working(d) {
                count += 1;
            }
            d = d.plus_days(1);
        }
        count
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn reads_iso_us_and_excel_serial_dates() {
        assert_eq!(date("2027-03-15").ymd(), (2027, 3, 15));
        assert_eq!(date("3/15/2027"), date("2027-03-15"));
        assert_eq!(date("2027-03-15T00:00:00"), date("2027-03-15"));
        // Excel: 1 is 1900-01-01, 61 is 1900-03-01 (60 is Excel's phantom 29 February).
        assert_eq!(date("1"), date("1900-01-01"));
        assert_eq!(date("61"), date("1900-03-01"));
        assert_eq!(date("46461"), date("2027-03-15"));
        assert_eq!(date("46461.75"), date("2027-03-15"));
        for bad in [
            "2027-02-29",
            "2027-13-01",
            "15/3/2027",
            "soon",
            "",
            "0",
            "-5",
            "1e300",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        assert_eq!(date("2028-02-29").to_string(), "2028-02-29");
        assert_eq!(date("2027-03-15").long(), "March 15, 2027");
        assert_eq!(date("2027-03-05").short(), "5 Mar 2027");
    }

    #[test]
    fn knows_weekdays_across_centuries() {
        assert_eq!(date("1970-01-01").weekday(), Weekday::Thu);
        assert_eq!(date("2027-09-01").weekday(), Weekday::Wed);
        assert_eq!(date("2000-02-29").weekday(), Weekday::Tue);
        assert_eq!(date("1900-01-01").weekday(), Weekday::Mon);
        for days in -30_000..30_000 {
            let d = Date(days);
            let (y, m, dd) = d.ymd();
            assert_eq!(Date::from_ymd(y, m, dd).unwrap_or(d), d);
        }
    }

    #[test]
    fn counts_working_days_around_weekends_and_holidays() {
        let week = [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
        ];
        let calendar = Calendar::new(&week, [date("2027-07-05")]);
        // Friday 2 July + 1 working day skips the weekend and the Monday holiday.
        assert_eq!(
            calendar.add_working_days(date("2027-07-02"), 1),
            date("2027-07-06")
        );
        assert_eq!(
            calendar.add_working_days(date("2027-07-06"), -1),
            date("2027-07-02")
        );
        assert_eq!(
            calendar.add_working_days(date("2027-07-03"), 0),
            date("2027-07-06")
        );
        assert_eq!(
            calendar.working_days(date("2027-07-01"), date("2027-07-09")),
            6
        );
        assert_eq!(
            calendar.on_or_before(date("2027-07-05")),
            date("2027-07-02")
        );
        assert!(!calendar.is_working(date("2027-07-05")));
        let at = calendar.dates_at(date("2027-06-28"), &[9, 0, 4, 5, 4]);
        for (offset, day) in &at {
            assert_eq!(*day, calendar.add_working_days(date("2027-06-28"), *offset));
        }
        assert_eq!(at.len(), 4);
    }

    #[test]
    fn reads_dates_from_toml_strings_literals_and_numbers() {
        #[derive(Deserialize)]
        struct Doc {
            a: Date,
            b: Date,
            c: Date,
            #[serde(default, deserialize_with = "date_text_option")]
            d: Option<String>,
        }
        let doc: Doc =
            toml::from_str("a = \"2027-03-15\"\nb = 2027-03-15\nc = 46461\nd = 2027-03-15\n")
                .unwrap();
        assert_eq!(doc.a, doc.b);
        assert_eq!(doc.b, doc.c);
        assert_eq!(doc.d.as_deref(), Some("2027-03-15"));
        let error = toml::from_str::<Doc>("a = \"2027-02-30\"\nb = 1\nc = 1\n")
            .err()
            .unwrap()
            .to_string();
        assert!(error.contains("'2027-02-30' is not a date"), "{error}");
    }
}
