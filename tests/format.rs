//! The file format: round trips, unknown fields, stable output.

use relmap::io::{self, BUNDLED_MAP_JSON};
use relmap::model::Position;

#[test]
fn the_bundled_map_round_trips_to_an_equal_document() {
    let doc = io::bundled_map().unwrap();
    let text = io::to_json_string(&doc);
    let again = io::parse_bytes(text.as_bytes(), "saved").unwrap();
    assert_eq!(doc, again);
}

#[test]
fn the_bundled_map_file_is_in_canonical_form() {
    // Saving what was loaded gives the same bytes: the file diffs cleanly after a save.
    let doc = io::bundled_map().unwrap();
    assert_eq!(io::to_json_string(&doc), BUNDLED_MAP_JSON);
}

#[test]
fn positions_are_written_as_short_decimals() {
    let mut doc = io::bundled_map().unwrap();
    doc.entities[0].position = Some(Position::new(457.158_26, -0.1).rounded());
    let text = io::to_json_string(&doc);
    assert!(text.contains("\"x\": 457.16,"), "{text}");
    assert!(text.contains("\"y\": -0.1\n"), "{text}");
}

#[test]
fn positions_survive_a_save_and_load_exactly() {
    let mut doc = io::bundled_map().unwrap();
    doc.entities[0].position = Some(Position::new(-123.456_79, 0.1));
    doc.entities[0].pinned = true;
    let again = io::parse_bytes(io::to_json_string(&doc).as_bytes(), "saved").unwrap();
    assert_eq!(
        again.entities[0].position,
        Some(Position::new(-123.456_79, 0.1))
    );
    assert!(again.entities[0].pinned);
}

const WITH_UNKNOWN_FIELDS: &str = r##"{
  "format": "relmap",
  "version": 1,
  "title": "t",
  "sources": [{ "id": "s", "title": "S", "admiralty_code": "B2" }],
  "entities": [
    { "id": "a", "name": "A", "kind": "person", "dob": { "year": 1970 } },
    { "id": "b", "name": "B", "kind": "militia" }
  ],
  "relations": [
    {
      "id": "r", "from": "a", "to": "b", "kind": "leads", "directed": true,
      "period": { "from": "2019", "circa": true },
      "claims": [{ "source": "s", "stance": "qualifies", "quote": "q", "confidence": 0.4 }],
      "weight": 3
    }
  ],
  "styles": { "entities": { "militia": { "color": "#112233", "icon": "flag" } }, "theme": "dark" },
  "future_top_level": [1, 2, 3]
}"##;

#[test]
fn unknown_fields_at_every_level_are_kept_and_written_back() {
    let doc = io::parse_bytes(WITH_UNKNOWN_FIELDS.as_bytes(), "extras.json").unwrap();
    let saved = io::to_json_string(&doc);
    for field in [
        "\"admiralty_code\": \"B2\"",
        "\"dob\": {",
        "\"circa\": true",
        "\"confidence\": 0.4",
        "\"weight\": 3",
        "\"icon\": \"flag\"",
        "\"theme\": \"dark\"",
        "\"future_top_level\": [",
    ] {
        assert!(saved.contains(field), "{field} was lost:\n{saved}");
    }
    let again = io::parse_bytes(saved.as_bytes(), "saved").unwrap();
    assert_eq!(doc, again);
    assert_eq!(
        io::to_json_string(&again),
        saved,
        "a second save is byte-identical"
    );
}

#[test]
fn saved_files_put_fields_in_a_fixed_order() {
    let doc = io::parse_bytes(WITH_UNKNOWN_FIELDS.as_bytes(), "extras.json").unwrap();
    let saved = io::to_json_string(&doc);
    let at = |s: &str| saved.find(s).unwrap_or_else(|| panic!("{s} missing"));
    assert!(at("\"format\"") < at("\"version\""));
    assert!(at("\"version\"") < at("\"sources\""));
    assert!(at("\"sources\"") < at("\"entities\""));
    assert!(at("\"entities\"") < at("\"relations\""));
    assert!(at("\"relations\"") < at("\"styles\""));
    assert!(saved.ends_with("}\n"));
}

#[test]
fn the_example_in_the_format_doc_is_valid_and_canonical() {
    let doc = include_str!("../docs/FORMAT.md");
    let start = doc
        .find("## A complete example")
        .and_then(|i| {
            doc[i..]
                .find("```json\n")
                .map(|j| i + j + "```json\n".len())
        })
        .expect("docs/FORMAT.md has a complete example");
    let end = start + doc[start..].find("```").expect("the example block ends");
    let example = &doc[start..end];
    let map = io::parse_bytes(example.as_bytes(), "docs/FORMAT.md").unwrap();
    assert_eq!(map.entities.len(), 3);
    assert!(map.relations[0].is_contested());
    assert_eq!(
        io::to_json_string(&map),
        example,
        "the example is written as relmap saves it"
    );
}

#[test]
fn grades_anchors_and_a_sources_text_survive_a_save_and_a_load() {
    use relmap::model::{Anchor, Reliability};
    let mut doc = relmap::io::bundled_map().unwrap();
    doc.sources[0].reliability = Some(Reliability::C);
    doc.sources[0].retrieved = Some(relmap::model::PartialDate::new("2021-08-30"));
    doc.relations[0].claims[0].credibility = Some(3);
    let anchor = doc.relations[0].claims[0]
        .anchor
        .expect("the bundled quotes are anchored");
    let text = relmap::io::to_json_string(&doc);
    assert!(text.contains("\"reliability\": \"C\""));
    assert!(text.contains("\"credibility\": 3"));
    let back = relmap::io::parse_bytes(text.as_bytes(), "test.json").unwrap();
    assert_eq!(back, doc);
    assert_eq!(back.relations[0].claims[0].anchor, Some(anchor));
    let _: Anchor = anchor;

    // A grade off the scale is refused, naming the claim.
    let bad = text.replacen("\"credibility\": 3", "\"credibility\": 9", 1);
    let err = relmap::io::parse_bytes(bad.as_bytes(), "test.json")
        .unwrap_err()
        .to_string();
    assert!(err.contains("credibility 9 is not a grade"), "{err}");
    assert!(
        err.contains(&format!("relation \"{}\" claim 1", doc.relations[0].id)),
        "{err}"
    );
}
