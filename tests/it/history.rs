//! The history store end to end: a run recorded from every mode, stores that cannot be used,
//! two writers at once, `history` and `export`.

use assert_cmd::Command;
use frontdesk::engine::Mode;
use frontdesk::i18n::Lang;
use frontdesk::scenario::Library;
use frontdesk::store::HistoryView;
use frontdesk::store::{RunStatus, SCHEMA_VERSION, Store, db_path};
use frontdesk::tui::keys::Action;
use frontdesk::tui::theme::{Theme, ThemeName};
use frontdesk::tui::{App, Screen, Seeding, perform_effects};
use std::path::Path;

fn fd(data: &Path) -> Command {
    let mut c = Command::cargo_bin("frontdesk").unwrap();
    c.env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("FRONTDESK_DATA_DIR");
    c.args(["--data-dir", data.to_str().unwrap()]);
    c.timeout(std::time::Duration::from_secs(60));
    c
}

const MINI: &str = "tests/fixtures/good/mini.yaml";

fn play_mini(data: &Path, extra: &[&str]) -> std::process::Output {
    let mut c = fd(data);
    c.args(["play", MINI, "--plain", "--no-shuffle", "--choices", "1,2"]);
    if !extra.contains(&"--trainee") {
        c.args(["--trainee", "anna"]);
    }
    c.args(extra);
    c.output().unwrap()
}

fn runs(data: &Path) -> Vec<serde_json::Value> {
    let out = fd(data).args(["history", "--json"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_plain_runner_records_practice_and_exam_runs() {
    let dir = tempfile::tempdir().unwrap();
    assert!(play_mini(dir.path(), &[]).status.success());
    assert!(play_mini(dir.path(), &["--mode", "exam"]).status.success());
    let runs = runs(dir.path());
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[0]["mode"], "exam");
    assert_eq!(runs[1]["mode"], "practice");
    let r = &runs[1];
    assert_eq!(r["trainee"], "anna");
    assert_eq!(r["scenario"], "mini");
    assert_eq!(r["status"], "finished");
    assert_eq!(r["outcome"], "retained");
    assert_eq!(r["score"], 100);
    assert_eq!(r["decisions"].as_array().unwrap().len(), 2);
    assert_eq!(r["decisions"][0]["node"], "hello");
    assert_eq!(r["scenario_hash"].as_str().unwrap().len(), 16);
}

#[test]
fn an_interrupted_plain_run_is_recorded_as_abandoned() {
    let dir = tempfile::tempdir().unwrap();
    let out = fd(dir.path())
        .args(["play", MINI, "--plain", "--no-shuffle"])
        .write_stdin("1\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let runs = runs(dir.path());
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0]["status"], "abandoned");
    assert_eq!(runs[0]["score"], serde_json::Value::Null);
}

#[test]
fn no_history_records_nothing_and_flags_go_anywhere() {
    let dir = tempfile::tempdir().unwrap();
    assert!(play_mini(dir.path(), &["--no-history"]).status.success());
    assert!(!db_path(dir.path()).exists());
    // Global flags before the subcommand too.
    let out = Command::cargo_bin("frontdesk")
        .unwrap()
        .env_remove("FRONTDESK_DATA_DIR")
        .args([
            "--trainee",
            "boris",
            "--data-dir",
            dir.path().to_str().unwrap(),
        ])
        .args(["play", MINI, "--plain", "--choices", "1,1"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let out = Command::cargo_bin("frontdesk")
        .unwrap()
        .env("FRONTDESK_DATA_DIR", dir.path())
        .args(["history", "--trainee", "boris", "--json"])
        .output()
        .unwrap();
    let v: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.len(), 1, "FRONTDESK_DATA_DIR names the same store");
    assert_eq!(v[0]["trainee"], "boris");
}

fn app_with_store<'a>(lib: &'a Library, store: &Store, mode: Mode) -> App<'a> {
    let mut app = App::new(
        lib,
        Lang::EN,
        mode,
        Theme::new(ThemeName::Dark, false),
        Seeding {
            seed: Some(3),
            shuffle: false,
        },
    );
    app.set_history(HistoryView {
        recording: true,
        trainee: "vera".into(),
        problem: None,
        runs: store.runs(Some("vera"), None).unwrap(),
    });
    app
}

