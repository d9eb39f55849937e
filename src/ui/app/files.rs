//! Files: opening in any format (with the table dialog for CSV), saving, the unsaved-changes
//! guard, and the open and save dialogs.

use super::*;

impl RelmapApp {
    pub(super) fn guard_unsaved(&mut self, then: AfterDiscard) {
        if self.is_dirty() {
            self.unsaved_prompt = Some(then);
        } else {
            self.proceed(then);
        }
    }

    pub(super) fn proceed(&mut self, then: AfterDiscard) {
        match then {
            AfterDiscard::New => {
                self.replace_document(Document::default(), None);
                self.unsaved_name = "Untitled".into();
            }
            AfterDiscard::Open(Some(path)) => self.open_path(&path),
            AfterDiscard::OpenCase(location, case) => self.open_case(&location, case),
            AfterDiscard::Open(None) => self.pick_open_path(),
            AfterDiscard::Quit => {
                // The user chose to drop the changes: no copy should offer them back.
                if let Some(writer) = &self.recovery_writer {
                    writer.clear();
                    writer.flush();
                }
                self.quit_confirmed = true;
            }
        }
    }

    /// Opens `path`, in any format relmap reads; on failure the current map stays open,
    /// untouched, and the user sees why. A file of another format opens as an untitled map,
    /// so Save asks where to write the relmap file, and its import report is shown. A CSV
    /// table first shows the table import dialog, where the user names its columns. A large
    /// file is read on a thread, with progress and Cancel, the open map staying meanwhile.
    pub(super) fn open_path(&mut self, path: &Path) {
        if crate::store::location::is_store_file(path) {
            self.open_case(&path.display().to_string(), None);
            return;
        }
        if let Some(old) = self.opening.take() {
            old.cancel();
        }
        let large = std::fs::metadata(path).is_ok_and(|m| m.len() >= self.open_on_a_thread_from);
        if large {
            self.opening = Some(opening::Opening::start(path.to_path_buf(), self.waker()));
            self.status = format!("Opening {}…", display_name(path));
            return;
        }
        let read = opening::read_now(path);
        self.take_read(path, read);
    }

    /// Takes in the file read on a thread, once it is: the map (or the table dialog), or why
    /// it could not be opened.
    pub(super) fn take_opened(&mut self) {
        let Some(read) = self.opening.as_ref().and_then(opening::Opening::poll) else {
            return;
        };
        let Some(done) = self.opening.take() else {
            return;
        };
        self.take_read(&done.path, read);
    }

    /// A file read: the table dialog for a CSV table, else the map, or why it could not be
    /// opened.
    fn take_read(&mut self, path: &Path, read: opening::Read) {
        match read {
            opening::Read::Table(table) => self.table_import = Some(*table),
            opening::Read::Opened(result) => self.show_opened(path, *result),
        }
    }

    /// Stops reading the file being opened: the open map stays as it was.
    pub(super) fn cancel_opening(&mut self) {
        if let Some(o) = self.opening.take() {
            o.cancel();
            self.status = format!("Cancelled opening {}", display_name(&o.path));
        }
    }

    /// The file being opened on a thread, if any, and how far it has come.
    pub fn opening(&self) -> Option<(&Path, opening::Stage)> {
        self.opening.as_ref().map(|o| (o.path.as_path(), o.stage()))
    }

    /// Makes an opened file the document, or shows why it could not be opened.
    pub(super) fn show_opened(
        &mut self,
        path: &Path,
        result: Result<crate::io::formats::Opened, crate::io::LoadError>,
    ) {
        match result {
            Ok(opened) if opened.is_foreign() => {
                self.settings.remember(path);
                let name = imported_name(path, opened.format);
                if let Some(dir) = path.parent() {
                    self.settings.last_dir = Some(dir.to_path_buf());
                }
                self.status = format!(
                    "Read {} as {}: {} entities, {} relations",
                    display_name(path),
                    opened.format.name(),
                    opened.doc.entities.len(),
                    opened.doc.relations.len()
                );
                self.import_report = Some(ImportShown {
                    title: name.clone(),
                    report: opened.report,
                });
                self.replace_document(opened.doc, None);
                self.unsaved_name = name;
            }
            Ok(opened) => {
                self.settings.remember(path);
                self.replace_document(opened.doc, Some(path.to_path_buf()));
                self.status = format!("Opened {}", path.display());
            }
            Err(e) => {
                if !path.exists() {
                    self.settings.recent.retain(|p| p != path);
                }
                self.error = Some(ErrorReport {
                    title: format!("Could not open {}", display_name(path)),
                    message: e.to_string(),
                });
            }
        }
    }

