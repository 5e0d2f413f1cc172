//! Any bytes given to the reader must give a room list or a located error: never a panic, an
//! abort, a hang, or a huge allocation (libFuzzer's -rss_limit_mb and -timeout catch those).
#![no_main]

use libfuzzer_sys::fuzz_target;
use sowgen::Catalog;
use sowgen::{ReadOptions, read_bytes};
use std::sync::OnceLock;

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        // libFuzzer's hook aborts on any panic, even one the reader catches and reports as a
        // damaged file; replace it so the fuzzer judges what the CLI would do. A panic that
        // escapes the reader still aborts, at the FFI boundary, and is saved as a crash. Caught
        // panics are many; printing each (with a backtrace) would slow the fuzzer tenfold.
        std::panic::set_hook(Box::new(|_| {}));
        Catalog::default_catalog()
    })
}

fuzz_target!(|data: &[u8]| {
    let _ = read_bytes("fuzz.xlsx", data, catalog(), &ReadOptions::default());
});
