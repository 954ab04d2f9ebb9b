//! Drawing the presenter. The whole screen is the slide: content sits in a centred column (at
//! most [`MAX_TEXT`] wide), centred vertically, and the patient's line, the verdict and the score
//! are drawn in big letters (Latin and Cyrillic, `super::super::bigtext`) whenever they fit —
//! otherwise as ordinary text, never cut.

use super::Presenter;
use super::verdicts::letters_and;
use crate::engine::Who;
use crate::engine::group::{GroupSession, Stage};
use crate::i18n::Texts;
use crate::tui::app::App;
use crate::tui::bigtext::{BigText, FontSize};
use crate::tui::common;
use crate::tui::theme::{Role, Theme};
use crate::tui::wrap::wrap;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

/// The widest a column of ordinary text gets, so lines stay readable on a wide projector.
const MAX_TEXT: u16 = 100;

/// Draws the presenter.
pub fn render(app: &App<'_>, p: &Presenter, area: Rect, buf: &mut Buffer) {
    let th = app.theme.projector();
    Block::new().style(th.base()).render(area, buf);
    if p.blank {
        return;
    }
    let t = app.lang.texts();
    let mx = (area.width / 16).max(1);
    let my = u16::from(area.height >= 30);
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
    header(app, &th, p, top, progress, buf);
    let g = &p.session;
    let body = big_heading(t, &th, p, body, buf);
    let body = super::phones::join_panel(app, &th, p, body, buf);
    let view = View { th: &th, t, g };
    if p.looking_back {
        if let Some(d) = g.log().last() {
            let mut lines = vec![Line::from(Span::styled(
                t.looking_back(),
                th.style(Role::Muted),
            ))];
            lines.extend(view.every_reply(d, column(body).width));
            centred(lines, column(body), buf);
        }
    } else {
        match g.stage() {
            Stage::Scene | Stage::Ending => view.scene(body, buf),
            Stage::Discuss => centred(view.discuss(column(body)), column(body), buf),
            Stage::Vote | Stage::Choose => centred(view.votes(column(body)), column(body), buf),
            Stage::Reveal if p.all_replies => {
                if let Some(d) = g.revealed() {
                    let mut lines = vec![Line::from(Span::styled(
                        t.all_replies(),
                        th.style(Role::Title),
                    ))];
                    lines.push(Line::default());
                    lines.extend(view.every_reply(d, column(body).width));
                    centred(lines, column(body), buf);
                }
            }
            Stage::Reveal => view.reveal(body, buf),
            Stage::Debrief => view.debrief(body, buf),
        }
    }
    if p.confirm_leave {
        Line::from(Span::styled(t.end_confirm(), th.style(Role::Neutral))).render(bar, buf);
    } else if let Some((letter, digits)) = &p.typing
        && !digits.is_empty()
    {
        Line::from(vec![
            Span::styled(
                format!(" {} {}: {digits}", t.count_typed(), t.letter(*letter)),
                th.style(Role::Key),
            ),
            Span::styled("  Enter ✓  Backspace ←", th.style(Role::Muted)),
        ])
        .render(bar, buf);
    } else {
        common::hint_bar_in(app, &th, bar, buf);
    }
}

/// On a large window, the stage's heading in big letters above the body (a sixth of it at
/// most); returns what is left of the body. On a small window, nothing: the header line says it.
fn big_heading(t: &Texts, th: &Theme, p: &Presenter, body: Rect, buf: &mut Buffer) -> Rect {
    let g = &p.session;
    let n = g.log().len() + 1;
    let [_, discuss, vote, _, reveal] = t.stages();
    let text = match g.stage() {
        _ if p.looking_back => reveal.to_string(),
        Stage::Scene => format!("{} {n}", t.decision()),
        Stage::Discuss => discuss.to_string(),
        Stage::Vote | Stage::Choose => vote.to_string(),
        Stage::Reveal => reveal.to_string(),
        Stage::Ending => t.outcome().to_string(),
        Stage::Debrief => t.group_debrief().to_string(),
    };
    let band = Rect {
        height: body.height / 6,
        ..body
    };
    let heading = BigText::new(text.as_str()).max_size(FontSize::Px6x13);
    match heading.fit(band).filter(|f| f.size >= FontSize::Px5x8) {
        Some(fit) => {
            heading
                .style(th.style(Role::Title))
                .alignment(Alignment::Center)
                .render(
                    Rect {
                        height: fit.height,
                        ..band
                    },
                    buf,
                );
            Rect {
                y: body.y + fit.height + 1,
                height: body.height.saturating_sub(fit.height + 1),
                ..body
            }
        }
        None => body,
    }
}

