//! What each engine provides: the store's operations in the words of one database. The shared
//! parts of the store call only these; the SQL behind them is in `sqlite.rs` and
//! `postgres.rs`.

use super::rows::{Placed, Row, Stored, Table};
use super::{CaseSummary, Result};

/// A case as the engine holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Case {
    pub id: i64,
    pub name: String,
    /// The map-level fields, as JSON (rows::case_meta).
    pub meta: String,
}

/// A relation as expansion reads it: its ends and kind, and its row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Link {
    pub id: String,
    pub from: String,
    pub to: String,
    pub kind: String,
}

/// A count of an entity's neighbours (or of its relations to them) of one kind: what
/// [`Engine::beyond`] says lies outside a walk, and what the store keeps of a hub.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct KindCount {
    pub what: Counting,
    pub entity: String,
    pub kind: String,
    pub n: u64,
}

/// What a [`KindCount`] counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Counting {
    /// Distinct neighbours, by their kind.
    Neighbours,
    /// Relations to them, by the relation's kind.
    Relations,
}

impl Counting {
    /// Reads how the engines write it in a column: "n" or "r".
    pub fn from_code(code: &str) -> Self {
        if code == "n" {
            Counting::Neighbours
        } else {
            Counting::Relations
        }
    }
}

/// What [`Engine::beyond`] is asked about: entities at a walk's edge.
pub(crate) struct Past<'a> {
    /// The entities whose links are read.
    pub of: &'a [String],
    /// The entities whose links to those of `of` are wanted.
    pub keep: &'a [String],
    /// The entities of the walk: what is outside them is left out.
    pub inside: &'a [String],
}

/// What lies past the edge of a walk ([`Engine::beyond`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Beyond {
    /// The relations from an entity asked about to one of those to keep.
    pub links: Vec<Link>,
    /// For each entity asked about, what lies outside the walk.
    pub left_out: Vec<KindCount>,
}

/// What search counts in a case's names, each as how many entities hold it: trigrams
/// (`trigram_counts`, its measure of rarity) and words (`word_counts`, its vocabulary).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Counted {
    Trigrams,
    Words,
}

/// What [`Engine::candidates`] looks for: every group, each by any of its strings.
pub(crate) type Probe = Vec<Vec<String>>;

/// How a probe's strings are found in a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Match {
    /// Anywhere, as part of a word or more.
    Within,
    /// As whole words. An engine may also return names holding them within a word
    /// (SQLite's trigram index cannot tell); the ranking sorts those out.
    Words,
}

/// A search candidate: an entity's id, kind and searched text (name and aliases).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Candidate {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub search: String,
}

/// One entry of the change log.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Change {
    pub table: Table,
    pub item: String,
    /// "insert", "update", "delete" or "import".
    pub action: &'static str,
    /// The version the item has after the change (0 once deleted).
    pub version: i64,
    /// A few words for people reading the log (what an import read).
    pub note: String,
}

/// One entry of the change log, as read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logged {
    /// Its place in the log: later entries have larger numbers.
    pub seq: i64,
    /// When, in UTC, as ISO 8601.
    pub at: String,
    /// The analyst who wrote it.
    pub who: String,
    /// "entity", "relation" or "source" (or "case" for an import).
    pub item: String,
    pub id: String,
    /// "insert", "update", "delete" or "import".
    pub action: String,
    /// The item's version after the change (0 once deleted).
    pub version: i64,
    /// What changed, in words: the fields an update changed, what an import read.
    pub note: String,
}

/// How an import's row fared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Upserted {
    Added,
    /// Changed; `was` is the search text an entity had (empty for other rows), whose words
    /// and trigrams the counts give back.
    Updated {
        was: String,
    },
    Unchanged,
}

