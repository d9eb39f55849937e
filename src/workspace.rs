//! The workspace: the open document with its undo history and selection, between the
//! document core and the window.
//!
//! It keeps three revision counters apart, so that each view recomputes only what depends on
//! what changed ([`Edit::touches`] says which):
//! - **structure**: which entities and relations exist and which entities each joins. Degree,
//!   components, betweenness, paths and the canvas's graph depend on it.
//! - **content**: what they say (names, kinds, claims, sources). Search, filters, lenses, the
//!   timeline, captions and colours depend on it.
//! - **geometry**: where entities are and whether they are pinned. Only drawing and
//!   hit-testing depend on it; a drag bumps nothing else.
//!
//! Positions have one owner, the document. The layout's simulation and the canvas's graph are
//! caches of it, rebuilt or synced when the geometry revision moves.

use crate::edit::{Edit, EditError, History, Moved, Touched};
use crate::model::{Document, EntityId, Position, RelationId, SourceId};

/// What is selected: the inspector shows it and the canvas highlights it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Selection {
    #[default]
    None,
    Entity(EntityId),
    /// Two or more entities, in the order they were selected.
    Entities(Vec<EntityId>),
    Relation(RelationId),
    Source(SourceId),
}

impl Selection {
    /// The selected entities, in selection order.
    pub fn entities(&self) -> Vec<EntityId> {
        match self {
            Selection::Entity(id) => vec![id.clone()],
            Selection::Entities(ids) => ids.clone(),
            _ => Vec::new(),
        }
    }

    pub fn contains_entity(&self, id: &EntityId) -> bool {
        match self {
            Selection::Entity(e) => e == id,
            Selection::Entities(ids) => ids.contains(id),
            _ => false,
        }
    }

    /// A selection of exactly these entities.
    pub fn of_entities(mut ids: Vec<EntityId>) -> Selection {
        match ids.len() {
            0 => Selection::None,
            1 => Selection::Entity(ids.remove(0)),
            _ => Selection::Entities(ids),
        }
    }

    /// This selection with `id` added, or removed if it was in it (Shift/Ctrl+click).
    pub fn toggled(&self, id: &EntityId) -> Selection {
        let mut ids = self.entities();
        match ids.iter().position(|e| e == id) {
            Some(i) => {
                ids.remove(i);
            }
            None => ids.push(id.clone()),
        }
        Selection::of_entities(ids)
    }

    /// The selection without what `doc` no longer has.
    pub fn pruned(&self, doc: &Document) -> Selection {
        match self {
            Selection::Entity(_) | Selection::Entities(_) => Selection::of_entities(
                self.entities()
                    .into_iter()
                    .filter(|id| doc.entity(id.as_str()).is_some())
                    .collect(),
            ),
            Selection::Relation(id) if doc.relation(id.as_str()).is_none() => Selection::None,
            Selection::Source(id) if doc.source(id.as_str()).is_none() => Selection::None,
            other => other.clone(),
        }
    }
}

/// Counters of the changes to each part of the document (see the module's documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Revisions {
    pub structure: u64,
    pub content: u64,
    pub geometry: u64,
}

impl Revisions {
    fn bump(&mut self, touched: Touched) {
        self.structure += u64::from(touched.structure);
        self.content += u64::from(touched.content);
        self.geometry += u64::from(touched.geometry);
    }

    /// What the map says, without where its entities are: the key of views that do not
    /// depend on positions.
    pub fn data(&self) -> (u64, u64) {
        (self.structure, self.content)
    }
}

/// The open document, its history, the selection and the revisions.
#[derive(Debug, Clone, Default)]
pub struct Workspace {
    /// Shared, so a worker can read the map (the data table's sort on a large map) while the
    /// window goes on; an edit made meanwhile copies it first.
    doc: std::sync::Arc<Document>,
    history: History,
    revisions: Revisions,
    pub selection: Selection,
}

impl Workspace {
    /// A workspace on a document as it is on disk (or new).
    pub fn new(doc: Document) -> Self {
        Self {
            doc: std::sync::Arc::new(doc),
            history: History::new(),
            revisions: Revisions::default(),
            selection: Selection::None,
        }
    }

    pub fn doc(&self) -> &Document {
        &self.doc
    }

