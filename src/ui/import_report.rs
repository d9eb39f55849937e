//! The import report window: after a file of another format opens, what was read, what became
//! attributes, and what was not understood, with lines. It stays until the user closes it.

use std::path::Path;

use egui::RichText;

use crate::io::formats::{Format, ImportReport, Note};

/// An import report on screen.
#[derive(Debug, Clone)]
pub struct ImportShown {
    pub title: String,
    pub report: ImportReport,
}

/// What the window calls a map read from a foreign file: "lesmis (from GraphML)".
pub fn imported_name(path: &Path, format: Format) -> String {
    let stem = path
        .file_stem()
        .map_or_else(|| "Imported".into(), |s| s.to_string_lossy().into_owned());
    format!("{stem} (from {})", format.name())
}

/// Shows the report, if there is one; returns false once the user closed it.
pub fn show(ctx: &egui::Context, shown: Option<&ImportShown>) -> bool {
    let Some(shown) = shown else {
        return true;
    };
    let mut open = true;
    let mut close = false;
    // In the middle of the window, clear of the menu bar and the panels' headings.
    let centre = ctx.content_rect().center();
    egui::Window::new(format!("Import report: {}", shown.title))
        .id(egui::Id::new("relmap-import-report"))
        .default_pos(centre - egui::vec2(230.0, 180.0))
        .open(&mut open)
        .default_width(460.0)
        .resizable(true)
        .collapsible(true)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical()
                .max_height(360.0)
                .show(ui, |ui| {
                    for (note, heading) in [
                        (Note::Read, "Read"),
                        (Note::Kept, "Kept as attributes"),
                        (Note::NotUnderstood, "Not understood"),
                    ] {
                        let (lines, more) = shown.report.of(note);
                        if lines.is_empty() {
                            continue;
                        }
                        ui.label(RichText::new(heading).strong());
                        for line in lines {
                            ui.label(format!("• {line}"));
                        }
                        if more > 0 {
                            ui.label(format!("• and {more} more"));
                        }
                        ui.add_space(6.0);
                    }
                    if shown.report.problems().next().is_none() {
                        ui.label("Everything in the file was understood.");
                    }
                });
            ui.separator();
            ui.label(
                "This map is untitled: Save writes it as a relmap map, never over the file it \
                 came from.",
            );
            if ui.button("Close").clicked() {
                close = true;
            }
        });
    open && !close
}
