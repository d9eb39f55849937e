//! The whole app driven through egui_kittest, as a user would drive it: clicks on the canvas
//! (at the screen positions the canvas reports, as egui_graphs nodes have no accessibility
//! entries), the panels, shortcuts, dropped files and the in-app file dialog.
#![cfg(feature = "ui")]

mod common;

use std::sync::Arc;

use common::*;
use egui::{Key, Modifiers, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use relmap::io;
use relmap::model::{EntityId, RelationId};
use relmap::ui::commands::Selection;
use relmap::ui::{RelmapApp, Settings, Startup};

#[test]
fn it_opens_on_the_bundled_map_laid_out() {
    let h = harness(Startup::Bundled);
    let app = h.state();
    assert_eq!(app.document().entities.len(), 40);
    assert_eq!(app.title(), "haqqani_network.json (bundled) — relmap");
    assert!(!app.is_dirty(), "laying out a map is not an edit");
    assert!(
        app.document().entities.iter().all(|e| e.position.is_some()),
        "the layout's positions are in the document"
    );
    h.get_by_label("person  (12)");
    h.get_by_label("Anas Haqqani");
    h.get_by_label_contains(
        "40 entities · 71 relations · 88 claims · 1 source · 2 connected components",
    );
}

#[test]
fn the_status_bar_shows_the_zoom_the_canvas_is_drawn_at() {
    let mut h = harness(Startup::Bundled);
    // The view followed the layout as it settled, with no input after its last fit.
    let before = h.state().canvas_view().expect("a view").zoom;
    h.get_by_label(&format!("Zoom {:.0}%", before * 100.0));
    // A pinch on the canvas, once the layout has settled and nothing else asks for frames.
    let centre = h.state().canvas_view().expect("a view").rect.center();
    h.event(egui::Event::PointerMoved(centre));
    h.event(egui::Event::Zoom(1.5));
    h.run();
    let zoom = h.state().canvas_view().expect("a view").zoom;
    assert!(zoom > before * 1.05, "zoomed in: {before} to {zoom}");
    h.get_by_label(&format!("Zoom {:.0}%", zoom * 100.0));
}

#[test]
fn clicking_an_entity_on_the_canvas_shows_its_relations_and_claims() {
    let mut h = harness(Startup::Bundled);
    let pos = entity_pos(&h, "anas-haqqani");
    click_at(&mut h, pos);
    assert_eq!(
        h.state().selection(),
        &Selection::Entity(id("anas-haqqani"))
    );
    h.get_by_label_contains("Relations (");
    h.get_by_label("child of");
    inspector_item(&h, "Jalaluddin Haqqani");

    // The claims behind "child of" open under it.
    h.get_all_by_label("1 claim: 1 asserts")
        .next()
        .unwrap()
        .click();
    h.run();
    h.get_by_label_contains("He is the son of Jalaluddin Haqqani");
    h.get_by_label_contains("Haqqani leader says 'we are the Taliban,'");
}

/// Every caption shown lies inside the canvas, over no other caption and no name.
fn captions_keep_clear(h: &Harness<'_, RelmapApp>, what: &str) -> usize {
    let boxes = h.state().caption_boxes();
    let names = h.state().name_boxes();
    let canvas = h.state().canvas_view().expect("a canvas").rect;
    for (i, (a, ra)) in boxes.iter().enumerate() {
        assert!(
            canvas.contains_rect(*ra),
            "{what}: the caption of {a} is cut by the canvas's edge"
        );
        for (b, rb) in &boxes[i + 1..] {
            assert!(
                !ra.intersects(*rb),
                "{what}: the captions of {a} and {b} overlap"
            );
        }
        for (n, rn) in &names {
            assert!(
                !ra.intersects(*rn),
                "{what}: the caption of {a} covers the name of entity {n}"
            );
        }
    }
    boxes.len()
}

#[test]
fn a_selected_hubs_captions_do_not_cover_each_other_or_names() {
    let mut h = harness(Startup::Bundled);
    let relations = h
        .state()
        .document()
        .relations
        .iter()
        .filter(|r| r.from.as_str() == "taliban" || r.to.as_str() == "taliban")
        .count();
    assert!(
        relations >= 10,
        "the Taliban is the map's hub ({relations} relations)"
    );
    let pos = entity_pos(&h, "taliban");
    click_at(&mut h, pos);
    h.run();
    let shown = captions_keep_clear(&h, "the Taliban selected");
    assert!(
        shown * 2 >= relations,
        "most of the hub's {relations} captions show, not {shown}"
    );
}

/// The case: the Haqqani Network selected, in a wide window and in a narrow one. No
/// caption covers another or a name or runs off the canvas; one left out shows whole when its
/// line is pointed at.
#[test]
fn the_haqqani_networks_captions_keep_clear_in_wide_and_narrow_windows() {
    for (w, height) in [(1280.0, 800.0), (730.0, 815.0)] {
        let mut h = bundled_in_window(w, height);
        let pos = entity_pos(&h, "haqqani-network");
        click_at(&mut h, pos);
        h.run();
        let what = format!("the Haqqani Network selected at {w}×{height}");
        let shown = captions_keep_clear(&h, &what);
        assert!(shown >= 4, "{what}: only {shown} captions show");
        let doc = h.state().document().clone();
        let showing: Vec<RelationId> = h
            .state()
            .caption_boxes()
            .into_iter()
            .map(|(id, _)| id.clone())
            .collect();
        let canvas = h.state().canvas_view().expect("a canvas").rect;
        let mut pointed = 0;
        for r in doc.relations.iter().filter(|r| {
            (r.from.as_str() == "haqqani-network" || r.to.as_str() == "haqqani-network")
                && !showing.contains(&r.id)
        }) {
            let (a, b) = (
                entity_pos(&h, r.from.as_str()),
                entity_pos(&h, r.to.as_str()),
            );
            let middle = a + (b - a) * 0.5;
            if !canvas.contains(middle) {
                continue;
            }
            h.hover_at(middle);
            h.run();
            if h.state().hovered_relation() != Some(&r.id) {
                continue;
            }
            let boxes = h.state().caption_boxes();
            let (_, rect) = boxes
                .iter()
                .find(|(id, _)| **id == r.id)
                .unwrap_or_else(|| panic!("{what}: pointing at {} shows its caption", r.id));
            assert!(
                canvas.contains_rect(*rect),
                "{what}: pointed at, the caption of {} shows whole",
                r.id
            );
            pointed += 1;
        }
        eprintln!("{what}: {shown} captions shown, {pointed} more read by pointing");
    }
}

#[test]
fn hovering_a_relation_shows_it_and_clicking_it_selects_it() {
    let mut h = harness(Startup::Bundled);
    let a = entity_pos(&h, "ned-price");
    let b = entity_pos(&h, "us-state-department");
    let middle = a + (b - a) * 0.5;
    h.hover_at(middle);
    h.run();
    assert_eq!(
        h.state().hovered_relation(),
        Some(&RelationId::new("price-speaks-for-state"))
    );
    click_at(&mut h, middle);
    assert_eq!(
        h.state().selection(),
        &Selection::Relation(RelationId::new("price-speaks-for-state"))
    );
    h.get_by_label_contains("State Department spokesman Ned Price was asked on Friday");
}

#[test]
fn the_disputed_relation_lists_every_partys_claim_by_stance() {
    let mut h = harness(Startup::Bundled);
    click_label(&mut h, "Haqqani Network");
    h.get_by_label("one and the same?").click();
    h.run();
    assert_eq!(
        h.state().selection(),
        &Selection::Relation(RelationId::new("haqqanis-part-of-taliban"))
    );
    h.get_by_label("Contested: the claims disagree");
    h.get_by_label("Asserted by (4)");
    h.get_by_label("Denied by (2)");
    h.get_by_label("Qualified by (1)");
    h.get_by_label("“We are the Taliban.”");
    h.get_by_label_contains("separate entities.");
    h.get_by_label_contains("there is a marbling, if you will, of Taliban and Haqqani");
    h.get_all_by_label("Ned Price, State Department spokesman")
        .next()
        .unwrap();
    // The claimant is a link to its entity.
    inspector_item(&h, "Pentagon").scroll_to_me();
    h.run();
    inspector_item(&h, "Pentagon").click();
    h.run();
    assert_eq!(h.state().selection(), &Selection::Entity(id("pentagon")));
}

#[test]
fn dragging_a_node_moves_and_pins_it_and_undo_puts_it_back() {
    let mut h = harness(Startup::Bundled);
    let before = position_of(&h, "kevin-king").unwrap();
    let from = entity_pos(&h, "kevin-king");
    drag(&mut h, from, from + Vec2::new(90.0, 60.0));

    let entity = h.state().document().entity("kevin-king").unwrap();
    assert!(entity.pinned);
    let after = entity.position.clone().unwrap();
    assert!(
        (after.x - before.x).abs() > 10.0 && (after.y - before.y).abs() > 5.0,
        "{before:?} -> {after:?}"
    );
    assert!(h.state().is_dirty());
    assert_eq!(
        h.state().title(),
        "haqqani_network.json (bundled) * — relmap"
    );

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    let entity = h.state().document().entity("kevin-king").unwrap();
    assert!(!entity.pinned);
    assert_eq!(entity.position, Some(before));
    assert!(
        !h.state().is_dirty(),
        "undoing back to the opened map makes it clean"
    );

    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run();
    assert_eq!(position_of(&h, "kevin-king"), Some(after));
}

#[test]
fn save_writes_a_file_that_loads_back_equal_and_reopens_where_it_was_left() {
    let (_dir, path) = bundled_copy();
    let mut h = open_file(&path);
    assert_eq!(h.state().title(), "haqqani.json — relmap");
    let from = entity_pos(&h, "timothy-weeks");
    drag(&mut h, from, from + Vec2::new(-70.0, 80.0));
    assert!(h.state().is_dirty());

    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(!h.state().is_dirty());
    assert_eq!(h.state().title(), "haqqani.json — relmap");
    let saved = io::load_file(&path).unwrap();
    assert_eq!(&saved, h.state().document());

    let moved = position_of(&h, "timothy-weeks");
    let reopened = open_file(&path);
    assert_eq!(position_of(&reopened, "timothy-weeks"), moved);
    assert!(
        reopened
            .state()
            .document()
            .entity("timothy-weeks")
            .unwrap()
            .pinned
    );
    assert_eq!(
        reopened.state().document(),
        h.state().document(),
        "the same picture"
    );
}

#[test]
fn a_bad_file_shows_an_error_and_keeps_the_open_map() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        "{\"format\": \"relmap\", \"version\": 1, \"entities\": [{\"id\": 3}]}",
    )
    .unwrap();
    let mut h = harness(Startup::Bundled);
    let before = h.state().document().clone();

    h.input_mut()
        .dropped_files
        .push(Arc::new(DroppedPath(bad.clone())));
    h.run();
    let message = h
        .state()
        .error_message()
        .expect("an error is shown")
        .to_owned();
    assert!(message.contains("bad.json"), "{message}");
    assert!(
        message.contains("missing field `name`") || message.contains("invalid type"),
        "{message}"
    );
    h.get_by_label("Could not open bad.json");
    h.get_by_label("The map you had open is unchanged.");
    assert_eq!(h.state().document(), &before);
    assert_eq!(h.state().title(), "haqqani_network.json (bundled) — relmap");

    h.get_by_label("OK").click();
    h.run();
    assert!(h.state().error_message().is_none());
}

