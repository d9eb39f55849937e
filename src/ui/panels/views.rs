//! The map's named views (`styles.views`, Kumu's views) in the exploration state: choosing one
//! applies its rules instead of the map's and brings its lens and filters; the legend's Map
//! view list.

use egui::Ui;

use super::explore::Explore;
use crate::model::Document;

impl Explore {
    /// Chooses the map's view `view` (or none: the map's own rules), and its lens.
    pub fn choose_view(&mut self, doc: &Document, view: Option<usize>) {
        let view = view.filter(|&v| v < doc.styles.views.len());
        let lens_of = |v: Option<usize>| {
            v.and_then(|v| doc.styles.views.get(v))
                .and_then(|v| v.lens.as_deref())
                .and_then(|name| crate::query::perspective_named(doc, name))
        };
        // The view's lens replaces the one the last view brought; a lens the user chose stays
        // when the new view has none.
        let brought = lens_of(self.style_view);
        match lens_of(view) {
            Some(lens) => self.lens = Some(lens),
            None if brought.is_some() && self.lens == brought => self.lens = None,
            None => {}
        }
        // Its filters likewise: a view's replace the last view's, and filters the user set
        // stay when the new view has none.
        let filter_of = |v: Option<usize>| {
            v.and_then(|v| doc.styles.views.get(v))
                .filter(|v| !v.filter.is_empty())
                .map(|v| crate::query::Filter::of_view(&v.filter))
        };
        let brought = filter_of(self.style_view);
        let focus = self.filter.focus.take();
        match filter_of(view) {
            Some(filter) => self.filter = filter,
            None if brought.as_ref() == Some(&self.filter) => {
                self.filter = crate::query::Filter::default();
            }
            None => {}
        }
        self.filter.focus = focus;
        self.style_view = view;
    }

    /// The view chooser: the map's own rules or one of its views.
    pub fn views_ui(&mut self, ui: &mut Ui, doc: &Document) {
        if doc.styles.views.is_empty() {
            return;
        }
        let shown = self
            .style_view
            .and_then(|v| doc.styles.views.get(v))
            .map_or("the map's own", |v| v.name.as_str())
            .to_owned();
        let mut chosen = self.style_view;
        ui.horizontal(|ui| {
            let label = ui.label("Map view");
            egui::ComboBox::from_id_salt("style-view")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut chosen, None, "the map's own");
                    for (i, v) in doc.styles.views.iter().enumerate() {
                        ui.selectable_value(&mut chosen, Some(i), &v.name);
                    }
                })
                .response
                .labelled_by(label.id)
                .on_hover_text("A named view of the map: its own rules and lens. Next view (Ctrl+]) steps through them");
        });
        if chosen != self.style_view {
            self.choose_view(doc, chosen);
        }
    }
}
