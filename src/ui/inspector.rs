//! The right panel: everything about the selected entity, relation, source or set of
//! entities, down to the claims behind each relation — who says so, with what stance, in which
//! words, from which source — and the forms to change all of it.
//!
//! Text fields edit a draft copy of the selected item; when a field loses focus (or Enter is
//! pressed) its change becomes one undoable edit. While no field has focus the draft follows
//! the document, so undo, redo and edits made elsewhere show at once.

use egui::{Color32, RichText, Ui};

use super::commands::{Action, Selection};
use super::explore::{Explore, Metrics};
use crate::edit::{Edit, ops};
use crate::model::{
    AttrValue, Claim, Document, Entity, EntityId, PartialDate, Period, Relation, Source, Stance,
    kinds,
};
use crate::query;

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
    claim_speaker: String,
    claim_quote: String,
    claim_date: String,
    source: Option<Source>,
    source_date: String,
    /// A text field had focus in the last frame.
    editing: bool,
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
    /// Draws the inspector for `selection`; returns what the user asked for.
    pub fn show(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        selection: &Selection,
        explore: &mut Explore,
        metrics: &Metrics,
    ) -> Vec<Action> {
        if self.key.as_ref() != Some(selection) {
            self.open_claim = None;
            self.reload(doc, selection);
        } else if !self.editing {
            self.reload(doc, selection);
        }
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
                        centrality(ui, doc, e, metrics);
                    }
                    None => gone(ui, "Entity", id.as_str()),
                },
                Selection::Entities(ids) => {
                    several(ui, doc, ids, &mut actions);
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

    fn reload(&mut self, doc: &Document, selection: &Selection) {
        self.key = Some(selection.clone());
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

    fn entity(&mut self, ui: &mut Ui, doc: &Document, e: &Entity, actions: &mut Vec<Action>) {
        let Some(mut draft) = self.entity.take() else {
            return;
        };
        ui.heading(&e.name);
        ui.label(RichText::new(format!("id: {}", e.id)).weak());
        let update = |label: String, entity: Entity| Action::Edit {
            label,
            edits: vec![Edit::UpdateEntity { entity }],
            then: None,
        };
        egui::Grid::new(("entity-form", e.id.as_str()))
            .num_columns(2)
            .show(ui, |ui| {
                let mut name = std::mem::take(&mut draft.name);
                if self.field(ui, "Name", &mut name, "") && name.trim() != e.name {
                    if name.trim().is_empty() {
                        name = e.name.clone();
                    } else {
                        let changed = Entity {
                            name: name.trim().to_owned(),
                            ..e.clone()
                        };
                        actions.push(update(format!("Rename {}", e.name), changed));
                    }
                }
                draft.name = name;

                ui.label("Kind");
                ui.horizontal(|ui| {
                    let kind =
                        ui.add(egui::TextEdit::singleline(&mut draft.kind).desired_width(160.0));
                    if self.track(&kind)
                        && draft.kind.trim() != e.kind
                        && !draft.kind.trim().is_empty()
                    {
                        let changed = Entity {
                            kind: draft.kind.trim().to_owned(),
                            ..e.clone()
                        };
                        actions.push(update(format!("Change kind of {}", e.name), changed));
                    }
                    ui.menu_button("Choose", |ui| {
                        for k in kind_choices(
                            &ENTITY_KINDS,
                            doc.entities.iter().map(|e| e.kind.as_str()),
                        ) {
                            if ui.button(&k).clicked() && k != e.kind {
                                let mut changed = e.clone();
                                changed.kind = k;
                                actions.push(update(format!("Change kind of {}", e.name), changed));
                            }
                        }
                    })
                    .response
                    .on_hover_text("Choose a kind");
                });
                ui.end_row();

                let mut aliases = std::mem::take(&mut self.aliases);
                if self.field(ui, "Aliases", &mut aliases, "other names, comma-separated") {
                    let list: Vec<String> = aliases
                        .split(',')
                        .map(|a| a.trim().to_owned())
                        .filter(|a| !a.is_empty())
                        .collect();
                    if list != e.aliases {
                        let mut changed = e.clone();
                        changed.aliases = list;
                        actions.push(update(format!("Edit aliases of {}", e.name), changed));
                    }
                }
                self.aliases = aliases;

                let mut summary = draft.summary.clone();
                if self.multiline(ui, "Summary", &mut summary) && summary != e.summary {
                    let mut changed = e.clone();
                    changed.summary = summary.clone();
                    actions.push(update(format!("Edit summary of {}", e.name), changed));
                }
                draft.summary = summary;
            });

        ui.label(RichText::new("Attributes").strong());
        let mut attributes = std::mem::take(&mut self.attributes);
        let mut commit = false;
        let mut remove = None;
        egui::Grid::new(("attributes", e.id.as_str()))
            .num_columns(3)
            .striped(true)
            .show(ui, |ui| {
                for (i, (k, v)) in attributes.iter_mut().enumerate() {
                    let key = ui.add(
                        egui::TextEdit::singleline(k)
                            .hint_text("name")
                            .desired_width(110.0),
                    );
                    let value = ui.add(
                        egui::TextEdit::singleline(v)
                            .hint_text("value")
                            .desired_width(170.0),
                    );
                    commit |= self.track(&key) | self.track(&value);
                    if ui
                        .small_button("Remove")
                        .on_hover_text("Remove this attribute")
                        .clicked()
                    {
                        remove = Some(i);
                    }
                    ui.end_row();
                }
            });
        if ui.small_button("+ Add attribute").clicked() {
            attributes.push((String::new(), String::new()));
        }
        if let Some(i) = remove {
            attributes.remove(i);
            commit = true;
        }
        if commit {
            // A value keeps its type (number, boolean, date) while the edited text is still one.
            let map: crate::model::Attributes = attributes
                .iter()
                .filter(|(k, _)| !k.trim().is_empty())
                .map(|(k, v)| {
                    let key = k.trim().to_owned();
                    let value = match e.attributes.get(&key) {
                        Some(old) => old.reparse_like(v),
                        None => AttrValue::text(v.clone()),
                    };
                    (key, value)
                })
                .collect();
            if map != e.attributes {
                let mut changed = e.clone();
                changed.attributes = map;
                actions.push(update(format!("Edit attributes of {}", e.name), changed));
            }
        }
        self.attributes = attributes;

        if e.pinned {
            ui.horizontal(|ui| {
                ui.label("Pinned: the layout leaves it where you put it.");
                if ui.button("Unpin").clicked() {
                    actions.push(Action::Unpin(e.id.clone()));
                }
            });
        }
        ui.horizontal(|ui| {
            ui.menu_button("Connect to…", |ui| {
                egui::ScrollArea::vertical().max_height(300.0).show(ui, |ui| {
                    for other in sorted_by_name(doc) {
                        if other.id != e.id && ui.button(&other.name).clicked() {
                            actions.push(Action::Connect(e.id.clone(), other.id.clone()));
                        }
                    }
                });
            });
            ui.menu_button("Merge into…", |ui| {
                ui.label(format!("{} will be absorbed: its relations, claims and names move to the entity you choose.", e.name));
                egui::ScrollArea::vertical().max_height(300.0).show(ui, |ui| {
                    for other in sorted_by_name(doc) {
                        if other.id != e.id && ui.button(&other.name).clicked() {
                            actions.push(Action::Merge {
                                survivor: other.id.clone(),
                                absorbed: e.id.clone(),
                            });
                        }
                    }
                });
            });
            let count = query::incident_relations(doc, e.id.as_str()).len();
            let delete = egui::Button::new(RichText::new("Delete").color(stance_color(Stance::Denies)));
            if ui
                .add(delete)
                .on_hover_text(format!("Delete {} and its {count} relation(s) (Delete key)", e.name))
                .clicked()
            {
                actions.push(Action::Edit {
                    label: format!("Delete {}", e.name),
                    edits: ops::delete_entities(doc, std::slice::from_ref(&e.id)),
                    then: Some(Selection::None),
                });
            }
        });
        self.entity = Some(draft);
        ui.separator();

        let incident = query::incident_relations(doc, e.id.as_str());
        ui.label(RichText::new(format!("Relations ({})", incident.len())).strong());
        for inc in incident {
            let r = inc.relation;
            ui.horizontal_wrapped(|ui| {
                let arrow = match (r.directed, inc.outgoing) {
                    (false, _) => "—",
                    (true, true) => "▶",
                    (true, false) => "◀",
                };
                ui.label(arrow);
                if ui
                    .link(r.caption())
                    .on_hover_text("Show this relation and its claims")
                    .clicked()
                {
                    actions.push(Action::Select(Selection::Relation(r.id.clone())));
                }
                let other = if inc.outgoing { &r.to } else { &r.from };
                if ui
                    .link(RichText::new(doc.entity_name(other.as_str())).strong())
                    .on_hover_text("Go to this entity")
                    .clicked()
                {
                    actions.push(Action::Select(Selection::Entity(other.clone())));
                }
                if let Some(p) = &r.period {
                    ui.label(RichText::new(period_text(p)).weak());
                }
            });
            egui::CollapsingHeader::new(claims_summary(r))
                .id_salt(("claims", e.id.as_str(), r.id.as_str()))
                .show(ui, |ui| {
                    for c in &r.claims {
                        claim_view(ui, doc, c, actions);
                    }
                });
        }
    }

    fn relation(&mut self, ui: &mut Ui, doc: &Document, r: &Relation, actions: &mut Vec<Action>) {
        let Some(mut draft) = self.relation.take() else {
            return;
        };
        let update = |label: String, relation: Relation| Action::Edit {
            label,
            edits: vec![Edit::UpdateRelation { relation }],
            then: None,
        };
        let name = format!(
            "{} {} {}",
            doc.entity_name(r.from.as_str()),
            r.caption(),
            doc.entity_name(r.to.as_str())
        );
        ui.heading(r.caption());
        ui.horizontal_wrapped(|ui| {
            if ui
                .link(RichText::new(doc.entity_name(r.from.as_str())).strong())
                .clicked()
            {
                actions.push(Action::Select(Selection::Entity(r.from.clone())));
            }
            ui.label(if r.directed {
                format!("— {} ▶", r.kind)
            } else {
                format!("— {} —", r.kind)
            });
            if ui
                .link(RichText::new(doc.entity_name(r.to.as_str())).strong())
                .clicked()
            {
                actions.push(Action::Select(Selection::Entity(r.to.clone())));
            }
        });
        ui.label(RichText::new(format!("id: {}", r.id)).weak());
        egui::Grid::new(("relation-form", r.id.as_str()))
            .num_columns(2)
            .show(ui, |ui| {
                ui.label("Kind");
                ui.horizontal(|ui| {
                    let kind =
                        ui.add(egui::TextEdit::singleline(&mut draft.kind).desired_width(160.0));
                    if self.track(&kind)
                        && draft.kind.trim() != r.kind
                        && !draft.kind.trim().is_empty()
                    {
                        let mut changed = r.clone();
                        changed.kind = draft.kind.trim().to_owned();
                        actions.push(update(format!("Change kind of {name}"), changed));
                    }
                    ui.menu_button("Choose", |ui| {
                        for k in kind_choices(
                            &RELATION_KINDS,
                            doc.relations.iter().map(|r| r.kind.as_str()),
                        ) {
                            if ui.button(&k).clicked() && k != r.kind {
                                let mut changed = r.clone();
                                changed.kind = k;
                                actions.push(update(format!("Change kind of {name}"), changed));
                            }
                        }
                    });
                });
                ui.end_row();
                let mut label = draft.label.clone();
                if self.field(ui, "Label", &mut label, "shown instead of the kind")
                    && label != r.label
                {
                    let mut changed = r.clone();
                    changed.label = label.clone();
                    actions.push(update(format!("Edit label of {name}"), changed));
                }
                draft.label = label;
                ui.label("Direction");
                ui.horizontal(|ui| {
                    let mut directed = r.directed;
                    if ui.checkbox(&mut directed, "directed").changed() {
                        let mut changed = r.clone();
                        changed.directed = directed;
                        actions.push(update(format!("Change direction of {name}"), changed));
                    }
                    if ui
                        .button("Reverse")
                        .on_hover_text("Swap from and to")
                        .clicked()
                    {
                        actions.push(update(format!("Reverse {name}"), ops::reversed(r)));
                    }
                });
                ui.end_row();
                let (mut from, mut to) = std::mem::take(&mut self.period);
                let from_done = self.field(ui, "From", &mut from, "e.g. 2019 or 2019-11");
                let to_done = self.field(ui, "To", &mut to, "open if empty");
                if from_done || to_done {
                    match (parse_date(&from), parse_date(&to)) {
                        (Ok(f), Ok(t)) => {
                            let period = (f.is_some() || t.is_some()).then(|| Period {
                                from: f,
                                to: t,
                                extra: r
                                    .period
                                    .as_ref()
                                    .map(|p| p.extra.clone())
                                    .unwrap_or_default(),
                            });
                            if period != r.period {
                                let mut changed = r.clone();
                                changed.period = period;
                                actions.push(update(format!("Edit period of {name}"), changed));
                            }
                        }
                        (Err(bad), _) | (_, Err(bad)) => {
                            ui.colored_label(ui.visuals().error_fg_color, bad);
                            ui.end_row();
                        }
                    }
                }
                self.period = (from, to);
            });
        ui.horizontal(|ui| {
            let delete = egui::Button::new(
                RichText::new("Delete relation").color(stance_color(Stance::Denies)),
            );
            if ui.add(delete).clicked() {
                actions.push(Action::Edit {
                    label: format!("Delete relation {}", r.caption()),
                    edits: vec![Edit::RemoveRelation {
                        relation: r.id.clone(),
                    }],
                    then: Some(Selection::None),
                });
            }
        });
        if r.is_contested() {
            ui.label(
                RichText::new("Contested: the claims disagree")
                    .color(stance_color(Stance::Denies))
                    .strong(),
            );
        }
        ui.separator();

        if r.claims.is_empty() {
            ui.label("No claims: nothing in the map says who supports this relation.");
        }
        for stance in Stance::ALL {
            let claims: Vec<(usize, &Claim)> = r
                .claims
                .iter()
                .enumerate()
                .filter(|(_, c)| c.stance == stance)
                .collect();
            if claims.is_empty() {
                continue;
            }
            ui.label(
                RichText::new(format!("{} ({})", stance_heading(stance), claims.len()))
                    .color(stance_color(stance))
                    .strong(),
            );
            for (i, c) in claims {
                if self.open_claim == Some(i) {
                    self.claim_editor(ui, doc, r, i, &name, actions);
                } else {
                    let edit = claim_view(ui, doc, c, actions);
                    if edit {
                        self.open_claim = Some(i);
                        self.load_claim(c);
                    }
                }
            }
            ui.add_space(6.0);
        }
        match doc.sources.first() {
            Some(first) => {
                if ui
                    .button("+ Add claim")
                    .on_hover_text("Record who asserts, denies or qualifies this relation")
                    .clicked()
                {
                    let mut changed = r.clone();
                    let claim = ops::new_claim(&first.id);
                    self.load_claim(&claim);
                    changed.claims.push(claim);
                    self.open_claim = Some(changed.claims.len() - 1);
                    actions.push(update(format!("Add a claim to {name}"), changed));
                }
            }
            None => {
                ui.label("A claim cites a source: add one first (Edit ⏵ Add source).");
            }
        }
        self.relation = Some(draft);
    }

    fn claim_editor(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        r: &Relation,
        i: usize,
        name: &str,
        actions: &mut Vec<Action>,
    ) {
        let Some(c) = r.claims.get(i) else { return };
        let with_claim = |claim: Claim| {
            let mut changed = r.clone();
            changed.claims[i] = claim;
            changed
        };
        let update = |label: &str, relation: Relation| Action::Edit {
            label: format!("{label} of a claim on {name}"),
            edits: vec![Edit::UpdateRelation { relation }],
            then: None,
        };
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            egui::Grid::new(("claim-form", r.id.as_str(), i))
                .num_columns(2)
                .show(ui, |ui| {
                    ui.label("Stance");
                    ui.horizontal(|ui| {
                        for s in Stance::ALL {
                            if ui.selectable_label(c.stance == s, s.as_str()).clicked()
                                && c.stance != s
                            {
                                let mut claim = c.clone();
                                claim.stance = s;
                                actions.push(update("Change stance", with_claim(claim)));
                            }
                        }
                    });
                    ui.end_row();
                    ui.label("Source");
                    let current = doc
                        .source(c.source.as_str())
                        .map_or(c.source.as_str(), |s| s.title.as_str());
                    egui::ComboBox::from_id_salt(("claim-source", r.id.as_str(), i))
                        .selected_text(truncate(current, 40))
                        .width(260.0)
                        .show_ui(ui, |ui| {
                            for s in &doc.sources {
                                if ui.selectable_label(s.id == c.source, &s.title).clicked()
                                    && s.id != c.source
                                {
                                    let mut claim = c.clone();
                                    claim.source = s.id.clone();
                                    actions.push(update("Change source", with_claim(claim)));
                                }
                            }
                        });
                    ui.end_row();
                    ui.label("Claimant");
                    let current = c
                        .claimant
                        .as_ref()
                        .map_or("(not in the map)", |id| doc.entity_name(id.as_str()));
                    egui::ComboBox::from_id_salt(("claim-claimant", r.id.as_str(), i))
                        .selected_text(current)
                        .width(260.0)
                        .show_ui(ui, |ui| {
                            if ui
                                .selectable_label(c.claimant.is_none(), "(not in the map)")
                                .clicked()
                                && c.claimant.is_some()
                            {
                                let mut claim = c.clone();
                                claim.claimant = None;
                                actions.push(update("Change claimant", with_claim(claim)));
                            }
                            for e in sorted_by_name(doc) {
                                if ui
                                    .selectable_label(c.claimant.as_ref() == Some(&e.id), &e.name)
                                    .clicked()
                                    && c.claimant.as_ref() != Some(&e.id)
                                {
                                    let mut claim = c.clone();
                                    claim.claimant = Some(e.id.clone());
                                    actions.push(update("Change claimant", with_claim(claim)));
                                }
                            }
                        });
                    ui.end_row();

                    let mut speaker = std::mem::take(&mut self.claim_speaker);
                    if self.field(ui, "Speaker", &mut speaker, "who spoke, in words") {
                        let text = speaker.trim();
                        let value = (!text.is_empty()).then(|| text.to_owned());
                        if value != c.speaker {
                            let mut claim = c.clone();
                            claim.speaker = value;
                            actions.push(update("Edit speaker", with_claim(claim)));
                        }
                    }
                    self.claim_speaker = speaker;
                });
            let mut quote = std::mem::take(&mut self.claim_quote);
            let label = ui.label("Quote");
            let response = ui
                .add(
                    egui::TextEdit::multiline(&mut quote)
                        .desired_rows(3)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            if self.track(&response) && quote != c.quote {
                let mut claim = c.clone();
                claim.quote = quote.clone();
                actions.push(update("Edit quote", with_claim(claim)));
            }
            self.claim_quote = quote;
            ui.horizontal(|ui| {
                ui.label("Date");
                let mut date = std::mem::take(&mut self.claim_date);
                let response = ui.add(
                    egui::TextEdit::singleline(&mut date)
                        .hint_text("e.g. 2021-08")
                        .desired_width(120.0),
                );
                if self.track(&response) {
                    match parse_date(&date) {
                        Ok(d) if d != c.date => {
                            let mut claim = c.clone();
                            claim.date = d;
                            actions.push(update("Edit date", with_claim(claim)));
                        }
                        Ok(_) => {}
                        Err(bad) => {
                            ui.colored_label(ui.visuals().error_fg_color, bad);
                        }
                    }
                }
                self.claim_date = date;
            });
            ui.horizontal(|ui| {
                if ui.button("Done").clicked() {
                    self.open_claim = None;
                }
                let delete = egui::Button::new(
                    RichText::new("Delete claim").color(stance_color(Stance::Denies)),
                );
                if ui.add(delete).clicked() {
                    let mut changed = r.clone();
                    changed.claims.remove(i);
                    self.open_claim = None;
                    actions.push(Action::Edit {
                        label: format!("Delete a claim on {name}"),
                        edits: vec![Edit::UpdateRelation { relation: changed }],
                        then: None,
                    });
                }
            });
        });
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

    fn source(&mut self, ui: &mut Ui, doc: &Document, s: &Source, actions: &mut Vec<Action>) {
        let Some(mut draft) = self.source.take() else {
            return;
        };
        ui.heading(&s.title);
        ui.label(RichText::new(format!("source · id: {}", s.id)).weak());
        let update = |label: String, source: Source| Action::Edit {
            label,
            edits: vec![Edit::UpdateSource { source }],
            then: None,
        };
        egui::Grid::new(("source-form", s.id.as_str()))
            .num_columns(2)
            .show(ui, |ui| {
                let mut title = draft.title.clone();
                if self.field(ui, "Title", &mut title, "headline or name")
                    && title.trim() != s.title
                    && !title.trim().is_empty()
                {
                    let mut changed = s.clone();
                    changed.title = title.trim().to_owned();
                    actions.push(update(format!("Rename source {}", s.title), changed));
                }
                draft.title = title;
                if let Some(v) =
                    self.optional_field(ui, "Publisher", &mut draft.publisher, &s.publisher)
                {
                    let changed = Source {
                        publisher: v,
                        ..s.clone()
                    };
                    actions.push(update(format!("Edit publisher of {}", s.title), changed));
                }
                if let Some(v) = self.optional_field(ui, "Author", &mut draft.author, &s.author) {
                    let changed = Source {
                        author: v,
                        ..s.clone()
                    };
                    actions.push(update(format!("Edit author of {}", s.title), changed));
                }
                if let Some(v) = self.optional_field(ui, "URL", &mut draft.url, &s.url) {
                    let changed = Source {
                        url: v,
                        ..s.clone()
                    };
                    actions.push(update(format!("Edit URL of {}", s.title), changed));
                }
                let mut date = std::mem::take(&mut self.source_date);
                if self.field(ui, "Date", &mut date, "e.g. 2021-08-30") {
                    match parse_date(&date) {
                        Ok(d) if d != s.date => {
                            let mut changed = s.clone();
                            changed.date = d;
                            actions.push(update(format!("Edit date of {}", s.title), changed));
                        }
                        Ok(_) => {}
                        Err(bad) => {
                            ui.colored_label(ui.visuals().error_fg_color, bad);
                            ui.end_row();
                        }
                    }
                }
                self.source_date = date;
            });
        self.source = Some(draft);

        let citing: Vec<&Relation> = doc
            .relations
            .iter()
            .filter(|r| r.claims.iter().any(|c| c.source == s.id))
            .collect();
        let claims: usize = citing
            .iter()
            .map(|r| r.claims.iter().filter(|c| c.source == s.id).count())
            .sum();
        ui.separator();
        ui.label(
            RichText::new(format!(
                "Cited by {claims} claim(s) on {} relation(s)",
                citing.len()
            ))
            .strong(),
        );
        let delete =
            egui::Button::new(RichText::new("Delete source").color(stance_color(Stance::Denies)));
        let response = ui.add_enabled(claims == 0, delete);
        if claims > 0 {
            response.on_disabled_hover_text(
                "Claims cite this source. Delete those claims or point them at another source first.",
            );
            ui.label(
                RichText::new(
                    "To delete this source, first delete or re-source the claims that cite it:",
                )
                .weak(),
            );
        } else if response.clicked() {
            actions.push(Action::Edit {
                label: format!("Delete source {}", s.title),
                edits: vec![Edit::RemoveSource {
                    source: s.id.clone(),
                }],
                then: Some(Selection::None),
            });
        }
        for r in citing.iter().take(200) {
            let text = format!(
                "{} {} {}",
                doc.entity_name(r.from.as_str()),
                r.caption(),
                doc.entity_name(r.to.as_str())
            );
            if ui.link(text).clicked() {
                actions.push(Action::Select(Selection::Relation(r.id.clone())));
            }
        }
    }
}

fn several(ui: &mut Ui, doc: &Document, ids: &[EntityId], actions: &mut Vec<Action>) {
    ui.heading(format!("{} entities selected", ids.len()));
    ui.label(RichText::new("Shift+click or Ctrl+click adds or removes one; Shift+drag on the background selects a box.").weak());
    for id in ids {
        if ui.link(doc.entity_name(id.as_str())).clicked() {
            actions.push(Action::Select(Selection::Entity(id.clone())));
        }
    }
    ui.separator();
    if let [a, b] = ids {
        let (na, nb) = (doc.entity_name(a.as_str()), doc.entity_name(b.as_str()));
        if ui.button(format!("Connect {na} ▶ {nb}")).clicked() {
            actions.push(Action::Connect(a.clone(), b.clone()));
        }
        if ui
            .button(format!("Merge {nb} into {na}"))
            .on_hover_text(format!(
                "{nb}'s relations, claims and names move to {na}; {nb} is removed"
            ))
            .clicked()
        {
            actions.push(Action::Merge {
                survivor: a.clone(),
                absorbed: b.clone(),
            });
        }
        if ui
            .button(format!("Merge {na} into {nb}"))
            .on_hover_text(format!(
                "{na}'s relations, claims and names move to {nb}; {na} is removed"
            ))
            .clicked()
        {
            actions.push(Action::Merge {
                survivor: b.clone(),
                absorbed: a.clone(),
            });
        }
    }
    let delete = egui::Button::new(
        RichText::new(format!("Delete {} entities", ids.len())).color(stance_color(Stance::Denies)),
    );
    if ui
        .add(delete)
        .on_hover_text("Deletes their relations too (Delete key)")
        .clicked()
    {
        actions.push(Action::Edit {
            label: format!("Delete {} entities", ids.len()),
            edits: ops::delete_entities(doc, ids),
            then: Some(Selection::None),
        });
    }
}

/// Degree and betweenness of `e`, with its rank among all entities.
fn centrality(ui: &mut Ui, doc: &Document, e: &Entity, metrics: &Metrics) {
    let Some(i) = doc.entity_index(e.id.as_str()) else {
        return;
    };
    let Some(&degree) = metrics.degree.get(i) else {
        return;
    };
    ui.separator();
    ui.label(RichText::new("Centrality").strong());
    ui.label(format!("Degree: {degree} relation(s)"));
    let Some(&between) = metrics.betweenness.get(i) else {
        if metrics.betweenness_pending() {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Betweenness: computing…");
            });
        }
        return;
    };
    let rank = 1 + metrics.betweenness.iter().filter(|&&b| b > between).count();
    ui.label(format!(
        "Betweenness: {between:.3} (rank {rank} of {}): the share of shortest paths between \
         other entities that pass through it",
        metrics.betweenness.len()
    ));
    if let Some(k) = metrics.betweenness_sample {
        ui.label(
            RichText::new(format!(
                "Estimated from the shortest paths out of {k} of {} entities, as exact \
                 betweenness of a map this large would take hours.",
                metrics.betweenness.len()
            ))
            .weak(),
        );
    }
}

