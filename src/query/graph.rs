//! The map as a graph: neighbourhoods, shortest paths, centrality and components. Relations
//! are followed in both directions (who is linked to whom, whichever way the relation reads),
//! and every walk visits neighbours in document order, so answers are the same every time.

use std::collections::VecDeque;

use rayon::prelude::*;

use crate::model::Document;

/// Who is linked to whom, by entity index, with the relation index of each link.
#[derive(Debug, Clone)]
pub struct Adjacency {
    links: Vec<Vec<(usize, usize)>>,
}

impl Adjacency {
    /// Every relation of `doc` for which `keep(relation index)` is true.
    pub fn new(doc: &Document, keep: impl Fn(usize) -> bool) -> Self {
        let mut links = vec![Vec::new(); doc.entities.len()];
        for (ri, ends) in doc.relation_ends().into_iter().enumerate() {
            if !keep(ri) {
                continue;
            }
            let Some((a, b)) = ends else {
                continue;
            };
            links[a].push((b, ri));
            if a != b {
                links[b].push((a, ri));
            }
        }
        Self { links }
    }

    /// All relations of `doc`.
    pub fn of(doc: &Document) -> Self {
        Self::new(doc, |_| true)
    }

    pub fn len(&self) -> usize {
        self.links.len()
    }

    pub fn is_empty(&self) -> bool {
        self.links.is_empty()
    }

    /// The entities within `hops` links of any of `start` (including them).
    pub fn neighbourhood(&self, start: &[usize], hops: usize) -> Vec<bool> {
        let mut seen = vec![false; self.links.len()];
        let mut frontier: Vec<usize> = start.iter().copied().filter(|&i| i < seen.len()).collect();
        for &i in &frontier {
            seen[i] = true;
        }
        for _ in 0..hops {
            let mut next = Vec::new();
            for i in frontier {
                for &(j, _) in &self.links[i] {
                    if !seen[j] {
                        seen[j] = true;
                        next.push(j);
                    }
                }
            }
            frontier = next;
        }
        seen
    }

    /// A shortest path from `from` to `to` (fewest relations), if one exists.
    pub fn shortest_path(&self, from: usize, to: usize) -> Option<Path> {
        let n = self.links.len();
        if from >= n || to >= n {
            return None;
        }
        let mut came_from: Vec<Option<(usize, usize)>> = vec![None; n];
        let mut seen = vec![false; n];
        seen[from] = true;
        let mut queue = VecDeque::from([from]);
        while let Some(i) = queue.pop_front() {
            if i == to {
                break;
            }
            for &(j, r) in &self.links[i] {
                if !seen[j] {
                    seen[j] = true;
                    came_from[j] = Some((i, r));
                    queue.push_back(j);
                }
            }
        }
        if !seen[to] {
            return None;
        }
        let mut entities = vec![to];
        let mut relations = Vec::new();
        let mut at = to;
        while let Some((prev, r)) = came_from[at] {
            relations.push(r);
            entities.push(prev);
            at = prev;
        }
        entities.reverse();
        relations.reverse();
        Some(Path {
            entities,
            relations,
        })
    }

    /// How many relations touch each entity.
    pub fn degree(&self) -> Vec<usize> {
        self.links.iter().map(Vec::len).collect()
    }

    /// Betweenness centrality of each entity (Brandes' algorithm, unweighted, undirected):
    /// the share of shortest paths between other pairs that pass through it, from 0 to 1.
    pub fn betweenness(&self) -> Vec<f64> {
        self.betweenness_from(&(0..self.links.len()).collect::<Vec<_>>(), &|| false)
            .unwrap_or_default()
    }

