//! The map canvas: an egui_graphs view that is a projection of the document.
//!
//! The document owns positions. The canvas runs the force layout (`crate::layout`) over them,
//! copies the result into egui_graphs' graph (a cache it rebuilds when the document's structure
//! changes), and turns what the user does on it — clicks, node drags — into [`Action`]s. It
//! never changes the document itself.

mod base;
mod build;
pub mod captions;
mod displays;
pub mod far;
mod ghosts;
mod groups;
pub mod hit;
mod interact;
mod names;
pub mod notes;
pub mod offscreen;
mod overlay;
mod project;

pub use base::{LABEL_REACH, NODE_RADIUS, ViewTransform};
pub use displays::*;

use std::collections::HashMap;
use std::sync::Arc;

use egui::epaint::{CubicBezierShape, Galley, QuadraticBezierShape, TextShape};
use egui::{Color32, FontId, Pos2, Rect, Sense, Shape, Stroke, StrokeKind, Ui, Vec2, pos2, vec2};
use egui_graphs::{
    DisplayEdge, DisplayNode, DrawContext, EdgeProps, GraphChange, GraphView, Layout, LayoutState,
    MetadataFrame, Node, NodeProps, SettingsInteraction, SettingsNavigation, SettingsStyle,
};
use petgraph::Directed;
use petgraph::stable_graph::{DefaultIx, EdgeIndex, NodeIndex};
use serde::{Deserialize, Serialize};

use super::commands::{Action, Selection};
use super::paint::{self, CONTESTED_COLOR, rgb};
use crate::layout::{self, LayoutParams, Runner, Simulation};
use crate::look::{self, geometry};
use crate::model::{Document, EntityId, NodeShape, Position};
pub use crate::view::{Decor, EdgeDecor, EdgeMark, NodeDecor};
use base::*;
use captions::CaptionRequest;
use far::{DrawPlan, Highlights, Link, Scene};
use hit::HitIndex;
use offscreen::OffscreenError;
use overlay::overlay_links;

/// Room around a caption's text: its backing (3 by 1 points each side) and a gap.
const CAPTION_MARGIN: Vec2 = vec2(8.0, 4.0);
/// With more entities than this on screen, captions avoid only each other: measuring every
/// name would cost more than the clutter it saves, and names are not drawn that far out.
const CAPTION_OBSTACLES_UP_TO: usize = 2000;
/// With more captions than this to show at once, they are not placed (see `place_captions`).
const CAPTIONS_PLACED_UP_TO: usize = 400;
/// Maps with more entities and relations than this are culled by the frame's plan; smaller
/// ones leave culling to the displays.
const CULL_ABOVE: usize = 4000;
/// How far inside the canvas the far view is clipped, in points: too little to see.
const FAR_CLIP_INSET: f32 = 0.01;
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
    /// Its kind's icon, drawn inside the shape or, when `icon_only`, instead of it.
    pub icon: Option<&'static crate::look::icons::Icon>,
    pub icon_only: bool,
    /// Its picture, drawn in place of its shape and icon once decoded.
    pub picture: Option<crate::ui::pictures::PictureRef>,
    pub pinned: bool,
    /// Radius in canvas units (larger for central entities when sizing by centrality).
    pub radius: f32,
    pub decor: NodeDecor,
    /// Its name shows this frame, and where around the shape: the label grid found room for
    /// it (see `names`).
    pub name_shown: bool,
    pub name_slot: crate::look::labels::Slot,
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
    /// Where its caption sits when it shows (the middle of its line unless placed), or `None`
    /// when the caption is left out because it would cover others (see [`captions`]).
    pub caption_at: Option<captions::Spot>,
    /// The canvas draws its caption, over the entities, rather than the display under them.
    pub caption_on_top: bool,
    /// Its place among the relations between the same two entities (0: straight), as the
    /// look counts them for every painter.
    pub order: usize,
    /// How far its middle moves to the side round names, in canvas units (0: straight).
    pub bend: f32,
    /// How much of its colour its line keeps when plain and not emphasised, in a crowd of
    /// lines ([`far::DrawPlan::crowd`]).
    pub crowd: f32,
}

pub(crate) type MapGraph =
    egui_graphs::Graph<NodePayload, EdgePayload, Directed, DefaultIx, EntityNode, RelationEdge>;

