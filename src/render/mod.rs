//! Renderers: each lays out one document from the models computed before it (the Estimate, a bid
//! package, a change order) and computes no money of its own; this module lists a package's files.
//! Shared kits: `docx/` for Word documents, `xlsx_kit` for workbooks.

pub mod bid;
pub mod change_order;
mod csv;
mod docx;
mod inert;
mod mspdi;
mod narrative;
mod pdf;
mod sow;
mod template_guard;
mod workbook;
mod xlsx_kit;
mod xlsx_schedule;

pub use narrative::{Block, DEFAULT_TEMPLATES, Templates, bid_outline, narrative_outline};

use crate::error::Error;
use crate::package::Package;
use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};

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

    /// The file's bytes, in memory.
    pub fn render(&self) -> Result<Vec<u8>, Error> {
        let mut bytes = Vec::new();
        (self.write)(&mut bytes)?;
        Ok(bytes)
    }
}

/// Every file of the package, largest first (so the side-by-side writing ends together).
pub fn package<'a>(package: &'a Package, templates: &'a Templates) -> Vec<OutputFile<'a>> {
    let estimate = &package.estimate;
    let mut files = vec![
        OutputFile::rendered("bill-of-materials.xlsx", move || {
            workbook::render(estimate, &package.schedule)
        }),
        OutputFile::rendered("scope-of-work.docx", move || {
            sow::render(estimate, templates)
        }),
        OutputFile::new("estimate.json", move |out| {
            let mut out = std::io::BufWriter::new(out);
            serde_json::to_writer(&mut out, estimate).map_err(std::io::Error::from)?;
            Ok(out.flush()?)
        }),
        OutputFile::new("line-items.csv", move |out| {
            Ok(csv::line_items(
                estimate,
                &mut std::io::BufWriter::new(out),
            )?)
        }),
        OutputFile::new("rooms.csv", move |out| {
            Ok(csv::rooms(estimate, &mut std::io::BufWriter::new(out))?)
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

/// For tests of a build that fails midway: `SOWGEN_FAIL_AFTER=N` makes the writer fail after
/// writing N files into the staging folder, as a full disk would. Read here and nowhere else.
fn fail_after() -> Option<usize> {
    std::env::var("SOWGEN_FAIL_AFTER").ok()?.trim().parse().ok()
}

/// Write files into `dir` atomically: they are written into a fresh folder beside it, which then
/// takes `dir`'s place; on any failure `dir` is left as it was. Returns the paths written.
pub fn write_atomically(dir: &Path, files: &[OutputFile]) -> Result<Vec<PathBuf>, Error> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Write { path, source }
    };
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "package".into());
    let staging = unique_sibling(&parent, &format!(".{name}.partial"));
    std::fs::create_dir(&staging).map_err(io(&staging))?;

    let fail_after = fail_after();
    let write_one = |(i, file): (usize, &OutputFile)| -> Result<(), Error> {
        let path = staging.join(&file.name);
        if fail_after == Some(i) {
            return Err(Error::Write {
                path,
                source: std::io::Error::other("failure forced by SOWGEN_FAIL_AFTER"),
            });
        }
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(io(folder))?;
        }
        let mut out = std::fs::File::create(&path).map_err(io(&path))?;
        match (file.write)(&mut out) {
            Err(Error::Io(source)) => Err(Error::Write { path, source }),
            other => other,
        }
    };
    let result = (|| {
        files
            .par_iter()
            .enumerate()
            .map(write_one)
            .collect::<Result<Vec<()>, Error>>()?;
        let previous = unique_sibling(&parent, &format!(".{name}.previous"));
        let had_previous = dir.exists();
        if had_previous {
            std::fs::rename(dir, &previous).map_err(io(dir))?;
        }
        if let Err(e) = std::fs::rename(&staging, dir) {
            if had_previous {
                let _ = std::fs::rename(&previous, dir);
            }
            return Err(io(dir)(e));
        }
        if had_previous {
            let _ = std::fs::remove_dir_all(&previous);
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result?;
    Ok(files.iter().map(|f| dir.join(&f.name)).collect())
}

fn unique_sibling(parent: &Path, stem: &str) -> PathBuf {
    let pid = std::process::id();
    (0u32..)
        .map(|i| parent.join(format!("{stem}-{pid}-{i}")))
        .find(|p| !p.exists())
        .expect("some name is free")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, text: &'static str) -> OutputFile<'static> {
        OutputFile::rendered(name, move || Ok(text.as_bytes().to_vec()))
    }

    #[test]
    fn replaces_an_earlier_package_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        write_atomically(&dir, &[file("a.txt", "one"), file("sub/b.txt", "two")]).unwrap();
        write_atomically(&dir, &[file("a.txt", "three")]).unwrap();
        assert_eq!(std::fs::read_to_string(dir.join("a.txt")).unwrap(), "three");
        assert!(!dir.join("sub/b.txt").exists());
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folders left behind");
    }

    #[test]
    fn a_failed_write_leaves_the_earlier_package() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        write_atomically(&dir, &[file("a.txt", "one")]).unwrap();
        // A file name that cannot be created (a folder of the same name is in the way).
        let result = write_atomically(&dir, &[file("x", "1"), file("x/y", "2")]);
        assert!(result.is_err());
        assert_eq!(std::fs::read_to_string(dir.join("a.txt")).unwrap(), "one");
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }
}
