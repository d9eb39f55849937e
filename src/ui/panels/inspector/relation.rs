//! The inspector for a relation and its claims (with the claim editor), and for a source.

use super::*;

impl Inspector {
    pub(super) fn relation(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        r: &Relation,
        actions: &mut Vec<Action>,
    ) {
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
                    edits: ops::delete_relation(doc, &r.id),
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

    pub(super) fn claim_editor(
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
                // A new quote is found again where it is, if it is in the source.
                claim.anchor = doc
                    .source(c.source.as_str())
                    .and_then(|s| crate::query::quotes::find(&quote, &s.text, None));
                actions.push(update("Edit quote", with_claim(claim)));
            }
            self.claim_quote = quote;
            let key = (self.read_at.unwrap_or_default(), r.id.clone(), i);
            if let Some(anchor) = grades::quote_badge(ui, doc, c, &mut self.quote_check, key) {
                let mut claim = c.clone();
                claim.anchor = Some(anchor);
                actions.push(update("Anchor the quote", with_claim(claim)));
            }
            ui.horizontal(|ui| {
                ui.label("Credibility");
                if let Some(grade) =
                    grades::credibility(ui, ("claim-credibility", r.id.as_str(), i), c)
                {
                    let mut claim = c.clone();
                    claim.credibility = grade;
                    actions.push(update("Grade", with_claim(claim)));
                }
            });
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

    pub(super) fn source(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        s: &Source,
        actions: &mut Vec<Action>,
    ) {
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
                if let Some(d) = self.date_field(ui, "Date", &mut date, &s.date, "e.g. 2021-08-30")
                {
                    let mut changed = s.clone();
                    changed.date = d;
                    actions.push(update(format!("Edit date of {}", s.title), changed));
                }
                self.source_date = date;
                let mut retrieved = std::mem::take(&mut self.source_retrieved);
                let hint = "when the text was read";
                if let Some(d) =
                    self.date_field(ui, "Retrieved", &mut retrieved, &s.retrieved, hint)
                {
                    let mut changed = s.clone();
                    changed.retrieved = d;
                    actions.push(update(
                        format!("Edit retrieval date of {}", s.title),
                        changed,
                    ));
                }
                self.source_retrieved = retrieved;
                ui.label("Reliability");
                if let Some(grade) = grades::reliability(ui, s) {
                    let mut changed = s.clone();
                    changed.reliability = grade;
                    actions.push(update(format!("Grade {}", s.title), changed));
                }
                ui.end_row();
            });
        self.source = Some(draft);
        let mut text = std::mem::take(&mut self.source_text);
        egui::CollapsingHeader::new(format!("Text ({} characters)", s.text.chars().count()))
            .id_salt(("source-text", s.id.as_str()))
            .show(ui, |ui| {
                let response = ui.add(
                    egui::TextEdit::multiline(&mut text)
                        .hint_text("Paste the source's text: claims' quotes are checked against it")
                        .desired_rows(8)
                        .desired_width(f32::INFINITY),
                );
                if self.track(&response) && text != s.text {
                    let mut changed = s.clone();
                    changed.text = text.clone();
                    actions.push(update(format!("Edit the text of {}", s.title), changed));
                }
            });
        self.source_text = text;
        ui.horizontal(|ui| {
            if ui
                .add_enabled(!s.text.is_empty(), egui::Button::new("Read the source"))
                .on_hover_text(
                    "Its text with every quote highlighted by stance and names underlined",
                )
                .on_disabled_hover_text("Paste the source's text above, or read it from a file")
                .clicked()
            {
                actions.push(Action::ReadSource(s.id.clone()));
            }
            if ui
                .button("Text from a file…")
                .on_hover_text(
                    "Read the source's text from a .txt, .md or .html file (HTML reduced to its \
                     readable text); one undo step",
                )
                .clicked()
            {
                actions.push(Action::ReadSourceText(s.id.clone()));
            }
        });

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

    /// A date field of a grid; returns the new date when the user changed it to a valid one,
    /// and says what is wrong with an invalid one.
    fn date_field(
        &mut self,
        ui: &mut Ui,
        label: &str,
        draft: &mut String,
        current: &Option<crate::model::PartialDate>,
        hint: &str,
    ) -> Option<Option<crate::model::PartialDate>> {
        if !self.field(ui, label, draft, hint) {
            return None;
        }
        match parse_date(draft) {
            Ok(d) if d != *current => Some(d),
            Ok(_) => None,
            Err(bad) => {
                ui.colored_label(ui.visuals().error_fg_color, bad);
                ui.end_row();
                None
            }
        }
    }
}
