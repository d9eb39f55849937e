//! The canvas each frame: drawing through egui_graphs, and the gestures (click, drag,
//! connect, box select) that become actions.

use super::*;

impl Canvas {
    /// Runs the layout for this frame, draws the map, and reports what the user did.
    pub fn show(&mut self, ui: &mut Ui, doc: &Document, selection: &Selection) -> CanvasOutput {
        let mut out = CanvasOutput::default();
        let was_running = self.is_layout_running() || self.placed_at_start;
        let following = self.follow_layout;
        self.advance_layout();
        if was_running && !self.is_layout_running() && self.drag.is_none() {
            self.placed_at_start = false;
            out.layout_settled = true;
            // The view followed the layout until it came to rest; later reheats (a drag)
            // must not move the view under the user's pointer.
            self.follow_layout = false;
        }
        if self.hits_stale || self.is_layout_running() || self.drag.is_some() {
            self.hits = Arc::new(HitIndex::of(
                &self.scene,
                self.sim.positions(),
                &self.radii,
                &self.decor,
            ));
            self.hits_stale = false;
        }

        if doc.entities.is_empty() {
            self.show_empty_hint(ui, &mut out);
            return out;
        }

        self.handle_wheel_zoom(ui);
        self.apply_zoom_to(ui);
        self.start_gesture(ui);
        let gesturing = self.gesture.is_some();
        // While the view follows the layout, the frame the layout settles in fits once more,
        // so the final view depends only on the final positions, not on how many layout steps
        // each frame happened to run.
        let rect = ui.available_rect_before_wrap();
        let still_fitted = self.keep_fitted
            && match (self.last_fit, self.view) {
                (Some(fitted), Some(last)) => {
                    fitted.rect != rect || fitted.pan != last.pan || fitted.zoom != last.zoom
                }
                _ => true,
            };
        let fit = self.fit_requested
            || still_fitted
            || (following && (self.is_layout_running() || out.layout_settled));
        let interaction = SettingsInteraction::new()
            .with_dragging_enabled(!gesturing && !self.connect_mode)
            .with_hover_enabled(true)
            .with_node_clicking_enabled(true)
            .with_edge_clicking_enabled(true);
        // relmap fits the view itself, names included (the look's `labels::fit`), so a
        // figure exported `--view` fits the same way.
        let navigation = SettingsNavigation::new()
            .with_zoom_and_pan_enabled(!gesturing)
            .with_fit_to_screen_enabled(false);
        let styles = SettingsStyle::new().with_labels_always(true);
        // Plan the frame through the view egui_graphs is about to use: the last one, after the
        // wheel zoom, or the fit it is about to make.
        let planned_view = if fit || self.view.is_none() {
            let view = self.fitted_view(rect);
            let mut meta = MetadataFrame::new(None).load(ui);
            meta.zoom = view.zoom;
            meta.pan = view.pan;
            meta.save(ui);
            self.last_fit = Some(view);
            self.keep_fitted = true;
            view
        } else {
            let meta = MetadataFrame::new(None).load(ui);
            ViewTransform {
                origin: rect.min,
                pan: meta.pan,
                zoom: meta.zoom,
                rect,
            }
        };
        let highlights = self.highlights(doc, selection);
        self.place_notes(doc);
        let plan = Arc::new(self.plan(&highlights, planned_view));
        self.project(&plan, &highlights);
        self.place_names(&plan, &highlights, planned_view);
        self.place_captions(ui.ctx(), &plan, &highlights, planned_view);
        // The far view is painted under the displays, with this frame's pan and zoom, which
        // are known only once egui_graphs has handled the input: keep its place for it.
        // Its clip rectangle is a hair inside the canvas's, so egui keeps its large mesh apart
        // rather than copying it into the canvas's own, which grows as displays draw.
        let frames_slot = ui.painter().add(Shape::Noop);
        let far_painter = ui.painter().with_clip_rect(rect.shrink(FAR_CLIP_INSET));
        let far_slot = far_painter.add(Shape::Noop);
        let overlay_slot = ui.painter().add(Shape::Noop);
        let response = GraphView::<DocumentLayoutState, DocumentLayout>::new()
            .with_interactions(&interaction)
            .with_navigations(&navigation)
            .with_styles(&styles)
            .with_hit_test(self.hits.clone())
            .with_draw_filter(plan.clone())
            .show(ui, &mut self.graph);
        self.fit_requested = false;

        let meta = MetadataFrame::new(None).load(ui);
        let view = ViewTransform {
            origin: response.response.rect.left_top(),
            pan: meta.pan,
            zoom: meta.zoom,
            rect: response.response.rect,
        };
        self.view = Some(view);
        let feathering = 1.0 / ui.ctx().pixels_per_point();
        let far = far::mesh(
            &self.scene,
            self.sim.positions(),
            &self.radii,
            &self.decor,
            &plan,
            view,
            ui.visuals(),
            feathering,
        );
        if !far.is_empty() {
            far_painter.set(far_slot, Shape::mesh(far));
        }
        let (frames, frame_names) =
            self.frame_shapes(ui.ctx(), view, ui.visuals().extreme_bg_color);
        if !frames.is_empty() {
            ui.painter()
                .with_clip_rect(view.rect)
                .set(frames_slot, Shape::Vec(frames));
        }
        let mut under = self.ghost_shapes(ui.ctx(), doc, view);
        if self.claims_overlay {
            under.extend(self.overlay_shapes(view));
        }
        if !under.is_empty() {
            ui.painter()
                .with_clip_rect(view.rect)
                .set(overlay_slot, Shape::Vec(under));
        }
        let captions = self.caption_shapes(ui.ctx(), view.zoom);
        if !captions.is_empty() {
            ui.painter().with_clip_rect(view.rect).extend(captions);
        }
        let chosen = selection.entities();
        let selected = |i: usize| doc.entities.get(i).is_some_and(|e| chosen.contains(&e.id));
        let folded = self.folded_shapes(ui.ctx(), view, ui.visuals(), &selected);
        if !folded.is_empty() || !frame_names.is_empty() {
            let painter = ui.painter().with_clip_rect(view.rect);
            painter.extend(frame_names);
            painter.extend(folded);
        }
        let notes = self.note_shapes(ui.ctx(), view);
        if !notes.is_empty() {
            ui.painter().with_clip_rect(view.rect).extend(notes);
        }

        let pointer = response.response.hover_pos();
        let hovered_edge = match pointer {
            Some(p) if self.graph.hovered_node().is_none() && self.drag.is_none() => self
                .to_canvas(p)
                .and_then(|c| self.hits.edge_at(c))
                .map(EdgeIndex::new),
            _ => None,
        };
        if hovered_edge != self.hovered_edge {
            self.hovered_edge = hovered_edge;
            // The caption appears on the next frame; ask for it now, not at the next input.
            ui.ctx().request_repaint();
        }

        let modifiers = ui.input(|i| i.modifiers);
        let mut clicked_something = false;
        for change in &response.changes {
            match *change {
                GraphChange::NodeClicked { node } => {
                    clicked_something = true;
                    if let Some(e) = self.entity_at(node).and_then(|i| doc.entities.get(i)) {
                        let next = if modifiers.shift || modifiers.command {
                            selection.toggled(&e.id)
                        } else {
                            Selection::Entity(e.id.clone())
                        };
                        out.actions.push(Action::Select(next));
                    }
                }
                GraphChange::EdgeClicked { edge } => {
                    clicked_something = true;
                    if let Some(r) = self.relation_at(edge).and_then(|i| doc.relations.get(i)) {
                        out.actions
                            .push(Action::Select(Selection::Relation(r.id.clone())));
                    }
                }
                GraphChange::NodeDragStarted { node } => {
                    if let Some(i) = self.entity_at(node) {
                        // Dragging one of several selected entities moves them all.
                        let group = match doc.entities.get(i) {
                            Some(e) if selection.contains_entity(&e.id) => selection
                                .entities()
                                .iter()
                                .filter_map(|id| doc.entity_index(id.as_str()))
                                .filter(|&j| j != i)
                                .collect(),
                            _ => Vec::new(),
                        };
                        self.drag = Some(Drag {
                            index: i,
                            moved: false,
                            group,
                        });
                    }
                }
                GraphChange::NodeMoved {
                    node,
                    new_position,
                    delta,
                } => {
                    // egui_graphs reports a zero move when a press starts (zero give or take
                    // the rounding of the view's transform, a millionth of a unit); only a
                    // real move turns a click into a drag, and an undo step.
                    if delta.length() < 1e-3 {
                        continue;
                    }
                    if let (Some(i), Some(drag)) = (self.entity_at(node), self.drag.as_mut())
                        && drag.index == i
                    {
                        drag.moved = true;
                        // Only the dragged entities move (as in yEd and i2), so undoing the
                        // drag restores the picture exactly.
                        self.sim.set_position(i, [new_position.x, new_position.y]);
                        self.sim.set_fixed(i, true);
                        for &j in &drag.group {
                            if let Some(p) = self.sim.positions().get(j).copied() {
                                self.sim.set_position(j, [p[0] + delta.x, p[1] + delta.y]);
                                self.sim.set_fixed(j, true);
                            }
                        }
                    }
                }
                GraphChange::NodeDragEnded { .. } => {
                    if let Some(drag) = self.drag.take() {
                        let moved: Vec<usize> =
                            std::iter::once(drag.index).chain(drag.group).collect();
                        if drag.moved {
                            out.actions.push(self.move_of(doc, &moved));
                        } else {
                            // A press without a move is a click: leave the pins as they were.
                            self.restore_pins(doc, &moved);
                        }
                    }
                }
                _ => {}
            }
        }
        let r = &response.response;
        // A pan (a drag of the background) or a pinch or Ctrl+wheel zoom: the user has taken
        // the view over from the fit.
        let zoomed = ui.input(|i| i.zoom_delta() != 1.0) && r.hovered();
        if (r.dragged() && self.drag.is_none() && !gesturing) || zoomed {
            self.keep_fitted = false;
        }
        let folded_under = pointer.and_then(|p| self.folded_under(p));
        // A press on a folded group starts its drag; released unmoved, it was a click.
        let on_folded = matches!(self.gesture, Some(Gesture::MoveFolded { .. }));
        if let Some(g) = folded_under.filter(|_| !clicked_something && (!gesturing || on_folded)) {
            if r.double_clicked() {
                self.click_folded(doc, g, true, &mut out);
            } else if r.clicked() {
                self.click_folded(doc, g, false, &mut out);
            }
        }
        let on_background = !clicked_something
            && folded_under.is_none()
            && pointer.and_then(|p| self.note_under(p)).is_none()
            && self.graph.hovered_node().is_none()
            && self.hovered_edge.is_none();
        if r.double_clicked() && on_background && !gesturing {
            if let Some(p) = pointer.and_then(|p| self.to_canvas(p)) {
                out.actions.push(Action::AddEntityAt(Some(
                    Position::from_f32([p.x, p.y]).rounded(),
                )));
            }
        } else if r.clicked() && on_background && !gesturing {
            out.actions.push(Action::Select(Selection::None));
        }
        if r.dragged() && self.drag.is_none() {
            self.follow_layout = false;
        }
        self.finish_gesture(ui, doc, selection, &mut out);
        out
    }

