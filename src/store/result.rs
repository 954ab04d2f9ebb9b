//! What a run comes to: the one record that is stored, read back, printed by `play --json`,
//! listed by `history --json` and exported by `export --format json`.
//!
//! The JSON shape is documented in `docs/runs.md`; `docs/run.schema.json` is generated from
//! these types by [`run_schema`].

use crate::engine::group::{Decider, GroupSession, letter, most_voted};
use crate::engine::{FatalCounts, Mode, PitfallCounts, Run};
use crate::scenario::{Ending, FatalKind, Pitfall, Technique};
use chrono::{DateTime, SecondsFormat, Utc};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Serialize, Serializer};
use std::borrow::Cow;
use std::fmt::Display;

/// Whether a run reached an ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RunStatus {
    /// The conversation reached an ending.
    Finished,
    /// The trainee left midway (the run has no outcome and no score).
    Abandoned,
}

impl RunStatus {
    /// The word stored and printed.
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Finished => "finished",
            RunStatus::Abandoned => "abandoned",
        }
    }

    /// Reads a stored word.
    pub fn parse(word: &str) -> Option<Self> {
        [RunStatus::Finished, RunStatus::Abandoned]
            .into_iter()
            .find(|s| s.as_str() == word)
    }
}

/// One run: who played which scenario version how, and how it went.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(title = "frontdesk run", deny_unknown_fields, transform = every_field_required)]
pub struct RunResult {
    /// A random id (32 hex digits), unique across stores, for merging exports.
    #[schemars(regex(pattern = "^[0-9a-f]{32}$"))]
    pub run_id: String,
    /// Who played.
    pub trainee: String,
    /// The scenario's id.
    pub scenario: String,
    /// The scenario's language.
    pub lang: String,
    /// A hash of the scenario file (16 hex digits): runs of a changed file are not compared with
    /// runs of the old one.
    pub scenario_hash: String,
    /// How the run was played.
    pub mode: Mode,
    /// The seed (names, line variants, reply order). A decimal string: a 64-bit number does not
    /// survive JSON readers that use doubles.
    #[serde(serialize_with = "decimal")]
    #[schemars(with = "SeedText")]
    pub seed: u64,
    /// When the run started (RFC 3339, UTC, to the second).
    #[serde(serialize_with = "rfc3339")]
    #[schemars(with = "Timestamp")]
    pub started_at: DateTime<Utc>,
    /// When it ended or was left (RFC 3339, UTC, to the second).
    #[serde(serialize_with = "rfc3339")]
    #[schemars(with = "Timestamp")]
    pub ended_at: DateTime<Utc>,
    /// Whether it reached an ending.
    pub status: RunStatus,
    /// The ending reached; null for an abandoned run.
    #[serde(serialize_with = "word_or_null")]
    #[schemars(with = "Option<EndingWord>")]
    pub outcome: Option<Ending>,
    /// The patient walked out because the mood fell too low.
    pub walked_out: bool,
    /// 0 to 100 (100 only without a single fatal error or pitfall); null for an abandoned run.
    #[schemars(range(max = 100))]
    pub score: Option<u8>,
    /// Fatal errors made, by kind.
    pub fatal: FatalCounts,
    /// Pitfalls fallen into, by kind (counted apart from the fatal errors).
    pub pitfalls: PitfallCounts,
    /// Decisions taken again after a rewind.
    pub retries: u32,
    /// Every decision, in order.
    pub decisions: Vec<DecisionResult>,
    /// For a group session (mode `group`): who ran it with whom, and how the room voted;
    /// null for a trainee's own run.
    pub group: Option<GroupResult>,
}

/// A group session as the room played it.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields, transform = every_field_required)]
pub struct GroupResult {
    /// The trainer's name (`--trainer`), if given.
    pub trainer: Option<String>,
    /// The group's name (`--group`), if given.
    pub group: Option<String>,
    /// The most hands counted in any round.
    pub headcount: u32,
    /// Played as an exam: verdicts were kept for the debrief.
    pub exam: bool,
    /// Per decision, in order: the room's votes and whose choice the reply was.
    pub decisions: Vec<GroupDecisionResult>,
}

/// How the room voted at one decision and who took the reply.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields, transform = every_field_required)]
pub struct GroupDecisionResult {
    /// 1-based position in the run (the step of the matching decision).
    #[schemars(range(min = 1))]
    pub step: u32,
    /// Votes per letter, in letter order as shown to the room.
    pub votes: Vec<LetterVotes>,
    /// The letter taken.
    pub chosen: char,
    /// Whose choice it was.
    pub decided_by: DecidedBy,
    /// The room's most-voted letter when one letter had the most votes, else null.
    pub room: Option<char>,
    /// The letters tied for the most votes (empty unless there was a tie).
    pub tied: Vec<char>,
}

