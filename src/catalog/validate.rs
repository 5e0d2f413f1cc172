//! Checks a parsed catalog for mistakes serde cannot see: dangling references, negative money,
//! impossible rules. Each problem carries the key path so the caller can find its line.

use super::{Catalog, PartQty};
use crate::devices::DeviceKind;
use crate::limits;
use crate::text::normalize;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

pub struct Problem {
    pub path: Vec<String>,
    pub message: String,
}

fn problem(path: &[&str], message: impl Into<String>) -> Problem {
    Problem {
        path: path.iter().map(|s| s.to_string()).collect(),
        message: message.into(),
    }
}

pub fn validate(catalog: &Catalog) -> Result<(), Problem> {
    texts(catalog)?;
    rules(catalog)?;
    prices(catalog)?;
    devices(catalog)?;
    room_types(catalog)?;
    telecom_rooms(catalog)?;
    type_map(catalog)?;
    clause_binds(catalog)
}

/// Every clause binds disciplines or trades the catalog has: a misspelt name would silently
/// drop the clause from the package it was meant for.
fn clause_binds(catalog: &Catalog) -> Result<(), Problem> {
    let c = &catalog.clauses;
    for (key, list) in [
        ("assumptions", &c.assumptions),
        ("exclusions", &c.exclusions),
        ("dependencies", &c.dependencies),
        ("acceptance", &c.acceptance),
    ] {
        for (index, clause) in list.iter().enumerate() {
            let known = |name: &String| {
                catalog.disciplines.contains_key(name)
                    || catalog.disciplines.values().any(|d| {
                        d.trade
                            .as_deref()
                            .is_some_and(|t| t.eq_ignore_ascii_case(name))
                    })
            };
            if let Some(unknown) = clause.binds.iter().find(|b| !known(b)) {
                return Err(problem(
                    &["clauses", key, &index.to_string(), "binds"],
                    format!("'{unknown}' is neither a discipline key nor a trade"),
                ));
            }
        }
    }
    Ok(())
}

/// Names a document repeats are short; standing text (scopes, clauses) stays well inside what a
/// spreadsheet cell holds, so what the catalog says can always be written.
fn texts(catalog: &Catalog) -> Result<(), Problem> {
    use limits::{MAX_CATALOG_NAME, MAX_CATALOG_TEXT};
    let too_long = |path: &[&str], text: &str, max: usize| {
        let chars = text.chars().count();
        if chars > max {
            return Err(problem(
                path,
                format!("{chars} characters, more than the {max} allowed"),
            ));
        }
        Ok(())
    };
    too_long(&["about", "name"], &catalog.about.name, MAX_CATALOG_NAME)?;
    too_long(
        &["about", "price_basis"],
        &catalog.about.price_basis,
        MAX_CATALOG_TEXT,
    )?;
    for (id, d) in &catalog.disciplines {
        too_long(&["disciplines", id], id, MAX_CATALOG_NAME)?;
        too_long(&["disciplines", id, "name"], &d.name, MAX_CATALOG_NAME)?;
        too_long(
            &["disciplines", id, "trade"],
            d.trade.as_deref().unwrap_or(""),
            MAX_CATALOG_NAME,
        )?;
        too_long(&["disciplines", id, "scope"], &d.scope, MAX_CATALOG_TEXT)?;
    }
    for (id, part) in &catalog.parts {
        too_long(&["parts", id], id, MAX_CATALOG_NAME)?;
        too_long(
            &["parts", id, "description"],
            &part.description,
            MAX_CATALOG_NAME,
        )?;
        too_long(&["parts", id, "unit"], &part.unit, MAX_CATALOG_NAME)?;
    }
    for (index, room_type) in catalog.room_types.iter().enumerate() {
        let index = index.to_string();
        too_long(
            &["room_types", &index, "name"],
            &room_type.name,
            MAX_CATALOG_NAME,
        )?;
    }
    let clauses = &catalog.clauses;
    too_long(&["clauses", "purpose"], &clauses.purpose, MAX_CATALOG_TEXT)?;
    fn texts(list: &[super::types::Clause]) -> Vec<&str> {
        list.iter().map(|c| c.text.as_str()).collect()
    }
    let lists: [(&str, Vec<&str>); 5] = [
        ("assumptions", texts(&clauses.assumptions)),
        ("exclusions", texts(&clauses.exclusions)),
        ("dependencies", texts(&clauses.dependencies)),
        (
            "milestones",
            clauses.milestones.iter().map(String::as_str).collect(),
        ),
        ("acceptance", texts(&clauses.acceptance)),
    ];
    for (key, list) in lists {
        for (index, text) in list.iter().enumerate() {
            too_long(
                &["clauses", key, &index.to_string()],
                text,
                MAX_CATALOG_TEXT,
            )?;
        }
    }
    Ok(())
}

