//! Presentation helpers: each way the interface words a result lives here once, and the
//! screens, the plain runner and the reports all call it.

use super::Texts;
use crate::engine::{Outcome, PitfallCounts, Run, Who};
use crate::scenario::{FatalKind, Pitfall, Technique};

impl Texts {
    /// The letter of the reply at `i` (0 = A, or А in Russian), as the room sees it.
    pub fn letter(&self, i: usize) -> char {
        let letters = self.letters();
        letters
            .chars()
            .nth(i)
            .or_else(|| letters.chars().last())
            .unwrap_or('?')
    }

    /// A word for a mood value: calm, tense, angry, leaving.
    pub fn mood_word(&self, mood: i32, leave_below: Option<i32>) -> &'static str {
        let leaving = leave_below.is_some_and(|l| mood < l + 2);
        let i = if leaving {
            3
        } else if mood >= 0 {
            0
        } else if mood >= -3 {
            1
        } else {
            2
        };
        self.mood_words()[i]
    }

    /// The verdict on a reply in symbol and words, so it never rests on colour alone:
    /// `✗ justifying`, `✗ giving in`, `· neutral`, `✓ clarify, solve`.
    pub fn verdict(
        &self,
        fatal: Option<FatalKind>,
        pitfall: Option<Pitfall>,
        good: &[Technique],
    ) -> String {
        match (fatal, pitfall) {
            (Some(k), _) => format!("✗ {}", self.fatal(k)),
            (None, Some(k)) => format!("✗ {}", self.pitfall(k)),
            (None, None) if good.is_empty() => format!("· {}", self.neutral()),
            (None, None) => {
                let names: Vec<&str> = good.iter().map(|g| self.technique(*g)).collect();
                format!("✓ {}", names.join(", "))
            }
        }
    }

    /// Pitfalls in words, apart from the fatal errors: `0`, or `2 (giving in 1, overstepping 1)`.
    pub fn pitfall_counts(&self, p: &PitfallCounts) -> String {
        let kinds: Vec<String> = Pitfall::ALL
            .iter()
            .filter(|k| p.get(**k) > 0)
            .map(|k| format!("{} {}", self.pitfall(*k), p.get(*k)))
            .collect();
        if kinds.is_empty() {
            "0".to_string()
        } else {
            format!("{} ({})", p.total(), kinds.join(", "))
        }
    }

    /// How a conversation ended: the ending's name, with "the patient walked out" when so.
    pub fn outcome_words(&self, o: Outcome) -> String {
        if o.walked_out {
            format!("{} ({})", self.ending(o.ending), self.walked_out())
        } else {
            self.ending(o.ending).to_string()
        }
    }

    /// Who says a line: the role's name, "You" for the trainee, the narrator's mark.
    pub fn speaker_name<'r>(&'r self, run: &'r Run, who: &Who) -> &'r str {
        match who {
            Who::Narrator => self.narrator(),
            Who::Role(i) => run.role_name(*i),
            Who::Trainee => self.you(),
        }
    }
}

/// Difficulty 1–3 as stars: `★★☆`.
pub fn stars(difficulty: u8) -> String {
    let d = usize::from(difficulty.min(3));
    "★".repeat(d) + &"☆".repeat(3 - d)
}

/// The patient's name in a run (the role keyed `patient`), empty when there is none.
pub fn patient_name(run: &Run) -> &str {
    run.scenario()
        .roles
        .iter()
        .position(|x| x.key == "patient")
        .map_or("", |i| run.role_name(i))
}

/// True when a role of the run is the patient (for the patient's colour).
pub fn is_patient(run: &Run, role: usize) -> bool {
    run.scenario().roles[role].key == "patient"
}
