//! The right panel: everything about the selected entity, relation, source or set of
//! entities, down to the claims behind each relation — who says so, with what stance, in which
//! words, from which source — and the forms to change all of it.
//!
//! Text fields edit a draft copy of the selected item; when a field loses focus (or Enter is
//! pressed) its change becomes one undoable edit. While no field has focus the draft follows
//! the document, so undo, redo and edits made elsewhere show at once.

mod entity;
mod grades;
mod group;
mod picture;
mod relation;
mod views;

use views::*;

use egui::{RichText, Ui};

use super::explore::{Explore, Metrics};
use crate::edit::{Edit, ops};
use crate::look::truncate;
use crate::model::{
    AttrValue, Claim, Document, Entity, EntityId, PartialDate, Period, Relation, Source, Stance,
    kinds,
};
use crate::query;
use crate::ui::commands::{Action, Selection};
use crate::ui::paint::stance_color;

/// The inspector's editing state.
#[derive(Debug, Default)]
pub struct Inspector {
    /// What the drafts below were read from.
    key: Option<Selection>,
    entity: Option<Entity>,
    aliases: String,
    attributes: Vec<(String, String)>,
    relation: Option<Relation>,
    period: (String, String),
    /// The claim whose editor is open, by index in the relation.
    open_claim: Option<usize>,
    /// A claim to open once its relation is selected (a quote clicked in the reader).
    claim_to_open: Option<(crate::model::RelationId, usize)>,
    claim_speaker: String,
    claim_quote: String,
    claim_date: String,
    source: Option<Source>,
    source_date: String,
    source_retrieved: String,
    source_text: String,
    /// A text field had focus in the last frame.
    editing: bool,
    /// The drafts were typed in since they were read: read them again once typing stops, so
    /// text the document refused does not linger.
    typed: bool,
    /// The revisions of the map the drafts were read from.
    read_at: Option<(u64, u64)>,
    /// The selected entity's picture, as the picture cache holds it.
    picture: Option<crate::ui::pictures::PictureRef>,
    /// The open claim's quote check, computed once per change of the map.
    quote_check: grades::QuoteCheckCache,
}

/// Well-known kinds offered in the kind menus, besides those already in the map.
const ENTITY_KINDS: [&str; 5] = [
    kinds::PERSON,
    kinds::ORGANISATION,
    kinds::GOVERNMENT_BODY,
    kinds::PLACE,
    kinds::EVENT,
];
const RELATION_KINDS: [&str; 12] = [
    "child of",
    "sibling of",
    "leads",
    "member of",
    "part of",
    "allied with",
    "clashes with",
    "founded",
    "captured",
    "released in",
    "spokesperson for",
    "related to",
];

impl Inspector {
    /// Opens claim `i` of `relation` in the editor when the relation is next selected.
    pub fn open_claim(&mut self, relation: crate::model::RelationId, i: usize) {
        self.claim_to_open = Some((relation, i));
    }

