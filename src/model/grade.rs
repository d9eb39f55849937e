//! How far to trust a source and a claim, on the Admiralty (NATO) scale that intelligence
//! practice uses: a source's reliability A–F, a claim's credibility 1–6; and where a claim's
//! quote sits in its source's text.

use serde::{Deserialize, Serialize};

/// A source's reliability, A (completely reliable) to F (cannot be judged).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Reliability {
    A,
    B,
    C,
    D,
    E,
    F,
}

impl Reliability {
    pub const ALL: [Reliability; 6] = [
        Reliability::A,
        Reliability::B,
        Reliability::C,
        Reliability::D,
        Reliability::E,
        Reliability::F,
    ];

    pub fn letter(self) -> &'static str {
        match self {
            Reliability::A => "A",
            Reliability::B => "B",
            Reliability::C => "C",
            Reliability::D => "D",
            Reliability::E => "E",
            Reliability::F => "F",
        }
    }

    /// The grade's meaning on the Admiralty scale.
    pub fn meaning(self) -> &'static str {
        match self {
            Reliability::A => "completely reliable",
            Reliability::B => "usually reliable",
            Reliability::C => "fairly reliable",
            Reliability::D => "not usually reliable",
            Reliability::E => "unreliable",
            Reliability::F => "reliability cannot be judged",
        }
    }
}

/// The lowest and highest credibility grades.
pub const CREDIBILITY: std::ops::RangeInclusive<u8> = 1..=6;

/// A credibility grade's meaning on the Admiralty scale (1: confirmed ... 6: cannot be judged).
pub fn credibility_meaning(grade: u8) -> &'static str {
    match grade {
        1 => "confirmed by other sources",
        2 => "probably true",
        3 => "possibly true",
        4 => "doubtful",
        5 => "improbable",
        6 => "truth cannot be judged",
        _ => "not a credibility grade (1 to 6)",
    }
}

/// Where a quote sits in its source's text: from character `start` to character `end`
/// (Unicode scalar values, end excluded), so it reads the same in every language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    pub start: usize,
    pub end: usize,
}

impl Anchor {
    /// The anchored passage of `text`, if the anchor lies within it.
    pub fn passage(self, text: &str) -> Option<String> {
        if self.start > self.end {
            return None;
        }
        let mut chars = text.char_indices().map(|(i, _)| i).chain([text.len()]);
        let from = chars.nth(self.start)?;
        let to = if self.end == self.start {
            from
        } else {
            chars.nth(self.end - self.start - 1)?
        };
        text.get(from..to).map(str::to_owned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_anchor_reads_characters_not_bytes() {
        let text = "“The Americans … wanted” it";
        let a = Anchor { start: 1, end: 14 };
        assert_eq!(a.passage(text).as_deref(), Some("The Americans"));
        assert_eq!(
            Anchor { start: 0, end: 27 }.passage(text).as_deref(),
            Some(text)
        );
        assert_eq!(
            Anchor { start: 0, end: 28 }.passage(text),
            None,
            "past the end"
        );
        assert_eq!(
            Anchor { start: 3, end: 3 }.passage(text).as_deref(),
            Some("")
        );
    }

    #[test]
    fn grades_order_from_best_to_worst() {
        assert!(Reliability::A < Reliability::B);
        let json = serde_json::to_string(&Reliability::C).unwrap();
        assert_eq!(json, "\"C\"");
    }
}
