use super::*;
use crate::engine::{Mode, Run, RunOptions};
use crate::scenario::{Technique, check_str};
use crate::store::{RunResult, Store};
use chrono::{TimeZone, Utc};

const MINI: &str = include_str!("../../tests/fixtures/good/mini.yaml");
const HASH: &str = "0123456789abcdef";

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
        HASH,
        Mode::Practice,
        t,
        t + chrono::Duration::minutes(5),
    )
}

#[test]
fn scores_count_only_the_current_version_of_a_scenario() {
    let s = std::sync::Arc::new(check_str(MINI).scenario.unwrap());
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    store.record(&record(&s, &[0, 1], 1, "anna")).unwrap(); // 100
    store.record(&record(&s, &[1, 1], 2, "anna")).unwrap(); // 50
    let mut old = record(&s, &[0, 1], 3, "anna");
    old.scenario_hash = "0000".into();
    store.record(&old).unwrap();
    let runs = store.runs(None, None).unwrap();
    let sc = scores(&runs, |_, _| Some(HASH.to_string()));
    let mini = sc[&("mini".to_string(), "en".to_string())];
    assert_eq!(mini.best, Some(100));
    assert_eq!(mini.last, Some(50));
}

#[test]
fn progress_figures() {
    let s = std::sync::Arc::new(check_str(MINI).scenario.unwrap());
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    store.record(&record(&s, &[1, 0], 1, "anna")).unwrap(); // justifying, counter-attacking: walks out
    store.record(&record(&s, &[2, 1], 2, "anna")).unwrap(); // ignoring, solve
    store.record(&record(&s, &[0, 1], 3, "anna")).unwrap(); // best
    let runs = store.runs(None, None).unwrap();
    let mut lib = crate::scenario::Library::empty();
    let f = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(f.path(), MINI).unwrap();
    lib.add_file(f.path()).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 0, 0, 0).unwrap();
    let p = progress(&runs, "anna", &lib, "en", now);
    assert_eq!(p.finished, 3);
    assert_eq!(p.series.len(), 1);
    assert_eq!(
        p.series[0].1.iter().map(|x| x.1).collect::<Vec<_>>(),
        vec![0, 50, 100]
    );
    assert_eq!(p.fatal_30d, [1, 1, 1]);
    let (least, n) = p.least_technique.unwrap();
    assert_eq!((least, n), (Technique::Acknowledge, 0));
    assert_eq!(p.wrong[0].node, "hello", "wrong twice at hello");
    assert_eq!(p.wrong[0].times, 2);
    assert_eq!(p.wrong[0].better, "Who is the appointment for?");
    let later = Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap();
    assert_eq!(
        progress(&runs, "anna", &lib, "en", later).fatal_30d,
        [0, 0, 0]
    );
}

#[test]
fn export_formats() {
    let s = std::sync::Arc::new(check_str(MINI).scenario.unwrap());
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    store
        .record(&record(&s, &[0, 1], 1, "anna, the \"new\" one"))
        .unwrap();
    store.record(&record(&s, &[1], 2, "boris")).unwrap();
    let runs = store.runs(None, None).unwrap();

    let csv = export(&runs, ExportFormat::Csv).unwrap();
    let mut reader = ::csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[1], "trainee");
    let rows: Vec<::csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[1][1], "anna, the \"new\" one");
    assert_eq!(&rows[1][12], "100");
    assert_eq!(&rows[0][9], "abandoned");

    let json: serde_json::Value =
        serde_json::from_str(&export(&runs, ExportFormat::Json).unwrap()).unwrap();
    assert_eq!(json[1]["decisions"][1]["node"], "details");
    assert_eq!(json[1]["score"], 100);

    let md = export(&runs, ExportFormat::Md).unwrap();
    assert!(md.starts_with("# frontdesk history"));
    assert!(md.contains("## boris"));
    assert!(md.contains("## anna, the \"new\" one"));
    assert!(md.contains("- Runs: 1 (0 finished, 1 abandoned)"));
    assert!(
        md.contains("| 2026-11-20 10:01 | mini | en | practice | retained | 100 | 0 | 0 | 0 |"),
        "{md}"
    );
}

