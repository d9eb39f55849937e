//! A case store in the window, through the real UI, on SQLite: every scenario of
//! tests/store/window.rs on a fresh file each (tests/store_postgres.rs runs them on a real
//! PostgreSQL server), and a store that is not there.

#![cfg(feature = "ui")]

mod store;

use relmap::ui::{RelmapApp, Settings, Startup};
use store::window::{self, wait};

macro_rules! on_sqlite {
    ($($name:ident),* $(,)?) => {$(
        #[test]
        fn $name() {
            let dir = tempfile::tempdir().expect("a temporary directory");
            window::$name(&dir.path().join("case.relmap.db").display().to_string());
        }
    )*};
}

on_sqlite!(
    a_refused_delete_kept_as_theirs_brings_the_entity_back,
    find_add_expand_edit_save_and_open_again_where_it_ended,
    a_colleagues_write_first_is_a_conflict_with_both_values_and_nothing_is_overwritten,
    keep_theirs_takes_the_store_value_into_the_view,
    a_conflict_is_settled_field_by_field_with_an_edit,
    a_large_expand_asks_first_with_the_counts_by_kind,
    two_windows_on_one_case_see_each_others_saves_without_asking,
    an_entity_a_colleague_deletes_leaves_the_view_and_can_be_restored,
    a_large_last_view_opens_in_parts_and_can_be_stopped,
    unsaved_work_on_a_case_is_offered_back_after_a_crash,
);

#[test]
fn every_window_scenario_runs_on_sqlite() {
    let here = include_str!("ui_case.rs");
    for name in window::ALL
        .iter()
        .map(|(n, _)| *n)
        .chain(["unsaved_work_on_a_case_is_offered_back_after_a_crash"])
    {
        assert!(
            here.contains(&format!("    {name},\n")),
            "{name} is not run on SQLite"
        );
    }
}

#[test]
fn a_map_file_is_not_a_case_and_a_missing_store_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nothing.relmap.db").display().to_string();
    let mut app = RelmapApp::with_settings(
        Startup::Case {
            location: missing.clone(),
            case: None,
        },
        Settings::default(),
    );
    app.native_dialogs = false;
    let mut h = window::unsettled_harness(app);
    wait(&mut h, "the refusal", |a| a.error_message().is_some());
    let message = h.state().error_message().unwrap().to_owned();
    assert!(message.contains("nothing.relmap.db"), "{message}");
    assert!(h.state().case_status().unwrap().contains("not connected"));
    assert!(
        !std::path::Path::new(&missing).exists(),
        "no store is made by opening"
    );
}
