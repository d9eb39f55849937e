mod displays;
mod displays_default;
pub(crate) mod drawer;

pub use displays::{DisplayEdge, DisplayNode};
pub use displays_default::{
    DefaultEdgeShape, DefaultNodeShape, EdgeShape, EdgeShapeBuilder, EdgeShapeProps, TipProps,
};
pub use drawer::{DrawContext, DrawFilter};
