//! Whole-window pictures, rendered headless with wgpu on the machine's software renderer
//! (Mesa llvmpipe). Regenerate with `UPDATE_SNAPSHOTS=1 cargo test --test snapshots` on the
//! same renderer CI uses.
#![cfg(feature = "ui")]

mod common;

use common::choose;
use egui::Vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use relmap::model::EntityId;
use relmap::ui::commands::{Action, Selection, UiCommand};
use relmap::ui::{RelmapApp, Settings, Startup};

#[test]
fn the_bundled_map_with_the_dispute_in_the_inspector() {
    let mut h = harness();
    h.get_by_label("Haqqani Network").scroll_to_me();
    h.run();
    h.get_by_label("Haqqani Network").click();
    h.run();
    h.get_by_label("one and the same?").click();
    h.run();
    h.remove_cursor();
    h.run();
    h.snapshot("bundled_map_dispute");
}

fn harness() -> egui_kittest::Harness<'static, RelmapApp> {
    let mut h = Harness::builder()
        .with_size(Vec2::new(1400.0, 900.0))
        .with_max_steps(2000)
        .build_eframe(|_cc| {
            let mut app = RelmapApp::with_settings(Startup::Bundled, Settings::default());
            app.native_dialogs = false;
            app
        });
    h.run();
    h
}

/// Zoomed on the Haqqani Network and the Taliban: the contested relation between them is
/// dashed, with its marker.
#[test]
fn the_contested_relation_up_close() {
    let mut h = harness();
    h.state_mut()
        .apply(Action::Select(Selection::of_entities(vec![
            EntityId::new("haqqani-network"),
            EntityId::new("taliban"),
        ])));
    h.state_mut()
        .apply(Action::Command(UiCommand::ZoomToSelection));
    h.state_mut().apply(Action::Select(Selection::None));
    h.run();
    h.remove_cursor();
    h.run();
    h.snapshot("contested_relation");
}

/// The State Department's lens compared with Anas Haqqani's: the one relation they disagree
/// on stands out; everything else is dimmed.
#[test]
fn the_state_department_lens_compared_with_anas_haqqani() {
    let mut h = harness();
    choose(&mut h, "none", "US State Department");
    choose(&mut h, "none", "Anas Haqqani");
    h.remove_cursor();
    h.run();
    h.snapshot("lens_state_vs_anas");
}
