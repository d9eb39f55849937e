//! Spatial indexes of a drawn map, so that finding what lies under the pointer costs a look at
//! one cell, not a scan of every entity and relation (a 100 000-entity map is hit-tested on
//! every frame the pointer moves).
//!
//! A [`Grid`] is a uniform grid of square cells over the map's bounds. Each item is listed in
//! every cell it reaches (a node: the cells its disc touches; a relation: the cells its line
//! passes within reach of), so a query looks up the single cell of the point and tests the few
//! candidates listed there exactly. The grid is stored flat (cell starts and one list of items),
//! built in O(items + cells).

/// Items by cell. Built by [`Grid::points`] or [`Grid::segments`].
#[derive(Debug, Clone, Default)]
pub struct Grid {
    origin: [f32; 2],
    cell: f32,
    cols: usize,
    rows: usize,
    /// Where each cell's items begin in `items`; `cols * rows + 1` entries.
    starts: Vec<u32>,
    items: Vec<u32>,
}

/// Most cells a grid may have per item: keeps memory linear in the map's size however the
/// items are spread.
const CELLS_PER_ITEM: usize = 4;

impl Grid {
    /// Discs: item `i` is centred at `centres[i]` with radius `reach[i]`. Items whose centre is
    /// not finite are left out.
    pub fn points(centres: &[[f32; 2]], reach: &[f32]) -> Self {
        let max_reach = reach.iter().copied().fold(0.0f32, f32::max);
        let Some(bounds) = bounds(centres.iter().copied()) else {
            return Self::default();
        };
        // About one item per cell where the map is even, but never a cell smaller than a disc.
        let area = (bounds[2] - bounds[0]).max(1.0) * (bounds[3] - bounds[1]).max(1.0);
        let even = (area / centres.len().max(1) as f32).sqrt();
        let cell = even.max(2.0 * max_reach).max(1e-3);
        let mut grid = Self::empty(bounds, cell, centres.len(), max_reach);
        let mut pairs = Vec::with_capacity(centres.len());
        for (i, (&c, &r)) in centres.iter().zip(reach).enumerate() {
            if c[0].is_finite() && c[1].is_finite() {
                grid.cover_box(
                    i as u32,
                    [c[0] - r, c[1] - r, c[0] + r, c[1] + r],
                    &mut pairs,
                );
            }
        }
        grid.fill(pairs);
        grid
    }

    /// Polylines: each segment `(a, b, item)` is listed in every cell that holds a point within
    /// `reach` of it. Segments with an end that is not finite are left out.
    pub fn segments(segments: &[([f32; 2], [f32; 2], u32)], reach: f32) -> Self {
        let reach = reach.max(0.0);
        let Some(bounds) = bounds(segments.iter().flat_map(|s| [s.0, s.1])) else {
            return Self::default();
        };
        // Cells sized so a segment crosses a handful on average: fine enough that a cell holds
        // few segments, coarse enough that long relations do not fill memory.
        let total: f32 = segments
            .iter()
            .map(|(a, b, _)| (b[0] - a[0]).hypot(b[1] - a[1]))
            .filter(|l| l.is_finite())
            .sum();
        let per_segment = total / segments.len().max(1) as f32;
        let cell = (per_segment / 4.0).max(4.0 * reach).max(1e-3);
        let mut grid = Self::empty(bounds, cell, segments.len(), reach);
        let mut pairs = Vec::with_capacity(segments.len() * 8);
        for &(a, b, item) in segments {
            if a.iter().chain(&b).all(|v| v.is_finite()) {
                grid.cover_segment(item, a, b, reach, &mut pairs);
            }
        }
        grid.fill(pairs);
        grid
    }

    /// The items listed in the cell of `p`: every item that may lie within its reach of `p`
    /// (and maybe a few more). Empty outside the grid.
    pub fn candidates(&self, p: [f32; 2]) -> &[u32] {
        let Some(cell) = self.cell_of(p) else {
            return &[];
        };
        let (from, to) = (self.starts[cell] as usize, self.starts[cell + 1] as usize);
        &self.items[from..to]
    }

    /// A grid over `bounds` widened by `reach`, with cells at least `cell` wide and no more
    /// than [`CELLS_PER_ITEM`] cells per item.
    fn empty(bounds: [f32; 4], cell: f32, items: usize, reach: f32) -> Self {
        let (x0, y0) = (bounds[0] - reach, bounds[1] - reach);
        let (w, h) = (bounds[2] + reach - x0, bounds[3] + reach - y0);
        let most = (CELLS_PER_ITEM * items.max(1)) as f32;
        let cell = cell.max((w * h / most).sqrt());
        let cols = ((w / cell).floor() as usize + 1).max(1);
        let rows = ((h / cell).floor() as usize + 1).max(1);
        Self {
            origin: [x0, y0],
            cell,
            cols,
            rows,
            starts: Vec::new(),
            items: Vec::new(),
        }
    }

