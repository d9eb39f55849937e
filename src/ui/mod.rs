//! The window: a thin eframe UI over the document core. Panels turn gestures into
//! [`commands::Action`]s; [`app::RelmapApp`] applies them, changing the document only through
//! its undo history.

pub mod app;
pub mod badges;
pub mod canvas;
pub mod commands;
pub mod file_dialog;
pub mod icons;
pub mod import_report;
pub mod paint;
pub mod panels;
pub mod pictures;
pub mod table_import;

pub use app::{RelmapApp, Settings, Startup};

/// Opens the relmap window and runs until it is closed.
pub fn run_native(startup: Startup) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("relmap")
            .with_app_id("relmap")
            .with_inner_size([1400.0, 900.0])
            .with_min_inner_size([640.0, 400.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "relmap",
        options,
        Box::new(|cc| Ok(Box::new(RelmapApp::new(cc, startup)))),
    )
    .map_err(|e| anyhow::anyhow!("{e}"))
}
