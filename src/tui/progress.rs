//! Progress: score over time per scenario, fatal errors of the last 30 days, the technique used
//! least, and the decisions most often got wrong with what works there.

use super::app::{App, Screen};
use super::common::{self, Tier};
use super::keys::Action;
use super::theme::Role;
use super::wrap::wrap;
use crate::report::Progress;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Chart, Dataset, GraphType, Padding, Paragraph, Widget};

/// The Progress screen.
#[derive(Debug, Clone)]
pub struct ProgressScreen {
    /// The figures.
    pub progress: Progress,
    /// Which scenario's scores the chart shows.
    pub selected: usize,
}

impl App<'_> {
    pub(super) fn update_progress(&mut self, action: Action) {
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
}

/// Draws the Progress screen.
pub fn render(app: &App<'_>, p: &ProgressScreen, area: Rect, buf: &mut Buffer) {
    let t = app.lang.texts();
    let th = &app.theme;
    let body = common::frame(
        app,
        &format!("{} · {}", t.progress(), p.progress.trainee),
        area,
        buf,
    );
    if let Some(problem) = &app.history.problem {
        let lines: Vec<Line<'_>> = wrap(
            &format!("{}: {problem}", t.not_recording()),
            usize::from(body.width),
        )
        .into_iter()
        .map(|l| Line::from(Span::styled(l, th.style(Role::Neutral))))
        .collect();
        Paragraph::new(lines).render(body, buf);
        return;
    }
    if p.progress.finished == 0 {
        let mut lines = vec![Line::from(Span::styled(
            t.no_history(),
            th.style(Role::Muted),
        ))];
        let groups = group_lines(app, p);
        if !groups.is_empty() {
            lines.push(Line::default());
            lines.extend(groups);
        }
        Paragraph::new(lines)
            .block(Block::new().padding(Padding::uniform(1)))
            .render(body, buf);
        return;
    }
    let wide = Tier::of(area) == Tier::Wide;
    let [top, bottom] =
        Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(body);
    let [chart_area, bars_area] = if wide {
        Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(top)
    } else {
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(top)
    };
    chart(app, p, chart_area, buf);
    fatal_bars(app, p, bars_area, buf);
    summary(app, p, bottom, buf);
}

fn chart(app: &App<'_>, p: &ProgressScreen, area: Rect, buf: &mut Buffer) {
    let t = app.lang.texts();
    let th = &app.theme;
    let Some((title, points)) = p
        .progress
        .series
        .get(p.selected.min(p.progress.series.len().saturating_sub(1)))
    else {
        return;
    };
    let data: Vec<(f64, f64)> = points
        .iter()
        .enumerate()
        .map(|(i, (_, s))| ((i + 1) as f64, f64::from(*s)))
        .collect();
    let n = data.len().max(2) as f64;
    let first = points
        .first()
        .map(|p| p.0.format("%d.%m").to_string())
        .unwrap_or_default();
    let last = points
        .last()
        .map(|p| p.0.format("%d.%m").to_string())
        .unwrap_or_default();
    let dataset = Dataset::default()
        .marker(Marker::Braille)
        .graph_type(GraphType::Line)
        .style(th.style(Role::Good))
        .data(&data);
    let position = format!("{}/{}", p.selected + 1, p.progress.series.len());
    Chart::new(vec![dataset])
        .block(
            Block::bordered()
                .title(format!(" {} · {title} ({position}) ", t.scores_over_time()))
                .border_style(th.style(Role::Border)),
        )
        .x_axis(
            Axis::default()
                .bounds([1.0, n])
                .labels(vec![
                    Line::from(first),
                    Line::from(t.runs(points.len())),
                    Line::from(last),
                ])
                .style(th.style(Role::Muted)),
        )
        .y_axis(
            Axis::default()
                .bounds([0.0, 100.0])
                .labels(vec![Line::from("0"), Line::from("50"), Line::from("100")])
                .style(th.style(Role::Muted)),
        )
        .render(area, buf);
}

fn fatal_bars(app: &App<'_>, p: &ProgressScreen, area: Rect, buf: &mut Buffer) {
    let t = app.lang.texts();
    common::fatal_bars(app, t.fatal_30d(), p.progress.fatal_30d, 1, area, buf);
}

fn summary(app: &App<'_>, p: &ProgressScreen, area: Rect, buf: &mut Buffer) {
    let t = app.lang.texts();
    let th = &app.theme;
    let w = usize::from(area.width.saturating_sub(4));
    let mut lines = Vec::new();
    // Pitfalls, apart from the fatal errors in the bars (a line only when there were some).
    if p.progress.pitfalls_30d.total() > 0 {
        lines.push(Line::from(vec![
            Span::styled(format!("{}: ", t.pitfalls_30d()), th.style(Role::Muted)),
            Span::styled(
                t.pitfall_counts(&p.progress.pitfalls_30d),
                th.style(Role::Fatal),
            ),
        ]));
    }
    if let Some((tech, n)) = p.progress.least_technique {
        lines.push(Line::from(vec![
            Span::styled(format!("{}: ", t.least_technique()), th.style(Role::Muted)),
            Span::styled(t.technique(tech).to_string(), th.style(Role::Good)),
            Span::styled(format!(" ({})", t.times(n)), th.style(Role::Muted)),
        ]));
        lines.push(Line::default());
    }
    if !p.progress.wrong.is_empty() {
        lines.push(Line::from(Span::styled(
            format!("{}:", t.most_missed()),
            th.style(Role::Title),
        )));
    }
    for (i, d) in p.progress.wrong.iter().enumerate() {
        lines.push(Line::from(vec![
            Span::styled(
                format!("{}. {} · ", i + 1, d.scenario),
                th.style(Role::Muted),
            ),
            Span::styled(t.wrong_times(d.times), th.style(Role::Fatal)),
        ]));
        // The decision by what the patient says there, never by its node id.
        if let Some(line) = &d.line {
            for l in wrap(&format!("«{line}»"), w.saturating_sub(3)) {
                lines.push(Line::from(Span::styled(
                    format!("   {l}"),
                    th.style(Role::Patient),
                )));
            }
        }
        for l in wrap(
            &format!("{}: «{}»", t.better(), d.better),
            w.saturating_sub(3),
        ) {
            lines.push(Line::from(Span::styled(
                format!("   {l}"),
                th.style(Role::Good),
            )));
        }
    }
    let groups = group_lines(app, p);
    if !groups.is_empty() {
        lines.push(Line::default());
        lines.extend(groups);
    }
    Paragraph::new(lines)
        .block(
            Block::bordered()
                .border_style(th.style(Role::Border))
                .padding(Padding::horizontal(1)),
        )
        .render(area, buf);
}

/// The group sessions this trainer ran: kept apart from their own scores.
fn group_lines(app: &App<'_>, p: &ProgressScreen) -> Vec<Line<'static>> {
    let t = app.lang.texts();
    let th = &app.theme;
    let sessions = &p.progress.group_sessions;
    if sessions.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![Line::from(Span::styled(
        format!("{}:", t.your_group_sessions()),
        th.style(Role::Title),
    ))];
    for g in sessions.iter().take(5) {
        let score = g.score.map_or("—".to_string(), |s| format!("{s}/100"));
        let group = g.group.as_deref().map(crate::scenario::text::visible);
        let group = group.map_or(String::new(), |n| format!(" · {n}"));
        lines.push(Line::from(Span::styled(
            format!(
                "{} · {}{group} · {} · {score}",
                g.date.format("%d.%m"),
                g.scenario,
                t.headcount_short(g.headcount),
            ),
            th.style(Role::Muted),
        )));
    }
    lines
}
