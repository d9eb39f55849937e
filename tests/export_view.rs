//! `relmap export --view WxH` draws what the window shows at fit view on a canvas of that size:
//! the same names shown or left out, hanging from the same points.
#![cfg(feature = "ui")]

mod common;

use std::process::Command;

use common::*;

/// The names in a view figure, with the point each hangs from (x, and the baseline less the
/// size: the top of the text).
fn figure_names(svg: &str) -> Vec<(String, f32, f32)> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.attribute("class") == Some("name"))
        .map(|n| {
            let x: f32 = n.attribute("x").unwrap().parse().unwrap();
            let y: f32 = n.attribute("y").unwrap().parse().unwrap();
            let size: f32 = n.attribute("font-size").unwrap().parse().unwrap();
            (n.text().unwrap().to_owned(), x, y - size)
        })
        .collect()
}

#[test]
fn a_view_figure_shows_the_names_the_window_shows_where_it_shows_them() {
    for (w, h) in [(1280.0, 800.0), (730.0, 815.0)] {
        let window = bundled_in_canvas(w, h);
        let canvas = window.state().canvas_view().unwrap().rect;
        let doc = window.state().document().clone();
        let mut shown: Vec<(String, f32, f32)> = window
            .state()
            .name_boxes()
            .into_iter()
            .map(|(i, r)| {
                // The box includes the backing: 1 point above the text's top.
                (
                    doc.entities[i].name.clone(),
                    r.center().x - canvas.min.x,
                    r.min.y + 1.0 - canvas.min.y,
                )
            })
            .collect();
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("view.svg");
        let status = Command::new(env!("CARGO_BIN_EXE_relmap"))
            .args(["export", "assets/haqqani_network.json", "-o"])
            .arg(&out)
            .args(["--view", &format!("{w}x{h}")])
            .status()
            .unwrap();
        assert!(status.success());
        let mut drawn = figure_names(&std::fs::read_to_string(&out).unwrap());
        shown.sort_by(|a, b| a.0.cmp(&b.0));
        drawn.sort_by(|a, b| a.0.cmp(&b.0));
        let names = |v: &[(String, f32, f32)]| v.iter().map(|x| x.0.clone()).collect::<Vec<_>>();
        assert_eq!(names(&drawn), names(&shown), "the same names at {w}x{h}");
        for (a, b) in drawn.iter().zip(&shown) {
            assert!(
                (a.1 - b.1).abs() < 1.5 && (a.2 - b.2).abs() < 1.5,
                "{} hangs from the same point at {w}x{h}: {a:?} and {b:?}",
                a.0
            );
        }
    }
}

#[test]
fn a_bad_view_size_is_refused_with_the_reason() {
    let out = Command::new(env!("CARGO_BIN_EXE_relmap"))
        .args([
            "export",
            "assets/haqqani_network.json",
            "-o",
            "/tmp/x.svg",
            "--view",
            "wide",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("\"wide\" is not a size such as 1280x800"),
        "{err}"
    );
}
