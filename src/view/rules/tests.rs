//! The rules applied to the bundled map: each form, each input, the legend.
use super::*;
use crate::model::rules::Rule;

fn doc_with(rules: &str) -> Document {
    let mut doc = crate::io::bundled_map().unwrap();
    doc.styles.rules = serde_json::from_str::<Vec<Rule>>(rules).unwrap();
    doc
}

fn decor(doc: &Document) -> Vec<NodeDecor> {
    let mut nodes = vec![NodeDecor::default(); doc.entities.len()];
    apply(doc, &doc.styles.rules, None, &mut nodes);
    nodes
}

fn at(doc: &Document, id: &str) -> usize {
    doc.entity_index(id).unwrap()
}

#[test]
fn a_categorical_colour_gives_each_value_a_colour_and_listed_values_theirs() {
    let doc = doc_with(
        r##"[{"attribute": "nationality", "set": "color", "values": {"U.S.": "#010203"}}]"##,
    );
    let nodes = decor(&doc);
    assert_eq!(
        nodes[at(&doc, "kevin-king")].paint,
        Some(Paint::Rgb([1, 2, 3]))
    );
    assert_eq!(
        nodes[at(&doc, "timothy-weeks")].paint,
        Some(Paint::Category(0)),
        "Australian, the first value not listed"
    );
    assert_eq!(
        nodes[at(&doc, "anas-haqqani")].paint,
        None,
        "no nationality"
    );
}

#[test]
fn a_continuous_size_runs_by_area_from_the_least_to_the_most_connected() {
    let doc = doc_with(r#"[{"measure": "degree", "set": "size", "from": 1, "to": 3}]"#);
    let nodes = decor(&doc);
    let anas = nodes[at(&doc, "anas-haqqani")].scale;
    assert!((anas - 3.0).abs() < 1e-4, "the hub is the largest: {anas}");
    let min = nodes.iter().map(|n| n.scale).fold(f32::MAX, f32::min);
    assert!((min - 1.0).abs() < 1e-4);
    // Halfway along the range is halfway in area, not in radius.
    let rule: Rule = serde_json::from_str(
        r#"{"measure": "degree", "set": "size", "from": 1, "to": 3, "range": [0, 2]}"#,
    )
    .unwrap();
    let out = continuous(&rule, &[Input::Number(1.0)]);
    assert_eq!(out[0], Some(Set::Number(5.0f32.sqrt())));
}

#[test]
fn conditions_set_only_where_they_hold_and_later_rules_win() {
    let doc = doc_with(
        r##"[
          {"measure": "contested", "equals": true, "set": "border", "to": "#e15759"},
          {"measure": "degree", "at_least": 10, "set": "icon", "to": "crown"},
          {"measure": "kind", "equals": "person", "set": "opacity", "to": 0.5},
          {"attribute": "status", "equals": "deceased", "set": "opacity", "to": 0.3},
          {"measure": "kind", "equals": "media", "set": "label", "to": false, "off": true}
        ]"##,
    );
    let nodes = decor(&doc);
    let taliban = &nodes[at(&doc, "taliban")];
    assert_eq!(
        taliban.border,
        Some([0xe1, 0x57, 0x59]),
        "a contested relation's end"
    );
    assert_eq!(taliban.icon.map(|i| i.name), Some("crown"));
    assert_eq!(nodes[at(&doc, "ned-price")].border, None);
    assert_eq!(nodes[at(&doc, "ned-price")].opacity, 0.5);
    assert_eq!(
        nodes[at(&doc, "jalaluddin-haqqani")].opacity,
        0.3,
        "the later rule"
    );
    assert_eq!(
        nodes[at(&doc, "newsline")].label,
        None,
        "a rule switched off"
    );
}

