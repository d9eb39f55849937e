//! Map items as the store's rows, and rows back into a map.
//!
//! A row keeps the item whole as JSON text (`body`), serialised exactly as a map file holds it,
//! so every field survives the store: typed attributes, periods, anchors, grades and fields
//! this relmap does not know. Beside it are the columns queries need (name, kind, the ends of
//! a relation, the text search reads). A relation's claims are rows of their own; an entity's
//! position is not in its body but in the positions of the analyst who placed it.
//!
//! Rows become a map the way a file does: their bodies are put together as a map file's text
//! and read by [`crate::io::parse_bytes`], so a map from the store is checked like any other.
//!
//! A map taken from the store carries its [`Base`]: for each item, the version it was taken at
//! and a fingerprint of what it was, so `apply` can tell what this analyst changed.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::model::{Document, Entity, Relation, Source};

/// The top-level field of a map that holds its [`Base`].
pub const BASE_KEY: &str = "store";

/// The three tables of items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Table {
    Sources,
    Entities,
    Relations,
}

impl Table {
    pub const ALL: [Table; 3] = [Table::Sources, Table::Entities, Table::Relations];

    pub fn name(self) -> &'static str {
        match self {
            Table::Sources => "sources",
            Table::Entities => "entities",
            Table::Relations => "relations",
        }
    }

    /// The item as messages name it ("entity", "relation", "source").
    pub fn item(self) -> &'static str {
        match self {
            Table::Sources => "source",
            Table::Entities => "entity",
            Table::Relations => "relation",
        }
    }
}

/// A change log's table name as the item it holds ("entities" is "entity"; an import's
/// entry, for the whole case, is "case").
pub fn item_of(table: &str) -> String {
    Table::ALL
        .iter()
        .find(|t| t.name() == table)
        .map_or("case", |t| t.item())
        .to_owned()
}

/// One item as the store writes it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    pub table: Table,
    pub id: String,
    /// An entity's name, a source's title, a relation's kind.
    pub name: String,
    /// An entity's or a relation's kind; empty for a source.
    pub kind: String,
    /// What search reads: an entity's name and aliases, a line each; empty otherwise.
    pub search: String,
    /// A relation's ends; empty otherwise.
    pub from: String,
    pub to: String,
    pub body: String,
    pub claims: Vec<ClaimRow>,
}

/// One claim of a relation, in the relation's order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ClaimRow {
    pub ordinal: i64,
    pub source: String,
    pub stance: String,
    pub claimant: Option<String>,
    pub body: String,
}

impl Row {
    /// A fingerprint of the item's content (body and claims), which a map's base keeps.
    pub fn fingerprint(&self) -> String {
        let mut h = Fnv::new();
        h.write(self.body.as_bytes());
        for c in &self.claims {
            h.write(b"\n");
            h.write(c.body.as_bytes());
        }
        h.hex()
    }
}

/// A row as read back: its version and content.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Stored {
    pub id: String,
    pub version: i64,
    pub body: String,
    /// A relation's claims' bodies, in order.
    pub claims: Vec<String>,
}

impl Stored {
    pub fn fingerprint(&self) -> String {
        let mut h = Fnv::new();
        h.write(self.body.as_bytes());
        for c in &self.claims {
            h.write(b"\n");
            h.write(c.as_bytes());
        }
        h.hex()
    }
}

/// FNV-1a, 64 bits: a fingerprint that is the same in every build and on every machine, as
/// a map file's base needs (std's hashers promise neither).
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    fn hex(&self) -> String {
        format!("{:016x}", self.0)
    }
}

fn json<T: serde::Serialize>(v: &T) -> String {
    // The model holds only strings, numbers, bools, lists and string-keyed maps, which always
    // serialise; as in io::to_json_string, a failure would be a model bug and shows as null.
    serde_json::to_string(v).unwrap_or_else(|_| "null".to_owned())
}

pub(crate) fn entity_row(e: &Entity) -> Row {
    let mut bare = e.clone();
    bare.position = None;
    bare.pinned = false;
    let mut search = e.name.clone();
    for a in &e.aliases {
        search.push('\n');
        search.push_str(a);
    }
    Row {
        table: Table::Entities,
        id: e.id.as_str().to_owned(),
        name: e.name.clone(),
        kind: e.kind.clone(),
        search,
        from: String::new(),
        to: String::new(),
        body: json(&bare),
        claims: Vec::new(),
    }
}

pub(crate) fn relation_row(r: &Relation) -> Row {
    let mut bare = r.clone();
    let claims = std::mem::take(&mut bare.claims);
    Row {
        table: Table::Relations,
        id: r.id.as_str().to_owned(),
        name: r.kind.clone(),
        kind: r.kind.clone(),
        search: String::new(),
        from: r.from.as_str().to_owned(),
        to: r.to.as_str().to_owned(),
        body: json(&bare),
        claims: claims
            .iter()
            .enumerate()
            .map(|(i, c)| ClaimRow {
                ordinal: i as i64,
                source: c.source.as_str().to_owned(),
                stance: c.stance.as_str().to_owned(),
                claimant: c.claimant.as_ref().map(|id| id.as_str().to_owned()),
                body: json(c),
            })
            .collect(),
    }
}

