//! What the room may see of a group session, as plain data: the snapshot a front end publishes
//! after every change, for phones (`web`) to read. Nothing about verdicts is in it before the
//! reveal. The engine only defines the shape; the presenter fills it in the session's language.

use super::group::Stage;
use std::sync::Arc;

/// One reply as the room sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomReply {
    /// The letter on the projector (A, or А in Russian).
    pub letter: char,
    /// What the reply says (untrusted scenario text: escape it where it is shown).
    pub text: String,
    /// The verdict in words; `None` until the decision is revealed.
    pub verdict: Option<String>,
    /// The reply the room took (known at the reveal only).
    pub taken: bool,
}

/// A snapshot of the session for the room's phones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoomView {
    /// Where the session stands; `None` before it starts.
    pub stage: Option<Stage>,
    /// The decision being voted on or revealed, from 1.
    pub decision: usize,
    /// The patient's last line, with the speaker's name (untrusted text).
    pub patient: String,
    /// The replies on offer (or, at the reveal, the ones that were).
    pub replies: Vec<RoomReply>,
    /// Ballots are counted now (discussion and vote).
    pub voting_open: bool,
    /// The decision's verdicts are out.
    pub revealed: bool,
    /// The session has ended.
    pub ended: bool,
    /// Phone ballots per letter at this decision (for the projector and benches; phones are
    /// never shown counts).
    pub phone_votes: Vec<u32>,
    /// Phone ballots handled since the session started (a change counts again).
    pub ballots_handled: u64,
}

impl RoomView {
    /// What a phone's page depends on: it reloads when this changes (counts are not in it).
    pub fn phone_key(&self) -> String {
        format!(
            "{:?}-{}-{}-{}-{}",
            self.stage, self.decision, self.voting_open, self.revealed, self.ended
        )
    }
}

/// Where a front end sends each new view: a [`RoomView`] for phones, or the trainer's console
/// view ([`TrainerView`](super::console::TrainerView)).
pub struct Publisher<T = RoomView>(Arc<dyn Fn(T) + Send + Sync>);

impl<T> Clone for Publisher<T> {
    fn clone(&self) -> Self {
        Self(Arc::clone(&self.0))
    }
}

impl<T> Publisher<T> {
    /// A publisher that hands each view to `f`.
    pub fn new(f: impl Fn(T) + Send + Sync + 'static) -> Self {
        Self(Arc::new(f))
    }

    /// Publishes a view.
    pub fn publish(&self, view: T) {
        (self.0)(view);
    }
}

impl<T> std::fmt::Debug for Publisher<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Publisher")
    }
}
