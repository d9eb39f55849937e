//! The store's schema, version by version, for both engines, and the migration that brings a
//! database forward. docs/STORE.md describes the tables.
//!
//! Every table of case data, and every index on it, starts with `case_id`: on Citus the case
//! is the distribution column, so one case lives on one shard and every query about a case
//! runs there. `cases` and `relmap_schema` are small, and Citus keeps them as reference tables.
//!
//! Version 1 is the tables; version 2 adds the fuzzy name index (pg_trgm in PostgreSQL, FTS5's
//! trigram tokenizer in SQLite) over the names already there, and the count of entities
//! holding each trigram, by which search picks a query's rarest trigrams (filled in Rust from
//! the names already there, as each engine counts them the same way). Version 3 adds the
//! count of entities holding each word of a name, the vocabulary by which search corrects a
//! misspelt word (filled in Rust from the names already there, likewise), and an index of
//! each entity's whole words (in PostgreSQL an array with a GIN index, in SQLite an FTS5 table
//! with the unicode61 tokenizer), which finds a word's names from that word's own list, where
//! a trigram index reads the whole list of each of its trigrams. Version 4 makes the indexes
//! an expansion walks cover what it reads: a relation's ends, kind and id by either end, and an
//! entity's kind by its id, so a walk never reads a row's body (its JSON) until it assembles
//! the map. Two hops around a hub of 1 000 relations read the links of 5 000 entities and the
//! kinds of 15 000 more. Version 5 keeps counts of the hubs, the entities of many relations
//! (`hub_counts`: their neighbours by kind and their relations by kind, see `store::hubs`),
//! counted for the hubs already there when a store is migrated.

use super::engine::Engine;
use super::rows::Table;
use super::{ErrorKind, Result, StoreError};

/// The schema version this relmap writes.
pub const SCHEMA_VERSION: u32 = 5;

/// SQLite's statements for each version (index 0 is version 1).
pub(crate) const SQLITE: [&str; 5] = [
    "
CREATE TABLE relmap_schema (
    version INTEGER PRIMARY KEY,
    applied_at TEXT NOT NULL
);
CREATE TABLE cases (
    case_id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    meta TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE sources (
    case_id INTEGER NOT NULL,
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (case_id, id)
);
CREATE TABLE entities (
    case_id INTEGER NOT NULL,
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    search TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (case_id, id)
);
CREATE INDEX entities_kind ON entities (case_id, kind);
CREATE TABLE relations (
    case_id INTEGER NOT NULL,
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    kind TEXT NOT NULL,
    from_id TEXT NOT NULL,
    to_id TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (case_id, id)
);
CREATE INDEX relations_from ON relations (case_id, from_id);
CREATE INDEX relations_to ON relations (case_id, to_id);
CREATE TABLE claims (
    case_id INTEGER NOT NULL,
    relation_id TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    source_id TEXT NOT NULL,
    stance TEXT NOT NULL,
    claimant TEXT,
    body TEXT NOT NULL,
    PRIMARY KEY (case_id, relation_id, ordinal)
) WITHOUT ROWID;
CREATE INDEX claims_source ON claims (case_id, source_id);
CREATE TABLE positions (
    case_id INTEGER NOT NULL,
    analyst TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    x REAL NOT NULL,
    y REAL NOT NULL,
    pinned INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (case_id, analyst, entity_id)
) WITHOUT ROWID;
CREATE TABLE changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL,
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    item_table TEXT NOT NULL,
    item_id TEXT NOT NULL,
    action TEXT NOT NULL,
    version INTEGER NOT NULL,
    note TEXT NOT NULL
);
CREATE INDEX changes_case ON changes (case_id, seq);
",
    "
CREATE VIRTUAL TABLE entity_search USING fts5(
    search, content='entities', content_rowid='rowid', tokenize='trigram'
);
CREATE TRIGGER entities_search_insert AFTER INSERT ON entities BEGIN
    INSERT INTO entity_search (rowid, search) VALUES (new.rowid, new.search);
END;
CREATE TRIGGER entities_search_delete AFTER DELETE ON entities BEGIN
    INSERT INTO entity_search (entity_search, rowid, search) VALUES ('delete', old.rowid, old.search);
END;
CREATE TRIGGER entities_search_update AFTER UPDATE OF search ON entities BEGIN
    INSERT INTO entity_search (entity_search, rowid, search) VALUES ('delete', old.rowid, old.search);
    INSERT INTO entity_search (rowid, search) VALUES (new.rowid, new.search);
END;
INSERT INTO entity_search (entity_search) VALUES ('rebuild');
CREATE TABLE trigram_counts (
    case_id INTEGER NOT NULL,
    trigram TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (case_id, trigram)
) WITHOUT ROWID;
",
    "
CREATE TABLE word_counts (
    case_id INTEGER NOT NULL,
    word TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (case_id, word)
) WITHOUT ROWID;
CREATE VIRTUAL TABLE entity_words USING fts5(
    search, content='entities', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 0', detail='none'
);
CREATE TRIGGER entities_words_insert AFTER INSERT ON entities BEGIN
    INSERT INTO entity_words (rowid, search) VALUES (new.rowid, new.search);
END;
CREATE TRIGGER entities_words_delete AFTER DELETE ON entities BEGIN
    INSERT INTO entity_words (entity_words, rowid, search) VALUES ('delete', old.rowid, old.search);
END;
CREATE TRIGGER entities_words_update AFTER UPDATE OF search ON entities BEGIN
    INSERT INTO entity_words (entity_words, rowid, search) VALUES ('delete', old.rowid, old.search);
    INSERT INTO entity_words (rowid, search) VALUES (new.rowid, new.search);
END;
INSERT INTO entity_words (entity_words) VALUES ('rebuild');
",
    "
CREATE INDEX relations_from_links ON relations (case_id, from_id, to_id, kind, id);
CREATE INDEX relations_to_links ON relations (case_id, to_id, from_id, kind, id);
DROP INDEX relations_from;
DROP INDEX relations_to;
CREATE INDEX entities_kinds ON entities (case_id, id, kind);
",
    "
CREATE TABLE hub_counts (
    case_id INTEGER NOT NULL,
    entity_id TEXT NOT NULL,
    what TEXT NOT NULL,
    kind TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (case_id, entity_id, what, kind)
) WITHOUT ROWID;
",
];

