//! CSV tables, as Gephi's data laboratory and Kumu export them: a nodes table and an edges
//! table, or an edge list alone.
//!
//! - Columns are recognised by name, in any case: Gephi's `Id`, `Label`, `Source`, `Target`,
//!   `Type` (Directed/Undirected), `Weight`; Kumu's `Label`, `Type`, `Description`, `Tags`,
//!   `From`, `To`, `Direction`; and `name`, `kind`, `category`, `aliases`. [`Columns`] names
//!   them when they are called something else.
//! - Other columns become attributes, typed per column: a column whose every value is a number
//!   becomes numbers, `true`/`false` booleans, dates (`2019-11-19`, `1990~`) dates,
//!   anything else text. `|` separates several
//!   aliases (Kumu's convention).
//! - The separator is found from the header line (`,`, `;`, tab or `|`); a byte-order mark is
//!   skipped; quoted fields may hold separators and line breaks. A row with the wrong number
//!   of fields is reported with its line and skipped, and the rest is read.
//!
//! One cohesive thing: the reading of a table, from its bytes to a map, with the column
//! recognition that CSV and workbooks share.

use std::collections::BTreeMap;

use super::builder::Builder;
use super::carry;
use super::report::ImportReport;
use crate::io::LoadError;
use crate::model::{AttrValue, Document};

/// Column names given by the user, where the table's own are not recognised.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns {
    pub id: Option<String>,
    pub name: Option<String>,
    pub kind: Option<String>,
    pub source: Option<String>,
    pub target: Option<String>,
}

/// A table read into memory: its header and rows, each with its line. A row is a
/// `StringRecord`, its fields in one buffer: a million rows of three `String`s each were three
/// million allocations.
pub struct Table {
    pub origin: String,
    pub header: Vec<String>,
    pub rows: Vec<(usize, csv::StringRecord)>,
}

impl Table {
    /// Reads CSV bytes; rows of the wrong width are reported and left out.
    pub fn parse(
        bytes: &[u8],
        origin: &str,
        report: &mut ImportReport,
    ) -> Result<Table, LoadError> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(separator(bytes))
            .flexible(true)
            .has_headers(false)
            .from_reader(bytes);
        let mut records = reader.records();
        let mut lines = Lines::new(bytes);
        let syntax = |e: csv::Error, lines: &mut Lines| {
            let line = e.position().map_or(1, |p| lines.at(p.byte()));
            LoadError::Syntax {
                origin: origin.to_owned(),
                line,
                column: 1,
                message: format!("not a readable table: {e}"),
            }
        };
        let header: Vec<String> = match records.next() {
            Some(r) => r
                .map_err(|e| syntax(e, &mut lines))?
                .iter()
                .map(|h| h.trim().to_owned())
                .collect(),
            None => Vec::new(),
        };
        let mut rows = Vec::new();
        for record in records {
            let record = record.map_err(|e| syntax(e, &mut lines))?;
            let line = record.position().map_or(0, |p| lines.at(p.byte()));
            if record.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            if record.len() != header.len() {
                report.not_understood(
                    Some(line),
                    format!(
                        "{origin}: the row has {} field(s) where the header has {}; it was skipped",
                        record.len(),
                        header.len()
                    ),
                );
                continue;
            }
            rows.push((line, record));
        }
        Ok(Table {
            origin: origin.to_owned(),
            header,
            rows,
        })
    }

    /// The index of the column the user named, or else of the first known name it has.
    fn column(&self, named: Option<&String>, known: &[&str]) -> Option<usize> {
        if let Some(name) = named {
            return self
                .header
                .iter()
                .position(|h| h.eq_ignore_ascii_case(name));
        }
        known
            .iter()
            .find_map(|k| self.header.iter().position(|h| h.eq_ignore_ascii_case(k)))
    }

    /// The columns relmap would use for this table, as their headers name them: the user's
    /// where given, else the first it recognises.
    pub fn resolved(&self, columns: &Columns) -> Columns {
        let name = |i: Option<usize>| i.map(|i| self.header[i].clone());
        Columns {
            id: name(self.column(columns.id.as_ref(), ID)),
            name: name(self.column(columns.name.as_ref(), NAME)),
            kind: name(self.column(columns.kind.as_ref(), KIND)),
            source: name(self.column(columns.source.as_ref(), SOURCE)),
            target: name(self.column(columns.target.as_ref(), TARGET)),
        }
    }

    fn has_edges(&self, columns: &Columns) -> bool {
        self.column(columns.source.as_ref(), SOURCE).is_some()
            && self.column(columns.target.as_ref(), TARGET).is_some()
    }
}

