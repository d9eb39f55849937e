//! Where the captions of emphasised relations go, so they do not pile up.
//!
//! Selecting a hub shows the captions of all its relations. Each caption used to be drawn at
//! the middle of its line, so they covered each other and the names of the entities around
//! it. Here each caption tries spots along its own line, from the middle outwards:
//! - it never covers a caption placed before it or a name, and never runs past the edge of
//!   the canvas; if every spot would, it is left out, and pointing at its line shows it;
//! - among the spots left, it takes the one that covers the least of the entities' shapes,
//!   the nearest the middle among equals.
//!
//! Captions that must show (the relation under the pointer, the selected relation) are placed
//! first, at their least covered spot inside the canvas; then those of contested relations,
//! which are what a map of disputed claims is read for; then the rest. Labelling edges along
//! their own line, and leaving out what cannot be placed, is what yEd's and Sigma's label
//! placement do too.

use egui::{Pos2, Rect, Vec2};

pub use super::base::point_on;

/// Where along its line (0 = start, 1 = end) a caption may sit, best first.
const ALONG: [f32; 9] = [0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82];

/// Where a caption sits: `t` along its line, its centre moved by `shift` (screen points) to
/// one side of the line, or not at all.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spot {
    pub t: f32,
    pub shift: Vec2,
}

impl Spot {
    pub fn middle() -> Self {
        Spot {
            t: 0.5,
            shift: Vec2::ZERO,
        }
    }
}

/// The spots a caption of `size` may take on `line`, best first: at each place along the line,
/// on it, then just clear of it on one side and on the other.
fn spots(line: (Pos2, Pos2, Option<Pos2>), size: Vec2) -> Vec<Spot> {
    let mut out = Vec::with_capacity(ALONG.len() * 3);
    for t in ALONG {
        out.push(Spot {
            t,
            shift: Vec2::ZERO,
        });
        let along = point_on(line, (t + 0.01).min(1.0)) - point_on(line, (t - 0.01).max(0.0));
        if along.length() < 1e-3 {
            continue;
        }
        let normal = along.normalized().rot90();
        // Half the caption's extent across the line, and a little room.
        let clear = (normal.x.abs() * size.x + normal.y.abs() * size.y) / 2.0 + 1.0;
        out.push(Spot {
            t,
            shift: normal * clear,
        });
        out.push(Spot {
            t,
            shift: -normal * clear,
        });
    }
    out
}

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

/// The box of `request`'s caption at `spot`.
pub fn caption_rect(request: &CaptionRequest, spot: Spot) -> Rect {
    Rect::from_center_size(point_on(request.line, spot.t) + spot.shift, request.size)
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

/// What captions must keep clear of, on screen.
#[derive(Debug, Clone, Copy, Default)]
pub struct Obstacles<'a> {
    /// Entities' shapes: covered as little as can be.
    pub shapes: &'a [Rect],
    /// Names shown: never covered, but by a caption that must show.
    pub names: &'a [Rect],
}