/// One letter's reply and its votes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields, transform = every_field_required)]
pub struct LetterVotes {
    /// The letter shown to the room.
    pub letter: char,
    /// The reply, as its 1-based position in the file.
    #[schemars(range(min = 1))]
    pub choice: u32,
    /// Hands counted for it.
    pub votes: u32,
}

/// Whose choice a group's reply was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DecidedBy {
    /// The room's most-voted letter was taken.
    Room,
    /// The trainer took another letter than the room's.
    Trainer,
    /// Letters tied; the trainer picked.
    Tie,
    /// Nobody voted; the trainer picked.
    NoVotes,
}

impl DecidedBy {
    /// The word stored and printed.
    pub fn as_str(self) -> &'static str {
        match self {
            DecidedBy::Room => "room",
            DecidedBy::Trainer => "trainer",
            DecidedBy::Tie => "tie",
            DecidedBy::NoVotes => "no_votes",
        }
    }

    /// Reads a stored word.
    pub fn parse(word: &str) -> Option<Self> {
        [Self::Room, Self::Trainer, Self::Tie, Self::NoVotes]
            .into_iter()
            .find(|d| d.as_str() == word)
    }

    fn of(d: &Decider) -> Self {
        match d {
            Decider::Room(_) => Self::Room,
            Decider::Trainer { .. } => Self::Trainer,
            Decider::Tie(_) => Self::Tie,
            Decider::NoVotes => Self::NoVotes,
        }
    }
}

impl GroupDecisionResult {
    /// A decision from its tally (letter order), the letter taken and whose choice it was; the
    /// room's letter and a tie are read from the tally.
    pub fn new(step: u32, votes: Vec<LetterVotes>, chosen: char, decided_by: DecidedBy) -> Self {
        let counts: Vec<u32> = votes.iter().map(|v| v.votes).collect();
        let at = |i: usize| votes.get(i).map_or(letter(i), |v| v.letter);
        let top = most_voted(&counts);
        let (room, tied) = match top.as_slice() {
            [one] => (Some(at(*one)), Vec::new()),
            [] => (None, Vec::new()),
            _ => (None, top.into_iter().map(at).collect()),
        };
        Self {
            step,
            votes,
            chosen,
            decided_by,
            room,
            tied,
        }
    }
}

impl GroupResult {
    /// What is recorded of a group session as it stands now.
    pub fn of(g: &GroupSession) -> Self {
        let decisions = g
            .log()
            .iter()
            .enumerate()
            .map(|(n, d)| {
                let votes = d
                    .offered
                    .iter()
                    .zip(&d.votes)
                    .enumerate()
                    .map(|(i, (&file, &votes))| LetterVotes {
                        letter: letter(i),
                        choice: file as u32 + 1,
                        votes,
                    })
                    .collect();
                GroupDecisionResult::new(
                    n as u32 + 1,
                    votes,
                    letter(d.chosen),
                    DecidedBy::of(&d.decided),
                )
            })
            .collect();
        let info = g.info();
        Self {
            trainer: info.trainer.clone(),
            group: info.group.clone(),
            headcount: g.headcount(),
            exam: !g.reveals_each_decision(),
            decisions,
        }
    }
}

/// One reply the trainee gave.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields, transform = every_field_required)]
pub struct DecisionResult {
    /// 1-based position in the run.
    #[schemars(range(min = 1))]
    pub step: u32,
    /// The id of the node in the scenario file.
    pub node: String,
    /// The reply chosen, as its 1-based position in the file (not on screen, where replies are
    /// shuffled).
    #[schemars(range(min = 1))]
    pub choice: u32,
    /// The best reply on offer there, as its 1-based position in the file.
    #[schemars(range(min = 1))]
    pub best_choice: u32,
    /// The fatal error the reply made, if any.
    #[serde(serialize_with = "word_or_null")]
    #[schemars(with = "Option<FatalWord>")]
    pub fatal: Option<FatalKind>,
    /// The pitfall the reply fell into, if any.
    #[serde(serialize_with = "word_or_null")]
    #[schemars(with = "Option<PitfallWord>")]
    pub pitfall: Option<Pitfall>,
    /// The techniques the reply used.
    #[serde(serialize_with = "words")]
    #[schemars(with = "Vec<TechniqueWord>")]
    pub good: Vec<Technique>,
    /// The patient's mood after the reply.
    pub mood: i32,
    /// Taken again after a rewind.
    pub retried: bool,
}

