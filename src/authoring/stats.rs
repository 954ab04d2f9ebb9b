//! `frontdesk stats`: what a scenario offers and how long its paths are.
//!
//! Paths are counted as walks from `start` to an ending that visit no node twice (a cycle is
//! followed once, not forever), ignoring conditions. Their number can grow exponentially with
//! the graph (13 nodes that all lead to each other have billions), so the walk has a budget of
//! steps, every step counted whether or not its path ends: [`step_budget`]. When the budget runs
//! out the figures are those of the paths walked so far and `stopped_early` says so.

use crate::engine::reply_value;
use crate::scenario::{Ending, FatalKind, NodeIdx, Pitfall, Scenario, Technique};
use serde::Serialize;
use std::collections::BTreeMap;

/// The walk takes at least this many steps before it may stop early.
pub const MIN_STEPS: u64 = 1_000_000;

/// Steps per node and per move of the graph the walk may take: the budget grows with the
/// scenario, so that one whose paths are few (a chain, a tree) is always walked to the end.
pub const STEPS_PER_ELEMENT: u64 = 8;

/// How many steps (moving along a reply, or stepping back) the path walk may take for `s`:
/// linear in the size of the graph.
pub fn step_budget(s: &Scenario) -> u64 {
    let moves: usize = s
        .nodes
        .iter()
        .flat_map(|n| n.choices())
        .map(|c| c.next.targets().count())
        .sum();
    MIN_STEPS.max(STEPS_PER_ELEMENT.saturating_mul((s.nodes.len() + moves) as u64))
}

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
    /// Distinct paths from start to an ending (those walked, when `stopped_early`).
    pub paths: u64,
    /// Steps the path walk took.
    pub steps: u64,
    /// True when the walk used up its step budget: `paths`, `longest` and `best_score` are then
    /// lower bounds.
    pub stopped_early: bool,
    /// Per ending node.
    pub by_ending: Vec<EndingStats>,
    /// Fatal errors offered.
    pub fatal: BTreeMap<&'static str, Offered>,
    /// Pitfalls offered.
    pub pitfalls: BTreeMap<&'static str, Offered>,
    /// Techniques offered.
    pub techniques: BTreeMap<&'static str, Offered>,
    /// The best score any run can reach.
    pub best_score: Option<u8>,
    /// Nodes where every reply is a fatal error or a pitfall.
    pub all_fatal_nodes: Vec<String>,
    /// The tells linter's figures (naive strategies' mean scores), when asked for.
    pub tells: Option<super::tells::Tells>,
}

/// The statistics with the tells linter's figures.
pub fn stats_with_tells(s: &std::sync::Arc<Scenario>) -> Stats {
    Stats {
        tells: Some(super::tells::analyse(s)),
        ..stats(s)
    }
}