    /// The canvas as the last frame drew it (same graph, pan, zoom, highlights and captions),
    /// drawn again off screen at `pixels_per_point` for a sharper image than a screenshot.
    pub fn render_offscreen(
        &self,
        render_state: &eframe::egui_wgpu::RenderState,
        like: &egui::Context,
        pixels_per_point: f32,
    ) -> Result<egui::ColorImage, OffscreenError> {
        let view = self.view.ok_or(OffscreenError::Empty)?;
        let mut graph = self.graph.clone();
        let plan = Arc::new(self.plan(&Highlights::default(), view));
        let fill = like.global_style().visuals.extreme_bg_color;
        let interaction = SettingsInteraction::new();
        let navigation = SettingsNavigation::new()
            .with_zoom_and_pan_enabled(false)
            .with_fit_to_screen_enabled(false);
        let styles = SettingsStyle::new().with_labels_always(true);
        // egui_graphs fits the view on a widget's first frame; the second frame draws with the
        // window's pan and zoom, which are stored before each frame.
        offscreen::render(
            render_state,
            like,
            view.rect.size(),
            pixels_per_point,
            2,
            |ui| {
                egui::CentralPanel::default()
                    .frame(egui::Frame::NONE.fill(fill))
                    .show(ui, |ui| {
                        let mut meta = MetadataFrame::new(None);
                        meta.zoom = view.zoom;
                        meta.pan = view.pan;
                        meta.save(ui);
                        let rect = ui.available_rect_before_wrap();
                        let here = ViewTransform {
                            origin: rect.min,
                            rect,
                            ..view
                        };
                        ui.painter().add(far::mesh(
                            &self.scene,
                            self.sim.positions(),
                            &self.radii,
                            &self.decor,
                            &plan,
                            here,
                            ui.visuals(),
                            1.0 / pixels_per_point,
                        ));
                        let (frames, names) =
                            self.frame_shapes(ui.ctx(), here, ui.visuals().extreme_bg_color);
                        ui.painter().extend(frames);
                        GraphView::<DocumentLayoutState, DocumentLayout>::new()
                            .with_interactions(&interaction)
                            .with_navigations(&navigation)
                            .with_styles(&styles)
                            .with_draw_filter(plan.clone())
                            .show(ui, &mut graph);
                        // What the window draws over the map: groups' names, folded groups
                        // and notes.
                        ui.painter().extend(names);
                        let folded = self.folded_shapes(ui.ctx(), here, ui.visuals(), &|_| false);
                        ui.painter().extend(folded);
                        ui.painter().extend(self.note_shapes(ui.ctx(), here));
                    });
            },
        )
    }

