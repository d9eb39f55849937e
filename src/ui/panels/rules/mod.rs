//! The rules window (View ▸ Rules…): the map's rules in order, each switched on or off, moved
//! up or down (later rules win), edited in place or removed, and a form that adds one: what it reads (an
//! attribute or a measure), what it sets, and how (by value, along a range, or where a
//! condition holds). Every change is one undoable edit of `styles.rules`. Below, the map's
//! named views: the rules saved as one, with the lens in use, and views removed.

mod form;

use egui::{RichText, Ui};

use crate::edit::Edit;
use crate::model::Document;
use crate::model::rules::{Form, MapView, Rule};
use crate::ui::commands::Action;
use form::{Draft, measure_name, visual_name};

/// The rules window.
#[derive(Debug, Clone, Default)]
pub struct RulesWindow {
    pub open: bool,
    draft: Draft,
    /// The name a new view is saved under.
    view_name: String,
}

impl RulesWindow {
    /// The window, when open; returns the edits asked for. `lens` and `filter` are those in
    /// use, which a view saved now keeps.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        doc: &Document,
        lens: Option<&crate::query::Perspective>,
        filter: &crate::query::Filter,
    ) -> Vec<Action> {
        let mut actions = Vec::new();
        if !self.open {
            return actions;
        }
        let mut open = true;
        egui::Window::new("Rules")
            .open(&mut open)
            .default_pos([310.0, 60.0])
            .default_width(380.0)
            .resizable(false)
            .show(ctx, |ui| {
                let mut to_edit = None;
                if let Some((label, rules)) = list(ui, &doc.styles.rules, &mut to_edit) {
                    actions.push(edit(label, rules));
                    // The rules moved under the form: an edit in progress starts again.
                    self.draft.editing = None;
                }
                if let Some(i) = to_edit
                    && let Some(rule) = doc.styles.rules.get(i)
                {
                    self.draft = Draft::of_rule(rule, i);
                }
                ui.separator();
                match self.draft.ui(ui, doc) {
                    Some((Some(i), rule)) if i < doc.styles.rules.len() => {
                        let mut rules = doc.styles.rules.clone();
                        let label = format!("edit rule {}", rules[i].title());
                        rules[i] = Rule {
                            off: rules[i].off,
                            extra: rules[i].extra.clone(),
                            ..rule
                        };
                        actions.push(edit(label, rules));
                    }
                    Some((_, rule)) => {
                        let mut rules = doc.styles.rules.clone();
                        rules.push(rule);
                        actions.push(edit("add rule".to_owned(), rules));
                    }
                    None => {}
                }
                ui.separator();
                if let Some((label, views)) = self.views(ui, doc, lens, filter) {
                    actions.push(Action::Edit {
                        label,
                        edits: vec![Edit::SetViews { views }],
                        then: None,
                    });
                }
            });
        self.open = open;
        actions
    }
}

