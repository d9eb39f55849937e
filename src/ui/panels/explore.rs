//! Exploration: how the user is looking at the map right now — search, filters, a
//! neighbourhood focus, a perspective lens (and a second one to compare), the timeline, the
//! highlighted path, node sizes. None of it changes the document; it becomes the canvas's
//! [`Decor`], computed from the `query` module's answers.

use egui::{RichText, Ui};

use super::cache::Cached;
pub use super::metrics::Metrics;
use crate::look::truncate;
use crate::model::{Document, EntityId, RelationId};
use crate::query::{self, Adjacency, Filter, Perspective};
use crate::ui::commands::{Action, Selection};
use crate::view::{self, Decor, ViewSettings};

/// What node size shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SizeBy {
    #[default]
    Uniform,
    Degree,
    Betweenness,
}

/// A path between two entities, as ids so it survives edits of other things.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundPath {
    pub entities: Vec<EntityId>,
    pub relations: Vec<RelationId>,
}

/// The exploration state.
#[derive(Debug, Default)]
pub struct Explore {
    pub filter: Filter,
    /// Show filtered-out things faintly instead of hiding them.
    pub dim: bool,
    pub lens: Option<Perspective>,
    pub compare: Option<Perspective>,
    pub size_by: SizeBy,
    /// Colour entities by community instead of kind.
    pub community_colours: bool,
    /// The map's view chosen (`styles.views`, by index): its rules apply instead of the map's.
    pub style_view: Option<usize>,
    /// The relation kinds the hierarchical layout reads; `None` for the built-in ones.
    pub hierarchy_kinds: Option<Vec<String>>,
    /// Leave contested relations out of shortest paths.
    pub ignore_contested: bool,
    /// Index into the timeline's dates, when the map is shown as of a date.
    pub as_of: Option<usize>,
    pub search: String,
    /// The highlighted search hit.
    pub search_cursor: usize,
    /// Give the search field focus on the next frame.
    pub focus_search: bool,
    /// The shortest path between the two selected entities, and what it was found for.
    path: Option<(PathKey, Option<FoundPath>)>,
    /// What the canvas's decor was last built from.
    decor_key: Option<DecorKey>,
    /// The document's structure and content revisions this frame (see
    /// [`Explore::refresh_path`]): the key of the cached views.
    revision: (u64, u64),
    /// What the panels show, computed once per change.
    pub views: Views,
}

/// What the panels show that takes a pass over the map, cached until the map's structure or
/// content (or the search) changes.
#[derive(Debug, Default)]
pub struct Views {
    search: Cached<((u64, u64), String), Vec<query::Hit>>,
    claimants: Cached<(u64, u64), Vec<EntityId>>,
    timeline: Cached<(u64, u64), Vec<crate::model::PartialDate>>,
    /// Entity indices by name, for the sidebar's list.
    pub by_name: Cached<(u64, u64), Vec<usize>>,
    /// Entity kinds with their counts, for the legend.
    pub kinds: Cached<(u64, u64), Vec<crate::look::legend::KindKey>>,
    /// Relation kinds with their counts, for the legend.
    pub relation_kinds: Cached<(u64, u64), Vec<(String, usize)>>,
    /// For each entity, the sources whose text names it, with counts.
    pub mentions: Cached<(u64, u64), Vec<query::mentions::NamedIn>>,
    /// The directed relation kinds, and those the hierarchical layout reads by default.
    pub hierarchy: Cached<(u64, u64), (Vec<String>, Vec<String>)>,
    /// The map's rules as the legend keys them.
    pub rules: Cached<RulesKey, Vec<crate::view::rules::RuleLegend>>,
}

impl Views {
    /// How many times any view was computed.
    pub fn computations(&self) -> u64 {
        self.search.computations
            + self.claimants.computations
            + self.timeline.computations
            + self.by_name.computations
            + self.kinds.computations
            + self.relation_kinds.computations
            + self.mentions.computations
            + self.hierarchy.computations
            + self.rules.computations
    }
}

/// What the rules' legend depends on: the map's revisions and the view chosen.
type RulesKey = ((u64, u64), Option<usize>);

/// What a shortest path depends on.
#[derive(Debug, Clone, PartialEq)]
struct PathKey {
    /// The structure and content revisions (see `crate::workspace::Revisions`).
    revision: (u64, u64),
    selection: Selection,
    ignore_contested: bool,
}

/// What the canvas's decor depends on. Both it and the path take a pass over the whole map,
/// and the window draws many frames between changes (a 100 000-entity map included).
#[derive(Debug, Clone, PartialEq)]
struct DecorKey {
    /// The structure and content revisions: positions do not change the decor.
    revision: (u64, u64),
    metrics: u64,
    filter: Filter,
    dim: bool,
    lens: Option<Perspective>,
    compare: Option<Perspective>,
    size_by: SizeBy,
    community_colours: bool,
    style_view: Option<usize>,
    as_of: Option<usize>,
    path: Option<FoundPath>,
}

