//! `sowgen diff OLD NEW [-o DIR]`: the change order between two revisions of a room list.

use super::Options;
use super::report::print_json;
use crate::diff::{ChangeOrder, compare};
use crate::error::Error;
use crate::estimate::estimate;
use crate::input;
use crate::money::format_dollars;
use crate::render;
use crate::room_list::{Rejected, RoomList};
use crate::text::counted;
use serde_json::json;
use std::path::{Path, PathBuf};

pub fn run(
    old: &Path,
    new: &Path,
    output: Option<PathBuf>,
    json: bool,
    options: &Options,
) -> Result<(), Error> {
    let catalog = options.catalog()?;
    let read_options = options.read_options(&catalog)?;
    let read = |path| input::read(path, &catalog, &read_options);
    let (old_list, new_list) = both(read(old), read(new))?;
    // Each list is let go once estimated, so at most two lists or two estimates are held.
    let old_estimate = estimate(&old_list, &catalog);
    drop(old_list);
    let new_estimate = estimate(&new_list, &catalog);
    drop(new_list);
    let order = compare(&old_estimate, &new_estimate, catalog.schedule());
    drop((old_estimate, new_estimate));
    let files = render::change_order::files(&order);
    let dir = output.unwrap_or_else(|| {
        let stem = new
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "room-list".into());
        new.with_file_name(format!("{stem}-change-order"))
    });
    let job = crate::output::Job::new(
        "diff",
        [
            Some(old),
            Some(new),
            options.catalog.as_deref(),
            options.templates.as_deref(),
            options.project.as_deref(),
        ],
    );
    let written = crate::output::write_package(&dir, &job, &files)?;
    if json {
        let mut out = crate::summary::change_order(&order);
        out["outputs"] = json!(written);
        print_json(&out);
    } else {
        print_order(&order, &dir);
    }
    Ok(())
}

/// Both revisions, or every problem of either, each revision reported as `check` would.
fn both(
    old: Result<RoomList, Error>,
    new: Result<RoomList, Error>,
) -> Result<(RoomList, RoomList), Error> {
    match (old, new) {
        (Ok(old), Ok(new)) => Ok((old, new)),
        (old, new) => {
            let mut revisions = Vec::new();
            for (role, result) in [("old", old), ("new", new)] {
                let rejected = match result {
                    Ok(list) => Rejected {
                        list,
                        errors: Vec::new(),
                    },
                    Err(Error::Rejected(rejected)) => *rejected,
                    Err(other) => return Err(other),
                };
                revisions.push((role, rejected));
            }
            Err(Error::RejectedRevisions(revisions))
        }
    }
}

fn print_order(order: &ChangeOrder, dir: &Path) {
    let safe = super::report::terminal;
    println!(
        "{}",
        safe(&format!("{} \u{2192} {}", order.old_file, order.new_file))
    );
    for (what, rooms) in [("added", &order.added), ("removed", &order.removed)] {
        for room in rooms {
            println!(
                "{}",
                safe(&format!(
                    "  {what:<8} {:<10} {} ({}) {}",
                    room.room,
                    room.name,
                    room.room_type,
                    format_dollars(room.cost_delta)
                ))
            );
        }
    }
    for room in &order.changed {
        let fields: Vec<String> = room.fields.0.iter().map(|f| f.describe()).collect();
        println!(
            "{}",
            safe(&format!(
                "  changed  {:<10} {} {}",
                room.room,
                fields.join(", "),
                format_dollars(room.cost_delta)
            ))
        );
    }
    if order.draft {
        println!(
            "DRAFT: a revision has rooms with unresolved room types (priced at $0 where unclassified); resolve them with --types FILE"
        );
    }
    let moves = order.schedule.go_live_moves;
    println!(
        "schedule: {} hours of work, go-live {}",
        signed(order.schedule.hours_change.normalize().to_string()),
        match moves {
            0 => "unchanged".to_string(),
            n if n > 0 => format!(
                "{} later",
                counted(n.unsigned_abs() as usize, "working day")
            ),
            n => format!(
                "{} earlier",
                counted(n.unsigned_abs() as usize, "working day")
            ),
        }
    );
    println!(
        "total {} \u{2192} {}: change {}; wrote {}",
        format_dollars(order.old_total),
        format_dollars(order.new_total),
        format_dollars(order.cost_delta),
        dir.display()
    );
}

/// `+12.5`, `-3`, `0`.
fn signed(number: String) -> String {
    if number.starts_with('-') || number == "0" {
        number
    } else {
        format!("+{number}")
    }
}
