//! Money arithmetic cannot overflow (issue 13, class 2): the stated maximums (src/limits.rs)
//! bound every amount, and the largest total they allow is computed here with checked decimal
//! arithmetic and shown to sit far inside what rust_decimal holds; then a catalog with every
//! price, rate, hour, quantity and percentage at its maximum expands rooms at the largest
//! counts, exactly.

use rust_decimal::Decimal;
use sowgen::{Catalog, DeviceCounts, Package, Room, RoomList, estimate};
use std::path::Path;

// The limits, as stated in src/limits.rs (a test cannot see the private module; these are
// checked against the public ones and against what the catalog refuses below).
const MAX_ROOMS: u64 = sowgen::MAX_ROOMS as u64;
const MAX_DEVICE_COUNT: u64 = sowgen::MAX_DEVICE_COUNT as u64;
const MAX_UNIT_COST: u64 = 10_000_000;
const MAX_LABOR_HOURS: u64 = 1_000;
const MAX_LABOR_RATE: u64 = 10_000;
const MAX_PART_QTY: u64 = 1_000;
const MAX_PART_LIST: u64 = 100;
const MAX_PORTS_PER_DEVICE: u64 = 10;
const MAX_SPARE_PERCENT: u64 = 200;
const KINDS: u64 = 6;

fn d(n: u64) -> Decimal {
    Decimal::from(n)
}

#[test]
fn the_largest_possible_total_fits_exactly_in_a_decimal() {
    let checked = |a: Decimal, b: Decimal| a.checked_mul(b).expect("no overflow");
    // Units over all room lines: each room's devices through their lists, and its fixed items.
    let per_room = d(KINDS * MAX_DEVICE_COUNT * MAX_PART_LIST * MAX_PART_QTY)
        + d(MAX_PART_LIST * MAX_PART_QTY);
    let room_units = checked(d(MAX_ROOMS), per_room);
    // Telecom rooms: every port of every device with the largest spare, one port per switch,
    // and every per-switch item at its largest quantity.
    let ports = d(MAX_ROOMS * KINDS * MAX_DEVICE_COUNT * MAX_PORTS_PER_DEVICE);
    let switches = checked(ports, d(100 + MAX_SPARE_PERCENT)) / d(100) + d(MAX_ROOMS);
    let per_switch = d(1 + MAX_PART_LIST * MAX_PART_QTY);
    let telecom_units =
        checked(switches, per_switch) + ports + d(MAX_ROOMS * MAX_PART_LIST * MAX_PART_QTY);
    let unit_price = d(MAX_UNIT_COST) + d(MAX_LABOR_HOURS * MAX_LABOR_RATE);
    let subtotal = checked(room_units + telecom_units, unit_price);
    // Project management, tax and contingency, each at most 100%.
    let total = checked(subtotal, d(8));
    // In cents, with room to spare: sums of lines rounded to the cent stay exact.
    let cents = checked(total, d(100));
    // A hundredfold margin: every sum of cents is exact, and no product can overflow.
    assert!(cents < Decimal::MAX / d(100), "{total}");
}

/// The default catalog with every amount at its stated maximum.
fn maximal_catalog() -> String {
    let max_line = |line: &str| -> String {
        let key = line.split('=').next().unwrap_or("").trim();
        match key {
            "unit_cost" => format!("unit_cost = \"{MAX_UNIT_COST}\""),
            "labor_hours" => format!("labor_hours = \"{MAX_LABOR_HOURS}\""),
            "labor_rate" => format!("labor_rate = \"{MAX_LABOR_RATE}\""),
            "contingency_percent" | "sales_tax_percent" | "project_management_percent" => {
                format!("{key} = \"100\"")
            }
            "spare_percent" => format!("spare_percent = \"{MAX_SPARE_PERCENT}\""),
            "ports_per_switch" | "ports_per_patch_panel" => format!("{key} = 1"),
            _ => line.to_string(),
        }
    };
    let mut out = String::new();
    for line in sowgen::DEFAULT_CATALOG.lines() {
        let mut line = max_line(line);
        // Quantities in lists of parts: `qty = 1.5` → the largest.
        while let Some(at) = line.find("qty = ") {
            let start = at + "qty = ".len();
            let end = line[start..]
                .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '"'))
                .map_or(line.len(), |e| start + e);
            line.replace_range(at..end, &format!("qty_ = {MAX_PART_QTY}"));
        }
        out.push_str(&line.replace("qty_ = ", "qty = "));
        out.push('\n');
    }
    out
}

#[test]
fn a_catalog_at_every_maximum_expands_the_largest_rooms_exactly() {
    let text = maximal_catalog();
    let catalog = Catalog::parse(&text, Path::new("max.toml")).unwrap();
    // One past a maximum is refused.
    let over = text.replacen(
        &format!("unit_cost = \"{MAX_UNIT_COST}\""),
        &format!("unit_cost = \"{}\"", MAX_UNIT_COST + 1),
        1,
    );
    assert!(Catalog::parse(&over, Path::new("over.toml")).is_err());
    let max = sowgen::MAX_DEVICE_COUNT;
    let rooms: Vec<Room> = catalog
        .room_types()
        .iter()
        .enumerate()
        .flat_map(|(i, t)| {
            (0..20).map(move |j| {
                Room::new(&format!("{i}-{j}"), &t.name, DeviceCounts::new([max; 6])).idf("IDF-1")
            })
        })
        .collect();
    let list = RoomList {
        rooms,
        ..RoomList::default()
    };
    let package = Package::new(estimate(&list, &catalog), catalog.schedule());
    let e = &package.estimate;
    let lines: Decimal = e.lines.iter().map(|l| l.total).sum();
    let t = &e.totals;
    assert_eq!(lines, t.material + t.labor, "totals are sums of the lines");
    assert_eq!(
        t.grand_total,
        t.material + t.labor + t.project_management + t.tax + t.contingency
    );
    assert!(
        t.grand_total > Decimal::from(10u64.pow(15)),
        "{}",
        t.grand_total
    );
    assert_eq!(t.grand_total.scale(), 2, "cents kept");
}
