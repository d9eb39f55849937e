//! FollowTheMoney JSON lines read as a stream, for `relmap store import`: a file of millions
//! of entities goes into a case store without being held whole. Memory is one line, the set
//! of the file's thing ids (so a relation can tell a real end from a missing one), and the
//! sources seen.
//!
//! Each line is read as [`super::ftm`] reads it: things become entities, edge schemata
//! relations, a thing's reference to another thing of the file a relation named by the
//! property, and an edge's `sourceUrl` or `publisher` a source with a claim. The file is read
//! twice: once for the ids of its things, then for its items. An end that no thing of the file
//! declares becomes a placeholder entity, as the map importer makes one, at the end.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use serde_json::Value;

use super::builder::{bare_relation, clean_id, placeholder_entity};
use super::ftm::{self, Target};
use super::ftm_schema::Family;
use super::report::ImportReport;
use crate::io::LoadError;
use crate::model::limits::MAX_SOURCE_TEXT_BYTES;
use crate::model::{
    AttrValue, Entity, EntityId, Item, Problem, Relation, RelationId, Source, SourceId, item_checks,
};

/// The longest line read: a line is one entity, and a source's whole text is the longest
/// field a map holds.
const MAX_LINE: usize = MAX_SOURCE_TEXT_BYTES + (1 << 20);

/// Whether the file at `path` is FollowTheMoney JSON lines: its first line that is not blank
/// is a JSON object with a `schema`.
pub fn is_json_lines(path: &Path) -> bool {
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut lines = BufReader::new(file.take(MAX_LINE as u64));
    let mut line = Vec::new();
    loop {
        line.clear();
        match lines.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => return false,
            Ok(_) if line.iter().all(u8::is_ascii_whitespace) => continue,
            Ok(_) => {
                return serde_json::from_slice::<Value>(&line)
                    .ok()
                    .is_some_and(|v| v.get("schema").is_some() && v.get("id").is_some());
            }
        }
    }
}

/// The lines of a file, each with its number, refusing one longer than [`MAX_LINE`].
struct Lines {
    reader: BufReader<std::fs::File>,
    origin: String,
    number: usize,
    bytes: u64,
    buffer: Vec<u8>,
}

impl Lines {
    fn open(path: &Path) -> Result<Lines, LoadError> {
        let origin = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|source| LoadError::Read {
            origin: origin.clone(),
            source,
        })?;
        Ok(Lines {
            reader: BufReader::with_capacity(1 << 20, file),
            origin,
            number: 0,
            bytes: 0,
            buffer: Vec::new(),
        })
    }

    /// The next line that is not blank, as JSON.
    fn next_value(&mut self) -> Result<Option<(usize, Value)>, LoadError> {
        loop {
            self.buffer.clear();
            let n = (&mut self.reader)
                .take(MAX_LINE as u64 + 1)
                .read_until(b'\n', &mut self.buffer)
                .map_err(|source| LoadError::Read {
                    origin: self.origin.clone(),
                    source,
                })?;
            if n == 0 {
                return Ok(None);
            }
            self.number += 1;
            self.bytes += n as u64;
            if n > MAX_LINE {
                return Err(invalid(
                    &self.origin,
                    self.number,
                    format!("the line is longer than {MAX_LINE} bytes"),
                ));
            }
            if self.buffer.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let value = serde_json::from_slice(&self.buffer)
                .map_err(|e| crate::io::json_error(&self.origin, self.number, &e))?;
            return Ok(Some((self.number, value)));
        }
    }
}

fn invalid(origin: &str, line: usize, message: String) -> LoadError {
    LoadError::Invalid {
        origin: origin.to_owned(),
        problems: vec![Problem::new(format!("line {line}"), message)],
    }
}

/// A FollowTheMoney file read item by item.
pub struct Reader {
    lines: Lines,
    things: HashSet<String>,
    target: One,
    pending: std::collections::VecDeque<Item>,
    placeholders_done: bool,
    /// What was read, for the import's summary.
    pub report: ImportReport,
    pub skipped: BTreeMap<String, u64>,
    pub counts: StreamCounts,
    size: u64,
}

