//! Pitfalls, the tells linter and the languages, through the binary: the plain runner names a
//! pitfall and counts it apart from the fatal errors, names decisions without node ids; `history`
//! and `export` (CSV, JSON, Markdown) carry the counts; role names render in their cases;
//! `check --strict` runs the tells linter; Bulgarian is an interface language.

use crate::support::{fd_for_anna as fd, stdout};
use serde_json::Value;
use std::path::Path;

const PIT: &str = "tests/fixtures/good/pitfall.yaml";

#[test]
fn the_plain_debrief_names_the_pitfall_and_the_decision_not_the_node() {
    let dir = tempfile::tempdir().unwrap();
    let out =
        stdout(fd(dir.path()).args(["play", PIT, "--plain", "--no-shuffle", "--choices", "3"]));
    assert!(out.contains("✗ giving in"), "{out}");
    assert!(
        out.contains("Pitfalls: giving in 1, over-promising 0"),
        "{out}"
    );
    assert!(
        out.contains("Fatal errors: justifying 0, ignoring 0, counter-attacking 0"),
        "{out}"
    );
    assert!(
        out.contains("- Decision 1 «Bring my referral to my flat.»: you said «Fine, I'll drop it round on my way home.»"),
        "{out}"
    );
    assert!(!out.contains("`ask`"), "no node id: {out}");
    assert!(out.contains("Score: 0/100"), "{out}");
}

#[test]
fn stored_runs_and_exports_count_pitfalls_apart() {
    let dir = tempfile::tempdir().unwrap();
    let played: Value = serde_json::from_str(&stdout(fd(dir.path()).args([
        "play",
        PIT,
        "--plain",
        "--no-shuffle",
        "--choices",
        "3",
        "--json",
    ])))
    .unwrap();
    assert_eq!(played["pitfalls"]["giving-in"], 1);
    assert_eq!(played["fatal"]["justifying"], 0);
    assert_eq!(played["decisions"][0]["pitfall"], "giving-in");

    let history = stdout(fd(dir.path()).args(["history"]));
    assert!(history.contains("✗ 0/0/0  pitfalls 1"), "{history}");

    let csv = stdout(fd(dir.path()).args(["export", "--format", "csv"]));
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    let at = header.iter().position(|h| *h == "giving_in").unwrap();
    assert_eq!(row[at], "1", "{csv}");
    let fatal = header.iter().position(|h| *h == "justifying").unwrap();
    assert_eq!(row[fatal], "0", "{csv}");

    let md = stdout(fd(dir.path()).args(["export", "--format", "md"]));
    assert!(
        md.contains("- Pitfalls: giving-in 1, over-promising 0, overstepping 0, passing-up 0"),
        "{md}"
    );

    let json: Value =
        serde_json::from_str(&stdout(fd(dir.path()).args(["export", "--format", "json"]))).unwrap();
    assert_eq!(json[0]["pitfalls"]["giving-in"], 1, "{json}");
}

#[test]
fn russian_names_render_inflected_through_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let out = stdout(fd(dir.path()).args([
        "play",
        "tests/fixtures/good/forms-ru.yaml",
        "--plain",
        "--no-shuffle",
        "--lang",
        "ru",
        "--choices",
        "1",
    ]));
    assert!(
        out.contains("У Эльвиры Маратовны двадцать лет практики."),
        "{out}"
    );
    assert!(out.contains("Я записан к Эльвире Маратовне"), "{out}");
    assert!(!out.contains("{doctor"), "{out}");
}

#[test]
fn check_strict_reports_the_tells_and_writes_the_library_report() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("tells.md");
    let out = fd(dir.path())
        .args(["check", "--strict", "--tells-report"])
        .arg(&report)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    // Every bundled file gets its strategy line; the report has a row per file.
    for f in std::fs::read_dir("scenarios/en").unwrap() {
        let name = f.unwrap().file_name().to_string_lossy().into_owned();
        let line = format!("scenarios/en/{name}: tells: longest ");
        assert!(stdout.contains(&line), "{line}\n{stdout}");
        let id = name.trim_end_matches(".yaml");
        let md = std::fs::read_to_string(&report).unwrap();
        assert!(md.contains(&format!("| {id} | en | ")), "{id}\n{md}");
        assert!(md.contains(&format!("| {id} | ru | ")), "{id}\n{md}");
    }
    let md = std::fs::read_to_string(&report).unwrap();
    assert!(md.starts_with("# Tells: can the library be gamed?"), "{md}");
    // Failures come as located errors with a hint, and make the exit code 1.
    if stdout.contains(": error: strict: tells: ") {
        assert_eq!(out.status.code(), Some(1));
        assert!(md.contains("## Failures"), "{md}");
    }
    // An existing report is kept unless --force.
    let again = fd(dir.path())
        .args(["check", "--strict", "--tells-report"])
        .arg(&report)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2), "{again:?}");
    // --tells-report needs --strict.
    let bare = fd(dir.path())
        .args(["check", "--tells-report", "x.md"])
        .output()
        .unwrap();
    assert_eq!(bare.status.code(), Some(2));
}

