//! Writes a campus-scale room list for the benchmark, in the layout of samples/clinic-fitout.xlsx:
//! `cargo run --release --example campus -- OUT.xlsx [ROOMS] [--revision]` (default 11,040 rooms).
//! The same arguments always give the same rooms (a fixed-seed generator), across 8 buildings and
//! 10 floors, using every room type of the default catalog. `--revision` writes the next revision
//! of the same campus, for `diff`: every 97th room removed, a room added beside every 89th, every
//! 11th room's data drops raised by two and every 53rd room's type changed.

use rust_xlsxwriter::Workbook;
use sowgen::Catalog;
use sowgen::DeviceKind;

const BUILDINGS: [&str; 8] = [
    "North Tower",
    "South Tower",
    "West Tower",
    "East Pavilion",
    "Cancer Center",
    "Heart Institute",
    "Women's Pavilion",
    "Ambulatory Care",
];
const FLOORS: u32 = 10;
const DEPARTMENTS: [&str; 10] = [
    "Emergency",
    "Imaging",
    "Surgery",
    "ICU",
    "Med/Surg",
    "Laboratory",
    "Pharmacy",
    "Women's Health",
    "Oncology",
    "Administration",
];

/// A small fixed-seed generator (xorshift64*): the benchmark must see the same file every time.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = args
        .next()
        .ok_or("usage: campus OUT.xlsx [ROOMS] [--revision]")?;
    let rooms: u32 = args
        .next()
        .map(|n| n.parse())
        .transpose()?
        .unwrap_or(11_040);
    let revision = args.next().as_deref() == Some("--revision");
    let catalog = Catalog::default_catalog();
    let types = catalog.room_types();
    let mut rng = Rng(0x5EED_2026_0000_0001);

    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    sheet.set_name("Rooms")?;
    let header = [
        "Building",
        "Floor",
        "Department",
        "Room Number",
        "Room Name",
        "Room Type",
        "Area (SF)",
        "IDF",
        "Data Drops",
        "Wireless APs",
        "Workstations",
        "Phones",
        "Printers",
        "TVs",
        "Notes",
    ];
    for (col, title) in header.iter().enumerate() {
        sheet.write_string(0, col as u16, *title)?;
    }
    let per_floor = rooms.div_ceil(BUILDINGS.len() as u32 * FLOORS).max(1);
    let mut row = 1u32; // the room drawn, from 1
    let mut written = 1u32; // the sheet row written next
    'campus: for (b, building) in BUILDINGS.iter().enumerate() {
        for floor in 1..=FLOORS {
            let department = DEPARTMENTS[(b + floor as usize) % DEPARTMENTS.len()];
            for n in 0..per_floor {
                if row > rooms {
                    break 'campus;
                }
                // The first rooms of the campus walk through every type; the rest are drawn at random.
                let mut room_type = if (row as usize) <= types.len() {
                    &types[row as usize - 1]
                } else {
                    &types[rng.below(types.len() as u64) as usize]
                };
                let number = format!("{}{}-{:03}", (b'A' + b as u8) as char, floor, n + 1);
                // One closet for every 40 rooms on a floor.
                let idf = format!(
                    "IDF-{}{}{}",
                    (b'A' + b as u8) as char,
                    floor,
                    (b'A' + (n / 40) as u8) as char
                );
                let area = 80 + rng.below(400);
                let mut counts = [0u32; 6];
                for (i, kind) in DeviceKind::ALL.into_iter().enumerate() {
                    let standard = room_type.standard[kind];
                    // About one count in twenty differs from the standard, as real lists do;
                    // spaces without IT scope (stairs, shafts) list none.
                    counts[i] = match rng.below(20) {
                        _ if !room_type.it_scope => 0,
                        0 => standard + 1 + rng.below(2) as u32,
                        1 => standard.saturating_sub(1),
                        _ => standard,
                    };
                }
                let drawn = row;
                row += 1;
                let mut numbers = vec![number.clone()];
                if revision {
                    if drawn.is_multiple_of(97) {
                        continue;
                    }
                    if drawn.is_multiple_of(53) {
                        room_type = &types[(drawn as usize * 7) % types.len()];
                    }
                    if drawn.is_multiple_of(11) && room_type.it_scope {
                        counts[0] += 2;
                    }
                    if drawn.is_multiple_of(89) {
                        numbers.push(format!("{number}A"));
                    }
                }
                for number in &numbers {
                    let cells: [&str; 8] = [
                        building,
                        &floor.to_string(),
                        department,
                        number,
                        &format!("{} {}", room_type.name, n + 1),
                        &room_type.name,
                        &area.to_string(),
                        &idf,
                    ];
                    for (col, text) in cells.iter().enumerate() {
                        if col == 1 || col == 6 {
                            sheet.write_number(written, col as u16, text.parse::<f64>()?)?;
                        } else {
                            sheet.write_string(written, col as u16, *text)?;
                        }
                    }
                    for (i, count) in counts.iter().enumerate() {
                        sheet.write_number(written, 8 + i as u16, f64::from(*count))?;
                    }
                    written += 1;
                }
            }
        }
    }

    let project = workbook.add_worksheet();
    project.set_name("Project")?;
    for (i, (key, value)) in [
        ("Project Name", "Campus Modernization Program"),
        ("Facility", "Regional Medical Center Campus"),
        ("Project Number", "PRJ-2027-100"),
        ("Prepared By", "IT Project Management Office"),
        ("Target Go-Live", "2028-06-30"),
    ]
    .into_iter()
    .enumerate()
    {
        project.write_string(i as u32, 0, key)?;
        project.write_string(i as u32, 1, value)?;
    }
    project.write_string(5, 0, "Approved IT Budget")?;
    project.write_number(5, 1, 175_000_000.0)?;
    workbook.save(&out)?;
    println!("wrote {} rooms to {out}", written - 1);
    Ok(())
}
