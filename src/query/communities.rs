//! Communities: groups of entities more tied to each other than to the rest, found by the
//! Louvain method (Blondel, Guillaume, Lambiotte and Lefebvre, 2008), which is what Gephi's
//! "Modularity" runs. Nodes are visited in index order, so the result is the same every time.
//!
//! Each pass moves nodes one at a time to the neighbouring community that raises modularity
//! most, until none moves; the communities then become the nodes of a smaller graph, and the
//! passes repeat until nothing changes.

use std::collections::BTreeMap;

/// A community for each of `n` nodes joined by `links` (undirected, weight 1 each, repeated
/// links adding up), numbered from 0, largest first. Nodes without links are alone.
pub fn communities(n: usize, links: &[(usize, usize)]) -> Vec<usize> {
    // The current graph: weighted adjacency (self-loops count once, as in Louvain).
    let mut adj: Vec<BTreeMap<usize, f64>> = vec![BTreeMap::new(); n];
    for &(a, b) in links {
        if a < n && b < n {
            *adj[a].entry(b).or_default() += 1.0;
            if a != b {
                *adj[b].entry(a).or_default() += 1.0;
            }
        }
    }
    // Which community each original node is in.
    let mut member: Vec<usize> = (0..n).collect();
    loop {
        let size = adj.len();
        let community = one_level(&adj);
        // Renumber 0.. in order of first appearance.
        let mut renumber = BTreeMap::new();
        let mut next = 0;
        let ids: Vec<usize> = community
            .iter()
            .map(|c| {
                *renumber.entry(*c).or_insert_with(|| {
                    next += 1;
                    next - 1
                })
            })
            .collect();
        if next == size {
            break;
        }
        for m in &mut member {
            *m = ids[*m];
        }
        let mut coarse: Vec<BTreeMap<usize, f64>> = vec![BTreeMap::new(); next];
        for (u, row) in adj.iter().enumerate() {
            for (&v, &w) in row {
                *coarse[ids[u]].entry(ids[v]).or_default() += w;
            }
        }
        adj = coarse;
    }
    // Largest first, ties by the smallest member.
    let count = member.iter().copied().max().map_or(0, |m| m + 1);
    let mut sizes: Vec<(usize, usize, usize)> = (0..count).map(|c| (0, usize::MAX, c)).collect();
    for (i, &m) in member.iter().enumerate() {
        sizes[m].0 += 1;
        sizes[m].1 = sizes[m].1.min(i);
    }
    sizes.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut rank = vec![0; count];
    for (r, &(_, _, c)) in sizes.iter().enumerate() {
        rank[c] = r;
    }
    member.iter().map(|&m| rank[m]).collect()
}

/// One level of Louvain's local moving: each node's community.
fn one_level(adj: &[BTreeMap<usize, f64>]) -> Vec<usize> {
    let n = adj.len();
    let degree: Vec<f64> = adj
        .iter()
        .enumerate()
        .map(|(u, row)| {
            row.iter()
                .map(|(&v, &w)| if v == u { 2.0 * w } else { w })
                .sum()
        })
        .collect();
    let two_m: f64 = degree.iter().sum();
    let mut community: Vec<usize> = (0..n).collect();
    if two_m == 0.0 {
        return community;
    }
    let mut total: Vec<f64> = degree.clone();
    for _ in 0..100 {
        let mut moved = false;
        for u in 0..n {
            let own = community[u];
            let mut towards: BTreeMap<usize, f64> = BTreeMap::new();
            for (&v, &w) in &adj[u] {
                if v != u {
                    *towards.entry(community[v]).or_default() += w;
                }
            }
            total[own] -= degree[u];
            let gain = |c: usize, w: f64| w - total[c] * degree[u] / two_m;
            let mut best = (own, gain(own, towards.get(&own).copied().unwrap_or(0.0)));
            for (&c, &w) in &towards {
                let g = gain(c, w);
                if g > best.1 + 1e-12 {
                    best = (c, g);
                }
            }
            total[best.0] += degree[u];
            if best.0 != own {
                community[u] = best.0;
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
    community
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_cliques_joined_by_one_link_are_two_communities() {
        let mut links = Vec::new();
        for group in [0..5, 5..10] {
            let g: Vec<usize> = group.collect();
            for (k, &a) in g.iter().enumerate() {
                for &b in &g[k + 1..] {
                    links.push((a, b));
                }
            }
        }
        links.push((4, 5));
        let c = communities(11, &links);
        assert!(c[..5].iter().all(|&x| x == c[0]));
        assert!(c[5..10].iter().all(|&x| x == c[5]));
        assert_ne!(c[0], c[5]);
        // The lone node is alone, numbered after the larger communities.
        assert_eq!(c[10], 2);
        assert_eq!(communities(11, &links), c, "the same every time");
    }

    #[test]
    fn a_ring_of_cliques_finds_each_clique() {
        // Six cliques of four in a ring: the textbook case.
        let mut links = Vec::new();
        for k in 0..6 {
            let base = k * 4;
            for a in 0..4 {
                for b in a + 1..4 {
                    links.push((base + a, base + b));
                }
            }
            links.push((base + 3, (base + 4) % 24));
        }
        let c = communities(24, &links);
        for k in 0..6 {
            let g = &c[k * 4..k * 4 + 4];
            assert!(g.iter().all(|&x| x == g[0]), "clique {k}: {c:?}");
        }
        let distinct: std::collections::BTreeSet<usize> = c.iter().copied().collect();
        assert_eq!(distinct.len(), 6);
    }
}
