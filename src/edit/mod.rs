//! Changes to a document, as commands with inverses, and the undo history.
//!
//! Every change a user makes goes through [`History::apply`]: each [`Edit`] is checked and
//! applied to the document, and its inverse kept, so [`History::undo`] and [`History::redo`]
//! can walk back and forth. An edit that would leave the document inconsistent — a duplicate
//! id, a relation or claim naming nothing, a source vanishing from under its claims — is
//! refused with an [`EditError`] that says why, and the document is left as it was.
//!
//! [`ops`] builds the edits for whole gestures (delete with relations, merge, connect);
//! [`grouping`] those on groups (group, ungroup, fold).

pub mod columns;
pub mod grouping;
mod history;
pub mod ops;
pub mod paste;

pub use history::{History, Moved};

use crate::model::{
    Document, Entity, EntityId, KindStyle, Position, Relation, RelationId, Source, SourceId,
};

/// One change to a document.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Move an entity (or clear its position) and set whether it is pinned.
    PlaceEntity {
        entity: EntityId,
        position: Option<Position>,
        pinned: bool,
    },
    /// Add an entity at `index` in the entity list (clamped to its length).
    InsertEntity {
        index: usize,
        entity: Entity,
    },
    /// Remove an entity that no relation or claim refers to.
    RemoveEntity {
        entity: EntityId,
    },
    /// Replace the entity with the same id.
    UpdateEntity {
        entity: Entity,
    },
    InsertRelation {
        index: usize,
        relation: Relation,
    },
    RemoveRelation {
        relation: RelationId,
    },
    /// Replace the relation with the same id (its ends, kind, label, period, claims...).
    UpdateRelation {
        relation: Relation,
    },
    InsertSource {
        index: usize,
        source: Source,
    },
    /// Remove a source that no claim cites.
    RemoveSource {
        source: SourceId,
    },
    UpdateSource {
        source: Source,
    },
    /// Set the map's style for entity kind `kind` (its colour, shape and icon), or with `None`
    /// go back to the built-in style.
    SetEntityStyle {
        kind: String,
        style: Option<KindStyle>,
    },
    /// Replace the map's rules (`styles.rules`) with these, in order.
    SetRules {
        rules: Vec<crate::model::rules::Rule>,
    },
    /// Replace the map's named views (`styles.views`) with these, in order.
    SetViews {
        views: Vec<crate::model::rules::MapView>,
    },
    /// Replace the map's groups with these, in order: grouping, ungrouping, folding.
    SetGroups {
        groups: Vec<crate::model::Group>,
    },
    /// Replace the map's notes with these, in order.
    SetNotes {
        notes: Vec<crate::model::Note>,
    },
    /// Replace what a merge left undecided (`conflicts`): one settled, or dismissed.
    SetConflicts {
        conflicts: Vec<crate::model::Conflict>,
    },
    /// Replace the whole map (another version merged into it, `compare::merge`).
    ReplaceDocument {
        doc: Box<Document>,
    },
}

/// Which parts of a document an edit changes (see [`Edit::touches`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Touched {
    /// Which entities and relations exist, and which entities each relation joins.
    pub structure: bool,
    /// What entities, relations and sources say: names, kinds, claims, summaries.
    pub content: bool,
    /// Where entities are, and whether they are pinned.
    pub geometry: bool,
}

impl Touched {
    pub const NONE: Touched = Touched {
        structure: false,
        content: false,
        geometry: false,
    };
    pub const ALL: Touched = Touched {
        structure: true,
        content: true,
        geometry: true,
    };
    pub const CONTENT: Touched = Touched {
        content: true,
        ..Touched::NONE
    };
    pub const GEOMETRY: Touched = Touched {
        geometry: true,
        ..Touched::NONE
    };

    pub fn any(self) -> bool {
        self.structure || self.content || self.geometry
    }
}

impl std::ops::BitOr for Touched {
    type Output = Touched;
    fn bitor(self, o: Touched) -> Touched {
        Touched {
            structure: self.structure || o.structure,
            content: self.content || o.content,
            geometry: self.geometry || o.geometry,
        }
    }
}

impl std::ops::BitOrAssign for Touched {
    fn bitor_assign(&mut self, o: Touched) {
        *self = *self | o;
    }
}

