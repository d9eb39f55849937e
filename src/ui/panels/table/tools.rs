//! The data table's tools over many rows (`edit::columns`): **Find and replace** across names,
//! aliases and text attributes; **Add column**; and each attribute header's menu (right-click)
//! to rename, retype or delete its column. Each is one step of Undo, or refused with why.

use egui::Ui;

use super::DataTable;
use crate::edit::Edit;
use crate::edit::columns::{self, ColumnType, Scope};
use crate::model::Document;
use crate::query::table::Column;
use crate::ui::commands::Action;

/// The find and replace line's fields.
#[derive(Debug, Clone, Default)]
pub(super) struct FindReplace {
    find: String,
    replace: String,
    match_case: bool,
    scope: Option<Scope>,
}

/// A column being added, or an attribute column being renamed: its fields.
#[derive(Debug, Clone)]
pub(super) enum ColumnForm {
    Add { name: String, value: String },
    Rename { from: String, to: String },
}

fn edit(actions: &mut Vec<Action>, label: String, edits: Vec<Edit>) {
    if !edits.is_empty() {
        actions.push(Action::Edit {
            label,
            edits,
            then: None,
        });
    }
}

impl DataTable {
    /// The toolbar's buttons that open the tools' lines.
    pub(super) fn tool_buttons(&mut self, ui: &mut Ui) {
        if ui
            .button("Find and replace…")
            .on_hover_text("Replace text in names, aliases and text attributes of many rows")
            .clicked()
        {
            self.find = match self.find {
                Some(_) => None,
                None => Some(FindReplace::default()),
            };
        }
        if ui
            .button("Add column…")
            .on_hover_text("A new attribute, with a value for the selected rows (or all shown)")
            .clicked()
        {
            self.column_form = Some(ColumnForm::Add {
                name: String::new(),
                value: String::new(),
            });
        }
    }

    /// The find and replace line, when open.
    pub(super) fn find_ui(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        rows: &[usize],
        chosen: &[usize],
        actions: &mut Vec<Action>,
    ) {
        let Some(mut form) = self.find.take() else {
            return;
        };
        let mut scope = form.scope.unwrap_or_default();
        let mut close = false;
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Find what");
            ui.add(egui::TextEdit::singleline(&mut form.find).desired_width(140.0))
                .labelled_by(label.id);
            let label = ui.label("Replace with");
            ui.add(egui::TextEdit::singleline(&mut form.replace).desired_width(140.0))
                .labelled_by(label.id);
            ui.checkbox(&mut form.match_case, "Match case");
            ui.checkbox(&mut scope.names, "names");
            ui.checkbox(&mut scope.aliases, "aliases");
            ui.checkbox(&mut scope.attributes, "attributes");
            let (target, what): (&[usize], String) = if chosen.is_empty() {
                (rows, format!("Replace in {} shown", rows.len()))
            } else {
                (chosen, format!("Replace in {} selected", chosen.len()))
            };
            if ui.button(what).clicked() {
                match columns::find_replace(
                    doc,
                    Some(target),
                    &form.find,
                    &form.replace,
                    form.match_case,
                    scope,
                ) {
                    Ok((_, 0)) => self.refused = Some(format!("\"{}\" is not there", form.find)),
                    Ok((edits, places)) => {
                        self.refused = None;
                        edit(
                            actions,
                            format!(
                                "Replace \"{}\" with \"{}\" ({places} places)",
                                form.find, form.replace
                            ),
                            edits,
                        );
                    }
                    Err(why) => self.refused = Some(format!("Could not replace: {why}")),
                }
            }
            close = ui.button("Close").clicked();
        });
        form.scope = Some(scope);
        if !close {
            self.find = Some(form);
        }
    }

    /// The add or rename line, when open.
    pub(super) fn column_form_ui(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        rows: &[usize],
        chosen: &[usize],
        actions: &mut Vec<Action>,
    ) {
        let Some(mut form) = self.column_form.take() else {
            return;
        };
        let mut done = false;
        ui.horizontal_wrapped(|ui| match &mut form {
            ColumnForm::Add { name, value } => {
                let label = ui.label("New column");
                ui.add(egui::TextEdit::singleline(name).desired_width(120.0))
                    .labelled_by(label.id);
                let label = ui.label("value");
                ui.add(egui::TextEdit::singleline(value).desired_width(120.0))
                    .labelled_by(label.id);
                let target = if chosen.is_empty() { rows } else { chosen };
                if ui.button(format!("Add to {} rows", target.len())).clicked() {
                    match columns::add(doc, target, name, value) {
                        Ok(edits) => {
                            edit(actions, format!("Add column {}", name.trim()), edits);
                            done = true;
                        }
                        Err(why) => self.refused = Some(format!("Could not add the column: {why}")),
                    }
                }
                done |= ui.button("Cancel").clicked();
            }
            ColumnForm::Rename { from, to } => {
                let label = ui.label(format!("Rename column {from} to"));
                ui.add(egui::TextEdit::singleline(to).desired_width(120.0))
                    .labelled_by(label.id);
                if ui.button("Rename").clicked() {
                    match columns::rename(doc, from, to) {
                        Ok(edits) => {
                            edit(
                                actions,
                                format!("Rename column {from} to {}", to.trim()),
                                edits,
                            );
                            done = true;
                        }
                        Err(why) => self.refused = Some(format!("Could not rename: {why}")),
                    }
                }
                done |= ui.button("Cancel").clicked();
            }
        });
        if !done {
            self.column_form = Some(form);
        }
    }

    /// An attribute header's menu: rename, change type, delete.
    pub(super) fn column_menu(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        column: &Column,
        actions: &mut Vec<Action>,
    ) {
        let Column::Attribute(name) = column else {
            ui.label("A field of every entity: it cannot be renamed or deleted");
            return;
        };
        if ui.button("Rename column…").clicked() {
            self.column_form = Some(ColumnForm::Rename {
                from: name.clone(),
                to: name.clone(),
            });
            ui.close();
        }
        ui.menu_button("Change type", |ui| {
            for t in ColumnType::ALL {
                if ui.button(t.name()).clicked() {
                    match columns::retype(doc, name, t) {
                        Ok(edits) if edits.is_empty() => {
                            self.refused = Some(format!("{name} is {} already", t.name()));
                        }
                        Ok(edits) => {
                            self.refused = None;
                            edit(actions, format!("Make {name} {}", t.name()), edits);
                        }
                        Err(bad) => {
                            let listed: Vec<String> = bad
                                .iter()
                                .take(8)
                                .map(|(id, v)| format!("{id}: \"{v}\""))
                                .collect();
                            let more = bad.len().saturating_sub(8);
                            self.refused = Some(format!(
                                "Nothing changed: {} value(s) of {name} are not {}: {}{}",
                                bad.len(),
                                t.name(),
                                listed.join("; "),
                                if more > 0 {
                                    format!(" and {more} more")
                                } else {
                                    String::new()
                                }
                            ));
                        }
                    }
                    ui.close();
                }
            }
        });
        if ui.button("Delete column").clicked() {
            edit(
                actions,
                format!("Delete column {name}"),
                columns::delete(doc, name),
            );
            ui.close();
        }
    }
}
