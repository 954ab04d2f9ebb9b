//! The presenter's side of the trainer's console: what only the trainer sees
//! ([`TrainerView`]), published after every change, and the keys a console sends, which go
//! through the presenter's one key table like the projector's own.

use super::{Presenter, patient_line};
use crate::attach::WireKey;
use crate::engine::better_reply;
use crate::engine::console::{PastDecision, TrainerReply, TrainerView};
use crate::engine::group::{Stage, most_voted};
use crate::engine::{Run, Utterance};
use crate::i18n::Texts;
use crate::scenario::{Choice, Quality};
use crate::tui::app::{App, Screen};
use crate::tui::keys::{self, Action, Context};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The key a console's [`WireKey`] stands for.
pub fn key_event(key: WireKey) -> KeyEvent {
    let code = match key {
        WireKey::Char(c) => KeyCode::Char(c),
        WireKey::Enter => KeyCode::Enter,
        WireKey::Backspace => KeyCode::Backspace,
        WireKey::Left => KeyCode::Left,
        WireKey::Right => KeyCode::Right,
        WireKey::PageUp => KeyCode::PageUp,
        WireKey::PageDown => KeyCode::PageDown,
        WireKey::F5 => KeyCode::F(5),
    };
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// The [`WireKey`] for a key pressed in a console, when it is one a console may send.
pub fn wire_key(key: KeyEvent) -> Option<WireKey> {
    if key
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    {
        return None;
    }
    Some(match key.code {
        KeyCode::Char(c) if !c.is_control() => WireKey::Char(c),
        KeyCode::Enter => WireKey::Enter,
        KeyCode::Backspace => WireKey::Backspace,
        KeyCode::Left => WireKey::Left,
        KeyCode::Right => WireKey::Right,
        KeyCode::PageUp => WireKey::PageUp,
        KeyCode::PageDown => WireKey::PageDown,
        KeyCode::F(5) => WireKey::F5,
        _ => return None,
    })
}

/// What a console's key may do: drive the session, never end it or open help on the projector.
fn allowed(action: Action) -> bool {
    matches!(
        action,
        Action::Advance
            | Action::Commit
            | Action::StepBack
            | Action::Letter(_)
            | Action::Digit(_)
            | Action::Undo
            | Action::Blank
            | Action::Unblank
            | Action::Resume
    )
}

impl App<'_> {
    /// A key from a console: through the presenter's key table, as if pressed at the projector
    /// (the double-click guard, typed counts and blanking apply alike), but only the keys that
    /// drive the session. Help or a small window on the projector does not hold it back.
    pub fn console_key(&mut self, key: WireKey) {
        if !matches!(self.screen, Screen::Present(_)) {
            return;
        }
        if let Some(action) = keys::action_for(Context::Present, key_event(key))
            && allowed(action)
        {
            self.update_present(action);
        }
    }

    /// Sends the trainer's view to the consoles (when the console link is on).
    pub fn publish_console(&self) {
        let Some(publish) = &self.presenter_options.console else {
            return;
        };
        let view = match &self.screen {
            Screen::Present(p) => {
                let mut v = trainer_view(self.lang.texts(), p);
                v.lang = self.lang.code().to_string();
                v.phones_joined = self
                    .presenter_options
                    .phones
                    .as_ref()
                    .map(|_| p.phones.joined);
                v
            }
            _ => TrainerView {
                lang: self.lang.code().to_string(),
                ended: true,
                ..TrainerView::default()
            },
        };
        publish.publish(view);
    }
}

