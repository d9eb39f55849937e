//! The entities' rows of a large map, sorted and filtered on a thread of their own: on a
//! million entities a sort takes longer than a frame, so the table goes on showing the rows it
//! has (saying it is sorting) until the new ones come.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use crate::model::Document;
use crate::query::table::{RowQuery, entity_rows};

/// What the rows are for: the map's data revision, the filters' verdict, the table's query.
pub(super) type RowsKey = ((u64, u64), Vec<bool>, RowQuery);

/// Maps with more entities than this are sorted and filtered on a worker: at 100 000 a sort
/// and a filter take 6 and 11 ms (docs/PERFORMANCE.md), most of a frame on a slower machine.
pub const WORKER_ABOVE: usize = 100_000;

/// Rows asked of the worker, and the last rows it gave.
#[derive(Default)]
pub(super) struct RowsWorker {
    asked: Option<(RowsKey, Receiver<Vec<usize>>)>,
    done: Option<(RowsKey, Arc<Vec<usize>>)>,
    /// How many times rows were asked of a worker (tests read it).
    pub runs: u64,
}

impl RowsWorker {
    /// The rows for `key`: ready, or the last ones while the worker makes them (`true`: still
    /// working). `doc` is shared with the worker; the window edits its own copy meanwhile.
    pub(super) fn rows(&mut self, doc: &Arc<Document>, key: RowsKey) -> (Arc<Vec<usize>>, bool) {
        if let Some((k, rows)) = &self.done
            && *k == key
        {
            return (rows.clone(), false);
        }
        let asked_now = self.asked.as_ref().is_some_and(|(k, _)| *k == key);
        if !asked_now {
            let (tx, rx) = channel();
            let (doc, shown, query) = (doc.clone(), key.1.clone(), key.2.clone());
            std::thread::spawn(move || {
                // The window may have gone on to other rows: then nobody listens.
                let _ = tx.send(entity_rows(&doc, &shown, &query));
            });
            self.runs += 1;
            self.asked = Some((key.clone(), rx));
        }
        if let Some((k, rx)) = &self.asked {
            match rx.try_recv() {
                Ok(rows) => {
                    let rows = Arc::new(rows);
                    self.done = Some((k.clone(), rows.clone()));
                    self.asked = None;
                    return (rows, false);
                }
                Err(TryRecvError::Disconnected) => self.asked = None,
                Err(TryRecvError::Empty) => {}
            }
        }
        let last = self
            .done
            .as_ref()
            .map_or_else(|| Arc::new(Vec::new()), |(_, rows)| rows.clone());
        (last, true)
    }
}
