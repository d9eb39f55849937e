use std::marker::PhantomData;

use egui::{Context, Painter, Shape};
use petgraph::graph::IndexType;
use petgraph::EdgeType;

use crate::{
    layouts::{Layout, LayoutState},
    metadata::MetadataFrame,
    settings::SettingsStyle,
    Graph,
};

use super::{DisplayEdge, DisplayNode};

/// Which nodes and edges the view draws, for hosts that draw the rest themselves (relmap draws
/// the plain dots and lines of a zoomed-out map in bulk) or know what is off screen. A node
/// that is not drawn is not synced with its props either. (relmap patch)
pub trait DrawFilter: Send + Sync {
    fn draws_node(&self, index: usize) -> bool;
    fn draws_edge(&self, index: usize) -> bool;
}

/// Contains all the data about current widget state which is needed for custom drawing functions.
pub struct DrawContext<'a> {
    pub ctx: &'a Context,
    pub painter: &'a Painter,
    pub style: &'a SettingsStyle,
    pub is_directed: bool,
    pub meta: &'a MetadataFrame,
}

pub(crate) struct Drawer<'a, N, E, Ty, Ix, Nd, Ed, S, L>
where
    N: Clone,
    E: Clone,
    Ty: EdgeType,
    Ix: IndexType,
    Nd: DisplayNode<N, E, Ty, Ix>,
    Ed: DisplayEdge<N, E, Ty, Ix, Nd>,
    S: LayoutState,
    L: Layout<S>,
{
    ctx: &'a DrawContext<'a>,
    g: &'a mut Graph<N, E, Ty, Ix, Nd, Ed>,
    delayed: Vec<Shape>,
    filter: Option<&'a dyn DrawFilter>,

    _marker: PhantomData<(Nd, Ed, L, S)>,
}

impl<'a, N, E, Ty, Ix, Nd, Ed, S, L> Drawer<'a, N, E, Ty, Ix, Nd, Ed, S, L>
where
    N: Clone,
    E: Clone,
    Ty: EdgeType,
    Ix: IndexType,
    Nd: DisplayNode<N, E, Ty, Ix>,
    Ed: DisplayEdge<N, E, Ty, Ix, Nd>,
    S: LayoutState,
    L: Layout<S>,
{
    pub(crate) fn new(
        g: &'a mut Graph<N, E, Ty, Ix, Nd, Ed>,
        ctx: &'a DrawContext<'a>,
        filter: Option<&'a dyn DrawFilter>,
    ) -> Self {
        Drawer {
            ctx,
            g,
            delayed: Vec::new(),
            filter,
            _marker: PhantomData,
        }
    }

    /// Renders the graph for the current frame.
    ///
    /// Order matters:
    /// 1. `update_nodes` syncs each node's display object from its props so edge geometry
    ///    (which reads node display boundary points) uses fresh positions / sizes.
    /// 2. `draw_edges` builds edge shapes using the updated node display state.
    /// 3. `draw_nodes` paints nodes (non‑selected first) while deferring highlighted ones.
    /// 4. `draw_delayed` paints deferred (selected / dragged) shapes on top.
    pub(crate) fn draw(mut self) {
        self.update_nodes();
        self.draw_edges();
        self.draw_nodes();
        self.draw_delayed();
    }

    /// Synchronizes node display state with their current props without emitting shapes.
    ///
    /// This is a separate pass so edges can rely on `DisplayNode` geometry (e.g. boundary
    /// points) already being in sync when computing connector positions.
    fn update_nodes(&mut self) {
        // relmap patch: the display reads the props in place (they were cloned per node).
        for idx in self.g.nodes_admitted(self.filter) {
            if let Some(node) = self.g.node_mut(idx) {
                node.sync_display();
            }
        }
    }

    fn draw_delayed(&mut self) {
        self.delayed.iter().for_each(|s| {
            self.ctx.painter.add(s.clone());
        });
    }

    fn draw_nodes(&mut self) {
        for idx in self.g.nodes_admitted(self.filter) {
            let Some(n) = self.g.node_mut(idx) else {
                continue;
            };
            let shapes = n.display_mut().shapes(self.ctx);
            if n.selected() || n.dragged() {
                self.delayed.extend(shapes);
            } else {
                for s in shapes {
                    self.ctx.painter.add(s);
                }
            }
        }
    }

    fn draw_edges(&mut self) {
        for idx in self.g.edges_admitted(self.filter) {
            let Some((idx_start, idx_end)) = self.g.edge_endpoints(idx) else {
                continue;
            };
            // relmap patch: borrow the end nodes instead of cloning both for every edge; the
            // edge's display is taken out while it draws, and put back.
            let Some(e) = self.g.edge_mut(idx) else {
                continue;
            };
            e.sync_display();
            let selected = e.selected();
            let mut display = e.display().clone();
            let (Some(start), Some(end)) = (self.g.node(idx_start), self.g.node(idx_end)) else {
                continue;
            };
            let shapes = display.shapes(start, end, self.ctx);
            if let Some(e) = self.g.edge_mut(idx) {
                *e.display_mut() = display;
            }
            if selected {
                self.delayed.extend(shapes);
            } else {
                for s in shapes {
                    self.ctx.painter.add(s);
                }
            }
        }
    }
}
