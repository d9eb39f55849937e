//! What lies under the pointer on the canvas, found through [`crate::spatial::Grid`]s rather
//! than by testing every entity and relation: egui_graphs asks on every frame the pointer
//! moves, and a large map has 100 000 entities and twice as many relations.
//!
//! An index is a snapshot of the drawn geometry. The canvas builds a new one when positions,
//! sizes or visibility change; the relations' grid is built on the first question about
//! relations, since a running layout moves everything on every frame.

use std::sync::OnceLock;

use egui::{Pos2, pos2};

use super::base::{relation_geometry, relation_polyline};
use super::far::Scene;
use crate::spatial::{Grid, distance_to_segment};
use crate::view::Decor;

/// How far from its shape an entity still counts as under the pointer, relative to its radius.
pub const NODE_REACH: f32 = 1.2;
/// How far from its line a relation still counts as under the pointer, in canvas units.
pub const EDGE_REACH: f32 = 4.0;

/// One relation's ends (entity indices) and its place among parallel relations.
#[derive(Debug, Clone, Copy)]
struct EdgeEnds {
    a: usize,
    b: usize,
    order: usize,
    bend: f32,
}

/// The geometry of one frame of the canvas, indexed for hit-testing. Entity `i` is graph node
/// `i`; relations are numbered by graph edge index.
#[derive(Debug, Default)]
pub struct HitIndex {
    /// Centres in canvas coordinates; hidden entities are not placed (NaN).
    centres: Vec<[f32; 2]>,
    radii: Vec<f32>,
    /// `None` for relations that cannot be hit (hidden, or from an entity to itself).
    edges: Vec<Option<EdgeEnds>>,
    nodes: Grid,
    lines: OnceLock<Grid>,
}

impl HitIndex {
    /// Indexes the map as it is drawn now.
    pub fn of(scene: &Scene, positions: &[[f32; 2]], radii: &[f32], decor: &Decor) -> Self {
        let centres: Vec<[f32; 2]> = positions
            .iter()
            .enumerate()
            .map(|(i, &p)| {
                if decor.nodes.get(i).is_some_and(|d| d.hidden) {
                    [f32::NAN; 2]
                } else {
                    p
                }
            })
            .collect();
        let radii: Vec<f32> = (0..centres.len())
            .map(|i| radii.get(i).copied().unwrap_or(0.0))
            .collect();
        let edges = scene
            .links
            .iter()
            .map(|l| {
                let hidden = decor.edges.get(l.relation).is_some_and(|d| d.hidden);
                (l.a != l.b && !hidden).then_some(EdgeEnds {
                    a: l.a,
                    b: l.b,
                    order: l.order,
                    bend: l.bend,
                })
            })
            .collect();
        let reach: Vec<f32> = radii.iter().map(|r| r * NODE_REACH).collect();
        Self {
            nodes: Grid::points(&centres, &reach),
            centres,
            radii,
            edges,
            lines: OnceLock::new(),
        }
    }

    /// The entity under canvas point `p`: the nearest whose shape (widened a little) holds it.
    pub fn node_at(&self, p: Pos2) -> Option<usize> {
        self.nodes
            .candidates([p.x, p.y])
            .iter()
            .map(|&i| i as usize)
            .filter_map(|i| {
                let c = self.centres[i];
                let d = (c[0] - p.x).hypot(c[1] - p.y);
                (d <= self.radii[i] * NODE_REACH).then_some((i, d))
            })
            .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)))
            .map(|(i, _)| i)
    }

    /// The relation under canvas point `p`: the nearest whose line passes within
    /// [`EDGE_REACH`].
    pub fn edge_at(&self, p: Pos2) -> Option<usize> {
        let lines = self.lines.get_or_init(|| self.line_grid());
        lines
            .candidates([p.x, p.y])
            .iter()
            .map(|&i| i as usize)
            .filter_map(|i| {
                let d = distance_to_polyline(p, &self.polyline(i)?);
                (d <= EDGE_REACH).then_some((i, d))
            })
            .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)))
            .map(|(i, _)| i)
    }

    /// The line of relation `i` as drawn, in canvas coordinates.
    fn polyline(&self, i: usize) -> Option<Vec<Pos2>> {
        let e = (*self.edges.get(i)?)?;
        let at = |n: usize| {
            let c = self.centres.get(n).copied().unwrap_or([f32::NAN; 2]);
            (pos2(c[0], c[1]), self.radii.get(n).copied().unwrap_or(0.0))
        };
        let (s, t, ctrl) = relation_geometry(at(e.a), at(e.b), e.order, e.bend);
        Some(relation_polyline(s, t, ctrl))
    }

    fn line_grid(&self) -> Grid {
        let mut segments = Vec::with_capacity(self.edges.len());
        for i in 0..self.edges.len() {
            if let Some(points) = self.polyline(i) {
                for w in points.windows(2) {
                    segments.push(([w[0].x, w[0].y], [w[1].x, w[1].y], i as u32));
                }
            }
        }
        Grid::segments(&segments, EDGE_REACH)
    }
}

