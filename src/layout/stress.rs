//! Stress layout by stochastic gradient descent (Zheng, Pawar and Goodman, "Graph Drawing by
//! Stochastic Gradient Descent", 2019): place nodes so that their distances on the page match
//! their distances in the graph, the energy Kamada-Kawai and Graphviz's neato minimise,
//! minimised pair by pair with an annealed step. Seeded and deterministic; pinned nodes stay.
//!
//! Graph distances come from a breadth-first search from every node, so full stress is for
//! parts of up to [`SPARSE_ABOVE`] entities, or three thousand when the part is a small world
//! (its memory and time grow with the square of the count); larger parts are laid out by
//! sparse stress with pivots (`super::sparse`) from a pivot MDS start (`super::pivot_mds`),
//! or, with [`Method::Multilevel`], coarsened and refined level by level
//! (`super::multilevel`). Disconnected parts are laid out apart and packed side by side.
//!
//! Parts of full stress over [`REFINE_ABOVE`] nodes start from the multilevel drawing
//! (`super::multilevel`) and refine it with short steps, as a neato run from a good start: from
//! a random scatter the descent folded long paths (a long-path tree 16 % above neato), and a
//! third of the passes suffice.
//!
//! In a dense small world, graph distances draw an even disc; there the links between groups
//! (weak ties, `super::ties`) are drawn longer, so the groups stand apart, and a short run of
//! the force layout from the stress drawing (`super::ties::polish`) draws each group together.
//!
//! Room for names: parts of full stress make it in the descent's last passes; larger parts
//! are grown alike until most neighbouring footprints stand clear ([`tidy::room_scale`]).
//! PRISM then parts what still overlaps, locally.

use super::graph::{components, local_adjacency, small_world};
use super::{Footprint, adjacency, splitmix64, tidy};

pub use super::measure::{normalised_stress, normalised_stress_sampled};

/// How many passes over all pairs the descent makes.
const ITERATIONS: usize = 30;
/// Passes after the annealing in which pairs whose footprints overlap also ask for the room
/// their shapes and names need.
const LABEL_ITERATIONS: usize = 12;
/// Parts of full stress over this many nodes refine the multilevel drawing.
pub const REFINE_ABOVE: usize = 100;
/// The largest step when refining, relative to a link's weight: pairs up to two links apart
/// may move fully, farther ones keep the multilevel drawing's shape.
const REFINE_ETA: f32 = 4.0;
/// Passes when refining.
const REFINE_ITERATIONS: usize = 10;
/// The smallest step, relative to the closest pairs' weight.
const EPSILON: f32 = 0.1;
/// Parts with more nodes than this are laid out by sparse stress (`super::sparse`): all-pairs
/// distances would take too much memory and time.
pub const SPARSE_ABOVE: usize = 1500;
/// Maps up to this many entities make room for names in the descent's last passes, where
/// pairs whose footprints overlap ask for the distance that parts them; larger maps grow
/// alike, then PRISM (`tidy::room_scale`). A small map is read whole at fit view, where names
/// are drawn at least 11 points: growing alike kept the bundled map's stress at neato's
/// (0.080 against 0.110 in the descent) but showed 4 of a selected Taliban's 15 captions at
/// fit view, against 8. A larger map is read zoomed in, and growing alike keeps its shape:
/// the hypercube with names like "Node 12" came out 1.26 times as wide as tall from the
/// descent (the issue saw 2.5), 1.07 grown alike (plain: 1.01), and stress on the
/// benchmark's graphs of 235 to 1 700 nodes went from 4–26 % above the plain layout's to
/// within 2 % (6 % on the five-block partition).
pub const ROOM_IN_DESCENT_UP_TO: usize = 100;
/// Small worlds ([`small_world`]) are drawn by full stress up to this many nodes.
const SMALL_WORLD_FULL_UP_TO: usize = 3000;

/// What a stress layout of `n` nodes joined by `links` comes to, for `quality` and tests:
/// positions by node index.
pub fn layout(
    n: usize,
    links: &[(usize, usize)],
    initial: &[Option<[f32; 2]>],
    pinned: &[bool],
    link_length: f32,
    seed: u64,
) -> Vec<[f32; 2]> {
    layout_labelled(n, links, initial, pinned, link_length, seed, &[], 0.0)
}

