//! Reading and writing map files: format version 1, described in `docs/FORMAT.md`.
//!
//! Loading reports every problem in a file at once: malformed JSON by line and column, and
//! semantic problems (wrong types, duplicate ids, dangling references, a newer format version)
//! by the id they are about. Saving is atomic (see [`save`]).

pub mod formats;
pub mod generate;
pub mod pictures;
pub mod recovery;
mod save;
pub mod source_text;

use std::fmt;
use std::io::{self, Write};
use std::path::Path;

pub use save::{SaveError, Written, atomic_write};

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::model::limits::MAX_FILE_BYTES;
use crate::model::{self, Document, Problem, Styles};

/// The value of the `format` field that marks a relmap map file.
pub const FORMAT_MARKER: &str = "relmap";
/// The newest format version this build reads and writes. Version 2 adds typed attribute
/// values, relation attributes and entity periods; a map that uses none of them is written as
/// version 1.
pub const FORMAT_VERSION: u64 = 2;

/// The Haqqani network map built from the seed article, embedded in the binary.
pub const BUNDLED_MAP_JSON: &str = include_str!("../../assets/haqqani_network.json");
/// How the bundled map is named in messages and in the window title.
pub const BUNDLED_MAP_NAME: &str = "haqqani_network.json (bundled)";

/// Why a map could not be loaded. `origin` is the file path, or another name for the text.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {origin}: {source}")]
    Read {
        origin: String,
        #[source]
        source: io::Error,
    },
    #[error("{origin}:{line}:{column}: {message}")]
    Syntax {
        origin: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "cannot open {origin}: it is {bytes} bytes, and relmap opens files of at most {MAX_FILE_BYTES} bytes"
    )]
    TooLarge { origin: String, bytes: u64 },
    /// The reader was told to stop (the analyst cancelled opening the file).
    #[error("opening {origin} was cancelled")]
    Cancelled { origin: String },
    #[error("{origin}: {}", ProblemList(problems))]
    Invalid {
        origin: String,
        problems: Vec<Problem>,
    },
}

impl LoadError {
    /// The individual problems; a read or syntax error counts as one.
    pub fn problems(&self) -> Vec<String> {
        match self {
            LoadError::Invalid { problems, .. } => {
                problems.iter().map(ToString::to_string).collect()
            }
            other => vec![other.to_string()],
        }
    }
}

struct ProblemList<'a>(&'a [Problem]);

impl fmt::Display for ProblemList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            [one] => write!(f, "{one}"),
            many => {
                write!(f, "{} problems:", many.len())?;
                for p in many {
                    write!(f, "\n  - {p}")?;
                }
                Ok(())
            }
        }
    }
}

/// Reads and parses the map file at `path`.
pub fn load_file(path: &Path) -> Result<Document, LoadError> {
    let (bytes, origin) = read_file(path)?;
    parse_bytes(&bytes, &origin)
}

/// The bytes of the file at `path`, and its name for messages; a file over
/// [`MAX_FILE_BYTES`] is refused before it is read.
pub(crate) fn read_file(path: &Path) -> Result<(Vec<u8>, String), LoadError> {
    read_file_with(path, &mut |_, _| true)
}

/// The bytes a chunk of a file read with [`read_file_with`] holds.
const READ_CHUNK: usize = 4 << 20;

/// Reads the file at `path` as [`read_file`] does, a chunk at a time, telling `progress` how
/// many bytes of how many are read after each; when `progress` answers `false` the read stops
/// with [`LoadError::Cancelled`].
pub fn read_file_with(
    path: &Path,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<(Vec<u8>, String), LoadError> {
    use std::io::Read;
    let origin = path.display().to_string();
    let read_error = |source| LoadError::Read {
        origin: origin.clone(),
        source,
    };
    let size = std::fs::metadata(path).map_err(read_error)?.len();
    if size > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            origin,
            bytes: size,
        });
    }
    let mut file = std::fs::File::open(path).map_err(read_error)?;
    // The size is a hint: the file may grow or shrink while it is read.
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    loop {
        let before = bytes.len();
        let n = (&mut file)
            .take(READ_CHUNK as u64)
            .read_to_end(&mut bytes)
            .map_err(read_error)?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(LoadError::TooLarge {
                origin,
                bytes: bytes.len() as u64,
            });
        }
        if !progress(bytes.len() as u64, size.max(bytes.len() as u64)) {
            return Err(LoadError::Cancelled { origin });
        }
        if n == 0 || bytes.len() == before {
            break;
        }
    }
    Ok((bytes, origin))
}

/// Parses JSON text, or says where it is broken.
pub(crate) fn parse_json(bytes: &[u8], origin: &str) -> Result<Value, LoadError> {
    serde_json::from_slice(bytes).map_err(|e| json_error(origin, e.line(), &e))
}

