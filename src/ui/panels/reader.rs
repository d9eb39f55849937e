//! The source reader: a source's text in a window, each quoted passage highlighted in its
//! claim's stance colour and each name of a mapped entity underlined. Clicking a highlight
//! selects its relation (or entity) on the map; selecting text offers a claim or an entity
//! made from it. Highlights are computed once per change of the map, not per frame.

use std::collections::BTreeSet;

use egui::text::{LayoutJob, TextFormat};
use egui::{FontId, RichText, Stroke, Ui};

use super::cache::Cached;
use crate::edit::{Edit, ops};
use crate::look::truncate;
use crate::model::{Anchor, Claim, Document, EntityId, Relation, RelationId, SourceId, Stance};
use crate::query::mentions::MentionFinder;
use crate::query::quotes;
use crate::ui::commands::{Action, Selection};
use crate::ui::paint::{CONTESTED_COLOR, stance_color};

/// What a stretch of the text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Mark {
    /// Quoted by claims of this stance; `Mixed` when claims of several stances quote it.
    quote: Option<Quoted>,
    mention: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quoted {
    One(Stance),
    Mixed,
}

/// One highlight: a claim's quote or a name, by character range.
#[derive(Debug, Clone, Copy)]
enum Highlight {
    Quote {
        relation: usize,
        stance: Stance,
        start: usize,
        end: usize,
    },
    Name {
        entity: usize,
        start: usize,
        end: usize,
    },
}

impl Highlight {
    fn range(&self) -> (usize, usize) {
        match *self {
            Highlight::Quote { start, end, .. } | Highlight::Name { start, end, .. } => {
                (start, end)
            }
        }
    }
}

/// A source's text, cut where highlights start and end, with what each piece is.
#[derive(Debug, Default)]
struct ReaderView {
    text: String,
    /// Byte range and mark of each piece, in order.
    pieces: Vec<(std::ops::Range<usize>, Mark)>,
    highlights: Vec<Highlight>,
}

fn view_of(doc: &Document, source: &SourceId) -> ReaderView {
    let Some(s) = doc.source(source.as_str()) else {
        return ReaderView::default();
    };
    let mut highlights = Vec::new();
    for (ri, r) in doc.relations.iter().enumerate() {
        for c in r.claims.iter().filter(|c| c.source == *source) {
            let at = match c.anchor {
                Some(a) if quotes::check(&c.quote, Some(a), s).is_verified() => Some(a),
                _ => quotes::find(&c.quote, &s.text, None),
            };
            if let Some(a) = at {
                highlights.push(Highlight::Quote {
                    relation: ri,
                    stance: c.stance,
                    start: a.start,
                    end: a.end,
                });
            }
        }
    }
    for m in MentionFinder::new(doc).find(&s.text) {
        highlights.push(Highlight::Name {
            entity: m.entity,
            start: m.start,
            end: m.end,
        });
    }
    // Cut the text at every highlight's start and end, and mark each piece.
    let chars = s.text.chars().count();
    let mut cuts: BTreeSet<usize> = [0, chars].into_iter().collect();
    for h in &highlights {
        let (a, b) = h.range();
        cuts.insert(a.min(chars));
        cuts.insert(b.min(chars));
    }
    let byte_of: Vec<usize> = s
        .text
        .char_indices()
        .map(|(i, _)| i)
        .chain([s.text.len()])
        .collect();
    let cuts: Vec<usize> = cuts.into_iter().collect();
    let pieces = cuts
        .windows(2)
        .map(|w| {
            let (a, b) = (w[0], w[1]);
            let mut mark = Mark::default();
            for h in &highlights {
                let (s0, e0) = h.range();
                if s0 <= a && b <= e0 {
                    match *h {
                        Highlight::Quote { stance, .. } => {
                            mark.quote = match mark.quote {
                                None => Some(Quoted::One(stance)),
                                Some(Quoted::One(s)) if s == stance => Some(Quoted::One(s)),
                                _ => Some(Quoted::Mixed),
                            };
                        }
                        Highlight::Name { .. } => mark.mention = true,
                    }
                }
            }
            (byte_of[a]..byte_of[b], mark)
        })
        .collect();
    ReaderView {
        text: s.text.clone(),
        pieces,
        highlights,
    }
}

/// A claim being made from the selected text.
#[derive(Debug, Clone)]
struct ClaimForm {
    quote: String,
    anchor: Anchor,
    relation: Option<RelationId>,
    stance: Stance,
    claimant: Option<EntityId>,
}

