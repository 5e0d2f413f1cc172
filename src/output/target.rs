//! Where a package goes, and whether what is there now may be replaced: only an empty folder or a
//! package whose manifest matches every file, and never one that holds an input or the current
//! directory. Folders are compared by identity (device and inode), not by spelling, so symbolic
//! links, `..`, bind mounts and case-insensitive file systems cannot disguise them.

use super::manifest::{MANIFEST_NAME, Manifest, ManifestEntry, hash_file};
use super::refusal::{MAX_ENTRIES, Refusal};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

/// Either a refusal or an I/O error looking at the folder.
#[derive(Debug)]
pub(super) enum Problem {
    Refused(Refusal),
    Io(PathBuf, io::Error),
}

impl From<Refusal> for Problem {
    fn from(r: Refusal) -> Problem {
        Problem::Refused(r)
    }
}

fn io_at(path: &Path) -> impl FnOnce(io::Error) -> Problem + '_ {
    move |e| Problem::Io(path.to_path_buf(), e)
}

/// The package folder, resolved: an absolute path through real folders (the last part may not
/// exist yet), its parent and its name.
#[derive(Debug, Clone)]
pub(super) struct Target {
    pub dir: PathBuf,
    pub parent: PathBuf,
    pub name: OsString,
}

/// What the target holds now.
#[derive(Debug)]
pub(super) enum Existing {
    Absent,
    Empty,
    /// A package whose files all match its manifest, with what each file looked like when its
    /// hash was checked.
    Package(Verified),
}

/// The files whose hashes matched, by path, as `stat` showed them then. The check repeated just
/// before the swap hashes again only files whose stamp has changed: any write changes ctime.
pub(super) type Verified = HashMap<String, Stamp>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Stamp {
    size: u64,
    id: FileId,
    modified: Option<std::time::SystemTime>,
    #[cfg(unix)]
    changed: (i64, i64),
}

impl Stamp {
    /// Unchanged for a while: file times are coarse (a clock tick), so a write in the same tick
    /// as an earlier one can leave them as they were. A file changed lately is hashed again.
    fn settled(&self) -> bool {
        let Ok(now) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) else {
            return false;
        };
        let recent = now.as_secs() as i64 - 2;
        #[cfg(unix)]
        let last = self.changed.0;
        #[cfg(not(unix))]
        let last = self
            .modified
            .and_then(|m| m.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(i64::MAX, |d| d.as_secs() as i64);
        last < recent
    }

    fn of(path: &Path, meta: &fs::Metadata) -> Stamp {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        Stamp {
            size: meta.len(),
            id: file_id(path, meta),
            modified: meta.modified().ok(),
            #[cfg(unix)]
            changed: (meta.ctime(), meta.ctime_nsec()),
        }
    }
}

/// Resolve DIR without creating anything: where it exists, through `canonicalize`; where it does
/// not, the nearest existing folder above it canonicalized and the rest appended.
pub(super) fn resolve(dir: &Path) -> Result<Target, Problem> {
    let cwd = std::env::current_dir().map_err(io_at(Path::new(".")))?;
    let mut abs = cwd.join(dir);
    for _ in 0..2 {
        match fs::symlink_metadata(&abs) {
            Ok(meta) => {
                abs = match fs::canonicalize(&abs) {
                    Ok(real) => real,
                    Err(_) if meta.file_type().is_symlink() => {
                        return Err(Refusal::BrokenLink.into());
                    }
                    Err(e) => return Err(Problem::Io(dir.to_path_buf(), e)),
                };
                break;
            }
            // What `..` leaves of a missing path may exist (and be a link): look again.
            Err(e) if e.kind() == io::ErrorKind::NotFound => abs = resolve_missing(&abs)?,
            Err(e) => return Err(Problem::Io(dir.to_path_buf(), e)),
        }
    }
    let real = abs;
    match fs::symlink_metadata(&real) {
        Ok(meta) if !meta.is_dir() => return Err(Refusal::NotAFolder.into()),
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(Problem::Io(dir.to_path_buf(), e)),
    }
    let (Some(parent), Some(name)) = (real.parent(), real.file_name()) else {
        return Err(Refusal::NoFolderName.into());
    };
    Ok(Target {
        parent: parent.to_path_buf(),
        name: name.to_os_string(),
        dir: real,
    })
}

