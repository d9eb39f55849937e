//! Building a map from a foreign file: the importers say what they read, in the foreign file's
//! own ids, and the builder makes entities, relations and sources of it, keeping ids unique,
//! creating an entity for an end no node declares, and cleaning text relmap cannot hold. Each
//! such repair is written in the import report.

/// The builder's maps hash every id of a file, several times: foldhash is several times
/// faster than the standard SipHash there, and keeps a random seed per process.
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
type HashSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;

use super::report::ImportReport;
use crate::model::limits::MAX_TEXT_BYTES;
use crate::model::{
    AttrValue, Attributes, Document, Entity, EntityId, Extra, Relation, RelationId, Source,
    SourceId, is_xml_char,
};

/// The kind of an entity whose file says none.
pub const DEFAULT_ENTITY_KIND: &str = "entity";
/// The kind of a relation whose file says none.
pub const DEFAULT_RELATION_KIND: &str = "related to";

/// A map under construction.
pub struct Builder {
    doc: Document,
    /// Each foreign node id's entity: its index and its id (kept here too, so that naming a
    /// relation's end reads the map's entry, not the entity far away in memory).
    entities: HashMap<String, (usize, EntityId)>,
    /// The entity ids that are not their entity's foreign id (cleaned, or given a suffix):
    /// the others are keys of `entities` already, so a map whose ids are its file's own costs
    /// one set, not two.
    entity_ids: HashSet<EntityId>,
    /// The relation ids other than the plain `r{n}` made for the n-th relation of a file that
    /// gives none: those are unique by their number, and a million of them cost no set.
    relation_ids: HashSet<RelationId>,
    source_ids: HashMap<String, usize>,
    /// The ids given to sources, to keep them unique.
    source_id_set: HashSet<SourceId>,
    /// Where the suffixes of an id wanted more than once got to, for entities, relations and
    /// sources.
    next_suffix: [Suffixes; 3],
    pub report: ImportReport,
    /// How many entities were made for relation ends no node declared, and the first ten
    /// of their foreign ids, for the report.
    placeholders: usize,
    placeholder_names: Vec<String>,
    duplicates: usize,
}

