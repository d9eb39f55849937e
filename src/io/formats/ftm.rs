//! FollowTheMoney entities, as Aleph and OpenSanctions export them: JSON lines (one entity a
//! line), a JSON array, or one entity.
//!
//! - Thing schemata (Person, Organization, Company, PublicBody, Vessel, Address…) become
//!   entities. The kind comes from the schema (Person → person, Organization, Company and
//!   LegalEntity → organisation, PublicBody → government body, Address → place, Event →
//!   event, others their label). The first `name` is the name; the other names, `alias`,
//!   `weakAlias` and `previousName` are aliases; `description` or `summary` the summary.
//!   Birth and death, incorporation and dissolution dates give the period. Other properties
//!   become attributes: dates as dates, several values joined with "; ".
//! - Edge schemata (Ownership, Directorship, Membership, Family, Associate, Employment,
//!   Representation, UnknownLink…) become relations. Which properties hold the two ends is
//!   the model's own `edge:` block ([`super::ftm_schema`], generated from the model):
//!   nothing is guessed per schema. `startDate`/`endDate` give the period, `role` or
//!   `relationship` (the model's caption) the label, and `sourceUrl`/`publisher` a source
//!   with a claim asserting the relation.
//! - Other schemata (Sanction, Identification, Note…) are not on the map; the report lists
//!   them with their lines.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::builder::Builder;
use super::ftm_schema::{DATE_PROPERTIES, EDGES, ENTITY_PROPERTIES, EdgeSchema, Family, SCHEMATA};
use super::report::ImportReport;
use crate::io::LoadError;
use crate::model::{
    AttrValue, Claim, Document, Entity, Extra, PartialDate, Period, Problem, Relation, Source,
    SourceId, Stance, kinds,
};

/// Where FollowTheMoney entities become relmap items: the [`Builder`] of a whole map, or
/// the streaming reader's one-line target ([`super::ftm_stream`]).
pub(crate) trait Target {
    /// The entity for the foreign id `foreign`, to fill in.
    fn node(&mut self, foreign: &str) -> &mut Entity;
    /// A new relation between two foreign ids, to fill in.
    fn edge(&mut self, foreign: Option<&str>, from: &str, to: &str) -> &mut Relation;
    /// The source for the foreign key `key`, made with `title` if it is new.
    fn source(&mut self, key: &str, title: &str) -> SourceId;
    fn source_mut(&mut self, key: &str) -> Option<&mut Source>;
}

impl Target for Builder {
    fn node(&mut self, foreign: &str) -> &mut Entity {
        Builder::node(self, foreign)
    }
    fn edge(&mut self, foreign: Option<&str>, from: &str, to: &str) -> &mut Relation {
        Builder::edge(self, foreign, from, to)
    }
    fn source(&mut self, key: &str, title: &str) -> SourceId {
        Builder::source(self, key, title)
    }
    fn source_mut(&mut self, key: &str) -> Option<&mut Source> {
        Builder::source_mut(self, key)
    }
}

/// One FollowTheMoney entity, with the line it came from.
pub(crate) struct Item {
    pub line: usize,
    pub id: String,
    pub schema: String,
    properties: BTreeMap<String, Vec<String>>,
    /// Other top-level fields (datasets, first_seen, referents…).
    rest: Map<String, Value>,
}

/// Reads FollowTheMoney entities into a map.
pub fn read(
    bytes: &[u8],
    origin: &str,
    title: &str,
) -> Result<(Document, ImportReport), LoadError> {
    let mut b = Builder::new(title);
    let items = parse(bytes, origin, &mut b.report)?;
    let mut things = 0;
    let mut edges = 0;
    let mut skipped: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    // Things first, so relations find their ends whatever the order of the file.
    let mut references = Vec::new();
    for item in &items {
        match family(&item.schema) {
            Some((label, Family::Thing)) if edge_schema(&item.schema).is_none() => {
                things += 1;
                references.extend(thing(&mut b, item, label));
            }
            Some(_) if edge_schema(&item.schema).is_some() => {}
            _ => skipped
                .entry(item.schema.clone())
                .or_default()
                .push(item.line),
        }
    }
    for item in &items {
        if let Some(edge) = edge_schema(&item.schema) {
            if relation(&mut b, item, edge) {
                edges += 1;
            } else {
                b.report.not_understood(
                    Some(item.line),
                    format!(
                        "the {} \"{}\" names no {} or no {}; it was skipped",
                        item.schema, item.id, edge.source, edge.target
                    ),
                );
            }
        }
    }
    // A thing's property that names another entity of the file (an organisation's parent,
    // a person's address entity) is a relation; one naming an entity not in the file stays
    // an attribute holding the id.
    let mut linked = 0;
    for (from, property, to) in references {
        if b.has_node(&to) {
            let r = b.edge(None, &from, &to);
            r.kind = property;
            linked += 1;
        } else if let Some(e) = b.existing(&from) {
            e.attributes.insert(property, AttrValue::Text(to));
        }
    }
    b.report.read(format!(
        "{} FollowTheMoney entities: {things} thing(s) as entities, {edges} edge(s) as relations",
        items.len()
    ));
    if linked > 0 {
        b.report.read(format!(
            "{linked} reference(s) from a thing to another entity of the file (such as parent or \
             addressEntity), as relations named by the property"
        ));
    }
    for (schema, lines) in skipped {
        let shown: Vec<String> = lines.iter().take(5).map(usize::to_string).collect();
        b.report.not_understood(
            lines.first().copied(),
            format!(
                "{} {schema} entit{} (lines {}{}) are neither things nor relations and were not \
                 read",
                lines.len(),
                if lines.len() == 1 { "y" } else { "ies" },
                shown.join(", "),
                if lines.len() > 5 { ", …" } else { "" }
            ),
        );
    }
    // FollowTheMoney's schemata are kinds analysts know by their icons (Aleph draws them).
    let (mut doc, report) = b.finish();
    crate::model::kinds::give_usual_icons(&mut doc);
    Ok((doc, report))
}

