//! The graph files people already have: GraphML (yEd, Gephi, networkx), GEXF (Gephi,
//! networkx), node-link JSON (d3, networkx), CSV tables (Gephi, Kumu), FollowTheMoney entities
//! (Aleph, OpenSanctions) and STIX 2.1 bundles (threat-intelligence platforms).
//!
//! [`open_file`] is the one way in, for `relmap FILE`, File ▸ Open, a dropped file and
//! `relmap check`: the format is found from the content, not the extension (the XML root, the
//! JSON keys, JSON lines with `schema`, a STIX `bundle`). A relmap map loads as it always did;
//! a foreign file is read by its importer into a new map, with an [`ImportReport`] of what it
//! read, what became attributes and what was not understood. docs/FORMAT.md says how each
//! foreign field maps.

pub mod builder;
pub mod carry;
pub mod ftm;
mod ftm_schema;
pub mod ftm_stream;
pub mod gexf;
pub mod graphml;
mod nesting;
pub mod nodelink;
pub mod nodelink_stream;
pub mod report;
pub mod stix;
pub mod table;
pub mod workbook;
pub mod write;
pub(crate) mod xml;

use std::path::Path;

pub use report::{ImportReport, Note, ReportLine};
pub use write::OutFormat;

use super::LoadError;
use crate::model::Document;

/// A file format relmap reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Relmap,
    GraphMl,
    Gexf,
    NodeLink,
    Csv,
    Workbook,
    FollowTheMoney,
    Stix,
}

impl Format {
    pub const ALL: [Format; 8] = [
        Format::Relmap,
        Format::GraphMl,
        Format::Gexf,
        Format::NodeLink,
        Format::Csv,
        Format::Workbook,
        Format::FollowTheMoney,
        Format::Stix,
    ];

    /// The format's name, as messages and the open dialog say it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Relmap => "relmap map",
            Format::GraphMl => "GraphML",
            Format::Gexf => "GEXF",
            Format::NodeLink => "node-link JSON",
            Format::Csv => "CSV table",
            Format::Workbook => "spreadsheet workbook",
            Format::FollowTheMoney => "FollowTheMoney entities",
            Format::Stix => "STIX 2.1 bundle",
        }
    }

    /// The file name endings the open dialog offers for it.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Format::Relmap => &["json"],
            Format::GraphMl => &["graphml", "xml"],
            Format::Gexf => &["gexf"],
            Format::NodeLink => &["json"],
            Format::Csv => &["csv", "tsv", "txt"],
            Format::Workbook => &["xlsx", "xlsm", "xlsb", "xls", "ods"],
            Format::FollowTheMoney => &["json", "jsonl", "ftm", "ijson"],
            Format::Stix => &["json", "stix"],
        }
    }
}

/// A file read into a map.
#[derive(Debug, Clone, PartialEq)]
pub struct Opened {
    pub doc: Document,
    pub format: Format,
    /// What the import did; empty for a relmap map.
    pub report: ImportReport,
}

impl Opened {
    /// Whether the map came from another format: it opens as an untitled map, and saving it
    /// asks where to write the relmap file.
    pub fn is_foreign(&self) -> bool {
        self.format != Format::Relmap
    }
}

/// Reads the file at `path` in whatever format it is.
pub fn open_file(path: &Path) -> Result<Opened, LoadError> {
    let (bytes, origin) = super::read_file(path)?;
    open_bytes(&bytes, &origin, path.extension().and_then(|e| e.to_str()))
}

/// Reads `bytes` in whatever format they are; `origin` names them in messages and `extension`
/// (the file name's ending) breaks a tie where the content cannot (a CSV table).
pub fn open_bytes(
    bytes: &[u8],
    origin: &str,
    extension: Option<&str>,
) -> Result<Opened, LoadError> {
    let text = as_utf8(bytes, origin)?;
    read_as(detect(&text, extension), &text, origin)
}

