//! Writing into the store: importing a map into a case, and applying a map's changes back.
//!
//! `apply` compares each item of the map with its [`Base`]: unchanged items are not written;
//! changed ones are written only if the store still holds the version they were taken at
//! (`UPDATE ... WHERE version = base`, so two analysts writing at once cannot both win);
//! anything else is a [`Conflict`], reported with both values. Like i2 Analyze, and unlike
//! Aleph's last-writer-wins, nobody's work is overwritten without being told.

use std::collections::{BTreeSet, HashSet};

use super::engine::{Change, Engine, Outcome, Tx, Upserted};
use super::rows::{self, Base, Placed, Row, Table};
use super::vocabulary;
use super::{Counts, ErrorKind, ImportSummary, Result, StoreError, case_named};
use crate::io::LoadError;
use crate::model::{Document, Item};

/// How much of an `apply` with conflicts is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ApplyMode {
    /// Nothing, if anything conflicts (the default).
    #[default]
    AllOrNothing,
    /// Everything that does not conflict.
    WhatFits,
}

/// An item `apply` did not write, because someone else changed the store first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// "entity", "relation" or "source".
    pub item: &'static str,
    pub id: String,
    /// What happened, in words.
    pub reason: String,
    /// The version the map took the item at (none for an item the map added).
    pub base_version: Option<i64>,
    /// The version in the store now (none when it is gone).
    pub store_version: Option<i64>,
    /// This map's value, as JSON (none when the map deleted it).
    pub mine: Option<String>,
    /// The store's value, as JSON (none when it is gone).
    pub theirs: Option<String>,
}

/// What an `apply` did.
#[derive(Debug, Clone, PartialEq)]
pub struct ApplyReport {
    pub added: Counts,
    pub updated: Counts,
    pub deleted: Counts,
    /// Items the map changed that the store already held as the map has them.
    pub already: u64,
    pub conflicts: Vec<Conflict>,
    /// Whether anything was written.
    pub committed: bool,
    /// The map with its base moved to what was written, to save over the map file.
    pub doc: Document,
}

fn count(c: &mut Counts, table: Table) {
    match table {
        Table::Sources => c.sources += 1,
        Table::Entities => c.entities += 1,
        Table::Relations => c.relations += 1,
    }
}

/// Rows are written in batches of this many: memory for one batch, progress after each.
const BATCH: usize = 5_000;

/// One batch of rows shaped from the items read, with the positions among them.
#[derive(Default)]
struct Batch {
    rows: Vec<Row>,
    placed: Vec<Placed>,
}

/// What the reading thread sends the writing one.
enum Read {
    Batch(Batch),
    Refused(LoadError),
    /// The last batch: every item was read, and only after this may the import commit.
    End(Batch),
}

/// Reads `items` and shapes them into rows, a batch at a time, for [`import`]'s writer; stops
/// at the first item refused, or when the writer stops listening.
fn read_batches(
    items: &mut (dyn Iterator<Item = std::result::Result<Item, LoadError>> + Send),
    send: &std::sync::mpsc::SyncSender<Read>,
) {
    let mut batch = Batch::default();
    for item in items {
        let item = match item {
            Ok(item) => item,
            Err(e) => {
                let _ = send.send(Read::Refused(e));
                return;
            }
        };
        batch.rows.push(match &item {
            Item::Source(s) => rows::source_row(s),
            Item::Entity(e) => {
                batch.placed.extend(rows::placement(e));
                rows::entity_row(e)
            }
            Item::Relation(r) => rows::relation_row(r),
        });
        if batch.rows.len() == BATCH && send.send(Read::Batch(std::mem::take(&mut batch))).is_err()
        {
            return;
        }
    }
    let _ = send.send(Read::End(batch));
}

