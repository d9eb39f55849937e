//! The counts the store keeps of hubs (entities of 500 relations or more): what an expansion
//! says a hub at its edge leaves out must be what the case holds, after imports, edits by
//! `apply`, kinds changed, relations moved and deleted, and many analysts at once.

use std::collections::{BTreeMap, BTreeSet};

use relmap::io;
use relmap::model::{Document, EntityId, RelationId};
use relmap::store::{ApplyMode, ExpandRequest, Store};

use super::scenarios::{create, import};

type ByEntity = BTreeMap<String, BTreeMap<String, u64>>;

/// A hub of 620 relations: to 550 neighbours (every tenth of them twice, by another kind of
/// relation), from 20 more, and one to itself; and a seed next to the hub and to one of its
/// neighbours, from which the hub is at the edge of a one-hop expansion.
pub fn hub_case() -> Document {
    let mut entities = vec![
        serde_json::json!({"id": "hub", "name": "The Hub", "kind": "organisation"}),
        serde_json::json!({"id": "seed", "name": "The Seed", "kind": "person"}),
    ];
    let mut relations = vec![
        serde_json::json!({"id": "s-hub", "from": "seed", "to": "hub", "kind": "member"}),
        serde_json::json!({"id": "s-n0", "from": "seed", "to": "n0", "kind": "knows"}),
        serde_json::json!({"id": "loop", "from": "hub", "to": "hub", "kind": "owns"}),
    ];
    for i in 0..570 {
        let kind = ["person", "organisation", "vessel"][i % 3];
        entities.push(
            serde_json::json!({"id": format!("n{i}"), "name": format!("Near {i}"), "kind": kind}),
        );
        let (from, to) = if i < 550 {
            ("hub".to_owned(), format!("n{i}"))
        } else {
            (format!("n{i}"), "hub".to_owned())
        };
        relations.push(
            serde_json::json!({"id": format!("h{i}"), "from": from, "to": to, "kind": "employs"}),
        );
        if i % 10 == 0 && i < 550 {
            relations.push(serde_json::json!({"id": format!("p{i}"), "from": "hub", "to": format!("n{i}"), "kind": "pays"}));
        }
    }
    let map = serde_json::json!({
        "format": "relmap", "version": 2, "title": "hub",
        "entities": entities, "relations": relations
    });
    io::parse_bytes(map.to_string().as_bytes(), "the hub case").expect("the hub case is a map")
}

/// What each of `returned` leaves out in `case`, counted from the whole case: its distinct
/// neighbours outside by kind, and its relations to them by relation kind.
pub fn left_out_of(case: &Document, returned: &BTreeSet<String>) -> (ByEntity, ByEntity) {
    let mut relations = ByEntity::new();
    let mut pairs = BTreeSet::new();
    for r in &case.relations {
        let (from, to) = (r.from.as_str().to_owned(), r.to.as_str().to_owned());
        if from == to {
            continue;
        }
        for (a, b) in [(&from, &to), (&to, &from)] {
            if returned.contains(a) && !returned.contains(b) {
                *relations
                    .entry(a.clone())
                    .or_default()
                    .entry(r.kind.clone())
                    .or_default() += 1;
                pairs.insert((a.clone(), b.clone()));
            }
        }
    }
    let mut neighbours = ByEntity::new();
    for (a, b) in pairs {
        if let Some(e) = case.entity(&b) {
            *neighbours
                .entry(a)
                .or_default()
                .entry(e.kind.clone())
                .or_default() += 1;
        }
    }
    (neighbours, relations)
}

/// Expands `seeds` by `hops` and checks every count of what is left out against the case as
/// exported; says how much the hub left out.
fn check(s: &mut Store, case: &str, seeds: &[&str], hops: u32) -> u64 {
    let whole = s.export(case).expect("export");
    let x = s
        .expand(
            case,
            &ExpandRequest {
                seeds: seeds.iter().map(|s| s.to_string()).collect(),
                hops,
                kinds: Vec::new(),
                limit: 100_000,
            },
        )
        .expect("expand");
    let returned: BTreeSet<String> = x
        .doc
        .entities
        .iter()
        .map(|e| e.id.as_str().to_owned())
        .collect();
    let (neighbours, relations) = left_out_of(&whole, &returned);
    assert_eq!(
        x.left_out, neighbours,
        "neighbours left out around {seeds:?}"
    );
    assert_eq!(
        x.left_out_relations, relations,
        "relations left out around {seeds:?}"
    );
    // The map holds every relation among the entities returned.
    let inside = whole
        .relations
        .iter()
        .filter(|r| returned.contains(r.from.as_str()) && returned.contains(r.to.as_str()))
        .count();
    assert_eq!(x.doc.relations.len(), inside, "relations inside {seeds:?}");
    x.left_out
        .get("hub")
        .map(|by| by.values().sum())
        .unwrap_or_default()
}

