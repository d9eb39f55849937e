//! How an entity and a relation are drawn on the canvas: egui_graphs displays, label
//! helpers, shapes, and the layout adapter egui_graphs is given.

use super::*;

/// The label size at `zoom`: labels scale with the map, as in Gephi, so the layout's spacing
/// holds at every zoom, but never shrink below legibility.
pub(crate) fn label_font_size(zoom: f32) -> f32 {
    (LABEL_FONT_SIZE * zoom).clamp(11.0, 20.0)
}

pub const fn rgb(c: Rgb) -> Color32 {
    Color32::from_rgb(c[0], c[1], c[2])
}

/// egui_graphs' layout slot. relmap lays the map out itself (see [`Canvas`]), so this layout
/// does nothing; it exists because `GraphView` needs one.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct DocumentLayoutState;

impl LayoutState for DocumentLayoutState {}

#[derive(Debug, Default)]
pub struct DocumentLayout;

impl Layout<DocumentLayoutState> for DocumentLayout {
    fn from_state(_state: DocumentLayoutState) -> impl Layout<DocumentLayoutState> {
        DocumentLayout
    }

    fn next<N, E, Ty, Ix, Dn, De>(
        &mut self,
        _g: &mut egui_graphs::Graph<N, E, Ty, Ix, Dn, De>,
        _ui: &Ui,
    ) where
        N: Clone,
        E: Clone,
        Ty: petgraph::EdgeType,
        Ix: petgraph::graph::IndexType,
        Dn: DisplayNode<N, E, Ty, Ix>,
        De: DisplayEdge<N, E, Ty, Ix, Dn>,
    {
    }

    fn state(&self) -> DocumentLayoutState {
        DocumentLayoutState
    }
}

/// Paints an entity shape; the legend uses it too, so both always match. The outline comes
/// from the style table, as in exported figures.
pub fn node_shape(center: Pos2, r: f32, shape: NodeShape, fill: Color32, stroke: Stroke) -> Shape {
    match style::outline(shape, center.x, center.y, r) {
        None => Shape::circle_filled(center, r, fill).with_stroke(stroke, center, r),
        Some(points) => Shape::Path(PathShape::convex_polygon(
            points.into_iter().map(|p| pos2(p[0], p[1])).collect(),
            fill,
            stroke,
        )),
    }
}

trait WithStroke {
    fn with_stroke(self, stroke: Stroke, center: Pos2, r: f32) -> Shape;
}

impl WithStroke for Shape {
    fn with_stroke(self, stroke: Stroke, center: Pos2, r: f32) -> Shape {
        Shape::Vec(vec![self, Shape::circle_stroke(center, r, stroke)])
    }
}

/// A label's text laid out as the canvas draws it at `zoom`.
pub(crate) fn label_galley(
    ctx: &egui::Context,
    text: &str,
    zoom: f32,
    color: Color32,
) -> Arc<Galley> {
    ctx.fonts_mut(|f| {
        f.layout_no_wrap(
            text.to_owned(),
            FontId::proportional(label_font_size(zoom)),
            color,
        )
    })
}

/// Where a label's text of `size` starts: centred on `anchor` (`above`, as relation captions
/// are), or hanging below it (as names under their entities).
pub(crate) fn label_top_left(anchor: Pos2, size: Vec2, above: bool) -> Pos2 {
    if above {
        anchor - vec2(size.x / 2.0, size.y / 2.0)
    } else {
        anchor - vec2(size.x / 2.0, 0.0)
    }
}

/// Where an entity's name hangs from, below its shape of screen radius `r`.
pub(crate) fn name_anchor(center: Pos2, r: f32) -> Pos2 {
    center + vec2(0.0, r * 1.3 + 2.0)
}

/// Whether an entity's name shows at `zoom`: when names show at all and it is not dimmed, or
/// when it stands out (`emphasised`: selected, hovered, dragged or marked).
pub(crate) fn shows_name(zoom: f32, decor: NodeDecor, emphasised: bool) -> bool {
    (zoom >= LABEL_MIN_ZOOM && !decor.dimmed) || emphasised
}

