//! The checked scenario: what exists here has passed the validator.
//!
//! The vocabularies (settings, fatal errors, techniques, endings) are defined here, each once,
//! with the `vocabulary!` macro. To add a word, add it here: the loader, its did-you-mean
//! hints, the serde file types, `frontdesk schema`, the Twine importer and the command line all
//! take their words from these definitions (the test at the end of this file checks that they
//! agree). The compiler then points at the one thing a word cannot bring along: its label in
//! the interface's other languages (`i18n.rs`).

use super::condition::Condition;
use super::diagnostic::Mark;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A scenario id such as `child-patient`: `[a-z0-9-]+`, the same in every language.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ScenarioId(pub String);

impl fmt::Display for ScenarioId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A language code such as `en` or `ru`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LangCode(pub String);

impl fmt::Display for LangCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Index of a node in [`Scenario::nodes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeIdx(pub u32);

impl NodeIdx {
    /// The index as `usize`.
    pub fn get(self) -> usize {
        self.0 as usize
    }
}

/// Index of a flag in [`Scenario::flags`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FlagIdx(pub u32);

/// Defines one vocabulary: the enum and everything that spells its words. Each `Variant =>
/// "word"` pair below is the only place that word is written; the macro derives the rest:
///
/// - `ALL` and `WORDS`, in the documented order (lists, statistics, did-you-mean hints);
/// - `as_str` / `parse` and `Display`, the word in scenario files (the located loader);
/// - serde and the JSON Schema (`format.rs`, `frontdesk schema`, the Twine importer);
/// - clap's `ValueEnum` (command-line options such as `frontdesk new --setting`).
macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $word:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash,
            Serialize, Deserialize, JsonSchema, clap::ValueEnum,
        )]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $word)] #[value(name = $word)] $variant),+
        }

        impl $name {
            /// Every value, in the documented order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// Every value's word, in the documented order.
            pub const WORDS: &'static [&'static str] = &[$($word),+];

            /// The position in [`Self::ALL`] (for per-kind tallies).
            pub fn index(self) -> usize {
                self as usize
            }

            /// The word used in scenario files.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }

            /// Parses the word used in scenario files.
            pub fn parse(word: &str) -> Option<Self> {
                match word { $($word => Some($name::$variant),)+ _ => None }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary! {
    /// Where the conversation happens.
    Setting {
        /// The patient stands at the desk.
        Desk => "desk",
        /// A phone call.
        Phone => "phone",
    }
}

vocabulary! {
    /// The three fatal errors that lose patients.
    FatalKind {
        /// Explaining why it is not your fault or why the rules are so.
        Justifying => "justifying",
        /// Not engaging with the problem or the feeling.
        Ignoring => "ignoring",
        /// Blaming or scolding the patient.
        CounterAttacking => "counter-attacking",
    }
}

vocabulary! {
    /// Pitfalls: replies that are not one of the three fatal errors but still teach the wrong
    /// lesson. A pitfall scores nothing for its decision, like a fatal error, and is counted on
    /// its own.
    Pitfall {
        /// Doing what the desk should not, to make the pressure stop: delivering the referral
        /// home, refunding on the spot without authority, booking the adults-only doctor for a
        /// baby "just this once".
        GivingIn => "giving-in",
        /// Promising what the desk cannot guarantee: "the doctor will definitely call you
        /// today", "it won't happen again".
        OverPromising => "over-promising",
        /// Medical advice or clinical thresholds, or someone else's private data (a doctor's
        /// private mobile, a relative's test results).
        Overstepping => "overstepping",
        /// Handing the desk's own job to the doctor or the manager: "ask the doctor yourself",
        /// "take it up with the director".
        PassingUp => "passing-up",
    }
}

vocabulary! {
    /// The grammatical case forms a role's name may be given in, for `{role.FORM}`
    /// placeholders (Russian, Bulgarian). `{role}` alone is the nominative.
    CaseForm {
        /// Nominative (the name as written alone); required in a map of forms.
        Nom => "nom",
        /// Genitive.
        Gen => "gen",
        /// Dative.
        Dat => "dat",
        /// Accusative.
        Acc => "acc",
        /// Instrumental.
        Ins => "ins",
        /// Prepositional.
        Pre => "pre",
        /// Vocative ("Госпожо Иванова" in Bulgarian).
        Voc => "voc",
    }
}

vocabulary! {
    /// What works instead: the techniques a good reply uses.
    Technique {
        /// One short phrase of understanding, then the solution.
        Acknowledge => "acknowledge",
        /// Open questions before acting.
        Clarify => "clarify",
        /// Saying "no" politely and holding it.
        Boundary => "boundary",
        /// Using the compensation authority the desk has.
        Compensate => "compensate",
        /// Passing the patient on with care.
        Refer => "refer",
        /// Offering a call back.
        FollowUp => "follow-up",
        /// Letting the patient finish, reflecting the feeling.
        ActiveListening => "active-listening",
        /// "Did I answer your questions?"
        CheckUnderstanding => "check-understanding",
        /// Addressing the patient by name.
        UseName => "use-name",
        /// Telling early and concretely.
        Inform => "inform",
        /// Recording the complaint or the visit.
        Document => "document",
        /// A concrete next step.
        Solve => "solve",
    }
}

vocabulary! {
    /// How a conversation ends.
    Ending {
        /// The patient stays with the clinic.
        Retained => "retained",
        /// The clinic could not help but passed the patient on with care.
        Referred => "referred",
        /// A complaint goes further.
        Escalated => "escalated",
        /// The patient leaves and will not come back.
        Lost => "lost",
    }
}

impl Ending {
    /// True for the endings a clinic wants.
    pub fn is_good(self) -> bool {
        matches!(self, Ending::Retained | Ending::Referred)
    }
}

/// Who says a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Speaker {
    /// Stage directions.
    Narrator,
    /// A declared role, by index into [`Scenario::roles`].
    Role(usize),
}

