//! Weak ties in dense networks: links whose ends share few neighbours, drawn longer so that the
//! groups they join stand apart.
//!
//! In a dense network (mean degree above [`DENSE_ABOVE`]) most pairs are two or three links
//! apart, so graph distances alone draw it as an even disc: stress cannot tell a link inside a
//! group from one between groups. A link between groups is a weak tie (Granovetter): its
//! ends share few neighbours, where a link inside a group shares many. Such links get a longer
//! length, and every pair's distance is its shortest path over those lengths, as in stress
//! over a backbone (Nocaj, Ortmann and Brandes, "Untangling the hairballs", 2015), but milder:
//! every link keeps its term, only weak ties stretch.
//!
//! How weak a link is: how many walks of three links join its ends, against the median over
//! each end's links. Shared neighbours alone (paths of two) are too few to tell: a link inside
//! one of five blocks of mean degree 25 shares about two, one between blocks none or one.
//! Walks of three count in the dozens, and a link between blocks has 57–91 % of typical
//! against 92–137 % inside. A link below typical is stretched by how far below it is, up to
//! `STRETCH` more.
//!
//! Only dense small worlds (`super::stress`) are drawn this way: in a wide part, as a
//! geometric graph, graph distances are already true. Their stress drawing is then polished
//! by a few ticks of the force layout ([`polish`]), which draws each group tighter.

/// Parts whose mean degree is above this are dense (the "about 8").
pub const DENSE_ABOVE: f32 = 8.0;
/// How much longer than a link the weakest tie is (a link whose ends no walk of three links
/// joins). Measured on the benchmark's five-block partition, the share of nearest drawn
/// neighbours in one's community, against stress over neato's: 0.88 and 1.00 unstretched,
/// 0.95 and 1.00 at 1, 0.97 and 1.02 at 2, 0.98 and 1.05 at 4 (sfdp: 0.99 and 1.03).
const STRETCH: f32 = 2.0;
/// The most steps counting walks may take (about a fifth of a second here).
const MOST_STEPS: u64 = 200_000_000;
/// A link's length in steps: distances are counted in whole steps (by buckets), then divided.
const STEPS: u32 = 8;

/// Ticks of the force layout, from this alpha, that polish a dense small world's stress
/// drawing. Springs and repulsion draw each group tighter and the seams between groups
/// lighter, which stress over graph distances cannot (most pairs are two or three links
/// apart): on the layout benchmark's planted partitions, the share of nearest drawn neighbours
/// in one's community went from 0.97 to 1.00 on the five blocks (sfdp 0.99) and from 0.58 to
/// 0.73 on eight blocks of mean degree 17 outside the benchmark (sfdp 0.73), with stress 1–3 %
/// up, within 4 % of neato's, and a tenth of the layout's time. More (15 ticks, or alpha
/// 0.25) drew the two camps apart into an ellipse, 6 % above neato's stress.
const POLISH_TICKS: usize = 12;
const POLISH_ALPHA: f32 = 0.2;

/// Whether a part (`adj`, local indices) is dense: its mean degree above [`DENSE_ABOVE`].
pub(super) fn dense(adj: &[Vec<u32>]) -> bool {
    let links: usize = adj.iter().map(Vec::len).sum();
    adj.len() >= 3 && (links as f32) / (adj.len() as f32) > DENSE_ABOVE
}

/// Whether a part (`adj`, local indices) is a dense small world, where graph distances alone
/// draw an even disc: its weak ties are stretched ([`part_pairs`]) and its stress drawing is
/// polished by forces (`super::stress`).
pub(super) fn dense_small_world(adj: &[Vec<u32>]) -> bool {
    dense(adj) && super::graph::small_world(adj)
}

