//! The conversation engine: a pure, seeded state machine over a checked [`Scenario`].
//!
//! No I/O and no terminal: a front end asks [`Run::step`] what to show, calls [`Run::choose`]
//! with the position of the reply the trainee picked, and reads [`Run::summary`] at the end.
//! The same scenario, seed and replies always give the same run.

pub mod console;
pub mod group;
mod lines;
pub mod room;
mod score;

pub use score::{
    FatalCounts, PitfallCounts, best_reply, better_reply, decision_credit, reply_value, score,
};

use crate::scenario::condition::Facts;
use crate::scenario::text::substitute;
use crate::scenario::{
    Choice, Ending, FatalKind, FlagIdx, MOOD_MAX, MOOD_MIN, NodeIdx, NodeKind, Pitfall, Scenario,
    Speaker, Technique,
};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use std::sync::Arc;
use thiserror::Error;

/// Who says something in the transcript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Who {
    /// Stage directions.
    Narrator,
    /// A role of the scenario (index into `Scenario::roles`).
    Role(usize),
    /// The trainee.
    Trainee,
}

/// One thing said, names already filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Utterance {
    /// Who said it.
    pub who: Who,
    /// What was said.
    pub text: String,
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// The ending reached.
    pub ending: Ending,
    /// True when the patient walked out because the mood fell below the threshold.
    pub walked_out: bool,
}

/// One decision the trainee made.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// Where.
    pub node: NodeIdx,
    /// The reply, as its 0-based position in the file.
    pub choice: usize,
    /// The fatal error made, if any.
    pub fatal: Option<FatalKind>,
    /// The pitfall fallen into, if any.
    pub pitfall: Option<Pitfall>,
    /// The techniques used.
    pub good: Vec<Technique>,
    /// Mood after the reply.
    pub mood_after: i32,
    /// Credit earned, 0.0..=1.0 (see `docs/scenario-format.md`).
    pub credit: f64,
    /// The best reply offered at that node (0-based file position).
    pub best: usize,
    /// True when the trainee rewound and chose again here.
    pub retried: bool,
}

/// What the trainee sees now.
#[derive(Debug, Clone, PartialEq)]
pub enum Step<'s> {
    /// A decision: the replies on offer, in presentation order.
    Decide {
        /// The node.
        node: NodeIdx,
        /// The replies: (0-based file position, the reply).
        offered: Vec<(usize, &'s Choice)>,
    },
    /// The run is over.
    Ended(Outcome),
}

/// The immediate result of a reply, for feedback.
#[derive(Debug, Clone, PartialEq)]
pub struct Reaction {
    /// The decision as recorded.
    pub decision: Decision,
    /// The patient's reaction, names filled in.
    pub thought: Option<String>,
    /// The coaching, names filled in.
    pub feedback: Option<String>,
    /// The best reply at that node when the one chosen was not among the best.
    pub better: Option<usize>,
    /// Set when this reply ended the run.
    pub outcome: Option<Outcome>,
}

/// A run summary for debriefs, stores and `--json`.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// How it ended; `None` if abandoned midway.
    pub outcome: Option<Outcome>,
    /// 0..=100.
    pub score: u8,
    /// Fatal errors by kind.
    pub fatal: FatalCounts,
    /// Pitfalls by kind, counted apart from the fatal errors.
    pub pitfalls: PitfallCounts,
    /// The mood at the start and after every decision.
    pub moods: Vec<i32>,
    /// Every decision.
    pub decisions: Vec<Decision>,
    /// Decisions taken again after a rewind.
    pub retries: u32,
}

/// Errors from driving the engine wrongly.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum EngineError {
    /// The position is not one of the replies on offer.
    #[error("there is no reply {0}; choose 1 to {1}")]
    NoSuchReply(usize, usize),
    /// The run is over.
    #[error("the conversation is over")]
    Over,
    /// Nothing to rewind.
    #[error("nothing to take back")]
    NothingToRewind,
}

#[derive(Debug, Clone)]
struct State {
    node: NodeIdx,
    flags: Vec<bool>,
    mood: i32,
    rng: StdRng,
    offered: Vec<usize>,
    transcript_len: usize,
    outcome: Option<Outcome>,
}

