//! Home: the scenario list and the selected scenario's summary.

use super::app::{App, Screen};
use super::common::{self, Tier};
use super::keys::Action;
use super::progress::ProgressScreen;
use super::theme::Role;
use super::wrap::wrap;
use crate::scenario::Header;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Padding, Paragraph, Widget};

impl App<'_> {
    pub(super) fn update_home(&mut self, action: Action) {
        let list = self.entries();
        let n = list.len();
        if self.home_details {
            // Any of the details' keys closes them.
            self.home_details = false;
            return;
        }
        match action {
            Action::Details => self.home_details = true,
            Action::Intro => self.open_intro(),
            Action::Up => self.home_selected = self.home_selected.saturating_sub(1),
            Action::Down => self.home_selected = (self.home_selected + 1).min(n.saturating_sub(1)),
            Action::Confirm => {
                if let Some(s) = list.get(self.home_selected).and_then(|f| f.scenario()) {
                    self.start(s);
                }
            }
            Action::ToggleLang => self.lang = self.lang.next(),
            Action::ToggleMode => self.mode = self.mode.toggled(),
            Action::Phrasebook => self.screen = Screen::Phrasebook(self.phrasebook()),
            Action::Present => {
                if let Some(s) = list.get(self.home_selected).and_then(|f| f.scenario()) {
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
}

/// Draws Home.
pub fn render(app: &App<'_>, area: Rect, buf: &mut Buffer) {
    let t = app.lang.texts();
    let body = common::frame(app, t.scenarios(), area, buf);
    let list: Vec<&Header> = app
        .entries()
        .into_iter()
        .filter_map(|f| f.header())
        .collect();
    if list.is_empty() {
        Paragraph::new(t.no_scenarios()).render(body, buf);
        return;
    }
    let selected = app.home_selected.min(list.len() - 1);
    let [left, right] = match Tier::of(area) {
        Tier::Wide => Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
            .areas(common::at_most(body, 2 * common::READABLE_WIDTH - 40)),
        _ => Layout::vertical([
            Constraint::Length(list.len() as u16 + 2),
            Constraint::Min(3),
        ])
        .areas(body),
    };
    scenario_list(app, &list, selected, left, buf);
    summary(app, list[selected], right, buf);
    if app.home_details {
        details(app, list[selected], body, buf);
    }
}

/// The first sentence of a summary: what the trainee is told before playing, without the
/// rest of the story.
pub fn teaser(summary: &str) -> &str {
    let chars: Vec<(usize, char)> = summary.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        if matches!(c, '.' | '!' | '?' | '…') {
            let next = chars.get(k + 1).map(|x| x.1);
            if next.is_none_or(char::is_whitespace) {
                return &summary[..i + c.len_utf8()];
            }
        }
    }
    summary
}

/// For trainers: the whole summary, the source the case comes from, the id and languages.
fn details(app: &App<'_>, s: &Header, area: Rect, buf: &mut Buffer) {
    use ratatui::widgets::Clear;
    let t = app.lang.texts();
    let th = &app.theme;
    let r = common::readable(area);
    let r = Rect {
        x: r.x + 2.min(r.width / 10),
        width: r.width.saturating_sub(4.min(r.width / 5)),
        ..r
    };
    let w = usize::from(r.width.saturating_sub(4));
    let mut lines = vec![Line::from(Span::styled(
        s.title.clone(),
        th.style(Role::Title),
    ))];
    let mut langs: Vec<&str> = app
        .lib
        .headers()
        .filter(|(_, x)| x.id == s.id)
        .map(|(_, x)| x.lang.0.as_str())
        .collect();
    langs.sort_unstable();
    langs.dedup();
    lines.push(Line::from(Span::styled(
        format!(
            "{}: {} · {}: {}",
            t.scenario_id(),
            s.id.0,
            t.languages(),
            langs.join(", ")
        ),
        th.style(Role::Muted),
    )));
    lines.push(Line::default());
    lines.extend(wrap(&s.summary, w).into_iter().map(Line::from));
    if let Some(src) = &s.source {
        lines.push(Line::default());
        for l in wrap(&format!("{}: {src}", t.source()), w) {
            lines.push(Line::from(Span::styled(l, th.style(Role::Neutral))));
        }
    }
    let h = (lines.len() as u16 + 2).min(r.height);
    let r = Rect {
        y: r.y + (r.height - h) / 2,
        height: h,
        ..r
    };
    Clear.render(r, buf);
    Paragraph::new(lines)
        .block(
            Block::bordered()
                .title(format!(" {} (d / Esc) ", t.details()))
                .border_style(th.style(Role::Border))
                .padding(Padding::horizontal(1)),
        )
        .render(r, buf);
}

fn scenario_list(app: &App<'_>, list: &[&Header], selected: usize, area: Rect, buf: &mut Buffer) {
    let t = app.lang.texts();
    let th = &app.theme;
    let inner_w = usize::from(area.width.saturating_sub(4));
    let lines: Vec<Line<'_>> = list
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let stars = crate::i18n::words::stars(s.difficulty);
            let setting = t.setting(s.setting);
            let tail = if app.history.recording {
                let sc = app.scores_of(s);
                let scores = match (sc.best, sc.last) {
                    (Some(b), Some(l)) => format!("{b:>3} / {l:<3}"),
                    _ => format!("{:>3}   {:<3}", "·", ""),
                };
                format!("  {setting:<8} {stars}  {scores}")
            } else {
                format!("  {setting:<8} {stars}")
            };
            let room = inner_w.saturating_sub(tail.chars().count() + 2);
            let mut title: String = s.title.chars().take(room).collect();
            if s.title.chars().count() > room {
                title.pop();
                title.push('…');
            }
            let pad = room.saturating_sub(title.chars().count());
            let marker = if i == selected { "▶ " } else { "  " };
            let row = format!("{marker}{title}{}{tail}", " ".repeat(pad));
            if i == selected {
                Line::from(Span::styled(row, th.style(Role::Selected)))
            } else {
                Line::from(row)
            }
        })
        .collect();
    // With a history, the title names the score columns: best / last.
    let title = if app.history.recording {
        format!(" {} · {} / {} ", t.scenarios(), t.best_score(), t.last())
    } else {
        format!(" {} ", t.scenarios())
    };
    Paragraph::new(lines)
        .block(
            Block::bordered()
                .title(title)
                .border_style(th.style(Role::Border)),
        )
        .render(area, buf);
}

