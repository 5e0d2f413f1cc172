//! Staging folders: a new package is written into `.NAME.sowgen-staging-PID-N` beside its target,
//! with a marker file inside naming the process that owns it. A folder of that name whose process
//! is gone (a build killed with SIGKILL, a power cut) is removed by the next build in that place.

use super::manifest::MANIFEST_NAME;
use super::remove::{MARKER, remove};
use super::signals;
use serde::{Deserialize, Serialize};
use std::ffi::OsStr;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

const KIND: &str = "sowgen-staging";

/// A long folder name is shortened in the staging name, which must stay under NAME_MAX.
const NAME_BYTES: usize = 64;

/// The staging name for `target` with this pid and counter.
fn staging_name(target: &OsStr, pid: u32, n: u32) -> String {
    let name = target.to_string_lossy();
    let mut end = name.len().min(NAME_BYTES);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    format!(".{}.{KIND}-{pid}-{n}", &name[..end])
}

/// The pid in a staging folder's name, if the name is one.
fn staging_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?;
    let (rest, n) = rest.rsplit_once('-')?;
    n.parse::<u32>().ok()?;
    let (rest, pid) = rest.rsplit_once('-')?;
    let pid = pid.parse::<u32>().ok()?;
    rest.ends_with(&format!(".{KIND}")).then_some(pid)
}

/// A fresh staging folder beside the target (registered for removal on a signal) with its marker.
pub(super) fn create(parent: &Path, target: &OsStr) -> io::Result<PathBuf> {
    let pid = std::process::id();
    let mut n = 0u32;
    let path = loop {
        let path = parent.join(staging_name(target, pid, n));
        match signals::create_registered(&path) {
            Ok(()) => break path,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 10_000 => n += 1,
            Err(e) => return Err(e),
        }
    };
    let marker = serde_json::to_vec(&Owner::current()).expect("an owner serializes");
    let written = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path.join(MARKER))
        .and_then(|mut f| f.write_all(&marker));
    if let Err(e) = written {
        let _ = remove(&path);
        signals::unregister(&path);
        return Err(e);
    }
    Ok(path)
}

/// An unused staging name beside the target, for moving the old package aside.
pub(super) fn unused_name(parent: &Path, target: &OsStr) -> PathBuf {
    let pid = std::process::id();
    (0u32..)
        .map(|n| parent.join(staging_name(target, pid, n)))
        .find(|p| fs::symlink_metadata(p).is_err())
        .expect("some name is free")
}

/// Remove the staging folders in `parent` whose process is gone. Folders that are not clearly
/// sowgen's (no marker, no manifest, not empty) or whose owner may still run are left alone.
pub(super) fn remove_stale(parent: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let me = std::process::id();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(staging_pid) else {
            continue;
        };
        if pid == me || !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let path = entry.path();
        let gone = match read_owner(&path) {
            Some(owner) => owner.is_gone(),
            // Killed before its marker was written, or the earlier package swapped out of its
            // place and not yet removed: sowgen's all the same.
            None => {
                (!process_exists(pid) || is_zombie(pid))
                    && (is_empty(&path) || path.join(MANIFEST_NAME).is_file())
            }
        };
        if gone {
            let _ = remove(&path);
        }
    }
}

fn is_empty(path: &Path) -> bool {
    fs::read_dir(path).is_ok_and(|mut e| e.next().is_none())
}

fn read_owner(folder: &Path) -> Option<Owner> {
    let mut bytes = Vec::new();
    fs::File::open(folder.join(MARKER))
        .ok()?
        .take(4096)
        .read_to_end(&mut bytes)
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Who owns a staging folder: enough to tell, later, whether that process still runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Owner {
    pid: u32,
    /// Another machine's folder (a shared network folder) is never judged from here.
    host: String,
    /// A reboot ends every process, whatever pid it had.
    boot: String,
    /// The process's start time, so that a pid used again by another process is not taken
    /// for the owner.
    start: Option<u64>,
}

impl Owner {
    fn current() -> Owner {
        let pid = std::process::id();
        Owner {
            pid,
            host: host_name(),
            boot: boot_id(),
            start: start_time(pid),
        }
    }

    fn is_gone(&self) -> bool {
        let here = Owner::current();
        if self.host != here.host {
            return false;
        }
        if !self.boot.is_empty() && self.boot != here.boot {
            return true;
        }
        if !process_exists(self.pid) || is_zombie(self.pid) {
            return true;
        }
        matches!((self.start, start_time(self.pid)), (Some(a), Some(b)) if a != b)
    }
}

#[cfg(unix)]
fn process_exists(pid: u32) -> bool {
    // pid 0 and negative pids name process groups to kill(2): never ask about those.
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return true;
    };
    if pid <= 0 {
        return true;
    }
    // SAFETY: signal 0 sends nothing; it only asks whether the process exists.
    let found = unsafe { libc::kill(pid, 0) } == 0;
    found || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

/// Without a way to ask, every owner may still run: nothing is removed.
#[cfg(not(unix))]
fn process_exists(_pid: u32) -> bool {
    true
}

#[cfg(unix)]
fn host_name() -> String {
    let mut buf = [0u8; 256];
    // SAFETY: the buffer is valid for its length; gethostname NUL-terminates within it or fails.
    let ok = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) } == 0;
    if !ok {
        return String::new();
    }
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    String::from_utf8_lossy(&buf[..end]).into_owned()
}

