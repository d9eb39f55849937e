//! Groups on the canvas (`look::groups` in egui's shapes): frames under everything, and a
//! folded group as a box over its members' centre, with one counted line to each other end.
//! A click on a folded group selects its members; a double-click unfolds it.

use super::*;
use crate::look::groups::{FOLDED_HALF, FRAME_TITLE, Groups};

impl Canvas {
    /// The map's groups as the canvas draws them.
    pub fn groups(&self) -> &Groups {
        &self.groups
    }

    /// The frames of unfolded groups, to go under the relations and entities, and their names,
    /// to go over them (on a backing, so a name under the frame's edge cannot hide it).
    pub(super) fn frame_shapes(
        &self,
        ctx: &egui::Context,
        view: ViewTransform,
        paper: Color32,
    ) -> (Vec<Shape>, Vec<Shape>) {
        if self.groups.is_empty() {
            return (Vec::new(), Vec::new());
        }
        let positions = self.sim.positions();
        let radius = |i: usize| self.radii.get(i).copied().unwrap_or(NODE_RADIUS);
        let shown = |i: usize| !self.decor.nodes.get(i).is_some_and(|d| d.hidden);
        let mut shapes = Vec::new();
        let mut names = Vec::new();
        for frame in self.groups.frames(positions, &radius, &shown) {
            let [r, g, b] = self.groups.colors[frame.group];
            let color = Color32::from_rgb(r, g, b);
            let rect = Rect::from_min_max(
                view.to_screen(pos2(frame.min[0], frame.min[1])),
                view.to_screen(pos2(frame.max[0], frame.max[1])),
            );
            if !rect.intersects(view.rect) {
                continue;
            }
            let rounding = (8.0 * view.zoom).clamp(2.0, 12.0);
            shapes.push(Shape::rect_filled(
                rect,
                rounding,
                color.gamma_multiply(0.08),
            ));
            shapes.push(Shape::rect_stroke(
                rect,
                rounding,
                Stroke::new(1.5, color.gamma_multiply(0.8)),
                StrokeKind::Inside,
            ));
            // Readable from a third of full size up, like entities' names.
            let size = (FRAME_TITLE * 0.75 * view.zoom).clamp(10.0, 15.0);
            if view.zoom >= 0.3 {
                let galley = ctx.fonts_mut(|f| {
                    f.layout_no_wrap(
                        self.groups.names[frame.group].clone(),
                        FontId::proportional(size),
                        color,
                    )
                });
                let at = rect.min + vec2(6.0, ((FRAME_TITLE * view.zoom - size) / 2.0).max(2.0));
                let back = Rect::from_min_size(at, galley.size()).expand(2.0);
                names.push(Shape::rect_filled(back, 2.0, paper.gamma_multiply(0.9)));
                names.push(Shape::galley(at, galley, color));
            }
        }
        (shapes, names)
    }

