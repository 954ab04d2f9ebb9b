//! The tells linter (`check --strict`, `stats`): can a trainee score well without learning?
//!
//! Naive strategies are played over a scenario with the engine — always the longest reply, the
//! shortest, the middle-length one, the one ending in "?", the one opening with an apology or
//! "I understand", a random one — each over [`SEEDS`] seeds (the replies are shuffled per seed,
//! and ties are broken at random), and their mean score is reported. Alongside, where the best
//! reply stands: the longest, the shortest, or the only question.
//!
//! A scenario fails when any strategy averages [`MAX_MEAN`] or more, or when the best reply is
//! the longest, the shortest or the only question in more than a third of its decisions.
//! Everything is seeded: the same file always gives the same figures.

use crate::engine::{Run, RunOptions, Step};
use crate::scenario::text::substitute;
use crate::scenario::{Choice, Diagnostic, Mark, Scenario};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use serde::Serialize;
use std::fmt::Write as _;
use std::sync::Arc;

/// Seeds each strategy is played over.
pub const SEEDS: u64 = 200;
/// A strategy averaging this much or more is a tell.
pub const MAX_MEAN: f64 = 50.0;
/// A run that has not ended after this many replies is stopped (a loop of conditions).
const MAX_STEPS: usize = 1_000;

/// Openings that sound polite whatever follows, per language (en, ru, bg); a reply opening with
/// one is what the "apology" strategy picks.
pub const SOFT_OPENINGS: &[&str] = &[
    "Sorry",
    "I'm sorry",
    "I’m sorry",
    "I apologise",
    "I apologize",
    "I understand",
    "Извините",
    "Простите",
    "Прошу прощения",
    "Понимаю",
    "Я понимаю",
    "Извинете",
    "Съжалявам",
    "Разбирам",
];

/// A naive way of picking replies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Strategy {
    /// Always the longest reply.
    Longest,
    /// Always the shortest reply.
    Shortest,
    /// Always the middle one by length.
    Middle,
    /// The reply ending in "?".
    Question,
    /// The reply opening with an apology or "I understand".
    Apology,
    /// Any reply.
    Random,
}

impl Strategy {
    /// Every strategy, in report order.
    pub const ALL: [Strategy; 6] = [
        Strategy::Longest,
        Strategy::Shortest,
        Strategy::Middle,
        Strategy::Question,
        Strategy::Apology,
        Strategy::Random,
    ];

    /// A short name for tables.
    pub fn key(self) -> &'static str {
        match self {
            Strategy::Longest => "longest",
            Strategy::Shortest => "shortest",
            Strategy::Middle => "middle",
            Strategy::Question => "question",
            Strategy::Apology => "apology",
            Strategy::Random => "random",
        }
    }

    /// What the strategy does, in words.
    pub fn describe(self) -> &'static str {
        match self {
            Strategy::Longest => "always picking the longest reply",
            Strategy::Shortest => "always picking the shortest reply",
            Strategy::Middle => "always picking the middle-length reply",
            Strategy::Question => "always picking the reply that ends in \"?\"",
            Strategy::Apology => {
                "always picking the reply that opens with an apology or \"I understand\""
            }
            Strategy::Random => "picking any reply at random",
        }
    }

    fn hint(self) -> &'static str {
        match self {
            Strategy::Longest => {
                "give fatal and pitfall replies warm openings and normal length, and make some good replies short and blunt"
            }
            Strategy::Shortest => {
                "make some good replies fuller than the fatal ones, and give neutral replies normal length"
            }
            Strategy::Middle => {
                "vary which position the best reply takes: sometimes the longest, sometimes the shortest, sometimes the middle"
            }
            Strategy::Question => {
                "don't make only the good reply a question: let fatal and pitfall replies ask too, and some good ones state"
            }
            Strategy::Apology => {
                "open fatal and pitfall replies warmly too (\"I'm sorry…\", \"I understand…\"), so politeness alone gives nothing away"
            }
            Strategy::Random => {
                "too many replies earn credit: make the wrong replies more tempting and fewer replies merely neutral"
            }
        }
    }
}

/// One strategy's result on one scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StrategyScore {
    /// The strategy.
    pub strategy: Strategy,
    /// Its mean score over the seeds, 0..=100.
    pub mean: f64,
    /// The share of its runs that ended well (retained or referred, not walked out), 0..=1.
    pub good_outcomes: f64,
}

/// The tells of one scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tells {
    /// Scenario id.
    pub scenario: String,
    /// Language.
    pub lang: String,
    /// Each strategy's mean score.
    pub strategies: Vec<StrategyScore>,
    /// Decision nodes.
    pub decisions: usize,
    /// Lines of the decisions where the longest reply is a best one.
    pub best_is_longest: Vec<u32>,
    /// Lines of the decisions where the shortest reply is a best one.
    pub best_is_shortest: Vec<u32>,
    /// Lines of the decisions where the only reply ending in "?" is a best one.
    pub best_is_only_question: Vec<u32>,
}