    /// Betweenness estimated from the shortest paths out of `sources` only, scaled up to all
    /// entities (Brandes and Pich's sampling): exact when `sources` are all entities. Gives up
    /// and returns `None` as soon as `cancelled()` says so (the map changed meanwhile).
    /// Sources are shared among cores, and the result does not depend on how many.
    pub fn betweenness_from(
        &self,
        sources: &[usize],
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<f64>> {
        let n = self.links.len();
        // Sources in fixed blocks, summed in block order: the same answer on any machine.
        let partial: Vec<Option<Vec<f64>>> = sources
            .par_chunks(64)
            .map(|block| {
                let mut work = Brandes::new(n);
                let mut sum = vec![0.0; n];
                for &s in block {
                    if cancelled() {
                        return None;
                    }
                    if s < n {
                        work.add_paths_from(self, s, &mut sum);
                    }
                }
                Some(sum)
            })
            .collect();
        let mut centrality = vec![0.0; n];
        for block in partial {
            for (c, v) in centrality.iter_mut().zip(block?) {
                *c += v;
            }
        }
        // Each unordered pair was counted from both ends; normalise by the number of pairs,
        // and scale a sample up to every source.
        let pairs = if n > 2 {
            ((n - 1) * (n - 2)) as f64
        } else {
            1.0
        };
        let scale = if sources.is_empty() {
            0.0
        } else {
            n as f64 / sources.len() as f64
        };
        Some(centrality.iter().map(|c| c * scale / pairs).collect())
    }

    /// The connected component of each entity, numbered from 0 in document order, and the
    /// number of components.
    pub fn components(&self) -> (Vec<usize>, usize) {
        let n = self.links.len();
        let mut component = vec![usize::MAX; n];
        let mut count = 0;
        for start in 0..n {
            if component[start] != usize::MAX {
                continue;
            }
            component[start] = count;
            let mut stack = vec![start];
            while let Some(i) = stack.pop() {
                for &(j, _) in &self.links[i] {
                    if component[j] == usize::MAX {
                        component[j] = count;
                        stack.push(j);
                    }
                }
            }
            count += 1;
        }
        (component, count)
    }
}

/// The buffers of one run of Brandes' algorithm, reused from source to source: only the
/// entities a run reached are reset, so a sample of sources on a large map costs in proportion
/// to the map, not to its square.
struct Brandes {
    stack: Vec<usize>,
    queue: VecDeque<usize>,
    preds: Vec<Vec<usize>>,
    sigma: Vec<f64>,
    dist: Vec<usize>,
    delta: Vec<f64>,
}

impl Brandes {
    fn new(n: usize) -> Self {
        Self {
            stack: Vec::with_capacity(n),
            queue: VecDeque::new(),
            preds: vec![Vec::new(); n],
            sigma: vec![0.0; n],
            dist: vec![usize::MAX; n],
            delta: vec![0.0; n],
        }
    }

    /// Adds to `sum` each entity's share of the shortest paths from `s`.
    fn add_paths_from(&mut self, adj: &Adjacency, s: usize, sum: &mut [f64]) {
        self.sigma[s] = 1.0;
        self.dist[s] = 0;
        self.queue.push_back(s);
        while let Some(v) = self.queue.pop_front() {
            self.stack.push(v);
            for &(w, _) in &adj.links[v] {
                if self.dist[w] == usize::MAX {
                    self.dist[w] = self.dist[v] + 1;
                    self.queue.push_back(w);
                }
                // Parallel relations give one predecessor, not several.
                if self.dist[w] == self.dist[v] + 1 && !self.preds[w].contains(&v) {
                    self.sigma[w] += self.sigma[v];
                    self.preds[w].push(v);
                }
            }
        }
        while let Some(w) = self.stack.pop() {
            for i in 0..self.preds[w].len() {
                let v = self.preds[w][i];
                self.delta[v] += self.sigma[v] / self.sigma[w] * (1.0 + self.delta[w]);
            }
            if w != s {
                sum[w] += self.delta[w];
            }
            // Reset for the next source.
            self.preds[w].clear();
            self.sigma[w] = 0.0;
            self.dist[w] = usize::MAX;
            self.delta[w] = 0.0;
        }
    }
}

/// A path through the map: entities in order, and the relation taken between each two.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    pub entities: Vec<usize>,
    pub relations: Vec<usize>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::bundled_map;

    fn ids(doc: &Document, path: &Path) -> Vec<String> {
        path.entities
            .iter()
            .map(|&i| doc.entities[i].id.to_string())
            .collect()
    }

    #[test]
    fn anas_haqqani_reaches_bin_laden_through_his_father() {
        let doc = bundled_map().unwrap();
        let adj = Adjacency::of(&doc);
        let from = doc.entity_index("anas-haqqani").unwrap();
        let to = doc.entity_index("osama-bin-laden").unwrap();
        let path = adj.shortest_path(from, to).unwrap();
        assert_eq!(
            ids(&doc, &path),
            ["anas-haqqani", "jalaluddin-haqqani", "osama-bin-laden"]
        );
        assert_eq!(
            doc.relations[path.relations[0]].id.as_str(),
            "anas-child-of-jalaluddin"
        );
    }

