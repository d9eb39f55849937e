//! The rules window (View ▸ Rules…): the map's rules in order, each switched on or off, moved
//! up or down (later rules win) or removed, and a form that adds one: what it reads (an
//! attribute or a measure), what it sets, and how (by value, along a range, or where a
//! condition holds). Every change is one undoable edit of `styles.rules`. Below, the map's
//! named views: the rules saved as one, with the lens in use, and views removed.

use std::collections::BTreeSet;

use egui::{RichText, Ui};
use serde_json::Value;

use crate::edit::Edit;
use crate::look::{self, icons};
use crate::model::rules::{Form, MapView, Measure, Rule, Visual};
use crate::model::{Document, NodeShape};
use crate::ui::commands::Action;

const MEASURES: [(Measure, &str); 10] = [
    (Measure::Kind, "kind"),
    (Measure::Degree, "degree (relations)"),
    (Measure::Betweenness, "betweenness"),
    (Measure::Community, "community"),
    (Measure::Claims, "claims on its relations"),
    (Measure::Contested, "contested"),
    (Measure::Disputes, "contested relations (count)"),
    (Measure::Credibility, "best claim credibility (1–6)"),
    (Measure::Reliability, "best source reliability (A–F)"),
    (Measure::Date, "date (when its period begins)"),
];

const VISUALS: [(Visual, &str); 9] = [
    (Visual::Color, "colour"),
    (Visual::Size, "size"),
    (Visual::Shape, "shape"),
    (Visual::Icon, "icon"),
    (Visual::Border, "border"),
    (Visual::Opacity, "opacity"),
    (Visual::Label, "name shown"),
    (Visual::LabelSize, "name size"),
    (Visual::Badge, "badge"),
];

/// What a new rule reads.
#[derive(Debug, Clone, PartialEq)]
enum Reads {
    Measure(Measure),
    Attribute(String),
}

/// A condition's test.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Test {
    Equals,
    AtLeast,
    AtMost,
}

/// The rule being written in the form.
#[derive(Debug, Clone)]
struct Draft {
    name: String,
    reads: Reads,
    set: Visual,
    form: Form,
    test: Test,
    /// The condition's value, as typed.
    value: String,
    /// What it sets (a condition), or at the range's high end.
    to: Mark,
    /// At the range's low end.
    from: Mark,
}

/// A visual's value being edited.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Mark {
    color: [u8; 3],
    number: f32,
    shape: NodeShape,
    icon: &'static str,
    shown: bool,
    /// A badge shows the number the rule reads, rather than `icon`.
    count: bool,
}

impl Mark {
    fn json(self, visual: Visual) -> Value {
        match visual {
            Visual::Color | Visual::Border => Value::from(look::marks::hex(self.color)),
            Visual::Size | Visual::Opacity | Visual::LabelSize => {
                // Two places are enough, and keep the file's numbers short.
                Value::from((f64::from(self.number) * 100.0).round() / 100.0)
            }
            Visual::Shape => Value::from(self.shape.name()),
            Visual::Icon => Value::from(self.icon),
            Visual::Label => Value::from(self.shown),
            Visual::Badge if self.count => Value::from(crate::model::rules::BADGE_COUNT),
            Visual::Badge => Value::from(self.icon),
        }
    }
}

