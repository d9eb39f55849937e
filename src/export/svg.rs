//! The SVG painter: the map as `crate::look` says it looks, on the paper of the figure's theme
//! (white unless asked), with a legend and the cited sources. The canvas is the other painter of the same look.

use std::fmt::Write as _;

use super::marks::{entity_svg, opacity_attr, points, rule_key_svg, styled_mark_svg};
use super::{FigureOptions, font_family};
use crate::look::geometry::{self, Pt, RelationPath};
use crate::look::legend::{self, Key, Medium};
use crate::look::marks::{Emphasis, hex};
use crate::look::{self, DENIED_CROSS, LABEL_SIZE, LineLook, NODE_RADIUS, Theme};
use crate::model::{Document, Position};
use crate::view::Decor;

const MARGIN: f32 = 32.0;
const LEGEND_WIDTH: f32 = 230.0;

/// Escapes text for XML content and attribute values.
pub(super) fn esc(text: &str) -> String {
    crate::io::formats::xml::escape(text)
}

/// Roughly how wide `text` is at `size`, for laying out the figure (SVG has no text metrics).
fn text_width(text: &str, size: f32) -> f32 {
    text.chars().count() as f32 * size * 0.52
}

/// The baseline of a name of `scale` times the usual size that hangs from `anchor`.
pub fn baseline_below(anchor: Pt, scale: f32) -> f32 {
    anchor.y + LABEL_SIZE * scale
}

/// The baseline of text centred on `anchor` (relation captions).
pub fn baseline_centred(anchor: Pt) -> f32 {
    anchor.y + LABEL_SIZE * 0.35
}

