//! Applying what the panels ask for: each [`Action`] once, and edits only through the undo
//! history. Commands go to their handlers (`handlers.rs`).

use super::*;
use crate::edit::Touched;

impl RelmapApp {
    /// Applies one action. Everything that changes the document goes through `history`.
    pub fn apply(&mut self, action: Action) {
        if !matches!(action, Action::Select(_)) {
            crate::logging::doing(action.describe());
        }
        match action {
            Action::Command(cmd) => self.run_command(cmd),
            Action::OpenPath(path) => self.guard_unsaved(AfterDiscard::Open(Some(path))),
            Action::SaveToPath(path) => self.save_to(&path),
            Action::Select(selection) => self.ws.selection = selection,
            Action::MoveEntities(placed) => {
                let label = match placed.as_slice() {
                    [(id, _)] => format!("Move {}", self.ws.doc().entity_name(id.as_str())),
                    many => format!("Move {} entities", many.len()),
                };
                let edits = placed
                    .into_iter()
                    .map(|(entity, position)| Edit::PlaceEntity {
                        entity,
                        position: Some(position),
                        pinned: true,
                    })
                    .collect();
                self.edit(label, edits);
            }
            Action::Unpin(entity) => {
                let Some(i) = self.ws.doc().entity_index(entity.as_str()) else {
                    return;
                };
                let position = self.canvas.positions().get(i).cloned();
                let label = format!("Unpin {}", self.ws.doc().entity_name(entity.as_str()));
                self.edit(
                    label,
                    vec![Edit::PlaceEntity {
                        entity,
                        position,
                        pinned: false,
                    }],
                );
                self.canvas.restart_layout();
            }
            Action::ClearRecent => {
                self.settings.recent.clear();
                self.settings.recent_cases.clear();
            }
            Action::OpenCase(location, case) => {
                self.open_case_form.open = false;
                self.guard_unsaved(AfterDiscard::OpenCase(location, case));
            }
            Action::ChooseCase(case) => self.choose_case(&case),
            Action::SearchCase(query) => self.search_case(query),
            Action::PullEntities(ids) => {
                self.status = "Adding from the case…".into();
                self.pull(ids, 0, Vec::new(), Vec::new());
            }
            Action::Expand { seeds, kinds } => self.expand(seeds, kinds, Vec::new(), false),
            Action::ConfirmExpand => {
                if let Some(g) = self.case.as_mut().and_then(|s| s.guard.take()) {
                    self.expand(g.seeds, g.kinds, g.of_kinds, true);
                }
            }
            Action::ExpandOnly(seeds, kind) => {
                if let Some(s) = self.case.as_mut() {
                    s.guard = None;
                }
                self.expand(seeds, Vec::new(), vec![kind], false);
            }
            Action::StopOpeningView => self.stop_filling(),
            Action::CancelExpand => {
                if let Some(s) = self.case.as_mut() {
                    s.guard = None;
                }
            }
            Action::RemoveFromView(ids) => self.remove_from_view(ids),
            Action::Settle(i, keep) => self.settle(i, case::Settlement::Keep(keep)),
            Action::SettleMerged(i, merged) => self.settle(i, case::Settlement::Merged(merged)),
            Action::Restore(id) => self.restore(&id),
            Action::Report(message) => self.status = message,
            Action::OpenNote(id) => {
                self.note_window = Some(crate::ui::panels::notes::NoteWindow::new(id));
            }
            Action::DetachNote(id) => self.detach_note(&id),
            Action::ReadSource(id) => self.reader.read(id),
            Action::StyleKind(kind) => {
                self.style_editor = Some(crate::ui::panels::style::StyleEditor::new(&kind));
            }
            Action::SelectClaim(relation, i) => {
                self.inspector.open_claim(relation.clone(), i);
                self.ws.selection = Selection::Relation(relation);
            }
            Action::ReadSourceText(id) => self.pick_source_text(id),
            Action::ChooseView(view) => self.choose_style_view(view),
            Action::ChoosePicture(id) => self.pick_picture(id),
            Action::PictureFromFile(id, path) => self.picture_from_file(&id, &path),
            Action::EmbedPicture(id) => self.embed_picture(&id),
            Action::SetLayoutParams(params) => {
                self.canvas.set_layout_params(params);
                self.settings.layout = Some(params);
            }
            Action::Edit { label, edits, then } => {
                if self.edit(label, edits)
                    && let Some(selection) = then
                {
                    self.ws.selection = selection;
                }
            }
            Action::AddEntityAt(position) => {
                // Ask for the name first, so the new entity's id is derived from it.
                self.new_entity = Some(NewEntity {
                    name: String::new(),
                    kind: kinds::PERSON.to_owned(),
                    position: position.or_else(|| self.canvas.view_center()),
                    focused: false,
                });
            }
            Action::CreateEntity {
                name,
                kind,
                position,
            } => {
                let (id, edits) = ops::add_entity(self.ws.doc(), &name, &kind, position);
                if self.edit(format!("Add {name}"), edits) {
                    self.ws.selection = Selection::Entity(id);
                }
            }
            Action::Connect(from, to) => {
                let (id, edits) = ops::connect(self.ws.doc(), &from, &to, "related to");
                let label = format!(
                    "Connect {} to {}",
                    self.ws.doc().entity_name(from.as_str()),
                    self.ws.doc().entity_name(to.as_str())
                );
                if self.edit(label, edits) {
                    self.ws.selection = Selection::Relation(id);
                }
            }
            Action::FocusChange(kind, id, removed) => self.focus_change(kind, &id, removed),
            Action::FocusEntity(id) => {
                if let Some(i) = self.ws.doc().entity_index(id.as_str()) {
                    self.canvas.zoom_to(vec![i]);
                    self.ws.selection = Selection::Entity(id);
                }
            }
            Action::Merge { survivor, absorbed } => {
                let label = format!(
                    "Merge {} into {}",
                    self.ws.doc().entity_name(absorbed.as_str()),
                    self.ws.doc().entity_name(survivor.as_str())
                );
                match ops::merge_entities(self.ws.doc(), &survivor, &absorbed) {
                    Ok(edits) => {
                        if self.edit(label, edits) {
                            self.ws.selection = Selection::Entity(survivor);
                        }
                    }
                    Err(e) => self.report(format!("Could not {}", lowercase_first(&label)), e),
                }
            }
        }
    }

