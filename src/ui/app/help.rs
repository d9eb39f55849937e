//! The command palette (Ctrl+Shift+P) and the Help menu's windows: the keyboard shortcuts and
//! About. All three read the command table, so they list exactly what the menus offer.

use super::*;
use crate::ui::commands::{Facts, Menu};

/// The command palette: what the user typed and which match is highlighted.
#[derive(Debug, Clone, Default)]
pub struct Palette {
    pub query: String,
    pub cursor: usize,
    /// The text field has been given focus.
    focused: bool,
}

/// A Help window that is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpWindow {
    Shortcuts,
    About,
}

/// The commands whose label (with its menu's name) or tooltip has every word of `query`, best
/// first: labels that start with the query, then labels that have it, then tooltips.
pub fn palette_matches(query: &str, facts: &Facts) -> Vec<UiCommand> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let mut hits: Vec<(u8, usize, UiCommand)> = UiCommand::ALL
        .iter()
        .enumerate()
        .filter_map(|(order, &c)| {
            let label = palette_label(c, facts).to_lowercase();
            let plain = format!("{} {}", c.place().menu.title(), c.label()).to_lowercase();
            let tip = c.tooltip().to_lowercase();
            let has = |text: &str| words.iter().all(|w| text.contains(w.as_str()));
            let first = words.first().map_or("", String::as_str);
            let rank = if label.starts_with(first) && has(&label) {
                0
            } else if has(&label) || has(&plain) {
                1
            } else if has(&tip) {
                2
            } else {
                return None;
            };
            Some((rank, order, c))
        })
        .collect();
    hits.sort_by_key(|&(rank, order, _)| (rank, order));
    hits.into_iter().map(|(_, _, c)| c).collect()
}

/// One line of the palette: a command, or one of the map's views (`None`: its own rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaletteEntry {
    Command(UiCommand),
    View(Option<usize>),
}

/// The palette's lines for `query`: the commands [`palette_matches`] finds, then the map's
/// views (named in `views`) whose "View: NAME" has every word, those starting with it first.
pub fn palette_entries(query: &str, facts: &Facts, views: &[&str]) -> Vec<PaletteEntry> {
    let mut out: Vec<PaletteEntry> = palette_matches(query, facts)
        .into_iter()
        .map(PaletteEntry::Command)
        .collect();
    if views.is_empty() {
        return out;
    }
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let first = words.first().map_or("", String::as_str);
    let mut hits: Vec<(bool, usize, PaletteEntry)> = std::iter::once(None)
        .chain((0..views.len()).map(Some))
        .enumerate()
        .filter_map(|(order, v)| {
            let label = view_label(v, views).to_lowercase();
            words
                .iter()
                .all(|w| label.contains(w.as_str()))
                .then(|| (!label.starts_with(first), order, PaletteEntry::View(v)))
        })
        .collect();
    hits.sort_by_key(|&(later, order, _)| (later, order));
    out.extend(hits.into_iter().map(|(_, _, e)| e));
    out
}

/// How the palette names a view.
fn view_label(view: Option<usize>, views: &[&str]) -> String {
    match view.and_then(|v| views.get(v)) {
        Some(name) => format!("View: {name}"),
        None => "View: the map's own rules".to_owned(),
    }
}

/// A command as the palette lists it: the Export menu's commands say they export.
pub fn palette_label(c: UiCommand, facts: &Facts) -> String {
    match c.place().menu {
        Menu::Export => format!("Export {}", c.label_now(facts)),
        _ => c.label_now(facts),
    }
}