    /// Folded groups and their counted lines, over the map.
    pub(super) fn folded_shapes(
        &self,
        ctx: &egui::Context,
        view: ViewTransform,
        visuals: &egui::Visuals,
        selected: &dyn Fn(usize) -> bool,
    ) -> Vec<Shape> {
        if self.groups.folded.is_empty() {
            return Vec::new();
        }
        let positions = self.sim.positions();
        let shown = |i: usize| !self.decor.nodes.get(i).is_some_and(|d| d.hidden);
        let text = visuals.text_color();
        let paper = visuals.extreme_bg_color;
        let mut shapes = Vec::new();
        for link in &self.groups.links {
            let visible = |e: look::groups::End| match e {
                look::groups::End::Entity(i) => shown(i),
                look::groups::End::Group(_) => true,
            };
            if !visible(link.a) || !visible(link.b) {
                continue;
            }
            let (Some(a), Some(b)) = (
                self.groups.end_at(link.a, positions),
                self.groups.end_at(link.b, positions),
            ) else {
                continue;
            };
            let (a, b) = (
                view.to_screen(pos2(a[0], a[1])),
                view.to_screen(pos2(b[0], b[1])),
            );
            let color = link
                .relations
                .first()
                .and_then(|&r| self.scene.links.iter().find(|l| l.relation == r))
                .map_or(text, |l| l.color);
            // On the highlighted path when one of its relations is.
            let on_path = link.relations.iter().any(|&r| {
                self.decor
                    .edges
                    .get(r)
                    .is_some_and(|d| d.mark == crate::view::EdgeMark::Path)
            });
            let color = if on_path {
                paint::ink(look::Ink::Accent, visuals)
            } else {
                color
            };
            let width = (1.2 + (link.relations.len() as f32).ln()).min(5.0)
                + if on_path { 1.5 } else { 0.0 };
            shapes.push(Shape::line_segment([a, b], Stroke::new(width, color)));
            if link.relations.len() > 1 {
                let mid = a + (b - a) * 0.5;
                let galley = ctx.fonts_mut(|f| {
                    f.layout_no_wrap(
                        link.relations.len().to_string(),
                        FontId::proportional(11.0),
                        text,
                    )
                });
                let r = Rect::from_center_size(mid, galley.size() + vec2(8.0, 2.0));
                shapes.push(Shape::rect_filled(r, 6.0, paper));
                shapes.push(Shape::rect_stroke(
                    r,
                    6.0,
                    Stroke::new(1.0, color),
                    StrokeKind::Inside,
                ));
                shapes.push(Shape::galley(r.min + vec2(4.0, 1.0), galley, text));
            }
        }
        for &g in &self.groups.folded {
            let Some(c) = self.groups.folded_centre(g, positions) else {
                continue;
            };
            let centre = view.to_screen(pos2(c[0], c[1]));
            let half = FOLDED_HALF * view.zoom;
            let rect = Rect::from_center_size(centre, vec2(half * 2.0, half * 2.0));
            let [r, gr, b] = self.groups.colors[g];
            let color = Color32::from_rgb(r, gr, b);
            // Selected when all its members are; on the path when one of them is.
            let is_selected = self.groups.all_members[g].iter().all(|&m| selected(m))
                || self.groups.all_members[g]
                    .iter()
                    .any(|&m| self.decor.nodes.get(m).is_some_and(|d| d.marked));
            let stroke = if is_selected {
                Stroke::new(3.0, paint::ink(look::Ink::Accent, visuals))
            } else {
                Stroke::new(2.0, color)
            };
            // Two offset cards behind the box say "several".
            for k in [2.0, 1.0] {
                let behind = rect.translate(vec2(4.0 * k, -4.0 * k) * view.zoom.min(1.0));
                shapes.push(Shape::rect_filled(behind, 5.0, paper));
                shapes.push(Shape::rect_stroke(
                    behind,
                    5.0,
                    Stroke::new(1.0, color),
                    StrokeKind::Inside,
                ));
            }
            shapes.push(Shape::rect_filled(rect, 5.0, color.gamma_multiply(0.85)));
            shapes.push(Shape::rect_stroke(rect, 5.0, stroke, StrokeKind::Inside));
            let count = ctx.fonts_mut(|f| {
                f.layout_no_wrap(
                    self.groups.all_members[g].len().to_string(),
                    FontId::proportional((13.0 * view.zoom).clamp(8.0, 16.0)),
                    Color32::WHITE,
                )
            });
            shapes.push(Shape::galley(
                centre - count.size() / 2.0,
                count,
                Color32::WHITE,
            ));
            if view.zoom >= 0.35 {
                let name = ctx.fonts_mut(|f| {
                    f.layout_no_wrap(
                        self.groups.names[g].clone(),
                        FontId::proportional(label_font_size(view.zoom)),
                        text,
                    )
                });
                let at = pos2(centre.x - name.size().x / 2.0, rect.max.y + 3.0);
                let back = Rect::from_min_size(at, name.size()).expand(2.0);
                shapes.push(Shape::rect_filled(back, 2.0, paper.gamma_multiply(0.85)));
                shapes.push(Shape::galley(at, name, text));
            }
        }
        shapes
    }

    /// Where folded group `group` (by index in the map's groups) was drawn in the last frame,
    /// in screen points.
    pub fn folded_screen_pos(&self, group: usize) -> Option<Pos2> {
        let view = self.view?;
        let c = self.groups.folded_centre(group, self.sim.positions())?;
        self.groups
            .folded
            .contains(&group)
            .then(|| view.to_screen(pos2(c[0], c[1])))
    }

    /// The folded group drawn under screen point `p`, by index in the map's groups.
    pub(super) fn folded_under(&self, p: Pos2) -> Option<usize> {
        let c = self.to_canvas(p)?;
        self.groups.folded_at([c.x, c.y], self.sim.positions())
    }

    /// A click on a folded group selects its members; a double-click unfolds it.
    pub(super) fn click_folded(
        &self,
        doc: &Document,
        group: usize,
        double: bool,
        out: &mut CanvasOutput,
    ) {
        let Some(g) = doc.groups.get(group) else {
            return;
        };
        if double {
            if let Ok(edit) =
                crate::edit::grouping::set_folded(doc, std::slice::from_ref(&g.id), false)
            {
                out.actions.push(Action::Edit {
                    label: format!("Unfold {}", g.name),
                    edits: vec![edit],
                    then: None,
                });
            }
            return;
        }
        let ids = doc.group_members(g.id.as_str());
        out.actions
            .push(Action::Select(Selection::of_entities(ids)));
    }
}
