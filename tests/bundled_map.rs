//! The bundled Haqqani network map: complete, sourced, and faithful to the seed article.

use relmap::io;
use relmap::model::{Document, Stance};

fn map() -> Document {
    io::bundled_map().expect("the bundled map loads")
}

#[test]
fn every_relation_carries_a_claim_citing_the_article() {
    let doc = map();
    assert_eq!(doc.sources.len(), 1);
    let article = &doc.sources[0];
    assert_eq!(article.publisher.as_deref(), Some("Washington Examiner"));
    assert_eq!(article.author.as_deref(), Some("Jerry Dunleavy"));
    for r in &doc.relations {
        assert!(
            r.claims
                .iter()
                .any(|c| c.source == article.id && !c.quote.is_empty()),
            "relation {} has no quoted claim from the article",
            r.id
        );
    }
}

#[test]
fn every_quote_is_the_articles_own_words() {
    // The seed article sits beside the repository (../shared/seed), as in CI.
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/seed/article.txt");
    let Ok(article) = std::fs::read_to_string(path) else {
        eprintln!("skipped: {path} is not here; CI checks it");
        return;
    };
    for r in &map().relations {
        for c in &r.claims {
            assert!(
                article.contains(&c.quote),
                "relation {}: not in the article: {}",
                r.id,
                c.quote
            );
        }
    }
}

#[test]
fn every_entity_takes_part_in_a_relation() {
    let doc = map();
    for e in &doc.entities {
        assert!(
            doc.relations.iter().any(|r| r.from == e.id || r.to == e.id),
            "{} is not connected",
            e.id
        );
    }
}

#[test]
fn the_central_dispute_is_one_claim_per_party() {
    let doc = map();
    let r = doc.relation("haqqanis-part-of-taliban").unwrap();
    let stance_of = |claimant: &str| {
        r.claims
            .iter()
            .filter(|c| {
                c.claimant
                    .as_ref()
                    .is_some_and(|id| id.as_str() == claimant)
            })
            .map(|c| c.stance)
            .collect::<Vec<_>>()
    };
    assert!(
        stance_of("anas-haqqani")
            .iter()
            .all(|s| *s == Stance::Asserts)
    );
    assert!(!stance_of("anas-haqqani").is_empty());
    assert!(
        stance_of("us-state-department")
            .iter()
            .all(|s| *s == Stance::Denies)
    );
    assert_eq!(stance_of("pentagon"), [Stance::Qualifies]);
    assert!(
        r.claims
            .iter()
            .any(|c| c.quote.contains("We are the Taliban"))
    );
    assert!(
        r.claims
            .iter()
            .any(|c| c.quote.contains("separate entities"))
    );
    assert!(r.claims.iter().any(|c| c.quote.contains("marbling")));
}

#[test]
fn the_articles_dates_are_in_periods() {
    let doc = map();
    let period_from = |id: &str| {
        doc.relation(id)
            .and_then(|r| r.period.as_ref())
            .and_then(|p| p.from.as_ref())
            .map(|d| d.as_str().to_owned())
    };
    assert_eq!(period_from("anas-released").as_deref(), Some("2019-11"));
    assert_eq!(
        period_from("anas-negotiator-doha").as_deref(),
        Some("2019-02")
    );
    assert_eq!(
        period_from("us-designated-haqqanis").as_deref(),
        Some("2012")
    );
    assert_eq!(
        period_from("taliban-threat-2016").as_deref(),
        Some("2016-09")
    );
    assert_eq!(
        period_from("anas-visited-taliban-five").as_deref(),
        Some("2014")
    );
}

#[test]
fn the_article_is_the_sources_text_and_every_quote_is_anchored_in_it() {
    let doc = map();
    let article = &doc.sources[0];
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/seed/article.txt");
    if let Ok(seed) = std::fs::read_to_string(path) {
        assert_eq!(
            article.text, seed,
            "the source carries the seed article, whole"
        );
    }
    let checks = relmap::query::quotes::check_all(&doc);
    assert_eq!(checks.len(), 88, "every quoted claim is checked");
    for c in &checks {
        let r = &doc.relations[c.relation];
        assert!(
            c.check.is_verified(),
            "relation {} claim {}: {}",
            r.id,
            c.claim + 1,
            c.check.describe()
        );
        assert!(r.claims[c.claim].anchor.is_some());
    }
}
