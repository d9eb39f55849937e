//! The data table's questions, with no UI: the columns of the entities' table (their fields,
//! then every attribute any entity has), which rows a filter leaves and in what order, each
//! cell's text, a bulk edit of one column over many rows, and rows as tab-separated text for a
//! spreadsheet. The window's table (`ui::panels::table`) and `relmap table` both ask here.

use std::cmp::Ordering;
use std::collections::BTreeSet;

use rayon::prelude::*;

use crate::model::{AttrValue, Document, Entity};

/// A column of the entities' table.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Column {
    Id,
    Name,
    Kind,
    Aliases,
    Summary,
    Picture,
    /// From: when its period begins.
    From,
    /// To: when its period ends.
    To,
    Attribute(String),
}

impl Column {
    /// Its header.
    pub fn title(&self) -> &str {
        match self {
            Column::Id => "id",
            Column::Name => "name",
            Column::Kind => "kind",
            Column::Aliases => "aliases",
            Column::Summary => "summary",
            Column::Picture => "picture",
            Column::From => "from",
            Column::To => "to",
            Column::Attribute(a) => a,
        }
    }

    /// Whether a cell of it can be edited in the table (ids never change).
    pub fn editable(&self) -> bool {
        !matches!(self, Column::Id)
    }
}

/// The entities' columns: the fields, then every attribute name in the map, sorted.
pub fn entity_columns(doc: &Document) -> Vec<Column> {
    let attributes: BTreeSet<&str> = doc
        .entities
        .iter()
        .flat_map(|e| e.attributes.keys().map(String::as_str))
        .collect();
    [
        Column::Id,
        Column::Name,
        Column::Kind,
        Column::Aliases,
        Column::Summary,
        Column::Picture,
        Column::From,
        Column::To,
    ]
    .into_iter()
    .chain(
        attributes
            .into_iter()
            .map(|a| Column::Attribute(a.to_owned())),
    )
    .collect()
}

/// The text of `column` for entity `e`, as the table shows and copies it.
pub fn cell(e: &Entity, column: &Column) -> String {
    match column {
        Column::Id => e.id.to_string(),
        Column::Name => e.name.clone(),
        Column::Kind => e.kind.clone(),
        Column::Aliases => e.aliases.join(", "),
        Column::Summary => e.summary.clone(),
        // An embedded picture is long: the table says what it is.
        Column::Picture => e.picture.as_ref().map(|p| p.describe()).unwrap_or_default(),
        Column::From => date_text(e.period.as_ref().and_then(|p| p.from.as_ref())),
        Column::To => date_text(e.period.as_ref().and_then(|p| p.to.as_ref())),
        Column::Attribute(a) => e
            .attributes
            .get(a)
            .map(ToString::to_string)
            .unwrap_or_default(),
    }
}

fn date_text(date: Option<&crate::model::PartialDate>) -> String {
    date.map(ToString::to_string).unwrap_or_default()
}

/// How the table's rows are chosen and ordered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct RowQuery {
    /// Words every shown row has in some cell (case-insensitive).
    pub text: String,
    /// The column sorted by, and whether descending.
    pub sort: Option<(Column, bool)>,
}

