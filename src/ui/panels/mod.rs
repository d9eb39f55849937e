//! The panels beside the canvas: the sidebar (what the map is, search, legend, layout
//! settings, the entity and source lists), exploring (filters, lenses, paths, the timeline),
//! the inspector (split by what is inspected), the source reader and the data table. Each reads the document and cached views
//! and returns [`super::commands::Action`]s; none changes the document.

pub mod cache;
pub mod case;
pub mod claim_form;
pub mod compare;
pub mod conflicts;
pub mod disputes;
pub mod explore;
pub mod inspector;
pub mod layout;
pub mod merge_conflicts;
pub mod merge_review;
pub mod metrics;
pub mod notes;
pub mod reader;
pub mod rules;
pub mod sidebar;
pub mod style;
pub mod table;
pub mod views;
