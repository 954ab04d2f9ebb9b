//! `frontdesk console`: the trainer's own screen beside the projector. It draws the
//! [`TrainerView`] the session sends — the discussion prompt, every reply with its verdict,
//! coaching and better phrasing before the reveal, the votes of hands and phones apart, the
//! countdown and what comes next — and sends the presenter's keys back. Esc, `q` and Ctrl-C
//! detach: the session goes on. The console holds no session state of its own.

use super::common::{self, Tier};
use super::events::{Event, EventSource};
use super::keys::{self, Context};
use super::present::console::wire_key;
use super::theme::{Role, Theme};
use super::wrap::wrap;
use crate::attach::{Attached, ToConsole};
use crate::engine::console::{TrainerReply, TrainerView};
use crate::engine::group::Stage;
use crate::i18n::{Lang, Msg, Texts};
use crate::scenario::text::visible;
use anyhow::Result;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

/// The console's state: the latest view and how far it is scrolled.
#[derive(Debug, Clone)]
pub struct ConsoleScreen {
    /// The session as last sent.
    pub view: TrainerView,
    /// Lines scrolled past at the top of the body.
    pub scroll: u16,
    /// The most it can be scrolled, as the last frame found.
    pub max_scroll: std::cell::Cell<u16>,
    /// Colours.
    pub theme: Theme,
}

impl ConsoleScreen {
    /// The console showing `view`, at the top.
    pub fn new(view: TrainerView, theme: Theme) -> Self {
        Self {
            view,
            scroll: 0,
            max_scroll: std::cell::Cell::new(0),
            theme,
        }
    }
}

/// How a console ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsoleEnd {
    /// The trainer detached (the session goes on).
    Detached,
    /// The session closed the connection: it has ended.
    SessionGone,
    /// A termination signal arrived; exit with `128 + N`.
    Signal(i32),
}

/// What a key pressed in the console does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Local {
    Detach,
    Scroll(i16),
    Send(crate::attach::WireKey),
}

fn local(key: KeyEvent) -> Option<Local> {
    if key.kind != ratatui::crossterm::event::KeyEventKind::Press {
        return None;
    }
    if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
        return Some(Local::Detach);
    }
    match key.code {
        KeyCode::Esc => Some(Local::Detach),
        KeyCode::Char(c) if keys::latin(c) == 'q' => Some(Local::Detach),
        KeyCode::Up => Some(Local::Scroll(-1)),
        KeyCode::Down => Some(Local::Scroll(1)),
        _ => wire_key(key).map(Local::Send),
    }
}

/// Runs the console on `attached` until the trainer detaches or the session ends. The terminal
/// is restored as the trainer's is (on return, error, signal and panic).
pub fn run(attached: Attached, first: TrainerView, theme: Theme) -> Result<ConsoleEnd> {
    let events = EventSource::new().with_signals()?;
    let tx = events.sender();
    let mut sender = attached.sender()?;
    let mut reader = attached;
    std::thread::Builder::new()
        .name("frontdesk-console-link".into())
        .spawn(move || {
            loop {
                let event = match reader.next_message() {
                    Ok(Some(ToConsole::View { view })) => Event::Session(view),
                    _ => Event::SessionGone,
                };
                let gone = event == Event::SessionGone;
                if tx.send(event).is_err() || gone {
                    return;
                }
            }
        })?;
    let mut screen = ConsoleScreen::new(first, theme);
    let end = super::in_terminal(events, |terminal, events| {
        loop {
            terminal.draw(|f| f.render_widget(&screen, f.area()))?;
            let Some(first) = events.next(false) else {
                return Ok(ConsoleEnd::SessionGone);
            };
            let mut next = Some(first);
            while let Some(event) = next {
                match event {
                    Event::Key(k) => match local(k) {
                        Some(Local::Detach) => return Ok(ConsoleEnd::Detached),
                        Some(Local::Scroll(d)) => {
                            screen.scroll = screen
                                .scroll
                                .saturating_add_signed(d)
                                .min(screen.max_scroll.get());
                        }
                        Some(Local::Send(key)) if sender.send(key).is_err() => {
                            return Ok(ConsoleEnd::SessionGone);
                        }
                        Some(Local::Send(_)) => {}
                        None => {}
                    },
                    Event::Session(v) => {
                        if v.decision != screen.view.decision || v.stage != screen.view.stage {
                            screen.scroll = 0;
                        }
                        screen.view = *v;
                    }
                    Event::SessionGone => return Ok(ConsoleEnd::SessionGone),
                    Event::Signal(sig) => return Ok(ConsoleEnd::Signal(sig)),
                    Event::InputClosed => return Ok(ConsoleEnd::Detached),
                    _ => {}
                }
                next = events.pending();
            }
        }
    });
    sender.close();
    end
}

