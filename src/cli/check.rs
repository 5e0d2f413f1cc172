//! `sowgen check ROOMLIST`: read and validate; print rooms, device totals, problems and findings.

use super::Options;
use super::report::{print_findings, print_json, print_summary, summary_json};
use crate::error::Error;
use crate::estimate::estimate;
use crate::input;
use crate::package::Package;
use serde_json::json;
use std::path::Path;

pub fn run(path: &Path, json: bool, options: &Options) -> Result<(), Error> {
    let catalog = options.catalog()?;
    let list = input::read(path, &catalog, &options.read_options()?)?;
    let package = Package::new(estimate(&list, &catalog), catalog.schedule());
    let estimate = &package.estimate;
    if json {
        let mut out = summary_json(&list, &[]);
        out["findings"] = json!(estimate.findings);
        print_json(&out);
    } else {
        print_summary(&list);
        print_findings(estimate);
    }
    Ok(())
}
