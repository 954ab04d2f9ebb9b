//! The history of every run, in SQLite.
//!
//! The store never deletes, truncates or overwrites a file it cannot use: a corrupt, locked,
//! newer or read-only store gives a [`StoreError`], and the trainer runs on without recording.

mod export;
mod progress;

pub use export::{ExportFormat, export};
pub use progress::{Progress, ScenarioScores, progress, scores};

use crate::engine::{Mode, Run, Summary};
use crate::scenario::{FatalKind, Technique};
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior, params};
use std::path::{Path, PathBuf};
use std::time::Duration;
use thiserror::Error;

/// The schema version this build writes; older stores are migrated, newer ones refused.
pub const SCHEMA_VERSION: i64 = 1;

/// How long a writer waits for another one before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(3);

/// Each migration takes the store from version N to N+1.
const MIGRATIONS: &[&str] = &[
    // 0 → 1: runs and their decisions.
    "CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        run_id TEXT NOT NULL UNIQUE,
        trainee TEXT NOT NULL,
        scenario TEXT NOT NULL,
        lang TEXT NOT NULL,
        scenario_hash TEXT NOT NULL,
        mode TEXT NOT NULL CHECK (mode IN ('practice', 'exam', 'group')),
        seed TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('finished', 'abandoned')),
        outcome TEXT,
        walked_out INTEGER NOT NULL DEFAULT 0,
        score INTEGER,
        justifying INTEGER NOT NULL,
        ignoring INTEGER NOT NULL,
        counter_attacking INTEGER NOT NULL,
        retries INTEGER NOT NULL
    );
    CREATE TABLE decisions (
        run INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        node TEXT NOT NULL,
        choice INTEGER NOT NULL,
        best_choice INTEGER NOT NULL,
        fatal TEXT,
        good TEXT NOT NULL,
        mood INTEGER NOT NULL,
        retried INTEGER NOT NULL,
        PRIMARY KEY (run, step)
    );
    CREATE INDEX runs_by_trainee ON runs (trainee, scenario, started_at);",
];

/// Why the history cannot be used. The trainer says so and runs without recording.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The file is not a SQLite database, or is damaged.
    #[error(
        "the history file {0} is damaged or not a frontdesk history; it was left untouched (move it away to start a new one)"
    )]
    Corrupt(PathBuf),
    /// Another program holds the database.
    #[error("the history file {0} is locked by another program; try again when it is closed")]
    Locked(PathBuf),
    /// Written by a newer frontdesk.
    #[error(
        "the history file {path} is from a newer frontdesk (schema {found}, this one knows {SCHEMA_VERSION}); update frontdesk to record again"
    )]
    Newer {
        /// The file.
        path: PathBuf,
        /// Its schema version.
        found: i64,
    },
    /// The disk or file cannot be written.
    #[error("the history file {0} cannot be written (read-only); runs are not recorded")]
    ReadOnly(PathBuf),
    /// The folder could not be created or read.
    #[error("the history folder {path} cannot be used: {source}")]
    Io {
        /// The folder.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// Anything else SQLite reports.
    #[error("the history file {path} cannot be used: {source}")]
    Sqlite {
        /// The file.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
}

/// The history file inside a data folder.
pub fn db_path(data_dir: &Path) -> PathBuf {
    data_dir.join("history.db")
}

/// The data folder: `--data-dir`, else `FRONTDESK_DATA_DIR`, else the platform's data directory
/// (e.g. `~/.local/share/frontdesk`).
pub fn data_dir(flag: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = flag {
        return Some(p.to_path_buf());
    }
    if let Some(p) = std::env::var_os("FRONTDESK_DATA_DIR").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(p));
    }
    directories::ProjectDirs::from("", "", "frontdesk").map(|d| d.data_dir().to_path_buf())
}

