//! The catalog's schedule rules: phases, the labor each takes, crews, links and the working
//! calendar. `schedule::plan` turns them and an estimate into dated tasks.

use super::Catalog;
use super::validate::Problem;
use crate::schedule::date::{Date, Weekday, date_text_list};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleRules {
    /// Working hours in one person's day.
    #[serde(deserialize_with = "crate::money::exact")]
    pub hours_per_day: Decimal,
    pub work_week: Vec<Weekday>,
    /// Days no one works, as written (validated as dates).
    #[serde(default, deserialize_with = "date_text_list")]
    pub holidays: Vec<String>,
    /// The parties of the roles and responsibilities (RACI) table, in its column order.
    pub roles: Vec<Role>,
    pub phases: Vec<Phase>,
    /// These rules were not in the catalog file and came from the built-in catalog; labor of
    /// disciplines the file does not have is then left out rather than refused.
    #[serde(skip)]
    pub built_in: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    pub id: String,
    pub name: String,
    /// The role accountable for the phase and its milestone.
    pub owner: String,
    /// The milestone reached when the phase finishes.
    #[serde(default)]
    pub milestone: Option<String>,
    /// Shares of the estimate's labor hours this phase carries out.
    #[serde(default)]
    pub labor: Vec<LaborShare>,
    /// Working days of a phase with no labor of ours (construction, design reviews).
    #[serde(default)]
    pub days: Option<u32>,
    /// People in one crew.
    #[serde(default = "one")]
    pub crew_size: u32,
    /// Crews are added, up to `max_crews`, until a task fits in this many working days.
    #[serde(default)]
    pub target_days: Option<u32>,
    #[serde(default = "one")]
    pub max_crews: u32,
    /// One task per floor where the room list has floors, each floor after the one before.
    #[serde(default)]
    pub by_floor: bool,
    #[serde(default)]
    pub links: Vec<PhaseLink>,
    /// Roles that do the work, are consulted, are kept informed (the RACI table; the owner is
    /// the one accountable).
    #[serde(default)]
    pub responsible: Vec<String>,
    #[serde(default)]
    pub consulted: Vec<String>,
    #[serde(default)]
    pub informed: Vec<String>,
}