/// How many of each were read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StreamCounts {
    pub things: u64,
    pub edges: u64,
    pub references: u64,
    pub placeholders: u64,
}

impl Reader {
    /// Opens the file and reads the ids of its things.
    pub fn open(path: &Path) -> Result<Reader, LoadError> {
        let mut first = Lines::open(path)?;
        let mut things = HashSet::new();
        // Relations without an id of their own (references) are numbered after the edges, as
        // the map importer numbers them.
        let mut edges = 0;
        while let Some((_, value)) = first.next_value()? {
            let field = |k: &str| value.get(k).and_then(Value::as_str);
            let (Some(id), Some(schema)) = (field("id"), field("schema")) else {
                continue;
            };
            if is_thing(schema) {
                things.insert(id.to_owned());
            } else if let Some(edge) = ftm::edge_schema(schema) {
                let has = |p: &str| {
                    value
                        .get("properties")
                        .and_then(|props| props.get(p))
                        .is_some_and(|v| !v.is_null() && v.as_array().is_none_or(|a| !a.is_empty()))
                };
                if has(edge.source) && has(edge.target) {
                    edges += 1;
                }
            }
        }
        Ok(Reader {
            size: first.bytes,
            lines: Lines::open(path)?,
            things,
            target: One {
                next_plain: edges + 1,
                ..One::default()
            },
            pending: Default::default(),
            placeholders_done: false,
            report: ImportReport::default(),
            skipped: BTreeMap::new(),
            counts: StreamCounts::default(),
        })
    }

    /// The bytes of the file read so far, and in all.
    pub fn progress(&self) -> (u64, u64) {
        (self.lines.bytes, self.size)
    }

    /// Reads one line into `pending`.
    fn read_line(&mut self) -> Result<bool, LoadError> {
        let Some((line, value)) = self.lines.next_value()? else {
            return Ok(false);
        };
        let Some(item) = ftm::item_of(line, value, &mut self.report) else {
            return Ok(true);
        };
        let t = &mut self.target;
        t.things = Some(std::mem::take(&mut self.things));
        match (ftm::family(&item.schema), ftm::edge_schema(&item.schema)) {
            (Some((label, Family::Thing)), None) => {
                self.counts.things += 1;
                let references = ftm::thing(t, &item, label);
                for (from, property, to) in references {
                    if t.is_thing(&to) {
                        let r = t.edge(None, &from, &to);
                        r.kind = property;
                        self.counts.references += 1;
                    } else if let Some(e) = t.entity.as_mut() {
                        e.attributes.insert(property, AttrValue::Text(to));
                    }
                }
            }
            (Some(_), Some(edge)) => {
                if ftm::relation(t, &item, edge) {
                    self.counts.edges += 1;
                } else {
                    self.report.not_understood(
                        Some(line),
                        format!(
                            "the {} \"{}\" names no {} or no {}; it was skipped",
                            item.schema, item.id, edge.source, edge.target
                        ),
                    );
                }
            }
            _ => *self.skipped.entry(item.schema.clone()).or_default() += 1,
        }
        self.things = t.things.take().unwrap_or_default();
        let origin = self.lines.origin.clone();
        for out in t.drain() {
            check(&origin, line, &out)?;
            self.pending.push_back(out);
        }
        Ok(true)
    }
}

fn is_thing(schema: &str) -> bool {
    matches!(ftm::family(schema), Some((_, Family::Thing))) && ftm::edge_schema(schema).is_none()
}

/// Refuses an item the map checks would refuse, naming its line.
fn check(origin: &str, line: usize, item: &Item) -> Result<(), LoadError> {
    let mut problems = Vec::new();
    match item {
        Item::Source(s) => item_checks::check_source(&mut problems, s),
        Item::Entity(e) => item_checks::check_entity(&mut problems, e),
        Item::Relation(r) => item_checks::check_relation_content(&mut problems, r),
    }
    if problems.is_empty() {
        return Ok(());
    }
    Err(LoadError::Invalid {
        origin: origin.to_owned(),
        problems: problems
            .into_iter()
            .map(|p| Problem::new(format!("line {line}"), p.to_string()))
            .collect(),
    })
}

