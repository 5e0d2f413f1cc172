//! The JSON documents the SPEC gives for each command, built in one place so the command line and
//! the web page report the same fields with the same figures.

use crate::diff::ChangeOrder;
use crate::estimate::Totals;
use crate::problem::Problem;
use crate::room_list::RoomList;
use serde_json::{Value, json};

/// A room list as `check --json` reports it: what was read, and the problems found.
pub fn room_list(list: &RoomList, errors: &[Problem]) -> Value {
    json!({
        "file": list.file,
        "rooms": list.rooms.len(),
        "unresolved": list.unresolved_count(),
        "excluded": list.excluded_count(),
        "unresolved_types": list.unresolved_texts(),
        "devices": list.device_totals(),
        "sheets": list.sheets,
        "errors": errors,
        "warnings": list.warnings,
    })
}

/// The totals `build --json` adds: money as decimal strings, the approved budget and variance
/// where a budget is known.
pub fn totals(t: &Totals) -> Value {
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
    totals
}

/// A change order as `diff --json` reports it.
pub fn change_order(order: &ChangeOrder) -> Value {
    json!({
        "old": order.old_file,
        "new": order.new_file,
        "added": order.added,
        "removed": order.removed,
        "changed": order.changed,
        "old_total": order.old_total,
        "new_total": order.new_total,
        "cost_delta": order.cost_delta,
        "draft": order.draft,
        "schedule_impact": order.schedule,
    })
}
