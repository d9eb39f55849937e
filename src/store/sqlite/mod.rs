//! The SQLite engine: a case store in one file, through rusqlite's bundled SQLite.
//!
//! The file is in WAL mode, so readers go on while one writer writes; a writer waits up to
//! ten seconds for another. Lists of ids are passed as one JSON parameter and read with
//! `json_each`, so no statement is ever built from data.
//!
//! Past 600 lines, this is one cohesive thing: the `Engine` trait's one implementation for
//! SQLite, a block Rust does not split across files (the writes are in [`tx`]).

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, ToSql, TransactionBehavior, params};

mod tx;
mod walk;

use super::engine::{
    Beyond, Candidate, Case, Counted, Engine, KindCount, Link, Logged, Match, Outcome, Past, Probe,
    Recorder, Tx,
};
use super::rows::{Stored, Table};
use super::schema::SQLITE;
use super::{CaseSummary, ErrorKind, Result, StoreError};

pub(crate) struct Sqlite {
    conn: Connection,
    location: String,
    recorder: Recorder,
    /// `PRAGMA data_version` when last asked: it changes when another connection commits.
    data_version: Option<i64>,
}

pub(crate) fn failure(location: &str, what: &str, e: rusqlite::Error) -> StoreError {
    let kind = match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ReadOnly) => ErrorKind::ReadOnly,
        Some(rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::NotADatabase) => {
            ErrorKind::Connect
        }
        _ => ErrorKind::Database,
    };
    let message = match kind {
        ErrorKind::ReadOnly => format!("{what}: the store may only be read here ({e})"),
        _ => format!("{what}: {e}"),
    };
    StoreError::new(location, kind, message)
}

pub(crate) fn ids_json(ids: &[String]) -> String {
    serde_json::to_string(ids).unwrap_or_else(|_| "[]".to_owned())
}

impl Sqlite {
    pub fn open(path: &Path, location: &str, create: bool) -> Result<Sqlite> {
        if !create && !path.exists() {
            return Err(StoreError::new(
                location,
                ErrorKind::Connect,
                "there is no store here; `relmap store import FILE --into STORE --case NAME` \
                 makes one",
            ));
        }
        let conn =
            Connection::open(path).map_err(|e| failure(location, "cannot open the store", e))?;
        let setup = || -> rusqlite::Result<()> {
            conn.busy_timeout(Duration::from_secs(10))?;
            // Checks the file is a database before anything is written to it.
            conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))?;
            conn.pragma_update(None, "journal_mode", "WAL")?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            Ok(())
        };
        setup().map_err(|e| failure(location, "cannot open the store", e))?;
        Ok(Sqlite {
            conn,
            location: location.to_owned(),
            recorder: Recorder::default(),
            data_version: None,
        })
    }

    fn fail(&self, what: &str) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        let what = what.to_owned();
        move |e| failure(&self.location, &what, e)
    }

    /// Claims' bodies of these relations (all of the case's when `ids` is `None`), by relation.
    fn claims(
        &mut self,
        case: i64,
        ids: Option<&[String]>,
    ) -> Result<std::collections::HashMap<String, Vec<String>>> {
        let sql = match ids {
            Some(_) => {
                "SELECT relation_id, body FROM claims WHERE case_id = ?1 \
                 AND relation_id IN (SELECT value FROM json_each(?2)) ORDER BY relation_id, ordinal"
            }
            None => {
                "SELECT relation_id, body FROM claims WHERE case_id = ?1 \
                 AND ?2 IS NULL ORDER BY relation_id, ordinal"
            }
        };
        self.recorder.note(sql);
        let ids = ids.map(ids_json);
        let location = self.location.clone();
        let fail = |e| failure(&location, "cannot read claims", e);
        let mut stmt = self.conn.prepare_cached(sql).map_err(fail)?;
        let mut out: std::collections::HashMap<String, Vec<String>> = Default::default();
        let mut rows = stmt.query(params![case, ids]).map_err(fail)?;
        while let Some(row) = rows.next().map_err(fail)? {
            let relation: String = row.get(0).map_err(fail)?;
            out.entry(relation)
                .or_default()
                .push(row.get(1).map_err(fail)?);
        }
        Ok(out)
    }

    fn query_strings<const N: usize>(
        &mut self,
        sql: &str,
        args: &[&dyn ToSql],
        what: &str,
    ) -> Result<Vec<[String; N]>> {
        self.recorder.note(sql);
        let location = self.location.clone();
        let fail = |e| failure(&location, what, e);
        let mut stmt = self.conn.prepare_cached(sql).map_err(fail)?;
        let rows = stmt
            .query_map(args, |row| {
                let mut out: [String; N] = std::array::from_fn(|_| String::new());
                for (i, slot) in out.iter_mut().enumerate() {
                    *slot = row.get(i)?;
                }
                Ok(out)
            })
            .map_err(fail)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(fail)
    }
}

