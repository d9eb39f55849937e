//! A document laid out by one of relmap's layouts: its entities and relations as the layout's
//! node indices (`layout::arrange`), and the result as edits, one undoable step. The window's
//! View ▸ Layout menu and `relmap layout --algorithm` both come here.

use crate::edit::Edit;
use crate::layout::arrange::{self, Algorithm, ArrangeError, Input};
use crate::layout::{self, LayoutParams};
use crate::look::{LABEL_SIZE, NODE_RADIUS};
use crate::model::{Document, EntityId, Position};
use crate::query::communities::communities;

/// Relation kinds read top-down: the entity that does it sits above the other.
pub const TOP_DOWN_KINDS: &[&str] = &[
    "leads",
    "founded",
    "in charge of",
    "commands",
    "heads",
    "controls",
    "owns",
    "parent of",
    "father of",
    "mother of",
    "manages",
    "employs",
];
/// Relation kinds read bottom-up: the entity sits below the one it belongs to.
pub const BOTTOM_UP_KINDS: &[&str] = &[
    "member of",
    "child of",
    "son of",
    "daughter of",
    "nephew of",
    "part of",
    "affiliate of",
    "subsidiary of",
    "spokesperson for",
    "runs operations for",
    "holds positions in",
    "works for",
    "reports to",
    "employed by",
    "owned by",
    "led by",
];

/// How circles and grids group entities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GroupBy {
    #[default]
    Kind,
    /// Louvain communities ([`communities`]).
    Community,
}

/// Everything a layout of a document needs besides the document.
#[derive(Debug, Clone, Default)]
pub struct Choice {
    /// The radial layout's centre.
    pub centre: Option<EntityId>,
    /// The hierarchy's kinds; `None` for the built-in ones present in the map.
    pub hierarchy_kinds: Option<Vec<String>>,
    pub group_by: GroupBy,
}

/// The directed relation kinds of `doc` that the hierarchical layout reads by default.
pub fn hierarchy_kinds(doc: &Document) -> Vec<String> {
    let mut kinds: Vec<String> = doc
        .relations
        .iter()
        .filter(|r| r.directed)
        .map(|r| r.kind.clone())
        .filter(|k| TOP_DOWN_KINDS.contains(&k.as_str()) || BOTTOM_UP_KINDS.contains(&k.as_str()))
        .collect();
    kinds.sort();
    kinds.dedup();
    kinds
}

/// The hierarchy's (upper, lower) pairs: directed relations of `kinds`, turned so the entity
/// above comes first.
fn hierarchy(doc: &Document, kinds: &[String]) -> Vec<(usize, usize)> {
    doc.relations
        .iter()
        .zip(doc.relation_ends())
        .filter(|(r, _)| r.directed && kinds.contains(&r.kind))
        .filter_map(|(r, ends)| {
            let (a, b) = ends?;
            Some(if BOTTOM_UP_KINDS.contains(&r.kind.as_str()) {
                (b, a)
            } else {
                (a, b)
            })
        })
        .collect()
}

/// Each entity's group under `by`.
pub fn groups(doc: &Document, by: GroupBy) -> Vec<usize> {
    match by {
        GroupBy::Kind => {
            let mut kinds: Vec<&str> = doc.entities.iter().map(|e| e.kind.as_str()).collect();
            kinds.sort_unstable();
            kinds.dedup();
            doc.entities
                .iter()
                .map(|e| kinds.binary_search(&e.kind.as_str()).unwrap_or(0))
                .collect()
        }
        GroupBy::Community => {
            let links: Vec<(usize, usize)> = doc.relation_ends().into_iter().flatten().collect();
            communities(doc.entities.len(), &links)
        }
    }
}

