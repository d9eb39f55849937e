//! The working set: the part of a case an analyst has pulled into the window, as one map.
//!
//! The window shows a few hundred entities of a case of millions. Each pull from the store (a
//! search hit added, an entity expanded) is an [`Expansion`] merged into the open map with
//! [`merge`], and its items' versions join the map's [`Base`], so `apply` later writes only
//! what the analyst changed. [`remove`] takes entities out of the view and out of the base
//! together: `apply` reads an item missing from a map as deleted, and an entity put out of
//! view must not be deleted from the case.
//!
//! Neither touches the undo history: what is in view is not an edit of the case.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::rows::{self, Base, Table};
use crate::model::{Document, EntityId};

/// What [`merge`] added to the map.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Merged {
    /// Entities new to the map, in the order the store gave them.
    pub entities: Vec<EntityId>,
    pub relations: usize,
    pub sources: usize,
    /// Items the map held unchanged that the store holds a newer version of: the map now
    /// shows the store's.
    pub refreshed: usize,
}

impl Merged {
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty() && self.relations == 0 && self.sources == 0 && self.refreshed == 0
    }
}

/// Adds what `pulled` (a map taken from the store, with its base) holds and `doc` does not.
/// An item both hold stays as `doc` has it when the analyst changed it there; when they did
/// not, and the store's version is newer, the store's replaces it. `doc` without a base (an
/// empty view) takes `pulled`'s case.
pub fn merge(doc: &mut Document, pulled: Document) -> Result<Merged, String> {
    let theirs = match Base::of(&pulled) {
        Some(Ok(b)) => b,
        Some(Err(e)) => return Err(e),
        None => return Err("the pulled map has no base".into()),
    };
    let mut base = match Base::of(doc) {
        Some(Ok(b)) if b.case == theirs.case => b,
        Some(Ok(b)) => {
            return Err(format!(
                "the view is of case {:?}, not {:?}",
                b.case, theirs.case
            ));
        }
        Some(Err(e)) => return Err(e),
        None => Base::new(&theirs.case),
    };
    let mut merged = Merged::default();
    let mut tables = Tables {
        base: &mut base,
        theirs: &theirs,
        refreshed: 0,
    };
    merged.sources = tables
        .merge(Table::Sources, &mut doc.sources, pulled.sources, |s| {
            rows::source_row(s).fingerprint()
        })
        .len();
    merged.entities = tables.merge(Table::Entities, &mut doc.entities, pulled.entities, |e| {
        rows::entity_row(e).fingerprint()
    });
    merged.relations = tables
        .merge(
            Table::Relations,
            &mut doc.relations,
            pulled.relations,
            |r| rows::relation_row(r).fingerprint(),
        )
        .len();
    merged.refreshed = tables.refreshed;
    if doc.title.is_empty() {
        doc.title = pulled.title;
    }
    let held: std::collections::HashSet<String> = doc
        .entities
        .iter()
        .map(|e| e.id.as_str().to_owned())
        .collect();
    crate::store::groups::take_pulled(&mut doc.groups, pulled.groups, &|id| held.contains(id));
    crate::store::groups::take_pulled_notes(&mut doc.notes, pulled.notes);
    base.write_into(doc);
    Ok(merged)
}

/// Takes out of `pulled` (a map read from the store, with its base) every item the store
/// still holds as `taken` (the view's base) has it: same version, same fingerprint. Their
/// base entries stay, so the map still says what the store holds; only what is new or changed
/// is left to [`merge`], and to carry from the store's worker to the window.
pub fn trim_unchanged(pulled: &mut Document, taken: &Base) {
    let Some(Ok(theirs)) = Base::of(pulled) else {
        return;
    };
    let unchanged = |table: Table, id: &str| {
        let now = theirs.get(table, id);
        now.is_some() && now == taken.get(table, id)
    };
    pulled
        .sources
        .retain(|s| !unchanged(Table::Sources, s.id.as_str()));
    pulled
        .entities
        .retain(|e| !unchanged(Table::Entities, e.id.as_str()));
    pulled
        .relations
        .retain(|r| !unchanged(Table::Relations, r.id.as_str()));
}

/// An item of a map, as the working set needs to know it: its id, and what of it is this
/// analyst's own and stays when the store's newer value replaces it.
trait Held {
    fn key(&self) -> &str;
    fn keep_own(&mut self, _mine: &Self) {}
}

impl Held for crate::model::Source {
    fn key(&self) -> &str {
        self.id.as_str()
    }
}

impl Held for crate::model::Relation {
    fn key(&self) -> &str {
        self.id.as_str()
    }
}

impl Held for crate::model::Entity {
    fn key(&self) -> &str {
        self.id.as_str()
    }

    /// Where it is, is this analyst's own.
    fn keep_own(&mut self, mine: &Self) {
        self.position = mine.position.clone();
        self.pinned = mine.pinned;
    }
}

