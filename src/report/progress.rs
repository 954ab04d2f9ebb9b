//! What the history shows back: best and last scores, and the Progress screen's figures.

use crate::engine::{PitfallCounts, Run, RunOptions};
use crate::scenario::{FatalKind, Library, Pitfall, Technique};
use crate::store::RunResult;
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// A scenario's best and last score on its current version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ScenarioScores {
    /// The best finished score.
    pub best: Option<u8>,
    /// The most recent finished score.
    pub last: Option<u8>,
}

/// Best and last score per (scenario id, language), counting only runs of the scenario file as it
/// is now: a changed scenario starts afresh rather than being compared blindly. Group sessions
/// are the room's, not the trainee's, and are left out.
pub fn scores(
    runs: &[RunResult],
    current_hash: impl Fn(&str, &str) -> Option<String>,
) -> HashMap<(String, String), ScenarioScores> {
    let mut out: HashMap<(String, String), ScenarioScores> = HashMap::new();
    // `runs` is newest first.
    for r in runs.iter().filter(|r| r.finished() && !r.is_group()) {
        if current_hash(&r.scenario, &r.lang).as_deref() != Some(r.scenario_hash.as_str()) {
            continue;
        }
        let Some(score) = r.score else { continue };
        let e = out.entry((r.scenario.clone(), r.lang.clone())).or_default();
        e.last = e.last.or(Some(score));
        e.best = Some(e.best.map_or(score, |b| b.max(score)));
    }
    out
}

/// A decision the trainee often gets wrong, with what works there.
#[derive(Debug, Clone, PartialEq)]
pub struct WrongDecision {
    /// The scenario's title.
    pub scenario: String,
    /// The node id (for matching; never shown to the trainee).
    pub node: String,
    /// What the patient says there, names filled in: how the decision is shown.
    pub line: Option<String>,
    /// How many times a reply there was fatal or not among the best.
    pub times: u32,
    /// The best reply there, names filled in.
    pub better: String,
    /// Its feedback.
    pub feedback: Option<String>,
}

/// A scenario's title and its scores over time, oldest first.
pub type Series = (String, Vec<(DateTime<Utc>, u8)>);

/// A group session the trainer ran, for the Progress screen's "Group sessions" section.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupSessionLine {
    /// When it started.
    pub date: DateTime<Utc>,
    /// The scenario's title.
    pub scenario: String,
    /// The group's name, if given.
    pub group: Option<String>,
    /// The most hands counted in a round (0 when unknown: recorded before votes were kept).
    pub headcount: u32,
    /// The room's score; `None` for a session left midway.
    pub score: Option<u8>,
}

/// Everything the Progress screen shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Progress {
    /// Whose progress.
    pub trainee: String,
    /// Finished runs counted.
    pub finished: usize,
    /// Score over time per scenario: (title, [(time, score)] oldest first).
    pub series: Vec<Series>,
    /// Fatal errors by kind over the last 30 days.
    pub fatal_30d: [u32; 3],
    /// Pitfalls by kind over the last 30 days, apart from the fatal errors.
    pub pitfalls_30d: PitfallCounts,
    /// The technique used least, and how often.
    pub least_technique: Option<(Technique, u32)>,
    /// Up to three decisions most often got wrong.
    pub wrong: Vec<WrongDecision>,
    /// The group sessions this person ran, newest first (not counted in any figure above).
    pub group_sessions: Vec<GroupSessionLine>,
}