/// New positions for `doc`'s entities by `algorithm`, starting from `current` (by entity
/// index; the document's own positions where `None`).
pub fn positions(
    doc: &Document,
    current: &[Option<[f32; 2]>],
    algorithm: Algorithm,
    choice: &Choice,
    params: LayoutParams,
    seed: u64,
) -> Result<Vec<[f32; 2]>, ArrangeError> {
    let mut links: Vec<(usize, usize)> = doc.relation_ends().into_iter().flatten().collect();
    let hierarchy_links = links.clone();
    // The map's groups keep their members together: springs between them for the layouts
    // that read links, blocks for the hierarchy.
    let map_groups = crate::look::groups::Groups::of(doc);
    links.extend(map_groups.pull_links());
    let blocks = outermost_groups(doc, &map_groups);
    let kinds = choice
        .hierarchy_kinds
        .clone()
        .unwrap_or_else(|| hierarchy_kinds(doc));
    let hierarchy = hierarchy(doc, &kinds);
    let groups = groups(doc, choice.group_by);
    let current: Vec<Option<[f32; 2]>> = doc
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| {
            current
                .get(i)
                .copied()
                .flatten()
                .or_else(|| e.position.as_ref().map(Position::to_f32))
        })
        .collect();
    let pinned: Vec<bool> = doc.entities.iter().map(|e| e.pinned).collect();
    let footprints = layout::footprints(
        doc.entities.iter().map(|e| e.name.as_str()),
        NODE_RADIUS,
        LABEL_SIZE,
    );
    let centre = choice
        .centre
        .as_ref()
        .and_then(|id| doc.entity_index(id.as_str()));
    let mut placed = arrange::arrange(
        algorithm,
        &Input {
            links: if algorithm == Algorithm::Hierarchical {
                &hierarchy_links
            } else {
                &links
            },
            blocks: &blocks,
            hierarchy: &hierarchy,
            groups: &groups,
            current: &current,
            pinned: &pinned,
            footprints: &footprints,
            centre,
            params,
            seed,
        },
    )?;
    if !map_groups.is_empty() {
        clear_frames(&map_groups, &mut placed, &pinned, &footprints);
        // What was pushed out may now cover its neighbours: spread it, members held still,
        // and push out again what that brought back in.
        let held: Vec<bool> = (0..placed.len())
            .map(|i| pinned[i] || map_groups.all_members.iter().any(|m| m.contains(&i)))
            .collect();
        crate::layout::tidy::remove_overlaps(
            &mut placed,
            &footprints,
            &held,
            params.overlap_padding,
        );
        clear_frames(&map_groups, &mut placed, &pinned, &footprints);
    }
    Ok(placed)
}

/// Moves each entity that is not in a group out of the group's frame, to the nearest side,
/// name and all, so a frame holds only its members (a few passes, as a move may land in
/// another frame). Pinned entities stay.
fn clear_frames(
    groups: &crate::look::groups::Groups,
    positions: &mut [[f32; 2]],
    pinned: &[bool],
    footprints: &[layout::Footprint],
) {
    let gap = 4.0;
    for _ in 0..3 {
        let frames = groups.frames(positions, &|_| NODE_RADIUS, &|_| true);
        let mut moved = false;
        for f in &frames {
            let inside: &[usize] = &groups.all_members[f.group];
            for (i, p) in positions.iter_mut().enumerate() {
                if inside.contains(&i) || pinned.get(i).copied().unwrap_or(false) {
                    continue;
                }
                let [x, y] = *p;
                let fp = footprints.get(i).copied().unwrap_or(layout::Footprint {
                    half_width: NODE_RADIUS,
                    above: NODE_RADIUS,
                    below: NODE_RADIUS,
                });
                // Its shape and name, against the frame.
                if x + fp.half_width <= f.min[0]
                    || x - fp.half_width >= f.max[0]
                    || y + fp.below <= f.min[1]
                    || y - fp.above >= f.max[1]
                {
                    continue;
                }
                // The nearest way out, and past the side by its footprint.
                let out = [
                    (x - f.min[0], [f.min[0] - fp.half_width - gap, y]),
                    (f.max[0] - x, [f.max[0] + fp.half_width + gap, y]),
                    (y - f.min[1], [x, f.min[1] - fp.below - gap]),
                    (f.max[1] - y, [x, f.max[1] + fp.above + gap]),
                ];
                if let Some((_, to)) = out.iter().min_by(|a, b| a.0.total_cmp(&b.0)) {
                    *p = *to;
                    moved = true;
                }
            }
        }
        if !moved {
            break;
        }
    }
}

