//! The live layout's stress: when the window's layout runs (a reheat, a drag, a new entity)
//! on a map of up to [`LIVE_STRESS_UP_TO`] entities, it minimises the same energy the stress
//! layout does, a pass of stochastic gradient descent over every pair each tick, rather than
//! d3's springs and repulsion. Forces crumpled what stress built: a long path folded into a
//! disc, and the trees of a forest drifted into each other.
//!
//! Each pair's update moves its two ends equally and oppositely, so every part keeps its centre
//! where the stress layout packed it, and separate parts do not mix. The step follows the
//! simulation's temperature: a reheat takes small steps that keep the drawing, a restart
//! (temperature 1) the whole annealing of a fresh stress layout.

use super::{Footprint, adjacency, jiggle, separation, splitmix64};

/// The room names and shapes need: a pair whose footprints overlap moves apart by the
/// distance that separates them, in one step (the stress layout's last passes ask for it as
/// strongly as a link, then remove what is left; a live layout has no last pass).
pub(crate) struct Room<'a> {
    pub footprints: &'a [Footprint],
    pub padding: f32,
}

/// Maps up to this many entities move by stress when the layout runs live; larger ones by
/// forces (all-pairs distances would take too much memory there).
pub const LIVE_STRESS_UP_TO: usize = super::stress::SPARSE_ABOVE;

/// The smallest step, as the stress layout's.
const EPSILON: f32 = 0.1;

/// Every pair of a map's nodes in one part, with their distance in links (weak ties of
/// dense parts stretched, as the stress layout has them).
#[derive(Debug, Clone)]
pub(crate) struct LiveStress {
    pairs: Vec<(u32, u32, f32)>,
    eta_max: f32,
    rng: u64,
    /// The length of one hop on the page.
    pub length: f32,
}

/// A drawing's own hop length is kept up to this many times the layout's link length.
const MAX_GROWN: f32 = 4.0;

impl LiveStress {
    /// The pairs of a map of `n` nodes joined by `links`, drawn at `positions`. One hop is as
    /// long as the drawing has it (the stress layout grows drawings to make room for names,
    /// `super::tidy::room_scale`), but not shorter than `link_length` nor more than four
    /// times it: a reheat then keeps the drawing's size instead of pulling it in.
    pub fn new(
        n: usize,
        links: &[(usize, usize)],
        seed: u64,
        positions: &[[f32; 2]],
        link_length: f32,
    ) -> Self {
        let pairs = super::ties::pairs_by_part(n, &adjacency(n, links));
        let d_max = pairs.iter().map(|p| p.2).fold(1.0f32, f32::max);
        // The scale that fits the drawing best to the hops (w = 1/d²): the mean of page
        // distance over hops.
        let (sum, count) = pairs
            .iter()
            .filter(|&&(i, j, _)| (i as usize) < positions.len() && (j as usize) < positions.len())
            .fold((0.0f64, 0usize), |(s, c), &(i, j, d)| {
                let (a, b) = (positions[i as usize], positions[j as usize]);
                let x = ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt();
                (s + f64::from(x / d), c + 1)
            });
        let own = if count > 0 {
            (sum / count as f64) as f32
        } else {
            0.0
        };
        let length = if own.is_finite() {
            own.clamp(link_length, link_length * MAX_GROWN)
        } else {
            link_length
        };
        Self {
            pairs,
            eta_max: d_max * d_max,
            rng: seed,
            length,
        }
    }

    /// The step at temperature `alpha` (0 to 1): from the smallest, which only refines, to the
    /// whole range of distances, which lays the map out afresh.
    pub fn eta(&self, alpha: f32) -> f32 {
        EPSILON * (self.eta_max / EPSILON).powf(alpha.clamp(0.0, 1.0))
    }