pub(crate) fn import(
    engine: &mut dyn Engine,
    case: &str,
    analyst: &str,
    meta: &str,
    items: &mut (dyn Iterator<Item = std::result::Result<Item, LoadError>> + Send),
    schema: u32,
    progress: &mut dyn FnMut(u64),
) -> Result<ImportSummary> {
    let location = engine.location().to_owned();
    let (id, made) = match engine.case(case)? {
        Some(c) => (c.id, false),
        None => (engine.create_case(case, meta)?, true),
    };
    let mut summary = ImportSummary::default();
    // The file is read, and its items shaped into rows, on a thread of their own while this
    // one writes the batch before: on two cores an import takes the longer of the two rather
    // than both. Two batches wait at most, which keeps memory flat.
    let outcome = std::thread::scope(|scope| {
        let (send, read) = std::sync::mpsc::sync_channel::<Read>(2);
        let reader = scope.spawn(move || read_batches(items, &send));
        let outcome = engine.transaction(id, &mut |tx: &mut dyn Tx| {
            summary = ImportSummary::default();
            let mut done = 0;
            // The counts search reads are gathered over many batches and written when they
            // grow large and at the end: a name's words and trigrams recur from batch to
            // batch, and one upsert per key a batch would be most of an import's writes.
            let mut tally = vocabulary::Tally::for_schema(schema);
            let mut flush =
                |batch: Batch, tally: &mut vocabulary::Tally, last: bool, tx: &mut dyn Tx| {
                    let rows = batch.rows;
                    let fates = tx.upsert(&rows)?;
                    for (row, fate) in rows.iter().zip(&fates) {
                        let c = match fate {
                            Upserted::Added => &mut summary.added,
                            Upserted::Updated { .. } => &mut summary.updated,
                            Upserted::Unchanged => &mut summary.unchanged,
                        };
                        count(c, row.table);
                        if row.table == Table::Entities {
                            match fate {
                                Upserted::Added => tally.added(&row.search),
                                Upserted::Updated { was } => tally.renamed(was, &row.search),
                                Upserted::Unchanged => {}
                            }
                        }
                    }
                    if last || tally.len() > vocabulary::Tally::FLUSH_AT {
                        tally.write(tx)?;
                        tally.clear();
                    }
                    tx.place(analyst, &batch.placed)?;
                    done += rows.len() as u64;
                    progress(done);
                    Ok::<(), StoreError>(())
                };
            loop {
                match read.recv() {
                    Ok(Read::Batch(batch)) => flush(batch, &mut tally, false, tx)?,
                    Ok(Read::End(batch)) => {
                        flush(batch, &mut tally, true, tx)?;
                        break;
                    }
                    Ok(Read::Refused(e)) => {
                        return Err(StoreError::new(
                            &location,
                            ErrorKind::Input,
                            format!("nothing was imported: {e}"),
                        ));
                    }
                    // The reader ended without saying it had read everything: it failed.
                    Err(_) => {
                        return Err(StoreError::new(
                            &location,
                            ErrorKind::Input,
                            "nothing was imported: reading the file stopped before its end",
                        ));
                    }
                }
            }
            tx.log(
                analyst,
                &[Change {
                    table: Table::Entities,
                    item: String::new(),
                    action: "import",
                    version: 0,
                    note: format!(
                        "{} added, {} updated, {} unchanged",
                        summary.added.total(),
                        summary.updated.total(),
                        summary.unchanged.total()
                    ),
                }],
            )?;
            Ok(Outcome::Commit)
        });
        // However the writing ended, a reader blocked on a full channel now stops. One that
        // panicked has already made the import fail ("stopped before its end"); joining it
        // here keeps its panic from becoming the import's.
        drop(read);
        let _ = reader.join();
        outcome
    });
    if let Err(e) = outcome {
        // A case made for this import goes with it: the store is as it was. (The case row
        // is outside the transaction so that PostgreSQL gives it its id first.)
        if made {
            let _ = engine.drop_empty_case(id);
        }
        return Err(e);
    }
    if summary.added.total() + summary.updated.total() >= REFRESH_AFTER {
        // The import is in; statistics only speed later queries, and a role that may not
        // refresh them (not the tables' owner) is told so by the server as a warning.
        let _ = engine.refresh_statistics();
    }
    Ok(summary)
}

/// How many rows an import writes before the planner's statistics are refreshed.
const REFRESH_AFTER: u64 = 10_000;

/// One write `apply` means to make.
enum Write {
    Insert(Row),
    Update(Row, i64),
    Delete(Table, String, i64),
}

