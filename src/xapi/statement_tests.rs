use super::*;
use crate::engine::group::{GroupSession, SessionInfo};
use crate::engine::{Mode, Run, RunOptions};
use crate::store::RunResult;
use chrono::{TimeZone, Utc};
use std::path::Path;

fn lib() -> Library {
    let mut lib = Library::empty();
    lib.add_file(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good/mini.yaml"))
        .unwrap();
    lib
}

fn settings() -> Settings {
    Settings::new("https://lrs.clinic.org/xAPI/", None, None).unwrap()
}

fn result(lib: &Library, picks: &[usize], mode: Mode) -> RunResult {
    let (file, _) = lib.find_file("mini", "en").unwrap();
    let s = file.scenario().unwrap();
    let mut run = Run::new(
        Arc::clone(s),
        RunOptions {
            seed: 4,
            shuffle: false,
        },
    );
    for &p in picks {
        run.choose(p).unwrap();
    }
    let t = Utc.with_ymd_and_hms(2026, 11, 20, 10, 0, 0).unwrap();
    let mut r = RunResult::of(
        &run,
        "maria",
        file.hash(),
        mode,
        t,
        t + chrono::Duration::seconds(205),
    );
    r.run_id = "0123456789abcdef0123456789abcdef".into();
    r
}

fn group(lib: &Library) -> RunResult {
    let (file, _) = lib.find_file("mini", "en").unwrap();
    let s = file.scenario().unwrap();
    let mut g = GroupSession::new(Arc::clone(s), RunOptions::default(), Mode::Group);
    g.set_info(SessionInfo {
        trainer: Some("Olga K.".into()),
        group: Some("Tuesday nurses".into()),
        timer: None,
        started: None,
    });
    g.advance();
    g.vote(0);
    g.advance();
    g.advance();
    let t = Utc.with_ymd_and_hms(2026, 11, 20, 10, 0, 0).unwrap();
    RunResult::of_group(
        &g,
        "olga",
        file.hash(),
        t,
        t + chrono::Duration::minutes(20),
    )
}

fn ext_iri(name: &str) -> String {
    format!("https://lrs.clinic.org/frontdesk/extensions/{name}")
}

#[test]
fn a_practice_run_is_answered_statements_then_completed() {
    let lib = lib();
    let settings = settings();
    let r = result(&lib, &[1, 1], Mode::Practice);
    assert!(r.finished(), "{r:?}");
    let all = Builder::new(&settings, &lib).run(&r);
    assert_eq!(all.len(), r.decisions.len() + 1);
    let first = &all[0];
    assert_eq!(first["verb"]["id"], ANSWERED);
    assert_eq!(
        first["actor"],
        json!({"objectType": "Agent", "name": "maria",
               "account": {"homePage": "https://lrs.clinic.org", "name": "maria"}})
    );
    assert_eq!(
        first["object"]["id"],
        "https://lrs.clinic.org/frontdesk/mini/hello"
    );
    assert_eq!(first["object"]["definition"]["type"], QUESTION);
    assert_eq!(first["result"]["response"], "He is busy, that's how it is.");
    assert_eq!(first["result"]["success"], false);
    assert_eq!(
        first["result"]["extensions"][ext_iri("fatal-kind")],
        "justifying"
    );
    assert_eq!(first["result"]["extensions"][ext_iri("choice")], 2);
    assert!(
        first["result"]["extensions"]
            .get(ext_iri("pitfall"))
            .is_none()
    );
    assert_eq!(
        first["context"]["contextActivities"]["parent"][0]["id"],
        "https://lrs.clinic.org/frontdesk/mini"
    );
    let last = all.last().unwrap();
    assert_eq!(last["verb"]["id"], COMPLETED);
    assert_eq!(last["object"]["definition"]["type"], SIMULATION);
    assert_eq!(last["object"]["definition"]["name"], json!({"en": "Mini"}));
    let score = r.score.unwrap();
    assert_eq!(
        last["result"]["score"],
        json!({"raw": score, "min": 0, "max": 100, "scaled": f64::from(score) / 100.0})
    );
    assert_eq!(last["result"]["duration"], "PT3M25S");
    assert_eq!(last["result"]["completion"], true);
    assert_eq!(
        last["result"]["success"],
        r.outcome.unwrap().is_good(),
        "success is the outcome"
    );
    assert_eq!(
        last["result"]["extensions"][ext_iri("fatal-errors")]["justifying"],
        1
    );
    assert_eq!(last["context"]["extensions"][ext_iri("mode")], "practice");
    // Every statement of the run shares its registration, a UUID.
    let reg = registration(&r.run_id).to_string();
    assert!(
        all.iter()
            .all(|s| s["context"]["registration"] == reg.as_str())
    );
    assert!(Uuid::parse_str(&reg).is_ok());
    // Ids are UUIDs, distinct, and the same every time.
    let ids: std::collections::HashSet<&str> =
        all.iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), all.len());
    assert_eq!(Builder::new(&settings, &lib).run(&r), all);
    assert!(
        ids.iter()
            .all(|id| Uuid::parse_str(id).unwrap().get_version_num() == 5)
    );
}

