//! The presenter: a group session on a projector. One thing at a time, big margins, high
//! contrast; nothing about verdicts before the reveal.

use super::app::{App, Effect, Screen};
use super::common;
use super::keys::Action;
use super::theme::Role;
use super::wrap::wrap;
use crate::engine::Who;
use crate::engine::group::{GroupSession, Stage, letter};
use crate::engine::{Mode, RunOptions};
use crate::i18n::Texts;
use crate::scenario::Scenario;
use chrono::{DateTime, Utc};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};
use std::path::PathBuf;
use std::sync::Arc;
use tui_big_text::{BigText, PixelSize};

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
        });
    }

    /// True while the discussion countdown runs (the event loop then ticks once a second).
    pub fn timer_running(&self) -> bool {
        matches!(&self.screen, Screen::Present(p) if p.remaining.is_some_and(|r| r > 0)
            && matches!(p.session.stage(), Stage::Discuss | Stage::Vote))
    }

    /// Ends a group session: the report is written (marked incomplete if it ended early).
    pub(super) fn leave_present(&mut self) {
        self.report_if_due(true);
        self.abandon_current();
        self.screen = Screen::Home;
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
}

/// Draws the presenter.
pub fn render(app: &App<'_>, p: &Presenter, area: Rect, buf: &mut Buffer) {
    let th = &app.theme;
    Block::new().style(th.base()).render(area, buf);
    if p.blank {
        return;
    }
    let t = app.lang.texts();
    let mx = (area.width / 12).max(2);
    let my = u16::from(area.height >= 30) + 1;
    let inner = Rect {
        x: area.x + mx,
        y: area.y + my,
        width: area.width.saturating_sub(mx * 2),
        height: area.height.saturating_sub(my * 2),
    };
    let [top, progress, _, body, _, bar] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(4),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    header(app, p, top, progress, buf);
    let g = &p.session;
    let lines = match g.stage() {
        Stage::Scene | Stage::Ending => scene(app, g, body),
        Stage::Discuss => discuss(app, g, body),
        Stage::Vote | Stage::Choose => votes(app, g, body),
        Stage::Reveal => reveal(app, g, body),
        Stage::Debrief => {
            debrief(app, g, body, buf);
            Vec::new()
        }
    };
    if !lines.is_empty() {
        let pad_top = if matches!(g.stage(), Stage::Scene | Stage::Ending) {
            body.height.saturating_sub(lines.len() as u16) / 3
        } else {
            0
        };
        let area = Rect {
            y: body.y + pad_top,
            height: body.height - pad_top,
            ..body
        };
        Paragraph::new(lines).render(area, buf);
    }
    if p.confirm_leave {
        Line::from(Span::styled(t.end_confirm(), th.style(Role::Neutral))).render(bar, buf);
    } else {
        common::hint_bar(app, bar, buf);
    }
}

fn header(app: &App<'_>, p: &Presenter, top: Rect, progress: Rect, buf: &mut Buffer) {
    let t = app.lang.texts();
    let th = &app.theme;
    let g = &p.session;
    let n = g.log().len()
        + usize::from(!matches!(
            g.stage(),
            Stage::Reveal | Stage::Ending | Stage::Debrief
        ));
    let title = match g.stage() {
        Stage::Debrief => t.group_debrief().to_string(),
        Stage::Ending => t.outcome().to_string(),
        _ => format!("{} {n}", t.decision()),
    };
    Line::from(vec![
        Span::styled(title, th.style(Role::Title)),
        Span::styled(
            format!("  ·  {}", g.run().scenario().title),
            th.style(Role::Muted),
        ),
    ])
    .render(top, buf);
    // Where the room is in this decision.
    let current = match g.stage() {
        Stage::Scene => Some(0),
        Stage::Discuss => Some(1),
        Stage::Vote => Some(2),
        Stage::Choose => Some(3),
        Stage::Reveal => Some(4),
        Stage::Ending | Stage::Debrief => None,
    };
    if let Some(cur) = current {
        let mut spans = Vec::new();
        for (i, name) in t.stages().iter().enumerate() {
            if i > 0 {
                spans.push(Span::styled(" › ", th.style(Role::Muted)));
            }
            let style = if i == cur {
                th.style(Role::Title).add_modifier(Modifier::REVERSED)
            } else {
                th.style(Role::Muted)
            };
            spans.push(Span::styled(format!(" {name} "), style));
        }
        Line::from(spans).render(progress, buf);
    }
    if let Some(r) = p.remaining
        && matches!(g.stage(), Stage::Discuss | Stage::Vote)
    {
        let text = if r == 0 {
            t.time_up().to_string()
        } else {
            format!("⏱ {}:{:02}", r / 60, r % 60)
        };
        let role = if r <= 10 { Role::Fatal } else { Role::Title };
        Line::from(Span::styled(text, th.style(role)))
            .right_aligned()
            .render(top, buf);
    }
}

