//! How a relation's line and an entity's shape look under the exploration state: which ink,
//! how wide, dashed or not, how faint. Inks name either a colour or a role (the accent, the
//! background) that each painter resolves: the window from its theme, a figure on white.

use super::{DIMMED_ENTITY, DIMMED_RELATION, Rgb, stance_color};
use crate::model::Stance;
use crate::view::{EdgeMark, NodeDecor};

/// What a line or shape is painted with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ink {
    Color(Rgb),
    /// The accent: the selection and the highlighted path.
    Accent,
    /// The strongest text colour: what the pointer is on.
    Strong,
    /// The background: outlines that separate a shape from what is under it.
    Background,
}

/// A relation's line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineLook {
    pub ink: Ink,
    pub width: f32,
    /// How much of its colour it keeps (1: all, less when dimmed).
    pub opacity: f32,
    /// Dashed: its claims disagree.
    pub dashed: bool,
    /// With the contested diamond at its middle.
    pub contested_marker: bool,
    /// Struck through: a lens denies it.
    pub struck: bool,
    /// Plain: neither marked, contested nor emphasised, so it fades in a crowd of lines
    /// ([`LineLook::in_crowd`]).
    pub plain: bool,
}

/// How a relation stands out, beyond its decor: in the window only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Emphasis {
    pub selected: bool,
    /// The pointer is on it or on one of its ends, or an end is selected.
    pub near: bool,
}

impl LineLook {
    /// The line of a relation of kind colour `kind_color`, `contested` or not, under its mark.
    pub fn of(
        kind_color: Rgb,
        contested: bool,
        mark: EdgeMark,
        dimmed: bool,
        emphasis: Emphasis,
    ) -> Self {
        let (ink, width) = match mark {
            _ if emphasis.selected => (Ink::Accent, 3.0),
            EdgeMark::Path => (Ink::Accent, 3.5),
            EdgeMark::Disagreement => (Ink::Color(super::DISAGREEMENT), 3.5),
            EdgeMark::Added => (Ink::Color(super::ADDED), 3.0),
            EdgeMark::Changed => (Ink::Color(super::CHANGED), 3.0),
            EdgeMark::Asserted => (Ink::Color(stance_color(Stance::Asserts)), 2.2),
            EdgeMark::Denied => (Ink::Color(stance_color(Stance::Denies)), 2.2),
            EdgeMark::Qualified => (Ink::Color(stance_color(Stance::Qualifies)), 2.2),
            EdgeMark::None if emphasis.near => (Ink::Strong, 2.0),
            EdgeMark::None if contested => (Ink::Color(super::CONTESTED), 1.6),
            EdgeMark::None => (Ink::Color(kind_color), PLAIN_WIDTH),
        };
        let faint = dimmed && !emphasis.selected && !emphasis.near;
        Self {
            ink,
            width,
            opacity: if faint { DIMMED_RELATION } else { 1.0 },
            dashed: contested,
            contested_marker: contested && !dimmed,
            struck: mark == EdgeMark::Denied,
            plain: is_plain(contested, mark) && !emphasis.selected && !emphasis.near,
        }
    }

    /// How much of its colour this line keeps where the picture's plain lines keep `crowd`
    /// ([`crowd_opacity`]): a plain line fades, one that stands out keeps all.
    pub fn in_crowd(&self, crowd: f32) -> f32 {
        if self.plain { crowd } else { 1.0 }
    }
}

/// An entity's shape.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EntityLook {
    pub fill: Rgb,
    /// How much of its colour the fill keeps.
    pub opacity: f32,
    /// Ringed: on the highlighted path.
    pub ringed: bool,
    /// Its name is shown: it is not dimmed (the window also hides names when zoomed far out).
    pub named: bool,
    /// The colour of its ring when it is new or changed since the compared version.
    pub change: Option<Rgb>,
}

