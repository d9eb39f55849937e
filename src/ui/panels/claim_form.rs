//! The form of a claim made from text selected in the source reader: the relation it bears on
//! (or a new one, from one entity to another), its stance and its claimant; the quote and its
//! anchor are the selection.

use egui::{RichText, Ui};

use crate::edit::{Edit, ops};
use crate::look::truncate;
use crate::model::{Anchor, Claim, Document, EntityId, Relation, RelationId, SourceId, Stance};
use crate::ui::commands::{Action, Selection};

/// A claim being made from the selected text.
#[derive(Debug, Clone)]
pub struct ClaimForm {
    pub quote: String,
    pub anchor: Anchor,
    pub relation: Option<RelationId>,
    /// A new relation to make for the claim: from, to and kind.
    pub new_relation: Option<(Option<EntityId>, Option<EntityId>, String)>,
    pub stance: Stance,
    pub claimant: Option<EntityId>,
}

/// The form of a claim made from the selection: the relation it bears on, its stance and its
/// claimant. Returns the edit when the user adds it.
pub fn claim_form(
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
                let current = match (&form.new_relation, &form.relation) {
                    (Some(_), _) => "a new relation".to_owned(),
                    (None, Some(id)) => doc
                        .relation(id.as_str())
                        .map_or_else(|| id.to_string(), caption),
                    (None, None) => "choose a relation".to_owned(),
                };
                egui::ComboBox::from_id_salt("claim-from-selection-relation")
                    .selected_text(truncate(&current, 48))
                    .width(320.0)
                    .show_ui(ui, |ui| {
                        if ui
                            .selectable_label(form.new_relation.is_some(), "+ a new relation")
                            .clicked()
                        {
                            form.relation = None;
                            form.new_relation = Some((None, None, "related to".to_owned()));
                        }
                        for r in &doc.relations {
                            if ui
                                .selectable_label(form.relation.as_ref() == Some(&r.id), caption(r))
                                .clicked()
                            {
                                form.relation = Some(r.id.clone());
                                form.new_relation = None;
                            }
                        }
                    });
                ui.end_row();
                if let Some((from, to, kind)) = &mut form.new_relation {
                    for (label, end) in [("From", from), ("To", to)] {
                        ui.label(label);
                        let current = end
                            .as_ref()
                            .map_or("choose an entity", |id| doc.entity_name(id.as_str()));
                        egui::ComboBox::from_id_salt(("claim-from-selection-end", label))
                            .selected_text(current)
                            .width(320.0)
                            .show_ui(ui, |ui| {
                                for e in &doc.entities {
                                    ui.selectable_value(end, Some(e.id.clone()), &e.name);
                                }
                            });
                        ui.end_row();
                    }
                    ui.label("Kind");
                    ui.text_edit_singleline(kind);
                    ui.end_row();
                }
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
        let claim = Claim {
            claimant: form.claimant.clone(),
            stance: form.stance,
            quote: form.quote.clone(),
            anchor: Some(form.anchor),
            ..ops::new_claim(source)
        };
        let relation = form
            .relation
            .as_ref()
            .and_then(|id| doc.relation(id.as_str()));
        let new = match &form.new_relation {
            Some((Some(from), Some(to), kind)) if !kind.trim().is_empty() => {
                Some((from, to, kind.trim()))
            }
            _ => None,
        };
        if ui
            .add_enabled(
                relation.is_some() || new.is_some(),
                egui::Button::new("Add claim"),
            )
            .clicked()
        {
            if let Some((from, to, kind)) = new {
                let (id, mut edits) = ops::connect(doc, from, to, kind);
                if let Some(Edit::InsertRelation { relation, .. }) = edits.first_mut() {
                    relation.claims.push(claim);
                }
                made = Some(Action::Edit {
                    label: format!("Add a relation and a claim on it ({kind})"),
                    edits,
                    then: Some(Selection::Relation(id)),
                });
            } else if let Some(r) = relation {
                let mut changed = r.clone();
                changed.claims.push(claim);
                made = Some(Action::Edit {
                    label: format!("Add a claim on {}", r.caption()),
                    edits: vec![Edit::UpdateRelation { relation: changed }],
                    then: Some(Selection::Relation(r.id.clone())),
                });
            }
        }
    });
    made
}
