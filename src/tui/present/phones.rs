//! Votes from phones, on the presenter's side: one ballot per phone token at each decision
//! (changeable while votes are counted), kept apart from the hands counted on the keyboard (the
//! engine adds the two: [`GroupSession::set_phone_votes`]); the room's view published after
//! every change; and the join panel (QR code, address, room code, phones joined) drawn on the
//! Scene and Discuss stages.
//!
//! [`GroupSession::set_phone_votes`]: crate::engine::group::GroupSession::set_phone_votes

use super::{Presenter, patient_line};
use crate::engine::Utterance;
use crate::engine::group::Stage;
use crate::engine::room::{Publisher, RoomReply, RoomView};
use crate::i18n::Texts;
use crate::scenario::text::visible;
use crate::tui::app::{App, Screen};
use crate::tui::theme::{Role, Theme};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use std::collections::HashMap;

/// Where phones join a session, and where its view goes.
#[derive(Debug, Clone)]
pub struct PhonesLink {
    /// The address phones open (room code included), as the QR code holds it.
    pub url: String,
    /// The room code.
    pub code: String,
    /// Receives the room's view after every change.
    pub publish: Publisher,
}

/// The phones' ballots at the current decision.
#[derive(Debug, Clone, Default)]
pub struct PhoneBallots {
    /// The letter each phone token voted for.
    by_token: HashMap<String, usize>,
    /// The decision (the session's log length) these ballots belong to.
    pub(super) decision: usize,
    /// Phones that have opened the page.
    pub joined: usize,
    /// Ballots handled since the start (a change counts again).
    pub handled: u64,
}

impl PhoneBallots {
    /// Ballots per letter, for `n` letters.
    pub fn tally(&self, n: usize) -> Vec<u32> {
        let mut t = vec![0u32; n];
        for &l in self.by_token.values() {
            if let Some(v) = t.get_mut(l) {
                *v += 1;
            }
        }
        t
    }
}

impl App<'_> {
    /// A phone's ballot: counted while votes are (discussion and vote), replacing that
    /// phone's earlier ballot at this decision; ignored otherwise. Never goes through the key
    /// map, so it cannot close help or unblank the screen.
    pub fn phone_ballot(&mut self, token: String, letter: usize) {
        let Screen::Present(p) = &mut self.screen else {
            return;
        };
        let g = &mut p.session;
        let n = g.votes().len();
        if !matches!(g.stage(), Stage::Discuss | Stage::Vote) || letter >= n {
            return;
        }
        let ballots = &mut p.phones;
        if ballots.decision != g.log().len() {
            ballots.by_token.clear();
            ballots.decision = g.log().len();
        }
        ballots.by_token.insert(token, letter);
        ballots.handled += 1;
        let tally = ballots.tally(n);
        g.set_phone_votes(&tally);
    }

    /// A phone opened the page for the first time.
    pub fn phone_joined(&mut self) {
        if let Screen::Present(p) = &mut self.screen {
            p.phones.joined += 1;
        }
    }

    /// Sends the room's view to the phones (when they are on).
    pub fn publish_room(&self) {
        let Some(link) = &self.presenter_options.phones else {
            return;
        };
        let view = match &self.screen {
            Screen::Present(p) => room_view(self.lang.texts(), p),
            _ => RoomView {
                ended: true,
                ..RoomView::default()
            },
        };
        link.publish.publish(view);
    }
}

/// The room's view of the presenter's session.
pub fn room_view(t: &Texts, p: &Presenter) -> RoomView {
    let g = &p.session;
    let run = g.run();
    let stage = g.stage();
    let mut view = RoomView {
        stage: Some(stage),
        ended: matches!(stage, Stage::Ending | Stage::Debrief),
        voting_open: matches!(stage, Stage::Discuss | Stage::Vote),
        ballots_handled: p.phones.handled,
        ..RoomView::default()
    };
    if let Some(d) = g.revealed() {
        let choices = run.scenario().node(d.node).choices();
        view.decision = g.log().len();
        view.revealed = true;
        let said: Vec<&Utterance> = d.scene.iter().collect();
        view.patient = patient_line(t, run, &said);
        view.replies = d
            .offered
            .iter()
            .enumerate()
            .map(|(i, &idx)| RoomReply {
                letter: t.letter(i),
                text: run.fill(&choices[idx].text),
                verdict: Some(t.verdict(
                    choices[idx].fatal,
                    choices[idx].pitfall,
                    &choices[idx].good,
                )),
                taken: i == d.chosen,
            })
            .collect();
        return view;
    }
    view.decision = g.log().len() + 1;
    if view.ended {
        return view;
    }
    let said: Vec<&Utterance> = g.scene_lines().collect();
    view.patient = patient_line(t, run, &said);
    let choices = run.scenario().node(run.node()).choices();
    view.replies = run
        .offered()
        .iter()
        .enumerate()
        .map(|(i, &idx)| RoomReply {
            letter: t.letter(i),
            text: run.fill(&choices[idx].text),
            verdict: None,
            taken: false,
        })
        .collect();
    if view.voting_open && p.phones.decision == g.log().len() {
        view.phone_votes = p.phones.tally(view.replies.len());
    } else {
        view.phone_votes = vec![0; view.replies.len()];
    }
    view
}

