//! The ways a fault audit found to lose or damage a map, each as a test: a saved file that
//! would not load again, promises of docs/FORMAT.md not kept, broken exports, hostile but
//! ordinary input. docs/RELIABILITY.md lists which test holds which promise.

use relmap::export::{self, FigureOptions, PngSize};
use relmap::io;
use relmap::model::{Document, Position, limits};
use relmap::view::{self, ViewSettings};

fn parse(text: &str) -> Result<Document, io::LoadError> {
    io::parse_bytes(text.as_bytes(), "map.json")
}

fn map_with_entities(entities: &str, relations: &str) -> String {
    format!(
        r#"{{"format": "relmap", "version": 1, "title": "t", "entities": [{entities}], "relations": [{relations}]}}"#
    )
}

/// The figure of `doc`, as `relmap export` draws it.
fn svg_of(doc: &Document, steps: usize) -> String {
    let positions = export::positions(doc, steps, 1);
    export::map_svg(
        doc,
        &positions,
        &view::decor(doc, &ViewSettings::default()),
        &FigureOptions::default(),
    )
}

/// Save as the window does: the text written, read back.
fn save_and_reopen(doc: &Document) -> Document {
    let text = io::to_json_string(doc);
    parse(&text).unwrap_or_else(|e| panic!("a saved map must load again: {e}\n{text}"))
}

#[test]
fn a_far_flung_position_is_refused_at_load_with_the_entity_named() {
    let text = map_with_entities(
        r#"{"id": "a", "name": "A", "kind": "person", "position": {"x": 1e30, "y": 0}, "pinned": true},
           {"id": "b", "name": "B", "kind": "person"}"#,
        r#"{"id": "r", "from": "a", "to": "b", "kind": "knows"}"#,
    );
    let err = parse(&text).unwrap_err().to_string();
    assert!(err.contains("entity \"a\": the position"), "{err}");
    assert!(err.contains("within ±1e9"), "{err}");
}

#[test]
fn a_map_pinned_at_the_coordinate_limit_lays_out_saves_and_reopens() {
    let text = map_with_entities(
        &format!(
            r#"{{"id": "a", "name": "A", "kind": "person", "position": {{"x": {m}, "y": -{m}}}, "pinned": true}},
               {{"id": "b", "name": "B", "kind": "person"}},
               {{"id": "c", "name": "C", "kind": "person", "position": {{"x": 0, "y": 0}}}}"#,
            m = limits::MAX_COORDINATE
        ),
        r#"{"id": "r", "from": "a", "to": "b", "kind": "knows"},
           {"id": "s", "from": "b", "to": "c", "kind": "knows"}"#,
    );
    let mut doc = parse(&text).unwrap();
    let laid_out = export::positions(&doc, 300, 7);
    assert!(
        laid_out.iter().all(Position::is_within_limits),
        "{laid_out:?}"
    );
    doc.set_layout_positions(&laid_out);
    assert!(doc.entities.iter().all(|e| e.position.is_some()));
    assert_eq!(save_and_reopen(&doc), doc);
    let svg = svg_of(&doc, 0);
    assert!(
        !svg.contains("inf") && !svg.contains("NaN"),
        "finite figure"
    );
    roxmltree::Document::parse(&svg).expect("well-formed SVG");
}

#[test]
fn a_position_that_cannot_be_read_back_is_never_written() {
    let mut doc = io::bundled_map().unwrap();
    doc.entities[0].position = Some(Position::new(f64::NAN, 1.0));
    doc.entities[1].position = Some(Position::new(f64::INFINITY, 1.0));
    doc.entities[2].position = Some(Position::new(1e300, 1.0));
    let text = io::to_json_string(&doc);
    assert!(!text.contains("null"), "{text}");
    let again = parse(&text).unwrap();
    for i in 0..3 {
        assert_eq!(again.entities[i].position, None, "laid out again instead");
    }
}

#[test]
fn the_layout_never_stores_a_position_outside_the_limits() {
    let mut doc = io::bundled_map().unwrap();
    let before = doc.entities[0].position.clone();
    let mut positions: Vec<Position> = doc
        .entities
        .iter()
        .map(|e| e.position.clone().unwrap_or(Position::new(0.0, 0.0)))
        .collect();
    positions[0] = Position::new(f64::NAN, 0.0);
    doc.set_layout_positions(&positions);
    assert_eq!(doc.entities[0].position, before);
}

#[test]
fn unknown_top_level_fields_keep_their_order_so_a_save_is_byte_identical() {
    let text = r#"{
  "format": "relmap",
  "version": 1,
  "title": "t",
  "sources": [],
  "entities": [],
  "relations": [],
  "zeta": 1,
  "alpha": 2,
  "mid": {
    "b": 1,
    "a": 2
  },
  "beta": 3
}
"#;
    let doc = parse(text).unwrap();
    assert_eq!(io::to_json_string(&doc), text);
    let again = parse(&io::to_json_string(&doc)).unwrap();
    assert_eq!(io::to_json_string(&again), text);
}

