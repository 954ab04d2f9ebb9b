//! xAPI against a real LRS: Ralph (France Université Numérique's open-source LRS), started on
//! 127.0.0.1 in a temporary folder for each test, with its file backend set to append
//! (`tests/fixtures/ralph/serve.py` says why). Ralph is found in the virtual environment at
//! `$FRONTDESK_RALPH_VENV` (default `target/ralph-venv`, where `.ci/run` installs it). Without
//! it these tests are skipped with a message, and fail under `CI=true`.

mod ralph;

use crate::support::stdout;
use frontdesk::engine::Mode;
use frontdesk::scenario::Library;
use frontdesk::store::RunResult;
use ralph::{Desk, PASSWORD, Ralph, USER, group_session, played, venv};
use serde_json::Value;
use std::path::Path;
use std::time::{Duration, Instant};

fn by_registration<'a>(all: &'a [Value], r: &RunResult) -> Vec<&'a Value> {
    let reg = frontdesk::xapi::statement::registration(&r.run_id).to_string();
    all.iter()
        .filter(|s| s["context"]["registration"] == reg.as_str())
        .collect()
}

#[test]
fn ralph_stores_a_practice_an_exam_an_abandoned_run_and_a_group_session() {
    let Some(ralph) = Ralph::start() else { return };
    let desk = Desk::new();
    let practice = played("anna", Mode::Practice, None, 1);
    let exam = played("anna", Mode::Exam, None, 2);
    let abandoned = played("anna", Mode::Practice, Some(1), 3);
    let group = group_session();
    assert!(practice.finished() && exam.finished() && !abandoned.finished());
    desk.record(&[
        practice.clone(),
        exam.clone(),
        abandoned.clone(),
        group.clone(),
    ]);
    stdout(desk.frontdesk().args(["lrs", "set", &ralph.endpoint()]));
    let sent = stdout(desk.frontdesk().arg("sync"));
    let expected: usize = [&practice, &exam, &abandoned, &group]
        .iter()
        .map(|r| r.decisions.len() + 1)
        .sum();
    assert!(
        sent.contains(&format!("Sent 4 runs ({expected} statements)")),
        "{sent}"
    );

    let all = ralph.statements();
    assert_eq!(
        all.len(),
        expected,
        "every statement was accepted and stored"
    );
    for r in [&practice, &exam, &abandoned, &group] {
        let mine = by_registration(&all, r);
        assert_eq!(mine.len(), r.decisions.len() + 1, "{}", r.mode.as_str());
        let answered = mine
            .iter()
            .filter(|s| s["verb"]["id"] == frontdesk::xapi::statement::ANSWERED)
            .count();
        assert_eq!(answered, r.decisions.len());
    }
    let ended = |r: &RunResult| -> Value {
        by_registration(&all, r)
            .into_iter()
            .find(|s| s["verb"]["id"] != frontdesk::xapi::statement::ANSWERED)
            .unwrap()
            .clone()
    };
    let p = ended(&practice);
    assert_eq!(p["verb"]["id"], frontdesk::xapi::statement::COMPLETED);
    assert_eq!(p["actor"]["account"]["name"], "anna");
    assert_eq!(p["result"]["score"]["raw"], practice.score.unwrap());
    assert_eq!(p["result"]["duration"], "PT3M20S");
    let ext = |name: &str| {
        format!(
            "http://127.0.0.1:{}/frontdesk/extensions/{name}",
            ralph.port
        )
    };
    assert_eq!(ended(&exam)["context"]["extensions"][ext("mode")], "exam");
    let a = ended(&abandoned);
    assert_eq!(a["verb"]["id"], frontdesk::xapi::statement::ABANDONED);
    assert_eq!(a["result"]["completion"], false);
    let g = ended(&group);
    assert_eq!(g["actor"]["objectType"], "Group");
    assert_eq!(g["actor"]["name"], "Tuesday nurses");
    assert_eq!(g["context"]["instructor"]["name"], "Olga K.");
    // A reply's text is the response.
    let first = by_registration(&all, &practice)
        .into_iter()
        .find(|s| s["verb"]["id"] == frontdesk::xapi::statement::ANSWERED)
        .unwrap();
    assert!(!first["result"]["response"].as_str().unwrap().is_empty());

    // A second sync sends nothing new.
    let again = stdout(desk.frontdesk().arg("sync"));
    assert!(again.contains("Nothing to send"), "{again}");
    assert_eq!(ralph.statements().len(), expected);

    // The offline export is the same statements.
    let exported: Vec<Value> = serde_json::from_str(&stdout(
        desk.frontdesk().args(["export", "--format", "xapi"]),
    ))
    .unwrap();
    let mut ids: Vec<&str> = exported.iter().map(|s| s["id"].as_str().unwrap()).collect();
    let mut stored: Vec<&str> = all.iter().map(|s| s["id"].as_str().unwrap()).collect();
    ids.sort_unstable();
    stored.sort_unstable();
    assert_eq!(ids, stored);

    // Sent again (as after an answer lost on the way), the same statements are accepted and
    // stored once: the ids are the run's, and the text is the same.
    let settings = frontdesk::xapi::Settings::new(&ralph.endpoint(), None, None).unwrap();
    let creds = frontdesk::xapi::Credentials {
        user: USER.into(),
        password: PASSWORD.into(),
    };
    frontdesk::xapi::Client::new(&settings, Some(&creds))
        .post(&serde_json::to_string(&exported).unwrap())
        .unwrap();
    assert_eq!(ralph.statements().len(), expected);
}

