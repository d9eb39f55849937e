//! Seeing the map through someone's eyes, or as of a date, or through filters.
//!
//! - A [`Perspective`] (a claimant or a source) gives each relation a [`Verdict`]: asserted,
//!   denied, qualified, or nothing said. Two perspectives can be compared for the relations on
//!   which they disagree.
//! - The timeline: the dates in the map, and whether a relation held at a date.
//! - A [`Filter`] decides which entities and relations are shown.

use std::collections::BTreeSet;

use crate::model::{Document, EntityId, PartialDate, Relation, SourceId, Stance};

/// Whose view of the map to show.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Perspective {
    /// What this entity claims (e.g. the State Department).
    Claimant(EntityId),
    /// What this source reports.
    Source(SourceId),
}

/// What a perspective says about one relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    Asserted,
    Denied,
    /// Qualified, or both asserted and denied.
    Qualified,
    /// Nothing.
    Silent,
}

/// The verdict of `perspective` on every relation, by relation index.
pub fn lens(doc: &Document, perspective: &Perspective) -> Vec<Verdict> {
    lens_with(doc, perspective, |_| true)
}

/// The verdict of `perspective` from the claims `keep` accepts (those graded well enough,
/// say), on every relation.
pub fn lens_with(
    doc: &Document,
    perspective: &Perspective,
    keep: impl Fn(&crate::model::Claim) -> bool,
) -> Vec<Verdict> {
    doc.relations
        .iter()
        .map(|r| verdict(r, perspective, &keep))
        .collect()
}

fn verdict(
    r: &Relation,
    perspective: &Perspective,
    keep: &impl Fn(&crate::model::Claim) -> bool,
) -> Verdict {
    let stances: BTreeSet<u8> = r
        .claims
        .iter()
        .filter(|c| keep(c))
        .filter(|c| match perspective {
            Perspective::Claimant(id) => c.claimant.as_ref() == Some(id),
            Perspective::Source(id) => c.source == *id,
        })
        .map(|c| c.stance as u8)
        .collect();
    let has = |s: Stance| stances.contains(&(s as u8));
    if stances.is_empty() {
        Verdict::Silent
    } else if has(Stance::Asserts) && !has(Stance::Denies) && !has(Stance::Qualifies) {
        Verdict::Asserted
    } else if has(Stance::Denies) && !has(Stance::Asserts) && !has(Stance::Qualifies) {
        Verdict::Denied
    } else {
        Verdict::Qualified
    }
}

/// A claimant in the map speaking on a relation: what the claims overlay draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClaimLink {
    /// The claimant's entity index.
    pub claimant: usize,
    /// The relation's index.
    pub relation: usize,
    pub stance: Stance,
}

/// Every claimant's link to each relation it speaks on, once per stance, leaving out a
/// claimant speaking on a relation it is an end of (the line would run along the relation).
pub fn claim_links(doc: &Document) -> Vec<ClaimLink> {
    let ends = doc.relation_ends();
    let mut out: Vec<ClaimLink> = Vec::new();
    for (ri, r) in doc.relations.iter().enumerate() {
        for c in &r.claims {
            let Some(ci) = c
                .claimant
                .as_ref()
                .and_then(|id| doc.entity_index(id.as_str()))
            else {
                continue;
            };
            if ends[ri].is_some_and(|(a, b)| a == ci || b == ci) {
                continue;
            }
            let link = ClaimLink {
                claimant: ci,
                relation: ri,
                stance: c.stance,
            };
            if !out.contains(&link) {
                out.push(link);
            }
        }
    }
    out
}

/// The relations (by index) on which two perspectives both say something, and differ.
pub fn disagreements(a: &[Verdict], b: &[Verdict]) -> Vec<usize> {
    a.iter()
        .zip(b)
        .enumerate()
        .filter(|(_, (x, y))| **x != Verdict::Silent && **y != Verdict::Silent && x != y)
        .map(|(i, _)| i)
        .collect()
}

/// Everyone who makes a claim in the map, in document order of the entities.
pub fn claimants(doc: &Document) -> Vec<EntityId> {
    let making: BTreeSet<&str> = doc
        .relations
        .iter()
        .flat_map(|r| r.claims.iter().filter_map(|c| c.claimant.as_ref()))
        .map(EntityId::as_str)
        .collect();
    doc.entities
        .iter()
        .filter(|e| making.contains(e.id.as_str()))
        .map(|e| e.id.clone())
        .collect()
}

