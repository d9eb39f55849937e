//! What the benchmark measures of a drawing, beyond stress: crossings, names at fit view,
//! how well drawn neighbourhoods keep communities, and the drawing's aspect ratio.

use relmap::look::Pt;
use relmap::look::fit::{Extent, fit};
use relmap::look::geometry::RelationPath;
use relmap::look::labels::{self, Area};
use relmap::look::place::{self, OnScreen, place_names};
use relmap::look::route;

use super::graphs::Graph;

/// Pairs of relations that cross (sharing no end), by a sweep along x.
pub fn crossings(p: &[[f32; 2]], links: &[(usize, usize)]) -> usize {
    let mut segs: Vec<(f32, f32, usize)> = links
        .iter()
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .map(|(k, &(a, b))| (p[a][0].min(p[b][0]), p[a][0].max(p[b][0]), k))
        .collect();
    segs.sort_by(|x, y| x.0.total_cmp(&y.0));
    let cross = |(a, b): (usize, usize), (c, d): (usize, usize)| {
        let o = |p1: [f32; 2], p2: [f32; 2], p3: [f32; 2]| {
            (p2[0] - p1[0]) * (p3[1] - p1[1]) - (p2[1] - p1[1]) * (p3[0] - p1[0])
        };
        let (d1, d2) = (o(p[a], p[b], p[c]), o(p[a], p[b], p[d]));
        let (d3, d4) = (o(p[c], p[d], p[a]), o(p[c], p[d], p[b]));
        d1 * d2 < 0.0 && d3 * d4 < 0.0
    };
    let mut count = 0;
    for (k, &(_, hi, i)) in segs.iter().enumerate() {
        for &(lo2, _, j) in &segs[k + 1..] {
            if lo2 > hi {
                break;
            }
            let (e, f) = (links[i], links[j]);
            if e.0 == f.0 || e.0 == f.1 || e.1 == f.0 || e.1 == f.1 {
                continue;
            }
            if cross(e, f) {
                count += 1;
            }
        }
    }
    count
}

/// At fit view in 1280 × 800: how many names the label grid shows; how many pairs of a line
/// and a shown name (not one of the line's ends) cross, with lines straight and with lines
/// bent round names as relmap draws them; and how many pairs of names would overlap if every
/// name were drawn under its entity (as Graphviz draws them), the room the layout leaves.
pub fn names_at_fit(p: &[[f32; 2]], g: &Graph) -> (usize, usize, usize, usize) {
    let items: Vec<Extent> = g
        .names
        .iter()
        .zip(p)
        .map(|(name, q)| Extent {
            center: Pt::new(q[0], q[1]),
            radius: relmap::look::NODE_RADIUS,
            name,
            has_loop: false,
        })
        .collect();
    let view = fit(&items, 1280.0, 800.0);
    let r = relmap::look::NODE_RADIUS * view.zoom;
    let n = p.len();
    let flagged: Vec<(usize, usize, bool)> = g.links.iter().map(|&(a, b)| (a, b, false)).collect();
    let screen: Vec<Pt> = items.iter().map(|e| view.to_screen(e.center)).collect();
    let landmarks = place::landmarks(n, &flagged);
    let on_screen: Vec<OnScreen> = (0..n)
        .map(|i| OnScreen {
            entity: i,
            name: &g.names[i],
            center: screen[i],
            radius: r,
            must: false,
            dimmed: false,
            landmark: landmarks[i],
            label_scale: 1.0,
        })
        .collect();
    let lines: Vec<labels::Line> = g
        .links
        .iter()
        .filter(|(a, b)| a != b)
        .map(|&(a, b)| labels::Line {
            a,
            b,
            from: screen[a],
            to: screen[b],
        })
        .collect();
    let canvas = Area {
        min: Pt::new(0.0, 0.0),
        max: Pt::new(1280.0, 800.0),
    };
    let keep_off = relmap::look::place::KeepOff {
        lines: &lines,
        obstacles: &[],
    };
    let shown = place_names(n, &on_screen, &flagged, &[], keep_off, view.zoom, canvas);
    let names: Vec<(usize, Area)> = shown.iter().map(|&(i, _, area)| (i, area)).collect();
    let straight: Vec<(usize, usize, Vec<Pt>)> = lines
        .iter()
        .map(|l| (l.a, l.b, vec![l.from, l.to]))
        .collect();
    let shapes: Vec<(usize, Area)> = (0..n)
        .map(|i| (i, labels::shape_area(screen[i], r)))
        .collect();
    let bent: Vec<(usize, usize, Vec<Pt>)> = lines
        .iter()
        .zip(route::bends(&lines, &names, &shapes))
        .filter_map(|(l, bend)| {
            let path = RelationPath::routed((l.from, r), (l.to, r), 0, bend, false)?;
            Some((l.a, l.b, path.polyline(16)))
        })
        .collect();
    let size = labels::name_size(view.zoom);
    let mut every: Vec<Area> = (0..n)
        .map(|i| labels::name_area(&g.names[i], screen[i], r, size))
        .collect();
    every.sort_by(|a, b| a.min.x.total_cmp(&b.min.x));
    let mut overlaps = 0;
    for (k, a) in every.iter().enumerate() {
        for b in &every[k + 1..] {
            if b.min.x >= a.max.x {
                break;
            }
            overlaps += usize::from(a.overlaps(b));
        }
    }
    (
        shown.len(),
        route::lines_over_names(&straight, &names),
        route::lines_over_names(&bent, &names),
        overlaps,
    )
}

