//! Maps built apart, matched before they are merged (`compare::matching`): each rule in its
//! order, one to one, and the merge review's decisions (`compare::review`): refused matches
//! and changes, conflicts settled before the merge.

use relmap::compare::Kind;
use relmap::compare::matching::{self, Rule};
use relmap::compare::resolve::Choice;
use relmap::compare::review::{self, Decisions};
use relmap::model::{AttrValue, Document, Entity, EntityId, Relation, Source, SourceId};

/// Our map: the bundled one, with a STIX id on the Taliban.
fn ours() -> Document {
    let mut doc = relmap::io::bundled_map().unwrap();
    let taliban = doc
        .entities
        .iter_mut()
        .find(|e| e.id.as_str() == "taliban")
        .unwrap();
    taliban
        .attributes
        .insert("stix_id".into(), AttrValue::text("intrusion-set--7"));
    doc
}

/// Their map, built apart: the same people under their own ids and spellings, one new
/// person, and their own source on a relation we hold too.
fn theirs() -> Document {
    let mut doc = Document {
        title: "Their map".into(),
        ..Document::default()
    };
    let mut source = Source::new(SourceId::new("their-article"), "Another article");
    source.url = Some("https://example.org/a".into());
    doc.sources.push(source);
    let person = |id: &str, name: &str| Entity::new(EntityId::new(id), name, "person");
    doc.entities.push(person("t-anas", "ANAS  HAQQANI"));
    doc.entities.push(person("t-jalal", "Jalāluddin Haqqani"));
    doc.entities.push(person("t-laden", "bin Laden"));
    let mut taliban = Entity::new(
        EntityId::new("t-taliban"),
        "The Taliban movement",
        "Organization",
    );
    taliban
        .attributes
        .insert("STIX id".into(), AttrValue::text("intrusion-set--7"));
    doc.entities.push(taliban);
    doc.entities.push(person("t-new", "Sardar"));
    let r: Relation = serde_json::from_value(serde_json::json!({
        "id": "t-r1", "from": "t-anas", "to": "t-jalal", "kind": "child of", "directed": true,
        "claims": [{"source": "their-article", "stance": "asserts",
                    "quote": "Anas is a son of Jalaluddin."}]
    }))
    .unwrap();
    doc.relations.push(r);
    doc
}

#[test]
fn each_rule_matches_in_its_order_and_says_which() {
    let (ours, theirs) = (ours(), theirs());
    let matches = matching::matches(&ours, &theirs);
    let rule_of = |t: &str| {
        matches
            .iter()
            .find(|m| m.theirs == t)
            .map(|m| (m.ours.clone(), m.rule.clone()))
    };
    assert_eq!(
        rule_of("t-anas"),
        Some(("anas-haqqani".into(), Rule::NameAndKind))
    );
    assert_eq!(
        rule_of("t-jalal"),
        Some(("jalaluddin-haqqani".into(), Rule::NameAndKind)),
        "accents do not count"
    );
    assert_eq!(
        rule_of("t-laden"),
        Some((
            "osama-bin-laden".into(),
            Rule::Alias {
                alias: "bin Laden".into()
            }
        ))
    );
    assert!(matches!(
        rule_of("t-taliban"),
        Some((id, Rule::ExternalId { value, .. })) if id == "taliban" && value == "intrusion-set--7"
    ));
    assert_eq!(rule_of("t-new"), None);
    assert_eq!(
        rule_of("t-r1"),
        Some(("anas-child-of-jalaluddin".into(), Rule::EndsAndKind))
    );
}

#[test]
fn a_name_two_of_ours_share_matches_neither() {
    let mut ours = ours();
    let mut twin = ours.entities[0].clone();
    twin.id = EntityId::new("twin");
    ours.entities.push(twin);
    let mut theirs = Document::default();
    theirs.entities.push(Entity::new(
        EntityId::new("t"),
        &ours.entities[0].name,
        &ours.entities[0].kind,
    ));
    assert!(matching::matches(&ours, &theirs).is_empty());
}

#[test]
fn matched_maps_merge_into_one_entity_each_and_both_sides_claims_on_one_relation() {
    let (ours, theirs) = (ours(), theirs());
    let decisions = Decisions {
        matching: true,
        ..Decisions::default()
    };
    let reviewed = review::review(None, &ours, &theirs, &decisions);
    let doc = &reviewed.merged;
    assert_eq!(
        doc.entities.len(),
        ours.entities.len() + 1,
        "only Sardar is new"
    );
    assert!(doc.entity("t-new").is_some());
    assert!(doc.entity("t-anas").is_none());
    let r = doc.relation("anas-child-of-jalaluddin").unwrap();
    assert_eq!(r.claims.len(), 2, "our claim and theirs");
    assert!(doc.source("their-article").is_some());
    assert!(doc.relation("t-r1").is_none());
    relmap::io::parse_bytes(relmap::io::to_json_string(doc).as_bytes(), "merged").unwrap();

    // Refusing a match brings their entity in as an entity of its own.
    let mut refusing = decisions.clone();
    refusing
        .refused_matches
        .insert((Kind::Entity, "t-laden".into()));
    let doc = review::review(None, &ours, &theirs, &refusing).merged;
    assert!(doc.entity("t-laden").is_some());
    assert_eq!(doc.entities.len(), ours.entities.len() + 2);
}

