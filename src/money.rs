//! Exact money: rounding to the cent and printing as people read dollars.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Deserialize;

/// Zero dollars, written with its cents ("0.00").
pub const ZERO_CENTS: Decimal = Decimal::from_parts(0, 0, 0, false, 2);

/// Round to the cent, half away from zero (not banker's rounding). The result always carries two
/// decimal places, so money prints as "96.00", never "96", in JSON and CSV.
pub fn round_cents(value: Decimal) -> Decimal {
    // Most amounts (a count times a price) are already whole cents: nothing to round.
    let mut rounded = if value.scale() <= 2 {
        value
    } else {
        value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
    };
    rounded.rescale(2);
    rounded
}

/// `value × percent / 100`, rounded to the cent.
pub fn percent_of(value: Decimal, percent: Decimal) -> Decimal {
    round_cents(value * percent / Decimal::ONE_HUNDRED)
}

/// `$1,234.56`, `-$1,234.56`.
pub fn format_dollars(value: Decimal) -> String {
    let rounded = round_cents(value);
    let sign = if rounded.is_sign_negative() && !rounded.is_zero() {
        "-"
    } else {
        ""
    };
    format!(
        "{sign}${}",
        group_thousands(&format!("{:.2}", rounded.abs()))
    )
}

/// `1234.5` → `1,234.5`; the fraction is left as it is.
pub fn group_thousands(number: &str) -> String {
    let (int, frac) = number
        .split_once('.')
        .map_or((number, None), |(i, f)| (i, Some(f)));
    let mut out = String::with_capacity(number.len() + number.len() / 3);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(frac) = frac {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// A quantity without trailing zeros: `2.000` → `2`, `1.50` → `1.5`.
pub fn format_qty(value: Decimal) -> String {
    value.normalize().to_string()
}

/// [`format_qty`]'s text appended to `out`, written from the decimal's digits: no text is made on
/// the way (a campus-scale package writes millions of figures).
pub fn push_qty(out: &mut Vec<u8>, value: Decimal) {
    let digits = value.mantissa().unsigned_abs();
    if digits == 0 {
        out.push(b'0');
        return;
    }
    if value.is_sign_negative() {
        out.push(b'-');
    }
    let scale = value.scale();
    let unit = 10u128.pow(scale);
    out.extend_from_slice(itoa::Buffer::new().format(digits / unit).as_bytes());
    let mut fraction = digits % unit;
    if fraction == 0 {
        return;
    }
    // The fraction's digits, zero-padded to the scale, trailing zeros dropped.
    let mut places = scale as usize;
    while fraction.is_multiple_of(10) {
        fraction /= 10;
        places -= 1;
    }
    out.push(b'.');
    let mut buffer = itoa::Buffer::new();
    let fraction = buffer.format(fraction);
    out.extend(std::iter::repeat_n(b'0', places - fraction.len()));
    out.extend_from_slice(fraction.as_bytes());
}

/// `value` with two decimals, as `format!("{value:.2}")` writes it, appended to `out`.
pub fn push_cents(out: &mut Vec<u8>, value: Decimal) {
    let digits = value.mantissa().unsigned_abs();
    let scale = value.scale();
    // What is not a plain amount to the cent (more places, a zero's sign) takes the long way.
    if scale > 2 || digits == 0 {
        out.extend_from_slice(format!("{value:.2}").as_bytes());
        return;
    }
    if value.is_sign_negative() {
        out.push(b'-');
    }
    let cents = digits * 10u128.pow(2 - scale);
    out.extend_from_slice(itoa::Buffer::new().format(cents / 100).as_bytes());
    let fraction = (cents % 100) as u8;
    out.extend_from_slice(&[b'.', b'0' + fraction / 10, b'0' + fraction % 10]);
}

/// Serde: read a decimal from a string (`"1395.00"`) or an integer, never through a float, so a
/// price in a TOML file is exactly what was typed.
pub fn exact<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
    struct Exact;
    impl serde::de::Visitor<'_> for Exact {
        type Value = Decimal;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a decimal written as a string, like \"1395.00\", or a whole number")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Decimal, E> {
            v.trim()
                .parse::<Decimal>()
                .map_err(|_| E::custom(format!("'{v}' is not a decimal number")))
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Decimal, E> {
            Ok(Decimal::from(v))
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Decimal, E> {
            Ok(Decimal::from(v))
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Decimal, E> {
            Err(E::custom(format!(
                "write {v:?} as a string (\"{v:?}\") so it is read exactly, not as a floating-point number"
            )))
        }
    }
    deserializer.deserialize_any(Exact)
}

/// Serde: [`exact`] for an optional field.
pub fn exact_option<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Decimal>, D::Error> {
    #[derive(serde::Deserialize)]
    struct Wrapped(#[serde(deserialize_with = "exact")] Decimal);
    Option::<Wrapped>::deserialize(deserializer).map(|w| w.map(|Wrapped(d)| d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    /// Decimals of every scale and sign, small and large, for the pushed figures' tests.
    fn many_decimals() -> Vec<Decimal> {
        let mut values = vec![
            Decimal::ZERO,
            ZERO_CENTS,
            -ZERO_CENTS,
            Decimal::new(-0, 5),
            Decimal::new(43500, 2),
            Decimal::new(-1050, 3),
            Decimal::new(5, 28),
            Decimal::MAX,
            Decimal::MIN,
        ];
        let mut seed = 11u64;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let scale = (seed % 12) as u32;
            values.push(Decimal::new((seed >> 20) as i64 - (1 << 43), scale));
        }
        values
    }

    fn pushed(push: fn(&mut Vec<u8>, Decimal), value: Decimal) -> String {
        let mut out = Vec::new();
        push(&mut out, value);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn rounding_to_the_cent_is_the_rounding_of_every_scale() {
        for value in many_decimals() {
            let mut expected =
                value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
            expected.rescale(2);
            let rounded = round_cents(value);
            assert_eq!(rounded, expected, "{value:?}");
            assert_eq!(rounded.to_string(), expected.to_string(), "{value:?}");
        }
    }

    #[test]
    fn pushed_figures_are_the_text_of_the_figures() {
        for value in many_decimals() {
            assert_eq!(pushed(push_qty, value), format_qty(value), "{value:?}");
            assert_eq!(
                pushed(push_cents, value),
                format!("{value:.2}"),
                "{value:?}"
            );
        }
        assert_eq!(pushed(push_qty, d("-1.050")), "-1.05");
        assert_eq!(pushed(push_qty, d("0.000001")), "0.000001");
        assert_eq!(pushed(push_cents, d("-7.5")), "-7.50");
        assert_eq!(pushed(push_cents, d("1234")), "1234.00");
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(round_cents(d("0.125")), d("0.13"));
        assert_eq!(round_cents(d("0.135")), d("0.14"));
        assert_eq!(round_cents(d("-0.125")), d("-0.13"));
        assert_eq!(percent_of(d("1000.10"), d("8.25")), d("82.51"));
        assert_eq!(round_cents(d("96")).to_string(), "96.00");
        assert_eq!(round_cents(d("1867.5")).to_string(), "1867.50");
        assert_eq!(ZERO_CENTS.to_string(), "0.00");
    }

    #[test]
    fn formats_dollars() {
        assert_eq!(format_dollars(d("1234567.891")), "$1,234,567.89");
        assert_eq!(format_dollars(d("-12.5")), "-$12.50");
        assert_eq!(format_dollars(d("0")), "$0.00");
        assert_eq!(format_dollars(d("999")), "$999.00");
        assert_eq!(format_qty(d("2.000")), "2");
    }

    #[test]
    fn exact_reads_strings_and_integers_and_refuses_floats() {
        #[derive(serde::Deserialize)]
        struct Price {
            #[serde(deserialize_with = "exact")]
            value: Decimal,
        }
        let read = |text: &str| toml::from_str::<Price>(text).map(|p| p.value);
        assert_eq!(read("value = \"0.1\"").unwrap(), d("0.1"));
        assert_eq!(read("value = 12").unwrap(), d("12"));
        let error = read("value = 0.1").unwrap_err().to_string();
        assert!(error.contains("write 0.1 as a string"), "{error}");
        assert!(read("value = \"ten\"").is_err());
    }
}
