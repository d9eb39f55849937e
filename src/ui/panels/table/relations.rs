//! The data table's relations (`query::relation_table`): a row per relation with its ends,
//! kind, label, direction, period, claims and attributes; sorted by a header, filtered by
//! words and the exploration filters; a click selects the relation on the map, a
//! double-click edits a cell; **Set** gives a column one value on every row shown; **Copy
//! rows** copies them. Each change is one step of Undo.

use std::sync::Arc;

use egui::{RichText, Ui};

use super::{Editing, ROW_HEIGHT, cell_ui, edit_in_place};
use crate::edit::Edit;
use crate::model::{Document, RelationId};
use crate::query::relation_table::{
    RelationColumn, relation_cell, relation_columns, relation_rows, relations_tsv,
    with_relation_cell,
};
use crate::ui::commands::{Action, Selection};
use crate::ui::panels::cache::Cached;

type RowsKey = (
    (u64, u64),
    Vec<bool>,
    String,
    Option<(RelationColumn, bool)>,
);

/// The relations' table state.
#[derive(Default)]
pub(super) struct RelationsTable {
    text: String,
    sort: Option<(RelationColumn, bool)>,
    rows: Cached<RowsKey, Arc<Vec<usize>>>,
    columns: Cached<(u64, u64), Vec<RelationColumn>>,
    editing: Option<(RelationId, RelationColumn, String)>,
    bulk: Option<(RelationColumn, String)>,
    refused: Option<String>,
}

fn width(column: &RelationColumn) -> f32 {
    match column {
        RelationColumn::From | RelationColumn::To | RelationColumn::Label => 170.0,
        RelationColumn::Id | RelationColumn::Kind => 150.0,
        RelationColumn::Claims | RelationColumn::Contested | RelationColumn::Directed => 80.0,
        _ => 110.0,
    }
}

impl RelationsTable {
    pub(super) fn show(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        selection: &Selection,
        shown: Vec<bool>,
        revision: (u64, u64),
    ) -> Vec<Action> {
        let mut actions = Vec::new();
        let columns = self.columns.get(revision, || relation_columns(doc)).clone();
        let key = (revision, shown, self.text.clone(), self.sort.clone());
        let rows = self
            .rows
            .get(key.clone(), || {
                Arc::new(relation_rows(doc, &key.1, &key.2, key.3.as_ref()))
            })
            .clone();
        ui.horizontal_wrapped(|ui| {
            ui.label(format!("{} of {}", rows.len(), doc.relations.len()));
            let label = ui.label("Filter relations");
            ui.add(
                egui::TextEdit::singleline(&mut self.text)
                    .hint_text("words; kind:person for one column")
                    .desired_width(180.0),
            )
            .labelled_by(label.id);
            if ui
                .button("Copy rows")
                .on_hover_text("Copy the rows shown as tab-separated text, for a spreadsheet")
                .clicked()
            {
                ui.ctx().copy_text(relations_tsv(doc, &rows, &columns));
            }
            ui.separator();
            self.bulk_ui(ui, doc, &columns, &rows, &mut actions);
        });
        if let Some(why) = &self.refused {
            ui.label(RichText::new(why).color(ui.visuals().warn_fg_color));
        }
        egui::ScrollArea::horizontal()
            .id_salt("relation-table-columns")
            .show(ui, |ui| {
                self.header(ui, &columns);
                egui::ScrollArea::vertical()
                    .id_salt("relation-table-rows")
                    .auto_shrink([false, false])
                    .show_rows(ui, ROW_HEIGHT, rows.len(), |ui, range| {
                        for k in range {
                            self.row(ui, doc, selection, &columns, rows[k], &mut actions);
                        }
                    });
            });
        actions
    }

