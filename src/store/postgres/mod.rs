//! The PostgreSQL engine: a case store on a server, for a team, through the `postgres` crate
//! (synchronous; the window calls it from a worker thread).
//!
//! The connection is TLS when the server offers it and the URL's `sslmode` allows it
//! (`sslmode=require` refuses a server without TLS); as libpq does for `require`, the server's
//! certificate is checked when `PGSSLROOTCERT` names a CA file. Lists of ids are passed as one
//! `text[]` parameter; no statement is ever built from data. Imports go through `COPY`
//! ([`tx`]).
//!
//! Past 600 lines, this is one cohesive thing: the `Engine` trait's one implementation for
//! PostgreSQL, a block Rust does not split across files (the writes are in [`tx`], the
//! connection in `connect`).

mod connect;
mod hubs;
mod listen;
mod tx;
mod walk;

pub(crate) use connect::failure;

use postgres::Client;
use postgres::types::ToSql;

use super::engine::{
    Beyond, Candidate, Case, Counted, Engine, KindCount, Link, Listening, Logged, Match, Outcome,
    Past, Poke, Probe, Recorder, Tx,
};
use super::rows::{Stored, Table};
use super::schema::POSTGRES;
use super::search::like_escaped;
use super::{CaseSummary, ErrorKind, Result, StoreError};

pub(crate) struct Postgres {
    client: Client,
    /// How this connection was made, password and all: the listener makes its own with it.
    config: postgres::Config,
    location: String,
    recorder: Recorder,
    /// Whether the schema has `entities.words` (version 3 on).
    words: bool,
}

impl Postgres {
    fn query(
        &mut self,
        sql: &str,
        args: &[&(dyn ToSql + Sync)],
        what: &str,
    ) -> Result<Vec<postgres::Row>> {
        self.recorder.note(sql);
        self.client
            .query(sql, args)
            .map_err(|e| failure(&self.location, what, &e))
    }
}

/// A column of a row as the type the schema gives it. A server that sends another type is
/// not one relmap's schema made: that is an error naming the column, never a panic.
pub(crate) fn col<T>(row: &postgres::Row, i: usize) -> Result<T>
where
    T: for<'a> postgres::types::FromSql<'a>,
{
    row.try_get(i).map_err(|e| {
        StoreError::new(
            "the PostgreSQL server",
            ErrorKind::Database,
            format!("column {i} of a row it sent is not what relmap's schema holds: {e}"),
        )
    })
}

fn stored(rows: Vec<postgres::Row>) -> Result<Vec<Stored>> {
    rows.iter()
        .map(|r| {
            Ok(Stored {
                id: col(r, 0)?,
                version: col(r, 1)?,
                body: col(r, 2)?,
                claims: Vec::new(),
            })
        })
        .collect()
}

fn select_sql(table: Table, some: bool) -> &'static str {
    match (table, some) {
        (Table::Sources, false) => {
            "SELECT id, version, body FROM sources WHERE case_id = $1 ORDER BY id"
        }
        (Table::Entities, false) => {
            "SELECT id, version, body FROM entities WHERE case_id = $1 ORDER BY id"
        }
        (Table::Relations, false) => {
            "SELECT id, version, body FROM relations WHERE case_id = $1 ORDER BY id"
        }
        (Table::Sources, true) => {
            "SELECT id, version, body FROM sources WHERE case_id = $1 AND id = ANY($2)"
        }
        (Table::Entities, true) => {
            "SELECT id, version, body FROM entities WHERE case_id = $1 AND id = ANY($2)"
        }
        (Table::Relations, true) => {
            "SELECT id, version, body FROM relations WHERE case_id = $1 AND id = ANY($2)"
        }
    }
}

impl Postgres {
    /// Puts each relation's claims, in order, on it.
    fn with_claims(&mut self, case: i64, rows: &mut [Stored], all: bool) -> Result<()> {
        let claims = if all {
            self.query(
                "SELECT relation_id, body FROM claims WHERE case_id = $1 \
                 ORDER BY relation_id, ordinal",
                &[&case],
                "cannot read claims",
            )?
        } else {
            let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
            self.query(
                "SELECT relation_id, body FROM claims WHERE case_id = $1 \
                 AND relation_id = ANY($2) ORDER BY relation_id, ordinal",
                &[&case, &ids],
                "cannot read claims",
            )?
        };
        let mut by: std::collections::HashMap<String, Vec<String>> = Default::default();
        for c in claims {
            by.entry(col(&c, 0)?).or_default().push(col(&c, 1)?);
        }
        for r in rows {
            r.claims = by.remove(&r.id).unwrap_or_default();
        }
        Ok(())
    }
}

