//! The command table drives the menus, the toolbar, the shortcuts, the command palette and the
//! Help menu: these tests read the table and check each of them against it, in the real app.

#![cfg(feature = "ui")]

mod common;

use std::collections::HashMap;

use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT, Queryable};
use relmap::ui::Startup;
use relmap::ui::commands::{Facts, Menu, Selection, UiCommand};

fn menu_title(menu: Menu) -> Option<&'static str> {
    match menu {
        Menu::File => Some("File"),
        Menu::Edit => Some("Edit"),
        Menu::Case => Some("Case"),
        Menu::View => Some("View"),
        Menu::Help => Some("Help"),
        Menu::Export | Menu::Layout | Menu::None => None,
    }
}

#[test]
fn no_two_commands_share_a_shortcut() {
    let mut seen: HashMap<String, UiCommand> = HashMap::new();
    for &c in UiCommand::ALL {
        for s in c.shortcuts() {
            let key = format!("{:?}+{:?}", s.modifiers, s.logical_key);
            if let Some(other) = seen.insert(key.clone(), c) {
                panic!("{key} is the shortcut of both {other:?} and {c:?}");
            }
        }
    }
}

#[test]
fn every_menu_lists_its_commands_from_the_table_with_their_state() {
    let mut h = common::harness(Startup::Bundled);
    let facts = h.state().facts();
    assert!(facts.undo.is_none() && !facts.selection);
    for menu in [Menu::File, Menu::Edit, Menu::Case, Menu::View, Menu::Help] {
        let title = menu_title(menu).unwrap();
        h.get_by_label(title).click();
        h.run();
        for cmd in UiCommand::in_menu(menu) {
            let label = cmd.label_now(&facts);
            // Items with a shortcut are labelled with it too.
            let items: Vec<_> = h.query_all_by_label_contains(&label).collect();
            assert!(!items.is_empty(), "{title} > {label} is in the menu");
            assert!(
                items
                    .iter()
                    .any(|i| i.accesskit_node().is_disabled() != cmd.enabled(&facts)),
                "{title} > {label} is enabled exactly when the table says"
            );
        }
        if menu == Menu::File {
            h.get_by_label("Export ⏵").hover();
            h.run();
            for cmd in UiCommand::in_menu(Menu::Export) {
                assert!(h.query_by_label_contains(cmd.label()).is_some());
            }
        }
        if menu == Menu::View {
            h.get_by_label("Layout ⏵").hover();
            h.run();
            for cmd in UiCommand::in_menu(Menu::Layout) {
                let items: Vec<_> = h.query_all_by_label_contains(cmd.label()).collect();
                assert!(!items.is_empty(), "View > Layout > {}", cmd.label());
                assert!(
                    items
                        .iter()
                        .any(|i| i.accesskit_node().is_disabled() != cmd.enabled(&facts)),
                    "View > Layout > {} is enabled exactly when the table says",
                    cmd.label()
                );
            }
        }
        h.key_press(Key::Escape);
        h.run();
    }
    // Something to undo, and a selection: the Edit menu follows.
    h.state_mut()
        .apply(relmap::ui::commands::Action::Select(Selection::Entity(
            relmap::model::EntityId::new("anas-haqqani"),
        )));
    h.run();
    let facts = h.state().facts();
    assert!(UiCommand::DeleteSelected.enabled(&facts));
    assert!(UiCommand::ZoomToSelection.enabled(&facts));
    assert!(!UiCommand::ConnectSelected.enabled(&facts), "one entity");
}

#[test]
fn the_toolbar_holds_the_commands_the_table_places_there() {
    let h = common::harness(Startup::Bundled);
    let facts = h.state().facts();
    let mut n = 0;
    for &cmd in UiCommand::ALL {
        if let Some((_, text)) = cmd.place().toolbar {
            let button = h.get_by_label(text);
            if cmd != UiCommand::ToggleConnectMode {
                assert_eq!(button.accesskit_node().is_disabled(), !cmd.enabled(&facts));
            }
            n += 1;
        }
    }
    assert!(n >= 8);
}

#[test]
fn the_palette_finds_a_command_by_its_words_and_runs_it() {
    let mut h = common::harness(Startup::Bundled);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::P);
    h.run();
    assert!(h.state().palette_open());
    // The palette's field has the keyboard.
    h.event(egui::Event::Text("select all".into()));
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert!(!h.state().palette_open(), "running a command closes it");
    assert_eq!(
        h.state().selection().entities().len(),
        h.state().document().entities.len()
    );

    // Esc closes it without running anything.
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::P);
    h.run();
    h.key_press(Key::Escape);
    h.run();
    assert!(!h.state().palette_open());
}

/// The map's views are in the palette by name: choosing one shows the map in it.
#[test]
fn the_palette_lists_the_maps_views() {
    let mut h = common::harness(Startup::Bundled);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::P);
    h.run();
    h.event(egui::Event::Text("state says".into()));
    h.run();
    assert!(h.query_by_label("View: What State says").is_some());
    h.key_press(Key::Enter);
    h.run();
    assert!(!h.state().palette_open());
    assert_eq!(h.state().status(), "View: What State says");
    let facts = h.state().facts();
    let views = ["What State says", "Who is most connected"];
    // After the commands whose words match (Next view's tooltip speaks of the map's own).
    assert_eq!(
        relmap::ui::app::palette_entries("own rules", &facts, &views).last(),
        Some(&relmap::ui::app::PaletteEntry::View(None))
    );
    assert_eq!(
        relmap::ui::app::palette_entries("view: who", &facts, &views).last(),
        Some(&relmap::ui::app::PaletteEntry::View(Some(1)))
    );
}

#[test]
fn palette_matches_put_labels_before_tooltips_and_leave_out_the_rest() {
    let facts = Facts::default();
    let hits = relmap::ui::app::palette_matches("fit", &facts);
    assert_eq!(hits.first(), Some(&UiCommand::FitView));
    let hits = relmap::ui::app::palette_matches("graphml", &facts);
    assert_eq!(
        hits,
        vec![UiCommand::ExportGraphMl, UiCommand::Open],
        "the export by its label, then Open, whose tooltip names the format"
    );
    assert!(relmap::ui::app::palette_matches("zzzz nothing", &facts).is_empty());
    let hits = relmap::ui::app::palette_matches("export png", &facts);
    assert_eq!(
        hits.first(),
        Some(&UiCommand::ExportMapPng),
        "the Export menu's name finds its commands: {hits:?}"
    );
    assert_eq!(
        relmap::ui::app::palette_matches("", &facts).len(),
        UiCommand::ALL.len(),
        "an empty query lists every command"
    );
}

#[test]
fn help_lists_every_shortcut_and_says_what_relmap_is() {
    let mut h = common::harness(Startup::Bundled);
    h.key_press(Key::F1);
    h.run();
    assert!(h.query_all_by_label("Keyboard shortcuts").count() >= 1);
    for &cmd in UiCommand::ALL {
        if cmd.shortcut().is_some() && cmd.place().menu != Menu::None {
            assert!(
                h.query_all_by_label(cmd.label()).count() >= 1,
                "{} is listed",
                cmd.label()
            );
        }
    }
    h.get_by_label("Drag the background");

    let mut h = common::harness(Startup::Bundled);
    h.get_by_label("Help").click();
    h.run();
    h.get_by_label("About relmap").click();
    h.run();
    h.get_by_label_contains(&format!("relmap {}", env!("CARGO_PKG_VERSION")));
}