/// The shortest path between the two selected entities, listed step by step.
fn path(
    ui: &mut Ui,
    doc: &Document,
    selection: &Selection,
    explore: &mut Explore,
    actions: &mut Vec<Action>,
) {
    let Selection::Entities(ids) = selection else {
        return;
    };
    if ids.len() != 2 {
        return;
    }
    ui.separator();
    ui.label(RichText::new("Shortest path").strong());
    ui.checkbox(&mut explore.ignore_contested, "Ignore contested relations")
        .on_hover_text("Leave out relations whose claims disagree");
    let Some(found) = explore.found_path().cloned() else {
        ui.label(format!(
            "No path links {} to {}{}.",
            doc.entity_name(ids[0].as_str()),
            doc.entity_name(ids[1].as_str()),
            if explore.ignore_contested {
                " without contested relations"
            } else {
                ""
            }
        ));
        return;
    };
    ui.label(format!(
        "{} step(s), highlighted on the map:",
        found.relations.len()
    ));
    for (k, entity) in found.entities.iter().enumerate() {
        if ui
            .link(RichText::new(doc.entity_name(entity.as_str())).strong())
            .clicked()
        {
            actions.push(Action::Select(Selection::Entity(entity.clone())));
        }
        if let Some(rid) = found.relations.get(k)
            && let Some(r) = doc.relation(rid.as_str())
        {
            let forward = r.from == *entity;
            let arrow = match (r.directed, forward) {
                (false, _) => "—",
                (true, true) => "⏷",
                (true, false) => "⏶",
            };
            ui.horizontal(|ui| {
                ui.label(arrow);
                let mut text = RichText::new(r.caption());
                if r.is_contested() {
                    text = text.color(super::canvas::CONTESTED_COLOR);
                }
                if ui
                    .link(text)
                    .on_hover_text("Show this relation and its claims")
                    .clicked()
                {
                    actions.push(Action::Select(Selection::Relation(r.id.clone())));
                }
                if r.is_contested() {
                    ui.label(RichText::new("(contested)").weak());
                }
            });
        }
    }
}