/// The trainer's view of the presenter's session (the language code and phones joined are the
/// caller's to fill).
pub fn trainer_view(t: &Texts, p: &Presenter) -> TrainerView {
    let g = &p.session;
    let run = g.run();
    let stage = g.stage();
    let mut view = TrainerView {
        scenario: run.scenario().title.clone(),
        stage: Some(stage),
        reveals: g.reveals_each_decision(),
        blank: p.blank,
        confirm_leave: p.confirm_leave,
        remaining: p
            .remaining
            .filter(|_| matches!(stage, Stage::Discuss | Stage::Vote)),
        typing: p
            .typing
            .as_ref()
            .filter(|(_, d)| !d.is_empty())
            .map(|(l, d)| format!("{} {d}", t.letter(*l))),
        ended: stage == Stage::Debrief,
        next: next_step(t, p),
        past: g
            .log()
            .iter()
            .map(|d| {
                let c = &run.scenario().node(d.node).choices()[d.offered[d.chosen]];
                PastDecision {
                    decided: super::verdicts::decided(t, &d.decided, d.chosen),
                    verdict: t.verdict(c.fatal, c.pitfall, &c.good),
                    fatal: c.is_wrong(),
                    good: c.quality() == Quality::Good,
                }
            })
            .collect(),
        ..TrainerView::default()
    };
    if let Some(d) = g.revealed() {
        let choices = run.scenario().node(d.node).choices();
        view.decision = g.log().len();
        let said: Vec<&Utterance> = d.scene.iter().collect();
        view.patient = patient_line(t, run, &said);
        view.discuss = run
            .scenario()
            .node(d.node)
            .discuss
            .as_ref()
            .map(|q| run.fill(q));
        // Phone ballots of the decision just revealed (the map empties at the next ballot).
        let phones = if p.phones.decision + 1 == g.log().len() {
            p.phones.tally(d.offered.len())
        } else {
            vec![0; d.offered.len()]
        };
        view.replies = d
            .offered
            .iter()
            .enumerate()
            .map(|(i, &idx)| {
                let ph = phones[i].min(d.votes[i]);
                TrainerReply {
                    hands: d.votes[i] - ph,
                    phones: ph,
                    taken: i == d.chosen,
                    ..reply(t, run, choices, &d.offered, i, idx)
                }
            })
            .collect();
        return view;
    }
    view.decision = g.log().len() + 1;
    let said: Vec<&Utterance> = g.scene_lines().collect();
    view.patient = patient_line(t, run, &said);
    if matches!(stage, Stage::Ending | Stage::Debrief) {
        return view;
    }
    let node = run.scenario().node(run.node());
    view.discuss = node.discuss.as_ref().map(|q| run.fill(q));
    let choices = node.choices();
    let offered = run.offered();
    let picked = g.picked();
    view.replies = offered
        .iter()
        .enumerate()
        .map(|(i, &idx)| TrainerReply {
            hands: g.hands().get(i).copied().unwrap_or(0),
            phones: g.phones().get(i).copied().unwrap_or(0),
            taken: picked == Some(i),
            ..reply(t, run, choices, offered, i, idx)
        })
        .collect();
    view
}

/// Reply `idx` of `choices`, offered under letter `i`, as the trainer's console shows it; the
/// counts and whether it was taken are the caller's to fill.
fn reply(
    t: &Texts,
    run: &Run,
    choices: &[Choice],
    offered: &[usize],
    i: usize,
    idx: usize,
) -> TrainerReply {
    let c = &choices[idx];
    TrainerReply {
        letter: t.letter(i),
        text: run.fill(&c.text),
        verdict: t.verdict(c.fatal, c.pitfall, &c.good),
        fatal: c.is_wrong(),
        good: c.quality() == Quality::Good,
        feedback: c.feedback.as_ref().map(|f| run.fill(f)),
        better: better_reply(choices, offered, idx).map(|b| run.fill(&choices[b].text)),
        ..TrainerReply::default()
    }
}

