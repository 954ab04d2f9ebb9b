//! The full-screen trainer (ratatui + crossterm): one [`App`] state, one input path
//! (key → [`keys::action_for`] → [`App::update`]) and drawing that never changes state.

pub mod app;
pub mod bigtext;
mod common;
pub mod console;
mod conversation;
mod debrief;
pub mod events;
mod home;
mod intro;
pub mod keys;
mod phrasebook;
mod present;
mod progress;
pub mod theme;
pub mod wrap;

pub use app::{App, Effect, Screen, Seeding};
pub use common::{MIN_HEIGHT, MIN_WIDTH};
pub use conversation::Conversation;
pub use debrief::Debrief;
pub use intro::Intro;
pub use phrasebook::{Phrase, Phrasebook};
pub use present::console::{key_event, trainer_view, wire_key};
pub use present::{PhoneBallots, PhonesLink, Presenter, PresenterOptions};
pub use progress::ProgressScreen;

use anyhow::Result;
use ratatui::buffer::Buffer;
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
            Screen::Intro(i) => intro::render(self, i, area, buf),
        }
        if let Some(errors) = &self.watch_errors {
            common::watch_errors(self, errors, area, buf);
        }
        if self.help {
            // The help lists the keys of the screen beneath it.
            let screen_ctx = self.screen_context();
            common::help_overlay(self, screen_ctx, area, buf);
        }
    }
}

/// Restores the terminal when dropped: raw mode off, main screen back, cursor shown — on
/// return, on error and while unwinding from a panic.
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

fn restore_terminal() {
    ratatui::restore();
    let _ = ratatui::crossterm::execute!(std::io::stdout(), ratatui::crossterm::cursor::Show);
}

/// How the trainer's loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The user quit.
    Quit,
    /// A termination signal arrived; the caller should exit with `128 + signal`.
    Signal(i32),
}

/// Runs the trainer in the terminal until the user quits or a termination signal arrives.
/// With `watch`, the scenario file at that path reloads whenever it is saved. The terminal is
/// restored on return, on error, on a signal and on panic (the hook restores first, then
/// chains to the previous hook so the message lands on a sane screen).
pub fn run(
    app: &mut App<'_>,
    store: Option<&mut crate::store::Store>,
    watch: Option<&std::path::Path>,
) -> Result<Ending> {
    run_with(app, store, watch, events::EventSource::new())
}

/// [`run`] with an event source made beforehand, whose [`sender`](events::EventSource::sender)
/// another producer (the phones' web server) already holds.
pub fn run_with(
    app: &mut App<'_>,
    store: Option<&mut crate::store::Store>,
    watch: Option<&std::path::Path>,
    events: events::EventSource,
) -> Result<Ending> {
    // The line about sending to the LRS is redrawn as soon as it changes.
    if let Some(x) = &app.xapi {
        let tx = events.sender();
        x.on_change(move || {
            let _ = tx.send(events::Event::Resize);
        });
    }
    let mut events = events.with_signals()?;
    if let Some(path) = watch {
        events = events.with_watch(path)?;
    }
    in_terminal(events, |terminal, events| {
        event_loop(terminal, app, store, events, watch)
    })
}

/// Takes the terminal for `body` and gives it back whatever happens: restored on return, on
/// error and on panic (the hook restores first, then chains to the previous one). The terminal's
/// keys join `events` once it is taken.
fn in_terminal<T>(
    events: events::EventSource,
    body: impl FnOnce(&mut ratatui::DefaultTerminal, &mut events::EventSource) -> Result<T>,
) -> Result<T> {
    let mut terminal = ratatui::init();
    let _guard = TerminalGuard;
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous_hook(info);
    }));
    let mut events = events.with_terminal();
    body(&mut terminal, &mut events)
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App<'_>,
    mut store: Option<&mut crate::store::Store>,
    events: &mut events::EventSource,
    watch: Option<&std::path::Path>,
) -> Result<Ending> {
    // Lets the end-to-end test prove the terminal is restored after a panic.
    let panic_for_test = std::env::var_os("FRONTDESK_TEST_PANIC").is_some();
    // Lets the start-up bench time a whole process up to its first frame.
    let exit_after_first_frame = std::env::var_os("FRONTDESK_EXIT_AFTER_FIRST_FRAME").is_some();
    let mut ending = Ending::Quit;
    app.publish_room();
    app.publish_console();
    while !app.quit {
        let frame = terminal.draw(|f| f.render_widget(&*app, f.area()))?;
        app.too_small = common::Tier::of(frame.area) == common::Tier::TooSmall;
        if panic_for_test {
            panic!("FRONTDESK_TEST_PANIC is set");
        }
        if exit_after_first_frame {
            break;
        }
        let Some(first) = events.next(app.timer_running()) else {
            break;
        };
        // Handle a burst (a paste, a key held down) before drawing again.
        let mut next = Some(first);
        while let Some(event) = next {
            if let Some(e) = handle(app, event, watch) {
                ending = e;
            }
            perform_effects(app, store.as_deref_mut());
            next = if app.quit { None } else { events.pending() };
        }
        app.publish_room();
        app.publish_console();
    }
    perform_effects(app, store);
    if let Some(link) = &app.presenter_options.phones {
        link.publish.publish(crate::engine::room::RoomView {
            ended: true,
            ..Default::default()
        });
    }
    if let Some(publish) = &app.presenter_options.console {
        publish.publish(crate::engine::console::TrainerView {
            lang: app.lang.code().to_string(),
            ended: true,
            ..Default::default()
        });
    }
    Ok(ending)
}

