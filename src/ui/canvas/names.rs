//! Which entities' names the canvas shows this frame, through the look's label grid
//! (`crate::look::labels`), and the fitted view, which the look computes too, so `relmap
//! export --view` draws what the window shows.

use super::*;
use crate::look::Pt;
use crate::look::fit::{self, Extent};
use crate::look::geometry::RelationPath;
use crate::look::labels::{Area, Line, Slot, shape_area};
use crate::look::place::{OnScreen, grid_lines, place_names};
use crate::look::route;
use crate::ui::paint::{pos, pt};

/// A box on screen as egui's.
fn rect(a: Area) -> Rect {
    Rect::from_min_max(pos(a.min), pos(a.max))
}

impl Canvas {
    /// Decides which names show in a frame seen through `view`, and tells their displays.
    /// Only entities drawn by displays have names; the far view draws none.
    pub(super) fn place_names(
        &mut self,
        plan: &DrawPlan,
        highlights: &Highlights,
        view: ViewTransform,
    ) {
        let n = self.nodes.len();
        let positions = self.sim.positions();
        let reach = view.rect.expand(LABEL_REACH);
        let mut drawn = vec![false; n];
        let mut on_screen = Vec::new();
        for (i, is_drawn) in drawn.iter_mut().enumerate() {
            let (Some(p), Some(&r), Some(node)) = (
                positions.get(i),
                self.radii.get(i),
                self.graph.node(self.nodes[i]),
            ) else {
                continue;
            };
            let c = view.to_screen(pos2(p[0], p[1]));
            if plan.nodes[i] != far::Drawn::Display || !reach.contains(c) {
                continue;
            }
            *is_drawn = true;
            let decor = self.decor.nodes.get(i).copied().unwrap_or_default();
            on_screen.push(OnScreen {
                entity: i,
                name: &node.payload().name,
                center: pt(c),
                radius: r * view.zoom,
                must: highlights.node(i) || decor.marked || decor.label == Some(true),
                // A rule hiding its name leaves it to show only when it must (hovered).
                dimmed: decor.dimmed || decor.label == Some(false),
                landmark: self.scene.landmarks.get(i).copied().unwrap_or(false),
                label_scale: decor.label_scale,
            });
        }
        let links: Vec<(usize, usize, bool)> = self
            .scene
            .links
            .iter()
            .map(|l| (l.a, l.b, l.contested))
            .collect();
        // The lines names keep off: relations drawn with an end on screen, as straight
        // segments between their ends (hidden ones are not drawn), by scene link.
        let indexed: Vec<(usize, Line)> = self
            .scene
            .links
            .iter()
            .zip(&plan.edges)
            .enumerate()
            .filter(|(_, (l, d))| {
                **d == far::Drawn::Display && l.a != l.b && (drawn[l.a] || drawn[l.b])
            })
            .filter_map(|(k, (l, _))| {
                let (pa, pb) = (positions.get(l.a)?, positions.get(l.b)?);
                Some((
                    k,
                    Line {
                        a: l.a,
                        b: l.b,
                        from: pt(view.to_screen(pos2(pa[0], pa[1]))),
                        to: pt(view.to_screen(pos2(pb[0], pb[1]))),
                    },
                ))
            })
            .collect();
        // A parallel relation curves: the grid sees the pieces of its curve, drawn in canvas
        // units and scaled, as its display draws it.
        let radius = |i: usize| self.radii.get(i).copied().unwrap_or(NODE_RADIUS);
        let lines: Vec<Line> = indexed
            .iter()
            .flat_map(|&(k, l)| {
                let order = self.scene.links.get(k).map_or(0, |link| link.order);
                let path = (order > 0)
                    .then(|| {
                        let (pa, pb) = (positions.get(l.a)?, positions.get(l.b)?);
                        RelationPath::between(
                            (Pt::new(pa[0], pa[1]), radius(l.a)),
                            (Pt::new(pb[0], pb[1]), radius(l.b)),
                            order,
                            false,
                        )
                    })
                    .flatten()
                    .map(|p| p.map(|q| pt(view.to_screen(pos(q)))));
                grid_lines(l.a, l.b, l.from, l.to, path.as_ref())
            })
            .collect();
        let canvas = Area {
            min: pt(view.rect.min),
            max: pt(view.rect.max),
        };
        let chosen = place_names(
            n,
            &on_screen,
            &links,
            &highlights.selected,
            crate::look::place::KeepOff {
                lines: &lines,
                obstacles: &self.note_areas(view),
            },
            view.zoom,
            canvas,
        );
        let mut shown: Vec<Option<Slot>> = vec![None; n];
        for &(i, slot, _) in &chosen {
            shown[i] = Some(slot);
        }
        self.names = chosen.iter().map(|&(i, _, area)| (i, rect(area))).collect();
        // Entities' shapes, which bent lines keep off too.
        let shapes: Vec<(usize, Area)> = if chosen.is_empty() {
            Vec::new()
        } else {
            on_screen
                .iter()
                .map(|e| (e.entity, shape_area(e.center, e.radius)))
                .collect()
        };
        self.bend_lines(&indexed, &chosen, &shapes, view.zoom);
        for (i, &node) in self.nodes.iter().enumerate() {
            if !drawn[i] && shown[i].is_none() {
                continue;
            }
            if let Some(node) = self.graph.node_mut(node) {
                let payload = node.payload_mut();
                payload.name_shown = shown[i].is_some();
                payload.name_slot = shown[i].unwrap_or_default();
            }
        }
    }

