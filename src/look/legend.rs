//! The legend: which keys it shows and their words. The window's sidebar and the figure export
//! both draw these entries, so they say the same thing.

use std::collections::BTreeMap;

use super::marks::{Emphasis, LineLook};
use super::{EntityStyle, entity_style, relation_color};
use crate::model::Document;

/// The radius of a legend key's shape, and the width of a rule's ring key.
pub const KEY_RADIUS: f32 = 6.0;
pub const RING_KEY_WIDTH: f32 = 2.5;
/// How wide an icon is drawn as a rule's key.
pub const ICON_KEY: f32 = 14.0;

/// A kind's key of `radius`, grown by a third when the kind has an icon, so the icon can be
/// told apart.
pub fn kind_key_radius(radius: f32, style: &EntityStyle) -> f32 {
    if style.icon.is_some() {
        radius * 4.0 / 3.0
    } else {
        radius
    }
}

/// The radius of a size rule's key for `k` times the normal size: in proportion, within what
/// a legend line holds.
pub fn size_key_radius(k: f32) -> f32 {
    (4.0 * k).clamp(2.0, 9.0)
}
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

/// A community in the legend when the map is coloured by community: its colour and how many
/// shown entities are in it. Communities past the palette share one entry, "other".
#[derive(Debug, Clone, PartialEq)]
pub struct CommunityKey {
    pub text: String,
    pub count: usize,
    pub color: super::Rgb,
}

/// The communities of the entities `decor` does not hide, largest first; empty unless the map
/// is coloured by community.
pub fn communities(decor: &Decor) -> Vec<CommunityKey> {
    let palette = super::COMMUNITY_PALETTE.len();
    let mut counts = vec![0usize; palette + 1];
    let mut any = false;
    for d in decor.nodes.iter().filter(|d| !d.hidden) {
        if let Some(c) = d.community {
            counts[usize::from(c).min(palette)] += 1;
            any = true;
        }
    }
    if !any {
        return Vec::new();
    }
    counts
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(k, &count)| CommunityKey {
            text: if k < palette {
                format!("community {}", k + 1)
            } else {
                "other communities".to_owned()
            },
            count,
            color: if k < palette {
                super::COMMUNITY_PALETTE[k]
            } else {
                super::OTHER_COMMUNITIES
            },
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

    #[test]
    fn coloured_by_community_the_legend_lists_communities_and_entities_take_their_colours() {
        let doc = crate::io::bundled_map().unwrap();
        let settings = crate::view::ViewSettings {
            community_colours: true,
            ..Default::default()
        };
        let decor = crate::view::decor(&doc, &settings);
        let keys = communities(&decor);
        assert!(keys.len() >= 3, "{keys:?}");
        assert_eq!(
            keys.iter().map(|k| k.count).sum::<usize>(),
            doc.entities.len()
        );
        assert!(
            keys.windows(2).all(|w| w[0].count >= w[1].count),
            "largest first"
        );
        // The US State Department and the Taliban are not in one community.
        let community = |id: &str| decor.nodes[doc.entity_index(id).unwrap()].community;
        assert_ne!(community("us-state-department"), community("taliban"));
        let d = decor.nodes[doc.entity_index("taliban").unwrap()];
        let look = super::super::EntityLook::of([1, 2, 3], d);
        assert_eq!(
            look.fill,
            super::super::community_color(d.community.unwrap())
        );
        // Without it, none.
        assert!(communities(&crate::view::decor(&doc, &Default::default())).is_empty());
    }
}
