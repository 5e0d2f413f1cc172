//! The library's one error type. Every command's failure is one of these, shown once by the CLI.

use crate::room_list::Rejected;
use crate::toml_file::ConfigError;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An input file could not be opened or read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The room list has problems; it carries what was read and every problem found.
    #[error("{}: {}", .0.list.file, crate::text::counted(.0.errors.len(), "problem"))]
    Rejected(Box<Rejected>),
    #[error("{0}")]
    Catalog(ConfigError),
    #[error("{0}")]
    Project(ConfigError),
    /// A type map (`--types FILE`) that cannot be read or names no catalog room type.
    #[error("{0}")]
    TypeMap(ConfigError),
    /// `check --write-types FILE` never overwrites a file.
    #[error(
        "{} already exists; sowgen never overwrites a type map (edit it and pass it with --types, or choose another name)",
        .0.display()
    )]
    TypeMapExists(PathBuf),
    /// Both revisions of a change order were read; at least one has problems. Each is reported
    /// as `check` would report it: ("old" or "new", what was read, its problems).
    #[error("the room lists have problems; no change order was written")]
    RejectedRevisions(Vec<(&'static str, Rejected)>),
    /// `sowgen init` never overwrites a file.
    #[error(
        "{} already exists; sowgen init never overwrites a file (remove it or choose another folder)",
        .0.display()
    )]
    WouldOverwrite(PathBuf),
    #[error("template {name}: {message}")]
    Template { name: String, message: String },
    #[error("the workbook could not be written: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// docx-rs reports packing errors from its own zip version, so they are carried as text.
    #[error("the Word document could not be packed: {0}")]
    DocxPack(String),
    #[error("the Word document could not be finished: {0}")]
    Zip(#[from] zip::result::ZipError),
    /// printpdf reports its errors as text.
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
    /// The output folder is not one sowgen may replace (see `output`); nothing was changed.
    #[error("will not write into {}: {reason}; nothing was changed", dir.display())]
    Refused {
        dir: PathBuf,
        reason: crate::output::refusal::Refusal,
    },
    /// Two files of one package would land on one name (case ignored, as some file systems do).
    #[error("the package would hold two files named '{0}'; nothing was written")]
    NameClash(String),
    /// A signal stopped the writing; the staging folder is removed.
    #[error("interrupted; nothing was changed")]
    Interrupted,
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Writing to a stream failed; the caller that knows the file turns this into `Write`.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl Error {
    /// An error while writing `path`, named for the user.
    pub fn writing(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Error {
        let path = path.into();
        move |source| Error::Write { path, source }
    }
}