impl RunResult {
    /// The result of `run` as it stands now: finished, or abandoned if not over.
    pub fn of(
        run: &Run,
        trainee: &str,
        scenario_hash: &str,
        mode: Mode,
        started_at: DateTime<Utc>,
        ended_at: DateTime<Utc>,
    ) -> Self {
        let s = run.scenario();
        let summary = run.summary();
        let finished = summary.outcome.is_some();
        let decisions = summary
            .decisions
            .iter()
            .enumerate()
            .map(|(i, d)| DecisionResult {
                step: i as u32 + 1,
                node: s.node(d.node).id.clone(),
                choice: d.choice as u32 + 1,
                best_choice: d.best as u32 + 1,
                fatal: d.fatal,
                pitfall: d.pitfall,
                good: d.good.clone(),
                mood: d.mood_after,
                retried: d.retried,
            })
            .collect();
        Self {
            run_id: format!("{:032x}", rand::random::<u128>()),
            trainee: trainee.to_string(),
            scenario: s.id.0.clone(),
            lang: s.lang.0.clone(),
            scenario_hash: scenario_hash.to_string(),
            mode,
            seed: run.seed(),
            started_at,
            ended_at,
            status: if finished {
                RunStatus::Finished
            } else {
                RunStatus::Abandoned
            },
            outcome: summary.outcome.map(|o| o.ending),
            walked_out: summary.outcome.is_some_and(|o| o.walked_out),
            score: finished.then_some(summary.score),
            fatal: summary.fatal,
            pitfalls: summary.pitfalls,
            retries: summary.retries,
            decisions,
            group: None,
        }
    }

    /// The result of a group session as it stands now (mode `group`, with the room's votes).
    pub fn of_group(
        g: &GroupSession,
        trainee: &str,
        scenario_hash: &str,
        started_at: DateTime<Utc>,
        ended_at: DateTime<Utc>,
    ) -> Self {
        let mut r = Self::of(
            g.run(),
            trainee,
            scenario_hash,
            Mode::Group,
            started_at,
            ended_at,
        );
        r.group = Some(GroupResult::of(g));
        r
    }

    /// True for a group session (kept out of a trainee's own figures).
    pub fn is_group(&self) -> bool {
        self.mode == Mode::Group
    }

    /// True for a finished run.
    pub fn finished(&self) -> bool {
        self.status == RunStatus::Finished
    }

    /// The techniques used, over all decisions.
    pub fn techniques(&self) -> impl Iterator<Item = Technique> + '_ {
        self.decisions.iter().flat_map(|d| d.good.iter().copied())
    }
}

/// RFC 3339 in UTC, to the second: sorts as text.
pub fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The JSON Schema of a run (`docs/run.schema.json`), pretty-printed with a final newline.
pub fn run_schema() -> String {
    let schema = schemars::schema_for!(RunResult);
    serde_json::to_string_pretty(&schema).expect("a schema is JSON") + "\n"
}

/// Every field is always written, `null` when it has no value: the schema says so.
fn every_field_required(schema: &mut Schema) {
    let keys: Option<Vec<serde_json::Value>> = schema
        .get("properties")
        .and_then(|p| p.as_object())
        .map(|p| p.keys().cloned().map(Into::into).collect());
    if let Some(keys) = keys {
        schema.insert("required".into(), keys.into());
    }
}

fn decimal<S: Serializer>(n: &u64, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(n)
}

fn rfc3339<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&timestamp(*t))
}

fn word_or_null<T: Display, S: Serializer>(w: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
    match w {
        Some(w) => s.collect_str(w),
        None => s.serialize_none(),
    }
}

fn words<T: Display, S: Serializer>(ws: &[T], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(ws.iter().map(ToString::to_string))
}

/// Schemas for values written as strings: the scenario vocabulary, times and seeds.
macro_rules! string_schema {
    ($(#[$doc:meta])* $name:ident, $title:literal, $schema:expr) => {
        $(#[$doc])*
        struct $name;

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                Cow::Borrowed($title)
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                $schema
            }
        }
    };
}

string_schema!(
    /// An ending's word.
    EndingWord,
    "Ending",
    json_schema!({
        "description": "How the conversation ended.",
        "type": "string",
        "enum": Ending::WORDS,
    })
);
string_schema!(
    /// A fatal error's word.
    FatalWord,
    "FatalKind",
    json_schema!({
        "description": "One of the three fatal errors.",
        "type": "string",
        "enum": FatalKind::WORDS,
    })
);
string_schema!(
    /// A pitfall's word.
    PitfallWord,
    "Pitfall",
    json_schema!({
        "description": "A pitfall: giving in, over-promising, overstepping, passing the problem up.",
        "type": "string",
        "enum": Pitfall::WORDS,
    })
);
string_schema!(
    /// A technique's word.
    TechniqueWord,
    "Technique",
    json_schema!({
        "description": "A technique a good reply uses.",
        "type": "string",
        "enum": Technique::WORDS,
    })
);
string_schema!(
    /// A time as stored.
    Timestamp,
    "Timestamp",
    json_schema!({
        "description": "RFC 3339, UTC, to the second.",
        "type": "string",
        "format": "date-time",
    })
);
string_schema!(
    /// A seed as text.
    SeedText,
    "Seed",
    json_schema!({
        "description": "A 64-bit unsigned seed, in decimal.",
        "type": "string",
        "pattern": "^[0-9]{1,20}$",
    })
);