pub(crate) fn edge_schema(schema: &str) -> Option<&'static EdgeSchema> {
    EDGES.iter().find(|e| e.schema == schema)
}

fn parse(bytes: &[u8], origin: &str, report: &mut ImportReport) -> Result<Vec<Item>, LoadError> {
    let syntax = |line: usize, e: serde_json::Error| crate::io::json_error(origin, line, &e);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    let values: Vec<(usize, Value)> = if bytes.get(start) == Some(&b'[') {
        match serde_json::from_slice(bytes).map_err(|e| syntax(e.line(), e))? {
            Value::Array(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, v)| (i + 1, v))
                .collect(),
            _ => Vec::new(),
        }
    } else {
        let mut out = Vec::new();
        for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            out.push((
                i + 1,
                serde_json::from_slice(line).map_err(|e| syntax(i + 1, e))?,
            ));
        }
        out
    };
    let mut items = Vec::with_capacity(values.len());
    for (line, value) in values {
        items.extend(item_of(line, value, report));
    }
    if items.is_empty() {
        return Err(LoadError::Invalid {
            origin: origin.to_owned(),
            problems: vec![Problem::new(
                "the file",
                "it holds no FollowTheMoney entity",
            )],
        });
    }
    Ok(items)
}

/// One entity of the file as an [`Item`]; `None` (with a note in the report) for one without
/// an id or a schema.
pub(crate) fn item_of(line: usize, value: Value, report: &mut ImportReport) -> Option<Item> {
    let Value::Object(mut fields) = value else {
        report.not_understood(Some(line), "an entry that is not an object was skipped");
        return None;
    };
    let text = |v: Option<Value>| v.and_then(|v| v.as_str().map(str::to_owned));
    let (Some(id), Some(schema)) = (
        text(fields.shift_remove("id")),
        text(fields.shift_remove("schema")),
    ) else {
        report.not_understood(
            Some(line),
            "an entity without an id or a schema was skipped",
        );
        return None;
    };
    let properties = match fields.shift_remove("properties") {
        Some(Value::Object(props)) => props
            .into_iter()
            .map(|(k, v)| {
                let values = match v {
                    Value::Array(vs) => vs.iter().map(value_text).collect(),
                    other => vec![value_text(&other)],
                };
                (k, values)
            })
            .collect(),
        _ => BTreeMap::new(),
    };
    Some(Item {
        line,
        id,
        schema,
        properties,
        rest: fields,
    })
}

/// A schema's label and family, if the model knows it.
pub(crate) fn family(schema: &str) -> Option<(&'static str, Family)> {
    SCHEMATA
        .iter()
        .find(|(name, _, _)| *name == schema)
        .map(|(_, label, family)| (*label, *family))
}

fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn kind_of(schema: &str, label: &str) -> String {
    match schema {
        "Person" => kinds::PERSON.to_owned(),
        "Organization" | "Company" | "LegalEntity" => kinds::ORGANISATION.to_owned(),
        "PublicBody" => kinds::GOVERNMENT_BODY.to_owned(),
        "Address" => kinds::PLACE.to_owned(),
        "Event" => kinds::EVENT.to_owned(),
        _ => label.to_lowercase(),
    }
}

const NAMES: &[&str] = &["name", "alias", "weakAlias", "previousName", "abbreviation"];
const SUMMARY: &[&str] = &["description", "summary"];
const STARTS: &[&str] = &["birthDate", "incorporationDate", "startDate", "date"];
const ENDS: &[&str] = &["deathDate", "dissolutionDate", "endDate"];

