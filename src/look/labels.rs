//! Which names show, and the view that fits a map: the label grid the canvas and `relmap export
//! --view` share, so a figure drawn "as the window shows it" shows the same names.
//!
//! At every zoom each entity's name is a box under its shape, as wide as the font says (see
//! [`super::text`]) at the name size for that zoom. Names are taken most wanted first (the
//! selection and what is hovered or marked, then the selection's neighbours, then the ends of
//! contested relations, then by how many relations an entity has) and a name shows only when
//! its box covers no name already shown and no other entity's shape. The rest wait until the
//! user zooms in and there is room: sigma.js's label grid, with exact boxes instead of cells.
//!
//! Everything here is in screen points: a painter maps the map's coordinates first.

use std::collections::HashMap;

use super::geometry::{self, Pt};
use super::{LABEL_SIZE, text};

/// Names are never drawn smaller than this, nor larger than [`NAME_MAX_SIZE`], whatever the
/// zoom: between the two they grow and shrink with the map, so spacing made for them holds.
pub const NAME_MIN_SIZE: f32 = 11.0;
pub const NAME_MAX_SIZE: f32 = 20.0;
/// The backing drawn around a name's text, each side and above and below.
pub const NAME_BACKING: (f32, f32) = (3.0, 1.0);
/// Room kept between shown names.
pub const NAME_GAP: f32 = 2.0;
/// Below this zoom only names that must show (selected, hovered, marked) are drawn.
pub const NAME_MIN_ZOOM: f32 = 0.3;
/// How much of the canvas a fitted map fills, in its tighter direction.
pub const FIT_FILL: f32 = 0.92;
/// A fitted view never zooms in further than this (a map of two entities is not blown up).
pub const FIT_MAX_ZOOM: f32 = 3.0;

/// The size names are written at, at `zoom`.
pub fn name_size(zoom: f32) -> f32 {
    (LABEL_SIZE * zoom).clamp(NAME_MIN_SIZE, NAME_MAX_SIZE)
}

/// An axis-aligned box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Area {
    pub min: Pt,
    pub max: Pt,
}

impl Area {
    pub fn overlaps(&self, o: &Area) -> bool {
        self.min.x < o.max.x && o.min.x < self.max.x && self.min.y < o.max.y && o.min.y < self.max.y
    }

    pub fn expand(&self, d: f32) -> Area {
        Area {
            min: self.min.add(-d, -d),
            max: self.max.add(d, d),
        }
    }

    pub fn width(&self) -> f32 {
        self.max.x - self.min.x
    }

    pub fn height(&self) -> f32 {
        self.max.y - self.min.y
    }
}

/// The box of an entity's shape of radius `r` centred on `center`.
pub fn shape_area(center: Pt, r: f32) -> Area {
    Area {
        min: center.add(-r, -r),
        max: center.add(r, r),
    }
}

/// The box of `name`, with its backing, under a shape of radius `r` centred on `center`,
/// written at `size`.
pub fn name_area(name: &str, center: Pt, r: f32, size: f32) -> Area {
    let anchor = geometry::name_anchor(center, r);
    let half = text::width(name, size) / 2.0 + NAME_BACKING.0;
    Area {
        min: anchor.add(-half, -NAME_BACKING.1),
        max: anchor.add(half, text::line_height(size) + NAME_BACKING.1),
    }
}

/// Why a name is wanted, most wanted first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Want {
    /// Selected, hovered, dragged or on a marked path: shown whatever it covers.
    Must,
    /// A neighbour of the selection.
    NearSelection,
    /// An end of a contested relation: what a map of disputed claims is read for.
    ContestedEnd,
    Other,
}

/// A name that could show.
#[derive(Debug, Clone, Copy)]
pub struct NameCandidate {
    pub entity: usize,
    pub area: Area,
    pub want: Want,
    /// Among names wanted alike, the more central shows first (relmap uses the degree).
    pub centrality: f32,
}

/// How much each entity's name is wanted: `must` and `selected` by entity; `links` are the
/// relations drawn, as (end, end, contested).
pub fn wants(must: &[bool], selected: &[bool], links: &[(usize, usize, bool)]) -> Vec<Want> {
    let n = must.len();
    let mut out = vec![Want::Other; n];
    let sel = |i: usize| selected.get(i).copied().unwrap_or(false);
    for &(a, b, contested) in links {
        if a >= n || b >= n {
            continue;
        }
        for (x, y) in [(a, b), (b, a)] {
            let want = if sel(y) {
                Want::NearSelection
            } else if contested {
                Want::ContestedEnd
            } else {
                Want::Other
            };
            out[x] = out[x].min(want);
        }
    }
    for (i, w) in out.iter_mut().enumerate() {
        if must[i] || sel(i) {
            *w = Want::Must;
        }
    }
    out
}

/// Each entity's degree in `links`, as centrality for [`choose`].
pub fn degrees(n: usize, links: &[(usize, usize, bool)]) -> Vec<f32> {
    let mut out = vec![0.0; n];
    for &(a, b, _) in links {
        if a < n && b < n {
            out[a] += 1.0;
            out[b] += 1.0;
        }
    }
    out
}