struct FactsView<'a> {
    flags: &'a [bool],
    mood: i32,
}

impl Facts for FactsView<'_> {
    fn flag(&self, f: FlagIdx) -> bool {
        self.flags.get(f.0 as usize).copied().unwrap_or(false)
    }
    fn mood(&self) -> i32 {
        self.mood
    }
}

/// How a run is played. One word for the command line, the trainer and the history.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Default,
    clap::ValueEnum,
    serde::Serialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Feedback after every reply, rewinding allowed.
    #[default]
    Practice,
    /// No feedback until the debrief.
    Exam,
    /// A group session on a projector (not a `--mode`: `frontdesk present` starts one).
    #[value(skip)]
    Group,
}

impl Mode {
    /// The word stored and printed.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Practice => "practice",
            Mode::Exam => "exam",
            Mode::Group => "group",
        }
    }

    /// True when each reply is followed by its feedback (practice); exam and group runs keep
    /// verdicts for the end or the trainer's reveal.
    pub fn gives_feedback(self) -> bool {
        self == Mode::Practice
    }

    /// The solo trainer's switch: practice and exam trade places.
    pub fn toggled(self) -> Self {
        match self {
            Mode::Practice => Mode::Exam,
            Mode::Exam => Mode::Practice,
            Mode::Group => Mode::Group,
        }
    }

    /// Reads a stored word.
    pub fn parse(word: &str) -> Option<Self> {
        [Mode::Practice, Mode::Exam, Mode::Group]
            .into_iter()
            .find(|m| m.as_str() == word)
    }
}

/// Options for a run.
#[derive(Debug, Clone, Copy)]
pub struct RunOptions {
    /// Seeds names, line variants and reply order.
    pub seed: u64,
    /// Shuffle the replies (the default), or keep file order.
    pub shuffle: bool,
}

impl Default for RunOptions {
    fn default() -> Self {
        Self {
            seed: 0,
            shuffle: true,
        }
    }
}

/// One trainee's walk through one scenario.
#[derive(Debug, Clone)]
pub struct Run {
    scenario: Arc<Scenario>,
    options: RunOptions,
    /// The name picked for each role: an index into the role's `names`.
    names: Vec<usize>,
    state: State,
    transcript: Vec<Utterance>,
    decisions: Vec<Decision>,
    moods: Vec<i32>,
    /// States before each decision, for rewinding.
    history: Vec<State>,
    retries: u32,
    /// Decision index that the next choice retries, if it follows a rewind.
    retrying: bool,
}

impl Run {
    /// Starts a run at the scenario's `start`. The run shares the scenario, so it can outlive
    /// the library it came from and cross threads.
    pub fn new(scenario: Arc<Scenario>, options: RunOptions) -> Self {
        let mut rng = StdRng::seed_from_u64(options.seed);
        let names = scenario
            .roles
            .iter()
            .map(|r| rng.random_range(0..r.names.len()))
            .collect();
        let start = scenario.start;
        let mood_start = scenario.mood.start;
        let flag_count = scenario.flags.len();
        let state = State {
            node: start,
            flags: vec![false; flag_count],
            mood: mood_start,
            rng,
            offered: Vec::new(),
            transcript_len: 0,
            outcome: None,
        };
        let mut run = Self {
            scenario,
            options,
            names,
            state,
            transcript: Vec::new(),
            decisions: Vec::new(),
            moods: vec![mood_start],
            history: Vec::new(),
            retries: 0,
            retrying: false,
        };
        run.enter(start);
        run
    }

    /// The scenario being played.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The scenario being played, shared.
    pub fn scenario_arc(&self) -> &Arc<Scenario> {
        &self.scenario
    }

    /// The seed this run was started with.
    pub fn seed(&self) -> u64 {
        self.options.seed
    }

    /// The name picked for each role this run (the nominative).
    pub fn role_name(&self, role: usize) -> &str {
        &self.scenario.roles[role].names[self.names[role]].nom
    }

