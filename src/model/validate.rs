//! Checks that a document hangs together: ids unique, references resolved, dates and colours
//! well formed, text writable to every export, and everything within [`limits`]. Every problem
//! is reported, each naming the id it is about.
//!
//! Lookups go through id sets built once, so checking is linear in the size of the map: a
//! search per claim made a 100 000-claim map take most of a minute.

/// Validation looks every id of a map up in sets; foldhash hashes them several times faster
/// than the standard SipHash, with a random seed per process.
type HashSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;
use std::fmt;

use super::limits::{self, MAX_ENTITIES, MAX_RELATIONS, MAX_SOURCES, MAX_TEXT_BYTES};
use super::{
    AttrValue, Attributes, DATE_FORMS, Document, Entity, KindStyle, PartialDate, Period, Relation,
    Source,
};

/// One thing wrong with a document, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What the problem is about: `entity "anas-haqqani"`, `relation "r7" claim 2`, ...
    pub place: String,
    pub message: String,
}

impl Problem {
    pub fn new(place: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            place: place.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

/// Every problem in `doc`, in document order. Empty means the document is valid.
pub fn validate(doc: &Document) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (what, count, max) in [
        ("entities", doc.entities.len(), MAX_ENTITIES),
        ("relations", doc.relations.len(), MAX_RELATIONS),
        ("sources", doc.sources.len(), MAX_SOURCES),
    ] {
        if count > max {
            problems.push(Problem::new(
                "the map",
                format!("it has {count} {what}; relmap opens maps of at most {max}"),
            ));
        }
    }
    if !problems.is_empty() {
        return problems;
    }
    check_text(&mut problems, "the map", "title", &doc.title);
    check_text(&mut problems, "the map", "description", &doc.description);

    let mut source_ids = HashSet::with_capacity_and_hasher(doc.sources.len(), Default::default());
    for (i, source) in doc.sources.iter().enumerate() {
        check_id(
            &mut problems,
            &mut source_ids,
            "source",
            i,
            source.id.as_str(),
        );
        check_source(&mut problems, source);
    }

    // Each list's ids go into their set on one thread while each item's own checks run on
    // the other: on a map of millions, both are a large part of opening it. The problems are
    // then put back in document order, an item's id before its fields.
    let mut entity_ids = HashSet::with_capacity_and_hasher(doc.entities.len(), Default::default());
    let (ids, items) = rayon::join(
        || {
            each_id(
                &mut entity_ids,
                "entity",
                doc.entities.iter().map(|e| e.id.as_str()),
            )
        },
        || each_item(&doc.entities, check_entity),
    );
    problems.extend(in_document_order(ids, items));

    let mut relation_ids =
        HashSet::with_capacity_and_hasher(doc.relations.len(), Default::default());
    let (ids, items) = rayon::join(
        || {
            each_id(
                &mut relation_ids,
                "relation",
                doc.relations.iter().map(|r| r.id.as_str()),
            )
        },
        || {
            each_item(&doc.relations, |problems, relation| {
                check_relation(problems, relation, &entity_ids, &source_ids)
            })
        },
    );
    problems.extend(in_document_order(ids, items));

    for (group, styles) in [
        ("entity", &doc.styles.entities),
        ("relation", &doc.styles.relations),
    ] {
        for (kind, style) in styles {
            check_style(
                &mut problems,
                &format!("style for {group} kind \"{kind}\""),
                style,
            );
        }
    }
    super::rules::check_rules(&mut problems, &doc.styles.rules);
    super::rules::check_views(&mut problems, &doc.styles.views);
    check_groups(&mut problems, &doc.groups, &|id| entity_ids.contains(id));
    check_notes(&mut problems, &doc.notes);

    problems
}

/// The problems of a map's groups: ids unique and not empty, names not empty, members and
/// parents that exist, an entity directly in one group at most, and no group inside itself.
pub fn check_groups(
    problems: &mut Vec<Problem>,
    groups: &[super::Group],
    is_entity: &dyn Fn(&str) -> bool,
) {
    let mut ids: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for (i, g) in groups.iter().enumerate() {
        let place = if g.id.as_str().is_empty() {
            format!("group #{} in \"groups\"", i + 1)
        } else {
            format!("group \"{}\"", g.id)
        };
        if g.id.as_str().trim().is_empty() {
            problems.push(Problem::new(&place, "the id is empty"));
        } else if !ids.insert(g.id.as_str()) {
            problems.push(Problem::new(
                &place,
                "duplicate id: another group has it too",
            ));
        }
        if g.name.trim().is_empty() {
            problems.push(Problem::new(&place, "the name is empty"));
        }
        check_text(problems, &place, "name", &g.name);
        check_text(problems, &place, "kind", &g.kind);
        if let Some(c) = &g.color
            && parse_hex_color(c).is_none()
        {
            problems.push(Problem::new(
                &place,
                format!("\"color\" is \"{c}\", not a colour written #rrggbb"),
            ));
        }
    }
    let mut member_of: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
    for g in groups {
        let place = format!("group \"{}\"", g.id);
        for m in &g.members {
            if !is_entity(m.as_str()) {
                problems.push(Problem::new(
                    &place,
                    format!("\"members\" names an unknown entity \"{m}\""),
                ));
            } else if let Some(other) = member_of.insert(m.as_str(), g.id.as_str()) {
                problems.push(Problem::new(
                    &place,
                    format!(
                        "entity \"{m}\" is already a member of group \"{other}\"; an entity \
                         belongs directly to one group at most"
                    ),
                ));
            }
        }
        if let Some(p) = &g.parent
            && !ids.contains(p.as_str())
        {
            problems.push(Problem::new(
                &place,
                format!("\"parent\" names an unknown group \"{p}\""),
            ));
        }
    }
    let parent: std::collections::HashMap<&str, &str> = groups
        .iter()
        .filter_map(|g| Some((g.id.as_str(), g.parent.as_ref()?.as_str())))
        .collect();
    for g in groups {
        let mut at = g.id.as_str();
        for _ in 0..=groups.len() {
            match parent.get(at) {
                Some(&p) if p == g.id.as_str() => {
                    problems.push(Problem::new(
                        format!("group \"{}\"", g.id),
                        "it sits inside itself through its parents",
                    ));
                    break;
                }
                Some(&p) => at = p,
                None => break,
            }
        }
    }
}

/// The problems of a map's notes: ids unique and not empty, text writable, a position within
/// the limits. A target that names nothing is not one: the note is kept, not drawn.
pub fn check_notes(problems: &mut Vec<Problem>, notes: &[super::Note]) {
    let mut ids: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for (i, n) in notes.iter().enumerate() {
        let place = if n.id.trim().is_empty() {
            format!("note #{} in \"notes\"", i + 1)
        } else {
            format!("note \"{}\"", n.id)
        };
        if n.id.trim().is_empty() {
            problems.push(Problem::new(&place, "the id is empty"));
        } else if !ids.insert(n.id.as_str()) {
            problems.push(Problem::new(
                &place,
                "duplicate id: another note has it too",
            ));
        }
        check_text(problems, &place, "text", &n.text);
        if !n.at.is_within_limits() {
            problems.push(Problem::new(
                &place,
                format!(
                    "\"position\" must be finite and within ±{}",
                    super::limits::MAX_COORDINATE
                ),
            ));
        }
    }
}

/// What a source must satisfy on its own (see [`check_relation_content`]).
pub fn check_source(problems: &mut Vec<Problem>, source: &Source) {
    let place = format!("source \"{}\"", source.id);
    check_text(problems, &place, "id", source.id.as_str());
    check_text(problems, &place, "title", &source.title);
    for (field, text) in [
        ("publisher", &source.publisher),
        ("author", &source.author),
        ("url", &source.url),
    ] {
        if let Some(text) = text {
            check_text(problems, &place, field, text);
        }
    }
    check_date(problems, &place, "date", source.date.as_ref());
    check_date(problems, &place, "retrieved", source.retrieved.as_ref());
    check_text_within(
        problems,
        &place,
        "text",
        &source.text,
        super::limits::MAX_SOURCE_TEXT_BYTES,
    );
}

/// What an entity must satisfy on its own (see [`check_relation_content`]).
pub fn check_entity(problems: &mut Vec<Problem>, entity: &Entity) {
    let place = format!("entity \"{}\"", entity.id);
    if entity.name.trim().is_empty() {
        problems.push(Problem::new(&place, "the name is empty"));
    }
    check_text(problems, &place, "id", entity.id.as_str());
    check_text(problems, &place, "name", &entity.name);
    check_text(problems, &place, "kind", &entity.kind);
    check_text(problems, &place, "summary", &entity.summary);
    for alias in &entity.aliases {
        check_text(problems, &place, "aliases", alias);
    }
    if let Some(picture) = &entity.picture {
        check_text_within(
            problems,
            &place,
            "picture",
            picture.as_str(),
            limits::MAX_PICTURE_BYTES,
        );
    }
    check_attributes(problems, &place, &entity.attributes);
    if let Some(period) = &entity.period {
        check_period(problems, &place, period);
    }
    if let Some(p) = &entity.position
        && !p.is_within_limits()
    {
        problems.push(Problem::new(
            &place,
            format!(
                "the position ({}, {}) is not a finite number within ±{:e}",
                p.x,
                p.y,
                limits::MAX_COORDINATE
            ),
        ));
    }
}

fn check_relation(
    problems: &mut Vec<Problem>,
    relation: &Relation,
    entity_ids: &HashSet<&str>,
    source_ids: &HashSet<&str>,
) {
    let place = format!("relation \"{}\"", relation.id);
    for (end, id) in [("from", &relation.from), ("to", &relation.to)] {
        if !entity_ids.contains(id.as_str()) {
            problems.push(Problem::new(
                &place,
                format!("\"{end}\" names an unknown entity \"{id}\""),
            ));
        }
    }
    for (n, claim) in relation.claims.iter().enumerate() {
        let place = format!("{place} claim {}", n + 1);
        if !source_ids.contains(claim.source.as_str()) {
            problems.push(Problem::new(
                &place,
                format!("\"source\" names an unknown source \"{}\"", claim.source),
            ));
        }
        if let Some(claimant) = &claim.claimant
            && !entity_ids.contains(claimant.as_str())
        {
            problems.push(Problem::new(
                &place,
                format!("\"claimant\" names an unknown entity \"{claimant}\""),
            ));
        }
    }
    check_relation_content(problems, relation);
}

/// What a relation must satisfy on its own, whatever else is in the map: the checks an edit
/// of it must pass too, so that no edit makes a map that would not load again.
pub fn check_relation_content(problems: &mut Vec<Problem>, relation: &Relation) {
    let place = format!("relation \"{}\"", relation.id);
    if relation.kind.trim().is_empty() {
        problems.push(Problem::new(&place, "the kind is empty"));
    }
    check_text(problems, &place, "id", relation.id.as_str());
    check_text(problems, &place, "kind", &relation.kind);
    check_text(problems, &place, "label", &relation.label);
    check_attributes(problems, &place, &relation.attributes);
    if let Some(period) = &relation.period {
        check_period(problems, &place, period);
    }
    for (n, claim) in relation.claims.iter().enumerate() {
        let place = format!("{place} claim {}", n + 1);
        if let Some(speaker) = &claim.speaker {
            check_text(problems, &place, "speaker", speaker);
        }
        check_text(problems, &place, "quote", &claim.quote);
        check_date(problems, &place, "date", claim.date.as_ref());
        if let Some(grade) = claim.credibility
            && !super::CREDIBILITY.contains(&grade)
        {
            problems.push(Problem::new(
                &place,
                format!("credibility {grade} is not a grade: it runs from 1 (confirmed) to 6"),
            ));
        }
        if let Some(a) = claim.anchor
            && a.start > a.end
        {
            problems.push(Problem::new(
                &place,
                format!(
                    "the anchor starts at {} after it ends at {}",
                    a.start, a.end
                ),
            ));
        }
    }
}

fn check_period(problems: &mut Vec<Problem>, place: &str, period: &Period) {
    check_date(problems, place, "period.from", period.from.as_ref());
    check_date(problems, place, "period.to", period.to.as_ref());
    // A period may end within the span its start names ("2019-11-19" to "2019-11").
    if let (Some(from), Some(to)) = (&period.from, &period.to)
        && let (Some(a), Some(b)) = (from.span(), to.span())
        && a.first > b.last
    {
        problems.push(Problem::new(
            place,
            format!("the period ends ({to}) before it starts ({from})"),
        ));
    }
}

fn check_attributes(problems: &mut Vec<Problem>, place: &str, attributes: &Attributes) {
    for (key, value) in attributes {
        check_text(problems, place, "attributes", key);
        match value {
            AttrValue::Text(text) => check_text(problems, place, "attributes", text),
            AttrValue::Date { date } => {
                check_date(problems, place, &format!("attributes.{key}"), Some(date))
            }
            AttrValue::Bool(_) | AttrValue::Number(_) => {}
        }
    }
}

/// Text must fit [`MAX_TEXT_BYTES`] and hold only characters every export can write: XML 1.0
/// has no way to write the C0 controls other than tab and line breaks, nor U+FFFE and U+FFFF,
/// so an SVG, GraphML or GEXF file holding one would not be well formed.
fn check_text(problems: &mut Vec<Problem>, place: &str, field: &str, text: &str) {
    check_text_within(problems, place, field, text, MAX_TEXT_BYTES);
}

fn check_text_within(
    problems: &mut Vec<Problem>,
    place: &str,
    field: &str,
    text: &str,
    max: usize,
) {
    if text.len() > max {
        problems.push(Problem::new(
            place,
            format!(
                "\"{field}\" is {} bytes long; relmap accepts text of at most {max} bytes",
                text.len()
            ),
        ));
    }
    if let Some(c) = text.chars().find(|&c| !is_xml_char(c)) {
        problems.push(Problem::new(
            place,
            format!(
                "\"{field}\" contains the character U+{:04X}, which cannot be written to a \
                 figure or an XML file; remove it",
                u32::from(c)
            ),
        ));
    }
}

/// A character XML 1.0 allows in a document (its `Char` production).
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// An id must be non-empty and unique among its kind. An empty id is named by the item's
/// position, since it has no name of its own.
/// The problems with the ids `ids` (empty, or given twice), each with its item's index; the
/// ids go into `seen`.
fn each_id<'a>(
    seen: &mut HashSet<&'a str>,
    kind: &str,
    ids: impl Iterator<Item = &'a str>,
) -> Vec<(usize, Problem)> {
    let mut found = Vec::new();
    let mut one = Vec::new();
    for (i, id) in ids.enumerate() {
        check_id(&mut one, seen, kind, i, id);
        found.extend(one.drain(..).map(|p| (i, p)));
    }
    found
}