impl Widget for &ConsoleScreen {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let v = &self.view;
        let lang = Lang::from_code(if v.lang.is_empty() { "en" } else { &v.lang });
        let t = lang.texts();
        let th = &self.theme;
        Block::new().style(th.base()).render(area, buf);
        if Tier::of(area) == Tier::TooSmall {
            common::too_small(area, buf, t);
            return;
        }
        let [top, stages, gap_above, body, gap_below, next, bar] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(3),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(area.inner(ratatui::layout::Margin::new(1, 0)));
        header(t, th, v, top, stages, buf);
        // Everything under each reply when it fits; else the replies close together (verdict,
        // words, better phrasing) and the coaching after them, to scroll to.
        let mut lines = body_lines(t, th, v, usize::from(body.width), false);
        if lines.len() > usize::from(body.height) {
            lines = body_lines(t, th, v, usize::from(body.width), true);
        }
        let total = u16::try_from(lines.len()).unwrap_or(u16::MAX);
        let max_scroll = total.saturating_sub(body.height);
        self.max_scroll.set(max_scroll);
        let scroll = self.scroll.min(max_scroll);
        Paragraph::new(lines).scroll((scroll, 0)).render(body, buf);
        // The markers sit in the blank rows around the body, never over its text.
        if scroll > 0 {
            Line::from(Span::styled(
                format!("↑ {}", t.more_above()),
                th.style(Role::Muted),
            ))
            .right_aligned()
            .render(gap_above, buf);
        }
        if scroll < max_scroll {
            Line::from(Span::styled(
                format!("↓ {}", t.more_below()),
                th.style(Role::Muted),
            ))
            .right_aligned()
            .render(gap_below, buf);
        }
        status(t, th, v, next, buf);
        hints(t, th, bar, buf);
    }
}

fn header(t: &Texts, th: &Theme, v: &TrainerView, top: Rect, stages: Rect, buf: &mut Buffer) {
    Line::from(vec![
        Span::styled(t.console_title(), th.style(Role::Title)),
        Span::styled(
            format!("  ·  {}  ·  {}", visible(&v.scenario), t.console_only_you()),
            th.style(Role::Muted),
        ),
    ])
    .render(top, buf);
    if let Some(r) = v.remaining {
        common::countdown(t, th, r, top, buf);
    }
    let mut spans = vec![Span::styled(
        match v.stage {
            Some(Stage::Ending) => t.outcome().to_string(),
            Some(Stage::Debrief) => t.group_debrief().to_string(),
            _ => format!("{} {}", t.decision(), v.decision),
        },
        th.style(Role::Key),
    )];
    if let Some(cur) = v.stage.and_then(common::stage_step) {
        spans.push(Span::raw("  "));
        spans.extend(common::stage_steps(t, th, cur, v.reveals, "›"));
    }
    Line::from(spans).render(stages, buf);
}

