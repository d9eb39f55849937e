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
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, TryRecvError, channel};
use std::time::{Duration, Instant};

use super::working;
use super::{
    ApplyMode, ApplyReport, Base, CaseSummary, ExpandRequest, Expansion, Hit, Listening, Logged,
    Store, StoreError,
};
use crate::model::Document;

/// Called from the worker thread when an answer is ready.
pub type Wake = Arc<dyn Fn() + Send + Sync>;

/// What the window asks the store.
#[derive(Debug, Clone)]
pub enum Ask {
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
        /// The view as the window has it when it asks (entities the layout placed hold their
        /// places on screen): what the store reads is merged into it here, off the window's
        /// thread.
        view: Box<Document>,
        seeds: Vec<String>,
        hops: u32,
        kinds: Vec<String>,
        /// Only neighbours of these entity kinds (all when empty).
        of_kinds: Vec<String>,
        limit: usize,
    },
    /// Writes a view's changes into `case` (what conflicts is not written, and is listed).
    Apply { case: String, doc: Box<Document> },
    /// From now on, read `case`'s change log about once a second and send what is new as
    /// [`Answer::Changed`] (numbered [`CHANGES`]). Entries already in the log are not sent.
    Watch { case: String },
}

/// A read of the view and what it pulled in, merged into the view the window asked with.
#[derive(Debug)]
pub struct TakenIn {
    /// The view with the read merged in (`working::merge`), what the case deleted taken out
    /// (`working::drop_deleted`), and new entities placed round their parent.
    pub doc: Document,
    pub merged: working::Merged,
    pub gone: working::Gone,
    /// Each entity in view's neighbours left out of it, by kind, and its relations to them,
    /// by relation kind.
    pub left_out: std::collections::BTreeMap<String, super::KindCounts>,
    pub left_out_relations: std::collections::BTreeMap<String, super::KindCounts>,
    /// Entities of the view the case no longer has.
    pub missing: Vec<String>,
}

/// What the store answered.
#[derive(Debug)]
pub enum Answer {
    /// The store is open.
    Opened {
        engine: &'static str,
        cases: Vec<CaseSummary>,
        /// The connection may only read (a read-only role, a read-only file).
        read_only: bool,
    },
    Found {
        query: String,
        hits: Vec<Hit>,
    },
    Pulled {
        /// What was asked for: entities to add, or to expand.
        seeds: Vec<String>,
        /// Entities new to the view.
        added: Vec<String>,
        /// The view asked with, with what the store holds merged in, or why it could not be.
        taken_in: Result<Box<TakenIn>, String>,
        /// The limit stopped the walk before all neighbours were in.
        truncated: bool,
    },
    Applied(Box<ApplyReport>),
    /// New entries of the watched case's change log, oldest first: this window's own writes
    /// among them.
    Changed(Vec<Logged>),
    /// The watched case's log could not be read (the first failure after it could), or can
    /// be again (`None`).
    Watching(Option<StoreError>),
    /// A newer search came before this one was run.
    Superseded,
    Failed {
        asked: &'static str,
        error: StoreError,
    },
}

/// The window's end of the store's thread.
pub struct CaseWorker {
    asks: Sender<Msg>,
    answers: Receiver<(u64, Answer)>,
    next: u64,
    waiting: BTreeSet<u64>,
    location: String,
}

/// The number of the answer to opening the store.
pub const OPENED: u64 = 0;
/// The number of the answers no ask asked for: the watched case's news.
pub const CHANGES: u64 = u64::MAX;

/// How often the watched case's change log is read.
const WATCH_EVERY: Duration = Duration::from_millis(500);
/// How often it is read while the engine's listener is live: a safety net, should a
/// notification be lost with a connection.
const LISTENED_EVERY: Duration = Duration::from_secs(5);
/// How far back each read of the log looks again: on PostgreSQL an entry's number is taken
/// when its transaction writes it, so a transaction that commits later than a newer one shows
/// an older number after it. The entries already read in that stretch are named to the
/// server, which leaves them out.
const LOOK_BACK: i64 = 1000;

