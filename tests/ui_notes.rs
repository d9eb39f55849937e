//! Notes in the window: Edit ▸ Add note (Ctrl+Shift+M) on the selected entity opens the note
//! window, the text typed there is one step of Undo, the card is drawn by its entity and
//! moves when dragged, View ▸ Show notes hides them, and figures draw them.
#![cfg(feature = "ui")]

mod common;

use common::*;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use relmap::model::{EntityId, NoteTarget};
use relmap::ui::Startup;
use relmap::ui::commands::{Action, Selection, UiCommand};

#[test]
fn a_note_on_an_entity_is_written_moved_hidden_and_undone() {
    let mut h = harness(Startup::Bundled);
    let bytes = relmap::io::to_json_string(h.state().document());
    h.state_mut()
        .apply(Action::Select(Selection::Entity(EntityId::new(
            "anas-haqqani",
        ))));
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::M);
    h.run();
    let note = &h.state().document().notes[0];
    assert_eq!(
        note.on,
        Some(NoteTarget::Entity(EntityId::new("anas-haqqani")))
    );
    assert_eq!(h.state().open_note(), Some("note-1"));

    // Typed in the note window; leaving the field makes it one step.
    h.get_by_label("Note text").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.event(egui::Event::Text("**Says** they are *one*".into()));
    h.run();
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(
        h.state().document().notes[0].text,
        "**Says** they are *one*"
    );
    assert_eq!(h.state().undo_label(), Some("Edit note"));
    assert!(
        h.query_by_label("Says").is_some(),
        "the preview reads the marks"
    );

    // The card is drawn above and right of Anas, and names keep off it.
    h.run();
    let card = h.state().note_rect("note-1").expect("the card is drawn");
    let anas = entity_pos(&h, "anas-haqqani");
    assert!(
        card.min.x > anas.x && card.max.y < anas.y + 5.0,
        "{card:?} by {anas:?}"
    );

    // Dragging the card moves the note, one step.
    let before = h.state().document().notes[0].at.clone();
    drag(
        &mut h,
        card.center(),
        card.center() + egui::vec2(60.0, 20.0),
    );
    let after = &h.state().document().notes[0].at;
    assert!(after.x > before.x + 10.0, "{before:?} → {after:?}");
    assert_eq!(h.state().undo_label(), Some("Move note"));

    // Hidden, then shown again.
    h.state_mut().apply(Action::Command(UiCommand::ToggleNotes));
    h.run();
    assert!(h.state().note_rect("note-1").is_none());
    h.state_mut().apply(Action::Command(UiCommand::ToggleNotes));
    h.run();
    assert!(h.state().note_rect("note-1").is_some());

    for _ in 0..3 {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        h.run();
    }
    assert_eq!(relmap::io::to_json_string(h.state().document()), bytes);
}

#[test]
fn a_free_note_is_placed_on_the_canvas_and_deleting_its_entity_takes_an_attached_one() {
    let mut h = harness(Startup::Bundled);
    h.state_mut().apply(Action::Select(Selection::None));
    h.run();
    h.state_mut().apply(Action::Command(UiCommand::AddNote));
    h.run();
    assert_eq!(h.state().document().notes[0].on, None);
    h.state_mut()
        .apply(Action::Select(Selection::Entity(EntityId::new(
            "ned-price",
        ))));
    h.run();
    h.state_mut().apply(Action::Command(UiCommand::AddNote));
    h.run();
    assert_eq!(h.state().document().notes.len(), 2);
    h.state_mut()
        .apply(Action::Command(UiCommand::DeleteSelected));
    h.run();
    let notes = &h.state().document().notes;
    assert_eq!(notes.len(), 1, "the card went with its entity");
    assert_eq!(notes[0].on, None);
}

#[test]
fn figures_draw_notes_with_their_marks_unless_asked_not_to() {
    use relmap::export::{self, FigureOptions};
    use relmap::model::{Note, Position};
    let mut doc = relmap::io::bundled_map().unwrap();
    let mut note = Note::new(
        "n1",
        "**Disputed**: see [the article](https://example.org/a)",
        Position::new(20.0, -40.0),
    );
    note.on = Some(NoteTarget::Entity(EntityId::new("taliban")));
    doc.notes.push(note);
    let positions = export::positions(&doc, 300, 7);
    let decor = relmap::view::decor(&doc, &Default::default());
    let svg = export::map_svg(&doc, &positions, &decor, &FigureOptions::default());
    assert!(svg.contains(r#"class="note""#));
    assert!(
        svg.contains(r#"<tspan font-weight="bold">Disputed</tspan>"#),
        "{svg}"
    );
    assert!(svg.contains(r#"<a href="https://example.org/a">"#));
    let without = FigureOptions {
        notes: false,
        ..Default::default()
    };
    assert!(!export::map_svg(&doc, &positions, &decor, &without).contains(r#"class="note""#));
}

#[test]
fn the_windows_map_export_draws_its_notes_and_groups_unless_notes_are_hidden() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_exporting_to(dir.path());
    h.state_mut()
        .apply(Action::Select(Selection::Entity(EntityId::new("taliban"))));
    h.run();
    h.state_mut().apply(Action::Command(UiCommand::AddNote));
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::G);
    h.run();
    h.state_mut()
        .apply(Action::Command(UiCommand::ExportMapSvg));
    h.run();
    h.get_by_label("Export").click();
    h.run();
    let svg = std::fs::read_to_string(dir.path().join("map.svg")).expect("the SVG was written");
    roxmltree::Document::parse(&svg).expect("well-formed");
    assert!(svg.contains(r#"class="note""#), "the note is in the figure");
    assert!(
        svg.contains(r#"class="group""#),
        "the group's frame is in the figure"
    );

    // Hidden in the window, left out of the figure.
    h.state_mut().apply(Action::Command(UiCommand::ToggleNotes));
    h.run();
    h.state_mut()
        .apply(Action::Command(UiCommand::ExportMapSvg));
    h.run();
    h.get_by_label("Export").click();
    h.run();
    let svg = std::fs::read_to_string(dir.path().join("map.svg")).unwrap();
    assert!(!svg.contains(r#"class="note""#));
}
