//! Property tests of the edit history: random sequences of user gestures, applied through the
//! history, never leave an invalid document; undone, they restore the original exactly; redone,
//! they give the edited document exactly.

use proptest::prelude::*;
use relmap::edit::{Edit, History, grouping, ops};
use relmap::model::{Document, EntityId, Position, Stance, validate};

#[derive(Debug, Clone)]
enum Gesture {
    AddEntity(String),
    DeleteEntity(usize),
    Rename(usize, String),
    SetAliases(usize, Vec<String>),
    Connect(usize, usize, String),
    DeleteRelation(usize),
    Reverse(usize),
    Merge(usize, usize),
    Place(usize, f64, f64),
    AddSource(String),
    DeleteSource(usize),
    AddClaim(usize, usize, u8),
    DeleteClaim(usize),
    Group(Vec<usize>, String),
    Ungroup(usize),
    Fold(usize, bool),
}

fn gesture() -> impl Strategy<Value = Gesture> {
    let name = "[A-Za-z][A-Za-z .-]{0,12}";
    prop_oneof![
        name.prop_map(Gesture::AddEntity),
        any::<usize>().prop_map(Gesture::DeleteEntity),
        (any::<usize>(), name).prop_map(|(i, n)| Gesture::Rename(i, n)),
        (any::<usize>(), prop::collection::vec(name, 0..3))
            .prop_map(|(i, a)| Gesture::SetAliases(i, a)),
        (any::<usize>(), any::<usize>(), "[a-z ]{1,10}")
            .prop_map(|(a, b, k)| Gesture::Connect(a, b, k)),
        any::<usize>().prop_map(Gesture::DeleteRelation),
        any::<usize>().prop_map(Gesture::Reverse),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Gesture::Merge(a, b)),
        (any::<usize>(), -500f64..500.0, -500f64..500.0)
            .prop_map(|(i, x, y)| Gesture::Place(i, x, y)),
        name.prop_map(Gesture::AddSource),
        any::<usize>().prop_map(Gesture::DeleteSource),
        (any::<usize>(), any::<usize>(), 0u8..3).prop_map(|(r, s, st)| Gesture::AddClaim(r, s, st)),
        any::<usize>().prop_map(Gesture::DeleteClaim),
        (prop::collection::vec(any::<usize>(), 1..6), name)
            .prop_map(|(members, n)| Gesture::Group(members, n)),
        any::<usize>().prop_map(Gesture::Ungroup),
        (any::<usize>(), any::<bool>()).prop_map(|(g, f)| Gesture::Fold(g, f)),
    ]
}

fn pick<T>(items: &[T], i: usize) -> Option<&T> {
    (!items.is_empty()).then(|| &items[i % items.len()])
}

