//! Everything a user can ask the app to do. [`UiCommand`] holds the plain commands with their
//! label, shortcut and menu placement (as rerun's `UICommand`); [`Action`] adds the ones that
//! carry data (a path, a selection, a drag). Panels return actions; the app applies them once
//! per frame.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::model::{EntityId, Position, RelationId};

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
}

impl UiCommand {
    /// Every command, in menu order.
    pub const ALL: [UiCommand; 9] = [
        UiCommand::New,
        UiCommand::Open,
        UiCommand::Save,
        UiCommand::SaveAs,
        UiCommand::Quit,
        UiCommand::Undo,
        UiCommand::Redo,
        UiCommand::FitView,
        UiCommand::RestartLayout,
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
        }
    }

    pub fn tooltip(self) -> &'static str {
        match self {
            UiCommand::New => "Start an empty map",
            UiCommand::Open => "Open a map file (.json)",
            UiCommand::Save => "Save the map to its file",
            UiCommand::SaveAs => "Save the map to a new file",
            UiCommand::Quit => "Close relmap",
            UiCommand::Undo => "Undo the last change",
            UiCommand::Redo => "Redo the last undone change",
            UiCommand::FitView => "Zoom and pan so the whole map is in view",
            UiCommand::RestartLayout => {
                "Lay out every entity that is not pinned again, from the current positions"
            }
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

    /// The command whose shortcut was pressed this frame, consuming the key press. Commands
    /// with more modifiers are tried first, so Ctrl+Shift+S is not taken for Ctrl+S.
    pub fn from_shortcuts(input: &mut egui::InputState) -> Option<UiCommand> {
        let mut candidates: Vec<(UiCommand, KeyboardShortcut)> = Self::ALL
            .iter()
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
    Relation(RelationId),
}

/// One thing to do, returned by a panel and applied by the app.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Command(UiCommand),
    /// Open this file (after asking about unsaved changes).
    OpenPath(PathBuf),
    /// Save to this file and make it the document's file.
    SaveToPath(PathBuf),
    Select(Selection),
    /// A node was dragged: place the entity there and pin it.
    PlaceEntity {
        entity: EntityId,
        position: Position,
    },
    /// Unpin an entity so the layout may move it again.
    Unpin(EntityId),
}

impl From<UiCommand> for Action {
    fn from(c: UiCommand) -> Self {
        Action::Command(c)
    }
}
