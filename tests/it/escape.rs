//! Issue 15, "nothing from a file or a name reaches the terminal raw", and the special files: the
//! real binary on hostile input, every output checked byte by byte.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::time::Duration;

const MINI: &str = "tests/fixtures/good/mini.yaml";
/// ESC, an OSC title sequence ended by BEL: what a hostile file would slip into a terminal.
const OSC: &str = "\u{1b}]0;pwned\u{7}";

fn fd(data: &Path) -> Command {
    let mut c = Command::cargo_bin("frontdesk").unwrap();
    c.env_remove("LANG").env_remove("LC_ALL");
    c.env("FRONTDESK_DATA_DIR", data);
    c.timeout(Duration::from_secs(30));
    c
}

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(c: &mut Command) -> Out {
    let o = c.output().unwrap();
    Out {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

/// No byte that drives a terminal: C0 other than newline, DEL, C1, bidi controls.
fn assert_no_raw_controls(what: &str, text: &str) {
    let bad: Vec<char> = text
        .chars()
        .filter(|&c| c != '\n' && frontdesk::scenario::text::is_control(c))
        .collect();
    assert!(bad.is_empty(), "{what} has raw {bad:?}:\n{text}");
}

/// mini.yaml with ESC, BEL and an OSC sequence (written as YAML escapes, so the file itself is
/// valid text) in a key, the scenario id, a node id, a `next` target and a condition, saved
/// under a file name that holds them too.
fn hostile_file(dir: &Path) -> PathBuf {
    let e = r"\e]0;pwned\a";
    let src = std::fs::read_to_string(MINI)
        .unwrap()
        .replace("id: mini", &format!("id: \"mini{e}\""))
        .replace(
            "  - id: hello\n",
            &format!("  - id: hello\n    \"ke{e}y\": 1\n"),
        )
        .replace("next: lost", &format!("next: \"lost{e}\""))
        .replace("if: not asked", &format!("if: \"not asked{e}\""))
        .replace("  - id: retained\n", &format!("  - id: \"retained{e}\"\n"));
    let path = dir.join(format!("bad{OSC}.yaml"));
    std::fs::write(&path, src).unwrap();
    path
}

#[test]
fn check_and_play_show_hostile_keys_ids_targets_conditions_and_names_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let path = hostile_file(dir.path());
    let check = run(fd(dir.path()).arg("check").arg(&path));
    assert_eq!(check.code, 1, "{}", check.stderr);
    let play = run(fd(dir.path()).arg("play").arg(&path).arg("--plain"));
    assert_eq!(play.code, 1, "{}", play.stderr);
    for (what, text) in [
        ("check stdout", &check.stdout),
        ("check stderr", &check.stderr),
        ("play stdout", &play.stdout),
        ("play stderr", &play.stderr),
    ] {
        assert_no_raw_controls(what, text);
    }
    for out in [&check.stdout, &play.stderr] {
        for quoted in [
            "bad\\u{1b}]0;pwned\\u{7}.yaml:",
            "unknown key `ke\\u{1b}]0;pwned\\u{7}y`",
            "scenario id `mini\\u{1b}]0;pwned\\u{7}`",
            "there is no node `lost\\u{1b}]0;pwned\\u{7}`",
            "condition `not asked\\u{1b}]0;pwned\\u{7}`",
            "node id `retained\\u{1b}]0;pwned\\u{7}`",
        ] {
            assert!(out.contains(quoted), "no {quoted} in:\n{out}");
        }
    }
    // The error line that names the file as given on the command line.
    assert!(
        play.stderr.contains("frontdesk: error: "),
        "{}",
        play.stderr
    );
}

#[test]
fn a_missing_file_or_unknown_id_with_escapes_is_quoted_escaped() {
    let dir = tempfile::tempdir().unwrap();
    for spec in [format!("nope{OSC}.yaml"), format!("nope{OSC}")] {
        let out = run(fd(dir.path()).args(["play", &spec, "--plain"]));
        assert_eq!(out.code, 2);
        assert_no_raw_controls("stderr", &out.stderr);
        assert!(
            out.stderr.contains("nope\\u{1b}]0;pwned\\u{7}"),
            "{}",
            out.stderr
        );
    }
}

#[test]
fn hostile_trainee_names_are_refused_on_entry() {
    let dir = tempfile::tempdir().unwrap();
    let long = "a".repeat(61);
    for name in [
        format!("anna{OSC}"),
        "anna\n# Injected heading".to_string(),
        "anna\u{202e}".to_string(),
        long,
        "  ".to_string(),
    ] {
        let out = run(fd(dir.path())
            .args(["play", MINI, "--plain", "--choices", "1,1", "--trainee"])
            .arg(&name));
        assert_eq!(out.code, 2, "{name:?}: {}", out.stderr);
        assert!(out.stderr.contains("trainee name"), "{}", out.stderr);
        assert_no_raw_controls("stderr", &out.stderr);
        // `history --trainee` checks it too.
        let out = run(fd(dir.path()).args(["history", "--trainee"]).arg(&name));
        assert_eq!(out.code, 2, "{name:?}: {}", out.stderr);
    }
    // The login name is checked the same way when no --trainee is given.
    let out = run(fd(dir.path()).env("USER", format!("x{OSC}")).args([
        "play",
        MINI,
        "--plain",
        "--choices",
        "1,1",
    ]));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("$USER"), "{}", out.stderr);
    // Sixty characters of Cyrillic are a name.
    let ok = "Я".repeat(60);
    let out = run(fd(dir.path())
        .args(["play", MINI, "--plain", "--choices", "1,1", "--trainee"])
        .arg(&ok));
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn formulas_and_markdown_in_trainee_names_are_neutralised_in_exports() {
    let dir = tempfile::tempdir().unwrap();
    let names = [
        "=HYPERLINK(\"http://evil\",\"x\")",
        "+cmd|' /C calc'!A0",
        "@SUM(1+1)",
        "-2+3",
        "# Heading [link](http://evil) **b** <i>x</i> | cell",
    ];
    for n in names {
        let out = run(fd(dir.path())
            .args(["play", MINI, "--plain", "--choices", "1,1"])
            .arg(format!("--trainee={n}")));
        assert_eq!(out.code, 0, "{n}: {}", out.stderr);
    }
    let csv = run(fd(dir.path()).args(["export", "--format", "csv"]));
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    let mut rd = csv::Reader::from_reader(csv.stdout.as_bytes());
    let trainees: Vec<String> = rd
        .records()
        .map(|r| r.unwrap().get(1).unwrap().to_string())
        .collect();
    assert_eq!(trainees.len(), names.len());
    for t in &trainees {
        assert!(
            !t.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "a cell a spreadsheet would run: {t}"
        );
    }
    for n in &names[..4] {
        assert!(
            trainees.contains(&format!("'{n}")),
            "{n} not kept behind a quote"
        );
    }
    let md = run(fd(dir.path()).args(["export", "--format", "md"]));
    assert_eq!(md.code, 0, "{}", md.stderr);
    assert!(
        md.stdout.contains(
            "## \\# Heading \\[link\\](http://evil) \\*\\*b\\*\\* \\<i\\>x\\</i\\> \\| cell"
        ),
        "{}",
        md.stdout
    );
    assert!(!md.stdout.lines().any(|l| l.starts_with("# Heading")));
    let history = run(fd(dir.path()).arg("history"));
    assert_no_raw_controls("history", &history.stdout);
}

#[test]
fn more_replies_than_decisions_are_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(fd(dir.path()).args([
        "play",
        MINI,
        "--plain",
        "--choices",
        "1,1,2,3",
        "--no-shuffle",
    ]));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("--choices gave 2 more replies than the conversation had decisions (2)"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_folder_scenario_replacing_a_bundled_one_is_said_and_listed_with_its_origin() {
    let dir = tempfile::tempdir().unwrap();
    let bundled = frontdesk::scenario::Library::bundled();
    let (file, _) = bundled.find_file("child-patient", "en").unwrap();
    let copy = dir.path().join("mine.yaml");
    std::fs::write(&copy, file.text.as_bytes()).unwrap();
    let out = run(fd(dir.path())
        .arg("--scenarios")
        .arg(dir.path())
        .arg("list"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "mine.yaml replaces the bundled scenario `child-patient` (en) from scenarios/en/"
        ),
        "{}",
        out.stderr
    );
    let line = out
        .stdout
        .lines()
        .find(|l| l.starts_with("child-patient "))
        .unwrap();
    assert!(line.ends_with(&format!("({})", copy.display())), "{line}");
    let json = run(fd(dir.path())
        .arg("--scenarios")
        .arg(dir.path())
        .args(["list", "--json"]));
    let items: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let item = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "child-patient")
        .unwrap();
    assert_eq!(item["bundled"], false);
    assert_eq!(item["origin"], copy.display().to_string());
}

mod special_files {
    use super::*;

    fn mkfifo(path: &Path) {
        let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
    }

    /// The test fails (rather than hangs) if reading blocks: each command has a timeout.
    #[test]
    fn a_fifo_given_as_a_scenario_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.yaml");
        mkfifo(&fifo);
        for args in [vec!["play", "--plain"], vec!["check"], vec!["stats"]] {
            let mut c = fd(dir.path());
            c.args(&args[..1]).arg(&fifo).args(&args[1..]);
            c.timeout(Duration::from_secs(10));
            let out = run(&mut c);
            assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
            assert!(
                out.stderr.contains("named pipe (FIFO), not a regular file"),
                "{args:?}: {}",
                out.stderr
            );
        }
        // The importer reads only regular files too.
        let twee = dir.path().join("story.twee");
        mkfifo(&twee);
        let out = run(fd(dir.path())
            .arg("import")
            .arg(&twee)
            .timeout(Duration::from_secs(10)));
        assert_eq!(out.code, 2, "{}", out.stderr);
    }

    #[test]
    fn a_fifo_or_broken_link_in_a_folder_is_skipped_with_a_notice() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("scenarios");
        std::fs::create_dir(&folder).unwrap();
        std::fs::copy(MINI, folder.join("mini.yaml")).unwrap();
        mkfifo(&folder.join("a-pipe.yaml"));
        std::os::unix::fs::symlink("/nonexistent/x.yaml", folder.join("gone.yaml")).unwrap();
        for args in [
            vec!["list"],
            vec!["play", "mini", "--plain", "--choices", "1,1"],
        ] {
            let out = run(fd(dir.path())
                .arg("--scenarios")
                .arg(&folder)
                .args(&args)
                .timeout(Duration::from_secs(10)));
            assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
            assert!(
                out.stderr
                    .contains("a-pipe.yaml is skipped: it is a named pipe"),
                "{}",
                out.stderr
            );
            assert!(
                out.stderr.contains("gone.yaml is skipped:"),
                "{}",
                out.stderr
            );
        }
        let out = run(fd(dir.path()).arg("--scenarios").arg(&folder).arg("list"));
        assert!(
            out.stdout.lines().any(|l| l.starts_with("mini ")),
            "{}",
            out.stdout
        );
    }

    #[test]
    fn the_library_checks_the_opened_descriptor_too() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("p.yaml");
        mkfifo(&fifo);
        let start = std::time::Instant::now();
        let err = frontdesk::scenario::SourceFile::read(&fifo).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
        assert!(start.elapsed() < Duration::from_secs(2));
        let err = frontdesk::scenario::library::open_regular(dir.path()).unwrap_err();
        assert!(err.to_string().contains("a folder"), "{err}");
        let err = frontdesk::scenario::library::open_regular(Path::new("/dev/null")).unwrap_err();
        assert!(err.to_string().contains("a device"), "{err}");
    }
}

