//! A group session: the room reads the scene, discusses, votes, the trainer confirms the room's
//! reply and reveals what it did. Pure state, like the rest of the engine.

use super::{Reaction, Run, RunOptions, Utterance, Who};
use crate::scenario::{FatalKind, NodeIdx, Scenario};

/// Where a group session stands. Nothing about verdicts exists before `Reveal`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The patient's lines, alone on the screen.
    Scene,
    /// The discussion prompt and the lettered replies.
    Discuss,
    /// Counting raised hands.
    Vote,
    /// The trainer confirms the room's reply.
    Choose,
    /// The verdict.
    Reveal,
    /// The last lines of the conversation.
    Ending,
    /// The group debrief.
    Debrief,
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
    /// The letter the trainer confirmed (0 = A).
    pub chosen: usize,
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
}

/// A session in progress.
#[derive(Debug, Clone)]
pub struct GroupSession {
    run: Run,
    stage: Stage,
    votes: Vec<u32>,
    chosen: usize,
    log: Vec<GroupDecision>,
    scene_from: usize,
}

/// Letters for replies: A–Z (scenarios have at most a handful).
pub fn letter(i: usize) -> char {
    char::from(b'A' + (i.min(25) as u8))
}

impl GroupSession {
    /// Starts at the first scene.
    pub fn new(scenario: std::sync::Arc<Scenario>, options: RunOptions) -> Self {
        let run = Run::new(scenario, options);
        let votes = vec![0; run.offered().len()];
        let stage = if run.is_over() {
            Stage::Ending
        } else {
            Stage::Scene
        };
        Self {
            run,
            stage,
            votes,
            chosen: 0,
            log: Vec::new(),
            scene_from: 0,
        }
    }

