//! Exploring through the real UI: find, filter, focus, paths, lenses, the timeline.
#![cfg(feature = "ui")]

mod common;

use common::*;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use relmap::model::EntityId;
use relmap::ui::canvas::EdgeMark;
use relmap::ui::commands::Selection;
use relmap::ui::{RelmapApp, Startup};

type H = Harness<'static, RelmapApp>;

fn hidden(h: &H, id: &str) -> bool {
    h.state().entity_decor(id).expect("entity").hidden
}

fn mark(h: &H, id: &str) -> EdgeMark {
    h.state().relation_decor(id).expect("relation").mark
}

#[test]
fn ctrl_f_then_typing_then_enter_selects_and_centres_the_entity() {
    let mut h = harness(Startup::Bundled);
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    h.event(egui::Event::Text("sira".into()));
    h.run();
    assert_eq!(
        h.get_all_by_label("Sirajuddin Haqqani").count(),
        2,
        "the hit and the list entry"
    );
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(
        h.state().selection(),
        &Selection::Entity(EntityId::new("sirajuddin-haqqani"))
    );
    let view = h.state().canvas_view().unwrap();
    let pos = h.state().entity_screen_pos("sirajuddin-haqqani").unwrap();
    assert!(
        (pos - view.rect.center()).length() < 2.0,
        "centred: {pos:?} vs {:?}",
        view.rect.center()
    );
}

#[test]
fn arrow_keys_choose_among_search_hits() {
    let mut h = harness(Startup::Bundled);
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    h.event(egui::Event::Text("haqqani".into()));
    h.run();
    h.key_press(Key::ArrowDown);
    h.run();
    h.key_press(Key::Enter);
    h.run();
    let Selection::Entity(second) = h.state().selection().clone() else {
        panic!("selected")
    };
    let hits = relmap::query::search(h.state().document(), "haqqani");
    assert_eq!(h.state().document().entities[hits[1].entity].id, second);
}

#[test]
fn unticking_a_kind_in_the_legend_hides_it_and_dim_keeps_it_faint() {
    let mut h = harness(Startup::Bundled);
    assert!(!hidden(&h, "kabul"));
    h.get_by_label("place  (7)").click();
    h.run();
    assert!(hidden(&h, "kabul"));
    assert!(
        h.state()
            .relation_decor("kabul-airport-in-kabul")
            .unwrap()
            .hidden
    );
    assert!(
        h.state().document().entity("kabul").is_some(),
        "hidden, not deleted"
    );
    h.get_by_label("dim").click();
    h.run();
    let decor = h.state().entity_decor("kabul").unwrap();
    assert!(!decor.hidden && decor.dimmed);
    h.get_by_label("place  (7)").click();
    h.run();
    assert!(!h.state().entity_decor("kabul").unwrap().dimmed);
}

#[test]
fn focusing_on_a_neighbourhood_and_escape_shows_everything_again() {
    let mut h = harness(Startup::Bundled);
    click_label(&mut h, "John Kirby");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num1);
    h.run();
    assert!(!hidden(&h, "pentagon"));
    assert!(hidden(&h, "taliban"));
    h.key_press(Key::Escape);
    h.run();
    assert!(!hidden(&h, "taliban"));
    assert_eq!(h.state().selection(), &Selection::None);
}

#[test]
fn the_state_department_lens_and_the_comparison_with_anas_haqqani() {
    let mut h = harness(Startup::Bundled);
    choose(&mut h, "none", "US State Department");
    assert_eq!(mark(&h, "haqqanis-part-of-taliban"), EdgeMark::Denied);
    assert_eq!(mark(&h, "haqqanis-allied-taliban"), EdgeMark::Asserted);
    assert!(
        h.state()
            .relation_decor("anas-child-of-jalaluddin")
            .unwrap()
            .dimmed,
        "silent: dimmed"
    );

    let compare = h.get_all_by_value("none").next().unwrap().rect();
    click_at(&mut h, compare.center());
    h.get_all_by_label("Anas Haqqani").last().unwrap().click();
    h.run();
    assert_eq!(mark(&h, "haqqanis-part-of-taliban"), EdgeMark::Disagreement);
    assert!(
        h.state()
            .relation_decor("haqqanis-allied-taliban")
            .unwrap()
            .dimmed
    );
}

