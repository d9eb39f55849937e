//! The canvas and the SVG export are two painters of one look (`relmap::look`). This test
//! paints the bundled map both ways, as the user sees it in the window and as File > Export
//! writes it, and checks that they agree on where each entity is, its shape, colour and
//! outline and its kind's icon or its picture, its rules' rings and badges, which names show,
//! where and in what ink, and each relation's line: its ends, colour and width. It does so in both themes: the dark window against a dark figure, the light
//! window against a light (print) figure.

#![cfg(feature = "ui")]

mod common;

use egui::epaint::{ClippedShape, Shape};
use egui::{Color32, Pos2, pos2};
use relmap::export::{self, FigureOptions};
use relmap::look::Theme;
use relmap::ui::paint::WindowTheme;
use relmap::ui::{RelmapApp, Settings, Startup};

/// Every shape of the last frame, with nested lists flattened.
fn flat(shapes: &[ClippedShape]) -> Vec<Shape> {
    fn walk(s: &Shape, out: &mut Vec<Shape>) {
        match s {
            Shape::Vec(v) => v.iter().for_each(|s| walk(s, out)),
            other => out.push(other.clone()),
        }
    }
    let mut out = Vec::new();
    for c in shapes {
        walk(&c.shape, &mut out);
    }
    out
}

fn color(hex: &str) -> Color32 {
    let v = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap();
    Color32::from_rgb((v >> 16) as u8, (v >> 8) as u8, v as u8)
}

fn points(attr: &str) -> Vec<Pos2> {
    attr.split_whitespace()
        .map(|p| {
            let (x, y) = p.split_once(',').unwrap();
            pos2(x.parse().unwrap(), y.parse().unwrap())
        })
        .collect()
}

fn near(a: Pos2, b: Pos2, tolerance: f32) -> bool {
    (a - b).length() <= tolerance
}

#[test]
fn the_canvas_and_the_svg_export_paint_the_same_map() {
    paint_the_same_map(WindowTheme::Dark, Theme::Dark, "[]");
}

#[test]
fn in_the_light_theme_too() {
    paint_the_same_map(WindowTheme::Light, Theme::Light, "[]");
}

/// Rules that set a fill by value, a size along a range, a ring, an icon, a shape and an
/// opacity, drawn the same by both.
#[test]
fn with_the_maps_rules_too() {
    paint_the_same_map(
        WindowTheme::Dark,
        Theme::Dark,
        r##"[
          {"attribute": "nationality", "set": "color"},
          {"measure": "degree", "set": "size", "from": 1, "to": 1.8},
          {"measure": "contested", "equals": true, "set": "border", "to": "#e15759"},
          {"measure": "degree", "at_least": 8, "set": "icon", "to": "crown"},
          {"measure": "kind", "equals": "media", "set": "shape", "to": "hexagon"},
          {"attribute": "status", "equals": "deceased", "set": "opacity", "to": 0.4}
        ]"##,
    );
}

/// Pictures on five entities, round and square, and badges (an icon, and a count) from rules.
#[test]
fn with_pictures_and_badges() {
    paint_map(
        WindowTheme::Light,
        Theme::Light,
        r##"[
          {"measure": "disputes", "at_least": 1, "set": "badge", "to": "count"},
          {"measure": "kind", "equals": "person", "set": "badge", "to": "user"},
          {"measure": "degree", "set": "size", "from": 1.25, "to": 1.6}
        ]"##,
        |doc| {
            let bytes = std::fs::read("tests/fixtures/pictures/portrait.jpg").unwrap();
            let portrait = relmap::model::Picture::embedded("image/jpeg", &bytes);
            for e in doc.entities.iter_mut().take(5) {
                e.picture = Some(portrait.clone());
            }
        },
    );
}

/// The bundled map, with `rules` (JSON), in the window in `window`'s theme and in a figure of
/// `figure`'s.
fn paint_the_same_map(window: WindowTheme, figure: Theme, rules: &str) {
    paint_map(window, figure, rules, |_| {});
}

