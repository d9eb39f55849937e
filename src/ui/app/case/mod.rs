//! A case store open in the window: the working set (what the analyst pulled in) as the
//! document, the store's answers taken in once per frame, and saving back to the case.
//!
//! Everything the store does runs on its worker (`store::worker`); this file sends asks and
//! takes answers, so a frame never waits on the store.

use std::collections::BTreeMap;

use super::*;
use crate::store::worker::{Answer, Ask, CaseWorker, OPENED};
use crate::store::{CaseSummary, Conflict, KindCounts, working};
use crate::ui::panels::case::CaseSearch;

/// Expanding more neighbours than this at once asks first (Linkurious's supernode guard).
pub const EXPAND_GUARD: u64 = 500;
/// How many hits the case search shows.
const SEARCH_HITS: usize = 20;

/// The case store open in this window.
pub struct CaseSession {
    pub(super) worker: CaseWorker,
    /// The store as settings keep it (no password).
    pub(super) kept: String,
    /// "SQLite" or "PostgreSQL", once open.
    pub(super) engine: Option<&'static str>,
    /// The connection may only read: editing is off, and the window says so.
    pub(super) read_only: bool,
    /// The store could not be opened, or the last ask failed: why.
    pub(super) trouble: Option<String>,
    /// The case open, once chosen.
    pub(super) case: Option<String>,
    /// The store's cases, for the chooser.
    pub(super) cases: Vec<CaseSummary>,
    /// The case to open once the store is, if one was named.
    wanted: Option<String>,
    /// Each entity in view's relations to entities not in view, by relation kind.
    pub(super) hidden_relations: BTreeMap<String, KindCounts>,
    /// Each entity in view's neighbours not in view, by kind.
    pub(super) hidden: BTreeMap<String, KindCounts>,
    /// What the case search shows.
    pub(super) search: CaseSearch,
    /// Pulls waiting for their answers, oldest first.
    pulling: Vec<PendingPull>,
    /// The view the case was left with, while it is read in parts.
    pub(super) filling: Option<Filling>,
    /// The view's undo steps on their way to the case, one write each.
    pub(super) writes: save::Writes,
    /// Items a save did not write because someone else changed them first.
    pub(super) conflicts: Vec<Conflict>,
    /// An expand that would add more than [`EXPAND_GUARD`] entities, waiting for a yes.
    pub(super) guard: Option<PendingExpand>,
    /// What this window wrote, as the change log names it (item, id, version), so its own
    /// writes are not told back to it as news.
    pub(super) written: std::collections::HashSet<(String, String, i64)>,
    /// Colleagues' changes seen, newest first, in words.
    pub(super) changes: Vec<SeenChange>,
    /// What colleagues deleted while it was in view, to restore.
    pub(super) deleted: Vec<working::Gone>,
    /// Who deleted each entity of the case the log has named, by id.
    pub(super) deleted_by: std::collections::HashMap<String, String>,
    /// A view restored from a recovery copy, to show once the case is open.
    pub(super) restored_view: Option<Document>,
    /// Changes came while a pull was running: read the view again after it.
    stale: bool,
    /// A save could not reach the case: it is sent again as soon as the case is back.
    pub(super) send_when_back: bool,
    /// While the case cannot be reached: the changes a save would write, and the revisions
    /// they were counted at.
    pub(super) waiting: Option<(crate::workspace::Revisions, usize)>,
    /// The running pull reads the view again for colleagues' news, which the status bar
    /// already tells: its own summary is not shown over it.
    pub(super) quiet: bool,
}

/// A pull on its way: what was asked, and the view's revisions when it was, for the answer
/// (merged into that view on the store's worker) is taken only into the view it was merged
/// into; into a view changed meanwhile it is asked again.
struct PendingPull {
    n: u64,
    revisions: (u64, u64),
    seeds: Vec<crate::model::EntityId>,
    hops: u32,
    kinds: Vec<String>,
    of_kinds: Vec<String>,
}

/// A case's last view being read in parts: the entities not asked for yet, of how many.
pub(super) struct Filling {
    pub(super) left: Vec<crate::model::EntityId>,
    pub(super) total: usize,
}

