//! The real binary: `list`, `check`, `play --plain`, flags and exit codes.

use assert_cmd::Command;
use predicates::prelude::*;

/// A history folder of this test process's own, so tests never touch the user's history.
fn data_dir() -> &'static std::path::Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().unwrap()).path()
}

fn fd() -> Command {
    let mut c = Command::cargo_bin("frontdesk").unwrap();
    c.env_remove("LANG").env_remove("LC_ALL");
    c.env("FRONTDESK_DATA_DIR", data_dir());
    c.timeout(std::time::Duration::from_secs(60));
    c
}

const MINI: &str = "tests/fixtures/good/mini.yaml";

#[test]
fn list_shows_the_bundled_library() {
    let out = fd()
        .arg("list")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    for id in ["child-patient", "anesthesia-call", "elderly-referral"] {
        assert!(out.contains(id), "{id} missing:\n{out}");
    }
    assert!(out.contains("en,ru"), "{out}");
}

#[test]
fn list_in_russian_uses_russian_titles() {
    let out = fd()
        .args(["list", "--lang", "ru", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let items: Vec<serde_json::Value> = serde_json::from_slice(&out).unwrap();
    assert!(items.len() >= 8, "{items:?}");
    for it in &items {
        assert_eq!(it["lang"], "ru", "{it}");
        let title = it["title"].as_str().unwrap();
        assert!(
            title
                .chars()
                .any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap())),
            "{title}"
        );
    }
}