impl Default for Draft {
    fn default() -> Self {
        let mark = |color, number| Mark {
            color,
            number,
            shape: NodeShape::Square,
            icon: "star",
            shown: false,
            count: false,
        };
        Self {
            name: String::new(),
            reads: Reads::Measure(Measure::Degree),
            set: Visual::Size,
            form: Form::Continuous,
            test: Test::Equals,
            value: String::new(),
            to: mark([0xe1, 0x57, 0x59], 3.0),
            from: mark([0xf0, 0xe4, 0x42], 1.0),
        }
    }
}

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
                if let Some((label, rules)) = list(ui, &doc.styles.rules) {
                    actions.push(edit(label, rules));
                }
                ui.separator();
                if let Some(rule) = self.form(ui, doc) {
                    let mut rules = doc.styles.rules.clone();
                    rules.push(rule);
                    actions.push(edit("add rule".to_owned(), rules));
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

    /// The form for a new rule; returns it when Add is pressed.
    fn form(&mut self, ui: &mut Ui, doc: &Document) -> Option<Rule> {
        let d = &mut self.draft;
        ui.label(RichText::new("Add a rule").strong());
        egui::Grid::new("rule-form").num_columns(2).show(ui, |ui| {
            ui.label("Reads");
            let shown = match &d.reads {
                Reads::Measure(m) => measure_name(*m).to_owned(),
                Reads::Attribute(a) => format!("attribute: {a}"),
            };
            egui::ComboBox::from_id_salt("rule-reads")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    for (m, name) in MEASURES {
                        ui.selectable_value(&mut d.reads, Reads::Measure(m), name);
                    }
                    for a in attribute_names(doc) {
                        let label = format!("attribute: {a}");
                        ui.selectable_value(&mut d.reads, Reads::Attribute(a), label);
                    }
                });
            ui.end_row();
            ui.label("Sets");
            egui::ComboBox::from_id_salt("rule-sets")
                .selected_text(visual_name(d.set))
                .show_ui(ui, |ui| {
                    for (v, name) in VISUALS {
                        ui.selectable_value(&mut d.set, v, name);
                    }
                });
            ui.end_row();
            ui.label("How");
            ui.horizontal(|ui| {
                ui.selectable_value(&mut d.form, Form::Categorical, "by value");
                ui.selectable_value(&mut d.form, Form::Continuous, "along a range");
                ui.selectable_value(&mut d.form, Form::Conditional, "where");
            });
            ui.end_row();
            match d.form {
                Form::Categorical => {
                    ui.label("");
                    ui.label(
                        RichText::new(if d.set == Visual::Color {
                            "Each value gets a colour of a palette readable by all."
                        } else {
                            "Only colours come by value from a palette; choose where or a range."
                        })
                        .weak(),
                    );
                    ui.end_row();
                }
                Form::Continuous => {
                    ui.label("From");
                    mark_ui(ui, "from", d.set, &mut d.from);
                    ui.end_row();
                    ui.label("To");
                    mark_ui(ui, "to", d.set, &mut d.to);
                    ui.end_row();
                }
                Form::Conditional => {
                    ui.label("Where it");
                    ui.horizontal(|ui| {
                        egui::ComboBox::from_id_salt("rule-test")
                            .selected_text(test_name(d.test))
                            .show_ui(ui, |ui| {
                                for t in [Test::Equals, Test::AtLeast, Test::AtMost] {
                                    ui.selectable_value(&mut d.test, t, test_name(t));
                                }
                            });
                        let label = ui.label("value");
                        ui.add(egui::TextEdit::singleline(&mut d.value).desired_width(110.0))
                            .labelled_by(label.id);
                    });
                    ui.end_row();
                    ui.label("Set to");
                    mark_ui(ui, "to", d.set, &mut d.to);
                    ui.end_row();
                }
            }
            let label = ui.label("Name");
            ui.add(egui::TextEdit::singleline(&mut d.name).hint_text("for the legend"))
                .labelled_by(label.id);
            ui.end_row();
        });
        let rule = d.rule();
        let mut problems = Vec::new();
        crate::model::rules::check_rules(&mut problems, std::slice::from_ref(&rule));
        let mut problems: Vec<String> = problems.into_iter().map(|p| p.message).collect();
        if d.form == Form::Conditional
            && d.test != Test::Equals
            && d.value.trim().parse::<f64>().is_err()
        {
            problems.push("the value to compare with must be a number".to_owned());
        }
        for p in &problems {
            ui.label(RichText::new(p).color(ui.visuals().warn_fg_color));
        }
        let added = ui
            .add_enabled(problems.is_empty(), egui::Button::new("Add rule"))
            .clicked();
        if added {
            d.name.clear();
        }
        added.then_some(rule)
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

