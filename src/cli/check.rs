//! `sowgen check ROOMLIST`: read and validate; print rooms, device totals, problems and findings.

use super::Options;
use super::report::{print_findings, print_json, print_summary, summary_json};
use crate::catalog::Catalog;
use crate::error::Error;
use crate::estimate::estimate;
use crate::input;
use crate::room_list::RoomList;
use serde_json::json;
use std::io::Write;
use std::path::Path;

pub fn run(
    path: &Path,
    json: bool,
    write_types: Option<&Path>,
    options: &Options,
) -> Result<(), Error> {
    let catalog = options.catalog()?;
    let list = input::read(path, &catalog, &options.read_options(&catalog)?)?;
    let (estimate, schedule) =
        crate::package::scheduled(estimate(&list, &catalog), catalog.schedule());
    let written = write_types
        .map(|file| write_type_map(file, &list, &catalog))
        .transpose()?;
    if json {
        let mut out = summary_json(&list, &[]);
        out["draft"] = json!(estimate.draft);
        out["findings"] = json!(estimate.findings);
        if let (Some(file), Some(texts)) = (write_types, written) {
            out["type_map"] = json!({"file": file, "texts": texts});
        }
        print_json(&out);
    } else {
        print_summary(&list);
        print_findings(&estimate);
        if let (Some(file), Some(texts)) = (write_types, written) {
            println!(
                "wrote {} to fill in to {}; then run again with --types {}",
                crate::text::counted(texts, "unresolved room type"),
                file.display(),
                file.display()
            );
        }
    }
    super::leave_to_exit((list, estimate, schedule));
    Ok(())
}

/// Write a type map to fill in for the list's unresolved texts into a new file; returns how many
/// texts it holds. An existing file is never replaced.
fn write_type_map(file: &Path, list: &RoomList, catalog: &Catalog) -> Result<usize, Error> {
    let unresolved = list.unresolved_texts();
    let text = crate::type_map::template(&unresolved, catalog);
    let mut out = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(file)
    {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(Error::TypeMapExists(file.to_path_buf()));
        }
        Err(e) => return Err(Error::writing(file)(e)),
    };
    out.write_all(text.as_bytes())
        .map_err(Error::writing(file))?;
    let mut distinct: Vec<&str> = unresolved.iter().map(|u| u.text.as_str()).collect();
    distinct.sort_unstable();
    distinct.dedup();
    Ok(distinct.len())
}
