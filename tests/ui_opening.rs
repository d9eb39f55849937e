//! Opening a large file in the window: it is read on a thread, a modal window says how much
//! has been read and how much is left, Cancel (or Escape) stops it and leaves the open map as
//! it was, and a file that is refused leaves it too.
#![cfg(feature = "ui")]

mod common;

use std::time::{Duration, Instant};

use common::*;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use relmap::io::generate::chain_map;
use relmap::ui::commands::Action;
use relmap::ui::{RelmapApp, Startup};

/// The bundled map in a window that reads every file on a thread.
fn window() -> Harness<'static, RelmapApp> {
    harness_of(app(Startup::Bundled).with_files_on_a_thread_from(0))
}

/// A generated map of `n` entities written to `dir`.
fn map_file(dir: &std::path::Path, name: &str, n: usize) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, relmap::io::to_json_string(&chain_map(n, 3))).unwrap();
    path
}

/// Steps the window until the opening is over.
fn wait_opened(h: &mut Harness<'static, RelmapApp>) {
    let start = Instant::now();
    while h.state().opening().is_some() {
        assert!(start.elapsed() < Duration::from_secs(120), "still opening");
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    h.run_steps(2);
}

#[test]
fn a_file_read_on_a_thread_shows_its_progress_then_opens() {
    let dir = tempfile::tempdir().unwrap();
    let path = map_file(dir.path(), "chain.json", 3000);
    let mut h = window();
    h.state_mut().apply(Action::OpenPath(path.clone()));
    h.run_steps(1);
    assert!(h.state().opening().is_some(), "read on a thread");
    h.get_by_label("Opening chain.json");
    h.get_by_label("Cancel");
    wait_opened(&mut h);
    assert_eq!(h.state().document().entities.len(), 3000);
    assert_eq!(h.state().path(), Some(path.as_path()));
    assert!(h.query_by_label("Opening chain.json").is_none());
}

#[test]
fn cancelling_an_opening_leaves_the_open_map_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    // Large enough that reading its map takes far longer than the frames before Cancel.
    let path = map_file(dir.path(), "large.json", 150_000);
    let mut h = window();
    let before = h.state().document().clone();
    h.state_mut().apply(Action::OpenPath(path.clone()));
    // The modal finds its place in its first frames.
    h.run_steps(3);
    h.get_by_label("Cancel").click();
    h.run_steps(3);
    assert!(h.state().opening().is_none());
    assert!(
        h.state().status().contains("Cancelled"),
        "{}",
        h.state().status()
    );
    // Whatever the thread was doing, it hands nothing back.
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(3) {
        h.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(h.state().document(), &before, "the open map is as it was");
    assert!(!h.state().is_dirty());
    assert_eq!(h.state().error_message(), None);

    // Escape cancels too.
    h.state_mut().apply(Action::OpenPath(path));
    h.run_steps(1);
    assert!(h.state().opening().is_some());
    h.key_press(egui::Key::Escape);
    h.run_steps(2);
    assert!(h.state().opening().is_none());
    assert_eq!(h.state().document(), &before);
}

#[test]
fn a_broken_file_read_on_a_thread_is_refused_by_line_and_the_map_stays() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.json");
    std::fs::write(
        &path,
        "{\"format\": \"relmap\",\n  \"entities\": [ oops ]\n}",
    )
    .unwrap();
    let mut h = window();
    let before = h.state().document().clone();
    h.state_mut().apply(Action::OpenPath(path));
    wait_opened(&mut h);
    let message = h.state().error_message().unwrap_or_default().to_owned();
    assert!(message.contains("broken.json:2:"), "{message}");
    assert_eq!(h.state().document(), &before);
}
