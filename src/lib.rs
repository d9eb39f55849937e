//! relmap: a desktop relationship mapper. Entities, the relations between them, and the claims
//! — who asserts, denies or qualifies a relation, quoting which source — behind each relation.
//!
//! The document core (`model`, `io`, `edit`, `query`, `layout`, `spatial`, `look`, `view`,
//! `export`) has no UI and is tested without a window: it builds with
//! `--no-default-features`, without egui. `ui` (the default `ui` feature) is a thin
//! eframe/egui_graphs projection of it; `cli` is the command line.

pub mod arrange;
pub mod cli;
pub mod compare;
pub mod edit;
pub mod export;
pub mod io;
pub mod layout;
pub mod logging;
pub mod look;
pub mod model;
pub mod query;
pub mod spatial;
pub mod store;
#[cfg(feature = "ui")]
pub mod ui;
pub mod view;
pub mod workspace;

pub use cli::{Cli, run};
