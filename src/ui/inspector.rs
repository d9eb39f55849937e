//! The right panel: everything about the selected entity or relation, down to the claims
//! behind each relation — who says so, with what stance, in which words, from which source.

use egui::{Color32, RichText, Ui};

use super::commands::{Action, Selection};
use crate::model::{Claim, Document, Entity, Period, Relation, Stance};
use crate::query;

/// Draws the inspector for `selection`; returns what the user asked for.
pub fn show(ui: &mut Ui, doc: &Document, selection: &Selection) -> Vec<Action> {
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
                     its details and the claims behind each relation.",
                );
            }
            Selection::Entity(id) => match doc.entity(id.as_str()) {
                Some(e) => entity(ui, doc, e, &mut actions),
                None => {
                    ui.label(format!("Entity \"{id}\" is no longer in the map."));
                }
            },
            Selection::Relation(id) => match doc.relation(id.as_str()) {
                Some(r) => relation(ui, doc, r, &mut actions),
                None => {
                    ui.label(format!("Relation \"{id}\" is no longer in the map."));
                }
            },
        });
    actions
}

fn entity(ui: &mut Ui, doc: &Document, e: &Entity, actions: &mut Vec<Action>) {
    ui.heading(&e.name);
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(&e.kind).strong());
        ui.label(RichText::new(format!("id: {}", e.id)).weak());
    });
    if !e.aliases.is_empty() {
        ui.label(format!("Also known as: {}", e.aliases.join(", ")));
    }
    if !e.summary.is_empty() {
        ui.add(egui::Label::new(&e.summary).wrap());
    }
    if !e.attributes.is_empty() {
        egui::Grid::new(("attributes", e.id.as_str()))
            .num_columns(2)
            .striped(true)
            .show(ui, |ui| {
                for (k, v) in &e.attributes {
                    ui.label(RichText::new(k).weak());
                    ui.add(egui::Label::new(v).wrap());
                    ui.end_row();
                }
            });
    }
    if e.pinned {
        ui.horizontal(|ui| {
            ui.label("Pinned: the layout leaves it where you put it.");
            if ui.button("Unpin").clicked() {
                actions.push(Action::Unpin(e.id.clone()));
            }
        });
    }
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
            let other = doc.entity_name(inc.other);
            if ui
                .link(RichText::new(other).strong())
                .on_hover_text("Go to this entity")
                .clicked()
            {
                actions.push(Action::Select(Selection::Entity(r_other_id(
                    r,
                    inc.outgoing,
                ))));
            }
            if let Some(p) = &r.period {
                ui.label(RichText::new(period_text(p)).weak());
            }
        });
        egui::CollapsingHeader::new(claims_summary(r))
            .id_salt(("claims", e.id.as_str(), r.id.as_str()))
            .show(ui, |ui| {
                for c in &r.claims {
                    claim(ui, doc, c, actions);
                }
            });
    }
}

fn r_other_id(r: &Relation, outgoing: bool) -> crate::model::EntityId {
    if outgoing {
        r.to.clone()
    } else {
        r.from.clone()
    }
}

fn relation(ui: &mut Ui, doc: &Document, r: &Relation, actions: &mut Vec<Action>) {
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
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(format!("id: {}", r.id)).weak());
        ui.label(if r.directed { "directed" } else { "undirected" });
        if let Some(p) = &r.period {
            ui.label(period_text(p));
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
        let claims: Vec<&Claim> = query::claims_with_stance(r, stance).collect();
        if claims.is_empty() {
            continue;
        }
        ui.label(
            RichText::new(format!("{} ({})", stance_heading(stance), claims.len()))
                .color(stance_color(stance))
                .strong(),
        );
        for c in claims {
            claim(ui, doc, c, actions);
        }
        ui.add_space(6.0);
    }
}

fn claim(ui: &mut Ui, doc: &Document, c: &Claim, actions: &mut Vec<Action>) {
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
            ui.add(
                egui::Label::new(
                    RichText::new(format!("“{}”", c.quote.trim_matches(['"', '“', '”']))).italics(),
                )
                .wrap(),
            );
        }
        match doc.source(c.source.as_str()) {
            Some(s) => {
                ui.horizontal_wrapped(|ui| {
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
                    match &s.url {
                        Some(url) => {
                            ui.hyperlink_to(text, url);
                        }
                        None => {
                            ui.label(RichText::new(text).weak());
                        }
                    }
                });
            }
            None => {
                ui.label(format!("Source \"{}\" is missing", c.source));
            }
        }
    });
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
    match s {
        Stance::Asserts => Color32::from_rgb(0x4c, 0xaf, 0x50),
        Stance::Denies => Color32::from_rgb(0xe5, 0x4b, 0x4b),
        Stance::Qualifies => Color32::from_rgb(0xe0, 0xa0, 0x30),
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
