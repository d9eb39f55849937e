//! Relation lines that bend around names: once the label grid has chosen which names show and
//! where ([`super::place`]), a straight line that still runs through a name or a shape that is
//! not one of its ends is drawn as a gentle curve that clears them, where one does. The
//! canvas and `relmap export --view` both bend lines this way, so the window and the figure
//! agree.
//!
//! A line keeps its two ends and bulges to one side: a quadratic curve whose middle moves
//! `bend` across the line ([`control_point`], drawn by
//! [`super::geometry::RelationPath::routed`]). Each line tries bends of growing size, first
//! away from what it crosses, then towards it, up to [`MAX_BEND`] of its length and
//! [`MAX_BEND_POINTS`] on screen; the first that crosses no other name or shape wins. A line
//! no bend clears stays straight: a long detour would be harder to follow than a crossing.

use super::geometry::{Pt, control_point, quadratic};
use super::labels::{Area, Line, segment_crosses};

/// How far at most a line's middle moves off its course, as a fraction of its length.
pub const MAX_BEND: f32 = 0.3;
/// How far at most a line's middle moves off its course, on screen: a long line bent by a
/// third of its length would be a wide arc, harder to follow than a crossing.
pub const MAX_BEND_POINTS: f32 = 60.0;
/// Bends tried on each side, growing evenly up to the largest a line may take.
const STEPS: usize = 8;
/// A curve is tested as this many straight pieces.
const PIECES: usize = 16;
/// Room a bent line keeps from what it passes, on screen.
const MARGIN: f32 = 2.0;
/// The most pairs of a line and a name or shape a view routes: past it (thousands of
/// entities on screen at a zoom that shows names) every line stays straight. Routing 18 750
/// lines among 8 200 shapes took a second a frame; in such a crowd a bend clears little, and
/// the names the label grid shows still keep clear of each other.
pub const ROUTE_BUDGET: usize = 400_000;

/// For each of `lines` (straight, between entity centres on screen), how far its middle must
/// move to the side to cross no name in `names` and no shape in `shapes` that is not one of
/// its ends (by entity index); 0 when it crosses none, or no bend clears them all, or the view
/// is too crowded to route ([`ROUTE_BUDGET`]).
pub fn bends(lines: &[Line], names: &[(usize, Area)], shapes: &[(usize, Area)]) -> Vec<f32> {
    if lines.len().saturating_mul(names.len() + shapes.len()) > ROUTE_BUDGET {
        return vec![0.0; lines.len()];
    }
    // Areas by the left of their box, so each line looks only at those its x-range reaches
    // (lines are short beside the canvas, so few).
    let mut areas: Vec<(usize, Area)> = names.iter().chain(shapes).copied().collect();
    areas.sort_by(|p, q| p.1.min.x.total_cmp(&q.1.min.x));
    let widest = areas
        .iter()
        .map(|(_, a)| a.max.x - a.min.x)
        .fold(0.0f32, f32::max);
    let lefts: Vec<f32> = areas.iter().map(|(_, a)| a.min.x).collect();
    lines
        .iter()
        .map(|line| {
            let reach = largest_bend(line.from.length_to(line.to));
            let (x0, x1) = (line.from.x.min(line.to.x), line.from.x.max(line.to.x));
            let first = lefts.partition_point(|&x| x < x0 - reach - widest);
            let last = lefts.partition_point(|&x| x <= x1 + reach);
            let near: Vec<Area> = areas[first..last]
                .iter()
                .filter(|&&(i, a)| i != line.a && i != line.b && a.max.x >= x0 - reach)
                .map(|&(_, a)| a)
                .collect();
            bend_for(line.from, line.to, &near)
        })
        .collect()
}

/// How many pairs of a drawn line and a shown name that is not one of its ends cross: `lines`
/// as their two ends (entity indices) and points along them, `names` by entity.
pub fn lines_over_names(lines: &[(usize, usize, Vec<Pt>)], names: &[(usize, Area)]) -> usize {
    names
        .iter()
        .map(|(i, area)| {
            lines
                .iter()
                .filter(|(a, b, points)| {
                    a != i && b != i && points.windows(2).any(|w| segment_crosses(w[0], w[1], area))
                })
                .count()
        })
        .sum()
}

/// The largest bend a line `len` long may take.
fn largest_bend(len: f32) -> f32 {
    (MAX_BEND * len).min(MAX_BEND_POINTS)
}

