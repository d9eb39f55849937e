//! Fuzzy search over entity names and aliases, with nucleo's matcher (the one the Helix
//! editor uses): "haqani" finds "Haqqani Network", "sira" finds "Sirajuddin Haqqani".

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use crate::model::Document;

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Index of the entity in the document.
    pub entity: usize,
    pub score: u32,
    /// The alias that matched, when it was an alias rather than the name.
    pub via_alias: Option<String>,
}

/// Entities whose name or an alias matches `query`, best first (ties in document order).
/// An empty query matches nothing.
pub fn search(doc: &Document, query: &str) -> Vec<Hit> {
    if query.trim().is_empty() {
        return Vec::new();
    }
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    let mut score = |text: &str| pattern.score(Utf32Str::new(text, &mut buf), &mut matcher);
    let mut hits: Vec<Hit> = doc
        .entities
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let by_name = score(&e.name).map(|s| (s, None));
            let by_alias = e
                .aliases
                .iter()
                .filter_map(|a| score(a).map(|s| (s, Some(a.clone()))))
                .max_by_key(|(s, _)| *s);
            let (score, via_alias) = match (by_name, by_alias) {
                (Some(n), Some(a)) if a.0 > n.0 => a,
                (Some(n), _) => n,
                (None, Some(a)) => a,
                (None, None) => return None,
            };
            Some(Hit {
                entity: i,
                score,
                via_alias,
            })
        })
        .collect();
    hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.entity.cmp(&b.entity)));
    hits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::bundled_map;

    fn top(doc: &Document, q: &str) -> String {
        search(doc, q)
            .first()
            .map(|h| doc.entities[h.entity].id.to_string())
            .unwrap_or_default()
    }

    #[test]
    fn fuzzy_queries_find_names_and_aliases() {
        let doc = bundled_map().unwrap();
        assert_eq!(top(&doc, "sirajuddin"), "sirajuddin-haqqani");
        assert_eq!(top(&doc, "sira haq"), "sirajuddin-haqqani");
        assert_eq!(top(&doc, "anas"), "anas-haqqani");
        let emirate = search(&doc, "islamic emirate");
        assert_eq!(doc.entities[emirate[0].entity].id.as_str(), "taliban");
        assert_eq!(emirate[0].via_alias.as_deref(), Some("Islamic Emirate"));
        assert!(search(&doc, "").is_empty());
        assert!(search(&doc, "zzzzqqq").is_empty());
    }

    #[test]
    fn typos_with_missing_letters_still_match() {
        let doc = bundled_map().unwrap();
        let hits = search(&doc, "haqani netwrk");
        assert_eq!(doc.entities[hits[0].entity].id.as_str(), "haqqani-network");
    }
}
