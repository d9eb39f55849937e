//! The data table (View ▸ Data table, Ctrl+Shift+T): the entities as rows, a column for every
//! field and attribute (`query::table`), under the canvas. Rows follow the exploration
//! filters and the table's own filter text, sort by any column, and share the map's selection
//! both ways. A double-click (or a click on a cell of the one row selected) edits a cell in
//! place; **Set** gives a column one value on every
//! selected row; **Copy rows** copies them as tab-separated text, and **Paste rows…** adds or
//! updates entities from rows copied in a spreadsheet (`edit::paste`); `tools.rs` holds find
//! and replace and the columns' own edits (add, rename, retype, delete). Each change is one step of
//! Undo. Rows are drawn only where they are on screen, so a long table scrolls as a short one.

use egui::{RichText, Ui};

mod relations;
mod tools;
mod worker;

pub use worker::WORKER_ABOVE;

use crate::edit::Edit;
use crate::model::{Document, EntityId};
use crate::query::table::{self, Column, RowQuery};
use crate::ui::commands::{Action, Selection};
use crate::ui::panels::cache::Cached;

pub(super) const ROW_HEIGHT: f32 = 20.0;

use worker::RowsKey;

/// The data table's state.
#[derive(Default)]
pub struct DataTable {
    pub open: bool,
    query: RowQuery,
    /// The rows shown, for the map's revision, the filters' verdict and the query.
    /// Shared, so a frame takes the rows without copying 100 000 indices.
    rows: Cached<RowsKey, std::sync::Arc<Vec<usize>>>,
    columns: Cached<(u64, u64), Vec<Column>>,
    /// The cell being edited: its entity, column and text.
    editing: Option<(EntityId, Column, String)>,
    /// Set: the column, and the value typed for it.
    bulk: Option<(Column, String)>,
    /// The row a Shift+click selects from.
    anchor: Option<usize>,
    /// Why the last edit was refused.
    refused: Option<String>,
    /// Rows being pasted from a spreadsheet, when the paste box is open.
    paste: Option<String>,
    /// What pasting them would do, for the map's revision and the text.
    paste_plan: Cached<((u64, u64), String), Result<crate::edit::paste::Pasted, String>>,
    /// The find and replace line, when open.
    find: Option<tools::FindReplace>,
    /// A column being added or renamed.
    column_form: Option<tools::ColumnForm>,
    /// The relations are shown instead of the entities.
    showing_relations: bool,
    relations: relations::RelationsTable,
    /// A large map's rows, sorted and filtered off the frame.
    worker: worker::RowsWorker,
    /// Maps with more entities than this sort on the worker ([`WORKER_ABOVE`]; tests lower it).
    pub worker_above: Option<usize>,
}

/// A cell: its text from the left, cut at its edge, on the selection's colour when its row is
/// selected; clickable, and named for screen readers (and tests) by its text.
pub(super) fn cell_ui(ui: &mut Ui, size: [f32; 2], text: &str, selected: bool) -> egui::Response {
    let (rect, response) =
        ui.allocate_exact_size(egui::vec2(size[0], size[1]), egui::Sense::click());
    let visuals = ui.visuals();
    if selected {
        ui.painter()
            .rect_filled(rect, 2.0, visuals.selection.bg_fill);
    } else if response.hovered() {
        ui.painter()
            .rect_filled(rect, 2.0, visuals.widgets.hovered.weak_bg_fill);
    }
    let color = if selected {
        visuals.selection.stroke.color
    } else {
        visuals.text_color()
    };
    // The first line, at most a few hundred characters: a summary can be long.
    let first: String = text
        .lines()
        .next()
        .unwrap_or("")
        .chars()
        .take(200)
        .collect();
    ui.painter().with_clip_rect(rect.shrink(1.0)).text(
        rect.left_center() + egui::vec2(4.0, 0.0),
        egui::Align2::LEFT_CENTER,
        first,
        egui::TextStyle::Body.resolve(ui.style()),
        color,
    );
    response.widget_info(|| {
        egui::WidgetInfo::selected(egui::WidgetType::SelectableLabel, true, selected, text)
    });
    if text.chars().count() > 20 {
        response.on_hover_text(text)
    } else {
        response
    }
}

