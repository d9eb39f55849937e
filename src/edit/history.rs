//! The undo history: steps of edits with their inverses, and which step was last saved.

use super::{Edit, EditError, Touched};
use crate::model::Document;

/// One undoable step: what a single user gesture did.
#[derive(Debug, Clone)]
struct Step {
    label: String,
    /// The step's id, so the history can tell whether the document is back at the saved step.
    id: u64,
    /// Edits that undo the step, in the order to apply them.
    undo: Vec<Edit>,
    /// Edits that redo the step, in the order to apply them.
    redo: Vec<Edit>,
}

/// The undo/redo history of one document.
#[derive(Debug, Clone, Default)]
pub struct History {
    done: Vec<Step>,
    undone: Vec<Step>,
    next_id: u64,
    /// The id of the last step done when the document was saved; `None` for "no step done".
    saved_at: Option<u64>,
    /// False when the saved state can no longer be reached by undo or redo.
    saved_reachable: bool,
}

impl History {
    /// A history for a document as it is on disk.
    pub fn new() -> Self {
        Self {
            saved_reachable: true,
            ..Self::default()
        }
    }

    /// Applies `edits` as one step called `label`; returns what they changed. If an edit
    /// fails, those already applied are undone and the document is as before.
    pub fn apply(
        &mut self,
        doc: &mut Document,
        label: impl Into<String>,
        edits: Vec<Edit>,
    ) -> Result<Touched, EditError> {
        let (mut undo, touched) = apply_all(&edits, doc)?;
        undo.reverse();
        self.next_id += 1;
        if self.undone.iter().any(|s| Some(s.id) == self.saved_at) {
            // The saved state was in the redo branch that this new step throws away.
            self.saved_reachable = false;
        }
        self.undone.clear();
        self.done.push(Step {
            label: label.into(),
            id: self.next_id,
            undo,
            redo: edits,
        });
        Ok(touched)
    }

    /// Undoes the last step; returns its label and what it changed, or `None` when there is
    /// nothing to undo. If the step cannot be undone (the document was changed outside the
    /// history), the document and the history are left as they were and the error says why.
    pub fn undo(&mut self, doc: &mut Document) -> Result<Option<Moved>, EditError> {
        shift(&mut self.done, &mut self.undone, doc, |s| &s.undo)
    }

    /// Redoes the last undone step; returns its label and what it changed, or `None` when
    /// there is nothing to redo. A step that cannot be redone changes nothing, as with undo.
    pub fn redo(&mut self, doc: &mut Document) -> Result<Option<Moved>, EditError> {
        shift(&mut self.undone, &mut self.done, doc, |s| &s.redo)
    }

    pub fn undo_label(&self) -> Option<&str> {
        self.done.last().map(|s| s.label.as_str())
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.undone.last().map(|s| s.label.as_str())
    }

    /// Records that the document as it is now has been saved.
    pub fn mark_saved(&mut self) {
        self.saved_at = self.done.last().map(|s| s.id);
        self.saved_reachable = true;
    }

    /// True when the document differs from the last saved (or opened) state.
    pub fn is_dirty(&self) -> bool {
        !self.saved_reachable || self.done.last().map(|s| s.id) != self.saved_at
    }
}

/// Moves the last step of `from` to `to`, applying its `edits` to `doc`; a step that does not
/// apply stays where it was, and `doc` is unchanged.
fn shift(
    from: &mut Vec<Step>,
    to: &mut Vec<Step>,
    doc: &mut Document,
    edits: fn(&Step) -> &[Edit],
) -> Result<Option<Moved>, EditError> {
    let Some(step) = from.last() else {
        return Ok(None);
    };
    let (_, touched) = apply_all(edits(step), doc)?;
    let moved = Moved {
        label: step.label.clone(),
        touched,
    };
    to.extend(from.pop());
    Ok(Some(moved))
}

/// A step undone or redone: its label and what it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    pub label: String,
    pub touched: Touched,
}