pub(crate) fn source_row(s: &Source) -> Row {
    Row {
        table: Table::Sources,
        id: s.id.as_str().to_owned(),
        name: s.title.clone(),
        kind: String::new(),
        search: String::new(),
        from: String::new(),
        to: String::new(),
        body: json(s),
        claims: Vec::new(),
    }
}

/// Every item of `doc` as rows: sources, then entities, then relations.
pub(crate) fn rows_of(doc: &Document) -> impl Iterator<Item = Row> + '_ {
    doc.sources
        .iter()
        .map(source_row)
        .chain(doc.entities.iter().map(entity_row))
        .chain(doc.relations.iter().map(relation_row))
}

/// An entity's place on one analyst's canvas.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Placed {
    pub entity: String,
    pub x: f64,
    pub y: f64,
    pub pinned: bool,
    /// The position as JSON, unknown fields included.
    pub body: String,
}

pub(crate) fn placements(doc: &Document) -> Vec<Placed> {
    doc.entities.iter().filter_map(placement).collect()
}

/// An entity's position, if it has one it may keep.
pub(crate) fn placement(e: &Entity) -> Option<Placed> {
    let p = e.position.as_ref().filter(|p| p.is_within_limits())?;
    Some(Placed {
        entity: e.id.as_str().to_owned(),
        x: p.x,
        y: p.y,
        pinned: e.pinned,
        body: json(p),
    })
}

/// The map-level fields a case keeps (title, description, styles and unknown fields), as a
/// JSON object; the base is not one of them.
pub(crate) fn case_meta(doc: &Document) -> String {
    case_meta_with(doc, &doc.groups, &doc.notes)
}

/// [`case_meta`] with these groups and notes in place of the map's.
pub(crate) fn case_meta_with(
    doc: &Document,
    groups: &[crate::model::Group],
    notes: &[crate::model::Note],
) -> String {
    let mut top = Map::new();
    top.insert("title".into(), doc.title.clone().into());
    if !doc.description.is_empty() {
        top.insert("description".into(), doc.description.clone().into());
    }
    if !doc.styles.is_empty() {
        top.insert(
            "styles".into(),
            serde_json::to_value(&doc.styles).unwrap_or(Value::Null),
        );
    }
    if !groups.is_empty() {
        top.insert(
            super::groups::FIELD.into(),
            serde_json::to_value(groups).unwrap_or(Value::Null),
        );
    }
    if !notes.is_empty() {
        top.insert(
            "notes".into(),
            serde_json::to_value(notes).unwrap_or(Value::Null),
        );
    }
    for (k, v) in &doc.extra {
        if k != BASE_KEY {
            top.insert(k.clone(), v.clone());
        }
    }
    json(&Value::Object(top))
}

/// An entity row's body with its analyst's position put back.
pub(crate) struct EntityOut {
    pub body: String,
    pub position: Option<(String, bool)>,
}

/// A relation row's body with its claims' bodies.
pub(crate) struct RelationOut {
    pub body: String,
    pub claims: Vec<String>,
}

/// Puts rows together into a map file's text and reads it as one; `origin` names the case in
/// messages.
pub(crate) fn document(
    origin: &str,
    meta: &str,
    sources: &[String],
    entities: &[EntityOut],
    relations: &[RelationOut],
) -> Result<Document, String> {
    let mut text = String::with_capacity(
        meta.len()
            + sources.iter().map(String::len).sum::<usize>()
            + entities.iter().map(|e| e.body.len() + 64).sum::<usize>()
            + relations
                .iter()
                .map(|r| r.body.len() + r.claims.iter().map(String::len).sum::<usize>() + 16)
                .sum::<usize>()
            + 128,
    );
    // A view holds part of the case: its groups are read apart and list only what it holds.
    let grouped = super::groups::without(meta);
    let groups = grouped.as_ref().map(|_| super::groups::of_meta(meta));
    let meta = grouped.as_deref().unwrap_or(meta);
    text.push_str("{\"format\":\"relmap\",\"version\":2,");
    let inner = object_inner(meta);
    if !inner.is_empty() {
        text.push_str(inner);
        text.push(',');
    }
    text.push_str("\"sources\":[");
    join(&mut text, sources.iter().map(String::as_str));
    text.push_str("],\"entities\":[");
    let mut first = true;
    for e in entities {
        if !first {
            text.push(',');
        }
        first = false;
        match &e.position {
            Some((position, pinned)) => {
                splice(&mut text, &e.body, |t| {
                    t.push_str("\"position\":");
                    t.push_str(position);
                    if *pinned {
                        t.push_str(",\"pinned\":true");
                    }
                });
            }
            None => text.push_str(&e.body),
        }
    }
    text.push_str("],\"relations\":[");
    let mut first = true;
    for r in relations {
        if !first {
            text.push(',');
        }
        first = false;
        if r.claims.is_empty() {
            text.push_str(&r.body);
        } else {
            splice(&mut text, &r.body, |t| {
                t.push_str("\"claims\":[");
                join(t, r.claims.iter().map(String::as_str));
                t.push(']');
            });
        }
    }
    text.push_str("]}");
    let mut doc = crate::io::parse_bytes(text.as_bytes(), origin).map_err(|e| e.to_string())?;
    if let Some(groups) = groups {
        let held: std::collections::HashSet<&str> =
            doc.entities.iter().map(|e| e.id.as_str()).collect();
        let groups = super::groups::prune(groups, &|id| held.contains(id));
        doc.groups = groups;
    }
    Ok(doc)
}

