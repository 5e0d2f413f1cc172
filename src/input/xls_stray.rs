//! A few stray cells far outside an xls sheet's data (a value left at IV65536) would make
//! calamine lay the sheet out as a grid of millions of empty cells. xlsx is streamed cell by
//! cell and ignores such a cell; here an xls is treated alike: the stray cells' records are
//! turned into records every reader skips, and the sheet is read with a warning naming them.

use crate::problem::{Problem, column_letter};

/// A record type no version of BIFF uses: readers skip it.
pub const SKIPPED: u16 = 0x0FFF;
/// Cells that may be set aside in one workbook; past this the file is refused as before.
const MAX_STRAYS: usize = 16;

/// One cell record of a sheet: its place, and where its record (and the string record that
/// carries a formula's text result) starts in the workbook stream.
#[derive(Debug, Clone)]
pub struct Placed {
    pub row: u32,
    pub first_col: u32,
    pub last_col: u32,
    pub records: Vec<usize>,
}

/// A sheet with the cells set aside.
pub struct SheetStrays {
    pub name: String,
    pub cells: Vec<(u32, u32)>,
    pub records: Vec<usize>,
}

/// The area of the grid calamine lays out for these cells.
pub fn area<'a>(cells: impl Iterator<Item = &'a Placed>) -> u64 {
    bounds(cells).map_or(0, |(r0, r1, c0, c1)| {
        (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1)
    })
}

fn bounds<'a>(cells: impl Iterator<Item = &'a Placed>) -> Option<(u32, u32, u32, u32)> {
    cells.fold(None, |b, c| {
        Some(match b {
            None => (c.row, c.row, c.first_col, c.last_col),
            Some((r0, r1, c0, c1)) => (
                r0.min(c.row),
                r1.max(c.row),
                c0.min(c.first_col),
                c1.max(c.last_col),
            ),
        })
    })
}

/// The fewest extreme cells (whole outer rows or columns of the bounding box, a few cells at
/// most) whose removal brings the sheet's grid to `target`; `None` when no few cells do.
pub fn choose(cells: &[Placed], target: u64, budget: usize) -> Option<Vec<usize>> {
    let mut removed = vec![false; cells.len()];
    let mut count = 0usize;
    loop {
        let remaining = || {
            cells
                .iter()
                .zip(&removed)
                .filter(|(_, r)| !**r)
                .map(|(c, _)| c)
        };
        if area(remaining()) <= target {
            return Some((0..cells.len()).filter(|&i| removed[i]).collect());
        }
        let (r0, r1, c0, c1) = bounds(remaining())?;
        let sides: [&dyn Fn(&Placed) -> bool; 4] = [
            &|c| c.row == r1,
            &|c| c.last_col == c1,
            &|c| c.row == r0,
            &|c| c.first_col == c0,
        ];
        let best = sides
            .iter()
            .filter_map(|side| {
                let picked: Vec<usize> = (0..cells.len())
                    .filter(|&i| !removed[i] && side(&cells[i]))
                    .collect();
                if picked.is_empty() || count + picked.len() > budget.min(MAX_STRAYS) {
                    return None;
                }
                let left = cells
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| !removed[*i] && !picked.contains(i))
                    .map(|(_, c)| c);
                Some((area(left), picked))
            })
            .min_by_key(|(area, _)| *area)?;
        count += best.1.len();
        for i in best.1 {
            removed[i] = true;
        }
    }
}

/// How many cells may still be set aside in the workbook.
pub fn budget(used: usize) -> usize {
    MAX_STRAYS.saturating_sub(used)
}

pub fn warning(sheet: &SheetStrays) -> Problem {
    let places: Vec<String> = sheet
        .cells
        .iter()
        .take(4)
        .map(|&(r, c)| format!("{}{}", column_letter(c), r + 1))
        .collect();
    let more = if sheet.cells.len() > places.len() {
        ", ..."
    } else {
        ""
    };
    Problem::sheet(
        &sheet.name,
        format!(
            "{} cell(s) far outside the sheet's data ({}{more}) were ignored",
            sheet.cells.len(),
            places.join(", ")
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(row: u32, col: u32) -> Placed {
        Placed {
            row,
            first_col: col,
            last_col: col,
            records: vec![],
        }
    }

    #[test]
    fn sets_aside_one_far_cell_but_not_a_large_sheet() {
        let mut cells: Vec<Placed> = (0..100)
            .flat_map(|r| (0..5).map(move |c| at(r, c)))
            .collect();
        cells.push(at(65_535, 255));
        assert_eq!(choose(&cells, 1_000, 16), Some(vec![500]));
        // A sheet that is really that large has no few strays to set aside.
        let wide: Vec<Placed> = (0..2_000).map(|r| at(r, r % 256)).collect();
        assert_eq!(choose(&wide, 1_000, 16), None);
    }
}