/// Applies one event to the trainer and publishes the room's view (for front ends driven
/// through the library, as the event loop does after each burst).
pub fn step(app: &mut App<'_>, event: events::Event) -> Option<Ending> {
    let ending = handle(app, event, None);
    perform_effects(app, None);
    app.publish_room();
    app.publish_console();
    ending
}

/// Applies one event to the trainer. Keys go through the key map; ticks, file changes and
/// signals have their own doors, so a tick can never close help or unblank the screen.
fn handle(
    app: &mut App<'_>,
    event: events::Event,
    watch: Option<&std::path::Path>,
) -> Option<Ending> {
    use events::Event;
    match event {
        Event::Key(key) => {
            // While the window is too small only quitting works (the context says so).
            if let Some(action) = keys::action_for(app.context(), key) {
                app.update(action);
            }
        }
        Event::Tick => app.tick(),
        Event::FileChanged => {
            if let Some(path) = watch {
                reload(app, path);
            }
        }
        Event::Signal(sig) => {
            app.update(keys::Action::Quit);
            return Some(Ending::Signal(sig));
        }
        Event::InputClosed => app.update(keys::Action::Quit),
        Event::Vote { token, letter } => app.phone_ballot(token, letter),
        Event::PhoneJoined => app.phone_joined(),
        Event::Console(key) => app.console_key(key),
        // Only a console's own loop reads these.
        Event::Session(_) | Event::SessionGone => {}
        Event::Resize => {
            // The next frame decides; until then keys are taken at the size they were.
            if let Ok((w, h)) = ratatui::crossterm::terminal::size() {
                app.too_small = common::Tier::of(Rect::new(0, 0, w, h)) == common::Tier::TooSmall;
            }
        }
    }
    None
}

fn reload(app: &mut App<'_>, path: &std::path::Path) {
    let name = path.display().to_string();
    let file = match crate::scenario::SourceFile::read(path) {
        Ok(f) => f,
        // Mid-save the file may be briefly missing (the next event brings it back), or it was
        // deleted or replaced by something that is not a regular file: either way the last
        // version stays, and the header says why.
        Err(e) => {
            let t = app.lang.texts();
            app.notice = Some(if e.kind() == std::io::ErrorKind::NotFound {
                format!("{name} {}", t.watch_removed())
            } else {
                format!("{name} {} ({e})", t.watch_unreadable())
            });
            return;
        }
    };
    if file.has_errors() {
        let lines = file
            .diagnostics()
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.display(&name).to_string())
            .collect();
        app.watch_errors = Some(lines);
        return;
    }
    if let Some(s) = file.scenario() {
        app.reload(std::sync::Arc::clone(s));
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
                        // The run is queued for the LRS by the same transaction; its own
                        // thread sends it, and no screen waits.
                        if let Some(x) = &app.xapi {
                            x.kick();
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
                let result = crate::output::write_new(&path, &markdown, force);
                app.notice = Some(match result {
                    Ok(()) => format!("{} {}", t.report_written(), path.display()),
                    // The error names the path already.
                    Err(e) => format!("{}: {e}", t.report_failed()),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Mode;
    use crate::i18n::Lang;
    use crate::scenario::Library;

    const MINI: &str = include_str!("../../tests/fixtures/good/mini.yaml");

    /// `--watch`: a file that is deleted, or replaced by a FIFO, leaves the last version on
    /// screen with a notice that says so; reading never blocks.
    #[test]
    fn a_removed_or_special_watched_file_keeps_the_last_version_and_says_so() {
        let lib = Library::empty();
        let mut app = App::new(
            &lib,
            Lang::EN,
            Mode::Practice,
            crate::tui::theme::Theme::new(crate::tui::theme::ThemeName::Dark, false),
            Seeding {
                seed: Some(1),
                shuffle: false,
            },
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mini.yaml");
        std::fs::write(&path, MINI).unwrap();
        let s = std::sync::Arc::new(crate::scenario::check_str(MINI).scenario.unwrap());
        app.start(&s);
        reload(&mut app, &path);
        assert!(app.notice.as_deref().unwrap().ends_with('✓'));

        std::fs::remove_file(&path).unwrap();
        reload(&mut app, &path);
        let notice = app.notice.clone().unwrap();
        assert!(
            notice.contains("mini.yaml was removed; the last version stays until it is back"),
            "{notice}"
        );

        let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        let start = std::time::Instant::now();
        reload(&mut app, &path);
        assert!(start.elapsed() < std::time::Duration::from_secs(2));
        let notice = app.notice.clone().unwrap();
        assert!(notice.contains("cannot be read"), "{notice}");
        assert!(notice.contains("named pipe (FIFO)"), "{notice}");

        // A notice quoting a hostile file name is drawn escaped.
        app.notice = Some("bad\u{1b}]0;pwned\u{7}.yaml ✓".to_string());
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 24)).unwrap();
        t.draw(|f| f.render_widget(&app, f.area())).unwrap();
        let screen: String = t
            .backend()
            .buffer()
            .content()
            .iter()
            .map(|c| c.symbol())
            .collect();
        assert!(screen.contains("bad\\u{1b}]0;pwned\\u{7}.yaml"), "{screen}");
        assert!(!screen.chars().any(crate::scenario::text::is_control));
    }
}
