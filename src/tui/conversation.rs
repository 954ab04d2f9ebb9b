//! Conversation: the transcript, the mood meter, and the replies — or, after a reply in
//! practice mode, what it did to the patient and the verdict; at the end, the ending itself.

use super::app::{App, Screen};
use super::common;
use super::debrief::Debrief;
use super::keys::Action;
use super::theme::Role;
use super::wrap::wrap;
use crate::engine::Reaction;
use crate::engine::{Run, RunOptions};
use crate::scenario::{NodeIdx, NodeKind, Scenario};
use chrono::{DateTime, Utc};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Padding, Paragraph, Widget};
use std::sync::Arc;

/// How long the feedback must have been on screen before `Enter` moves on, so a double
/// `Enter` cannot skip it unseen.
pub const FEEDBACK_MIN_MS: i64 = 600;

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
    /// When the feedback appeared.
    pub feedback_since: Option<DateTime<Utc>>,
    /// Lines the feedback or ending panel is scrolled down.
    pub panel_scroll: usize,
    /// Replies taken back with Backspace: (node, reply's file index).
    pub tried: Vec<(NodeIdx, usize)>,
    /// `Esc`/`q` asked whether to leave.
    pub confirm_leave: bool,
}

impl Conversation {
    /// A conversation over `run`, started at `started`.
    pub fn new(run: Run, started: DateTime<Utc>) -> Self {
        Self {
            run,
            selected: 0,
            feedback: None,
            scroll: 0,
            started,
            shown: None,
            feedback_since: None,
            panel_scroll: 0,
            tried: Vec::new(),
            confirm_leave: false,
        }
    }

    /// The run has ended and its ending is on screen (the feedback, if any, was read).
    pub fn at_ending(&self) -> bool {
        self.run.is_over() && self.feedback.is_none()
    }
}

/// The ending's closing text (or the walk-out text), with names filled in.
pub fn closing_text(run: &Run) -> Option<String> {
    let o = run.outcome()?;
    let raw = if o.walked_out {
        run.scenario().mood.walk_out.as_deref()
    } else {
        match &run.scenario().node(run.node()).kind {
            NodeKind::Ending { text, .. } => text.as_deref(),
            NodeKind::Decision { .. } => None,
        }
    };
    raw.map(|t| run.fill(t))
}

impl App<'_> {
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
        self.screen = Screen::Conversation(Conversation::new(run, self.now()));
    }

    pub(super) fn update_conversation(&mut self, action: Action) {
        let mode = self.mode;
        let now = self.now();
        let Screen::Conversation(c) = &mut self.screen else {
            return;
        };
        if c.confirm_leave {
            c.confirm_leave = false;
            if action == Action::Leave {
                self.abandon_current();
                self.screen = Screen::Home;
            }
            return;
        }
        if c.at_ending() {
            match action {
                Action::Confirm => self.finish(),
                Action::PageUp => c.scroll += 5,
                Action::PageDown => c.scroll = c.scroll.saturating_sub(5),
                Action::Back => {
                    self.abandon_current();
                    self.screen = Screen::Home;
                }
                _ => {}
            }
            return;
        }
        if action == Action::Back {
            c.confirm_leave = true;
            return;
        }
        if c.feedback.is_some() {
            match action {
                Action::PageUp => c.panel_scroll = c.panel_scroll.saturating_sub(3),
                Action::PageDown => c.panel_scroll += 3,
                Action::Confirm => {
                    let seen = c
                        .feedback_since
                        .is_none_or(|t| (now - t).num_milliseconds() >= FEEDBACK_MIN_MS);
                    if seen {
                        c.feedback = None;
                        c.feedback_since = None;
                        c.shown = None;
                        c.scroll = 0;
                        c.panel_scroll = 0;
                    }
                }
                Action::Rewind => {
                    let last = c.run.decisions().last().map(|d| (d.node, d.choice));
                    if c.run.rewind().is_ok() {
                        if let Some(t) = last
                            && !c.tried.contains(&t)
                        {
                            c.tried.push(t);
                        }
                        c.feedback = None;
                        c.feedback_since = None;
                        c.shown = None;
                        c.scroll = 0;
                        c.panel_scroll = 0;
                    }
                }
                _ => {}
            }
            return;
        }
        match action {
            Action::PageUp => c.scroll += 5,
            Action::PageDown => c.scroll = c.scroll.saturating_sub(5),
            _ => {}
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
        c.panel_scroll = 0;
        if mode.gives_feedback() {
            c.feedback = Some(reaction);
            c.feedback_since = Some(now);
            c.shown = Some(before + 1);
        }
    }

    pub(super) fn finish(&mut self) {
        let screen = std::mem::replace(&mut self.screen, Screen::Home);
        if let Screen::Conversation(c) = screen {
            let mode = self.run_mode();
            self.record(&c.run, mode, c.started);
            self.screen = Screen::Debrief(Debrief::new(c.run));
        }
    }
}

