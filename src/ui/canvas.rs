//! The map canvas: an egui_graphs view that is a projection of the document.
//!
//! The document owns positions. The canvas runs the force layout (`crate::layout`) over them,
//! copies the result into egui_graphs' graph (a cache it rebuilds when the document's structure
//! changes), and turns what the user does on it — clicks, node drags — into [`Action`]s. It
//! never changes the document itself.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::epaint::{CubicBezierShape, Galley, PathShape, QuadraticBezierShape, TextShape};
use egui::{Color32, FontId, Pos2, Rect, Sense, Shape, Stroke, StrokeKind, Ui, Vec2, pos2, vec2};
use egui_graphs::{
    DisplayEdge, DisplayNode, DrawContext, EdgeProps, GraphChange, GraphView, Layout, LayoutState,
    MetadataFrame, Node, NodeProps, SettingsInteraction, SettingsNavigation, SettingsStyle,
};
use petgraph::Directed;
use petgraph::stable_graph::{DefaultIx, EdgeIndex, NodeIndex};
use serde::{Deserialize, Serialize};

use super::captions::{self, CaptionRequest};
use super::commands::{Action, Selection};
use super::far::{self, DrawPlan, Highlights, Link, Scene};
use super::hit::{self, HitIndex};
use super::offscreen::{self, OffscreenError};
use crate::layout::{self, LayoutParams, Simulation};
use crate::model::{Document, EntityId, NodeShape, Position, Stance};
use crate::style::{self, Rgb};
pub use crate::view::{Decor, EdgeDecor, EdgeMark, NodeDecor};

/// Radius of an entity's shape, in canvas units.
pub const NODE_RADIUS: f32 = 12.0;
/// Below this zoom, names are shown only for hovered and selected entities.
const LABEL_MIN_ZOOM: f32 = 0.3;
/// Below this zoom arrow heads and contested markers are left out: too small to read, and on
/// a large map they cost more to draw than the lines.
const DETAIL_MIN_ZOOM: f32 = 0.3;
/// Room around a caption's text: its backing (3 by 1 points each side) and a gap.
const CAPTION_MARGIN: Vec2 = vec2(8.0, 4.0);
/// With more entities than this on screen, captions avoid only each other: measuring every
/// name would cost more than the clutter it saves, and names are not drawn that far out.
const CAPTION_OBSTACLES_UP_TO: usize = 2000;
/// With more captions than this to show at once, they are not placed (see `place_captions`).
const CAPTIONS_PLACED_UP_TO: usize = 400;
/// Shapes smaller than this radius on screen are drawn as plain squares, without outline.
const DOT_RADIUS: f32 = 2.0;
/// How far a label can reach beyond its entity on screen, for culling.
pub(crate) const LABEL_REACH: f32 = 220.0;
const LABEL_FONT_SIZE: f32 = 13.0;
/// Room around the map when it is fitted into view, relative to its size.
const FIT_PADDING: f32 = 0.15;
/// Maps with more entities and relations than this are culled by the frame's plan; smaller
/// ones leave culling to the displays.
const CULL_ABOVE: usize = 4000;
/// How far inside the canvas the far view is clipped, in points: too little to see.
const FAR_CLIP_INSET: f32 = 0.01;
/// Time the layout may take per frame, so the window stays responsive while it runs.
const LAYOUT_BUDGET: Duration = Duration::from_millis(8);
const LAYOUT_MAX_STEPS_PER_FRAME: usize = 40;
/// How warm "Reheat" makes the layout: enough to settle after a change, not to start over.
const REHEAT_ALPHA: f32 = 0.3;
/// The layout's seed (see [`crate::layout::DEFAULT_SEED`]).
pub const LAYOUT_SEED: u64 = crate::layout::DEFAULT_SEED;

/// What an entity node carries from the document.
#[derive(Debug, Clone)]
pub struct NodePayload {
    pub index: usize,
    /// Shared, because egui_graphs clones both end nodes of every edge it draws, every frame.
    pub name: Arc<str>,
    pub color: Color32,
    pub shape: NodeShape,
    pub pinned: bool,
    /// Radius in canvas units (larger for central entities when sizing by centrality).
    pub radius: f32,
    pub decor: NodeDecor,
}

/// What a relation edge carries from the document.
#[derive(Debug, Clone)]
pub struct EdgePayload {
    pub index: usize,
    pub caption: Arc<str>,
    pub directed: bool,
    pub color: Color32,
    /// The pointer is over this relation (egui_graphs tracks hover only for nodes).
    pub hovered: bool,
    /// Its claims disagree.
    pub contested: bool,
    pub decor: EdgeDecor,
    /// Where along its line its caption sits when it shows (0.5: the middle), or `None` when
    /// the caption is left out because it would cover others (see [`super::captions`]).
    pub caption_at: Option<f32>,
}

/// The colour of a relation some claimant disputes, and of its marker.
pub const CONTESTED_COLOR: Color32 = rgb(style::CONTESTED);
/// The highlight of relations on which two compared lenses disagree.
pub const DISAGREEMENT_COLOR: Color32 = rgb(style::DISAGREEMENT);

pub(crate) type MapGraph =
    egui_graphs::Graph<NodePayload, EdgePayload, Directed, DefaultIx, EntityNode, RelationEdge>;

