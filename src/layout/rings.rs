//! Layouts that place nodes on rings and rows: radial (around one node, by hops), circular
//! (grouped around one circle) and grid (grouped in rows). Each leaves room for the nodes'
//! footprints and ends with the PRISM pass ([`super::tidy`]), so no two names overlap.

use std::f32::consts::TAU;

use super::Footprint;

/// Breadth-first hops from `root` over `links`, and each reached node's parent in the
/// breadth-first tree (neighbours visited in index order, so the tree is the same every time).
fn hops(
    n: usize,
    links: &[(usize, usize)],
    root: usize,
) -> (Vec<Option<usize>>, Vec<Option<usize>>) {
    let adj = super::adjacency(n, links);
    let mut depth = vec![None; n];
    let mut parent = vec![None; n];
    if root >= n {
        return (depth, parent);
    }
    depth[root] = Some(0);
    let mut queue = vec![root];
    let mut k = 0;
    while k < queue.len() {
        let u = queue[k];
        k += 1;
        for &v in &adj[u] {
            if depth[v].is_none() {
                depth[v] = depth[u].map(|d| d + 1);
                parent[v] = Some(u);
                queue.push(v);
            }
        }
    }
    (depth, parent)
}

/// How far apart rings or rows must be for names under nodes not to reach the next one.
fn row_gap(footprints: &[Footprint], padding: f32, link_length: f32) -> f32 {
    let tallest = footprints
        .iter()
        .map(|f| f.above + f.below)
        .fold(0.0f32, f32::max);
    (tallest + padding).max(link_length)
}

fn width_of(footprints: &[Footprint], i: usize, padding: f32) -> f32 {
    footprints.get(i).map_or(24.0, |f| 2.0 * f.half_width) + padding
}

/// Nodes on rings around `root`: one ring per hop, each node inside the wedge of its parent in
/// the breadth-first tree (wedges as wide as the leaves below them, so subtrees do not
/// interleave), rings far enough apart and large enough for the names on them. Nodes `root`
/// does not reach go on a last ring.
pub fn radial(
    n: usize,
    links: &[(usize, usize)],
    root: usize,
    footprints: &[Footprint],
    link_length: f32,
    padding: f32,
) -> Vec<[f32; 2]> {
    let (depth, parent) = hops(n, links, root);
    let deepest = depth.iter().flatten().copied().max().unwrap_or(0);
    // The unreached: one ring further out, as children of the root.
    let depth: Vec<usize> = depth.iter().map(|d| d.unwrap_or(deepest + 1)).collect();
    let parent: Vec<Option<usize>> = (0..n)
        .map(|i| {
            if i == root {
                None
            } else {
                parent[i].or(Some(root))
            }
        })
        .collect();
    let mut children = vec![Vec::new(); n];
    for (i, p) in parent.iter().enumerate() {
        if let Some(p) = *p {
            children[p].push(i);
        }
    }
    // Leaves below each node, deepest first.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(depth[i]));
    let mut leaves = vec![1.0f32; n];
    for &i in &order {
        if !children[i].is_empty() {
            leaves[i] = children[i].iter().map(|&c| leaves[c]).sum();
        }
    }
    // Wedges, from the root outwards.
    let mut angle = vec![0.0f32; n];
    let mut wedge = vec![(0.0f32, TAU); n];
    order.reverse();
    for &i in &order {
        let (start, end) = wedge[i];
        let total: f32 = children[i].iter().map(|&c| leaves[c]).sum();
        let mut at = start;
        for &c in &children[i] {
            let share = (end - start) * leaves[c] / total.max(1.0);
            wedge[c] = (at, at + share);
            angle[c] = at + share / 2.0;
            at += share;
        }
    }
    // Ring radii: a hop apart at least, and long enough for the names on them.
    let gap = row_gap(footprints, padding, link_length);
    let rings = depth.iter().copied().max().unwrap_or(0);
    let mut radius = vec![0.0f32; rings + 1];
    for k in 1..=rings {
        let around: f32 = (0..n)
            .filter(|&i| depth[i] == k)
            .map(|i| width_of(footprints, i, padding))
            .sum();
        radius[k] = (radius[k - 1] + gap).max(around / TAU);
    }
    let mut out: Vec<[f32; 2]> = (0..n)
        .map(|i| {
            let r = radius[depth[i]];
            // Angle 0 points up, so the first subtree starts at the top.
            [r * angle[i].sin(), -r * angle[i].cos()]
        })
        .collect();
    super::tidy::remove_overlaps(&mut out, footprints, &only(root, n), padding);
    out
}

/// A pin mask with only `root` pinned: the centre stays at the centre while names make room.
fn only(root: usize, n: usize) -> Vec<bool> {
    (0..n).map(|i| i == root).collect()
}

