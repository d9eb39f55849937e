//! Taking maps out of the store: a whole case (`export`), or the neighbourhood of some
//! entities (`expand`), each with every claim and source it cites, this analyst's positions,
//! and the [`Base`] that `apply` reads to write changes back.
//!
//! Expansion walks hop by hop from the seeds, adding neighbours in id order until the limit;
//! the map then holds every relation among the entities it has. For each entity it reports
//! how many neighbours were left out, by kind, as OpenCTI's "N+" and Linkurious's expand
//! counts do, so the analyst knows where more is.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::engine::{self, Counting, Engine, Link};
use super::hubs;
use super::rows::{self, Base, EntityOut, RelationOut, Stored, Table};
use super::{ErrorKind, KindCounts, Result, StoreError, case_named};
use crate::model::Document;

/// What to expand, and how far.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpandRequest {
    /// The entities (by id) to start from.
    pub seeds: Vec<String>,
    /// How many relations away to go (0 is the seeds alone).
    pub hops: u32,
    /// Follow only relations of these kinds; all when empty.
    pub kinds: Vec<String>,
    /// The most entities to return (the seeds always are).
    pub limit: usize,
}

impl Default for ExpandRequest {
    fn default() -> Self {
        Self {
            seeds: Vec::new(),
            hops: 1,
            kinds: Vec::new(),
            limit: 500,
        }
    }
}

/// A neighbourhood, as a map.
#[derive(Debug, Clone, PartialEq)]
pub struct Expansion {
    pub doc: Document,
    /// For each entity returned, its neighbours not returned, by kind.
    pub left_out: BTreeMap<String, KindCounts>,
    /// For each entity returned, its relations to entities not returned, by relation kind
    /// (of every kind, whatever kinds the walk followed).
    pub left_out_relations: BTreeMap<String, KindCounts>,
    /// Seeds that are not in the case.
    pub missing: Vec<String>,
    /// Whether the limit stopped the walk before it had gone `hops` far.
    pub truncated: bool,
}

pub(crate) fn export(engine: &mut dyn Engine, case: &str, analyst: &str) -> Result<Document> {
    let c = case_named(engine, case)?;
    let mut base = Base::new(&c.name);
    let mut take = |table: Table, engine: &mut dyn Engine| -> Result<Vec<Stored>> {
        let mut out = Vec::new();
        engine.all(c.id, table, &mut |s| out.push(s))?;
        for s in &out {
            base.insert(table, &s.id, s.version, s.fingerprint());
        }
        Ok(out)
    };
    let sources = take(Table::Sources, engine)?;
    let entities = take(Table::Entities, engine)?;
    let relations = take(Table::Relations, engine)?;
    let positions = engine.positions(c.id, analyst, None)?;
    assemble(
        &c.name, &c.meta, base, sources, entities, relations, positions,
    )
}

/// What a walk from the seeds reached, before any row is read.
struct Walked {
    case: engine::Case,
    /// The seeds found, then the entities reached, in the order they were.
    returned: Vec<String>,
    have: HashSet<String>,
    /// Every link read, by id, and the entities whose links they are.
    known: HashMap<String, Link>,
    linked: HashSet<String>,
    missing: Vec<String>,
    truncated: bool,
}

