//! The presenter: a group session on a projector. This file holds the session's state on the
//! screen and how keys change it; `draw.rs` draws it (one thing at a time, centred, big text
//! where it fits, exact projector colours; nothing about verdicts before the reveal).

pub mod console;
mod draw;
mod phones;
mod verdicts;

pub use draw::render;
pub use phones::{PhoneBallots, PhonesLink};

use super::app::{App, Effect, Screen};
use super::keys::Action;
use crate::engine::group::{GroupSession, Stage};
use crate::engine::{Run, RunOptions, Utterance, Who};
use crate::i18n::Texts;
use crate::scenario::Scenario;
use chrono::{DateTime, Utc};
use std::path::PathBuf;
use std::sync::Arc;

/// Settings of group sessions, from `frontdesk present`.
#[derive(Debug, Clone, Default)]
pub struct PresenterOptions {
    /// Seconds on the discussion countdown.
    pub timer: Option<u32>,
    /// Where to write the Markdown report.
    pub report: Option<PathBuf>,
    /// Overwrite an existing report.
    pub force: bool,
    /// Started from the command line: the program ends with the session (from Home, the
    /// trainer goes back to Home).
    pub return_to_shell: bool,
    /// Votes from phones (`--phones`): where they join, and where the room's view goes.
    pub phones: Option<PhonesLink>,
    /// Where the trainer's view goes for `frontdesk console`.
    pub console: Option<crate::engine::room::Publisher<crate::engine::console::TrainerView>>,
}

/// After a reveal, a second click shows every reply: a double click must not skip the verdict
/// unseen, so a click this soon after a step comes on screen is ignored.
const READ_AT_LEAST_MS: i64 = 600;

/// A group session on the projector.
#[derive(Debug, Clone)]
pub struct Presenter {
    /// The session.
    pub session: GroupSession,
    /// The screen is blanked (`b`); the next key brings it back and still does what it does.
    pub blank: bool,
    /// Esc was pressed once; a second Esc ends the session.
    pub confirm_leave: bool,
    /// Seconds left on the discussion countdown, while it runs.
    pub remaining: Option<u32>,
    /// The report has been written.
    pub reported: bool,
    /// The run has been recorded.
    pub recorded: bool,
    /// When the session started.
    pub started: DateTime<Utc>,
    /// After the verdict: every reply at this decision with its verdict and the room's share.
    pub all_replies: bool,
    /// At a scene after a reveal, PageUp shows that reveal again (every reply) until → .
    pub looking_back: bool,
    /// A count being typed after a letter: the letter, and the digits so far.
    pub typing: Option<(usize, String)>,
    /// When the current step came on screen (for the double-click guard).
    pub step_shown: Option<DateTime<Utc>>,
    /// Ballots from phones at the current decision, and how many phones joined.
    pub phones: PhoneBallots,
}

