//! Badges on an entity's rim (`look::badges`) in egui's shapes: a disc or pill in the
//! theme's strong ink, ringed in the paper, with an icon or a number in the paper's colour.
//! The canvas and the legend both draw them; figures draw the same in `export::marks`.

use egui::{Color32, Context, CornerRadius, FontId, Pos2, Rect, Shape, Stroke, StrokeKind};

use crate::look::{self, Ink};
use crate::ui::paint;
use crate::view::Badge;

/// What a badge shows: an icon, or text (a count, or "n" in the legend).
pub enum Content {
    Icon(&'static crate::model::icons::Icon),
    Text(String),
}

impl From<Badge> for Content {
    fn from(badge: Badge) -> Self {
        match badge {
            Badge::Icon(icon) => Content::Icon(icon),
            Badge::Count(n) => Content::Text(look::badges::count_text(n)),
        }
    }
}

/// The shapes of a badge at `c` of `radius` points, at `opacity`.
pub fn shapes(ctx: &Context, content: &Content, c: Pos2, radius: f32, opacity: f32) -> Vec<Shape> {
    let visuals = ctx.global_style().visuals.clone();
    let ink = paint::faded(paint::ink(Ink::Strong, &visuals), opacity);
    let paper = paint::faded(paint::ink(Ink::Background, &visuals), opacity);
    let half = match content {
        Content::Text(t) => look::badges::half_width(t, radius),
        Content::Icon(_) => radius,
    };
    let rect = Rect::from_center_size(c, egui::vec2(2.0 * half, 2.0 * radius));
    let round = CornerRadius::same(radius.round().clamp(0.0, 255.0) as u8);
    let mut out = vec![
        Shape::rect_filled(rect, round, ink),
        Shape::rect_stroke(rect, round, Stroke::new(1.0, paper), StrokeKind::Outside),
    ];
    match content {
        Content::Icon(icon) => {
            let size = look::badges::icon_size(radius);
            let paper_rgb = paint::rgb_of(paint::ink(Ink::Background, &visuals));
            out.extend(crate::ui::icons::icon_shape(
                ctx, icon, c, size, paper_rgb, opacity,
            ));
        }
        Content::Text(text) => {
            let font = FontId::proportional(look::badges::count_size(radius));
            let galley = ctx.fonts_mut(|f| f.layout_no_wrap(text.clone(), font, paper));
            let at = c - galley.size() / 2.0;
            out.push(Shape::galley(at, galley, Color32::PLACEHOLDER));
        }
    }
    out
}
