//! Every kind of bad map file gets a clear message naming the place, and nothing panics.

use relmap::io::{self, LoadError};

fn load_err(text: &str) -> LoadError {
    io::parse_bytes(text.as_bytes(), "bad.json").expect_err("the file should be refused")
}

fn minimal(entities: &str, relations: &str) -> String {
    format!(
        r#"{{"format": "relmap", "version": 1, "title": "t",
            "sources": [{{"id": "s1", "title": "An article"}}],
            "entities": [{entities}],
            "relations": [{relations}]}}"#
    )
}

const A: &str = r#"{"id": "a", "name": "A", "kind": "person"}"#;
const B: &str = r#"{"id": "b", "name": "B", "kind": "person"}"#;

#[test]
fn malformed_json_reports_file_line_and_column() {
    let err = load_err("{\n  \"format\": \"relmap\",\n  \"version\": 1,,\n}");
    match &err {
        LoadError::Syntax { line, column, .. } => assert_eq!((*line, *column), (3, 16)),
        other => panic!("expected a syntax error, got {other:?}"),
    }
    let msg = err.to_string();
    assert!(msg.starts_with("bad.json:3:16: not valid JSON: "), "{msg}");
}

#[test]
fn a_duplicate_entity_id_is_named() {
    let msg = load_err(&minimal(&format!("{A}, {A}"), "")).to_string();
    assert!(msg.contains("entity \"a\": duplicate id"), "{msg}");
}

#[test]
fn a_relation_to_an_unknown_entity_is_named() {
    let rel = r#"{"id": "r1", "from": "a", "to": "ghost", "kind": "leads"}"#;
    let msg = load_err(&minimal(A, rel)).to_string();
    assert!(
        msg.contains("relation \"r1\": \"to\" names an unknown entity \"ghost\""),
        "{msg}"
    );
}

#[test]
fn a_claim_citing_an_unknown_source_or_claimant_is_named() {
    let rel = r#"{"id": "r1", "from": "a", "to": "b", "kind": "leads",
                  "claims": [{"source": "nowhere", "claimant": "nobody", "stance": "asserts"}]}"#;
    let err = load_err(&minimal(&format!("{A}, {B}"), rel));
    let problems = err.problems();
    assert!(
        problems.contains(
            &"relation \"r1\" claim 1: \"source\" names an unknown source \"nowhere\"".to_string()
        ),
        "{problems:?}"
    );
    assert!(
        problems.contains(
            &"relation \"r1\" claim 1: \"claimant\" names an unknown entity \"nobody\"".to_string()
        ),
        "{problems:?}"
    );
}

#[test]
fn wrong_types_name_the_item_and_the_field() {
    let bad = r#"{"id": "a", "name": "A", "kind": "person", "aliases": "Abu A"}"#;
    let msg = load_err(&minimal(bad, "")).to_string();
    assert!(
        msg.contains("entity \"a\": invalid type: string \"Abu A\", expected a sequence"),
        "{msg}"
    );

    let msg = load_err(r#"{"format": "relmap", "version": 1, "entities": {}}"#).to_string();
    assert!(
        msg.contains("\"entities\": must be a list, not an object"),
        "{msg}"
    );

    let bad_stance = r#"{"id": "r1", "from": "a", "to": "b", "kind": "leads",
                         "claims": [{"source": "s1", "stance": "maybe"}]}"#;
    let msg = load_err(&minimal(&format!("{A}, {B}"), bad_stance)).to_string();
    assert!(
        msg.contains("relation \"r1\": unknown variant `maybe`"),
        "{msg}"
    );
}

#[test]
fn a_missing_field_is_named() {
    let msg = load_err(&minimal(r#"{"id": "a", "kind": "person"}"#, "")).to_string();
    assert!(msg.contains("entity \"a\": missing field `name`"), "{msg}");
}

#[test]
fn a_newer_format_version_is_refused_with_a_clear_message() {
    let msg = load_err(r#"{"format": "relmap", "version": 3, "entities": []}"#).to_string();
    assert!(
        msg.contains("format version 3, written by a newer relmap"),
        "{msg}"
    );
    assert!(msg.contains("reads versions up to 2"), "{msg}");
}

#[test]
fn a_file_that_is_not_a_relmap_map_is_refused() {
    let msg = load_err(r#"{"nodes": [], "edges": []}"#).to_string();
    assert!(msg.contains("not a relmap map"), "{msg}");
    let msg = load_err("[1, 2]").to_string();
    assert!(msg.contains("the top level must be a JSON object"), "{msg}");
}

#[test]
fn malformed_dates_and_colours_are_named() {
    let rel =
        r#"{"id": "r1", "from": "a", "to": "b", "kind": "leads", "period": {"from": "late 2001"}}"#;
    let text = minimal(&format!("{A}, {B}"), rel).replace(
        "\"relations\"",
        r#""styles": {"entities": {"person": {"color": "blue"}}}, "relations""#,
    );
    let problems = load_err(&text).problems();
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("relation \"r1\": \"period.from\" is \"late 2001\"")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("style for entity kind \"person\": \"color\" is \"blue\"")),
        "{problems:?}"
    );
}

#[test]
fn every_problem_in_a_file_is_reported_not_only_the_first() {
    let rels = r#"{"id": "r1", "from": "a", "to": "ghost", "kind": "leads"},
                  {"id": "r1", "from": "nobody", "to": "a", "kind": "leads"},
                  {"id": "r2", "from": "a", "to": "b", "kind": "leads", "claims": [{"source": "gone", "stance": "denies"}]}"#;
    let err = load_err(&minimal(&format!("{A}, {A}, {B}"), rels));
    let problems = err.problems();
    assert_eq!(problems.len(), 5, "{problems:#?}");
    let msg = err.to_string();
    assert!(msg.starts_with("bad.json: 5 problems:"), "{msg}");
}

#[test]
fn type_errors_in_several_items_are_all_reported() {
    let ents = r#"{"id": "a", "name": 1, "kind": "person"}, {"id": "b", "kind": "person"}"#;
    let problems = load_err(&minimal(ents, "")).problems();
    assert_eq!(problems.len(), 2, "{problems:#?}");
}

#[test]
fn a_missing_file_names_the_path() {
    let err = io::load_file(std::path::Path::new("/nonexistent/relmap/map.json")).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("cannot read /nonexistent/relmap/map.json: "),
        "{err}"
    );
}

#[test]
fn no_prefix_or_corruption_of_a_real_file_panics() {
    let bytes = io::BUNDLED_MAP_JSON.as_bytes();
    for end in (0..bytes.len()).step_by(97) {
        assert!(io::parse_bytes(&bytes[..end], "prefix").is_err());
    }
    // Flip single bytes throughout the file, including into invalid UTF-8.
    let mut corrupted = bytes.to_vec();
    for (k, i) in (0..bytes.len()).step_by(131).enumerate() {
        let old = corrupted[i];
        corrupted[i] = [b'"', b'}', 0xff, b'\\', b'0', b'{'][k % 6];
        let _ = io::parse_bytes(&corrupted, "corrupted");
        corrupted[i] = old;
    }
}
