//! The force-directed layout: a pure, seeded, deterministic simulation over node indices.
//!
//! It follows d3-force's model: each tick applies spring forces along links, many-body
//! repulsion and a weak pull to the centre to velocities scaled by a "temperature" `alpha`,
//! which cools geometrically until the simulation counts as settled and stops. The same
//! inputs and seed always give the same positions, so a map that was never saved still
//! reopens to the same picture.
//!
//! Repulsion is summed exactly for small maps and with a Barnes-Hut quadtree (in parallel,
//! still deterministic) for large ones.
//!
//! It knows nothing of documents or egui: callers map entities to indices.
//!
//! One cohesive thing, kept in one file on purpose: the simulation's state and its tick (the
//! forces, the cooling, pins and footprints) read best together; the quadtree, the overlap
//! removal and the graph walks every layout shares (`graph`) are in their own files.

pub mod align;
pub mod arrange;
mod barnes_hut;
mod brandes_kopf;
mod graph;
pub mod layered;
pub mod live;
mod measure;
mod multilevel;
mod overlap;
mod pack;
mod pivot_mds;
pub mod rings;
pub mod runner;
mod sparse;
pub mod start;
pub mod stress;
pub mod tidy;
pub mod ties;

pub use runner::Runner;

pub(crate) use graph::{adjacency, bfs, max_min_pivots, pair_distances};

use crate::model::limits::MAX_COORDINATE;

/// The seed of every layout relmap runs unless told otherwise ("relmap" in ASCII), so a map
/// that was never saved reopens, and exports, to the same picture.
pub const DEFAULT_SEED: u64 = 0x7265_6c6d_6170;

/// Tuning of the simulation. The defaults suit maps of tens to thousands of nodes whose
/// labels must stay readable. The window keeps the user's tuning between runs.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct LayoutParams {
    /// Rest length of a link, in canvas units.
    pub link_distance: f32,
    /// Many-body strength; negative values repel.
    pub charge: f32,
    /// Pull of every node towards the origin, so separate components stay together.
    pub gravity: f32,
    /// Fraction of velocity lost per tick (friction).
    pub velocity_decay: f32,
    /// How fast `alpha` cools each tick.
    pub alpha_decay: f32,
    /// Below this `alpha` the simulation is settled.
    pub alpha_min: f32,
    /// How hard overlapping footprints push apart, per tick (0 turns overlap removal off).
    pub overlap_strength: f32,
    /// Space kept between footprints, in canvas units.
    pub overlap_padding: f32,
    /// Barnes-Hut accuracy: cells seen under a smaller angle than this act as one mass.
    /// 0 is exact; d3 uses 0.9.
    pub theta: f32,
    /// Maps with more nodes than this use Barnes-Hut repulsion; smaller ones the exact sum,
    /// which is fast enough there and keeps their layouts as they were.
    pub barnes_hut_above: usize,
    /// What moves the live layout.
    pub model: LiveModel,
}

/// What moves the live layout (a reheat, a drag, a new entity).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum LiveModel {
    /// The stress the stress layout minimises ([`live`]), on maps up to
    /// [`live::LIVE_STRESS_UP_TO`] entities; forces on larger ones.
    #[default]
    Stress,
    /// d3-force's springs, repulsion and gravity.
    Force,
}

impl Default for LayoutParams {
    fn default() -> Self {
        Self {
            link_distance: 90.0,
            charge: -400.0,
            gravity: 0.06,
            velocity_decay: 0.4,
            // d3's default: 300 ticks from alpha 1 to alpha_min.
            alpha_decay: 1.0 - 0.001_f32.powf(1.0 / 300.0),
            alpha_min: 0.001,
            overlap_strength: 0.6,
            overlap_padding: 6.0,
            theta: 0.9,
            barnes_hut_above: 1000,
            model: LiveModel::Stress,
        }
    }
}

