//! A map compared with another version of itself (File ▸ Compare with…): what is new is marked
//! green, what changed amber, and what the other version had and this one lost is drawn as
//! ghosts where it stood. The canvas and figures read the marks from the [`Decor`]; the ghosts
//! are drawn over the map by whoever shows it.

use std::collections::HashMap;

use super::{Decor, EdgeMark};
use crate::compare::Kind;
use crate::compare::diff::{Change, What};
use crate::model::{Document, Position};

/// How an entity differs from the compared version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeMark {
    Added,
    Changed,
}

/// Marks what `changes` (from the other version to `doc`) added and changed: entities get a
/// change ring, relations a change colour, shown even where filters would hide them.
pub fn mark(doc: &Document, changes: &[Change], decor: &mut Decor) {
    let (entities, relations) = (doc.entity_indices(), doc.relation_indices());
    for change in changes {
        let mark = match change.what {
            What::Added => ChangeMark::Added,
            What::Changed { .. } => ChangeMark::Changed,
            What::Removed => continue,
        };
        match change.kind {
            Kind::Entity => {
                if let Some(node) = entities
                    .get(change.id.as_str())
                    .and_then(|&i| decor.nodes.get_mut(i))
                {
                    node.change = Some(mark);
                }
            }
            Kind::Relation => {
                if let Some(edge) = relations
                    .get(change.id.as_str())
                    .and_then(|&i| decor.edges.get_mut(i))
                {
                    edge.mark = match mark {
                        ChangeMark::Added => EdgeMark::Added,
                        ChangeMark::Changed => EdgeMark::Changed,
                    };
                    edge.dimmed = false;
                }
            }
            _ => {}
        }
    }
}

/// An entity the other version had and this one does not.
#[derive(Debug, Clone, PartialEq)]
pub struct GhostEntity {
    pub id: String,
    pub name: String,
    pub kind: String,
    /// Where it stood in the other version, if it was placed.
    pub at: Option<Position>,
    /// Its neighbours still in the map (by index), to place it near them when it was not.
    pub near: Vec<usize>,
}

/// One end of a ghost relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GhostEnd {
    /// An entity of the map, by index.
    Present(usize),
    /// A ghost entity, by index in [`Ghosts::entities`].
    Ghost(usize),
}

/// A relation the other version had and this one does not.
#[derive(Debug, Clone, PartialEq)]
pub struct GhostRelation {
    pub id: String,
    pub kind: String,
    pub ends: (GhostEnd, GhostEnd),
}

/// What the other version had and this one lost.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ghosts {
    pub entities: Vec<GhostEntity>,
    pub relations: Vec<GhostRelation>,
}

impl Ghosts {
    /// The entities and relations of `other` that `changes` (from `other` to `doc`) removed.
    pub fn of(other: &Document, doc: &Document, changes: &[Change]) -> Self {
        let removed = |kind: Kind| -> std::collections::HashSet<&str> {
            changes
                .iter()
                .filter(|c| c.kind == kind && c.what == What::Removed)
                .map(|c| c.id.as_str())
                .collect()
        };
        let (gone_entities, gone_relations) = (removed(Kind::Entity), removed(Kind::Relation));
        let present = doc.entity_indices();
        let mut ghosts = Ghosts::default();
        let mut ghost_index = HashMap::new();
        for e in other
            .entities
            .iter()
            .filter(|e| gone_entities.contains(e.id.as_str()))
        {
            ghost_index.insert(e.id.as_str(), ghosts.entities.len());
            ghosts.entities.push(GhostEntity {
                id: e.id.to_string(),
                name: e.name.clone(),
                kind: e.kind.clone(),
                at: e.position.clone(),
                near: Vec::new(),
            });
        }
        let end = |id: &str| match (present.get(id), ghost_index.get(id)) {
            (_, Some(&g)) => Some(GhostEnd::Ghost(g)),
            (Some(&i), None) => Some(GhostEnd::Present(i)),
            (None, None) => None,
        };
        for r in &other.relations {
            let (Some(a), Some(b)) = (end(r.from.as_str()), end(r.to.as_str())) else {
                continue;
            };
            for (this, that) in [(a, b), (b, a)] {
                if let (GhostEnd::Ghost(g), GhostEnd::Present(i)) = (this, that)
                    && let Some(ghost) = ghosts.entities.get_mut(g)
                {
                    ghost.near.push(i);
                }
            }
            if gone_relations.contains(r.id.as_str()) {
                ghosts.relations.push(GhostRelation {
                    id: r.id.to_string(),
                    kind: r.kind.clone(),
                    ends: (a, b),
                });
            }
        }
        ghosts
    }

    pub fn is_empty(&self) -> bool {
        self.entities.is_empty() && self.relations.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::diff::{Options, diff};

    fn bundled() -> Document {
        crate::io::bundled_map().expect("the bundled map loads")
    }

    #[test]
    fn added_and_changed_are_marked_and_removed_become_ghosts_where_they_stood() {
        let old = bundled();
        let mut new = old.clone();
        let gone = new.entities.remove(0);
        new.relations
            .retain(|r| r.from != gone.id && r.to != gone.id);
        new.entities[0].name.push_str(" (renamed)");
        let mut added = new.entities[1].clone();
        added.id = crate::model::EntityId::new("brand-new");
        new.entities.push(added);
        let changes = diff(&old, &new, Options::default());
        let mut decor = crate::view::decor(&new, &crate::view::ViewSettings::default());
        mark(&new, &changes, &mut decor);
        assert_eq!(decor.nodes[0].change, Some(ChangeMark::Changed));
        assert_eq!(
            decor.nodes.last().and_then(|n| n.change),
            Some(ChangeMark::Added)
        );
        assert_eq!(decor.nodes[2].change, None);

        let ghosts = Ghosts::of(&old, &new, &changes);
        assert_eq!(ghosts.entities.len(), 1);
        assert_eq!(ghosts.entities[0].name, gone.name);
        assert_eq!(ghosts.entities[0].at, gone.position);
        let lost = old
            .relations
            .iter()
            .filter(|r| r.from == gone.id || r.to == gone.id)
            .count();
        assert!(lost > 0);
        assert_eq!(ghosts.relations.len(), lost);
        assert!(
            ghosts
                .relations
                .iter()
                .all(|r| matches!(r.ends, (GhostEnd::Ghost(0), _) | (_, GhostEnd::Ghost(0))))
        );
        assert_eq!(ghosts.entities[0].near.len(), lost);
    }
}
