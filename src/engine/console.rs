//! What the trainer's console shows of a group session, as plain data: everything the room's
//! view ([`RoomView`](super::room::RoomView)) holds back — every reply's verdict, coaching and
//! better phrasing before the reveal, the votes of hands and phones apart, the countdown, and
//! what the next key brings. The presenter fills it in the session's language after every change
//! and sends it to the consoles attached (`frontdesk console`); it crosses a socket as JSON.

use super::group::Stage;
use serde::{Deserialize, Serialize};

/// One reply as the trainer sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainerReply {
    /// The letter on the projector (A, or А in Russian).
    pub letter: char,
    /// What the reply says (untrusted scenario text: escape it where it is shown).
    pub text: String,
    /// The verdict in words, e.g. "✗ ignoring" or "✓ empathy".
    pub verdict: String,
    /// The reply is one of the fatal errors or a pitfall (drawn as a wrong answer).
    pub fatal: bool,
    /// The reply uses a technique.
    pub good: bool,
    /// The coaching the reveal shows for it (untrusted text).
    pub feedback: Option<String>,
    /// A better reply on offer, when there is one (untrusted text).
    pub better: Option<String>,
    /// Hands counted on the keyboard for it.
    pub hands: u32,
    /// Phone ballots for it.
    pub phones: u32,
    /// The reply the room took (at the reveal), or the one that will be taken (at Choose).
    pub taken: bool,
}

/// A decision the room has made, for the trainer's look back.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PastDecision {
    /// Whose choice it was, in words ("The room chose A", "Tie: A and C — …").
    pub decided: String,
    /// The verdict of the reply taken.
    pub verdict: String,
    /// It was a fatal error or a pitfall.
    pub fatal: bool,
    /// It used a technique.
    pub good: bool,
}

/// A snapshot of the session for the trainer's console.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainerView {
    /// The session's language code (the console speaks it too).
    pub lang: String,
    /// The scenario's title (untrusted text).
    pub scenario: String,
    /// Where the session stands; `None` before it starts (or once it is gone).
    pub stage: Option<Stage>,
    /// The decision being discussed or revealed, from 1.
    pub decision: usize,
    /// Each decision is revealed as it is made (not in an exam, where the debrief reveals all).
    pub reveals: bool,
    /// The patient's last line, with the speaker's name (untrusted text).
    pub patient: String,
    /// The discussion prompt of this decision (untrusted text).
    pub discuss: Option<String>,
    /// The replies on offer (at the reveal: the ones that were).
    pub replies: Vec<TrainerReply>,
    /// Seconds left on the discussion countdown, while it shows.
    pub remaining: Option<u32>,
    /// What the next "next" key brings, in words.
    pub next: String,
    /// The projector is blanked.
    pub blank: bool,
    /// The projector asks whether to end the session.
    pub confirm_leave: bool,
    /// A count being typed: the letter and the digits so far.
    pub typing: Option<String>,
    /// Phones joined, when the session takes votes from phones.
    pub phones_joined: Option<usize>,
    /// The decisions made so far, oldest first.
    pub past: Vec<PastDecision>,
    /// The session has ended (the debrief is on the projector, or the presenter has gone).
    pub ended: bool,
}

impl TrainerView {
    /// Votes counted for reply `i` (hands and phones).
    pub fn votes(&self, i: usize) -> u32 {
        self.replies
            .get(i)
            .map_or(0, |r| r.hands.saturating_add(r.phones))
    }

    /// Votes counted at this decision.
    pub fn total(&self) -> u32 {
        (0..self.replies.len()).map(|i| self.votes(i)).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_crosses_the_wire_unchanged() {
        let v = TrainerView {
            lang: "ru".into(),
            stage: Some(Stage::Discuss),
            replies: vec![TrainerReply {
                letter: 'Б',
                text: "«\u{1b}]0;x\u{7}»".into(),
                hands: 2,
                phones: 3,
                ..TrainerReply::default()
            }],
            ..TrainerView::default()
        };
        let json = serde_json::to_string(&v).unwrap();
        assert!(!json.contains('\n'), "one line on the wire: {json}");
        assert_eq!(serde_json::from_str::<TrainerView>(&json).unwrap(), v);
        assert_eq!(v.votes(0), 5);
        assert_eq!(v.total(), 5);
    }
}
