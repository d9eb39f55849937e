//! Property tests of the three-way merge over edit scripts run on two sides of one base:
//! merging one side with an untouched base gives that side back, either way round; the merge
//! does not depend on which side is ours (but for the side names in conflicts); every change
//! either side made is in the result or in a conflict; and the result always validates.

use proptest::prelude::*;
use relmap::compare::diff::{Options, What, diff};
use relmap::compare::merge::merge;
use relmap::edit::{Edit, grouping, ops};
use relmap::model::{Document, EntityId, Position, Stance, validate};

#[derive(Debug, Clone)]
enum Step {
    Add(String),
    Delete(usize),
    Rename(usize, String),
    Summary(usize, String),
    Connect(usize, usize, String),
    DeleteRelation(usize),
    AddClaim(usize, u8, String),
    DropClaim(usize),
    Move(usize, f64, f64),
    Group(Vec<usize>, String),
}

fn step() -> impl Strategy<Value = Step> {
    let word = "[A-Za-z][a-z]{0,8}";
    prop_oneof![
        word.prop_map(Step::Add),
        any::<usize>().prop_map(Step::Delete),
        (any::<usize>(), word).prop_map(|(i, n)| Step::Rename(i, n)),
        (any::<usize>(), word).prop_map(|(i, n)| Step::Summary(i, n)),
        (any::<usize>(), any::<usize>(), "[a-z]{1,6}").prop_map(|(a, b, k)| Step::Connect(a, b, k)),
        any::<usize>().prop_map(Step::DeleteRelation),
        (any::<usize>(), 0u8..3, word).prop_map(|(r, s, q)| Step::AddClaim(r, s, q)),
        any::<usize>().prop_map(Step::DropClaim),
        (any::<usize>(), -300f64..300.0, -300f64..300.0).prop_map(|(i, x, y)| Step::Move(i, x, y)),
        (prop::collection::vec(any::<usize>(), 1..4), word).prop_map(|(m, n)| Step::Group(m, n)),
    ]
}

fn pick<T>(items: &[T], i: usize) -> Option<&T> {
    (!items.is_empty()).then(|| &items[i % items.len()])
}

fn edits(doc: &Document, s: &Step) -> Vec<Edit> {
    let entity = |i: usize| pick(&doc.entities, i).map(|e| e.id.clone());
    let update = |i: usize, f: &dyn Fn(&mut relmap::model::Entity)| {
        pick(&doc.entities, i).map_or_else(Vec::new, |e| {
            let mut e = e.clone();
            f(&mut e);
            vec![Edit::UpdateEntity { entity: e }]
        })
    };
    match s {
        Step::Add(name) => ops::add_entity(doc, name, "person", None).1,
        Step::Delete(i) => entity(*i).map_or_else(Vec::new, |id| ops::delete_entities(doc, &[id])),
        Step::Rename(i, n) => update(*i, &|e| e.name = n.clone()),
        Step::Summary(i, n) => update(*i, &|e| e.summary = n.clone()),
        Step::Connect(a, b, k) => match (entity(*a), entity(*b)) {
            (Some(a), Some(b)) => ops::connect(doc, &a, &b, k).1,
            _ => Vec::new(),
        },
        Step::DeleteRelation(i) => {
            pick(&doc.relations, *i).map_or_else(Vec::new, |r| ops::delete_relation(doc, &r.id))
        }
        Step::AddClaim(r, stance, quote) => match (pick(&doc.relations, *r), doc.sources.first()) {
            (Some(r), Some(s)) => {
                let mut r = r.clone();
                let mut c = ops::new_claim(&s.id);
                c.stance = Stance::ALL[*stance as usize % 3];
                c.quote = quote.clone();
                r.claims.push(c);
                vec![Edit::UpdateRelation { relation: r }]
            }
            _ => Vec::new(),
        },
        Step::DropClaim(r) => pick(&doc.relations, *r)
            .filter(|r| !r.claims.is_empty())
            .map_or_else(Vec::new, |r| {
                let mut r = r.clone();
                r.claims.remove(0);
                vec![Edit::UpdateRelation { relation: r }]
            }),
        Step::Move(i, x, y) => entity(*i).map_or_else(Vec::new, |id| {
            vec![Edit::PlaceEntity {
                entity: id,
                position: Some(Position::new(*x, *y)),
                pinned: true,
            }]
        }),
        Step::Group(members, name) => {
            let ids: Vec<EntityId> = members.iter().filter_map(|&i| entity(i)).collect();
            grouping::group_entities(doc, &ids, name)
                .map(|(_, e)| vec![e])
                .unwrap_or_default()
        }
    }
}

