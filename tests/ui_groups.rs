//! Groups in the window: Ctrl+G groups the selection, the inspector names and folds it, a
//! folded group stands on the canvas for its members (a click selects them, a drag moves
//! them), Edit ▸ Unfold group puts them back, Ctrl+Shift+G ungroups, each one step of Undo;
//! figures draw frames and folded groups.
#![cfg(feature = "ui")]

mod common;

use common::*;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use relmap::model::EntityId;
use relmap::ui::Startup;
use relmap::ui::commands::{Action, Selection};

const FAMILY: [&str; 3] = ["anas-haqqani", "sirajuddin-haqqani", "jalaluddin-haqqani"];

fn select_family(h: &mut egui_kittest::Harness<'static, relmap::ui::RelmapApp>) {
    let ids = FAMILY.map(EntityId::new).to_vec();
    h.state_mut()
        .apply(Action::Select(Selection::of_entities(ids)));
    h.run();
}

/// The bundled map with the family grouped by Ctrl+G.
fn family_grouped() -> egui_kittest::Harness<'static, relmap::ui::RelmapApp> {
    let mut h = harness(Startup::Bundled);
    select_family(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::G);
    h.run();
    h
}

#[test]
fn ctrl_g_groups_the_selection_and_a_folded_group_stands_for_its_members() {
    let mut h = harness(Startup::Bundled);
    let bytes = relmap::io::to_json_string(h.state().document());
    select_family(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::G);
    h.run();
    let doc = h.state().document();
    assert_eq!(doc.groups.len(), 1, "{}", h.state().status());
    let group = &doc.groups[0];
    assert_eq!(
        (group.id.as_str(), group.name.as_str()),
        ("group-1", "Group 1")
    );
    let members: Vec<&str> = group.members.iter().map(|m| m.as_str()).collect();
    assert_eq!(members, FAMILY);
    assert_eq!(h.state().undo_label(), Some("Group 3 entities"));
    assert!(
        h.state().folded_group_pos("group-1").is_none(),
        "drawn as a frame"
    );

    // The inspector shows the group; Fold there draws it as one node.
    assert!(h.query_by_label("Group · 3 members").is_some());
    h.get_by_label("Fold").click();
    h.run();
    h.run();
    assert!(h.state().document().groups[0].folded);
    for id in FAMILY {
        assert!(
            h.state().entity_decor(id).unwrap().hidden,
            "{id} is folded away"
        );
    }
    assert!(!h.state().entity_decor("taliban").unwrap().hidden);

    // A click on the folded group selects its members.
    h.state_mut().apply(Action::Select(Selection::None));
    h.run();
    let at = h
        .state()
        .folded_group_pos("group-1")
        .expect("the folded group is drawn");
    click_at(&mut h, at);
    let mut selected: Vec<String> = h
        .state()
        .selection()
        .entities()
        .iter()
        .map(ToString::to_string)
        .collect();
    selected.sort();
    let mut family = FAMILY.map(str::to_owned).to_vec();
    family.sort();
    assert_eq!(selected, family);

    // Edit ▸ Unfold group puts them back.
    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label("Unfold group").click();
    h.run();
    assert!(!h.state().document().groups[0].folded);
    assert!(!h.state().entity_decor("anas-haqqani").unwrap().hidden);

    // Ctrl+Shift+G ungroups; three undos give back the map as it was, byte for byte.
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::G);
    h.run();
    assert!(h.state().document().groups.is_empty());
    for _ in 0..4 {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        h.run();
    }
    assert_eq!(relmap::io::to_json_string(h.state().document()), bytes);
}

