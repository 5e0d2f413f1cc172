//! Totals: by discipline and for the project, with project management, tax and contingency.

use super::lines::sum_lines;
use super::{DisciplineTotal, LineItem, Totals};
use crate::catalog::Catalog;
use crate::money::{ZERO_CENTS, percent_of, round_cents};
use crate::room_list::ProjectInfo;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Each discipline's material, labor and hours; project management on the discipline the catalog
/// names for it.
pub(super) fn discipline_totals(
    lines: &[LineItem],
    catalog: &Catalog,
    project_management: Decimal,
) -> Vec<DisciplineTotal> {
    let carrier = &catalog.rules().project_management_discipline;
    let mut totals: Vec<DisciplineTotal> = catalog
        .disciplines()
        .map(|(id, d)| DisciplineTotal {
            id: id.to_string(),
            name: d.name.clone(),
            trade: d.trade.clone(),
            scope: d.scope.clone(),
            labor_hours: Decimal::ZERO,
            material: ZERO_CENTS,
            labor: ZERO_CENTS,
            project_management: ZERO_CENTS,
            total: ZERO_CENTS,
        })
        .collect();
    let index: HashMap<String, usize> = totals
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.clone(), i))
        .collect();
    for line in lines {
        if let Some(&i) = index.get(&*line.discipline) {
            let t = &mut totals[i];
            t.labor_hours += line.labor_hours;
            t.material += line.material;
            t.labor += line.labor;
        }
    }
    for t in &mut totals {
        if t.id == *carrier {
            t.project_management = project_management;
        }
        t.total = t.material + t.labor + t.project_management;
    }
    totals
}

pub(super) fn totals(lines: &[LineItem], project: &ProjectInfo, catalog: &Catalog) -> Totals {
    let rules = catalog.rules();
    let (material, labor) = sum_lines(lines);
    let labor_hours = lines.iter().map(|l| l.labor_hours).sum();
    let project_management = percent_of(labor, rules.project_management_percent);
    let subtotal = material + labor + project_management;
    let tax = percent_of(material, rules.sales_tax_percent);
    let contingency = percent_of(subtotal, rules.contingency_percent);
    let grand_total = subtotal + tax + contingency;
    // Budgets are typed as whole dollars ("185000"); carry them to the cent like every figure.
    let approved_budget = project.approved_budget.map(round_cents);
    Totals {
        material,
        labor,
        labor_hours,
        project_management,
        subtotal,
        tax,
        contingency,
        grand_total,
        approved_budget,
        variance: approved_budget.map(|b| b - grand_total),
        rooms_total: ZERO_CENTS,
        telecom_rooms_total: ZERO_CENTS,
    }
}

/// The rows of every budget table (the SOW's, the PDF's, the workbook's Summary), in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Material,
    Labor,
    ProjectManagement,
    Tax,
    Contingency,
    GrandTotal,
    ApprovedBudget,
    Variance,
}

impl Category {
    pub fn label(self) -> &'static str {
        match self {
            Category::Material => "Material",
            Category::Labor => "Labor",
            Category::ProjectManagement => "Project management",
            Category::Tax => "Sales tax on material",
            Category::Contingency => "Contingency",
            Category::GrandTotal => "Grand total",
            Category::ApprovedBudget => "Approved IT budget",
            Category::Variance => "Variance (budget \u{2212} estimate)",
        }
    }

    /// The figures a reader looks for first: set in bold.
    pub fn is_headline(self) -> bool {
        matches!(self, Category::GrandTotal | Category::Variance)
    }
}

impl Totals {
    /// The budget by category, with the approved budget and variance where a budget is known.
    pub fn by_category(&self) -> Vec<(Category, Decimal)> {
        let mut rows = vec![
            (Category::Material, self.material),
            (Category::Labor, self.labor),
            (Category::ProjectManagement, self.project_management),
            (Category::Tax, self.tax),
            (Category::Contingency, self.contingency),
            (Category::GrandTotal, self.grand_total),
        ];
        if let (Some(budget), Some(variance)) = (self.approved_budget, self.variance) {
            rows.push((Category::ApprovedBudget, budget));
            rows.push((Category::Variance, variance));
        }
        rows
    }
}
