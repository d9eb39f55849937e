//! Pivot MDS (Brandes and Pich, "Eigensolver Methods for Progressive Multidimensional
//! Scaling of Large Data", 2006): a drawing whose distances approximate graph distances,
//! from breadth-first searches out of a few dozen pivots only. It is the start the stress
//! layouts descend from: stochastic gradient descent from a random scatter can fold a long
//! path or a large sparse part onto itself and stay there; from pivot MDS it starts already
//! unfolded (the start Ortmann, Klimenta and Brandes use for sparse stress, and neato's
//! default `start` is classical MDS).
//!
//! The pivots are chosen max-min (each the node farthest from those chosen before). The
//! n × k matrix of squared distances is double-centred, and the two leading eigenvectors of
//! its k × k product with itself are found by power iteration; the drawing is the matrix
//! applied to them. Time and memory grow with nodes × pivots.

use super::{max_min_pivots, splitmix64};

/// How many pivots at most: Brandes and Pich find 50 enough for graphs of any size.
const PIVOTS: usize = 50;
/// Power iterations per axis (each an O(k²) product; they converge in far fewer).
const POWER_STEPS: usize = 200;

/// A drawing of a connected part (`adj` in local indices) in units of one link, or `None`
/// when the part is too small or too regular for two axes (a path, say, has one).
pub(super) fn pivot_mds(adj: &[Vec<u32>], seed: u64) -> Option<Vec<[f32; 2]>> {
    let m = adj.len();
    if m < 3 {
        return None;
    }
    // Squared distances from each pivot, chosen max-min.
    let mut columns: Vec<Vec<f64>> = Vec::with_capacity(PIVOTS.min(m));
    let mut connected = true;
    max_min_pivots(adj, PIVOTS, seed, |_, _, d, _| {
        // Not connected: the caller lays out parts one by one.
        connected = !d.contains(&u32::MAX);
        if connected {
            columns.push(d.iter().map(|&x| f64::from(x) * f64::from(x)).collect());
        }
        connected
    });
    if !connected {
        return None;
    }
    let k = columns.len();
    // Double centring: c_ij = -(d²_ij - row mean_i - column mean_j + grand mean) / 2.
    let col_mean: Vec<f64> = columns
        .iter()
        .map(|c| c.iter().sum::<f64>() / m as f64)
        .collect();
    let grand = col_mean.iter().sum::<f64>() / k as f64;
    let row_mean: Vec<f64> = (0..m)
        .map(|i| columns.iter().map(|c| c[i]).sum::<f64>() / k as f64)
        .collect();
    for (j, c) in columns.iter_mut().enumerate() {
        for (i, x) in c.iter_mut().enumerate() {
            *x = -0.5 * (*x - row_mean[i] - col_mean[j] + grand);
        }
    }
    // CᵀC, k × k.
    let mut ctc = vec![0.0f64; k * k];
    for a in 0..k {
        for b in a..k {
            let dot: f64 = columns[a].iter().zip(&columns[b]).map(|(x, y)| x * y).sum();
            ctc[a * k + b] = dot;
            ctc[b * k + a] = dot;
        }
    }
    let first = leading_vector(&ctc, k, None, seed)?;
    let second = leading_vector(&ctc, k, Some(&first), seed ^ 0x9e37)?;
    let axis = |v: &[f64], i: usize| -> f64 { (0..k).map(|j| columns[j][i] * v[j]).sum() };
    let mut out: Vec<[f32; 2]> = (0..m)
        .map(|i| [axis(&first, i) as f32, axis(&second, i) as f32])
        .collect();
    // C·v is the eigenvector scaled by its eigenvalue: scale the drawing so that linked
    // nodes are a link apart on average.
    let (mut sum, mut count) = (0.0f64, 0usize);
    for (u, near) in adj.iter().enumerate() {
        for &v in near {
            let (dx, dy) = (
                out[u][0] - out[v as usize][0],
                out[u][1] - out[v as usize][1],
            );
            sum += f64::from((dx * dx + dy * dy).sqrt());
            count += 1;
        }
    }
    let mean = sum / count.max(1) as f64;
    if !(mean.is_finite() && mean > 1e-9) {
        return None;
    }
    let s = (1.0 / mean) as f32;
    for p in &mut out {
        *p = [p[0] * s, p[1] * s];
    }
    Some(out)
}

/// The eigenvector of the largest eigenvalue of the symmetric `k` × `k` matrix `a`, made
/// orthogonal to `apart_from` at every step (the second axis), by power iteration.
fn leading_vector(a: &[f64], k: usize, apart_from: Option<&[f64]>, seed: u64) -> Option<Vec<f64>> {
    let mut state = seed;
    let mut v: Vec<f64> = (0..k)
        .map(|_| {
            state = splitmix64(state);
            (state >> 11) as f64 / (1u64 << 53) as f64 - 0.5
        })
        .collect();
    let orthogonalise = |v: &mut Vec<f64>| {
        if let Some(u) = apart_from {
            let dot: f64 = v.iter().zip(u).map(|(x, y)| x * y).sum();
            v.iter_mut().zip(u).for_each(|(x, y)| *x -= dot * y);
        }
    };
    let normalise = |v: &mut Vec<f64>| -> Option<()> {
        let norm = v.iter().map(|x| x * x).sum::<f64>().sqrt();
        (norm.is_finite() && norm > 1e-300).then(|| v.iter_mut().for_each(|x| *x /= norm))
    };
    orthogonalise(&mut v);
    normalise(&mut v)?;
    for _ in 0..POWER_STEPS {
        let mut w: Vec<f64> = (0..k)
            .map(|r| (0..k).map(|c| a[r * k + c] * v[c]).sum())
            .collect();
        orthogonalise(&mut w);
        normalise(&mut w)?;
        let change: f64 = w.iter().zip(&v).map(|(x, y)| (x - y).abs()).sum();
        v = w;
        if change < 1e-9 {
            break;
        }
    }
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grid_comes_out_unfolded() {
        let side = 20;
        let adj = super::super::sparse::grid(side);
        let p = pivot_mds(&adj, 1).unwrap();
        let links = super::super::sparse::links_of(&adj);
        let s = super::super::stress::normalised_stress(&p, &links);
        assert!(s < 0.05, "normalised stress {s}");
        // Opposite corners are far apart, as in the graph.
        let (a, b) = (p[0], p[side * side - 1]);
        let far = ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt();
        assert!(far > 20.0, "corners {far} links apart");
    }

    #[test]
    fn tiny_or_split_parts_have_no_start() {
        assert!(pivot_mds(&[vec![1], vec![0]], 1).is_none());
        let split = vec![vec![1], vec![0, 2], vec![1], vec![4], vec![3]];
        assert!(pivot_mds(&split, 1).is_none());
    }
}