    /// Runs a command from the table, if it is enabled now.
    pub(super) fn run_command(&mut self, cmd: UiCommand) {
        if cmd.enabled(&self.facts()) {
            cmd.run(self);
        }
    }

    pub(super) fn delete_selection(&mut self) {
        let (label, edits) = match &self.ws.selection {
            Selection::None => return,
            Selection::Entity(_) | Selection::Entities(_) => {
                let ids = self.ws.selection.entities();
                let label = match ids.as_slice() {
                    [one] => format!("Delete {}", self.ws.doc().entity_name(one.as_str())),
                    many => format!("Delete {} entities", many.len()),
                };
                (label, ops::delete_entities(self.ws.doc(), &ids))
            }
            Selection::Relation(id) => {
                let Some(r) = self.ws.doc().relation(id.as_str()) else {
                    return;
                };
                (
                    format!("Delete relation {}", r.caption()),
                    ops::delete_relation(self.ws.doc(), id),
                )
            }
            Selection::Source(id) => {
                let Some(src) = self.ws.doc().source(id.as_str()) else {
                    return;
                };
                (
                    format!("Delete source {}", src.title),
                    vec![Edit::RemoveSource { source: id.clone() }],
                )
            }
        };
        if self.edit(label, edits) {
            self.ws.selection = Selection::None;
        }
    }

