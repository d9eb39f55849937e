//! Everything a user can ask the app to do. [`UiCommand`] holds the plain commands with their
//! label, shortcut and menu placement (as rerun's `UICommand`); [`Action`] adds the ones that
//! carry data (a path, a selection, a drag). Panels return actions; the app applies them once
//! per frame.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::edit::Edit;
use crate::layout::LayoutParams;
use crate::model::{EntityId, Position, RelationId, SourceId};

/// A command with a fixed label and shortcut, shown in a menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UiCommand {
    New,
    Open,
    Save,
    SaveAs,
    Quit,
    Undo,
    Redo,
    FitView,
    RestartLayout,
    PauseLayout,
    ReheatLayout,
    AddEntity,
    AddSource,
    ConnectSelected,
    ToggleConnectMode,
    DeleteSelected,
    SelectAll,
    Find,
    ZoomToSelection,
    FocusOneHop,
    FocusTwoHops,
    FocusThreeHops,
    ExportMapSvg,
    ExportGraphMl,
    ExportGexf,
    ExportNodeLink,
    ExportCsv,
    ExportMapPng,
    ExportMapPng2x,
    ExportViewPng,
    ExportViewPng2x,
    CopyViewImage,
}

impl UiCommand {
    /// Every command, in menu order.
    pub const ALL: [UiCommand; 32] = [
        UiCommand::New,
        UiCommand::Open,
        UiCommand::Save,
        UiCommand::SaveAs,
        UiCommand::Quit,
        UiCommand::Undo,
        UiCommand::Redo,
        UiCommand::FitView,
        UiCommand::RestartLayout,
        UiCommand::PauseLayout,
        UiCommand::ReheatLayout,
        UiCommand::AddEntity,
        UiCommand::AddSource,
        UiCommand::ConnectSelected,
        UiCommand::ToggleConnectMode,
        UiCommand::DeleteSelected,
        UiCommand::SelectAll,
        UiCommand::Find,
        UiCommand::ZoomToSelection,
        UiCommand::FocusOneHop,
        UiCommand::FocusTwoHops,
        UiCommand::FocusThreeHops,
        UiCommand::ExportMapSvg,
        UiCommand::ExportMapPng,
        UiCommand::ExportMapPng2x,
        UiCommand::ExportGraphMl,
        UiCommand::ExportGexf,
        UiCommand::ExportNodeLink,
        UiCommand::ExportCsv,
        UiCommand::ExportViewPng,
        UiCommand::ExportViewPng2x,
        UiCommand::CopyViewImage,
    ];

