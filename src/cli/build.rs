//! `sowgen build ROOMLIST [-o DIR]`: write the whole package into a folder.

use super::Options;
use super::progress::Progress;
use super::report::{print_json, print_summary, summary_json};
use crate::error::Error;
use crate::estimate::estimate;
use crate::input;
use crate::money::format_dollars;
use crate::package::Package;
use crate::render;
use serde_json::json;
use std::path::{Path, PathBuf};

pub fn run(
    path: &Path,
    output: Option<PathBuf>,
    json: bool,
    options: &Options,
) -> Result<(), Error> {
    let catalog = options.catalog()?;
    let templates = options.templates()?;
    let read_options = options.read_options(&catalog)?;
    let progress = Progress::start(json);
    progress.stage("reading the room list");
    let dir = output.unwrap_or_else(|| default_output(path));
    let job = crate::output::Job::new(
        "build",
        [
            Some(path),
            options.catalog.as_deref(),
            options.templates.as_deref(),
            options.project.as_deref(),
        ],
    );
    // Reading is one core's work: the other looks at the output folder meanwhile (an earlier
    // package there is hashed). A list that cannot be read is reported before a folder refused.
    let (list, inspected) = rayon::join(
        || input::read(path, &catalog, &read_options),
        || crate::output::inspect(&dir, job),
    );
    let (list, inspected) = (list?, inspected?);
    progress.stage("expanding rooms through the catalog");
    let package = Package::new(estimate(&list, &catalog), catalog.schedule());
    let files = render::package(&package, &templates);
    progress.stage(&format!("writing {} files", files.len()));
    let written = crate::output::write_inspected(inspected, &files)?;
    progress.finish();

    let estimate = &package.estimate;
    let bid_warnings = crate::bid::warnings(estimate, &package.bids);
    let t = &estimate.totals;
    if json {
        let mut out = summary_json(&list, &[]);
        if let Some(warnings) = out["warnings"].as_array_mut() {
            warnings.extend(bid_warnings.iter().map(|w| json!(w)));
        }
        out["totals"] = crate::summary::totals(t);
        out["draft"] = json!(estimate.draft);
        out["outputs"] = json!(written);
        out["findings"] = json!(estimate.findings);
        print_json(&out);
    } else {
        print_summary(&list);
        super::report::print_warnings(&bid_warnings);
        for (category, amount) in t.by_category() {
            println!(
                "{:<28}{:>16}",
                category.label().to_lowercase(),
                format_dollars(amount)
            );
        }
        println!(
            "{}; wrote {}",
            crate::text::counted(estimate.findings.len(), "finding"),
            dir.display()
        );
        if estimate.draft {
            println!(
                "DRAFT: {} with an unresolved room type (see the scope of work's Unresolved Room Types); resolve them with --types FILE, or use --strict to refuse such a list",
                crate::text::counted(list.unresolved_count(), "room")
            );
        }
    }
    drop(files);
    super::leave_to_exit((list, package));
    Ok(())
}

/// `<input stem>-sow` beside the input.
fn default_output(roomlist: &Path) -> PathBuf {
    let stem = roomlist
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "room-list".into());
    roomlist.with_file_name(format!("{stem}-sow"))
}