/// What became of a cell being edited this frame.
pub(super) enum Editing {
    Still,
    /// Enter, or a click elsewhere: the text typed.
    Kept(String),
    /// Esc.
    Dropped,
}

/// A cell's text field while it is edited, focused from its first frame.
pub(super) fn edit_in_place(ui: &mut Ui, size: [f32; 2], text: &mut String) -> Editing {
    let edit = ui.add_sized(size, egui::TextEdit::singleline(text));
    if !edit.has_focus() && !edit.lost_focus() {
        edit.request_focus();
    }
    if !edit.lost_focus() {
        Editing::Still
    } else if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
        Editing::Dropped
    } else {
        Editing::Kept(text.clone())
    }
}

/// The width of a column.
fn width(column: &Column) -> f32 {
    match column {
        Column::Name => 190.0,
        Column::Summary => 260.0,
        Column::Aliases => 150.0,
        Column::From | Column::To => 90.0,
        _ => 120.0,
    }
}

impl DataTable {
    /// The table, when open; returns what the user asked for. `shown` and `shown_relations`
    /// are the exploration filters' verdicts by entity and relation index, `revision` the
    /// map's data revision.
    pub fn show(
        &mut self,
        ui: &mut Ui,
        shared: &std::sync::Arc<Document>,
        selection: &Selection,
        (shown, shown_relations): (Vec<bool>, Vec<bool>),
        revision: (u64, u64),
    ) -> Vec<Action> {
        let doc: &Document = shared;
        ui.horizontal(|ui| {
            ui.selectable_value(
                &mut self.showing_relations,
                false,
                RichText::new("Entities").strong(),
            );
            ui.selectable_value(
                &mut self.showing_relations,
                true,
                RichText::new("Relations").strong(),
            );
        });
        if self.showing_relations {
            return self
                .relations
                .show(ui, doc, selection, shown_relations, revision);
        }
        let mut actions = Vec::new();
        let columns = self
            .columns
            .get(revision, || table::entity_columns(doc))
            .clone();
        let query = self.query.clone();
        let on_worker = doc.entities.len() > self.worker_above.unwrap_or(WORKER_ABOVE);
        let (rows, working) = if on_worker {
            let (rows, working) = self.worker.rows(shared, (revision, shown, query));
            if working {
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_millis(30));
            }
            // Rows of the map before an edit may name entities it no longer has.
            let n = doc.entities.len();
            let rows = if rows.iter().any(|&i| i >= n) {
                std::sync::Arc::new(rows.iter().copied().filter(|&i| i < n).collect())
            } else {
                rows
            };
            (rows, working)
        } else {
            let rows = self
                .rows
                .get((revision, shown.clone(), query.clone()), || {
                    std::sync::Arc::new(table::entity_rows(doc, &shown, &query))
                })
                .clone();
            (rows, false)
        };
        let is_selected = |i: usize| selection.contains_entity(&doc.entities[i].id);

        let chosen: Vec<usize> = rows.iter().copied().filter(|&i| is_selected(i)).collect();
        ui.horizontal_wrapped(|ui| {
            if working {
                ui.spinner();
                ui.label("sorting…");
            }
            ui.label(format!("{} of {}", rows.len(), doc.entities.len()));
            let label = ui.label("Filter");
            ui.add(
                egui::TextEdit::singleline(&mut self.query.text)
                    .hint_text("words; kind:person for one column")
                    .desired_width(180.0),
            )
            .labelled_by(label.id);
            let copy_rows = if chosen.is_empty() { &rows } else { &chosen };
            if ui
                .button("Copy rows")
                .on_hover_text(
                    "Copy the selected rows (or every row shown) as tab-separated text, for a spreadsheet",
                )
                .clicked()
            {
                ui.ctx().copy_text(table::to_tsv(doc, copy_rows, &columns));
            }
            if ui
                .button("Paste rows…")
                .on_hover_text(
                    "Add or update entities from rows copied in a spreadsheet, matched by id or name",
                )
                .clicked()
            {
                self.paste = match self.paste {
                    Some(_) => None,
                    None => Some(String::new()),
                };
            }
            self.tool_buttons(ui);
        });
        // Set on a line of its own, so the toolbar never runs wider than the table.
        ui.horizontal_wrapped(|ui| {
            self.bulk_ui(ui, doc, &columns, &chosen, &mut actions);
        });
        self.find_ui(ui, doc, &rows, &chosen, &mut actions);
        self.column_form_ui(ui, doc, &rows, &chosen, &mut actions);
        self.paste_ui(ui, doc, revision, &mut actions);
        if let Some(why) = &self.refused {
            ui.label(RichText::new(why).color(ui.visuals().warn_fg_color));
        }