/// On Scene and Discuss with phones on: the join panel at the body's right (QR code, address,
/// room code, phones joined) when the window is wide enough, else one line of text at its
/// foot. Returns what is left of the body.
pub(super) fn join_panel(
    app: &App<'_>,
    th: &Theme,
    p: &Presenter,
    body: Rect,
    buf: &mut Buffer,
) -> Rect {
    let Some(link) = &app.presenter_options.phones else {
        return body;
    };
    if p.looking_back || !matches!(p.session.stage(), Stage::Scene | Stage::Discuss) {
        return body;
    }
    let t = app.lang.texts();
    let url = visible(&link.url).into_owned();
    let code = visible(&link.code).into_owned();
    let joined = t.phones_joined(p.phones.joined);
    let qr = qr_lines(&link.url);
    let qr_w = qr.first().map_or(0, |l| l.chars().count()) as u16;
    let text_w = [url.chars().count(), joined.chars().count(), 16]
        .into_iter()
        .max()
        .unwrap_or(16) as u16;
    let panel_w = qr_w.max(text_w) + 2;
    let panel_h = qr.len() as u16 + 4;
    if body.width >= panel_w + 50 && body.height >= panel_h {
        let x = body.x + body.width - panel_w;
        // Light modules in white on black whatever the theme, so every scanner reads it.
        let qr_style = Style::new().fg(Color::White).bg(Color::Black);
        let mut lines: Vec<Line<'_>> = qr
            .into_iter()
            .map(|l| Line::from(Span::styled(l, qr_style)))
            .collect();
        lines.push(Line::from(Span::styled(
            t.phones_join(),
            th.style(Role::Title),
        )));
        lines.push(Line::from(Span::styled(url, th.style(Role::Key))));
        lines.push(Line::from(Span::styled(
            format!("{}: {code}", t.phones_room_code()),
            th.style(Role::Key),
        )));
        lines.push(Line::from(Span::styled(joined, th.style(Role::Muted))));
        for (i, l) in lines.into_iter().enumerate() {
            let y = body.y + i as u16;
            if y >= body.y + body.height {
                break;
            }
            l.render(Rect::new(x, y, panel_w, 1), buf);
        }
        return Rect {
            width: body.width - panel_w - 1,
            ..body
        };
    }
    if body.height < 8 {
        return body;
    }
    let y = body.y + body.height - 2;
    Line::from(vec![
        Span::styled(format!("{}: ", t.phones_join()), th.style(Role::Title)),
        Span::styled(url, th.style(Role::Key)),
    ])
    .render(Rect::new(body.x, y, body.width, 1), buf);
    Line::from(vec![
        Span::styled(
            format!("{}: {code}", t.phones_room_code()),
            th.style(Role::Key),
        ),
        Span::styled(format!(" · {joined}"), th.style(Role::Muted)),
    ])
    .render(Rect::new(body.x, y + 1, body.width, 1), buf);
    Rect {
        height: body.height - 3,
        ..body
    }
}

/// The QR code of `url` in half blocks (two modules a character cell, dark on light with a
/// quiet zone of two modules), or nothing when it cannot be encoded.
pub fn qr_lines(url: &str) -> Vec<String> {
    let Ok(code) = qrcode::QrCode::with_error_correction_level(url, qrcode::EcLevel::L) else {
        return Vec::new();
    };
    let w = code.width();
    let colors = code.to_colors();
    let quiet = 2usize;
    let size = w + 2 * quiet;
    let dark = |x: usize, y: usize| -> bool {
        x >= quiet
            && y >= quiet
            && x < w + quiet
            && y < w + quiet
            && colors[(y - quiet) * w + (x - quiet)] == qrcode::Color::Dark
    };
    (0..size)
        .step_by(2)
        .map(|y| {
            (0..size)
                .map(|x| match (dark(x, y), dark(x, y + 1)) {
                    (false, false) => '█',
                    (true, false) => '▄',
                    (false, true) => '▀',
                    (true, true) => ' ',
                })
                .collect()
        })
        .collect()
}