/// Every target of the `[types]` table is a room type's name or alias.
fn type_map(catalog: &Catalog) -> Result<(), Problem> {
    for (text, target) in &catalog.types {
        if !target.trim().is_empty() && catalog.match_room_type(target).is_none() {
            return Err(problem(
                &["types", text],
                format!("'{target}' is not a room type in this catalog"),
            ));
        }
    }
    Ok(())
}

fn rules(catalog: &Catalog) -> Result<(), Problem> {
    let rules = &catalog.project;
    for (key, value) in [
        ("contingency_percent", rules.contingency_percent),
        ("sales_tax_percent", rules.sales_tax_percent),
        (
            "project_management_percent",
            rules.project_management_percent,
        ),
    ] {
        if value < Decimal::ZERO || value > Decimal::ONE_HUNDRED {
            return Err(problem(
                &["project", key],
                format!("must be between 0 and 100, found {value}"),
            ));
        }
    }
    if rules.high_count_factor <= Decimal::ONE
        || rules.high_count_factor > Decimal::from(limits::MAX_HIGH_COUNT_FACTOR)
    {
        return Err(problem(
            &["project", "high_count_factor"],
            format!(
                "must be greater than 1 and at most {}",
                limits::MAX_HIGH_COUNT_FACTOR
            ),
        ));
    }
    if !catalog
        .disciplines
        .contains_key(&rules.project_management_discipline)
    {
        return Err(problem(
            &["project", "project_management_discipline"],
            format!(
                "unknown discipline '{}'",
                rules.project_management_discipline
            ),
        ));
    }
    Ok(())
}

fn prices(catalog: &Catalog) -> Result<(), Problem> {
    for (id, discipline) in &catalog.disciplines {
        limits::check_amount(
            discipline.labor_rate,
            limits::MAX_LABOR_RATE,
            "a labor rate",
        )
        .map_err(|m| problem(&["disciplines", id, "labor_rate"], m))?;
    }

    for (id, part) in &catalog.parts {
        limits::check_amount(part.unit_cost, limits::MAX_UNIT_COST, "a price")
            .map_err(|m| problem(&["parts", id, "unit_cost"], m))?;
        limits::check_amount(part.labor_hours, limits::MAX_LABOR_HOURS, "labor hours")
            .map_err(|m| problem(&["parts", id, "labor_hours"], m))?;
        if !catalog.disciplines.contains_key(&part.discipline) {
            return Err(problem(
                &["parts", id, "discipline"],
                format!("unknown discipline '{}'", part.discipline),
            ));
        }
    }
    Ok(())
}

fn devices(catalog: &Catalog) -> Result<(), Problem> {
    // A header word naming two device columns would make the reader's choice arbitrary.
    let mut header_words: BTreeMap<String, DeviceKind> = BTreeMap::new();
    for kind in DeviceKind::ALL {
        let Some(device) = catalog.devices.get(&kind) else {
            return Err(problem(
                &["devices"],
                format!("no rules for the device kind '{}'", kind.key()),
            ));
        };
        check_part_list(catalog, &["devices", kind.key(), "parts"], &device.parts)?;
        for word in &device.headers {
            if let Some(other) = header_words.insert(normalize(word), kind)
                && other != kind
            {
                return Err(problem(
                    &["devices", kind.key(), "headers"],
                    format!("'{word}' already names the {} column", other.key()),
                ));
            }
        }
    }
    Ok(())
}

