//! The layout panel: pause, resume, reheat and re-run the layout, and tune its forces.

use egui::{RichText, Ui};

use super::explore::Explore;
use crate::layout::{LayoutParams, LiveModel};
use crate::model::Document;
use crate::ui::commands::{Action, UiCommand};

/// What the layout section shows of the running layout.
#[derive(Debug, Clone, Copy)]
pub struct LayoutStatus {
    pub running: bool,
    pub paused: bool,
    /// The simulation's alpha: 1 at a fresh start, cooling towards rest.
    pub heat: f32,
    pub params: LayoutParams,
}

/// Pause, resume, reheat and re-run the layout, and tune its forces (as Gephi's layout panel);
/// choose the relation kinds the hierarchical layout reads.
pub fn show(
    ui: &mut Ui,
    status: &LayoutStatus,
    doc: &Document,
    explore: &mut Explore,
    actions: &mut Vec<Action>,
) {
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
            ui.horizontal_wrapped(|ui| {
                ui.label("Moves by").on_hover_text(
                    "What moves the map when the layout runs: a reheat, a drag, a new entity",
                );
                changed |= ui
                    .radio_value(&mut p.model, LiveModel::Stress, "stress")
                    .on_hover_text(
                        "The energy the stress layout minimises: trees stay straight and \
                         separate parts apart (maps up to 1 500 entities; forces above)",
                    )
                    .changed();
                changed |= ui
                    .radio_value(&mut p.model, LiveModel::Force, "forces")
                    .on_hover_text(
                        "Springs, repulsion and gravity, as d3-force: the sliders below tune them",
                    )
                    .changed();
            });
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
            hierarchy_kinds(ui, doc, explore);
        });
}

/// The directed relation kinds, ticked when View > Layout > Hierarchical reads them.
fn hierarchy_kinds(ui: &mut Ui, doc: &Document, explore: &mut Explore) {
    let revision = explore.revision();
    let (directed, defaults) = explore
        .views
        .hierarchy
        .get(revision, || {
            let mut kinds: Vec<String> = doc
                .relations
                .iter()
                .filter(|r| r.directed)
                .map(|r| r.kind.clone())
                .collect();
            kinds.sort();
            kinds.dedup();
            (kinds, crate::arrange::hierarchy_kinds(doc))
        })
        .clone();
    egui::CollapsingHeader::new(format!("Hierarchy kinds ({})", directed.len()))
        .id_salt("hierarchy-kinds")
        .show(ui, |ui| {
            ui.label(
                RichText::new(
                    "Hierarchical layout reads these: the entity that leads, founds or \
                     parents sits above; one that is a member, child or part sits below.",
                )
                .weak(),
            );
            let mut chosen = explore
                .hierarchy_kinds
                .clone()
                .unwrap_or_else(|| defaults.clone());
            let mut changed = false;
            for kind in &directed {
                let mut on = chosen.contains(kind);
                let below = crate::arrange::BOTTOM_UP_KINDS.contains(&kind.as_str());
                let hint = if below {
                    "read upwards: the entity it points to sits above"
                } else {
                    "read downwards: the entity it starts from sits above"
                };
                if ui
                    .checkbox(&mut on, kind.as_str())
                    .on_hover_text(hint)
                    .changed()
                {
                    changed = true;
                    if on {
                        chosen.push(kind.clone());
                    } else {
                        chosen.retain(|k| k != kind);
                    }
                }
            }
            if changed {
                chosen.sort();
                explore.hierarchy_kinds = (chosen != defaults).then_some(chosen);
            }
        });
}
