//! Aligning and distributing chosen nodes, as yEd's Align and Distribute do: on their centres,
//! the others untouched.

/// Where chosen nodes line up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    /// The middle between the leftmost and the rightmost.
    Centre,
    Right,
    Top,
    /// The middle between the top and the bottom.
    Middle,
    Bottom,
}

/// `points` lined up as `how` says: one coordinate set to the extreme (or the middle) of them
/// all, the other kept.
pub fn align(points: &[[f32; 2]], how: Align) -> Vec<[f32; 2]> {
    let axis = match how {
        Align::Left | Align::Centre | Align::Right => 0,
        Align::Top | Align::Middle | Align::Bottom => 1,
    };
    let lo = points.iter().map(|p| p[axis]).fold(f32::MAX, f32::min);
    let hi = points.iter().map(|p| p[axis]).fold(f32::MIN, f32::max);
    let to = match how {
        Align::Left | Align::Top => lo,
        Align::Right | Align::Bottom => hi,
        Align::Centre | Align::Middle => (lo + hi) / 2.0,
    };
    points
        .iter()
        .map(|&p| {
            let mut q = p;
            if lo <= hi {
                q[axis] = to;
            }
            q
        })
        .collect()
}

/// `points` spread evenly between the two outermost along x (`horizontal`) or y, keeping
/// their order along it (ties by their order given) and the other coordinate.
pub fn distribute(points: &[[f32; 2]], horizontal: bool) -> Vec<[f32; 2]> {
    let axis = if horizontal { 0 } else { 1 };
    let mut order: Vec<usize> = (0..points.len()).collect();
    order.sort_by(|&a, &b| points[a][axis].total_cmp(&points[b][axis]).then(a.cmp(&b)));
    let mut out = points.to_vec();
    if points.len() < 3 {
        return out;
    }
    let (lo, hi) = (points[order[0]][axis], points[order[order.len() - 1]][axis]);
    let step = (hi - lo) / (points.len() - 1) as f32;
    for (k, &i) in order.iter().enumerate() {
        out[i][axis] = lo + step * k as f32;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligning_sets_one_coordinate_and_keeps_the_other() {
        let p = [[0.0, 5.0], [10.0, -3.0], [4.0, 9.0]];
        assert_eq!(
            align(&p, Align::Left),
            vec![[0.0, 5.0], [0.0, -3.0], [0.0, 9.0]]
        );
        assert_eq!(
            align(&p, Align::Right),
            vec![[10.0, 5.0], [10.0, -3.0], [10.0, 9.0]]
        );
        assert_eq!(align(&p, Align::Centre)[2], [5.0, 9.0]);
        assert_eq!(
            align(&p, Align::Top),
            vec![[0.0, -3.0], [10.0, -3.0], [4.0, -3.0]]
        );
        assert_eq!(align(&p, Align::Bottom)[0], [0.0, 9.0]);
        assert_eq!(align(&p, Align::Middle)[1], [10.0, 3.0]);
    }

    #[test]
    fn distributing_spaces_evenly_in_the_same_order() {
        let p = [[0.0, 1.0], [100.0, 2.0], [10.0, 3.0], [30.0, 4.0]];
        let q = distribute(&p, true);
        assert_eq!(
            q,
            vec![
                [0.0, 1.0],
                [100.0, 2.0],
                [100.0 / 3.0, 3.0],
                [200.0 / 3.0, 4.0]
            ]
        );
        // Two points have nothing between them to spread.
        assert_eq!(distribute(&p[..2], true), p[..2].to_vec());
        let v = distribute(&p, false);
        assert_eq!(v[0][1], 1.0);
        assert_eq!(v[3][1], 4.0);
        assert!((v[1][1] - 2.0).abs() < 1e-5 && (v[2][1] - 3.0).abs() < 1e-5);
    }
}