/// A path that does not exist: canonicalize the longest existing prefix, then apply the rest by
/// hand (no symbolic link can hide in parts that do not exist).
fn resolve_missing(abs: &Path) -> Result<PathBuf, Problem> {
    let parts: Vec<Component> = abs.components().collect();
    for keep in (1..parts.len()).rev() {
        let base: PathBuf = parts[..keep].iter().collect();
        if fs::symlink_metadata(&base).is_err() {
            continue;
        }
        let mut real = fs::canonicalize(&base).map_err(|e| Problem::Io(base.clone(), e))?;
        for part in &parts[keep..] {
            match part {
                Component::Normal(name) => real.push(name),
                Component::ParentDir => {
                    real.pop();
                }
                _ => {}
            }
        }
        return Ok(real);
    }
    Err(Refusal::NoFolderName.into())
}

/// Check the target against the inputs and the current directory, then what it holds.
///
/// `known` is what an earlier inspection verified: files unchanged since are not hashed again.
pub(super) fn inspect(
    target: &Target,
    inputs: &[PathBuf],
    known: Option<&Verified>,
) -> Result<Existing, Problem> {
    let dir_id = identity(&target.dir);
    let cwd = std::env::current_dir().ok();
    if let (Some(dir_id), Some(cwd)) = (&dir_id, &cwd) {
        if identity(cwd).as_ref() == Some(dir_id) {
            return Err(Refusal::CurrentDir.into());
        }
        if cwd
            .ancestors()
            .skip(1)
            .any(|a| identity(a).as_ref() == Some(dir_id))
        {
            return Err(Refusal::HoldsCurrentDir.into());
        }
    }
    let mut input_ids = Vec::new();
    for input in inputs {
        let Ok(real) = fs::canonicalize(input) else {
            continue;
        };
        let Some(input_id) = identity(&real) else {
            continue;
        };
        if let Some(dir_id) = &dir_id {
            if &input_id == dir_id {
                return Err(Refusal::IsInput(input.clone()).into());
            }
            if real
                .ancestors()
                .skip(1)
                .any(|a| identity(a).as_ref() == Some(dir_id))
            {
                return Err(Refusal::HoldsInput(input.clone()).into());
            }
        }
        if real.is_dir()
            && target
                .dir
                .ancestors()
                .any(|a| identity(a).as_ref() == Some(&input_id))
        {
            return Err(Refusal::InsideInput(input.clone()).into());
        }
        input_ids.push((input_id, input.clone()));
    }
    if dir_id.is_none() {
        return Ok(Existing::Absent);
    }
    let dir = &target.dir;
    let mut entries = fs::read_dir(dir).map_err(io_at(dir))?;
    if entries.next().is_none() {
        return Ok(Existing::Empty);
    }
    let manifest_path = dir.join(MANIFEST_NAME);
    match fs::symlink_metadata(&manifest_path) {
        Ok(meta) if meta.is_file() => {}
        Ok(_) => return Err(Refusal::Special(MANIFEST_NAME.into()).into()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(Refusal::NotSowgens.into()),
        Err(e) => return Err(Problem::Io(manifest_path, e)),
    }
    let manifest = Manifest::read(&manifest_path).map_err(Refusal::BadManifest)?;
    let verified = check_contents(dir, &manifest, &input_ids, known)?;
    Ok(Existing::Package(verified))
}

/// Every file and folder in `dir` is one the manifest accounts for, unchanged.
fn check_contents(
    dir: &Path,
    manifest: &Manifest,
    inputs: &[(FileId, PathBuf)],
    known: Option<&Verified>,
) -> Result<Verified, Problem> {
    let algorithm = manifest.algorithm();
    let listed: HashMap<&str, &ManifestEntry> = manifest
        .files
        .iter()
        .map(|e| (e.path.as_str(), e))
        .collect();
    let folders: BTreeSet<&str> = manifest
        .files
        .iter()
        .flat_map(|e| e.path.match_indices('/').map(|(i, _)| &e.path[..i]))
        .collect();
    let mut to_hash = Vec::new();
    let mut verified = Verified::new();
    let mut stack = vec![(dir.to_path_buf(), String::new())];
    let mut seen = 0usize;
    while let Some((folder, prefix)) = stack.pop() {
        for entry in fs::read_dir(&folder).map_err(io_at(&folder))? {
            let entry = entry.map_err(io_at(&folder))?;
            seen += 1;
            if seen > MAX_ENTRIES {
                return Err(Refusal::TooMany.into());
            }
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = if prefix.is_empty() {
                name
            } else {
                format!("{prefix}/{name}")
            };
            if rel == MANIFEST_NAME {
                continue;
            }
            let path = entry.path();
            let kind = entry.file_type().map_err(io_at(&path))?;
            if kind.is_dir() {
                if !folders.contains(rel.as_str()) {
                    return Err(Refusal::Unlisted(rel).into());
                }
                stack.push((path, rel));
            } else if kind.is_file() {
                let Some(expected) = listed.get(rel.as_str()) else {
                    return Err(Refusal::Unlisted(rel).into());
                };
                let meta = fs::symlink_metadata(&path).map_err(io_at(&path))?;
                if let Some((_, input)) = inputs.iter().find(|(id, _)| *id == file_id(&path, &meta))
                {
                    return Err(Refusal::HoldsInput(input.clone()).into());
                }
                if meta.len() != expected.size {
                    return Err(Refusal::Changed(rel).into());
                }
                let stamp = Stamp::of(&path, &meta);
                if known.and_then(|k| k.get(&rel)) != Some(&stamp) {
                    to_hash.push((path, rel.clone(), &expected.digest));
                }
                if stamp.settled() {
                    verified.insert(rel, stamp);
                }
            } else {
                return Err(Refusal::Special(rel).into());
            }
        }
    }
    // Report the first changed file in path order, whichever thread finds it.
    to_hash.sort_by(|a, b| a.1.cmp(&b.1));
    let changed: Vec<Option<Problem>> = to_hash
        .par_iter()
        .map(|(path, rel, digest)| match hash_file(path, algorithm) {
            Ok(hash) if &hash == *digest => None,
            Ok(_) => Some(Refusal::Changed(rel.clone()).into()),
            Err(e) => Some(Problem::Io(path.clone(), e)),
        })
        .collect();
    match changed.into_iter().flatten().next() {
        Some(problem) => Err(problem),
        None => Ok(verified),
    }
}

#[cfg(unix)]
type FileId = (u64, u64);
#[cfg(not(unix))]
type FileId = PathBuf;

/// What a path names (following links), comparable across spellings.
fn identity(path: &Path) -> Option<FileId> {
    let meta = fs::metadata(path).ok()?;
    Some(file_id(path, &meta))
}

#[cfg(unix)]
fn file_id(_path: &Path, meta: &fs::Metadata) -> FileId {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

/// Without inode numbers, the canonical path; case folded, as Windows' file systems ignore case.
#[cfg(not(unix))]
fn file_id(path: &Path, _meta: &fs::Metadata) -> FileId {
    let real = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    PathBuf::from(real.to_string_lossy().to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_unchanged_since_the_first_check_skip_the_second_hash() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        fs::create_dir(&dir).unwrap();
        fs::write(dir.join("a.txt"), "one").unwrap();
        let hash = super::super::manifest::hash_file(
            &dir.join("a.txt"),
            super::super::manifest::Algorithm::Blake3,
        )
        .unwrap();
        let entry = |digest: &str| ManifestEntry {
            path: "a.txt".into(),
            size: 3,
            digest: digest.into(),
        };
        let write_manifest = |digest: &str| {
            let bytes = Manifest::new("build", vec![entry(digest)]).to_bytes();
            fs::write(dir.join(MANIFEST_NAME), bytes).unwrap();
        };
        let target = resolve(&dir).unwrap();
        write_manifest(&hash);
        let Ok(Existing::Package(fresh)) = inspect(&target, &[], None) else {
            panic!("the package is not recognized");
        };
        assert!(
            fresh.is_empty(),
            "a file changed just now is always hashed again"
        );

        let path = dir.join("a.txt");
        let known: Verified = [(
            "a.txt".to_string(),
            Stamp::of(&path, &fs::metadata(&path).unwrap()),
        )]
        .into_iter()
        .collect();
        // A manifest hash that no longer matches: skipped for the unchanged file, caught without.
        write_manifest(&"0".repeat(64));
        assert!(matches!(
            inspect(&target, &[], Some(&known)),
            Ok(Existing::Package(_))
        ));
        assert!(matches!(
            inspect(&target, &[], None),
            Err(Problem::Refused(Refusal::Changed(_)))
        ));
        // An edit of the same size after the first check changes the stamp: hashed, caught.
        write_manifest(&hash);
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(&path, "two").unwrap();
        assert!(matches!(
            inspect(&target, &[], Some(&known)),
            Err(Problem::Refused(Refusal::Changed(_)))
        ));
    }
}
