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
    let links: Vec<(usize, usize)> = doc.relation_ends().into_iter().flatten().collect();
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
    arrange::arrange(
        algorithm,
        &Input {
            links: &links,
            hierarchy: &hierarchy,
            groups: &groups,
            current: &current,
            pinned: &pinned,
            footprints: &footprints,
            centre,
            params,
            seed,
        },
    )
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