    /// Starts a connect drag (Alt+drag, or any drag in connect mode, from an entity) or a box
    /// selection (Shift+drag from the background) when the primary button goes down.
    pub(super) fn start_gesture(&mut self, ui: &Ui) {
        let (pressed, pointer, modifiers) = ui.input(|i| {
            (
                i.pointer.primary_pressed(),
                i.pointer.interact_pos(),
                i.modifiers,
            )
        });
        let Some(p) = pointer else { return };
        if let Some(g) = &mut self.gesture {
            g.set_end(p);
            self.follow_folded_drag();
            return;
        }
        let in_canvas = self.view.is_some_and(|v| v.rect.contains(p)) && ui.ui_contains_pointer();
        if !pressed || !in_canvas {
            return;
        }
        if let Some(note) = self.note_under(p).filter(|_| !modifiers.alt) {
            self.gesture = Some(Gesture::MoveNote {
                note,
                start: p,
                end: p,
            });
            return;
        }
        let entity = self.entity_under(p);
        if entity.is_none()
            && !modifiers.alt
            && !modifiers.shift
            && let Some(group) = self.folded_under(p)
        {
            self.gesture = Some(Gesture::MoveFolded {
                group,
                start: p,
                end: p,
                at: p,
            });
            return;
        }
        match entity {
            Some(from) if self.connect_mode || modifiers.alt => {
                self.gesture = Some(Gesture::Connect { from, end: p });
            }
            None if modifiers.shift => {
                self.gesture = Some(Gesture::Box { start: p, end: p });
            }
            _ => {}
        }
    }

