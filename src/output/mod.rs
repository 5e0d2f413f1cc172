//! Writing a package folder (`build`, `diff`, `level`) without ever destroying anything that is not
//! sowgen's own. [`write_package`] writes the files into a staging folder beside the target, with a
//! manifest of their sizes and hashes, and swaps it into place only when every file is written. It
//! replaces only an empty folder or a package whose manifest still matches every file; anything
//! else (a user's folder, an edited package, a folder holding an input or the current directory, a
//! file) is refused and left as it was.

mod lock;
mod manifest;
pub(crate) mod refusal;
mod remove;
mod signals;
mod staging;
mod swap;
mod target;

#[cfg(test)]
mod tests;

pub use manifest::{MANIFEST_NAME, Manifest, ManifestEntry};
pub use refusal::Refusal;

use crate::error::Error;
use crate::render::OutputFile;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use target::{Existing, Problem, Target};

/// The command writing a package and every file it reads (room lists, catalog, templates,
/// project file, bid forms): a target that is, holds or lies inside one of them is refused.
#[derive(Debug, Clone)]
pub struct Job {
    pub command: String,
    pub inputs: Vec<PathBuf>,
}

impl Job {
    pub fn new<'a>(command: &str, inputs: impl IntoIterator<Item = Option<&'a Path>>) -> Job {
        Job {
            command: command.to_string(),
            inputs: inputs
                .into_iter()
                .flatten()
                .map(Path::to_path_buf)
                .collect(),
        }
    }
}

/// How many times an inspection and swap are tried again when another process changes the target
/// between them (only where the folder lock is unavailable).
const SWAP_TRIES: usize = 3;

/// Write `files` as the package in `dir` for `job`, replacing an earlier package there; returns
/// the paths written (the manifest last). On any error or refusal, `dir` is as it was and no
/// staging folder is left.
pub fn write_package(dir: &Path, job: &Job, files: &[OutputFile]) -> Result<Vec<PathBuf>, Error> {
    write_with(dir, job, files, swap::Strategy::Best)
}

/// DIR as [`write_package`] first finds it, for `job`: looked at (and an earlier package's files
/// hashed) while the command reads its input, on a core that would otherwise wait. What it found
/// is checked again just before the swap, so nothing changed in between is lost.
pub struct Inspected {
    dir: PathBuf,
    job: Job,
    target: Target,
    before: Existing,
}

/// The first look [`write_package`] takes at DIR, refusing a folder it must not replace.
pub fn inspect(dir: &Path, job: Job) -> Result<Inspected, Error> {
    let problem = refusal_at(dir);
    signals::install();
    let target = target::resolve(dir).map_err(problem)?;
    let before = target::inspect(&target, &job.inputs, None).map_err(problem)?;
    Ok(Inspected {
        dir: dir.to_path_buf(),
        job,
        target,
        before,
    })
}

/// [`write_package`] into the folder [`inspect`] looked at, for its job.
pub fn write_inspected(inspected: Inspected, files: &[OutputFile]) -> Result<Vec<PathBuf>, Error> {
    write_after(inspected, files, swap::Strategy::Best)
}

fn refusal_at(dir: &Path) -> impl Fn(Problem) -> Error + Copy + '_ {
    move |p: Problem| match p {
        Problem::Refused(reason) => Error::Refused {
            dir: dir.to_path_buf(),
            reason,
        },
        Problem::Io(path, source) => Error::Read { path, source },
    }
}

fn write_with(
    dir: &Path,
    job: &Job,
    files: &[OutputFile],
    strategy: swap::Strategy,
) -> Result<Vec<PathBuf>, Error> {
    write_after(inspect(dir, job.clone())?, files, strategy)
}

fn write_after(
    inspected: Inspected,
    files: &[OutputFile],
    strategy: swap::Strategy,
) -> Result<Vec<PathBuf>, Error> {
    let Inspected {
        dir,
        job,
        target,
        before,
    } = inspected;
    let dir = dir.as_path();
    let problem = refusal_at(dir);
    let folders = plan_folders(files)?;
    fs::create_dir_all(&target.parent).map_err(|source| Error::Write {
        path: target.parent.clone(),
        source,
    })?;
    staging::remove_stale(&target.parent);

    let mut staged = Staged::create(&target)?;
    staged.write(dir, &folders, files, &job.command)?;

    let held = lock::lock(&target.parent).map_err(|source| Error::Write {
        path: target.parent.clone(),
        source,
    })?;
    for attempt in 1..=SWAP_TRIES {
        let known = match &before {
            Existing::Package(verified) => Some(verified),
            _ => None,
        };
        let existing = target::inspect(&target, &job.inputs, known).map_err(problem)?;
        match staged.place(&target, &existing, strategy) {
            Ok(()) => break,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < SWAP_TRIES => {}
            Err(source) => {
                return Err(Error::Write {
                    path: dir.to_path_buf(),
                    source,
                });
            }
        }
    }
    drop(held);
    drop(staged);

    let mut written: Vec<PathBuf> = files.iter().map(|f| dir.join(&f.name)).collect();
    written.push(dir.join(MANIFEST_NAME));
    Ok(written)
}

