//! The writes of one SQLite transaction: each statement prepared once and cached, each row
//! written with its version checked in the statement itself.

use rusqlite::{Connection, OptionalExtension, ToSql, params};

use super::super::Result;
use super::super::engine::{Change, Counted, Recorder, Tx, Upserted};
use super::super::hubs::HUB;
use super::super::rows::{Placed, Row, Stored, Table};
use super::{failure, ids_json, table_sql};

/// The writes of one SQLite transaction.
pub(crate) struct SqliteTx<'t> {
    pub conn: &'t Connection,
    pub case: i64,
    pub location: &'t str,
    pub recorder: &'t mut Recorder,
    /// Whether an import's batches raised the page cache to [`BULK_CACHE_KIB`], for
    /// [`super::Sqlite::transaction`] to lower it again when the transaction ends.
    pub bulk: bool,
}

/// The page cache, in KiB, while an import writes; SQLite's default is 2 000 KiB. An
/// import's indexes take keys in no order (names' trigrams, relations' ends), and with the
/// default most of its time went to writing pages out to the log and reading them back
/// (1 000 000 entities and 2 000 000 relations: 107 s with the default, 93 s with 64 MiB,
/// 86 s with 128 MiB, 78 s with 256 MiB). Debian's archive as a case, with its longer rows,
/// peaked at 454 MB with 64 MiB, 496 MB with 96 MiB and 545 MB with 128 MiB, in about the
/// same time: 64 MiB keeps every class under the 500 MB target (docs/PERFORMANCE.md).
pub const BULK_CACHE_KIB: i64 = 65_536;

/// SQLite's own default page cache, in KiB, which every other transaction keeps: a
/// window's or `relmap store expand`'s memory does not grow with the case.
pub const CACHE_KIB: i64 = 2_000;