/// Computes the Progress screen for `trainee` from their runs (newest first).
pub fn progress(
    runs: &[RunResult],
    trainee: &str,
    lib: &Library,
    lang: &str,
    now: DateTime<Utc>,
) -> Progress {
    // The trainee's own runs: group sessions are the room's and are listed apart.
    let mine: Vec<&RunResult> = runs
        .iter()
        .filter(|r| r.trainee == trainee && !r.is_group())
        .collect();
    let title = |id: &str| {
        lib.find(id, lang)
            .map_or_else(|| id.to_string(), |(s, _)| s.title.clone())
    };

    let mut series: Vec<Series> = Vec::new();
    let mut ids: Vec<&str> = mine.iter().map(|r| r.scenario.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        let mut points: Vec<(DateTime<Utc>, u8)> = mine
            .iter()
            .filter(|r| r.scenario == id && r.finished())
            .filter_map(|r| Some((r.started_at, r.score?)))
            .collect();
        points.sort_by_key(|p| p.0);
        if !points.is_empty() {
            series.push((title(id), points));
        }
    }

    let month_ago = now - chrono::Duration::days(30);
    let mut fatal_30d = [0u32; 3];
    let mut pitfalls_30d = PitfallCounts::default();
    for r in mine.iter().filter(|r| r.started_at >= month_ago) {
        for (i, k) in FatalKind::ALL.iter().enumerate() {
            fatal_30d[i] += r.fatal.get(*k);
        }
        for k in Pitfall::ALL {
            pitfalls_30d.set(*k, pitfalls_30d.get(*k) + r.pitfalls.get(*k));
        }
    }

    let mut used: HashMap<Technique, u32> = Technique::ALL.iter().map(|t| (*t, 0)).collect();
    for r in &mine {
        for t in r.techniques() {
            *used.entry(t).or_default() += 1;
        }
    }
    let least_technique = if mine.is_empty() {
        None
    } else {
        Technique::ALL
            .iter()
            .map(|t| (*t, used[t]))
            .min_by_key(|(_, n)| *n)
    };

    let mut misses: HashMap<(String, String), (u32, u32)> = HashMap::new();
    for r in &mine {
        for d in r
            .decisions
            .iter()
            .filter(|d| d.fatal.is_some() || d.pitfall.is_some() || d.choice != d.best_choice)
        {
            let e = misses
                .entry((r.scenario.clone(), d.node.clone()))
                .or_insert((0, d.best_choice));
            e.0 += 1;
        }
    }
    let mut misses: Vec<_> = misses.into_iter().collect();
    misses.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(&b.0)));
    let wrong = misses
        .into_iter()
        .take(3)
        .map(|((scenario, node), (times, best))| {
            let found = lib.find(&scenario, lang).map(|(s, _)| s);
            let (better, feedback, line) = found
                .and_then(|s| {
                    let at = s.node_index(&node)?;
                    let n = s.node(at);
                    let c = n.choices().get((best as usize).checked_sub(1)?)?;
                    // Names as the trainee's latest run of this scenario had them, not another
                    // seed's: the newest run comes first in the history.
                    let seed = mine
                        .iter()
                        .filter(|r| r.scenario == scenario)
                        .max_by_key(|r| r.started_at)
                        .map_or(0, |r| r.seed);
                    let options = RunOptions {
                        seed,
                        ..RunOptions::default()
                    };
                    let run = Run::new(std::sync::Arc::clone(s), options);
                    Some((
                        run.fill(&c.text),
                        c.feedback.as_deref().map(|f| run.fill(f)),
                        run.said_at(at),
                    ))
                })
                .unwrap_or_default();
            WrongDecision {
                scenario: title(&scenario),
                node,
                line,
                times,
                better,
                feedback,
            }
        })
        .collect();

    let group_sessions = runs
        .iter()
        .filter(|r| r.trainee == trainee && r.is_group())
        .map(|r| GroupSessionLine {
            date: r.started_at,
            scenario: title(&r.scenario),
            group: r.group.as_ref().and_then(|g| g.group.clone()),
            headcount: r.group.as_ref().map_or(0, |g| g.headcount),
            score: r.score,
        })
        .collect();

    Progress {
        trainee: trainee.to_string(),
        group_sessions,
        finished: mine.iter().filter(|r| r.finished()).count(),
        series,
        fatal_30d,
        pitfalls_30d,
        least_technique,
        wrong,
    }
}
