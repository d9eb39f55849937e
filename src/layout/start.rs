//! Where a map without saved positions starts:
//! - up to [`STRESS_START_UP_TO`] entities, a stress layout
//!   ([`super::stress::layout_labelled`]) with room for every name on maps under
//!   [`super::LABEL_ROOM_BELOW`] entities, so the map opens readable, and for the shapes on
//!   larger ones (parts over a hundred nodes refine the multilevel drawing, so this stays
//!   within sfdp's time);
//! - up to [`MULTILEVEL_START_UP_TO`], when no entity has a position yet, a multilevel stress
//!   layout with room for the shapes only (such a map is read zoomed out, where names do not
//!   show): its structure at once, in a fraction of a second. The room is made as for names,
//!   by growing the drawing alike and then PRISM where shapes still overlap, so a crowded
//!   small world keeps most of its shape (the leaves of a large hub still come out as an
//!   even lattice). Crowded maps used to start from the force layout: on the layout
//!   benchmark's binary tree, mesh and geometric graph its stress was 2, 4 and 90 times the
//!   multilevel start's, on the scale-free dependency graph 0.74 times;
//! - larger maps start from the force layout's spiral, which runs on the layout worker. The
//!   start is computed on the window's thread as the map opens, and must stay short.
//!
//! The live force layout carries on from a stress start when the user asks it to move
//! (Reheat, Re-run); View ▸ Layout lays out a map of any size.

use super::{Footprint, LayoutParams, stress};

/// Maps up to this many entities start from a stress layout (with room for names under
/// [`super::LABEL_ROOM_BELOW`]): on the layout benchmark's graphs of 1 000 to 2 000 nodes it
/// took 0.1–0.4 s, within sfdp's time, at neato's stress; the multilevel start was 20–70 %
/// above neato on the dense and scale-free ones.
pub const STRESS_START_UP_TO: usize = 3000;
/// Maps up to this many entities start from a multilevel stress layout.
pub const MULTILEVEL_START_UP_TO: usize = 10_000;

/// Start positions for every node when some have none and the map is small enough: nodes with
/// a position keep it (they count as pinned for the layout), the others are placed by stress
/// around them, with room for `footprints` on maps up to [`STRESS_START_UP_TO`] entities; larger
/// maps only when no node has a position. `None` when every node has a position already, or
/// the map is too large.
pub fn stress_start(
    initial: &[Option<[f32; 2]>],
    links: &[(usize, usize)],
    footprints: &[Footprint],
    params: &LayoutParams,
    seed: u64,
) -> Option<Vec<[f32; 2]>> {
    let n = initial.len();
    if n > MULTILEVEL_START_UP_TO || initial.iter().all(Option::is_some) {
        return None;
    }
    let placed: Vec<bool> = initial.iter().map(Option::is_some).collect();
    // Only a map with no positions at all: one entity added to a large laid-out map is placed
    // by the force layout, not by laying out every other entity around it again.
    if n > STRESS_START_UP_TO && placed.iter().any(|&p| p) {
        return None;
    }
    // Large maps' footprints are their shapes alone (`super::footprints`): a multilevel
    // drawing grown alike, then PRISM only where shapes still overlap.
    let method = if n > STRESS_START_UP_TO {
        stress::Method::Multilevel
    } else {
        stress::Method::Stress
    };
    Some(stress::layout_by(
        method,
        n,
        links,
        initial,
        &placed,
        link_length_for(footprints, params.link_distance),
        seed,
        footprints,
        params.overlap_padding,
    ))
}

