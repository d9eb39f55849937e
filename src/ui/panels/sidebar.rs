//! The left panel: what the map is, search, the legend (whose kinds can be switched off; its
//! keys and words are the look's, as in figures), the exploration controls, the layout panel,
//! the sources, and every entity by name.

use std::collections::{BTreeMap, BTreeSet};

use egui::{RichText, Sense, Stroke, Ui, vec2};

use super::explore::Explore;
use crate::look::geometry;
use crate::look::legend::{Key, Medium};
use crate::look::{self};
use crate::model::Document;
use crate::ui::commands::{Action, Selection, UiCommand};
use crate::ui::paint::{self, node_shape, rgb};
use crate::view::Decor;

/// Draws the panel's contents; returns what the user asked for.
pub fn show(
    ui: &mut Ui,
    doc: &Document,
    selection: &Selection,
    explore: &mut Explore,
    decor: &Decor,
    layout: &super::layout::LayoutStatus,
    hidden_badges: bool,
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
            legend(ui, doc, explore, decor, &mut actions);
            if hidden_badges {
                // The case's "+N" badges (`ui/app/case/marks.rs`), keyed as they are drawn.
                legend_row(
                    ui,
                    "neighbours in the case not in view: click to expand",
                    |painter, rect| {
                        let visuals = painter.ctx().global_style().visuals.clone();
                        let galley = painter.layout_no_wrap(
                            "+N".to_owned(),
                            egui::FontId::proportional(10.0),
                            visuals.strong_text_color(),
                        );
                        let pill = egui::Rect::from_center_size(
                            rect.center(),
                            galley.size() + vec2(6.0, 2.0),
                        );
                        painter.rect_filled(pill, 4.0, visuals.widgets.inactive.bg_fill);
                        painter.galley(
                            pill.min + vec2(3.0, 1.0),
                            galley,
                            visuals.strong_text_color(),
                        );
                    },
                );
            }
            ui.separator();
            egui::CollapsingHeader::new(RichText::new("Explore").strong())
                .id_salt("explore")
                .default_open(true)
                .show(ui, |ui| explore.controls_ui(ui, doc, selection));
            ui.separator();
            super::layout::show(ui, layout, doc, explore, &mut actions);
            ui.separator();
            sources(ui, doc, selection, &mut actions);
            ui.separator();
            entities(ui, doc, selection, explore, &mut actions);
        });
    actions
}

/// A kind's shape in its colour and its icon, `radius` in a square of `side`, as the canvas
/// draws it. Kinds with an icon get a larger key, so the icon can be told apart.
fn kind_swatch(ui: &mut Ui, st: look::EntityStyle, side: f32, radius: f32) {
    let radius = look::legend::kind_key_radius(radius, &st);
    let (rect, _) = ui.allocate_exact_size(vec2(side, side), Sense::hover());
    let icon = look::icons::mark(&st, st.color, radius);
    if !icon.is_some_and(|m| m.alone) {
        ui.painter().add(node_shape(
            rect.center(),
            radius,
            st.shape,
            rgb(st.color),
            Stroke::NONE,
        ));
    }
    if let Some(mark) = icon
        && let Some(image) = crate::ui::icons::icon_shape(
            ui.ctx(),
            mark.icon,
            rect.center(),
            mark.size,
            mark.ink,
            1.0,
        )
    {
        ui.painter().add(image);
    }
}

