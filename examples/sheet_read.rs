//! calamine's bare read of a workbook, for the benchmark's `check` comparison (bench/run.sh):
//! open the file and read every cell of every sheet, nothing else.
//! `cargo run --release --example sheet_read -- LIST.xlsx`
use calamine::{Reader, open_workbook_auto};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: sheet_read LIST.xlsx")?;
    let mut workbook = open_workbook_auto(&path)?;
    let mut cells = 0usize;
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name)?;
        cells += range.used_cells().count();
    }
    println!("{cells} cells");
    Ok(())
}