        egui::ScrollArea::horizontal()
            .id_salt("table-columns")
            .show(ui, |ui| {
                self.header(ui, doc, &columns, &mut actions);
                egui::ScrollArea::vertical()
                    .id_salt("table-rows")
                    .auto_shrink([false, false])
                    .show_rows(ui, ROW_HEIGHT, rows.len(), |ui, range| {
                        for k in range {
                            let i = rows[k];
                            let chosen = is_selected(i);
                            self.row(ui, doc, selection, &columns, &rows, k, chosen, &mut actions);
                        }
                    });
            });
        actions
    }

    /// The column headers: a click sorts by the column, a second click the other way; a
    /// right-click opens an attribute column's menu (rename, change type, delete).
    fn header(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        columns: &[Column],
        actions: &mut Vec<Action>,
    ) {
        ui.horizontal(|ui| {
            for column in columns {
                let arrow = match &self.query.sort {
                    Some((c, false)) if c == column => " ⬆",
                    Some((c, true)) if c == column => " ⬇",
                    _ => "",
                };
                let text = RichText::new(format!("{}{arrow}", column.title())).strong();
                let response = ui
                    .add_sized(
                        [width(column), ROW_HEIGHT],
                        egui::Button::new(text).frame(false),
                    )
                    .on_hover_text(format!(
                        "Sort by {}; right-click for the column's menu",
                        column.title()
                    ));
                response.context_menu(|ui| self.column_menu(ui, doc, column, actions));
                if response.clicked() {
                    self.query.sort = match &self.query.sort {
                        Some((c, false)) if c == column => Some((column.clone(), true)),
                        Some((c, true)) if c == column => None,
                        _ => Some((column.clone(), false)),
                    };
                }
            }
        });
    }

    /// One row: its cells, clicked to select (Ctrl toggles, Shift extends), double-clicked
    /// to edit.
    #[allow(clippy::too_many_arguments)]
    fn row(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        selection: &Selection,
        columns: &[Column],
        rows: &[usize],
        k: usize,
        selected: bool,
        actions: &mut Vec<Action>,
    ) {
        let i = rows[k];
        let e = &doc.entities[i];
        ui.horizontal(|ui| {
            for column in columns {
                let size = [width(column), ROW_HEIGHT];
                if let Some((id, c, text)) = &mut self.editing
                    && *id == e.id
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
                let text = table::cell(e, column);
                let response = cell_ui(ui, size, &text, selected);
                // A double-click edits the cell, as does a click on a cell of the one row
                // selected (as a second click on a file's name renames it).
                let only_this = selected && selection.entities().len() == 1;
                let modifiers = ui.input(|i| i.modifiers);
                let edit = response.double_clicked()
                    || (response.clicked() && only_this && !modifiers.shift && !modifiers.command);
                if edit && column.editable() {
                    self.editing = Some((e.id.clone(), column.clone(), text));
                } else if response.clicked() {
                    actions.push(Action::Select(
                        self.clicked(doc, selection, rows, k, modifiers),
                    ));
                }
            }
        });
    }

    /// The selection a click on row `k` makes.
    fn clicked(
        &mut self,
        doc: &Document,
        selection: &Selection,
        rows: &[usize],
        k: usize,
        modifiers: egui::Modifiers,
    ) -> Selection {
        let id = |k: usize| doc.entities[rows[k]].id.clone();
        let ids: Vec<EntityId> = if modifiers.shift
            && let Some(anchor) = self.anchor.filter(|&a| a < rows.len())
        {
            let (a, b) = (anchor.min(k), anchor.max(k));
            (a..=b).map(id).collect()
        } else if modifiers.command {
            self.anchor = Some(k);
            return selection.toggled(&id(k));
        } else {
            self.anchor = Some(k);
            vec![id(k)]
        };
        Selection::of_entities(ids)
    }

    /// **Set** COLUMN to VALUE on the selected rows, as one step of Undo.
    fn bulk_ui(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        columns: &[Column],
        chosen: &[usize],
        actions: &mut Vec<Action>,
    ) {
        let (mut column, mut value) = self.bulk.take().unwrap_or((Column::Kind, String::new()));
        ui.label("Set");
        egui::ComboBox::from_id_salt("table-bulk-column")
            .selected_text(column.title().to_owned())
            .show_ui(ui, |ui| {
                for c in columns.iter().filter(|c| c.editable()) {
                    ui.selectable_value(&mut column, c.clone(), c.title());
                }
            });
        let label = ui.label("=");
        ui.add(egui::TextEdit::singleline(&mut value).desired_width(120.0))
            .labelled_by(label.id);
        let apply = ui
            .add_enabled(
                !chosen.is_empty(),
                egui::Button::new(format!("on {} selected", chosen.len())),
            )
            .on_hover_text(
                "Give the column this value on every selected row (empty removes an attribute)",
            )
            .clicked();
        if apply {
            self.commit(doc, chosen, &column, &value, actions);
        }
        self.bulk = Some((column, value));
    }

    /// The paste box: rows copied from a spreadsheet, with a header line, pasted (Ctrl+V) into
    /// it; **Add or update** makes them one step of Undo, or says which line is wrong.
    fn paste_ui(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        revision: (u64, u64),
        actions: &mut Vec<Action>,
    ) {
        let Some(mut text) = self.paste.take() else {
            return;
        };
        let mut keep = true;
        let label = ui.label("Rows to paste");
        ui.add(
            egui::TextEdit::multiline(&mut text)
                .hint_text("a header line (name, kind, … between tabs), then a row a line: Ctrl+V")
                .desired_rows(3)
                .desired_width(f32::INFINITY)
                // Tab types a tab, as between a spreadsheet's cells, rather than moving on.
                .lock_focus(true),
        )
        .labelled_by(label.id);
        // Worked out once per change of the text or the map, not every frame.
        let plan = self
            .paste_plan
            .get((revision, text.clone()), || {
                crate::edit::paste::paste_rows(doc, &text)
            })
            .clone();
        let (enabled, hint) = match &plan {
            Ok(p) if p.edits.is_empty() => (false, "nothing would change".to_owned()),
            Ok(p) => (true, format!("updates {}, adds {}", p.updated, p.added)),
            Err(why) => (false, why.clone()),
        };
        ui.horizontal_wrapped(|ui| {
            if ui
                .add_enabled(enabled, egui::Button::new("Add or update"))
                .clicked()
                && let Ok(plan) = plan
            {
                actions.push(Action::Edit {
                    label: format!("Paste rows: {} updated, {} added", plan.updated, plan.added),
                    edits: plan.edits,
                    then: None,
                });
                keep = false;
            }
            ui.label(RichText::new(hint).weak());
        });
        if keep {
            self.paste = Some(text);
        }
    }

    /// Sets `column` to `text` on entities `rows`, as one edit, or says why not.
    fn commit(
        &mut self,
        doc: &Document,
        rows: &[usize],
        column: &Column,
        text: &str,
        actions: &mut Vec<Action>,
    ) {
        let mut edits = Vec::new();
        for &i in rows {
            let Some(e) = doc.entities.get(i) else {
                continue;
            };
            match table::with_cell(e, column, text) {
                Ok(changed) if changed != *e => edits.push(Edit::UpdateEntity { entity: changed }),
                Ok(_) => {}
                Err(why) => {
                    self.refused = Some(format!("{}: {why}", e.name));
                    return;
                }
            }
        }
        self.refused = None;
        if edits.is_empty() {
            return;
        }
        let label = match rows {
            [i] => format!("Set {} of {}", column.title(), doc.entities[*i].name),
            _ => format!("Set {} of {} entities", column.title(), edits.len()),
        };
        actions.push(Action::Edit {
            label,
            edits,
            then: None,
        });
    }
}