impl Builder {
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            doc: Document {
                title: title.into(),
                ..Document::default()
            },
            entities: HashMap::default(),
            entity_ids: HashSet::default(),
            relation_ids: HashSet::default(),
            source_ids: HashMap::default(),
            source_id_set: HashSet::default(),
            next_suffix: Default::default(),
            report: ImportReport::default(),
            placeholders: 0,
            placeholder_names: Vec::new(),
            duplicates: 0,
        }
    }

    pub fn doc_mut(&mut self) -> &mut Document {
        &mut self.doc
    }

    /// The entity for the foreign node `foreign`, made (named by its id, of the default kind)
    /// if it is new. A node declared twice is one entity; the report counts the repeats.
    pub fn node(&mut self, foreign: &str) -> &mut Entity {
        let index = match self.entities.get(foreign) {
            Some(&(i, _)) => {
                self.duplicates += 1;
                i
            }
            None => self.insert_entity(foreign),
        };
        &mut self.doc.entities[index]
    }

    /// The entity made for the foreign node `foreign`, if there is one, to fill in.
    pub fn existing(&mut self, foreign: &str) -> Option<&mut Entity> {
        let &(i, _) = self.entities.get(foreign)?;
        self.doc.entities.get_mut(i)
    }

    /// The entity for `foreign`, made from what a relmap export carried for it (see
    /// [`super::carry`]): everything but the id, which stays the builder's.
    pub fn node_from(&mut self, foreign: &str, carried: Entity) -> &mut Entity {
        let e = self.node(foreign);
        let id = e.id.clone();
        *e = Entity { id, ..carried };
        e
    }

    /// A new relation made from what a relmap export carried for it: everything but the id and
    /// the ends, which are the file's.
    pub fn edge_from(
        &mut self,
        foreign: Option<&str>,
        from: &str,
        to: &str,
        carried: Relation,
    ) -> &mut Relation {
        let r = self.edge(foreign, from, to);
        carry_into(r, carried);
        r
    }

    /// Whether a node with this foreign id exists.
    pub fn has_node(&self, foreign: &str) -> bool {
        self.entities.contains_key(foreign)
    }

    /// Room for `entities` more entities and `relations` more relations, so that a large
    /// table fills its maps without growing them again and again.
    pub fn reserve(&mut self, entities: usize, relations: usize) {
        self.doc.entities.reserve(entities);
        self.entities.reserve(entities);
        self.doc.relations.reserve(relations);
    }

    /// The entity for a relation's end, made as a placeholder if no node declared it.
    fn end(&mut self, foreign: &str) -> EntityId {
        self.end_made(foreign, true)
    }

    /// The entity for a relation's end, made if no node declared it: as a placeholder, which
    /// the report names, or as a node of its own (an edge list that is the whole file).
    fn end_made(&mut self, foreign: &str, placeholder: bool) -> EntityId {
        if let Some((_, id)) = self.entities.get(foreign) {
            return id.clone();
        }
        if placeholder {
            self.placeholders += 1;
            if self.placeholder_names.len() < 10 {
                self.placeholder_names.push(foreign.to_owned());
            }
        }
        let index = self.insert_entity(foreign);
        self.doc.entities[index].id.clone()
    }

    /// A new relation of an edge list that is the whole file: ends no row declared are
    /// entities of their own, not placeholders.
    pub fn listed_edge(&mut self, foreign: Option<&str>, from: &str, to: &str) -> &mut Relation {
        let from = self.end_made(from, false);
        let to = self.end_made(to, false);
        self.push_edge(foreign, from, to)
    }

    /// Whether an entity has the id `id`: one whose id is not its foreign id, or the one whose
    /// foreign id and id are both `id`.
    fn entity_id_taken(&self, id: &str) -> bool {
        self.entity_ids.contains(id)
            || self
                .entities
                .get(id)
                .is_some_and(|(_, taken)| taken.as_str() == id)
    }

    /// A new entity for the foreign id `foreign`, which has none yet.
    fn insert_entity(&mut self, foreign: &str) -> usize {
        let wanted = clean_id(foreign, || format!("n{}", self.doc.entities.len() + 1));
        // `foreign` is no key of `entities` (the callers looked), so as its own id it is taken
        // only by an id that is not its entity's foreign id.
        let free = |b: &Self, c: &str| {
            if c == foreign {
                !b.entity_ids.contains(c)
            } else {
                !b.entity_id_taken(c)
            }
        };
        let mut suffixes = std::mem::take(&mut self.next_suffix[0]);
        let id = suffixes.first_free(wanted, |c| free(self, c));
        self.next_suffix[0] = suffixes;
        let id = EntityId::new(id);
        if id.as_str() != foreign {
            self.entity_ids.insert(id.clone());
        }
        let index = self.doc.entities.len();
        self.doc.entities.push(placeholder_entity(id, foreign));
        let id = self.doc.entities[index].id.clone();
        self.entities.insert(foreign.to_owned(), (index, id));
        index
    }

    /// A new relation between the nodes `from` and `to` (made if no node declared them), with
    /// the foreign edge id `foreign` where the file gives one.
    pub fn edge(&mut self, foreign: Option<&str>, from: &str, to: &str) -> &mut Relation {
        let from = self.end(from);
        let to = self.end(to);
        self.push_edge(foreign, from, to)
    }

    /// Whether a relation has the id `id`: one in the set, or the plain `r{n}` of the n-th.
    fn relation_id_taken(&self, id: &str) -> bool {
        self.relation_ids.contains(id)
            || plain_number(id)
                .and_then(|n| self.doc.relations.get(n - 1))
                .is_some_and(|r| r.id.as_str() == id)
    }

    fn push_edge(&mut self, foreign: Option<&str>, from: EntityId, to: EntityId) -> &mut Relation {
        let n = self.doc.relations.len() + 1;
        let plain = format!("r{n}");
        let wanted = foreign
            .map(|f| clean_id(f, || plain.clone()))
            .unwrap_or_else(|| plain.clone());
        let mut suffixes = std::mem::take(&mut self.next_suffix[1]);
        let id = suffixes.first_free(wanted, |c| !self.relation_id_taken(c));
        self.next_suffix[1] = suffixes;
        if id != plain {
            self.relation_ids.insert(RelationId::new(id.as_str()));
        }
        let id = RelationId::new(id);
        self.doc.relations.push(bare_relation(id, from, to));
        let last = self.doc.relations.len() - 1;
        &mut self.doc.relations[last]
    }

    /// The source with the foreign key `key`, made with `title` if it is new.
    pub fn source(&mut self, key: &str, title: &str) -> SourceId {
        if let Some(&i) = self.source_ids.get(key) {
            return self.doc.sources[i].id.clone();
        }
        let n = self.doc.sources.len() + 1;
        // Sources an importer added through `doc_mut` (a relmap map table's) count as taken.
        if self.source_id_set.len() != self.doc.sources.len() {
            self.source_id_set = self.doc.sources.iter().map(|s| s.id.clone()).collect();
        }
        let taken = &self.source_id_set;
        let id = SourceId::new(
            self.next_suffix[2]
                .first_free(clean_id(key, || format!("s{n}")), |c| !taken.contains(c)),
        );
        self.source_id_set.insert(id.clone());
        self.doc.sources.push(Source::new(id, title.to_owned()));
        self.source_ids
            .insert(key.to_owned(), self.doc.sources.len() - 1);
        self.doc.sources[self.doc.sources.len() - 1].id.clone()
    }

    /// The source made for the foreign key `key`, to fill in.
    pub fn source_mut(&mut self, key: &str) -> Option<&mut Source> {
        let &i = self.source_ids.get(key)?;
        self.doc.sources.get_mut(i)
    }

    /// The entity made for the foreign node `foreign`, if any.
    pub fn entity_id(&self, foreign: &str) -> Option<EntityId> {
        let (_, id) = self.entities.get(foreign)?;
        Some(id.clone())
    }

    /// The map, its text cleaned and its repairs reported. Counts of what was made are the
    /// caller's to report, in the words of its format.
    pub fn finish(mut self) -> (Document, ImportReport) {
        if self.duplicates > 0 {
            self.report.not_understood(
                None,
                format!(
                    "{} node(s) were declared more than once; each became one entity with the \
                     data of all its declarations",
                    self.duplicates
                ),
            );
        }
        if self.placeholders > 0 {
            self.report.not_understood(
                None,
                format!(
                    "{} relation end(s) named no declared node, so an entity was made for each, \
                     named by its id: {}{}",
                    self.placeholders,
                    self.placeholder_names.join(", "),
                    if self.placeholders > 10 { ", …" } else { "" }
                ),
            );
        }
        let cleaned = clean_document(&mut self.doc);
        if cleaned > 0 {
            self.report.not_understood(
                None,
                format!(
                    "{cleaned} piece(s) of text held characters XML cannot write, or were longer \
                     than {MAX_TEXT_BYTES} bytes: those characters became U+FFFD and long text \
                     was cut"
                ),
            );
        }
        let off_limits = self
            .doc
            .entities
            .iter_mut()
            .filter(|e| e.position.as_ref().is_some_and(|p| !p.is_within_limits()))
            .map(|e| e.position = None)
            .count();
        if off_limits > 0 {
            self.report.not_understood(
                None,
                format!(
                    "{off_limits} position(s) were not finite numbers within ±1e9; those \
                     entities are laid out again"
                ),
            );
        }
        for e in &mut self.doc.entities {
            if e.name.trim().is_empty() {
                e.name = e.id.to_string();
            }
            if e.kind.trim().is_empty() {
                e.kind = DEFAULT_ENTITY_KIND.to_owned();
            }
        }
        for r in &mut self.doc.relations {
            if r.kind.trim().is_empty() {
                r.kind = DEFAULT_RELATION_KIND.to_owned();
            }
        }
        (self.doc, self.report)
    }
}

