//! The dispute table in the window, and the claims and dispute tables exported from it.

#![cfg(feature = "ui")]

mod common;

use common::*;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use relmap::ui::commands::{Action, Selection, UiCommand};
use relmap::ui::{RelmapApp, Settings, Startup};

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
    let mut app = RelmapApp::with_settings(
        Startup::Bundled,
        Settings {
            last_export_dir: Some(dir.path().to_path_buf()),
            ..Settings::default()
        },
    );
    app.native_dialogs = false;
    let mut h = harness_of(app);
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
