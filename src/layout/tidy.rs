//! Overlap removal that keeps a drawing's shape: PRISM (Gansner and Hu, "Efficient, Proximity-
//! Preserving Node Overlap Removal", 2010).
//!
//! Each round joins neighbouring nodes by a proximity graph (the Delaunay triangulation of
//! their positions, plus every pair whose footprints overlap), asks each joined pair whose
//! footprints overlap to grow apart by the factor that would just separate them (at most
//! [`MAX_GROWTH`] a round), asks the others to keep their distance, and minimises the stress
//! of those wishes. Neighbours stay neighbours, so the picture keeps its shape while overlaps
//! go. Rounds stop when no footprints overlap. Pinned nodes stay where they are.
//!
//! This is the final pass of the stress layout and the Tidy command for hand-placed maps.

use super::Footprint;

/// How many rounds of proximity stress at most.
const ROUNDS: usize = 60;
/// A pair grows at most by this factor in one round (PRISM's s_max), so one round cannot
/// throw a node across the drawing.
const MAX_GROWTH: f32 = 1.5;
/// Descent passes over the proximity graph in a round.
const PASSES: usize = 12;

/// Whether the footprints of nodes `i` and `j` overlap with `padding` between them, and if so,
/// by what factor their distance must grow along the line between them to separate them.
fn growth(p: &[[f32; 2]], f: &[Footprint], padding: f32, i: usize, j: usize) -> Option<f32> {
    let (dx, dy) = (p[j][0] - p[i][0], p[j][1] - p[i][1]);
    let need_x = f[i].half_width + f[j].half_width + padding;
    let need_y = if dy >= 0.0 {
        f[i].below + f[j].above + padding
    } else {
        f[j].below + f[i].above + padding
    };
    if dx.abs() >= need_x || dy.abs() >= need_y {
        return None;
    }
    let sx = if dx.abs() > 1e-3 {
        need_x / dx.abs()
    } else {
        f32::MAX
    };
    let sy = if dy.abs() > 1e-3 {
        need_y / dy.abs()
    } else {
        f32::MAX
    };
    Some(sx.min(sy))
}

/// Every pair of nodes whose footprints overlap: a sweep along x, so only nodes whose boxes
/// share some x are compared.
pub fn overlapping_pairs(p: &[[f32; 2]], f: &[Footprint], padding: f32) -> Vec<(usize, usize)> {
    let n = p.len().min(f.len());
    let widest = f[..n].iter().map(|f| f.half_width).fold(0.0f32, f32::max);
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| p[a][0].total_cmp(&p[b][0]).then(a.cmp(&b)));
    let mut out = Vec::new();
    for (k, &i) in order.iter().enumerate() {
        let reach = f[i].half_width + widest + padding;
        for &j in &order[k + 1..] {
            if p[j][0] - p[i][0] >= reach {
                break;
            }
            if growth(p, f, padding, i, j).is_some() {
                out.push((i.min(j), i.max(j)));
            }
        }
    }
    out.sort_unstable();
    out
}

