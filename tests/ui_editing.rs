//! Editing through the real UI: every path a user takes to change a map, each undoable.
#![cfg(feature = "ui")]

mod common;

use common::*;
use egui::{Key, Modifiers, Vec2};
use egui_kittest::kittest::{NodeT, Queryable};
use relmap::io::{self, recovery::RecoveryStore};
use relmap::model::{EntityId, RelationId, Stance};
use relmap::ui::Startup;
use relmap::ui::commands::Selection;

type H = egui_kittest::Harness<'static, relmap::ui::RelmapApp>;

/// Types `text` into the focused field and presses Enter, which ends the edit.
fn type_and_enter(h: &mut H, text: &str) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.event(egui::Event::Text(text.to_owned()));
    h.run();
    h.key_press(Key::Enter);
    h.run();
}

fn add_entity_named(h: &mut H, name: &str) -> EntityId {
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    h.get_by_label("New entity");
    type_and_enter(h, name);
    match h.state().selection() {
        Selection::Entity(id) => id.clone(),
        other => panic!("the new entity is not selected: {other:?}"),
    }
}

#[test]
fn a_map_can_be_built_from_an_empty_document_with_mouse_and_keyboard() {
    let mut h = harness(Startup::Empty);
    assert!(h.state().document().entities.is_empty());

    // Double-click the empty canvas, name the entity.
    let center = h
        .state()
        .canvas_view()
        .expect("the empty canvas has a view")
        .rect
        .center();
    h.hover_at(center);
    h.run();
    for _ in 0..2 {
        press(&mut h, center, true);
        press(&mut h, center, false);
    }
    h.run();
    h.get_by_label("New entity");
    type_and_enter(&mut h, "Anas Haqqani");
    let anas = EntityId::new("anas-haqqani");
    assert_eq!(h.state().selection(), &Selection::Entity(anas.clone()));
    assert_eq!(
        h.state().document().entity("anas-haqqani").unwrap().name,
        "Anas Haqqani"
    );

    let father = add_entity_named(&mut h, "Jalaluddin Haqqani");
    assert_eq!(father.as_str(), "jalaluddin-haqqani");

    // Select both (the list, Shift+click), connect, set the kind.
    click_label(&mut h, "Anas Haqqani");
    click_with(&mut h, "Jalaluddin Haqqani", Modifiers::SHIFT);
    assert_eq!(
        h.state().selection(),
        &Selection::Entities(vec![anas.clone(), father.clone()])
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    h.run();
    let Selection::Relation(rel) = h.state().selection().clone() else {
        panic!("the new relation is selected")
    };
    let r = h.state().document().relation(rel.as_str()).unwrap();
    assert_eq!(
        (r.from.as_str(), r.to.as_str()),
        ("anas-haqqani", "jalaluddin-haqqani")
    );

    h.get_by_label("Choose").click();
    h.run();
    h.get_by_label("child of").click();
    h.run();
    assert_eq!(
        h.state().document().relation(rel.as_str()).unwrap().kind,
        "child of"
    );

    // A source, and a claim citing it.
    h.get_by_label("+ Source").click();
    h.run();
    assert!(matches!(h.state().selection(), Selection::Source(_)));
    h.get_by_label("Title").focus();
    h.run();
    type_and_enter(&mut h, "Haqqani leader says 'we are the Taliban'");
    assert_eq!(
        h.state().document().sources[0].title,
        "Haqqani leader says 'we are the Taliban'"
    );
    assert_eq!(
        h.state().document().sources[0].id.as_str(),
        "new-source",
        "ids stay stable on rename"
    );

    h.state_mut()
        .apply(relmap::ui::commands::Action::Select(Selection::Relation(
            rel.clone(),
        )));
    h.run();
    h.get_by_label("+ Add claim").click();
    h.run();
    h.get_by_label("Quote").focus();
    h.event(egui::Event::Text(
        "He is the son of Jalaluddin Haqqani".into(),
    ));
    h.run();
    h.get_by_label("Done").click();
    h.run();
    let claims = &h.state().document().relation(rel.as_str()).unwrap().claims;
    assert_eq!(claims.len(), 1);
    assert_eq!(claims[0].quote, "He is the son of Jalaluddin Haqqani");
    assert!(relmap::model::validate(h.state().document()).is_empty());

    // Every step can be undone, back to the empty map.
    while h.state().document() != &relmap::model::Document::default() {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        h.run();
        if !h.state().is_dirty() {
            break;
        }
    }
    assert!(h.state().document().entities.is_empty());
    assert!(!h.state().is_dirty());
}

#[test]
fn renaming_in_the_inspector_is_one_step_named_in_the_edit_menu() {
    let mut h = harness(Startup::Bundled);
    click_label(&mut h, "Anas Haqqani");
    h.get_by_label("Name").focus();
    h.run();
    type_and_enter(&mut h, "Anas Haqqani (Newsline)");
    assert_eq!(
        h.state().document().entity("anas-haqqani").unwrap().name,
        "Anas Haqqani (Newsline)"
    );
    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label_contains("Undo Rename Anas Haqqani");
    h.key_press(Key::Escape);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        h.state().document().entity("anas-haqqani").unwrap().name,
        "Anas Haqqani"
    );
    assert!(!h.state().is_dirty());
}

