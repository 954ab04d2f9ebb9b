//! Drawing what the room learns: the reveal (the verdict, whose choice it was), every reply
//! after it, and the group debrief. Split from `draw.rs`, which draws the stages before.

use super::draw::{View, centred, column, draw_lines};
use crate::engine::group::{Decider, GroupDecision};
use crate::i18n::Texts;
use crate::tui::bigtext::{self, BigText, FontSize};
use crate::tui::common;
use crate::tui::theme::Role;
use crate::tui::wrap::wrap;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

impl View<'_> {
    /// The verdict, big when it fits, then whose choice it was, the reply, the patient's
    /// reaction, the coaching and the better reply.
    pub(super) fn reveal(&self, body: Rect, buf: &mut Buffer) {
        let (th, t, g) = (self.th, self.t, self.g);
        let Some(d) = g.revealed() else {
            return;
        };
        let col = column(body);
        let w = usize::from(col.width);
        let run = g.run();
        let choices = run.scenario().node(d.node).choices();
        let chosen = &choices[d.offered[d.chosen]];
        let r = &d.reaction.decision;
        let (verdict, role) = common::verdict(t, r.fatal, r.pitfall, &r.good);
        // The verdict reads "✗ ignoring": the symbol is not in the big font, so it stands above
        // the big words in ordinary text.
        let (symbol, words) = verdict.split_once(' ').unwrap_or(("", verdict.as_str()));
        let words = words.to_string();
        let mut rest = Vec::new();
        rest.push(Line::default());
        for l in wrap(
            &format!(
                "{}: «{}»",
                decided(t, &d.decided, d.chosen),
                run.fill(&chosen.text)
            ),
            w,
        ) {
            rest.push(Line::from(Span::styled(l, th.style(Role::Trainee))));
        }
        rest.push(Line::default());
        if let Some(thought) = &d.reaction.thought {
            for l in wrap(&format!("«{thought}»"), w) {
                rest.push(Line::from(Span::styled(l, th.style(Role::Patient))));
            }
            rest.push(Line::default());
        }
        if let Some(f) = &d.reaction.feedback {
            rest.extend(
                wrap(f, w)
                    .into_iter()
                    .map(|l| Line::from(Span::styled(l, th.base()))),
            );
        }
        if let Some(b) = d.reaction.better {
            rest.push(Line::default());
            for l in wrap(
                &format!("{}: «{}»", t.better(), run.fill(&choices[b].text)),
                w,
            ) {
                rest.push(Line::from(Span::styled(l, th.style(Role::Good))));
            }
        }
        let room = Rect {
            height: body
                .height
                .saturating_sub(u16::try_from(rest.len()).unwrap_or(u16::MAX))
                .min(body.height / 3),
            ..body
        };
        match BigText::new(words.as_str())
            .max_size(FontSize::Px9x18)
            .fit(room)
        {
            Some(fit) => {
                let total = fit.height + 1 + u16::try_from(rest.len()).unwrap_or(u16::MAX);
                let top = body.y + body.height.saturating_sub(total) / 2;
                Line::from(Span::styled(symbol, th.style(role)))
                    .centered()
                    .render(
                        Rect {
                            y: top,
                            height: 1,
                            ..col
                        },
                        buf,
                    );
                BigText::new(words.as_str())
                    .max_size(FontSize::Px9x18)
                    .style(th.style(role))
                    .alignment(Alignment::Center)
                    .render(
                        Rect {
                            y: top + 1,
                            height: fit.height,
                            ..body
                        },
                        buf,
                    );
                draw_lines(&rest, col, top + 1 + fit.height, buf);
            }
            None => {
                let mut lines = vec![Line::from(Span::styled(
                    verdict.to_uppercase(),
                    th.style(role),
                ))];
                lines.extend(rest);
                centred(lines, col, buf);
            }
        }
    }

    /// Every reply at a decision: letter, verdict, the room's votes, the reply.
    pub(super) fn every_reply(&self, d: &GroupDecision, width: u16) -> Vec<Line<'static>> {
        let (th, t, g) = (self.th, self.t, self.g);
        let run = g.run();
        let w = usize::from(width);
        let choices = run.scenario().node(d.node).choices();
        let total = d.total();
        let mut out = Vec::new();
        for (i, (&idx, &votes)) in d.offered.iter().zip(&d.votes).enumerate() {
            let c = &choices[idx];
            let (verdict, role) = common::verdict(t, c.fatal, c.pitfall, &c.good);
            let share = (votes * 100 + total / 2).checked_div(total).unwrap_or(0);
            let mark = if i == d.chosen { " ◀" } else { "" };
            out.push(Line::from(vec![
                Span::styled(format!("{} ", t.letter(i)), th.style(Role::Key)),
                Span::styled(verdict, th.style(role)),
                Span::styled(
                    format!("  · {} ({share}%){mark}", t.votes(votes)),
                    th.style(Role::Muted),
                ),
            ]));
            for l in wrap(&run.fill(&c.text), w.saturating_sub(2)) {
                out.push(Line::from(Span::styled(format!("  {l}"), th.base())));
            }
            out.push(Line::default());
        }
        out
    }

    pub(super) fn debrief(&self, body: Rect, buf: &mut Buffer) {
        let (th, t, g) = (self.th, self.t, self.g);
        let sum = g.run().summary();
        let col = column(body);
        let w = usize::from(col.width);
        let mut lines = Vec::new();
        if let Some(o) = sum.outcome {
            let role = if o.ending.is_good() {
                Role::Good
            } else {
                Role::Fatal
            };
            lines.push(Line::from(vec![
                Span::styled(format!("{}: ", t.outcome()), th.style(Role::Muted)),
                Span::styled(t.outcome_words(o), th.style(role)),
            ]));
            lines.push(Line::default());
        }
        let s = g.run().scenario();
        for (i, d) in g.log().iter().enumerate() {
            let choices = s.node(d.node).choices();
            let c = &choices[d.offered[d.chosen]];
            let (verdict, role) = common::verdict(t, c.fatal, c.pitfall, &c.good);
            let split: Vec<String> = d
                .votes
                .iter()
                .enumerate()
                .map(|(j, v)| format!("{} {v}", t.letter(j)))
                .collect();
            let head = format!("{:>2}. {} ", i + 1, t.letter(d.chosen));
            lines.push(Line::from(vec![
                Span::styled(head, th.style(Role::Key)),
                Span::styled(verdict, th.style(role)),
            ]));
            let who = decided(t, &d.decided, d.chosen);
            for l in wrap(
                &format!("{who} · {}", split.join(" · ")),
                w.saturating_sub(4),
            ) {
                lines.push(Line::from(Span::styled(
                    format!("    {l}"),
                    th.style(Role::Muted),
                )));
            }
        }
        lines.push(Line::default());
        let leaning = match g.leaning() {
            Some((k, n)) => format!("{}: {} ({})", t.leaning(), t.fatal(k), t.votes(n)),
            None => t.no_leaning().to_string(),
        };
        for l in wrap(&leaning, w) {
            lines.push(Line::from(Span::styled(l, th.style(Role::Title))));
        }
        // Pitfalls the room fell into, counted apart from the fatal errors.
        if sum.pitfalls.total() > 0 {
            let pitfalls = format!("{}: {}", t.pitfalls(), t.pitfall_counts(&sum.pitfalls));
            for l in wrap(&pitfalls, w) {
                lines.push(Line::from(Span::styled(l, th.style(Role::Fatal))));
            }
        }
        let score = format!("{}/100", sum.score);
        let room = Rect {
            height: body
                .height
                .saturating_sub(u16::try_from(lines.len() + 1).unwrap_or(u16::MAX)),
            ..body
        };
        match bigtext::fit(&score, room) {
            Some(fit) => {
                let fit_h = fit.height.min(room.height);
                let total = fit_h + 1 + u16::try_from(lines.len()).unwrap_or(u16::MAX);
                let top = body.y + body.height.saturating_sub(total) / 2;
                BigText::new(score)
                    .style(th.style(Role::Title))
                    .alignment(Alignment::Center)
                    .render(
                        Rect {
                            y: top,
                            height: fit_h,
                            ..body
                        },
                        buf,
                    );
                draw_lines(&lines, col, top + fit_h + 1, buf);
            }
            None => {
                let mut all = vec![Line::from(Span::styled(
                    format!("{}: {score}", t.score()),
                    th.style(Role::Title),
                ))];
                all.extend(lines);
                centred(all, col, buf);
            }
        }
    }
}

/// "A, B and C" in the interface's words and letters.
pub(super) fn letters_and(t: &Texts, letters: &[usize]) -> String {
    let names: Vec<String> = letters.iter().map(|&i| t.letter(i).to_string()).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            format!("{} {} {last}", rest.join(", "), t.and())
        }
        _ => names.join(""),
    }
}

/// Whose choice the reply was, as the room should hear it: "The room chose C", "The trainer
/// chose A (the room: C)", "Tie: A and C — the trainer chose A", "No votes — the trainer chose A".
pub fn decided(t: &Texts, d: &Decider, chosen: usize) -> String {
    let trainer = format!("{} {}", t.trainer_chose(), t.letter(chosen));
    match d {
        Decider::Room(l) => format!("{} {}", t.room_chose(), t.letter(*l)),
        Decider::Trainer { room, .. } => {
            format!("{trainer} ({}: {})", t.the_room(), t.letter(*room))
        }
        Decider::Tie(tied) => format!("{}: {} — {trainer}", t.tie_between(), letters_and(t, tied)),
        Decider::NoVotes => format!("{} — {trainer}", t.nobody_voted_title()),
    }
}
