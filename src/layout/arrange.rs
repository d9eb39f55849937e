//! One entry to every layout relmap offers, over node indices: the window's View ▸ Layout
//! steps and `relmap layout --algorithm` both call [`arrange`].
//!
//! Every algorithm is seeded and deterministic, leaves pinned nodes where they are, and makes
//! room for each node's footprint. Structured layouts (hierarchical, radial, circular, grid)
//! are drawn around the middle of where the map was, so the view does not jump.

use super::{Footprint, LayoutParams, Simulation, layered, rings, start, stress, tidy};

/// The layouts relmap offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// Distances on the page match distances in the map (Graphviz's neato), with room for
    /// names.
    Stress,
    /// Stress for large maps: coarsened level by level, laid out small and refined (as
    /// Graphviz's sfdp).
    Multilevel,
    /// The window's live force layout, run to rest.
    Force,
    /// Layers by directed relations of the hierarchy's kinds.
    Hierarchical,
    /// Rings around one entity, by hops.
    Radial,
    /// One circle, grouped.
    Circular,
    /// Rows, grouped.
    Grid,
    /// The map as it is, with overlapping names moved apart and its shape kept.
    Tidy,
}

impl Algorithm {
    pub const ALL: [Algorithm; 8] = [
        Algorithm::Stress,
        Algorithm::Multilevel,
        Algorithm::Force,
        Algorithm::Hierarchical,
        Algorithm::Radial,
        Algorithm::Circular,
        Algorithm::Grid,
        Algorithm::Tidy,
    ];

    /// Its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Stress => "stress",
            Algorithm::Multilevel => "multilevel",
            Algorithm::Force => "force",
            Algorithm::Hierarchical => "hierarchical",
            Algorithm::Radial => "radial",
            Algorithm::Circular => "circular",
            Algorithm::Grid => "grid",
            Algorithm::Tidy => "tidy",
        }
    }

    pub fn from_name(name: &str) -> Option<Algorithm> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }
}

/// What a layout is given.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// Every relation, as the indices of its ends.
    pub links: &'a [(usize, usize)],
    /// The hierarchy, as (upper, lower) pairs, for [`Algorithm::Hierarchical`].
    pub hierarchy: &'a [(usize, usize)],
    /// A group for each node (its kind, or its community): circles and grids keep groups
    /// together.
    pub groups: &'a [usize],
    /// The map's group each node is in (its outermost), if any: the hierarchy keeps each
    /// group's members side by side in a row; the other layouts are given springs between
    /// them in `links`.
    pub blocks: &'a [Option<usize>],
    /// Where each node is now.
    pub current: &'a [Option<[f32; 2]>],
    pub pinned: &'a [bool],
    pub footprints: &'a [Footprint],
    /// The centre of [`Algorithm::Radial`].
    pub centre: Option<usize>,
    pub params: LayoutParams,
    pub seed: u64,
}

/// Why a layout could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ArrangeError {
    #[error("a radial layout needs an entity at its centre: select one")]
    NoCentre,
}

/// Positions for every node by `algorithm`; pinned nodes keep theirs.
pub fn arrange(algorithm: Algorithm, input: &Input<'_>) -> Result<Vec<[f32; 2]>, ArrangeError> {
    let n = input.current.len();
    let fp = input.footprints;
    let pad = input.params.overlap_padding;
    let length = start::link_length_for(fp, input.params.link_distance);
    let pinned = |i: usize| input.pinned.get(i).copied().unwrap_or(false);
    let kept: Vec<Option<[f32; 2]>> = (0..n)
        .map(|i| input.current[i].filter(|_| pinned(i)))
        .collect();
    let placed_pins: Vec<bool> = kept.iter().map(Option::is_some).collect();
    let mut anchor = None;
    let drawn = match algorithm {
        Algorithm::Stress | Algorithm::Multilevel => {
            let method = if algorithm == Algorithm::Multilevel {
                stress::Method::Multilevel
            } else {
                stress::Method::Stress
            };
            return Ok(stress::layout_by(
                method,
                n,
                input.links,
                &kept,
                &placed_pins,
                length,
                input.seed,
                fp,
                pad,
            ));
        }
        Algorithm::Force => {
            let start: Vec<Option<[f32; 2]>> = input.current.to_vec();
            // The force layout proper, whatever moves the live layout.
            let params = super::LayoutParams {
                model: super::LiveModel::Force,
                ..input.params
            };
            let mut sim = Simulation::new(
                &start,
                &placed_pins,
                input.links.iter().copied(),
                input.seed,
                params,
            );
            sim.set_footprints(fp.to_vec());
            sim.reheat(1.0);
            sim.run(100_000);
            return Ok(sim.positions().to_vec());
        }
        Algorithm::Tidy => {
            let mut p = match start::stress_start(
                input.current,
                input.links,
                fp,
                &input.params,
                input.seed,
            ) {
                Some(p) => p,
                None => input
                    .current
                    .iter()
                    .map(|p| p.unwrap_or_default())
                    .collect(),
            };
            tidy::remove_overlaps(&mut p, fp, &placed_pins, pad);
            return Ok(p);
        }
        Algorithm::Hierarchical => layered::layered_in_blocks(
            n,
            input.hierarchy,
            input.links,
            input.blocks,
            fp,
            length,
            pad,
        ),
        Algorithm::Radial => {
            let centre = input
                .centre
                .filter(|&c| c < n)
                .ok_or(ArrangeError::NoCentre)?;
            anchor = Some(centre);
            rings::radial(n, input.links, centre, fp, length, pad)
        }
        Algorithm::Circular => {
            rings::circular(&grouped_order(input), input.groups, fp, length, pad)
        }
        Algorithm::Grid => rings::grid(&grouped_order(input), fp, length, pad),
    };
    Ok(around_the_map(drawn, input, &placed_pins, anchor))
}

