//! Everything a user can ask the app to do.
//!
//! [`command_table!`] below is the one table of plain commands: for each, its label, tooltip,
//! shortcuts, place in the menus (and the toolbar), when it is enabled and the handler that
//! runs it. From it come the [`UiCommand`] enum, the menus, the toolbar, the shortcut map, the
//! command palette, the Help menu's list of shortcuts and the tests, so none of them can
//! disagree. Handlers are methods of [`Handlers`], which the app implements; enablement reads
//! [`Facts`], a few plain facts about the app gathered once per frame. (As helix's commands
//! and rerun's `UICommand`.)
//!
//! [`Action`] adds what carries data (a path, a selection, a drag). Panels return actions;
//! the app applies them once per frame.
//!
//! One cohesive thing: the file is long because every command is in its table.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::edit::Edit;
use crate::layout::LayoutParams;
use crate::model::{EntityId, Position};
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
}

/// A menu of the menu bar (or none: the command is in the palette and has its shortcut).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Menu {
    File,
    /// File ▸ Export.
    Export,
    Edit,
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

const FOREIGN_EXPORT: &str = "The whole map for another tool: names, kinds, positions and \
     attributes as it reads them, with relmap's claims and sources carried along, so opening \
     the file in relmap again loses nothing";
const FOCUS: &str = "Show only the neighbourhood of the selection; Esc shows everything again";

