//! Entities' pictures in the document core and in figures: the fixtures ImageMagick and cwebp
//! drew (`tests/fixtures/pictures/make.sh`) decode; hostile ones are refused with a reason
//! before any pixels are allocated; a map keeps its pictures byte for byte; `relmap check`
//! names the pictures it cannot draw; and `relmap export` draws pictures in SVG, PNG and PDF,
//! with the kind's shape and icon for a picture that cannot be drawn.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use relmap::export::{self, FigureOptions, FigurePictures, PngSize};
use relmap::io::pictures::{self, PictureError};
use relmap::model::{Document, Entity, Picture};
use resvg::tiny_skia::Pixmap;

fn fixture(name: &str) -> PathBuf {
    Path::new("tests/fixtures/pictures").join(name)
}

fn relmap() -> Command {
    Command::cargo_bin("relmap").unwrap()
}

#[test]
fn png_jpeg_and_webp_decode_to_squares() {
    for (name, opaque) in [
        ("portrait.jpg", true),
        ("logo.png", false),
        ("landscape.webp", true),
    ] {
        let bytes = std::fs::read(fixture(name)).unwrap();
        let square = pictures::decode_square(&bytes, 64).unwrap();
        assert_eq!(square.side, 64, "{name}");
        assert_eq!(square.is_opaque(), opaque, "{name}");
    }
    // The portrait is cropped near its top: its top row is sky, not the middle's face.
    let portrait = std::fs::read(fixture("portrait.jpg")).unwrap();
    let square = pictures::decode_square(&portrait, 64).unwrap();
    let [r, g, b, _] = square.rgba[..4] else {
        unreachable!()
    };
    assert!(b > r && b > g, "sky blue at the top left, not {r},{g},{b}");
}

#[test]
fn hostile_pictures_are_refused_with_a_reason() {
    let refused = |name: &str| {
        let bytes = std::fs::read(fixture(name)).unwrap();
        match pictures::decode_square(&bytes, 64) {
            Err(PictureError::Unreadable(why)) => why,
            other => panic!("{name}: refused, not {other:?}"),
        }
    };
    assert!(refused("truncated.png").contains("cannot be decoded"));
    // Refused from its header: 60000 × 60000 would be 14 GB of pixels.
    assert!(refused("huge_header.png").contains("60000 × 60000"));
    assert!(refused("not_a_picture.png").contains("not a PNG, JPEG or WebP"));
    let missing = Picture::new("nowhere.jpg");
    assert_eq!(
        pictures::load_square(&missing, Some(Path::new("tests/fixtures/pictures")), 8),
        Err(PictureError::NotFound(fixture("nowhere.jpg")))
    );
}

