//! Times each stage of `build` on a room list, one after another, with the peak memory so far:
//! `cargo run --release --example phases -- ROOMLIST [CATALOG] [FILE]` (FILE: render only the
//! outputs whose name holds it, e.g. `bill-of`). For profiling; the benchmark is bench/run.sh.
use std::time::Instant;

/// Peak resident memory of this process so far, in MB (Linux).
fn peak_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn report(stage: &str, started: Instant, detail: String) {
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "{stage:<40} {seconds:>7.3} s  peak {:>5.0} MB  {detail}",
        peak_mb()
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: phases ROOMLIST [CATALOG]");
    let catalog = match args.next().filter(|file| !file.is_empty()) {
        Some(file) => sowgen::Catalog::load(std::path::Path::new(&file)).expect("a catalog"),
        None => sowgen::Catalog::default_catalog(),
    };
    let only = args.next().unwrap_or_default();
    let t = Instant::now();
    let list = sowgen::read(std::path::Path::new(&path), &catalog, &Default::default())
        .expect("a readable room list");
    report("read", t, format!("{} rooms", list.rooms.len()));
    let t = Instant::now();
    let package = sowgen::Package::new(sowgen::estimate(&list, &catalog), catalog.schedule());
    report(
        "estimate",
        t,
        format!("{} lines", package.estimate.lines.len()),
    );
    let templates = sowgen::Templates::embedded();
    for file in sowgen::package_files(&package, &templates) {
        if !file.name.contains(&only) {
            continue;
        }
        let t = Instant::now();
        let bytes = file.render().expect("renders");
        report(&file.name, t, format!("{} bytes", bytes.len()));
    }
}