/// The writes of one transaction, on one case.
pub(crate) trait Tx {
    /// The item's current version and content, or `None` when there is none.
    fn current(&mut self, table: Table, id: &str) -> Result<Option<Stored>>;
    /// Writes a batch of rows from an import, each added, updated (version + 1) when its
    /// content changed, or left as it is.
    fn upsert(&mut self, rows: &[Row]) -> Result<Vec<Upserted>>;
    /// Adds a row at version 1; false when the id is taken.
    fn insert(&mut self, row: &Row) -> Result<bool>;
    /// Replaces a row still at version `base` (to `base + 1`); false when it is not.
    fn update(&mut self, row: &Row, base: i64) -> Result<bool>;
    /// Deletes a row still at version `base`; false when it is not.
    fn delete(&mut self, table: Table, id: &str, base: i64) -> Result<bool>;
    /// The relations that have `entity` at an end.
    fn relations_of(&mut self, entity: &str) -> Result<Vec<String>>;
    /// Adds to the counts of entities holding each trigram or word.
    fn add_counts(&mut self, what: Counted, counts: &[(String, i64)]) -> Result<()>;
    /// Sets this analyst's positions of some entities.
    fn place(&mut self, analyst: &str, placed: &[Placed]) -> Result<()>;
    /// Replaces the case's map-level fields.
    fn set_meta(&mut self, meta: &str) -> Result<()>;
    /// Adds entries to the change log.
    fn log(&mut self, who: &str, changes: &[Change]) -> Result<()>;
    /// The hubs of the case among `ids`, or all of them when `ids` is `None`: the entities
    /// whose counts the store keeps.
    fn hubs(&mut self, ids: Option<&[String]>) -> Result<Vec<String>>;
    /// The hubs that are neighbours of `ids`.
    fn hubs_near(&mut self, ids: &[String]) -> Result<Vec<String>>;
    /// Counts the neighbours and relations of `ids` again (of every entity of the case with
    /// at least [`super::hubs::HUB`] relations when `None`), keeping the counts of those
    /// with at least that many and forgetting the others'. In PostgreSQL each hub is locked
    /// first, so that two transactions counting one hub count in turn.
    fn recount_hubs(&mut self, ids: Option<&[String]>) -> Result<()>;
}

/// What the transaction's work decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    Commit,
    Rollback,
}

/// One database, as the store uses it.
pub(crate) trait Engine: Send {
    fn name(&self) -> &'static str;
    /// The store, as messages name it.
    fn location(&self) -> &str;

    /// The schema version the database holds (0 for an empty database).
    fn schema_version(&mut self) -> Result<u32>;
    /// Runs one migration step's statements and records `version`, in one transaction;
    /// false when the step was already taken (by another relmap meanwhile).
    fn migrate_step(&mut self, version: u32) -> Result<bool>;

    fn cases(&mut self) -> Result<Vec<CaseSummary>>;
    fn case(&mut self, name: &str) -> Result<Option<Case>>;
    /// Makes a case and says its id.
    fn create_case(&mut self, name: &str, meta: &str) -> Result<i64>;
    /// Removes a case that holds nothing (an import into a new case that failed).
    fn drop_empty_case(&mut self, case: i64) -> Result<()>;
    /// Tells the engine which schema version the store was brought to (below this relmap's
    /// only in tests of migration), for the columns it writes.
    fn set_schema(&mut self, version: u32);
    /// Brings the planner's statistics up to date after a large import, without which
    /// PostgreSQL plans a search of a new case as a scan of it.
    fn refresh_statistics(&mut self) -> Result<()>;

    /// Runs `work` in one transaction on `case`: committed when it returns
    /// [`Outcome::Commit`], rolled back when it returns anything else or fails.
    fn transaction(
        &mut self,
        case: i64,
        work: &mut dyn FnMut(&mut dyn Tx) -> Result<Outcome>,
    ) -> Result<Outcome>;

    /// Every row of a table, in id order, with relations' claims.
    fn all(&mut self, case: i64, table: Table, each: &mut dyn FnMut(Stored)) -> Result<()>;
    /// The rows of a table with these ids (those that exist), with relations' claims.
    fn rows(&mut self, case: i64, table: Table, ids: &[String]) -> Result<Vec<Stored>>;
    /// This analyst's positions: of these entities, or of all when `ids` is `None`.
    fn positions(
        &mut self,
        case: i64,
        analyst: &str,
        ids: Option<&[String]>,
    ) -> Result<Vec<(String, String, bool)>>;

