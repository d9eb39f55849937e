//! Which entities' names the canvas shows this frame, through the look's label grid
//! (`crate::look::labels`), and the fitted view, which the look computes too, so `relmap
//! export --view` draws what the window shows.

use super::*;
use crate::look::Pt;
use crate::look::fit::{self, Extent};
use crate::look::labels::{self, Area, Line, NameCandidate, Slot};
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
        let size = labels::name_size(view.zoom);
        let reach = view.rect.expand(LABEL_REACH);
        let mut shapes = Vec::new();
        let mut must = vec![false; n];
        let mut drawn = vec![false; n];
        for i in 0..n {
            let (Some(p), Some(&r)) = (positions.get(i), self.radii.get(i)) else {
                continue;
            };
            let c = view.to_screen(pos2(p[0], p[1]));
            if plan.nodes[i] != far::Drawn::Display || !reach.contains(c) {
                continue;
            }
            drawn[i] = true;
            let decor = self.decor.nodes.get(i).copied().unwrap_or_default();
            must[i] = highlights.node(i) || decor.marked;
            shapes.push((i, labels::shape_area(pt(c), r * view.zoom)));
        }
        let links: Vec<(usize, usize, bool)> = self
            .scene
            .links
            .iter()
            .map(|l| (l.a, l.b, l.contested))
            .collect();
        let wants = labels::wants(&must, &highlights.selected, &links);
        let centrality = labels::degrees(n, &links);
        let candidates: Vec<NameCandidate> = shapes
            .iter()
            .filter(|&&(i, _)| {
                let decor = self.decor.nodes.get(i).copied().unwrap_or_default();
                shows_name(view.zoom, decor, must[i])
            })
            .filter_map(|&(i, shape)| {
                let node = self.graph.node(self.nodes[i])?;
                let centre = Pt::new(
                    (shape.min.x + shape.max.x) / 2.0,
                    (shape.min.y + shape.max.y) / 2.0,
                );
                Some(NameCandidate::new(
                    i,
                    &node.payload().name,
                    (centre, shape.width() / 2.0),
                    size,
                    wants[i],
                    centrality[i],
                ))
            })
            .collect();
        // The lines names keep off: relations drawn with an end on screen, as straight
        // segments between their ends (hidden ones are not drawn).
        let lines: Vec<Line> = self
            .scene
            .links
            .iter()
            .zip(&plan.edges)
            .filter(|(l, d)| **d == far::Drawn::Display && l.a != l.b && (drawn[l.a] || drawn[l.b]))
            .filter_map(|(l, _)| {
                let (pa, pb) = (positions.get(l.a)?, positions.get(l.b)?);
                Some(Line {
                    a: l.a,
                    b: l.b,
                    from: pt(view.to_screen(pos2(pa[0], pa[1]))),
                    to: pt(view.to_screen(pos2(pb[0], pb[1]))),
                })
            })
            .collect();
        let canvas = Area {
            min: pt(view.rect.min),
            max: pt(view.rect.max),
        };
        let chosen = labels::choose(&candidates, &shapes, &lines, Some(canvas));
        let mut shown: Vec<Option<Slot>> = vec![None; n];
        for &(i, slot) in &chosen {
            shown[i] = Some(slot);
        }
        self.names = candidates
            .iter()
            .filter_map(|c| {
                let slot = shown[c.entity]?;
                let k = Slot::ALL.iter().position(|&s| s == slot)?;
                Some((c.entity, rect(c.slots[k])))
            })
            .collect();
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
