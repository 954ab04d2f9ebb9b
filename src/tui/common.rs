//! Pieces every screen uses: the frame (header, hint bar), the size check, the mood meter, the
//! transcript and the help overlay.

use super::app::App;
use super::keys;
use super::theme::{Role, Theme};
use super::wrap::wrap;
use crate::engine::group::Stage;
use crate::engine::{Run, Who};
use crate::i18n::Texts;
use crate::scenario::text::visible;
use crate::scenario::{MOOD_MAX, MOOD_MIN};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

/// The smallest window the trainer draws in.
pub const MIN_WIDTH: u16 = 60;
/// The smallest window the trainer draws in.
pub const MIN_HEIGHT: u16 = 16;

/// How much room there is, picked from the frame size on every draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tier {
    /// Below the minimum: only a message.
    TooSmall,
    /// Panels stacked.
    Narrow,
    /// Panels side by side.
    Wide,
}

impl Tier {
    /// The tier for an area.
    pub fn of(area: Rect) -> Self {
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            Tier::TooSmall
        } else if area.width >= 110 && area.height >= 30 {
            Tier::Wide
        } else {
            Tier::Narrow
        }
    }
}

/// The widest text column: on wide terminals the text is centred at this width.
pub const READABLE_WIDTH: u16 = 100;

/// `area` at most [`READABLE_WIDTH`] wide, centred.
pub fn readable(area: Rect) -> Rect {
    at_most(area, READABLE_WIDTH)
}

/// `area` at most `w` wide, centred.
pub fn at_most(area: Rect, w: u16) -> Rect {
    let w = w.min(area.width);
    Rect {
        x: area.x + (area.width - w) / 2,
        width: w,
        ..area
    }
}

/// A block with `▲ more above` on its top border and `▼ more below` (with the keys) on its
/// bottom border, where there is more to scroll to.
pub fn with_markers<'b>(block: Block<'b>, above: bool, below: bool, app: &App<'_>) -> Block<'b> {
    with_markers_keyed(block, above, below, ("PgUp", "PgDn"), app)
}

/// [`with_markers`] naming other keys (the reply list moves with `↑`/`↓`).
pub fn with_markers_keyed<'b>(
    block: Block<'b>,
    above: bool,
    below: bool,
    (up, down): (&str, &str),
    app: &App<'_>,
) -> Block<'b> {
    let t = app.lang.texts();
    let th = &app.theme;
    let mut block = block;
    if above {
        block = block.title_top(
            Line::from(Span::styled(
                format!(" ▲ {} ({up}) ", t.more_above()),
                th.style(Role::Key),
            ))
            .right_aligned(),
        );
    }
    if below {
        block = block.title_bottom(
            Line::from(Span::styled(
                format!(" ▼ {} ({down}) ", t.more_below()),
                th.style(Role::Key),
            ))
            .right_aligned(),
        );
    }
    block
}