#[test]
fn unknown_fields_inside_a_position_are_kept_through_moves() {
    let text = map_with_entities(
        r#"{"id": "a", "name": "A", "kind": "person", "position": {"x": 1, "y": 2, "z": 3, "frame": "local"}}"#,
        "",
    );
    let mut doc = parse(&text).unwrap();
    let saved = io::to_json_string(&doc);
    assert!(saved.contains("\"z\": 3"), "{saved}");
    assert!(saved.contains("\"frame\": \"local\""), "{saved}");
    // Dragging the entity moves x and y, not the rest.
    let mut history = relmap::edit::History::new();
    history
        .apply(
            &mut doc,
            "Move",
            vec![relmap::edit::Edit::PlaceEntity {
                entity: relmap::model::EntityId::new("a"),
                position: Some(Position::new(10.0, 20.0)),
                pinned: true,
            }],
        )
        .unwrap();
    let moved = doc.entities[0].position.clone().unwrap();
    assert_eq!((moved.x, moved.y), (10.0, 20.0));
    assert_eq!(
        moved.extra.get("frame").and_then(|v| v.as_str()),
        Some("local")
    );
    history.undo(&mut doc).unwrap();
    assert_eq!(io::to_json_string(&doc), saved);
}

#[test]
fn integers_beyond_64_bits_and_long_decimals_in_unknown_fields_are_kept_exactly() {
    let text = map_with_entities(
        r#"{"id": "a", "name": "A", "kind": "person", "big": 18446744073709551616, "huge": -123456789012345678901234567890, "pi": 3.14159265358979323846264338327950288}"#,
        "",
    );
    let saved = io::to_json_string(&parse(&text).unwrap());
    for number in [
        "18446744073709551616",
        "-123456789012345678901234567890",
        "3.14159265358979323846264338327950288",
    ] {
        assert!(saved.contains(number), "{number} in {saved}");
    }
}

#[test]
fn a_coordinate_reads_back_exactly_and_is_not_changed_by_a_save() {
    let text = map_with_entities(
        r#"{"id": "a", "name": "A", "kind": "person", "position": {"x": 0.123456789012345, "y": 123456.7890123}}"#,
        "",
    );
    let doc = parse(&text).unwrap();
    let p = doc.entities[0].position.clone().unwrap();
    assert_eq!((p.x, p.y), (0.123456789012345, 123456.7890123));
    let saved = io::to_json_string(&doc);
    assert!(saved.contains("\"x\": 0.123456789012345,"), "{saved}");
    assert!(saved.contains("\"y\": 123456.7890123\n"), "{saved}");
}

#[test]
fn decimals_keep_their_digits_where_two_shortest_forms_exist() {
    // 600000000000000.3 and .2 are the same f64; serde_json's Value once turned one into the
    // other on the way through an unknown-field buffer.
    let text = map_with_entities(
        r#"{"id": "a", "name": "A", "kind": "person", "attributes": {"w": 600000000000000.3}, "w": 600000000000000.3, "position": {"x": 1.50, "y": -2.0, "z": 600000000000000.3}}"#,
        "",
    );
    let saved = io::to_json_string(&parse(&text).unwrap());
    assert_eq!(saved.matches("600000000000000.3").count(), 3, "{saved}");
    assert!(saved.contains("\"x\": 1.5,"), "{saved}");
}

#[test]
fn integers_written_unusually_keep_their_form() {
    // "-0" is the integer 0 to serde's buffer, and came back as "0": a CSV cell of "-0" read
    // as a number did not survive a save and a load (found by tests/fuzz_corpus.rs).
    let text = map_with_entities(
        r#"{"id": "a", "name": "A", "kind": "person", "attributes": {"founded": -0, "n": 7}}"#,
        "",
    );
    let doc = parse(&text).unwrap();
    let saved = io::to_json_string(&doc);
    assert!(saved.contains("\"founded\": -0"), "{saved}");
    assert!(saved.contains("\"n\": 7"), "{saved}");
    assert_eq!(parse(&saved).unwrap(), doc);
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(io::BUNDLED_MAP_JSON.as_bytes());
    let doc = io::parse_bytes(&bytes, "notepad.json").unwrap();
    assert_eq!(doc, io::bundled_map().unwrap());
}

#[test]
fn text_xml_cannot_hold_is_refused_at_load_with_the_id() {
    for (c, code) in [
        ('\u{FFFE}', "U+FFFE"),
        ('\u{FFFF}', "U+FFFF"),
        ('\u{1}', "U+0001"),
    ] {
        let name = format!("Bad{c}Name");
        let text = map_with_entities(
            &format!(
                r#"{{"id": "a", "name": {}, "kind": "person"}}"#,
                serde_json::to_string(&name).unwrap()
            ),
            "",
        );
        let err = parse(&text).unwrap_err().to_string();
        assert!(
            err.contains("entity \"a\": \"name\" contains the character"),
            "{err}"
        );
        assert!(err.contains(code), "{err}");
    }
}

