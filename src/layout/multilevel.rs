//! Multilevel stress for large parts of a map, in the manner of sfdp and FM³ (Hu, "Efficient
//! and high quality force-directed graph drawing", 2005; Hachul and Jünger, 2004): coarsen the
//! graph level by level, lay out the coarsest, then carry the drawing down one level at a
//! time and refine it there.
//!
//! - **Coarsening** by matching: in a seeded order, each node is paired with its lightest
//!   unpaired neighbour (the one standing for the fewest nodes), so coarse nodes stay
//!   balanced; a node left unpaired joins its lightest neighbouring pair, so stars and trees
//!   shrink too. It stops at [`COARSEST`] nodes, or when a level no longer shrinks by a fifth.
//! - **The coarsest level** is laid out by sparse stress from scratch ([`super::sparse`]; at
//!   that size every node is a pivot, so it is the full stress).
//! - **Refinement**: each node starts where its coarse node was, a little apart from its
//!   partner; the drawing is scaled to the finer level's distances (the scale that fits its
//!   stress terms best) and refined by a short, warm descent of sparse stress with
//!   [`REFINE_PIVOTS`] pivots. The coarse levels fix the drawing's overall shape, so each level
//!   only has to settle the detail its nodes add: fewer pivots and passes than a cold sparse
//!   stress needs.
//!
//! Seeded and deterministic. Fixed nodes have no place on the coarse levels, so a part with a
//! fixed node is laid out by sparse stress instead.

use super::sparse::{self, Near, Terms};
use super::splitmix64;

/// Coarsening stops at this many nodes.
pub(super) const COARSEST: usize = 400;
/// A level must have at most this fraction of the nodes of the level below, or coarsening
/// stops (a graph that matching cannot shrink further).
const SHRINK: f32 = 0.8;
/// Pivots at each refinement level.
const REFINE_PIVOTS: usize = 80;
/// Passes at each refinement level.
const REFINE_ITERATIONS: usize = 12;

/// One coarser level: its adjacency, and for each node of the level below it (the part itself
/// for the first) the coarse node that node became.
struct Level {
    adj: Vec<Vec<u32>>,
    parent: Vec<u32>,
}

/// A connected part (`adj` in local indices) laid out by multilevel stress; `fixed` nodes keep
/// their place in `start` (the part is then laid out by sparse stress, see the module's doc).
pub(super) fn component(
    adj: &[Vec<u32>],
    start: Vec<[f32; 2]>,
    fixed: &[bool],
    link_length: f32,
    seed: u64,
) -> Vec<[f32; 2]> {
    if adj.len() <= COARSEST || fixed.iter().any(|&f| f) {
        return sparse::component(adj, start, fixed, link_length, Near::Sampled, seed);
    }
    let levels = hierarchy(adj, seed);
    let coarsest = levels.last().map_or(adj, |l| l.adj.as_slice());
    // The coarsest level is small: lay it out from a seeded scatter.
    let mut state = seed ^ 0xc0a5;
    let spread = link_length * (coarsest.len() as f32).sqrt();
    let scatter: Vec<[f32; 2]> = (0..coarsest.len())
        .map(|_| [unit(&mut state) * spread, unit(&mut state) * spread])
        .collect();
    let none = vec![false; coarsest.len()];
    let mut pos = sparse::component(coarsest, scatter, &none, link_length, Near::Sampled, seed);
    // Down the levels: each level's nodes start at their coarse node and are refined.
    for (depth, level) in levels.iter().enumerate().rev() {
        let fine: &[Vec<u32>] = if depth == 0 {
            adj
        } else {
            &levels[depth - 1].adj
        };
        let jitter = 0.25 * link_length;
        let mut next: Vec<[f32; 2]> = level
            .parent
            .iter()
            .map(|&c| {
                let at = pos[c as usize];
                [
                    at[0] + unit(&mut state) * jitter,
                    at[1] + unit(&mut state) * jitter,
                ]
            })
            .collect();
        let level_seed = seed.wrapping_add(depth as u64 + 1);
        let mut terms = sparse::terms(fine, REFINE_PIVOTS, Near::Sampled, level_seed);
        fit_scale(&terms, &mut next, link_length);
        let free = vec![false; fine.len()];
        // Warm: links move all the way, longer terms only part of it, so the coarse shape
        // holds while the detail settles.
        let warm = 1.0;
        sparse::descend(
            &mut terms,
            &mut next,
            &free,
            link_length,
            warm,
            REFINE_ITERATIONS,
            level_seed,
        );
        pos = next;
    }
    pos
}

