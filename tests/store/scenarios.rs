//! What the case store must do, on whichever engine: each scenario takes a store's location
//! (a SQLite path or a PostgreSQL URL) and fails on the first thing that is wrong.
//! tests/store_sqlite.rs and tests/store_postgres.rs run every one of them.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use relmap::io;
use relmap::model::{Document, Entity, EntityId, Relation, RelationId};
use relmap::store::{ApplyMode, BASE_KEY, ErrorKind, ExpandRequest, Store};

pub use super::hubs::{a_hubs_counts_stay_exact_through_edits, many_hands_on_one_hub};

/// Every scenario, by name.
/// A scenario: it takes the store's location.
pub type Scenario = fn(&str);

pub const ALL: &[(&str, Scenario)] = &[
    ("bundled_map_round_trips", bundled_map_round_trips),
    (
        "a_case_keeps_its_groups_member_by_member",
        a_case_keeps_its_groups_member_by_member,
    ),
    (
        "every_import_fixture_round_trips",
        every_import_fixture_round_trips,
    ),
    (
        "exported_case_imports_unchanged",
        exported_case_imports_unchanged,
    ),
    ("search_finds_known_answers", search_finds_known_answers),
    (
        "search_corrects_misspelt_short_words",
        search_corrects_misspelt_short_words,
    ),
    (
        "expand_gives_the_neighbourhood",
        expand_gives_the_neighbourhood,
    ),
    ("expand_two_hops_with_a_limit", expand_two_hops_with_a_limit),
    (
        "a_wide_expansion_reads_every_row",
        a_wide_expansion_reads_every_row,
    ),
    ("reimport_adds_nothing_twice", reimport_adds_nothing_twice),
    (
        "the_change_log_says_who_changed_what",
        the_change_log_says_who_changed_what,
    ),
    (
        "a_colleagues_commit_is_signalled_and_nothing_else_is",
        a_colleagues_commit_is_signalled_and_nothing_else_is,
    ),
    (
        "reimport_keeps_search_counts_true",
        reimport_keeps_search_counts_true,
    ),
    (
        "apply_adds_updates_and_deletes",
        apply_adds_updates_and_deletes,
    ),
    (
        "two_clients_one_entity_one_conflict",
        two_clients_one_entity_one_conflict,
    ),
    ("what_fits_writes_the_rest", what_fits_writes_the_rest),
    ("hostile_names_are_data", hostile_names_are_data),
    (
        "older_schema_migrates_forward",
        older_schema_migrates_forward,
    ),
    (
        "every_statement_filters_by_case",
        every_statement_filters_by_case,
    ),
    ("cases_are_kept_apart", cases_are_kept_apart),
    (
        "each_analyst_has_their_own_positions",
        each_analyst_has_their_own_positions,
    ),
    ("a_missing_case_is_named", a_missing_case_is_named),
    (
        "a_hubs_counts_stay_exact_through_edits",
        a_hubs_counts_stay_exact_through_edits,
    ),
    ("many_hands_on_one_hub", many_hands_on_one_hub),
    (
        "followthemoney_streams_as_the_file_reads",
        followthemoney_streams_as_the_file_reads,
    ),
    ("a_bad_line_imports_nothing", a_bad_line_imports_nothing),
    (
        "an_item_given_twice_the_later_wins",
        an_item_given_twice_the_later_wins,
    ),
    (
        "a_reader_that_fails_midway_imports_nothing",
        a_reader_that_fails_midway_imports_nothing,
    ),
    (
        "node_link_streams_as_the_file_reads",
        node_link_streams_as_the_file_reads,
    ),
];

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn bundled() -> Document {
    io::bundled_map().expect("the bundled map")
}

pub fn create(location: &str) -> Store {
    let mut s = Store::create(location).expect("the store opens");
    s.set_analyst("tester");
    s
}

fn no_progress(_: relmap::store::Progress) {}

pub fn import(store: &mut Store, case: &str, doc: &Document) -> relmap::store::ImportSummary {
    store
        .import(case, doc, &mut no_progress)
        .expect("the import succeeds")
}

/// `doc` as a comparable value: the base left out, items by id.
pub fn comparable(doc: &Document) -> Document {
    let mut d = doc.clone();
    d.extra.remove(BASE_KEY);
    d.entities.sort_by(|a, b| a.id.cmp(&b.id));
    d.relations.sort_by(|a, b| a.id.cmp(&b.id));
    d.sources.sort_by(|a, b| a.id.cmp(&b.id));
    d
}

pub fn bundled_map_round_trips(location: &str) {
    let mut s = create(location);
    let doc = bundled();
    let summary = import(&mut s, "haqqani", &doc);
    assert_eq!(summary.added.entities, doc.entities.len() as u64);
    assert_eq!(summary.added.relations, doc.relations.len() as u64);
    assert_eq!(summary.added.sources, doc.sources.len() as u64);
    let back = s.export("haqqani").expect("export");
    assert_eq!(comparable(&back), comparable(&doc));
    let cases = s.cases().expect("cases");
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0].name, "haqqani");
    assert_eq!(cases[0].title, doc.title);
    let claims: usize = doc.relations.iter().map(|r| r.claims.len()).sum();
    assert_eq!(cases[0].claims, claims as u64);
}

/// A case keeps the map's groups; a view lists only the members it holds, and writing it back
/// changes only what it held.
pub fn a_case_keeps_its_groups_member_by_member(location: &str) {
    use relmap::model::{Group, GroupId};
    let mut s = create(location);
    let mut doc = bundled();
    let family: Vec<EntityId> = ["anas-haqqani", "sirajuddin-haqqani", "us-state-department"]
        .map(EntityId::new)
        .to_vec();
    doc.groups = vec![Group::new(GroupId::new("g"), "Mixed", family.clone())];
    doc.notes = vec![relmap::model::Note::new(
        "n1",
        "*kept*",
        relmap::model::Position::new(1.0, 2.0),
    )];
    import(&mut s, "grouped", &doc);
    let all = s.export("grouped").expect("export");
    assert_eq!(all.groups, doc.groups);
    assert_eq!(all.notes, doc.notes);
    // A view of Anas alone lists him only.
    let view = s
        .expand(
            "grouped",
            &ExpandRequest {
                seeds: vec!["anas-haqqani".into()],
                hops: 0,
                ..Default::default()
            },
        )
        .expect("expand")
        .doc;
    assert_eq!(view.groups.len(), 1);
    assert_eq!(view.groups[0].members, family[..1].to_vec());
    // Taking him out of the group there leaves the members the view never held.
    let mut edited = view.clone();
    edited.groups[0].members.clear();
    edited.groups[0].name = "Renamed".into();
    // A view without the note (opened before it was written) leaves it in the case.
    edited.notes.clear();
    let report = s
        .apply("grouped", &edited, ApplyMode::AllOrNothing)
        .expect("apply");
    assert!(report.committed);
    let back = s.export("grouped").expect("export");
    assert_eq!(back.groups[0].name, "Renamed");
    assert_eq!(back.groups[0].members, family[1..].to_vec());
    assert_eq!(back.notes, doc.notes);
}

