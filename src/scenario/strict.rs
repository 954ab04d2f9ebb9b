//! `frontdesk check --strict`: the content rules of the bundled library, for scenarios that are
//! already valid. Each rule that a program can check becomes an error with a position.

use super::analysis;
use super::diagnostic::{Diagnostic, Mark};
use super::model::*;

/// Fewest decisions on the longest path.
pub const MIN_LONGEST: usize = 5;
/// Fewest decisions on the shortest path.
pub const MIN_SHORTEST: usize = 3;

/// Checks one scenario against the library's content rules.
pub fn check(s: &Scenario) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let top = Mark::new(1, 1);
    let start_mark = s.node(s.start).mark;
    if s.source.is_none() {
        out.push(
            Diagnostic::error(top, "strict: no `source`")
                .with_hint("name the seed file and situation the case comes from"),
        );
    }
    let longest = analysis::longest_decisions(s);
    if longest < MIN_LONGEST {
        out.push(
            Diagnostic::error(
                start_mark,
                format!("strict: the longest path has {longest} decisions; at least {MIN_LONGEST} are needed"),
            )
            .with_hint("deepen the conversation"),
        );
    }
    if let Some(shortest) = analysis::shortest_decisions(s)
        && shortest < MIN_SHORTEST
    {
        out.push(
            Diagnostic::error(
                start_mark,
                format!("strict: an ending is reached after {shortest} decisions; at least {MIN_SHORTEST} are needed"),
            )
            .with_hint("no conversation should end before the trainee has had three replies"),
        );
    }
    let reachable = super::reach_forward(s.start, &s.nodes, |_| true);
    let mut endings: Vec<Ending> = s
        .nodes
        .iter()
        .enumerate()
        .filter(|(i, _)| reachable[*i])
        .filter_map(|(_, n)| n.ending())
        .collect();
    endings.sort();
    endings.dedup();
    if endings.len() < 3 {
        out.push(
            Diagnostic::error(
                top,
                format!(
                    "strict: {} different endings; at least 3 are needed",
                    endings.len()
                ),
            )
            .with_hint("e.g. retained, escalated and lost"),
        );
    }
    if !endings.contains(&Ending::Lost) {
        out.push(
            Diagnostic::error(top, "strict: no `lost` ending can be reached").with_hint(
                "add a node with `ending: lost`: the trainee must be able to lose the patient",
            ),
        );
    }
    let mut fatal_counts = [0usize; 3];
    let mut decisions = 0;
    let mut longest_is_best = 0;
    let mut discuss = 0;
    for n in &s.nodes {
        let choices = n.choices();
        if choices.is_empty() {
            continue;
        }
        decisions += 1;
        discuss += usize::from(n.discuss.is_some());
        if !(3..=4).contains(&choices.len()) {
            out.push(
                Diagnostic::error(
                    n.mark,
                    format!(
                        "strict: node `{}` offers {} replies; 3 or 4 are needed",
                        n.id,
                        choices.len()
                    ),
                )
                .with_hint(
                    "a decision needs real alternatives, and no more than a trainee can weigh",
                ),
            );
        }
        for c in choices {
            if let Some(k) = c.fatal {
                fatal_counts[FatalKind::ALL.iter().position(|x| *x == k).unwrap_or(0)] += 1;
            }
            if c.feedback.is_none() {
                out.push(
                    Diagnostic::error(c.mark, "strict: a reply without `feedback`")
                        .with_hint("name the error or the technique, and why"),
                );
            }
            if c.thought.is_none() {
                out.push(
                    Diagnostic::error(c.mark, "strict: a reply without `thought`")
                        .with_hint("what the patient thinks on hearing it, in their own voice"),
                );
            }
        }
        let best = choices.iter().map(Choice::quality).max();
        let longest_choice = choices.iter().max_by_key(|c| c.text.chars().count());
        if let (Some(best), Some(l)) = (best, longest_choice)
            && l.quality() == best
        {
            longest_is_best += 1;
        }
    }
    for (k, count) in FatalKind::ALL.iter().zip(fatal_counts) {
        if count < 2 {
            out.push(
                Diagnostic::error(
                    top,
                    format!("strict: `{k}` is offered {count} times; at least 2 are needed"),
                )
                .with_hint("each fatal error should tempt the trainee more than once"),
            );
        }
    }
    if longest_is_best * 2 > decisions {
        out.push(
            Diagnostic::error(
                top,
                format!(
                    "strict: the longest reply is a best one in {longest_is_best} of {decisions} decisions; at most half may be"
                ),
            )
            .with_hint("make some fatal replies longer and some good ones plainer, so length gives nothing away"),
        );
    }
    if discuss == 0 {
        out.push(
            Diagnostic::error(top, "strict: no `discuss` prompt")
                .with_hint("add a question for the room on the key decisions"),
        );
    }
    out
}

