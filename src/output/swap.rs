//! Putting the finished staging folder in the target's place. Where the OS can exchange two
//! folders atomically (Linux `renameat2` with `RENAME_EXCHANGE`), that is one step and the old
//! package ends up at the staging path; elsewhere, or on a file system without it, the old package
//! is renamed aside and the new one renamed in, and on failure the old one is put back.

use std::io;
use std::path::{Path, PathBuf};

/// Where the old package is after the swap, if there was one.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Placed {
    /// There was nothing in the target's place.
    New,
    /// The old package now sits at the staging path.
    Exchanged,
    /// The old package was moved to this path.
    Aside(PathBuf),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Strategy {
    /// The atomic exchange where it exists, else two renames.
    Best,
    /// Two renames (what other systems get); tests use it to cover that path on Linux.
    #[cfg_attr(not(test), allow(dead_code))]
    TwoRenames,
}

/// Move `staging` into `dir`'s place. `existed` says whether `dir` holds a folder to replace;
/// `aside` names a free path for the fallback. A target that appeared since it was inspected
/// gives an error of kind `AlreadyExists`.
pub(super) fn place(
    staging: &Path,
    dir: &Path,
    existed: bool,
    aside: impl FnOnce() -> PathBuf,
    strategy: Strategy,
) -> io::Result<Placed> {
    if !existed {
        rename_noreplace(staging, dir)?;
        return Ok(Placed::New);
    }
    if strategy == Strategy::Best {
        match exchange(staging, dir) {
            Ok(()) => return Ok(Placed::Exchanged),
            Err(e) if !unsupported(&e) => return Err(e),
            Err(_) => {}
        }
    }
    let aside = aside();
    two_renames(staging, dir, &aside, |from, to| std::fs::rename(from, to))?;
    Ok(Placed::Aside(aside))
}

/// Old aside, new in; on failure the old back. There is no folder at `dir` only between the two
/// renames.
fn two_renames(
    staging: &Path,
    dir: &Path,
    aside: &Path,
    rename: impl Fn(&Path, &Path) -> io::Result<()>,
) -> io::Result<()> {
    rename(dir, aside)?;
    if let Err(e) = rename(staging, dir) {
        return match rename(aside, dir) {
            Ok(()) => Err(e),
            Err(back) => Err(io::Error::new(
                e.kind(),
                format!(
                    "{e}; the earlier package could not be put back ({back}) and is at {}",
                    aside.display()
                ),
            )),
        };
    }
    Ok(())
}

fn unsupported(e: &io::Error) -> bool {
    if e.kind() == io::ErrorKind::Unsupported {
        return true;
    }
    #[cfg(unix)]
    {
        matches!(
            e.raw_os_error(),
            Some(libc::EINVAL) | Some(libc::ENOSYS) | Some(libc::EOPNOTSUPP)
        )
    }
    #[cfg(not(unix))]
    false
}

#[cfg(target_os = "linux")]
fn renameat2(from: &Path, to: &Path, flags: libc::c_uint) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "a path holds a NUL byte"))
    };
    let (from, to) = (c(from)?, c(to)?);
    // The raw system call: glibc gained a wrapper only in 2.28, and musl may lack one.
    // SAFETY: both paths are NUL-terminated and outlive the call.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            from.as_ptr(),
            libc::AT_FDCWD,
            to.as_ptr(),
            flags,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    renameat2(a, b, libc::RENAME_EXCHANGE)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// Rename, failing if `to` exists (plain rename would silently replace an empty folder).
fn rename_noreplace(from: &Path, to: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    match renameat2(from, to, libc::RENAME_NOREPLACE) {
        Err(e) if unsupported(&e) => {}
        other => return other,
    }
    if std::fs::symlink_metadata(to).is_ok() {
        return Err(io::ErrorKind::AlreadyExists.into());
    }
    std::fs::rename(from, to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::fs;

    fn folder(path: &Path, text: &str) {
        fs::create_dir(path).unwrap();
        fs::write(path.join("f"), text).unwrap();
    }

    fn text(path: &Path) -> String {
        fs::read_to_string(path.join("f")).unwrap()
    }

    #[test]
    fn the_exchange_leaves_the_old_package_at_the_staging_path() {
        let tmp = tempfile::tempdir().unwrap();
        let (new, dir) = (tmp.path().join("new"), tmp.path().join("dir"));
        folder(&new, "new");
        folder(&dir, "old");
        let placed = place(&new, &dir, true, || unreachable!(), Strategy::Best).unwrap();
        assert_eq!(
            placed,
            Placed::Exchanged,
            "this file system has RENAME_EXCHANGE"
        );
        assert_eq!((text(&dir), text(&new)), ("new".into(), "old".into()));
    }

    #[test]
    fn two_renames_put_the_new_in_and_the_old_aside() {
        let tmp = tempfile::tempdir().unwrap();
        let (new, dir, aside) = (
            tmp.path().join("new"),
            tmp.path().join("dir"),
            tmp.path().join("aside"),
        );
        folder(&new, "new");
        folder(&dir, "old");
        let placed = place(&new, &dir, true, || aside.clone(), Strategy::TwoRenames).unwrap();
        assert_eq!(placed, Placed::Aside(aside.clone()));
        assert_eq!((text(&dir), text(&aside)), ("new".into(), "old".into()));
        assert!(!new.exists());
    }

    #[test]
    fn a_failed_second_rename_puts_the_old_package_back() {
        let tmp = tempfile::tempdir().unwrap();
        let (new, dir, aside) = (
            tmp.path().join("new"),
            tmp.path().join("dir"),
            tmp.path().join("aside"),
        );
        folder(&new, "new");
        folder(&dir, "old");
        let calls = Cell::new(0);
        let result = two_renames(&new, &dir, &aside, |from, to| {
            calls.set(calls.get() + 1);
            if calls.get() == 2 {
                return Err(io::Error::other("disk pulled"));
            }
            fs::rename(from, to)
        });
        assert!(result.is_err());
        assert_eq!(calls.get(), 3);
        assert_eq!((text(&dir), text(&new)), ("old".into(), "new".into()));
        assert!(!aside.exists());
    }

    #[test]
    fn a_target_that_appeared_is_not_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let (new, dir) = (tmp.path().join("new"), tmp.path().join("dir"));
        folder(&new, "new");
        fs::create_dir(&dir).unwrap();
        let e = place(&new, &dir, false, || unreachable!(), Strategy::Best).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(text(&new), "new");
    }
}