/// The state of one running layout.
#[derive(Debug, Clone)]
pub struct Simulation {
    params: LayoutParams,
    positions: Vec<[f32; 2]>,
    velocities: Vec<[f32; 2]>,
    fixed: Vec<bool>,
    links: Vec<(usize, usize)>,
    degree: Vec<u32>,
    /// Each node's footprint (its shape and the label under it): half width, then height
    /// above and below the node's position.
    footprints: Vec<Footprint>,
    alpha: f32,
    seed: u64,
    /// The pairs the live stress moves, found on the first tick that needs them.
    live: Option<live::LiveStress>,
}

/// The box a node covers on the canvas, relative to its position, so the layout keeps labels
/// from piling on each other.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Footprint {
    pub half_width: f32,
    pub above: f32,
    pub below: f32,
}

impl Simulation {
    /// A simulation of `initial.len()` nodes joined by `links` (pairs of node indices; pairs
    /// naming a node out of range or a node itself are ignored). Nodes with an initial position
    /// keep it as their start; the others are placed on a seeded spiral around them. `fixed`
    /// nodes never move (missing entries count as not fixed).
    ///
    /// A simulation whose nodes all have positions starts settled: reopening a laid-out map must
    /// not move anything until the user asks for it.
    pub fn new(
        initial: &[Option<[f32; 2]>],
        fixed: &[bool],
        links: impl IntoIterator<Item = (usize, usize)>,
        seed: u64,
        params: LayoutParams,
    ) -> Self {
        let n = initial.len();
        let links: Vec<(usize, usize)> = links
            .into_iter()
            .filter(|&(a, b)| a < n && b < n && a != b)
            .collect();
        let mut degree = vec![0u32; n];
        for &(a, b) in &links {
            degree[a] += 1;
            degree[b] += 1;
        }
        let positions = initial_positions(initial, seed, params.link_distance);
        let all_placed = initial.iter().all(Option::is_some);
        let fixed = (0..n)
            .map(|i| fixed.get(i).copied().unwrap_or(false))
            .collect();
        Self {
            params,
            velocities: vec![[0.0; 2]; n],
            positions,
            fixed,
            links,
            degree,
            footprints: Vec::new(),
            alpha: if all_placed { 0.0 } else { 1.0 },
            seed,
            live: None,
        }
    }

    pub fn len(&self) -> usize {
        self.positions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.positions.is_empty()
    }

    pub fn positions(&self) -> &[[f32; 2]] {
        &self.positions
    }

    pub fn params(&self) -> LayoutParams {
        self.params
    }

    /// Changes the tuning; it takes effect from the next tick (reheat to see it).
    pub fn set_params(&mut self, params: LayoutParams) {
        self.params = params;
    }

    pub fn alpha(&self) -> f32 {
        self.alpha
    }

    pub fn is_settled(&self) -> bool {
        self.alpha < self.params.alpha_min
    }

    /// Warms the simulation so it moves again, e.g. after a drag or a restart.
    pub fn reheat(&mut self, alpha: f32) {
        self.alpha = self.alpha.max(alpha.clamp(0.0, 1.0));
    }

    /// Stops the simulation where it is.
    pub fn stop(&mut self) {
        self.alpha = 0.0;
        self.velocities.iter_mut().for_each(|v| *v = [0.0; 2]);
    }

    /// Moves node `i` (out-of-range indices are ignored) and clears its velocity.
    pub fn set_position(&mut self, i: usize, p: [f32; 2]) {
        if let (Some(pos), Some(vel)) = (self.positions.get_mut(i), self.velocities.get_mut(i)) {
            *pos = p;
            *vel = [0.0; 2];
        }
    }

    pub fn set_fixed(&mut self, i: usize, fixed: bool) {
        if let Some(f) = self.fixed.get_mut(i) {
            *f = fixed;
        }
    }

    /// Sets each node's footprint, by index; nodes without one take no part in overlap removal.
    pub fn set_footprints(&mut self, footprints: Vec<Footprint>) {
        self.footprints = footprints;
    }

