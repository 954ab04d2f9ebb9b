//! The history of every run, in SQLite.
//!
//! The store never deletes, truncates or overwrites a file it cannot use: a corrupt, locked,
//! newer, read-only or foreign store gives a [`StoreError`], and the trainer runs on without
//! recording.
//!
//! Before anything is written, an open for writing checks that the file is ours and sound:
//! - ours: its `application_id` is [`APPLICATION_ID`], or (stores made before the id was set)
//!   it has no id, a known `user_version` and exactly frontdesk's tables for that version — it is
//!   stamped with the id when first written. An exactly empty database (a zero-length file, as a
//!   frontdesk that stopped between creating the file and its first write leaves behind) holds
//!   nothing of anyone's and becomes a new store. Anything else is another program's file.
//! - sound: `PRAGMA quick_check` passes, so a damaged page is never written around.
//!
//! Reading ([`Store::open_read_only`]) opens the file read-only, so `history` and `export` work
//! on a read-only disk.

mod group;
mod outbox;
mod read;
mod result;

pub use outbox::{OutboxCounts, Queued, SyncNote};
pub use result::{
    DecidedBy, DecisionResult, GroupDecisionResult, GroupResult, LetterVotes, RunResult, RunStatus,
    run_schema, timestamp,
};

use crate::scenario::{Ending, FatalKind, Pitfall};
use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior, params};
use std::path::{Path, PathBuf};
use std::time::Duration;
use thiserror::Error;

/// The schema version this build writes; older stores are migrated, newer ones refused.
pub const SCHEMA_VERSION: i64 = 4;

/// Marks a database as frontdesk's history (`PRAGMA application_id`): "FDSK" in ASCII.
pub const APPLICATION_ID: i32 = i32::from_be_bytes(*b"FDSK");

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
    // 1 → 2: group sessions as such: who ran them with whom, the headcount, and per decision
    // the room's votes per letter and whose choice the reply was.
    "CREATE TABLE group_sessions (
        run INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
        trainer TEXT,
        group_name TEXT,
        headcount INTEGER NOT NULL CHECK (headcount >= 0),
        exam INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE group_decisions (
        run INTEGER NOT NULL REFERENCES group_sessions(run) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        chosen INTEGER NOT NULL,
        decided_by TEXT NOT NULL CHECK (decided_by IN ('room', 'trainer', 'tie', 'no_votes')),
        PRIMARY KEY (run, step)
    );
    CREATE TABLE group_votes (
        run INTEGER NOT NULL,
        step INTEGER NOT NULL,
        letter INTEGER NOT NULL,
        choice INTEGER NOT NULL,
        votes INTEGER NOT NULL CHECK (votes >= 0),
        PRIMARY KEY (run, step, letter),
        FOREIGN KEY (run, step) REFERENCES group_decisions(run, step) ON DELETE CASCADE
    );",
    // 2 → 3: pitfalls (issue 16), counted per run apart from the fatal errors, and named per
    // decision. Runs recorded before had none to count.
    "ALTER TABLE runs ADD COLUMN giving_in INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE runs ADD COLUMN over_promising INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE runs ADD COLUMN overstepping INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE runs ADD COLUMN passing_up INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE decisions ADD COLUMN pitfall TEXT;",
    // 3 → 4: the xAPI outbox (`docs/xapi.md`). Every run, recorded before or after, is queued
    // by the same transaction that records it (the trigger), so no run can miss the queue;
    // `statements` holds what was first offered to the LRS, so a resend is byte-for-byte the
    // same statements; `sent_at` is set only once the LRS accepted them.
    "CREATE TABLE xapi_outbox (
        run INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
        statements TEXT,
        sent_at TEXT
    );
    CREATE INDEX xapi_outbox_pending ON xapi_outbox (run) WHERE sent_at IS NULL;
    INSERT INTO xapi_outbox (run) SELECT id FROM runs;
    CREATE TRIGGER xapi_queue_run AFTER INSERT ON runs
    BEGIN
        INSERT INTO xapi_outbox (run) VALUES (new.id);
    END;
    CREATE TABLE xapi_sync (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );",
];