/// `bytes` as UTF-8: a UTF-8 byte-order mark is dropped, and UTF-16 text (with its mark, or
/// XML that starts `<?` in UTF-16, as Excel's "Unicode text" and some GraphML writers save)
/// is converted. Anything else is left as it is, for its reader to judge.
pub fn as_utf8<'b>(bytes: &'b [u8], origin: &str) -> Result<std::borrow::Cow<'b, [u8]>, LoadError> {
    use std::borrow::Cow;
    let (little, body) = if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (true, rest)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (false, rest)
    } else if bytes.starts_with(b"<\0?\0") {
        (true, bytes)
    } else if bytes.starts_with(b"\0<\0?") {
        (false, bytes)
    } else {
        return Ok(Cow::Borrowed(
            bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes),
        ));
    };
    let units = body.chunks(2).map(|pair| match (pair, little) {
        ([a, b], true) => u16::from_le_bytes([*a, *b]),
        ([a, b], false) => u16::from_be_bytes([*a, *b]),
        // An odd last byte: not UTF-16, and refused below.
        _ => 0xD800,
    });
    let mut text = String::with_capacity(body.len() / 2);
    for (i, c) in char::decode_utf16(units).enumerate() {
        match c {
            Ok(c) => text.push(c),
            Err(_) => {
                return Err(LoadError::Invalid {
                    origin: origin.to_owned(),
                    problems: vec![crate::model::Problem::new(
                        "the file",
                        format!(
                            "starts as UTF-16 text, but is not valid UTF-16 at byte {}",
                            2 * i + (bytes.len() - body.len())
                        ),
                    )],
                });
            }
        }
    }
    // An XML declaration that names UTF-16 no longer says what the text is.
    if text.starts_with("<?xml")
        && let Some(end) = text.find("?>")
    {
        let declaration = text[..end]
            .replace("UTF-16", "UTF-8")
            .replace("utf-16", "UTF-8");
        text.replace_range(..end, &declaration);
    }
    Ok(Cow::Owned(text.into_bytes()))
}

/// The refusal of a file with nothing in it.
fn empty(origin: &str) -> LoadError {
    LoadError::Invalid {
        origin: origin.to_owned(),
        problems: vec![crate::model::Problem::new("the file", "empty file")],
    }
}

/// Runs an importer, turning a panic in it (a bug) into a refusal naming the file: the open
/// map, the file and the program are untouched.
fn guarded(
    origin: &str,
    read: impl FnOnce() -> Result<Opened, LoadError>,
) -> Result<Opened, LoadError> {
    crate::logging::catch_panic(read).unwrap_or_else(|panic| {
        Err(LoadError::Invalid {
            origin: origin.to_owned(),
            problems: vec![crate::model::Problem::new(
                "the importer",
                format!(
                    "failed on this file ({panic}). This is a bug in relmap; nothing was \
                     opened or changed, and the log has the details"
                ),
            )],
        })
    })
}

/// Reads one CSV table with the columns the user named (the rest recognised as usual).
pub fn read_table(
    bytes: &[u8],
    origin: &str,
    columns: &table::Columns,
) -> Result<Opened, LoadError> {
    let text = as_utf8(bytes, origin)?;
    guarded(origin, || {
        let (doc, report) = table::read_one(&text, origin, &title_from(origin), columns)?;
        checked(Format::Csv, doc, report, origin)
    })
}

/// Reads a nodes table and an edges table (and the map table relmap writes beside them, if
/// given) into one map, each as `(bytes, name)`.
pub fn read_tables(
    nodes: (&[u8], &str),
    edges: (&[u8], &str),
    map: Option<(&[u8], &str)>,
    columns: &table::Columns,
) -> Result<Opened, LoadError> {
    let n = as_utf8(nodes.0, nodes.1)?;
    let e = as_utf8(edges.0, edges.1)?;
    let m = map.map(|(bytes, name)| as_utf8(bytes, name)).transpose()?;
    guarded(nodes.1, || {
        let map = m.as_deref().zip(map.map(|(_, name)| name));
        let (doc, report) = table::read_pair(
            (&n, nodes.1),
            (&e, edges.1),
            map,
            &title_from(nodes.1),
            columns,
        )?;
        checked(Format::Csv, doc, report, nodes.1)
    })
}