    /// Advances the simulation by one tick. Does nothing once settled.
    pub fn step(&mut self) {
        if self.is_settled() || self.positions.is_empty() {
            return;
        }
        self.alpha += (0.0 - self.alpha) * self.params.alpha_decay;
        let alpha = self.alpha;
        if self.params.model == LiveModel::Stress && self.len() <= live::LIVE_STRESS_UP_TO {
            let (n, seed) = (self.len(), self.seed);
            let (links, positions) = (&self.links, &self.positions);
            let (footprints, link_distance) = (&self.footprints, self.params.link_distance);
            let live = self.live.get_or_insert_with(|| {
                // The link length the stress start used, with room for names: with the bare
                // link distance a reheat would pull every name onto its neighbours'.
                let length = start::link_length_for(footprints, link_distance);
                live::LiveStress::new(n, links, seed, positions, length)
            });
            let eta = live.eta(alpha);
            let room = live::Room {
                footprints: &self.footprints,
                padding: self.params.overlap_padding,
            };
            live.pass(&mut self.positions, &self.fixed, eta, &room);
            if self.is_settled() && !self.footprints.is_empty() {
                // At rest, what overlap is left goes, and entities step off lines that cross
                // names, as in the stress layout's last steps: the live pairs' pull leaves some
                // names on their neighbours' and under lines.
                let padding = self.params.overlap_padding;
                tidy::remove_overlaps(&mut self.positions, &self.footprints, &self.fixed, padding);
                tidy::clear_lines(
                    &mut self.positions,
                    &self.footprints,
                    &self.links,
                    &self.fixed,
                    padding,
                );
            }
            // Names and shapes make room as in the force layout; nothing else carries over
            // from tick to tick.
            self.velocities.iter_mut().for_each(|v| *v = [0.0; 2]);
        } else {
            self.apply_links(alpha);
            self.apply_charge(alpha);
            self.apply_gravity(alpha);
        }
        self.apply_overlap();
        let keep = 1.0 - self.params.velocity_decay;
        for i in 0..self.positions.len() {
            if self.fixed[i] {
                self.velocities[i] = [0.0; 2];
                continue;
            }
            let v = &mut self.velocities[i];
            v[0] *= keep;
            v[1] *= keep;
            let next = [self.positions[i][0] + v[0], self.positions[i][1] + v[1]];
            // A step that overflows (far-flung pinned entities square to infinity in f32)
            // leaves the entity where it was: the layout never hands out a position that
            // could not be saved and read back.
            if next
                .iter()
                .all(|c| c.is_finite() && f64::from(c.abs()) <= MAX_COORDINATE)
            {
                self.positions[i] = next;
            } else {
                *v = [0.0; 2];
            }
        }
    }

    /// Ticks until settled or `max_steps` ticks have run; returns the number of ticks run.
    pub fn run(&mut self, max_steps: usize) -> usize {
        let mut steps = 0;
        while steps < max_steps && !self.is_settled() {
            self.step();
            steps += 1;
        }
        steps
    }

    fn apply_links(&mut self, alpha: f32) {
        for &(s, t) in &self.links {
            let (ds, dt) = (self.degree[s] as f32, self.degree[t] as f32);
            // d3: weaker springs on hubs, and the lighter end moves more.
            let strength = 1.0 / ds.min(dt).max(1.0);
            let bias = ds / (ds + dt);
            let mut dx = self.positions[t][0] + self.velocities[t][0]
                - self.positions[s][0]
                - self.velocities[s][0];
            let mut dy = self.positions[t][1] + self.velocities[t][1]
                - self.positions[s][1]
                - self.velocities[s][1];
            if dx == 0.0 && dy == 0.0 {
                (dx, dy) = jiggle(s, t);
            }
            let len = (dx * dx + dy * dy).sqrt();
            let k = (len - self.params.link_distance) / len * alpha * strength;
            dx *= k;
            dy *= k;
            self.velocities[t][0] -= dx * bias;
            self.velocities[t][1] -= dy * bias;
            self.velocities[s][0] += dx * (1.0 - bias);
            self.velocities[s][1] += dy * (1.0 - bias);
        }
    }

