//! Phrasebook: the library's good replies grouped by technique, searchable with `/`.

use super::app::{App, Screen};
use super::common;
use super::keys::Action;
use super::theme::Role;
use super::wrap::wrap;
use crate::engine::{Run, RunOptions};
use crate::scenario::{Scenario, Technique};
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
                Action::ClearSearch => {
                    p.query.clear();
                    p.searching = false;
                    p.scroll = 0;
                }
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

    /// Fills role names into a scenario's text as the trainee's own latest run of it did; for
    /// a scenario not played yet, with each role's first listed name.
    pub(super) fn names_as_played(&self, s: &Arc<Scenario>) -> impl Fn(&str) -> String + use<> {
        let own = self
            .history
            .runs
            .iter()
            .find(|r| r.scenario == s.id.0 && r.lang == s.lang.0)
            .map(|r| {
                Run::new(
                    Arc::clone(s),
                    RunOptions {
                        seed: r.seed,
                        shuffle: true,
                    },
                )
            });
        let names: Vec<(String, String)> = s
            .roles
            .iter()
            .enumerate()
            .map(|(i, role)| {
                let name = match &own {
                    Some(run) => run.role_name(i).to_string(),
                    None => role
                        .names
                        .first()
                        .map(|n| n.nom.clone())
                        .unwrap_or_default(),
                };
                (role.key.clone(), name)
            })
            .collect();
        move |text: &str| {
            crate::scenario::text::substitute(text, |key| {
                names
                    .iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, n)| n.as_str())
            })
        }
    }

    /// Every good reply in the current language, grouped by technique in vocabulary order;
    /// a reply with several techniques is filed under each.
    pub(super) fn phrasebook(&self) -> Phrasebook {
        let mut phrases = Vec::new();
        let scenarios = self.scenarios();
        for technique in Technique::ALL {
            for s in &scenarios {
                let fill = self.names_as_played(s);
                for n in &s.nodes {
                    for c in n.choices() {
                        if c.fatal.is_none() && c.good.contains(technique) {
                            let text = fill(&c.text);
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
    let body = common::readable(common::frame(app, t.phrasebook(), area, buf));
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
            let mut spans = vec![Span::styled("✓ ", th.style(Role::Good))];
            spans.extend(highlighted(
                t.technique(phrase.technique),
                &p.query,
                Some(Role::Good),
                app,
            ));
            lines.push(Line::from(spans));
        }
        for (i, l) in wrap(&format!("«{}»", phrase.text), w.saturating_sub(2))
            .into_iter()
            .enumerate()
        {
            let head = if i == 0 { "• " } else { "  " };
            let mut spans = vec![Span::raw(head)];
            spans.extend(highlighted(&l, &p.query, None, app));
            lines.push(Line::from(spans));
        }
        let mut spans = vec![Span::styled("  — ", th.style(Role::Muted))];
        spans.extend(highlighted(
            &phrase.scenario,
            &p.query,
            Some(Role::Muted),
            app,
        ));
        lines.push(Line::from(spans));
    }
    if lines.is_empty() {
        lines.push(Line::from(Span::styled(
            t.no_matches(),
            th.style(Role::Muted),
        )));
    }
    let h = usize::from(list.height.saturating_sub(2));
    let scroll = p.scroll.min(lines.len().saturating_sub(h));
    let above = scroll > 0;
    let below = scroll + h < lines.len();
    let visible: Vec<Line<'_>> = lines.into_iter().skip(scroll).take(h).collect();
    let block = Block::bordered().border_style(th.style(Role::Border));
    Paragraph::new(visible)
        .block(common::with_markers(block, above, below, app))
        .render(list, buf);
}

/// `text` as spans with every case-insensitive match of `query` highlighted.
fn highlighted<'l>(text: &str, query: &str, role: Option<Role>, app: &App<'_>) -> Vec<Span<'l>> {
    let th = &app.theme;
    let base = role.map(|r| th.style(r)).unwrap_or_default();
    let fold = |c: char| c.to_lowercase().next().unwrap_or(c);
    let q: Vec<char> = query.chars().map(fold).collect();
    let chars: Vec<char> = text.chars().collect();
    if q.is_empty() {
        return vec![Span::styled(text.to_string(), base)];
    }
    let mut spans = Vec::new();
    let mut plain = String::new();
    let mut i = 0;
    while i < chars.len() {
        let hit = i + q.len() <= chars.len()
            && chars[i..i + q.len()]
                .iter()
                .map(|&c| fold(c))
                .eq(q.iter().copied());
        if hit {
            if !plain.is_empty() {
                spans.push(Span::styled(std::mem::take(&mut plain), base));
            }
            let m: String = chars[i..i + q.len()].iter().collect();
            spans.push(Span::styled(m, th.style(Role::Selected)));
            i += q.len();
        } else {
            plain.push(chars[i]);
            i += 1;
        }
    }
    if !plain.is_empty() {
        spans.push(Span::styled(plain, base));
    }
    spans
}