/// The problems `check` finds in each of `items`, each with its item's index.
fn each_item<T>(items: &[T], check: impl Fn(&mut Vec<Problem>, &T)) -> Vec<(usize, Problem)> {
    let mut found = Vec::new();
    let mut one = Vec::new();
    for (i, item) in items.iter().enumerate() {
        check(&mut one, item);
        found.extend(one.drain(..).map(|p| (i, p)));
    }
    found
}

/// The problems of `ids` and `items` merged by item, an item's id problems first.
fn in_document_order(
    ids: Vec<(usize, Problem)>,
    items: Vec<(usize, Problem)>,
) -> impl Iterator<Item = Problem> {
    let mut all = ids;
    all.extend(items);
    // A stable sort keeps the id problems, which came first, ahead of the item's others.
    all.sort_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, p)| p)
}

fn check_id<'a>(
    problems: &mut Vec<Problem>,
    seen: &mut HashSet<&'a str>,
    kind: &str,
    index: usize,
    id: &'a str,
) {
    if id.trim().is_empty() {
        problems.push(Problem::new(
            format!("{kind} #{}", index + 1),
            "the id is empty",
        ));
    } else if !seen.insert(id) {
        problems.push(Problem::new(
            format!("{kind} \"{id}\""),
            format!("duplicate id: another {kind} has it too"),
        ));
    }
}

