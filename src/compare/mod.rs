//! Comparing and merging maps: what changed between two versions (`diff`), field by field and
//! claim by claim, and a three-way merge of two analysts' versions of one map (`merge`) that
//! keeps both sides' claims and records what it cannot decide as the map's conflicts.
//!
//! Items are matched by id and compared as the JSON the map file holds, so a field relmap adds
//! later is compared and merged too.

pub mod diff;
pub mod matching;
pub mod merge;
mod repair;
pub mod resolve;
pub mod review;

use serde_json::{Map, Value};

use crate::model::Document;

/// A kind of item of a map, as diffs and conflicts name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Map,
    Source,
    Entity,
    Relation,
    Group,
    Note,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Map => "map",
            Kind::Source => "source",
            Kind::Entity => "entity",
            Kind::Relation => "relation",
            Kind::Group => "group",
            Kind::Note => "note",
        }
    }

    /// The item kinds, in the order a map file lists them.
    pub const ITEMS: [Kind; 5] = [
        Kind::Source,
        Kind::Entity,
        Kind::Relation,
        Kind::Group,
        Kind::Note,
    ];
}

/// Items by id, as JSON objects, in a map's order.
pub(crate) type Items = Vec<(String, Map<String, Value>)>;

/// The items of `kind` in `doc`, by id, as JSON objects, in the map's order.
pub(crate) fn items(doc: &Document, kind: Kind) -> Items {
    fn objects<T: serde::Serialize>(
        list: &[T],
        id: impl Fn(&T) -> String,
    ) -> Vec<(String, Map<String, Value>)> {
        list.iter()
            .filter_map(|item| match serde_json::to_value(item) {
                Ok(Value::Object(map)) => Some((id(item), map)),
                _ => None,
            })
            .collect()
    }
    match kind {
        Kind::Map => Vec::new(),
        Kind::Source => objects(&doc.sources, |s| s.id.to_string()),
        Kind::Entity => objects(&doc.entities, |e| e.id.to_string()),
        Kind::Relation => objects(&doc.relations, |r| r.id.to_string()),
        Kind::Group => objects(&doc.groups, |g| g.id.to_string()),
        Kind::Note => objects(&doc.notes, |n| n.id.clone()),
    }
}

/// The map's own fields as JSON: title, description, styles and unknown fields.
pub(crate) fn map_fields(doc: &Document) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("title".into(), doc.title.clone().into());
    out.insert("description".into(), doc.description.clone().into());
    if !doc.styles.is_empty() {
        out.insert(
            "styles".into(),
            serde_json::to_value(&doc.styles).unwrap_or(Value::Null),
        );
    }
    for (k, v) in &doc.extra {
        out.insert(k.clone(), v.clone());
    }
    out
}

/// What to call items of a map for a reader: an entity's or a group's name, a relation's
/// ends and kind, a source's title, a note's first words. Built once, so naming the changes
/// of a large map does not search it for each.
pub struct Labels<'a> {
    doc: &'a Document,
    entities: std::collections::HashMap<&'a str, usize>,
    relations: std::collections::HashMap<&'a str, usize>,
}

impl<'a> Labels<'a> {
    pub fn of(doc: &'a Document) -> Self {
        Self {
            doc,
            entities: doc.entity_indices(),
            relations: doc.relation_indices(),
        }
    }

    fn entity_name(&self, id: &str) -> String {
        self.entities
            .get(id)
            .map_or_else(|| id.to_owned(), |&i| self.doc.entities[i].name.clone())
    }

    /// What to call item `id` of `kind`; empty when the map has no such item.
    pub fn label(&self, kind: Kind, id: &str) -> String {
        let doc = self.doc;
        match kind {
            Kind::Map => String::new(),
            Kind::Source => doc.source(id).map(|s| s.title.clone()).unwrap_or_default(),
            Kind::Entity => self
                .entities
                .get(id)
                .map(|&i| doc.entities[i].name.clone())
                .unwrap_or_default(),
            Kind::Relation => self
                .relations
                .get(id)
                .map(|&i| {
                    let r = &doc.relations[i];
                    format!(
                        "{} {} {}",
                        self.entity_name(r.from.as_str()),
                        r.caption(),
                        self.entity_name(r.to.as_str())
                    )
                })
                .unwrap_or_default(),
            Kind::Group => doc.group(id).map(|g| g.name.clone()).unwrap_or_default(),
            Kind::Note => doc
                .note(id)
                .map(|n| crate::model::note_plain(&n.text).chars().take(40).collect())
                .unwrap_or_default(),
        }
    }
}
