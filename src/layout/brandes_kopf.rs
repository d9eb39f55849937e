//! Horizontal coordinates for the hierarchical layout by Brandes and Köpf ("Fast and Simple
//! Horizontal Coordinate Assignment", 2001), as dagre implements it:
//!
//! 1. *Type 1 conflicts*: where a segment between two dummies (a stretch of a long edge)
//!    crosses another edge, the other edge is marked, so long edges win and run straight.
//! 2. Four *vertical alignments* (towards the layer above or below, from the left or the
//!    right): each node joins the block of its median neighbour, when the neighbour is free,
//!    the edge unmarked and the alignment keeps the order.
//! 3. *Horizontal compaction* of each alignment: blocks packed as close as the nodes' widths
//!    and padding allow, by longest path over the graph of blocks that sit side by side, then
//!    pulled towards the side with room, so blocks do not lean on one side.
//! 4. The four are moved to agree with the narrowest, and each node takes the mean of its two
//!    middle coordinates (the *balanced* result): parents over the middle of their children,
//!    long edges straight.
//!
//! Input is the proper layered graph: rows of slots left to right, each slot's neighbours in
//! the row above (`up`) and below (`down`), whether it is a dummy, and its half width.

/// A proper layered graph, by slot.
pub struct Layered<'a> {
    /// Each row's slots, left to right, top row first.
    pub rows: &'a [Vec<usize>],
    pub up: &'a [Vec<usize>],
    pub down: &'a [Vec<usize>],
    pub dummy: &'a [bool],
    pub half_width: &'a [f32],
    /// Room between neighbouring slots of a row.
    pub padding: f32,
}

/// The x of every slot.
pub fn coordinates(g: &Layered<'_>) -> Vec<f32> {
    let m = g.up.len();
    if m == 0 {
        return Vec::new();
    }
    let conflicts = type1_conflicts(g);
    let mut all: Vec<Vec<f32>> = Vec::with_capacity(4);
    for towards_above in [true, false] {
        for from_left in [true, false] {
            let mut rows: Vec<Vec<usize>> = g.rows.to_vec();
            if !towards_above {
                rows.reverse();
            }
            if !from_left {
                rows.iter_mut().for_each(|r| r.reverse());
            }
            let neighbours = if towards_above { g.up } else { g.down };
            let root = vertical_alignment(m, &rows, neighbours, &conflicts);
            let mut xs = compaction(g, &rows, &root);
            if !from_left {
                xs.iter_mut().for_each(|x| *x = -*x);
            }
            all.push(xs);
        }
    }
    // Move each to agree with the narrowest: left ones by their left edge, right ones by
    // their right edge.
    let extent = |xs: &[f32]| {
        let lo = (0..m)
            .map(|s| xs[s] - g.half_width[s])
            .fold(f32::MAX, f32::min);
        let hi = (0..m)
            .map(|s| xs[s] + g.half_width[s])
            .fold(f32::MIN, f32::max);
        (lo, hi)
    };
    let narrowest = (0..4)
        .min_by(|&a, &b| {
            let (la, ha) = extent(&all[a]);
            let (lb, hb) = extent(&all[b]);
            (ha - la).total_cmp(&(hb - lb)).then(a.cmp(&b))
        })
        .unwrap_or(0);
    let (to_lo, to_hi) = extent(&all[narrowest]);
    for (k, xs) in all.iter_mut().enumerate() {
        let (lo, hi) = extent(xs);
        let from_left = k % 2 == 0;
        let delta = if from_left { to_lo - lo } else { to_hi - hi };
        xs.iter_mut().for_each(|x| *x += delta);
    }
    (0..m)
        .map(|s| {
            let mut four = [all[0][s], all[1][s], all[2][s], all[3][s]];
            four.sort_by(f32::total_cmp);
            (four[1] + four[2]) / 2.0
        })
        .collect()
}

/// The edges (upper slot, lower slot) that cross a segment between two dummies.
fn type1_conflicts(g: &Layered<'_>) -> std::collections::HashSet<(usize, usize)> {
    let mut place = vec![0usize; g.up.len()];
    for row in g.rows {
        for (k, &s) in row.iter().enumerate() {
            place[s] = k;
        }
    }
    let mut marked = std::collections::HashSet::new();
    for pair in g.rows.windows(2) {
        let (above, row) = (&pair[0], &pair[1]);
        let (mut k0, mut scan) = (0usize, 0usize);
        for (i, &v) in row.iter().enumerate() {
            // The upper end of an inner segment ending at v, if v is one's lower end.
            let inner = if g.dummy[v] {
                g.up[v].iter().copied().find(|&u| g.dummy[u])
            } else {
                None
            };
            let k1 = inner.map_or(above.len(), |u| place[u]);
            if inner.is_some() || i + 1 == row.len() {
                for &w in &row[scan..=i] {
                    for &u in &g.up[w] {
                        let at = place[u];
                        if (at < k0 || k1 < at) && !(g.dummy[u] && g.dummy[w]) {
                            marked.insert((u, w));
                        }
                    }
                }
                scan = i + 1;
                k0 = k1;
            }
        }
    }
    marked
}

