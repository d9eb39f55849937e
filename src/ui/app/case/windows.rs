//! The case's windows and the "+N" badges on the canvas.

use super::super::*;

impl RelmapApp {
    /// The case's windows: the case search, the case chooser, the question before a large
    /// expand, the conflicts, and the form that opens a case.
    pub(in crate::ui::app) fn case_windows(&mut self, ctx: &egui::Context) -> Vec<Action> {
        use crate::ui::panels::case;
        let mut actions = Vec::new();
        if self.open_case_form.open {
            let recent: Vec<(String, String)> = self
                .settings
                .recent_cases
                .iter()
                .map(|r| (r.store.clone(), r.case.clone()))
                .collect();
            actions.extend(case::open_form(ctx, &mut self.open_case_form, &recent));
        }
        let Some(session) = self.case.as_mut() else {
            return actions;
        };
        if session.search.open && session.case.is_some() {
            actions.extend(case::search_window(ctx, &mut session.search, self.ws.doc()));
        }
        if session.case.is_none() && session.cases.len() > 1 {
            actions.extend(case::chooser(
                ctx,
                session.worker.location(),
                &session.cases,
            ));
        }
        if let Some(g) = &session.guard {
            actions.extend(case::guard(ctx, &g.seeds, &g.counts, self.ws.doc()));
        }
        if self.changes_open {
            let seen: Vec<(String, String)> = session
                .changes
                .iter()
                .map(|c| (c.at.clone(), c.text.clone()))
                .collect();
            let deleted: Vec<(crate::model::EntityId, String)> = session
                .deleted
                .iter()
                .flat_map(|g| g.entities.iter().map(|e| (e.id.clone(), e.name.clone())))
                .collect();
            actions.extend(case::changes(ctx, &seen, &deleted, &mut self.changes_open));
        }
        if self.conflicts_open && !session.conflicts.is_empty() {
            actions.extend(crate::ui::panels::conflicts::conflicts(
                ctx,
                &session.conflicts,
                &mut self.conflict_choices,
                &mut self.conflicts_open,
            ));
        }
        actions
    }

    /// A "+N" badge on each entity in view with neighbours in the case that are not: a click
    /// expands it.
    pub(in crate::ui::app) fn hidden_badges(&self, ui: &mut egui::Ui) -> Vec<Action> {
        let mut actions = Vec::new();
        let Some(session) = &self.case else {
            return actions;
        };
        if session.hidden.is_empty() {
            return actions;
        }
        let shapes = self.canvas.entity_shapes();
        let font = egui::FontId::proportional(10.0);
        let visuals = ui.visuals().clone();
        for (i, e) in self.ws.doc().entities.iter().enumerate() {
            let n = session.hidden_count(e.id.as_str());
            let Some(Some((centre, radius))) = shapes.get(i) else {
                continue;
            };
            if n == 0 {
                continue;
            }
            let text = format!("+{n}");
            let galley =
                ui.painter()
                    .layout_no_wrap(text, font.clone(), visuals.strong_text_color());
            let size = galley.size() + egui::vec2(6.0, 2.0);
            let at = *centre + egui::vec2(radius * 0.7, -radius * 0.7 - size.y * 0.5);
            let rect = egui::Rect::from_min_size(at, size);
            let response = ui
                .interact(rect, ui.id().with(("hidden", i)), egui::Sense::click())
                .on_hover_text(format!(
                    "{n} neighbours in the case not in view: click to expand"
                ));
            let fill = if response.hovered() {
                visuals.selection.bg_fill
            } else {
                visuals.widgets.inactive.bg_fill
            };
            ui.painter().rect_filled(rect, 4.0, fill);
            ui.painter().galley(
                rect.min + egui::vec2(3.0, 1.0),
                galley,
                visuals.strong_text_color(),
            );
            if response.clicked() || response.double_clicked() {
                actions.push(Action::Expand {
                    seeds: vec![e.id.clone()],
                    kinds: Vec::new(),
                });
            }
        }
        actions
    }
}