pub(crate) fn apply(
    engine: &mut dyn Engine,
    case: &str,
    analyst: &str,
    doc: &Document,
    mode: ApplyMode,
    schema: u32,
) -> Result<ApplyReport> {
    let location = engine.location().to_owned();
    let map_error = |m: String| StoreError::new(&location, ErrorKind::Map, m);
    let base = match Base::of(doc) {
        None => {
            return Err(map_error(format!(
                "this map was not taken from a store (it has no \"{}\" field): \
                 `relmap store import` adds a map to a case",
                rows::BASE_KEY
            )));
        }
        Some(Err(e)) => return Err(map_error(e)),
        Some(Ok(b)) => b,
    };
    if base.case != case {
        return Err(map_error(format!(
            "this map was taken from case {:?}, not {case:?}",
            base.case
        )));
    }
    let c = case_named(engine, case)?;
    let writes = plan(doc, &base);
    let meta = rows::case_meta(doc);
    let mut report = ApplyReport {
        added: Counts::default(),
        updated: Counts::default(),
        deleted: Counts::default(),
        already: 0,
        conflicts: Vec::new(),
        committed: false,
        doc: doc.clone(),
    };
    let mut new_base = base.clone();
    let outcome = engine.transaction(c.id, &mut |tx: &mut dyn Tx| {
        report.conflicts.clear();
        report.added = Counts::default();
        report.updated = Counts::default();
        report.deleted = Counts::default();
        report.already = 0;
        new_base = base.clone();
        let mut log = Vec::new();
        let deleted: HashSet<String> = writes
            .iter()
            .filter_map(|w| match w {
                Write::Delete(Table::Relations, id, _) => Some(id.clone()),
                _ => None,
            })
            .collect();
        // The counts search reads, written once after the items: in one order (sorted) in
        // every transaction, so that two analysts applying at once cannot deadlock on them.
        let mut tally = vocabulary::Tally::for_schema(schema);
        for w in &writes {
            write_one(
                tx,
                w,
                &deleted,
                &mut tally,
                &mut report,
                &mut new_base,
                &mut log,
            )?;
        }
        if !report.conflicts.is_empty() && mode == ApplyMode::AllOrNothing {
            return Ok(Outcome::Rollback);
        }
        tally.write(tx)?;
        tx.place(analyst, &rows::placements(doc))?;
        if meta != c.meta {
            tx.set_meta(&meta)?;
        }
        tx.log(analyst, &log)?;
        Ok(Outcome::Commit)
    })?;
    report.committed = outcome == Outcome::Commit;
    if report.committed {
        new_base.write_into(&mut report.doc);
    }
    Ok(report)
}

/// The writes that take the store from `base` to `doc`: additions and updates in the order
/// sources, entities, relations; then deletions the other way round.
fn plan(doc: &Document, base: &Base) -> Vec<Write> {
    let mut writes = Vec::new();
    let mut present: BTreeSet<(Table, String)> = BTreeSet::new();
    for row in rows::rows_of(doc) {
        present.insert((row.table, row.id.clone()));
        match base.get(row.table, &row.id) {
            Some((_, fp)) if *fp == row.fingerprint() => {}
            Some((version, _)) => writes.push(Write::Update(row, *version)),
            None => writes.push(Write::Insert(row)),
        }
    }
    for table in [Table::Relations, Table::Entities, Table::Sources] {
        for ((t, id), (version, _)) in &base.items {
            if *t == table.name() && !present.contains(&(table, id.clone())) {
                writes.push(Write::Delete(table, id.clone(), *version));
            }
        }
    }
    writes
}

