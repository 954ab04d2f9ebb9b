//! From a located YAML tree to a checked [`Scenario`], reporting every problem with its position.
//!
//! Decoding happens in two passes: the first reads every key into raw structures with node ids
//! still as strings (reporting type errors, unknown keys, bad vocabulary and unparsable
//! conditions); the second resolves ids and checks the graph. A [`Scenario`] is built only when
//! no error was found.

use super::condition::{self, Condition};
use super::diagnostic::{Diagnostic, Mark};
use super::model::*;
use super::text;
use super::yaml::{self, NodeRef, Tree, Value};
use std::collections::{HashMap, HashSet, VecDeque};

/// The largest file accepted.
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;
const MAX_NODES: usize = 100_000;
const MAX_REPLIES: usize = 1_000_000;
const MAX_TEXT_CHARS: usize = 20_000;

/// The keys each part of a file may have (the schema test checks `format.rs` agrees).
pub(crate) mod keys {
    pub const TOP: &[&str] = &[
        "version",
        "id",
        "lang",
        "title",
        "summary",
        "source",
        "setting",
        "difficulty",
        "roles",
        "mood",
        "start",
        "nodes",
    ];
    pub const NODE: &[&str] = &["id", "lines", "discuss", "choices", "ending", "text"];
    pub const CHOICE: &[&str] = &[
        "text", "fatal", "good", "mood", "set", "unset", "if", "thought", "feedback", "next",
    ];
    pub const MOOD: &[&str] = &["start", "leave_below", "walk_out"];
    pub const ROLE: &[&str] = &["name"];
    pub const BRANCH: &[&str] = &["if", "to"];
}
use keys::{
    BRANCH as BRANCH_KEYS, CHOICE as CHOICE_KEYS, MOOD as MOOD_KEYS, NODE as NODE_KEYS,
    ROLE as ROLE_KEYS, TOP as TOP_KEYS,
};

/// The result of reading one file: the scenario if it is valid, and every problem found.
#[derive(Debug)]
pub struct Checked {
    /// Present when there are no errors.
    pub scenario: Option<Scenario>,
    /// Errors and warnings, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    fn failed(d: Diagnostic) -> Self {
        Self {
            scenario: None,
            diagnostics: vec![d],
        }
    }

    /// True when some diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Reads and checks one scenario from raw bytes.
pub fn check_bytes(bytes: &[u8]) -> Checked {
    let start = Mark::new(1, 1);
    if bytes.len() > MAX_FILE_BYTES {
        return Checked::failed(
            Diagnostic::error(
                start,
                format!(
                    "the file is {} MiB; a scenario file may be at most 16 MiB",
                    bytes.len() / (1024 * 1024)
                ),
            )
            .with_hint("split it into several scenarios"),
        );
    }
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        return Checked::failed(
            Diagnostic::error(
                position_of(bytes, pos),
                "the file contains NUL bytes: it looks like a binary file, not YAML",
            )
            .with_hint("scenario files are plain UTF-8 text"),
        );
    }
    let src = match std::str::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            return Checked::failed(
                Diagnostic::error(
                    position_of(bytes, e.valid_up_to()),
                    "the file is not valid UTF-8 text",
                )
                .with_hint("save the file as UTF-8 (most editors have an encoding menu)"),
            );
        }
    };
    check_str(src)
}

/// Reads and checks one scenario from text.
pub fn check_str(src: &str) -> Checked {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let tree = match yaml::parse(src, yaml::Limits::default()) {
        Ok(t) => t,
        Err(d) => return Checked::failed(d),
    };
    let Some(root) = tree.root() else {
        return Checked::failed(
            Diagnostic::error(Mark::new(1, 1), "the file is empty")
                .with_hint("a scenario starts with `id:`; run `frontdesk new ID` for a template"),
        );
    };
    let mut d = Decoder {
        tree: &tree,
        diags: Vec::new(),
        flags: Vec::new(),
        flag_index: HashMap::new(),
        flags_set: HashSet::new(),
        flags_tested: Vec::new(),
        roles: Vec::new(),
        replies: 0,
    };
    let scenario = d.scenario(root);
    let mut diagnostics = d.diags;
    super::diagnostic::sort(&mut diagnostics);
    let has_errors = diagnostics.iter().any(Diagnostic::is_error);
    Checked {
        scenario: if has_errors { None } else { scenario },
        diagnostics,
    }
}