fn legend(
    ui: &mut Ui,
    doc: &Document,
    explore: &mut Explore,
    decor: &Decor,
    actions: &mut Vec<Action>,
) {
    ui.label(RichText::new("Legend").strong())
        .on_hover_text("Untick a kind to hide (or dim) it; ✏ styles it: colour, shape, icon");
    explore.views_ui(ui, doc);
    // Every kind, hidden ones too, so they can be ticked back on.
    let revision = explore.revision();
    let hidden = &mut explore.filter.hidden_entity_kinds;
    let kinds = explore
        .views
        .kinds
        .get(revision, || look::legend::kinds(doc, &Decor::default()));
    let communities = look::legend::communities(decor);
    for kind in kinds {
        ui.horizontal(|ui| {
            let mut style = kind.style;
            if !communities.is_empty() {
                // Colours are the communities' now; kinds keep their shapes.
                style.color = look::OTHER_COMMUNITIES;
            }
            kind_swatch(ui, style, 16.0, 6.0);
            kind_toggle(ui, hidden, &kind.kind, kind.count);
            if ui
                .small_button("✏")
                .on_hover_text(format!("Style of {}: colour, shape and icon", kind.kind))
                .clicked()
            {
                actions.push(Action::StyleKind(kind.kind.clone()));
            }
        });
    }
    for c in &communities {
        legend_row(
            ui,
            &format!("{}  ({})", c.text, c.count),
            |painter, rect| {
                painter.circle_filled(rect.center(), 6.0, rgb(c.color));
            },
        );
    }
    let rules = explore.views.rules.get((revision, explore.style_view), || {
        crate::view::rules::legend(doc, crate::view::rules::active(doc, explore.style_view))
    });
    for rule in rules {
        ui.label(RichText::new(&rule.title).strong());
        for (text, mark) in &rule.keys {
            legend_row(ui, text, |painter, rect| {
                rule_key(painter, rect.center(), rule.visual, *mark);
            });
        }
    }

    let relation_kinds = explore.views.relation_kinds.get(revision, || {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for r in &doc.relations {
            *counts.entry(r.kind.as_str()).or_default() += 1;
        }
        counts.into_iter().map(|(k, n)| (k.to_owned(), n)).collect()
    });
    egui::CollapsingHeader::new(format!("Relation kinds ({})", relation_kinds.len()))
        .id_salt("relation-kinds")
        .show(ui, |ui| {
            let hidden = &mut explore.filter.hidden_relation_kinds;
            for (kind, count) in relation_kinds {
                kind_toggle(ui, hidden, kind, *count);
            }
        });

    let visuals = ui.visuals().clone();
    for entry in look::legend::lines(doc, decor, Medium::Window) {
        legend_row(ui, entry.text, |painter, rect| match entry.key {
            Key::Line { look: line, arrow } => {
                let color = paint::faded(paint::ink(line.ink, &visuals), line.opacity);
                let stroke = Stroke::new(line.width, color);
                let (a, b) = (rect.left_center(), rect.right_center());
                let end = if arrow { b - vec2(5.0, 0.0) } else { b };
                if line.dashed {
                    painter.extend(egui::Shape::dashed_line(&[a, end], stroke, 5.0, 3.0));
                } else {
                    painter.line_segment([a, end], stroke);
                }
                let mid = paint::pt(rect.center());
                if line.contested_marker {
                    painter.add(egui::Shape::convex_polygon(
                        geometry::contested_marker(mid)
                            .into_iter()
                            .map(paint::pos)
                            .collect(),
                        paint::CONTESTED_COLOR,
                        Stroke::NONE,
                    ));
                }
                if line.struck {
                    for [p, q] in geometry::denied_cross(mid) {
                        painter.line_segment(
                            [paint::pos(p), paint::pos(q)],
                            Stroke::new(look::DENIED_CROSS.1 * 0.6, color),
                        );
                    }
                }
                if arrow {
                    let head = geometry::arrow_head(paint::pt(b), paint::pt(a), 7.0);
                    painter.add(egui::Shape::convex_polygon(
                        head.into_iter().map(paint::pos).collect(),
                        color,
                        Stroke::NONE,
                    ));
                }
            }
            Key::Pin => {
                painter.circle_filled(rect.center(), 3.0, visuals.strong_text_color());
            }
        });
    }
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

fn entities(
    ui: &mut Ui,
    doc: &Document,
    selection: &Selection,
    explore: &mut Explore,
    actions: &mut Vec<Action>,
) {
    ui.label(RichText::new(format!("Entities ({})", doc.entities.len())).strong());
    let by_name = explore.views.by_name.get(explore.revision(), || {
        let mut order: Vec<usize> = (0..doc.entities.len()).collect();
        order.sort_by_cached_key(|&i| doc.entities[i].name.to_lowercase());
        order
    });
    if by_name.len() <= LIST_ALL_UP_TO {
        for &i in by_name {
            if let Some(e) = doc.entities.get(i) {
                entity_row(ui, doc, e, selection, actions);
            }
        }
        return;
    }
    // A long list lays out only the rows in view, so it costs what a short one does.
    let row = ui.spacing().interact_size.y;
    egui::ScrollArea::vertical()
        .id_salt("entity-list")
        .max_height(row * 30.0)
        .show_rows(ui, row, by_name.len(), |ui, rows| {
            for &i in by_name.get(rows).unwrap_or_default() {
                if let Some(e) = doc.entities.get(i) {
                    entity_row(ui, doc, e, selection, actions);
                }
            }
        });
}

fn entity_row(
    ui: &mut Ui,
    doc: &Document,
    e: &crate::model::Entity,
    selection: &Selection,
    actions: &mut Vec<Action>,
) {
    {
        let selected = selection.contains_entity(&e.id);
        ui.horizontal(|ui| {
            kind_swatch(ui, look::entity_style(&doc.styles, &e.kind), 12.0, 4.5);
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

/// Entity lists up to this long are laid out whole (and every name is on the accessibility
/// tree); longer ones scroll in a box of their own that lays out only the rows in view.
const LIST_ALL_UP_TO: usize = 300;

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

/// A rule's key at `c`, as the figure's legend draws it (`export::svg`).
fn rule_key(
    painter: &egui::Painter,
    c: egui::Pos2,
    visual: crate::model::rules::Visual,
    mark: crate::view::rules::Set,
) {
    use crate::look::legend::{ICON_KEY, KEY_RADIUS, RING_KEY_WIDTH, size_key_radius};
    use crate::model::rules::Visual;
    use crate::view::rules::Set;
    let grey = rgb(look::RELATION_COLOR);
    let ink = rgb(paint::theme(&painter.ctx().global_style().visuals).text());
    match (visual, mark) {
        (Visual::Border, Set::Paint(p)) => {
            painter.circle_stroke(
                c,
                KEY_RADIUS,
                Stroke::new(RING_KEY_WIDTH, rgb(look::paint_color(p))),
            );
        }
        (_, Set::Paint(p)) => {
            painter.circle_filled(c, KEY_RADIUS, rgb(look::paint_color(p)));
        }
        (Visual::Size, Set::Number(k)) => {
            painter.circle_filled(c, size_key_radius(k), grey);
        }
        (Visual::LabelSize, Set::Number(k)) => {
            painter.text(
                c,
                egui::Align2::CENTER_CENTER,
                "Aa",
                egui::FontId::proportional(10.0 * k.min(1.6)),
                ink,
            );
        }
        (_, Set::Number(k)) => {
            painter.circle_filled(c, KEY_RADIUS, paint::faded(grey, k));
        }
        (_, Set::Shape(shape)) => {
            painter.add(node_shape(c, KEY_RADIUS, shape, grey, Stroke::NONE));
        }
        (_, Set::Icon(icon)) => {
            if let Some(image) = crate::ui::icons::icon_shape(
                painter.ctx(),
                icon,
                c,
                ICON_KEY,
                paint::rgb_of(ink),
                1.0,
            ) {
                painter.add(image);
            }
        }
        (_, Set::Badge(icon)) => {
            let content = match icon {
                Some(icon) => crate::ui::badges::Content::Icon(icon),
                None => crate::ui::badges::Content::Text("n".to_owned()),
            };
            painter.extend(crate::ui::badges::shapes(
                painter.ctx(),
                &content,
                c,
                KEY_RADIUS,
                1.0,
            ));
        }
        (_, Set::Label(shown)) => {
            // "Aa", struck through when names are hidden, as the figure's legend draws it.
            let rect = painter.text(
                c,
                egui::Align2::CENTER_CENTER,
                "Aa",
                egui::FontId::proportional(10.0),
                ink,
            );
            if !shown {
                painter.line_segment(
                    [rect.left_center(), rect.right_center()],
                    Stroke::new(1.0, ink),
                );
            }
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