/// The map view: egui_graphs' graph, the running layout, and the view transform.
pub struct Canvas {
    /// What an empty canvas says instead of how to start a map (a case's view says how to
    /// pull entities in).
    empty_hint: Option<String>,
    graph: MapGraph,
    /// Graph node of each entity, by the entity's index in the document.
    nodes: Vec<NodeIndex>,
    /// Entity ids in the order the graph was built from, to carry positions across a rebuild.
    ids: Vec<EntityId>,
    /// The force layout, run inline or on a worker thread.
    sim: Runner,
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
    /// The last fitted view, and whether the view should stay fitted: until the user pans or
    /// zooms, the map is fitted again whenever the canvas changes size (the first frames, while
    /// the side panels find their widths, and when the window is resized) or the view drifts
    /// from the fit (egui_graphs fits by its own rule on its first frame).
    last_fit: Option<ViewTransform>,
    keep_fitted: bool,
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
    /// The names shown in the last frame: entity index and the name's box on screen.
    names: Vec<(usize, Rect)>,
    /// The scene links bent round names in the last frame, with their bends.
    bent: Vec<(usize, f32)>,
    /// The layout was placed by stress when the map was built and has not yet been reported
    /// settled (its positions must reach the document like a settled force layout's).
    placed_at_start: bool,
    /// What lies where, for hit-testing; shared with egui_graphs.
    hits: Arc<HitIndex>,
    /// Positions, sizes or visibility changed since `hits` was built.
    hits_stale: bool,
    /// How many times the graph and the simulation were built: only a change of structure
    /// (or another map) should add to it.
    builds: u64,
    /// The claims overlay is on: claimants are drawn linked to the relations they speak on,
    /// and the layout pulls them near.
    claims_overlay: bool,
    /// The overlay's links, with the graph edge of each relation.
    claim_links: Vec<(crate::query::ClaimLink, usize)>,
    /// The map's groups: frames, folded groups and their lines (`groups.rs`).
    groups: look::groups::Groups,
    /// Notes are drawn (View ▸ Show notes), and where this frame draws them (`notes.rs`).
    notes_shown: bool,
    notes: Vec<(look::notes::Placed, look::notes::Laid)>,
    /// What the compared version lost, drawn as ghosts (`ghosts.rs`); `None` when not
    /// comparing.
    ghosts: Option<Arc<crate::view::changes::Ghosts>>,
    /// Centre the view on this canvas point on the next frame (a ghost, which no entity
    /// stands for).
    zoom_to_point: Option<Pos2>,
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
    /// A note's card dragged (`note` by index in the map's notes), in screen points.
    MoveNote { note: usize, start: Pos2, end: Pos2 },
    /// A folded group's box dragged (`group` by index in the map's groups), in screen
    /// points: its members move with it, `at` being where they were last moved to.
    MoveFolded {
        group: usize,
        start: Pos2,
        end: Pos2,
        at: Pos2,
    },
}

