//! What a case adds on the canvas: a "+N" badge on each entity with neighbours in the case
//! that are not in view, and the ghosts of what colleagues deleted from the view, each a click
//! away from being restored.

use super::super::*;

/// Entities drawn smaller than this (a radius in points) get no "+N" badge.
const BADGE_FROM_RADIUS: f32 = 6.0;

impl RelmapApp {
    /// The case's marks on the canvas: ghosts first, so badges stay on top.
    pub(in crate::ui::app) fn case_marks(&self, ui: &mut egui::Ui) -> Vec<Action> {
        let mut actions = self.deleted_ghosts(ui);
        actions.extend(self.hidden_badges(ui));
        actions
    }

    /// Each entity a colleague deleted while it was in view, where it was: a dashed ring, its
    /// name struck through, and who deleted it. Its relations to what is still in view are
    /// dashed too. A click restores it (as an edit, written to the case and undoable).
    fn deleted_ghosts(&self, ui: &mut egui::Ui) -> Vec<Action> {
        let mut actions = Vec::new();
        let Some(session) = &self.case else {
            return actions;
        };
        let Some(view) = self.canvas.view() else {
            return actions;
        };
        let doc = self.ws.doc();
        let visuals = ui.visuals().clone();
        let ink = visuals.weak_text_color();
        let dashed = egui::Stroke::new(1.5, ink);
        let radius = (crate::look::NODE_RADIUS * view.zoom).max(3.0);
        let shapes = self.canvas.entity_shapes();
        let ghosts: Vec<(&crate::model::Entity, egui::Pos2)> = session
            .deleted
            .iter()
            .flat_map(|g| g.entities.iter())
            .filter(|e| doc.entity(e.id.as_str()).is_none())
            .filter_map(|e| {
                let [x, y] = e.position.as_ref()?.to_f32();
                Some((e, view.to_screen(egui::pos2(x, y))))
            })
            .collect();
        let at = |id: &crate::model::EntityId| -> Option<(egui::Pos2, f32)> {
            if let Some((_, p)) = ghosts.iter().find(|(e, _)| &e.id == id) {
                return Some((*p, radius));
            }
            doc.entity_index(id.as_str())
                .and_then(|i| shapes.get(i).copied().flatten())
        };
        let painter = ui.painter();
        for r in session.deleted.iter().flat_map(|g| g.relations.iter()) {
            if let (Some((a, ra)), Some((b, rb))) = (at(&r.from), at(&r.to)) {
                let d = b - a;
                let len = d.length();
                if len > ra + rb {
                    let u = d / len;
                    painter.extend(egui::Shape::dashed_line(
                        &[a + u * ra, b - u * rb],
                        dashed,
                        6.0,
                        4.0,
                    ));
                }
            }
        }
        let font = egui::FontId::proportional(12.0);
        let small = egui::FontId::proportional(10.0);
        for (e, centre) in ghosts {
            let who = session
                .deleted_by
                .get(e.id.as_str())
                .map_or("a colleague", String::as_str);
            let ring = egui::Shape::dashed_line(
                &(0..=32)
                    .map(|k| {
                        let t = k as f32 / 32.0 * std::f32::consts::TAU;
                        centre + radius * egui::vec2(t.cos(), t.sin())
                    })
                    .collect::<Vec<_>>(),
                dashed,
                4.0,
                3.0,
            );
            painter.extend(ring);
            let name = painter.layout_no_wrap(e.name.clone(), font.clone(), ink);
            let name_at = centre + egui::vec2(-name.size().x / 2.0, radius + 2.0);
            let name_rect = egui::Rect::from_min_size(name_at, name.size());
            painter.galley(name_at, name, ink);
            painter.line_segment(
                [name_rect.left_center(), name_rect.right_center()],
                egui::Stroke::new(1.0, ink),
            );
            let note = painter.layout_no_wrap(format!("deleted by {who}"), small.clone(), ink);
            let note_at = egui::pos2(centre.x - note.size().x / 2.0, name_rect.bottom() + 1.0);
            let hit = egui::Rect::from_center_size(centre, egui::Vec2::splat(radius * 2.0))
                .union(name_rect)
                .union(egui::Rect::from_min_size(note_at, note.size()));
            painter.galley(note_at, note, ink);
            let text = format!("{}, deleted by {who}: click to restore", e.name);
            let response = ui
                .interact(
                    hit,
                    ui.id().with(("deleted", e.id.as_str())),
                    egui::Sense::click(),
                )
                .on_hover_text(&text);
            response.widget_info(|| {
                egui::WidgetInfo::labeled(egui::WidgetType::Button, true, text.clone())
            });
            if response.hovered() {
                ui.painter().rect_stroke(
                    hit.expand(2.0),
                    4.0,
                    egui::Stroke::new(1.0, visuals.selection.stroke.color),
                    egui::StrokeKind::Outside,
                );
            }
            if response.clicked() {
                actions.push(Action::Restore(e.id.clone()));
            }
        }
        actions
    }

    /// A "+N" badge on each entity in view with neighbours in the case that are not: a click
    /// expands it.
    fn hidden_badges(&self, ui: &mut egui::Ui) -> Vec<Action> {
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
        let on_screen = ui.clip_rect();
        for (i, e) in self.ws.doc().entities.iter().enumerate() {
            let Some(Some((centre, radius))) = shapes.get(i) else {
                continue;
            };
            // Only where it can be read and clicked: on screen, beside an entity drawn large
            // enough to tell whose it is. Zoomed out on thousands of entities, a badge each
            // cost the frame 7 to 10 ms (benches/case_window.rs) and covered the map; the
            // inspector still counts the selected entity's.
            if *radius < BADGE_FROM_RADIUS || !on_screen.contains(*centre) {
                continue;
            }
            let n = session.hidden_count(e.id.as_str());
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
            response.widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::WidgetType::Button,
                    true,
                    format!("+{n}: {}'s neighbours not in view", e.name),
                )
            });
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
