//! Notes on the canvas (`look::notes` in egui's shapes): pale cards over the map, with a
//! dotted leader to what each is attached to; names keep clear of them. Dragging a card moves
//! the note; a click opens it in the note window.

use super::*;
use crate::look::notes::{self as note_look, NOTE_PAD, NOTE_SIZE, Placed};
use crate::model::NoteTarget;

impl Canvas {
    /// Whether notes are drawn (View ▸ Show notes).
    pub fn notes_shown(&self) -> bool {
        self.notes_shown
    }

    pub fn set_notes_shown(&mut self, shown: bool) {
        self.notes_shown = shown;
    }

    /// The notes that show, placed in canvas units (a note being dragged where it is going).
    pub(super) fn place_notes(&mut self, doc: &Document) {
        if !self.notes_shown || doc.notes.is_empty() {
            self.notes.clear();
            return;
        }
        let shown = |i: usize| !self.decor.nodes.get(i).is_some_and(|d| d.hidden);
        let mut placed = note_look::place(doc, self.sim.positions(), &self.groups, &shown);
        if let (Some(Gesture::MoveNote { note, start, end }), Some(view)) =
            (&self.gesture, self.view)
        {
            let d = (*end - *start) / view.zoom;
            for (p, _) in placed.iter_mut().filter(|(p, _)| p.note == *note) {
                p.min = [p.min[0] + d.x, p.min[1] + d.y];
            }
        }
        self.notes = placed;
    }

    /// The notes' cards on screen, for the label grid to keep names off.
    pub(super) fn note_areas(&self, view: ViewTransform) -> Vec<crate::look::labels::Area> {
        self.notes
            .iter()
            .map(|(p, _)| {
                let r = screen_rect(p, view);
                crate::look::labels::Area {
                    min: paint::pt(r.min),
                    max: paint::pt(r.max),
                }
            })
            .collect()
    }

    /// The note whose card is under screen point `p`, by index in the map's notes.
    pub(super) fn note_under(&self, p: Pos2) -> Option<usize> {
        let view = self.view?;
        self.notes
            .iter()
            .rev()
            .find(|(placed, _)| screen_rect(placed, view).contains(p))
            .map(|(placed, _)| placed.note)
    }

    /// Where note `note` (by index) was drawn in the last frame, in canvas units.
    pub fn note_at(&self, note: usize) -> Option<[f32; 2]> {
        self.notes
            .iter()
            .find(|(p, _)| p.note == note)
            .map(|(p, _)| p.min)
    }

    /// Where note `note` (by index) was drawn in the last frame, on screen.
    pub fn note_screen_rect(&self, note: usize) -> Option<Rect> {
        let view = self.view?;
        self.notes
            .iter()
            .find(|(p, _)| p.note == note)
            .map(|(p, _)| screen_rect(p, view))
    }

    /// The cards and their leaders, to draw over the map.
    pub(super) fn note_shapes(&self, ctx: &egui::Context, view: ViewTransform) -> Vec<Shape> {
        let mut shapes = Vec::new();
        let border = rgb(note_look::NOTE_BORDER);
        for (p, laid) in &self.notes {
            let rect = screen_rect(p, view);
            if !rect.expand(40.0).intersects(view.rect) {
                continue;
            }
            if let Some(a) = p.anchor {
                let a = view.to_screen(pos2(a[0], a[1]));
                let from = pos2(
                    a.x.clamp(rect.min.x, rect.max.x),
                    a.y.clamp(rect.min.y, rect.max.y),
                );
                shapes.extend(Shape::dashed_line(
                    &[from, a],
                    Stroke::new(1.0, border),
                    3.0,
                    3.0,
                ));
            }
            shapes.push(Shape::rect_filled(rect, 3.0, rgb(note_look::NOTE_PAPER)));
            shapes.push(Shape::rect_stroke(
                rect,
                3.0,
                Stroke::new(1.0, border),
                StrokeKind::Inside,
            ));
            let scale = card_scale(view.zoom);
            let size = NOTE_SIZE * scale;
            if size < 5.0 {
                continue;
            }
            let line_height = crate::look::text::line_height(NOTE_SIZE) * scale;
            for (k, spans) in laid.lines.iter().enumerate() {
                let galley = ctx.fonts_mut(|f| f.layout_job(line_job(spans, size)));
                let at = rect.min
                    + vec2(
                        NOTE_PAD * view.zoom,
                        NOTE_PAD * view.zoom + line_height * k as f32,
                    );
                shapes.push(Shape::galley(at, galley, rgb(note_look::NOTE_INK)));
            }
        }
        shapes
    }
}

/// How large a card is drawn at `zoom`: never smaller than full size from 40 % up, so its
/// text stays readable as names do; further out it shrinks with the map.
fn card_scale(zoom: f32) -> f32 {
    if zoom >= 0.4 {
        zoom.max(1.0)
    } else {
        zoom * 2.5
    }
}

fn screen_rect(p: &Placed, view: ViewTransform) -> Rect {
    let s = card_scale(view.zoom);
    Rect::from_min_size(
        view.to_screen(pos2(p.min[0], p.min[1])),
        vec2(p.size[0] * s, p.size[1] * s),
    )
}

/// One line of a note as egui text: bold as the strongest ink (egui's fonts have no bold
/// face), italics slanted, links underlined in blue.
fn line_job(spans: &[crate::model::Span], size: f32) -> egui::text::LayoutJob {
    let mut job = egui::text::LayoutJob::default();
    for span in spans {
        let mut format = egui::TextFormat {
            font_id: FontId::proportional(size),
            color: rgb(note_look::NOTE_INK),
            italics: span.italic,
            ..Default::default()
        };
        if span.bold {
            format.color = Color32::BLACK;
        }
        if span.link.is_some() {
            format.color = Color32::from_rgb(0x1f, 0x5f, 0xbf);
            format.underline = Stroke::new(1.0, format.color);
        }
        job.append(&span.text, 0.0, format);
    }
    job
}

/// What a new note is attached to, from the selection: the one entity or relation selected,
/// or the group whose members are exactly the selected entities; `None` for a free note.
pub fn target_of(doc: &Document, selection: &Selection) -> Option<NoteTarget> {
    match selection {
        Selection::Entity(id) => Some(NoteTarget::Entity(id.clone())),
        Selection::Relation(id) => Some(NoteTarget::Relation(id.clone())),
        Selection::Entities(ids) => doc
            .groups
            .iter()
            .find(|g| {
                let members = doc.group_members(g.id.as_str());
                members.len() == ids.len() && members.iter().all(|m| ids.contains(m))
            })
            .map(|g| NoteTarget::Group(g.id.clone())),
        _ => None,
    }
}