pub(crate) fn table_sql(table: Table) -> (&'static str, &'static str) {
    match table {
        Table::Sources => (
            "SELECT id, version, body FROM sources WHERE case_id = ?1 ORDER BY id",
            "SELECT id, version, body FROM sources WHERE case_id = ?1 \
             AND id IN (SELECT value FROM json_each(?2))",
        ),
        Table::Entities => (
            "SELECT id, version, body FROM entities WHERE case_id = ?1 ORDER BY id",
            "SELECT id, version, body FROM entities WHERE case_id = ?1 \
             AND id IN (SELECT value FROM json_each(?2))",
        ),
        Table::Relations => (
            "SELECT id, version, body FROM relations WHERE case_id = ?1 ORDER BY id",
            "SELECT id, version, body FROM relations WHERE case_id = ?1 \
             AND id IN (SELECT value FROM json_each(?2))",
        ),
    }
}

impl Engine for Sqlite {
    fn name(&self) -> &'static str {
        "SQLite"
    }

    fn location(&self) -> &str {
        &self.location
    }

    fn schema_version(&mut self) -> Result<u32> {
        let sql =
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'relmap_schema'";
        self.recorder.note(sql);
        let exists: i64 = self
            .conn
            .query_row(sql, [], |r| r.get(0))
            .map_err(self.fail("cannot read the schema version"))?;
        if exists == 0 {
            return Ok(0);
        }
        let sql = "SELECT coalesce(max(version), 0) FROM relmap_schema";
        self.recorder.note(sql);
        let v: i64 = self
            .conn
            .query_row(sql, [], |r| r.get(0))
            .map_err(self.fail("cannot read the schema version"))?;
        Ok(u32::try_from(v).unwrap_or(u32::MAX))
    }

    fn migrate_step(&mut self, version: u32) -> Result<bool> {
        let Some(sql) = SQLITE.get(version as usize - 1) else {
            return Ok(false);
        };
        self.recorder.note(sql);
        let location = self.location.clone();
        let fail = |e| failure(&location, "cannot migrate the schema", e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        let have: Option<i64> = tx
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'relmap_schema'",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(fail)?;
        if have == Some(1) {
            let done: i64 = tx
                .query_row(
                    "SELECT count(*) FROM relmap_schema WHERE version >= ?1",
                    [version],
                    |r| r.get(0),
                )
                .map_err(fail)?;
            if done > 0 {
                return Ok(false);
            }
        }
        tx.execute_batch(sql).map_err(fail)?;
        tx.execute(
            "INSERT INTO relmap_schema (version, applied_at) VALUES (?1, datetime('now'))",
            [version],
        )
        .map_err(fail)?;
        tx.commit().map(|()| true).map_err(fail)
    }

    fn cases(&mut self) -> Result<Vec<CaseSummary>> {
        let sql = "SELECT c.name, c.meta, \
            (SELECT count(*) FROM entities e WHERE e.case_id = c.case_id), \
            (SELECT count(*) FROM relations r WHERE r.case_id = c.case_id), \
            (SELECT count(*) FROM claims l WHERE l.case_id = c.case_id), \
            (SELECT count(*) FROM sources s WHERE s.case_id = c.case_id) \
            FROM cases c ORDER BY c.name";
        self.recorder.note(sql);
        let location = self.location.clone();
        let fail = |e| failure(&location, "cannot list the cases", e);
        let mut stmt = self.conn.prepare_cached(sql).map_err(fail)?;
        let rows = stmt
            .query_map([], |r| {
                let meta: String = r.get(1)?;
                Ok(CaseSummary {
                    name: r.get(0)?,
                    title: super::rows::meta_title(&meta),
                    entities: r.get::<_, i64>(2)? as u64,
                    relations: r.get::<_, i64>(3)? as u64,
                    claims: r.get::<_, i64>(4)? as u64,
                    sources: r.get::<_, i64>(5)? as u64,
                })
            })
            .map_err(fail)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(fail)
    }

    fn case(&mut self, name: &str) -> Result<Option<Case>> {
        let sql = "SELECT case_id, name, meta FROM cases WHERE name = ?1";
        self.recorder.note(sql);
        self.conn
            .query_row(sql, [name], |r| {
                Ok(Case {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    meta: r.get(2)?,
                })
            })
            .optional()
            .map_err(self.fail("cannot read the case"))
    }

    fn create_case(&mut self, name: &str, meta: &str) -> Result<i64> {
        let sql = "INSERT INTO cases (name, meta, created_at) VALUES (?1, ?2, datetime('now')) \
                   RETURNING case_id";
        self.recorder.note(sql);
        self.conn
            .query_row(sql, [name, meta], |r| r.get(0))
            .map_err(self.fail("cannot create the case"))
    }

    fn drop_empty_case(&mut self, case: i64) -> Result<()> {
        let sql = "DELETE FROM cases WHERE case_id = ?1 \
                   AND NOT EXISTS (SELECT 1 FROM entities WHERE case_id = ?1) \
                   AND NOT EXISTS (SELECT 1 FROM sources WHERE case_id = ?1)";
        self.recorder.note(sql);
        self.conn
            .execute(sql, [case])
            .map_err(self.fail("cannot remove the empty case"))?;
        Ok(())
    }

    fn transaction(
        &mut self,
        case: i64,
        work: &mut dyn FnMut(&mut dyn Tx) -> Result<Outcome>,
    ) -> Result<Outcome> {
        let location = self.location.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| failure(&location, "cannot start writing", e))?;
        let mut writer = tx::SqliteTx {
            conn: &tx,
            case,
            location: &location,
            recorder: &mut self.recorder,
            bulk: false,
        };
        let outcome = work(&mut writer);
        let bulk = writer.bulk;
        let outcome = match outcome {
            Ok(Outcome::Commit) => tx
                .commit()
                .map(|()| Outcome::Commit)
                .map_err(|e| failure(&location, "cannot finish writing", e)),
            other => {
                drop(tx); // rolls it back
                other
            }
        };
        if bulk {
            // Back to the default whether the work succeeded or not; failing to lower it
            // only costs memory, so it does not hide the work's own outcome.
            let _ = self.conn.pragma_update(None, "cache_size", -tx::CACHE_KIB);
        }
        outcome
    }

    fn all(&mut self, case: i64, table: Table, each: &mut dyn FnMut(Stored)) -> Result<()> {
        let mut claims = if table == Table::Relations {
            self.claims(case, None)?
        } else {
            Default::default()
        };
        let sql = table_sql(table).0;
        self.recorder.note(sql);
        let location = self.location.clone();
        let fail = |e| failure(&location, &format!("cannot read the {}", table.name()), e);
        let mut stmt = self.conn.prepare_cached(sql).map_err(fail)?;
        let mut rows = stmt.query([case]).map_err(fail)?;
        while let Some(row) = rows.next().map_err(fail)? {
            let id: String = row.get(0).map_err(fail)?;
            let claims = claims.remove(&id).unwrap_or_default();
            each(Stored {
                id,
                version: row.get(1).map_err(fail)?,
                body: row.get(2).map_err(fail)?,
                claims,
            });
        }
        Ok(())
    }

    fn rows(&mut self, case: i64, table: Table, ids: &[String]) -> Result<Vec<Stored>> {
        let mut claims = if table == Table::Relations {
            self.claims(case, Some(ids))?
        } else {
            Default::default()
        };
        let sql = table_sql(table).1;
        self.recorder.note(sql);
        let location = self.location.clone();
        let fail = |e| failure(&location, &format!("cannot read the {}", table.name()), e);
        let mut stmt = self.conn.prepare_cached(sql).map_err(fail)?;
        let rows = stmt
            .query_map(params![case, ids_json(ids)], |row| {
                Ok((row.get::<_, String>(0)?, row.get(1)?, row.get(2)?))
            })
            .map_err(fail)?;
        let mut out = Vec::new();
        for row in rows {
            let (id, version, body) = row.map_err(fail)?;
            let claims = claims.remove(&id).unwrap_or_default();
            out.push(Stored {
                id,
                version,
                body,
                claims,
            });
        }
        Ok(out)
    }

    fn positions(
        &mut self,
        case: i64,
        analyst: &str,
        ids: Option<&[String]>,
    ) -> Result<Vec<(String, String, bool)>> {
        let sql = match ids {
            Some(_) => {
                "SELECT entity_id, body, pinned FROM positions WHERE case_id = ?1 AND analyst = ?2 \
                 AND entity_id IN (SELECT value FROM json_each(?3))"
            }
            None => {
                "SELECT entity_id, body, pinned FROM positions WHERE case_id = ?1 AND analyst = ?2 \
                 AND ?3 IS NULL"
            }
        };
        self.recorder.note(sql);
        let location = self.location.clone();
        let fail = |e| failure(&location, "cannot read positions", e);
        let mut stmt = self.conn.prepare_cached(sql).map_err(fail)?;
        let rows = stmt
            .query_map(params![case, analyst, ids.map(ids_json)], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? != 0))
            })
            .map_err(fail)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(fail)
    }

    fn candidates(
        &mut self,
        case: i64,
        probes: &[Probe],
        how: Match,
        limit: usize,
    ) -> Result<Vec<Candidate>> {
        let sql = match how {
            Match::Within => {
                "SELECT e.id, e.name, e.kind, e.search FROM entity_search s \
                 JOIN entities e ON e.rowid = s.rowid \
                 WHERE entity_search MATCH ?2 AND e.case_id = ?1 LIMIT ?3"
            }
            Match::Words => {
                "SELECT e.id, e.name, e.kind, e.search FROM entity_words s \
                 JOIN entities e ON e.rowid = s.rowid \
                 WHERE entity_words MATCH ?2 AND e.case_id = ?1 LIMIT ?3"
            }
        };
        let rows: Vec<[String; 4]> = self.query_strings(
            sql,
            &[&case, &fts_any(probes), &(limit as i64)],
            "cannot search",
        )?;
        Ok(rows.into_iter().map(candidate).collect())
    }

    fn containing(&mut self, case: i64, text: &str, limit: usize) -> Result<Vec<Candidate>> {
        let pattern = format!("%{}%", super::search::like_escaped(text));
        let rows: Vec<[String; 4]> = self.query_strings(
            "SELECT id, name, kind, search FROM entities WHERE case_id = ?1 \
             AND search LIKE ?2 ESCAPE '\\' LIMIT ?3",
            &[&case, &pattern, &(limit as i64)],
            "cannot search",
        )?;
        Ok(rows.into_iter().map(candidate).collect())
    }

    fn counts(&mut self, case: i64, what: Counted, keys: &[String]) -> Result<Vec<(String, i64)>> {
        let sql = match what {
            Counted::Trigrams => {
                "SELECT trigram, CAST(n AS TEXT) FROM trigram_counts WHERE case_id = ?1 \
                 AND trigram IN (SELECT value FROM json_each(?2)) AND n > 0"
            }
            Counted::Words => {
                "SELECT word, CAST(n AS TEXT) FROM word_counts WHERE case_id = ?1 \
                 AND word IN (SELECT value FROM json_each(?2)) AND n > 0"
            }
        };
        let rows: Vec<[String; 2]> =
            self.query_strings(sql, &[&case, &ids_json(keys)], "cannot search")?;
        Ok(rows
            .into_iter()
            .map(|[t, n]| (t, n.parse().unwrap_or(0)))
            .collect())
    }

    fn set_schema(&mut self, _version: u32) {}

    fn refresh_statistics(&mut self) -> Result<()> {
        let _: Vec<[String; 0]> = self.query_strings(
            "PRAGMA optimize",
            &[],
            "cannot refresh the planner's statistics",
        )?;
        Ok(())
    }

    fn fill_words(&mut self, _case: i64) -> Result<()> {
        // FTS5's trigram index finds words too.
        Ok(())
    }

    fn relation_counts(&mut self, case: i64, ids: &[String]) -> Result<Vec<(String, u64)>> {
        let sql = "SELECT j.value, \
            (SELECT count(*) FROM relations r WHERE r.case_id = ?1 AND r.from_id = j.value) + \
            (SELECT count(*) FROM relations r WHERE r.case_id = ?1 AND r.to_id = j.value \
             AND r.from_id <> j.value) \
            FROM json_each(?2) j";
        let rows: Vec<[String; 2]> = self.query_strings_cast(sql, case, ids)?;
        Ok(rows
            .into_iter()
            .map(|[id, n]| (id, n.parse().unwrap_or(0)))
            .collect())
    }

    fn links(&mut self, case: i64, ids: &[String], kinds: &[String]) -> Result<Vec<Link>> {
        walk::links(self, case, ids, kinds)
    }

    fn links_among(&mut self, case: i64, ids: &[String]) -> Result<Vec<Link>> {
        walk::links_among(self, case, ids)
    }

    fn kinds(&mut self, case: i64, ids: &[String]) -> Result<Vec<(String, String)>> {
        walk::kinds(self, case, ids)
    }

    fn beyond(&mut self, case: i64, past: &Past) -> Result<Beyond> {
        walk::beyond(self, case, past)
    }

    fn hub_counts(&mut self, case: i64, ids: &[String]) -> Result<Vec<KindCount>> {
        walk::hub_counts(self, case, ids)
    }

    fn changes_after(
        &mut self,
        case: i64,
        seq: i64,
        skip: &[i64],
        limit: usize,
    ) -> Result<Vec<Logged>> {
        let sql = "SELECT CAST(seq AS TEXT), at, who, item_table, item_id, action, \
                   CAST(version AS TEXT), note FROM changes \
                   WHERE case_id = ?1 AND seq > ?2 \
                   AND seq NOT IN (SELECT value FROM json_each(?4)) ORDER BY seq LIMIT ?3";
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let skip = serde_json::to_string(skip).unwrap_or_else(|_| "[]".into());
        let rows: Vec<[String; 8]> = self.query_strings(
            sql,
            &[&case, &seq, &limit, &skip],
            "cannot read the change log",
        )?;
        Ok(rows.into_iter().map(logged).collect())
    }

    fn last_change(&mut self, case: i64) -> Result<i64> {
        let sql = "SELECT CAST(coalesce(max(seq), 0) AS TEXT) FROM changes WHERE case_id = ?1";
        let rows: Vec<[String; 1]> =
            self.query_strings(sql, &[&case], "cannot read the change log")?;
        Ok(rows.first().and_then(|[n]| n.parse().ok()).unwrap_or(0))
    }

    fn may_have_changed(&mut self) -> Result<bool> {
        let now: i64 = self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .map_err(self.fail("cannot tell whether the file has changed"))?;
        Ok(self.data_version.replace(now) != Some(now))
    }

    fn may_write(&mut self) -> Result<bool> {
        self.conn
            .is_readonly(rusqlite::MAIN_DB)
            .map(|ro| !ro)
            .map_err(self.fail("cannot tell whether the file may be written"))
    }

    fn record(&mut self, on: bool) {
        self.recorder.on = on;
        self.recorder.statements.clear();
    }

    fn recorded(&self) -> Vec<String> {
        self.recorder.statements.clone()
    }
}

