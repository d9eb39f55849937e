//! View ▸ Layout in the real app: each layout is one undoable step, fits the map into view,
//! keeps pins, and leaves no names overlapping; the radial layout asks for a centre.
#![cfg(feature = "ui")]

mod common;

use common::*;
use egui_kittest::kittest::{NodeT, Queryable};
use relmap::model::EntityId;
use relmap::ui::Startup;
use relmap::ui::commands::{Action, Selection, UiCommand};

#[test]
fn each_layout_is_one_step_that_undo_takes_back() {
    let mut h = harness(Startup::Bundled);
    let settled = h.state().document().clone();
    // The map opened with the stress layout, seeded, and no names overlap: both give the
    // same picture again.
    // A map this small is one level for the multilevel layout: the stress layout again.
    for cmd in [
        UiCommand::LayoutStress,
        UiCommand::LayoutMultilevel,
        UiCommand::LayoutTidy,
    ] {
        h.state_mut().apply(Action::Command(cmd));
        h.run();
        assert!(
            h.state().status().ends_with("nothing moved"),
            "{cmd:?}: {}",
            h.state().status()
        );
        assert!(h.state().facts().undo.is_none());
    }
    for cmd in [
        UiCommand::LayoutHierarchical,
        UiCommand::LayoutCircularKind,
        UiCommand::LayoutCircularCommunity,
        UiCommand::LayoutGrid,
    ] {
        h.state_mut().apply(Action::Command(cmd));
        h.run();
        let after = h.state().document().clone();
        let label = h.state().facts().undo.unwrap_or_default();
        assert!(
            label.starts_with("Layout: "),
            "{cmd:?}: undo says {label:?}"
        );
        // Every name the canvas shows is clear of every other, and inside the fitted canvas.
        let names = h.state().name_boxes();
        let canvas = h.state().canvas_view().unwrap().rect;
        for (i, r) in &names {
            assert!(
                canvas.expand(0.5).contains_rect(*r),
                "{cmd:?}: name {i} at {r:?}"
            );
        }
        for (k, (a, ra)) in names.iter().enumerate() {
            for (b, rb) in &names[k + 1..] {
                assert!(!ra.intersects(*rb), "{cmd:?}: names {a} and {b} overlap");
            }
        }
        assert!(
            !h.state().is_layout_running(),
            "{cmd:?} leaves the map at rest"
        );
        h.state_mut().apply(Action::Command(UiCommand::Undo));
        h.run();
        assert_eq!(
            h.state().document().entities,
            settled.entities,
            "{cmd:?} is undone in one step"
        );
        h.state_mut().apply(Action::Command(UiCommand::Redo));
        h.run();
        assert_eq!(h.state().document().entities, after.entities);
        h.state_mut().apply(Action::Command(UiCommand::Undo));
        h.run();
    }
}

#[test]
fn tidy_moves_apart_what_a_drag_piled_up_and_keeps_the_rest() {
    let mut h = harness(Startup::Bundled);
    let onto = position_of(&h, "taliban").unwrap();
    h.state_mut().apply(Action::MoveEntities(vec![(
        EntityId::new("anas-haqqani"),
        onto.clone(),
    )]));
    h.run();
    let piled = h.state().document().clone();
    h.state_mut().apply(Action::Command(UiCommand::LayoutTidy));
    h.run();
    assert_eq!(h.state().facts().undo.as_deref(), Some("Layout: tidy"));
    // No two entities' shapes and names (as the layout measures them at 100 %) overlap.
    let doc = h.state().document();
    let points: Vec<[f32; 2]> = doc
        .entities
        .iter()
        .map(|e| e.position.as_ref().unwrap().to_f32())
        .collect();
    let footprints = relmap::layout::footprints(
        doc.entities.iter().map(|e| e.name.as_str()),
        relmap::look::NODE_RADIUS,
        relmap::look::LABEL_SIZE,
    );
    let left = relmap::layout::tidy::overlapping_pairs(&points, &footprints, 0.0);
    assert!(left.is_empty(), "{left:?}");
    // The pinned, dragged entity stayed; others moved little.
    assert_eq!(position_of(&h, "anas-haqqani"), Some(onto));
    // The shape stays: pairs clearly left of (or above) one another stay so.
    let before: Vec<[f32; 2]> = piled
        .entities
        .iter()
        .map(|e| e.position.as_ref().unwrap().to_f32())
        .collect();
    let (mut pairs, mut flipped) = (0, 0);
    for i in 0..before.len() {
        for j in 0..before.len() {
            for axis in 0..2 {
                if before[i][axis] + 30.0 < before[j][axis] {
                    pairs += 1;
                    if points[i][axis] > points[j][axis] {
                        flipped += 1;
                    }
                }
            }
        }
    }
    assert!(
        flipped * 50 < pairs,
        "{flipped} of {pairs} pairs changed sides"
    );
}