fn speaker(g: &GroupSession, who: &Who, t: &Texts) -> Option<(String, Role)> {
    let run = g.run();
    match who {
        Who::Narrator => None,
        Who::Trainee => Some((t.you().to_string(), Role::Trainee)),
        Who::Role(r) => {
            let role = if crate::i18n::words::is_patient(run, *r) {
                Role::Patient
            } else {
                Role::Other
            };
            Some((t.speaker_name(run, who).to_string(), role))
        }
    }
}

fn scene<'l>(app: &App<'_>, g: &GroupSession, body: Rect) -> Vec<Line<'l>> {
    let t = app.lang.texts();
    let th = &app.theme;
    let w = usize::from(body.width);
    let mut out = Vec::new();
    for u in g.scene_lines() {
        if !out.is_empty() {
            out.push(Line::default());
        }
        match speaker(g, &u.who, t) {
            None => {
                for l in wrap(&u.text, w) {
                    out.push(Line::from(Span::styled(l, th.style(Role::Narrator))));
                }
            }
            Some((name, role)) => {
                out.push(Line::from(Span::styled(name, th.style(role))));
                for l in wrap(&u.text, w.saturating_sub(2)) {
                    out.push(Line::from(Span::styled(
                        format!("  {l}"),
                        th.base().add_modifier(Modifier::BOLD),
                    )));
                }
            }
        }
    }
    out.push(Line::default());
    let s = g.run().scenario();
    if g.stage() == Stage::Ending {
        if let Some(o) = g.run().outcome() {
            let role = if o.ending.is_good() {
                Role::Good
            } else {
                Role::Fatal
            };
            out.push(Line::from(Span::styled(
                t.ending(o.ending).to_string(),
                th.style(role),
            )));
        }
    } else {
        out.push(common::mood_line(
            g.run().mood(),
            s.mood.leave_below,
            body.width,
            t,
            th,
        ));
    }
    out
}

fn replies<'l>(app: &App<'_>, g: &GroupSession, w: usize, tally: bool) -> Vec<Line<'l>> {
    let th = &app.theme;
    let run = g.run();
    let choices = run.scenario().node(run.node()).choices();
    let votes = g.votes();
    let total: u32 = votes.iter().sum();
    let most = votes.iter().copied().max().unwrap_or(0).max(1);
    let mut out = Vec::new();
    for (i, &idx) in run.offered().iter().enumerate() {
        let chosen = tally && g.stage() == Stage::Choose && i == g.chosen();
        let head_style = if chosen {
            th.style(Role::Selected)
        } else {
            th.style(Role::Key)
        };
        let text = run.fill(&choices[idx].text);
        // While counting, keep each reply to two lines so the bars stay on one screen.
        let mut lines = wrap(&text, w.saturating_sub(4));
        if tally && lines.len() > 2 {
            lines.truncate(2);
            if let Some(l) = lines.last_mut() {
                l.push('…');
            }
        }
        for (j, l) in lines.into_iter().enumerate() {
            let head = if j == 0 {
                format!("{}{} ", if chosen { "▶" } else { " " }, letter(i))
            } else {
                "   ".to_string()
            };
            out.push(Line::from(vec![
                Span::styled(head, head_style),
                Span::styled(
                    format!(" {l}"),
                    if chosen {
                        th.style(Role::Selected)
                    } else {
                        th.base()
                    },
                ),
            ]));
        }
        if tally {
            let room = w.saturating_sub(12);
            let len = (votes[i] as usize * room) / most as usize;
            let share = (votes[i] * 100 + total / 2).checked_div(total).unwrap_or(0);
            out.push(Line::from(vec![
                Span::raw("    "),
                Span::styled("█".repeat(len), th.style(Role::Title)),
                Span::styled(format!(" {} ({share}%)", votes[i]), th.style(Role::Title)),
            ]));
        }
        out.push(Line::default());
    }
    out
}

fn discuss<'l>(app: &App<'_>, g: &GroupSession, body: Rect) -> Vec<Line<'l>> {
    let t = app.lang.texts();
    let th = &app.theme;
    let w = usize::from(body.width);
    let mut out = Vec::new();
    let node = g.run().scenario().node(g.run().node());
    if let Some(q) = &node.discuss {
        for l in wrap(&format!("{}: {}", t.discuss(), g.run().fill(q)), w) {
            out.push(Line::from(Span::styled(l, th.style(Role::Title))));
        }
        out.push(Line::default());
    }
    out.extend(replies(app, g, w, false));
    out
}

fn votes<'l>(app: &App<'_>, g: &GroupSession, body: Rect) -> Vec<Line<'l>> {
    let t = app.lang.texts();
    let th = &app.theme;
    let total: u32 = g.votes().iter().sum();
    let mut out = replies(app, g, usize::from(body.width), true);
    out.push(Line::from(Span::styled(
        t.votes(total),
        th.style(Role::Muted),
    )));
    out
}