#[test]
fn alt_drag_from_one_entity_to_another_connects_them() {
    let mut h = harness(Startup::Bundled);
    let before = h.state().document().relations.len();
    let from = entity_pos(&h, "john-kirby");
    let to = entity_pos(&h, "ned-price");
    let kirby_before = position_of(&h, "john-kirby");
    drag_with(&mut h, from, to, Modifiers::ALT);
    let doc = h.state().document();
    assert_eq!(doc.relations.len(), before + 1);
    let r = doc.relations.last().unwrap();
    assert_eq!(
        (r.from.as_str(), r.to.as_str()),
        ("john-kirby", "ned-price")
    );
    assert_eq!(h.state().selection(), &Selection::Relation(r.id.clone()));
    assert_eq!(
        position_of(&h, "john-kirby"),
        kirby_before,
        "the entity did not move"
    );
}

#[test]
fn connect_mode_makes_a_plain_drag_connect() {
    let mut h = harness(Startup::Bundled);
    let before = h.state().document().relations.len();
    h.get_by_label("Connect mode").click();
    h.run();
    let (from, to) = (entity_pos(&h, "qatar"), entity_pos(&h, "doha"));
    let start = position_of(&h, "qatar");
    drag(&mut h, from, to);
    assert_eq!(h.state().document().relations.len(), before + 1);
    assert_eq!(
        position_of(&h, "qatar"),
        start,
        "in connect mode a drag does not move"
    );
}

#[test]
fn deleting_an_entity_deletes_its_relations_and_undo_brings_all_back() {
    let mut h = harness(Startup::Bundled);
    let original = h.state().document().clone();
    click_label(&mut h, "Taliban");
    h.key_press(Key::Delete);
    h.run();
    let doc = h.state().document();
    assert!(doc.entity("taliban").is_none());
    assert!(
        doc.relations
            .iter()
            .all(|r| r.from.as_str() != "taliban" && r.to.as_str() != "taliban")
    );
    assert!(doc.relations.len() < original.relations.len());
    assert_eq!(h.state().selection(), &Selection::None);

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().document(), &original);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    assert!(h.state().document().entity("taliban").is_none());
}

#[test]
fn merging_two_entities_moves_relations_and_claims_in_one_step() {
    let mut h = harness(Startup::Bundled);
    let dup = add_entity_named(&mut h, "State");
    h.key_press(Key::Escape);
    h.run();
    let state_dept = EntityId::new("us-state-department");
    // Select the original, then the duplicate.
    click_label(&mut h, "US State Department");
    click_with(&mut h, "State", Modifiers::COMMAND);
    assert_eq!(
        h.state().selection(),
        &Selection::Entities(vec![state_dept.clone(), dup.clone()])
    );
    let before = h.state().document().clone();
    h.get_by_label("Merge State into US State Department")
        .click();
    h.run();
    let doc = h.state().document();
    assert!(doc.entity(dup.as_str()).is_none());
    assert_eq!(
        doc.entity("us-state-department").unwrap().aliases,
        ["State Department", "State"]
    );
    assert_eq!(h.state().selection(), &Selection::Entity(state_dept));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().document(), &before, "one undo undoes the merge");
}

