//! Where a source's text names the map's entities: every name and alias, found in one pass
//! with an Aho-Corasick automaton (not a search per name), as whole words, the longest name
//! winning where names overlap ("Anas Haqqani" over "Haqqani"). Letter case is ignored for
//! ASCII letters.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::model::Document;

/// Names shorter than this are not looked for: two letters match too much.
const MIN_NAME_CHARS: usize = 3;

/// One place a text names an entity: characters `start` to `end` (end excluded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub entity: usize,
    pub start: usize,
    pub end: usize,
}

/// The automaton for one map's names.
pub struct MentionFinder {
    automaton: Option<AhoCorasick>,
    /// The entity each pattern names.
    owners: Vec<usize>,
}

impl MentionFinder {
    pub fn new(doc: &Document) -> Self {
        let mut patterns: Vec<&str> = Vec::new();
        let mut owners = Vec::new();
        for (i, e) in doc.entities.iter().enumerate() {
            for name in std::iter::once(&e.name).chain(&e.aliases) {
                let name = name.trim();
                if name.chars().count() >= MIN_NAME_CHARS {
                    patterns.push(name);
                    owners.push(i);
                }
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .ok();
        Self { automaton, owners }
    }

    /// Every whole-word mention in `text`, in order.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        let mut out = Vec::new();
        // Byte offsets to character offsets, counted as the matches come, in order.
        let (mut byte, mut chars) = (0, 0);
        let mut to_chars = |b: usize| {
            chars += text.get(byte..b).map_or(0, |s| s.chars().count());
            byte = b;
            chars
        };
        for m in ac.find_iter(text) {
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
            if word(before) || word(after) {
                continue;
            }
            let Some(&entity) = self.owners.get(m.pattern().as_usize()) else {
                continue;
            };
            let start = to_chars(m.start());
            let end = to_chars(m.end());
            out.push(Mention { entity, start, end });
        }
        out
    }
}

/// The sources whose text names one entity, each with how often: (source index, count).
pub type NamedIn = Vec<(usize, usize)>;

/// For each entity, the sources whose text names it and how often, by source index.
pub fn mentions_by_entity(doc: &Document) -> Vec<NamedIn> {
    let finder = MentionFinder::new(doc);
    let mut out = vec![Vec::new(); doc.entities.len()];
    for (si, s) in doc.sources.iter().enumerate() {
        let mut counts = vec![0usize; doc.entities.len()];
        for m in finder.find(&s.text) {
            counts[m.entity] += 1;
        }
        for (e, &n) in counts.iter().enumerate() {
            if n > 0 {
                out[e].push((si, n));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_name_wins_and_only_whole_words_count() {
        let doc = crate::io::bundled_map().unwrap();
        let finder = MentionFinder::new(&doc);
        let text = "Anas Haqqani met the Taliban; the Talibans did not. ANAS HAQQANI spoke.";
        let found: Vec<(String, String)> = finder
            .find(text)
            .iter()
            .map(|m| {
                let passage: String = text.chars().skip(m.start).take(m.end - m.start).collect();
                (doc.entities[m.entity].id.to_string(), passage)
            })
            .collect();
        assert_eq!(
            found,
            [
                ("anas-haqqani".to_owned(), "Anas Haqqani".to_owned()),
                ("taliban".to_owned(), "Taliban".to_owned()),
                ("anas-haqqani".to_owned(), "ANAS HAQQANI".to_owned()),
            ]
        );
    }

    #[test]
    fn offsets_are_characters_after_non_ascii_text() {
        let doc = crate::io::bundled_map().unwrap();
        let finder = MentionFinder::new(&doc);
        let text = "“Deputy emir” … Sirajuddin Haqqani";
        let m = finder.find(text);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].start, 16);
        assert_eq!(m[0].end, 34);
    }

    #[test]
    fn the_bundled_article_names_its_people() {
        let doc = crate::io::bundled_map().unwrap();
        let by_entity = mentions_by_entity(&doc);
        let anas = doc.entity_index("anas-haqqani").unwrap();
        let (source, count) = by_entity[anas][0];
        assert_eq!(source, 0);
        assert!(count >= 5, "Anas is named {count} times");
    }
}
