//! Checks that a document hangs together: ids unique, references resolved, dates and colours
//! well formed. Every problem is reported, each naming the id it is about.

use std::collections::HashSet;
use std::fmt;

use super::{Document, KindStyle, PartialDate};

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

    let mut source_ids = HashSet::new();
    for (i, source) in doc.sources.iter().enumerate() {
        let place = format!("source \"{}\"", source.id);
        check_id(
            &mut problems,
            &mut source_ids,
            "source",
            i,
            source.id.as_str(),
        );
        check_date(&mut problems, &place, "date", source.date.as_ref());
    }

    let mut entity_ids = HashSet::new();
    for (i, entity) in doc.entities.iter().enumerate() {
        let place = format!("entity \"{}\"", entity.id);
        check_id(
            &mut problems,
            &mut entity_ids,
            "entity",
            i,
            entity.id.as_str(),
        );
        if entity.name.trim().is_empty() {
            problems.push(Problem::new(&place, "the name is empty"));
        }
        if let Some(p) = entity.position
            && !(p.x.is_finite() && p.y.is_finite())
        {
            problems.push(Problem::new(&place, "the position is not a finite number"));
        }
    }

    let mut relation_ids = HashSet::new();
    for (i, relation) in doc.relations.iter().enumerate() {
        let place = format!("relation \"{}\"", relation.id);
        check_id(
            &mut problems,
            &mut relation_ids,
            "relation",
            i,
            relation.id.as_str(),
        );
        for (end, id) in [("from", &relation.from), ("to", &relation.to)] {
            if !entity_ids.contains(id.as_str()) && doc.entity(id.as_str()).is_none() {
                problems.push(Problem::new(
                    &place,
                    format!("\"{end}\" names an unknown entity \"{id}\""),
                ));
            }
        }
        if relation.kind.trim().is_empty() {
            problems.push(Problem::new(&place, "the kind is empty"));
        }
        if let Some(period) = &relation.period {
            check_date(&mut problems, &place, "period.from", period.from.as_ref());
            check_date(&mut problems, &place, "period.to", period.to.as_ref());
            if let (Some(from), Some(to)) = (&period.from, &period.to)
                && from.is_well_formed()
                && to.is_well_formed()
                && from.as_str() > to.as_str()
                && !from.as_str().starts_with(to.as_str())
            {
                problems.push(Problem::new(
                    &place,
                    format!("the period ends ({to}) before it starts ({from})"),
                ));
            }
        }
        for (n, claim) in relation.claims.iter().enumerate() {
            let place = format!("{place} claim {}", n + 1);
            if doc.source(claim.source.as_str()).is_none() {
                problems.push(Problem::new(
                    &place,
                    format!("\"source\" names an unknown source \"{}\"", claim.source),
                ));
            }
            if let Some(claimant) = &claim.claimant
                && doc.entity(claimant.as_str()).is_none()
            {
                problems.push(Problem::new(
                    &place,
                    format!("\"claimant\" names an unknown entity \"{claimant}\""),
                ));
            }
            check_date(&mut problems, &place, "date", claim.date.as_ref());
        }
    }

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

    problems
}

/// An id must be non-empty and unique among its kind. An empty id is named by the item's
/// position, since it has no name of its own.
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
            format!("\"{field}\" is \"{date}\", not a date like 2019, 2019-11 or 2019-11-19"),
        ));
    }
}

fn check_style(problems: &mut Vec<Problem>, place: &str, style: &KindStyle) {
    if let Some(color) = &style.color
        && parse_hex_color(color).is_none()
    {
        problems.push(Problem::new(
            place,
            format!("\"color\" is \"{color}\", not a colour like #1f77b4"),
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