const ID: &[&str] = &["id", "key", "node", "node id"];
const NAME: &[&str] = &["label", "name", "title"];
const KIND: &[&str] = &["type", "kind", "category", "class"];
const SUMMARY: &[&str] = &["description", "summary"];
const ALIASES: &[&str] = &["aliases", "alias"];
const SOURCE: &[&str] = &["source", "from", "source id"];
const TARGET: &[&str] = &["target", "to", "target id"];
const EDGE_KIND: &[&str] = &[
    "kind",
    "relation",
    "relationship",
    "type",
    "connection type",
];
const DIRECTION: &[&str] = &["direction", "directed", "type"];

/// Reads one table: an edge list when it has source and target columns, a nodes table
/// otherwise.
pub fn read_one(
    bytes: &[u8],
    origin: &str,
    title: &str,
    columns: &Columns,
) -> Result<(Document, ImportReport), LoadError> {
    let mut b = Builder::new(title);
    let mut table = Table::parse(bytes, origin, &mut b.report)?;
    if table.has_edges(columns) {
        edges(&mut b, &mut table, columns, true)?;
    } else {
        nodes(&mut b, &mut table, columns)?;
    }
    Ok(b.finish())
}

/// Reads a spreadsheet workbook (Excel .xlsx/.xlsm/.xls, OpenDocument .ods) with the same
/// columns as the CSV tables, one table a sheet: the first sheet with a source and a target
/// column is the edges table, the first other sheet with an id or label column the nodes table
/// (as Kumu's Elements and Connections sheets are). Other sheets are reported.
pub fn read_workbook(
    bytes: &[u8],
    origin: &str,
    title: &str,
    columns: &Columns,
) -> Result<(Document, ImportReport), LoadError> {
    let broken = |message: String| LoadError::Invalid {
        origin: origin.to_owned(),
        problems: vec![crate::model::Problem::new("the workbook", message)],
    };
    // An empty sheet is no table, and not worth a line in the report.
    let mut tables: Vec<Table> = super::workbook::read_sheets(bytes, origin)?
        .into_iter()
        .filter(|sheet| !sheet.header.is_empty())
        .map(|sheet| Table {
            origin: sheet.origin,
            header: sheet.header,
            rows: sheet
                .rows
                .into_iter()
                .map(|(line, row)| (line, csv::StringRecord::from(row)))
                .collect(),
        })
        .collect();
    let mut b = Builder::new(title);
    let edges_at = tables.iter().position(|t| t.has_edges(columns));
    let nodes_at = (0..tables.len()).find(|&i| {
        Some(i) != edges_at
            && tables[i]
                .column(columns.id.as_ref(), ID)
                .or(tables[i].column(columns.name.as_ref(), NAME))
                .is_some()
    });
    if edges_at.is_none() && nodes_at.is_none() {
        return Err(broken(
            "no sheet has a source and a target column, nor an id or label column".into(),
        ));
    }
    if let Some(i) = nodes_at {
        nodes(&mut b, &mut tables[i], columns)?;
    }
    if let Some(i) = edges_at {
        edges(&mut b, &mut tables[i], columns, nodes_at.is_none())?;
    }
    for (i, t) in tables.iter().enumerate() {
        if Some(i) != nodes_at && Some(i) != edges_at {
            b.report.not_understood(
                None,
                format!(
                    "{} was not read: relmap reads one nodes sheet and one edges sheet",
                    t.origin
                ),
            );
        }
    }
    Ok(b.finish())
}