/// A text label with a translucent backing, so names stay legible over relation lines.
pub(crate) fn label_shapes(
    ctx: &DrawContext,
    text: &str,
    anchor: Pos2,
    strong: bool,
    above: bool,
) -> [Shape; 2] {
    let visuals = &ctx.ctx.global_style().visuals;
    let color = if strong {
        visuals.strong_text_color()
    } else {
        visuals.text_color()
    };
    let galley = label_galley(ctx.ctx, text, ctx.meta.zoom, color);
    let size = galley.size();
    let top_left = label_top_left(anchor, size, above);
    let backing = Rect::from_min_size(top_left, size).expand2(vec2(3.0, 1.0));
    let bg = visuals.extreme_bg_color.gamma_multiply(0.78);
    [
        Shape::rect_filled(backing, 3.0, bg),
        TextShape::new(top_left, galley, color).into(),
    ]
}

/// How an entity is drawn: its kind's shape and colour, with its name underneath.
#[derive(Debug, Clone)]
pub struct EntityNode {
    pos: Pos2,
    selected: bool,
    hovered: bool,
    dragged: bool,
    payload: NodePayload,
}

impl From<NodeProps<NodePayload>> for EntityNode {
    fn from(props: NodeProps<NodePayload>) -> Self {
        Self {
            pos: props.location(),
            selected: props.selected,
            hovered: props.hovered,
            dragged: props.dragged,
            payload: props.payload,
        }
    }
}

impl DisplayNode<NodePayload, EdgePayload, Directed, DefaultIx> for EntityNode {
    fn closest_boundary_point(&self, dir: Vec2) -> Pos2 {
        self.pos + dir.normalized() * self.payload.radius
    }

    fn shapes(&mut self, ctx: &DrawContext) -> Vec<Shape> {
        let decor = self.payload.decor;
        if decor.hidden {
            return Vec::new();
        }
        let center = ctx.meta.canvas_to_screen_pos(self.pos);
        let r = ctx.meta.canvas_to_screen_size(self.payload.radius);
        let emphasised = self.selected || self.hovered || self.dragged || decor.marked;
        let labelled = shows_name(ctx.meta.zoom, decor, emphasised);
        // Off screen: nothing to draw (large maps are mostly off screen when zoomed in).
        let reach = r * 1.6 + 4.0 + if labelled { LABEL_REACH } else { 0.0 };
        if !ctx.painter.clip_rect().expand(reach).contains(center) {
            return Vec::new();
        }
        let visuals = &ctx.ctx.global_style().visuals;
        let stroke = if self.selected {
            Stroke::new(3.0, visuals.selection.stroke.color)
        } else if self.hovered || self.dragged {
            Stroke::new(2.0, visuals.strong_text_color())
        } else {
            Stroke::new(1.0, visuals.extreme_bg_color)
        };
        let fill = entity_fill(self.payload.color, decor);
        let mut shapes = Vec::with_capacity(4);
        if decor.marked {
            shapes.push(Shape::circle_stroke(
                center,
                r * 1.6 + 2.0,
                Stroke::new(3.0, visuals.selection.stroke.color),
            ));
        }
        shapes.push(node_shape(center, r, self.payload.shape, fill, stroke));
        if self.payload.pinned {
            // A pin: a small dot at the top right, so users see why the layout leaves it alone.
            let pin = center + vec2(r * 0.9, -r * 0.9);
            shapes.push(Shape::circle_filled(
                pin,
                (r * 0.28).max(2.5),
                visuals.strong_text_color(),
            ));
        }
        if labelled {
            shapes.extend(label_shapes(
                ctx,
                &self.payload.name,
                name_anchor(center, r),
                emphasised,
                false,
            ));
        }
        shapes
    }

    fn update(&mut self, props: &NodeProps<NodePayload>) {
        self.pos = props.location();
        self.selected = props.selected;
        self.hovered = props.hovered;
        self.dragged = props.dragged;
        self.payload.clone_from(&props.payload);
    }