#[cfg(not(unix))]
fn host_name() -> String {
    std::env::var("COMPUTERNAME").unwrap_or_default()
}

fn boot_id() -> String {
    fs::read_to_string("/proc/sys/kernel/random/boot_id")
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}

/// A process that has ended but not been reaped by its parent still answers kill(pid, 0).
fn is_zombie(pid: u32) -> bool {
    let Ok(stat) = fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return false;
    };
    let after_name = stat.rfind(')').map_or("", |i| &stat[i + 1..]);
    after_name.split_whitespace().next() == Some("Z")
}

/// Field 22 of /proc/PID/stat (after the command name, which may hold spaces and parentheses).
fn start_time(pid: u32) -> Option<u64> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after_name = &stat[stat.rfind(')')? + 1..];
    after_name.split_whitespace().nth(19)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staging_names_are_recognised_and_nothing_else_is() {
        let name = staging_name(OsStr::new("west-sow"), 4242, 7);
        assert_eq!(name, ".west-sow.sowgen-staging-4242-7");
        assert_eq!(staging_pid(&name), Some(4242));
        let long = staging_name(OsStr::new(&"é".repeat(200)), 1, 0);
        assert!(long.len() < 120, "{long}");
        assert_eq!(staging_pid(&long), Some(1));
        for other in [
            "west-sow",
            ".west-sow.partial-1-0",
            ".west-sow.sowgen-staging-x-0",
            ".west-sow.sowgen-staging-12",
            "west-sow.sowgen-staging-1-0",
        ] {
            assert_eq!(staging_pid(other), None, "{other}");
        }
    }

    #[test]
    fn this_process_is_alive_and_a_reused_pid_is_not_its_owner() {
        let me = Owner::current();
        assert!(!me.is_gone());
        assert!(me.start.is_some(), "/proc gives a start time on Linux");
        let reused = Owner {
            start: me.start.map(|s| s + 1),
            ..me.clone()
        };
        assert!(reused.is_gone());
        let rebooted = Owner {
            boot: "another boot".into(),
            ..me.clone()
        };
        assert!(rebooted.is_gone());
        let elsewhere = Owner {
            host: "another-host".into(),
            pid: 999_999_999,
            ..me
        };
        assert!(
            !elsewhere.is_gone(),
            "another machine's folder is left alone"
        );
    }

    /// A pid that no process has: a child that has exited and been reaped.
    fn dead_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    #[test]
    fn an_ended_process_not_yet_reaped_is_gone() {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let owner = Owner {
            pid: child.id(),
            start: start_time(child.id()),
            ..Owner::current()
        };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while !is_zombie(owner.pid) && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert!(owner.is_gone());
        child.wait().unwrap();
        assert!(owner.is_gone());
    }

    #[test]
    fn only_stale_staging_folders_are_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let dead = dead_pid();
        let make = |name: String, marker: Option<Owner>, files: &[&str]| {
            let path = tmp.path().join(name);
            fs::create_dir(&path).unwrap();
            if let Some(owner) = marker {
                fs::write(path.join(MARKER), serde_json::to_vec(&owner).unwrap()).unwrap();
            }
            for f in files {
                fs::write(path.join(f), "x").unwrap();
            }
            path
        };
        let mut owner = Owner::current();
        owner.pid = dead;
        owner.start = None;
        let stale = make(
            staging_name(OsStr::new("p"), dead, 0),
            Some(owner),
            &["a.docx"],
        );
        let empty = make(staging_name(OsStr::new("p"), dead, 1), None, &[]);
        let old = make(
            staging_name(OsStr::new("p"), dead, 2),
            None,
            &[MANIFEST_NAME, "b"],
        );
        let users = make(staging_name(OsStr::new("p"), dead, 3), None, &["notes.txt"]);
        let mut running = std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .unwrap();
        let child = Owner {
            pid: running.id(),
            start: start_time(running.id()),
            ..Owner::current()
        };
        let live = make(
            staging_name(OsStr::new("p"), child.pid, 4),
            Some(child),
            &["c"],
        );
        let mine = make(
            staging_name(OsStr::new("p"), std::process::id(), 5),
            None,
            &[],
        );
        let other_name = make(".p.partial-1-0".into(), None, &[]);
        remove_stale(tmp.path());
        running.kill().unwrap();
        running.wait().unwrap();
        assert!(mine.exists(), "this process's own folder");
        assert!(!stale.exists() && !empty.exists() && !old.exists());
        assert!(users.join("notes.txt").exists(), "no marker: not sowgen's");
        assert!(live.join("c").exists(), "its owner still runs");
        assert!(other_name.exists());
    }
}
