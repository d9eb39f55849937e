//! Each view recomputes only what depends on what changed: a drag moves positions and does not
//! recompute betweenness or rebuild the canvas's graph; a summary edit restyles nothing
//! structural; a new relation recomputes both. Undo follows the same rules.

#![cfg(feature = "ui")]

mod common;

use egui::vec2;
use egui_kittest::kittest::Queryable;
use relmap::edit::Edit;
use relmap::ui::Startup;
use relmap::ui::commands::{Action, UiCommand};

#[test]
fn dragging_an_entity_does_not_recompute_betweenness_or_rebuild_the_graph() {
    let mut h = common::harness(Startup::Bundled);
    let (metrics, builds) = h.state().recomputations();
    assert!(metrics >= 1 && builds >= 1, "computed once at the start");
    let before = h.state().revisions();

    let from = common::entity_pos(&h, "john-kirby");
    common::drag(&mut h, from, from + vec2(60.0, 40.0));
    let after = h.state().revisions();
    assert_eq!(after.data(), before.data(), "the drag changed no data");
    assert!(after.geometry > before.geometry, "the drag moved an entity");
    assert!(common::position_of(&h, "john-kirby").is_some());
    assert_eq!(
        h.state().recomputations(),
        (metrics, builds),
        "a drag recomputes nothing but positions"
    );

    // Undoing the move is a move too.
    h.state_mut().apply(Action::Command(UiCommand::Undo));
    h.run();
    assert_eq!(h.state().recomputations(), (metrics, builds));
}

#[test]
fn a_summary_edit_restyles_without_rebuilding_and_a_new_relation_rebuilds() {
    let mut h = common::harness(Startup::Bundled);
    let (metrics, builds) = h.state().recomputations();

    let mut e = h.state().document().entities[0].clone();
    e.summary.push_str(" (checked)");
    e.name.push_str(" Jr");
    let name = e.name.clone();
    h.state_mut().apply(Action::Edit {
        label: "Edit".into(),
        edits: vec![Edit::UpdateEntity { entity: e }],
        then: None,
    });
    h.run();
    assert_eq!(h.state().recomputations(), (metrics, builds));
    assert!(
        h.query_by_label_contains(&name).is_some(),
        "the sidebar lists the new name"
    );
    let on_canvas = h.output().shapes.iter().any(|c| {
        fn has(s: &egui::Shape, name: &str) -> bool {
            match s {
                egui::Shape::Text(t) => t.galley.text() == name,
                egui::Shape::Vec(v) => v.iter().any(|s| has(s, name)),
                _ => false,
            }
        }
        has(&c.shape, &name)
    });
    assert!(on_canvas, "the canvas draws the new name without a rebuild");

    let (a, b) = {
        let doc = h.state().document();
        (doc.entities[0].id.clone(), doc.entities[1].id.clone())
    };
    h.state_mut().apply(Action::Connect(a, b));
    h.run();
    let (m2, b2) = h.state().recomputations();
    assert_eq!(
        (m2, b2),
        (metrics + 1, builds + 1),
        "a new relation is new structure"
    );
}

#[test]
fn panels_compute_their_views_once_per_change_not_once_per_frame() {
    let mut h = common::harness(Startup::Bundled);
    let settled = h.state().view_computations();
    assert!(settled > 0, "the panels showed their views");
    for _ in 0..10 {
        h.step();
    }
    assert_eq!(
        h.state().view_computations(),
        settled,
        "idle frames compute nothing"
    );

    // A search computes its hits once, however many frames show them.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    h.run();
    h.event(egui::Event::Text("haq".into()));
    h.run();
    let searched = h.state().view_computations();
    assert!(searched > settled);
    for _ in 0..10 {
        h.step();
    }
    assert_eq!(h.state().view_computations(), searched);

    // A move changes no view; a rename changes them all once.
    let id = h.state().document().entities[0].id.clone();
    let at = common::entity_pos(&h, id.as_str());
    common::drag(&mut h, at, at + vec2(30.0, 30.0));
    assert_eq!(h.state().view_computations(), searched);
    let mut e = h.state().document().entities[0].clone();
    e.name.push_str(" II");
    h.state_mut().apply(Action::Edit {
        label: "Rename".into(),
        edits: vec![Edit::UpdateEntity { entity: e }],
        then: None,
    });
    h.run();
    let renamed = h.state().view_computations();
    assert!(renamed > searched);
    for _ in 0..10 {
        h.step();
    }
    assert_eq!(h.state().view_computations(), renamed);
}
