//! The writes of one PostgreSQL transaction: each statement with its version checked in the
//! statement itself. An import's batches go through `stage`.

use std::io::Write as _;

use postgres::Transaction;
use postgres::types::ToSql;

use super::super::engine::{Change, Counted, Recorder, Tx, Upserted};
use super::super::rows::{Placed, Row, Stored, Table};
use super::super::{ErrorKind, Result, StoreError};
use super::{col, failure};
use stage::line;

mod stage;

pub(super) struct PgTx<'a, 't> {
    tx: &'a mut Transaction<'t>,
    pub(super) case: i64,
    location: &'a str,
    recorder: &'a mut Recorder,
    staged: bool,
    /// Whether `entities.words` is there (schema version 3 on; older only in tests of
    /// migration).
    words: bool,
}

impl<'a, 't> PgTx<'a, 't> {
    pub fn new(
        tx: &'a mut Transaction<'t>,
        case: i64,
        location: &'a str,
        recorder: &'a mut Recorder,
        words: bool,
    ) -> Self {
        Self {
            tx,
            case,
            location,
            recorder,
            staged: false,
            words,
        }
    }

    pub(super) fn exec(
        &mut self,
        sql: &str,
        args: &[&(dyn ToSql + Sync)],
        what: &str,
    ) -> Result<u64> {
        self.recorder.note(sql);
        self.tx
            .execute(sql, args)
            .map_err(|e| failure(self.location, what, &e))
    }

    pub(super) fn query(
        &mut self,
        sql: &str,
        args: &[&(dyn ToSql + Sync)],
        what: &str,
    ) -> Result<Vec<postgres::Row>> {
        self.recorder.note(sql);
        self.tx
            .query(sql, args)
            .map_err(|e| failure(self.location, what, &e))
    }

    /// Streams `lines` (COPY's text format) into the table `sql` names.
    fn copy(&mut self, sql: &str, lines: &str, what: &str) -> Result<()> {
        self.recorder.note(sql);
        let location = self.location;
        let fail = |e: postgres::Error| failure(location, what, &e);
        let mut writer = self.tx.copy_in(sql).map_err(fail)?;
        writer
            .write_all(lines.as_bytes())
            .map_err(|e| StoreError::new(location, ErrorKind::Lost, format!("{what}: {e}")))?;
        writer.finish().map_err(fail)?;
        Ok(())
    }

    fn write_claims(&mut self, rows: &[&Row], replace: bool) -> Result<()> {
        let rows: Vec<&&Row> = rows
            .iter()
            .filter(|r| r.table == Table::Relations)
            .collect();
        if rows.is_empty() {
            return Ok(());
        }
        let case = self.case;
        if replace {
            let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
            self.exec(
                "DELETE FROM claims WHERE case_id = $1 AND relation_id = ANY($2)",
                &[&case, &ids],
                "cannot write claims",
            )?;
        }
        let mut lines = String::new();
        for r in &rows {
            for c in &r.claims {
                line(
                    &mut lines,
                    &[
                        Some(&case.to_string()),
                        Some(&r.id),
                        Some(&c.ordinal.to_string()),
                        Some(&c.source),
                        Some(&c.stance),
                        c.claimant.as_ref(),
                        Some(&c.body),
                    ],
                );
            }
        }
        if lines.is_empty() {
            return Ok(());
        }
        self.copy(
            "COPY claims (case_id, relation_id, ordinal, source_id, stance, claimant, body) \
             FROM STDIN",
            &lines,
            "cannot write claims",
        )
    }