impl Iterator for Reader {
    type Item = Result<Item, LoadError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.pending.pop_front() {
                return Some(Ok(item));
            }
            match self.read_line() {
                Ok(true) => continue,
                Ok(false) => {}
                Err(e) => return Some(Err(e)),
            }
            if self.placeholders_done {
                return None;
            }
            self.placeholders_done = true;
            let ends = std::mem::take(&mut self.target.placeholders);
            self.counts.placeholders = ends.len() as u64;
            if !ends.is_empty() {
                self.report.not_understood(
                    None,
                    format!(
                        "{} relation end(s) name no entity of the file; each became a \
                         placeholder entity named by its id",
                        ends.len()
                    ),
                );
            }
            for end in ends {
                self.pending.push_back(Item::Entity(placeholder(&end)));
            }
        }
    }
}

fn placeholder(foreign: &str) -> Entity {
    placeholder_entity(
        EntityId::new(clean_id(foreign, || "n1".to_owned())),
        foreign,
    )
}

/// The target of one line: the entity or relations it makes, and the sources, which live as
/// long as the file.
#[derive(Default)]
struct One {
    /// The file's thing ids, lent for the line.
    things: Option<HashSet<String>>,
    entity: Option<Entity>,
    relations: Vec<Relation>,
    sources: HashMap<String, Source>,
    source_ids: HashSet<String>,
    new_sources: Vec<String>,
    placeholders: BTreeSet<String>,
    /// The number of the next relation without an id of its own (`r{n}`).
    next_plain: usize,
}

impl One {
    fn is_thing(&self, id: &str) -> bool {
        self.things.as_ref().is_some_and(|t| t.contains(id))
    }

    fn end(&mut self, foreign: &str) -> EntityId {
        if !self.is_thing(foreign) {
            self.placeholders.insert(foreign.to_owned());
        }
        EntityId::new(clean_id(foreign, || "n1".to_owned()))
    }

    /// What the line made, sources first.
    fn drain(&mut self) -> Vec<Item> {
        let mut out: Vec<Item> = self
            .new_sources
            .drain(..)
            .filter_map(|k| self.sources.get(&k).cloned().map(Item::Source))
            .collect();
        out.extend(self.entity.take().map(Item::Entity));
        out.extend(self.relations.drain(..).map(Item::Relation));
        out
    }
}

impl Target for One {
    fn node(&mut self, foreign: &str) -> &mut Entity {
        self.entity.insert(placeholder(foreign))
    }

    fn edge(&mut self, foreign: Option<&str>, from: &str, to: &str) -> &mut Relation {
        let id = match foreign {
            Some(f) => clean_id(f, || format!("r{}", self.next_plain)),
            None => {
                self.next_plain += 1;
                format!("r{}", self.next_plain - 1)
            }
        };
        let (from, to) = (self.end(from), self.end(to));
        self.relations
            .push(bare_relation(RelationId::new(id), from, to));
        let last = self.relations.len() - 1;
        &mut self.relations[last]
    }

    fn source(&mut self, key: &str, title: &str) -> SourceId {
        if let Some(s) = self.sources.get(key) {
            return s.id.clone();
        }
        let n = self.sources.len() + 1;
        let wanted = clean_id(key, || format!("s{n}"));
        let mut id = wanted.clone();
        let mut suffix = 2;
        while self.source_ids.contains(&id) {
            id = format!("{wanted}-{suffix}");
            suffix += 1;
        }
        self.source_ids.insert(id.clone());
        let source = Source::new(SourceId::new(id), title.to_owned());
        let sid = source.id.clone();
        self.sources.insert(key.to_owned(), source);
        self.new_sources.push(key.to_owned());
        sid
    }

    fn source_mut(&mut self, key: &str) -> Option<&mut Source> {
        self.sources.get_mut(key)
    }
}
