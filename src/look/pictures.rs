//! How an entity's picture is drawn: round or square in place of its shape, framed in the
//! colour the shape would have had, so a photo still shows its kind (or its community, or a
//! rule's colour). Squares stay squares; every other shape shows its picture round, since a
//! face cut to a triangle or a diamond reads badly. Until the picture is decoded, or when it
//! cannot be, the entity is drawn as it would be without one: its shape and icon.

use crate::model::NodeShape;

/// A picture's place in an entity of radius `r`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PictureMark {
    /// Cut to a circle of radius `half`; otherwise a square of side `2 * half`.
    pub round: bool,
    pub half: f32,
    /// Width of the frame in the entity's colour, drawn inside the edge.
    pub frame: f32,
}

/// The largest square a painter asks for, in pixels.
pub const MAX_SQUARE: u32 = 1024;

/// The picture of an entity of `shape` and radius `r`.
pub fn mark(shape: NodeShape, r: f32) -> PictureMark {
    let round = shape != NodeShape::Square;
    PictureMark {
        round,
        // The square outline's half side (`style::outline`), so a framed photo covers the same
        // ground as the square it replaces.
        half: if round { r } else { r * 0.85 },
        frame: (r * 0.15).max(1.5),
    }
}

/// How many pixels across a picture drawn at `half` (in points) needs at `pixels_per_point`,
/// rounded up to a power of two so zooming reuses a few decoded sizes.
pub fn pixels_needed(half: f32, pixels_per_point: f32) -> u32 {
    let px = (2.0 * half * pixels_per_point).ceil();
    if !px.is_finite() || px <= 16.0 {
        return 16;
    }
    (px.min(MAX_SQUARE as f32) as u32).next_power_of_two()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squares_keep_square_pictures_and_other_shapes_show_them_round() {
        assert!(!mark(NodeShape::Square, 10.0).round);
        for shape in [NodeShape::Circle, NodeShape::Diamond, NodeShape::Hexagon] {
            assert!(mark(shape, 10.0).round);
        }
        assert_eq!(mark(NodeShape::Circle, 4.0).frame, 1.5);
    }

    #[test]
    fn sizes_come_in_powers_of_two_up_to_the_largest_square() {
        assert_eq!(pixels_needed(12.0, 1.0), 32);
        assert_eq!(pixels_needed(12.0, 2.0), 64);
        assert_eq!(pixels_needed(3.0, 1.0), 16);
        assert_eq!(pixels_needed(5000.0, 1.0), 1024);
        assert_eq!(pixels_needed(f32::NAN, 1.0), 16);
    }
}
