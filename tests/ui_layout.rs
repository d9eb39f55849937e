//! The layout controls: pause and resume, reheat, re-run, and tuning the forces from the
//! sidebar's Layout section.
#![cfg(feature = "ui")]

mod common;

use common::*;
use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT, Queryable};
use relmap::layout::LayoutParams;
use relmap::ui::Startup;
use relmap::ui::commands::Action;

#[test]
fn the_layout_pauses_and_resumes_from_the_sidebar_and_the_keyboard() {
    let mut h = harness(Startup::Bundled);
    click_label(&mut h, "Layout");
    h.get_by_label("At rest");
    assert!(
        h.get_by_label("Pause").accesskit_node().is_disabled(),
        "nothing to pause at rest"
    );

    // Clicks without running to rest: the re-run moves for a few frames.
    h.get_by_label("Re-run").click();
    h.step();
    h.step();
    assert!(h.state().is_layout_running());
    h.get_by_label_contains("Moving (heat");
    h.get_by_label("Pause").click();
    h.step();
    assert!(h.state().is_layout_paused());
    assert!(
        !h.state().is_layout_running(),
        "a paused layout asks for no frames"
    );
    h.run();
    h.get_by_label("Paused");
    let before = entity_pos(&h, "taliban");
    h.run();
    assert_eq!(
        entity_pos(&h, "taliban"),
        before,
        "nothing moves while paused"
    );

    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::L);
    h.step();
    assert!(!h.state().is_layout_paused());
    assert_eq!(h.state().status(), "Layout resumed");
    h.run();
    assert!(!h.state().is_layout_running(), "it comes to rest again");
}

#[test]
fn tuning_the_layout_moves_the_map_and_survives_edits_until_reset() {
    let mut h = harness(Startup::Bundled);
    let doc_before = h.state().document().clone();
    let taliban = entity_pos(&h, "taliban");
    let tuned = LayoutParams {
        link_distance: 200.0,
        ..LayoutParams::default()
    };
    h.state_mut().apply(Action::SetLayoutParams(tuned));
    h.step();
    assert!(
        h.state().is_layout_running(),
        "a change lets the layout move"
    );
    h.run();
    assert_ne!(
        entity_pos(&h, "taliban"),
        taliban,
        "longer links spread the map"
    );
    assert_eq!(h.state().layout_params(), tuned);

    // Adding an entity rebuilds the layout; the tuning stays.
    h.state_mut().apply(Action::CreateEntity {
        name: "Kabul bank".into(),
        kind: "organisation".into(),
        position: None,
    });
    h.run();
    assert_eq!(h.state().layout_params(), tuned);
    assert!(h.state().document().entities.len() > doc_before.entities.len());

    click_label(&mut h, "Layout");
    click_label(&mut h, "Defaults");
    assert_eq!(h.state().layout_params(), LayoutParams::default());
    assert!(h.get_by_label("Defaults").accesskit_node().is_disabled());
}

/// The real window lays out on a worker thread. It ends where the inline layout the other
/// tests step through does, and the map it settles on is stored in the document.
#[test]
fn the_window_lays_out_on_a_worker_and_ends_where_an_inline_layout_does() {
    let inline = harness(Startup::Bundled);
    let saved = |h: &egui_kittest::Harness<'_, relmap::ui::RelmapApp>| -> Vec<_> {
        let doc = h.state().document();
        doc.entities.iter().map(|e| e.position.clone()).collect()
    };
    let want = saved(&inline);
    assert!(want.iter().all(Option::is_some));

    let mut app = app(Startup::Bundled);
    app.run_layout_on_worker(&egui::Context::default());
    assert!(app.layout_on_worker());
    let mut h = egui_kittest::Harness::builder()
        .with_size(egui::Vec2::new(1280.0, 800.0))
        .build_eframe(move |_cc| app);
    let mut frames = 0;
    while h.state().is_layout_running() || frames == 0 {
        h.step();
        frames += 1;
        assert!(frames < 20_000, "the worker's layout settles");
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    h.step();
    assert_eq!(saved(&h), want);
}