    pub fn label(self) -> &'static str {
        match self {
            UiCommand::New => "New",
            UiCommand::Open => "Open…",
            UiCommand::Save => "Save",
            UiCommand::SaveAs => "Save As…",
            UiCommand::Quit => "Quit",
            UiCommand::Undo => "Undo",
            UiCommand::Redo => "Redo",
            UiCommand::FitView => "Fit view",
            UiCommand::RestartLayout => "Re-run layout",
            UiCommand::PauseLayout => "Pause or resume layout",
            UiCommand::ReheatLayout => "Reheat layout",
            UiCommand::AddEntity => "Add entity",
            UiCommand::AddSource => "Add source",
            UiCommand::ConnectSelected => "Connect selected",
            UiCommand::ToggleConnectMode => "Connect mode",
            UiCommand::DeleteSelected => "Delete",
            UiCommand::SelectAll => "Select all entities",
            UiCommand::Find => "Find…",
            UiCommand::ZoomToSelection => "Zoom to selection",
            UiCommand::FocusOneHop => "Focus: 1 hop",
            UiCommand::FocusTwoHops => "Focus: 2 hops",
            UiCommand::FocusThreeHops => "Focus: 3 hops",
            UiCommand::ExportMapSvg => "Map as SVG…",
            UiCommand::ExportMapPng => "Map as PNG…",
            UiCommand::ExportMapPng2x => "Map as PNG, 2× resolution…",
            UiCommand::ExportGraphMl => "Map as GraphML (yEd, Gephi, networkx)…",
            UiCommand::ExportGexf => "Map as GEXF (Gephi)…",
            UiCommand::ExportNodeLink => "Map as node-link JSON (d3, networkx)…",
            UiCommand::ExportCsv => "Map as CSV tables (Gephi, Kumu)…",
            UiCommand::ExportViewPng => "View as PNG…",
            UiCommand::ExportViewPng2x => "View as PNG, 2× resolution…",
            UiCommand::CopyViewImage => "Copy view as image",
        }
    }

    pub fn tooltip(self) -> &'static str {
        match self {
            UiCommand::New => "Start an empty map",
            UiCommand::Open => {
                "Open a map: relmap, GraphML, GEXF, node-link JSON, CSV, FollowTheMoney or STIX"
            }
            UiCommand::Save => "Save the map to its file",
            UiCommand::SaveAs => "Save the map to a new file",
            UiCommand::Quit => "Close relmap",
            UiCommand::Undo => "Undo the last change",
            UiCommand::Redo => "Redo the last undone change",
            UiCommand::FitView => "Zoom and pan so the whole map is in view",
            UiCommand::RestartLayout => {
                "Lay out every entity that is not pinned again, from the current positions"
            }
            UiCommand::PauseLayout => "Stop the layout where it is, or let it go on",
            UiCommand::ReheatLayout => {
                "Let the layout move a little again, to settle after changes, without starting \
                 over"
            }
            UiCommand::AddEntity => {
                "Add an entity in the middle of the view (or double-click empty canvas)"
            }
            UiCommand::AddSource => "Add a source that claims can cite",
            UiCommand::ConnectSelected => {
                "Add a relation from the first selected entity to the second"
            }
            UiCommand::ToggleConnectMode => {
                "While on, dragging from one entity to another adds a relation (Alt+drag does \
                 the same at any time)"
            }
            UiCommand::DeleteSelected => {
                "Delete the selected entities (with their relations), relation or source"
            }
            UiCommand::SelectAll => "Select every entity",
            UiCommand::Find => "Find an entity by name or alias (fuzzy)",
            UiCommand::ZoomToSelection => "Centre and zoom the view on the selected entities",
            UiCommand::FocusOneHop | UiCommand::FocusTwoHops | UiCommand::FocusThreeHops => {
                "Show only the neighbourhood of the selection; Esc shows everything again"
            }
            UiCommand::ExportMapSvg => {
                "The whole map, as the filters and lens show it, as vector graphics with a legend \
                 and the sources"
            }
            UiCommand::ExportMapPng | UiCommand::ExportMapPng2x => {
                "The whole map, as the filters and lens show it, as an image with a legend and \
                 the sources"
            }
            UiCommand::ExportGraphMl
            | UiCommand::ExportGexf
            | UiCommand::ExportNodeLink
            | UiCommand::ExportCsv => {
                "The whole map for another tool: names, kinds, positions and attributes as it \
                 reads them, with relmap's claims and sources carried along, so opening the \
                 file in relmap again loses nothing"
            }
            UiCommand::ExportViewPng => "Exactly what the canvas shows now, as an image",
            UiCommand::ExportViewPng2x => {
                "Exactly what the canvas shows now, drawn again at twice the pixels"
            }
            UiCommand::CopyViewImage => "Exactly what the canvas shows now, to the clipboard",
        }
    }

    /// The main shortcut, shown in menus.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let cmd = |key| Some(KeyboardShortcut::new(Modifiers::COMMAND, key));
        let cmd_shift = |key| {
            Some(KeyboardShortcut::new(
                Modifiers::COMMAND | Modifiers::SHIFT,
                key,
            ))
        };
        match self {
            UiCommand::New => cmd(Key::N),
            UiCommand::Open => cmd(Key::O),
            UiCommand::Save => cmd(Key::S),
            UiCommand::SaveAs => cmd_shift(Key::S),
            UiCommand::Quit => cmd(Key::Q),
            UiCommand::Undo => cmd(Key::Z),
            UiCommand::Redo => cmd_shift(Key::Z),
            UiCommand::FitView => cmd(Key::Num0),
            UiCommand::RestartLayout => cmd(Key::L),
            UiCommand::PauseLayout => cmd_shift(Key::L),
            UiCommand::ReheatLayout => None,
            UiCommand::AddEntity => cmd(Key::E),
            UiCommand::AddSource => None,
            UiCommand::ConnectSelected => cmd(Key::K),
            UiCommand::ToggleConnectMode => cmd_shift(Key::K),
            UiCommand::DeleteSelected => Some(KeyboardShortcut::new(Modifiers::NONE, Key::Delete)),
            UiCommand::SelectAll => cmd(Key::A),
            UiCommand::Find => cmd(Key::F),
            UiCommand::ZoomToSelection => cmd_shift(Key::Num0),
            UiCommand::FocusOneHop => cmd(Key::Num1),
            UiCommand::FocusTwoHops => cmd(Key::Num2),
            UiCommand::FocusThreeHops => cmd(Key::Num3),
            UiCommand::ExportMapSvg
            | UiCommand::ExportMapPng
            | UiCommand::ExportMapPng2x
            | UiCommand::ExportGraphMl
            | UiCommand::ExportGexf
            | UiCommand::ExportNodeLink
            | UiCommand::ExportCsv
            | UiCommand::ExportViewPng2x => None,
            UiCommand::ExportViewPng => cmd_shift(Key::E),
            UiCommand::CopyViewImage => cmd_shift(Key::C),
        }
    }

    /// Shortcuts that also trigger the command but are not shown.
    fn extra_shortcuts(self) -> &'static [KeyboardShortcut] {
        const REDO_Y: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
        match self {
            UiCommand::Redo => &[REDO_Y],
            _ => &[],
        }
    }

    /// Whether a text field would want this command's keys (Delete, Ctrl+A, Ctrl+Z...) for
    /// itself: then the command is left to the text field while one has focus.
    fn text_editing_key(self) -> bool {
        matches!(
            self,
            UiCommand::DeleteSelected | UiCommand::SelectAll | UiCommand::Undo | UiCommand::Redo
        )
    }

    /// The command whose shortcut was pressed this frame, consuming the key press. Commands
    /// with more modifiers are tried first, so Ctrl+Shift+S is not taken for Ctrl+S.
    /// `typing` is true while a text field has focus.
    pub fn from_shortcuts(input: &mut egui::InputState, typing: bool) -> Option<UiCommand> {
        let mut candidates: Vec<(UiCommand, KeyboardShortcut)> = Self::ALL
            .iter()
            .filter(|c| !(typing && c.text_editing_key()))
            .flat_map(|&c| {
                c.shortcut()
                    .into_iter()
                    .chain(c.extra_shortcuts().iter().copied())
                    .map(move |s| (c, s))
            })
            .collect();
        candidates.sort_by_key(|(_, s)| std::cmp::Reverse(modifier_count(s.modifiers)));
        candidates
            .into_iter()
            .find(|(_, s)| input.consume_shortcut(s))
            .map(|(c, _)| c)
    }
}