    fn cell_of(&self, p: [f32; 2]) -> Option<usize> {
        if self.starts.is_empty() || !p[0].is_finite() || !p[1].is_finite() {
            return None;
        }
        let cx = ((p[0] - self.origin[0]) / self.cell).floor();
        let cy = ((p[1] - self.origin[1]) / self.cell).floor();
        if cx < 0.0 || cy < 0.0 || cx >= self.cols as f32 || cy >= self.rows as f32 {
            return None;
        }
        Some(cy as usize * self.cols + cx as usize)
    }

    /// The column or row of coordinate `v` on axis `axis`, clamped into the grid.
    fn clamped(&self, v: f32, axis: usize) -> usize {
        let last = if axis == 0 { self.cols } else { self.rows } - 1;
        let c = ((v - self.origin[axis]) / self.cell).floor();
        if c <= 0.0 { 0 } else { (c as usize).min(last) }
    }

    /// Lists `item` in every cell that meets the box `[x0, y0, x1, y1]`.
    fn cover_box(&self, item: u32, b: [f32; 4], pairs: &mut Vec<(u32, u32)>) {
        let (c0, c1) = (self.clamped(b[0], 0), self.clamped(b[2], 0));
        for row in self.clamped(b[1], 1)..=self.clamped(b[3], 1) {
            for col in c0..=c1 {
                pairs.push(((row * self.cols + col) as u32, item));
            }
        }
    }

    /// Lists `item` in every cell within `reach` of the segment from `a` to `b`: row by row,
    /// the part of the segment inside the row's band, widened by `reach`.
    fn cover_segment(
        &self,
        item: u32,
        a: [f32; 2],
        b: [f32; 2],
        reach: f32,
        pairs: &mut Vec<(u32, u32)>,
    ) {
        let (top, bottom) = (a[1].min(b[1]) - reach, a[1].max(b[1]) + reach);
        for row in self.clamped(top, 1)..=self.clamped(bottom, 1) {
            let band0 = self.origin[1] + row as f32 * self.cell - reach;
            let band1 = band0 + self.cell + 2.0 * reach;
            let Some((x0, x1)) = x_range_in_band(a, b, band0, band1) else {
                continue;
            };
            for col in self.clamped(x0 - reach, 0)..=self.clamped(x1 + reach, 0) {
                pairs.push(((row * self.cols + col) as u32, item));
            }
        }
    }

    /// Stores `(cell, item)` pairs flat, by cell (a counting sort: cells are dense).
    fn fill(&mut self, pairs: Vec<(u32, u32)>) {
        let cells = self.cols * self.rows;
        let mut starts = vec![0u32; cells + 1];
        for &(cell, _) in &pairs {
            starts[cell as usize + 1] += 1;
        }
        for c in 0..cells {
            starts[c + 1] += starts[c];
        }
        let mut next = starts.clone();
        let mut items = vec![0u32; pairs.len()];
        for (cell, item) in pairs {
            let at = &mut next[cell as usize];
            items[*at as usize] = item;
            *at += 1;
        }
        self.starts = starts;
        self.items = items;
    }
}

/// The bounding box `[x0, y0, x1, y1]` of the finite points, if there are any.
fn bounds(points: impl Iterator<Item = [f32; 2]>) -> Option<[f32; 4]> {
    points
        .filter(|p| p[0].is_finite() && p[1].is_finite())
        .fold(None, |acc: Option<[f32; 4]>, p| {
            Some(match acc {
                None => [p[0], p[1], p[0], p[1]],
                Some(b) => [
                    b[0].min(p[0]),
                    b[1].min(p[1]),
                    b[2].max(p[0]),
                    b[3].max(p[1]),
                ],
            })
        })
}

/// The x extent of the part of segment `a`–`b` with y between `y0` and `y1`, if any.
fn x_range_in_band(a: [f32; 2], b: [f32; 2], y0: f32, y1: f32) -> Option<(f32, f32)> {
    let dy = b[1] - a[1];
    let (t0, t1) = if dy.abs() < f32::EPSILON {
        if a[1] < y0 || a[1] > y1 {
            return None;
        }
        (0.0, 1.0)
    } else {
        let (ta, tb) = ((y0 - a[1]) / dy, (y1 - a[1]) / dy);
        (ta.min(tb).max(0.0), ta.max(tb).min(1.0))
    };
    if t0 > t1 {
        return None;
    }
    let xa = a[0] + (b[0] - a[0]) * t0;
    let xb = a[0] + (b[0] - a[0]) * t1;
    Some((xa.min(xb), xa.max(xb)))
}

