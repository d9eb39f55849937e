//! Giving an entity a picture: chosen with **Picture…** in the inspector, or dropped on it
//! from a file manager, and embedding a linked picture in the map. Each is one undoable edit;
//! a file that is not a picture relmap can draw is refused with a message, and nothing changes.

use std::path::Path;

use super::*;
use crate::io::pictures;
use crate::model::EntityId;
use crate::ui::file_dialog::PICTURE_EXTENSIONS;

impl RelmapApp {
    /// Asks for a picture file for `entity`.
    pub(super) fn pick_picture(&mut self, entity: EntityId) {
        let dir = self.start_dir();
        if self.native_dialogs {
            if let Some(path) = rfd::FileDialog::new()
                .set_title("Picture")
                .add_filter("PNG, JPEG or WebP", &PICTURE_EXTENSIONS)
                .set_directory(&dir)
                .pick_file()
            {
                self.picture_from_file(&entity, &path);
            }
        } else {
            self.pending_picture_for = Some(entity);
            self.file_dialog = Some(FileDialog::new(Purpose::Picture, dir, String::new()));
        }
    }

    /// Gives `entity` the picture at `path`: linked when the file is in the map's folder,
    /// embedded otherwise (see `io::pictures::reference_for`).
    pub(super) fn picture_from_file(&mut self, entity: &EntityId, path: &Path) {
        let Some(e) = self.ws.doc().entity(entity.as_str()) else {
            return;
        };
        let name = e.name.clone();
        let folder = self.path().and_then(Path::parent);
        let picture = pictures::read_file(path)
            .and_then(|bytes| pictures::reference_for(path, &bytes, folder));
        match picture {
            Ok(picture) => {
                let mut changed = e.clone();
                changed.picture = Some(picture);
                self.edit(
                    format!("Set the picture of {name}"),
                    vec![Edit::UpdateEntity { entity: changed }],
                );
            }
            Err(why) => {
                self.error = Some(ErrorReport {
                    title: format!("Could not use {} as a picture", display_name(path)),
                    message: format!("{why}. The picture of {name} is unchanged."),
                });
            }
        }
    }

    /// Puts `entity`'s linked picture file into the map, so the map carries it.
    pub(super) fn embed_picture(&mut self, entity: &EntityId) {
        let Some(e) = self.ws.doc().entity(entity.as_str()) else {
            return;
        };
        let Some(picture) = &e.picture else {
            return;
        };
        let folder = self.path().and_then(Path::parent);
        let embedded = pictures::read(picture, folder).and_then(|bytes| {
            let media_type = pictures::media_type_checked(&bytes)?;
            Ok(crate::model::Picture::embedded(media_type, &bytes))
        });
        match embedded {
            Ok(embedded) => {
                let mut changed = e.clone();
                changed.picture = Some(embedded);
                let label = format!("Embed the picture of {}", e.name);
                self.edit(label, vec![Edit::UpdateEntity { entity: changed }]);
            }
            Err(why) => {
                self.error = Some(ErrorReport {
                    title: format!("Could not embed the picture of {}", e.name),
                    message: format!("{why}. The picture is unchanged."),
                });
            }
        }
    }

    /// A file dropped on the window: a picture goes to the entity under the pointer (or the
    /// one selected); anything else is opened as a map.
    pub(super) fn dropped_file(&mut self, ctx: &egui::Context, path: PathBuf) -> Option<Action> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if !PICTURE_EXTENSIONS.contains(&ext.as_str()) {
            return Some(Action::OpenPath(path));
        }
        let under = ctx
            .input(|i| i.pointer.latest_pos())
            .and_then(|p| self.canvas.entity_at_screen(p))
            .and_then(|i| self.ws.doc().entities.get(i))
            .map(|e| e.id.clone());
        let selected = match &self.ws.selection {
            Selection::Entity(id) => Some(id.clone()),
            _ => None,
        };
        match under.or(selected) {
            Some(entity) => Some(Action::PictureFromFile(entity, path)),
            None => {
                self.status = format!(
                    "{} is a picture: drop it on an entity, or select one first",
                    display_name(&path)
                );
                None
            }
        }
    }
}
