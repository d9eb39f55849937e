//! Figures: SVG that parses and names every visible entity, PNG of the asked size that is not
//! blank, the same bytes for the same input, a reference image, and the `relmap export` CLI.

use assert_cmd::Command;
use relmap::export::{self, FigureOptions, PngSize};
use relmap::io;
use relmap::query::Perspective;
use relmap::view::{self, Decor, ViewSettings};
use resvg::tiny_skia::Pixmap;

fn bundled_svg(settings: &ViewSettings) -> (relmap::model::Document, String, Decor) {
    let doc = io::bundled_map().unwrap();
    let decor = view::decor(&doc, settings);
    let positions = export::positions(&doc, 1000, relmap::layout::DEFAULT_SEED);
    let svg = export::map_svg(&doc, &positions, &decor, &FigureOptions::default());
    (doc, svg, decor)
}

fn texts(svg: &str) -> Vec<String> {
    let xml = roxmltree::Document::parse(svg).expect("the SVG is well-formed XML");
    xml.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text().map(str::to_owned))
        .collect()
}

#[test]
fn the_svg_is_well_formed_and_names_every_entity_with_legend_and_sources() {
    let (doc, svg, _) = bundled_svg(&ViewSettings::default());
    let texts = texts(&svg);
    for e in &doc.entities {
        assert!(texts.contains(&e.name), "{} is missing", e.name);
    }
    assert!(texts.iter().any(|t| t == "Legend"));
    assert!(texts.iter().any(|t| t == "contested: its claims disagree"));
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("[1] Haqqani leader says 'we are the Taliban,'"))
    );
    assert!(
        svg.contains(r#"stroke-dasharray="7 4""#),
        "contested relations are dashed"
    );
}

#[test]
fn a_lens_view_keeps_names_only_for_what_it_speaks_of() {
    let settings = ViewSettings {
        lens: Some(Perspective::Claimant(relmap::model::EntityId::new(
            "us-state-department",
        ))),
        ..ViewSettings::default()
    };
    let (_, svg, _) = bundled_svg(&settings);
    let texts = texts(&svg);
    assert!(texts.contains(&"Taliban".to_string()));
    assert!(
        !texts.contains(&"Kevin King".to_string()),
        "dimmed entities carry no label"
    );
    assert!(texts.contains(&"the lens denies it (struck)".to_string()));
}

#[test]
fn hidden_entities_are_left_out_of_the_figure() {
    let mut filter = relmap::query::Filter::default();
    filter.hidden_entity_kinds.insert("place".into());
    let (_, svg, _) = bundled_svg(&ViewSettings {
        filter,
        ..ViewSettings::default()
    });
    let texts = texts(&svg);
    assert!(!texts.contains(&"Kabul".to_string()));
    assert!(texts.contains(&"Anas Haqqani".to_string()));
}

#[test]
fn png_export_has_the_requested_size_and_is_not_blank() {
    let (_, svg, _) = bundled_svg(&ViewSettings::default());
    for (size, expect) in [
        (PngSize::Exact(800, 600), Some((800, 600))),
        (PngSize::Width(640), None),
        (PngSize::Scale(0.5), None),
    ] {
        let png = export::render_png(&svg, size, export::DEFAULT_MAX_PIXELS).unwrap();
        let pixmap = Pixmap::decode_png(&png).unwrap();
        if let Some((w, h)) = expect {
            assert_eq!((pixmap.width(), pixmap.height()), (w, h));
        }
        if let PngSize::Width(w) = size {
            assert_eq!(pixmap.width(), w);
        }
        let non_white = pixmap
            .pixels()
            .iter()
            .filter(|p| p.red() < 200 || p.blue() < 200)
            .count();
        assert!(
            non_white > pixmap.pixels().len() / 100,
            "the image is nearly blank"
        );
    }
    assert!(matches!(
        export::render_png(
            &svg,
            PngSize::Exact(100_000, 10),
            export::DEFAULT_MAX_PIXELS
        ),
        Err(export::ExportError::TooLarge { .. })
    ));
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let (_, a, _) = bundled_svg(&ViewSettings::default());
    let (_, b, _) = bundled_svg(&ViewSettings::default());
    assert_eq!(a, b);
    assert_eq!(
        export::render_png(&a, PngSize::Scale(1.0), export::DEFAULT_MAX_PIXELS).unwrap(),
        export::render_png(&b, PngSize::Scale(1.0), export::DEFAULT_MAX_PIXELS).unwrap()
    );
}