/// Boxes found by the cells they touch, so a name is tested only against its neighbours.
struct Grid {
    cell: f32,
    cells: HashMap<(i32, i32), Vec<usize>>,
    boxes: Vec<(usize, Area)>,
}

impl Grid {
    fn new(cell: f32) -> Self {
        Self {
            cell,
            cells: HashMap::new(),
            boxes: Vec::new(),
        }
    }

    fn span(&self, a: &Area) -> impl Iterator<Item = (i32, i32)> + use<> {
        let c = self.cell;
        let (x0, x1) = ((a.min.x / c).floor() as i32, (a.max.x / c).floor() as i32);
        let (y0, y1) = ((a.min.y / c).floor() as i32, (a.max.y / c).floor() as i32);
        (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (x, y)))
    }

    fn insert(&mut self, owner: usize, area: Area) {
        let k = self.boxes.len();
        self.boxes.push((owner, area));
        for cell in self.span(&area) {
            self.cells.entry(cell).or_default().push(k);
        }
    }

    /// Whether `area` overlaps a box of another owner than `owner`.
    fn hits(&self, owner: usize, area: &Area) -> bool {
        self.span(area).any(|cell| {
            self.cells.get(&cell).is_some_and(|ks| {
                ks.iter().any(|&k| {
                    let (o, b) = &self.boxes[k];
                    *o != owner && b.overlaps(area)
                })
            })
        })
    }
}

/// Which of `candidates` show (their entities, in the order taken): most wanted first, each
/// only if it covers no name shown before it (with [`NAME_GAP`] between) and none of
/// `shapes` (entity, box) but its own entity's. [`Want::Must`] names show regardless.
pub fn choose(candidates: &[NameCandidate], shapes: &[(usize, Area)]) -> Vec<usize> {
    let mut order: Vec<&NameCandidate> = candidates.iter().collect();
    order.sort_by(|a, b| {
        a.want
            .cmp(&b.want)
            .then(b.centrality.total_cmp(&a.centrality))
            .then(a.entity.cmp(&b.entity))
    });
    // Cells about as tall as two lines of names.
    let mut grid = Grid::new(48.0);
    for &(owner, area) in shapes {
        grid.insert(owner, area);
    }
    let mut shown = Vec::new();
    for c in order {
        let padded = c.area.expand(NAME_GAP / 2.0);
        if c.want == Want::Must || !grid.hits(c.entity, &padded) {
            grid.insert(c.entity, padded);
            shown.push(c.entity);
        }
    }
    shown
}

/// An entity as a fitted view must contain it: its centre and radius in map units, and its
/// name.
#[derive(Debug, Clone, Copy)]
pub struct Extent<'a> {
    pub center: Pt,
    pub radius: f32,
    pub name: &'a str,
    /// A relation loops from this entity to itself, rising above it.
    pub has_loop: bool,
}

/// A view of the map on a canvas: a map point `p` is drawn at `pan + p × zoom` from the
/// canvas's top left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    pub zoom: f32,
    pub pan: Pt,
}

impl View {
    pub fn to_screen(&self, p: Pt) -> Pt {
        Pt::new(self.pan.x + p.x * self.zoom, self.pan.y + p.y * self.zoom)
    }
}