/// The map as an SVG document, showing what `decor` shows, at `positions` (by entity index).
pub fn map_svg(
    doc: &Document,
    positions: &[Position],
    decor: &Decor,
    opts: &FigureOptions,
) -> String {
    let positions: Vec<Pt> = positions.iter().map(|p| Pt::from(p.to_f32())).collect();
    let font = font_family();
    let shown = |i: usize| !decor.nodes.get(i).is_some_and(|d| d.hidden);
    let radius = |i: usize| NODE_RADIUS * decor.nodes.get(i).map_or(1.0, |d| d.scale);

    // The extent of what is drawn, in map coordinates, labels included.
    let (mut min_x, mut min_y, mut max_x, mut max_y) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for (i, e) in doc.entities.iter().enumerate() {
        let Some(p) = positions.get(i).filter(|_| shown(i)) else {
            continue;
        };
        let half = (text_width(&e.name, LABEL_SIZE) / 2.0).max(radius(i) * 1.3);
        min_x = min_x.min(p.x - half);
        max_x = max_x.max(p.x + half);
        // Loops rise about four radii above their entity.
        min_y = min_y.min(p.y - radius(i) * 4.0);
        max_y = max_y.max(p.y + radius(i) * 1.3 + 4.0 + LABEL_SIZE * 1.3);
    }
    let groups = look::groups::Groups::of(doc);
    let points: Vec<[f32; 2]> = positions.iter().map(|p| [p.x, p.y]).collect();
    let mut placed = super::groups::Placed {
        positions: &points,
        offset: (0.0, 0.0),
        radius: &radius,
        shown: &shown,
    };
    let notes = if opts.notes {
        look::notes::place(doc, &points, &groups, &shown)
    } else {
        Vec::new()
    };
    for (a, b) in [
        super::groups::extent(&groups, &placed),
        super::notes::extent(&notes),
    ]
    .into_iter()
    .flatten()
    {
        (min_x, min_y) = (min_x.min(a[0]), min_y.min(a[1]));
        (max_x, max_y) = (max_x.max(b[0]), max_y.max(b[1]));
    }
    if min_x > max_x {
        (min_x, min_y, max_x, max_y) = (0.0, 0.0, 200.0, 120.0);
    }
    let title_h = if doc.title.is_empty() { 0.0 } else { 34.0 };
    let map_w = max_x - min_x;
    let map_h = max_y - min_y;
    let (ox, oy) = (MARGIN - min_x, MARGIN + title_h - min_y);
    let at = |p: Pt| p.add(ox, oy);

    let cited = cited_sources(doc, decor);
    let numbered = if opts.claims {
        number_claims(doc, decor)
    } else {
        Vec::new()
    };
    let claim_count: usize = numbered.iter().map(|(_, n, c)| c - n + 1).sum();
    let foot_lines = if opts.sources && !cited.is_empty() {
        cited.len() + 1
    } else {
        0
    } + if claim_count > 0 { claim_count + 1 } else { 0 };
    let kinds = legend::kinds(doc, decor);
    let lines = legend::lines(doc, decor, Medium::Figure);
    let communities = legend::communities(decor);
    let rule_keys =
        crate::view::rules::legend(doc, crate::view::rules::active(doc, opts.style_view));
    let rule_lines: usize = rule_keys.iter().map(|r| r.keys.len() + 1).sum();
    let legend_h =
        24.0 + (kinds.len() + lines.len() + communities.len() + rule_lines) as f32 * 20.0;
    let width = (MARGIN * 2.0 + map_w + LEGEND_WIDTH).ceil();
    let height = (MARGIN * 2.0 + title_h + map_h.max(legend_h) + foot_lines as f32 * 16.0).ceil();

    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="{font}, sans-serif">"#,
        font = esc(&font)
    );
    let theme = opts.theme;
    let paper = hex(theme.paper());
    let _ = writeln!(s, r#"<rect width="100%" height="100%" fill="{paper}"/>"#);
    if !doc.title.is_empty() {
        let _ = writeln!(
            s,
            r#"<text x="{MARGIN}" y="{}" font-size="20" fill="{}">{}</text>"#,
            MARGIN + 14.0,
            hex(theme.text()),
            esc(&doc.title)
        );
    }

    // Group frames under everything; relations under the entities.
    placed.offset = (ox, oy);
    super::groups::frames_svg(&mut s, &groups, &placed);
    let _ = writeln!(s, r#"<g id="relations" fill="none">"#);
    let orders = geometry::parallel_orders(doc);
    let ends = doc.relation_ends();
    // Each relation drawn: its decor, its ends and where they are.
    let drawn = |ri: usize| {
        let d = decor.edges.get(ri).copied().unwrap_or_default();
        let (a, b) = (*ends.get(ri)?)?;
        if d.hidden || !shown(a) || !shown(b) {
            return None;
        }
        let (pa, pb) = (*positions.get(a)?, *positions.get(b)?);
        Some((ri, d, (a, b), (pa, pb)))
    };
    let crowd = plain_lines_crowd(doc, decor, map_w * map_h, |ri| {
        drawn(ri).map(|(_, _, _, (pa, pb))| (at(pa), at(pb)))
    });
    for (ri, d, (a, b), (pa, pb)) in (0..doc.relations.len()).filter_map(&drawn) {
        let r = &doc.relations[ri];
        let Some(path) =
            RelationPath::between((at(pa), radius(a)), (at(pb), radius(b)), orders[ri], a == b)
        else {
            continue;
        };
        let (line, title) = relation_look(doc, r, d, (a, b), crowd);
        relation_svg(&mut s, &path, &line, r.directed, &title, theme);
        if let Some(&(_, first, last)) = numbered.iter().find(|(i, _, _)| *i == ri) {
            let mid = path.middle();
            let text = if first == last {
                format!("C{first}")
            } else {
                format!("C{first}\u{2013}{last}")
            };
            let _ = writeln!(
                s,
                r#"<text x="{:.1}" y="{:.1}" font-size="9" fill="{}" text-anchor="middle" stroke="{paper}" stroke-width="3" paint-order="stroke" class="claim-number">{text}</text>"#,
                mid.x,
                mid.y + 12.0,
                hex(theme.text()),
            );
        }
        if opts.captions && !d.dimmed {
            let anchor = geometry::loop_caption_anchor(&path).unwrap_or_else(|| path.middle());
            let _ = writeln!(
                s,
                r#"<text x="{:.1}" y="{:.1}" font-size="{LABEL_SIZE}" fill="{}" text-anchor="middle" stroke="{paper}" stroke-width="3" paint-order="stroke" class="caption">{}</text>"#,
                anchor.x,
                baseline_centred(anchor),
                hex(theme.name_text()),
                esc(r.caption())
            );
        }
    }
    let _ = writeln!(s, "</g>");

    // Entities, with their names.
    let _ = writeln!(s, r#"<g id="entities">"#);
    for (i, e) in doc.entities.iter().enumerate() {
        let Some(&p) = positions.get(i).filter(|_| shown(i)) else {
            continue;
        };
        let c = at(p);
        let r = radius(i);
        let picture = opts.pictures.as_deref().and_then(|p| p.of(i));
        let shape = entity_svg(&mut s, doc, decor, i, c, r, theme, picture);
        if shape.named {
            let anchor = geometry::name_anchor(c, r);
            let scale = decor.nodes.get(i).map_or(1.0, |d| d.label_scale);
            let _ = writeln!(
                s,
                r#"<text x="{:.1}" y="{:.1}" font-size="{}" fill="{}" text-anchor="middle" stroke="{paper}" stroke-width="3" paint-order="stroke" class="name">{}</text>"#,
                anchor.x,
                baseline_below(anchor, scale),
                LABEL_SIZE * scale,
                hex(theme.name_text()),
                esc(&e.name)
            );
        }
    }
    let _ = writeln!(s, "</g>");
    super::groups::folded_svg(&mut s, &groups, &placed, theme);
    super::notes::notes_svg(&mut s, &notes, (ox, oy));

    // The legend, to the right of the map.
    let lx = MARGIN + map_w + 24.0;
    let mut ly = MARGIN + title_h + 4.0;
    let _ = writeln!(
        s,
        r#"<g id="legend" font-size="12" fill="{}">"#,
        hex(theme.legend_text())
    );
    let _ = writeln!(
        s,
        r#"<text x="{lx}" y="{ly}" font-size="13" font-weight="bold">Legend</text>"#
    );
    ly += 20.0;
    for kind in &kinds {
        let c = Pt::new(lx + 8.0, ly - 4.0);
        // Coloured by community, kinds keep their shapes and the colours are the communities'.
        let color = if communities.is_empty() {
            kind.style.color
        } else {
            look::OTHER_COMMUNITIES
        };
        let key_r = legend::kind_key_radius(legend::KEY_RADIUS, &kind.style);
        styled_mark_svg(&mut s, &kind.style, color, 1.0, c, key_r, theme);
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{ly}">{}</text>"#,
            lx + 22.0,
            esc(&kind.kind)
        );
        ly += 20.0;
    }
    for community in &communities {
        let _ = writeln!(
            s,
            r#"<circle cx="{}" cy="{}" r="6" fill="{}"/>"#,
            lx + 8.0,
            ly - 4.0,
            hex(community.color)
        );
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{ly}">{} ({})</text>"#,
            lx + 22.0,
            esc(&community.text),
            community.count
        );
        ly += 20.0;
    }
    for rule in &rule_keys {
        let _ = writeln!(
            s,
            r#"<text x="{lx}" y="{ly}" font-weight="bold" class="rule">{}</text>"#,
            esc(&rule.title)
        );
        ly += 20.0;
        for (text, mark) in &rule.keys {
            rule_key_svg(
                &mut s,
                rule.visual,
                *mark,
                Pt::new(lx + 8.0, ly - 4.0),
                theme,
            );
            let _ = writeln!(
                s,
                r#"<text x="{}" y="{ly}">{}</text>"#,
                lx + 22.0,
                esc(text)
            );
            ly += 20.0;
        }
    }
    for entry in &lines {
        if let Key::Line { look, arrow } = entry.key {
            let path = RelationPath::Straight(Pt::new(lx, ly - 4.0), Pt::new(lx + 16.0, ly - 4.0));
            relation_svg(&mut s, &path, &look, arrow, entry.text, theme);
        }
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{ly}">{}</text>"#,
            lx + 22.0,
            esc(entry.text)
        );
        ly += 20.0;
    }
    let _ = writeln!(s, "</g>");

    let mut fy = height - MARGIN - (foot_lines as f32 - 1.0) * 16.0;
    if opts.sources && !cited.is_empty() {
        let _ = writeln!(
            s,
            r#"<g id="sources" font-size="11" fill="{}">"#,
            hex(theme.note_text())
        );
        let _ = writeln!(
            s,
            r#"<text x="{MARGIN}" y="{fy}" font-weight="bold">Sources</text>"#
        );
        for (n, src) in cited.iter().enumerate() {
            fy += 16.0;
            let line = format!("[{}] {}", n + 1, super::claims::citation(src));
            let _ = writeln!(s, r#"<text x="{MARGIN}" y="{fy}">{}</text>"#, esc(&line));
        }
        let _ = writeln!(s, "</g>");
        fy += 16.0;
    }
    if claim_count > 0 {
        let _ = writeln!(
            s,
            r#"<g id="claims" font-size="11" fill="{}">"#,
            hex(theme.note_text())
        );
        let _ = writeln!(
            s,
            r#"<text x="{MARGIN}" y="{fy}" font-weight="bold">Claims</text>"#
        );
        for &(ri, first, _) in &numbered {
            let r = &doc.relations[ri];
            for (k, c) in r.claims.iter().enumerate() {
                fy += 16.0;
                let line = claim_line(doc, r, c, first + k, &cited);
                let _ = writeln!(
                    s,
                    r#"<text x="{MARGIN}" y="{fy}" fill="{}">{}</text>"#,
                    hex(look::stance_color(c.stance)),
                    esc(&line)
                );
            }
        }
        let _ = writeln!(s, "</g>");
    }
    s.push_str("</svg>\n");
    s
}

