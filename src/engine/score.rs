//! Scoring: every decision earns credit against the best reply on offer; fatal errors and
//! pitfalls earn none.

use super::Decision;
use crate::scenario::{Choice, FatalKind, Pitfall, Quality};

/// The value of a reply: 0 fatal or pitfall, 1 neutral, 2 good.
pub fn reply_value(c: &Choice) -> u32 {
    match c.quality() {
        Quality::Fatal | Quality::Pitfall => 0,
        Quality::Neutral => 1,
        Quality::Good => 2,
    }
}

/// The best reply among `offered` (file positions into `choices`): the highest value, then
/// the most techniques, then the first in the file. `None` when nothing is offered.
pub fn best_reply(choices: &[Choice], offered: &[usize]) -> Option<usize> {
    offered.iter().copied().max_by_key(|&i| {
        (
            reply_value(&choices[i]),
            choices[i].good.len(),
            usize::MAX - i,
        )
    })
}

/// The reply to suggest instead of `chosen` (a file position): the best on offer, when it is
/// worth more than `chosen`.
pub fn better_reply(choices: &[Choice], offered: &[usize], chosen: usize) -> Option<usize> {
    let best = best_reply(choices, offered)?;
    (reply_value(&choices[chosen]) < reply_value(&choices[best])).then_some(best)
}

/// Credit for choosing `chosen` among `offered`: its value over the best value on offer.
/// A fatal or pitfall reply earns 0; the best reply available earns 1.
pub fn decision_credit(chosen: &Choice, offered: &[&Choice]) -> f64 {
    let best = offered.iter().map(|c| reply_value(c)).max().unwrap_or(0);
    if reply_value(chosen) == 0 || best == 0 {
        return 0.0;
    }
    f64::from(reply_value(chosen)) / f64::from(best)
}

/// `floor(100 × mean credit)`: the best path scores 100, any fatal error or pitfall keeps it
/// below 100.
/// A run with no decisions scores 100.
pub fn score(decisions: &[Decision]) -> u8 {
    if decisions.is_empty() {
        return 100;
    }
    let total: f64 = decisions.iter().map(|d| d.credit).sum();
    let exact = 100.0 * total / decisions.len() as f64;
    // Guard against 99.99999 rounding up to a perfect score through float error, and the
    // reverse: a run with full credit everywhere is exactly 100.
    if decisions.iter().all(|d| d.credit >= 1.0) {
        100
    } else {
        (exact.floor() as u8).min(99)
    }
}

/// Fatal errors by kind: how many replies made each of the three fatal errors.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct FatalCounts {
    /// Justifying.
    pub justifying: u32,
    /// Ignoring.
    pub ignoring: u32,
    /// Counter-attacking.
    #[serde(rename = "counter-attacking")]
    pub counter_attacking: u32,
}

impl FatalCounts {
    /// Counts the fatal errors in a list of decisions.
    pub fn of(decisions: &[Decision]) -> Self {
        let mut c = Self::default();
        for d in decisions {
            match d.fatal {
                Some(FatalKind::Justifying) => c.justifying += 1,
                Some(FatalKind::Ignoring) => c.ignoring += 1,
                Some(FatalKind::CounterAttacking) => c.counter_attacking += 1,
                None => {}
            }
        }
        c
    }

    /// The count for one kind.
    pub fn get(&self, k: FatalKind) -> u32 {
        match k {
            FatalKind::Justifying => self.justifying,
            FatalKind::Ignoring => self.ignoring,
            FatalKind::CounterAttacking => self.counter_attacking,
        }
    }

    /// All three added up.
    pub fn total(&self) -> u32 {
        self.justifying + self.ignoring + self.counter_attacking
    }
}

/// Pitfalls by kind: how many replies fell into each, counted apart from the fatal errors.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct PitfallCounts {
    /// Giving in.
    #[serde(rename = "giving-in")]
    pub giving_in: u32,
    /// Over-promising.
    #[serde(rename = "over-promising")]
    pub over_promising: u32,
    /// Overstepping.
    pub overstepping: u32,
    /// Passing the problem up.
    #[serde(rename = "passing-up")]
    pub passing_up: u32,
}

impl PitfallCounts {
    /// Counts the pitfalls in a list of decisions.
    pub fn of(decisions: &[Decision]) -> Self {
        let mut c = Self::default();
        for k in decisions.iter().filter_map(|d| d.pitfall) {
            *c.slot(k) += 1;
        }
        c
    }

    fn slot(&mut self, k: Pitfall) -> &mut u32 {
        match k {
            Pitfall::GivingIn => &mut self.giving_in,
            Pitfall::OverPromising => &mut self.over_promising,
            Pitfall::Overstepping => &mut self.overstepping,
            Pitfall::PassingUp => &mut self.passing_up,
        }
    }

    /// The count for one kind.
    pub fn get(&self, k: Pitfall) -> u32 {
        match k {
            Pitfall::GivingIn => self.giving_in,
            Pitfall::OverPromising => self.over_promising,
            Pitfall::Overstepping => self.overstepping,
            Pitfall::PassingUp => self.passing_up,
        }
    }

    /// Sets the count for one kind (reading a store back).
    pub fn set(&mut self, k: Pitfall, n: u32) {
        *self.slot(k) = n;
    }

    /// All four added up.
    pub fn total(&self) -> u32 {
        Pitfall::ALL.iter().map(|k| self.get(*k)).sum()
    }
}
