//! Where the window drew groups and notes in the last frame, for tests to click and drag
//! there (egui_graphs' canvas has no accessibility entries of its own).

use egui::Pos2;

use super::RelmapApp;

impl RelmapApp {
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