impl Explore {
    /// Finds the shortest path between the two selected entities again if the map (counted by
    /// its structure and content revisions), the selection or the contested-relations setting
    /// changed.
    pub fn refresh_path(&mut self, doc: &Document, revision: (u64, u64), selection: &Selection) {
        self.revision = revision;
        let key = PathKey {
            revision,
            selection: selection.clone(),
            ignore_contested: self.ignore_contested,
        };
        if self.path.as_ref().is_none_or(|(k, _)| *k != key) {
            let found = self.path(doc, selection);
            self.path = Some((key, found));
        }
    }

    /// The revisions of the map the panels show this frame.
    pub fn revision(&self) -> (u64, u64) {
        self.revision
    }

    /// The path found by the last [`Self::refresh_path`].
    pub fn found_path(&self) -> Option<&FoundPath> {
        self.path.as_ref().and_then(|(_, p)| p.as_ref())
    }

    /// The canvas's decor, if anything it is built from changed since the last call.
    /// Makes the next `decor_if_changed` draw afresh: what it does not key on (a comparison's
    /// marks) changed.
    pub fn redraw(&mut self) {
        self.decor_key = None;
    }

    pub fn decor_if_changed(
        &mut self,
        doc: &Document,
        revision: (u64, u64),
        metrics: &Metrics,
    ) -> Option<Decor> {
        let key = DecorKey {
            revision,
            metrics: metrics.generation,
            filter: self.filter.clone(),
            dim: self.dim,
            lens: self.lens.clone(),
            compare: self.compare.clone(),
            size_by: self.size_by,
            community_colours: self.community_colours,
            style_view: self.style_view,
            as_of: self.as_of,
            path: self.found_path().cloned(),
        };
        if self.decor_key.as_ref() == Some(&key) {
            return None;
        }
        let decor = self.decor(doc, metrics, key.path.as_ref());
        self.decor_key = Some(key);
        Some(decor)
    }

    /// The shortest path between the two selected entities, if exactly two are selected.
    fn path(&self, doc: &Document, selection: &Selection) -> Option<FoundPath> {
        let Selection::Entities(ids) = selection else {
            return None;
        };
        let [a, b] = ids.as_slice() else { return None };
        let (from, to) = (doc.entity_index(a.as_str())?, doc.entity_index(b.as_str())?);
        let adj = if self.ignore_contested {
            Adjacency::new(doc, |r| !doc.relations[r].is_contested())
        } else {
            Adjacency::of(doc)
        };
        let path = adj.shortest_path(from, to)?;
        Some(FoundPath {
            entities: path
                .entities
                .iter()
                .map(|&i| doc.entities[i].id.clone())
                .collect(),
            relations: path
                .relations
                .iter()
                .map(|&i| doc.relations[i].id.clone())
                .collect(),
        })
    }

    /// The filter with the timeline's date applied.
    pub fn effective_filter(&self, doc: &Document) -> Filter {
        let mut f = self.filter.clone();
        if let Some(i) = self.as_of {
            f.as_of = query::timeline(doc).get(i).cloned();
        }
        f
    }

    /// Whether anything narrows or colours the view.
    pub fn is_active(&self) -> bool {
        !self.filter.is_empty() || self.lens.is_some() || self.as_of.is_some()
    }

    /// How every entity and relation is shown.
    fn decor(&self, doc: &Document, metrics: &Metrics, path: Option<&FoundPath>) -> Decor {
        let sizes: Vec<f64> = match self.size_by {
            SizeBy::Uniform => Vec::new(),
            SizeBy::Degree => metrics.degree.iter().map(|&d| d as f64).collect(),
            SizeBy::Betweenness => metrics.betweenness.clone(),
        };
        view::decor(
            doc,
            &ViewSettings {
                filter: self.effective_filter(doc),
                dim: self.dim,
                lens: self.lens.clone(),
                compare: self.compare.clone(),
                path: path.map(|p| (p.entities.clone(), p.relations.clone())),
                sizes,
                community_colours: self.community_colours,
                style_view: self.style_view,
                betweenness: Some(metrics.betweenness.clone()),
            },
        )
    }

