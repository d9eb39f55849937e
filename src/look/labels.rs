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
//! Everything here is in screen points: a painter maps the map's coordinates first. The view
//! that fits a whole map, names included, is in [`super::fit`].

use std::collections::HashMap;

use super::cells::{clip, segment_cells};
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
/// Below this zoom only names that must show (selected, hovered, marked) are drawn: names are
/// never smaller than [`NAME_MIN_SIZE`], so further out the grid would leave nearly all of
/// them out anyway, and large maps are drawn as dots there (the canvas's far view).
pub const NAME_MIN_ZOOM: f32 = 0.15;

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

/// Where a name sits around its entity's shape, in the order tried: under it (where names
/// usually are), above, to the right, to the left. A name moves only when its usual place is
/// taken or crossed by a line (cartographers' four-position model).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Slot {
    #[default]
    Below,
    Above,
    Right,
    Left,
}

impl Slot {
    pub const ALL: [Slot; 4] = [Slot::Below, Slot::Above, Slot::Right, Slot::Left];
}

/// The box of `name`, with its backing, in `slot` around a shape of radius `r` centred on
/// `center`, written at `size`.
pub fn name_area_at(name: &str, center: Pt, r: f32, size: f32, slot: Slot) -> Area {
    let below = name_area(name, center, r, size);
    let (w, h) = (below.width(), below.height());
    let gap = below.min.y - center.y - r;
    match slot {
        Slot::Below => below,
        Slot::Above => Area {
            min: Pt::new(below.min.x, center.y - r - gap - h),
            max: Pt::new(below.max.x, center.y - r - gap),
        },
        Slot::Right => Area {
            min: Pt::new(center.x + r + gap, center.y - h / 2.0),
            max: Pt::new(center.x + r + gap + w, center.y + h / 2.0),
        },
        Slot::Left => Area {
            min: Pt::new(center.x - r - gap - w, center.y - h / 2.0),
            max: Pt::new(center.x - r - gap, center.y + h / 2.0),
        },
    }
}

/// A name that could show.
#[derive(Debug, Clone, Copy)]
pub struct NameCandidate {
    pub entity: usize,
    /// Its box in each [`Slot`], in [`Slot::ALL`]'s order.
    pub slots: [Area; 4],
    pub want: Want,
    /// Among names wanted alike, the more central shows first (relmap uses the degree).
    pub centrality: f32,
}

impl NameCandidate {
    /// The name of `entity`, whose shape of radius `r` is centred on `center`, at `size`.
    pub fn new(
        entity: usize,
        name: &str,
        (center, r): (Pt, f32),
        size: f32,
        want: Want,
        centrality: f32,
    ) -> Self {
        Self {
            entity,
            slots: Slot::ALL.map(|slot| name_area_at(name, center, r, size, slot)),
            want,
            centrality,
        }
    }
}

/// A relation's line on screen, between its ends `a` and `b`.
#[derive(Debug, Clone, Copy)]
pub struct Line {
    pub a: usize,
    pub b: usize,
    pub from: Pt,
    pub to: Pt,
}

