//! Property tests: whatever the input or the replies, nothing panics or hangs.

use frontdesk::engine::{Run, RunOptions};
use frontdesk::scenario::{Library, check_bytes, check_str};
use proptest::prelude::*;

const MINI: &str = include_str!("../fixtures/good/mini.yaml");

/// Decisions a run may take before we call it a hang (the longest bundled path is far shorter).
const MAX_STEPS: usize = 1_000;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_replies_always_reach_an_ending(seed in any::<u64>(), picks in proptest::collection::vec(any::<u16>(), MAX_STEPS)) {
        let lib = Library::bundled();
        prop_assert_eq!(lib.scenarios().count(), crate::support::bundled_file_count());
        for s in lib.scenarios() {
            let mut run = Run::new(std::sync::Arc::clone(s), RunOptions { seed, shuffle: true });
            let mut steps = 0;
            while !run.is_over() {
                prop_assert!(steps < MAX_STEPS, "{} ({}) did not end", s.id, s.lang);
                let n = run.offered().len();
                prop_assert!(n > 0, "{} offers no reply at {}", s.id, s.node(run.node()).id.clone());
                run.choose(usize::from(picks[steps]) % n).unwrap();
                steps += 1;
            }
            let sum = run.summary();
            // Not `score <= 100`, which the engine guarantees: a fatal reply earns no credit, so
            // the score is at most the share of decisions without one.
            let fatal = sum.fatal.total() as usize;
            prop_assert!(
                usize::from(sum.score) * steps <= 100 * (steps - fatal),
                "{} ({}): {} with {fatal} fatal of {steps}", s.id, s.lang, sum.score
            );
            prop_assert_eq!(sum.decisions.len(), steps);
        }
    }

    #[test]
    fn the_loader_never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = check_bytes(&bytes);
    }

    #[test]
    fn the_loader_never_panics_on_yaml_like_text(s in "[a-z:\\[\\]{}&*!|>'\"#,\\- \n\t0-9%@`?]{0,400}") {
        let _ = check_str(&s);
    }

    #[test]
    fn the_loader_never_panics_on_edited_scenarios(
        edits in proptest::collection::vec((any::<proptest::sample::Index>(), any::<u8>()), 1..8)
    ) {
        let mut bytes = MINI.as_bytes().to_vec();
        for (at, b) in edits {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        let checked = check_bytes(&bytes);
        // Whatever was loaded is playable.
        if let Some(s) = checked.scenario {
            let mut run = Run::new(std::sync::Arc::new(s), RunOptions::default());
            let mut steps = 0;
            while !run.is_over() && steps < MAX_STEPS {
                run.choose(0).unwrap();
                steps += 1;
            }
        }
    }

    #[test]
    fn deleting_lines_never_panics(drop in proptest::collection::vec(any::<bool>(), 80)) {
        let text: String = MINI
            .lines()
            .enumerate()
            .filter(|(i, _)| !drop.get(*i).copied().unwrap_or(false))
            .map(|(_, l)| format!("{l}\n"))
            .collect();
        let _ = check_str(&text);
    }

    #[test]
    fn the_twine_importer_never_panics_on_text(text in any::<String>()) {
        import_both_ways(&text);
    }

    #[test]
    fn the_twine_importer_never_panics_on_twee_like_text(
        // Twee and Harlowe punctuation with Cyrillic and other multibyte letters.
        text in "(:: |[\\[\\](){}<>|:=\"'$\\-\n ]|ая|см|é|😀|<<|>>|->|<-|\\[\\[|\\]\\]|<tw-storydata|<tw-passagedata|</tw-passagedata>){0,200}"
    ) {
        import_both_ways(&text);
    }
}

/// Reads `text` as Twee and as published HTML, and converts whatever story comes out.
fn import_both_ways(text: &str) {
    use frontdesk::authoring::twine;
    let story = twine::parse_twee(text);
    let _ = twine::to_yaml(&twine::convert(&story, "x", "en"));
    if let Some(story) = twine::parse_html(text) {
        let _ = twine::to_yaml(&twine::convert(&story, "x", "en"));
    }
}

#[test]
fn an_open_parenthesis_without_a_colon_is_imported() {
    // Panicked with "begin > end" or "not a char boundary" before the importer cut text only
    // where `split_once` found something.
    for text in [
        ":: Start\nЯ подожду (см. ниже\n",
        ":: Start\n(\n",
        ":: Start\nOk (\n[[Go->End]]\n:: End [lost]\nBye (я",
    ] {
        import_both_ways(text);
    }
}