    /// Draws the inspector for `selection`; returns what the user asked for.
    pub fn show(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        selection: &Selection,
        explore: &mut Explore,
        metrics: &Metrics,
    ) -> Vec<Action> {
        // The drafts are read again when the selection or the map changes, or typing stopped;
        // not on every frame.
        let revision = explore.revision();
        if self.key.as_ref() != Some(selection) {
            self.open_claim = match (self.claim_to_open.take(), selection) {
                (Some((id, i)), Selection::Relation(selected)) if id == *selected => Some(i),
                _ => None,
            };
            self.reload(doc, selection, revision);
        } else if !self.editing && (self.typed || self.read_at != Some(revision)) {
            self.reload(doc, selection, revision);
        }
        self.typed |= self.editing;
        self.editing = false;
        let mut actions = Vec::new();
        egui::ScrollArea::vertical()
            .id_salt("inspector")
            .auto_shrink([false, false])
            .show(ui, |ui| match selection {
                Selection::None => {
                    ui.add_space(8.0);
                    ui.label(RichText::new("Nothing selected").strong());
                    ui.label(
                        "Click an entity or a relation on the map, or a name in the list, to see \
                         its details and the claims behind each relation. Double-click empty \
                         canvas to add an entity; Alt+drag from one entity to another to \
                         connect them.",
                    );
                }
                Selection::Entity(id) => match doc.entity(id.as_str()) {
                    Some(e) => {
                        self.entity(ui, doc, e, &mut actions);
                        group::groups(ui, doc, std::slice::from_ref(id), &mut actions);
                        mentioned_in(ui, doc, e, explore, &mut actions);
                        centrality(ui, doc, e, metrics);
                    }
                    None => gone(ui, "Entity", id.as_str()),
                },
                Selection::Entities(ids) => {
                    several(ui, doc, ids, &mut actions);
                    group::groups(ui, doc, ids, &mut actions);
                    path(ui, doc, selection, explore, &mut actions);
                }
                Selection::Relation(id) => match doc.relation(id.as_str()) {
                    Some(r) => self.relation(ui, doc, r, &mut actions),
                    None => gone(ui, "Relation", id.as_str()),
                },
                Selection::Source(id) => match doc.source(id.as_str()) {
                    Some(s) => self.source(ui, doc, s, &mut actions),
                    None => gone(ui, "Source", id.as_str()),
                },
            });
        actions
    }

    fn reload(&mut self, doc: &Document, selection: &Selection, revision: (u64, u64)) {
        self.key = Some(selection.clone());
        self.read_at = Some(revision);
        self.typed = false;
        self.entity = None;
        self.relation = None;
        self.source = None;
        match selection {
            Selection::Entity(id) => {
                if let Some(e) = doc.entity(id.as_str()) {
                    self.aliases = e.aliases.join(", ");
                    self.attributes = e
                        .attributes
                        .iter()
                        .map(|(k, v)| (k.clone(), v.to_string()))
                        .collect();
                    self.entity = Some(e.clone());
                }
            }
            Selection::Relation(id) => {
                if let Some(r) = doc.relation(id.as_str()) {
                    let p = r.period.clone().unwrap_or_default();
                    self.period = (date_text(&p.from), date_text(&p.to));
                    if let Some(c) = self.open_claim.and_then(|i| r.claims.get(i)) {
                        self.load_claim(c);
                    }
                    self.relation = Some(r.clone());
                }
            }
            Selection::Source(id) => {
                if let Some(s) = doc.source(id.as_str()) {
                    self.source_date = date_text(&s.date);
                    self.source_retrieved = date_text(&s.retrieved);
                    self.source_text.clone_from(&s.text);
                    self.source = Some(s.clone());
                }
            }
            Selection::None | Selection::Entities(_) => {}
        }
    }

    fn load_claim(&mut self, c: &Claim) {
        self.claim_speaker = c.speaker.clone().unwrap_or_default();
        self.claim_quote = c.quote.clone();
        self.claim_date = date_text(&c.date);
    }

