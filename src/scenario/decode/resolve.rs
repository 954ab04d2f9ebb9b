//! The second pass: node ids become indexes and each node becomes a decision or an ending. The
//! graph is checked (in [`analysis`]) only once every id resolved and no error was found, so a
//! typo in one `next` does not also report half the graph as unreachable.

use super::{Decoder, RawChoice, RawNext, RawNode};
use crate::scenario::analysis;
use crate::scenario::diagnostic::{Diagnostic, Mark};
use crate::scenario::model::*;
use crate::scenario::text;
use std::collections::HashMap;

impl Decoder<'_> {
    /// The start and the resolved nodes, or `None` when either pass found an error.
    pub(super) fn resolve(
        &mut self,
        raw: Vec<RawNode>,
        (start, start_mark): (String, Mark),
    ) -> Option<(NodeIdx, Vec<Node>)> {
        let mut problems = Vec::new();
        let index = NodeIndex::new(&raw, &mut problems);
        let start_idx = index.lookup(&start, start_mark, &mut problems);
        let nodes: Vec<Node> = raw
            .iter()
            .map(|n| resolve_node(n, &index, &mut problems))
            .collect();
        self.diags.extend(problems);
        let start = start_idx?;
        if self.diags.iter().any(Diagnostic::is_error) {
            return None;
        }
        self.diags.extend(analysis::graph_problems(start, &nodes));
        Some((start, nodes))
    }
}

/// Node ids and the index each stands for; a duplicated id keeps its first node.
struct NodeIndex<'a> {
    by_id: HashMap<&'a str, NodeIdx>,
    /// Every id, for did-you-mean hints.
    ids: Vec<&'a str>,
}

impl<'a> NodeIndex<'a> {
    /// Indexes the nodes, reporting duplicate ids.
    fn new(raw: &'a [RawNode], problems: &mut Vec<Diagnostic>) -> Self {
        let mut by_id: HashMap<&str, NodeIdx> = HashMap::with_capacity(raw.len());
        for (i, n) in raw.iter().enumerate() {
            if let Some(first) = by_id.get(n.id.as_str()) {
                let first_line = raw[first.get()].id_mark.line;
                problems.push(
                    Diagnostic::error(n.id_mark, format!("duplicate node id `{}`", n.id))
                        .with_hint(format!(
                            "a node `{}` is already defined at line {first_line}; rename one",
                            n.id
                        )),
                );
            } else {
                by_id.insert(n.id.as_str(), NodeIdx(i as u32));
            }
        }
        let ids = raw.iter().map(|n| n.id.as_str()).collect();
        Self { by_id, ids }
    }

    /// The node named `name`, reported at `mark` when there is none.
    fn lookup(&self, name: &str, mark: Mark, problems: &mut Vec<Diagnostic>) -> Option<NodeIdx> {
        let found = self.by_id.get(name).copied();
        if found.is_none() {
            let hint = match text::did_you_mean(name, &self.ids) {
                Some(s) => format!("did you mean `{s}`?"),
                None => "name the `id` of a node in this file".to_string(),
            };
            problems.push(
                Diagnostic::error(mark, format!("there is no node `{name}`")).with_hint(hint),
            );
        }
        found
    }
}

fn resolve_node(n: &RawNode, index: &NodeIndex, problems: &mut Vec<Diagnostic>) -> Node {
    // A node that is neither a decision nor an ending was reported; the placeholder is never
    // played because no scenario is built from a file with errors.
    let kind = node_kind(n, index, problems).unwrap_or(NodeKind::Decision {
        choices: Vec::new(),
    });
    Node {
        id: n.id.clone(),
        lines: n.lines.clone(),
        discuss: n.discuss.clone(),
        kind,
        mark: n.mark,
    }
}

/// A decision (with its replies resolved) or an ending; `None` when the node is both or neither.
fn node_kind(n: &RawNode, index: &NodeIndex, problems: &mut Vec<Diagnostic>) -> Option<NodeKind> {
    match (&n.choices, n.ending) {
        (Some((m, _)), Some(_)) => {
            problems.push(
                Diagnostic::error(*m, format!("ending node `{}` has `choices`", n.id))
                    .with_hint("an ending has no replies: remove `choices` or `ending`"),
            );
            None
        }
        // `ending:` with a wrong word was reported where it was read.
        (None, None) if n.ending_key => None,
        (None, None) => {
            problems.push(
                Diagnostic::error(
                    n.mark,
                    format!("node `{}` has neither `choices` nor `ending`", n.id),
                )
                .with_hint("add replies under `choices`, or mark it `ending: retained`"),
            );
            None
        }
        (None, Some((_, ending))) => Some(NodeKind::Ending {
            ending,
            text: n.text.clone(),
        }),
        (Some((m, choices)), None) => {
            check_something_to_say(&n.id, *m, choices, problems);
            let choices = choices
                .iter()
                .map(|c| resolve_choice(c, index, problems))
                .collect();
            Some(NodeKind::Decision { choices })
        }
    }
}

/// A decision needs at least one reply that is always offered, or the trainee could be stuck.
fn check_something_to_say(
    node_id: &str,
    mark: Mark,
    choices: &[RawChoice],
    problems: &mut Vec<Diagnostic>,
) {
    if choices.is_empty() {
        problems.push(
            Diagnostic::error(mark, format!("node `{node_id}` has no replies"))
                .with_hint("give at least one reply, or make it an ending"),
        );
    } else if choices.iter().all(|c| c.condition.is_some()) {
        problems.push(
            Diagnostic::error(mark, format!("every reply in node `{node_id}` has an `if`"))
                .with_hint(
                    "give at least one reply no `if`, so the trainee always has something to say",
                ),
        );
    }
}

fn resolve_choice(c: &RawChoice, index: &NodeIndex, problems: &mut Vec<Diagnostic>) -> Choice {
    let next = c
        .next
        .as_ref()
        .and_then(|next| resolve_next(next, index, problems));
    Choice {
        text: c.text.clone(),
        fatal: c.fatal,
        pitfall: c.pitfall,
        good: c.good.clone(),
        mood: c.mood,
        set: c.set.clone(),
        unset: c.unset.clone(),
        condition: c.condition.clone(),
        thought: c.thought.clone(),
        feedback: c.feedback.clone(),
        // A missing or unknown target was reported; no scenario is built, so this never leads.
        next: next.unwrap_or(Next::To(NodeIdx(u32::MAX))),
        mark: c.mark,
    }
}

/// Every target is looked up (so every unknown one is reported), then the branches are kept
/// only if all resolved and the last one is the fallback.
fn resolve_next(next: &RawNext, index: &NodeIndex, problems: &mut Vec<Diagnostic>) -> Option<Next> {
    match next {
        RawNext::To(target, mark) => index.lookup(target, *mark, problems).map(Next::To),
        RawNext::Branches(raw) => {
            let mut branches = Vec::new();
            let mut fallback = None;
            let mut all_resolved = true;
            for (condition, target, mark) in raw {
                match (condition, index.lookup(target, *mark, problems)) {
                    (Some(c), Some(t)) => branches.push((c.clone(), t)),
                    (None, Some(t)) => fallback = Some(t),
                    _ => all_resolved = false,
                }
            }
            match (all_resolved, fallback) {
                (true, Some(fallback)) => Some(Next::Branches { branches, fallback }),
                _ => None,
            }
        }
    }
}
