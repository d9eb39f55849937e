//! The hierarchical layout (Sugiyama, Tagawa and Toda, 1981): who leads whom, who belongs to
//! what, parents over children.
//!
//! 1. Cycles are broken by turning back the edges a depth-first search finds going back.
//! 2. Layers: each node one below its lowest parent (longest path); a node with children only
//!    then moves down to just above its highest child, so no edge is longer than it must be.
//! 3. Edges spanning several layers get a dummy node on each layer between, so they can run
//!    straight and be counted in crossings.
//! 4. Order within layers: barycentre sweeps down and up, keeping the order with the fewest
//!    crossings seen.
//! 5. Coordinates by Brandes and Köpf's method ([`super::brandes_kopf`]): four alignments of
//!    nodes with their median neighbours, long edges first, each compacted with room for
//!    every footprint, balanced: long edges straight, parents over their children.
//!
//! Nodes in no hierarchical edge hang one layer under their other neighbours; once layers are
//! set, every relation between layers is drawn and ordered as the hierarchy's are.

use super::{Footprint, brandes_kopf};

/// A node of the proper layered graph: an input node or a dummy on a long edge.
#[derive(Debug, Clone)]
struct Slot {
    /// The input node, or `None` for a dummy.
    node: Option<usize>,
    half_width: f32,
    up: Vec<usize>,
    down: Vec<usize>,
}

/// Breaks cycles in `edges` (upper, lower) by turning back the edges a depth-first search
/// finds going back; returns the edges of the acyclic graph.
fn acyclic(n: usize, edges: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut out_edges = vec![Vec::new(); n];
    for &(a, b) in edges {
        if a < n && b < n && a != b {
            out_edges[a].push(b);
        }
    }
    for l in &mut out_edges {
        l.sort_unstable();
        l.dedup();
    }
    // 0 unseen, 1 on the stack, 2 done.
    let mut state = vec![0u8; n];
    let mut result = Vec::new();
    for start in 0..n {
        if state[start] != 0 {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        state[start] = 1;
        while let Some(&mut (u, ref mut k)) = stack.last_mut() {
            if let Some(&v) = out_edges[u].get(*k) {
                *k += 1;
                match state[v] {
                    0 => {
                        result.push((u, v));
                        state[v] = 1;
                        stack.push((v, 0));
                    }
                    1 => result.push((v, u)),
                    _ => result.push((u, v)),
                }
            } else {
                state[u] = 2;
                stack.pop();
            }
        }
    }
    result.sort_unstable();
    result.dedup();
    result
}

/// Each node's layer (0 at the top), or `None` for nodes in no edge.
fn layers(n: usize, edges: &[(usize, usize)]) -> Vec<Option<usize>> {
    let mut parents = vec![Vec::new(); n];
    let mut children = vec![Vec::new(); n];
    for &(a, b) in edges {
        parents[b].push(a);
        children[a].push(b);
    }
    // Kahn's order.
    let mut indegree: Vec<usize> = parents.iter().map(Vec::len).collect();
    let mut queue: Vec<usize> = (0..n).filter(|&i| indegree[i] == 0).collect();
    let mut k = 0;
    while k < queue.len() {
        let u = queue[k];
        k += 1;
        for &v in &children[u] {
            indegree[v] -= 1;
            if indegree[v] == 0 {
                queue.push(v);
            }
        }
    }
    let mut layer = vec![0usize; n];
    for &u in &queue {
        for &v in &children[u] {
            layer[v] = layer[v].max(layer[u] + 1);
        }
    }
    // Sources move down to just above their highest child.
    for &u in queue.iter().rev() {
        if parents[u].is_empty()
            && let Some(top) = children[u].iter().map(|&c| layer[c]).min()
        {
            layer[u] = top.saturating_sub(1);
        }
    }
    (0..n)
        .map(|i| (!parents[i].is_empty() || !children[i].is_empty()).then_some(layer[i]))
        .collect()
}

/// Crossings between two layers' edges, given each slot's place in its layer.
fn crossings(upper: &[usize], slots: &[Slot], place: &[usize]) -> usize {
    let mut ends: Vec<(usize, usize)> = Vec::new();
    for &u in upper {
        for &d in &slots[u].down {
            ends.push((place[u], place[d]));
        }
    }
    ends.sort_unstable();
    let mut count = 0;
    for i in 0..ends.len() {
        for j in i + 1..ends.len() {
            if ends[i].0 < ends[j].0 && ends[i].1 > ends[j].1 {
                count += 1;
            }
        }
    }
    count
}

fn median(values: &mut [f32]) -> Option<f32> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f32::total_cmp);
    let m = values.len() / 2;
    Some(if values.len() % 2 == 1 {
        values[m]
    } else {
        (values[m - 1] + values[m]) / 2.0
    })
}