/// How a stress layout draws parts of a map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Method {
    /// Full stress, and sparse stress with pivots for parts over [`SPARSE_ABOVE`] entities
    /// (Graphviz's neato).
    #[default]
    Stress,
    /// Parts over a few hundred entities are coarsened, laid out small and refined level by
    /// level (`super::multilevel`, as Graphviz's sfdp): the fastest for large maps.
    Multilevel,
}

/// A stress layout that makes room for each node's `footprints` (its shape and its name,
/// [`super::footprints`]) with `padding` between them: in parts of full stress, after the
/// descent on graph distances, pairs whose footprints overlap ask for the distance that
/// separates them; larger parts are grown alike ([`tidy::room_scale`], as Graphviz's
/// `overlap_scaling`); a final PRISM pass ([`tidy`]) removes what overlap is left while keeping
/// the drawing's shape.
#[allow(clippy::too_many_arguments)]
pub fn layout_labelled(
    n: usize,
    links: &[(usize, usize)],
    initial: &[Option<[f32; 2]>],
    pinned: &[bool],
    link_length: f32,
    seed: u64,
    footprints: &[Footprint],
    padding: f32,
) -> Vec<[f32; 2]> {
    layout_by(
        Method::Stress,
        n,
        links,
        initial,
        pinned,
        link_length,
        seed,
        footprints,
        padding,
    )
}

/// [`layout_labelled`] with large parts drawn by `method`.
#[allow(clippy::too_many_arguments)]
pub fn layout_by(
    method: Method,
    n: usize,
    links: &[(usize, usize)],
    initial: &[Option<[f32; 2]>],
    pinned: &[bool],
    link_length: f32,
    seed: u64,
    footprints: &[Footprint],
    padding: f32,
) -> Vec<[f32; 2]> {
    let labelled = footprints.len() >= n && n > 0;
    let room = Room {
        footprints: if labelled { footprints } else { &[] },
        padding,
        method,
        in_descent: n <= ROOM_IN_DESCENT_UP_TO,
    };
    let adjacency = adjacency(n, links);
    let components = components(n, &adjacency);
    let mut out = vec![[0.0f32; 2]; n];
    let drawn: Vec<(Vec<[f32; 2]>, bool)> = components
        .iter()
        .enumerate()
        .map(|(c, members)| {
            component(
                members,
                &adjacency,
                initial,
                pinned,
                link_length,
                seed ^ (c as u64).wrapping_mul(0x9e37_79b9),
                &room,
            )
        })
        .collect();
    let drawn: Vec<Vec<[f32; 2]>> = if labelled {
        // Parts too large to make room during the descent (sparse and multilevel ones) get it
        // by growing alike first, which keeps their shapes and their sizes against each
        // other; what overlap is left goes by PRISM below, locally.
        let grown = |members: &[usize], made_room: bool| {
            !made_room
                && !members
                    .iter()
                    .any(|&i| pinned.get(i).copied().unwrap_or(false))
        };
        let scale = components
            .iter()
            .zip(&drawn)
            .filter(|(members, (_, made_room))| grown(members, *made_room))
            .map(|(members, (placed, _))| {
                let fp: Vec<Footprint> = members.iter().map(|&i| footprints[i]).collect();
                tidy::room_scale(placed, &fp, padding)
            })
            .fold(1.0f32, f32::max);
        components
            .iter()
            .zip(drawn)
            .map(|(members, (mut placed, made_room))| {
                if grown(members, made_room) {
                    let k = placed.len() as f32;
                    let (cx, cy) = placed
                        .iter()
                        .fold((0.0, 0.0), |(x, y), p| (x + p[0] / k, y + p[1] / k));
                    for p in placed.iter_mut() {
                        *p = [cx + (p[0] - cx) * scale, cy + (p[1] - cy) * scale];
                    }
                }
                placed
            })
            .collect()
    } else {
        drawn.into_iter().map(|(placed, _)| placed).collect()
    };
    let mut boxes: Vec<(usize, [f32; 4])> = Vec::new();
    for (c, (members, placed)) in components.iter().zip(&drawn).enumerate() {
        for (&i, p) in members.iter().zip(placed) {
            out[i] = *p;
        }
        boxes.push((c, room.bounds(members, placed)));
    }
    // Components with a pinned node stay where they are; the others are packed in rows beside
    // them, biggest first, as Graphviz's pack does.
    let anchored: Vec<bool> = components
        .iter()
        .map(|m| m.iter().any(|&i| pinned.get(i).copied().unwrap_or(false)))
        .collect();
    if labelled {
        super::pack::pack(
            &components,
            &adjacency,
            &anchored,
            &mut out,
            footprints,
            link_length * 0.5,
        );
    } else {
        super::pack::pack_boxes(&components, &mut boxes, &anchored, &mut out, link_length);
    }
    if labelled {
        tidy::remove_overlaps(&mut out, footprints, pinned, padding);
        // Lines kept off names matter where names are read; a map of thousands is read
        // zoomed out, and moving its nodes off lines took most of its layout's time.
        if n < super::LABEL_ROOM_BELOW {
            tidy::clear_lines(&mut out, footprints, links, pinned, padding);
        }
    }
    out
}

