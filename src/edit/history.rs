//! The undo history: steps of edits with their inverses, and which step was last saved.

use super::{Edit, EditError};
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

    /// Applies `edits` as one step called `label`. If an edit fails, those already applied are
    /// undone and the document is as before.
    pub fn apply(
        &mut self,
        doc: &mut Document,
        label: impl Into<String>,
        edits: Vec<Edit>,
    ) -> Result<(), EditError> {
        let mut undo = Vec::with_capacity(edits.len());
        for edit in edits.iter().cloned() {
            match edit.apply(doc) {
                Ok(inverse) => undo.push(inverse),
                Err(e) => {
                    for inverse in undo.into_iter().rev() {
                        // Inverses of edits that just succeeded always apply.
                        let _ = inverse.apply(doc);
                    }
                    return Err(e);
                }
            }
        }
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
        Ok(())
    }

    /// Undoes the last step; returns its label, or `None` when there is nothing to undo.
    pub fn undo(&mut self, doc: &mut Document) -> Option<String> {
        let step = self.done.pop()?;
        replay(&step.undo, doc);
        let label = step.label.clone();
        self.undone.push(step);
        Some(label)
    }

    /// Redoes the last undone step; returns its label, or `None` when there is nothing to redo.
    pub fn redo(&mut self, doc: &mut Document) -> Option<String> {
        let step = self.undone.pop()?;
        replay(&step.redo, doc);
        let label = step.label.clone();
        self.done.push(step);
        Some(label)
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

/// Applies a step's recorded edits. They applied (or were produced as inverses) against exactly
/// this document state before, so they apply again; a failure would be a bug in an inverse.
fn replay(edits: &[Edit], doc: &mut Document) {
    for edit in edits.iter().cloned() {
        let _ = edit.apply(doc);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Entity, EntityId, Position};

    fn doc() -> Document {
        let mut d = Document::default();
        d.entities.push(Entity {
            id: EntityId::new("a"),
            name: "A".into(),
            kind: "person".into(),
            aliases: vec![],
            summary: String::new(),
            attributes: Default::default(),
            period: None,
            position: None,
            pinned: false,
            extra: Default::default(),
        });
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
        h.apply(&mut d, "Move A", place(5.0)).unwrap();
        let moved = d.clone();
        assert!(h.is_dirty());
        assert_eq!(h.undo_label(), Some("Move A"));
        assert_eq!(h.undo(&mut d).as_deref(), Some("Move A"));
        assert_eq!(d, original);
        assert!(!h.is_dirty(), "undoing back to the opened state is clean");
        assert_eq!(h.redo(&mut d).as_deref(), Some("Move A"));
        assert_eq!(d, moved);
        h.mark_saved();
        assert!(!h.is_dirty());
        h.undo(&mut d);
        assert!(h.is_dirty());
    }

    #[test]
    fn a_new_step_after_undoing_past_the_save_point_stays_dirty() {
        let mut d = doc();
        let mut h = History::new();
        h.apply(&mut d, "Move A", place(1.0)).unwrap();
        h.mark_saved();
        h.undo(&mut d);
        h.apply(&mut d, "Move A", place(2.0)).unwrap();
        h.undo(&mut d);
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
}
