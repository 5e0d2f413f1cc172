//! The catalog's parts as the TOML file writes them: disciplines, parts, devices, room types,
//! telecom-room rules and clauses. Every field is documented in `templates/catalog.toml`.

use crate::devices::DeviceCounts;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct About {
    pub name: String,
    pub currency: String,
    pub price_basis: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectRules {
    #[serde(deserialize_with = "crate::money::exact")]
    pub contingency_percent: Decimal,
    #[serde(deserialize_with = "crate::money::exact")]
    pub sales_tax_percent: Decimal,
    #[serde(deserialize_with = "crate::money::exact")]
    pub project_management_percent: Decimal,
    /// The discipline whose line carries project management.
    pub project_management_discipline: String,
    /// A count this many times the standard (or more) is flagged for a check.
    #[serde(deserialize_with = "crate::money::exact")]
    pub high_count_factor: Decimal,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Discipline {
    pub name: String,
    #[serde(deserialize_with = "crate::money::exact")]
    pub labor_rate: Decimal,
    /// The vendor trade (bid package) that carries this work; none for internal IT work.
    #[serde(default)]
    pub trade: Option<String>,
    /// What this discipline delivers, one sentence, for the SOW.
    pub scope: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    pub description: String,
    pub unit: String,
    #[serde(deserialize_with = "crate::money::exact")]
    pub unit_cost: Decimal,
    #[serde(deserialize_with = "crate::money::exact")]
    pub labor_hours: Decimal,
    pub discipline: String,
    /// The product the price and the bid packages are based on.
    #[serde(default)]
    pub basis: Option<Basis>,
}

/// Basis of design: the product a vendor prices, so bids compare like for like.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Basis {
    pub manufacturer: String,
    pub model: String,
    #[serde(default)]
    pub part_number: Option<String>,
    /// Another product of equal performance may be bid, with the owner's approval; false when
    /// only the named product is acceptable (a hospital standard).
    #[serde(default = "yes")]
    pub or_equal: bool,
}

impl Basis {
    /// `Panduit TX6A jack, part CJ6X88TGBU, or approved equal`.
    pub fn describe(&self) -> String {
        let mut text = format!("{} {}", self.manufacturer.trim(), self.model.trim());
        if let Some(number) = self.part_number.as_deref().map(str::trim)
            && !number.is_empty()
        {
            text.push_str(&format!(", part {number}"));
        }
        text.push_str(if self.or_equal {
            ", or approved equal"
        } else {
            ", no substitution"
        });
        text
    }
}

/// A quantity of a part.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartQty {
    pub part: String,
    #[serde(deserialize_with = "crate::money::exact")]
    pub qty: Decimal,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Device {
    /// Header words that name this device's column, before normalisation.
    pub headers: Vec<String>,
    /// What one unit of the device expands into.
    pub parts: Vec<PartQty>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoomType {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub standard: DeviceCounts,
    /// Items every room of this type gets regardless of its counts.
    #[serde(default)]
    pub fixed: Vec<PartQty>,
    /// Construction coordination rooms of this type need, stated once for all of them.
    #[serde(default)]
    pub dependencies: Vec<String>,
    /// The disciplines whose work the dependencies concern: the bid packages of their trades state
    /// them. Left out: every discipline with work in rooms of this type.
    #[serde(default)]
    pub dependencies_concern: Vec<String>,
    /// OmniClass Table 13 numbers ("13-41 31 11") a COBie category may carry for this type.
    #[serde(default)]
    pub omniclass: Vec<String>,
    /// False for spaces that carry no IT scope (stairs, shafts, roofs, site): counted and listed
    /// as excluded, never priced.
    #[serde(default = "yes")]
    pub it_scope: bool,
}

fn yes() -> bool {
    true
}

/// An item that scales with a telecom room's switch count: `qty` for every `switches` switches,
/// rounded up (a UPS per two switches, a redundant power supply per switch).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SwitchItem {
    pub part: String,
    #[serde(deserialize_with = "crate::money::exact")]
    pub qty: Decimal,
    pub switches: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TelecomRules {
    pub ports_per_switch: u32,
    /// Spare switch-port capacity to provide, as a percent of the ports served.
    #[serde(deserialize_with = "crate::money::exact")]
    pub spare_percent: Decimal,
    /// Switch ports each unit of a device takes (APs take their own drops).
    pub ports_per_device: DeviceCounts,
    /// Switches beyond which one closet should not serve (a finding when exceeded).
    pub max_switches_per_idf: u32,
    pub switch_part: String,
    pub patch_panel_part: String,
    pub ports_per_patch_panel: u32,
    /// Fixed items every telecom room gets (fiber uplinks, rack, grounding).
    pub per_idf: Vec<PartQty>,
    /// Items that scale with the number of switches (UPS capacity, redundant power).
    #[serde(default)]
    pub per_switches: Vec<SwitchItem>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clauses {
    pub purpose: String,
    pub assumptions: Vec<Clause>,
    pub exclusions: Vec<Clause>,
    pub dependencies: Vec<Clause>,
    pub milestones: Vec<String>,
    pub acceptance: Vec<Clause>,
}

/// A clause of the standing text: general (written as a plain string), or binding only the
/// disciplines or trades it names (`{ text = "...", binds = ["av"] }`). The SOW states every
/// clause; a bid package states the general ones and those that bind its trade.
///
/// Serialized as its text alone, so templates (`{{this}}`) and `estimate.json` read as before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    pub text: String,
    /// Discipline keys or trade names; empty for a general clause.
    pub binds: Vec<String>,
}

impl Clause {
    pub fn general(text: impl Into<String>) -> Clause {
        Clause {
            text: text.into(),
            binds: Vec::new(),
        }
    }

    /// Whether the clause binds the trade carrying the disciplines `disciplines` (keys).
    pub fn binds_trade(&self, trade: &str, disciplines: &[&str]) -> bool {
        self.binds.is_empty()
            || self
                .binds
                .iter()
                .any(|b| b.eq_ignore_ascii_case(trade) || disciplines.iter().any(|d| d == b))
    }
}

impl Serialize for Clause {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Clause {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Bound {
            text: String,
            binds: Vec<String>,
        }
        #[derive(Deserialize)]
        #[serde(
            untagged,
            expecting = "a clause: a string, or { text = \"...\", binds = [\"discipline or trade\", ...] }"
        )]
        enum Written {
            Text(String),
            Bound(Bound),
        }
        Ok(match Written::deserialize(deserializer)? {
            Written::Text(text) => Clause::general(text),
            Written::Bound(b) => Clause {
                text: b.text,
                binds: b.binds,
            },
        })
    }
}