/// `text` cut to `width` display columns, ending in `…` when cut.
pub fn truncate(text: &str, width: usize) -> String {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// The plain "needs W×H" message.
pub fn too_small(area: Rect, buf: &mut Buffer, t: &Texts) {
    let text = format!(
        "{} {MIN_WIDTH}×{MIN_HEIGHT} ({} {}×{}). q: {}",
        t.too_small(),
        t.now(),
        area.width,
        area.height,
        t.msg(crate::i18n::Msg::Quit)
    );
    Paragraph::new(text)
        .wrap(Wrap { trim: true })
        .render(area, buf);
}

/// Splits the frame into header, body and hint bar, and draws header and hint bar.
pub fn frame(app: &App<'_>, title: &str, area: Rect, buf: &mut Buffer) -> Rect {
    let t = app.lang.texts();
    let th = &app.theme;
    let [header, body, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let mode = if app.mode.gives_feedback() {
        t.practice()
    } else {
        t.exam()
    };
    let width = usize::from(header.width);
    // The notice and the title quote file names, store errors and the trainee's name: shown
    // through the one escaping path.
    let right = match &app.notice {
        Some(n) => format!(" {} ", visible(n)),
        None => format!(" {} · {}: {mode} ", t.language_name(), t.mode_label()),
    };
    // The title keeps at least half the line; the right part gives way first, both with "…".
    let right = truncate(&right, width / 2);
    let left_width = header
        .width
        .saturating_sub(unicode_width::UnicodeWidthStr::width(right.as_str()) as u16);
    let title = truncate(&visible(title), usize::from(left_width).saturating_sub(14));
    Line::from(vec![
        Span::styled(" frontdesk ", th.style(Role::Title)),
        Span::styled("· ", th.style(Role::Muted)),
        Span::styled(title, th.style(Role::Title)),
    ])
    .render(
        Rect {
            width: left_width,
            ..header
        },
        buf,
    );
    Line::from(Span::styled(right, th.style(Role::Muted)))
        .right_aligned()
        .render(header, buf);
    hint_bar(app, hints, buf);
    body
}

/// The one-line key hints, from the key map of the current context. Hints that do not fit are
/// left out, but the way out (`q`/`Esc`) and help (`?`, which lists everything) always stay.
pub fn hint_bar(app: &App<'_>, area: Rect, buf: &mut Buffer) {
    hint_bar_in(app, &app.theme, area, buf);
}

/// The hint bar in a given theme (the presenter's is the projector theme).
pub fn hint_bar_in(app: &App<'_>, th: &Theme, area: Rect, buf: &mut Buffer) {
    let t = app.lang.texts();
    let hints = keys::hints(app.context(), t);
    let width = |k: &str, w: &str| k.chars().count() + w.chars().count() + 3;
    let kept = |k: &str| matches!(k, "?" | "q" | "Esc");
    let always: Vec<(String, &str)> = hints.iter().filter(|(k, _)| kept(k)).cloned().collect();
    let reserve: usize = always.iter().map(|(k, w)| width(k, w)).sum();
    let mut used = 1;
    let mut spans = vec![Span::raw(" ")];
    let push = |spans: &mut Vec<Span<'_>>, key: String, what: &str| {
        spans.push(Span::styled(key, th.style(Role::Key)));
        spans.push(Span::styled(format!(" {what}  "), th.style(Role::Muted)));
    };
    for (key, what) in hints.iter().filter(|(k, _)| !kept(k)) {
        let w = width(key, what);
        if used + w + reserve > usize::from(area.width) {
            break;
        }
        used += w;
        push(&mut spans, key.clone(), what);
    }
    for (k, w) in always {
        push(&mut spans, k, w);
    }
    Line::from(spans).render(area, buf);
}

/// A verdict and the role to draw it in.
pub fn verdict(
    t: &Texts,
    fatal: Option<crate::scenario::FatalKind>,
    pitfall: Option<crate::scenario::Pitfall>,
    good: &[crate::scenario::Technique],
) -> (String, Role) {
    let role = match (fatal.is_some() || pitfall.is_some(), good.is_empty()) {
        (true, _) => Role::Fatal,
        (false, true) => Role::Neutral,
        (false, false) => Role::Good,
    };
    (t.verdict(fatal, pitfall, good), role)
}

/// Fatal errors by kind as horizontal bars, labelled in words.
pub fn fatal_bars(
    app: &App<'_>,
    title: &str,
    counts: [u32; 3],
    gap: u16,
    area: Rect,
    buf: &mut Buffer,
) {
    use crate::scenario::FatalKind;
    use ratatui::layout::Direction;
    use ratatui::widgets::{Bar, BarChart, BarGroup};
    let t = app.lang.texts();
    let th = &app.theme;
    let label_w = FatalKind::ALL
        .iter()
        .map(|k| t.fatal(*k).chars().count())
        .max()
        .unwrap_or(10);
    let bars: Vec<Bar<'_>> = FatalKind::ALL
        .iter()
        .zip(counts)
        .map(|(k, n)| {
            Bar::default()
                .value(u64::from(n))
                .label(Line::from(format!("{:<label_w$}", t.fatal(*k))))
                .text_value(n.to_string())
                .style(th.style(Role::Fatal))
                .value_style(th.style(Role::Selected))
        })
        .collect();
    let max = counts.iter().copied().max().unwrap_or(0).max(3);
    BarChart::default()
        .block(
            Block::bordered()
                .title(format!(" {title} "))
                .border_style(th.style(Role::Border)),
        )
        .direction(Direction::Horizontal)
        .bar_width(1)
        .bar_gap(gap)
        .max(u64::from(max))
        .data(BarGroup::default().bars(&bars))
        .render(area, buf);
}

/// `Mood [■■■■■■■□□□□□□□□□□□□□□] tense -3`: a meter with a word, never colour alone.
pub fn mood_line<'l>(
    mood: i32,
    leave_below: Option<i32>,
    width: u16,
    t: &Texts,
    th: &Theme,
) -> Line<'l> {
    let word = t.mood_word(mood, leave_below);
    let cells = (usize::from(width)
        .saturating_sub(t.mood().chars().count() + word.chars().count() + 10))
    .clamp(5, 21);
    let span = (MOOD_MAX - MOOD_MIN) as usize;
    let filled = ((mood - MOOD_MIN) as usize * cells)
        .div_ceil(span)
        .min(cells);
    let role = match word_index(mood, leave_below) {
        0 => Role::Good,
        1 => Role::Neutral,
        _ => Role::Fatal,
    };
    Line::from(vec![
        Span::styled(format!("{} ", t.mood()), th.style(Role::Muted)),
        Span::styled("■".repeat(filled), th.style(role)),
        Span::styled("□".repeat(cells - filled), th.style(Role::Muted)),
        Span::styled(format!(" {word} ({mood:+})"), th.style(role)),
    ])
}

