//! Everything a user can ask the app to do.
//!
//! [`command_table!`] (its rows are in `table.rs`) is the one table of plain commands: for
//! each, its label, tooltip, shortcuts, place in the menus (and the toolbar), when it is
//! enabled and the handler that runs it. From it come the [`UiCommand`] enum, the menus, the toolbar, the shortcut map, the
//! command palette, the Help menu's list of shortcuts and the tests, so none of them can
//! disagree. Handlers are methods of [`Handlers`], which the app implements; enablement reads
//! [`Facts`], a few plain facts about the app gathered once per frame. (As helix's commands
//! and rerun's `UICommand`.)
//!
//! [`Action`] adds what carries data (a path, a selection, a drag). Panels return actions;
//! the app applies them once per frame.
//!
//! The rooms: this file has what every command is described by (facts, menus, places,
//! shortcuts) and the table's macro; `table.rs` the table itself; `action.rs` the actions that
//! carry data.

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::ui::paint::WindowTheme;
pub use crate::workspace::Selection;

/// What commands may depend on to be enabled, gathered once per frame.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    /// What Undo and Redo would undo and redo.
    pub undo: Option<String>,
    pub redo: Option<String>,
    /// Something is selected; how many entities are.
    pub selection: bool,
    pub selected_entities: usize,
    pub entities: usize,
    pub sources: usize,
    pub layout_running: bool,
    pub layout_paused: bool,
    pub connect_mode: bool,
    pub claims_overlay: bool,
    /// A case store's case is open.
    pub case_open: bool,
    /// What the last save to the case did not write.
    pub conflicts: usize,
    /// The theme chosen in View ▸ Theme.
    pub theme: crate::ui::paint::WindowTheme,
    /// How many named views the map has.
    pub views: usize,
    /// How many groups the selected entities are directly in, and how many folded groups
    /// hold them.
    pub selected_groups: usize,
    pub selected_folded: usize,
    /// How many conflicts a merge left in the map.
    pub merge_conflicts: usize,
}

/// A menu of the menu bar (or none: the command is in the palette and has its shortcut).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Menu {
    File,
    /// File ▸ Export.
    Export,
    Edit,
    /// The case store open.
    Case,
    View,
    /// View ▸ Layout.
    Layout,
    Help,
    None,
}

impl Menu {
    /// The menu's name, as the menu bar shows it.
    pub fn title(self) -> &'static str {
        match self {
            Menu::File => "File",
            Menu::Export => "Export",
            Menu::Edit => "Edit",
            Menu::Case => "Case",
            Menu::View => "View",
            Menu::Layout => "Layout",
            Menu::Help => "Help",
            Menu::None => "",
        }
    }
}

/// Where a command is offered: its menu, its group there (groups are parted by separators),
/// and, if it is on the toolbar too, its slot there (tens are groups, parted by separators)
/// and its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub menu: Menu,
    pub group: u8,
    pub toolbar: Option<(u8, &'static str)>,
}

const fn menu(menu: Menu, group: u8) -> Place {
    Place {
        menu,
        group,
        toolbar: None,
    }
}

const fn menu_and_toolbar(menu: Menu, group: u8, slot: u8, text: &'static str) -> Place {
    Place {
        menu,
        group,
        toolbar: Some((slot, text)),
    }
}

const fn cmd(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, key)
}

const fn cmd_shift(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), key)
}

const fn shift(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::SHIFT, key)
}

const fn plain(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::NONE, key)
}

fn always(_: &Facts) -> bool {
    true
}

macro_rules! command_table {
    ($(
        $name:ident {
            label: $label:expr,
            tooltip: $tooltip:expr,
            keys: [$($key:expr),* $(,)?],
            place: $place:expr,
            enabled: $enabled:expr,
            run: $run:ident $(,)?
        }
    ),* $(,)?) => {
        /// A command with a fixed label and shortcut, shown in a menu or the palette.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum UiCommand {
            $($name),*
        }

        /// What runs each command: the app implements it.
        pub trait Handlers {
            $(fn $run(&mut self);)*
        }

        impl UiCommand {
            /// Every command, in menu order.
            pub const ALL: &'static [UiCommand] = &[$(UiCommand::$name),*];

            pub fn label(self) -> &'static str {
                match self {
                    $(UiCommand::$name => $label),*
                }
            }

            pub fn tooltip(self) -> &'static str {
                match self {
                    $(UiCommand::$name => $tooltip),*
                }
            }

            /// Its shortcuts; the first is the one menus show.
            pub fn shortcuts(self) -> &'static [KeyboardShortcut] {
                match self {
                    $(UiCommand::$name => {
                        const KEYS: &[KeyboardShortcut] = &[$($key),*];
                        KEYS
                    }),*
                }
            }

            pub fn place(self) -> Place {
                match self {
                    $(UiCommand::$name => $place),*
                }
            }

            pub fn enabled(self, facts: &Facts) -> bool {
                match self {
                    $(UiCommand::$name => ($enabled)(facts)),*
                }
            }

            /// Runs the command's handler.
            pub fn run<H: Handlers + ?Sized>(self, handlers: &mut H) {
                match self {
                    $(UiCommand::$name => handlers.$run()),*
                }
            }
        }
    };
}

mod action;
mod table;

pub use action::Action;
pub use table::{Handlers, UiCommand};

impl UiCommand {
    /// The shortcut menus show.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        self.shortcuts().first().copied()
    }

    /// The label as menus and the palette show it now: Undo says what it undoes, Pause says
    /// whether it pauses or resumes, Connect mode whether it is on.
    pub fn label_now(self, facts: &Facts) -> String {
        match self {
            UiCommand::Undo => match &facts.undo {
                Some(l) => format!("Undo {l}"),
                None => "Undo".into(),
            },
            UiCommand::Redo => match &facts.redo {
                Some(l) => format!("Redo {l}"),
                None => "Redo".into(),
            },
            UiCommand::PauseLayout if facts.layout_paused => "Resume layout".into(),
            UiCommand::PauseLayout => "Pause layout".into(),
            UiCommand::ToggleConnectMode if facts.connect_mode => "Connect mode: on".into(),
            UiCommand::ToggleConnectMode => "Connect mode: off".into(),
            UiCommand::ToggleClaimsOverlay if facts.claims_overlay => "Claims overlay: on".into(),
            UiCommand::ToggleClaimsOverlay => "Claims overlay: off".into(),
            UiCommand::ThemeSystem | UiCommand::ThemeLight | UiCommand::ThemeDark => {
                let chosen = match self {
                    UiCommand::ThemeLight => WindowTheme::Light,
                    UiCommand::ThemeDark => WindowTheme::Dark,
                    _ => WindowTheme::System,
                };
                if facts.theme == chosen {
                    format!("{}  ✔", self.label())
                } else {
                    self.label().to_owned()
                }
            }
            other => other.label().to_owned(),
        }
    }

    /// The commands of `menu`, in order.
    pub fn in_menu(menu: Menu) -> impl Iterator<Item = UiCommand> {
        Self::ALL
            .iter()
            .copied()
            .filter(move |c| c.place().menu == menu)
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
            .flat_map(|&c| c.shortcuts().iter().map(move |s| (c, *s)))
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
