//! File ▸ Merge map… and File ▸ Compare with…: choosing another version of the map (and the
//! base both started from) and reading it into the merge review (`panels::merge_review`) or
//! the comparison (`panels::compare`).

use super::RelmapApp;
use crate::workspace::Selection;

impl RelmapApp {
    /// Asks for the other version of the map to merge in, or the base both started from.
    pub(super) fn pick_merge_file(&mut self, purpose: crate::ui::file_dialog::Purpose) {
        use crate::ui::file_dialog::{FileDialog, Purpose};
        let dir = self.start_dir();
        if self.native_dialogs {
            let title = match purpose {
                Purpose::Merge => "Merge another version of this map",
                Purpose::Compare => "Compare with another version of this map",
                _ => "The version both started from",
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
        if purpose == Purpose::Compare {
            self.comparing = Some(crate::ui::panels::compare::Comparing::new(
                path.to_path_buf(),
                doc,
            ));
            return;
        }
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

impl RelmapApp {
    /// Jumps to an item the comparison lists: selects it and brings it into view, or shows
    /// where its ghost stands when it was removed.
    pub(super) fn focus_change(&mut self, kind: crate::compare::Kind, id: &str, removed: bool) {
        use crate::compare::Kind;
        if removed {
            let at = match kind {
                Kind::Entity => self.canvas.ghost_at(id),
                Kind::Relation => self.canvas.ghost_relation_at(id),
                _ => None,
            };
            match at {
                Some(p) => self.canvas.zoom_to_point(p),
                None => {
                    self.status = format!(
                        "The {} {id} was removed; the other version gives it no place to draw",
                        kind.name()
                    )
                }
            }
            return;
        }
        let doc = self.ws.doc();
        match kind {
            Kind::Entity => {
                if let Some(i) = doc.entity_index(id) {
                    self.canvas.zoom_to(vec![i]);
                    self.ws.selection = Selection::Entity(doc.entities[i].id.clone());
                }
            }
            Kind::Relation => {
                if let Some(r) = doc.relations.iter().find(|r| r.id.as_str() == id) {
                    let ends: Vec<usize> = [r.from.as_str(), r.to.as_str()]
                        .iter()
                        .filter_map(|e| doc.entity_index(e))
                        .collect();
                    let selected = Selection::Relation(r.id.clone());
                    self.canvas.zoom_to(ends);
                    self.ws.selection = selected;
                }
            }
            Kind::Group => {
                if let Some(g) = doc.groups.iter().find(|g| g.id.as_str() == id) {
                    let members: Vec<usize> = g
                        .members
                        .iter()
                        .filter_map(|m| doc.entity_index(m.as_str()))
                        .collect();
                    let selected = Selection::Entities(g.members.clone());
                    self.canvas.zoom_to(members);
                    self.ws.selection = selected;
                }
            }
            Kind::Source => {
                if let Some(s) = doc.source(id) {
                    let source = s.id.clone();
                    self.reader.read(source);
                }
            }
            Kind::Note => {
                self.note_window = Some(crate::ui::panels::notes::NoteWindow::new(id.to_owned()));
            }
            Kind::Map => {}
        }
    }
}