    /// One pass over every pair, in a seeded order, at step `eta`: each pair moves towards
    /// [`LiveStress::length`] times its distance in hops, weighted by the inverse square of that
    /// distance (Zheng, Pawar and Goodman 2019). Fixed nodes stay; their partners move twice
    /// as far.
    pub fn pass(&mut self, positions: &mut [[f32; 2]], fixed: &[bool], eta: f32, room: &Room) {
        let link_length = self.length;
        let pairs = &mut self.pairs;
        for k in (1..pairs.len()).rev() {
            self.rng = splitmix64(self.rng);
            let j = (self.rng % (k as u64 + 1)) as usize;
            pairs.swap(k, j);
        }
        let is_fixed = |i: usize| fixed.get(i).copied().unwrap_or(false);
        for &(i, j, d) in pairs.iter() {
            let (i, j) = (i as usize, j as usize);
            let (fi, fj) = (is_fixed(i), is_fixed(j));
            if fi && fj {
                continue;
            }
            let (mut dx, mut dy) = (
                positions[i][0] - positions[j][0],
                positions[i][1] - positions[j][1],
            );
            if dx == 0.0 && dy == 0.0 {
                (dx, dy) = jiggle(i, j);
            }
            let len = (dx * dx + dy * dy).sqrt().max(1e-3);
            let (mut w, mut target): (f32, f32) = (1.0 / (d * d), d * link_length);
            if let (Some(a), Some(b)) = (room.footprints.get(i), room.footprints.get(j)) {
                let sep = separation(*a, *b, -dx, -dy, len, room.padding);
                if sep > len && sep > target {
                    // Overlapping: apart in one step, whatever the temperature.
                    (w, target) = (f32::INFINITY, sep);
                }
            }
            let mu = (eta * w).min(1.0);
            let r = (len - target) / 2.0 * mu;
            let (rx, ry) = (r * dx / len, r * dy / len);
            match (fi, fj) {
                (false, false) => {
                    positions[i] = [positions[i][0] - rx, positions[i][1] - ry];
                    positions[j] = [positions[j][0] + rx, positions[j][1] + ry];
                }
                (true, false) => {
                    positions[j] = [positions[j][0] + 2.0 * rx, positions[j][1] + 2.0 * ry]
                }
                (false, true) => {
                    positions[i] = [positions[i][0] - 2.0 * rx, positions[i][1] - 2.0 * ry]
                }
                (true, true) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{LayoutParams, LiveModel, Simulation, stress};

    /// A path of 60 nodes with a branch of two at every tenth: a tree that is nearly a line.
    fn long_path_tree() -> (usize, Vec<(usize, usize)>) {
        let mut links: Vec<(usize, usize)> = (0..59).map(|i| (i, i + 1)).collect();
        let mut n = 60;
        for i in (5..60).step_by(10) {
            links.push((i, n));
            links.push((n, n + 1));
            n += 2;
        }
        (n, links)
    }

    /// Six trees of fifteen nodes each (a root, two children, four grandchildren each with
    /// two leaves but the last), side by side.
    fn forest() -> (usize, Vec<(usize, usize)>, Vec<usize>) {
        let mut links = Vec::new();
        let mut tree = Vec::new();
        for t in 0..6 {
            let base = t * 15;
            for k in 1..15 {
                links.push((base + (k - 1) / 2, base + k));
            }
            tree.extend(std::iter::repeat_n(t, 15));
        }
        (90, links, tree)
    }

    /// A map laid out by stress, then reheated as the window's Reheat does, run to rest by
    /// `model`.
    fn reheated(links: &[(usize, usize)], laid: &[[f32; 2]], model: LiveModel) -> Vec<[f32; 2]> {
        let start: Vec<Option<[f32; 2]>> = laid.iter().copied().map(Some).collect();
        let params = LayoutParams {
            model,
            ..LayoutParams::default()
        };
        let mut sim = Simulation::new(&start, &[], links.iter().copied(), 7, params);
        sim.reheat(0.3);
        sim.run(100_000);
        sim.positions().to_vec()
    }

    fn laid_out(n: usize, links: &[(usize, usize)]) -> Vec<[f32; 2]> {
        stress::layout(n, links, &vec![None; n], &[], 90.0, 1)
    }

    fn crosses(a: [[f32; 2]; 2], b: [[f32; 2]; 2]) -> bool {
        let side = |p: [f32; 2], q: [f32; 2], r: [f32; 2]| {
            (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
        };
        side(a[0], a[1], b[0]) * side(a[0], a[1], b[1]) < 0.0
            && side(b[0], b[1], a[0]) * side(b[0], b[1], a[1]) < 0.0
    }

    /// The mean length of the links of a drawing.
    fn mean_link(p: &[[f32; 2]], links: &[(usize, usize)]) -> f32 {
        let total: f32 = links
            .iter()
            .map(|&(a, b)| ((p[a][0] - p[b][0]).powi(2) + (p[a][1] - p[b][1]).powi(2)).sqrt())
            .sum();
        total / links.len() as f32
    }

    #[test]
    fn a_reheat_keeps_a_grown_drawings_size() {
        // Large parts get room by growing their drawing (`tidy::room_scale`): a reheat must
        // keep the size it has, not pull it back to the bare link length.
        let (n, links) = long_path_tree();
        let grown: Vec<[f32; 2]> = laid_out(n, &links)
            .iter()
            .map(|p| [p[0] * 2.5, p[1] * 2.5])
            .collect();
        let before = mean_link(&grown, &links);
        let after = mean_link(&reheated(&links, &grown, LiveModel::Stress), &links);
        assert!(
            (after / before - 1.0).abs() < 0.1,
            "links {before:.0} long before the reheat, {after:.0} after"
        );
        // A drawing smaller than the link length is drawn out to it.
        let small: Vec<[f32; 2]> = grown.iter().map(|p| [p[0] / 10.0, p[1] / 10.0]).collect();
        let drawn_out = mean_link(&reheated(&links, &small, LiveModel::Stress), &links);
        assert!(drawn_out > 80.0, "links {drawn_out:.0} long");
    }

    #[test]
    fn a_reheat_keeps_a_long_path_tree_straight() {
        let (n, links) = long_path_tree();
        let laid = laid_out(n, &links);
        let before = stress::normalised_stress(&laid, &links);
        let after = stress::normalised_stress(&reheated(&links, &laid, LiveModel::Stress), &links);
        assert!(
            after <= before * 1.2,
            "stress {before:.4} laid out, {after:.4} after a reheat"
        );
        // The forces this replaces crumpled it (the issue measured 0.67 against 0.002).
        let forced = stress::normalised_stress(&reheated(&links, &laid, LiveModel::Force), &links);
        assert!(forced > before * 1.2, "forces: {forced:.4}");
    }

    #[test]
    fn a_reheat_keeps_a_forests_trees_apart() {
        let (n, links, tree) = forest();
        let laid = laid_out(n, &links);
        let before = stress::normalised_stress(&laid, &links);
        let p = reheated(&links, &laid, LiveModel::Stress);
        let after = stress::normalised_stress(&p, &links);
        assert!(
            after <= before * 1.2,
            "stress {before:.4} laid out, {after:.4} after a reheat"
        );
        let mut mixed = 0;
        for (k, &(a, b)) in links.iter().enumerate() {
            for &(c, d) in &links[k + 1..] {
                if tree[a] != tree[c] && crosses([p[a], p[b]], [p[c], p[d]]) {
                    mixed += 1;
                }
            }
        }
        assert_eq!(mixed, 0, "lines of different trees cross");
    }

    #[test]
    fn a_reheat_of_the_bundled_map_keeps_its_names_apart() {
        let doc = crate::io::bundled_map().expect("the bundled map");
        let links: Vec<(usize, usize)> = doc.relation_ends().into_iter().flatten().collect();
        let names = doc.entities.iter().map(|e| e.name.as_str());
        let fp = super::super::footprints(names, 12.0, 13.0);
        let n = doc.entities.len();
        let params = LayoutParams::default();
        let laid = super::super::start::stress_start(&vec![None; n], &links, &fp, &params, 1)
            .expect("a stress start");
        let start: Vec<Option<[f32; 2]>> = laid.iter().copied().map(Some).collect();
        let mut sim = Simulation::new(&start, &[], links.iter().copied(), 1, params);
        sim.set_footprints(fp.clone());
        sim.reheat(0.3);
        sim.run(100_000);
        let p = sim.positions();
        let overlapping = super::super::tidy::overlapping_pairs(p, &fp, 0.0).len();
        assert!(
            overlapping <= 2,
            "{overlapping} pairs of names overlap after a reheat"
        );
        let (before, after) = (
            stress::normalised_stress(&laid, &links),
            stress::normalised_stress(p, &links),
        );
        assert!(after <= before * 1.2, "{before:.4} then {after:.4}");
    }

    #[test]
    fn a_new_entity_joins_its_neighbours_and_moves_nothing_far() {
        let (n, mut links) = long_path_tree();
        let laid = laid_out(n, &links);
        // A new entity next to node 30, placed far off as the window may place it.
        links.push((30, n));
        let mut start: Vec<Option<[f32; 2]>> = laid.iter().copied().map(Some).collect();
        start.push(Some([5000.0, 5000.0]));
        let mut sim = Simulation::new(
            &start,
            &[],
            links.iter().copied(),
            7,
            LayoutParams::default(),
        );
        sim.reheat(0.3);
        sim.run(100_000);
        let p = sim.positions();
        let gap = ((p[n][0] - p[30][0]).powi(2) + (p[n][1] - p[30][1]).powi(2)).sqrt();
        assert!(gap < 200.0, "the new entity is {gap} from its neighbour");
        let before = stress::normalised_stress(&laid, &links[..links.len() - 1]);
        let after = stress::normalised_stress(&p[..n], &links[..links.len() - 1]);
        assert!(after <= before * 1.2, "{before:.4} then {after:.4}");
    }
}
