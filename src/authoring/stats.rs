//! `frontdesk stats`: what a scenario offers and how long its paths are.
//!
//! Paths are counted as walks from `start` to an ending that visit no node twice (a cycle is
//! followed once, not forever), ignoring conditions. Counting stops at [`PATH_CAP`].

use crate::engine::reply_value;
use crate::scenario::{Ending, FatalKind, NodeIdx, Scenario, Technique};
use serde::Serialize;
use std::collections::BTreeMap;

/// Paths are counted up to this many.
pub const PATH_CAP: u64 = 1_000_000;

/// Per ending: how it can be reached.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EndingStats {
    /// The ending node's id.
    pub node: String,
    /// Its outcome.
    pub ending: &'static str,
    /// Fewest decisions to reach it.
    pub shortest: Option<usize>,
    /// Most decisions on a path that visits no node twice.
    pub longest: Option<usize>,
    /// The best score a run ending here can have.
    pub best_score: Option<u8>,
}

/// What a vocabulary word is offered: how many replies, on which nodes.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct Offered {
    /// Replies carrying it.
    pub count: usize,
    /// The nodes they are on.
    pub nodes: Vec<String>,
}

/// Everything `frontdesk stats` reports.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Stats {
    /// Scenario id.
    pub scenario: String,
    /// Language.
    pub lang: String,
    /// Decision nodes.
    pub decisions: usize,
    /// Ending nodes.
    pub endings: usize,
    /// Replies in all.
    pub replies: usize,
    /// Distinct paths from start to an ending.
    pub paths: u64,
    /// True when counting stopped at the cap.
    pub paths_capped: bool,
    /// Per ending node.
    pub by_ending: Vec<EndingStats>,
    /// Fatal errors offered.
    pub fatal: BTreeMap<&'static str, Offered>,
    /// Techniques offered.
    pub techniques: BTreeMap<&'static str, Offered>,
    /// The best score any run can reach.
    pub best_score: Option<u8>,
    /// Nodes where every reply is a fatal error.
    pub all_fatal_nodes: Vec<String>,
}

/// Computes the statistics.
pub fn stats(s: &Scenario) -> Stats {
    let mut fatal: BTreeMap<&'static str, Offered> = FatalKind::ALL
        .iter()
        .map(|k| (k.as_str(), Offered::default()))
        .collect();
    let mut techniques: BTreeMap<&'static str, Offered> = Technique::ALL
        .iter()
        .map(|t| (t.as_str(), Offered::default()))
        .collect();
    let mut replies = 0;
    let mut all_fatal_nodes = Vec::new();
    for n in &s.nodes {
        let choices = n.choices();
        replies += choices.len();
        if !choices.is_empty() && choices.iter().all(|c| c.fatal.is_some()) {
            all_fatal_nodes.push(n.id.clone());
        }
        for c in choices {
            let words = c
                .fatal
                .iter()
                .map(|k| (true, k.as_str()))
                .chain(c.good.iter().map(|t| (false, t.as_str())));
            for (is_fatal, w) in words {
                let entry = if is_fatal {
                    fatal.get_mut(w)
                } else {
                    techniques.get_mut(w)
                };
                if let Some(e) = entry {
                    e.count += 1;
                    if e.nodes.last() != Some(&n.id) {
                        e.nodes.push(n.id.clone());
                    }
                }
            }
        }
    }

    // Credit per node for each reply: value / best value at the node (conditions ignored).
    let walk = Walk::new(s);
    let mut acc = Accum::new(s.nodes.len());
    walk.dfs(s.start, &mut vec![false; s.nodes.len()], 0, 0.0, &mut acc);
    let shortest = shortest_to_each(s);
    let by_ending = s
        .nodes
        .iter()
        .enumerate()
        .filter_map(|(i, n)| {
            let e: Ending = n.ending()?;
            Some(EndingStats {
                node: n.id.clone(),
                ending: e.as_str(),
                shortest: shortest[i],
                longest: acc.longest[i],
                best_score: acc.best[i].map(to_score),
            })
        })
        .collect();
    let best_score = acc
        .best
        .iter()
        .flatten()
        .copied()
        .fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.max(x))))
        .map(to_score);
    Stats {
        scenario: s.id.0.clone(),
        lang: s.lang.0.clone(),
        decisions: s.decision_count(),
        endings: s.nodes.len() - s.decision_count(),
        replies,
        paths: acc.paths,
        paths_capped: acc.paths >= PATH_CAP,
        by_ending,
        fatal,
        techniques,
        best_score,
        all_fatal_nodes,
    }
}

fn to_score(mean: f64) -> u8 {
    if mean >= 1.0 {
        100
    } else {
        ((mean * 100.0).floor() as u8).min(99)
    }
}

struct Walk<'s> {
    s: &'s Scenario,
    /// Per node: (credit, target) for every reply and branch target.
    moves: Vec<Vec<(f64, NodeIdx)>>,
}

struct Accum {
    paths: u64,
    longest: Vec<Option<usize>>,
    best: Vec<Option<f64>>,
}

impl Accum {
    fn new(n: usize) -> Self {
        Self {
            paths: 0,
            longest: vec![None; n],
            best: vec![None; n],
        }
    }
}