impl Tells {
    /// At most this many decisions may give the best reply away by one position.
    pub fn max_by_position(&self) -> usize {
        self.decisions / 3
    }

    /// True when no rule fails.
    pub fn passes(&self) -> bool {
        self.diagnostics().is_empty()
    }

    /// Each failed rule as an error at the top of the file, with a hint.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let top = Mark::new(1, 1);
        let mut out = Vec::new();
        for s in &self.strategies {
            if s.mean >= MAX_MEAN {
                out.push(
                    Diagnostic::error(
                        top,
                        format!(
                            "strict: tells: {} scores {:.0} on average over {SEEDS} runs; a naive strategy must stay below {MAX_MEAN:.0}",
                            s.strategy.describe(),
                            s.mean
                        ),
                    )
                    .with_hint(s.strategy.hint()),
                );
            }
        }
        let max = self.max_by_position();
        for (lines, what, hint) in [
            (
                &self.best_is_longest,
                "the longest",
                "give a good reply that is short and blunt, or a fatal one that is long and warm",
            ),
            (
                &self.best_is_shortest,
                "the shortest",
                "give a fatal or pitfall reply that is short, or a good one with more to say",
            ),
            (
                &self.best_is_only_question,
                "the only question",
                "let a fatal or pitfall reply ask a question too, or have the good one state",
            ),
        ] {
            if lines.len() > max {
                let at: Vec<String> = lines.iter().map(u32::to_string).collect();
                out.push(
                    Diagnostic::error(
                        top,
                        format!(
                            "strict: tells: the best reply is {what} in {} of {} decisions; at most {max} may be",
                            lines.len(),
                            self.decisions
                        ),
                    )
                    .with_hint(format!("{hint} (decisions at lines {})", at.join(", "))),
                );
            }
        }
        out
    }

    /// One line: each strategy's mean, e.g. `longest 12 · shortest 30 · …`.
    pub fn summary(&self) -> String {
        self.strategies
            .iter()
            .map(|s| format!("{} {:.0}", s.strategy.key(), s.mean))
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// Plays every strategy over `s` and looks where its best replies stand.
pub fn analyse(s: &Arc<Scenario>) -> Tells {
    let strategies = Strategy::ALL
        .iter()
        .map(|&strategy| {
            let mut total = 0.0;
            let mut good = 0u64;
            for seed in 0..SEEDS {
                let (score, ended_well) = play(s, strategy, seed);
                total += f64::from(score);
                good += u64::from(ended_well);
            }
            StrategyScore {
                strategy,
                mean: total / SEEDS as f64,
                good_outcomes: good as f64 / SEEDS as f64,
            }
        })
        .collect();
    let mut t = Tells {
        scenario: s.id.0.clone(),
        lang: s.lang.0.clone(),
        strategies,
        decisions: 0,
        best_is_longest: Vec::new(),
        best_is_shortest: Vec::new(),
        best_is_only_question: Vec::new(),
    };
    for n in &s.nodes {
        let choices = n.choices();
        if choices.is_empty() {
            continue;
        }
        t.decisions += 1;
        let texts: Vec<String> = choices.iter().map(|c| filled(s, c)).collect();
        let lens: Vec<usize> = texts.iter().map(|x| x.chars().count()).collect();
        let best = choices.iter().map(Choice::quality).max();
        let is_best = |i: usize| Some(choices[i].quality()) == best;
        let line = n.mark.line;
        // Only a strict longest (shortest) reply gives itself away; a tie leaves a coin toss.
        if let Some(i) = unique_extreme(&lens, |a, b| a > b)
            && is_best(i)
        {
            t.best_is_longest.push(line);
        }
        if let Some(i) = unique_extreme(&lens, |a, b| a < b)
            && is_best(i)
        {
            t.best_is_shortest.push(line);
        }
        let questions: Vec<usize> = (0..texts.len())
            .filter(|&i| is_question(&texts[i]))
            .collect();
        if let [only] = questions[..]
            && choices.len() > 1
            && is_best(only)
        {
            t.best_is_only_question.push(line);
        }
    }
    t
}

/// The index of the one value better than all others by `better`, if one is.
fn unique_extreme(lens: &[usize], better: impl Fn(usize, usize) -> bool) -> Option<usize> {
    let mut at = 0;
    for i in 1..lens.len() {
        if better(lens[i], lens[at]) {
            at = i;
        }
    }
    let ties = lens.iter().filter(|&&l| l == lens[at]).count();
    (ties == 1 && lens.len() > 1).then_some(at)
}

/// A reply's text with each role's first name filled in (lengths as a trainee sees them).
fn filled(s: &Scenario, c: &Choice) -> String {
    substitute(&c.text, |w| s.roles.iter().find_map(|r| r.fill(w, 0)))
}

/// Ends in "?" (after closing quotes and spaces).
pub fn is_question(text: &str) -> bool {
    text.trim_end_matches(|c: char| c.is_whitespace() || "\"'»”’)".contains(c))
        .ends_with(['?', '？'])
}

/// Opens with an apology or "I understand" (after opening quotes and dashes), in any case.
pub fn opens_softly(text: &str) -> bool {
    let t = text
        .trim_start_matches(|c: char| c.is_whitespace() || "\"'«“‘—–-".contains(c))
        .to_lowercase();
    SOFT_OPENINGS
        .iter()
        .any(|o| t.starts_with(&o.to_lowercase()))
}

/// One run with `strategy`: its score and whether it ended well.
fn play(s: &Arc<Scenario>, strategy: Strategy, seed: u64) -> (u8, bool) {
    let mut run = Run::new(
        Arc::clone(s),
        RunOptions {
            seed,
            shuffle: true,
        },
    );
    let mut rng = StdRng::seed_from_u64(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0x7e11);
    for _ in 0..MAX_STEPS {
        let texts: Vec<String> = match run.step() {
            Step::Ended(o) => {
                return (run.summary().score, o.ending.is_good() && !o.walked_out);
            }
            Step::Decide { offered, .. } => {
                offered.iter().map(|(_, c)| run.fill(&c.text)).collect()
            }
        };
        let at = pick(strategy, &texts, &mut rng);
        if run.choose(at).is_err() {
            break;
        }
    }
    (run.summary().score, false)
}

/// The position the strategy picks among `texts` (in the order shown), ties at random.
fn pick(strategy: Strategy, texts: &[String], rng: &mut StdRng) -> usize {
    let lens: Vec<usize> = texts.iter().map(|t| t.chars().count()).collect();
    let all: Vec<usize> = (0..texts.len()).collect();
    let or_all = |v: Vec<usize>| if v.is_empty() { all.clone() } else { v };
    let candidates = match strategy {
        Strategy::Longest => {
            let max = lens.iter().max().copied().unwrap_or(0);
            all.iter().copied().filter(|&i| lens[i] == max).collect()
        }
        Strategy::Shortest => {
            let min = lens.iter().min().copied().unwrap_or(0);
            all.iter().copied().filter(|&i| lens[i] == min).collect()
        }
        Strategy::Middle => {
            let mut order = all.clone();
            order.shuffle(rng);
            order.sort_by_key(|&i| lens[i]);
            // A decision always offers at least one reply.
            let n = order.len().max(1);
            order[(n - 1) / 2..=n / 2].to_vec()
        }
        Strategy::Question => or_all(
            all.iter()
                .copied()
                .filter(|&i| is_question(&texts[i]))
                .collect(),
        ),
        Strategy::Apology => or_all(
            all.iter()
                .copied()
                .filter(|&i| opens_softly(&texts[i]))
                .collect(),
        ),
        Strategy::Random => all.clone(),
    };
    let candidates = or_all(candidates);
    candidates[rng.random_range(0..candidates.len())]
}

/// The Markdown report of a whole library: each scenario's strategy means, where its best
/// replies stand, and every failure with its hint.
pub fn markdown(all: &[Tells]) -> String {
    let mut out = String::from("# Tells: can the library be gamed?\n\n");
    let _ = writeln!(
        out,
        "Written by `frontdesk check --strict --tells-report FILE`. Each naive strategy is played \
         {SEEDS} times over every scenario (replies shuffled, ties broken at random; the same \
         files always give the same figures). A scenario fails when a strategy averages \
         {MAX_MEAN:.0} or more, or when the best reply is the longest, the shortest or the only \
         question in more than a third of its decisions.\n"
    );
    let heads: Vec<&str> = Strategy::ALL.iter().map(|s| s.key()).collect();
    let _ = writeln!(
        out,
        "| scenario | lang | {} | best is longest | best is shortest | best is only question | |",
        heads.join(" | ")
    );
    let _ = writeln!(
        out,
        "|---|---|{}---:|---:|---:|---|",
        "---:|".repeat(heads.len())
    );
    for t in all {
        let means: Vec<String> = t
            .strategies
            .iter()
            .map(|s| format!("{:.0}", s.mean))
            .collect();
        let share = |v: &Vec<u32>| format!("{}/{}", v.len(), t.decisions);
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            t.scenario,
            t.lang,
            means.join(" | "),
            share(&t.best_is_longest),
            share(&t.best_is_shortest),
            share(&t.best_is_only_question),
            if t.passes() { "✓" } else { "✗" }
        );
    }
    let failing: Vec<&Tells> = all.iter().filter(|t| !t.passes()).collect();
    if failing.is_empty() {
        let _ = writeln!(out, "\nEvery scenario passes.");
    } else {
        let _ = writeln!(out, "\n## Failures\n");
        for t in failing {
            let _ = writeln!(out, "### {} ({})\n", t.scenario, t.lang);
            for d in t.diagnostics() {
                let message = d.message.trim_start_matches("strict: tells: ");
                let _ = writeln!(out, "- {message}");
                if let Some(h) = &d.hint {
                    let _ = writeln!(out, "  — {h}");
                }
            }
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::check_str;

    fn scenario(src: &str) -> Arc<Scenario> {
        let c = check_str(src);
        assert!(!c.has_errors(), "{:?}", c.diagnostics);
        Arc::new(c.scenario.unwrap())
    }

    /// Three decisions where the good reply is always the longest and the only question.
    const GAMEABLE: &str = r#"
id: gameable
lang: en
title: G
summary: G.
setting: desk
difficulty: 1
roles: {patient: {name: Anna}}
start: a
nodes:
  - id: a
    lines: [{patient: "One."}]
    choices:
      - {text: "Could you tell me a little more about what happened today?", good: [clarify], next: b}
      - {text: "No.", fatal: ignoring, next: b}
      - {text: "Rules are rules.", fatal: justifying, next: b}
  - id: b
    lines: [{patient: "Two."}]
    choices:
      - {text: "Would tomorrow at ten with the doctor suit you, then?", good: [solve], next: c}
      - {text: "Your fault.", fatal: counter-attacking, next: c}
      - {text: "I'll ask the doctor.", pitfall: passing-up, next: c}
  - id: c
    lines: [{patient: "Three."}]
    choices:
      - {text: "Shall I note your number so we can call you back today?", good: [follow-up], next: end}
      - {text: "Wait.", next: end}
      - {text: "Sorry, we are busy.", fatal: ignoring, next: end}
  - id: end
    lines: [{patient: "Bye."}]
    ending: retained
"#;

    #[test]
    fn a_gameable_scenario_fails_with_located_hints() {
        let t = analyse(&scenario(GAMEABLE));
        let by = |s: Strategy| t.strategies.iter().find(|x| x.strategy == s).unwrap().mean;
        assert_eq!(by(Strategy::Longest), 100.0);
        assert_eq!(by(Strategy::Question), 100.0);
        assert_eq!(
            by(Strategy::Shortest),
            16.0,
            "only the neutral \"Wait.\" earns"
        );
        assert_eq!(t.decisions, 3);
        assert_eq!(t.best_is_longest.len(), 3);
        assert_eq!(t.best_is_only_question.len(), 3);
        assert!(t.best_is_shortest.is_empty());
        let d = t.diagnostics();
        let text: Vec<String> = d.iter().map(|d| d.display("g.yaml").to_string()).collect();
        let all = text.join("\n");
        assert!(
            all.contains(
                "g.yaml:1:1: error: strict: tells: always picking the longest reply scores 100"
            ),
            "{all}"
        );
        assert!(
            all.contains("the best reply is the longest in 3 of 3 decisions; at most 1 may be"),
            "{all}"
        );
        assert!(all.contains("decisions at lines 11, 17, 23"), "{all}");
        assert!(
            all.contains("give a good reply that is short and blunt"),
            "{all}"
        );
        assert!(!t.passes());
        let md = markdown(std::slice::from_ref(&t));
        assert!(md.contains("| gameable | en | 100 | 16 |"), "{md}");
        assert!(md.contains("## Failures"), "{md}");
    }

    #[test]
    fn the_figures_are_the_same_every_time() {
        let s = scenario(GAMEABLE);
        assert_eq!(analyse(&s), analyse(&s));
    }

    #[test]
    fn questions_and_soft_openings() {
        assert!(is_question("Who is it for?"));
        assert!(is_question("«Кому запись?» "));
        assert!(!is_question("Tomorrow at ten."));
        assert!(opens_softly("I'm sorry, the doctor is out."));
        assert!(opens_softly("«Понимаю, это неприятно."));
        assert!(opens_softly("Разбирам ви."));
        assert!(!opens_softly("Tomorrow at ten."));
    }

    #[test]
    fn the_middle_of_four_is_one_of_the_two_middle_lengths() {
        let texts: Vec<String> = ["a", "bbbb", "cc", "ddd"].map(String::from).to_vec();
        let mut rng = StdRng::seed_from_u64(1);
        for _ in 0..50 {
            let i = pick(Strategy::Middle, &texts, &mut rng);
            assert!(i == 2 || i == 3, "{i}");
        }
        let three: Vec<String> = ["a", "bbbb", "cc"].map(String::from).to_vec();
        assert_eq!(pick(Strategy::Middle, &three, &mut rng), 2);
    }
}