/// Where each requested caption goes, or `None` when it is left out. Every caption lies inside `view` where one of its spots does. Requests that must
/// show are placed first, then those marked `first`, then the rest, each group in the order
/// given, so the result is the same from frame to frame while nothing moves.
pub fn place(requests: &[CaptionRequest], around: &Obstacles, view: Rect) -> Vec<Option<Spot>> {
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
        let at = |s: &Spot| caption_rect(request, *s);
        // Best first: the spot that covers least, the first (nearest the middle, on the
        // line) among equals. `min_by` keeps the first of equals.
        let least = |spots: &mut dyn Iterator<Item = (Spot, f32)>| {
            spots
                .min_by(|(_, a), (_, b)| a.total_cmp(b))
                .map(|(s, _)| s)
        };
        let all = spots(request.line, request.size);
        let inside: Vec<Spot> = all
            .iter()
            .copied()
            .filter(|s| view.contains_rect(at(s)))
            .collect();
        let spot = if request.must_show {
            // Whole on the canvas if it can be; over as little as it can.
            let spots = if inside.is_empty() { &all } else { &inside };
            least(&mut spots.iter().map(|s| {
                let all = taken.iter().chain(around.names).chain(around.shapes);
                (*s, covered(at(s), all))
            }))
        } else {
            // Never over another caption or a name, never cut by the canvas's edge; over
            // shapes as little as it can.
            least(
                &mut inside
                    .iter()
                    .filter(|s| covered(at(s), taken.iter().chain(around.names)) == 0.0)
                    .map(|s| (*s, covered(at(s), around.shapes))),
            )
        };
        if let Some(s) = spot {
            taken.push(at(&s));
            out[i] = Some(s);
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

    fn screen() -> Rect {
        Rect::from_min_max(pos2(-1000.0, -1000.0), pos2(1000.0, 1000.0))
    }

    fn names(names: &[Rect]) -> Obstacles<'_> {
        Obstacles { shapes: &[], names }
    }

    #[test]
    fn a_lone_caption_sits_at_the_middle() {
        let r = request(pos2(0.0, 0.0), pos2(200.0, 0.0), false);
        assert_eq!(
            place(&[r], &names(&[]), screen()),
            vec![Some(Spot::middle())]
        );
    }

    #[test]
    fn a_caption_steps_beside_its_line_off_a_name_under_it() {
        // A name just under the whole line: every spot on the line covers it.
        let r = request(pos2(0.0, 0.0), pos2(100.0, 0.0), false);
        let name = Rect::from_min_max(pos2(-40.0, 0.5), pos2(140.0, 14.0));
        let s = place(&[r], &names(&[name]), screen())[0].expect("a spot beside");
        assert_eq!(s.t, 0.5);
        assert!(s.shift.y < 0.0, "above the line: {s:?}");
        assert!(!caption_rect(&r, s).intersects(name));
    }

    #[test]
    fn a_caption_keeps_inside_the_canvas_or_waits_for_the_pointer() {
        // A line running off the canvas's right edge: its middle would cut the caption.
        let view = Rect::from_min_max(pos2(0.0, -100.0), pos2(220.0, 100.0));
        let r = request(pos2(0.0, 0.0), pos2(400.0, 0.0), false);
        let s = place(&[r], &names(&[]), view)[0].expect("a spot inside");
        assert!(view.contains_rect(caption_rect(&r, s)));
        // Wholly outside but for its start: left out, and shown whole when pointed at if any
        // spot is inside.
        let far = request(pos2(200.0, 0.0), pos2(900.0, 0.0), false);
        assert_eq!(place(&[far], &names(&[]), view), vec![None]);
        let pointed = CaptionRequest {
            must_show: true,
            ..request(pos2(0.0, 0.0), pos2(400.0, 0.0), false)
        };
        let wall = Rect::from_center_size(pos2(80.0, 0.0), vec2(60.0, 60.0));
        let s = place(&[pointed], &names(&[wall]), view)[0].expect("shown");
        let rect = caption_rect(&pointed, s);
        assert!(view.contains_rect(rect), "{rect:?}");
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
        let spots = place(&requests, &names(&[name]), screen());
        let rects: Vec<Rect> = requests
            .iter()
            .zip(&spots)
            .filter_map(|(r, s)| s.map(|s| caption_rect(r, s)))
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
        let spots = place(
            &[request(a, b, false), request(a, b, true)],
            &names(&[]),
            screen(),
        );
        assert_eq!(spots[1], Some(Spot::middle()));
        assert_eq!(spots[0], None, "no free spot is left on so short a line");
        // Covered everywhere, it still shows, at its least covered spot.
        let wall = Rect::from_min_max(pos2(-100.0, -100.0), pos2(100.0, 100.0));
        assert!(place(&[request(a, b, true)], &names(&[wall]), screen())[0].is_some());
        // A contested relation's caption goes before an ordinary one's.
        let contested = CaptionRequest {
            first: true,
            ..request(a, b, false)
        };
        assert_eq!(
            place(&[request(a, b, false), contested], &names(&[]), screen()),
            vec![None, Some(Spot::middle())]
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
        let shapes = Obstacles {
            shapes: &[blocker],
            names: &[],
        };
        let s = place(&[r], &shapes, screen())[0].expect("a spot");
        assert_ne!(s, Spot::middle());
        assert!(!caption_rect(&r, s).intersects(blocker));
    }
}
