//! "How it works": what the game is, for a newcomer. Shown on the first start (remembered by a
//! marker file in the data folder) and at any time from Home (`i`) and from help.

use super::app::{App, Screen};
use super::common;
use super::keys::Action;
use super::theme::Role;
use super::wrap::wrap;
use crate::engine::{Run, RunOptions};
use crate::scenario::{FatalKind, Technique};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Padding, Paragraph, Widget};
use std::path::Path;
use std::sync::Arc;

/// The file in the data folder that says the introduction was shown once.
pub const MARKER: &str = "intro-seen";

/// The introduction, over the screen it was opened from.
#[derive(Debug, Clone)]
pub struct Intro {
    /// Lines scrolled down.
    pub scroll: usize,
    /// One example from the library for each fatal error (the shortest reply of that kind).
    pub examples: Vec<(FatalKind, String)>,
    /// Where `Esc`/`Enter` go back to.
    pub under: Box<Screen>,
}

impl App<'_> {
    /// Opens "How it works" over the current screen.
    pub fn open_intro(&mut self) {
        let examples = self.fatal_examples();
        let under = std::mem::replace(&mut self.screen, Screen::Home);
        self.screen = Screen::Intro(Intro {
            scroll: 0,
            examples,
            under: Box::new(under),
        });
    }

    /// Opens "How it works" if this is the first start: when `data_dir` is given and no marker
    /// is there yet, the marker is written and the introduction opened. When the folder cannot
    /// be written nothing is shown (it would show on every start). Returns whether it opened.
    pub fn intro_on_first_start(&mut self, data_dir: Option<&Path>) -> bool {
        let Some(dir) = data_dir else {
            return false;
        };
        let marker = dir.join(MARKER);
        if marker.exists() {
            return false;
        }
        let written = std::fs::create_dir_all(dir)
            .and_then(|()| std::fs::write(&marker, "frontdesk showed \"How it works\" once\n"));
        if written.is_err() {
            return false;
        }
        self.open_intro();
        true
    }

    fn fatal_examples(&self) -> Vec<(FatalKind, String)> {
        let scenarios = self.scenarios();
        FatalKind::ALL
            .iter()
            .filter_map(|kind| {
                scenarios
                    .iter()
                    .flat_map(|s| {
                        let run = Run::new(Arc::clone(s), RunOptions::default());
                        s.nodes
                            .iter()
                            .flat_map(|n| n.choices())
                            .filter(|c| c.fatal == Some(*kind))
                            .map(|c| run.fill(&c.text))
                            .collect::<Vec<_>>()
                    })
                    .filter(|t| t.chars().count() >= 20)
                    .min_by_key(|t| (t.chars().count(), t.clone()))
                    .map(|t| (*kind, t))
            })
            .collect()
    }

    pub(super) fn update_intro(&mut self, action: Action) {
        let Screen::Intro(i) = &mut self.screen else {
            return;
        };
        match action {
            Action::Up => i.scroll = i.scroll.saturating_sub(1),
            Action::Down => i.scroll += 1,
            Action::PageUp => i.scroll = i.scroll.saturating_sub(10),
            Action::PageDown => i.scroll += 10,
            Action::Back => {
                let under = std::mem::replace(&mut i.under, Box::new(Screen::Home));
                self.screen = *under;
            }
            _ => {}
        }
    }
}

/// Every line of the introduction at `width` columns.
fn lines<'l>(app: &App<'_>, intro: &Intro, width: usize) -> Vec<Line<'l>> {
    let t = app.lang.texts();
    let th = &app.theme;
    let mut out: Vec<Line<'l>> = Vec::new();
    let para = |out: &mut Vec<Line<'l>>, text: &str, role: Option<Role>| {
        for l in wrap(text, width) {
            out.push(match role {
                Some(r) => Line::from(Span::styled(l, th.style(r))),
                None => Line::from(l),
            });
        }
    };
    let heading = |out: &mut Vec<Line<'l>>, text: &str| {
        out.push(Line::default());
        out.push(Line::from(Span::styled(
            text.to_string(),
            th.style(Role::Title),
        )));
    };
    para(&mut out, t.intro_goal(), None);

    heading(&mut out, t.intro_fatal_heading());
    for kind in FatalKind::ALL {
        let what = match kind {
            FatalKind::Justifying => t.intro_fatal_justifying(),
            FatalKind::Ignoring => t.intro_fatal_ignoring(),
            FatalKind::CounterAttacking => t.intro_fatal_counter(),
        };
        let text = format!("✗ {}: {what}", t.fatal(*kind));
        for (i, l) in wrap(&text, width.saturating_sub(2)).into_iter().enumerate() {
            let l = if i == 0 { l } else { format!("  {l}") };
            out.push(Line::from(Span::styled(
                l,
                th.style(if i == 0 { Role::Fatal } else { Role::Neutral }),
            )));
        }
        if let Some((_, ex)) = intro.examples.iter().find(|(k, _)| k == kind) {
            let line = format!("{}: «{ex}»", t.intro_example());
            for l in wrap(&line, width.saturating_sub(2)) {
                out.push(Line::from(Span::styled(
                    format!("  {l}"),
                    th.style(Role::Muted),
                )));
            }
        }
    }

    heading(&mut out, t.intro_pitfall_heading());
    para(&mut out, t.intro_pitfall(), None);

    heading(&mut out, t.intro_works_heading());
    para(&mut out, t.intro_works(), None);
    let techniques: Vec<String> = Technique::ALL
        .iter()
        // No-break spaces keep each technique on one line.
        .map(|k| format!("✓\u{a0}{}", t.technique(*k).replace(' ', "\u{a0}")))
        .collect();
    para(&mut out, &techniques.join("  "), Some(Role::Good));

    heading(&mut out, t.intro_modes_heading());
    para(&mut out, t.intro_practice(), None);
    para(&mut out, t.intro_exam(), None);

    heading(&mut out, t.intro_score_heading());
    para(&mut out, t.intro_score(), None);

    heading(&mut out, t.intro_mood_heading());
    para(&mut out, t.intro_mood(), None);
    for mood in [0, -3, -6] {
        out.push(common::mood_line(mood, None, width.min(60) as u16, t, th));
    }

    out.push(Line::default());
    para(&mut out, t.intro_keys(), Some(Role::Muted));
    out
}

/// Draws the introduction.
pub fn render(app: &App<'_>, intro: &Intro, area: Rect, buf: &mut Buffer) {
    let t = app.lang.texts();
    let th = &app.theme;
    let body = common::readable(common::frame(app, t.intro_title(), area, buf));
    let all = lines(app, intro, usize::from(body.width.saturating_sub(4)));
    let h = usize::from(body.height.saturating_sub(2));
    let scroll = intro.scroll.min(all.len().saturating_sub(h));
    let above = scroll > 0;
    let below = scroll + h < all.len();
    let visible: Vec<Line<'_>> = all.into_iter().skip(scroll).take(h).collect();
    let block = Block::bordered()
        .title(format!(" {} ", t.intro_title()))
        .border_style(th.style(Role::Border))
        .padding(Padding::horizontal(1));
    Paragraph::new(visible)
        .block(common::with_markers(block, above, below, app))
        .render(body, buf);
}