fn check_date(problems: &mut Vec<Problem>, place: &str, field: &str, date: Option<&PartialDate>) {
    if let Some(date) = date
        && !date.is_well_formed()
    {
        problems.push(Problem::new(
            place,
            format!("\"{field}\" is \"{date}\", not {DATE_FORMS}"),
        ));
    }
}

pub fn check_style(problems: &mut Vec<Problem>, place: &str, style: &KindStyle) {
    if let Some(color) = &style.color
        && parse_hex_color(color).is_none()
    {
        problems.push(Problem::new(
            place,
            format!("\"color\" is \"{color}\", not a colour like #1f77b4"),
        ));
    }
    if style.icon_only && style.icon.is_none() {
        problems.push(Problem::new(
            place,
            "\"icon_only\" is true but there is no \"icon\" to draw instead of the shape",
        ));
    }
}

/// Parses `#rrggbb` into its three channels.
pub fn parse_hex_color(text: &str) -> Option<[u8; 3]> {
    let hex = text.strip_prefix('#')?;
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([channel(0)?, channel(2)?, channel(4)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_colours_parse_only_in_the_rrggbb_form() {
        assert_eq!(parse_hex_color("#1f77b4"), Some([0x1f, 0x77, 0xb4]));
        assert_eq!(parse_hex_color("1f77b4"), None);
        assert_eq!(parse_hex_color("#fff"), None);
        assert_eq!(parse_hex_color("#gggggg"), None);
        assert_eq!(parse_hex_color("#ééé"), None);
    }
}