fn gone(ui: &mut Ui, what: &str, id: &str) {
    ui.label(format!("{what} \"{id}\" is no longer in the map."));
}

/// A claim as text; returns true when its Edit button was clicked.
fn claim_view(ui: &mut Ui, doc: &Document, c: &Claim, actions: &mut Vec<Action>) -> bool {
    let mut edit = false;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(c.stance.as_str())
                    .color(stance_color(c.stance))
                    .strong(),
            );
            if let Some(claimant) = &c.claimant
                && ui.link(doc.entity_name(claimant.as_str())).clicked()
            {
                actions.push(Action::Select(Selection::Entity(claimant.clone())));
            }
            if let Some(speaker) = &c.speaker {
                ui.label(RichText::new(speaker).italics());
            }
            if c.claimant.is_none() && c.speaker.is_none() {
                ui.label(RichText::new("the source").italics());
            }
            if let Some(date) = &c.date {
                ui.label(RichText::new(date.as_str()).weak());
            }
        });
        if !c.quote.is_empty() {
            let quote = c.quote.trim_matches(['"', '“', '”']);
            ui.add(egui::Label::new(RichText::new(format!("“{quote}”")).italics()).wrap());
        }
        ui.horizontal_wrapped(|ui| {
            match doc.source(c.source.as_str()) {
                Some(s) => {
                    ui.label(RichText::new("Source:").weak());
                    let mut text = s.title.clone();
                    if let Some(p) = &s.publisher {
                        text.push_str(&format!(" — {p}"));
                    }
                    if let Some(a) = &s.author {
                        text.push_str(&format!(", {a}"));
                    }
                    if let Some(d) = &s.date {
                        text.push_str(&format!(" ({d})"));
                    }
                    if ui
                        .link(RichText::new(text).weak())
                        .on_hover_text("Show this source")
                        .clicked()
                    {
                        actions.push(Action::Select(Selection::Source(s.id.clone())));
                    }
                    if let Some(url) = &s.url {
                        ui.hyperlink_to("open", url);
                    }
                }
                None => {
                    ui.label(format!("Source \"{}\" is missing", c.source));
                }
            }
            if ui
                .small_button("✏ Edit")
                .on_hover_text("Edit this claim")
                .clicked()
            {
                edit = true;
            }
        });
    });
    edit
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

/// `text` cut to `max` characters, with an ellipsis when cut.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(max - 1).collect();
        format!("{cut}…")
    }
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

pub fn stance_color(s: Stance) -> Color32 {
    super::canvas::rgb(crate::style::stance_color(s))
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
