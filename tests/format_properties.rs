//! Property tests of the file format: any valid map, with any text, positions, dates and
//! unknown fields a file may hold, loads back from its saved text as the same map, and saving
//! that again gives the same bytes.

use proptest::prelude::*;
use relmap::io;
use relmap::model::{
    AttrValue, Attributes, Claim, Document, Entity, EntityId, Extra, PartialDate, Period, Position,
    Relation, RelationId, Source, SourceId, Stance, is_xml_char, validate,
};
use serde_json::Value;

/// Any text a map may hold: every character XML can write, from every plane.
fn text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..max).prop_map(|cs| {
        cs.into_iter()
            .map(|c| if is_xml_char(c) { c } else { '?' })
            .collect()
    })
}

fn name() -> impl Strategy<Value = String> {
    text(12).prop_map(|s| format!("N{s}"))
}

fn date() -> impl Strategy<Value = PartialDate> {
    prop_oneof![
        (-2000i32..2100).prop_map(year),
        (-2000i32..2100, 1u32..=12).prop_map(|(y, m)| format!("{}-{m:02}", year(y))),
        (1900i32..2100, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        (100i32..209).prop_map(|d| format!("{d:03}X")),
        (1000i32..2100, prop::sample::select(vec!["~", "?", "%"]))
            .prop_map(|(y, q)| format!("{y:04}{q}")),
    ]
    .prop_map(PartialDate::new)
}

fn year(y: i32) -> String {
    if y < 0 {
        format!("-{:04}", -y)
    } else {
        format!("{y:04}")
    }
}

/// A JSON value of the kinds unknown fields hold, numbers wider than 64 bits and decimals
/// longer than `f64` among them.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1e12f64..1e12).prop_map(Value::from),
        "[1-9][0-9]{19,40}".prop_map(|digits| serde_json::from_str(&digits).unwrap()),
        "-?[0-9]\\.[0-9]{20,30}".prop_map(|digits| serde_json::from_str(&digits).unwrap()),
        text(8).prop_map(Value::String),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::vec(("x-[a-z]{1,5}", inner), 0..3)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Unknown fields: keys no struct of the format uses.
fn extra() -> impl Strategy<Value = Extra> {
    prop::collection::vec(("x-[a-z]{1,6}", json_value()), 0..3)
        .prop_map(|kv| kv.into_iter().collect())
}

fn attr_value() -> impl Strategy<Value = AttrValue> {
    prop_oneof![
        text(8).prop_map(AttrValue::Text),
        any::<bool>().prop_map(AttrValue::Bool),
        "-?[1-9][0-9]{0,24}(\\.[0-9]{1,20})?".prop_map(|n| AttrValue::Number(n.parse().unwrap())),
        date().prop_map(|date| AttrValue::Date { date }),
    ]
}

fn attributes() -> impl Strategy<Value = Attributes> {
    prop::collection::btree_map(text(5), attr_value(), 0..3).prop_map(|m| m.into_iter().collect())
}

fn position() -> impl Strategy<Value = Position> {
    (-1e9f64..=1e9, -1e9f64..=1e9, extra()).prop_map(|(x, y, extra)| Position { x, y, extra })
}

fn document() -> impl Strategy<Value = Document> {
    let entity = (
        name(),
        text(8),
        prop::collection::vec(text(6), 0..2),
        text(20),
        attributes(),
        prop::option::of(position()),
        (any::<bool>(), prop::option::of(date())),
        extra(),
    );
    let sources = prop::collection::vec((name(), prop::option::of(date()), extra()), 0..3);
    let entities = prop::collection::vec(entity, 1..6);
    let relations = prop::collection::vec(
        (
            any::<usize>(),
            any::<usize>(),
            name(),
            text(8),
            any::<bool>(),
            prop::option::of((prop::option::of(date()), extra())),
            prop::collection::vec(
                (
                    any::<usize>(),
                    prop::option::of(any::<usize>()),
                    0u8..3,
                    text(20),
                    extra(),
                ),
                0..3,
            ),
            (attributes(), extra()),
        ),
        0..6,
    );
    (text(10), text(20), sources, entities, relations, extra()).prop_map(
        |(title, description, sources, entities, relations, top_extra)| {
            let sources: Vec<Source> = sources
                .into_iter()
                .enumerate()
                .map(|(i, (title, date, extra))| Source {
                    id: SourceId::new(format!("s{i}")),
                    title,
                    publisher: None,
                    author: None,
                    date,
                    url: None,
                    retrieved: None,
                    reliability: None,
                    text: String::new(),
                    extra,
                })
                .collect();
            let entities: Vec<Entity> = entities
                .into_iter()
                .enumerate()
                .map(
                    |(
                        i,
                        (
                            name,
                            kind,
                            aliases,
                            summary,
                            attributes,
                            position,
                            (pinned, since),
                            extra,
                        ),
                    )| {
                        Entity {
                            id: EntityId::new(format!("e{i}")),
                            name,
                            kind: format!("k{kind}"),
                            aliases,
                            summary,
                            picture: (i % 3 == 0)
                                .then(|| relmap::model::Picture::new(format!("photos/{i}.jpg"))),
                            attributes,
                            period: since.map(|from| Period {
                                from: Some(from),
                                to: None,
                                extra: Extra::new(),
                            }),
                            position,
                            pinned,
                            extra,
                        }
                    },
                )
                .collect();
            let n = entities.len();
            let relations = relations
                .into_iter()
                .enumerate()
                .map(
                    |(i, (a, b, kind, label, directed, period, claims, (attributes, extra)))| {
                        Relation {
                            id: RelationId::new(format!("r{i}")),
                            from: entities[a % n].id.clone(),
                            to: entities[b % n].id.clone(),
                            kind,
                            label,
                            directed,
                            period: period.map(|(from, extra)| Period {
                                from,
                                to: None,
                                extra,
                            }),
                            claims: if sources.is_empty() {
                                Vec::new()
                            } else {
                                claims
                                    .into_iter()
                                    .map(|(s, claimant, stance, quote, extra)| Claim {
                                        source: sources[s % sources.len()].id.clone(),
                                        claimant: claimant.map(|c| entities[c % n].id.clone()),
                                        speaker: None,
                                        stance: Stance::ALL[usize::from(stance)],
                                        quote,
                                        date: None,
                                        anchor: None,
                                        credibility: None,
                                        extra,
                                    })
                                    .collect()
                            },
                            attributes,
                            extra,
                        }
                    },
                )
                .collect();
            Document {
                title,
                description,
                sources,
                entities,
                relations,
                styles: Default::default(),
                groups: Vec::new(),
                notes: Vec::new(),
                conflicts: Vec::new(),
                extra: top_extra,
            }
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_valid_map_loads_back_from_its_saved_text_and_saves_to_the_same_bytes(doc in document()) {
        prop_assert_eq!(validate(&doc), vec![], "the generator makes valid maps");
        let text = io::to_json_string(&doc);
        let again = io::parse_bytes(text.as_bytes(), "saved")
            .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(&again, &doc);
        prop_assert_eq!(io::to_json_string(&again), text);
    }

    #[test]
    fn any_saved_map_survives_a_save_to_disk(doc in document()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("map.json");
        io::save_file(&doc, &path).unwrap();
        prop_assert_eq!(io::load_file(&path).unwrap(), doc);
    }
}
