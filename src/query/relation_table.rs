//! The data table's relations: their columns (ends, kind, label, direction, period, claims,
//! then every attribute any relation has), rows filtered and sorted as the entities' are, each
//! cell's text and a cell's edit, and rows as tab-separated text.

use std::cmp::Ordering;
use std::collections::BTreeSet;

use rayon::prelude::*;

use crate::model::{AttrValue, Document, PartialDate, Relation};

/// A column of the relations' table.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RelationColumn {
    Id,
    /// Its ends, by name.
    From,
    To,
    Kind,
    Label,
    Directed,
    /// When its period begins and ends.
    Start,
    End,
    /// How many claims, and whether they disagree.
    Claims,
    Contested,
    Attribute(String),
}

impl RelationColumn {
    pub fn title(&self) -> &str {
        match self {
            Self::Id => "id",
            Self::From => "from",
            Self::To => "to",
            Self::Kind => "kind",
            Self::Label => "label",
            Self::Directed => "directed",
            Self::Start => "start",
            Self::End => "end",
            Self::Claims => "claims",
            Self::Contested => "contested",
            Self::Attribute(a) => a,
        }
    }

    /// Whether a cell of it can be edited in the table: not the id, the ends (Connect and
    /// Reverse change those) or what the claims say.
    pub fn editable(&self) -> bool {
        !matches!(
            self,
            Self::Id | Self::From | Self::To | Self::Claims | Self::Contested
        )
    }
}

/// The relations' columns: the fields, then every attribute name, sorted.
pub fn relation_columns(doc: &Document) -> Vec<RelationColumn> {
    let attributes: BTreeSet<&str> = doc
        .relations
        .iter()
        .flat_map(|r| r.attributes.keys().map(String::as_str))
        .collect();
    [
        RelationColumn::Id,
        RelationColumn::From,
        RelationColumn::To,
        RelationColumn::Kind,
        RelationColumn::Label,
        RelationColumn::Directed,
        RelationColumn::Start,
        RelationColumn::End,
        RelationColumn::Claims,
        RelationColumn::Contested,
    ]
    .into_iter()
    .chain(
        attributes
            .into_iter()
            .map(|a| RelationColumn::Attribute(a.to_owned())),
    )
    .collect()
}

/// The text of `column` for relation `r`.
pub fn relation_cell(doc: &Document, r: &Relation, column: &RelationColumn) -> String {
    let date = |d: Option<&PartialDate>| d.map(ToString::to_string).unwrap_or_default();
    match column {
        RelationColumn::Id => r.id.to_string(),
        RelationColumn::From => doc.entity_name(r.from.as_str()).to_owned(),
        RelationColumn::To => doc.entity_name(r.to.as_str()).to_owned(),
        RelationColumn::Kind => r.kind.clone(),
        RelationColumn::Label => r.label.clone(),
        RelationColumn::Directed => if r.directed { "yes" } else { "no" }.to_owned(),
        RelationColumn::Start => date(r.period.as_ref().and_then(|p| p.from.as_ref())),
        RelationColumn::End => date(r.period.as_ref().and_then(|p| p.to.as_ref())),
        RelationColumn::Claims => r.claims.len().to_string(),
        RelationColumn::Contested => if r.is_contested() { "yes" } else { "" }.to_owned(),
        RelationColumn::Attribute(a) => r
            .attributes
            .get(a)
            .map(ToString::to_string)
            .unwrap_or_default(),
    }
}

/// The relations `text` (words every row has in some cell) leaves, of those `shown`, sorted
/// by `sort` (numbers as numbers, text without regard to case, empty cells last).
pub fn relation_rows(
    doc: &Document,
    shown: &[bool],
    text: &str,
    sort: Option<&(RelationColumn, bool)>,
) -> Vec<usize> {
    let columns = relation_columns(doc);
    let (words, by_column) = super::table::split_words(text, &columns, RelationColumn::title);
    let mut rows: Vec<usize> = (0..doc.relations.len())
        .into_par_iter()
        .filter(|&i| shown.get(i).copied().unwrap_or(true))
        .filter(|&i| {
            let r = &doc.relations[i];
            if !by_column.iter().all(|(c, value)| {
                relation_cell(doc, r, c)
                    .to_lowercase()
                    .contains(value.as_str())
            }) {
                return false;
            }
            if words.is_empty() {
                return true;
            }
            let all: String = columns
                .iter()
                .map(|c| relation_cell(doc, r, c).to_lowercase())
                .collect::<Vec<_>>()
                .join("\n");
            words.iter().all(|w| all.contains(w.as_str()))
        })
        .collect();
    if let Some((column, descending)) = sort {
        let keys: Vec<Key> = doc
            .relations
            .par_iter()
            .map(|r| Key::of(doc, r, column))
            .collect();
        rows.par_sort_by(|&a, &b| keys[a].cmp_with(&keys[b], *descending).then(a.cmp(&b)));
    }
    rows
}

/// A cell as it sorts.
#[derive(Debug, Clone, PartialEq)]
enum Key {
    Empty,
    Number(f64),
    Text(String),
}

