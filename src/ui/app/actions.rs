//! Applying what the panels ask for: each [`Action`] once, and edits only through the undo
//! history. Commands go to their handlers (`handlers.rs`).

use super::*;

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
            Action::Select(selection) => self.selection = selection,
            Action::MoveEntities(placed) => {
                let label = match placed.as_slice() {
                    [(id, _)] => format!("Move {}", self.doc.entity_name(id.as_str())),
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
                let Some(i) = self.doc.entity_index(entity.as_str()) else {
                    return;
                };
                let position = self.canvas.positions().get(i).cloned();
                let label = format!("Unpin {}", self.doc.entity_name(entity.as_str()));
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
            Action::ClearRecent => self.settings.recent.clear(),
            Action::SetLayoutParams(params) => {
                self.canvas.set_layout_params(params);
                self.settings.layout = Some(params);
            }
            Action::Edit { label, edits, then } => {
                if self.edit(label, edits)
                    && let Some(selection) = then
                {
                    self.selection = selection;
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
                let (id, edits) = ops::add_entity(&self.doc, &name, &kind, position);
                if self.edit(format!("Add {name}"), edits) {
                    self.selection = Selection::Entity(id);
                }
            }
            Action::Connect(from, to) => {
                let (id, edits) = ops::connect(&self.doc, &from, &to, "related to");
                let label = format!(
                    "Connect {} to {}",
                    self.doc.entity_name(from.as_str()),
                    self.doc.entity_name(to.as_str())
                );
                if self.edit(label, edits) {
                    self.selection = Selection::Relation(id);
                }
            }
            Action::FocusEntity(id) => {
                if let Some(i) = self.doc.entity_index(id.as_str()) {
                    self.canvas.zoom_to(vec![i]);
                    self.selection = Selection::Entity(id);
                }
            }
            Action::Merge { survivor, absorbed } => {
                let label = format!(
                    "Merge {} into {}",
                    self.doc.entity_name(absorbed.as_str()),
                    self.doc.entity_name(survivor.as_str())
                );
                match ops::merge_entities(&self.doc, &survivor, &absorbed) {
                    Ok(edits) => {
                        if self.edit(label, edits) {
                            self.selection = Selection::Entity(survivor);
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
        let (label, edits) = match &self.selection {
            Selection::None => return,
            Selection::Entity(_) | Selection::Entities(_) => {
                let ids = self.selection.entities();
                let label = match ids.as_slice() {
                    [one] => format!("Delete {}", self.doc.entity_name(one.as_str())),
                    many => format!("Delete {} entities", many.len()),
                };
                (label, ops::delete_entities(&self.doc, &ids))
            }
            Selection::Relation(id) => {
                let Some(r) = self.doc.relation(id.as_str()) else {
                    return;
                };
                (
                    format!("Delete relation {}", r.caption()),
                    vec![Edit::RemoveRelation {
                        relation: id.clone(),
                    }],
                )
            }
            Selection::Source(id) => {
                let Some(src) = self.doc.source(id.as_str()) else {
                    return;
                };
                (
                    format!("Delete source {}", src.title),
                    vec![Edit::RemoveSource { source: id.clone() }],
                )
            }
        };
        if self.edit(label, edits) {
            self.selection = Selection::None;
        }
    }

    /// After undo or redo: the canvas takes in whatever changed, and the selection forgets
    /// what no longer exists.
    pub(super) fn after_history_move(&mut self) {
        self.revision += 1;
        self.recovery_pending = true;
        self.canvas.refresh(&self.doc);
        self.prune_selection();
    }

    pub(super) fn prune_selection(&mut self) {
        self.selection = match &self.selection {
            Selection::Entity(_) | Selection::Entities(_) => Selection::of_entities(
                self.selection
                    .entities()
                    .into_iter()
                    .filter(|id| self.doc.entity(id.as_str()).is_some())
                    .collect(),
            ),
            Selection::Relation(id) if self.doc.relation(id.as_str()).is_none() => Selection::None,
            Selection::Source(id) if self.doc.source(id.as_str()).is_none() => Selection::None,
            other => other.clone(),
        };
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
        let structural = edits.iter().any(Edit::changes_structure);
        match self.history.apply(&mut self.doc, label.clone(), edits) {
            Ok(()) => {
                self.revision += 1;
                self.recovery_pending = true;
                if structural {
                    self.canvas.refresh(&self.doc);
                } else {
                    self.canvas.sync_positions(&self.doc);
                }
                self.prune_selection();
                true
            }
            Err(e) => {
                self.report(format!("Could not {}", lowercase_first(&label)), e);
                false
            }
        }
    }
}