impl EntityLook {
    /// Colouring by community wins over a rule's fill, which wins over the kind's colour.
    pub fn of(kind_color: Rgb, decor: NodeDecor) -> Self {
        let fill = match (decor.community, decor.paint) {
            (Some(k), _) => super::community_color(k),
            (None, Some(paint)) => super::paint_color(paint),
            (None, None) => kind_color,
        };
        Self {
            fill,
            opacity: decor.opacity * if decor.dimmed { DIMMED_ENTITY } else { 1.0 },
            ringed: decor.marked,
            named: !decor.dimmed && decor.label != Some(false),
            change: decor.change.map(super::change_color),
        }
    }
}

/// The width of a plain relation's line (neither marked, contested nor emphasised).
pub const PLAIN_WIDTH: f32 = 1.4;

/// Whether a relation's line is plain (neither marked nor contested), one that
/// [`crowd_opacity`] fades when many crowd a picture.
pub fn is_plain(contested: bool, mark: EdgeMark) -> bool {
    !contested && mark == EdgeMark::None
}

/// Up to this coverage (the area plain lines would cover, drawn opaque, over the picture's),
/// lines keep all their colour.
pub const CROWD_FROM: f32 = 0.5;
/// The least of its colour a plain line keeps however crowded the picture: still one shade
/// of grey where lines are sparse.
pub const CROWD_LEAST: f32 = 0.08;

/// How much of their colour plain relations keep when they crowd a picture, as Gephi and
/// sfdp's figures fade the lines of large graphs. `coverage` is the area the plain lines
/// would cover, drawn opaque, over the picture's area. Opaque, thousands of lines paint a
/// dense map into a solid disc, and the gaps between its groups disappear; faded, where
/// many lines overlap it stays dark, and where few run it turns light, so the groups and
/// the seams between them show. Lines that stand out (selected, marked, on a path) are not
/// faded.
pub fn crowd_opacity(coverage: f32) -> f32 {
    if coverage.is_nan() || coverage <= CROWD_FROM {
        return 1.0;
    }
    (CROWD_FROM / coverage).clamp(CROWD_LEAST, 1.0)
}

/// [`crowd_opacity`] of plain lines `length` long in all, drawn [`PLAIN_WIDTH`] wide on a
/// picture of `area`: what the window's far view and the figures both ask.
pub fn plain_lines_opacity(length: f32, area: f32) -> f32 {
    crowd_opacity(length * PLAIN_WIDTH / area.max(1.0))
}

/// A colour and opacity as an SVG/CSS hex colour and the opacity, for figures.
pub fn hex(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selection_wins_over_every_mark_and_dimming() {
        let line = LineLook::of(
            [1, 2, 3],
            true,
            EdgeMark::Denied,
            true,
            Emphasis {
                selected: true,
                near: false,
            },
        );
        assert_eq!(
            (line.ink, line.width, line.opacity),
            (Ink::Accent, 3.0, 1.0)
        );
        assert!(line.dashed && line.struck);
    }

    #[test]
    fn crowded_lines_fade_in_proportion_down_to_a_floor() {
        assert_eq!(crowd_opacity(0.0), 1.0);
        assert_eq!(crowd_opacity(CROWD_FROM), 1.0);
        assert!((crowd_opacity(2.0 * CROWD_FROM) - 0.5).abs() < 1e-6);
        assert_eq!(crowd_opacity(1e9), CROWD_LEAST);
        assert_eq!(crowd_opacity(f32::NAN), 1.0);
        let mut last = 1.0;
        for k in 1..100 {
            let o = crowd_opacity(k as f32 * 0.1);
            assert!(o <= last, "fades as the crowd grows");
            last = o;
        }
    }

    #[test]
    fn a_plain_relation_takes_its_kind_colour_and_fades_when_dimmed() {
        let line = LineLook::of([1, 2, 3], false, EdgeMark::None, true, Emphasis::default());
        assert_eq!(line.ink, Ink::Color([1, 2, 3]));
        assert_eq!(line.opacity, DIMMED_RELATION);
        assert!(!line.contested_marker);
    }
}
