//! The dispute table: each contested relation against everyone who speaks on it, each cell
//! what they say (asserts, denies, qualifies, or silent), the quotes on hover. Clicking a
//! relation shows it on the map. Exports as CSV and Markdown from File > Export.

use egui::{RichText, Ui};

use super::cache::Cached;
use crate::export::claims::DisputeTable;
use crate::look::truncate;
use crate::model::{Document, Stance};
use crate::ui::commands::{Action, Selection};
use crate::ui::paint::stance_color;

/// The dispute table's window.
#[derive(Debug, Default)]
pub struct Disputes {
    pub open: bool,
    table: Cached<(u64, u64), DisputeTable>,
}

impl Disputes {
    /// The window, when open; returns what the user asked for.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        doc: &Document,
        revision: (u64, u64),
    ) -> Vec<Action> {
        let mut actions = Vec::new();
        if !self.open {
            return actions;
        }
        let mut open = true;
        let table = self.table.get(revision, || DisputeTable::of(doc));
        egui::Window::new("Dispute table")
            .open(&mut open)
            .default_size([720.0, 360.0])
            .resizable(true)
            .show(ctx, |ui| {
                if table.relations.is_empty() {
                    ui.label("No relation is contested: no two claims on one relation disagree.");
                    return;
                }
                ui.label(
                    RichText::new(
                        "Contested relations against who speaks on them. Point at a cell for the \
                         quotes; click a relation to see it on the map.",
                    )
                    .weak(),
                );
                // Vertical only: in egui 0.36 a two-way scroll area kept the links in it from
                // being hovered or clicked.
                egui::ScrollArea::vertical().show(ui, |ui| grid(ui, doc, table, &mut actions));
            });
        self.open = open;
        actions
    }
}

fn grid(ui: &mut Ui, doc: &Document, table: &DisputeTable, actions: &mut Vec<Action>) {
    egui::Grid::new("dispute-table")
        .striped(true)
        .num_columns(table.voices.len() + 1)
        .show(ui, |ui| {
            ui.strong("Relation");
            for v in &table.voices {
                ui.strong(truncate(v, 22)).on_hover_text(v);
            }
            ui.end_row();
            for (&ri, cells) in table.relations.iter().zip(&table.cells) {
                let Some(r) = doc.relations.get(ri) else {
                    continue;
                };
                let name = format!(
                    "{} {} {}",
                    doc.entity_name(r.from.as_str()),
                    r.caption(),
                    doc.entity_name(r.to.as_str())
                );
                if ui.link(truncate(&name, 48)).on_hover_text(&name).clicked() {
                    actions.push(Action::Select(Selection::Relation(r.id.clone())));
                }
                for cell in cells {
                    let text = DisputeTable::cell_text(cell);
                    if text.is_empty() {
                        ui.weak("silent");
                        continue;
                    }
                    let color = match cell.first().map(|(s, _)| *s) {
                        Some(s) if cell.iter().all(|(t, _)| *t == s) => stance_color(s),
                        _ => stance_color(Stance::Qualifies),
                    };
                    let quotes: Vec<String> = cell
                        .iter()
                        .filter(|(_, q)| !q.is_empty())
                        .map(|(s, q)| format!("{}: \u{201C}{q}\u{201D}", s.as_str()))
                        .collect();
                    let label = ui.label(RichText::new(text).color(color));
                    if !quotes.is_empty() {
                        label.on_hover_text(quotes.join("\n\n"));
                    }
                }
                ui.end_row();
            }
        });
}