/// Makes the entity of a thing; returns its references to other entities, as (from, property,
/// to) in foreign ids.
pub(crate) fn thing(
    b: &mut impl Target,
    item: &Item,
    label: &str,
) -> Vec<(String, String, String)> {
    let mut props = item.properties.clone();
    let mut references = Vec::new();
    for property in ENTITY_PROPERTIES {
        for to in props.remove(*property).unwrap_or_default() {
            references.push((item.id.clone(), (*property).to_owned(), to));
        }
    }
    let mut names: Vec<String> = Vec::new();
    for key in NAMES {
        for n in props.remove(*key).unwrap_or_default() {
            if !names.contains(&n) {
                names.push(n);
            }
        }
    }
    let summary = SUMMARY
        .iter()
        .find_map(|k| props.remove(*k))
        .and_then(|v| v.into_iter().next());
    let period = take_period(&mut props, STARTS, ENDS);
    let e = b.node(&item.id);
    let mut names = names.into_iter();
    if let Some(name) = names.next() {
        e.name = name;
    } else if let Some(Value::String(caption)) = item.rest.get("caption") {
        e.name = caption.clone();
    }
    e.aliases.extend(names);
    e.kind = kind_of(&item.schema, label);
    if let Some(summary) = summary {
        e.summary = summary;
    }
    e.period = period;
    e.attributes.extend(attributes(props));
    e.extra.extend(item.rest.clone());
    references
}

/// A relation of an edge schema; false when an end is missing.
pub(crate) fn relation(b: &mut impl Target, item: &Item, edge: &EdgeSchema) -> bool {
    let mut props = item.properties.clone();
    let (Some(from), Some(to)) = (
        props.remove(edge.source).and_then(|v| v.into_iter().next()),
        props.remove(edge.target).and_then(|v| v.into_iter().next()),
    ) else {
        return false;
    };
    let caption: Vec<String> = edge
        .caption
        .iter()
        .filter_map(|c| props.remove(*c))
        .flatten()
        .collect();
    let period = take_period(&mut props, &["startDate", "date"], &["endDate"]);
    let urls = props.remove("sourceUrl").unwrap_or_default();
    let publishers = props.remove("publisher").unwrap_or_default();
    let summary = SUMMARY
        .iter()
        .find_map(|k| props.remove(*k))
        .and_then(|v| v.into_iter().next());
    let mut sources = Vec::new();
    for (i, key) in urls.iter().chain(publishers.iter()).enumerate() {
        let title = publishers.get(i).unwrap_or(key);
        let id = b.source(key, title);
        if let Some(s) = b.source_mut(key)
            && key.starts_with("http")
        {
            s.url = Some(key.clone());
        }
        sources.push(id);
    }
    let attrs = attributes(props);
    let r = b.edge(Some(&item.id), &from, &to);
    r.kind = edge.label.to_owned();
    r.directed = edge.directed;
    r.label = caption.join("; ");
    r.period = period;
    r.attributes.extend(attrs);
    r.extra.extend(item.rest.clone());
    for source in sources {
        r.claims.push(Claim {
            source,
            claimant: None,
            speaker: publishers.first().cloned(),
            stance: Stance::Asserts,
            quote: summary.clone().unwrap_or_default(),
            date: None,
            anchor: None,
            credibility: None,
            extra: Extra::new(),
        });
    }
    true
}

fn take_period(
    props: &mut BTreeMap<String, Vec<String>>,
    starts: &[&str],
    ends: &[&str],
) -> Option<Period> {
    let mut take = |keys: &[&str]| {
        keys.iter().find_map(|k| {
            let values = props.get(*k)?;
            let date = ftm_date(values.first()?)?;
            props.remove(*k);
            Some(date)
        })
    };
    let from = take(starts);
    let to = take(ends);
    (from.is_some() || to.is_some()).then(|| Period {
        from,
        to,
        extra: Extra::new(),
    })
}

/// A FollowTheMoney date (ISO 8601, perhaps with a time) as a relmap date.
fn ftm_date(text: &str) -> Option<PartialDate> {
    let day = text.split('T').next().unwrap_or(text);
    let date = PartialDate::new(day);
    date.is_well_formed().then_some(date)
}

fn attributes(props: BTreeMap<String, Vec<String>>) -> Vec<(String, AttrValue)> {
    props
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, values)| {
            let value = match values.as_slice() {
                [one] if DATE_PROPERTIES.contains(&k.as_str()) => match ftm_date(one) {
                    Some(date) => AttrValue::Date { date },
                    None => AttrValue::text(one.clone()),
                },
                _ => AttrValue::Text(values.join("; ")),
            };
            (k, value)
        })
        .collect()
}