fn reveal<'l>(app: &App<'_>, g: &GroupSession, body: Rect) -> Vec<Line<'l>> {
    let t = app.lang.texts();
    let th = &app.theme;
    let w = usize::from(body.width);
    let Some(d) = g.revealed() else {
        return Vec::new();
    };
    let run = g.run();
    let choices = run.scenario().node(d.node).choices();
    let chosen = &choices[d.offered[d.chosen]];
    let mut out = Vec::new();
    for l in wrap(
        &format!(
            "{} {}: «{}»",
            t.room_chose(),
            letter(d.chosen),
            run.fill(&chosen.text)
        ),
        w,
    ) {
        out.push(Line::from(Span::styled(l, th.style(Role::Trainee))));
    }
    out.push(Line::default());
    if let Some(thought) = &d.reaction.thought {
        for l in wrap(&format!("«{thought}»"), w) {
            out.push(Line::from(Span::styled(l, th.style(Role::Patient))));
        }
        out.push(Line::default());
    }
    let r = &d.reaction.decision;
    let (verdict, role) = common::verdict(t, r.fatal, &r.good);
    let verdict = verdict.to_uppercase();
    out.push(Line::from(Span::styled(verdict, th.style(role))));
    if let Some(f) = &d.reaction.feedback {
        out.extend(
            wrap(f, w)
                .into_iter()
                .map(|l| Line::from(Span::styled(l, th.base()))),
        );
    }
    if let Some(b) = d.reaction.better {
        out.push(Line::default());
        for l in wrap(
            &format!("{}: «{}»", t.better(), run.fill(&choices[b].text)),
            w,
        ) {
            out.push(Line::from(Span::styled(l, th.style(Role::Good))));
        }
    }
    out.push(Line::default());
    let share = match d.fatal_share(run.scenario()) {
        Some(s) => format!("{:.0}% {}", s * 100.0, t.fatal_share()),
        None => format!("({})", t.no_votes()),
    };
    out.push(Line::from(Span::styled(share, th.style(Role::Title))));
    out
}

fn debrief(app: &App<'_>, g: &GroupSession, body: Rect, buf: &mut Buffer) {
    let t = app.lang.texts();
    let th = &app.theme;
    let sum = g.run().summary();
    let big = body.height >= 30 && body.width >= 100;
    let score_h = if big { 8 } else { 4 };
    let [outcome, score, _, path] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(score_h),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(body);
    if let Some(o) = sum.outcome {
        let role = if o.ending.is_good() {
            Role::Good
        } else {
            Role::Fatal
        };
        Line::from(vec![
            Span::styled(format!("{}: ", t.outcome()), th.style(Role::Muted)),
            Span::styled(t.outcome_words(o), th.style(role)),
        ])
        .render(outcome, buf);
    }
    BigText::builder()
        .pixel_size(if big {
            PixelSize::HalfHeight
        } else {
            PixelSize::Quadrant
        })
        .style(th.style(Role::Title))
        .lines(vec![Line::from(format!("{}/100", sum.score))])
        .build()
        .render(score, buf);
    let w = usize::from(path.width);
    let mut lines = Vec::new();
    let s = g.run().scenario();
    for (i, d) in g.log().iter().enumerate() {
        let choices = s.node(d.node).choices();
        let c = &choices[d.offered[d.chosen]];
        let (verdict, role) = common::verdict(t, c.fatal, &c.good);
        let split: Vec<String> = d
            .votes
            .iter()
            .enumerate()
            .map(|(j, v)| format!("{}:{v}", letter(j)))
            .collect();
        let share = d
            .fatal_share(s)
            .map_or(String::new(), |x| format!(" · {:.0}% ✗", x * 100.0));
        let head = format!("{:>2}. {} ", i + 1, letter(d.chosen));
        let tail = format!("  [{}]{share}", split.join(" "));
        let room = w.saturating_sub(head.chars().count() + tail.chars().count());
        let verdict: String = verdict.chars().take(room).collect();
        let pad = room.saturating_sub(verdict.chars().count());
        lines.push(Line::from(vec![
            Span::styled(head, th.style(Role::Key)),
            Span::styled(verdict, th.style(role)),
            Span::styled(format!("{}{tail}", " ".repeat(pad)), th.base()),
        ]));
    }
    lines.push(Line::default());
    let leaning = match g.leaning() {
        Some((k, n)) => format!("{}: {} ({})", t.leaning(), t.fatal(k), t.votes(n)),
        None => t.no_leaning().to_string(),
    };
    for l in wrap(&leaning, w) {
        lines.push(Line::from(Span::styled(l, th.style(Role::Title))));
    }
    let h = usize::from(path.height);
    let skip = lines.len().saturating_sub(h);
    Paragraph::new(lines.into_iter().skip(skip).collect::<Vec<_>>()).render(path, buf);
}
