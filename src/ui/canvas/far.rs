//! The far view, and the plan of each frame's drawing.
//!
//! Zoomed out, a map is mostly plain dots and thin lines, and a large map has hundreds of
//! thousands of them. Handing each to egui as a shape costs more than a frame (egui tessellates
//! 200 000 lines in about 100 ms), so the canvas draws them here instead, as one triangle
//! mesh built in parallel: a dot is a square of two triangles, a line a strip with soft edges
//! like egui's own. Entities and relations that stand out (selected, hovered, dragged, on the
//! path) are still drawn by their egui_graphs displays, on top.
//!
//! A [`DrawPlan`] decides, once per frame and from relmap's own compact arrays (a [`Scene`]),
//! what each entity and relation is: not drawn (hidden, or off screen), drawn by its display,
//! or drawn here. egui_graphs asks the plan (its `DrawFilter`) and does not touch the rest, so
//! what is off screen costs next to nothing, and each thing is drawn exactly once.
//!
//! One cohesive thing: the frame's plan and the meshes it feeds are read together.

use egui::epaint::{Mesh, Vertex};
use egui::{Color32, Pos2, Rect, Shape, Vec2, pos2, vec2};
use rayon::prelude::*;

use super::base::{
    LABEL_REACH, ViewTransform, entity_fill, is_far_dot, is_far_line, relation_geometry,
    relation_polyline, relation_stroke,
};
use crate::look;
use crate::view::{Decor, EdgeDecor, NodeDecor};

/// Items per mesh and per parallel task.
const CHUNK: usize = 8192;
/// Beyond this many lines in the far view, lines are drawn without soft edges: half the
/// vertices, and in a crowd of lines nobody sees the difference.
const SOFT_LINES_UP_TO: usize = 20_000;

/// What the canvas keeps of each entity and relation for planning and drawing in bulk: small
/// arrays, read in parallel, instead of egui_graphs' large per-node structs.
#[derive(Debug, Clone, Default)]
pub struct Scene {
    /// Kind colour of each entity; entity `i` is graph node `i`.
    pub colors: Vec<Color32>,
    /// Each relation shown, by graph edge index.
    pub links: Vec<Link>,
    /// The map's landmarks (`crate::look::place::landmarks`), by entity: drawn as shapes,
    /// with their names, however far the view is zoomed out.
    pub landmarks: Vec<bool>,
}

/// A relation as the canvas shows it.
#[derive(Debug, Clone, Copy)]
pub struct Link {
    /// Entity indices of its ends.
    pub a: usize,
    pub b: usize,
    /// Its place among the relations between the same two entities (0: straight).
    pub order: usize,
    /// How far a straight line's middle moves to the side, in canvas units, to pass round
    /// the names it would cross (0: straight; see `crate::look::route`).
    pub bend: f32,
    /// Its index in the document.
    pub relation: usize,
    pub color: Color32,
    pub contested: bool,
}

/// What stands out this frame, by entity index and graph edge index.
#[derive(Debug, Clone, Default)]
pub struct Highlights {
    pub selected: Vec<bool>,
    pub hovered: Option<usize>,
    pub dragged: Option<usize>,
    pub hovered_edge: Option<usize>,
    /// The selected relation, by document index.
    pub selected_relation: Option<usize>,
}

impl Highlights {
    pub(crate) fn node(&self, i: usize) -> bool {
        self.selected.get(i).copied().unwrap_or(false)
            || self.hovered == Some(i)
            || self.dragged == Some(i)
    }

    /// Whether relation `edge` is drawn emphasised: selected, hovered, or at a selected or
    /// hovered entity.
    pub(crate) fn edge(&self, edge: usize, link: &Link) -> bool {
        let end =
            |i: usize| self.selected.get(i).copied().unwrap_or(false) || self.hovered == Some(i);
        self.hovered_edge == Some(edge)
            || self.selected_relation == Some(link.relation)
            || end(link.a)
            || end(link.b)
    }
}

/// How one entity or relation is drawn this frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drawn {
    /// Hidden by the filters, or off screen.
    Not,
    /// By its egui_graphs display.
    Display,
    /// In the far view's meshes.
    Far,
}