/// The exported PNG of the bundled map against a reference rendered on the same software
/// path. Regenerate with UPDATE_SNAPSHOTS=1.
#[test]
fn the_exported_png_of_the_bundled_map_matches_its_reference() {
    let (_, svg, _) = bundled_svg(&ViewSettings::default());
    let png = export::render_png(&svg, PngSize::Scale(1.0), export::DEFAULT_MAX_PIXELS).unwrap();
    let reference = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/snapshots/export_bundled_map.png"
    );
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(reference, &png).unwrap();
    }
    let want = Pixmap::decode_png(&std::fs::read(reference).expect("the reference image")).unwrap();
    let got = Pixmap::decode_png(&png).unwrap();
    assert_eq!((got.width(), got.height()), (want.width(), want.height()));
    let differing = got
        .pixels()
        .iter()
        .zip(want.pixels())
        .filter(|(a, b)| {
            let d = |x: u8, y: u8| x.abs_diff(y) > 8;
            d(a.red(), b.red()) || d(a.green(), b.green()) || d(a.blue(), b.blue())
        })
        .count();
    assert!(
        differing <= 50,
        "{differing} pixels differ from the reference"
    );
}

fn relmap() -> Command {
    Command::cargo_bin("relmap").unwrap()
}

#[test]
fn the_cli_exports_png_and_svg_the_same_way_twice() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("map.png");
    let svg = dir.path().join("map.svg");
    for out in [&png, &svg] {
        relmap()
            .args(["export", "assets/haqqani_network.json", "-o"])
            .arg(out)
            .assert()
            .success();
    }
    let first = std::fs::read(&png).unwrap();
    relmap()
        .args(["export", "assets/haqqani_network.json", "-o"])
        .arg(&png)
        .assert()
        .success();
    assert_eq!(std::fs::read(&png).unwrap(), first, "byte-identical");
    assert!(std::fs::read_to_string(&svg).unwrap().starts_with("<svg "));

    relmap()
        .args([
            "export",
            "assets/haqqani_network.json",
            "--width",
            "500",
            "--height",
            "400",
            "--lens",
            "US State Department",
            "-o",
        ])
        .arg(&png)
        .assert()
        .success();
    let pixmap = Pixmap::decode_png(&std::fs::read(&png).unwrap()).unwrap();
    assert_eq!((pixmap.width(), pixmap.height()), (500, 400));
}

#[test]
fn the_cli_reports_each_error_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.png");
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{ nope").unwrap();

    let run = |args: &[&str]| {
        let assert = relmap().args(args).assert().failure();
        String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
    };
    let out_s = out.to_str().unwrap();
    let err = run(&["export", bad.to_str().unwrap(), "-o", out_s]);
    assert!(err.contains("bad.json:1:3: not valid JSON"), "{err}");
    let err = run(&[
        "export",
        "assets/haqqani_network.json",
        "-o",
        out_s,
        "--lens",
        "Nobody",
    ]);
    assert!(err.contains("unknown lens \"Nobody\""), "{err}");
    assert!(
        err.contains("us-state-department"),
        "it lists the claimants: {err}"
    );
    let err = run(&[
        "export",
        "assets/haqqani_network.json",
        "-o",
        "/nonexistent/dir/out.png",
    ]);
    assert!(
        err.contains("cannot export /nonexistent/dir/out.png"),
        "{err}"
    );
    let err = run(&["export", "assets/haqqani_network.json", "-o", "figure.gif"]);
    assert!(
        err.contains("\"figure.gif\" must end in .png, .svg or .pdf"),
        "{err}"
    );
    let err = run(&[
        "export",
        "assets/haqqani_network.json",
        "-o",
        out_s,
        "--width",
        "99999",
    ]);
    assert!(err.contains("too large"), "{err}");
    assert!(!out.exists(), "nothing was written");
}

#[test]
fn claims_can_be_numbered_on_the_map_and_listed_under_it() {
    let doc = io::bundled_map().unwrap();
    let decor = view::decor(&doc, &ViewSettings::default());
    let positions = export::positions(&doc, 1000, relmap::layout::DEFAULT_SEED);
    let svg = export::map_svg(
        &doc,
        &positions,
        &decor,
        &FigureOptions {
            claims: true,
            ..FigureOptions::default()
        },
    );
    let texts = texts(&svg);
    let listed: Vec<&String> = texts
        .iter()
        .filter(|t| t.starts_with('C') && t.contains(". "))
        .collect();
    assert_eq!(listed.len(), 88, "every claim is listed once");
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("C1. ") && t.ends_with("[1]")),
        "each claim names its source's number in the Sources list"
    );
    assert!(texts.contains(&"Claims".to_owned()));
    let xml = roxmltree::Document::parse(&svg).unwrap();
    let numbers = xml
        .descendants()
        .filter(|n| n.attribute("class") == Some("claim-number"))
        .count();
    assert_eq!(
        numbers,
        doc.relations.len(),
        "every relation has claims, each numbered"
    );
    // The figure is tall enough for its footnote: the last line is inside it.
    let height: f32 = xml
        .root_element()
        .attribute("height")
        .unwrap()
        .parse()
        .unwrap();
    let last_y = xml
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.attribute("y")?.parse::<f32>().ok())
        .fold(0.0f32, f32::max);
    assert!(last_y <= height, "{last_y} within {height}");
    assert!(export::render_png(&svg, PngSize::Scale(0.5), export::DEFAULT_MAX_PIXELS).is_ok());
}