/// `text` as an id: itself when it has something to show, else what `fallback` makes.
/// The entity a relation end becomes when no node of the file declares it: named by its
/// foreign id, of the default kind. The builder and the streaming readers make the same one.
pub(crate) fn placeholder_entity(id: EntityId, foreign: &str) -> Entity {
    Entity::new(id, foreign, DEFAULT_ENTITY_KIND)
}

/// A relation of the default kind between two entities, with nothing else yet: what the
/// builder and the streaming readers make for each edge before filling it in.
/// Puts what a relmap export carried for a relation into `r`: everything but its id and
/// ends, which are the file's.
pub(crate) fn carry_into(r: &mut Relation, carried: Relation) {
    let (id, from, to) = (r.id.clone(), r.from.clone(), r.to.clone());
    *r = Relation {
        id,
        from,
        to,
        ..carried
    };
}

pub(crate) fn bare_relation(id: RelationId, from: EntityId, to: EntityId) -> Relation {
    Relation {
        id,
        from,
        to,
        kind: DEFAULT_RELATION_KIND.to_owned(),
        label: String::new(),
        directed: true,
        period: None,
        claims: Vec::new(),
        attributes: Attributes::new(),
        extra: Extra::new(),
    }
}

pub(crate) fn clean_id(text: &str, fallback: impl FnOnce() -> String) -> String {
    let cleaned = clean_text(text.trim());
    if cleaned.is_empty() {
        fallback()
    } else {
        cleaned.into_owned()
    }
}

/// `n` if `id` is `r{n}` as a relation of a file without ids is numbered (no leading zero).
fn plain_number(id: &str) -> Option<usize> {
    let digits = id.strip_prefix('r')?;
    if digits.starts_with('0') || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|&n| n > 0)
}

/// Where each id wanted more than once got to in its suffixes, so that a file that gives ten
/// thousand edges one id costs ten thousand steps, not fifty million.
#[derive(Default)]
struct Suffixes(HashMap<String, u64>);

