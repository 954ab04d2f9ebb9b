//! Every path of every bundled scenario, played with the engine (issue 16): scoring matches the
//! lessons. Where a scenario has more paths than [`MAX_PATHS`], a seeded sample of
//! [`SAMPLE`] random paths is played instead (the same every time).
//!
//! - a path with a fatal error or a pitfall never scores 100;
//! - a path with only good replies always scores 100;
//! - a path that gives in (pitfall `giving-in`) never ends in a good outcome (retained,
//!   referred).

use frontdesk::engine::{Decision, Outcome, Run, RunOptions, Step};
use frontdesk::scenario::{Library, Pitfall, Quality, Scenario};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::sync::{Arc, OnceLock};

/// Enumerate at most this many paths per scenario before falling back to a sample.
const MAX_PATHS: usize = 10_000;
/// Random paths played when a scenario has more than [`MAX_PATHS`].
const SAMPLE: usize = 5_000;
/// A path longer than this many decisions is cut (a conditional loop).
const MAX_DEPTH: usize = 80;

/// One finished path: its decisions (with the quality of each reply chosen), outcome and score.
struct Path {
    decisions: Vec<(Decision, Quality)>,
    outcome: Outcome,
    score: u8,
}

fn finished(run: &Run) -> Option<Path> {
    let Step::Ended(outcome) = run.step() else {
        return None;
    };
    let s = run.scenario();
    let decisions = run
        .decisions()
        .iter()
        .map(|d| (d.clone(), s.node(d.node).choices()[d.choice].quality()))
        .collect();
    Some(Path {
        decisions,
        outcome,
        score: run.summary().score,
    })
}

fn start(s: &Arc<Scenario>) -> Run {
    Run::new(
        Arc::clone(s),
        RunOptions {
            seed: 1,
            shuffle: false,
        },
    )
}

fn offered(run: &Run) -> usize {
    match run.step() {
        Step::Decide { offered, .. } => offered.len(),
        Step::Ended(_) => 0,
    }
}

/// Every path, depth first; `None` when there are more than [`MAX_PATHS`].
fn every_path(s: &Arc<Scenario>) -> Option<Vec<Path>> {
    let mut out = Vec::new();
    let mut stack = vec![start(s)];
    while let Some(run) = stack.pop() {
        if let Some(p) = finished(&run) {
            out.push(p);
            if out.len() > MAX_PATHS {
                return None;
            }
            continue;
        }
        if run.decisions().len() >= MAX_DEPTH {
            continue;
        }
        for at in 0..offered(&run) {
            let mut next = run.clone();
            next.choose(at).expect("an offered reply");
            stack.push(next);
        }
    }
    Some(out)
}

/// A seeded sample of random paths.
fn sampled_paths(s: &Arc<Scenario>) -> Vec<Path> {
    let mut rng = StdRng::seed_from_u64(16);
    (0..SAMPLE)
        .filter_map(|_| {
            let mut run = start(s);
            for _ in 0..MAX_DEPTH {
                let n = offered(&run);
                if n == 0 {
                    break;
                }
                run.choose(rng.random_range(0..n))
                    .expect("an offered reply");
            }
            finished(&run)
        })
        .collect()
}

/// Every bundled scenario with its paths (all of them, or a sample), and whether sampled;
/// worked out once for both tests.
fn library_paths() -> &'static [(String, Vec<Path>, bool)] {
    static PATHS: OnceLock<Vec<(String, Vec<Path>, bool)>> = OnceLock::new();
    PATHS.get_or_init(walk_library)
}

fn walk_library() -> Vec<(String, Vec<Path>, bool)> {
    let lib = Library::bundled();
    lib.files()
        .iter()
        .map(|f| {
            let s = f.scenario().expect("a bundled scenario is valid");
            let name = format!("{} ({})", s.id, s.lang);
            match every_path(s) {
                Some(paths) => (name, paths, false),
                None => (name, sampled_paths(s), true),
            }
        })
        .collect()
}

#[test]
fn scoring_matches_the_lessons_on_every_path() {
    let mut failures = Vec::new();
    let mut played = 0;
    for (name, paths, sampled) in library_paths() {
        assert!(!paths.is_empty(), "{name}: no path reached an ending");
        played += paths.len();
        for p in paths {
            let picks: Vec<usize> = p.decisions.iter().map(|(d, _)| d.choice + 1).collect();
            let wrong = p
                .decisions
                .iter()
                .any(|(d, _)| d.fatal.is_some() || d.pitfall.is_some());
            if wrong && p.score >= 100 {
                failures.push(format!(
                    "{name}: replies {picks:?} (file order) make a fatal error or a pitfall but score {}",
                    p.score
                ));
            }
            let all_good = p.decisions.iter().all(|(_, q)| *q == Quality::Good);
            if all_good && p.score != 100 {
                failures.push(format!(
                    "{name}: replies {picks:?} are all good but score {}",
                    p.score
                ));
            }
        }
        eprintln!(
            "{name}: {} paths{}",
            paths.len(),
            if *sampled { " (a seeded sample)" } else { "" }
        );
    }
    assert!(played > 0);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn giving_in_never_ends_well() {
    let mut failures = Vec::new();
    for (name, paths, _) in library_paths() {
        for p in paths {
            let gives_in = p
                .decisions
                .iter()
                .any(|(d, _)| d.pitfall == Some(Pitfall::GivingIn));
            if gives_in && p.outcome.ending.is_good() && !p.outcome.walked_out {
                let picks: Vec<usize> = p.decisions.iter().map(|(d, _)| d.choice + 1).collect();
                failures.push(format!(
                    "{name}: replies {picks:?} (file order) give in but end `{}`",
                    p.outcome.ending
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} paths give in and end well:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The checks themselves catch what they should, on a scenario made to break them.
#[test]
fn the_path_checks_catch_a_path_that_gives_in_and_ends_well() {
    let src = std::fs::read_to_string("tests/fixtures/good/pitfall.yaml").unwrap();
    let s = Arc::new(frontdesk::scenario::check_str(&src).scenario.unwrap());
    let paths = every_path(&s).unwrap();
    assert_eq!(paths.len(), 3);
    let gave_in: Vec<&Path> = paths
        .iter()
        .filter(|p| p.decisions[0].0.pitfall == Some(Pitfall::GivingIn))
        .collect();
    assert_eq!(gave_in.len(), 1);
    assert!(gave_in[0].outcome.ending.is_good(), "the fixture's flaw");
    assert_eq!(gave_in[0].score, 0);
    let good: Vec<&Path> = paths
        .iter()
        .filter(|p| p.decisions.iter().all(|(_, q)| *q == Quality::Good))
        .collect();
    assert_eq!(good.len(), 1);
    assert_eq!(good[0].score, 100);
}
