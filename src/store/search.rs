//! Finding entities by name: the engine's trigram index gives candidates (pg_trgm in
//! PostgreSQL, FTS5's trigram tokenizer in SQLite), and one ranking here orders them, so both
//! engines give the same answers.
//!
//! The ranking is trigram similarity, as pg_trgm computes it, between the query and each name
//! or alias, or the run of words in it as long as the query (so "Sirajuddin" finds
//! "Sirajuddin Haqqani"); an exact name and a name containing the query rank above the rest.

use std::collections::BTreeSet;

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

/// How many candidates the index is asked for, for each hit wanted: a misspelt name's
/// entity can rank low by the index's own measure and high by ours.
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
    let wanted = limit.saturating_mul(CANDIDATES_PER_HIT).max(MIN_CANDIDATES);
    let candidates = engine.candidates(case.id, &q, wanted)?;
    let qt = trigrams(&q);
    let mut hits: Vec<Hit> = candidates
        .into_iter()
        .filter_map(|c| {
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

/// pg_trgm's trigrams: each word of letters and digits, lower-cased, with two spaces before
/// and one after.
fn trigrams(text: &str) -> BTreeSet<[char; 3]> {
    let mut out = BTreeSet::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let padded: Vec<char> = "  "
            .chars()
            .chain(word.chars().flat_map(char::to_lowercase))
            .chain(" ".chars())
            .collect();
        for w in padded.windows(3) {
            out.insert([w[0], w[1], w[2]]);
        }
    }
    out
}

/// How well `line` matches the query `q` (normalised) with trigrams `qt`.
fn score(q: &str, qt: &BTreeSet<[char; 3]>, line: &str) -> f64 {
    let line = normalised(line);
    let whole = jaccard(qt, &trigrams(&line));
    let words: Vec<&str> = line.split(' ').collect();
    let n = q.split(' ').count().max(1);
    let best_run = words
        .windows(n.min(words.len()).max(1))
        .map(|run| jaccard(qt, &trigrams(&run.join(" "))))
        .fold(0.0, f64::max);
    let mut s = whole.max(best_run * 0.95);
    if line == q {
        s += 0.5;
    } else if line.contains(q) {
        s += 0.25;
    }
    s
}

fn jaccard(a: &BTreeSet<[char; 3]>, b: &BTreeSet<[char; 3]>) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = a.intersection(b).count() as f64;
    shared / ((a.len() + b.len()) as f64 - shared)
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
        let want: BTreeSet<[char; 3]> = [
            [' ', ' ', 'c'],
            [' ', 'c', 'a'],
            ['c', 'a', 't'],
            ['a', 't', ' '],
        ]
        .into_iter()
        .collect();
        assert_eq!(t, want);
        assert!((jaccard(&t, &t) - 1.0).abs() < 1e-9);
    }
}
