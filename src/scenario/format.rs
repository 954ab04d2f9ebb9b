//! The scenario file format as plain serde types: the source of `frontdesk schema` (a JSON
//! Schema for editors), and what the scaffold and the Twine importer write. The loader does not
//! deserialize through these (it needs positions for every error); tests keep the two in step:
//! same keys, same vocabulary, and every bundled scenario valid under the schema.

//!
//! The vocabulary words (`setting`, `fatal`, `good`, `ending`) are not spelled here: the fields
//! use the model's own enums, defined once in `model.rs`.

use super::model::{Ending, FatalKind, Pitfall, Setting, Technique};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One scenario: one conversation in one language.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
#[schemars(title = "frontdesk scenario (format version 1)")]
pub struct ScenarioFile {
    /// Format version; only 1 exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 1))]
    pub version: Option<u8>,
    /// The scenario id, the same in every language.
    #[schemars(regex(pattern = r"^[a-z0-9-]+$"))]
    pub id: String,
    /// Language code: two or three lowercase letters (`en`, `ru`).
    #[schemars(regex(pattern = r"^[a-z]{2,3}$"))]
    pub lang: String,
    /// Shown in lists.
    pub title: String,
    /// One or two sentences shown beside the list.
    pub summary: String,
    /// Where the case comes from (free text; the bundled library names the seed file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Where the conversation happens.
    pub setting: Setting,
    /// 1 (easy) to 3 (hard).
    #[schemars(range(min = 1, max = 3))]
    pub difficulty: u8,
    /// Who speaks besides the trainee; `patient` is required, `narrator` and `trainee` are reserved.
    #[schemars(extend("required" = ["patient"]))]
    pub roles: BTreeMap<String, RoleFile>,
    /// The patient's mood meter, -10..10.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mood: Option<MoodFile>,
    /// Id of the first node.
    pub start: String,
    /// The nodes: decisions and endings.
    #[schemars(length(min = 1))]
    pub nodes: Vec<NodeFile>,
}

/// A speaking role.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RoleFile {
    /// A name, or a list of names of which one is picked per run. A name is a text (the
    /// nominative) or a map of its case forms, for `{role.gen}` and the like.
    pub name: RoleNames,
}

/// A role's `name`: one name or a list of names, each a text or a map of case forms.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(untagged)]
pub enum RoleNames {
    /// One name.
    One(RoleNameFile),
    /// Names, one picked per run.
    Many(Vec<RoleNameFile>),
}

/// One name of a role.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(untagged)]
pub enum RoleNameFile {
    /// The name as written alone (the nominative).
    Plain(String),
    /// The name in its case forms: `{role}` is `nom`, `{role.gen}` is `gen`, and so on.
    Forms(NameForms),
}

/// A name in its case forms; `nom` is required. A text may use `{role.FORM}` only when every
/// name of the role gives that form.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct NameForms {
    /// Nominative: `{role}` or `{role.nom}`.
    pub nom: String,
    /// Genitive: `{role.gen}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(rename = "gen")]
    pub genitive: Option<String>,
    /// Dative: `{role.dat}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dat: Option<String>,
    /// Accusative: `{role.acc}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acc: Option<String>,
    /// Instrumental: `{role.ins}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ins: Option<String>,
    /// Prepositional: `{role.pre}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pre: Option<String>,
    /// Vocative (Bulgarian "Госпожо Иванова"): `{role.voc}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voc: Option<String>,
}

/// A text, or a list of variants of which one is picked.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(untagged)]
pub enum OneOrMany {
    /// One text.
    One(String),
    /// Variants.
    Many(Vec<String>),
}

/// The mood settings.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct MoodFile {
    /// Mood at the start (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = -10, max = 10))]
    pub start: Option<i32>,
    /// Below this the patient walks out and the run ends as `lost`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = -10, max = 10))]
    pub leave_below: Option<i32>,
    /// Shown when the patient walks out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub walk_out: Option<String>,
}

/// A point in the conversation: a decision (with `choices`) or an ending (with `ending`).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct NodeFile {
    /// Unique in the file.
    #[schemars(regex(pattern = r"^[a-z0-9_-]+$"))]
    pub id: String,
    /// What is said on arriving: `- SPEAKER: TEXT`, SPEAKER being `narrator` or a role.
    pub lines: Vec<LineFile>,
    /// A question for the room in group sessions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discuss: Option<String>,
    /// The trainee's replies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub choices: Option<Vec<ChoiceFile>>,
    /// Makes the node an ending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ending: Option<Ending>,
    /// On an ending: a closing line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// One line: a single `SPEAKER: TEXT` pair.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[schemars(extend("minProperties" = 1, "maxProperties" = 1))]
