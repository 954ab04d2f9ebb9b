//! The full-screen trainer (ratatui + crossterm): one [`App`] state, one input path
//! (key → [`keys::action_for`] → [`App::update`]) and drawing that never changes state.

pub mod app;
mod common;
mod conversation;
mod debrief;
mod home;
pub mod keys;
mod phrasebook;
mod present;
mod progress;
pub mod theme;
pub mod wrap;

pub use app::{App, Effect, PresenterOptions, Screen, Seeding};
pub use common::{MIN_HEIGHT, MIN_WIDTH};

use anyhow::Result;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{self, Event};
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

impl Widget for &App<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.lang.texts();
        if common::Tier::of(area) == common::Tier::TooSmall {
            common::too_small(area, buf, t);
            return;
        }
        match &self.screen {
            Screen::Home => home::render(self, area, buf),
            Screen::Conversation(c) => conversation::render(self, c, area, buf),
            Screen::Debrief(d) => debrief::render(self, d, area, buf),
            Screen::Phrasebook(p) => phrasebook::render(self, p, area, buf),
            Screen::Present(p) => present::render(self, p, area, buf),
            Screen::Progress(p) => progress::render(self, p, area, buf),
        }
        if let Some(errors) = &self.watch_errors {
            common::watch_errors(self, errors, area, buf);
        }
        if self.help {
            let screen_ctx = {
                // The help lists the keys of the screen beneath it.
                let mut under = self.context();
                if under == keys::Context::Help {
                    under = match &self.screen {
                        Screen::Home => keys::Context::Home,
                        Screen::Conversation(c) if c.feedback.is_some() => keys::Context::Feedback,
                        Screen::Conversation(_) => keys::Context::Choosing,
                        Screen::Debrief(_) => keys::Context::Debrief,
                        Screen::Phrasebook(_) => keys::Context::Phrasebook,
                        Screen::Present(_) => keys::Context::Present,
                        Screen::Progress(_) => keys::Context::Progress,
                    };
                }
                under
            };
            common::help_overlay(self, screen_ctx, area, buf);
        }
    }
}

/// Restores the terminal when dropped: raw mode off, main screen back, cursor shown — on
/// return, on error and while unwinding from a panic.
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        ratatui::restore();
        let _ = ratatui::crossterm::execute!(std::io::stdout(), ratatui::crossterm::cursor::Show);
    }
}

/// Runs the trainer in the terminal until the user quits. The terminal is restored on return,
/// on error and on panic (ratatui's hook restores before the panic message is printed; ours
/// shows the cursor first).
pub fn run(app: &mut App<'_>, mut store: Option<&mut crate::store::Store>) -> Result<()> {
    let mut terminal = ratatui::init();
    let _guard = TerminalGuard;
    let ratatui_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = ratatui::crossterm::execute!(std::io::stdout(), ratatui::crossterm::cursor::Show);
        ratatui_hook(info);
    }));
    event_loop(&mut terminal, app, &mut store)
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App<'_>,
    store: &mut Option<&mut crate::store::Store>,
) -> Result<()> {
    // Lets the end-to-end test prove the terminal is restored after a panic.
    let panic_for_test = std::env::var_os("FRONTDESK_TEST_PANIC").is_some();
    while !app.quit {
        terminal.draw(|f| f.render_widget(&*app, f.area()))?;
        if panic_for_test {
            panic!("FRONTDESK_TEST_PANIC is set");
        }
        // Block until something happens: no input, no CPU. Only a running discussion
        // countdown wakes the loop, once a second.
        if app.timer_running() && !event::poll(std::time::Duration::from_secs(1))? {
            app.update(keys::Action::Tick);
            continue;
        }
        match event::read()? {
            Event::Key(key) => {
                if let Some(action) = keys::action_for(app.context(), key) {
                    app.update(action);
                }
            }
            Event::Resize(..) => {}
            _ => {}
        }
        perform_effects(app, store.as_deref_mut());
    }
    perform_effects(app, store.as_deref_mut());
    Ok(())
}

