//! The document model: a map of entities and the relations between them, the sources the map
//! is built from, and the claims that tie each relation to what someone said in a source.
//!
//! Everything here is plain data with no UI. Every struct keeps the fields it does not know in
//! `extra`, so a file written by a newer relmap (or edited by hand) loses nothing on a round trip.

mod attr;
mod attributes;
mod conflicts;
mod date;
mod extra;
mod grade;
mod groups;
mod ids;
pub mod limits;
mod notes;
mod picture;
mod validate;

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

pub use attr::AttrValue;
pub use attributes::Attributes;
pub use conflicts::Conflict;
pub use date::{Certainty, DATE_FORMS, DaySpan, PartialDate, iso_day};
pub use extra::Extra;
pub use grade::{Anchor, CREDIBILITY, Reliability, credibility_meaning};
pub use groups::Group;
pub use ids::{EntityId, GroupId, RelationId, SourceId};
pub use notes::{Note, NoteTarget, Span, plain as note_plain, spans as note_spans};
pub use picture::{MEDIA_TYPES, Picture, PictureSource, media_type_of};
pub mod icons;
pub mod kinds;
pub mod rules;
pub use validate::{Problem, check_groups, check_notes, is_xml_char, parse_hex_color, validate};

/// The checks an item must pass on its own, for edits.
pub(crate) mod item_checks {
    pub use super::validate::{check_entity, check_relation_content, check_source, check_style};
}

/// One relationship map: what a `.json` map file holds.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    pub title: String,
    pub description: String,
    pub sources: Vec<Source>,
    pub entities: Vec<Entity>,
    pub relations: Vec<Relation>,
    pub styles: Styles,
    /// Named frames around entities, which may nest and fold (`groups`).
    pub groups: Vec<Group>,
    /// Texts on the canvas, free or attached (`notes`).
    pub notes: Vec<Note>,
    /// What a three-way merge left undecided (`conflicts`).
    pub conflicts: Vec<Conflict>,
    /// Top-level fields this version does not know.
    pub extra: Extra,
}

/// One item of a map, as an importer streams them into a case store.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Source(Source),
    Entity(Entity),
    Relation(Relation),
}

/// Where a claim comes from: an article, a report, a transcript.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub id: SourceId,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When the text was retrieved (a web page changes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retrieved: Option<PartialDate>,
    /// How reliable the source is, A to F.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reliability: Option<Reliability>,
    /// The source's full text, which claims quote and anchor into.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Source {
    /// A source with an id and a title, and nothing else yet.
    pub fn new(id: SourceId, title: impl Into<String>) -> Self {
        Self {
            id,
            title: title.into(),
            publisher: None,
            author: None,
            date: None,
            url: None,
            retrieved: None,
            reliability: None,
            text: String::new(),
            extra: Extra::new(),
        }
    }
}

/// A person, organisation, government body, place, event, or anything else a map names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub id: EntityId,
    pub name: String,
    /// Free text; the well-known kinds are in [`kinds`]. Styles are looked up by kind.
    pub kind: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    /// A photo or logo drawn in the entity's shape: a file beside the map, or embedded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picture: Option<Picture>,
    /// Free key/value facts, typed; sorted by key so files diff cleanly.
    #[serde(default, skip_serializing_if = "Attributes::is_empty")]
    pub attributes: Attributes,
    /// When the entity existed or was active (a person's life, a group's years).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// Where the entity was last placed on the canvas; `None` lets the layout place it.
    /// A position outside the limits is never written (the layout places the entity again),
    /// so a saved file always loads.
    #[serde(default, skip_serializing_if = "unwritable_position")]
    pub position: Option<Position>,
    /// A pinned entity stays where it is while the layout runs.
    #[serde(default, skip_serializing_if = "is_false")]
    pub pinned: bool,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Entity {
    /// An entity with just its id, name and kind: no aliases, summary, picture, attributes,
    /// period or position yet.
    pub fn new(id: EntityId, name: impl Into<String>, kind: impl Into<String>) -> Self {
        Self {
            id,
            name: name.into(),
            kind: kind.into(),
            aliases: Vec::new(),
            summary: String::new(),
            picture: None,
            attributes: Attributes::default(),
            period: None,
            position: None,
            pinned: false,
            extra: Extra::default(),
        }
    }
}