/// Each link's length in steps, by the lists of `adj` (local indices), or `None` when the
/// part has no weak tie. Call it for dense small worlds only: in a wide part, such as a
/// geometric graph, graph distances are already true and stretching made stress a third
/// higher (a 1 000-node geometric graph of mean degree 11).
pub(super) fn lengths(adj: &[Vec<u32>]) -> Option<Vec<Vec<u32>>> {
    let m = adj.len();
    // Counting the walks costs the sum over nodes of degree times its neighbours' degrees:
    // 16 million steps for the five blocks, but the fourth power of the size for a part
    // where everyone knows everyone, which has no groups to show anyway.
    let cost: u64 = adj
        .iter()
        .map(|near| {
            let around: u64 = near.iter().map(|&w| adj[w as usize].len() as u64).sum();
            near.len() as u64 * around
        })
        .sum();
    if cost > MOST_STEPS {
        return None;
    }
    // Walks of three links between the ends of every link: for each node u, mark its
    // neighbours, then walk two links out from each neighbour v and count the marks.
    let mut mark = vec![u32::MAX; m];
    let shared: Vec<Vec<u32>> = adj
        .iter()
        .enumerate()
        .map(|(u, near)| {
            for &x in near {
                mark[x as usize] = u as u32;
            }
            near.iter()
                .map(|&v| {
                    adj[v as usize]
                        .iter()
                        .map(|&w| {
                            adj[w as usize]
                                .iter()
                                .filter(|&&x| mark[x as usize] == u as u32)
                                .count() as u32
                        })
                        .sum()
                })
                .collect()
        })
        .collect();
    let typical: Vec<u32> = shared
        .iter()
        .map(|counts| {
            let mut c = counts.clone();
            if c.is_empty() {
                return 0;
            }
            let k = c.len() / 2;
            *c.select_nth_unstable(k).1
        })
        .collect();
    let mut any = false;
    let out: Vec<Vec<u32>> = adj
        .iter()
        .enumerate()
        .map(|(u, near)| {
            near.iter()
                .zip(&shared[u])
                .map(|(&v, &c)| {
                    let typical = typical[u].min(typical[v as usize]);
                    if c >= typical {
                        return STEPS;
                    }
                    any = true;
                    // Stretched by how far short of typical it falls: a sharper cut (all or
                    // nothing below 90 % or a half of typical) showed the five blocks less.
                    let short = (typical - c) as f32 / typical as f32;
                    STEPS + (short * STRETCH * STEPS as f32).round() as u32
                })
                .collect()
        })
        .collect();
    any.then_some(out)
}

/// Every pair of nodes joined by a path, with the length of its shortest path over `lengths`
/// in links: breadth-first by buckets (Dial's algorithm), lengths being small whole steps.
pub(super) fn pair_distances(adj: &[Vec<u32>], lengths: &[Vec<u32>]) -> Vec<(u32, u32, f32)> {
    let n = adj.len();
    super::graph::pairs_by_source_blocks(n, |block| {
        let mut pairs = Vec::new();
        let mut dist = vec![u32::MAX; n];
        let mut buckets: Vec<Vec<u32>> = Vec::new();
        for &s in block {
            dist.iter_mut().for_each(|d| *d = u32::MAX);
            dist[s] = 0;
            buckets.iter_mut().for_each(Vec::clear);
            if buckets.is_empty() {
                buckets.push(Vec::new());
            }
            buckets[0].push(s as u32);
            let mut at = 0;
            while at < buckets.len() {
                let mut k = 0;
                while k < buckets[at].len() {
                    let u = buckets[at][k] as usize;
                    k += 1;
                    // Met again later at a shorter distance: already settled.
                    if dist[u] != at as u32 {
                        continue;
                    }
                    for (&v, &l) in adj[u].iter().zip(&lengths[u]) {
                        let d = at as u32 + l;
                        if d < dist[v as usize] {
                            dist[v as usize] = d;
                            if buckets.len() <= d as usize {
                                buckets.resize_with(d as usize + 1, Vec::new);
                            }
                            buckets[d as usize].push(v);
                        }
                    }
                }
                at += 1;
            }
            for (t, &d) in dist.iter().enumerate().skip(s + 1) {
                if d != u32::MAX {
                    pairs.push((s as u32, t as u32, d as f32 / STEPS as f32));
                }
            }
        }
        pairs
    })
}

