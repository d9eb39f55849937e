//! The Rules window's form: what a new rule reads, what it sets and how, with the value
//! widgets of each visual; a draft turned into a rule (and a rule back into a draft, to edit
//! it in place).

use std::collections::BTreeSet;

use egui::{RichText, Ui};
use serde_json::Value;

use crate::look::{self, icons};
use crate::model::rules::{Form, Measure, Rule, Visual};
use crate::model::{Document, NodeShape};

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
pub(super) struct Draft {
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
    /// A rule by value's palette (`model::rules::PALETTES`).
    palette: &'static str,
    /// A range runs along ln(1 + input − low).
    log: bool,
    /// The rule being edited in place, by index; a new one when `None`.
    pub(super) editing: Option<usize>,
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
    /// Takes `visual`'s value `v` (from a rule) into the widget's state.
    fn read(&mut self, visual: Visual, v: &Value) {
        match visual {
            Visual::Color | Visual::Border => {
                if let Some(c) = v.as_str().and_then(crate::model::parse_hex_color) {
                    self.color = c;
                }
            }
            Visual::Size | Visual::Opacity | Visual::LabelSize => {
                if let Some(n) = v.as_f64() {
                    self.number = n as f32;
                }
            }
            Visual::Shape => {
                if let Some(shape) = v.as_str().and_then(NodeShape::named) {
                    self.shape = shape;
                }
            }
            Visual::Label => self.shown = v.as_bool().unwrap_or(self.shown),
            Visual::Icon | Visual::Badge => {
                self.count = v.as_str() == Some(crate::model::rules::BADGE_COUNT);
                if let Some(icon) = v.as_str().and_then(icons::icon) {
                    self.icon = icon.name;
                }
            }
        }
    }

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
            palette: crate::model::rules::PALETTES[0],
            log: false,
            editing: None,
        }
    }
}

impl Draft {
    /// The form for a new rule; returns it when Add is pressed.
    /// The form; returns the rule when Add (or Update) is pressed, with the index it
    /// replaces when it was an edit.
    pub(super) fn ui(&mut self, ui: &mut Ui, doc: &Document) -> Option<(Option<usize>, Rule)> {
        let d = self;
        let heading = match d.editing {
            Some(i) => format!("Edit rule {}", i + 1),
            None => "Add a rule".to_owned(),
        };
        ui.label(RichText::new(heading).strong());
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
                Form::Categorical if d.set == Visual::Color => {
                    let label = ui.label("Palette");
                    ui.horizontal(|ui| {
                        egui::ComboBox::from_id_salt("rule-palette")
                            .selected_text(d.palette)
                            .show_ui(ui, |ui| {
                                for p in crate::model::rules::PALETTES {
                                    ui.selectable_value(&mut d.palette, p, p);
                                }
                            })
                            .response
                            .labelled_by(label.id)
                            .on_hover_text("Each value gets a colour of the palette, told apart by colour-blind readers");
                        for &c in look::rule_palette(Some(d.palette)).iter().take(8) {
                            let (rect, _) =
                                ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
                            ui.painter().rect_filled(rect, 2.0, crate::ui::paint::rgb(c));
                        }
                    });
                    ui.end_row();
                }
                Form::Categorical => {
                    ui.label("");
                    ui.label(
                        RichText::new(
                            "Only colours come by value from a palette; choose where or a range.",
                        )
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
                    ui.label("");
                    ui.checkbox(&mut d.log, "log scale")
                        .on_hover_text("Along ln(1 + input − low): for degrees and counts, where a few are far above the rest");
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
        let (added, cancelled) = ui
            .horizontal(|ui| {
                let label = if d.editing.is_some() {
                    "Update rule"
                } else {
                    "Add rule"
                };
                let added = ui
                    .add_enabled(problems.is_empty(), egui::Button::new(label))
                    .clicked();
                let cancelled = d.editing.is_some() && ui.button("Cancel").clicked();
                (added, cancelled)
            })
            .inner;
        let editing = d.editing;
        if added || cancelled {
            *d = Draft::default();
        }
        added.then_some((editing, rule))
    }

    /// The draft of an existing rule, to edit it in place as rule `index`.
    pub(super) fn of_rule(rule: &Rule, index: usize) -> Self {
        let mut d = Draft {
            name: rule.name.clone(),
            reads: match (&rule.attribute, rule.measure) {
                (Some(a), _) => Reads::Attribute(a.clone()),
                (None, m) => Reads::Measure(m.unwrap_or(Measure::Degree)),
            },
            set: rule.set,
            form: rule.form(),
            editing: Some(index),
            log: rule.scale.as_deref() == Some("log"),
            ..Draft::default()
        };
        if let Some(p) = crate::model::rules::PALETTES
            .iter()
            .find(|p| rule.palette.as_deref() == Some(**p))
        {
            d.palette = p;
        }
        let text = |v: &Value| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        if let Some(v) = &rule.equals {
            (d.test, d.value) = (Test::Equals, text(v));
        } else if let Some(n) = &rule.at_least {
            (d.test, d.value) = (Test::AtLeast, n.to_string());
        } else if let Some(n) = &rule.at_most {
            (d.test, d.value) = (Test::AtMost, n.to_string());
        }
        if let Some(v) = &rule.to {
            d.to.read(rule.set, v);
        }
        if let Some(v) = &rule.from {
            d.from.read(rule.set, v);
        }
        d
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
            Form::Categorical => {
                if self.set == Visual::Color && self.palette != crate::model::rules::PALETTES[0] {
                    rule.palette = Some(self.palette.to_owned());
                }
            }
            Form::Continuous => {
                rule.from = Some(self.from.json(self.set));
                rule.to = Some(self.to.json(self.set));
                if self.log {
                    rule.scale = Some("log".to_owned());
                }
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

pub(super) fn measure_name(m: Measure) -> &'static str {
    MEASURES
        .iter()
        .find(|(x, _)| *x == m)
        .map_or("measure", |(_, n)| n)
}

pub(super) fn visual_name(v: Visual) -> &'static str {
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
