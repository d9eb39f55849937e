//! STIX 2.1 bundles, as OpenCTI, MISP and the `stix2` library write them.
//!
//! - Domain objects (identity, intrusion-set, threat-actor, campaign, malware, tool,
//!   attack-pattern, location, vulnerability, infrastructure, indicator, incident…) become
//!   entities, of the kind their type names (an identity's `identity_class` decides between
//!   person, organisation and others). `name` is the name, `aliases` the aliases,
//!   `description` the summary, `first_seen`/`last_seen` the period.
//! - `relationship` objects become relations: `relationship_type` is the kind, `start_time`
//!   and `stop_time` the period. The relation is asserted by its creator (`created_by_ref`),
//!   citing each report that lists it, or else the bundle itself as a source.
//! - `report` objects become sources (title, publication date, first external URL).
//! - `opinion` objects become claims on the relations they refer to: agree and
//!   strongly-agree assert, neutral qualifies, disagree and strongly-disagree deny; the
//!   claimant is the author through `created_by_ref`, the quote the `explanation`.
//! - `confidence`, `external_references`, `labels` and the other properties are kept as
//!   unknown fields of the entity, relation or claim. Sightings, notes, observed data and
//!   cyber observables are listed in the report.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};

use super::builder::Builder;
use super::report::ImportReport;
use crate::io::LoadError;
use crate::model::{Claim, Document, Extra, PartialDate, Period, Problem, SourceId, Stance, kinds};

/// Domain objects that become entities.
const ENTITY_TYPES: &[&str] = &[
    "identity",
    "intrusion-set",
    "threat-actor",
    "campaign",
    "malware",
    "tool",
    "attack-pattern",
    "location",
    "vulnerability",
    "infrastructure",
    "indicator",
    "incident",
    "course-of-action",
    "malware-analysis",
    "grouping",
];

/// Properties that become the entity's own fields, not unknown fields.
const TAKEN: &[&str] = &[
    "type",
    "id",
    "name",
    "aliases",
    "description",
    "first_seen",
    "last_seen",
];

