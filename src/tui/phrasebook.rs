//! Phrasebook: the library's good replies grouped by technique, searchable with `/`.

use super::app::{App, Screen};
use super::common;
use super::keys::Action;
use super::theme::Role;
use super::wrap::wrap;
use crate::engine::{Run, RunOptions};
use crate::scenario::Technique;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};
use std::sync::Arc;

/// One good reply in the phrasebook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    /// The technique it is filed under.
    pub technique: Technique,
    /// What was said.
    pub text: String,
    /// The scenario's title.
    pub scenario: String,
}

/// The phrasebook: every good reply of the library in the current language.
#[derive(Debug, Clone)]
pub struct Phrasebook {
    /// All entries, grouped by technique.
    pub phrases: Vec<Phrase>,
    /// The search text.
    pub query: String,
    /// True while typing the search.
    pub searching: bool,
    /// First visible line.
    pub scroll: usize,
}

impl Phrasebook {
    /// The entries matching the query (case-insensitive, any part of the text, technique or
    /// scenario).
    pub fn visible(&self, t: &crate::i18n::Texts) -> Vec<&Phrase> {
        let q = self.query.to_lowercase();
        self.phrases
            .iter()
            .filter(|p| {
                q.is_empty()
                    || p.text.to_lowercase().contains(&q)
                    || p.scenario.to_lowercase().contains(&q)
                    || t.technique(p.technique).to_lowercase().contains(&q)
            })
            .collect()
    }
}

impl App<'_> {
    pub(super) fn update_phrasebook(&mut self, action: Action) {
        let Screen::Phrasebook(p) = &mut self.screen else {
            return;
        };
        if p.searching {
            match action {
                Action::Input(c) => {
                    p.query.push(c);
                    p.scroll = 0;
                }
                Action::DeleteChar => {
                    p.query.pop();
                    p.scroll = 0;
                }
                Action::EndInput => p.searching = false,
                _ => {}
            }
            return;
        }
        match action {
            Action::Up => p.scroll = p.scroll.saturating_sub(1),
            Action::Down => p.scroll += 1,
            Action::PageUp => p.scroll = p.scroll.saturating_sub(10),
            Action::PageDown => p.scroll += 10,
            Action::Search => p.searching = true,
            Action::Back => self.screen = Screen::Home,
            _ => {}
        }
    }

    /// Every good reply in the current language, grouped by technique in vocabulary order;
    /// a reply with several techniques is filed under each.
    pub(super) fn phrasebook(&self) -> Phrasebook {
        let mut phrases = Vec::new();
        let scenarios = self.scenarios();
        for technique in Technique::ALL {
            for s in &scenarios {
                let run = Run::new(Arc::clone(s), RunOptions::default());
                for n in &s.nodes {
                    for c in n.choices() {
                        if c.fatal.is_none() && c.good.contains(technique) {
                            let text = run.fill(&c.text);
                            let entry = Phrase {
                                technique: *technique,
                                text,
                                scenario: s.title.clone(),
                            };
                            if !phrases.contains(&entry) {
                                phrases.push(entry);
                            }
                        }
                    }
                }
            }
        }
        Phrasebook {
            phrases,
            query: String::new(),
            searching: false,
            scroll: 0,
        }
    }
}

/// Draws the phrasebook.
pub fn render(app: &App<'_>, p: &Phrasebook, area: Rect, buf: &mut Buffer) {
    let t = app.lang.texts();
    let th = &app.theme;
    let body = common::frame(app, t.phrasebook(), area, buf);
    let [search, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(body);
    let cursor = if p.searching { "▏" } else { "" };
    Line::from(vec![
        Span::styled(format!(" {} (/): ", t.search()), th.style(Role::Muted)),
        Span::styled(format!("{}{cursor}", p.query), th.style(Role::Title)),
    ])
    .render(search, buf);
    let w = usize::from(list.width.saturating_sub(4));
    let mut lines: Vec<Line<'_>> = Vec::new();
    let mut current = None;
    for phrase in p.visible(t) {
        if current != Some(phrase.technique) {
            if current.is_some() {
                lines.push(Line::default());
            }
            current = Some(phrase.technique);
            lines.push(Line::from(Span::styled(
                format!("✓ {}", t.technique(phrase.technique)),
                th.style(Role::Good),
            )));
        }
        for (i, l) in wrap(&format!("«{}»", phrase.text), w - 2)
            .into_iter()
            .enumerate()
        {
            let head = if i == 0 { "• " } else { "  " };
            lines.push(Line::from(format!("{head}{l}")));
        }
        lines.push(Line::from(Span::styled(
            format!("  — {}", phrase.scenario),
            th.style(Role::Muted),
        )));
    }
    if lines.is_empty() {
        lines.push(Line::from(Span::styled(
            t.no_matches(),
            th.style(Role::Muted),
        )));
    }
    let h = usize::from(list.height.saturating_sub(2));
    let scroll = p.scroll.min(lines.len().saturating_sub(h));
    let visible: Vec<Line<'_>> = lines.into_iter().skip(scroll).take(h).collect();
    Paragraph::new(visible)
        .block(Block::bordered().border_style(th.style(Role::Border)))
        .render(list, buf);
}