    fn write_row(&mut self, row: &Row, base: Option<i64>) -> Result<u64> {
        let case = self.case;
        let fp = row.fingerprint();
        let words = crate::store::vocabulary::word_set(&row.search);
        let what = format!("cannot write {} {:?}", row.table.item(), row.id);
        let n = match (row.table, base) {
            (Table::Sources, None) => self.exec(
                "INSERT INTO sources (case_id, id, version, fingerprint, title, body) \
                 VALUES ($1, $2, 1, $3, $4, $5) ON CONFLICT DO NOTHING",
                &[&case, &row.id, &fp, &row.name, &row.body],
                &what,
            )?,
            (Table::Sources, Some(v)) => self.exec(
                "UPDATE sources SET version = version + 1, fingerprint = $3, title = $4, body = $5 \
                 WHERE case_id = $1 AND id = $2 AND version = $6",
                &[&case, &row.id, &fp, &row.name, &row.body, &v],
                &what,
            )?,
            (Table::Entities, None) if self.words => self.exec(
                "INSERT INTO entities (case_id, id, version, fingerprint, name, kind, search, \
                 words, body) VALUES ($1, $2, 1, $3, $4, $5, $6, $8, $7) ON CONFLICT DO NOTHING",
                &[&case, &row.id, &fp, &row.name, &row.kind, &row.search, &row.body, &words],
                &what,
            )?,
            (Table::Entities, None) => self.exec(
                "INSERT INTO entities (case_id, id, version, fingerprint, name, kind, search, body) \
                 VALUES ($1, $2, 1, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
                &[&case, &row.id, &fp, &row.name, &row.kind, &row.search, &row.body],
                &what,
            )?,
            (Table::Entities, Some(v)) if self.words => self.exec(
                "UPDATE entities SET version = version + 1, fingerprint = $3, name = $4, kind = $5, \
                 search = $6, body = $7, words = $9 WHERE case_id = $1 AND id = $2 AND version = $8",
                &[&case, &row.id, &fp, &row.name, &row.kind, &row.search, &row.body, &v, &words],
                &what,
            )?,
            (Table::Entities, Some(v)) => self.exec(
                "UPDATE entities SET version = version + 1, fingerprint = $3, name = $4, kind = $5, \
                 search = $6, body = $7 WHERE case_id = $1 AND id = $2 AND version = $8",
                &[&case, &row.id, &fp, &row.name, &row.kind, &row.search, &row.body, &v],
                &what,
            )?,
            (Table::Relations, None) => self.exec(
                "INSERT INTO relations (case_id, id, version, fingerprint, kind, from_id, to_id, body) \
                 VALUES ($1, $2, 1, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
                &[&case, &row.id, &fp, &row.kind, &row.from, &row.to, &row.body],
                &what,
            )?,
            (Table::Relations, Some(v)) => self.exec(
                "UPDATE relations SET version = version + 1, fingerprint = $3, kind = $4, \
                 from_id = $5, to_id = $6, body = $7 WHERE case_id = $1 AND id = $2 AND version = $8",
                &[&case, &row.id, &fp, &row.kind, &row.from, &row.to, &row.body, &v],
                &what,
            )?,
        };
        if n == 1 {
            self.write_claims(&[row], base.is_some())?;
        }
        Ok(n)
    }
}

impl Tx for PgTx<'_, '_> {
    fn current(&mut self, table: Table, id: &str) -> Result<Option<Stored>> {
        let case = self.case;
        let what = format!("cannot read {} {id:?}", table.item());
        let sql = match table {
            Table::Sources => "SELECT version, body FROM sources WHERE case_id = $1 AND id = $2",
            Table::Entities => "SELECT version, body FROM entities WHERE case_id = $1 AND id = $2",
            Table::Relations => {
                "SELECT version, body FROM relations WHERE case_id = $1 AND id = $2"
            }
        };
        let Some(row) = self.query(sql, &[&case, &id], &what)?.into_iter().next() else {
            return Ok(None);
        };
        let mut claims = Vec::new();
        if table == Table::Relations {
            claims = self
                .query(
                    "SELECT body FROM claims WHERE case_id = $1 AND relation_id = $2 ORDER BY ordinal",
                    &[&case, &id],
                    &what,
                )?
                .iter()
                .map(|r| col(r, 0))
                .collect::<Result<Vec<String>>>()?;
        }
        Ok(Some(Stored {
            id: id.to_owned(),
            version: col(&row, 0)?,
            body: col(&row, 1)?,
            claims,
        }))
    }