impl RelmapApp {
    /// What commands may depend on to be enabled, now.
    pub fn facts(&self) -> Facts {
        use crate::edit::grouping;
        Facts {
            undo: self.ws.history().undo_label().map(str::to_owned),
            redo: self.ws.history().redo_label().map(str::to_owned),
            selection: self.ws.selection != Selection::None,
            selected_entities: self.ws.selection.entities().len(),
            entities: self.ws.doc().entities.len(),
            sources: self.ws.doc().sources.len(),
            layout_running: self.canvas.is_layout_running(),
            layout_paused: self.canvas.is_layout_paused(),
            connect_mode: self.canvas.connect_mode(),
            claims_overlay: self.canvas.claims_overlay(),
            case_open: self.case.as_ref().is_some_and(|c| c.case.is_some()),
            conflicts: self.case.as_ref().map_or(0, |c| c.conflicts.len()),
            theme: self.settings.theme,
            views: self.ws.doc().styles.views.len(),
            selected_groups: grouping::groups_of(self.ws.doc(), &self.ws.selection.entities())
                .len(),
            selected_folded: grouping::folded_holding(self.ws.doc(), &self.ws.selection.entities())
                .len(),
            merge_conflicts: self.ws.doc().conflicts.len(),
        }
    }

    /// Whether the command palette is open.
    pub fn palette_open(&self) -> bool {
        self.palette.is_some()
    }

    /// The command palette, if open; returns the command chosen.
    pub(super) fn palette_window(&mut self, ctx: &egui::Context) -> Option<Action> {
        let facts = self.facts();
        let views: Vec<&str> = self
            .ws
            .doc()
            .styles
            .views
            .iter()
            .map(|v| v.name.as_str())
            .collect();
        let palette = self.palette.as_mut()?;
        let matches = palette_entries(&palette.query, &facts, &views);
        palette.cursor = palette.cursor.min(matches.len().saturating_sub(1));
        let (up, down, enter, escape) = ctx.input_mut(|i| {
            (
                i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp),
                i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown),
                i.consume_key(egui::Modifiers::NONE, egui::Key::Enter),
                i.consume_key(egui::Modifiers::NONE, egui::Key::Escape),
            )
        });
        if down {
            palette.cursor = (palette.cursor + 1).min(matches.len().saturating_sub(1));
        }
        if up {
            palette.cursor = palette.cursor.saturating_sub(1);
        }
        let mut chosen = None;
        if enter {
            chosen = matches.get(palette.cursor).copied();
        }
        let mut open = !escape;
        egui::Window::new("Command palette")
            .collapsible(false)
            .resizable(false)
            .title_bar(false)
            .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 60.0))
            .fixed_size(egui::vec2(460.0, 0.0))
            .show(ctx, |ui| {
                let field = ui.add(
                    egui::TextEdit::singleline(&mut palette.query)
                        .hint_text("Type a command (Esc closes)")
                        .desired_width(f32::INFINITY),
                );
                if !palette.focused {
                    field.request_focus();
                    palette.focused = true;
                }
                if field.changed() {
                    palette.cursor = 0;
                }
                ui.separator();
                egui::ScrollArea::vertical()
                    .max_height(360.0)
                    .show(ui, |ui| {
                        if matches.is_empty() {
                            ui.weak("No command has these words");
                        }
                        for (n, &entry) in matches.iter().enumerate() {
                            let c = match entry {
                                PaletteEntry::Command(c) => c,
                                PaletteEntry::View(v) => {
                                    let button = egui::Button::selectable(
                                        n == palette.cursor,
                                        view_label(v, &views),
                                    );
                                    let response = ui.add(button).on_hover_text(
                                        "Show the map in this view: its rules, lens and filters",
                                    );
                                    if n == palette.cursor {
                                        response.scroll_to_me(None);
                                    }
                                    if response.clicked() {
                                        chosen = Some(entry);
                                    }
                                    continue;
                                }
                            };
                            let enabled = c.enabled(&facts);
                            let mut button = egui::Button::selectable(
                                n == palette.cursor,
                                palette_label(c, &facts),
                            );
                            if let Some(s) = c.shortcut() {
                                button = button.shortcut_text(ui.ctx().format_shortcut(&s));
                            }
                            let response = ui
                                .add_enabled(enabled, button)
                                .on_hover_text(c.tooltip())
                                .on_disabled_hover_text(format!(
                                    "{} (not available now)",
                                    c.tooltip()
                                ));
                            if n == palette.cursor {
                                response.scroll_to_me(None);
                            }
                            if response.clicked() {
                                chosen = Some(entry);
                            }
                        }
                    });
            });
        if chosen.is_some() || !open {
            open = false;
        }
        if !open {
            self.palette = None;
        }
        match chosen? {
            PaletteEntry::Command(c) => c.enabled(&facts).then(|| c.into()),
            PaletteEntry::View(v) => Some(Action::ChooseView(v)),
        }
    }

    /// The Help menu's window that is open, if any.
    pub(super) fn help_window(&mut self, ctx: &egui::Context) {
        let Some(which) = self.help else { return };
        let mut open = true;
        match which {
            HelpWindow::Shortcuts => {
                egui::Window::new("Keyboard shortcuts")
                    .open(&mut open)
                    .resizable(true)
                    .default_width(460.0)
                    .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
                    .show(ctx, shortcuts_list);
            }
            HelpWindow::About => {
                egui::Window::new("About relmap")
                    .open(&mut open)
                    .resizable(false)
                    .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
                    .show(ctx, |ui| {
                        ui.heading(format!("relmap {}", env!("CARGO_PKG_VERSION")));
                        ui.label(env!("CARGO_PKG_DESCRIPTION"));
                        ui.label(format!("Licence: {}", env!("CARGO_PKG_LICENSE")));
                        ui.separator();
                        match crate::logging::log_path() {
                            Some(path) => {
                                ui.label("This session's log, to attach to a bug report:");
                                ui.monospace(path.display().to_string());
                            }
                            None => {
                                ui.label("No log file is written in this session.");
                            }
                        }
                    });
            }
        }
        if !open {
            self.help = None;
        }
    }
}