/// Nodes around one circle in `order` (group by group, a gap between groups), the circle
/// large enough for every name.
pub fn circular(
    order: &[usize],
    groups: &[usize],
    footprints: &[Footprint],
    link_length: f32,
    padding: f32,
) -> Vec<[f32; 2]> {
    let n = order.len();
    let mut out = vec![[0.0f32; 2]; n];
    if n == 0 {
        return out;
    }
    // Each node's share of the circumference: its width, and a node's width more where a new
    // group begins.
    let gap_width = width_of(footprints, order[0], padding);
    let mut arcs = Vec::with_capacity(n);
    let mut gaps = Vec::with_capacity(n);
    for (k, &i) in order.iter().enumerate() {
        let new_group = k > 0 && groups.get(i) != groups.get(order[k - 1]);
        arcs.push(width_of(footprints, i, padding));
        gaps.push(if new_group { gap_width } else { 0.0 });
    }
    // The last group is apart from the first too, if there are several.
    let wrap = if gaps.iter().any(|&g| g > 0.0) {
        gap_width
    } else {
        0.0
    };
    let arc_sum: f32 = arcs.iter().sum::<f32>() + gaps.iter().sum::<f32>() + wrap;
    let mut total: f32 = arc_sum.max(link_length * n as f32 / 2.0);
    // Names side by side at the top and bottom, stacked at the sides: the circle grows until
    // none overlap (the last resort, PRISM, would bend it).
    for _ in 0..40 {
        let radius = total / TAU;
        let mut at = 0.0f32;
        for (k, &i) in order.iter().enumerate() {
            at += gaps[k] + arcs[k] / 2.0;
            let a = at / arc_sum * TAU;
            out[i] = [radius * a.sin(), -radius * a.cos()];
            at += arcs[k] / 2.0;
        }
        if n < 2 || super::tidy::overlapping_pairs(&out, footprints, padding).is_empty() {
            return out;
        }
        total *= 1.08;
    }
    super::tidy::remove_overlaps(&mut out, footprints, &[], padding);
    out
}

/// Nodes in rows, in `order`, in cells as large as the largest footprint; about as wide as a
/// 16:10 screen.
pub fn grid(
    order: &[usize],
    footprints: &[Footprint],
    link_length: f32,
    padding: f32,
) -> Vec<[f32; 2]> {
    let n = order.len();
    let mut out = vec![[0.0f32; 2]; n];
    if n == 0 {
        return out;
    }
    let cell_w = footprints
        .iter()
        .map(|f| 2.0 * f.half_width + padding)
        .fold(link_length * 0.75, f32::max);
    let cell_h = row_gap(footprints, padding, link_length * 0.75);
    let columns = ((n as f32 * cell_h / cell_w * 1.6).sqrt().ceil() as usize).clamp(1, n);
    for (k, &i) in order.iter().enumerate() {
        out[i] = [(k % columns) as f32 * cell_w, (k / columns) as f32 * cell_h];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fp(n: usize) -> Vec<Footprint> {
        vec![
            Footprint {
                half_width: 40.0,
                above: 12.0,
                below: 34.0,
            };
            n
        ]
    }

    fn dist(a: [f32; 2], b: [f32; 2]) -> f32 {
        ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
    }

    #[test]
    fn radial_rings_grow_with_hops_and_unreached_nodes_go_outside() {
        // A star of 6 around 0, each with two leaves, and a node 19 on its own.
        let mut links = Vec::new();
        for k in 1..=6 {
            links.push((0, k));
            links.push((k, 6 + 2 * k - 1));
            links.push((k, 6 + 2 * k));
        }
        let n = 20;
        let p = radial(n, &links, 0, &fp(n), 90.0, 6.0);
        assert_eq!(p[0], [0.0, 0.0]);
        let r1: Vec<f32> = (1..=6).map(|i| dist(p[i], p[0])).collect();
        let r2: Vec<f32> = (7..=18).map(|i| dist(p[i], p[0])).collect();
        let far = dist(p[19], p[0]);
        let max1 = r1.iter().copied().fold(0.0, f32::max);
        let min2 = r2.iter().copied().fold(f32::MAX, f32::min);
        let max2 = r2.iter().copied().fold(0.0, f32::max);
        assert!(max1 < min2, "ring 1 {r1:?} inside ring 2 {r2:?}");
        assert!(max2 < far);
        assert!(super::super::tidy::overlapping_pairs(&p, &fp(n), 6.0).is_empty());
    }

    #[test]
    fn a_circle_keeps_its_order_and_groups_together() {
        let order: Vec<usize> = (0..12).collect();
        let groups: Vec<usize> = (0..12).map(|i| i / 4).collect();
        let p = circular(&order, &groups, &fp(12), 90.0, 6.0);
        let angle = |q: [f32; 2]| q[0].atan2(-q[1]).rem_euclid(TAU);
        for w in order.windows(2) {
            assert!(angle(p[w[0]]) < angle(p[w[1]]), "{w:?}");
        }
        let r: Vec<f32> = p.iter().map(|&q| dist(q, [0.0, 0.0])).collect();
        assert!(
            r.iter().all(|x| (x - r[0]).abs() < 1.0),
            "one circle: {r:?}"
        );
        // The gap between groups is wider than within one.
        let step = |a: usize, b: usize| dist(p[a], p[b]);
        assert!(step(3, 4) > step(2, 3) * 1.5);
    }

    #[test]
    fn grid_rows_are_straight_and_cells_do_not_overlap() {
        let order: Vec<usize> = (0..30).rev().collect();
        let p = grid(&order, &fp(30), 90.0, 6.0);
        let ys: std::collections::BTreeSet<i32> = p.iter().map(|q| q[1] as i32).collect();
        let xs: std::collections::BTreeSet<i32> = p.iter().map(|q| q[0] as i32).collect();
        assert!(ys.len() * xs.len() >= 30);
        assert!(
            ys.len() < 30 && xs.len() < 30,
            "rows and columns, not a line"
        );
        // The order runs along rows.
        assert!(p[29][1] == p[28][1] && p[29][0] < p[28][0]);
        assert!(super::super::tidy::overlapping_pairs(&p, &fp(30), 6.0).is_empty());
    }
}
