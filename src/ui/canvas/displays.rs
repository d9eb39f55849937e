//! How an entity and a relation are drawn on the canvas: egui_graphs displays, label
//! helpers, shapes, and the layout adapter egui_graphs is given.

use super::*;
use crate::look::geometry::RelationPath;
use crate::look::marks::{Emphasis, LineLook};

/// The label size at `zoom`: labels scale with the map, as in Gephi, so the layout's spacing
/// holds at every zoom, but never shrink below legibility.
pub(crate) fn label_font_size(zoom: f32) -> f32 {
    look::labels::name_size(zoom)
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

/// A label's text laid out as the canvas draws it at `zoom`.
pub(crate) fn label_galley(
    ctx: &egui::Context,
    text: &str,
    zoom: f32,
    color: Color32,
) -> Arc<Galley> {
    scaled_label_galley(ctx, text, zoom, 1.0, color)
}

/// [`label_galley`] at `scale` times the size (a rule's name size).
pub(crate) fn scaled_label_galley(
    ctx: &egui::Context,
    text: &str,
    zoom: f32,
    scale: f32,
    color: Color32,
) -> Arc<Galley> {
    ctx.fonts_mut(|f| {
        f.layout_no_wrap(
            text.to_owned(),
            FontId::proportional(label_font_size(zoom) * scale),
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

/// Where a label's text goes: centred on a point (relation captions), or hanging from the
/// middle of its top edge (names).
#[derive(Debug, Clone, Copy)]
pub(crate) enum LabelPlace {
    Centred(Pos2),
    Hanging(Pos2),
}

/// Where an entity's name hangs from in `slot` around its shape of screen radius `r`: the
/// middle of the top of the name's box the label grid placed (`look::labels`).
pub(crate) fn name_hanging_point(
    name: &str,
    center: Pos2,
    r: f32,
    zoom: f32,
    scale: f32,
    slot: look::labels::Slot,
) -> Pos2 {
    let size = label_font_size(zoom) * scale;
    let area = look::labels::name_area_at(name, paint::pt(center), r, size, slot);
    pos2(
        (area.min.x + area.max.x) / 2.0,
        area.min.y + look::labels::NAME_BACKING.1,
    )
}

/// A text label with a translucent backing, so names stay legible over relation lines.
pub(crate) fn label_shapes(
    ctx: &DrawContext,
    text: &str,
    place: LabelPlace,
    strong: bool,
    scale: f32,
) -> [Shape; 2] {
    text_with_backing(ctx.ctx, text, place, ctx.meta.zoom, strong, scale)
}

/// [`label_shapes`] for a painter outside egui_graphs: the captions the canvas draws over the
/// entities.
pub(crate) fn text_with_backing(
    ctx: &egui::Context,
    text: &str,
    place: LabelPlace,
    zoom: f32,
    strong: bool,
    scale: f32,
) -> [Shape; 2] {
    let visuals = &ctx.global_style().visuals;
    let theme = paint::theme(visuals);
    let color = paint::rgb(if strong {
        theme.text()
    } else {
        theme.name_text()
    });
    let galley = scaled_label_galley(ctx, text, zoom, scale, color);
    let size = galley.size();
    let top_left = match place {
        LabelPlace::Centred(anchor) => label_top_left(anchor, size, true),
        LabelPlace::Hanging(anchor) => label_top_left(anchor, size, false),
    };
    let backing = Rect::from_min_size(top_left, size).expand2(vec2(3.0, 1.0));
    let bg = paint::rgb(theme.paper()).gamma_multiply(0.78);
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
        let emphasised =
            self.selected || self.hovered || self.dragged || decor.marked || decor.change.is_some();
        let labelled = self.payload.name_shown;
        // Off screen: nothing to draw (large maps are mostly off screen when zoomed in).
        let reach = r * 1.6 + 4.0 + if labelled { LABEL_REACH } else { 0.0 };
        if !ctx.painter.clip_rect().expand(reach).contains(center) {
            return Vec::new();
        }
        let visuals = &ctx.ctx.global_style().visuals;
        let stroke = if self.selected {
            Stroke::new(3.0, paint::ink(look::Ink::Accent, visuals))
        } else if self.hovered || self.dragged {
            Stroke::new(2.0, paint::ink(look::Ink::Strong, visuals))
        } else {
            Stroke::new(1.0, paint::ink(look::Ink::Background, visuals))
        };
        let fill = entity_fill(self.payload.color, decor);
        let mut shapes = Vec::with_capacity(4);
        if decor.marked {
            let (k, gap, width) = look::PATH_RING;
            shapes.push(Shape::circle_stroke(
                center,
                r * k + gap,
                Stroke::new(width, paint::ink(look::Ink::Accent, visuals)),
            ));
        }
        let style = look::styled(
            look::EntityStyle {
                color: paint::rgb_of(self.payload.color),
                shape: self.payload.shape,
                icon: self.payload.icon,
                icon_only: self.payload.icon_only,
            },
            &decor,
        );
        let entity = look::EntityLook::of(style.color, decor);
        if let Some(color) = entity.change {
            let (k, gap, width) = look::CHANGE_RING;
            shapes.push(Shape::circle_stroke(
                center,
                r * k + gap,
                Stroke::new(width, paint::rgb(color)),
            ));
        }
        if let Some(border) = decor.border {
            let (k, gap, width) = look::BORDER_RING;
            shapes.push(Shape::circle_stroke(
                center,
                r * k + gap,
                Stroke::new(width, paint::faded(paint::rgb(border), entity.opacity)),
            ));
        }
        let picture = self.payload.picture.as_ref().and_then(|p| {
            let m = look::pictures::mark(style.shape, r);
            let image = crate::ui::pictures::picture_shape(
                ctx.ctx,
                p,
                center,
                m.half,
                m.round,
                entity.opacity,
            )?;
            Some((m, image))
        });
        let icon = look::icons::mark(&style, entity.fill, r).filter(|_| picture.is_none());
        if let Some((m, image)) = picture {
            shapes.push(image);
            let frame = Stroke::new(
                m.frame,
                paint::faded(paint::rgb(entity.fill), entity.opacity),
            );
            let inner = m.half - m.frame / 2.0;
            if m.round {
                shapes.push(Shape::circle_stroke(center, inner, frame));
            } else {
                let rect = Rect::from_center_size(center, vec2(2.0 * inner, 2.0 * inner));
                shapes.push(Shape::rect_stroke(
                    rect,
                    0.0,
                    frame,
                    egui::StrokeKind::Middle,
                ));
            }
            if self.selected || self.hovered || self.dragged {
                if m.round {
                    shapes.push(Shape::circle_stroke(center, m.half, stroke));
                } else {
                    let rect = Rect::from_center_size(center, vec2(2.0 * m.half, 2.0 * m.half));
                    shapes.push(Shape::rect_stroke(
                        rect,
                        0.0,
                        stroke,
                        egui::StrokeKind::Outside,
                    ));
                }
            }
        } else if icon.is_some_and(|m| m.alone) {
            // The icon alone, on a disc of the paper; outlined only to show selection.
            shapes.push(Shape::circle_filled(
                center,
                r,
                paint::ink(look::Ink::Background, visuals),
            ));
            if self.selected || self.hovered || self.dragged {
                shapes.push(Shape::circle_stroke(center, r, stroke));
            }
        } else {
            shapes.push(paint::node_shape(center, r, style.shape, fill, stroke));
        }
        if let Some(mark) = icon
            && let Some(image) = crate::ui::icons::icon_shape(
                ctx.ctx,
                mark.icon,
                center,
                mark.size,
                mark.ink,
                entity.opacity,
            )
        {
            shapes.push(image);
        }
        let badge_radius = look::badges::radius(r);
        for (slot, badge) in decor.badges.iter().enumerate() {
            let Some(badge) = *badge else { continue };
            if badge_radius < look::badges::MIN_RADIUS {
                break;
            }
            let at = look::badges::centre(slot, paint::pt(center), r);
            shapes.extend(crate::ui::badges::shapes(
                ctx.ctx,
                &badge.into(),
                pos2(at.x, at.y),
                badge_radius,
                entity.opacity,
            ));
        }
        if self.payload.pinned {
            // A pin: a small dot at the top right, so users see why the layout leaves it alone.
            let pin = center + vec2(r * 0.9, -r * 0.9);
            shapes.push(Shape::circle_filled(
                pin,
                (r * 0.28).max(2.5),
                paint::ink(look::Ink::Strong, visuals),
            ));
        }
        if labelled {
            let at = name_hanging_point(
                &self.payload.name,
                center,
                r,
                ctx.meta.zoom,
                decor.label_scale,
                self.payload.name_slot,
            );
            shapes.extend(label_shapes(
                ctx,
                &self.payload.name,
                LabelPlace::Hanging(at),
                emphasised,
                decor.label_scale,
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
/// selected or hovered. What it looks like is the look's ([`crate::look`]); this paints it.
#[derive(Debug, Clone)]
pub struct RelationEdge {
    selected: bool,
    payload: EdgePayload,
}

impl From<EdgeProps<EdgePayload>> for RelationEdge {
    fn from(props: EdgeProps<EdgePayload>) -> Self {
        Self {
            selected: props.selected,
            payload: props.payload,
        }
    }
}

type EntityGraphNode = Node<NodePayload, EdgePayload, Directed, DefaultIx, EntityNode>;

impl RelationEdge {
    /// Start, end and (for a curve) control point, in canvas coordinates.
    fn geometry(
        &self,
        start: &EntityGraphNode,
        end: &EntityGraphNode,
    ) -> (Pos2, Pos2, Option<Pos2>) {
        relation_geometry(
            (start.location(), start.payload().radius),
            (end.location(), end.payload().radius),
            self.payload.order,
            self.payload.bend,
        )
    }

    /// The relation's path on screen, as the look lays it out.
    fn screen_path(
        &self,
        start: &EntityGraphNode,
        end: &EntityGraphNode,
        ctx: &DrawContext,
    ) -> Option<RelationPath> {
        let path = RelationPath::routed(
            (paint::pt(start.location()), start.payload().radius),
            (paint::pt(end.location()), end.payload().radius),
            self.payload.order,
            self.payload.bend,
            start.id() == end.id(),
        )?;
        Some(path.map(|p| paint::pt(ctx.meta.canvas_to_screen_pos(paint::pos(p)))))
    }
}

impl DisplayEdge<NodePayload, EdgePayload, Directed, DefaultIx, EntityNode> for RelationEdge {
    fn shapes(
        &mut self,
        start: &EntityGraphNode,
        end: &EntityGraphNode,
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
        let line = LineLook::of(
            paint::rgb_of(self.payload.color),
            self.payload.contested,
            decor.mark,
            decor.dimmed,
            Emphasis {
                selected: self.selected,
                near: emphasised,
            },
        );
        let color = paint::faded(
            paint::faded(paint::ink(line.ink, visuals), line.opacity),
            line.in_crowd(self.payload.crowd),
        );
        let stroke = Stroke::new(line.width, color);
        let mut shapes = Vec::with_capacity(4);
        let Some(path) = self.screen_path(start, end, ctx) else {
            return shapes;
        };
        let points: Vec<Pos2> = path
            .polyline(CURVE_PIECES)
            .into_iter()
            .map(paint::pos)
            .collect();
        // Off screen: nothing to draw. A curve stays within the box of its three points.
        let reach = if emphasised || self.selected {
            LABEL_REACH
        } else {
            8.0
        };
        let view = ctx.painter.clip_rect().expand(reach);
        let seen = match path {
            RelationPath::Straight(a, b) => far::segment_meets(view, paint::pos(a), paint::pos(b)),
            RelationPath::Curve(a, c, b) => {
                Rect::from_points(&[paint::pos(a), paint::pos(b), paint::pos(c)]).intersects(view)
            }
            RelationPath::Loop { .. } => Rect::from_points(&points).intersects(view),
        };
        if !seen {
            return shapes;
        }
        let detailed = ctx.meta.zoom >= DETAIL_MIN_ZOOM || emphasised || self.selected;
        let (dash, gap) = look::DASH;
        match path {
            _ if line.dashed => shapes.extend(Shape::dashed_line(&points, stroke, dash, gap)),
            RelationPath::Straight(a, b) => {
                shapes.push(Shape::line_segment([paint::pos(a), paint::pos(b)], stroke));
            }
            RelationPath::Curve(a, c, b) => shapes.push(Shape::QuadraticBezier(
                QuadraticBezierShape::from_points_stroke(
                    [paint::pos(a), paint::pos(c), paint::pos(b)],
                    false,
                    Color32::TRANSPARENT,
                    stroke,
                ),
            )),
            RelationPath::Loop { center, c1, c2 } => {
                let c = paint::pos(center);
                shapes.push(Shape::CubicBezier(CubicBezierShape::from_points_stroke(
                    [c, paint::pos(c1), paint::pos(c2), c],
                    false,
                    Color32::TRANSPARENT,
                    stroke,
                )));
            }
        }
        let mid = path.middle();
        if line.contested_marker && detailed {
            shapes.push(Shape::convex_polygon(
                geometry::contested_marker(mid)
                    .into_iter()
                    .map(paint::pos)
                    .collect(),
                CONTESTED_COLOR,
                Stroke::new(1.0, paint::ink(look::Ink::Background, visuals)),
            ));
        }
        if line.struck && detailed {
            let cross = Stroke::new(look::DENIED_CROSS.1, color);
            for [a, b] in geometry::denied_cross(mid) {
                shapes.push(Shape::line_segment([paint::pos(a), paint::pos(b)], cross));
            }
        }
        if self.payload.directed && detailed {
            // Arrow heads keep a legible size on screen at every zoom.
            let scale = ctx
                .meta
                .zoom
                .clamp(5.0 / look::ARROW_SIZE, 12.0 / look::ARROW_SIZE);
            let (tip, from) = path.tip();
            let head = geometry::arrow_head(tip, from, geometry::arrow_length(line.width, scale));
            shapes.push(Shape::convex_polygon(
                head.into_iter().map(paint::pos).collect(),
                color,
                Stroke::NONE,
            ));
        }
        // Where the canvas placed the caption along the line, clear of the others; left out
        // when there was no room. A loop's caption sits above it.
        // A placed caption is drawn by the canvas over the entities (`Canvas::caption_shapes`),
        // which would otherwise cover it.
        if (self.selected || emphasised) && !self.payload.caption_on_top {
            let anchor = match geometry::loop_caption_anchor(&path) {
                Some(a) => Some(paint::pos(a)),
                None => self
                    .payload
                    .caption_at
                    .map(|s| paint::pos(path.point_at(s.t)) + s.shift),
            };
            if let Some(anchor) = anchor {
                shapes.extend(label_shapes(
                    ctx,
                    &self.payload.caption,
                    LabelPlace::Centred(anchor),
                    self.selected,
                    1.0,
                ));
            }
        }
        shapes
    }

    fn update(&mut self, props: &EdgeProps<EdgePayload>) {
        self.selected = props.selected;
        self.payload.clone_from(&props.payload);
    }

    fn is_inside(&self, start: &EntityGraphNode, end: &EntityGraphNode, pos: Pos2) -> bool {
        if start.id() == end.id() || self.payload.decor.hidden {
            return false;
        }
        let (a, b, ctrl) = self.geometry(start, end);
        hit::distance_to_polyline(pos, &relation_polyline(a, b, ctrl)) <= hit::EDGE_REACH
    }

    fn extra_bounds(&self, start: &EntityGraphNode, end: &EntityGraphNode) -> Option<(Pos2, Pos2)> {
        let (a, b, ctrl) = self.geometry(start, end);
        let c = ctrl?;
        let mid = point_on((a, b, Some(c)), 0.5);
        Some((a.min(b).min(mid), a.max(b).max(mid)))
    }
}