impl Gesture {
    fn set_end(&mut self, p: Pos2) {
        match self {
            Gesture::Connect { end, .. }
            | Gesture::Box { end, .. }
            | Gesture::MoveNote { end, .. }
            | Gesture::MoveFolded { end, .. } => *end = p,
        }
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
            empty_hint: None,
            graph: MapGraph::new(),
            nodes: Vec::new(),
            ids: Vec::new(),
            sim: Runner::inline(Simulation::new(
                &[],
                &[],
                [],
                LAYOUT_SEED,
                LayoutParams::default(),
            )),
            drag: None,
            gesture: None,
            connect_mode: false,
            hovered_edge: None,
            decor: Decor::default(),
            zoom_to: None,
            fit_requested: true,
            follow_layout: true,
            view: None,
            last_fit: None,
            keep_fitted: false,
            paused: false,
            params: LayoutParams::default(),
            scene: Scene::default(),
            radii: Vec::new(),
            captions: Vec::new(),
            names: Vec::new(),
            bent: Vec::new(),
            placed_at_start: false,
            hits: Arc::default(),
            hits_stale: true,
            builds: 0,
            claims_overlay: false,
            claim_links: Vec::new(),
            groups: look::groups::Groups::default(),
            notes_shown: true,
            notes: Vec::new(),
            ghosts: None,
            zoom_to_point: None,
        };
        canvas.rebuild(doc);
        canvas
    }

    /// What the canvas says while it is empty; `None` for a map's own words.
    pub fn set_empty_hint(&mut self, hint: Option<String>) {
        self.empty_hint = hint;
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
        self.take_in(doc, true);
    }

    /// Takes in entities pulled from a case store: as [`Self::refresh`], but those without a
    /// position are placed by the stress start round the ones that have one, as a map opened
    /// without positions is, rather than piled in the middle of the view.
    pub fn take_in_pulled(&mut self, doc: &Document) {
        self.take_in(doc, false);
    }

    fn take_in(&mut self, doc: &Document, new_in_the_middle: bool) {
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
                    .or(center.filter(|_| new_in_the_middle))
            })
            .collect();
        let alpha = self.sim.alpha();
        self.build(doc, &initial);
        if alpha >= self.sim.params().alpha_min {
            self.sim.reheat(alpha);
        }
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

    /// Stops the layout where it is, and fits the view on the next frame: after a layout step
    /// from the menu has placed every entity.
    pub fn stop_layout_and_fit(&mut self) {
        self.sim.stop();
        self.placed_at_start = false;
        self.follow_layout = false;
        self.fit_requested = true;
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
        self.sim.set_paused(paused);
    }

    /// Runs the layout on a worker thread from now on, so frames never wait on it; `wake` asks
    /// for a frame when new positions are ready. The layout starts again from the document.
    pub fn run_layout_on_worker(&mut self, doc: &Document, wake: layout::runner::Wake) {
        self.sim = Runner::on_worker(
            Simulation::new(&[], &[], [], LAYOUT_SEED, self.params),
            wake,
        );
        self.rebuild(doc);
    }

    /// Whether the layout runs on a worker thread.
    pub fn layout_on_worker(&self) -> bool {
        self.sim.is_on_worker()
    }

    /// How warm the layout is: it moves while this is above its minimum (1 is a fresh start).
    pub fn layout_heat(&self) -> f32 {
        self.sim.alpha()
    }

    pub fn layout_params(&self) -> LayoutParams {
        self.sim.params()
    }

    /// Tunes the layout for its next run, without moving anything now.
    pub fn tune_layout(&mut self, params: LayoutParams) {
        self.params = params;
        self.sim.set_params(params);
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

    /// The entity drawn under screen point `p` in the last frame.
    pub fn entity_at_screen(&self, p: Pos2) -> Option<usize> {
        let view = self.view?;
        if !view.rect.contains(p) || view.zoom <= 0.0 {
            return None;
        }
        let at = ((p - view.origin - view.pan) / view.zoom).to_pos2();
        self.sim
            .positions()
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.decor.nodes.get(*i).is_some_and(|d| d.hidden))
            .map(|(i, q)| {
                let r = NODE_RADIUS * self.decor.nodes.get(i).map_or(1.0, |d| d.scale);
                (i, (q[0] - at.x).hypot(q[1] - at.y), r * hit::NODE_REACH)
            })
            .filter(|&(_, d, reach)| d <= reach)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, ..)| i)
    }

    /// The index of the relation under the pointer in the last frame.
    pub fn hovered_relation(&self) -> Option<usize> {
        self.hovered_edge.and_then(|e| self.relation_at(e))
    }

    pub fn view(&self) -> Option<ViewTransform> {
        self.view
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
            self.keep_fitted = false;
        }
    }

    fn apply_zoom_to(&mut self, ui: &mut Ui) {
        let Some(view) = self.view else { return };
        let points: Vec<Pos2> = match (self.zoom_to.take(), self.zoom_to_point.take()) {
            (_, Some(p)) => vec![p],
            (Some(targets), None) => targets
                .iter()
                .filter_map(|&i| self.sim.positions().get(i))
                .map(|p| pos2(p[0], p[1]))
                .collect(),
            (None, None) => return,
        };
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_map_starts_laid_out_by_stress_and_the_force_layout_carries_on() {
        let doc = crate::io::bundled_map().unwrap();
        let mut canvas = Canvas::new(&doc);
        assert!(
            canvas.placed_at_start && !canvas.is_layout_running(),
            "the bundled map has no saved positions: it starts from a stress layout, at rest"
        );
        assert_eq!(canvas.positions().len(), doc.entities.len());
        let start = canvas.layout_points().to_vec();
        // A re-run is the live force layout, from there.
        canvas.restart_layout();
        assert!(canvas.is_layout_running());
        for _ in 0..1000 {
            canvas.advance_layout();
        }
        assert!(!canvas.is_layout_running());
        assert_ne!(canvas.layout_points(), &start[..]);
    }
}
