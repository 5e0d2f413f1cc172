//! The command line: parses arguments, runs the pipeline, and is the only place that prints.
//! One file per command; `report` prints what every command shares (summaries, problems, errors).

mod build;
mod check;
mod diff;
mod init;
mod level;
mod progress;
mod report;

use crate::catalog::Catalog;
use crate::error::Error;
use crate::field::Field;
use crate::input::ReadOptions;
use crate::render::Templates;
use crate::room_list::ProjectInfo;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "sowgen",
    version,
    about = "Turn a construction room list into the IT scope-of-work package"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read and validate a room list: rooms, device totals, problems and findings.
    Check {
        roomlist: PathBuf,
        /// Print one JSON document on stdout.
        #[arg(long)]
        json: bool,
        /// Write a type map to fill in: every unresolved room type with its rooms and the best
        /// suggestion (never overwrites a file).
        #[arg(long, value_name = "FILE")]
        write_types: Option<PathBuf>,
        #[command(flatten)]
        options: Options,
    },
    /// Write the whole package (SOW, budget workbook, PDF summary, ...) into a folder.
    Build {
        roomlist: PathBuf,
        /// Folder to write into [default: <room list name>-sow beside the room list].
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Print one JSON document on stdout.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        options: Options,
    },
    /// Price the change between two revisions of a room list (a change order).
    Diff {
        old: PathBuf,
        new: PathBuf,
        /// Folder to write into [default: <new room list name>-change-order beside it].
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Print one JSON document on stdout.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        options: Options,
    },
    /// Level returned bid forms against the package they were issued from.
    Level {
        /// The package folder `build` wrote (its estimate.json and bid-packages/).
        package: PathBuf,
        /// The returned bid forms (bid-packages/<trade>.xlsx, filled in), any trades.
        #[arg(required = true, value_name = "BID")]
        bids: Vec<PathBuf>,
        /// Folder to write into [default: <package>-leveling beside the package].
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Print one JSON document on stdout.
        #[arg(long)]
        json: bool,
        /// Flag a line this many percent off the estimate or the median [default: the project
        /// file's [bid] flag_percent, else 20].
        #[arg(long, value_name = "PERCENT")]
        flag_percent: Option<rust_decimal::Decimal>,
        /// Call a flag strong this many percent off [default: strong_percent, else 40].
        #[arg(long, value_name = "PERCENT")]
        strong_percent: Option<rust_decimal::Decimal>,
        /// A project file whose [bid] table gives the thresholds.
        #[arg(long, value_name = "FILE")]
        project: Option<PathBuf>,
    },
    /// Write the default catalog and templates into DIR to edit.
    Init {
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// A local web page that checks, builds and prices change orders, for people who do not use a shell.
    Serve {
        /// Port to listen on [default: 8750, else any free port].
        #[arg(long, value_name = "N")]
        port: Option<u16>,
        /// Open the page in the default browser.
        #[arg(long)]
        open: bool,
        /// Listen on this address instead of 127.0.0.1: other computers could then use the page.
        #[arg(long, value_name = "ADDR")]
        listen: Option<std::net::IpAddr>,
    },
}

impl Command {
    fn json(&self) -> bool {
        match self {
            Command::Check { json, .. }
            | Command::Build { json, .. }
            | Command::Diff { json, .. }
            | Command::Level { json, .. } => *json,
            Command::Init { .. } | Command::Serve { .. } => false,
        }
    }
}

#[derive(Args)]
struct Options {
    /// Use this catalog (rules and prices) instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    catalog: Option<PathBuf>,
    /// Use the SOW templates in this folder (see `sowgen init`).
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Project details (TOML) that override the room list's Project sheet.
    #[arg(long, value_name = "FILE")]
    project: Option<PathBuf>,
    /// Map a column header the reader does not know: "HEADER=field" (repeatable).
    #[arg(long = "map", value_name = "HEADER=field", value_parser = parse_mapping)]
    map: Vec<(String, Field)>,
    /// A type map (TOML): room types as the list writes them = catalog room types.
    #[arg(long, value_name = "FILE")]
    types: Option<PathBuf>,
    /// Unresolved room types are errors (exit 1, nothing written), not a draft.
    #[arg(long)]
    strict: bool,
}

impl Options {
    fn catalog(&self) -> Result<Catalog, Error> {
        match &self.catalog {
            Some(path) => Catalog::load(path),
            None => Ok(Catalog::default_catalog()),
        }
    }

    fn templates(&self) -> Result<Templates, Error> {
        match &self.templates {
            Some(dir) => Templates::from_dir(dir),
            None => Ok(Templates::embedded()),
        }
    }

    fn read_options(&self, catalog: &Catalog) -> Result<ReadOptions, Error> {
        let project = self.project.as_deref().map(ProjectInfo::load).transpose()?;
        let types = match &self.types {
            Some(path) => crate::type_map::TypeMap::load(path, catalog)?,
            None => Default::default(),
        };
        Ok(ReadOptions {
            columns: self.map.clone(),
            project,
            types,
            strict: self.strict,
        })
    }
}

fn parse_mapping(text: &str) -> Result<(String, Field), String> {
    let (header, field) = text
        .rsplit_once('=')
        .ok_or_else(|| format!("expected HEADER=field, found '{text}'"))?;
    let field_key = field.trim();
    let field = Field::from_key(field_key)
        .ok_or_else(|| format!("unknown field '{field_key}'; use one of {}", Field::keys()))?;
    Ok((header.trim().to_string(), field))
}

/// Leaves a command's largest data for the process's exit to return instead of freeing it piece
/// by piece: a campus-scale estimate is a hundred thousand lines, and freeing them takes longer
/// than the exit that follows. Only as the last thing a command does; `serve` frees its own.
fn leave_to_exit<T>(data: T) {
    std::mem::forget(data);
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return report::usage(error),
    };
    let json = cli.command.json();
    if json {
        report::panics_as_json();
    }
    let outcome = match cli.command {
        Command::Check {
            roomlist,
            json,
            write_types,
            options,
        } => check::run(&roomlist, json, write_types.as_deref(), &options),
        Command::Build {
            roomlist,
            output,
            json,
            options,
        } => build::run(&roomlist, output, json, &options),
        Command::Diff {
            old,
            new,
            output,
            json,
            options,
        } => diff::run(&old, &new, output, json, &options),
        Command::Level {
            package,
            bids,
            output,
            json,
            flag_percent,
            strong_percent,
            project,
        } => level::run(&level::LevelArgs {
            package,
            bids,
            output,
            json,
            flag_percent,
            strong_percent,
            project,
        }),
        Command::Init { dir } => init::run(&dir),
        Command::Serve { port, open, listen } => {
            crate::serve::run(crate::serve::Options { port, open, listen })
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            report::error(&error, json);
            ExitCode::FAILURE
        }
    }
}
