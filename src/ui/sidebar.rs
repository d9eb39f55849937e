//! The left panel: what the map is, search, the legend (whose kinds can be switched off),
//! the exploration controls, the layout's controls, the sources, and every entity by name.

use std::collections::{BTreeMap, BTreeSet};

use egui::{RichText, Sense, Stroke, Ui, vec2};

use super::canvas::{CONTESTED_COLOR, DISAGREEMENT_COLOR, node_shape, rgb};
use super::commands::{Action, Selection, UiCommand};
use super::explore::Explore;
use super::inspector::stance_color;
use crate::layout::LayoutParams;
use crate::model::{Document, Stance};
use crate::style;

/// Draws the panel's contents; returns what the user asked for.
pub fn show(
    ui: &mut Ui,
    doc: &Document,
    selection: &Selection,
    explore: &mut Explore,
    layout: &LayoutStatus,
) -> Vec<Action> {
    let mut actions = Vec::new();
    egui::ScrollArea::vertical()
        .id_salt("sidebar")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let title = if doc.title.is_empty() {
                "Untitled map"
            } else {
                &doc.title
            };
            ui.add(egui::Label::new(RichText::new(title).heading()).wrap());
            if !doc.description.is_empty() {
                ui.add(egui::Label::new(RichText::new(&doc.description).weak()).wrap());
            }
            ui.separator();
            actions.extend(explore.search_ui(ui, doc));
            ui.separator();
            legend(ui, doc, explore);
            ui.separator();
            egui::CollapsingHeader::new(RichText::new("Explore").strong())
                .id_salt("explore")
                .default_open(true)
                .show(ui, |ui| explore.controls_ui(ui, doc, selection));
            ui.separator();
            layout_controls(ui, layout, &mut actions);
            ui.separator();
            sources(ui, doc, selection, &mut actions);
            ui.separator();
            entities(ui, doc, selection, &mut actions);
        });
    actions
}

/// What the layout section shows of the running layout.
#[derive(Debug, Clone, Copy)]
pub struct LayoutStatus {
    pub running: bool,
    pub paused: bool,
    /// The simulation's alpha: 1 at a fresh start, cooling towards rest.
    pub heat: f32,
    pub params: LayoutParams,
}

/// Pause, resume, reheat and re-run the layout, and tune its forces (as Gephi's layout panel).
fn layout_controls(ui: &mut Ui, status: &LayoutStatus, actions: &mut Vec<Action>) {
    egui::CollapsingHeader::new(RichText::new("Layout").strong())
        .id_salt("layout")
        .default_open(false)
        .show(ui, |ui| {
            let state = if status.paused {
                "Paused".to_owned()
            } else if status.running {
                format!("Moving (heat {:.2})", status.heat)
            } else {
                "At rest".to_owned()
            };
            ui.label(state);
            ui.horizontal_wrapped(|ui| {
                let pause = if status.paused { "Resume" } else { "Pause" };
                if ui
                    .add_enabled(status.running || status.paused, egui::Button::new(pause))
                    .on_hover_text(UiCommand::PauseLayout.tooltip())
                    .clicked()
                {
                    actions.push(UiCommand::PauseLayout.into());
                }
                if ui
                    .button("Reheat")
                    .on_hover_text(UiCommand::ReheatLayout.tooltip())
                    .clicked()
                {
                    actions.push(UiCommand::ReheatLayout.into());
                }
                if ui
                    .button("Re-run")
                    .on_hover_text(UiCommand::RestartLayout.tooltip())
                    .clicked()
                {
                    actions.push(UiCommand::RestartLayout.into());
                }
            });
            let mut p = status.params;
            let mut repulsion = -p.charge;
            let mut changed = false;
            let mut slider = |ui: &mut Ui, value: &mut f32, range, text: &str, hover: &str| {
                changed |= ui
                    .add(egui::Slider::new(value, range).text(text))
                    .on_hover_text(hover)
                    .changed();
            };
            slider(
                ui,
                &mut p.link_distance,
                10.0..=400.0,
                "Link length",
                "How long relations try to be",
            );
            slider(
                ui,
                &mut repulsion,
                0.0..=3000.0,
                "Repulsion",
                "How hard entities push each other away",
            );
            slider(
                ui,
                &mut p.gravity,
                0.0..=0.5,
                "Gravity",
                "How hard everything is pulled to the middle, keeping separate groups close",
            );
            slider(
                ui,
                &mut p.velocity_decay,
                0.05..=0.9,
                "Friction",
                "Higher settles sooner and more calmly; lower travels further",
            );
            slider(
                ui,
                &mut p.overlap_strength,
                0.0..=1.0,
                "Overlap removal",
                "How hard overlapping entities and labels push apart (0 turns it off)",
            );
            slider(
                ui,
                &mut p.overlap_padding,
                0.0..=40.0,
                "Spacing",
                "Room kept between entities when removing overlaps",
            );
            slider(
                ui,
                &mut p.theta,
                0.2..=1.5,
                "Approximation",
                "On maps over 1000 entities, how far away groups of entities count as one: \
                 higher is faster, lower is more exact",
            );
            p.charge = -repulsion;
            let defaults = LayoutParams::default();
            if ui
                .add_enabled(p != defaults, egui::Button::new("Defaults"))
                .on_hover_text("Put every setting back as it was")
                .clicked()
            {
                p = defaults;
                changed = true;
            }
            if changed {
                actions.push(Action::SetLayoutParams(p));
            }
        });
}

