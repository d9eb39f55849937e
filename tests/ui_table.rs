//! The data table in the window: opened from the View menu, sorted by a column, filtered by
//! words, its rows and the map sharing one selection, a cell edited in place, a column set on
//! several rows at once (one step of Undo), rows copied as tab-separated text, and the
//! exploration filters leaving rows out.
#![cfg(feature = "ui")]

mod common;

use common::*;
use egui::Modifiers;
use egui_kittest::kittest::Queryable;
use relmap::model::AttrValue;
use relmap::ui::Startup;
use relmap::ui::commands::{Action, Selection, UiCommand};

type H = egui_kittest::Harness<'static, relmap::ui::RelmapApp>;

fn open_table() -> H {
    let mut h = harness(Startup::Bundled);
    h.get_by_label("View").click();
    h.run();
    // The menu item carries its shortcut, Ctrl+Shift+T.
    h.get_all_by_label_contains("Data table")
        .next()
        .unwrap()
        .click();
    h.run();
    assert!(h.query_by_label("Copy rows").is_some(), "the table is open");
    h
}

/// The row cells' texts in the `column`th column, top to bottom, as drawn.
fn first_cells(h: &H, ids: &[&str]) -> Vec<f32> {
    ids.iter()
        .map(|id| h.get_by_label(id).rect().center().y)
        .collect()
}

#[test]
fn rows_sort_by_a_column_and_filter_by_words() {
    let mut h = open_table();
    assert!(h.query_by_label("40 of 40").is_some());
    // Sorted by name: Afghan government comes before Anas Haqqani, who comes before Ashraf
    // Ghani (each row's id cell is its label).
    h.get_by_label("name").click();
    h.run();
    let ys = first_cells(&h, &["afghan-government", "anas-haqqani", "ashraf-ghani"]);
    assert!(ys[0] < ys[1] && ys[1] < ys[2], "{ys:?}");
    // A second click sorts the other way.
    h.get_by_label("name ⬆").click();
    h.run();
    assert!(h.query_by_label("name ⬇").is_some());

    h.get_by_label("Filter").focus();
    h.run();
    h.event(egui::Event::Text("haqqani".into()));
    h.run();
    let doc = h.state().document().clone();
    let expected = relmap::query::table::entity_rows(
        &doc,
        &vec![true; doc.entities.len()],
        &relmap::query::table::RowQuery {
            text: "haqqani".into(),
            sort: None,
        },
    )
    .len();
    assert!(expected > 5 && expected < 40);
    assert!(h.query_by_label(&format!("{expected} of 40")).is_some());
    assert!(h.query_by_label("timothy-weeks").is_none(), "filtered out");
}

#[test]
fn the_table_and_the_map_share_the_selection() {
    let mut h = open_table();
    h.get_by_label("sirajuddin-haqqani").click();
    h.run();
    assert_eq!(
        h.state().selection(),
        &Selection::Entity(relmap::model::EntityId::new("sirajuddin-haqqani"))
    );
    // Ctrl+click adds a row; Shift+click selects a run.
    h.get_by_label("anas-haqqani")
        .click_modifiers(Modifiers::COMMAND);
    h.run();
    assert_eq!(h.state().selection().entities().len(), 2);
    // From Anas (the first row, the last clicked) to Osama bin Laden (the fifth).
    h.get_by_label("osama-bin-laden")
        .click_modifiers(Modifiers::SHIFT);
    h.run();
    assert_eq!(h.state().selection().entities().len(), 5, "a run of rows");
}

#[test]
fn a_cell_is_edited_in_place_and_a_column_set_on_many_rows_in_one_step() {
    let mut h = open_table();
    // Click Ned Price's name cell to select the row, click it again to edit, type, Enter.
    // The entity list on the left names it too; the table is drawn after it.
    h.get_all_by_label("Ned Price").last().unwrap().click();
    h.step();
    h.get_all_by_label("Ned Price").last().unwrap().click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::A);
    h.event(egui::Event::Text("Edward Price".into()));
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(
        h.state().document().entity("ned-price").unwrap().name,
        "Edward Price"
    );
    assert_eq!(h.state().undo_label(), Some("Set name of Ned Price"));

    // Two rows selected, kind set on both: one step.
    h.get_by_label("john-kirby").click();
    h.run();
    h.get_by_label("ned-price")
        .click_modifiers(Modifiers::COMMAND);
    h.run();
    h.get_by_label("=").focus();
    h.run();
    h.event(egui::Event::Text("spokesman".into()));
    h.run();
    h.get_by_label("on 2 selected").click();
    h.run();
    let kind = |id: &str| h.state().document().entity(id).unwrap().kind.clone();
    assert_eq!(kind("john-kirby"), "spokesman");
    assert_eq!(kind("ned-price"), "spokesman");
    assert_eq!(h.state().undo_label(), Some("Set kind of 2 entities"));
    h.state_mut().apply(Action::Command(UiCommand::Undo));
    h.run();
    assert_eq!(
        h.state().document().entity("john-kirby").unwrap().kind,
        "person"
    );
    assert_eq!(
        h.state().document().entity("ned-price").unwrap().kind,
        "person"
    );
}