pub fn every_import_fixture_round_trips(location: &str) {
    let mut s = create(location);
    let dir = root().join("tests/fixtures/formats");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_none_or(|e| e != "py"))
        .collect();
    files.extend(
        ["dates_numbers_positions.json", "unknown_fields.json"]
            .iter()
            .map(|f| root().join("tests/fixtures").join(f)),
    );
    files.sort();
    let mut tried = 0;
    for (i, f) in files.iter().enumerate() {
        let Ok(opened) = io::formats::open_file(f) else {
            // A nodes or edges table alone is not a map; its pair is read with --edges.
            continue;
        };
        let case = format!("fixture-{i}");
        import(&mut s, &case, &opened.doc);
        let back = s.export(&case).expect("export");
        assert_eq!(
            comparable(&back),
            comparable(&opened.doc),
            "{} changed on its way through the store",
            f.display()
        );
        tried += 1;
    }
    assert!(tried >= 15, "only {tried} fixtures were read");
}

pub fn exported_case_imports_unchanged(location: &str) {
    let mut s = create(location);
    import(&mut s, "a", &bundled());
    let exported = s.export("a").expect("export");
    let text = io::to_json_string(&exported);
    let read = io::parse_bytes(text.as_bytes(), "exported").expect("the export reads back");
    let again = import(&mut s, "a", &read);
    assert_eq!(again.added.total(), 0);
    assert_eq!(again.updated.total(), 0);
    import(&mut s, "b", &read);
    assert_eq!(
        comparable(&s.export("b").expect("export")),
        comparable(&exported)
    );
}

pub fn search_finds_known_answers(location: &str) {
    let mut s = create(location);
    let doc = bundled();
    import(&mut s, "haqqani", &doc);
    let top = |s: &mut Store, q: &str| -> Vec<String> {
        s.search("haqqani", q, 5)
            .expect("search")
            .into_iter()
            .map(|h| h.id)
            .collect()
    };
    assert_eq!(top(&mut s, "Sirajuddin Haqqani")[0], "sirajuddin-haqqani");
    assert_eq!(
        top(&mut s, "sirajudin haqani")[0],
        "sirajuddin-haqqani",
        "misspelt"
    );
    assert_eq!(
        top(&mut s, "SIRAJUDDIN")[0],
        "sirajuddin-haqqani",
        "one word, capitals"
    );
    assert_eq!(top(&mut s, "taliban")[0], "taliban");
    assert!(
        top(&mut s, "Haqqanis").contains(&"haqqani-network".to_owned()),
        "an alias"
    );
    assert!(top(&mut s, "zzqqxx").is_empty(), "nothing like it");
    // Each hit's kind and relation count are the map's.
    let hits = s.search("haqqani", "Anas Haqqani", 1).expect("search");
    let anas = doc.entity("anas-haqqani").expect("Anas");
    assert_eq!(hits[0].kind, anas.kind);
    let relations = doc
        .relations
        .iter()
        .filter(|r| r.from == anas.id || r.to == anas.id)
        .count();
    assert_eq!(hits[0].relations, relations as u64);
}

/// Misspellings that leave a short word no trigram of the right one: the words stage finds
/// them, and the edit measure ranks them above names that share more trigrams.
pub fn search_corrects_misspelt_short_words(location: &str) {
    let mut s = create(location);
    let mut doc = bundled();
    for (i, name) in [
        "Sisi Veal Trading",
        "Veka Si Trading",
        "Vea Trading Holdings",
        "Shda Di Group",
        "Sdhaka Group",
        "Group Di Sha",
        "Mafalo Maanha",
        "Falo Anha",
        "Malo Manha Ltd",
    ]
    .iter()
    .enumerate()
    {
        doc.entities.push(entity(&format!("n{i}"), name));
    }
    import(&mut s, "names", &doc);
    for (query, want) in [
        ("vea si trading", "Veka Si Trading"),
        ("sdha di gruop", "Shda Di Group"),
        ("mfalo aanha", "Mafalo Maanha"),
        ("SHDA  DI GROUP", "Shda Di Group"),
    ] {
        let hits = s.search("names", query, 3).expect("search");
        assert_eq!(
            hits.first().map(|h| h.name.as_str()),
            Some(want),
            "{query:?} gave {hits:?}"
        );
    }
}

/// The entities one hop from `seed` in `doc`, and the seed.
fn one_hop(doc: &Document, seed: &str) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = [seed.to_owned()].into_iter().collect();
    for r in &doc.relations {
        if r.from.as_str() == seed {
            out.insert(r.to.as_str().to_owned());
        }
        if r.to.as_str() == seed {
            out.insert(r.from.as_str().to_owned());
        }
    }
    out
}

pub fn expand_gives_the_neighbourhood(location: &str) {
    let mut s = create(location);
    let doc = bundled();
    import(&mut s, "haqqani", &doc);
    let seed = "sirajuddin-haqqani";
    let x = s
        .expand(
            "haqqani",
            &ExpandRequest {
                seeds: vec![seed.into()],
                ..ExpandRequest::default()
            },
        )
        .expect("expand");
    let want = one_hop(&doc, seed);
    let reached: BTreeSet<String> = x
        .doc
        .entities
        .iter()
        .map(|e| e.id.as_str().to_owned())
        .filter(|id| want.contains(id))
        .collect();
    assert_eq!(reached, want);
    // Every relation among the entities returned, with all its claims, and every source cited.
    let have: BTreeSet<&str> = x.doc.entities.iter().map(|e| e.id.as_str()).collect();
    let inside: Vec<&Relation> = doc
        .relations
        .iter()
        .filter(|r| want.contains(r.from.as_str()) && want.contains(r.to.as_str()))
        .collect();
    for r in &inside {
        let got = x
            .doc
            .relation(r.id.as_str())
            .expect("relation in the expansion");
        assert_eq!(got, *r);
    }
    for r in &x.doc.relations {
        assert!(have.contains(r.from.as_str()) && have.contains(r.to.as_str()));
        for c in &r.claims {
            assert!(
                x.doc.source(c.source.as_str()).is_some(),
                "cited source present"
            );
        }
    }
    assert!(relmap::model::validate(&x.doc).is_empty());
    // What was left out, by kind, as the map itself says.
    for id in &want {
        let mut expected: BTreeMap<String, u64> = BTreeMap::new();
        for other in one_hop(&doc, id) {
            if !want.contains(&other) {
                let kind = doc.entity(&other).expect("entity").kind.clone();
                *expected.entry(kind).or_default() += 1;
            }
        }
        let got = x.left_out.get(id).cloned().unwrap_or_default();
        assert_eq!(got, expected, "left out around {id}");
    }
    assert!(x.missing.is_empty() && !x.truncated);
    // The expansion carries the base apply needs.
    assert!(x.doc.extra.contains_key(BASE_KEY));
}