fn write_one(
    tx: &mut dyn Tx,
    w: &Write,
    deleted_relations: &HashSet<String>,
    tally: &mut vocabulary::Tally,
    report: &mut ApplyReport,
    base: &mut Base,
    log: &mut Vec<Change>,
) -> Result<()> {
    let conflict = |table: Table, id: &str, reason: String| Conflict {
        item: table.item(),
        id: id.to_owned(),
        reason,
        base_version: None,
        store_version: None,
        mine: None,
        theirs: None,
    };
    match w {
        Write::Insert(row) | Write::Update(row, _) => {
            let base_version = match w {
                Write::Update(_, v) => Some(*v),
                _ => None,
            };
            if row.table == Table::Relations
                && let Some(end) = missing_end(tx, row)?
            {
                let mut c = conflict(
                    row.table,
                    &row.id,
                    format!("entity {end:?} at its end is no longer in the case"),
                );
                c.base_version = base_version;
                c.mine = Some(row.body.clone());
                report.conflicts.push(c);
                return Ok(());
            }
            // The name searched before an update, so the counts can trade the old name's
            // words for the new one's (an entity edited a thousand times must not count
            // its words a thousand times).
            // An update's old value: what its log entry says changed, and (for an entity)
            // the words and trigrams it no longer has.
            let old = match base_version {
                Some(_) => tx.current(row.table, &row.id)?,
                None => None,
            };
            let before = old
                .as_ref()
                .filter(|_| row.table == Table::Entities)
                .map(search_of);
            let written = match base_version {
                Some(v) => tx.update(row, v)?,
                None => tx.insert(row)?,
            };
            if written {
                if row.table == Table::Entities {
                    match &before {
                        Some(old) => tally.renamed(old, &row.search),
                        None => tally.added(&row.search),
                    }
                }
                let version = base_version.map_or(1, |v| v + 1);
                count(
                    if base_version.is_some() {
                        &mut report.updated
                    } else {
                        &mut report.added
                    },
                    row.table,
                );
                base.insert(row.table, &row.id, version, row.fingerprint());
                log.push(Change {
                    table: row.table,
                    item: row.id.clone(),
                    action: if base_version.is_some() {
                        "update"
                    } else {
                        "insert"
                    },
                    version,
                    note: old
                        .as_ref()
                        .map(|o| changed_fields(o, row))
                        .unwrap_or_default(),
                });
                return Ok(());
            }
            let current = tx.current(row.table, &row.id)?;
            match current {
                Some(cur) if cur.fingerprint() == row.fingerprint() => {
                    report.already += 1;
                    base.insert(row.table, &row.id, cur.version, cur.fingerprint());
                }
                cur => {
                    let reason = match (&cur, base_version) {
                        (None, _) => "deleted from the store since this map took it".to_owned(),
                        (Some(c), Some(v)) => format!(
                            "changed in the store since this map took it (version {v}, now {})",
                            c.version
                        ),
                        (Some(_), None) => {
                            "added to the store by someone else, with other content".to_owned()
                        }
                    };
                    let mut c = conflict(row.table, &row.id, reason);
                    c.base_version = base_version;
                    c.store_version = cur.as_ref().map(|c| c.version);
                    c.mine = Some(with_claims(&row.body, row.claims.iter().map(|c| &c.body)));
                    c.theirs = cur.as_ref().map(|c| with_claims(&c.body, c.claims.iter()));
                    report.conflicts.push(c);
                }
            }
        }
        Write::Delete(table, id, version) => {
            if *table == Table::Entities {
                let left: Vec<String> = tx
                    .relations_of(id)?
                    .into_iter()
                    .filter(|r| !deleted_relations.contains(r))
                    .collect();
                if !left.is_empty() {
                    let mut c = conflict(
                        *table,
                        id,
                        format!(
                            "still has {} relation(s) in the store that this map does not \
                             delete ({})",
                            left.len(),
                            left.iter().take(5).cloned().collect::<Vec<_>>().join(", ")
                        ),
                    );
                    c.base_version = Some(*version);
                    report.conflicts.push(c);
                    return Ok(());
                }
            }
            let before = match table {
                Table::Entities => tx.current(*table, id)?.map(|c| search_of(&c)),
                _ => None,
            };
            if tx.delete(*table, id, *version)? {
                if let Some(old) = &before {
                    tally.removed(old);
                }
                count(&mut report.deleted, *table);
                base.items.remove(&(table.name(), id.clone()));
                log.push(Change {
                    table: *table,
                    item: id.clone(),
                    action: "delete",
                    version: 0,
                    note: String::new(),
                });
                return Ok(());
            }
            match tx.current(*table, id)? {
                None => {
                    report.already += 1;
                    base.items.remove(&(table.name(), id.clone()));
                }
                Some(cur) => {
                    let mut c = conflict(
                        *table,
                        id,
                        format!(
                            "changed in the store since this map took it (version {version}, \
                             now {}), so it was not deleted",
                            cur.version
                        ),
                    );
                    c.base_version = Some(*version);
                    c.store_version = Some(cur.version);
                    c.theirs = Some(with_claims(&cur.body, cur.claims.iter()));
                    report.conflicts.push(c);
                }
            }
        }
    }
    Ok(())
}

/// A relation end that is not in the store, if one is not.
fn missing_end(tx: &mut dyn Tx, row: &Row) -> Result<Option<String>> {
    for end in [&row.from, &row.to] {
        if tx.current(Table::Entities, end)?.is_none() {
            return Ok(Some(end.clone()));
        }
    }
    Ok(None)
}

/// An item's body with its claims, as one JSON text for a conflict.
fn with_claims<'a>(body: &str, claims: impl Iterator<Item = &'a String>) -> String {
    let claims: Vec<&str> = claims.map(String::as_str).collect();
    if claims.is_empty() {
        return body.to_owned();
    }
    let inner = body.trim().trim_start_matches('{').trim_end_matches('}');
    format!("{{{inner},\"claims\":[{}]}}", claims.join(","))
}

/// What search reads of a stored entity: its name and aliases, a line each.
/// The fields of an item an update changed, by name, for its log entry ("kind, summary").
fn changed_fields(old: &rows::Stored, new: &Row) -> String {
    let fields = |body: &str| -> serde_json::Map<String, serde_json::Value> {
        serde_json::from_str(body).unwrap_or_default()
    };
    let (a, b) = (fields(&old.body), fields(&new.body));
    let mut names: BTreeSet<&str> = a
        .iter()
        .filter(|(k, v)| b.get(*k) != Some(v))
        .map(|(k, _)| k.as_str())
        .collect();
    names.extend(b.keys().filter(|k| !a.contains_key(*k)).map(String::as_str));
    let mut out: Vec<&str> = names.into_iter().collect();
    let claims: Vec<&str> = new.claims.iter().map(|c| c.body.as_str()).collect();
    if old
        .claims
        .iter()
        .map(String::as_str)
        .ne(claims.iter().copied())
    {
        out.push("claims");
    }
    out.join(", ")
}

fn search_of(stored: &rows::Stored) -> String {
    serde_json::from_str::<crate::model::Entity>(&stored.body)
        .map(|e| rows::entity_row(&e).search)
        .unwrap_or_default()
}
