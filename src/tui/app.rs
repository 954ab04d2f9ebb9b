//! The trainer's state and the one place it changes: [`App::update`], which hands each action
//! to the screen on top. Each screen's state and update live in its own file
//! (`conversation.rs`, `debrief.rs`, …) beside its drawing; this file keeps what they share.

use super::conversation::Conversation;
use super::debrief::Debrief;
use super::intro::Intro;
use super::keys::{Action, Context};
use super::phrasebook::Phrasebook;
use super::present::{Presenter, PresenterOptions};
use super::progress::ProgressScreen;
use super::theme::Theme;
use crate::engine::{Mode, Run};
use crate::i18n::Lang;
use crate::scenario::{Header, Library, Scenario, SourceFile};
use crate::store::{HistoryView, RunResult};
use chrono::{DateTime, Utc};
use std::path::PathBuf;
use std::sync::Arc;

/// How runs are seeded and shuffled.
#[derive(Debug, Clone, Copy)]
pub struct Seeding {
    /// A fixed seed for every run, or `None` for a fresh random one each time.
    pub seed: Option<u64>,
    /// Shuffle the replies.
    pub shuffle: bool,
}

/// Work for the event loop that changing state must not do itself.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Write a group session's report.
    WriteReport {
        /// Where.
        path: PathBuf,
        /// The Markdown.
        markdown: String,
        /// Overwrite an existing file.
        force: bool,
    },
    /// Record a run in the history.
    Record(Box<RunResult>),
}

/// The screens.
#[derive(Debug, Clone)]
pub enum Screen {
    /// The scenario list.
    Home,
    /// Talking to a patient.
    Conversation(Conversation),
    /// The end of a run.
    Debrief(Debrief),
    /// Good replies by technique.
    Phrasebook(Phrasebook),
    /// A group session.
    Present(Presenter),
    /// Scores over time.
    Progress(ProgressScreen),
    /// "How it works", over the screen it was opened from.
    Intro(Intro),
}

/// The whole state of the terminal trainer.
#[derive(Debug, Clone)]
pub struct App<'a> {
    /// Every scenario.
    pub lib: &'a Library,
    /// Interface and scenario language.
    pub lang: Lang,
    /// Practice or exam.
    pub mode: Mode,
    /// Colours.
    pub theme: Theme,
    /// The current screen.
    pub screen: Screen,
    /// The highlighted scenario on Home (kept when coming back).
    pub home_selected: usize,
    /// The help overlay is open.
    pub help: bool,
    /// Set when the program should end.
    pub quit: bool,
    /// A one-line message for the header (e.g. where a report went).
    pub notice: Option<String>,
    /// Group session settings.
    pub presenter_options: PresenterOptions,
    /// Work for the event loop.
    pub effects: Vec<Effect>,
    /// The history, for scores and progress; change it with [`App::set_history`].
    pub history: HistoryView,
    scores: std::collections::HashMap<(String, String), crate::report::ScenarioScores>,
    /// A fixed "now" for tests; the clock otherwise.
    pub fixed_now: Option<DateTime<Utc>>,
    /// Live preview: the problems of the watched file as last saved, shown until it is fixed.
    pub watch_errors: Option<Vec<String>>,
    pub(super) seeding: Seeding,
    runs_started: u64,
    /// The last frame was below the minimum size: only quitting works until it grows.
    pub too_small: bool,
    /// Lines the help overlay is scrolled down.
    pub help_scroll: usize,
    /// Home: the selected scenario's details are open.
    pub home_details: bool,
    /// Sends results to the LRS after each run, when one is configured.
    pub xapi: Option<crate::xapi::background::Background>,
}