    /// Bends the straight lines among `lines` (scene link, line on screen) that cross a shown
    /// name (`chosen`) or another entity's shape (`shapes`, on screen) round them, as `relmap export --view` does
    /// ([`crate::look::route`]), and straightens the lines bent before that no longer need it.
    fn bend_lines(
        &mut self,
        lines: &[(usize, Line)],
        chosen: &[(usize, Slot, Area)],
        shapes: &[(usize, Area)],
        zoom: f32,
    ) {
        let mut bent: Vec<(usize, f32)> = Vec::new();
        if !chosen.is_empty() {
            let straight: Vec<(usize, Line)> = lines
                .iter()
                .filter(|(k, _)| self.scene.links.get(*k).is_some_and(|l| l.order == 0))
                .copied()
                .collect();
            let names: Vec<(usize, Area)> = chosen.iter().map(|&(i, _, a)| (i, a)).collect();
            let only: Vec<Line> = straight.iter().map(|(_, l)| *l).collect();
            bent = straight
                .iter()
                .zip(route::bends(&only, &names, shapes))
                .filter(|(_, b)| *b != 0.0)
                .map(|((k, _), b)| (*k, b / zoom.max(1e-6)))
                .collect();
        }
        let mut changed = false;
        let before = std::mem::take(&mut self.bent);
        for &(k, _) in &before {
            if !bent.iter().any(|&(j, _)| j == k) {
                changed |= self.set_bend(k, 0.0);
            }
        }
        for &(k, b) in &bent {
            changed |= self.set_bend(k, b);
        }
        self.bent = bent;
        if changed {
            self.hits_stale = true;
        }
    }

    /// Sets scene link `k`'s bend (canvas units) where it is drawn from; whether it changed.
    fn set_bend(&mut self, k: usize, bend: f32) -> bool {
        let Some(link) = self.scene.links.get_mut(k) else {
            return false;
        };
        if link.bend == bend {
            return false;
        }
        link.bend = bend;
        if let Some(edge) = self.graph.edge_mut(EdgeIndex::new(k)) {
            edge.payload_mut().bend = bend;
        }
        true
    }

    /// The view that fits the whole map, names included, into `rect`.
    pub(super) fn fitted_view(&self, rect: Rect) -> ViewTransform {
        let positions = self.sim.positions();
        let mut loops = vec![false; self.nodes.len()];
        for l in &self.scene.links {
            if l.a == l.b
                && let Some(x) = loops.get_mut(l.a)
            {
                *x = true;
            }
        }
        let items: Vec<Extent> = (0..self.nodes.len())
            .filter(|&i| !self.decor.nodes.get(i).is_some_and(|d| d.hidden))
            .filter_map(|i| {
                let p = positions.get(i)?;
                let node = self.graph.node(self.nodes[i])?;
                Some(Extent {
                    center: Pt::new(p[0], p[1]),
                    radius: self.radii.get(i).copied().unwrap_or(NODE_RADIUS),
                    name: &node.payload().name,
                    has_loop: loops[i],
                })
            })
            .collect();
        let v = fit::fit(&items, rect.width(), rect.height());
        ViewTransform {
            origin: rect.min,
            pan: vec2(v.pan.x, v.pan.y),
            zoom: v.zoom,
            rect,
        }
    }

    /// The names drawn in the last frame, by entity index, with each one's box on screen.
    pub fn name_boxes(&self) -> &[(usize, Rect)] {
        &self.names
    }

    /// Each entity's shape on screen in the last frame (centre and radius), `None` for hidden
    /// ones.
    pub fn entity_shapes(&self) -> Vec<Option<(Pos2, f32)>> {
        let Some(view) = self.view else {
            return vec![None; self.nodes.len()];
        };
        (0..self.nodes.len())
            .map(|i| {
                if self.decor.nodes.get(i).is_some_and(|d| d.hidden) {
                    return None;
                }
                let p = self.sim.positions().get(i)?;
                let r = self.radii.get(i)?;
                Some((view.to_screen(pos2(p[0], p[1])), r * view.zoom))
            })
            .collect()
    }
}