#[test]
fn every_statement_is_valid_by_ralphs_strict_xapi_model() {
    let python = venv().join("bin/python");
    if !python.exists() {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("CI=true but Ralph is not installed in {}", venv().display());
        }
        eprintln!("skipped: Ralph is not installed in {}", venv().display());
        return;
    }
    let desk = Desk::new();
    desk.record(&[
        played("anna", Mode::Practice, None, 1),
        played("anna", Mode::Exam, None, 2),
        played("anna", Mode::Practice, Some(1), 3),
        group_session(),
    ]);
    stdout(
        desk.frontdesk()
            .args(["lrs", "set", "https://lrs.clinic.example/xAPI/"]),
    );
    let statements = stdout(desk.frontdesk().args(["export", "--format", "xapi"]));
    let validate = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ralph/validate.py");
    let out = std::process::Command::new(python)
        .arg(validate)
        .stdin(
            std::fs::File::open({
                let p = desk.dir.path().join("statements.json");
                std::fs::write(&p, &statements).unwrap();
                p
            })
            .unwrap(),
        )
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains(" valid, 0 invalid"), "{said}");
}

#[test]
fn with_the_lrs_stopped_nothing_is_lost_and_a_later_sync_sends_everything() {
    let Some(mut ralph) = Ralph::start() else {
        return;
    };
    let desk = Desk::new();
    stdout(desk.frontdesk().args(["lrs", "set", &ralph.endpoint()]));
    ralph.stop();
    desk.record(&[
        played("anna", Mode::Practice, None, 1),
        played("anna", Mode::Exam, None, 2),
        played("anna", Mode::Practice, Some(2), 3),
    ]);
    let out = desk.frontdesk().arg("sync").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("3 runs waiting to be sent: connection refused"),
        "{err}"
    );
    let status = stdout(desk.frontdesk().args(["lrs", "status"]));
    assert!(status.contains("3 runs waiting, 0 sent"), "{status}");
    assert!(
        status.contains("Last error:      connection refused"),
        "{status}"
    );

    ralph.resume();
    let sent = stdout(desk.frontdesk().arg("sync"));
    assert!(sent.contains("Sent 3 runs"), "{sent}");
    let status = stdout(desk.frontdesk().args(["lrs", "status"]));
    assert!(status.contains("0 runs waiting, 3 sent"), "{status}");
    assert!(!status.contains("Last error"), "{status}");
    let registrations: std::collections::HashSet<String> = ralph
        .statements()
        .iter()
        .map(|s| s["context"]["registration"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(registrations.len(), 3);
}

#[test]
fn a_wrong_password_is_a_clear_error_that_keeps_the_queue_and_never_shows_the_password() {
    let Some(ralph) = Ralph::start() else { return };
    let desk = Desk::new();
    stdout(desk.frontdesk().args(["lrs", "set", &ralph.endpoint()]));
    desk.record(&[played("anna", Mode::Practice, None, 1)]);
    let wrong = "wrong-battery-staple";
    let out = desk
        .frontdesk()
        .env("FRONTDESK_LRS_PASSWORD", wrong)
        .arg("sync")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "1 run waiting to be sent: the LRS refused the user name or password (HTTP 401)"
        ),
        "{err}"
    );
    assert!(!err.contains(wrong) && !err.contains(PASSWORD), "{err}");
    let status = stdout(
        desk.frontdesk()
            .env("FRONTDESK_LRS_PASSWORD", wrong)
            .args(["lrs", "status"]),
    );
    assert!(status.contains("1 run waiting, 0 sent"), "{status}");
    assert!(
        status.contains("refused the user name or password"),
        "{status}"
    );
    assert!(!status.contains(wrong), "{status}");
    assert!(ralph.statements().is_empty());

    // Stored with consent, the right password sends the queue; status names the user only.
    stdout(
        desk.frontdesk()
            .args(["lrs", "set", &ralph.endpoint(), "--save-credentials"]),
    );
    let sent = stdout(
        desk.frontdesk()
            .env_remove("FRONTDESK_LRS_USER")
            .env_remove("FRONTDESK_LRS_PASSWORD")
            .arg("sync"),
    );
    assert!(sent.contains("Sent 1 run ("), "{sent}");
    let status = stdout(
        desk.frontdesk()
            .env_remove("FRONTDESK_LRS_USER")
            .env_remove("FRONTDESK_LRS_PASSWORD")
            .args(["lrs", "status"]),
    );
    assert!(status.contains("user desk (stored in"), "{status}");
    assert!(!status.contains(PASSWORD), "{status}");
}