/// How much of their colour the plain lines of a figure of `area` keep
/// ([`look::marks::plain_lines_opacity`]): `drawn(ri)` is where relation `ri`'s line runs on
/// the page, `None` when it is not drawn.
pub(super) fn plain_lines_crowd(
    doc: &Document,
    decor: &Decor,
    area: f32,
    drawn: impl Fn(usize) -> Option<(Pt, Pt)>,
) -> f32 {
    let length: f32 = (0..doc.relations.len())
        .filter(|&ri| {
            let d = decor.edges.get(ri).copied().unwrap_or_default();
            look::marks::is_plain(doc.relations[ri].is_contested(), d.mark)
        })
        .filter_map(drawn)
        .map(|(a, b)| a.length_to(b))
        .sum();
    look::marks::plain_lines_opacity(length, area)
}

/// How a relation's line looks on paper under its decor, and its tooltip ("from caption to").
/// A plain line keeps `crowd` of its opacity ([`look::marks::crowd_opacity`]).
pub(super) fn relation_look(
    doc: &Document,
    r: &crate::model::Relation,
    d: crate::view::EdgeDecor,
    (a, b): (usize, usize),
    crowd: f32,
) -> (LineLook, String) {
    let mut line = LineLook::of(
        look::relation_color(&doc.styles, &r.kind),
        r.is_contested(),
        d.mark,
        d.dimmed,
        Emphasis::default(),
    );
    line.opacity *= line.in_crowd(crowd);
    let title = format!(
        "{} {} {}",
        doc.entities[a].name,
        r.caption(),
        doc.entities[b].name
    );
    (line, title)
}

