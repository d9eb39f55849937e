//! Where things are drawn: a relation's path between its two entities, its arrow head and
//! markers, and where names and captions sit. Plain `f32` points, so the canvas (in screen
//! points) and the figure export (in figure units) compute the same shapes.

use std::collections::HashMap;

use super::{ARROW_SIZE, ARROW_SPREAD, CONTESTED_MARKER, DENIED_CROSS, PARALLEL_OFFSET};
use crate::model::Document;

/// A point.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Pt {
    pub x: f32,
    pub y: f32,
}

impl Pt {
    pub const fn new(x: f32, y: f32) -> Self {
        Self { x, y }
    }

    pub fn add(self, dx: f32, dy: f32) -> Self {
        Self::new(self.x + dx, self.y + dy)
    }

    fn minus(self, o: Pt) -> (f32, f32) {
        (self.x - o.x, self.y - o.y)
    }

    pub fn length_to(self, o: Pt) -> f32 {
        let (dx, dy) = o.minus(self);
        (dx * dx + dy * dy).sqrt()
    }
}

impl From<[f32; 2]> for Pt {
    fn from([x, y]: [f32; 2]) -> Self {
        Self { x, y }
    }
}

/// The line a relation is drawn along, from the edge of one entity's shape to the other's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RelationPath {
    Straight(Pt, Pt),
    /// A quadratic curve through a control point: a relation with parallels.
    Curve(Pt, Pt, Pt),
    /// A relation of an entity to itself: a cubic loop above it, from and to its centre.
    Loop {
        center: Pt,
        c1: Pt,
        c2: Pt,
    },
}

impl RelationPath {
    /// Where a relation between two entities (centre and radius each) runs, as the `order`-th
    /// of the relations between them (0: straight, else curved further out each time). `None`
    /// when two different entities are at the same place and there is no line to draw.
    pub fn between(
        (s, rs): (Pt, f32),
        (e, re): (Pt, f32),
        order: usize,
        same_entity: bool,
    ) -> Option<Self> {
        if same_entity {
            let k = 1.0 + order as f32 * 0.5;
            return Some(RelationPath::Loop {
                center: s,
                c1: s.add(-rs * 2.5 * k, -rs * 3.0 * k),
                c2: s.add(rs * 2.5 * k, -rs * 3.0 * k),
            });
        }
        let (dx, dy) = e.minus(s);
        let len = (dx * dx + dy * dy).sqrt();
        if len < 1e-3 {
            return None;
        }
        let (ux, uy) = (dx / len, dy / len);
        if order == 0 {
            return Some(RelationPath::Straight(
                s.add(ux * rs, uy * rs),
                e.add(-ux * re, -uy * re),
            ));
        }
        let off = PARALLEL_OFFSET * 2.0 * order as f32;
        let ctrl = s.add(dx * 0.5 - uy * off, dy * 0.5 + ux * off);
        Some(Self::curve_through((s, rs), ctrl, (e, re)))
    }

    /// [`Self::between`], with a straight relation (`order` 0) bent so that its middle moves
    /// `bend` to the side, round the names it would cross ([`super::route`]).
    pub fn routed(
        (s, rs): (Pt, f32),
        (e, re): (Pt, f32),
        order: usize,
        bend: f32,
        same_entity: bool,
    ) -> Option<Self> {
        if order != 0 || same_entity || bend == 0.0 || s.length_to(e) < 1e-3 {
            return Self::between((s, rs), (e, re), order, same_entity);
        }
        let ctrl = control_point(s, e, bend);
        Some(Self::curve_through((s, rs), ctrl, (e, re)))
    }

    /// A curve from the edge of one shape (centre and radius) to the other's, through `ctrl`.
    fn curve_through((s, rs): (Pt, f32), ctrl: Pt, (e, re): (Pt, f32)) -> Self {
        let toward = |from: Pt, r: f32| {
            let l = from.length_to(ctrl).max(1e-3);
            let (vx, vy) = ctrl.minus(from);
            from.add(vx / l * r, vy / l * r)
        };
        RelationPath::Curve(toward(s, rs), ctrl, toward(e, re))
    }