#[test]
fn the_legend_keys_each_rule_by_what_it_sets() {
    let doc = doc_with(
        r##"[
          {"name": "Nationality", "attribute": "nationality", "set": "color"},
          {"measure": "degree", "set": "size", "from": 1, "to": 3},
          {"measure": "contested", "equals": true, "set": "border", "to": "#e15759"}
        ]"##,
    );
    let legend = legend(&doc, &doc.styles.rules);
    assert_eq!(legend.len(), 3);
    assert_eq!(legend[0].title, "Nationality");
    let keys: Vec<&str> = legend[0].keys.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["Australian", "U.S."]);
    assert_eq!(legend[1].keys[0], ("degree 1".to_owned(), Set::Number(1.0)));
    assert_eq!(
        legend[2].keys,
        [(
            "contested".to_owned(),
            Set::Paint(Paint::Rgb([0xe1, 0x57, 0x59]))
        )]
    );
}

#[test]
fn betweenness_waits_for_the_window_and_is_estimated_on_large_maps() {
    let rules: Vec<Rule> =
        serde_json::from_str(r#"[{"measure": "betweenness", "set": "size", "from": 1, "to": 2}]"#)
            .unwrap();
    let doc = crate::io::generate::chain_map(EXACT_BETWEENNESS_UP_TO + 1000, 7);
    let mut nodes = vec![NodeDecor::default(); doc.entities.len()];
    // The window's metrics have not got it yet: nothing changes.
    apply(&doc, &rules, Some(&[]), &mut nodes);
    assert!(nodes.iter().all(|n| n.scale == 1.0));
    // Asked without it, the rule estimates it from a sample of sources.
    apply(&doc, &rules, None, &mut nodes);
    let largest = nodes.iter().map(|n| n.scale).fold(0.0, f32::max);
    assert!(
        (largest - 2.0).abs() < 1e-4,
        "the most between is the largest"
    );
}

#[test]
fn a_map_without_rules_is_left_as_it_was() {
    let doc = crate::io::bundled_map().unwrap();
    assert_eq!(decor(&doc), vec![NodeDecor::default(); doc.entities.len()]);
    assert!(legend(&doc, &doc.styles.rules).is_empty());
}

#[test]
fn grades_dates_and_disputes_are_inputs() {
    let mut doc = doc_with(
        r##"[
          {"measure": "credibility", "at_most": 2, "set": "border", "to": "#2ca02c"},
          {"measure": "reliability", "equals": "B", "set": "opacity", "to": 0.5},
          {"measure": "date", "at_least": 2010, "set": "icon", "to": "star"},
          {"attribute": "born", "at_most": 1950, "set": "shape", "to": "square"},
          {"measure": "disputes", "set": "size", "from": 1, "to": 2}
        ]"##,
    );
    let anas = at(&doc, "anas-haqqani");
    let kirby = at(&doc, "john-kirby");
    // One of Anas's relations: a claim graded 2, citing a source graded B.
    let r = doc
        .relations
        .iter()
        .position(|r| r.from.as_str() == "anas-haqqani" || r.to.as_str() == "anas-haqqani")
        .unwrap();
    doc.relations[r].claims[0].credibility = Some(2);
    let source = doc.relations[r].claims[0].source.clone();
    let s = doc.sources.iter().position(|s| s.id == source).unwrap();
    doc.sources[s].reliability = Some(crate::model::Reliability::B);
    doc.entities[kirby].period = Some(crate::model::Period {
        from: Some(crate::model::PartialDate::new("2014-05")),
        to: None,
        extra: Default::default(),
    });
    doc.entities[kirby].attributes.insert(
        "born".into(),
        AttrValue::Date {
            date: crate::model::PartialDate::new("1940"),
        },
    );
    let nodes = decor(&doc);
    assert_eq!(
        nodes[anas].border,
        Some([0x2c, 0xa0, 0x2c]),
        "claim grade 2"
    );
    assert_eq!(nodes[kirby].border, None, "no graded claim");
    // Every relation of the map cites the one source, graded B now.
    assert_eq!(nodes[kirby].opacity, 0.5);
    assert_eq!(
        nodes[kirby].icon.map(|i| i.name),
        Some("star"),
        "2014 ≥ 2010"
    );
    assert_eq!(nodes[anas].icon, None, "no period");
    assert_eq!(
        nodes[kirby].shape,
        Some(crate::model::NodeShape::Square),
        "born 1940"
    );
    // The most disputed entity is the largest.
    let largest = (0..nodes.len())
        .max_by(|&a, &b| nodes[a].scale.total_cmp(&nodes[b].scale))
        .unwrap();
    assert!(
        ["anas-haqqani", "haqqani-network", "taliban"].contains(&doc.entities[largest].id.as_str())
    );
}

