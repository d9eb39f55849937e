//! Where the captions of emphasised relations go, so they do not pile up.
//!
//! Selecting a hub shows the captions of all its relations. Each caption used to be drawn at
//! the middle of its line, so they covered each other and the names of the entities around
//! it. Here each caption tries spots along its own line, from the middle outwards:
//! - it never covers a caption placed before it, and is left out if every spot would;
//!   pointing at its line shows it;
//! - among the spots left, it takes the one that covers the least of the entities and their
//!   names, the nearest the middle among equals. On a crowded map a caption may be wider
//!   than its line, and covering something is then unavoidable.
//!
//! Captions that must show (the relation under the pointer, the selected relation) are placed
//! first, at their least covered spot; then those of contested relations, which are what a
//! map of disputed claims is read for; then the rest. Labelling edges along their own line, and leaving out
//! what cannot be placed, is what yEd's and Sigma's label placement do too.

use egui::{Pos2, Rect, Vec2};

pub use super::base::point_on;

/// Where along its line (0 = start, 1 = end) a caption may sit, best first.
const SPOTS: [f32; 7] = [0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78];

/// One caption to place: its relation's line on screen and the caption's size there.
#[derive(Debug, Clone, Copy)]
pub struct CaptionRequest {
    /// Start, end and (for a curve) control point of the line, in screen coordinates.
    pub line: (Pos2, Pos2, Option<Pos2>),
    /// The caption's box, including its backing.
    pub size: Vec2,
    /// Shown even when every spot is covered: the relation under the pointer or selected.
    pub must_show: bool,
    /// Placed before the others: a contested relation, the kind of claim a map is read for.
    pub first: bool,
}

/// How much of `rect` the given boxes cover, in square points.
fn covered<'a>(rect: Rect, boxes: impl IntoIterator<Item = &'a Rect>) -> f32 {
    boxes
        .into_iter()
        .map(|o| {
            let i = rect.intersect(*o);
            if i.is_positive() { i.area() } else { 0.0 }
        })
        .sum()
}

/// Where each requested caption goes: the fraction along its line, or `None` when it is
/// left out. Requests that must show are placed first, then those marked `first`, then the
/// rest, each group in the order given, so the result is the same from frame to frame while
/// nothing moves.
pub fn place(requests: &[CaptionRequest], obstacles: &[Rect]) -> Vec<Option<f32>> {
    let mut out = vec![None; requests.len()];
    let mut taken: Vec<Rect> = Vec::with_capacity(requests.len());
    let rank = |r: &CaptionRequest| match (r.must_show, r.first) {
        (true, _) => 0,
        (false, true) => 1,
        (false, false) => 2,
    };
    let mut order: Vec<(usize, &CaptionRequest)> = requests.iter().enumerate().collect();
    // Stable: within a rank, the order given.
    order.sort_by_key(|(_, r)| rank(r));
    for (i, request) in order {
        let at = |t: f32| Rect::from_center_size(point_on(request.line, t), request.size);
        // Best first: the spot that covers least, the nearest the middle among equals.
        let least = |spots: &mut dyn Iterator<Item = (f32, f32)>| {
            spots
                .min_by(|(_, a), (_, b)| a.total_cmp(b))
                .map(|(t, _)| t)
        };
        let spot = if request.must_show {
            least(
                &mut SPOTS
                    .iter()
                    .map(|&t| (t, covered(at(t), taken.iter().chain(obstacles)))),
            )
        } else {
            // Never over another caption; over entities and names as little as it can.
            least(
                &mut SPOTS
                    .iter()
                    .filter(|&&t| covered(at(t), &taken) == 0.0)
                    .map(|&t| (t, covered(at(t), obstacles))),
            )
        };
        if let Some(t) = spot {
            taken.push(at(t));
            out[i] = Some(t);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::{pos2, vec2};

    fn request(a: Pos2, b: Pos2, must_show: bool) -> CaptionRequest {
        CaptionRequest {
            line: (a, b, None),
            size: vec2(60.0, 16.0),
            must_show,
            first: false,
        }
    }

    #[test]
    fn a_lone_caption_sits_at_the_middle() {
        let r = request(pos2(0.0, 0.0), pos2(200.0, 0.0), false);
        assert_eq!(place(&[r], &[]), vec![Some(0.5)]);
    }

    #[test]
    fn captions_of_a_hubs_relations_do_not_cover_each_other_or_names() {
        // A hub at the origin with relations fanning out, as when a hub is selected, and a
        // name under the hub.
        let hub = pos2(0.0, 0.0);
        let requests: Vec<CaptionRequest> = (0..12)
            .map(|k| {
                let a = k as f32 / 12.0 * std::f32::consts::TAU;
                request(hub, pos2(220.0 * a.cos(), 220.0 * a.sin()), false)
            })
            .collect();
        let name = Rect::from_center_size(pos2(0.0, 24.0), vec2(90.0, 16.0));
        let spots = place(&requests, &[name]);
        let rects: Vec<Rect> = requests
            .iter()
            .zip(&spots)
            .filter_map(|(r, t)| t.map(|t| Rect::from_center_size(point_on(r.line, t), r.size)))
            .collect();
        assert!(rects.len() >= 6, "most captions find a spot: {spots:?}");
        for (i, a) in rects.iter().enumerate() {
            assert!(!a.intersects(name), "caption {i} covers the name");
            for b in &rects[i + 1..] {
                assert!(!a.intersects(*b), "{a:?} and {b:?} overlap");
            }
        }
    }

    #[test]
    fn a_caption_that_must_show_is_placed_first_and_always() {
        // Two relations on the same line: only one caption fits at each spot, and the one
        // under the pointer wins even though it comes second.
        let (a, b) = (pos2(0.0, 0.0), pos2(40.0, 0.0));
        let spots = place(&[request(a, b, false), request(a, b, true)], &[]);
        assert_eq!(spots[1], Some(0.5));
        assert_eq!(spots[0], None, "no free spot is left on so short a line");
        // Covered everywhere, it still shows, at its least covered spot.
        let wall = Rect::from_min_max(pos2(-100.0, -100.0), pos2(100.0, 100.0));
        assert!(place(&[request(a, b, true)], &[wall])[0].is_some());
        // A contested relation's caption goes before an ordinary one's.
        let contested = CaptionRequest {
            first: true,
            ..request(a, b, false)
        };
        assert_eq!(
            place(&[request(a, b, false), contested], &[]),
            vec![None, Some(0.5)]
        );
    }

    #[test]
    fn a_caption_slides_along_its_curve_past_an_obstacle() {
        let line = (pos2(0.0, 0.0), pos2(400.0, 0.0), Some(pos2(200.0, 120.0)));
        let middle = point_on(line, 0.5);
        let blocker = Rect::from_center_size(middle, vec2(20.0, 20.0));
        let r = CaptionRequest {
            line,
            size: vec2(50.0, 14.0),
            must_show: false,
            first: false,
        };
        let t = place(&[r], &[blocker])[0].expect("a spot");
        assert_ne!(t, 0.5);
        assert!(!Rect::from_center_size(point_on(line, t), r.size).intersects(blocker));
    }
}