fn word_index(mood: i32, leave_below: Option<i32>) -> usize {
    if leave_below.is_some_and(|l| mood < l + 2) {
        3
    } else if mood >= 0 {
        0
    } else if mood >= -3 {
        1
    } else {
        2
    }
}

/// The transcript as wrapped lines: the speaker's name, then the words indented below it.
pub fn transcript_lines<'l>(
    run: &Run,
    upto: Option<usize>,
    width: u16,
    t: &Texts,
    th: &Theme,
) -> Vec<Line<'l>> {
    let width = usize::from(width).max(4);
    let mut out = Vec::new();
    let all = run.transcript();
    let shown = &all[..upto.unwrap_or(all.len()).min(all.len())];
    for (i, u) in shown.iter().enumerate() {
        if i > 0 {
            out.push(Line::default());
        }
        match u.who {
            Who::Narrator => {
                for l in wrap(&u.text, width) {
                    out.push(Line::from(Span::styled(l, th.style(Role::Narrator))));
                }
            }
            _ => {
                let (name, role) = match u.who {
                    Who::Trainee => (t.you().to_string(), Role::Trainee),
                    Who::Role(r) => {
                        let role = if crate::i18n::words::is_patient(run, r) {
                            Role::Patient
                        } else {
                            Role::Other
                        };
                        (t.speaker_name(run, &u.who).to_string(), role)
                    }
                    Who::Narrator => unreachable!(),
                };
                out.push(Line::from(Span::styled(name, th.style(role))));
                for l in wrap(&u.text, width - 2) {
                    out.push(Line::from(format!("  {l}")));
                }
            }
        }
    }
    out
}

/// Draws the last lines that fit, `scroll` lines up from the bottom. When there is more above
/// (or below, once scrolled up), the first (last) row says so and names the key.
pub fn bottom_aligned(
    lines: Vec<Line<'_>>,
    scroll: usize,
    area: Rect,
    buf: &mut Buffer,
    app: &App<'_>,
) {
    let t = app.lang.texts();
    let th = &app.theme;
    let h = usize::from(area.height);
    let max_scroll = lines.len().saturating_sub(h);
    let scroll = scroll.min(max_scroll);
    let end = lines.len() - scroll;
    let start = end.saturating_sub(h);
    let mut visible: Vec<Line<'_>> = lines[start..end].to_vec();
    if h >= 3 {
        if start > 0 {
            visible[0] = Line::from(Span::styled(
                format!("▲ {} (PgUp)", t.more_above()),
                th.style(Role::Key),
            ));
        }
        if scroll > 0
            && let Some(last) = visible.last_mut()
        {
            *last = Line::from(Span::styled(
                format!("▼ {} (PgDn)", t.more_below()),
                th.style(Role::Key),
            ));
        }
    }
    Paragraph::new(visible).render(area, buf);
}

