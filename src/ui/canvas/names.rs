//! Which entities' names the canvas shows this frame, through the look's label grid
//! (`crate::look::labels`), and the fitted view, which the look computes too, so `relmap
//! export --view` draws what the window shows.

use super::*;
use crate::look::Pt;
use crate::look::labels::{self, Area, Extent, NameCandidate};
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
                Some(NameCandidate {
                    entity: i,
                    area: labels::name_area(
                        &node.payload().name,
                        centre,
                        shape.width() / 2.0,
                        size,
                    ),
                    want: wants[i],
                    centrality: centrality[i],
                })
            })
            .collect();
        let chosen = labels::choose(&candidates, &shapes);
        let mut shown = vec![false; n];
        for &i in &chosen {
            shown[i] = true;
        }
        self.names = candidates
            .iter()
            .filter(|c| shown[c.entity])
            .map(|c| (c.entity, rect(c.area)))
            .collect();
        for (i, &node) in self.nodes.iter().enumerate() {
            if !drawn[i] && !shown[i] {
                continue;
            }
            if let Some(node) = self.graph.node_mut(node) {
                node.payload_mut().name_shown = shown[i];
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
        let v = labels::fit(&items, rect.width(), rect.height());
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