/// A colleague's change, as the change list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeenChange {
    /// When, as the log has it (UTC).
    pub at: String,
    /// "Ned edited Taliban: kind".
    pub text: String,
}

/// How many changes the change list keeps.
const CHANGES_KEPT: usize = 200;

/// An expand the analyst is asked about first.
#[derive(Debug, Clone)]
pub struct PendingExpand {
    pub seeds: Vec<crate::model::EntityId>,
    pub kinds: Vec<String>,
    /// Only neighbours of these entity kinds (all when empty).
    pub of_kinds: Vec<String>,
    /// The neighbours it would add, by kind.
    pub counts: KindCounts,
}

impl CaseSession {
    /// Starts opening the store at `location`; `case` is opened once it is (else the only
    /// case, else the analyst chooses).
    pub fn open(location: &str, case: Option<String>, wake: crate::store::worker::Wake) -> Self {
        CaseSession {
            worker: CaseWorker::open(location, None, wake),
            kept: crate::store::Location::parse(location).to_keep(),
            engine: None,
            read_only: false,
            trouble: None,
            case: None,
            cases: Vec::new(),
            wanted: case,
            hidden: BTreeMap::new(),
            hidden_relations: BTreeMap::new(),
            search: CaseSearch::default(),
            pulling: Vec::new(),
            filling: None,
            writes: save::Writes::default(),
            conflicts: Vec::new(),
            guard: None,
            written: Default::default(),
            changes: Vec::new(),
            deleted: Vec::new(),
            deleted_by: Default::default(),
            restored_view: None,
            stale: false,
            quiet: false,
            send_when_back: false,
            waiting: None,
        }
    }

    /// The store as the title and status bar name it.
    pub fn location(&self) -> &str {
        self.worker.location()
    }

    /// The neighbours of `id` not in view.
    pub fn hidden_count(&self, id: &str) -> u64 {
        self.hidden.get(id).map_or(0, |k| k.values().sum())
    }

    pub fn busy(&self) -> bool {
        self.worker.busy()
    }

    /// The key settings keep this case's view under.
    fn view_key(&self) -> Option<String> {
        self.case.as_ref().map(|c| format!("{}\n{c}", self.kept))
    }
}

/// What [`RelmapApp::open_case`] is told about a case store to open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecentCase {
    /// The store, without a password.
    pub store: String,
    pub case: String,
}

mod marks;
mod news;
mod open;
mod pull;
use pull::drop_elsewhere;
mod save;
pub(in crate::ui::app) use save::Settlement;
mod status;
mod windows;

/// The field of a recovery copy of a case's view that names its store (without a password).
pub const CASE_STORE_KEY: &str = "relmap_case_store";

impl RelmapApp {
    /// Takes in what the store has answered since the last frame.
    pub(super) fn take_case_answers(&mut self) {
        let Some(session) = self.case.as_mut() else {
            return;
        };
        for (n, answer) in session.worker.poll() {
            self.take_case_answer(n, answer);
        }
        self.count_waiting();
    }

    /// While the case cannot be reached, counts the changes waiting for it (again only after
    /// an edit), for the status bar's "Offline: 3 changes waiting".
    fn count_waiting(&mut self) {
        let revisions = self.ws.revisions();
        let Some(session) = self.case.as_mut() else {
            return;
        };
        let holding = session.trouble.is_some() || session.writes.offline;
        if !holding || session.engine.is_none() {
            session.waiting = None;
            return;
        }
        if session.waiting.is_some_and(|(r, _)| r == revisions) {
            return;
        }
        session.waiting = Some((revisions, working::pending(self.ws.doc())));
    }

