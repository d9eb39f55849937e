//! Finding entities by name: the engine's trigram index gives candidates (pg_trgm in
//! PostgreSQL, FTS5's trigram tokenizer in SQLite), and one ranking here orders them, so both
//! engines give the same answers.
//!
//! The ranking is trigram similarity, as pg_trgm computes it, between the query and each name
//! or alias, or the run of words in it as long as the query (so "Sirajuddin" finds
//! "Sirajuddin Haqqani"); an exact name and a name containing the query rank above the rest.

use super::engine::Engine;
use super::{Result, case_named};

/// One entity found.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub id: String,
    pub name: String,
    pub kind: String,
    /// The name or alias that matched best.
    pub matched: String,
    /// 0 to about 1.5: higher is better.
    pub score: f64,
    /// How many relations the entity has in the case.
    pub relations: u64,
}

/// How many candidates are scored in full, for each hit wanted.
const CANDIDATES_PER_HIT: usize = 20;
const MIN_CANDIDATES: usize = 200;
/// Below this score a candidate is not a match.
const MIN_SCORE: f64 = 0.2;

pub(crate) fn search(
    engine: &mut dyn Engine,
    case: &str,
    query: &str,
    limit: usize,
) -> Result<Vec<Hit>> {
    let case = case_named(engine, case)?;
    let q = normalised(query);
    if q.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    let all = windows(&q);
    let candidates = if all.is_empty() {
        engine.containing(case.id, &q, MAX_CANDIDATES)?
    } else {
        let mut lookup = all.clone();
        lookup.push(ENTITIES_KEY.to_owned());
        let mut counts = engine.trigram_counts(case.id, &lookup)?;
        let entities = counts
            .iter()
            .find(|(t, _)| t == ENTITIES_KEY)
            .map_or(1, |(_, n)| (*n).max(1));
        counts.retain(|(t, _)| t != ENTITIES_KEY);
        let probes = probes(&q, &rarest(counts), entities);
        if probes.is_empty() {
            Vec::new()
        } else {
            engine.candidates(case.id, &probes, MAX_CANDIDATES)?
        }
    };
    let qt = trigrams(&q);
    // A cheap first cut (how much of the query each candidate holds), then the full
    // measure on the best.
    let mut first: Vec<(f64, super::engine::Candidate)> = candidates
        .into_iter()
        .map(|c| (containment(&qt, &c.search), c))
        .collect();
    first.sort_by(|a, b| b.0.total_cmp(&a.0));
    first.truncate(limit.saturating_mul(CANDIDATES_PER_HIT).max(MIN_CANDIDATES));
    let mut hits: Vec<Hit> = first
        .into_iter()
        .filter_map(|(_, c)| {
            let (score, matched) = c
                .search
                .lines()
                .map(|line| (score(&q, &qt, line), line))
                .max_by(|a, b| a.0.total_cmp(&b.0))?;
            (score >= MIN_SCORE).then(|| Hit {
                id: c.id,
                name: c.name,
                kind: c.kind,
                matched: matched.to_owned(),
                score,
                relations: 0,
            })
        })
        .collect();
    hits.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.id.cmp(&b.id))
    });
    hits.truncate(limit);
    let ids: Vec<String> = hits.iter().map(|h| h.id.clone()).collect();
    let counts = engine.relation_counts(case.id, &ids)?;
    for h in &mut hits {
        h.relations = counts
            .iter()
            .find(|(id, _)| *id == h.id)
            .map_or(0, |(_, n)| *n);
    }
    Ok(hits)
}

/// The most candidates read for one query.
const MAX_CANDIDATES: usize = 30_000;
/// How many of the query's rarest trigrams are looked up.
const RARE: usize = 8;

/// The query's rarest trigrams, by how many entities hold each (trigrams no entity holds
/// are left out): a misspelt name still shares some of them with the right one, and fewer
/// other names do.
fn rarest(mut counts: Vec<(String, i64)>) -> Vec<(String, i64)> {
    counts.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    counts.truncate(RARE);
    counts
}

/// The key of `trigram_counts` that counts the entities themselves (no trigram is empty).
pub(crate) const ENTITIES_KEY: &str = "";
/// A trigram in more than one name in this many is common: two common trigrams of one query
/// are often of one common word ("Holdings"), in tens of thousands of names together.
const COMMON: i64 = 50;
const MIN_COMMON: i64 = 2_000;