/// A JSON syntax error at `line` (serde_json's own, or a JSON line's).
pub(crate) fn json_error(origin: &str, line: usize, e: &serde_json::Error) -> LoadError {
    LoadError::Syntax {
        origin: origin.to_owned(),
        line,
        column: e.column(),
        message: format!("not valid JSON: {}", without_position(e)),
    }
}

/// The bundled Haqqani network map.
pub fn bundled_map() -> Result<Document, LoadError> {
    parse_bytes(BUNDLED_MAP_JSON.as_bytes(), BUNDLED_MAP_NAME)
}

/// Parses map file bytes. `origin` names them in error messages.
///
/// A UTF-8 byte-order mark, which Notepad and PowerShell write, is skipped.
pub fn parse_bytes(bytes: &[u8], origin: &str) -> Result<Document, LoadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let value = parse_json(bytes, origin)?;
    document_from_value(value).map_err(|problems| LoadError::Invalid {
        origin: origin.to_owned(),
        problems,
    })
}

/// serde_json appends " at line L column C" to its messages; we report the position ourselves.
fn without_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// The fields are taken out with an order-keeping remove: the unknown ones that stay behind
/// are written back in the order the file had them.
fn document_from_value(value: Value) -> Result<Document, Vec<Problem>> {
    let Value::Object(mut top) = value else {
        return Err(vec![Problem::new(
            "the file",
            "the top level must be a JSON object",
        )]);
    };

    match top.shift_remove("format") {
        Some(Value::String(s)) if s == FORMAT_MARKER => {}
        Some(other) => {
            return Err(vec![Problem::new(
                "the file",
                format!(
                    "\"format\" is {other}, but a relmap map has \"format\": \"{FORMAT_MARKER}\""
                ),
            )]);
        }
        None => {
            return Err(vec![Problem::new(
                "the file",
                format!(
                    "this is not a relmap map: it has no \"format\": \"{FORMAT_MARKER}\" field"
                ),
            )]);
        }
    }
    match top.shift_remove("version") {
        Some(v) => match v.as_u64() {
            Some(1 | FORMAT_VERSION) => {}
            Some(newer) if newer > FORMAT_VERSION => {
                return Err(vec![Problem::new(
                    "the file",
                    format!(
                        "it is format version {newer}, written by a newer relmap; this relmap reads \
                         versions up to {FORMAT_VERSION}. Update relmap to open it"
                    ),
                )]);
            }
            _ => {
                return Err(vec![Problem::new(
                    "the file",
                    format!(
                        "\"version\" is {v}, not a supported format version (1 or {FORMAT_VERSION})"
                    ),
                )]);
            }
        },
        None => {
            return Err(vec![Problem::new(
                "the file",
                "the \"version\" field is missing",
            )]);
        }
    }

    let mut problems = Vec::new();
    let title = take_string(&mut top, "title", &mut problems);
    let description = take_string(&mut top, "description", &mut problems);
    let sources = take_list(&mut top, "sources", "source", &mut problems);
    let entities = take_list(&mut top, "entities", "entity", &mut problems);
    let relations = take_list(&mut top, "relations", "relation", &mut problems);
    let styles = match top.shift_remove("styles") {
        None => Styles::default(),
        Some(v) => from_value_exact(v).unwrap_or_else(|e| {
            problems.push(Problem::new("\"styles\"", e.to_string()));
            Styles::default()
        }),
    };
    let groups = take_list(&mut top, "groups", "group", &mut problems);
    let notes = take_list(&mut top, "notes", "note", &mut problems);
    let conflicts = take_list(&mut top, "conflicts", "conflict", &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }

    let doc = Document {
        title,
        description,
        sources,
        entities,
        relations,
        styles,
        groups,
        notes,
        conflicts,
        extra: top.into(),
    };
    let problems = model::validate(&doc);
    if problems.is_empty() {
        Ok(doc)
    } else {
        Err(problems)
    }
}

fn take_string(top: &mut Map<String, Value>, key: &str, problems: &mut Vec<Problem>) -> String {
    match top.shift_remove(key) {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s,
        Some(other) => {
            problems.push(Problem::new(
                format!("\"{key}\""),
                format!("must be a string, not {}", type_name(&other)),
            ));
            String::new()
        }
    }
}

