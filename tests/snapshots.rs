//! Whole-window pictures, rendered headless with wgpu on the machine's software renderer
//! (Mesa llvmpipe). Regenerate with `UPDATE_SNAPSHOTS=1 cargo test --test snapshots` on the
//! same renderer CI uses.

use egui::Vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use relmap::ui::{RelmapApp, Settings, Startup};

#[test]
fn the_bundled_map_with_the_dispute_in_the_inspector() {
    let mut h = Harness::builder()
        .with_size(Vec2::new(1400.0, 900.0))
        .with_max_steps(2000)
        .build_eframe(|_cc| {
            let mut app = RelmapApp::with_settings(Startup::Bundled, Settings::default());
            app.native_dialogs = false;
            app
        });
    h.run();
    h.get_by_label("Haqqani Network").click();
    h.run();
    h.get_by_label("one and the same?").click();
    h.run();
    h.remove_cursor();
    h.run();
    h.snapshot("bundled_map_dispute");
}