/// Reads a STIX 2.1 bundle (or a list of STIX objects) into a map.
pub fn read(
    bytes: &[u8],
    origin: &str,
    title: &str,
) -> Result<(Document, ImportReport), LoadError> {
    let value = crate::io::parse_json(bytes, origin)?;
    let (bundle_id, objects) = match value {
        Value::Object(mut top) => {
            let id = top
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or("bundle")
                .to_owned();
            match top.shift_remove("objects") {
                Some(Value::Array(objects)) => (id, objects),
                _ => (id, Vec::new()),
            }
        }
        Value::Array(objects) => ("bundle".to_owned(), objects),
        _ => (String::new(), Vec::new()),
    };
    if objects.is_empty() {
        return Err(LoadError::Invalid {
            origin: origin.to_owned(),
            problems: vec![Problem::new("the file", "the bundle holds no STIX objects")],
        });
    }
    let objects: Vec<Map<String, Value>> = objects
        .into_iter()
        .filter_map(|o| match o {
            Value::Object(m) => Some(m),
            _ => None,
        })
        .collect();
    let text =
        |o: &Map<String, Value>, k: &str| o.get(k).and_then(Value::as_str).map(str::to_owned);

    let mut b = Builder::new(title);
    let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
    let mut counts = (0, 0, 0, 0);
    // Reports first: the relations they list cite them.
    let mut cited_by: HashMap<String, Vec<SourceId>> = HashMap::new();
    for o in objects
        .iter()
        .filter(|o| text(o, "type").as_deref() == Some("report"))
    {
        let Some(id) = text(o, "id") else { continue };
        counts.2 += 1;
        let source = b.source(&id, &text(o, "name").unwrap_or_else(|| id.clone()));
        if let Some(s) = b.source_mut(&id) {
            s.date = text(o, "published").and_then(|d| stix_date(&d));
            s.url = external_url(o);
            for (k, v) in o {
                if !["type", "id", "name", "published"].contains(&k.as_str()) {
                    s.extra.insert(k.clone(), v.clone());
                }
            }
        }
        for r in o
            .get("object_refs")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(r) = r.as_str() {
                cited_by
                    .entry(r.to_owned())
                    .or_default()
                    .push(source.clone());
            }
        }
    }
    for o in &objects {
        let (Some(ty), Some(id)) = (text(o, "type"), text(o, "id")) else {
            continue;
        };
        if !ENTITY_TYPES.contains(&ty.as_str()) {
            continue;
        }
        counts.0 += 1;
        let e = b.node(&id);
        e.name = text(o, "name").unwrap_or_else(|| id.clone());
        e.kind = kind_of(&ty, text(o, "identity_class").as_deref());
        e.summary = text(o, "description").unwrap_or_default();
        e.aliases = o
            .get("aliases")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|a| a.as_str().map(str::to_owned))
            .collect();
        let (from, to) = (
            text(o, "first_seen").and_then(|d| stix_date(&d)),
            text(o, "last_seen").and_then(|d| stix_date(&d)),
        );
        if from.is_some() || to.is_some() {
            e.period = Some(Period {
                from,
                to,
                extra: Extra::new(),
            });
        }
        for (k, v) in o {
            if !TAKEN.contains(&k.as_str()) {
                e.extra.insert(k.clone(), v.clone());
            }
        }
    }
    let mut bundle_source = None;
    let mut relation_index: HashMap<String, usize> = HashMap::new();
    for o in objects
        .iter()
        .filter(|o| text(o, "type").as_deref() == Some("relationship"))
    {
        let (Some(id), Some(from), Some(to)) =
            (text(o, "id"), text(o, "source_ref"), text(o, "target_ref"))
        else {
            b.report.not_understood(
                None,
                "a relationship without a source_ref or target_ref was skipped",
            );
            continue;
        };
        if !b.has_node(&from) || !b.has_node(&to) {
            b.report.not_understood(
                None,
                format!("the relationship {id} joins an object relmap does not read ({from} -> {to}); it was skipped"),
            );
            continue;
        }
        counts.1 += 1;
        let creator = text(o, "created_by_ref").and_then(|c| b.entity_id(&c));
        let sources = match cited_by.get(&id) {
            Some(s) => s.clone(),
            None if creator.is_some() => vec![
                bundle_source
                    .get_or_insert_with(|| {
                        b.source(&bundle_id, &format!("STIX bundle {bundle_id}"))
                    })
                    .clone(),
            ],
            None => Vec::new(),
        };
        let r = b.edge(Some(&id), &from, &to);
        r.kind = text(o, "relationship_type").unwrap_or_else(|| "related-to".into());
        r.label = text(o, "description").unwrap_or_default();
        let (start, stop) = (
            text(o, "start_time").and_then(|d| stix_date(&d)),
            text(o, "stop_time").and_then(|d| stix_date(&d)),
        );
        if start.is_some() || stop.is_some() {
            r.period = Some(Period {
                from: start,
                to: stop,
                extra: Extra::new(),
            });
        }
        for (k, v) in o {
            if ![
                "type",
                "id",
                "source_ref",
                "target_ref",
                "relationship_type",
                "description",
                "start_time",
                "stop_time",
            ]
            .contains(&k.as_str())
            {
                r.extra.insert(k.clone(), v.clone());
            }
        }
        for source in sources {
            r.claims.push(Claim {
                source,
                claimant: creator.clone(),
                speaker: None,
                stance: Stance::Asserts,
                quote: String::new(),
                date: text(o, "created").and_then(|d| stix_date(&d)),
                anchor: None,
                credibility: None,
                extra: Extra::new(),
            });
        }
        relation_index.insert(id, b.doc_mut().relations.len() - 1);
    }
    for o in objects
        .iter()
        .filter(|o| text(o, "type").as_deref() == Some("opinion"))
    {
        let id = text(o, "id").unwrap_or_default();
        let stance = match text(o, "opinion").as_deref() {
            Some("agree" | "strongly-agree") => Stance::Asserts,
            Some("neutral") => Stance::Qualifies,
            Some("disagree" | "strongly-disagree") => Stance::Denies,
            other => {
                let says = match other {
                    Some(word) => format!("says \"{word}\""),
                    None => "has no opinion field".to_owned(),
                };
                b.report.not_understood(
                    None,
                    format!(
                        "the opinion {id} {says}, which is not a STIX opinion (agree, disagree, \
                         neutral, strongly-agree or strongly-disagree); it was skipped"
                    ),
                );
                continue;
            }
        };
        let claimant = text(o, "created_by_ref").and_then(|c| b.entity_id(&c));
        let sources = match cited_by.get(&id) {
            Some(s) => s.clone(),
            None => vec![
                bundle_source
                    .get_or_insert_with(|| {
                        b.source(&bundle_id, &format!("STIX bundle {bundle_id}"))
                    })
                    .clone(),
            ],
        };
        let speaker = o
            .get("authors")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .filter(|s| !s.is_empty());
        let mut extra = Extra::new();
        for (k, v) in o {
            if ![
                "type",
                "opinion",
                "explanation",
                "object_refs",
                "created_by_ref",
                "authors",
            ]
            .contains(&k.as_str())
            {
                extra.insert(k.clone(), v.clone());
            }
        }
        let targets: Vec<usize> = o
            .get("object_refs")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|r| relation_index.get(r.as_str()?).copied())
            .collect();
        if targets.is_empty() {
            b.report.not_understood(
                None,
                format!("the opinion {id} refers to no relationship relmap read; it was skipped"),
            );
            continue;
        }
        counts.3 += 1;
        for t in targets {
            let claims = &mut b.doc_mut().relations[t].claims;
            for source in &sources {
                claims.push(Claim {
                    source: source.clone(),
                    claimant: claimant.clone(),
                    speaker: speaker.clone(),
                    stance,
                    quote: text(o, "explanation").unwrap_or_default(),
                    date: text(o, "created").and_then(|d| stix_date(&d)),
                    anchor: None,
                    credibility: None,
                    extra: extra.clone(),
                });
            }
        }
    }
    for o in &objects {
        let ty = text(o, "type").unwrap_or_default();
        if !ENTITY_TYPES.contains(&ty.as_str())
            && !["relationship", "report", "opinion", "marking-definition"].contains(&ty.as_str())
        {
            *skipped.entry(ty).or_default() += 1;
        }
    }
    b.report.read(format!(
        "{} STIX object(s): {} domain object(s) as entities, {} relationship(s) as relations, {} \
         report(s) as sources, {} opinion(s) as claims",
        objects.len(),
        counts.0,
        counts.1,
        counts.2,
        counts.3
    ));
    b.report.kept(
        "confidence, external references, labels and other STIX properties, as unknown fields",
    );
    for (ty, n) in skipped {
        b.report.not_understood(
            None,
            format!("{n} object(s) of type {ty} are not on the map"),
        );
    }
    // STIX's object types are kinds analysts know by their icons (OpenCTI draws them).
    let (mut doc, report) = b.finish();
    crate::model::kinds::give_usual_icons(&mut doc);
    Ok((doc, report))
}

fn kind_of(ty: &str, identity_class: Option<&str>) -> String {
    match (ty, identity_class) {
        ("identity", Some("individual")) => kinds::PERSON.to_owned(),
        ("identity", Some("organization" | "group" | "class")) | ("identity", None) => {
            kinds::ORGANISATION.to_owned()
        }
        ("identity", Some(other)) => other.to_owned(),
        ("location", _) => kinds::PLACE.to_owned(),
        (other, _) => other.replace('-', " "),
    }
}

/// A STIX timestamp (`2019-11-19T00:00:00.000Z`) as a relmap date.
fn stix_date(text: &str) -> Option<PartialDate> {
    let date = PartialDate::new(text.split('T').next().unwrap_or(text));
    date.is_well_formed().then_some(date)
}

fn external_url(o: &Map<String, Value>) -> Option<String> {
    o.get("external_references")?
        .as_array()?
        .iter()
        .find_map(|r| r.get("url")?.as_str().map(str::to_owned))
}