/// Line and column (in characters) of a byte offset.
fn position_of(bytes: &[u8], offset: usize) -> Mark {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    Mark::new(line as u32, col as u32)
}

/// A mapping's entries by key, after duplicates and unknown keys were reported.
struct Fields {
    mark: Mark,
    entries: Vec<(String, Mark, NodeRef)>,
}

impl Fields {
    fn get(&self, key: &str) -> Option<(Mark, NodeRef)> {
        self.entries
            .iter()
            .find(|(k, _, _)| k == key)
            .map(|(_, m, r)| (*m, *r))
    }
}

struct RawChoice {
    text: String,
    fatal: Option<FatalKind>,
    good: Vec<Technique>,
    mood: i32,
    set: Vec<FlagIdx>,
    unset: Vec<FlagIdx>,
    condition: Option<Condition>,
    thought: Option<String>,
    feedback: Option<String>,
    next: Option<RawNext>,
    mark: Mark,
}

enum RawNext {
    To(String, Mark),
    Branches(Vec<(Option<Condition>, String, Mark)>),
}

struct RawNode {
    id: String,
    id_mark: Mark,
    mark: Mark,
    lines: Vec<Line>,
    discuss: Option<String>,
    choices: Option<(Mark, Vec<RawChoice>)>,
    ending: Option<(Mark, Ending)>,
    /// `ending:` was written, even if its value was wrong (no cascade of errors then).
    ending_key: bool,
    text: Option<String>,
}

struct Decoder<'t> {
    tree: &'t Tree,
    diags: Vec<Diagnostic>,
    flags: Vec<String>,
    flag_index: HashMap<String, FlagIdx>,
    flags_set: HashSet<FlagIdx>,
    flags_tested: Vec<(FlagIdx, Mark)>,
    roles: Vec<Role>,
    replies: usize,
}

impl<'t> Decoder<'t> {
    fn error(&mut self, mark: Mark, msg: impl Into<String>, hint: impl Into<String>) {
        self.diags
            .push(Diagnostic::error(mark, msg).with_hint(hint));
    }

    fn mark(&self, r: NodeRef) -> Mark {
        self.tree.get(r).mark
    }

    // ---- generic readers -------------------------------------------------------------------

    /// Reads a mapping, reporting duplicate keys, non-text keys and unknown keys.
    fn fields(&mut self, r: NodeRef, what: &str, known: &[&str]) -> Option<Fields> {
        let node = self.tree.get(r);
        let Value::Map(entries) = &node.value else {
            let found = node.value.kind_name();
            self.error(
                node.mark,
                format!("{what} must be a map of `key: value`, found {found}"),
                format!("expected keys: {}", known.join(", ")),
            );
            return None;
        };
        let mut out = Fields {
            mark: node.mark,
            entries: Vec::with_capacity(entries.len()),
        };
        for &(k, v) in entries {
            let key_node = self.tree.get(k);
            let Value::Scalar { text: key, .. } = &key_node.value else {
                self.error(
                    key_node.mark,
                    "a key must be a plain word",
                    "write `key: value`",
                );
                continue;
            };
            if out.entries.iter().any(|(seen, _, _)| seen == key) {
                let first = out.entries.iter().find(|(s, _, _)| s == key).map(|e| e.1);
                let first = first.unwrap_or_default();
                self.error(
                    key_node.mark,
                    format!("duplicate key `{key}` in {what}"),
                    format!("`{key}` is already given at line {}; keep one", first.line),
                );
                continue;
            }
            if !known.contains(&key.as_str()) {
                let hint = match text::did_you_mean(key, known) {
                    Some(s) => format!("did you mean `{s}`? known keys: {}", known.join(", ")),
                    None => format!("known keys: {}", known.join(", ")),
                };
                self.error(
                    key_node.mark,
                    format!("unknown key `{key}` in {what}"),
                    hint,
                );
                continue;
            }
            out.entries.push((key.clone(), key_node.mark, v));
        }
        Some(out)
    }

