//! The legend: which keys it shows and their words. The window's sidebar and the figure export
//! both draw these entries, so they say the same thing.

use std::collections::BTreeMap;

use super::marks::{Emphasis, LineLook};
use super::{EntityStyle, entity_style, relation_color};
use crate::model::Document;
use crate::view::{Decor, EdgeMark};

/// Where the legend is drawn: some keys are about the window only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Medium {
    Window,
    Figure,
}

/// An entity kind in the legend, with how many entities of it are shown.
#[derive(Debug, Clone, PartialEq)]
pub struct KindKey {
    pub kind: String,
    pub count: usize,
    pub style: EntityStyle,
}

/// What a legend line shows before its words.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Key {
    /// A relation's line; with an arrow head when `arrow`.
    Line { look: LineLook, arrow: bool },
    /// The pin of an entity the layout leaves alone.
    Pin,
}

/// One legend line about relations (or pins).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LegendLine {
    pub text: &'static str,
    pub key: Key,
}

/// The entity kinds of the entities `decor` does not hide, in name order, with their counts.
pub fn kinds(doc: &Document, decor: &Decor) -> Vec<KindKey> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, e) in doc.entities.iter().enumerate() {
        if !decor.nodes.get(i).is_some_and(|d| d.hidden) {
            *counts.entry(e.kind.as_str()).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .map(|(kind, count)| KindKey {
            kind: kind.to_owned(),
            count,
            style: entity_style(&doc.styles, kind),
        })
        .collect()
}

/// The legend's lines about relations: the kinds of line the shown relations are drawn with,
/// and the marks of the lens, the lens comparison and the path that are on the map.
pub fn lines(doc: &Document, decor: &Decor, medium: Medium) -> Vec<LegendLine> {
    let shown: Vec<usize> = (0..doc.relations.len())
        .filter(|&i| !decor.edges.get(i).is_some_and(|d| d.hidden))
        .collect();
    let plain = |mark: EdgeMark, contested: bool| {
        LineLook::of(
            super::RELATION_COLOR,
            contested,
            mark,
            false,
            Emphasis::default(),
        )
    };
    let mut out = Vec::new();
    let any =
        |f: &dyn Fn(&crate::model::Relation) -> bool| shown.iter().any(|&i| f(&doc.relations[i]));
    let kind_colored = |directed: bool| {
        let color = shown
            .iter()
            .map(|&i| &doc.relations[i])
            .find(|r| r.directed == directed)
            .map_or(super::RELATION_COLOR, |r| {
                relation_color(&doc.styles, &r.kind)
            });
        LineLook {
            ink: super::Ink::Color(color),
            ..plain(EdgeMark::None, false)
        }
    };
    if any(&|r| r.directed) {
        out.push(LegendLine {
            text: "directed relation",
            key: Key::Line {
                look: kind_colored(true),
                arrow: true,
            },
        });
    }
    if any(&|r| !r.directed) {
        out.push(LegendLine {
            text: "undirected relation",
            key: Key::Line {
                look: kind_colored(false),
                arrow: false,
            },
        });
    }
    if any(&|r| r.is_contested()) {
        out.push(LegendLine {
            text: "contested: its claims disagree",
            key: Key::Line {
                look: plain(EdgeMark::None, true),
                arrow: false,
            },
        });
    }
    let marks: Vec<EdgeMark> = shown
        .iter()
        .filter_map(|&i| decor.edges.get(i).map(|d| d.mark))
        .collect();
    for (mark, text) in [
        (EdgeMark::Asserted, "the lens asserts it"),
        (EdgeMark::Denied, "the lens denies it (struck)"),
        (EdgeMark::Qualified, "the lens qualifies it"),
        (EdgeMark::Disagreement, "the two lenses disagree"),
        (EdgeMark::Path, "on the path"),
    ] {
        if marks.contains(&mark) {
            out.push(LegendLine {
                text,
                key: Key::Line {
                    look: plain(mark, false),
                    arrow: false,
                },
            });
        }
    }
    if medium == Medium::Window && doc.entities.iter().any(|e| e.pinned) {
        out.push(LegendLine {
            text: "pinned (dragged into place)",
            key: Key::Pin,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_maps_legend_names_its_kinds_and_its_contested_relations() {
        let doc = crate::io::bundled_map().unwrap();
        let decor = Decor::default();
        let kinds = kinds(&doc, &decor);
        assert!(kinds.iter().any(|k| k.kind == "person" && k.count > 3));
        let texts: Vec<&str> = lines(&doc, &decor, Medium::Figure)
            .iter()
            .map(|l| l.text)
            .collect();
        assert!(texts.contains(&"contested: its claims disagree"));
        assert!(!texts.contains(&"the lens asserts it"), "no lens is on");
        assert!(!texts.contains(&"pinned (dragged into place)"));
    }
}
