//! A large map in the window: zoomed out it is drawn in bulk, what lies under the pointer is
//! found through the spatial index, and betweenness is estimated in the background.
#![cfg(feature = "ui")]

mod common;

use std::time::{Duration, Instant};

use common::*;
use egui_kittest::kittest::Queryable;
use relmap::io::generate::chain_map;
use relmap::ui::Startup;
use relmap::ui::commands::Selection;

/// A generated map of `n` entities (and 2n relations) with every entity placed, spread wide
/// (on the force layout's starting spiral), so that it fits only zoomed far out.
fn large_map(n: usize) -> egui_kittest::Harness<'static, relmap::ui::RelmapApp> {
    let mut doc = chain_map(n, 7);
    let sim = relmap::layout::Simulation::new(
        &vec![None; n],
        &[],
        doc.relation_ends().into_iter().flatten(),
        1,
        relmap::layout::LayoutParams::default(),
    );
    let positions: Vec<relmap::model::Position> = sim
        .positions()
        .iter()
        .map(|&p| relmap::model::Position::from_f32(p))
        .collect();
    doc.set_layout_positions(&positions);
    harness(Startup::File {
        path: "large.json".into(),
        doc: Box::new(doc),
    })
}

#[test]
fn a_large_map_opens_fitted_and_its_entities_can_be_clicked() {
    let mut h = large_map(6000);
    let view = h.state().canvas_view().expect("the map is drawn");
    assert!(
        view.zoom < 0.3,
        "6 000 entities fit only zoomed far out (zoom {})",
        view.zoom
    );
    // The entity under the pointer is found through the spatial index, though it is a dot.
    for id in ["e0", "e2999", "e5998"] {
        let at = entity_pos(&h, id);
        click_at(&mut h, at);
        let Selection::Entity(picked) = h.state().selection().clone() else {
            panic!(
                "clicking {id} at {at:?} selected {:?}",
                h.state().selection()
            );
        };
        // Dots overlap when zoomed out: the nearest one to the click is picked.
        let picked_at = entity_pos(&h, picked.as_str());
        assert!(
            (picked_at - at).length() < 2.0,
            "clicked {id}, got {picked} drawn {picked_at:?} away"
        );
    }
}

#[test]
fn betweenness_of_a_large_map_is_estimated_in_the_background() {
    let mut h = large_map(6000);
    let at = entity_pos(&h, "e100");
    click_at(&mut h, at);
    let deadline = Instant::now() + Duration::from_secs(120);
    while h
        .query_by_label_contains("Estimated from the shortest paths out of 256 of 6000")
        .is_none()
    {
        assert!(
            Instant::now() < deadline,
            "no betweenness estimate after two minutes"
        );
        std::thread::sleep(Duration::from_millis(50));
        h.step();
    }
    h.get_by_label_contains("Betweenness: ");
}