#[test]
fn refused_changes_stay_as_ours_and_what_needs_them_goes_with_them() {
    let (ours, theirs) = (ours(), theirs());
    let mut decisions = Decisions {
        matching: true,
        ..Decisions::default()
    };
    let offered = review::review(None, &ours, &theirs, &decisions).offered;
    assert!(
        offered
            .iter()
            .any(|c| c.kind == Kind::Entity && c.id == "t-new")
    );
    assert!(
        offered
            .iter()
            .any(|c| c.kind == Kind::Relation && c.id == "anas-child-of-jalaluddin")
    );
    decisions
        .refused
        .insert((Kind::Relation, "anas-child-of-jalaluddin".into()));
    decisions.refused.insert((Kind::Entity, "t-new".into()));
    let reviewed = review::review(None, &ours, &theirs, &decisions);
    let doc = &reviewed.merged;
    assert!(doc.entity("t-new").is_none());
    assert_eq!(
        doc.relation("anas-child-of-jalaluddin"),
        ours.relation("anas-child-of-jalaluddin")
    );
    assert!(
        !reviewed
            .changes
            .iter()
            .any(|c| c.id == "t-new" || c.id == "anas-child-of-jalaluddin")
    );
}

#[test]
fn a_conflict_settled_in_the_review_leaves_no_conflict() {
    let base = relmap::io::bundled_map().unwrap();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.entities[0].summary = "Ours.".into();
    theirs.entities[0].summary = "Theirs.".into();
    let id = base.entities[0].id.to_string();
    let mut decisions = Decisions::default();
    let reviewed = review::review(Some(&base), &ours, &theirs, &decisions);
    assert_eq!(reviewed.new_conflicts.len(), 1);
    decisions.settled.insert(
        ("entity".into(), id.clone(), "summary".into()),
        Choice::Theirs,
    );
    let reviewed = review::review(Some(&base), &ours, &theirs, &decisions);
    assert_eq!(
        reviewed.new_conflicts.len(),
        1,
        "still listed, to change one's mind"
    );
    assert!(reviewed.merged.conflicts.is_empty());
    assert_eq!(reviewed.merged.entity(&id).unwrap().summary, "Theirs.");
}

#[test]
fn the_command_line_lists_matches_and_merges_two_maps_built_apart() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, out) = (
        dir.path().join("ours.json"),
        dir.path().join("theirs.json"),
        dir.path().join("merged.json"),
    );
    relmap::io::save_file(&ours(), &a).unwrap();
    relmap::io::save_file(&theirs(), &b).unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_relmap"))
            .args(args)
            .output()
            .unwrap()
    };
    let (a, b, out) = (
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        out.to_str().unwrap(),
    );

    let listed = run(&["match", a, b]);
    let said = String::from_utf8_lossy(&listed.stdout);
    assert!(
        said.contains(
            "= entity t-anas \"ANAS  HAQQANI\" is anas-haqqani \"Anas Haqqani\" (same name and kind)"
        ),
        "{said}"
    );
    assert!(said.contains("(alias \"bin Laden\")"), "{said}");
    let json = run(&["match", a, b, "--json"]);
    let matches: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(matches[0]["rule"], "external-id");

    // Without --match their people come in beside ours; with it, only Sardar is new.
    let merged = run(&["merge", a, b, "-o", out]);
    assert_eq!(
        merged.status.code(),
        Some(1),
        "a merge without base leaves conflicts"
    );
    let apart = relmap::io::load_file(std::path::Path::new(out)).unwrap();
    assert_eq!(apart.entities.len(), ours().entities.len() + 5);
    let merged = run(&[
        "merge",
        a,
        b,
        "-o",
        out,
        "--match",
        "--refuse-match",
        "t-laden",
    ]);
    let said = String::from_utf8_lossy(&merged.stdout);
    assert!(said.contains("t-anas"), "{said}");
    assert!(
        !said.contains("t-laden"),
        "a refused match is not listed: {said}"
    );
    let matched = relmap::io::load_file(std::path::Path::new(out)).unwrap();
    assert_eq!(matched.entities.len(), ours().entities.len() + 2);
    assert_eq!(
        matched
            .relation("anas-child-of-jalaluddin")
            .unwrap()
            .claims
            .len(),
        2
    );

    let diff = run(&["diff", a, b, "--match", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&diff.stdout).unwrap();
    assert!(value["matches"].as_array().is_some_and(|m| m.len() >= 5));
    assert!(
        value["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == "anas-child-of-jalaluddin" && c["what"]["change"] == "changed")
    );
}

#[test]
fn identifier_attributes_are_told_by_their_last_word() {
    for key in [
        "stix_id",
        "ftm id",
        "aleph-id",
        "stixId",
        "wikidata",
        "registrationNumber",
        "LEI",
    ] {
        assert!(matching::is_identifier(key), "{key}");
    }
    for key in ["paid", "valid", "id", "Druid", "nationality"] {
        assert!(!matching::is_identifier(key), "{key}");
    }
}