/// A filter's words split into those any cell may hold and those one column must hold
/// (`kind:person`, `nationality:u.s.`), by the column's title, lowercased.
pub fn split_words<'c, C>(
    text: &str,
    columns: &'c [C],
    title: impl Fn(&C) -> &str,
) -> (Vec<String>, Vec<(&'c C, String)>) {
    let mut any = Vec::new();
    let mut by_column = Vec::new();
    for word in text.split_whitespace().map(str::to_lowercase) {
        let named = word.split_once(':').and_then(|(name, value)| {
            let column = columns
                .iter()
                .find(|c| title(c).eq_ignore_ascii_case(name))?;
            Some((column, value.to_owned()))
        });
        match named {
            Some(pair) => by_column.push(pair),
            None => any.push(word),
        }
    }
    (any, by_column)
}

/// The entities `query` leaves, of those `shown` (the exploration filters' verdict, by entity
/// index), in its order: numbers as numbers, text without regard to case, empty cells last. A
/// word `column:value` asks that column alone to hold the value.
pub fn entity_rows(doc: &Document, shown: &[bool], query: &RowQuery) -> Vec<usize> {
    let columns = if query.text.trim().is_empty() {
        Vec::new()
    } else {
        entity_columns(doc)
    };
    let (words, by_column) = split_words(&query.text, &columns, Column::title);
    // In parallel and in order: on 100 000 entities the text filter is most of a frame.
    let mut rows: Vec<usize> = (0..doc.entities.len())
        .into_par_iter()
        .filter(|&i| shown.get(i).copied().unwrap_or(true))
        .filter(|&i| {
            let e = &doc.entities[i];
            if !by_column
                .iter()
                .all(|(c, value)| cell(e, c).to_lowercase().contains(value.as_str()))
            {
                return false;
            }
            if words.is_empty() {
                return true;
            }
            let mut all = String::new();
            for c in columns.iter().filter(|c| **c != Column::Picture) {
                all.push_str(&cell(e, c).to_lowercase());
                all.push('\n');
            }
            words.iter().all(|w| all.contains(w.as_str()))
        })
        .collect();
    if let Some((column, descending)) = &query.sort {
        let keys: Vec<SortKey> = doc
            .entities
            .par_iter()
            .map(|e| SortKey::of(e, column))
            .collect();
        rows.par_sort_by(|&a, &b| {
            let order = keys[a].cmp_with(&keys[b], *descending);
            order.then(a.cmp(&b))
        });
    }
    rows
}

/// A cell as it sorts.
#[derive(Debug, Clone, PartialEq)]
enum SortKey {
    Empty,
    Number(f64),
    Text(String),
}

impl SortKey {
    fn of(e: &Entity, column: &Column) -> Self {
        if let Column::Attribute(a) = column {
            match e.attributes.get(a) {
                None => return SortKey::Empty,
                Some(AttrValue::Number(n)) => {
                    return n.as_f64().map_or(SortKey::Empty, SortKey::Number);
                }
                Some(AttrValue::Date { date }) => {
                    return date.year().map_or(SortKey::Empty, SortKey::Number);
                }
                Some(_) => {}
            }
        }
        let text = cell(e, column);
        if text.is_empty() {
            return SortKey::Empty;
        }
        if matches!(column, Column::From | Column::To) {
            let year = crate::model::PartialDate::new(text.clone()).year();
            return year.map_or(SortKey::Text(text.to_lowercase()), SortKey::Number);
        }
        SortKey::Text(text.to_lowercase())
    }

    /// Empty cells last whichever way the column sorts; numbers before text.
    fn cmp_with(&self, other: &SortKey, descending: bool) -> Ordering {
        let flip = |o: Ordering| if descending { o.reverse() } else { o };
        match (self, other) {
            (SortKey::Empty, SortKey::Empty) => Ordering::Equal,
            (SortKey::Empty, _) => Ordering::Greater,
            (_, SortKey::Empty) => Ordering::Less,
            (SortKey::Number(a), SortKey::Number(b)) => flip(a.total_cmp(b)),
            (SortKey::Number(_), SortKey::Text(_)) => flip(Ordering::Less),
            (SortKey::Text(_), SortKey::Number(_)) => flip(Ordering::Greater),
            (SortKey::Text(a), SortKey::Text(b)) => flip(a.cmp(b)),
        }
    }
}

/// Entity `e` with `column` set to `text`, as a cell edit sets it; `Err` says why it cannot
/// be (an empty name, a date relmap does not read). An attribute keeps its type while the
/// text still reads as one (`AttrValue::reparse_like`); an empty attribute cell removes it.
pub fn with_cell(e: &Entity, column: &Column, text: &str) -> Result<Entity, String> {
    let mut out = e.clone();
    let trimmed = text.trim();
    match column {
        Column::Id => return Err("ids never change".to_owned()),
        Column::Name if trimmed.is_empty() => return Err("a name cannot be empty".to_owned()),
        Column::Name => out.name = trimmed.to_owned(),
        Column::Kind if trimmed.is_empty() => return Err("a kind cannot be empty".to_owned()),
        Column::Kind => out.kind = trimmed.to_owned(),
        Column::Aliases => {
            out.aliases = trimmed
                .split(',')
                .map(|a| a.trim().to_owned())
                .filter(|a| !a.is_empty())
                .collect();
        }
        Column::Summary => out.summary = text.to_owned(),
        Column::Picture if trimmed.is_empty() => out.picture = None,
        Column::Picture => out.picture = Some(crate::model::Picture::new(trimmed)),
        Column::From | Column::To => {
            let date = (!trimmed.is_empty())
                .then(|| crate::model::PartialDate::new(trimmed))
                .map(|d| {
                    if d.is_well_formed() {
                        Ok(d)
                    } else {
                        Err(format!(
                            "\"{trimmed}\" is not a date relmap reads ({})",
                            crate::model::DATE_FORMS
                        ))
                    }
                })
                .transpose()?;
            let period = out.period.get_or_insert_with(Default::default);
            if *column == Column::From {
                period.from = date;
            } else {
                period.to = date;
            }
            if period.from.is_none() && period.to.is_none() && period.extra.is_empty() {
                out.period = None;
            }
        }
        Column::Attribute(a) if trimmed.is_empty() => {
            out.attributes.remove(a);
        }
        Column::Attribute(a) => {
            let value = match e.attributes.get(a) {
                Some(old) => old.reparse_like(trimmed),
                None => AttrValue::text(trimmed),
            };
            out.attributes.insert(a.clone(), value);
        }
    }
    Ok(out)
}

/// `rows` under `columns` as tab-separated text with a header line, as a spreadsheet pastes
/// it; tabs and line breaks inside cells become spaces.
pub fn to_tsv(doc: &Document, rows: &[usize], columns: &[Column]) -> String {
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    let mut out = columns
        .iter()
        .map(|c| clean(c.title()))
        .collect::<Vec<_>>()
        .join("\t");
    out.push('\n');
    for &i in rows {
        let Some(e) = doc.entities.get(i) else {
            continue;
        };
        let line: Vec<String> = columns.iter().map(|c| clean(&cell(e, c))).collect();
        out.push_str(&line.join("\t"));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> Document {
        crate::io::bundled_map().unwrap()
    }

    #[test]
    fn columns_are_the_fields_then_every_attribute() {
        let doc = bundled();
        let columns = entity_columns(&doc);
        assert_eq!(columns[0], Column::Id);
        assert!(columns.contains(&Column::Attribute("nationality".into())));
    }

    #[test]
    fn rows_filter_by_every_word_and_sort_by_a_column_empty_last() {
        let doc = bundled();
        let all = vec![true; doc.entities.len()];
        let query = RowQuery {
            text: "haqqani son".into(),
            sort: None,
        };
        let rows = entity_rows(&doc, &all, &query);
        assert!(!rows.is_empty());
        assert!(rows.iter().all(|&i| {
            let e = &doc.entities[i];
            let text = format!("{} {} {:?}", e.name, e.summary, e.aliases).to_lowercase();
            text.contains("haqqani")
        }));
        // A word naming a column asks that column alone: persons, not organisations whose
        // summary says "person".
        let persons = entity_rows(
            &doc,
            &all,
            &RowQuery {
                text: "KIND:person haqqani".into(),
                sort: None,
            },
        );
        let haqqani = entity_rows(
            &doc,
            &all,
            &RowQuery {
                text: "haqqani".into(),
                sort: None,
            },
        );
        let expected: Vec<usize> = haqqani
            .into_iter()
            .filter(|&i| doc.entities[i].kind == "person")
            .collect();
        assert_eq!(persons, expected);
        assert!(expected.len() >= 4);
        let by_name = entity_rows(
            &doc,
            &all,
            &RowQuery {
                text: String::new(),
                sort: Some((Column::Name, false)),
            },
        );
        let names: Vec<String> = by_name
            .iter()
            .map(|&i| doc.entities[i].name.to_lowercase())
            .collect();
        assert!(names.windows(2).all(|w| w[0] <= w[1]));
        let by_nationality = entity_rows(
            &doc,
            &all,
            &RowQuery {
                text: String::new(),
                sort: Some((Column::Attribute("nationality".into()), true)),
            },
        );
        let last = &doc.entities[*by_nationality.last().unwrap()];
        assert!(
            last.attributes.get("nationality").is_none(),
            "empty cells last"
        );
        // The exploration filters' verdict leaves rows out.
        let mut shown = all.clone();
        shown[0] = false;
        assert!(!entity_rows(&doc, &shown, &RowQuery::default()).contains(&0));
    }

    #[test]
    fn a_cell_edit_keeps_types_and_refuses_what_cannot_be() {
        let doc = bundled();
        let e = &doc.entities[0];
        let renamed = with_cell(e, &Column::Name, "  New name ").unwrap();
        assert_eq!(renamed.name, "New name");
        assert!(with_cell(e, &Column::Name, " ").is_err());
        assert!(with_cell(e, &Column::Id, "x").is_err());
        let dated = with_cell(e, &Column::From, "2014-05").unwrap();
        assert_eq!(cell(&dated, &Column::From), "2014-05");
        assert!(
            with_cell(e, &Column::From, "soon")
                .unwrap_err()
                .contains("soon")
        );
        let numbered = with_cell(e, &Column::Attribute("age".into()), "41").unwrap();
        let again = with_cell(&numbered, &Column::Attribute("age".into()), "42").unwrap();
        assert_eq!(cell(&again, &Column::Attribute("age".into())), "42");
        let removed = with_cell(&again, &Column::Attribute("age".into()), "").unwrap();
        assert!(removed.attributes.get("age").is_none());
    }

    #[test]
    fn rows_copy_as_tab_separated_text() {
        let doc = bundled();
        let tsv = to_tsv(&doc, &[0, 1], &[Column::Id, Column::Name, Column::Summary]);
        let lines: Vec<&str> = tsv.lines().collect();
        assert_eq!(lines[0], "id\tname\tsummary");
        assert_eq!(lines.len(), 3);
        assert!(lines[1].starts_with(&format!(
            "{}\t{}\t",
            doc.entities[0].id, doc.entities[0].name
        )));
        assert_eq!(lines[1].matches('\t').count(), 2, "no tab inside a cell");
    }
}