pub fn expand_two_hops_with_a_limit(location: &str) {
    let mut s = create(location);
    let doc = bundled();
    import(&mut s, "haqqani", &doc);
    let request = |hops, limit| ExpandRequest {
        seeds: vec!["sirajuddin-haqqani".into(), "no-such-entity".into()],
        hops,
        kinds: Vec::new(),
        limit,
    };
    let two = s.expand("haqqani", &request(2, 1000)).expect("expand");
    let mut want = BTreeSet::new();
    for id in one_hop(&doc, "sirajuddin-haqqani") {
        want.extend(one_hop(&doc, &id));
    }
    let got: BTreeSet<String> = two
        .doc
        .entities
        .iter()
        .map(|e| e.id.as_str().to_owned())
        .filter(|id| want.contains(id))
        .collect();
    assert_eq!(got, want);
    assert_eq!(two.missing, vec!["no-such-entity".to_owned()]);
    let small = s.expand("haqqani", &request(2, 4)).expect("expand");
    assert!(small.truncated);
    let claimants: BTreeSet<&str> = small
        .doc
        .relations
        .iter()
        .flat_map(|r| r.claims.iter().filter_map(|c| c.claimant.as_ref()))
        .map(|c| c.as_str())
        .collect();
    let walked = small
        .doc
        .entities
        .iter()
        .filter(|e| !claimants.contains(e.id.as_str()) || e.id.as_str() == "sirajuddin-haqqani")
        .count();
    assert!(walked <= 4, "{walked} entities walked past a limit of 4");
    // Only relations of one kind.
    let kind = doc.relations[0].kind.clone();
    let only = s
        .expand(
            "haqqani",
            &ExpandRequest {
                seeds: vec![doc.relations[0].from.as_str().to_owned()],
                hops: 1,
                kinds: vec![kind.clone()],
                limit: 100,
            },
        )
        .expect("expand");
    assert!(only.doc.relations.iter().all(|r| r.kind == kind));
    // What is left out counts every kind, the seed's other relations included.
    let seed = doc.relations[0].from.as_str();
    let mut walked: BTreeSet<String> = [seed.to_owned()].into();
    for r in doc.relations.iter().filter(|r| r.kind == kind) {
        if r.from.as_str() == seed {
            walked.insert(r.to.as_str().to_owned());
        } else if r.to.as_str() == seed {
            walked.insert(r.from.as_str().to_owned());
        }
    }
    let (neighbours, relations) = super::hubs::left_out_of(&doc, &walked);
    assert!(
        neighbours.contains_key(seed),
        "the seed has neighbours of other kinds"
    );
    assert_eq!(
        only.left_out, neighbours,
        "left out around {seed}, following {kind}"
    );
    assert_eq!(only.left_out_relations, relations);
    let err = s
        .expand(
            "haqqani",
            &ExpandRequest {
                seeds: vec!["nobody".into()],
                ..Default::default()
            },
        )
        .expect_err("no such entity");
    assert!(err.message.contains("nobody"), "{err}");
}

pub fn reimport_adds_nothing_twice(location: &str) {
    let mut s = create(location);
    let mut doc = bundled();
    import(&mut s, "haqqani", &doc);
    let again = import(&mut s, "haqqani", &doc);
    assert_eq!(again.added.total(), 0);
    assert_eq!(again.updated.total(), 0);
    assert_eq!(
        again.unchanged.total(),
        (doc.entities.len() + doc.relations.len() + doc.sources.len()) as u64
    );
    doc.entities[0].summary = "changed by a second import".into();
    doc.relations[0].claims.pop();
    let third = import(&mut s, "haqqani", &doc);
    assert_eq!(third.updated.entities, 1);
    assert_eq!(third.updated.relations, 1);
    assert_eq!(third.added.total(), 0);
    let cases = s.cases().expect("cases");
    assert_eq!(cases[0].entities, doc.entities.len() as u64);
    assert_eq!(
        comparable(&s.export("haqqani").expect("export")),
        comparable(&doc)
    );
}

/// The change log, read back as colleagues' windows read it: each write after an entry, in
/// order, with who wrote it and, for an update, the fields it changed.
pub fn the_change_log_says_who_changed_what(location: &str) {
    let mut s = create(location);
    import(&mut s, "log", &bundled());
    let start = s.last_change("log").expect("the log");
    assert!(start > 0, "the import is in the log");
    assert!(
        s.changes_after("log", start, &[], 10)
            .expect("the log")
            .is_empty()
    );
    s.set_analyst("ned");
    let mut taken = s.export("log").expect("export");
    let e = taken
        .entities
        .iter_mut()
        .find(|e| e.id.as_str() == "taliban")
        .expect("the Taliban");
    e.kind = "movement".into();
    e.summary = "changed".into();
    // A relation no claim's claimant depends on goes.
    taken.relations.remove(0);
    let report = s
        .apply("log", &taken, ApplyMode::AllOrNothing)
        .expect("apply");
    assert!(report.committed);
    let log = s.changes_after("log", start, &[], 100).expect("the log");
    assert_eq!(log.len(), 2, "{log:?}");
    assert!(log.windows(2).all(|w| w[0].seq < w[1].seq));
    let update = log
        .iter()
        .find(|c| c.action == "update")
        .expect("the update");
    assert_eq!(
        (
            update.who.as_str(),
            update.item.as_str(),
            update.id.as_str()
        ),
        ("ned", "entity", "taliban")
    );
    assert_eq!(update.note, "kind, summary");
    assert_eq!(update.version, 2);
    assert!(
        update.at.ends_with('Z') && update.at.len() >= 20,
        "{}",
        update.at
    );
    let delete = log
        .iter()
        .find(|c| c.action == "delete")
        .expect("the delete");
    assert_eq!(delete.item, "relation");
    assert_eq!(s.last_change("log").expect("the log"), log[1].seq);
    let skipped = s
        .changes_after("log", start, &[log[0].seq], 100)
        .expect("the log");
    assert_eq!(skipped, log[1..], "what was read already is left out");
    assert_eq!(
        s.changes_after("log", start, &[], 1)
            .expect("the log")
            .len(),
        1,
        "the limit"
    );
}