/// The levels above `adj`, each coarser than the last; empty if `adj` cannot shrink.
fn hierarchy(adj: &[Vec<u32>], seed: u64) -> Vec<Level> {
    let mut levels: Vec<Level> = Vec::new();
    let mut weight = vec![1u32; adj.len()];
    let mut state = seed ^ 0x1e7e1;
    loop {
        let current: &[Vec<u32>] = levels.last().map_or(adj, |l| l.adj.as_slice());
        if current.len() <= COARSEST {
            break;
        }
        let (parent, count) = matching(current, &weight, &mut state);
        if count as f32 > SHRINK * current.len() as f32 {
            break;
        }
        let mut coarse: Vec<Vec<u32>> = vec![Vec::new(); count];
        let mut coarse_weight = vec![0u32; count];
        for (u, near) in current.iter().enumerate() {
            let cu = parent[u];
            coarse_weight[cu as usize] += weight[u];
            for &v in near {
                let cv = parent[v as usize];
                if cu != cv {
                    coarse[cu as usize].push(cv);
                }
            }
        }
        for near in &mut coarse {
            near.sort_unstable();
            near.dedup();
        }
        weight = coarse_weight;
        levels.push(Level {
            adj: coarse,
            parent,
        });
    }
    levels
}

/// A coarse node for each node of `adj`, and how many coarse nodes there are.
fn matching(adj: &[Vec<u32>], weight: &[u32], state: &mut u64) -> (Vec<u32>, usize) {
    let n = adj.len();
    let mut order: Vec<u32> = (0..n as u32).collect();
    for i in (1..n).rev() {
        *state = splitmix64(*state);
        order.swap(i, (*state % (i as u64 + 1)) as usize);
    }
    const NONE: u32 = u32::MAX;
    let mut parent = vec![NONE; n];
    let mut group_weight: Vec<u32> = Vec::new();
    for &u in &order {
        let u = u as usize;
        if parent[u] != NONE {
            continue;
        }
        let partner = adj[u]
            .iter()
            .copied()
            .filter(|&v| parent[v as usize] == NONE && v as usize != u)
            .min_by_key(|&v| (weight[v as usize], v));
        if let Some(v) = partner {
            let g = group_weight.len() as u32;
            parent[u] = g;
            parent[v as usize] = g;
            group_weight.push(weight[u] + weight[v as usize]);
        }
    }
    // Nodes whose neighbours were all taken join the lightest neighbouring group.
    for &u in &order {
        let u = u as usize;
        if parent[u] != NONE {
            continue;
        }
        let joined = adj[u]
            .iter()
            .map(|&v| parent[v as usize])
            .filter(|&g| g != NONE)
            .min_by_key(|&g| (group_weight[g as usize], g));
        let g = match joined {
            Some(g) => g,
            None => {
                group_weight.push(0);
                group_weight.len() as u32 - 1
            }
        };
        parent[u] = g;
        group_weight[g as usize] += weight[u];
    }
    (parent, group_weight.len())
}

/// Scales `pos` about its centre by the factor that fits the terms' target distances best
/// (least squares, weighted as the stress is), so a coarse drawing starts at the finer level's
/// scale.
fn fit_scale(terms: &Terms, pos: &mut [[f32; 2]], link_length: f32) {
    let (mut num, mut den) = (0.0f64, 0.0f64);
    for t in &terms.list {
        let (a, b) = (pos[t.v as usize], pos[t.from as usize]);
        let len = f64::from((a[0] - b[0]).hypot(a[1] - b[1]));
        let w = f64::from(t.w);
        num += w * f64::from(t.d * link_length) * len;
        den += w * len * len;
    }
    if den <= 0.0 || !num.is_finite() {
        return;
    }
    let s = (num / den) as f32;
    let n = pos.len().max(1) as f32;
    let c = pos
        .iter()
        .fold([0.0f32; 2], |c, p| [c[0] + p[0], c[1] + p[1]]);
    let c = [c[0] / n, c[1] / n];
    for p in pos.iter_mut() {
        *p = [c[0] + (p[0] - c[0]) * s, c[1] + (p[1] - c[1]) * s];
    }
}