/// The folders the package's files need, parents first; refuses names that are not plain
/// relative paths or that clash (also when case is ignored, and a file named as another's folder).
fn plan_folders(files: &[OutputFile]) -> Result<Vec<String>, Error> {
    let reserved = [MANIFEST_NAME, remove::MARKER];
    let mut names = BTreeSet::new();
    let mut folders = BTreeSet::new();
    for file in files {
        if !manifest::is_plain_relative(&file.name) || reserved.contains(&file.name.as_str()) {
            return Err(Error::NameClash(file.name.clone()));
        }
        if !names.insert(file.name.to_lowercase()) {
            return Err(Error::NameClash(file.name.clone()));
        }
        for (i, _) in file.name.match_indices('/') {
            folders.insert(file.name[..i].to_string());
        }
    }
    let lower: BTreeSet<String> = folders.iter().map(|f| f.to_lowercase()).collect();
    if let Some(clash) = names.iter().find(|n| lower.contains(*n)) {
        return Err(Error::NameClash(clash.clone()));
    }
    // BTreeSet order puts "a" before "a/b": parents are created first.
    Ok(folders.into_iter().collect())
}

/// A staging folder and, once swapped, whatever is left to remove (the old package). Dropping it
/// removes that, so an error, a panic or a refusal leaves nothing behind.
struct Staged {
    path: PathBuf,
    leftover: Option<PathBuf>,
}

impl Staged {
    fn create(target: &Target) -> Result<Staged, Error> {
        let path =
            staging::create(&target.parent, &target.name).map_err(|source| Error::Write {
                path: target.parent.clone(),
                source,
            })?;
        Ok(Staged {
            leftover: Some(path.clone()),
            path,
        })
    }

    /// Write every file (side by side) and the manifest; the marker goes last.
    fn write(
        &mut self,
        shown: &Path,
        folders: &[String],
        files: &[OutputFile],
        command: &str,
    ) -> Result<(), Error> {
        let io_at = |name: &str| {
            let path = shown.join(name);
            move |source| Error::Write { path, source }
        };
        for folder in folders {
            // One level at a time, never `create_dir_all`: if a signal has removed the staging
            // folder, this fails instead of making it again.
            match fs::create_dir(self.path.join(folder)) {
                Err(e) if e.kind() != io::ErrorKind::AlreadyExists => return Err(io_at(folder)(e)),
                _ => {}
            }
        }
        let entries = files
            .par_iter()
            .map(|file| {
                if signals::interrupted() {
                    return Err(Error::Interrupted);
                }
                let out = fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(self.path.join(&file.name))
                    .map_err(io_at(&file.name))?;
                let mut tally = manifest::Tally::new(out);
                match file.write_to(&mut tally) {
                    Ok(()) => {}
                    Err(Error::Io(source)) => return Err(io_at(&file.name)(source)),
                    Err(e) => return Err(e),
                }
                tally.flush().map_err(io_at(&file.name))?;
                let (entry, out) = tally.finish(file.name.clone());
                // On disk before the swap: after a power cut, DIR holds the old package or the
                // whole new one, never new names over empty files.
                out.sync_data().map_err(io_at(&file.name))?;
                Ok(entry)
            })
            .collect::<Result<Vec<ManifestEntry>, Error>>()?;
        let manifest = Manifest::new(command, entries);
        let mut out = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(self.path.join(MANIFEST_NAME))
            .map_err(io_at(MANIFEST_NAME))?;
        out.write_all(&manifest.to_bytes())
            .and_then(|()| out.sync_all())
            .map_err(io_at(MANIFEST_NAME))?;
        // From here the manifest marks the folder as sowgen's for a later clean-up.
        fs::remove_file(self.path.join(remove::MARKER)).map_err(io_at(remove::MARKER))?;
        Ok(())
    }

    fn place(
        &mut self,
        target: &Target,
        existing: &Existing,
        strategy: swap::Strategy,
    ) -> io::Result<()> {
        let existed = !matches!(existing, Existing::Absent);
        // Held across the renames: a signal's clean-up waits for them and then removes whatever
        // is registered, the old package included.
        let mut registry = signals::hold();
        let aside = || staging::unused_name(&target.parent, &target.name);
        match swap::place(&self.path, &target.dir, existed, aside, strategy)? {
            swap::Placed::New => self.leftover = None,
            swap::Placed::Exchanged => {}
            swap::Placed::Aside(old) => {
                registry.push(old.clone());
                self.leftover = Some(old);
            }
        }
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if let Some(leftover) = self.leftover.take() {
            let _ = remove::remove(&leftover);
            signals::unregister(&leftover);
        }
        signals::unregister(&self.path);
    }
}
