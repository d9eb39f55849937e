//! Sparse stress for large parts of a map (Ortmann, Klimenta and Brandes, "A Sparse Stress
//! Model", 2016), minimised by stochastic gradient descent as in Zheng, Pawar and Goodman.
//!
//! Full stress needs the graph distance of every pair: memory and time that grow with the
//! square of the node count. Here each node keeps only the terms that shape a drawing:
//! - its links, at their length;
//! - the nodes near it: in the drawing a user sees ([`Near::Exact`]), every node up to three
//!   links away at its own distance, where there are at most a hundred or so; otherwise (and
//!   for starts and coarse levels) a dozen nodes two links away, drawn at random through its
//!   neighbours, each weighted for its share of all of them: pivots cannot tell apart the
//!   leaves of one hub, which would otherwise fall on one spot (on a scale-free dependency
//!   graph of 1 700 nodes they took stress from 0.29 to 0.19);
//! - a few hundred *pivots* spread over the graph (each the node farthest from those chosen
//!   before), at their graph distance. A pivot stands for the nodes nearer to it than to any
//!   other pivot (ties drawn at random), so its term is weighted by how many of them lie
//!   within half the distance.
//!
//! Breadth-first searches from the pivots only: time and memory grow with nodes × pivots.

use super::{max_min_pivots, splitmix64};

/// How many pivots at most.
const PIVOTS: usize = 200;
/// Terms each node gets to nodes two links away, drawn at random through its neighbours.
const TWO_HOPS: usize = 12;
/// How far around each node a top-level sparse layout keeps every pair's own term
/// ([`Near::Exact`]), and the most nodes it keeps them for; past that, the sampled nodes two
/// links away. Measured on the 2 000-node geometric graph: sampled 7 % above neato's stress,
/// exact within three links 2 %, with two more links' worth of pivots (400) 5 % in twice the
/// time.
pub(super) const EXACT_HOPS: u32 = 3;
const EXACT_UP_TO: usize = 128;
/// Descent passes, annealed as the full stress layout's.
const ITERATIONS: usize = 30;
/// The smallest step.
const EPSILON: f32 = 0.1;

/// Which terms a node gets to the nodes near it, besides its links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Near {
    /// A dozen nodes two links away, drawn at random through its neighbours: enough for a
    /// start or a coarse level, which finer levels and full stress refine.
    Sampled,
    /// Every node up to this many links away, each at its own distance, where that is at most
    /// [`EXACT_UP_TO`] nodes (else sampled): what a final drawing needs, its pivots placing
    /// only the far nodes.
    Exact(u32),
}

/// A connected part of `m` nodes (`adj` in local indices) laid out by sparse stress from
/// `start`, with `near` terms; `fixed` nodes keep their place.
pub(super) fn component(
    adj: &[Vec<u32>],
    start: Vec<[f32; 2]>,
    fixed: &[bool],
    link_length: f32,
    near: Near,
    seed: u64,
) -> Vec<[f32; 2]> {
    let mut pos = start;
    if adj.len() < 2 {
        return pos;
    }
    let mut terms = terms(adj, PIVOTS, near, seed);
    let eta_max = 1.0 / terms.w_min;
    descend(
        &mut terms,
        &mut pos,
        fixed,
        link_length,
        eta_max,
        ITERATIONS,
        seed,
    );
    pos
}

/// One term of the sparse stress: node `v` is pulled or pushed along the line from node
/// `from` towards distance `d` link lengths, with weight `w`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Term {
    pub v: u32,
    pub from: u32,
    pub d: f32,
    pub w: f32,
}

/// The terms of one part's sparse stress and the range of their weights.
pub(super) struct Terms {
    pub list: Vec<Term>,
    pub w_min: f32,
    pub w_max: f32,
}