/// How each entity (by graph node index) and relation (by graph edge index) is drawn.
#[derive(Debug, Clone, Default)]
pub struct DrawPlan {
    pub nodes: Vec<Drawn>,
    pub edges: Vec<Drawn>,
    /// How much of its colour each plain line keeps this frame, far view and displays alike
    /// ([`look::marks::crowd_opacity`]): zoomed in on a dense map, its lines still cross the
    /// view in a grey wall, and a figure of the same view fades them.
    pub crowd: f32,
}

/// How far outside the view a display still draws: its label and highlight, and room for the
/// pan of one frame (the plan is made before egui_graphs handles this frame's input).
fn display_margin(view: &ViewTransform) -> f32 {
    LABEL_REACH + 0.5 * view.rect.width().max(view.rect.height())
}

impl DrawPlan {
    /// Plans a frame seen through `view`; leaves out what is far off screen if `cull`.
    pub fn new(
        scene: &Scene,
        positions: &[[f32; 2]],
        radii: &[f32],
        decor: &Decor,
        highlights: &Highlights,
        view: ViewTransform,
        cull: bool,
    ) -> Self {
        let node_decor = |i: usize| decor.nodes.get(i).copied().unwrap_or_default();
        let reach = if cull {
            view.rect.expand(display_margin(&view))
        } else {
            Rect::EVERYTHING
        };
        let nodes: Vec<Drawn> = (0..positions.len())
            .into_par_iter()
            .with_min_len(CHUNK)
            .map(|i| {
                let d = node_decor(i);
                if d.hidden {
                    return Drawn::Not;
                }
                let r = radii.get(i).copied().unwrap_or(0.0) * view.zoom;
                let p = positions[i];
                let landmark = scene.landmarks.get(i).copied().unwrap_or(false);
                if is_far_dot(
                    r,
                    highlights.node(i) || d.marked || d.change.is_some() || landmark,
                ) {
                    Drawn::Far
                } else if reach.contains(view.to_screen(pos2(p[0], p[1]))) {
                    Drawn::Display
                } else {
                    Drawn::Not
                }
            })
            .collect();
        let edges: Vec<Drawn> = scene
            .links
            .par_iter()
            .with_min_len(CHUNK)
            .enumerate()
            .map(|(e, link)| {
                let d = decor.edges.get(link.relation).copied().unwrap_or_default();
                let (Some(pa), Some(pb)) = (positions.get(link.a), positions.get(link.b)) else {
                    return Drawn::Not;
                };
                if d.hidden {
                    return Drawn::Not;
                }
                let (sa, sb) = (
                    view.to_screen(pos2(pa[0], pa[1])),
                    view.to_screen(pos2(pb[0], pb[1])),
                );
                if link.a != link.b && is_far_line(view.zoom, highlights.edge(e, link)) {
                    Drawn::Far
                } else if link.order > 0 || link.a == link.b {
                    // A curve or a loop: within the box around its ends, widened by its bow.
                    let bow = view.zoom * 50.0 * (link.order + 1) as f32;
                    if reach.intersects(Rect::from_two_pos(sa, sb).expand(bow)) {
                        Drawn::Display
                    } else {
                        Drawn::Not
                    }
                } else if segment_meets(reach, sa, sb) {
                    Drawn::Display
                } else {
                    Drawn::Not
                }
            })
            .collect();
        let crowd = crowd_opacity(scene, positions, decor, &edges, &view);
        Self {
            nodes,
            edges,
            crowd,
        }
    }
}

/// Whether the segment from `a` to `b` passes through `rect` (Liang and Barsky's clipping):
/// a long relation's box may cover the view while the line itself misses it.
pub fn segment_meets(rect: Rect, a: Pos2, b: Pos2) -> bool {
    if rect.contains(a) || rect.contains(b) {
        return true;
    }
    let pt = |p: Pos2| crate::look::Pt::new(p.x, p.y);
    crate::look::cells::clip(pt(a), pt(b), pt(rect.min), pt(rect.max)).is_some()
}

impl egui_graphs::DrawFilter for DrawPlan {
    fn draws_node(&self, index: usize) -> bool {
        self.nodes.get(index) == Some(&Drawn::Display)
    }

    fn draws_edge(&self, index: usize) -> bool {
        self.edges.get(index) == Some(&Drawn::Display)
    }
}