/// [`paint_the_same_map`], with the map changed by `prepare` first.
fn paint_map(
    window: WindowTheme,
    figure: Theme,
    rules: &str,
    prepare: impl Fn(&mut relmap::model::Document),
) {
    let mut bundled = relmap::io::bundled_map().unwrap();
    bundled.styles.rules = serde_json::from_str(rules).unwrap();
    prepare(&mut bundled);
    let h = common::harness_of(RelmapApp::with_settings(
        Startup::File {
            path: "rules.json".into(),
            doc: Box::new(bundled),
        },
        Settings {
            theme: window,
            ..Settings::default()
        },
    ));
    let mut h = h;
    // Pictures decode on workers: frames until they are drawn.
    for _ in 0..300 {
        h.run();
        if relmap::ui::pictures::loading(&h.ctx) == 0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    h.run();
    let app = h.state();
    let doc = app.document().clone();
    let view = app.canvas_view().expect("the canvas was drawn");
    let positions: Vec<_> = doc
        .entities
        .iter()
        .map(|e| {
            e.position
                .clone()
                .expect("the settled layout placed everyone")
        })
        .collect();
    let decor = relmap::view::decor(&doc, &relmap::view::ViewSettings::default());
    let svg = export::map_svg(
        &doc,
        &positions,
        &decor,
        &FigureOptions {
            sources: false,
            captions: false,
            claims: false,
            theme: figure,
            style_view: None,
            pictures: Some(std::sync::Arc::new(export::FigurePictures::load(
                &doc, None,
            ))),
            notes: true,
        },
    );
    let xml = roxmltree::Document::parse(&svg).unwrap();
    let group = |id: &str| {
        xml.descendants()
            .find(|n| n.attribute("id") == Some(id))
            .unwrap()
    };
    let shapes = flat(&h.output().shapes);

    // The figure is the map shifted by a margin: find the shift from the first entity, and
    // check it against every other.
    let entities: Vec<_> = group("entities")
        .children()
        .filter(|n| matches!(n.tag_name().name(), "circle" | "polygon"))
        .filter(|n| n.attribute("class") != Some("border"))
        .collect();
    assert_eq!(entities.len(), doc.entities.len(), "one shape per entity");
    // Where an entity's shape is centred: a circle's centre, or the centre its outline was
    // made around (outlines are not symmetric: a triangle's points are further up than down).
    let centre = |n: &roxmltree::Node, i: usize| match n.tag_name().name() {
        "circle" => pos2(
            n.attribute("cx").unwrap().parse().unwrap(),
            n.attribute("cy").unwrap().parse().unwrap(),
        ),
        _ => {
            let pts = points(n.attribute("points").unwrap());
            let d = decor.nodes[i];
            let st = relmap::look::styled(
                relmap::look::entity_style(&doc.styles, &doc.entities[i].kind),
                &d,
            );
            let r = relmap::look::NODE_RADIUS * d.scale;
            let outline = relmap::look::outline(st.shape, 0.0, 0.0, r).expect("a polygon shape");
            pos2(pts[0].x - outline[0][0], pts[0].y - outline[0][1])
        }
    };
    let map_at = |i: usize| {
        let [x, y] = positions[i].to_f32();
        pos2(x, y)
    };
    let shift = centre(&entities[0], 0) - map_at(0);
    // A figure point on the screen, through the canvas's transform.
    let to_screen = |p: Pos2| view.to_screen(p - shift);
    let on_screen = view.rect.shrink(30.0);

    let (mut compared, mut icons, mut pictures) = (0, 0, 0);
    for (i, node) in entities.iter().enumerate() {
        let c = centre(node, i);
        assert!(
            near(c - shift, map_at(i), 0.15),
            "{} is where the map has it",
            doc.entities[i].name
        );
        let screen = to_screen(c);
        if !on_screen.contains(screen) {
            continue;
        }
        // A picture: a textured disc where the figure clips its image round, framed in the
        // entity's colour.
        if node.attribute("fill") == Some("none") {
            let r: f32 = node.attribute("r").unwrap().parse().unwrap();
            let frame = color(node.attribute("stroke").unwrap());
            let disc = shapes.iter().any(|s| match s {
                Shape::Mesh(m) if m.texture_id != egui::TextureId::default() => {
                    m.vertices.len() > 16
                        && m.vertices.first().is_some_and(|v| near(v.pos, screen, 0.5))
                }
                _ => false,
            });
            let framed = shapes.iter().any(|s| match s {
                Shape::Circle(circle) => {
                    circle.stroke.color == frame
                        && near(circle.center, screen, 0.5)
                        && (circle.radius - r * view.zoom).abs() < 1.0
                }
                _ => false,
            });
            assert!(
                disc && framed,
                "the canvas draws {}'s picture",
                doc.entities[i].name
            );
            pictures += 1;
            compared += 1;
            continue;
        }
        // A faded entity is drawn at its opacity on paper, in its colour faded so on screen.
        let fill = match node.attribute("opacity") {
            Some(o) => color(node.attribute("fill").unwrap()).gamma_multiply(o.parse().unwrap()),
            None => color(node.attribute("fill").unwrap()),
        };
        // Outlined in the paper's colour, in the window as on paper.
        let outline = color(node.attribute("stroke").unwrap());
        let found = shapes.iter().any(|s| match (s, node.tag_name().name()) {
            (Shape::Circle(circle), "circle") => {
                let r: f32 = node.attribute("r").unwrap().parse().unwrap();
                circle.fill == fill
                    && near(circle.center, screen, 0.5)
                    && (circle.radius - r * view.zoom).abs() < 0.2
            }
            (Shape::Path(path), "polygon") => {
                let want: Vec<Pos2> = points(node.attribute("points").unwrap())
                    .into_iter()
                    .map(to_screen)
                    .collect();
                path.fill == fill
                    && path.points.len() == want.len()
                    && path
                        .points
                        .iter()
                        .zip(&want)
                        .all(|(a, b)| near(*a, *b, 0.5))
            }
            _ => false,
        });
        assert!(
            found,
            "the canvas draws {} as the figure does ({fill:?} at {screen:?})",
            doc.entities[i].name
        );
        // The canvas outlines a circle with a second circle, a polygon with its own stroke.
        let outlined = shapes.iter().any(|s| match s {
            Shape::Circle(circle) => {
                circle.stroke.color == outline && near(circle.center, screen, 0.5)
            }
            Shape::Path(path) => {
                path.stroke.color == egui::epaint::ColorMode::Solid(outline)
                    && path
                        .points
                        .first()
                        .is_some_and(|p| (*p - screen).length() < 40.0)
            }
            _ => false,
        });
        assert!(
            outlined,
            "the canvas outlines {} in the figure's paper, {outline:?}",
            doc.entities[i].name
        );
        // Its kind's icon: the figure's strokes and the canvas's image, one size, one place.
        if let Some(g) = node
            .next_sibling_element()
            .filter(|n| n.attribute("class") == Some("icon"))
        {
            let t = g.attribute("transform").unwrap();
            let nums: Vec<f32> = t
                .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
                .filter(|v| !v.is_empty())
                .map(|v| v.parse().unwrap())
                .collect();
            let size = 24.0 * nums[2];
            let want = to_screen(pos2(nums[0] + size / 2.0, nums[1] + size / 2.0));
            let drawn = shapes.iter().any(|s| match s {
                Shape::Mesh(m) if m.texture_id != egui::TextureId::default() => {
                    let r = m.calc_bounds();
                    near(r.center(), want, 0.6) && (r.width() - size * view.zoom).abs() < 0.3
                }
                _ => false,
            });
            assert!(
                drawn,
                "the canvas draws {}'s icon as the figure does",
                doc.entities[i].name
            );
            icons += 1;
        }
        compared += 1;
    }
    assert!(compared > 25, "most of the map is in view ({compared})");
    // A rule's ring: the same colour round the same place (its gap is in points on screen, as
    // the path's ring's is, so at this zoom it may differ by a point).
    let mut rings = 0;
    for ring in group("entities")
        .children()
        .filter(|n| n.attribute("class") == Some("border"))
    {
        let at = |k: &str| -> f32 { ring.attribute(k).unwrap().parse().unwrap() };
        let screen = to_screen(pos2(at("cx"), at("cy")));
        if !on_screen.contains(screen) {
            continue;
        }
        let ink = color(ring.attribute("stroke").unwrap());
        let drawn = shapes.iter().any(|s| match s {
            Shape::Circle(c) => {
                c.stroke.color == ink
                    && near(c.center, screen, 0.5)
                    && (c.radius - at("r") * view.zoom).abs() < 1.5
            }
            _ => false,
        });
        assert!(
            drawn,
            "the canvas rings the entity at {screen:?} in {ink:?}"
        );
        rings += 1;
    }
    if rules.contains("border") {
        assert!(rings > 0, "the rules' rings were compared");
    }
    assert_eq!(
        pictures,
        doc.entities
            .iter()
            .enumerate()
            .filter(
                |(i, e)| e.picture.is_some() && on_screen.contains(to_screen(map_at(*i) + shift))
            )
            .count(),
        "every picture in view was compared"
    );
    // Badges: the same ink, in the same place, of the same size.
    let mut badges = 0;
    for rect in group("entities")
        .children()
        .filter(|n| n.attribute("class") == Some("badge"))
    {
        let at = |k: &str| -> f32 { rect.attribute(k).unwrap().parse().unwrap() };
        let centre = pos2(at("x") + at("width") / 2.0, at("y") + at("height") / 2.0);
        let screen = to_screen(centre);
        // Zoomed out, the canvas leaves out badges too small to read.
        if !on_screen.contains(screen)
            || at("height") / 2.0 * view.zoom < relmap::look::badges::MIN_RADIUS
        {
            continue;
        }
        let fill = color(rect.attribute("fill").unwrap());
        let drawn = shapes.iter().any(|s| match s {
            Shape::Rect(r) => {
                r.fill == fill
                    && near(r.rect.center(), screen, 0.6)
                    && (r.rect.height() - at("height") * view.zoom).abs() < 0.3
            }
            _ => false,
        });
        assert!(
            drawn,
            "the canvas draws the badge at {screen:?} in {fill:?}"
        );
        badges += 1;
    }
    if rules.contains("badge") {
        assert!(badges > 10, "the rules' badges were compared ({badges})");
    }
    assert!(
        icons > 25,
        "the bundled map's kinds have icons ({icons} compared)"
    );

    // Names: the same texts, hanging from the same points.
    let (mut names, mut moved) = (0, 0);
    for text in group("entities")
        .children()
        .filter(|n| n.attribute("class") == Some("name"))
    {
        let name = text.text().unwrap();
        let x: f32 = text.attribute("x").unwrap().parse().unwrap();
        let baseline: f32 = text.attribute("y").unwrap().parse().unwrap();
        let anchor = to_screen(pos2(x, baseline - relmap::look::LABEL_SIZE));
        if !on_screen.contains(anchor) {
            continue;
        }
        let drawn = shapes.iter().find_map(|s| match s {
            Shape::Text(t) if t.galley.text() == name => Some(t),
            _ => None,
        });
        // The label grid may leave a name out where it has no room at this zoom (a figure
        // drawn `--view` leaves out the same ones: tests/export_view.rs).
        let placed = app
            .name_boxes()
            .into_iter()
            .find(|&(i, _)| doc.entities[i].name == name);
        let shown_by_grid = placed.is_some();
        let Some(drawn) = drawn else {
            assert!(
                !shown_by_grid,
                "the canvas draws the name {name:?} it placed"
            );
            continue;
        };
        assert!(shown_by_grid, "{name:?} is drawn only if placed");
        assert_eq!(
            drawn.galley.job.sections[0].format.color,
            color(text.attribute("fill").unwrap()),
            "{name:?} is written in the figure's ink"
        );
        // A name the grid moved above or beside its entity (its usual place was taken or
        // crossed) is where its box says; figures keep every name under its entity.
        let (i, placed_box) = placed.unwrap();
        let centre = app.entity_shapes()[i].unwrap().0;
        if placed_box.min.y < centre.y {
            let top = drawn.pos + egui::vec2(drawn.galley.size().x / 2.0, 0.0);
            assert!(
                near(
                    top,
                    egui::pos2(placed_box.center().x, placed_box.min.y + 1.0),
                    0.6
                ),
                "{name:?} is drawn in the box placed for it"
            );
            moved += 1;
            continue;
        }
        let top_middle = drawn.pos + egui::vec2(drawn.galley.size().x / 2.0, 0.0);
        // The 2-point gap under a shape stays 2 points on the canvas at every zoom; in a figure
        // it is in map units and scales with it.
        let anchor = anchor + egui::vec2(0.0, 2.0 * (1.0 - view.zoom));
        assert!(
            near(top_middle, anchor, 0.3),
            "{name:?} hangs from the same point: {top_middle:?} and {anchor:?}"
        );
        names += 1;
    }
    assert!(
        names > 20,
        "most names are compared ({names}; {moved} moved)"
    );

    // Relations: plain lines have the same ends, colour and width.
    let (mut lines, mut bent_lines) = (0, 0);
    for path in group("relations")
        .children()
        .filter(|n| n.has_tag_name("path"))
    {
        let d = path.attribute("d").unwrap();
        if path.attribute("stroke-dasharray").is_some() || !d.contains(" L") || d.contains('Q') {
            continue;
        }
        let nums: Vec<f32> = d
            .split(|c: char| c == 'M' || c == 'L' || c.is_whitespace())
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().unwrap())
            .collect();
        let (a, b) = (
            to_screen(pos2(nums[0], nums[1])),
            to_screen(pos2(nums[2], nums[3])),
        );
        if !on_screen.contains(a) || !on_screen.contains(b) {
            continue;
        }
        let stroke = color(path.attribute("stroke").unwrap());
        let width: f32 = path.attribute("stroke-width").unwrap().parse().unwrap();
        let found = shapes.iter().any(|s| match s {
            Shape::LineSegment {
                points: [p, q],
                stroke: st,
            } => {
                st.color == stroke
                    && (st.width - width).abs() < 1e-3
                    && near(*p, a, 0.5)
                    && near(*q, b, 0.5)
            }
            _ => false,
        });
        // The canvas bends a line that would run through a name it shows (its label grid
        // places names as the figure does not): a curve between the same two shapes.
        let largest = decor.nodes.iter().map(|d| d.scale).fold(1.0, f32::max);
        let reach = relmap::look::NODE_RADIUS * largest * view.zoom + 0.5;
        let bent = !found
            && shapes.iter().any(|s| match s {
                Shape::QuadraticBezier(q) => {
                    near(q.points[0], a, reach)
                        && near(q.points[2], b, reach)
                        && (q.stroke.width - width).abs() < 1e-3
                }
                _ => false,
            });
        assert!(
            found || bent,
            "the canvas draws the line {d} in {stroke:?}, {width} wide"
        );
        lines += 1;
        bent_lines += usize::from(bent);
    }
    assert!(lines > 20, "most straight relations are compared ({lines})");
    assert!(
        bent_lines * 4 < lines,
        "few lines bend round names ({bent_lines} of {lines})"
    );

    // Contested relations: dashed in the contested colour in both.
    let contested = color(&relmap::look::marks::hex(relmap::look::CONTESTED));
    assert!(
        group("relations")
            .children()
            .any(|n| n.attribute("stroke-dasharray").is_some()
                && n.attribute("stroke").map(color) == Some(contested))
    );
    assert!(shapes.iter().any(|s| matches!(s,
        Shape::LineSegment { stroke, .. } if stroke.color == contested)));
}
