//! The bundled library: every scenario, in both languages, can be played to 100 along its best
//! replies and scores less along a path through each fatal error.

use frontdesk::engine::{Run, RunOptions, reply_value};
use frontdesk::scenario::{FatalKind, Library, Scenario};
use std::sync::Arc;

fn library() -> Library {
    let lib = Library::bundled();
    for f in lib.files() {
        assert!(
            !f.has_errors(),
            "{} has errors: {:?}",
            f.origin.display_name(),
            f.diagnostics()
        );
    }
    lib
}

/// Plays choosing, at every step, the reply `pick` returns (an index into the offered list).
fn play(s: &Arc<Scenario>, seed: u64, mut pick: impl FnMut(&Run) -> usize) -> Run {
    let mut run = Run::new(
        Arc::clone(s),
        RunOptions {
            seed,
            shuffle: true,
        },
    );
    for _ in 0..500 {
        if run.is_over() {
            return run;
        }
        let p = pick(&run);
        run.choose(p).expect("a reply on offer");
    }
    panic!("{} did not end within 500 decisions", s.id);
}

fn best_position(run: &Run) -> usize {
    let choices = run.scenario().node(run.node()).choices();
    let offered = run.offered();
    (0..offered.len())
        .max_by_key(|&i| (reply_value(&choices[offered[i]]), usize::MAX - offered[i]))
        .unwrap()
}

/// The highest score a run can have when `fatal` of its `n` decisions earned no credit:
/// `floor(100 × (n − fatal) / n)`. (`score < 100` alone cannot fail: the engine caps any run with
/// a fatal error at 99.)
fn fatal_ceiling(n: usize, fatal: usize) -> u8 {
    assert!(n > 0 && fatal > 0 && fatal <= n, "{fatal} fatal of {n}");
    u8::try_from(100 * (n - fatal) / n).unwrap()
}

#[test]
fn the_library_has_fourteen_scenarios_in_english_and_russian() {
    let lib = library();
    let ids = lib.ids();
    assert_eq!(ids.len(), 14, "{ids:?}");
    for id in &ids {
        for lang in ["en", "ru"] {
            let (s, fell_back) = lib.find(id, lang).unwrap();
            assert!(!fell_back, "{id} has no {lang} version");
            assert_eq!(s.lang.0, lang);
        }
    }
}

#[test]
fn best_replies_score_100_in_every_scenario_and_language() {
    let lib = library();
    assert_eq!(
        lib.scenarios().count(),
        crate::support::bundled_file_count()
    );
    for s in lib.scenarios() {
        for seed in 0..10 {
            let run = play(s, seed, best_position);
            let sum = run.summary();
            assert_eq!(sum.score, 100, "{} ({}) seed {seed}", s.id, s.lang);
            assert_eq!(sum.fatal.total(), 0);
            assert!(
                sum.outcome.unwrap().ending.is_good(),
                "{} ({}): the best replies end {:?}",
                s.id,
                s.lang,
                sum.outcome
            );
        }
    }
}

#[test]
fn a_path_through_each_fatal_error_scores_less() {
    let lib = library();
    assert_eq!(
        lib.scenarios().count(),
        crate::support::bundled_file_count()
    );
    for s in lib.scenarios() {
        // Take a fatal error of a kind not made yet whenever one is offered, else the best reply.
        let mut found = false;
        for seed in 0..200 {
            let mut made: Vec<FatalKind> = Vec::new();
            let run = play(s, seed, |run| {
                let choices = run.scenario().node(run.node()).choices();
                let offered = run.offered();
                if let Some(i) = (0..offered.len()).find(|&i| {
                    choices[offered[i]]
                        .fatal
                        .is_some_and(|k| !made.contains(&k))
                }) {
                    made.push(choices[offered[i]].fatal.unwrap());
                    return i;
                }
                best_position(run)
            });
            let sum = run.summary();
            if FatalKind::ALL.iter().all(|k| sum.fatal.get(*k) > 0) {
                let ceiling = fatal_ceiling(sum.decisions.len(), sum.fatal.total() as usize);
                assert!(
                    sum.score <= ceiling,
                    "{} ({}): {} with {} fatal of {} decisions",
                    s.id,
                    s.lang,
                    sum.score,
                    sum.fatal.total(),
                    sum.decisions.len()
                );
                found = true;
                break;
            }
        }
        assert!(
            found,
            "{} ({}): no path makes all three fatal errors",
            s.id, s.lang
        );
    }
}

#[test]
fn every_fatal_error_alone_scores_less_than_100() {
    let lib = library();
    let mut checked = 0;
    for s in lib.scenarios() {
        for kind in FatalKind::ALL {
            let mut taken = false;
            let run = play(s, 1, |run| {
                let choices = run.scenario().node(run.node()).choices();
                let offered = run.offered();
                if !taken
                    && let Some(i) =
                        (0..offered.len()).find(|&i| choices[offered[i]].fatal == Some(*kind))
                {
                    taken = true;
                    return i;
                }
                best_position(run)
            });
            if taken {
                let sum = run.summary();
                assert_eq!(sum.fatal.total(), 1, "{} {kind}", s.id);
                let ceiling = fatal_ceiling(sum.decisions.len(), 1);
                assert!(sum.score <= ceiling, "{} {kind}: {}", s.id, sum.score);
                checked += 1;
            }
        }
    }
    // Seed 1 need not offer every kind in every scenario, but it must offer some.
    assert!(checked > 0, "no scenario offered a fatal reply on seed 1");
}
