//! A group session: the room reads the scene, discusses, votes, the trainer confirms the room's
//! reply and reveals what it did. Pure state, like the rest of the engine.
//!
//! The count is the trainer's, so it must be easy to correct: one press per hand ([`vote`]),
//! a typed count ([`set_votes`]), and [`undo_vote`] to take either back, in order. The reply is
//! never picked silently: the room's choice is preselected only when one letter has the most
//! votes; on a tie or with no votes the trainer picks, and the log says whose choice it was.
//!
//! [`vote`]: GroupSession::vote
//! [`set_votes`]: GroupSession::set_votes
//! [`undo_vote`]: GroupSession::undo_vote

use super::{Mode, Reaction, Run, RunOptions, Utterance, Who};
use crate::scenario::{FatalKind, NodeIdx, Scenario};
use chrono::{DateTime, Utc};

/// Where a group session stands. Nothing about verdicts exists before `Reveal`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// The patient's lines, alone on the screen.
    Scene,
    /// The discussion prompt and the lettered replies.
    Discuss,
    /// Counting raised hands.
    Vote,
    /// The trainer confirms the room's reply (or picks one on a tie or with no votes).
    Choose,
    /// The verdict (never in an exam: verdicts wait for the debrief).
    Reveal,
    /// The last lines of the conversation.
    Ending,
    /// The group debrief.
    Debrief,
}

/// Whose choice the reply was. Letters are 0-based (0 = A).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decider {
    /// The room's most-voted letter (one letter had the most votes) was taken.
    Room(usize),
    /// The trainer took another letter than the room's most-voted one.
    Trainer {
        /// The letter taken.
        chose: usize,
        /// The room's most-voted letter.
        room: usize,
    },
    /// Letters tied for the most votes; the trainer picked (the letter is the decision's
    /// `chosen`).
    Tie(Vec<usize>),
    /// Nobody voted; the trainer picked.
    NoVotes,
}

impl Decider {
    /// Who decided, from the tally and the letter taken.
    pub fn of(votes: &[u32], chosen: usize) -> Self {
        let tied = most_voted(votes);
        match tied.as_slice() {
            [] => Decider::NoVotes,
            [room] if *room == chosen => Decider::Room(chosen),
            [room] => Decider::Trainer {
                chose: chosen,
                room: *room,
            },
            _ => Decider::Tie(tied),
        }
    }

    /// The word stored for it: `room`, `trainer`, `tie` or `no_votes`.
    pub fn word(&self) -> &'static str {
        match self {
            Decider::Room(_) => "room",
            Decider::Trainer { .. } => "trainer",
            Decider::Tie(_) => "tie",
            Decider::NoVotes => "no_votes",
        }
    }

    /// True when the room's own most-voted letter was taken.
    pub fn is_room(&self) -> bool {
        matches!(self, Decider::Room(_))
    }
}

/// The letters with the most votes: one letter, several on a tie, none when nobody voted.
pub fn most_voted(votes: &[u32]) -> Vec<usize> {
    let most = votes.iter().copied().max().unwrap_or(0);
    if most == 0 {
        return Vec::new();
    }
    (0..votes.len()).filter(|&i| votes[i] == most).collect()
}

/// One decision the room made.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupDecision {
    /// Where.
    pub node: NodeIdx,
    /// The replies in letter order (A, B, …) as 0-based file positions.
    pub offered: Vec<usize>,
    /// Votes per letter.
    pub votes: Vec<u32>,
    /// The letter taken (0 = A).
    pub chosen: usize,
    /// Whose choice it was.
    pub decided: Decider,
    /// What the room heard before deciding (names filled in).
    pub scene: Vec<Utterance>,
    /// What the reply did.
    pub reaction: Reaction,
}