/// The link length a labelled stress layout uses: a fifth more than a typical name's width, so
/// that neighbours' names fit side by side without pushing the drawing out of shape (measured
/// on the bundled map: at the window's 90 the names must move so far that stress doubles, at
/// the median name's width it still grows by 70 %, at a fifth more by a fifth, and every name
/// shows at fit view in 1280 × 800), but never less than `link_distance` nor more than twice
/// it.
pub fn link_length_for(footprints: &[Footprint], link_distance: f32) -> f32 {
    if footprints.is_empty() {
        return link_distance;
    }
    let mut widths: Vec<f32> = footprints.iter().map(|f| 2.0 * f.half_width).collect();
    widths.sort_by(f32::total_cmp);
    (1.2 * widths[widths.len() / 2]).clamp(link_distance, 2.0 * link_distance)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_map_starts_with_no_two_names_overlapping() {
        let doc = crate::io::bundled_map().unwrap();
        let links: Vec<(usize, usize)> = doc.relation_ends().into_iter().flatten().collect();
        let fp = super::super::footprints(doc.entities.iter().map(|e| e.name.as_str()), 12.0, 13.0);
        let initial = vec![None; doc.entities.len()];
        let params = LayoutParams::default();
        let p = stress_start(&initial, &links, &fp, &params, crate::layout::DEFAULT_SEED).unwrap();
        assert!(super::super::tidy::overlapping_pairs(&p, &fp, 0.0).is_empty());
        // Still a stress layout: room for names and lines kept off them cost some stress
        // (0.081 without names, as neato's 0.079), but far from the force layout's 0.16.
        let s = stress::normalised_stress(&p, &links);
        assert!(s < 0.135, "normalised stress {s}");
        // Placed nodes keep their place; a map laid out already is left to the caller.
        let mut half = initial.clone();
        half[0] = Some([500.0, -300.0]);
        let q = stress_start(&half, &links, &fp, &params, 7).unwrap();
        assert_eq!(q[0], [500.0, -300.0]);
        let all: Vec<Option<[f32; 2]>> = p.iter().map(|&x| Some(x)).collect();
        assert!(stress_start(&all, &links, &fp, &params, 7).is_none());
    }

    #[test]
    fn larger_maps_start_from_stress_then_multilevel_and_a_very_large_one_from_none() {
        let side = 60;
        let mut links = Vec::new();
        for i in 0..side * side {
            if i % side + 1 < side {
                links.push((i, i + 1));
            }
            if i + side < side * side {
                links.push((i, i + side));
            }
        }
        let n = side * side;
        assert!(n > STRESS_START_UP_TO);
        let fp = super::super::footprints(std::iter::repeat_n("Node", n), 12.0, 13.0);
        let params = LayoutParams::default();
        let p = stress_start(&vec![None; n], &links, &fp, &params, 3).unwrap();
        let s = stress::normalised_stress(&p, &links);
        assert!(s < 0.03, "normalised stress {s}");
        // A crowded small world of 1 600 (stress, room for shapes alone): its shapes parted
        // while its shape is kept.
        let n = 1600;
        let fp = super::super::footprints(std::iter::repeat_n("Node", n), 12.0, 13.0);
        let mut state = 5u64;
        let mut random = Vec::new();
        for i in 1..n {
            random.push((i - 1, i));
            state = crate::layout::splitmix64(state);
            random.push((i, (state % n as u64) as usize));
            state = crate::layout::splitmix64(state);
            random.push((i, (state % n as u64) as usize));
        }
        let p = stress_start(&vec![None; n], &random, &fp, &params, 3).unwrap();
        assert!(super::super::tidy::overlapping_pairs(&p, &fp, 0.0).is_empty());
        let huge = vec![None; MULTILEVEL_START_UP_TO + 1];
        assert!(stress_start(&huge, &[], &[], &params, 3).is_none());
        // An entity added to a large map laid out already is left to the force layout.
        let grid_n = side * side;
        let grid_fp = super::super::footprints(std::iter::repeat_n("Node", grid_n), 12.0, 13.0);
        let mut added: Vec<Option<[f32; 2]>> = (0..grid_n).map(|i| Some([i as f32, 0.0])).collect();
        added[5] = None;
        assert!(stress_start(&added, &links, &grid_fp, &params, 3).is_none());
    }
}
