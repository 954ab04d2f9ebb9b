use super::*;
use crate::engine::{Run, RunOptions};
use crate::scenario::check_str;
use chrono::TimeZone;

const MINI: &str = include_str!("../../tests/fixtures/good/mini.yaml");

fn record(
    s: &std::sync::Arc<crate::scenario::Scenario>,
    picks: &[usize],
    minute: u32,
    trainee: &str,
) -> RunResult {
    let mut run = Run::new(
        std::sync::Arc::clone(s),
        RunOptions {
            seed: 9,
            shuffle: false,
        },
    );
    for &p in picks {
        run.choose(p).unwrap();
    }
    let t = Utc.with_ymd_and_hms(2026, 11, 20, 10, minute, 0).unwrap();
    RunResult::of(
        &run,
        trainee,
        "0123456789abcdef",
        Mode::Practice,
        t,
        t + chrono::Duration::minutes(5),
    )
}

#[test]
fn a_new_store_is_migrated_to_the_current_schema() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.version().unwrap(), SCHEMA_VERSION);
    let mode: String = store
        .conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    drop(store);
    // Opening again migrates nothing and keeps the version.
    assert_eq!(
        Store::open(dir.path()).unwrap().version().unwrap(),
        SCHEMA_VERSION
    );
}

#[test]
fn an_empty_file_is_a_fresh_store() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(db_path(dir.path()), b"").unwrap();
    assert_eq!(
        Store::open(dir.path()).unwrap().version().unwrap(),
        SCHEMA_VERSION
    );
}

#[test]
fn runs_are_recorded_and_read_back_with_their_decisions() {
    let s = std::sync::Arc::new(check_str(MINI).scenario.unwrap());
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    store.record(&record(&s, &[0, 1], 1, "anna")).unwrap();
    store.record(&record(&s, &[1], 2, "anna")).unwrap();
    store.record(&record(&s, &[1, 0], 3, "boris")).unwrap();
    let all = store.runs(None, None).unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[0].trainee, "boris", "newest first");
    let anna = store.runs(Some("anna"), None).unwrap();
    assert_eq!(anna.len(), 2);
    let abandoned = &anna[0];
    assert_eq!(abandoned.status, RunStatus::Abandoned);
    assert_eq!(abandoned.score, None);
    assert_eq!(abandoned.outcome, None);
    let done = &anna[1];
    assert_eq!(done.status, RunStatus::Finished);
    assert_eq!(done.score, Some(100));
    assert_eq!(done.outcome, Some(Ending::Retained));
    assert_eq!(done.decisions.len(), 2);
    assert_eq!(done.decisions[0].node, "hello");
    assert_eq!(done.decisions[0].choice, 1);
    assert_eq!(done.decisions[0].good, vec![Technique::Clarify]);
    assert_eq!(done.seed, 9);
    let since = Utc.with_ymd_and_hms(2026, 11, 20, 10, 2, 0).unwrap();
    assert_eq!(store.runs(None, Some(since)).unwrap().len(), 2);
}

#[test]
fn a_run_that_does_not_read_is_an_error_naming_it() {
    let s = std::sync::Arc::new(check_str(MINI).scenario.unwrap());
    let cases = [
        (
            "UPDATE runs SET mode = 'quiz'",
            "`quiz` is not a known mode",
        ),
        ("UPDATE runs SET seed = 'x9'", "seed `x9`"),
        ("UPDATE runs SET started_at = 'today'", "start `today`"),
        (
            "UPDATE runs SET outcome = 'won'",
            "`won` is not a known ending",
        ),
        (
            "UPDATE decisions SET good = 'clarify,charm' WHERE step = 2",
            "`charm` is not a known technique (decision 2)",
        ),
        (
            "UPDATE decisions SET fatal = 'rude' WHERE step = 1",
            "`rude` is not a known fatal error (decision 1)",
        ),
    ];
    for (sql, words) in cases {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let r = record(&s, &[0, 1], 1, "anna");
        store.record(&r).unwrap();
        // As another tool might write it, past the table's CHECKs.
        store
            .conn
            .execute_batch(&format!("PRAGMA ignore_check_constraints = ON; {sql}"))
            .unwrap();
        let err = store.runs(None, None).unwrap_err();
        assert!(
            matches!(&err, StoreError::BadRun { run, .. } if *run == r.run_id),
            "{sql}: {err:?}"
        );
        let text = err.to_string();
        assert!(text.contains(words), "{sql}: {text}");
        assert!(text.contains(&r.run_id), "{sql}: {text}");
    }
}

#[test]
fn a_run_reads_back_as_it_was_recorded() {
    let s = std::sync::Arc::new(check_str(MINI).scenario.unwrap());
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    // Fatal errors, techniques, a walk-out, and a seed past i64.
    let mut r = record(&s, &[1, 0], 1, "anna");
    r.seed = u64::MAX;
    store.record(&r).unwrap();
    let back = store.runs(None, None).unwrap();
    assert_eq!(back, vec![r.clone()]);
    assert!(r.fatal.total() > 0 && r.walked_out);
    assert!(r.decisions.iter().any(|d| d.fatal.is_some()));
}
