//! Groups in figures (`look::groups` as SVG): frames under the relations, folded groups and
//! their counted lines over the entities, as the canvas draws them.

use std::fmt::Write as _;

use crate::io::formats::xml::escape as esc;
use crate::look::geometry::Pt;
use crate::look::groups::{End, FOLDED_HALF, FRAME_TITLE, Groups};
use crate::look::marks::hex;
use crate::look::{LABEL_SIZE, Theme};

/// What the painter knows of the figure: where each entity is on the paper, its radius,
/// whether it is shown.
pub(super) struct Placed<'a> {
    pub positions: &'a [[f32; 2]],
    pub offset: (f32, f32),
    pub radius: &'a dyn Fn(usize) -> f32,
    pub shown: &'a dyn Fn(usize) -> bool,
}

/// How far frames reach beyond the entities they hold, in map units: for the figure's extent.
pub(super) fn extent(groups: &Groups, placed: &Placed) -> Option<([f32; 2], [f32; 2])> {
    let frames = groups.frames(placed.positions, placed.radius, placed.shown);
    let mut min = [f32::MAX; 2];
    let mut max = [f32::MIN; 2];
    for f in &frames {
        min = [min[0].min(f.min[0]), min[1].min(f.min[1])];
        max = [max[0].max(f.max[0]), max[1].max(f.max[1])];
    }
    for &g in &groups.folded {
        if let Some(c) = groups.folded_centre(g, placed.positions) {
            let half = FOLDED_HALF + 8.0;
            min = [min[0].min(c[0] - half), min[1].min(c[1] - half)];
            max = [
                max[0].max(c[0] + half),
                max[1].max(c[1] + half + LABEL_SIZE * 1.5),
            ];
        }
    }
    (min[0] <= max[0]).then_some((min, max))
}

/// The frames of unfolded groups.
pub(super) fn frames_svg(s: &mut String, groups: &Groups, placed: &Placed) {
    let frames = groups.frames(placed.positions, placed.radius, placed.shown);
    if frames.is_empty() {
        return;
    }
    let (ox, oy) = placed.offset;
    let _ = writeln!(s, r#"<g id="groups">"#);
    for f in frames {
        let color = hex(groups.colors[f.group]);
        let (x, y) = (f.min[0] + ox, f.min[1] + oy);
        let (w, h) = (f.max[0] - f.min[0], f.max[1] - f.min[1]);
        let _ = writeln!(
            s,
            r#"<rect class="group" x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" rx="8" fill="{color}" fill-opacity="0.08" stroke="{color}" stroke-opacity="0.8" stroke-width="1.5"/>"#
        );
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="{:.1}" font-size="{:.1}" fill="{color}">{}</text>"#,
            x + 6.0,
            y + FRAME_TITLE * 0.8,
            FRAME_TITLE * 0.75,
            esc(&groups.names[f.group])
        );
    }
    let _ = writeln!(s, "</g>");
}

/// Folded groups and their lines, over the entities.
pub(super) fn folded_svg(s: &mut String, groups: &Groups, placed: &Placed, theme: Theme) {
    if groups.folded.is_empty() {
        return;
    }
    let (ox, oy) = placed.offset;
    let at = |p: [f32; 2]| Pt::new(p[0] + ox, p[1] + oy);
    let text = hex(theme.text());
    let paper = hex(theme.paper());
    let _ = writeln!(s, r#"<g id="folded-groups">"#);
    for link in &groups.links {
        let visible = |e: End| match e {
            End::Entity(i) => (placed.shown)(i),
            End::Group(_) => true,
        };
        if !visible(link.a) || !visible(link.b) {
            continue;
        }
        let (Some(a), Some(b)) = (
            groups.end_at(link.a, placed.positions),
            groups.end_at(link.b, placed.positions),
        ) else {
            continue;
        };
        let (a, b) = (at(a), at(b));
        let n = link.relations.len();
        let width = (1.2 + (n as f32).ln()).min(5.0);
        let _ = writeln!(
            s,
            r#"<line class="folded-link" x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{text}" stroke-opacity="0.6" stroke-width="{width:.1}"/>"#,
            a.x, a.y, b.x, b.y
        );
        if n > 1 {
            let (mx, my) = ((a.x + b.x) / 2.0, (a.y + b.y) / 2.0);
            let _ = writeln!(
                s,
                r#"<text x="{mx:.1}" y="{:.1}" font-size="11" text-anchor="middle" fill="{text}" stroke="{paper}" stroke-width="3" paint-order="stroke" class="folded-count">{n}</text>"#,
                my + 4.0
            );
        }
    }
    for &g in &groups.folded {
        let Some(c) = groups.folded_centre(g, placed.positions) else {
            continue;
        };
        let c = at(c);
        let color = hex(groups.colors[g]);
        let half = FOLDED_HALF;
        for k in [2.0, 1.0] {
            let _ = writeln!(
                s,
                r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="5" fill="{paper}" stroke="{color}"/>"#,
                c.x - half + 4.0 * k,
                c.y - half - 4.0 * k,
                half * 2.0,
                half * 2.0
            );
        }
        let _ = writeln!(
            s,
            r#"<rect class="folded-group" x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="5" fill="{color}" fill-opacity="0.85" stroke="{color}" stroke-width="2"/>"#,
            c.x - half,
            c.y - half,
            half * 2.0,
            half * 2.0
        );
        let _ = writeln!(
            s,
            r##"<text x="{:.1}" y="{:.1}" font-size="13" text-anchor="middle" fill="#ffffff">{}</text>"##,
            c.x,
            c.y + 4.5,
            groups.all_members[g].len()
        );
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="{:.1}" font-size="{LABEL_SIZE}" text-anchor="middle" fill="{}" stroke="{paper}" stroke-width="3" paint-order="stroke" class="name">{}</text>"#,
            c.x,
            c.y + half + 3.0 + LABEL_SIZE,
            hex(theme.name_text()),
            esc(&groups.names[g])
        );
    }
    let _ = writeln!(s, "</g>");
}
