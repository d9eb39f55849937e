//! A grid's cells along a segment: the segment clipped to a box, and the cells of the grid it
//! passes through, for the label grid (`labels`) to find the lines near a name without
//! testing every line.

use super::geometry::Pt;

/// The part of the segment from `a` to `b` inside the box from `min` to `max` (Liang and Barsky's clipping), or
/// `None` when it misses it or a coordinate is not a number.
pub(crate) fn clip(a: Pt, b: Pt, min: Pt, max: Pt) -> Option<(Pt, Pt)> {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let (mut t0, mut t1) = (0.0f32, 1.0f32);
    for (p, q) in [
        (-dx, a.x - min.x),
        (dx, max.x - a.x),
        (-dy, a.y - min.y),
        (dy, max.y - a.y),
    ] {
        if !(p.is_finite() && q.is_finite()) {
            return None;
        }
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    (t0 <= t1).then(|| {
        (
            Pt::new(a.x + t0 * dx, a.y + t0 * dy),
            Pt::new(a.x + t1 * dx, a.y + t1 * dy),
        )
    })
}

/// Every cell of side `size` the segment from `a` to `b` passes through (Amanatides and
/// Woo's walk), both neighbours where it passes through a corner.
pub(crate) fn segment_cells(size: f32, a: Pt, b: Pt, mut visit: impl FnMut((i32, i32))) {
    let cell = |v: f32| (v / size).floor() as i32;
    let (mut x, mut y) = (cell(a.x), cell(a.y));
    let (end_x, end_y) = (cell(b.x), cell(b.y));
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let (step_x, step_y) = (if dx > 0.0 { 1 } else { -1 }, if dy > 0.0 { 1 } else { -1 });
    let boundary = |c: i32, step: i32| (if step > 0 { c + 1 } else { c }) as f32 * size;
    let (delta_x, delta_y) = (size / dx.abs(), size / dy.abs());
    let mut next_x = if dx == 0.0 {
        f32::INFINITY
    } else {
        (boundary(x, step_x) - a.x) / dx
    };
    let mut next_y = if dy == 0.0 {
        f32::INFINITY
    } else {
        (boundary(y, step_y) - a.y) / dy
    };
    visit((x, y));
    // Each step moves one cell nearer the end; the bound only guards against rounding.
    let steps = (end_x - x).unsigned_abs() + (end_y - y).unsigned_abs() + 2;
    for _ in 0..steps {
        if (x, y) == (end_x, end_y) {
            break;
        }
        if next_x < next_y {
            x += step_x;
            next_x += delta_x;
        } else if next_y < next_x {
            y += step_y;
            next_y += delta_y;
        } else {
            visit((x + step_x, y));
            visit((x, y + step_y));
            x += step_x;
            y += step_y;
            next_x += delta_x;
            next_y += delta_y;
        }
        visit((x, y));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cells a walk visits hold every cell a point of the segment lies in, and are few.
    #[test]
    fn a_segments_cells_are_those_it_passes_through() {
        for (a, b) in [
            (Pt::new(5.0, 5.0), Pt::new(470.0, 230.0)),
            (Pt::new(470.0, 5.0), Pt::new(3.0, 401.0)),
            (Pt::new(48.0, 48.0), Pt::new(144.0, 144.0)),
            (Pt::new(10.0, 20.0), Pt::new(10.0, 300.0)),
            (Pt::new(7.0, 7.0), Pt::new(7.0, 7.0)),
        ] {
            let mut seen = std::collections::HashSet::new();
            segment_cells(48.0, a, b, |c| {
                seen.insert(c);
            });
            for k in 0..=1000 {
                let t = k as f32 / 1000.0;
                let p = Pt::new(a.x + t * (b.x - a.x), a.y + t * (b.y - a.y));
                let c = ((p.x / 48.0).floor() as i32, (p.y / 48.0).floor() as i32);
                assert!(seen.contains(&c), "{a:?}→{b:?} misses {c:?}");
            }
            let bbox = ((b.x - a.x).abs() / 48.0 + 1.0) * ((b.y - a.y).abs() / 48.0 + 1.0);
            assert!(seen.len() as f32 <= bbox.max(1.0) + 2.0);
        }
        let (min, max) = (Pt::new(0.0, 0.0), Pt::new(100.0, 100.0));
        let (p, q) = clip(Pt::new(-50.0, 50.0), Pt::new(150.0, 50.0), min, max).unwrap();
        assert_eq!((p.x, q.x), (0.0, 100.0));
        assert!(clip(Pt::new(-50.0, -5.0), Pt::new(150.0, -5.0), min, max).is_none());
        assert!(clip(Pt::new(f32::NAN, 0.0), Pt::new(1.0, 1.0), min, max).is_none());
    }
}
