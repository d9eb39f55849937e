//! Where entities new to the view go: round what brought them in.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::model::{Document, EntityId, Position};

/// Gives each of `new` that has no position one on a ring around the first entity in view it
/// is related to and that has a position, so what the analyst arranged stays where it is and
/// the new neighbours sit by what brought them in. Rings grow outwards as they fill. An entity
/// with no placed neighbour (a claimant, which only a claim names) goes round `fallback`, the
/// entity expanded, if it is placed; else it is left for the window to place.
pub fn place_near_parents(doc: &mut Document, new: &[EntityId], fallback: Option<&str>) {
    let fresh: HashSet<&str> = new.iter().map(EntityId::as_str).collect();
    let placed: HashMap<&str, (f64, f64)> = doc
        .entities
        .iter()
        .filter(|e| !fresh.contains(e.id.as_str()))
        .filter_map(|e| Some((e.id.as_str(), e.position.as_ref().map(|p| (p.x, p.y))?)))
        .collect();
    // Each new entity's parent: the first placed entity a relation joins it to.
    let mut parent_of: BTreeMap<&str, &str> = BTreeMap::new();
    for r in &doc.relations {
        for (a, b) in [
            (r.from.as_str(), r.to.as_str()),
            (r.to.as_str(), r.from.as_str()),
        ] {
            if fresh.contains(a) && placed.contains_key(b) {
                parent_of.entry(a).or_insert(b);
            }
        }
    }
    let fallback = fallback.filter(|f| placed.contains_key(f));
    let mut children: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for id in new {
        if let Some(p) = parent_of.get(id.as_str()).copied().or(fallback) {
            children.entry(p).or_default().push(id.as_str());
        }
    }
    let mut spots: HashMap<String, Position> = HashMap::new();
    for (parent, kids) in children {
        let (cx, cy) = placed[parent];
        let mut ring = 0usize;
        let mut k = 0usize;
        while k < kids.len() {
            let radius = RING_START + RING_STEP * ring as f64;
            let room = ((std::f64::consts::TAU * radius / SPACING).floor() as usize).max(6);
            let here = room.min(kids.len() - k);
            // Every other ring starts half a step round, so rings do not line up in spokes.
            let offset = if ring % 2 == 1 { 0.5 } else { 0.0 };
            for j in 0..here {
                let angle = std::f64::consts::TAU * (j as f64 + offset) / here as f64;
                spots.insert(
                    kids[k + j].to_owned(),
                    Position::new(cx + radius * angle.cos(), cy + radius * angle.sin()),
                );
            }
            k += here;
            ring += 1;
        }
    }
    for e in &mut doc.entities {
        if e.position.is_none()
            && let Some(p) = spots.remove(e.id.as_str())
        {
            e.position = Some(p);
        }
    }
}

/// The first ring's radius around a parent, the step between rings and the room each new
/// entity takes on a ring, in map units (an entity is drawn about 20 across).
pub(super) const RING_START: f64 = 140.0;
pub(super) const RING_STEP: f64 = 90.0;
const SPACING: f64 = 70.0;
