//! The statements a run becomes (`docs/xapi.md` shows one of each):
//!
//! - per decision, `answered` the decision node (a child activity of the scenario), with the
//!   reply text as the response, success false on a fatal error or a pitfall, and the fatal
//!   kind, the pitfall and the techniques as result extensions;
//! - per run, `completed` (or `abandoned`) the scenario, with the score, success from the
//!   outcome, the duration, the mode, and the run as the context registration.
//!
//! Ids are name-based (UUID v5) from the run id, so the same run always gives the same
//! statements and an LRS never records one twice.

use super::config::Settings;
use crate::engine::{Mode, Run, RunOptions};
use crate::scenario::{FatalKind, Library};
use crate::store::{DecisionResult, RunResult, RunStatus, timestamp};
use serde_json::{Map, Value, json};
use std::sync::Arc;
use uuid::Uuid;

/// ADL's verb for a reply given.
pub const ANSWERED: &str = "http://adlnet.gov/expapi/verbs/answered";
/// ADL's verb for a run that reached an ending.
pub const COMPLETED: &str = "http://adlnet.gov/expapi/verbs/completed";
/// cmi5's verb for a run left midway.
pub const ABANDONED: &str = "https://w3id.org/xapi/adl/verbs/abandoned";
/// The scenario's activity type.
pub const SIMULATION: &str = "http://adlnet.gov/expapi/activities/simulation";
/// A decision node's activity type.
pub const QUESTION: &str = "http://adlnet.gov/expapi/activities/question";

/// The namespace of frontdesk's name-based ids (fixed forever: changing it would send every
/// run again as new statements).
pub const NAMESPACE: Uuid = Uuid::from_u128(0x6f7c_2a51_93d4_4b0e_8a63_1d5e_f0c4_b927);

/// The extension IRIs, under the activity base IRI (`{base}extensions/NAME`).
pub mod ext {
    /// Decision result: the fatal error's word (`justifying`, `ignoring`, `counter-attacking`).
    pub const FATAL_KIND: &str = "fatal-kind";
    /// Decision result: the pitfall's word (`giving-in`, `over-promising`, `overstepping`,
    /// `passing-up`): written once replies carry pitfalls.
    pub const PITFALL: &str = "pitfall";
    /// Decision result: the techniques the reply used (words).
    pub const TECHNIQUES: &str = "techniques";
    /// Decision result: the reply's 1-based position in the scenario file.
    pub const CHOICE: &str = "choice";
    /// Decision result: the patient's mood after the reply.
    pub const MOOD: &str = "mood";
    /// Run result: fatal errors by kind (`{"justifying": n, "ignoring": n, "counter-attacking": n}`).
    pub const FATAL_ERRORS: &str = "fatal-errors";
    /// Run result: pitfalls by word, when replies carry pitfalls.
    pub const PITFALLS: &str = "pitfalls";
    /// Run result: the ending's word.
    pub const OUTCOME: &str = "outcome";
    /// Run result: the patient walked out.
    pub const WALKED_OUT: &str = "walked-out";
    /// Context: `practice`, `exam` or `group`.
    pub const MODE: &str = "mode";
    /// Context: the run's id in the desk's history.
    pub const RUN_ID: &str = "run-id";
    /// Context: the scenario file's hash (runs of a changed file are not compared blindly).
    pub const SCENARIO_HASH: &str = "scenario-hash";
}

/// The pitfall a reply fell into, as its word: the decision's [`ext::PITFALL`] result extension
/// and, counted, the run's [`ext::PITFALLS`].
fn pitfall(d: &DecisionResult) -> Option<&'static str> {
    d.pitfall.map(|p| p.as_str())
}

/// The statement id for `part` (`run`, or a decision's step) of the run `run_id`.
pub fn statement_id(run_id: &str, part: &str) -> Uuid {
    Uuid::new_v5(&NAMESPACE, format!("frontdesk/{run_id}/{part}").as_bytes())
}

/// The run's registration (the context every statement of the run shares).
pub fn registration(run_id: &str) -> Uuid {
    Uuid::new_v5(&NAMESPACE, format!("frontdesk/{run_id}").as_bytes())
}

