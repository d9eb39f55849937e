//! Hubs: the entities of a case with thousands of relations, whose counts the store keeps.
//!
//! An expansion reports, for each entity at its edge, how many neighbours it left out, by
//! kind. Counted live, that is one look-up per neighbour: `libc6` in Debian's archive has
//! 22 100 relations, and two hops around any library reach it. So for every entity with at
//! least [`HUB`] relations the store keeps its neighbours counted by kind and its relations
//! counted by kind (table `hub_counts`, schema 5), and an expansion takes what is left out as
//! those counts less what is inside the map.
//!
//! The counts are kept exact by counting a hub again, whole, in the transaction that changes
//! it: an `apply` counts again the hubs at the ends of the relations it writes and those
//! next to the entities it writes; an import counts again every hub the case had and the
//! entities it made hubs, found as it reads ([`Heavy`]). An entity that grows past `HUB`
//! relations by other means is counted live until the next import counts it: slower, never
//! wrong, because an entity without counts is simply no hub.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::engine::{Counting, KindCount, Link, Tx};
use super::{KindCounts, Result};

/// How many relations make an entity a hub.
pub(crate) const HUB: u64 = 500;

/// The entities that occur most often among an import's relation ends, found with bounded
/// memory by the Misra–Gries algorithm: every entity that is an end of more than
/// `n / (CAPACITY + 1)` of the `n` ends read is among [`Heavy::candidates`].
pub(crate) struct Heavy {
    counts: HashMap<String, u64>,
    ends: u64,
}

impl Heavy {
    /// Counters kept: 32 768 ids, a few megabytes, find every entity of 500 relations in
    /// imports of up to 16 million relations (and the hubs of larger ones).
    const CAPACITY: usize = 32_768;

    pub fn new() -> Self {
        Self {
            counts: HashMap::new(),
            ends: 0,
        }
    }

    /// Counts one relation end.
    pub fn add(&mut self, id: &str) {
        self.ends += 1;
        if let Some(n) = self.counts.get_mut(id) {
            *n += 1;
        } else if self.counts.len() < Self::CAPACITY {
            self.counts.insert(id.to_owned(), 1);
        } else {
            // Every counter gives one back, with the new end's: each such step takes
            // CAPACITY + 1 ends, so there are at most ends / (CAPACITY + 1) of them.
            self.counts.retain(|_, n| {
                *n -= 1;
                *n > 0
            });
        }
    }

    /// The entities that may have [`HUB`] ends or more among those counted: a counter falls
    /// short of its entity's true count by at most `ends / (CAPACITY + 1)`.
    pub fn candidates(&self) -> Vec<String> {
        let slack = self.ends / (Self::CAPACITY as u64 + 1);
        let mut out: Vec<String> = self
            .counts
            .iter()
            .filter(|(_, n)| **n + slack >= HUB)
            .map(|(id, _)| id.clone())
            .collect();
        out.sort_unstable();
        out
    }
}

/// What the hubs at a walk's edge leave out: their kept counts less what of them is inside
/// the map. `links` must hold every relation between a hub and an entity of `inside` (a walk
/// has read them all), and `kinds` the kind of every entity of `inside` they reach.
pub(crate) fn left_out_of_hubs(
    kept: &[KindCount],
    links: &[&Link],
    inside: &HashSet<String>,
    kinds: &HashMap<String, String>,
) -> (BTreeMap<String, KindCounts>, BTreeMap<String, KindCounts>) {
    let mut neighbours: BTreeMap<String, KindCounts> = BTreeMap::new();
    let mut relations: BTreeMap<String, KindCounts> = BTreeMap::new();
    for k in kept {
        let into = match k.what {
            Counting::Neighbours => &mut neighbours,
            Counting::Relations => &mut relations,
        };
        *into
            .entry(k.entity.clone())
            .or_default()
            .entry(k.kind.clone())
            .or_default() += k.n;
    }
    let mut met: HashSet<(&str, &str)> = HashSet::new();
    // A relation of an entity to itself leads nowhere else: neither counted nor kept.
    for l in links.iter().filter(|l| l.from != l.to) {
        for (hub, other) in [(&l.from, &l.to), (&l.to, &l.from)] {
            if !inside.contains(other) {
                continue;
            }
            let Some(by_kind) = relations.get_mut(hub) else {
                continue;
            };
            if let Some(n) = by_kind.get_mut(&l.kind) {
                *n = n.saturating_sub(1);
            }
            if met.insert((hub.as_str(), other.as_str()))
                && let Some(kind) = kinds.get(other)
                && let Some(n) = neighbours
                    .get_mut(hub)
                    .and_then(|by_kind| by_kind.get_mut(kind))
            {
                *n = n.saturating_sub(1);
            }
        }
    }
    for counts in [&mut neighbours, &mut relations] {
        for by_kind in counts.values_mut() {
            by_kind.retain(|_, n| *n > 0);
        }
        counts.retain(|_, by_kind| !by_kind.is_empty());
    }
    (neighbours, relations)
}

