//! Building egui_graphs' graph and the layout from the document, and taking in edits: a new
//! structure rebuilds them, new content restyles them, new positions move them.

use super::*;
use crate::ui::pictures::PictureRef;

impl Canvas {
    pub(super) fn build(&mut self, doc: &Document, initial: &[Option<[f32; 2]>]) {
        self.builds += 1;
        let mut graph = MapGraph::new();
        let nodes: Vec<NodeIndex> = doc
            .entities
            .iter()
            .enumerate()
            .map(|(index, e)| {
                let st = look::entity_style(&doc.styles, &e.kind);
                let payload = NodePayload {
                    index,
                    name: Arc::from(e.name.as_str()),
                    color: rgb(st.color),
                    shape: st.shape,
                    icon: st.icon,
                    icon_only: st.icon_only,
                    picture: e.picture.as_ref().map(PictureRef::of),
                    pinned: e.pinned,
                    radius: NODE_RADIUS,
                    decor: NodeDecor::default(),
                    name_shown: false,
                    name_slot: Default::default(),
                };
                let pos = e.position.as_ref().map_or(Pos2::ZERO, |p| {
                    let [x, y] = p.to_f32();
                    pos2(x, y)
                });
                // The payload carries the name; an empty label costs nothing to clone.
                graph.add_node_with_label_and_location(payload, String::new(), pos)
            })
            .collect();
        let mut links = Vec::with_capacity(doc.relations.len());
        let orders = geometry::parallel_orders(doc);
        let mut scene = Scene {
            colors: doc
                .entities
                .iter()
                .map(|e| rgb(look::entity_style(&doc.styles, &e.kind).color))
                .collect(),
            links: Vec::with_capacity(doc.relations.len()),
            landmarks: Vec::new(),
        };
        for ((index, r), ends) in doc.relations.iter().enumerate().zip(doc.relation_ends()) {
            let Some((a, b)) = ends else {
                continue;
            };
            links.push((a, b));
            let payload = EdgePayload {
                index,
                caption: Arc::from(r.caption()),
                directed: r.directed,
                color: rgb(look::relation_color(&doc.styles, &r.kind)),
                hovered: false,
                contested: r.is_contested(),
                decor: EdgeDecor::default(),
                caption_at: Some(super::captions::Spot::middle()),
                caption_on_top: false,
                order: orders[index],
                bend: 0.0,
                crowd: 1.0,
            };
            let (color, contested) = (payload.color, payload.contested);
            let edge = graph.add_edge_with_label(nodes[a], nodes[b], payload, String::new());
            // The scene is indexed as egui_graphs indexes edges: in the order they were added.
            debug_assert_eq!(edge.index(), scene.links.len());
            scene.links.push(Link {
                a,
                b,
                order: orders[index],
                bend: 0.0,
                relation: index,
                color,
                contested,
            });
        }
        let ends: Vec<(usize, usize, bool)> = scene
            .links
            .iter()
            .map(|l| (l.a, l.b, l.contested))
            .collect();
        scene.landmarks = look::place::landmarks(doc.entities.len(), &ends);
        self.claim_links = if self.claims_overlay {
            overlay_links(doc, &scene)
        } else {
            Vec::new()
        };
        // With the overlay on, claimants are pulled towards the ends of what they speak on.
        for (link, _) in &self.claim_links {
            if let Some(Some((a, b))) = doc.relation_ends().get(link.relation) {
                links.push((link.claimant, *a));
                links.push((link.claimant, *b));
            }
        }
        // A group's members are pulled together.
        self.groups = look::groups::Groups::of(doc);
        links.extend(self.groups.pull_links());
        let fixed: Vec<bool> = doc.entities.iter().map(|e| e.pinned).collect();
        let footprints = layout::footprints(
            doc.entities.iter().map(|e| e.name.as_str()),
            NODE_RADIUS,
            LABEL_FONT_SIZE,
        );
        // A map opened without positions starts from a stress layout with room for its names;
        // the force layout carries on from there.
        let stress =
            layout::start::stress_start(initial, &links, &footprints, &self.params, LAYOUT_SEED);
        self.placed_at_start = stress.is_some();
        let start: Vec<Option<[f32; 2]>> = match stress {
            Some(p) => p.into_iter().map(Some).collect(),
            None => initial.to_vec(),
        };
        let mut sim = Simulation::new(&start, &fixed, links, LAYOUT_SEED, self.params);
        sim.set_footprints(footprints);
        self.sim.replace(sim);
        self.sim.set_paused(self.paused);
        self.graph = graph;
        self.scene = scene;
        self.nodes = nodes;
        self.update_radii();
        self.ids = doc.entities.iter().map(|e| e.id.clone()).collect();
        self.drag = None;
        self.gesture = None;
        self.hovered_edge = None;
        self.hits_stale = true;
    }

    /// How many times the graph and the layout were built from the document.
    pub fn builds(&self) -> u64 {
        self.builds
    }

    /// Takes in an edit of what entities and relations say (names, kinds, captions, claims)
    /// that left which exist and what they join alone: the graph keeps its nodes, edges and
    /// positions and the layout keeps running; only what they look like changes.
    pub fn restyle(&mut self, doc: &Document) {
        for (i, e) in doc.entities.iter().enumerate() {
            let st = look::entity_style(&doc.styles, &e.kind);
            if let Some(color) = self.scene.colors.get_mut(i) {
                *color = rgb(st.color);
            }
            if let Some(node) = self.nodes.get(i).and_then(|&n| self.graph.node_mut(n)) {
                let p = node.payload_mut();
                if *p.name != *e.name {
                    p.name = Arc::from(e.name.as_str());
                }
                p.color = rgb(st.color);
                p.shape = st.shape;
                p.icon = st.icon;
                p.icon_only = st.icon_only;
                if p.picture.as_ref().map(PictureRef::picture) != e.picture.as_ref() {
                    p.picture = e.picture.as_ref().map(PictureRef::of);
                }
            }
        }
        for (e, link) in self.scene.links.iter_mut().enumerate() {
            let Some(r) = doc.relations.get(link.relation) else {
                continue;
            };
            link.color = rgb(look::relation_color(&doc.styles, &r.kind));
            link.contested = r.is_contested();
            if let Some(edge) = self.graph.edge_mut(EdgeIndex::new(e)) {
                let p = edge.payload_mut();
                if *p.caption != *r.caption() {
                    p.caption = Arc::from(r.caption());
                }
                p.color = link.color;
                p.contested = link.contested;
            }
        }
        self.sim.set_footprints(layout::footprints(
            doc.entities.iter().map(|e| e.name.as_str()),
            NODE_RADIUS,
            LABEL_FONT_SIZE,
        ));
    }

    /// Takes positions and pins from the document after an edit that moved entities (an undo,
    /// a redo) without changing which entities exist.
    pub fn sync_positions(&mut self, doc: &Document) {
        for (i, e) in doc.entities.iter().enumerate() {
            if let Some(p) = &e.position {
                self.sim.set_position(i, p.to_f32());
            }
            self.sim.set_fixed(i, e.pinned);
            if let Some(node) = self.nodes.get(i).and_then(|&n| self.graph.node_mut(n)) {
                node.payload_mut().pinned = e.pinned;
            }
        }
        self.hits_stale = true;
    }
}
