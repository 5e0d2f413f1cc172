//! `sowgen level PACKAGE_DIR BID... [-o DIR]`: level the bid forms vendors returned.

use super::report::{print_json, print_warnings_of};
use crate::error::Error;
use crate::level::{self, Leveling, Thresholds};
use crate::money::format_dollars;
use crate::render;
use crate::room_list::ProjectInfo;
use rust_decimal::Decimal;
use serde_json::json;
use std::path::{Path, PathBuf};

pub struct LevelArgs {
    pub package: PathBuf,
    pub bids: Vec<PathBuf>,
    pub output: Option<PathBuf>,
    pub json: bool,
    pub flag_percent: Option<Decimal>,
    pub strong_percent: Option<Decimal>,
    pub project: Option<PathBuf>,
}

pub fn run(args: &LevelArgs) -> Result<(), Error> {
    let mut estimate = level::read_estimate(&args.package)?;
    if let Some(path) = &args.project {
        // Only the leveling thresholds are taken from it: the identity the forms are checked
        // against is the package's own.
        estimate.project.bid = ProjectInfo::load(path)?.bid.or(estimate.project.bid);
    }
    let thresholds =
        Thresholds::from_project(&estimate, args.flag_percent, args.strong_percent).checked()?;
    let mut forms = Vec::with_capacity(args.bids.len());
    for path in &args.bids {
        let bytes = std::fs::read(path).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
        forms.push((path.display().to_string(), bytes));
    }
    let leveling = level::level(&estimate, &forms, thresholds)?;
    let dir = args
        .output
        .clone()
        .unwrap_or_else(|| default_output(&args.package));
    let inputs = std::iter::once(Some(args.package.as_path()))
        .chain(args.bids.iter().map(|b| Some(b.as_path())))
        .chain(std::iter::once(args.project.as_deref()));
    let job = crate::output::Job::new("level", inputs);
    let written = crate::output::write_package(&dir, &job, &render::leveling::files(&leveling))?;
    if args.json {
        let mut out = crate::summary::leveling(&leveling);
        out["outputs"] = json!(written);
        print_json(&out);
    } else {
        print_leveling(&leveling, &dir);
    }
    Ok(())
}

/// `<package>-leveling` beside the package: never the package folder itself (the output module
/// refuses a folder that holds an input).
fn default_output(package: &Path) -> PathBuf {
    let name = package
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "package".into());
    package.with_file_name(format!("{name}-leveling"))
}

fn print_leveling(leveling: &Leveling, dir: &Path) {
    print_warnings_of(&leveling.warnings);
    for t in &leveling.trades {
        println!("{}: estimate {}", t.trade, format_dollars(t.estimate));
        for (b, bidder) in t.bidders.iter().enumerate() {
            let mut notes = Vec::new();
            if t.apparent_low == Some(b) {
                notes.push("apparent low");
            }
            if t.leveled_low == Some(b) {
                notes.push("leveled low");
            }
            println!(
                "  {:<28}{:>16} as bid{:>16} leveled  {} not priced, {} flagged  {}",
                bidder.name,
                format_dollars(bidder.as_bid),
                format_dollars(bidder.leveled),
                bidder.missing_lines,
                bidder.flagged_lines,
                notes.join(", ")
            );
        }
        if let Some(rec) = &t.recommendation {
            println!("  recommended: {}", t.bidders[rec.bidder].name);
        }
    }
    println!("wrote {}", dir.display());
}