    #[test]
    fn ignoring_contested_relations_changes_the_route_to_al_qaeda() {
        let doc = bundled_map().unwrap();
        let from = doc.entity_index("anas-haqqani").unwrap();
        let to = doc.entity_index("al-qaeda").unwrap();
        let all = Adjacency::of(&doc).shortest_path(from, to).unwrap();
        assert_eq!(
            ids(&doc, &all),
            ["anas-haqqani", "haqqani-network", "al-qaeda"]
        );
        assert!(doc.relations[all.relations[0]].is_contested());

        let uncontested = Adjacency::new(&doc, |r| !doc.relations[r].is_contested());
        let path = uncontested.shortest_path(from, to).unwrap();
        assert!(
            path.relations
                .iter()
                .all(|&r| !doc.relations[r].is_contested())
        );
        assert_eq!(
            ids(&doc, &path),
            [
                "anas-haqqani",
                "jalaluddin-haqqani",
                "haqqani-network",
                "al-qaeda"
            ]
        );
    }

    #[test]
    fn degrees_components_and_neighbourhoods_of_the_bundled_map() {
        let doc = bundled_map().unwrap();
        let adj = Adjacency::of(&doc);
        let anas = doc.entity_index("anas-haqqani").unwrap();
        assert_eq!(adj.degree()[anas], 17);
        let (_, count) = adj.components();
        assert_eq!(count, 2, "John Kirby and the Pentagon stand apart");
        let near = adj.neighbourhood(&[doc.entity_index("john-kirby").unwrap()], 3);
        assert_eq!(near.iter().filter(|&&b| b).count(), 2);
        let one_hop = adj.neighbourhood(&[anas], 1);
        assert_eq!(
            one_hop.iter().filter(|&&b| b).count(),
            1 + 16,
            "17 relations to 16 others"
        );
    }

    #[test]
    fn betweenness_from_every_source_is_exact_and_a_sample_is_scaled_up() {
        let doc = bundled_map().unwrap();
        let adj = Adjacency::of(&doc);
        let exact = adj.betweenness();
        let all: Vec<usize> = (0..adj.len()).collect();
        let again = adj.betweenness_from(&all, &|| false).unwrap();
        for (a, b) in exact.iter().zip(&again) {
            assert!((a - b).abs() < 1e-12);
        }
        // Half the sources, each counted twice: the same total.
        let half: Vec<usize> = (0..adj.len()).step_by(2).collect();
        let estimate = adj.betweenness_from(&half, &|| false).unwrap();
        let (sum_exact, sum_estimate): (f64, f64) = (exact.iter().sum(), estimate.iter().sum());
        assert!(sum_estimate > 0.0);
        assert!((sum_estimate / sum_exact - 1.0).abs() < 0.5);
    }

    #[test]
    fn a_cancelled_betweenness_gives_nothing() {
        let doc = bundled_map().unwrap();
        let adj = Adjacency::of(&doc);
        let all: Vec<usize> = (0..adj.len()).collect();
        assert_eq!(adj.betweenness_from(&all, &|| true), None);
    }

    #[test]
    fn betweenness_matches_hand_computed_values() {
        // A path a - b - c - d: b and c each lie on 2 of the 3 pairs not involving them.
        let doc: Document = crate::io::parse_bytes(
            br#"{"format":"relmap","version":1,
                "entities":[{"id":"a","name":"a","kind":"x"},{"id":"b","name":"b","kind":"x"},
                            {"id":"c","name":"c","kind":"x"},{"id":"d","name":"d","kind":"x"}],
                "relations":[{"id":"1","from":"a","to":"b","kind":"k"},
                             {"id":"2","from":"b","to":"c","kind":"k"},
                             {"id":"3","from":"c","to":"d","kind":"k"}]}"#,
            "test",
        )
        .unwrap();
        let b = Adjacency::of(&doc).betweenness();
        let expect = [0.0, 2.0 / 3.0, 2.0 / 3.0, 0.0];
        for (got, want) in b.iter().zip(expect) {
            assert!((got - want).abs() < 1e-9, "{b:?}");
        }
    }

    #[test]
    fn the_hubs_of_the_bundled_map_are_the_most_between() {
        let doc = bundled_map().unwrap();
        let b = Adjacency::of(&doc).betweenness();
        let best = (0..b.len()).max_by(|&i, &j| b[i].total_cmp(&b[j])).unwrap();
        assert_eq!(doc.entities[best].id.as_str(), "anas-haqqani");
        assert!(b.iter().all(|v| (0.0..=1.0).contains(v)));
    }
}