#[test]
fn the_full_screen_trainer_records_practice_exam_group_and_abandoned_runs() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let lib = Library::bundled();
    let child = lib.find("child-patient", "en").unwrap().0;

    for mode in [Mode::Practice, Mode::Exam] {
        let mut app = app_with_store(&lib, &store, mode);
        app.start(child);
        crate::support::play_to_debrief(&mut app);
        assert!(matches!(app.screen, Screen::Debrief(_)));
        perform_effects(&mut app, Some(&mut store));
        assert_eq!(
            app.history.runs.len(),
            if mode == Mode::Practice { 1 } else { 2 }
        );
    }

    // A group session to its debrief (a fixed clock: no double-click guard).
    let mut app = app_with_store(&lib, &store, Mode::Practice);
    app.fixed_now = Some(chrono::Utc::now());
    app.present(child);
    for _ in 0..200 {
        if let Screen::Present(p) = &app.screen
            && p.session.stage() == frontdesk::engine::group::Stage::Debrief
        {
            break;
        }
        if let Screen::Present(p) = &app.screen
            && p.session.stage() == frontdesk::engine::group::Stage::Choose
        {
            // Nobody voted: the trainer picks.
            app.update(Action::Letter(0));
        }
        app.update(Action::Advance);
    }
    assert!(
        matches!(&app.screen, Screen::Present(p) if p.session.stage() == frontdesk::engine::group::Stage::Debrief)
    );
    perform_effects(&mut app, Some(&mut store));

    // A conversation left midway.
    let mut app = app_with_store(&lib, &store, Mode::Practice);
    app.start(child);
    app.update(Action::Pick(0));
    crate::support::later(&mut app);
    app.update(Action::Confirm);
    // Leaving asks first: Esc, then Enter.
    app.update(Action::Back);
    app.update(Action::Leave);
    assert!(matches!(app.screen, Screen::Home));
    perform_effects(&mut app, Some(&mut store));

    let runs = store.runs(Some("vera"), None).unwrap();
    let modes: Vec<(Mode, RunStatus)> = runs.iter().map(|r| (r.mode, r.status)).collect();
    assert_eq!(
        modes,
        vec![
            (Mode::Practice, RunStatus::Abandoned),
            (Mode::Group, RunStatus::Finished),
            (Mode::Exam, RunStatus::Finished),
            (Mode::Practice, RunStatus::Finished)
        ]
    );
    assert!(runs.iter().all(|r| r.scenario == "child-patient"));
    // Home now shows best and last score.
    let mut app = app_with_store(&lib, &store, Mode::Practice);
    let sc = app.scores_of(&child.header());
    assert!(sc.best.is_some() && sc.last.is_some());
    // The Progress screen lists the group session apart from the trainee's own figures.
    app.update(Action::Progress);
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
    term.draw(|f| f.render_widget(&app, f.area())).unwrap();
    let screen = format!("{}", term.backend());
    assert!(screen.contains("Group sessions you ran"), "{screen}");
}