impl RulesWindow {
    /// The map's views, each with Remove, and the rules saved as a new one; returns the views
    /// changed, with the step's label.
    fn views(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        lens: Option<&crate::query::Perspective>,
        filter: &crate::query::Filter,
    ) -> Option<(String, Vec<MapView>)> {
        let views = &doc.styles.views;
        ui.label(RichText::new("Views").strong());
        let mut changed = None;
        for (i, view) in views.iter().enumerate() {
            ui.horizontal(|ui| {
                ui.label(&view.name);
                let what = format!(
                    "{} rule(s){}{}",
                    view.rules.len(),
                    view.lens
                        .as_deref()
                        .map_or(String::new(), |l| format!(", lens {}", doc.entity_name(l))),
                    if view.filter.is_empty() {
                        ""
                    } else {
                        ", filters"
                    }
                );
                ui.label(RichText::new(what).weak());
                if ui.small_button("Remove").clicked() {
                    let mut next = views.clone();
                    next.remove(i);
                    changed = Some((format!("remove view {}", view.name), next));
                }
            });
        }
        let lens_id = lens.map(|p| match p {
            crate::query::Perspective::Claimant(id) => id.to_string(),
            crate::query::Perspective::Source(id) => id.to_string(),
        });
        ui.horizontal(|ui| {
            let label = ui.label("Save the rules as a view");
            ui.add(
                egui::TextEdit::singleline(&mut self.view_name)
                    .hint_text("its name")
                    .desired_width(140.0),
            )
            .labelled_by(label.id);
            let name = self.view_name.trim().to_owned();
            let taken = views.iter().any(|v| v.name == name);
            let save = ui
                .add_enabled(!name.is_empty() && !taken, egui::Button::new("Save view"))
                .on_hover_text(
                    "The map's rules as they are now, and the lens and filters in use (not the focus)",
                );
            if taken {
                ui.label(RichText::new("a view has that name").color(ui.visuals().warn_fg_color));
            }
            if save.clicked() {
                let mut next = views.clone();
                next.push(MapView {
                    name: name.clone(),
                    rules: doc.styles.rules.clone(),
                    lens: lens_id.clone(),
                    filter: filter.to_view(),
                    ..MapView::default()
                });
                changed = Some((format!("save view {name}"), next));
                self.view_name.clear();
            }
        });
        changed
    }
}

/// The rules in order, each with its switch, its moves and its removal; returns the rules
/// changed, with the step's label.
fn list(ui: &mut Ui, rules: &[Rule], to_edit: &mut Option<usize>) -> Option<(String, Vec<Rule>)> {
    if rules.is_empty() {
        ui.label(
            RichText::new(
                "No rules yet. A rule sets a colour, size, shape, icon, border, opacity or name \
                 from an attribute or a measure; later rules win.",
            )
            .weak(),
        );
        return None;
    }
    let mut changed = None;
    for (i, rule) in rules.iter().enumerate() {
        ui.horizontal(|ui| {
            let mut on = !rule.off;
            if ui.checkbox(&mut on, rule.title()).changed() {
                let mut next = rules.to_vec();
                next[i].off = !on;
                changed = Some((
                    format!("rule {} {}", rule.title(), if on { "on" } else { "off" }),
                    next,
                ));
            }
            ui.label(RichText::new(describe(rule)).weak());
            if ui
                .add_enabled(i > 0, egui::Button::new("Up").small())
                .on_hover_text("Earlier: later rules win")
                .clicked()
            {
                let mut next = rules.to_vec();
                next.swap(i, i - 1);
                changed = Some(("move rule".to_owned(), next));
            }
            if ui
                .add_enabled(i + 1 < rules.len(), egui::Button::new("Down").small())
                .on_hover_text("Later: it wins over those before")
                .clicked()
            {
                let mut next = rules.to_vec();
                next.swap(i, i + 1);
                changed = Some(("move rule".to_owned(), next));
            }
            if ui
                .small_button("Change")
                .on_hover_text("Change this rule in the form below")
                .clicked()
            {
                *to_edit = Some(i);
            }
            if ui.small_button("Remove").clicked() {
                let mut next = rules.to_vec();
                next.remove(i);
                changed = Some((format!("remove rule {}", rule.title()), next));
            }
        });
    }
    changed
}

/// A rule in a few words: `degree sets size, along a range`.
fn describe(rule: &Rule) -> String {
    let reads = match (&rule.attribute, rule.measure) {
        (Some(a), _) => a.clone(),
        (None, Some(m)) => measure_name(m).to_owned(),
        (None, None) => "nothing".to_owned(),
    };
    let how = match rule.form() {
        Form::Categorical => "by value",
        Form::Continuous => "along a range",
        Form::Conditional => "where it holds",
    };
    format!("{reads} sets {}, {how}", visual_name(rule.set))
}

fn edit(label: String, rules: Vec<Rule>) -> Action {
    Action::Edit {
        label,
        edits: vec![Edit::SetRules { rules }],
        then: None,
    }
}
