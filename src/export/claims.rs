//! Claims for reports: every claim as a table (its relation, stance, claimant, speaker, quote,
//! grades and citation), and the dispute table, a matrix of the contested relations against
//! the claimants, each cell what the claimant says of the relation. Both as CSV (for
//! spreadsheets) and Markdown (for reports), chosen by the output's extension.

use std::path::Path;

use crate::io::{SaveError, atomic_write};
use crate::model::{Claim, Document, EntityId, Relation, Source, Stance};

/// One row of the claims table.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimRow {
    pub relation: String,
    pub from: String,
    pub caption: String,
    pub to: String,
    pub stance: &'static str,
    pub claimant: String,
    pub speaker: String,
    pub quote: String,
    pub date: String,
    pub credibility: String,
    pub source: String,
    pub reliability: String,
    pub citation: String,
}

const CLAIM_COLUMNS: [&str; 13] = [
    "relation",
    "from",
    "relation caption",
    "to",
    "stance",
    "claimant",
    "speaker",
    "quote",
    "date",
    "credibility",
    "source",
    "source reliability",
    "citation",
];

/// A source as a reference: title, publisher, author, date, URL.
pub fn citation(s: &Source) -> String {
    let mut line = s.title.clone();
    for part in [&s.publisher, &s.author].into_iter().flatten() {
        line.push_str(&format!(", {part}"));
    }
    if let Some(d) = &s.date {
        line.push_str(&format!(" ({d})"));
    }
    if let Some(u) = &s.url {
        line.push_str(&format!(". {u}"));
    }
    line
}

/// Every claim, relation by relation, in the map's order.
pub fn claim_rows(doc: &Document) -> Vec<ClaimRow> {
    let name = |id: &EntityId| doc.entity_name(id.as_str()).to_owned();
    let mut rows = Vec::new();
    for r in &doc.relations {
        for c in &r.claims {
            let source = doc.source(c.source.as_str());
            rows.push(ClaimRow {
                relation: r.id.to_string(),
                from: name(&r.from),
                caption: r.caption().to_owned(),
                to: name(&r.to),
                stance: c.stance.as_str(),
                claimant: c.claimant.as_ref().map(name).unwrap_or_default(),
                speaker: c.speaker.clone().unwrap_or_default(),
                quote: c.quote.clone(),
                date: c.date.as_ref().map(|d| d.to_string()).unwrap_or_default(),
                credibility: c.credibility.map(|g| g.to_string()).unwrap_or_default(),
                source: c.source.to_string(),
                reliability: source
                    .and_then(|s| s.reliability)
                    .map(|g| g.letter().to_owned())
                    .unwrap_or_default(),
                citation: source.map(citation).unwrap_or_default(),
            });
        }
    }
    rows
}

impl ClaimRow {
    fn cells(&self) -> [&str; 13] {
        [
            &self.relation,
            &self.from,
            &self.caption,
            &self.to,
            self.stance,
            &self.claimant,
            &self.speaker,
            &self.quote,
            &self.date,
            &self.credibility,
            &self.source,
            &self.reliability,
            &self.citation,
        ]
    }
}

