//! How wide a name or caption is, measured from the font the window and figures draw with
//! (egui's Ubuntu Light, which figures embed too), so the layout's room for labels, the label
//! grid's choice of which labels show, and a figure's extent all use one measure.
//!
//! The width is the sum of the glyphs' advances, as egui lays out a single line; kerning is
//! left out (it changes a name's width by a fraction of a point). Characters the font lacks
//! count as wide as an "o".

use std::sync::OnceLock;

use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider as _};

/// Advances of the printable ASCII characters and of the fallback, in em units.
struct Metrics {
    ascii: [f32; 95],
    fallback: f32,
    /// Ascent, descent and line gap, in ems: a line's height.
    line: f32,
    font: Option<FontRef<'static>>,
}

fn metrics() -> &'static Metrics {
    static METRICS: OnceLock<Metrics> = OnceLock::new();
    METRICS.get_or_init(|| {
        let font = FontRef::new(epaint_default_fonts::UBUNTU_LIGHT).ok();
        let mut m = Metrics {
            ascii: [0.52; 95],
            fallback: 0.52,
            line: 1.25,
            font,
        };
        if let Some(font) = &m.font {
            let fm = font.metrics(Size::unscaled(), LocationRef::default());
            m.line = (fm.ascent - fm.descent + fm.leading) / f32::from(fm.units_per_em.max(1));
            m.fallback = advance(font, 'o').unwrap_or(0.52);
            for (k, slot) in m.ascii.iter_mut().enumerate() {
                *slot = advance(font, char::from(b' ' + k as u8)).unwrap_or(m.fallback);
            }
        }
        m
    })
}

/// The advance of `c` in ems, if the font has it.
fn advance(font: &FontRef<'_>, c: char) -> Option<f32> {
    let glyph = font.charmap().map(c)?;
    let upem = f32::from(
        font.metrics(Size::unscaled(), LocationRef::default())
            .units_per_em,
    );
    let advance = font
        .glyph_metrics(Size::unscaled(), LocationRef::default())
        .advance_width(glyph)?;
    Some(advance / upem)
}

/// How wide `text` is at `size` points, on one line.
pub fn width(text: &str, size: f32) -> f32 {
    let m = metrics();
    let ems: f32 = text
        .chars()
        .map(|c| match c {
            ' '..='~' => m.ascii[c as usize - 32],
            _ => m
                .font
                .as_ref()
                .and_then(|f| advance(f, c))
                .unwrap_or(m.fallback),
        })
        .sum();
    ems * size
}

/// The height of a line of text at `size` points: the font's ascent, descent and line gap.
pub fn line_height(size: f32) -> f32 {
    metrics().line * size
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_come_from_the_font_not_from_the_letter_count() {
        // "i" and "W" differ by far more than rounding in a proportional font.
        assert!(width("WWWW", 13.0) > 2.0 * width("iiii", 13.0));
        assert_eq!(width("", 13.0), 0.0);
        assert!((width("Taliban", 26.0) - 2.0 * width("Taliban", 13.0)).abs() < 1e-3);
        // Beyond ASCII: the font's own advance, or an "o"'s.
        assert!(width("Ḥaqqānī", 13.0) > 0.0);
        assert!(width("伊斯兰", 13.0) > 0.0);
    }
}