/// A re-import that renames an entity trades the old name's words and trigrams for the new
/// name's: the counts search reads equal those of a fresh import of the renamed map.
pub fn reimport_keeps_search_counts_true(location: &str) {
    let mut s = create(location);
    let mut doc = bundled();
    import(&mut s, "first", &doc);
    let old = doc.entities[0].name.clone();
    let new = "Zebulon Quixote-Haqqani";
    doc.entities[0].name = new.into();
    doc.entities[0].aliases.clear();
    let again = import(&mut s, "first", &doc);
    assert_eq!(again.updated.entities, 1);
    import(&mut s, "fresh", &doc);
    let names = [old.as_str(), new];
    let reimported = s.search_counts("first", &names).expect("counts");
    let fresh = s.search_counts("fresh", &names).expect("counts");
    assert_eq!(reimported, fresh);
    let of = |key: &str| fresh.iter().find(|(k, _)| k == key).map(|(_, n)| *n);
    assert_eq!(of("t:"), Some(doc.entities.len() as i64));
    assert_eq!(of("w:zebulon"), Some(1));
    assert_eq!(of("t:zeb"), Some(1));
    // Back again: by re-import in one case and by apply in the other.
    let original = bundled();
    import(&mut s, "first", &original);
    let mut taken = s.export("fresh").expect("export");
    let e = taken
        .entities
        .iter_mut()
        .find(|e| e.id == original.entities[0].id)
        .expect("the renamed entity");
    e.name = original.entities[0].name.clone();
    e.aliases = original.entities[0].aliases.clone();
    let report = s
        .apply("fresh", &taken, ApplyMode::AllOrNothing)
        .expect("apply");
    assert!(report.conflicts.is_empty());
    let reimported = s.search_counts("first", &names).expect("counts");
    assert_eq!(
        reimported,
        s.search_counts("fresh", &names).expect("counts")
    );
    assert_eq!(
        reimported
            .iter()
            .find(|(k, _)| k == "w:zebulon")
            .map(|(_, n)| *n),
        Some(0)
    );
}

fn entity(id: &str, name: &str) -> Entity {
    let mut e = bundled().entities[0].clone();
    e.id = EntityId::new(id);
    e.name = name.into();
    e.aliases.clear();
    e.summary.clear();
    e.attributes = Default::default();
    e.position = None;
    e.extra = Default::default();
    e
}

pub fn apply_adds_updates_and_deletes(location: &str) {
    let mut s = create(location);
    import(&mut s, "haqqani", &bundled());
    let mut map = s.export("haqqani").expect("export");
    map.entities.push(entity("new-person", "A New Person"));
    let mut r = map.relations[0].clone();
    r.id = RelationId::new("new-relation");
    r.to = EntityId::new("new-person");
    map.relations.push(r);
    map.entities[0].summary = "updated".into();
    let gone = map.relations.remove(1);
    let report = s
        .apply("haqqani", &map, ApplyMode::AllOrNothing)
        .expect("apply");
    assert!(report.conflicts.is_empty(), "{:?}", report.conflicts);
    assert!(report.committed);
    assert_eq!(report.added.entities, 1);
    assert_eq!(report.added.relations, 1);
    assert_eq!(report.updated.entities, 1);
    assert_eq!(report.deleted.relations, 1);
    let back = s.export("haqqani").expect("export");
    assert_eq!(comparable(&back), comparable(&report.doc));
    assert!(back.relation(gone.id.as_str()).is_none());
    // Applying the updated map again writes nothing and conflicts with nothing.
    let again = s
        .apply("haqqani", &report.doc, ApplyMode::AllOrNothing)
        .expect("apply");
    assert!(again.conflicts.is_empty());
    assert_eq!(
        again.added.total() + again.updated.total() + again.deleted.total(),
        0
    );
    // An entity whose relations the map does not hold (an expansion of it alone) is not
    // deleted: its relations would dangle.
    let victim = again.doc.relations[0].from.as_str().to_owned();
    let mut alone = s
        .expand(
            "haqqani",
            &ExpandRequest {
                seeds: vec![victim.clone()],
                hops: 0,
                ..Default::default()
            },
        )
        .expect("expand")
        .doc;
    assert!(alone.relations.is_empty());
    alone.entities.retain(|e| e.id.as_str() != victim);
    let refused = s
        .apply("haqqani", &alone, ApplyMode::AllOrNothing)
        .expect("apply");
    assert!(!refused.committed);
    assert_eq!(refused.conflicts.len(), 1);
    assert!(
        refused.conflicts[0].reason.contains("relation"),
        "{:?}",
        refused.conflicts
    );
    // With its relations, it goes.
    let mut whole = again.doc.clone();
    whole.entities.retain(|e| e.id.as_str() != victim);
    whole
        .relations
        .retain(|r| r.from.as_str() != victim && r.to.as_str() != victim);
    for r in &mut whole.relations {
        r.claims
            .retain(|c| c.claimant.as_ref().is_none_or(|c| c.as_str() != victim));
    }
    let report = s
        .apply("haqqani", &whole, ApplyMode::AllOrNothing)
        .expect("apply");
    assert!(report.conflicts.is_empty(), "{:?}", report.conflicts);
    assert_eq!(report.deleted.entities, 1);
    // A map without a base is refused with a message.
    let err = s
        .apply("haqqani", &bundled(), ApplyMode::AllOrNothing)
        .expect_err("no base");
    assert_eq!(err.kind, ErrorKind::Map);
}

pub fn two_clients_one_entity_one_conflict(location: &str) {
    let mut a = create(location);
    import(&mut a, "haqqani", &bundled());
    let mut b = Store::open(location).expect("a second client");
    let seed = ExpandRequest {
        seeds: vec!["sirajuddin-haqqani".into()],
        hops: 0,
        ..Default::default()
    };
    let mut mine = a.expand("haqqani", &seed).expect("expand").doc;
    let mut theirs = b.expand("haqqani", &seed).expect("expand").doc;
    mine.entities[0].summary = "A's edit".into();
    theirs.entities[0].summary = "B's edit".into();
    let first = a
        .apply("haqqani", &mine, ApplyMode::AllOrNothing)
        .expect("apply");
    assert!(first.committed && first.conflicts.is_empty());
    let second = b
        .apply("haqqani", &theirs, ApplyMode::AllOrNothing)
        .expect("apply");
    assert!(!second.committed);
    assert_eq!(second.conflicts.len(), 1);
    let c = &second.conflicts[0];
    assert_eq!((c.item, c.id.as_str()), ("entity", "sirajuddin-haqqani"));
    assert_eq!((c.base_version, c.store_version), (Some(1), Some(2)));
    assert!(c.mine.as_deref().is_some_and(|m| m.contains("B's edit")));
    assert!(c.theirs.as_deref().is_some_and(|t| t.contains("A's edit")));
    // No lost update: the store holds A's edit.
    let now = b.export("haqqani").expect("export");
    assert_eq!(
        now.entity("sirajuddin-haqqani").expect("entity").summary,
        "A's edit"
    );
}

pub fn what_fits_writes_the_rest(location: &str) {
    let mut a = create(location);
    import(&mut a, "haqqani", &bundled());
    let mut mine = a.export("haqqani").expect("export");
    let mut theirs = mine.clone();
    theirs.entities[0].summary = "theirs".into();
    assert!(
        a.apply("haqqani", &theirs, ApplyMode::AllOrNothing)
            .expect("apply")
            .committed
    );
    mine.entities[0].summary = "mine".into();
    mine.entities[1].summary = "mine too".into();
    let all = a
        .apply("haqqani", &mine, ApplyMode::AllOrNothing)
        .expect("apply");
    assert!(!all.committed);
    assert_eq!(all.conflicts.len(), 1);
    let now = a.export("haqqani").expect("export");
    assert_ne!(
        now.entities[1].summary, "mine too",
        "all or nothing wrote something"
    );
    let fits = a
        .apply("haqqani", &mine, ApplyMode::WhatFits)
        .expect("apply");
    assert!(fits.committed);
    assert_eq!(fits.conflicts.len(), 1);
    assert_eq!(fits.updated.entities, 1);
    let now = a.export("haqqani").expect("export");
    let by_id = |d: &Document, id: &relmap::model::EntityId| {
        d.entity(id.as_str()).expect("entity").summary.clone()
    };
    assert_eq!(by_id(&now, &mine.entities[1].id), "mine too");
    assert_eq!(by_id(&now, &mine.entities[0].id), "theirs");
}