/// Draws the conversation screen.
pub fn render(app: &App<'_>, c: &Conversation, area: Rect, buf: &mut Buffer) {
    let t = app.lang.texts();
    let th = &app.theme;
    let scenario = c.run.scenario();
    let body = common::readable(common::frame(app, &scenario.title, area, buf));
    let inner_w = body.width.saturating_sub(4);
    let closing = closing_text(&c.run);
    let panel = if c.confirm_leave {
        leave_panel(app, inner_w)
    } else if let Some(r) = &c.feedback {
        Panel::scrolled(feedback_lines(app, c, r, inner_w), c.panel_scroll)
    } else if c.run.is_over() {
        Panel::scrolled(ending_lines(app, c, closing.as_deref(), inner_w), 0)
    } else {
        reply_panel(app, c, inner_w)
    };
    // The bottom panel takes what it needs, leaving the transcript a third, and never less
    // than the panel's minimum (the selected reply whole) while the transcript keeps 3 lines.
    let h = body.height.saturating_sub(1);
    let soft_max = h * 2 / 3;
    let hard_max = h.saturating_sub(3);
    let bottom_h = (panel.lines.len() as u16 + 2)
        .min(soft_max)
        .max(panel.min_height + 2)
        .min(hard_max);
    let [transcript, mood, panel_area] = Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(bottom_h),
    ])
    .areas(body);
    // At the ending the closing text is in the panel, not twice on screen.
    let upto = match (c.shown, c.at_ending() && closing.is_some()) {
        (Some(n), _) => Some(n),
        (None, true) => Some(c.run.transcript().len().saturating_sub(1)),
        (None, false) => None,
    };
    let lines = common::transcript_lines(&c.run, upto, transcript.width.saturating_sub(2), t, th);
    let transcript = Rect {
        x: transcript.x + 1,
        width: transcript.width.saturating_sub(2),
        ..transcript
    };
    common::bottom_aligned(lines, c.scroll, transcript, buf, app);
    common::mood_line(c.run.mood(), scenario.mood.leave_below, mood.width, t, th).render(
        Rect {
            x: mood.x + 1,
            width: mood.width.saturating_sub(1),
            ..mood
        },
        buf,
    );
    let (title, role) = if c.confirm_leave {
        (String::new(), Role::Fatal)
    } else if let Some(r) = &c.feedback {
        let role = if r.decision.fatal.is_some() || r.decision.pitfall.is_some() {
            Role::Fatal
        } else {
            Role::Good
        };
        (t.feedback().to_string(), role)
    } else if let Some(o) = c.run.outcome() {
        let title = if o.walked_out {
            t.walk_out_title()
        } else {
            t.the_end()
        };
        let role = if o.ending.is_good() && !o.walked_out {
            Role::Good
        } else {
            Role::Fatal
        };
        (title.to_string(), role)
    } else {
        (t.replies().to_string(), Role::Border)
    };
    let inner_h = usize::from(panel_area.height.saturating_sub(2));
    let scrolled = panel.scrolled;
    let (visible, above, below) = panel.window(inner_h);
    let mut block = Block::bordered()
        .border_style(th.style(role))
        .padding(Padding::horizontal(1));
    if !title.is_empty() {
        block = block.title(format!(" {title} "));
    }
    let keys = if scrolled {
        ("PgUp", "PgDn")
    } else {
        ("↑", "↓")
    };
    Paragraph::new(visible)
        .block(common::with_markers_keyed(block, above, below, keys, app))
        .render(panel_area, buf);
}

/// What the bottom panel shows and which part of it must stay in view.
struct Panel<'l> {
    lines: Vec<Line<'l>>,
    /// The lines that must be visible together: the selected reply, or the top of a
    /// scrolled panel.
    focus: (usize, usize),
    /// The panel's smallest inner height.
    min_height: u16,
    /// Scrolled: `focus.0` is the first line shown (clamped).
    scrolled: bool,
}

impl<'l> Panel<'l> {
    fn scrolled(lines: Vec<Line<'l>>, scroll: usize) -> Self {
        Self {
            min_height: lines.len().min(3) as u16,
            lines,
            focus: (scroll, scroll),
            scrolled: true,
        }
    }

    /// The lines that fit in `h`, and whether there are more above and below.
    fn window(self, h: usize) -> (Vec<Line<'l>>, bool, bool) {
        let total = self.lines.len();
        let start = if total <= h {
            0
        } else if self.scrolled {
            self.focus.0.min(total - h)
        } else {
            // The selected reply ends at the bottom if it has to, starts at the top if it can.
            self.focus.1.saturating_sub(h).min(self.focus.0)
        };
        let end = (start + h).min(total);
        let above = start > 0;
        let below = end < total;
        (self.lines[start..end].to_vec(), above, below)
    }
}

