//! A figure of exactly what the window shows at fit view on a canvas of a given size
//! (`relmap export --view WxH`): the same fitted zoom (`look::labels::fit`), the same names
//! shown or left out by the label grid (`look::labels::choose`), shapes and lines where the
//! canvas draws them, on the paper of the theme asked for. So a figure can be
//! checked for readability without a window.

use std::fmt::Write as _;

use super::font_family;
use super::marks::entity_svg;
use super::svg::{esc, plain_lines_crowd, relation_look, relation_svg_scaled};
use crate::look::fit::{Extent, fit};
use crate::look::geometry::{self, Pt, RelationPath};
use crate::look::labels;
use crate::look::marks::hex;
use crate::look::place::{self, OnScreen, place_names};
use crate::look::route;
use crate::look::{ARROW_SIZE, NODE_RADIUS, Theme};
use crate::model::{Document, Position};
use crate::view::Decor;

/// What a view figure shows: each name drawn, by entity, with its box, for tests and checks.
#[derive(Debug, Clone, PartialEq)]
pub struct ViewFigure {
    pub svg: String,
    pub zoom: f32,
    pub names: Vec<(usize, labels::Area)>,
    /// Pairs of a relation's line (as drawn: straight, curved or bent round names) and a drawn
    /// name it crosses that is not one of its ends.
    pub lines_over_names: usize,
}

