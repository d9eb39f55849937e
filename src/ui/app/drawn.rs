//! What tests set and read beyond the window's own controls: where it drew groups and notes
//! in the last frame, to click and drag there (egui_graphs' canvas has no accessibility
//! entries of its own), and the size above which the data table sorts on a worker.

use egui::Pos2;

use super::RelmapApp;

impl RelmapApp {
    /// File ▸ Merge map… with `path` chosen in the file dialog (which tests cannot drive).
    pub fn merge_map_from(&mut self, path: &std::path::Path) {
        self.merge_file(crate::ui::file_dialog::Purpose::Merge, path);
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
