//! Commands on groups and notes that need the window's state: folding the selection's
//! groups, and detaching a note where the canvas drew it.

use super::RelmapApp;
use crate::edit::Edit;

impl RelmapApp {
    /// Folds the selected entities' groups, or unfolds the folded groups holding them.
    pub(super) fn fold(&mut self, folded: bool) {
        use crate::edit::grouping;
        let doc = self.ws.doc();
        let selected = self.ws.selection.entities();
        let ids = if folded {
            grouping::groups_of(doc, &selected)
        } else {
            grouping::folded_holding(doc, &selected)
        };
        let verb = if folded { "Fold" } else { "Unfold" };
        match grouping::set_folded(doc, &ids, folded) {
            Ok(edit) => {
                self.edit(format!("{verb} {} group(s)", ids.len()), vec![edit]);
            }
            Err(e) => self.report(format!("Could not {}", verb.to_lowercase()), e),
        }
    }

    /// Leaves note `id` on the canvas where it is drawn now, attached to nothing.
    pub(super) fn detach_note(&mut self, id: &str) {
        let doc = self.ws.doc();
        let Some(i) = doc.notes.iter().position(|n| n.id == id) else {
            return;
        };
        let Some(at) = self.canvas.note_at(i) else {
            self.status = "The note is not on the canvas now; show it to detach it".into();
            return;
        };
        let mut notes = doc.notes.clone();
        notes[i].on = None;
        notes[i].at = notes[i]
            .at
            .moved_to(&crate::model::Position::from_f32(at))
            .rounded();
        self.edit("Detach note".to_owned(), vec![Edit::SetNotes { notes }]);
    }
}
