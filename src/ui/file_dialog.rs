//! An in-app file dialog, for when no native one can be shown (no desktop portal and no
//! zenity, as on a bare X server), so a user is never stuck unable to open or save.

use std::path::{Path, PathBuf};

use egui::{Key, RichText};

/// What the dialog is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Open,
    SaveAs,
    /// Save a figure with this extension ("svg", "png").
    Export(&'static str),
    /// Read a source's text from a text, Markdown or HTML file.
    SourceText,
    /// An entity's picture: a PNG, JPEG or WebP image.
    Picture,
    /// Another version of the open map, to merge into it; or the base the two share.
    Merge,
    MergeBase,
    /// Another version of the open map, to compare it with.
    Compare,
}

/// The files a source's text is read from.
const TEXT_EXTENSIONS: [&str; 5] = ["txt", "md", "markdown", "html", "htm"];
/// The files a picture is read from.
pub const PICTURE_EXTENSIONS: [&str; 4] = ["png", "jpg", "jpeg", "webp"];

impl Purpose {
    /// The extension of the files the dialog writes.
    fn extension(self) -> &'static str {
        match self {
            Purpose::Open
            | Purpose::SaveAs
            | Purpose::Merge
            | Purpose::MergeBase
            | Purpose::Compare => "json",
            Purpose::Export(ext) => ext,
            Purpose::SourceText => "txt",
            Purpose::Picture => "png",
        }
    }

    /// Whether the dialog lists a file of this name: to open, any graph file relmap reads.
    fn lists(self, name: &str) -> bool {
        let lower = name.to_lowercase();
        match self {
            Purpose::Open | Purpose::Merge | Purpose::MergeBase | Purpose::Compare => {
                crate::io::formats::Format::ALL
                    .iter()
                    .flat_map(|f| f.extensions())
                    .any(|ext| lower.ends_with(&format!(".{ext}")))
            }
            Purpose::SourceText => TEXT_EXTENSIONS
                .iter()
                .any(|ext| lower.ends_with(&format!(".{ext}"))),
            Purpose::Picture => PICTURE_EXTENSIONS
                .iter()
                .any(|ext| lower.ends_with(&format!(".{ext}"))),
            other => lower.ends_with(&format!(".{}", other.extension())),
        }
    }

    /// What the dialog lists, for "No folders or … here".
    fn listed(self) -> String {
        match self {
            Purpose::Open | Purpose::Merge | Purpose::MergeBase | Purpose::Compare => {
                "graph files".to_owned()
            }
            Purpose::SourceText => "text, Markdown or HTML files".to_owned(),
            Purpose::Picture => "PNG, JPEG or WebP pictures".to_owned(),
            other => format!(".{} files", other.extension()),
        }
    }
}

/// What the user did with the dialog this frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Pending,
    Cancelled,
    Picked(PathBuf),
}

struct Entry {
    name: String,
    is_dir: bool,
}

pub struct FileDialog {
    purpose: Purpose,
    dir: PathBuf,
    name: String,
    entries: Vec<Entry>,
    error: Option<String>,
}

impl FileDialog {
    pub fn new(purpose: Purpose, dir: PathBuf, name: String) -> Self {
        let mut dialog = Self {
            purpose,
            dir,
            name,
            entries: Vec::new(),
            error: None,
        };
        dialog.read_dir();
        dialog
    }

    pub fn purpose(&self) -> Purpose {
        self.purpose
    }

    fn read_dir(&mut self) {
        self.entries.clear();
        self.error = None;
        match std::fs::read_dir(&self.dir) {
            Ok(read) => {
                for entry in read.flatten() {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    if name.starts_with('.') {
                        continue;
                    }
                    let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
                    if is_dir || self.purpose.lists(&name) {
                        self.entries.push(Entry { name, is_dir });
                    }
                }
                self.entries.sort_by(|a, b| {
                    b.is_dir
                        .cmp(&a.is_dir)
                        .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
                });
            }
            Err(e) => self.error = Some(format!("Cannot list {}: {e}", self.dir.display())),
        }
    }