    /// The underlying run.
    pub fn run(&self) -> &Run {
        &self.run
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

    /// The letter picked at `Choose` (and revealed at `Reveal`).
    pub fn chosen(&self) -> usize {
        self.chosen
    }

    /// The decisions made so far.
    pub fn log(&self) -> &[GroupDecision] {
        &self.log
    }

    /// The last decision, while it is revealed.
    pub fn revealed(&self) -> Option<&GroupDecision> {
        (self.stage == Stage::Reveal)
            .then(|| self.log.last())
            .flatten()
    }

    /// Moves to the next stage.
    pub fn advance(&mut self) {
        self.stage = match self.stage {
            Stage::Scene => Stage::Discuss,
            Stage::Discuss => Stage::Vote,
            Stage::Vote => {
                self.chosen = most_voted(&self.votes);
                Stage::Choose
            }
            Stage::Choose => self.reveal(),
            Stage::Reveal => {
                self.votes = vec![0; self.run.offered().len()];
                self.chosen = 0;
                if self.run.is_over() {
                    Stage::Ending
                } else {
                    Stage::Scene
                }
            }
            Stage::Ending | Stage::Debrief => Stage::Debrief,
        };
    }

    fn reveal(&mut self) -> Stage {
        let node = self.run.node();
        let offered = self.run.offered().to_vec();
        let scene: Vec<Utterance> = self.scene_lines().cloned().collect();
        let before = self.run.transcript().len();
        match self.run.choose(self.chosen) {
            Ok(reaction) => {
                self.scene_from = before;
                self.log.push(GroupDecision {
                    node,
                    offered,
                    votes: self.votes.clone(),
                    chosen: self.chosen,
                    scene,
                    reaction,
                });
                Stage::Reveal
            }
            Err(_) => Stage::Choose,
        }
    }

    /// Goes back one stage, up to the scene; never back past a reveal.
    pub fn back(&mut self) {
        self.stage = match self.stage {
            Stage::Discuss => Stage::Scene,
            Stage::Vote => Stage::Discuss,
            Stage::Choose => Stage::Vote,
            other => other,
        };
    }

    /// One raised hand for a letter (during discussion or voting).
    pub fn vote(&mut self, letter: usize) {
        if !matches!(self.stage, Stage::Discuss | Stage::Vote) || letter >= self.votes.len() {
            return;
        }
        self.stage = Stage::Vote;
        self.votes[letter] += 1;
    }

    /// Clears the tally of the current decision.
    pub fn clear_votes(&mut self) {
        if self.stage == Stage::Vote {
            self.votes.iter_mut().for_each(|v| *v = 0);
        }
    }

    /// At `Choose`, the trainer takes another reply than the most voted.
    pub fn choose(&mut self, letter: usize) {
        if self.stage == Stage::Choose && letter < self.votes.len() {
            self.chosen = letter;
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

/// The letter with the most votes; the first one on a tie (and A when nobody voted).
fn most_voted(votes: &[u32]) -> usize {
    votes
        .iter()
        .enumerate()
        .max_by_key(|(i, v)| (**v, usize::MAX - i))
        .map_or(0, |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::check_str;
    use std::sync::Arc;

    fn mini() -> Arc<Scenario> {
        Arc::new(
            check_str(include_str!("../../tests/fixtures/good/mini.yaml"))
                .scenario
                .unwrap(),
        )
    }

    fn session(s: &Arc<Scenario>) -> GroupSession {
        GroupSession::new(
            Arc::clone(s),
            RunOptions {
                seed: 1,
                shuffle: false,
            },
        )
    }

    #[test]
    fn the_room_votes_and_the_most_voted_reply_is_chosen() {
        let s = mini();
        let mut g = session(&s);
        assert_eq!(g.stage(), Stage::Scene);
        assert!(g.scene_lines().any(|u| u.text.contains("Dr. Petrov")));
        g.advance();
        assert_eq!(g.stage(), Stage::Discuss);
        g.vote(1);
        assert_eq!(
            g.stage(),
            Stage::Vote,
            "a vote during discussion starts the vote"
        );
        g.vote(1);
        g.vote(0);
        g.vote(7); // no such letter: ignored
        assert_eq!(g.votes(), &[1, 2, 0]);
        g.advance();
        assert_eq!(g.stage(), Stage::Choose);
        assert_eq!(g.chosen(), 1);
        g.advance();
        let d = g.revealed().unwrap();
        assert_eq!(d.reaction.decision.fatal, Some(FatalKind::Justifying));
        assert_eq!(d.fatal_share(&s), Some(2.0 / 3.0));
        g.advance();
        assert_eq!(g.stage(), Stage::Scene);
        assert_eq!(g.votes(), &[0, 0, 0], "a fresh tally for the next decision");
        assert!(g.scene_lines().all(|u| u.who != Who::Trainee));
        assert!(g.scene_lines().any(|u| u.text.contains("my son")));
    }

    #[test]
    fn the_trainer_can_take_another_reply_and_step_back_before_the_reveal() {
        let s = mini();
        let mut g = session(&s);
        g.advance();
        g.vote(2);
        g.advance();
        g.choose(0);
        g.back();
        assert_eq!(g.stage(), Stage::Vote);
        g.clear_votes();
        assert_eq!(g.votes(), &[0, 0, 0]);
        g.back();
        g.back();
        assert_eq!(g.stage(), Stage::Scene);
        g.back();
        assert_eq!(g.stage(), Stage::Scene);
        g.advance();
        g.advance();
        g.advance();
        assert_eq!(g.chosen(), 0, "nobody voted: A");
        g.advance();
        assert_eq!(g.stage(), Stage::Reveal);
        g.back();
        assert_eq!(g.stage(), Stage::Reveal, "no going back after a reveal");
    }

    #[test]
    fn a_session_ends_with_the_ending_scene_then_the_debrief() {
        let s = mini();
        let mut g = session(&s);
        for (letter, votes) in [(0, 3), (1, 4)] {
            g.advance();
            for _ in 0..votes {
                g.vote(letter);
            }
            g.vote(2);
            g.advance();
            g.advance();
            g.advance();
        }
        assert_eq!(g.stage(), Stage::Ending);
        assert!(g.scene_lines().any(|u| u.text.contains("Thank you")));
        g.advance();
        assert_eq!(g.stage(), Stage::Debrief);
        assert_eq!(g.log().len(), 2);
        // Votes for fatal replies: one for C (ignoring) at the first decision, one for C…
        let (kind, n) = g.leaning().unwrap();
        assert_eq!((kind, n), (FatalKind::Ignoring, 1));
    }

    #[test]
    fn letters() {
        assert_eq!(letter(0), 'A');
        assert_eq!(letter(3), 'D');
    }
}