    /// The document, shared: for a worker to read while the window goes on.
    pub fn shared_doc(&self) -> std::sync::Arc<Document> {
        self.doc.clone()
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    pub fn revisions(&self) -> Revisions {
        self.revisions
    }

    /// Applies `edits` as one undoable step; returns what they changed. A refused edit
    /// changes nothing.
    pub fn edit(&mut self, label: String, edits: Vec<Edit>) -> Result<Touched, EditError> {
        let touched = self
            .history
            .apply(std::sync::Arc::make_mut(&mut self.doc), label, edits)?;
        self.changed(touched);
        Ok(touched)
    }

    pub fn undo(&mut self) -> Result<Option<Moved>, EditError> {
        let moved = self.history.undo(std::sync::Arc::make_mut(&mut self.doc))?;
        if let Some(m) = &moved {
            self.changed(m.touched);
        }
        Ok(moved)
    }

    pub fn redo(&mut self) -> Result<Option<Moved>, EditError> {
        let moved = self.history.redo(std::sync::Arc::make_mut(&mut self.doc))?;
        if let Some(m) = &moved {
            self.changed(m.touched);
        }
        Ok(moved)
    }

    fn changed(&mut self, touched: Touched) {
        self.revisions.bump(touched);
        if touched.structure || touched.content {
            self.selection = self.selection.pruned(&self.doc);
        }
    }

    /// Opens another document in this workspace: a fresh history, nothing selected, and every
    /// revision moved on, so every view recomputes.
    pub fn replace(&mut self, doc: Document) {
        self.doc = std::sync::Arc::new(doc);
        self.history = History::new();
        self.selection = Selection::None;
        self.revisions.bump(Touched::ALL);
    }

    /// Changes what of a case is in view (entities pulled in or put out, a save's versions):
    /// not an edit of the case, so the history stays, and its steps still name their items
    /// by id. `structure` says whether entities or relations came or went.
    ///
    /// Returns the view it replaces: a caller on the window's thread may drop it elsewhere,
    /// since freeing a view of thousands of entities takes milliseconds of a frame.
    pub fn extend_view(&mut self, doc: Document, structure: bool) -> Document {
        let old = std::mem::replace(&mut self.doc, std::sync::Arc::new(doc));
        let old = std::sync::Arc::try_unwrap(old).unwrap_or_else(|shared| (*shared).clone());
        self.revisions.bump(Touched {
            structure,
            content: true,
            geometry: structure,
        });
        self.selection = self.selection.pruned(&self.doc);
        old
    }

    /// Stores laid-out positions, by entity index; returns whether a position the map already
    /// had moved (see [`place_positions`]).
    pub fn place(&mut self, points: &[[f32; 2]]) -> bool {
        let (moved, changed) = place_positions(std::sync::Arc::make_mut(&mut self.doc), points);
        if changed {
            self.revisions.bump(Touched::GEOMETRY);
        }
        moved
    }

    /// Records that the document as it is now has been saved.
    pub fn mark_saved(&mut self) {
        self.history.mark_saved();
    }
}

/// Stores laid-out positions in `doc`, by entity index; returns whether a position the map
/// already had moved, and whether anything changed. They are derived data, not edits: the
/// seeded layout recomputes them the same way. Only positions the layout actually moved are
/// written: a saved coordinate that `f32` cannot hold exactly stays as the file had it.
pub fn place_positions(doc: &mut Document, points: &[[f32; 2]]) -> (bool, bool) {
    let (mut moved, mut changed) = (false, false);
    for (e, &p) in doc.entities.iter_mut().zip(points) {
        let placed = Position::from_f32(p).rounded();
        if !placed.is_within_limits() {
            continue;
        }
        match &e.position {
            Some(old) if old.same_on_canvas(p) => {}
            Some(old) => {
                e.position = Some(old.moved_to(&placed));
                moved = true;
                changed = true;
            }
            None => {
                e.position = Some(placed);
                changed = true;
            }
        }
    }
    (moved, changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> Workspace {
        Workspace::new(crate::io::bundled_map().unwrap())
    }

    #[test]
    fn a_move_bumps_geometry_only_and_a_summary_content_only() {
        let mut ws = bundled();
        let e = ws.doc().entities[0].clone();
        let before = ws.revisions();
        ws.edit(
            "Move".into(),
            vec![Edit::PlaceEntity {
                entity: e.id.clone(),
                position: Some(Position::new(5.0, 5.0)),
                pinned: true,
            }],
        )
        .unwrap();
        let after = ws.revisions();
        assert_eq!(after.data(), before.data());
        assert_eq!(after.geometry, before.geometry + 1);

        let mut renamed = ws.doc().entities[0].clone();
        renamed.summary = "A new summary".into();
        ws.edit(
            "Edit summary".into(),
            vec![Edit::UpdateEntity { entity: renamed }],
        )
        .unwrap();
        let later = ws.revisions();
        assert_eq!(later.structure, after.structure);
        assert_eq!(later.content, after.content + 1);
        assert_eq!(later.geometry, after.geometry);

        ws.undo().unwrap();
        assert_eq!(
            ws.revisions().content,
            later.content + 1,
            "undo moves on too"
        );
        assert_eq!(ws.revisions().structure, after.structure);
    }

    #[test]
    fn rewiring_a_relation_is_a_change_of_structure() {
        let mut ws = bundled();
        let mut r = ws.doc().relations[0].clone();
        r.to = ws.doc().entities.last().unwrap().id.clone();
        let before = ws.revisions();
        ws.edit("Rewire".into(), vec![Edit::UpdateRelation { relation: r }])
            .unwrap();
        assert_eq!(ws.revisions().structure, before.structure + 1);
    }

    #[test]
    fn deleting_the_selected_relation_clears_the_selection() {
        let mut ws = bundled();
        let id = ws.doc().relations[0].id.clone();
        ws.selection = Selection::Relation(id.clone());
        ws.edit("Delete".into(), vec![Edit::RemoveRelation { relation: id }])
            .unwrap();
        assert_eq!(ws.selection, Selection::None);
    }
}
