//! The xAPI outbox (schema version 4): which runs still have statements to send, what was
//! first offered to the LRS for each, and how the last sync went. What the statements say is
//! the `xapi` module's business; the store keeps them as text.

use super::{RunResult, Store, StoreError, classify};
use rusqlite::{OptionalExtension, params};

/// A run waiting in the outbox.
#[derive(Debug, Clone)]
pub struct Queued {
    /// The run's row id: the outbox key.
    pub id: i64,
    /// The run.
    pub run: RunResult,
    /// The statements as first offered to the LRS (a JSON array), once a send was tried.
    pub statements: Option<String>,
}

/// How many runs are queued and sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OutboxCounts {
    /// Runs whose statements the LRS has not accepted yet.
    pub waiting: u64,
    /// Runs whose statements the LRS accepted.
    pub sent: u64,
}

/// What the last sync left behind.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SyncNote {
    /// When it was tried (RFC 3339).
    pub at: Option<String>,
    /// Why it failed; `None` when it succeeded.
    pub error: Option<String>,
}

impl Store {
    /// Up to `limit` queued runs, oldest first. An older store (not migrated: read-only) has no
    /// outbox and nothing queued.
    pub fn queued(&self, limit: usize) -> Result<Vec<Queued>, StoreError> {
        if self.empty || self.version()? < 4 {
            return Ok(Vec::new());
        }
        let err = |e| classify(&self.path, e);
        let runs = self.select_runs(
            "WHERE id IN (SELECT run FROM xapi_outbox WHERE sent_at IS NULL ORDER BY run LIMIT ?1)
             ORDER BY id",
            params![limit as i64],
        )?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT statements FROM xapi_outbox WHERE run = ?1")
            .map_err(err)?;
        runs.into_iter()
            .map(|(id, run)| {
                let statements: Option<String> = stmt
                    .query_row([id], |r| r.get(0))
                    .optional()
                    .map_err(err)?
                    .flatten();
                Ok(Queued {
                    id,
                    run,
                    statements,
                })
            })
            .collect()
    }

    /// Keeps the statements first offered for run `id`; statements kept before are not
    /// replaced, so every resend is the same statements.
    pub fn keep_statements(&mut self, id: i64, statements: &str) -> Result<(), StoreError> {
        self.conn
            .execute(
                "UPDATE xapi_outbox SET statements = ?2 WHERE run = ?1 AND statements IS NULL",
                params![id, statements],
            )
            .map(drop)
            .map_err(|e| classify(&self.path, e))
    }

    /// Marks runs as accepted by the LRS, in one transaction. Their kept statements are
    /// dropped: nothing will send them again, and the history stays its size.
    pub fn mark_sent(&mut self, ids: &[i64], at: &str) -> Result<(), StoreError> {
        self.write(|tx| {
            let mut stmt = tx.prepare_cached(
                "UPDATE xapi_outbox SET sent_at = ?2, statements = NULL WHERE run = ?1",
            )?;
            for id in ids {
                stmt.execute(params![id, at])?;
            }
            Ok(())
        })
    }

    /// How many runs wait and how many were sent.
    pub fn outbox_counts(&self) -> Result<OutboxCounts, StoreError> {
        if self.empty || self.version()? < 4 {
            return Ok(OutboxCounts::default());
        }
        self.conn
            .query_row(
                "SELECT count(*) FILTER (WHERE sent_at IS NULL),
                        count(*) FILTER (WHERE sent_at IS NOT NULL) FROM xapi_outbox",
                [],
                |r| {
                    Ok(OutboxCounts {
                        waiting: r.get::<_, i64>(0)? as u64,
                        sent: r.get::<_, i64>(1)? as u64,
                    })
                },
            )
            .map_err(|e| classify(&self.path, e))
    }

    /// Writes down how a sync went (`error` is `None` after a success).
    pub fn note_sync(&mut self, at: &str, error: Option<&str>) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "INSERT OR REPLACE INTO xapi_sync (key, value) VALUES ('at', ?1)",
                [at],
            )?;
            match error {
                Some(e) => tx.execute(
                    "INSERT OR REPLACE INTO xapi_sync (key, value) VALUES ('error', ?1)",
                    [e],
                ),
                None => tx.execute("DELETE FROM xapi_sync WHERE key = 'error'", []),
            }?;
            Ok(())
        })
    }

    /// How the last sync went.
    pub fn last_sync(&self) -> Result<SyncNote, StoreError> {
        if self.empty || self.version()? < 4 {
            return Ok(SyncNote::default());
        }
        let get = |key: &str| {
            self.conn
                .query_row("SELECT value FROM xapi_sync WHERE key = ?1", [key], |r| {
                    r.get::<_, String>(0)
                })
                .optional()
                .map_err(|e| classify(&self.path, e))
        };
        Ok(SyncNote {
            at: get("at")?,
            error: get("error")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::store::tests::sample;
    use crate::store::{Store, SyncNote};

    #[test]
    fn every_recorded_run_is_queued_until_marked_sent() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        for minute in 0..3 {
            store.record(&sample(minute)).unwrap();
        }
        let q = store.queued(10).unwrap();
        assert_eq!(q.len(), 3);
        assert!(q.iter().all(|q| q.statements.is_none()));
        store.keep_statements(q[0].id, "[1]").unwrap();
        store.keep_statements(q[0].id, "[2]").unwrap();
        assert_eq!(
            store.queued(1).unwrap()[0].statements.as_deref(),
            Some("[1]"),
            "the first statements offered are kept"
        );
        store
            .mark_sent(&[q[0].id, q[1].id], "2026-11-30T10:00:00Z")
            .unwrap();
        let left = store.queued(10).unwrap();
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].id, q[2].id);
        let counts = store.outbox_counts().unwrap();
        assert_eq!((counts.waiting, counts.sent), (1, 2));
        let kept: i64 = store
            .conn
            .query_row(
                "SELECT count(*) FROM xapi_outbox WHERE statements IS NOT NULL",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(kept, 0, "sent statements are not kept");
    }

    #[test]
    fn the_last_sync_error_is_kept_until_a_sync_succeeds() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        assert_eq!(store.last_sync().unwrap(), SyncNote::default());
        store.note_sync("t1", Some("connection refused")).unwrap();
        assert_eq!(
            store.last_sync().unwrap().error.as_deref(),
            Some("connection refused")
        );
        store.note_sync("t2", None).unwrap();
        assert_eq!(
            store.last_sync().unwrap(),
            SyncNote {
                at: Some("t2".into()),
                error: None
            }
        );
    }
}
