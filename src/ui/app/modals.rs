//! The modal dialogs: errors, new entity, recovery offer, unsaved changes, file dialog.

use super::*;

impl RelmapApp {
    pub(super) fn show_modals(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        if let Some(dialog) = &mut self.file_dialog {
            match dialog.show(ctx) {
                file_dialog::Outcome::Pending => {}
                file_dialog::Outcome::Cancelled => {
                    self.file_dialog = None;
                    self.pending_text_for = None;
                    self.pending_picture_for = None;
                    self.after_save = None;
                    self.pending_figure = None;
                }
                file_dialog::Outcome::Picked(path) => {
                    let purpose = dialog.purpose();
                    self.file_dialog = None;
                    match purpose {
                        // Unsaved changes were already settled before the dialog opened.
                        Purpose::Open => self.open_path(&path),
                        Purpose::Merge | Purpose::MergeBase | Purpose::Compare => {
                            self.merge_file(purpose, &path)
                        }
                        Purpose::SaveAs => actions.push(Action::SaveToPath(path)),
                        Purpose::SourceText => {
                            if let Some(source) = self.pending_text_for.take() {
                                self.read_source_text(&source, &path);
                            }
                        }
                        Purpose::Picture => {
                            if let Some(entity) = self.pending_picture_for.take() {
                                self.picture_from_file(&entity, &path);
                            }
                        }
                        Purpose::Export(_) => {
                            if let Some(figure) = self.pending_figure.take() {
                                self.write_figure(&figure, &path);
                            }
                        }
                    }
                }
            }
        }

        if let Some((path, stage)) = self.opening() {
            if opening::progress_window(ctx, path, stage) {
                self.cancel_opening();
            } else {
                // The thread wakes the window as it reads; this keeps the bar moving between.
                ctx.request_repaint_after(std::time::Duration::from_millis(100));
            }
        }
        if !crate::ui::import_report::show(ctx, self.import_report.as_ref()) {
            self.import_report = None;
        }
        let table_outcome = self.table_import.as_mut().map(|t| t.show(ctx));
        match table_outcome {
            Some(TableOutcome::Import) => {
                if let Some(table) = self.table_import.take() {
                    let origin = table.path.display().to_string();
                    let result =
                        crate::io::formats::read_table(&table.bytes, &origin, &table.columns);
                    self.show_opened(&table.path, result);
                }
            }
            Some(TableOutcome::Cancelled) => self.table_import = None,
            Some(TableOutcome::Pending) | None => {}
        }

        if let Some(offer) = &self.recovery_offer {
            let mut answer = None;
            egui::Modal::new(egui::Id::new("relmap-recovery")).show(ctx, |ui| {
                ui.set_width(440.0);
                ui.heading("Restore unsaved changes?");
                match offer {
                    Ok(found) => {
                        let case = found.doc.extra.get(case::CASE_STORE_KEY).and_then(|v| v.as_str());
                        let what = match (case, crate::store::Base::of(&found.doc)) {
                            (Some(store), Some(Ok(base))) => format!("case {} of {store}", base.case),
                            _ => found.origin.as_deref().map_or_else(
                                || "a map that was never saved".to_owned(),
                                display_name,
                            ),
                        };
                        let when = found
                            .written
                            .elapsed()
                            .map_or_else(|_| "recently".to_owned(), |d| ago(d.as_secs()));
                        ui.label(format!(
                            "relmap stopped with unsaved changes to {what}. A copy was kept {when}: \
                             {} entities, {} relations.",
                            found.doc.entities.len(),
                            found.doc.relations.len()
                        ));
                        ui.horizontal(|ui| {
                            if ui.button("Restore").clicked() {
                                answer = Some(true);
                            }
                            if ui.button("Discard").clicked() {
                                answer = Some(false);
                            }
                        });
                    }
                    Err(message) => {
                        ui.label("relmap stopped with unsaved changes, but the copy it kept cannot be read:");
                        ui.label(RichText::new(message).monospace());
                        if ui.button("Discard it").clicked() {
                            answer = Some(false);
                        }
                    }
                }
            });
            match answer {
                Some(true) => {
                    if let Some(Ok(found)) = self.recovery_offer.take() {
                        // The copy's slot becomes this window's: it is kept up to date there
                        // until the work is saved.
                        if let Some(slot) = self.recovery_offer_slot.take() {
                            match RecoveryWriter::new(slot) {
                                Ok(writer) => self.recovery_writer = Some(writer),
                                Err(e) => self.status = format!("Recovery copy not kept: {e}"),
                            }
                        }
                        if !self.restore_case_view(&found.doc) {
                            self.replace_document(found.doc, found.origin);
                            if self.path.is_none() {
                                self.unsaved_name = "Restored map".into();
                            }
                            self.restored = true;
                            self.status =
                                "Restored the unsaved changes; save them to keep them".into();
                        }
                        self.recovery_pending = true;
                    }
                }
                Some(false) => {
                    self.recovery_offer = None;
                    if let Some(slot) = self.recovery_offer_slot.take() {
                        slot.remove();
                    }
                }
                None => {}
            }
        }

        if let Some(then) = self.unsaved_prompt.clone() {
            let name = self
                .title()
                .trim_end_matches(" — relmap")
                .trim_end_matches(" *")
                .to_owned();
            let mut answer = None;
            egui::Modal::new(egui::Id::new("relmap-unsaved")).show(ctx, |ui| {
                ui.set_width(380.0);
                ui.heading(format!("Save changes to {name}?"));
                ui.label("Your changes will be lost if you don't save them.");
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui.button("Save").clicked() {
                        answer = Some("save");
                    }
                    if ui.button("Discard").clicked() {
                        answer = Some("discard");
                    }
                    if ui.button("Cancel").clicked()
                        || ui.input(|i| i.key_pressed(egui::Key::Escape))
                    {
                        answer = Some("cancel");
                    }
                });
            });
            match answer {
                Some("save") => {
                    self.unsaved_prompt = None;
                    self.after_save = Some(then);
                    self.save();
                }
                Some("discard") => {
                    self.unsaved_prompt = None;
                    self.proceed(then);
                }
                Some(_) => self.unsaved_prompt = None,
                None => {}
            }
        }

        if let Some(mut draft) = self.new_entity.take() {
            let mut answer = None;
            egui::Modal::new(egui::Id::new("relmap-new-entity")).show(ctx, |ui| {
                ui.set_width(360.0);
                ui.heading("New entity");
                egui::Grid::new("new-entity").num_columns(2).show(ui, |ui| {
                    let label = ui.label("Name:");
                    let name = ui
                        .add(egui::TextEdit::singleline(&mut draft.name).desired_width(240.0))
                        .labelled_by(label.id);
                    if !std::mem::replace(&mut draft.focused, true) {
                        name.request_focus();
                    }
                    if name.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                        answer = Some(true);
                    }
                    ui.end_row();
                    ui.label("Kind:");
                    egui::ComboBox::from_id_salt("new-entity-kind")
                        .selected_text(&draft.kind)
                        .show_ui(ui, |ui| {
                            let mut all: Vec<&str> = vec![
                                kinds::PERSON,
                                kinds::ORGANISATION,
                                kinds::GOVERNMENT_BODY,
                                kinds::PLACE,
                                kinds::EVENT,
                            ];
                            for e in &self.ws.doc().entities {
                                if !all.contains(&e.kind.as_str()) {
                                    all.push(&e.kind);
                                }
                            }
                            for k in all {
                                ui.selectable_value(&mut draft.kind, k.to_owned(), k);
                            }
                        });
                    ui.end_row();
                });
                ui.horizontal(|ui| {
                    let ok = !draft.name.trim().is_empty();
                    if ui.add_enabled(ok, egui::Button::new("Add")).clicked() {
                        answer = Some(true);
                    }
                    if ui.button("Cancel").clicked()
                        || ui.input(|i| i.key_pressed(egui::Key::Escape))
                    {
                        answer = Some(false);
                    }
                });
            });
            match answer {
                Some(true) if !draft.name.trim().is_empty() => actions.push(Action::CreateEntity {
                    name: draft.name.trim().to_owned(),
                    kind: draft.kind,
                    position: draft.position,
                }),
                Some(true) => self.new_entity = Some(draft),
                Some(false) => {}
                None => self.new_entity = Some(draft),
            }
        }

        if let Some(report) = &self.error {
            let mut close = false;
            egui::Modal::new(egui::Id::new("relmap-error")).show(ctx, |ui| {
                ui.set_max_width(560.0);
                ui.heading(&report.title);
                ui.label("The map you had open is unchanged.");
                egui::ScrollArea::vertical()
                    .max_height(320.0)
                    .show(ui, |ui| {
                        ui.add(egui::Label::new(RichText::new(&report.message).monospace()).wrap());
                    });
                ui.add_space(6.0);
                if ui.button("OK").clicked()
                    || ui.input(|i| {
                        i.key_pressed(egui::Key::Escape) || i.key_pressed(egui::Key::Enter)
                    })
                {
                    close = true;
                }
            });
            if close {
                self.error = None;
            }
        }
    }
}

/// How long ago, in words: "3 minutes ago", "1 hour ago".
fn ago(seconds: u64) -> String {
    match seconds {
        0..60 => "less than a minute ago".to_owned(),
        60..3600 => format!(
            "{} ago",
            query::count((seconds / 60) as usize, "minute", "minutes")
        ),
        3600..86400 => format!(
            "{} ago",
            query::count((seconds / 3600) as usize, "hour", "hours")
        ),
        _ => format!(
            "{} ago",
            query::count((seconds / 86400) as usize, "day", "days")
        ),
    }
}