/// The edits a gesture makes on `doc`, as the UI would build them.
fn edits_for(doc: &Document, g: &Gesture) -> Vec<Edit> {
    let entity = |i: usize| pick(&doc.entities, i).map(|e| e.id.clone());
    match g {
        Gesture::AddEntity(name) => ops::add_entity(doc, name, "person", None).1,
        Gesture::DeleteEntity(i) => {
            entity(*i).map_or_else(Vec::new, |id| ops::delete_entities(doc, &[id]))
        }
        Gesture::Rename(i, name) => pick(&doc.entities, *i).map_or_else(Vec::new, |e| {
            let mut e = e.clone();
            e.name = name.clone();
            vec![Edit::UpdateEntity { entity: e }]
        }),
        Gesture::SetAliases(i, aliases) => pick(&doc.entities, *i).map_or_else(Vec::new, |e| {
            let mut e = e.clone();
            e.aliases = aliases.clone();
            vec![Edit::UpdateEntity { entity: e }]
        }),
        Gesture::Connect(a, b, kind) => match (entity(*a), entity(*b)) {
            (Some(a), Some(b)) => ops::connect(doc, &a, &b, kind).1,
            _ => Vec::new(),
        },
        Gesture::DeleteRelation(i) => pick(&doc.relations, *i)
            .map(|r| {
                vec![Edit::RemoveRelation {
                    relation: r.id.clone(),
                }]
            })
            .unwrap_or_default(),
        Gesture::Reverse(i) => pick(&doc.relations, *i)
            .map(|r| {
                vec![Edit::UpdateRelation {
                    relation: ops::reversed(r),
                }]
            })
            .unwrap_or_default(),
        Gesture::Merge(a, b) => match (entity(*a), entity(*b)) {
            (Some(a), Some(b)) => ops::merge_entities(doc, &a, &b).unwrap_or_default(),
            _ => Vec::new(),
        },
        Gesture::Place(i, x, y) => entity(*i)
            .map(|id| {
                vec![Edit::PlaceEntity {
                    entity: id,
                    position: Some(Position::new(*x, *y)),
                    pinned: true,
                }]
            })
            .unwrap_or_default(),
        Gesture::AddSource(title) => ops::add_source(doc, title).1,
        // May be refused while claims cite the source: that is part of what is tested.
        Gesture::DeleteSource(i) => pick(&doc.sources, *i)
            .map(|s| {
                vec![Edit::RemoveSource {
                    source: s.id.clone(),
                }]
            })
            .unwrap_or_default(),
        Gesture::AddClaim(r, s, stance) => match (pick(&doc.relations, *r), pick(&doc.sources, *s))
        {
            (Some(r), Some(s)) => {
                let mut r = r.clone();
                let mut claim = ops::new_claim(&s.id);
                claim.stance = Stance::ALL[*stance as usize % 3];
                r.claims.push(claim);
                vec![Edit::UpdateRelation { relation: r }]
            }
            _ => Vec::new(),
        },
        Gesture::DeleteClaim(r) => pick(&doc.relations, *r)
            .filter(|r| !r.claims.is_empty())
            .map(|r| {
                let mut r = r.clone();
                r.claims.pop();
                vec![Edit::UpdateRelation { relation: r }]
            })
            .unwrap_or_default(),
        Gesture::Group(members, name) => {
            let ids: Vec<EntityId> = members.iter().filter_map(|&i| entity(i)).collect();
            grouping::group_entities(doc, &ids, name)
                .map(|(_, e)| vec![e])
                .unwrap_or_default()
        }
        Gesture::Ungroup(g) => pick(&doc.groups, *g)
            .and_then(|g| grouping::ungroup(doc, &g.id).ok())
            .map(|e| vec![e])
            .unwrap_or_default(),
        Gesture::Fold(g, folded) => pick(&doc.groups, *g)
            .and_then(|g| grouping::set_folded(doc, std::slice::from_ref(&g.id), *folded).ok())
            .map(|e| vec![e])
            .unwrap_or_default(),
    }
}

fn start() -> Document {
    relmap::io::bundled_map().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn undo_restores_and_redo_replays_any_sequence_of_edits(gestures in prop::collection::vec(gesture(), 1..25)) {
        let original = start();
        let mut doc = original.clone();
        let mut history = History::new();
        let mut steps = 0;
        for g in &gestures {
            let edits = edits_for(&doc, g);
            if edits.is_empty() {
                continue;
            }
            let before = doc.clone();
            match history.apply(&mut doc, format!("{g:?}"), edits) {
                Ok(touched) => {
                    steps += 1;
                    // What the edit says it touched is all it changed: views that skip the
                    // untouched parts (betweenness on a drag, say) stay right.
                    if !touched.structure {
                        prop_assert_eq!(structure(&doc), structure(&before), "{:?}", g);
                    }
                    if !touched.geometry {
                        prop_assert_eq!(geometry(&doc), geometry(&before), "{:?}", g);
                    }
                    if !touched.content {
                        prop_assert_eq!(content(&doc), content(&before), "{:?}", g);
                    }
                }
                Err(_) => prop_assert_eq!(&doc, &before, "a refused edit changed the document"),
            }
            let problems = validate(&doc);
            prop_assert!(problems.is_empty(), "after {:?}: {:?}", g, problems);
        }
        let edited = doc.clone();
        for _ in 0..steps {
            prop_assert!(history.undo(&mut doc).unwrap().is_some());
        }
        prop_assert!(history.undo(&mut doc).unwrap().is_none());
        prop_assert_eq!(&doc, &original);
        prop_assert!(!history.is_dirty());
        for _ in 0..steps {
            prop_assert!(history.redo(&mut doc).unwrap().is_some());
        }
        prop_assert_eq!(&doc, &edited);
    }
}

#[test]
fn a_merge_is_one_undo_step() {
    let original = start();
    let mut doc = original.clone();
    let mut h = History::new();
    let edits = ops::merge_entities(
        &doc,
        &EntityId::new("taliban"),
        &EntityId::new("haqqani-network"),
    )
    .unwrap();
    h.apply(&mut doc, "Merge", edits).unwrap();
    assert!(doc.entity("haqqani-network").is_none());
    assert_eq!(h.undo_label(), Some("Merge"));
    h.undo(&mut doc).unwrap();
    assert_eq!(doc, original);
}

