//! Group sessions in the store (schema version 2): who ran them with whom, the headcount, and
//! per decision the room's votes per letter and whose choice the reply was.

use super::read::word;
use super::result::{DecidedBy, GroupDecisionResult, GroupResult, LetterVotes};
use crate::engine::group::letter;
use rusqlite::{Connection, OptionalExtension, params};

/// Writes a group session's rows for the run `id` (inside the run's transaction).
pub(super) fn record(conn: &Connection, id: i64, g: &GroupResult) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO group_sessions (run, trainer, group_name, headcount, exam)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, g.trainer, g.group, g.headcount, g.exam],
    )?;
    for d in &g.decisions {
        let chosen = index_of(d.chosen);
        conn.execute(
            "INSERT INTO group_decisions (run, step, chosen, decided_by) VALUES (?1, ?2, ?3, ?4)",
            params![id, d.step, chosen, d.decided_by.as_str()],
        )?;
        for v in &d.votes {
            conn.execute(
                "INSERT INTO group_votes (run, step, letter, choice, votes)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![id, d.step, index_of(v.letter), v.choice, v.votes],
            )?;
        }
    }
    Ok(())
}

/// 0 for A.
fn index_of(l: char) -> u32 {
    u32::from(l).saturating_sub(u32::from('A'))
}

/// Reads the group session of run `id`: `None` when it has none (a group run recorded before
/// version 2). The inner error is a word that does not read.
pub(super) fn read(
    conn: &Connection,
    id: i64,
) -> rusqlite::Result<Result<Option<GroupResult>, String>> {
    let head = conn
        .query_row(
            "SELECT trainer, group_name, headcount, exam FROM group_sessions WHERE run = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, Option<String>>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, u32>(2)?,
                    r.get::<_, bool>(3)?,
                ))
            },
        )
        .optional()?;
    let Some((trainer, group, headcount, exam)) = head else {
        return Ok(Ok(None));
    };
    let mut dstmt = conn.prepare_cached(
        "SELECT step, chosen, decided_by FROM group_decisions WHERE run = ?1 ORDER BY step",
    )?;
    let rows = dstmt
        .query_map([id], |r| {
            Ok((
                r.get::<_, u32>(0)?,
                r.get::<_, u32>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut vstmt = conn.prepare_cached(
        "SELECT letter, choice, votes FROM group_votes WHERE run = ?1 AND step = ?2
         ORDER BY letter",
    )?;
    let mut decisions = Vec::with_capacity(rows.len());
    for (step, chosen, decided_by) in rows {
        let votes = vstmt
            .query_map(params![id, step], |r| {
                Ok(LetterVotes {
                    letter: letter(r.get::<_, u32>(0)? as usize),
                    choice: r.get(1)?,
                    votes: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let decided_by = match word("choice maker", &decided_by, DecidedBy::parse) {
            Ok(d) => d,
            Err(e) => return Ok(Err(format!("{e} (decision {step})"))),
        };
        decisions.push(GroupDecisionResult::new(
            step,
            votes,
            letter(chosen as usize),
            decided_by,
        ));
    }
    Ok(Ok(Some(GroupResult {
        trainer,
        group,
        headcount,
        exam,
        decisions,
    })))
}