impl GroupDecision {
    /// The share of the room's votes that went to fatal replies, `None` when nobody voted.
    pub fn fatal_share(&self, s: &Scenario) -> Option<f64> {
        let total: u32 = self.votes.iter().sum();
        if total == 0 {
            return None;
        }
        let choices = s.node(self.node).choices();
        let fatal: u32 = self
            .offered
            .iter()
            .zip(&self.votes)
            .filter(|(i, _)| choices[**i].fatal.is_some())
            .map(|(_, v)| v)
            .sum();
        Some(f64::from(fatal) / f64::from(total))
    }

    /// Hands counted at this decision.
    pub fn total(&self) -> u32 {
        self.votes.iter().sum()
    }
}

/// What the session is on record as, beside the scenario: who ran it with whom, when, and the
/// discussion timer. Plain data given by the front end (the engine reads no clock).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionInfo {
    /// The trainer's name (`--trainer`).
    pub trainer: Option<String>,
    /// The group's name (`--group`).
    pub group: Option<String>,
    /// Seconds on the discussion countdown, if one ran.
    pub timer: Option<u32>,
    /// When the session started.
    pub started: Option<DateTime<Utc>>,
}

/// "No letter": what [`GroupSession::chosen`] gives while nothing is picked (compares unequal
/// to every letter).
pub const NO_LETTER: usize = usize::MAX;

/// A session in progress.
#[derive(Debug, Clone)]
pub struct GroupSession {
    run: Run,
    mode: Mode,
    info: SessionInfo,
    stage: Stage,
    /// The room's votes per letter: hands plus phones (what bars show and the reveal uses).
    votes: Vec<u32>,
    /// Hands counted on the keyboard per letter.
    hands: Vec<u32>,
    /// Ballots from phones per letter (the front end tallies one per phone).
    phones: Vec<u32>,
    /// The hand tally before each change at this decision, newest last (phones are not undone).
    undo: Vec<Vec<u32>>,
    /// The letter the reply will be, at `Choose`.
    pick: Option<usize>,
    log: Vec<GroupDecision>,
    scene_from: usize,
}

/// Letters for replies: A–Z (scenarios have at most a handful).
pub fn letter(i: usize) -> char {
    char::from(b'A' + (i.min(25) as u8))
}

impl GroupSession {
    /// Starts at the first scene. In [`Mode::Exam`] the room goes through the whole
    /// conversation without reveals; any other mode reveals each decision.
    pub fn new(scenario: std::sync::Arc<Scenario>, options: RunOptions, mode: Mode) -> Self {
        let run = Run::new(scenario, options);
        let votes = vec![0; run.offered().len()];
        let stage = if run.is_over() {
            Stage::Ending
        } else {
            Stage::Scene
        };
        Self {
            run,
            mode,
            info: SessionInfo::default(),
            stage,
            hands: votes.clone(),
            phones: votes.clone(),
            votes,
            undo: Vec::new(),
            pick: None,
            log: Vec::new(),
            scene_from: 0,
        }
    }

    /// The underlying run.
    pub fn run(&self) -> &Run {
        &self.run
    }

    /// How the session is played: [`Mode::Exam`] keeps verdicts for the debrief.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// True when each decision is revealed as it is made; false in an exam, where the debrief
    /// reveals every decision at the end.
    pub fn reveals_each_decision(&self) -> bool {
        self.mode != Mode::Exam
    }

    /// Who ran the session with whom, when, and the timer.
    pub fn info(&self) -> &SessionInfo {
        &self.info
    }

    /// Sets who ran the session with whom, when, and the timer.
    pub fn set_info(&mut self, info: SessionInfo) {
        self.info = info;
    }

    /// The current stage.
    pub fn stage(&self) -> Stage {
        self.stage
    }

    /// What was said since the room's last reply (the current scene).
    pub fn scene_lines(&self) -> impl Iterator<Item = &Utterance> {
        self.run.transcript()[self.scene_from.min(self.run.transcript().len())..]
            .iter()
            .filter(|u| u.who != Who::Trainee)
    }

    /// Votes per letter at the current decision.
    pub fn votes(&self) -> &[u32] {
        &self.votes
    }