#[test]
fn an_impossible_edit_is_refused_with_a_reason() {
    let mut h = open_table();
    let before = h.state().document().clone();
    h.get_by_label("john-kirby").click();
    h.run();
    // Set kind to nothing: a kind cannot be empty.
    h.get_by_label("on 1 selected").click();
    h.run();
    assert_eq!(h.state().document(), &before);
    assert!(
        h.query_by_label_contains("a kind cannot be empty")
            .is_some(),
        "the table says why"
    );
}

#[test]
fn rows_are_copied_as_tab_separated_text() {
    let mut h = open_table();
    // Selected on the map: the table copies the map's selection.
    h.state_mut().apply(Action::Select(Selection::Entity(
        relmap::model::EntityId::new("ned-price"),
    )));
    h.run();
    h.get_by_label("Copy rows").click();
    h.step();
    let copied = h
        .output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            egui::OutputCommand::CopyText(t) => Some(t.clone()),
            _ => None,
        })
        .expect("text was copied");
    let lines: Vec<&str> = copied.lines().collect();
    assert_eq!(lines.len(), 2, "a header and the selected row");
    assert!(lines[0].starts_with("id\tname\tkind"));
    assert!(lines[1].starts_with("ned-price\tNed Price\tperson"));
}

#[test]
fn the_exploration_filters_leave_rows_out() {
    let mut h = open_table();
    // Untick "place" in the legend: its entities leave the map and the table.
    let places = h
        .state()
        .document()
        .entities
        .iter()
        .filter(|e| e.kind == "place")
        .count();
    h.get_all_by_label("place  (7)")
        .next()
        .or_else(|| h.get_all_by_label_contains("place").next())
        .unwrap()
        .click();
    h.run();
    assert!(
        h.query_by_label(&format!("{} of 40", 40 - places))
            .is_some()
    );
    assert!(h.query_by_label("kabul").is_none());
}

/// Rows pasted from a spreadsheet: one existing entity updated by name, one added, as one step
/// of Undo; a wrong line is named and nothing changes.
#[test]
fn rows_pasted_from_a_spreadsheet_update_and_add_entities() {
    let mut h = open_table();
    h.get_by_label("Paste rows…").click();
    h.run();
    h.get_by_label("Rows to paste").focus();
    h.run();
    h.event(egui::Event::Paste("name\tfrom\nNed Price\tsoon\n".into()));
    h.run();
    assert!(h.query_by_label_contains("line 2, column from").is_some());
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::A);
    h.event(egui::Event::Paste(
        "name\tkind\trank\nNed Price\t\tspokesman\nZalmay Khalilzad\tperson\tenvoy\n".into(),
    ));
    h.run();
    assert!(h.query_by_label("updates 1, adds 1").is_some());
    h.get_by_label("Add or update").click();
    h.run();
    let doc = h.state().document();
    assert_eq!(doc.entities.len(), 41);
    assert_eq!(
        doc.entity("ned-price")
            .unwrap()
            .attributes
            .get("rank")
            .map(|v| v.to_string()),
        Some("spokesman".to_owned())
    );
    assert_eq!(
        h.state().undo_label(),
        Some("Paste rows: 1 updated, 1 added")
    );
    h.state_mut().apply(Action::Command(UiCommand::Undo));
    h.run();
    assert_eq!(h.state().document().entities.len(), 40);
}

/// Types `text` into the field labelled `label`, replacing what it holds.
fn type_into(h: &mut H, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::A);
    h.event(egui::Event::Text(text.into()));
    h.run();
}

#[test]
fn find_and_replace_changes_names_aliases_and_attributes_of_the_rows_shown_in_one_step() {
    let mut h = open_table();
    h.get_by_label("Find and replace…").click();
    h.run();
    type_into(&mut h, "Find what", "haqqani");
    type_into(&mut h, "Replace with", "Haqani");
    h.get_by_label("Replace in 40 shown").click();
    h.run();
    let doc = h.state().document();
    assert_eq!(doc.entity("anas-haqqani").unwrap().name, "Anas Haqani");
    assert!(
        doc.entity("haqqani-network")
            .unwrap()
            .aliases
            .contains(&"Haqanis".to_owned())
    );
    let label = h.state().undo_label().unwrap().to_owned();
    assert!(
        label.starts_with("Replace \"haqqani\" with \"Haqani\""),
        "{label}"
    );
    h.state_mut().apply(Action::Command(UiCommand::Undo));
    h.run();
    assert_eq!(
        h.state().document().entity("anas-haqqani").unwrap().name,
        "Anas Haqqani"
    );
}

