//! Read-only views the inspector shows: several entities, centrality, a path, a claim.

use super::*;

pub(super) fn several(ui: &mut Ui, doc: &Document, ids: &[EntityId], actions: &mut Vec<Action>) {
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
    if ids.len() > 2 {
        ui.menu_button(format!("Merge {} entities into…", ids.len()), |ui| {
            for survivor in ids {
                let name = doc.entity_name(survivor.as_str());
                if ui
                    .button(name)
                    .on_hover_text(format!(
                        "The others' relations, claims and names move to {name}; they are removed"
                    ))
                    .clicked()
                {
                    let others: Vec<EntityId> =
                        ids.iter().filter(|i| *i != survivor).cloned().collect();
                    match ops::merge_many(doc, survivor, &others) {
                        Ok(edits) => actions.push(Action::Edit {
                            label: format!("Merge {} entities into {name}", others.len()),
                            edits,
                            then: Some(Selection::Entity(survivor.clone())),
                        }),
                        Err(e) => actions.push(Action::Report(format!("Could not merge: {e}"))),
                    }
                    ui.close();
                }
            }
        });
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
pub(super) fn centrality(ui: &mut Ui, doc: &Document, e: &Entity, metrics: &Metrics) {
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
pub(super) fn path(
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
                    text = text.color(crate::ui::paint::CONTESTED_COLOR);
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

pub(super) fn gone(ui: &mut Ui, what: &str, id: &str) {
    ui.label(format!("{what} \"{id}\" is no longer in the map."));
}

/// A claim as text; returns true when its Edit button was clicked.
pub(super) fn claim_view(
    ui: &mut Ui,
    doc: &Document,
    c: &Claim,
    actions: &mut Vec<Action>,
) -> bool {
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
