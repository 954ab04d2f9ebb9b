//! The first pass over the parts of a file: the header (id, language, titles, setting,
//! difficulty), the roles, the mood, and the nodes with their lines. Replies are read in
//! `replies.rs`; node ids stay strings until `resolve.rs`.

use super::{Decoder, MAX_NODES, MAX_REPLIES, RawNode, keys};
use crate::scenario::diagnostic::Mark;
use crate::scenario::model::*;
use crate::scenario::text;
use crate::scenario::yaml::{NodeRef, Value};

impl Decoder<'_> {
    /// Reads the whole file; `None` when any part is wrong (every problem is reported first).
    pub(super) fn scenario(&mut self, root: NodeRef) -> Option<Scenario> {
        let f = self.fields(root, "the scenario", keys::TOP)?;
        if let Some((_, r)) = f.get("version") {
            self.int(r, "`version`", (1, 1));
        }
        let id = self
            .required(&f, "id", "the scenario")
            .and_then(|(_, r)| self.scenario_id(r));
        let lang = self
            .required(&f, "lang", "the scenario")
            .and_then(|(_, r)| self.lang_code(r));
        // Roles first: every text is checked for `{role}` placeholders.
        if let Some((_, r)) = self.required(&f, "roles", "the scenario") {
            self.roles(r);
        }
        let title = self
            .required(&f, "title", "the scenario")
            .and_then(|(_, r)| self.text(r, "`title`"));
        let summary = self
            .required(&f, "summary", "the scenario")
            .and_then(|(_, r)| self.text(r, "`summary`"));
        let source = self.optional_text(&f, "source", "`source`");
        let setting = self
            .required(&f, "setting", "the scenario")
            .and_then(|(_, r)| self.word(r, "setting", Setting::parse, Setting::WORDS));
        let difficulty = self
            .required(&f, "difficulty", "the scenario")
            .and_then(|(_, r)| self.int(r, "`difficulty`", (1, 3)));
        let mood = match f.get("mood") {
            Some((_, r)) => self.mood(r),
            None => Some(MoodRules {
                start: 0,
                leave_below: None,
                walk_out: None,
            }),
        };
        let start = self
            .required(&f, "start", "the scenario")
            .and_then(|(_, r)| {
                let (w, _) = self.scalar(r, "`start`")?;
                Some((w.to_string(), self.mark(r)))
            });
        let nodes = self
            .required(&f, "nodes", "the scenario")
            .and_then(|(_, r)| self.nodes(r));

        let nodes = nodes?;
        let resolved = self.resolve(nodes, start?)?;
        // Like the graph, flags are checked only once every node id resolved.
        self.check_flags();
        Some(Scenario {
            id: id?,
            lang: lang?,
            title: title?,
            summary: summary?,
            source,
            setting: setting?,
            difficulty: difficulty? as u8,
            roles: std::mem::take(&mut self.roles),
            mood: mood?,
            start: resolved.0,
            nodes: resolved.1,
            flags: std::mem::take(&mut self.flags),
        })
    }

    /// A role's `name`: a text, a map of case forms, or a list of either (one is picked per
    /// run).
    fn role_names(&mut self, r: NodeRef) -> Vec<RoleName> {
        match &self.tree.get(r).value {
            Value::Seq(items) => {
                if items.is_empty() {
                    let m = self.mark(r);
                    self.error(m, "a role name: the list is empty", "give at least one");
                }
                items.iter().filter_map(|&i| self.role_name(i)).collect()
            }
            _ => self.role_name(r).into_iter().collect(),
        }
    }

    /// One name: a text (the nominative), or `{nom: …, gen: …, …}`.
    fn role_name(&mut self, r: NodeRef) -> Option<RoleName> {
        if !matches!(self.tree.get(r).value, Value::Map(_)) {
            return self.text(r, "a role name").map(RoleName::plain);
        }
        let f = self.fields(r, "a role name's forms", CaseForm::WORDS)?;
        let mut forms = Vec::new();
        for form in CaseForm::ALL {
            if let Some((_, fr)) = f.get(form.as_str())
                && let Some(t) = self.text(fr, &format!("the `{form}` form of a role name"))
            {
                forms.push((*form, t));
            }
        }
        let Some(at) = forms.iter().position(|(f, _)| *f == CaseForm::Nom) else {
            if f.get("nom").is_none() {
                self.error(
                    f.mark,
                    "a role name given as forms has no `nom`",
                    "give the nominative too, e.g. `{nom: Марина Соколова, gen: Марины Соколовой}`",
                );
            }
            return None;
        };
        let (_, nom) = forms.remove(at);
        Some(RoleName { nom, forms })
    }

    fn scenario_id(&mut self, r: NodeRef) -> Option<ScenarioId> {
        let (w, _) = self.scalar(r, "`id`")?;
        if text::is_id(w) {
            return Some(ScenarioId(w.to_string()));
        }
        let m = self.mark(r);
        self.error(
            m,
            format!("scenario id `{w}` may use only a-z, 0-9 and `-`"),
            "e.g. `child-patient`",
        );
        None
    }

    fn lang_code(&mut self, r: NodeRef) -> Option<LangCode> {
        let (w, _) = self.scalar(r, "`lang`")?;
        if (2..=3).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_lowercase()) {
            return Some(LangCode(w.to_string()));
        }
        let m = self.mark(r);
        self.error(
            m,
            format!("`{w}` is not a language code"),
            "use two or three lowercase letters, like `en` or `ru`",
        );
        None
    }

    /// Declares the roles; `patient` is required, `narrator` and `trainee` are taken.
    fn roles(&mut self, r: NodeRef) {
        let Some(f) = self.fields_any(r, "`roles`") else {
            return;
        };
        for (key, key_mark, v) in f {
            if !text::is_role_key(&key) {
                self.error(
                    key_mark,
                    format!("role key `{key}` may use only a-z, 0-9 and `_`"),
                    "e.g. `patient`, `doctor`, `nurse`",
                );
                continue;
            }
            if key == "narrator" || key == "trainee" {
                self.error(
                    key_mark,
                    format!("`{key}` is reserved and cannot be a role"),
                    "the narrator needs no role; the trainee is the player",
                );
                continue;
            }
            let Some(rf) = self.fields(v, &format!("role `{key}`"), keys::ROLE) else {
                continue;
            };
            let Some((_, name)) = self.required(&rf, "name", &format!("role `{key}`")) else {
                continue;
            };
            // Names are read before the role exists, so they cannot contain placeholders.
            let names = self.role_names(name);
            if !names.is_empty() {
                self.roles.push(Role { key, names });
            }
        }
        if !self.has_role("patient") {
            let m = self.mark(r);
            self.error(m, "`roles` has no `patient`", "add `patient: {name: NAME}`");
        }
    }

    fn mood(&mut self, r: NodeRef) -> Option<MoodRules> {
        let f = self.fields(r, "`mood`", keys::MOOD)?;
        let range = (MOOD_MIN as i64, MOOD_MAX as i64);
        let start = match f.get("start") {
            Some((_, r)) => self.int(r, "`mood.start`", range)? as i32,
            None => 0,
        };
        let leave_below = match f.get("leave_below") {
            Some((_, r)) => Some(self.int(r, "`mood.leave_below`", range)? as i32),
            None => None,
        };
        if let Some(l) = leave_below
            && start < l
        {
            self.error(
                f.mark,
                format!("the mood starts at {start}, already below `leave_below` {l}"),
                "raise `start` or lower `leave_below`",
            );
        }
        let walk_out = self.optional_text(&f, "walk_out", "`mood.walk_out`");
        Some(MoodRules {
            start,
            leave_below,
            walk_out,
        })
    }

    fn nodes(&mut self, r: NodeRef) -> Option<Vec<RawNode>> {
        let items = self.list(r, "`nodes`")?;
        if items.is_empty() {
            let m = self.mark(r);
            self.error(m, "`nodes` is empty", "a scenario needs at least one node");
            return None;
        }
        if items.len() > MAX_NODES {
            let m = self.mark(r);
            self.error(
                m,
                format!(
                    "{} nodes; a scenario may have at most {MAX_NODES}",
                    items.len()
                ),
                "split it into several scenarios",
            );
            return None;
        }
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for &item in items {
            match self.node(item) {
                Some(n) => out.push(n),
                None => ok = false,
            }
            if self.replies > MAX_REPLIES {
                let m = self.mark(item);
                self.error(
                    m,
                    format!("more than {MAX_REPLIES} replies in one scenario"),
                    "split it into several scenarios",
                );
                return None;
            }
        }
        ok.then_some(out)
    }

    fn node(&mut self, r: NodeRef) -> Option<RawNode> {
        let f = self.fields(r, "a node", keys::NODE)?;
        let (_, id_ref) = self.required(&f, "id", "a node")?;
        let (id, id_mark) = self.node_id(id_ref)?;
        let what = format!("node `{id}`");
        let lines = match self.required(&f, "lines", &what) {
            Some((_, lr)) => self.lines(lr, &id),
            None => Vec::new(),
        };
        let discuss = self.optional_text(&f, "discuss", "`discuss`");
        let text = self.optional_text(&f, "text", "the ending `text`");
        let ending = f.get("ending").and_then(|(m, er)| {
            self.word(er, "ending", Ending::parse, Ending::WORDS)
                .map(|e| (m, e))
        });
        let choices = f.get("choices").map(|(m, cr)| (m, self.choices(cr, &id)));
        if let (None, Some((m, _))) = (f.get("ending"), f.get("text")) {
            self.error(
                m,
                format!("{what} has `text` but is not an ending"),
                "`text` is the closing line of an ending; use `lines` for what is said",
            );
        }
        Some(RawNode {
            id,
            id_mark,
            mark: f.mark,
            lines,
            discuss,
            choices,
            ending,
            ending_key: f.get("ending").is_some(),
            text,
        })
    }

    /// The id as written, even when it has bad characters (reported), so that references to it
    /// do not also fail.
    fn node_id(&mut self, r: NodeRef) -> Option<(String, Mark)> {
        let (w, _) = self.scalar(r, "a node `id`")?;
        let m = self.mark(r);
        if !text::is_node_id(w) {
            self.error(
                m,
                format!("node id `{w}` may use only a-z, 0-9, `-` and `_`"),
                "e.g. `at-the-desk`",
            );
        }
        Some((w.to_string(), m))
    }

    fn lines(&mut self, r: NodeRef, node_id: &str) -> Vec<Line> {
        let Some(items) = self.list(r, "`lines`") else {
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|&item| self.line(item, node_id))
            .collect()
    }

    /// One `- SPEAKER: TEXT` item.
    fn line(&mut self, item: NodeRef, node_id: &str) -> Option<Line> {
        let node = self.tree.get(item);
        let Value::Map(entries) = &node.value else {
            self.error(
                node.mark,
                format!("a line in node `{node_id}` must be `SPEAKER: TEXT`"),
                "e.g. `- patient: \"Hello\"` or `- narrator: The phone rings.`",
            );
            return None;
        };
        if entries.len() != 1 {
            self.error(
                node.mark,
                format!(
                    "a line in node `{node_id}` must have exactly one speaker, found {}",
                    entries.len()
                ),
                "write each speaker's line as its own `- SPEAKER: TEXT` item",
            );
            return None;
        }
        let (k, v) = entries[0];
        let speaker = self.speaker(k)?;
        let variants = self.variants(v, "a line");
        (!variants.is_empty()).then_some(Line { speaker, variants })
    }

    /// `narrator` or a declared role.
    fn speaker(&mut self, k: NodeRef) -> Option<Speaker> {
        let (name, _) = self.scalar(k, "a speaker")?;
        if name == "narrator" {
            return Some(Speaker::Narrator);
        }
        if let Some(i) = self.roles.iter().position(|r| r.key == name) {
            return Some(Speaker::Role(i));
        }
        let mut known: Vec<&str> = vec!["narrator"];
        known.extend(self.roles.iter().map(|r| r.key.as_str()));
        let hint = match text::did_you_mean(name, &known) {
            Some(s) => format!("did you mean `{s}`? speakers: {}", known.join(", ")),
            None => format!(
                "declare it under `roles`, or use one of: {}",
                known.join(", ")
            ),
        };
        let m = self.mark(k);
        self.error(m, format!("unknown speaker `{name}`"), hint);
        None
    }
}
