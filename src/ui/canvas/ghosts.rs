//! Ghosts on the canvas (File ▸ Compare with…): what the compared version had and this one
//! lost, drawn under the map as dashed outlines and lines where it stood (`view::changes`).
//! A ghost the other version never placed stands beside its neighbours still in the map.

use super::*;
use crate::view::changes::{GhostEnd, Ghosts};

/// How far from its neighbours a ghost that was never placed stands, in canvas units.
const GHOST_OFFSET: f32 = 70.0;

impl Canvas {
    /// What the compared version lost, to draw; `None` when not comparing.
    pub fn set_ghosts(&mut self, ghosts: Option<Arc<Ghosts>>) {
        self.ghosts = ghosts;
    }

    /// Where each ghost stands, in canvas units; `None` for one with nothing to stand by.
    fn ghost_points(&self) -> Vec<Option<Pos2>> {
        let Some(ghosts) = &self.ghosts else {
            return Vec::new();
        };
        let positions = self.sim.positions();
        ghosts
            .entities
            .iter()
            .enumerate()
            .map(|(k, g)| {
                if let Some(at) = &g.at {
                    return Some(pos2(at.x as f32, at.y as f32));
                }
                let near: Vec<Pos2> = g
                    .near
                    .iter()
                    .filter_map(|&i| positions.get(i))
                    .map(|p| pos2(p[0], p[1]))
                    .collect();
                if near.is_empty() {
                    return None;
                }
                let centre =
                    near.iter().fold(Vec2::ZERO, |s, p| s + p.to_vec2()) / near.len() as f32;
                // Spread ghosts that stand by the same neighbours round them.
                let angle = k as f32 * 2.399_963;
                Some(centre.to_pos2() + GHOST_OFFSET * vec2(angle.cos(), angle.sin()))
            })
            .collect()
    }

    /// Where the ghost of entity `id` stands, in canvas units.
    pub fn ghost_at(&self, id: &str) -> Option<Pos2> {
        let k = self
            .ghosts
            .as_ref()?
            .entities
            .iter()
            .position(|g| g.id == id)?;
        self.ghost_points().get(k).copied().flatten()
    }

    /// Where the ghost of relation `id` runs, in canvas units: its middle.
    pub fn ghost_relation_at(&self, id: &str) -> Option<Pos2> {
        let ghosts = self.ghosts.as_ref()?;
        let r = ghosts.relations.iter().find(|r| r.id == id)?;
        let points = self.ghost_points();
        let (a, b) = (
            self.end_point(r.ends.0, &points)?,
            self.end_point(r.ends.1, &points)?,
        );
        Some(a.lerp(b, 0.5))
    }

    fn end_point(&self, end: GhostEnd, points: &[Option<Pos2>]) -> Option<Pos2> {
        match end {
            GhostEnd::Present(i) => self.sim.positions().get(i).map(|p| pos2(p[0], p[1])),
            GhostEnd::Ghost(g) => points.get(g).copied().flatten(),
        }
    }

    /// Centres the view on a point of the canvas, at full size.
    pub fn zoom_to_point(&mut self, p: Pos2) {
        self.zoom_to_point = Some(p);
        self.follow_layout = false;
        self.keep_fitted = false;
    }

    /// The ghosts' dashed outlines, names and lines, on screen.
    pub(super) fn ghost_shapes(
        &self,
        ctx: &egui::Context,
        doc: &Document,
        view: ViewTransform,
    ) -> Vec<Shape> {
        let Some(ghosts) = &self.ghosts else {
            return Vec::new();
        };
        let (opacity, dash, gap) = look::GHOST;
        let visuals = ctx.global_style().visuals.clone();
        let ink = paint::faded(paint::ink(look::Ink::Strong, &visuals), opacity);
        let points = self.ghost_points();
        let r = NODE_RADIUS * view.zoom;
        let mut shapes = Vec::new();
        for rel in &ghosts.relations {
            let (Some(a), Some(b)) = (
                self.end_point(rel.ends.0, &points),
                self.end_point(rel.ends.1, &points),
            ) else {
                continue;
            };
            let color = paint::faded(
                paint::rgb(look::relation_color(&doc.styles, &rel.kind)),
                opacity,
            );
            shapes.extend(Shape::dashed_line(
                &[view.to_screen(a), view.to_screen(b)],
                Stroke::new(2.0, color),
                dash,
                gap,
            ));
        }
        for (g, at) in ghosts.entities.iter().zip(&points) {
            let Some(at) = at else { continue };
            let c = view.to_screen(*at);
            if !view.rect.expand(r + LABEL_REACH).contains(c) {
                continue;
            }
            let color = paint::faded(
                paint::rgb(look::entity_style(&doc.styles, &g.kind).color),
                opacity,
            );
            let circle: Vec<Pos2> = (0..=32)
                .map(|k| {
                    let t = k as f32 / 32.0 * std::f32::consts::TAU;
                    c + r * vec2(t.cos(), t.sin())
                })
                .collect();
            shapes.extend(Shape::dashed_line(
                &circle,
                Stroke::new(2.0, color),
                dash,
                gap,
            ));
            if view.zoom >= 0.35 {
                let galley = ctx.fonts_mut(|f| {
                    f.layout_no_wrap(g.name.clone(), egui::FontId::proportional(12.0), ink)
                });
                let at = c + vec2(-galley.size().x / 2.0, r + 3.0);
                shapes.push(Shape::galley(at, galley, ink));
            }
        }
        shapes
    }
}
