//! The SOW's narrative: handlebars templates (embedded, or a user's own folder) rendered to a small
//! line markup that the document renderer lays out:
//!
//! - `# Title` and `## Title`: headings, level 1 and 2
//! - `- text`: a bullet
//! - `[[name]]`: a table the renderer builds from the Estimate (rooms, disciplines, ...)
//! - any other non-blank line: a paragraph

use super::template_guard;
use crate::bid::BidPackage;
use crate::error::Error;
use crate::estimate::{Estimate, FindingKind};
use crate::money::{format_dollars, group_thousands};
use crate::schedule::{Basis, Schedule};
use crate::text::counted;
use handlebars::Handlebars;
use serde_json::{Value, json};
use std::path::Path;

/// The templates shipped in the binary: (file name, text).
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    (
        "scope-of-work.hbs",
        include_str!("../../templates/scope-of-work.hbs"),
    ),
    (
        "bid-package.hbs",
        include_str!("../../templates/bid-package.hbs"),
    ),
];

pub struct Templates {
    registry: Handlebars<'static>,
}

impl Templates {
    /// The embedded templates.
    pub fn embedded() -> Templates {
        let mut registry = new_registry();
        for (name, text) in DEFAULT_TEMPLATES {
            registry
                .register_template_string(name, *text)
                .expect("the embedded templates compile (checked by a unit test)");
        }
        Templates { registry }
    }

    /// The embedded templates, with any of the same name in `dir` taking their place.
    pub fn from_dir(dir: &Path) -> Result<Templates, Error> {
        let mut templates = Templates::embedded();
        for (name, _) in DEFAULT_TEMPLATES {
            let path = dir.join(name);
            if !path.exists() {
                continue;
            }
            let text = crate::toml_file::read_text(&path, "template")
                .map_err(|e| template_error(&path.display().to_string(), e.message))?;
            templates.register(name, &text, &path.display().to_string())?;
        }
        templates.check()?;
        Ok(templates)
    }

    /// The embedded templates with `text` in place of the one called `name` (a name of
    /// [`DEFAULT_TEMPLATES`]); checked as a user's folder of templates is.
    pub fn with_template(name: &str, text: &str) -> Result<Templates, Error> {
        let mut templates = Templates::embedded();
        templates.register(name, text, name)?;
        templates.check()?;
        Ok(templates)
    }

    fn register(&mut self, name: &str, text: &str, shown: &str) -> Result<(), Error> {
        template_guard::check_text(text).map_err(|m| template_error(shown, m))?;
        self.registry
            .register_template_string(name, text)
            .map_err(|e| template_error(shown, e.to_string()))
    }

    /// The templates as a set: no partial that includes itself, no depth past the bounds.
    fn check(&self) -> Result<(), Error> {
        let all = self.registry.get_templates();
        template_guard::check_templates(all.iter().map(|(n, t)| (n.as_str(), t)))
            .map_err(|(names, message)| template_error(&names, message))
    }

    /// Render a template with a context ([`sow_context`], [`bid_context`]).
    pub fn render(&self, name: &str, context: &Value) -> Result<String, Error> {
        let mut out = template_guard::Capped { text: Vec::new() };
        self.registry
            .render_to_write(name, context, &mut out)
            .map_err(|e| template_error(name, e.to_string()))?;
        String::from_utf8(out.text).map_err(|e| template_error(name, e.to_string()))
    }
}

fn template_error(name: &str, message: String) -> Error {
    Error::Template {
        name: name.to_string(),
        message,
    }
}

fn new_registry() -> Handlebars<'static> {
    let mut registry = Handlebars::new();
    // The output is markup for Word, not HTML (docx-rs escapes XML itself): what is escaped is
    // the markup, so no value can start a heading, a bullet or a table.
    registry.register_escape_fn(super::inert::mark_value);
    registry.set_strict_mode(true);
    registry
}

