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
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Chart, Dataset, GraphType, Padding, Paragraph, Widget};
use std::sync::Arc;

/// The end of a run.
#[derive(Debug, Clone)]
pub struct Debrief {
    /// The finished run.
    pub run: Run,
    /// The highlighted decision.
    pub selected: usize,
    /// Lines the details panel is scrolled down.
    pub scroll: usize,
}

impl Debrief {
    /// The debrief of a finished run.
    pub fn new(run: Run) -> Self {
        Self {
            run,
            selected: 0,
            scroll: 0,
        }
    }
}

impl App<'_> {
    pub(super) fn update_debrief(&mut self, action: Action) {
        let Screen::Debrief(d) = &mut self.screen else {
            return;
        };
        let n = d.run.decisions().len();
        match action {
            Action::Up => {
                d.selected = d.selected.saturating_sub(1);
                d.scroll = 0;
            }
            Action::Down => {
                d.selected = (d.selected + 1).min(n.saturating_sub(1));
                d.scroll = 0;
            }
            Action::PageUp => d.scroll = d.scroll.saturating_sub(3),
            Action::PageDown => d.scroll += 3,
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
    let body = if wide {
        common::at_most(body, 160)
    } else {
        body
    };
    // The charts only where the details keep room for a long reply beside them.
    let charts_h = if wide {
        (body.height / 4).clamp(7, 12)
    } else if body.height >= 22 {
        7
    } else {
        0
    };
    let [head, charts, rest] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(charts_h),
        Constraint::Min(4),
    ])
    .areas(body);

    // Outcome, with the ending repeated in one line, and score.
    let (outcome, good) = match s.outcome {
        Some(o) => (t.outcome_words(o), o.ending.is_good() && !o.walked_out),
        None => ("—".into(), false),
    };
    let outcome_role = if good { Role::Good } else { Role::Fatal };
    let label = format!(" {}: ", t.outcome());
    let used = label.chars().count() + outcome.chars().count();
    let mut first = vec![
        Span::styled(label, th.style(Role::Muted)),
        Span::styled(outcome, th.style(outcome_role)),
    ];
    if let Some(text) = super::conversation::closing_text(&d.run) {
        let room = usize::from(head.width).saturating_sub(used + 4);
        if room > 8 {
            first.push(Span::styled(
                format!(" — {}", common::truncate(&text.replace('\n', " "), room)),
                th.style(Role::Narrator),
            ));
        }
    }
    Paragraph::new(vec![
        Line::from(first),
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
            // Pitfalls, counted apart from the fatal errors in the bars below.
            Span::styled(format!("   {}: ", t.pitfalls()), th.style(Role::Muted)),
            Span::styled(
                t.pitfall_counts(&s.pitfalls),
                th.style(if s.pitfalls.total() > 0 {
                    Role::Fatal
                } else {
                    Role::Muted
                }),
            ),
        ]),
    ])
    .render(head, buf);

    // Fatal errors by kind, and the mood over the conversation.
    if charts_h > 0 {
        let [bars, mood] =
            Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)])
                .areas(charts);
        let counts = [
            s.fatal.justifying,
            s.fatal.ignoring,
            s.fatal.counter_attacking,
        ];
        common::fatal_bars(app, t.fatal_errors(), counts, 0, bars, buf);
        mood_chart(app, &s.moods, scenario.mood.leave_below, mood, buf);
    }

    // Decisions, and the selected one in detail.
    let list_w = (rest.width * 2 / 5).clamp(18, 44);
    let [list, detail] =
        Layout::horizontal([Constraint::Length(list_w), Constraint::Min(20)]).areas(rest);
    decisions(app, d, list, buf);
    details(app, d, common::readable(detail), buf);
}

/// The mood after each reply as a line across the whole panel, with the scale labelled and the
/// walk-out limit drawn where the scenario has one.
fn mood_chart(
    app: &App<'_>,
    moods: &[i32],
    leave_below: Option<i32>,
    area: Rect,
    buf: &mut Buffer,
) {
    let t = app.lang.texts();
    let th = &app.theme;
    let points: Vec<(f64, f64)> = moods
        .iter()
        .enumerate()
        .map(|(i, m)| (i as f64, f64::from(*m)))
        .collect();
    let n = (moods.len().max(2) - 1) as f64;
    let limit: Vec<(f64, f64)> = leave_below
        .map(|l| vec![(0.0, f64::from(l)), (n, f64::from(l))])
        .unwrap_or_default();
    let mut sets = vec![
        Dataset::default()
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(th.style(Role::Patient))
            .data(&points),
    ];
    if !limit.is_empty() {
        sets.push(
            Dataset::default()
                .marker(Marker::Dot)
                .graph_type(GraphType::Line)
                .style(th.style(Role::Fatal))
                .data(&limit),
        );
    }
    let last = moods.len().saturating_sub(1);
    Chart::new(sets)
        .block(
            Block::bordered()
                .title(format!(" {} ", t.mood_over_time()))
                .border_style(th.style(Role::Border)),
        )
        .x_axis(
            Axis::default()
                .bounds([0.0, n])
                .labels(vec![
                    Line::from("0"),
                    Line::from(format!("{} {last}", t.reply())),
                ])
                .style(th.style(Role::Muted)),
        )
        .y_axis(
            Axis::default()
                .bounds([-10.0, 10.0])
                .labels(vec![Line::from("-10"), Line::from("0"), Line::from("+10")])
                .style(th.style(Role::Muted)),
        )
        .render(area, buf);
}

fn verdict_of(
    app: &App<'_>,
    fatal: Option<FatalKind>,
    pitfall: Option<crate::scenario::Pitfall>,
    good: &[crate::scenario::Technique],
) -> (String, Role) {
    common::verdict(app.lang.texts(), fatal, pitfall, good)
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
            let (verdict, role) = verdict_of(app, dec.fatal, dec.pitfall, &dec.good);
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
        // The decision by its number and the line it answered (never the node id).
        lines.push(Line::from(Span::styled(
            format!("{}:", t.decision_number(d.selected + 1)),
            th.style(Role::Muted),
        )));
        if let Some(heard) = d.run.heard_before(d.selected) {
            for l in wrap(&format!("«{heard}»"), w) {
                lines.push(Line::from(Span::styled(l, th.style(Role::Patient))));
            }
        }
        lines.push(Line::from(Span::styled(
            format!("{}:", t.what_you_said()),
            th.style(Role::Muted),
        )));
        for l in wrap(&format!("«{}»", d.run.fill(&said.text)), w) {
            lines.push(Line::from(Span::styled(l, th.style(Role::Trainee))));
        }
        let (verdict, role) = verdict_of(app, dec.fatal, dec.pitfall, &dec.good);
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
    let h = usize::from(area.height.saturating_sub(2));
    let scroll = d.scroll.min(lines.len().saturating_sub(h));
    let above = scroll > 0;
    let below = scroll + h < lines.len();
    let visible: Vec<Line<'_>> = lines.into_iter().skip(scroll).take(h).collect();
    let block = Block::bordered()
        .border_style(th.style(Role::Border))
        .padding(Padding::horizontal(1));
    Paragraph::new(visible)
        .block(common::with_markers(block, above, below, app))
        .render(area, buf);
}
