//! The claims overlay: each claimant linked to the relations it speaks on, in its stance's
//! colour, and pulled near them by the layout.

use super::*;

impl Canvas {
    /// Whether the claims overlay is on.
    pub fn claims_overlay(&self) -> bool {
        self.claims_overlay
    }

    /// Turns the claims overlay on or off; the layout moves claimants near what they speak
    /// on (or back).
    pub fn set_claims_overlay(&mut self, doc: &Document, on: bool) {
        if on != self.claims_overlay {
            self.claims_overlay = on;
            self.refresh(doc);
            self.reheat_layout();
        }
    }

    /// The overlay's links drawn: claimant, relation (by index) and stance.
    pub fn claim_links(&self) -> Vec<crate::query::ClaimLink> {
        self.claim_links.iter().map(|(l, _)| *l).collect()
    }

    /// The claims overlay: a dashed line, in its stance's colour, from each claimant to the
    /// middle of each relation it speaks on, under the entities.
    pub(super) fn overlay_shapes(&self, view: ViewTransform) -> Vec<Shape> {
        let (width, opacity, dash, gap) = look::CLAIM_LINK;
        let positions = self.sim.positions();
        let at = |i: usize| positions.get(i).map(|p| pos2(p[0], p[1]));
        let shown = |i: usize| !self.decor.nodes.get(i).is_some_and(|d| d.hidden);
        let mut shapes = Vec::new();
        for (link, edge) in &self.claim_links {
            let Some(l) = self.scene.links.get(*edge) else {
                continue;
            };
            if !shown(link.claimant) || !shown(l.a) || !shown(l.b) {
                continue;
            }
            let (Some(c), Some(a), Some(b)) = (at(link.claimant), at(l.a), at(l.b)) else {
                continue;
            };
            let radius = |i: usize| self.radii.get(i).copied().unwrap_or(NODE_RADIUS);
            let mid = match geometry::RelationPath::routed(
                (paint::pt(a), radius(l.a)),
                (paint::pt(b), radius(l.b)),
                l.order,
                l.bend,
                l.a == l.b,
            ) {
                Some(path) => paint::pos(path.middle()),
                None => a,
            };
            let color = paint::faded(paint::stance_color(link.stance), opacity);
            shapes.extend(Shape::dashed_line(
                &[view.to_screen(c), view.to_screen(mid)],
                Stroke::new(width, color),
                dash,
                gap,
            ));
        }
        shapes
    }
}

/// The claims overlay's links, each with the graph edge of its relation.
pub(super) fn overlay_links(
    doc: &Document,
    scene: &Scene,
) -> Vec<(crate::query::ClaimLink, usize)> {
    let mut edge_of = vec![None; doc.relations.len()];
    for (e, link) in scene.links.iter().enumerate() {
        if let Some(slot) = edge_of.get_mut(link.relation) {
            *slot = Some(e);
        }
    }
    crate::query::claim_links(doc)
        .into_iter()
        .filter_map(|l| Some((l, edge_of.get(l.relation).copied().flatten()?)))
        .collect()
}