    /// The point a fraction `t` along the path.
    pub fn point_at(&self, t: f32) -> Pt {
        match *self {
            RelationPath::Straight(a, b) => a.add((b.x - a.x) * t, (b.y - a.y) * t),
            RelationPath::Curve(a, c, b) => quadratic(a, c, b, t),
            RelationPath::Loop { center, c1, c2 } => cubic(center, c1, c2, center, t),
        }
    }

    /// Where the arrow head of a directed relation points at, and where from.
    pub fn tip(&self) -> (Pt, Pt) {
        match *self {
            RelationPath::Straight(a, b) => (b, a),
            RelationPath::Curve(_, c, b) => (b, c),
            RelationPath::Loop { center, c2, .. } => (center, c2),
        }
    }

    /// Where markers and the caption of the relation sit by default.
    pub fn middle(&self) -> Pt {
        self.point_at(0.5)
    }

    /// The path as points: its ends, or `pieces` + 1 points along its curve.
    pub fn polyline(&self, pieces: usize) -> Vec<Pt> {
        match *self {
            RelationPath::Straight(a, b) => vec![a, b],
            _ => (0..=pieces)
                .map(|k| self.point_at(k as f32 / pieces as f32))
                .collect(),
        }
    }

    /// The path with every point mapped by `f` (to the screen, or into a figure).
    pub fn map(&self, f: impl Fn(Pt) -> Pt) -> Self {
        match *self {
            RelationPath::Straight(a, b) => RelationPath::Straight(f(a), f(b)),
            RelationPath::Curve(a, c, b) => RelationPath::Curve(f(a), f(c), f(b)),
            RelationPath::Loop { center, c1, c2 } => RelationPath::Loop {
                center: f(center),
                c1: f(c1),
                c2: f(c2),
            },
        }
    }
}

/// The control point of a line from `from` to `to` whose middle moves `bend` to the side
/// (positive: along the line's direction turned a quarter to positive y from x, as parallel
/// relations curve).
pub fn control_point(from: Pt, to: Pt, bend: f32) -> Pt {
    let (dx, dy) = (to.x - from.x, to.y - from.y);
    let len = (dx * dx + dy * dy).sqrt().max(1e-3);
    // A quadratic curve's middle is halfway between the chord's middle and its control point.
    Pt::new(
        (from.x + to.x) / 2.0 - dy / len * 2.0 * bend,
        (from.y + to.y) / 2.0 + dx / len * 2.0 * bend,
    )
}

/// The point a fraction `t` along a quadratic Bézier curve.
pub fn quadratic(a: Pt, c: Pt, b: Pt, t: f32) -> Pt {
    let u = 1.0 - t;
    Pt::new(
        u * u * a.x + 2.0 * u * t * c.x + t * t * b.x,
        u * u * a.y + 2.0 * u * t * c.y + t * t * b.y,
    )
}

fn cubic(a: Pt, c1: Pt, c2: Pt, b: Pt, t: f32) -> Pt {
    let u = 1.0 - t;
    let (w0, w1, w2, w3) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
    Pt::new(
        w0 * a.x + w1 * c1.x + w2 * c2.x + w3 * b.x,
        w0 * a.y + w1 * c1.y + w2 * c2.y + w3 * b.y,
    )
}

/// The length of an arrow head on a line of `width`, at a `scale` (1: the map's own size).
pub fn arrow_length(width: f32, scale: f32) -> f32 {
    ARROW_SIZE * scale + width
}

/// An arrow head of `length` pointing at `tip`, coming from `from`: its three corners.
pub fn arrow_head(tip: Pt, from: Pt, length: f32) -> [Pt; 3] {
    let l = from.length_to(tip).max(1e-3);
    let (vx, vy) = (tip.x - from.x, tip.y - from.y);
    let (vx, vy) = (vx / l, vy / l);
    let back = tip.add(-vx * length, -vy * length);
    let (nx, ny) = (-vy * length * ARROW_SPREAD, vx * length * ARROW_SPREAD);
    [tip, back.add(nx, ny), back.add(-nx, -ny)]
}

/// The diamond marking a contested relation, around `mid`.
pub fn contested_marker(mid: Pt) -> [Pt; 4] {
    let m = CONTESTED_MARKER;
    [
        mid.add(0.0, -m),
        mid.add(m, 0.0),
        mid.add(0.0, m),
        mid.add(-m, 0.0),
    ]
}

