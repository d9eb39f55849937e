//! Node-link JSON read as a stream, for `relmap store import`: a file of millions of nodes
//! goes into a case store without being held whole. The parse runs on its own thread and
//! hands each entity and relation over a bounded channel, so memory is one node or link at a
//! time, plus the node ids (to tell a link's end from a missing one, and to resolve d3's
//! index-based links).
//!
//! Each node and link is read as [`super::nodelink`] reads it. What a stream cannot do as a
//! whole read does:
//! - the map is titled by the file's name, not by `graph.name`, and the graph's other fields
//!   are not kept;
//! - `directed` counts only if it comes before the links (networkx writes it first; d3 files
//!   have none, and are undirected);
//! - an end no node declares becomes a placeholder entity at the end, as in a whole read.

use std::collections::HashSet;
use std::io::{BufReader, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::builder::{bare_relation, clean_id, placeholder_entity};
use super::nodelink::{self, Ends, Kept, Target};
use super::report::ImportReport;
use crate::io::LoadError;
use crate::model::{Entity, EntityId, Item, Problem, Relation, RelationId, item_checks};

/// Whether the file at `path` is node-link JSON: an object with `nodes`, and no `format`
/// (a relmap map) or STIX `type`. Only the top level's keys are read.
pub fn is_node_link(path: &Path) -> bool {
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut de = serde_json::Deserializer::from_reader(BufReader::with_capacity(1 << 20, file));
    struct Keys;
    impl<'de> Visitor<'de> for Keys {
        type Value = (bool, bool);
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(bool, bool), A::Error> {
            let (mut nodes, mut other) = (false, false);
            while let Some(key) = map.next_key::<String>()? {
                match key.as_str() {
                    "nodes" => nodes = true,
                    "format" | "type" | "schema" => other = true,
                    _ => {}
                }
                map.next_value::<IgnoredAny>()?;
            }
            Ok((nodes, other))
        }
    }
    matches!(de.deserialize_map(Keys), Ok((true, false)))
}

/// A node-link file read item by item.
pub struct Reader {
    items: Receiver<Result<Item, LoadError>>,
    read: Arc<AtomicU64>,
    size: u64,
}

impl Reader {
    /// Starts reading the file on a thread of its own.
    pub fn open(path: &Path) -> Result<Reader, LoadError> {
        let origin = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|source| LoadError::Read {
            origin: origin.clone(),
            source,
        })?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        let read = Arc::new(AtomicU64::new(0));
        let (tx, items) = sync_channel(4096);
        let counter = read.clone();
        std::thread::Builder::new()
            .name("node-link reader".into())
            .spawn(move || {
                let input = Counting {
                    inner: BufReader::with_capacity(1 << 20, file),
                    read: counter,
                };
                parse(input, &origin, &tx);
            })
            .map_err(|source| LoadError::Read {
                origin: path.display().to_string(),
                source,
            })?;
        Ok(Reader { items, read, size })
    }

    /// The bytes of the file read so far, and in all.
    pub fn progress(&self) -> (u64, u64) {
        (self.read.load(Ordering::Relaxed), self.size)
    }
}

impl Iterator for Reader {
    type Item = Result<Item, LoadError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.items.recv().ok()
    }
}

/// A reader that counts what it reads, for the progress bar.
struct Counting<R> {
    inner: R,
    read: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// The parse, sending what it reads; a fault is sent last.
fn parse<R: Read>(input: R, origin: &str, tx: &SyncSender<Result<Item, LoadError>>) {
    let mut state = State {
        origin: origin.to_owned(),
        tx: tx.clone(),
        target: Stream::default(),
        directed: false,
        ids: HashSet::new(),
        by_index: Vec::new(),
        kept: Kept::new(),
        failed: None,
    };
    let mut de = serde_json::Deserializer::from_reader(input);
    let outcome = Top(&mut state).deserialize(&mut de).and_then(|()| de.end());
    if let Some(fault) = state.failed.take() {
        let _ = tx.send(Err(fault));
        return;
    }
    if let Err(e) = outcome {
        let _ = tx.send(Err(crate::io::json_error(origin, e.line(), &e)));
        return;
    }
    let mut ends: Vec<String> = state
        .target
        .ends
        .iter()
        .filter(|end| !state.ids.contains(*end))
        .cloned()
        .collect();
    ends.sort();
    for end in ends {
        if tx.send(Ok(Item::Entity(placeholder(&end)))).is_err() {
            return;
        }
    }
}

struct State {
    origin: String,
    tx: SyncSender<Result<Item, LoadError>>,
    target: Stream,
    directed: bool,
    ids: HashSet<String>,
    by_index: Vec<String>,
    kept: Kept,
    /// A fault of the file's content (not its JSON), which stops the parse.
    failed: Option<LoadError>,
}

impl State {
    /// Sends what the last node or link made; false when the parse must stop.
    fn send(&mut self, what: &str) -> bool {
        let items: Vec<Item> = self
            .target
            .entity
            .take()
            .map(Item::Entity)
            .into_iter()
            .chain(self.target.relations.drain(..).map(Item::Relation))
            .collect();
        for item in items {
            let mut problems = Vec::new();
            match &item {
                Item::Entity(e) => item_checks::check_entity(&mut problems, e),
                Item::Relation(r) => item_checks::check_relation_content(&mut problems, r),
                Item::Source(s) => item_checks::check_source(&mut problems, s),
            }
            if !problems.is_empty() {
                self.failed = Some(LoadError::Invalid {
                    origin: self.origin.clone(),
                    problems: problems
                        .into_iter()
                        .map(|p| Problem::new(what, p.to_string()))
                        .collect(),
                });
                return false;
            }
            if self.tx.send(Ok(item)).is_err() {
                return false;
            }
        }
        true
    }
}

fn stop<E: serde::de::Error>() -> E {
    E::custom("the import stopped")
}

struct Top<'s>(&'s mut State);

