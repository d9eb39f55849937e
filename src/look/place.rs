//! Placing an entity's names on screen in one call: what the canvas and `relmap export
//! --view` both run, on top of the label grid in [`super::labels`], so the window and a figure
//! drawn "as the window shows it" cannot drift apart.

use std::collections::HashMap;

use super::geometry::Pt;
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
}

/// Which names show at `zoom`, where, and in what box: the one way the canvas and `relmap
/// export --view` place names. `entities` are those drawn (their shapes are obstacles to
/// names); `links` every relation as (end, end, contested) over entity indices below `n`;
/// `selected` by entity index; `lines` the relations' lines on screen; `canvas` the box names
/// must stay in when they leave their usual place.
pub fn place_names(
    n: usize,
    entities: &[OnScreen<'_>],
    links: &[(usize, usize, bool)],
    selected: &[bool],
    lines: &[Line],
    zoom: f32,
    canvas: Area,
) -> Vec<(usize, Slot, Area)> {
    let is_selected = |i: usize| selected.get(i).copied().unwrap_or(false);
    let named =
        |e: &OnScreen<'_>| (zoom >= NAME_MIN_ZOOM && !e.dimmed) || e.must || is_selected(e.entity);
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
    let shapes: Vec<(usize, Area)> = entities
        .iter()
        .map(|e| (e.entity, shape_area(e.center, e.radius)))
        .collect();
    let candidates: Vec<NameCandidate> = entities
        .iter()
        .filter(|e| e.entity < n && named(e))
        .map(|e| {
            NameCandidate::new(
                e.entity,
                e.name,
                (e.center, e.radius),
                size,
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