/// The smallest bend of the line from `from` to `to` that crosses none of `areas`, 0 if it
/// crosses none straight or no bend up to [`largest_bend`] clears them.
fn bend_for(from: Pt, to: Pt, areas: &[Area]) -> f32 {
    let crossed: Vec<&Area> = areas
        .iter()
        .filter(|a| segment_crosses(from, to, a))
        .collect();
    if crossed.is_empty() {
        return 0.0;
    }
    let (dx, dy) = (to.x - from.x, to.y - from.y);
    let len = (dx * dx + dy * dy).sqrt();
    if len < 1.0 {
        return 0.0;
    }
    // Away from what the line crosses: the side its boxes' middles are not on.
    let (nx, ny) = (-dy / len, dx / len);
    let side: f32 = crossed
        .iter()
        .map(|a| {
            let c = Pt::new((a.min.x + a.max.x) / 2.0, (a.min.y + a.max.y) / 2.0);
            (c.x - from.x) * nx + (c.y - from.y) * ny
        })
        .sum();
    let away = if side > 0.0 { -1.0 } else { 1.0 };
    // Only the areas near the line's course can meet a curve within the largest bend.
    let reach = largest_bend(len);
    // Grown by a margin: the curve drawn runs from the shapes' edges, not their centres, so
    // it is a slightly different curve.
    let near: Vec<Area> = areas
        .iter()
        .filter(|a| a.max.y >= from.y.min(to.y) - reach && a.min.y <= from.y.max(to.y) + reach)
        .map(|a| Area {
            min: Pt::new(a.min.x - MARGIN, a.min.y - MARGIN),
            max: Pt::new(a.max.x + MARGIN, a.max.y + MARGIN),
        })
        .collect();
    for step in 1..=STEPS {
        let size = reach * step as f32 / STEPS as f32;
        for sign in [away, -away] {
            let bend = sign * size;
            let c = control_point(from, to, bend);
            let clear = (0..PIECES).all(|k| {
                let p = quadratic(from, c, to, k as f32 / PIECES as f32);
                let q = quadratic(from, c, to, (k + 1) as f32 / PIECES as f32);
                !near.iter().any(|a| segment_crosses(p, q, a))
            });
            if clear {
                return bend;
            }
        }
    }
    0.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn area(x0: f32, y0: f32, x1: f32, y1: f32) -> Area {
        Area {
            min: Pt::new(x0, y0),
            max: Pt::new(x1, y1),
        }
    }

    fn line(a: usize, b: usize, from: (f32, f32), to: (f32, f32)) -> Line {
        Line {
            a,
            b,
            from: Pt::new(from.0, from.1),
            to: Pt::new(to.0, to.1),
        }
    }

    fn curve_crosses(l: &Line, bend: f32, a: &Area) -> bool {
        let c = control_point(l.from, l.to, bend);
        (0..40).any(|k| {
            let p = quadratic(l.from, c, l.to, k as f32 / 40.0);
            let q = quadratic(l.from, c, l.to, (k + 1) as f32 / 40.0);
            segment_crosses(p, q, a)
        })
    }

    #[test]
    fn a_line_through_a_name_bends_away_from_it_and_clears_it() {
        // A name just above the middle of a horizontal line: the line bends down (positive y).
        let l = line(0, 1, (0.0, 0.0), (400.0, 0.0));
        let name = area(170.0, -14.0, 230.0, 4.0);
        let b = bends(&[l], &[(2, name)], &[]);
        assert!(b[0] > 0.0, "bends away, down: {}", b[0]);
        assert!(b[0] <= MAX_BEND * 400.0);
        assert!(!curve_crosses(&l, b[0], &name));
        // Its middle is `bend` off the course.
        let mid = quadratic(l.from, control_point(l.from, l.to, b[0]), l.to, 0.5);
        assert!((mid.y - b[0]).abs() < 1e-3 && (mid.x - 200.0).abs() < 1e-3);
    }

    #[test]
    fn its_own_ends_names_and_clear_lines_stay_straight() {
        let l = line(0, 1, (0.0, 0.0), (400.0, 0.0));
        let own = area(-30.0, -5.0, 30.0, 15.0);
        let elsewhere = area(100.0, 50.0, 160.0, 70.0);
        assert_eq!(bends(&[l], &[(0, own), (2, elsewhere)], &[]), vec![0.0]);
    }

    #[test]
    fn a_line_boxed_in_on_both_sides_stays_straight() {
        let l = line(0, 1, (0.0, 0.0), (100.0, 0.0));
        let wall = area(40.0, -200.0, 60.0, 200.0);
        assert_eq!(bends(&[l], &[(2, wall)], &[]), vec![0.0]);
    }

    #[test]
    fn a_crowded_view_keeps_its_lines_straight() {
        // The line of the first test, which bends, among enough other lines and shapes to
        // pass the budget.
        let l = line(0, 1, (0.0, 0.0), (400.0, 0.0));
        let name = area(170.0, -14.0, 230.0, 4.0);
        let shapes: Vec<(usize, Area)> = (0..1000)
            .map(|k| (k + 10, area(0.0, 1000.0 + k as f32, 1.0, 1001.0 + k as f32)))
            .collect();
        // 1 001 areas: the name and 1 000 shapes.
        let mut lines = vec![l; ROUTE_BUDGET / 1001];
        assert!(
            bends(&lines, &[(2, name)], &shapes)[0] > 0.0,
            "within the budget"
        );
        lines.push(l);
        assert!(
            bends(&lines, &[(2, name)], &shapes)
                .iter()
                .all(|&b| b == 0.0)
        );
    }

    #[test]
    fn a_bend_also_keeps_off_other_names_and_shapes() {
        // Below the line another entity's shape: the line must go up, past the name.
        let l = line(0, 1, (0.0, 0.0), (400.0, 0.0));
        let name = area(170.0, -4.0, 230.0, 10.0);
        let shape = area(190.0, 12.0, 210.0, 200.0);
        let b = bends(&[l], &[(2, name)], &[(3, shape)]);
        assert!(b[0] < 0.0, "{}", b[0]);
        assert!(!curve_crosses(&l, b[0], &name) && !curve_crosses(&l, b[0], &shape));
    }
}