#[test]
fn the_hierarchy_puts_leaders_above_and_the_radial_layout_centres_the_selection() {
    let mut h = harness(Startup::Bundled);
    h.state_mut()
        .apply(Action::Command(UiCommand::LayoutHierarchical));
    h.run();
    // "Sirajuddin Haqqani leads Haqqani Network"; "Anas Haqqani child of Jalaluddin".
    assert!(entity_pos(&h, "sirajuddin-haqqani").y < entity_pos(&h, "haqqani-network").y);
    assert!(entity_pos(&h, "jalaluddin-haqqani").y < entity_pos(&h, "anas-haqqani").y);

    // Radial needs one selected entity: disabled in the menu until then.
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Layout ⏵").hover();
    h.run();
    let item = h.get_by_label_contains("Radial around the selection");
    assert!(item.accesskit_node().is_disabled());
    h.key_press(egui::Key::Escape);
    h.run();
    h.state_mut()
        .apply(Action::Select(Selection::Entity(EntityId::new("taliban"))));
    h.run();
    let before = position_of(&h, "taliban");
    h.state_mut()
        .apply(Action::Command(UiCommand::LayoutRadial));
    h.run();
    assert_eq!(position_of(&h, "taliban"), before, "the centre stays put");
    let canvas = h.state().canvas_view().unwrap().rect;
    for (i, r) in h.state().name_boxes() {
        assert!(
            canvas.expand(0.5).contains_rect(r),
            "name {i} at {r:?} in {canvas:?}"
        );
    }
    let doc = h.state().document();
    let centre = doc
        .entities
        .iter()
        .find(|e| e.id.as_str() == "taliban")
        .unwrap();
    let c = centre.position.as_ref().unwrap().to_f32();
    let dist = |id: &str| {
        let p = doc
            .entities
            .iter()
            .find(|e| e.id.as_str() == id)
            .and_then(|e| e.position.as_ref())
            .unwrap()
            .to_f32();
        ((p[0] - c[0]).powi(2) + (p[1] - c[1]).powi(2)).sqrt()
    };
    // A neighbour sits on an inner ring, a two-hop entity further out.
    assert!(dist("haqqani-network") < dist("ned-price"));
}

#[test]
fn selected_entities_align_and_distribute_in_one_step_each() {
    let mut h = harness(Startup::Bundled);
    let ids = ["taliban", "anas-haqqani", "pentagon", "ned-price"];
    let before: Vec<_> = ids.iter().map(|id| position_of(&h, id).unwrap()).collect();
    h.state_mut().apply(Action::Select(Selection::Entities(
        ids.iter().map(|id| EntityId::new(*id)).collect(),
    )));
    h.run();
    h.state_mut().apply(Action::Command(UiCommand::AlignLeft));
    h.run();
    let xs: Vec<f32> = ids
        .iter()
        .map(|id| position_of(&h, id).unwrap().to_f32()[0])
        .collect();
    let left = before
        .iter()
        .map(|p| p.to_f32()[0])
        .fold(f32::MAX, f32::min);
    assert!(
        xs.iter().all(|&x| (x - left).abs() < 0.01),
        "{xs:?} at {left}"
    );
    assert_eq!(h.state().facts().undo.as_deref(), Some("Align 4 entities"));
    let doc = h.state().document();
    assert!(ids.iter().all(|id| {
        doc.entities
            .iter()
            .any(|e| e.id.as_str() == *id && e.pinned)
    }));

    h.state_mut()
        .apply(Action::Command(UiCommand::DistributeVertically));
    h.run();
    let mut ys: Vec<f32> = ids
        .iter()
        .map(|id| position_of(&h, id).unwrap().to_f32()[1])
        .collect();
    ys.sort_by(f32::total_cmp);
    let gaps: Vec<f32> = ys.windows(2).map(|w| w[1] - w[0]).collect();
    assert!(
        gaps.iter().all(|g| (g - gaps[0]).abs() < 1.0),
        "even gaps: {gaps:?}"
    );

    // Two undos, and the map is as it was.
    for _ in 0..2 {
        h.state_mut().apply(Action::Command(UiCommand::Undo));
        h.run();
    }
    let after: Vec<_> = ids.iter().map(|id| position_of(&h, id).unwrap()).collect();
    assert_eq!(after, before);
}

#[test]
fn a_circle_after_a_hierarchy_is_a_circle_on_the_canvas() {
    let mut h = harness(Startup::Bundled);
    h.state_mut()
        .apply(Action::Command(UiCommand::LayoutHierarchical));
    h.run();
    h.state_mut()
        .apply(Action::Command(UiCommand::LayoutCircularCommunity));
    h.run();
    let shapes: Vec<egui::Pos2> = h
        .state()
        .entity_shapes()
        .into_iter()
        .flatten()
        .map(|s| s.0)
        .collect();
    let (lo, hi) = shapes.iter().fold(
        (
            egui::pos2(f32::MAX, f32::MAX),
            egui::pos2(f32::MIN, f32::MIN),
        ),
        |(lo, hi), p| (lo.min(*p), hi.max(*p)),
    );
    let centre = egui::Rect::from_min_max(lo, hi).center();
    let radii: Vec<f32> = shapes.iter().map(|p| (*p - centre).length()).collect();
    let (rmin, rmax) = radii
        .iter()
        .fold((f32::MAX, 0.0f32), |(a, b), &r| (a.min(r), b.max(r)));
    assert!(rmax - rmin < 2.0, "one circle on screen: {radii:?}");
}

#[test]
fn the_hierarchy_reads_the_kinds_ticked_in_the_layout_panel() {
    let mut h = harness(Startup::Bundled);
    h.state_mut()
        .apply(Action::Command(UiCommand::LayoutHierarchical));
    h.run();
    let by_default = h.state().document().entities.clone();
    h.state_mut().apply(Action::Command(UiCommand::Undo));
    h.run();

    click_label(&mut h, "Layout");
    h.get_by_label_contains("Hierarchy kinds (").click();
    h.run();
    // "member of" is read by default; untick it.
    let member = h.get_by_label("member of");
    assert_eq!(
        member.accesskit_node().toggled(),
        Some(egui::accesskit::Toggled::True)
    );
    member.click();
    h.run();
    h.state_mut()
        .apply(Action::Command(UiCommand::LayoutHierarchical));
    h.run();
    let without = h.state().document().entities.clone();
    assert_ne!(without, by_default, "the layers follow the kinds chosen");
    // Leaders still lead: "leads" is still read.
    assert!(entity_pos(&h, "sirajuddin-haqqani").y < entity_pos(&h, "haqqani-network").y);
}