/// Whether the segment `from`–`to` passes through `area`.
pub fn segment_crosses(from: Pt, to: Pt, area: &Area) -> bool {
    let (mut t0, mut t1) = (0.0f32, 1.0f32);
    let d = [to.x - from.x, to.y - from.y];
    let p = [from.x, from.y];
    let (lo, hi) = ([area.min.x, area.min.y], [area.max.x, area.max.y]);
    for axis in 0..2 {
        if d[axis].abs() < 1e-9 {
            if p[axis] <= lo[axis] || p[axis] >= hi[axis] {
                return false;
            }
        } else {
            let (mut e0, mut e1) = (
                (lo[axis] - p[axis]) / d[axis],
                (hi[axis] - p[axis]) / d[axis],
            );
            if e0 > e1 {
                std::mem::swap(&mut e0, &mut e1);
            }
            t0 = t0.max(e0);
            t1 = t1.min(e1);
        }
    }
    t0 < t1
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

/// The cells of side `c` that `a` touches.
fn cells(c: f32, a: &Area) -> impl Iterator<Item = (i32, i32)> + use<> {
    let (x0, x1) = ((a.min.x / c).floor() as i32, (a.max.x / c).floor() as i32);
    let (y0, y1) = ((a.min.y / c).floor() as i32, (a.max.y / c).floor() as i32);
    (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (x, y)))
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
        cells(self.cell, a)
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

/// Which of `candidates` show, and where (entity and slot, in the order taken): most wanted
/// first, each in the first [`Slot`] where it covers no name shown before it (with
/// [`NAME_GAP`] between), none of `shapes` (entity, box) but its own entity's, and no line of
/// `lines` but its own entity's; failing that, the first slot where it covers no name or shape
/// though a line crosses it; failing that, it waits for room. [`Want::Must`] names show
/// regardless, in their best slot. A name leaves its usual place only for one inside `canvas`
/// (when given), so moving it never pushes it off screen.
pub fn choose(
    candidates: &[NameCandidate],
    shapes: &[(usize, Area)],
    lines: &[Line],
    canvas: Option<Area>,
) -> Vec<(usize, Slot)> {
    let mut order: Vec<&NameCandidate> = candidates.iter().collect();
    order.sort_by(|a, b| {
        a.want
            .cmp(&b.want)
            .then(b.centrality.total_cmp(&a.centrality))
            .then(a.entity.cmp(&b.entity))
    });
    // Cells about as tall as two lines of names.
    const CELL: f32 = 48.0;
    let mut grid = Grid::new(CELL);
    for &(owner, area) in shapes {
        grid.insert(owner, area);
    }
    // Lines by the cells they pass through. A long diagonal's box touches hundreds of cells
    // it never crosses: walking its cells instead took a crowded view's label grid from 26 ms
    // to a fraction of that (docs/PERFORMANCE.md). Names stay inside `canvas`, so a line is
    // walked only where it is within it.
    let mut line_cells: HashMap<(i32, i32), Vec<usize>> = HashMap::new();
    for (k, l) in lines.iter().enumerate() {
        let bounds = Area {
            min: Pt::new(l.from.x.min(l.to.x), l.from.y.min(l.to.y)),
            max: Pt::new(l.from.x.max(l.to.x), l.from.y.max(l.to.y)),
        };
        let within = canvas
            .map(|b| b.expand(CELL))
            .and_then(|b| clip(l.from, l.to, b.min, b.max));
        match (canvas, within) {
            // Wholly outside the canvas: no name there to cross.
            (Some(_), None) => {}
            (_, Some((a, b))) => segment_cells(CELL, a, b, |cell| {
                line_cells.entry(cell).or_default().push(k);
            }),
            (None, None) => {
                for cell in cells(CELL, &bounds) {
                    line_cells.entry(cell).or_default().push(k);
                }
            }
        }
    }
    let crossed = |entity: usize, area: &Area| {
        cells(CELL, area).any(|cell| {
            line_cells.get(&cell).is_some_and(|ks| {
                ks.iter().any(|&k| {
                    let l = &lines[k];
                    l.a != entity && l.b != entity && segment_crosses(l.from, l.to, area)
                })
            })
        })
    };
    let mut shown = Vec::new();
    for c in order {
        let padded = |k: usize| c.slots[k].expand(NAME_GAP / 2.0);
        let inside = |k: usize| {
            k == 0
                || canvas.is_none_or(|b| {
                    let a = c.slots[k];
                    a.min.x >= b.min.x
                        && a.min.y >= b.min.y
                        && a.max.x <= b.max.x
                        && a.max.y <= b.max.y
                })
        };
        let free: Vec<usize> = (0..4)
            .filter(|&k| inside(k) && !grid.hits(c.entity, &padded(k)))
            .collect();
        let clear = free
            .iter()
            .copied()
            .find(|&k| !crossed(c.entity, &c.slots[k]));
        let slot = clear
            .or(free.first().copied())
            .or((c.want == Want::Must).then_some(0));
        if let Some(k) = slot {
            grid.insert(c.entity, padded(k));
            shown.push((c.entity, Slot::ALL[k]));
        }
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(entity: usize, x: f32, y: f32, want: Want, centrality: f32) -> NameCandidate {
        NameCandidate::new(
            entity,
            "Haqqani Network",
            (Pt::new(x, y), 12.0),
            13.0,
            want,
            centrality,
        )
    }

    fn entities(shown: &[(usize, Slot)]) -> Vec<usize> {
        shown.iter().map(|s| s.0).collect()
    }

    fn area_of(c: &NameCandidate, slot: Slot) -> Area {
        c.slots[Slot::ALL.iter().position(|&s| s == slot).unwrap()]
    }

    #[test]
    fn a_name_moves_around_its_entity_when_its_usual_place_is_taken() {
        let a = candidate(0, 0.0, 0.0, Want::ContestedEnd, 1.0);
        let b = candidate(1, 20.0, 5.0, Want::Other, 9.0);
        let shown = choose(&[a, b], &[], &[], None);
        assert_eq!(
            shown[0],
            (0, Slot::Below),
            "the more wanted keeps its place"
        );
        assert_eq!(shown[1].0, 1);
        assert_ne!(shown[1].1, Slot::Below);
        assert!(!area_of(&a, Slot::Below).overlaps(&area_of(&b, shown[1].1)));
        // Far apart, both stay below.
        let b = candidate(1, 400.0, 5.0, Want::Other, 1.0);
        assert_eq!(
            choose(&[a, b], &[], &[], None),
            vec![(0, Slot::Below), (1, Slot::Below)]
        );
    }

    #[test]
    fn of_names_with_no_room_left_the_more_wanted_show() {
        // Six names on one spot: four places around it, taken by the four most central.
        let cands: Vec<NameCandidate> = (0..6)
            .map(|i| candidate(i, 0.0, 0.0, Want::Other, i as f32))
            .collect();
        let shown = choose(&cands, &[], &[], None);
        assert_eq!(entities(&shown), vec![5, 4, 3, 2]);
        let slots: Vec<Slot> = shown.iter().map(|s| s.1).collect();
        assert_eq!(slots, Slot::ALL.to_vec());
    }

    #[test]
    fn a_name_never_covers_another_entitys_shape_but_may_sit_under_its_own() {
        let a = candidate(0, 0.0, 0.0, Want::Other, 1.0);
        let own = (0, shape_area(Pt::new(0.0, 0.0), 12.0));
        assert_eq!(choose(&[a], &[own], &[], None), vec![(0, Slot::Below)]);
        // Another entity under it: the name goes above.
        let under = (1, shape_area(Pt::new(10.0, 30.0), 12.0));
        assert_eq!(
            choose(&[a], &[own, under], &[], None),
            vec![(0, Slot::Above)]
        );
        // Entities on every side: it waits, unless it must show.
        let around = [
            own,
            under,
            (2, shape_area(Pt::new(0.0, -30.0), 12.0)),
            (3, shape_area(Pt::new(40.0, 0.0), 12.0)),
            (4, shape_area(Pt::new(-40.0, 0.0), 12.0)),
        ];
        assert!(choose(&[a], &around, &[], None).is_empty());
        let a = NameCandidate {
            want: Want::Must,
            ..a
        };
        assert_eq!(choose(&[a], &around, &[], None), vec![(0, Slot::Below)]);
    }

    #[test]
    fn a_name_moves_only_to_a_place_inside_the_canvas() {
        // Another entity under it, and the canvas ends just above it: the name cannot go
        // above, so it goes to the side.
        let a = candidate(0, 200.0, 20.0, Want::Other, 1.0);
        let under = (1, shape_area(Pt::new(210.0, 50.0), 12.0));
        let canvas = Area {
            min: Pt::new(0.0, 0.0),
            max: Pt::new(1000.0, 1000.0),
        };
        assert_eq!(
            choose(&[a], &[under], &[], Some(canvas)),
            vec![(0, Slot::Right)]
        );
        assert_eq!(choose(&[a], &[under], &[], None), vec![(0, Slot::Above)]);
    }

    #[test]
    fn a_name_keeps_off_lines_that_are_not_its_own() {
        let a = candidate(0, 0.0, 0.0, Want::Other, 1.0);
        // A line of two other entities runs just under the shape, through the usual place.
        let line = Line {
            a: 1,
            b: 2,
            from: Pt::new(-300.0, 24.0),
            to: Pt::new(300.0, 24.0),
        };
        assert_eq!(choose(&[a], &[], &[line], None), vec![(0, Slot::Above)]);
        // Its own line does not count.
        let own = Line { a: 0, ..line };
        assert_eq!(choose(&[a], &[], &[own], None), vec![(0, Slot::Below)]);
        // Crossed everywhere, it shows in its usual place all the same.
        let lines: Vec<Line> = (-4..=4)
            .flat_map(|k| {
                let d = k as f32 * 12.0;
                [
                    Line {
                        from: Pt::new(-300.0, d),
                        to: Pt::new(300.0, d),
                        ..line
                    },
                    Line {
                        from: Pt::new(d * 2.0, -300.0),
                        to: Pt::new(d * 2.0, 300.0),
                        ..line
                    },
                ]
            })
            .collect();
        assert_eq!(choose(&[a], &[], &lines, None), vec![(0, Slot::Below)]);
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
        let shown = choose(&cands, &[], &[], None);
        assert!(shown.len() > 20 && shown.len() < 400);
        for (k, &(i, si)) in shown.iter().enumerate() {
            for &(j, sj) in &shown[k + 1..] {
                let (a, b) = (area_of(&cands[i], si), area_of(&cands[j], sj));
                assert!(!a.overlaps(&b), "{i} and {j}");
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
}
