//! Naming a decision to the trainee: by its number and what was said before it, never by the
//! node id (an author's word, not the trainee's).

use super::{Run, Who};
use crate::scenario::{NodeIdx, Speaker};

impl Run {
    /// What was heard just before the trainee's decision `i` (0-based) in this run: the last
    /// line a role said before the reply, as it was said (the variant picked, names filled
    /// in); else the last narrator line. `None` past the decisions made.
    pub fn heard_before(&self, i: usize) -> Option<&str> {
        let reply = self
            .transcript()
            .iter()
            .enumerate()
            .filter(|(_, u)| u.who == Who::Trainee)
            .nth(i)?
            .0;
        let before = &self.transcript()[..reply];
        // Back to the previous reply: only what was said at this decision.
        let from = before
            .iter()
            .rposition(|u| u.who == Who::Trainee)
            .map_or(0, |p| p + 1);
        let here = &before[from..];
        here.iter()
            .rev()
            .find(|u| matches!(u.who, Who::Role(_)))
            .or_else(|| here.last())
            .map(|u| u.text.as_str())
    }

    /// What is said at a node, for a decision known only by its node (a stored run, a room's
    /// decision): the last line a role says there (its first variant, names filled in as in
    /// this run), else the last narrator line.
    pub fn said_at(&self, node: NodeIdx) -> Option<String> {
        let lines = &self.scenario().node(node).lines;
        lines
            .iter()
            .rev()
            .find(|l| matches!(l.speaker, Speaker::Role(_)))
            .or_else(|| lines.last())
            .and_then(|l| l.variants.first())
            .map(|v| self.fill(v))
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::{Run, RunOptions};
    use crate::scenario::check_str;
    use std::sync::Arc;

    #[test]
    fn a_decision_is_named_by_what_was_heard_before_it() {
        let c = check_str(include_str!("../../tests/fixtures/good/mini.yaml"));
        let s = Arc::new(c.scenario.unwrap());
        let mut run = Run::new(
            Arc::clone(&s),
            RunOptions {
                seed: 3,
                shuffle: false,
            },
        );
        run.choose(0).unwrap();
        let first = run.heard_before(0).unwrap().to_string();
        assert!(first.contains("Dr. Petrov"), "{first}");
        assert_eq!(run.heard_before(1), None, "not decided yet");
        run.choose(1).unwrap();
        assert_eq!(run.heard_before(1), Some("It's for my son."));
        assert_eq!(
            run.said_at(s.node_index("details").unwrap()).as_deref(),
            Some("It's for my son.")
        );
        assert_eq!(
            run.said_at(s.start).as_deref(),
            Some("Is Dr. Petrov in?"),
            "the first variant"
        );
    }
}