#[test]
fn a_map_with_pictures_saves_byte_for_byte() {
    let mut doc = relmap::io::bundled_map().unwrap();
    doc.entities[0].picture = Some(Picture::new("photos/anas.jpg"));
    let bytes = std::fs::read(fixture("logo.png")).unwrap();
    doc.entities[1].picture = Some(Picture::embedded("image/png", &bytes));
    let text = relmap::io::to_json_string(&doc);
    assert!(text.contains(r#""picture": "photos/anas.jpg""#));
    let again = relmap::io::parse_bytes(text.as_bytes(), "map.json").unwrap();
    assert_eq!(again, doc);
    assert_eq!(relmap::io::to_json_string(&again), text);
    assert_eq!(
        again.entities[1].picture.as_ref().unwrap().embedded_bytes(),
        Some(Ok(bytes))
    );
}

/// Two entities, each with `picture` where given, side by side.
fn two_entities(pictures: [Option<&str>; 2]) -> Document {
    let mut doc = Document {
        title: "Pictures".into(),
        ..Document::default()
    };
    for (i, picture) in pictures.into_iter().enumerate() {
        doc.entities.push(Entity {
            id: relmap::model::EntityId::new(format!("e{i}")),
            name: format!("Entity {i}"),
            kind: "person".into(),
            aliases: Vec::new(),
            summary: String::new(),
            picture: picture.map(Picture::new),
            attributes: Default::default(),
            period: None,
            position: Some(relmap::model::Position::new(i as f64 * 100.0, 0.0)),
            pinned: false,
            extra: Default::default(),
        });
    }
    doc
}

fn figure(doc: &Document, folder: &Path) -> (String, FigurePictures) {
    let pictures = FigurePictures::load(doc, Some(folder));
    let positions: Vec<_> = doc
        .entities
        .iter()
        .map(|e| e.position.clone().unwrap())
        .collect();
    let decor = relmap::view::decor(doc, &relmap::view::ViewSettings::default());
    let svg = export::map_svg(
        doc,
        &positions,
        &decor,
        &FigureOptions {
            sources: false,
            pictures: Some(std::sync::Arc::new(pictures.clone())),
            ..FigureOptions::default()
        },
    );
    (svg, pictures)
}

#[test]
fn figures_embed_pictures_and_draw_the_shape_for_one_that_cannot_be() {
    let folder = Path::new("tests/fixtures/pictures");
    let doc = two_entities([Some("portrait.jpg"), Some("truncated.png")]);
    let (svg, pictures) = figure(&doc, folder);
    assert_eq!(pictures.problems.len(), 1);
    assert_eq!(pictures.problems[0].0.as_str(), "e1");
    let xml = roxmltree::Document::parse(&svg).unwrap();
    let images: Vec<_> = xml
        .descendants()
        .filter(|n| n.has_tag_name("image"))
        .collect();
    assert_eq!(images.len(), 1, "one picture drawn");
    let href = images[0].attribute("href").unwrap();
    assert!(href.starts_with("data:image/jpeg;base64,"));
    // The picture is clipped round, since a person is a circle.
    assert!(images[0].attribute("clip-path").is_some());
    // The other entity is drawn as its kind's shape; the picture's frame is not filled.
    let entities = xml
        .descendants()
        .find(|n| n.attribute("id") == Some("entities"))
        .unwrap();
    let shapes = entities
        .children()
        .filter(|n| n.has_tag_name("circle") && n.attribute("fill") != Some("none"))
        .count();
    assert_eq!(shapes, 1, "{svg}");

    // Drawn by resvg, the picture's middle shows the portrait's skin colour, not the kind's
    // blue.
    let png = export::render_png(&svg, PngSize::Scale(2.0), u64::MAX).unwrap();
    let pixmap = Pixmap::decode_png(&png).unwrap();
    let sirajuddin = images[0];
    let x: f32 = sirajuddin.attribute("x").unwrap().parse().unwrap();
    let y: f32 = sirajuddin.attribute("y").unwrap().parse().unwrap();
    let w: f32 = sirajuddin.attribute("width").unwrap().parse().unwrap();
    let (cx, cy) = (((x + w / 2.0) * 2.0) as u32, ((y + w / 2.0) * 2.0) as u32);
    let p = pixmap.pixel(cx, cy).unwrap();
    assert!(
        p.red() > 200 && p.green() > 150 && p.blue() < 160,
        "skin at the middle, not {p:?}"
    );
}

#[test]
fn check_names_the_pictures_it_cannot_draw_and_export_still_writes() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["portrait.jpg", "huge_header.png"] {
        std::fs::copy(fixture(name), dir.path().join(name)).unwrap();
    }
    let doc = two_entities([Some("portrait.jpg"), Some("huge_header.png")]);
    let map = dir.path().join("map.json");
    std::fs::write(&map, relmap::io::to_json_string(&doc)).unwrap();
    let out = relmap().arg("check").arg(&map).output().unwrap();
    assert!(out.status.success(), "a picture never fails a check");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("entity \"e1\": its picture is not drawn (the picture is 60000 × 60000"),
        "{stdout}"
    );
    assert!(!stdout.contains("\"e0\""), "{stdout}");

    let svg = dir.path().join("map.svg");
    let out = relmap()
        .args(["export", "-o"])
        .arg(&svg)
        .arg(&map)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("entity \"e1\""));
    assert_eq!(
        std::fs::read_to_string(&svg)
            .unwrap()
            .matches("<image ")
            .count(),
        1
    );
}