    pub(super) fn replace_document(&mut self, doc: Document, path: Option<PathBuf>) {
        if let Some(dir) = path.as_deref().and_then(Path::parent) {
            self.settings.last_dir = Some(dir.to_path_buf());
        }
        self.ws.replace(doc);
        self.path = path;
        // Another map or case takes this window's place.
        self.case = None;
        self.canvas.set_empty_hint(None);
        self.explore = Explore::default();
        self.layout_moved_saved_positions = false;
        self.restored = false;
        // A map a merge left conflicts in says so at once.
        self.merge_conflicts_open = !self.ws.doc().conflicts.is_empty();
        self.canvas.rebuild(self.ws.doc());
    }

    pub(super) fn save(&mut self) {
        match self.path.clone() {
            Some(path) => self.save_to(&path),
            None => self.pick_save_path(),
        }
    }

    pub(super) fn save_to(&mut self, path: &Path) {
        // Save what the user sees, even if the layout is still moving.
        self.commit_layout();
        match io::save_file(self.ws.doc(), path) {
            Ok(written) => {
                self.settings.remember(path);
                self.ws.mark_saved();
                self.layout_moved_saved_positions = false;
                self.restored = false;
                self.path = Some(path.to_path_buf());
                if let Some(dir) = path.parent() {
                    self.settings.last_dir = Some(dir.to_path_buf());
                }
                self.status = match written.other_hard_links {
                    0 => format!("Saved {}", path.display()),
                    n => format!(
                        "Saved {}. Its {n} other hard {} still {} the previous version",
                        path.display(),
                        if n == 1 { "link" } else { "links" },
                        if n == 1 { "holds" } else { "hold" },
                    ),
                };
                let left = self.ws.doc().conflicts.len();
                if left > 0 {
                    self.status.push_str(&format!(
                        "; {left} merge conflict(s) remain (View menu, Merge conflicts…)"
                    ));
                }
                if let Some(then) = self.after_save.take() {
                    self.proceed(then);
                }
            }
            Err(e) => {
                self.after_save = None;
                self.error = Some(ErrorReport {
                    title: format!("Could not save {}", display_name(path)),
                    message: e.to_string(),
                });
            }
        }
    }

    pub(super) fn pick_open_path(&mut self) {
        let dir = self.start_dir();
        if self.native_dialogs {
            let mut dialog = rfd::FileDialog::new()
                .set_title("Open map")
                .add_filter("All graph files", &all_graph_extensions());
            for format in crate::io::formats::Format::ALL {
                dialog = dialog.add_filter(format.name(), format.extensions());
            }
            if let Some(path) = dialog
                .add_filter("All files", &["*"])
                .set_directory(&dir)
                .pick_file()
            {
                self.open_path(&path);
            }
        } else {
            self.file_dialog = Some(FileDialog::new(Purpose::Open, dir, String::new()));
        }
    }

    pub(super) fn pick_save_path(&mut self) {
        let dir = self.start_dir();
        let name = self.path.as_deref().and_then(Path::file_name).map_or_else(
            || "map.json".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        );
        if self.native_dialogs {
            match rfd::FileDialog::new()
                .set_title("Save map as")
                .add_filter("relmap map", &["json"])
                .set_directory(&dir)
                .set_file_name(&name)
                .save_file()
            {
                Some(path) => self.save_to(&path),
                None => self.after_save = None,
            }
        } else {
            self.file_dialog = Some(FileDialog::new(Purpose::SaveAs, dir, name));
        }
    }

    /// Asks for a text, Markdown or HTML file to read `source`'s text from.
    pub(super) fn pick_source_text(&mut self, source: crate::model::SourceId) {
        let dir = self.start_dir();
        if self.native_dialogs {
            if let Some(path) = rfd::FileDialog::new()
                .set_title("Read the source's text from")
                .add_filter(
                    "Text, Markdown or HTML",
                    &["txt", "md", "markdown", "html", "htm"],
                )
                .set_directory(&dir)
                .pick_file()
            {
                self.read_source_text(&source, &path);
            }
        } else {
            self.pending_text_for = Some(source);
            self.file_dialog = Some(FileDialog::new(Purpose::SourceText, dir, String::new()));
        }
    }

    /// Puts the readable text of the file at `path` into `source`, as one undoable edit.
    pub(super) fn read_source_text(&mut self, source: &crate::model::SourceId, path: &Path) {
        let Some(s) = self.ws.doc().source(source.as_str()) else {
            return;
        };
        match crate::io::source_text::read(path) {
            Ok(text) => {
                let mut changed = s.clone();
                changed.text = text;
                let label = format!("Read the text of {} from {}", s.title, display_name(path));
                self.edit(label, vec![Edit::UpdateSource { source: changed }]);
            }
            Err(e) => self.report(format!("Could not read {}", display_name(path)), e),
        }
    }
}