/// `base` after `steps`, each applied as the window would (refused ones change nothing).
fn run(base: &Document, steps: &[Step]) -> Document {
    let mut doc = base.clone();
    for s in steps {
        let edits = edits(&doc, s);
        let mut scratch = doc.clone();
        if edits
            .into_iter()
            .try_for_each(|e| e.apply(&mut scratch).map(drop))
            .is_ok()
        {
            doc = scratch;
        }
    }
    doc
}

fn base() -> Document {
    relmap::io::bundled_map().unwrap()
}

/// The map in a form that does not depend on order: items sorted by id, claims sorted, and
/// conflicts with their sides in a fixed order.
fn canonical(doc: &Document) -> String {
    let mut d = doc.clone();
    d.sources.sort_by(|a, b| a.id.cmp(&b.id));
    d.entities.sort_by(|a, b| a.id.cmp(&b.id));
    d.relations.sort_by(|a, b| a.id.cmp(&b.id));
    for r in &mut d.relations {
        r.claims.sort_by_key(|c| serde_json::to_string(c).unwrap());
    }
    d.groups.sort_by(|a, b| a.id.cmp(&b.id));
    d.notes.sort_by(|a, b| a.id.cmp(&b.id));
    for c in &mut d.conflicts {
        let (ours, theirs) = (c.ours.to_string(), c.theirs.to_string());
        if ours > theirs {
            std::mem::swap(&mut c.ours, &mut c.theirs);
        }
    }
    d.conflicts
        .sort_by_key(|c| format!("{}{}{}{}{}", c.on, c.id, c.field, c.ours, c.theirs));
    relmap::io::to_json_string(&d)
}