    /// After an edit, an undo or a redo: the canvas takes in what changed, and no more. A
    /// change of structure rebuilds its graph; of content, restyles it; of geometry, moves
    /// entities.
    pub(super) fn took_in(&mut self, touched: Touched) {
        self.recovery_pending = true;
        if touched.structure {
            self.canvas.refresh(self.ws.doc());
        } else {
            if touched.content {
                self.canvas.restyle(self.ws.doc());
            }
            if touched.geometry {
                self.canvas.sync_positions(self.ws.doc());
            }
        }
    }

    /// Lays the map out by `algorithm` from where it is now, as one undoable step, and fits it
    /// into view.
    pub(super) fn arrange(&mut self, algorithm: Algorithm, group_by: GroupBy) {
        let doc = self.ws.doc();
        let current: Vec<Option<[f32; 2]>> = self
            .canvas
            .layout_points()
            .iter()
            .map(|&p| Some(p))
            .collect();
        let centre = match self.ws.selection.entities().as_slice() {
            [one] => Some(one.clone()),
            _ => None,
        };
        let choice = crate::arrange::Choice {
            centre,
            hierarchy_kinds: self.explore.hierarchy_kinds.clone(),
            group_by,
        };
        let positions = match crate::arrange::positions(
            doc,
            &current,
            algorithm,
            &choice,
            self.canvas.layout_params(),
            crate::ui::canvas::LAYOUT_SEED,
        ) {
            Ok(p) => p,
            Err(e) => {
                self.report("Could not lay the map out".to_owned(), e);
                return;
            }
        };
        // The document gets what the canvas shows now first, so undo returns to this picture.
        self.commit_layout();
        let edits = crate::arrange::edits(self.ws.doc(), &positions);
        let label = format!("Layout: {}", algorithm.name());
        self.canvas.stop_layout_and_fit();
        if edits.is_empty() {
            self.status = format!("{label}: nothing moved");
        } else if self.edit(label.clone(), edits) {
            self.status = format!("{label} (undo with Ctrl+Z)");
        }
    }

    /// Aligns or distributes the selected entities, pinning them there, as one undoable step.
    pub(super) fn line_up(&mut self, how: Lineup) {
        let doc = self.ws.doc();
        let chosen: Vec<usize> = self
            .ws
            .selection
            .entities()
            .iter()
            .filter_map(|id| doc.entity_index(id.as_str()))
            .collect();
        let points: Vec<[f32; 2]> = chosen
            .iter()
            .filter_map(|&i| self.canvas.layout_points().get(i).copied())
            .collect();
        if points.len() != chosen.len() || points.len() < 2 {
            return;
        }
        let (moved, label) = match how {
            Lineup::Align(a) => (
                crate::layout::align::align(&points, a),
                format!("Align {} entities", points.len()),
            ),
            Lineup::Distribute { horizontal } => (
                crate::layout::align::distribute(&points, horizontal),
                format!("Distribute {} entities", points.len()),
            ),
        };
        let edits = chosen
            .iter()
            .zip(moved)
            .map(|(&i, p)| Edit::PlaceEntity {
                entity: doc.entities[i].id.clone(),
                position: Some(crate::model::Position::from_f32(p).rounded()),
                pinned: true,
            })
            .collect();
        self.edit(label, edits);
    }

    pub(super) fn report(&mut self, title: String, error: impl std::fmt::Display) {
        self.error = Some(ErrorReport {
            title,
            message: error.to_string(),
        });
    }

    /// Applies `edits` as one undoable step; returns whether they were applied. A refused
    /// edit changes nothing, and the user is told why.
    pub(super) fn edit(&mut self, label: String, edits: Vec<Edit>) -> bool {
        if edits.is_empty() {
            return false;
        }
        if self.case_read_only() {
            self.status = format!(
                "Could not {}: this case is read-only for you (your database role may only read it)",
                lowercase_first(&label)
            );
            return false;
        }
        match self.ws.edit(label.clone(), edits) {
            Ok(touched) => {
                self.took_in(touched);
                self.write_step(label);
                true
            }
            Err(e) => {
                self.report(format!("Could not {}", lowercase_first(&label)), e);
                false
            }
        }
    }
}