mod drawing {
    use frontdesk::engine::Mode;
    use frontdesk::i18n::Lang;
    use frontdesk::scenario::{Library, check_str};
    use frontdesk::tui::theme::{Theme, ThemeName};
    use frontdesk::tui::{App, Seeding};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use std::sync::Arc;

    /// Text that changes width or moves the cursor in a terminal, one kind per entry.
    pub const TRICKY: &[(&str, &str)] = &[
        ("zero-width space", "a\u{200b}b\u{200b}c"),
        ("zero-width joiner", "x\u{200d}y"),
        ("word joiner / BOM", "p\u{2060}q\u{feff}r"),
        ("soft hyphen", "Stan\u{ad}dard"),
        ("combining mark at line start", "\u{301}abc \u{301}"),
        ("combining marks stacked", "e\u{301}\u{302}\u{303}\u{304}"),
        ("variation selector 16", "\u{2764}\u{fe0f} \u{263a}\u{fe0f}"),
        ("variation selector 15", "\u{1f600}\u{fe0e}"),
        ("wide emoji", "\u{1f600}\u{1f600}\u{1f600}"),
        ("ZWJ family", "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}"),
        ("flags", "\u{1f1f7}\u{1f1fa}\u{1f1fa}\u{1f1e6}"),
        ("skin tone", "\u{1f44d}\u{1f3fd}"),
        ("CJK", "漢字かなカナ"),
        ("Hangul jamo", "\u{1100}\u{1161}\u{11a8}"),
        (
            "a long word of VS16 emoji",
            "\u{2764}\u{fe0f}\u{2764}\u{fe0f}\u{2764}\u{fe0f}\u{2764}\u{fe0f}\u{2764}\u{fe0f}\u{2764}\u{fe0f}\u{2764}\u{fe0f}\u{2764}\u{fe0f}\u{2764}\u{fe0f}\u{2764}\u{fe0f}\u{2764}\u{fe0f}\u{2764}\u{fe0f}\u{2764}\u{fe0f}\u{2764}\u{fe0f}\u{2764}\u{fe0f}\u{2764}\u{fe0f}\u{2764}\u{fe0f}\u{2764}\u{fe0f}\u{2764}\u{fe0f}\u{2764}\u{fe0f}\u{2764}\u{fe0f}\u{2764}\u{fe0f}\u{2764}\u{fe0f}\u{2764}\u{fe0f}\u{2764}\u{fe0f}\u{2764}\u{fe0f}\u{2764}\u{fe0f}\u{2764}\u{fe0f}\u{2764}\u{fe0f}\u{2764}\u{fe0f}\u{2764}\u{fe0f}\u{2764}\u{fe0f}\u{2764}\u{fe0f}\u{2764}\u{fe0f}\u{2764}\u{fe0f}\u{2764}\u{fe0f}\u{2764}\u{fe0f}\u{2764}\u{fe0f}\u{2764}\u{fe0f}\u{2764}\u{fe0f}",
        ),
    ];