/// Why an edit could not be applied. The document is unchanged.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EditError {
    #[error("there is no entity \"{0}\"")]
    UnknownEntity(EntityId),
    #[error("there is no relation \"{0}\"")]
    UnknownRelation(RelationId),
    #[error("there is no source \"{0}\"")]
    UnknownSource(SourceId),
    #[error("the id \"{0}\" is empty or already used")]
    BadId(String),
    #[error("an entity's name cannot be empty")]
    EmptyName,
    #[error("\"{entity}\" is still used by {}", uses.join(", "))]
    EntityInUse { entity: EntityId, uses: Vec<String> },
    #[error("source \"{cited}\" is still cited by {} claim(s): {}", claims.len(), claims.join("; "))]
    SourceCited {
        cited: SourceId,
        claims: Vec<String>,
    },
    #[error("relation \"{relation}\": {problem}")]
    BadRelation {
        relation: RelationId,
        problem: String,
    },
    #[error("the position of \"{0}\" is out of range")]
    PositionOutOfRange(EntityId),
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<crate::model::Problem>),
}

impl Edit {
    /// Refuses an item that would make the map fail to load again: text no export can write,
    /// an impossible date, a position out of range. The same checks as loading a file.
    fn check_content(&self) -> Result<(), EditError> {
        use crate::model::item_checks::{
            check_entity, check_relation_content, check_source, check_style,
        };
        let mut problems = Vec::new();
        match self {
            Edit::InsertEntity { entity, .. } | Edit::UpdateEntity { entity } => {
                check_entity(&mut problems, entity);
            }
            Edit::InsertRelation { relation, .. } | Edit::UpdateRelation { relation } => {
                check_relation_content(&mut problems, relation);
            }
            Edit::InsertSource { source, .. } | Edit::UpdateSource { source } => {
                check_source(&mut problems, source);
            }
            Edit::SetEntityStyle {
                kind,
                style: Some(style),
            } => {
                check_style(
                    &mut problems,
                    &format!("style for entity kind \"{kind}\""),
                    style,
                );
            }
            Edit::SetRules { rules } => crate::model::rules::check_rules(&mut problems, rules),
            Edit::SetViews { views } => crate::model::rules::check_views(&mut problems, views),
            _ => {}
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(EditError::Invalid(problems))
        }
    }

