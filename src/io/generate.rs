//! Large synthetic maps for benchmarks and load tests: a chain of entities plus as many random
//! extra relations again (m = 2n), from a fixed seed, so every run measures the same map.

use crate::model::{
    Claim, Document, Entity, EntityId, Extra, Relation, RelationId, Source, SourceId, Stance,
};

/// A map of `n` entities and about `2n` relations, the same for the same `seed`.
pub fn chain_map(n: usize, seed: u64) -> Document {
    let mut doc = Document {
        title: format!("Generated map: {n} entities, seed {seed}"),
        ..Document::default()
    };
    doc.entities = (0..n)
        .map(|i| {
            Entity::new(
                EntityId::new(format!("e{i}")),
                format!("Entity {i}"),
                ["person", "organisation", "place", "event"][i % 4],
            )
        })
        .collect();
    let relation = |k: usize, a: usize, b: usize| Relation {
        id: RelationId::new(format!("r{k}")),
        from: EntityId::new(format!("e{a}")),
        to: EntityId::new(format!("e{b}")),
        kind: "related to".to_owned(),
        label: String::new(),
        directed: true,
        period: None,
        claims: Vec::new(),
        attributes: Default::default(),
        extra: Extra::new(),
    };
    let links = chain_links(n, seed);
    doc.relations = links
        .into_iter()
        .enumerate()
        .map(|(k, (a, b))| relation(k, a, b))
        .collect();
    doc
}

/// [`chain_map`] with claims on every relation, as an evidence map has them: `claims_per_relation`
/// claims each, citing one of 100 sources, each by a claimant entity, with a quote.
pub fn claimed_chain_map(n: usize, seed: u64, claims_per_relation: usize) -> Document {
    let mut doc = chain_map(n, seed);
    doc.sources = (0..100)
        .map(|i| Source::new(SourceId::new(format!("s{i}")), format!("Source {i}")))
        .collect();
    for (k, r) in doc.relations.iter_mut().enumerate() {
        r.claims = (0..claims_per_relation)
            .map(|c| Claim {
                source: SourceId::new(format!("s{}", (k + c) % 100)),
                claimant: Some(EntityId::new(format!("e{}", (k * 7 + c) % n.max(1)))),
                speaker: None,
                stance: Stance::ALL[(k + c) % 3],
                quote: format!("Relation {k} holds, says claim {c}."),
                date: None,
                anchor: None,
                credibility: None,
                extra: Extra::new(),
            })
            .collect();
    }
    doc
}

/// The links of a `side` × `side` grid as index pairs (entity `r * side + c`), each to its
/// right and lower neighbour: for layout tests and benchmarks.
pub fn grid_links(side: usize) -> Vec<(usize, usize)> {
    let mut links = Vec::new();
    for r in 0..side {
        for c in 0..side {
            let i = r * side + c;
            if c + 1 < side {
                links.push((i, i + 1));
            }
            if r + 1 < side {
                links.push((i, i + side));
            }
        }
    }
    links
}

/// The links of [`chain_map`] as index pairs, for benchmarks that need no document.
pub fn chain_links(n: usize, seed: u64) -> Vec<(usize, usize)> {
    if n < 2 {
        return Vec::new();
    }
    let mut state = seed;
    let mut next = move || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut x = state;
        x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        x ^ (x >> 31)
    };
    let mut links: Vec<(usize, usize)> = (1..n).map(|i| (i - 1, i)).collect();
    while links.len() < 2 * n {
        let a = (next() % n as u64) as usize;
        let b = (next() % n as u64) as usize;
        if a != b {
            links.push((a, b));
        }
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_maps_are_valid_sized_and_reproducible() {
        let doc = chain_map(500, 7);
        assert_eq!(doc.entities.len(), 500);
        assert_eq!(doc.relations.len(), 1000);
        assert!(crate::model::validate(&doc).is_empty());
        assert_eq!(doc, chain_map(500, 7));
        assert_ne!(chain_links(500, 7), chain_links(500, 8));
        let claimed = claimed_chain_map(500, 7, 2);
        assert!(crate::model::validate(&claimed).is_empty());
        assert_eq!(
            claimed
                .relations
                .iter()
                .map(|r| r.claims.len())
                .sum::<usize>(),
            2000
        );
    }
}