pub const HOSTILE: &[&str] = &[
    "'; DROP TABLE entities; --",
    "O'Brien",
    "Robert\"); DROP TABLE cases;--",
    "100% _under_ \\back\\slash",
    "tab\tand\nnewline",
    "ümlaut Åström",
    "\"quoted\" OR \"x\"",
    "NEAR(a b) AND c*",
];

pub fn hostile_names_are_data(location: &str) {
    let mut s = create(location);
    let mut doc = bundled();
    for (i, name) in HOSTILE.iter().enumerate() {
        doc.entities.push(entity(&format!("hostile-{i}"), name));
    }
    doc.entities
        .push(entity("id with ' quote; DROP", "Plain Name"));
    import(&mut s, "it's a case; DROP TABLE cases", &doc);
    for (i, name) in HOSTILE.iter().enumerate() {
        let hits = s
            .search("it's a case; DROP TABLE cases", name, 5)
            .unwrap_or_else(|e| panic!("searching {name:?}: {e}"));
        assert!(
            hits.iter().any(|h| h.id == format!("hostile-{i}")),
            "{name:?} not found: {hits:?}"
        );
    }
    let x = s
        .expand(
            "it's a case; DROP TABLE cases",
            &ExpandRequest {
                seeds: vec!["id with ' quote; DROP".into()],
                ..Default::default()
            },
        )
        .expect("expand");
    assert_eq!(x.doc.entities.len(), 1);
    assert_eq!(
        comparable(&s.export("it's a case; DROP TABLE cases").expect("export")),
        comparable(&doc)
    );
    assert_eq!(s.cases().expect("cases").len(), 1);
}

pub fn older_schema_migrates_forward(location: &str) {
    let mut old = Store::open_at(location, 1, true).expect("a version 1 store");
    assert_eq!(old.schema_version().expect("version"), 1);
    old.import("old", &bundled(), &mut no_progress)
        .expect("a version 1 import");
    drop(old);
    let mut s = Store::open(location).expect("opened by this relmap");
    assert_eq!(
        s.schema_version().expect("version"),
        relmap::store::SCHEMA_VERSION
    );
    let hits = s
        .search("old", "sirajudin", 3)
        .expect("search after migrating");
    assert_eq!(
        hits[0].id, "sirajuddin-haqqani",
        "names imported before are searchable"
    );
}

/// The tables that hold a case's data: every statement on them must filter by case.
const CASE_TABLES: [&str; 10] = [
    "entities",
    "hub_counts",
    "word_counts",
    "trigram_counts",
    "relations",
    "claims",
    "sources",
    "positions",
    "changes",
    "relmap_stage",
];

pub fn every_statement_filters_by_case(location: &str) {
    let mut s = create(location);
    s.record_statements(true);
    let doc = bundled();
    import(&mut s, "haqqani", &doc);
    import(&mut s, "haqqani", &doc);
    s.cases().expect("cases");
    s.search("haqqani", "haqqani", 5).expect("search");
    s.search("haqqani", "ha", 5).expect("a short search");
    let mut x = s
        .expand(
            "haqqani",
            &ExpandRequest {
                seeds: vec!["sirajuddin-haqqani".into()],
                hops: 2,
                kinds: vec!["leads".into()],
                limit: 10,
            },
        )
        .expect("expand")
        .doc;
    x.entities[0].summary = "edited".into();
    x.entities.push(entity("added", "Added"));
    s.apply("haqqani", &x, ApplyMode::AllOrNothing)
        .expect("apply");
    s.export("haqqani").expect("export");
    // A hub: kept counts read, and counted again after an edit next to it.
    import(&mut s, "hub", &super::hubs::hub_case());
    let around_seed = ExpandRequest {
        seeds: vec!["seed".into()],
        hops: 1,
        kinds: Vec::new(),
        limit: 100,
    };
    let mut m = s.expand("hub", &around_seed).expect("expand").doc;
    m.relations.retain(|r| r.id.as_str() != "s-hub");
    m.entities[0].kind = "vessel".into();
    s.apply("hub", &m, ApplyMode::AllOrNothing).expect("apply");
    let statements = s.recorded_statements();
    assert!(
        statements.len() > 20,
        "only {} statements recorded",
        statements.len()
    );
    for sql in statements {
        let lower = sql.to_lowercase();
        let touches = CASE_TABLES.iter().any(|t| {
            lower
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .any(|w| w == *t || w.starts_with(&format!("{t}_")))
        });
        // Staging tables, and the planner's statistics after a large import (on Citus,
        // VACUUM and ANALYZE run on every shard).
        let ddl = lower.trim_start().starts_with("create temp table")
            || lower.trim_start().starts_with("truncate")
            || lower.trim_start().starts_with("analyze")
            || lower.trim_start().starts_with("vacuum")
            || lower.trim_start().starts_with("pragma optimize");
        if !touches || ddl {
            continue;
        }
        let filters = lower.contains("case_id = ")
            || lower.contains("case_id=")
            || lower.starts_with("insert into") && lower.contains("(case_id")
            || lower.starts_with("copy ") && lower.contains("(case_id");
        assert!(filters, "a statement that does not filter by case:\n{sql}");
    }
}

pub fn cases_are_kept_apart(location: &str) {
    let mut s = create(location);
    let doc = bundled();
    import(&mut s, "one", &doc);
    let mut other = doc.clone();
    other.title = "Another case".into();
    other.entities[0].summary = "only in two".into();
    import(&mut s, "two", &other);
    assert_eq!(
        comparable(&s.export("one").expect("export")),
        comparable(&doc)
    );
    assert_eq!(
        comparable(&s.export("two").expect("export")),
        comparable(&other)
    );
    let mut map = s.export("one").expect("export");
    map.entities[1].summary = "edited in one".into();
    s.apply("one", &map, ApplyMode::AllOrNothing)
        .expect("apply");
    let two = s.export("two").expect("export");
    assert_ne!(two.entities[1].summary, "edited in one");
    let err = s
        .apply("two", &map, ApplyMode::AllOrNothing)
        .expect_err("a map of case one applied to case two");
    assert_eq!(err.kind, ErrorKind::Map);
    assert_eq!(case_names(&mut s), ["one", "two"]);
}

