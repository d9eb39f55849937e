//! The note window: a note's text (light Markdown: **bold**, *italics*, [link](url)) with a
//! preview, what it is attached to, Detach and Delete. Typing is kept as a draft and becomes
//! one step of Undo when the field loses focus.

use egui::RichText;

use crate::edit::Edit;
use crate::model::{Document, Note, NoteTarget};
use crate::ui::commands::Action;

/// The open note window.
#[derive(Debug, Clone)]
pub struct NoteWindow {
    /// The note's id.
    pub id: String,
    draft: Option<String>,
}

impl NoteWindow {
    pub fn new(id: String) -> Self {
        Self { id, draft: None }
    }

    /// Draws the window; returns what was asked and whether it stays open.
    pub fn show(&mut self, ctx: &egui::Context, doc: &Document) -> (Vec<Action>, bool) {
        let mut actions = Vec::new();
        let Some((index, note)) = doc.notes.iter().enumerate().find(|(_, n)| n.id == self.id)
        else {
            return (actions, false);
        };
        let mut open = true;
        egui::Window::new("Note")
            .id(egui::Id::new("note-window"))
            .open(&mut open)
            .default_width(320.0)
            .show(ctx, |ui| {
                ui.label(RichText::new(attached_to(doc, note)).weak());
                let mut text = self.draft.clone().unwrap_or_else(|| note.text.clone());
                let label = ui.label("Note text");
                let response = ui.add(
                    egui::TextEdit::multiline(&mut text)
                        .id_salt("note-text")
                        .desired_rows(4)
                        .desired_width(f32::INFINITY)
                        .hint_text("**bold**, *italics*, [a link](https://…)"),
                );
                let response = response.labelled_by(label.id);
                if response.has_focus() {
                    self.draft = Some(text);
                } else {
                    self.draft = None;
                    if response.lost_focus() && text != note.text {
                        actions.push(replace(doc, index, "Edit note", |n| n.text = text));
                    }
                }
                ui.label(RichText::new("Preview").small().weak());
                preview(ui, &note.text);
                ui.horizontal(|ui| {
                    if note.on.is_some()
                        && ui
                            .button("Detach")
                            .on_hover_text("Leave the note where it is, on the canvas")
                            .clicked()
                    {
                        actions.push(Action::DetachNote(note.id.clone()));
                    }
                    if ui.button("Delete note").clicked() {
                        let mut notes = doc.notes.clone();
                        notes.remove(index);
                        actions.push(Action::Edit {
                            label: "Delete note".to_owned(),
                            edits: vec![Edit::SetNotes { notes }],
                            then: None,
                        });
                    }
                });
            });
        (actions, open)
    }
}

/// The edit that changes note `index` by `change`, as one step.
fn replace(doc: &Document, index: usize, label: &str, change: impl FnOnce(&mut Note)) -> Action {
    let mut notes = doc.notes.clone();
    if let Some(n) = notes.get_mut(index) {
        change(n);
    }
    Action::Edit {
        label: label.to_owned(),
        edits: vec![Edit::SetNotes { notes }],
        then: None,
    }
}

/// What the note is attached to, in words.
fn attached_to(doc: &Document, note: &Note) -> String {
    match &note.on {
        None => "On the canvas; drag it to move it".to_owned(),
        Some(target) if !doc.has_target(target) => {
            "Attached to something no longer in the map; it is not drawn".to_owned()
        }
        Some(NoteTarget::Entity(id)) => format!("On {}", doc.entity_name(id.as_str())),
        Some(NoteTarget::Relation(id)) => doc
            .relation(id.as_str())
            .map(|r| {
                format!(
                    "On {} {} {}",
                    doc.entity_name(r.from.as_str()),
                    r.caption(),
                    doc.entity_name(r.to.as_str())
                )
            })
            .unwrap_or_default(),
        Some(NoteTarget::Group(id)) => doc
            .group(id.as_str())
            .map(|g| format!("On the group {}", g.name))
            .unwrap_or_default(),
    }
}

/// The note as the canvas shows it, links clickable.
fn preview(ui: &mut egui::Ui, text: &str) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 0.0;
        for span in crate::model::note_spans(text) {
            let mut rich = RichText::new(&span.text);
            if span.bold {
                rich = rich.strong();
            }
            if span.italic {
                rich = rich.italics();
            }
            match &span.link {
                Some(url) => {
                    ui.hyperlink_to(rich, url);
                }
                None => {
                    ui.label(rich);
                }
            }
        }
    });
}
