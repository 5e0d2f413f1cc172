//! Ctrl-C, SIGTERM and SIGHUP during a write remove the staging folder before the process ends
//! (exit 128 + the signal: 130, 143, 129).
//!
//! `signal-hook` turns the signal into a message for an ordinary thread, so the clean-up runs
//! outside the signal handler (where removing a folder is not allowed) and may take a lock: the
//! registry of staging folders below, which the swap holds while it renames, so that a signal
//! never lands between the two renames of a fallback swap.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, Once};

/// Folders this process must remove if it is stopped by a signal.
static REGISTRY: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static INTERRUPTED: AtomicBool = AtomicBool::new(false);
static INSTALL: Once = Once::new();

/// The registry, held: no signal clean-up runs while a guard is alive.
pub(super) fn hold() -> MutexGuard<'static, Vec<PathBuf>> {
    REGISTRY
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Create a folder and register it in one step, so a signal sees either neither or both.
pub(super) fn create_registered(path: &Path) -> std::io::Result<()> {
    let mut registry = hold();
    std::fs::create_dir(path)?;
    registry.push(path.to_path_buf());
    Ok(())
}

pub(super) fn unregister(path: &Path) {
    hold().retain(|p| p != path);
}

/// Whether a signal has asked this process to stop (writers stop starting new files).
pub(super) fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Start listening for the signals, once per process. Where that is impossible the signals
/// keep their default action, and the next build removes what a stopped one left.
pub(super) fn install() {
    INSTALL.call_once(|| {
        #[cfg(unix)]
        listen();
    });
}

#[cfg(unix)]
fn listen() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    // If no thread can be started, `signals` is dropped with the closure, which unregisters it.
    let _ = std::thread::Builder::new()
        .name("sowgen-signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                INTERRUPTED.store(true, Ordering::SeqCst);
                // Held until exit: no swap or new staging folder can start after this point.
                let registry = hold();
                for path in registry.iter() {
                    let _ = super::remove::remove(path);
                }
                std::process::exit(128 + signal);
            }
        });
}