impl<'de> DeserializeSeed<'de> for Top<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Top<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("node-link JSON: an object with \"nodes\"")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "nodes" => map.next_value_seed(Nodes(self.0))?,
                "links" | "edges" => map.next_value_seed(Links(self.0, key.clone()))?,
                "directed" => self.0.directed = map.next_value::<Value>()? == Value::Bool(true),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

struct Nodes<'s>(&'s mut State);

impl<'de> DeserializeSeed<'de> for Nodes<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Nodes<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("\"nodes\" as a list")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let s = self.0;
        while let Some(node) = seq.next_element::<Value>()? {
            let i = s.by_index.len();
            let id = nodelink::node_into(&mut s.target, i, node, &mut s.kept).unwrap_or_default();
            s.ids.insert(id.clone());
            s.by_index.push(id);
            if !s.send(&format!("node #{}", i + 1)) {
                return Err(stop());
            }
        }
        Ok(())
    }
}

struct Links<'s>(&'s mut State, String);

impl<'de> DeserializeSeed<'de> for Links<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Links<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("\"links\" (or \"edges\") as a list")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let (s, key) = (self.0, self.1);
        let mut i = 0;
        while let Some(link) = seq.next_element::<Value>()? {
            let ends = Ends {
                ids: &s.ids,
                by_index: &s.by_index,
            };
            nodelink::link_into(&mut s.target, i, link, &ends, s.directed, &key, &mut s.kept);
            i += 1;
            if !s.send(&format!("{key} #{i}")) {
                return Err(stop());
            }
        }
        Ok(())
    }
}

fn placeholder(foreign: &str) -> Entity {
    placeholder_entity(
        EntityId::new(clean_id(foreign, || "n1".to_owned())),
        foreign,
    )
}

/// The target of one node or link; the ends seen, for placeholders at the end.
#[derive(Default)]
struct Stream {
    entity: Option<Entity>,
    relations: Vec<Relation>,
    ends: HashSet<String>,
    made: usize,
    report: ImportReport,
}

impl Target for Stream {
    fn node(&mut self, foreign: &str) -> &mut Entity {
        self.entity.insert(placeholder(foreign))
    }

    fn node_from(&mut self, foreign: &str, carried: Entity) -> &mut Entity {
        let id = EntityId::new(clean_id(foreign, || "n1".to_owned()));
        self.entity.insert(Entity { id, ..carried })
    }

    fn edge(&mut self, foreign: Option<&str>, from: &str, to: &str) -> &mut Relation {
        // Numbered as the builder numbers relations: r{n} for the n-th.
        self.made += 1;
        let plain = format!("r{}", self.made);
        let id = foreign.map_or_else(|| plain.clone(), |f| clean_id(f, || plain.clone()));
        for end in [from, to] {
            if !self.ends.contains(end) {
                self.ends.insert(end.to_owned());
            }
        }
        self.relations.push(bare_relation(
            RelationId::new(id),
            EntityId::new(clean_id(from, || "n1".to_owned())),
            EntityId::new(clean_id(to, || "n1".to_owned())),
        ));
        let last = self.relations.len() - 1;
        &mut self.relations[last]
    }

    fn edge_from(
        &mut self,
        foreign: Option<&str>,
        from: &str,
        to: &str,
        carried: Relation,
    ) -> &mut Relation {
        let r = self.edge(foreign, from, to);
        super::builder::carry_into(r, carried);
        r
    }

    fn report(&mut self) -> &mut ImportReport {
        &mut self.report
    }
}