/// A short run of the force layout from a dense small world's stress drawing `pos` (local
/// indices, links `local_adj`), at the force layout's own scale ([`POLISH_TICKS`]).
pub(super) fn polish(
    local_adj: &[Vec<u32>],
    pos: &[[f32; 2]],
    link_length: f32,
    seed: u64,
) -> Vec<[f32; 2]> {
    let params = super::LayoutParams {
        model: super::LiveModel::Force,
        ..super::LayoutParams::default()
    };
    // The force layout's springs and repulsion balance at its own link distance.
    let k = params.link_distance / link_length.max(1e-3);
    let initial: Vec<Option<[f32; 2]>> = pos.iter().map(|p| Some([p[0] * k, p[1] * k])).collect();
    let links = local_adj.iter().enumerate().flat_map(|(u, near)| {
        near.iter()
            .map(|&v| v as usize)
            .filter(move |&v| v > u)
            .map(move |v| (u, v))
    });
    let mut sim = super::Simulation::new(&initial, &[], links, seed, params);
    sim.reheat(POLISH_ALPHA);
    sim.run(POLISH_TICKS);
    sim.positions()
        .iter()
        .map(|p| [p[0] / k, p[1] / k])
        .collect()
}

/// The pairs a connected part's full stress descends on (local indices), with their target
/// distances in links: graph distances, except in a dense small world, which draws as an even
/// disc from those; there weak ties are drawn longer, to show its groups.
pub(super) fn part_pairs(local_adj: &[Vec<u32>]) -> Vec<(u32, u32, f32)> {
    match dense_small_world(local_adj)
        .then(|| lengths(local_adj))
        .flatten()
    {
        Some(lengths) => pair_distances(local_adj, &lengths),
        None => super::pair_distances(local_adj),
    }
}