#[test]
fn a_folded_group_is_dragged_with_its_members_in_one_step() {
    let mut h = family_grouped();
    h.get_by_label("Fold").click();
    h.run();
    h.run();
    h.state_mut().apply(Action::Select(Selection::None));
    h.run();
    let before: Vec<_> = FAMILY
        .map(|id| position_of(&h, id).expect("placed"))
        .to_vec();
    let from = h.state().folded_group_pos("group-1").expect("drawn");
    let zoom = h.state().canvas_view().expect("a canvas").zoom;
    let pan = h.state().canvas_view().expect("a canvas").pan;
    drag(&mut h, from, from + egui::vec2(80.0, 40.0));

    // The box followed the pointer, and the view did not pan under it.
    let to = h.state().folded_group_pos("group-1").expect("still drawn");
    assert!(
        (to - from - egui::vec2(80.0, 40.0)).length() < 1.0,
        "{from:?} → {to:?}"
    );
    assert_eq!(h.state().canvas_view().expect("a canvas").pan, pan);
    // Each member moved by the drag, in canvas units, as one step of Undo.
    for (id, b) in FAMILY.iter().zip(&before) {
        let a = position_of(&h, id).expect("placed");
        let d = ((a.x - b.x) as f32, (a.y - b.y) as f32);
        assert!(
            (d.0 - 80.0 / zoom).abs() < 1.0 && (d.1 - 40.0 / zoom).abs() < 1.0,
            "{id} moved by {d:?} at zoom {zoom}"
        );
        assert!(h.state().document().entity(id).is_some_and(|e| e.pinned));
    }
    assert_eq!(h.state().undo_label(), Some("Move 3 entities"));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    let after: Vec<_> = FAMILY
        .map(|id| position_of(&h, id).expect("placed"))
        .to_vec();
    assert_eq!(after, before);
    // Still folded, and a click still selects its members.
    assert!(h.state().document().groups[0].folded);
    let at = h.state().folded_group_pos("group-1").expect("drawn");
    click_at(&mut h, at);
    assert_eq!(h.state().selection().entities().len(), 3);
}

#[test]
fn the_inspector_renames_a_group_in_one_step() {
    let mut h = family_grouped();
    assert!(h.query_by_label("Group name").is_some());
    let edit = h
        .get_all_by_value("Group 1")
        .next()
        .expect("the name field");
    edit.focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.event(egui::Event::Text("Haqqani family".into()));
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().document().groups[0].name, "Haqqani family");
    assert_eq!(h.state().undo_label(), Some("Rename group Group 1"));
}

#[test]
fn figures_draw_frames_and_folded_groups_with_counted_lines() {
    use relmap::export::{self, FigureOptions};
    use relmap::model::{Group, GroupId};
    let mut doc = relmap::io::bundled_map().unwrap();
    let members = FAMILY.map(EntityId::new).to_vec();
    doc.groups = vec![Group::new(
        GroupId::new("family"),
        "Haqqani family",
        members,
    )];
    let positions = export::positions(&doc, 300, 7);
    let draw = |doc: &relmap::model::Document| {
        let decor = relmap::view::decor(doc, &Default::default());
        export::map_svg(doc, &positions, &decor, &FigureOptions::default())
    };
    let open = draw(&doc);
    assert!(open.contains(r#"class="group""#), "a frame");
    assert!(open.contains(">Haqqani family</text>"));
    doc.groups[0].folded = true;
    let folded = draw(&doc);
    assert!(folded.contains(r#"class="folded-group""#));
    assert!(
        !folded.contains(r#"class="group""#),
        "no frame round a folded group"
    );
    assert!(folded.contains(r#"class="folded-link""#));
    assert!(
        !folded.contains(">Anas Haqqani</text>"),
        "members are folded away"
    );
}

#[test]
fn members_are_grouped_by_their_organisation_in_one_step() {
    let mut h = harness(Startup::Bundled);
    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label("Group members by organisation").click();
    h.run();
    let doc = h.state().document();
    assert_eq!(doc.groups.len(), 2, "{}", h.state().status());
    assert_eq!(
        h.state().undo_label(),
        Some("Group members of 2 organisation(s)")
    );
}

#[test]
fn a_layout_keeps_a_groups_members_together_and_everything_else_out_of_its_frame() {
    use relmap::ui::commands::UiCommand;
    let mut h = harness(Startup::Bundled);
    select_family(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::G);
    h.run();
    h.state_mut()
        .apply(Action::Command(UiCommand::LayoutStress));
    h.run();
    assert_eq!(h.state().undo_label(), Some("Layout: stress"));
    let doc = h.state().document();
    let groups = relmap::look::groups::Groups::of(doc);
    let points: Vec<[f32; 2]> = doc
        .entities
        .iter()
        .map(|e| e.position.as_ref().unwrap().to_f32())
        .collect();
    let frames = groups.frames(&points, &|_| relmap::look::NODE_RADIUS, &|_| true);
    let f = &frames[0];
    for (i, p) in points.iter().enumerate() {
        let inside = p[0] > f.min[0] && p[0] < f.max[0] && p[1] > f.min[1] && p[1] < f.max[1];
        assert_eq!(
            inside,
            groups.all_members[0].contains(&i),
            "{} at {p:?}, frame {f:?}",
            doc.entities[i].id
        );
    }
}
