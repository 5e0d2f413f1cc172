//! The task network: links through tasks that have no work are joined around them, one link is
//! kept between any two tasks (Microsoft Project allows no more), and a forward pass gives each
//! task its first working day.

use super::LinkType;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    pub kind: LinkType,
    pub lag: i64,
}

/// The links between tasks of some duration. A task of no duration passes its predecessors'
/// constraints on to its successors: with it gone, a start constraint on it plus the successor's
/// lag is the same constraint, of the first link's type.
pub fn settle(days: &[u32], mut edges: Vec<Edge>) -> Vec<Edge> {
    for gone in (0..days.len()).filter(|&i| days[i] == 0) {
        let (touching, rest): (Vec<Edge>, Vec<Edge>) = edges
            .into_iter()
            .partition(|e| e.from == gone || e.to == gone);
        edges = rest;
        let ins: Vec<&Edge> = touching.iter().filter(|e| e.to == gone).collect();
        for out in touching.iter().filter(|e| e.from == gone) {
            for inc in &ins {
                edges.push(Edge {
                    from: inc.from,
                    to: out.to,
                    kind: inc.kind,
                    lag: inc.lag.saturating_add(out.lag),
                });
            }
        }
    }
    // Of two links between the same tasks, the one that holds the successor back further.
    let mut kept: BTreeMap<(usize, usize), Edge> = BTreeMap::new();
    let reach = |e: &Edge| match e.kind {
        LinkType::FinishToStart => i64::from(days[e.from]).saturating_add(e.lag),
        LinkType::StartToStart => e.lag,
    };
    for edge in edges {
        kept.entry((edge.to, edge.from))
            .and_modify(|k| {
                let better = reach(&edge) > reach(k)
                    || (reach(&edge) == reach(k) && edge.kind == LinkType::FinishToStart);
                if better {
                    *k = edge;
                }
            })
            .or_insert(edge);
    }
    kept.into_values().collect()
}

/// Each task's first working day, counted from 0: as early as its links allow.
pub fn forward(days: &[u32], edges: &[Edge]) -> Vec<i64> {
    let n = days.len();
    let mut incoming = vec![0usize; n];
    let mut outgoing: Vec<Vec<&Edge>> = vec![Vec::new(); n];
    for e in edges {
        incoming[e.to] += 1;
        outgoing[e.from].push(e);
    }
    let mut start = vec![0i64; n];
    let mut ready: std::collections::BTreeSet<usize> =
        (0..n).filter(|&i| incoming[i] == 0).collect();
    let mut done = vec![false; n];
    // Kahn's order, lowest index first so the pass is the same every time.
    while let Some(i) = ready.pop_first() {
        done[i] = true;
        for e in &outgoing[i] {
            let earliest = match e.kind {
                LinkType::FinishToStart => start[i] + i64::from(days[i]) + e.lag,
                LinkType::StartToStart => start[i] + e.lag,
            };
            start[e.to] = start[e.to].max(earliest);
            incoming[e.to] -= 1;
            if incoming[e.to] == 0 {
                ready.insert(e.to);
            }
        }
    }
    debug_assert!(done.iter().all(|d| *d), "the catalog's links are acyclic");
    start
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fs(from: usize, to: usize, lag: i64) -> Edge {
        Edge {
            from,
            to,
            kind: LinkType::FinishToStart,
            lag,
        }
    }

    #[test]
    fn joins_links_around_a_task_with_no_work() {
        // 0 -FS 2-> 1 (no work) -SS 3-> 2
        let days = [4, 0, 2];
        let mut ss = fs(1, 2, 3);
        ss.kind = LinkType::StartToStart;
        let edges = settle(&days, vec![fs(0, 1, 2), ss]);
        assert_eq!(edges, vec![fs(0, 2, 5)]);
        assert_eq!(forward(&days, &edges), vec![0, 0, 9]);
    }

    #[test]
    fn keeps_the_stronger_of_two_links() {
        let days = [5, 1];
        let mut ss = fs(0, 1, 6);
        ss.kind = LinkType::StartToStart;
        assert_eq!(settle(&days, vec![fs(0, 1, 0), ss]), vec![ss]);
        assert_eq!(settle(&days, vec![fs(0, 1, 2), ss]), vec![fs(0, 1, 2)]);
    }

    #[test]
    fn starts_each_task_after_all_its_predecessors() {
        // 0 (3 days) and 1 (5 days) both precede 2; 2 starts on day 5.
        let days = [3, 5, 1];
        let edges = settle(&days, vec![fs(0, 2, 0), fs(1, 2, 0)]);
        assert_eq!(forward(&days, &edges), vec![0, 0, 5]);
    }
}
