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
/// Rounds of moving nodes off lines, and the part of the way each round moves them. Measured
/// on the bundled map at fit view in 1280 × 800 (with names moving around their entities as
/// the label grid places them): lines over names 23 without, 7 after five rounds, 6 after
/// thirty, while stress grows by a sixth after five and a third after thirty.
const LINE_ROUNDS: usize = 5;
const LINE_STEP: f32 = 0.5;

/// Whether the footprints of nodes `i` and `j` overlap with `padding` between them, and if so,
/// by what factor their distance must grow along the line between them to separate them.
fn growth(p: &[[f32; 2]], f: &[Footprint], padding: f32, i: usize, j: usize) -> Option<f32> {
    let (dx, dy) = (p[j][0] - p[i][0], p[j][1] - p[i][1]);
    let (need_x, need_y) = super::clearance(f[i], f[j], dy, padding);
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

/// Every pair of nodes whose footprints overlap, each once and sorted: found through a grid
/// of cells as large as the largest footprint, so only nodes in neighbouring cells are
/// compared.
pub fn overlapping_pairs(p: &[[f32; 2]], f: &[Footprint], padding: f32) -> Vec<(usize, usize)> {
    use rayon::prelude::*;
    let n = p.len().min(f.len());
    if n < 2 {
        return Vec::new();
    }
    let cells = super::overlap::Cells::new(p, f, n, padding);
    let cells = &cells;
    let mut out: Vec<(usize, usize)> = cells
        .runs
        .par_iter()
        .with_min_len(16)
        .flat_map_iter(|run| {
            let columns = cells.around(p[cells.index[run.start]]);
            run.clone().flat_map(move |a| {
                let i = cells.index[a];
                columns
                    .clone()
                    .into_iter()
                    .flatten()
                    .map(|b| cells.index[b])
                    .filter(move |&j| j > i && growth(p, f, padding, i, j).is_some())
                    .map(move |j| (i, j))
            })
        })
        .collect();
    out.sort_unstable();
    out
}

/// The Delaunay triangulation's edges of `p`, each once (the one pair of two points; none of
/// fewer).
fn proximity_edges(p: &[[f32; 2]]) -> Vec<(usize, usize)> {
    if p.len() < 3 {
        return if p.len() == 2 {
            vec![(0, 1)]
        } else {
            Vec::new()
        };
    }
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

/// How much to grow a large part's drawing uniformly before PRISM (parts the stress layout
/// cannot make room for during its descent): enough to part this share of the neighbouring
/// pairs (Delaunay neighbours) whose footprints overlap. Growing alike keeps the shape
/// exactly but makes the drawing larger, so at fit view it is drawn smaller; PRISM keeps the
/// shape only near where it moves nodes. Graphviz grows by its `overlap_scaling` before
/// PRISM for the same reason. Measured on the layout benchmark (benches/compare), as the room
/// for every map's names: parting half the pairs left stress 8–20 % above the plain layout's
/// on the bundled map, Les Misérables and Davis's Southern Women; four in five, within 3 %.
/// It is not the small maps' method: there the bundled map then showed fewer of a selected
/// hub's captions at fit view (4 of the Taliban's 15, from 8), names being drawn at least
/// 11 points however small the drawing.
const ROOM_SHARE: f32 = 0.8;
/// Never grow a drawing more than this at once: past it, PRISM parts what still overlaps.
const MAX_ROOM_SCALE: f32 = 4.0;

/// The factor, at most [`MAX_ROOM_SCALE`], by which growing `positions` uniformly parts
/// [`ROOM_SHARE`] of the pairs of neighbours (Delaunay neighbours) whose `footprints` overlap
/// (1 when none do).
pub fn room_scale(positions: &[[f32; 2]], footprints: &[Footprint], padding: f32) -> f32 {
    let n = positions.len().min(footprints.len());
    if n < 2 {
        return 1.0;
    }
    let edges = proximity_edges(&positions[..n]);
    let mut grow: Vec<f32> = edges
        .into_iter()
        .filter_map(|(i, j)| growth(positions, footprints, padding, i, j))
        .collect();
    if grow.is_empty() {
        return 1.0;
    }
    let k = ((grow.len() as f32 * ROOM_SHARE) as usize).min(grow.len() - 1);
    let (_, s, _) = grow.select_nth_unstable_by(k, f32::total_cmp);
    s.clamp(1.0, MAX_ROOM_SCALE)
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
        let mut edges = proximity_edges(&positions[..n]);
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

/// Every (link, node) pair where the link's straight line crosses the node's footprint and
/// the node is not one of its ends.
pub fn lines_over_footprints(
    p: &[[f32; 2]],
    f: &[Footprint],
    links: &[(usize, usize)],
) -> Vec<(usize, usize)> {
    let n = p.len().min(f.len());
    // Nodes by x, to find those whose box reaches a line's x-range.
    let widest = f[..n].iter().map(|f| f.half_width).fold(0.0f32, f32::max);
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| p[a][0].total_cmp(&p[b][0]).then(a.cmp(&b)));
    let xs: Vec<f32> = order.iter().map(|&i| p[i][0]).collect();
    let mut out = Vec::new();
    for (k, &(a, b)) in links.iter().enumerate() {
        if a >= n || b >= n || a == b {
            continue;
        }
        let (x0, x1) = (p[a][0].min(p[b][0]), p[a][0].max(p[b][0]));
        let from = xs.partition_point(|&x| x < x0 - widest);
        for &i in &order[from..] {
            if p[i][0] > x1 + widest {
                break;
            }
            if i != a && i != b && crosses(p[a], p[b], p[i], f[i]) {
                out.push((k, i));
            }
        }
    }
    out
}

/// Whether the segment from `a` to `b` passes through the footprint `f` of a node at `c`.
fn crosses(a: [f32; 2], b: [f32; 2], c: [f32; 2], f: Footprint) -> bool {
    use crate::look::{Pt, labels};
    let area = labels::Area {
        min: Pt::new(c[0] - f.half_width, c[1] - f.above),
        max: Pt::new(c[0] + f.half_width, c[1] + f.below),
    };
    labels::segment_crosses(Pt::from(a), Pt::from(b), &area)
}

/// Moves nodes off the lines that cross their footprints (names included) where it can: each
/// node a line runs through steps away from it, across the line by the nearer way, and the
/// line's ends step the other way, a part of what is needed at a time; overlaps this makes
/// are removed again. Routing lines around names would need bends; moving the names off the
/// lines keeps lines straight. Returns the crossings left.
pub fn clear_lines(
    positions: &mut [[f32; 2]],
    footprints: &[Footprint],
    links: &[(usize, usize)],
    pinned: &[bool],
    padding: f32,
) -> usize {
    let fixed = |i: usize| pinned.get(i).copied().unwrap_or(false);
    let mut best = (usize::MAX, positions.to_vec());
    for _ in 0..LINE_ROUNDS {
        let crossing = lines_over_footprints(positions, footprints, links);
        if crossing.len() < best.0 {
            best = (crossing.len(), positions.to_vec());
        }
        if crossing.is_empty() {
            break;
        }
        let mut shift = vec![[0.0f32; 2]; positions.len()];
        for &(k, i) in &crossing {
            let (a, b) = links[k];
            let (pa, pb, f) = (positions[a], positions[b], footprints[i]);
            let c = [positions[i][0], positions[i][1] + (f.below - f.above) / 2.0];
            let (dx, dy) = (pb[0] - pa[0], pb[1] - pa[1]);
            let len = (dx * dx + dy * dy).sqrt().max(1e-3);
            let normal = [-dy / len, dx / len];
            let side = normal[0] * (c[0] - pa[0]) + normal[1] * (c[1] - pa[1]);
            // How far the box reaches across the line, each way from its centre.
            let reach =
                normal[0].abs() * f.half_width + normal[1].abs() * (f.above + f.below) / 2.0;
            let need = reach + padding - side.abs();
            if need <= 0.0 {
                continue;
            }
            let dir = if side >= 0.0 { 1.0 } else { -1.0 };
            let step = need * LINE_STEP * dir;
            let (node_part, end_part) = match (fixed(i), fixed(a) && fixed(b)) {
                (true, true) => continue,
                (true, false) => (0.0, 1.0),
                (false, true) => (1.0, 0.0),
                (false, false) => (0.6, 0.4),
            };
            shift[i][0] += normal[0] * step * node_part;
            shift[i][1] += normal[1] * step * node_part;
            for e in [a, b] {
                if !fixed(e) {
                    shift[e][0] -= normal[0] * step * end_part / 2.0;
                    shift[e][1] -= normal[1] * step * end_part / 2.0;
                }
            }
        }
        for (p, s) in positions.iter_mut().zip(&shift) {
            *p = [p[0] + s[0], p[1] + s[1]];
        }
        remove_overlaps(positions, footprints, pinned, padding);
    }
    let left = lines_over_footprints(positions, footprints, links).len();
    if left > best.0 {
        positions.copy_from_slice(&best.1);
        return best.0;
    }
    left
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
    fn nodes_step_off_lines_that_are_not_theirs() {
        // A long line from 0 to 1 through the names of 2 and 3, which hang just below it.
        let mut p = vec![[0.0, 0.0], [600.0, 0.0], [200.0, -5.0], [400.0, 8.0]];
        let f = vec![label(80.0); 4];
        let links = [(0, 1)];
        assert_eq!(lines_over_footprints(&p, &f, &links), vec![(0, 2), (0, 3)]);
        assert_eq!(clear_lines(&mut p, &f, &links, &[], 4.0), 0);
        assert!(lines_over_footprints(&p, &f, &links).is_empty());
        assert!(overlapping_pairs(&p, &f, 4.0).is_empty());
        // They stayed beside the line, not thrown far.
        assert!(p[2][1].abs() < 80.0 && p[3][1].abs() < 80.0, "{p:?}");
    }

    #[test]
    fn the_grid_of_cells_finds_what_comparing_every_pair_finds() {
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
