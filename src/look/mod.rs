//! The look of a map: everything about how an entity or a relation is drawn, in one place, with
//! no UI. The canvas (`ui::canvas`) and the figure export (`export`) are two painters of what
//! this module decides, so a figure and the window always agree.
//!
//! - [`style`]: colours and shapes of kinds, stance colours, the contested and disagreement
//!   colours;
//! - [`geometry`]: where a relation's line runs (straight, curved apart from its parallels, or a
//!   loop), its arrow head and markers, where names and captions sit;
//! - [`marks`]: how a relation's line and an entity's shape look under the exploration state
//!   (a lens mark, dimming, emphasis), as inks the painter resolves;
//! - [`legend`]: the legend's entries and words;
//! - [`badges`]: where the badges rules put on an entity's rim sit;
//! - [`icons`]: the icons kinds can carry, and which a kind usually has;
//! - [`pictures`]: where an entity's picture sits in its shape;
//! - [`theme`]: light and dark, the colours of the paper, text and accent.
//!
//! Sizes are in map units, which are screen points at 100% zoom. A painter may scale text and
//! arrow heads for legibility at other zooms; it takes the base sizes from here.

pub mod badges;
pub(crate) mod cells;
pub mod fit;
pub mod geometry;
pub mod groups;
pub mod icons;
pub mod labels;
pub mod legend;
pub mod marks;
pub mod notes;
pub mod pictures;
pub mod place;
pub mod route;
pub mod style;
pub mod text;
pub mod theme;

pub use geometry::{Pt, RelationPath};
pub use marks::{EntityLook, Ink, LineLook};
pub use style::*;
pub use theme::Theme;

/// Radius of an entity's shape.
pub const NODE_RADIUS: f32 = 12.0;
/// Size of an entity's name and of a relation's caption.
pub const LABEL_SIZE: f32 = 13.0;
/// Relations between the same two entities curve apart by this much per place.
pub const PARALLEL_OFFSET: f32 = 22.0;
/// A contested relation is dashed: this long a dash, this long a gap.
pub const DASH: (f32, f32) = (7.0, 4.0);
/// Half the width of the diamond marking a contested relation at its middle.
pub const CONTESTED_MARKER: f32 = 5.0;
/// Half the size of the cross striking through a relation a lens denies, and its line width.
pub const DENIED_CROSS: (f32, f32) = (6.0, 2.5);
/// Length of an arrow head before the line's width is added.
pub const ARROW_SIZE: f32 = 9.0;
/// An arrow head is this wide, relative to its length, each side of the line.
pub const ARROW_SPREAD: f32 = 0.45;
/// The claims overlay's line from a claimant to a relation it speaks on: its width, how much
/// of its stance colour it keeps, and its dash and gap.
pub const CLAIM_LINK: (f32, f32, f32, f32) = (1.3, 0.8, 3.0, 3.0);
/// How much of its colour a dimmed entity keeps.
pub const DIMMED_ENTITY: f32 = 0.22;
/// How much of its colour a dimmed relation keeps.
pub const DIMMED_RELATION: f32 = 0.18;
/// The ring around an entity on the highlighted path: its radius relative to the entity's, the
/// gap beyond that, and its width.
pub const PATH_RING: (f32, f32, f32) = (1.6, 2.0, 3.0);

/// `text` cut to `max` characters, with an ellipsis when cut: captions and list entries that
/// must stay short.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}