/// What live preview watches: the file, and where new versions are kept while the session lasts
/// (each reload keeps the previous version alive for the runs that point into it).
pub struct Watch<'a> {
    /// The scenario file.
    pub path: std::path::PathBuf,
    /// Versions loaded so far.
    pub versions: &'a typed_arena::Arena<crate::scenario::Scenario>,
}

/// Runs the trainer on a scenario file that reloads whenever it is saved. Between keys the loop
/// wakes four times a second to look for file events; no other mode polls.
pub fn run_watching<'a>(
    app: &mut App<'a>,
    store: Option<&mut crate::store::Store>,
    watch: Watch<'a>,
) -> Result<()> {
    use notify::Watcher;
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |e: notify::Result<notify::Event>| {
        let _ = tx.send(e);
    })?;
    // Editors often save by writing a new file and renaming it: watch the folder.
    let dir = watch
        .path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    watcher.watch(dir, notify::RecursiveMode::NonRecursive)?;
    let name = watch.path.file_name().map(|n| n.to_os_string());

    let mut terminal = ratatui::init();
    let _guard = TerminalGuard;
    let mut store = store;
    while !app.quit {
        terminal.draw(|f| f.render_widget(&*app, f.area()))?;
        if event::poll(std::time::Duration::from_millis(250))? {
            if let Event::Key(key) = event::read()?
                && let Some(action) = keys::action_for(app.context(), key)
            {
                app.update(action);
            }
            perform_effects(app, store.as_deref_mut());
        }
        let mut changed = false;
        while let Ok(event) = rx.try_recv() {
            if let Ok(event) = event {
                changed |= event
                    .paths
                    .iter()
                    .any(|p| p.file_name().map(|n| n.to_os_string()) == name);
            }
        }
        if changed {
            reload(app, &watch);
        }
    }
    perform_effects(app, store);
    Ok(())
}

fn reload<'a>(app: &mut App<'a>, watch: &Watch<'a>) {
    let file = match crate::scenario::SourceFile::read(&watch.path) {
        Ok(f) => f,
        // Mid-save the file may be briefly missing: the next event brings it back.
        Err(_) => return,
    };
    let name = watch.path.display().to_string();
    if file.checked.has_errors() {
        let lines = file
            .diagnostics()
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.display(&name).to_string())
            .collect();
        app.watch_errors = Some(lines);
        return;
    }
    if let Some(s) = file.checked.scenario {
        let s: &'a crate::scenario::Scenario = watch.versions.alloc(s);
        app.reload(s);
        app.notice = Some(format!("{} ✓", name));
    }
}

/// Does the I/O that updating state asked for, and reports the result on screen.
pub fn perform_effects(app: &mut App<'_>, mut store: Option<&mut crate::store::Store>) {
    let t = app.lang.texts();
    for effect in std::mem::take(&mut app.effects) {
        match effect {
            Effect::Record(r) => {
                let Some(store) = store.as_deref_mut() else {
                    continue;
                };
                match store.record(&r) {
                    Ok(()) => {
                        if let Ok(runs) = store.runs(Some(&app.history.trainee), None) {
                            app.set_runs(runs);
                        }
                    }
                    Err(e) => app.notice = Some(e.to_string()),
                }
            }
            Effect::WriteReport {
                path,
                markdown,
                force,
            } => {
                let result = write_new(&path, &markdown, force);
                app.notice = Some(match result {
                    Ok(()) => format!("{} {}", t.report_written(), path.display()),
                    Err(e) => format!("{} {}: {e}", t.report_failed(), path.display()),
                });
            }
        }
    }
}

/// Writes a file that must not exist yet, unless `force`.
pub fn write_new(path: &std::path::Path, text: &str, force: bool) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    options.open(path)?.write_all(text.as_bytes())
}
