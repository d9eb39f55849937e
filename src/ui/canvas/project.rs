//! What the canvas decides before it draws: the layout's steps, what is emphasised, the draw
//! plan, the fitted view, the projection into egui_graphs, caption placement and zoom.

use super::*;

impl Canvas {
    pub(super) fn advance_layout(&mut self) {
        self.sim.advance();
    }

    /// What stands out this frame (as of the last frame's hover).
    pub(super) fn highlights(&self, doc: &Document, selection: &Selection) -> Highlights {
        // Looked up once, not once per entity: a box selection may hold thousands.
        let mut selected = vec![false; self.nodes.len()];
        for id in selection.entities() {
            if let Some(s) = doc
                .entity_index(id.as_str())
                .and_then(|i| selected.get_mut(i))
            {
                *s = true;
            }
        }
        Highlights {
            selected,
            hovered: self.graph.hovered_node().and_then(|n| self.entity_at(n)),
            dragged: self.drag.as_ref().map(|d| d.index),
            hovered_edge: self.hovered_edge.map(|e| e.index()),
            selected_relation: match selection {
                Selection::Relation(id) => doc.relations.iter().position(|r| &r.id == id),
                _ => None,
            },
        }
    }

    /// How each entity and relation is drawn in a frame seen through `view`. Small maps are
    /// left to the displays' own culling; large ones are culled here, in parallel, so that
    /// egui_graphs does not visit what is off screen.
    pub(super) fn plan(&self, highlights: &Highlights, view: ViewTransform) -> DrawPlan {
        let cull = self.nodes.len() + self.scene.links.len() > CULL_ABOVE;
        DrawPlan::new(
            &self.scene,
            self.sim.positions(),
            &self.radii,
            &self.decor,
            highlights,
            view,
            cull,
        )
    }

    /// Copies positions, pins, sizes and the selection into egui_graphs' graph: for the
    /// entities and relations its displays draw this frame, and the ends of those relations.
    pub(super) fn project(&mut self, plan: &DrawPlan, highlights: &Highlights) {
        let dragged = self.drag.as_ref().map(|d| d.index);
        let mut wanted = vec![false; self.nodes.len()];
        for (i, d) in plan.nodes.iter().enumerate() {
            if *d == far::Drawn::Display {
                wanted[i] = true;
            }
        }
        for (link, d) in self.scene.links.iter().zip(&plan.edges) {
            if *d == far::Drawn::Display {
                wanted[link.a] = true;
                wanted[link.b] = true;
            }
        }
        if let Some(d) = dragged.and_then(|i| wanted.get_mut(i)) {
            *d = true;
        }
        for (i, &n) in self.nodes.iter().enumerate() {
            if !wanted[i] {
                continue;
            }
            let decor = self.decor.nodes.get(i).copied().unwrap_or_default();
            if let Some(node) = self.graph.node_mut(n) {
                let payload = node.payload_mut();
                payload.decor = decor;
                payload.radius = NODE_RADIUS * decor.scale;
                if Some(i) != dragged
                    && let Some(p) = self.sim.positions().get(i)
                {
                    node.set_location(pos2(p[0], p[1]));
                }
                node.set_selected(highlights.selected[i]);
            }
        }
        for (e, link) in self.scene.links.iter().enumerate() {
            if plan.edges[e] != far::Drawn::Display {
                continue;
            }
            let idx = EdgeIndex::new(e);
            let selected = highlights.selected_relation == Some(link.relation);
            let hovered = self.hovered_edge == Some(idx);
            let decor = self
                .decor
                .edges
                .get(link.relation)
                .copied()
                .unwrap_or_default();
            if let Some(edge) = self.graph.edge_mut(idx) {
                edge.set_selected(selected);
                edge.payload_mut().hovered = hovered;
                edge.payload_mut().decor = decor;
                edge.payload_mut().crowd = plan.crowd;
            }
        }
    }

