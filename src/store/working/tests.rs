//! The working set's merge, removal, rebase, settling and placement.

use super::place::{RING_START, RING_STEP};
use super::*;
use crate::model::Position;

fn with_base(doc: &mut Document) {
    let mut base = Base::new("c");
    for s in &doc.sources {
        base.insert(
            Table::Sources,
            s.id.as_str(),
            1,
            rows::source_row(s).fingerprint(),
        );
    }
    for e in &doc.entities {
        base.insert(
            Table::Entities,
            e.id.as_str(),
            1,
            rows::entity_row(e).fingerprint(),
        );
    }
    for r in &doc.relations {
        base.insert(
            Table::Relations,
            r.id.as_str(),
            1,
            rows::relation_row(r).fingerprint(),
        );
    }
    base.write_into(doc);
}

fn bundled() -> Document {
    let mut doc = crate::io::bundled_map().expect("the bundled map loads");
    with_base(&mut doc);
    doc
}

#[test]
fn merge_adds_only_what_is_new_and_keeps_local_edits() {
    let full = bundled();
    let mut view = full.clone();
    let keep: Vec<EntityId> = view.entities.iter().take(3).map(|e| e.id.clone()).collect();
    let out: Vec<EntityId> = view.entities.iter().skip(3).map(|e| e.id.clone()).collect();
    let removed = remove(&mut view, &out);
    assert!(removed.kept.is_empty(), "{:?}", removed.kept);
    assert_eq!(view.entities.len(), 3);
    view.entities[0].name = "Renamed here".into();
    let merged = merge(&mut view, full.clone()).expect("same case");
    assert_eq!(merged.entities.len(), full.entities.len() - 3);
    assert_eq!(view.entities.len(), full.entities.len());
    assert_eq!(view.relations.len(), full.relations.len());
    assert_eq!(view.entities[0].name, "Renamed here", "a local edit stays");
    assert_eq!(merged.refreshed, 0);
    assert_eq!(keep[0], view.entities[0].id);
    assert!(
        crate::model::validate(&view).is_empty(),
        "the merged view is a valid map"
    );
}

#[test]
fn merge_takes_the_newer_version_of_an_unchanged_item() {
    let mut view = bundled();
    let mut newer = view.clone();
    newer.entities[1].name = "Renamed by a colleague".into();
    let mut base = Base::of(&newer).and_then(Result::ok).unwrap_or_default();
    let e = &newer.entities[1];
    base.insert(
        Table::Entities,
        e.id.as_str(),
        2,
        rows::entity_row(e).fingerprint(),
    );
    base.write_into(&mut newer);
    view.entities[1].position = Some(Position::new(5.0, 6.0));
    let merged = merge(&mut view, newer).expect("same case");
    assert_eq!(merged.refreshed, 1);
    assert_eq!(view.entities[1].name, "Renamed by a colleague");
    assert_eq!(
        view.entities[1].position,
        Some(Position::new(5.0, 6.0)),
        "the analyst's own position"
    );
    let base = Base::of(&view).and_then(Result::ok).unwrap_or_default();
    assert_eq!(
        base.get(Table::Entities, view.entities[1].id.as_str())
            .map(|b| b.0),
        Some(2)
    );
}

#[test]
fn merge_refuses_another_case() {
    let mut view = bundled();
    let mut other = view.clone();
    Base::new("another").write_into(&mut other);
    let err = merge(&mut view, other).expect_err("another case");
    assert!(err.contains("another"), "{err}");
}

#[test]
fn remove_keeps_unsaved_work_and_named_claimants() {
    let mut view = bundled();
    let all: Vec<EntityId> = view.entities.iter().map(|e| e.id.clone()).collect();
    view.entities[0].summary = "changed, not saved".into();
    let changed = view.entities[0].id.clone();
    let removed = remove(&mut view, &all);
    assert!(
        removed
            .kept
            .iter()
            .any(|(id, why)| *id == changed && why.contains("not yet saved"))
    );
    assert!(view.entities.iter().any(|e| e.id == changed));
    assert!(
        crate::model::validate(&view).is_empty(),
        "what stays is a valid map"
    );
    // Nothing left in view reads as deleted: every base entry is an item in view.
    let base = Base::of(&view).and_then(Result::ok).unwrap_or_default();
    for (table, id) in base.items.keys() {
        let present = match *table {
            "entities" => view.entities.iter().any(|e| e.id.as_str() == id),
            "relations" => view.relations.iter().any(|r| r.id.as_str() == id),
            _ => view.sources.iter().any(|s| s.id.as_str() == id),
        };
        assert!(present, "{table} {id} is in the base but not in view");
    }
}

#[test]
fn rebase_moves_what_was_written_and_forgets_what_left_the_view() {
    let mut view = bundled();
    let sent = Base::of(&view).and_then(Result::ok).unwrap_or_default();
    let mut written = sent.clone();
    let (a, b) = (view.entities[0].id.clone(), view.entities[1].id.clone());
    written.insert(Table::Entities, a.as_str(), 7, "written".into());
    written.insert(Table::Entities, b.as_str(), 7, "written".into());
    written.insert(Table::Entities, "added-by-save", 1, "fp".into());
    // Meanwhile the analyst took `b` out of view.
    let mut base = sent.clone();
    base.items
        .remove(&(Table::Entities.name(), b.as_str().to_owned()));
    base.write_into(&mut view);
    view.entities.retain(|e| e.id != b);
    view.relations.retain(|r| r.from != b && r.to != b);
    rebase(&mut view, &sent, &written);
    let now = Base::of(&view).and_then(Result::ok).unwrap_or_default();
    assert_eq!(now.get(Table::Entities, a.as_str()).map(|e| e.0), Some(7));
    assert_eq!(
        now.get(Table::Entities, b.as_str()),
        None,
        "out of view stays out of the base"
    );
    assert_eq!(
        now.get(Table::Entities, "added-by-save"),
        None,
        "not in view"
    );
}

