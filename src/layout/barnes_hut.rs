//! Barnes-Hut many-body repulsion: a quadtree over the nodes, so a node feels distant groups
//! as one mass at their centre. O(n log n) per tick instead of O(n²).
//!
//! The tree is flat and rebuilt each tick from a sort of the nodes along a Z-order curve
//! (Morton codes): every cell is a contiguous run of the sorted nodes, a cell's children are
//! contiguous in one array, and leaves hold up to [`LEAF_SIZE`] nodes. Nothing is allocated
//! per cell, and nodes near each other in the plane are near each other in memory, so the
//! walk stays in cache. Each node's force is computed on its own (in parallel with rayon),
//! walking the tree in a fixed order, so the result is the same on every run and on any
//! number of cores.

use rayon::prelude::*;

/// Cells with this many nodes or fewer are not split: summing a few nodes directly is faster
/// than walking more cells.
const LEAF_SIZE: usize = 8;

/// Bits of each coordinate in a Morton code: the tree is at most this deep.
const BITS: i32 = 16;

/// The deepest a walk can go, times the three siblings left on the stack at each level, plus
/// the root.
const STACK: usize = 3 * BITS as usize + 2;

#[derive(Debug, Clone, Copy)]
struct Cell {
    /// Centre of mass and mass (node count).
    mx: f32,
    my: f32,
    mass: f32,
    /// The square of the cell's side, for the opening test.
    side2: f32,
    /// Children are `first_child..first_child + children` in the cell array; none for a leaf.
    first_child: u32,
    children: u32,
    /// The cell's nodes, as a range of the sorted order.
    start: u32,
    end: u32,
}

impl Cell {
    /// A cell over the sorted nodes `start..end`, to be filled in by [`QuadTree::build`].
    fn over(start: usize, end: usize) -> Self {
        Self {
            mx: 0.0,
            my: 0.0,
            mass: 0.0,
            side2: 0.0,
            first_child: 0,
            children: 0,
            start: start as u32,
            end: end as u32,
        }
    }
}

/// A quadtree over a set of positions.
pub struct QuadTree {
    cells: Vec<Cell>,
    /// Node indices in Z-order.
    order: Vec<u32>,
    /// Their positions, in the same order.
    sorted: Vec<[f32; 2]>,
}

/// Spreads the low 16 bits of `x` to the even bits of the result.
fn spread(x: u32) -> u32 {
    let mut x = x & 0xffff;
    x = (x | (x << 8)) & 0x00ff_00ff;
    x = (x | (x << 4)) & 0x0f0f_0f0f;
    x = (x | (x << 2)) & 0x3333_3333;
    (x | (x << 1)) & 0x5555_5555
}

impl QuadTree {
    pub fn new(positions: &[[f32; 2]]) -> Self {
        let (mut min_x, mut min_y, mut max_x, mut max_y) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
        for p in positions {
            min_x = min_x.min(p[0]);
            min_y = min_y.min(p[1]);
            max_x = max_x.max(p[0]);
            max_y = max_y.max(p[1]);
        }
        if positions.is_empty() {
            (min_x, min_y, max_x, max_y) = (0.0, 0.0, 1.0, 1.0);
        }
        let side = (max_x - min_x).max(max_y - min_y).max(1.0) * 1.001;
        let scale = ((1u32 << BITS) - 1) as f32 / side;
        let quantise = |v: f32, min: f32| (((v - min) * scale) as u32).min((1 << BITS) - 1);
        // Code in the high half, index in the low half: keys are unique, so the order is the
        // same whatever the sort does with ties.
        let mut keys: Vec<u64> = positions
            .par_iter()
            .enumerate()
            .map(|(i, p)| {
                let code = spread(quantise(p[0], min_x)) | (spread(quantise(p[1], min_y)) << 1);
                (u64::from(code) << 32) | i as u64
            })
            .collect();
        keys.par_sort_unstable();
        let order: Vec<u32> = keys.iter().map(|&k| k as u32).collect();
        let codes: Vec<u32> = keys.iter().map(|&k| (k >> 32) as u32).collect();
        let sorted: Vec<[f32; 2]> = order.iter().map(|&i| positions[i as usize]).collect();

        let mut tree = Self {
            cells: Vec::with_capacity(positions.len() / 2 + 1),
            order,
            sorted,
        };
        tree.cells.push(Cell::over(0, positions.len()));
        tree.build(0, &codes, BITS - 1, side);
        tree
    }