/// The distance from `p` to the segment from `a` to `b`.
pub fn distance_to_segment(p: [f32; 2], a: [f32; 2], b: [f32; 2]) -> f32 {
    let ab = [b[0] - a[0], b[1] - a[1]];
    let len2 = ab[0] * ab[0] + ab[1] * ab[1];
    let t = if len2 == 0.0 {
        0.0
    } else {
        (((p[0] - a[0]) * ab[0] + (p[1] - a[1]) * ab[1]) / len2).clamp(0.0, 1.0)
    };
    (p[0] - (a[0] + ab[0] * t)).hypot(p[1] - (a[1] + ab[1] * t))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn distance_to_a_segment_is_measured_to_its_nearest_point() {
        let (a, b) = ([0.0, 0.0], [10.0, 0.0]);
        assert_eq!(distance_to_segment([5.0, 3.0], a, b), 3.0);
        assert_eq!(distance_to_segment([-4.0, 3.0], a, b), 5.0);
        assert_eq!(distance_to_segment([1.0, 1.0], a, a), 2f32.sqrt());
    }

    #[test]
    fn a_point_lists_only_the_discs_that_may_hold_it() {
        let centres = [[0.0, 0.0], [100.0, 0.0], [100.0, 100.0]];
        let grid = Grid::points(&centres, &[10.0; 3]);
        assert!(grid.candidates([3.0, -4.0]).contains(&0));
        assert!(!grid.candidates([3.0, -4.0]).contains(&2));
        assert!(grid.candidates([95.0, 97.0]).contains(&2));
        assert!(
            grid.candidates([5000.0, 0.0]).is_empty(),
            "outside the grid"
        );
    }

    #[test]
    fn an_empty_or_unplaced_map_has_no_candidates() {
        assert!(Grid::points(&[], &[]).candidates([0.0, 0.0]).is_empty());
        let grid = Grid::points(&[[f32::NAN, 0.0]], &[5.0]);
        assert!(grid.candidates([0.0, 0.0]).is_empty());
        assert!(Grid::segments(&[], 4.0).candidates([0.0, 0.0]).is_empty());
    }

    #[test]
    fn a_long_segment_is_found_along_its_whole_length_and_nowhere_else() {
        let segments = [
            ([0.0, 0.0], [1000.0, 500.0], 7),
            ([0.0, 500.0], [10.0, 500.0], 8),
        ];
        let grid = Grid::segments(&segments, 4.0);
        for k in 0..=100 {
            let t = k as f32 / 100.0;
            assert!(grid.candidates([1000.0 * t, 500.0 * t + 3.0]).contains(&7));
        }
        assert!(!grid.candidates([1000.0, 0.0]).contains(&7));
    }

    proptest! {
        /// Whatever the map, every disc that holds a point is among that point's candidates.
        #[test]
        fn no_disc_is_missed(
            centres in prop::collection::vec((-500.0f32..500.0, -500.0f32..500.0), 1..60),
            p in (-520.0f32..520.0, -520.0f32..520.0),
        ) {
            let centres: Vec<[f32; 2]> = centres.into_iter().map(|(x, y)| [x, y]).collect();
            let reach = vec![12.0; centres.len()];
            let grid = Grid::points(&centres, &reach);
            let p = [p.0, p.1];
            for (i, c) in centres.iter().enumerate() {
                if (c[0] - p[0]).hypot(c[1] - p[1]) <= reach[i] {
                    prop_assert!(grid.candidates(p).contains(&(i as u32)));
                }
            }
        }

        /// Every segment within reach of a point is among that point's candidates.
        #[test]
        fn no_segment_is_missed(
            ends in prop::collection::vec(
                ((-500.0f32..500.0, -500.0f32..500.0), (-500.0f32..500.0, -500.0f32..500.0)),
                1..40,
            ),
            p in (-510.0f32..510.0, -510.0f32..510.0),
        ) {
            let segments: Vec<([f32; 2], [f32; 2], u32)> = ends
                .iter()
                .enumerate()
                .map(|(i, ((ax, ay), (bx, by)))| ([*ax, *ay], [*bx, *by], i as u32))
                .collect();
            let grid = Grid::segments(&segments, 4.0);
            let p = [p.0, p.1];
            for (a, b, i) in &segments {
                if distance_to_segment(p, *a, *b) <= 4.0 {
                    prop_assert!(grid.candidates(p).contains(i));
                }
            }
        }
    }
}
