//! The menu bar, the toolbar and the status bar: each returns the actions its clicks ask for.

use super::*;

impl RelmapApp {
    pub(super) fn menu_bar(&self, ui: &mut egui::Ui) -> Vec<Action> {
        let mut actions = Vec::new();
        // Open Recent's choices, which the command table does not list.
        let mut chosen = Vec::new();
        let mut item = |ui: &mut egui::Ui, cmd: UiCommand, label: Option<String>, enabled: bool| {
            let text = label.unwrap_or_else(|| cmd.label().to_owned());
            let mut button = egui::Button::new(text);
            if let Some(s) = cmd.shortcut() {
                button = button.shortcut_text(ui.ctx().format_shortcut(&s));
            }
            if ui
                .add_enabled(enabled, button)
                .on_hover_text(cmd.tooltip())
                .clicked()
            {
                actions.push(Action::Command(cmd));
            }
        };
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                item(ui, UiCommand::New, None, true);
                item(ui, UiCommand::Open, None, true);
                ui.menu_button("Open Recent", |ui| {
                    if self.settings.recent.is_empty() {
                        ui.label("No recent files");
                    }
                    for path in self.settings.recent.clone() {
                        let folder = path.parent().map(|p| p.display().to_string());
                        let button = ui
                            .button(display_name(&path))
                            .on_hover_text(folder.unwrap_or_default());
                        if button.clicked() {
                            chosen.push(Action::OpenPath(path));
                            ui.close();
                        }
                    }
                    if !self.settings.recent.is_empty() {
                        ui.separator();
                        if ui.button("Clear the list").clicked() {
                            chosen.push(Action::ClearRecent);
                            ui.close();
                        }
                    }
                });
                item(ui, UiCommand::Save, None, true);
                item(ui, UiCommand::SaveAs, None, true);
                ui.separator();
                ui.menu_button("Export", |ui| {
                    item(ui, UiCommand::ExportMapSvg, None, true);
                    item(ui, UiCommand::ExportMapPng, None, true);
                    item(ui, UiCommand::ExportMapPng2x, None, true);
                    ui.separator();
                    item(ui, UiCommand::ExportGraphMl, None, true);
                    item(ui, UiCommand::ExportGexf, None, true);
                    item(ui, UiCommand::ExportNodeLink, None, true);
                    item(ui, UiCommand::ExportCsv, None, true);
                    ui.separator();
                    item(ui, UiCommand::ExportViewPng, None, true);
                    item(ui, UiCommand::ExportViewPng2x, None, true);
                    item(ui, UiCommand::CopyViewImage, None, true);
                });
                ui.separator();
                item(ui, UiCommand::Quit, None, true);
            });
            ui.menu_button("Edit", |ui| {
                let undo = self.history.undo_label().map(|l| format!("Undo {l}"));
                let redo = self.history.redo_label().map(|l| format!("Redo {l}"));
                item(ui, UiCommand::Undo, undo.clone(), undo.is_some());
                item(ui, UiCommand::Redo, redo.clone(), redo.is_some());
                ui.separator();
                item(ui, UiCommand::AddEntity, None, true);
                item(ui, UiCommand::AddSource, None, true);
                let two = self.selection.entities().len() >= 2;
                item(ui, UiCommand::ConnectSelected, None, two);
                let mode = if self.canvas.connect_mode() {
                    "Connect mode: on"
                } else {
                    "Connect mode: off"
                };
                item(ui, UiCommand::ToggleConnectMode, Some(mode.into()), true);
                let any = self.selection != Selection::None;
                item(ui, UiCommand::DeleteSelected, None, any);
                item(
                    ui,
                    UiCommand::SelectAll,
                    None,
                    !self.doc.entities.is_empty(),
                );
            });
            ui.menu_button("View", |ui| {
                item(ui, UiCommand::Find, None, true);
                item(ui, UiCommand::FitView, None, true);
                let any = !self.selection.entities().is_empty();
                item(ui, UiCommand::ZoomToSelection, None, any);
                item(ui, UiCommand::FocusOneHop, None, any);
                item(ui, UiCommand::FocusTwoHops, None, any);
                item(ui, UiCommand::FocusThreeHops, None, any);
                ui.separator();
                let paused = self.canvas.is_layout_paused();
                let pause = if paused {
                    "Resume layout"
                } else {
                    "Pause layout"
                };
                let can_pause = paused || self.canvas.is_layout_running();
                item(
                    ui,
                    UiCommand::PauseLayout,
                    Some(pause.to_owned()),
                    can_pause,
                );
                item(ui, UiCommand::ReheatLayout, None, true);
                item(ui, UiCommand::RestartLayout, None, true);
            });
        });
        actions.extend(chosen);
        actions
    }

    /// The editing buttons above the canvas; each is also in a menu with a shortcut.
    pub(super) fn toolbar(&self, ui: &mut egui::Ui) -> Vec<Action> {
        let mut actions = Vec::new();
        let mut toggle_connect = false;
        ui.horizontal(|ui| {
            let mut button = |ui: &mut egui::Ui, cmd: UiCommand, text: &str, enabled: bool| {
                let hover = match cmd.shortcut() {
                    Some(s) => format!("{} ({})", cmd.tooltip(), ui.ctx().format_shortcut(&s)),
                    None => cmd.tooltip().to_owned(),
                };
                if ui
                    .add_enabled(enabled, egui::Button::new(text))
                    .on_hover_text(hover)
                    .clicked()
                {
                    actions.push(Action::Command(cmd));
                }
            };
            button(ui, UiCommand::AddEntity, "+ Entity", true);
            button(ui, UiCommand::AddSource, "+ Source", true);
            let two = self.selection.entities().len() >= 2;
            button(ui, UiCommand::ConnectSelected, "Connect selected", two);
            let mut mode = self.canvas.connect_mode();
            if ui
                .toggle_value(&mut mode, "Connect mode")
                .on_hover_text(UiCommand::ToggleConnectMode.tooltip())
                .clicked()
            {
                toggle_connect = true;
            }
            button(
                ui,
                UiCommand::DeleteSelected,
                "Delete",
                self.selection != Selection::None,
            );
            ui.separator();
            button(
                ui,
                UiCommand::Undo,
                "Undo",
                self.history.undo_label().is_some(),
            );
            button(
                ui,
                UiCommand::Redo,
                "Redo",
                self.history.redo_label().is_some(),
            );
            ui.separator();
            button(ui, UiCommand::FitView, "Fit view", true);
        });
        if toggle_connect {
            actions.push(Action::Command(UiCommand::ToggleConnectMode));
        }
        actions
    }

    pub(super) fn status_bar(&self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let t = query::totals(&self.doc);
            ui.label(format!(
                "{} · {}",
                t.describe().replace(", ", " · "),
                query::count(
                    self.metrics.components,
                    "connected component",
                    "connected components"
                )
            ));
            if self.explore.is_active() {
                ui.separator();
                ui.label(RichText::new("Filtered view").color(ui.visuals().warn_fg_color))
                    .on_hover_text("Filters, a focus, a lens or a date narrow the view: Explore ⏵ Show everything");
            }
            ui.separator();
            ui.label(if self.canvas.is_layout_running() {
                "Layout running…"
            } else {
                "Layout settled"
            });
            if let Some(view) = self.canvas.view() {
                ui.separator();
                ui.label(format!("Zoom {:.0}%", view.zoom * 100.0));
            }
            if !self.status.is_empty() {
                ui.separator();
                ui.label(&self.status);
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.label(
                    RichText::new("Wheel: zoom · drag background: pan · drag node: move and pin")
                        .weak(),
                );
            });
        });
    }
}