/// Plays with a history that cannot be used: the run still plays, a notice says it is not
/// recorded, and the file is byte for byte as it was.
fn plays_without_touching(dir: &Path, words: &str) {
    let file = db_path(dir);
    let before = std::fs::read(&file).ok();
    let out = play_mini(dir, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Score: 100/100"));
    assert!(stderr.contains("not recording this run"), "{stderr}");
    assert!(stderr.contains(words), "{stderr}");
    assert_eq!(
        std::fs::read(&file).ok(),
        before,
        "the history file was changed"
    );
}

#[test]
fn a_corrupt_store_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let junk: Vec<u8> = (0..8192u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(db_path(dir.path()), &junk).unwrap();
    plays_without_touching(dir.path(), "damaged");
}

#[test]
fn a_store_with_a_damaged_page_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    for _ in 0..5 {
        assert!(play_mini(dir.path(), &[]).status.success());
    }
    // Overwrite the cells of the runs table's root page; the header on page 1 stays intact,
    // so only an integrity check can tell.
    let path = db_path(dir.path());
    let (root, page_size): (i64, i64) = {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.query_row(
            "SELECT rootpage, (SELECT page_size FROM pragma_page_size) FROM sqlite_master WHERE name = 'runs'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    };
    let mut bytes = std::fs::read(&path).unwrap();
    let page = ((root - 1) * page_size) as usize;
    bytes[page + 8..page + 300].fill(0xAB);
    std::fs::write(&path, &bytes).unwrap();
    plays_without_touching(dir.path(), "damaged");
    fd(dir.path())
        .arg("history")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("damaged"));
    assert!(std::fs::read(&path).unwrap() == bytes);
}

#[test]
fn another_programs_database_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    {
        let conn = rusqlite::Connection::open(db_path(dir.path())).unwrap();
        conn.execute_batch("CREATE TABLE contacts (name TEXT, phone TEXT); INSERT INTO contacts VALUES ('a', '1');")
            .unwrap();
    }
    plays_without_touching(dir.path(), "another program's database");
    fd(dir.path())
        .args(["export", "--format", "csv"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("another program's database"));
    assert!(
        !dir.path().join("history.db-wal").exists(),
        "WAL was switched on"
    );
}

#[test]
fn an_empty_file_of_our_own_becomes_the_store() {
    // What a frontdesk stopped between creating the file and writing it leaves behind.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(db_path(dir.path()), b"").unwrap();
    let out = fd(dir.path()).arg("history").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::metadata(db_path(dir.path())).unwrap().len(),
        0,
        "history only reads"
    );
    assert!(play_mini(dir.path(), &[]).status.success());
    assert_eq!(runs(dir.path()).len(), 1);
}

#[test]
fn a_store_from_a_newer_frontdesk_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    {
        let conn = rusqlite::Connection::open(db_path(dir.path())).unwrap();
        conn.execute_batch(&format!(
            "CREATE TABLE future (x); PRAGMA user_version = {}; PRAGMA application_id = {};",
            SCHEMA_VERSION + 5,
            frontdesk::store::APPLICATION_ID
        ))
        .unwrap();
    }
    plays_without_touching(dir.path(), "newer frontdesk");
}

#[test]
fn a_locked_store_is_reported_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path()).unwrap());
    let conn = rusqlite::Connection::open(db_path(dir.path())).unwrap();
    // An exclusive lock, as another program writing a long transaction would hold.
    conn.execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;")
        .unwrap();
    let out = play_mini(dir.path(), &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("locked"), "{stderr}");
    conn.execute_batch("COMMIT").unwrap();
    drop(conn);
    assert_eq!(
        Store::open(dir.path())
            .unwrap()
            .runs(None, None)
            .unwrap()
            .len(),
        0
    );
}

#[test]
fn a_read_only_store_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    drop(store.runs(None, None));
    drop(store);
    // A read-only mount, where the system allows one (root ignores file permissions, so
    // chmod proves nothing here).
    let path = dir.path().to_str().unwrap();
    let exe = env!("CARGO_BIN_EXE_frontdesk");
    // Exit code 97: the read-only mount could not be made here.
    let script = format!(
        "mount --bind -o ro '{path}' '{path}' || exit 97; cd '{root}' && '{exe}' --data-dir '{path}' play {MINI} --plain --no-shuffle --choices 1,2",
        root = env!("CARGO_MANIFEST_DIR")
    );
    let mounted = std::process::Command::new("unshare")
        .args(["-rm", "sh", "-c", &script])
        .output();
    let usable = |out: &std::process::Output| {
        let stderr = String::from_utf8_lossy(&out.stderr);
        out.status.code() != Some(97) && !stderr.contains("unshare:")
    };
    match mounted {
        Ok(out) if usable(&out) => {
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "{stderr}");
            assert!(stderr.contains("not recording this run"), "{stderr}");
            assert!(stderr.contains("read-only"), "{stderr}");
        }
        other => {
            // No mount namespaces here: check the same classification through SQLite's own
            // read-only open, which fails writes the same way a read-only disk does.
            eprintln!("read-only mount unavailable ({other:?}); testing a read-only open");
            store = Store::open_file(
                &db_path(dir.path()),
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
            )
            .unwrap();
            let lib = Library::bundled();
            let s = lib.find("child-patient", "en").unwrap().0;
            let mut run = frontdesk::engine::Run::new(std::sync::Arc::clone(s), Default::default());
            run.choose(0).unwrap();
            let now = chrono::Utc::now();
            let r = frontdesk::store::RunResult::of(
                &run,
                "x",
                "h",
                frontdesk::engine::Mode::Practice,
                now,
                now,
            );
            let err = store.record(&r).unwrap_err();
            assert!(err.to_string().contains("read-only"), "{err}");
        }
    }
}