    /// Draws the gesture under way, and turns it into an action when the button is released.
    pub(super) fn finish_gesture(
        &mut self,
        ui: &Ui,
        doc: &Document,
        selection: &Selection,
        out: &mut CanvasOutput,
    ) {
        let Some(gesture) = self.gesture.clone() else {
            return;
        };
        let color = crate::ui::paint::ink(crate::look::Ink::Accent, ui.visuals());
        let painter = ui.painter();
        match gesture {
            Gesture::Connect { from, end } => {
                if let Some(start) = self.screen_pos(from) {
                    painter.line_segment([start, end], Stroke::new(2.0, color));
                    painter.circle_filled(end, 4.0, color);
                }
            }
            Gesture::Box { start, end } => {
                let rect = Rect::from_two_pos(start, end);
                painter.rect_filled(rect, 0.0, color.gamma_multiply(0.12));
                painter.rect_stroke(rect, 0.0, Stroke::new(1.0, color), StrokeKind::Inside);
            }
            // The card itself follows the pointer (`place_notes`), the folded group's members
            // the pointer (`follow_folded_drag`).
            Gesture::MoveNote { .. } | Gesture::MoveFolded { .. } => {}
        }
        if !ui.input(|i| i.pointer.primary_released() || !i.pointer.primary_down()) {
            ui.ctx().request_repaint();
            return;
        }
        self.gesture = None;
        match gesture {
            Gesture::Connect { from, end } => {
                if let (Some(to), Some(a)) = (self.entity_under(end), doc.entities.get(from))
                    && to != from
                    && let Some(b) = doc.entities.get(to)
                {
                    out.actions
                        .push(Action::Connect(a.id.clone(), b.id.clone()));
                }
            }
            Gesture::Box { start, end } => {
                let rect = Rect::from_two_pos(start, end);
                let mut ids = if ui.input(|i| i.modifiers.command) {
                    selection.entities()
                } else {
                    Vec::new()
                };
                for (i, e) in doc.entities.iter().enumerate() {
                    let hidden = self.decor.nodes.get(i).is_some_and(|d| d.hidden);
                    if !hidden
                        && self.screen_pos(i).is_some_and(|p| rect.contains(p))
                        && !ids.contains(&e.id)
                    {
                        ids.push(e.id.clone());
                    }
                }
                out.actions
                    .push(Action::Select(Selection::of_entities(ids)));
            }
            Gesture::MoveNote { note, start, end } => {
                let Some(n) = doc.notes.get(note) else {
                    return;
                };
                let zoom = self.view.map_or(1.0, |v| v.zoom);
                if start.distance(end) < 3.0 {
                    out.actions.push(Action::OpenNote(n.id.clone()));
                    return;
                }
                let d = (end - start) / zoom;
                let mut notes = doc.notes.clone();
                let at = &mut notes[note].at;
                *at = at
                    .moved_to(&Position::new(at.x + f64::from(d.x), at.y + f64::from(d.y)))
                    .rounded();
                out.actions.push(Action::Edit {
                    label: "Move note".to_owned(),
                    edits: vec![crate::edit::Edit::SetNotes { notes }],
                    then: None,
                });
            }
            Gesture::MoveFolded {
                group, start, end, ..
            } => {
                let members = self.folded_members(group);
                if start.distance(end) < 3.0 {
                    // A click (selects, or unfolds on a double-click): back where they were.
                    let zoom = self.view.map_or(1.0, |v| v.zoom);
                    self.move_members(&members, (start - end) / zoom);
                    self.restore_pins(doc, &members);
                    return;
                }
                out.actions.push(self.move_of(doc, &members));
            }
        }
    }

