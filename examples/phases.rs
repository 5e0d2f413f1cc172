//! Times each stage of `build` on a room list, one after another, for profiling:
//! `cargo run --release --example phases -- ROOMLIST`.
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("usage: phases ROOMLIST");
    let catalog = sowgen::catalog::Catalog::default_catalog();
    let t = Instant::now();
    let list = sowgen::input::read(std::path::Path::new(&path), &catalog, &Default::default())
        .expect("a readable room list");
    eprintln!(
        "read      {:>8.3} s  {} rooms",
        t.elapsed().as_secs_f64(),
        list.rooms.len()
    );
    let t = Instant::now();
    let estimate = sowgen::estimate::estimate(&list, &catalog);
    eprintln!(
        "estimate  {:>8.3} s  {} lines",
        t.elapsed().as_secs_f64(),
        estimate.lines.len()
    );
    let templates = sowgen::render::Templates::embedded();
    for file in sowgen::render::package(&estimate, &templates) {
        let t = Instant::now();
        let bytes = file.render().expect("renders");
        eprintln!(
            "{:<40} {:>8.3} s  {:>10} bytes",
            file.name,
            t.elapsed().as_secs_f64(),
            bytes.len()
        );
    }
}