/// Reads a nodes table and an edges table into one map, with the map table relmap writes
/// beside them (its title, description and sources) where there is one.
pub fn read_pair(
    nodes_table: (&[u8], &str),
    edges_table: (&[u8], &str),
    map_table: Option<(&[u8], &str)>,
    title: &str,
    columns: &Columns,
) -> Result<(Document, ImportReport), LoadError> {
    let mut b = Builder::new(title);
    if let Some((bytes, origin)) = map_table {
        let t = Table::parse(bytes, origin, &mut b.report)?;
        let carried = t
            .column(None, &[carry::FIELD])
            .and_then(|i| t.rows.first().map(|(_, row)| row[i].to_owned()))
            .and_then(|json| serde_json::from_str::<serde_json::Value>(&json).ok());
        if !carried.is_some_and(|v| carry::apply_map(b.doc_mut(), &v)) {
            return Err(missing(
                &t,
                "relmap column holding a map, as relmap writes it",
            ));
        }
        b.report.read(format!(
            "the map's title, description and sources from {origin}"
        ));
    }
    let mut n = Table::parse(nodes_table.0, nodes_table.1, &mut b.report)?;
    let mut e = Table::parse(edges_table.0, edges_table.1, &mut b.report)?;
    nodes(&mut b, &mut n, columns)?;
    if !e.has_edges(columns) {
        return Err(missing(
            &e,
            "a source and a target column (Source and Target, or From and To)",
        ));
    }
    edges(&mut b, &mut e, columns, false)?;
    Ok(b.finish())
}

fn missing(table: &Table, what: &str) -> LoadError {
    LoadError::Invalid {
        origin: table.origin.clone(),
        problems: vec![crate::model::Problem::new(
            "the header",
            format!(
                "has no {what}; its columns are {}. Name the columns to use (relmap convert \
                 --source-column, --target-column, --id-column, --name-column)",
                table.header.join(", ")
            ),
        )],
    }
}

fn nodes(b: &mut Builder, t: &mut Table, columns: &Columns) -> Result<(), LoadError> {
    let id = t.column(columns.id.as_ref(), ID);
    let name = t.column(columns.name.as_ref(), NAME);
    let Some(key) = id.or(name) else {
        return Err(missing(t, "id or label column (Id, Label or Name)"));
    };
    let kind = t.column(columns.kind.as_ref(), KIND);
    let summary = t.column(None, SUMMARY);
    let aliases = t.column(None, ALIASES);
    let carried = t.column(None, &[carry::FIELD]);
    let used = [Some(key), name, kind, summary, aliases, carried];
    let rest = typed_columns(t, &used);
    // Each row is dropped once read, so the table and the map are not both held whole.
    let rows = std::mem::take(&mut t.rows);
    let read = rows.len();
    b.reserve(read, 0);
    for (_, row) in rows {
        let foreign = row[key].trim();
        if foreign.is_empty() {
            continue;
        }
        let e = match carried.and_then(|i| carry::entity(&row[i])) {
            Some(entity) => b.node_from(foreign, entity),
            None => b.node(foreign),
        };
        if let Some(n) = name.map(|i| row[i].trim()).filter(|n| !n.is_empty()) {
            e.name = n.to_owned();
        }
        if let Some(k) = kind.map(|i| row[i].trim()).filter(|k| !k.is_empty()) {
            e.kind = k.to_owned();
        }
        if let Some(s) = summary.map(|i| row[i].trim()).filter(|s| !s.is_empty()) {
            e.summary = s.to_owned();
        }
        if let Some(a) = aliases.map(|i| &row[i]) {
            e.aliases = Vec::new();
            e.aliases.extend(
                a.split('|')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned),
            );
        }
        for (i, col, ty) in &rest {
            if let Some(v) = cell(&row[*i], *ty) {
                carry::merge(&mut e.attributes, carry::attribute_name(col).to_owned(), v);
            }
        }
    }
    b.report.read(format!(
        "{read} row(s) of the nodes table {}, as entities",
        t.origin
    ));
    report_columns(b, "node", &rest);
    Ok(())
}

