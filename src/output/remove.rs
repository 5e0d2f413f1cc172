//! Removing a staging folder (or an old package swapped out of place) so that, however far the
//! removal gets before the process is killed, what is left still shows whose it is.

use super::manifest::MANIFEST_NAME;
use std::ffi::OsStr;
use std::fs;
use std::io;
use std::path::Path;

/// The marker file inside a staging folder.
pub const MARKER: &str = ".sowgen-staging";

/// Remove a staging folder so that, until it is gone, it still shows whose it is: everything
/// else first, then the manifest and the marker, then the folder.
pub(super) fn remove(path: &Path) -> io::Result<()> {
    let mut last = Ok(());
    // A writer thread may still be creating a file as a signal arrives: try again.
    for _ in 0..5 {
        last = remove_once(path);
        match &last {
            Ok(()) => return Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(_) => std::thread::sleep(std::time::Duration::from_millis(20)),
        }
    }
    last
}

fn remove_once(path: &Path) -> io::Result<()> {
    let last = [MANIFEST_NAME, MARKER];
    for entry in fs::read_dir(path)? {
        let entry = entry?;
        if last.iter().any(|n| entry.file_name() == OsStr::new(n)) {
            continue;
        }
        let kind = entry.file_type()?;
        let result = if kind.is_dir() {
            fs::remove_dir_all(entry.path())
        } else {
            fs::remove_file(entry.path())
        };
        match result {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    for name in last {
        match fs::remove_file(path.join(name)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    fs::remove_dir(path)
}
