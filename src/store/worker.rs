//! The case store on a thread of its own, so a window never waits on a disk or a network.
//!
//! [`CaseWorker::open`] starts a thread that opens the store (connecting is itself a wait)
//! and then answers [`Ask`]s in turn. Each ask gets a number; its [`Answer`] comes back with
//! that number through [`CaseWorker::poll`], and the thread calls `wake` when one is ready, as
//! the layout's worker does, so the window repaints then and not before. Searches typed one
//! letter after another queue up while one runs; only the newest is run, the rest are
//! answered [`Answer::Superseded`].

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};

use super::{
    ApplyMode, ApplyReport, CaseSummary, ExpandRequest, Expansion, Hit, Store, StoreError,
};
use crate::model::Document;

/// Called from the worker thread when an answer is ready.
pub type Wake = Arc<dyn Fn() + Send + Sync>;

/// What the window asks the store.
#[derive(Debug, Clone)]
pub enum Ask {
    /// The cases, with their counts.
    Cases,
    /// Entities of `case` named like `query`, the best first.
    Search {
        case: String,
        query: String,
        limit: usize,
    },
    /// Pulls entities into the view: `seeds` themselves (`hops` 0) or their neighbours,
    /// following relations of `kinds` (all when empty), at most `limit` new ones. The answer
    /// holds the whole view again (`view` and what was added), with every relation among it
    /// and what each entity has left out, so the badges and the map are true of the store
    /// now.
    Pull {
        case: String,
        view: Vec<String>,
        seeds: Vec<String>,
        hops: u32,
        kinds: Vec<String>,
        /// Only neighbours of these entity kinds (all when empty).
        of_kinds: Vec<String>,
        limit: usize,
    },
    /// Writes a view's changes into `case` (what conflicts is not written, and is listed).
    Apply { case: String, doc: Box<Document> },
}

/// What the store answered.
#[derive(Debug)]
pub enum Answer {
    /// The store is open.
    Opened {
        engine: &'static str,
        location: String,
        cases: Vec<CaseSummary>,
    },
    Cases(Vec<CaseSummary>),
    Found {
        query: String,
        hits: Vec<Hit>,
    },
    Pulled {
        /// What was asked for: entities to add, or to expand.
        seeds: Vec<String>,
        /// Entities new to the view.
        added: Vec<String>,
        /// The whole view as the store has it now.
        view: Box<Expansion>,
        /// The limit stopped the walk before all neighbours were in.
        truncated: bool,
    },
    Applied(Box<ApplyReport>),
    /// A newer search came before this one was run.
    Superseded,
    Failed {
        asked: &'static str,
        error: StoreError,
    },
}

/// The window's end of the store's thread.
pub struct CaseWorker {
    asks: Sender<(u64, Ask)>,
    answers: Receiver<(u64, Answer)>,
    next: u64,
    waiting: BTreeSet<u64>,
    location: String,
}

/// The number of the answer to opening the store.
pub const OPENED: u64 = 0;

impl CaseWorker {
    /// Starts the thread, which opens the store at `location` (a SQLite file that exists, or a
    /// `postgres://` URL) as `analyst` (`None`: the default) and answers [`OPENED`] with
    /// [`Answer::Opened`] or [`Answer::Failed`].
    pub fn open(location: &str, analyst: Option<String>, wake: Wake) -> CaseWorker {
        let (asks, inbox) = channel::<(u64, Ask)>();
        let (outbox, answers) = channel::<(u64, Answer)>();
        let at = location.to_owned();
        let spawned = std::thread::Builder::new()
            .name("relmap-store".into())
            .spawn(move || serve(&at, analyst, &inbox, &outbox, &wake));
        let mut worker = CaseWorker {
            asks,
            answers,
            next: OPENED + 1,
            waiting: BTreeSet::from([OPENED]),
            location: super::Location::parse(location).display(),
        };
        if let Err(e) = spawned {
            // Without a thread there is nobody to answer: say so as the answer to opening.
            let (outbox, answers) = channel();
            let _ = outbox.send((
                OPENED,
                Answer::Failed {
                    asked: "open the store",
                    error: StoreError::new(
                        &worker.location,
                        super::ErrorKind::Connect,
                        format!("could not start the store's thread: {e}"),
                    ),
                },
            ));
            worker.answers = answers;
        }
        worker
    }

    /// The store, named for the window (a URL without its password).
    pub fn location(&self) -> &str {
        &self.location
    }

    /// Sends `ask`; its answer comes back from [`Self::poll`] with the number returned.
    pub fn ask(&mut self, ask: Ask) -> u64 {
        let n = self.next;
        self.next += 1;
        self.waiting.insert(n);
        if self.asks.send((n, ask)).is_err() {
            // The thread has ended (it could not open the store): nothing will answer.
            self.waiting.remove(&n);
        }
        n
    }

