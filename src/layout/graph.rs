//! The graph walks every layout shares: adjacency lists, breadth-first distances, connected
//! parts and whether one is a small world, and the pairs a stress layout descends on.

/// A node index as adjacency lists store it: `usize`, or `u32` where lists for large parts
/// are kept compact.
pub(crate) trait Node: Copy {
    fn index(self) -> usize;
    fn of(i: usize) -> Self;
}

impl Node for usize {
    fn index(self) -> usize {
        self
    }
    fn of(i: usize) -> Self {
        i
    }
}

impl Node for u32 {
    fn index(self) -> usize {
        self as usize
    }
    fn of(i: usize) -> Self {
        i as u32
    }
}

/// Breadth-first distances in hops from `source` over `adj`, into `dist` (`u32::MAX` where
/// unreached), with `queue` as scratch: the one search every stress layout and measure runs.
pub(crate) fn bfs<T: Node>(adj: &[Vec<T>], source: usize, dist: &mut [u32], queue: &mut Vec<T>) {
    dist.iter_mut().for_each(|d| *d = u32::MAX);
    dist[source] = 0;
    queue.clear();
    queue.push(T::of(source));
    let mut k = 0;
    while k < queue.len() {
        let u = queue[k].index();
        k += 1;
        for &v in &adj[u] {
            if dist[v.index()] == u32::MAX {
                dist[v.index()] = dist[u] + 1;
                queue.push(v);
            }
        }
    }
}

/// Max-min pivots of `adj` (Brandes and Pich): up to `k`, the first drawn by `seed`, each next
/// the node farthest from those chosen before (the lowest index among equals), until every
/// node is a pivot. `visit(p, pivot, dist, nearest)` sees the `p`th pivot, its breadth-first
/// distances, and each node's distance to the nearest pivot chosen before it (`u32::MAX`
/// before the first); it returns `false` to stop. Sparse stress and pivot MDS walk them.
pub(crate) fn max_min_pivots(
    adj: &[Vec<u32>],
    k: usize,
    seed: u64,
    mut visit: impl FnMut(usize, usize, &[u32], &[u32]) -> bool,
) {
    let m = adj.len();
    if m == 0 {
        return;
    }
    let mut nearest = vec![u32::MAX; m];
    let mut d = vec![0u32; m];
    let mut queue = Vec::with_capacity(m);
    let mut next = (super::splitmix64(seed) % m as u64) as usize;
    for p in 0..k.min(m) {
        bfs(adj, next, &mut d, &mut queue);
        if !visit(p, next, &d, &nearest) {
            return;
        }
        for (n, &x) in nearest.iter_mut().zip(&d) {
            *n = (*n).min(x);
        }
        next = (0..m)
            .max_by_key(|&v| (nearest[v], std::cmp::Reverse(v)))
            .unwrap_or(0);
        if nearest[next] == 0 {
            return;
        }
    }
}

/// Every pair of nodes joined by a path over `adj`, with its length in hops: what a full
/// stress layout, and the live layout's stress, descend on.
pub(crate) fn pair_distances<T: Node + Sync>(adj: &[Vec<T>]) -> Vec<(u32, u32, f32)> {
    let n = adj.len();
    pairs_by_source_blocks(n, |block| {
        let mut pairs = Vec::new();
        let mut dist = vec![u32::MAX; n];
        let mut queue = Vec::with_capacity(n);
        for &s in block {
            bfs(adj, s, &mut dist, &mut queue);
            for (t, &d) in dist.iter().enumerate().skip(s + 1) {
                if d != u32::MAX {
                    pairs.push((s as u32, t as u32, d as f32));
                }
            }
        }
        pairs
    })
}

/// The pairs `search` finds from each block of sources (`0..n` cut in blocks), searched
/// across the cores and joined in source order, so the list is the same however many cores
/// ran it. On the 2 000-node geometric graph the searches were two fifths of a full stress
/// layout.
pub(crate) fn pairs_by_source_blocks(
    n: usize,
    search: impl Fn(&[usize]) -> Vec<(u32, u32, f32)> + Sync,
) -> Vec<(u32, u32, f32)> {
    use rayon::prelude::*;
    let sources: Vec<usize> = (0..n).collect();
    let blocks: Vec<Vec<(u32, u32, f32)>> = sources.par_chunks(64).map(&search).collect();
    let mut pairs = Vec::with_capacity(blocks.iter().map(Vec::len).sum());
    for block in blocks {
        pairs.extend(block);
    }
    pairs
}

/// Each node's neighbours, sorted, without repeats or self-links.
pub(crate) fn adjacency(n: usize, links: &[(usize, usize)]) -> Vec<Vec<usize>> {
    let mut adj = vec![Vec::new(); n];
    for &(a, b) in links {
        if a < n && b < n && a != b {
            adj[a].push(b);
            adj[b].push(a);
        }
    }
    for list in &mut adj {
        list.sort_unstable();
        list.dedup();
    }
    adj
}

/// The links of a part (`members`, sorted, of a map whose links are `adj`) in the part's own
/// indices: a member's position in `members`.
pub(crate) fn local_adjacency(members: &[usize], adj: &[Vec<usize>]) -> Vec<Vec<u32>> {
    members
        .iter()
        .map(|&i| {
            adj[i]
                .iter()
                .filter_map(|j| members.binary_search(j).ok().map(|k| k as u32))
                .collect()
        })
        .collect()
}

/// The connected parts of a map of `n` nodes joined as `adj` says, each its nodes in
/// increasing order, the parts in the order of their first node.
pub(crate) fn components(n: usize, adj: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let mut seen = vec![false; n];
    let mut out = Vec::new();
    for start in 0..n {
        if seen[start] {
            continue;
        }
        seen[start] = true;
        let mut members = vec![start];
        let mut k = 0;
        while k < members.len() {
            for &j in &adj[members[k]] {
                if !seen[j] {
                    seen[j] = true;
                    members.push(j);
                }
            }
            k += 1;
        }
        members.sort_unstable();
        out.push(members);
    }
    out
}

/// Whether a connected part is a small world: its diameter (estimated by two breadth-first
/// sweeps) at most three times the logarithm of its size. Meshes, grids and geometric graphs
/// of the same size are ten times as wide.
pub(crate) fn small_world(adj: &[Vec<u32>]) -> bool {
    let m = adj.len();
    let mut d = vec![0u32; m];
    let mut queue = Vec::with_capacity(m);
    bfs(adj, 0, &mut d, &mut queue);
    let far = (0..m).max_by_key(|&v| d[v]).unwrap_or(0);
    bfs(adj, far, &mut d, &mut queue);
    let diameter = d
        .iter()
        .copied()
        .filter(|&x| x != u32::MAX)
        .max()
        .unwrap_or(0);
    (diameter as f32) <= 3.0 * (m as f32).ln()
}