#[test]
fn an_exam_and_an_abandoned_run() {
    let lib = lib();
    let settings = settings();
    let exam = result(&lib, &[0, 1], Mode::Exam);
    let s = Builder::new(&settings, &lib).ended(&exam);
    assert_eq!(s["context"]["extensions"][ext_iri("mode")], "exam");
    let left = result(&lib, &[0], Mode::Practice);
    assert!(!left.finished());
    let s = Builder::new(&settings, &lib).ended(&left);
    assert_eq!(s["verb"]["id"], ABANDONED);
    assert_eq!(s["result"]["completion"], false);
    assert!(s["result"].get("score").is_none() && s["result"].get("success").is_none());
}

#[test]
fn a_group_session_is_a_groups_statement_with_the_trainer_as_instructor() {
    let lib = lib();
    let settings = settings();
    let r = group(&lib);
    let all = Builder::new(&settings, &lib).run(&r);
    let s = all.last().unwrap();
    assert_eq!(
        s["actor"],
        json!({"objectType": "Group", "name": "Tuesday nurses",
               "account": {"homePage": "https://lrs.clinic.org", "name": "group:Tuesday nurses"}})
    );
    assert_eq!(s["context"]["instructor"]["account"]["name"], "Olga K.");
    assert_eq!(s["context"]["extensions"][ext_iri("mode")], "group");
}

#[test]
fn a_changed_scenario_gives_no_response_text() {
    let lib = lib();
    let settings = settings();
    let mut r = result(&lib, &[1, 1], Mode::Practice);
    r.scenario_hash = "ffffffffffffffff".into();
    let all = Builder::new(&settings, &lib).run(&r);
    assert!(all[0]["result"].get("response").is_none());
    assert_eq!(all[0]["result"]["extensions"][ext_iri("choice")], 2);
}

#[test]
fn durations_are_iso_8601() {
    assert_eq!(duration(0), "PT0S");
    assert_eq!(duration(59), "PT59S");
    assert_eq!(duration(3600), "PT1H");
    assert_eq!(duration(3725), "PT1H2M5S");
    assert_eq!(duration(-3), "PT0S");
}

/// A reply that falls into a pitfall is unsuccessful and names its pitfall; the run counts it
/// apart from the fatal errors.
#[test]
fn a_pitfall_is_named_on_its_decision_and_counted_on_the_run() {
    let mut lib = Library::empty();
    lib.add_file(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good/pitfall.yaml"))
        .unwrap();
    let (file, _) = lib.find_file("pit", "en").unwrap();
    let mut run = Run::new(
        Arc::clone(file.scenario().unwrap()),
        RunOptions {
            seed: 1,
            shuffle: false,
        },
    );
    run.choose(2).unwrap();
    let t = Utc.with_ymd_and_hms(2026, 11, 20, 10, 0, 0).unwrap();
    let r = RunResult::of(&run, "maria", file.hash(), Mode::Practice, t, t);
    let all = Builder::new(&settings(), &lib).run(&r);
    let answered = &all[0];
    assert_eq!(
        answered["result"]["response"],
        "Fine, I'll drop it round on my way home."
    );
    assert_eq!(answered["result"]["success"], false);
    assert_eq!(
        answered["result"]["extensions"][ext_iri("pitfall")],
        "giving-in"
    );
    assert!(
        answered["result"]["extensions"]
            .get(ext_iri("fatal-kind"))
            .is_none()
    );
    let completed = all.last().unwrap();
    assert_eq!(
        completed["result"]["extensions"][ext_iri("pitfalls")],
        json!({"giving-in": 1})
    );
    assert_eq!(
        completed["result"]["extensions"][ext_iri("fatal-errors")]["justifying"],
        0
    );
}