/// The imported map, if it is valid.
fn checked(
    format: Format,
    doc: Document,
    report: ImportReport,
    origin: &str,
) -> Result<Opened, LoadError> {
    let problems = crate::model::validate(&doc);
    if !problems.is_empty() {
        return Err(LoadError::Invalid {
            origin: origin.to_owned(),
            problems,
        });
    }
    Ok(Opened {
        doc,
        format,
        report,
    })
}

/// Reads `bytes` as `format`, whatever they look like. An empty file, a file that is no
/// format relmap reads and a panic in an importer are refusals naming `origin`.
pub fn read_as(format: Format, bytes: &[u8], origin: &str) -> Result<Opened, LoadError> {
    let text = match format {
        Format::Workbook => std::borrow::Cow::Borrowed(bytes),
        _ => as_utf8(bytes, origin)?,
    };
    if text.iter().all(u8::is_ascii_whitespace) {
        return Err(empty(origin));
    }
    if format == Format::Relmap && !text.trim_ascii_start().starts_with(b"{") {
        return Err(unknown_format(&text, origin));
    }
    guarded(origin, || read_unguarded(format, &text, origin))
}

/// The refusal of a file in no format relmap reads, saying how it starts.
fn unknown_format(bytes: &[u8], origin: &str) -> LoadError {
    let head = bytes.trim_ascii_start();
    let looks = if head.starts_with(b"[") {
        "a JSON list that is neither FollowTheMoney entities nor STIX objects".to_owned()
    } else if String::from_utf8_lossy(&head[..head.len().min(64)])
        .chars()
        .any(|c| c == '\u{FFFD}' || c.is_control() && !c.is_whitespace())
    {
        "binary data, not text".to_owned()
    } else {
        let start: String = String::from_utf8_lossy(&head[..head.len().min(40)])
            .chars()
            .take_while(|c| *c != '\n')
            .collect();
        format!("text that starts \"{}\"", start.trim_end())
    };
    LoadError::Invalid {
        origin: origin.to_owned(),
        problems: vec![crate::model::Problem::new(
            "the file",
            format!(
                "is not in a format relmap reads: it is {looks}. relmap reads relmap maps, \
                 GraphML, GEXF, node-link JSON, CSV tables, workbooks (.xlsx, .xls, .ods), \
                 FollowTheMoney entities and STIX 2.1 bundles"
            ),
        )],
    }
}

fn read_unguarded(format: Format, bytes: &[u8], origin: &str) -> Result<Opened, LoadError> {
    let title = title_from(origin);
    let imported = match format {
        Format::Relmap => {
            return super::parse_bytes(bytes, origin).map(|doc| Opened {
                doc,
                format,
                report: ImportReport::default(),
            });
        }
        Format::GraphMl => graphml::read(bytes, origin, &title),
        Format::Gexf => gexf::read(bytes, origin, &title),
        Format::NodeLink => nodelink::read(bytes, origin, &title),
        Format::Csv => table::read_one(bytes, origin, &title, &table::Columns::default()),
        Format::Workbook => table::read_workbook(bytes, origin, &title, &table::Columns::default()),
        Format::FollowTheMoney => ftm::read(bytes, origin, &title),
        Format::Stix => stix::read(bytes, origin, &title),
    }?;
    let (doc, report) = imported;
    checked(format, doc, report, origin)
}

/// What the fuzz targets (`tests/fuzz`) hold every input to: read as `format` (or as found,
/// for `None`), the bytes give a valid map or a refusal naming `fuzz`, never a panic; and a map
/// that was read saves to text that loads back as the same map. `Err` says what broke.
pub fn check_round_trip(format: Option<Format>, bytes: &[u8]) -> Result<(), String> {
    let read = match format {
        Some(format) => read_as(format, bytes, "fuzz"),
        None => open_bytes(bytes, "fuzz", None),
    };
    match read {
        Err(e) => {
            let message = e.to_string();
            if message.starts_with("fuzz") {
                Ok(())
            } else {
                Err(format!("a refusal that does not name the file: {message}"))
            }
        }
        Ok(opened) => {
            let problems = crate::model::validate(&opened.doc);
            if !problems.is_empty() {
                return Err(format!("an import made an invalid map: {problems:?}"));
            }
            let text = super::to_json_string(&opened.doc);
            let again = super::parse_bytes(text.as_bytes(), "saved").map_err(|e| {
                format!("a map that was read saved to text that does not load: {e}")
            })?;
            if again == opened.doc {
                Ok(())
            } else {
                Err("a map that was read came back different from its saved text".into())
            }
        }
    }
}