impl<'a> App<'a> {
    /// A trainer on Home.
    pub fn new(lib: &'a Library, lang: Lang, mode: Mode, theme: Theme, seeding: Seeding) -> Self {
        Self {
            lib,
            lang,
            mode,
            theme,
            screen: Screen::Home,
            home_selected: 0,
            help: false,
            quit: false,
            notice: None,
            presenter_options: PresenterOptions::default(),
            effects: Vec::new(),
            history: HistoryView::default(),
            scores: std::collections::HashMap::new(),
            fixed_now: None,
            watch_errors: None,
            seeding,
            runs_started: 0,
            too_small: false,
            help_scroll: 0,
            home_details: false,
            xapi: None,
        }
    }

    /// The scenarios listed on Home, in the current language where one exists.
    pub fn scenarios(&self) -> Vec<Arc<Scenario>> {
        self.entries()
            .into_iter()
            .filter_map(|f| f.scenario().cloned())
            .collect()
    }

    /// The files listed on Home, in the current language where one exists. Nothing is parsed:
    /// Home shows what the build (or the first read of a file) wrote down.
    pub fn entries(&self) -> Vec<&'a SourceFile> {
        let lib = self.lib;
        lib.ids()
            .into_iter()
            .filter_map(|id| lib.find_file(id, self.lang.code()).map(|(f, _)| f))
            .collect()
    }

    /// Which keys apply now.
    pub fn context(&self) -> Context {
        if self.too_small {
            return Context::TooSmall;
        }
        if self.help {
            return Context::Help;
        }
        self.screen_context()
    }

    /// Which keys the screen itself takes (what help lists while it is open).
    pub fn screen_context(&self) -> Context {
        match &self.screen {
            Screen::Home if self.home_details => Context::Details,
            Screen::Home => Context::Home,
            Screen::Conversation(c) if c.confirm_leave => Context::LeaveRun,
            Screen::Conversation(c) if c.feedback.is_some() => Context::Feedback,
            Screen::Conversation(c) if c.run.is_over() => Context::Ending,
            Screen::Conversation(_) => Context::Choosing,
            Screen::Debrief(_) => Context::Debrief,
            Screen::Phrasebook(p) if p.searching => Context::Searching,
            Screen::Phrasebook(_) => Context::Phrasebook,
            Screen::Present(p) if p.confirm_leave => Context::ConfirmLeave,
            Screen::Present(_) => Context::Present,
            Screen::Progress(_) => Context::Progress,
            Screen::Intro(_) => Context::Intro,
        }
    }

    /// The current time (fixed in tests).
    pub fn now(&self) -> DateTime<Utc> {
        self.fixed_now.unwrap_or_else(Utc::now)
    }

    /// Live preview: the watched file was saved and is valid. The conversation goes on with the
    /// new version, from the same node where it still exists.
    pub fn reload(&mut self, edited: Arc<Scenario>) {
        self.watch_errors = None;
        let screen = std::mem::replace(&mut self.screen, Screen::Home);
        self.screen = match screen {
            Screen::Conversation(c) => {
                let mut fresh = Conversation::new(c.run.replay_onto(edited), c.started);
                fresh.tried = c.tried;
                Screen::Conversation(fresh)
            }
            Screen::Debrief(d) => {
                let run = d.run.replay_onto(edited);
                if run.is_over() {
                    Screen::Debrief(Debrief::new(run))
                } else {
                    Screen::Conversation(Conversation::new(run, self.now()))
                }
            }
            other => other,
        };
    }

    /// Asks the event loop to record a run, when recording.
    pub(super) fn record(&mut self, run: &Run, mode: Mode, started: DateTime<Utc>) {
        if !self.history.recording || (run.decisions().is_empty() && !run.is_over()) {
            return;
        }
        let hash = self
            .lib
            .file_of(run.scenario())
            .map(|f| f.hash().to_string())
            .unwrap_or_default();
        let mut r = RunResult::of(run, &self.history.trainee, &hash, mode, started, self.now());
        // A group session is recorded with the room's votes (the presenter passes its run).
        if mode == Mode::Group
            && let Screen::Present(p) = &self.screen
        {
            r.group = Some(crate::store::GroupResult::of(&p.session));
        }
        self.effects.push(Effect::Record(Box::new(r)));
    }

    /// Names the group session on screen (trainer, group, timer) for its record and report;
    /// its start is the presenter's.
    pub fn set_session_info(&mut self, mut info: crate::engine::group::SessionInfo) {
        if let Screen::Present(p) = &mut self.screen {
            info.started = info.started.or(Some(p.started));
            p.session.set_info(info);
        }
    }

    pub(super) fn run_mode(&self) -> Mode {
        self.mode
    }

    /// Records the conversation or group session being left: abandoned if it is midway,
    /// finished if its last reply was given but the debrief not yet shown.
    pub(super) fn abandon_current(&mut self) {
        let screen = std::mem::replace(&mut self.screen, Screen::Home);
        self.screen = match screen {
            Screen::Conversation(c) => {
                let mode = self.run_mode();
                self.record(&c.run, mode, c.started);
                Screen::Conversation(c)
            }
            Screen::Present(mut p) => {
                if !p.recorded {
                    p.recorded = true;
                    // Back on screen first, so the record carries the room's votes.
                    let (run, started) = (p.session.run().clone(), p.started);
                    self.screen = Screen::Present(p);
                    self.record(&run, Mode::Group, started);
                    return;
                }
                Screen::Present(p)
            }
            other => other,
        };
    }

    /// Best and last score of a scenario on its current version (a lookup: the scores are
    /// worked out when the history changes, not on every frame).
    pub fn scores_of(&self, s: &Header) -> crate::report::ScenarioScores {
        self.scores
            .get(&(s.id.0.clone(), s.lang.0.clone()))
            .copied()
            .unwrap_or_default()
    }

    /// Takes a new view of the history and works out the scores shown on Home.
    pub fn set_history(&mut self, history: HistoryView) {
        self.history = history;
        self.refresh_scores();
    }

    /// The trainee's runs changed (a run was recorded).
    pub fn set_runs(&mut self, runs: Vec<RunResult>) {
        self.history.runs = runs;
        self.refresh_scores();
    }

    fn refresh_scores(&mut self) {
        let lib = self.lib;
        self.scores = crate::report::scores(&self.history.runs, |id, lang| {
            lib.find_file(id, lang)
                .filter(|(_, fell_back)| !fell_back)
                .map(|(f, _)| f.hash().to_string())
        });
    }
    pub(super) fn next_seed(&mut self) -> u64 {
        let seed = match self.seeding.seed {
            Some(s) => s.wrapping_add(self.runs_started),
            None => rand::random(),
        };
        self.runs_started += 1;
        seed
    }

    /// Applies one action.
    pub fn update(&mut self, action: Action) {
        if action == Action::Quit {
            if matches!(self.screen, Screen::Present(_)) {
                self.report_if_due(true);
            }
            self.abandon_current();
            self.quit = true;
            return;
        }
        if self.too_small {
            return;
        }
        self.notice = None;
        if self.help {
            match action {
                Action::PageUp => self.help_scroll = self.help_scroll.saturating_sub(5),
                Action::PageDown => self.help_scroll += 5,
                Action::Intro => {
                    self.help = false;
                    self.open_intro();
                }
                _ => self.help = false,
            }
            return;
        }
        if action == Action::Help {
            self.help = true;
            self.help_scroll = 0;
            return;
        }
        match &mut self.screen {
            Screen::Home => self.update_home(action),
            Screen::Conversation(_) => self.update_conversation(action),
            Screen::Debrief(_) => self.update_debrief(action),
            Screen::Phrasebook(_) => self.update_phrasebook(action),
            Screen::Present(_) => self.update_present(action),
            Screen::Progress(_) => self.update_progress(action),
            Screen::Intro(_) => self.update_intro(action),
        }
    }
}