/// The far view for this frame, as one mesh: its relations first, then its dots, to be painted
/// under everything the displays draw. `view` is this frame's, `feathering` the width of a soft
/// edge in points (one physical pixel).
#[allow(clippy::too_many_arguments)]
pub fn mesh(
    scene: &Scene,
    positions: &[[f32; 2]],
    radii: &[f32],
    decor: &Decor,
    plan: &DrawPlan,
    view: ViewTransform,
    visuals: &egui::Visuals,
    feathering: f32,
) -> Mesh {
    let visible = view.rect.expand(4.0);
    let at = |i: usize| {
        let p = positions.get(i).copied().unwrap_or([f32::NAN; 2]);
        (pos2(p[0], p[1]), radii.get(i).copied().unwrap_or(0.0))
    };
    let far_lines = plan.edges.iter().filter(|d| **d == Drawn::Far).count();
    let soft = far_lines <= SOFT_LINES_UP_TO;
    let crowd = plan.crowd;
    let lines = plan.edges.par_chunks(CHUNK).enumerate().map(|(k, chunk)| {
        let mut mesh = Mesh::default();
        mesh.reserve_vertices(chunk.len() * 4);
        mesh.reserve_triangles(chunk.len() * 2);
        let draw = |mesh: &mut Mesh, p: Pos2, q: Pos2, stroke: egui::Stroke| {
            if soft {
                line(mesh, p, q, stroke.width, stroke.color, feathering);
            } else {
                hard_line(mesh, p, q, stroke.width, stroke.color, feathering);
            }
        };
        for (j, drawn) in chunk.iter().enumerate() {
            let Some(link) = scene.links.get(k * CHUNK + j) else {
                continue;
            };
            if *drawn != Drawn::Far {
                continue;
            }
            let ((a, ra), (b, rb)) = (at(link.a), at(link.b));
            let (sa, sb) = (view.to_screen(a), view.to_screen(b));
            let straight = link.order == 0 && link.bend == 0.0;
            // A straight line that would end inside its two dots cannot be seen.
            let dots = (ra * view.zoom).max(DOT_MIN) + (rb * view.zoom).max(DOT_MIN);
            if straight && (sb - sa).length() <= dots {
                continue;
            }
            let d: EdgeDecor = decor.edges.get(link.relation).copied().unwrap_or_default();
            let stroke =
                relation_stroke(link.color, link.contested, d, false, false, crowd, visuals);
            if straight && !link.contested {
                // The common case, without allocating: one segment.
                let (s, e, _) = relation_geometry((a, ra), (b, rb), 0, 0.0);
                let (ss, se) = (view.to_screen(s), view.to_screen(e));
                if visible.intersects(Rect::from_two_pos(ss, se)) {
                    draw(&mut mesh, ss, se, stroke);
                }
                continue;
            }
            let (s, e, ctrl) = relation_geometry((a, ra), (b, rb), link.order, link.bend);
            let points: Vec<Pos2> = relation_polyline(s, e, ctrl)
                .into_iter()
                .map(|p| view.to_screen(p))
                .collect();
            if !visible.intersects(Rect::from_points(&points)) {
                continue;
            }
            if link.contested {
                // Dashed, as the displays draw contested relations.
                for dash in Shape::dashed_line(&points, stroke, look::DASH.0, look::DASH.1) {
                    if let Shape::LineSegment { points: [p, q], .. } = dash {
                        draw(&mut mesh, p, q, stroke);
                    }
                }
            } else {
                for w in points.windows(2) {
                    draw(&mut mesh, w[0], w[1], stroke);
                }
            }
        }
        mesh
    });
    let dots = plan.nodes.par_chunks(CHUNK).enumerate().map(|(k, chunk)| {
        let mut mesh = Mesh::default();
        mesh.reserve_vertices(chunk.len() * 4);
        mesh.reserve_triangles(chunk.len() * 2);
        for (j, drawn) in chunk.iter().enumerate() {
            let i = k * CHUNK + j;
            if *drawn != Drawn::Far {
                continue;
            }
            let (p, r) = at(i);
            let c = view.to_screen(p);
            if visible.contains(c) {
                let d: NodeDecor = decor.nodes.get(i).copied().unwrap_or_default();
                let color = entity_fill(scene.colors.get(i).copied().unwrap_or_default(), d);
                square(&mut mesh, c, (r * view.zoom).max(DOT_MIN), color);
            }
        }
        mesh
    });
    let parts: Vec<Mesh> = lines.chain(dots).collect();
    concat(parts)
}

/// Whether a relation's line is plain: neither contested nor marked, so it may fade in a crowd.
fn plain(link: &Link, d: EdgeDecor) -> bool {
    look::marks::is_plain(link.contested, d.mark)
}