    /// The answers that have come, oldest first.
    pub fn poll(&mut self) -> Vec<(u64, Answer)> {
        let mut out = Vec::new();
        loop {
            match self.answers.try_recv() {
                Ok((n, a)) => {
                    self.waiting.remove(&n);
                    out.push((n, a));
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    self.waiting.clear();
                    break;
                }
            }
        }
        out
    }

    /// Whether an ask has not been answered yet.
    pub fn busy(&self) -> bool {
        !self.waiting.is_empty()
    }
}

fn serve(
    location: &str,
    analyst: Option<String>,
    inbox: &Receiver<(u64, Ask)>,
    outbox: &Sender<(u64, Answer)>,
    wake: &Wake,
) {
    let send = |n: u64, a: Answer| {
        let _ = outbox.send((n, a));
        wake();
    };
    let opened = Store::open(location).and_then(|mut store| {
        if let Some(a) = &analyst {
            store.set_analyst(a);
        }
        let cases = store.cases()?;
        Ok((store, cases))
    });
    let mut store = match opened {
        Ok((store, cases)) => {
            send(
                OPENED,
                Answer::Opened {
                    engine: store.engine_name(),
                    location: store.location(),
                    cases,
                },
            );
            store
        }
        Err(error) => {
            send(
                OPENED,
                Answer::Failed {
                    asked: "open the store",
                    error,
                },
            );
            return;
        }
    };
    while let Ok(first) = inbox.recv() {
        let mut queue = vec![first];
        queue.extend(inbox.try_iter());
        let newest_search = queue
            .iter()
            .rposition(|(_, a)| matches!(a, Ask::Search { .. }));
        for (i, (n, ask)) in queue.into_iter().enumerate() {
            let superseded = matches!(ask, Ask::Search { .. }) && Some(i) != newest_search;
            let answer = if superseded {
                Answer::Superseded
            } else {
                answer(&mut store, ask)
            };
            send(n, answer);
        }
    }
}

fn answer(store: &mut Store, ask: Ask) -> Answer {
    let failed = |asked: &'static str| move |error: StoreError| Answer::Failed { asked, error };
    match ask {
        Ask::Cases => store
            .cases()
            .map_or_else(failed("list the cases"), Answer::Cases),
        Ask::Search { case, query, limit } => match store.search(&case, &query, limit) {
            Ok(hits) => Answer::Found { query, hits },
            Err(e) => failed("search the case")(e),
        },
        Ask::Pull {
            case,
            view,
            seeds,
            hops,
            kinds,
            of_kinds,
            limit,
        } => pull(store, &case, view, seeds, hops, (&kinds, &of_kinds), limit)
            .unwrap_or_else(failed("pull entities into the view")),
        Ask::Apply { case, doc } => store
            .apply(&case, &doc, ApplyMode::WhatFits)
            .map_or_else(failed("save to the case"), |r| Answer::Applied(Box::new(r))),
    }
}

fn pull(
    store: &mut Store,
    case: &str,
    view: Vec<String>,
    seeds: Vec<String>,
    hops: u32,
    (kinds, of_kinds): (&[String], &[String]),
    limit: usize,
) -> Result<Answer, StoreError> {
    let in_view: BTreeSet<&str> = view.iter().map(String::as_str).collect();
    let (added, truncated) = if hops == 0 {
        let added: Vec<String> = seeds
            .iter()
            .filter(|s| !in_view.contains(s.as_str()))
            .cloned()
            .collect();
        (added, false)
    } else {
        // The seeds and their neighbours; the limit counts new entities only.
        let walked = store.expand(
            case,
            &ExpandRequest {
                seeds: seeds.clone(),
                hops,
                kinds: kinds.to_vec(),
                // The walk counts what is in view and, with an entity-kind filter, what it
                // filters out; neither counts against the limit on what is added.
                limit: if of_kinds.is_empty() {
                    limit.saturating_add(in_view.len())
                } else {
                    usize::MAX / 2
                },
            },
        )?;
        let added: Vec<String> = walked
            .doc
            .entities
            .iter()
            .filter(|e| of_kinds.is_empty() || of_kinds.contains(&e.kind))
            .map(|e| e.id.as_str())
            .filter(|id| !in_view.contains(id))
            .map(str::to_owned)
            .take(limit)
            .collect();
        (added, walked.truncated)
    };
    let mut all = view.clone();
    all.extend(added.iter().cloned());
    let whole = store.expand(
        case,
        &ExpandRequest {
            limit: all.len(),
            seeds: all,
            hops: 0,
            kinds: Vec::new(),
        },
    )?;
    Ok(Answer::Pulled {
        seeds,
        added,
        view: Box::new(whole),
        truncated,
    })
}