fn body_lines(
    t: &Texts,
    th: &Theme,
    v: &TrainerView,
    w: usize,
    compact: bool,
) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let push = |text: &str, role: Role, indent: &str, out: &mut Vec<Line<'static>>| {
        let width = w.saturating_sub(indent.chars().count());
        for l in wrap(&visible(text), width) {
            out.push(Line::from(vec![
                Span::raw(indent.to_string()),
                Span::styled(l, th.style(role)),
            ]));
        }
    };
    if v.blank {
        push(t.console_blank(), Role::Fatal, "", &mut out);
        out.push(Line::default());
    }
    if v.confirm_leave {
        push(t.console_confirm_leave(), Role::Neutral, "", &mut out);
        out.push(Line::default());
    }
    if v.ended {
        // At the debrief, or (stage unknown) after the presenter has gone.
        let said = if v.stage.is_some() {
            t.console_ended()
        } else {
            t.console_gone()
        };
        push(said, Role::Title, "", &mut out);
        out.push(Line::default());
        past(t, th, v, w, &mut out);
        return out;
    }
    if !v.patient.is_empty() {
        push(&v.patient, Role::Patient, "", &mut out);
        out.push(Line::default());
    }
    if let Some(q) = &v.discuss {
        push(&format!("{}: {q}", t.discuss()), Role::Title, "", &mut out);
        out.push(Line::default());
    }
    let total = v.total();
    for (i, r) in v.replies.iter().enumerate() {
        out.push(reply_head(t, th, v, i, r, total, w));
        push(&format!("«{}»", r.text), Role::Trainee, "   ", &mut out);
        if let Some(f) = r.feedback.as_ref().filter(|_| !compact) {
            push(f, Role::Muted, "   ", &mut out);
        }
        if let Some(b) = &r.better {
            let better = format!("{}: «{b}»", t.better());
            push(&better, Role::Good, "   ", &mut out);
        }
        if !compact {
            out.push(Line::default());
        }
    }
    if compact && v.replies.iter().any(|r| r.feedback.is_some()) {
        out.push(Line::default());
        push(t.console_coaching(), Role::Title, "", &mut out);
        for r in &v.replies {
            if let Some(f) = &r.feedback {
                push(&format!("{}: {f}", r.letter), Role::Muted, "", &mut out);
            }
        }
    }
    if !v.past.is_empty() {
        out.push(Line::default());
        past(t, th, v, w, &mut out);
    }
    out
}

/// The decisions made so far: "1. The room chose A — ✗ ignoring".
fn past(t: &Texts, th: &Theme, v: &TrainerView, w: usize, out: &mut Vec<Line<'static>>) {
    if v.past.is_empty() {
        return;
    }
    out.push(Line::from(Span::styled(
        t.room_path(),
        th.style(Role::Title),
    )));
    for (i, d) in v.past.iter().enumerate() {
        let role = if d.fatal {
            Role::Fatal
        } else if d.good {
            Role::Good
        } else {
            Role::Neutral
        };
        let head = format!("{}. {} — ", i + 1, visible(&d.decided));
        let lines = wrap(&format!("{head}{}", visible(&d.verdict)), w);
        for (j, l) in lines.into_iter().enumerate() {
            // The verdict keeps its colour where it starts on the first line.
            match l.strip_prefix(head.as_str()).filter(|_| j == 0) {
                Some(rest) => out.push(Line::from(vec![
                    Span::styled(head.clone(), th.style(Role::Muted)),
                    Span::styled(rest.to_string(), th.style(role)),
                ])),
                None => out.push(Line::from(Span::styled(l, th.style(Role::Muted)))),
            }
        }
    }
}

