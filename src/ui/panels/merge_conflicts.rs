//! The merge's conflicts window: what a three-way merge (`relmap merge`, the git merge
//! driver) left undecided in the open map, each with the base's, our and their values, settled
//! with a click (`compare::resolve`) or a value typed with Edit…, one step of Undo each. It
//! opens by itself when a map with conflicts is opened.

use egui::RichText;

use crate::compare::resolve::{Choice, resolve, resolve_with, typed_value};
use crate::model::Document;
use crate::ui::commands::Action;

/// A value in a line: strings as they are, the rest as compact JSON, cut short.
fn shown(v: &serde_json::Value) -> String {
    let text = match v {
        serde_json::Value::Null => "(none)".to_owned(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if text.chars().count() > 90 {
        format!("{}…", text.chars().take(89).collect::<String>())
    } else {
        text
    }
}

/// Draws the window while `open`; returns the settlements asked for.
pub fn show(ctx: &egui::Context, doc: &Document, open: &mut bool) -> Vec<Action> {
    let mut actions = Vec::new();
    // With none (all settled, or a merge's not yet applied this frame) nothing shows.
    if !*open || doc.conflicts.is_empty() {
        return actions;
    }
    egui::Window::new(format!("Merge conflicts ({})", doc.conflicts.len()))
        .id(egui::Id::new("merge-conflicts"))
        .open(open)
        .default_width(520.0)
        .show(ctx, |ui| {
            ui.label(
                RichText::new(
                    "What the merge could not decide. The map holds the base's value (ours when \
                     there was no base, or the item as kept) until you choose; each choice is \
                     one step of Undo.",
                )
                .weak(),
            );
            egui::ScrollArea::vertical()
                .max_height(420.0)
                .show(ui, |ui| {
                    for (i, c) in doc.conflicts.iter().enumerate() {
                        ui.separator();
                        ui.label(RichText::new(c.place()).strong());
                        egui::Grid::new(("conflict", i))
                            .num_columns(2)
                            .show(ui, |ui| {
                                for (side, value) in
                                    [("base", &c.base), ("ours", &c.ours), ("theirs", &c.theirs)]
                                {
                                    ui.label(side);
                                    ui.label(shown(value));
                                    ui.end_row();
                                }
                            });
                        ui.horizontal(|ui| {
                            for choice in Choice::offered(c) {
                                let label = format!("{} ({})", choice.label(), c.place());
                                let button = ui.add(egui::Button::new(choice.label()));
                                let button = button.on_hover_text(&label);
                                if button.clicked() {
                                    actions.push(match resolve(doc, i, choice) {
                                        Ok(edits) => Action::Edit {
                                            label: format!(
                                                "Settle {}: {}",
                                                c.place(),
                                                choice.label()
                                            ),
                                            edits,
                                            then: None,
                                        },
                                        Err(why) => Action::Report(format!(
                                            "Could not settle {}: {why}",
                                            c.place()
                                        )),
                                    });
                                }
                            }
                        });
                        if c.field != "*" && c.on != "map" {
                            actions.extend(typed(ui, doc, i, c));
                        }
                    }
                });
        });
    actions
}

/// Edit…: the conflict's field given a value of the user's own, begun from ours.
fn typed(
    ui: &mut egui::Ui,
    doc: &Document,
    i: usize,
    c: &crate::model::Conflict,
) -> Option<Action> {
    let id = egui::Id::new(("merge-conflict-typed", &c.on, &c.id, &c.field));
    let mut text: Option<String> = ui.data(|d| d.get_temp(id));
    let mut action = None;
    match &mut text {
        None => {
            if ui
                .small_button("Edit…")
                .on_hover_text("Type the value yourself")
                .clicked()
            {
                let start = match &c.ours {
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Null => String::new(),
                    other => other.to_string(),
                };
                text = Some(start);
            }
        }
        Some(buffer) => {
            ui.add(
                egui::TextEdit::multiline(buffer)
                    .desired_rows(2)
                    .desired_width(f32::INFINITY)
                    .id_salt(id),
            );
            let mut done = false;
            ui.horizontal(|ui| {
                if ui.button("Set").clicked() {
                    action = Some(
                        match typed_value(c, buffer).and_then(|v| resolve_with(doc, i, &v)) {
                            Ok(edits) => Action::Edit {
                                label: format!("Settle {}: typed", c.place()),
                                edits,
                                then: None,
                            },
                            Err(why) => {
                                Action::Report(format!("Could not settle {}: {why}", c.place()))
                            }
                        },
                    );
                    done = true;
                }
                done |= ui.button("Cancel").clicked();
            });
            if done {
                text = None;
            }
        }
    }
    ui.data_mut(|d| match text {
        Some(t) => {
            d.insert_temp(id, t);
        }
        None => d.remove::<String>(id),
    });
    action
}