#[test]
fn merging_several_entities_into_one_is_one_undo_step() {
    let original = start();
    let mut doc = original.clone();
    let mut h = History::new();
    let absorbed: Vec<EntityId> = ["haqqani-network", "haqqani-family", "pakistani-taliban"]
        .map(EntityId::new)
        .to_vec();
    let edits = ops::merge_many(&doc, &EntityId::new("taliban"), &absorbed).unwrap();
    h.apply(&mut doc, "Merge 3", edits).unwrap();
    assert!(absorbed.iter().all(|a| doc.entity(a.as_str()).is_none()));
    assert!(validate(&doc).is_empty());
    let taliban = doc.entity("taliban").unwrap();
    assert!(
        taliban.aliases.contains(&"Haqqani Network".to_owned()),
        "{taliban:?}"
    );
    h.undo(&mut doc).unwrap();
    assert_eq!(doc, original);
}

/// A relation's id, ends and direction.
type Joint = (String, String, String, bool);

/// Which entities and relations exist and what each relation joins.
fn structure(doc: &Document) -> (Vec<String>, Vec<Joint>) {
    (
        doc.entities.iter().map(|e| e.id.to_string()).collect(),
        doc.relations
            .iter()
            .map(|r| {
                (
                    r.id.to_string(),
                    r.from.to_string(),
                    r.to.to_string(),
                    r.directed,
                )
            })
            .collect(),
    )
}

/// Where every entity is, and whether it is pinned.
fn geometry(doc: &Document) -> Vec<(Option<Position>, bool)> {
    doc.entities
        .iter()
        .map(|e| (e.position.clone(), e.pinned))
        .collect()
}

/// The document without positions and pins.
fn content(doc: &Document) -> Document {
    let mut d = doc.clone();
    for e in &mut d.entities {
        e.position = None;
        e.pinned = false;
    }
    d
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// The data table's bulk edit (`query::table::with_cell` on many rows, one step), undone,
    /// gives back the same bytes; what it refuses changes nothing.
    #[test]
    fn a_bulk_edit_undone_gives_back_the_same_bytes(
        column in 0usize..20,
        rows in prop::collection::btree_set(0usize..40, 1..12),
        value in "[A-Za-z0-9 .~-]{0,10}",
    ) {
        use relmap::query::table::{entity_columns, with_cell};
        let mut doc = start();
        let bytes = relmap::io::to_json_string(&doc);
        let columns = entity_columns(&doc);
        let column = &columns[column % columns.len()];
        let edits: Result<Vec<Edit>, String> = rows
            .iter()
            .map(|&i| with_cell(&doc.entities[i % doc.entities.len()], column, &value)
                .map(|entity| Edit::UpdateEntity { entity }))
            .collect();
        let Ok(edits) = edits else {
            // Refused before any edit is made: nothing to undo, nothing changed.
            prop_assert_eq!(relmap::io::to_json_string(&doc), bytes);
            return Ok(());
        };
        let mut history = History::new();
        if history.apply(&mut doc, "bulk".to_owned(), edits).is_ok() {
            prop_assert!(validate(&doc).is_empty());
            prop_assert!(history.undo(&mut doc).unwrap().is_some());
        }
        prop_assert_eq!(relmap::io::to_json_string(&doc), bytes);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Grouping any entities, folding any of the groups and unfolding them again gives back
    /// the same map, byte for byte; nested groups included.
    #[test]
    fn fold_then_unfold_gives_back_the_same_map(
        groups in prop::collection::vec(prop::collection::btree_set(0usize..40, 1..8), 1..4),
        folds in prop::collection::btree_set(0usize..4, 1..4),
    ) {
        let mut doc = start();
        for (n, members) in groups.iter().enumerate() {
            let ids: Vec<EntityId> = members.iter().map(|&i| doc.entities[i].id.clone()).collect();
            let (_, edit) = grouping::group_entities(&doc, &ids, &format!("G{n}")).unwrap();
            edit.apply(&mut doc).unwrap();
        }
        prop_assert!(validate(&doc).is_empty());
        let bytes = relmap::io::to_json_string(&doc);
        let chosen: Vec<_> = folds
            .iter()
            .filter_map(|&g| doc.groups.get(g).map(|g| g.id.clone()))
            .collect();
        grouping::set_folded(&doc, &chosen, true).unwrap().apply(&mut doc).unwrap();
        prop_assert!(validate(&doc).is_empty());
        let hidden = doc.folded_into().iter().filter(|f| f.is_some()).count();
        prop_assert!(hidden > 0 || chosen.iter().all(|g| doc.group_members(g.as_str()).is_empty()));
        grouping::set_folded(&doc, &chosen, false).unwrap().apply(&mut doc).unwrap();
        prop_assert_eq!(relmap::io::to_json_string(&doc), bytes);
    }
}