#[test]
fn history_and_export_read_a_store_on_a_read_only_disk() {
    let dir = tempfile::tempdir().unwrap();
    assert!(play_mini(dir.path(), &[]).status.success());
    let path = dir.path().to_str().unwrap();
    let exe = env!("CARGO_BIN_EXE_frontdesk");
    // Exit code 97: the read-only mount could not be made here. The store is in WAL mode and
    // its `-shm` index was removed when the last writer closed; a read-only disk cannot make
    // a new one.
    let script = format!(
        "mount --bind -o ro '{path}' '{path}' || exit 97; touch '{path}/probe' 2>/dev/null && exit 97; \
         '{exe}' --data-dir '{path}' history || exit 3; \
         '{exe}' --data-dir '{path}' export --format json || exit 4"
    );
    let mounted = std::process::Command::new("unshare")
        .args(["-rm", "sh", "-c", &script])
        .output();
    match mounted {
        Ok(out)
            if out.status.code() != Some(97)
                && !String::from_utf8_lossy(&out.stderr).contains("unshare:") =>
        {
            let stdout = String::from_utf8_lossy(&out.stdout);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "{:?}: {stderr}", out.status.code());
            assert!(
                stdout.contains("mini") && stdout.contains("retained"),
                "{stdout}"
            );
            assert!(stdout.contains("\"run_id\""), "{stdout}");
        }
        other => {
            // No mount namespaces here: the same commands on a writable disk open read-only
            // and leave no trace.
            eprintln!("read-only mount unavailable ({other:?}); testing a read-only open");
            let before = std::fs::read(db_path(dir.path())).unwrap();
            assert_eq!(runs(dir.path()).len(), 1);
            assert!(std::fs::read(db_path(dir.path())).unwrap() == before);
        }
    }
}

#[test]
fn two_trainers_recording_at_once_are_both_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let exe = env!("CARGO_BIN_EXE_frontdesk");
    let spawn = |who: &str| {
        let d = dir.path().to_path_buf();
        let who = who.to_string();
        std::thread::spawn(move || {
            for _ in 0..15 {
                let out = std::process::Command::new(exe)
                    .args(["--data-dir", d.to_str().unwrap(), "--trainee", &who])
                    .args(["play", MINI, "--plain", "--choices", "1,1", "--seed", "1"])
                    .output()
                    .unwrap();
                assert!(out.status.success());
                let stderr = String::from_utf8_lossy(&out.stderr);
                assert!(
                    !stderr.contains("not recorded") && !stderr.contains("not recording"),
                    "{stderr}"
                );
            }
        })
    };
    let a = spawn("anna");
    let b = spawn("boris");
    a.join().unwrap();
    b.join().unwrap();
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.runs(Some("anna"), None).unwrap().len(), 15);
    assert_eq!(store.runs(Some("boris"), None).unwrap().len(), 15);
}