impl Engine for Postgres {
    fn name(&self) -> &'static str {
        "PostgreSQL"
    }

    fn location(&self) -> &str {
        &self.location
    }

    fn schema_version(&mut self) -> Result<u32> {
        let rows = self.query(
            "SELECT to_regclass('relmap_schema') IS NOT NULL",
            &[],
            "cannot read the schema version",
        )?;
        let exists: bool = match rows.first() {
            Some(r) => col(r, 0)?,
            None => false,
        };
        if !exists {
            return Ok(0);
        }
        let rows = self.query(
            "SELECT coalesce(max(version), 0) FROM relmap_schema",
            &[],
            "cannot read the schema version",
        )?;
        let v: i32 = match rows.first() {
            Some(r) => col(r, 0)?,
            None => 0,
        };
        Ok(u32::try_from(v).unwrap_or(0))
    }

    fn migrate_step(&mut self, version: u32) -> Result<bool> {
        let Some(sql) = POSTGRES.get(version as usize - 1) else {
            return Ok(false);
        };
        self.recorder.note(sql);
        let location = self.location.clone();
        let fail = |e: postgres::Error| failure(&location, "cannot migrate the schema", &e);
        let mut tx = self.client.transaction().map_err(fail)?;
        // Two relmaps opening a new database at once: one migrates, the other waits and
        // finds it done.
        tx.execute("SELECT pg_advisory_xact_lock(7265706170)", &[])
            .map_err(fail)?;
        // pg_tables, not to_regclass: a scan of the catalog sees the other client's commit,
        // where the session's cache of names may not yet.
        let exists: bool = col(
            &tx.query_one(
                "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_tables \
                 WHERE schemaname = current_schema() AND tablename = 'relmap_schema')",
                &[],
            )
            .map_err(fail)?,
            0,
        )?;
        if exists {
            let done: i64 = col(
                &tx.query_one(
                    "SELECT count(*) FROM relmap_schema WHERE version >= $1",
                    &[&(version as i32)],
                )
                .map_err(fail)?,
                0,
            )?;
            if done > 0 {
                return tx.commit().map(|()| false).map_err(fail);
            }
        }
        tx.batch_execute(sql).map_err(fail)?;
        tx.execute(
            "INSERT INTO relmap_schema (version) VALUES ($1)",
            &[&(version as i32)],
        )
        .map_err(fail)?;
        tx.commit().map(|()| true).map_err(fail)
    }

    fn cases(&mut self) -> Result<Vec<CaseSummary>> {
        let rows = self.query(
            "SELECT c.name, c.meta, \
             (SELECT count(*) FROM entities e WHERE e.case_id = c.case_id), \
             (SELECT count(*) FROM relations r WHERE r.case_id = c.case_id), \
             (SELECT count(*) FROM claims l WHERE l.case_id = c.case_id), \
             (SELECT count(*) FROM sources s WHERE s.case_id = c.case_id) \
             FROM cases c ORDER BY c.name",
            &[],
            "cannot list the cases",
        )?;
        rows.iter()
            .map(|r| {
                let meta: String = col(r, 1)?;
                let n = |i| col::<i64>(r, i).map(|n| n as u64);
                Ok(CaseSummary {
                    name: col(r, 0)?,
                    title: super::rows::meta_title(&meta),
                    entities: n(2)?,
                    relations: n(3)?,
                    claims: n(4)?,
                    sources: n(5)?,
                })
            })
            .collect()
    }

    fn case(&mut self, name: &str) -> Result<Option<Case>> {
        let rows = self.query(
            "SELECT case_id, name, meta FROM cases WHERE name = $1",
            &[&name],
            "cannot read the case",
        )?;
        rows.first()
            .map(|r| {
                Ok(Case {
                    id: col(r, 0)?,
                    name: col(r, 1)?,
                    meta: col(r, 2)?,
                })
            })
            .transpose()
    }

    fn create_case(&mut self, name: &str, meta: &str) -> Result<i64> {
        let rows = self.query(
            "INSERT INTO cases (name, meta) VALUES ($1, $2) \
             ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING case_id",
            &[&name, &meta],
            "cannot create the case",
        )?;
        match rows.first() {
            Some(r) => col(r, 0),
            None => Err(StoreError::new(
                &self.location,
                ErrorKind::Database,
                "cannot create the case: the server gave it no id",
            )),
        }
    }

    fn drop_empty_case(&mut self, case: i64) -> Result<()> {
        self.query(
            "DELETE FROM cases WHERE case_id = $1 \
             AND NOT EXISTS (SELECT 1 FROM entities WHERE case_id = $1) \
             AND NOT EXISTS (SELECT 1 FROM sources WHERE case_id = $1)",
            &[&case],
            "cannot remove the empty case",
        )?;
        Ok(())
    }

    fn transaction(
        &mut self,
        case: i64,
        work: &mut dyn FnMut(&mut dyn Tx) -> Result<Outcome>,
    ) -> Result<Outcome> {
        let location = self.location.clone();
        let mut tx = self
            .client
            .transaction()
            .map_err(|e| failure(&location, "cannot start writing", &e))?;
        let outcome = {
            let mut writer =
                tx::PgTx::new(&mut tx, case, &location, &mut self.recorder, self.words);
            work(&mut writer)?
        };
        if outcome == Outcome::Commit {
            tx.commit()
                .map_err(|e| failure(&location, "cannot finish writing", &e))?;
        }
        Ok(outcome)
    }

    fn all(&mut self, case: i64, table: Table, each: &mut dyn FnMut(Stored)) -> Result<()> {
        let what = format!("cannot read the {}", table.name());
        let mut rows = stored(self.query(select_sql(table, false), &[&case], &what)?)?;
        if table == Table::Relations {
            self.with_claims(case, &mut rows, true)?;
        }
        rows.into_iter().for_each(each);
        Ok(())
    }

    fn rows(&mut self, case: i64, table: Table, ids: &[String]) -> Result<Vec<Stored>> {
        let what = format!("cannot read the {}", table.name());
        let mut rows = stored(self.query(select_sql(table, true), &[&case, &ids], &what)?)?;
        if table == Table::Relations {
            self.with_claims(case, &mut rows, false)?;
        }
        Ok(rows)
    }

    fn positions(
        &mut self,
        case: i64,
        analyst: &str,
        ids: Option<&[String]>,
    ) -> Result<Vec<(String, String, bool)>> {
        let rows = match ids {
            Some(ids) => self.query(
                "SELECT entity_id, body, pinned FROM positions WHERE case_id = $1 \
                 AND analyst = $2 AND entity_id = ANY($3)",
                &[&case, &analyst, &ids],
                "cannot read positions",
            )?,
            None => self.query(
                "SELECT entity_id, body, pinned FROM positions WHERE case_id = $1 \
                 AND analyst = $2",
                &[&case, &analyst],
                "cannot read positions",
            )?,
        };
        rows.iter()
            .map(|r| Ok((col(r, 0)?, col(r, 1)?, col(r, 2)?)))
            .collect()
    }

    fn candidates(
        &mut self,
        case: i64,
        probes: &[Probe],
        how: Match,
        limit: usize,
    ) -> Result<Vec<Candidate>> {
        // Within names, each group is one `ILIKE ANY` of its patterns, one scan of the
        // trigram index a pattern; as words, one `&&` on the words index, which reads each
        // word's own list. PostgreSQL intersects a probe's groups inside the index and unites
        // the probes.
        let mut ors = Vec::new();
        let mut arrays: Vec<Vec<String>> = Vec::new();
        for groups in probes {
            let mut ands = Vec::new();
            for g in groups {
                match how {
                    Match::Within => {
                        arrays.push(g.iter().map(|t| format!("%{}%", like_escaped(t))).collect());
                        ands.push(format!("search ILIKE ANY(${})", arrays.len() + 2));
                    }
                    Match::Words => {
                        arrays.push(g.clone());
                        ands.push(format!("words && ${}::text[]", arrays.len() + 2));
                    }
                }
            }
            if !ands.is_empty() {
                ors.push(format!("({})", ands.join(" AND ")));
            }
        }
        if ors.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT id, name, kind, search FROM entities WHERE case_id = $1 AND ({}) LIMIT $2",
            ors.join(" OR ")
        );
        let limit = limit as i64;
        let mut args: Vec<&(dyn ToSql + Sync)> = vec![&case, &limit];
        for a in &arrays {
            args.push(a);
        }
        let rows = self.query(&sql, &args, "cannot search")?;
        candidates_of(&rows)
    }

    fn containing(&mut self, case: i64, text: &str, limit: usize) -> Result<Vec<Candidate>> {
        let pattern = format!("%{}%", like_escaped(text));
        let rows = self.query(
            "SELECT id, name, kind, search FROM entities WHERE case_id = $1 \
             AND search ILIKE $2 LIMIT $3",
            &[&case, &pattern, &(limit as i64)],
            "cannot search",
        )?;
        candidates_of(&rows)
    }

    fn counts(&mut self, case: i64, what: Counted, keys: &[String]) -> Result<Vec<(String, i64)>> {
        let sql = match what {
            Counted::Trigrams => {
                "SELECT trigram, n FROM trigram_counts WHERE case_id = $1 \
                 AND trigram = ANY($2) AND n > 0"
            }
            Counted::Words => {
                "SELECT word, n FROM word_counts WHERE case_id = $1 AND word = ANY($2) AND n > 0"
            }
        };
        let rows = self.query(sql, &[&case, &keys], "cannot search")?;
        rows.iter().map(|r| Ok((col(r, 0)?, col(r, 1)?))).collect()
    }

    fn fill_words(&mut self, case: i64) -> Result<()> {
        // In id order, a page at a time, so that memory stays flat however big the case.
        let mut after = String::new();
        loop {
            let rows = self.query(
                "SELECT id, search FROM entities WHERE case_id = $1 AND id > $2 \
                 ORDER BY id LIMIT 5000",
                &[&case, &after],
                "cannot index the words of names",
            )?;
            let Some(last) = rows.last() else {
                return Ok(());
            };
            after = col(last, 0)?;
            let mut ids = Vec::with_capacity(rows.len());
            let mut words = Vec::with_capacity(rows.len());
            for r in &rows {
                ids.push(col::<String>(r, 0)?);
                words.push(super::vocabulary::word_set(&col::<String>(r, 1)?).join(" "));
            }
            self.query(
                "UPDATE entities e SET words = string_to_array(u.w, ' ') \
                 FROM unnest($2::text[], $3::text[]) AS u(id, w) \
                 WHERE e.case_id = $1 AND e.id = u.id",
                &[&case, &ids, &words],
                "cannot index the words of names",
            )?;
        }
    }

    fn set_schema(&mut self, version: u32) {
        self.words = version >= 3;
    }

    fn refresh_statistics(&mut self) -> Result<()> {
        // VACUUM as well as ANALYZE: it marks the new rows' pages all-visible, without which
        // the covering indexes an expansion walks (schema 4) would still visit every row.
        // Autovacuum would do it later; the first expansions after an import should not wait.
        let sql = "VACUUM (ANALYZE) entities, relations, claims, word_counts, trigram_counts";
        self.recorder.note(sql);
        self.client.batch_execute(sql).map_err(|e| {
            failure(
                &self.location,
                "cannot refresh the planner's statistics",
                &e,
            )
        })
    }

    fn relation_counts(&mut self, case: i64, ids: &[String]) -> Result<Vec<(String, u64)>> {
        let rows = self.query(
            "SELECT i.id, \
             (SELECT count(*) FROM relations r WHERE r.case_id = $1 AND r.from_id = i.id) + \
             (SELECT count(*) FROM relations r WHERE r.case_id = $1 AND r.to_id = i.id \
              AND r.from_id <> i.id) \
             FROM unnest($2::text[]) AS i(id)",
            &[&case, &ids],
            "cannot count relations",
        )?;
        rows.iter()
            .map(|r| Ok((col(r, 0)?, col::<i64>(r, 1)? as u64)))
            .collect()
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
        let skip = skip.to_vec();
        let rows = self.query(
            "SELECT seq, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), \
             who, item_table, item_id, action, version, note FROM changes \
             WHERE case_id = $1 AND seq > $2 AND NOT (seq = ANY($4)) ORDER BY seq LIMIT $3",
            &[
                &case,
                &seq,
                &i64::try_from(limit).unwrap_or(i64::MAX),
                &skip,
            ],
            "cannot read the change log",
        )?;
        rows.iter()
            .map(|r| {
                Ok(Logged {
                    seq: col(r, 0)?,
                    at: col(r, 1)?,
                    who: col(r, 2)?,
                    item: super::rows::item_of(&col::<String>(r, 3)?),
                    id: col(r, 4)?,
                    action: col(r, 5)?,
                    version: col(r, 6)?,
                    note: col(r, 7)?,
                })
            })
            .collect()
    }

    fn last_change(&mut self, case: i64) -> Result<i64> {
        let rows = self.query(
            "SELECT coalesce(max(seq), 0)::bigint FROM changes WHERE case_id = $1",
            &[&case],
            "cannot read the change log",
        )?;
        rows.first().map_or(Ok(0), |r| col(r, 0))
    }

    fn listen(&mut self, case: i64, poke: Poke) -> Result<Option<Listening>> {
        self.start_listening(case, poke)
    }

    fn may_write(&mut self) -> Result<bool> {
        let rows = self.query(
            "SELECT has_table_privilege('entities', 'UPDATE') \
             AND has_table_privilege('relations', 'UPDATE') \
             AND has_table_privilege('changes', 'INSERT')",
            &[],
            "cannot tell whether this role may write",
        )?;
        rows.first().map_or(Ok(false), |r| col(r, 0))
    }

    fn record(&mut self, on: bool) {
        self.recorder.on = on;
        self.recorder.statements.clear();
    }

    fn recorded(&self) -> Vec<String> {
        self.recorder.statements.clone()
    }
}

fn candidates_of(rows: &[postgres::Row]) -> Result<Vec<Candidate>> {
    rows.iter()
        .map(|r| {
            Ok(Candidate {
                id: col(r, 0)?,
                name: col(r, 1)?,
                kind: col(r, 2)?,
                search: col(r, 3)?,
            })
        })
        .collect()
}