/// The room nodes need beyond their graph distances (their footprints, if any), and how
/// large parts are drawn.
struct Room<'a> {
    footprints: &'a [Footprint],
    padding: f32,
    method: Method,
    /// Whether parts of full stress make room in the descent's last passes (small maps,
    /// [`ROOM_IN_DESCENT_UP_TO`]) rather than by growing alike.
    in_descent: bool,
}

impl Room<'_> {
    /// The distance along the line from node `i` to node `j` (offset `dx`, `dy`, length
    /// `len`) at which their footprints stop overlapping, or `None` without footprints.
    fn separation(&self, i: usize, j: usize, dx: f32, dy: f32, len: f32) -> Option<f32> {
        let (fi, fj) = (self.footprints.get(i)?, self.footprints.get(j)?);
        Some(super::separation(*fi, *fj, dx, dy, len, self.padding))
    }

    /// The box of a component's nodes, with their footprints.
    fn bounds(&self, members: &[usize], placed: &[[f32; 2]]) -> [f32; 4] {
        let mut b = super::pack::bounds(placed);
        if self.footprints.is_empty() {
            return b;
        }
        b = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];
        for (&i, p) in members.iter().zip(placed) {
            let f = self.footprints.get(i).copied().unwrap_or_default();
            b = [
                b[0].min(p[0] - f.half_width),
                b[1].min(p[1] - f.above),
                b[2].max(p[0] + f.half_width),
                b[3].max(p[1] + f.below),
            ];
        }
        b
    }
}

/// A deterministic generator for the pair order.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = splitmix64(self.0);
        (self.0 % n as u64) as usize
    }

    fn unit(&mut self) -> f32 {
        self.0 = splitmix64(self.0);
        (self.0 >> 40) as f32 / (1u64 << 24) as f32
    }
}