/// ISO 8601 duration of whole seconds, e.g. `PT3M25S`.
pub fn duration(seconds: i64) -> String {
    let s = seconds.max(0);
    let (h, m, s) = (s / 3600, s / 60 % 60, s % 60);
    let mut out = String::from("PT");
    if h > 0 {
        out.push_str(&format!("{h}H"));
    }
    if m > 0 {
        out.push_str(&format!("{m}M"));
    }
    if s > 0 || (h == 0 && m == 0) {
        out.push_str(&format!("{s}S"));
    }
    out
}

/// Builds statements with the IRIs of one configuration.
#[derive(Debug, Clone)]
pub struct Builder<'a> {
    settings: &'a Settings,
    lib: &'a Library,
}

impl<'a> Builder<'a> {
    /// A builder for the configured IRIs, reading titles and reply texts from `lib`.
    pub fn new(settings: &'a Settings, lib: &'a Library) -> Self {
        Self { settings, lib }
    }

    fn ext(&self, name: &str) -> String {
        format!("{}extensions/{name}", self.settings.activity_base)
    }

    /// The scenario's activity id.
    pub fn scenario_iri(&self, scenario: &str) -> String {
        format!("{}{scenario}", self.settings.activity_base)
    }

    /// The statements of one run: its decisions in order, then the run.
    pub fn run(&self, r: &RunResult) -> Vec<Value> {
        // Reply texts are those of the scenario file the run was played on; a file changed
        // since gives no response text (the choice number stays).
        let scenario = self
            .lib
            .find_file(&r.scenario, &r.lang)
            .filter(|(f, fell_back)| !fell_back && f.hash() == r.scenario_hash)
            .and_then(|(f, _)| f.scenario().cloned());
        let filler = scenario.as_ref().map(|s| {
            Run::new(
                Arc::clone(s),
                RunOptions {
                    seed: r.seed,
                    shuffle: false,
                },
            )
        });
        let mut out: Vec<Value> = r
            .decisions
            .iter()
            .map(|d| {
                let reply = scenario.as_ref().zip(filler.as_ref()).and_then(|(s, run)| {
                    let node = s.nodes.iter().find(|n| n.id == d.node)?;
                    let c = node.choices().get((d.choice as usize).checked_sub(1)?)?;
                    Some(run.fill(&c.text))
                });
                self.answered(r, d, reply.as_deref())
            })
            .collect();
        out.push(self.ended(r));
        out
    }

    fn actor(&self, r: &RunResult) -> Value {
        let home = &self.settings.home_page;
        match &r.group {
            Some(g) if r.mode == Mode::Group => {
                let name = g
                    .group
                    .clone()
                    .unwrap_or_else(|| format!("group session of {}", r.trainee));
                json!({
                    "objectType": "Group",
                    "name": name,
                    "account": { "homePage": home, "name": format!("group:{name}") },
                })
            }
            _ => json!({
                "objectType": "Agent",
                "name": r.trainee,
                "account": { "homePage": home, "name": r.trainee },
            }),
        }
    }

    fn language_map(&self, id: &str, field: impl Fn(&crate::scenario::Header) -> &str) -> Value {
        let mut map = Map::new();
        for (_, h) in self.lib.headers().filter(|(_, h)| h.id.0 == id) {
            map.insert(h.lang.0.clone(), Value::String(field(h).to_string()));
        }
        if map.is_empty() {
            map.insert("und".into(), Value::String(id.to_string()));
        }
        Value::Object(map)
    }

    fn scenario_activity(&self, r: &RunResult) -> Value {
        json!({
            "objectType": "Activity",
            "id": self.scenario_iri(&r.scenario),
            "definition": {
                "type": SIMULATION,
                "name": self.language_map(&r.scenario, |h| &h.title),
                "description": self.language_map(&r.scenario, |h| &h.summary),
            },
        })
    }

    fn context(&self, r: &RunResult, parent: bool) -> Value {
        let mut c = json!({
            "registration": registration(&r.run_id).to_string(),
            "platform": "frontdesk",
            "language": r.lang,
            "extensions": {
                self.ext(ext::MODE): r.mode.as_str(),
                self.ext(ext::RUN_ID): r.run_id,
                self.ext(ext::SCENARIO_HASH): r.scenario_hash,
            },
        });
        if parent {
            c["contextActivities"] = json!({
                "parent": [{ "objectType": "Activity", "id": self.scenario_iri(&r.scenario) }],
            });
        }
        if let Some(trainer) = r.group.as_ref().and_then(|g| g.trainer.as_ref()) {
            c["instructor"] = json!({
                "objectType": "Agent",
                "name": trainer,
                "account": { "homePage": self.settings.home_page, "name": trainer },
            });
        }
        c
    }