impl SqliteTx<'_> {
    fn query_ids(&mut self, sql: &str, args: &[&dyn ToSql], what: &str) -> Result<Vec<String>> {
        self.recorder.note(sql);
        let location = self.location;
        let fail = |e| failure(location, what, e);
        let mut stmt = self.conn.prepare_cached(sql).map_err(fail)?;
        let rows = stmt
            .query_map(args, |r| r.get::<_, String>(0))
            .map_err(fail)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(fail)
    }

    fn exec(&mut self, sql: &str, args: &[&dyn ToSql], what: &str) -> Result<usize> {
        self.recorder.note(sql);
        let location = self.location;
        let fail = |e| failure(location, what, e);
        let mut stmt = self.conn.prepare_cached(sql).map_err(fail)?;
        stmt.execute(args).map_err(fail)
    }

    fn write_claims(&mut self, row: &Row, replace: bool) -> Result<()> {
        if row.table != Table::Relations {
            return Ok(());
        }
        let case = self.case;
        if replace {
            self.exec(
                "DELETE FROM claims WHERE case_id = ?1 AND relation_id = ?2",
                &[&case, &row.id],
                "cannot write claims",
            )?;
        }
        for c in &row.claims {
            self.exec(
                "INSERT INTO claims (case_id, relation_id, ordinal, source_id, stance, claimant, body) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                &[&case, &row.id, &c.ordinal, &c.source, &c.stance, &c.claimant, &c.body],
                &format!("cannot write the claims of relation {:?}", row.id),
            )?;
        }
        Ok(())
    }

    fn write_row(&mut self, row: &Row, base: Option<i64>) -> Result<usize> {
        let case = self.case;
        let fp = row.fingerprint();
        let what = format!("cannot write {} {:?}", row.table.item(), row.id);
        let n = match (row.table, base) {
            (Table::Sources, None) => self.exec(
                "INSERT INTO sources (case_id, id, version, fingerprint, title, body) \
                 VALUES (?1, ?2, 1, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
                &[&case, &row.id, &fp, &row.name, &row.body],
                &what,
            )?,
            (Table::Sources, Some(v)) => self.exec(
                "UPDATE sources SET version = version + 1, fingerprint = ?3, title = ?4, body = ?5 \
                 WHERE case_id = ?1 AND id = ?2 AND version = ?6",
                &[&case, &row.id, &fp, &row.name, &row.body, &v],
                &what,
            )?,
            (Table::Entities, None) => self.exec(
                "INSERT INTO entities (case_id, id, version, fingerprint, name, kind, search, body) \
                 VALUES (?1, ?2, 1, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING",
                &[&case, &row.id, &fp, &row.name, &row.kind, &row.search, &row.body],
                &what,
            )?,
            (Table::Entities, Some(v)) => self.exec(
                "UPDATE entities SET version = version + 1, fingerprint = ?3, name = ?4, kind = ?5, \
                 search = ?6, body = ?7 WHERE case_id = ?1 AND id = ?2 AND version = ?8",
                &[&case, &row.id, &fp, &row.name, &row.kind, &row.search, &row.body, &v],
                &what,
            )?,
            (Table::Relations, None) => self.exec(
                "INSERT INTO relations (case_id, id, version, fingerprint, kind, from_id, to_id, body) \
                 VALUES (?1, ?2, 1, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING",
                &[&case, &row.id, &fp, &row.kind, &row.from, &row.to, &row.body],
                &what,
            )?,
            (Table::Relations, Some(v)) => self.exec(
                "UPDATE relations SET version = version + 1, fingerprint = ?3, kind = ?4, \
                 from_id = ?5, to_id = ?6, body = ?7 WHERE case_id = ?1 AND id = ?2 AND version = ?8",
                &[&case, &row.id, &fp, &row.kind, &row.from, &row.to, &row.body, &v],
                &what,
            )?,
        };
        if n == 1 {
            self.write_claims(row, base.is_some())?;
        }
        Ok(n)
    }

    /// A row's version, fingerprint and (an entity's) search text.
    fn version_and_fingerprint(
        &mut self,
        table: Table,
        id: &str,
    ) -> Result<Option<(i64, String, String)>> {
        let sql = match table {
            Table::Sources => {
                "SELECT version, fingerprint, '' FROM sources WHERE case_id = ?1 AND id = ?2"
            }
            Table::Entities => {
                "SELECT version, fingerprint, search FROM entities WHERE case_id = ?1 AND id = ?2"
            }
            Table::Relations => {
                "SELECT version, fingerprint, '' FROM relations WHERE case_id = ?1 AND id = ?2"
            }
        };
        self.recorder.note(sql);
        let location = self.location;
        let fail = |e| failure(location, &format!("cannot read {} {id:?}", table.item()), e);
        let mut stmt = self.conn.prepare_cached(sql).map_err(fail)?;
        stmt.query_row(params![self.case, id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()
        .map_err(fail)
    }
}

impl Tx for SqliteTx<'_> {
    fn current(&mut self, table: Table, id: &str) -> Result<Option<Stored>> {
        let sql = table_sql(table).1;
        self.recorder.note(sql);
        let location = self.location;
        let fail = |e| failure(location, &format!("cannot read {} {id:?}", table.item()), e);
        let ids = ids_json(&[id.to_owned()]);
        let found = {
            let mut stmt = self.conn.prepare_cached(sql).map_err(fail)?;
            stmt.query_row(params![self.case, ids], |r| {
                Ok((r.get::<_, i64>(1)?, r.get::<_, String>(2)?))
            })
            .optional()
            .map_err(fail)?
        };
        let Some((version, body)) = found else {
            return Ok(None);
        };
        let mut claims = Vec::new();
        if table == Table::Relations {
            let sql =
                "SELECT body FROM claims WHERE case_id = ?1 AND relation_id = ?2 ORDER BY ordinal";
            self.recorder.note(sql);
            let mut stmt = self.conn.prepare_cached(sql).map_err(fail)?;
            let rows = stmt
                .query_map(params![self.case, id], |r| r.get::<_, String>(0))
                .map_err(fail)?;
            claims = rows.collect::<rusqlite::Result<Vec<_>>>().map_err(fail)?;
        }
        Ok(Some(Stored {
            id: id.to_owned(),
            version,
            body,
            claims,
        }))
    }

    fn upsert(&mut self, rows: &[Row]) -> Result<Vec<Upserted>> {
        if !self.bulk {
            self.conn
                .pragma_update(None, "cache_size", -BULK_CACHE_KIB)
                .map_err(|e| failure(self.location, "cannot prepare the import", e))?;
            self.bulk = true;
        }
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let fate = match self.version_and_fingerprint(row.table, &row.id)? {
                None => {
                    self.write_row(row, None)?;
                    Upserted::Added
                }
                Some((_, fp, _)) if fp == row.fingerprint() => Upserted::Unchanged,
                Some((version, _, was)) => {
                    self.write_row(row, Some(version))?;
                    Upserted::Updated { was }
                }
            };
            out.push(fate);
        }
        Ok(out)
    }

    fn insert(&mut self, row: &Row) -> Result<bool> {
        Ok(self.write_row(row, None)? == 1)
    }

    fn update(&mut self, row: &Row, base: i64) -> Result<bool> {
        Ok(self.write_row(row, Some(base))? == 1)
    }

    fn delete(&mut self, table: Table, id: &str, base: i64) -> Result<bool> {
        let case = self.case;
        let what = format!("cannot delete {} {id:?}", table.item());
        let sql = match table {
            Table::Sources => "DELETE FROM sources WHERE case_id = ?1 AND id = ?2 AND version = ?3",
            Table::Entities => {
                "DELETE FROM entities WHERE case_id = ?1 AND id = ?2 AND version = ?3"
            }
            Table::Relations => {
                "DELETE FROM relations WHERE case_id = ?1 AND id = ?2 AND version = ?3"
            }
        };
        let n = self.exec(sql, &[&case, &id, &base], &what)?;
        if n == 1 {
            match table {
                Table::Relations => {
                    self.exec(
                        "DELETE FROM claims WHERE case_id = ?1 AND relation_id = ?2",
                        &[&case, &id],
                        &what,
                    )?;
                }
                Table::Entities => {
                    self.exec(
                        "DELETE FROM positions WHERE case_id = ?1 AND entity_id = ?2",
                        &[&case, &id],
                        &what,
                    )?;
                }
                Table::Sources => {}
            }
        }
        Ok(n == 1)
    }

    fn relations_of(&mut self, entity: &str) -> Result<Vec<String>> {
        let sql = "SELECT id FROM relations WHERE case_id = ?1 AND from_id = ?2 \
                   UNION SELECT id FROM relations WHERE case_id = ?1 AND to_id = ?2";
        self.recorder.note(sql);
        let location = self.location;
        let fail = |e| failure(location, "cannot read relations", e);
        let mut stmt = self.conn.prepare_cached(sql).map_err(fail)?;
        let rows = stmt
            .query_map(params![self.case, entity], |r| r.get::<_, String>(0))
            .map_err(fail)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(fail)
    }

    fn add_counts(&mut self, what: Counted, counts: &[(String, i64)]) -> Result<()> {
        let (sql, fault) = match what {
            Counted::Trigrams => (
                "INSERT INTO trigram_counts (case_id, trigram, n) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (case_id, trigram) DO UPDATE SET n = n + excluded.n",
                "cannot count trigrams",
            ),
            Counted::Words => (
                "INSERT INTO word_counts (case_id, word, n) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (case_id, word) DO UPDATE SET n = n + excluded.n",
                "cannot count words",
            ),
        };
        let case = self.case;
        for (key, n) in counts {
            self.exec(sql, &[&case, key, n], fault)?;
        }
        Ok(())
    }

    fn place(&mut self, analyst: &str, placed: &[Placed]) -> Result<()> {
        let case = self.case;
        for p in placed {
            let pinned = i64::from(p.pinned);
            self.exec(
                "INSERT INTO positions (case_id, analyst, entity_id, x, y, pinned, body) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (case_id, analyst, entity_id) \
                 DO UPDATE SET x = excluded.x, y = excluded.y, pinned = excluded.pinned, body = excluded.body",
                &[&case, &analyst, &p.entity, &p.x, &p.y, &pinned, &p.body],
                "cannot write positions",
            )?;
        }
        Ok(())
    }

    fn set_meta(&mut self, meta: &str) -> Result<()> {
        let case = self.case;
        self.exec(
            "UPDATE cases SET meta = ?2 WHERE case_id = ?1",
            &[&case, &meta],
            "cannot write the case",
        )?;
        Ok(())
    }

    fn log(&mut self, who: &str, changes: &[Change]) -> Result<()> {
        let case = self.case;
        for c in changes {
            self.exec(
                "INSERT INTO changes (case_id, at, who, item_table, item_id, action, version, note) \
                 VALUES (?1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?2, ?3, ?4, ?5, ?6, ?7)",
                &[&case, &who, &c.table.name(), &c.item, &c.action, &c.version, &c.note],
                "cannot write the change log",
            )?;
        }
        Ok(())
    }

    fn hubs(&mut self, ids: Option<&[String]>) -> Result<Vec<String>> {
        let case = self.case;
        match ids {
            Some(ids) => self.query_ids(
                "SELECT DISTINCT entity_id FROM hub_counts WHERE case_id = ?1 \
                 AND entity_id IN (SELECT value FROM json_each(?2))",
                &[&case, &ids_json(ids)],
                "cannot read the hubs",
            ),
            None => self.query_ids(
                "SELECT DISTINCT entity_id FROM hub_counts WHERE case_id = ?1",
                &[&case],
                "cannot read the hubs",
            ),
        }
    }

    fn hubs_near(&mut self, ids: &[String]) -> Result<Vec<String>> {
        let case = self.case;
        self.query_ids(
            "SELECT DISTINCT entity_id FROM hub_counts WHERE case_id = ?1 AND entity_id IN ( \
               SELECT to_id FROM relations WHERE case_id = ?1 \
                 AND from_id IN (SELECT value FROM json_each(?2)) \
               UNION SELECT from_id FROM relations WHERE case_id = ?1 \
                 AND to_id IN (SELECT value FROM json_each(?2)))",
            &[&case, &ids_json(ids)],
            "cannot read the hubs",
        )
    }

    fn recount_hubs(&mut self, ids: Option<&[String]>) -> Result<()> {
        let case = self.case;
        let hub = HUB as i64;
        let ids = match ids {
            Some(ids) => ids.to_vec(),
            None => {
                // Every entity with HUB relations has half of them at one end: the two
                // indexes are read in order, without sorting a case's relations.
                let half = hub / 2;
                let mut ids = self.query_ids(
                    "SELECT from_id FROM relations WHERE case_id = ?1 GROUP BY from_id \
                     HAVING count(*) >= ?2",
                    &[&case, &half],
                    "cannot find the hubs",
                )?;
                ids.extend(self.query_ids(
                    "SELECT to_id FROM relations WHERE case_id = ?1 GROUP BY to_id \
                     HAVING count(*) >= ?2",
                    &[&case, &half],
                    "cannot find the hubs",
                )?);
                self.exec(
                    "DELETE FROM hub_counts WHERE case_id = ?1",
                    &[&case],
                    "cannot count the hubs",
                )?;
                ids.sort_unstable();
                ids.dedup();
                ids
            }
        };
        if ids.is_empty() {
            return Ok(());
        }
        let ids = ids_json(&ids);
        self.exec(
            "DELETE FROM hub_counts WHERE case_id = ?1 \
             AND entity_id IN (SELECT value FROM json_each(?2))",
            &[&case, &ids],
            "cannot count the hubs",
        )?;
        // A relation of an entity to itself leads nowhere else and is not counted.
        self.exec(
            "WITH sel(id) AS (SELECT value FROM json_each(?2)), \
             l(entity, other, kind) AS MATERIALIZED ( \
               SELECT from_id, to_id, kind FROM relations WHERE case_id = ?1 \
                 AND from_id IN (SELECT id FROM sel) AND from_id <> to_id \
               UNION ALL SELECT to_id, from_id, kind FROM relations WHERE case_id = ?1 \
                 AND to_id IN (SELECT id FROM sel) AND from_id <> to_id), \
             big(entity) AS MATERIALIZED ( \
               SELECT entity FROM l GROUP BY entity HAVING count(*) >= ?3) \
             INSERT INTO hub_counts (case_id, entity_id, what, kind, n) \
             SELECT ?1, entity, 'r', kind, count(*) FROM l \
               WHERE entity IN (SELECT entity FROM big) GROUP BY entity, kind \
             UNION ALL SELECT ?1, p.entity, 'n', e.kind, count(*) \
               FROM (SELECT DISTINCT entity, other FROM l \
                     WHERE entity IN (SELECT entity FROM big)) p \
               CROSS JOIN entities e ON e.case_id = ?1 AND e.id = p.other \
               GROUP BY p.entity, e.kind",
            &[&case, &ids, &hub],
            "cannot count the hubs",
        )?;
        Ok(())
    }
}
