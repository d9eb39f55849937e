//! Importing items into a case: read on a thread of their own, written in batches in one
//! transaction, each row added, updated where its content changed, or left as it is; the
//! counts search reads and the counts kept of hubs brought along.

use super::engine::{Change, Engine, Outcome, Tx, Upserted};
use super::rows::{self, Placed, Row, Table};
use super::{ErrorKind, ImportSummary, Result, StoreError, hubs, vocabulary};
use crate::io::LoadError;
use crate::model::Item;

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
    /// With it, the entities that may have become hubs ([`hubs::Heavy::candidates`]).
    End(Batch, Vec<String>),
}

/// Reads `items` and shapes them into rows, a batch at a time, for [`import`]'s writer; stops
/// at the first item refused, or when the writer stops listening.
fn read_batches(
    items: &mut (dyn Iterator<Item = std::result::Result<Item, LoadError>> + Send),
    send: &std::sync::mpsc::SyncSender<Read>,
) {
    let mut batch = Batch::default();
    let mut heavy = hubs::Heavy::new();
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
            Item::Relation(r) => {
                if r.from != r.to {
                    heavy.add(r.from.as_str());
                    heavy.add(r.to.as_str());
                }
                rows::relation_row(r)
            }
        });
        if batch.rows.len() == BATCH && send.send(Read::Batch(std::mem::take(&mut batch))).is_err()
        {
            return;
        }
    }
    let _ = send.send(Read::End(batch, heavy.candidates()));
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
            // What may change the counts of hubs: listed while it is little, else every hub
            // is counted again.
            let mut touched = Some(hubs::Touched::default());
            let mut flush =
                |batch: Batch, tally: &mut vocabulary::Tally, last: bool, tx: &mut dyn Tx| {
                    let rows = batch.rows;
                    let fates = tx.upsert(&rows)?;
                    for (row, fate) in rows.iter().zip(&fates) {
                        touch(&mut touched, row, fate);
                        let c = match fate {
                            Upserted::Added => &mut summary.added,
                            Upserted::Updated { .. } => &mut summary.updated,
                            Upserted::Unchanged => &mut summary.unchanged,
                        };
                        c.add(row.table);
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
                    Ok(Read::End(batch, candidates)) => {
                        flush(batch, &mut tally, true, tx)?;
                        if schema >= 5 && summary.added.total() + summary.updated.total() > 0 {
                            count_hubs(tx, touched.take(), &candidates)?;
                        }
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

/// Notes in `touched` what an import's row may change of the counts of hubs; gives up the
/// list (None: count every hub again) past [`TOUCHED_AT`], or when a row was updated (its
/// relation's old ends, or its entity's old kind, are not known).
fn touch(touched: &mut Option<hubs::Touched>, row: &Row, fate: &Upserted) {
    let Some(t) = touched else {
        return;
    };
    match (fate, row.table) {
        (Upserted::Unchanged, _) | (_, Table::Sources) => {}
        (Upserted::Updated { .. }, _) => *touched = None,
        (Upserted::Added, Table::Relations) => t.relation(&row.from, &row.to),
        (Upserted::Added, Table::Entities) => t.entity(&row.id),
    }
    if touched.as_ref().is_some_and(|t| t.len() > TOUCHED_AT) {
        *touched = None;
    }
}

/// How many ends and entities an import lists before it counts every hub again instead.
const TOUCHED_AT: usize = 10_000;

/// Counts again, at the end of an import, the hubs it may have changed and the entities it
/// may have made hubs.
fn count_hubs(
    tx: &mut dyn Tx,
    touched: Option<hubs::Touched>,
    candidates: &[String],
) -> Result<()> {
    match touched {
        Some(t) => t.recount(tx)?,
        None => {
            let every = tx.hubs(None)?;
            tx.recount_hubs(Some(&every))?;
        }
    }
    // Those already counted are counted again: a few, for a simpler rule.
    if !candidates.is_empty() {
        tx.recount_hubs(Some(candidates))?;
    }
    Ok(())
}

/// How many rows an import writes before the planner's statistics are refreshed.
const REFRESH_AFTER: u64 = 10_000;