/// What the engine looks up: pairs of the chosen trigrams, each as the parts a name must hold
/// in that order (one part where the two overlap in the query), leaving out pairs of two
/// common trigrams. A name sharing two
/// of the rarest trigrams with the query is a candidate; one trigram alone is in too many
/// names, and a misspelling (which breaks at most three trigrams an edit) rarely leaves the
/// right name fewer than two. A query with one trigram looks that one up.
fn probes(q: &str, chosen: &[(String, i64)], entities: i64) -> Vec<Vec<String>> {
    let chars: Vec<char> = q.chars().flat_map(char::to_lowercase).collect();
    let mut at: Vec<(usize, &String, i64)> = chosen
        .iter()
        .filter_map(|(t, n)| {
            let t3: Vec<char> = t.chars().collect();
            chars
                .windows(3)
                .position(|w| w == t3.as_slice())
                .map(|i| (i, t, *n))
        })
        .collect();
    at.sort();
    match at.as_slice() {
        [] => return Vec::new(),
        [(_, only, _)] => return vec![vec![(*only).clone()]],
        _ => {}
    }
    // In a small case nothing is common: every candidate can be read.
    let common = |n: i64| n > (entities / COMMON).max(MIN_COMMON);
    let mut out = Vec::new();
    for (x, &(i, a, na)) in at.iter().enumerate() {
        for &(j, b, nb) in &at[x + 1..] {
            if common(na) && common(nb) {
                continue;
            }
            out.push(if j - i < 3 {
                vec![chars[i..j + 3].iter().collect()]
            } else {
                vec![a.clone(), b.clone()]
            });
        }
    }
    if out.is_empty()
        && let [(_, a, _), (_, b, _), ..] = at.as_slice()
    {
        // Only common trigrams: two of them, which is what such a query has.
        out.push(vec![(*a).clone(), (*b).clone()]);
    }
    out
}

/// The runs of three letters or digits in `text` (lower-cased), each once: what the engines'
/// trigram indexes look up, and what `trigram_counts` counts.
pub(crate) fn windows(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
    let mut out: Vec<String> = chars
        .windows(3)
        .filter(|w| w.iter().all(|c| c.is_alphanumeric()))
        .map(|w| w.iter().collect())
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// How much of the query's trigrams the best line of `search` holds.
fn containment(qt: &[Trigram], search: &str) -> f64 {
    search
        .lines()
        .map(|line| {
            let lt = trigrams(line);
            let shared = qt.iter().filter(|t| lt.binary_search(t).is_ok()).count();
            shared as f64 / qt.len().max(1) as f64
        })
        .fold(0.0, f64::max)
}

/// `text` for a LIKE pattern, its wildcards escaped with `\` (the escape both engines are
/// told to use).
pub(crate) fn like_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Lower case, words separated by one space.
pub(crate) fn normalised(text: &str) -> String {
    text.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A trigram, its three characters packed into one number (21 bits each), so a set of them is
/// a sorted `Vec` and two sets meet in one merge.
type Trigram = u64;

/// pg_trgm's trigrams: each word of letters and digits, lower-cased, with two spaces before
/// and one after; sorted, each once.
fn trigrams(text: &str) -> Vec<Trigram> {
    let mut out = Vec::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let (mut a, mut b) = (u64::from(' '), u64::from(' '));
        for c in word.chars().flat_map(char::to_lowercase).chain([' ']) {
            let c = u64::from(c);
            out.push(a << 42 | b << 21 | c);
            (a, b) = (b, c);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// How well `line` matches the query `q` (normalised) with trigrams `qt`.
fn score(q: &str, qt: &[Trigram], line: &str) -> f64 {
    let line = normalised(line);
    let whole = jaccard(qt, &trigrams(&line));
    let words: Vec<&str> = line.split(' ').collect();
    let n = q.split(' ').count().max(1);
    let best_run = if words.len() > n {
        words
            .windows(n)
            .map(|run| jaccard(qt, &trigrams(&run.join(" "))))
            .fold(0.0, f64::max)
    } else {
        whole
    };
    let mut s = whole.max(best_run * 0.95);
    if line == q {
        s += 0.5;
    } else if line.contains(q) {
        s += 0.25;
    }
    s
}

/// |a ∩ b| / |a ∪ b| of two sorted sets.
fn jaccard(a: &[Trigram], b: &[Trigram]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared as f64 / (a.len() + b.len() - shared) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_misspelt_name_scores_above_another_name() {
        let q = normalised("Sirajudin Haqani");
        let qt = trigrams(&q);
        let right = score(&q, &qt, "Sirajuddin Haqqani");
        let wrong = score(&q, &qt, "Jalaluddin Haqqani");
        assert!(right > wrong, "{right} vs {wrong}");
        assert!(right > MIN_SCORE);
    }

    #[test]
    fn one_word_finds_the_name_it_is_in() {
        let q = normalised("sirajuddin");
        let qt = trigrams(&q);
        assert!(score(&q, &qt, "Sirajuddin Haqqani") > 0.9);
        assert!(score(&q, &qt, "Anas Haqqani") < MIN_SCORE);
    }

    #[test]
    fn trigrams_are_pg_trgm_s() {
        let t = trigrams("Cat");
        let pack = |s: &str| {
            let c: Vec<u64> = s.chars().map(u64::from).collect();
            c[0] << 42 | c[1] << 21 | c[2]
        };
        let mut want: Vec<u64> = ["  c", " ca", "cat", "at "]
            .iter()
            .map(|s| pack(s))
            .collect();
        want.sort_unstable();
        assert_eq!(t, want);
        assert!((jaccard(&t, &t) - 1.0).abs() < 1e-9);
    }
}