/// Writes `doc` to `path` in `format`, atomically; returns the files written. CSV writes three
/// tables beside each other: `NAME.nodes.csv`, `NAME.edges.csv` and `NAME.map.csv` (the map's
/// title and sources) for a `path` of `NAME.csv`.
pub fn write_file(
    doc: &Document,
    path: &Path,
    format: OutFormat,
) -> Result<Vec<std::path::PathBuf>, super::SaveError> {
    use std::io::Write as _;
    let write = |path: &Path, text: &str| {
        super::atomic_write(path, |f| f.write_all(text.as_bytes())).map(|w| w.file)
    };
    match format {
        OutFormat::Relmap => Ok(vec![super::save_file(doc, path)?.file]),
        OutFormat::GraphMl => Ok(vec![write(path, &write::graphml(doc))?]),
        OutFormat::Gexf => Ok(vec![write(path, &write::gexf(doc))?]),
        OutFormat::NodeLink => Ok(vec![write(path, &write::node_link(doc))?]),
        OutFormat::Csv => {
            let (nodes, edges, map) = write::tables(doc).map_err(|e| super::SaveError::Io {
                path: path.to_owned(),
                source: std::io::Error::other(e),
            })?;
            let [n, e, m] = csv_paths(path);
            Ok(vec![
                write(&n, &nodes)?,
                write(&e, &edges)?,
                write(&m, &map)?,
            ])
        }
    }
}

/// The three tables a CSV export of `path` (`NAME.csv`) writes: nodes, edges and the map.
pub fn csv_paths(path: &Path) -> [std::path::PathBuf; 3] {
    let stem = path
        .file_stem()
        .map_or_else(|| "map".into(), |s| s.to_string_lossy().into_owned());
    let with = |part: &str| path.with_file_name(format!("{stem}.{part}.csv"));
    [with("nodes"), with("edges"), with("map")]
}

/// The map's title from its file name.
fn title_from(origin: &str) -> String {
    Path::new(origin)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(origin)
        .to_owned()
}

/// Which format `bytes` are in, from their content; `extension` only decides between a table
/// and a file that is no format at all (which is then read as a relmap map, so its errors
/// are the familiar ones).
pub fn detect(bytes: &[u8], extension: Option<&str>) -> Format {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let head = &bytes[start..];
    // A workbook is a zip archive (xlsx, ods) or an OLE file (xls). A file named as a
    // workbook is read as one, and refused as one if it is not, unless it is a text table:
    // web applications export tab-separated text as ".xls".
    let named_workbook = extension.is_some_and(|e| {
        Format::Workbook
            .extensions()
            .iter()
            .any(|x| x.eq_ignore_ascii_case(e))
    });
    if workbook::has_signature(bytes) {
        return Format::Workbook;
    }
    if named_workbook {
        // A header and at least one row: one line of prose with a comma is no table.
        let rows = head
            .split(|&b| b == b'\n')
            .filter(|l| !l.trim_ascii().is_empty())
            .take(2)
            .count();
        return if looks_like_a_table(head) && rows == 2 && head.first() != Some(&b'<') {
            Format::Csv
        } else {
            Format::Workbook
        };
    }
    match head.first() {
        Some(b'<') => match xml::root_name(head).as_deref() {
            Some("graphml") => Format::GraphMl,
            Some("gexf") => Format::Gexf,
            _ => Format::GraphMl,
        },
        Some(b'{') => detect_json_object(head),
        Some(b'[') => detect_json_array(head),
        _ => {
            let is_table = extension.is_some_and(|e| {
                Format::Csv
                    .extensions()
                    .iter()
                    .any(|x| x.eq_ignore_ascii_case(e))
            });
            if is_table || !head.is_empty() && looks_like_a_table(head) {
                Format::Csv
            } else {
                Format::Relmap
            }
        }
    }
}