impl Key {
    fn of(doc: &Document, r: &Relation, column: &RelationColumn) -> Self {
        match column {
            RelationColumn::Claims => return Key::Number(r.claims.len() as f64),
            RelationColumn::Attribute(a) => match r.attributes.get(a) {
                None => return Key::Empty,
                Some(AttrValue::Number(n)) => return n.as_f64().map_or(Key::Empty, Key::Number),
                Some(AttrValue::Date { date }) => {
                    return date.year().map_or(Key::Empty, Key::Number);
                }
                Some(_) => {}
            },
            RelationColumn::Start | RelationColumn::End => {
                let text = relation_cell(doc, r, column);
                return PartialDate::new(text)
                    .year()
                    .map_or(Key::Empty, Key::Number);
            }
            _ => {}
        }
        let text = relation_cell(doc, r, column);
        if text.is_empty() {
            Key::Empty
        } else {
            Key::Text(text.to_lowercase())
        }
    }

    fn cmp_with(&self, other: &Key, descending: bool) -> Ordering {
        let flip = |o: Ordering| if descending { o.reverse() } else { o };
        match (self, other) {
            (Key::Empty, Key::Empty) => Ordering::Equal,
            (Key::Empty, _) => Ordering::Greater,
            (_, Key::Empty) => Ordering::Less,
            (Key::Number(a), Key::Number(b)) => flip(a.total_cmp(b)),
            (Key::Number(_), Key::Text(_)) => flip(Ordering::Less),
            (Key::Text(_), Key::Number(_)) => flip(Ordering::Greater),
            (Key::Text(a), Key::Text(b)) => flip(a.cmp(b)),
        }
    }
}

/// Relation `r` with `column` set to `text`; `Err` says why it cannot be. An attribute keeps
/// its type while the text reads as one; an empty attribute cell removes it.
pub fn with_relation_cell(
    r: &Relation,
    column: &RelationColumn,
    text: &str,
) -> Result<Relation, String> {
    let mut out = r.clone();
    let t = text.trim();
    match column {
        RelationColumn::Kind if t.is_empty() => return Err("a kind cannot be empty".to_owned()),
        RelationColumn::Kind => out.kind = t.to_owned(),
        RelationColumn::Label => out.label = t.to_owned(),
        RelationColumn::Directed => {
            out.directed = match t.to_ascii_lowercase().as_str() {
                "yes" | "true" | "directed" => true,
                "no" | "false" | "undirected" | "" => false,
                _ => return Err(format!("\"{t}\" is not yes or no")),
            }
        }
        RelationColumn::Start | RelationColumn::End => {
            let date = (!t.is_empty()).then(|| PartialDate::new(t));
            if let Some(d) = &date
                && !d.is_well_formed()
            {
                return Err(format!(
                    "\"{t}\" is not a date relmap reads ({})",
                    crate::model::DATE_FORMS
                ));
            }
            let period = out.period.get_or_insert_with(Default::default);
            if *column == RelationColumn::Start {
                period.from = date;
            } else {
                period.to = date;
            }
            if period.from.is_none() && period.to.is_none() && period.extra.is_empty() {
                out.period = None;
            }
        }
        RelationColumn::Attribute(a) if t.is_empty() => {
            out.attributes.remove(a);
        }
        RelationColumn::Attribute(a) => {
            let value = match r.attributes.get(a) {
                Some(old) => old.reparse_like(t),
                None => AttrValue::text(t),
            };
            out.attributes.insert(a.clone(), value);
        }
        other => return Err(format!("the {} column is not edited here", other.title())),
    }
    Ok(out)
}

/// `rows` under `columns` as tab-separated text with a header line.
pub fn relations_tsv(doc: &Document, rows: &[usize], columns: &[RelationColumn]) -> String {
    let clean = |s: String| s.replace(['\t', '\n', '\r'], " ");
    let mut out = columns
        .iter()
        .map(|c| c.title().to_owned())
        .collect::<Vec<_>>()
        .join("\t");
    out.push('\n');
    for &i in rows {
        let Some(r) = doc.relations.get(i) else {
            continue;
        };
        let line: Vec<String> = columns
            .iter()
            .map(|c| clean(relation_cell(doc, r, c)))
            .collect();
        out.push_str(&line.join("\t"));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relations_filter_sort_and_take_edits_of_their_own_fields() {
        let doc = crate::io::bundled_map().unwrap();
        let all = vec![true; doc.relations.len()];
        let contested = relation_rows(&doc, &all, "taliban", None);
        let only_kind = relation_rows(&doc, &all, "kind:leads", None);
        assert!(!only_kind.is_empty());
        assert!(
            only_kind
                .iter()
                .all(|&i| doc.relations[i].kind.contains("leads"))
        );
        assert!(contested.len() > 5 && contested.len() < doc.relations.len());
        let by_claims = relation_rows(&doc, &all, "", Some(&(RelationColumn::Claims, true)));
        let most = &doc.relations[by_claims[0]];
        assert!(
            doc.relations
                .iter()
                .all(|r| r.claims.len() <= most.claims.len())
        );
        let r = &doc.relations[0];
        let undirected = with_relation_cell(r, &RelationColumn::Directed, "no").unwrap();
        assert!(!undirected.directed);
        assert!(with_relation_cell(r, &RelationColumn::Start, "2019-13").is_err());
        assert!(with_relation_cell(r, &RelationColumn::From, "x").is_err());
        let tsv = relations_tsv(&doc, &by_claims[..2], &relation_columns(&doc));
        assert_eq!(tsv.lines().count(), 3);
        assert!(tsv.starts_with("id\tfrom\tto\tkind"));
    }
}
