//! Reading runs back: rows as SQLite holds them, then their words read as a typed [`RunResult`].

use super::{RunResult, RunStatus, Store, StoreError, classify, group, timestamp};
use crate::engine::{FatalCounts, Mode, PitfallCounts};
use crate::scenario::{Ending, FatalKind, Pitfall, Technique};
use crate::store::DecisionResult;
use chrono::{DateTime, Utc};
use rusqlite::params;

impl Store {
    /// Runs, newest first, optionally for one trainee and since a time. A run whose text does
    /// not read (an unknown mode or technique, a bad time) is a [`StoreError::BadRun`].
    pub fn runs(
        &self,
        trainee: Option<&str>,
        since: Option<DateTime<Utc>>,
    ) -> Result<Vec<RunResult>, StoreError> {
        if self.empty {
            return Ok(Vec::new());
        }
        let since = since.map(timestamp);
        Ok(self
            .select_runs(
                "WHERE (?1 IS NULL OR trainee = ?1) AND (?2 IS NULL OR started_at >= ?2)
                 ORDER BY started_at DESC, id DESC",
                params![trainee, since],
            )?
            .into_iter()
            .map(|(_, run)| run)
            .collect())
    }

    /// Runs chosen and ordered by `tail` (a `WHERE … ORDER BY …` over `runs`), each with its
    /// row id.
    pub(super) fn select_runs(
        &self,
        tail: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<(i64, RunResult)>, StoreError> {
        let err = |e| classify(&self.path, e);
        // A store before version 3 (read without migrating) has no pitfall columns: none were
        // recorded then.
        let version = self.version()?;
        let pitfall_columns = if version >= 3 {
            "giving_in, over_promising, overstepping, passing_up"
        } else {
            "0, 0, 0, 0"
        };
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT id, run_id, trainee, scenario, lang, scenario_hash, mode, seed, started_at,
                        ended_at, status, outcome, walked_out, score, justifying, ignoring,
                        counter_attacking, retries, {pitfall_columns}
                 FROM runs {tail}"
            ))
            .map_err(err)?;
        let rows = stmt
            .query_map(params, |row| {
                Ok(RunRow {
                    id: row.get(0)?,
                    run_id: row.get(1)?,
                    trainee: row.get(2)?,
                    scenario: row.get(3)?,
                    lang: row.get(4)?,
                    scenario_hash: row.get(5)?,
                    mode: row.get(6)?,
                    seed: row.get(7)?,
                    started_at: row.get(8)?,
                    ended_at: row.get(9)?,
                    status: row.get(10)?,
                    outcome: row.get(11)?,
                    walked_out: row.get(12)?,
                    score: row.get(13)?,
                    fatal: FatalCounts {
                        justifying: row.get(14)?,
                        ignoring: row.get(15)?,
                        counter_attacking: row.get(16)?,
                    },
                    retries: row.get(17)?,
                    pitfalls: PitfallCounts {
                        giving_in: row.get(18)?,
                        over_promising: row.get(19)?,
                        overstepping: row.get(20)?,
                        passing_up: row.get(21)?,
                    },
                })
            })
            .map_err(err)?;
        let rows = rows.collect::<Result<Vec<_>, _>>().map_err(err)?;
        let mut dstmt = self
            .conn
            .prepare(&format!(
                "SELECT step, node, choice, best_choice, fatal, good, mood, retried, {}
                 FROM decisions WHERE run = ?1 ORDER BY step",
                if version >= 3 { "pitfall" } else { "NULL" }
            ))
            .map_err(err)?;
        // A version-1 store (read without migrating) has no group tables.
        let groups = version >= 2;
        let mut runs = Vec::with_capacity(rows.len());
        for row in rows {
            let decisions = dstmt
                .query_map([row.id], |d| {
                    Ok(DecisionRow {
                        step: d.get(0)?,
                        node: d.get(1)?,
                        choice: d.get(2)?,
                        best_choice: d.get(3)?,
                        fatal: d.get(4)?,
                        good: d.get(5)?,
                        mood: d.get(6)?,
                        retried: d.get(7)?,
                        pitfall: d.get(8)?,
                    })
                })
                .map_err(err)?
                .collect::<Result<Vec<_>, _>>()
                .map_err(err)?;
            let run_id = row.run_id.clone();
            let id = row.id;
            let bad = |problem| StoreError::BadRun {
                path: self.path.clone(),
                run: run_id.clone(),
                problem,
            };
            let mut run = row.parse(decisions).map_err(bad)?;
            if groups && run.mode == Mode::Group {
                run.group = group::read(&self.conn, id).map_err(err)?.map_err(bad)?;
            }
            runs.push((id, run));
        }
        Ok(runs)
    }
}

