//! Finding entities by name, in two stages, and one ranking here over both engines, so both
//! give the same answers.
//!
//! 1. **Words.** Each word of the query is looked up in the case's vocabulary (`word_counts`)
//!    as it is and one edit away: a letter dropped, doubled, changed or two swapped, the
//!    misspellings a name mostly suffers (the variants are generated here, as Norvig's
//!    spelling corrector does; the alphabet is the query's own script). The entities holding
//!    the words found are read through the engine's trigram index (pg_trgm in PostgreSQL,
//!    FTS5's trigram tokenizer in SQLite). A short word can have no trigram left intact by one
//!    edit, which is why trigrams alone miss "Shda" for "sdha".
//! 2. **Trigrams.** When the words give fewer good matches than were asked for (a word two
//!    edits away, a part of a word), the names sharing two of the query's rarest trigrams are
//!    read too.
//!
//! The ranking is the better of two measures between the query and each name or alias, or
//! the run of words in it as long as the query (so "Sirajuddin" finds "Sirajuddin Haqqani"):
//! trigram similarity as pg_trgm computes it, which forgives words in another order, and one
//! less the edit distance (optimal string alignment) over the longer length, which forgives a
//! misspelling in a short word. An exact name and a name containing the query rank above the
//! rest.

use std::collections::HashSet;

use super::engine::{Candidate, Counted, Engine, Match, Probe};
use super::vocabulary::{COMMON, Corrections, ENTITIES_KEY, MIN_COMMON, corrections, windows};
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
/// A good match: a name that shares most of the query.
const GOOD_SCORE: f64 = 0.6;
/// A match this close ends the search: one edit in a name of four letters, two in one of
/// eight (a two-word name one edit away scores about 0.9, two edits away about 0.8).
const CLOSE_SCORE: f64 = 0.75;
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
    let qt = trigrams(&q);
    let entities = engine
        .counts(case.id, Counted::Trigrams, &[ENTITIES_KEY.to_owned()])?
        .first()
        .map_or(1, |(_, n)| (*n).max(1));
    let fixes = corrections(engine, case.id, &q, entities)?;
    // Widest last: names holding two of the query's words (or their corrections), then
    // names holding one, then names sharing two rare trigrams; each step only when those
    // before found no name close to the query and fewer good ones than were asked for.
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut hits = Vec::new();
    for step in 0..3 {
        let found = match step {
            0 => match fixes.pairs() {
                p if p.is_empty() => continue,
                p => engine.candidates(case.id, &p, Match::Words, MAX_CANDIDATES)?,
            },
            1 => match fixes.singles() {
                p if p.is_empty() => continue,
                p => engine.candidates(case.id, &p, Match::Words, MAX_CANDIDATES)?,
            },
            _ => by_trigrams(engine, case.id, &q, entities)?,
        };
        candidates.extend(found.into_iter().filter(|c| seen.insert(c.id.clone())));
        hits = rank(&q, &qt, &fixes, &candidates, limit);
        let good = hits.iter().filter(|h| h.score >= GOOD_SCORE).count();
        if good >= limit || hits.first().is_some_and(|h| h.score >= CLOSE_SCORE) {
            break;
        }
    }
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

/// The best `limit` of the candidates: a cheap first cut (how many of the query's words each
/// holds, as they are or corrected, then how much of the query's trigrams), then the full
/// measure on the best.
fn rank(
    q: &str,
    qt: &[Trigram],
    fixes: &Corrections,
    candidates: &[Candidate],
    limit: usize,
) -> Vec<Hit> {
    let keep = limit.saturating_mul(CANDIDATES_PER_HIT).max(MIN_CANDIDATES);
    let mut first: Vec<((usize, f64), &Candidate)> = candidates
        .iter()
        .map(|c| ((fixes.held(&c.search), 0.0), c))
        .collect();
    first.sort_by_key(|e| std::cmp::Reverse(e.0.0));
    // Trigrams cost more than words: only for the candidates that can still make the cut.
    if let Some(&((floor, _), _)) = first.get(keep.saturating_sub(1)) {
        first.retain(|((held, _), _)| *held >= floor);
    }
    for ((_, contained), c) in &mut first {
        *contained = containment(qt, &c.search);
    }
    first.sort_by(|a, b| b.0.0.cmp(&a.0.0).then_with(|| b.0.1.total_cmp(&a.0.1)));
    first.truncate(keep);
    let mut hits: Vec<Hit> = first
        .into_iter()
        .filter_map(|(_, c)| {
            let (score, matched) = c
                .search
                .lines()
                .map(|line| (score(q, qt, line), line))
                .max_by(|a, b| a.0.total_cmp(&b.0))?;
            (score >= MIN_SCORE).then(|| Hit {
                id: c.id.clone(),
                name: c.name.clone(),
                kind: c.kind.clone(),
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
    hits
}

/// The second stage's candidates: names sharing two of the query's rarest trigrams, or
/// holding the query whole when it is too short for a trigram.
fn by_trigrams(
    engine: &mut dyn Engine,
    case: i64,
    q: &str,
    entities: i64,
) -> Result<Vec<Candidate>> {
    let all = windows(q);
    if all.is_empty() {
        return engine.containing(case, q, MAX_CANDIDATES);
    }
    let counts = engine.counts(case, Counted::Trigrams, &all)?;
    let probes: Vec<Probe> = probes(q, &rarest(counts), entities)
        .into_iter()
        .map(|parts| parts.into_iter().map(|p| vec![p]).collect())
        .collect();
    if probes.is_empty() {
        Ok(Vec::new())
    } else {
        engine.candidates(case, &probes, Match::Within, MAX_CANDIDATES)
    }
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
    let whole = jaccard(qt, &trigrams(&line)).max(edit_similarity(q, &line));
    let words: Vec<&str> = line.split(' ').collect();
    let n = q.split(' ').count().max(1);
    let best_run = if words.len() > n {
        words
            .windows(n)
            .map(|run| {
                let run = run.join(" ");
                jaccard(qt, &trigrams(&run)).max(edit_similarity(q, &run))
            })
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

/// One less the edit distance between `a` and `b` (letters dropped, added, changed or two
/// neighbours swapped: optimal string alignment) over the longer's length.
fn edit_similarity(a: &str, b: &str) -> f64 {
    let longest = a.chars().count().max(b.chars().count());
    if longest == 0 {
        return 0.0;
    }
    1.0 - strsim::osa_distance(a, b) as f64 / longest as f64
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
    fn the_edit_measure_forgives_a_short_word() {
        let q = normalised("vea si trading");
        let qt = trigrams(&q);
        let right = score(&q, &qt, "Veka Si Trading");
        let wrong = score(&q, &qt, "Sisi Veal Trading");
        assert!(right > wrong, "{right} vs {wrong}");
        assert!(right >= CLOSE_SCORE);
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