impl Draft {
    /// The rule the form describes.
    fn rule(&self) -> Rule {
        let mut rule = Rule {
            name: self.name.trim().to_owned(),
            set: self.set,
            ..Rule::default()
        };
        match &self.reads {
            Reads::Measure(m) => rule.measure = Some(*m),
            Reads::Attribute(a) => rule.attribute = Some(a.clone()),
        }
        match self.form {
            Form::Categorical => {}
            Form::Continuous => {
                rule.from = Some(self.from.json(self.set));
                rule.to = Some(self.to.json(self.set));
            }
            Form::Conditional => {
                let typed = self.value.trim();
                let number = typed.parse::<f64>().ok().filter(|n| n.is_finite());
                match self.test {
                    Test::Equals => {
                        rule.equals = Some(match (typed, number) {
                            ("true", _) => Value::Bool(true),
                            ("false", _) => Value::Bool(false),
                            (_, Some(n)) => Value::from(n),
                            _ => Value::from(typed),
                        });
                    }
                    // A bound that is not a number is left out; the form asks for one.
                    Test::AtLeast => rule.at_least = number.and_then(serde_json::Number::from_f64),
                    Test::AtMost => rule.at_most = number.and_then(serde_json::Number::from_f64),
                }
                rule.to = Some(self.to.json(self.set));
            }
        }
        rule
    }
}

/// The rules in order, each with its switch, its moves and its removal; returns the rules
/// changed, with the step's label.
fn list(ui: &mut Ui, rules: &[Rule]) -> Option<(String, Vec<Rule>)> {
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

/// The value widget of `visual`.
fn mark_ui(ui: &mut Ui, id: &str, visual: Visual, mark: &mut Mark) {
    ui.push_id(id, |ui| match visual {
        Visual::Color | Visual::Border => {
            ui.color_edit_button_srgb(&mut mark.color);
        }
        Visual::Size | Visual::LabelSize => {
            // The ranges `model::rules::fits` accepts.
            let range = if visual == Visual::Size {
                0.2..=20.0
            } else {
                0.25..=5.0
            };
            ui.add(
                egui::DragValue::new(&mut mark.number)
                    .range(range)
                    .speed(0.05)
                    .suffix("×"),
            );
        }
        Visual::Opacity => {
            ui.add(egui::Slider::new(&mut mark.number, 0.0..=1.0));
        }
        Visual::Shape => {
            egui::ComboBox::from_id_salt("shape")
                .selected_text(mark.shape.name())
                .show_ui(ui, |ui| {
                    for s in NodeShape::ALL {
                        ui.selectable_value(&mut mark.shape, s, s.name());
                    }
                });
        }
        Visual::Icon => icon_choice(ui, &mut mark.icon),
        Visual::Label => {
            ui.checkbox(&mut mark.shown, "shown");
        }
        Visual::Badge => {
            ui.checkbox(&mut mark.count, "the number").on_hover_text(
                "The badge shows the number the rule reads (a count of contested relations, say)",
            );
            if !mark.count {
                icon_choice(ui, &mut mark.icon);
            }
        }
    });
}

fn icon_choice(ui: &mut Ui, chosen: &mut &'static str) {
    egui::ComboBox::from_id_salt("icon")
        .selected_text(*chosen)
        .height(240.0)
        .show_ui(ui, |ui| {
            for icon in icons::CATALOGUE {
                ui.selectable_value(chosen, icon.name, icon.name);
            }
        });
}

/// Every attribute name the map's entities have, sorted.
fn attribute_names(doc: &Document) -> Vec<String> {
    doc.entities
        .iter()
        .flat_map(|e| e.attributes.keys().cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

fn measure_name(m: Measure) -> &'static str {
    MEASURES
        .iter()
        .find(|(x, _)| *x == m)
        .map_or("measure", |(_, n)| n)
}

fn visual_name(v: Visual) -> &'static str {
    VISUALS
        .iter()
        .find(|(x, _)| *x == v)
        .map_or("visual", |(_, n)| n)
}

fn test_name(t: Test) -> &'static str {
    match t {
        Test::Equals => "is",
        Test::AtLeast => "is at least",
        Test::AtMost => "is at most",
    }
}