/// What the next "next" key brings, in words.
fn next_step(t: &Texts, p: &Presenter) -> String {
    let g = &p.session;
    let [_, discuss, vote, choose, reveal] = t.stages();
    let n = g.log().len() + 1;
    let scene_or_end = || {
        if g.run().is_over() {
            t.outcome().to_string()
        } else {
            format!("{} {n}", t.decision())
        }
    };
    if p.looking_back {
        return format!("{} {}", t.decision(), g.log().len() + 1);
    }
    match g.stage() {
        Stage::Scene => discuss.to_string(),
        Stage::Discuss => vote.to_string(),
        Stage::Vote => match most_voted(g.votes()).as_slice() {
            [one] => format!("{choose}: {}", t.letter(*one)),
            _ => choose.to_string(),
        },
        Stage::Choose => match g.picked() {
            Some(l) if g.reveals_each_decision() => format!("{reveal}: {}", t.letter(l)),
            Some(l) => format!("✓ {}", t.letter(l)),
            None => t.pick_a_letter().to_string(),
        },
        Stage::Reveal if !p.all_replies => t.all_replies().to_string(),
        Stage::Reveal => scene_or_end(),
        Stage::Ending => t.group_debrief().to_string(),
        Stage::Debrief => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Mode;
    use crate::scenario::Library;
    use crate::tui::Seeding;
    use crate::tui::theme::{Theme, ThemeName};

    fn presenting(lib: &Library) -> App<'_> {
        let mut a = App::new(
            lib,
            crate::i18n::Lang::EN,
            Mode::Practice,
            Theme::new(ThemeName::Dark, true),
            Seeding {
                seed: Some(4),
                shuffle: true,
            },
        );
        a.fixed_now = Some(chrono::DateTime::from_timestamp(1_795_000_000, 0).unwrap());
        let s = lib.find("child-patient", "en").unwrap().0;
        a.present(s);
        a
    }

    fn stage(a: &App<'_>) -> Stage {
        match &a.screen {
            Screen::Present(p) => p.session.stage(),
            _ => panic!("not presenting"),
        }
    }

    fn view(a: &App<'_>) -> TrainerView {
        match &a.screen {
            Screen::Present(p) => trainer_view(a.lang.texts(), p),
            _ => panic!("not presenting"),
        }
    }

    #[test]
    fn console_keys_drive_the_session_through_the_key_table() {
        let lib = Library::bundled();
        let mut a = presenting(&lib);
        a.console_key(WireKey::PageDown);
        assert_eq!(stage(&a), Stage::Discuss);
        // A letter and a typed count, as at the projector.
        a.console_key(WireKey::Char('b'));
        assert!(
            matches!(&a.screen, Screen::Present(p) if p.blank),
            "b blanks"
        );
        a.console_key(WireKey::Char('x'));
        assert!(matches!(&a.screen, Screen::Present(p) if !p.blank));
        for k in [WireKey::Char('A'), WireKey::Char('7'), WireKey::Enter] {
            a.console_key(k);
        }
        let v = view(&a);
        assert_eq!(v.replies[0].hands, 7);
        assert_eq!(stage(&a), Stage::Vote);
        a.console_key(WireKey::Backspace);
        assert_eq!(
            view(&a).replies[0].hands,
            0,
            "one undo takes the count back"
        );
        // Keys a console may not use: ending the session, help.
        a.help = true;
        a.console_key(WireKey::Char('q'));
        a.console_key(WireKey::Char('?'));
        assert!(matches!(&a.screen, Screen::Present(p) if !p.confirm_leave));
        assert!(a.help, "help on the projector is the projector's to close");
        a.console_key(WireKey::Left);
        assert_eq!(
            stage(&a),
            Stage::Discuss,
            "help does not hold a console's key back"
        );
        assert!(!a.quit);
    }

    #[test]
    fn the_trainer_sees_verdicts_before_the_reveal_and_the_room_does_not() {
        let lib = Library::bundled();
        let mut a = presenting(&lib);
        a.update(Action::Advance);
        let v = view(&a);
        assert_eq!(v.stage, Some(Stage::Discuss));
        assert_eq!(v.replies.len(), 3);
        assert!(v.discuss.as_deref().is_some_and(|q| !q.is_empty()));
        assert!(v.replies.iter().all(|r| !r.verdict.is_empty()));
        assert!(v.replies.iter().any(|r| r.fatal));
        assert!(v.replies.iter().any(|r| r.good && r.better.is_none()));
        assert!(
            v.replies
                .iter()
                .filter(|r| r.fatal)
                .all(|r| r.better.is_some()),
            "a fatal reply names a better one"
        );
        assert_eq!(v.next, "Vote");
        let room = match &a.screen {
            Screen::Present(p) => super::super::phones::room_view(a.lang.texts(), p),
            _ => unreachable!(),
        };
        assert!(room.replies.iter().all(|r| r.verdict.is_none()));

        // Hands and phones apart.
        a.update(Action::Letter(0));
        a.phone_ballot("a".repeat(32), 0);
        a.phone_ballot("b".repeat(32), 1);
        let v = view(&a);
        assert_eq!((v.replies[0].hands, v.replies[0].phones), (1, 1));
        assert_eq!((v.replies[1].hands, v.replies[1].phones), (0, 1));
        assert_eq!(v.next, "Choose: A");
        a.update(Action::Advance);
        assert_eq!(view(&a).next, "Reveal: A");
        a.update(Action::Advance);
        let v = view(&a);
        assert_eq!(v.stage, Some(Stage::Reveal));
        assert!(v.replies[0].taken);
        assert_eq!((v.replies[0].hands, v.replies[0].phones), (1, 1));
        assert_eq!(v.next, "Every reply at this decision");
    }
}