#[test]
fn the_timeline_shows_the_map_before_and_after_the_prisoner_exchange() {
    let mut h = harness(Startup::Bundled);
    h.get_by_label("As of").scroll_to_me();
    h.run();
    h.get_by_label("As of").click();
    h.run();
    // It starts at the latest date, 2019-11: the release is in, the detention just ends.
    let shown = |h: &H, id: &str| !h.state().relation_decor(id).unwrap().hidden;
    assert!(shown(&h, "anas-released"));
    assert!(shown(&h, "afghan-government-held-anas"));
    assert!(
        !shown(&h, "taliban-threat-2016"),
        "September 2016 is long past"
    );
    assert!(
        shown(&h, "anas-child-of-jalaluddin"),
        "undated relations stay"
    );

    // One date back, 2019-02: before the exchange.
    h.get_by_role(egui::accesskit::Role::Slider).focus();
    h.run();
    h.key_press(Key::ArrowLeft);
    h.run();
    h.get_by_label_contains("2019-02");
    assert!(!shown(&h, "anas-released"));
    assert!(shown(&h, "afghan-government-held-anas"));
    assert!(
        shown(&h, "anas-negotiator-doha"),
        "named to the team in February 2019"
    );
}

#[test]
fn two_selected_entities_show_their_shortest_path_and_contested_steps_can_be_avoided() {
    let mut h = harness(Startup::Bundled);
    click_label(&mut h, "Anas Haqqani");
    click_with(&mut h, "al Qaeda", Modifiers::COMMAND);
    h.get_by_label("Shortest path");
    assert_eq!(mark(&h, "anas-member-of-haqqanis"), EdgeMark::Path);
    assert!(h.state().entity_decor("haqqani-network").unwrap().marked);
    h.get_by_label("(contested)");

    h.get_by_label("Ignore contested relations").click();
    h.run();
    assert_ne!(mark(&h, "anas-member-of-haqqanis"), EdgeMark::Path);
    assert_eq!(mark(&h, "anas-child-of-jalaluddin"), EdgeMark::Path);
    assert!(h.query_by_label("(contested)").is_none());
}

#[test]
fn colouring_by_community_colours_entities_and_lists_communities_in_the_legend() {
    let mut h = harness(Startup::Bundled);
    assert_eq!(h.state().entity_decor("taliban").unwrap().community, None);
    choose(&mut h, "kind", "community");
    let taliban = h.state().entity_decor("taliban").unwrap().community;
    let state = h
        .state()
        .entity_decor("us-state-department")
        .unwrap()
        .community;
    assert!(taliban.is_some() && state.is_some());
    assert_ne!(taliban, state);
    h.get_by_label_contains("community 1  (");
    choose(&mut h, "community", "kind");
    assert_eq!(h.state().entity_decor("taliban").unwrap().community, None);
    assert!(h.query_by_label_contains("community 1  (").is_none());
}

#[test]
fn sizing_by_betweenness_makes_the_hub_biggest() {
    let mut h = harness(Startup::Bundled);
    choose(&mut h, "nothing", "betweenness");
    let anas = h.state().entity_decor("anas-haqqani").unwrap().scale;
    let doha = h.state().entity_decor("doha").unwrap().scale;
    assert!(anas > doha * 1.5, "{anas} vs {doha}");
    click_label(&mut h, "Anas Haqqani");
    h.get_by_label_contains("Betweenness: ");
    h.get_by_label("Degree: 17 relation(s)");
}