/// The screen box of everything drawn for `items` at `zoom`, with the map's origin at the
/// screen's.
fn screen_extent(items: &[Extent<'_>], widths: &[f32], zoom: f32) -> Option<Area> {
    let size = name_size(zoom);
    let mut out: Option<Area> = None;
    for (e, &w) in items.iter().zip(widths) {
        let c = Pt::new(e.center.x * zoom, e.center.y * zoom);
        let r = e.radius * zoom;
        let name = name_area("", c, r, size);
        let half = (w * size / 2.0 + NAME_BACKING.0).max(r);
        let top = if e.has_loop { r * 4.0 } else { r };
        let area = Area {
            min: Pt::new(c.x - half, c.y - top),
            max: Pt::new(c.x + half, name.max.y),
        };
        out = Some(match out {
            None => area,
            Some(o) => Area {
                min: Pt::new(o.min.x.min(area.min.x), o.min.y.min(area.min.y)),
                max: Pt::new(o.max.x.max(area.max.x), o.max.y.max(area.max.y)),
            },
        });
    }
    out
}

/// The view that shows all of `items`, with their names, as large as fits on a canvas of
/// `width` × `height` points: filling [`FIT_FILL`] of it in its tighter direction (unless
/// that would zoom in beyond [`FIT_MAX_ZOOM`]), centred.
pub fn fit(items: &[Extent<'_>], width: f32, height: f32) -> View {
    let widths: Vec<f32> = items.iter().map(|e| text::width(e.name, 1.0)).collect();
    let fits = |z: f32| {
        screen_extent(items, &widths, z)
            .is_none_or(|a| a.width() <= width * FIT_FILL && a.height() <= height * FIT_FILL)
    };
    // What is drawn grows with the zoom (names too: their size never shrinks as the zoom
    // grows), so the largest zoom that fits is found by halving the range.
    let (mut lo, mut hi) = (1e-4f32, FIT_MAX_ZOOM);
    if fits(hi) {
        lo = hi;
    } else {
        for _ in 0..40 {
            let mid = (lo * hi).sqrt();
            if fits(mid) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
    }
    let zoom = lo;
    let pan = match screen_extent(items, &widths, zoom) {
        Some(a) => Pt::new(
            width / 2.0 - (a.min.x + a.max.x) / 2.0,
            height / 2.0 - (a.min.y + a.max.y) / 2.0,
        ),
        None => Pt::new(width / 2.0, height / 2.0),
    };
    View { zoom, pan }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(entity: usize, x: f32, y: f32, want: Want, centrality: f32) -> NameCandidate {
        NameCandidate {
            entity,
            area: name_area("Haqqani Network", Pt::new(x, y), 12.0, 13.0),
            want,
            centrality,
        }
    }

    #[test]
    fn of_two_colliding_names_the_more_wanted_shows() {
        let a = candidate(0, 0.0, 0.0, Want::Other, 9.0);
        let b = candidate(1, 20.0, 5.0, Want::ContestedEnd, 1.0);
        assert_eq!(choose(&[a, b], &[]), vec![1]);
        // Wanted alike, the more central.
        let b = candidate(1, 20.0, 5.0, Want::Other, 1.0);
        assert_eq!(choose(&[a, b], &[]), vec![0]);
        // Far apart, both.
        let b = candidate(1, 400.0, 5.0, Want::Other, 1.0);
        assert_eq!(choose(&[a, b], &[]).len(), 2);
    }

    #[test]
    fn a_name_never_covers_another_entitys_shape_but_may_sit_under_its_own() {
        let a = candidate(0, 0.0, 0.0, Want::Other, 1.0);
        let own = (0, shape_area(Pt::new(0.0, 0.0), 12.0));
        assert_eq!(choose(&[a], &[own]), vec![0]);
        let other = (1, shape_area(Pt::new(10.0, 30.0), 12.0));
        assert!(choose(&[a], &[own, other]).is_empty());
        // Unless it must show.
        let a = NameCandidate {
            want: Want::Must,
            ..a
        };
        assert_eq!(choose(&[a], &[own, other]), vec![0]);
    }

    #[test]
    fn shown_names_never_overlap_in_a_crowd() {
        let cands: Vec<NameCandidate> = (0..400)
            .map(|i| {
                let h = (i as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 20;
                let x = (h & 0x3ff) as f32;
                let y = ((h >> 10) & 0x3ff) as f32;
                candidate(i, x, y, Want::Other, (h >> 20 & 7) as f32)
            })
            .collect();
        let shown = choose(&cands, &[]);
        assert!(shown.len() > 20 && shown.len() < 400);
        for (k, &i) in shown.iter().enumerate() {
            for &j in &shown[k + 1..] {
                assert!(!cands[i].area.overlaps(&cands[j].area), "{i} and {j}");
            }
        }
    }

    #[test]
    fn the_selection_and_its_neighbours_come_first_then_contested_ends() {
        let links = [(0, 1, false), (2, 3, true), (1, 4, false)];
        let w = wants(&[false; 5], &[true, false, false, false, false], &links);
        assert_eq!(
            w,
            vec![
                Want::Must,
                Want::NearSelection,
                Want::ContestedEnd,
                Want::ContestedEnd,
                Want::Other
            ]
        );
        assert_eq!(degrees(5, &links), vec![1.0, 2.0, 1.0, 1.0, 1.0]);
    }

    #[test]
    fn a_fitted_view_fills_the_canvas_and_keeps_names_inside() {
        let items: Vec<Extent> = (0..30)
            .map(|i| Extent {
                center: Pt::new((i % 6) as f32 * 90.0, (i / 6) as f32 * 70.0 - 500.0),
                radius: 12.0,
                name: "Sirajuddin Haqqani",
                has_loop: false,
            })
            .collect();
        for (w, h) in [(1280.0, 800.0), (730.0, 815.0), (300.0, 2000.0)] {
            let view = fit(&items, w, h);
            let size = name_size(view.zoom);
            let mut lo = Pt::new(f32::MAX, f32::MAX);
            let mut hi = Pt::new(f32::MIN, f32::MIN);
            for e in &items {
                let c = view.to_screen(e.center);
                let r = e.radius * view.zoom;
                for a in [shape_area(c, r), name_area(e.name, c, r, size)] {
                    lo = Pt::new(lo.x.min(a.min.x), lo.y.min(a.min.y));
                    hi = Pt::new(hi.x.max(a.max.x), hi.y.max(a.max.y));
                }
            }
            assert!(
                lo.x >= 0.0 && lo.y >= 0.0 && hi.x <= w && hi.y <= h,
                "{w}x{h}"
            );
            let filled = ((hi.x - lo.x) / w).max((hi.y - lo.y) / h);
            assert!(filled >= 0.85, "{w}x{h}: fills {filled}");
        }
        // A lone entity is not blown up.
        assert_eq!(fit(&items[..1], 1280.0, 800.0).zoom, FIT_MAX_ZOOM);
    }
}
