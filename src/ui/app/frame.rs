//! The frame loop: each frame takes input, shows the panels, the canvas and the dialogs, and
//! applies the actions they return, once.

use super::*;

/// Windows narrower than this many points show the side panel only when asked.
pub const NARROW: f32 = 900.0;

impl eframe::App for RelmapApp {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.repaint.get_or_init(|| ctx.clone());
        // View ▸ Theme: applied here, where the context is, once it changed.
        let theme = self.settings.theme.preference();
        if ctx.options(|o| o.theme_preference) != theme {
            ctx.set_theme(theme);
        }
        self.take_case_answers();
        self.take_opened();
        let mut actions: Vec<Action> = Vec::new();
        let revisions = self.ws.revisions();
        self.metrics
            .update(self.ws.doc(), revisions.structure, &ctx);
        self.explore
            .refresh_path(self.ws.doc(), revisions.data(), &self.ws.selection);
        if let Some(comparing) = &mut self.comparing
            && comparing.update(&ctx, &self.ws.shared_doc(), revisions.data())
        {
            self.explore.redraw();
            self.canvas
                .set_ghosts(comparing.compared().map(|c| c.ghosts.clone()));
        }
        crate::ui::pictures::set_folder(&ctx, self.path().and_then(std::path::Path::parent));
        if self.awaiting_shot {
            self.receive_shot(&ctx);
        }

        if !self.modal_open() {
            let typing = ctx.text_edit_focused();
            if let Some(cmd) = ctx.input_mut(|i| UiCommand::from_shortcuts(i, typing)) {
                actions.push(cmd.into());
            } else if ctx.input(|i| i.key_pressed(egui::Key::Escape)) && !typing {
                // Esc backs out: the neighbourhood focus, and the selection.
                self.explore.filter.focus = None;
                actions.push(Action::Select(Selection::None));
            }
            let dropped: Option<PathBuf> = ctx.input(|i| {
                i.raw
                    .dropped_files
                    .iter()
                    .map(|f| f.path().to_path_buf())
                    .next()
            });
            if let Some(path) = dropped {
                actions.extend(self.dropped_file(&ctx, path));
            }
        }
        if ctx.input(|i| i.viewport().close_requested()) && !self.quit_confirmed && self.is_dirty()
        {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.unsaved_prompt = Some(AfterDiscard::Quit);
        }

        egui::Panel::top("menu").show(ui, |ui| {
            actions.extend(self.menu_bar(ui));
            actions.extend(self.toolbar(ui));
        });
        egui::Panel::bottom("status").show(ui, |ui| self.status_bar(ui));
        // In a narrow window the side panel steps aside (View ▸ Side panel brings it back),
        // so the map keeps its room: at 730 points wide the two panels left it 70.
        let mut shown = self.side_panel.unwrap_or(ui.available_width() >= NARROW);
        self.side_panel_shown = shown;
        egui::Panel::left("sidebar")
            .resizable(true)
            .default_size(250.0)
            .show_collapsible(ui, &mut shown, |ui| {
                let layout = LayoutStatus {
                    running: self.canvas.is_layout_running(),
                    paused: self.canvas.is_layout_paused(),
                    heat: self.canvas.layout_heat(),
                    params: self.canvas.layout_params(),
                };
                let hidden_badges = self.case.as_ref().is_some_and(|c| !c.hidden.is_empty());
                actions.extend(sidebar::show(
                    ui,
                    self.ws.doc(),
                    &self.ws.selection,
                    &mut self.explore,
                    self.canvas.decor(),
                    &layout,
                    hidden_badges,
                ))
            });
        egui::Panel::right("inspector")
            .resizable(true)
            .default_size(360.0)
            .show(ui, |ui| {
                if let (Some(session), Selection::Entity(id)) = (&self.case, &self.ws.selection) {
                    actions.extend(crate::ui::panels::case::hidden(
                        ui,
                        id,
                        session.hidden.get(id.as_str()),
                        session.hidden_relations.get(id.as_str()),
                    ));
                    ui.separator();
                }
                actions.extend(self.inspector.show(
                    ui,
                    self.ws.doc(),
                    &self.ws.selection,
                    &mut self.explore,
                    &self.metrics,
                ))
            });
        // The panels may have changed what is explored (the document changes only when the
        // actions are applied, below, so the metrics are still current).
        self.explore
            .refresh_path(self.ws.doc(), revisions.data(), &self.ws.selection);
        if let Some(mut decor) =
            self.explore
                .decor_if_changed(self.ws.doc(), revisions.data(), &self.metrics)
        {
            if let Some(compared) = self.comparing.as_ref().and_then(|c| c.compared()) {
                crate::view::changes::mark(self.ws.doc(), &compared.changes, &mut decor);
            }
            self.canvas.set_decor(decor);
        }
        if self.data_table.open {
            egui::Panel::bottom("data-table")
                .resizable(true)
                .default_size(300.0)
                .show(ui, |ui| {
                    let shown: Vec<bool> = self
                        .canvas
                        .decor()
                        .nodes
                        .iter()
                        .map(|d| !d.hidden || d.folded_away)
                        .collect();
                    let shown_relations: Vec<bool> = self
                        .canvas
                        .decor()
                        .edges
                        .iter()
                        .map(|d| !d.hidden || d.folded_away)
                        .collect();
                    actions.extend(self.data_table.show(
                        ui,
                        &self.ws.shared_doc(),
                        &self.ws.selection,
                        (shown, shown_relations),
                        revisions.data(),
                    ));
                });
        }
        let canvas_frame = egui::Frame::NONE.fill(ui.visuals().extreme_bg_color);
        egui::CentralPanel::default()
            .frame(canvas_frame)
            .show(ui, |ui| {
                let out = self.canvas.show(ui, self.ws.doc(), &self.ws.selection);
                actions.extend(out.actions);
                if out.layout_settled {
                    self.commit_layout();
                }
                actions.extend(self.case_marks(ui));
                if ctx.input(|i| !i.raw.hovered_files.is_empty()) {
                    let rect = ui.max_rect();
                    ui.painter()
                        .rect_filled(rect, 0.0, egui::Color32::from_black_alpha(120));
                    ui.painter().text(
                        rect.center(),
                        egui::Align2::CENTER_CENTER,
                        "Drop a map to open it, or a picture on an entity",
                        egui::FontId::proportional(22.0),
                        egui::Color32::WHITE,
                    );
                }
            });