/// Applies `edits` in order, all or none; returns their inverses (in the order they were
/// applied) and what they changed. If one fails, those already applied are undone, and the
/// document is as before.
fn apply_all(edits: &[Edit], doc: &mut Document) -> Result<(Vec<Edit>, Touched), EditError> {
    let mut inverses = Vec::with_capacity(edits.len());
    let mut touched = Touched::NONE;
    for edit in edits.iter().cloned() {
        touched |= edit.touches(doc);
        match edit.apply(doc) {
            Ok(inverse) => inverses.push(inverse),
            Err(e) => {
                for inverse in inverses.into_iter().rev() {
                    // Inverses of edits that just succeeded always apply.
                    let _ = inverse.apply(doc);
                }
                return Err(e);
            }
        }
    }
    Ok((inverses, touched))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Entity, EntityId, Position};

    fn doc() -> Document {
        let mut d = Document::default();
        d.entities
            .push(Entity::new(EntityId::new("a"), "A", "person"));
        d
    }

    fn place(x: f64) -> Vec<Edit> {
        vec![Edit::PlaceEntity {
            entity: EntityId::new("a"),
            position: Some(Position::new(x, 0.0)),
            pinned: true,
        }]
    }

    #[test]
    fn undo_and_redo_walk_the_history_and_the_dirty_flag_follows() {
        let original = doc();
        let mut d = original.clone();
        let mut h = History::new();
        assert!(!h.is_dirty());
        assert_eq!(
            h.apply(&mut d, "Move A", place(5.0)).unwrap(),
            Touched::GEOMETRY,
            "a move changes positions only"
        );
        let moved = d.clone();
        assert!(h.is_dirty());
        assert_eq!(h.undo_label(), Some("Move A"));
        let label = |m: Option<Moved>| m.map(|m| m.label);
        assert_eq!(label(h.undo(&mut d).unwrap()).as_deref(), Some("Move A"));
        assert_eq!(d, original);
        assert!(!h.is_dirty(), "undoing back to the opened state is clean");
        assert_eq!(label(h.redo(&mut d).unwrap()).as_deref(), Some("Move A"));
        assert_eq!(d, moved);
        h.mark_saved();
        assert!(!h.is_dirty());
        h.undo(&mut d).unwrap();
        assert!(h.is_dirty());
    }

    #[test]
    fn a_new_step_after_undoing_past_the_save_point_stays_dirty() {
        let mut d = doc();
        let mut h = History::new();
        h.apply(&mut d, "Move A", place(1.0)).unwrap();
        h.mark_saved();
        h.undo(&mut d).unwrap();
        h.apply(&mut d, "Move A", place(2.0)).unwrap();
        h.undo(&mut d).unwrap();
        assert!(h.is_dirty(), "the saved state is gone from the history");
    }

    #[test]
    fn a_failing_edit_leaves_the_document_and_history_unchanged() {
        let mut d = doc();
        let before = d.clone();
        let mut h = History::new();
        let mut edits = place(3.0);
        edits.push(Edit::PlaceEntity {
            entity: EntityId::new("nobody"),
            position: None,
            pinned: false,
        });
        let err = h.apply(&mut d, "Move", edits).unwrap_err();
        assert_eq!(err, EditError::UnknownEntity(EntityId::new("nobody")));
        assert_eq!(d, before);
        assert_eq!(h.undo_label(), None);
        assert!(!h.is_dirty());
    }

    #[test]
    fn a_step_that_no_longer_applies_is_refused_and_changes_nothing() {
        let mut d = doc();
        let mut h = History::new();
        h.apply(&mut d, "Move A", place(1.0)).unwrap();
        // The entity went away behind the history's back (an external reload, say).
        d.entities.clear();
        let before = d.clone();
        assert_eq!(
            h.undo(&mut d),
            Err(EditError::UnknownEntity(EntityId::new("a")))
        );
        assert_eq!(d, before);
        assert_eq!(h.undo_label(), Some("Move A"), "the step stays to undo");
    }
}
