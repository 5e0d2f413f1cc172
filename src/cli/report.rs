//! What the commands print in common: a room list's summary, its warnings and findings, and every
//! failure, as text or as the one JSON document `--json` promises.

use crate::error::Error;
use crate::estimate::Estimate;
use crate::problem::Problem;
use crate::room_list::{Rejected, RoomList};
use crate::text::counted;
use serde_json::{Value, json};

pub use crate::summary::room_list as summary_json;

/// Text from inputs as it may reach a terminal: control characters (escape sequences, bells,
/// line breaks that would forge lines of output) and the invisible reordering marks are dropped.
pub fn terminal(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => None,
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

pub fn print_json(value: &Value) {
    println!(
        "{}",
        serde_json::to_string_pretty(value).expect("JSON values always serialize")
    );
}

pub fn print_warnings(warnings: &[Problem]) {
    for warning in warnings {
        eprintln!("  warning: {}", terminal(&warning.to_string()));
    }
}

/// Warnings about returned bid forms, each naming its file and cells.
pub fn print_warnings_of(warnings: &[crate::problem::FormProblem]) {
    for warning in warnings {
        eprintln!("  warning: {warning}");
    }
}

/// `35 rooms (2 unresolved, 3 excluded from IT scope)`: every space read, and what is not priced
/// at a standard.
fn rooms_read(list: &RoomList) -> String {
    let mut beside = Vec::new();
    let unresolved = list.unresolved_count();
    if unresolved > 0 {
        beside.push(format!("{unresolved} unresolved"));
    }
    let excluded = list.excluded_count();
    if excluded > 0 {
        beside.push(format!("{excluded} excluded from IT scope"));
    }
    let rooms = counted(list.rooms.len(), "room");
    if beside.is_empty() {
        rooms
    } else {
        format!("{rooms} ({})", beside.join(", "))
    }
}

/// `clinic.xlsx: 35 rooms from Rooms (35 rooms, header on row 1)`, the devices, the warnings.
pub fn print_summary(list: &RoomList) {
    let sheets: Vec<String> = list
        .sheets
        .iter()
        .map(|s| {
            format!(
                "{} ({}, header on row {})",
                s.name,
                counted(s.rooms, "room"),
                s.header_row
            )
        })
        .collect();
    println!(
        "{}",
        terminal(&format!(
            "{}: {} from {}",
            list.file,
            rooms_read(list),
            sheets.join(", ")
        ))
    );
    let devices: Vec<String> = list
        .device_totals()
        .iter()
        .map(|(kind, count)| kind.counted(count))
        .collect();
    println!("devices: {}", devices.join(", "));
    print_warnings(&list.warnings);
}

pub fn print_findings(estimate: &Estimate) {
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
        println!(
            "{}",
            terminal(&format!("  {}{subject}: {}", f.kind.label(), f.message))
        );
    }
}

/// A failure, printed once: a rejected room list with its problems, anything else as one line
/// (with `--json`, as `{"errors": [...]}` on stdout).
pub fn error(error: &Error, json: bool) {
    match error {
        Error::Rejected(rejected) => rejected_list(rejected, json),
        Error::RejectedRevisions(revisions) => rejected_revisions(revisions, json),
        Error::BidsRefused(problems) if json => print_json(&json!({
            "trades": [],
            "errors": problems,
            "warnings": [],
        })),
        Error::BidsRefused(problems) => {
            for problem in problems {
                eprintln!("  error: {problem}");
            }
            eprintln!("error: {error}");
        }
        other if json => print_json(&json!({ "errors": [error_json(other)] })),
        other => eprintln!("error: {}", terminal(&other.to_string())),
    }
}

fn error_json(error: &Error) -> Value {
    match error {
        Error::Catalog(e) | Error::Project(e) | Error::TypeMap(e) => json!({
            "file": e.file,
            "line": (e.line > 0).then_some(e.line),
            "key": (!e.key.is_empty()).then_some(&e.key),
            "message": e.message,
        }),
        other => json!({ "message": other.to_string() }),
    }
}

fn rejected_list(rejected: &Rejected, json: bool) {
    if json {
        print_json(&summary_json(&rejected.list, &rejected.errors));
        return;
    }
    print_warnings(&rejected.list.warnings);
    eprintln!(
        "{}: {} read; {}; nothing was written",
        terminal(&rejected.list.file),
        rooms_read(&rejected.list),
        counted(rejected.errors.len(), "problem")
    );
    for problem in &rejected.errors {
        eprintln!("  error: {}", terminal(&problem.to_string()));
    }
}

/// Each revision of a change order reported as `check` would, naming the file a problem is in.
fn rejected_revisions(revisions: &[(&'static str, Rejected)], json: bool) {
    if json {
        let out: serde_json::Map<String, Value> = revisions
            .iter()
            .map(|(role, r)| (role.to_string(), summary_json(&r.list, &r.errors)))
            .collect();
        print_json(&Value::Object(out));
        return;
    }
    for (_, rejected) in revisions {
        for problem in &rejected.errors {
            eprintln!(
                "  error: {}",
                terminal(&format!("{}: {problem}", rejected.list.file))
            );
        }
    }
    eprintln!("the room lists have problems; no change order was written");
}

/// A usage error (clap's own, exit 2): with `--json` among the arguments, as the one JSON
/// document; help and version, and usage errors without `--json`, as clap prints them.
pub fn usage(error: clap::Error) -> std::process::ExitCode {
    use clap::error::ErrorKind;
    let wants_json = std::env::args_os().any(|a| a == "--json");
    let is_help = matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if !wants_json || is_help {
        error.exit();
    }
    let message = error.render().to_string();
    let first = message.lines().next().unwrap_or_default();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    print_json(&json!({ "errors": [{ "message": terminal(first), "usage": message }] }));
    std::process::ExitCode::from(2)
}

/// With `--json`, even a failure sowgen did not foresee (a panic) is reported as the one JSON
/// document, once, before the process ends with the panic's exit code.
pub fn panics_as_json() {
    static PRINTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !PRINTED.swap(true, std::sync::atomic::Ordering::SeqCst) {
            print_json(&json!({ "errors": [{ "message": format!("internal error: {info}") }] }));
        }
        previous(info);
    }));
}