    /// Hands counted on the keyboard per letter at the current decision.
    pub fn hands(&self) -> &[u32] {
        &self.hands
    }

    /// Phone ballots per letter at the current decision.
    pub fn phones(&self) -> &[u32] {
        &self.phones
    }

    /// While votes are counted (discussion or vote), the phones' tally per letter replaces the
    /// last one; hands stay as they are. Returns false when votes are not being counted or
    /// the tally does not fit the replies on offer.
    pub fn set_phone_votes(&mut self, tally: &[u32]) -> bool {
        if !matches!(self.stage, Stage::Discuss | Stage::Vote) || tally.len() != self.votes.len() {
            return false;
        }
        self.phones = tally.to_vec();
        self.sum();
        true
    }

    fn sum(&mut self) {
        for (i, v) in self.votes.iter_mut().enumerate() {
            *v = self.hands[i].saturating_add(self.phones[i]);
        }
    }

    /// Votes counted at the current decision (hands and phones).
    pub fn votes_total(&self) -> u32 {
        self.votes.iter().sum()
    }

    /// The session's headcount: the most votes cast in any round (this one included).
    pub fn headcount(&self) -> u32 {
        self.log
            .iter()
            .map(GroupDecision::total)
            .chain([self.votes_total()])
            .max()
            .unwrap_or(0)
    }

    /// The letters tied for the most votes right now (empty unless two or more are).
    pub fn tied(&self) -> Vec<usize> {
        let t = most_voted(&self.votes);
        if t.len() > 1 { t } else { Vec::new() }
    }

    /// At `Choose`, the room's choice: the one letter with the most votes. `None` on a tie or
    /// when nobody voted (then the trainer picks with [`choose`](Self::choose)).
    pub fn preselected(&self) -> Option<usize> {
        if self.stage != Stage::Choose {
            return None;
        }
        match most_voted(&self.votes).as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }

    /// At `Choose`, the letter the reply will be: the preselected one, or the trainer's pick.
    /// `None` until a letter is picked on a tie or with no votes.
    pub fn picked(&self) -> Option<usize> {
        (self.stage == Stage::Choose).then_some(self.pick).flatten()
    }

    /// At `Choose`, whose choice the reply would be if taken now.
    pub fn decider(&self) -> Option<Decider> {
        self.picked().map(|p| Decider::of(&self.votes, p))
    }

    /// The letter picked at `Choose`, [`NO_LETTER`] while none is (prefer [`picked`]).
    ///
    /// [`picked`]: Self::picked
    pub fn chosen(&self) -> usize {
        self.pick.unwrap_or(NO_LETTER)
    }

    /// The decisions made so far, with their verdicts: a front end shows them at the reveal
    /// (or, in an exam, at the debrief) only.
    pub fn log(&self) -> &[GroupDecision] {
        &self.log
    }

    /// The last decision, while it is revealed.
    pub fn revealed(&self) -> Option<&GroupDecision> {
        (self.stage == Stage::Reveal)
            .then(|| self.log.last())
            .flatten()
    }

    /// Moves to the next stage. At `Choose` nothing happens until a letter is picked.
    pub fn advance(&mut self) {
        self.stage = match self.stage {
            Stage::Scene => Stage::Discuss,
            Stage::Discuss => Stage::Vote,
            Stage::Vote => {
                self.stage = Stage::Choose;
                self.pick = self.preselected();
                Stage::Choose
            }
            Stage::Choose => self.reveal(),
            Stage::Reveal => self.next_scene(),
            Stage::Ending | Stage::Debrief => Stage::Debrief,
        };
    }

    fn next_scene(&mut self) -> Stage {
        self.votes = vec![0; self.run.offered().len()];
        self.hands = self.votes.clone();
        self.phones = self.votes.clone();
        self.undo.clear();
        self.pick = None;
        if self.run.is_over() {
            Stage::Ending
        } else {
            Stage::Scene
        }
    }