/// PostgreSQL's statements for each version (index 0 is version 1).
pub(crate) const POSTGRES: [&str; 5] = [
    "
CREATE TABLE relmap_schema (
    version integer PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE cases (
    case_id bigserial PRIMARY KEY,
    name text NOT NULL UNIQUE,
    meta text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE sources (
    case_id bigint NOT NULL,
    id text NOT NULL,
    version bigint NOT NULL,
    fingerprint text NOT NULL,
    title text NOT NULL,
    body text NOT NULL,
    PRIMARY KEY (case_id, id)
);
CREATE TABLE entities (
    case_id bigint NOT NULL,
    id text NOT NULL,
    version bigint NOT NULL,
    fingerprint text NOT NULL,
    name text NOT NULL,
    kind text NOT NULL,
    search text NOT NULL,
    body text NOT NULL,
    PRIMARY KEY (case_id, id)
);
CREATE INDEX entities_kind ON entities (case_id, kind);
CREATE TABLE relations (
    case_id bigint NOT NULL,
    id text NOT NULL,
    version bigint NOT NULL,
    fingerprint text NOT NULL,
    kind text NOT NULL,
    from_id text NOT NULL,
    to_id text NOT NULL,
    body text NOT NULL,
    PRIMARY KEY (case_id, id)
);
CREATE INDEX relations_from ON relations (case_id, from_id);
CREATE INDEX relations_to ON relations (case_id, to_id);
CREATE TABLE claims (
    case_id bigint NOT NULL,
    relation_id text NOT NULL,
    ordinal bigint NOT NULL,
    source_id text NOT NULL,
    stance text NOT NULL,
    claimant text,
    body text NOT NULL,
    PRIMARY KEY (case_id, relation_id, ordinal)
);
CREATE INDEX claims_source ON claims (case_id, source_id);
CREATE TABLE positions (
    case_id bigint NOT NULL,
    analyst text NOT NULL,
    entity_id text NOT NULL,
    x double precision NOT NULL,
    y double precision NOT NULL,
    pinned boolean NOT NULL,
    body text NOT NULL,
    PRIMARY KEY (case_id, analyst, entity_id)
);
CREATE TABLE changes (
    case_id bigint NOT NULL,
    seq bigserial NOT NULL,
    at timestamptz NOT NULL DEFAULT now(),
    who text NOT NULL,
    item_table text NOT NULL,
    item_id text NOT NULL,
    action text NOT NULL,
    version bigint NOT NULL,
    note text NOT NULL,
    PRIMARY KEY (case_id, seq)
);
",
    "
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE INDEX entities_search ON entities USING gin (case_id, search gin_trgm_ops);
CREATE TABLE trigram_counts (
    case_id bigint NOT NULL,
    trigram text NOT NULL,
    n bigint NOT NULL,
    PRIMARY KEY (case_id, trigram)
);
",
    "
CREATE TABLE word_counts (
    case_id bigint NOT NULL,
    word text NOT NULL,
    n bigint NOT NULL,
    PRIMARY KEY (case_id, word)
);
ALTER TABLE entities ADD COLUMN words text[] NOT NULL DEFAULT '{}';
CREATE INDEX entities_words ON entities USING gin (case_id, words);
",
    "
CREATE INDEX relations_from_links ON relations (case_id, from_id) INCLUDE (to_id, kind, id);
CREATE INDEX relations_to_links ON relations (case_id, to_id) INCLUDE (from_id, kind, id);
DROP INDEX relations_from;
DROP INDEX relations_to;
CREATE INDEX entities_kinds ON entities (case_id, id) INCLUDE (kind);
",
    "
CREATE TABLE hub_counts (
    case_id bigint NOT NULL,
    entity_id text NOT NULL,
    what text NOT NULL,
    kind text NOT NULL,
    n bigint NOT NULL,
    PRIMARY KEY (case_id, entity_id, what, kind)
);
",
];

/// What a migration counts in the entities already there: version 2's trigrams, version 3's
/// words.
#[derive(Clone, Copy, PartialEq)]
enum Backfill {
    Trigrams,
    Words,
}

/// Counts the trigrams (for version 2) or the words (for version 3) of the entities an older
/// store holds.
fn count_already_there(engine: &mut dyn Engine, what: Backfill) -> Result<()> {
    for case in engine.cases()? {
        let Some(c) = engine.case(&case.name)? else {
            continue;
        };
        let mut tally = super::vocabulary::Tally::for_schema(SCHEMA_VERSION);
        engine.all(c.id, Table::Entities, &mut |e| {
            let search = serde_json::from_str::<crate::model::Entity>(&e.body)
                .map(|e| super::rows::entity_row(&e).search)
                .unwrap_or_default();
            match what {
                Backfill::Trigrams => tally.trigrams_of(&search, 1),
                Backfill::Words => tally.words_of(&search),
            }
        })?;
        if what == Backfill::Words {
            engine.fill_words(c.id)?;
        }
        engine.transaction(c.id, &mut |tx| {
            tally.write(tx)?;
            Ok(super::engine::Outcome::Commit)
        })?;
    }
    Ok(())
}

/// Counts the hubs of every case an older store holds (for version 5).
fn count_hubs_already_there(engine: &mut dyn Engine) -> Result<()> {
    for case in engine.cases()? {
        let Some(c) = engine.case(&case.name)? else {
            continue;
        };
        engine.transaction(c.id, &mut |tx| {
            tx.recount_hubs(None)?;
            Ok(super::engine::Outcome::Commit)
        })?;
    }
    Ok(())
}

/// Brings the database's schema up to `to`, one version at a time; refuses a database a
/// newer relmap made.
pub(crate) fn migrate(engine: &mut dyn Engine, to: u32) -> Result<()> {
    let have = engine.schema_version()?;
    if have > SCHEMA_VERSION {
        return Err(StoreError::new(
            engine.location(),
            ErrorKind::Schema,
            format!(
                "the store has schema version {have}, made by a newer relmap; this relmap \
                 knows versions up to {SCHEMA_VERSION}. Update relmap to use it"
            ),
        ));
    }
    for version in have + 1..=to.min(SCHEMA_VERSION) {
        engine
            .migrate_step(version)
            .and_then(|stepped| {
                // Only the relmap that took the step fills it in: another that found it done
                // would count every name twice.
                match version {
                    2 if stepped && have >= 1 => count_already_there(engine, Backfill::Trigrams),
                    3 if stepped && have >= 1 => count_already_there(engine, Backfill::Words),
                    5 if stepped && have >= 1 => count_hubs_already_there(engine),
                    _ => Ok(()),
                }
            })
            .map_err(|e| StoreError {
                message: format!(
                    "could not bring the schema from version {} to {version}: {}{}",
                    version - 1,
                    e.message,
                    if e.kind == ErrorKind::ReadOnly {
                        ". Open the store once as a role that may create tables and extensions \
                     (the database's owner), and it is ready for every role"
                    } else {
                        ""
                    }
                ),
                kind: if matches!(e.kind, ErrorKind::Database | ErrorKind::ReadOnly) {
                    ErrorKind::Schema
                } else {
                    e.kind
                },
                ..e
            })?;
    }
    Ok(())
}
