//! Exporting from the window: the map (as filtered) to SVG and PNG, the view as PNG, the view
//! to the clipboard. Exporting never changes the document.
#![cfg(feature = "ui")]

mod common;

use common::*;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use relmap::ui::commands::{Action, UiCommand};
use relmap::ui::{RelmapApp, Startup};
use resvg::tiny_skia::Pixmap;

#[test]
fn the_map_exports_as_svg_as_filtered_and_the_document_stays_clean() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_exporting_to(dir.path());
    h.get_by_label("place  (7)").click();
    h.run();
    let before = h.state().document().clone();
    h.state_mut()
        .apply(Action::Command(UiCommand::ExportMapSvg));
    h.run();
    h.get_by_label("Export figure as");
    h.get_by_label("Export").click();
    h.run();
    let svg = std::fs::read_to_string(dir.path().join("map.svg")).expect("the SVG was written");
    let xml = roxmltree::Document::parse(&svg).expect("well-formed");
    let texts: Vec<&str> = xml
        .descendants()
        .filter_map(|n| n.has_tag_name("text").then(|| n.text()).flatten())
        .collect();
    assert!(texts.contains(&"Anas Haqqani"));
    assert!(
        !texts.contains(&"Kabul"),
        "the hidden kind is not in the figure"
    );
    assert_eq!(h.state().document(), &before);
    assert!(!h.state().is_dirty());
    assert_eq!(
        h.state().status(),
        format!("Exported {}", dir.path().join("map.svg").display())
    );
}

#[test]
fn the_map_exports_as_png_at_twice_the_resolution() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_exporting_to(dir.path());
    h.state_mut()
        .apply(Action::Command(UiCommand::ExportMapPng));
    h.run();
    h.get_by_label("Export").click();
    h.run();
    let one = Pixmap::decode_png(&std::fs::read(dir.path().join("map.png")).unwrap()).unwrap();
    h.state_mut()
        .apply(Action::Command(UiCommand::ExportMapPng2x));
    h.run();
    let two = export_as(&mut h, dir.path(), "map2x.png");
    assert_eq!(
        (two.width(), two.height()),
        (one.width() * 2, one.height() * 2)
    );
}

#[test]
fn the_view_exports_as_png_cropped_to_the_canvas() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_exporting_to(dir.path());
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::E);
    h.run();
    h.get_by_label("Export figure as");
    h.get_by_label("Export").click();
    h.run();
    let png = std::fs::read(dir.path().join("map-view.png")).expect("the view was written");
    let image = Pixmap::decode_png(&png).unwrap();
    let canvas = h.state().canvas_view().unwrap().rect;
    // The canvas may start at a fractional point; the crop rounds to whole pixels.
    assert!(
        (image.width() as f32 - canvas.width()).abs() <= 1.0,
        "{} vs {}",
        image.width(),
        canvas.width()
    );
    assert!((image.height() as f32 - canvas.height()).abs() <= 1.0);
    let lit = image
        .pixels()
        .iter()
        .filter(|p| p.red() > 60 || p.green() > 60 || p.blue() > 60)
        .count();
    assert!(lit > 1000, "the map is in the image ({lit} bright pixels)");
}

#[test]
fn the_view_can_be_copied_as_an_image() {
    let mut h = harness(Startup::Bundled);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::C);
    h.run();
    assert!(
        h.state().status().starts_with("Copied the view ("),
        "{}",
        h.state().status()
    );
}

/// Names the file in the open export dialog, exports, and reads the picture back.
fn export_as(
    h: &mut egui_kittest::Harness<'static, RelmapApp>,
    dir: &std::path::Path,
    name: &str,
) -> Pixmap {
    h.get_by_label("File name:").focus();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.event(egui::Event::Text(name.into()));
    h.key_press(Key::Enter);
    h.run();
    Pixmap::decode_png(&std::fs::read(dir.join(name)).unwrap()).unwrap()
}

/// The mean of each colour channel, to compare pictures of different sizes.
fn mean_colour(image: &Pixmap) -> [f64; 3] {
    let n = image.pixels().len() as f64;
    let mut sum = [0.0; 3];
    for p in image.pixels() {
        sum[0] += f64::from(p.red());
        sum[1] += f64::from(p.green());
        sum[2] += f64::from(p.blue());
    }
    sum.map(|s| s / n)
}

#[test]
fn the_view_exports_at_twice_the_resolution_drawn_again_not_scaled() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_with_gpu(app_exporting_to(dir.path()));
    h.state_mut()
        .apply(Action::Command(UiCommand::ExportViewPng));
    h.run();
    h.get_by_label("Export").click();
    h.run();
    let one = Pixmap::decode_png(&std::fs::read(dir.path().join("map-view.png")).unwrap()).unwrap();

    // Through the menu, as a user finds it: File ▸ Export ▸ View as PNG, 2× resolution…
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Export ⏵").hover();
    h.run();
    h.get_by_label("View as PNG, 2× resolution…").click();
    h.run();
    let two = export_as(&mut h, dir.path(), "view2x.png");

    let canvas = h.state().canvas_view().unwrap().rect;
    assert!((two.width() as f32 - 2.0 * canvas.width()).abs() <= 1.0);
    assert!((two.height() as f32 - 2.0 * canvas.height()).abs() <= 1.0);
    // The same picture: the same colours in the same proportions...
    let (a, b) = (mean_colour(&one), mean_colour(&two));
    for c in 0..3 {
        assert!((a[c] - b[c]).abs() < 2.0, "mean colours {a:?} vs {b:?}");
    }
    // ...but drawn, not scaled: thin lines and text stay about as thin, so the share of the
    // background in the picture is larger than in a 1× image scaled up.
    let background = two.pixels()[0];
    let share = |image: &Pixmap| {
        let same = image.pixels().iter().filter(|&&p| p == background).count();
        same as f64 / image.pixels().len() as f64
    };
    assert!(
        share(&two) > share(&one),
        "{} vs {}",
        share(&two),
        share(&one)
    );
    assert!(!h.state().is_dirty());
}

#[test]
fn without_a_wgpu_window_the_sharp_view_says_why_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_exporting_to(dir.path());
    h.state_mut()
        .apply(Action::Command(UiCommand::ExportViewPng2x));
    h.run();
    h.get_by_label("Could not draw the view at 2×");
    h.get_by_label_contains("not drawn with wgpu");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    assert!(!h.state().is_dirty());
}
