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
    /// Open the style window of this entity kind.
    StyleKind(String),
    /// Ask for a file to read this source's text from.
    ReadSourceText(crate::model::SourceId),
    /// Show the map in its view (by index in `styles.views`), or in its own rules (`None`).
    ChooseView(Option<usize>),
    /// Ask for a picture file for this entity.
    ChoosePicture(EntityId),
    /// Give this entity the picture in this file (chosen, or dropped on it).
    PictureFromFile(EntityId, std::path::PathBuf),
    /// Put this entity's picture file into the map.
    EmbedPicture(EntityId),
    /// Tune the layout of the window (not the document) and let it move again.
    SetLayoutParams(LayoutParams),
    /// Open the case store at this path or URL, and this case of it (or choose).
    OpenCase(String, Option<String>),
    /// Open this case of the store that is open.
    ChooseCase(String),
    /// Search the open case for this text.
    SearchCase(String),
    /// Add these entities of the case to the view.
    PullEntities(Vec<EntityId>),
    /// Add the neighbours of `seeds` from the case, along relations of `kinds` (all when
    /// empty); a large expand asks first.
    Expand {
        seeds: Vec<EntityId>,
        kinds: Vec<String>,
    },
    /// Do the large expand asked about.
    ConfirmExpand,
    /// Add only the neighbours of this entity kind.
    ExpandOnly(Vec<EntityId>, String),
    /// Do not do the large expand asked about.
    CancelExpand,
    /// Stop reading the case's last view into the window (what came stays).
    StopOpeningView,
    /// Take these entities off the canvas, not out of the case.
    RemoveFromView(Vec<EntityId>),
    /// Settle the save's conflict with this index.
    Settle(usize, crate::store::working::Keep),
    /// Settle the save's conflict with this index with this merge of theirs and yours (the
    /// item as JSON, from `store::working::merged`).
    SettleMerged(usize, String),
    /// Put back in view an entity a colleague deleted.
    Restore(EntityId),
    /// Say in the status bar why something could not be done.
    Report(String),
    /// Open the note with this id in the note window.
    OpenNote(String),
    /// Leave the note with this id on the canvas where it is, attached to nothing.
    DetachNote(String),
    /// Jump to an item the comparison lists (kind, id), or to its ghost when it was removed.
    FocusChange(crate::compare::Kind, String, bool),
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
            Action::StyleKind(_) => "styling a kind".into(),
            Action::SelectClaim(..) => "selecting a claim".into(),
            Action::ReadSourceText(_) => "reading a source's text from a file".into(),
            Action::ChooseView(_) => "choosing a view".into(),
            Action::ChoosePicture(_) => "choosing a picture".into(),
            Action::PictureFromFile(_, p) => format!("taking a picture from {}", p.display()),
            Action::EmbedPicture(_) => "embedding a picture".into(),
            Action::OpenCase(..) => "opening a case store".into(),
            Action::ChooseCase(_) => "choosing a case".into(),
            Action::SearchCase(_) => "searching the case".into(),
            Action::PullEntities(ids) => format!("adding {} entities from the case", ids.len()),
            Action::Expand { seeds, .. } | Action::ExpandOnly(seeds, _) => {
                format!("expanding {} entities", seeds.len())
            }
            Action::CancelExpand => "not expanding".into(),
            Action::StopOpeningView => "stopping reading the case's last view".into(),
            Action::ConfirmExpand => "expanding, as confirmed".into(),
            Action::RemoveFromView(ids) => format!("removing {} entities from view", ids.len()),
            Action::Settle(..) | Action::SettleMerged(..) => "settling a conflict".into(),
            Action::Restore(_) => "restoring a deleted entity".into(),
            Action::Report(_) => "a message".into(),
            Action::OpenNote(_) => "opening a note".into(),
            Action::DetachNote(_) => "detaching a note".into(),
            Action::FocusChange(kind, ..) => format!("showing a changed {}", kind.name()),
        }
    }
}

impl From<UiCommand> for Action {
    fn from(c: UiCommand) -> Self {
        Action::Command(c)
    }
}
