//! Barnes-Hut many-body repulsion: a quadtree over the nodes, so a node feels distant groups
//! as one mass at their centre. O(n log n) per tick instead of O(n²). Each node's force is
//! computed on its own (in parallel with rayon), walking the tree in a fixed order, so the
//! result is the same on every run and on any number of cores.

use rayon::prelude::*;

/// Deeper than this, nodes at (almost) the same place share a leaf instead of splitting it
/// forever.
const MAX_DEPTH: u32 = 24;

#[derive(Debug, Clone)]
struct Cell {
    /// Centre and half the side of the square.
    cx: f32,
    cy: f32,
    half: f32,
    /// Total mass (node count) and its centre.
    mass: f32,
    mx: f32,
    my: f32,
    /// Children by quadrant, or the bodies of a leaf.
    children: Option<[u32; 4]>,
    bodies: Vec<u32>,
}

/// A quadtree over `positions`.
pub struct QuadTree {
    cells: Vec<Cell>,
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
        let half = ((max_x - min_x).max(max_y - min_y) / 2.0).max(1.0) * 1.001;
        let root = Cell {
            cx: (min_x + max_x) / 2.0,
            cy: (min_y + max_y) / 2.0,
            half,
            mass: 0.0,
            mx: 0.0,
            my: 0.0,
            children: None,
            bodies: Vec::new(),
        };
        let mut tree = Self { cells: vec![root] };
        for (i, p) in positions.iter().enumerate() {
            tree.insert(0, i as u32, *p, positions, 0);
        }
        tree.finish(0, positions);
        tree
    }

    fn quadrant(cell: &Cell, p: [f32; 2]) -> usize {
        usize::from(p[0] >= cell.cx) + 2 * usize::from(p[1] >= cell.cy)
    }

    fn insert(&mut self, at: usize, body: u32, p: [f32; 2], positions: &[[f32; 2]], depth: u32) {
        if let Some(children) = self.cells[at].children {
            let q = Self::quadrant(&self.cells[at], p);
            self.insert(children[q] as usize, body, p, positions, depth + 1);
            return;
        }
        if self.cells[at].bodies.is_empty() || depth >= MAX_DEPTH {
            self.cells[at].bodies.push(body);
            return;
        }
        // Split the leaf and push its bodies down.
        let (cx, cy, h) = (
            self.cells[at].cx,
            self.cells[at].cy,
            self.cells[at].half / 2.0,
        );
        let first = self.cells.len() as u32;
        for q in 0..4 {
            let (sx, sy) = (
                if q & 1 == 1 { h } else { -h },
                if q & 2 == 2 { h } else { -h },
            );
            self.cells.push(Cell {
                cx: cx + sx,
                cy: cy + sy,
                half: h,
                mass: 0.0,
                mx: 0.0,
                my: 0.0,
                children: None,
                bodies: Vec::new(),
            });
        }
        self.cells[at].children = Some([first, first + 1, first + 2, first + 3]);
        let old = std::mem::take(&mut self.cells[at].bodies);
        for b in old.into_iter().chain(std::iter::once(body)) {
            let bp = positions[b as usize];
            self.insert(at, b, bp, positions, depth);
        }
    }

    /// Computes every cell's mass and centre of mass, children first.
    fn finish(&mut self, at: usize, positions: &[[f32; 2]]) -> (f32, f32, f32) {
        let (mass, sx, sy) = match self.cells[at].children {
            Some(children) => children.iter().fold((0.0, 0.0, 0.0), |acc, &c| {
                let (m, x, y) = self.finish(c as usize, positions);
                (acc.0 + m, acc.1 + x * m, acc.2 + y * m)
            }),
            None => self.cells[at]
                .bodies
                .iter()
                .fold((0.0, 0.0, 0.0), |acc, &b| {
                    let p = positions[b as usize];
                    (acc.0 + 1.0, acc.1 + p[0], acc.2 + p[1])
                }),
        };
        let cell = &mut self.cells[at];
        cell.mass = mass;
        if mass > 0.0 {
            cell.mx = sx / mass;
            cell.my = sy / mass;
        }
        (mass, cell.mx, cell.my)
    }

    /// The velocity change of body `i` at `p` from every other body: `strength / distance` along
    /// the line between them (negative strength repels), with distances under `min_dist2`
    /// softened, and cells seen under an angle below `theta` taken as one mass.
    fn force(&self, i: u32, p: [f32; 2], strength: f32, min_dist2: f32, theta: f32) -> [f32; 2] {
        let mut v = [0.0f32; 2];
        let mut stack = vec![0u32];
        let add = |v: &mut [f32; 2], dx: f32, dy: f32, mass: f32, salt: u32| {
            let (mut dx, mut dy) = (dx, dy);
            if dx == 0.0 && dy == 0.0 {
                // Coincident: a tiny fixed offset, different per pair, as in the exact force.
                (dx, dy) = super::jiggle(i as usize, salt as usize);
            }
            let mut l2 = dx * dx + dy * dy;
            if l2 < min_dist2 {
                l2 = (min_dist2 * l2).sqrt();
            }
            let f = strength * mass / l2;
            // Repulsion pushes body i away from the others.
            v[0] -= dx * f;
            v[1] -= dy * f;
        };
        while let Some(at) = stack.pop() {
            let cell = &self.cells[at as usize];
            if cell.mass == 0.0 {
                continue;
            }
            let (dx, dy) = (cell.mx - p[0], cell.my - p[1]);
            let far = (cell.half * 2.0) * (cell.half * 2.0) < theta * theta * (dx * dx + dy * dy);
            match cell.children {
                Some(_) if far => add(&mut v, dx, dy, cell.mass, at),
                Some(children) => stack.extend(children.iter().rev()),
                None => {
                    for &b in &cell.bodies {
                        if b != i {
                            add(&mut v, dx, dy, 1.0, b);
                        }
                    }
                }
            }
        }
        v
    }
}

/// The repulsion velocity change of every body, computed in parallel.
pub fn repulsion(
    positions: &[[f32; 2]],
    strength: f32,
    min_dist2: f32,
    theta: f32,
) -> Vec<[f32; 2]> {
    let tree = QuadTree::new(positions);
    positions
        .par_iter()
        .enumerate()
        .map(|(i, p)| tree.force(i as u32, *p, strength, min_dist2, theta))
        .collect()
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
                    v[0] -= dx * strength / l2;
                    v[1] -= dy * strength / l2;
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
    fn the_same_input_gives_the_same_forces_and_coincident_nodes_stay_finite() {
        let mut pos = scattered(2000);
        pos.extend(std::iter::repeat_n([5.0, 5.0], 50));
        let a = repulsion(&pos, -30.0, 1.0, 0.9);
        let b = repulsion(&pos, -30.0, 1.0, 0.9);
        assert_eq!(a, b);
        assert!(a.iter().flatten().all(|v| v.is_finite()));
    }
}