/// The distance from `p` to the nearest point of a polyline.
pub fn distance_to_polyline(p: Pos2, points: &[Pos2]) -> f32 {
    points
        .windows(2)
        .map(|w| distance_to_segment([p.x, p.y], [w[0].x, w[0].y], [w[1].x, w[1].y]))
        .fold(f32::INFINITY, f32::min)
}

impl egui_graphs::HitTest for HitIndex {
    fn node_at(&self, canvas_pos: Pos2) -> Option<usize> {
        HitIndex::node_at(self, canvas_pos)
    }

    fn edge_at(&self, canvas_pos: Pos2) -> Option<usize> {
        HitIndex::edge_at(self, canvas_pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::canvas::far::Link;
    use crate::view::{EdgeDecor, NodeDecor};

    fn link(a: usize, b: usize, order: usize, relation: usize) -> Link {
        Link {
            a,
            b,
            order,
            bend: 0.0,
            relation,
            color: egui::Color32::GRAY,
            contested: false,
        }
    }

    /// Three entities in a row, 100 apart, with a straight and a curved relation between the
    /// first two and one from the second to the third.
    fn index(decor: &Decor) -> HitIndex {
        let scene = Scene {
            colors: vec![egui::Color32::RED; 3],
            links: vec![link(0, 1, 0, 0), link(0, 1, 1, 1), link(1, 2, 0, 2)],
            landmarks: Vec::new(),
        };
        let positions = [[0.0, 0.0], [100.0, 0.0], [200.0, 0.0]];
        HitIndex::of(&scene, &positions, &[12.0; 3], decor)
    }

    #[test]
    fn the_nearest_entity_under_a_point_is_found() {
        let hits = index(&Decor::default());
        assert_eq!(hits.node_at(pos2(3.0, 4.0)), Some(0));
        assert_eq!(hits.node_at(pos2(105.0, 0.0)), Some(1));
        assert_eq!(hits.node_at(pos2(50.0, 0.0)), None, "between entities");
        assert_eq!(hits.node_at(pos2(0.0, 14.0)), Some(0), "within 1.2 radii");
        assert_eq!(hits.node_at(pos2(0.0, 15.0)), None);
    }

    #[test]
    fn relations_are_found_along_their_lines_and_curves() {
        let hits = index(&Decor::default());
        assert_eq!(hits.edge_at(pos2(50.0, 2.0)), Some(0), "the straight one");
        assert_eq!(hits.edge_at(pos2(150.0, -3.0)), Some(2));
        // The second relation between the same two bows out by 44 at its control point, so
        // its curve passes 22 from the chord at the middle.
        assert_eq!(hits.edge_at(pos2(50.0, 22.0)), Some(1), "the curved one");
        assert_eq!(hits.edge_at(pos2(50.0, 12.0)), None);
    }

    #[test]
    fn hidden_things_cannot_be_hit() {
        let hidden_node = NodeDecor {
            hidden: true,
            ..NodeDecor::default()
        };
        let hidden_edge = EdgeDecor {
            hidden: true,
            ..EdgeDecor::default()
        };
        let decor = Decor {
            nodes: vec![hidden_node, NodeDecor::default(), NodeDecor::default()],
            edges: vec![hidden_edge, EdgeDecor::default(), EdgeDecor::default()],
        };
        let hits = index(&decor);
        assert_eq!(hits.node_at(pos2(0.0, 0.0)), None);
        assert_eq!(hits.edge_at(pos2(50.0, 0.0)), None);
        assert_eq!(hits.node_at(pos2(200.0, 0.0)), Some(2));
    }
}