/// One connected component laid out by SGD; positions in `members`' order, and whether room
/// for its footprints was made during the descent (parts of full stress with footprints).
fn component(
    members: &[usize],
    adj: &[Vec<usize>],
    initial: &[Option<[f32; 2]>],
    pinned: &[bool],
    link_length: f32,
    seed: u64,
    room: &Room<'_>,
) -> (Vec<[f32; 2]>, bool) {
    let m = members.len();
    let mut rng = Rng(seed);
    let fixed: Vec<bool> = members
        .iter()
        .map(|&i| {
            pinned.get(i).copied().unwrap_or(false) && initial.get(i).is_some_and(|p| p.is_some())
        })
        .collect();
    // Start: given positions for pinned nodes, a seeded scatter for the rest (the descent
    // forgets its start, so where unpinned nodes were does not matter).
    let spread = link_length * (m as f32).sqrt();
    let mut pos: Vec<[f32; 2]> = members
        .iter()
        .enumerate()
        .map(|(k, &i)| match initial.get(i).copied().flatten() {
            Some(p) if fixed[k] => p,
            _ => [(rng.unit() - 0.5) * spread, (rng.unit() - 0.5) * spread],
        })
        .collect();
    if m < 2 {
        return (pos, false);
    }
    // The component's links in its own indices.
    let local_adj = local_adjacency(members, adj);
    if room.method == Method::Multilevel && m > super::multilevel::COARSEST {
        let placed = super::multilevel::component(&local_adj, pos, &fixed, link_length, seed);
        return (placed, false);
    }
    // A small world (a few hops from anyone to anyone, as dependency graphs with hubs) is
    // drawn badly by sparse stress: its pivots cannot tell apart the hundreds of nodes at one
    // hub. Full stress draws it up to a few thousand nodes in about a second.
    let full = m <= SPARSE_ABOVE || (m <= SMALL_WORLD_FULL_UP_TO && small_world(&local_adj));
    if !full {
        // Sparse stress starts from pivot MDS, already unfolded, as Ortmann, Klimenta and
        // Brandes start it. Full stress keeps its seeded scatter: from pivot MDS it ended
        // 2–4 % lower on Les Misérables and the bundled map, but the bundled map's new
        // drawing showed fewer of a selected hub's captions at fit view.
        if !fixed.contains(&true)
            && let Some(start) = super::pivot_mds::pivot_mds(&local_adj, seed)
        {
            pos = start
                .iter()
                .map(|p| [p[0] * link_length, p[1] * link_length])
                .collect();
        }
        let near = super::sparse::Near::Exact(super::sparse::EXACT_HOPS);
        let placed = super::sparse::component(&local_adj, pos, &fixed, link_length, near, seed);
        return (placed, false);
    }
    let mut pairs = super::ties::part_pairs(&local_adj);
    let polished = !fixed.contains(&true) && super::ties::dense_small_world(&local_adj);
    let making_room = (!room.footprints.is_empty() && room.in_descent).then_some((room, members));
    // A larger part refines the multilevel drawing with short steps; pinned nodes would be
    // moved by the multilevel pass, so a part with one starts from the scatter.
    let schedule = if m > REFINE_ABOVE && !fixed.contains(&true) {
        pos = super::multilevel::component(&local_adj, pos, &fixed, link_length, seed);
        Schedule {
            eta_max: Some(REFINE_ETA),
            iterations: REFINE_ITERATIONS,
        }
    } else {
        Schedule {
            eta_max: None,
            iterations: ITERATIONS,
        }
    };
    anneal(
        &mut pos,
        &mut pairs,
        &fixed,
        link_length,
        &mut rng,
        schedule,
        making_room,
    );
    if polished {
        pos = super::ties::polish(&local_adj, &pos, link_length, seed);
    }
    (pos, making_room.is_some())
}

/// The descent's steps: the largest (`None`: the farthest pair's weight, forgetting the
/// start) and how many passes anneal it down to [`EPSILON`].
#[derive(Debug, Clone, Copy)]
struct Schedule {
    eta_max: Option<f32>,
    iterations: usize,
}

