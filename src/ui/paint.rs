//! The window's side of the look: `crate::look`'s colours, inks, points and shapes as egui
//! paints them. A leaf: the canvas and the panels both use it, and it uses neither.

use egui::epaint::PathShape;
use egui::{Color32, Pos2, Shape, Stroke, Visuals, pos2};

use crate::look::{self, Ink, Pt, Rgb};
use crate::model::{NodeShape, Stance};

pub const fn rgb(c: Rgb) -> Color32 {
    Color32::from_rgb(c[0], c[1], c[2])
}

/// The RGB of an opaque colour.
pub fn rgb_of(c: Color32) -> Rgb {
    [c.r(), c.g(), c.b()]
}

/// The colour of a relation some claimant disputes, and of its marker.
pub const CONTESTED_COLOR: Color32 = rgb(look::CONTESTED);
/// The highlight of relations on which two compared lenses disagree.
pub const DISAGREEMENT_COLOR: Color32 = rgb(look::DISAGREEMENT);

/// The colour of a stance, as claims and lens marks show it.
pub fn stance_color(s: Stance) -> Color32 {
    rgb(look::stance_color(s))
}

/// The look's theme the window is in now.
pub fn theme(visuals: &Visuals) -> look::Theme {
    if visuals.dark_mode {
        look::Theme::Dark
    } else {
        look::Theme::Light
    }
}

/// The colour an ink is in the window's theme: the look's, as in a figure of that theme.
pub fn ink(ink: Ink, visuals: &Visuals) -> Color32 {
    rgb(theme(visuals).ink(ink))
}

/// Which theme the window takes: the system's, or one the user chose (View ▸ Theme).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WindowTheme {
    #[default]
    System,
    Light,
    Dark,
}

impl WindowTheme {
    /// As egui takes it.
    pub fn preference(self) -> egui::ThemePreference {
        match self {
            Self::System => egui::ThemePreference::System,
            Self::Light => egui::ThemePreference::Light,
            Self::Dark => egui::ThemePreference::Dark,
        }
    }
}

/// `color` keeping `opacity` of itself, as the look fades dimmed things.
pub fn faded(color: Color32, opacity: f32) -> Color32 {
    if opacity < 1.0 {
        color.gamma_multiply(opacity)
    } else {
        color
    }
}

pub fn pos(p: Pt) -> Pos2 {
    pos2(p.x, p.y)
}

pub fn pt(p: Pos2) -> Pt {
    Pt::new(p.x, p.y)
}

/// Paints an entity shape; the legend uses it too, so both always match. The outline comes
/// from the look, as in exported figures.
pub fn node_shape(center: Pos2, r: f32, shape: NodeShape, fill: Color32, stroke: Stroke) -> Shape {
    match look::outline(shape, center.x, center.y, r) {
        None => Shape::Vec(vec![
            Shape::circle_filled(center, r, fill),
            Shape::circle_stroke(center, r, stroke),
        ]),
        Some(points) => Shape::Path(PathShape::convex_polygon(
            points.into_iter().map(|p| pos2(p[0], p[1])).collect(),
            fill,
            stroke,
        )),
    }
}

#[cfg(test)]
mod theme_tests {
    use super::*;

    /// The canvas is filled with egui's text-field background, and shapes are outlined and
    /// names haloed in the look's paper: the two must be one colour in both themes.
    #[test]
    fn the_looks_paper_is_the_canvas_fill_of_each_egui_theme() {
        for visuals in [Visuals::dark(), Visuals::light()] {
            assert_eq!(
                rgb(theme(&visuals).paper()),
                visuals.extreme_bg_color,
                "dark mode: {}",
                visuals.dark_mode
            );
            assert_eq!(ink(Ink::Background, &visuals), visuals.extreme_bg_color);
        }
        // The dark canvas kept the colours it had before the look named them.
        let dark = Visuals::dark();
        assert_eq!(rgb(look::Theme::Dark.name_text()), dark.text_color());
        assert_eq!(rgb(look::Theme::Dark.text()), dark.strong_text_color());
    }
}
