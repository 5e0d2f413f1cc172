//! Renderers: each lays out one document from the models computed before it (the Estimate, a bid
//! package, a change order) and computes no money of its own; this module lists a package's files.
//! Shared kits: `docx/` for Word documents, `xlsx_kit` for workbooks.

pub mod bid;
pub mod change_order;
mod csv;
mod deflate;
mod docx;
mod inert;
pub mod leveling;
mod mspdi;
mod narrative;
mod pdf;
mod procurement_sheet;
mod sow;
mod template_guard;
mod text_width;
mod workbook;
mod xlsx_kit;
mod xlsx_rows;
mod xlsx_schedule;
mod xlsx_splice;
mod xlsx_strings;
mod xlsx_table;
mod zip_out;

pub use narrative::{Block, DEFAULT_TEMPLATES, Templates, bid_outline, narrative_outline};

use crate::error::Error;
use crate::package::Package;
use std::io::Write;

/// The columns of every line-item table (the workbook's Line Items sheet and line-items.csv).
pub const LINE_ITEM_COLUMNS: [&str; 14] = [
    "Location",
    "Room / IDF",
    "Part",
    "Description",
    "Unit",
    "Discipline",
    "Bid Package",
    "Qty",
    "Unit Cost",
    "Material",
    "Labor Hours",
    "Labor Rate",
    "Labor",
    "Total",
];

/// One rendered file: its name inside the package and its bytes.
pub struct RenderedFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

type WriteFn<'a> = Box<dyn Fn(&mut dyn Write) -> Result<(), Error> + Send + Sync + 'a>;

/// One file of a package: its path inside the package and what writes it. Writing is deferred so
/// the package's files can be written side by side, each streamed straight to its file.
pub struct OutputFile<'a> {
    pub name: String,
    write: WriteFn<'a>,
}

impl<'a> OutputFile<'a> {
    pub fn new(
        name: impl Into<String>,
        write: impl Fn(&mut dyn Write) -> Result<(), Error> + Send + Sync + 'a,
    ) -> OutputFile<'a> {
        OutputFile {
            name: name.into(),
            write: Box::new(write),
        }
    }

    /// A file whose renderer builds the whole document in memory (the zip-based formats do).
    pub fn rendered(
        name: impl Into<String>,
        render: impl Fn() -> Result<Vec<u8>, Error> + Send + Sync + 'a,
    ) -> OutputFile<'a> {
        OutputFile::new(name, move |out| Ok(out.write_all(&render()?)?))
    }

    /// Stream the file's bytes into `out` (`crate::output` writes packages this way).
    pub fn write_to(&self, out: &mut dyn Write) -> Result<(), Error> {
        (self.write)(out)
    }

    /// The file's bytes, in memory.
    pub fn render(&self) -> Result<Vec<u8>, Error> {
        let mut bytes = Vec::new();
        (self.write)(&mut bytes)?;
        Ok(bytes)
    }
}

/// Bytes gathered before each write to a streamed file: estimate.json and line-items.csv are tens
/// of MB at campus scale, and each write is hashed for the manifest and is a system call.
const WRITE_BUFFER: usize = 1 << 20;

/// Every file of the package, largest first (so the side-by-side writing ends together).
pub fn package<'a>(package: &'a Package, templates: &'a Templates) -> Vec<OutputFile<'a>> {
    let estimate = &package.estimate;
    let mut files = vec![
        OutputFile::new("bill-of-materials.xlsx", move |out| {
            workbook::write(estimate, &package.schedule, out)
        }),
        OutputFile::rendered("scope-of-work.docx", move || {
            sow::render(package, templates)
        }),
        OutputFile::new("estimate.json", move |out| {
            let mut out = std::io::BufWriter::with_capacity(WRITE_BUFFER, out);
            serde_json::to_writer(&mut out, estimate).map_err(std::io::Error::from)?;
            Ok(out.flush()?)
        }),
        OutputFile::new("line-items.csv", move |out| {
            Ok(csv::line_items(
                estimate,
                &mut std::io::BufWriter::with_capacity(WRITE_BUFFER, out),
            )?)
        }),
        OutputFile::new("rooms.csv", move |out| {
            Ok(csv::rooms(
                estimate,
                &mut std::io::BufWriter::with_capacity(WRITE_BUFFER, out),
            )?)
        }),
        OutputFile::rendered("budget-summary.pdf", move || {
            pdf::render(estimate, &package.schedule)
        }),
        OutputFile::rendered("schedule.xml", move || {
            Ok(mspdi::render(&package.schedule, &estimate.project_name()))
        }),
    ];
    files.extend(bid::files(estimate, &package.bids, templates));
    files
}

/// Render every file of the package in memory (tests compare packages this way).
pub fn render_package(model: &Package, templates: &Templates) -> Result<Vec<RenderedFile>, Error> {
    package(model, templates)
        .iter()
        .map(|f| {
            Ok(RenderedFile {
                name: f.name.clone(),
                bytes: f.render()?,
            })
        })
        .collect()
}
