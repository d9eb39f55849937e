//! The data table as a file, for scripts (`relmap table`): the entities (or, with
//! `--relations`, the relations) as rows under the table's columns (`query::table`,
//! `query::relation_table`), filtered by words and sorted by a column as the window's table
//! is, as CSV, or tab-separated text when the output ends in `.tsv`.

use std::path::Path;

use crate::io::{SaveError, atomic_write};
use crate::model::Document;
use crate::query::table::{self, Column, RowQuery};

/// The column a script names (`--sort name`), a field's or an attribute's.
pub fn column_named(doc: &Document, name: &str) -> Option<Column> {
    table::entity_columns(doc)
        .into_iter()
        .find(|c| c.title().eq_ignore_ascii_case(name))
}

/// The entities' table as CSV text.
pub fn entities_csv(doc: &Document, query: &RowQuery) -> Result<String, csv::Error> {
    let columns = table::entity_columns(doc);
    let rows = table::entity_rows(doc, &vec![true; doc.entities.len()], query);
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(columns.iter().map(Column::title))?;
    for i in rows {
        let e = &doc.entities[i];
        out.write_record(columns.iter().map(|c| table::cell(e, c)))?;
    }
    let bytes = out.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Writes the entities' table to `path`, atomically: tab-separated for `.tsv`, else CSV.
pub fn write_entities(doc: &Document, query: &RowQuery, path: &Path) -> Result<usize, SaveError> {
    let tsv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("tsv"));
    let text = if tsv {
        let rows = table::entity_rows(doc, &vec![true; doc.entities.len()], query);
        table::to_tsv(doc, &rows, &table::entity_columns(doc))
    } else {
        entities_csv(doc, query).map_err(|e| SaveError::Io {
            path: path.to_owned(),
            source: std::io::Error::other(e),
        })?
    };
    atomic_write(path, |f| std::io::Write::write_all(f, text.as_bytes()))?;
    // Counted again rather than from the text: a summary may hold line breaks.
    Ok(table::entity_rows(doc, &vec![true; doc.entities.len()], query).len())
}

/// Writes the relations' table to `path`: rows with every word of `filter`, sorted by the
/// column `sort` names (`-` before it sorts the other way). `Err` names an unknown column and
/// lists the columns, or says why the file could not be written.
pub fn write_relations(
    doc: &Document,
    filter: &str,
    sort: Option<&str>,
    path: &Path,
) -> Result<usize, String> {
    use crate::query::relation_table::{
        RelationColumn, relation_cell, relation_columns, relation_rows, relations_tsv,
    };
    let columns = relation_columns(doc);
    let sort = match sort {
        None => None,
        Some(name) => {
            let (descending, name) = match name.strip_prefix('-') {
                Some(rest) => (true, rest),
                None => (false, name),
            };
            let column = columns
                .iter()
                .find(|c| c.title().eq_ignore_ascii_case(name))
                .cloned()
                .ok_or_else(|| {
                    let names: Vec<&str> = columns.iter().map(RelationColumn::title).collect();
                    format!(
                        "no column \"{name}\": the relations' columns are {}",
                        names.join(", ")
                    )
                })?;
            Some((column, descending))
        }
    };
    let rows = relation_rows(doc, &vec![true; doc.relations.len()], filter, sort.as_ref());
    let tsv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("tsv"));
    let text = if tsv {
        relations_tsv(doc, &rows, &columns)
    } else {
        let mut out = csv::Writer::from_writer(Vec::new());
        let csv_error = |e: csv::Error| e.to_string();
        out.write_record(columns.iter().map(RelationColumn::title))
            .map_err(csv_error)?;
        for &i in &rows {
            let r = &doc.relations[i];
            out.write_record(columns.iter().map(|c| relation_cell(doc, r, c)))
                .map_err(csv_error)?;
        }
        let bytes = out.into_inner().map_err(|e| e.into_error().to_string())?;
        String::from_utf8_lossy(&bytes).into_owned()
    };
    atomic_write(path, |f| std::io::Write::write_all(f, text.as_bytes()))
        .map_err(|e| e.to_string())?;
    Ok(rows.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_entities_table_reads_back_as_csv_with_every_column() {
        let doc = crate::io::bundled_map().unwrap();
        let csv_text = entities_csv(&doc, &RowQuery::default()).unwrap();
        let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
        let headers = reader.headers().unwrap().clone();
        assert_eq!(&headers[0], "id");
        assert!(headers.iter().any(|h| h == "nationality"));
        assert_eq!(reader.records().count(), doc.entities.len());
        assert_eq!(column_named(&doc, "Name"), Some(Column::Name));
    }
}
