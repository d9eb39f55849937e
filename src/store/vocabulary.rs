//! What the case's names are made of, and a query's words set against it: the words and
//! trigrams import, apply and the migrations count ([`Tally`]), and each word of a query with
//! the case's words one edit from it ([`corrections`]), which search reads names by.

use std::collections::{HashMap, HashSet};

use super::Result;
use super::engine::{Counted, Engine, Probe, Tx};

/// The most entities the step reading names by one word expects to read, shared among the
/// query's words.
const WORD_BUDGET: i64 = 6_000;

/// The key of `trigram_counts` that counts the entities themselves (no trigram is empty).
pub(crate) const ENTITIES_KEY: &str = "";
/// A trigram or word in more than one name in this many (and at least [`MIN_COMMON`]) is
/// common: two common trigrams of one query are often of one common word ("Holdings"), in
/// tens of thousands of names together.
pub(crate) const COMMON: i64 = 50;
pub(crate) const MIN_COMMON: i64 = 2_000;

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

/// The query's words and, for each, the words of the case one edit away or the same, with
/// how many entities hold each.
pub(crate) struct Corrections {
    /// For each word of the query of three letters or more: the case's words it may be.
    per_word: Vec<Vec<(String, i64)>>,
    /// Every word any query word may be, for the first cut.
    all: HashMap<String, usize>,
    /// The query's words of one or two letters, which are matched only as they are.
    short: Vec<String>,
    /// A word in more entities than this is common.
    common: i64,
}

impl Corrections {
    /// How many of the query's words a candidate's best line holds, as they are or corrected.
    pub(crate) fn held(&self, search: &str) -> usize {
        search
            .lines()
            .map(|line| {
                let mut got: HashSet<usize> = HashSet::new();
                let mut short = 0;
                for w in words(line) {
                    if let Some(&i) = self.all.get(&w) {
                        got.insert(i);
                    } else if self.short.contains(&w) {
                        short += 1;
                    }
                }
                got.len() + short.min(self.short.len())
            })
            .max()
            .unwrap_or(0)
    }

    /// Names holding the corrections of two of the query's words: for each pair of words, a
    /// probe of two groups. Words too common to narrow anything down ("holdings") are left
    /// out when two rarer words remain, as the first cut and the ranking weigh them anyway.
    pub(crate) fn pairs(&self) -> Vec<Probe> {
        let group = |rare: bool| -> Vec<Vec<String>> {
            self.per_word
                .iter()
                .map(|fixes| {
                    fixes
                        .iter()
                        .filter(|(_, n)| !rare || *n <= self.common)
                        .map(|(w, _)| w.clone())
                        .collect::<Vec<_>>()
                })
                .filter(|g| !g.is_empty())
                .collect()
        };
        // With one rare word ("vea trading"), its corrections with the common words: read
        // through the index, that is still a few names.
        let mut groups = group(true);
        if groups.len() == 1 {
            groups = group(false);
        }
        let mut out = Vec::new();
        for (i, a) in groups.iter().enumerate() {
            for b in &groups[i + 1..] {
                out.push(vec![a.clone(), b.clone()]);
            }
        }
        out
    }

    /// Names holding one of the query's words or its corrections: for each word its share of
    /// the budget, spent on the word itself first and then on the likeliest corrections (the
    /// commonest words, as spelling correctors rank them), leaving out any too common to read
    /// within the share.
    pub(crate) fn singles(&self) -> Vec<Probe> {
        let share = WORD_BUDGET / self.per_word.len().max(1) as i64;
        let mut group: Vec<String> = Vec::new();
        for fixes in &self.per_word {
            let mut spent = 0;
            for (w, n) in fixes {
                if spent + n > share {
                    continue;
                }
                spent += n;
                if !group.contains(w) {
                    group.push(w.clone());
                }
            }
        }
        if group.is_empty() {
            Vec::new()
        } else {
            vec![vec![group]]
        }
    }
}

/// Looks the query's words and their one-edit variants up in the case's vocabulary.
/// The stored counts of the entities (key "") and of every trigram (`t:` before it) and word
/// (`w:`) of `names`, in that order; a count not stored is 0.
pub(crate) fn counts_of(
    engine: &mut dyn Engine,
    case: i64,
    names: &[&str],
) -> Result<Vec<(String, i64)>> {
    let text = names.join("\n");
    let mut trigrams = windows(&text);
    trigrams.push(ENTITIES_KEY.to_owned());
    trigrams.sort_unstable();
    trigrams.dedup();
    let words = word_set(&text);
    let mut out = Vec::new();
    for (counted, keys, tag) in [
        (Counted::Trigrams, trigrams, "t:"),
        (Counted::Words, words, "w:"),
    ] {
        let found: HashMap<String, i64> =
            engine.counts(case, counted, &keys)?.into_iter().collect();
        out.extend(
            keys.into_iter()
                .map(|k| (format!("{tag}{k}"), found.get(&k).copied().unwrap_or(0))),
        );
    }
    Ok(out)
}