/// What a front end knows of the history: the trainee's runs, newest first.
#[derive(Debug, Clone, Default)]
pub struct HistoryView {
    /// Runs are being recorded.
    pub recording: bool,
    /// Whose runs.
    pub trainee: String,
    /// Why runs are not recorded, when the store could not be used.
    pub problem: Option<String>,
    /// The trainee's runs.
    pub runs: Vec<StoredRun>,
}

/// Everything recorded about one run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunRecord {
    /// A random id, unique across stores (for merging exports).
    pub run_id: String,
    /// Who played.
    pub trainee: String,
    /// Scenario id.
    pub scenario: String,
    /// Scenario language.
    pub lang: String,
    /// Hash of the scenario file, so changed scenarios are not compared blindly.
    pub scenario_hash: String,
    /// Practice, exam or group.
    pub mode: Mode,
    /// The seed.
    pub seed: u64,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// When it ended.
    pub ended_at: DateTime<Utc>,
    /// The run's summary; `outcome` is `None` for an abandoned run.
    pub summary: Summary,
    /// Node id and 1-based file position of the best reply, per decision.
    pub nodes: Vec<(String, usize)>,
}

impl RunRecord {
    /// A record of `run` as it stands now (finished, or abandoned if not over).
    pub fn of(
        run: &Run,
        trainee: &str,
        scenario_hash: &str,
        mode: Mode,
        started_at: DateTime<Utc>,
        ended_at: DateTime<Utc>,
    ) -> Self {
        let s = run.scenario();
        let summary = run.summary();
        let nodes = summary
            .decisions
            .iter()
            .map(|d| (s.node(d.node).id.clone(), d.best + 1))
            .collect();
        Self {
            run_id: format!("{:032x}", rand::random::<u128>()),
            trainee: trainee.to_string(),
            scenario: s.id.0.clone(),
            lang: s.lang.0.clone(),
            scenario_hash: scenario_hash.to_string(),
            mode,
            seed: run.seed(),
            started_at,
            ended_at,
            summary,
            nodes,
        }
    }

    /// True when the run did not reach an ending.
    pub fn abandoned(&self) -> bool {
        self.summary.outcome.is_none()
    }
}

/// A short, stable hash of a scenario file's text.
pub fn scenario_hash(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// The trainee's name: `--trainee`, else the login name, else "trainee".
pub fn trainee_name(flag: Option<&str>) -> String {
    flag.map(str::to_string)
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("LOGNAME").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "trainee".to_string())
}

/// An open history.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
    let code = e.sqlite_error_code();
    match code {
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => {
            StoreError::Corrupt(path.to_path_buf())
        }
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            StoreError::Locked(path.to_path_buf())
        }
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
            StoreError::ReadOnly(path.to_path_buf())
        }
        _ => StoreError::Sqlite {
            path: path.to_path_buf(),
            source: e,
        },
    }
}

impl Store {
    /// Opens (creating if needed) the history in `data_dir`, migrating an older schema.
    pub fn open(data_dir: &Path) -> Result<Self, StoreError> {
        if let Err(source) = std::fs::create_dir_all(data_dir) {
            let path = data_dir.to_path_buf();
            return Err(
                if source.kind() == std::io::ErrorKind::ReadOnlyFilesystem
                    || source.raw_os_error() == Some(30)
                {
                    StoreError::ReadOnly(db_path(data_dir))
                } else {
                    StoreError::Io { path, source }
                },
            );
        }
        Self::open_file(&db_path(data_dir), OpenFlags::default())
    }

    /// Opens a history file with the given SQLite flags (read-only opens are for tests and
    /// tools: they never migrate).
    pub fn open_file(path: &Path, flags: OpenFlags) -> Result<Self, StoreError> {
        // SQLite answers some lock conflicts while opening (switching to WAL, recovering the
        // WAL index after another process) at once, without its busy handler: try again for
        // as long as a writer would wait.
        let start = std::time::Instant::now();
        loop {
            match Self::try_open_file(path, flags) {
                Err(StoreError::Locked(_)) if start.elapsed() < BUSY_TIMEOUT => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                other => return other,
            }
        }
    }

