//! The case store: one investigation ("case") of up to millions of entities, kept in a
//! database rather than in one map file, so an analyst pulls in the hundred entities around a
//! name and several analysts work on one case at once.
//!
//! One interface, [`Store`], over two engines with one schema (docs/STORE.md):
//! - SQLite, embedded (`case.relmap.db`): nothing to install or start;
//! - PostgreSQL (`postgres://user@host/db`), for a team.
//!
//! Every SQL statement relmap issues lives in this room, in [`sqlite`] and [`postgres`]; the
//! rest of the store ([`rows`], [`search`], [`expand`], [`apply`]) is engine-free and shared, so
//! both engines give the same answers. Every row starts with the case id, and every statement
//! on case data filters by it: the schema runs on Citus distributed by case.
//!
//! Writes never overwrite silently. A map taken from the store carries the version of every
//! item it took ([`rows::Base`]); `apply` writes an item only if the store still holds that
//! version, and lists every other item as a [`Conflict`] with both values.

mod apply;
mod engine;
mod expand;
pub mod groups;
mod hubs;
mod import;
pub mod location;
mod pgpass;
mod postgres;
mod rows;
mod schema;
mod search;
mod sqlite;
mod vocabulary;
pub mod worker;
pub mod working;

use std::collections::BTreeMap;

pub use apply::{ApplyMode, ApplyReport, Conflict};
pub use engine::{Listening, Logged, Poke};
pub use expand::{ExpandRequest, Expansion};
pub use location::{Location, Server, Tls};
pub use rows::{BASE_KEY, Base, item_of};
pub use schema::SCHEMA_VERSION;
pub use search::Hit;

use crate::model::{Document, Item};
use engine::Engine;

/// Why the store could not do what was asked. The message names the store (never with its
/// password) and, where there is one, the case, the item or the row.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{location}: {message}")]
pub struct StoreError {
    /// The store, as [`Location::display`] names it.
    pub location: String,
    pub kind: ErrorKind,
    pub message: String,
}

/// What sort of failure a [`StoreError`] is, for callers that act on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The store could not be reached or opened.
    Connect,
    /// The connection was lost during the work; nothing of that work was written.
    Lost,
    /// The case named does not exist.
    NoCase,
    /// The database role may only read.
    ReadOnly,
    /// The database was made by a newer relmap, or its schema could not be migrated.
    Schema,
    /// A map given to the store is not one it can take (no base, another case).
    Map,
    /// A file being imported has a problem; nothing of it was written.
    Input,
    /// Anything else the database refused.
    Database,
}

impl StoreError {
    pub(crate) fn new(location: &str, kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            location: location.to_owned(),
            kind,
            message: message.into(),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// One case, as `relmap store cases` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseSummary {
    pub name: String,
    pub title: String,
    pub entities: u64,
    pub relations: u64,
    pub claims: u64,
    pub sources: u64,
}

/// What an import did, by table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub added: Counts,
    pub updated: Counts,
    pub unchanged: Counts,
}

/// A count of each kind of item.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub sources: u64,
    pub entities: u64,
    pub relations: u64,
}

impl Counts {
    pub fn total(&self) -> u64 {
        self.sources + self.entities + self.relations
    }

    /// Counts one more item of `table`.
    pub(crate) fn add(&mut self, table: rows::Table) {
        match table {
            rows::Table::Sources => self.sources += 1,
            rows::Table::Entities => self.entities += 1,
            rows::Table::Relations => self.relations += 1,
        }
    }
}

/// How far an import has got, for a progress bar: items written of the total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

/// A case store, open on one engine.
pub struct Store {
    engine: Box<dyn Engine>,
    location: Location,
    analyst: String,
    /// The schema version the store was brought to: below 2 (only in migration tests) there
    /// are no trigram counts to keep, below 3 no word counts.
    schema: u32,
}

impl Store {
    /// Opens the store at `location` (a SQLite file that exists, or a `postgres://` URL) and
    /// brings its schema up to [`SCHEMA_VERSION`].
    pub fn open(location: &str) -> Result<Store> {
        Self::open_at(location, SCHEMA_VERSION, false)
    }

    /// Opens the store, making the SQLite file if there is none yet.
    pub fn create(location: &str) -> Result<Store> {
        Self::open_at(location, SCHEMA_VERSION, true)
    }