/// The map view: egui_graphs' graph, the running layout, and the view transform.
pub struct Canvas {
    graph: MapGraph,
    /// Graph node of each entity, by the entity's index in the document.
    nodes: Vec<NodeIndex>,
    /// Entity ids in the order the graph was built from, to carry positions across a rebuild.
    ids: Vec<EntityId>,
    sim: Simulation,
    /// The node drag under way.
    drag: Option<Drag>,
    /// A connect or box-select drag under way.
    gesture: Option<Gesture>,
    /// Dragging from an entity adds a relation instead of moving it.
    connect_mode: bool,
    /// The relation under the pointer in the last frame.
    hovered_edge: Option<EdgeIndex>,
    /// How filters, lenses and paths show each entity and relation.
    decor: Decor,
    /// Centre the view on these entities (and zoom to fit them) on the next frame.
    zoom_to: Option<Vec<usize>>,
    /// Fit the whole map into view on the next frame.
    fit_requested: bool,
    /// Keep fitting the map into view while the layout runs, until the user pans or zooms.
    follow_layout: bool,
    /// The transform of the last frame: screen = origin + pan + canvas * zoom.
    view: Option<ViewTransform>,
    /// The user stopped the layout; it stays where it is until resumed.
    paused: bool,
    /// The layout's tuning, kept when the simulation is rebuilt after an edit.
    params: LayoutParams,
    /// Compact copies of what planning, the far view and hit-testing read.
    scene: Scene,
    /// Each entity's radius in canvas units (it grows when sizing by centrality).
    radii: Vec<f32>,
    /// The captions placed in the last frame: graph edge index and the caption's box on
    /// screen.
    captions: Vec<(usize, Rect)>,
    /// What lies where, for hit-testing; shared with egui_graphs.
    hits: Arc<HitIndex>,
    /// Positions, sizes or visibility changed since `hits` was built.
    hits_stale: bool,
}

/// A node drag: the entity under the pointer, whether it has moved, and the other selected
/// entities moving with it.
#[derive(Debug, Clone)]
struct Drag {
    index: usize,
    moved: bool,
    group: Vec<usize>,
}

/// A drag on the canvas that is not a node move or a pan.
#[derive(Debug, Clone)]
enum Gesture {
    /// From entity `from` to wherever the pointer is.
    Connect { from: usize, end: Pos2 },
    /// A selection rectangle, in screen points.
    Box { start: Pos2, end: Pos2 },
}

impl Gesture {
    fn set_end(&mut self, p: Pos2) {
        match self {
            Gesture::Connect { end, .. } | Gesture::Box { end, .. } => *end = p,
        }
    }
}

/// How canvas coordinates mapped to the screen in the last frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ViewTransform {
    pub origin: Pos2,
    pub pan: Vec2,
    pub zoom: f32,
    pub rect: Rect,
}

impl ViewTransform {
    pub fn to_screen(&self, p: Pos2) -> Pos2 {
        self.origin + self.pan + p.to_vec2() * self.zoom
    }
}

/// What happened on the canvas this frame.
#[derive(Debug, Default)]
pub struct CanvasOutput {
    pub actions: Vec<Action>,
    /// The layout came to rest this frame: its positions should be stored in the document.
    pub layout_settled: bool,
}

impl Canvas {
    pub fn new(doc: &Document) -> Self {
        let mut canvas = Self {
            graph: MapGraph::new(),
            nodes: Vec::new(),
            ids: Vec::new(),
            sim: Simulation::new(&[], &[], [], LAYOUT_SEED, LayoutParams::default()),
            drag: None,
            gesture: None,
            connect_mode: false,
            hovered_edge: None,
            decor: Decor::default(),
            zoom_to: None,
            fit_requested: true,
            follow_layout: true,
            view: None,
            paused: false,
            params: LayoutParams::default(),
            scene: Scene::default(),
            radii: Vec::new(),
            captions: Vec::new(),
            hits: Arc::default(),
            hits_stale: true,
        };
        canvas.rebuild(doc);
        canvas
    }

    /// Shows a newly opened document: a fresh layout, fitted into view.
    pub fn rebuild(&mut self, doc: &Document) {
        let initial: Vec<Option<[f32; 2]>> = doc
            .entities
            .iter()
            .map(|e| e.position.as_ref().map(Position::to_f32))
            .collect();
        self.build(doc, &initial);
        self.fit_requested = true;
        self.follow_layout = !self.sim.is_settled();
    }

    /// Takes in an edit (or an undo, or a redo): the document's positions and pins win, every
    /// other entity stays where it is on screen, new ones without a position appear in the
    /// middle of the view, and the view does not move. A running layout keeps running.
    pub fn refresh(&mut self, doc: &Document) {
        let on_screen: HashMap<&str, [f32; 2]> = self
            .ids
            .iter()
            .zip(self.sim.positions())
            .map(|(id, p)| (id.as_str(), *p))
            .collect();
        let center = self.view_center().map(|p| p.to_f32());
        let initial: Vec<Option<[f32; 2]>> = doc
            .entities
            .iter()
            .map(|e| {
                e.position
                    .as_ref()
                    .map(Position::to_f32)
                    .or_else(|| on_screen.get(e.id.as_str()).copied())
                    .or(center)
            })
            .collect();
        let alpha = self.sim.alpha();
        self.build(doc, &initial);
        if alpha >= self.sim.params().alpha_min {
            self.sim.reheat(alpha);
        }
    }

