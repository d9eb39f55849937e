#![warn(unreachable_pub)]

mod draw;
mod elements;
mod graph;
mod graph_view;
mod graph_view_response;
mod helpers;
mod layouts;
mod metadata;
mod settings;

pub use draw::{
    DefaultEdgeShape, DefaultNodeShape, DisplayEdge, DisplayNode, DrawContext, DrawFilter, EdgeShape,
    EdgeShapeBuilder, EdgeShapeProps, TipProps,
};
pub use elements::{Edge, EdgeProps, Node, NodeProps};
pub use graph::Graph;
pub use graph_view::{
    get_layout_state, get_metrics, reset, reset_layout, set_layout_state, DefaultGraphView,
    GraphView, HitTest,
};
pub use graph_view_response::{GraphChange, GraphViewResponse};

pub use helpers::{
    default_edge_transform, default_node_transform, generate_random_graph, generate_simple_digraph,
    generate_simple_ungraph, node_size, to_graph, to_graph_custom,
};

pub use layouts::force_directed::{
    CenterGravity, CenterGravityParams, Extra, ExtraForce, ExtrasTuple, ForceAlgorithm,
    ForceDirected as LayoutForceDirected, FruchtermanReingold, FruchtermanReingoldState,
    FruchtermanReingoldWithCenterGravity, FruchtermanReingoldWithCenterGravityState,
    FruchtermanReingoldWithExtras, FruchtermanReingoldWithExtrasState,
};
pub use layouts::hierarchical::{
    Hierarchical as LayoutHierarchical, Orientation as LayoutHierarchicalOrientation,
    State as LayoutStateHierarchical,
};
pub use layouts::random::{Random as LayoutRandom, State as LayoutStateRandom};
pub use layouts::{AnimatedState, Layout, LayoutState};
pub use metadata::{reset_metadata, MetadataFrame};
pub use settings::{SettingsInteraction, SettingsNavigation, SettingsStyle};