/// The sparse stress terms of a connected part: its links, and up to `pivots` max-min pivots
/// at their graph distance, weighted by the nodes each stands for. With as many pivots as
/// nodes, every pair has its own term: the full stress.
pub(super) fn terms(adj: &[Vec<u32>], pivots: usize, near_terms: Near, seed: u64) -> Terms {
    let m = adj.len();
    let mut list: Vec<Term> = Vec::with_capacity(m * (pivots.min(m) + 4));
    for (u, near) in adj.iter().enumerate() {
        for &v in near {
            list.push(Term {
                v: u as u32,
                from: v,
                d: 1.0,
                w: 1.0,
            });
        }
    }
    // Nodes two links apart: pivots cannot tell apart the leaves of one hub (they are as far
    // from every pivot), so without these terms they would all fall on one spot.
    let mut state = seed ^ 0x2_0002;
    let mut around = Around::new(m);
    for (u, near) in adj.iter().enumerate() {
        if near.is_empty() {
            continue;
        }
        if let Near::Exact(hops) = near_terms
            && let Some(ring) = around.within(adj, u, hops, EXACT_UP_TO)
        {
            for &(y, d) in ring {
                if d >= 2 {
                    let d = d as f32;
                    list.push(Term {
                        v: u as u32,
                        from: y,
                        d,
                        w: 1.0 / (d * d),
                    });
                }
            }
            continue;
        }
        // Each sampled term stands for its share of every node two links away.
        let reach: usize = near.iter().map(|&v| adj[v as usize].len() - 1).sum();
        let w = 0.25 * (reach as f32 / TWO_HOPS as f32).max(1.0);
        for _ in 0..TWO_HOPS {
            state = splitmix64(state);
            let via = near[(state % near.len() as u64) as usize] as usize;
            let around = &adj[via];
            state = splitmix64(state);
            let other = around[(state % around.len() as u64) as usize];
            if other as usize != u && !near.contains(&other) {
                list.push(Term {
                    v: u as u32,
                    from: other,
                    d: 2.0,
                    w,
                });
            }
        }
    }
    if m == 0 {
        return Terms {
            list,
            w_min: 1.0,
            w_max: 1.0,
        };
    }
    // Pivots by max-min: each the node farthest from the pivots chosen so far.
    let mut chosen = Vec::with_capacity(pivots.min(m));
    let mut dists: Vec<Vec<u32>> = Vec::with_capacity(pivots.min(m));
    let mut owner = vec![0u32; m];
    let mut ties = vec![0u32; m];
    max_min_pivots(adj, pivots, seed, |p, pivot, d, nearest| {
        for v in 0..m {
            if d[v] < nearest[v] {
                owner[v] = p as u32;
                ties[v] = 1;
            } else if d[v] == nearest[v] {
                // A node as near to several pivots belongs to one of them at random: in a
                // small world most nodes are, and the first pivot would stand for them all.
                ties[v] += 1;
                if splitmix64(seed ^ ((v as u64) << 20) ^ p as u64)
                    .is_multiple_of(u64::from(ties[v]))
                {
                    owner[v] = p as u32;
                }
            }
        }
        chosen.push(pivot);
        dists.push(d.to_vec());
        true
    });
    // Each pivot's region: the distances to it of the nodes it stands for, sorted.
    let mut region: Vec<Vec<u32>> = vec![Vec::new(); chosen.len()];
    for v in 0..m {
        let p = owner[v] as usize;
        region[p].push(dists[p][v]);
    }
    region.iter_mut().for_each(|r| r.sort_unstable());
    for (p, &pivot) in chosen.iter().enumerate() {
        for (v, &d) in dists[p].iter().enumerate() {
            // Links are terms already.
            if v == pivot || d <= 1 || d == u32::MAX {
                continue;
            }
            let within = region[p].partition_point(|&x| 2 * x <= d).max(1);
            let d = d as f32;
            list.push(Term {
                v: v as u32,
                from: pivot as u32,
                d,
                w: within as f32 / (d * d),
            });
        }
    }
    let w_max = list.iter().map(|t| t.w).fold(0.0f32, f32::max).max(1e-6);
    let w_min = list.iter().map(|t| t.w).fold(f32::MAX, f32::min).max(1e-9);
    Terms { list, w_min, w_max }
}