    /// `answered` one decision, with the reply's text when known.
    pub fn answered(&self, r: &RunResult, d: &DecisionResult, reply: Option<&str>) -> Value {
        let mut extensions = Map::new();
        if let Some(k) = d.fatal {
            extensions.insert(self.ext(ext::FATAL_KIND), k.as_str().into());
        }
        let pitfall = pitfall(d);
        if let Some(p) = pitfall {
            extensions.insert(self.ext(ext::PITFALL), p.into());
        }
        let techniques: Vec<&str> = d.good.iter().map(|t| t.as_str()).collect();
        extensions.insert(self.ext(ext::TECHNIQUES), techniques.into());
        extensions.insert(self.ext(ext::CHOICE), d.choice.into());
        extensions.insert(self.ext(ext::MOOD), d.mood.into());
        let mut result = json!({
            "success": d.fatal.is_none() && pitfall.is_none(),
            "extensions": extensions,
        });
        if let Some(text) = reply {
            result["response"] = text.into();
        }
        let name = self.language_map(&r.scenario, |h| &h.title);
        let name = match name {
            Value::Object(m) => Value::Object(
                m.into_iter()
                    .map(|(lang, title)| {
                        let title = title.as_str().unwrap_or_default();
                        (lang, format!("{title}: {}", d.node).into())
                    })
                    .collect(),
            ),
            other => other,
        };
        json!({
            "id": statement_id(&r.run_id, &d.step.to_string()).to_string(),
            "actor": self.actor(r),
            "verb": { "id": ANSWERED, "display": { "en-US": "answered" } },
            "object": {
                "objectType": "Activity",
                "id": format!("{}/{}", self.scenario_iri(&r.scenario), d.node),
                "definition": { "type": QUESTION, "name": name },
            },
            "result": result,
            "context": self.context(r, true),
            "timestamp": timestamp(r.ended_at),
        })
    }

    /// `completed` (or `abandoned`) the scenario.
    pub fn ended(&self, r: &RunResult) -> Value {
        let finished = r.status == RunStatus::Finished;
        let (verb, display) = if finished {
            (COMPLETED, "completed")
        } else {
            (ABANDONED, "abandoned")
        };
        let mut fatal = Map::new();
        for k in FatalKind::ALL {
            fatal.insert(k.as_str().into(), r.fatal.get(*k).into());
        }
        let mut extensions = Map::new();
        extensions.insert(self.ext(ext::FATAL_ERRORS), Value::Object(fatal));
        let pitfalls: Vec<&str> = r.decisions.iter().filter_map(pitfall).collect();
        if !pitfalls.is_empty() {
            let mut counts = Map::new();
            for p in pitfalls {
                let n = counts.get(p).and_then(Value::as_u64).unwrap_or(0);
                counts.insert(p.into(), (n + 1).into());
            }
            extensions.insert(self.ext(ext::PITFALLS), Value::Object(counts));
        }
        if let Some(o) = r.outcome {
            extensions.insert(self.ext(ext::OUTCOME), o.as_str().into());
            extensions.insert(self.ext(ext::WALKED_OUT), r.walked_out.into());
        }
        let seconds = (r.ended_at - r.started_at).num_seconds();
        let mut result = json!({
            "completion": finished,
            "duration": duration(seconds),
            "extensions": extensions,
        });
        if let Some(score) = r.score {
            result["score"] = json!({
                "raw": score,
                "min": 0,
                "max": 100,
                "scaled": f64::from(score) / 100.0,
            });
        }
        if let Some(o) = r.outcome {
            result["success"] = o.is_good().into();
        }
        json!({
            "id": statement_id(&r.run_id, "run").to_string(),
            "actor": self.actor(r),
            "verb": { "id": verb, "display": { "en-US": display } },
            "object": self.scenario_activity(r),
            "result": result,
            "context": self.context(r, false),
            "timestamp": timestamp(r.ended_at),
        })
    }
}

#[cfg(test)]
#[path = "statement_tests.rs"]
mod tests;