pub struct LineFile(pub BTreeMap<String, OneOrMany>);

/// A reply the trainee can give.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ChoiceFile {
    /// What the trainee says.
    pub text: String,
    /// The fatal error this reply makes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fatal: Option<FatalKind>,
    /// The pitfall this reply falls into (never together with `fatal` or `good`); scored 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pitfall: Option<Pitfall>,
    /// The techniques this reply uses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub good: Option<Vec<Technique>>,
    /// How the patient's mood changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = -20, max = 20))]
    pub mood: Option<i32>,
    /// Flags to set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set: Option<Vec<String>>,
    /// Flags to clear.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unset: Option<Vec<String>>,
    /// The reply is offered only when this condition holds (`asked_who`, `not a and b`, `mood >= 2`).
    #[serde(default, rename = "if", skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// The patient's reaction, in their own voice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thought: Option<String>,
    /// The coaching: the error or technique named, why, and a better phrasing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback: Option<String>,
    /// Where the reply leads.
    pub next: NextFile,
}

/// A node id, or branches tried in order (the last without `if`).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(untagged)]
pub enum NextFile {
    /// Always this node.
    To(String),
    /// Conditional branches.
    Branches(Vec<BranchFile>),
}

/// One conditional branch.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BranchFile {
    /// Taken when this holds; the last branch has none.
    #[serde(default, rename = "if", skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// The node.
    pub to: String,
}

/// The JSON Schema of the format, for editors' YAML language servers.
pub fn json_schema() -> serde_json::Value {
    let mut schema =
        serde_json::to_value(schemars::schema_for!(ScenarioFile)).expect("a schema serializes");
    schema["$id"] = "https://frontdesk.invalid/scenario-format-1.schema.json".into();
    forbid_null(&mut schema);
    schema
}

/// Optional keys may be left out but not written as `null` (the loader refuses `key: ~`), so
/// the `null` that schemars allows for `Option` fields is taken out again.
fn forbid_null(v: &mut serde_json::Value) {
    use serde_json::Value;
    let Value::Object(map) = v else {
        if let Value::Array(items) = v {
            items.iter_mut().for_each(forbid_null);
        }
        return;
    };
    if let Some(Value::Array(types)) = map.get_mut("type") {
        types.retain(|t| t != "null");
        if types.len() == 1 {
            let only = types[0].clone();
            map.insert("type".into(), only);
        }
    }
    if let Some(Value::Array(any)) = map.get_mut("anyOf") {
        any.retain(|s| s.get("type").and_then(Value::as_str) != Some("null"));
        if any.len() == 1
            && let Some(Value::Object(inner)) = any.pop()
        {
            map.remove("anyOf");
            for (k, val) in inner {
                map.entry(k).or_insert(val);
            }
        }
    }
    map.values_mut().for_each(forbid_null);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(schema: &serde_json::Value, def: Option<&str>) -> Vec<String> {
        let obj = match def {
            None => schema,
            Some(d) => &schema["$defs"][d],
        };
        let mut k: Vec<String> = obj["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        k.sort();
        k
    }

    fn sorted(k: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = k.iter().map(|s| s.to_string()).collect();
        v.sort();
        v
    }

    #[test]
    fn optional_keys_are_not_nullable() {
        let text = json_schema().to_string();
        assert!(!text.contains("\"null\""), "{text}");
    }

    #[test]
    fn the_schema_has_exactly_the_keys_the_loader_knows() {
        use crate::scenario::decode::keys as loader;
        let s = json_schema();
        assert_eq!(keys(&s, None), sorted(loader::TOP));
        assert_eq!(keys(&s, Some("NodeFile")), sorted(loader::NODE));
        assert_eq!(keys(&s, Some("ChoiceFile")), sorted(loader::CHOICE));
        assert_eq!(keys(&s, Some("MoodFile")), sorted(loader::MOOD));
        assert_eq!(keys(&s, Some("RoleFile")), sorted(loader::ROLE));
        assert_eq!(keys(&s, Some("BranchFile")), sorted(loader::BRANCH));
        assert_eq!(
            keys(&s, Some("NameForms")),
            sorted(crate::scenario::CaseForm::WORDS)
        );
    }
}