    /// Opens the store with its schema brought only to `version`: for testing migrations.
    #[doc(hidden)]
    pub fn open_at(location: &str, version: u32, create: bool) -> Result<Store> {
        let location = Location::parse(location);
        let mut engine: Box<dyn Engine> = match &location {
            Location::Sqlite(path) => {
                Box::new(sqlite::Sqlite::open(path, &location.display(), create)?)
            }
            Location::Postgres(url) => {
                Box::new(postgres::Postgres::connect(url, &location.display())?)
            }
        };
        schema::migrate(engine.as_mut(), version)?;
        engine.set_schema(version.min(SCHEMA_VERSION));
        Ok(Store {
            engine,
            location,
            analyst: default_analyst(),
            schema: version.min(SCHEMA_VERSION),
        })
    }

    /// The store, named for messages (a URL without its password).
    pub fn location(&self) -> String {
        self.location.display()
    }

    /// The engine's name: "SQLite" or "PostgreSQL".
    pub fn engine_name(&self) -> &'static str {
        self.engine.name()
    }

    /// Whose positions are read and written: each analyst lays out their own view of a case.
    pub fn set_analyst(&mut self, analyst: &str) {
        analyst.clone_into(&mut self.analyst);
    }

    pub fn analyst(&self) -> &str {
        &self.analyst
    }

    /// The schema version the database holds.
    pub fn schema_version(&mut self) -> Result<u32> {
        self.engine.schema_version()
    }

    /// Every case, by name, with its counts.
    pub fn cases(&mut self) -> Result<Vec<CaseSummary>> {
        self.engine.cases()
    }

    /// Writes every source, entity and relation of `doc` into `case` (made if it does not
    /// exist) in one transaction: an item whose id is already there is updated when it
    /// changed, so a second import of the same file adds nothing. `doc`'s positions become
    /// this analyst's.
    pub fn import(
        &mut self,
        case: &str,
        doc: &Document,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<ImportSummary> {
        let total = (doc.sources.len() + doc.entities.len() + doc.relations.len()) as u64;
        let mut items = doc
            .sources
            .iter()
            .cloned()
            .map(Item::Source)
            .chain(doc.entities.iter().cloned().map(Item::Entity))
            .chain(doc.relations.iter().cloned().map(Item::Relation))
            .map(Ok);
        self.import_items(case, doc, &mut items, &mut |done| {
            progress(Progress { done, total })
        })
    }

    /// Writes items as a reader streams them into `case`, in one transaction, made with the
    /// map-level fields of `meta` (its title, description, styles) if it does not exist. An
    /// item the reader refuses rolls the whole import back. `progress` hears how many items
    /// are written. The items are read on a thread of their own while the last batch is
    /// written, hence `Send`.
    pub fn import_items(
        &mut self,
        case: &str,
        meta: &Document,
        items: &mut (dyn Iterator<Item = std::result::Result<Item, crate::io::LoadError>> + Send),
        progress: &mut dyn FnMut(u64),
    ) -> Result<ImportSummary> {
        let analyst = self.analyst.clone();
        let meta = rows::case_meta(meta);
        let counts = self.schema;
        import::import(
            self.engine.as_mut(),
            case,
            &analyst,
            &meta,
            items,
            counts,
            progress,
        )
    }

    /// The whole case as a map, with this analyst's positions and the base `apply` needs.
    pub fn export(&mut self, case: &str) -> Result<Document> {
        let analyst = self.analyst.clone();
        expand::export(self.engine.as_mut(), case, &analyst)
    }

    /// Entities whose name or an alias matches `query`, fuzzily and whatever the case of the
    /// letters: the best first, at most `limit`.
    pub fn search(&mut self, case: &str, query: &str, limit: usize) -> Result<Vec<Hit>> {
        search::search(self.engine.as_mut(), case, query, limit)
    }

    /// The neighbourhood of some entities as a map, with every claim and source it cites.
    pub fn expand(&mut self, case: &str, request: &ExpandRequest) -> Result<Expansion> {
        let analyst = self.analyst.clone();
        expand::expand(self.engine.as_mut(), case, &analyst, request)
    }

    /// The entities a walk as [`Self::expand`] walks reaches, each with its kind, and whether
    /// the limit stopped it; no row of them is read.
    pub fn neighbours(
        &mut self,
        case: &str,
        request: &ExpandRequest,
    ) -> Result<(Vec<(String, String)>, bool)> {
        expand::neighbours(self.engine.as_mut(), case, request)
    }

    /// Writes what changed in `doc` (a map taken from this store's `case`) since it was taken.
    /// Items someone else changed meanwhile are not written but listed as conflicts; with
    /// [`ApplyMode::AllOrNothing`] nothing at all is written when there is one.
    pub fn apply(&mut self, case: &str, doc: &Document, mode: ApplyMode) -> Result<ApplyReport> {
        let analyst = self.analyst.clone();
        let counts = self.schema;
        apply::apply(self.engine.as_mut(), case, &analyst, doc, mode, counts)
    }

    /// The change log of `case` after entry `seq`, but for the entries `skip` numbers (read
    /// already), oldest first, at most `limit` entries: who changed what, as colleagues'
    /// windows show it.
    pub fn changes_after(
        &mut self,
        case: &str,
        seq: i64,
        skip: &[i64],
        limit: usize,
    ) -> Result<Vec<Logged>> {
        let c = case_named(self.engine.as_mut(), case)?;
        self.engine.changes_after(c.id, seq, skip, limit)
    }

    /// Whether this store may be written through this connection: not with a read-only role or
    /// a file that may only be read.
    pub fn may_write(&mut self) -> Result<bool> {
        self.engine.may_write()
    }

    /// Calls `poke`, from a thread of its own, soon after another connection commits a change
    /// to `case` (PostgreSQL `LISTEN`/`NOTIFY`), until the handle is dropped; `None` on an
    /// engine without such a signal (SQLite), whose log is read on a timer with
    /// [`Self::may_have_changed`] first.
    pub fn listen(&mut self, case: &str, poke: Poke) -> Result<Option<Listening>> {
        let c = case_named(self.engine.as_mut(), case)?;
        self.engine.listen(c.id, poke)
    }

    /// Whether another connection may have committed anything since the last call (SQLite's
    /// `data_version`; always yes on PostgreSQL, which signals through [`Self::listen`]).
    pub fn may_have_changed(&mut self) -> Result<bool> {
        self.engine.may_have_changed()
    }

    /// The number of the newest entry in `case`'s change log (0 when there is none).
    pub fn last_change(&mut self, case: &str) -> Result<i64> {
        let c = case_named(self.engine.as_mut(), case)?;
        self.engine.last_change(c.id)
    }

    /// What search has counted in `case` for `names`: the entities of the case (key `t:`),
    /// then each trigram (`t:abc`) and word (`w:word`) of the names, as stored. For tests that check
    /// imports and edits keep the counts true.
    #[doc(hidden)]
    pub fn search_counts(&mut self, case: &str, names: &[&str]) -> Result<Vec<(String, i64)>> {
        let c = case_named(self.engine.as_mut(), case)?;
        vocabulary::counts_of(self.engine.as_mut(), c.id, names)
    }

    /// Starts (or stops) keeping every SQL statement the store issues, for tests that check
    /// each one filters by case.
    #[doc(hidden)]
    pub fn record_statements(&mut self, on: bool) {
        self.engine.record(on);
    }

    /// The entities of a case whose counts the store keeps (see `hubs`), for tests that must
    /// know an expansion took the kept counts.
    #[doc(hidden)]
    pub fn hubs(&mut self, case: &str) -> Result<Vec<String>> {
        let c = case_named(self.engine.as_mut(), case)?;
        let mut out = Vec::new();
        self.engine.transaction(c.id, &mut |tx| {
            out = tx.hubs(None)?;
            Ok(engine::Outcome::Rollback)
        })?;
        Ok(out)
    }

    /// The statements kept since recording started.
    #[doc(hidden)]
    pub fn recorded_statements(&self) -> Vec<String> {
        self.engine.recorded()
    }
}

/// The analyst's name when none is given: `RELMAP_ANALYST`, else the login name.
fn default_analyst() -> String {
    ["RELMAP_ANALYST", "USER", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "analyst".to_owned())
}

/// Counts of items by kind name, as expansion reports what it left out.
pub type KindCounts = BTreeMap<String, u64>;

/// The case named `name`, or an error saying there is none and how to list them.
pub(crate) fn case_named(engine: &mut dyn Engine, name: &str) -> Result<engine::Case> {
    engine.case(name)?.ok_or_else(|| {
        StoreError::new(
            engine.location(),
            ErrorKind::NoCase,
            format!("there is no case {name:?} here; `relmap store cases` lists the cases"),
        )
    })
}