    /// The search box and its results; returns what the user picked.
    pub fn search_ui(&mut self, ui: &mut Ui, doc: &Document) -> Vec<Action> {
        let mut actions = Vec::new();
        let label = ui.label(RichText::new("Find").strong());
        let edit = ui
            .add(
                egui::TextEdit::singleline(&mut self.search)
                    .hint_text("name or alias (Ctrl+F)")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        if std::mem::take(&mut self.focus_search) {
            edit.request_focus();
        }
        if edit.changed() {
            self.search_cursor = 0;
        }
        let key = (self.revision, self.search.clone());
        let all = self
            .views
            .search
            .get(key, || query::search(doc, &self.search));
        let total = all.len();
        let hits: Vec<query::Hit> = all.iter().take(8).cloned().collect();
        let shown = hits.len();
        if edit.has_focus() && shown > 0 {
            ui.input_mut(|i| {
                if i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown) {
                    self.search_cursor = (self.search_cursor + 1).min(shown - 1);
                }
                if i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp) {
                    self.search_cursor = self.search_cursor.saturating_sub(1);
                }
            });
        }
        let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let mut pick = None;
        if enter && shown > 0 {
            pick = Some(hits[self.search_cursor.min(shown - 1)].entity);
        }
        if !self.search.trim().is_empty() {
            if hits.is_empty() {
                ui.label(RichText::new("No entity matches").weak());
            }
            for (k, hit) in hits.iter().take(shown).enumerate() {
                let e = &doc.entities[hit.entity];
                let text = match &hit.via_alias {
                    Some(alias) => format!("{}  (as \"{alias}\")", e.name),
                    None => e.name.clone(),
                };
                if ui.selectable_label(k == self.search_cursor, text).clicked() {
                    pick = Some(hit.entity);
                }
            }
            if total > shown {
                ui.label(RichText::new(format!("and {} more", total - shown)).weak());
            }
        }
        if let Some(i) = pick {
            actions.push(Action::FocusEntity(doc.entities[i].id.clone()));
        }
        actions
    }

    /// The filter, focus, lens, sizing and timeline controls.
    pub fn controls_ui(&mut self, ui: &mut Ui, doc: &Document, selection: &Selection) {
        ui.horizontal_wrapped(|ui| {
            ui.label("Focus:");
            let current = self.filter.focus.as_ref().map(|(_, h)| *h);
            if ui.selectable_label(current.is_none(), "whole map").clicked() {
                self.filter.focus = None;
            }
            let selected = selection.entities();
            for hops in 1..=3 {
                let button = ui
                    .add_enabled(
                        !selected.is_empty() || current == Some(hops),
                        egui::Button::selectable(current == Some(hops), format!("{hops} hop{}", if hops == 1 { "" } else { "s" })),
                    )
                    .on_hover_text(format!(
                        "Show only what is within {hops} relation(s) of the selection (Ctrl+{hops}); Esc shows all again"
                    ));
                if button.clicked() {
                    self.focus_on(selection, hops);
                }
            }
        });
        ui.horizontal(|ui| {
            ui.label("Filtered out:");
            ui.radio_value(&mut self.dim, false, "hide");
            ui.radio_value(&mut self.dim, true, "dim");
        });
        egui::Grid::new("explore-grid")
            .num_columns(2)
            .show(ui, |ui| {
                ui.label("Source");
                let current = self
                    .filter
                    .source
                    .as_ref()
                    .and_then(|id| doc.source(id.as_str()))
                    .map_or("any".to_owned(), |s| truncate(&s.title, 28));
                egui::ComboBox::from_id_salt("filter-source")
                    .selected_text(current)
                    .width(170.0)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut self.filter.source, None, "any");
                        for s in &doc.sources {
                            ui.selectable_value(
                                &mut self.filter.source,
                                Some(s.id.clone()),
                                &s.title,
                            );
                        }
                    });
                ui.end_row();
                let claimants = self
                    .views
                    .claimants
                    .get(self.revision, || query::claimants(doc))
                    .clone();
                ui.label("Claimant");
                let current = self
                    .filter
                    .claimant
                    .as_ref()
                    .map_or("any".to_owned(), |id| {
                        doc.entity_name(id.as_str()).to_owned()
                    });
                egui::ComboBox::from_id_salt("filter-claimant")
                    .selected_text(current)
                    .width(170.0)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut self.filter.claimant, None, "any");
                        for id in &claimants {
                            ui.selectable_value(
                                &mut self.filter.claimant,
                                Some(id.clone()),
                                doc.entity_name(id.as_str()),
                            );
                        }
                    });
                ui.end_row();
                grade_filters(ui, &mut self.filter);
                ui.label("Lens").on_hover_text(
                "The map according to a claimant or a source: what they assert in green, what they \
                 deny struck through in red, what they qualify in amber, the rest dimmed",
            );
                perspective_combo(ui, "lens", &mut self.lens, doc, &claimants);
                ui.end_row();
                ui.label("Compare with")
                    .on_hover_text("Highlight the relations on which the two lenses disagree");
                ui.add_enabled_ui(self.lens.is_some(), |ui| {
                    perspective_combo(ui, "compare", &mut self.compare, doc, &claimants);
                });
                ui.end_row();
                ui.label("Size by");
                egui::ComboBox::from_id_salt("size-by")
                    .selected_text(match self.size_by {
                        SizeBy::Uniform => "nothing",
                        SizeBy::Degree => "degree",
                        SizeBy::Betweenness => "betweenness",
                    })
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut self.size_by, SizeBy::Uniform, "nothing");
                        ui.selectable_value(&mut self.size_by, SizeBy::Degree, "degree");
                        ui.selectable_value(&mut self.size_by, SizeBy::Betweenness, "betweenness");
                    });
                ui.end_row();
                ui.label("Colour by").on_hover_text(
                    "Colour entities by their kind, or by their community: groups more tied to \
                     each other than to the rest (Louvain modularity, as Gephi's)",
                );
                egui::ComboBox::from_id_salt("colour-by")
                    .selected_text(if self.community_colours {
                        "community"
                    } else {
                        "kind"
                    })
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut self.community_colours, false, "kind");
                        ui.selectable_value(&mut self.community_colours, true, "community");
                    });
                ui.end_row();
            });
        if self.lens.is_none() {
            self.compare = None;
        }
        let dates = self
            .views
            .timeline
            .get(self.revision, || query::timeline(doc))
            .clone();
        ui.horizontal(|ui| {
            let mut on = self.as_of.is_some();
            if ui
                .checkbox(&mut on, "As of")
                .on_hover_text("Show the map as it stood at a date; undated relations stay")
                .changed()
            {
                self.as_of = on.then(|| dates.len().saturating_sub(1));
            }
            if let Some(i) = &mut self.as_of
                && !dates.is_empty()
            {
                *i = (*i).min(dates.len() - 1);
                let date = dates[*i].to_string();
                ui.add(
                    egui::Slider::new(i, 0..=dates.len() - 1)
                        .show_value(false)
                        .text(date),
                );
            }
        });
        if self.is_active() && ui.button("Show everything").clicked() {
            *self = Explore {
                size_by: self.size_by,
                community_colours: self.community_colours,
                search: std::mem::take(&mut self.search),
                ..Explore::default()
            };
        }
    }

    /// Shows only the neighbourhood of the selected entities.
    pub fn focus_on(&mut self, selection: &Selection, hops: usize) {
        let ids = selection.entities();
        if !ids.is_empty() {
            self.filter.focus = Some((ids, hops));
        }
    }
}