    fn take_case_answer(&mut self, n: u64, answer: Answer) {
        let Some(session) = self.case.as_mut() else {
            return;
        };
        match answer {
            Answer::Opened {
                engine,
                cases,
                read_only,
                ..
            } => {
                session.engine = Some(engine);
                session.read_only = read_only;
                session.cases = cases;
                let chosen = match session.wanted.take() {
                    Some(w) => Some(w),
                    None if session.cases.len() == 1 => Some(session.cases[0].name.clone()),
                    None => None,
                };
                match chosen {
                    Some(c) => self.choose_case(&c),
                    None if session.cases.is_empty() => {
                        session.trouble = Some("this store has no case yet".into());
                        self.error = Some(ErrorReport {
                            title: format!("{} has no case", session.location()),
                            message:
                                "`relmap store import FILE --into STORE --case NAME` makes one"
                                    .into(),
                        });
                    }
                    None => self.status = "Choose a case".into(),
                }
            }
            Answer::Found { query, hits } => {
                if session.search.asked == Some(n) {
                    session.search.asked = None;
                    session.search.shown = query;
                    session.search.hits = hits;
                }
            }
            Answer::Pulled {
                seeds,
                added,
                taken_in,
                truncated,
            } => {
                let Some(at) = session.pulling.iter().position(|p| p.n == n) else {
                    return;
                };
                let asked = session.pulling.remove(at);
                if asked.revisions != self.ws.revisions().data() {
                    // The view changed while the store read (an edit, another pull): what the
                    // worker merged is of the view before, so the same is asked of this one.
                    self.pull(asked.seeds, asked.hops, asked.kinds, asked.of_kinds);
                    return;
                }
                let Some(session) = self.case.as_mut() else {
                    return;
                };
                let again = session.pulling.is_empty() && std::mem::take(&mut session.stale);
                match taken_in {
                    Ok(taken_in) => self.take_pull(&seeds, &added, *taken_in, truncated),
                    Err(e) => {
                        self.error = Some(ErrorReport {
                            title: "Could not add to the view".into(),
                            message: e,
                        });
                    }
                }
                if again {
                    self.pull(Vec::new(), 0, Vec::new(), Vec::new());
                }
                if self.case.as_ref().is_some_and(|s| s.pulling.is_empty()) {
                    self.fill_view();
                }
            }
            Answer::Applied(report) => self.take_applied(n, *report),
            Answer::Changed(news) => self.take_news(news),
            Answer::Watching(trouble) => {
                let back = trouble.is_none() && session.trouble.is_some();
                session.trouble = trouble.map(|e| e.to_string());
                if back {
                    self.status = "The case can be reached again".into();
                    if std::mem::take(&mut session.send_when_back) {
                        self.send_step();
                    }
                }
            }
            Answer::Superseded => {}
            Answer::Failed { asked, error } => {
                if session.search.asked == Some(n) {
                    session.search.asked = None;
                }
                let pulls = session.pulling.len();
                session.pulling.retain(|p| p.n != n);
                if session.pulling.len() < pulls {
                    // The rest of the last view is not asked for; what came stays.
                    session.filling = None;
                }
                if n == OPENED {
                    session.trouble = Some(error.to_string());
                }
                let was_save = self.write_failed(n, &error);
                let Some(session) = self.case.as_mut() else {
                    return;
                };
                if n != OPENED
                    && matches!(
                        error.kind,
                        crate::store::ErrorKind::Lost | crate::store::ErrorKind::Connect
                    )
                {
                    // Offline is a state, not an error to close: the status bar says it, the
                    // edits stay in view, and what waits is written when the case is back.
                    session.trouble = Some(error.to_string());
                    self.status = if was_save {
                        "Offline: the changes are sent when the case can be reached again".into()
                    } else {
                        format!("Could not {asked}: the case cannot be reached")
                    };
                    return;
                }
                self.error = Some(ErrorReport {
                    title: format!("Could not {asked}"),
                    message: error.to_string(),
                });
            }
        }
    }

    /// Keeps which entities are in view, so the case opens with them next time.
    fn remember_view(&mut self) {
        let Some(key) = self.case.as_ref().and_then(CaseSession::view_key) else {
            return;
        };
        self.settings
            .case_views
            .insert(key, working::in_view(self.ws.doc()));
    }

    /// Sends the case search's query, if it changed.
    pub(super) fn search_case(&mut self, query: String) {
        let Some(session) = self.case.as_mut() else {
            return;
        };
        let Some(case) = session.case.clone() else {
            return;
        };
        session.search.query.clone_from(&query);
        if query.trim().is_empty() {
            session.search.hits.clear();
            session.search.shown.clear();
            session.search.asked = None;
            return;
        }
        let n = session.worker.ask(Ask::Search {
            case,
            query,
            limit: SEARCH_HITS,
        });
        session.search.asked = Some(n);
    }
}