#[test]
fn a_gameable_file_fails_at_its_first_line_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("g.yaml");
    // mini's first good reply is the only question, and the middle length wins: tells.
    let mini = std::fs::read_to_string("tests/fixtures/good/mini.yaml").unwrap();
    std::fs::write(&file, mini).unwrap();
    let out = fd(dir.path())
        .args(["check", "--strict"])
        .arg(&file)
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        printed.contains(
            ":1:1: error: strict: tells: always picking the reply that ends in \"?\" scores 75"
        ),
        "{printed}"
    );
    assert!(
        printed.contains("  hint: don't make only the good reply a question"),
        "{printed}"
    );
    let stats = stdout(fd(dir.path()).arg("stats").arg(&file));
    assert!(
        stats.contains("tells (mean score of each naive strategy"),
        "{stats}"
    );
    assert!(stats.contains("  longest "), "{stats}");
}

#[test]
fn bulgarian_is_an_interface_language_and_scenarios_fall_back_to_english() {
    let dir = tempfile::tempdir().unwrap();
    let list = stdout(fd(dir.path()).args(["--lang", "bg", "list"]));
    assert!(list.contains("регистратура"), "{list}");
    let play = |id: &str| {
        fd(dir.path())
            .args(["--lang", "bg", "play", id, "--plain", "--no-shuffle"])
            .write_stdin("1\n".repeat(40))
            .output()
            .unwrap()
    };
    // A scenario written in Bulgarian plays in Bulgarian, without a notice.
    let out = play("child-patient");
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).is_empty(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Пациентът е бебе"));
    // One that is not falls back to English and says so.
    let out = play("departed-doctor");
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("`departed-doctor` не е наличен на този език; показва се на `en`"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("The doctor who left"));
}

/// The presenter names the pitfall at the reveal and counts it on the group debrief.
#[test]
fn the_presenter_names_a_pitfall_and_counts_it_apart() {
    use frontdesk::engine::group::Stage;
    use frontdesk::i18n::Lang;
    use frontdesk::scenario::Library;
    use frontdesk::tui::keys::Action;
    use frontdesk::tui::{App, Screen, Seeding};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    let mut lib = Library::empty();
    lib.add_file(Path::new(PIT)).unwrap();
    let mut a = crate::support::practice_app(
        &lib,
        Lang::EN,
        Seeding {
            seed: Some(5),
            shuffle: false,
        },
    );
    let s = std::sync::Arc::clone(lib.find("pit", "en").unwrap().0);
    a.present(&s);
    let stage = |a: &App<'_>| match &a.screen {
        Screen::Present(p) => p.session.stage(),
        _ => panic!("not presenting"),
    };
    // Below 120×40 verdicts are ordinary text, not big letters.
    let screen = |a: &App<'_>| {
        let mut t = Terminal::new(TestBackend::new(100, 30)).unwrap();
        t.draw(|f| f.render_widget(a, f.area())).unwrap();
        format!("{}", t.backend())
    };
    // Every screen after the vote: the reveal (its verdict in big letters when it fits) and
    // the view of every reply with its verdict in words.
    let mut after_vote = Vec::new();
    for _ in 0..20 {
        match stage(&a) {
            Stage::Vote => {
                // Five hands for C, the reply that gives in (file order, no shuffle).
                for _ in 0..5 {
                    a.update(Action::Letter(2));
                }
            }
            Stage::Reveal => after_vote.push(screen(&a)),
            Stage::Debrief => break,
            _ => {}
        }
        a.update(Action::Advance);
    }
    let shown = after_vote.join("\n");
    assert!(
        shown.contains("Giving in — the desk cannot deliver."),
        "{shown}"
    );
    assert!(shown.contains("✗ giving in"), "{shown}");
    assert_eq!(stage(&a), Stage::Debrief);
    let debrief = screen(&a);
    assert!(debrief.contains("Pitfalls: 1 (giving in 1)"), "{debrief}");
    assert!(
        debrief.contains("The room never voted for a fatal error."),
        "{debrief}"
    );
}

/// `docs/tells.md` is the linter's report of the bundled library as it is now: a change to a
/// scenario that moves a figure must bring the report along
/// (`FRONTDESK_BLESS=1 cargo test --test it tells_report` writes it).
#[test]
fn the_tells_report_in_docs_is_up_to_date() {
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("tells.md");
    fd(dir.path())
        .args(["check", "--strict", "--tells-report"])
        .arg(&fresh)
        .assert()
        .success();
    let fresh = std::fs::read_to_string(&fresh).unwrap();
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/tells.md");
    if std::env::var_os("FRONTDESK_BLESS").is_some() {
        std::fs::write(&docs, &fresh).unwrap();
    }
    let kept = std::fs::read_to_string(&docs).unwrap();
    assert!(
        kept == fresh,
        "docs/tells.md is out of date: run `FRONTDESK_BLESS=1 cargo test --test it tells_report`"
    );
    assert!(kept.contains("Every scenario passes."), "{kept}");
}