#[test]
fn team_shows_two_trainees_sent_from_two_desks() {
    let Some(ralph) = Ralph::start() else { return };
    let (front, back) = (Desk::new(), Desk::new());
    front.record(&[
        played("anna", Mode::Practice, None, 1),
        played("anna", Mode::Exam, None, 2),
    ]);
    back.record(&[played("boris", Mode::Practice, Some(1), 3), group_session()]);
    for desk in [&front, &back] {
        stdout(desk.frontdesk().args(["lrs", "set", &ralph.endpoint()]));
        stdout(desk.frontdesk().arg("sync"));
    }
    let text = stdout(front.frontdesk().arg("team"));
    assert!(text.contains("anna  2 runs (0 abandoned)"), "{text}");
    assert!(text.contains("boris  1 run (1 abandoned)"), "{text}");
    assert!(text.contains("child-patient"), "{text}");
    assert!(
        !text.contains("Tuesday nurses"),
        "a group is not a trainee: {text}"
    );
    let json: Value =
        serde_json::from_str(&stdout(front.frontdesk().args(["team", "--json"]))).unwrap();
    let names: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["trainee"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["anna", "boris"]);
    let csv = stdout(back.frontdesk().args(["team", "--format", "csv"]));
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert!(
        csv.lines()
            .nth(1)
            .unwrap()
            .starts_with("anna,child-patient,2,"),
        "{csv}"
    );
}