fn summary(app: &App<'_>, s: &Header, area: Rect, buf: &mut Buffer) {
    let t = app.lang.texts();
    let th = &app.theme;
    let w = usize::from(area.width.saturating_sub(4));
    let mut lines = vec![Line::from(Span::styled(
        s.title.clone(),
        th.style(Role::Title),
    ))];
    lines.push(Line::from(Span::styled(
        format!(
            "{} · {} {}",
            t.setting(s.setting),
            t.difficulty(),
            s.difficulty
        ),
        th.style(Role::Muted),
    )));
    lines.push(Line::default());
    lines.extend(wrap(teaser(&s.summary), w).into_iter().map(Line::from));
    if let Some(problem) = &app.history.problem {
        lines.push(Line::default());
        for l in wrap(&format!("{}: {problem}", t.not_recording()), w) {
            lines.push(Line::from(Span::styled(l, th.style(Role::Neutral))));
        }
    }
    if let Some(line) = xapi_line(app) {
        lines.push(Line::default());
        for l in wrap(&line, w) {
            lines.push(Line::from(Span::styled(l, th.style(Role::Muted))));
        }
    }
    if app.mode == crate::engine::Mode::Exam {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            t.exam_note(),
            th.style(Role::Neutral),
        )));
    }
    Paragraph::new(lines)
        .block(
            Block::bordered()
                .border_style(th.style(Role::Border))
                .padding(Padding::horizontal(1)),
        )
        .render(area, buf);
}

/// One calm line about sending results to the LRS, when one is configured.
fn xapi_line(app: &App<'_>) -> Option<String> {
    use crate::xapi::background::Status;
    use crate::xapi::sync::SendErrorKind;
    let t = app.lang.texts();
    Some(match app.xapi.as_ref()?.status() {
        Status::Idle => return None,
        Status::Sending => t.xapi_sending().to_string(),
        Status::Sent { runs: 0 } => t.xapi_all_sent().to_string(),
        Status::Sent { runs } => t.xapi_sent(runs),
        Status::Waiting { runs, why } => {
            let why = match why {
                Some(SendErrorKind::Unreachable) => "unreachable",
                Some(SendErrorKind::Timeout) => "timeout",
                Some(SendErrorKind::Unauthorized) => "password",
                Some(SendErrorKind::Refused) => "refused",
                None => "history",
            };
            format!("{}: {}", t.xapi_waiting(runs), t.xapi_why(why))
        }
    })
}