    fn is_inside(&self, pos: Pos2) -> bool {
        !self.payload.decor.hidden
            && (pos - self.pos).length() <= self.payload.radius * hit::NODE_REACH
    }
}

/// How a relation is drawn: a line (curved when several relations join the same two
/// entities), an arrow head when it is directed, and its caption when it or an end is
/// selected or hovered.
#[derive(Debug, Clone)]
pub struct RelationEdge {
    order: usize,
    selected: bool,
    payload: EdgePayload,
}

impl From<EdgeProps<EdgePayload>> for RelationEdge {
    fn from(props: EdgeProps<EdgePayload>) -> Self {
        Self {
            order: props.order,
            selected: props.selected,
            payload: props.payload,
        }
    }
}

/// Spacing between parallel relations, in canvas units.
const PARALLEL_OFFSET: f32 = 22.0;

impl RelationEdge {
    /// Start, end and (for a curve) control point, in canvas coordinates.
    fn geometry(
        &self,
        start: &Node<NodePayload, EdgePayload, Directed, DefaultIx, EntityNode>,
        end: &Node<NodePayload, EdgePayload, Directed, DefaultIx, EntityNode>,
    ) -> (Pos2, Pos2, Option<Pos2>) {
        relation_geometry(
            (start.location(), start.payload().radius),
            (end.location(), end.payload().radius),
            self.order,
        )
    }
}

/// Where a relation between two entities (centre and radius each) starts and ends, and its
/// control point when it curves (the `order`-th of several between the same two), in canvas
/// coordinates. The canvas, its hit-testing and the far view all draw relations this way.
pub(crate) fn relation_geometry(
    (s, rs): (Pos2, f32),
    (e, re): (Pos2, f32),
    order: usize,
) -> (Pos2, Pos2, Option<Pos2>) {
    let dir = e - s;
    if dir.length_sq() < 1e-6 {
        return (s, e, None);
    }
    if order == 0 {
        let d = dir.normalized();
        return (s + d * rs, e - d * re, None);
    }
    let normal = vec2(-dir.y, dir.x).normalized();
    let ctrl = s + dir * 0.5 + normal * PARALLEL_OFFSET * 2.0 * order as f32;
    let a = s + (ctrl - s).normalized() * rs;
    let b = e + (ctrl - e).normalized() * re;
    (a, b, Some(ctrl))
}

/// How many straight pieces stand for a curved relation when it is hit-tested.
pub(crate) const CURVE_PIECES: usize = 16;

/// The relation as a polyline: its two ends, or points along its curve.
pub(crate) fn relation_polyline(a: Pos2, b: Pos2, ctrl: Option<Pos2>) -> Vec<Pos2> {
    match ctrl {
        None => vec![a, b],
        Some(c) => (0..=CURVE_PIECES)
            .map(|k| bezier_point(a, c, b, k as f32 / CURVE_PIECES as f32))
            .collect(),
    }
}

/// The colour and width of a relation's line.
pub(crate) fn relation_stroke(
    color: Color32,
    contested: bool,
    decor: EdgeDecor,
    selected: bool,
    emphasised: bool,
    visuals: &egui::Visuals,
) -> Stroke {
    let kind_color = color;
    let (mut color, width) = match decor.mark {
        _ if selected => (visuals.selection.stroke.color, 3.0),
        EdgeMark::Path => (visuals.selection.stroke.color, 3.5),
        EdgeMark::Disagreement => (DISAGREEMENT_COLOR, 3.5),
        EdgeMark::Asserted => (crate::ui::inspector::stance_color(Stance::Asserts), 2.2),
        EdgeMark::Denied => (crate::ui::inspector::stance_color(Stance::Denies), 2.2),
        EdgeMark::Qualified => (crate::ui::inspector::stance_color(Stance::Qualifies), 2.2),
        EdgeMark::None if emphasised => (visuals.strong_text_color(), 2.0),
        EdgeMark::None if contested => (CONTESTED_COLOR, 1.6),
        EdgeMark::None => (kind_color, 1.4),
    };
    if decor.dimmed && !selected && !emphasised {
        color = color.gamma_multiply(0.18);
    }
    Stroke::new(width, color)
}

