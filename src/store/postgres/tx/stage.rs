//! An import's batch in one PostgreSQL transaction: `COPY` into a temporary table, one
//! `INSERT ... ON CONFLICT DO NOTHING` for the new items, and, only when some were there
//! already, their old search texts read by key and one `ON CONFLICT DO UPDATE` for those whose
//! content changed.

use super::super::super::Result;
use super::super::super::engine::Upserted;
use super::super::super::rows::{Row, Table};
use super::super::col;
use super::PgTx;

impl PgTx<'_, '_> {
    /// Writes an import's batch: each row added, updated where its content changed, or left.
    pub(super) fn upsert_batch(&mut self, rows: &[Row]) -> Result<Vec<Upserted>> {
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
pub(super) fn line(out: &mut String, fields: &[Option<&String>]) {
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
