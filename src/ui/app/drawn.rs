//! What tests set and read beyond the window's own controls: how the canvas marks each entity
//! and relation, where it drew groups, notes and ghosts in the last frame (to click and drag
//! there: egui_graphs' canvas has no accessibility entries of its own), files chosen in dialogs
//! tests cannot drive, and the size above which the data table sorts on a worker.

use egui::Pos2;

use super::RelmapApp;

impl RelmapApp {
    /// File ▸ Merge map… with `path` chosen in the file dialog (which tests cannot drive).
    pub fn merge_map_from(&mut self, path: &std::path::Path) {
        self.merge_file(crate::ui::file_dialog::Purpose::Merge, path);
    }

    /// Makes the open merge review merge on a worker for maps above `entities`.
    pub fn merge_review_worker_above(&mut self, entities: usize) {
        if let Some(review) = &mut self.merge_review {
            review.worker_above = Some(entities);
        }
    }

    /// File ▸ Compare with… with `path` chosen in the file dialog.
    pub fn compare_with_file(&mut self, path: &std::path::Path) {
        self.merge_file(crate::ui::file_dialog::Purpose::Compare, path);
    }

    /// Whether the comparison's changes have come back from the worker.
    pub fn comparison_ready(&self) -> bool {
        self.comparing
            .as_ref()
            .is_some_and(|c| c.compared().is_some())
    }

    /// How the canvas shows entity `id` under the current filters, lens and path.
    pub fn entity_decor(&self, id: &str) -> Option<crate::ui::canvas::NodeDecor> {
        let i = self.ws.doc().entity_index(id)?;
        self.canvas.decor().nodes.get(i).copied()
    }

    /// How the canvas shows relation `id`.
    pub fn relation_decor(&self, id: &str) -> Option<crate::ui::canvas::EdgeDecor> {
        let i = self
            .ws
            .doc()
            .relations
            .iter()
            .position(|r| r.id.as_str() == id)?;
        self.canvas.decor().edges.get(i).copied()
    }

    /// Where the ghost of removed entity `id` stands, in canvas units.
    pub fn ghost_at(&self, id: &str) -> Option<Pos2> {
        self.canvas.ghost_at(id)
    }

    /// Sorts and filters the data table on a worker for maps of more than `entities` (tests
    /// use the bundled map and 0; see `panels::table::WORKER_ABOVE`).
    pub fn with_table_worker_above(mut self, entities: usize) -> Self {
        self.data_table.worker_above = Some(entities);
        self
    }

    /// Where note `id`'s card was drawn in the last frame, on screen.
    pub fn note_rect(&self, id: &str) -> Option<egui::Rect> {
        let i = self.ws.doc().notes.iter().position(|n| n.id == id)?;
        self.canvas.note_screen_rect(i)
    }

    /// The note open in the note window, if any.
    pub fn open_note(&self) -> Option<&str> {
        self.note_window.as_ref().map(|w| w.id.as_str())
    }

    /// Where folded group `id` was drawn in the last frame, in screen points.
    pub fn folded_group_pos(&self, id: &str) -> Option<Pos2> {
        let g = self
            .ws
            .doc()
            .groups
            .iter()
            .position(|g| g.id.as_str() == id)?;
        self.canvas.folded_screen_pos(g)
    }
}