/// A role other than the trainee: its key and the names one is picked from per run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    /// The key used in `lines` and `{placeholders}`.
    pub key: String,
    /// One is picked per run.
    pub names: Vec<RoleName>,
}

/// One name of a role, with the case forms the file gives (at least the nominative).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleName {
    /// The nominative: `{role}`.
    pub nom: String,
    /// Other forms, each at most once: `{role.gen}` and so on.
    pub forms: Vec<(CaseForm, String)>,
}

impl RoleName {
    /// A name given as plain text: the nominative only.
    pub fn plain(nom: impl Into<String>) -> Self {
        Self {
            nom: nom.into(),
            forms: Vec::new(),
        }
    }

    /// The name in a form, if the file gives it (the nominative always).
    pub fn form(&self, form: CaseForm) -> Option<&str> {
        if form == CaseForm::Nom {
            return Some(&self.nom);
        }
        self.forms
            .iter()
            .find(|(f, _)| *f == form)
            .map(|(_, s)| s.as_str())
    }
}

impl Role {
    /// Looks up a placeholder's word, `key` or `key.form`, in name `at` of this role: `None`
    /// when the key is another role's, or the form is unknown or missing for that name.
    pub fn fill(&self, word: &str, at: usize) -> Option<&str> {
        let (key, form) = match word.split_once('.') {
            Some((k, f)) => (k, CaseForm::parse(f)?),
            None => (word, CaseForm::Nom),
        };
        if key != self.key {
            return None;
        }
        self.names.get(at)?.form(form)
    }
}

/// One line said on arriving at a node; one variant is picked per visit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Who says it.
    pub speaker: Speaker,
    /// The variants, at least one.
    pub variants: Vec<String>,
}

/// Where a reply leads.
#[derive(Debug, Clone, PartialEq)]
pub enum Next {
    /// Always this node.
    To(NodeIdx),
    /// The first branch whose condition holds, else the fallback.
    Branches {
        /// Conditions tried in order.
        branches: Vec<(Condition, NodeIdx)>,
        /// Taken when none holds.
        fallback: NodeIdx,
    },
}

impl Next {
    /// Every node this may lead to.
    pub fn targets(&self) -> impl Iterator<Item = NodeIdx> + '_ {
        let (branches, last): (&[(Condition, NodeIdx)], NodeIdx) = match self {
            Next::To(n) => (&[], *n),
            Next::Branches { branches, fallback } => (branches, *fallback),
        };
        branches
            .iter()
            .map(|(_, n)| *n)
            .chain(std::iter::once(last))
    }
}

/// A reply the trainee can give.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// What the trainee says.
    pub text: String,
    /// The fatal error it makes, if any.
    pub fatal: Option<FatalKind>,
    /// The pitfall it falls into, if any (never together with `fatal` or `good`).
    pub pitfall: Option<Pitfall>,
    /// The techniques it uses.
    pub good: Vec<Technique>,
    /// Mood change.
    pub mood: i32,
    /// Flags it sets.
    pub set: Vec<FlagIdx>,
    /// Flags it clears.
    pub unset: Vec<FlagIdx>,
    /// Offered only when this holds.
    pub condition: Option<Condition>,
    /// The patient's reaction, in their voice.
    pub thought: Option<String>,
    /// The coaching.
    pub feedback: Option<String>,
    /// Where it leads.
    pub next: Next,
    /// Where the reply starts in the file.
    pub mark: Mark,
}