pub(crate) fn corrections(
    engine: &mut dyn Engine,
    case: i64,
    q: &str,
    entities: i64,
) -> Result<Corrections> {
    let qwords = words(q);
    let (long, short): (Vec<String>, Vec<String>) =
        qwords.into_iter().partition(|w| w.chars().count() >= 3);
    let variants: Vec<Vec<String>> = long.iter().map(|w| one_edit(w)).collect();
    let mut lookup: Vec<String> = variants.iter().flatten().cloned().collect();
    lookup.sort_unstable();
    lookup.dedup();
    let found: HashMap<String, i64> = if lookup.is_empty() {
        HashMap::new()
    } else {
        engine
            .counts(case, Counted::Words, &lookup)?
            .into_iter()
            .collect()
    };
    let mut per_word = Vec::new();
    let mut all = HashMap::new();
    for (i, (word, vs)) in long.iter().zip(&variants).enumerate() {
        let mut fixes: Vec<(String, i64)> = vs
            .iter()
            .filter_map(|v| found.get(v).map(|n| (v.clone(), *n)))
            .collect();
        // The word as it is first, then the commonest.
        fixes.sort_by(|a, b| {
            (b.0 == *word)
                .cmp(&(a.0 == *word))
                .then_with(|| b.1.cmp(&a.1))
                .then_with(|| a.0.cmp(&b.0))
        });
        for (f, _) in &fixes {
            all.entry(f.clone()).or_insert(i);
        }
        per_word.push(fixes);
    }
    Ok(Corrections {
        per_word,
        all,
        short,
        common: (entities / COMMON).max(MIN_COMMON),
    })
}