/// Nodes by group, the most connected first within a group, then by index.
fn grouped_order(input: &Input<'_>) -> Vec<usize> {
    let n = input.current.len();
    let mut degree = vec![0usize; n];
    for &(a, b) in input.links {
        if a < n && b < n {
            degree[a] += 1;
            degree[b] += 1;
        }
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| {
        (
            input.groups.get(i).copied().unwrap_or(0),
            std::cmp::Reverse(degree[i]),
            i,
        )
    });
    order
}

/// A structured drawing moved so its middle is where the map's middle was (or `anchor` where
/// that node was: the radial layout's centre), with pinned nodes put back and, if they now
/// overlap something, room made around them.
fn around_the_map(
    mut drawn: Vec<[f32; 2]>,
    input: &Input<'_>,
    pins: &[bool],
    anchor: Option<usize>,
) -> Vec<[f32; 2]> {
    let middle = |points: &mut dyn Iterator<Item = [f32; 2]>| {
        let (mut lo, mut hi) = ([f32::MAX; 2], [f32::MIN; 2]);
        for p in points {
            lo = [lo[0].min(p[0]), lo[1].min(p[1])];
            hi = [hi[0].max(p[0]), hi[1].max(p[1])];
        }
        (lo[0] <= hi[0]).then(|| [(lo[0] + hi[0]) / 2.0, (lo[1] + hi[1]) / 2.0])
    };
    let anchored =
        anchor.and_then(|c| Some((input.current.get(c).copied().flatten()?, *drawn.get(c)?)));
    let shift = match anchored {
        Some(pair) => Some(pair),
        None => middle(&mut input.current.iter().flatten().copied())
            .zip(middle(&mut drawn.iter().copied())),
    };
    if let Some((was, now)) = shift {
        let (dx, dy) = (was[0] - now[0], was[1] - now[1]);
        for p in &mut drawn {
            *p = [p[0] + dx, p[1] + dy];
        }
    }
    let mut any_pin = false;
    for (i, p) in drawn.iter_mut().enumerate() {
        if pins.get(i).copied().unwrap_or(false)
            && let Some(Some(at)) = input.current.get(i)
        {
            *p = *at;
            any_pin = true;
        }
    }
    if any_pin {
        tidy::remove_overlaps(
            &mut drawn,
            input.footprints,
            pins,
            input.params.overlap_padding,
        );
    }
    drawn
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small map: a chain 0-1-2-3 with a branch 1-4, and 5 on its own.
    fn input<'a>(
        links: &'a [(usize, usize)],
        current: &'a [Option<[f32; 2]>],
        pinned: &'a [bool],
        footprints: &'a [Footprint],
    ) -> Input<'a> {
        Input {
            links,
            hierarchy: links,
            groups: &[0, 0, 1, 1, 2, 2],
            blocks: &[],
            current,
            pinned,
            footprints,
            centre: Some(1),
            params: LayoutParams::default(),
            seed: 7,
        }
    }

    #[test]
    fn every_layout_is_deterministic_keeps_pins_and_leaves_no_names_overlapping() {
        let links = [(0, 1), (1, 2), (2, 3), (1, 4)];
        let current: Vec<Option<[f32; 2]>> = (0..6)
            .map(|i| Some([i as f32 * 3.0, (i % 2) as f32 * 5.0]))
            .collect();
        let fp = vec![super::super::label_footprint("Jalaluddin Haqqani", 12.0, 13.0); 6];
        let mut pinned = vec![false; 6];
        pinned[3] = true;
        let inp = input(&links, &current, &pinned, &fp);
        for algorithm in Algorithm::ALL {
            let a = arrange(algorithm, &inp).unwrap();
            let b = arrange(algorithm, &inp).unwrap();
            assert_eq!(a, b, "{algorithm:?} is deterministic");
            assert_eq!(a[3], [9.0, 5.0], "{algorithm:?} keeps the pin");
            assert!(a.iter().all(|p| p[0].is_finite() && p[1].is_finite()));
            if algorithm != Algorithm::Force {
                let left = tidy::overlapping_pairs(&a, &fp, 0.0);
                assert!(left.is_empty(), "{algorithm:?}: {left:?}");
            }
            assert_eq!(Algorithm::from_name(algorithm.name()), Some(algorithm));
        }
    }

    #[test]
    fn a_radial_layout_needs_a_centre_and_keeps_it_in_place() {
        let links = [(0, 1), (1, 2), (2, 3), (1, 4)];
        let current: Vec<Option<[f32; 2]>> =
            (0..6).map(|i| Some([i as f32 * 100.0, 0.0])).collect();
        let fp = vec![Footprint::default(); 6];
        let mut inp = input(&links, &current, &[], &fp);
        let p = arrange(Algorithm::Radial, &inp).unwrap();
        assert_eq!(p[1], [100.0, 0.0], "the centre stays where it was");
        inp.centre = None;
        assert_eq!(
            arrange(Algorithm::Radial, &inp),
            Err(ArrangeError::NoCentre)
        );
    }
}