/// Every command with a shortcut, by menu, then the canvas's mouse gestures.
fn shortcuts_list(ui: &mut egui::Ui) {
    egui::ScrollArea::vertical()
        .max_height(520.0)
        .show(ui, |ui| {
            egui::Grid::new("shortcuts")
                .num_columns(2)
                .striped(true)
                .show(ui, |ui| {
                    for (menu, title) in [
                        (Menu::File, "File"),
                        (Menu::Export, "File ⏵ Export"),
                        (Menu::Edit, "Edit"),
                        (Menu::Case, "Case"),
                        (Menu::View, "View"),
                        (Menu::Help, "Help"),
                    ] {
                        let with_keys: Vec<UiCommand> = UiCommand::in_menu(menu)
                            .filter(|c| !c.shortcuts().is_empty())
                            .collect();
                        if with_keys.is_empty() {
                            continue;
                        }
                        ui.strong(title);
                        ui.end_row();
                        for c in with_keys {
                            let keys: Vec<String> = c
                                .shortcuts()
                                .iter()
                                .map(|s| ui.ctx().format_shortcut(s))
                                .collect();
                            ui.label(c.label());
                            ui.monospace(keys.join("  or  "));
                            ui.end_row();
                        }
                    }
                    ui.strong("Canvas");
                    ui.end_row();
                    for (what, how) in CANVAS_GESTURES {
                        ui.label(*what);
                        ui.monospace(*how);
                        ui.end_row();
                    }
                });
        });
}

/// The canvas's mouse gestures, for the shortcuts window.
const CANVAS_GESTURES: &[(&str, &str)] = &[
    ("Zoom", "Wheel"),
    ("Pan", "Drag the background"),
    ("Move an entity (and pin it)", "Drag it"),
    ("Add to the selection", "Shift+click or Ctrl+click"),
    ("Select in a rectangle", "Shift+drag the background"),
    ("Connect two entities", "Alt+drag from one to the other"),
    ("Add an entity here", "Double-click the background"),
    ("Clear the focus and the selection", "Esc"),
];