/// `word` and every string one edit from it of three letters or more: a letter dropped, one
/// added or changed (from the lower-case letters and digits of its script), two neighbours
/// swapped.
fn one_edit(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let alphabet = alphabet_of(&chars);
    let n = chars.len();
    let mut out = vec![word.to_owned()];
    let mut push = |v: Vec<char>| {
        if v.len() >= 3 {
            out.push(v.into_iter().collect());
        }
    };
    for i in 0..n {
        let mut v = chars.clone();
        v.remove(i);
        push(v);
        if i + 1 < n && chars[i] != chars[i + 1] {
            let mut v = chars.clone();
            v.swap(i, i + 1);
            push(v);
        }
        for &c in &alphabet {
            if c != chars[i] {
                let mut v = chars.clone();
                v[i] = c;
                push(v);
            }
        }
    }
    for i in 0..=n {
        for &c in &alphabet {
            let mut v = chars.clone();
            v.insert(i, c);
            push(v);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The letters an edit may bring into a word: a–z and 0–9, the word's own, and for a letter
/// beyond ASCII the lower-case letters of its neighbourhood in Unicode (its script's block:
/// Cyrillic, Greek, Arabic and Latin's accented letters each lie within 64 code points).
fn alphabet_of(chars: &[char]) -> Vec<char> {
    let mut out: Vec<char> = ('a'..='z').chain('0'..='9').collect();
    for &c in chars {
        out.push(c);
        if !c.is_ascii() && c.is_alphabetic() {
            let at = u32::from(c);
            out.extend(
                (at.saturating_sub(64)..=at + 64)
                    .filter_map(char::from_u32)
                    .filter(|x| x.is_alphabetic() && !x.is_uppercase()),
            );
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Counts of trigrams and words over many entities, written to the store in one go: what
/// import, apply and the migrations keep for search.
pub(crate) struct Tally {
    trigrams: HashMap<String, i64>,
    words: HashMap<String, i64>,
    /// What the store's schema has tables for: trigrams from version 2, words from 3.
    keep_trigrams: bool,
    keep_words: bool,
}

impl Tally {
    /// How many keys a tally holds before import writes it (about 20 MB).
    pub(crate) const FLUSH_AT: usize = 200_000;

    pub(crate) fn for_schema(schema: u32) -> Tally {
        Tally {
            trigrams: HashMap::new(),
            words: HashMap::new(),
            keep_trigrams: schema >= 2,
            keep_words: schema >= 3,
        }
    }

    /// Counts an entity's trigrams (its search text); `new` is 1 for an entity new to the
    /// case, which the count of entities takes in.
    pub(crate) fn trigrams_of(&mut self, search: &str, new: i64) {
        if !self.keep_trigrams {
            return;
        }
        for t in windows(search) {
            *self.trigrams.entry(t).or_default() += 1;
        }
        *self.trigrams.entry(ENTITIES_KEY.to_owned()).or_default() += new;
    }

    /// Counts an entity's words, each once.
    pub(crate) fn words_of(&mut self, search: &str) {
        if !self.keep_words {
            return;
        }
        for w in word_set(search) {
            *self.words.entry(w).or_default() += 1;
        }
    }

    /// Counts an entity new to the case: its trigrams, its words, and itself.
    pub(crate) fn added(&mut self, search: &str) {
        self.trigrams_of(search, 1);
        self.words_of(search);
    }

    /// Trades an entity's old name's trigrams and words for its new name's, when they differ.
    pub(crate) fn renamed(&mut self, old: &str, new: &str) {
        if old != new {
            self.removed(old);
            self.added(new);
        }
    }

    /// Takes an entity's trigrams, words and itself out of the counts.
    pub(crate) fn removed(&mut self, search: &str) {
        if self.keep_trigrams {
            for t in windows(search) {
                *self.trigrams.entry(t).or_default() -= 1;
            }
            *self.trigrams.entry(ENTITIES_KEY.to_owned()).or_default() -= 1;
        }
        if self.keep_words {
            for w in word_set(search) {
                *self.words.entry(w).or_default() -= 1;
            }
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.trigrams.len() + self.words.len()
    }

    /// Adds the counts to the store's, in sorted order: two transactions adding to the same
    /// counts then take their locks in the same order, and neither waits on the other for
    /// long.
    pub(crate) fn write(&self, tx: &mut dyn Tx) -> Result<()> {
        let sorted = |m: &HashMap<String, i64>| {
            let mut v: Vec<(String, i64)> = m.iter().map(|(k, n)| (k.clone(), *n)).collect();
            v.sort_unstable();
            v
        };
        if !self.trigrams.is_empty() {
            tx.add_counts(Counted::Trigrams, &sorted(&self.trigrams))?;
        }
        if !self.words.is_empty() {
            tx.add_counts(Counted::Words, &sorted(&self.words))?;
        }
        Ok(())
    }

    pub(crate) fn clear(&mut self) {
        self.trigrams.clear();
        self.words.clear();
    }
}

/// The words of `text`, sorted, each once.
pub(crate) fn word_set(text: &str) -> Vec<String> {
    let mut ws = words(text);
    ws.sort_unstable();
    ws.dedup();
    ws
}

/// The words of `text`: its runs of letters and digits, lower-cased, in order.
pub(crate) fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rename_trades_words_and_an_unchanged_name_counts_nothing() {
        let mut t = Tally::for_schema(3);
        t.renamed("Anas Haqqani", "Anas Haqqani");
        assert_eq!(t.len(), 0, "an edit that kept the name");
        t.renamed("Anas Haqqani", "Anas Haqani");
        assert_eq!(t.words.get("haqqani"), Some(&-1));
        assert_eq!(t.words.get("haqani"), Some(&1));
        assert_eq!(t.words.get("anas"), Some(&0));
        assert_eq!(t.trigrams.get(ENTITIES_KEY), Some(&0));
        t.removed("Anas Haqani");
        assert_eq!(t.trigrams.get(ENTITIES_KEY), Some(&-1));
        // A version 2 store has no word counts to keep.
        let mut old = Tally::for_schema(2);
        old.added("Anas");
        assert!(old.words.is_empty() && !old.trigrams.is_empty());
    }

    #[test]
    fn one_edit_drops_doubles_changes_and_swaps() {
        let v = one_edit("sdha");
        for want in ["sdha", "shda", "sdh", "sdhaa", "sdka", "asdha"] {
            assert!(v.iter().any(|x| x == want), "{want} missing");
        }
        assert!(v.iter().all(|x| x.chars().count() >= 3), "too short");
        // A letter beyond ASCII brings its script's letters.
        let cyr = one_edit("иван");
        assert!(cyr.iter().any(|x| x == "иваны"));
        assert!(cyr.iter().any(|x| x == "ивна"));
    }

    #[test]
    fn words_are_runs_of_letters_and_digits() {
        assert_eq!(words("Al-Qaeda 2nd, ИВАН"), ["al", "qaeda", "2nd", "иван"]);
        assert_eq!(word_set("b a b"), ["a", "b"]);
    }
}