#[test]
fn new_neighbours_ring_their_parent_and_nothing_else_moves() {
    let mut doc = bundled();
    let parent = doc.entities[0].id.clone();
    for e in &mut doc.entities {
        e.position = None;
    }
    doc.entities[0].position = Some(Position::new(100.0, 100.0));
    let related: Vec<EntityId> = doc
        .relations
        .iter()
        .filter_map(|r| {
            if r.from == parent {
                Some(r.to.clone())
            } else if r.to == parent {
                Some(r.from.clone())
            } else {
                None
            }
        })
        .collect();
    assert!(!related.is_empty());
    place_near_parents(&mut doc, &related, None);
    assert_eq!(doc.entities[0].position, Some(Position::new(100.0, 100.0)));
    for id in &related {
        let e = doc
            .entities
            .iter()
            .find(|e| &e.id == id)
            .expect("in the map");
        let p = e.position.as_ref().expect("placed");
        let d = ((p.x - 100.0).powi(2) + (p.y - 100.0).powi(2)).sqrt();
        assert!(
            (RING_START - 1e-6..RING_START + 10.0 * RING_STEP).contains(&d),
            "{id:?} at {d}"
        );
    }
}

#[test]
fn what_the_case_deleted_leaves_the_view_unless_changed_here() {
    let mut view = bundled();
    let mut pulled = view.clone();
    // The case lost a relation, and an entity with its relations.
    let lost_relation = pulled.relations.remove(0).id;
    let named: Vec<String> = view
        .relations
        .iter()
        .flat_map(|r| {
            r.claims
                .iter()
                .filter_map(|c| c.claimant.as_ref().map(|c| c.to_string()))
        })
        .collect();
    let lost = view
        .entities
        .iter()
        .find(|e| !named.contains(&e.id.to_string()))
        .map(|e| e.id.to_string())
        .expect("an entity no claim names");
    pulled.entities.retain(|e| e.id.as_str() != lost);
    pulled
        .relations
        .retain(|r| r.from.as_str() != lost && r.to.as_str() != lost);
    // Changed here: a relation the case also lost stays.
    let changed = pulled
        .relations
        .iter()
        .position(|r| r.from.as_str() != lost && r.to.as_str() != lost)
        .map(|i| pulled.relations.remove(i).id)
        .expect("another relation");
    let i = view
        .relations
        .iter()
        .position(|r| r.id == changed)
        .expect("in view");
    view.relations[i].label = "edited here".into();
    // The read's base lists what the case holds, as the store writes it.
    let mut theirs = Base::of(&pulled).and_then(Result::ok).unwrap_or_default();
    let (entities, relations) = (&pulled.entities, &pulled.relations);
    theirs.items.retain(|(table, id), _| {
        if *table == Table::Relations.name() {
            relations.iter().any(|r| r.id.as_str() == id)
        } else if *table == Table::Entities.name() {
            entities.iter().any(|e| e.id.as_str() == id)
        } else {
            true
        }
    });
    theirs.write_into(&mut pulled);
    let gone = drop_deleted(&mut view, &pulled, std::slice::from_ref(&lost));
    assert_eq!(gone.entities.len(), 1);
    assert!(gone.relations.iter().any(|r| r.id == lost_relation));
    assert!(view.entity(&lost).is_none());
    assert!(
        view.relations.iter().any(|r| r.id == changed),
        "changed here, so kept"
    );
    assert!(view.relations.iter().all(|r| r.id != lost_relation));
    assert!(crate::model::validate(&view).is_empty());
    let base = Base::of(&view).and_then(Result::ok).unwrap_or_default();
    assert!(
        base.get(Table::Entities, &lost).is_none(),
        "out of the base: no delete to write"
    );
}

#[test]
fn pending_counts_what_a_save_would_write() {
    let mut view = bundled();
    assert_eq!(pending(&view), 0);
    view.entities[0].summary = "changed".into();
    view.entities[1].position = Some(Position::new(1.0, 2.0));
    assert_eq!(pending(&view), 1, "a move is not a change of the case");
    let gone = view.relations.remove(0);
    assert_eq!(pending(&view), 2, "a deletion is one");
    view.relations.push(gone);
    assert_eq!(pending(&view), 1);
}

/// A read whose bodies of unchanged items were left out (`trim_unchanged`) still says, by its
/// base, that the case holds them: nothing in view reads as deleted, and a merge changes
/// nothing.
#[test]
fn a_trimmed_read_deletes_nothing_and_merges_nothing() {
    let mut view = bundled();
    let mut pulled = view.clone();
    let taken = Base::of(&view).and_then(Result::ok).unwrap_or_default();
    trim_unchanged(&mut pulled, &taken);
    assert!(pulled.entities.is_empty() && pulled.relations.is_empty());
    let before = view.clone();
    let gone = drop_deleted(&mut view, &pulled, &[]);
    assert!(gone.is_empty(), "{gone:?}");
    let merged = merge(&mut view, pulled).expect("merged");
    assert!(merged.is_empty());
    assert_eq!(view, before);
}