fn edges(b: &mut Builder, t: &mut Table, columns: &Columns, alone: bool) -> Result<(), LoadError> {
    let (Some(source), Some(target)) = (
        t.column(columns.source.as_ref(), SOURCE),
        t.column(columns.target.as_ref(), TARGET),
    ) else {
        return Err(missing(t, "a source and a target column"));
    };
    // Gephi's "Type" says Directed or Undirected; elsewhere "Type" is the kind.
    let direction = t.column(None, DIRECTION).filter(|&i| {
        t.rows.iter().all(|(_, r)| {
            matches!(
                r[i].trim().to_ascii_lowercase().as_str(),
                "" | "directed" | "undirected" | "mutual" | "true" | "false"
            )
        })
    });
    let kind = t
        .column(columns.kind.as_ref(), EDGE_KIND)
        .filter(|&i| Some(i) != direction);
    let label = t.column(None, &["label"]);
    let id = t.column(columns.id.as_ref(), &["id"]);
    let carried = t.column(None, &[carry::FIELD]);
    let used = [
        Some(source),
        Some(target),
        direction,
        kind,
        label,
        id,
        carried,
    ];
    let rest = typed_columns(t, &used);
    let mut skipped = 0;
    // Each row is dropped once read, so the table and the map are not both held whole.
    let rows = std::mem::take(&mut t.rows);
    let read = rows.len();
    b.reserve(if alone { read } else { 0 }, read);
    for (line, row) in rows {
        let (from, to) = (row[source].trim(), row[target].trim());
        if from.is_empty() || to.is_empty() {
            b.report.not_understood(
                Some(line),
                format!("{}: a row without a source or target was skipped", t.origin),
            );
            skipped += 1;
            continue;
        }
        let foreign = id.map(|i| row[i].trim());
        let r = match carried.and_then(|i| carry::relation(&row[i])) {
            Some(relation) => {
                if alone {
                    for end in [from, to] {
                        if !b.has_node(end) {
                            b.node(end);
                        }
                    }
                }
                b.edge_from(foreign, from, to, relation)
            }
            None if alone => b.listed_edge(foreign, from, to),
            None => b.edge(foreign, from, to),
        };
        if let Some(d) = direction {
            r.directed = matches!(
                row[d].trim().to_ascii_lowercase().as_str(),
                "directed" | "true" | ""
            );
        }
        if let Some(k) = kind.map(|i| row[i].trim()).filter(|k| !k.is_empty()) {
            r.kind = k.to_owned();
        }
        if let Some(l) = label.map(|i| row[i].trim()) {
            r.label = l.to_owned();
        }
        for (i, col, ty) in &rest {
            if let Some(v) = cell(&row[*i], *ty) {
                carry::merge(&mut r.attributes, carry::attribute_name(col).to_owned(), v);
            }
        }
    }
    b.report.read(format!(
        "{} row(s) of the edges table {}, as relations",
        read - skipped,
        t.origin
    ));
    report_columns(b, "edge", &rest);
    Ok(())
}

/// The type of a column's values.
#[derive(Debug, Clone, Copy, PartialEq)]
enum ColumnType {
    Number,
    Bool,
    Date,
    Text,
}

/// The columns not in `used`, each with the type all its values share.
fn typed_columns(t: &Table, used: &[Option<usize>]) -> Vec<(usize, String, ColumnType)> {
    (0..t.header.len())
        .filter(|i| !used.contains(&Some(*i)) && !t.header[*i].is_empty())
        .map(|i| {
            let values = || {
                t.rows
                    .iter()
                    .map(move |(_, r)| r[i].trim())
                    .filter(|v| !v.is_empty())
            };
            let ty = if values().next().is_none() {
                ColumnType::Text
            } else if values().all(|v| v.parse::<serde_json::Number>().is_ok()) {
                ColumnType::Number
            } else if values()
                .all(|v| v.eq_ignore_ascii_case("true") || v.eq_ignore_ascii_case("false"))
            {
                ColumnType::Bool
            } else if values().all(|v| crate::model::PartialDate::new(v).is_well_formed()) {
                ColumnType::Date
            } else {
                ColumnType::Text
            };
            (i, t.header[i].clone(), ty)
        })
        .collect()
}

fn cell(text: &str, ty: ColumnType) -> Option<AttrValue> {
    let v = text.trim();
    if v.is_empty() {
        return None;
    }
    Some(match ty {
        ColumnType::Number => v
            .parse()
            .map_or_else(|_| AttrValue::text(v), AttrValue::Number),
        ColumnType::Bool => AttrValue::Bool(v.eq_ignore_ascii_case("true")),
        ColumnType::Date => AttrValue::Date {
            date: crate::model::PartialDate::new(v),
        },
        ColumnType::Text => AttrValue::text(text),
    })
}