/// A `runs` row as SQLite holds it, before its words are read.
struct RunRow {
    id: i64,
    run_id: String,
    trainee: String,
    scenario: String,
    lang: String,
    scenario_hash: String,
    mode: String,
    seed: String,
    started_at: String,
    ended_at: String,
    status: String,
    outcome: Option<String>,
    walked_out: bool,
    score: Option<u8>,
    fatal: FatalCounts,
    retries: u32,
    pitfalls: PitfallCounts,
}

/// A `decisions` row as SQLite holds it.
struct DecisionRow {
    step: u32,
    node: String,
    choice: u32,
    best_choice: u32,
    fatal: Option<String>,
    good: String,
    mood: i32,
    retried: bool,
    pitfall: Option<String>,
}

/// Reads a word with `parse`, or says which `what` it is not.
pub(super) fn word<T>(
    what: &str,
    text: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<T, String> {
    parse(text).ok_or_else(|| format!("`{text}` is not a known {what}"))
}

fn time(what: &str, text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("{what} `{text}` is not an RFC 3339 time ({e})"))
}

impl RunRow {
    fn parse(self, decisions: Vec<DecisionRow>) -> Result<RunResult, String> {
        let decisions = decisions
            .into_iter()
            .map(DecisionRow::parse)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(RunResult {
            mode: word("mode", &self.mode, Mode::parse)?,
            seed: self
                .seed
                .parse()
                .map_err(|_| format!("seed `{}` is not a 64-bit number", self.seed))?,
            started_at: time("start", &self.started_at)?,
            ended_at: time("end", &self.ended_at)?,
            status: word("status", &self.status, RunStatus::parse)?,
            outcome: self
                .outcome
                .as_deref()
                .map(|o| word("ending", o, Ending::parse))
                .transpose()?,
            run_id: self.run_id,
            trainee: self.trainee,
            scenario: self.scenario,
            lang: self.lang,
            scenario_hash: self.scenario_hash,
            walked_out: self.walked_out,
            score: self.score,
            fatal: self.fatal,
            pitfalls: self.pitfalls,
            retries: self.retries,
            decisions,
            group: None,
        })
    }
}

impl DecisionRow {
    fn parse(self) -> Result<DecisionResult, String> {
        let at = |e: String| format!("{e} (decision {})", self.step);
        let fatal = self
            .fatal
            .as_deref()
            .map(|k| word("fatal error", k, FatalKind::parse))
            .transpose()
            .map_err(at)?;
        let pitfall = self
            .pitfall
            .as_deref()
            .map(|k| word("pitfall", k, Pitfall::parse))
            .transpose()
            .map_err(at)?;
        // Techniques are stored comma-joined; none is the empty text.
        let good = if self.good.is_empty() {
            Vec::new()
        } else {
            self.good
                .split(',')
                .map(|t| word("technique", t, Technique::parse))
                .collect::<Result<Vec<_>, _>>()
                .map_err(at)?
        };
        Ok(DecisionResult {
            step: self.step,
            node: self.node,
            choice: self.choice,
            best_choice: self.best_choice,
            fatal,
            pitfall,
            good,
            mood: self.mood,
            retried: self.retried,
        })
    }
}