#[test]
fn an_export_is_well_formed_whatever_text_it_is_given() {
    // Edits and loads refuse such text; the figure must still be well formed if it gets some.
    let mut doc = io::bundled_map().unwrap();
    doc.entities[0].name = "Bad\u{FFFF}\u{1}Name".into();
    doc.title = "Title\u{FFFE}".into();
    let svg = svg_of(&doc, 10);
    roxmltree::Document::parse(&svg).expect("well-formed SVG");
    assert!(svg.contains("Bad\u{FFFD}\u{FFFD}Name"));
    export::render_png(&svg, PngSize::Scale(0.25), export::DEFAULT_MAX_PIXELS).unwrap();
}

#[test]
fn an_edit_cannot_put_unwritable_text_or_an_impossible_date_into_a_map() {
    let mut doc = io::bundled_map().unwrap();
    let mut history = relmap::edit::History::new();
    let mut entity = doc.entities[0].clone();
    entity.name = "Bad\u{FFFF}".into();
    let err = history
        .apply(
            &mut doc,
            "Rename",
            vec![relmap::edit::Edit::UpdateEntity { entity }],
        )
        .unwrap_err();
    assert!(err.to_string().contains("U+FFFF"), "{err}");
    let mut relation = doc.relations[0].clone();
    relation.period = Some(relmap::model::Period {
        from: Some(relmap::model::PartialDate::new("2019-02-30")),
        ..Default::default()
    });
    assert!(
        history
            .apply(
                &mut doc,
                "Date",
                vec![relmap::edit::Edit::UpdateRelation { relation }],
            )
            .is_err()
    );
    assert_eq!(doc, io::bundled_map().unwrap(), "nothing changed");
}

#[test]
fn impossible_dates_are_refused_and_old_and_approximate_ones_accepted() {
    let with_period = |from: &str, to: &str| {
        map_with_entities(
            r#"{"id": "a", "name": "A", "kind": "person"}"#,
            &format!(
                r#"{{"id": "r", "from": "a", "to": "a", "kind": "k", "period": {{"from": "{from}", "to": "{to}"}}}}"#
            ),
        )
    };
    let err = parse(&with_period("2019-02-30", "2020"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("\"period.from\" is \"2019-02-30\""), "{err}");
    parse(&with_period("-0043-03-15", "0014")).expect("Caesar to Augustus");
    parse(&with_period("1990~", "199X")).expect("circa 1990 to the 1990s");
    parse(&with_period("2019-11?", "2020%")).expect("uncertain dates");
    let err = parse(&with_period("0014", "-0043"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("ends (-0043) before it starts (0014)"),
        "{err}"
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.json");
    // Sparse: no disk is used, and reading it would take gigabytes of memory.
    std::fs::File::create(&path)
        .unwrap()
        .set_len(limits::MAX_FILE_BYTES + 1)
        .unwrap();
    let err = io::load_file(&path).unwrap_err().to_string();
    assert!(err.contains("huge.json"), "{err}");
    assert!(err.contains("at most 1073741824 bytes"), "{err}");
}

#[test]
fn text_over_the_length_limit_is_refused() {
    let long = "x".repeat(limits::MAX_TEXT_BYTES + 1);
    let text = map_with_entities(
        &format!(r#"{{"id": "a", "name": "A", "kind": "person", "summary": "{long}"}}"#),
        "",
    );
    let err = parse(&text).unwrap_err().to_string();
    assert!(
        err.contains("entity \"a\": \"summary\" is 1048577 bytes long"),
        "{err}"
    );
}

#[test]
fn a_png_past_the_pixel_limit_is_refused_with_a_clear_message() {
    let doc = io::bundled_map().unwrap();
    let svg = svg_of(&doc, 0);
    let err = export::render_png(&svg, PngSize::Scale(1.0), 10_000)
        .unwrap_err()
        .to_string();
    assert!(err.contains("megapixels allowed"), "{err}");
    export::render_png(&svg, PngSize::Scale(1.0), export::DEFAULT_MAX_PIXELS).unwrap();
}

#[test]
fn many_entities_pinned_on_one_spot_lay_out_and_export_without_blowing_up() {
    let entities: Vec<String> = (0..2500)
        .map(|i| {
            format!(
                r#"{{"id": "e{i}", "name": "Entity {i}", "kind": "person", "position": {{"x": 5, "y": 5}}, "pinned": true}}"#
            )
        })
        .collect();
    let doc = parse(&map_with_entities(&entities.join(","), "")).unwrap();
    let svg = svg_of(&doc, 1000);
    roxmltree::Document::parse(&svg).expect("well-formed SVG");
}