/// How many drawn neighbours the community measure looks at.
const NEAREST: usize = 10;

/// The share of each node's ten nearest drawn neighbours that are in its community, averaged
/// over nodes (1 when every neighbourhood on the page is one community; about the largest
/// community's share of nodes for a drawing that ignores them).
pub fn community_share(p: &[[f32; 2]], communities: &[usize]) -> f64 {
    let n = p.len().min(communities.len());
    if n <= NEAREST {
        return f64::NAN;
    }
    use rayon::prelude::*;
    let total: f64 = (0..n)
        .into_par_iter()
        .map(|i| {
            let mut near: Vec<(f32, usize)> = (0..n)
                .filter(|&j| j != i)
                .map(|j| {
                    let (dx, dy) = (p[j][0] - p[i][0], p[j][1] - p[i][1]);
                    (dx * dx + dy * dy, j)
                })
                .collect();
            near.select_nth_unstable_by(NEAREST - 1, |a, b| a.0.total_cmp(&b.0));
            let same = near[..NEAREST]
                .iter()
                .filter(|(_, j)| communities[*j] == communities[i])
                .count();
            same as f64 / NEAREST as f64
        })
        .sum();
    total / n as f64
}

/// The drawing's aspect ratio whatever its rotation: the square root of the ratio of the
/// principal axes' variances (1 for a drawing as wide as tall in every direction).
pub fn aspect(p: &[[f32; 2]]) -> f64 {
    let n = p.len() as f64;
    if p.len() < 2 {
        return 1.0;
    }
    let (mx, my) = p.iter().fold((0.0, 0.0), |(x, y), q| {
        (x + f64::from(q[0]) / n, y + f64::from(q[1]) / n)
    });
    let (mut sxx, mut syy, mut sxy) = (0.0, 0.0, 0.0);
    for q in p {
        let (dx, dy) = (f64::from(q[0]) - mx, f64::from(q[1]) - my);
        sxx += dx * dx;
        syy += dy * dy;
        sxy += dx * dy;
    }
    let mean = (sxx + syy) / 2.0;
    let spread = (((sxx - syy) / 2.0).powi(2) + sxy * sxy).sqrt();
    let (big, small) = (mean + spread, (mean - spread).max(1e-12));
    (big / small).sqrt()
}