#[test]
fn group_sessions_stay_out_of_the_trainees_figures() {
    let s = std::sync::Arc::new(check_str(MINI).scenario.unwrap());
    let personal = record(&s, &[0, 1], 1, "anna");
    let mut group = record(&s, &[1, 1], 2, "anna");
    group.mode = Mode::Group;
    group.score = Some(100);
    group.group = Some(crate::store::GroupResult {
        trainer: Some("Anna".into()),
        group: Some("Nurses".into()),
        headcount: 12,
        exam: false,
        decisions: Vec::new(),
    });
    let runs = vec![group.clone(), personal.clone()];
    let sc = scores(&runs, |_, _| Some(HASH.to_string()));
    let mini = sc[&("mini".to_string(), "en".to_string())];
    assert_eq!(
        mini.last, personal.score,
        "the group's score is not the trainee's"
    );
    assert_eq!(mini.best, personal.score);
    let lib = crate::scenario::Library::bundled();
    let p = progress(&runs, "anna", &lib, "en", group.started_at);
    assert_eq!(p.finished, 1);
    assert_eq!(p.series[0].1.len(), 1);
    assert_eq!(p.group_sessions.len(), 1);
    let line = &p.group_sessions[0];
    assert_eq!(
        (line.group.as_deref(), line.headcount, line.score),
        (Some("Nurses"), 12, Some(100))
    );
}

/// A store written before names were checked may hold anything: exports show it escaped, CSV
/// cells never start a formula, and a line break cannot start a Markdown heading.
#[test]
fn exports_neutralise_whatever_names_the_store_holds() {
    let s = std::sync::Arc::new(check_str(MINI).scenario.unwrap());
    let names = [
        "=HYPERLINK(\"http://evil\")",
        "+cmd|' /C calc'!A0",
        "@SUM(1+1)",
        "-2+3",
        "\tx",
        "\r=1",
        "anna\n# Injected heading",
        "bell\u{7}esc\u{1b}]0;t\u{7}c1\u{9b}bidi\u{202e}",
    ];
    let runs: Vec<RunResult> = names
        .iter()
        .enumerate()
        .map(|(i, n)| record(&s, &[0, 0], i as u32, n))
        .collect();
    let csv = export(&runs, ExportFormat::Csv).unwrap();
    let md = export(&runs, ExportFormat::Md).unwrap();
    let json = export(&runs, ExportFormat::Json).unwrap();
    for (what, text) in [("csv", &csv), ("md", &md), ("json", &json)] {
        let bad: Vec<char> = text
            .chars()
            .filter(|&c| c != '\n' && crate::scenario::text::is_control(c))
            .collect();
        assert!(bad.is_empty(), "{what}: raw {bad:?}");
    }
    let mut rd = ::csv::Reader::from_reader(csv.as_bytes());
    for r in rd.records() {
        let cell = r.unwrap().get(1).unwrap().to_string();
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "{cell}"
        );
    }
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    assert!(!md.lines().any(|l| l.starts_with("# Injected")), "{md}");
    // The escape's backslash is escaped too, so the rendered page shows `\u{a}`.
    assert!(md.contains("## anna\\\\u{a}\\# Injected heading"), "{md}");
    // JSON reads back to the names as stored.
    let back: serde_json::Value = serde_json::from_str(&json).unwrap();
    let stored: Vec<&str> = back
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["trainee"].as_str().unwrap())
        .collect();
    assert!(stored.contains(&names[7]), "{stored:?}");
    assert_eq!(
        markdown_text("a|b*c_[d](e)<f>`g`"),
        "a\\|b\\*c\\_\\[d\\](e)\\<f\\>\\`g\\`"
    );
    assert_eq!(csv_cell("Anna-Maria"), "Anna-Maria");
    assert_eq!(csv_cell("-1"), "'-1");
}

#[test]
fn progress_counts_pitfalls_apart_and_names_the_decision_by_its_line() {
    let pit = include_str!("../../tests/fixtures/good/pitfall.yaml");
    let s = std::sync::Arc::new(check_str(pit).scenario.unwrap());
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    store.record(&record(&s, &[2], 1, "anna")).unwrap(); // gives in
    store.record(&record(&s, &[2], 2, "anna")).unwrap(); // gives in again
    let runs = store.runs(None, None).unwrap();
    let mut lib = crate::scenario::Library::empty();
    let f = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(f.path(), pit).unwrap();
    lib.add_file(f.path()).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 0, 0, 0).unwrap();
    let p = progress(&runs, "anna", &lib, "en", now);
    assert_eq!(p.fatal_30d, [0, 0, 0]);
    assert_eq!(p.pitfalls_30d.giving_in, 2);
    assert_eq!(p.wrong[0].times, 2);
    assert_eq!(
        p.wrong[0].line.as_deref(),
        Some("Bring my referral to my flat.")
    );
    assert_eq!(
        p.wrong[0].better,
        "It will be ready at the desk tomorrow at nine."
    );
}