/// The first and last day a date covers, as day numbers that order across eras.
fn span(date: &PartialDate) -> Option<(i64, i64)> {
    date.span().map(|s| (s.first, s.last))
}

/// Whether `r` held at `date`: its period overlaps the date. A relation with no period, or an
/// open end, is kept (undated items stay visible).
pub fn holds_at(r: &Relation, date: &PartialDate) -> bool {
    let Some((start, end)) = span(date) else {
        return true;
    };
    let Some(period) = &r.period else {
        return true;
    };
    let began = period
        .from
        .as_ref()
        .and_then(span)
        .is_none_or(|(from, _)| from <= end);
    let not_ended = period
        .to
        .as_ref()
        .and_then(span)
        .is_none_or(|(_, to)| to >= start);
    began && not_ended
}

/// Every date in the map's relation periods and claims, in order, each once.
pub fn timeline(doc: &Document) -> Vec<PartialDate> {
    let mut dates: BTreeSet<(i64, PartialDate)> = BTreeSet::new();
    let mut add = |d: &Option<PartialDate>| {
        if let Some(d) = d
            && let Some((start, _)) = span(d)
        {
            dates.insert((start, d.clone()));
        }
    };
    for r in &doc.relations {
        if let Some(p) = &r.period {
            add(&p.from);
            add(&p.to);
        }
        for c in &r.claims {
            add(&c.date);
        }
    }
    // A date has one start, so the set holds each date once, in order.
    dates.into_iter().map(|(_, d)| d).collect()
}

/// What to show.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    pub hidden_entity_kinds: BTreeSet<String>,
    pub hidden_relation_kinds: BTreeSet<String>,
    /// Only relations this source reports, and the entities they join.
    pub source: Option<SourceId>,
    /// Only relations this entity makes claims about, and the entities they join.
    pub claimant: Option<EntityId>,
    /// Only relations that held at this date (undated ones too).
    pub as_of: Option<PartialDate>,
    /// Only entities within `hops` links of these (a neighbourhood focus).
    pub focus: Option<(Vec<EntityId>, usize)>,
    /// Only relations with a claim from a source graded this or better (A is best);
    /// ungraded sources do not count.
    pub min_reliability: Option<crate::model::Reliability>,
    /// Only relations with a claim graded this credible or more (1 is best); ungraded
    /// claims do not count.
    pub max_credibility: Option<u8>,
}

/// Which entities and relations a filter shows, by index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visibility {
    pub entities: Vec<bool>,
    pub relations: Vec<bool>,
}

impl Visibility {
    pub fn all(doc: &Document) -> Self {
        Self {
            entities: vec![true; doc.entities.len()],
            relations: vec![true; doc.relations.len()],
        }
    }
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// The filter a map's view brings (`styles.views[].filter`); no focus.
    pub fn of_view(view: &crate::model::rules::ViewFilter) -> Self {
        Self {
            hidden_entity_kinds: view.hide_kinds.iter().cloned().collect(),
            hidden_relation_kinds: view.hide_relation_kinds.iter().cloned().collect(),
            source: view.source.as_deref().map(SourceId::new),
            claimant: view.claimant.as_deref().map(EntityId::new),
            as_of: view.as_of.clone(),
            focus: None,
            min_reliability: view.min_reliability,
            max_credibility: view.max_credibility,
        }
    }

    /// What of this filter a view keeps: all but the focus, which is a moment's.
    pub fn to_view(&self) -> crate::model::rules::ViewFilter {
        crate::model::rules::ViewFilter {
            hide_kinds: self.hidden_entity_kinds.iter().cloned().collect(),
            hide_relation_kinds: self.hidden_relation_kinds.iter().cloned().collect(),
            source: self.source.as_ref().map(|s| s.as_str().to_owned()),
            claimant: self.claimant.as_ref().map(|c| c.as_str().to_owned()),
            as_of: self.as_of.clone(),
            min_reliability: self.min_reliability,
            max_credibility: self.max_credibility,
            extra: Default::default(),
        }
    }

    /// Whether the filter asks for grades.
    fn grades(&self) -> bool {
        self.min_reliability.is_some() || self.max_credibility.is_some()
    }