pub fn each_analyst_has_their_own_positions(location: &str) {
    let mut s = create(location);
    let doc = bundled();
    import(&mut s, "haqqani", &doc);
    let mut other = Store::open(location).expect("open");
    other.set_analyst("someone else");
    let theirs = other.export("haqqani").expect("export");
    assert!(theirs.entities.iter().all(|e| e.position.is_none()));
    let mut moved = theirs.clone();
    moved.entities[0].position = Some(relmap::model::Position::new(12.5, -3.0));
    moved.entities[0].pinned = true;
    other
        .apply("haqqani", &moved, ApplyMode::AllOrNothing)
        .expect("apply");
    let again = other.export("haqqani").expect("export");
    assert_eq!(again.entities[0].position, moved.entities[0].position);
    assert!(again.entities[0].pinned);
    // The importer's positions are as they were.
    assert_eq!(
        comparable(&s.export("haqqani").expect("export")),
        comparable(&doc)
    );
}

pub fn a_missing_case_is_named(location: &str) {
    let mut s = create(location);
    import(&mut s, "haqqani", &bundled());
    let err = s.search("nope", "x", 3).expect_err("no such case");
    assert_eq!(err.kind, ErrorKind::NoCase);
    assert!(err.message.contains("\"nope\""), "{err}");
}

fn stream(
    store: &mut Store,
    case: &str,
    path: &Path,
) -> Result<relmap::store::ImportSummary, relmap::store::StoreError> {
    let mut reader = io::formats::ftm_stream::Reader::open(path).expect("the file opens");
    let meta = Document {
        title: "streamed".into(),
        ..Default::default()
    };
    store.import_items(case, &meta, &mut reader, &mut |_| {})
}

pub fn followthemoney_streams_as_the_file_reads(location: &str) {
    let mut s = create(location);
    let path = root().join("tests/fixtures/formats/ftm_entities.ijson");
    let mut whole = io::formats::open_file(&path)
        .expect("the fixture reads")
        .doc;
    // Reading the whole file also gives its kinds their usual icons; a stream's case keeps the
    // map-level fields it was given before the first item was read.
    whole.styles = Default::default();
    let first = stream(&mut s, "ftm", &path).expect("the stream imports");
    assert_eq!(first.added.entities, whole.entities.len() as u64);
    assert_eq!(first.added.relations, whole.relations.len() as u64);
    let mut back = s.export("ftm").expect("export");
    back.title = whole.title.clone();
    assert_eq!(
        comparable(&back),
        comparable(&whole),
        "streamed and read whole differ"
    );
    let again = stream(&mut s, "ftm", &path).expect("again");
    assert_eq!(again.added.total() + again.updated.total(), 0);
}

pub fn a_bad_line_imports_nothing(location: &str) {
    let mut s = create(location);
    import(&mut s, "kept", &bundled());
    let before = comparable(&s.export("kept").expect("export"));
    let dir = tempfile::tempdir().expect("a temporary directory");
    let good = std::fs::read_to_string(root().join("tests/fixtures/formats/ftm_entities.ijson"))
        .expect("fixture");
    let lines: Vec<&str> = good.lines().collect();
    let broken = format!(
        "{}\n{}\n{{\"id\": \"x\", \"schema\": \"Person\", oops}}\n{}\n",
        lines[0], lines[1], lines[2]
    );
    let path = dir.path().join("broken.ijson");
    std::fs::write(&path, broken).expect("write");
    // The first pass finds the broken line before anything is written.
    let err = io::formats::ftm_stream::Reader::open(&path)
        .err()
        .expect("refused");
    assert!(err.to_string().contains(":3:"), "{err}");
    // A line the reader takes but the map checks refuse stops the import part way, and the
    // import goes back whole: no new case, and the old one as it was.
    let empty_name = format!(
        "{}\n{}\n{{\"id\": \"y\", \"schema\": \"Person\", \"properties\": {{\"name\": [\"   \"]}}}}\n",
        lines[0], lines[1]
    );
    std::fs::write(&path, empty_name).expect("write");
    let err = stream(&mut s, "new case", &path).expect_err("refused");
    assert_eq!(err.kind, ErrorKind::Input, "{err}");
    assert!(err.message.contains("line 3"), "{err}");
    let err = stream(&mut s, "kept", &path).expect_err("refused");
    assert_eq!(err.kind, ErrorKind::Input);
    let names: Vec<String> = s
        .cases()
        .expect("cases")
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, ["kept"], "a failed import left a case behind");
    assert_eq!(comparable(&s.export("kept").expect("export")), before);
}

/// A stream may give an item twice (FollowTheMoney's fragments do): on either engine the
/// later one wins, counted as one added and one updated, and search forgets the earlier name.
/// (PostgreSQL refused such a file once: one statement may not touch a row twice.)
pub fn an_item_given_twice_the_later_wins(location: &str) {
    let mut s = create(location);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("twice.ijson");
    let lines = [
        r#"{"id":"a","schema":"Person","properties":{"name":["Quenby Marlowe"]}}"#,
        r#"{"id":"b","schema":"Company","properties":{"name":["Tarrant Holdings"]}}"#,
        r#"{"id":"a","schema":"Person","properties":{"name":["Ysolde Pritchard"]}}"#,
        r#"{"id":"o","schema":"Ownership","properties":{"owner":["a"],"asset":["b"],"role":["first"]}}"#,
        r#"{"id":"o","schema":"Ownership","properties":{"owner":["a"],"asset":["b"],"role":["second"]}}"#,
    ];
    std::fs::write(&path, lines.join("\n") + "\n").expect("write");
    let first = stream(&mut s, "twice", &path).expect("imports");
    assert_eq!((first.added.entities, first.updated.entities), (2, 1));
    assert_eq!((first.added.relations, first.updated.relations), (1, 1));
    let doc = s.export("twice").expect("export");
    let a = doc
        .entities
        .iter()
        .find(|e| e.id.as_str() == "a")
        .expect("a is there");
    assert_eq!(a.name, "Ysolde Pritchard");
    assert_eq!(doc.relations.len(), 1);
    let found = |s: &mut Store, q: &str| -> Vec<String> {
        s.search("twice", q, 10)
            .expect("search")
            .into_iter()
            .map(|h| h.name)
            .collect()
    };
    assert_eq!(found(&mut s, "Ysolde Pritchard"), ["Ysolde Pritchard"]);
    assert!(
        found(&mut s, "Quenby Marlowe").is_empty(),
        "the earlier name is still found"
    );
    // Read again, nothing is new and the later item still wins.
    let again = stream(&mut s, "twice", &path).expect("imports again");
    assert_eq!(again.added.total(), 0);
    let a = s.export("twice").expect("export");
    assert!(a.entities.iter().any(|e| e.name == "Ysolde Pritchard"));
}