    fn try_open_file(path: &Path, flags: OpenFlags) -> Result<Self, StoreError> {
        let conn = Connection::open_with_flags(path, flags).map_err(|e| classify(path, e))?;
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| classify(path, e))?;
        let store = Self {
            conn,
            path: path.to_path_buf(),
        };
        // Reading the header first tells a damaged file before anything is written to it.
        let version: i64 = store
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| classify(path, e))?;
        store
            .conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })
            .map_err(|e| classify(path, e))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::Newer {
                path: path.to_path_buf(),
                found: version,
            });
        }
        if flags.contains(OpenFlags::SQLITE_OPEN_READ_WRITE) {
            store.prepare(version)?;
        }
        Ok(store)
    }

    fn prepare(&self, version: i64) -> Result<(), StoreError> {
        let err = |e| classify(&self.path, e);
        // WAL lets a reader and a writer (two trainers on one store) work at once.
        // The pragma answers with the mode now in force; the answer itself is not needed.
        self.conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))
            .map_err(err)?;
        self.conn
            .execute_batch("PRAGMA foreign_keys = ON")
            .map_err(err)?;
        for (v, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            // IMMEDIATE takes the write lock up front: a deferred transaction that reads and
            // then writes gets SQLITE_BUSY at once, without waiting, when another writer is in.
            let tx =
                rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
                    .map_err(err)?;
            // Someone else may have migrated while we waited for the lock.
            let now: i64 = tx
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .map_err(err)?;
            if now > v as i64 {
                continue;
            }
            tx.execute_batch(sql).map_err(err)?;
            tx.execute_batch(&format!("PRAGMA user_version = {}", v + 1))
                .map_err(err)?;
            tx.commit().map_err(err)?;
        }
        Ok(())
    }

    /// Where the history lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open store.
    pub fn version(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| classify(&self.path, e))
    }

    /// Records a run and its decisions in one transaction.
    pub fn record(&mut self, r: &RunRecord) -> Result<(), StoreError> {
        let path = self.path.clone();
        let err = |e| classify(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(err)?;
        let s = &r.summary;
        tx.execute(
            "INSERT INTO runs (run_id, trainee, scenario, lang, scenario_hash, mode, seed,
                started_at, ended_at, status, outcome, walked_out, score,
                justifying, ignoring, counter_attacking, retries)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
            params![
                r.run_id,
                r.trainee,
                r.scenario,
                r.lang,
                r.scenario_hash,
                r.mode.as_str(),
                r.seed.to_string(),
                timestamp(r.started_at),
                timestamp(r.ended_at),
                if r.abandoned() {
                    "abandoned"
                } else {
                    "finished"
                },
                s.outcome.map(|o| o.ending.as_str()),
                s.outcome.is_some_and(|o| o.walked_out),
                (!r.abandoned()).then_some(s.score),
                s.fatal.justifying,
                s.fatal.ignoring,
                s.fatal.counter_attacking,
                s.retries,
            ],
        )
        .map_err(err)?;
        let id = tx.last_insert_rowid();
        for (step, (d, (node, best))) in s.decisions.iter().zip(&r.nodes).enumerate() {
            let good: Vec<&str> = d.good.iter().map(|g| g.as_str()).collect();
            tx.execute(
                "INSERT INTO decisions (run, step, node, choice, best_choice, fatal, good, mood, retried)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    id,
                    step as i64 + 1,
                    node,
                    d.choice as i64 + 1,
                    *best as i64,
                    d.fatal.map(|k| k.as_str()),
                    good.join(","),
                    d.mood_after,
                    d.retried,
                ],
            )
            .map_err(err)?;
        }
        tx.commit().map_err(err)
    }

    /// Runs, newest first, optionally for one trainee and since a time.
    pub fn runs(
        &self,
        trainee: Option<&str>,
        since: Option<DateTime<Utc>>,
    ) -> Result<Vec<StoredRun>, StoreError> {
        let err = |e| classify(&self.path, e);
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, run_id, trainee, scenario, lang, scenario_hash, mode, seed, started_at,
                        ended_at, status, outcome, walked_out, score, justifying, ignoring,
                        counter_attacking, retries
                 FROM runs
                 WHERE (?1 IS NULL OR trainee = ?1) AND (?2 IS NULL OR started_at >= ?2)
                 ORDER BY started_at DESC, id DESC",
            )
            .map_err(err)?;
        let since = since.map(timestamp);
        let rows = stmt
            .query_map(params![trainee, since], |row| {
                Ok(StoredRun {
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
                    fatal: [row.get(14)?, row.get(15)?, row.get(16)?],
                    retries: row.get(17)?,
                    decisions: Vec::new(),
                })
            })
            .map_err(err)?;
        let mut runs = rows.collect::<Result<Vec<_>, _>>().map_err(err)?;
        let mut dstmt = self
            .conn
            .prepare(
                "SELECT step, node, choice, best_choice, fatal, good, mood, retried
                 FROM decisions WHERE run = ?1 ORDER BY step",
            )
            .map_err(err)?;
        for run in &mut runs {
            let ds = dstmt
                .query_map([run.id], |row| {
                    Ok(StoredDecision {
                        step: row.get(0)?,
                        node: row.get(1)?,
                        choice: row.get(2)?,
                        best_choice: row.get(3)?,
                        fatal: row.get(4)?,
                        good: row.get(5)?,
                        mood: row.get(6)?,
                        retried: row.get(7)?,
                    })
                })
                .map_err(err)?;
            run.decisions = ds.collect::<Result<Vec<_>, _>>().map_err(err)?;
        }
        Ok(runs)
    }
}