#[test]
fn box_select_then_drag_moves_the_whole_set_as_one_step() {
    let mut h = harness(Startup::Bundled);
    let qatar = entity_pos(&h, "qatar");
    let doha = entity_pos(&h, "doha");
    let corner_a = qatar.min(doha) - Vec2::splat(15.0);
    let corner_b = qatar.max(doha) + Vec2::splat(15.0);
    drag_with(&mut h, corner_a, corner_b, Modifiers::SHIFT);
    let selected = h.state().selection().entities();
    assert!(
        selected.contains(&EntityId::new("qatar")) && selected.contains(&EntityId::new("doha")),
        "{selected:?}"
    );

    let (q0, d0) = (
        position_of(&h, "qatar").unwrap(),
        position_of(&h, "doha").unwrap(),
    );
    drag(&mut h, qatar, qatar + Vec2::new(60.0, 40.0));
    let (q1, d1) = (
        position_of(&h, "qatar").unwrap(),
        position_of(&h, "doha").unwrap(),
    );
    assert!((q1.x - q0.x).abs() > 10.0, "qatar moved");
    assert!(
        ((q1.x - q0.x) - (d1.x - d0.x)).abs() < 0.05,
        "both moved by the same amount"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        (
            position_of(&h, "qatar").unwrap(),
            position_of(&h, "doha").unwrap()
        ),
        (q0, d0)
    );
}

#[test]
fn a_claims_stance_is_edited_and_a_cited_source_cannot_vanish() {
    let mut h = harness(Startup::Bundled);
    let id = RelationId::new("khalil-kabul-security");
    h.state_mut()
        .apply(relmap::ui::commands::Action::Select(Selection::Relation(
            id.clone(),
        )));
    h.run();
    h.get_by_label("✏ Edit").click();
    h.run();
    h.get_by_label("denies").click();
    h.run();
    assert_eq!(
        h.state().document().relation(id.as_str()).unwrap().claims[0].stance,
        Stance::Denies
    );

    // The source is cited by every claim: its Delete is disabled, and the command refuses.
    let source = h.state().document().sources[0].id.clone();
    h.state_mut()
        .apply(relmap::ui::commands::Action::Select(Selection::Source(
            source,
        )));
    h.run();
    assert!(
        h.get_by_label("Delete source")
            .accesskit_node()
            .is_disabled()
    );
    h.get_by_label_contains("Cited by 88 claim(s)");
    h.key_press(Key::Delete);
    h.run();
    let message = h
        .state()
        .error_message()
        .expect("the refusal is explained")
        .to_owned();
    assert!(message.contains("still cited by 88 claim(s)"), "{message}");
    assert_eq!(h.state().document().sources.len(), 1);
}

#[test]
fn the_unsaved_prompts_save_answer_saves_then_continues() {
    let (_dir, path) = bundled_copy();
    let mut h = open_file(&path);
    let from = entity_pos(&h, "doha");
    drag(&mut h, from, from + Vec2::new(40.0, 40.0));
    let edited = h.state().document().clone();
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    h.get_by_label("Save").click();
    h.run();
    assert_eq!(io::load_file(&path).unwrap(), edited, "saved first");
    assert!(h.state().document().entities.is_empty(), "then the new map");
}

