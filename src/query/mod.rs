//! Questions asked of a document: what touches an entity, which claims back a relation, who
//! is near whom and by which path, who is central, what a claimant or source says, what held
//! at a date, and what a filter shows. Pure functions over the model, tested here; the UI only
//! shows their answers.

pub mod communities;
mod graph;
mod lens;
pub mod mentions;
pub mod quotes;
pub mod relation_table;
mod search;
pub mod table;

pub use graph::{Adjacency, Path};
pub use lens::{
    ClaimLink, Filter, Perspective, Verdict, Visibility, claim_links, claimants, disagreements,
    holds_at, lens, lens_with, timeline,
};
pub use search::{Hit, search};

use crate::model::{Claim, Document, Relation, Stance};

/// A relation seen from one of its ends.
#[derive(Debug, Clone, Copy)]
pub struct Incident<'a> {
    pub relation: &'a Relation,
    /// True when the entity is the relation's `from` end.
    pub outgoing: bool,
    /// The id of the entity at the other end.
    pub other: &'a str,
}

/// Every relation touching entity `id`, in document order. A relation from an entity to itself
/// appears once, as outgoing.
pub fn incident_relations<'a>(doc: &'a Document, id: &str) -> Vec<Incident<'a>> {
    doc.relations
        .iter()
        .filter_map(|r| {
            if r.from.as_str() == id {
                Some(Incident {
                    relation: r,
                    outgoing: true,
                    other: r.to.as_str(),
                })
            } else if r.to.as_str() == id {
                Some(Incident {
                    relation: r,
                    outgoing: false,
                    other: r.from.as_str(),
                })
            } else {
                None
            }
        })
        .collect()
}

/// The claims of `relation` with stance `stance`, in document order.
pub fn claims_with_stance(relation: &Relation, stance: Stance) -> impl Iterator<Item = &Claim> {
    relation.claims.iter().filter(move |c| c.stance == stance)
}

/// Entity, relation and claim counts, for a status bar or `relmap check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub entities: usize,
    pub relations: usize,
    pub claims: usize,
    pub sources: usize,
}

impl Totals {
    /// "40 entities, 71 relations, 88 claims, 1 source".
    pub fn describe(&self) -> String {
        [
            (self.entities, "entity", "entities"),
            (self.relations, "relation", "relations"),
            (self.claims, "claim", "claims"),
            (self.sources, "source", "sources"),
        ]
        .iter()
        .map(|&(n, one, many)| count(n, one, many))
        .collect::<Vec<_>>()
        .join(", ")
    }
}

/// `n` and the noun, singular for one: "1 source", "2 sources".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn totals(doc: &Document) -> Totals {
    Totals {
        entities: doc.entities.len(),
        relations: doc.relations.len(),
        claims: doc.relations.iter().map(|r| r.claims.len()).sum(),
        sources: doc.sources.len(),
    }
}

/// The lens named `name`: a claimant by id or name (any case), else a source by id.
pub fn perspective_named(doc: &crate::model::Document, name: &str) -> Option<Perspective> {
    let claimants = claimants(doc);
    if let Some(id) = claimants
        .iter()
        .find(|id| id.as_str() == name || doc.entity_name(id.as_str()).eq_ignore_ascii_case(name))
    {
        return Some(Perspective::Claimant(id.clone()));
    }
    doc.source(name).map(|s| Perspective::Source(s.id.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::bundled_map;

    #[test]
    fn anas_haqqanis_relations_include_his_father_and_the_exchange() {
        let doc = bundled_map().unwrap();
        let rels = incident_relations(&doc, "anas-haqqani");
        assert!(rels.iter().any(|i| i.outgoing
            && i.other == "jalaluddin-haqqani"
            && i.relation.kind == "child of"));
        assert!(
            rels.iter()
                .any(|i| i.outgoing && i.other == "prisoner-exchange-2019")
        );
        assert!(
            rels.iter()
                .any(|i| !i.outgoing && i.other == "afghan-government")
        );
        assert!(
            rels.iter()
                .all(|i| i.relation.from.as_str() == "anas-haqqani"
                    || i.relation.to.as_str() == "anas-haqqani")
        );
    }

    #[test]
    fn the_haqqani_taliban_dispute_has_claims_of_every_stance() {
        let doc = bundled_map().unwrap();
        let r = doc.relation("haqqanis-part-of-taliban").unwrap();
        let claimants = |s| {
            claims_with_stance(r, s)
                .filter_map(|c| c.claimant.as_ref().map(|c| c.to_string()))
                .collect::<Vec<_>>()
        };
        assert!(claimants(Stance::Asserts).contains(&"anas-haqqani".to_string()));
        assert!(claimants(Stance::Denies).contains(&"us-state-department".to_string()));
        assert!(claimants(Stance::Qualifies).contains(&"pentagon".to_string()));
        assert!(r.is_contested());
    }
}
