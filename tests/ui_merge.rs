//! A map a merge left conflicts in, in the window: the conflicts window opens with it, a click
//! settles one (one step of Undo), and Save says how many remain.
#![cfg(feature = "ui")]

mod common;

use common::*;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

#[test]
fn the_conflicts_of_a_merged_map_are_shown_and_settled_one_click_each() {
    let base = relmap::io::bundled_map().unwrap();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.entities[0].summary = "Ours.".into();
    theirs.entities[0].summary = "Theirs.".into();
    ours.entities[1].summary = "Ours too.".into();
    theirs.entities[1].summary = "Theirs too.".into();
    let merged = relmap::compare::merge::merge(&base, &ours, &theirs).doc;
    assert_eq!(merged.conflicts.len(), 2);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("merged.json");
    relmap::io::save_file(&merged, &path).unwrap();

    let mut h = open_file(&path);
    assert!(
        h.query_by_label("Merge conflicts (2)").is_some(),
        "it opens by itself"
    );
    h.get_all_by_label("Theirs").next().unwrap().click();
    h.run();
    let doc = h.state().document();
    assert_eq!(doc.entities[0].summary, "Theirs.");
    // The other is typed: Edit… begins from ours.
    h.get_by_label("Edit…").click();
    h.run();
    let field = h.get_by_role(egui::accesskit::Role::MultilineTextInput);
    field.click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role(egui::accesskit::Role::MultilineTextInput)
        .type_text("Both were wrong.");
    h.run();
    h.get_by_label("Set").click();
    h.run();
    assert_eq!(h.state().document().entities[1].summary, "Both were wrong.");
    assert!(h.state().document().conflicts.is_empty());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    let doc = h.state().document();
    assert_eq!(doc.conflicts.len(), 1);
    let label = h.state().undo_label().unwrap().to_owned();
    assert!(label.starts_with("Settle entity"), "{label}");

    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(
        h.state().status().contains("1 merge conflict(s) remain"),
        "{}",
        h.state().status()
    );
    let saved = relmap::io::load_file(&path).unwrap();
    assert_eq!(
        saved.conflicts.len(),
        1,
        "what remains is saved with the map"
    );
}

#[test]
fn another_version_is_reviewed_then_merged_in_one_step() {
    use relmap::ui::Startup;
    let base = relmap::io::bundled_map().unwrap();
    let mut theirs = base.clone();
    theirs.entities[0].summary = "Theirs.".into();
    theirs.entities.push(new_one());
    let (_dir, path) = saved(&theirs);

    let mut h = harness(Startup::Bundled);
    let bytes = relmap::io::to_json_string(h.state().document());
    h.state_mut().merge_map_from(&path);
    h.run();
    assert!(
        h.query_by_label_contains("It adds 1, removes 0 and changes 0; 1 conflict(s) to settle")
            .is_some()
    );
    h.get_by_label("Merge").click();
    h.run();
    let doc = h.state().document();
    assert!(doc.entity("new-one").is_some());
    assert_eq!(
        doc.entities[0].summary, base.entities[0].summary,
        "ours until settled"
    );
    assert_eq!(doc.conflicts.len(), 1);
    assert!(h.query_by_label("Merge conflicts (1)").is_some());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(relmap::io::to_json_string(h.state().document()), bytes);
}

