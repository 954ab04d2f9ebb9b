//! Large generated scenarios, for benchmarks and load tests.

use super::model::Ending;
use std::fmt::Write as _;

/// A valid scenario of `nodes` nodes (at least 20) as YAML text, about 400 bytes a node: three
/// replies per decision (one good, two fatal), flags, conditional replies and branches, line
/// variants, and ten endings at the end. Every node is reachable (reply 1 always goes to the
/// next node); the other replies jump ahead, so a random run takes about 50 decisions.
pub fn yaml(nodes: usize) -> String {
    let nodes = nodes.max(20);
    let endings = 10;
    let decisions = nodes - endings;
    let mut s = String::with_capacity(nodes * 420);
    s.push_str(
        "id: synthetic\nlang: en\ntitle: Synthetic\nsummary: A generated scenario.\n\
         setting: desk\ndifficulty: 2\n\
         roles:\n  patient: {name: [Anna Petrova, Olga Ivanova]}\n  doctor: {name: Dr. Lee}\n\
         mood: {start: 0, leave_below: -9}\nstart: n0\nnodes:\n",
    );
    let target = |i: usize, jump: usize| (i + jump).min(nodes - 1);
    for i in 0..decisions {
        let f = i / 10;
        let _ = write!(
            s,
            "  - id: n{i}\n    lines:\n      - narrator: The queue moves; it is {i} minutes past nine.\n      \
             - patient: [\"{{doctor}} said I could come today, number {i}.\", \"I was told {{doctor}} would see me, ticket {i}.\"]\n    \
             choices:\n      \
             - text: \"I understand, {{patient}}. Let me check the schedule for you right now.\"\n        \
             good: [acknowledge, solve]\n        mood: 1\n        set: [f{f}]\n        \
             thought: She is listening.\n        feedback: Acknowledge, then solve.\n        next: n{}\n      \
             - text: \"The doctor decides the schedule, not me; that is the rule here.\"\n        \
             fatal: justifying\n        mood: -1\n        thought: Excuses again.\n        feedback: Justifying.\n        \
             next:\n          - {{if: \"f{f} and mood >= 0\", to: n{}}}\n          - {{to: n{}}}\n      \
             - text: \"Please wait like everyone else.\"\n        fatal: counter-attacking\n        mood: -2\n        \
             if: \"not f{f} or mood < 3\"\n        thought: How rude.\n        feedback: Counter-attacking.\n        next: n{}\n",
            i + 1,
            target(i, 150),
            target(i, 200),
            target(i, 377),
        );
    }
    let kinds = Ending::WORDS;
    for (k, i) in (decisions..nodes).enumerate() {
        let _ = write!(
            s,
            "  - id: n{i}\n    lines: [{{patient: \"Goodbye.\"}}]\n    ending: {}\n",
            kinds[k % kinds.len()]
        );
    }
    s
}

/// A valid scenario of `n` decision nodes that each lead to every other and to one ending: a
/// few KB with more paths that visit no node twice than could ever be walked (for the step
/// budget of `stats`).
pub fn complete_graph(n: usize) -> String {
    let mut s = String::from(
        "id: k\nlang: en\ntitle: K\nsummary: All to all.\nsource: tests\nsetting: phone\n\
         difficulty: 1\nroles: {patient: {name: A}}\nstart: n0\nnodes:\n",
    );
    for i in 0..n {
        s.push_str(&format!(
            "  - id: n{i}\n    lines: [{{patient: Hi.}}]\n    choices:\n"
        ));
        for j in (0..n)
            .filter(|&j| j != i)
            .map(|j| format!("n{j}"))
            .chain(["end".into()])
        {
            s.push_str(&format!(
                "      - {{text: Go., mood: 0, thought: Hm., feedback: Ok., next: {j}}}\n"
            ));
        }
    }
    s.push_str("  - id: end\n    lines: [{patient: Bye.}]\n    ending: retained\n");
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_generated_scenario_is_valid() {
        let text = super::yaml(200);
        let c = crate::scenario::check_str(&text);
        assert!(
            !c.has_errors(),
            "{:?}",
            &c.diagnostics[..c.diagnostics.len().min(5)]
        );
        assert_eq!(c.scenario.unwrap().nodes.len(), 200);
    }
}
