//! File ▸ Merge map…: choosing another version of the map (and the base both started from)
//! and reading it into the merge review (`panels::merge_review`).

use super::RelmapApp;

impl RelmapApp {
    /// Asks for the other version of the map to merge in, or the base both started from.
    pub(super) fn pick_merge_file(&mut self, purpose: crate::ui::file_dialog::Purpose) {
        use crate::ui::file_dialog::{FileDialog, Purpose};
        let dir = self.start_dir();
        if self.native_dialogs {
            let title = if purpose == Purpose::Merge {
                "Merge another version of this map"
            } else {
                "The version both started from"
            };
            if let Some(path) = rfd::FileDialog::new()
                .set_title(title)
                .add_filter("relmap map", &["json"])
                .set_directory(&dir)
                .pick_file()
            {
                self.merge_file(purpose, &path);
            }
        } else {
            self.file_dialog = Some(FileDialog::new(purpose, dir, String::new()));
        }
    }

    /// Reads the other version (or the base) and shows what merging it would do.
    pub(crate) fn merge_file(
        &mut self,
        purpose: crate::ui::file_dialog::Purpose,
        path: &std::path::Path,
    ) {
        use crate::ui::file_dialog::Purpose;
        let doc = match crate::io::formats::open_file(path) {
            Ok(opened) => opened.doc,
            Err(e) => return self.report(format!("Could not read {}", path.display()), e),
        };
        match (purpose, &mut self.merge_review) {
            (Purpose::MergeBase, Some(review)) => review.set_base(path.to_path_buf(), doc),
            _ => {
                self.merge_review = Some(crate::ui::panels::merge_review::MergeReview::new(
                    path.to_path_buf(),
                    doc,
                ));
            }
        }
    }
}