/// The reader's state.
#[derive(Debug, Default)]
pub struct Reader {
    /// The source open in the reader.
    pub open: Option<SourceId>,
    view: Cached<((u64, u64), SourceId), ReaderView>,
    /// The selected characters, if any.
    selected: Option<(usize, usize)>,
    form: Option<ClaimForm>,
}

impl Reader {
    /// Opens `source` in the reader.
    pub fn read(&mut self, source: SourceId) {
        self.open = Some(source);
        self.selected = None;
        self.form = None;
    }

    /// How many times the highlights were computed.
    pub fn computations(&self) -> u64 {
        self.view.computations
    }

    /// The reader window, if a source is open; returns what the user asked for.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        doc: &Document,
        revision: (u64, u64),
    ) -> Vec<Action> {
        let mut actions = Vec::new();
        let Some(source) = self.open.clone() else {
            return actions;
        };
        let Some(s) = doc.source(source.as_str()) else {
            self.open = None;
            return actions;
        };
        let mut open = true;
        egui::Window::new(format!("Source: {}", truncate(&s.title, 60)))
            .id(egui::Id::new("source-reader"))
            .open(&mut open)
            .default_size([560.0, 640.0])
            .resizable(true)
            .show(ctx, |ui| {
                if s.text.is_empty() {
                    ui.label(
                        "This source has no text yet. Paste it under Text in the source's \
                         inspector: quotes are then highlighted and checked against it.",
                    );
                    return;
                }
                self.selection_bar(ui, doc, &source, &mut actions);
                ui.separator();
                let view = self
                    .view
                    .get((revision, source.clone()), || view_of(doc, &source));
                let visuals = ui.visuals().clone();
                let mut layouter = |ui: &Ui, _: &dyn egui::TextBuffer, wrap: f32| {
                    let mut job = LayoutJob::default();
                    job.wrap.max_width = wrap;
                    let font = FontId::proportional(14.0);
                    for (range, mark) in &view.pieces {
                        let mut format = TextFormat::simple(font.clone(), visuals.text_color());
                        if let Some(q) = mark.quote {
                            let c = match q {
                                Quoted::One(s) => stance_color(s),
                                Quoted::Mixed => CONTESTED_COLOR,
                            };
                            format.background = c.gamma_multiply(0.35);
                        }
                        if mark.mention {
                            format.underline = Stroke::new(1.0, visuals.hyperlink_color);
                            format.color = visuals.strong_text_color();
                        }
                        job.append(&view.text[range.clone()], 0.0, format);
                    }
                    ui.fonts_mut(|f| f.layout_job(job))
                };
                let mut text = view.text.as_str();
                let output = egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        egui::TextEdit::multiline(&mut text)
                            .desired_width(f32::INFINITY)
                            .layouter(&mut layouter)
                            .show(ui)
                    })
                    .inner;
                let range = output
                    .cursor_range
                    .map(|r| r.as_sorted_char_range())
                    .map(|r| (r.start.0, r.end.0));
                match range {
                    Some((a, b)) if a < b => self.selected = Some((a, b)),
                    Some((at, _)) if output.response.clicked() => {
                        self.selected = None;
                        if let Some(h) = view
                            .highlights
                            .iter()
                            .filter(|h| {
                                let (s0, e0) = h.range();
                                s0 <= at && at < e0
                            })
                            .min_by_key(|h| matches!(h, Highlight::Name { .. }))
                        {
                            actions.push(match *h {
                                Highlight::Quote { relation, .. } => Action::Select(
                                    Selection::Relation(doc.relations[relation].id.clone()),
                                ),
                                Highlight::Name { entity, .. } => {
                                    Action::FocusEntity(doc.entities[entity].id.clone())
                                }
                            });
                        }
                    }
                    _ => {}
                }
            });
        if !open {
            self.open = None;
            self.form = None;
        }
        actions
    }

    /// What can be made from the selected text: a claim or an entity.
    fn selection_bar(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        source: &SourceId,
        actions: &mut Vec<Action>,
    ) {
        let Some(s) = doc.source(source.as_str()) else {
            return;
        };
        // The selection without the white space around it.
        let selected = self.selected.and_then(|(a, b)| {
            let text = Anchor { start: a, end: b }.passage(&s.text)?;
            let lead = text.chars().take_while(|c| c.is_whitespace()).count();
            let trimmed = text.trim();
            let (a, b) = (a + lead, a + lead + trimmed.chars().count());
            (a < b).then(|| (a, b, trimmed.to_owned()))
        });
        ui.horizontal_wrapped(|ui| match &selected {
            None => {
                ui.label(
                    RichText::new(
                        "Select text to make a claim or an entity of it; click a highlight to \
                         see its relation or entity on the map.",
                    )
                    .weak(),
                );
            }
            Some((a, b, text)) => {
                ui.label(format!("{} characters selected", b - a));
                if ui
                    .button("Claim from selection")
                    .on_hover_text("A claim citing this source, quoting the selected words")
                    .clicked()
                {
                    self.form = Some(ClaimForm {
                        quote: text.clone(),
                        anchor: Anchor { start: *a, end: *b },
                        relation: None,
                        stance: Stance::Asserts,
                        claimant: None,
                    });
                }
                if ui
                    .button("Entity from selection")
                    .on_hover_text("A new entity named by the selected words")
                    .clicked()
                {
                    actions.push(Action::CreateEntity {
                        name: text.clone(),
                        kind: crate::model::kinds::PERSON.to_owned(),
                        position: None,
                    });
                }
            }
        });
        if let Some(form) = &mut self.form
            && let Some(action) = claim_form(ui, doc, source, form)
        {
            actions.push(action);
            self.form = None;
            self.selected = None;
        }
    }
}