/// A kind's shape in its colour, `radius` in a square of `side`, as the canvas draws it.
fn kind_swatch(ui: &mut Ui, doc: &Document, kind: &str, side: f32, radius: f32) {
    let st = style::entity_style(&doc.styles, kind);
    let (rect, _) = ui.allocate_exact_size(vec2(side, side), Sense::hover());
    ui.painter().add(node_shape(
        rect.center(),
        radius,
        st.shape,
        rgb(st.color),
        Stroke::NONE,
    ));
}

fn legend(ui: &mut Ui, doc: &Document, explore: &mut Explore) {
    ui.label(RichText::new("Legend").strong())
        .on_hover_text("Untick a kind to hide (or dim) it");
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &doc.entities {
        *kinds.entry(e.kind.as_str()).or_default() += 1;
    }
    let hidden = &mut explore.filter.hidden_entity_kinds;
    for (kind, count) in &kinds {
        ui.horizontal(|ui| {
            kind_swatch(ui, doc, kind, 16.0, 6.0);
            kind_toggle(ui, hidden, kind, *count);
        });
    }

    let mut relation_kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &doc.relations {
        *relation_kinds.entry(r.kind.as_str()).or_default() += 1;
    }
    egui::CollapsingHeader::new(format!("Relation kinds ({})", relation_kinds.len()))
        .id_salt("relation-kinds")
        .show(ui, |ui| {
            let hidden = &mut explore.filter.hidden_relation_kinds;
            for (kind, count) in &relation_kinds {
                kind_toggle(ui, hidden, kind, *count);
            }
        });

    let relation_color = rgb(style::RELATION_COLOR);
    legend_row(ui, "directed relation", |painter, rect| {
        let (a, b) = (rect.left_center(), rect.right_center());
        painter.line_segment([a, b - vec2(5.0, 0.0)], Stroke::new(1.5, relation_color));
        painter.add(egui::Shape::convex_polygon(
            vec![b, b + vec2(-7.0, -4.0), b + vec2(-7.0, 4.0)],
            relation_color,
            Stroke::NONE,
        ));
    });
    legend_row(ui, "undirected relation", |painter, rect| {
        painter.line_segment(
            [rect.left_center(), rect.right_center()],
            Stroke::new(1.5, relation_color),
        );
    });
    legend_row(ui, "contested: its claims disagree", |painter, rect| {
        painter.extend(egui::Shape::dashed_line(
            &[rect.left_center(), rect.right_center()],
            Stroke::new(1.6, CONTESTED_COLOR),
            5.0,
            3.0,
        ));
        let c = rect.center();
        painter.add(egui::Shape::convex_polygon(
            vec![
                c + vec2(0.0, -4.0),
                c + vec2(4.0, 0.0),
                c + vec2(0.0, 4.0),
                c + vec2(-4.0, 0.0),
            ],
            CONTESTED_COLOR,
            Stroke::NONE,
        ));
    });
    if explore.lens.is_some() {
        for (stance, text) in [
            (Stance::Asserts, "the lens asserts it"),
            (Stance::Denies, "the lens denies it (struck)"),
            (Stance::Qualifies, "the lens qualifies it"),
        ] {
            let color = stance_color(stance);
            legend_row(ui, text, |painter, rect| {
                painter.line_segment(
                    [rect.left_center(), rect.right_center()],
                    Stroke::new(2.2, color),
                );
            });
        }
        if explore.compare.is_some() {
            legend_row(ui, "the two lenses disagree", |painter, rect| {
                painter.line_segment(
                    [rect.left_center(), rect.right_center()],
                    Stroke::new(3.5, DISAGREEMENT_COLOR),
                );
            });
        }
    }
    let pin_color = ui.visuals().strong_text_color();
    legend_row(ui, "pinned (dragged into place)", |painter, rect| {
        painter.circle_filled(rect.center(), 3.0, pin_color);
    });
}