fn perspective_combo(
    ui: &mut Ui,
    salt: &str,
    value: &mut Option<Perspective>,
    doc: &Document,
    claimants: &[EntityId],
) {
    let name = |p: &Perspective| match p {
        Perspective::Claimant(id) => doc.entity_name(id.as_str()).to_owned(),
        Perspective::Source(id) => doc.source(id.as_str()).map_or(id.to_string(), |s| {
            format!("source: {}", truncate(&s.title, 24))
        }),
    };
    egui::ComboBox::from_id_salt(salt)
        .selected_text(value.as_ref().map_or("none".to_owned(), name))
        .width(170.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, "none");
            for id in claimants {
                let p = Perspective::Claimant(id.clone());
                let text = name(&p);
                ui.selectable_value(value, Some(p), text);
            }
            for s in &doc.sources {
                let p = Perspective::Source(s.id.clone());
                let text = name(&p);
                ui.selectable_value(value, Some(p), text);
            }
        });
}

/// The grade filters: sources graded this or better, claims graded this credible or more.
fn grade_filters(ui: &mut Ui, filter: &mut Filter) {
    use crate::model::{Reliability, credibility_meaning};
    ui.label("Sources graded").on_hover_text(
        "Only relations with a claim from a source graded this reliable or better (ungraded \
         sources do not count)",
    );
    let current = filter
        .min_reliability
        .map_or_else(|| "any".to_owned(), |g| format!("{} or better", g.letter()));
    egui::ComboBox::from_id_salt("filter-reliability")
        .selected_text(current)
        .width(170.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut filter.min_reliability, None, "any");
            for g in Reliability::ALL {
                ui.selectable_value(
                    &mut filter.min_reliability,
                    Some(g),
                    format!("{} or better ({})", g.letter(), g.meaning()),
                );
            }
        });
    ui.end_row();
    ui.label("Claims graded").on_hover_text(
        "Only relations with a claim graded this credible or more (ungraded claims do not count)",
    );
    let current = filter
        .max_credibility
        .map_or_else(|| "any".to_owned(), |g| format!("1 to {g}"));
    egui::ComboBox::from_id_salt("filter-credibility")
        .selected_text(current)
        .width(170.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut filter.max_credibility, None, "any");
            for g in crate::model::CREDIBILITY {
                ui.selectable_value(
                    &mut filter.max_credibility,
                    Some(g),
                    format!("1 to {g} ({})", credibility_meaning(g)),
                );
            }
        });
    ui.end_row();
}