/// What the SOW's template can use: the project and its rooms, and the Estimate's figures,
/// formatted as the documents print them.
pub fn sow_context(estimate: &Estimate, schedule: &Schedule) -> Value {
    let t = &estimate.totals;
    let disciplines: Vec<Value> = estimate
        .disciplines
        .iter()
        .filter(|d| !d.total.is_zero())
        .map(|d| {
            let hours = group_thousands(&d.labor_hours.round_dp(1).to_string());
            json!({
                "name": d.name,
                "trade": d.trade,
                "scope": d.scope,
                "material": format_dollars(d.material),
                "labor": format_dollars(d.labor),
                "labor_hours": hours,
                "total": format_dollars(d.total),
                "breakdown": breakdown(d, &hours, estimate),
            })
        })
        .collect();
    let mut value = shared_context(estimate);
    value["disciplines"] = json!(disciplines);
    value["totals"] = json!({
        "material": format_dollars(t.material),
        "labor": format_dollars(t.labor),
        "rooms": format_dollars(t.rooms_total),
        "to_standard": Some(estimate.cost_to_standard())
            .filter(|c| !c.is_zero())
            .map(format_dollars),
        "telecom_rooms": format_dollars(t.telecom_rooms_total),
        "project_management": format_dollars(t.project_management),
        "subtotal": format_dollars(t.subtotal),
        "tax": format_dollars(t.tax),
        "contingency": format_dollars(t.contingency),
        "grand_total": format_dollars(t.grand_total),
        "approved_budget": t.approved_budget.map(format_dollars),
        "variance": t.variance.map(format_dollars),
        "over_budget": t.variance.is_some_and(|v| v.is_sign_negative() && !v.is_zero()),
    });
    value["schedule"] = schedule_context(schedule);
    // The catalog's standing dependencies, the telecom rooms' and each room type's with its rooms.
    value["dependencies"] = json!(
        estimate
            .findings
            .iter()
            .filter(|f| f.kind == FindingKind::Dependency)
            .map(|f| &f.message)
            .collect::<Vec<_>>()
    );
    value
}

/// What a discipline's budget is made of: its material and labor, and project management's
/// basis on the discipline that carries it ("15% of labor ($52,256.50)"), never "labor $0.00
/// for 0 hours".
fn breakdown(d: &crate::estimate::DisciplineTotal, hours: &str, estimate: &Estimate) -> String {
    let own = format!(
        "material {}, labor {} for {hours} hours",
        format_dollars(d.material),
        format_dollars(d.labor)
    );
    if d.project_management.is_zero() {
        return own;
    }
    let basis = format!(
        "project management at {}% of labor ({})",
        estimate.catalog.project_management_percent.normalize(),
        format_dollars(estimate.totals.labor)
    );
    if d.material.is_zero() && d.labor.is_zero() {
        basis
    } else {
        format!("{own}, and {basis}")
    }
}

/// The schedule's dates and basis, as the SOW's prose states them.
fn schedule_context(schedule: &Schedule) -> Value {
    let basis = match schedule.basis {
        Basis::GoLive => "go_live",
        Basis::Start => "start",
        Basis::GoLiveMissed => "go_live_missed",
        Basis::Nominal => "nominal",
    };
    json!({
        "basis": basis,
        "dated": schedule.basis != Basis::Nominal,
        "go_live_missed": schedule.basis == Basis::GoLiveMissed,
        "start": schedule.start.long(),
        "finish": schedule.finish.long(),
        "target_go_live": schedule.target_go_live.map(|d| d.long()),
        "data_date": schedule.data_date.long(),
        "working_days": group_thousands(&schedule.working_days.to_string()),
        "hours_per_day": schedule.hours_per_day.normalize().to_string(),
        "phases": schedule.phases.len(),
    })
}

/// What a bid package's template can use: the project, its rooms and the trade's package. Built
/// from what a vendor may see, so no estimated money can reach a vendor's document.
pub fn bid_context(estimate: &Estimate, package: &BidPackage, workbook: &str) -> Value {
    let mut value = shared_context(estimate);
    value["trade"] = json!({
        "name": package.trade,
        "workbook": workbook,
        "items": package.items.len(),
        "disciplines": package.scopes,
        // The room types' dependencies that concern this trade, with their rooms.
        "dependencies": estimate
            .findings
            .iter()
            .filter(|f| f.kind == FindingKind::Dependency && f.facts.trades.contains(&package.trade))
            .map(|f| &f.message)
            .collect::<Vec<_>>(),
        "alternates": package.alternates.len(),
        "unit_prices": package.unit_prices.len(),
    });
    // A vendor's package states only the clauses that bind its trade.
    value["clauses"] = json!(package.clauses);
    let t = &package.terms;
    value["bid"] = json!({
        "due": t.due.clone().unwrap_or_default(),
        "documents": t.documents,
        "addenda": t.addenda,
    });
    value
}