    fn required(&mut self, f: &Fields, key: &str, what: &str) -> Option<(Mark, NodeRef)> {
        let found = f.get(key);
        if found.is_none() {
            self.error(
                f.mark,
                format!("{what} is missing the required key `{key}`"),
                format!("add `{key}:` (see docs/scenario-format.md)"),
            );
        }
        found
    }

    fn scalar(&mut self, r: NodeRef, what: &str) -> Option<(&'t str, bool)> {
        let node = self.tree.get(r);
        match &node.value {
            Value::Scalar { text, plain } if !(*plain && yaml::is_null(text)) => {
                Some((text.as_str(), *plain))
            }
            other => {
                let found = other.kind_name();
                self.error(
                    node.mark,
                    format!("{what} must be text, found {found}"),
                    "write the text after the key, in quotes if it contains `: `",
                );
                None
            }
        }
    }

    /// Reads text, refusing control characters and unknown `{role}` placeholders.
    fn text(&mut self, r: NodeRef, what: &str) -> Option<String> {
        let (raw, _) = self.scalar(r, what)?;
        let mark = self.mark(r);
        match text::clean(raw) {
            Ok(clean) => {
                if clean.chars().count() > MAX_TEXT_CHARS {
                    self.error(
                        mark,
                        format!("{what} is longer than {MAX_TEXT_CHARS} characters"),
                        "shorten it; nobody reads that much on one screen",
                    );
                    return None;
                }
                if let Some(bad) = text::unknown_placeholder(&clean, |k| self.has_role(k)) {
                    let roles: Vec<&str> = self.roles.iter().map(|r| r.key.as_str()).collect();
                    self.error(
                        mark,
                        format!("unknown placeholder `{{{bad}}}` in {what}"),
                        format!(
                            "placeholders name roles; declared roles: {}",
                            roles.join(", ")
                        ),
                    );
                }
                Some(clean)
            }
            Err(c) => {
                self.error(
                    mark,
                    format!(
                        "{what} contains the control character U+{:04X}",
                        c as u32
                    ),
                    "remove it: scenario text may not contain escape sequences or direction overrides",
                );
                None
            }
        }
    }

    fn has_role(&self, key: &str) -> bool {
        self.roles.iter().any(|r| r.key == key)
    }

    fn optional_text(&mut self, f: &Fields, key: &str, what: &str) -> Option<String> {
        let (_, r) = f.get(key)?;
        self.text(r, what)
    }

    fn int(&mut self, r: NodeRef, what: &str, range: (i64, i64)) -> Option<i64> {
        let node = self.tree.get(r);
        let parsed = match &node.value {
            Value::Scalar { text, plain: true } => text.parse::<i64>().ok(),
            _ => None,
        };
        match parsed {
            Some(n) if (range.0..=range.1).contains(&n) => Some(n),
            Some(n) => {
                self.error(
                    node.mark,
                    format!("{what} is {n}, outside {}..{}", range.0, range.1),
                    format!("use a whole number from {} to {}", range.0, range.1),
                );
                None
            }
            None => {
                self.error(
                    node.mark,
                    format!(
                        "{what} must be a whole number, found {}",
                        node.value.kind_name()
                    ),
                    format!("use a whole number from {} to {}", range.0, range.1),
                );
                None
            }
        }
    }