/// Why the history cannot be used. The trainer says so and runs without recording.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The file is not a SQLite database, or is damaged.
    #[error(
        "the history file {0} is damaged (or not a SQLite database at all); it was left untouched (move it away to start a new one)"
    )]
    Corrupt(PathBuf),
    /// A SQLite database, or an empty file, that frontdesk did not create.
    #[error(
        "the history file {0} is another program's database, not a frontdesk history; it was left untouched (move it away, or pass --data-dir to keep the history elsewhere)"
    )]
    Foreign(PathBuf),
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
    /// A recorded run whose text does not read as a run (an unknown word, a bad time).
    #[error("the history file {path} has a run it cannot read ({run}): {problem}")]
    BadRun {
        /// The file.
        path: PathBuf,
        /// The run's `run_id`.
        run: String,
        /// What does not read.
        problem: String,
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
    pub runs: Vec<RunResult>,
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
    /// Opened read-only on an empty database: there are no tables to read.
    empty: bool,
}

/// Whose file a database is, from its header and schema (read before anything is written).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Identity {
    /// Stamped with [`APPLICATION_ID`].
    Ours,
    /// Made by a frontdesk from before the id was set: recognised by its schema.
    Unstamped,
    /// No pages at all: a zero-length file.
    Empty,
    /// Anything else.
    Foreign,
}

/// The schema objects (`type`, `name`, `sql`) that migrating an empty database to `version`
/// makes, with SQLite's own automatic indexes left out.
fn schema_of(conn: &Connection) -> rusqlite::Result<Vec<(String, String, Option<String>)>> {
    let mut stmt = conn.prepare(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name",
    )?;
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect()
}

/// What frontdesk's own migrations leave in an empty database at `version`.
fn expected_schema(version: i64) -> rusqlite::Result<Vec<(String, String, Option<String>)>> {
    let conn = Connection::open_in_memory()?;
    for sql in MIGRATIONS.iter().take(version as usize) {
        conn.execute_batch(sql)?;
    }
    schema_of(&conn)
}