/// A point on the map canvas, in layout units.
///
/// Coordinates are `f64`, so a saved coordinate reads back exactly; the canvas and the layout
/// work in `f32` and only write back what they moved. Unknown fields inside `position` are
/// kept like anywhere else.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Position {
    pub x: f64,
    pub y: f64,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Position {
    pub fn new(x: f64, y: f64) -> Self {
        Self {
            x,
            y,
            extra: Extra::new(),
        }
    }

    /// A position from the canvas or the layout, which work in `f32`.
    pub fn from_f32(p: [f32; 2]) -> Self {
        Self::new(f64::from(p[0]), f64::from(p[1]))
    }

    /// The position as the canvas and the layout hold it.
    pub fn to_f32(&self) -> [f32; 2] {
        [self.x as f32, self.y as f32]
    }

    /// Both coordinates finite and within [`limits::MAX_COORDINATE`]: the only positions a
    /// map may hold, so that every saved file can be read back.
    pub fn is_within_limits(&self) -> bool {
        let ok = |v: f64| v.is_finite() && v.abs() <= limits::MAX_COORDINATE;
        ok(self.x) && ok(self.y)
    }

    /// The position snapped to a hundredth of a unit: finer than any screen shows, and
    /// short in a saved file.
    pub fn rounded(mut self) -> Self {
        let r = |v: f64| (v * 100.0).round() / 100.0;
        self.x = r(self.x);
        self.y = r(self.y);
        self
    }

    /// Moves to `to`'s coordinates, keeping this position's unknown fields.
    pub fn moved_to(&self, to: &Position) -> Self {
        Self {
            x: to.x,
            y: to.y,
            extra: self.extra.clone(),
        }
    }

    /// The same point, compared as the canvas sees it (in `f32`): a saved coordinate that
    /// `f32` cannot hold exactly is not "moved" by passing through the canvas.
    pub fn same_on_canvas(&self, p: [f32; 2]) -> bool {
        self.to_f32() == p
    }
}

/// A relation between two entities, and the claims that support or dispute it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    pub id: RelationId,
    pub from: EntityId,
    pub to: EntityId,
    /// Free text; the well-known kinds are in [`kinds`].
    pub kind: String,
    /// Shown on the canvas instead of the kind when set.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// Directed relations read "from → to" ("child of", "leads"); undirected ones read both ways
    /// ("allied with").
    #[serde(default = "default_true")]
    pub directed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<Claim>,
    /// Free key/value facts, typed, as on entities (a weight, an imported column).
    #[serde(default, skip_serializing_if = "Attributes::is_empty")]
    pub attributes: Attributes,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Relation {
    /// The text to show for this relation: its label, or its kind when it has none.
    pub fn caption(&self) -> &str {
        if self.label.is_empty() {
            &self.kind
        } else {
            &self.label
        }
    }

    /// True when the claims on this relation do not all assert it.
    pub fn is_contested(&self) -> bool {
        let asserted = self.claims.iter().any(|c| c.stance == Stance::Asserts);
        let doubted = self.claims.iter().any(|c| c.stance != Stance::Asserts);
        asserted && doubted
    }
}

/// When a relation held. Either end may be open or partial ("2019", "2019-11").
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Period {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<PartialDate>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Someone's statement, in a source, about a relation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub source: SourceId,
    /// The entity making the claim, when it is in the map (e.g. the State Department).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claimant: Option<EntityId>,
    /// Who spoke, in words: a spokesperson's name, or a claimant not in the map.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    pub stance: Stance,
    /// The exact words, as the source gives them.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub quote: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    /// Where the quote sits in the source's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<Anchor>,
    /// How credible the claim is, 1 (confirmed) to 6 (cannot be judged).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credibility: Option<u8>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// How a claim bears on its relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    Asserts,
    Denies,
    Qualifies,
}

impl Stance {
    pub const ALL: [Stance; 3] = [Stance::Asserts, Stance::Denies, Stance::Qualifies];

    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Asserts => "asserts",
            Stance::Denies => "denies",
            Stance::Qualifies => "qualifies",
        }
    }
}

/// Per-kind style overrides, so a dataset can style its own kinds.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Styles {
    /// By entity kind.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub entities: BTreeMap<String, KindStyle>,
    /// By relation kind (the shape is ignored for relations).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub relations: BTreeMap<String, KindStyle>,
    /// Rules that style entities from their data, in order (`rules`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<rules::Rule>,
    /// Named views: their own rules and a lens (`views`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub views: Vec<rules::MapView>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Styles {
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
            && self.relations.is_empty()
            && self.rules.is_empty()
            && self.views.is_empty()
            && self.extra.is_empty()
    }
}

/// A colour and shape for one kind.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct KindStyle {
    /// `#rrggbb`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shape: Option<NodeShape>,
    /// An icon's name from relmap's catalogue (`look::icons`, Lucide's names), drawn inside the
    /// shape.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
    /// The icon is drawn instead of the shape, in the kind's colour.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub icon_only: bool,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The outline an entity is drawn with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeShape {
    Circle,
    Square,
    Diamond,
    Triangle,
    Hexagon,
}