/// The project, its rooms, devices and the catalog's standing text: no money.
fn shared_context(estimate: &Estimate) -> Value {
    let project = &estimate.project;
    let devices: Vec<Value> = estimate
        .device_totals
        .iter()
        .map(|(kind, count)| json!({"label": kind.heading(), "count": count}))
        .collect();
    // Rooms with IT scope; spaces excluded from it (stairs, shafts, roofs, site) are counted apart.
    let excluded = estimate.rooms_excluded().count();
    let in_scope = estimate.rooms.len() - excluded;
    let telecom_rooms = estimate.telecom_rooms.len();
    let unresolved = estimate.rooms_unresolved().count();
    let unclassified = estimate
        .rooms
        .iter()
        .filter(|r| r.resolution.is_unclassified())
        .count();
    json!({
        "file": estimate.file,
        "project": {
            "name": estimate.project_name(),
            "facility": project.facility,
            "number": project.number,
            "prepared_by": project.prepared_by,
            "target_go_live": project.target_go_live,
            "revision": project.revision,
        },
        "rooms": in_scope,
        "telecom_rooms": telecom_rooms,
        "excluded": excluded,
        "draft": estimate.draft,
        "unresolved": unresolved,
        "unclassified": unclassified,
        "inferred": unresolved - unclassified,
        "model_counts": estimate.has_model_counts(),
        "counted": {
            "rooms": counted(in_scope, "room"),
            "telecom_rooms": counted(telecom_rooms, "telecom room"),
            "excluded": counted(excluded, "space"),
            "unresolved": counted(unresolved, "room"),
            "unclassified": counted(unclassified, "room"),
            "inferred": counted(unresolved - unclassified, "room"),
        },
        "devices": devices,
        "catalog": {
            "name": estimate.catalog.name,
            "price_basis": estimate.catalog.price_basis,
            "contingency_percent": estimate.catalog.contingency_percent.normalize().to_string(),
            "sales_tax_percent": estimate.catalog.sales_tax_percent.normalize().to_string(),
            "project_management_percent": estimate.catalog.project_management_percent.normalize().to_string(),
        },
        "clauses": estimate.clauses,
    })
}

/// The SOW's narrative as blocks, as the document lays it out (for tests and fuzzing).
pub fn narrative_outline(
    package: &crate::package::Package,
    templates: &Templates,
) -> Result<Vec<Block>, Error> {
    let context = sow_context(&package.estimate, &package.schedule);
    let markup = templates.render("scope-of-work.hbs", &context)?;
    Ok(parse_markup(&markup))
}

/// A bid package's narrative as blocks (for tests and fuzzing).
pub fn bid_outline(
    estimate: &Estimate,
    package: &BidPackage,
    templates: &Templates,
) -> Result<Vec<Block>, Error> {
    let markup = templates.render(
        "bid-package.hbs",
        &bid_context(estimate, package, "bid.xlsx"),
    )?;
    Ok(parse_markup(&markup))
}

/// One block of the rendered markup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading(u8, String),
    Bullet(String),
    Table(String),
    Paragraph(String),
}

/// Blocks from the rendered markup. Markup is read only where the template wrote it: a line that
/// starts inside a value is a paragraph, a table line is one with no value in it, and the
/// marks around values are then dropped.
pub fn parse_markup(text: &str) -> Vec<Block> {
    use super::inert::{has_value, starts_with_value, unmark};
    text.lines()
        .map(str::trim)
        .filter(|line| !unmark(line).trim().is_empty())
        .map(|line| {
            if starts_with_value(line) {
                Block::Paragraph(unmark(line).trim().to_string())
            } else if let Some(rest) = line.strip_prefix("## ") {
                Block::Heading(2, unmark(rest).trim().to_string())
            } else if let Some(rest) = line.strip_prefix("# ") {
                Block::Heading(1, unmark(rest).trim().to_string())
            } else if let Some(rest) = line.strip_prefix("- ") {
                Block::Bullet(unmark(rest).trim().to_string())
            } else if let Some(name) = line
                .strip_prefix("[[")
                .and_then(|l| l.strip_suffix("]]"))
                .filter(|_| !has_value(line))
            {
                Block::Table(name.trim().to_string())
            } else {
                Block::Paragraph(unmark(line).to_string())
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_lines_become_blocks() {
        let blocks = parse_markup("# Scope\n\nSome text & more\n- a bullet\n[[rooms]]\n## Sub");
        assert_eq!(
            blocks,
            vec![
                Block::Heading(1, "Scope".into()),
                Block::Paragraph("Some text & more".into()),
                Block::Bullet("a bullet".into()),
                Block::Table("rooms".into()),
                Block::Heading(2, "Sub".into()),
            ]
        );
    }

    #[test]
    fn embedded_templates_compile() {
        let _ = Templates::embedded();
    }
}