#[test]
fn home_says_calmly_how_many_runs_wait() {
    use frontdesk::i18n::Lang;
    use frontdesk::tui::theme::{Theme, ThemeName};
    use frontdesk::tui::{App, Seeding};
    use frontdesk::xapi::background::{Background, Status};
    use frontdesk::xapi::sync::SendErrorKind;
    let lib = Library::bundled();
    for (lang, line) in [
        (
            "en",
            "3 runs waiting to be sent: the learning record store cannot be reached",
        ),
        ("ru", "3 попытки ждут отправки"),
    ] {
        let mut app = App::new(
            &lib,
            Lang::from_code(lang),
            Mode::Practice,
            Theme::new(ThemeName::Dark, false),
            Seeding {
                seed: Some(1),
                shuffle: true,
            },
        );
        app.xapi = Some(Background::showing(Status::Waiting {
            runs: 3,
            why: Some(SendErrorKind::Unreachable),
        }));
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
        t.draw(|f| f.render_widget(&app, f.area())).unwrap();
        let screen: String = t
            .backend()
            .buffer()
            .content()
            .chunks(120)
            .map(|row| row.iter().map(|c| c.symbol()).collect::<String>() + "\n")
            .collect();
        // The line wraps inside the summary's border; the list beside it is left out.
        let flat: String = screen
            .lines()
            .filter_map(|row| row.split_once("││").map(|(_, summary)| summary))
            .collect::<Vec<_>>()
            .join(" ")
            .replace('│', " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(flat.contains(line), "{screen}");
    }
}

#[test]
fn the_background_sender_sends_after_a_run_and_says_why_runs_wait() {
    use frontdesk::xapi::background::{Background, Status};
    use frontdesk::xapi::sync::SendErrorKind;
    let Some(mut ralph) = Ralph::start() else {
        return;
    };
    let desk = Desk::new();
    let settings = frontdesk::xapi::Settings::new(&ralph.endpoint(), None, None).unwrap();
    let creds = frontdesk::xapi::Credentials {
        user: USER.into(),
        password: PASSWORD.into(),
    };
    desk.record(&[played("anna", Mode::Practice, None, 1)]);
    let bg = Background::start(desk.data(), Vec::new(), settings, Some(creds));
    // The trainer is woken on every change of the line (it sends itself a redraw).
    let (tx, woken) = std::sync::mpsc::channel();
    bg.on_change(move || {
        let _ = tx.send(());
    });
    // The status changes on the sender's thread: wait (at most a minute) until it says `want`.
    let settles = |bg: &Background, want: Status| {
        let start = Instant::now();
        while bg.status() != want {
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "still {:?}",
                bg.status()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    bg.kick();
    settles(&bg, Status::Sent { runs: 1 });
    assert!(
        woken.try_iter().count() >= 2,
        "woken when sending and when sent"
    );
    assert_eq!(
        ralph.statements().len(),
        1 + played("anna", Mode::Practice, None, 1).decisions.len()
    );

    ralph.stop();
    desk.record(&[played("anna", Mode::Exam, None, 2)]);
    bg.kick();
    settles(
        &bg,
        Status::Waiting {
            runs: 1,
            why: Some(SendErrorKind::Unreachable),
        },
    );
}

#[test]
fn team_pages_through_thousands_of_statements() {
    let Some(ralph) = Ralph::start() else { return };
    let desk = Desk::new();
    let runs: Vec<RunResult> = (0..400)
        .map(|i| {
            let picks = if i % 4 == 3 { Some(1) } else { None };
            played(&format!("trainee-{:02}", i % 8), Mode::Practice, picks, i)
        })
        .collect();
    let statements: usize = runs.iter().map(|r| r.decisions.len() + 1).sum();
    assert!(statements >= 2000, "{statements}");
    desk.record(&runs);
    stdout(desk.frontdesk().args(["lrs", "set", &ralph.endpoint()]));
    stdout(desk.frontdesk().arg("sync"));
    // Pages of 500: several `more` links followed, nothing read twice or missed.
    let json: Value =
        serde_json::from_str(&stdout(desk.frontdesk().args(["team", "--json"]))).unwrap();
    let team = json.as_array().unwrap();
    assert_eq!(team.len(), 8);
    let total: u64 = team.iter().map(|t| t["runs"].as_u64().unwrap()).sum();
    let abandoned: u64 = team.iter().map(|t| t["abandoned"].as_u64().unwrap()).sum();
    assert_eq!((total, abandoned), (400, 100));
}