    /// Whether `claim` passes the grade filters: its source graded well enough, and itself.
    pub fn graded_well(&self, doc: &Document, claim: &crate::model::Claim) -> bool {
        let source_ok = self.min_reliability.is_none_or(|min| {
            doc.source(claim.source.as_str())
                .and_then(|s| s.reliability)
                .is_some_and(|g| g <= min)
        });
        let claim_ok = self
            .max_credibility
            .is_none_or(|max| claim.credibility.is_some_and(|g| g <= max));
        source_ok && claim_ok
    }

    /// What this filter shows of `doc`.
    pub fn apply(&self, doc: &Document) -> Visibility {
        let mut entities: Vec<bool> = doc
            .entities
            .iter()
            .map(|e| !self.hidden_entity_kinds.contains(&e.kind))
            .collect();
        if let Some((ids, hops)) = &self.focus {
            let start: Vec<usize> = ids
                .iter()
                .filter_map(|id| doc.entity_index(id.as_str()))
                .collect();
            let near = super::Adjacency::of(doc).neighbourhood(&start, *hops);
            for (shown, near) in entities.iter_mut().zip(near) {
                *shown &= near;
            }
        }
        // This runs every frame: ends are looked up once, not searched for per relation.
        let ends = doc.relation_ends();
        let relations: Vec<bool> = doc
            .relations
            .iter()
            .zip(&ends)
            .map(|(r, ends)| {
                let ends = ends.is_some_and(|(a, b)| entities[a] && entities[b]);
                ends && !self.hidden_relation_kinds.contains(&r.kind)
                    && self
                        .source
                        .as_ref()
                        .is_none_or(|s| r.claims.iter().any(|c| c.source == *s))
                    && self
                        .claimant
                        .as_ref()
                        .is_none_or(|e| r.claims.iter().any(|c| c.claimant.as_ref() == Some(e)))
                    && self.as_of.as_ref().is_none_or(|d| holds_at(r, d))
                    && (!self.grades() || r.claims.iter().any(|c| self.graded_well(doc, c)))
            })
            .collect();
        if self.source.is_some() || self.claimant.is_some() || self.grades() {
            // Show only the entities what the source or claimant says something about.
            let mut touched = vec![false; entities.len()];
            for (&ends, &shown) in ends.iter().zip(&relations) {
                if let (Some((a, b)), true) = (ends, shown) {
                    touched[a] = true;
                    touched[b] = true;
                }
            }
            if let Some(i) = self
                .claimant
                .as_ref()
                .and_then(|id| doc.entity_index(id.as_str()))
            {
                touched[i] = entities[i];
            }
            entities = touched;
        }
        Visibility {
            entities,
            relations,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::bundled_map;

    fn rel(doc: &Document, id: &str) -> usize {
        doc.relations
            .iter()
            .position(|r| r.id.as_str() == id)
            .unwrap()
    }

    #[test]
    fn the_state_department_and_anas_haqqani_disagree_on_the_haqqanis_and_the_taliban() {
        let doc = bundled_map().unwrap();
        let state = lens(
            &doc,
            &Perspective::Claimant(EntityId::new("us-state-department")),
        );
        let anas = lens(&doc, &Perspective::Claimant(EntityId::new("anas-haqqani")));
        let dispute = rel(&doc, "haqqanis-part-of-taliban");
        assert_eq!(state[dispute], Verdict::Denied);
        assert_eq!(anas[dispute], Verdict::Asserted);
        assert_eq!(
            state[rel(&doc, "haqqanis-allied-taliban")],
            Verdict::Asserted
        );
        assert_eq!(anas[rel(&doc, "haqqanis-allied-taliban")], Verdict::Silent);
        assert_eq!(disagreements(&state, &anas), [dispute]);
        let pentagon = lens(&doc, &Perspective::Claimant(EntityId::new("pentagon")));
        assert_eq!(pentagon[dispute], Verdict::Qualified);
        assert!(claimants(&doc).contains(&EntityId::new("isis-k")));
    }

    #[test]
    fn relations_hold_within_their_periods_and_undated_ones_always() {
        let doc = bundled_map().unwrap();
        let held = &doc.relations[rel(&doc, "afghan-government-held-anas")]; // 2014 – 2019-11
        let released = &doc.relations[rel(&doc, "anas-released")]; // 2019-11
        let undated = &doc.relations[rel(&doc, "anas-child-of-jalaluddin")];
        let before = PartialDate::new("2019-06");
        let after = PartialDate::new("2020");
        assert!(holds_at(held, &before) && !holds_at(held, &after));
        assert!(!holds_at(released, &before) && !holds_at(released, &after));
        assert!(holds_at(released, &PartialDate::new("2019-11-15")));
        assert!(holds_at(undated, &before) && holds_at(undated, &after));
        let t = timeline(&doc);
        assert_eq!(t.first().map(PartialDate::as_str), Some("2001"));
        assert!(t.iter().any(|d| d.as_str() == "2019-11"));
        assert!(t.windows(2).all(|w| span(&w[0]) <= span(&w[1])));
    }

    #[test]
    fn filters_hide_kinds_and_keep_what_a_source_or_claimant_says() {
        let doc = bundled_map().unwrap();
        let mut f = Filter::default();
        f.hidden_entity_kinds.insert("place".into());
        let v = f.apply(&doc);
        let kabul = doc.entity_index("kabul").unwrap();
        assert!(!v.entities[kabul]);
        assert!(
            !v.relations[rel(&doc, "kabul-airport-in-kabul")],
            "a relation needs both ends"
        );

        let f = Filter {
            claimant: Some(EntityId::new("pentagon")),
            ..Filter::default()
        };
        let v = f.apply(&doc);
        let shown: Vec<&str> = doc
            .entities
            .iter()
            .zip(&v.entities)
            .filter(|(_, s)| **s)
            .map(|(e, _)| e.id.as_str())
            .collect();
        assert_eq!(shown, ["haqqani-network", "taliban", "pentagon"]);
        assert_eq!(v.relations.iter().filter(|s| **s).count(), 1);

        let f = Filter {
            focus: Some((vec![EntityId::new("john-kirby")], 2)),
            ..Filter::default()
        };
        assert_eq!(f.apply(&doc).entities.iter().filter(|s| **s).count(), 2);
    }

    #[test]
    fn grade_filters_keep_relations_with_a_claim_graded_well_enough() {
        use crate::model::Reliability;
        let mut doc = bundled_map().unwrap();
        let filter = Filter {
            max_credibility: Some(2),
            ..Filter::default()
        };
        assert!(
            filter.apply(&doc).relations.iter().all(|s| !s),
            "nothing is graded yet"
        );
        doc.relations[3].claims[0].credibility = Some(2);
        doc.relations[4].claims[0].credibility = Some(4);
        let shown = filter.apply(&doc).relations;
        assert!(shown[3] && !shown[4]);

        doc.sources[0].reliability = Some(Reliability::C);
        let by_source = Filter {
            min_reliability: Some(Reliability::B),
            ..Filter::default()
        };
        assert!(by_source.apply(&doc).relations.iter().all(|s| !s));
        doc.sources[0].reliability = Some(Reliability::A);
        assert!(by_source.apply(&doc).relations.iter().all(|s| *s));
    }

    #[test]
    fn the_pentagon_is_linked_to_the_dispute_it_comments_on() {
        let doc = bundled_map().unwrap();
        let links = claim_links(&doc);
        let pentagon = doc.entity_index("pentagon").unwrap();
        let dispute = doc
            .relations
            .iter()
            .position(|r| r.id.as_str() == "haqqanis-part-of-taliban")
            .unwrap();
        assert!(
            links
                .iter()
                .any(|l| l.claimant == pentagon && l.relation == dispute),
            "{links:?}"
        );
    }

    #[test]
    fn a_lens_hears_only_the_claims_graded_well_enough() {
        let mut doc = bundled_map().unwrap();
        let state = Perspective::Claimant(EntityId::new("us-state-department"));
        let dispute = doc
            .relations
            .iter()
            .position(|r| r.id.as_str() == "haqqanis-part-of-taliban")
            .unwrap();
        assert_eq!(lens(&doc, &state)[dispute], Verdict::Denied);
        let filter = Filter {
            max_credibility: Some(3),
            ..Filter::default()
        };
        let graded = |d: &Document| lens_with(d, &state, |c| filter.graded_well(d, c));
        assert_eq!(graded(&doc)[dispute], Verdict::Silent, "no claim is graded");
        for c in &mut doc.relations[dispute].claims {
            c.credibility = Some(2);
        }
        assert_eq!(graded(&doc)[dispute], Verdict::Denied);
    }
}