/// A breadth-first search cut short, reused node after node: which nodes lie within a few
/// links of one, and at how many.
struct Around {
    /// The last search that reached each node, so nothing needs clearing between searches.
    seen: Vec<u32>,
    found: Vec<(u32, u32)>,
}

impl Around {
    fn new(m: usize) -> Around {
        Around {
            seen: vec![u32::MAX; m],
            found: Vec::new(),
        }
    }

    /// The nodes within `hops` links of `u` (`u` first, at 0) with their distances, or
    /// `None` when there are more than `most`.
    fn within(
        &mut self,
        adj: &[Vec<u32>],
        u: usize,
        hops: u32,
        most: usize,
    ) -> Option<&[(u32, u32)]> {
        self.found.clear();
        self.found.push((u as u32, 0));
        self.seen[u] = u as u32;
        let mut k = 0;
        while k < self.found.len() {
            let (x, d) = self.found[k];
            k += 1;
            if d == hops {
                continue;
            }
            for &y in &adj[x as usize] {
                if self.seen[y as usize] != u as u32 {
                    self.seen[y as usize] = u as u32;
                    self.found.push((y, d + 1));
                }
            }
            if self.found.len() > most + 1 {
                return None;
            }
        }
        Some(&self.found)
    }
}

/// `iterations` passes of stochastic gradient descent over `terms` in a seeded order, the
/// step annealed from `eta_max` down to the closest pairs' [`EPSILON`]; `fixed` nodes stay.
pub(super) fn descend(
    terms: &mut Terms,
    pos: &mut [[f32; 2]],
    fixed: &[bool],
    link_length: f32,
    eta_max: f32,
    iterations: usize,
    seed: u64,
) {
    let eta_min = (EPSILON / terms.w_max).min(eta_max);
    let lambda = if iterations > 1 {
        (eta_max / eta_min).ln() / (iterations - 1) as f32
    } else {
        0.0
    };
    let list = &mut terms.list;
    let mut state = seed ^ 0x5eed;
    for t in 0..iterations {
        let eta = eta_max * (-lambda * t as f32).exp();
        for i in (1..list.len()).rev() {
            state = splitmix64(state);
            list.swap(i, (state % (i as u64 + 1)) as usize);
        }
        for term in list.iter() {
            let (v, from) = (term.v as usize, term.from as usize);
            if fixed[v] {
                continue;
            }
            let mu = (term.w * eta).min(1.0);
            let target = term.d * link_length;
            let (dx, dy) = (pos[v][0] - pos[from][0], pos[v][1] - pos[from][1]);
            let len = (dx * dx + dy * dy).sqrt().max(1e-3);
            let r = (len - target) * mu;
            pos[v] = [pos[v][0] - r * dx / len, pos[v][1] - r * dy / len];
        }
    }
}

/// The links of an adjacency, each once, for tests.
#[cfg(test)]
pub(super) fn links_of(adj: &[Vec<u32>]) -> Vec<(usize, usize)> {
    adj.iter()
        .enumerate()
        .flat_map(|(u, l)| l.iter().map(move |&v| (u, v as usize)))
        .filter(|(u, v)| u < v)
        .collect()
}

