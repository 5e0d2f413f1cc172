//! Why sowgen will not write into a folder. Kept apart so the crate's error type can name it
//! without depending on the rest of the output module.

use super::manifest::MANIFEST_NAME;
use std::path::PathBuf;

/// More entries than any package has: a folder past this is not sowgen's, and walking it would
/// only cost time.
pub const MAX_ENTRIES: usize = 100_000;

/// Why a folder is not replaced.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("it is an existing file, not a folder")]
    NotAFolder,
    #[error("it is a symbolic link to nothing")]
    BrokenLink,
    #[error("it does not end in a folder name")]
    NoFolderName,
    #[error("it is not empty and has no {MANIFEST_NAME}, so sowgen did not write it")]
    NotSowgens,
    #[error("its {MANIFEST_NAME} cannot be trusted ({0})")]
    BadManifest(String),
    #[error("it holds '{0}', which sowgen did not write")]
    Unlisted(String),
    #[error("'{0}' has changed since sowgen wrote it")]
    Changed(String),
    #[error("it holds '{0}', a link or special file, which sowgen never writes")]
    Special(String),
    #[error("it is the input {}", .0.display())]
    IsInput(PathBuf),
    #[error("it holds the input {}", .0.display())]
    HoldsInput(PathBuf),
    #[error("it is inside the input folder {}", .0.display())]
    InsideInput(PathBuf),
    #[error("it is the current directory")]
    CurrentDir,
    #[error("it holds the current directory")]
    HoldsCurrentDir,
    #[error("it holds more than {MAX_ENTRIES} files and folders, more than any package")]
    TooMany,
}
