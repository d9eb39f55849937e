//! The document model: a map of entities and the relations between them, the sources the map
//! is built from, and the claims that tie each relation to what someone said in a source.
//!
//! Everything here is plain data with no UI. Every struct keeps the fields it does not know in
//! `extra`, so a file written by a newer relmap (or edited by hand) loses nothing on a round trip.

mod ids;
mod validate;

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use ids::{EntityId, RelationId, SourceId};
pub use validate::{Problem, parse_hex_color, validate};

/// Fields a struct does not know, kept in file order and written back on save.
pub type Extra = Map<String, Value>;

/// One relationship map: what a `.json` map file holds.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    pub title: String,
    pub description: String,
    pub sources: Vec<Source>,
    pub entities: Vec<Entity>,
    pub relations: Vec<Relation>,
    pub styles: Styles,
    /// Top-level fields this version does not know.
    pub extra: Extra,
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
    #[serde(flatten)]
    pub extra: Extra,
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
    /// Free key/value facts; sorted by key so files diff cleanly.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    /// Where the entity was last placed on the canvas; `None` lets the layout place it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
    /// A pinned entity stays where it is while the layout runs.
    #[serde(default, skip_serializing_if = "is_false")]
    pub pinned: bool,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A point on the map canvas, in layout units.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
pub struct Position {
    pub x: f32,
    pub y: f32,
}

impl Position {
    pub fn new(x: f32, y: f32) -> Self {
        Self { x, y }
    }

    /// The position snapped to a hundredth of a unit: finer than any screen shows, and
    /// short in a saved file.
    pub fn rounded(self) -> Self {
        let r = |v: f32| (v * 100.0).round() / 100.0;
        Self::new(r(self.x), r(self.y))
    }
}

impl Serialize for Position {
    /// Writes each coordinate as the shortest decimal that reads back as the same `f32`
    /// ("457.16", not the "457.1600036621094" an `f64` widening would give), so files stay
    /// readable and diff cleanly.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let shortest = |v: f32| v.to_string().parse::<f64>().unwrap_or(f64::from(v));
        let mut st = serializer.serialize_struct("Position", 2)?;
        st.serialize_field("x", &shortest(self.x))?;
        st.serialize_field("y", &shortest(self.y))?;
        st.end()
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

/// A calendar date that may be partial: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
///
/// Kept as the text the user wrote; [`validate`] checks the form. ISO order makes string order
/// chronological for dates of the same precision.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PartialDate(pub String);

impl PartialDate {
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True for `YYYY`, `YYYY-MM` and `YYYY-MM-DD` with a real month and day.
    pub fn is_well_formed(&self) -> bool {
        let parts: Vec<&str> = self.0.split('-').collect();
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let in_range =
            |s: &str, lo: u32, hi: u32| s.parse::<u32>().is_ok_and(|v| (lo..=hi).contains(&v));
        match parts.as_slice() {
            [y] => digits(y, 4),
            [y, m] => digits(y, 4) && digits(m, 2) && in_range(m, 1, 12),
            [y, m, d] => {
                digits(y, 4)
                    && digits(m, 2)
                    && digits(d, 2)
                    && in_range(m, 1, 12)
                    && in_range(d, 1, 31)
            }
            _ => false,
        }
    }
}

impl std::fmt::Display for PartialDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
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
    #[serde(flatten)]
    pub extra: Extra,
}

impl Styles {
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty() && self.relations.is_empty() && self.extra.is_empty()
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

/// Well-known kinds. Any other string is allowed too; these get built-in styles.
pub mod kinds {
    pub const PERSON: &str = "person";
    pub const ORGANISATION: &str = "organisation";
    pub const GOVERNMENT_BODY: &str = "government body";
    pub const PLACE: &str = "place";
    pub const EVENT: &str = "event";
}

impl Document {
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
        let index: HashMap<&str, usize> = self
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.as_str(), i))
            .collect();
        self.relations
            .iter()
            .map(|r| Some((*index.get(r.from.as_str())?, *index.get(r.to.as_str())?)))
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
    pub fn set_layout_positions(&mut self, positions: &[Position]) {
        for (e, p) in self.entities.iter_mut().zip(positions) {
            e.position = Some(p.rounded());
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

fn is_false(b: &bool) -> bool {
    !*b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_accept_year_month_and_day_precision() {
        for ok in ["2019", "2019-11", "2019-11-19", "2001-12-31"] {
            assert!(PartialDate::new(ok).is_well_formed(), "{ok}");
        }
        for bad in [
            "19",
            "2019-13",
            "2019-1",
            "2019-11-32",
            "late 2001",
            "",
            "2019-11-19-1",
        ] {
            assert!(!PartialDate::new(bad).is_well_formed(), "{bad}");
        }
    }

    #[test]
    fn a_relation_is_contested_only_when_claims_disagree() {
        let claim = |stance| Claim {
            source: SourceId::new("s"),
            claimant: None,
            speaker: None,
            stance,
            quote: String::new(),
            date: None,
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
            extra: Extra::new(),
        };
        assert!(!r.is_contested());
        r.claims.push(claim(Stance::Denies));
        assert!(r.is_contested());
        r.claims.remove(0);
        assert!(!r.is_contested(), "denials alone are not a dispute");
    }
}