    /// Entities whose searched text meets any one of `probes`, through the engine's trigram
    /// index; at most `limit`. A probe is groups of strings (runs of three or more letters or
    /// digits, lower-cased): the text holds one string of each group.
    fn candidates(
        &mut self,
        case: i64,
        probes: &[Probe],
        how: Match,
        limit: usize,
    ) -> Result<Vec<Candidate>>;
    /// Entities whose searched text holds `text` (lower-cased), by scanning: for a query too
    /// short to have a trigram.
    fn containing(&mut self, case: i64, text: &str, limit: usize) -> Result<Vec<Candidate>>;
    /// How many entities of the case hold each of these trigrams or words (those that any
    /// do).
    fn counts(&mut self, case: i64, what: Counted, keys: &[String]) -> Result<Vec<(String, i64)>>;
    /// Fills in what the engine keeps of each entity's words, for a store made before it
    /// kept them (PostgreSQL's `entities.words`; nothing in SQLite).
    fn fill_words(&mut self, case: i64) -> Result<()>;
    /// How many relations each of these entities has.
    fn relation_counts(&mut self, case: i64, ids: &[String]) -> Result<Vec<(String, u64)>>;
    /// The relations with an end among `ids` (of these kinds, or any when `kinds` is empty).
    fn links(&mut self, case: i64, ids: &[String], kinds: &[String]) -> Result<Vec<Link>>;
    /// The relations with both ends among `ids`, a few.
    fn links_among(&mut self, case: i64, ids: &[String]) -> Result<Vec<Link>>;
    /// The kinds of these entities.
    fn kinds(&mut self, case: i64, ids: &[String]) -> Result<Vec<(String, String)>>;
    /// For the entities of `past.of`, in one reading of their links: those links whose
    /// other end is among `past.keep`, and for each entity of `past.of` what lies outside
    /// `past.inside` (its distinct neighbours by kind, its relations to them by relation
    /// kind). Counted by the engine, so that a neighbour of thousands of relations sends back
    /// a few rows.
    fn beyond(&mut self, case: i64, past: &Past) -> Result<Beyond>;
    /// What the store keeps of the hubs among `ids`: all their neighbours by kind and all
    /// their relations by kind (see [`super::hubs`]). An entity with no rows is no hub.
    fn hub_counts(&mut self, case: i64, ids: &[String]) -> Result<Vec<KindCount>>;
    /// The change log of `case` after entry `seq` but for the entries `skip` numbers, oldest
    /// first, at most `limit` entries.
    fn changes_after(
        &mut self,
        case: i64,
        seq: i64,
        skip: &[i64],
        limit: usize,
    ) -> Result<Vec<Logged>>;
    /// The newest entry of `case`'s change log (0 when it has none).
    fn last_change(&mut self, case: i64) -> Result<i64>;
    /// Whether this connection may write the case tables (a read-only role or file may not).
    fn may_write(&mut self) -> Result<bool>;
    /// Calls `poke`, from a thread of its own, soon after another connection commits an entry
    /// to `case`'s change log, until the handle is dropped. `None` where the engine has no
    /// such signal: the log is then read on a timer.
    fn listen(&mut self, _case: i64, _poke: Poke) -> Result<Option<Listening>> {
        Ok(None)
    }
    /// Whether another connection may have committed since the last call: a cheap test before
    /// the log is read. Engines without one say yes.
    fn may_have_changed(&mut self) -> Result<bool> {
        Ok(true)
    }

    /// Starts or stops keeping every statement issued.
    fn record(&mut self, on: bool);
    fn recorded(&self) -> Vec<String>;
}

/// What a listener calls when the watched log may have grown.
pub type Poke = Box<dyn Fn() + Send + 'static>;

/// A listener on a case's change log ([`Engine::listen`]): it stops when dropped.
pub struct Listening {
    pub(crate) stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    pub(crate) live: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Listening {
    /// Whether the listener is connected and listening now. While it is not (its connection
    /// was lost and is being made again), the log must be read on a timer.
    pub fn live(&self) -> bool {
        self.live.load(std::sync::atomic::Ordering::SeqCst)
    }
}

impl Drop for Listening {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}

/// The statements issued, when a test asks for them.
#[derive(Default)]
pub(crate) struct Recorder {
    pub on: bool,
    pub statements: Vec<String>,
}

impl Recorder {
    pub fn note(&mut self, sql: &str) {
        if self.on {
            self.statements.push(sql.to_owned());
        }
    }
}