    /// Fills in cell `at` (whose range is set), splitting it by the code bits at `level`.
    fn build(&mut self, at: usize, codes: &[u32], level: i32, side: f32) {
        let (start, end) = (self.cells[at].start as usize, self.cells[at].end as usize);
        self.cells[at].side2 = side * side;
        if end - start <= LEAF_SIZE || level < 0 {
            let (mut sx, mut sy) = (0.0f32, 0.0f32);
            for p in &self.sorted[start..end] {
                sx += p[0];
                sy += p[1];
            }
            let mass = (end - start) as f32;
            let cell = &mut self.cells[at];
            cell.mass = mass;
            if mass > 0.0 {
                cell.mx = sx / mass;
                cell.my = sy / mass;
            }
            return;
        }
        // The sorted codes of a cell run through its quadrants in order.
        let quadrant = |c: u32| (c >> (2 * level)) & 3;
        let range = &codes[start..end];
        let mut bounds = [start; 5];
        for q in 1..4 {
            bounds[q as usize] = start + range.partition_point(|&c| quadrant(c) < q);
        }
        bounds[4] = end;
        let first = self.cells.len();
        for q in 0..4 {
            if bounds[q] < bounds[q + 1] {
                self.cells.push(Cell::over(bounds[q], bounds[q + 1]));
            }
        }
        let count = self.cells.len() - first;
        self.cells[at].first_child = first as u32;
        self.cells[at].children = count as u32;
        let (mut mass, mut sx, mut sy) = (0.0f32, 0.0f32, 0.0f32);
        for c in first..first + count {
            self.build(c, codes, level - 1, side / 2.0);
            let child = self.cells[c];
            mass += child.mass;
            sx += child.mx * child.mass;
            sy += child.my * child.mass;
        }
        let cell = &mut self.cells[at];
        cell.mass = mass;
        if mass > 0.0 {
            cell.mx = sx / mass;
            cell.my = sy / mass;
        }
    }
}

impl QuadTree {
    /// The velocity change of the node at sorted position `s` from every other node:
    /// `strength / distance` along the line between them (negative strength repels), with
    /// distances under `min_dist2` softened, and cells seen under an angle below `theta`
    /// (compared squared) taken as one mass.
    fn force(&self, s: usize, strength: f32, min_dist2: f32, theta2: f32) -> [f32; 2] {
        let p = self.sorted[s];
        let me = self.order[s] as usize;
        let (mut vx, mut vy) = (0.0f32, 0.0f32);
        let mut add = |dx: f32, dy: f32, mass: f32, salt: usize| {
            let (mut dx, mut dy) = (dx, dy);
            if dx == 0.0 && dy == 0.0 {
                // Coincident: a tiny fixed offset, different per pair, as in the exact force.
                (dx, dy) = super::jiggle(me, salt);
            }
            let mut l2 = dx * dx + dy * dy;
            if l2 < min_dist2 {
                l2 = (min_dist2 * l2).sqrt();
            }
            let f = strength * mass / l2;
            // (dx, dy) points from the node to the others, and repulsion's strength is
            // negative: this pushes the node away from them, as the exact sum does.
            vx += dx * f;
            vy += dy * f;
        };
        let mut stack = [0u32; STACK];
        let mut top = 1;
        while top > 0 {
            top -= 1;
            let at = stack[top] as usize;
            let cell = &self.cells[at];
            if cell.children == 0 {
                for b in cell.start as usize..cell.end as usize {
                    if b != s {
                        let q = self.sorted[b];
                        add(q[0] - p[0], q[1] - p[1], 1.0, self.order[b] as usize);
                    }
                }
                continue;
            }
            let (dx, dy) = (cell.mx - p[0], cell.my - p[1]);
            if cell.side2 < theta2 * (dx * dx + dy * dy) {
                add(dx, dy, cell.mass, at);
            } else {
                // Pushed last to first, so they are visited in order.
                for c in (cell.first_child..cell.first_child + cell.children).rev() {
                    stack[top] = c;
                    top += 1;
                }
            }
        }
        [vx, vy]
    }
}

