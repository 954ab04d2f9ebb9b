//! Debrief: outcome and score, fatal errors by kind, the mood over the conversation, and every
//! decision with what would have worked.

use super::app::{App, Screen};
use super::common::{self, Tier};
use super::keys::Action;
use super::theme::Role;
use super::wrap::wrap;
use crate::engine::Run;
use crate::scenario::FatalKind;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Padding, Paragraph, Sparkline, Widget};
use std::sync::Arc;

/// The end of a run.
#[derive(Debug, Clone)]
pub struct Debrief {
    /// The finished run.
    pub run: Run,
    /// The highlighted decision.
    pub selected: usize,
}

impl App<'_> {
    pub(super) fn update_debrief(&mut self, action: Action) {
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
}

/// Draws the debrief.
pub fn render(app: &App<'_>, d: &Debrief, area: Rect, buf: &mut Buffer) {
    let t = app.lang.texts();
    let th = &app.theme;
    let scenario = d.run.scenario();
    let body = common::frame(
        app,
        &format!("{} · {}", t.debrief(), scenario.title),
        area,
        buf,
    );
    let s = d.run.summary();
    let wide = Tier::of(area) == Tier::Wide;
    let [head, charts, rest] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(if wide { 7 } else { 5 }),
        Constraint::Min(4),
    ])
    .areas(body);

    // Outcome and score.
    let (outcome, good) = match s.outcome {
        Some(o) => (t.outcome_words(o), o.ending.is_good() && !o.walked_out),
        None => ("—".into(), false),
    };
    let outcome_role = if good { Role::Good } else { Role::Fatal };
    Paragraph::new(vec![
        Line::from(vec![
            Span::styled(format!(" {}: ", t.outcome()), th.style(Role::Muted)),
            Span::styled(outcome, th.style(outcome_role)),
        ]),
        Line::from(vec![
            Span::styled(format!(" {}: ", t.score()), th.style(Role::Muted)),
            Span::styled(format!("{}/100", s.score), th.style(Role::Title)),
            Span::styled(
                if s.retries > 0 {
                    format!("   {}: {}", t.retries(), s.retries)
                } else {
                    String::new()
                },
                th.style(Role::Muted),
            ),
        ]),
    ])
    .render(head, buf);

    // Fatal errors by kind, and the mood line.
    let [bars, mood] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(charts);
    let counts = [
        s.fatal.justifying,
        s.fatal.ignoring,
        s.fatal.counter_attacking,
    ];
    common::fatal_bars(app, t.fatal_errors(), counts, 0, bars, buf);
    let moods: Vec<u64> = s.moods.iter().map(|m| (m + 10) as u64).collect();
    Sparkline::default()
        .block(
            Block::bordered()
                .title(format!(" {} ", t.mood_over_time()))
                .border_style(th.style(Role::Border)),
        )
        .data(&moods)
        .max(20)
        .style(th.style(Role::Patient))
        .render(mood, buf);

    // Decisions, and the selected one in detail.
    let list_w = (rest.width * 2 / 5).min(44);
    let [list, detail] =
        Layout::horizontal([Constraint::Length(list_w), Constraint::Min(20)]).areas(rest);
    decisions(app, d, list, buf);
    details(app, d, detail, buf);
}

fn verdict_of(
    app: &App<'_>,
    fatal: Option<FatalKind>,
    good: &[crate::scenario::Technique],
) -> (String, Role) {
    common::verdict(app.lang.texts(), fatal, good)
}

fn decisions(app: &App<'_>, d: &Debrief, area: Rect, buf: &mut Buffer) {
    let t = app.lang.texts();
    let th = &app.theme;
    let all = d.run.decisions();
    let h = usize::from(area.height.saturating_sub(2)).max(1);
    let selected = d.selected.min(all.len().saturating_sub(1));
    let first = selected.saturating_sub(h - 1);
    let w = usize::from(area.width.saturating_sub(2));
    let lines: Vec<Line<'_>> = all
        .iter()
        .enumerate()
        .skip(first)
        .take(h)
        .map(|(i, dec)| {
            let (verdict, role) = verdict_of(app, dec.fatal, &dec.good);
            let retried = if dec.retried {
                format!(" ({})", t.retried())
            } else {
                String::new()
            };
            let text: String = format!("{:>2}. {verdict}{retried}", i + 1)
                .chars()
                .take(w)
                .collect();
            let style = if i == selected {
                th.style(Role::Selected)
            } else {
                th.style(role)
            };
            Line::from(Span::styled(text, style))
        })
        .collect();
    Paragraph::new(lines)
        .block(
            Block::bordered()
                .title(format!(" {} ", t.decisions()))
                .border_style(th.style(Role::Border)),
        )
        .render(area, buf);
}

fn details(app: &App<'_>, d: &Debrief, area: Rect, buf: &mut Buffer) {
    let t = app.lang.texts();
    let th = &app.theme;
    let w = usize::from(area.width.saturating_sub(4));
    let mut lines = Vec::new();
    if let Some(dec) = d.run.decisions().get(d.selected) {
        let node = d.run.scenario().node(dec.node);
        let said = &node.choices()[dec.choice];
        lines.push(Line::from(Span::styled(
            format!("{}:", t.what_you_said()),
            th.style(Role::Muted),
        )));
        for l in wrap(&format!("«{}»", d.run.fill(&said.text)), w) {
            lines.push(Line::from(Span::styled(l, th.style(Role::Trainee))));
        }
        let (verdict, role) = verdict_of(app, dec.fatal, &dec.good);
        lines.push(Line::from(Span::styled(verdict, th.style(role))));
        if let Some(f) = &said.feedback {
            lines.extend(wrap(&d.run.fill(f), w).into_iter().map(Line::from));
        }
        if dec.best != dec.choice && dec.credit < 1.0 {
            let best = &node.choices()[dec.best];
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(
                format!("{}:", t.best_reply()),
                th.style(Role::Muted),
            )));
            for l in wrap(&format!("«{}»", d.run.fill(&best.text)), w) {
                lines.push(Line::from(Span::styled(l, th.style(Role::Good))));
            }
            if let Some(f) = &best.feedback {
                lines.extend(wrap(&d.run.fill(f), w).into_iter().map(Line::from));
            }
        }
    }
    Paragraph::new(lines)
        .block(
            Block::bordered()
                .border_style(th.style(Role::Border))
                .padding(Padding::horizontal(1)),
        )
        .render(area, buf);
}
