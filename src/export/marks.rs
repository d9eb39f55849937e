//! Entities' marks on paper: an entity's shape, its icon, its rings (the path's, a rule's),
//! and the legend's keys for kinds and rules. The SVG painters (`svg.rs`, `view.rs`) place
//! them; what they look like is the look's (`crate::look`).

use std::fmt::Write as _;

use crate::look::geometry::Pt;
use crate::look::marks::hex;
use crate::look::{self, EntityLook, PATH_RING, Theme};
use crate::model::{Document, NodeShape};
use crate::view::{Badge, Decor};

/// An entity's shape, or its `picture` (a data URI) when it has one, and its ring when on the
/// highlighted path, at `c` with radius `r`; returns how it looks.
#[allow(clippy::too_many_arguments)]
pub(super) fn entity_svg(
    s: &mut String,
    doc: &Document,
    decor: &Decor,
    i: usize,
    c: Pt,
    r: f32,
    theme: Theme,
    picture: Option<&str>,
) -> EntityLook {
    let d = decor.nodes.get(i).copied().unwrap_or_default();
    let st = look::styled(look::entity_style(&doc.styles, &doc.entities[i].kind), &d);
    let shape = EntityLook::of(st.color, d);
    if let Some(border) = d.border {
        let attrs = format!(
            r#" class="border"{}"#,
            opacity_attr("opacity", shape.opacity)
        );
        ring_svg(s, c, r, look::BORDER_RING, border, &attrs);
    }
    if let Some(color) = shape.change {
        ring_svg(s, c, r, look::CHANGE_RING, color, r#" class="change""#);
    }
    if shape.ringed {
        ring_svg(s, c, r, PATH_RING, theme.accent(), "");
    }
    match picture {
        Some(uri) => picture_svg(s, uri, i, &st, shape.fill, shape.opacity, c, r),
        None => styled_mark_svg(s, &st, shape.fill, shape.opacity, c, r, theme),
    }
    for (slot, badge) in d.badges.iter().enumerate() {
        if let Some(badge) = badge {
            let content = match *badge {
                Badge::Icon(icon) => BadgeContent::Icon(icon),
                Badge::Count(n) => BadgeContent::Text(look::badges::count_text(n)),
            };
            let at = look::badges::centre(slot, c, r);
            badge_svg(
                s,
                &content,
                at,
                look::badges::radius(r),
                shape.opacity,
                theme,
            );
        }
    }
    shape
}

/// A ring round an entity at `c` of radius `r`: `ring` is its radius relative to the
/// entity's, the gap beyond that and its width (`look::PATH_RING` and the like); `attrs` are
/// written into the element as they are.
fn ring_svg(s: &mut String, c: Pt, r: f32, ring: (f32, f32, f32), color: look::Rgb, attrs: &str) {
    let (k, gap, w) = ring;
    let _ = writeln!(
        s,
        r#"<circle cx="{:.1}" cy="{:.1}" r="{:.1}" fill="none" stroke="{}" stroke-width="{w}"{attrs}/>"#,
        c.x,
        c.y,
        r * k + gap,
        hex(color)
    );
}

/// What a badge shows.
pub(super) enum BadgeContent {
    Icon(&'static crate::model::icons::Icon),
    Text(String),
}

/// A badge at `c` of `radius`: a disc (a pill for a long count) in the theme's strong ink,
/// ringed in the paper, with its icon or number in the paper's colour.
pub(super) fn badge_svg(
    s: &mut String,
    content: &BadgeContent,
    c: Pt,
    radius: f32,
    opacity: f32,
    theme: Theme,
) {
    let (ink, paper) = (hex(theme.text()), hex(theme.paper()));
    let opacity = opacity_attr("opacity", opacity);
    let half = match content {
        BadgeContent::Text(t) => look::badges::half_width(t, radius),
        BadgeContent::Icon(_) => radius,
    };
    let _ = writeln!(
        s,
        r#"<rect x="{:.2}" y="{:.2}" width="{:.2}" height="{:.2}" rx="{radius:.2}" fill="{ink}" stroke="{paper}" stroke-width="1" class="badge"{opacity}/>"#,
        c.x - half,
        c.y - radius,
        2.0 * half,
        2.0 * radius
    );
    match content {
        BadgeContent::Icon(icon) => {
            let size = look::badges::icon_size(radius);
            let _ = writeln!(s, "{}", icon.svg_group(c, size, theme.paper(), None));
        }
        BadgeContent::Text(text) => {
            let size = look::badges::count_size(radius);
            let _ = writeln!(
                s,
                r#"<text x="{:.2}" y="{:.2}" font-size="{size:.2}" font-weight="bold" fill="{paper}" text-anchor="middle"{opacity}>{text}</text>"#,
                c.x,
                c.y + size * 0.36
            );
        }
    }
}

/// A picture in place of the shape and icon: cut round or square and framed in `fill`, as
/// the look places it (`look::pictures`).
#[allow(clippy::too_many_arguments)]
fn picture_svg(
    s: &mut String,
    uri: &str,
    i: usize,
    st: &look::EntityStyle,
    fill: look::Rgb,
    opacity: f32,
    c: Pt,
    r: f32,
) {
    let m = look::pictures::mark(st.shape, r);
    let h = m.half;
    let opacity = opacity_attr("opacity", opacity);
    let (x, y, side) = (c.x - h, c.y - h, 2.0 * h);
    let inner = h - m.frame / 2.0;
    if m.round {
        let _ = writeln!(
            s,
            r#"<clipPath id="picture-{i}"><circle cx="{:.2}" cy="{:.2}" r="{h:.2}"/></clipPath>"#,
            c.x, c.y
        );
        let _ = writeln!(
            s,
            r#"<image x="{x:.2}" y="{y:.2}" width="{side:.2}" height="{side:.2}" clip-path="url(#picture-{i})" class="picture"{opacity} href="{uri}"/>"#
        );
        let _ = writeln!(
            s,
            r#"<circle cx="{:.2}" cy="{:.2}" r="{inner:.2}" fill="none" stroke="{}" stroke-width="{:.2}"{opacity}/>"#,
            c.x,
            c.y,
            hex(fill),
            m.frame
        );
    } else {
        let _ = writeln!(
            s,
            r#"<image x="{x:.2}" y="{y:.2}" width="{side:.2}" height="{side:.2}" class="picture"{opacity} href="{uri}"/>"#
        );
        let _ = writeln!(
            s,
            r#"<rect x="{:.2}" y="{:.2}" width="{:.2}" height="{:.2}" fill="none" stroke="{}" stroke-width="{:.2}"{opacity}/>"#,
            c.x - inner,
            c.y - inner,
            2.0 * inner,
            2.0 * inner,
            hex(fill),
            m.frame
        );
    }
}

/// A rule's key in the legend at `c`: a swatch of its colour, a circle of its size or
/// opacity, its shape, its icon, its ring, or a name shown or struck out.
pub(super) fn rule_key_svg(
    s: &mut String,
    visual: crate::model::rules::Visual,
    mark: crate::view::rules::Set,
    c: Pt,
    theme: Theme,
) {
    use crate::model::rules::Visual;
    use crate::view::rules::Set;
    let grey = hex(look::RELATION_COLOR);
    use crate::look::legend::{ICON_KEY, KEY_RADIUS, RING_KEY_WIDTH, size_key_radius};
    let key = match (visual, mark) {
        (Visual::Border, Set::Paint(p)) => format!(
            r#"<circle cx="{:.1}" cy="{:.1}" r="{KEY_RADIUS}" fill="none" stroke="{}" stroke-width="{RING_KEY_WIDTH}"/>"#,
            c.x,
            c.y,
            hex(look::paint_color(p))
        ),
        (_, Set::Paint(p)) => shape_svg(
            NodeShape::Circle,
            c,
            KEY_RADIUS,
            &hex(look::paint_color(p)),
            "",
            theme,
        ),
        (Visual::Size, Set::Number(k)) => {
            shape_svg(NodeShape::Circle, c, size_key_radius(k), &grey, "", theme)
        }
        (Visual::LabelSize, Set::Number(k)) => format!(
            r#"<text x="{:.1}" y="{:.1}" font-size="{:.1}" text-anchor="middle">Aa</text>"#,
            c.x,
            c.y + 4.0 * k.min(1.6),
            10.0 * k.min(1.6)
        ),
        (_, Set::Number(k)) => shape_svg(
            NodeShape::Circle,
            c,
            KEY_RADIUS,
            &grey,
            &opacity_attr("opacity", k),
            theme,
        ),
        (_, Set::Shape(shape)) => shape_svg(shape, c, KEY_RADIUS, &grey, "", theme),
        (_, Set::Icon(icon)) => icon.svg_group(c, ICON_KEY, theme.text(), None),
        (_, Set::Badge(icon)) => {
            let content = match icon {
                Some(icon) => BadgeContent::Icon(icon),
                None => BadgeContent::Text("n".to_owned()),
            };
            let mut key = String::new();
            badge_svg(&mut key, &content, c, KEY_RADIUS, 1.0, theme);
            key.trim_end().to_owned()
        }
        (_, Set::Label(shown)) => format!(
            r#"<text x="{:.1}" y="{:.1}" font-size="10" text-anchor="middle"{}>Aa</text>"#,
            c.x,
            c.y + 4.0,
            if shown {
                ""
            } else {
                r#" text-decoration="line-through""#
            }
        ),
    };
    let _ = writeln!(s, "{key}");
}

/// An entity's shape of `st`, filled `fill` at `opacity`, and its icon (or the icon alone, on
/// a disc of the paper), at `c` with radius `r`. The legend's keys are drawn with it too.
pub(super) fn styled_mark_svg(
    s: &mut String,
    st: &look::EntityStyle,
    fill: look::Rgb,
    opacity: f32,
    c: Pt,
    r: f32,
    theme: Theme,
) {
    let icon = look::icons::mark(st, fill, r);
    if icon.is_some_and(|m| m.alone) {
        let _ = writeln!(
            s,
            r#"<circle cx="{:.1}" cy="{:.1}" r="{r:.1}" fill="{}" class="icon-backing"/>"#,
            c.x,
            c.y,
            hex(theme.paper())
        );
    } else {
        let attr = opacity_attr("opacity", opacity);
        let _ = writeln!(s, "{}", shape_svg(st.shape, c, r, &hex(fill), &attr, theme));
    }
    if let Some(mark) = icon {
        let _ = writeln!(
            s,
            "{}",
            mark.icon.svg_group(c, mark.size, mark.ink, Some(opacity))
        );
    }
}

pub(super) fn points(pts: &[Pt]) -> String {
    pts.iter()
        .map(|p| format!("{:.1},{:.1}", p.x, p.y))
        .collect::<Vec<_>>()
        .join(" ")
}

pub(super) fn shape_svg(
    shape: NodeShape,
    c: Pt,
    r: f32,
    fill: &str,
    extra: &str,
    theme: Theme,
) -> String {
    let paper = hex(theme.paper());
    match look::outline(shape, c.x, c.y, r) {
        None => format!(
            r#"<circle cx="{:.1}" cy="{:.1}" r="{r:.1}" fill="{fill}" stroke="{paper}"{extra}/>"#,
            c.x, c.y
        ),
        Some(outline) => {
            let pts: Vec<Pt> = outline.into_iter().map(Pt::from).collect();
            format!(
                r#"<polygon points="{}" fill="{fill}" stroke="{paper}"{extra}/>"#,
                points(&pts)
            )
        }
    }
}

/// ` name="opacity"` when it is below 1, else nothing.
pub(super) fn opacity_attr(name: &str, opacity: f32) -> String {
    if opacity < 1.0 {
        format!(r#" {name}="{opacity}""#)
    } else {
        String::new()
    }
}