/// A seeded number in [-0.5, 0.5).
fn unit(state: &mut u64) -> f32 {
    *state = splitmix64(*state);
    (*state >> 40) as f32 / (1u64 << 24) as f32 - 0.5
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::sparse::grid;

    fn links(adj: &[Vec<u32>]) -> Vec<(usize, usize)> {
        adj.iter()
            .enumerate()
            .flat_map(|(u, l)| l.iter().map(move |&v| (u, v as usize)))
            .filter(|(u, v)| u < v)
            .collect()
    }

    fn scatter(m: usize) -> Vec<[f32; 2]> {
        let mut state = 11;
        (0..m)
            .map(|_| [unit(&mut state) * 500.0, unit(&mut state) * 500.0])
            .collect()
    }

    #[test]
    fn a_large_grid_comes_out_as_a_grid_through_several_levels() {
        let adj = grid(80);
        let m = adj.len();
        assert!(hierarchy(&adj, 3).len() >= 3, "coarsened level by level");
        let p = component(&adj, scatter(m), &vec![false; m], 10.0, 3);
        let s = super::super::stress::normalised_stress(&p, &links(&adj));
        // sfdp reaches 0.023 on a 100 × 100 grid, neato 0.011.
        assert!(s < 0.02, "normalised stress {s}");
        assert_eq!(p, component(&adj, scatter(m), &vec![false; m], 10.0, 3));
        assert_ne!(p, component(&adj, scatter(m), &vec![false; m], 10.0, 4));
    }

    #[test]
    fn stars_and_trees_shrink_level_by_level() {
        let mut star = vec![Vec::new(); 3000];
        let mut tree = vec![Vec::new(); 3000];
        for i in 1..3000 {
            star[i].push(0);
            star[0].push(i as u32);
            tree[i].push(((i - 1) / 2) as u32);
            tree[(i - 1) / 2].push(i as u32);
        }
        for adj in [star, tree] {
            let m = adj.len();
            let mut state = 1;
            let (parent, count) = matching(&adj, &vec![1; m], &mut state);
            assert!(count * 2 <= m + 1, "{count} of {m}");
            // Every coarse node stands for neighbours: nodes share a parent only if linked.
            for u in 0..m {
                for v in u + 1..m.min(u + 40) {
                    if parent[u] == parent[v] && parent[u] != parent[0] {
                        assert!(
                            adj[u].contains(&(v as u32))
                                || adj[u]
                                    .iter()
                                    .any(|&w| adj[w as usize].contains(&(v as u32))),
                            "{u} and {v}"
                        );
                    }
                }
            }
            let p = component(&adj, scatter(m), &vec![false; m], 10.0, 3);
            assert!(p.iter().all(|q| q[0].is_finite() && q[1].is_finite()));
            let s = super::super::stress::normalised_stress(&p, &links(&adj));
            assert!(s < 0.25, "normalised stress {s}");
        }
    }

    #[test]
    fn a_part_with_a_fixed_node_keeps_it() {
        let adj = grid(25);
        let m = adj.len();
        let mut fixed = vec![false; m];
        fixed[7] = true;
        let mut start = scatter(m);
        start[7] = [1234.0, -55.0];
        let p = component(&adj, start, &fixed, 10.0, 3);
        assert_eq!(p[7], [1234.0, -55.0]);
    }

    #[test]
    fn random_connected_parts_come_out_finite_and_the_same_each_time() {
        for seed in 0..6u64 {
            let mut state = seed;
            let mut next = |below: usize| {
                state = splitmix64(state);
                (state % below as u64) as usize
            };
            let m = 500 + next(1500);
            let mut adj = vec![Vec::new(); m];
            // A chain keeps it connected; random links make it a small world.
            let link = |a: usize, b: usize, adj: &mut Vec<Vec<u32>>| {
                if a != b && !adj[a].contains(&(b as u32)) {
                    adj[a].push(b as u32);
                    adj[b].push(a as u32);
                }
            };
            for i in 1..m {
                link(i - 1, i, &mut adj);
            }
            for _ in 0..m {
                let (a, b) = (next(m), next(m));
                link(a, b, &mut adj);
            }
            let p = component(&adj, scatter(m), &vec![false; m], 10.0, seed);
            assert!(p.iter().all(|q| q[0].is_finite() && q[1].is_finite()));
            assert_eq!(p, component(&adj, scatter(m), &vec![false; m], 10.0, seed));
            let s = super::super::measure::normalised_stress(&p, &links(&adj));
            assert!(s < 0.4, "seed {seed}: normalised stress {s}");
        }
    }
}