/// How much of its colour each plain line keeps this frame ([`look::marks::crowd_opacity`]):
/// the screen length of the plain lines on screen, drawn by the far view or by displays, times
/// their width, over the screen's area.
fn crowd_opacity(
    scene: &Scene,
    positions: &[[f32; 2]],
    decor: &Decor,
    edges: &[Drawn],
    view: &ViewTransform,
) -> f32 {
    let pt = |p: Pos2| look::Pt::new(p.x, p.y);
    let (min, max) = (pt(view.rect.min), pt(view.rect.max));
    let length: f32 = edges
        .par_iter()
        .zip(scene.links.par_iter())
        .filter(|(drawn, _)| **drawn != Drawn::Not)
        .map(|(_, link)| {
            let d: EdgeDecor = decor.edges.get(link.relation).copied().unwrap_or_default();
            if !plain(link, d) {
                return 0.0;
            }
            let at = |i: usize| {
                let p = positions.get(i).copied().unwrap_or([f32::NAN; 2]);
                view.to_screen(pos2(p[0], p[1]))
            };
            match look::cells::clip(pt(at(link.a)), pt(at(link.b)), min, max) {
                Some((a, b)) => a.length_to(b),
                None => 0.0,
            }
        })
        .sum();
    look::marks::plain_lines_opacity(length, view.rect.area())
}

/// The meshes one after another, as one mesh, copied in parallel.
fn concat(parts: Vec<Mesh>) -> Mesh {
    let vertices: usize = parts.iter().map(|m| m.vertices.len()).sum();
    let indices: usize = parts.iter().map(|m| m.indices.len()).sum();
    let mut out = Mesh {
        vertices: vec![Vertex::default(); vertices],
        indices: vec![0; indices],
        ..Mesh::default()
    };
    // Cut the output into one slice per part, then fill the slices at the same time.
    let mut jobs = Vec::with_capacity(parts.len());
    let (mut vs, mut is) = (out.vertices.as_mut_slice(), out.indices.as_mut_slice());
    let mut offset = 0u32;
    for part in &parts {
        let (v, rest_v) = vs.split_at_mut(part.vertices.len());
        let (i, rest_i) = is.split_at_mut(part.indices.len());
        jobs.push((part, v, i, offset));
        offset += part.vertices.len() as u32;
        (vs, is) = (rest_v, rest_i);
    }
    jobs.into_par_iter().for_each(|(part, v, i, offset)| {
        v.copy_from_slice(&part.vertices);
        for (to, from) in i.iter_mut().zip(&part.indices) {
            *to = from + offset;
        }
    });
    out
}

/// The smallest half-size of a dot, in points: smaller ones would flicker in and out.
const DOT_MIN: f32 = 0.75;

/// A square dot of half-size `r` centred at `c`.
fn square(mesh: &mut Mesh, c: Pos2, r: f32, color: Color32) {
    let i = mesh.vertices.len() as u32;
    for corner in [vec2(-r, -r), vec2(r, -r), vec2(r, r), vec2(-r, r)] {
        mesh.colored_vertex(c + corner, color);
    }
    mesh.add_triangle(i, i + 1, i + 2);
    mesh.add_triangle(i, i + 2, i + 3);
}

/// A line from `a` to `b`, `width` wide, with edges that fade out over `feathering` (as egui
/// draws lines, so the far view looks like the near one). A line thinner than the feathering
/// is drawn that wide and fainter.
fn line(mesh: &mut Mesh, a: Pos2, b: Pos2, width: f32, color: Color32, feathering: f32) {
    let Some(n) = normal(a, b) else { return };
    let clear = Color32::TRANSPARENT;
    let i = mesh.vertices.len() as u32;
    if width <= feathering {
        let faint = color.gamma_multiply(width / feathering);
        for p in [a, b] {
            mesh.colored_vertex(p + n * feathering, clear);
            mesh.colored_vertex(p, faint);
            mesh.colored_vertex(p - n * feathering, clear);
        }
        // Two fans of triangles between the outer edges and the centre line.
        for k in 0..2 {
            let (o, c) = (i + 2 * k, i + 1);
            let (o2, c2) = (i + 3 + 2 * k, i + 4);
            mesh.add_triangle(o, c, o2);
            mesh.add_triangle(c, o2, c2);
        }
    } else {
        let (inner, outer) = ((width - feathering) / 2.0, (width + feathering) / 2.0);
        for p in [a, b] {
            mesh.colored_vertex(p + n * outer, clear);
            mesh.colored_vertex(p + n * inner, color);
            mesh.colored_vertex(p - n * inner, color);
            mesh.colored_vertex(p - n * outer, clear);
        }
        for k in 0..3 {
            let (p0, p1) = (i + k, i + k + 1);
            let (q0, q1) = (i + 4 + k, i + 5 + k);
            mesh.add_triangle(p0, p1, q0);
            mesh.add_triangle(p1, q0, q1);
        }
    }
}

