//! Names on the canvas: at fit view the bundled map reads without zooming, no two names
//! overlap and no name covers another entity, at the sizes the issue names; names hidden for
//! lack of room come back as the user zooms in. Computed from what the canvas drew, not from
//! a snapshot.
#![cfg(feature = "ui")]

mod common;

use common::*;
use egui::{Rect, Vec2};
use egui_kittest::Harness;
use relmap::ui::RelmapApp;

/// Every pair of names that overlap, and every name that covers another entity's shape.
fn collisions(h: &Harness<'_, RelmapApp>) -> Vec<String> {
    let names = h.state().name_boxes();
    let shapes = h.state().entity_shapes();
    let doc = h.state().document();
    let name = |i: usize| doc.entities[i].name.clone();
    let mut out = Vec::new();
    for (k, (a, ra)) in names.iter().enumerate() {
        for (b, rb) in &names[k + 1..] {
            if ra.intersects(*rb) {
                out.push(format!("{} / {}", name(*a), name(*b)));
            }
        }
        for (j, shape) in shapes.iter().enumerate() {
            if let Some((c, r)) = shape
                && j != *a
                && ra.intersects(Rect::from_center_size(*c, Vec2::splat(2.0 * r)))
            {
                out.push(format!("{} covers {}", name(*a), name(j)));
            }
        }
    }
    out
}

#[test]
fn at_fit_view_in_1280_by_800_every_name_shows_and_none_collide() {
    let h = bundled_in_canvas(1280.0, 800.0);
    assert_eq!(collisions(&h), Vec::<String>::new());
    let shown = h.state().name_boxes().len();
    assert_eq!(
        shown,
        h.state().document().entities.len(),
        "every name shows"
    );
    // The map fills the canvas: its names and shapes span at least 85 % of it one way.
    let canvas = h.state().canvas_view().unwrap().rect;
    let mut extent = Rect::NOTHING;
    for (_, r) in h.state().name_boxes() {
        extent = extent.union(r);
    }
    for (c, r) in h.state().entity_shapes().into_iter().flatten() {
        extent = extent.union(Rect::from_center_size(c, Vec2::splat(2.0 * r)));
    }
    assert!(canvas.contains_rect(extent), "{extent:?} in {canvas:?}");
    let filled = (extent.width() / canvas.width()).max(extent.height() / canvas.height());
    assert!(filled >= 0.85, "fills {filled}");
}

#[test]
fn at_fit_view_in_730_by_815_no_names_collide_and_zooming_in_shows_more() {
    let mut h = bundled_in_canvas(730.0, 815.0);
    assert_eq!(collisions(&h), Vec::<String>::new());
    let canvas = h.state().canvas_view().unwrap().rect;
    for (i, r) in h.state().name_boxes() {
        assert!(
            canvas.contains_rect(r),
            "name {i} at {r:?} is inside {canvas:?}"
        );
    }
    let at_fit = h.state().name_boxes().len();
    assert!(at_fit >= 15, "the most wanted names show: {at_fit}");
    // Zoom in around the middle: hidden names come back, still without collisions.
    let middle = h.state().canvas_view().unwrap().rect.center();
    h.hover_at(middle);
    for _ in 0..6 {
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: Vec2::new(0.0, 60.0),
            modifiers: egui::Modifiers::NONE,
            phase: egui::TouchPhase::Move,
        });
        h.step();
    }
    h.run();
    assert!(h.state().canvas_view().unwrap().zoom > 0.7);
    assert_eq!(collisions(&h), Vec::<String>::new());
    let names = h.state().name_boxes();
    let canvas = h.state().canvas_view().unwrap().rect;
    let visible = names.iter().filter(|(_, r)| canvas.intersects(*r)).count();
    assert!(visible > 0);
    // Every entity whose shape is on screen with room around it has its name.
    let shapes = h.state().entity_shapes();
    let on_screen = shapes
        .iter()
        .flatten()
        .filter(|(c, _)| canvas.shrink(60.0).contains(*c))
        .count();
    assert!(
        visible * 10 >= on_screen * 7,
        "{visible} names for {on_screen} entities"
    );
}

#[test]
fn the_selection_and_its_neighbours_win_a_crowded_place() {
    // A canvas too small for every name (at 730 × 815 all 40 find a place around their
    // entities).
    let mut h = bundled_in_canvas(420.0, 560.0);
    let doc = h.state().document().clone();
    let hidden: Vec<usize> = (0..doc.entities.len())
        .filter(|i| !h.state().name_boxes().iter().any(|(j, _)| j == i))
        .collect();
    let Some(&pick) = hidden.first() else {
        panic!("at 420 × 560 some names wait for room");
    };
    h.state_mut().apply(relmap::ui::commands::Action::Select(
        relmap::ui::commands::Selection::Entity(doc.entities[pick].id.clone()),
    ));
    h.run();
    let names = h.state().name_boxes();
    assert!(
        names.iter().any(|(j, _)| *j == pick),
        "the selected entity's name shows"
    );
    assert_eq!(
        collisions(&h)
            .iter()
            .filter(|c| !c.contains(&doc.entities[pick].name))
            .count(),
        0
    );
}