/// Reads whose file `conn` is. Nothing is written.
fn identify(conn: &Connection, version: i64) -> rusqlite::Result<Identity> {
    let id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if id == APPLICATION_ID {
        return Ok(Identity::Ours);
    }
    if id != 0 {
        return Ok(Identity::Foreign);
    }
    let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
    if pages == 0 {
        return Ok(Identity::Empty);
    }
    if !(1..=SCHEMA_VERSION).contains(&version) {
        return Ok(Identity::Foreign);
    }
    // Every object frontdesk made, exactly as it made it; objects someone added (a view for a
    // report) are let be.
    let found = schema_of(conn)?;
    let ours = expected_schema(version)?
        .iter()
        .all(|object| found.contains(object));
    Ok(if ours {
        Identity::Unstamped
    } else {
        Identity::Foreign
    })
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

    /// Opens a history file for reading only (`history`, `export`): nothing is created,
    /// migrated or written, and a store on a read-only disk can be read.
    pub fn open_read_only(path: &Path) -> Result<Self, StoreError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        match Self::open_file(path, flags) {
            // A WAL store whose `-shm` index cannot be created (a read-only disk): open it as
            // immutable, which needs no index and takes no locks. Nobody can write to a
            // read-only disk, so nothing changes under the reader.
            Err(StoreError::ReadOnly(_)) => Self::open_file(Path::new(&immutable_uri(path)), flags)
                .map(|mut s| {
                    s.path = path.to_path_buf();
                    s
                })
                .map_err(|e| match e {
                    StoreError::ReadOnly(_) => StoreError::ReadOnly(path.to_path_buf()),
                    e => e,
                }),
            other => other,
        }
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
        let mut store = Self {
            conn,
            path: path.to_path_buf(),
            empty: false,
        };
        let err = |e| classify(path, e);
        // Everything up to `prepare` only reads: a file that is not ours, or not sound, is
        // refused before anything is written to it.
        let version: i64 = store
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(err)?;
        store
            .conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })
            .map_err(err)?;
        let identity = identify(&store.conn, version).map_err(err)?;
        match identity {
            Identity::Foreign => return Err(StoreError::Foreign(path.to_path_buf())),
            Identity::Ours if version > SCHEMA_VERSION => {
                return Err(StoreError::Newer {
                    path: path.to_path_buf(),
                    found: version,
                });
            }
            // Adopted only when it is a plain file of our own with nothing in it: an empty
            // file of another user's, or one behind a link, is still not ours to fill.
            Identity::Empty if !empty_file_of_ours(path) => {
                return Err(StoreError::Foreign(path.to_path_buf()));
            }
            Identity::Empty => store.empty = true,
            Identity::Ours | Identity::Unstamped => {}
        }
        // Checked on every open: a writer must never write around a damaged page, and a reader
        // should say "damaged" rather than show what a damaged page happens to hold.
        if identity != Identity::Empty {
            store.quick_check()?;
        }
        if flags.contains(OpenFlags::SQLITE_OPEN_READ_WRITE) {
            store.prepare(version)?;
            store.empty = false;
        }
        Ok(store)
    }

    /// `PRAGMA quick_check`: a damaged page (with an intact header) is a [`StoreError::Corrupt`].
    fn quick_check(&self) -> Result<(), StoreError> {
        let verdict: String = self
            .conn
            .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
            .map_err(|e| classify(&self.path, e))?;
        if verdict == "ok" {
            Ok(())
        } else {
            Err(StoreError::Corrupt(self.path.clone()))
        }
    }

    fn prepare(&self, version: i64) -> Result<(), StoreError> {
        let err = |e| classify(&self.path, e);
        // The id first, in a transaction of its own: from here on the file says it is ours.
        // (Someone else may have stamped it while we waited for the lock; stamping twice is
        // the same.)
        if self.application_id()? != APPLICATION_ID {
            let tx =
                rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
                    .map_err(err)?;
            tx.execute_batch(&format!("PRAGMA application_id = {APPLICATION_ID}"))
                .map_err(err)?;
            tx.commit().map_err(err)?;
        }
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
    pub fn record(&mut self, r: &RunResult) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO runs (run_id, trainee, scenario, lang, scenario_hash, mode, seed,
                started_at, ended_at, status, outcome, walked_out, score,
                justifying, ignoring, counter_attacking, retries,
                giving_in, over_promising, overstepping, passing_up)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                ?18, ?19, ?20, ?21)",
                params![
                    r.run_id,
                    r.trainee,
                    r.scenario,
                    r.lang,
                    r.scenario_hash,
                    r.mode.as_str(),
                    // Text: a u64 does not fit SQLite's integers.
                    r.seed.to_string(),
                    timestamp(r.started_at),
                    timestamp(r.ended_at),
                    r.status.as_str(),
                    r.outcome.map(Ending::as_str),
                    r.walked_out,
                    r.score,
                    r.fatal.justifying,
                    r.fatal.ignoring,
                    r.fatal.counter_attacking,
                    r.retries,
                    r.pitfalls.giving_in,
                    r.pitfalls.over_promising,
                    r.pitfalls.overstepping,
                    r.pitfalls.passing_up,
                ],
            )?;
            let id = tx.last_insert_rowid();
            for d in &r.decisions {
                let good: Vec<&str> = d.good.iter().map(|g| g.as_str()).collect();
                tx.execute(
                    "INSERT INTO decisions (run, step, node, choice, best_choice, fatal, good, mood, retried,
                    pitfall)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                    params![
                        id,
                        d.step,
                        d.node,
                        d.choice,
                        d.best_choice,
                        d.fatal.map(FatalKind::as_str),
                        good.join(","),
                        d.mood,
                        d.retried,
                        d.pitfall.map(Pitfall::as_str),
                    ],
                )?;
            }
            if let Some(g) = &r.group {
                group::record(tx, id, g)?;
            }
            Ok(())
        })
    }

    /// Runs `write` in one IMMEDIATE transaction and commits it. IMMEDIATE takes the write lock
    /// up front, so a second writer waits for it instead of failing half-way; every error names
    /// the store's file.
    fn write<T>(
        &mut self,
        write: impl FnOnce(&rusqlite::Transaction<'_>) -> rusqlite::Result<T>,
    ) -> Result<T, StoreError> {
        let err = |e| classify(&self.path, e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(err)?;
        let out = write(&tx).map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(out)
    }

    /// The store's `application_id` (for tests and tools).
    pub fn application_id(&self) -> Result<i32, StoreError> {
        self.conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(|e| classify(&self.path, e))
    }
}

/// `path` is a regular file (not a link) of zero bytes, owned by whoever runs frontdesk.
fn empty_file_of_ours(path: &Path) -> bool {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        // Not a plain path (the immutable URI of a read-only open): nothing is written there.
        return true;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // SAFETY: geteuid has no preconditions and cannot fail.
        if meta.uid() != unsafe { libc::geteuid() } {
            return false;
        }
    }
    meta.file_type().is_file() && meta.len() == 0
}

/// A `file:` URI that opens `path` as immutable (see [`Store::open_read_only`]).
fn immutable_uri(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut uri = String::from("file:");
    for b in absolute.as_os_str().as_encoded_bytes() {
        match b {
            b'%' | b'?' | b'#' => uri.push_str(&format!("%{b:02X}")),
            b if b.is_ascii_graphic() || *b == b' ' => uri.push(char::from(*b)),
            b => uri.push_str(&format!("%{b:02X}")),
        }
    }
    uri.push_str("?mode=ro&immutable=1");
    uri
}

#[cfg(test)]
mod tests;