    /// Applies the edit and returns the edit that undoes it.
    pub fn apply(self, doc: &mut Document) -> Result<Edit, EditError> {
        self.check_content()?;
        match self {
            Edit::PlaceEntity {
                entity,
                position,
                pinned,
            } => {
                if position.as_ref().is_some_and(|p| !p.is_within_limits()) {
                    return Err(EditError::PositionOutOfRange(entity));
                }
                let Some(e) = doc.entity_mut(entity.as_str()) else {
                    return Err(EditError::UnknownEntity(entity));
                };
                // Moving keeps the unknown fields the old position had.
                let position = match (&e.position, position) {
                    (Some(old), Some(new)) => Some(old.moved_to(&new)),
                    (_, new) => new,
                };
                let inverse = Edit::PlaceEntity {
                    entity: entity.clone(),
                    position: e.position.take(),
                    pinned: e.pinned,
                };
                e.position = position;
                e.pinned = pinned;
                Ok(inverse)
            }
            Edit::InsertEntity { index, entity } => {
                if entity.id.as_str().trim().is_empty() || doc.entity(entity.id.as_str()).is_some()
                {
                    return Err(EditError::BadId(entity.id.to_string()));
                }
                if entity.name.trim().is_empty() {
                    return Err(EditError::EmptyName);
                }
                let id = entity.id.clone();
                doc.entities.insert(index.min(doc.entities.len()), entity);
                Ok(Edit::RemoveEntity { entity: id })
            }
            Edit::RemoveEntity { entity } => {
                let Some(index) = doc.entity_index(entity.as_str()) else {
                    return Err(EditError::UnknownEntity(entity));
                };
                let uses = entity_uses(doc, &entity);
                if !uses.is_empty() {
                    return Err(EditError::EntityInUse { entity, uses });
                }
                let removed = doc.entities.remove(index);
                Ok(Edit::InsertEntity {
                    index,
                    entity: removed,
                })
            }
            Edit::UpdateEntity { entity } => {
                if entity.name.trim().is_empty() {
                    return Err(EditError::EmptyName);
                }
                let Some(slot) = doc.entity_mut(entity.id.as_str()) else {
                    return Err(EditError::UnknownEntity(entity.id));
                };
                let old = std::mem::replace(slot, entity);
                Ok(Edit::UpdateEntity { entity: old })
            }
            Edit::InsertRelation { index, relation } => {
                if relation.id.as_str().trim().is_empty()
                    || doc.relation(relation.id.as_str()).is_some()
                {
                    return Err(EditError::BadId(relation.id.to_string()));
                }
                check_relation(doc, &relation)?;
                let id = relation.id.clone();
                doc.relations
                    .insert(index.min(doc.relations.len()), relation);
                Ok(Edit::RemoveRelation { relation: id })
            }
            Edit::RemoveRelation { relation } => {
                let Some(index) = doc.relations.iter().position(|r| r.id == relation) else {
                    return Err(EditError::UnknownRelation(relation));
                };
                let removed = doc.relations.remove(index);
                Ok(Edit::InsertRelation {
                    index,
                    relation: removed,
                })
            }
            Edit::UpdateRelation { relation } => {
                check_relation(doc, &relation)?;
                let Some(slot) = doc.relations.iter_mut().find(|r| r.id == relation.id) else {
                    return Err(EditError::UnknownRelation(relation.id));
                };
                let old = std::mem::replace(slot, relation);
                Ok(Edit::UpdateRelation { relation: old })
            }
            Edit::InsertSource { index, source } => {
                if source.id.as_str().trim().is_empty() || doc.source(source.id.as_str()).is_some()
                {
                    return Err(EditError::BadId(source.id.to_string()));
                }
                let id = source.id.clone();
                doc.sources.insert(index.min(doc.sources.len()), source);
                Ok(Edit::RemoveSource { source: id })
            }
            Edit::RemoveSource { source } => {
                let Some(index) = doc.sources.iter().position(|s| s.id == source) else {
                    return Err(EditError::UnknownSource(source));
                };
                let claims = citing_claims(doc, &source);
                if !claims.is_empty() {
                    return Err(EditError::SourceCited {
                        cited: source,
                        claims,
                    });
                }
                let removed = doc.sources.remove(index);
                Ok(Edit::InsertSource {
                    index,
                    source: removed,
                })
            }
            Edit::UpdateSource { source } => {
                let Some(slot) = doc.sources.iter_mut().find(|s| s.id == source.id) else {
                    return Err(EditError::UnknownSource(source.id));
                };
                let old = std::mem::replace(slot, source);
                Ok(Edit::UpdateSource { source: old })
            }
            Edit::SetEntityStyle { kind, style } => {
                let old = match style {
                    Some(style) => doc.styles.entities.insert(kind.clone(), style),
                    None => doc.styles.entities.remove(&kind),
                };
                Ok(Edit::SetEntityStyle { kind, style: old })
            }
            Edit::SetRules { rules } => {
                let old = std::mem::replace(&mut doc.styles.rules, rules);
                Ok(Edit::SetRules { rules: old })
            }
            Edit::SetViews { views } => {
                let old = std::mem::replace(&mut doc.styles.views, views);
                Ok(Edit::SetViews { views: old })
            }
            Edit::SetGroups { groups } => {
                let mut problems = Vec::new();
                // One set of ids, not a search of the map per member.
                let ids: std::collections::HashSet<&str> =
                    doc.entities.iter().map(|e| e.id.as_str()).collect();
                crate::model::check_groups(&mut problems, &groups, &|id| ids.contains(id));
                if !problems.is_empty() {
                    return Err(EditError::Invalid(problems));
                }
                let old = std::mem::replace(&mut doc.groups, groups);
                Ok(Edit::SetGroups { groups: old })
            }
            Edit::ReplaceDocument { doc: new } => {
                let problems = crate::model::validate(&new);
                if !problems.is_empty() {
                    return Err(EditError::Invalid(problems));
                }
                let old = std::mem::replace(doc, *new);
                Ok(Edit::ReplaceDocument { doc: Box::new(old) })
            }
            Edit::SetConflicts { conflicts } => {
                let old = std::mem::replace(&mut doc.conflicts, conflicts);
                Ok(Edit::SetConflicts { conflicts: old })
            }
            Edit::SetNotes { notes } => {
                let mut problems = Vec::new();
                crate::model::check_notes(&mut problems, &notes);
                if !problems.is_empty() {
                    return Err(EditError::Invalid(problems));
                }
                let old = std::mem::replace(&mut doc.notes, notes);
                Ok(Edit::SetNotes { notes: old })
            }
        }
    }