pub fn node_link_streams_as_the_file_reads(location: &str) {
    let mut s = create(location);
    for (i, name) in ["lesmis_node_link.json", "typed_multi_node_link.json"]
        .iter()
        .enumerate()
    {
        let path = root().join("tests/fixtures/formats").join(name);
        assert!(io::formats::nodelink_stream::is_node_link(&path), "{name}");
        let whole = io::formats::open_file(&path)
            .expect("the fixture reads")
            .doc;
        let case = format!("nodelink-{i}");
        let mut reader = io::formats::nodelink_stream::Reader::open(&path).expect("opens");
        let meta = Document {
            title: whole.title.clone(),
            ..Default::default()
        };
        let first = s
            .import_items(&case, &meta, &mut reader, &mut |_| {})
            .expect("the stream imports");
        assert_eq!(first.added.entities, whole.entities.len() as u64, "{name}");
        assert_eq!(
            first.added.relations,
            whole.relations.len() as u64,
            "{name}"
        );
        let mut back = comparable(&s.export(&case).expect("export"));
        let mut want = comparable(&whole);
        // A stream keeps the items, not the graph's own fields.
        back.extra = Default::default();
        want.extra = Default::default();
        back.description = want.description.clone();
        assert_eq!(back, want, "{name}: streamed and read whole differ");
    }
    for name in ["case.json", "ftm_entities.ijson"] {
        let path = if name == "case.json" {
            root().join("assets/haqqani_network.json")
        } else {
            root().join("tests/fixtures/formats").join(name)
        };
        assert!(
            !io::formats::nodelink_stream::is_node_link(&path),
            "{name} is no node-link"
        );
    }
    // A broken file sends its fault, and nothing is imported.
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("broken.json");
    std::fs::write(
        &path,
        r#"{"nodes": [{"id": "a"}, {"id": "b"}], "links": [{"source": "a", "target": "b"}, oops]}"#,
    )
    .expect("write");
    let mut reader = io::formats::nodelink_stream::Reader::open(&path).expect("opens");
    let err = s
        .import_items("broken", &Document::default(), &mut reader, &mut |_| {})
        .expect_err("refused");
    assert_eq!(err.kind, ErrorKind::Input, "{err}");
    assert!(err.message.contains("broken.json:1:"), "{err}");
    assert!(s.cases().expect("cases").iter().all(|c| c.name != "broken"));
}