/// The descent over `pairs` (local indices and graph distances), annealed by `schedule`, then
/// the passes that make room; `fixed` nodes stay.
fn anneal(
    pos: &mut [[f32; 2]],
    pairs: &mut [(u32, u32, f32)],
    fixed: &[bool],
    link_length: f32,
    rng: &mut Rng,
    schedule: Schedule,
    making_room: Option<(&Room<'_>, &[usize])>,
) {
    let d_max = pairs.iter().map(|p| p.2).fold(1.0f32, f32::max);
    let eta_max = schedule
        .eta_max
        .map_or(d_max * d_max, |e| e.min(d_max * d_max));
    let eta_min = EPSILON.min(eta_max);
    let iterations = schedule.iterations.max(2);
    let lambda = (eta_max / eta_min).ln() / (iterations - 1) as f32;
    let passes = iterations
        + if making_room.is_some() {
            LABEL_ITERATIONS
        } else {
            0
        };
    for t in 0..passes {
        // After the annealing, the step stays at its smallest while names make room.
        let eta = eta_max * (-lambda * t.min(iterations - 1) as f32).exp();
        let room = making_room.filter(|_| t >= iterations);
        // Fisher-Yates, seeded: the same order every run. Refining a good start needs no new
        // order each pass (the same stress, a third of the time on the planted partitions).
        if t == 0 || schedule.eta_max.is_none() {
            for k in (1..pairs.len()).rev() {
                let j = rng.below(k + 1);
                pairs.swap(k, j);
            }
        }
        for &(i, j, d) in pairs.iter() {
            let (i, j) = (i as usize, j as usize);
            if fixed[i] && fixed[j] {
                continue;
            }
            let mut w = 1.0 / (d * d);
            let mut target = d * link_length;
            let (dx, dy) = (pos[i][0] - pos[j][0], pos[i][1] - pos[j][1]);
            let len = (dx * dx + dy * dy).sqrt().max(1e-3);
            if let Some((room, members)) = room
                && let Some(sep) = room.separation(members[i], members[j], -dx, -dy, len)
                && sep > len
                && sep > target
            {
                // Overlapping: as strong as a link, whatever the graph distance.
                target = sep;
                w = w.max(1.0);
            }
            let mu = (w * eta).min(1.0);
            let r = (len - target) / 2.0 * mu;
            let (rx, ry) = (r * dx / len, r * dy / len);
            match (fixed[i], fixed[j]) {
                (false, false) => {
                    pos[i] = [pos[i][0] - rx, pos[i][1] - ry];
                    pos[j] = [pos[j][0] + rx, pos[j][1] + ry];
                }
                (true, false) => pos[j] = [pos[j][0] + 2.0 * rx, pos[j][1] + 2.0 * ry],
                (false, true) => pos[i] = [pos[i][0] - 2.0 * rx, pos[i][1] - 2.0 * ry],
                (true, true) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::io::generate::grid_links as grid;

    #[test]
    fn a_grid_comes_out_as_a_grid() {
        let side = 10;
        let links = grid(side);
        let n = side * side;
        let p = layout(n, &links, &vec![None; n], &[], 50.0, 7);
        let stress = normalised_stress(&p, &links);
        assert!(
            stress < 0.02,
            "a grid is drawn almost exactly: stress {stress}"
        );
        // Each row's points lie on a line: their distance from the line through its ends is
        // small against the spacing.
        for r in 0..side {
            let (a, b) = (p[r * side], p[r * side + side - 1]);
            let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
            let len = (dx * dx + dy * dy).sqrt();
            for c in 0..side {
                let q = p[r * side + c];
                let off = ((q[0] - a[0]) * dy - (q[1] - a[1]) * dx).abs() / len;
                assert!(off < 15.0, "row {r} bends by {off}");
            }
        }
    }

    #[test]
    fn small_worlds_are_told_from_wide_parts() {
        let to_local = |links: &[(usize, usize)], n: usize| -> Vec<Vec<u32>> {
            let mut adj = vec![Vec::new(); n];
            for &(a, b) in links {
                adj[a].push(b as u32);
                adj[b].push(a as u32);
            }
            adj
        };
        // A 40 × 40 grid is 78 hops across: wide.
        assert!(!small_world(&to_local(&grid(40), 1600)));
        // Hubs with leaves, each hub linked to the next and to a random other: a few hops.
        let n = 1600;
        let mut links: Vec<(usize, usize)> = (0..40).map(|h| (h, (h * 7 + 3) % 40)).collect();
        links.extend((0..39).map(|h| (h, h + 1)));
        links.extend((40..n).map(|i| (i, i % 40)));
        links.retain(|(a, b)| a != b);
        assert!(small_world(&to_local(&links, n)));
    }

    #[test]
    fn the_same_seed_gives_the_same_layout_and_pins_stay() {
        let links = grid(6);
        let n = 36;
        let mut initial = vec![None; n];
        initial[0] = Some([1000.0, -500.0]);
        let mut pinned = vec![false; n];
        pinned[0] = true;
        let a = layout(n, &links, &initial, &pinned, 50.0, 3);
        let b = layout(n, &links, &initial, &pinned, 50.0, 3);
        assert_eq!(a, b);
        assert_eq!(a[0], [1000.0, -500.0], "the pinned node stays");
        let near = ((a[1][0] - 1000.0).powi(2) + (a[1][1] + 500.0).powi(2)).sqrt();
        assert!(
            (near - 50.0).abs() < 10.0,
            "its neighbour is a link away: {near}"
        );
    }

    #[test]
    fn parts_are_packed_beside_each_other() {
        // Two triangles and a lone node.
        let links = [(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3)];
        let p = layout(7, &links, &[None; 7], &[], 50.0, 1);
        let span = |k: usize| {
            p.iter().map(|q| q[k]).fold(f32::MIN, f32::max)
                - p.iter().map(|q| q[k]).fold(f32::MAX, f32::min)
        };
        assert!(span(0) < 400.0 && span(1) < 400.0, "packed close: {p:?}");
    }
}
