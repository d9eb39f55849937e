//! Node-link JSON, as d3 examples and networkx's `node_link_data` write it:
//! `{"directed", "multigraph", "graph", "nodes": [...], "links" | "edges": [...]}`.
//!
//! - Node ids may be strings or numbers. Without ids (older d3 files), a link's `source` and
//!   `target` are indices into `nodes`; after a d3 simulation they may be the node objects.
//! - A node's `name` or `label` is its name (else its id), `type`, `kind` or `category` its
//!   kind, `description` its summary, `x`/`y` its position (`fx`/`fy` pin it).
//! - A link's `label` is its label, `type`, `kind` or `relation` its kind.
//! - Other values become typed attributes; lists and objects are kept as unknown fields.
//! - `directed` gives the direction (undirected when the file does not say), and `graph`'s
//!   `name` the title; the rest of `graph` is kept among the map's unknown fields.

use std::collections::{BTreeMap, HashSet};

use serde_json::{Map, Value};

use super::builder::Builder;
use super::carry;
use super::report::ImportReport;
use crate::io::LoadError;
use crate::model::{AttrValue, Document, Entity, Extra, Position, Problem, Relation};

/// Reads node-link JSON into a map.
pub fn read(
    bytes: &[u8],
    origin: &str,
    title: &str,
) -> Result<(Document, ImportReport), LoadError> {
    let value = crate::io::parse_json(bytes, origin)?;
    let invalid = |message: &str| LoadError::Invalid {
        origin: origin.to_owned(),
        problems: vec![Problem::new("the file", message)],
    };
    let Value::Object(mut top) = value else {
        return Err(invalid("node-link JSON is an object with \"nodes\""));
    };
    let Some(Value::Array(nodes)) = top.shift_remove("nodes") else {
        return Err(invalid("\"nodes\" must be a list"));
    };
    let (links_key, links) = match (top.shift_remove("links"), top.shift_remove("edges")) {
        (Some(Value::Array(l)), _) => ("links", l),
        (_, Some(Value::Array(l))) => ("edges", l),
        (None, None) => ("links", Vec::new()),
        _ => return Err(invalid("\"links\" (or \"edges\") must be a list")),
    };
    let mut b = Builder::new(title);
    let directed = match top.shift_remove("directed") {
        Some(Value::Bool(d)) => d,
        _ => {
            b.report
                .read("the file does not say whether links are directed: read as undirected");
            false
        }
    };
    top.shift_remove("multigraph");
    if let Some(Value::Object(mut graph)) = top.shift_remove("graph") {
        if let Some(map) = graph.shift_remove(carry::FIELD)
            && carry::apply_map(b.doc_mut(), &map)
        {
            b.report.read(
                "relmap's own data carried in the file: claims, sources, aliases, periods and \
                 ids, with the readable fields laid over them",
            );
        }
        if let Some(Value::String(name)) = graph.shift_remove("name") {
            b.doc_mut().title = name;
        }
        if !graph.is_empty() {
            b.doc_mut()
                .extra
                .insert("graph".into(), Value::Object(graph));
            b.report
                .kept("the graph's attributes, among the map's unknown fields as \"graph\"");
        }
    }
    for (k, v) in top {
        b.doc_mut().extra.insert(k.clone(), v);
        b.report.kept(format!(
            "the top-level field \"{k}\", among the map's unknown fields"
        ));
    }

    let mut kept: BTreeMap<(&str, String), usize> = BTreeMap::new();
    // Foreign ids by node index, to resolve d3's index-based links.
    let mut by_index: Vec<String> = Vec::with_capacity(nodes.len());
    for (i, node) in nodes.into_iter().enumerate() {
        let id = node_into(&mut b, i, node, &mut kept);
        by_index.push(id.unwrap_or_default());
    }
    let ids: HashSet<String> = by_index.iter().cloned().collect();
    let mut count = 0;
    for (i, link) in links.into_iter().enumerate() {
        let ends = Ends {
            ids: &ids,
            by_index: &by_index,
        };
        if link_into(&mut b, i, link, &ends, directed, links_key, &mut kept) {
            count += 1;
        }
    }
    b.report.read(format!(
        "{} node(s) and {count} {links_key} of node-link JSON, as entities and relations",
        by_index.len()
    ));
    for ((on, name), n) in kept {
        b.report
            .kept(format!("{on} field \"{name}\" on {n} {on}(s)"));
    }
    Ok(b.finish())
}

