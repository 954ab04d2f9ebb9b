//! Helpers shared by the snapshot tests.

use ratatui::backend::TestBackend;
use ratatui::buffer::Cell;
use ratatui::style::{Color, Modifier};
use std::fmt::Write;

/// The screen as `TestBackend` prints it (the text, unchanged), then its styles: one line per
/// screen row that has any, `row: first-last fg=… bg=… bold …` for each run of cells that share
/// a style, columns counted from 0. Runs in the terminal's default style are left out, so a
/// theme change shows up as a diff of this part while the text part stays the same.
pub fn styled(backend: &TestBackend) -> String {
    let buf = backend.buffer();
    let mut out = format!("{backend}--- styles ---\n");
    let width = buf.area.width as usize;
    for (y, row) in buf.content().chunks(width.max(1)).enumerate() {
        let mut runs = Vec::new();
        let mut start = 0;
        for x in 1..=row.len() {
            if x == row.len() || style(&row[x]) != style(&row[start]) {
                let s = describe(&row[start]);
                if !s.is_empty() {
                    runs.push(format!("{start}-{} {s}", x - 1));
                }
                start = x;
            }
        }
        if !runs.is_empty() {
            writeln!(out, "{y:>2}: {}", runs.join("; ")).unwrap();
        }
    }
    out
}

fn style(c: &Cell) -> (Color, Color, Modifier) {
    (c.fg, c.bg, c.modifier)
}

fn describe(c: &Cell) -> String {
    let mut parts = Vec::new();
    if c.fg != Color::Reset {
        parts.push(format!("fg={:?}", c.fg));
    }
    if c.bg != Color::Reset {
        parts.push(format!("bg={:?}", c.bg));
    }
    for (name, _) in c.modifier.iter_names() {
        parts.push(name.to_lowercase());
    }
    parts.join(" ")
}

/// Moves the trainer's clock on a second, so the feedback has been on screen long enough for
/// `Enter` to continue.
pub fn later(app: &mut frontdesk::tui::App<'_>) {
    let now = app.now();
    app.fixed_now = Some(now + chrono::Duration::seconds(1));
}

/// Plays the conversation on screen to its debrief, always with the first reply: through the
/// feedback (practice) and the ending.
pub fn play_to_debrief(app: &mut frontdesk::tui::App<'_>) {
    use frontdesk::tui::keys::{Action, Context};
    for _ in 0..80 {
        match app.context() {
            Context::Debrief => return,
            Context::Ending | Context::Feedback => {
                later(app);
                app.update(Action::Confirm);
            }
            Context::Choosing => app.update(Action::Pick(0)),
            other => panic!("unexpected {other:?} on the way to the debrief"),
        }
    }
    panic!("the conversation never ended");
}

/// How many scenario files the bundled library holds, counted on disk (`scenarios/<lang>/`), so
/// tests that walk the whole library notice a file the library failed to load.
pub fn bundled_file_count() -> usize {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .flat_map(|lang| std::fs::read_dir(lang.path()).unwrap().flatten())
        .filter(|f| f.path().extension().is_some_and(|e| e == "yaml"))
        .count()
}

/// Runs `c`, which must succeed (its stderr is the failure message), and returns its stdout.
pub fn stdout(c: &mut assert_cmd::Command) -> String {
    String::from_utf8(success(c)).unwrap()
}

/// Runs `c`, which must succeed, and reads its stdout as JSON.
pub fn stdout_json(c: &mut assert_cmd::Command) -> serde_json::Value {
    serde_json::from_slice(&success(c)).unwrap()
}

fn success(c: &mut assert_cmd::Command) -> Vec<u8> {
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// The binary for trainee `anna` with its data in `data`, deaf to the caller's language and
/// data folder, stopped after a minute.
pub fn fd_for_anna(data: &std::path::Path) -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("frontdesk").unwrap();
    c.env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("FRONTDESK_DATA_DIR");
    c.args(["--data-dir", data.to_str().unwrap(), "--trainee", "anna"]);
    c.timeout(std::time::Duration::from_secs(60));
    c
}

/// A practice `App` in the dark theme with colour, its clock fixed so that the double-press
/// guard never holds a test's keys back.
pub fn practice_app(
    lib: &frontdesk::scenario::Library,
    lang: frontdesk::i18n::Lang,
    seeding: frontdesk::tui::Seeding,
) -> frontdesk::tui::App<'_> {
    use frontdesk::tui::theme::{Theme, ThemeName};
    let mut app = frontdesk::tui::App::new(
        lib,
        lang,
        frontdesk::engine::Mode::Practice,
        Theme::new(ThemeName::Dark, true),
        seeding,
    );
    app.fixed_now = Some(chrono::DateTime::from_timestamp(1_795_000_000, 0).unwrap());
    app
}