/// The centred column ordinary text uses.
pub(super) fn column(body: Rect) -> Rect {
    let w = body.width.min(MAX_TEXT);
    Rect {
        x: body.x + (body.width - w) / 2,
        width: w,
        ..body
    }
}

/// Lines centred vertically in `area`; when they do not all fit, from the top.
pub(super) fn centred(lines: Vec<Line<'_>>, area: Rect, buf: &mut Buffer) {
    let n = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    let pad = area.height.saturating_sub(n) / 2;
    let area = Rect {
        y: area.y + pad,
        height: area.height - pad,
        ..area
    };
    Paragraph::new(lines).render(area, buf);
}

fn header(app: &App<'_>, th: &Theme, p: &Presenter, top: Rect, progress: Rect, buf: &mut Buffer) {
    let t = app.lang.texts();
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
    let scenario = crate::scenario::text::visible(&g.run().scenario().title).into_owned();
    Line::from(vec![
        Span::styled(title, th.style(Role::Title)),
        Span::styled(format!("  ·  {scenario}"), th.style(Role::Muted)),
    ])
    .render(top, buf);
    if let Some(cur) = common::stage_step(g.stage()) {
        let spans = common::stage_steps(t, th, cur, g.reveals_each_decision(), " › ");
        Line::from(spans).render(progress, buf);
    }
    if let Some(r) = p.remaining
        && matches!(g.stage(), Stage::Discuss | Stage::Vote)
    {
        common::countdown(t, th, r, top, buf);
    }
}

/// What every stage draws from.
pub(super) struct View<'a> {
    pub(super) th: &'a Theme,
    pub(super) t: &'static Texts,
    pub(super) g: &'a GroupSession,
}