/// Checks that `other` has the same graph as `reference` (another language of the same id).
/// Problems are located in `other`.
pub fn same_graph(reference: &Scenario, other: &Scenario) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let top = Mark::new(1, 1);
    let differ = |what: String| {
        Diagnostic::error(
            top,
            format!(
                "strict: differs from the `{}` version: {what}",
                reference.lang
            ),
        )
        .with_hint("every language of one scenario must have the same graph; only the words differ")
    };
    if reference.nodes.len() != other.nodes.len() {
        out.push(differ(format!(
            "{} nodes instead of {}",
            other.nodes.len(),
            reference.nodes.len()
        )));
        return out;
    }
    if reference.start != other.start {
        out.push(differ("`start` names another node".into()));
    }
    if reference.mood.start != other.mood.start
        || reference.mood.leave_below != other.mood.leave_below
    {
        out.push(differ("the `mood` numbers".into()));
    }
    if reference.setting != other.setting || reference.difficulty != other.difficulty {
        out.push(differ("`setting` or `difficulty`".into()));
    }
    for (a, b) in reference.nodes.iter().zip(&other.nodes) {
        let mut at = |m: Mark, what: String| {
            out.push(
                Diagnostic::error(m, format!("strict: differs from the `{}` version: {what}", reference.lang))
                    .with_hint("every language of one scenario must have the same graph; only the words differ"),
            )
        };
        if a.id != b.id {
            at(
                b.mark,
                format!("node `{}` stands where `{}` does", b.id, a.id),
            );
            continue;
        }
        if a.ending() != b.ending() {
            at(b.mark, format!("node `{}` has another ending", b.id));
        }
        let (ca, cb) = (a.choices(), b.choices());
        if ca.len() != cb.len() {
            at(
                b.mark,
                format!(
                    "node `{}` has {} replies instead of {}",
                    b.id,
                    cb.len(),
                    ca.len()
                ),
            );
            continue;
        }
        for (i, (x, y)) in ca.iter().zip(cb).enumerate() {
            let flags = |s: &Scenario, v: &[FlagIdx]| -> Vec<String> {
                v.iter().map(|f| s.flags[f.0 as usize].clone()).collect()
            };
            let cond = |s: &Scenario, c: &Option<super::condition::Condition>| {
                c.as_ref().map(|c| c.display(&s.flags).to_string())
            };
            let next = |s: &Scenario, n: &Next| -> String {
                match n {
                    Next::To(t) => s.node(*t).id.clone(),
                    Next::Branches { branches, fallback } => {
                        let mut parts: Vec<String> = branches
                            .iter()
                            .map(|(c, t)| format!("{} -> {}", c.display(&s.flags), s.node(*t).id))
                            .collect();
                        parts.push(s.node(*fallback).id.clone());
                        parts.join("; ")
                    }
                }
            };
            let mut diffs = Vec::new();
            if x.fatal != y.fatal {
                diffs.push("fatal");
            }
            if x.pitfall != y.pitfall {
                diffs.push("pitfall");
            }
            if x.good != y.good {
                diffs.push("good");
            }
            if x.mood != y.mood {
                diffs.push("mood");
            }
            if flags(reference, &x.set) != flags(other, &y.set) {
                diffs.push("set");
            }
            if flags(reference, &x.unset) != flags(other, &y.unset) {
                diffs.push("unset");
            }
            if cond(reference, &x.condition) != cond(other, &y.condition) {
                diffs.push("if");
            }
            if next(reference, &x.next) != next(other, &y.next) {
                diffs.push("next");
            }
            if !diffs.is_empty() {
                at(
                    y.mark,
                    format!(
                        "reply {} of node `{}` differs in {}",
                        i + 1,
                        b.id,
                        diffs.join(", ")
                    ),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::check_str;

    #[test]
    fn every_language_carries_the_same_pitfalls() {
        let en = include_str!("../../tests/fixtures/good/pitfall.yaml");
        let other = en
            .replace("lang: en", "lang: ru")
            .replace("pitfall: giving-in", "pitfall: over-promising");
        let a = check_str(en).scenario.unwrap();
        let b = check_str(&other).scenario.unwrap();
        let d = same_graph(&a, &b);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("differs in pitfall"), "{d:?}");
        assert_eq!(d[0].mark.line, 20, "at the reply");
        let untagged = en.replace("        pitfall: giving-in\n", "");
        let c = check_str(&untagged).scenario.unwrap();
        assert!(same_graph(&a, &c)[0].message.contains("pitfall"));
        assert!(same_graph(&a, &a).is_empty());
    }
}