command_table! {
    New {
        label: "New",
        tooltip: "Start an empty map",
        keys: [cmd(Key::N)],
        place: menu(Menu::File, 0),
        enabled: always,
        run: new_map,
    },
    Open {
        label: "Open…",
        tooltip: "Open a map: relmap, GraphML, GEXF, node-link JSON, CSV, FollowTheMoney or STIX",
        keys: [cmd(Key::O)],
        place: menu(Menu::File, 0),
        enabled: always,
        run: open,
    },
    Save {
        label: "Save",
        tooltip: "Save the map to its file",
        keys: [cmd(Key::S)],
        place: menu(Menu::File, 1),
        enabled: always,
        run: save_map,
    },
    SaveAs {
        label: "Save As…",
        tooltip: "Save the map to a new file",
        keys: [cmd_shift(Key::S)],
        place: menu(Menu::File, 1),
        enabled: always,
        run: save_as,
    },
    Quit {
        label: "Quit",
        tooltip: "Close relmap",
        keys: [cmd(Key::Q)],
        place: menu(Menu::File, 3),
        enabled: always,
        run: quit,
    },
    Undo {
        label: "Undo",
        tooltip: "Undo the last change",
        keys: [cmd(Key::Z)],
        place: menu_and_toolbar(Menu::Edit, 0, 20, "Undo"),
        enabled: |f: &Facts| f.undo.is_some(),
        run: undo,
    },
    Redo {
        label: "Redo",
        tooltip: "Redo the last undone change",
        keys: [cmd_shift(Key::Z), cmd(Key::Y)],
        place: menu_and_toolbar(Menu::Edit, 0, 21, "Redo"),
        enabled: |f: &Facts| f.redo.is_some(),
        run: redo,
    },
    AddEntity {
        label: "Add entity",
        tooltip: "Add an entity in the middle of the view (or double-click empty canvas)",
        keys: [cmd(Key::E)],
        place: menu_and_toolbar(Menu::Edit, 1, 10, "+ Entity"),
        enabled: always,
        run: add_entity,
    },
    AddSource {
        label: "Add source",
        tooltip: "Add a source that claims can cite",
        keys: [],
        place: menu_and_toolbar(Menu::Edit, 1, 11, "+ Source"),
        enabled: always,
        run: add_source,
    },
    ConnectSelected {
        label: "Connect selected",
        tooltip: "Add a relation from the first selected entity to the second",
        keys: [cmd(Key::K)],
        place: menu_and_toolbar(Menu::Edit, 1, 12, "Connect selected"),
        enabled: |f: &Facts| f.selected_entities >= 2,
        run: connect_selected,
    },
    ToggleConnectMode {
        label: "Connect mode",
        tooltip: "While on, dragging from one entity to another adds a relation (Alt+drag does \
                  the same at any time)",
        keys: [cmd_shift(Key::K)],
        place: menu_and_toolbar(Menu::Edit, 1, 13, "Connect mode"),
        enabled: always,
        run: toggle_connect_mode,
    },
    DeleteSelected {
        label: "Delete",
        tooltip: "Delete the selected entities (with their relations), relation or source",
        keys: [plain(Key::Delete)],
        place: menu_and_toolbar(Menu::Edit, 1, 14, "Delete"),
        enabled: |f: &Facts| f.selection,
        run: delete_selected,
    },
    SelectAll {
        label: "Select all entities",
        tooltip: "Select every entity",
        keys: [cmd(Key::A)],
        place: menu(Menu::Edit, 1),
        enabled: |f: &Facts| f.entities > 0,
        run: select_all,
    },
    Find {
        label: "Find…",
        tooltip: "Find an entity by name or alias (fuzzy)",
        keys: [cmd(Key::F)],
        place: menu(Menu::View, 0),
        enabled: always,
        run: find,
    },
    FitView {
        label: "Fit view",
        tooltip: "Zoom and pan so the whole map is in view",
        keys: [cmd(Key::Num0)],
        place: menu_and_toolbar(Menu::View, 0, 30, "Fit view"),
        enabled: always,
        run: fit_view,
    },
    ZoomToSelection {
        label: "Zoom to selection",
        tooltip: "Centre and zoom the view on the selected entities",
        keys: [cmd_shift(Key::Num0)],
        place: menu(Menu::View, 0),
        enabled: |f: &Facts| f.selected_entities > 0,
        run: zoom_to_selection,
    },
    FocusOneHop {
        label: "Focus: 1 hop",
        tooltip: FOCUS,
        keys: [cmd(Key::Num1)],
        place: menu(Menu::View, 0),
        enabled: |f: &Facts| f.selected_entities > 0,
        run: focus_one_hop,
    },
    FocusTwoHops {
        label: "Focus: 2 hops",
        tooltip: FOCUS,
        keys: [cmd(Key::Num2)],
        place: menu(Menu::View, 0),
        enabled: |f: &Facts| f.selected_entities > 0,
        run: focus_two_hops,
    },
    FocusThreeHops {
        label: "Focus: 3 hops",
        tooltip: FOCUS,
        keys: [cmd(Key::Num3)],
        place: menu(Menu::View, 0),
        enabled: |f: &Facts| f.selected_entities > 0,
        run: focus_three_hops,
    },
    ReadSource {
        label: "Read the source…",
        tooltip: "The selected source's text (or the first source's), its quotes highlighted \
                  by stance and the map's names underlined",
        keys: [cmd(Key::R)],
        place: menu(Menu::View, 0),
        enabled: |f: &Facts| f.sources > 0,
        run: read_source,
    },
    ToggleClaimsOverlay {
        label: "Claims overlay",
        tooltip: "Link each claimant to the relations it speaks on, in its stance's colour, \
                  and let the layout bring it near them",
        keys: [cmd_shift(Key::O)],
        place: menu(Menu::View, 0),
        enabled: always,
        run: toggle_claims_overlay,
    },
    ShowDisputes {
        label: "Dispute table",
        tooltip: "Contested relations against who speaks on them: asserts, denies, qualifies \
                  or silent, with the quotes",
        keys: [cmd(Key::D)],
        place: menu(Menu::View, 0),
        enabled: always,
        run: show_disputes,
    },
    PauseLayout {
        label: "Pause or resume layout",
        tooltip: "Stop the layout where it is, or let it go on",
        keys: [cmd_shift(Key::L)],
        place: menu(Menu::View, 1),
        enabled: |f: &Facts| f.layout_paused || f.layout_running,
        run: pause_layout,
    },
    ReheatLayout {
        label: "Reheat layout",
        tooltip: "Let the layout move a little again, to settle after changes, without \
                  starting over",
        keys: [],
        place: menu(Menu::View, 1),
        enabled: always,
        run: reheat_layout,
    },
    RestartLayout {
        label: "Re-run layout",
        tooltip: "Lay out every entity that is not pinned again, from the current positions",
        keys: [cmd(Key::L)],
        place: menu(Menu::View, 1),
        enabled: always,
        run: restart_layout,
    },
    LayoutStress {
        label: "Stress (distances as in the map)",
        tooltip: "Place every entity that is not pinned so distances on the page match \
                  distances in the map, with room for every name, as Graphviz's neato does",
        keys: [],
        place: menu(Menu::Layout, 0),
        enabled: |f: &Facts| f.entities > 0,
        run: layout_stress,
    },
    LayoutHierarchical {
        label: "Hierarchical (who leads, who belongs)",
        tooltip: "Layers by directed relations such as leads, member of and child of: \
                  leaders and parents above, members and children below",
        keys: [],
        place: menu(Menu::Layout, 0),
        enabled: |f: &Facts| f.entities > 0,
        run: layout_hierarchical,
    },
    LayoutRadial {
        label: "Radial around the selection",
        tooltip: "Rings around the selected entity, one ring per hop",
        keys: [],
        place: menu(Menu::Layout, 0),
        enabled: |f: &Facts| f.selected_entities == 1,
        run: layout_radial,
    },
    LayoutCircularKind {
        label: "Circle, grouped by kind",
        tooltip: "Every entity on one circle, kinds together",
        keys: [],
        place: menu(Menu::Layout, 1),
        enabled: |f: &Facts| f.entities > 0,
        run: layout_circular_kind,
    },
    LayoutCircularCommunity {
        label: "Circle, grouped by community",
        tooltip: "Every entity on one circle, communities (Louvain modularity) together",
        keys: [],
        place: menu(Menu::Layout, 1),
        enabled: |f: &Facts| f.entities > 0,
        run: layout_circular_community,
    },
    LayoutGrid {
        label: "Grid, grouped by kind",
        tooltip: "Entities in rows, kinds together, the most connected first",
        keys: [],
        place: menu(Menu::Layout, 1),
        enabled: |f: &Facts| f.entities > 0,
        run: layout_grid,
    },
    LayoutTidy {
        label: "Tidy (remove overlaps)",
        tooltip: "Keep the map as it is and only move entities apart until no names overlap",
        keys: [],
        place: menu(Menu::Layout, 2),
        enabled: |f: &Facts| f.entities > 0,
        run: layout_tidy,
    },
    AlignLeft {
        label: "Align selected: left",
        tooltip: "Line the selected entities up on the leftmost one's centre; they are pinned there",
        keys: [],
        place: menu(Menu::Layout, 3),
        enabled: |f: &Facts| f.selected_entities >= 2,
        run: align_left,
    },
    AlignCentre {
        label: "Align selected: centre",
        tooltip: "Line the selected entities up on a vertical through their middle; they are pinned there",
        keys: [],
        place: menu(Menu::Layout, 3),
        enabled: |f: &Facts| f.selected_entities >= 2,
        run: align_centre,
    },
    AlignRight {
        label: "Align selected: right",
        tooltip: "Line the selected entities up on the rightmost one's centre; they are pinned there",
        keys: [],
        place: menu(Menu::Layout, 3),
        enabled: |f: &Facts| f.selected_entities >= 2,
        run: align_right,
    },
    AlignTop {
        label: "Align selected: top",
        tooltip: "Line the selected entities up on the topmost one's centre; they are pinned there",
        keys: [],
        place: menu(Menu::Layout, 3),
        enabled: |f: &Facts| f.selected_entities >= 2,
        run: align_top,
    },
    AlignMiddle {
        label: "Align selected: middle",
        tooltip: "Line the selected entities up on a horizontal through their middle; they are pinned there",
        keys: [],
        place: menu(Menu::Layout, 3),
        enabled: |f: &Facts| f.selected_entities >= 2,
        run: align_middle,
    },
    AlignBottom {
        label: "Align selected: bottom",
        tooltip: "Line the selected entities up on the lowest one's centre; they are pinned there",
        keys: [],
        place: menu(Menu::Layout, 3),
        enabled: |f: &Facts| f.selected_entities >= 2,
        run: align_bottom,
    },
    DistributeHorizontally {
        label: "Distribute selected horizontally",
        tooltip: "Space the selected entities evenly between the leftmost and the rightmost; they are pinned there",
        keys: [],
        place: menu(Menu::Layout, 3),
        enabled: |f: &Facts| f.selected_entities >= 3,
        run: distribute_horizontally,
    },
    DistributeVertically {
        label: "Distribute selected vertically",
        tooltip: "Space the selected entities evenly between the topmost and the lowest; they are pinned there",
        keys: [],
        place: menu(Menu::Layout, 3),
        enabled: |f: &Facts| f.selected_entities >= 3,
        run: distribute_vertically,
    },
    ExportMapSvg {
        label: "Map as SVG…",
        tooltip: "The whole map, as the filters and lens show it, as vector graphics with a \
                  legend and the sources",
        keys: [],
        place: menu(Menu::Export, 0),
        enabled: always,
        run: export_map_svg,
    },
    ExportMapPng {
        label: "Map as PNG…",
        tooltip: "The whole map, as the filters and lens show it, as an image with a legend \
                  and the sources",
        keys: [],
        place: menu(Menu::Export, 0),
        enabled: always,
        run: export_map_png,
    },
    ExportMapPng2x {
        label: "Map as PNG, 2× resolution…",
        tooltip: "The whole map, as the filters and lens show it, as an image with a legend \
                  and the sources, at twice the pixels",
        keys: [],
        place: menu(Menu::Export, 0),
        enabled: always,
        run: export_map_png_2x,
    },
    ExportMapSvgClaims {
        label: "Map as SVG, claims numbered…",
        tooltip: "The map as vector graphics with each relation's claims numbered on it and \
                  listed under it: stance, claimant, speaker, quote and source",
        keys: [],
        place: menu(Menu::Export, 0),
        enabled: always,
        run: export_map_svg_claims,
    },
    ExportGraphMl {
        label: "Map as GraphML (yEd, Gephi, networkx)…",
        tooltip: FOREIGN_EXPORT,
        keys: [],
        place: menu(Menu::Export, 1),
        enabled: always,
        run: export_graphml,
    },
    ExportGexf {
        label: "Map as GEXF (Gephi)…",
        tooltip: FOREIGN_EXPORT,
        keys: [],
        place: menu(Menu::Export, 1),
        enabled: always,
        run: export_gexf,
    },
    ExportNodeLink {
        label: "Map as node-link JSON (d3, networkx)…",
        tooltip: FOREIGN_EXPORT,
        keys: [],
        place: menu(Menu::Export, 1),
        enabled: always,
        run: export_node_link,
    },
    ExportCsv {
        label: "Map as CSV tables (Gephi, Kumu)…",
        tooltip: FOREIGN_EXPORT,
        keys: [],
        place: menu(Menu::Export, 1),
        enabled: always,
        run: export_csv,
    },
    ExportViewPng {
        label: "View as PNG…",
        tooltip: "Exactly what the canvas shows now, as an image",
        keys: [cmd_shift(Key::E)],
        place: menu(Menu::Export, 2),
        enabled: always,
        run: export_view_png,
    },
    ExportViewPng2x {
        label: "View as PNG, 2× resolution…",
        tooltip: "Exactly what the canvas shows now, drawn again at twice the pixels",
        keys: [],
        place: menu(Menu::Export, 2),
        enabled: always,
        run: export_view_png_2x,
    },
    CopyViewImage {
        label: "Copy view as image",
        tooltip: "Exactly what the canvas shows now, to the clipboard",
        keys: [cmd_shift(Key::C)],
        place: menu(Menu::Export, 2),
        enabled: always,
        run: copy_view_image,
    },
    ExportClaimsCsv {
        label: "Claims table as CSV…",
        tooltip: "Every claim with its relation, stance, claimant, quote, grades and citation, \
                  for a spreadsheet",
        keys: [],
        place: menu(Menu::Export, 3),
        enabled: always,
        run: export_claims_csv,
    },
    ExportClaimsMarkdown {
        label: "Claims table as Markdown…",
        tooltip: "Every claim with its relation, stance, claimant, quote, grades and citation, \
                  for a report",
        keys: [],
        place: menu(Menu::Export, 3),
        enabled: always,
        run: export_claims_markdown,
    },
    ExportDisputesCsv {
        label: "Dispute table as CSV…",
        tooltip: "Contested relations against everyone who speaks on them: asserts, denies, \
                  qualifies or silent",
        keys: [],
        place: menu(Menu::Export, 3),
        enabled: always,
        run: export_disputes_csv,
    },
    ExportDisputesMarkdown {
        label: "Dispute table as Markdown…",
        tooltip: "Contested relations against everyone who speaks on them, for a report",
        keys: [],
        place: menu(Menu::Export, 3),
        enabled: always,
        run: export_disputes_markdown,
    },
    CommandPalette {
        label: "Command palette…",
        tooltip: "Find any command by name and run it",
        keys: [cmd_shift(Key::P)],
        place: menu(Menu::Help, 0),
        enabled: always,
        run: command_palette,
    },
    KeyboardShortcuts {
        label: "Keyboard shortcuts",
        tooltip: "Every command's shortcut, and the mouse gestures of the canvas",
        keys: [plain(Key::F1)],
        place: menu(Menu::Help, 0),
        enabled: always,
        run: keyboard_shortcuts,
    },
    About {
        label: "About relmap",
        tooltip: "The version of relmap, its licence, and where the log is",
        keys: [],
        place: menu(Menu::Help, 1),
        enabled: always,
        run: about,
    },
}

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
