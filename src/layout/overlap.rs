//! Overlap removal for large maps: which footprints overlap is found through a grid of cells
//! as large as the largest footprint, so each node is compared only with the nodes in the
//! 3 × 3 cells around its own, not with every other node.
//!
//! Small maps push pairs apart one after another (each push sees the ones before it); here
//! every node's push is computed from the same snapshot, in parallel, and summed in a fixed
//! order, so the result does not depend on the number of cores.

use rayon::prelude::*;

use super::{Footprint, overlap_push};

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
    // Two footprints can only overlap if their centres are closer than this on each axis.
    let (mut reach_x, mut reach_up, mut reach_down) = (0.0f32, 0.0f32, 0.0f32);
    for f in &footprints[..n] {
        reach_x = reach_x.max(f.half_width);
        reach_up = reach_up.max(f.above);
        reach_down = reach_down.max(f.below);
    }
    let cell_w = (2.0 * reach_x + padding).max(1.0);
    let cell_h = (reach_up + reach_down + padding).max(1.0);
    // A cell's key orders cells by column, then row; offsetting by 2³¹ keeps negative cells
    // in order as unsigned numbers.
    let key = |cx: i64, cy: i64| {
        let col = (cx.clamp(-(1 << 30), 1 << 30) + (1 << 31)) as u64;
        let row = (cy.clamp(-(1 << 30), 1 << 30) + (1 << 31)) as u64;
        (col << 32) | row
    };
    let cell_of = |p: [f32; 2]| {
        (
            (p[0] / cell_w).floor() as i64,
            (p[1] / cell_h).floor() as i64,
        )
    };
    // Nodes sorted by cell, then by index; their positions and footprints in the same order,
    // so a cell's nodes sit together in memory.
    let mut sorted: Vec<(u64, u32)> = (0..n)
        .into_par_iter()
        .map(|i| {
            let (cx, cy) = cell_of(at[i]);
            (key(cx, cy), i as u32)
        })
        .collect();
    sorted.par_sort_unstable();
    let keys: Vec<u64> = sorted.iter().map(|s| s.0).collect();
    let index: Vec<usize> = sorted.iter().map(|s| s.1 as usize).collect();
    let pos: Vec<[f32; 2]> = index.iter().map(|&i| at[i]).collect();
    let fps: Vec<Footprint> = index.iter().map(|&i| footprints[i]).collect();
    // Runs of nodes in one cell.
    let mut runs = Vec::new();
    let mut from = 0;
    for s in 1..=n {
        if s == n || keys[s] != keys[from] {
            runs.push(from..s);
            from = s;
        }
    }

    let (keys, index, pos, fps) = (&keys, &index, &pos, &fps);
    let in_order: Vec<[f32; 2]> = runs
        .par_iter()
        .with_min_len(16)
        .flat_map_iter(|run| {
            let (cx, cy) = cell_of(pos[run.start]);
            // The three columns of cells around this one, each a run of the sorted nodes.
            let columns = [cx - 1, cx, cx + 1].map(|col| {
                let lo = keys.partition_point(|&k| k < key(col, cy - 1));
                let hi = keys.partition_point(|&k| k <= key(col, cy + 1));
                lo..hi
            });
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
