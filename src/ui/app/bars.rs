//! The menu bar, the toolbar and the status bar. Menus and toolbar are made from the command
//! table (`ui::commands`): its order, groups, labels, shortcuts and enablement. Each returns
//! the actions its clicks ask for.

use super::*;
use crate::ui::commands::{Facts, Menu};

impl RelmapApp {
    pub(super) fn menu_bar(&self, ui: &mut egui::Ui) -> Vec<Action> {
        let facts = self.facts();
        let mut actions = Vec::new();
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                let mut group = None;
                for cmd in UiCommand::in_menu(Menu::File) {
                    let place = cmd.place();
                    if group.is_some_and(|g| g != place.group) {
                        ui.separator();
                    }
                    if place.group == 3 && group != Some(3) {
                        // The Export submenu sits before the last group (Quit).
                        ui.menu_button("Export", |ui| {
                            menu_items(ui, Menu::Export, &facts, &mut actions);
                        });
                        ui.separator();
                    }
                    group = Some(place.group);
                    command_item(ui, cmd, &facts, &mut actions);
                    if cmd == UiCommand::Open {
                        self.recent_menu(ui, &mut actions);
                    }
                }
            });
            ui.menu_button("Edit", |ui| {
                menu_items(ui, Menu::Edit, &facts, &mut actions)
            });
            ui.menu_button("Case", |ui| {
                menu_items(ui, Menu::Case, &facts, &mut actions)
            });
            ui.menu_button("View", |ui| {
                menu_items(ui, Menu::View, &facts, &mut actions);
                ui.separator();
                ui.menu_button("Layout", |ui| {
                    menu_items(ui, Menu::Layout, &facts, &mut actions);
                });
            });
            ui.menu_button("Help", |ui| {
                menu_items(ui, Menu::Help, &facts, &mut actions)
            });
        });
        actions
    }

    /// File ▸ Open Recent: the files and cases opened last, which the command table does not
    /// list.
    fn recent_menu(&self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        ui.menu_button("Open Recent", |ui| {
            if self.settings.recent.is_empty() && self.settings.recent_cases.is_empty() {
                ui.label("No recent files");
            }
            for path in self.settings.recent.clone() {
                let folder = path.parent().map(|p| p.display().to_string());
                let button = ui
                    .button(display_name(&path))
                    .on_hover_text(folder.unwrap_or_default());
                if button.clicked() {
                    actions.push(Action::OpenPath(path));
                    ui.close();
                }
            }
            if !self.settings.recent_cases.is_empty() {
                ui.separator();
            }
            for r in &self.settings.recent_cases {
                let button = ui
                    .button(format!("Case {} — {}", r.case, r.store))
                    .on_hover_text("A case store's case: the view you left it with");
                if button.clicked() {
                    actions.push(Action::OpenCase(r.store.clone(), Some(r.case.clone())));
                    ui.close();
                }
            }
            if !self.settings.recent.is_empty() || !self.settings.recent_cases.is_empty() {
                ui.separator();
                if ui.button("Clear the list").clicked() {
                    actions.push(Action::ClearRecent);
                    ui.close();
                }
            }
        });
    }

    /// The editing buttons above the canvas: the commands the table places on the toolbar, in
    /// its slots.
    pub(super) fn toolbar(&self, ui: &mut egui::Ui) -> Vec<Action> {
        let facts = self.facts();
        let mut actions = Vec::new();
        let mut buttons: Vec<(u8, &str, UiCommand)> = UiCommand::ALL
            .iter()
            .filter_map(|&c| c.place().toolbar.map(|(slot, text)| (slot, text, c)))
            .collect();
        buttons.sort_by_key(|&(slot, _, _)| slot);
        ui.horizontal(|ui| {
            let mut group = None;
            for (slot, text, cmd) in buttons {
                if group.is_some_and(|g| g != slot / 10) {
                    ui.separator();
                }
                group = Some(slot / 10);
                let hover = match cmd.shortcut() {
                    Some(s) => format!("{} ({})", cmd.tooltip(), ui.ctx().format_shortcut(&s)),
                    None => cmd.tooltip().to_owned(),
                };
                let clicked = if cmd == UiCommand::ToggleConnectMode {
                    let mut on = facts.connect_mode;
                    ui.toggle_value(&mut on, text)
                        .on_hover_text(hover)
                        .clicked()
                } else {
                    ui.add_enabled(cmd.enabled(&facts), egui::Button::new(text))
                        .on_hover_text(hover)
                        .clicked()
                };
                if clicked {
                    actions.push(Action::Command(cmd));
                }
            }
        });
        actions
    }

    pub(super) fn status_bar(&self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            if let Some(case) = self.case_status() {
                if self.case_busy() {
                    ui.spinner();
                }
                // Short, so the news after it fits a narrow window; the store on hover.
                let short = self.case_short_status().unwrap_or_default();
                let warn = ["not connected", "offline", "Offline", "read-only"]
                    .iter()
                    .any(|w| short.contains(w));
                let text = if warn {
                    RichText::new(short).color(ui.visuals().warn_fg_color)
                } else {
                    RichText::new(short)
                };
                ui.label(text).on_hover_text(case);
                // With a case open, what the store and colleagues did comes first.
                if !self.status.is_empty() {
                    ui.separator();
                    ui.label(&self.status);
                }
                ui.separator();
            }
            let t = query::totals(self.ws.doc());
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
            if !self.status.is_empty() && self.case.is_none() {
                ui.separator();
                ui.label(&self.status);
            }
            // The mouse's gestures, where there is room for them.
            let hint = "Wheel: zoom · drag background: pan · drag node: move and pin";
            if ui.available_width() > 8.0 * hint.len() as f32 {
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.label(RichText::new(hint).weak());
                });
            }
        });
    }
}

/// The commands of `menu`, with separators between their groups.
fn menu_items(ui: &mut egui::Ui, menu: Menu, facts: &Facts, actions: &mut Vec<Action>) {
    let mut group = None;
    for cmd in UiCommand::in_menu(menu) {
        if group.is_some_and(|g| g != cmd.place().group) {
            ui.separator();
        }
        group = Some(cmd.place().group);
        command_item(ui, cmd, facts, actions);
    }
}

/// One command as a menu item: its label now, its shortcut, greyed out when not available.
fn command_item(ui: &mut egui::Ui, cmd: UiCommand, facts: &Facts, actions: &mut Vec<Action>) {
    let mut button = egui::Button::new(cmd.label_now(facts));
    if let Some(s) = cmd.shortcut() {
        button = button.shortcut_text(ui.ctx().format_shortcut(&s));
    }
    if ui
        .add_enabled(cmd.enabled(facts), button)
        .on_hover_text(cmd.tooltip())
        .clicked()
    {
        actions.push(Action::Command(cmd));
    }
}
