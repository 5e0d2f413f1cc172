use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let catalog = sowgen::catalog::Catalog::default_catalog();
    let t = Instant::now();
    let list =
        sowgen::input::read(std::path::Path::new(&path), &catalog, &Default::default()).unwrap();
    eprintln!("read {:?}", t.elapsed());
    let t = Instant::now();
    let est = sowgen::estimate::estimate(&list, &catalog);
    eprintln!("estimate {:?} lines {}", t.elapsed(), est.lines.len());
    let templates = sowgen::render::Templates::embedded();
    let t = Instant::now();
    let d = sowgen::render::docx::render(&est, &templates).unwrap();
    eprintln!("docx {:?} {}", t.elapsed(), d.len());
    let t = Instant::now();
    let x = sowgen::render::xlsx::render(&est).unwrap();
    eprintln!("xlsx {:?} {}", t.elapsed(), x.len());
    let t = Instant::now();
    let p = sowgen::render::pdf::render(&est).unwrap();
    eprintln!("pdf {:?} {}", t.elapsed(), p.len());
    let t = Instant::now();
    let j = serde_json::to_vec_pretty(&est).unwrap();
    eprintln!("json {:?} {}", t.elapsed(), j.len());
}
