//! Overlap removal for large maps: which footprints overlap is found through a grid of cells
//! as large as the largest footprint ([`Cells`], also used by PRISM's search for overlapping
//! pairs), so each node is compared only with the nodes in the 3 × 3 cells around its own,
//! not with every other node.
//!
//! Small maps push pairs apart one after another (each push sees the ones before it); here
//! every node's push is computed from the same snapshot, in parallel, and summed in a fixed
//! order, so the result does not depend on the number of cores.

use rayon::prelude::*;

use super::{Footprint, overlap_push};

/// Nodes sorted into a grid of cells as large as the largest footprint (with padding): two
/// footprints can only overlap if their nodes' cells are neighbours.
pub(super) struct Cells {
    cell_w: f32,
    cell_h: f32,
    /// Each sorted node's cell key, by column then row.
    pub keys: Vec<u64>,
    /// The node at each sorted place.
    pub index: Vec<usize>,
    /// Runs of sorted places in one cell.
    pub runs: Vec<std::ops::Range<usize>>,
}

impl Cells {
    /// The first `n` nodes of `at`, with `footprints` of at least that many.
    pub fn new(at: &[[f32; 2]], footprints: &[Footprint], n: usize, padding: f32) -> Cells {
        // Two footprints can only overlap if their centres are closer than this on each axis.
        let (mut reach_x, mut reach_up, mut reach_down) = (0.0f32, 0.0f32, 0.0f32);
        for f in &footprints[..n] {
            reach_x = reach_x.max(f.half_width);
            reach_up = reach_up.max(f.above);
            reach_down = reach_down.max(f.below);
        }
        let mut cells = Cells {
            cell_w: (2.0 * reach_x + padding).max(1.0),
            cell_h: (reach_up + reach_down + padding).max(1.0),
            keys: Vec::new(),
            index: Vec::new(),
            runs: Vec::new(),
        };
        // Nodes sorted by cell, then by index, so a cell's nodes sit together.
        let mut sorted: Vec<(u64, u32)> = (0..n)
            .into_par_iter()
            .map(|i| {
                let (cx, cy) = cells.cell_of(at[i]);
                (key(cx, cy), i as u32)
            })
            .collect();
        sorted.par_sort_unstable();
        cells.keys = sorted.iter().map(|s| s.0).collect();
        cells.index = sorted.iter().map(|s| s.1 as usize).collect();
        let mut from = 0;
        for s in 1..=n {
            if s == n || cells.keys[s] != cells.keys[from] {
                cells.runs.push(from..s);
                from = s;
            }
        }
        cells
    }

    fn cell_of(&self, p: [f32; 2]) -> (i64, i64) {
        (
            (p[0] / self.cell_w).floor() as i64,
            (p[1] / self.cell_h).floor() as i64,
        )
    }

    /// The sorted places of the nodes in the 3 × 3 cells around the cell of `p`, as three
    /// runs (one per column).
    pub fn around(&self, p: [f32; 2]) -> [std::ops::Range<usize>; 3] {
        let (cx, cy) = self.cell_of(p);
        [cx - 1, cx, cx + 1].map(|col| {
            let lo = self.keys.partition_point(|&k| k < key(col, cy - 1));
            let hi = self.keys.partition_point(|&k| k <= key(col, cy + 1));
            lo..hi
        })
    }
}

/// A cell's key orders cells by column, then row; offsetting by 2³¹ keeps negative cells in
/// order as unsigned numbers.
fn key(cx: i64, cy: i64) -> u64 {
    let col = (cx.clamp(-(1 << 30), 1 << 30) + (1 << 31)) as u64;
    let row = (cy.clamp(-(1 << 30), 1 << 30) + (1 << 31)) as u64;
    (col << 32) | row
}