/// The form of a claim made from the selection: the relation it bears on, its stance and its
/// claimant. Returns the edit when the user adds it.
fn claim_form(
    ui: &mut Ui,
    doc: &Document,
    source: &SourceId,
    form: &mut ClaimForm,
) -> Option<Action> {
    let mut made = None;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.label(
            RichText::new(format!("\u{201C}{}\u{201D}", truncate(&form.quote, 200))).italics(),
        );
        let caption = |r: &Relation| {
            format!(
                "{} {} {}",
                doc.entity_name(r.from.as_str()),
                r.caption(),
                doc.entity_name(r.to.as_str())
            )
        };
        egui::Grid::new("claim-from-selection")
            .num_columns(2)
            .show(ui, |ui| {
                ui.label("Relation");
                let current = form
                    .relation
                    .as_ref()
                    .and_then(|id| doc.relation(id.as_str()))
                    .map_or_else(|| "choose a relation".to_owned(), caption);
                egui::ComboBox::from_id_salt("claim-from-selection-relation")
                    .selected_text(truncate(&current, 48))
                    .width(320.0)
                    .show_ui(ui, |ui| {
                        for r in &doc.relations {
                            if ui
                                .selectable_label(form.relation.as_ref() == Some(&r.id), caption(r))
                                .clicked()
                            {
                                form.relation = Some(r.id.clone());
                            }
                        }
                    });
                ui.end_row();
                ui.label("Stance");
                ui.horizontal(|ui| {
                    for s in Stance::ALL {
                        ui.selectable_value(&mut form.stance, s, s.as_str());
                    }
                });
                ui.end_row();
                ui.label("Claimant");
                let current = form
                    .claimant
                    .as_ref()
                    .map_or("(not in the map)", |id| doc.entity_name(id.as_str()));
                egui::ComboBox::from_id_salt("claim-from-selection-claimant")
                    .selected_text(current)
                    .width(320.0)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut form.claimant, None, "(not in the map)");
                        for e in &doc.entities {
                            ui.selectable_value(&mut form.claimant, Some(e.id.clone()), &e.name);
                        }
                    });
                ui.end_row();
            });
        let relation = form
            .relation
            .as_ref()
            .and_then(|id| doc.relation(id.as_str()));
        if ui
            .add_enabled(relation.is_some(), egui::Button::new("Add claim"))
            .clicked()
            && let Some(r) = relation
        {
            let mut changed = r.clone();
            changed.claims.push(Claim {
                claimant: form.claimant.clone(),
                stance: form.stance,
                quote: form.quote.clone(),
                anchor: Some(form.anchor),
                ..ops::new_claim(source)
            });
            made = Some(Action::Edit {
                label: format!("Add a claim on {}", r.caption()),
                edits: vec![Edit::UpdateRelation { relation: changed }],
                then: Some(Selection::Relation(r.id.clone())),
            });
        }
    });
    made
}
