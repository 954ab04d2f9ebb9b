//! `frontdesk new`: a small, valid, commented scenario to start from, in the words of
//! `locales/<code>/scaffold.ftl`.

use crate::i18n::scaffold::placeholders;
use crate::i18n::{Lang, Texts};
use crate::scenario::{Setting, Technique};

/// The scaffold for `id` in `lang` (its words from that language's catalogue, English when there
/// is none) at a desk or on the phone. It passes `frontdesk check` as written.
pub fn scaffold(id: &str, lang: &str, setting: Setting) -> String {
    let t = Lang::from_code(lang).texts();
    let w = |id: &str| word(t, id);
    let opening = match setting {
        Setting::Phone => w("scaffold-opening-phone"),
        Setting::Desk => w("scaffold-opening-desk"),
    };
    let settings = Setting::WORDS.join(" | ");
    let techniques = Technique::WORDS.join(" ");
    format!(
        r#"# yaml-language-server: $schema=frontdesk-scenario.schema.json
# {intro}
# {docs}
#   frontdesk check {id}.yaml          {check}
#   frontdesk graph {id}.yaml          {graph}
#   frontdesk play {id}.yaml --watch   {watch}
version: 1
id: {id}
lang: {lang}
title: "{title}"
summary: "{summary}"
source: "{source}"
setting: {setting}            # {settings}
difficulty: 1             # 1..3
roles:                    # {roles}
  patient: {{name: [{p1}, {p2}]}}
mood: {{start: 0, leave_below: -6, walk_out: "{walk_out}"}}
start: opening
nodes:
  - id: opening
    lines:
      - narrator: "{opening}"
      - patient: ["{ask1}", "{ask2}"]   # {variants}
    discuss: "{discuss}"
    choices:
      - text: "{good_text}"
        good: [acknowledge, clarify]    # {techniques}
        mood: 1
        set: [asked]                    # {flags}
        thought: "{good_thought}"
        feedback: "{good_feedback}"
        next: details
      - text: "{bad_text}"
        fatal: justifying               # justifying | ignoring | counter-attacking
        # or, instead of `fatal`: pitfall: giving-in | over-promising | overstepping | passing-up
        mood: -2
        thought: "{bad_thought}"
        feedback: "{bad_feedback}"
        next: details
  - id: details
    lines:
      - patient: "{details}"
    choices:
      - text: "{solve_text}"
        good: [solve]
        mood: 2
        thought: "{solve_thought}"
        feedback: "{solve_feedback}"
        next:                           # {branches}
          - {{if: "asked", to: retained}}
          - {{to: escalated}}
      - text: "{attack_text}"
        fatal: counter-attacking
        mood: -5
        thought: "{attack_thought}"
        feedback: "{attack_feedback}"
        next: lost
  - id: retained
    lines: [{{patient: "{thanks}"}}]
    ending: retained                    # retained | referred | escalated | lost
  - id: escalated
    lines: [{{patient: "{manager}"}}]
    ending: escalated
  - id: lost
    lines: [{{narrator: "{gone}"}}]
    ending: lost
"#,
        intro = w("scaffold-intro"),
        docs = w("scaffold-docs"),
        check = w("scaffold-check"),
        graph = w("scaffold-graph"),
        watch = w("scaffold-watch"),
        title = w("scaffold-title"),
        summary = w("scaffold-summary"),
        source = w("scaffold-source"),
        roles = w("scaffold-roles"),
        p1 = w("scaffold-p1"),
        p2 = w("scaffold-p2"),
        walk_out = w("scaffold-walk-out"),
        ask1 = w("scaffold-ask1"),
        ask2 = w("scaffold-ask2"),
        variants = w("scaffold-variants"),
        discuss = w("scaffold-discuss"),
        good_text = w("scaffold-good-text"),
        flags = w("scaffold-flags"),
        good_thought = w("scaffold-good-thought"),
        good_feedback = w("scaffold-good-feedback"),
        bad_text = w("scaffold-bad-text"),
        bad_thought = w("scaffold-bad-thought"),
        bad_feedback = w("scaffold-bad-feedback"),
        details = w("scaffold-details"),
        solve_text = w("scaffold-solve-text"),
        solve_thought = w("scaffold-solve-thought"),
        solve_feedback = w("scaffold-solve-feedback"),
        branches = w("scaffold-branches"),
        attack_text = w("scaffold-attack-text"),
        attack_thought = w("scaffold-attack-thought"),
        attack_feedback = w("scaffold-attack-feedback"),
        thanks = w("scaffold-thanks"),
        manager = w("scaffold-manager"),
        gone = w("scaffold-gone"),
    )
}

/// A scaffold word: the scenario's `{patient}` and `{doctor}` placeholders are the message's
/// `$patient` and `$doctor`.
fn word(t: &Texts, id: &str) -> String {
    t.format(id, Some(&placeholders()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::check_str;

    #[test]
    fn every_scaffold_checks_clean() {
        for lang in ["en", "ru", "de"] {
            for setting in Setting::ALL.iter().copied() {
                let text = scaffold("my-case", lang, setting);
                let c = check_str(&text);
                assert!(
                    c.diagnostics.is_empty(),
                    "{lang} {setting}: {:?}",
                    c.diagnostics
                );
                let s = c.scenario.unwrap();
                assert_eq!(s.id.0, "my-case");
                assert_eq!(s.lang.0, lang);
            }
        }
    }
}