impl Suffixes {
    /// `wanted` if `free` says it is, else the first of `wanted-2`, `wanted-3`… that is.
    fn first_free(&mut self, wanted: String, free: impl Fn(&str) -> bool) -> String {
        if free(&wanted) {
            return wanted;
        }
        let k = self.0.entry(wanted.clone()).or_insert(2);
        loop {
            let candidate = format!("{wanted}-{k}");
            *k += 1;
            if free(&candidate) {
                return candidate;
            }
        }
    }
}

/// Text with the characters XML cannot write replaced, and cut to the length relmap accepts.
pub fn clean_text(text: &str) -> std::borrow::Cow<'_, str> {
    if text.len() <= MAX_TEXT_BYTES && text.chars().all(is_xml_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len().min(MAX_TEXT_BYTES));
    for c in text.chars() {
        let c = if is_xml_char(c) { c } else { '\u{FFFD}' };
        if out.len() + c.len_utf8() > MAX_TEXT_BYTES {
            break;
        }
        out.push(c);
    }
    std::borrow::Cow::Owned(out)
}

/// Cleans every piece of text a map shows; returns how many changed.
fn clean_document(doc: &mut Document) -> usize {
    let mut changed = 0;
    let mut fix = |s: &mut String| {
        if let std::borrow::Cow::Owned(c) = clean_text(s) {
            *s = c;
            changed += 1;
        }
    };
    fix(&mut doc.title);
    fix(&mut doc.description);
    for s in &mut doc.sources {
        fix(&mut s.title);
        for t in [&mut s.publisher, &mut s.author, &mut s.url]
            .into_iter()
            .flatten()
        {
            fix(t);
        }
    }
    let fix_attributes = |a: &mut Attributes, fix: &mut dyn FnMut(&mut String)| {
        let cleaned: Attributes = std::mem::take(a)
            .into_iter()
            .map(|(mut k, mut v)| {
                fix(&mut k);
                if let AttrValue::Text(t) = &mut v {
                    fix(t);
                }
                (k, v)
            })
            .collect();
        *a = cleaned;
    };
    for e in &mut doc.entities {
        fix(&mut e.name);
        fix(&mut e.kind);
        fix(&mut e.summary);
        e.aliases.iter_mut().for_each(&mut fix);
        fix_attributes(&mut e.attributes, &mut fix);
    }
    for r in &mut doc.relations {
        fix(&mut r.kind);
        fix(&mut r.label);
        fix_attributes(&mut r.attributes, &mut fix);
        for c in &mut r.claims {
            fix(&mut c.quote);
            if let Some(s) = &mut c.speaker {
                fix(s);
            }
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_stay_unique_and_undeclared_ends_become_reported_entities() {
        let mut b = Builder::new("t");
        b.node("a").name = "A".into();
        b.node("");
        b.edge(Some("e1"), "a", "ghost");
        b.edge(Some("e1"), "a", "a");
        b.edge(None, "a", "a");
        let (doc, report) = b.finish();
        let ids: Vec<&str> = doc.entities.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["a", "n2", "ghost"]);
        let rel: Vec<&str> = doc.relations.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(rel, ["e1", "e1-2", "r3"]);
        assert!(crate::model::validate(&doc).is_empty());
        assert!(report.to_string().contains("ghost"), "{report}");
    }

    #[test]
    fn ids_that_are_not_their_foreign_ids_and_plain_relation_numbers_stay_unique() {
        let mut b = Builder::new("t");
        // " x " is cleaned to "x"; then "x" itself, and "x-2", must not take that id.
        b.node(" x ");
        b.node("x");
        b.node("x-2");
        b.node("n4");
        b.node("");
        // A plain "r1"; a foreign "r2" where the second plain one would be; a foreign "r4"
        // before the fourth, plain, relation wants it; a foreign "r1" after the plain one.
        b.edge(None, "x", "x");
        b.edge(Some("r2"), "x", "x");
        b.edge(Some("r4"), "x", "x");
        b.edge(None, "x", "x");
        b.edge(Some("r1"), "x", "x");
        b.edge(Some("r5"), "x", "x");
        let (doc, _) = b.finish();
        let ids: Vec<&str> = doc.entities.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["x", "x-2", "x-2-2", "n4", "n5"]);
        let rel: Vec<&str> = doc.relations.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(rel, ["r1", "r2", "r4", "r4-2", "r1-2", "r5"]);
        assert!(crate::model::validate(&doc).is_empty());
    }

    #[test]
    fn text_relmap_cannot_hold_is_cleaned_and_reported() {
        let mut b = Builder::new("t");
        b.node("a").name = "Bad\u{1}Name".into();
        let (doc, report) = b.finish();
        assert_eq!(doc.entities[0].name, "Bad\u{FFFD}Name");
        assert!(report.problems().count() == 1, "{report}");
        assert!(crate::model::validate(&doc).is_empty());
    }
}