    /// Entities `moved` (by index) where the layout has them now, as one move to undo.
    fn move_of(&self, doc: &Document, moved: &[usize]) -> Action {
        let placed = moved
            .iter()
            .filter_map(|&j| {
                let e = doc.entities.get(j)?;
                let p = self.sim.positions().get(j)?;
                Some((e.id.clone(), Position::from_f32([p[0], p[1]]).rounded()))
            })
            .collect();
        Action::MoveEntities(placed)
    }

    /// Entities (by index) pinned as the map has them, after a press that moved nothing.
    fn restore_pins(&mut self, doc: &Document, entities: &[usize]) {
        for &j in entities {
            if let Some(e) = doc.entities.get(j) {
                self.sim.set_fixed(j, e.pinned);
            }
        }
    }

    /// A folded group's members, at any depth, by entity index.
    fn folded_members(&self, group: usize) -> Vec<usize> {
        self.groups
            .all_members
            .get(group)
            .cloned()
            .unwrap_or_default()
    }

    /// Moves `members` by `d` canvas units, pinned while they move, as a dragged entity is.
    fn move_members(&mut self, members: &[usize], d: Vec2) {
        for &m in members {
            if let Some(p) = self.sim.positions().get(m).copied() {
                self.sim.set_position(m, [p[0] + d.x, p[1] + d.y]);
                self.sim.set_fixed(m, true);
            }
        }
    }

    /// While a folded group is dragged, its members follow the pointer, so its box (drawn at
    /// their centre) and its counted lines do.
    fn follow_folded_drag(&mut self) {
        let Some(Gesture::MoveFolded { group, end, at, .. }) = &mut self.gesture else {
            return;
        };
        let (group, d) = (*group, *end - *at);
        *at = *end;
        if d == Vec2::ZERO {
            return;
        }
        let zoom = self.view.map_or(1.0, |v| v.zoom);
        let members = self.folded_members(group);
        self.move_members(&members, d / zoom);
    }

    /// The canvas point under screen point `p`, by the last frame's view.
    pub(super) fn to_canvas(&self, p: Pos2) -> Option<Pos2> {
        let v = self.view?;
        Some(((p - v.origin - v.pan) / v.zoom).to_pos2())
    }

    /// The entity drawn under screen point `p`, if any (the nearest, when shapes overlap).
    pub(super) fn entity_under(&self, p: Pos2) -> Option<usize> {
        let node = self.hits.node_at(self.to_canvas(p)?)?;
        self.entity_at(NodeIndex::new(node))
    }
}