/// Computes the statistics.
pub fn stats(s: &Scenario) -> Stats {
    let mut fatal: BTreeMap<&'static str, Offered> = FatalKind::ALL
        .iter()
        .map(|k| (k.as_str(), Offered::default()))
        .collect();
    let mut pitfalls: BTreeMap<&'static str, Offered> = Pitfall::ALL
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
        if !choices.is_empty() && choices.iter().all(|c| c.is_wrong()) {
            all_fatal_nodes.push(n.id.clone());
        }
        for c in choices {
            if let Some(k) = c.pitfall
                && let Some(e) = pitfalls.get_mut(k.as_str())
            {
                e.count += 1;
                if e.nodes.last() != Some(&n.id) {
                    e.nodes.push(n.id.clone());
                }
            }
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
    walk.run(s.start, step_budget(s), &mut acc);
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
        steps: acc.steps,
        stopped_early: acc.stopped_early,
        by_ending,
        fatal,
        pitfalls,
        techniques,
        best_score,
        all_fatal_nodes,
        tells: None,
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
    steps: u64,
    stopped_early: bool,
    longest: Vec<Option<usize>>,
    best: Vec<Option<f64>>,
}

impl Accum {
    fn new(n: usize) -> Self {
        Self {
            paths: 0,
            steps: 0,
            stopped_early: false,
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
                        let credit = if reply_value(c) == 0 || best == 0 {
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

    /// Depth-first over paths that visit no node twice, with an explicit stack (a chain of
    /// 100,000 nodes is 100,000 frames of heap, not of call stack). Every step counts against
    /// `budget`: moving to a node, and stepping back from one.
    fn run(&self, start: NodeIdx, budget: u64, acc: &mut Accum) {
        let mut on_path = vec![false; self.s.nodes.len()];
        let mut stack: Vec<Frame> = Vec::new();
        let mut steps = 1;
        self.enter(start, 0, 0.0, &mut on_path, &mut stack, acc);
        while let Some(top) = stack.last_mut() {
            if steps >= budget {
                acc.stopped_early = true;
                break;
            }
            steps += 1;
            let i = top.node.get();
            let Some(&(c, t)) = self.moves[i].get(top.next_move) else {
                on_path[i] = false;
                stack.pop();
                continue;
            };
            top.next_move += 1;
            if !on_path[t.get()] {
                let credit = top.credit + c;
                let depth = stack.len();
                self.enter(t, depth, credit, &mut on_path, &mut stack, acc);
            }
        }
        acc.steps = steps;
    }

    /// Enters `node`, reached with `credit` after `depth` decisions: an ending is counted and
    /// left at once, a decision becomes the top of the stack.
    fn enter(
        &self,
        node: NodeIdx,
        depth: usize,
        credit: f64,
        on_path: &mut [bool],
        stack: &mut Vec<Frame>,
        acc: &mut Accum,
    ) {
        let i = node.get();
        if self.s.nodes[i].ending().is_some() {
            acc.paths += 1;
            acc.longest[i] = Some(acc.longest[i].map_or(depth, |l| l.max(depth)));
            let mean = if depth == 0 {
                1.0
            } else {
                credit / depth as f64
            };
            acc.best[i] = Some(acc.best[i].map_or(mean, |b| b.max(mean)));
        } else {
            on_path[i] = true;
            stack.push(Frame {
                node,
                next_move: 0,
                credit,
            });
        }
    }
}

/// A decision on the current path: which of its moves to try next, and the credit earned
/// before it.
struct Frame {
    node: NodeIdx,
    next_move: usize,
    credit: f64,
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
    let paths = if st.stopped_early {
        format!("at least {}", st.paths)
    } else {
        st.paths.to_string()
    };
    let _ = writeln!(
        out,
        "  distinct paths: {paths} (a path visits no node twice; conditions ignored)"
    );
    if st.stopped_early {
        let _ = writeln!(
            out,
            "  stopped early: the path walk used its budget of {} steps; paths, longest paths \
             and best scores are of the paths walked so far",
            st.steps
        );
    }
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
    let _ = writeln!(out, "\npitfalls offered:");
    for (k, o) in &st.pitfalls {
        let _ = writeln!(out, "  {k:<20} {:>3}  {}", o.count, o.nodes.join(", "));
    }
    let _ = writeln!(out, "\ntechniques offered:");
    for (k, o) in &st.techniques {
        let _ = writeln!(out, "  {k:<20} {:>3}  {}", o.count, o.nodes.join(", "));
    }
    if st.all_fatal_nodes.is_empty() {
        let _ = writeln!(
            out,
            "\nno node where every reply is a fatal error or a pitfall"
        );
    } else {
        let _ = writeln!(
            out,
            "\nnodes where every reply is a fatal error or a pitfall: {}",
            st.all_fatal_nodes.join(", ")
        );
    }
    if let Some(t) = &st.tells {
        let _ = writeln!(
            out,
            "\ntells (mean score of each naive strategy over {} runs; {:.0} or more fails):",
            super::tells::SEEDS,
            super::tells::MAX_MEAN
        );
        for sc in &t.strategies {
            let _ = writeln!(
                out,
                "  {:<10} {:>3.0}   good outcomes {:>3.0}%",
                sc.strategy.key(),
                sc.mean,
                100.0 * sc.good_outcomes
            );
        }
        let _ = writeln!(
            out,
            "  the best reply is the longest in {}, the shortest in {}, the only question in {} \
             of {} decisions (at most {} each)",
            t.best_is_longest.len(),
            t.best_is_shortest.len(),
            t.best_is_only_question.len(),
            t.decisions,
            t.max_by_position()
        );
        for d in t.diagnostics() {
            let _ = writeln!(
                out,
                "  ✗ {}",
                d.message.trim_start_matches("strict: tells: ")
            );
        }
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
        assert!(st.paths > 0 && !st.stopped_early);
    }

    #[test]
    fn a_complete_graph_stops_at_the_step_budget() {
        let checked = check_str(&crate::scenario::synthetic::complete_graph(13));
        let s = checked.scenario.expect("the complete graph loads");
        let st = stats(&s);
        assert!(st.stopped_early);
        assert_eq!(st.steps, step_budget(&s));
        assert_eq!(step_budget(&s), MIN_STEPS);
        assert!(st.paths > 0 && st.paths < st.steps);
        assert!(text(&st).contains("stopped early"));
    }

    #[test]
    fn a_chain_of_100_000_nodes_is_walked_without_recursion() {
        let n = 99_999; // and the ending: the most nodes a scenario may have
        let mut src = String::from(
            "id: chain\nlang: en\ntitle: C\nsummary: A chain.\nsource: tests\nsetting: phone\n\
             difficulty: 1\nroles: {patient: {name: A}}\nstart: n0\nnodes:\n",
        );
        for i in 0..n {
            let next = if i + 1 == n {
                "end".to_string()
            } else {
                format!("n{}", i + 1)
            };
            src.push_str(&format!(
                "  - {{id: n{i}, lines: [{{patient: Hi.}}], choices: [{{text: Go., mood: 0, \
                 thought: Hm., feedback: Ok., next: {next}}}]}}\n"
            ));
        }
        src.push_str("  - id: end\n    lines: [{patient: Bye.}]\n    ending: retained\n");
        let checked = check_str(&src);
        let s = checked
            .scenario
            .unwrap_or_else(|| panic!("{:?}", &checked.diagnostics));
        let st = stats(&s);
        assert!(!st.stopped_early);
        assert_eq!(st.paths, 1);
        assert_eq!(st.by_ending[0].longest, Some(n));
    }
}
