//! The inspector's picture row: the entity's picture as a thumbnail, what it is (a file or
//! embedded), why it is not drawn when it cannot be, and **Picture…**, **Embed** and
//! **Remove** to change it.

use super::*;
use crate::ui::pictures::{self, PictureRef, Status};

/// The thumbnail's size, in points.
const THUMBNAIL: f32 = 72.0;

impl Inspector {
    pub(super) fn picture(&mut self, ui: &mut Ui, e: &Entity, actions: &mut Vec<Action>) {
        ui.label(RichText::new("Picture").strong());
        let Some(picture) = &e.picture else {
            ui.horizontal(|ui| {
                ui.label(RichText::new("None.").weak());
                if ui
                    .button("Picture…")
                    .on_hover_text(
                        "Choose a PNG, JPEG or WebP picture for this entity (or drop one on it)",
                    )
                    .clicked()
                {
                    actions.push(Action::ChoosePicture(e.id.clone()));
                }
            });
            return;
        };
        // Hashed and copied once per picture, not every frame: an embedded one is long.
        if self.picture.as_ref().map(PictureRef::picture) != Some(picture) {
            self.picture = Some(PictureRef::of(picture));
        }
        let Some(held) = self.picture.clone() else {
            return;
        };
        let px = (THUMBNAIL * ui.ctx().pixels_per_point()).ceil() as u32;
        let status = pictures::status(ui.ctx(), &held, px.next_power_of_two());
        ui.horizontal(|ui| {
            if let Some(texture) = pictures::texture(ui.ctx(), &held, px.next_power_of_two()) {
                ui.add(
                    egui::Image::new((texture, egui::vec2(THUMBNAIL, THUMBNAIL)))
                        .corner_radius(6.0),
                );
            }
            ui.vertical(|ui| {
                ui.label(picture.describe());
                match &status {
                    Status::Loading => {
                        ui.label(RichText::new("Loading…").weak());
                    }
                    Status::Shown(_) => {}
                    Status::Failed(why) => {
                        ui.label(
                            RichText::new(format!(
                                "Not shown: {why}. The kind's icon is drawn instead."
                            ))
                            .color(ui.visuals().warn_fg_color),
                        );
                    }
                }
                ui.horizontal(|ui| {
                    if ui
                        .button("Picture…")
                        .on_hover_text("Choose another picture")
                        .clicked()
                    {
                        actions.push(Action::ChoosePicture(e.id.clone()));
                    }
                    if !picture.is_embedded()
                        && matches!(status, Status::Shown(_))
                        && ui
                            .button("Embed")
                            .on_hover_text(
                                "Put the picture's file into the map, so the map carries it",
                            )
                            .clicked()
                    {
                        actions.push(Action::EmbedPicture(e.id.clone()));
                    }
                    if matches!(status, Status::Failed(_))
                        && ui
                            .button("Try again")
                            .on_hover_text("Read the picture again (after putting its file back)")
                            .clicked()
                    {
                        pictures::retry_failed(ui.ctx());
                    }
                    if ui
                        .button("Remove picture")
                        .on_hover_text("Take the picture off this entity")
                        .clicked()
                    {
                        let mut changed = e.clone();
                        changed.picture = None;
                        actions.push(Action::Edit {
                            label: format!("Remove the picture of {}", e.name),
                            edits: vec![Edit::UpdateEntity { entity: changed }],
                            then: None,
                        });
                    }
                });
            });
        });
    }
}