/// Blocks of slots aligned with their median `neighbours`, visiting `rows` in order: each
/// slot's root, its block's first slot.
fn vertical_alignment(
    m: usize,
    rows: &[Vec<usize>],
    neighbours: &[Vec<usize>],
    conflicts: &std::collections::HashSet<(usize, usize)>,
) -> Vec<usize> {
    let mut root: Vec<usize> = (0..m).collect();
    let mut align: Vec<usize> = (0..m).collect();
    let mut place = vec![0usize; m];
    for row in rows {
        for (k, &s) in row.iter().enumerate() {
            place[s] = k;
        }
    }
    let marked = |a: usize, b: usize| conflicts.contains(&(a, b)) || conflicts.contains(&(b, a));
    for row in rows {
        let mut last: Option<usize> = None;
        for &v in row {
            let mut ws = neighbours[v].clone();
            if ws.is_empty() {
                continue;
            }
            ws.sort_by_key(|&w| place[w]);
            let lo = (ws.len() - 1) / 2;
            let hi = ws.len() / 2;
            for &w in &ws[lo..=hi] {
                if align[v] == v && last.is_none_or(|l| l < place[w]) && !marked(v, w) {
                    align[w] = v;
                    root[v] = root[w];
                    align[v] = root[v];
                    last = Some(place[w]);
                }
            }
        }
    }
    root
}

/// Each slot's x for one alignment: blocks packed left by longest path over the graph of
/// blocks side by side, then each pulled right as far as its right neighbours allow.
fn compaction(g: &Layered<'_>, rows: &[Vec<usize>], root: &[usize]) -> Vec<f32> {
    let m = root.len();
    // Block graph: left block -> right block, with the room they need.
    let mut right: Vec<Vec<(usize, f32)>> = vec![Vec::new(); m];
    let mut left: Vec<Vec<(usize, f32)>> = vec![Vec::new(); m];
    for row in rows {
        for pair in row.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let need = g.half_width[a] + g.half_width[b] + g.padding;
            let (ra, rb) = (root[a], root[b]);
            right[ra].push((rb, need));
            left[rb].push((ra, need));
        }
    }
    // Topological order of the roots (the block graph is acyclic: alignments keep order).
    let roots: Vec<usize> = (0..m).filter(|&s| root[s] == s).collect();
    let mut indegree = vec![0usize; m];
    for &r in &roots {
        for &(b, _) in &right[r] {
            indegree[b] += 1;
        }
    }
    let mut order: Vec<usize> = roots
        .iter()
        .copied()
        .filter(|&r| indegree[r] == 0)
        .collect();
    let mut k = 0;
    while k < order.len() {
        let r = order[k];
        k += 1;
        for &(b, _) in &right[r] {
            indegree[b] -= 1;
            if indegree[b] == 0 {
                order.push(b);
            }
        }
    }
    let mut xs = vec![0.0f32; m];
    for &r in &order {
        xs[r] = left[r]
            .iter()
            .map(|&(a, need)| xs[a] + need)
            .fold(0.0f32, f32::max);
    }
    for &r in order.iter().rev() {
        let room = right[r]
            .iter()
            .map(|&(b, need)| xs[b] - need)
            .fold(f32::MAX, f32::min);
        if room < f32::MAX {
            xs[r] = xs[r].max(room);
        }
    }
    (0..m).map(|s| xs[root[s]]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parent_sits_over_the_middle_of_its_children_and_a_long_edge_runs_straight() {
        // Row 0: parent 0 and node 4; row 1: children 1, 2, 3 and dummy 5; row 2: node 6,
        // the long edge 4 -> 5 -> 6.
        let rows = vec![vec![0, 4], vec![1, 2, 3, 5], vec![6]];
        let mut up = vec![Vec::new(); 7];
        let mut down = vec![Vec::new(); 7];
        for (a, b) in [(0, 1), (0, 2), (0, 3), (4, 5), (5, 6)] {
            down[a].push(b);
            up[b].push(a);
        }
        let dummy = [false, false, false, false, false, true, false];
        let half = [20.0; 7];
        let x = coordinates(&Layered {
            rows: &rows,
            up: &up,
            down: &down,
            dummy: &dummy,
            half_width: &half,
            padding: 10.0,
        });
        assert!(
            (x[0] - x[2]).abs() < 1e-3,
            "parent over the middle child: {x:?}"
        );
        assert!(
            (x[4] - x[5]).abs() < 1e-3 && (x[5] - x[6]).abs() < 1e-3,
            "{x:?}"
        );
        for row in &rows {
            for w in row.windows(2) {
                assert!(
                    x[w[1]] - x[w[0]] >= 50.0 - 1e-3,
                    "order and room kept: {x:?}"
                );
            }
        }
    }
}