#[test]
fn columns_are_added_renamed_retyped_and_deleted_from_the_table() {
    let mut h = open_table();
    let bytes = relmap::io::to_json_string(h.state().document());
    h.get_by_label("ned-price").click();
    h.run();
    h.get_by_label("john-kirby")
        .click_modifiers(Modifiers::COMMAND);
    h.run();
    h.get_by_label("Add column…").click();
    h.run();
    type_into(&mut h, "New column", "rank");
    type_into(&mut h, "value", "2");
    h.get_by_label("Add to 2 rows").click();
    h.run();
    let rank = |h: &H, id: &str| {
        h.state()
            .document()
            .entity(id)
            .unwrap()
            .attributes
            .get("rank")
            .cloned()
    };
    assert_eq!(
        rank(&h, "ned-price"),
        Some(AttrValue::Number("2".parse().unwrap()))
    );

    // The header's menu (right-click): rename, then a type some value cannot take.
    // Attribute columns come after the fields: scroll to them first.
    h.get_by_label("rank").scroll_to_me();
    h.run();
    h.get_by_label("rank").click_secondary();
    h.run();
    h.get_by_label("Rename column…").click();
    h.run();
    type_into(&mut h, "Rename column rank to", "grade");
    h.get_by_label("Rename").click();
    h.run();
    assert!(rank(&h, "ned-price").is_none());
    h.get_by_label("year").scroll_to_me();
    h.run();
    h.get_by_label("year").click_secondary();
    h.run();
    // A submenu's button carries its arrow.
    h.get_by_label_contains("Change type").hover();
    h.run();
    h.get_by_label_contains("Change type").click();
    h.run();
    h.get_by_label("boolean").click();
    h.run();
    assert!(
        h.query_by_label_contains("are not boolean: sept-11-attacks: \"2001\"")
            .is_some(),
        "the values that cannot convert are listed, and nothing changes"
    );
    h.get_by_label("grade").scroll_to_me();
    h.run();
    h.get_by_label("grade").click_secondary();
    h.run();
    h.get_by_label("Delete column").click();
    h.run();
    assert!(
        h.state()
            .document()
            .entities
            .iter()
            .all(|e| e.attributes.get("grade").is_none())
    );
    for _ in 0..3 {
        h.state_mut().apply(Action::Command(UiCommand::Undo));
        h.run();
    }
    assert_eq!(relmap::io::to_json_string(h.state().document()), bytes);
}

#[test]
fn the_relations_table_sorts_selects_and_edits_relations() {
    let mut h = open_table();
    h.get_by_label("Relations").click();
    h.run();
    assert!(h.query_by_label("71 of 71").is_some());
    h.get_by_label("claims").scroll_to_me();
    h.run();
    h.get_by_label("claims").click();
    h.run();
    h.get_by_label("claims ⬆").click();
    h.run();
    // The most disputed relation first; a click selects it on the map.
    // Back to the first column.
    h.get_by_label("id").scroll_to_me();
    h.run();
    h.get_all_by_label("haqqanis-part-of-taliban")
        .next()
        .unwrap()
        .click();
    h.run();
    assert_eq!(
        h.state().selection(),
        &Selection::Relation(relmap::model::RelationId::new("haqqanis-part-of-taliban"))
    );
    // Filtered to the relations that name Kirby, then set their kind at once.
    type_into(&mut h, "Filter relations", "kirby");
    let shown = h
        .state()
        .document()
        .relations
        .iter()
        .filter(|r| r.from.as_str() == "john-kirby" || r.to.as_str() == "john-kirby")
        .count();
    assert!(h.query_by_label(&format!("{shown} of 71")).is_some());
    type_into(&mut h, "=", "speaks for");
    h.get_by_label(&format!("on {shown} shown")).click();
    h.run();
    let doc = h.state().document();
    let kirby: Vec<&str> = doc
        .relations
        .iter()
        .filter(|r| r.from.as_str() == "john-kirby")
        .map(|r| r.kind.as_str())
        .collect();
    assert!(kirby.iter().all(|k| *k == "speaks for"), "{kirby:?}");
}

#[test]
fn a_large_maps_rows_are_sorted_off_the_frame_and_then_shown() {
    // The bundled map stands for a large one: every sort goes to the worker.
    let app = app(Startup::Bundled).with_table_worker_above(0);
    let mut h = harness_of(app);
    h.get_by_label("View").click();
    h.run();
    h.get_all_by_label_contains("Data table")
        .next()
        .unwrap()
        .click();
    let mut waited = 0;
    while h.query_by_label("40 of 40").is_none() && waited < 200 {
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(5));
        waited += 1;
    }
    assert!(
        h.query_by_label("40 of 40").is_some(),
        "the worker's rows arrive"
    );
    h.get_by_label("name").click();
    let mut waited = 0;
    while h.query_by_label("name ⬆").is_none() || h.query_by_label("sorting…").is_some() {
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(5));
        waited += 1;
        assert!(waited < 400, "the sorted rows never came");
    }
    let ys = first_cells(&h, &["afghan-government", "anas-haqqani", "ashraf-ghani"]);
    assert!(ys[0] < ys[1] && ys[1] < ys[2], "{ys:?}");
}