fn detect_json_object(head: &[u8]) -> Format {
    // A relmap map says so in its first field; finding that needs no parse of a large file.
    let inside = head[1..].trim_ascii_start();
    if inside.starts_with(b"\"format\"") && contains(&inside[..inside.len().min(40)], b"\"relmap\"")
    {
        return Format::Relmap;
    }
    // JSON lines: the first line alone is an object with a schema (FollowTheMoney).
    let first_line = head.split(|&b| b == b'\n').next().unwrap_or(head);
    if first_line.len() < head.len()
        && let Ok(serde_json::Value::Object(first)) =
            serde_json::from_slice::<serde_json::Value>(first_line)
        && first.contains_key("schema")
    {
        return Format::FollowTheMoney;
    }
    let Ok(serde_json::Value::Object(top)) = serde_json::from_slice::<serde_json::Value>(head)
    else {
        return Format::Relmap;
    };
    if top.get("format").and_then(|v| v.as_str()) == Some(super::FORMAT_MARKER) {
        Format::Relmap
    } else if top.get("type").and_then(|v| v.as_str()) == Some("bundle") {
        Format::Stix
    } else if top.contains_key("nodes") && !top.contains_key("format") {
        Format::NodeLink
    } else if top.contains_key("schema") && top.contains_key("properties") {
        Format::FollowTheMoney
    } else {
        Format::Relmap
    }
}

fn detect_json_array(head: &[u8]) -> Format {
    let Ok(serde_json::Value::Array(items)) = serde_json::from_slice::<serde_json::Value>(head)
    else {
        return Format::Relmap;
    };
    match items.first() {
        Some(item) if item.get("schema").is_some() => Format::FollowTheMoney,
        Some(item)
            if item
                .get("id")
                .and_then(|v| v.as_str())
                .is_some_and(|id| id.contains("--")) =>
        {
            Format::Stix
        }
        _ => Format::Relmap,
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A first line with at least one comma, semicolon or tab, and no JSON or XML start.
fn looks_like_a_table(head: &[u8]) -> bool {
    let first = head.split(|&b| b == b'\n').next().unwrap_or(head);
    first.iter().any(|&b| matches!(b, b',' | b';' | b'\t'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_is_found_from_the_content() {
        let cases: [(&str, Option<&str>, Format); 11] = [
            (
                r#"{"format": "relmap", "version": 1}"#,
                Some("json"),
                Format::Relmap,
            ),
            (
                "<?xml version='1.0'?><graphml/>",
                Some("xml"),
                Format::GraphMl,
            ),
            ("<!-- c --><gexf version='1.3'/>", None, Format::Gexf),
            (
                r#"{"directed": false, "nodes": [], "links": []}"#,
                None,
                Format::NodeLink,
            ),
            (
                r#"{"type": "bundle", "id": "bundle--1", "objects": []}"#,
                None,
                Format::Stix,
            ),
            (
                "{\"id\": \"a\", \"schema\": \"Person\", \"properties\": {}}\n{\"id\": \"b\", \"schema\": \"Person\", \"properties\": {}}\n",
                Some("json"),
                Format::FollowTheMoney,
            ),
            (
                r#"[{"id": "a", "schema": "Person"}]"#,
                None,
                Format::FollowTheMoney,
            ),
            ("Source,Target\na,b\n", None, Format::Csv),
            ("Source;Target\na;b\n", Some("txt"), Format::Csv),
            ("just words", Some("csv"), Format::Csv),
            (r#"{"nodes": [], "format": "x"}"#, None, Format::Relmap),
        ];
        for (text, ext, format) in cases {
            assert_eq!(detect(text.as_bytes(), ext), format, "{text}");
        }
    }
}