/// The outermost group each entity is in, by entity index.
fn outermost_groups(doc: &Document, groups: &crate::look::groups::Groups) -> Vec<Option<usize>> {
    let mut out = vec![None; doc.entities.len()];
    for (g, members) in groups.all_members.iter().enumerate() {
        if groups.depths[g] == 0 {
            for &m in members {
                out[m] = Some(g);
            }
        }
    }
    out
}

/// The edits that move every entity whose position changes to `positions`, keeping pins.
pub fn edits(doc: &Document, positions: &[[f32; 2]]) -> Vec<Edit> {
    doc.entities
        .iter()
        .zip(positions)
        .filter_map(|(e, p)| {
            let to = Position::from_f32(*p).rounded();
            (e.position.as_ref() != Some(&to)).then(|| Edit::PlaceEntity {
                entity: e.id.clone(),
                position: Some(to),
                pinned: e.pinned,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::History;

    #[test]
    fn the_bundled_hierarchy_puts_leaders_over_members_and_parents_over_children() {
        let doc = crate::io::bundled_map().unwrap();
        let kinds = hierarchy_kinds(&doc);
        assert!(kinds.contains(&"leads".to_owned()) && kinds.contains(&"member of".to_owned()));
        let p = positions(
            &doc,
            &[],
            Algorithm::Hierarchical,
            &Choice::default(),
            LayoutParams::default(),
            1,
        )
        .unwrap();
        let ends = doc.relation_ends();
        for (r, e) in doc.relations.iter().zip(ends) {
            let Some((a, b)) = e else { continue };
            let y = |i: usize| p[i][1];
            match r.kind.as_str() {
                "leads" | "founded" => assert!(
                    y(a) < y(b),
                    "{} over {}",
                    doc.entities[a].name,
                    doc.entities[b].name
                ),
                "member of" | "child of" => assert!(
                    y(b) < y(a),
                    "{} over {}",
                    doc.entities[b].name,
                    doc.entities[a].name
                ),
                _ => {}
            }
        }
    }

    #[test]
    fn a_layout_leaves_only_a_groups_members_in_its_frame() {
        use crate::model::{Group, GroupId};
        let mut doc = crate::io::bundled_map().unwrap();
        let members: Vec<EntityId> = ["anas-haqqani", "sirajuddin-haqqani", "pentagon"]
            .map(EntityId::new)
            .to_vec();
        doc.groups = vec![Group::new(GroupId::new("g"), "G", members)];
        let p = positions(
            &doc,
            &[],
            Algorithm::Stress,
            &Choice::default(),
            LayoutParams::default(),
            1,
        )
        .unwrap();
        let groups = crate::look::groups::Groups::of(&doc);
        let frames = groups.frames(&p, &|_| NODE_RADIUS, &|_| true);
        let f = &frames[0];
        for (i, q) in p.iter().enumerate() {
            let inside = q[0] > f.min[0] && q[0] < f.max[0] && q[1] > f.min[1] && q[1] < f.max[1];
            assert_eq!(
                inside,
                groups.all_members[0].contains(&i),
                "{}",
                doc.entities[i].id
            );
        }
    }

    #[test]
    fn a_layout_is_one_undo_step_and_keeps_pins() {
        let mut doc = crate::io::bundled_map().unwrap();
        doc.entities[0].position = Some(Position::from_f32([5.0, 5.0]));
        doc.entities[0].pinned = true;
        let original = doc.clone();
        let mut history = History::default();
        for algorithm in Algorithm::ALL {
            let choice = Choice {
                centre: Some(doc.entities[1].id.clone()),
                ..Choice::default()
            };
            let p = positions(&doc, &[], algorithm, &choice, LayoutParams::default(), 3).unwrap();
            assert_eq!(p[0], [5.0, 5.0], "{algorithm:?}");
            let edits = edits(&doc, &p);
            assert!(!edits.is_empty(), "{algorithm:?} moves something");
            history.apply(&mut doc, algorithm.name(), edits).unwrap();
            assert!(doc.entities[0].pinned);
            history.undo(&mut doc).unwrap();
            assert_eq!(doc, original, "{algorithm:?} is undone in one step");
        }
    }
}
