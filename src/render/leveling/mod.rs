//! The bid leveling's documents: `bid-leveling.xlsx` (a sheet per trade and a summary) and
//! `bid-recommendation.docx` (the award per trade and why), both laid out from the Leveling.

mod docx;
mod xlsx;

use super::OutputFile;
use crate::level::Leveling;

pub fn files(leveling: &Leveling) -> Vec<OutputFile<'_>> {
    vec![
        OutputFile::rendered("bid-leveling.xlsx", move || xlsx::render(leveling)),
        OutputFile::rendered("bid-recommendation.docx", move || docx::render(leveling)),
    ]
}
