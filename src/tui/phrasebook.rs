//! Phrasebook: the library's good replies grouped by technique, searchable with `/`.

use super::app::{App, Phrasebook};
use super::common;
use super::theme::Role;
use super::wrap::wrap;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

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