/// The velocity change of each node that pushes overlapping footprints apart along the axis
/// where they overlap least, by `strength` of the overlap, half to each node of a pair.
/// `at` are the nodes' (predicted) positions; `footprints` may be shorter (nodes without one
/// take no part).
pub fn pushes(
    at: &[[f32; 2]],
    footprints: &[Footprint],
    padding: f32,
    strength: f32,
) -> Vec<[f32; 2]> {
    let n = footprints.len().min(at.len());
    let mut out = vec![[0.0f32; 2]; at.len()];
    if n < 2 {
        return out;
    }
    let cells = Cells::new(at, footprints, n, padding);
    // Positions and footprints in sorted order, so a cell's nodes sit together in memory.
    let index = &cells.index;
    let pos: Vec<[f32; 2]> = index.iter().map(|&i| at[i]).collect();
    let fps: Vec<Footprint> = index.iter().map(|&i| footprints[i]).collect();
    let (cells, pos, fps) = (&cells, &pos, &fps);
    let in_order: Vec<[f32; 2]> = cells
        .runs
        .par_iter()
        .with_min_len(16)
        .flat_map_iter(|run| {
            let columns = cells.around(pos[run.start]);
            run.clone().map(move |a| {
                let i = index[a];
                let fi = fps[a];
                let [xi, yi] = pos[a];
                let (mut vx, mut vy) = (0.0f32, 0.0f32);
                for b in columns.iter().flat_map(Clone::clone) {
                    if b == a {
                        continue;
                    }
                    let (dx, dy) = (pos[b][0] - xi, pos[b][1] - yi);
                    if let Some([mx, my]) =
                        overlap_push((i, fi), (index[b], fps[b]), dx, dy, padding)
                    {
                        vx -= mx * strength * 0.5;
                        vy -= my * strength * 0.5;
                    }
                }
                [vx, vy]
            })
        })
        .collect();
    for (a, v) in in_order.into_iter().enumerate() {
        out[index[a]] = v;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::sign;
    use super::*;

    fn footprint() -> Footprint {
        Footprint {
            half_width: 20.0,
            above: 5.0,
            below: 15.0,
        }
    }

    /// Every pair, one after another's snapshot: what the grid must find.
    fn all_pairs(at: &[[f32; 2]], fp: &[Footprint], pad: f32, k: f32) -> Vec<[f32; 2]> {
        let mut out = vec![[0.0f32; 2]; at.len()];
        for i in 0..at.len() {
            for j in 0..at.len() {
                if i == j {
                    continue;
                }
                let dx = at[j][0] - at[i][0];
                let dy = at[j][1] - at[i][1];
                let ox = fp[i].half_width + fp[j].half_width + pad - dx.abs();
                let oy = if dy >= 0.0 {
                    fp[i].below + fp[j].above + pad - dy
                } else {
                    fp[j].below + fp[i].above + pad + dy
                };
                if ox <= 0.0 || oy <= 0.0 {
                    continue;
                }
                if ox < oy {
                    out[i][0] -= ox * sign(dx, i, j) * k * 0.5;
                } else {
                    out[i][1] -= oy * sign(dy, j, i) * k * 0.5;
                }
            }
        }
        out
    }

    #[test]
    fn the_grid_finds_the_same_overlaps_as_comparing_every_pair() {
        let at: Vec<[f32; 2]> = (0..700u64)
            .map(|i| {
                let h = super::super::splitmix64(i);
                [
                    (h & 0xffff) as f32 / 100.0 - 300.0,
                    ((h >> 16) & 0xffff) as f32 / 100.0 - 300.0,
                ]
            })
            .collect();
        let mut fp = vec![footprint(); at.len()];
        // One wide label sets the cell size; the others must still be found.
        fp[3].half_width = 90.0;
        let grid = pushes(&at, &fp, 6.0, 0.6);
        let exact = all_pairs(&at, &fp, 6.0, 0.6);
        assert!(grid.iter().any(|v| v[0] != 0.0 || v[1] != 0.0));
        for (i, (a, b)) in grid.iter().zip(&exact).enumerate() {
            assert!(
                (a[0] - b[0]).abs() < 1e-3 && (a[1] - b[1]).abs() < 1e-3,
                "node {i}: {a:?} vs {b:?}"
            );
        }
    }

    #[test]
    fn nodes_on_one_spot_are_pushed_apart_and_nodes_without_a_footprint_stay() {
        let at = vec![[0.0, 0.0], [0.0, 0.0], [0.0, 0.0]];
        let fp = vec![footprint(); 2];
        let v = pushes(&at, &fp, 6.0, 0.6);
        assert!(v[0] != [0.0, 0.0] && v[1] != [0.0, 0.0]);
        assert_eq!(v[0][0], -v[1][0]);
        assert_eq!(v[2], [0.0, 0.0]);
    }
}