/// Where node-link items become relmap items: the [`Builder`] of a whole map, or the
/// streaming reader's target ([`super::nodelink_stream`]).
pub(crate) trait Target {
    fn node(&mut self, foreign: &str) -> &mut Entity;
    fn node_from(&mut self, foreign: &str, carried: Entity) -> &mut Entity;
    fn edge(&mut self, foreign: Option<&str>, from: &str, to: &str) -> &mut Relation;
    fn edge_from(
        &mut self,
        foreign: Option<&str>,
        from: &str,
        to: &str,
        carried: Relation,
    ) -> &mut Relation;
    fn report(&mut self) -> &mut ImportReport;
}

impl Target for Builder {
    fn node(&mut self, foreign: &str) -> &mut Entity {
        Builder::node(self, foreign)
    }
    fn node_from(&mut self, foreign: &str, carried: Entity) -> &mut Entity {
        Builder::node_from(self, foreign, carried)
    }
    fn edge(&mut self, foreign: Option<&str>, from: &str, to: &str) -> &mut Relation {
        Builder::edge(self, foreign, from, to)
    }
    fn edge_from(
        &mut self,
        foreign: Option<&str>,
        from: &str,
        to: &str,
        carried: Relation,
    ) -> &mut Relation {
        Builder::edge_from(self, foreign, from, to, carried)
    }
    fn report(&mut self) -> &mut ImportReport {
        &mut self.report
    }
}

/// What fields were kept, by where they were and their name: for the report.
pub(crate) type Kept = BTreeMap<(&'static str, String), usize>;

/// Node `i` of the file as an entity of `t`; its foreign id, or `None` when it is no object.
pub(crate) fn node_into(
    t: &mut impl Target,
    i: usize,
    node: Value,
    kept: &mut Kept,
) -> Option<String> {
    let Value::Object(mut fields) = node else {
        t.report().not_understood(
            None,
            format!("node #{} is not an object and was skipped", i + 1),
        );
        return None;
    };
    let id = fields
        .shift_remove("id")
        .map_or_else(|| i.to_string(), |v| id_text(&v));
    let carried: Option<Entity> = fields
        .shift_remove(carry::FIELD)
        .and_then(|v| crate::io::from_value_exact(v).ok());
    let name = take_text(&mut fields, &["name", "label"]);
    let kind = take_text(&mut fields, &["type", "kind", "category"]);
    let summary = take_text(&mut fields, &["description"]);
    let number = |v: Option<Value>| v.and_then(|v| v.as_f64());
    let (x, y) = (
        number(fields.shift_remove("x")),
        number(fields.shift_remove("y")),
    );
    let (fx, fy) = (
        number(fields.shift_remove("fx")),
        number(fields.shift_remove("fy")),
    );
    for k in ["vx", "vy", "index"] {
        fields.shift_remove(k);
    }
    let (attributes, extra) = split_values(fields, "node", kept);
    let e = match carried {
        Some(carried) => t.node_from(&id, carried),
        None => t.node(&id),
    };
    if let Some(name) = name {
        e.name = name;
    }
    if let Some(kind) = kind {
        e.kind = kind;
    }
    if let Some(summary) = summary {
        e.summary = summary;
    }
    if let (Some(x), Some(y)) = (fx.or(x), fy.or(y))
        && e.position.as_ref().is_none_or(|p| (p.x, p.y) != (x, y))
    {
        e.position = Some(Position::new(x, y));
        e.pinned = fx.is_some() && fy.is_some();
    }
    for (k, v) in attributes {
        carry::merge(&mut e.attributes, carry::attribute_name(&k).to_owned(), v);
    }
    e.extra.extend(extra);
    Some(id)
}

/// How a link's `source` and `target` name nodes: by id, by index into `nodes` (d3 without
/// ids), or as the node object itself (after a d3 simulation).
pub(crate) struct Ends<'a> {
    pub ids: &'a HashSet<String>,
    pub by_index: &'a [String],
}

