//! Grades and quote checks in the inspector: a claim's quote is verified against the article,
//! its credibility and its source's reliability are graded, and each is one undo step.

#![cfg(feature = "ui")]

mod common;

use common::*;
use egui_kittest::kittest::Queryable;
use relmap::model::{RelationId, Reliability};
use relmap::ui::Startup;
use relmap::ui::commands::{Action, Selection, UiCommand};

#[test]
fn a_claims_quote_is_verified_and_its_credibility_graded_and_undone() {
    let mut h = harness(Startup::Bundled);
    let id = RelationId::new("khalil-kabul-security");
    h.state_mut()
        .apply(Action::Select(Selection::Relation(id.clone())));
    h.run();
    h.get_by_label("✏ Edit").click();
    h.run();
    h.get_by_label_contains("Verified in the source (characters");

    choose(&mut h, "not graded", "2: probably true");
    let claim = |h: &egui_kittest::Harness<'_, relmap::ui::RelmapApp>| {
        h.state().document().relation(id.as_str()).unwrap().claims[0].clone()
    };
    assert_eq!(claim(&h).credibility, Some(2));
    h.state_mut().apply(Action::Command(UiCommand::Undo));
    h.run();
    assert_eq!(claim(&h).credibility, None, "one undo step");
}

#[test]
fn a_quote_not_in_the_source_says_so_with_the_nearest_passage() {
    let mut h = harness(Startup::Bundled);
    let id = RelationId::new("khalil-kabul-security");
    let mut r = h.state().document().relation(id.as_str()).unwrap().clone();
    r.claims[0].quote = "Khalil Rahman Haqqani runs the airport".into();
    r.claims[0].anchor = None;
    h.state_mut().apply(Action::Edit {
        label: "Edit quote".into(),
        edits: vec![relmap::edit::Edit::UpdateRelation { relation: r }],
        then: Some(Selection::Relation(id)),
    });
    h.run();
    h.get_by_label("✏ Edit").click();
    h.run();
    h.get_by_label("Not in the source");
    h.get_by_label_contains("Nearest passage:");
}

#[test]
fn a_sources_reliability_is_graded_from_its_inspector() {
    let mut h = harness(Startup::Bundled);
    let source = h.state().document().sources[0].id.clone();
    h.state_mut()
        .apply(Action::Select(Selection::Source(source)));
    h.run();
    h.get_by_label_contains("Text (5");
    choose(&mut h, "not graded", "B: usually reliable");
    assert_eq!(
        h.state().document().sources[0].reliability,
        Some(Reliability::B)
    );
}

#[test]
fn a_sources_text_is_read_from_an_html_file_and_undone() {
    let (_dir, path) = bundled_copy();
    let page = path.with_file_name("page.html");
    std::fs::write(
        &page,
        "<html><body><h1>Title</h1><p>Anas Haqqani told Newsline: &ldquo;We are the \
         Taliban.&rdquo;</p><script>x()</script></body></html>",
    )
    .unwrap();
    let mut h = open_file(&path);
    let source = h.state().document().sources[0].id.clone();
    let before = h.state().document().sources[0].text.clone();
    h.state_mut()
        .apply(Action::Select(Selection::Source(source)));
    h.run();
    click_label(&mut h, "Text from a file…");
    h.get_by_label("Read the source's text from");
    h.get_by_label("page.html").click();
    h.run();
    h.get_by_label("Read").click();
    h.run();
    let text = h.state().document().sources[0].text.clone();
    assert!(
        text.contains("Anas Haqqani told Newsline: \u{201C}We are the Taliban.\u{201D}"),
        "{text}"
    );
    assert!(!text.contains("x()"));
    h.state_mut().apply(Action::Command(UiCommand::Undo));
    h.run();
    assert_eq!(
        h.state().document().sources[0].text,
        before,
        "one undo step"
    );
}