/// The fill of an entity: its kind's colour, faint when dimmed.
pub(crate) fn entity_fill(color: Color32, decor: NodeDecor) -> Color32 {
    if decor.dimmed {
        color.gamma_multiply(0.22)
    } else {
        color
    }
}

/// Zoomed far out, a plain entity (not selected, hovered, dragged or on the path) is a dot, and
/// the far view draws all such dots at once ([`super::far`]); its display is not asked.
pub(crate) fn is_far_dot(screen_radius: f32, emphasised: bool) -> bool {
    screen_radius < DOT_RADIUS && !emphasised
}

/// Zoomed far out, a plain relation (not selected, and without a selected or hovered end) is a
/// line without arrow head or markers, and the far view draws all such lines at once.
pub(crate) fn is_far_line(zoom: f32, emphasised: bool) -> bool {
    zoom < DETAIL_MIN_ZOOM && !emphasised
}

pub(crate) fn bezier_point(a: Pos2, c: Pos2, b: Pos2, t: f32) -> Pos2 {
    captions::point_on((a, b, Some(c)), t)
}

impl DisplayEdge<NodePayload, EdgePayload, Directed, DefaultIx, EntityNode> for RelationEdge {
    fn shapes(
        &mut self,
        start: &Node<NodePayload, EdgePayload, Directed, DefaultIx, EntityNode>,
        end: &Node<NodePayload, EdgePayload, Directed, DefaultIx, EntityNode>,
        ctx: &DrawContext,
    ) -> Vec<Shape> {
        let decor = self.payload.decor;
        if decor.hidden {
            return Vec::new();
        }
        let visuals = &ctx.ctx.global_style().visuals;
        let emphasised = self.payload.hovered
            || start.selected()
            || end.selected()
            || start.hovered()
            || end.hovered();
        let stroke = relation_stroke(
            self.payload.color,
            self.payload.contested,
            decor,
            self.selected,
            emphasised,
            visuals,
        );
        let (color, width) = (stroke.color, stroke.width);
        let to_screen = |p: Pos2| ctx.meta.canvas_to_screen_pos(p);
        let mut shapes = Vec::with_capacity(4);

        if start.id() == end.id() {
            // A relation of an entity to itself: a loop above it.
            let c = to_screen(start.location());
            let r = ctx.meta.canvas_to_screen_size(NODE_RADIUS);
            let k = 1.0 + self.order as f32 * 0.5;
            shapes.push(Shape::CubicBezier(CubicBezierShape::from_points_stroke(
                [
                    c,
                    c + vec2(-r * 2.5 * k, -r * 3.0 * k),
                    c + vec2(r * 2.5 * k, -r * 3.0 * k),
                    c,
                ],
                false,
                Color32::TRANSPARENT,
                stroke,
            )));
            if self.selected || emphasised {
                let anchor = c + vec2(0.0, -r * 2.6 * k);
                shapes.extend(label_shapes(
                    ctx,
                    &self.payload.caption,
                    anchor,
                    self.selected,
                    true,
                ));
            }
            return shapes;
        }

        let (a, b, ctrl) = self.geometry(start, end);
        let (sa, sb) = (to_screen(a), to_screen(b));
        // Off screen: nothing to draw. A curve stays within the box of its three points.
        let reach = if emphasised || self.selected {
            LABEL_REACH
        } else {
            8.0
        };
        let view = ctx.painter.clip_rect().expand(reach);
        let seen = match ctrl {
            None => far::segment_meets(view, sa, sb),
            Some(c) => Rect::from_points(&[sa, sb, to_screen(c)]).intersects(view),
        };
        if !seen {
            return shapes;
        }
        let detailed = ctx.meta.zoom >= DETAIL_MIN_ZOOM || emphasised || self.selected;
        // A contested relation is dashed, with a marker at its middle.
        let dashed = self.payload.contested;
        let (tip_from, mid) = match ctrl {
            None if dashed => {
                shapes.extend(Shape::dashed_line(&[sa, sb], stroke, 7.0, 4.0));
                (sa, sa + (sb - sa) * 0.5)
            }
            None => {
                shapes.push(Shape::line_segment([sa, sb], stroke));
                (sa, sa + (sb - sa) * 0.5)
            }
            Some(c) => {
                let sc = to_screen(c);
                if dashed {
                    let points: Vec<Pos2> = (0..=24)
                        .map(|k| bezier_point(sa, sc, sb, k as f32 / 24.0))
                        .collect();
                    shapes.extend(Shape::dashed_line(&points, stroke, 7.0, 4.0));
                } else {
                    shapes.push(Shape::QuadraticBezier(
                        QuadraticBezierShape::from_points_stroke(
                            [sa, sc, sb],
                            false,
                            Color32::TRANSPARENT,
                            stroke,
                        ),
                    ));
                }
                (sc, bezier_point(sa, sc, sb, 0.5))
            }
        };
        if dashed && !decor.dimmed && detailed {
            let m = 5.0;
            shapes.push(Shape::convex_polygon(
                vec![
                    mid + vec2(0.0, -m),
                    mid + vec2(m, 0.0),
                    mid + vec2(0.0, m),
                    mid + vec2(-m, 0.0),
                ],
                CONTESTED_COLOR,
                Stroke::new(1.0, visuals.extreme_bg_color),
            ));
        }
        if decor.mark == EdgeMark::Denied && detailed {
            // Struck through: a cross over the middle.
            let m = 6.0;
            let cross = Stroke::new(2.5, color);
            shapes.push(Shape::line_segment(
                [mid + vec2(-m, -m), mid + vec2(m, m)],
                cross,
            ));
            shapes.push(Shape::line_segment(
                [mid + vec2(-m, m), mid + vec2(m, -m)],
                cross,
            ));
        }
        if self.payload.directed && detailed {
            let dir = (sb - tip_from).normalized();
            let size = (ctx.meta.canvas_to_screen_size(9.0)).clamp(5.0, 12.0) + width;
            let normal = vec2(-dir.y, dir.x);
            let back = sb - dir * size;
            shapes.push(Shape::convex_polygon(
                vec![sb, back + normal * size * 0.45, back - normal * size * 0.45],
                color,
                Stroke::NONE,
            ));
        }
        // Where the canvas placed the caption along the line, clear of the others; left out
        // when there was no room.
        if (self.selected || emphasised)
            && let Some(t) = self.payload.caption_at
        {
            let anchor = captions::point_on((sa, sb, ctrl.map(to_screen)), t);
            shapes.extend(label_shapes(
                ctx,
                &self.payload.caption,
                anchor,
                self.selected,
                true,
            ));
        }
        shapes
    }

    fn update(&mut self, props: &EdgeProps<EdgePayload>) {
        self.order = props.order;
        self.selected = props.selected;
        self.payload.clone_from(&props.payload);
    }

    fn is_inside(
        &self,
        start: &Node<NodePayload, EdgePayload, Directed, DefaultIx, EntityNode>,
        end: &Node<NodePayload, EdgePayload, Directed, DefaultIx, EntityNode>,
        pos: Pos2,
    ) -> bool {
        if start.id() == end.id() || self.payload.decor.hidden {
            return false;
        }
        let (a, b, ctrl) = self.geometry(start, end);
        hit::distance_to_polyline(pos, &relation_polyline(a, b, ctrl)) <= hit::EDGE_REACH
    }

    fn extra_bounds(
        &self,
        start: &Node<NodePayload, EdgePayload, Directed, DefaultIx, EntityNode>,
        end: &Node<NodePayload, EdgePayload, Directed, DefaultIx, EntityNode>,
    ) -> Option<(Pos2, Pos2)> {
        let (a, b, ctrl) = self.geometry(start, end);
        let c = ctrl?;
        let mid = bezier_point(a, c, b, 0.5);
        Some((a.min(b).min(mid), a.max(b).max(mid)))
    }
}