fn leave_panel<'l>(app: &App<'_>, width: u16) -> Panel<'l> {
    let t = app.lang.texts();
    let th = &app.theme;
    let mut lines: Vec<Line<'l>> = wrap(t.leave_question(), usize::from(width))
        .into_iter()
        .map(|l| Line::from(Span::styled(l, th.style(Role::Title))))
        .collect();
    for l in wrap(t.leave_keys(), usize::from(width)) {
        lines.push(Line::from(Span::styled(l, th.style(Role::Key))));
    }
    let n = lines.len();
    Panel {
        lines,
        focus: (0, n),
        min_height: n as u16,
        scrolled: false,
    }
}

fn reply_panel<'l>(app: &App<'_>, c: &Conversation, width: u16) -> Panel<'l> {
    let t = app.lang.texts();
    let th = &app.theme;
    let choices = c.run.scenario().node(c.run.node()).choices();
    let mut lines = Vec::new();
    let mut focus = (0, 0);
    let mut tallest = 0;
    for (i, &idx) in c.run.offered().iter().enumerate() {
        let mut text = c.run.fill(&choices[idx].text);
        let tried = c.tried.contains(&(c.run.node(), idx));
        if tried {
            text = format!("{text} ({})", t.tried());
        }
        let prefix = format!("{}) ", i + 1);
        let indent = prefix.chars().count();
        let selected = i == c.selected;
        let start = lines.len();
        for (j, l) in wrap(&text, usize::from(width).saturating_sub(indent + 1))
            .into_iter()
            .enumerate()
        {
            let head = if j == 0 {
                format!("{}{prefix}", if selected { "▶" } else { " " })
            } else {
                " ".repeat(indent + 1)
            };
            let line = format!("{head}{l}");
            let role = match (selected, tried) {
                (true, _) => Some(Role::Selected),
                (false, true) => Some(Role::Muted),
                _ => None,
            };
            lines.push(match role {
                Some(r) => Line::from(Span::styled(line, th.style(r))),
                None => Line::from(line),
            });
        }
        tallest = tallest.max(lines.len() - start);
        if selected {
            focus = (start, lines.len());
        }
    }
    Panel {
        lines,
        focus,
        min_height: tallest as u16,
        scrolled: false,
    }
}

/// The ending: its closing text (or the walk-out text), the outcome, and the way on.
fn ending_lines<'l>(
    app: &App<'_>,
    c: &Conversation,
    closing: Option<&str>,
    width: u16,
) -> Vec<Line<'l>> {
    let t = app.lang.texts();
    let th = &app.theme;
    let w = usize::from(width);
    let mut out = Vec::new();
    if let Some(text) = closing {
        for l in wrap(text, w) {
            out.push(Line::from(Span::styled(l, th.style(Role::Narrator))));
        }
        out.push(Line::default());
    }
    if let Some(o) = c.run.outcome() {
        let good = o.ending.is_good() && !o.walked_out;
        out.push(Line::from(vec![
            Span::styled(format!("{}: ", t.outcome()), th.style(Role::Muted)),
            Span::styled(
                t.outcome_words(o),
                th.style(if good { Role::Good } else { Role::Fatal }),
            ),
        ]));
    }
    out.push(Line::from(Span::styled(
        t.ending_enter().to_string(),
        th.style(Role::Key),
    )));
    out
}

/// Consequence before coaching: the patient's reaction first, then the verdict, the
/// explanation and a better phrasing.
fn feedback_lines<'l>(app: &App<'_>, c: &Conversation, r: &Reaction, width: u16) -> Vec<Line<'l>> {
    let t = app.lang.texts();
    let th = &app.theme;
    let w = usize::from(width);
    let mut out = Vec::new();
    let patient = crate::i18n::words::patient_name(&c.run);
    if let Some(thought) = &r.thought {
        out.push(Line::from(Span::styled(
            format!("{patient} {}:", t.thinks()),
            th.style(Role::Muted),
        )));
        for l in wrap(&format!("«{thought}»"), w) {
            out.push(Line::from(Span::styled(l, th.style(Role::Patient))));
        }
        out.push(Line::default());
    }
    let (verdict, role) =
        common::verdict(t, r.decision.fatal, r.decision.pitfall, &r.decision.good);
    out.push(Line::from(Span::styled(verdict, th.style(role))));
    if let Some(f) = &r.feedback {
        out.extend(wrap(f, w).into_iter().map(Line::from));
    }
    if let Some(b) = r.better {
        let better = c
            .run
            .fill(&c.run.scenario().node(r.decision.node).choices()[b].text);
        out.push(Line::default());
        for l in wrap(&format!("{}: «{better}»", t.better()), w) {
            out.push(Line::from(Span::styled(l, th.style(Role::Good))));
        }
    }
    out
}
