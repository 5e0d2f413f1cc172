//! The bid's logistics and terms, as the project file's `[bid]` table writes them: when and how
//! bids are due, who answers questions, the walk-through, insurance, bonding, warranty, the
//! drawings the bid is based on, alternates and unit prices to quote, and the thresholds bid
//! leveling flags lines at. Plain data on the ground floor, like the rest of the project's details.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BidTerms {
    /// Date and time bids are due, as written: `2027-03-15 2:00 PM local time`.
    #[serde(default)]
    pub due: Option<String>,
    /// How bids are submitted: `sealed, by email to bids@hospital.org`.
    #[serde(default)]
    pub submission: Option<String>,
    /// Who receives bids and questions: name, email, phone.
    #[serde(default)]
    pub contact: Option<String>,
    /// Last day for questions (requests for information).
    #[serde(default)]
    pub rfi_deadline: Option<String>,
    /// The pre-bid walk-through: date, time, meeting place; whether attendance is mandatory.
    #[serde(default)]
    pub walkthrough: Option<String>,
    /// When the work may be done: dates, shifts, infection-control limits.
    #[serde(default)]
    pub work_window: Option<String>,
    #[serde(default)]
    pub insurance: Option<String>,
    #[serde(default)]
    pub bonding: Option<String>,
    #[serde(default)]
    pub warranty: Option<String>,
    /// The drawings and specifications the bid is based on, one per entry.
    #[serde(default)]
    pub documents: Vec<String>,
    /// Addenda issued, each to be acknowledged on the form: `Addendum 1 (2027-03-05)`.
    #[serde(default)]
    pub addenda: Vec<String>,
    /// Protects the bid forms' locked cells with this password. Never written to estimate.json.
    #[serde(default, skip_serializing)]
    pub form_password: Option<String>,
    /// Alternates each trade prices apart from its base bid.
    #[serde(default)]
    pub alternates: Vec<TradeItem>,
    /// Unit prices to add or deduct work after award.
    #[serde(default)]
    pub unit_prices: Vec<TradeItem>,
    /// Bid leveling flags a line this far off the estimate or the bids' median (percent).
    #[serde(default, deserialize_with = "crate::money::exact_option")]
    pub flag_percent: Option<Decimal>,
    /// ... and calls it strong this far off.
    #[serde(default, deserialize_with = "crate::money::exact_option")]
    pub strong_percent: Option<Decimal>,
}

/// An alternate or a unit price for one trade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TradeItem {
    /// The trade's name (as the catalog writes it) or one of its discipline keys.
    pub trade: String,
    pub description: String,
    /// For unit prices: the unit one price is for (`drop`, `ea`).
    #[serde(default)]
    pub unit: Option<String>,
}