    fn apply_charge(&mut self, alpha: f32) {
        let n = self.positions.len();
        // Below this distance repulsion stops growing, so coincident nodes do not explode.
        let min_dist2 = (self.params.link_distance * 0.1).powi(2);
        let strength = self.params.charge * alpha;
        if n > self.params.barnes_hut_above {
            let forces =
                barnes_hut::repulsion(&self.positions, strength, min_dist2, self.params.theta);
            for (v, f) in self.velocities.iter_mut().zip(forces) {
                v[0] += f[0];
                v[1] += f[1];
            }
            return;
        }
        for i in 0..n {
            for j in (i + 1)..n {
                let mut dx = self.positions[j][0] - self.positions[i][0];
                let mut dy = self.positions[j][1] - self.positions[i][1];
                if dx == 0.0 && dy == 0.0 {
                    (dx, dy) = jiggle(i, j);
                }
                let mut l2 = dx * dx + dy * dy;
                if l2 < min_dist2 {
                    l2 = (min_dist2 * l2).sqrt();
                }
                let f = strength / l2;
                self.velocities[i][0] += dx * f;
                self.velocities[i][1] += dy * f;
                self.velocities[j][0] -= dx * f;
                self.velocities[j][1] -= dy * f;
            }
        }
    }

    /// Pushes apart nodes whose footprints overlap, along the axis where they overlap least
    /// (as Gephi's noverlap does), half each way.
    fn apply_overlap(&mut self) {
        let k = self.params.overlap_strength;
        if k <= 0.0 {
            return;
        }
        let pad = self.params.overlap_padding;
        let n = self.footprints.len().min(self.positions.len());
        if n > self.params.barnes_hut_above {
            let at: Vec<[f32; 2]> = self
                .positions
                .iter()
                .zip(&self.velocities)
                .map(|(p, v)| [p[0] + v[0], p[1] + v[1]])
                .collect();
            let pushes = overlap::pushes(&at, &self.footprints, pad, k);
            for (v, d) in self.velocities.iter_mut().zip(pushes) {
                v[0] += d[0];
                v[1] += d[1];
            }
            return;
        }
        for i in 0..n {
            let fi = self.footprints[i];
            let (xi, yi) = (
                self.positions[i][0] + self.velocities[i][0],
                self.positions[i][1] + self.velocities[i][1],
            );
            for j in (i + 1)..n {
                let dx = self.positions[j][0] + self.velocities[j][0] - xi;
                let dy = self.positions[j][1] + self.velocities[j][1] - yi;
                let Some([mx, my]) = overlap_push((i, fi), (j, self.footprints[j]), dx, dy, pad)
                else {
                    continue;
                };
                let (mx, my) = (mx * k * 0.5, my * k * 0.5);
                self.velocities[i][0] -= mx;
                self.velocities[i][1] -= my;
                self.velocities[j][0] += mx;
                self.velocities[j][1] += my;
            }
        }
    }

    fn apply_gravity(&mut self, alpha: f32) {
        let g = self.params.gravity * alpha;
        for (p, v) in self.positions.iter().zip(self.velocities.iter_mut()) {
            v[0] -= p[0] * g;
            v[1] -= p[1] * g;
        }
    }
}

/// From this many entities on, footprints keep shapes apart but make no room for labels: a map
/// that large is read zoomed out, where the canvas draws no labels, and room for every label
/// would spread it over many screens (Gephi's noverlap likewise works on node sizes). Room
/// for a thousand names, and lines kept off them, took two to four times sfdp's time.
pub const LABEL_ROOM_BELOW: usize = 1000;