fn report_columns(b: &mut Builder, on: &str, rest: &[(usize, String, ColumnType)]) {
    let by_type: BTreeMap<&str, Vec<&str>> =
        rest.iter().fold(BTreeMap::new(), |mut m, (_, c, t)| {
            let ty = match t {
                ColumnType::Number => "numbers",
                ColumnType::Bool => "booleans",
                ColumnType::Date => "dates",
                ColumnType::Text => "text",
            };
            m.entry(ty).or_insert_with(Vec::new).push(c.as_str());
            m
        });
    for (ty, cols) in by_type {
        b.report.kept(format!(
            "{on} column(s) {}, as attributes ({ty})",
            cols.iter()
                .map(|c| format!("\"{c}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
}

/// Line numbers from byte offsets, counted on from the last offset asked for: records come in
/// order, so a whole table costs one pass (counting from the start for every record made a
/// 80 000-row table take 41 s). The csv crate's own line count falls behind on "\r\n" ends.
struct Lines<'a> {
    bytes: &'a [u8],
    /// The offset counted up to, and the number of line ends before it.
    counted: usize,
    ends: usize,
}

impl<'a> Lines<'a> {
    fn new(bytes: &'a [u8]) -> Lines<'a> {
        Lines {
            bytes,
            counted: 0,
            ends: 0,
        }
    }

    /// The line (from 1) of the record at `byte`. A record's position may point at the line
    /// end before it (the '\n' of a "\r\n"), which belongs to the line before.
    fn at(&mut self, byte: u64) -> usize {
        let bytes = self.bytes;
        let mut end = usize::try_from(byte).map_or(bytes.len(), |b| b.min(bytes.len()));
        while end < bytes.len() && matches!(bytes[end], b'\r' | b'\n') {
            end += 1;
        }
        if end < self.counted {
            // Out of order (an error's position): count from the start once.
            self.counted = 0;
            self.ends = 0;
        }
        self.ends += bytes[self.counted..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.counted = end;
        self.ends + 1
    }
}

/// The separator the header line uses most, outside quotes.
fn separator(bytes: &[u8]) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0), (b'|', 0)];
    let mut quoted = false;
    for &byte in bytes.iter().take_while(|&&c| c != b'\n') {
        if byte == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(c) = counts.iter_mut().find(|(s, _)| *s == byte) {
            c.1 += 1;
        }
    }
    counts
        .iter()
        .max_by_key(|(s, n)| (*n, *s == b','))
        .map_or(b',', |(s, _)| *s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> (Document, ImportReport) {
        read_one(text.as_bytes(), "t.csv", "t", &Columns::default()).unwrap()
    }

    #[test]
    fn an_edge_list_alone_makes_entities_of_its_ends() {
        let (doc, _) = one("Source,Target,Weight\na,b,2\nb,c,0.5\n");
        assert_eq!(doc.entities.len(), 3);
        assert_eq!(doc.relations.len(), 2);
        assert_eq!(
            doc.relations[0].attributes.get("Weight"),
            Some(&AttrValue::Number("2".parse().unwrap()))
        );
    }

    #[test]
    fn semicolons_tabs_quotes_line_breaks_and_a_bom_are_read() {
        let (doc, _) = one("\u{feff}Id;Label;Note\n1;\"Doe; Jane\";\"two\nlines\"\n");
        assert_eq!(doc.entities[0].name, "Doe; Jane");
        assert_eq!(
            doc.entities[0].attributes["Note"],
            AttrValue::text("two\nlines")
        );
        let (doc, _) = one("Source\tTarget\nx\ty\n");
        assert_eq!(doc.relations.len(), 1);
    }

    #[test]
    fn a_bad_row_is_reported_with_its_line_and_the_rest_read() {
        let (doc, report) = one("Source,Target\na,b\nc,d,e\nf,g\n");
        assert_eq!(doc.relations.len(), 2);
        let bad: Vec<_> = report.problems().collect();
        assert_eq!(bad.len(), 1, "{report}");
        assert_eq!(bad[0].line, Some(3));
    }

    #[test]
    fn lines_are_counted_with_windows_line_ends_too() {
        let (_, report) = one("Source,Target\r\na,b\r\nc,d\r\ne,f,g\r\nh,i\r\n");
        let bad: Vec<_> = report.problems().collect();
        assert_eq!(bad[0].line, Some(4), "{report}");
    }

    #[test]
    fn gephi_type_is_the_direction_and_kumu_type_the_kind() {
        let (doc, _) = one("Source,Target,Type\na,b,Undirected\nb,c,Directed\n");
        assert!(!doc.relations[0].directed && doc.relations[1].directed);
        assert_eq!(doc.relations[0].kind, "related to");
        let (doc, _) = one("From,To,Type,Direction\na,b,allied with,undirected\n");
        assert_eq!(doc.relations[0].kind, "allied with");
        assert!(!doc.relations[0].directed);
    }
}