    /// A labelled single-line field; true when its edit is finished (focus left it).
    fn field(&mut self, ui: &mut Ui, label: &str, value: &mut String, hint: &str) -> bool {
        let label = ui.label(label);
        let response = ui
            .add(
                egui::TextEdit::singleline(value)
                    .hint_text(hint)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        ui.end_row();
        self.track(&response)
    }

    fn multiline(&mut self, ui: &mut Ui, label: &str, value: &mut String) -> bool {
        let label = ui.label(label);
        let response = ui
            .add(
                egui::TextEdit::multiline(value)
                    .desired_rows(2)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        ui.end_row();
        self.track(&response)
    }

    fn track(&mut self, response: &egui::Response) -> bool {
        if response.has_focus() {
            self.editing = true;
        }
        response.lost_focus()
    }

    /// A field for an optional text: returns the new value when an edit changed it.
    fn optional_field(
        &mut self,
        ui: &mut Ui,
        label: &str,
        draft: &mut Option<String>,
        old: &Option<String>,
    ) -> Option<Option<String>> {
        let mut text = draft.take().unwrap_or_default();
        let done = self.field(ui, label, &mut text, "");
        let value = (!text.trim().is_empty()).then(|| text.trim().to_owned());
        *draft = Some(text);
        (done && value != *old).then_some(value)
    }
}

fn kind_choices<'a>(well_known: &[&str], in_map: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut all: Vec<String> = well_known.iter().map(|k| (*k).to_owned()).collect();
    for k in in_map {
        if !all.iter().any(|a| a == k) {
            all.push(k.to_owned());
        }
    }
    all
}

fn sorted_by_name(doc: &Document) -> Vec<&Entity> {
    let mut all: Vec<&Entity> = doc.entities.iter().collect();
    all.sort_by_cached_key(|e| e.name.to_lowercase());
    all
}

fn date_text(date: &Option<PartialDate>) -> String {
    date.as_ref()
        .map(|d| d.as_str().to_owned())
        .unwrap_or_default()
}

/// An empty field is no date; anything else must be a partial date.
fn parse_date(text: &str) -> Result<Option<PartialDate>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let date = PartialDate::new(text);
    if date.is_well_formed() {
        Ok(Some(date))
    } else {
        Err(format!("\"{text}\" is not {}", crate::model::DATE_FORMS))
    }
}

fn claims_summary(r: &Relation) -> String {
    if r.claims.is_empty() {
        return "No claims".to_owned();
    }
    let counts: Vec<String> = Stance::ALL
        .iter()
        .filter_map(|&s| {
            let n = query::claims_with_stance(r, s).count();
            (n > 0).then(|| format!("{n} {}", s.as_str()))
        })
        .collect();
    let noun = if r.claims.len() == 1 {
        "claim"
    } else {
        "claims"
    };
    format!("{} {noun}: {}", r.claims.len(), counts.join(", "))
}

fn stance_heading(s: Stance) -> &'static str {
    match s {
        Stance::Asserts => "Asserted by",
        Stance::Denies => "Denied by",
        Stance::Qualifies => "Qualified by",
    }
}

fn period_text(p: &Period) -> String {
    match (&p.from, &p.to) {
        (Some(f), Some(t)) if f == t => f.to_string(),
        (Some(f), Some(t)) => format!("{f} – {t}"),
        (Some(f), None) => format!("from {f}"),
        (None, Some(t)) => format!("until {t}"),
        (None, None) => String::new(),
    }
}

/// The sources whose text names the entity (by name or alias), with how often.
fn mentioned_in(
    ui: &mut Ui,
    doc: &Document,
    e: &Entity,
    explore: &mut Explore,
    actions: &mut Vec<Action>,
) {
    if doc.sources.iter().all(|s| s.text.is_empty()) {
        return;
    }
    let revision = explore.revision();
    let all = explore
        .views
        .mentions
        .get(revision, || crate::query::mentions::mentions_by_entity(doc));
    let Some(found) = doc.entity_index(e.id.as_str()).and_then(|i| all.get(i)) else {
        return;
    };
    ui.separator();
    ui.label(
        RichText::new(format!(
            "Named in {}",
            query::count(found.len(), "source", "sources")
        ))
        .strong(),
    );
    for &(si, n) in found {
        let Some(s) = doc.sources.get(si) else {
            continue;
        };
        ui.horizontal(|ui| {
            let link = ui
                .link(truncate(&s.title, 36))
                .on_hover_text(format!("{}: read it, with the names underlined", s.title));
            if link.clicked() {
                actions.push(Action::ReadSource(s.id.clone()));
            }
            ui.weak(query::count(n, "time", "times"));
        });
    }
}
