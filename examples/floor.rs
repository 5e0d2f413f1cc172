//! The benchmark's floor (bench/run.sh): the least work any tool writing the same package must
//! do. Inflating the room list, plus deflating the package's parts (the uncompressed bytes of
//! every .xlsx and .docx in it) at the level sowgen uses (1), split in 1 MB pieces over all the
//! machine's cores. Reading the rooms' values, the arithmetic and the plain files (JSON, CSV)
//! are left out, so the floor is below what can be reached.
//! `cargo run --release --example floor -- LIST.xlsx PACKAGE_DIR [RUNS]`; prints one JSON line.
use flate2::{Compression, write::DeflateEncoder};
use rayon::prelude::*;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn median(runs: usize, mut f: impl FnMut() -> io::Result<()>) -> io::Result<f64> {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        f()?;
        times.push(start.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    Ok(times[times.len() / 2])
}

fn zips(dir: &Path, found: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            zips(&path, found)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("xlsx" | "docx")
        ) {
            found.push(path);
        }
    }
    Ok(())
}

fn inflate_all(path: &Path) -> io::Result<Vec<Vec<u8>>> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path)?)?;
    let mut parts = Vec::new();
    for i in 0..archive.len() {
        let mut part = Vec::new();
        archive.by_index(i)?.read_to_end(&mut part)?;
        parts.push(part);
    }
    Ok(parts)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: floor LIST.xlsx PACKAGE_DIR [RUNS]";
    let list = PathBuf::from(args.next().ok_or(usage)?);
    let package = PathBuf::from(args.next().ok_or(usage)?);
    let runs: usize = args.next().map(|n| n.parse()).transpose()?.unwrap_or(5);

    let inflate_s = median(runs, || inflate_all(&list).map(drop))?;

    let mut files = Vec::new();
    zips(&package, &mut files)?;
    let mut chunks: Vec<Vec<u8>> = Vec::new();
    for file in &files {
        for part in inflate_all(file)? {
            chunks.extend(part.chunks(1 << 20).map(<[u8]>::to_vec));
        }
    }
    let bytes: usize = chunks.iter().map(Vec::len).sum();
    let deflate_s = median(runs, || {
        chunks.par_iter().try_for_each(|chunk| {
            let mut encoder = DeflateEncoder::new(Vec::new(), Compression::new(1));
            encoder.write_all(chunk)?;
            encoder.finish().map(drop)
        })
    })?;
    println!(
        "{{\"inflate_s\": {inflate_s:.4}, \"deflate_s\": {deflate_s:.4}, \"deflated_mb\": {:.1}, \"cores\": {}}}",
        bytes as f64 / 1e6,
        rayon::current_num_threads()
    );
    Ok(())
}