/// The view's base and the pulled map's, merged table by table.
struct Tables<'a> {
    base: &'a mut Base,
    theirs: &'a Base,
    refreshed: usize,
}

impl Tables<'_> {
    /// Adds the items of `pulled` that `mine` lacks, and replaces those `mine` holds as taken
    /// when the store's are newer; returns the ids of the items added.
    fn merge<T: Held + Clone>(
        &mut self,
        table: Table,
        mine: &mut Vec<T>,
        pulled: Vec<T>,
        fingerprint: impl Fn(&T) -> String,
    ) -> Vec<EntityId> {
        let at: HashMap<String, usize> = mine
            .iter()
            .enumerate()
            .map(|(i, x)| (x.key().to_owned(), i))
            .collect();
        let mut added = Vec::new();
        for mut item in pulled {
            let id = item.key().to_owned();
            let newer = self.theirs.get(table, &id).cloned();
            match at.get(&id) {
                Some(&i) => {
                    // Replaced only when the view's is older, and as it was taken; the version
                    // is asked first, since a fingerprint costs the item's whole row.
                    let stale = match (self.base.get(table, &id), &newer) {
                        (Some((v, fp)), Some((n, _))) => n > v && *fp == fingerprint(&mine[i]),
                        _ => false,
                    };
                    if stale {
                        item.keep_own(&mine[i]);
                        mine[i] = item;
                        self.refreshed += 1;
                    } else {
                        continue;
                    }
                }
                None => {
                    mine.push(item);
                    added.push(EntityId::new(id.clone()));
                }
            }
            if let Some((v, fp)) = newer {
                self.base.insert(table, &id, v, fp);
            }
        }
        added
    }
}

/// What [`remove`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Removed {
    pub entities: usize,
    pub relations: usize,
    pub sources: usize,
    /// Entities asked for that stay in view, each with why: changes not yet written to the
    /// store, or a claim in view that names it.
    pub kept: Vec<(EntityId, String)>,
}

/// Takes `ids` out of the view, with their relations and the sources no claim left in view
/// cites, and out of the base, so `apply` does not read them as deleted. An entity with
/// changes not yet written (or a relation of it with some), or that a claim left in view
/// names as its claimant, stays: taking it out would lose work or break the map.
pub fn remove(doc: &mut Document, ids: &[EntityId]) -> Removed {
    fn unsaved(base: &Base, table: Table, id: &str, fingerprint: String) -> bool {
        match base.get(table, id) {
            Some((_, fp)) => *fp != fingerprint,
            None => true,
        }
    }
    let mut base = match Base::of(doc) {
        Some(Ok(b)) => b,
        _ => Base::default(),
    };
    let mut out = Removed::default();
    let asked: HashSet<&str> = ids.iter().map(EntityId::as_str).collect();
    let mut going: HashSet<String> = HashSet::new();
    for e in doc
        .entities
        .iter()
        .filter(|e| asked.contains(e.id.as_str()))
    {
        if unsaved(
            &base,
            Table::Entities,
            e.id.as_str(),
            rows::entity_row(e).fingerprint(),
        ) {
            out.kept.push((
                e.id.clone(),
                "it has changes not yet saved to the case".into(),
            ));
        } else {
            going.insert(e.id.as_str().to_owned());
        }
    }
    // A relation of a leaving entity goes too, unless it has changes of its own.
    for r in &doc.relations {
        let touches = going.contains(r.from.as_str()) || going.contains(r.to.as_str());
        if touches
            && unsaved(
                &base,
                Table::Relations,
                r.id.as_str(),
                rows::relation_row(r).fingerprint(),
            )
        {
            for end in [&r.from, &r.to] {
                if going.remove(end.as_str()) {
                    out.kept.push((
                        end.clone(),
                        format!(
                            "its relation {:?} has changes not yet saved to the case",
                            r.id.as_str()
                        ),
                    ));
                }
            }
        }
    }
    // Claims on relations that stay must keep their claimants.
    loop {
        let mut named: Option<(String, String)> = None;
        for r in &doc.relations {
            if going.contains(r.from.as_str()) || going.contains(r.to.as_str()) {
                continue;
            }
            if let Some(c) = r
                .claims
                .iter()
                .filter_map(|c| c.claimant.as_ref())
                .find(|c| going.contains(c.as_str()))
            {
                named = Some((c.as_str().to_owned(), r.id.as_str().to_owned()));
                break;
            }
        }
        let Some((claimant, relation)) = named else {
            break;
        };
        going.remove(&claimant);
        out.kept.push((
            EntityId::new(claimant),
            format!("a claim on {relation:?}, still in view, names it"),
        ));
    }
    let before = (doc.entities.len(), doc.relations.len());
    doc.relations.retain(|r| {
        let stays = !going.contains(r.from.as_str()) && !going.contains(r.to.as_str());
        if !stays {
            base.items
                .remove(&(Table::Relations.name(), r.id.as_str().to_owned()));
        }
        stays
    });
    doc.entities.retain(|e| {
        let stays = !going.contains(e.id.as_str());
        if !stays {
            base.items
                .remove(&(Table::Entities.name(), e.id.as_str().to_owned()));
        }
        stays
    });
    let cited: HashSet<&str> = doc
        .relations
        .iter()
        .flat_map(|r| r.claims.iter().map(|c| c.source.as_str()))
        .collect();
    let mut gone_sources = Vec::new();
    for s in &doc.sources {
        let id = s.id.as_str();
        if !cited.contains(id)
            && !unsaved(&base, Table::Sources, id, rows::source_row(s).fingerprint())
        {
            gone_sources.push(id.to_owned());
        }
    }
    doc.sources
        .retain(|s| !gone_sources.iter().any(|g| g == s.id.as_str()));
    for id in &gone_sources {
        base.items.remove(&(Table::Sources.name(), id.clone()));
    }
    out.entities = before.0 - doc.entities.len();
    out.relations = before.1 - doc.relations.len();
    out.sources = gone_sources.len();
    if Base::of(doc).is_some() {
        base.write_into(doc);
    }
    out
}