/// A layered drawing of `n` nodes: `hierarchy` are (upper, lower) pairs, `links` every
/// relation (they place nodes outside the hierarchy); layers `layer_gap` apart at least.
pub fn layered(
    n: usize,
    hierarchy: &[(usize, usize)],
    links: &[(usize, usize)],
    footprints: &[Footprint],
    layer_gap: f32,
    padding: f32,
) -> Vec<[f32; 2]> {
    layered_in_blocks(n, hierarchy, links, &[], footprints, layer_gap, padding)
}

/// [`layered`], with the nodes of each block (a map's group, by node; `None` outside any)
/// side by side in every row, as yEd keeps a group's members together in a hierarchy.
pub fn layered_in_blocks(
    n: usize,
    hierarchy: &[(usize, usize)],
    links: &[(usize, usize)],
    blocks: &[Option<usize>],
    footprints: &[Footprint],
    layer_gap: f32,
    padding: f32,
) -> Vec<[f32; 2]> {
    let edges = acyclic(n, hierarchy);
    let mut layer = layers(n, &edges);
    // Nodes outside the hierarchy hang one layer under their placed neighbours (the median of
    // their layers), so their relations run between layers rather than along a row through
    // other entities; a part of the map with no hierarchy at all hangs from its first entity;
    // entities with no relation at all go in a last row.
    let mut neighbours = vec![Vec::new(); n];
    for &(a, b) in links {
        if a < n && b < n && a != b {
            neighbours[a].push(b);
            neighbours[b].push(a);
        }
    }
    loop {
        let mut placed_any = false;
        for i in 0..n {
            if layer[i].is_some() {
                continue;
            }
            let mut near: Vec<f32> = neighbours[i]
                .iter()
                .filter_map(|&j| layer[j].map(|l| l as f32))
                .collect();
            if let Some(m) = median(&mut near) {
                layer[i] = Some(m.round() as usize + 1);
                placed_any = true;
            }
        }
        if !placed_any {
            // A part without hierarchy: its first entity starts it at the top.
            match (0..n).find(|&i| layer[i].is_none() && !neighbours[i].is_empty()) {
                Some(i) => layer[i] = Some(0),
                None => break,
            }
        }
    }
    let last = layer.iter().flatten().copied().max().map_or(0, |d| d + 1);
    let layer: Vec<usize> = layer.into_iter().map(|l| l.unwrap_or(last)).collect();
    let count = layer.iter().copied().max().unwrap_or(0) + 1;
    // Every relation between layers is an edge of the layered drawing, top to bottom; the
    // hierarchy decided the layers.
    let mut edges: Vec<(usize, usize)> = links
        .iter()
        .filter(|&&(a, b)| a < n && b < n && layer[a] != layer[b])
        .map(|&(a, b)| if layer[a] < layer[b] { (a, b) } else { (b, a) })
        .collect();
    edges.sort_unstable();
    edges.dedup();

    // The proper graph: input nodes, then dummies.
    let half = |i: usize| footprints.get(i).map_or(12.0, |f| f.half_width);
    let mut slots: Vec<Slot> = (0..n)
        .map(|i| Slot {
            node: Some(i),
            half_width: half(i),
            up: Vec::new(),
            down: Vec::new(),
        })
        .collect();
    let mut slot_layer = layer.clone();
    for &(a, b) in &edges {
        let mut prev = a;
        for l in layer[a] + 1..layer[b] {
            slots.push(Slot {
                node: None,
                half_width: 2.0,
                up: vec![prev],
                down: Vec::new(),
            });
            let d = slots.len() - 1;
            slot_layer.push(l);
            slots[prev].down.push(d);
            prev = d;
        }
        if layer[b] > layer[a] {
            slots[prev].down.push(b);
            slots[b].up.push(prev);
        }
    }
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (s, &l) in slot_layer.iter().enumerate() {
        rows[l].push(s);
    }
    let mut place = vec![0usize; slots.len()];
    let renumber = |rows: &[Vec<usize>], place: &mut [usize]| {
        for row in rows {
            for (k, &s) in row.iter().enumerate() {
                place[s] = k;
            }
        }
    };
    renumber(&rows, &mut place);
    let total = |rows: &[Vec<usize>], place: &[usize]| -> usize {
        rows.windows(2)
            .map(|w| crossings(&w[0], &slots, place))
            .sum()
    };
    let mut best = (total(&rows, &place), rows.clone());
    for sweep in 0..24 {
        let down = sweep % 2 == 0;
        let order: Vec<usize> = if down {
            (1..count).collect()
        } else {
            (0..count.saturating_sub(1)).rev().collect()
        };
        for l in order {
            let mut keyed: Vec<(f32, usize, usize)> = rows[l]
                .iter()
                .enumerate()
                .map(|(k, &s)| {
                    let across = if down { &slots[s].up } else { &slots[s].down };
                    let key = if across.is_empty() {
                        k as f32
                    } else {
                        across.iter().map(|&t| place[t] as f32).sum::<f32>() / across.len() as f32
                    };
                    (key, k, s)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            rows[l] = keyed.into_iter().map(|x| x.2).collect();
            for (k, &s) in rows[l].iter().enumerate() {
                place[s] = k;
            }
        }
        let c = total(&rows, &place);
        if c < best.0 {
            best = (c, rows.clone());
        }
    }
    let mut rows = best.1;
    if blocks.iter().any(Option::is_some) {
        let block = |s: usize| slots[s].node.and_then(|i| blocks.get(i).copied().flatten());
        for row in &mut rows {
            keep_blocks_together(row, &block);
        }
    }
    renumber(&rows, &mut place);

    // Coordinates by Brandes and Köpf: long edges straight, parents over their children.
    let up: Vec<Vec<usize>> = slots.iter().map(|s| s.up.clone()).collect();
    let down: Vec<Vec<usize>> = slots.iter().map(|s| s.down.clone()).collect();
    let dummy: Vec<bool> = slots.iter().map(|s| s.node.is_none()).collect();
    let half_width: Vec<f32> = slots.iter().map(|s| s.half_width).collect();
    let x = brandes_kopf::coordinates(&brandes_kopf::Layered {
        rows: &rows,
        up: &up,
        down: &down,
        dummy: &dummy,
        half_width: &half_width,
        padding,
    });
    // Rows far enough apart for the names under them.
    let tallest = footprints
        .iter()
        .map(|f| f.above + f.below)
        .fold(0.0f32, f32::max);
    let step = layer_gap.max(tallest + padding * 2.0);
    (0..n).map(|i| [x[i], layer[i] as f32 * step]).collect()
}

/// Reorders `row` so each block's nodes sit side by side, where the block's first node was,
/// in their order; nodes outside blocks keep their order around them.
fn keep_blocks_together(row: &mut Vec<usize>, block: &dyn Fn(usize) -> Option<usize>) {
    let mut out = Vec::with_capacity(row.len());
    let mut done: Vec<usize> = Vec::new();
    for &s in row.iter() {
        match block(s) {
            None => out.push(s),
            Some(b) if done.contains(&b) => {}
            Some(b) => {
                done.push(b);
                out.extend(row.iter().copied().filter(|&t| block(t) == Some(b)));
            }
        }
    }
    *row = out;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fp(n: usize) -> Vec<Footprint> {
        vec![
            Footprint {
                half_width: 30.0,
                above: 12.0,
                below: 30.0,
            };
            n
        ]
    }

    #[test]
    fn a_groups_members_sit_side_by_side_in_each_row() {
        // A root over five children; children 1, 3 and 5 form a group.
        let edges: Vec<(usize, usize)> = (1..6).map(|c| (0, c)).collect();
        let blocks = [None, Some(0), None, Some(0), None, Some(0)];
        let p = layered_in_blocks(6, &edges, &edges, &blocks, &fp(6), 90.0, 6.0);
        let mut row: Vec<usize> = (1..6).collect();
        row.sort_by(|&a, &b| p[a][0].total_cmp(&p[b][0]));
        let at: Vec<usize> = [1, 3, 5]
            .iter()
            .map(|m| row.iter().position(|r| r == m).unwrap())
            .collect();
        assert_eq!(at[2] - at[0], 2, "members {at:?} in row {row:?}");
    }

    #[test]
    fn a_trees_depth_grows_downwards_and_no_edge_crosses_another() {
        // A binary tree of depth 4 (31 nodes), parent k over 2k+1 and 2k+2.
        let edges: Vec<(usize, usize)> = (0..15)
            .flat_map(|k| [(k, 2 * k + 1), (k, 2 * k + 2)])
            .collect();
        let p = layered(31, &edges, &edges, &fp(31), 90.0, 6.0);
        for &(a, b) in &edges {
            assert!(p[a][1] < p[b][1], "{a} above {b}");
        }
        // Each parent centred over its children.
        for k in 0..15 {
            let mid = (p[2 * k + 1][0] + p[2 * k + 2][0]) / 2.0;
            assert!((p[k][0] - mid).abs() < 1.0, "{k} at {} over {mid}", p[k][0]);
        }
        // No two nodes of a layer overlap.
        assert!(super::super::tidy::overlapping_pairs(&p, &fp(31), 6.0).is_empty());
    }

    #[test]
    fn cycles_are_broken_and_long_edges_run_straight() {
        // 0 → 1 → 2 → 3 → 0 (a cycle), and 0 → 3 directly: a long edge.
        let edges = [(0, 1), (1, 2), (2, 3), (3, 0), (0, 3)];
        let p = layered(4, &edges, &edges, &fp(4), 90.0, 6.0);
        let ys: Vec<f32> = p.iter().map(|q| q[1]).collect();
        let mut sorted = ys.clone();
        sorted.sort_by(f32::total_cmp);
        sorted.dedup();
        assert_eq!(sorted.len(), 4, "four layers: {ys:?}");
        assert!(ys[0] < ys[1] && ys[1] < ys[2] && ys[2] < ys[3]);
    }

    #[test]
    fn nodes_outside_the_hierarchy_hang_under_their_neighbours() {
        // 0 over 1 and 2; 3 is only linked (not hierarchically) to 2; 4 to nothing.
        let hierarchy = [(0, 1), (0, 2)];
        let links = [(0, 1), (0, 2), (2, 3)];
        let p = layered(5, &hierarchy, &links, &fp(5), 90.0, 6.0);
        assert!(p[3][1] > p[2][1], "one layer under its neighbour");
        assert!((p[3][0] - p[2][0]).abs() < 70.0, "about under it: {p:?}");
        assert!(p[4][1] > p[3][1], "the unlinked go in a last row");
    }

    #[test]
    fn random_hierarchies_keep_every_row_apart_and_every_edge_downwards() {
        for seed in 0..40u64 {
            let mut state = seed;
            let mut next = |below: usize| {
                state = super::super::splitmix64(state);
                (state % below as u64) as usize
            };
            let n = 10 + next(50);
            let hierarchy: Vec<(usize, usize)> = (0..n * 3 / 2)
                .map(|_| (next(n), next(n)))
                .filter(|(a, b)| a != b)
                .collect();
            let mut links = hierarchy.clone();
            links.extend((0..n / 3).map(|_| (next(n), next(n))));
            let widths: Vec<Footprint> = (0..n)
                .map(|i| Footprint {
                    half_width: 10.0 + (i % 7) as f32 * 12.0,
                    above: 12.0,
                    below: 30.0,
                })
                .collect();
            let p = layered(n, &hierarchy, &links, &widths, 90.0, 6.0);
            assert!(p.iter().all(|q| q[0].is_finite() && q[1].is_finite()));
            let left = super::super::tidy::overlapping_pairs(&p, &widths, 6.0);
            assert!(left.is_empty(), "seed {seed}: {left:?}");
            assert_eq!(p, layered(n, &hierarchy, &links, &widths, 90.0, 6.0));
        }
    }
}
