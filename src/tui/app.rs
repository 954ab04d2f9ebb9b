//! The trainer's state and the one place it changes: [`App::update`].

use super::keys::{Action, Context};
use super::theme::Theme;
use crate::engine::Mode;
use crate::engine::group::{GroupSession, Stage};
use crate::engine::{Reaction, Run, RunOptions};
use crate::i18n::UiLang;
use crate::report::Progress;
use crate::scenario::{Library, Scenario, Technique};
use crate::store::{HistoryView, RunResult as RunRecord, RunResult as StoredRun};
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

/// A conversation in progress.
#[derive(Debug, Clone)]
pub struct Conversation {
    /// The engine.
    pub run: Run,
    /// The highlighted reply (0-based, presentation order).
    pub selected: usize,
    /// In practice mode, the reaction to the last reply while it is shown.
    pub feedback: Option<Reaction>,
    /// Lines scrolled up from the bottom of the transcript.
    pub scroll: usize,
    /// When the run started.
    pub started: DateTime<Utc>,
    /// While feedback is shown, the transcript is cut after the trainee's reply, so the
    /// patient's next words come after the coaching.
    pub shown: Option<usize>,
}

/// The end of a run.
#[derive(Debug, Clone)]
pub struct Debrief {
    /// The finished run.
    pub run: Run,
    /// The highlighted decision.
    pub selected: usize,
}

/// One good reply in the phrasebook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    /// The technique it is filed under.
    pub technique: Technique,
    /// What was said.
    pub text: String,
    /// The scenario's title.
    pub scenario: String,
}

/// The phrasebook: every good reply of the library in the current language.
#[derive(Debug, Clone)]
pub struct Phrasebook {
    /// All entries, grouped by technique.
    pub phrases: Vec<Phrase>,
    /// The search text.
    pub query: String,
    /// True while typing the search.
    pub searching: bool,
    /// First visible line.
    pub scroll: usize,
}

impl Phrasebook {
    /// The entries matching the query (case-insensitive, any part of the text, technique or
    /// scenario).
    pub fn visible(&self, t: &crate::i18n::Texts) -> Vec<&Phrase> {
        let q = self.query.to_lowercase();
        self.phrases
            .iter()
            .filter(|p| {
                q.is_empty()
                    || p.text.to_lowercase().contains(&q)
                    || p.scenario.to_lowercase().contains(&q)
                    || t.technique(p.technique).to_lowercase().contains(&q)
            })
            .collect()
    }
}

/// Settings of group sessions, from `frontdesk present`.
#[derive(Debug, Clone, Default)]
pub struct PresenterOptions {
    /// Seconds on the discussion countdown.
    pub timer: Option<u32>,
    /// Where to write the Markdown report.
    pub report: Option<PathBuf>,
    /// Overwrite an existing report.
    pub force: bool,
}

/// A group session on the projector.
#[derive(Debug, Clone)]
pub struct Presenter {
    /// The session.
    pub session: GroupSession,
    /// The screen is blanked (`b`); any key brings it back.
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
}

/// The Progress screen.
#[derive(Debug, Clone)]
pub struct ProgressScreen {
    /// The figures.
    pub progress: Progress,
    /// Which scenario's scores the chart shows.
    pub selected: usize,
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
    Record(Box<RunRecord>),
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
}

/// The whole state of the terminal trainer.
#[derive(Debug, Clone)]
pub struct App<'a> {
    /// Every scenario.
    pub lib: &'a Library,
    /// Interface and scenario language.
    pub lang: UiLang,
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
    seeding: Seeding,
    runs_started: u64,
}