fn sources(ui: &mut Ui, doc: &Document, selection: &Selection, actions: &mut Vec<Action>) {
    egui::CollapsingHeader::new(RichText::new(format!("Sources ({})", doc.sources.len())).strong())
        .id_salt("sources")
        .show(ui, |ui| {
            for s in &doc.sources {
                let selected = matches!(selection, Selection::Source(id) if *id == s.id);
                if ui
                    .selectable_label(selected, &s.title)
                    .on_hover_text(format!("source · {}", s.id))
                    .clicked()
                {
                    actions.push(Action::Select(Selection::Source(s.id.clone())));
                }
            }
            if ui.small_button("+ Add source").clicked() {
                actions.push(Action::Command(UiCommand::AddSource));
            }
        });
}

fn entities(ui: &mut Ui, doc: &Document, selection: &Selection, actions: &mut Vec<Action>) {
    ui.label(RichText::new(format!("Entities ({})", doc.entities.len())).strong());
    let mut by_name: Vec<_> = doc.entities.iter().collect();
    by_name.sort_by_cached_key(|e| e.name.to_lowercase());
    for e in by_name {
        let selected = selection.contains_entity(&e.id);
        ui.horizontal(|ui| {
            kind_swatch(ui, doc, &e.kind, 12.0, 4.5);
            let response = ui
                .selectable_label(selected, &e.name)
                .on_hover_text(format!(
                    "{} · {}  (Shift/Ctrl+click: add to the selection)",
                    e.kind, e.id
                ));
            if response.clicked() {
                let multi = ui.input(|i| i.modifiers.shift || i.modifiers.command);
                let next = if multi {
                    selection.toggled(&e.id)
                } else {
                    Selection::Entity(e.id.clone())
                };
                actions.push(Action::Select(next));
            }
        });
    }
}

/// A checkbox that shows or hides one kind.
fn kind_toggle(ui: &mut Ui, hidden: &mut BTreeSet<String>, kind: &str, count: usize) {
    let mut shown = !hidden.contains(kind);
    if ui
        .checkbox(&mut shown, format!("{kind}  ({count})"))
        .changed()
    {
        if shown {
            hidden.remove(kind);
        } else {
            hidden.insert(kind.to_owned());
        }
    }
}

/// One legend line: a small painted key, then its meaning.
fn legend_row(ui: &mut Ui, text: &str, paint: impl FnOnce(&egui::Painter, egui::Rect)) {
    ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(vec2(28.0, 14.0), Sense::hover());
        paint(ui.painter(), rect);
        ui.label(text);
    });
}