/// The group stage steps shown in a header (scene, discuss, vote, choose, reveal): which one
/// `stage` is, or `None` after them (the ending and the debrief).
pub fn stage_step(stage: Stage) -> Option<usize> {
    match stage {
        Stage::Scene => Some(0),
        Stage::Discuss => Some(1),
        Stage::Vote => Some(2),
        Stage::Choose => Some(3),
        Stage::Reveal => Some(4),
        Stage::Ending | Stage::Debrief => None,
    }
}

/// The stage steps, `current` highlighted, joined by `sep`. Without `reveals` (an exam) the
/// reveal step is left out: an exam has no reveal until the debrief.
pub fn stage_steps(
    t: &Texts,
    th: &Theme,
    current: usize,
    reveals: bool,
    sep: &'static str,
) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    for (i, name) in t.stages().iter().enumerate() {
        if i == 4 && !reveals {
            break;
        }
        if i > 0 {
            spans.push(Span::styled(sep, th.style(Role::Muted)));
        }
        let style = if i == current {
            th.style(Role::Selected).add_modifier(Modifier::BOLD)
        } else {
            th.style(Role::Muted)
        };
        spans.push(Span::styled(format!(" {name} "), style));
    }
    spans
}

/// The countdown at the right of `area`: `⏱ m:ss`, red for the last ten seconds, then the
/// time-up words.
pub fn countdown(t: &Texts, th: &Theme, remaining: u32, area: Rect, buf: &mut Buffer) {
    let text = if remaining == 0 {
        t.time_up().to_string()
    } else {
        format!("⏱ {}:{:02}", remaining / 60, remaining % 60)
    };
    let role = if remaining <= 10 {
        Role::Fatal
    } else {
        Role::Title
    };
    Line::from(Span::styled(text, th.style(role)))
        .right_aligned()
        .render(area, buf);
}

/// A centred rectangle of at most `w`×`h`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Live preview: the saved file has errors. They are shown over the bottom of the screen until
/// the file is fixed; the conversation stays on the last good version.
pub fn watch_errors(app: &App<'_>, errors: &[String], area: Rect, buf: &mut Buffer) {
    let th = &app.theme;
    let w = usize::from(area.width.saturating_sub(4));
    let mut lines: Vec<Line<'_>> = Vec::new();
    for e in errors {
        for l in wrap(e, w) {
            lines.push(Line::from(Span::styled(l, th.style(Role::Fatal))));
        }
    }
    let h = (lines.len() as u16 + 2).min(area.height / 2).max(3);
    let r = Rect {
        x: area.x,
        y: area.y + area.height.saturating_sub(h + 1),
        width: area.width,
        height: h,
    };
    Clear.render(r, buf);
    Paragraph::new(lines)
        .block(
            Block::bordered()
                .title(format!(" ✗ {} ", app.lang.texts().watch_errors()))
                .border_style(th.style(Role::Fatal)),
        )
        .render(r, buf);
}

/// The help overlay: every key of the current screen.
pub fn help_overlay(app: &App<'_>, screen_ctx: keys::Context, area: Rect, buf: &mut Buffer) {
    let t = app.lang.texts();
    let th = &app.theme;
    let mut rows = keys::help(screen_ctx, t);
    if !matches!(screen_ctx, keys::Context::Intro | keys::Context::TooSmall)
        && !rows.iter().any(|(k, _)| k == "i")
    {
        rows.push(("i".to_string(), t.msg(crate::i18n::Msg::Intro)));
    }
    let key_w = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(4)
        + 2;
    let lines: Vec<Line<'_>> = rows
        .into_iter()
        .map(|(k, what)| {
            Line::from(vec![
                Span::styled(format!("{k:<key_w$}"), th.style(Role::Key)),
                Span::raw(what),
            ])
        })
        .collect();
    let h = lines.len() as u16 + 2;
    let w = 48;
    let r = centered(area, w, h);
    let inner = usize::from(r.height.saturating_sub(2));
    let scroll = app.help_scroll.min(lines.len().saturating_sub(inner));
    let above = scroll > 0;
    let below = scroll + inner < lines.len();
    let visible: Vec<Line<'_>> = lines.into_iter().skip(scroll).take(inner).collect();
    Clear.render(r, buf);
    let block = Block::bordered()
        .title(format!(" {} (? / Esc) ", t.help()))
        .border_style(th.style(Role::Border));
    Paragraph::new(visible)
        .block(with_markers(block, above, below, app))
        .render(r, buf);
}