/// The footprints of entities of radius `radius` named `names`, labelled at `font_size`:
/// room for each label under its shape on maps under [`LABEL_ROOM_BELOW`] entities, room for
/// the shapes alone on larger ones.
pub fn footprints<'a>(
    names: impl ExactSizeIterator<Item = &'a str>,
    radius: f32,
    font_size: f32,
) -> Vec<Footprint> {
    if names.len() >= LABEL_ROOM_BELOW {
        let r = radius * 1.3;
        vec![
            Footprint {
                half_width: r,
                above: r,
                below: r,
            };
            names.len()
        ]
    } else {
        names
            .map(|name| label_footprint(name, radius, font_size))
            .collect()
    }
}

/// The footprint of an entity of radius `radius` with `name` written under it at `font_size`:
/// its shape, and its name's box as the canvas and figures draw it (the width measured from
/// the font, `crate::look::labels::name_area`).
pub fn label_footprint(name: &str, radius: f32, font_size: f32) -> Footprint {
    let at = crate::look::Pt::new(0.0, 0.0);
    let name = crate::look::labels::name_area(name, at, radius, font_size);
    Footprint {
        half_width: (name.width() / 2.0).max(radius),
        above: radius,
        below: name.max.y.max(radius),
    }
}

/// How far apart on x and on y the centres of nodes with footprints `fi` and `fj` must be for
/// the footprints not to overlap, with `padding` between, when `fj` is `dy` below `fi`
/// (its upper part then meets `fi`'s lower part).
pub(crate) fn clearance(fi: Footprint, fj: Footprint, dy: f32, padding: f32) -> (f32, f32) {
    let need_x = fi.half_width + fj.half_width + padding;
    let need_y = if dy >= 0.0 {
        fi.below + fj.above + padding
    } else {
        fj.below + fi.above + padding
    };
    (need_x, need_y)
}

/// The distance along the line from a node of footprint `fi` to one of footprint `fj` (at
/// offset `dx`, `dy`, length `len`) at which the footprints stop overlapping, with `padding`
/// between them.
pub(crate) fn separation(
    fi: Footprint,
    fj: Footprint,
    dx: f32,
    dy: f32,
    len: f32,
    padding: f32,
) -> f32 {
    let (need_x, need_y) = clearance(fi, fj, dy, padding);
    let (ux, uy) = ((dx / len).abs(), (dy / len).abs());
    let sx = if ux > 1e-4 { need_x / ux } else { f32::MAX };
    let sy = if uy > 1e-4 { need_y / uy } else { f32::MAX };
    sx.min(sy)
}

/// How far node `j` (at `dx`, `dy` from node `i`) must move away from `i` for their footprints
/// to stop overlapping with `padding` between them, along the axis where they overlap least
/// (as Gephi's noverlap does); `None` if they do not overlap.
pub(crate) fn overlap_push(
    (i, fi): (usize, Footprint),
    (j, fj): (usize, Footprint),
    dx: f32,
    dy: f32,
    padding: f32,
) -> Option<[f32; 2]> {
    let (need_x, need_y) = clearance(fi, fj, dy, padding);
    let overlap_x = need_x - dx.abs();
    if overlap_x <= 0.0 {
        return None;
    }
    let overlap_y = need_y - dy.abs();
    if overlap_y <= 0.0 {
        return None;
    }
    Some(if overlap_x < overlap_y {
        [overlap_x * sign(dx, i, j), 0.0]
    } else {
        [0.0, overlap_y * sign(dy, j, i)]
    })
}

/// The sign of `d`, with a deterministic choice for 0 so coincident nodes still separate.
fn sign(d: f32, a: usize, b: usize) -> f32 {
    if d > 0.0 {
        1.0
    } else if d < 0.0 {
        -1.0
    } else if a < b {
        1.0
    } else {
        -1.0
    }
}

/// A tiny deterministic offset for coincident nodes, different for each pair.
fn jiggle(a: usize, b: usize) -> (f32, f32) {
    let h = splitmix64((a as u64) << 32 | b as u64);
    let x = ((h & 0xffff) as f32 / 65535.0 - 0.5) * 1e-3;
    let y = (((h >> 16) & 0xffff) as f32 / 65535.0 - 0.5) * 1e-3;
    (x + 1e-6, y)
}

