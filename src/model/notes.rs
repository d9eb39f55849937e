//! Notes: text on the map, with light Markdown (`**bold**`, `*italics*`, `[links](url)`),
//! placed at a point of the canvas or attached to an entity, a relation or a group, which it
//! then moves with. A map without notes writes no `notes` field.

use serde::{Deserialize, Serialize};

use super::{Document, EntityId, Extra, GroupId, Position, RelationId};

/// What a note is attached to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NoteTarget {
    Entity(EntityId),
    Relation(RelationId),
    Group(GroupId),
}

/// A text on the map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    pub id: String,
    pub text: String,
    /// What it is attached to; `None` for a note placed on the canvas.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on: Option<NoteTarget>,
    /// Where its top-left corner is: on the canvas for a free note; from its target (an
    /// entity's centre, a relation's middle, a group's top-right corner) when attached.
    /// Written `position`, as an entity's is.
    #[serde(rename = "position")]
    pub at: Position,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Note {
    /// A free note at `at`.
    pub fn new(id: impl Into<String>, text: impl Into<String>, at: Position) -> Self {
        Self {
            id: id.into(),
            text: text.into(),
            on: None,
            at,
            extra: Extra::new(),
        }
    }
}

impl Document {
    pub fn note(&self, id: &str) -> Option<&Note> {
        self.notes.iter().find(|n| n.id == id)
    }

    /// A note id not yet used.
    pub fn new_note_id(&self) -> String {
        (self.notes.len() + 1..)
            .map(|n| format!("note-{n}"))
            .find(|id| self.note(id).is_none())
            .unwrap_or_default()
    }

    /// Whether what `target` names is in the map: a note whose target is gone (its relation
    /// deleted in another tool, say) is kept, but not drawn, and `relmap check` names it.
    pub fn has_target(&self, target: &NoteTarget) -> bool {
        match target {
            NoteTarget::Entity(id) => self.entity(id.as_str()).is_some(),
            NoteTarget::Relation(id) => self.relation(id.as_str()).is_some(),
            NoteTarget::Group(id) => self.group(id.as_str()).is_some(),
        }
    }
}

/// A piece of a note's text as Markdown marks it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    /// The address of a `[link](url)`.
    pub link: Option<String>,
}

/// A note's text as spans, line breaks kept in their text: `**bold**`, `*italics*` (or
/// `_italics_`), `[text](url)`; an unclosed mark is read as the character it is.
pub fn spans(text: &str) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let (mut bold, mut italic) = (false, false);
    let mut buf = String::new();
    let chars: Vec<char> = text.chars().collect();
    let flush = |out: &mut Vec<Span>, buf: &mut String, bold: bool, italic: bool| {
        if !buf.is_empty() {
            out.push(Span {
                text: std::mem::take(buf),
                bold,
                italic,
                link: None,
            });
        }
    };
    // As in CommonMark, a mark opens only before a non-space, and closes only after one.
    let opens = |at: usize| chars.get(at).is_some_and(|c| !c.is_whitespace());
    let closes = |from: usize, mark: &[char]| -> bool {
        (from..chars.len())
            .any(|j| chars[j..].starts_with(mark) && j > from && !chars[j - 1].is_whitespace())
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '*'
            && chars.get(i + 1) == Some(&'*')
            && (bold || (opens(i + 2) && closes(i + 2, &['*', '*'])))
        {
            flush(&mut out, &mut buf, bold, italic);
            bold = !bold;
            i += 2;
        } else if (c == '*' || c == '_') && (italic || (opens(i + 1) && closes(i + 1, &[c]))) {
            flush(&mut out, &mut buf, bold, italic);
            italic = !italic;
            i += 1;
        } else if c == '['
            && let Some(close) = (i + 1..chars.len()).find(|&j| chars[j] == ']')
            && chars.get(close + 1) == Some(&'(')
            && let Some(end) = (close + 2..chars.len()).find(|&j| chars[j] == ')')
        {
            flush(&mut out, &mut buf, bold, italic);
            out.push(Span {
                text: chars[i + 1..close].iter().collect(),
                bold,
                italic,
                link: Some(chars[close + 2..end].iter().collect()),
            });
            i = end + 1;
        } else {
            buf.push(c);
            i += 1;
        }
    }
    flush(&mut out, &mut buf, bold, italic);
    out
}

/// A note's text without its marks, as a reader sees it.
pub fn plain(text: &str) -> String {
    spans(text).into_iter().map(|s| s.text).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn light_markdown_reads_bold_italics_and_links() {
        let s = spans("**State** says *separate*; see [the article](https://x.test/a).");
        let texts: Vec<(&str, bool, bool)> = s
            .iter()
            .map(|s| (s.text.as_str(), s.bold, s.italic))
            .collect();
        assert_eq!(
            texts,
            [
                ("State", true, false),
                (" says ", false, false),
                ("separate", false, true),
                ("; see ", false, false),
                ("the article", false, false),
                (".", false, false)
            ]
        );
        assert_eq!(s[4].link.as_deref(), Some("https://x.test/a"));
        assert_eq!(
            plain("a * b and 2*3"),
            "a * b and 2*3",
            "unclosed marks are text"
        );
    }
}
