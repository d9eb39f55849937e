//! Placing an entity's names on screen in one call: what the canvas and `relmap export
//! --view` both run, on top of the label grid in [`super::labels`], so the window and a figure
//! drawn "as the window shows it" cannot drift apart.

use std::collections::HashMap;

use super::geometry::{Pt, RelationPath};
use super::labels::{
    Area, Line, NAME_MIN_ZOOM, NameCandidate, Slot, choose, degrees, name_size, shape_area, wants,
};

/// An entity as the label grid sees it on screen.
#[derive(Debug, Clone, Copy)]
pub struct OnScreen<'a> {
    pub entity: usize,
    pub name: &'a str,
    pub center: Pt,
    /// Its shape's radius on screen.
    pub radius: f32,
    /// Hovered, dragged or on a marked path: its name shows whatever it covers.
    pub must: bool,
    /// Dimmed by a filter or lens: its name shows only if it must.
    pub dimmed: bool,
    /// One of the map's [`landmarks`]: its name may show however far the view is zoomed out.
    pub landmark: bool,
    /// Its name's size relative to the normal one (a rule's name size).
    pub label_scale: f32,
}

/// Pieces a curved relation is cut into for the label grid.
const CURVE_PIECES: usize = 8;

/// The lines the label grid keeps names off for one relation between entities `a` and `b`,
/// whose centres are at `from` and `to` on screen, drawn along `path` (on screen): a straight
/// relation is the segment between the centres, a curved one (one of several between the
/// same two entities) the pieces of its curve.
pub fn grid_lines(a: usize, b: usize, from: Pt, to: Pt, path: Option<&RelationPath>) -> Vec<Line> {
    match path {
        Some(curve @ RelationPath::Curve(..)) => curve
            .polyline(CURVE_PIECES)
            .windows(2)
            .map(|w| Line {
                a,
                b,
                from: w[0],
                to: w[1],
            })
            .collect(),
        _ => vec![Line { a, b, from, to }],
    }
}

/// How many entities at most keep their names when zoomed out past [`NAME_MIN_ZOOM`].
pub const LANDMARKS: usize = 40;

/// The landmarks of a map of `n` entities joined by `links` (end, end, contested): the
/// entities whose names may still show zoomed out past [`NAME_MIN_ZOOM`], where a large map is
/// read for its shape, as sigma.js keeps the names of its largest nodes. They are the hubs:
/// up to [`LANDMARKS`] of the most connected, each with at least three relations and twice
/// the mean. A map without hubs (a grid, a mesh) has none.
pub fn landmarks(n: usize, links: &[(usize, usize, bool)]) -> Vec<bool> {
    let degree = degrees(n, links);
    let mut out = vec![false; n];
    if n == 0 {
        return out;
    }
    let mean = degree.iter().sum::<f32>() / n as f32;
    let floor = (2.0 * mean).max(3.0);
    let mut hubs: Vec<usize> = (0..n).filter(|&i| degree[i] >= floor).collect();
    hubs.sort_by(|&a, &b| degree[b].total_cmp(&degree[a]).then(a.cmp(&b)));
    for &i in hubs.iter().take(LANDMARKS) {
        out[i] = true;
    }
    out
}

/// Which names show at `zoom`, where, and in what box: the one way the canvas and `relmap
/// export --view` place names. `entities` are those drawn (their shapes are obstacles to
/// names); `links` every relation as (end, end, contested) over entity indices below `n`;
/// `selected` by entity index; `lines` the relations' lines on screen; `canvas` the box names
/// must stay in when they leave their usual place.
/// What names keep off besides entities' shapes: the relations' lines, and the notes' cards.
#[derive(Debug, Clone, Copy, Default)]
pub struct KeepOff<'a> {
    pub lines: &'a [Line],
    pub obstacles: &'a [Area],
}