    fn reveal(&mut self) -> Stage {
        let Some(chosen) = self.pick else {
            return Stage::Choose;
        };
        let node = self.run.node();
        let offered = self.run.offered().to_vec();
        let scene: Vec<Utterance> = self.scene_lines().cloned().collect();
        let before = self.run.transcript().len();
        match self.run.choose(chosen) {
            Ok(reaction) => {
                self.scene_from = before;
                self.log.push(GroupDecision {
                    node,
                    offered,
                    votes: self.votes.clone(),
                    chosen,
                    decided: Decider::of(&self.votes, chosen),
                    scene,
                    reaction,
                });
                if self.reveals_each_decision() {
                    Stage::Reveal
                } else {
                    self.next_scene()
                }
            }
            Err(_) => Stage::Choose,
        }
    }

    /// Goes back one stage, up to the scene; never back past a reveal.
    pub fn back(&mut self) {
        self.stage = match self.stage {
            Stage::Discuss => Stage::Scene,
            Stage::Vote => Stage::Discuss,
            Stage::Choose => {
                self.pick = None;
                Stage::Vote
            }
            other => other,
        };
    }

    fn counting(&self, letter: usize) -> bool {
        matches!(self.stage, Stage::Discuss | Stage::Vote) && letter < self.votes.len()
    }

    fn change(&mut self, letter: usize, n: u32) {
        self.stage = Stage::Vote;
        if self.hands[letter] != n {
            self.undo.push(self.hands.clone());
            self.hands[letter] = n;
            self.sum();
        }
    }

    /// One raised hand for a letter (during discussion or voting).
    pub fn vote(&mut self, letter: usize) {
        if self.counting(letter) {
            let n = self.hands[letter].saturating_add(1);
            self.change(letter, n);
        }
    }

    /// A typed count: `n` hands for a letter (phone ballots come on top) (during discussion or voting). Returns false when
    /// the letter is not on offer or votes are not being counted.
    pub fn set_votes(&mut self, letter: usize, n: u32) -> bool {
        if !self.counting(letter) {
            return false;
        }
        self.change(letter, n);
        true
    }

    /// Takes back the last single vote, typed count or clearing at this decision. Returns
    /// false when there is nothing to take back.
    pub fn undo_vote(&mut self) -> bool {
        if !matches!(self.stage, Stage::Discuss | Stage::Vote) {
            return false;
        }
        match self.undo.pop() {
            Some(before) => {
                self.hands = before;
                self.sum();
                true
            }
            None => false,
        }
    }

    /// Clears the hand tally of the current decision (undoable); phone ballots stay.
    pub fn clear_votes(&mut self) {
        if self.stage == Stage::Vote && self.hands.iter().any(|&h| h > 0) {
            self.undo.push(self.hands.clone());
            self.hands.iter_mut().for_each(|v| *v = 0);
            self.sum();
        }
    }

    /// At `Choose`, the trainer picks a letter: another than the room's, or one of a tie, or
    /// one when nobody voted.
    pub fn choose(&mut self, letter: usize) {
        if self.stage == Stage::Choose && letter < self.votes.len() {
            self.pick = Some(letter);
        }
    }

    /// The fatal error the room voted for most over the session, with its votes.
    pub fn leaning(&self) -> Option<(FatalKind, u32)> {
        let s = self.run.scenario();
        let mut totals = [0u32; 3];
        for d in &self.log {
            let choices = s.node(d.node).choices();
            for (i, v) in d.offered.iter().zip(&d.votes) {
                if let Some(k) = choices[*i].fatal {
                    totals[k.index()] += v;
                }
            }
        }
        let (at, n) = totals
            .iter()
            .enumerate()
            .max_by_key(|(i, n)| (**n, usize::MAX - i))?;
        (*n > 0).then(|| (FatalKind::ALL[at], *n))
    }
}

#[cfg(test)]
#[path = "group_tests.rs"]
mod tests;