    fn header(&mut self, ui: &mut Ui, columns: &[RelationColumn]) {
        ui.horizontal(|ui| {
            for column in columns {
                let arrow = match &self.sort {
                    Some((c, false)) if c == column => " ⬆",
                    Some((c, true)) if c == column => " ⬇",
                    _ => "",
                };
                let text = RichText::new(format!("{}{arrow}", column.title())).strong();
                if ui
                    .add_sized(
                        [width(column), ROW_HEIGHT],
                        egui::Button::new(text).frame(false),
                    )
                    .on_hover_text(format!("Sort by {}", column.title()))
                    .clicked()
                {
                    self.sort = match &self.sort {
                        Some((c, false)) if c == column => Some((column.clone(), true)),
                        Some((c, true)) if c == column => None,
                        _ => Some((column.clone(), false)),
                    };
                }
            }
        });
    }

    fn row(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        selection: &Selection,
        columns: &[RelationColumn],
        i: usize,
        actions: &mut Vec<Action>,
    ) {
        let Some(r) = doc.relations.get(i) else {
            return;
        };
        let selected = matches!(selection, Selection::Relation(id) if *id == r.id);
        ui.horizontal(|ui| {
            for column in columns {
                let size = [width(column), ROW_HEIGHT];
                if let Some((id, c, text)) = &mut self.editing
                    && *id == r.id
                    && c == column
                {
                    match edit_in_place(ui, size, text) {
                        Editing::Still => {}
                        Editing::Kept(text) => {
                            let column = column.clone();
                            self.editing = None;
                            self.commit(doc, &[i], &column, &text, actions);
                        }
                        Editing::Dropped => self.editing = None,
                    }
                    continue;
                }
                let text = relation_cell(doc, r, column);
                let response = cell_ui(ui, size, &text, selected);
                let edit = response.double_clicked() || (response.clicked() && selected);
                if edit && column.editable() {
                    self.editing = Some((r.id.clone(), column.clone(), text));
                } else if response.clicked() {
                    actions.push(Action::Select(Selection::Relation(r.id.clone())));
                }
            }
        });
    }

    fn bulk_ui(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        columns: &[RelationColumn],
        rows: &[usize],
        actions: &mut Vec<Action>,
    ) {
        let (mut column, mut value) = self
            .bulk
            .take()
            .unwrap_or((RelationColumn::Kind, String::new()));
        ui.label("Set");
        egui::ComboBox::from_id_salt("relation-table-bulk-column")
            .selected_text(column.title().to_owned())
            .show_ui(ui, |ui| {
                for c in columns.iter().filter(|c| c.editable()) {
                    ui.selectable_value(&mut column, c.clone(), c.title());
                }
            });
        let label = ui.label("=");
        ui.add(egui::TextEdit::singleline(&mut value).desired_width(120.0))
            .labelled_by(label.id);
        if ui
            .add_enabled(
                !rows.is_empty(),
                egui::Button::new(format!("on {} shown", rows.len())),
            )
            .on_hover_text("Give the column this value on every relation the filter shows")
            .clicked()
        {
            self.commit(doc, rows, &column, &value, actions);
        }
        self.bulk = Some((column, value));
    }

    fn commit(
        &mut self,
        doc: &Document,
        rows: &[usize],
        column: &RelationColumn,
        text: &str,
        actions: &mut Vec<Action>,
    ) {
        let mut edits = Vec::new();
        for &i in rows {
            let Some(r) = doc.relations.get(i) else {
                continue;
            };
            match with_relation_cell(r, column, text) {
                Ok(changed) if changed != *r => {
                    edits.push(Edit::UpdateRelation { relation: changed })
                }
                Ok(_) => {}
                Err(why) => {
                    self.refused = Some(format!("relation \"{}\": {why}", r.id));
                    return;
                }
            }
        }
        self.refused = None;
        if edits.is_empty() {
            return;
        }
        let label = match rows {
            [i] => format!("Set {} of {}", column.title(), doc.relations[*i].caption()),
            _ => format!("Set {} of {} relations", column.title(), edits.len()),
        };
        actions.push(Action::Edit {
            label,
            edits,
            then: None,
        });
    }
}