pub fn place_names(
    n: usize,
    entities: &[OnScreen<'_>],
    links: &[(usize, usize, bool)],
    selected: &[bool],
    keep_off: KeepOff<'_>,
    zoom: f32,
    canvas: Area,
) -> Vec<(usize, Slot, Area)> {
    let KeepOff { lines, obstacles } = keep_off;
    let is_selected = |i: usize| selected.get(i).copied().unwrap_or(false);
    let named = |e: &OnScreen<'_>| {
        ((zoom >= NAME_MIN_ZOOM || e.landmark) && !e.dimmed) || e.must || is_selected(e.entity)
    };
    // Zoomed out, nothing may have a name: spare the pass over every relation.
    if !entities.iter().any(named) {
        return Vec::new();
    }
    let mut must = vec![false; n];
    for e in entities.iter().filter(|e| e.entity < n) {
        must[e.entity] = e.must;
    }
    let wants = wants(&must, selected, links);
    let centrality = degrees(n, links);
    let size = name_size(zoom);
    // Shapes, and what else names keep clear of (notes), which no entity owns.
    let shapes: Vec<(usize, Area)> = entities
        .iter()
        .map(|e| (e.entity, shape_area(e.center, e.radius)))
        .chain(obstacles.iter().map(|&a| (usize::MAX, a)))
        .collect();
    let candidates: Vec<NameCandidate> = entities
        .iter()
        .filter(|e| e.entity < n && named(e))
        .map(|e| {
            NameCandidate::new(
                e.entity,
                e.name,
                (e.center, e.radius),
                size * e.label_scale,
                wants[e.entity],
                centrality[e.entity],
            )
        })
        .collect();
    let chosen = choose(&candidates, &shapes, lines, Some(canvas));
    let by_entity: HashMap<usize, &NameCandidate> =
        candidates.iter().map(|c| (c.entity, c)).collect();
    chosen
        .into_iter()
        .filter_map(|(i, slot)| {
            let k = Slot::ALL.iter().position(|&s| s == slot)?;
            Some((i, slot, by_entity.get(&i)?.slots[k]))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hubs_are_landmarks_and_a_grid_has_none() {
        // A star of 10 leaves around 0, and a second around 11 with 4 leaves.
        let mut links: Vec<(usize, usize, bool)> = (1..=10).map(|i| (0, i, false)).collect();
        links.extend((12..=15).map(|i| (11, i, false)));
        let marks = landmarks(16, &links);
        assert!(marks[0] && marks[11], "{marks:?}");
        assert_eq!(marks.iter().filter(|&&m| m).count(), 2);
        // A 10 × 10 grid: every degree 2 to 4, no hub.
        let grid: Vec<(usize, usize, bool)> = (0..100)
            .flat_map(|i| {
                [
                    (i % 10 < 9).then_some((i, i + 1, false)),
                    (i < 90).then_some((i, i + 10, false)),
                ]
            })
            .flatten()
            .collect();
        assert!(landmarks(100, &grid).iter().all(|&m| !m));
    }

    #[test]
    fn zoomed_out_only_landmarks_have_names() {
        let names = ["Hub", "Leaf one", "Leaf two"];
        let entities: Vec<OnScreen> = (0..3)
            .map(|i| OnScreen {
                entity: i,
                name: names[i],
                center: Pt::new(100.0 + 300.0 * i as f32, 100.0),
                radius: 1.0,
                must: false,
                dimmed: false,
                landmark: i == 0,
                label_scale: 1.0,
            })
            .collect();
        let canvas = Area {
            min: Pt::new(0.0, 0.0),
            max: Pt::new(1000.0, 400.0),
        };
        let links = [(0, 1, false), (0, 2, false)];
        let far = place_names(3, &entities, &links, &[], KeepOff::default(), 0.05, canvas);
        assert_eq!(far.iter().map(|c| c.0).collect::<Vec<_>>(), vec![0]);
        let near = place_names(3, &entities, &links, &[], KeepOff::default(), 1.0, canvas);
        assert_eq!(near.len(), 3);
    }

    #[test]
    fn names_keep_clear_of_notes() {
        let entities = [OnScreen {
            entity: 0,
            name: "Anas Haqqani",
            center: Pt::new(200.0, 200.0),
            radius: 8.0,
            must: false,
            dimmed: false,
            landmark: false,
            label_scale: 1.0,
        }];
        let canvas = Area {
            min: Pt::new(0.0, 0.0),
            max: Pt::new(400.0, 400.0),
        };
        let free = place_names(1, &entities, &[], &[], KeepOff::default(), 1.0, canvas);
        let (_, usual, area) = free[0];
        // A note's card where the name would go sends it to another place.
        let note = area.expand(2.0);
        let moved = place_names(
            1,
            &entities,
            &[],
            &[],
            KeepOff {
                lines: &[],
                obstacles: &[note],
            },
            1.0,
            canvas,
        );
        assert_eq!(moved.len(), 1);
        assert_ne!(moved[0].1, usual);
        assert!(!moved[0].2.overlaps(&note));
    }

    #[test]
    fn a_curved_relation_is_cut_into_pieces_for_the_grid() {
        let (from, to) = (Pt::new(0.0, 0.0), Pt::new(100.0, 0.0));
        assert_eq!(grid_lines(0, 1, from, to, None).len(), 1);
        let curve = RelationPath::between((from, 5.0), (to, 5.0), 1, false);
        let pieces = grid_lines(0, 1, from, to, curve.as_ref());
        assert_eq!(pieces.len(), CURVE_PIECES);
        assert!(
            pieces.iter().any(|l| l.from.y.abs() > 5.0),
            "it bows off the straight line"
        );
        assert!(pieces.windows(2).all(|w| w[0].to == w[1].from));
    }
}