    fn list(&mut self, r: NodeRef, what: &str) -> Option<&'t [NodeRef]> {
        let node = self.tree.get(r);
        match &node.value {
            Value::Seq(items) => Some(items),
            other => {
                let found = other.kind_name();
                self.error(
                    node.mark,
                    format!("{what} must be a list, found {found}"),
                    "write a list as `[a, b]` or as lines starting with `- `",
                );
                None
            }
        }
    }

    /// A word from a fixed vocabulary.
    fn word<T: Copy>(
        &mut self,
        r: NodeRef,
        what: &str,
        parse: fn(&str) -> Option<T>,
        all: &[&str],
    ) -> Option<T> {
        let (w, _) = self.scalar(r, what)?;
        if let Some(v) = parse(w) {
            return Some(v);
        }
        let mark = self.mark(r);
        let hint = match text::did_you_mean(w, all) {
            Some(s) => format!("did you mean `{s}`? one of: {}", all.join(", ")),
            None => format!("one of: {}", all.join(", ")),
        };
        self.error(mark, format!("unknown {what} `{w}`"), hint);
        None
    }

    fn flag_list(&mut self, r: NodeRef, what: &str) -> Vec<FlagIdx> {
        let items: Vec<NodeRef> = match &self.tree.get(r).value {
            Value::Seq(items) => items.clone(),
            Value::Scalar { .. } => vec![r],
            Value::Map(_) => {
                self.list(r, what);
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for item in items {
            let Some((w, _)) = self.scalar(item, "a flag") else {
                continue;
            };
            if !text::is_flag_name(w) {
                let mark = self.mark(item);
                self.error(
                    mark,
                    format!("`{w}` is not a valid flag name"),
                    "flags are lowercase words: letters, digits, `_` and `-`, starting with a letter",
                );
                continue;
            }
            out.push(self.intern(w));
        }
        out
    }

    fn intern(&mut self, name: &str) -> FlagIdx {
        if let Some(&i) = self.flag_index.get(name) {
            return i;
        }
        let i = FlagIdx(self.flags.len() as u32);
        self.flags.push(name.to_string());
        self.flag_index.insert(name.to_string(), i);
        i
    }

    fn condition(&mut self, r: NodeRef) -> Option<Condition> {
        let (src, plain) = self.scalar(r, "a condition")?;
        let mark = self.mark(r);
        let mut tested = Vec::new();
        let result = condition::parse(src, &mut |w| {
            let i = self.intern(w);
            tested.push(i);
            i
        });
        match result {
            Ok(c) => {
                for f in tested {
                    self.flags_tested.push((f, mark));
                }
                Some(c)
            }
            Err(e) => {
                let quote = usize::from(!plain);
                let at = Mark::new(mark.line, mark.col + (e.offset + quote) as u32);
                self.error(
                    at,
                    format!("condition `{src}` does not parse: {}", e.message),
                    "conditions look like `asked_who`, `not a and b`, `mood >= -2`",
                );
                None
            }
        }
    }

    // ---- the scenario ----------------------------------------------------------------------

    fn scenario(&mut self, root: NodeRef) -> Option<Scenario> {
        let f = self.fields(root, "the scenario", TOP_KEYS)?;
        if let Some((_, r)) = f.get("version") {
            self.int(r, "`version`", (1, 1));
        }
        let id = self.required(&f, "id", "the scenario").and_then(|(_, r)| {
            let (w, _) = self.scalar(r, "`id`")?;
            if text::is_id(w) {
                Some(ScenarioId(w.to_string()))
            } else {
                let m = self.mark(r);
                self.error(
                    m,
                    format!("scenario id `{w}` may use only a-z, 0-9 and `-`"),
                    "e.g. `child-patient`",
                );
                None
            }
        });
        let lang = self
            .required(&f, "lang", "the scenario")
            .and_then(|(_, r)| {
                let (w, _) = self.scalar(r, "`lang`")?;
                if (2..=3).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_lowercase()) {
                    Some(LangCode(w.to_string()))
                } else {
                    let m = self.mark(r);
                    self.error(
                        m,
                        format!("`{w}` is not a language code"),
                        "use two or three lowercase letters, like `en` or `ru`",
                    );
                    None
                }
            });
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
            let Some(rf) = self.fields(v, &format!("role `{key}`"), ROLE_KEYS) else {
                continue;
            };
            let Some((_, name)) = self.required(&rf, "name", &format!("role `{key}`")) else {
                continue;
            };
            // Names are read before the role exists, so they cannot contain placeholders.
            let names = self.variants(name, "a role name");
            if !names.is_empty() {
                self.roles.push(Role { key, names });
            }
        }
        if !self.has_role("patient") {
            let m = self.mark(r);
            self.error(m, "`roles` has no `patient`", "add `patient: {name: NAME}`");
        }
    }

    /// A map with free-form keys (the roles), reporting duplicates.
    fn fields_any(&mut self, r: NodeRef, what: &str) -> Option<Vec<(String, Mark, NodeRef)>> {
        let node = self.tree.get(r);
        let Value::Map(entries) = &node.value else {
            let found = node.value.kind_name();
            self.error(
                node.mark,
                format!("{what} must be a map, found {found}"),
                "e.g. `roles: {patient: {name: Anna}}`",
            );
            return None;
        };
        let mut out: Vec<(String, Mark, NodeRef)> = Vec::new();
        for &(k, v) in entries {
            let Some((key, _)) = self.scalar(k, "a key") else {
                continue;
            };
            let m = self.mark(k);
            if out.iter().any(|(s, _, _)| s == key) {
                self.error(
                    m,
                    format!("duplicate key `{key}` in {what}"),
                    "keep one of them",
                );
                continue;
            }
            out.push((key.to_string(), m, v));
        }
        Some(out)
    }

    /// A string or a non-empty list of strings.
    fn variants(&mut self, r: NodeRef, what: &str) -> Vec<String> {
        match &self.tree.get(r).value {
            Value::Seq(items) => {
                if items.is_empty() {
                    let m = self.mark(r);
                    self.error(m, format!("{what}: the list is empty"), "give at least one");
                }
                items.iter().filter_map(|&i| self.text(i, what)).collect()
            }
            _ => self.text(r, what).into_iter().collect(),
        }
    }

    fn mood(&mut self, r: NodeRef) -> Option<MoodRules> {
        let f = self.fields(r, "`mood`", MOOD_KEYS)?;
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
        let f = self.fields(r, "a node", NODE_KEYS)?;
        let (id, id_mark) = match self.required(&f, "id", "a node") {
            Some((_, ir)) => {
                let (w, _) = self.scalar(ir, "a node `id`")?;
                let m = self.mark(ir);
                if !text::is_node_id(w) {
                    self.error(
                        m,
                        format!("node id `{w}` may use only a-z, 0-9, `-` and `_`"),
                        "e.g. `at-the-desk`",
                    );
                }
                (w.to_string(), m)
            }
            None => return None,
        };
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

    fn lines(&mut self, r: NodeRef, node_id: &str) -> Vec<Line> {
        let Some(items) = self.list(r, "`lines`") else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for &item in items {
            let node = self.tree.get(item);
            let Value::Map(entries) = &node.value else {
                self.error(
                    node.mark,
                    format!("a line in node `{node_id}` must be `SPEAKER: TEXT`"),
                    "e.g. `- patient: \"Hello\"` or `- narrator: The phone rings.`",
                );
                continue;
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
                continue;
            }
            let (k, v) = entries[0];
            let Some((speaker, _)) = self.scalar(k, "a speaker") else {
                continue;
            };
            let speaker = if speaker == "narrator" {
                Some(Speaker::Narrator)
            } else {
                self.roles
                    .iter()
                    .position(|r| r.key == speaker)
                    .map(Speaker::Role)
            };
            let Some(speaker) = speaker else {
                let m = self.mark(k);
                let mut known: Vec<&str> = vec!["narrator"];
                known.extend(self.roles.iter().map(|r| r.key.as_str()));
                let name = self.tree.get(k).value.clone();
                let Value::Scalar { text: name, .. } = name else {
                    continue;
                };
                let hint = match text::did_you_mean(&name, &known) {
                    Some(s) => format!("did you mean `{s}`? speakers: {}", known.join(", ")),
                    None => format!(
                        "declare it under `roles`, or use one of: {}",
                        known.join(", ")
                    ),
                };
                self.error(m, format!("unknown speaker `{name}`"), hint);
                continue;
            };
            let variants = self.variants(v, "a line");
            if !variants.is_empty() {
                out.push(Line { speaker, variants });
            }
        }
        out
    }

    fn choices(&mut self, r: NodeRef, node_id: &str) -> Vec<RawChoice> {
        let Some(items) = self.list(r, "`choices`") else {
            return Vec::new();
        };
        self.replies += items.len();
        items
            .iter()
            .filter_map(|&item| self.choice(item, node_id))
            .collect()
    }

    fn choice(&mut self, r: NodeRef, node_id: &str) -> Option<RawChoice> {
        let what = format!("a reply in node `{node_id}`");
        let f = self.fields(r, &what, CHOICE_KEYS)?;
        let text = self
            .required(&f, "text", &what)
            .and_then(|(_, t)| self.text(t, "a reply's `text`"));
        let fatal = f
            .get("fatal")
            .and_then(|(_, fr)| self.word(fr, "fatal error", FatalKind::parse, FatalKind::WORDS));
        let mut good = Vec::new();
        if let Some((gm, gr)) = f.get("good") {
            let items: Vec<NodeRef> = match &self.tree.get(gr).value {
                Value::Seq(items) => items.clone(),
                _ => vec![gr],
            };
            for item in items {
                if let Some(t) = self.word(item, "technique", Technique::parse, Technique::WORDS)
                    && !good.contains(&t)
                {
                    good.push(t);
                }
            }
            if fatal.is_some() {
                self.error(
                    gm,
                    format!("{what} is both `fatal` and `good`"),
                    "a reply that makes a fatal error is scored as fatal; remove one of the keys",
                );
            }
        }
        let mood = match f.get("mood") {
            Some((_, mr)) => self.int(mr, "a reply's `mood`", (-20, 20)).unwrap_or(0) as i32,
            None => 0,
        };
        let set = f
            .get("set")
            .map(|(_, sr)| self.flag_list(sr, "`set`"))
            .unwrap_or_default();
        let unset = f
            .get("unset")
            .map(|(_, sr)| self.flag_list(sr, "`unset`"))
            .unwrap_or_default();
        self.flags_set.extend(set.iter().copied());
        let condition = f.get("if").and_then(|(_, cr)| self.condition(cr));
        let thought = self.optional_text(&f, "thought", "`thought`");
        let feedback = self.optional_text(&f, "feedback", "`feedback`");
        if feedback.is_none() && f.get("feedback").is_none() {
            self.diags.push(
                Diagnostic::warning(f.mark, format!("{what} has no `feedback`"))
                    .with_hint("say what the reply does and what works better"),
            );
        }
        let next = self
            .required(&f, "next", &what)
            .and_then(|(_, nr)| self.next(nr));
        Some(RawChoice {
            text: text?,
            fatal,
            good,
            mood,
            set,
            unset,
            condition,
            thought,
            feedback,
            next,
            mark: f.mark,
        })
    }

    fn next(&mut self, r: NodeRef) -> Option<RawNext> {
        match &self.tree.get(r).value {
            Value::Seq(items) => {
                let items = items.clone();
                if items.is_empty() {
                    let m = self.mark(r);
                    self.error(m, "`next` is an empty list", "give at least `- {to: NODE}`");
                    return None;
                }
                let mut branches = Vec::new();
                let last = items.len() - 1;
                for (i, item) in items.into_iter().enumerate() {
                    let f = self.fields(item, "a `next` entry", BRANCH_KEYS)?;
                    let to = self.required(&f, "to", "a `next` entry")?;
                    let (target, _) = self.scalar(to.1, "`to`")?;
                    let target_mark = self.mark(to.1);
                    let cond = match f.get("if") {
                        Some((im, ir)) => {
                            if i == last {
                                self.error(
                                    im,
                                    "the last `next` entry has an `if`: there is no fallback",
                                    "add a last entry without `if`, e.g. `- {to: NODE}`",
                                );
                            }
                            Some(self.condition(ir)?)
                        }
                        None => {
                            if i != last {
                                self.error(
                                    f.mark,
                                    "only the last `next` entry may omit `if`",
                                    "entries after one without `if` are never reached",
                                );
                            }
                            None
                        }
                    };
                    branches.push((cond, target.to_string(), target_mark));
                }
                Some(RawNext::Branches(branches))
            }
            _ => {
                let (w, _) = self.scalar(r, "`next`")?;
                Some(RawNext::To(w.to_string(), self.mark(r)))
            }
        }
    }

    // ---- second pass: ids and the graph -----------------------------------------------------

    fn resolve(
        &mut self,
        raw: Vec<RawNode>,
        (start, start_mark): (String, Mark),
    ) -> Option<(NodeIdx, Vec<Node>)> {
        let mut index: HashMap<&str, NodeIdx> = HashMap::with_capacity(raw.len());
        let mut dup_errors = Vec::new();
        for (i, n) in raw.iter().enumerate() {
            if let Some(first) = index.get(n.id.as_str()) {
                let first_line = raw[first.get()].id_mark.line;
                dup_errors.push(
                    Diagnostic::error(n.id_mark, format!("duplicate node id `{}`", n.id))
                        .with_hint(format!(
                            "a node `{}` is already defined at line {first_line}; rename one",
                            n.id
                        )),
                );
            } else {
                index.insert(n.id.as_str(), NodeIdx(i as u32));
            }
        }
        self.diags.extend(dup_errors);
        let ids: Vec<&str> = raw.iter().map(|n| n.id.as_str()).collect();
        let mut missing = Vec::new();
        let lookup = |name: &str, mark: Mark, missing: &mut Vec<Diagnostic>| {
            let found = index.get(name).copied();
            if found.is_none() {
                let hint = match text::did_you_mean(name, &ids) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "name the `id` of a node in this file".to_string(),
                };
                missing.push(
                    Diagnostic::error(mark, format!("there is no node `{name}`")).with_hint(hint),
                );
            }
            found
        };
        let start_idx = lookup(&start, start_mark, &mut missing);

        let mut nodes = Vec::with_capacity(raw.len());
        for n in raw.iter() {
            let kind = match (&n.choices, n.ending) {
                (Some((m, _)), Some(_)) => {
                    missing.push(
                        Diagnostic::error(*m, format!("ending node `{}` has `choices`", n.id))
                            .with_hint("an ending has no replies: remove `choices` or `ending`"),
                    );
                    None
                }
                (None, None) if n.ending_key => None,
                (None, None) => {
                    missing.push(
                        Diagnostic::error(
                            n.mark,
                            format!("node `{}` has neither `choices` nor `ending`", n.id),
                        )
                        .with_hint("add replies under `choices`, or mark it `ending: retained`"),
                    );
                    None
                }
                (None, Some((_, ending))) => Some(NodeKind::Ending {
                    ending,
                    text: n.text.clone(),
                }),
                (Some((m, choices)), None) => {
                    if choices.is_empty() {
                        missing.push(
                            Diagnostic::error(*m, format!("node `{}` has no replies", n.id))
                                .with_hint("give at least one reply, or make it an ending"),
                        );
                    } else if choices.iter().all(|c| c.condition.is_some()) {
                        missing.push(
                            Diagnostic::error(
                                *m,
                                format!("every reply in node `{}` has an `if`", n.id),
                            )
                            .with_hint("give at least one reply no `if`, so the trainee always has something to say"),
                        );
                    }
                    let mut out = Vec::with_capacity(choices.len());
                    for c in choices {
                        let next = match &c.next {
                            Some(RawNext::To(t, m)) => lookup(t, *m, &mut missing).map(Next::To),
                            Some(RawNext::Branches(bs)) => {
                                let mut branches = Vec::new();
                                let mut fallback = None;
                                let mut ok = true;
                                for (cond, t, m) in bs {
                                    let target = lookup(t, *m, &mut missing);
                                    match (cond, target) {
                                        (Some(c), Some(t)) => branches.push((c.clone(), t)),
                                        (None, Some(t)) => fallback = Some(t),
                                        _ => ok = false,
                                    }
                                }
                                match (ok, fallback) {
                                    (true, Some(fallback)) => {
                                        Some(Next::Branches { branches, fallback })
                                    }
                                    _ => None,
                                }
                            }
                            None => None,
                        };
                        out.push(Choice {
                            text: c.text.clone(),
                            fatal: c.fatal,
                            good: c.good.clone(),
                            mood: c.mood,
                            set: c.set.clone(),
                            unset: c.unset.clone(),
                            condition: c.condition.clone(),
                            thought: c.thought.clone(),
                            feedback: c.feedback.clone(),
                            next: next.unwrap_or(Next::To(NodeIdx(u32::MAX))),
                            mark: c.mark,
                        });
                    }
                    Some(NodeKind::Decision { choices: out })
                }
            };
            nodes.push(Node {
                id: n.id.clone(),
                lines: n.lines.clone(),
                discuss: n.discuss.clone(),
                kind: kind.unwrap_or(NodeKind::Decision {
                    choices: Vec::new(),
                }),
                mark: n.mark,
            });
        }
        let any_missing = !missing.is_empty();
        self.diags.extend(missing);
        let start = start_idx?;
        if any_missing || self.diags.iter().any(Diagnostic::is_error) {
            return None;
        }
        self.check_graph(start, &nodes);
        Some((start, nodes))
    }

    fn check_graph(&mut self, start: NodeIdx, nodes: &[Node]) {
        let reachable = reach_forward(start, nodes, |_| true);
        for (i, n) in nodes.iter().enumerate() {
            if !reachable[i] {
                self.diags.push(
                    Diagnostic::error(
                        n.mark,
                        format!("node `{}` is unreachable from `start`", n.id),
                    )
                    .with_hint("lead a reply's `next` to it, or delete it"),
                );
            }
        }
        let can_end = reach_backward(nodes);
        for (i, n) in nodes.iter().enumerate() {
            if reachable[i] && !can_end[i] {
                self.diags.push(
                    Diagnostic::error(
                        n.mark,
                        format!("no ending can be reached from node `{}`", n.id),
                    )
                    .with_hint(
                        "the conversation would go round forever: lead a reply towards an ending",
                    ),
                );
            }
        }
        for n in nodes {
            let choices = n.choices();
            if !choices.is_empty() && choices.iter().all(|c| c.fatal.is_some()) {
                self.diags.push(
                    Diagnostic::warning(
                        n.mark,
                        format!("every reply in node `{}` is a fatal error", n.id),
                    )
                    .with_hint("give the trainee at least one reply that works"),
                );
            }
        }
        let clean = reach_forward(start, nodes, |c| c.fatal.is_none());
        let clean_ending = nodes
            .iter()
            .enumerate()
            .any(|(i, n)| clean[i] && n.ending().is_some());
        if !clean_ending {
            self.diags.push(
                Diagnostic::warning(
                    nodes[start.get()].mark,
                    "no path to an ending is free of fatal errors",
                )
                .with_hint("give the trainee a way through without a fatal error"),
            );
        }
    }

    fn check_flags(&mut self) {
        let mut reported = HashSet::new();
        for (f, mark) in std::mem::take(&mut self.flags_tested) {
            if !self.flags_set.contains(&f) && reported.insert(f) {
                let name = &self.flags[f.0 as usize];
                let set: Vec<&str> = self
                    .flags_set
                    .iter()
                    .map(|i| self.flags[i.0 as usize].as_str())
                    .collect();
                let hint = match text::did_you_mean(name, &set) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("add `set: [{name}]` to the reply that should set it"),
                };
                self.diags.push(
                    Diagnostic::error(mark, format!("flag `{name}` is tested but never set"))
                        .with_hint(hint),
                );
            }
        }
    }
}