impl View<'_> {
    fn speaker(&self, who: &Who) -> Option<(String, Role)> {
        let run = self.g.run();
        match who {
            Who::Narrator => None,
            Who::Trainee => Some((self.t.you().to_string(), Role::Trainee)),
            Who::Role(r) => {
                let role = if crate::i18n::words::is_patient(run, *r) {
                    Role::Patient
                } else {
                    Role::Other
                };
                Some((self.t.speaker_name(run, who).to_string(), role))
            }
        }
    }

    /// The scene: stage directions and earlier lines in ordinary text, the last spoken line big
    /// when it fits, and the mood (or, at the end, how it ended).
    fn scene(&self, body: Rect, buf: &mut Buffer) {
        let (th, t, g) = (self.th, self.t, self.g);
        let col = column(body);
        let w = usize::from(col.width);
        let said: Vec<_> = g.scene_lines().collect();
        let big_at = said.iter().rposition(|u| u.who != Who::Narrator);
        let mut before = Vec::new();
        let mut after = Vec::new();
        let mut big = None;
        for (i, u) in said.iter().enumerate() {
            let out = if big_at.is_some_and(|b| i > b) {
                &mut after
            } else {
                &mut before
            };
            if !out.is_empty() {
                out.push(Line::default());
            }
            match self.speaker(&u.who) {
                None => {
                    for l in wrap(&u.text, w) {
                        out.push(Line::from(Span::styled(l, th.style(Role::Narrator))));
                    }
                }
                Some((name, role)) => {
                    out.push(Line::from(Span::styled(name, th.style(role))));
                    if Some(i) == big_at {
                        big = Some((u.text.as_str(), role));
                    } else {
                        for l in wrap(&u.text, w.saturating_sub(2)) {
                            out.push(Line::from(Span::styled(
                                format!("  {l}"),
                                th.base().add_modifier(Modifier::BOLD),
                            )));
                        }
                    }
                }
            }
        }
        let mut closing = vec![Line::default()];
        if g.stage() == Stage::Ending {
            if let Some(o) = g.run().outcome() {
                let role = if o.ending.is_good() {
                    Role::Good
                } else {
                    Role::Fatal
                };
                closing.push(Line::from(Span::styled(t.outcome_words(o), th.style(role))));
            }
        } else {
            let s = g.run().scenario();
            closing.push(common::mood_line(
                g.run().mood(),
                s.mood.leave_below,
                col.width,
                t,
                th,
            ));
        }
        let fixed = before.len() + after.len() + closing.len() + 1;
        let room = Rect {
            height: body
                .height
                .saturating_sub(u16::try_from(fixed).unwrap_or(u16::MAX)),
            ..body
        };
        // Below 5×8 pixels a letter is no easier to read than the terminal's own font.
        let fit = big.and_then(|(text, _)| {
            BigText::new(text)
                .max_size(FontSize::Px10x20)
                .fit(room)
                .filter(|f| f.size >= FontSize::Px5x8)
                .map(|f| (text, f))
        });
        match (big, fit) {
            (Some((_, role)), Some((text, fit))) => {
                let total = u16::try_from(fixed).unwrap_or(u16::MAX) + fit.height;
                let top = body.y + body.height.saturating_sub(total) / 2;
                let mut y = top;
                y = draw_lines(&before, col, y, buf);
                let area = Rect {
                    y: y + 1,
                    height: fit.height,
                    ..body
                };
                BigText::new(text)
                    .max_size(FontSize::Px10x20)
                    .style(th.style(role))
                    .alignment(Alignment::Center)
                    .render(area, buf);
                y = area.y + fit.height;
                y = draw_lines(&after, col, y, buf);
                draw_lines(&closing, col, y, buf);
            }
            _ => {
                let mut lines = before;
                if let Some((text, _)) = big {
                    for l in wrap(text, w.saturating_sub(2)) {
                        lines.push(Line::from(Span::styled(
                            format!("  {l}"),
                            th.base().add_modifier(Modifier::BOLD),
                        )));
                    }
                }
                if !after.is_empty() {
                    lines.push(Line::default());
                }
                lines.extend(after);
                lines.extend(closing);
                centred(lines, col, buf);
            }
        }
    }

    /// The last spoken line, short: the room is reminded what it is answering.
    fn short_line(&self, w: usize) -> Vec<Line<'static>> {
        let Some(u) = self
            .g
            .scene_lines()
            .filter(|u| u.who != Who::Narrator)
            .last()
        else {
            return Vec::new();
        };
        let Some((name, role)) = self.speaker(&u.who) else {
            return Vec::new();
        };
        let mut lines = wrap(&format!("{name}: «{}»", u.text), w);
        if lines.len() > 2 {
            lines.truncate(2);
            if let Some(l) = lines.last_mut() {
                l.push('…');
            }
        }
        lines
            .into_iter()
            .map(|l| Line::from(Span::styled(l, self.th.style(role))))
            .collect()
    }

    /// The replies, lettered. While counting, each gets its bar, labelled in whole.
    fn replies(&self, w: usize, tally: bool, max_lines: usize) -> Vec<Line<'static>> {
        let (th, t, g) = (self.th, self.t, self.g);
        let run = g.run();
        let choices = run.scenario().node(run.node()).choices();
        let votes = g.votes();
        let total: u32 = votes.iter().sum();
        let most = votes.iter().copied().max().unwrap_or(0).max(1);
        let picked = (g.stage() == Stage::Choose).then(|| g.picked()).flatten();
        let mut out = Vec::new();
        for (i, &idx) in run.offered().iter().enumerate() {
            let chosen = tally && picked == Some(i);
            let head_style = if chosen {
                th.style(Role::Selected)
            } else {
                th.style(Role::Key)
            };
            let text = run.fill(&choices[idx].text);
            let mut lines = wrap(&text, w.saturating_sub(4));
            if lines.len() > max_lines {
                lines.truncate(max_lines);
                if let Some(l) = lines.last_mut() {
                    l.push('…');
                }
            }
            for (j, l) in lines.into_iter().enumerate() {
                let head = if j == 0 {
                    format!("{}{} ", if chosen { "▶" } else { " " }, t.letter(i))
                } else {
                    "   ".to_string()
                };
                let body = if chosen {
                    th.style(Role::Selected)
                } else {
                    th.base()
                };
                out.push(Line::from(vec![
                    Span::styled(head, head_style),
                    Span::styled(format!(" {l}"), body),
                ]));
            }
            if tally {
                let share = (votes[i] * 100 + total / 2).checked_div(total).unwrap_or(0);
                let label = format!(" {} ({share}%)", votes[i]);
                let room = w.saturating_sub(4 + label.chars().count());
                let len = (votes[i] as usize * room) / most as usize;
                out.push(Line::from(vec![
                    Span::raw("    "),
                    Span::styled("█".repeat(len), th.style(Role::Title)),
                    Span::styled(label, th.style(Role::Title)),
                ]));
            }
            out.push(Line::default());
        }
        out
    }

    /// How many lines each reply may take so that everything fits `h` rows (all of it, when
    /// there is room).
    fn reply_lines_fitting(&self, w: usize, tally: bool, fixed: usize, h: usize) -> usize {
        // Each reply's text is wrapped once; then the largest cap that fits is worked out from
        // the line counts, so a frame never wraps the replies more than twice.
        let run = self.g.run();
        let choices = run.scenario().node(run.node()).choices();
        let counts: Vec<usize> = run
            .offered()
            .iter()
            .map(|&i| wrap(&run.fill(&choices[i].text), w.saturating_sub(4)).len())
            .collect();
        // A blank line after each reply, and a bar under it while counting.
        let per_reply = 1 + usize::from(tally);
        let height = |cap: usize| -> usize {
            fixed
                + counts
                    .iter()
                    .map(|&n| n.min(cap) + per_reply)
                    .sum::<usize>()
        };
        let longest = counts.iter().copied().max().unwrap_or(1).max(1);
        (1..=longest)
            .rev()
            .find(|&cap| height(cap) <= h)
            .unwrap_or(1)
    }

    fn discuss(&self, col: Rect) -> Vec<Line<'static>> {
        let (th, t, g) = (self.th, self.t, self.g);
        let w = usize::from(col.width);
        let mut head = self.short_line(w);
        if !head.is_empty() {
            head.push(Line::default());
        }
        let node = g.run().scenario().node(g.run().node());
        if let Some(q) = &node.discuss {
            for l in wrap(&format!("{}: {}", t.discuss(), g.run().fill(q)), w) {
                head.push(Line::from(Span::styled(l, th.style(Role::Title))));
            }
            head.push(Line::default());
        }
        let m = self.reply_lines_fitting(w, false, head.len(), usize::from(col.height));
        head.extend(self.replies(w, false, m));
        head
    }

    fn votes(&self, col: Rect) -> Vec<Line<'static>> {
        let (th, t, g) = (self.th, self.t, self.g);
        let w = usize::from(col.width);
        let mut foot = vec![Line::from(Span::styled(
            t.votes(g.votes_total()),
            th.style(Role::Muted),
        ))];
        if g.stage() == Stage::Choose && g.picked().is_none() {
            let tied = g.tied();
            let what = if tied.is_empty() {
                t.nobody_voted_title().to_string()
            } else {
                format!("{}: {}", t.tie_between(), letters_and(t, &tied))
            };
            foot.push(Line::from(Span::styled(
                format!("{what} — {}", t.pick_a_letter()),
                th.style(Role::Neutral),
            )));
        }
        let m = self.reply_lines_fitting(w, true, foot.len(), usize::from(col.height));
        let mut out = self.replies(w, true, m);
        out.extend(foot);
        out
    }
}

/// Draws lines from row `y` down (clipped to `area`); returns the row after the last.
pub(super) fn draw_lines(lines: &[Line<'_>], area: Rect, y: u16, buf: &mut Buffer) -> u16 {
    let bottom = area.y + area.height;
    let mut y = y;
    for l in lines {
        if y >= bottom {
            break;
        }
        l.clone().render(
            Rect {
                y,
                height: 1,
                ..area
            },
            buf,
        );
        y += 1;
    }
    y
}
