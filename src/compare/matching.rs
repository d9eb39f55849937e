//! What is the same thing in two maps built apart, where the ids differ: before two analysts'
//! maps are compared or merged, each entity of theirs is matched to one of ours by the first
//! rule that holds, in Analyst's Notebook's order:
//!
//! 1. the same id;
//! 2. a shared external identifier: an identifier attribute (a FollowTheMoney or STIX id, a
//!    Wikidata id, a registration number… see [`is_identifier`]) with the same value on both,
//!    or one side's attribute holding the other's id;
//! 3. the same name and kind, once normalised (letter case, accents, punctuation and spacing
//!    do not count);
//! 4. a name that is an alias of the other, of the same kind.
//!
//! A rule matches only one to one: a value that several entities of one side share matches
//! nothing. Relations of matched entities are then matched by their ends and kind, and
//! sources by their URL or title, so claims on the same relation from both sides end up on one
//! relation. Each match says which rule made it; [`rekey`] gives theirs our ids for the
//! matches accepted.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::Kind;
use crate::model::{AttrValue, Document, EntityId, NoteTarget, RelationId, SourceId};

/// Which rule matched two items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "rule", rename_all = "kebab-case")]
pub enum Rule {
    /// Entities: an identifier attribute (named) with the same value, or naming the other's
    /// id.
    ExternalId { attribute: String, value: String },
    /// Entities: the same normalised name and kind.
    NameAndKind,
    /// Entities: one's name is the other's alias.
    Alias { alias: String },
    /// Relations: the same ends (once their entities are matched) and kind.
    EndsAndKind,
    /// Sources: the same URL.
    Url,
    /// Sources: the same normalised title.
    Title,
}

impl Rule {
    /// How the rule reads in a list: "same stix_id intrusion-set--1".
    pub fn describe(&self) -> String {
        match self {
            Rule::ExternalId { attribute, value } => format!("same {attribute} {value}"),
            Rule::NameAndKind => "same name and kind".into(),
            Rule::Alias { alias } => format!("alias \"{alias}\""),
            Rule::EndsAndKind => "same ends and kind".into(),
            Rule::Url => "same URL".into(),
            Rule::Title => "same title".into(),
        }
    }
}

/// One item of theirs matched to one of ours under another id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Match {
    pub kind: Kind,
    pub ours: String,
    pub theirs: String,
    /// The names on each side, for the list.
    pub ours_name: String,
    pub theirs_name: String,
    #[serde(flatten)]
    pub rule: Rule,
}

impl Match {
    /// Their item (id, name) matched to ours by `rule`.
    fn of(kind: Kind, ours: (&str, &str), theirs: (&str, &str), rule: Rule) -> Self {
        Self {
            kind,
            ours: ours.0.to_owned(),
            theirs: theirs.0.to_owned(),
            ours_name: ours.1.to_owned(),
            theirs_name: theirs.1.to_owned(),
            rule,
        }
    }
}

/// Whether attribute `key` holds an identifier from outside the map: FollowTheMoney, STIX,
/// Wikidata, OpenSanctions, registration and tax numbers, LEI, IMO, ISIN, or any key whose
/// last word is "id" ("ftm_id", "external id", "aleph-id", "stixId"; not "paid" or "valid").
pub fn is_identifier(key: &str) -> bool {
    let trimmed = key.trim();
    let lower = trimmed.to_lowercase();
    let last_word_id = lower.len() > 2
        && (["_id", " id", "-id", ".id", ":id"]
            .iter()
            .any(|end| lower.ends_with(end))
            || trimmed.ends_with("Id") && trimmed.len() > 2);
    if last_word_id {
        return true;
    }
    let k: String = key
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    const KNOWN: [&str; 15] = [
        "ftmid",
        "stixid",
        "opensanctionsid",
        "wikidata",
        "qid",
        "lei",
        "leicode",
        "isin",
        "imo",
        "imonumber",
        "registrationnumber",
        "taxnumber",
        "inncode",
        "ogrncode",
        "swiftbic",
    ];
    KNOWN.iter().any(|known| known.eq_ignore_ascii_case(&k))
}