/// Eight clients edit random entities for `seconds`; afterwards every entity holds the last
/// accepted write to it, its version counts the accepted writes exactly, and every refused
/// write was reported as a conflict.
pub fn eight_clients_edit_at_once(location: &str, seconds: u64) {
    let mut s = create(location);
    let doc = bundled();
    import(&mut s, "haqqani", &doc);
    let ids: Vec<String> = doc
        .entities
        .iter()
        .map(|e| e.id.as_str().to_owned())
        .collect();
    // (entity, version written, summary) for each accepted write; the count refused.
    let accepted = Arc::new(Mutex::new(Vec::<(String, i64, String)>::new()));
    let refused = Arc::new(Mutex::new(0u64));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let threads: Vec<_> = (0..8)
        .map(|client| {
            let (ids, accepted, refused) = (ids.clone(), accepted.clone(), refused.clone());
            let location = location.to_owned();
            std::thread::spawn(move || {
                let mut store = Store::open(&location).expect("a client");
                let mut n = 0u64;
                let mut rng = 0x9e37_79b9_7f4a_7c15u64 ^ client;
                while Instant::now() < deadline {
                    rng ^= rng << 13;
                    rng ^= rng >> 7;
                    rng ^= rng << 17;
                    let id = &ids[(rng % ids.len() as u64) as usize];
                    let taken = store
                        .expand(
                            "haqqani",
                            &ExpandRequest {
                                seeds: vec![id.clone()],
                                hops: 0,
                                ..Default::default()
                            },
                        )
                        .expect("expand");
                    // Sometimes wait, so others write in between.
                    if rng.is_multiple_of(3) {
                        std::thread::sleep(Duration::from_millis(rng % 7));
                    }
                    let mut map = taken.doc;
                    n += 1;
                    let summary = format!("client {client} edit {n}");
                    map.entities[0].summary = summary.clone();
                    let report = store
                        .apply("haqqani", &map, ApplyMode::AllOrNothing)
                        .expect("apply");
                    if report.committed {
                        assert!(report.conflicts.is_empty());
                        let base = relmap::store::Base::of(&report.doc)
                            .expect("base")
                            .expect("ok");
                        let (v, _) = base.items[&("entities", id.clone())].clone();
                        accepted
                            .lock()
                            .expect("lock")
                            .push((id.clone(), v, summary));
                    } else {
                        assert_eq!(report.conflicts.len(), 1, "a refused write is reported");
                        *refused.lock().expect("lock") += 1;
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("a client failed");
    }
    let accepted = accepted.lock().expect("lock").clone();
    let refused = *refused.lock().expect("lock");
    assert!(
        accepted.len() > 20,
        "only {} writes in {seconds} s",
        accepted.len()
    );
    assert!(refused > 0, "no write was refused: the test raced nothing");
    // A serial replay of the accepted writes, in version order, gives the store's state.
    let mut replay: BTreeMap<String, (i64, String)> = BTreeMap::new();
    let mut sorted = accepted.clone();
    sorted.sort();
    for (id, v, summary) in sorted {
        let prev = replay.get(&id).map_or(1, |(pv, _)| *pv);
        assert_eq!(
            v,
            prev + 1,
            "versions of {id} go up by one per accepted write"
        );
        replay.insert(id, (v, summary));
    }
    let now = s.export("haqqani").expect("export");
    let base = relmap::store::Base::of(&now).expect("base").expect("ok");
    for e in &now.entities {
        let id = e.id.as_str();
        match replay.get(id) {
            Some((v, summary)) => {
                assert_eq!(&e.summary, summary, "{id} lost an update");
                assert_eq!(base.items[&("entities", id.to_owned())].0, *v);
            }
            None => {
                let original = doc.entity(id).expect("entity");
                assert_eq!(e.summary, original.summary);
            }
        }
    }
}

/// A path for a SQLite store in `dir`.
pub fn sqlite_in(dir: &Path, name: &str) -> String {
    dir.join(format!("{name}.relmap.db")).display().to_string()
}

/// What tells a watching window that a colleague committed: on PostgreSQL a notification
/// (`LISTEN`/`NOTIFY`) for the case written to, not for another; on SQLite `data_version`,
/// which changes with another connection's commit and not otherwise.
pub fn a_colleagues_commit_is_signalled_and_nothing_else_is(location: &str) {
    use std::sync::mpsc::channel;
    use std::time::{Duration, Instant};
    let mut s = create(location);
    import(&mut s, "watched", &bundled());
    import(&mut s, "other", &bundled());
    let mut colleague = Store::open(location).expect("a second connection");
    colleague.set_analyst("ned");
    let mut edit = |case: &str, name: &str| {
        let mut doc = colleague.export(case).expect("export");
        doc.entities[0].name = name.into();
        let report = colleague
            .apply(case, &doc, ApplyMode::AllOrNothing)
            .expect("apply");
        assert!(report.committed);
    };
    let (poked, pokes) = channel();
    let listening = s
        .listen(
            "watched",
            Box::new(move || {
                let _ = poked.send(());
            }),
        )
        .expect("listen");
    match s.engine_name() {
        "PostgreSQL" => {
            let listening = listening.expect("PostgreSQL listens");
            let start = Instant::now();
            while !listening.live() {
                assert!(start.elapsed() < Duration::from_secs(10), "never listening");
                std::thread::sleep(Duration::from_millis(20));
            }
            // The poke on starting (what came while no one listened) is not this test's.
            std::thread::sleep(Duration::from_millis(100));
            while pokes.try_recv().is_ok() {}
            edit("watched", "First edit");
            // It comes in milliseconds; the bound is loose for a loaded machine. Only the
            // listener pokes here, so no timer can pass this for it.
            pokes
                .recv_timeout(Duration::from_secs(3))
                .expect("a poke soon after the commit");
            edit("other", "Elsewhere");
            assert!(
                pokes.recv_timeout(Duration::from_millis(700)).is_err(),
                "another case's commit does not poke"
            );
            drop(listening);
        }
        _ => {
            assert!(listening.is_none(), "SQLite has no listener");
            assert!(s.may_have_changed().expect("data_version"), "first look");
            assert!(
                !s.may_have_changed().expect("data_version"),
                "nothing since"
            );
            edit("watched", "First edit");
            assert!(
                s.may_have_changed().expect("data_version"),
                "a commit since"
            );
            assert!(
                !s.may_have_changed().expect("data_version"),
                "nothing since"
            );
        }
    }
}

/// A hub with 2 500 neighbours, 250 relations among them, and one more neighbour each for
/// 2 200 of them; half the hub's relations carry two claims citing seven sources between
/// them. Expansions read thousands of ids in one statement here, where the bundled map's
/// read a few.
pub fn wide_case() -> Document {
    let mut entities = vec![serde_json::json!({"id": "hub", "name": "The Hub", "kind": "person"})];
    let mut relations = Vec::new();
    let sources: Vec<serde_json::Value> = (0..7)
        .map(|k| serde_json::json!({"id": format!("s{k}"), "title": format!("Report {k}")}))
        .collect();
    for i in 0..2500 {
        let kind = if i % 2 == 0 { "person" } else { "organisation" };
        entities.push(
            serde_json::json!({"id": format!("n{i}"), "name": format!("Near {i}"), "kind": kind}),
        );
        let mut r = serde_json::json!({"id": format!("h{i}"), "from": "hub", "to": format!("n{i}"), "kind": "knows"});
        if i % 2 == 0 {
            r["claims"] = serde_json::json!([
                {"source": format!("s{}", i % 7), "stance": "asserts", "quote": format!("hub knows {i}")},
                {"source": "s0", "stance": "denies", "claimant": "hub"}
            ]);
        }
        relations.push(r);
        if i < 250 {
            relations.push(serde_json::json!({"id": format!("r{i}"), "from": format!("n{i}"), "to": format!("n{}", i + 1), "kind": "allied"}));
        }
        if i < 2200 {
            let kind = if i % 3 == 0 { "organisation" } else { "person" };
            entities.push(serde_json::json!({"id": format!("o{i}"), "name": format!("Far {i}"), "kind": kind}));
            relations.push(serde_json::json!({"id": format!("f{i}"), "from": format!("n{i}"), "to": format!("o{i}"), "kind": "owns"}));
        }
    }
    let map = serde_json::json!({
        "format": "relmap", "version": 2, "title": "wide",
        "sources": sources, "entities": entities, "relations": relations
    });
    io::parse_bytes(map.to_string().as_bytes(), "the wide case").expect("the wide case is a map")
}

/// One hop from the hub of [`wide_case`] returns every row around it, each as imported, and
/// counts what is left out; two hops return the whole case.
pub fn check_wide_expansion(s: &mut Store, doc: &Document) {
    let mut around_hub = |hops| {
        let request = ExpandRequest {
            seeds: vec!["hub".into()],
            hops,
            kinds: Vec::new(),
            limit: 100_000,
        };
        s.expand("wide", &request).expect("expand")
    };
    let one = around_hub(1);
    assert_eq!(one.doc.entities.len(), 2501);
    let near: BTreeSet<&str> = one.doc.entities.iter().map(|e| e.id.as_str()).collect();
    let want: Vec<&Relation> = doc
        .relations
        .iter()
        .filter(|r| near.contains(r.from.as_str()) && near.contains(r.to.as_str()))
        .collect();
    assert_eq!(want.len(), 2750);
    let got: BTreeMap<&str, &Relation> = one
        .doc
        .relations
        .iter()
        .map(|r| (r.id.as_str(), r))
        .collect();
    assert_eq!(got.len(), want.len());
    for r in want {
        assert_eq!(got.get(r.id.as_str()), Some(&r), "relation {}", r.id);
    }
    let claims: usize = one.doc.relations.iter().map(|r| r.claims.len()).sum();
    assert_eq!(claims, 2500);
    assert_eq!(one.doc.sources.len(), 7);
    for i in 0..2500 {
        let got = one
            .left_out
            .get(&format!("n{i}"))
            .cloned()
            .unwrap_or_default();
        let want: BTreeMap<String, u64> = match i {
            i if i >= 2200 => BTreeMap::new(),
            i if i % 3 == 0 => [("organisation".to_owned(), 1)].into(),
            _ => [("person".to_owned(), 1)].into(),
        };
        assert_eq!(got, want, "left out around n{i}");
    }
    assert!(!one.left_out.contains_key("hub"));
    let all = around_hub(2);
    assert_eq!(comparable(&all.doc).relations, comparable(doc).relations);
    assert_eq!(all.doc.entities.len(), doc.entities.len());
    assert!(
        all.left_out.is_empty(),
        "{:?}",
        all.left_out.first_key_value()
    );
}

pub fn a_wide_expansion_reads_every_row(location: &str) {
    let mut s = create(location);
    let doc = wide_case();
    import(&mut s, "wide", &doc);
    check_wide_expansion(&mut s, &doc);
}

/// The file is read on a thread of its own while the store writes; a reader that dies after
/// 12 000 items (more than two batches written) leaves the store as it was, and says so.
pub fn a_reader_that_fails_midway_imports_nothing(location: &str) {
    let mut s = create(location);
    import(&mut s, "kept", &bundled());
    let mut n = 0;
    let mut items = std::iter::from_fn(|| {
        n += 1;
        assert!(n <= 12_000, "the reader fails");
        let e = entity(&format!("e{n}"), &format!("Name {n}"));
        Some(Ok(relmap::model::Item::Entity(e)))
    });
    let err = s
        .import_items("broken", &Document::default(), &mut items, &mut |_| {})
        .expect_err("a reader that dies imports nothing");
    assert!(err.message.contains("stopped before its end"), "{err}");
    assert_eq!(case_names(&mut s), ["kept"]);
}

/// The names of the store's cases.
fn case_names(s: &mut Store) -> Vec<String> {
    s.cases()
        .expect("cases")
        .into_iter()
        .map(|c| c.name)
        .collect()
}
