//! The source reader: the bundled article with its quotes highlighted, a claim made from
//! selected text (quoted and anchored where it was selected) and undone, and an entity's
//! sources.

#![cfg(feature = "ui")]

mod common;

use common::*;
use egui::{Key, Modifiers, vec2};
use egui_kittest::kittest::{NodeT, Queryable};
use relmap::model::{EntityId, RelationId};
use relmap::ui::Startup;
use relmap::ui::commands::{Action, Selection, UiCommand};

fn open_reader(h: &mut egui_kittest::Harness<'_, relmap::ui::RelmapApp>) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::R);
    h.run();
    assert!(h.state().reader().0.is_some(), "Ctrl+R opens the reader");
}

/// Picks `option` in the menu showing `current`, scrolling the long list to it first.
fn pick(h: &mut egui_kittest::Harness<'_, relmap::ui::RelmapApp>, current: &str, option: &str) {
    h.get_all_by_value(current).next().unwrap().click();
    h.run();
    h.get_all_by_label(option).last().unwrap().scroll_to_me();
    h.run();
    h.get_all_by_label(option).last().unwrap().click();
    h.run();
}

/// Selects the start of the article's first line (its title) by dragging over it.
fn select_in_first_line(h: &mut egui_kittest::Harness<'_, relmap::ui::RelmapApp>) {
    let text = h
        .get_all_by_role(egui::accesskit::Role::MultilineTextInput)
        .next()
        .expect("the text")
        .rect();
    let from = text.left_top() + vec2(2.0, 8.0);
    drag(h, from, from + vec2(150.0, 0.0));
}

#[test]
fn a_claim_is_made_from_selected_text_and_undone() {
    let mut h = harness(Startup::Bundled);
    open_reader(&mut h);
    h.get_by_label_contains("Source: Haqqani leader says");
    select_in_first_line(&mut h);
    h.get_by_label_contains("characters selected");
    h.get_by_label("Claim from selection").click();
    h.run();
    pick(
        &mut h,
        "choose a relation",
        "Anas Haqqani interviewed by Newsline magazine",
    );
    h.get_by_label("denies").click();
    h.run();
    let before = h
        .state()
        .document()
        .relation("anas-told-newsline")
        .unwrap()
        .claims
        .len();
    h.get_by_label("Add claim").click();
    h.run();
    assert_eq!(
        h.state()
            .document()
            .relation("anas-told-newsline")
            .unwrap()
            .claims
            .len(),
        before + 1
    );

    let id = RelationId::new("anas-told-newsline");
    let doc = h.state().document().clone();
    let r = doc.relation(id.as_str()).expect("the relation");
    let claim = r.claims.last().unwrap();
    assert!(
        "Haqqani leader says 'we are the Taliban,' contrary to State Department claims"
            .starts_with(claim.quote.as_str())
            && claim.quote.len() > 5,
        "the selected words are the quote: {:?}",
        claim.quote
    );
    assert_eq!(claim.stance, relmap::model::Stance::Denies);
    let source = &doc.sources[0];
    assert!(
        relmap::query::quotes::check(&claim.quote, claim.anchor, source).is_verified(),
        "anchored where it was selected"
    );
    assert_eq!(
        h.state().selection(),
        &Selection::Relation(id.clone()),
        "the relation is shown"
    );

    h.state_mut().apply(Action::Command(UiCommand::Undo));
    h.run();
    assert_eq!(
        h.state()
            .document()
            .relation(id.as_str())
            .unwrap()
            .claims
            .len(),
        r.claims.len() - 1,
        "one undo step"
    );
}

#[test]
fn clicking_a_highlighted_quote_selects_its_relation() {
    let mut h = harness(Startup::Bundled);
    open_reader(&mut h);
    let text = h
        .get_all_by_role(egui::accesskit::Role::MultilineTextInput)
        .next()
        .unwrap()
        .rect();
    // The third paragraph opens with a quoted sentence: "Anas Haqqani, brother of ...".
    let mut selected = None;
    for dy in (40..200).step_by(6) {
        click_at(&mut h, text.left_top() + vec2(60.0, dy as f32));
        if let Selection::Relation(id) = h.state().selection() {
            selected = Some(id.clone());
            break;
        }
    }
    let id = selected.expect("a click on a highlighted quote selects its relation");
    assert!(h.state().document().relation(id.as_str()).is_some(), "{id}");
}

#[test]
fn an_entity_lists_the_sources_that_name_it_and_the_highlights_are_computed_once() {
    let mut h = harness(Startup::Bundled);
    h.state_mut()
        .apply(Action::Select(Selection::Entity(EntityId::new(
            "anas-haqqani",
        ))));
    h.run();
    h.get_by_label_contains("Named in 1 source");
    // The link gives the title, shortened to keep the inspector narrow.
    click_label(&mut h, "Haqqani leader says 'we are the Tal…");
    let (open, computed) = h.state().reader();
    assert!(open.is_some());
    for _ in 0..10 {
        h.step();
    }
    assert_eq!(h.state().reader().1, computed, "no recomputation per frame");
    assert!(
        h.get_all_by_role(egui::accesskit::Role::MultilineTextInput)
            .next()
            .is_some()
    );
    let _ = h
        .get_by_label_contains("Select text to make a claim")
        .accesskit_node();
}

#[test]
fn a_claim_from_selection_can_make_its_relation_too() {
    let mut h = harness(Startup::Bundled);
    open_reader(&mut h);
    select_in_first_line(&mut h);
    h.get_by_label("Claim from selection").click();
    h.run();
    pick(&mut h, "choose a relation", "+ a new relation");
    pick(&mut h, "choose an entity", "Ned Price");
    pick(&mut h, "choose an entity", "Taliban");
    let before = h.state().document().relations.len();
    h.get_by_label("Add claim").click();
    h.run();
    let doc = h.state().document().clone();
    assert_eq!(doc.relations.len(), before + 1);
    let r = doc.relations.last().unwrap();
    assert_eq!(
        (r.from.as_str(), r.to.as_str(), r.kind.as_str()),
        ("ned-price", "taliban", "related to")
    );
    assert_eq!(r.claims.len(), 1);
    assert!(
        relmap::query::quotes::check(&r.claims[0].quote, r.claims[0].anchor, &doc.sources[0])
            .is_verified()
    );
    h.state_mut().apply(Action::Command(UiCommand::Undo));
    h.run();
    assert_eq!(
        h.state().document().relations.len(),
        before,
        "relation and claim, one step"
    );
}
