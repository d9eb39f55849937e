//! File ▸ Compare with… in the window: the map against an older version of it. What is new is
//! marked green, what changed amber, what was removed stands as a ghost; the Compare window
//! lists each change and a click jumps to it.
#![cfg(feature = "ui")]

mod common;

use common::*;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use relmap::ui::RelmapApp;
use relmap::view::EdgeMark;
use relmap::view::changes::ChangeMark;

#[test]
fn comparing_with_an_older_version_marks_the_canvas_and_lists_every_change() {
    use relmap::ui::Startup;
    let now = relmap::io::bundled_map().unwrap();
    // The older version: it lacked the map's last entity (and its relations), called the
    // first one by another name, and held one entity since removed.
    let mut older = now.clone();
    let new_one = older.entities.pop().unwrap();
    older
        .relations
        .retain(|r| r.from != new_one.id && r.to != new_one.id);
    let added_relations: Vec<String> = now
        .relations
        .iter()
        .filter(|r| r.from == new_one.id || r.to == new_one.id)
        .map(|r| r.id.to_string())
        .collect();
    older.entities[0].name = "An older name".into();
    let mut gone = relmap::model::Entity::new(
        relmap::model::EntityId::new("gone-since"),
        "Gone Since",
        "person",
    );
    gone.position = Some(relmap::model::Position::from_f32([40.0, 40.0]));
    older.entities.push(gone);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("older.json");
    relmap::io::save_file(&older, &path).unwrap();

    let mut h = harness(Startup::Bundled);
    h.state_mut().compare_with_file(&path);
    wait_for(&mut h, |h| h.state().comparison_ready());
    assert!(h.state().comparison_ready());

    let first = now.entities[0].id.to_string();
    let app = h.state();
    assert_eq!(
        app.entity_decor(new_one.id.as_str()).unwrap().change,
        Some(ChangeMark::Added)
    );
    assert_eq!(
        app.entity_decor(&first).unwrap().change,
        Some(ChangeMark::Changed)
    );
    assert_eq!(
        app.entity_decor(now.entities[1].id.as_str())
            .unwrap()
            .change,
        None
    );
    assert!(!added_relations.is_empty());
    for r in &added_relations {
        assert_eq!(app.relation_decor(r).unwrap().mark, EdgeMark::Added, "{r}");
    }
    let ghost = app
        .ghost_at("gone-since")
        .expect("the removed entity stands as a ghost");
    assert_eq!((ghost.x, ghost.y), (40.0, 40.0), "where it stood");

    let added = 1 + added_relations.len();
    assert!(h.query_by_label(&format!("{added} added")).is_some());
    assert!(h.query_by_label("1 removed").is_some());
    assert!(h.query_by_label("1 changed").is_some());
    // A click on a change selects it.
    h.get_by_label_contains("~ entity").click();
    h.run();
    assert_eq!(
        h.state().selection(),
        &relmap::workspace::Selection::Entity(now.entities[0].id.clone())
    );
    h.get_by_label(&format!("+ entity {}", new_one.name))
        .click();
    h.run();
    assert_eq!(
        h.state().selection(),
        &relmap::workspace::Selection::Entity(new_one.id.clone())
    );

    // Each edit is compared again: with the new entity deleted, nothing is added.
    h.key_press(egui::Key::Delete);
    wait_for(&mut h, |h| h.query_by_label("0 added").is_some());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    wait_for(&mut h, |h| {
        h.query_by_label(&format!("{added} added")).is_some()
    });

    h.get_by_label("Stop comparing").click();
    h.run();
    assert_eq!(
        h.state().entity_decor(new_one.id.as_str()).unwrap().change,
        None
    );
    assert!(h.state().ghost_at("gone-since").is_none());
}

/// Steps the window until `done` holds (the diff runs on a worker), for at most two seconds.
fn wait_for(
    h: &mut Harness<'static, RelmapApp>,
    done: impl Fn(&Harness<'static, RelmapApp>) -> bool,
) {
    for _ in 0..200 {
        h.step();
        if done(h) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    h.run();
    assert!(done(h));
}