impl NodeShape {
    /// Every shape, in the order pickers list them.
    pub const ALL: [NodeShape; 5] = [
        NodeShape::Circle,
        NodeShape::Square,
        NodeShape::Diamond,
        NodeShape::Triangle,
        NodeShape::Hexagon,
    ];

    /// Its name, as map files write it.
    pub const fn name(self) -> &'static str {
        match self {
            NodeShape::Circle => "circle",
            NodeShape::Square => "square",
            NodeShape::Diamond => "diamond",
            NodeShape::Triangle => "triangle",
            NodeShape::Hexagon => "hexagon",
        }
    }

    /// The shape called `name`, as map files write it.
    pub fn named(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }
}

impl Document {
    /// Whether the map uses what only format version 2 can hold: typed attribute values,
    /// relation attributes or entity periods. A map that does not is written as version 1, so
    /// older relmaps still open it and it saves byte for byte as it was read.
    pub fn needs_version_2(&self) -> bool {
        let typed = |a: &Attributes| a.values().any(|v| !v.is_text());
        self.entities
            .iter()
            .any(|e| e.period.is_some() || typed(&e.attributes))
            || self.relations.iter().any(|r| !r.attributes.is_empty())
    }

    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.entities.iter().find(|e| e.id.as_str() == id)
    }

    pub fn entity_mut(&mut self, id: &str) -> Option<&mut Entity> {
        self.entities.iter_mut().find(|e| e.id.as_str() == id)
    }

    pub fn entity_index(&self, id: &str) -> Option<usize> {
        self.entities.iter().position(|e| e.id.as_str() == id)
    }

    /// The entity indices at the two ends of every relation, by relation index; `None` where
    /// an end names no entity. One pass over an id map, where a search per end would be
    /// O(entities × relations) on a large map.
    pub fn relation_ends(&self) -> Vec<Option<(usize, usize)>> {
        let index = self.entity_indices();
        self.relations
            .iter()
            .map(|r| Some((*index.get(r.from.as_str())?, *index.get(r.to.as_str())?)))
            .collect()
    }

    /// Each entity's index by its id: for finding many entities, where `entity_index` would
    /// search the list for each.
    pub fn entity_indices(&self) -> HashMap<&str, usize> {
        self.entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.as_str(), i))
            .collect()
    }

    /// Each relation's index by its id.
    pub fn relation_indices(&self) -> HashMap<&str, usize> {
        self.relations
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i))
            .collect()
    }

    pub fn relation(&self, id: &str) -> Option<&Relation> {
        self.relations.iter().find(|r| r.id.as_str() == id)
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id.as_str() == id)
    }

    /// Stores positions computed by the layout, by entity index (extra positions are ignored).
    ///
    /// Layout results are derived data rather than edits: they do not enter the undo history.
    /// A position outside the limits (a layout that diverged) is not stored: the entity keeps
    /// the position it had.
    pub fn set_layout_positions(&mut self, positions: &[Position]) {
        for (e, p) in self.entities.iter_mut().zip(positions) {
            let p = p.clone().rounded();
            if !p.is_within_limits() {
                continue;
            }
            e.position = Some(match &e.position {
                Some(old) => old.moved_to(&p),
                None => p,
            });
        }
    }

    /// The entity's name, or the id itself when the entity is not in the map.
    pub fn entity_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.entity(id).map_or(id, |e| e.name.as_str())
    }
}

fn default_true() -> bool {
    true
}

fn unwritable_position(p: &Option<Position>) -> bool {
    !p.as_ref().is_some_and(Position::is_within_limits)
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relation_is_contested_only_when_claims_disagree() {
        let claim = |stance| Claim {
            source: SourceId::new("s"),
            claimant: None,
            speaker: None,
            stance,
            quote: String::new(),
            date: None,
            anchor: None,
            credibility: None,
            extra: Extra::new(),
        };
        let mut r = Relation {
            id: RelationId::new("r"),
            from: EntityId::new("a"),
            to: EntityId::new("b"),
            kind: "member of".into(),
            label: String::new(),
            directed: true,
            period: None,
            claims: vec![claim(Stance::Asserts)],
            attributes: Attributes::new(),
            extra: Extra::new(),
        };
        assert!(!r.is_contested());
        r.claims.push(claim(Stance::Denies));
        assert!(r.is_contested());
        r.claims.remove(0);
        assert!(!r.is_contested(), "denials alone are not a dispute");
    }
}
