//! The window's side of kinds' icons: each icon rasterised by resvg from the look's SVG
//! (`look::icons`) once per pixel size and colour, kept as a texture in egui's memory, and
//! painted as an image. Sizes are rounded up to steps, so zooming reuses a handful of
//! textures; the cache is emptied when it grows past a bound. A leaf, like `paint`: the canvas
//! and the legend both use it.

use std::collections::HashMap;

use egui::{Color32, ColorImage, Context, Id, Pos2, Rect, Shape, TextureHandle, TextureOptions};
use resvg::{tiny_skia, usvg};

use crate::look::Rgb;
use crate::look::icons::Icon;

/// Icons smaller than this many pixels are not drawn: a smudge says nothing.
pub const MIN_PIXELS: f32 = 6.0;
/// Pixel sizes are rounded up to a multiple of this.
const STEP: u32 = 4;
/// The largest texture an icon gets; larger icons are scaled up from it.
const MAX_PIXELS: u32 = 128;
/// The cache is emptied when it holds more textures than this (each at most 64 KB).
const MAX_TEXTURES: usize = 512;

#[derive(Clone, Default)]
struct Textures(HashMap<(&'static str, u32, Rgb), TextureHandle>);

/// The icon, `size` points across at `centre`, stroked in `ink` at `opacity`: an image shape
/// for a painter, or `None` when it would be too small to read or could not be drawn.
pub fn icon_shape(
    ctx: &Context,
    icon: &'static Icon,
    centre: Pos2,
    size: f32,
    ink: Rgb,
    opacity: f32,
) -> Option<Shape> {
    let pixels = size * ctx.pixels_per_point();
    if !pixels.is_finite() || pixels < MIN_PIXELS {
        return None;
    }
    let px = ((pixels.ceil() as u32).div_ceil(STEP) * STEP).min(MAX_PIXELS);
    let key = (icon.name, px, ink);
    let id = Id::new("relmap-icon-textures");
    let cached = ctx.memory_mut(|m| {
        m.data
            .get_temp_mut_or_default::<Textures>(id)
            .0
            .get(&key)
            .map(TextureHandle::id)
    });
    let texture = match cached {
        Some(t) => t,
        None => {
            let image = rasterise(icon, px, ink)?;
            let handle = ctx.load_texture(
                format!("icon {} {px} {ink:?}", icon.name),
                image,
                TextureOptions::LINEAR,
            );
            let texture = handle.id();
            ctx.memory_mut(|m| {
                let cache = &mut m.data.get_temp_mut_or_default::<Textures>(id).0;
                if cache.len() >= MAX_TEXTURES {
                    cache.clear();
                }
                cache.insert(key, handle);
            });
            texture
        }
    };
    let rect = Rect::from_center_size(centre, egui::vec2(size, size));
    let uv = Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0));
    let tint = Color32::WHITE.gamma_multiply(opacity.clamp(0.0, 1.0));
    Some(Shape::image(texture, rect, uv, tint))
}

/// The icon as `px` × `px` pixels in `ink`.
fn rasterise(icon: &Icon, px: u32, ink: Rgb) -> Option<ColorImage> {
    let tree =
        usvg::Tree::from_str(&icon.standalone_svg(px, ink), &usvg::Options::default()).ok()?;
    let mut pixmap = tiny_skia::Pixmap::new(px, px)?;
    resvg::render(
        &tree,
        tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    Some(ColorImage::from_rgba_premultiplied(
        [px as usize, px as usize],
        pixmap.data(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_icon_rasterises_in_its_ink_on_transparency() {
        let icon = crate::look::icons::icon("user").unwrap();
        let image = rasterise(icon, 32, [0xff, 0, 0]).unwrap();
        assert_eq!(image.size, [32, 32]);
        let inked = image.pixels.iter().filter(|p| p.a() > 128).count();
        assert!(inked > 40 && inked < 32 * 32 / 2, "{inked} pixels inked");
        assert!(
            image
                .pixels
                .iter()
                .filter(|p| p.a() == 255)
                .all(|p| p.r() == 255 && p.g() == 0),
            "stroked in red"
        );
    }

    #[test]
    fn the_same_icon_at_nearby_sizes_shares_one_texture() {
        let ctx = Context::default();
        let icon = crate::look::icons::icon("phone").unwrap();
        let texture = |s: &Option<Shape>| match s {
            Some(Shape::Mesh(m)) => m.texture_id,
            other => panic!("an image, not {other:?}"),
        };
        let mut shapes = Vec::new();
        let mut output = ctx.run_ui(Default::default(), |ui| {
            for size in [13.0, 14.5, 30.0, 3.0] {
                shapes.push(icon_shape(ui.ctx(), icon, Pos2::ZERO, size, [0, 0, 0], 1.0));
            }
        });
        output.textures_delta.clear();
        assert_eq!(
            texture(&shapes[0]),
            texture(&shapes[1]),
            "13 and 14.5 px round up to 16"
        );
        assert_ne!(texture(&shapes[0]), texture(&shapes[2]));
        assert!(shapes[3].is_none(), "too small to read");
    }
}