    fn enter(&mut self, dir: PathBuf) {
        self.dir = dir;
        self.read_dir();
    }

    /// The path the user has chosen: the typed name in the current folder, or a typed path.
    fn chosen_path(&self) -> Option<PathBuf> {
        let name = self.name.trim();
        if name.is_empty() {
            return None;
        }
        let mut path = if Path::new(name).is_absolute() {
            PathBuf::from(name)
        } else {
            self.dir.join(name)
        };
        if !matches!(
            self.purpose,
            Purpose::Open | Purpose::SourceText | Purpose::Picture
        ) && path.extension().is_none()
        {
            path.set_extension(self.purpose.extension());
        }
        Some(path)
    }

    pub fn show(&mut self, ctx: &egui::Context) -> Outcome {
        let mut outcome = Outcome::Pending;
        let title = match self.purpose {
            Purpose::Open => "Open map",
            Purpose::SaveAs => "Save map as",
            Purpose::Export(_) => "Export figure as",
            Purpose::SourceText => "Read the source's text from",
            Purpose::Picture => "Picture",
            Purpose::Merge => "Merge another version of this map",
            Purpose::MergeBase => "The version both started from",
            Purpose::Compare => "Compare with another version of this map",
        };
        let confirm_label = match self.purpose {
            Purpose::Open => "Open",
            Purpose::SaveAs => "Save",
            Purpose::Export(_) => "Export",
            Purpose::SourceText => "Read",
            Purpose::Picture => "Use",
            Purpose::Merge | Purpose::MergeBase => "Choose",
            Purpose::Compare => "Compare",
        };
        egui::Modal::new(egui::Id::new("relmap-file-dialog")).show(ctx, |ui| {
            ui.set_width(520.0);
            ui.heading(title);
            ui.horizontal(|ui| {
                if ui
                    .button("⬆ Up")
                    .on_hover_text("The folder above")
                    .clicked()
                    && let Some(parent) = self.dir.parent().map(Path::to_path_buf)
                {
                    self.enter(parent);
                }
                ui.label(RichText::new(self.dir.display().to_string()).monospace());
            });
            if let Some(err) = &self.error {
                ui.colored_label(ui.visuals().error_fg_color, err);
            }
            let mut go_into = None;
            egui::ScrollArea::vertical()
                .max_height(260.0)
                .auto_shrink([false, true])
                .show(ui, |ui| {
                    if self.entries.is_empty() && self.error.is_none() {
                        ui.label(
                            RichText::new(format!("No folders or {} here", self.purpose.listed()))
                                .weak(),
                        );
                    }
                    for entry in &self.entries {
                        let text = if entry.is_dir {
                            format!("📁 {}", entry.name)
                        } else {
                            entry.name.clone()
                        };
                        let resp =
                            ui.selectable_label(!entry.is_dir && entry.name == self.name, text);
                        if resp.clicked() {
                            if entry.is_dir {
                                go_into = Some(self.dir.join(&entry.name));
                            } else {
                                self.name = entry.name.clone();
                            }
                        }
                        if resp.double_clicked() && !entry.is_dir {
                            outcome = Outcome::Picked(self.dir.join(&entry.name));
                        }
                    }
                });
            if let Some(dir) = go_into {
                self.enter(dir);
            }
            ui.horizontal(|ui| {
                let label = ui.label("File name:");
                let edit = ui
                    .add(egui::TextEdit::singleline(&mut self.name).desired_width(360.0))
                    .labelled_by(label.id);
                if edit.lost_focus()
                    && ui.input(|i| i.key_pressed(Key::Enter))
                    && let Some(p) = self.chosen_path()
                {
                    outcome = Outcome::Picked(p);
                }
            });
            ui.horizontal(|ui| {
                let path = self.chosen_path();
                if ui
                    .add_enabled(path.is_some(), egui::Button::new(confirm_label))
                    .clicked()
                    && let Some(p) = path
                {
                    outcome = Outcome::Picked(p);
                }
                if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
                    outcome = Outcome::Cancelled;
                }
            });
        });
        outcome
    }
}