/// A name as the matching compares it: compatibility-decomposed, without accents, lower
/// case, words of letters and digits separated by one space.
pub fn normalised(name: &str) -> String {
    let folded: String = name
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A kind as the matching compares it: "Organization" and "organisation" are one.
fn normalised_kind(kind: &str) -> String {
    let k = normalised(kind);
    match k.as_str() {
        "organization" => "organisation".into(),
        _ => k,
    }
}

/// Every match of theirs to ours under other ids, entities first, then relations, then
/// sources. Items with the same id on both sides are the same and are not listed.
pub fn matches(ours: &Document, theirs: &Document) -> Vec<Match> {
    let mut out = entity_matches(ours, theirs);
    let entity_ids: HashMap<&str, &str> = out
        .iter()
        .map(|m| (m.theirs.as_str(), m.ours.as_str()))
        .collect();
    out.extend(relation_matches(ours, theirs, &entity_ids));
    out.extend(source_matches(ours, theirs));
    out
}

/// Pairs keys found once on each side, over the items not yet matched.
fn pair_unique(
    ours: impl Iterator<Item = (String, usize)>,
    theirs: impl Iterator<Item = (String, usize)>,
    taken: &(HashSet<usize>, HashSet<usize>),
) -> Vec<(usize, usize, String)> {
    fn unique(items: impl Iterator<Item = (String, usize)>) -> HashMap<String, Option<usize>> {
        let mut by_key: HashMap<String, Option<usize>> = HashMap::new();
        for (key, i) in items {
            if key.is_empty() {
                continue;
            }
            by_key
                .entry(key)
                .and_modify(|v| {
                    if *v != Some(i) {
                        *v = None;
                    }
                })
                .or_insert(Some(i));
        }
        by_key
    }
    let ours = unique(ours.filter(|(_, i)| !taken.0.contains(i)));
    let theirs = unique(theirs.filter(|(_, i)| !taken.1.contains(i)));
    let mut pairs: Vec<(usize, usize, String)> = theirs
        .into_iter()
        .filter_map(|(key, t)| Some((ours.get(&key).copied()??, t?, key)))
        .collect();
    pairs.sort_by_key(|&(o, t, _)| (t, o));
    pairs
}

fn text_of(value: &AttrValue) -> Option<String> {
    match value {
        AttrValue::Text(t) => Some(t.trim().to_owned()),
        AttrValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn entity_matches(ours: &Document, theirs: &Document) -> Vec<Match> {
    let mut taken: (HashSet<usize>, HashSet<usize>) = (HashSet::new(), HashSet::new());
    let ours_ids = ours.entity_indices();
    for (t, e) in theirs.entities.iter().enumerate() {
        if let Some(&o) = ours_ids.get(e.id.as_str()) {
            taken.0.insert(o);
            taken.1.insert(t);
        }
    }
    let mut out = Vec::new();
    let mut take = |pairs: Vec<(usize, usize, String)>,
                    taken: &mut (HashSet<usize>, HashSet<usize>),
                    rule: &dyn Fn(usize, usize, &str) -> Rule| {
        for (o, t, key) in pairs {
            if taken.0.contains(&o) || taken.1.contains(&t) {
                continue;
            }
            taken.0.insert(o);
            taken.1.insert(t);
            let (a, b) = (&ours.entities[o], &theirs.entities[t]);
            out.push(Match::of(
                Kind::Entity,
                (a.id.as_str(), &a.name),
                (b.id.as_str(), &b.name),
                rule(o, t, &key),
            ));
        }
    };

    // 2. Identifiers: "key=value" for an identifier attribute, and "=value" for an id, so a
    //    value under one side's attribute meets the other's id.
    let identifiers = |doc: &Document| -> Vec<(String, usize)> {
        let mut keys = Vec::new();
        for (i, e) in doc.entities.iter().enumerate() {
            for (key, value) in e.attributes.iter() {
                if is_identifier(key)
                    && let Some(v) = text_of(value)
                    && !v.is_empty()
                {
                    keys.push((format!("{}={v}", normalised(key)), i));
                    keys.push((format!("={v}"), i));
                }
            }
        }
        keys
    };
    let with_ids = |doc: &Document| -> Vec<(String, usize)> {
        let mut keys = identifiers(doc);
        keys.extend(
            doc.entities
                .iter()
                .enumerate()
                .map(|(i, e)| (format!("={}", e.id.as_str()), i)),
        );
        keys
    };
    // An attribute on both sides first, then an attribute naming the other's id.
    let attr_only = |doc: &Document| -> Vec<(String, usize)> {
        identifiers(doc)
            .into_iter()
            .filter(|(k, _)| !k.starts_with('='))
            .collect()
    };
    let pairs = pair_unique(
        attr_only(ours).into_iter(),
        attr_only(theirs).into_iter(),
        &taken,
    );
    take(pairs, &mut taken, &|_, _, key| {
        let (attribute, value) = key.split_once('=').unwrap_or((key, ""));
        Rule::ExternalId {
            attribute: attribute.to_owned(),
            value: value.to_owned(),
        }
    });
    let id_keys = |doc: &Document| -> Vec<(String, usize)> {
        with_ids(doc)
            .into_iter()
            .filter(|(k, _)| k.starts_with('='))
            .collect()
    };
    // An id equal to an id is rule 1 (taken above), so what pairs here is an attribute on one
    // side naming the other's id.
    let pairs = pair_unique(
        id_keys(ours).into_iter(),
        id_keys(theirs).into_iter(),
        &taken,
    );
    take(pairs, &mut taken, &|o, t, key| {
        let value = key.trim_start_matches('=').to_owned();
        let attribute = [&ours.entities[o], &theirs.entities[t]]
            .iter()
            .find_map(|e| {
                e.attributes.iter().find_map(|(k, v)| {
                    (is_identifier(k) && text_of(v).as_deref() == Some(value.as_str()))
                        .then(|| k.clone())
                })
            })
            .unwrap_or_else(|| "id".into());
        Rule::ExternalId { attribute, value }
    });

    // 3. The same normalised name and kind.
    let name_keys = |doc: &Document| -> Vec<(String, usize)> {
        doc.entities
            .iter()
            .enumerate()
            .map(|(i, e)| {
                (
                    format!("{}\u{1f}{}", normalised_kind(&e.kind), normalised(&e.name)),
                    i,
                )
            })
            .collect()
    };
    let pairs = pair_unique(
        name_keys(ours).into_iter(),
        name_keys(theirs).into_iter(),
        &taken,
    );
    take(pairs, &mut taken, &|_, _, _| Rule::NameAndKind);

    // 4. One's name among the other's aliases, of the same kind: ours' names against their
    //    aliases, then their names against ours' aliases.
    let alias_keys = |doc: &Document| -> Vec<(String, usize)> {
        doc.entities
            .iter()
            .enumerate()
            .flat_map(|(i, e)| {
                let kind = normalised_kind(&e.kind);
                e.aliases
                    .iter()
                    .map(move |a| (format!("{kind}\u{1f}{}", normalised(a)), i))
            })
            .collect()
    };
    let alias_of = |doc: &Document, i: usize, key: &str| -> String {
        let name = key.split_once('\u{1f}').map_or(key, |(_, n)| n);
        doc.entities[i]
            .aliases
            .iter()
            .find(|a| normalised(a) == name)
            .cloned()
            .unwrap_or_else(|| name.to_owned())
    };
    let pairs = pair_unique(
        name_keys(ours).into_iter(),
        alias_keys(theirs).into_iter(),
        &taken,
    );
    take(pairs, &mut taken, &|_, t, key| Rule::Alias {
        alias: alias_of(theirs, t, key),
    });
    let pairs = pair_unique(
        alias_keys(ours).into_iter(),
        name_keys(theirs).into_iter(),
        &taken,
    );
    take(pairs, &mut taken, &|o, _, key| Rule::Alias {
        alias: alias_of(ours, o, key),
    });
    out
}

/// Relations of theirs with another id but the same ends (our ids for matched entities) and
/// kind as one of ours; an undirected relation's ends in either order.
fn relation_matches(
    ours: &Document,
    theirs: &Document,
    entity_ids: &HashMap<&str, &str>,
) -> Vec<Match> {
    let (ours_ids, theirs_ids) = (ours.relation_indices(), theirs.relation_indices());
    let ends_key = |from: &str, to: &str, kind: &str, directed: bool| {
        let (a, b) = if directed || from <= to {
            (from, to)
        } else {
            (to, from)
        };
        format!("{a}\u{1f}{b}\u{1f}{}", normalised_kind(kind))
    };
    let ours_keys = ours
        .relations
        .iter()
        .enumerate()
        .filter(|(_, r)| !theirs_ids.contains_key(r.id.as_str()))
        .map(|(i, r)| {
            (
                ends_key(r.from.as_str(), r.to.as_str(), &r.kind, r.directed),
                i,
            )
        });
    let ours_of = |id: &str| entity_ids.get(id).copied().unwrap_or(id).to_owned();
    let theirs_keys: Vec<(String, usize)> = theirs
        .relations
        .iter()
        .enumerate()
        .filter(|(_, r)| !ours_ids.contains_key(r.id.as_str()))
        .map(|(i, r)| {
            let (from, to) = (ours_of(r.from.as_str()), ours_of(r.to.as_str()));
            (ends_key(&from, &to, &r.kind, r.directed), i)
        })
        .collect();
    let none = (HashSet::new(), HashSet::new());
    let labels = (super::Labels::of(ours), super::Labels::of(theirs));
    pair_unique(ours_keys, theirs_keys.into_iter(), &none)
        .into_iter()
        .map(|(o, t, _)| {
            let (ours_id, theirs_id) = (
                ours.relations[o].id.as_str(),
                theirs.relations[t].id.as_str(),
            );
            Match::of(
                Kind::Relation,
                (ours_id, &labels.0.label(Kind::Relation, ours_id)),
                (theirs_id, &labels.1.label(Kind::Relation, theirs_id)),
                Rule::EndsAndKind,
            )
        })
        .collect()
}

/// Sources of theirs with another id but the same URL, or else the same title.
fn source_matches(ours: &Document, theirs: &Document) -> Vec<Match> {
    let shared: HashSet<&str> = ours
        .sources
        .iter()
        .map(|s| s.id.as_str())
        .filter(|id| theirs.source(id).is_some())
        .collect();
    let mut taken = (HashSet::new(), HashSet::new());
    for (i, s) in ours.sources.iter().enumerate() {
        if shared.contains(s.id.as_str()) {
            taken.0.insert(i);
        }
    }
    for (i, s) in theirs.sources.iter().enumerate() {
        if shared.contains(s.id.as_str()) {
            taken.1.insert(i);
        }
    }
    let mut out = Vec::new();
    let url = |doc: &Document| -> Vec<(String, usize)> {
        doc.sources
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                Some((s.url.as_deref()?.trim().trim_end_matches('/').to_owned(), i))
            })
            .collect()
    };
    let title = |doc: &Document| -> Vec<(String, usize)> {
        doc.sources
            .iter()
            .enumerate()
            .map(|(i, s)| (normalised(&s.title), i))
            .collect()
    };
    for rule in [Rule::Url, Rule::Title] {
        let keys = if rule == Rule::Url { url } else { title };
        let pairs = pair_unique(keys(ours).into_iter(), keys(theirs).into_iter(), &taken);
        for (o, t, _) in pairs {
            taken.0.insert(o);
            taken.1.insert(t);
            let (a, b) = (&ours.sources[o], &theirs.sources[t]);
            out.push(Match::of(
                Kind::Source,
                (a.id.as_str(), &a.title),
                (b.id.as_str(), &b.title),
                rule.clone(),
            ));
        }
    }
    out
}

/// Theirs with our ids for the matched items: entities, the relations' ends, claims'
/// claimants and sources, groups' members and notes' targets follow.
pub fn rekey(theirs: &Document, accepted: &[Match]) -> Document {
    let of = |kind: Kind| -> HashMap<&str, &str> {
        accepted
            .iter()
            .filter(|m| m.kind == kind)
            .map(|m| (m.theirs.as_str(), m.ours.as_str()))
            .collect()
    };
    let (entities, relations, sources) = (of(Kind::Entity), of(Kind::Relation), of(Kind::Source));
    let entity = |id: &mut EntityId| {
        if let Some(ours) = entities.get(id.as_str()) {
            *id = EntityId::new(*ours);
        }
    };
    let mut doc = theirs.clone();
    for e in &mut doc.entities {
        entity(&mut e.id);
    }
    for s in &mut doc.sources {
        if let Some(ours) = sources.get(s.id.as_str()) {
            s.id = SourceId::new(*ours);
        }
    }
    for r in &mut doc.relations {
        if let Some(ours) = relations.get(r.id.as_str()) {
            r.id = RelationId::new(*ours);
        }
        entity(&mut r.from);
        entity(&mut r.to);
        for c in &mut r.claims {
            if let Some(claimant) = &mut c.claimant {
                entity(claimant);
            }
            if let Some(ours) = sources.get(c.source.as_str()) {
                c.source = SourceId::new(*ours);
            }
        }
    }
    for g in &mut doc.groups {
        g.members.iter_mut().for_each(entity);
    }
    for n in &mut doc.notes {
        match &mut n.on {
            Some(NoteTarget::Entity(id)) => entity(id),
            Some(NoteTarget::Relation(id)) => {
                if let Some(ours) = relations.get(id.as_str()) {
                    *id = RelationId::new(*ours);
                }
            }
            _ => {}
        }
    }
    doc
}