#[test]
fn lang_comes_from_the_environment_when_not_given() {
    let out = fd()
        .env("LANG", "ru_RU.UTF-8")
        .args(["list", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let items: Vec<serde_json::Value> = serde_json::from_slice(&out).unwrap();
    assert!(items.iter().all(|i| i["lang"] == "ru"));
}

#[test]
fn global_flags_work_before_and_after_the_subcommand() {
    let before = fd()
        .args(["--lang", "ru", "list", "--json"])
        .output()
        .unwrap();
    let after = fd()
        .args(["list", "--json", "--lang", "ru"])
        .output()
        .unwrap();
    assert!(before.status.success());
    assert_eq!(before.stdout, after.stdout);
    fd().args(["--scenarios", "tests/fixtures/good", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("mini"));
    fd().args(["list", "--scenarios", "tests/fixtures/good"])
        .assert()
        .success()
        .stdout(predicate::str::contains("mini"));
}

/// The bundled library meets every content rule, the tells linter included: all fourteen
/// scenarios in English and Russian, the three core ones in Bulgarian as well.
#[test]
fn check_passes_the_bundled_library_strictly() {
    let out = fd().args(["check", "--strict"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    let files = crate::support::bundled_file_count();
    assert!(
        stderr.contains(&format!("{files} files: 0 errors")),
        "{stderr}"
    );
}

#[test]
fn check_of_a_good_file_exits_0() {
    fd().args(["check", MINI]).assert().code(0);
}

#[test]
fn check_of_a_folder_with_a_bad_file_exits_1() {
    fd().args(["check", "tests/fixtures/bad"]).assert().code(1);
}

#[test]
fn check_of_a_missing_file_is_a_usage_error() {
    fd().args(["check", "no/such/file.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read"));
}

#[test]
fn strict_fails_a_scenario_that_is_too_small() {
    fd().args(["check", "--strict", MINI])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "strict: the longest path has 2 decisions",
        ));
}

#[test]
fn play_json_reports_the_run() {
    let out = fd()
        .args([
            "play",
            MINI,
            "--plain",
            "--no-shuffle",
            "--seed",
            "5",
            "--choices",
            "1,2",
            "--json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["scenario"], "mini");
    assert_eq!(v["lang"], "en");
    // One shape with the history: the seed is a decimal string (a u64 does not survive JSON
    // readers that use doubles).
    assert_eq!(v["seed"], "5");
    assert_eq!(v["status"], "finished");
    assert_eq!(v["outcome"], "retained");
    assert_eq!(v["score"], 100);
    assert_eq!(v["fatal"]["justifying"], 0);
    assert_eq!(v["decisions"][0]["node"], "hello");
    assert_eq!(v["decisions"][0]["choice"], 1);
    assert_eq!(v["decisions"][0]["good"][0], "clarify");
    assert_eq!(v["decisions"][1]["mood"], 3);
}

#[test]
fn play_json_choice_is_the_file_position_even_when_shuffled() {
    let mut firsts = Vec::new();
    for seed in 0..5 {
        let out = fd()
            .args([
                "play",
                MINI,
                "--plain",
                "--seed",
                &seed.to_string(),
                "--choices",
                "1,1",
                "--json",
            ])
            .output()
            .unwrap();
        let mut v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let first = v["decisions"][0]["choice"].as_u64().unwrap();
        assert!((1..=3).contains(&first));
        firsts.push(first);
        // Same seed and replies, same run (but for its id and times).
        let again = fd()
            .args([
                "play",
                MINI,
                "--plain",
                "--seed",
                &seed.to_string(),
                "--choices",
                "1,1",
                "--json",
            ])
            .output()
            .unwrap();
        let mut again: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
        for run in [&mut v, &mut again] {
            let run = run.as_object_mut().unwrap();
            for key in ["run_id", "started_at", "ended_at"] {
                assert!(run.remove(key).is_some(), "{key}");
            }
        }
        assert_eq!(v, again);
    }
    // The first reply on screen is not always the first in the file: the replies were shuffled.
    firsts.dedup();
    assert!(firsts.len() > 1, "{firsts:?}");
}

#[test]
fn play_plain_practice_shows_thought_verdict_and_better_reply() {
    fd().args(["play", MINI, "--plain", "--no-shuffle", "--choices", "2,2"])
        .assert()
        .success()
        .stdout(predicate::str::contains("thinks: «Not my problem.»"))
        .stdout(predicate::str::contains("✗ justifying — Justifying."))
        .stdout(predicate::str::contains(
            "Better: «Who is the appointment for?»",
        ))
        .stdout(predicate::str::contains("Score: 50/100"));
}

#[test]
fn play_plain_exam_mode_hides_feedback_until_the_debrief() {
    let out = fd()
        .args([
            "play",
            MINI,
            "--plain",
            "--no-shuffle",
            "--mode",
            "exam",
            "--choices",
            "2,2",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    let debrief = out.find("== Debrief ==").unwrap();
    assert!(!out[..debrief].contains("thinks"), "{out}");
    assert!(!out[..debrief].contains("✗"), "{out}");
    assert!(out[debrief..].contains("✗ justifying"), "{out}");
}

#[test]
fn play_reads_replies_from_stdin_and_asks_again_on_nonsense() {
    fd().args(["play", MINI, "--plain", "--no-shuffle"])
        .write_stdin("banana\n9\n1\n2\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("Type the number of a reply 1-3."))
        .stdout(predicate::str::contains("Score: 100/100"));
}

#[test]
fn play_refuses_a_line_without_end_instead_of_reading_it_all() {
    // 10 MB with no newline: reading it as one line grew to gigabytes on `/dev/zero`.
    fd().args(["play", MINI, "--plain", "--no-shuffle"])
        .write_stdin(vec![b'x'; 10_000_000])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "standard input: a line longer than 4 KiB was refused",
        ));
}

#[test]
fn play_with_a_bad_scripted_reply_exits_2() {
    fd().args(["play", MINI, "--plain", "--choices", "7"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`7` is not a reply here; choose 1 to 3",
        ));
    fd().args(["play", MINI, "--plain", "--choices", "x"])
        .assert()
        .code(2);
}

#[test]
fn play_with_too_few_scripted_replies_exits_2() {
    fd().args(["play", MINI, "--plain", "--choices", "1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("ran out at decision 2"));
}

#[test]
fn play_of_an_unknown_id_suggests_one() {
    fd().args(["play", "child-patent", "--plain"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `child-patient`?"));
}

#[test]
fn play_of_a_bundled_id_in_russian() {
    fd().args([
        "play",
        "child-patient",
        "--plain",
        "--lang",
        "ru",
        "--seed",
        "1",
        "--choices",
        "1,1,1,1,1",
        "--no-shuffle",
    ])
    .assert()
    .success()
    .stdout(predicate::str::contains("== Разбор =="));
}

#[test]
fn a_missing_language_falls_back_to_english_with_a_notice() {
    fd().args(["play", MINI, "--plain", "--choices", "1,1", "--json"])
        .assert()
        .success();
    fd().args([
        "--scenarios",
        "tests/fixtures/good",
        "play",
        "mini",
        "--lang",
        "ru",
        "--plain",
        "--choices",
        "1,1",
        "--json",
    ])
    .assert()
    .success()
    .stderr(predicate::str::contains("`mini`"))
    .stdout(predicate::str::contains("\"lang\": \"en\""));
}

#[test]
fn a_language_without_a_catalogue_falls_back_to_english_with_the_notice() {
    fd().args([
        "play",
        "child-patient",
        "--plain",
        "--lang",
        "xx",
        "--seed",
        "1",
        "--choices",
        "1,1,1,1,1",
        "--no-shuffle",
    ])
    .assert()
    .success()
    .stderr(predicate::str::contains(
        "`child-patient` is not available in this language; showing it in `en`",
    ))
    .stdout(predicate::str::contains("== Debrief =="));
}

#[test]
fn play_of_a_broken_file_shows_its_errors() {
    // Exit 1, as `check` gives for errors found in a scenario (README, "Exit codes").
    fd().args(["play", "tests/fixtures/bad/unknown-key.yaml", "--plain"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "unknown-key.yaml:30:9: error: unknown key `fatl`",
        ));
}

#[test]
fn unknown_flags_are_usage_errors() {
    fd().args(["list", "--bogus"]).assert().code(2);
    fd().args(["play", MINI, "--mode", "quiz"]).assert().code(2);
}

/// A report that could not be written is refused when the session starts, before the terminal
/// is even looked at (here stdin and stdout are not a terminal, refused for another reason).
#[test]
fn present_refuses_a_bad_report_path_up_front() {
    let dir = tempfile::tempdir().unwrap();
    let existing = dir.path().join("old.md");
    std::fs::write(&existing, "old").unwrap();
    let missing = dir.path().join("no-such-folder").join("session.md");
    let cases = [
        (missing, "folder does not exist"),
        (dir.path().to_path_buf(), "not a regular file"),
        (existing.clone(), "--force"),
    ];
    for (path, what) in cases {
        let out = fd()
            .args(["present", "child-patient", "--report"])
            .arg(&path)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains(&path.display().to_string()), "{err}");
        assert!(err.contains(what), "{err}");
        assert!(!err.contains("needs a terminal"), "checked first: {err}");
        assert!(out.stdout.is_empty(), "nothing drawn");
    }
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "old");
    // A good path passes the check and meets the terminal check.
    fd().args(["present", "child-patient", "--report"])
        .arg(dir.path().join("new.md"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("needs a terminal"));
}

#[test]
fn present_checks_trainer_and_group_names() {
    let long = "x".repeat(61);
    fd().args(["present", "child-patient", "--trainer", &long])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("60 at most"));
    fd().args(["present", "child-patient", "--group", "a\tb"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("control character"));
}

#[test]
fn history_lists_group_sessions_apart() {
    use frontdesk::engine::group::{GroupSession, SessionInfo};
    use frontdesk::engine::{Mode, Run, RunOptions};
    use frontdesk::store::{RunResult, Store};
    let dir = tempfile::tempdir().unwrap();
    let s = std::sync::Arc::new(
        frontdesk::scenario::check_str(&std::fs::read_to_string(MINI).unwrap())
            .scenario
            .unwrap(),
    );
    let opts = RunOptions {
        seed: 1,
        shuffle: false,
    };
    let mut g = GroupSession::new(std::sync::Arc::clone(&s), opts, Mode::Group);
    g.set_info(SessionInfo {
        trainer: Some("Maria".into()),
        group: Some("Tuesday nurses".into()),
        timer: None,
        started: None,
    });
    for _ in 0..2 {
        g.advance();
        g.set_votes(0, 9);
        g.advance();
        g.advance();
        g.advance();
    }
    let t = chrono::Utc::now();
    let mut store = Store::open(dir.path()).unwrap();
    store
        .record(&RunResult::of_group(&g, "maria", "h", t, t))
        .unwrap();
    let mut run = Run::new(std::sync::Arc::clone(&s), opts);
    run.choose(0).unwrap();
    store
        .record(&RunResult::of(&run, "maria", "h", Mode::Practice, t, t))
        .unwrap();
    drop(store);
    let fd_in = |args: &[&str]| {
        let out = fd()
            .arg("--data-dir")
            .arg(dir.path())
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let personal = fd_in(&["history"]);
    assert!(personal.contains("practice"), "{personal}");
    assert_eq!(
        personal.lines().count(),
        2,
        "one run, then the note: {personal}"
    );
    assert!(
        personal.ends_with("1 group session: frontdesk history --groups\n"),
        "{personal}"
    );
    let groups = fd_in(&["history", "--groups"]);
    let lines: Vec<&str> = groups.lines().collect();
    assert_eq!(lines.len(), 2, "{groups}");
    assert!(lines[0].contains("trainer") && lines[0].contains("headcount"));
    assert!(lines[1].contains("mini"), "{groups}");
    assert!(lines[1].contains("Maria"), "{groups}");
    assert!(lines[1].contains("Tuesday nurses"), "{groups}");
    assert!(lines[1].contains("        9 "), "headcount 9: {groups}");
    assert!(!groups.contains("practice"), "{groups}");
}

#[test]
fn version_completions_and_man_page_come_from_the_clap_definitions() {
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_frontdesk"))
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let v = run(&["--version"]);
    assert_eq!(v.trim(), format!("frontdesk {}", env!("CARGO_PKG_VERSION")));
    for shell in ["bash", "zsh", "fish"] {
        let script = run(&["completions", shell]);
        assert!(script.contains("frontdesk"), "{shell}");
        assert!(
            script.contains("play"),
            "{shell}: subcommands are completed"
        );
        assert!(
            script.contains("no-shuffle"),
            "{shell}: flags are completed"
        );
    }
    let man = run(&["man"]);
    assert!(
        man.starts_with(".ie") || man.contains(".TH frontdesk"),
        "{man}"
    );
    assert!(
        man.contains("completions"),
        "the page lists the subcommands"
    );
}

#[test]
fn list_long_shows_the_source_for_trainers() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_frontdesk"))
        .args(["list", "--long", "--lang", "en"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Source:"), "{text}");
    let short = std::process::Command::new(env!("CARGO_BIN_EXE_frontdesk"))
        .args(["list", "--lang", "en"])
        .output()
        .unwrap();
    assert!(!String::from_utf8(short.stdout).unwrap().contains("Source:"));
}