/// RFC 3339 in UTC, to the second: sorts as text.
pub fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A run read back from the store.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StoredRun {
    #[serde(skip)]
    id: i64,
    /// Unique id.
    pub run_id: String,
    /// Who played.
    pub trainee: String,
    /// Scenario id.
    pub scenario: String,
    /// Language.
    pub lang: String,
    /// Hash of the scenario file.
    pub scenario_hash: String,
    /// practice, exam or group.
    pub mode: String,
    /// The seed, as text (a u64 does not fit SQLite's integers).
    pub seed: String,
    /// RFC 3339, UTC.
    pub started_at: String,
    /// RFC 3339, UTC.
    pub ended_at: String,
    /// finished or abandoned.
    pub status: String,
    /// The ending, if finished.
    pub outcome: Option<String>,
    /// The patient walked out.
    pub walked_out: bool,
    /// 0..100, if finished.
    pub score: Option<u8>,
    /// Fatal errors: justifying, ignoring, counter-attacking.
    pub fatal: [u32; 3],
    /// Retried decisions.
    pub retries: u32,
    /// The decisions.
    pub decisions: Vec<StoredDecision>,
}

impl StoredRun {
    /// Fatal errors of one kind.
    pub fn fatal_count(&self, k: FatalKind) -> u32 {
        self.fatal[crate::i18n::words::fatal_position(k)]
    }

    /// True for a finished run.
    pub fn finished(&self) -> bool {
        self.status == "finished"
    }

    /// The techniques used, over all decisions.
    pub fn techniques(&self) -> impl Iterator<Item = Technique> + '_ {
        self.decisions
            .iter()
            .flat_map(|d| d.good.split(',').filter_map(Technique::parse))
    }
}

/// A decision read back from the store.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StoredDecision {
    /// 1-based step.
    pub step: u32,
    /// Node id.
    pub node: String,
    /// 1-based position of the reply in the file.
    pub choice: u32,
    /// 1-based position of the best reply on offer.
    pub best_choice: u32,
    /// The fatal error made.
    pub fatal: Option<String>,
    /// Techniques, comma-separated.
    pub good: String,
    /// Mood after the reply.
    pub mood: i32,
    /// Taken again after a rewind.
    pub retried: bool,
}

#[cfg(test)]
mod tests;