/// The cross striking through a relation a lens denies, around `mid`: two strokes.
pub fn denied_cross(mid: Pt) -> [[Pt; 2]; 2] {
    let m = DENIED_CROSS.0;
    [
        [mid.add(-m, -m), mid.add(m, m)],
        [mid.add(-m, m), mid.add(m, -m)],
    ]
}

/// Where an entity's name hangs from (the middle of its top edge), below a shape of radius `r`.
pub fn name_anchor(center: Pt, r: f32) -> Pt {
    center.add(0.0, r * 1.3 + 2.0)
}

/// Where a loop's caption is centred.
pub fn loop_caption_anchor(path: &RelationPath) -> Option<Pt> {
    match *path {
        RelationPath::Loop { center, c1, .. } => {
            Some(Pt::new(center.x, center.y + (c1.y - center.y) * 0.866))
        }
        _ => None,
    }
}

/// For each relation, its place among the relations between the same two entities: counted
/// in each direction apart, and, when both directions are present, one further out, so that no
/// two lie on each other. 0 is the straight line.
pub fn parallel_orders(doc: &Document) -> Vec<usize> {
    let mut count: HashMap<(&str, &str), usize> = HashMap::new();
    let mut orders = Vec::with_capacity(doc.relations.len());
    for r in &doc.relations {
        let n = count.entry((r.from.as_str(), r.to.as_str())).or_default();
        orders.push(*n);
        *n += 1;
    }
    for (i, r) in doc.relations.iter().enumerate() {
        if r.from != r.to && count.contains_key(&(r.to.as_str(), r.from.as_str())) {
            orders[i] += 1;
        }
    }
    orders
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_straight_relation_runs_from_shape_edge_to_shape_edge() {
        let p = RelationPath::between(
            (Pt::new(0.0, 0.0), 10.0),
            (Pt::new(100.0, 0.0), 5.0),
            0,
            false,
        );
        assert_eq!(
            p,
            Some(RelationPath::Straight(
                Pt::new(10.0, 0.0),
                Pt::new(95.0, 0.0)
            ))
        );
    }

    #[test]
    fn parallels_curve_further_out_each_and_both_directions_curve() {
        let Some(RelationPath::Curve(_, c1, _)) = RelationPath::between(
            (Pt::new(0.0, 0.0), 1.0),
            (Pt::new(100.0, 0.0), 1.0),
            1,
            false,
        ) else {
            panic!("order 1 curves");
        };
        let Some(RelationPath::Curve(_, c2, _)) = RelationPath::between(
            (Pt::new(0.0, 0.0), 1.0),
            (Pt::new(100.0, 0.0), 1.0),
            2,
            false,
        ) else {
            panic!("order 2 curves");
        };
        assert_eq!(c1, Pt::new(50.0, PARALLEL_OFFSET * 2.0));
        assert_eq!(c2, Pt::new(50.0, PARALLEL_OFFSET * 4.0));
        let mut doc = Document::default();
        for (id, from, to) in [("r1", "a", "b"), ("r2", "a", "b"), ("r3", "b", "a")] {
            let r = serde_json::json!({"id": id, "from": from, "to": to, "kind": "ally"});
            doc.relations.push(serde_json::from_value(r).unwrap());
        }
        assert_eq!(parallel_orders(&doc), vec![1, 2, 1]);
    }

    #[test]
    fn an_arrow_head_points_at_its_tip() {
        let [tip, l, r] = arrow_head(Pt::new(10.0, 0.0), Pt::new(0.0, 0.0), 4.0);
        assert_eq!(tip, Pt::new(10.0, 0.0));
        assert_eq!((l.x, r.x), (6.0, 6.0));
        assert!((l.y + r.y).abs() < 1e-6 && l.y > 0.0);
    }

    #[test]
    fn two_entities_at_one_place_have_no_line_but_a_loop_always_has_one() {
        let at = (Pt::new(3.0, 3.0), 12.0);
        assert_eq!(RelationPath::between(at, at, 0, false), None);
        assert!(matches!(
            RelationPath::between(at, at, 0, true),
            Some(RelationPath::Loop { .. })
        ));
    }
}