#[test]
fn the_review_refuses_a_change_and_a_match_and_settles_a_conflict_before_merging() {
    use relmap::ui::Startup;
    let base = relmap::io::bundled_map().unwrap();
    let mut theirs = base.clone();
    theirs.entities[0].summary = "Theirs.".into();
    theirs.entities[2].summary = "Theirs, on another.".into();
    theirs.entities.push(new_one());
    let to_new: relmap::model::Relation = serde_json::from_value(serde_json::json!({
        "id": "to-new", "from": "new-one", "to": base.entities[1].id.as_str(), "kind": "ally"
    }))
    .unwrap();
    theirs.relations.push(to_new);
    // Built apart: their own id for a person we hold (and not ours).
    let ours_name = base.entities[3].name.clone();
    let ours_id = base.entities[3].id.clone();
    theirs.entities.retain(|e| e.id != ours_id);
    theirs
        .relations
        .retain(|r| r.from != ours_id && r.to != ours_id);
    theirs.entities.push(relmap::model::Entity::new(
        relmap::model::EntityId::new("their-id"),
        ours_name.to_uppercase(),
        base.entities[3].kind.clone(),
    ));
    let (_dir, path) = saved(&theirs);

    let mut h = harness(Startup::Bundled);
    h.state_mut().merge_map_from(&path);
    h.run();
    assert!(
        h.query_by_label_contains("Matched under other ids (1)")
            .is_some()
    );
    // Without a base ours stays until settled: their summaries and their spelling of the
    // matched name are conflicts.
    assert!(
        h.query_by_label_contains("It adds 2, removes 0 and changes 0; 3 conflict(s)")
            .is_some()
    );

    // Refuse the new entity, then the match: their person comes in as an entity of its own.
    h.get_by_label("+ entity New One").click();
    h.run();
    assert!(
        h.query_by_label_contains("It adds 0, removes 0 and changes 0; 3")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("(not in the result: it needs a refused change)")
            .is_some(),
        "its relation goes with it"
    );
    h.get_by_label_contains(&format!("is our \"{ours_name}\""))
        .click();
    h.run();
    assert!(
        h.query_by_label_contains("It adds 1, removes 0 and changes 0; 2")
            .is_some()
    );
    // Settle the first conflict now, with their value; leave the other for later.
    let first = format!("entity \"{}\": summary", base.entities[0].id);
    assert!(h.query_by_label(&first).is_some());
    h.get_all_by_label("Theirs").next().unwrap().click();
    h.run();
    assert!(
        h.query_by_label_contains("changes 1; 1 conflict(s) to settle")
            .is_some()
    );

    h.get_by_label("Merge").click();
    h.run();
    let doc = h.state().document();
    assert!(doc.entity("new-one").is_none(), "refused");
    assert!(doc.entity("their-id").is_some(), "the match was refused");
    assert_eq!(doc.entities[0].summary, "Theirs.", "settled in the review");
    assert_eq!(
        doc.entities[2].summary, base.entities[2].summary,
        "ours until settled"
    );
    assert_eq!(doc.conflicts.len(), 1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        h.state().document().entities.len(),
        base.entities.len(),
        "one step of Undo"
    );
}

#[test]
fn a_large_merge_is_reviewed_on_a_worker_and_merges_only_when_current() {
    use relmap::ui::Startup;
    let base = relmap::io::bundled_map().unwrap();
    let mut theirs = base.clone();
    theirs.entities.push(new_one());
    let (_dir, path) = saved(&theirs);

    let mut h = harness(Startup::Bundled);
    h.state_mut().merge_map_from(&path);
    h.state_mut().merge_review_worker_above(0);
    let settled = |h: &egui_kittest::Harness<'static, relmap::ui::RelmapApp>| {
        h.query_by_label_contains("It adds 1, removes 0").is_some()
    };
    for _ in 0..300 {
        h.step();
        if settled(&h) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(settled(&h));
    // A refusal is merged again on the worker; the last review stays shown meanwhile.
    h.get_by_label("+ entity New One").click();
    for _ in 0..300 {
        h.step();
        if h.query_by_label_contains("It adds 0, removes 0").is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    h.run();
    h.get_by_label("Merge").click();
    h.run();
    assert!(h.state().document().entity("new-one").is_none());
}

/// The entity their version adds.
fn new_one() -> relmap::model::Entity {
    relmap::model::Entity::new(relmap::model::EntityId::new("new-one"), "New One", "person")
}

/// `theirs` saved in a temporary directory (kept while the directory lives).
fn saved(theirs: &relmap::model::Document) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("theirs.json");
    relmap::io::save_file(theirs, &path).unwrap();
    (dir, path)
}
