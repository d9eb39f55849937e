//! Helpers shared by the whole-app tests: a harness on the real app, and pointer gestures at
//! the screen positions the canvas reports (egui_graphs nodes have no accessibility entries).

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use egui::{Event, Modifiers, PointerButton, Pos2, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use relmap::io;
use relmap::model::Position;
use relmap::ui::{RelmapApp, Settings, Startup};

pub fn app(startup: Startup) -> RelmapApp {
    let mut app = RelmapApp::with_settings(startup, Settings::default());
    // No desktop portal in tests: use relmap's own dialog.
    app.native_dialogs = false;
    app
}

/// A harness on `app`, run until the layout has settled.
pub fn harness_of(app: RelmapApp) -> Harness<'static, RelmapApp> {
    settled(builder().build_eframe(move |_cc| app))
}

/// A harness on `app` whose window is drawn with wgpu on the software renderer, as the real
/// window is: for features that render on the GPU themselves.
pub fn harness_with_gpu(app: RelmapApp) -> Harness<'static, RelmapApp> {
    settled(builder().wgpu().build_eframe(move |_cc| app))
}

fn builder() -> egui_kittest::HarnessBuilder<RelmapApp> {
    Harness::builder()
        .with_size(Vec2::new(1280.0, 800.0))
        .with_max_steps(2000)
        // Frames 50 ms apart, as on a real display: double-clicks fit in egui's 0.3 s.
        .with_step_dt(0.05)
}

fn settled(mut h: Harness<'static, RelmapApp>) -> Harness<'static, RelmapApp> {
    h.run();
    assert!(
        !h.state().is_layout_running(),
        "the layout settles and stops asking for frames"
    );
    h
}

/// A harness on `app` that has not run yet: for windows waiting on a worker (the case
/// store), which tests step until it answers.
pub fn unsettled_harness(app: RelmapApp) -> Harness<'static, RelmapApp> {
    builder().build_eframe(move |_cc| app)
}

/// The bundled map in an app whose export dialogs start in `dir`.
pub fn app_exporting_to(dir: &Path) -> RelmapApp {
    let mut app = RelmapApp::with_settings(
        Startup::Bundled,
        Settings {
            last_export_dir: Some(dir.to_path_buf()),
            ..Settings::default()
        },
    );
    app.native_dialogs = false;
    app
}

pub fn harness_exporting_to(dir: &Path) -> Harness<'static, RelmapApp> {
    harness_of(app_exporting_to(dir))
}

pub fn harness(startup: Startup) -> Harness<'static, RelmapApp> {
    harness_of(app(startup))
}

pub fn open_file(path: &Path) -> Harness<'static, RelmapApp> {
    let doc = io::load_file(path).unwrap();
    harness(Startup::File {
        path: path.to_path_buf(),
        doc: Box::new(doc),
    })
}

pub fn press(h: &mut Harness<'_, RelmapApp>, pos: Pos2, pressed: bool) {
    h.event(Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    });
}

/// Scrolls the widget labelled `label` into view and clicks it (long lists reach below the
/// window).
pub fn click_label(h: &mut Harness<'_, RelmapApp>, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).click();
    h.run();
}

pub fn click_at(h: &mut Harness<'_, RelmapApp>, pos: Pos2) {
    h.hover_at(pos);
    h.run();
    press(h, pos, true);
    press(h, pos, false);
    h.run();
}

/// A click at the centre of the widget labelled `label`, with `modifiers` held for the whole
/// gesture as a user holds them.
pub fn click_with(h: &mut Harness<'_, RelmapApp>, label: &str, modifiers: Modifiers) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    let at = h.get_by_label(label).rect().center();
    h.event(Event::ModifiersChanged(modifiers));
    h.run();
    click_at(h, at);
    h.event(Event::ModifiersChanged(Modifiers::NONE));
    h.run();
}

/// A drag with `modifiers` held (Alt to connect, Shift to select a box).
pub fn drag_with(h: &mut Harness<'_, RelmapApp>, from: Pos2, to: Pos2, modifiers: Modifiers) {
    h.event(Event::ModifiersChanged(modifiers));
    drag(h, from, to);
    h.event(Event::ModifiersChanged(Modifiers::NONE));
    h.run();
}

pub fn drag(h: &mut Harness<'_, RelmapApp>, from: Pos2, to: Pos2) {
    h.hover_at(from);
    h.run();
    press(h, from, true);
    h.step();
    for k in 1..=8 {
        h.hover_at(from + (to - from) * (k as f32 / 8.0));
        h.step();
    }
    press(h, to, false);
    h.run();
}

pub fn entity_pos(h: &Harness<'_, RelmapApp>, id: &str) -> Pos2 {
    h.state()
        .entity_screen_pos(id)
        .unwrap_or_else(|| panic!("{id} is not on the canvas"))
}

/// The inspector's widget with this label. Entity names also appear in the entity list on the
/// left; the inspector is drawn after it, so its widget comes last.
pub fn inspector_item<'h>(h: &'h Harness<'_, RelmapApp>, label: &'h str) -> egui_kittest::Node<'h> {
    h.get_all_by_label(label)
        .last()
        .unwrap_or_else(|| panic!("no \"{label}\" in the window"))
}

pub fn position_of(h: &Harness<'_, RelmapApp>, id: &str) -> Option<Position> {
    h.state()
        .document()
        .entity(id)
        .and_then(|e| e.position.clone())
}

/// A temporary copy of the bundled map, as a user's own file.
pub fn bundled_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("haqqani.json");
    std::fs::write(&path, io::BUNDLED_MAP_JSON).unwrap();
    (dir, path)
}

#[derive(Debug)]
pub struct DroppedPath(pub PathBuf);

impl egui::DroppedFile for DroppedPath {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

/// Chooses `option` in the combo box that shows `current` now.
pub fn choose(h: &mut Harness<'_, RelmapApp>, current: &str, option: &str) {
    h.get_all_by_value(current).next().unwrap().scroll_to_me();
    h.run();
    h.get_all_by_value(current).next().unwrap().click();
    h.run();
    h.get_all_by_label(option).last().unwrap().click();
    h.run();
}

/// The bundled map in a window of `w` × `h` points, fitted and settled.
pub fn bundled_in_window(w: f32, h: f32) -> Harness<'static, RelmapApp> {
    let app = app(Startup::Bundled);
    settled(
        Harness::builder()
            .with_size(Vec2::new(w, h))
            .with_max_steps(2000)
            .with_step_dt(0.05)
            .build_eframe(move |_cc| app),
    )
}

/// The bundled map in a window whose canvas is `w` × `h` points, fitted.
pub fn bundled_in_canvas(w: f32, h: f32) -> Harness<'static, RelmapApp> {
    let probe = harness(Startup::Bundled);
    let canvas = probe.state().canvas_view().expect("a canvas").rect;
    let chrome = Vec2::new(1280.0, 800.0) - canvas.size();
    let app = app(Startup::Bundled);
    let mut window = Harness::builder()
        .with_size(Vec2::new(w, h) + chrome)
        .with_max_steps(2000)
        .with_step_dt(0.05)
        .build_eframe(move |_cc| app);
    window.run();
    let size = window.state().canvas_view().expect("a canvas").rect.size();
    assert!(
        (size.x - w).abs() < 1.0 && (size.y - h).abs() < 1.0,
        "canvas is {size:?}"
    );
    window
}
