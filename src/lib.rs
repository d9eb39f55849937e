//! relmap: a desktop relationship mapper. Entities, the relations between them, and the claims
//! — who asserts, denies or qualifies a relation, quoting which source — behind each relation.
//!
//! The document core (`model`, `io`, `edit`, `query`, `layout`, `spatial`, `style`, `view`,
//! `export`) has no UI and is tested without a window; `ui` is a thin eframe/egui_graphs
//! projection of it; `cli` is the command line.

pub mod cli;
pub mod edit;
pub mod export;
pub mod io;
pub mod layout;
pub mod model;
pub mod query;
pub mod spatial;
pub mod style;
pub mod ui;
pub mod view;

pub use cli::{Cli, run};

/// mimalloc keeps freed memory for reuse. The canvas of a large map builds meshes of tens of
/// megabytes every frame, and with the system allocator each one came back from the kernel as
/// fresh pages: zeroing them took longer than drawing (rerun makes the same choice).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
