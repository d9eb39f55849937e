//! The graph walks every layout shares: adjacency lists, breadth-first distances, and the
//! pairs a stress layout descends on.

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

/// Every pair of nodes joined by a path over `adj`, with its length in hops: what a full
/// stress layout, and the live layout's stress, descend on.
pub(crate) fn pair_distances<T: Node>(adj: &[Vec<T>]) -> Vec<(u32, u32, f32)> {
    let n = adj.len();
    let mut pairs = Vec::with_capacity(n * n.saturating_sub(1) / 2);
    let mut dist = vec![u32::MAX; n];
    let mut queue = Vec::with_capacity(n);
    for s in 0..n {
        bfs(adj, s, &mut dist, &mut queue);
        for (t, &d) in dist.iter().enumerate().skip(s + 1) {
            if d != u32::MAX {
                pairs.push((s as u32, t as u32, d as f32));
            }
        }
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