fn room_types(catalog: &Catalog) -> Result<(), Problem> {
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut omniclass: BTreeMap<String, String> = BTreeMap::new();
    for (index, room_type) in catalog.room_types.iter().enumerate() {
        let index = index.to_string();
        if room_type.name.trim().is_empty() {
            return Err(problem(
                &["room_types", &index, "name"],
                "a room type needs a name",
            ));
        }
        for word in std::iter::once(&room_type.name).chain(&room_type.aliases) {
            if let Some(other) = seen.insert(normalize(word), room_type.name.clone())
                && other != room_type.name
            {
                return Err(problem(
                    &["room_types", &index, "aliases"],
                    format!("'{word}' already names the room type '{other}'"),
                ));
            }
        }
        check_part_list(catalog, &["room_types", &index, "fixed"], &room_type.fixed)?;
        for id in &room_type.dependencies_concern {
            if !catalog.disciplines.contains_key(id) {
                return Err(problem(
                    &["room_types", &index, "dependencies_concern"],
                    format!("'{id}' is not a discipline of [disciplines]"),
                ));
            }
        }
        for (kind, count) in room_type.standard.iter() {
            if count > limits::MAX_DEVICE_COUNT {
                return Err(problem(
                    &["room_types", &index, "standard", kind.key()],
                    format!(
                        "a standard count must be at most {}, found {count}",
                        limits::MAX_DEVICE_COUNT
                    ),
                ));
            }
        }
        if !room_type.it_scope {
            if room_type.standard != crate::devices::DeviceCounts::default() {
                return Err(problem(
                    &["room_types", &index, "standard"],
                    "a room type with it_scope = false carries no devices; leave its standard empty ({})",
                ));
            }
            if !room_type.fixed.is_empty() {
                return Err(problem(
                    &["room_types", &index, "fixed"],
                    "a room type with it_scope = false takes no fixed items",
                ));
            }
        }
        for code in &room_type.omniclass {
            if !code.chars().any(|c| c.is_ascii_digit()) {
                return Err(problem(
                    &["room_types", &index, "omniclass"],
                    format!("'{code}' is not an OmniClass number (like \"13-41 31 11\")"),
                ));
            }
            if let Some(other) = omniclass.insert(code_key(code), room_type.name.clone())
                && other != room_type.name
            {
                return Err(problem(
                    &["room_types", &index, "omniclass"],
                    format!("'{code}' already belongs to the room type '{other}'"),
                ));
            }
        }
    }
    Ok(())
}

fn telecom_rooms(catalog: &Catalog) -> Result<(), Problem> {
    let telecom = &catalog.telecom_rooms;
    for (key, value) in [
        ("ports_per_switch", telecom.ports_per_switch),
        ("ports_per_patch_panel", telecom.ports_per_patch_panel),
        ("max_switches_per_idf", telecom.max_switches_per_idf),
    ] {
        if value == 0 || value > limits::MAX_PORTS {
            return Err(problem(
                &["telecom_rooms", key],
                format!("must be between 1 and {}, found {value}", limits::MAX_PORTS),
            ));
        }
    }
    for (kind, ports) in telecom.ports_per_device.iter() {
        if ports > limits::MAX_PORTS_PER_DEVICE {
            return Err(problem(
                &["telecom_rooms", "ports_per_device", kind.key()],
                format!(
                    "must be at most {}, found {ports}",
                    limits::MAX_PORTS_PER_DEVICE
                ),
            ));
        }
    }
    limits::check_amount(
        telecom.spare_percent,
        limits::MAX_SPARE_PERCENT,
        "spare capacity",
    )
    .map_err(|m| problem(&["telecom_rooms", "spare_percent"], m))?;
    for (key, part) in [
        ("switch_part", &telecom.switch_part),
        ("patch_panel_part", &telecom.patch_panel_part),
    ] {
        if !catalog.parts.contains_key(part) {
            return Err(problem(
                &["telecom_rooms", key],
                format!("unknown part '{part}'"),
            ));
        }
    }
    check_part_list(catalog, &["telecom_rooms", "per_idf"], &telecom.per_idf)?;
    if telecom.per_switches.len() > limits::MAX_PART_LIST {
        return Err(problem(
            &["telecom_rooms", "per_switches"],
            format!("more than {} items", limits::MAX_PART_LIST),
        ));
    }
    for (index, item) in telecom.per_switches.iter().enumerate() {
        let index = index.to_string();
        let at = |key: &'static str| ["telecom_rooms", "per_switches", index.as_str(), key];
        if !catalog.parts.contains_key(&item.part) {
            return Err(problem(
                &at("part"),
                format!("unknown part '{}'", item.part),
            ));
        }
        limits::check_amount(item.qty, limits::MAX_PART_QTY, "a quantity")
            .map_err(|m| problem(&at("qty"), m))?;
        if item.switches == 0 || item.switches > limits::MAX_PORTS {
            return Err(problem(
                &at("switches"),
                format!(
                    "must be between 1 and {} (the item comes with every this-many switches)",
                    limits::MAX_PORTS
                ),
            ));
        }
    }

    Ok(())
}

fn code_key(code: &str) -> String {
    code.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn check_part_list(catalog: &Catalog, path: &[&str], items: &[PartQty]) -> Result<(), Problem> {
    if items.len() > limits::MAX_PART_LIST {
        return Err(problem(
            path,
            format!("more than {} parts in one list", limits::MAX_PART_LIST),
        ));
    }
    for (index, item) in items.iter().enumerate() {
        let index = index.to_string();
        let mut at = path.to_vec();
        at.push(&index);
        if !catalog.parts.contains_key(&item.part) {
            at.push("part");
            return Err(problem(&at, format!("unknown part '{}'", item.part)));
        }
        if let Err(message) = limits::check_amount(item.qty, limits::MAX_PART_QTY, "a quantity") {
            at.push("qty");
            return Err(problem(&at, message));
        }
    }
    Ok(())
}