/// The map at fit view on a `width` × `height` canvas, as the window draws it.
pub fn view_svg(
    doc: &Document,
    positions: &[Position],
    decor: &Decor,
    width: f32,
    height: f32,
    theme: Theme,
    pictures: Option<&super::FigurePictures>,
) -> ViewFigure {
    let n = doc.entities.len();
    let map: Vec<Pt> = positions.iter().map(|p| Pt::from(p.to_f32())).collect();
    let hidden = |i: usize| decor.nodes.get(i).is_some_and(|d| d.hidden);
    let radius = |i: usize| NODE_RADIUS * decor.nodes.get(i).map_or(1.0, |d| d.scale);
    let ends = doc.relation_ends();
    let mut loops = vec![false; n];
    for &(a, b) in ends.iter().flatten() {
        if a == b {
            loops[a] = true;
        }
    }
    let items: Vec<Extent> = (0..n)
        .filter(|&i| !hidden(i) && i < map.len())
        .map(|i| Extent {
            center: map[i],
            radius: radius(i),
            name: &doc.entities[i].name,
            has_loop: loops[i],
        })
        .collect();
    let view = fit(&items, width, height);
    let zoom = view.zoom;
    let at = |i: usize| view.to_screen(map[i]);
    let size = labels::name_size(zoom);

    // The label grid, as the canvas runs it.
    let links: Vec<(usize, usize, bool)> = doc
        .relations
        .iter()
        .zip(&ends)
        .filter_map(|(r, e)| e.map(|(a, b)| (a, b, r.is_contested())))
        .collect();
    let visible: Vec<usize> = (0..n).filter(|&i| !hidden(i) && i < map.len()).collect();
    let landmarks = place::landmarks(n, &links);
    let on_screen: Vec<OnScreen> = visible
        .iter()
        .map(|&i| {
            let d = decor.nodes.get(i).copied().unwrap_or_default();
            OnScreen {
                entity: i,
                name: &doc.entities[i].name,
                center: at(i),
                radius: radius(i) * zoom,
                must: d.marked || d.label == Some(true),
                dimmed: d.dimmed || d.label == Some(false),
                landmark: landmarks[i],
                label_scale: d.label_scale,
            }
        })
        .collect();
    // Relations are drawn in the map's units and then scaled, as the canvas draws them, so a
    // parallel's bow grows with the zoom.
    let orders = geometry::parallel_orders(doc);
    let lines: Vec<labels::Line> = ends
        .iter()
        .enumerate()
        .filter_map(|(ri, e)| e.map(|(a, b)| (ri, a, b)))
        .filter(|&(_, a, b)| a != b && !hidden(a) && !hidden(b) && a < map.len() && b < map.len())
        .flat_map(|(ri, a, b)| {
            let path = RelationPath::between(
                (map[a], radius(a)),
                (map[b], radius(b)),
                orders.get(ri).copied().unwrap_or(0),
                false,
            )
            .map(|p| p.map(|q| view.to_screen(q)));
            place::grid_lines(a, b, at(a), at(b), path.as_ref())
        })
        .collect();
    let canvas = labels::Area {
        min: Pt::new(0.0, 0.0),
        max: Pt::new(width, height),
    };
    let keep_off = place::KeepOff {
        lines: &lines,
        obstacles: &[],
    };
    let chosen = place_names(n, &on_screen, &links, &[], keep_off, zoom, canvas);

    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="{}, sans-serif">"#,
        esc(&font_family())
    );
    let paper = hex(theme.paper());
    let _ = writeln!(s, r#"<rect width="100%" height="100%" fill="{paper}"/>"#);
    let _ = writeln!(s, r#"<g id="relations" fill="none">"#);
    let drawn_relation = |ri: usize| -> Option<(usize, usize)> {
        let (a, b) = (*ends.get(ri)?)?;
        let d = decor.edges.get(ri).copied().unwrap_or_default();
        (!d.hidden && !hidden(a) && !hidden(b) && a < map.len() && b < map.len()).then_some((a, b))
    };
    // Straight lines that still cross a name or shape not their own bend round it.
    let straight: Vec<(usize, labels::Line)> = (0..doc.relations.len())
        .filter_map(|ri| {
            let (a, b) = drawn_relation(ri)?;
            (a != b && orders.get(ri) == Some(&0)).then(|| {
                let (from, to) = (at(a), at(b));
                (ri, labels::Line { a, b, from, to })
            })
        })
        .collect();
    let name_areas: Vec<(usize, labels::Area)> =
        chosen.iter().map(|&(i, _, area)| (i, area)).collect();
    let shape_areas: Vec<(usize, labels::Area)> = visible
        .iter()
        .map(|&i| (i, labels::shape_area(at(i), radius(i) * zoom)))
        .collect();
    let straight_lines: Vec<labels::Line> = straight.iter().map(|(_, l)| *l).collect();
    let mut bend = vec![0.0f32; doc.relations.len()];
    for ((ri, _), b) in
        straight
            .iter()
            .zip(route::bends(&straight_lines, &name_areas, &shape_areas))
    {
        bend[*ri] = b;
    }
    let arrow_scale = zoom.clamp(5.0 / ARROW_SIZE, 12.0 / ARROW_SIZE);
    let crowd = plain_lines_crowd(doc, decor, width * height, |ri| {
        drawn_relation(ri).map(|(a, b)| (at(a), at(b)))
    });
    // Each drawn line as points along it, to count the names it crosses.
    let mut drawn_lines: Vec<(usize, usize, Vec<Pt>)> = Vec::new();
    for (ri, r) in doc.relations.iter().enumerate() {
        let Some((a, b)) = drawn_relation(ri) else {
            continue;
        };
        let Some(path) = RelationPath::routed(
            (map[a], radius(a)),
            (map[b], radius(b)),
            orders[ri],
            bend[ri] / zoom.max(1e-6),
            a == b,
        )
        .map(|p| p.map(|q| view.to_screen(q))) else {
            continue;
        };
        let d = decor.edges.get(ri).copied().unwrap_or_default();
        let (line, title) = relation_look(doc, r, d, (a, b), crowd);
        relation_svg_scaled(&mut s, &path, &line, r.directed, &title, arrow_scale, theme);
        if a != b {
            drawn_lines.push((a, b, path.polyline(CURVE_PIECES)));
        }
    }
    let _ = writeln!(s, "</g>");
    let _ = writeln!(s, r#"<g id="entities">"#);
    let mut names = Vec::new();
    for &i in &visible {
        let picture = pictures.and_then(|p| p.of(i));
        entity_svg(
            &mut s,
            doc,
            decor,
            i,
            at(i),
            radius(i) * zoom,
            theme,
            picture,
        );
    }
    for &(i, _, area) in &chosen {
        let size = size * decor.nodes.get(i).map_or(1.0, |d| d.label_scale);
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="{:.1}" font-size="{size:.2}" fill="{}" text-anchor="middle" stroke="{paper}" stroke-width="3" paint-order="stroke" class="name">{}</text>"#,
            (area.min.x + area.max.x) / 2.0,
            area.min.y + labels::NAME_BACKING.1 + size,
            hex(theme.name_text()),
            esc(&doc.entities[i].name)
        );
        names.push((i, area));
    }
    let _ = writeln!(s, "</g>");
    s.push_str("</svg>\n");
    let lines_over_names = route::lines_over_names(&drawn_lines, &names);
    ViewFigure {
        svg: s,
        zoom,
        names,
        lines_over_names,
    }
}

/// Curves are counted as this many straight pieces.
const CURVE_PIECES: usize = 16;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_map_at_1280_by_800_shows_every_name_and_none_overlap() {
        let doc = crate::io::bundled_map().unwrap();
        let positions = super::super::positions(&doc, 1000, crate::layout::DEFAULT_SEED);
        let decor = crate::view::decor(&doc, &crate::view::ViewSettings::default());
        let fig = view_svg(&doc, &positions, &decor, 1280.0, 800.0, Theme::Light, None);
        assert_eq!(fig.names.len(), doc.entities.len());
        for (k, (_, a)) in fig.names.iter().enumerate() {
            assert!(a.min.x >= 0.0 && a.min.y >= 0.0 && a.max.x <= 1280.0 && a.max.y <= 800.0);
            for (_, b) in &fig.names[k + 1..] {
                assert!(!a.overlaps(b));
            }
        }
        assert!(fig.svg.starts_with("<svg") && fig.svg.contains(r#"width="1280""#));
        // Lines keep off names: the issue's target is at most 10 crossing a name not their own.
        assert!(
            fig.lines_over_names <= 10,
            "{} lines over names",
            fig.lines_over_names
        );
        // A narrow canvas leaves names out rather than letting them collide.
        let narrow = view_svg(&doc, &positions, &decor, 400.0, 800.0, Theme::Light, None);
        assert!(narrow.names.len() < doc.entities.len());
        assert_eq!(
            narrow.svg.matches(r#"class="name""#).count(),
            narrow.names.len()
        );
    }
}