/// The repulsion velocity change of every node, computed in parallel in Z-order (neighbours
/// walk the same cells one after another, which keeps them in cache).
pub fn repulsion(
    positions: &[[f32; 2]],
    strength: f32,
    min_dist2: f32,
    theta: f32,
) -> Vec<[f32; 2]> {
    let tree = QuadTree::new(positions);
    let in_order: Vec<[f32; 2]> = (0..positions.len())
        .into_par_iter()
        .with_min_len(256)
        .map(|s| tree.force(s, strength, min_dist2, theta * theta))
        .collect();
    let mut forces = vec![[0.0f32; 2]; positions.len()];
    for (s, f) in in_order.into_iter().enumerate() {
        forces[tree.order[s] as usize] = f;
    }
    forces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scattered(n: usize) -> Vec<[f32; 2]> {
        (0..n)
            .map(|i| {
                let h = super::super::splitmix64(i as u64);
                [
                    (h & 0xffff) as f32 / 40.0,
                    ((h >> 16) & 0xffff) as f32 / 40.0,
                ]
            })
            .collect()
    }

    fn exact(positions: &[[f32; 2]], strength: f32, min_dist2: f32) -> Vec<[f32; 2]> {
        positions
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let mut v = [0.0f32; 2];
                for (j, q) in positions.iter().enumerate() {
                    if i == j {
                        continue;
                    }
                    let (dx, dy) = (q[0] - p[0], q[1] - p[1]);
                    let mut l2 = dx * dx + dy * dy;
                    if l2 < min_dist2 {
                        l2 = (min_dist2 * l2).sqrt();
                    }
                    // As the simulation's exact sum: negative strength pushes p away from q.
                    v[0] += dx * strength / l2;
                    v[1] += dy * strength / l2;
                }
                v
            })
            .collect()
    }

    #[test]
    fn barnes_hut_approximates_the_exact_forces() {
        let pos = scattered(600);
        let exact = exact(&pos, -30.0, 1.0);
        let approx = repulsion(&pos, -30.0, 1.0, 0.5);
        let err: f32 = exact
            .iter()
            .zip(&approx)
            .map(|(a, b)| ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt())
            .sum::<f32>()
            / exact
                .iter()
                .map(|a| (a[0] * a[0] + a[1] * a[1]).sqrt())
                .sum::<f32>();
        assert!(err < 0.05, "relative error {err}");
        let exact_at_zero = repulsion(&pos, -30.0, 1.0, 0.0);
        let e0: f32 = self::exact(&pos, -30.0, 1.0)
            .iter()
            .zip(&exact_at_zero)
            .map(|(a, b)| (a[0] - b[0]).abs() + (a[1] - b[1]).abs())
            .fold(0.0, f32::max);
        assert!(e0 < 1e-3, "theta 0 is exact: {e0}");
    }

    #[test]
    fn negative_strength_pushes_nodes_apart() {
        // Enough nodes that the far ones are taken as a cell, not one by one.
        let mut pos = vec![[0.0, 0.0]];
        pos.extend((0..200).map(|i| [1000.0 + (i % 20) as f32, (i / 20) as f32]));
        let f = repulsion(&pos, -30.0, 1.0, 0.9);
        assert!(
            f[0][0] < 0.0,
            "the lone node is pushed away from the group: {:?}",
            f[0]
        );
        let group_push: f32 = f[1..].iter().map(|v| v[0]).sum();
        assert!(
            group_push > 0.0,
            "the group is pushed away from the lone node"
        );
    }

    #[test]
    fn the_same_input_gives_the_same_forces_and_coincident_nodes_stay_finite() {
        let mut pos = scattered(2000);
        pos.extend(std::iter::repeat_n([5.0, 5.0], 50));
        let a = repulsion(&pos, -30.0, 1.0, 0.9);
        let b = repulsion(&pos, -30.0, 1.0, 0.9);
        assert_eq!(a, b);
        assert!(a.iter().flatten().all(|v| v.is_finite()));
    }
}
