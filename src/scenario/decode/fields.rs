//! Reading one typed value at a YAML node: a map with known keys, text, a whole number, a list,
//! a word from a vocabulary. Each reader reports a wrong value as a located error with a hint
//! and returns `None`, so the caller can go on and find the next problem in the same run.

use super::{Decoder, MAX_TEXT_CHARS};
use crate::scenario::diagnostic::Mark;
use crate::scenario::model::CaseForm;
use crate::scenario::text;
use crate::scenario::yaml::{self, NodeRef, Value};

/// A mapping's entries by key, after duplicates and unknown keys were reported.
pub(super) struct Fields {
    /// Where the mapping starts: errors about missing keys point here.
    pub(super) mark: Mark,
    entries: Vec<(String, Mark, NodeRef)>,
}

impl Fields {
    /// The key's position and value, if the key was given.
    pub(super) fn get(&self, key: &str) -> Option<(Mark, NodeRef)> {
        self.entries
            .iter()
            .find(|(k, _, _)| k == key)
            .map(|(_, m, r)| (*m, *r))
    }
}

impl<'t> Decoder<'t> {
    /// Reads a mapping, reporting duplicate keys, non-text keys and unknown keys.
    pub(super) fn fields(&mut self, r: NodeRef, what: &str, known: &[&str]) -> Option<Fields> {
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

    /// A key that must be there; reported at the start of its map when it is not.
    pub(super) fn required(
        &mut self,
        f: &Fields,
        key: &str,
        what: &str,
    ) -> Option<(Mark, NodeRef)> {
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

    /// A scalar and whether it was plain (unquoted). `key: ~` and `key:` are not text: the
    /// loader refuses null rather than guess a default.
    pub(super) fn scalar(&mut self, r: NodeRef, what: &str) -> Option<(&'t str, bool)> {
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
    pub(super) fn text(&mut self, r: NodeRef, what: &str) -> Option<String> {
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
                self.check_placeholders(&clean, mark, what);
                Some(clean)
            }
            Err(c @ ('\u{2028}' | '\u{2029}')) => {
                self.error(
                    mark,
                    format!("{what} contains the line separator U+{:04X}", c as u32),
                    "use an ordinary line break (`\\n`, or a `|` block): a terminal draws \
                     U+2028 and U+2029 as nothing, without moving to the next line",
                );
                None
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

    /// Every `{role}` and `{role.FORM}` in a text names a declared role, a known form, and a
    /// form every name of that role has. A wrong form is reported at the placeholder itself.
    fn check_placeholders(&mut self, clean: &str, mark: Mark, what: &str) {
        let mut words: Vec<String> = Vec::new();
        for (_, _, w) in text::placeholders(clean) {
            // A placeholder used twice in one text is reported once.
            if !words.iter().any(|x| x == w) {
                words.push(w.to_string());
            }
        }
        for word in words {
            let (key, form) = match word.split_once('.') {
                Some((k, f)) => (k, Some(f)),
                None => (word.as_str(), None),
            };
            let Some(role) = self.roles.iter().find(|r| r.key == key) else {
                let roles: Vec<&str> = self.roles.iter().map(|r| r.key.as_str()).collect();
                self.error(
                    mark,
                    format!("unknown placeholder `{{{word}}}` in {what}"),
                    format!(
                        "placeholders name roles; declared roles: {}",
                        roles.join(", ")
                    ),
                );
                // One unknown role per text, as before: the rest would repeat it.
                return;
            };
            let Some(form) = form else { continue };
            let at = self.locate(mark, &format!("{{{word}}}"));
            let Some(case) = CaseForm::parse(form) else {
                let closest = CaseForm::WORDS
                    .iter()
                    .map(|w| (strsim::damerau_levenshtein(form, w), *w))
                    .filter(|(d, _)| *d <= 1)
                    .min()
                    .map(|(_, w)| w);
                let hint = match closest {
                    Some(s) => format!(
                        "did you mean `{{{key}.{s}}}`? the forms are: {}",
                        CaseForm::WORDS.join(" ")
                    ),
                    None => format!("the forms are: {}", CaseForm::WORDS.join(" ")),
                };
                self.error(
                    at,
                    format!("unknown case form `{form}` in `{{{word}}}` in {what}"),
                    hint,
                );
                continue;
            };
            let lacking: Vec<String> = role
                .names
                .iter()
                .filter(|n| n.form(case).is_none())
                .map(|n| format!("`{}`", n.nom))
                .collect();
            if !lacking.is_empty() {
                self.error(
                    at,
                    format!(
                        "`{{{word}}}` in {what}: role `{key}` has no `{form}` form for {}",
                        lacking.join(", ")
                    ),
                    format!(
                        "give every name of `{key}` the form, e.g. `name: {{nom: …, {form}: …}}`, \
                         or write `{{{key}}}` here"
                    ),
                );
            }
        }
    }

    /// Where `needle` is written in the file, looking from `mark` on (the start of the text
    /// it is in); `mark` itself when the source is not at hand or the text does not hold it as
    /// written (an escape in a quoted string).
    pub(super) fn locate(&self, mark: Mark, needle: &str) -> Mark {
        let Some(from) = offset_of(self.src, mark) else {
            return mark;
        };
        match self.src[from..].find(needle) {
            Some(at) => super::position_of(self.src.as_bytes(), from + at),
            None => mark,
        }
    }

    /// True for a declared role key.
    pub(super) fn has_role(&self, key: &str) -> bool {
        self.roles.iter().any(|r| r.key == key)
    }

    /// Text under `key` if the key is given.
    pub(super) fn optional_text(&mut self, f: &Fields, key: &str, what: &str) -> Option<String> {
        let (_, r) = f.get(key)?;
        self.text(r, what)
    }

    /// A plain whole number within `range` (inclusive); `"1"` in quotes is text, not a number.
    pub(super) fn int(&mut self, r: NodeRef, what: &str, range: (i64, i64)) -> Option<i64> {
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

    /// A sequence's items.
    pub(super) fn list(&mut self, r: NodeRef, what: &str) -> Option<&'t [NodeRef]> {
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

    /// A word from a fixed vocabulary (`T::parse`, `T::WORDS`), with a did-you-mean hint.
    pub(super) fn word<T: Copy>(
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

    /// A map with free-form keys (the roles), reporting duplicates.
    pub(super) fn fields_any(
        &mut self,
        r: NodeRef,
        what: &str,
    ) -> Option<Vec<(String, Mark, NodeRef)>> {
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
    pub(super) fn variants(&mut self, r: NodeRef, what: &str) -> Vec<String> {
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
}

/// The byte offset of a line and column (in characters) in `src`.
fn offset_of(src: &str, mark: Mark) -> Option<usize> {
    let mut line_start = 0;
    for _ in 1..mark.line {
        line_start += src.get(line_start..)?.find('\n')? + 1;
    }
    let line = src.get(line_start..)?;
    let col = line
        .char_indices()
        .nth(mark.col.saturating_sub(1) as usize)
        .map_or(line.len(), |(i, _)| i);
    Some(line_start + col)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::diagnostic::Diagnostic;
    use crate::scenario::model::Setting;

    /// Runs `read` on the root of `src` and returns its result and the problems it reported.
    fn read<T>(src: &str, read: impl FnOnce(&mut Decoder, NodeRef) -> T) -> (T, Vec<Diagnostic>) {
        let tree = yaml::parse(src, yaml::Limits::default()).expect("test YAML parses");
        let mut d = Decoder::new(&tree);
        let out = read(&mut d, tree.root().expect("test YAML is not empty"));
        (out, d.diags)
    }

    /// The one problem reported, as `LINE:COL: message (hint)`.
    fn only(diags: &[Diagnostic]) -> String {
        assert_eq!(diags.len(), 1, "{diags:?}");
        let d = &diags[0];
        let hint = d.hint.as_deref().unwrap_or("");
        format!("{}:{}: {} ({hint})", d.mark.line, d.mark.col, d.message)
    }

    const KNOWN: &[&str] = &["id", "lang", "difficulty"];

    #[test]
    fn a_list_where_a_map_belongs() {
        let (f, diags) = read("- id\n- lang\n", |d, r| d.fields(r, "the scenario", KNOWN));
        assert!(f.is_none());
        assert_eq!(
            only(&diags),
            "1:1: the scenario must be a map of `key: value`, found a list \
             (expected keys: id, lang, difficulty)"
        );
    }

    #[test]
    fn a_missing_required_key_is_reported_at_its_map() {
        let (found, diags) = read("\nid: x\n", |d, r| {
            let f = d.fields(r, "the scenario", KNOWN).unwrap();
            d.required(&f, "lang", "the scenario")
        });
        assert!(found.is_none());
        assert_eq!(
            only(&diags),
            "2:1: the scenario is missing the required key `lang` \
             (add `lang:` (see docs/scenario-format.md))"
        );
    }

    #[test]
    fn an_unknown_key_gets_a_did_you_mean() {
        let (f, diags) = read("id: x\nlnag: en\n", |d, r| {
            d.fields(r, "the scenario", KNOWN)
        });
        assert!(f.unwrap().get("id").is_some());
        assert_eq!(
            only(&diags),
            "2:1: unknown key `lnag` in the scenario \
             (did you mean `lang`? known keys: id, lang, difficulty)"
        );
    }

    #[test]
    fn a_duplicate_key_names_the_first_line() {
        let (_, diags) = read("id: a\nlang: en\nid: b\n", |d, r| {
            d.fields(r, "the scenario", KNOWN)
        });
        assert_eq!(
            only(&diags),
            "3:1: duplicate key `id` in the scenario (`id` is already given at line 1; keep one)"
        );
    }

    #[test]
    fn a_number_out_of_range_points_at_the_value() {
        let (n, diags) = read("difficulty: 7\n", |d, r| {
            let f = d.fields(r, "the scenario", KNOWN).unwrap();
            let (_, v) = f.get("difficulty").unwrap();
            d.int(v, "`difficulty`", (1, 3))
        });
        assert_eq!(n, None);
        assert_eq!(
            only(&diags),
            "1:13: `difficulty` is 7, outside 1..3 (use a whole number from 1 to 3)"
        );
    }

    #[test]
    fn text_where_a_number_belongs() {
        let (n, diags) = read("\"2\"", |d, r| d.int(r, "`difficulty`", (1, 3)));
        assert_eq!(n, None);
        assert_eq!(
            only(&diags),
            "1:1: `difficulty` must be a whole number, found text (use a whole number from 1 to 3)"
        );
    }

    #[test]
    fn a_word_outside_the_vocabulary_gets_a_did_you_mean() {
        let (w, diags) = read("dsk", |d, r| {
            d.word(r, "setting", Setting::parse, Setting::WORDS)
        });
        assert_eq!(w, None);
        assert_eq!(
            only(&diags),
            "1:1: unknown setting `dsk` (did you mean `desk`? one of: desk, phone)"
        );
        let (w, diags) = read("phone", |d, r| {
            d.word(r, "setting", Setting::parse, Setting::WORDS)
        });
        assert_eq!((w, diags.len()), (Some(Setting::Phone), 0));
    }

    #[test]
    fn null_is_not_text() {
        let (t, diags) = read("title: ~\n", |d, r| {
            let f = d.fields(r, "the scenario", &["title"]).unwrap();
            d.optional_text(&f, "title", "`title`")
        });
        assert_eq!(t, None);
        assert_eq!(
            only(&diags),
            "1:8: `title` must be text, found nothing \
             (write the text after the key, in quotes if it contains `: `)"
        );
    }

    #[test]
    fn a_missing_form_is_reported_at_the_placeholder_even_in_a_block() {
        let src = "id: f\nlang: ru\ntitle: T\nsummary: S\nsetting: desk\ndifficulty: 1\n\
                   roles:\n  patient: {name: [{nom: Анна, gen: Анны}, Ольга]}\n\
                   start: a\nnodes:\n  - id: a\n    lines:\n      - narrator: |\n\
                   \x20         Первая строка.\n\
                   \x20         Карта {patient.gen} и снова {patient.gen}.\n\
                   \x20   ending: retained\n";
        let c = crate::scenario::check_str(src);
        let errors: Vec<&Diagnostic> = c.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert_eq!(errors.len(), 1, "once per text: {errors:?}");
        let d = errors[0];
        assert_eq!((d.mark.line, d.mark.col), (15, 17), "{d:?}");
        assert!(d.message.contains("no `gen` form for `Ольга`"), "{d:?}");
        assert!(d.hint.as_deref().unwrap().contains("gen: …"), "{d:?}");
    }
}