/// The Delaunay triangulation's edges of `p`, each once.
fn proximity_edges(p: &[[f32; 2]]) -> Vec<(usize, usize)> {
    let points: Vec<delaunator::Point> = p
        .iter()
        .map(|q| delaunator::Point {
            x: f64::from(q[0]),
            y: f64::from(q[1]),
        })
        .collect();
    let t = delaunator::triangulate(&points);
    let mut out: Vec<(usize, usize)> = t
        .triangles
        .chunks_exact(3)
        .flat_map(|tri| [(tri[0], tri[1]), (tri[1], tri[2]), (tri[2], tri[0])])
        .map(|(a, b)| (a.min(b), a.max(b)))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Moves the unpinned nodes of `positions` until no two `footprints` overlap (with `padding`
/// between them), keeping the drawing's shape. Returns how many overlapping pairs are left
/// (0 unless pinned nodes overlap each other, or the rounds ran out).
pub fn remove_overlaps(
    positions: &mut [[f32; 2]],
    footprints: &[Footprint],
    pinned: &[bool],
    padding: f32,
) -> usize {
    let n = positions.len().min(footprints.len());
    let fixed = |i: usize| pinned.get(i).copied().unwrap_or(false);
    // Nodes on one spot have no direction to part in: nudge them apart, the same way each time.
    separate_coincident(&mut positions[..n], &fixed);
    for _ in 0..ROUNDS {
        let overlapping = overlapping_pairs(positions, footprints, padding);
        if overlapping.iter().all(|&(i, j)| fixed(i) && fixed(j)) {
            break;
        }
        let mut edges = if n >= 3 {
            proximity_edges(&positions[..n])
        } else {
            vec![(0, 1)]
        };
        edges.extend(overlapping);
        edges.sort_unstable();
        edges.dedup();
        // Each edge's wished length: grown if its ends overlap, as it is otherwise.
        let wishes: Vec<(usize, usize, f32)> = edges
            .into_iter()
            .filter(|&(i, j)| i < n && j < n && !(fixed(i) && fixed(j)))
            .map(|(i, j)| {
                let (dx, dy) = (
                    positions[j][0] - positions[i][0],
                    positions[j][1] - positions[i][1],
                );
                let len = (dx * dx + dy * dy).sqrt().max(1e-3);
                let grow = growth(positions, footprints, padding, i, j)
                    .map_or(1.0, |s| s.clamp(1.0, MAX_GROWTH));
                (i, j, len * grow)
            })
            .collect();
        descend(positions, &wishes, &fixed);
    }
    finish(positions, footprints, &fixed, padding)
}

/// What rounds leave (nodes boxed in on every side), pushed apart pair by pair along the axis
/// they overlap least on; returns the pairs still overlapping.
fn finish(
    positions: &mut [[f32; 2]],
    footprints: &[Footprint],
    fixed: &dyn Fn(usize) -> bool,
    padding: f32,
) -> usize {
    for _ in 0..200 {
        let pairs = overlapping_pairs(positions, footprints, padding);
        let pairs: Vec<_> = pairs
            .into_iter()
            .filter(|&(i, j)| !(fixed(i) && fixed(j)))
            .collect();
        if pairs.is_empty() {
            return 0;
        }
        for (i, j) in pairs {
            let Some([mx, my]) = super::overlap_push(
                (i, footprints[i]),
                (j, footprints[j]),
                positions[j][0] - positions[i][0],
                positions[j][1] - positions[i][1],
                padding + 0.5,
            ) else {
                continue;
            };
            let (si, sj) = match (fixed(i), fixed(j)) {
                (false, false) => (0.5, 0.5),
                (true, _) => (0.0, 1.0),
                (_, true) => (1.0, 0.0),
            };
            positions[i] = [positions[i][0] - mx * si, positions[i][1] - my * si];
            positions[j] = [positions[j][0] + mx * sj, positions[j][1] + my * sj];
        }
    }
    overlapping_pairs(positions, footprints, padding)
        .iter()
        .filter(|&&(i, j)| !(fixed(i) && fixed(j)))
        .count()
}

fn separate_coincident(positions: &mut [[f32; 2]], fixed: &dyn Fn(usize) -> bool) {
    let mut order: Vec<usize> = (0..positions.len()).collect();
    order.sort_by(|&a, &b| {
        positions[a][0]
            .total_cmp(&positions[b][0])
            .then(positions[a][1].total_cmp(&positions[b][1]))
            .then(a.cmp(&b))
    });
    for w in 1..order.len() {
        let (a, b) = (order[w - 1], order[w]);
        if positions[a] == positions[b] && !fixed(b) {
            let angle = (b as f32) * 2.399_963; // the golden angle: no two nudges alike
            positions[b] = [
                positions[b][0] + angle.cos() * 0.5,
                positions[b][1] + angle.sin() * 0.5,
            ];
        }
    }
}

/// Minimises Σ (|p_i − p_j| − d)² / d² over `wishes` by stochastic gradient descent, visiting
/// the wishes in their given order (deterministic) with a step that anneals to a tenth.
fn descend(
    positions: &mut [[f32; 2]],
    wishes: &[(usize, usize, f32)],
    fixed: &dyn Fn(usize) -> bool,
) {
    for pass in 0..PASSES {
        let mu = 1.0 - 0.9 * pass as f32 / (PASSES - 1) as f32;
        for &(i, j, d) in wishes {
            let (dx, dy) = (
                positions[i][0] - positions[j][0],
                positions[i][1] - positions[j][1],
            );
            let len = (dx * dx + dy * dy).sqrt().max(1e-3);
            let r = (len - d) / 2.0 * mu;
            let (rx, ry) = (r * dx / len, r * dy / len);
            match (fixed(i), fixed(j)) {
                (false, false) => {
                    positions[i] = [positions[i][0] - rx, positions[i][1] - ry];
                    positions[j] = [positions[j][0] + rx, positions[j][1] + ry];
                }
                (true, false) => {
                    positions[j] = [positions[j][0] + 2.0 * rx, positions[j][1] + 2.0 * ry];
                }
                (false, true) => {
                    positions[i] = [positions[i][0] - 2.0 * rx, positions[i][1] - 2.0 * ry];
                }
                (true, true) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(width: f32) -> Footprint {
        Footprint {
            half_width: width / 2.0,
            above: 15.0,
            below: 35.0,
        }
    }

    #[test]
    fn a_crowded_grid_comes_apart_and_stays_a_grid() {
        // A 5 × 4 grid of wide labels, twice too close on x: rows and columns must keep their
        // order once no label overlaps another.
        let mut p: Vec<[f32; 2]> = (0..20)
            .map(|i| [(i % 5) as f32 * 60.0, (i / 5) as f32 * 60.0])
            .collect();
        let f = vec![label(110.0); 20];
        assert_eq!(remove_overlaps(&mut p, &f, &[], 4.0), 0);
        assert!(overlapping_pairs(&p, &f, 4.0).is_empty());
        for i in 0..20 {
            if i % 5 < 4 {
                assert!(p[i][0] < p[i + 1][0], "column order at {i}: {p:?}");
            }
            if i + 5 < 20 {
                assert!(p[i][1] < p[i + 5][1], "row order at {i}: {p:?}");
            }
        }
        // Not blown apart either: about twice as wide, not ten times.
        let width = p.iter().map(|q| q[0]).fold(f32::MIN, f32::max)
            - p.iter().map(|q| q[0]).fold(f32::MAX, f32::min);
        assert!(width < 4.0 * 240.0, "{width}");
    }

    #[test]
    fn pinned_nodes_stay_and_coincident_nodes_part() {
        let mut p = vec![[0.0, 0.0]; 5];
        let f = vec![label(60.0); 5];
        let pinned = [true, false, false, false, false];
        assert_eq!(remove_overlaps(&mut p, &f, &pinned, 4.0), 0);
        assert_eq!(p[0], [0.0, 0.0]);
        assert!(overlapping_pairs(&p, &f, 4.0).is_empty());
        // The same every time.
        let mut q = vec![[0.0, 0.0]; 5];
        remove_overlaps(&mut q, &f, &pinned, 4.0);
        assert_eq!(p, q);
    }

    #[test]
    fn a_drawing_without_overlaps_is_left_alone() {
        let mut p = vec![[0.0, 0.0], [500.0, 0.0], [0.0, 500.0]];
        let before = p.clone();
        assert_eq!(remove_overlaps(&mut p, &[label(60.0); 3], &[], 4.0), 0);
        assert_eq!(p, before);
    }

    #[test]
    fn the_sweep_finds_what_comparing_every_pair_finds() {
        let p: Vec<[f32; 2]> = (0..300u64)
            .map(|i| {
                let h = super::super::splitmix64(i);
                [(h & 0x3ff) as f32, ((h >> 10) & 0x3ff) as f32]
            })
            .collect();
        let f: Vec<Footprint> = (0..300)
            .map(|i| label(20.0 + (i % 9) as f32 * 15.0))
            .collect();
        let mut all = Vec::new();
        for i in 0..300 {
            for j in i + 1..300 {
                if growth(&p, &f, 4.0, i, j).is_some() {
                    all.push((i, j));
                }
            }
        }
        assert!(!all.is_empty());
        assert_eq!(overlapping_pairs(&p, &f, 4.0), all);
    }
}