#[test]
fn export_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    assert!(play_mini(dir.path(), &[]).status.success());
    assert!(
        play_mini(dir.path(), &["--trainee", "boris"])
            .status
            .success()
    );

    let csv = fd(dir.path())
        .args(["export", "--format", "csv"])
        .output()
        .unwrap();
    assert!(csv.status.success());
    let mut reader = csv::Reader::from_reader(&csv.stdout[..]);
    assert_eq!(reader.records().count(), 2);

    let json = fd(dir.path())
        .args(["export", "--format", "json", "--trainee", "boris"])
        .output()
        .unwrap();
    let v: Vec<serde_json::Value> = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v.len(), 1);
    assert_eq!(v[0]["decisions"][0]["choice"], 1);

    let out = dir.path().join("report.md");
    fd(dir.path())
        .args(["export", "--format", "md", "--out", out.to_str().unwrap()])
        .assert()
        .success();
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(md.starts_with("# frontdesk history"), "{md}");
    assert!(md.contains("## anna") && md.contains("## boris"), "{md}");
    assert!(md.contains("### Runs"), "{md}");
    // Never overwritten without --force.
    fd(dir.path())
        .args(["export", "--format", "csv", "--out", out.to_str().unwrap()])
        .assert()
        .code(2);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), md);
    fd(dir.path())
        .args([
            "export",
            "--format",
            "csv",
            "--out",
            out.to_str().unwrap(),
            "--force",
        ])
        .assert()
        .success();

    // --since filters by start date.
    let none = fd(dir.path())
        .args(["export", "--format", "json", "--since", "2999-01-01"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&none.stdout).trim(), "[]");
    fd(dir.path())
        .args(["export", "--format", "json", "--since", "yesterday"])
        .assert()
        .code(2);
}

#[test]
fn export_force_never_writes_through_a_symbolic_link() {
    let dir = tempfile::tempdir().unwrap();
    assert!(play_mini(dir.path(), &[]).status.success());
    let target = dir.path().join("precious.txt");
    std::fs::write(&target, "precious").unwrap();
    let link = dir.path().join("out.csv");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    for force in [&["--force"][..], &[]] {
        fd(dir.path())
            .args(["export", "--format", "csv", "--out"])
            .arg(&link)
            .args(force)
            .assert()
            .code(2)
            .stderr(predicates::str::contains("is a symbolic link"));
    }
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "precious");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn export_force_on_a_full_disk_keeps_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    for _ in 0..5 {
        assert!(play_mini(dir.path(), &[]).status.success());
    }
    let disk = tempfile::tempdir().unwrap();
    let (data, d) = (dir.path().to_str().unwrap(), disk.path().to_str().unwrap());
    let exe = env!("CARGO_BIN_EXE_frontdesk");
    // A 64 KiB disk holding the old export, then filled to the last byte. Exit code 97: no
    // tmpfs could be mounted here.
    let script = format!(
        "mount -t tmpfs -o size=64k tmpfs '{d}' || exit 97; printf old > '{d}/runs.json'; \
         cat /dev/zero > '{d}/fill' 2>/dev/null; \
         '{exe}' --data-dir '{data}' export --format json --force --out '{d}/runs.json'; echo \"exit=$?\"; \
         echo \"old=$(cat '{d}/runs.json')\"; ls -A '{d}'"
    );
    let out = std::process::Command::new("unshare")
        .args(["-rm", "sh", "-c", &script])
        .output();
    match out {
        Ok(out)
            if out.status.code() != Some(97)
                && !String::from_utf8_lossy(&out.stderr).contains("unshare:") =>
        {
            let stdout = String::from_utf8_lossy(&out.stdout);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(stdout.contains("exit=2"), "{stdout}{stderr}");
            assert!(
                stderr.contains("No space left") && stderr.contains("nothing was changed"),
                "{stderr}"
            );
            assert!(
                stdout.contains("old=old\n"),
                "the old export was lost: {stdout}"
            );
            let files: Vec<&str> = stdout
                .lines()
                .skip_while(|l| !l.starts_with("old="))
                .skip(1)
                .collect();
            assert_eq!(
                files,
                ["fill", "runs.json"],
                "a temporary file was left: {stdout}"
            );
        }
        other => eprintln!(
            "no tmpfs here ({other:?}); output::tests covers a failing write with a failing writer"
        ),
    }
}