impl CaseWorker {
    /// Starts the thread, which opens the store at `location` (a SQLite file that exists, or a
    /// `postgres://` URL) as `analyst` (`None`: the default) and answers [`OPENED`] with
    /// [`Answer::Opened`] or [`Answer::Failed`].
    pub fn open(location: &str, analyst: Option<String>, wake: Wake) -> CaseWorker {
        let (asks, inbox) = channel::<Msg>();
        let pokes = asks.clone();
        let (outbox, answers) = channel::<(u64, Answer)>();
        let at = location.to_owned();
        let spawned = std::thread::Builder::new()
            .name("relmap-store".into())
            .spawn(move || serve(&at, analyst, &inbox, &pokes, &outbox, &wake));
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
        if self.asks.send(Msg::Ask(n, ask)).is_err() {
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

/// What the thread reads: the window's asks, the listener's pokes, and the end.
enum Msg {
    Ask(u64, Ask),
    /// The watched case's log may have grown ([`Store::listen`]).
    Poke,
    /// The window has let go of the worker. Needed because the listener holds a sender, so
    /// the channel alone would never close.
    Quit,
}

impl Drop for CaseWorker {
    fn drop(&mut self) {
        let _ = self.asks.send(Msg::Quit);
    }
}

fn serve(
    location: &str,
    analyst: Option<String>,
    inbox: &Receiver<Msg>,
    pokes: &Sender<Msg>,
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
        let read_only = !store.may_write()?;
        Ok((store, cases, read_only))
    });
    let mut store = match opened {
        Ok((store, cases, read_only)) => {
            send(
                OPENED,
                Answer::Opened {
                    engine: store.engine_name(),
                    cases,
                    read_only,
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
    let mut watch: Option<Watch> = None;
    let mut next_read = Instant::now() + WATCH_EVERY;
    loop {
        let wait = next_read.saturating_duration_since(Instant::now());
        let first = match inbox.recv_timeout(wait) {
            Ok(Msg::Quit) | Err(RecvTimeoutError::Disconnected) => return,
            Ok(first) => Some(first),
            Err(RecvTimeoutError::Timeout) => None,
        };
        let mut poked = false;
        if let Some(first) = first {
            let mut queue = Vec::new();
            for msg in std::iter::once(first).chain(inbox.try_iter()) {
                match msg {
                    Msg::Ask(n, ask) => queue.push((n, ask)),
                    Msg::Poke => poked = true,
                    Msg::Quit => return,
                }
            }
            let newest_search = queue
                .iter()
                .rposition(|(_, a)| matches!(a, Ask::Search { .. }));
            for (i, (n, ask)) in queue.into_iter().enumerate() {
                let superseded = matches!(ask, Ask::Search { .. }) && Some(i) != newest_search;
                let answer = match ask {
                    _ if superseded => Answer::Superseded,
                    Ask::Watch { case } => match Watch::start(&mut store, case, pokes) {
                        Ok(w) => {
                            watch = Some(w);
                            Answer::Watching(None)
                        }
                        Err(e) => Answer::Watching(Some(e)),
                    },
                    ask => {
                        let first = answer(&mut store, &ask);
                        // A connection lost since the last ask is made again, and the ask
                        // tried once more: the server may be back.
                        if lost(&first) && reconnect(&mut store, location, analyst.as_deref()) {
                            answer(&mut store, &ask)
                        } else {
                            first
                        }
                    }
                };
                send(n, answer);
            }
        }
        if poked || Instant::now() >= next_read {
            let Some(w) = &mut watch else {
                next_read = Instant::now() + WATCH_EVERY;
                continue;
            };
            // With a live listener the timer is only a safety net.
            let every = if w.listening.as_ref().is_some_and(Listening::live) {
                LISTENED_EVERY
            } else {
                WATCH_EVERY
            };
            next_read = Instant::now() + every;
            if w.failing {
                reconnect(&mut store, location, analyst.as_deref());
            }
            match w.read(&mut store) {
                Ok(news) if news.is_empty() => {}
                Ok(news) => send(CHANGES, Answer::Changed(news)),
                Err(e) => send(CHANGES, Answer::Watching(Some(e))),
            }
            if let Some(back) = w.back.take() {
                send(CHANGES, Answer::Watching(back));
            }
        }
    }
}

/// Whether `answer` failed because the store could not be reached.
fn lost(answer: &Answer) -> bool {
    matches!(answer, Answer::Failed { error, .. }
        if matches!(error.kind, super::ErrorKind::Lost | super::ErrorKind::Connect))
}

/// Opens the store again in place of one whose connection was lost; whether it could.
fn reconnect(store: &mut Store, location: &str, analyst: Option<&str>) -> bool {
    match Store::open(location) {
        Ok(mut fresh) => {
            fresh.set_analyst(analyst.unwrap_or(store.analyst()));
            *store = fresh;
            true
        }
        Err(_) => false,
    }
}

/// The watched case, and which of its log's entries have been sent.
struct Watch {
    case: String,
    /// The newest entry when the watch started: it and those before are not news.
    start: i64,
    /// The newest entry seen, and every entry seen in the window before it.
    last: i64,
    seen: BTreeSet<i64>,
    /// The log could not be read last time.
    failing: bool,
    /// Tells the window the log can be read again (`Some(None)`).
    back: Option<Option<StoreError>>,
    /// The engine's signal of new entries, where it has one (PostgreSQL).
    listening: Option<Listening>,
}

impl Watch {
    fn start(store: &mut Store, case: String, pokes: &Sender<Msg>) -> Result<Watch, StoreError> {
        let last = store.last_change(&case)?;
        let pokes = pokes.clone();
        let poke = Box::new(move || {
            let _ = pokes.send(Msg::Poke);
        });
        // Without a listener the log is read on the timer: nothing is lost, only later.
        let listening = store.listen(&case, poke).unwrap_or(None);
        Ok(Watch {
            case,
            start: last,
            last,
            seen: BTreeSet::new(),
            failing: false,
            back: None,
            listening,
        })
    }

    /// What is new in the log. A failure is returned once, until a read succeeds again.
    fn read(&mut self, store: &mut Store) -> Result<Vec<Logged>, StoreError> {
        // SQLite says cheaply whether anyone has committed since the last look.
        if !self.failing && !store.may_have_changed().unwrap_or(true) {
            return Ok(Vec::new());
        }
        // Entries up to the watch's start are not news; those read already are skipped by the
        // server, so each read brings only what is new.
        let from = (self.last - LOOK_BACK).max(self.start);
        let seen: Vec<i64> = self.seen.iter().copied().collect();
        let read = store.changes_after(&self.case, from, &seen, 10_000);
        let entries = match read {
            Ok(entries) => entries,
            Err(e) if !self.failing => {
                self.failing = true;
                return Err(e);
            }
            Err(_) => return Ok(Vec::new()),
        };
        if self.failing {
            self.failing = false;
            self.back = Some(None);
        }
        // The server left out what was seen and what came before the watch (`from` is never
        // below its start): every entry is news.
        let news = entries;
        for c in &news {
            self.seen.insert(c.seq);
            self.last = self.last.max(c.seq);
        }
        let floor = self.last - LOOK_BACK;
        self.seen.retain(|&s| s > floor);
        Ok(news)
    }
}

fn answer(store: &mut Store, ask: &Ask) -> Answer {
    let failed = |asked: &'static str| move |error: StoreError| Answer::Failed { asked, error };
    match ask {
        Ask::Search { case, query, limit } => match store.search(case, query, *limit) {
            Ok(hits) => Answer::Found {
                query: query.clone(),
                hits,
            },
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
        } => pull(store, case, view, seeds, *hops, (kinds, of_kinds), *limit)
            .unwrap_or_else(failed("pull entities into the view")),
        Ask::Apply { case, doc } => store
            .apply(case, doc, ApplyMode::WhatFits)
            .map_or_else(failed("save to the case"), |r| Answer::Applied(Box::new(r))),
        // Served by the loop, which keeps the watch.
        Ask::Watch { .. } => Answer::Superseded,
    }
}

fn pull(
    store: &mut Store,
    case: &str,
    view: &Document,
    seeds: &[String],
    hops: u32,
    (kinds, of_kinds): (&[String], &[String]),
    limit: usize,
) -> Result<Answer, StoreError> {
    let ids = working::in_view(view);
    let in_view: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
    let (added, truncated) = if hops == 0 {
        let added: Vec<String> = seeds
            .iter()
            .filter(|s| !in_view.contains(s.as_str()))
            .cloned()
            .collect();
        (added, false)
    } else {
        // Who the seeds' neighbours are (the walk alone: their rows come with the view's,
        // below); the limit counts new entities only.
        let (reached, truncated) = store.neighbours(
            case,
            &ExpandRequest {
                seeds: seeds.to_vec(),
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
        let added: Vec<String> = reached
            .into_iter()
            .filter(|(id, kind)| {
                (of_kinds.is_empty() || of_kinds.contains(kind)) && !in_view.contains(id.as_str())
            })
            .map(|(id, _)| id)
            .take(limit)
            .collect();
        (added, truncated)
    };
    let mut all = ids.clone();
    all.extend(added.iter().cloned());
    let mut whole = store.expand(
        case,
        &ExpandRequest {
            limit: all.len(),
            seeds: all,
            hops: 0,
            kinds: Vec::new(),
        },
    )?;
    let taken = Base::of(view).and_then(Result::ok);
    if let Some(taken) = &taken {
        working::trim_unchanged(&mut whole.doc, taken);
    }
    let Expansion {
        doc: read,
        left_out,
        left_out_relations,
        missing,
        ..
    } = whole;
    let mut doc = view.clone();
    let gone = working::drop_deleted(&mut doc, &read, &missing);
    let taken_in = working::merge(&mut doc, read).map(|merged| {
        working::place_near_parents(
            &mut doc,
            &merged.entities,
            seeds.first().map(String::as_str),
        );
        Box::new(TakenIn {
            doc,
            merged,
            gone,
            left_out,
            left_out_relations,
            missing,
        })
    });
    Ok(Answer::Pulled {
        seeds: seeds.to_vec(),
        added,
        taken_in,
        truncated,
    })
}
