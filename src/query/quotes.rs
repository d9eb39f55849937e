//! Checking claims' quotes against their sources' text, and anchoring them.
//!
//! A quote is compared with its source's text after both are normalised the way copying from
//! a web page changes text: runs of white space become one space, and typographic quotes,
//! apostrophes, dashes and the ellipsis become their plain forms. Anything else that differs
//! is a mismatch, reported with the passage of the text nearest to the quote.

use crate::model::{Anchor, Document, Source};

/// What checking one claim's quote found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuoteCheck {
    /// The anchored passage is the quote, letter for letter.
    Exact,
    /// The anchored passage is the quote once white space and typography are normalised.
    Normalised,
    /// The quote is in the text, at `found`, but its anchor is missing or points elsewhere.
    Unanchored { found: Anchor },
    /// The quote is not in the text; `nearest` is the passage most like it.
    Mismatch { nearest: Option<(Anchor, String)> },
    /// The claim's source has no text to check against.
    NoText,
}

impl QuoteCheck {
    /// Whether the quote is verified where its anchor says.
    pub fn is_verified(&self) -> bool {
        matches!(self, QuoteCheck::Exact | QuoteCheck::Normalised)
    }

    /// One line for the user.
    pub fn describe(&self) -> String {
        match self {
            QuoteCheck::Exact => "the quote is in the source, where its anchor says".into(),
            QuoteCheck::Normalised => {
                "the quote is in the source, where its anchor says (spacing or typography differ)"
                    .into()
            }
            QuoteCheck::Unanchored { found } => format!(
                "the quote is in the source at characters {}–{}, but not anchored there",
                found.start, found.end
            ),
            QuoteCheck::Mismatch {
                nearest: Some((at, text)),
            } => format!(
                "the quote is not in the source; the nearest passage (characters {}–{}) reads \"{}\"",
                at.start, at.end, text
            ),
            QuoteCheck::Mismatch { nearest: None } => "the quote is not in the source".into(),
            QuoteCheck::NoText => "the source has no text to check the quote against".into(),
        }
    }
}

/// One claim's check: which relation and claim, and what was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimQuote {
    pub relation: usize,
    pub claim: usize,
    pub check: QuoteCheck,
}

/// Text normalised for comparison, with the character index in the original text of each of
/// its characters (and one past the end).
struct Normalised {
    chars: Vec<char>,
    origin: Vec<usize>,
}

fn plain(c: char) -> Option<char> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '«' | '»' => '"',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        '\u{00A0}' | '\u{2007}' | '\u{202F}' => ' ',
        '\u{00AD}' | '\u{200B}' => return None,
        other => other,
    })
}

fn normalise(text: &str) -> Normalised {
    let mut chars = Vec::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len());
    let mut count = 0;
    let mut pending_space: Option<usize> = None;
    for (i, c) in text.chars().enumerate() {
        count = i + 1;
        if c == '\u{2026}' {
            if let Some(at) = pending_space.take() {
                chars.push(' ');
                origin.push(at);
            }
            for _ in 0..3 {
                chars.push('.');
                origin.push(i);
            }
            continue;
        }
        let Some(c) = plain(c) else { continue };
        if c.is_whitespace() {
            if !chars.is_empty() && pending_space.is_none() {
                pending_space = Some(i);
            }
            continue;
        }
        if let Some(at) = pending_space.take() {
            chars.push(' ');
            origin.push(at);
        }
        chars.push(c);
        origin.push(i);
    }
    origin.push(count);
    Normalised { chars, origin }
}

/// Where `quote` occurs in `text` once both are normalised, as an anchor into `text`; the
/// occurrence nearest `near` when there are several.
pub fn find(quote: &str, text: &str, near: Option<usize>) -> Option<Anchor> {
    find_in(&normalise(text), quote, near)
}

