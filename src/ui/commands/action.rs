//! What panels and gestures ask the app to do when it carries data (a path, a selection, a
//! drag); plain commands travel as [`Action::Command`].

use super::*;

use std::path::PathBuf;

use crate::edit::Edit;
use crate::layout::LayoutParams;
use crate::model::{EntityId, Position};

/// One thing to do, returned by a panel and applied by the app.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Command(UiCommand),
    /// Open this file (after asking about unsaved changes).
    OpenPath(PathBuf),
    /// Empty File ▸ Open Recent.
    ClearRecent,
    /// Save to this file and make it the document's file.
    SaveToPath(PathBuf),
    Select(Selection),
    /// Nodes were dragged: place the entities there and pin them, as one step.
    MoveEntities(Vec<(EntityId, Position)>),
    /// Apply these edits as one undoable step, then select `then` if given.
    Edit {
        label: String,
        edits: Vec<Edit>,
        then: Option<Selection>,
    },
    /// Ask for a new entity's name, to place it here (canvas coordinates) or in the middle of
    /// the view.
    AddEntityAt(Option<Position>),
    /// Add an entity with this name and kind.
    CreateEntity {
        name: String,
        kind: String,
        position: Option<Position>,
    },
    /// Add a relation from one entity to another.
    Connect(EntityId, EntityId),
    /// Select this entity and bring it into view (a search hit).
    FocusEntity(EntityId),
    /// Merge `absorbed` into `survivor`.
    Merge {
        survivor: EntityId,
        absorbed: EntityId,
    },
    /// Unpin an entity so the layout may move it again.
    Unpin(EntityId),
    /// Select this relation with this claim (by index) open in the inspector.
    SelectClaim(crate::model::RelationId, usize),
    /// Open this source in the reader.
    ReadSource(crate::model::SourceId),
    /// Ask for a file to read this source's text from.
    ReadSourceText(crate::model::SourceId),
    /// Tune the layout of the window (not the document) and let it move again.
    SetLayoutParams(LayoutParams),
}

impl Action {
    /// What the action does, in a few words, for the log (never the data it carries).
    pub fn describe(&self) -> String {
        match self {
            Action::Command(c) => format!("command {}", c.label()),
            Action::OpenPath(p) => format!("opening {}", p.display()),
            Action::ClearRecent => "clearing the recent files".into(),
            Action::SaveToPath(p) => format!("saving to {}", p.display()),
            Action::Select(_) => "selecting".into(),
            Action::MoveEntities(moved) => format!("moving {} entities", moved.len()),
            Action::Edit { label, .. } => format!("editing: {label}"),
            Action::AddEntityAt(_) => "adding an entity".into(),
            Action::CreateEntity { .. } => "creating an entity".into(),
            Action::Connect(..) => "connecting two entities".into(),
            Action::FocusEntity(_) => "bringing an entity into view".into(),
            Action::Merge { .. } => "merging two entities".into(),
            Action::Unpin(_) => "unpinning an entity".into(),
            Action::SetLayoutParams(_) => "tuning the layout".into(),
            Action::ReadSource(_) => "reading a source".into(),
            Action::SelectClaim(..) => "selecting a claim".into(),
            Action::ReadSourceText(_) => "reading a source's text from a file".into(),
        }
    }
}

impl From<UiCommand> for Action {
    fn from(c: UiCommand) -> Self {
        Action::Command(c)
    }
}