fn apply(s: &mut Store, case: &str, map: &Document) -> Document {
    let report = s.apply(case, map, ApplyMode::AllOrNothing).expect("apply");
    assert!(report.conflicts.is_empty(), "{:?}", report.conflicts);
    assert!(report.committed);
    report.doc
}

fn around(s: &mut Store, case: &str, seed: &str, hops: u32) -> Document {
    let request = ExpandRequest {
        seeds: vec![seed.into()],
        hops,
        kinds: Vec::new(),
        limit: 100_000,
    };
    s.expand(case, &request).expect("expand").doc
}

pub fn a_hubs_counts_stay_exact_through_edits(location: &str) {
    let mut s = create(location);
    import(&mut s, "hub", &hub_case());
    assert_eq!(s.hubs("hub").expect("hubs"), ["hub"]);
    assert_eq!(check(&mut s, "hub", &["seed"], 1), 569);
    check(&mut s, "hub", &["n1"], 1);
    check(&mut s, "hub", &["n1", "n2", "n570"], 1);
    check(&mut s, "hub", &["hub"], 0);
    // Relations added to the hub, one deleted, one moved to another end, and a neighbour
    // given another kind, in one apply.
    let mut map = around(&mut s, "hub", "hub", 1);
    let mut extra = map.entities[1].clone();
    extra.id = EntityId::new("added");
    extra.kind = "vessel".into();
    map.entities.push(extra);
    let mut r = map.relations[0].clone();
    r.id = RelationId::new("to-added");
    r.from = EntityId::new("hub");
    r.to = EntityId::new("added");
    r.kind = "charters".into();
    r.claims.clear();
    map.relations.push(r);
    map.relations.retain(|r| r.id.as_str() != "h7");
    let moved = map
        .relations
        .iter_mut()
        .find(|r| r.id.as_str() == "h8")
        .expect("h8");
    moved.from = EntityId::new("n9");
    let n3 = map
        .entities
        .iter_mut()
        .find(|e| e.id.as_str() == "n3")
        .expect("n3");
    n3.kind = "vessel".into();
    apply(&mut s, "hub", &map);
    assert_eq!(check(&mut s, "hub", &["seed"], 1), 568);
    check(&mut s, "hub", &["n3"], 1);
    check(&mut s, "hub", &["n9", "n11"], 1);
    // A re-import that moves a relation's end (its old end is not known to the import).
    let mut file = hub_case();
    let h12 = file
        .relations
        .iter_mut()
        .find(|r| r.id.as_str() == "h12")
        .expect("h12");
    h12.from = EntityId::new("n13");
    import(&mut s, "hub", &file);
    check(&mut s, "hub", &["seed"], 1);
    check(&mut s, "hub", &["n13"], 1);
    // Deleted down to fewer than 500 relations, the hub is counted live, as exactly.
    let mut map = around(&mut s, "hub", "hub", 1);
    map.relations
        .retain(|r| !r.id.as_str().starts_with('h') || r.id.as_str() < "h3");
    apply(&mut s, "hub", &map);
    assert!(s.hubs("hub").expect("hubs").is_empty());
    check(&mut s, "hub", &["seed"], 1);
    check(&mut s, "hub", &["n1"], 1);
}

/// Four analysts add relations to one hub at once: each addition is counted.
pub fn many_hands_on_one_hub(location: &str) {
    let mut s = create(location);
    import(&mut s, "hub", &hub_case());
    drop(s);
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let location = location.to_owned();
            std::thread::spawn(move || {
                let mut s = Store::open(&location).expect("open");
                for i in 0..5 {
                    let mut map = around(&mut s, "hub", "hub", 0);
                    let mut e = map.entities[0].clone();
                    e.id = EntityId::new(format!("t{t}-{i}"));
                    e.kind = ["person", "vessel"][i % 2].into();
                    map.entities.push(e);
                    let template = hub_case().relations[0].clone();
                    let mut r = template;
                    r.id = RelationId::new(format!("r-t{t}-{i}"));
                    r.from = EntityId::new("hub");
                    r.to = EntityId::new(format!("t{t}-{i}"));
                    map.relations.push(r);
                    apply(&mut s, "hub", &map);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("an analyst's thread");
    }
    let mut s = Store::open(location).expect("open");
    assert_eq!(s.hubs("hub").expect("hubs"), ["hub"]);
    assert_eq!(check(&mut s, "hub", &["seed"], 1), 589);
}