/// How a reply is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Quality {
    /// One of the three fatal errors.
    Fatal,
    /// A pitfall: scored like a fatal error, counted apart.
    Pitfall,
    /// Neither fatal, pitfall nor good.
    Neutral,
    /// Uses at least one technique.
    Good,
}

impl Choice {
    /// Fatal, pitfall, neutral or good.
    pub fn quality(&self) -> Quality {
        if self.fatal.is_some() {
            Quality::Fatal
        } else if self.pitfall.is_some() {
            Quality::Pitfall
        } else if self.good.is_empty() {
            Quality::Neutral
        } else {
            Quality::Good
        }
    }

    /// A fatal error or a pitfall: the replies that score nothing and are drawn as wrong.
    pub fn is_wrong(&self) -> bool {
        matches!(self.quality(), Quality::Fatal | Quality::Pitfall)
    }
}

/// What a node is: a decision or an ending.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    /// The trainee replies.
    Decision {
        /// At least one, and at least one without a condition.
        choices: Vec<Choice>,
    },
    /// The run ends here.
    Ending {
        /// How it ended.
        ending: Ending,
        /// A closing line.
        text: Option<String>,
    },
}

/// A point in the conversation.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The node id from the file.
    pub id: String,
    /// What is said on arriving.
    pub lines: Vec<Line>,
    /// A question for group sessions.
    pub discuss: Option<String>,
    /// Decision or ending.
    pub kind: NodeKind,
    /// Where the node starts in the file.
    pub mark: Mark,
}

impl Node {
    /// The replies, empty for an ending.
    pub fn choices(&self) -> &[Choice] {
        match &self.kind {
            NodeKind::Decision { choices } => choices,
            NodeKind::Ending { .. } => &[],
        }
    }

    /// The ending, if this is one.
    pub fn ending(&self) -> Option<Ending> {
        match &self.kind {
            NodeKind::Ending { ending, .. } => Some(*ending),
            NodeKind::Decision { .. } => None,
        }
    }
}

/// The patient's mood settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoodRules {
    /// Mood at the start, -10..10.
    pub start: i32,
    /// Below this the patient walks out.
    pub leave_below: Option<i32>,
    /// Shown when the patient walks out.
    pub walk_out: Option<String>,
}

/// Lowest mood.
pub const MOOD_MIN: i32 = -10;
/// Highest mood.
pub const MOOD_MAX: i32 = 10;

/// A checked scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// The id, the same across languages.
    pub id: ScenarioId,
    /// The language.
    pub lang: LangCode,
    /// Shown in lists.
    pub title: String,
    /// Shown beside lists.
    pub summary: String,
    /// Where the case comes from.
    pub source: Option<String>,
    /// Desk or phone.
    pub setting: Setting,
    /// 1..3.
    pub difficulty: u8,
    /// Speaking roles; `patient` is among them.
    pub roles: Vec<Role>,
    /// Mood settings.
    pub mood: MoodRules,
    /// The first node.
    pub start: NodeIdx,
    /// All nodes.
    pub nodes: Vec<Node>,
    /// Flag names, indexed by [`FlagIdx`].
    pub flags: Vec<String>,
}

/// What lists show of a scenario: known for a bundled file without parsing it (the build
/// checked the file and wrote these down), and taken from the scenario for any other file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The id, the same across languages.
    pub id: ScenarioId,
    /// The language.
    pub lang: LangCode,
    /// Shown in lists.
    pub title: String,
    /// Shown beside lists.
    pub summary: String,
    /// Where the case comes from.
    pub source: Option<String>,
    /// Desk or phone.
    pub setting: Setting,
    /// 1..3.
    pub difficulty: u8,
}

impl Scenario {
    /// What lists show of this scenario.
    pub fn header(&self) -> Header {
        Header {
            id: self.id.clone(),
            lang: self.lang.clone(),
            title: self.title.clone(),
            summary: self.summary.clone(),
            source: self.source.clone(),
            setting: self.setting,
            difficulty: self.difficulty,
        }
    }

    /// The node behind an index.
    pub fn node(&self, idx: NodeIdx) -> &Node {
        &self.nodes[idx.get()]
    }

