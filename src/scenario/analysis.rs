//! Path measures over a scenario graph (conditions ignored: every reply is taken as possible).

use super::model::{NodeIdx, Scenario};
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