impl<'s> Walk<'s> {
    fn new(s: &'s Scenario) -> Self {
        let moves = s
            .nodes
            .iter()
            .map(|n| {
                let choices = n.choices();
                let best = choices.iter().map(reply_value).max().unwrap_or(0);
                choices
                    .iter()
                    .flat_map(|c| {
                        let credit = if c.fatal.is_some() || best == 0 {
                            0.0
                        } else {
                            f64::from(reply_value(c)) / f64::from(best)
                        };
                        c.next.targets().map(move |t| (credit, t))
                    })
                    .collect()
            })
            .collect();
        Self { s, moves }
    }

    /// Depth-first over paths that visit no node twice; `depth` decisions so far with `credit`
    /// earned. Iterative deepening is not needed: scenario graphs are small, and the path cap
    /// bounds the work.
    fn dfs(
        &self,
        at: NodeIdx,
        on_path: &mut Vec<bool>,
        depth: usize,
        credit: f64,
        acc: &mut Accum,
    ) {
        if acc.paths >= PATH_CAP {
            return;
        }
        let i = at.get();
        if self.s.nodes[i].ending().is_some() {
            acc.paths += 1;
            acc.longest[i] = Some(acc.longest[i].map_or(depth, |l| l.max(depth)));
            let mean = if depth == 0 {
                1.0
            } else {
                credit / depth as f64
            };
            acc.best[i] = Some(acc.best[i].map_or(mean, |b| b.max(mean)));
            return;
        }
        on_path[i] = true;
        for &(c, t) in &self.moves[i] {
            if !on_path[t.get()] {
                self.dfs(t, on_path, depth + 1, credit + c, acc);
            }
        }
        on_path[i] = false;
    }
}

fn shortest_to_each(s: &Scenario) -> Vec<Option<usize>> {
    let mut dist: Vec<Option<usize>> = vec![None; s.nodes.len()];
    let mut queue = std::collections::VecDeque::from([s.start]);
    dist[s.start.get()] = Some(0);
    while let Some(n) = queue.pop_front() {
        let d = dist[n.get()].unwrap_or(0);
        for c in s.node(n).choices() {
            for t in c.next.targets() {
                if dist[t.get()].is_none() {
                    dist[t.get()] = Some(d + 1);
                    queue.push_back(t);
                }
            }
        }
    }
    dist
}

/// The statistics as readable text.
pub fn text(st: &Stats) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", st.scenario, st.lang);
    let _ = writeln!(
        out,
        "  decisions: {}, endings: {}, replies: {}",
        st.decisions, st.endings, st.replies
    );
    let paths = if st.paths_capped {
        format!("over {}", PATH_CAP)
    } else {
        st.paths.to_string()
    };
    let _ = writeln!(
        out,
        "  distinct paths: {paths} (a path visits no node twice; conditions ignored)"
    );
    let best = st.best_score.map_or("—".to_string(), |b| b.to_string());
    let _ = writeln!(out, "  best reachable score: {best}");
    let _ = writeln!(
        out,
        "\nendings (decisions on the shortest / longest path, best score):"
    );
    for e in &st.by_ending {
        let f = |v: Option<usize>| v.map_or("—".to_string(), |x| x.to_string());
        let b = e.best_score.map_or("—".to_string(), |x| x.to_string());
        let _ = writeln!(
            out,
            "  {:<24} {:<10} {:>3} / {:<3} best {b}",
            e.node,
            e.ending,
            f(e.shortest),
            f(e.longest)
        );
    }
    let _ = writeln!(out, "\nfatal errors offered:");
    for (k, o) in &st.fatal {
        let _ = writeln!(out, "  {k:<20} {:>3}  {}", o.count, o.nodes.join(", "));
    }
    let _ = writeln!(out, "\ntechniques offered:");
    for (k, o) in &st.techniques {
        let _ = writeln!(out, "  {k:<20} {:>3}  {}", o.count, o.nodes.join(", "));
    }
    if st.all_fatal_nodes.is_empty() {
        let _ = writeln!(out, "\nno node where every reply is a fatal error");
    } else {
        let _ = writeln!(
            out,
            "\nnodes where every reply is a fatal error: {}",
            st.all_fatal_nodes.join(", ")
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::check_str;

    #[test]
    fn mini_statistics() {
        let s = check_str(include_str!("../../tests/fixtures/good/mini.yaml"))
            .scenario
            .unwrap();
        let st = stats(&s);
        assert_eq!(st.decisions, 2);
        assert_eq!(st.endings, 3);
        assert_eq!(st.replies, 6);
        // hello has 3 replies all to details; details: 1 → lost, 2 → retained|escalated, 3 → escalated.
        assert_eq!(st.paths, 12);
        assert_eq!(st.best_score, Some(100));
        let lost = st.by_ending.iter().find(|e| e.node == "lost").unwrap();
        assert_eq!(
            (lost.shortest, lost.longest, lost.best_score),
            (Some(2), Some(2), Some(50))
        );
        assert_eq!(st.fatal["justifying"].count, 1);
        assert_eq!(st.fatal["justifying"].nodes, vec!["hello"]);
        assert_eq!(st.techniques["solve"].nodes, vec!["details"]);
        assert!(st.all_fatal_nodes.is_empty());
    }

    #[test]
    fn cycles_are_followed_once() {
        let src = include_str!("../../tests/fixtures/good/mini.yaml").replace(
            "        next: lost\n",
            "        next:\n          - {if: \"mood < -9\", to: lost}\n          - {to: hello}\n",
        );
        let s = check_str(&src).scenario.unwrap();
        let st = stats(&s);
        assert!(st.paths > 0 && !st.paths_capped);
    }
}
