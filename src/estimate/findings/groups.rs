//! The SOW's Gaps and Risks: a room type's rooms that differ from its standard the same way are
//! one row (with the rooms named and the cost summed), not one near-identical row per room; risks
//! and the other findings stay as they are.

use super::{Finding, FindingKind};
use crate::estimate::Estimate;
use crate::money::{ZERO_CENTS, format_dollars};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// A row of the Gaps and Risks table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingGroup {
    pub kind: FindingKind,
    /// The room, rooms or telecom room it concerns; "Project" for the whole project.
    pub subject: String,
    pub message: String,
}

/// What groups rooms' differences from their standard: the kind (gap or check) and room type.
type GroupKey<'a> = (FindingKind, &'a str);

/// Rooms named in a group's text; the rest are counted.
const NAMED_ROOMS: usize = 12;

impl Estimate {
    /// The risks, gaps and checks, with a room type's differences from its standard grouped by
    /// kind: in the findings' order, each group where its first room was.
    pub fn gaps_and_risks(&self) -> Vec<FindingGroup> {
        let relevant = self.findings.iter().filter(|f| {
            matches!(
                f.kind,
                FindingKind::Risk | FindingKind::Gap | FindingKind::Check
            )
        });
        let mut groups: Vec<(Option<GroupKey>, Vec<&Finding>)> = Vec::new();
        // A campus has thousands of findings: each group is found by its key, not by a search.
        let mut index: HashMap<GroupKey, usize> = HashMap::new();
        for f in relevant {
            let key = f
                .facts
                .standard
                .as_ref()
                .map(|d| (f.kind, d.room_type.as_str()));
            match key.and_then(|k| index.get(&k)) {
                Some(&at) => groups[at].1.push(f),
                None => {
                    if let Some(k) = key {
                        index.insert(k, groups.len());
                    }
                    groups.push((key, vec![f]));
                }
            }
        }
        groups
            .into_iter()
            .map(|(key, members)| match (key, members.as_slice()) {
                (Some((kind, room_type)), [_, _, ..]) => grouped(kind, room_type, &members),
                (_, members) => FindingGroup {
                    kind: members[0].kind,
                    subject: members[0]
                        .subject
                        .clone()
                        .unwrap_or_else(|| "Project".to_string()),
                    message: members[0].message.clone(),
                },
            })
            .collect()
    }

    /// What bringing every room below its type's standard up to it would add, before overheads.
    pub fn cost_to_standard(&self) -> Decimal {
        self.findings
            .iter()
            .filter(|f| f.kind == FindingKind::Gap)
            .filter_map(|f| f.facts.standard.as_ref())
            .fold(ZERO_CENTS, |sum, d| sum + d.cost)
    }
}

/// One row for several rooms of a type below (a gap) or above (a check) its standard.
fn grouped(kind: FindingKind, room_type: &str, members: &[&Finding]) -> FindingGroup {
    let differences: Vec<_> = members
        .iter()
        .filter_map(|f| f.facts.standard.as_ref())
        .collect();
    let cost = differences.iter().fold(ZERO_CENTS, |sum, d| sum + d.cost);
    let mut kinds: Vec<_> = differences
        .iter()
        .flat_map(|d| d.kinds.iter().copied())
        .collect();
    kinds.sort();
    kinds.dedup();
    let kinds: Vec<String> = kinds.iter().map(|k| k.plural()).collect();
    let rooms: Vec<&str> = members
        .iter()
        .filter_map(|f| f.subject.as_deref())
        .collect();
    let mut named = rooms[..rooms.len().min(NAMED_ROOMS)].join(", ");
    if rooms.len() > NAMED_ROOMS {
        named.push_str(&format!(" and {} more", rooms.len() - NAMED_ROOMS));
    }
    let n = rooms.len();
    let message = if kind == FindingKind::Gap {
        format!(
            "Rooms {named} ({room_type}) are below the {room_type} standard in {}; bringing these {n} rooms to standard would add {} before overheads. Confirm with the design team or add the missing devices.",
            and_list(&kinds),
            format_dollars(cost)
        )
    } else {
        format!(
            "Rooms {named} ({room_type}) are above the {room_type} standard in {}, which adds {} before overheads; priced as listed: confirm the extra devices are intended (the Findings sheet gives each room's counts).",
            and_list(&kinds),
            format_dollars(cost)
        )
    };
    FindingGroup {
        kind,
        subject: format!("{room_type} ({n} rooms)"),
        message,
    }
}

/// "a", "a and b", "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::devices::DeviceKind;
    use crate::estimate::findings::{Difference, FindingFacts};

    fn gap(room: &str, kinds: Vec<DeviceKind>, cents: i64) -> Finding {
        Finding {
            kind: FindingKind::Gap,
            subject: Some(room.to_string()),
            message: format!("Room {room} is below"),
            facts: FindingFacts {
                standard: Some(Difference {
                    room_type: "Exam Room".into(),
                    kinds,
                    cost: Decimal::new(cents, 2),
                }),
                trades: Vec::new(),
            },
        }
    }

    #[test]
    fn a_room_types_gaps_are_one_row_with_their_rooms_and_cost() {
        let findings = [
            gap("1-101", vec![DeviceKind::Workstations], 123_625),
            gap("1-102", vec![DeviceKind::DataDrops], 69_000),
        ];
        let refs: Vec<&Finding> = findings.iter().collect();
        let row = grouped(FindingKind::Gap, "Exam Room", &refs);
        assert_eq!(row.subject, "Exam Room (2 rooms)");
        assert!(row.message.starts_with("Rooms 1-101, 1-102 (Exam Room) are below the Exam Room standard in data drops and workstations;"));
        assert!(row.message.contains("would add $1,926.25 before overheads"));
        assert_eq!(
            and_list(&["a".into(), "b".into(), "c".into()]),
            "a, b and c"
        );
    }
}