/// A relation's line along `path`, its arrow head when `directed`, and its markers.
fn relation_svg(
    s: &mut String,
    path: &RelationPath,
    line: &LineLook,
    directed: bool,
    title: &str,
    theme: Theme,
) {
    relation_svg_scaled(s, path, line, directed, title, 1.0, theme);
}

/// [`relation_svg`] with arrow heads scaled by `arrow_scale`, as the canvas scales them.
pub(super) fn relation_svg_scaled(
    s: &mut String,
    path: &RelationPath,
    line: &LineLook,
    directed: bool,
    title: &str,
    arrow_scale: f32,
    theme: Theme,
) {
    let color = hex(theme.ink(line.ink));
    let opacity = opacity_attr("opacity", line.opacity);
    let dash = if line.dashed {
        format!(r#" stroke-dasharray="{} {}""#, look::DASH.0, look::DASH.1)
    } else {
        String::new()
    };
    let d = match *path {
        RelationPath::Straight(a, b) => format!("M{:.1} {:.1} L{:.1} {:.1}", a.x, a.y, b.x, b.y),
        RelationPath::Curve(a, c, b) => format!(
            "M{:.1} {:.1} Q{:.1} {:.1} {:.1} {:.1}",
            a.x, a.y, c.x, c.y, b.x, b.y
        ),
        RelationPath::Loop { center, c1, c2 } => format!(
            "M{:.1} {:.1} C{:.1} {:.1} {:.1} {:.1} {:.1} {:.1}",
            center.x, center.y, c1.x, c1.y, c2.x, c2.y, center.x, center.y
        ),
    };
    let _ = writeln!(
        s,
        r#"<path d="{d}" stroke="{color}" stroke-width="{}"{dash}{opacity}><title>{}</title></path>"#,
        line.width,
        esc(title)
    );
    if directed {
        let (tip, from) = path.tip();
        let head = geometry::arrow_head(tip, from, geometry::arrow_length(line.width, arrow_scale));
        let _ = writeln!(
            s,
            r#"<polygon points="{}" fill="{color}"{opacity}/>"#,
            points(&head)
        );
    }
    let mid = path.middle();
    if line.contested_marker {
        let _ = writeln!(
            s,
            r#"<polygon points="{}" fill="{}" stroke="{}"/>"#,
            points(&geometry::contested_marker(mid)),
            hex(look::CONTESTED),
            hex(theme.paper())
        );
    }
    if line.struck {
        let [[a, b], [c, e]] = geometry::denied_cross(mid);
        let _ = writeln!(
            s,
            r#"<path d="M{:.1} {:.1} L{:.1} {:.1} M{:.1} {:.1} L{:.1} {:.1}" stroke="{color}" stroke-width="{}"/>"#,
            a.x, a.y, b.x, b.y, c.x, c.y, e.x, e.y, DENIED_CROSS.1
        );
    }
}

/// The shown relations with claims, numbered in the map's order: relation index, first and
/// last claim number.
fn number_claims(doc: &Document, decor: &Decor) -> Vec<(usize, usize, usize)> {
    let mut next = 1;
    let mut out = Vec::new();
    for (i, r) in doc.relations.iter().enumerate() {
        let shown = !decor.edges.get(i).is_some_and(|d| d.hidden || d.dimmed);
        if shown && !r.claims.is_empty() {
            out.push((i, next, next + r.claims.len() - 1));
            next += r.claims.len();
        }
    }
    out
}

/// One claim in the footnote: its number, the relation, who says what, the quote (shortened)
/// and its source's number in the Sources list.
fn claim_line(
    doc: &Document,
    r: &crate::model::Relation,
    c: &crate::model::Claim,
    number: usize,
    cited: &[&crate::model::Source],
) -> String {
    let who = match (&c.claimant, &c.speaker) {
        (Some(id), Some(sp)) => format!("{} ({sp})", doc.entity_name(id.as_str())),
        (Some(id), None) => doc.entity_name(id.as_str()).to_owned(),
        (None, Some(sp)) => sp.clone(),
        (None, None) => "the source".to_owned(),
    };
    let source = cited
        .iter()
        .position(|s| s.id == c.source)
        .map_or_else(String::new, |n| format!(" [{}]", n + 1));
    let quote = if c.quote.is_empty() {
        String::new()
    } else {
        // Quotes that are quotations already keep one pair of marks.
        let inner = c
            .quote
            .trim_matches(|ch| matches!(ch, '"' | '\u{201C}' | '\u{201D}'));
        format!(": \u{201C}{}\u{201D}", look::truncate(inner, 110))
    };
    format!(
        "C{number}. {} {} {}: {who} {}{quote}{source}",
        doc.entity_name(r.from.as_str()),
        r.caption(),
        doc.entity_name(r.to.as_str()),
        c.stance.as_str(),
    )
}

fn cited_sources<'a>(doc: &'a Document, decor: &Decor) -> Vec<&'a crate::model::Source> {
    doc.sources
        .iter()
        .filter(|s| {
            doc.relations.iter().enumerate().any(|(i, r)| {
                !decor.edges.get(i).is_some_and(|d| d.hidden || d.dimmed)
                    && r.claims.iter().any(|c| c.source == s.id)
            })
        })
        .collect()
}