#[test]
fn unsaved_work_is_offered_back_after_a_crash() {
    let config = tempfile::tempdir().unwrap();
    let store = RecoveryStore::new(config.path().join("recovery"));
    let (_dir, path) = bundled_copy();
    let doc = io::load_file(&path).unwrap();
    let start = || Startup::File {
        path: path.clone(),
        doc: Box::new(doc.clone()),
    };

    let mut h = harness_of(
        app(start())
            .with_recovery(store.clone())
            .with_recovery_interval(1.0),
    );
    let from = entity_pos(&h, "kevin-king");
    drag(&mut h, from, from + Vec2::new(-50.0, 30.0));
    click_label(&mut h, "Kevin King");
    h.key_press(Key::Delete);
    h.run();
    h.run_steps(30); // 1.5 s of frames: the copy is due after one.
    h.state().flush_recovery();
    let edited = h.state().document().clone();
    let slot = h.state().recovery_slot_dir().unwrap().to_owned();
    assert!(
        slot.join("map.json").is_file(),
        "a recovery copy is written while changes are unsaved"
    );
    assert_ne!(
        io::load_file(&path).unwrap(),
        edited,
        "the user's file is untouched"
    );

    // A second window starting while this one lives offers nothing: the copy is live work.
    let second = harness_of(app(start()).with_recovery(store.clone()));
    assert!(!second.state().recovery_offered());
    drop(second);
    assert!(slot.join("map.json").is_file(), "and leaves it alone");
    drop(h); // The crash: no save, no discard, no quit.

    let mut h = harness_of(app(start()).with_recovery(store.clone()));
    assert!(h.state().recovery_offered());
    h.get_by_label("Restore unsaved changes?");
    h.get_by_label("Restore").click();
    h.run();
    assert_eq!(h.state().document(), &edited);
    assert!(h.state().is_dirty(), "restored work is unsaved until saved");
    assert_eq!(h.state().path(), Some(path.as_path()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert_eq!(io::load_file(&path).unwrap(), edited);
    h.run_steps(2);
    h.state().flush_recovery();
    assert!(
        !slot.join("map.json").exists(),
        "a saved map needs no recovery copy"
    );
    drop(h);
    assert!(store.orphans().is_empty());

    // Discard removes an offered copy for good.
    let crashed = store.new_slot().unwrap();
    let mut newer = edited.clone();
    newer.title = "newer".into();
    crashed.write(&newer, Some(&path)).unwrap();
    drop(crashed);
    let mut h = harness_of(app(start()).with_recovery(store.clone()));
    assert!(h.state().recovery_offered());
    h.get_by_label("Discard").click();
    h.run();
    assert!(!h.state().recovery_offered());
    drop(h);
    assert!(store.orphans().is_empty());
}

#[test]
fn an_unwritable_recovery_folder_is_retried_later_not_on_every_frame() {
    let config = tempfile::tempdir().unwrap();
    // A file where the folder should be: no one can make the folder, root included.
    let blocked = config.path().join("recovery");
    std::fs::write(&blocked, "not a folder").unwrap();
    let (_dir, path) = bundled_copy();
    let doc = io::load_file(&path).unwrap();
    let mut h = harness_of(
        app(Startup::File {
            path: path.clone(),
            doc: Box::new(doc),
        })
        .with_recovery(RecoveryStore::new(&blocked))
        .with_recovery_interval(1.0),
    );
    click_label(&mut h, "Kevin King");
    h.key_press(Key::Delete);
    h.run();
    h.run_steps(10);
    assert!(
        h.state().status().starts_with("Recovery copy not written"),
        "{}",
        h.state().status()
    );
    assert!(
        h.state().recovery_backoff() >= 2.0,
        "the next try waits, and longer after each failure"
    );
    assert!(h.state().recovery_slot_dir().is_none());
}

/// Sends the window's close button, as the window manager does.
fn request_close(h: &mut H) {
    if let Some(info) = h.input_mut().viewports.get_mut(&egui::ViewportId::ROOT) {
        info.events.push(egui::ViewportEvent::Close);
    }
    h.step();
}

fn close_commands(h: &H) -> Vec<egui::ViewportCommand> {
    h.output()
        .viewport_output
        .get(&egui::ViewportId::ROOT)
        .map(|v| v.commands.clone())
        .unwrap_or_default()
}

#[test]
fn closing_the_window_with_unsaved_changes_asks_and_cancel_keeps_it_open() {
    let mut h = harness(Startup::Bundled);
    let from = entity_pos(&h, "doha");
    drag(&mut h, from, from + Vec2::new(30.0, 30.0));

    request_close(&mut h);
    assert!(close_commands(&h).contains(&egui::ViewportCommand::CancelClose));
    h.run();
    h.get_by_label("Cancel").click();
    h.run();
    assert!(
        !close_commands(&h).contains(&egui::ViewportCommand::Close),
        "Cancel really cancels"
    );
    assert!(h.state().is_dirty());

    request_close(&mut h);
    h.run();
    h.get_by_label("Discard").click();
    h.step();
    assert!(close_commands(&h).contains(&egui::ViewportCommand::Close));
}

#[test]
fn closing_a_clean_map_just_closes() {
    let mut h = harness(Startup::Bundled);
    request_close(&mut h);
    assert!(!close_commands(&h).contains(&egui::ViewportCommand::CancelClose));
    assert!(
        h.query_by_label("Save changes to haqqani_network.json (bundled)?")
            .is_none()
    );
}

/// A click on an entity selects it and is not a move: there is nothing to undo after it, even
/// though egui_graphs reports a move of a millionth of a unit as the press starts.
#[test]
fn clicking_an_entity_leaves_nothing_to_undo() {
    let (_dir, path) = bundled_copy();
    let doc = relmap::io::load_file(&path).unwrap();
    let mut h = harness(Startup::File {
        path: path.clone(),
        doc: Box::new(doc),
    });
    for _ in 0..2 {
        let at = entity_pos(&h, "anas-haqqani");
        click_at(&mut h, at);
        assert_eq!(h.state().undo_label(), None);
    }
    assert!(
        matches!(h.state().selection(), Selection::Entity(id) if id.as_str() == "anas-haqqani")
    );
}