/// What an `apply` or an import wrote that may change the counts of hubs: the ends of the
/// relations it wrote, and the entities it added, deleted or gave another kind.
#[derive(Debug, Default)]
pub(crate) struct Touched {
    ends: BTreeSet<String>,
    entities: BTreeSet<String>,
}

impl Touched {
    /// A relation written, or deleted, between `from` and `to`.
    pub fn relation(&mut self, from: &str, to: &str) {
        self.ends.insert(from.to_owned());
        self.ends.insert(to.to_owned());
    }

    /// A relation as stored (its JSON body), before it was changed or deleted.
    pub fn relation_body(&mut self, body: &str) {
        if let (Some(from), Some(to)) = (field(body, "from"), field(body, "to")) {
            self.relation(&from, &to);
        }
    }

    /// An entity added, deleted or given another kind: its neighbours count it by kind.
    pub fn entity(&mut self, id: &str) {
        self.entities.insert(id.to_owned());
    }

    pub fn len(&self) -> usize {
        self.ends.len() + self.entities.len()
    }

    /// Counts again, in `tx`, every hub these writes may have changed.
    pub fn recount(&self, tx: &mut dyn Tx) -> Result<()> {
        if self.ends.is_empty() && self.entities.is_empty() {
            return Ok(());
        }
        let ids: Vec<String> = self.ends.union(&self.entities).cloned().collect();
        let mut hubs = tx.hubs(Some(&ids))?;
        if !self.entities.is_empty() {
            let entities: Vec<String> = self.entities.iter().cloned().collect();
            hubs.extend(tx.hubs_near(&entities)?);
        }
        if hubs.is_empty() {
            return Ok(());
        }
        tx.recount_hubs(Some(&hubs))
    }
}

/// A text field of a stored row's JSON body.
pub(crate) fn field(body: &str, key: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(body).ok()?;
    v.get(key)?.as_str().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heavy_finds_every_entity_past_the_threshold_among_many() {
        let mut heavy = Heavy::new();
        // 200 000 ends of distinct entities, and two hubs among them.
        for i in 0..200_000 {
            heavy.add(&format!("e{i}"));
            if i % 300 == 0 {
                heavy.add("hub-a");
            }
            if i % 150 == 0 {
                heavy.add("hub-b");
            }
            if i % 2000 == 0 {
                heavy.add("not-a-hub");
            }
        }
        for _ in 0..HUB {
            heavy.add("hub-c");
        }
        let found = heavy.candidates();
        for hub in ["hub-a", "hub-b", "hub-c"] {
            assert!(found.contains(&hub.to_owned()), "{hub} in {found:?}");
        }
        assert!(
            !found.contains(&"not-a-hub".to_owned()),
            "100 ends is no hub"
        );
        assert!(found.len() < 10, "{} candidates", found.len());
    }

    fn link(id: &str, from: &str, to: &str, kind: &str) -> Link {
        Link {
            id: id.into(),
            from: from.into(),
            to: to.into(),
            kind: kind.into(),
        }
    }

    fn kept(what: Counting, kind: &str, n: u64) -> KindCount {
        KindCount {
            what,
            entity: "h".into(),
            kind: kind.into(),
            n,
        }
    }

    #[test]
    fn a_hub_leaves_out_its_counts_less_what_is_inside() {
        let kept = [
            kept(Counting::Neighbours, "person", 10),
            kept(Counting::Neighbours, "organisation", 1),
            kept(Counting::Relations, "knows", 11),
            kept(Counting::Relations, "member", 1),
        ];
        let links = [
            link("r1", "h", "p1", "knows"),
            link("r2", "p1", "h", "knows"),
            link("r3", "h", "o1", "member"),
            link("r4", "h", "h", "self"),
            link("r5", "h", "p9", "knows"),
        ];
        let inside: HashSet<String> = ["h", "p1", "o1"].map(String::from).into();
        let kinds: HashMap<String, String> = [("p1", "person"), ("o1", "organisation")]
            .map(|(a, b)| (a.into(), b.into()))
            .into();
        let refs: Vec<&Link> = links.iter().collect();
        let (n, r) = left_out_of_hubs(&kept, &refs, &inside, &kinds);
        assert_eq!(n["h"], KindCounts::from([("person".into(), 9)]));
        assert_eq!(r["h"], KindCounts::from([("knows".into(), 9)]));
    }
}