/// Nodes reachable from `start` through replies that pass `keep` (conditions ignored).
pub fn reach_forward(start: NodeIdx, nodes: &[Node], keep: impl Fn(&Choice) -> bool) -> Vec<bool> {
    let mut seen = vec![false; nodes.len()];
    let mut queue = VecDeque::from([start]);
    seen[start.get()] = true;
    while let Some(n) = queue.pop_front() {
        for c in nodes[n.get()].choices().iter().filter(|c| keep(c)) {
            for t in c.next.targets() {
                if let Some(s) = seen.get_mut(t.get())
                    && !*s
                {
                    *s = true;
                    queue.push_back(t);
                }
            }
        }
    }
    seen
}

/// Nodes from which some ending can be reached.
fn reach_backward(nodes: &[Node]) -> Vec<bool> {
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for (i, n) in nodes.iter().enumerate() {
        for c in n.choices() {
            for t in c.next.targets() {
                if let Some(p) = preds.get_mut(t.get()) {
                    p.push(i);
                }
            }
        }
    }
    let mut ok = vec![false; nodes.len()];
    let mut queue: VecDeque<usize> = VecDeque::new();
    for (i, n) in nodes.iter().enumerate() {
        if n.ending().is_some() {
            ok[i] = true;
            queue.push_back(i);
        }
    }
    while let Some(i) = queue.pop_front() {
        for &p in &preds[i] {
            if !ok[p] {
                ok[p] = true;
                queue.push_back(p);
            }
        }
    }
    ok
}