    fn upsert(&mut self, rows: &[Row]) -> Result<Vec<Upserted>> {
        self.upsert_batch(rows)
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
            Table::Sources => "DELETE FROM sources WHERE case_id = $1 AND id = $2 AND version = $3",
            Table::Entities => {
                "DELETE FROM entities WHERE case_id = $1 AND id = $2 AND version = $3"
            }
            Table::Relations => {
                "DELETE FROM relations WHERE case_id = $1 AND id = $2 AND version = $3"
            }
        };
        let n = self.exec(sql, &[&case, &id, &base], &what)?;
        if n == 1 {
            match table {
                Table::Relations => {
                    self.exec(
                        "DELETE FROM claims WHERE case_id = $1 AND relation_id = $2",
                        &[&case, &id],
                        &what,
                    )?;
                }
                Table::Entities => {
                    self.exec(
                        "DELETE FROM positions WHERE case_id = $1 AND entity_id = $2",
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
        let case = self.case;
        self.query(
            "SELECT id FROM relations WHERE case_id = $1 AND from_id = $2 \
             UNION SELECT id FROM relations WHERE case_id = $1 AND to_id = $2",
            &[&case, &entity],
            "cannot read relations",
        )?
        .iter()
        .map(|r| col(r, 0))
        .collect()
    }

    fn add_counts(&mut self, what: Counted, counts: &[(String, i64)]) -> Result<()> {
        if counts.is_empty() {
            return Ok(());
        }
        let (sql, fault) = match what {
            Counted::Trigrams => (
                "INSERT INTO trigram_counts (case_id, trigram, n) \
                 SELECT $1, c.k, c.n FROM unnest($2::text[], $3::int8[]) AS c(k, n) \
                 ON CONFLICT (case_id, trigram) DO UPDATE SET n = trigram_counts.n + excluded.n",
                "cannot count trigrams",
            ),
            Counted::Words => (
                "INSERT INTO word_counts (case_id, word, n) \
                 SELECT $1, c.k, c.n FROM unnest($2::text[], $3::int8[]) AS c(k, n) \
                 ON CONFLICT (case_id, word) DO UPDATE SET n = word_counts.n + excluded.n",
                "cannot count words",
            ),
        };
        let case = self.case;
        let keys: Vec<&str> = counts.iter().map(|(k, _)| k.as_str()).collect();
        let ns: Vec<i64> = counts.iter().map(|(_, n)| *n).collect();
        self.exec(sql, &[&case, &keys, &ns], fault)?;
        Ok(())
    }

    fn place(&mut self, analyst: &str, placed: &[Placed]) -> Result<()> {
        if placed.is_empty() {
            return Ok(());
        }
        let case = self.case;
        let entities: Vec<&str> = placed.iter().map(|p| p.entity.as_str()).collect();
        let xs: Vec<f64> = placed.iter().map(|p| p.x).collect();
        let ys: Vec<f64> = placed.iter().map(|p| p.y).collect();
        let pins: Vec<bool> = placed.iter().map(|p| p.pinned).collect();
        let bodies: Vec<&str> = placed.iter().map(|p| p.body.as_str()).collect();
        self.exec(
            "INSERT INTO positions (case_id, analyst, entity_id, x, y, pinned, body) \
             SELECT $1, $2, p.e, p.x, p.y, p.pinned, p.body \
             FROM unnest($3::text[], $4::float8[], $5::float8[], $6::bool[], $7::text[]) \
               AS p(e, x, y, pinned, body) \
             ON CONFLICT (case_id, analyst, entity_id) DO UPDATE SET x = excluded.x, \
             y = excluded.y, pinned = excluded.pinned, body = excluded.body",
            &[&case, &analyst, &entities, &xs, &ys, &pins, &bodies],
            "cannot write positions",
        )?;
        Ok(())
    }

    fn set_meta(&mut self, meta: &str) -> Result<()> {
        let case = self.case;
        self.exec(
            "UPDATE cases SET meta = $2 WHERE case_id = $1",
            &[&case, &meta],
            "cannot write the case",
        )?;
        Ok(())
    }

    fn log(&mut self, who: &str, changes: &[Change]) -> Result<()> {
        if changes.is_empty() {
            return Ok(());
        }
        let case = self.case;
        let tables: Vec<&str> = changes.iter().map(|c| c.table.name()).collect();
        let items: Vec<&str> = changes.iter().map(|c| c.item.as_str()).collect();
        let actions: Vec<&str> = changes.iter().map(|c| c.action).collect();
        let versions: Vec<i64> = changes.iter().map(|c| c.version).collect();
        let notes: Vec<&str> = changes.iter().map(|c| c.note.as_str()).collect();
        self.exec(
            "INSERT INTO changes (case_id, who, item_table, item_id, action, version, note) \
             SELECT $1, $2, c.t, c.i, c.a, c.v, c.n \
             FROM unnest($3::text[], $4::text[], $5::text[], $6::int8[], $7::text[]) \
               AS c(t, i, a, v, n)",
            &[&case, &who, &tables, &items, &actions, &versions, &notes],
            "cannot write the change log",
        )?;
        // Sent when the transaction commits, to every window listening (postgres/listen.rs).
        self.exec(
            "SELECT pg_notify($1, $2::int8::text)",
            &[&super::listen::CHANNEL, &case],
            "cannot signal the change",
        )?;
        Ok(())
    }

    fn hubs(&mut self, ids: Option<&[String]>) -> Result<Vec<String>> {
        self.hub_ids(ids)
    }

    fn hubs_near(&mut self, ids: &[String]) -> Result<Vec<String>> {
        self.hubs_next_to(ids)
    }

    fn recount_hubs(&mut self, ids: Option<&[String]>) -> Result<()> {
        self.count_hubs(ids)
    }
}
