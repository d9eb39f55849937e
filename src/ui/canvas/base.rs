//! What every part of the canvas shares: the zoom thresholds, the view transform, and the
//! look (`crate::look`) in egui's points and colours: a relation's path, its stroke, an
//! entity's fill. A leaf of the canvas room: the displays, the far view and hit-testing use
//! it, and it uses none of them.

use egui::{Color32, Pos2, Rect, Stroke, Vec2};

use crate::look::geometry::RelationPath;
use crate::look::marks::{Emphasis, EntityLook, LineLook};
use crate::ui::paint::{self, pos, pt};
use crate::view::{EdgeDecor, NodeDecor};

pub use crate::look::{LABEL_SIZE as LABEL_FONT_SIZE, NODE_RADIUS};

/// Below this zoom arrow heads and contested markers are left out: too small to read, and on
/// a large map they cost more to draw than the lines.
pub const DETAIL_MIN_ZOOM: f32 = 0.3;
/// Shapes smaller than this radius on screen are drawn as plain squares, without outline.
pub const DOT_RADIUS: f32 = 2.0;
/// How far a label can reach beyond its entity on screen, for culling.
pub const LABEL_REACH: f32 = 220.0;
/// How many straight pieces stand for a curved relation when it is hit-tested or dashed.
pub const CURVE_PIECES: usize = 16;

/// How canvas coordinates mapped to the screen in the last frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ViewTransform {
    pub origin: Pos2,
    pub pan: Vec2,
    pub zoom: f32,
    pub rect: Rect,
}

impl ViewTransform {
    pub fn to_screen(&self, p: Pos2) -> Pos2 {
        self.origin + self.pan + p.to_vec2() * self.zoom
    }
}

/// Where a relation between two entities (centre and radius each) starts and ends, and its
/// control point when it curves (the `order`-th of several between the same two, or a
/// straight one bent `bend` round names), in canvas coordinates, as the look says. Two
/// entities at the same place give a zero-length line.
pub fn relation_geometry(
    (s, rs): (Pos2, f32),
    (e, re): (Pos2, f32),
    order: usize,
    bend: f32,
) -> (Pos2, Pos2, Option<Pos2>) {
    match RelationPath::routed((pt(s), rs), (pt(e), re), order, bend, false) {
        Some(RelationPath::Straight(a, b)) => (pos(a), pos(b), None),
        Some(RelationPath::Curve(a, c, b)) => (pos(a), pos(b), Some(pos(c))),
        _ => (s, e, None),
    }
}

/// The relation as a polyline: its two ends, or points along its curve.
pub fn relation_polyline(a: Pos2, b: Pos2, ctrl: Option<Pos2>) -> Vec<Pos2> {
    let path = match ctrl {
        None => RelationPath::Straight(pt(a), pt(b)),
        Some(c) => RelationPath::Curve(pt(a), pt(c), pt(b)),
    };
    path.polyline(CURVE_PIECES).into_iter().map(pos).collect()
}

/// The point a fraction `t` along the line from `a` to `b` (through `ctrl` when it curves).
pub fn point_on((a, b, ctrl): (Pos2, Pos2, Option<Pos2>), t: f32) -> Pos2 {
    match ctrl {
        None => a + (b - a) * t,
        Some(c) => pos(RelationPath::Curve(pt(a), pt(c), pt(b)).point_at(t)),
    }
}

/// The colour and width of a relation's line, as the look says, in the window's theme, in a
/// picture whose plain lines keep `crowd` of their colour.
pub fn relation_stroke(
    kind_color: Color32,
    contested: bool,
    decor: EdgeDecor,
    selected: bool,
    near: bool,
    crowd: f32,
    visuals: &egui::Visuals,
) -> Stroke {
    let line = LineLook::of(
        paint::rgb_of(kind_color),
        contested,
        decor.mark,
        decor.dimmed,
        Emphasis { selected, near },
    );
    Stroke::new(
        line.width,
        paint::faded(
            paint::faded(paint::ink(line.ink, visuals), line.opacity),
            line.in_crowd(crowd),
        ),
    )
}

/// The fill of an entity: its kind's colour, faint when dimmed.
pub fn entity_fill(color: Color32, decor: NodeDecor) -> Color32 {
    let look = EntityLook::of(paint::rgb_of(color), decor);
    paint::faded(paint::rgb(look.fill), look.opacity)
}

/// Zoomed far out, a plain entity (not selected, hovered, dragged or on the path) is a dot, and
/// the far view draws all such dots at once ([`super::far`]); its display is not asked.
pub fn is_far_dot(screen_radius: f32, emphasised: bool) -> bool {
    screen_radius < DOT_RADIUS && !emphasised
}

/// Zoomed far out, a plain relation (not selected, and without a selected or hovered end) is a
/// line without arrow head or markers, and the far view draws all such lines at once.
pub fn is_far_line(zoom: f32, emphasised: bool) -> bool {
    zoom < DETAIL_MIN_ZOOM && !emphasised
}