    /// What applying this edit to `doc` changes: which entities and relations exist and how
    /// they connect (structure), what they say (content), or where they are (geometry). Views
    /// recompute only what depends on the part that changed: a drag moves positions and does
    /// not recompute betweenness; fixing a summary does not rebuild the layout.
    pub fn touches(&self, doc: &Document) -> Touched {
        match self {
            Edit::PlaceEntity { .. } => Touched::GEOMETRY,
            Edit::InsertEntity { .. }
            | Edit::RemoveEntity { .. }
            | Edit::InsertRelation { .. }
            | Edit::RemoveRelation { .. } => Touched::ALL,
            Edit::UpdateEntity { entity } => match doc.entity(entity.id.as_str()) {
                None => Touched::NONE,
                Some(old) => Touched {
                    structure: false,
                    content: old.name != entity.name
                        || old.kind != entity.kind
                        || old.aliases != entity.aliases
                        || old.summary != entity.summary
                        || old.picture != entity.picture
                        || old.attributes != entity.attributes
                        || old.period != entity.period
                        || old.extra != entity.extra,
                    geometry: old.position != entity.position || old.pinned != entity.pinned,
                },
            },
            Edit::UpdateRelation { relation } => match doc.relation(relation.id.as_str()) {
                None => Touched::NONE,
                Some(old) => {
                    let structure = old.from != relation.from
                        || old.to != relation.to
                        || old.directed != relation.directed;
                    Touched {
                        structure,
                        content: structure || old != relation,
                        geometry: false,
                    }
                }
            },
            Edit::InsertSource { .. }
            | Edit::RemoveSource { .. }
            | Edit::UpdateSource { .. }
            | Edit::SetEntityStyle { .. }
            | Edit::SetRules { .. }
            | Edit::SetViews { .. } => Touched::CONTENT,
            Edit::SetNotes { .. } | Edit::SetConflicts { .. } => Touched::CONTENT,
            Edit::ReplaceDocument { .. } => Touched::ALL,
            // Groups pull their members together in the layout and fold them away.
            Edit::SetGroups { .. } => Touched {
                structure: true,
                content: true,
                geometry: false,
            },
        }
    }
}

/// What refers to `entity`: relations by their ends, claims by their claimant, groups by
/// their members.
fn entity_uses(doc: &Document, entity: &EntityId) -> Vec<String> {
    let mut uses = Vec::new();
    if let Some(g) = doc.group_of(entity.as_str()) {
        uses.push(format!("group \"{}\"", g.id));
    }
    for r in &doc.relations {
        if r.from == *entity || r.to == *entity {
            uses.push(format!("relation \"{}\"", r.id));
        }
        for (n, c) in r.claims.iter().enumerate() {
            if c.claimant.as_ref() == Some(entity) {
                uses.push(format!("claim {} of relation \"{}\"", n + 1, r.id));
            }
        }
    }
    uses
}

/// The claims citing `source`, described for a message: `claim 2 of relation "r7"`.
pub fn citing_claims(doc: &Document, source: &SourceId) -> Vec<String> {
    doc.relations
        .iter()
        .flat_map(|r| {
            r.claims
                .iter()
                .enumerate()
                .filter(|(_, c)| c.source == *source)
                .map(move |(n, _)| format!("claim {} of relation \"{}\"", n + 1, r.id))
        })
        .collect()
}

/// A relation may only name entities and sources that exist.
fn check_relation(doc: &Document, r: &Relation) -> Result<(), EditError> {
    let bad = |problem: String| EditError::BadRelation {
        relation: r.id.clone(),
        problem,
    };
    for (end, id) in [("from", &r.from), ("to", &r.to)] {
        if doc.entity(id.as_str()).is_none() {
            return Err(bad(format!("\"{end}\" names an unknown entity \"{id}\"")));
        }
    }
    if r.kind.trim().is_empty() {
        return Err(bad("the kind is empty".into()));
    }
    for (n, c) in r.claims.iter().enumerate() {
        if doc.source(c.source.as_str()).is_none() {
            return Err(bad(format!(
                "claim {} cites an unknown source \"{}\"",
                n + 1,
                c.source
            )));
        }
        if let Some(claimant) = &c.claimant
            && doc.entity(claimant.as_str()).is_none()
        {
            return Err(bad(format!(
                "claim {} names an unknown claimant \"{claimant}\"",
                n + 1
            )));
        }
    }
    Ok(())
}
