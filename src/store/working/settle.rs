//! Settling a save's conflict in the view, as the analyst chose: theirs, mine, or a merge of
//! the two field by field.

use super::super::Conflict;
use super::super::rows::{self, Base, Table};
use crate::model::Document;

/// How a conflict is settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// The store's value replaces the view's.
    Theirs,
    /// The view's value stays, to be written over the store's at the next save.
    Mine,
}

/// Settles `conflict` (from an `apply` of this view) in the view: with [`Keep::Theirs`] the
/// view takes the store's value (or drops the item someone deleted); with [`Keep::Mine`] the
/// view's base moves to the store's version, so the next save writes the view's value over
/// it, knowingly. Nothing is written to the store here.
pub fn settle(doc: &mut Document, conflict: &Conflict, keep: Keep) -> Result<(), String> {
    let table = match conflict.item {
        "entity" => Table::Entities,
        "relation" => Table::Relations,
        "source" => Table::Sources,
        other => return Err(format!("a conflict on an unknown item {other:?}")),
    };
    let id = conflict.id.as_str();
    let mut base = match Base::of(doc) {
        Some(Ok(b)) => b,
        Some(Err(e)) => return Err(e),
        None => return Err("this view was not taken from a case".into()),
    };
    let bad = |e: serde_json::Error| {
        format!(
            "the store's {} {id:?} could not be read: {e}",
            conflict.item
        )
    };
    // The store's value, and its fingerprint as a row.
    let theirs: Option<(Option<crate::model::Item>, String)> = match &conflict.theirs {
        None => None,
        Some(json) => Some(match table {
            Table::Entities => {
                let e: crate::model::Entity = serde_json::from_str(json).map_err(bad)?;
                let fp = rows::entity_row(&e).fingerprint();
                (Some(crate::model::Item::Entity(e)), fp)
            }
            Table::Relations => {
                let r: crate::model::Relation = serde_json::from_str(json).map_err(bad)?;
                let fp = rows::relation_row(&r).fingerprint();
                (Some(crate::model::Item::Relation(r)), fp)
            }
            Table::Sources => {
                let s: crate::model::Source = serde_json::from_str(json).map_err(bad)?;
                let fp = rows::source_row(&s).fingerprint();
                (Some(crate::model::Item::Source(s)), fp)
            }
        }),
    };
    let key = (table.name(), id.to_owned());
    match (keep, theirs) {
        (Keep::Mine, Some((_, fp))) => {
            let version = conflict.store_version.unwrap_or(0);
            base.items.insert(key, (version, fp));
        }
        (Keep::Mine, None) => {
            // Gone from the store: the next save adds it again.
            base.items.remove(&key);
        }
        (Keep::Theirs, Some((item, fp))) => {
            let version = conflict.store_version.unwrap_or(0);
            match item {
                Some(crate::model::Item::Entity(mut e)) => {
                    match doc.entities.iter_mut().find(|x| x.id.as_str() == id) {
                        Some(mine) => {
                            e.position = mine.position.clone();
                            e.pinned = mine.pinned;
                            *mine = e;
                        }
                        None => doc.entities.push(e),
                    }
                }
                Some(crate::model::Item::Relation(r)) => {
                    match doc.relations.iter_mut().find(|x| x.id.as_str() == id) {
                        Some(mine) => *mine = r,
                        None => doc.relations.push(r),
                    }
                }
                Some(crate::model::Item::Source(s)) => {
                    match doc.sources.iter_mut().find(|x| x.id.as_str() == id) {
                        Some(mine) => *mine = s,
                        None => doc.sources.push(s),
                    }
                }
                None => {}
            }
            base.items.insert(key, (version, fp));
        }
        (Keep::Theirs, None) => {
            base.items.remove(&key);
            match table {
                Table::Entities => {
                    let gone: Vec<String> = doc
                        .relations
                        .iter()
                        .filter(|r| r.from.as_str() == id || r.to.as_str() == id)
                        .map(|r| r.id.as_str().to_owned())
                        .collect();
                    for r in &gone {
                        base.items.remove(&(Table::Relations.name(), r.clone()));
                    }
                    doc.relations
                        .retain(|r| r.from.as_str() != id && r.to.as_str() != id);
                    doc.entities.retain(|e| e.id.as_str() != id);
                }
                Table::Relations => doc.relations.retain(|r| r.id.as_str() != id),
                Table::Sources => doc.sources.retain(|s| s.id.as_str() != id),
            }
        }
    }
    base.write_into(doc);
    Ok(())
}

/// Settles `conflict` with `merged` (an item made by [`super::merged`] from the store's value
/// and the analyst's choices): the view takes it, and its base moves to the store's version,
/// so the next save writes the merge over theirs, knowingly.
pub fn settle_merged(
    doc: &mut Document,
    conflict: &Conflict,
    merged: String,
) -> Result<(), String> {
    if conflict.theirs.is_none() {
        return Err(format!(
            "the store holds no {} {:?} to merge with",
            conflict.item, conflict.id
        ));
    }
    // Into the view as if it were theirs, then the base set to what theirs really is.
    let into_view = Conflict {
        theirs: Some(merged),
        ..conflict.clone()
    };
    settle(doc, &into_view, Keep::Theirs)?;
    settle(doc, conflict, Keep::Mine)
}