/// The pairs of every part of a map of `n` nodes (`adj`) at the distances the stress layout
/// gives them ([`part_pairs`]), in the map's indices: what the live layout keeps, so a reheat
/// minimises the same stress.
pub(super) fn pairs_by_part(n: usize, adj: &[Vec<usize>]) -> Vec<(u32, u32, f32)> {
    let mut out = Vec::new();
    for members in super::graph::components(n, adj) {
        let local_adj = super::graph::local_adjacency(&members, adj);
        out.extend(
            part_pairs(&local_adj)
                .into_iter()
                .map(|(a, b, d)| (members[a as usize] as u32, members[b as usize] as u32, d)),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn adjacency(n: usize, links: &[(u32, u32)]) -> Vec<Vec<u32>> {
        let mut adj = vec![Vec::new(); n];
        for &(a, b) in links {
            adj[a as usize].push(b);
            adj[b as usize].push(a);
        }
        adj
    }

    /// Two groups of ten, everyone linked inside a group, and three links between them.
    fn two_groups() -> Vec<Vec<u32>> {
        let mut links = Vec::new();
        for g in [0u32, 10] {
            for a in g..g + 10 {
                for b in a + 1..g + 10 {
                    links.push((a, b));
                }
            }
        }
        links.extend([(0, 10), (3, 14), (7, 18)]);
        adjacency(20, &links)
    }

    #[test]
    fn links_between_groups_stretch_and_links_inside_do_not() {
        let adj = two_groups();
        assert!(dense(&adj));
        let lengths = lengths(&adj).expect("the links between the groups are weak");
        let length = |a: u32, b: u32| {
            let k = adj[a as usize]
                .iter()
                .position(|&x| x == b)
                .expect("linked");
            lengths[a as usize][k]
        };
        for (a, b) in [(0, 10), (3, 14), (7, 18)] {
            assert!(length(a, b) > STEPS, "{a}-{b}: {}", length(a, b));
            assert_eq!(length(a, b), length(b, a));
        }
        for (a, b) in [(0, 1), (1, 2), (11, 12), (0, 9)] {
            assert_eq!(length(a, b), STEPS, "{a}-{b}");
        }
        // Distances: one link inside, a stretched one across, and across plus one beyond.
        let pairs = pair_distances(&adj, &lengths);
        let d = |a: u32, b: u32| pairs.iter().find(|p| p.0 == a && p.1 == b).map(|p| p.2);
        assert_eq!(d(1, 2), Some(1.0));
        let across = d(0, 10).expect("joined");
        assert!(across > 1.0 && across <= 1.0 + STRETCH, "{across}");
        assert_eq!(d(1, 11), Some(across + 2.0));
        assert_eq!(pairs.len(), 20 * 19 / 2);
    }

    #[test]
    fn sparse_parts_and_parts_where_everyone_knows_everyone_are_left_alone() {
        // A path is not dense.
        let path = adjacency(5, &[(0, 1), (1, 2), (2, 3), (3, 4)]);
        assert!(!dense(&path));
        // Everyone linked to everyone: nothing is weaker than typical.
        let n = 30u32;
        let all: Vec<(u32, u32)> = (0..n)
            .flat_map(|a| (a + 1..n).map(move |b| (a, b)))
            .collect();
        assert!(lengths(&adjacency(n as usize, &all)).is_none());
        // Too large to count walks in: 600 nodes, all linked.
        let n = 600u32;
        let all: Vec<(u32, u32)> = (0..n)
            .flat_map(|a| (a + 1..n).map(move |b| (a, b)))
            .collect();
        // Without the cost check this counts 1.3e11 steps.
        assert!(lengths(&adjacency(n as usize, &all)).is_none());
    }

    /// A planted partition: `blocks` groups of `size`, each pair joined with chance `inside`
    /// within a group and `across` between groups (seeded).
    fn planted(blocks: usize, size: usize, inside: f64, across: f64) -> Vec<(usize, usize)> {
        let n = blocks * size;
        let mut state = 0x5eed_u64;
        let mut links = Vec::new();
        for a in 0..n {
            for b in a + 1..n {
                state = crate::layout::splitmix64(state);
                let chance = if a / size == b / size { inside } else { across };
                if (state >> 11) as f64 / (1u64 << 53) as f64 <= chance {
                    links.push((a, b));
                }
            }
        }
        links
    }

    /// The share of each node's ten nearest drawn neighbours in its own group, on average.
    fn together(p: &[[f32; 2]], size: usize) -> f32 {
        let mut share = 0.0;
        for (i, a) in p.iter().enumerate() {
            let mut near: Vec<(f32, usize)> = p
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .map(|(j, b)| ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2), j))
                .collect();
            near.sort_by(|x, y| x.0.total_cmp(&y.0));
            share += near[..10]
                .iter()
                .filter(|(_, j)| j / size == i / size)
                .count() as f32
                / 10.0;
        }
        share / p.len() as f32
    }

    #[test]
    fn a_dense_networks_groups_are_drawn_together() {
        // Six groups of 80, mean degree about 20, a quarter of the links between groups (as
        // the eight-block partition outside the benchmark that stress alone drew mixed).
        let (blocks, size) = (6, 80);
        let links = planted(blocks, size, 0.2, 0.012);
        let n = blocks * size;
        let p = super::super::stress::layout(n, &links, &vec![None; n], &[], 90.0, 1);
        let share = together(&p, size);
        // 0.85 from stress alone; 0.93 polished by forces.
        assert!(share > 0.9, "{share} of near neighbours in one's group");
        let stress = super::super::stress::normalised_stress(&p, &links);
        assert!(
            stress < 0.185,
            "still a stress layout: {stress} (0.178 unpolished)"
        );
    }
}
