//! The trainee's replies in a decision node: text, scoring (`fatal`, `pitfall`, `good`), mood,
//! flags, the `if` that offers them and the `next` they lead to (still as node ids).

use super::{Decoder, RawChoice, RawNext, keys};
use crate::scenario::condition::Condition;
use crate::scenario::diagnostic::{Diagnostic, Mark};
use crate::scenario::model::*;
use crate::scenario::yaml::{NodeRef, Value};

impl Decoder<'_> {
    /// Counts the replies against `MAX_REPLIES` (checked per node by the caller).
    pub(super) fn choices(&mut self, r: NodeRef, node_id: &str) -> Vec<RawChoice> {
        let Some(items) = self.list(r, "`choices`") else {
            return Vec::new();
        };
        self.replies += items.len();
        items
            .iter()
            .filter_map(|&item| self.choice(item, node_id))
            .collect()
    }

    /// One reply; a missing `feedback` is only a warning, so drafts still play.
    fn choice(&mut self, r: NodeRef, node_id: &str) -> Option<RawChoice> {
        let what = format!("a reply in node `{node_id}`");
        let f = self.fields(r, &what, keys::CHOICE)?;
        let text = self
            .required(&f, "text", &what)
            .and_then(|(_, t)| self.text(t, "a reply's `text`"));
        let fatal = f
            .get("fatal")
            .and_then(|(_, fr)| self.word(fr, "fatal error", FatalKind::parse, FatalKind::WORDS));
        let pitfall = f
            .get("pitfall")
            .and_then(|(_, pr)| self.word(pr, "pitfall", Pitfall::parse, Pitfall::WORDS));
        let mut good = Vec::new();
        if let Some((gm, gr)) = f.get("good") {
            good = self.techniques(gr);
            if fatal.is_some() {
                self.error(
                    gm,
                    format!("{what} is both `fatal` and `good`"),
                    "a reply that makes a fatal error is scored as fatal; remove one of the keys",
                );
            }
        }
        if let Some((pm, _)) = f.get("pitfall") {
            for (other, is) in [
                ("fatal", f.get("fatal").is_some()),
                ("good", f.get("good").is_some()),
            ] {
                if is {
                    self.error(
                        pm,
                        format!("{what} is both `pitfall` and `{other}`"),
                        "a reply is exactly one of: fatal, pitfall, good or neutral; keep the \
                         one key that says what the reply does",
                    );
                }
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
            pitfall,
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

    /// `good:` as one technique or a list of them; a repeated one counts once.
    fn techniques(&mut self, r: NodeRef) -> Vec<Technique> {
        let items: Vec<NodeRef> = match &self.tree.get(r).value {
            Value::Seq(items) => items.clone(),
            _ => vec![r],
        };
        let mut good = Vec::new();
        for item in items {
            if let Some(t) = self.word(item, "technique", Technique::parse, Technique::WORDS)
                && !good.contains(&t)
            {
                good.push(t);
            }
        }
        good
    }

    /// `next:` as a node id, or as a list of `{if, to}` branches ending in one without `if`.
    fn next(&mut self, r: NodeRef) -> Option<RawNext> {
        let Value::Seq(items) = &self.tree.get(r).value else {
            let (w, _) = self.scalar(r, "`next`")?;
            return Some(RawNext::To(w.to_string(), self.mark(r)));
        };
        if items.is_empty() {
            let m = self.mark(r);
            self.error(m, "`next` is an empty list", "give at least `- {to: NODE}`");
            return None;
        }
        let last = items.len() - 1;
        let mut branches = Vec::with_capacity(items.len());
        for (i, &item) in items.iter().enumerate() {
            // A broken entry leaves the reply without a usable `next`: stop at the first.
            branches.push(self.branch(item, i == last)?);
        }
        Some(RawNext::Branches(branches))
    }

    /// One `{if: CONDITION, to: NODE}` entry; only the last may (and must) omit `if`.
    fn branch(&mut self, r: NodeRef, is_last: bool) -> Option<(Option<Condition>, String, Mark)> {
        let f = self.fields(r, "a `next` entry", keys::BRANCH)?;
        let (_, to) = self.required(&f, "to", "a `next` entry")?;
        let (target, _) = self.scalar(to, "`to`")?;
        let target_mark = self.mark(to);
        let condition = match f.get("if") {
            Some((if_mark, if_ref)) => {
                if is_last {
                    self.error(
                        if_mark,
                        "the last `next` entry has an `if`: there is no fallback",
                        "add a last entry without `if`, e.g. `- {to: NODE}`",
                    );
                }
                Some(self.condition(if_ref)?)
            }
            None => {
                if !is_last {
                    self.error(
                        f.mark,
                        "only the last `next` entry may omit `if`",
                        "entries after one without `if` are never reached",
                    );
                }
                None
            }
        };
        Some((condition, target.to_string(), target_mark))
    }
}