impl<'a> App<'a> {
    /// A trainer on Home.
    pub fn new(lib: &'a Library, lang: UiLang, mode: Mode, theme: Theme, seeding: Seeding) -> Self {
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
        }
    }

    /// The scenarios listed on Home, in the current language where one exists.
    pub fn scenarios(&self) -> Vec<Arc<Scenario>> {
        let lib = self.lib;
        lib.ids()
            .into_iter()
            .filter_map(|id| lib.find(id, self.lang.code()).map(|(s, _)| Arc::clone(s)))
            .collect()
    }

    /// Which keys apply now.
    pub fn context(&self) -> Context {
        if self.help {
            return Context::Help;
        }
        match &self.screen {
            Screen::Home => Context::Home,
            Screen::Conversation(c) if c.feedback.is_some() => Context::Feedback,
            Screen::Conversation(_) => Context::Choosing,
            Screen::Debrief(_) => Context::Debrief,
            Screen::Phrasebook(p) if p.searching => Context::Searching,
            Screen::Phrasebook(_) => Context::Phrasebook,
            Screen::Present(p) if p.blank => Context::Blanked,
            Screen::Present(p) if p.confirm_leave => Context::ConfirmLeave,
            Screen::Present(_) => Context::Present,
            Screen::Progress(_) => Context::Progress,
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
            Screen::Conversation(mut c) => {
                c.run = c.run.replay_onto(edited);
                c.feedback = None;
                c.shown = None;
                c.selected = 0;
                c.scroll = 0;
                Screen::Conversation(c)
            }
            Screen::Debrief(d) => {
                let run = d.run.replay_onto(edited);
                if run.is_over() {
                    Screen::Debrief(Debrief { run, selected: 0 })
                } else {
                    Screen::Conversation(Conversation {
                        run,
                        selected: 0,
                        feedback: None,
                        scroll: 0,
                        started: self.now(),
                        shown: None,
                    })
                }
            }
            other => other,
        };
    }

    /// Asks the event loop to record a run, when recording.
    fn record(&mut self, run: &Run, mode: Mode, started: DateTime<Utc>) {
        if !self.history.recording || (run.decisions().is_empty() && !run.is_over()) {
            return;
        }
        let hash = self
            .lib
            .file_of(run.scenario())
            .map(|f| f.hash.clone())
            .unwrap_or_default();
        let r = RunRecord::of(run, &self.history.trainee, &hash, mode, started, self.now());
        self.effects.push(Effect::Record(Box::new(r)));
    }

    fn run_mode(&self) -> Mode {
        self.mode
    }

    /// Records the conversation or group session being left: abandoned if it is midway,
    /// finished if its last reply was given but the debrief not yet shown.
    fn abandon_current(&mut self) {
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
                    self.record(p.session.run(), Mode::Group, p.started);
                }
                Screen::Present(p)
            }
            other => other,
        };
    }

    /// Best and last score of a scenario on its current version (a lookup: the scores are
    /// worked out when the history changes, not on every frame).
    pub fn scores_of(&self, s: &Scenario) -> crate::report::ScenarioScores {
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
    pub fn set_runs(&mut self, runs: Vec<StoredRun>) {
        self.history.runs = runs;
        self.refresh_scores();
    }

    fn refresh_scores(&mut self) {
        let lib = self.lib;
        self.scores = crate::report::scores(&self.history.runs, |id, lang| {
            lib.find(id, lang)
                .filter(|(x, _)| x.lang.0 == lang)
                .and_then(|(x, _)| lib.file_of(x))
                .map(|f| f.hash.clone())
        });
    }
    fn next_seed(&mut self) -> u64 {
        let seed = match self.seeding.seed {
            Some(s) => s.wrapping_add(self.runs_started),
            None => rand::random(),
        };
        self.runs_started += 1;
        seed
    }

    /// Opens a group session with `scenario`.
    pub fn present(&mut self, scenario: &Arc<Scenario>) {
        let seed = self.next_seed();
        let session = GroupSession::new(
            Arc::clone(scenario),
            RunOptions {
                seed,
                shuffle: self.seeding.shuffle,
            },
        );
        self.screen = Screen::Present(Presenter {
            session,
            blank: false,
            confirm_leave: false,
            remaining: None,
            reported: false,
            recorded: false,
            started: self.now(),
        });
    }

    /// True while the discussion countdown runs (the event loop then ticks once a second).
    pub fn timer_running(&self) -> bool {
        matches!(&self.screen, Screen::Present(p) if p.remaining.is_some_and(|r| r > 0)
            && matches!(p.session.stage(), Stage::Discuss | Stage::Vote))
    }

    /// Ends a group session: the report is written (marked incomplete if it ended early).
    fn leave_present(&mut self) {
        self.report_if_due(true);
        self.abandon_current();
        self.screen = Screen::Home;
    }

    fn report_if_due(&mut self, leaving: bool) {
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

    /// Starts a conversation with `scenario`.
    pub fn start(&mut self, scenario: &Arc<Scenario>) {
        let seed = self.next_seed();
        let run = Run::new(
            Arc::clone(scenario),
            RunOptions {
                seed,
                shuffle: self.seeding.shuffle,
            },
        );
        self.screen = Screen::Conversation(Conversation {
            run,
            selected: 0,
            feedback: None,
            scroll: 0,
            started: self.now(),
            shown: None,
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
        self.notice = None;
        if self.help {
            self.help = false;
            return;
        }
        if action == Action::Help {
            self.help = true;
            return;
        }
        match &mut self.screen {
            Screen::Home => self.update_home(action),
            Screen::Conversation(_) => self.update_conversation(action),
            Screen::Debrief(_) => self.update_debrief(action),
            Screen::Phrasebook(_) => self.update_phrasebook(action),
            Screen::Present(_) => self.update_present(action),
            Screen::Progress(_) => self.update_progress(action),
        }
    }

    fn update_progress(&mut self, action: Action) {
        let Screen::Progress(p) = &mut self.screen else {
            return;
        };
        let n = p.progress.series.len();
        match action {
            Action::Up => p.selected = p.selected.saturating_sub(1),
            Action::Down => p.selected = (p.selected + 1).min(n.saturating_sub(1)),
            Action::Back => self.screen = Screen::Home,
            _ => {}
        }
    }

    fn update_present(&mut self, action: Action) {
        let timer = self.presenter_options.timer;
        let Screen::Present(p) = &mut self.screen else {
            return;
        };
        if p.blank {
            p.blank = false;
            return;
        }
        if p.confirm_leave {
            p.confirm_leave = false;
            if action == Action::Leave {
                self.leave_present();
            }
            return;
        }
        let g = &mut p.session;
        match action {
            Action::Advance if g.stage() == Stage::Ending => {
                g.advance();
                if !p.recorded {
                    p.recorded = true;
                    let run = p.session.run().clone();
                    let started = p.started;
                    self.record(&run, Mode::Group, started);
                }
            }
            Action::Advance => {
                let was = g.stage();
                g.advance();
                if was == Stage::Scene && g.stage() == Stage::Discuss {
                    p.remaining = timer;
                }
            }
            Action::StepBack => g.back(),
            Action::Letter(i) if g.stage() == Stage::Choose => g.choose(i),
            Action::Letter(i) => g.vote(i),
            Action::ClearVotes => g.clear_votes(),
            Action::Blank => p.blank = true,
            Action::Leave => p.confirm_leave = true,
            _ => {}
        }
        self.report_if_due(false);
    }

    fn update_home(&mut self, action: Action) {
        let list = self.scenarios();
        let n = list.len();
        match action {
            Action::Up => self.home_selected = self.home_selected.saturating_sub(1),
            Action::Down => self.home_selected = (self.home_selected + 1).min(n.saturating_sub(1)),
            Action::Confirm => {
                if let Some(s) = list.get(self.home_selected) {
                    self.start(s);
                }
            }
            Action::ToggleLang => self.lang = self.lang.toggled(),
            Action::ToggleMode => self.mode = self.mode.toggled(),
            Action::Phrasebook => self.screen = Screen::Phrasebook(self.phrasebook()),
            Action::Present => {
                if let Some(s) = list.get(self.home_selected) {
                    self.present(s);
                }
            }
            Action::Progress => {
                let progress = crate::report::progress(
                    &self.history.runs,
                    &self.history.trainee,
                    self.lib,
                    self.lang.code(),
                    self.now(),
                );
                self.screen = Screen::Progress(ProgressScreen {
                    progress,
                    selected: 0,
                });
            }
            Action::Back => self.quit = true,
            _ => {}
        }
    }

    fn update_conversation(&mut self, action: Action) {
        let mode = self.mode;
        let Screen::Conversation(c) = &mut self.screen else {
            return;
        };
        if action == Action::Back {
            self.abandon_current();
            self.screen = Screen::Home;
            return;
        }
        match action {
            Action::PageUp => c.scroll += 5,
            Action::PageDown => c.scroll = c.scroll.saturating_sub(5),
            _ => {}
        }
        if c.feedback.is_some() {
            match action {
                Action::Confirm => {
                    c.feedback = None;
                    c.shown = None;
                    c.scroll = 0;
                    if c.run.is_over() {
                        self.finish();
                    }
                }
                Action::Rewind if c.run.rewind().is_ok() => {
                    c.feedback = None;
                    c.shown = None;
                    c.scroll = 0;
                }
                _ => {}
            }
            return;
        }
        let n = c.run.offered().len();
        let pick = match action {
            Action::Up => {
                c.selected = c.selected.saturating_sub(1);
                None
            }
            Action::Down => {
                c.selected = (c.selected + 1).min(n.saturating_sub(1));
                None
            }
            Action::Confirm => Some(c.selected),
            Action::Pick(i) if i < n => Some(i),
            _ => None,
        };
        let Some(position) = pick else {
            return;
        };
        let before = c.run.transcript().len();
        let Ok(reaction) = c.run.choose(position) else {
            return;
        };
        c.selected = 0;
        c.scroll = 0;
        if mode.gives_feedback() {
            c.feedback = Some(reaction);
            c.shown = Some(before + 1);
        } else if c.run.is_over() {
            self.finish();
        }
    }

    fn finish(&mut self) {
        let screen = std::mem::replace(&mut self.screen, Screen::Home);
        if let Screen::Conversation(c) = screen {
            let mode = self.run_mode();
            self.record(&c.run, mode, c.started);
            self.screen = Screen::Debrief(Debrief {
                run: c.run,
                selected: 0,
            });
        }
    }

    fn update_debrief(&mut self, action: Action) {
        let Screen::Debrief(d) = &mut self.screen else {
            return;
        };
        let n = d.run.decisions().len();
        match action {
            Action::Up => d.selected = d.selected.saturating_sub(1),
            Action::Down => d.selected = (d.selected + 1).min(n.saturating_sub(1)),
            Action::Replay => {
                let s = Arc::clone(d.run.scenario_arc());
                self.start(&s);
            }
            Action::Home | Action::Back => self.screen = Screen::Home,
            _ => {}
        }
    }

    fn update_phrasebook(&mut self, action: Action) {
        let Screen::Phrasebook(p) = &mut self.screen else {
            return;
        };
        if p.searching {
            match action {
                Action::Input(c) => {
                    p.query.push(c);
                    p.scroll = 0;
                }
                Action::DeleteChar => {
                    p.query.pop();
                    p.scroll = 0;
                }
                Action::EndInput => p.searching = false,
                _ => {}
            }
            return;
        }
        match action {
            Action::Up => p.scroll = p.scroll.saturating_sub(1),
            Action::Down => p.scroll += 1,
            Action::PageUp => p.scroll = p.scroll.saturating_sub(10),
            Action::PageDown => p.scroll += 10,
            Action::Search => p.searching = true,
            Action::Back => self.screen = Screen::Home,
            _ => {}
        }
    }

    /// Every good reply in the current language, grouped by technique in vocabulary order;
    /// a reply with several techniques is filed under each.
    fn phrasebook(&self) -> Phrasebook {
        let mut phrases = Vec::new();
        let scenarios = self.scenarios();
        for technique in Technique::ALL {
            for s in &scenarios {
                let run = Run::new(Arc::clone(s), RunOptions::default());
                for n in &s.nodes {
                    for c in n.choices() {
                        if c.fatal.is_none() && c.good.contains(technique) {
                            let text = run.fill(&c.text);
                            let entry = Phrase {
                                technique: *technique,
                                text,
                                scenario: s.title.clone(),
                            };
                            if !phrases.contains(&entry) {
                                phrases.push(entry);
                            }
                        }
                    }
                }
            }
        }
        Phrasebook {
            phrases,
            query: String::new(),
            searching: false,
            scroll: 0,
        }
    }
}
