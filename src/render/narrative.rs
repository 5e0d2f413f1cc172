//! The SOW's narrative: handlebars templates (embedded, or a user's own folder) rendered to a small
//! line markup that the document renderer lays out:
//!
//! - `# Title` and `## Title`: headings, level 1 and 2
//! - `- text`: a bullet
//! - `[[name]]`: a table the renderer builds from the Estimate (rooms, disciplines, ...)
//! - any other non-blank line: a paragraph

use super::RenderError;
use crate::estimate::Estimate;
use crate::money::{format_dollars, group_thousands};
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
    pub fn from_dir(dir: &Path) -> Result<Templates, RenderError> {
        let mut templates = Templates::embedded();
        for (name, _) in DEFAULT_TEMPLATES {
            let path = dir.join(name);
            if !path.exists() {
                continue;
            }
            let text = std::fs::read_to_string(&path).map_err(|source| RenderError::Io {
                path: path.clone(),
                source,
            })?;
            templates
                .registry
                .register_template_string(name, text)
                .map_err(|e| RenderError::Template {
                    name: path.display().to_string(),
                    message: e.to_string(),
                })?;
        }
        Ok(templates)
    }

    pub fn render(&self, name: &str, estimate: &Estimate) -> Result<String, RenderError> {
        self.render_value(name, &context(estimate))
    }

    /// Render with a context of the caller's making (a bid package adds its trade).
    pub fn render_value(&self, name: &str, context: &Value) -> Result<String, RenderError> {
        self.registry
            .render(name, context)
            .map_err(|e| RenderError::Template {
                name: name.to_string(),
                message: e.to_string(),
            })
    }
}

fn new_registry() -> Handlebars<'static> {
    let mut registry = Handlebars::new();
    // The output is markup for Word, not HTML: docx-rs escapes XML itself.
    registry.register_escape_fn(handlebars::no_escape);
    registry.set_strict_mode(true);
    registry
}

/// What templates can use: the Estimate's figures, formatted as the documents print them.
pub fn context(estimate: &Estimate) -> Value {
    let t = &estimate.totals;
    let project = &estimate.project;
    let disciplines: Vec<Value> = estimate
        .disciplines
        .iter()
        .filter(|d| !d.total.is_zero())
        .map(|d| {
            json!({
                "name": d.name,
                "trade": d.trade,
                "scope": d.scope,
                "material": format_dollars(d.material),
                "labor": format_dollars(d.labor),
                "labor_hours": group_thousands(&d.labor_hours.round_dp(1).to_string()),
                "total": format_dollars(d.total),
            })
        })
        .collect();
    let devices: Vec<Value> = estimate
        .device_totals
        .iter()
        .map(|(kind, count)| json!({"label": kind.label(), "count": count}))
        .collect();
    // Rooms with IT scope; spaces excluded from it (stairs, shafts, roofs, site) are counted apart.
    let excluded = estimate.rooms_excluded().count();
    let in_scope = estimate.rooms.len() - excluded;
    json!({
        "file": estimate.file,
        "project": {
            "name": super::project_name(estimate),
            "facility": project.facility,
            "number": project.number,
            "prepared_by": project.prepared_by,
            "target_go_live": project.target_go_live,
            "revision": project.revision,
        },
        "rooms": in_scope,
        "telecom_rooms": estimate.telecom_rooms.len(),
        "excluded": excluded,
        "counted": {
            "rooms": counted(in_scope, "room"),
            "telecom_rooms": counted(estimate.telecom_rooms.len(), "telecom room"),
            "excluded": counted(excluded, "space"),
        },
        "devices": devices,
        "disciplines": disciplines,
        "catalog": {
            "name": estimate.catalog.name,
            "price_basis": estimate.catalog.price_basis,
            "contingency_percent": estimate.catalog.contingency_percent.normalize().to_string(),
            "sales_tax_percent": estimate.catalog.sales_tax_percent.normalize().to_string(),
            "project_management_percent": estimate.catalog.project_management_percent.normalize().to_string(),
        },
        "totals": {
            "material": format_dollars(t.material),
            "labor": format_dollars(t.labor),
            "project_management": format_dollars(t.project_management),
            "subtotal": format_dollars(t.subtotal),
            "tax": format_dollars(t.tax),
            "contingency": format_dollars(t.contingency),
            "grand_total": format_dollars(t.grand_total),
            "approved_budget": t.approved_budget.map(format_dollars),
            "variance": t.variance.map(format_dollars),
            "over_budget": t.variance.is_some_and(|v| v.is_sign_negative() && !v.is_zero()),
        },
        "clauses": estimate.clauses,
    })
}

/// "1 room", "35 rooms": templates should not have to pluralise.
fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// A bid package's context: [`context`] without the owner's estimated money, plus the trade.
pub fn bid_context(estimate: &Estimate, trade: &super::bid::Trade, workbook: &str) -> Value {
    let mut value = context(estimate);
    if let Some(map) = value.as_object_mut() {
        map.remove("totals");
        map.remove("disciplines");
        map.insert(
            "trade".into(),
            json!({
                "name": trade.name,
                "workbook": workbook,
                "items": trade.items.len(),
                "disciplines": trade
                    .disciplines
                    .iter()
                    .map(|d| json!({"name": d.name, "scope": d.scope}))
                    .collect::<Vec<_>>(),
            }),
        );
    }
    value
}

/// One block of the rendered markup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading(u8, String),
    Bullet(String),
    Table(String),
    Paragraph(String),
}

pub fn parse_markup(text: &str) -> Vec<Block> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| {
            if let Some(rest) = line.strip_prefix("## ") {
                Block::Heading(2, rest.trim().to_string())
            } else if let Some(rest) = line.strip_prefix("# ") {
                Block::Heading(1, rest.trim().to_string())
            } else if let Some(rest) = line.strip_prefix("- ") {
                Block::Bullet(rest.trim().to_string())
            } else if let Some(name) = line.strip_prefix("[[").and_then(|l| l.strip_suffix("]]")) {
                Block::Table(name.trim().to_string())
            } else {
                Block::Paragraph(line.to_string())
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