/// Takes in what a save wrote while the analyst went on working: `sent` is the base of the map
/// that was sent, `written` the base the store answered with. Each entry the save moved is
/// moved in `doc`'s own base, unless the item has since left the view (it must not then read
/// as deleted); an entry the save removed (an item it deleted) is removed. An item edited
/// again meanwhile keeps its new content, so it reads as changed since what was written.
pub fn rebase(doc: &mut Document, sent: &Base, written: &Base) {
    let Some(Ok(mut base)) = Base::of(doc) else {
        return;
    };
    let present: HashSet<(&str, &str)> = doc
        .sources
        .iter()
        .map(|s| (Table::Sources.name(), s.id.as_str()))
        .chain(
            doc.entities
                .iter()
                .map(|e| (Table::Entities.name(), e.id.as_str())),
        )
        .chain(
            doc.relations
                .iter()
                .map(|r| (Table::Relations.name(), r.id.as_str())),
        )
        .collect();
    let keys: BTreeSet<&(rows::TableName, String)> =
        sent.items.keys().chain(written.items.keys()).collect();
    let mut moved = Vec::new();
    for key in keys {
        let now = written.items.get(key);
        if sent.items.get(key) == now {
            continue;
        }
        let held = base.items.contains_key(key) || present.contains(&(key.0, key.1.as_str()));
        moved.push((key.clone(), now.cloned().filter(|_| held)));
    }
    for (key, entry) in moved {
        match entry {
            Some(e) => {
                base.items.insert(key, e);
            }
            None => {
                base.items.remove(&key);
            }
        }
    }
    base.write_into(doc);
}

/// How many items of the view a save would write: those changed or added since they were
/// taken from the case, and those deleted (in the base, no longer in view). Positions are not
/// counted; they are the analyst's own and go with the next save anyway.
pub fn pending(doc: &Document) -> usize {
    let base = match Base::of(doc) {
        Some(Ok(b)) => b,
        _ => Base::default(),
    };
    let mut present: HashSet<(&str, &str)> = HashSet::new();
    let mut changed = 0;
    let items = doc
        .sources
        .iter()
        .map(|s| {
            (
                Table::Sources,
                s.id.as_str(),
                rows::source_row(s).fingerprint(),
            )
        })
        .chain(doc.entities.iter().map(|e| {
            (
                Table::Entities,
                e.id.as_str(),
                rows::entity_row(e).fingerprint(),
            )
        }))
        .chain(doc.relations.iter().map(|r| {
            (
                Table::Relations,
                r.id.as_str(),
                rows::relation_row(r).fingerprint(),
            )
        }));
    for (table, id, fp) in items {
        present.insert((table.name(), id));
        if base.get(table, id).is_none_or(|(_, taken)| *taken != fp) {
            changed += 1;
        }
    }
    let deleted = base
        .items
        .keys()
        .filter(|(t, id)| !present.contains(&(*t, id.as_str())))
        .count();
    changed + deleted
}

/// The ids of the entities in view, to ask the store about them again.
pub fn in_view(doc: &Document) -> Vec<String> {
    doc.entities
        .iter()
        .map(|e| e.id.as_str().to_owned())
        .collect()
}

mod fields;
mod gone;
mod place;
mod settle;
#[cfg(test)]
mod tests;

pub use fields::{FieldDiff, differing, merged};
pub use gone::{Gone, drop_deleted};
pub use place::place_near_parents;
pub use settle::{Keep, settle, settle_merged};