fn modifier_count(m: Modifiers) -> u8 {
    u8::from(m.alt) + u8::from(m.shift) + u8::from(m.ctrl || m.command || m.mac_cmd)
}

/// What is selected: the inspector shows it and the canvas highlights it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Selection {
    #[default]
    None,
    Entity(EntityId),
    /// Two or more entities, in the order they were selected.
    Entities(Vec<EntityId>),
    Relation(RelationId),
    Source(SourceId),
}

impl Selection {
    /// The selected entities, in selection order.
    pub fn entities(&self) -> Vec<EntityId> {
        match self {
            Selection::Entity(id) => vec![id.clone()],
            Selection::Entities(ids) => ids.clone(),
            _ => Vec::new(),
        }
    }

    pub fn contains_entity(&self, id: &EntityId) -> bool {
        match self {
            Selection::Entity(e) => e == id,
            Selection::Entities(ids) => ids.contains(id),
            _ => false,
        }
    }

    /// A selection of exactly these entities.
    pub fn of_entities(mut ids: Vec<EntityId>) -> Selection {
        match ids.len() {
            0 => Selection::None,
            1 => Selection::Entity(ids.remove(0)),
            _ => Selection::Entities(ids),
        }
    }

    /// This selection with `id` added, or removed if it was in it (Shift/Ctrl+click).
    pub fn toggled(&self, id: &EntityId) -> Selection {
        let mut ids = self.entities();
        match ids.iter().position(|e| e == id) {
            Some(i) => {
                ids.remove(i);
            }
            None => ids.push(id.clone()),
        }
        Selection::of_entities(ids)
    }
}

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
    /// Tune the layout of the window (not the document) and let it move again.
    SetLayoutParams(LayoutParams),
}

impl From<UiCommand> for Action {
    fn from(c: UiCommand) -> Self {
        Action::Command(c)
    }
}