    /// Places the captions of the emphasised relations (those of a selected or hovered
    /// entity, the hovered and the selected relation) so they cover neither each other nor
    /// the entities and names around them, and tells their displays where.
    pub(super) fn place_captions(
        &mut self,
        ctx: &egui::Context,
        plan: &DrawPlan,
        highlights: &Highlights,
        view: ViewTransform,
    ) {
        // Last frame's placements go back to the middle; most frames emphasise nothing.
        for (e, _) in std::mem::take(&mut self.captions) {
            if let Some(edge) = self.graph.edge_mut(EdgeIndex::new(e)) {
                edge.payload_mut().caption_at = Some(captions::Spot::middle());
                edge.payload_mut().caption_on_top = false;
            }
        }
        let positions = self.sim.positions();
        let canvas_at = |i: usize| {
            let p = positions.get(i).copied().unwrap_or_default();
            (
                pos2(p[0], p[1]),
                self.radii.get(i).copied().unwrap_or(NODE_RADIUS),
            )
        };
        let at = |i: usize| view.to_screen(canvas_at(i).0);
        let text_size = |text: &str| label_galley(ctx, text, view.zoom, Color32::WHITE).size();
        let mut edges = Vec::new();
        let mut requests = Vec::new();
        for (e, link) in self.scene.links.iter().enumerate() {
            // Hidden relations are not drawn by displays. A relation of an entity to itself
            // keeps its caption above its loop.
            if plan.edges[e] != far::Drawn::Display || link.a == link.b || !highlights.edge(e, link)
            {
                continue;
            }
            let Some(edge) = self.graph.edge(EdgeIndex::new(e)) else {
                continue;
            };
            // As its display draws it: in canvas units, then onto the screen.
            let (a, b, ctrl) =
                relation_geometry(canvas_at(link.a), canvas_at(link.b), link.order, link.bend);
            edges.push(e);
            requests.push(CaptionRequest {
                line: (
                    view.to_screen(a),
                    view.to_screen(b),
                    ctrl.map(|c| view.to_screen(c)),
                ),
                size: text_size(&edge.payload().caption) + CAPTION_MARGIN,
                must_show: highlights.hovered_edge == Some(e)
                    || highlights.selected_relation == Some(link.relation),
                first: link.contested,
            });
        }
        // Placing is quadratic in the captions: past a few hundred (a hub of a large map)
        // they stay at their middles, as before placement existed.
        if requests.is_empty() || requests.len() > CAPTIONS_PLACED_UP_TO {
            return;
        }
        // What the captions must not cover: the entities on screen, and their names where
        // names show. Past a few thousand on screen, only the captions avoid each other.
        let mut shapes = Vec::new();
        let mut names = Vec::new();
        let shown: Vec<usize> = (0..self.nodes.len())
            .filter(|&i| {
                // Hidden entities are not drawn by displays.
                plan.nodes.get(i) == Some(&far::Drawn::Display)
                    && view.rect.expand(LABEL_REACH).contains(at(i))
            })
            .collect();
        if shown.len() <= CAPTION_OBSTACLES_UP_TO {
            for i in shown {
                let (c, r) = (at(i), canvas_at(i).1 * view.zoom);
                shapes.push(Rect::from_center_size(c, Vec2::splat(2.0 * r)));
            }
            // The names shown this frame (placed before the captions).
            names.extend(self.names.iter().map(|&(_, rect)| rect));
        }
        let around = captions::Obstacles {
            shapes: &shapes,
            names: &names,
        };
        let spots = captions::place(&requests, &around, view.rect);
        for ((e, spot), request) in edges.into_iter().zip(spots).zip(&requests) {
            if let Some(edge) = self.graph.edge_mut(EdgeIndex::new(e)) {
                edge.payload_mut().caption_at = spot;
                edge.payload_mut().caption_on_top = spot.is_some();
            }
            if let Some(spot) = spot {
                let centre = captions::caption_rect(request, spot).center();
                let text = Rect::from_center_size(centre, request.size - CAPTION_MARGIN);
                self.captions.push((e, text));
            }
        }
    }

    /// The placed captions, drawn over the entities: under them, an entity's shape would cut
    /// a caption short.
    pub(super) fn caption_shapes(&self, ctx: &egui::Context, zoom: f32) -> Vec<Shape> {
        let mut shapes = Vec::new();
        for &(e, rect) in &self.captions {
            let Some(edge) = self.graph.edge(EdgeIndex::new(e)) else {
                continue;
            };
            shapes.extend(displays::text_with_backing(
                ctx,
                &edge.payload().caption,
                displays::LabelPlace::Centred(rect.center()),
                zoom,
                edge.selected(),
                1.0,
            ));
        }
        shapes
    }

    /// Plain mouse-wheel zoom around the pointer, as in Gephi and yEd. (egui_graphs itself
    /// zooms only on Ctrl + wheel and pinch, which keep working.)
    pub(super) fn handle_wheel_zoom(&mut self, ui: &mut Ui) {
        let Some(view) = self.view else { return };
        let (scroll, pointer) = ui.input(|i| (i.smooth_scroll_delta.y, i.pointer.hover_pos()));
        let Some(pointer) = pointer else { return };
        if scroll == 0.0 || !view.rect.contains(pointer) || !ui.ui_contains_pointer() {
            return;
        }
        let mut meta = MetadataFrame::new(None).load(ui);
        let new_zoom = (meta.zoom * (scroll * 0.002).exp()).clamp(0.02, 40.0);
        let local = pointer - view.origin;
        let canvas_point = (local - meta.pan) / meta.zoom;
        meta.pan = local - canvas_point * new_zoom;
        meta.zoom = new_zoom;
        meta.save(ui);
        self.follow_layout = false;
        self.keep_fitted = false;
    }

    /// An empty map: say how to start, and let a double-click add the first entity.
    pub(super) fn show_empty_hint(&mut self, ui: &mut Ui, out: &mut CanvasOutput) {
        let (rect, response) = ui.allocate_exact_size(ui.available_size(), Sense::click());
        ui.painter().text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            self.empty_hint.as_deref().unwrap_or(
                "An empty map.\nDouble-click to add an entity,\nor open a map with File ⏵ Open…\n\
                 or by dropping a .json file here.",
            ),
            FontId::proportional(16.0),
            ui.visuals().weak_text_color(),
        );
        // The canvas origin sits in the middle of the empty view.
        self.view = Some(ViewTransform {
            origin: rect.min,
            pan: rect.size() / 2.0,
            zoom: 1.0,
            rect,
        });
        if response.double_clicked()
            && let Some(p) = response
                .interact_pointer_pos()
                .and_then(|p| self.to_canvas(p))
        {
            out.actions.push(Action::AddEntityAt(Some(
                Position::from_f32([p.x, p.y]).rounded(),
            )));
        }
    }

    pub(super) fn entity_at(&self, node: NodeIndex) -> Option<usize> {
        self.graph.node(node).map(|n| n.payload().index)
    }

    pub(super) fn relation_at(&self, edge: EdgeIndex) -> Option<usize> {
        self.graph.edge(edge).map(|e| e.payload().index)
    }
}
