//! The clauses a trade's bid package states: the catalog's general ones and those that bind it.

use crate::catalog::{Clause, Clauses};
use serde::Serialize;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TradeClauses {
    pub assumptions: Vec<String>,
    pub exclusions: Vec<String>,
    pub dependencies: Vec<String>,
    pub acceptance: Vec<String>,
}

impl TradeClauses {
    /// The clauses binding `trade`, which carries the disciplines `disciplines` (keys).
    pub fn for_trade(all: &Clauses, trade: &str, disciplines: &[&str]) -> TradeClauses {
        let pick = |list: &[Clause]| -> Vec<String> {
            list.iter()
                .filter(|c| c.binds_trade(trade, disciplines))
                .map(|c| c.text.clone())
                .collect()
        };
        TradeClauses {
            assumptions: pick(&all.assumptions),
            exclusions: pick(&all.exclusions),
            dependencies: pick(&all.dependencies),
            acceptance: pick(&all.acceptance),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clauses(acceptance: Vec<Clause>) -> Clauses {
        Clauses {
            purpose: String::new(),
            assumptions: Vec::new(),
            exclusions: Vec::new(),
            dependencies: Vec::new(),
            milestones: Vec::new(),
            acceptance,
        }
    }

    #[test]
    fn a_trade_gets_general_clauses_and_those_binding_its_disciplines_or_name() {
        let bound = |text: &str, binds: &[&str]| Clause {
            text: text.into(),
            binds: binds.iter().map(|b| b.to_string()).collect(),
        };
        let all = clauses(vec![
            Clause::general("documents delivered"),
            bound("cable certified", &["cabling"]),
            bound("displays commissioned", &["av"]),
            bound("switches monitored", &["network equipment"]),
        ]);
        let av = TradeClauses::for_trade(&all, "Audio-Visual", &["av"]);
        assert_eq!(
            av.acceptance,
            ["documents delivered", "displays commissioned"]
        );
        let net = TradeClauses::for_trade(&all, "Network Equipment", &["networking", "wireless"]);
        assert_eq!(
            net.acceptance,
            ["documents delivered", "switches monitored"]
        );
    }
}