impl Sqlite {
    /// A query of ids and counts, the counts read as text.
    fn query_strings_cast(
        &mut self,
        sql: &str,
        case: i64,
        ids: &[String],
    ) -> Result<Vec<[String; 2]>> {
        self.recorder.note(sql);
        let location = self.location.clone();
        let fail = |e| failure(&location, "cannot count relations", e);
        let mut stmt = self.conn.prepare_cached(sql).map_err(fail)?;
        let rows = stmt
            .query_map(params![case, ids_json(ids)], |r| {
                Ok([r.get::<_, String>(0)?, r.get::<_, i64>(1)?.to_string()])
            })
            .map_err(fail)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(fail)
    }
}

/// An FTS5 query matching any of `probes` (each part a quoted string, so no character of
/// the query is read as FTS5 syntax; the trigram tokenizer finds a string as a substring).
fn fts_any(probes: &[Probe]) -> String {
    let quoted = |t: &String| format!("\"{}\"", t.replace('"', "\"\""));
    probes
        .iter()
        .map(|groups| {
            let all: Vec<String> = groups
                .iter()
                .map(|g| {
                    format!(
                        "({})",
                        g.iter().map(quoted).collect::<Vec<_>>().join(" OR ")
                    )
                })
                .collect();
            format!("({})", all.join(" AND "))
        })
        .collect::<Vec<_>>()
        .join(" OR ")
}

fn logged([seq, at, who, table, id, action, version, note]: [String; 8]) -> Logged {
    Logged {
        seq: seq.parse().unwrap_or(0),
        at,
        who,
        item: super::rows::item_of(&table),
        id,
        action,
        version: version.parse().unwrap_or(0),
        note,
    }
}

fn candidate([id, name, kind, search]: [String; 4]) -> Candidate {
    Candidate {
        id,
        name,
        kind,
        search,
    }
}