    /// The index of the node with this id.
    pub fn node_index(&self, id: &str) -> Option<NodeIdx> {
        self.nodes
            .iter()
            .position(|n| n.id == id)
            .map(|i| NodeIdx(i as u32))
    }

    /// Number of decision nodes.
    pub fn decision_count(&self) -> usize {
        self.nodes.iter().filter(|n| n.ending().is_none()).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::ValueEnum;
    use serde::de::DeserializeOwned;

    /// The words a JSON Schema enum allows, written either as `enum` or as `oneOf` consts.
    fn schema_words<T: JsonSchema>() -> Vec<String> {
        let schema = serde_json::to_value(schemars::schema_for!(T)).unwrap();
        let as_string = |v: &serde_json::Value| v.as_str().unwrap().to_string();
        match schema.get("enum") {
            Some(words) => words.as_array().unwrap().iter().map(as_string).collect(),
            None => schema["oneOf"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| as_string(&v["const"]))
                .collect(),
        }
    }

    /// Every way the vocabulary is spelled gives the same words in the same order.
    fn agree<T>(
        all: &[T],
        words: &[&str],
        as_str: fn(T) -> &'static str,
        parse: fn(&str) -> Option<T>,
    ) where
        T: Copy + PartialEq + fmt::Debug + fmt::Display,
        T: Serialize + DeserializeOwned + JsonSchema + ValueEnum,
    {
        let own: Vec<&str> = all.iter().map(|v| as_str(*v)).collect();
        assert_eq!(own, words, "ALL and WORDS");
        for (v, w) in all.iter().zip(words) {
            assert_eq!(parse(w), Some(*v), "parse({w})");
            assert_eq!(v.to_string(), *w, "Display");
            assert_eq!(serde_json::to_value(v).unwrap(), *w, "serde out");
            assert_eq!(
                serde_json::from_value::<T>((*w).into()).unwrap(),
                *v,
                "serde in"
            );
            let clap = v.to_possible_value().unwrap();
            assert_eq!(clap.get_name(), *w, "clap");
        }
        assert_eq!(T::value_variants(), all, "clap variants");
        assert_eq!(schema_words::<T>(), words, "JSON Schema");
        assert_eq!(parse("no-such-word"), None);
    }

    #[test]
    fn every_vocabulary_is_spelled_the_same_everywhere() {
        agree(
            Setting::ALL,
            Setting::WORDS,
            Setting::as_str,
            Setting::parse,
        );
        agree(
            FatalKind::ALL,
            FatalKind::WORDS,
            FatalKind::as_str,
            FatalKind::parse,
        );
        agree(
            Technique::ALL,
            Technique::WORDS,
            Technique::as_str,
            Technique::parse,
        );
        agree(Ending::ALL, Ending::WORDS, Ending::as_str, Ending::parse);
        agree(
            Pitfall::ALL,
            Pitfall::WORDS,
            Pitfall::as_str,
            Pitfall::parse,
        );
        agree(
            CaseForm::ALL,
            CaseForm::WORDS,
            CaseForm::as_str,
            CaseForm::parse,
        );
    }

    #[test]
    fn a_role_fills_its_forms() {
        let role = Role {
            key: "doctor".into(),
            names: vec![
                RoleName {
                    nom: "Анна".into(),
                    forms: vec![(CaseForm::Gen, "Анны".into())],
                },
                RoleName::plain("Ольга"),
            ],
        };
        assert_eq!(role.fill("doctor", 0), Some("Анна"));
        assert_eq!(role.fill("doctor.nom", 1), Some("Ольга"));
        assert_eq!(role.fill("doctor.gen", 0), Some("Анны"));
        assert_eq!(role.fill("doctor.gen", 1), None);
        assert_eq!(role.fill("doctor.xyz", 0), None);
        assert_eq!(role.fill("patient", 0), None);
    }

    /// Fatal and pitfall replies are the wrong ones; neutral and good ones are not.
    #[test]
    fn wrong_replies_are_the_fatal_and_the_pitfall_ones() {
        let pit = include_str!("../../tests/fixtures/good/pitfall.yaml");
        let s = crate::scenario::check_str(pit).scenario.unwrap();
        let wrong: Vec<bool> = s.nodes[0].choices().iter().map(Choice::is_wrong).collect();
        assert_eq!(wrong, [false, false, true]);
        let mut fatal = s.nodes[0].choices()[1].clone();
        fatal.fatal = Some(FatalKind::Ignoring);
        assert!(fatal.is_wrong());
    }
}