/// Who speaks in a claim, for the dispute table: the claimant in the map, else the speaker.
fn voice(doc: &Document, c: &Claim) -> Option<String> {
    match (&c.claimant, &c.speaker) {
        (Some(id), _) => Some(doc.entity_name(id.as_str()).to_owned()),
        (None, Some(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        _ => None,
    }
}

/// The dispute table: contested relations (rows) against everyone who speaks on them
/// (columns), each cell the stances of what they said, and the quotes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DisputeTable {
    /// Each row's relation, by index in the document.
    pub relations: Vec<usize>,
    /// The claimants (or speakers, where the claimant is not in the map), in order of first
    /// appearance.
    pub voices: Vec<String>,
    /// `cells[row][column]`: what the voice said of the relation (empty: silent).
    pub cells: Vec<Vec<Vec<(Stance, String)>>>,
}

impl DisputeTable {
    pub fn of(doc: &Document) -> Self {
        let mut table = DisputeTable::default();
        for (ri, r) in doc.relations.iter().enumerate() {
            if !r.is_contested() {
                continue;
            }
            let mut row: Vec<Vec<(Stance, String)>> = vec![Vec::new(); table.voices.len()];
            for c in &r.claims {
                let Some(v) = voice(doc, c) else { continue };
                let col = match table.voices.iter().position(|x| *x == v) {
                    Some(i) => i,
                    None => {
                        table.voices.push(v);
                        for earlier in &mut table.cells {
                            earlier.push(Vec::new());
                        }
                        row.push(Vec::new());
                        table.voices.len() - 1
                    }
                };
                row[col].push((c.stance, c.quote.clone()));
            }
            table.relations.push(ri);
            table.cells.push(row);
        }
        table
    }

    /// A cell as words: "asserts", "denies; qualifies", or "" when silent.
    pub fn cell_text(cell: &[(Stance, String)]) -> String {
        let mut stances: Vec<&str> = Vec::new();
        for (s, _) in cell {
            if !stances.contains(&s.as_str()) {
                stances.push(s.as_str());
            }
        }
        stances.join("; ")
    }
}

fn relation_name(doc: &Document, r: &Relation) -> String {
    format!(
        "{} {} {}",
        doc.entity_name(r.from.as_str()),
        r.caption(),
        doc.entity_name(r.to.as_str())
    )
}

fn csv_of(header: &[&str], rows: &[Vec<String>]) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header)?;
    for r in rows {
        w.write_record(r)?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Text safe in a Markdown table cell: pipes escaped, line breaks as spaces.
fn md_cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

fn markdown_of(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut s = String::new();
    s.push_str(&format!("| {} |\n", header.join(" | ")));
    s.push_str(&format!("|{}\n", " --- |".repeat(header.len())));
    for r in rows {
        let cells: Vec<String> = r.iter().map(|c| md_cell(c)).collect();
        s.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    s
}

/// The claims table as rows of text.
fn claim_table(doc: &Document) -> Vec<Vec<String>> {
    claim_rows(doc)
        .iter()
        .map(|r| r.cells().iter().map(|c| (*c).to_owned()).collect())
        .collect()
}

/// The dispute table as a header and rows of text.
fn dispute_table(doc: &Document) -> (Vec<String>, Vec<Vec<String>>) {
    let t = DisputeTable::of(doc);
    let mut header = vec!["relation".to_owned()];
    header.extend(t.voices.iter().cloned());
    let rows = t
        .relations
        .iter()
        .zip(&t.cells)
        .map(|(&ri, cells)| {
            let mut row = vec![relation_name(doc, &doc.relations[ri])];
            row.extend(cells.iter().map(|c| {
                let text = DisputeTable::cell_text(c);
                if text.is_empty() {
                    "silent".to_owned()
                } else {
                    text
                }
            }));
            row
        })
        .collect();
    (header, rows)
}

/// Which table to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Claims,
    Disputes,
}

/// The table as CSV, or as Markdown when `markdown`.
pub fn table_text(doc: &Document, table: Table, markdown: bool) -> Result<String, csv::Error> {
    let (header, rows): (Vec<String>, Vec<Vec<String>>) = match table {
        Table::Claims => (
            CLAIM_COLUMNS.iter().map(|s| (*s).to_owned()).collect(),
            claim_table(doc),
        ),
        Table::Disputes => dispute_table(doc),
    };
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    if markdown {
        Ok(markdown_of(&header, &rows))
    } else {
        csv_of(&header, &rows)
    }
}

/// Writes the table to `path`: Markdown for `.md`, CSV otherwise; atomically.
pub fn write_table(doc: &Document, table: Table, path: &Path) -> Result<(), SaveError> {
    let markdown = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"));
    let text = table_text(doc, table, markdown).map_err(|e| SaveError::Io {
        path: path.to_owned(),
        source: std::io::Error::other(e),
    })?;
    atomic_write(path, |f| std::io::Write::write_all(f, text.as_bytes()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_claim_of_the_bundled_map_is_a_row_with_its_citation() {
        let doc = crate::io::bundled_map().unwrap();
        let rows = claim_rows(&doc);
        assert_eq!(rows.len(), 88);
        assert!(
            rows.iter()
                .all(|r| r.citation.contains("Washington Examiner"))
        );
        let csv = table_text(&doc, Table::Claims, false).unwrap();
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        assert_eq!(reader.records().count(), 88, "the CSV reads back");
    }

    #[test]
    fn the_dispute_table_sets_the_state_department_against_anas_haqqani() {
        let doc = crate::io::bundled_map().unwrap();
        let t = DisputeTable::of(&doc);
        let row = t
            .relations
            .iter()
            .position(|&ri| doc.relations[ri].id.as_str() == "haqqanis-part-of-taliban")
            .expect("the dispute at the map's heart is a row");
        let col = |name: &str| t.voices.iter().position(|v| v == name).unwrap();
        let said = |name: &str| DisputeTable::cell_text(&t.cells[row][col(name)]);
        assert_eq!(said("Anas Haqqani"), "asserts");
        assert_eq!(said("US State Department"), "denies");
        let md = table_text(&doc, Table::Disputes, true).unwrap();
        assert!(md.starts_with("| relation | "));
        assert!(
            md.contains("| Haqqani Network one and the same? Taliban |"),
            "{md}"
        );
    }

    #[test]
    fn markdown_cells_escape_pipes_and_line_breaks() {
        assert_eq!(md_cell("a|b\nc"), "a\\|b c");
    }
}
