//! How good a layout is, as the benchmark and `relmap layout` report it: normalised stress,
//! exact or estimated from a sample of nodes for large maps.

use super::{adjacency, bfs, splitmix64};

/// Normalised stress of a layout: how far page distances are from graph distances, once the
/// layout is scaled as well as it can be (0 is perfect). Pairs in different components do
/// not count. Exact: a breadth-first search from every node, so its time grows with nodes ×
/// relations; see [`normalised_stress_sampled`] for large maps.
pub fn normalised_stress(positions: &[[f32; 2]], links: &[(usize, usize)]) -> f64 {
    let n = positions.len();
    stress_of_pairs(positions, links, 0..n, true)
}

/// [`normalised_stress`] estimated from the pairs of `sources` nodes picked at random
/// (seeded), for maps too large to measure every pair; exact when `sources` covers every node.
pub fn normalised_stress_sampled(
    positions: &[[f32; 2]],
    links: &[(usize, usize)],
    sources: usize,
) -> f64 {
    let n = positions.len();
    if sources >= n {
        return normalised_stress(positions, links);
    }
    // A seeded shuffle's first nodes: evenly spaced indices would alias with regular maps
    // (every 15th node of a 30 × 30 grid is in two columns).
    let mut order: Vec<usize> = (0..n).collect();
    let mut state = 0x05a3_b1e5_u64;
    for i in (1..n).rev() {
        state = splitmix64(state);
        order.swap(i, (state % (i as u64 + 1)) as usize);
    }
    order.truncate(sources.max(1));
    stress_of_pairs(positions, links, order.into_iter(), false)
}

/// Normalised stress over the pairs from each of `sources` to every other node (only to
/// later nodes when `each_pair_once`). With w = 1/d², the best scale s = Σwxd / Σwx², and the
/// stress at that scale, Σw(sx − d)², is Σwd² − (Σwxd)² / Σwx²: three running sums, so no
/// pair is kept.
fn stress_of_pairs(
    positions: &[[f32; 2]],
    links: &[(usize, usize)],
    sources: impl Iterator<Item = usize>,
    each_pair_once: bool,
) -> f64 {
    let n = positions.len();
    let adj = adjacency(n, links);
    let (mut sxd, mut sxx, mut sdd) = (0.0f64, 0.0f64, 0.0f64);
    let mut dist = vec![u32::MAX; n];
    let mut queue = Vec::with_capacity(n);
    for s in sources {
        bfs(&adj, s, &mut dist, &mut queue);
        let first = if each_pair_once { s + 1 } else { 0 };
        for t in first..n {
            if t == s || dist[t] == u32::MAX {
                continue;
            }
            let d = f64::from(dist[t]);
            let (dx, dy) = (
                f64::from(positions[s][0] - positions[t][0]),
                f64::from(positions[s][1] - positions[t][1]),
            );
            let x = (dx * dx + dy * dy).sqrt();
            let w = 1.0 / (d * d);
            sxd += w * x * d;
            sxx += w * x * x;
            sdd += w * d * d;
        }
    }
    if sxx == 0.0 || sdd == 0.0 {
        return 0.0;
    }
    ((sdd - sxd * sxd / sxx) / sdd).max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::stress::layout;

    #[test]
    fn sampled_stress_estimates_the_exact_stress() {
        // A path drawn straight at any scale has no stress; bent, it has some.
        let links: Vec<(usize, usize)> = (0..9).map(|i| (i, i + 1)).collect();
        let straight: Vec<[f32; 2]> = (0..10).map(|i| [i as f32 * 7.0, 3.0]).collect();
        assert!(normalised_stress(&straight, &links) < 1e-9);
        // A 30 × 30 grid.
        let g: Vec<(usize, usize)> = (0..900)
            .flat_map(|i| {
                [
                    (i % 30 < 29).then_some((i, i + 1)),
                    (i < 870).then_some((i, i + 30)),
                ]
            })
            .flatten()
            .collect();
        let p = layout(900, &g, &vec![None; 900], &[], 10.0, 5);
        let mut bent = p.clone();
        for q in bent.iter_mut().take(300) {
            q[1] *= 1.8;
        }
        for q in [p, bent] {
            let exact = normalised_stress(&q, &g);
            let sampled = normalised_stress_sampled(&q, &g, 60);
            assert!(
                (exact - sampled).abs() <= 0.2 * exact + 0.002,
                "{exact} against {sampled}"
            );
            assert_eq!(normalised_stress_sampled(&q, &g, 900), exact);
        }
    }
}
