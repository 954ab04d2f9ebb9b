//! Flags: their names are interned to indexes as they are met (in `set`, `unset` and in
//! conditions), and after the first pass every flag a condition tests must be set somewhere.

use super::Decoder;
use crate::scenario::condition::{self, Condition};
use crate::scenario::diagnostic::{Diagnostic, Mark};
use crate::scenario::model::FlagIdx;
use crate::scenario::text;
use crate::scenario::yaml::{NodeRef, Value};
use std::collections::HashSet;

impl Decoder<'_> {
    /// `set:` / `unset:` as one flag name or a list of them.
    pub(super) fn flag_list(&mut self, r: NodeRef, what: &str) -> Vec<FlagIdx> {
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

    /// The index of flag `name`, adding it at first sight.
    fn intern(&mut self, name: &str) -> FlagIdx {
        if let Some(&i) = self.flag_index.get(name) {
            return i;
        }
        let i = FlagIdx(self.flags.len() as u32);
        self.flags.push(name.to_string());
        self.flag_index.insert(name.to_string(), i);
        i
    }

    /// An `if:` condition; the flags it tests are remembered for `check_flags`. A parse error
    /// points into the condition, past the opening quote when there is one.
    pub(super) fn condition(&mut self, r: NodeRef) -> Option<Condition> {
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

    /// A flag tested but never set is always false: most likely a typo, reported once per flag
    /// at its first test.
    pub(super) fn check_flags(&mut self) {
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