/// Walks hop by hop from `request`'s seeds, adding neighbours in id order until the limit.
fn walk(engine: &mut dyn Engine, case: &str, request: &ExpandRequest) -> Result<Walked> {
    let c = case_named(engine, case)?;
    let seeds: Vec<String> = dedup(request.seeds.iter().cloned());
    let found: HashSet<String> = engine
        .kinds(c.id, &seeds)?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let missing: Vec<String> = seeds
        .iter()
        .filter(|s| !found.contains(*s))
        .cloned()
        .collect();
    let mut returned: Vec<String> = seeds
        .iter()
        .filter(|s| found.contains(*s))
        .cloned()
        .collect();
    if returned.is_empty() {
        return Err(StoreError::new(
            engine.location(),
            ErrorKind::Map,
            format!(
                "case {:?} has no entity {}; `relmap store search` finds ids by name",
                c.name,
                missing
                    .iter()
                    .map(|m| format!("{m:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    let mut have: HashSet<String> = returned.iter().cloned().collect();
    let mut frontier = returned.clone();
    let mut truncated = false;
    // Every link read so far, and whose links they are: the walk's reads serve the map's
    // relations and the counts left out, which need the links of every entity returned.
    let mut known: HashMap<String, Link> = HashMap::new();
    let mut linked: HashSet<String> = HashSet::new();
    for _ in 0..request.hops {
        if frontier.is_empty() {
            break;
        }
        let links = engine.links(c.id, &frontier, &request.kinds)?;
        linked.extend(frontier.iter().cloned());
        let next: BTreeSet<&str> = links
            .iter()
            .flat_map(|l| [l.from.as_str(), l.to.as_str()])
            .filter(|id| !have.contains(*id))
            .collect();
        let room = request.limit.saturating_sub(returned.len());
        if next.len() > room {
            truncated = true;
        }
        frontier = next.into_iter().take(room).map(str::to_owned).collect();
        known.extend(links.into_iter().map(|l| (l.id.clone(), l)));
        for id in &frontier {
            have.insert(id.clone());
            returned.push(id.clone());
        }
        if truncated {
            break;
        }
    }
    Ok(Walked {
        case: c,
        returned,
        have,
        known,
        linked,
        missing,
        truncated,
    })
}

/// The entities a walk from `request`'s seeds reaches, each with its kind, and whether the
/// limit stopped it: what [`expand`] would return, without reading a row of it.
pub(crate) fn neighbours(
    engine: &mut dyn Engine,
    case: &str,
    request: &ExpandRequest,
) -> Result<(Vec<(String, String)>, bool)> {
    let w = walk(engine, case, request)?;
    let kinds: HashMap<String, String> =
        engine.kinds(w.case.id, &w.returned)?.into_iter().collect();
    let reached = w
        .returned
        .into_iter()
        .filter_map(|id| {
            let kind = kinds.get(&id)?.clone();
            Some((id, kind))
        })
        .collect();
    Ok((reached, w.truncated))
}

pub(crate) fn expand(
    engine: &mut dyn Engine,
    case: &str,
    analyst: &str,
    request: &ExpandRequest,
) -> Result<Expansion> {
    let Walked {
        case: c,
        returned,
        have,
        mut known,
        linked,
        missing,
        truncated,
    } = walk(engine, case, request)?;
    let (left_out, left_out_relations) = past_the_edge(
        engine, c.id, request, &returned, &have, &linked, truncated, &mut known,
    )?;
    let mut relation_ids: Vec<String> = known
        .values()
        .filter(|l| have.contains(&l.from) && have.contains(&l.to))
        .map(|l| l.id.clone())
        .collect();
    relation_ids.sort_unstable();
    let mut relations = engine.rows(c.id, Table::Relations, &relation_ids)?;
    relations.sort_by(|a, b| a.id.cmp(&b.id));
    // What the claims cite: their sources, and claimants the walk did not reach.
    let mut source_ids = BTreeSet::new();
    let mut claimants = BTreeSet::new();
    for r in &relations {
        for claim in &r.claims {
            let v: serde_json::Value = serde_json::from_str(claim).unwrap_or_default();
            if let Some(s) = v.get("source").and_then(|s| s.as_str()) {
                source_ids.insert(s.to_owned());
            }
            if let Some(e) = v.get("claimant").and_then(|s| s.as_str())
                && !have.contains(e)
            {
                claimants.insert(e.to_owned());
            }
        }
    }
    let mut all_entities = returned.clone();
    all_entities.extend(claimants);
    let mut entities = engine.rows(c.id, Table::Entities, &all_entities)?;
    let order: BTreeMap<&str, usize> = all_entities
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    entities.sort_by_key(|e| order.get(e.id.as_str()).copied().unwrap_or(usize::MAX));
    let mut sources = engine.rows(
        c.id,
        Table::Sources,
        &source_ids.into_iter().collect::<Vec<_>>(),
    )?;
    sources.sort_by(|a, b| a.id.cmp(&b.id));
    let positions = engine.positions(c.id, analyst, Some(&all_entities))?;
    let mut base = Base::new(&c.name);
    for (table, list) in [
        (Table::Sources, &sources),
        (Table::Entities, &entities),
        (Table::Relations, &relations),
    ] {
        for s in list {
            base.insert(table, &s.id, s.version, s.fingerprint());
        }
    }
    let doc = assemble(
        &c.name, &c.meta, base, sources, entities, relations, positions,
    )?;
    Ok(Expansion {
        doc,
        left_out,
        left_out_relations,
        missing,
        truncated,
    })
}

/// What lies past a walk: the links among the entities at its edge (whose own links were
/// not read), added to `known`, and what each entity returned leaves out (its neighbours
/// outside the map by kind, and its relations to them by relation kind).
///
/// Only the edge's entities can leave anything out, unless the limit cut the walk short or it
/// followed only some kinds of relation. The engine counts them in one reading of their
/// links, but for hubs: what a hub leaves out is the store's counts of it less what of it is
/// inside the map, and its links to the map are all known by then (when the walk followed
/// every kind).
#[allow(clippy::too_many_arguments)]
fn past_the_edge(
    engine: &mut dyn Engine,
    case: i64,
    request: &ExpandRequest,
    returned: &[String],
    have: &HashSet<String>,
    linked: &HashSet<String>,
    truncated: bool,
    known: &mut HashMap<String, Link>,
) -> Result<(BTreeMap<String, KindCounts>, BTreeMap<String, KindCounts>)> {
    let edge: Vec<String> = returned
        .iter()
        .filter(|id| !linked.contains(*id))
        .cloned()
        .collect();
    // Every entity returned, when the limit cut the walk short or it followed only some
    // kinds (the others' neighbours are outside): else the edge alone.
    let everyone = truncated || !request.kinds.is_empty();
    let of: &[String] = if everyone { returned } else { &edge };
    if of.is_empty() {
        return Ok(Default::default());
    }
    let kept = if request.kinds.is_empty() {
        engine.hub_counts(case, of)?
    } else {
        Vec::new()
    };
    let hubs: HashSet<String> = kept.iter().map(|k| k.entity.clone()).collect();
    let counted: Vec<String> = of
        .iter()
        .filter(|id| !hubs.contains(*id))
        .cloned()
        .collect();
    let beyond = if counted.is_empty() {
        engine::Beyond::default()
    } else {
        engine.beyond(
            case,
            &engine::Past {
                of: &counted,
                keep: &edge,
                inside: returned,
            },
        )?
    };
    let followed = |l: &Link| request.kinds.is_empty() || request.kinds.contains(&l.kind);
    for l in beyond.links.into_iter().filter(|l| followed(l)) {
        known.insert(l.id.clone(), l);
    }
    // Links between two hubs at the edge, or of one to itself: neither end's links were read.
    let hub_edge: Vec<String> = edge
        .iter()
        .filter(|id| hubs.contains(*id))
        .cloned()
        .collect();
    if !hub_edge.is_empty() {
        for l in engine.links_among(case, &hub_edge)? {
            known.insert(l.id.clone(), l);
        }
    }
    let mut neighbours: BTreeMap<String, KindCounts> = BTreeMap::new();
    let mut relations: BTreeMap<String, KindCounts> = BTreeMap::new();
    for count in beyond.left_out {
        let into = match count.what {
            Counting::Neighbours => &mut neighbours,
            Counting::Relations => &mut relations,
        };
        *into
            .entry(count.entity)
            .or_default()
            .entry(count.kind)
            .or_default() += count.n;
    }
    if !kept.is_empty() {
        let hub_links: Vec<&Link> = known
            .values()
            .filter(|l| hubs.contains(&l.from) || hubs.contains(&l.to))
            .collect();
        let mut inside: Vec<String> = hub_links
            .iter()
            .flat_map(|l| [&l.from, &l.to])
            .filter(|id| have.contains(*id))
            .cloned()
            .collect::<HashSet<String>>()
            .into_iter()
            .collect();
        inside.sort_unstable();
        let kinds: HashMap<String, String> = engine.kinds(case, &inside)?.into_iter().collect();
        let (n, r) = hubs::left_out_of_hubs(&kept, &hub_links, have, &kinds);
        neighbours.extend(n);
        relations.extend(r);
    }
    Ok((neighbours, relations))
}

fn dedup(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut seen = HashSet::new();
    items.filter(|i| seen.insert(i.clone())).collect()
}

/// The rows as a map, with the base written in.
fn assemble(
    case: &str,
    meta: &str,
    base: Base,
    sources: Vec<Stored>,
    entities: Vec<Stored>,
    relations: Vec<Stored>,
    positions: Vec<(String, String, bool)>,
) -> Result<Document> {
    let mut placed: BTreeMap<String, (String, bool)> = positions
        .into_iter()
        .map(|(id, body, pinned)| (id, (body, pinned)))
        .collect();
    let sources: Vec<String> = sources.into_iter().map(|s| s.body).collect();
    let entities: Vec<EntityOut> = entities
        .into_iter()
        .map(|e| EntityOut {
            position: placed.remove(&e.id),
            body: e.body,
        })
        .collect();
    let relations: Vec<RelationOut> = relations
        .into_iter()
        .map(|r| RelationOut {
            body: r.body,
            claims: r.claims,
        })
        .collect();
    let origin = format!("case {case:?}");
    let mut doc = rows::document(&origin, meta, &sources, &entities, &relations).map_err(|e| {
        StoreError::new(
            "the store",
            ErrorKind::Database,
            format!("its rows do not make a valid map: {e}"),
        )
    })?;
    base.write_into(&mut doc);
    Ok(doc)
}
