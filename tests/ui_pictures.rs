//! Pictures in the window: a picture dropped on an entity, chosen with **Picture…** in the
//! inspector, embedded, undone and removed; a picture that cannot be drawn says why in the
//! inspector while the entity keeps its shape and icon; and the canvas draws a decoded picture
//! as a textured disc in place of the shape.
#![cfg(feature = "ui")]

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::*;
use egui::epaint::Shape;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use relmap::model::Picture;
use relmap::ui::commands::{Action, UiCommand};
use relmap::ui::{RelmapApp, Startup};

/// The bundled map saved in a folder with the portrait beside it, open in the window.
fn map_with_portrait() -> (tempfile::TempDir, PathBuf, Harness<'static, RelmapApp>) {
    let (dir, path) = bundled_copy();
    std::fs::copy(
        "tests/fixtures/pictures/portrait.jpg",
        dir.path().join("portrait.jpg"),
    )
    .unwrap();
    let doc = relmap::io::load_file(&path).unwrap();
    let h = harness(Startup::File {
        path: path.clone(),
        doc: Box::new(doc),
    });
    (dir, path, h)
}

fn picture_of(h: &Harness<'_, RelmapApp>, id: &str) -> Option<Picture> {
    h.state().document().entity(id).unwrap().picture.clone()
}

/// Runs frames, a little apart, until `done`: pictures decode on workers.
fn run_until(
    h: &mut Harness<'_, RelmapApp>,
    mut done: impl FnMut(&Harness<'_, RelmapApp>) -> bool,
) {
    for _ in 0..200 {
        h.run();
        if done(h) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("never happened");
}

/// Whether the canvas drew a textured disc (a picture) centred near `at`.
fn picture_drawn_at(h: &Harness<'_, RelmapApp>, at: egui::Pos2) -> bool {
    h.output()
        .shapes
        .iter()
        .any(|clipped| match &clipped.shape {
            Shape::Mesh(mesh) => {
                mesh.texture_id != egui::TextureId::default()
                    && mesh.vertices.len() > 16
                    && mesh
                        .vertices
                        .first()
                        .is_some_and(|v| v.pos.distance(at) < 1.0)
            }
            _ => false,
        })
}

#[test]
fn a_picture_dropped_on_an_entity_is_linked_drawn_embedded_and_undone() {
    let (dir, _path, mut h) = map_with_portrait();
    let at = entity_pos(&h, "anas-haqqani");
    h.hover_at(at);
    h.run();
    h.input_mut()
        .dropped_files
        .push(Arc::new(DroppedPath(dir.path().join("portrait.jpg"))));
    run_until(&mut h, |h| {
        picture_drawn_at(h, entity_pos(h, "anas-haqqani"))
    });
    // Beside the map: linked by its relative path, so the folder travels as one.
    assert_eq!(
        picture_of(&h, "anas-haqqani").map(|p| p.as_str().to_owned()),
        Some("portrait.jpg".to_owned())
    );

    // The inspector shows it and embeds it in the map on request.
    let at = entity_pos(&h, "anas-haqqani");
    click_at(&mut h, at);
    run_until(&mut h, |h| h.query_by_label("Embed").is_some());
    h.get_by_label("Embed").click();
    h.run();
    assert!(picture_of(&h, "anas-haqqani").unwrap().is_embedded());

    // Each step undoes alone.
    h.state_mut().apply(Action::from(UiCommand::Undo));
    h.run();
    assert_eq!(
        picture_of(&h, "anas-haqqani").unwrap().as_str(),
        "portrait.jpg"
    );
    h.state_mut().apply(Action::from(UiCommand::Undo));
    h.run();
    assert_eq!(picture_of(&h, "anas-haqqani"), None);
}

#[test]
fn a_picture_dropped_where_there_is_no_entity_changes_nothing_and_says_so() {
    let (dir, _path, mut h) = map_with_portrait();
    let before = h.state().document().clone();
    h.hover_at(egui::pos2(640.0, 790.0));
    h.run();
    h.input_mut()
        .dropped_files
        .push(Arc::new(DroppedPath(dir.path().join("portrait.jpg"))));
    h.run();
    assert_eq!(h.state().document(), &before);
    assert!(
        h.state().status().contains("drop it on an entity"),
        "{}",
        h.state().status()
    );
}

#[test]
fn picture_in_the_inspector_chooses_a_file_and_remove_takes_it_off() {
    let (_dir, _path, mut h) = map_with_portrait();
    let at = entity_pos(&h, "sirajuddin-haqqani");
    click_at(&mut h, at);
    h.get_by_label("Picture…").click();
    h.run();
    // relmap's own dialog lists pictures only: the map itself is not offered.
    assert!(h.query_by_label("haqqani.json").is_none());
    h.get_by_label("portrait.jpg").click();
    h.run();
    h.get_by_label("Use").click();
    h.run();
    assert_eq!(
        picture_of(&h, "sirajuddin-haqqani").unwrap().as_str(),
        "portrait.jpg"
    );
    run_until(&mut h, |h| h.query_by_label("Remove picture").is_some());
    h.get_by_label("Remove picture").click();
    h.run();
    assert_eq!(picture_of(&h, "sirajuddin-haqqani"), None);
}

#[test]
fn a_picture_that_cannot_be_drawn_says_why_and_the_entity_keeps_its_shape() {
    let (dir, path) = bundled_copy();
    std::fs::copy(
        "tests/fixtures/pictures/truncated.png",
        dir.path().join("truncated.png"),
    )
    .unwrap();
    let mut doc = relmap::io::load_file(&path).unwrap();
    let i = doc.entity_index("anas-haqqani").unwrap();
    doc.entities[i].picture = Some(Picture::new("truncated.png"));
    let j = doc.entity_index("sirajuddin-haqqani").unwrap();
    doc.entities[j].picture = Some(Picture::new("photos/gone.jpg"));
    let mut h = harness(Startup::File {
        path: path.clone(),
        doc: Box::new(doc),
    });
    let at = entity_pos(&h, "anas-haqqani");
    click_at(&mut h, at);
    run_until(&mut h, |h| {
        h.query_all_by_label_contains("Not shown: the picture cannot be decoded")
            .next()
            .is_some()
    });
    assert!(!picture_drawn_at(&h, entity_pos(&h, "anas-haqqani")));
    let at = entity_pos(&h, "sirajuddin-haqqani");
    click_at(&mut h, at);
    let gone = Path::new("photos").join("gone.jpg");
    run_until(&mut h, |h| {
        h.query_all_by_label_contains(&format!(
            "{} is not there",
            dir.path().join(&gone).display()
        ))
        .next()
        .is_some()
    });
    // Put the file in place, and Try again draws it.
    std::fs::create_dir(dir.path().join("photos")).unwrap();
    std::fs::copy(
        "tests/fixtures/pictures/portrait.jpg",
        dir.path().join(&gone),
    )
    .unwrap();
    h.get_by_label("Try again").click();
    run_until(&mut h, |h| {
        picture_drawn_at(h, entity_pos(h, "sirajuddin-haqqani"))
    });
}