/// Deserializes each item of the array `key` on its own, so one bad item does not hide the
/// problems of the others.
fn take_list<T: DeserializeOwned>(
    top: &mut Map<String, Value>,
    key: &str,
    item_name: &str,
    problems: &mut Vec<Problem>,
) -> Vec<T> {
    let items = match top.shift_remove(key) {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Array(items)) => items,
        Some(other) => {
            problems.push(Problem::new(
                format!("\"{key}\""),
                format!("must be a list, not {}", type_name(&other)),
            ));
            return Vec::new();
        }
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let place = match item.get("id").and_then(Value::as_str) {
            Some(id) => format!("{item_name} \"{id}\""),
            None => format!("{item_name} #{} in \"{key}\"", i + 1),
        };
        match from_value_exact::<T>(item) {
            Ok(v) => out.push(v),
            Err(e) => problems.push(Problem::new(place, e.to_string())),
        }
    }
    out
}

/// serde_json's token for a number it keeps as text (with `arbitrary_precision`).
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// Deserializes `value` keeping every number exactly as written.
///
/// Unknown fields are gathered through serde's `flatten`, which buffers values. From a
/// `Value`, serde_json hands a buffer some numbers in a form that loses what was written: an
/// integer between 2^64 and 2^128 as a 128-bit integer (which the buffer refuses), and a
/// decimal as an `f64` whenever Rust's shortest form of it matches the text, which a second
/// shortest form may then replace (600000000000000.3 came back as 600000000000000.2). Every
/// other number already travels as serde_json's number-as-text token, which the buffer keeps
/// and turns back into the same number; this puts all numbers but plain 64-bit integers into
/// that form. The exceptions are a position's `x` and `y`, typed `f64` fields, which are put
/// in the `f64`'s own shortest form instead (a buffered "1.50" would otherwise reach them as a
/// token they cannot read).
pub(crate) fn from_value_exact<T: DeserializeOwned>(mut value: Value) -> serde_json::Result<T> {
    protect_numbers(&mut value, None);
    serde_json::from_value(value)
}

/// Whether `n` is written as a 64-bit integer prints: such numbers pass the buffer unchanged.
/// "-0" is not one ("0" would come back), nor is "007".
fn plain_integer(n: &serde_json::Number) -> bool {
    let text = n.to_string();
    n.as_u64().is_some_and(|u| u.to_string() == text)
        || n.as_i64().is_some_and(|i| i.to_string() == text)
}

fn protect_numbers(value: &mut Value, parent: Option<&str>) {
    match value {
        Value::Number(n) if !plain_integer(n) => {
            let mut token = Map::new();
            token.insert(NUMBER_TOKEN.to_owned(), Value::String(n.to_string()));
            *value = Value::Object(token);
        }
        Value::Array(items) => items.iter_mut().for_each(|v| protect_numbers(v, None)),
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                let coordinate = parent == Some("position") && (k == "x" || k == "y");
                match v {
                    Value::Number(n) if coordinate => {
                        if let Some(f) = n.as_f64().and_then(serde_json::Number::from_f64) {
                            *n = f;
                        }
                    }
                    _ if coordinate => {}
                    _ => protect_numbers(v, Some(k)),
                }
            }
        }
        _ => {}
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// The file text for `doc`: pretty-printed JSON in a fixed field order, ending in a newline.
pub fn to_json_string(doc: &Document) -> String {
    let mut top = Map::new();
    top.insert("format".into(), FORMAT_MARKER.into());
    let version = if doc.needs_version_2() { 2 } else { 1 };
    top.insert("version".into(), version.into());
    top.insert("title".into(), doc.title.clone().into());
    if !doc.description.is_empty() {
        top.insert("description".into(), doc.description.clone().into());
    }
    top.insert("sources".into(), to_value(&doc.sources));
    top.insert("entities".into(), to_value(&doc.entities));
    top.insert("relations".into(), to_value(&doc.relations));
    if !doc.styles.is_empty() {
        top.insert("styles".into(), to_value(&doc.styles));
    }
    if !doc.groups.is_empty() {
        top.insert("groups".into(), to_value(&doc.groups));
    }
    if !doc.notes.is_empty() {
        top.insert("notes".into(), to_value(&doc.notes));
    }
    if !doc.conflicts.is_empty() {
        top.insert("conflicts".into(), to_value(&doc.conflicts));
    }
    for (k, v) in &doc.extra {
        top.insert(k.clone(), v.clone());
    }
    let mut text = serde_json::to_string_pretty(&Value::Object(top)).unwrap_or_default();
    text.push('\n');
    text
}

fn to_value<T: serde::Serialize>(v: &T) -> Value {
    // The model holds only strings, numbers, bools, lists and string-keyed maps, which always
    // serialize; a failure here would be a bug in the model, and Null makes it visible in the file.
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// Writes `doc` to `path` atomically (see [`atomic_write`]).
pub fn save_file(doc: &Document, path: &Path) -> Result<Written, SaveError> {
    let text = to_json_string(doc);
    atomic_write(path, |file| file.write_all(text.as_bytes()))
}
