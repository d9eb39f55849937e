//! A kind's style window (the legend's ✏ on a kind): its colour, shape and icon, the icon
//! picked from relmap's catalogue with a search, drawn inside the shape or instead of it. Each
//! change is one undoable edit of the map's `styles`; **Built-in style** removes the map's
//! style for the kind.

use egui::{RichText, Ui};

use crate::edit::Edit;
use crate::look::{self, icons};
use crate::model::{Document, KindStyle, NodeShape};
use crate::ui::commands::Action;
use crate::ui::paint::rgb;

/// The icons shown per row of the picker.
const PER_ROW: usize = 8;
/// Each icon button's side, in points.
const BUTTON: f32 = 30.0;

/// The style window of one entity kind.
#[derive(Debug, Clone, PartialEq)]
pub struct StyleEditor {
    pub kind: String,
    /// What the icon picker's search field holds.
    pub query: String,
    /// The colour being dragged in the picker: it becomes one edit when the pointer is let go,
    /// not one per frame of the drag.
    pending_color: Option<look::Rgb>,
}

impl StyleEditor {
    pub fn new(kind: &str) -> Self {
        Self {
            kind: kind.to_owned(),
            query: String::new(),
            pending_color: None,
        }
    }

    /// The window; returns the edits asked for, and whether it stays open.
    pub fn show(&mut self, ctx: &egui::Context, doc: &Document) -> (Vec<Action>, bool) {
        let mut actions = Vec::new();
        let mut open = true;
        egui::Window::new(format!("Style of {}", self.kind))
            .id(egui::Id::new("kind-style"))
            .open(&mut open)
            // Beside the side panel, so the legend it was opened from stays in view.
            .default_pos([310.0, 60.0])
            .default_width(300.0)
            .resizable(false)
            .show(ctx, |ui| {
                if let Some(style) = self.controls(ui, doc) {
                    let label = format!("style of {}", self.kind);
                    actions.push(Action::Edit {
                        label,
                        edits: vec![Edit::SetEntityStyle {
                            kind: self.kind.clone(),
                            style,
                        }],
                        then: None,
                    });
                }
            });
        (actions, open)
    }

    /// The controls; returns the kind's new style (`Some(None)`: back to the built-in) when
    /// one was changed.
    fn controls(&mut self, ui: &mut Ui, doc: &Document) -> Option<Option<KindStyle>> {
        let current = look::entity_style(&doc.styles, &self.kind);
        let own = doc.styles.entities.get(&self.kind).cloned();
        let mut next = own.clone().unwrap_or_default();
        let mut changed = false;

        ui.horizontal(|ui| {
            ui.label("Colour");
            let mut color = self.pending_color.unwrap_or(current.color);
            if ui.color_edit_button_srgb(&mut color).changed() {
                self.pending_color = Some(color);
            }
            if let Some(color) = self.pending_color
                && !ui.input(|i| i.pointer.any_down())
            {
                self.pending_color = None;
                if color != current.color {
                    next.color = Some(look::marks::hex(color));
                    changed = true;
                }
            }
            ui.label("Shape");
            let mut shape = current.shape;
            egui::ComboBox::from_id_salt("kind-shape")
                .selected_text(shape.name())
                .show_ui(ui, |ui| {
                    for s in NodeShape::ALL {
                        ui.selectable_value(&mut shape, s, s.name());
                    }
                });
            if shape != current.shape {
                next.shape = Some(shape);
                changed = true;
            }
        });

        ui.horizontal(|ui| {
            ui.label("Icon");
            ui.label(match current.icon {
                Some(icon) => RichText::new(icon.name).strong(),
                None => RichText::new("none").weak(),
            });
            if current.icon.is_some() && ui.button("No icon").clicked() {
                next.icon = None;
                next.icon_only = false;
                changed = true;
            }
            if let Some(usual) = icons::usual_icon(&self.kind)
                && current.icon.map(|i| i.name) != Some(usual)
                && ui
                    .button("Usual icon")
                    .on_hover_text(format!("{usual}, the icon relmap gives {}", self.kind))
                    .clicked()
            {
                next.icon = Some(usual.to_owned());
                changed = true;
            }
        });
        let mut alone = current.icon_only;
        if ui
            .add_enabled(
                current.icon.is_some(),
                egui::Checkbox::new(&mut alone, "Icon instead of the shape"),
            )
            .changed()
        {
            next.icon_only = alone;
            changed = true;
        }

        ui.horizontal(|ui| {
            let label = ui.label("Find an icon");
            ui.add(
                egui::TextEdit::singleline(&mut self.query)
                    .hint_text("person, money, vehicle…")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        });
        let found = icons::search(&self.query);
        if found.is_empty() {
            ui.label(RichText::new("No icon matches.").weak());
        }
        egui::ScrollArea::vertical()
            .max_height(BUTTON * 5.5)
            .show(ui, |ui| {
                for row in found.chunks(PER_ROW) {
                    ui.horizontal(|ui| {
                        for icon in row {
                            if icon_button(ui, icon, current, current.icon == Some(*icon)).clicked()
                            {
                                next.icon = Some(icon.name.to_owned());
                                changed = true;
                            }
                        }
                    });
                }
            });

        ui.separator();
        if own.is_some()
            && ui
                .button("Built-in style")
                .on_hover_text("Forget this map's colour, shape and icon for the kind")
                .clicked()
        {
            return Some(None);
        }
        (changed && Some(&next) != own.as_ref()).then_some(Some(next))
    }
}

/// One icon of the picker, drawn in the kind's colour, framed when it is the kind's.
fn icon_button(
    ui: &mut Ui,
    icon: &'static icons::Icon,
    style: look::EntityStyle,
    chosen: bool,
) -> egui::Response {
    let (rect, response) = ui.allocate_exact_size(egui::vec2(BUTTON, BUTTON), egui::Sense::click());
    let visuals = ui.style().interact_selectable(&response, chosen);
    ui.painter()
        .rect_filled(rect, 4.0, visuals.weak_bg_fill.linear_multiply(0.6));
    if chosen {
        ui.painter().rect_stroke(
            rect,
            4.0,
            egui::Stroke::new(2.0, rgb(style.color)),
            egui::StrokeKind::Inside,
        );
    }
    let ink = crate::ui::paint::theme(ui.visuals()).text();
    if let Some(image) =
        crate::ui::icons::icon_shape(ui.ctx(), icon, rect.center(), BUTTON * 0.6, ink, 1.0)
    {
        ui.painter().add(image);
    }
    response.widget_info(|| {
        egui::WidgetInfo::selected(egui::WidgetType::Button, true, chosen, icon.name)
    });
    response.on_hover_text(format!("{}: {}", icon.name, icon.words))
}