impl App<'_> {
    /// Opens a group session with `scenario`.
    pub fn present(&mut self, scenario: &Arc<Scenario>) {
        let seed = self.next_seed();
        let session = GroupSession::new(
            Arc::clone(scenario),
            RunOptions {
                seed,
                shuffle: self.seeding.shuffle,
            },
            self.run_mode(),
        );
        self.screen = Screen::Present(Presenter {
            session,
            blank: false,
            confirm_leave: false,
            remaining: None,
            reported: false,
            recorded: false,
            started: self.now(),
            all_replies: false,
            looking_back: false,
            typing: None,
            step_shown: None,
            phones: PhoneBallots::default(),
        });
    }

    /// True while the discussion countdown runs (the event loop then ticks once a second).
    pub fn timer_running(&self) -> bool {
        matches!(&self.screen, Screen::Present(p) if p.remaining.is_some_and(|r| r > 0)
            && matches!(p.session.stage(), Stage::Discuss | Stage::Vote))
    }

    /// Ends a group session: the report is written (marked incomplete if it ended early). A
    /// session started from the command line ends the program; one from Home goes back there.
    pub(super) fn leave_present(&mut self) {
        self.report_if_due(true);
        self.abandon_current();
        self.screen = Screen::Home;
        if self.presenter_options.return_to_shell {
            self.quit = true;
        }
    }

    pub(super) fn report_if_due(&mut self, leaving: bool) {
        let t = self.lang.texts();
        let Screen::Present(p) = &mut self.screen else {
            return;
        };
        let done = p.session.stage() == Stage::Debrief;
        if p.reported || !(done || leaving) {
            return;
        }
        let Some(path) = self.presenter_options.report.clone() else {
            return;
        };
        p.reported = true;
        let markdown = crate::report::group_markdown(&p.session, t, chrono::Local::now());
        self.effects.push(Effect::WriteReport {
            path,
            markdown,
            force: self.presenter_options.force,
        });
    }

    /// A second of the countdown passed. Only the countdown moves: help, a blanked screen and
    /// the "end session?" question stay as they are.
    pub fn tick(&mut self) {
        if let Screen::Present(p) = &mut self.screen
            && let Some(r) = &mut p.remaining
        {
            *r = r.saturating_sub(1);
        }
    }

    pub(super) fn update_present(&mut self, action: Action) {
        let timer = self.presenter_options.timer;
        let now = self.now();
        // Tests fix the clock; a fixed clock never counts as "too soon".
        let clock_runs = self.fixed_now.is_none();
        let Screen::Present(p) = &mut self.screen else {
            return;
        };
        if p.blank {
            p.blank = false;
            // The key that brings the screen back is not lost, unless it only meant "back".
            if matches!(action, Action::Blank | Action::Unblank | Action::Resume) {
                return;
            }
        }
        if p.confirm_leave {
            p.confirm_leave = false;
            if action == Action::Leave {
                self.leave_present();
            }
            return;
        }
        let too_soon = clock_runs
            && p.step_shown
                .is_some_and(|t| (now - t).num_milliseconds() < READ_AT_LEAST_MS);
        match action {
            Action::Advance | Action::Commit => {
                if action == Action::Commit && p.commit_typed() {
                    return;
                }
                p.typing = None;
                if p.looking_back {
                    p.looking_back = false;
                    return;
                }
                if matches!(p.session.stage(), Stage::Reveal) {
                    if too_soon {
                        return;
                    }
                    if !p.all_replies {
                        p.all_replies = true;
                        p.step_shown = Some(now);
                        return;
                    }
                }
                p.all_replies = false;
                let was = p.session.stage();
                p.session.advance();
                let stage = p.session.stage();
                p.step_shown = (stage != was).then_some(now);
                if was == Stage::Scene && stage == Stage::Discuss {
                    p.remaining = timer;
                }
                if stage == Stage::Debrief && !p.recorded {
                    // Recorded as finished, with the room's votes (see `abandon_current`).
                    self.abandon_current();
                }
            }
            Action::StepBack => {
                p.typing = None;
                let g = &mut p.session;
                if p.all_replies {
                    p.all_replies = false;
                } else if g.stage() == Stage::Scene
                    && g.reveals_each_decision()
                    && !g.log().is_empty()
                {
                    p.looking_back = true;
                } else {
                    g.back();
                }
            }
            Action::Letter(i) => {
                let g = &mut p.session;
                if g.stage() == Stage::Choose {
                    g.choose(i);
                } else if i < g.votes().len() && matches!(g.stage(), Stage::Discuss | Stage::Vote) {
                    g.vote(i);
                    p.typing = Some((i, String::new()));
                }
            }
            Action::Digit(d) => p.digit(d),
            Action::Undo => match &mut p.typing {
                Some((_, digits)) if !digits.is_empty() => {
                    digits.pop();
                }
                _ => {
                    p.typing = None;
                    p.session.undo_vote();
                }
            },
            Action::Blank => p.blank = true,
            Action::Leave => p.confirm_leave = true,
            _ => {}
        }
        self.report_if_due(false);
    }
}

impl Presenter {
    /// A digit: part of a count being typed after a letter; alone, a vote by number (1 = A);
    /// `0` alone clears the tally.
    fn digit(&mut self, d: u8) {
        if let Some((_, digits)) = &mut self.typing {
            if digits.len() < 3 {
                digits.push(char::from(b'0' + d));
            }
            return;
        }
        let g = &mut self.session;
        match d {
            0 => g.clear_votes(),
            n => {
                let i = usize::from(n - 1);
                if g.stage() == Stage::Choose {
                    g.choose(i);
                } else if i < g.votes().len() {
                    g.vote(i);
                }
            }
        }
    }

    /// Enter after a letter and digits: that letter's votes become the number typed (the one
    /// press of the letter is taken back first, so one undo takes back the whole count).
    fn commit_typed(&mut self) -> bool {
        let Some((letter, digits)) = self.typing.take() else {
            return false;
        };
        let Ok(n) = digits.parse::<u32>() else {
            return false;
        };
        self.session.undo_vote();
        self.session.set_votes(letter, n);
        true
    }
}

/// The last spoken line of `said` as "Name: «text»" (empty when only the narrator spoke): what
/// the trainer's console and the room's phones show of the scene.
fn patient_line(t: &Texts, run: &Run, said: &[&Utterance]) -> String {
    said.iter()
        .rev()
        .find(|u| u.who != Who::Narrator)
        .map(|u| format!("{}: «{}»", t.speaker_name(run, &u.who), u.text))
        .unwrap_or_default()
}