fn find_in(t: &Normalised, quote: &str, near: Option<usize>) -> Option<Anchor> {
    let q = normalise(quote).chars;
    if q.is_empty() {
        return None;
    }
    let mut best: Option<(usize, Anchor)> = None;
    let mut from = 0;
    while let Some(pos) = find_from(&t.chars, &q, from) {
        let start = t.origin[pos];
        // The end is one past the original character of the quote's last character.
        let end = t.origin[pos + q.len() - 1] + 1;
        let distance = near.map_or(0, |n| n.abs_diff(start));
        if best.as_ref().is_none_or(|(d, _)| distance < *d) {
            best = Some((distance, Anchor { start, end }));
        }
        if near.is_none() {
            break;
        }
        from = pos + 1;
    }
    best.map(|(_, a)| a)
}

fn find_from(hay: &[char], needle: &[char], from: usize) -> Option<usize> {
    if needle.len() > hay.len() {
        return None;
    }
    (from..=hay.len() - needle.len()).find(|&i| hay[i..i + needle.len()] == *needle)
}

/// Checks a claim's quote against its source's text and anchor.
pub fn check(quote: &str, anchor: Option<Anchor>, source: &Source) -> QuoteCheck {
    check_in(quote, anchor, source, &normalise(&source.text))
}

/// [`check`], with the source's text normalised once for all its claims.
fn check_in(quote: &str, anchor: Option<Anchor>, source: &Source, t: &Normalised) -> QuoteCheck {
    if source.text.is_empty() {
        return QuoteCheck::NoText;
    }
    if let Some(passage) = anchor.and_then(|a| a.passage(&source.text)) {
        if passage == quote {
            return QuoteCheck::Exact;
        }
        if same_words(&passage, quote) {
            return QuoteCheck::Normalised;
        }
    }
    match find_in(t, quote, anchor.map(|a| a.start)) {
        Some(found) => QuoteCheck::Unanchored { found },
        None => QuoteCheck::Mismatch {
            nearest: nearest(quote, &source.text),
        },
    }
}

/// Every quoted claim whose source the map has, checked.
pub fn check_all(doc: &Document) -> Vec<ClaimQuote> {
    let mut out = Vec::new();
    let mut texts: std::collections::HashMap<&str, Normalised> = std::collections::HashMap::new();
    for (ri, r) in doc.relations.iter().enumerate() {
        for (ci, c) in r.claims.iter().enumerate() {
            if c.quote.trim().is_empty() {
                continue;
            }
            let Some(source) = doc.source(c.source.as_str()) else {
                continue;
            };
            let t = texts
                .entry(source.id.as_str())
                .or_insert_with(|| normalise(&source.text));
            out.push(ClaimQuote {
                relation: ri,
                claim: ci,
                check: check_in(&c.quote, c.anchor, source, t),
            });
        }
    }
    out
}

/// Anchors every quote found in its source's text where its anchor does not already say;
/// returns how many anchors were set or moved. Each source's text is normalised once.
pub fn anchor_all(doc: &mut Document) -> usize {
    let found: Vec<(usize, usize, Anchor)> = check_all(doc)
        .into_iter()
        .filter_map(|c| match c.check {
            QuoteCheck::Unanchored { found } => Some((c.relation, c.claim, found)),
            _ => None,
        })
        .collect();
    for &(r, c, anchor) in &found {
        doc.relations[r].claims[c].anchor = Some(anchor);
    }
    found.len()
}

/// Where each claim citing `source` quotes it: relation index, claim index and the passage
/// (its anchor when verified there, else where the quote is found). Quotes not in the text
/// are left out. The text is normalised once.
pub fn quoted_passages(doc: &Document, source: &Source) -> Vec<(usize, usize, Anchor)> {
    let t = normalise(&source.text);
    let mut out = Vec::new();
    for (ri, r) in doc.relations.iter().enumerate() {
        for (ci, c) in r.claims.iter().enumerate() {
            if c.source != source.id || c.quote.trim().is_empty() {
                continue;
            }
            let verified = |a: Anchor| {
                a.passage(&source.text)
                    .is_some_and(|p| p == c.quote || same_words(&p, &c.quote))
            };
            let at = match c.anchor {
                Some(a) if verified(a) => Some(a),
                _ => find_in(&t, &c.quote, c.anchor.map(|a| a.start)),
            };
            if let Some(a) = at {
                out.push((ri, ci, a));
            }
        }
    }
    out
}

/// Whether two texts are the same once white space and typography are normalised.
fn same_words(a: &str, b: &str) -> bool {
    normalise(a).chars == normalise(b).chars
}