    fn scenario_with(text: &str) -> String {
        let long = format!("{text} ").repeat(30);
        std::fs::read_to_string(super::MINI)
            .unwrap()
            .replace("The phone rings.", &format!("\"{long}\""))
            .replace(
                "\"Who is the appointment for?\"",
                &format!("\"{text} Who?\""),
            )
            .replace("What do you ask first?", &format!("\"{text}\""))
    }

    /// The rows of the screen as strings, one cell each (a wide character's trailing cell is
    /// empty in ratatui's buffer).
    fn rows(t: &Terminal<TestBackend>) -> Vec<Vec<String>> {
        let buf = t.backend().buffer();
        (0..buf.area.height)
            .map(|y| {
                (0..buf.area.width)
                    .map(|x| buf[(x, y)].symbol().to_string())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn text_that_changes_width_keeps_borders_and_neighbours_in_place() {
        for (what, text) in TRICKY {
            let src = scenario_with(text);
            let checked = check_str(&src);
            let s = Arc::new(
                checked
                    .scenario
                    .unwrap_or_else(|| panic!("{what}: {:?}", checked.diagnostics)),
            );
            let lib = Library::empty();
            let mut app = App::new(
                &lib,
                Lang::EN,
                Mode::Practice,
                Theme::new(ThemeName::Dark, false),
                Seeding {
                    seed: Some(1),
                    shuffle: false,
                },
            );
            app.start(&s);
            for (w, h) in [(80u16, 24u16), (47, 30), (120, 40)] {
                let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
                t.draw(|f| f.render_widget(&app, f.area())).unwrap();
                let rows = rows(&t);
                // Every cell's content is at most as wide as the cells it covers: a cell
                // holding a wide character is followed by a blank continuation cell, no cell
                // holds a character that moves the cursor, and the cells of a row add up to
                // exactly the width of the screen.
                for (y, row) in rows.iter().enumerate() {
                    let mut x = 0;
                    let mut drawn = 0;
                    while x < row.len() {
                        let sym = &row[x];
                        let cw = unicode_width::UnicodeWidthStr::width(sym.as_str());
                        assert!(
                            !sym.chars().any(frontdesk::scenario::text::is_control),
                            "{what} {w}x{h}: control in cell ({x},{y})"
                        );
                        assert!(
                            cw <= 2,
                            "{what} {w}x{h}: cell ({x},{y}) {sym:?} is {cw} wide"
                        );
                        // A cell of width 0 (a lone combining mark, a zero-width space) would
                        // be drawn as nothing: everything right of it would shift left.
                        assert!(cw >= 1, "{what} {w}x{h}: cell ({x},{y}) {sym:?} is 0 wide");
                        drawn += cw;
                        if cw == 2 {
                            assert!(x + 1 < row.len(), "{what}: wide cell at the edge ({x},{y})");
                            assert!(
                                matches!(row[x + 1].as_str(), " " | ""),
                                "{what} {w}x{h}: ({},{y}) under a wide character holds {:?}",
                                x + 1,
                                row[x + 1]
                            );
                            x += 1;
                        }
                        x += 1;
                    }
                    assert_eq!(drawn, usize::from(w), "{what} {w}x{h}: row {y}");
                }
                // The borders: every `│` that starts a row has its partner in the last
                // column, and the frame's corners are where a frame's corners go.
                let text = rows
                    .iter()
                    .map(|r| r.concat())
                    .collect::<Vec<_>>()
                    .join("\n");
                for (y, row) in rows.iter().enumerate() {
                    if row[0] == "│" {
                        assert_eq!(
                            row[usize::from(w) - 1],
                            "│",
                            "{what} {w}x{h}: row {y} lost its right border:\n{text}"
                        );
                    }
                }
            }
        }
    }
}