/// The text between an object's braces.
fn object_inner(object: &str) -> &str {
    let t = object.trim();
    t.strip_prefix('{')
        .and_then(|t| t.strip_suffix('}'))
        .unwrap_or("")
        .trim()
}

fn join<'a>(text: &mut String, items: impl Iterator<Item = &'a str>) {
    for (i, item) in items.enumerate() {
        if i > 0 {
            text.push(',');
        }
        text.push_str(item);
    }
}

/// Writes `object` with more fields added at its end.
fn splice(text: &mut String, object: &str, more: impl FnOnce(&mut String)) {
    let inner = object_inner(object);
    text.push('{');
    if !inner.is_empty() {
        text.push_str(inner);
        text.push(',');
    }
    more(text);
    text.push('}');
}

/// What a map took from the store: its case, and for each item the version it was taken at
/// and the fingerprint of what it was then. It is kept in the map's `store` field, so it is
/// saved with the map and survives editing in the window.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Base {
    pub case: String,
    pub items: BTreeMap<(TableName, String), (i64, String)>,
}

/// A table's name, as the base writes it ("entities", "relations", "sources").
pub type TableName = &'static str;

impl Base {
    pub(crate) fn new(case: &str) -> Self {
        Base {
            case: case.to_owned(),
            items: BTreeMap::new(),
        }
    }

    pub(crate) fn insert(&mut self, table: Table, id: &str, version: i64, fingerprint: String) {
        self.items
            .insert((table.name(), id.to_owned()), (version, fingerprint));
    }

    pub(crate) fn get(&self, table: Table, id: &str) -> Option<&(i64, String)> {
        self.items.get(&(table.name(), id.to_owned()))
    }

    /// The base `doc` carries: `None` when it has none; an error naming the field when it is
    /// malformed.
    pub fn of(doc: &Document) -> Option<Result<Base, String>> {
        doc.extra.get(BASE_KEY).map(Base::from_value)
    }

    fn from_value(v: &Value) -> Result<Base, String> {
        let bad = |what: &str| format!("the map's \"{BASE_KEY}\" field: {what}");
        let case = v
            .get("case")
            .and_then(Value::as_str)
            .ok_or_else(|| bad("\"case\" must be the case's name"))?;
        let mut base = Base::new(case);
        for table in Table::ALL {
            let Some(items) = v.get(table.name()) else {
                continue;
            };
            let items = items
                .as_object()
                .ok_or_else(|| bad(&format!("\"{}\" must be an object", table.name())))?;
            for (id, entry) in items {
                let pair = entry.as_array().filter(|a| a.len() == 2);
                let version = pair.and_then(|a| a[0].as_i64());
                let fingerprint = pair.and_then(|a| a[1].as_str());
                match (version, fingerprint) {
                    (Some(version), Some(fp)) => base.insert(table, id, version, fp.to_owned()),
                    _ => {
                        return Err(bad(&format!(
                            "{} {id:?} must be [version, fingerprint]",
                            table.item()
                        )));
                    }
                }
            }
        }
        Ok(base)
    }

    /// Writes the base into `doc`'s `store` field.
    pub fn write_into(&self, doc: &mut Document) {
        let mut top = Map::new();
        top.insert("case".into(), self.case.clone().into());
        for table in Table::ALL {
            let items: Map<String, Value> = self
                .items
                .iter()
                .filter(|((t, _), _)| *t == table.name())
                .map(|((_, id), (v, fp))| (id.clone(), serde_json::json!([v, fp])))
                .collect();
            top.insert(table.name().into(), Value::Object(items));
        }
        doc.extra.insert(BASE_KEY.to_owned(), Value::Object(top));
    }
}

/// A case's title, from its map-level fields.
pub(crate) fn meta_title(meta: &str) -> String {
    serde_json::from_str::<Value>(meta)
        .ok()
        .and_then(|v| v.get("title").and_then(Value::as_str).map(str::to_owned))
        .unwrap_or_default()
}
