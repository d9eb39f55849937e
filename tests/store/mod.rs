//! The case store's tests, shared by the SQLite and PostgreSQL test binaries.

pub mod cluster;
pub mod hubs;
pub mod scenarios;
#[cfg(feature = "ui")]
pub mod window;
