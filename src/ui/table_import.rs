//! The table import dialog: a CSV file opened in the window shows its first rows, and the user
//! says which column is the id, the name, the kind, and (for an edge list) the source and the
//! target, before it is read. Columns relmap recognises (Gephi's, Kumu's) are chosen already.

use std::path::PathBuf;

use egui::RichText;

use crate::io::formats::ImportReport;
use crate::io::formats::table::{Columns, Table};

/// How many rows the preview shows.
const PREVIEW_ROWS: usize = 8;

/// A table waiting for the user to name its columns.
pub struct TableImport {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    preview: Table,
    /// The columns chosen so far, by header name.
    pub columns: Columns,
}

/// What the user did with the dialog this frame.
pub enum Outcome {
    Pending,
    Cancelled,
    Import,
}

impl TableImport {
    /// Reads enough of `bytes` to preview them; `None` when the file is no readable table
    /// (it is then opened the ordinary way, which says why).
    pub fn new(path: PathBuf, bytes: &[u8]) -> Option<Self> {
        let origin = path.display().to_string();
        let mut report = ImportReport::default();
        let preview = Table::parse(bytes, &origin, &mut report).ok()?;
        let columns = preview.resolved(&Columns::default());
        Some(Self {
            path,
            bytes: bytes.to_vec(),
            preview,
            columns,
        })
    }

    pub fn show(&mut self, ctx: &egui::Context) -> Outcome {
        let mut outcome = Outcome::Pending;
        let name = self
            .path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        egui::Modal::new(egui::Id::new("relmap-table-import")).show(ctx, |ui| {
            ui.set_max_width(760.0);
            ui.heading(format!("Import table {name}"));
            ui.label(format!(
                "{} rows. Say which columns relmap should use; the others become attributes.",
                self.preview.rows.len()
            ));
            egui::ScrollArea::both()
                .max_height(220.0)
                .max_width(740.0)
                .show(ui, |ui| {
                    egui::Grid::new("table-preview")
                        .striped(true)
                        .show(ui, |ui| {
                            for h in &self.preview.header {
                                ui.label(RichText::new(h).strong());
                            }
                            ui.end_row();
                            for (_, row) in self.preview.rows.iter().take(PREVIEW_ROWS) {
                                for cell in row {
                                    let short: String = cell.chars().take(40).collect();
                                    ui.label(short);
                                }
                                ui.end_row();
                            }
                        });
                });
            ui.separator();
            let header = self.preview.header.clone();
            egui::Grid::new("table-columns")
                .num_columns(2)
                .show(ui, |ui| {
                    for (label, slot, hint) in [
                        ("Id", &mut self.columns.id, "the node's id (else the name)"),
                        ("Name", &mut self.columns.name, "shown on the map"),
                        ("Kind", &mut self.columns.kind, "person, organisation…"),
                        ("Source", &mut self.columns.source, "an edge's first end"),
                        ("Target", &mut self.columns.target, "an edge's other end"),
                    ] {
                        ui.label(label).on_hover_text(hint);
                        column_choice(ui, label, slot, &header);
                        ui.end_row();
                    }
                });
            let is_edges = self.columns.source.is_some() && self.columns.target.is_some();
            let is_nodes = self.columns.id.is_some() || self.columns.name.is_some();
            ui.label(if is_edges {
                "Read as an edge list: each row a relation; its ends become entities."
            } else if is_nodes {
                "Read as a nodes table: each row an entity."
            } else {
                "Choose an id or name column, or a source and a target column."
            });
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(is_edges || is_nodes, egui::Button::new("Import"))
                    .clicked()
                {
                    outcome = Outcome::Import;
                }
                if ui.button("Cancel").clicked() {
                    outcome = Outcome::Cancelled;
                }
            });
        });
        outcome
    }
}

/// A combo box choosing one of `header`'s columns, or none.
fn column_choice(ui: &mut egui::Ui, id: &str, slot: &mut Option<String>, header: &[String]) {
    let shown = slot.clone().unwrap_or_else(|| "(none)".to_owned());
    egui::ComboBox::from_id_salt(("table-column", id))
        .selected_text(shown)
        .show_ui(ui, |ui| {
            ui.selectable_value(slot, None, "(none)");
            for h in header {
                ui.selectable_value(slot, Some(h.clone()), h);
            }
        });
}
