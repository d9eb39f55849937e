//! The inspector for one entity: its fields, attributes, relations in and out, and
//! centrality.

use super::*;

impl Inspector {
    pub(super) fn entity(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        e: &Entity,
        actions: &mut Vec<Action>,
    ) {
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

        self.picture(ui, e, actions);
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
}