impl Ends<'_> {
    fn resolve(&self, v: &Value) -> Option<String> {
        let v = match v {
            Value::Object(o) => o.get("id").or_else(|| o.get("index"))?,
            other => other,
        };
        let text = id_text(v);
        if self.ids.contains(&text) {
            return Some(text);
        }
        let i = v.as_u64()? as usize;
        self.by_index.get(i).filter(|id| !id.is_empty()).cloned()
    }
}

/// Link `i` of the file as a relation of `t`; false when it was skipped.
pub(crate) fn link_into(
    t: &mut impl Target,
    i: usize,
    link: Value,
    ends: &Ends,
    directed: bool,
    links_key: &str,
    kept: &mut Kept,
) -> bool {
    let Value::Object(mut fields) = link else {
        t.report().not_understood(
            None,
            format!("{links_key} #{} is not an object and was skipped", i + 1),
        );
        return false;
    };
    let pair = (fields.shift_remove("source"), fields.shift_remove("target"));
    let end = |v: &Option<Value>| {
        v.as_ref()
            .and_then(|v| ends.resolve(v))
            .or_else(|| v.as_ref().map(id_text))
    };
    let (Some(source), Some(target)) = (end(&pair.0), end(&pair.1)) else {
        t.report().not_understood(
            None,
            format!(
                "{links_key} #{} has no source or target and was skipped",
                i + 1
            ),
        );
        return false;
    };
    let label = take_text(&mut fields, &["label"]);
    let kind = take_text(&mut fields, &["type", "kind", "relation"]);
    // networkx's multigraph key names a parallel edge; an id wins where both are given.
    let key = fields.shift_remove("key").map(|v| id_text(&v));
    let id = fields.shift_remove("id").map(|v| id_text(&v)).or(key);
    let carried: Option<Relation> = fields
        .shift_remove(carry::FIELD)
        .and_then(|v| crate::io::from_value_exact(v).ok());
    fields.shift_remove("index");
    let (attributes, extra) = split_values(fields, "link", kept);
    let r = match carried {
        Some(carried) => t.edge_from(id.as_deref(), &source, &target, carried),
        None => {
            let r = t.edge(id.as_deref(), &source, &target);
            r.directed = directed;
            r
        }
    };
    if let Some(label) = label {
        r.label = label;
    }
    if let Some(kind) = kind {
        r.kind = kind;
    }
    for (k, v) in attributes {
        carry::merge(&mut r.attributes, carry::attribute_name(&k).to_owned(), v);
    }
    r.extra.extend(extra);
    true
}

/// An id as text: a string as it is, a number as written.
pub(crate) fn id_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn take_text(fields: &mut Map<String, Value>, names: &[&str]) -> Option<String> {
    names.iter().find_map(|n| match fields.shift_remove(*n)? {
        Value::Null => None,
        v => Some(id_text(&v)),
    })
}

/// The fields of relmap's entities and relations.
const RESERVED: &[&str] = &[
    "id",
    "name",
    "kind",
    "aliases",
    "summary",
    "attributes",
    "period",
    "position",
    "pinned",
    "from",
    "to",
    "label",
    "directed",
    "claims",
];

/// Scalars become typed attributes; lists and objects stay as they are, as unknown fields.
fn split_values(
    fields: Map<String, Value>,
    on: &'static str,
    kept: &mut Kept,
) -> (Vec<(String, AttrValue)>, Extra) {
    let mut attributes = Vec::new();
    let mut extra = Extra::new();
    for (k, v) in fields {
        *kept.entry((on, k.clone())).or_default() += 1;
        match v {
            Value::String(s) => attributes.push((k, AttrValue::Text(s))),
            Value::Bool(b) => attributes.push((k, AttrValue::Bool(b))),
            Value::Number(n) => attributes.push((k, AttrValue::Number(n))),
            Value::Null => {}
            // A field relmap's own format uses cannot be an unknown field too.
            other if RESERVED.contains(&k.as_str()) => {
                attributes.push((k, AttrValue::Text(other.to_string())));
            }
            other => {
                extra.insert(k, other);
            }
        }
    }
    (attributes, extra)
}
