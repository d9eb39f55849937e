//! The dispute table in the window, and the claims and dispute tables exported from it.

#![cfg(feature = "ui")]

mod common;

use common::*;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use relmap::ui::commands::{Action, Selection, UiCommand};
use relmap::ui::{RelmapApp, Startup};

#[test]
fn the_dispute_table_shows_who_says_what_and_leads_to_the_relation() {
    let mut h = harness(Startup::Bundled);
    h.key_press_modifiers(Modifiers::COMMAND, Key::D);
    h.run();
    assert!(h.state().disputes_open());
    assert!(h.query_all_by_label("US State Department").count() >= 1);
    assert!(h.query_all_by_label("denies").count() >= 1);
    assert!(h.query_all_by_label("silent").count() >= 1);
    click_label(&mut h, "Haqqani Network one and the same? Taliban");
    assert_eq!(
        h.state().selection(),
        &Selection::Relation(relmap::model::RelationId::new("haqqanis-part-of-taliban"))
    );
}

#[test]
fn the_claims_and_dispute_tables_export_from_the_menu() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_exporting_to(dir.path());
    for (cmd, file) in [
        (UiCommand::ExportClaimsCsv, "map-claims.csv"),
        (UiCommand::ExportDisputesMarkdown, "map-disputes.md"),
    ] {
        h.state_mut().apply(Action::Command(cmd));
        h.run();
        h.get_by_label("Export").click();
        h.run();
        let text = std::fs::read_to_string(dir.path().join(file)).expect("written");
        assert!(text.contains("Anas Haqqani"), "{file}: {text}");
    }
    assert!(!h.state().is_dirty(), "exporting changes nothing");
}

#[test]
fn the_claims_overlay_links_the_pentagon_to_the_dispute_and_brings_it_near() {
    let mut h = harness(Startup::Bundled);
    let doc = h.state().document().clone();
    let pentagon = doc.entity_index("pentagon").unwrap();
    let dispute = doc
        .relations
        .iter()
        .position(|r| r.id.as_str() == "haqqanis-part-of-taliban")
        .unwrap();
    let distance = |h: &egui_kittest::Harness<'_, RelmapApp>| {
        let p = |id: &str| entity_pos(h, id);
        let mid = p("haqqani-network") + (p("taliban") - p("haqqani-network")) * 0.5;
        (p("pentagon") - mid).length() / h.state().canvas_view().unwrap().zoom
    };
    let apart = distance(&h);
    assert!(h.state().claim_links().is_empty());

    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::O);
    h.run();
    let links = h.state().claim_links();
    assert!(
        links
            .iter()
            .any(|l| l.claimant == pentagon && l.relation == dispute)
    );
    assert!(!h.state().is_layout_running(), "the layout settled again");
    let near = distance(&h);
    assert!(
        near < apart * 0.8,
        "the Pentagon moved towards the dispute: {apart:.0} then {near:.0}"
    );

    h.state_mut()
        .apply(Action::Command(UiCommand::ToggleClaimsOverlay));
    h.run();
    assert!(h.state().claim_links().is_empty());
}
