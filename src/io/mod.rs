//! Reading and writing map files: format version 1, described in `docs/FORMAT.md`.
//!
//! Loading reports every problem in a file at once: malformed JSON by line and column, and
//! semantic problems (wrong types, duplicate ids, dangling references, a newer format version)
//! by the id they are about. Saving is atomic: the new bytes go to a temporary file in the same
//! folder, are flushed to disk, and only then renamed over the old file.

pub mod generate;
pub mod recovery;

use std::fmt;
use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::model::{self, Document, Problem, Styles};

/// The value of the `format` field that marks a relmap map file.
pub const FORMAT_MARKER: &str = "relmap";
/// The format version this build reads and writes.
pub const FORMAT_VERSION: u64 = 1;

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
    #[error("{origin}:{line}:{column}: not valid JSON: {message}")]
    Syntax {
        origin: String,
        line: usize,
        column: usize,
        message: String,
    },
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

/// Why a map could not be saved. The file that was there before is unchanged.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("cannot save {}: the file is read-only", path.display())]
    ReadOnly { path: PathBuf },
    #[error("cannot save {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// Reads and parses the map file at `path`.
pub fn load_file(path: &Path) -> Result<Document, LoadError> {
    let origin = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| LoadError::Read {
        origin: origin.clone(),
        source,
    })?;
    parse_bytes(&bytes, &origin)
}

/// The bundled Haqqani network map.
pub fn bundled_map() -> Result<Document, LoadError> {
    parse_bytes(BUNDLED_MAP_JSON.as_bytes(), BUNDLED_MAP_NAME)
}

/// Parses map file bytes. `origin` names them in error messages.
pub fn parse_bytes(bytes: &[u8], origin: &str) -> Result<Document, LoadError> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| LoadError::Syntax {
        origin: origin.to_owned(),
        line: e.line(),
        column: e.column(),
        message: without_position(&e),
    })?;
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

fn document_from_value(value: Value) -> Result<Document, Vec<Problem>> {
    let Value::Object(mut top) = value else {
        return Err(vec![Problem::new(
            "the file",
            "the top level must be a JSON object",
        )]);
    };

    match top.remove("format") {
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
    match top.remove("version") {
        Some(v) => match v.as_u64() {
            Some(FORMAT_VERSION) => {}
            Some(newer) if newer > FORMAT_VERSION => {
                return Err(vec![Problem::new(
                    "the file",
                    format!(
                        "it is format version {newer}, written by a newer relmap; this relmap reads \
                         version {FORMAT_VERSION}. Update relmap to open it"
                    ),
                )]);
            }
            _ => {
                return Err(vec![Problem::new(
                    "the file",
                    format!(
                        "\"version\" is {v}, not a supported format version ({FORMAT_VERSION})"
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
    let styles = match top.remove("styles") {
        None => Styles::default(),
        Some(v) => serde_json::from_value(v).unwrap_or_else(|e| {
            problems.push(Problem::new("\"styles\"", e.to_string()));
            Styles::default()
        }),
    };
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
        extra: top,
    };
    let problems = model::validate(&doc);
    if problems.is_empty() {
        Ok(doc)
    } else {
        Err(problems)
    }
}

fn take_string(top: &mut Map<String, Value>, key: &str, problems: &mut Vec<Problem>) -> String {
    match top.remove(key) {
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
    let items = match top.remove(key) {
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
        match serde_json::from_value::<T>(item) {
            Ok(v) => out.push(v),
            Err(e) => problems.push(Problem::new(place, e.to_string())),
        }
    }
    out
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
    top.insert("version".into(), FORMAT_VERSION.into());
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

/// Writes `doc` to `path` atomically.
pub fn save_file(doc: &Document, path: &Path) -> Result<(), SaveError> {
    let text = to_json_string(doc);
    atomic_write(path, |file| file.write_all(text.as_bytes()))
}

/// Writes a file atomically: `write` fills a temporary file in the same folder, which is flushed
/// to disk and then renamed over `path`. If anything fails, `path` is left as it was and the
/// temporary file is removed.
pub fn atomic_write(
    path: &Path,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> Result<(), SaveError> {
    let io_err = |source| SaveError::Io {
        path: path.to_owned(),
        source,
    };
    let existing = std::fs::metadata(path).ok();
    if let Some(meta) = &existing
        && meta.permissions().readonly()
    {
        return Err(SaveError::ReadOnly {
            path: path.to_owned(),
        });
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".relmap-save-")
        .suffix(".tmp")
        .tempfile_in(&folder)
        .map_err(io_err)?;
    write(tmp.as_file_mut()).map_err(io_err)?;
    tmp.as_file_mut().flush().map_err(io_err)?;
    tmp.as_file().sync_all().map_err(io_err)?;
    // Keep the permissions the user gave the old file; a new file gets the usual rw-r--r--
    // rather than the temporary file's private rw-------.
    match existing {
        Some(meta) => tmp
            .as_file()
            .set_permissions(meta.permissions())
            .map_err(io_err)?,
        None => set_new_file_permissions(tmp.as_file()).map_err(io_err)?,
    }
    tmp.persist(path).map_err(|e| io_err(e.error))?;
    Ok(())
}

#[cfg(unix)]
fn set_new_file_permissions(file: &File) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn set_new_file_permissions(_file: &File) -> io::Result<()> {
    // Elsewhere a temporary file already has the permissions of an ordinary new file.
    Ok(())
}