/// A `side` × `side` grid's adjacency, for tests of the layouts of large parts.
#[cfg(test)]
pub(super) fn grid(side: usize) -> Vec<Vec<u32>> {
    let mut adj = vec![Vec::new(); side * side];
    for r in 0..side {
        for c in 0..side {
            let i = r * side + c;
            if c + 1 < side {
                adj[i].push((i + 1) as u32);
                adj[i + 1].push(i as u32);
            }
            if r + 1 < side {
                adj[i].push((i + side) as u32);
                adj[i + side].push(i as u32);
            }
        }
    }
    adj
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start_again(m: usize) -> Vec<[f32; 2]> {
        (0..m as u64)
            .map(|i| {
                let h = splitmix64(i);
                [
                    (h & 0xffff) as f32 / 100.0,
                    ((h >> 16) & 0xffff) as f32 / 100.0,
                ]
            })
            .collect()
    }

    #[test]
    fn a_dependency_graphs_leaves_do_not_fall_on_one_spot() {
        // The benchmark's scale-free dependency graph (networkx, benches/graphs): 1 700 nodes,
        // 999 of them leaves, one hub with 652. Most leaves are no pivot, and every leaf of a
        // hub is as far from every pivot as its siblings: without the terms two links away
        // they fell on a few spots (stress 0.26; full stress 0.116).
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/benches/graphs/dependencies.json"
        );
        let text = std::fs::read_to_string(path).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let m = v["names"].as_array().unwrap().len();
        let links: Vec<(usize, usize)> = v["links"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                (
                    l[0].as_u64().unwrap() as usize,
                    l[1].as_u64().unwrap() as usize,
                )
            })
            .collect();
        let mut adj = vec![Vec::new(); m];
        for &(a, b) in &links {
            adj[a].push(b as u32);
            adj[b].push(a as u32);
        }
        let p = component(
            &adj,
            start_again(m),
            &vec![false; m],
            10.0,
            Near::Exact(EXACT_HOPS),
            1,
        );
        let s = super::super::stress::normalised_stress(&p, &links);
        assert!(s < 0.22, "normalised stress {s}");
    }

    #[test]
    fn a_large_grid_comes_out_as_a_grid() {
        let side = 60;
        let adj = grid(side);
        let m = adj.len();
        let start: Vec<[f32; 2]> = (0..m as u64)
            .map(|i| {
                let h = splitmix64(i);
                [
                    (h & 0xffff) as f32 / 100.0,
                    ((h >> 16) & 0xffff) as f32 / 100.0,
                ]
            })
            .collect();
        assert_eq!(start, start_again(m));
        let p = component(
            &adj,
            start,
            &vec![false; m],
            10.0,
            Near::Exact(EXACT_HOPS),
            3,
        );
        let links = links_of(&adj);
        let s = super::super::stress::normalised_stress(&p, &links);
        assert!(s < 0.05, "normalised stress {s}");
        // The same every time.
        let again = component(
            &adj,
            start_again(m),
            &vec![false; m],
            10.0,
            Near::Exact(EXACT_HOPS),
            3,
        );
        assert_eq!(p, again);
    }

    #[test]
    fn nodes_around_one_are_found_within_their_hops_or_not_at_all_when_many() {
        // A path 0 - 1 - 2 - 3 - 4 - 5, and a star of 200 leaves around node 6.
        let mut adj: Vec<Vec<u32>> = vec![Vec::new(); 207];
        for (a, b) in (0..5u32)
            .map(|i| (i, i + 1))
            .chain((7..207u32).map(|l| (6, l)))
        {
            adj[a as usize].push(b);
            adj[b as usize].push(a);
        }
        let mut around = Around::new(adj.len());
        let ring = around.within(&adj, 1, 3, 10).map(<[_]>::to_vec);
        assert_eq!(ring, Some(vec![(1, 0), (0, 1), (2, 1), (3, 2), (4, 3)]));
        // The same search again from another node needs no clearing.
        let ring = around.within(&adj, 5, 2, 10).map(<[_]>::to_vec);
        assert_eq!(ring, Some(vec![(5, 0), (4, 1), (3, 2)]));
        assert!(around.within(&adj, 6, 1, 128).is_none());
        // Past the limit, the hub's leaves get sampled terms, not one each.
        let exact = terms(&adj, 4, Near::Exact(3), 1);
        let leaf_terms = exact.list.iter().filter(|t| t.v == 7 && t.d == 2.0).count();
        assert!(
            leaf_terms <= TWO_HOPS + 4,
            "{leaf_terms} terms two links from a leaf: sampled, not one per leaf"
        );
        for far in [2u32, 3] {
            let d = far as f32;
            assert!(
                exact
                    .list
                    .iter()
                    .any(|t| t.v == 0 && t.from == far && t.d == d && t.w == 1.0 / (d * d)),
                "node 0's own term to node {far}"
            );
        }
        let sampled = terms(&adj, 4, Near::Sampled, 1);
        assert!(
            !sampled
                .list
                .iter()
                .any(|t| t.v == 0 && t.from == 3 && t.w == 1.0 / 9.0)
        );
    }
}