#[test]
fn open_through_the_in_app_dialog_when_no_native_dialog_exists() {
    let (_dir, path) = bundled_copy();
    let other = path.with_file_name("other.json");
    let mut doc = io::bundled_map().unwrap();
    doc.title = "Another map".into();
    io::save_file(&doc, &other).unwrap();

    let mut h = open_file(&path);
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    h.get_by_label("Open map");
    h.get_by_label("other.json").click();
    h.run();
    h.get_by_label("Open").click();
    h.run();
    assert_eq!(h.state().path(), Some(other.as_path()));
    assert_eq!(h.state().document().title, "Another map");
}

#[test]
fn unsaved_changes_are_asked_about_before_they_are_dropped() {
    let mut h = harness(Startup::Bundled);
    let from = entity_pos(&h, "doha");
    drag(&mut h, from, from + Vec2::new(50.0, 50.0));
    assert!(h.state().is_dirty());

    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    h.get_by_label("Save changes to haqqani_network.json (bundled)?");
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(
        h.state().document().entities.len(),
        40,
        "Cancel keeps the map"
    );
    assert!(h.state().is_dirty());

    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    h.get_by_label("Discard").click();
    h.run();
    assert!(
        h.state().document().entities.is_empty(),
        "Discard starts the new map"
    );
    assert_eq!(h.state().title(), "Untitled — relmap");
}

#[test]
fn save_on_a_map_without_a_file_asks_where_and_writes_there() {
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings {
        last_dir: Some(dir.path().to_path_buf()),
        ..Settings::default()
    };
    let mut h = Harness::builder()
        .with_size(Vec2::new(1280.0, 800.0))
        .with_max_steps(2000)
        .build_eframe(move |_cc| {
            let mut app = RelmapApp::with_settings(Startup::Bundled, settings);
            app.native_dialogs = false;
            app
        });
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    h.get_by_label("Save map as");
    h.get_by_label("Save").click();
    h.run();
    let target = dir.path().join("map.json");
    assert_eq!(h.state().path(), Some(target.as_path()));
    assert_eq!(&io::load_file(&target).unwrap(), h.state().document());
    assert_eq!(h.state().title(), "map.json — relmap");
}

fn id(s: &str) -> EntityId {
    EntityId::new(s)
}