/// The sentence (or pair of sentences) of `text` most like `quote`, by the character trigrams
/// they share.
fn nearest(quote: &str, text: &str) -> Option<(Anchor, String)> {
    use std::collections::HashSet;
    let grams = |s: &[char]| -> HashSet<[char; 3]> {
        s.windows(3)
            .map(|w| [w[0], w[1], w[2]])
            .collect::<HashSet<_>>()
    };
    let q = grams(&normalise(&quote.to_lowercase()).chars);
    if q.is_empty() {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    // Sentences end at . ! ? or a line break.
    let mut bounds = vec![0];
    for (i, c) in chars.iter().enumerate() {
        if matches!(c, '.' | '!' | '?' | '\n') {
            bounds.push(i + 1);
        }
    }
    bounds.push(chars.len());
    bounds.dedup();
    let mut best: Option<(f64, usize, usize)> = None;
    for w in 1..=2 {
        for k in 0..bounds.len().saturating_sub(w) {
            let (s, e) = (bounds[k], bounds[k + w]);
            let piece: String = chars[s..e].iter().collect::<String>().to_lowercase();
            let g = grams(&normalise(&piece).chars);
            if g.is_empty() {
                continue;
            }
            let shared = q.intersection(&g).count() as f64;
            let score = shared / (q.len() + g.len()) as f64 * 2.0;
            if best.is_none_or(|(b, _, _)| score > b) {
                best = Some((score, s, e));
            }
        }
    }
    let (_, s, e) = best?;
    // Trim the white space around the sentence.
    let piece: String = chars[s..e].iter().collect();
    let lead = piece.chars().take_while(|c| c.is_whitespace()).count();
    let trail = piece
        .chars()
        .rev()
        .take_while(|c| c.is_whitespace())
        .count();
    let (start, end) = (s + lead, e.saturating_sub(trail).max(s + lead));
    let passage: String = chars[start..end].iter().collect();
    Some((Anchor { start, end }, passage))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SourceId;

    fn source(text: &str) -> Source {
        Source {
            text: text.into(),
            ..Source::new(SourceId::new("s"), "S")
        }
    }

    const TEXT: &str = "The State Department says otherwise.\n\n“The Americans … wanted to \
                        put pressure on my family,” Anas now says. He smiled.";

    #[test]
    fn an_exact_quote_at_its_anchor_is_exact() {
        let s = source(TEXT);
        let quote = "Anas now says";
        let a = find(quote, TEXT, None).unwrap();
        assert_eq!(a.passage(TEXT).as_deref(), Some(quote));
        assert_eq!(check(quote, Some(a), &s), QuoteCheck::Exact);
    }

    #[test]
    fn spacing_and_typography_are_normalised() {
        let s = source(TEXT);
        let typed = "\"The Americans ... wanted to  put pressure on my family,\"";
        let found = find(typed, TEXT, None).expect("found despite plain quotes and dots");
        assert_eq!(
            found.passage(TEXT).as_deref(),
            Some("“The Americans … wanted to put pressure on my family,”")
        );
        assert_eq!(check(typed, Some(found), &s), QuoteCheck::Normalised);
        assert_eq!(
            check(typed, None, &s),
            QuoteCheck::Unanchored { found },
            "found, and the anchor to set is given"
        );
    }

    #[test]
    fn a_changed_word_is_a_mismatch_with_the_nearest_sentence() {
        let s = source(TEXT);
        let QuoteCheck::Mismatch {
            nearest: Some((at, passage)),
        } = check(
            "The Americans wanted to put pressure on my friends",
            None,
            &s,
        )
        else {
            panic!("a mismatch");
        };
        assert!(passage.contains("put pressure on my family"), "{passage}");
        assert_eq!(at.passage(TEXT).as_deref(), Some(passage.as_str()));
    }

    #[test]
    fn no_text_is_said_and_the_nearest_of_several_is_chosen() {
        assert_eq!(check("x", None, &source("")), QuoteCheck::NoText);
        let text = "one two. one two.";
        assert_eq!(find("one two", text, Some(10)).map(|a| a.start), Some(9));
        assert_eq!(find("one two", text, None).map(|a| a.start), Some(0));
    }
}