    /// The current node.
    pub fn node(&self) -> NodeIdx {
        self.state.node
    }

    /// The current mood, -10..=10.
    pub fn mood(&self) -> i32 {
        self.state.mood
    }

    /// Everything said so far.
    pub fn transcript(&self) -> &[Utterance] {
        &self.transcript
    }

    /// The decisions made so far.
    pub fn decisions(&self) -> &[Decision] {
        &self.decisions
    }

    /// True once an ending is reached.
    pub fn is_over(&self) -> bool {
        self.state.outcome.is_some()
    }

    /// The ending, once reached.
    pub fn outcome(&self) -> Option<Outcome> {
        self.state.outcome
    }

    /// Fills role names into a scenario text.
    /// `{role}` is the picked name's nominative, `{role.gen}` its genitive and so on (the
    /// loader made sure every name of the role has each form a text uses).
    pub fn fill(&self, text: &str) -> String {
        substitute(text, |word| {
            self.scenario
                .roles
                .iter()
                .enumerate()
                .find_map(|(i, r)| r.fill(word, self.names[i]))
        })
    }

    /// What to show now.
    pub fn step(&self) -> Step<'_> {
        if let Some(o) = self.state.outcome {
            return Step::Ended(o);
        }
        let choices = self.scenario.node(self.state.node).choices();
        Step::Decide {
            node: self.state.node,
            offered: self
                .state
                .offered
                .iter()
                .map(|&i| (i, &choices[i]))
                .collect(),
        }
    }

    /// The replies on offer as 0-based file positions, in presentation order.
    pub fn offered(&self) -> &[usize] {
        &self.state.offered
    }

    fn enter(&mut self, idx: NodeIdx) {
        self.state.node = idx;
        let scenario = Arc::clone(&self.scenario);
        let node = scenario.node(idx);
        for line in &node.lines {
            let v = if line.variants.len() > 1 {
                self.state.rng.random_range(0..line.variants.len())
            } else {
                0
            };
            let who = match line.speaker {
                Speaker::Narrator => Who::Narrator,
                Speaker::Role(r) => Who::Role(r),
            };
            let text = self.fill(&line.variants[v]);
            self.transcript.push(Utterance { who, text });
        }
        match &node.kind {
            NodeKind::Ending { ending, text } => self.end(
                Outcome {
                    ending: *ending,
                    walked_out: false,
                },
                text.as_deref(),
            ),
            NodeKind::Decision { choices } => {
                let facts = FactsView {
                    flags: &self.state.flags,
                    mood: self.state.mood,
                };
                let mut offered: Vec<usize> = choices
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.condition.as_ref().is_none_or(|k| k.holds(&facts)))
                    .map(|(i, _)| i)
                    .collect();
                if self.options.shuffle {
                    offered.shuffle(&mut self.state.rng);
                }
                self.state.offered = offered;
            }
        }
    }

    /// The trainee picks the reply at `position` (0-based, in presentation order).
    pub fn choose(&mut self, position: usize) -> Result<Reaction, EngineError> {
        if self.is_over() {
            return Err(EngineError::Over);
        }
        let Some(&file_index) = self.state.offered.get(position) else {
            return Err(EngineError::NoSuchReply(
                position + 1,
                self.state.offered.len(),
            ));
        };
        let mut before = self.state.clone();
        before.transcript_len = self.transcript.len();
        self.history.push(before);

        let node_idx = self.state.node;
        let scenario = Arc::clone(&self.scenario);
        let node = scenario.node(node_idx);
        let choices = node.choices();
        let choice = &choices[file_index];
        let offered: Vec<&Choice> = self.state.offered.iter().map(|&i| &choices[i]).collect();
        let best = best_reply(choices, &self.state.offered).unwrap_or(file_index);
        let mut credit = decision_credit(choice, &offered);
        if self.retrying {
            credit *= 0.5;
            self.retries += 1;
        }

        self.transcript.push(Utterance {
            who: Who::Trainee,
            text: self.fill(&choice.text),
        });
        self.state.mood = (self.state.mood + choice.mood).clamp(MOOD_MIN, MOOD_MAX);
        for f in &choice.set {
            self.state.flags[f.0 as usize] = true;
        }
        for f in &choice.unset {
            self.state.flags[f.0 as usize] = false;
        }
        let decision = Decision {
            node: node_idx,
            choice: file_index,
            fatal: choice.fatal,
            pitfall: choice.pitfall,
            good: choice.good.clone(),
            mood_after: self.state.mood,
            credit,
            best,
            retried: self.retrying,
        };
        self.retrying = false;
        self.decisions.push(decision.clone());
        self.moods.push(self.state.mood);

        let walked_out = self
            .scenario
            .mood
            .leave_below
            .is_some_and(|l| self.state.mood < l);
        if walked_out {
            self.end(
                Outcome {
                    ending: Ending::Lost,
                    walked_out: true,
                },
                scenario.mood.walk_out.as_deref(),
            );
        } else {
            let target = self.next_of(choice);
            self.enter(target);
        }
        let better = better_reply(choices, &[best], file_index);
        Ok(Reaction {
            decision,
            thought: choice.thought.as_deref().map(|t| self.fill(t)),
            feedback: choice.feedback.as_deref().map(|t| self.fill(t)),
            better,
            outcome: self.state.outcome,
        })
    }

    /// Ends the run, with a closing line from the narrator if there is one.
    fn end(&mut self, outcome: Outcome, closing: Option<&str>) {
        if let Some(t) = closing {
            let text = self.fill(t);
            self.transcript.push(Utterance {
                who: Who::Narrator,
                text,
            });
        }
        self.state.offered.clear();
        self.state.outcome = Some(outcome);
    }

    fn next_of(&self, choice: &Choice) -> NodeIdx {
        let facts = FactsView {
            flags: &self.state.flags,
            mood: self.state.mood,
        };
        match &choice.next {
            crate::scenario::Next::To(n) => *n,
            crate::scenario::Next::Branches { branches, fallback } => branches
                .iter()
                .find(|(c, _)| c.holds(&facts))
                .map_or(*fallback, |(_, n)| *n),
        }
    }

    /// Takes back the last decision: the trainee stands at that node again, with the same
    /// replies in the same order. The next choice there counts as a retry.
    pub fn rewind(&mut self) -> Result<(), EngineError> {
        let before = self.history.pop().ok_or(EngineError::NothingToRewind)?;
        self.transcript.truncate(before.transcript_len);
        self.state = before;
        self.decisions.pop();
        self.moods.pop();
        self.retrying = true;
        Ok(())
    }

    /// Moves the conversation to `idx`, keeping flags and mood (for authors' live preview, when
    /// an edited file no longer leads where the trainee was).
    pub fn goto(&mut self, idx: NodeIdx) {
        self.state.outcome = None;
        self.enter(idx);
    }

    /// The same run on an edited version of the scenario: the same seed, the same replies as
    /// long as they still exist and are offered, and the trainee back at the node they were at
    /// if it still exists.
    pub fn replay_onto(&self, edited: Arc<Scenario>) -> Run {
        let mut run = Run::new(Arc::clone(&edited), self.options);
        for d in &self.decisions {
            let here = &self.scenario.node(d.node).id;
            if run.is_over() || edited.node(run.node()).id != *here {
                break;
            }
            match run.offered().iter().position(|&i| i == d.choice) {
                Some(p) => {
                    let _ = run.choose(p);
                }
                None => break,
            }
        }
        let was = &self.scenario.node(self.node()).id;
        if edited.node(run.node()).id != *was
            && let Some(idx) = edited.node_index(was)
        {
            run.goto(idx);
        }
        run
    }

    /// The score and counts so far (final once the run is over).
    pub fn summary(&self) -> Summary {
        Summary {
            outcome: self.state.outcome,
            score: score(&self.decisions),
            fatal: FatalCounts::of(&self.decisions),
            pitfalls: PitfallCounts::of(&self.decisions),
            moods: self.moods.clone(),
            decisions: self.decisions.clone(),
            retries: self.retries,
        }
    }
}

#[cfg(test)]
mod tests;
