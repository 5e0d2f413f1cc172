//! The command line: parses arguments, runs the pipeline, and is the only place that prints.

use crate::catalog::{Catalog, CatalogError};
use crate::estimate::{Estimate, estimate};
use crate::input::{self, Field, InputError, ProjectInfo, ReadOptions, RoomList};
use crate::money::format_dollars;
use crate::problem::Problem;
use crate::progress::Progress;
use crate::render::{self, RenderError, Templates};
use clap::{Args, Parser, Subcommand};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
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
}

fn parse_mapping(text: &str) -> Result<(String, Field), String> {
    let (header, field) = text
        .rsplit_once('=')
        .ok_or_else(|| format!("expected HEADER=field, found '{text}'"))?;
    let field_key = field.trim();
    let field = Field::from_key(field_key).ok_or_else(|| {
        format!(
            "unknown field '{field_key}'; use one of room_number, room_name, room_type, department, floor, building, idf, area, notes, data_drops, wireless_aps, workstations, phones, printers, displays"
        )
    })?;
    Ok((header.trim().to_string(), field))
}

/// Everything that stops a command, printed once.
#[derive(Debug, thiserror::Error)]
enum Failure {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error("{0}")]
    Catalog(#[from] CatalogError),
    #[error("{0}")]
    Render(#[from] RenderError),
    #[error("{0}")]
    Other(String),
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(failure) => {
            eprintln!("error: {failure}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> Result<ExitCode, Failure> {
    match command {
        Command::Check {
            roomlist,
            json,
            options,
        } => check(&roomlist, json, &options),
        Command::Build {
            roomlist,
            output,
            json,
            options,
        } => build(&roomlist, output, json, &options),
        Command::Diff {
            old,
            new,
            output,
            json,
            options,
        } => diff(&old, &new, output, json, &options),
        Command::Init { dir } => init(&dir),
        Command::Serve { port, open, listen } => {
            crate::serve::run(crate::serve::Options { port, open, listen })
                .map_err(Failure::Other)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn load_catalog(options: &Options) -> Result<Catalog, Failure> {
    match &options.catalog {
        Some(path) => Ok(Catalog::load(path)?),
        None => Ok(Catalog::default_catalog()),
    }
}

fn read_options(options: &Options) -> Result<ReadOptions, Failure> {
    let project = match &options.project {
        None => None,
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| Failure::Other(format!("cannot read {}: {e}", path.display())))?;
            let info: ProjectInfo = toml::from_str(&text)
                .map_err(|e| Failure::Other(format!("{}: {}", path.display(), e.message())))?;
            Some(info)
        }
    };
    Ok(ReadOptions {
        columns: options.map.clone(),
        project,
    })
}

/// Read the room list; a rejected list is reported (as JSON or text) and becomes exit code 1.
fn read(
    path: &Path,
    catalog: &Catalog,
    options: &Options,
    json: bool,
) -> Result<Result<RoomList, ExitCode>, Failure> {
    match input::read(path, catalog, &read_options(options)?) {
        Ok(list) => Ok(Ok(list)),
        Err(InputError::Rejected(rejected)) => {
            if json {
                println!(
                    "{}",
                    pretty(&summary_json(&rejected.partial, &rejected.errors))
                );
            } else {
                print_warnings(&rejected.partial.warnings);
                eprintln!(
                    "{}: {} problem(s); nothing was written",
                    rejected.partial.file,
                    rejected.errors.len()
                );
                for problem in &rejected.errors {
                    eprintln!("  error: {problem}");
                }
            }
            Ok(Err(ExitCode::FAILURE))
        }
        Err(e) => Err(e.into()),
    }
}

fn diff(
    old: &Path,
    new: &Path,
    output: Option<PathBuf>,
    json: bool,
    options: &Options,
) -> Result<ExitCode, Failure> {
    let catalog = load_catalog(options)?;
    let read_options = read_options(options)?;
    let lists = [old, new].map(|path| input::read(path, &catalog, &read_options));
    let [old_list, new_list] = lists;
    let (old_list, new_list) = match (old_list, new_list) {
        (Ok(a), Ok(b)) => (a, b),
        (a, b) => {
            // Report each revision as `check` would, naming the file a problem is in.
            let mut reports = Vec::new();
            for (role, result) in [("old", a), ("new", b)] {
                match result {
                    Ok(list) => reports.push((
                        role,
                        summary_json(&list, &[]),
                        list.file.clone(),
                        Vec::new(),
                    )),
                    Err(InputError::Rejected(r)) => reports.push((
                        role,
                        summary_json(&r.partial, &r.errors),
                        r.partial.file.clone(),
                        r.errors,
                    )),
                    Err(e) => return Err(e.into()),
                }
            }
            if json {
                let out: serde_json::Map<String, Value> = reports
                    .into_iter()
                    .map(|(role, report, _, _)| (role.to_string(), report))
                    .collect();
                println!("{}", pretty(&Value::Object(out)));
            } else {
                for (_, _, file, errors) in reports {
                    for problem in errors {
                        eprintln!("  error: {file}: {problem}");
                    }
                }
                eprintln!("the room lists have problems; no change order was written");
            }
            return Ok(ExitCode::FAILURE);
        }
    };
    let order = crate::diff::compare(
        &estimate(&old_list, &catalog),
        &estimate(&new_list, &catalog),
    );
    let files = render::change_order::files(&order);
    let dir = output.unwrap_or_else(|| {
        let stem = new
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "room-list".into());
        new.with_file_name(format!("{stem}-change-order"))
    });
    let written = render::write_atomically(&dir, &files)?;
    if json {
        let mut out = json!({
            "old": order.old_file,
            "new": order.new_file,
            "added": order.added,
            "removed": order.removed,
            "changed": order.changed,
            "old_total": order.old_total,
            "new_total": order.new_total,
            "cost_delta": order.cost_delta,
        });
        out["outputs"] = json!(written);
        println!("{}", pretty(&out));
    } else {
        println!("{} \u{2192} {}", order.old_file, order.new_file);
        for room in &order.added {
            println!(
                "  added    {:<10} {} ({}) {}",
                room.room,
                room.name,
                room.room_type,
                format_dollars(room.cost_delta)
            );
        }
        for room in &order.removed {
            println!(
                "  removed  {:<10} {} ({}) {}",
                room.room,
                room.name,
                room.room_type,
                format_dollars(room.cost_delta)
            );
        }
        for room in &order.changed {
            let fields: Vec<String> = room
                .fields
                .iter()
                .map(|(k, v)| format!("{k} {} \u{2192} {}", v[0], v[1]))
                .collect();
            println!(
                "  changed  {:<10} {} {}",
                room.room,
                fields.join(", "),
                format_dollars(room.cost_delta)
            );
        }
        println!(
            "total {} \u{2192} {}: change {}; wrote {}",
            format_dollars(order.old_total),
            format_dollars(order.new_total),
            format_dollars(order.cost_delta),
            dir.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn summary_json(list: &RoomList, errors: &[Problem]) -> Value {
    json!({
        "file": list.file,
        "rooms": list.rooms.len(),
        "devices": list.device_totals(),
        "sheets": list.sheets,
        "errors": errors,
        "warnings": list.warnings,
    })
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).expect("JSON values always serialize")
}

fn print_warnings(warnings: &[Problem]) {
    for warning in warnings {
        eprintln!("  warning: {warning}");
    }
}

fn print_summary(list: &RoomList) {
    let sheets: Vec<String> = list
        .sheets
        .iter()
        .map(|s| {
            format!(
                "{} ({} rooms, header on row {})",
                s.name, s.rooms, s.header_row
            )
        })
        .collect();
    println!(
        "{}: {} rooms from {}",
        list.file,
        list.rooms.len(),
        sheets.join(", ")
    );
    let devices: Vec<String> = list
        .device_totals()
        .iter()
        .map(|(kind, count)| format!("{count} {}", kind.label().to_lowercase()))
        .collect();
    println!("devices: {}", devices.join(", "));
    print_warnings(&list.warnings);
}

fn check(path: &Path, json: bool, options: &Options) -> Result<ExitCode, Failure> {
    let catalog = load_catalog(options)?;
    let list = match read(path, &catalog, options, json)? {
        Ok(list) => list,
        Err(code) => return Ok(code),
    };
    let estimate = estimate(&list, &catalog);
    if json {
        let mut out = summary_json(&list, &[]);
        out["findings"] = json!(estimate.findings);
        println!("{}", pretty(&out));
    } else {
        print_summary(&list);
        print_findings(&estimate);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_findings(estimate: &Estimate) {
    if estimate.findings.is_empty() {
        return;
    }
    println!("findings:");
    for f in &estimate.findings {
        let subject = f
            .subject
            .as_deref()
            .map(|s| format!(" [{s}]"))
            .unwrap_or_default();
        println!("  {}{subject}: {}", f.kind.label(), f.message);
    }
}

fn default_output(roomlist: &Path) -> PathBuf {
    let stem = roomlist
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "room-list".into());
    roomlist.with_file_name(format!("{stem}-sow"))
}

fn build(
    path: &Path,
    output: Option<PathBuf>,
    json: bool,
    options: &Options,
) -> Result<ExitCode, Failure> {
    let catalog = load_catalog(options)?;
    let templates = match &options.templates {
        Some(dir) => Templates::from_dir(dir)?,
        None => Templates::embedded(),
    };
    let progress = Progress::start(json);
    progress.stage("reading the room list");
    let list = match read(path, &catalog, options, json)? {
        Ok(list) => list,
        Err(code) => return Ok(code),
    };
    progress.stage("expanding rooms through the catalog");
    let estimate = estimate(&list, &catalog);
    let files = render::package(&estimate, &templates);
    let dir = output.unwrap_or_else(|| default_output(path));
    progress.stage(&format!("writing {} files", files.len()));
    let written = render::write_atomically(&dir, &files)?;
    progress.finish();

    let t = &estimate.totals;
    if json {
        let mut out = summary_json(&list, &[]);
        let mut totals = json!({
            "material": t.material,
            "labor": t.labor,
            "project_management": t.project_management,
            "contingency": t.contingency,
            "tax": t.tax,
            "grand_total": t.grand_total,
        });
        if let (Some(budget), Some(variance)) = (t.approved_budget, t.variance) {
            totals["approved_budget"] = json!(budget);
            totals["variance"] = json!(variance);
        }
        out["totals"] = totals;
        out["outputs"] = json!(written);
        out["findings"] = json!(estimate.findings);
        println!("{}", pretty(&out));
    } else {
        print_summary(&list);
        println!("material            {:>16}", format_dollars(t.material));
        println!("labor               {:>16}", format_dollars(t.labor));
        println!(
            "project management  {:>16}",
            format_dollars(t.project_management)
        );
        println!("sales tax           {:>16}", format_dollars(t.tax));
        println!("contingency         {:>16}", format_dollars(t.contingency));
        println!("grand total         {:>16}", format_dollars(t.grand_total));
        if let (Some(budget), Some(variance)) = (t.approved_budget, t.variance) {
            println!("approved budget     {:>16}", format_dollars(budget));
            println!("variance            {:>16}", format_dollars(variance));
        }
        println!(
            "{} findings; wrote {}",
            estimate.findings.len(),
            dir.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn init(dir: &Path) -> Result<ExitCode, Failure> {
    let mut files: Vec<(PathBuf, &str)> =
        vec![(dir.join("catalog.toml"), crate::catalog::DEFAULT_CATALOG)];
    for (name, text) in render::DEFAULT_TEMPLATES {
        files.push((dir.join("templates").join(name), text));
    }
    if let Some((existing, _)) = files.iter().find(|(path, _)| path.exists()) {
        return Err(Failure::Other(format!(
            "{} already exists; sowgen init never overwrites a file (remove it or choose another folder)",
            existing.display()
        )));
    }
    for (path, text) in &files {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Failure::Other(format!("cannot create {}: {e}", parent.display())))?;
        }
        std::fs::write(path, text)
            .map_err(|e| Failure::Other(format!("cannot write {}: {e}", path.display())))?;
        println!("wrote {}", path.display());
    }
    println!(
        "edit them, then: sowgen build ROOMLIST --catalog {} --templates {}",
        dir.join("catalog.toml").display(),
        dir.join("templates").display()
    );
    Ok(ExitCode::SUCCESS)
}
