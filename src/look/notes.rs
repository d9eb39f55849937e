//! How notes are drawn, for every painter: a note's text wrapped into lines of marked spans
//! (`model::note_spans`), its card's size, and where the card sits: at its point, or from its
//! target (an entity's centre, a relation's middle, a group's frame or folded box), with a
//! leader line back to the target.

use super::groups::{FOLDED_HALF, Groups};
use super::text;
use crate::model::{Document, NoteTarget, Span, note_spans};

/// The widest a note's text runs before it wraps, in canvas units.
pub const NOTE_WIDTH: f32 = 190.0;
/// A note's text size, in canvas units.
pub const NOTE_SIZE: f32 = 11.0;
/// Room between a note's card and its text.
pub const NOTE_PAD: f32 = 6.0;
/// A note's card: pale yellow, as a paper note, in both themes; its border and its ink.
pub const NOTE_PAPER: [u8; 3] = [0xff, 0xf6, 0xc8];
pub const NOTE_BORDER: [u8; 3] = [0xc4, 0xa5, 0x3f];
pub const NOTE_INK: [u8; 3] = [0x33, 0x2e, 0x1f];
/// Where a note attached from the note window first sits, from its target.
pub const NEW_NOTE_OFFSET: [f32; 2] = [24.0, -60.0];

/// A note's text in lines, each a run of spans, and the size of its card.
#[derive(Debug, Clone, PartialEq)]
pub struct Laid {
    pub lines: Vec<Vec<Span>>,
    /// The card's width and height, padding included.
    pub size: [f32; 2],
}

/// Wraps `text` at [`NOTE_WIDTH`], word by word, keeping its line breaks and marks.
pub fn lay_out(text_: &str) -> Laid {
    let mut lines: Vec<Vec<Span>> = vec![Vec::new()];
    let mut width: f32 = 0.0;
    let mut widest: f32 = 0.0;
    for span in note_spans(text_) {
        for (k, paragraph) in span.text.split('\n').enumerate() {
            if k > 0 {
                widest = widest.max(width);
                lines.push(Vec::new());
                width = 0.0;
            }
            for word in paragraph.split_inclusive(' ') {
                let w = text::width(word, NOTE_SIZE) * if span.bold { 1.08 } else { 1.0 };
                if width > 0.0 && width + w > NOTE_WIDTH {
                    widest = widest.max(width);
                    lines.push(Vec::new());
                    width = 0.0;
                }
                width += w;
                let Some(line) = lines.last_mut() else {
                    continue;
                };
                match line.last_mut() {
                    Some(last)
                        if last.bold == span.bold
                            && last.italic == span.italic
                            && last.link == span.link =>
                    {
                        last.text.push_str(word);
                    }
                    _ => line.push(Span {
                        text: word.to_owned(),
                        ..span.clone()
                    }),
                }
            }
        }
    }
    widest = widest.max(width);
    let height = lines.len() as f32 * text::line_height(NOTE_SIZE);
    Laid {
        lines,
        size: [widest.max(24.0) + NOTE_PAD * 2.0, height + NOTE_PAD * 2.0],
    }
}

/// A note where it is drawn, in canvas units.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    /// By index in the map's notes.
    pub note: usize,
    pub min: [f32; 2],
    pub size: [f32; 2],
    /// Where its target is, for the leader line; `None` for a free note.
    pub anchor: Option<[f32; 2]>,
}

impl Placed {
    pub fn max(&self) -> [f32; 2] {
        [self.min[0] + self.size[0], self.min[1] + self.size[1]]
    }

    pub fn contains(&self, p: [f32; 2]) -> bool {
        let max = self.max();
        p[0] >= self.min[0] && p[0] <= max[0] && p[1] >= self.min[1] && p[1] <= max[1]
    }
}

