//! The largest maps relmap accepts, and what it says past them. Each limit is far above any
//! real map (the bundled one has 40 entities; a 100 000-entity map with 200 000 relations is a
//! 35 MB file), and low enough that a hostile or broken file is refused in a second with a
//! message rather than exhausting memory. `docs/RELIABILITY.md` lists them for users.

/// The largest map file read, in bytes (1 GiB). Larger files are refused before reading.
pub const MAX_FILE_BYTES: u64 = 1 << 30;
/// The most entities in one map.
pub const MAX_ENTITIES: usize = 1_000_000;
/// The most relations in one map.
pub const MAX_RELATIONS: usize = 4_000_000;
/// The most sources in one map.
pub const MAX_SOURCES: usize = 1_000_000;
/// The longest text in one field (a name, a summary, a quote), in bytes (1 MiB).
pub const MAX_TEXT_BYTES: usize = 1 << 20;
/// The longest picture an entity holds: a path, or an image embedded as a data URI (base64
/// text of a 12 MB image). Larger pictures belong in files beside the map.
pub const MAX_PICTURE_BYTES: usize = 16 << 20;
/// The longest text of a source (its full text, which claims quote), in bytes (64 MiB): a
/// long book is a few MiB.
pub const MAX_SOURCE_TEXT_BYTES: usize = 64 << 20;
/// The largest coordinate of a position. A billion layout units is a million screens wide;
/// keeping coordinates below it keeps every distance the layout squares finite in `f32`.
pub const MAX_COORDINATE: f64 = 1e9;
