//! Writing a map's changes back into the store.
//!
//! `apply` compares each item of the map with its [`Base`]: unchanged items are not written;
//! changed ones are written only if the store still holds the version they were taken at
//! (`UPDATE ... WHERE version = base`, so two analysts writing at once cannot both win);
//! anything else is a [`Conflict`], reported with both values. Like i2 Analyze, and unlike
//! Aleph's last-writer-wins, nobody's work is overwritten without being told.

use std::collections::{BTreeSet, HashSet};

use super::engine::{Change, Engine, Outcome, Tx};
use super::rows::{self, Base, Row, Table};
use super::{Counts, ErrorKind, Result, StoreError, case_named};
use super::{hubs, vocabulary};
use crate::model::Document;

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
    // The case's groups, member by member: the view speaks for the entities it held.
    let meta = {
        let in_view: HashSet<&str> = doc.entities.iter().map(|e| e.id.as_str()).collect();
        let held = |id: &str| in_view.contains(id) || base.get(rows::Table::Entities, id).is_some();
        let groups = super::groups::merge(&doc.groups, &super::groups::of_meta(&c.meta), &held);
        let notes = super::groups::merge_notes(&doc.notes, &super::groups::notes_of_meta(&c.meta));
        rows::case_meta_with(doc, &groups, &notes)
    };
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
        let mut touched = hubs::Touched::default();
        for w in &writes {
            write_one(
                tx,
                w,
                &deleted,
                &mut tally,
                &mut report,
                &mut new_base,
                &mut Written {
                    log: &mut log,
                    touched: &mut touched,
                },
            )?;
        }
        if !report.conflicts.is_empty() && mode == ApplyMode::AllOrNothing {
            return Ok(Outcome::Rollback);
        }
        tally.write(tx)?;
        if schema >= 5 {
            touched.recount(tx)?;
        }
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

/// What `apply` keeps of each write: its log entry, and what it may change of the hubs.
struct Written<'a> {
    log: &'a mut Vec<Change>,
    touched: &'a mut hubs::Touched,
}

fn write_one(
    tx: &mut dyn Tx,
    w: &Write,
    deleted_relations: &HashSet<String>,
    tally: &mut vocabulary::Tally,
    report: &mut ApplyReport,
    base: &mut Base,
    written: &mut Written,
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
            let stored = match base_version {
                Some(v) => tx.update(row, v)?,
                None => tx.insert(row)?,
            };
            if stored {
                if row.table == Table::Entities {
                    match &before {
                        Some(old) => tally.renamed(old, &row.search),
                        None => tally.added(&row.search),
                    }
                }
                match (row.table, &old) {
                    (Table::Relations, old) => {
                        written.touched.relation(&row.from, &row.to);
                        if let Some(old) = old {
                            written.touched.relation_body(&old.body);
                        }
                    }
                    (Table::Entities, Some(old))
                        if hubs::field(&old.body, "kind").as_deref() == Some(&row.kind) => {}
                    (Table::Entities, _) => written.touched.entity(&row.id),
                    (Table::Sources, _) => {}
                }
                let version = base_version.map_or(1, |v| v + 1);
                if base_version.is_some() {
                    report.updated.add(row.table);
                } else {
                    report.added.add(row.table);
                }
                base.insert(row.table, &row.id, version, row.fingerprint());
                written.log.push(Change {
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
            let current = match table {
                Table::Sources => None,
                _ => tx.current(*table, id)?,
            };
            if tx.delete(*table, id, *version)? {
                match (table, &current) {
                    (Table::Entities, Some(old)) => {
                        tally.removed(&search_of(old));
                        written.touched.entity(id);
                    }
                    (Table::Relations, Some(old)) => written.touched.relation_body(&old.body),
                    _ => {}
                }
                report.deleted.add(*table);
                base.items.remove(&(table.name(), id.clone()));
                written.log.push(Change {
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