/// `relmap export --style-view` draws the view's filters: its hidden kinds are not drawn.
#[test]
fn a_view_export_leaves_out_what_the_view_filters() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = relmap::io::bundled_map().unwrap();
    doc.styles.views[1].filter.hide_kinds = vec!["place".into()];
    let map = dir.path().join("map.json");
    std::fs::write(&map, relmap::io::to_json_string(&doc)).unwrap();
    let names = |view: &str| {
        let svg = dir.path().join("out.svg");
        assert_cmd::Command::cargo_bin("relmap")
            .unwrap()
            .arg("export")
            .arg(&map)
            .args(["--style-view", view, "-o"])
            .arg(&svg)
            .assert()
            .success();
        std::fs::read_to_string(&svg).unwrap()
    };
    // Every entity of the bundled map is drawn with its kind's icon: count them.
    let drawn = |view: &str| {
        let svg = names(view);
        let start = svg.find(r#"<g id="entities">"#).unwrap();
        let end = start + svg[start..].find("</g>\n<g id=\"legend\"").unwrap();
        svg[start..end].matches(r#"class="icon""#).count()
    };
    let places = doc.entities.iter().filter(|e| e.kind == "place").count();
    assert_eq!(
        drawn("Who says the Haqqanis are the Taliban"),
        doc.entities.len()
    );
    assert_eq!(drawn("What State says"), doc.entities.len() - places);

    // A view whose lens names nobody is drawn without it, and `check` says so.
    doc.styles.views[0].lens = Some("nobody".into());
    std::fs::write(&map, relmap::io::to_json_string(&doc)).unwrap();
    let out = assert_cmd::Command::cargo_bin("relmap")
        .unwrap()
        .arg("check")
        .arg(&map)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains(
        "view \"Who says the Haqqanis are the Taliban\": its lens \"nobody\" is not in the map"
    ));
}

/// Whether any line in the figure's relations is drawn with less than all its colour.
fn faded_lines(svg: &str) -> usize {
    let xml = roxmltree::Document::parse(svg).expect("the SVG is well-formed XML");
    let Some(group) = xml
        .descendants()
        .find(|n| n.attribute("id") == Some("relations"))
    else {
        return 0;
    };
    group
        .descendants()
        .filter(|n| n.attribute("opacity").is_some())
        .count()
}

/// Thousands of lines on one figure fade (as Gephi's and sfdp's figures of large graphs do),
/// so that where they crowd stays dark and the gaps between groups show; the bundled map's
/// lines keep all their colour.
#[test]
fn crowded_lines_fade_in_the_figure_and_the_bundled_maps_do_not() {
    let (bundled, svg, _) = bundled_svg(&ViewSettings::default());
    assert_eq!(faded_lines(&svg), 0, "the bundled map's lines faded");
    let plain = bundled
        .relations
        .iter()
        .find(|r| !r.is_contested())
        .expect("a plain relation")
        .clone();
    let mut doc = relmap::model::Document::default();
    let n = 150;
    for i in 0..n {
        let mut e = bundled.entities[0].clone();
        e.id = relmap::model::EntityId::new(format!("e{i}"));
        e.name = format!("Entity {i}");
        e.position = None;
        doc.entities.push(e);
    }
    let mut k = 0;
    for i in 0..n {
        for j in (i + 1)..n {
            if (i * 7 + j * 13) % 2 == 0 {
                let mut r = plain.clone();
                r.id = relmap::model::RelationId::new(format!("r{k}"));
                r.from = relmap::model::EntityId::new(format!("e{i}"));
                r.to = relmap::model::EntityId::new(format!("e{j}"));
                doc.relations.push(r);
                k += 1;
            }
        }
    }
    let decor = view::decor(&doc, &ViewSettings::default());
    let positions = export::positions(&doc, 300, relmap::layout::DEFAULT_SEED);
    let svg = export::map_svg(&doc, &positions, &decor, &FigureOptions::default());
    assert!(
        faded_lines(&svg) > doc.relations.len() / 2,
        "{} relations, {} faded",
        doc.relations.len(),
        faded_lines(&svg)
    );
}
