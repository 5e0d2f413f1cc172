//! One swap at a time into a folder: builds running at once each take an exclusive `flock` on the
//! target's parent folder while they inspect the target again and swap. Locking the folder itself
//! leaves no lock file to clean up or go stale (the kernel drops the lock when the process ends,
//! however it ends). Only the final inspection and swap are serialized; the writing runs in
//! parallel.

use std::fs::File;
use std::io;
use std::path::Path;

pub(super) struct FolderLock {
    _file: Option<File>,
}

#[cfg(unix)]
pub(super) fn lock(folder: &Path) -> io::Result<FolderLock> {
    use std::os::fd::AsRawFd;
    let file = File::open(folder)?;
    loop {
        // SAFETY: the descriptor is open for the duration of the call.
        if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) } == 0 {
            return Ok(FolderLock { _file: Some(file) });
        }
        let e = io::Error::last_os_error();
        match e.raw_os_error() {
            Some(libc::EINTR) => continue,
            // A file system without flock (some network mounts): go on unlocked; the exchange
            // and the inspection repeated on a clash still keep every package whole.
            Some(libc::ENOLCK) | Some(libc::EOPNOTSUPP) | Some(libc::EBADF) => {
                return Ok(FolderLock { _file: None });
            }
            _ => return Err(e),
        }
    }
}

#[cfg(not(unix))]
pub(super) fn lock(_folder: &Path) -> io::Result<FolderLock> {
    Ok(FolderLock { _file: None })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    #[test]
    fn only_one_holder_at_a_time() {
        let tmp = tempfile::tempdir().unwrap();
        let inside = AtomicBool::new(false);
        let overlaps = AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for _ in 0..20 {
                        let _held = lock(tmp.path()).unwrap();
                        if inside.swap(true, Ordering::SeqCst) {
                            overlaps.fetch_add(1, Ordering::SeqCst);
                        }
                        std::thread::yield_now();
                        inside.store(false, Ordering::SeqCst);
                    }
                });
            }
        });
        assert_eq!(overlaps.load(Ordering::SeqCst), 0);
        assert_eq!(
            std::fs::read_dir(tmp.path()).unwrap().count(),
            0,
            "no lock file"
        );
    }
}
