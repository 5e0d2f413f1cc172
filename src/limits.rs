//! The stated maximums of everything a user's files give: counts, prices, rates, hours and
//! percentages. Checked where each is read (its cell, or its file, line and key), they make the
//! estimate's arithmetic unable to overflow: the largest possible total is computed from them
//! by a test (tests/hostile_money.rs) and sits far inside what an exact decimal holds.

use rust_decimal::Decimal;

/// Devices of one kind in one room.
pub const MAX_DEVICE_COUNT: u32 = 10_000;
/// Rooms in one room list: what `build` and `diff` write within 400 MB at the most text a room
/// may carry (measured with bench/hostile.py, class 5), with room for a campus of 11,000 rooms.
pub const MAX_ROOMS: usize = 15_000;
/// Characters in one spreadsheet cell: Excel's limit, for what is read and what is written.
pub const MAX_CELL_CHARS: usize = 32_767;
/// Characters of text one room carries (number, name, department, floor, building, IDF, notes):
/// a room's text is repeated in several documents, so it bounds what a build holds (with
/// [`MAX_ROOMS`], `diff` of two lists at both limits peaks near 350 MB).
pub const MAX_ROOM_TEXT: usize = 1_000;
/// Characters of one text value of a project file (a name, a facility).
pub const MAX_PROJECT_TEXT: usize = 1_000;
/// Characters of a name in the catalog (a part, its description, a discipline, a room type).
pub const MAX_CATALOG_NAME: usize = 500;
/// Characters of a catalog's standing text (a discipline's scope, a clause).
pub const MAX_CATALOG_TEXT: usize = 8_000;
/// A part's unit cost, in dollars.
pub const MAX_UNIT_COST: u64 = 10_000_000;
/// Labor hours per unit of a part.
pub const MAX_LABOR_HOURS: u64 = 1_000;
/// A discipline's hourly labor rate, in dollars.
pub const MAX_LABOR_RATE: u64 = 10_000;
/// A quantity of a part in a list of parts (per device, per room, per telecom room).
pub const MAX_PART_QTY: u64 = 1_000;
/// Parts in one list of parts (a device's, a room type's fixed items, a telecom room's).
pub const MAX_PART_LIST: usize = 100;
/// A project's approved budget, in dollars.
pub const MAX_BUDGET: u64 = 1_000_000_000_000;
/// Spare capacity over the ports a telecom room serves, in percent.
pub const MAX_SPARE_PERCENT: u64 = 200;
/// Ports per switch or patch panel, switches per telecom room, switches per added item.
pub const MAX_PORTS: u32 = 10_000;
/// Switch ports one device takes.
pub const MAX_PORTS_PER_DEVICE: u32 = 10;
/// How far above standard a count may be before it is pointed out.
pub const MAX_HIGH_COUNT_FACTOR: u64 = 1_000;
/// Decimal places of any price, rate, hours or quantity: cents and fractions of hours need few.
pub const MAX_SCALE: u32 = 6;

/// `value` within `0..=max` and with at most [`MAX_SCALE`] decimal places; else what is wrong.
pub fn check_amount(value: Decimal, max: u64, what: &str) -> Result<(), String> {
    if value.is_sign_negative() && !value.is_zero() {
        return Err(format!("{what} cannot be negative, found {value}"));
    }
    if value > Decimal::from(max) {
        return Err(format!(
            "{what} must be at most {}, found {value}",
            crate::money::group_thousands(&max.to_string())
        ));
    }
    if value.normalize().scale() > MAX_SCALE {
        return Err(format!(
            "{what} has more than {MAX_SCALE} decimal places, found {value}"
        ));
    }
    Ok(())
}

// Device totals are u32: every room at its maximum still fits.
const _: () = assert!((MAX_ROOMS as u64) * (MAX_DEVICE_COUNT as u64) < u32::MAX as u64);