pub(crate) fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Start positions: given ones are kept; the rest go on a phyllotaxis spiral (as d3 does)
/// centred on the placed nodes, turned by an angle drawn from the seed.
fn initial_positions(initial: &[Option<[f32; 2]>], seed: u64, spacing: f32) -> Vec<[f32; 2]> {
    let placed: Vec<[f32; 2]> = initial.iter().flatten().copied().collect();
    let (cx, cy, start_radius) = if placed.is_empty() {
        (0.0, 0.0, 0.0)
    } else {
        let n = placed.len() as f32;
        let cx = placed.iter().map(|p| p[0]).sum::<f32>() / n;
        let cy = placed.iter().map(|p| p[1]).sum::<f32>() / n;
        let r = placed
            .iter()
            .map(|p| ((p[0] - cx).powi(2) + (p[1] - cy).powi(2)).sqrt())
            .fold(0.0, f32::max);
        (cx, cy, r + spacing)
    };
    let turn = (splitmix64(seed) >> 40) as f32 / (1u64 << 24) as f32 * std::f32::consts::TAU;
    let golden_angle = std::f32::consts::PI * (3.0 - 5f32.sqrt());
    let step = spacing * 0.5;
    let mut k = 0usize;
    initial
        .iter()
        .map(|p| {
            p.unwrap_or_else(|| {
                let r = start_radius + step * (0.5 + k as f32).sqrt();
                let a = turn + k as f32 * golden_angle;
                k += 1;
                [cx + r * a.cos(), cy + r * a.sin()]
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: usize) -> Vec<(usize, usize)> {
        (1..n).map(|i| (i - 1, i)).collect()
    }

    fn run(seed: u64) -> Vec<[f32; 2]> {
        let mut sim = Simulation::new(&[None; 12], &[], chain(12), seed, LayoutParams::default());
        sim.run(10_000);
        sim.positions().to_vec()
    }

    #[test]
    fn the_same_seed_gives_the_same_layout() {
        assert_eq!(run(7), run(7));
        assert_ne!(run(7), run(8));
    }

    #[test]
    fn an_unplaced_map_settles_within_d3s_tick_budget() {
        let mut sim = Simulation::new(&[None; 30], &[], chain(30), 1, LayoutParams::default());
        assert!(!sim.is_settled());
        let steps = sim.run(10_000);
        assert!(sim.is_settled());
        // d3 cools from 1 to alpha_min in 300 ticks; f32 rounding may add one.
        assert!((295..=305).contains(&steps), "{steps} steps");
        assert!(sim.positions().iter().flatten().all(|v| v.is_finite()));
    }

    #[test]
    fn linked_nodes_end_near_the_link_distance_and_unlinked_ones_apart() {
        let mut sim = Simulation::new(&[None; 3], &[], [(0, 1)], 3, LayoutParams::default());
        sim.run(10_000);
        let p = sim.positions();
        let d =
            |a: usize, b: usize| ((p[a][0] - p[b][0]).powi(2) + (p[a][1] - p[b][1]).powi(2)).sqrt();
        let link = LayoutParams::default().link_distance;
        assert!(
            d(0, 1) > link * 0.5 && d(0, 1) < link * 2.5,
            "linked at {}",
            d(0, 1)
        );
        assert!(d(0, 2) > link * 0.5, "unlinked at {}", d(0, 2));
    }

    #[test]
    fn fixed_nodes_stay_put_and_a_fully_placed_map_does_not_move() {
        let start = [Some([10.0, 20.0]), None, None];
        let mut sim = Simulation::new(&start, &[true], chain(3), 5, LayoutParams::default());
        sim.run(10_000);
        assert_eq!(sim.positions()[0], [10.0, 20.0]);

        let placed = [Some([0.0, 0.0]), Some([1.0, 1.0])];
        let sim = Simulation::new(&placed, &[], [(0, 1)], 5, LayoutParams::default());
        assert!(sim.is_settled());
    }

    #[test]
    fn coincident_nodes_separate_instead_of_producing_nan() {
        let start = [Some([0.0, 0.0]), Some([0.0, 0.0]), None];
        let mut sim = Simulation::new(&start, &[], [(0, 1)], 0, LayoutParams::default());
        sim.reheat(1.0);
        sim.run(500);
        let p = sim.positions();
        assert!(p.iter().flatten().all(|v| v.is_finite()));
        assert_ne!(p[0], p[1]);
    }

    #[test]
    fn overlapping_footprints_are_pushed_apart() {
        let start = [Some([0.0, 0.0]), Some([10.0, 5.0]), Some([-5.0, 8.0])];
        let mut sim = Simulation::new(&start, &[], [], 2, LayoutParams::default());
        let label = Footprint {
            half_width: 60.0,
            above: 12.0,
            below: 30.0,
        };
        sim.set_footprints(vec![label; 3]);
        sim.reheat(1.0);
        sim.run(10_000);
        let p = sim.positions();
        for i in 0..3 {
            for j in (i + 1)..3 {
                let apart_x = (p[i][0] - p[j][0]).abs() >= 2.0 * label.half_width;
                let apart_y = (p[i][1] - p[j][1]).abs() >= label.above + label.below;
                assert!(apart_x || apart_y, "{i} and {j} overlap: {p:?}");
            }
        }
    }

    #[test]
    fn a_large_map_uses_barnes_hut_and_still_settles_deterministically() {
        let n = 3000;
        let run = || {
            let mut sim =
                Simulation::new(&vec![None; n], &[], chain(n), 11, LayoutParams::default());
            sim.run(40);
            sim.positions().to_vec()
        };
        let a = run();
        assert_eq!(a, run());
        assert!(a.iter().flatten().all(|v| v.is_finite()));
    }

    #[test]
    fn barnes_hut_at_theta_zero_moves_nodes_as_the_exact_sum_does() {
        // The quadtree and the exact sum are two ways to the same forces: with no
        // approximation (theta 0) they must give the same layout, or one of them is wrong.
        let n = 300;
        let run = |barnes_hut_above: usize| {
            let params = LayoutParams {
                theta: 0.0,
                barnes_hut_above,
                overlap_strength: 0.0,
                ..LayoutParams::default()
            };
            let mut sim = Simulation::new(&vec![None; n], &[], chain(n), 5, params);
            // Few steps: over many, float rounding (the two sum in different orders) grows
            // as it does between any two runs of a chaotic system.
            sim.run(10);
            sim.positions().to_vec()
        };
        let (exact, tree) = (run(usize::MAX), run(0));
        let spread = exact
            .iter()
            .map(|p| p[0].abs().max(p[1].abs()))
            .fold(0.0, f32::max);
        let worst = exact
            .iter()
            .zip(&tree)
            .map(|(a, b)| (a[0] - b[0]).abs().max((a[1] - b[1]).abs()))
            .fold(0.0, f32::max);
        assert!(
            worst < spread * 1e-4,
            "off by {worst} on a layout {spread} wide"
        );
    }

    #[test]
    fn bad_links_are_ignored() {
        let mut sim = Simulation::new(
            &[None; 2],
            &[],
            [(0, 0), (0, 9)],
            0,
            LayoutParams::default(),
        );
        sim.run(1_000);
        assert!(sim.positions().iter().flatten().all(|v| v.is_finite()));
    }

    #[test]
    fn large_maps_make_room_for_shapes_and_small_ones_for_labels_too() {
        let small = footprints(["Sirajuddin Haqqani"].into_iter(), 12.0, 13.0);
        assert_eq!(
            small,
            vec![label_footprint("Sirajuddin Haqqani", 12.0, 13.0)]
        );
        let names = vec!["Sirajuddin Haqqani"; LABEL_ROOM_BELOW];
        let large = footprints(names.iter().copied(), 12.0, 13.0);
        assert_eq!(large.len(), names.len());
        assert!(large[0].half_width < small[0].half_width);
        assert!(large[0].below < small[0].below);
    }
}