/// A line as one quad without soft edges, at least a pixel wide (thinner ones fainter).
fn hard_line(mesh: &mut Mesh, a: Pos2, b: Pos2, width: f32, color: Color32, pixel: f32) {
    let Some(n) = normal(a, b) else { return };
    let color = if width < pixel {
        color.gamma_multiply(width / pixel)
    } else {
        color
    };
    let n = n * (width.max(pixel) / 2.0);
    let i = mesh.vertices.len() as u32;
    for p in [a + n, a - n, b + n, b - n] {
        mesh.colored_vertex(p, color);
    }
    mesh.add_triangle(i, i + 1, i + 2);
    mesh.add_triangle(i + 1, i + 2, i + 3);
}

/// The unit normal of the line from `a` to `b`; `None` for a line of no length, or with an end
/// that is not a number.
fn normal(a: Pos2, b: Pos2) -> Option<Vec2> {
    let d = b - a;
    (d.length_sq().partial_cmp(&1e-6) == Some(std::cmp::Ordering::Greater))
        .then(|| Vec2::new(-d.y, d.x).normalized())
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::{Rect, pos2};

    fn scene() -> Scene {
        let link = |a, b, relation| Link {
            a,
            b,
            order: 0,
            bend: 0.0,
            relation,
            color: Color32::GRAY,
            contested: false,
        };
        Scene {
            colors: vec![Color32::RED; 3],
            links: vec![link(0, 1, 0), link(1, 2, 1)],
            landmarks: Vec::new(),
        }
    }

    /// The scene's entities: at 0, 100 and 10 000 along x.
    const POSITIONS: [[f32; 2]; 3] = [[0.0, 0.0], [100.0, 0.0], [10_000.0, 0.0]];

    /// A 1000 × 1000 window at `zoom`.
    fn view(zoom: f32) -> ViewTransform {
        ViewTransform {
            origin: Pos2::ZERO,
            pan: Vec2::splat(100.0),
            zoom,
            rect: Rect::from_min_size(Pos2::ZERO, Vec2::splat(1000.0)),
        }
    }

    /// The scene seen through [`view`] at `zoom`.
    fn plan(zoom: f32, highlights: &Highlights, cull: bool) -> DrawPlan {
        DrawPlan::new(
            &scene(),
            &POSITIONS,
            &[12.0; 3],
            &Decor::default(),
            highlights,
            view(zoom),
            cull,
        )
    }

    #[test]
    fn a_segment_meets_a_rectangle_only_if_it_passes_through_it() {
        let r = Rect::from_min_max(pos2(0.0, 0.0), pos2(10.0, 10.0));
        assert!(segment_meets(r, pos2(-5.0, 5.0), pos2(15.0, 5.0)), "across");
        assert!(
            segment_meets(r, pos2(5.0, 5.0), pos2(50.0, 50.0)),
            "from inside"
        );
        assert!(
            !segment_meets(r, pos2(-5.0, 12.0), pos2(12.0, 30.0)),
            "beside"
        );
        // Its box covers part of the rectangle; the line passes the corner.
        assert!(!segment_meets(r, pos2(-10.0, 5.0), pos2(5.0, -10.0)));
        assert!(segment_meets(r, pos2(-10.0, 12.0), pos2(12.0, -10.0)));
    }

    #[test]
    fn zoomed_out_plain_things_go_to_the_far_view_and_highlighted_ones_do_not() {
        let selected = Highlights {
            selected: vec![false, true, false],
            ..Highlights::default()
        };
        let p = plan(0.05, &selected, true);
        assert_eq!(p.nodes, [Drawn::Far, Drawn::Display, Drawn::Far]);
        assert_eq!(
            p.edges,
            [Drawn::Display, Drawn::Display],
            "relations of a selected entity are drawn by their displays"
        );
        let p = plan(0.05, &Highlights::default(), true);
        assert_eq!(p.edges, [Drawn::Far, Drawn::Far]);
    }

    #[test]
    fn zoomed_in_what_is_far_off_screen_is_not_drawn_on_large_maps() {
        let p = plan(1.0, &Highlights::default(), true);
        assert_eq!(p.nodes, [Drawn::Display, Drawn::Display, Drawn::Not]);
        assert_eq!(
            p.edges,
            [Drawn::Display, Drawn::Display],
            "it reaches into view"
        );
        let p = plan(1.0, &Highlights::default(), false);
        assert_eq!(
            p.nodes,
            [Drawn::Display; 3],
            "small maps leave culling to displays"
        );
    }

    #[test]
    fn zoomed_in_on_a_crowd_the_displays_lines_fade_as_the_far_views_do() {
        // 2 000 relations across the view between two entities 100 apart, seen at zoom 10:
        // every line is a display's, 1 000 points long on a 1 000 × 1 000 window.
        let mut crowd = scene();
        crowd.links = (0..2000)
            .map(|relation| Link {
                a: 0,
                b: 1,
                order: 0,
                bend: 0.0,
                relation,
                color: Color32::GRAY,
                contested: false,
            })
            .collect();
        let at = |zoom: f32| {
            let view = ViewTransform {
                pan: Vec2::new(0.0, 500.0),
                ..view(zoom)
            };
            let h = Highlights::default();
            DrawPlan::new(
                &crowd,
                &POSITIONS,
                &[1.0; 3],
                &Decor::default(),
                &h,
                view,
                true,
            )
        };
        let near = at(10.0);
        assert!(near.edges.iter().all(|d| *d == Drawn::Display));
        let expected = look::marks::plain_lines_opacity(2000.0 * 1000.0, 1000.0 * 1000.0);
        assert!(expected < 0.5, "{expected}");
        assert!(
            (near.crowd - expected).abs() < 0.02,
            "{} {expected}",
            near.crowd
        );
        // Two lines leave theirs whole.
        assert_eq!(plan(10.0, &Highlights::default(), true).crowd, 1.0);
    }

    #[test]
    fn the_far_mesh_holds_a_dot_per_far_entity_and_a_line_per_far_relation() {
        let p = plan(0.05, &Highlights::default(), true);
        let mesh = mesh(
            &scene(),
            &POSITIONS,
            &[12.0; 3],
            &Decor::default(),
            &p,
            view(0.05),
            &egui::Visuals::dark(),
            1.0,
        );
        assert!(mesh.is_valid());
        // Three dots of 4 vertices, and two lines of 8 (a solid core between soft edges).
        let dots = mesh
            .vertices
            .iter()
            .filter(|v| v.color == Color32::RED)
            .count();
        assert_eq!(dots, 12, "three dots");
        assert_eq!(mesh.vertices.len(), 12 + 2 * 8, "and the lines");
    }

    #[test]
    fn a_thick_line_is_a_solid_core_between_soft_edges() {
        let mut mesh = Mesh::default();
        line(
            &mut mesh,
            pos2(0.0, 0.0),
            pos2(10.0, 0.0),
            3.0,
            Color32::RED,
            1.0,
        );
        assert_eq!(mesh.vertices.len(), 8);
        assert_eq!(mesh.indices.len(), 18);
        let solid: Vec<f32> = mesh
            .vertices
            .iter()
            .filter(|v| v.color == Color32::RED)
            .map(|v| v.pos.y)
            .collect();
        assert_eq!(solid, [1.0, -1.0, 1.0, -1.0]);
        assert!(mesh.is_valid());
    }

    #[test]
    fn a_hairline_fades_instead_of_vanishing() {
        let mut mesh = Mesh::default();
        line(
            &mut mesh,
            pos2(0.0, 0.0),
            pos2(0.0, 10.0),
            0.5,
            Color32::WHITE,
            1.0,
        );
        assert_eq!(mesh.vertices.len(), 6);
        assert!(mesh.vertices[1].color.a() > 0 && mesh.vertices[1].color.a() < 255);
        assert!(mesh.is_valid());
        let mut empty = Mesh::default();
        line(
            &mut empty,
            pos2(1.0, 1.0),
            pos2(1.0, 1.0),
            2.0,
            Color32::WHITE,
            1.0,
        );
        assert!(
            empty.vertices.is_empty(),
            "a line of no length is not drawn"
        );
    }
}
