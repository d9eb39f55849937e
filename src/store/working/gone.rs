//! What colleagues deleted from the case while it was in this view: found when the whole view
//! is read again, taken off the canvas, and kept so the analyst can restore it.

use std::collections::HashSet;

use super::super::rows::{self, Base, Table};
use crate::model::{Document, Entity, Relation};

/// Items a view held that the case no longer has.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Gone {
    pub entities: Vec<Entity>,
    /// Relations deleted, and those of the entities deleted.
    pub relations: Vec<Relation>,
}

impl Gone {
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty() && self.relations.is_empty()
    }
}

/// Takes out of `doc` what the case deleted: the entities `missing` names (the ones a read of
/// the whole view did not find), and the relations among the view that `pulled` (that read,
/// its items or its base) no longer holds. Only what the view holds as it was taken goes: an item changed here and
/// deleted there stays, for the next save to meet as a conflict. A claimant a claim in view
/// still names stays too.
pub fn drop_deleted(doc: &mut Document, pulled: &Document, missing: &[String]) -> Gone {
    let Some(Ok(mut base)) = Base::of(doc) else {
        return Gone::default();
    };
    let as_taken = |base: &Base, table: Table, id: &str, fp: String| {
        base.get(table, id).is_some_and(|(_, taken)| *taken == fp)
    };
    let named: HashSet<&str> = doc
        .relations
        .iter()
        .flat_map(|r| r.claims.iter().filter_map(|c| c.claimant.as_ref()))
        .map(|c| c.as_str())
        .collect();
    let gone_entities: HashSet<String> = doc
        .entities
        .iter()
        .filter(|e| missing.iter().any(|m| m == e.id.as_str()))
        .filter(|e| !named.contains(e.id.as_str()))
        .filter(|e| {
            as_taken(
                &base,
                Table::Entities,
                e.id.as_str(),
                rows::entity_row(e).fingerprint(),
            )
        })
        .map(|e| e.id.as_str().to_owned())
        .collect();
    // What the case still holds is what the read's base lists: the read may leave out the
    // bodies of items the view holds unchanged (`trim_unchanged`), never their entries.
    let theirs = match Base::of(pulled) {
        Some(Ok(b)) => b,
        _ => Base::default(),
    };
    let still: HashSet<&str> = pulled
        .relations
        .iter()
        .map(|r| r.id.as_str())
        .chain(
            theirs
                .items
                .keys()
                .filter(|(t, _)| *t == Table::Relations.name())
                .map(|(_, id)| id.as_str()),
        )
        .collect();
    let mut gone = Gone::default();
    let mut kept = Vec::with_capacity(doc.relations.len());
    for r in std::mem::take(&mut doc.relations) {
        let id = r.id.as_str();
        let end_gone =
            gone_entities.contains(r.from.as_str()) || gone_entities.contains(r.to.as_str());
        let deleted = !still.contains(id)
            && as_taken(
                &base,
                Table::Relations,
                id,
                rows::relation_row(&r).fingerprint(),
            );
        if end_gone || deleted {
            base.items.remove(&(Table::Relations.name(), id.to_owned()));
            gone.relations.push(r);
        } else {
            kept.push(r);
        }
    }
    doc.relations = kept;
    let mut kept = Vec::with_capacity(doc.entities.len());
    for e in std::mem::take(&mut doc.entities) {
        if gone_entities.contains(e.id.as_str()) {
            base.items
                .remove(&(Table::Entities.name(), e.id.as_str().to_owned()));
            gone.entities.push(e);
        } else {
            kept.push(e);
        }
    }
    doc.entities = kept;
    base.write_into(doc);
    gone
}
