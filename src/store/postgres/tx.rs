//! The writes of one PostgreSQL transaction. An import's rows go through `COPY` into a
//! temporary table; one `INSERT ... ON CONFLICT DO NOTHING` adds the new ones, then, only
//! when some were there already, one `ON CONFLICT DO UPDATE` updates those whose content
//! changed (so a second import writes nothing).

use std::io::Write as _;

use postgres::Transaction;
use postgres::types::ToSql;

use super::super::engine::{Change, Counted, Recorder, Tx, Upserted};
use super::super::rows::{Placed, Row, Stored, Table};
use super::super::{ErrorKind, Result, StoreError};
use super::{col, failure};

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

    fn stage(&mut self) -> Result<()> {
        if self.staged {
            return Ok(());
        }
        let what = "cannot prepare the import";
        for sql in [
            "CREATE TEMP TABLE relmap_stage_sources (case_id bigint, id text, fingerprint text, \
             title text, body text) ON COMMIT DROP",
            "CREATE TEMP TABLE relmap_stage_entities (case_id bigint, id text, fingerprint text, \
             name text, kind text, search text, words text[], body text) ON COMMIT DROP",
            "CREATE TEMP TABLE relmap_stage_relations (case_id bigint, id text, fingerprint text, \
             kind text, from_id text, to_id text, body text) ON COMMIT DROP",
        ] {
            self.exec(sql, &[], what)?;
        }
        self.staged = true;
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

    /// Upserts a batch of one table's rows through its staging table: for each row written,
    /// its id, whether it was added, and (an updated entity's) the search text it had.
    fn upsert_table(
        &mut self,
        table: Table,
        rows: &[&Row],
    ) -> Result<Vec<(String, bool, Option<String>)>> {
        let case = self.case;
        let case_text = case.to_string();
        let mut lines = String::new();
        for r in rows {
            let fp = r.fingerprint();
            // An array literal, each word quoted (a word is letters and digits only, but may
            // be "null").
            let words = match table {
                Table::Entities => format!(
                    "{{{}}}",
                    crate::store::vocabulary::word_set(&r.search)
                        .iter()
                        .map(|w| format!("\"{w}\""))
                        .collect::<Vec<_>>()
                        .join(",")
                ),
                _ => String::new(),
            };
            let fields: Vec<Option<&String>> = match table {
                Table::Sources => vec![
                    Some(&case_text),
                    Some(&r.id),
                    Some(&fp),
                    Some(&r.name),
                    Some(&r.body),
                ],
                Table::Entities => vec![
                    Some(&case_text),
                    Some(&r.id),
                    Some(&fp),
                    Some(&r.name),
                    Some(&r.kind),
                    Some(&r.search),
                    Some(&words),
                    Some(&r.body),
                ],
                Table::Relations => vec![
                    Some(&case_text),
                    Some(&r.id),
                    Some(&fp),
                    Some(&r.kind),
                    Some(&r.from),
                    Some(&r.to),
                    Some(&r.body),
                ],
            };
            line(&mut lines, &fields);
        }
        // The columns each table's rows carry after `case_id, id` (`version` apart).
        let columns = match table {
            Table::Sources => "fingerprint, title, body",
            Table::Entities if self.words => "fingerprint, name, kind, search, words, body",
            Table::Entities => "fingerprint, name, kind, search, body",
            Table::Relations => "fingerprint, kind, from_id, to_id, body",
        };
        let (name, stage) = match table {
            Table::Sources => ("sources", "relmap_stage_sources"),
            Table::Entities => ("entities", "relmap_stage_entities"),
            Table::Relations => ("relations", "relmap_stage_relations"),
        };
        let what = format!("cannot import the {}", table.name());
        self.exec(&format!("TRUNCATE {stage}"), &[], &what)?;
        let staged = match table {
            Table::Entities => "fingerprint, name, kind, search, words, body",
            _ => columns,
        };
        self.copy(
            &format!("COPY {stage} (case_id, id, {staged}) FROM STDIN"),
            &lines,
            &what,
        )?;
        // New items first: the rows of a new case, and most of any import's, are added
        // with nothing to compare or to read back.
        let insert = format!(
            "INSERT INTO {name} (case_id, id, version, {columns}) \
             SELECT case_id, id, 1, {columns} FROM {stage} WHERE case_id = $1 \
             ON CONFLICT (case_id, id) DO NOTHING RETURNING id"
        );
        let mut written: Vec<(String, bool, Option<String>)> = Vec::with_capacity(rows.len());
        let mut added = std::collections::HashSet::new();
        for r in self.query(&insert, &[&case], &what)? {
            let id: String = col(&r, 0)?;
            added.insert(id.clone());
            written.push((id, true, None));
        }
        let rest: Vec<&str> = rows
            .iter()
            .map(|r| r.id.as_str())
            .filter(|id| !added.contains(*id))
            .collect();
        if rest.is_empty() {
            return Ok(written);
        }
        // The items the case had already: the search text each entity has now, read before
        // the merge replaces it (an updated entity's old words and trigrams leave the
        // counts), then each updated where its content changed. A lookup by key for each:
        // `id = ANY(...)` let the planner read the case's whole index of kinds instead.
        let mut was: std::collections::HashMap<String, String> = Default::default();
        if table == Table::Entities {
            for r in self.query(
                "SELECT e.id, e.search FROM unnest($2::text[]) AS k(id) \
                 JOIN entities e ON e.case_id = $1 AND e.id = k.id",
                &[&case, &rest],
                &what,
            )? {
                was.insert(col(&r, 0)?, col(&r, 1)?);
            }
        }
        let set = columns
            .split(", ")
            .map(|c| format!("{c} = excluded.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        let merge = format!(
            "INSERT INTO {name} AS t (case_id, id, version, {columns}) \
             SELECT case_id, id, 1, {columns} FROM {stage} \
             WHERE case_id = $1 AND id = ANY($2) \
             ON CONFLICT (case_id, id) DO UPDATE SET version = t.version + 1, {set} \
             WHERE t.fingerprint <> excluded.fingerprint RETURNING t.id, t.version = 1"
        );
        for r in self.query(&merge, &[&case, &rest], &what)? {
            let id: String = col(&r, 0)?;
            let old = was.remove(&id);
            written.push((id, col(&r, 1)?, old));
        }
        Ok(written)
    }

    /// Upserts rows of which no two share a table and an id.
    fn upsert_run(&mut self, rows: &[Row]) -> Result<Vec<Upserted>> {
        let mut fates = vec![Upserted::Unchanged; rows.len()];
        for table in Table::ALL {
            let of: Vec<(usize, &Row)> = rows
                .iter()
                .enumerate()
                .filter(|(_, r)| r.table == table)
                .collect();
            if of.is_empty() {
                continue;
            }
            let refs: Vec<&Row> = of.iter().map(|(_, r)| *r).collect();
            let written: std::collections::HashMap<String, (bool, Option<String>)> = self
                .upsert_table(table, &refs)?
                .into_iter()
                .map(|(id, added, was)| (id, (added, was)))
                .collect();
            let mut added = Vec::new();
            let mut updated = Vec::new();
            for (i, r) in &of {
                match written.get(&r.id) {
                    Some((true, _)) => {
                        fates[*i] = Upserted::Added;
                        added.push(*r);
                    }
                    Some((false, was)) => {
                        fates[*i] = Upserted::Updated {
                            was: was.clone().unwrap_or_default(),
                        };
                        updated.push(*r);
                    }
                    None => {}
                }
            }
            self.write_claims(&added, false)?;
            self.write_claims(&updated, true)?;
        }
        Ok(fates)
    }
}

/// One line of COPY's text format: fields separated by tabs, `\N` for none, and backslash,
/// tab, newline and carriage return escaped.
fn line(out: &mut String, fields: &[Option<&String>]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push('\t');
        }
        match f {
            None => out.push_str("\\N"),
            Some(text) => {
                for c in text.chars() {
                    match c {
                        '\\' => out.push_str("\\\\"),
                        '\t' => out.push_str("\\t"),
                        '\n' => out.push_str("\\n"),
                        '\r' => out.push_str("\\r"),
                        c => out.push(c),
                    }
                }
            }
        }
    }
    out.push('\n');
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
        self.stage()?;
        // An id twice in one statement is an error in PostgreSQL, while a file may well
        // give an item twice (the later wins, as in SQLite): the batch is written in runs
        // in which no id repeats, one after the other.
        let mut fates = Vec::with_capacity(rows.len());
        let mut seen = std::collections::HashSet::new();
        let mut start = 0;
        for (i, r) in rows.iter().enumerate() {
            if !seen.insert((r.table, r.id.as_str())) {
                fates.extend(self.upsert_run(&rows[start..i])?);
                seen.clear();
                seen.insert((r.table, r.id.as_str()));
                start = i;
            }
        }
        fates.extend(self.upsert_run(&rows[start..])?);
        Ok(fates)
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
