//! Any bytes given to the reader must give a room list or a located error: never a panic, an
//! abort, a hang, or a huge allocation (libFuzzer's -rss_limit_mb and -timeout catch those).
#![no_main]

use libfuzzer_sys::fuzz_target;
use sowgen::catalog::Catalog;
use sowgen::input::{ReadOptions, read_bytes};
use std::sync::OnceLock;

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        // libFuzzer's hook aborts on any panic, even one the reader catches and reports as a
        // damaged file; put the default hook back so the fuzzer judges what the CLI would do.
        // A panic that escapes the reader still aborts, at the FFI boundary.
        let _ = std::panic::take_hook();
        Catalog::default_catalog()
    })
}

fuzz_target!(|data: &[u8]| {
    let _ = read_bytes("fuzz.xlsx", data, catalog(), &ReadOptions::default());
});