        actions.extend(self.case_windows(&ctx));
        actions.extend(self.reader.show(&ctx, self.ws.doc(), revisions.data()));
        actions.extend(self.disputes.show(&ctx, self.ws.doc(), revisions.data()));
        actions.extend(self.rules.show(
            &ctx,
            self.ws.doc(),
            self.explore.lens.as_ref(),
            &self.explore.filter,
        ));
        if let Some(review) = &mut self.merge_review {
            let asked = review.show(&ctx, &self.ws.shared_doc(), revisions.data());
            let merged = asked
                .actions
                .iter()
                .any(|a| matches!(a, Action::Edit { .. }));
            actions.extend(asked.actions);
            if !asked.open {
                self.merge_review = None;
            }
            if merged {
                self.merge_conflicts_open = true;
            }
            if asked.pick_base {
                self.pick_merge_file(crate::ui::file_dialog::Purpose::MergeBase);
            }
        }
        if let Some(comparing) = &mut self.comparing {
            let (asked, open) = comparing.show(&ctx);
            actions.extend(asked);
            if !open {
                self.comparing = None;
                self.canvas.set_ghosts(None);
                self.explore.redraw();
            }
        }
        actions.extend(crate::ui::panels::merge_conflicts::show(
            &ctx,
            self.ws.doc(),
            &mut self.merge_conflicts_open,
        ));
        if let Some(window) = &mut self.note_window {
            let (asked, open) = window.show(&ctx, self.ws.doc());
            actions.extend(asked);
            if !open {
                self.note_window = None;
            }
        }
        if let Some(editor) = &mut self.style_editor {
            let (asked, open) = editor.show(&ctx, self.ws.doc());
            actions.extend(asked);
            if !open {
                self.style_editor = None;
            }
        }
        actions.extend(self.palette_window(&ctx));
        self.help_window(&ctx);
        self.show_modals(&ctx, &mut actions);
        for action in actions {
            self.apply(action);
        }

        self.log_what_the_user_was_told();
        let title = self.title();
        if title != self.shown_title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.shown_title = title;
        }
        match self.shot_request.take() {
            // Drawn again off screen, as the canvas was drawn in this frame.
            Some(ShotFor::Save2x) => self.export_view_sharp(&ctx, frame),
            Some(purpose) => {
                // The screenshot shows this frame as drawn, without menus or dialogs.
                ctx.send_viewport_cmd(ViewportCommand::Screenshot(egui::UserData::new(purpose)));
                self.awaiting_shot = true;
            }
            None => {}
        }
        self.keep_recovery_copy(&ctx);
        if self.quit_confirmed {
            ctx.send_viewport_cmd(ViewportCommand::Close);
        }
        if self.canvas.is_layout_running() {
            ctx.request_repaint();
        }
        if self.case_busy() {
            // The spinner turns while the store works; its answer wakes the window too.
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.settings);
    }

    fn persist_egui_memory(&self) -> bool {
        // Zoom and pan belong to a map, not to the app: a new run starts fitted to its map.
        false
    }
}

impl RelmapApp {
    /// Writes each new status line and error message to the log: what the user saw is what
    /// a bug report needs.
    fn log_what_the_user_was_told(&mut self) {
        if self.status != self.logged.0 {
            tracing::info!("{}", self.status);
            self.logged.0.clone_from(&self.status);
        }
        let error = self
            .error
            .as_ref()
            .map(|e| format!("{}: {}", e.title, e.message));
        if error != self.logged.1 {
            if let Some(e) = &error {
                tracing::warn!("{e}");
            }
            self.logged.1 = error;
        }
    }
}
