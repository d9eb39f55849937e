//! How relmap's own data travels through other formats, so that relmap → GraphML, GEXF,
//! node-link or CSV → relmap loses nothing.
//!
//! Each node and edge a relmap export writes has, beside the readable fields other tools show
//! (name, kind, position, attributes), one more field `relmap` holding the whole entity or
//! relation as relmap JSON: its claims, aliases, period, pin and unknown fields. The graph
//! carries the map's title, description, sources and styles the same way. When relmap reads
//! such a file back, it starts from the `relmap` field and lays the readable fields over it,
//! so an edit made in Gephi or yEd (a renamed node, a changed attribute) wins. A readable
//! value that reads as the same text as the carried one keeps the carried type (a date, or a
//! number written in a text column). docs/FORMAT.md documents the convention.

use serde::Serialize;
use serde_json::Value;

use crate::model::{AttrValue, Attributes, Document, Entity, Relation};

/// The field that carries a relmap item.
pub const FIELD: &str = "relmap";

/// An entity or relation as the compact JSON a `relmap` field holds.
pub fn item_json<T: Serialize>(item: &T) -> String {
    serde_json::to_string(item).unwrap_or_default()
}

/// The map's own fields (not its entities and relations) as JSON.
pub fn map_value(doc: &Document) -> Value {
    let shell = Document {
        entities: Vec::new(),
        relations: Vec::new(),
        // Groups name entities, so they cannot travel in a shell without them.
        groups: Vec::new(),
        ..doc.clone()
    };
    serde_json::from_str(&crate::io::to_json_string(&shell)).unwrap_or(Value::Null)
}

/// Takes the map's own fields from a carried value into `doc`.
pub fn apply_map(doc: &mut Document, carried: &Value) -> bool {
    let Ok(shell) = crate::io::parse_bytes(carried.to_string().as_bytes(), "carried") else {
        return false;
    };
    doc.title = shell.title;
    doc.description = shell.description;
    doc.sources = shell.sources;
    doc.styles = shell.styles;
    doc.notes = shell.notes;
    doc.extra.extend(shell.extra);
    true
}

/// The entity a `relmap` field carries, if it holds one.
pub fn entity(text: &str) -> Option<Entity> {
    serde_json::from_str(text).ok()
}

/// The relation a `relmap` field carries, if it holds one.
pub fn relation(text: &str) -> Option<Relation> {
    serde_json::from_str(text).ok()
}

/// Sets an attribute read from a readable field over the carried ones: a value that reads as
/// the carried value's text keeps the carried type.
pub fn merge(attributes: &mut Attributes, key: String, value: AttrValue) {
    if let Some(carried) = attributes.get(&key)
        && carried.to_string() == value.to_string()
    {
        return;
    }
    attributes.insert(key, value);
}

/// Readable field names an export must not use for an attribute, since readers take them for
/// a node's or edge's own fields; such an attribute is written as `attribute:NAME`.
pub const RESERVED: &[&str] = &[
    "id",
    "label",
    "name",
    "type",
    "kind",
    "category",
    "description",
    "summary",
    "x",
    "y",
    "r",
    "g",
    "b",
    "size",
    "color",
    "relmap",
    "source",
    "target",
    "relation",
    "relationship",
    "edge label",
    "key",
    "title",
    "class",
];

/// The field name an attribute is written under.
pub fn attribute_field(name: &str) -> String {
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(name)) || name.starts_with("attribute:") {
        format!("attribute:{name}")
    } else {
        name.to_owned()
    }
}

/// The attribute a field name stands for.
pub fn attribute_name(field: &str) -> &str {
    field.strip_prefix("attribute:").unwrap_or(field)
}

/// The type every value of an attribute shares, for formats that declare one: `number`,
/// `boolean` or `text` (mixed types and dates are text).
pub fn shared_type<'a>(values: impl Iterator<Item = &'a AttrValue>) -> &'static str {
    let mut ty = None;
    for v in values {
        let t = match v {
            AttrValue::Number(_) => "number",
            AttrValue::Bool(_) => "boolean",
            _ => return "text",
        };
        match ty {
            None => ty = Some(t),
            Some(seen) if seen != t => return "text",
            Some(_) => {}
        }
    }
    ty.unwrap_or("text")
}

/// Every attribute name the items have, in order, with the type its values share.
pub fn columns<'a>(
    items: impl Iterator<Item = &'a Attributes> + Clone,
) -> Vec<(String, &'static str)> {
    let mut names: Vec<&String> = items.clone().flat_map(|a| a.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .map(|name| {
            let ty = shared_type(items.clone().filter_map(|a| a.get(name)));
            (name.clone(), ty)
        })
        .collect()
}

/// Whether two periods cover the same days: a period written out as full dates (GEXF's start
/// and end) and read back is the carried one, with its partial or approximate dates.
pub fn same_days(a: &crate::model::Period, b: &crate::model::Period) -> bool {
    let first = |p: &crate::model::Period| p.from.as_ref().and_then(|d| d.span()).map(|s| s.first);
    let last = |p: &crate::model::Period| p.to.as_ref().and_then(|d| d.span()).map(|s| s.last);
    first(a) == first(b) && last(a) == last(b)
}
