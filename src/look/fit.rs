//! The view that fits a whole map into a canvas, names included: what Fit view does in the
//! window and what `relmap export --view` draws.

use super::geometry::Pt;
use super::labels::{Area, NAME_BACKING, name_area, name_size};
use super::text;

/// How much of the canvas a fitted map fills, in its tighter direction.
pub const FIT_FILL: f32 = 0.92;
/// A fitted view never zooms in further than this (a map of two entities is not blown up).
pub const FIT_MAX_ZOOM: f32 = 3.0;

/// An entity as a fitted view must contain it: its centre and radius in map units, and its
/// name.
#[derive(Debug, Clone, Copy)]
pub struct Extent<'a> {
    pub center: Pt,
    pub radius: f32,
    pub name: &'a str,
    /// A relation loops from this entity to itself, rising above it.
    pub has_loop: bool,
}

/// A view of the map on a canvas: a map point `p` is drawn at `pan + p × zoom` from the
/// canvas's top left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    pub zoom: f32,
    pub pan: Pt,
}

impl View {
    pub fn to_screen(&self, p: Pt) -> Pt {
        Pt::new(self.pan.x + p.x * self.zoom, self.pan.y + p.y * self.zoom)
    }
}

/// The screen box of everything drawn for `items` at `zoom`, with the map's origin at the
/// screen's.
fn screen_extent(items: &[Extent<'_>], widths: &[f32], zoom: f32) -> Option<Area> {
    let size = name_size(zoom);
    let mut out: Option<Area> = None;
    for (e, &w) in items.iter().zip(widths) {
        let c = Pt::new(e.center.x * zoom, e.center.y * zoom);
        let r = e.radius * zoom;
        let name = name_area("", c, r, size);
        let half = (w * size / 2.0 + NAME_BACKING.0).max(r);
        let top = if e.has_loop { r * 4.0 } else { r };
        let area = Area {
            min: Pt::new(c.x - half, c.y - top),
            max: Pt::new(c.x + half, name.max.y),
        };
        out = Some(match out {
            None => area,
            Some(o) => Area {
                min: Pt::new(o.min.x.min(area.min.x), o.min.y.min(area.min.y)),
                max: Pt::new(o.max.x.max(area.max.x), o.max.y.max(area.max.y)),
            },
        });
    }
    out
}

/// The view that shows all of `items`, with their names, as large as fits on a canvas of
/// `width` × `height` points: filling [`FIT_FILL`] of it in its tighter direction (unless
/// that would zoom in beyond [`FIT_MAX_ZOOM`]), centred.
pub fn fit(items: &[Extent<'_>], width: f32, height: f32) -> View {
    let widths: Vec<f32> = items.iter().map(|e| text::width(e.name, 1.0)).collect();
    let fits = |z: f32| {
        screen_extent(items, &widths, z)
            .is_none_or(|a| a.width() <= width * FIT_FILL && a.height() <= height * FIT_FILL)
    };
    // What is drawn grows with the zoom (names too: their size never shrinks as the zoom
    // grows), so the largest zoom that fits is found by halving the range.
    let (mut lo, mut hi) = (1e-4f32, FIT_MAX_ZOOM);
    if fits(hi) {
        lo = hi;
    } else {
        for _ in 0..40 {
            let mid = (lo * hi).sqrt();
            if fits(mid) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
    }
    let zoom = lo;
    let pan = match screen_extent(items, &widths, zoom) {
        Some(a) => Pt::new(
            width / 2.0 - (a.min.x + a.max.x) / 2.0,
            height / 2.0 - (a.min.y + a.max.y) / 2.0,
        ),
        None => Pt::new(width / 2.0, height / 2.0),
    };
    View { zoom, pan }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::look::labels::shape_area;

    #[test]
    fn a_fitted_view_fills_the_canvas_and_keeps_names_inside() {
        let items: Vec<Extent> = (0..30)
            .map(|i| Extent {
                center: Pt::new((i % 6) as f32 * 90.0, (i / 6) as f32 * 70.0 - 500.0),
                radius: 12.0,
                name: "Sirajuddin Haqqani",
                has_loop: false,
            })
            .collect();
        for (w, h) in [(1280.0, 800.0), (730.0, 815.0), (300.0, 2000.0)] {
            let view = fit(&items, w, h);
            let size = name_size(view.zoom);
            let mut lo = Pt::new(f32::MAX, f32::MAX);
            let mut hi = Pt::new(f32::MIN, f32::MIN);
            for e in &items {
                let c = view.to_screen(e.center);
                let r = e.radius * view.zoom;
                for a in [shape_area(c, r), name_area(e.name, c, r, size)] {
                    lo = Pt::new(lo.x.min(a.min.x), lo.y.min(a.min.y));
                    hi = Pt::new(hi.x.max(a.max.x), hi.y.max(a.max.y));
                }
            }
            assert!(
                lo.x >= 0.0 && lo.y >= 0.0 && hi.x <= w && hi.y <= h,
                "{w}x{h}"
            );
            let filled = ((hi.x - lo.x) / w).max((hi.y - lo.y) / h);
            assert!(filled >= 0.85, "{w}x{h}: fills {filled}");
        }
        // A lone entity is not blown up.
        assert_eq!(fit(&items[..1], 1280.0, 800.0).zoom, FIT_MAX_ZOOM);
    }
}