/// "▶A ✗ ignoring ……… hands 3 · phones 2 (5)": the letter, the verdict, and the votes at the
/// right edge.
fn reply_head(
    t: &Texts,
    th: &Theme,
    v: &TrainerView,
    i: usize,
    r: &TrainerReply,
    total: u32,
    w: usize,
) -> Line<'static> {
    let role = if r.fatal {
        Role::Fatal
    } else if r.good {
        Role::Good
    } else {
        Role::Neutral
    };
    let mark = if r.taken { "▶" } else { " " };
    // Rounded as the projector rounds it, so both say the same.
    let share = (v.votes(i) * 100 + total / 2)
        .checked_div(total)
        .map(|p| format!(" ({p}%)"))
        .unwrap_or_default();
    // Hands and phones apart when phones vote; else the hands alone.
    let votes = if v.phones_joined.is_some() {
        format!(
            "{} {} · {} {} = {}{share}",
            t.console_hands(),
            r.hands,
            t.console_phones(),
            r.phones,
            v.votes(i),
        )
    } else {
        format!("{}{share}", t.votes(v.votes(i)))
    };
    let letter = format!("{mark}{} ", r.letter);
    let room = w.saturating_sub(letter.chars().count() + votes.chars().count() + 2);
    let verdict = common::truncate(&visible(&r.verdict), room);
    let pad = w.saturating_sub(
        letter.chars().count()
            + unicode_width::UnicodeWidthStr::width(verdict.as_str())
            + votes.chars().count(),
    );
    let letter_style = if r.taken {
        th.style(Role::Selected)
    } else {
        th.style(Role::Key)
    };
    Line::from(vec![
        Span::styled(letter, letter_style),
        Span::styled(verdict, th.style(role).add_modifier(Modifier::BOLD)),
        Span::raw(" ".repeat(pad)),
        Span::styled(votes, th.style(Role::Muted)),
    ])
}

fn status(t: &Texts, th: &Theme, v: &TrainerView, area: Rect, buf: &mut Buffer) {
    let mut spans = Vec::new();
    if !v.next.is_empty() {
        spans.push(Span::styled(
            format!("{} → ", t.console_next()),
            th.style(Role::Muted),
        ));
        spans.push(Span::styled(
            visible(&v.next).into_owned(),
            th.style(Role::Title),
        ));
    }
    if let Some(typed) = &v.typing {
        spans.push(Span::styled(
            format!("   {}: {}", t.count_typed(), visible(typed)),
            th.style(Role::Key),
        ));
    }
    let used: usize = spans.iter().map(Span::width).sum();
    Line::from(spans).render(area, buf);
    // Phones joined at the right, when it fits.
    if let Some(n) = v.phones_joined {
        let joined = t.phones_joined(n);
        if used + joined.chars().count() + 2 <= usize::from(area.width) {
            Line::from(Span::styled(joined, th.style(Role::Muted)))
                .right_aligned()
                .render(area, buf);
        }
    }
}

/// The presenter's hint bar, with the console's own keys: ↑↓ scroll, Esc detaches.
fn hints(t: &Texts, th: &Theme, area: Rect, buf: &mut Buffer) {
    let mut entries: Vec<(String, &str)> = keys::hints(Context::Present, t)
        .into_iter()
        .filter(|(k, _)| k != "Esc")
        .collect();
    entries.push(("↑↓".into(), t.msg(Msg::Scroll)));
    let detach = ("Esc".to_string(), t.console_detach());
    let width = |(k, w): &(String, &str)| k.chars().count() + w.chars().count() + 3;
    let mut used = 1 + width(&detach);
    let mut spans = vec![Span::raw(" ")];
    for e in entries.iter().chain(std::iter::once(&detach)) {
        let last = e == &detach;
        if !last {
            if used + width(e) > usize::from(area.width) {
                continue;
            }
            used += width(e);
        }
        spans.push(Span::styled(e.0.clone(), th.style(Role::Key)));
        spans.push(Span::styled(format!(" {}  ", e.1), th.style(Role::Muted)));
    }
    Line::from(spans).render(area, buf);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_q_and_ctrl_c_detach_and_arrows_scroll_locally() {
        let k = |c| KeyEvent::new(c, KeyModifiers::NONE);
        assert_eq!(local(k(KeyCode::Esc)), Some(Local::Detach));
        assert_eq!(local(k(KeyCode::Char('q'))), Some(Local::Detach));
        assert_eq!(local(k(KeyCode::Char('й'))), Some(Local::Detach));
        assert_eq!(
            local(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Local::Detach)
        );
        assert_eq!(local(k(KeyCode::Up)), Some(Local::Scroll(-1)));
        assert_eq!(
            local(k(KeyCode::Right)),
            Some(Local::Send(crate::attach::WireKey::Right))
        );
        assert_eq!(
            local(k(KeyCode::Char('a'))),
            Some(Local::Send(crate::attach::WireKey::Char('a')))
        );
        assert_eq!(local(k(KeyCode::Tab)), None);
    }
}