fn one() -> u32 {
    1
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LaborShare {
    pub discipline: String,
    /// Percent of the discipline's labor hours.
    #[serde(deserialize_with = "crate::money::exact")]
    pub share: Decimal,
    /// Only the hours of work in rooms, or only in telecom rooms; both when left out.
    #[serde(default)]
    pub location: Option<Place>,
}

/// Where labor is done, as a share names it (the estimate's line locations).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Place {
    Room,
    TelecomRoom,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum LinkType {
    /// The successor starts after the predecessor finishes.
    #[serde(rename = "FS")]
    FinishToStart,
    /// The successor starts after the predecessor starts.
    #[serde(rename = "SS")]
    StartToStart,
}

impl LinkType {
    pub fn code(self) -> &'static str {
        match self {
            LinkType::FinishToStart => "FS",
            LinkType::StartToStart => "SS",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhaseLink {
    /// The predecessor phase's id.
    pub phase: String,
    #[serde(rename = "type")]
    pub kind: LinkType,
    /// Working days between the predecessor's finish (FS) or start (SS) and this phase's start.
    #[serde(default)]
    pub lag: i64,
}

impl ScheduleRules {
    /// The rules of the catalog shipped in the binary, for catalog files written before the
    /// schedule existed.
    pub fn built_in() -> ScheduleRules {
        #[derive(Deserialize)]
        struct OnlySchedule {
            schedule: ScheduleRules,
        }
        let mut rules = toml::from_str::<OnlySchedule>(super::DEFAULT_CATALOG)
            .expect("the default catalog's schedule parses (checked by a unit test)")
            .schedule;
        rules.built_in = true;
        rules
    }

    pub fn phase(&self, id: &str) -> Option<&Phase> {
        self.phases.iter().find(|p| p.id == id)
    }

    pub fn role_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.roles
            .iter()
            .find(|r| r.id == id)
            .map_or(id, |r| r.name.as_str())
    }

    /// The holidays as dates (validation has checked each one).
    pub fn holiday_dates(&self) -> impl Iterator<Item = Date> + '_ {
        self.holidays.iter().filter_map(|h| Date::parse(h))
    }
}

/// More phases than any plan needs; the bound keeps the cycle search's recursion shallow.
const MAX_PHASES: usize = 200;

fn problem(path: &[&str], message: impl Into<String>) -> Problem {
    Problem {
        path: path.iter().map(|s| s.to_string()).collect(),
        message: message.into(),
    }
}

/// Check the schedule rules against the catalog they belong to. Built-in rules used with an
/// older catalog first drop the labor of disciplines that catalog lacks.
pub fn settle(catalog: &mut Catalog) -> Result<(), Problem> {
    if catalog.schedule.built_in {
        let disciplines = &catalog.disciplines;
        for phase in &mut catalog.schedule.phases {
            phase
                .labor
                .retain(|share| disciplines.contains_key(&share.discipline));
        }
    }
    validate(catalog)
}

fn validate(catalog: &Catalog) -> Result<(), Problem> {
    let rules = &catalog.schedule;
    // Microsoft Project counts a day in whole minutes, from 08:00 with an hour for lunch.
    let minutes = rules.hours_per_day * Decimal::from(60);
    if rules.hours_per_day <= Decimal::ZERO
        || rules.hours_per_day > Decimal::from(12)
        || !minutes.fract().is_zero()
    {
        return Err(problem(
            &["schedule", "hours_per_day"],
            format!(
                "must be above 0 and at most 12, in whole minutes (like \"7.5\"), found {}",
                rules.hours_per_day
            ),
        ));
    }
    if rules.work_week.is_empty() {
        return Err(problem(
            &["schedule", "work_week"],
            "name at least one working day, like [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]",
        ));
    }
    for (index, holiday) in rules.holidays.iter().enumerate() {
        if Date::parse(holiday).is_none() {
            return Err(problem(
                &["schedule", "holidays", &index.to_string()],
                format!("'{holiday}' is not a date (write it as YYYY-MM-DD)"),
            ));
        }
    }
    let mut role_ids = BTreeSet::new();
    for (index, role) in rules.roles.iter().enumerate() {
        if role.id.trim().is_empty() || !role_ids.insert(role.id.as_str()) {
            return Err(problem(
                &["schedule", "roles", &index.to_string(), "id"],
                format!("role ids must be unique and not blank, found '{}'", role.id),
            ));
        }
    }
    if rules.phases.is_empty() || rules.phases.len() > MAX_PHASES {
        return Err(problem(
            &["schedule", "phases"],
            format!("name between 1 and {MAX_PHASES} phases"),
        ));
    }
    let mut ids = BTreeSet::new();
    for (index, phase) in rules.phases.iter().enumerate() {
        if phase.id.trim().is_empty() || !ids.insert(phase.id.as_str()) {
            return Err(problem(
                &["schedule", "phases", &index.to_string(), "id"],
                format!(
                    "phase ids must be unique and not blank, found '{}'",
                    phase.id
                ),
            ));
        }
    }
    for (index, phase) in rules.phases.iter().enumerate() {
        check_phase(catalog, &index.to_string(), phase, &role_ids)?;
    }
    check_shares(rules)?;
    check_cycles(rules)
}

fn check_phase(
    catalog: &Catalog,
    index: &str,
    phase: &Phase,
    roles: &BTreeSet<&str>,
) -> Result<(), Problem> {
    let at = |key: &'static str| ["schedule", "phases", index, key];
    if phase.name.trim().is_empty() {
        return Err(problem(&at("name"), "a phase needs a name"));
    }
    if !roles.contains(phase.owner.as_str()) {
        return Err(problem(
            &at("owner"),
            format!("unknown role '{}' (see [[schedule.roles]])", phase.owner),
        ));
    }
    for (key, list) in [
        ("responsible", &phase.responsible),
        ("consulted", &phase.consulted),
        ("informed", &phase.informed),
    ] {
        if let Some(unknown) = list.iter().find(|r| !roles.contains(r.as_str())) {
            return Err(problem(
                &at(key),
                format!("unknown role '{unknown}' (see [[schedule.roles]])"),
            ));
        }
    }
    match (phase.labor.is_empty(), phase.days) {
        (true, None) if !catalog.schedule.built_in => {
            return Err(problem(
                &at("labor"),
                "give the phase's labor (shares of disciplines' hours) or a fixed number of days",
            ));
        }
        (false, Some(_)) => {
            return Err(problem(
                &at("days"),
                "a phase takes its duration from its labor or from days, not both",
            ));
        }
        _ => {}
    }
    for (i, share) in phase.labor.iter().enumerate() {
        let i = i.to_string();
        let path = ["schedule", "phases", index, "labor", i.as_str()];
        if !catalog.disciplines.contains_key(&share.discipline) {
            let mut path = path.to_vec();
            path.push("discipline");
            return Err(problem(
                &path,
                format!("unknown discipline '{}'", share.discipline),
            ));
        }
        if share.share <= Decimal::ZERO || share.share > Decimal::ONE_HUNDRED {
            let mut path = path.to_vec();
            path.push("share");
            return Err(problem(
                &path,
                format!(
                    "a share is a percent above 0 and at most 100, found {}",
                    share.share
                ),
            ));
        }
    }
    for (key, value) in [
        ("crew_size", phase.crew_size),
        ("max_crews", phase.max_crews),
    ] {
        if value == 0 {
            return Err(problem(&at(key), "must be at least 1"));
        }
    }
    if phase.target_days == Some(0) {
        return Err(problem(&at("target_days"), "must be at least 1"));
    }
    check_links(catalog, index, phase)?;
    if phase.days.is_some_and(|d| d > 1000) || phase.target_days.is_some_and(|d| d > 1000) {
        return Err(problem(&at("days"), "at most 1000 working days"));
    }
    if phase.crew_size > 1000 || phase.max_crews > 1000 {
        return Err(problem(&at("max_crews"), "at most 1000"));
    }
    Ok(())
}

/// A phase's links: to a known phase other than itself, with a lag of 0 to 1000 days.
fn check_links(catalog: &Catalog, index: &str, phase: &Phase) -> Result<(), Problem> {
    for (i, link) in phase.links.iter().enumerate() {
        let i = i.to_string();
        let path = |key: &'static str| ["schedule", "phases", index, "links", i.as_str(), key];
        if catalog.schedule.phase(&link.phase).is_none() {
            return Err(problem(
                &path("phase"),
                format!("unknown phase '{}'", link.phase),
            ));
        }
        if link.phase == phase.id {
            return Err(problem(&path("phase"), "a phase cannot follow itself"));
        }
        if link.lag < 0 {
            return Err(problem(
                &path("lag"),
                format!("a lag cannot be negative, found {}", link.lag),
            ));
        }
        if link.lag > 1000 {
            return Err(problem(
                &path("lag"),
                format!("a lag is at most 1000 working days, found {}", link.lag),
            ));
        }
    }
    Ok(())
}

/// Every hour of a discipline the schedule takes must be scheduled exactly once: for each
/// discipline named, the shares at each location add up to 100.
fn check_shares(rules: &ScheduleRules) -> Result<(), Problem> {
    let mut sums: BTreeMap<(&str, u8), (Decimal, usize)> = BTreeMap::new();
    for (index, phase) in rules.phases.iter().enumerate() {
        for share in &phase.labor {
            let places = match share.location {
                Some(place) => vec![place],
                None => vec![Place::Room, Place::TelecomRoom],
            };
            for place in places {
                let entry = sums
                    .entry((share.discipline.as_str(), place as u8))
                    .or_insert((Decimal::ZERO, index));
                entry.0 += share.share;
                entry.1 = index;
            }
        }
    }
    for ((discipline, place), (sum, index)) in &sums {
        if *sum != Decimal::ONE_HUNDRED {
            return Err(problem(
                &["schedule", "phases", &index.to_string(), "labor"],
                format!(
                    "the shares of {discipline}'s hours in {} add up to {sum}%, not 100%",
                    if *place == Place::Room as u8 {
                        "rooms"
                    } else {
                        "telecom rooms"
                    }
                ),
            ));
        }
    }
    Ok(())
}

fn check_cycles(rules: &ScheduleRules) -> Result<(), Problem> {
    // Depth-first search from each phase along its predecessor links; a phase met again on the
    // current path closes a cycle.
    fn visit<'a>(
        rules: &'a ScheduleRules,
        id: &'a str,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<Vec<&'a str>> {
        if let Some(start) = path.iter().position(|p| *p == id) {
            let mut cycle = path[start..].to_vec();
            cycle.push(id);
            return Some(cycle);
        }
        if done.contains(id) {
            return None;
        }
        path.push(id);
        let phase = rules.phase(id)?;
        for link in &phase.links {
            if let Some(cycle) = visit(rules, &link.phase, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(id);
        None
    }
    let mut done = BTreeSet::new();
    for (index, phase) in rules.phases.iter().enumerate() {
        if let Some(cycle) = visit(rules, &phase.id, &mut Vec::new(), &mut done) {
            return Err(problem(
                &["schedule", "phases", &index.to_string(), "links"],
                format!(
                    "the links make a cycle: {} (each waits on the next)",
                    cycle.join(" → ")
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::DEFAULT_CATALOG;
    use std::path::Path;

    /// The default catalog with one text replaced, parsed: the error's text.
    fn error_with(from: &str, to: &str) -> String {
        assert!(DEFAULT_CATALOG.contains(from), "{from}");
        let text = DEFAULT_CATALOG.replacen(from, to, 1);
        Catalog::parse(&text, Path::new("c.toml"))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
    }

    fn line_of(needle: &str) -> usize {
        DEFAULT_CATALOG
            .lines()
            .position(|l| l.contains(needle))
            .unwrap()
            + 1
    }

    #[test]
    fn the_default_catalog_schedules_every_discipline_with_labor() {
        let catalog = Catalog::default_catalog();
        let rules = &catalog.schedule;
        assert!(!rules.built_in);
        assert_eq!(rules.phases.len(), 10);
        assert_eq!(rules.holiday_dates().count(), rules.holidays.len());
        for id in catalog.disciplines.keys().filter(|id| *id != "pm") {
            assert!(
                rules
                    .phases
                    .iter()
                    .any(|p| p.labor.iter().any(|s| s.discipline == *id)),
                "{id}"
            );
        }
        assert_eq!(ScheduleRules::built_in().phases.len(), 10);
    }

    #[test]
    fn mistakes_are_reported_with_file_line_and_key() {
        let rough = "{ discipline = \"cabling\", share = \"60\", location = \"room\" }";
        let line = line_of(rough);
        let error = error_with(rough, &rough.replace("cabling", "cablin"));
        assert_eq!(
            error,
            format!(
                "c.toml, line {line}, schedule.phases.2.labor.0.discipline: unknown discipline 'cablin'"
            )
        );
        let error = error_with(rough, &rough.replace("\"60\"", "\"-60\""));
        assert!(
            error.contains("schedule.phases.2.labor.0.share: a share is a percent above 0"),
            "{error}"
        );
        let error = error_with(rough, &rough.replace("\"60\"", "\"50\""));
        assert!(
            error.contains("the shares of cabling's hours in rooms add up to 90%, not 100%"),
            "{error}"
        );
        let link = "{ phase = \"construction\", type = \"FS\" }";
        let line = line_of(link);
        let error = error_with(link, "{ phase = \"constructon\", type = \"FS\" }");
        assert_eq!(
            error,
            format!(
                "c.toml, line {line}, schedule.phases.3.links.0.phase: unknown phase 'constructon'"
            )
        );
        let error = error_with(
            link,
            "{ phase = \"construction\", type = \"FS\", lag = -2 }",
        );
        assert!(
            error.contains("a lag cannot be negative, found -2"),
            "{error}"
        );
        let error = error_with(link, "{ phase = \"construction\", type = \"FF\" }");
        assert!(error.contains(&format!("line {line}")), "{error}");
        let error = error_with(
            "days = 20\n",
            "days = 20\nlinks = [{ phase = \"go_live\", type = \"FS\" }]\n",
        );
        assert!(
            error.contains(
                "schedule.phases.0.links: the links make a cycle: design → go_live → deployment → network → tr_buildout → construction → design"
            ),
            "{error}"
        );
        let error = error_with("max_crews = 3\n", "max_crews = 0\n");
        assert!(
            error.contains("schedule.phases.2.max_crews: must be at least 1"),
            "{error}"
        );
        let error = error_with("hours_per_day = \"8\"", "hours_per_day = \"0\"");
        assert!(
            error.contains("schedule.hours_per_day: must be above 0"),
            "{error}"
        );
        let error = error_with("\"2027-07-05\"", "\"2027-07-32\"");
        assert!(error.contains("'2027-07-32' is not a date"), "{error}");
        let error = error_with("owner = \"construction\"", "owner = \"gc\"");
        assert!(
            error.contains("schedule.phases.1.owner: unknown role 'gc'"),
            "{error}"
        );
        let error = error_with(
            "days = 30\n",
            "days = 30\nlabor = [{ discipline = \"pm\", share = \"100\" }]\n",
        );
        assert!(error.contains("not both"), "{error}");
    }

    #[test]
    fn a_catalog_written_before_the_schedule_gets_the_built_in_phases() {
        let start = DEFAULT_CATALOG.find("\n# ----").unwrap();
        let cut = DEFAULT_CATALOG[start..]
            .find("# [schedule]")
            .map(|i| start + i)
            .unwrap();
        let cut = DEFAULT_CATALOG[..cut].rfind("\n# ----").unwrap();
        let older = &DEFAULT_CATALOG[..cut];
        assert!(!older.contains("[schedule]"));
        let catalog = Catalog::parse(older, Path::new("old.toml")).unwrap();
        assert!(catalog.schedule.built_in);
        assert_eq!(catalog.schedule.phases.len(), 10);

        // One whose disciplines are all its own: the built-in phases keep only fixed days.
        let own = include_str!("../../tests/fixtures/hand-worked-catalog.toml");
        let catalog = Catalog::parse(own, Path::new("own.toml")).unwrap();
        assert!(catalog.schedule.phases.iter().all(|p| p.labor.is_empty()));
    }
}