/// Where a note's target is drawn: an entity's centre (its folded group's when folded away),
/// a relation's middle, a group's frame's top-right corner or its folded box. `None` when the
/// target is not in the map or not shown.
pub fn anchor(
    doc: &Document,
    target: &NoteTarget,
    positions: &[[f32; 2]],
    groups: &Groups,
    shown: &dyn Fn(usize) -> bool,
) -> Option<[f32; 2]> {
    let entity = |i: usize| -> Option<[f32; 2]> {
        match groups.folded_into.get(i).copied().flatten() {
            Some(g) => groups.folded_centre(g, positions),
            None => positions.get(i).copied().filter(|_| shown(i)),
        }
    };
    match target {
        NoteTarget::Entity(id) => entity(doc.entity_index(id.as_str())?),
        NoteTarget::Relation(id) => {
            let r = doc.relation(id.as_str())?;
            let a = entity(doc.entity_index(r.from.as_str())?)?;
            let b = entity(doc.entity_index(r.to.as_str())?)?;
            Some([(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0])
        }
        NoteTarget::Group(id) => {
            let g = doc.groups.iter().position(|g| g.id == *id)?;
            if let Some(c) = groups
                .folded
                .contains(&g)
                .then(|| groups.folded_centre(g, positions))
                .flatten()
            {
                return Some([c[0] + FOLDED_HALF, c[1] - FOLDED_HALF]);
            }
            let frames = groups.frames(positions, &|_| super::NODE_RADIUS, shown);
            let f = frames.iter().find(|f| f.group == g)?;
            Some([f.max[0], f.min[1]])
        }
    }
}

/// Every note that shows, laid out and placed.
pub fn place(
    doc: &Document,
    positions: &[[f32; 2]],
    groups: &Groups,
    shown: &dyn Fn(usize) -> bool,
) -> Vec<(Placed, Laid)> {
    doc.notes
        .iter()
        .enumerate()
        .filter_map(|(i, n)| {
            let at = n.at.to_f32();
            let (min, anchor) = match &n.on {
                None => (at, None),
                Some(target) => {
                    let a = anchor(doc, target, positions, groups, shown)?;
                    ([a[0] + at[0], a[1] + at[1]], Some(a))
                }
            };
            let laid = lay_out(&n.text);
            Some((
                Placed {
                    note: i,
                    min,
                    size: laid.size,
                    anchor,
                },
                laid,
            ))
        })
        .collect()
}

/// Where the leader line from a note's card to its anchor starts: the point of the card's
/// edge nearest the anchor.
pub fn leader_start(p: &Placed, anchor: [f32; 2]) -> [f32; 2] {
    let max = p.max();
    [
        anchor[0].clamp(p.min[0], max[0]),
        anchor[1].clamp(p.min[1], max[1]),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Entity, EntityId, Note, Position};

    #[test]
    fn a_long_note_wraps_and_an_attached_one_follows_its_entity() {
        let laid = lay_out(
            "**Disputed.** State says the two are separate; the Pentagon speaks of a marbling.\nSee the article.",
        );
        assert!(laid.lines.len() >= 3, "{laid:?}");
        assert!(laid.size[0] <= NOTE_WIDTH + NOTE_PAD * 2.0 + 1.0);
        assert!(laid.lines[0][0].bold);

        let mut doc = Document::default();
        doc.entities
            .push(Entity::new(EntityId::new("a"), "A", "person"));
        let mut note = Note::new("n1", "hi", Position::new(10.0, -20.0));
        note.on = Some(NoteTarget::Entity(EntityId::new("a")));
        doc.notes.push(note);
        doc.notes
            .push(Note::new("n2", "free", Position::new(5.0, 5.0)));
        let groups = Groups::of(&doc);
        let placed = place(&doc, &[[100.0, 100.0]], &groups, &|_| true);
        assert_eq!(placed[0].0.min, [110.0, 80.0]);
        assert_eq!(placed[0].0.anchor, Some([100.0, 100.0]));
        assert_eq!(placed[1].0.min, [5.0, 5.0]);
        // Hidden entity: its note is not drawn; the free one is.
        assert_eq!(place(&doc, &[[100.0, 100.0]], &groups, &|_| false).len(), 1);
    }
}