/// Whether every change `side` made to `base` is in `merged` or in one of its conflicts.
fn nothing_lost(base: &Document, side: &Document, merged: &Document) -> Result<(), String> {
    let in_conflict = |kind: &str, id: &str, field: &str| {
        merged
            .conflicts
            .iter()
            .any(|c| c.on == kind && c.id == id && (c.field == field || c.field == "*"))
    };
    let now = relmap::compare::diff::diff(base, merged, Options { positions: true });
    for change in diff(base, side, Options { positions: true }) {
        let kind = change.kind.name();
        let id = change.id.as_str();
        let ok = match &change.what {
            What::Added => {
                now.iter()
                    .any(|c| c.id == change.id && c.kind == change.kind)
                    || in_conflict(kind, id, "*")
            }
            What::Removed => {
                now.iter().any(|c| {
                    c.id == change.id && c.kind == change.kind && matches!(c.what, What::Removed)
                }) || in_conflict(kind, id, "*")
            }
            What::Changed {
                fields,
                claims_added,
                claims_removed,
            } => {
                let merged_item = now
                    .iter()
                    .find(|c| c.id == change.id && c.kind == change.kind);
                let took = |field: &str, value: &serde_json::Value| {
                    merged_item.is_some_and(|c| match &c.what {
                        What::Changed { fields, .. } => {
                            fields.iter().any(|f| f.field == field && f.new == *value)
                        }
                        _ => false,
                    })
                };
                let took_claims = |added: bool, claim: &serde_json::Value| {
                    merged_item.is_some_and(|c| match &c.what {
                        What::Changed {
                            claims_added: a,
                            claims_removed: r,
                            ..
                        } => {
                            if added {
                                a.contains(claim)
                            } else {
                                r.contains(claim)
                            }
                        }
                        What::Removed => !added,
                        _ => false,
                    })
                };
                fields
                    .iter()
                    .all(|f| took(&f.field, &f.new) || in_conflict(kind, id, &f.field))
                    && claims_added
                        .iter()
                        .all(|c| took_claims(true, c) || in_conflict(kind, id, "*"))
                    && claims_removed
                        .iter()
                        .all(|c| took_claims(false, c) || in_conflict(kind, id, "*"))
            }
        };
        if !ok {
            return Err(format!("{:?} is lost", change));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn merging_with_the_untouched_base_gives_the_other_side_back(
        steps in prop::collection::vec(step(), 0..12),
    ) {
        let b = base();
        let x = run(&b, &steps);
        let ours = merge(&b, &x, &b).doc;
        prop_assert_eq!(relmap::io::to_json_string(&ours), relmap::io::to_json_string(&x));
        let theirs = merge(&b, &b, &x).doc;
        prop_assert_eq!(relmap::io::to_json_string(&theirs), relmap::io::to_json_string(&x));
    }

    #[test]
    fn a_merge_keeps_every_change_validates_and_does_not_depend_on_the_side(
        a_steps in prop::collection::vec(step(), 0..10),
        c_steps in prop::collection::vec(step(), 0..10),
    ) {
        let b = base();
        let a = run(&b, &a_steps);
        let c = run(&b, &c_steps);
        let ac = merge(&b, &a, &c).doc;
        let ca = merge(&b, &c, &a).doc;
        let problems = validate(&ac);
        prop_assert!(problems.is_empty(), "{:?}", problems);
        prop_assert!(validate(&ca).is_empty());
        prop_assert_eq!(canonical(&ac), canonical(&ca));
        if let Err(lost) = nothing_lost(&b, &a, &ac) {
            prop_assert!(false, "ours: {}", lost);
        }
        if let Err(lost) = nothing_lost(&b, &c, &ac) {
            prop_assert!(false, "theirs: {}", lost);
        }
    }

    #[test]
    fn a_map_under_other_ids_matches_back_and_merges_into_a_valid_map(
        a_steps in prop::collection::vec(step(), 0..10),
        c_steps in prop::collection::vec(step(), 0..10),
    ) {
        use relmap::compare::matching;
        let b = base();
        let x = run(&b, &a_steps);
        // x as someone else would have built it: every entity under an id of its own, names
        // in capitals.
        let renamed: std::collections::HashMap<String, String> = x
            .entities
            .iter()
            .map(|e| (e.id.to_string(), format!("their-{}", e.id.as_str())))
            .collect();
        let mut apart = x.clone();
        for e in &mut apart.entities {
            e.id = EntityId::new(renamed[e.id.as_str()].clone());
            e.name = e.name.to_uppercase();
        }
        for r in &mut apart.relations {
            r.from = EntityId::new(renamed[r.from.as_str()].clone());
            r.to = EntityId::new(renamed[r.to.as_str()].clone());
            for c in &mut r.claims {
                if let Some(claimant) = &c.claimant {
                    c.claimant = Some(EntityId::new(renamed[claimant.as_str()].clone()));
                }
            }
        }
        for g in &mut apart.groups {
            for m in &mut g.members {
                *m = EntityId::new(renamed[m.as_str()].clone());
            }
        }
        prop_assert!(validate(&apart).is_empty());
        let matches = matching::matches(&x, &apart);
        let key = |e: &relmap::model::Entity| (matching::normalised(&e.name), e.kind.clone());
        let mut count = std::collections::HashMap::new();
        for e in &x.entities {
            *count.entry(key(e)).or_insert(0) += 1;
        }
        for e in x.entities.iter().filter(|e| count[&key(e)] == 1) {
            let found = matches.iter().find(|m| m.ours == e.id.as_str());
            prop_assert_eq!(
                found.map(|m| m.theirs.clone()),
                Some(renamed[e.id.as_str()].clone()),
                "{} matches back", e.name
            );
        }
        let back = matching::rekey(&apart, &matches);
        prop_assert!(validate(&back).is_empty());
        // Merged into another analyst's version without a base, matched: it validates.
        let c = run(&b, &c_steps);
        let decisions = relmap::compare::review::Decisions {
            matching: true,
            ..Default::default()
        };
        let merged = relmap::compare::review::review(None, &c, &apart, &decisions).merged;
        let problems = validate(&merged);
        prop_assert!(problems.is_empty(), "{:?}", problems);
    }
}