    fn build(&mut self, doc: &Document, initial: &[Option<[f32; 2]>]) {
        let mut graph = MapGraph::new();
        let nodes: Vec<NodeIndex> = doc
            .entities
            .iter()
            .enumerate()
            .map(|(index, e)| {
                let st = style::entity_style(&doc.styles, &e.kind);
                let payload = NodePayload {
                    index,
                    name: Arc::from(e.name.as_str()),
                    color: rgb(st.color),
                    shape: st.shape,
                    pinned: e.pinned,
                    radius: NODE_RADIUS,
                    decor: NodeDecor::default(),
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
        let mut scene = Scene {
            colors: doc
                .entities
                .iter()
                .map(|e| rgb(style::entity_style(&doc.styles, &e.kind).color))
                .collect(),
            links: Vec::with_capacity(doc.relations.len()),
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
                color: rgb(style::relation_color(&doc.styles, &r.kind)),
                hovered: false,
                contested: r.is_contested(),
                decor: EdgeDecor::default(),
                caption_at: Some(0.5),
            };
            let (color, contested) = (payload.color, payload.contested);
            let edge = graph.add_edge_with_label(nodes[a], nodes[b], payload, String::new());
            // The scene is indexed as egui_graphs indexes edges: in the order they were added.
            debug_assert_eq!(edge.index(), scene.links.len());
            scene.links.push(Link {
                a,
                b,
                order: graph.edge(edge).map_or(0, |e| e.order()),
                relation: index,
                color,
                contested,
            });
        }
        let fixed: Vec<bool> = doc.entities.iter().map(|e| e.pinned).collect();
        self.sim = Simulation::new(initial, &fixed, links, LAYOUT_SEED, self.params);
        self.sim.set_footprints(layout::footprints(
            doc.entities.iter().map(|e| e.name.as_str()),
            NODE_RADIUS,
            LABEL_FONT_SIZE,
        ));
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

    /// The layout's current positions, by entity index, as the layout holds them.
    pub fn layout_points(&self) -> &[[f32; 2]] {
        self.sim.positions()
    }

    /// The layout's current positions, by entity index, as the document stores them.
    pub fn positions(&self) -> Vec<Position> {
        self.sim
            .positions()
            .iter()
            .map(|p| Position::from_f32([p[0], p[1]]).rounded())
            .collect()
    }

    pub fn is_layout_running(&self) -> bool {
        !self.sim.is_settled() && !self.paused
    }

    /// Lays out every unpinned entity again from where it is.
    pub fn restart_layout(&mut self) {
        self.paused = false;
        self.sim.reheat(1.0);
        self.follow_layout = true;
    }

    /// Lets the layout move a little again from where it is, without starting over.
    pub fn reheat_layout(&mut self) {
        self.paused = false;
        self.sim.reheat(REHEAT_ALPHA);
    }

    /// Whether the user has paused the layout.
    pub fn is_layout_paused(&self) -> bool {
        self.paused
    }

    /// Pauses the layout where it is, or lets a paused layout go on.
    pub fn set_layout_paused(&mut self, paused: bool) {
        self.paused = paused;
    }

    /// How warm the layout is: it moves while this is above its minimum (1 is a fresh start).
    pub fn layout_heat(&self) -> f32 {
        self.sim.alpha()
    }

    pub fn layout_params(&self) -> LayoutParams {
        self.sim.params()
    }

    /// Retunes the layout and lets it move again, so the change shows.
    pub fn set_layout_params(&mut self, params: LayoutParams) {
        self.params = params;
        self.sim.set_params(params);
        self.reheat_layout();
    }

    pub fn request_fit(&mut self) {
        self.fit_requested = true;
    }

    /// Where entity `index` was drawn in the last frame, in screen points.
    pub fn screen_pos(&self, index: usize) -> Option<Pos2> {
        let view = self.view?;
        let p = self.sim.positions().get(index)?;
        Some(view.to_screen(pos2(p[0], p[1])))
    }

    /// The index of the relation under the pointer in the last frame.
    pub fn hovered_relation(&self) -> Option<usize> {
        self.hovered_edge.and_then(|e| self.relation_at(e))
    }

    pub fn view(&self) -> Option<ViewTransform> {
        self.view
    }

    /// Runs the layout for this frame, draws the map, and reports what the user did.
    pub fn show(&mut self, ui: &mut Ui, doc: &Document, selection: &Selection) -> CanvasOutput {
        let mut out = CanvasOutput::default();
        let was_running = self.is_layout_running();
        let following = self.follow_layout;
        self.advance_layout();
        if was_running && !self.is_layout_running() && self.drag.is_none() {
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
        let fit =
            self.fit_requested || (following && (self.is_layout_running() || out.layout_settled));
        let interaction = SettingsInteraction::new()
            .with_dragging_enabled(!gesturing && !self.connect_mode)
            .with_hover_enabled(true)
            .with_node_clicking_enabled(true)
            .with_edge_clicking_enabled(true);
        let navigation = SettingsNavigation::new()
            .with_zoom_and_pan_enabled(!gesturing)
            .with_fit_to_screen_enabled(fit)
            .with_fit_to_screen_padding(FIT_PADDING);
        let styles = SettingsStyle::new().with_labels_always(true);
        // Plan the frame through the view egui_graphs is about to use: the last one, after the
        // wheel zoom, or the fit it is about to make.
        let rect = ui.available_rect_before_wrap();
        let planned_view = if fit || self.view.is_none() {
            self.predicted_fit(rect)
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
        let plan = Arc::new(self.plan(&highlights, planned_view));
        self.project(&plan, &highlights, fit);
        self.place_captions(ui.ctx(), &plan, &highlights, planned_view);
        // The far view is painted under the displays, with this frame's pan and zoom, which
        // are known only once egui_graphs has handled the input: keep its place for it.
        // Its clip rectangle is a hair inside the canvas's, so egui keeps its large mesh apart
        // rather than copying it into the canvas's own, which grows as displays draw.
        let far_painter = ui.painter().with_clip_rect(rect.shrink(FAR_CLIP_INSET));
        let far_slot = far_painter.add(Shape::Noop);
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
                    // egui_graphs reports a zero move when a press starts; only a real move
                    // turns a click into a drag.
                    if delta == Vec2::ZERO {
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
                            let placed = moved
                                .iter()
                                .filter_map(|&j| {
                                    let e = doc.entities.get(j)?;
                                    let p = self.sim.positions().get(j)?;
                                    Some((e.id.clone(), Position::from_f32([p[0], p[1]]).rounded()))
                                })
                                .collect();
                            out.actions.push(Action::MoveEntities(placed));
                        } else {
                            // A press without a move is a click: leave the pins as they were.
                            for j in moved {
                                if let Some(e) = doc.entities.get(j) {
                                    self.sim.set_fixed(j, e.pinned);
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        let r = &response.response;
        let on_background = !clicked_something
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
                        GraphView::<DocumentLayoutState, DocumentLayout>::new()
                            .with_interactions(&interaction)
                            .with_navigations(&navigation)
                            .with_styles(&styles)
                            .with_draw_filter(plan.clone())
                            .show(ui, &mut graph);
                    });
            },
        )
    }

    /// Starts a connect drag (Alt+drag, or any drag in connect mode, from an entity) or a box
    /// selection (Shift+drag from the background) when the primary button goes down.
    fn start_gesture(&mut self, ui: &Ui) {
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
            return;
        }
        let in_canvas = self.view.is_some_and(|v| v.rect.contains(p)) && ui.ui_contains_pointer();
        if !pressed || !in_canvas {
            return;
        }
        match self.entity_under(p) {
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
    fn finish_gesture(
        &mut self,
        ui: &Ui,
        doc: &Document,
        selection: &Selection,
        out: &mut CanvasOutput,
    ) {
        let Some(gesture) = self.gesture.clone() else {
            return;
        };
        let color = ui.visuals().selection.stroke.color;
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
        }
    }

    /// The canvas point under screen point `p`, by the last frame's view.
    fn to_canvas(&self, p: Pos2) -> Option<Pos2> {
        let v = self.view?;
        Some(((p - v.origin - v.pan) / v.zoom).to_pos2())
    }

    /// The entity drawn under screen point `p`, if any (the nearest, when shapes overlap).
    fn entity_under(&self, p: Pos2) -> Option<usize> {
        let node = self.hits.node_at(self.to_canvas(p)?)?;
        self.entity_at(NodeIndex::new(node))
    }

    /// How each entity and relation is shown now.
    pub fn decor(&self) -> &Decor {
        &self.decor
    }

    /// Sets how each entity and relation is shown (filters, focus, lens, path).
    pub fn set_decor(&mut self, decor: Decor) {
        if decor != self.decor {
            self.decor = decor;
            self.update_radii();
            self.hits_stale = true;
        }
    }

    /// Each entity's radius, from its size in the decor.
    fn update_radii(&mut self) {
        self.radii = (0..self.nodes.len())
            .map(|i| NODE_RADIUS * self.decor.nodes.get(i).map_or(1.0, |d| d.scale))
            .collect();
    }

    /// The relation captions drawn in the last frame, by document index, with the box of
    /// each one's text on screen. Relations whose caption found no room are not listed.
    pub fn caption_boxes(&self) -> Vec<(usize, Rect)> {
        self.captions
            .iter()
            .filter_map(|&(e, rect)| Some((self.relation_at(EdgeIndex::new(e))?, rect)))
            .collect()
    }

    /// Centres the view on these entities, zoomed so they fit (not closer than 1:1).
    pub fn zoom_to(&mut self, entities: Vec<usize>) {
        if !entities.is_empty() {
            self.zoom_to = Some(entities);
            self.follow_layout = false;
        }
    }

    fn apply_zoom_to(&mut self, ui: &mut Ui) {
        let (Some(targets), Some(view)) = (self.zoom_to.take(), self.view) else {
            return;
        };
        let points: Vec<Pos2> = targets
            .iter()
            .filter_map(|&i| self.sim.positions().get(i))
            .map(|p| pos2(p[0], p[1]))
            .collect();
        if points.is_empty() {
            return;
        }
        let bounds = Rect::from_points(&points).expand(NODE_RADIUS * 6.0);
        let size = view.rect.size();
        let zoom = (size.x / bounds.width())
            .min(size.y / bounds.height())
            .clamp(0.05, 1.2);
        let mut meta = MetadataFrame::new(None).load(ui);
        meta.zoom = zoom;
        meta.pan = size / 2.0 - bounds.center().to_vec2() * zoom;
        meta.save(ui);
    }

    /// Whether dragging from an entity adds a relation instead of moving it.
    pub fn connect_mode(&self) -> bool {
        self.connect_mode
    }

    pub fn set_connect_mode(&mut self, on: bool) {
        self.connect_mode = on;
    }

    /// Canvas coordinates of the middle of the view, where new entities go.
    pub fn view_center(&self) -> Option<Position> {
        let v = self.view?;
        let c = self.to_canvas(v.rect.center())?;
        Some(Position::from_f32([c.x, c.y]).rounded())
    }

    fn advance_layout(&mut self) {
        if self.sim.is_settled() || self.paused {
            return;
        }
        let start = Instant::now();
        for _ in 0..LAYOUT_MAX_STEPS_PER_FRAME {
            self.sim.step();
            if self.sim.is_settled() || start.elapsed() > LAYOUT_BUDGET {
                break;
            }
        }
    }

    /// What stands out this frame (as of the last frame's hover).
    fn highlights(&self, doc: &Document, selection: &Selection) -> Highlights {
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
    fn plan(&self, highlights: &Highlights, view: ViewTransform) -> DrawPlan {
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

    /// The view egui_graphs' fit makes: the map's bounds, padded, centred in `rect`.
    fn predicted_fit(&self, rect: Rect) -> ViewTransform {
        let mut bounds = Rect::NOTHING;
        for (p, r) in self.sim.positions().iter().zip(&self.radii) {
            bounds = bounds.union(Rect::from_center_size(
                pos2(p[0], p[1]),
                Vec2::splat(2.0 * r),
            ));
        }
        if !bounds.is_positive() || !bounds.is_finite() {
            bounds = Rect::from_center_size(Pos2::ZERO, Vec2::splat(1.0));
        }
        let size = bounds.size() * (1.0 + FIT_PADDING);
        let zoom = (rect.width() / size.x.max(1e-3)).min(rect.height() / size.y.max(1e-3));
        let zoom = if zoom.is_finite() && zoom > 0.0 {
            zoom
        } else {
            1.0
        };
        ViewTransform {
            origin: rect.min,
            pan: rect.size() / 2.0 - bounds.center().to_vec2() * zoom,
            zoom,
            rect,
        }
    }

    /// Copies positions, pins, sizes and the selection into egui_graphs' graph: for the
    /// entities and relations its displays draw this frame, and the ends of those relations
    /// (or every entity, when egui_graphs reads the whole map's bounds to fit it).
    fn project(&mut self, plan: &DrawPlan, highlights: &Highlights, fit: bool) {
        let dragged = self.drag.as_ref().map(|d| d.index);
        let mut wanted = vec![fit; self.nodes.len()];
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
            }
        }
    }

    /// Places the captions of the emphasised relations (those of a selected or hovered
    /// entity, the hovered and the selected relation) so they cover neither each other nor
    /// the entities and names around them, and tells their displays where.
    fn place_captions(
        &mut self,
        ctx: &egui::Context,
        plan: &DrawPlan,
        highlights: &Highlights,
        view: ViewTransform,
    ) {
        // Last frame's placements go back to the middle; most frames emphasise nothing.
        for (e, _) in std::mem::take(&mut self.captions) {
            if let Some(edge) = self.graph.edge_mut(EdgeIndex::new(e)) {
                edge.payload_mut().caption_at = Some(0.5);
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
            let (a, b, ctrl) = relation_geometry(canvas_at(link.a), canvas_at(link.b), link.order);
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
        let mut obstacles = Vec::new();
        let shown: Vec<usize> = (0..self.nodes.len())
            .filter(|&i| {
                // Hidden entities are not drawn by displays.
                plan.nodes[i] == far::Drawn::Display
                    && view.rect.expand(LABEL_REACH).contains(at(i))
            })
            .collect();
        if shown.len() <= CAPTION_OBSTACLES_UP_TO {
            for i in shown {
                let decor = self.decor.nodes.get(i).copied().unwrap_or_default();
                let (c, r) = (at(i), canvas_at(i).1 * view.zoom);
                obstacles.push(Rect::from_center_size(c, Vec2::splat(2.0 * r)));
                let labelled = shows_name(view.zoom, decor, highlights.node(i) || decor.marked);
                if let Some(node) = self.graph.node(self.nodes[i]).filter(|_| labelled) {
                    let size = text_size(&node.payload().name);
                    let top_left = label_top_left(name_anchor(c, r), size, false);
                    obstacles.push(Rect::from_min_size(top_left, size));
                }
            }
        }
        let spots = captions::place(&requests, &obstacles);
        for ((e, spot), request) in edges.into_iter().zip(spots).zip(&requests) {
            if let Some(edge) = self.graph.edge_mut(EdgeIndex::new(e)) {
                edge.payload_mut().caption_at = spot;
            }
            if let Some(t) = spot {
                let centre = captions::point_on(request.line, t);
                let text = Rect::from_center_size(centre, request.size - CAPTION_MARGIN);
                self.captions.push((e, text));
            }
        }
    }

    /// Plain mouse-wheel zoom around the pointer, as in Gephi and yEd. (egui_graphs itself
    /// zooms only on Ctrl + wheel and pinch, which keep working.)
    fn handle_wheel_zoom(&mut self, ui: &mut Ui) {
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
    }

    /// An empty map: say how to start, and let a double-click add the first entity.
    fn show_empty_hint(&mut self, ui: &mut Ui, out: &mut CanvasOutput) {
        let (rect, response) = ui.allocate_exact_size(ui.available_size(), Sense::click());
        ui.painter().text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            "An empty map.\nDouble-click to add an entity, or open a map with File ⏵ Open… \
             or by dropping a .json file here.",
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

    fn entity_at(&self, node: NodeIndex) -> Option<usize> {
        self.graph.node(node).map(|n| n.payload().index)
    }

    fn relation_at(&self, edge: EdgeIndex) -> Option<usize> {
        self.graph.edge(edge).map(|e| e.payload().index)
    }
}

/// The label size at `zoom`: labels scale with the map, as in Gephi, so the layout's spacing
/// holds at every zoom, but never shrink below legibility.
fn label_font_size(zoom: f32) -> f32 {
    (LABEL_FONT_SIZE * zoom).clamp(11.0, 20.0)
}

pub const fn rgb(c: Rgb) -> Color32 {
    Color32::from_rgb(c[0], c[1], c[2])
}

/// egui_graphs' layout slot. relmap lays the map out itself (see [`Canvas`]), so this layout
/// does nothing; it exists because `GraphView` needs one.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct DocumentLayoutState;

impl LayoutState for DocumentLayoutState {}

#[derive(Debug, Default)]
pub struct DocumentLayout;

impl Layout<DocumentLayoutState> for DocumentLayout {
    fn from_state(_state: DocumentLayoutState) -> impl Layout<DocumentLayoutState> {
        DocumentLayout
    }

    fn next<N, E, Ty, Ix, Dn, De>(
        &mut self,
        _g: &mut egui_graphs::Graph<N, E, Ty, Ix, Dn, De>,
        _ui: &Ui,
    ) where
        N: Clone,
        E: Clone,
        Ty: petgraph::EdgeType,
        Ix: petgraph::graph::IndexType,
        Dn: DisplayNode<N, E, Ty, Ix>,
        De: DisplayEdge<N, E, Ty, Ix, Dn>,
    {
    }

    fn state(&self) -> DocumentLayoutState {
        DocumentLayoutState
    }
}

/// Paints an entity shape; the legend uses it too, so both always match. The outline comes
/// from the style table, as in exported figures.
pub fn node_shape(center: Pos2, r: f32, shape: NodeShape, fill: Color32, stroke: Stroke) -> Shape {
    match style::outline(shape, center.x, center.y, r) {
        None => Shape::circle_filled(center, r, fill).with_stroke(stroke, center, r),
        Some(points) => Shape::Path(PathShape::convex_polygon(
            points.into_iter().map(|p| pos2(p[0], p[1])).collect(),
            fill,
            stroke,
        )),
    }
}

trait WithStroke {
    fn with_stroke(self, stroke: Stroke, center: Pos2, r: f32) -> Shape;
}

impl WithStroke for Shape {
    fn with_stroke(self, stroke: Stroke, center: Pos2, r: f32) -> Shape {
        Shape::Vec(vec![self, Shape::circle_stroke(center, r, stroke)])
    }
}

/// A label's text laid out as the canvas draws it at `zoom`.
fn label_galley(ctx: &egui::Context, text: &str, zoom: f32, color: Color32) -> Arc<Galley> {
    ctx.fonts_mut(|f| {
        f.layout_no_wrap(
            text.to_owned(),
            FontId::proportional(label_font_size(zoom)),
            color,
        )
    })
}

/// Where a label's text of `size` starts: centred on `anchor` (`above`, as relation captions
/// are), or hanging below it (as names under their entities).
fn label_top_left(anchor: Pos2, size: Vec2, above: bool) -> Pos2 {
    if above {
        anchor - vec2(size.x / 2.0, size.y / 2.0)
    } else {
        anchor - vec2(size.x / 2.0, 0.0)
    }
}

/// Where an entity's name hangs from, below its shape of screen radius `r`.
fn name_anchor(center: Pos2, r: f32) -> Pos2 {
    center + vec2(0.0, r * 1.3 + 2.0)
}

/// Whether an entity's name shows at `zoom`: when names show at all and it is not dimmed, or
/// when it stands out (`emphasised`: selected, hovered, dragged or marked).
fn shows_name(zoom: f32, decor: NodeDecor, emphasised: bool) -> bool {
    (zoom >= LABEL_MIN_ZOOM && !decor.dimmed) || emphasised
}

/// A text label with a translucent backing, so names stay legible over relation lines.
fn label_shapes(
    ctx: &DrawContext,
    text: &str,
    anchor: Pos2,
    strong: bool,
    above: bool,
) -> [Shape; 2] {
    let visuals = &ctx.ctx.global_style().visuals;
    let color = if strong {
        visuals.strong_text_color()
    } else {
        visuals.text_color()
    };
    let galley = label_galley(ctx.ctx, text, ctx.meta.zoom, color);
    let size = galley.size();
    let top_left = label_top_left(anchor, size, above);
    let backing = Rect::from_min_size(top_left, size).expand2(vec2(3.0, 1.0));
    let bg = visuals.extreme_bg_color.gamma_multiply(0.78);
    [
        Shape::rect_filled(backing, 3.0, bg),
        TextShape::new(top_left, galley, color).into(),
    ]
}

/// How an entity is drawn: its kind's shape and colour, with its name underneath.
#[derive(Debug, Clone)]
pub struct EntityNode {
    pos: Pos2,
    selected: bool,
    hovered: bool,
    dragged: bool,
    payload: NodePayload,
}

impl From<NodeProps<NodePayload>> for EntityNode {
    fn from(props: NodeProps<NodePayload>) -> Self {
        Self {
            pos: props.location(),
            selected: props.selected,
            hovered: props.hovered,
            dragged: props.dragged,
            payload: props.payload,
        }
    }
}

impl DisplayNode<NodePayload, EdgePayload, Directed, DefaultIx> for EntityNode {
    fn closest_boundary_point(&self, dir: Vec2) -> Pos2 {
        self.pos + dir.normalized() * self.payload.radius
    }

    fn shapes(&mut self, ctx: &DrawContext) -> Vec<Shape> {
        let decor = self.payload.decor;
        if decor.hidden {
            return Vec::new();
        }
        let center = ctx.meta.canvas_to_screen_pos(self.pos);
        let r = ctx.meta.canvas_to_screen_size(self.payload.radius);
        let emphasised = self.selected || self.hovered || self.dragged || decor.marked;
        let labelled = shows_name(ctx.meta.zoom, decor, emphasised);
        // Off screen: nothing to draw (large maps are mostly off screen when zoomed in).
        let reach = r * 1.6 + 4.0 + if labelled { LABEL_REACH } else { 0.0 };
        if !ctx.painter.clip_rect().expand(reach).contains(center) {
            return Vec::new();
        }
        let visuals = &ctx.ctx.global_style().visuals;
        let stroke = if self.selected {
            Stroke::new(3.0, visuals.selection.stroke.color)
        } else if self.hovered || self.dragged {
            Stroke::new(2.0, visuals.strong_text_color())
        } else {
            Stroke::new(1.0, visuals.extreme_bg_color)
        };
        let fill = entity_fill(self.payload.color, decor);
        let mut shapes = Vec::with_capacity(4);
        if decor.marked {
            shapes.push(Shape::circle_stroke(
                center,
                r * 1.6 + 2.0,
                Stroke::new(3.0, visuals.selection.stroke.color),
            ));
        }
        shapes.push(node_shape(center, r, self.payload.shape, fill, stroke));
        if self.payload.pinned {
            // A pin: a small dot at the top right, so users see why the layout leaves it alone.
            let pin = center + vec2(r * 0.9, -r * 0.9);
            shapes.push(Shape::circle_filled(
                pin,
                (r * 0.28).max(2.5),
                visuals.strong_text_color(),
            ));
        }
        if labelled {
            shapes.extend(label_shapes(
                ctx,
                &self.payload.name,
                name_anchor(center, r),
                emphasised,
                false,
            ));
        }
        shapes
    }

    fn update(&mut self, props: &NodeProps<NodePayload>) {
        self.pos = props.location();
        self.selected = props.selected;
        self.hovered = props.hovered;
        self.dragged = props.dragged;
        self.payload.clone_from(&props.payload);
    }

    fn is_inside(&self, pos: Pos2) -> bool {
        !self.payload.decor.hidden
            && (pos - self.pos).length() <= self.payload.radius * hit::NODE_REACH
    }
}

/// How a relation is drawn: a line (curved when several relations join the same two
/// entities), an arrow head when it is directed, and its caption when it or an end is
/// selected or hovered.
#[derive(Debug, Clone)]
pub struct RelationEdge {
    order: usize,
    selected: bool,
    payload: EdgePayload,
}

impl From<EdgeProps<EdgePayload>> for RelationEdge {
    fn from(props: EdgeProps<EdgePayload>) -> Self {
        Self {
            order: props.order,
            selected: props.selected,
            payload: props.payload,
        }
    }
}

/// Spacing between parallel relations, in canvas units.
const PARALLEL_OFFSET: f32 = 22.0;

impl RelationEdge {
    /// Start, end and (for a curve) control point, in canvas coordinates.
    fn geometry(
        &self,
        start: &Node<NodePayload, EdgePayload, Directed, DefaultIx, EntityNode>,
        end: &Node<NodePayload, EdgePayload, Directed, DefaultIx, EntityNode>,
    ) -> (Pos2, Pos2, Option<Pos2>) {
        relation_geometry(
            (start.location(), start.payload().radius),
            (end.location(), end.payload().radius),
            self.order,
        )
    }
}

/// Where a relation between two entities (centre and radius each) starts and ends, and its
/// control point when it curves (the `order`-th of several between the same two), in canvas
/// coordinates. The canvas, its hit-testing and the far view all draw relations this way.
pub(crate) fn relation_geometry(
    (s, rs): (Pos2, f32),
    (e, re): (Pos2, f32),
    order: usize,
) -> (Pos2, Pos2, Option<Pos2>) {
    let dir = e - s;
    if dir.length_sq() < 1e-6 {
        return (s, e, None);
    }
    if order == 0 {
        let d = dir.normalized();
        return (s + d * rs, e - d * re, None);
    }
    let normal = vec2(-dir.y, dir.x).normalized();
    let ctrl = s + dir * 0.5 + normal * PARALLEL_OFFSET * 2.0 * order as f32;
    let a = s + (ctrl - s).normalized() * rs;
    let b = e + (ctrl - e).normalized() * re;
    (a, b, Some(ctrl))
}

/// How many straight pieces stand for a curved relation when it is hit-tested.
pub(crate) const CURVE_PIECES: usize = 16;

/// The relation as a polyline: its two ends, or points along its curve.
pub(crate) fn relation_polyline(a: Pos2, b: Pos2, ctrl: Option<Pos2>) -> Vec<Pos2> {
    match ctrl {
        None => vec![a, b],
        Some(c) => (0..=CURVE_PIECES)
            .map(|k| bezier_point(a, c, b, k as f32 / CURVE_PIECES as f32))
            .collect(),
    }
}

/// The colour and width of a relation's line.
pub(crate) fn relation_stroke(
    color: Color32,
    contested: bool,
    decor: EdgeDecor,
    selected: bool,
    emphasised: bool,
    visuals: &egui::Visuals,
) -> Stroke {
    let kind_color = color;
    let (mut color, width) = match decor.mark {
        _ if selected => (visuals.selection.stroke.color, 3.0),
        EdgeMark::Path => (visuals.selection.stroke.color, 3.5),
        EdgeMark::Disagreement => (DISAGREEMENT_COLOR, 3.5),
        EdgeMark::Asserted => (super::inspector::stance_color(Stance::Asserts), 2.2),
        EdgeMark::Denied => (super::inspector::stance_color(Stance::Denies), 2.2),
        EdgeMark::Qualified => (super::inspector::stance_color(Stance::Qualifies), 2.2),
        EdgeMark::None if emphasised => (visuals.strong_text_color(), 2.0),
        EdgeMark::None if contested => (CONTESTED_COLOR, 1.6),
        EdgeMark::None => (kind_color, 1.4),
    };
    if decor.dimmed && !selected && !emphasised {
        color = color.gamma_multiply(0.18);
    }
    Stroke::new(width, color)
}

/// The fill of an entity: its kind's colour, faint when dimmed.
pub(crate) fn entity_fill(color: Color32, decor: NodeDecor) -> Color32 {
    if decor.dimmed {
        color.gamma_multiply(0.22)
    } else {
        color
    }
}

/// Zoomed far out, a plain entity (not selected, hovered, dragged or on the path) is a dot, and
/// the far view draws all such dots at once ([`super::far`]); its display is not asked.
pub(crate) fn is_far_dot(screen_radius: f32, emphasised: bool) -> bool {
    screen_radius < DOT_RADIUS && !emphasised
}

/// Zoomed far out, a plain relation (not selected, and without a selected or hovered end) is a
/// line without arrow head or markers, and the far view draws all such lines at once.
pub(crate) fn is_far_line(zoom: f32, emphasised: bool) -> bool {
    zoom < DETAIL_MIN_ZOOM && !emphasised
}

fn bezier_point(a: Pos2, c: Pos2, b: Pos2, t: f32) -> Pos2 {
    captions::point_on((a, b, Some(c)), t)
}

impl DisplayEdge<NodePayload, EdgePayload, Directed, DefaultIx, EntityNode> for RelationEdge {
    fn shapes(
        &mut self,
        start: &Node<NodePayload, EdgePayload, Directed, DefaultIx, EntityNode>,
        end: &Node<NodePayload, EdgePayload, Directed, DefaultIx, EntityNode>,
        ctx: &DrawContext,
    ) -> Vec<Shape> {
        let decor = self.payload.decor;
        if decor.hidden {
            return Vec::new();
        }
        let visuals = &ctx.ctx.global_style().visuals;
        let emphasised = self.payload.hovered
            || start.selected()
            || end.selected()
            || start.hovered()
            || end.hovered();
        let stroke = relation_stroke(
            self.payload.color,
            self.payload.contested,
            decor,
            self.selected,
            emphasised,
            visuals,
        );
        let (color, width) = (stroke.color, stroke.width);
        let to_screen = |p: Pos2| ctx.meta.canvas_to_screen_pos(p);
        let mut shapes = Vec::with_capacity(4);

        if start.id() == end.id() {
            // A relation of an entity to itself: a loop above it.
            let c = to_screen(start.location());
            let r = ctx.meta.canvas_to_screen_size(NODE_RADIUS);
            let k = 1.0 + self.order as f32 * 0.5;
            shapes.push(Shape::CubicBezier(CubicBezierShape::from_points_stroke(
                [
                    c,
                    c + vec2(-r * 2.5 * k, -r * 3.0 * k),
                    c + vec2(r * 2.5 * k, -r * 3.0 * k),
                    c,
                ],
                false,
                Color32::TRANSPARENT,
                stroke,
            )));
            if self.selected || emphasised {
                let anchor = c + vec2(0.0, -r * 2.6 * k);
                shapes.extend(label_shapes(
                    ctx,
                    &self.payload.caption,
                    anchor,
                    self.selected,
                    true,
                ));
            }
            return shapes;
        }

        let (a, b, ctrl) = self.geometry(start, end);
        let (sa, sb) = (to_screen(a), to_screen(b));
        // Off screen: nothing to draw. A curve stays within the box of its three points.
        let reach = if emphasised || self.selected {
            LABEL_REACH
        } else {
            8.0
        };
        let view = ctx.painter.clip_rect().expand(reach);
        let seen = match ctrl {
            None => far::segment_meets(view, sa, sb),
            Some(c) => Rect::from_points(&[sa, sb, to_screen(c)]).intersects(view),
        };
        if !seen {
            return shapes;
        }
        let detailed = ctx.meta.zoom >= DETAIL_MIN_ZOOM || emphasised || self.selected;
        // A contested relation is dashed, with a marker at its middle.
        let dashed = self.payload.contested;
        let (tip_from, mid) = match ctrl {
            None if dashed => {
                shapes.extend(Shape::dashed_line(&[sa, sb], stroke, 7.0, 4.0));
                (sa, sa + (sb - sa) * 0.5)
            }
            None => {
                shapes.push(Shape::line_segment([sa, sb], stroke));
                (sa, sa + (sb - sa) * 0.5)
            }
            Some(c) => {
                let sc = to_screen(c);
                if dashed {
                    let points: Vec<Pos2> = (0..=24)
                        .map(|k| bezier_point(sa, sc, sb, k as f32 / 24.0))
                        .collect();
                    shapes.extend(Shape::dashed_line(&points, stroke, 7.0, 4.0));
                } else {
                    shapes.push(Shape::QuadraticBezier(
                        QuadraticBezierShape::from_points_stroke(
                            [sa, sc, sb],
                            false,
                            Color32::TRANSPARENT,
                            stroke,
                        ),
                    ));
                }
                (sc, bezier_point(sa, sc, sb, 0.5))
            }
        };
        if dashed && !decor.dimmed && detailed {
            let m = 5.0;
            shapes.push(Shape::convex_polygon(
                vec![
                    mid + vec2(0.0, -m),
                    mid + vec2(m, 0.0),
                    mid + vec2(0.0, m),
                    mid + vec2(-m, 0.0),
                ],
                CONTESTED_COLOR,
                Stroke::new(1.0, visuals.extreme_bg_color),
            ));
        }
        if decor.mark == EdgeMark::Denied && detailed {
            // Struck through: a cross over the middle.
            let m = 6.0;
            let cross = Stroke::new(2.5, color);
            shapes.push(Shape::line_segment(
                [mid + vec2(-m, -m), mid + vec2(m, m)],
                cross,
            ));
            shapes.push(Shape::line_segment(
                [mid + vec2(-m, m), mid + vec2(m, -m)],
                cross,
            ));
        }
        if self.payload.directed && detailed {
            let dir = (sb - tip_from).normalized();
            let size = (ctx.meta.canvas_to_screen_size(9.0)).clamp(5.0, 12.0) + width;
            let normal = vec2(-dir.y, dir.x);
            let back = sb - dir * size;
            shapes.push(Shape::convex_polygon(
                vec![sb, back + normal * size * 0.45, back - normal * size * 0.45],
                color,
                Stroke::NONE,
            ));
        }
        // Where the canvas placed the caption along the line, clear of the others; left out
        // when there was no room.
        if (self.selected || emphasised)
            && let Some(t) = self.payload.caption_at
        {
            let anchor = captions::point_on((sa, sb, ctrl.map(to_screen)), t);
            shapes.extend(label_shapes(
                ctx,
                &self.payload.caption,
                anchor,
                self.selected,
                true,
            ));
        }
        shapes
    }

    fn update(&mut self, props: &EdgeProps<EdgePayload>) {
        self.order = props.order;
        self.selected = props.selected;
        self.payload.clone_from(&props.payload);
    }

    fn is_inside(
        &self,
        start: &Node<NodePayload, EdgePayload, Directed, DefaultIx, EntityNode>,
        end: &Node<NodePayload, EdgePayload, Directed, DefaultIx, EntityNode>,
        pos: Pos2,
    ) -> bool {
        if start.id() == end.id() || self.payload.decor.hidden {
            return false;
        }
        let (a, b, ctrl) = self.geometry(start, end);
        hit::distance_to_polyline(pos, &relation_polyline(a, b, ctrl)) <= hit::EDGE_REACH
    }

    fn extra_bounds(
        &self,
        start: &Node<NodePayload, EdgePayload, Directed, DefaultIx, EntityNode>,
        end: &Node<NodePayload, EdgePayload, Directed, DefaultIx, EntityNode>,
    ) -> Option<(Pos2, Pos2)> {
        let (a, b, ctrl) = self.geometry(start, end);
        let c = ctrl?;
        let mid = bezier_point(a, c, b, 0.5);
        Some((a.min(b).min(mid), a.max(b).max(mid)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_canvas_lays_out_the_bundled_map_and_reports_when_it_settles() {
        let doc = crate::io::bundled_map().unwrap();
        let mut canvas = Canvas::new(&doc);
        assert!(
            canvas.is_layout_running(),
            "the bundled map has no saved positions"
        );
        for _ in 0..1000 {
            canvas.advance_layout();
        }
        assert!(!canvas.is_layout_running());
        assert_eq!(canvas.positions().len(), doc.entities.len());
    }
}
