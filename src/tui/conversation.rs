//! Conversation: the transcript, the mood meter, and the replies — or, after a reply in
//! practice mode, what it did to the patient and the verdict.

use super::app::{App, Screen};
use super::common::{self, Tier};
use super::debrief::Debrief;
use super::keys::Action;
use super::theme::Role;
use super::wrap::wrap;
use crate::engine::Reaction;
use crate::engine::{Run, RunOptions};
use crate::scenario::Scenario;
use chrono::{DateTime, Utc};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Padding, Paragraph, Widget};
use std::sync::Arc;

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
        self.screen = Screen::Conversation(Conversation {
            run,
            selected: 0,
            feedback: None,
            scroll: 0,
            started: self.now(),
            shown: None,
        });
    }

    pub(super) fn update_conversation(&mut self, action: Action) {
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

    pub(super) fn finish(&mut self) {
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
}

/// Draws the conversation screen.
pub fn render(app: &App<'_>, c: &Conversation, area: Rect, buf: &mut Buffer) {
    let t = app.lang.texts();
    let th = &app.theme;
    let scenario = c.run.scenario();
    let body = common::frame(app, &scenario.title, area, buf);
    let pad = if Tier::of(area) == Tier::Wide { 2 } else { 0 };
    let body = Rect {
        x: body.x + pad,
        width: body.width.saturating_sub(pad * 2),
        ..body
    };
    let inner_w = body.width.saturating_sub(4);
    let bottom: Vec<Line<'_>> = match &c.feedback {
        Some(r) => feedback_lines(app, c, r, inner_w),
        None => reply_lines(app, c, inner_w),
    };
    // The bottom panel takes what it needs, leaving the transcript at least a third.
    let max_bottom = (body.height.saturating_sub(1)) * 2 / 3;
    let bottom_h = (bottom.len() as u16 + 2).min(max_bottom);
    let [transcript, mood, panel] = Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(bottom_h),
    ])
    .areas(body);
    let lines =
        common::transcript_lines(&c.run, c.shown, transcript.width.saturating_sub(2), t, th);
    let transcript = Rect {
        x: transcript.x + 1,
        width: transcript.width.saturating_sub(2),
        ..transcript
    };
    common::bottom_aligned(lines, c.scroll, transcript, buf);
    common::mood_line(c.run.mood(), scenario.mood.leave_below, mood.width, t, th).render(
        Rect {
            x: mood.x + 1,
            width: mood.width.saturating_sub(1),
            ..mood
        },
        buf,
    );
    let title = if c.feedback.is_some() {
        t.feedback()
    } else {
        t.replies()
    };
    let role = match c.feedback.as_ref().map(|r| r.decision.fatal.is_some()) {
        Some(true) => Role::Fatal,
        Some(false) => Role::Good,
        None => Role::Border,
    };
    Paragraph::new(bottom)
        .block(
            Block::bordered()
                .title(format!(" {title} "))
                .border_style(th.style(role))
                .padding(Padding::horizontal(1)),
        )
        .render(panel, buf);
}

fn reply_lines<'l>(app: &App<'_>, c: &Conversation, width: u16) -> Vec<Line<'l>> {
    let th = &app.theme;
    let choices = c.run.scenario().node(c.run.node()).choices();
    let mut out = Vec::new();
    for (i, &idx) in c.run.offered().iter().enumerate() {
        let text = c.run.fill(&choices[idx].text);
        let prefix = format!("{}) ", i + 1);
        let indent = prefix.chars().count();
        let selected = i == c.selected;
        for (j, l) in wrap(&text, usize::from(width).saturating_sub(indent + 2))
            .into_iter()
            .enumerate()
        {
            let head = if j == 0 {
                format!("{}{prefix}", if selected { "▶" } else { " " })
            } else {
                " ".repeat(indent + 1)
            };
            let line = format!("{head}{l}");
            out.push(if selected {
                Line::from(Span::styled(line, th.style(Role::Selected)))
            } else {
                Line::from(line)
            });
        }
    }
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
    let (verdict, role) = common::verdict(t, r.decision.fatal, &r.decision.good);
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
