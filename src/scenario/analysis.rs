//! The scenario graph (conditions ignored: every reply is taken as possible): which nodes can
//! be reached, which can still reach an ending, the problems the loader reports from that, and
//! path measures for `check --strict` and `stats`.

use super::diagnostic::Diagnostic;
use super::model::{Choice, Node, NodeIdx, Scenario};
use std::collections::VecDeque;

/// Fewest decisions from `start` to any ending, or `None` when no ending is reachable.
pub fn shortest_decisions(s: &Scenario) -> Option<usize> {
    let mut dist = vec![usize::MAX; s.nodes.len()];
    let mut queue = VecDeque::from([s.start]);
    dist[s.start.get()] = 0;
    while let Some(n) = queue.pop_front() {
        let node = s.node(n);
        if node.ending().is_some() {
            return Some(dist[n.get()]);
        }
        for c in node.choices() {
            for t in c.next.targets() {
                if dist[t.get()] == usize::MAX {
                    dist[t.get()] = dist[n.get()] + 1;
                    queue.push_back(t);
                }
            }
        }
    }
    None
}

/// Most decisions on a path from `start` to an ending that visits no node twice. Cycles are cut
/// where they close, so the figure is exact on acyclic graphs and a lower bound otherwise.
pub fn longest_decisions(s: &Scenario) -> usize {
    // Iterative DFS with memo: longest[n] = decisions from n to an ending.
    const UNSEEN: u32 = u32::MAX;
    const ON_STACK: u32 = u32::MAX - 1;
    let mut longest = vec![UNSEEN; s.nodes.len()];
    let mut stack: Vec<(NodeIdx, usize)> = vec![(s.start, 0)];
    longest[s.start.get()] = ON_STACK;
    while let Some(&mut (n, ref mut next_edge)) = stack.last_mut() {
        let targets: Vec<NodeIdx> = s
            .node(n)
            .choices()
            .iter()
            .flat_map(|c| c.next.targets())
            .collect();
        if *next_edge < targets.len() {
            let t = targets[*next_edge];
            *next_edge += 1;
            if longest[t.get()] == UNSEEN {
                longest[t.get()] = ON_STACK;
                stack.push((t, 0));
            }
            continue;
        }
        stack.pop();
        let node = s.node(n);
        let best = if node.ending().is_some() {
            0
        } else {
            targets
                .iter()
                .filter_map(|t| match longest[t.get()] {
                    UNSEEN | ON_STACK => None,
                    v => Some(v),
                })
                .max()
                .map_or(0, |v| v + 1)
        };
        longest[n.get()] = best;
    }
    longest[s.start.get()] as usize
}

/// The graph's problems, in this order: nodes not reachable from `start`, nodes from which no
/// ending can be reached (errors), decisions whose every reply is fatal, and no path to an
/// ending free of fatal errors (warnings). The loader calls this once every id resolved.
pub(crate) fn graph_problems(start: NodeIdx, nodes: &[Node]) -> Vec<Diagnostic> {
    let reachable = reach_forward(start, nodes, |_| true);
    let mut problems = unreachable_nodes(nodes, &reachable);
    problems.extend(endless_nodes(nodes, &reachable));
    problems.extend(all_fatal_decisions(nodes));
    problems.extend(no_clean_path(start, nodes));
    problems
}

fn unreachable_nodes(nodes: &[Node], reachable: &[bool]) -> Vec<Diagnostic> {
    nodes
        .iter()
        .zip(reachable)
        .filter(|(_, reached)| !**reached)
        .map(|(n, _)| {
            Diagnostic::error(
                n.mark,
                format!("node `{}` is unreachable from `start`", n.id),
            )
            .with_hint("lead a reply's `next` to it, or delete it")
        })
        .collect()
}

/// Reachable nodes that cannot reach an ending: the conversation would never end. Unreachable
/// ones were reported already, once is enough.
fn endless_nodes(nodes: &[Node], reachable: &[bool]) -> Vec<Diagnostic> {
    let can_end = reach_backward(nodes);
    nodes
        .iter()
        .enumerate()
        .filter(|(i, _)| reachable[*i] && !can_end[*i])
        .map(|(_, n)| {
            Diagnostic::error(
                n.mark,
                format!("no ending can be reached from node `{}`", n.id),
            )
            .with_hint("the conversation would go round forever: lead a reply towards an ending")
        })
        .collect()
}

fn all_fatal_decisions(nodes: &[Node]) -> Vec<Diagnostic> {
    nodes
        .iter()
        .filter(|n| {
            let choices = n.choices();
            !choices.is_empty() && choices.iter().all(|c| c.is_wrong())
        })
        .map(|n| {
            Diagnostic::warning(
                n.mark,
                format!(
                    "every reply in node `{}` is a fatal error or a pitfall",
                    n.id
                ),
            )
            .with_hint("give the trainee at least one reply that works")
        })
        .collect()
}

/// A scenario should be winnable without a fatal error or a pitfall, or it only teaches what
/// not to do.
fn no_clean_path(start: NodeIdx, nodes: &[Node]) -> Option<Diagnostic> {
    let clean = reach_forward(start, nodes, |c| !c.is_wrong());
    let clean_ending = nodes
        .iter()
        .zip(&clean)
        .any(|(n, reached)| *reached && n.ending().is_some());
    (!clean_ending).then(|| {
        Diagnostic::warning(
            nodes[start.get()].mark,
            "no path to an ending is free of fatal errors and pitfalls",
        )
        .with_hint("give the trainee a way through without a fatal error or a pitfall")
    })
}

/// Nodes reachable from `start` through replies that pass `keep` (conditions ignored).
pub fn reach_forward(start: NodeIdx, nodes: &[Node], keep: impl Fn(&Choice) -> bool) -> Vec<bool> {
    let mut seen = vec![false; nodes.len()];
    let mut queue = VecDeque::from([start]);
    seen[start.get()] = true;
    while let Some(n) = queue.pop_front() {
        for c in nodes[n.get()].choices().iter().filter(|c| keep(c)) {
            for t in c.next.targets() {
                if let Some(s) = seen.get_mut(t.get())
                    && !*s
                {
                    *s = true;
                    queue.push_back(t);
                }
            }
        }
    }
    seen
}

/// Nodes from which some ending can be reached.
fn reach_backward(nodes: &[Node]) -> Vec<bool> {
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for (i, n) in nodes.iter().enumerate() {
        for c in n.choices() {
            for t in c.next.targets() {
                if let Some(p) = preds.get_mut(t.get()) {
                    p.push(i);
                }
            }
        }
    }
    let mut ok = vec![false; nodes.len()];
    let mut queue: VecDeque<usize> = VecDeque::new();
    for (i, n) in nodes.iter().enumerate() {
        if n.ending().is_some() {
            ok[i] = true;
            queue.push_back(i);
        }
    }
    while let Some(i) = queue.pop_front() {
        for &p in &preds[i] {
            if !ok[p] {
                ok[p] = true;
                queue.push_back(p);
            }
        }
    }
    ok
}