#[test]
fn badges_show_an_icon_or_a_count_and_take_the_next_place() {
    let doc = doc_with(
        r##"[
          {"measure": "disputes", "at_least": 1, "set": "badge", "to": "count"},
          {"measure": "kind", "equals": "person", "set": "badge", "to": "user"},
          {"measure": "degree", "at_least": 10, "set": "label_size", "to": 1.5}
        ]"##,
    );
    let nodes = decor(&doc);
    let anas = &nodes[at(&doc, "anas-haqqani")];
    assert!(matches!(anas.badges[0], Some(Badge::Count(n)) if n >= 1));
    assert!(matches!(anas.badges[1], Some(Badge::Icon(i)) if i.name == "user"));
    assert_eq!(anas.label_scale, 1.5);
    // Kirby's relations are not contested: his person badge takes the first place.
    let kirby = &nodes[at(&doc, "john-kirby")];
    assert!(matches!(kirby.badges[0], Some(Badge::Icon(_))));
    assert_eq!(kirby.badges[1], None);
    assert_eq!(kirby.label_scale, 1.0);
    let legend = legend(&doc, &doc.styles.rules);
    assert_eq!(legend[0].keys[0].1, Set::Badge(None));
    assert_eq!(legend[2].keys[0].1, Set::Number(1.5));
}

#[test]
fn a_log_scale_grows_the_middle_and_a_named_palette_colours_by_value() {
    let rule: Rule = serde_json::from_str(
        r#"{"measure": "degree", "set": "opacity", "from": 0, "to": 1, "range": [0, 100], "scale": "log"}"#,
    )
    .unwrap();
    let out = continuous(
        &rule,
        &[Input::Number(0.0), Input::Number(9.0), Input::Number(100.0)],
    );
    let k = |i: usize| match out[i] {
        Some(Set::Number(k)) => k,
        _ => panic!(),
    };
    assert_eq!(k(0), 0.0);
    assert!(
        (k(1) - 0.4989).abs() < 1e-3,
        "ln 10 / ln 101, not 0.09: {}",
        k(1)
    );
    assert_eq!(k(2), 1.0);

    let doc = doc_with(r#"[{"measure": "kind", "set": "color", "palette": "tol-vibrant"}]"#);
    let nodes = decor(&doc);
    assert_eq!(
        nodes[at(&doc, "united-states")].paint,
        Some(Paint::Rgb(crate::look::TOL_VIBRANT[0])),
        "country, the first kind"
    );
    let mut problems = Vec::new();
    let bad: Vec<Rule> = serde_json::from_str(
        r#"[{"measure": "kind", "set": "color", "palette": "rainbow"},
            {"measure": "degree", "set": "size", "from": 1, "to": 2, "scale": "cube"}]"#,
    )
    .unwrap();
    crate::model::rules::check_rules(&mut problems, &bad);
    assert_eq!(problems.len(), 2);
    assert!(problems[0].message.contains("tol-bright"));
    assert!(problems[1].message.contains("linear or log"));
}

#[test]
fn a_colour_range_is_keyed_as_a_ramp_of_five_ticks_and_a_size_as_three() {
    let doc = doc_with(
        r##"[
          {"measure": "degree", "set": "color", "from": "#000000", "to": "#ffffff", "range": [0, 100]},
          {"measure": "degree", "set": "size", "from": 1, "to": 3, "range": [0, 100], "scale": "log"}
        ]"##,
    );
    let legend = legend(&doc, &doc.styles.rules);
    let colours: Vec<&str> = legend[0].keys.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        colours,
        [
            "degree 0",
            "degree 25",
            "degree 50",
            "degree 75",
            "degree 100"
        ]
    );
    assert_eq!(legend[0].keys[2].1, Set::Paint(Paint::Rgb([128, 128, 128])));
    // Log ticks bunch low: the middle one is ln-halfway, about 9, not 50.
    let sizes: Vec<&str> = legend[1].keys.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(sizes, ["degree 0", "degree 9.05", "degree 100"]);
}
