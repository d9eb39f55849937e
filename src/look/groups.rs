//! How groups are drawn, for every painter: a frame round an unfolded group's members (an
//! outer group's frame round its inner ones), and a folded group as one node at its members'
//! centre, with one line to each other end its members' relations reach, counted.

use std::collections::BTreeMap;

use crate::model::{Document, parse_hex_color};

/// Room between a frame and what it holds, in canvas units.
pub const FRAME_PAD: f32 = 14.0;
/// The band at a frame's top that holds its name.
pub const FRAME_TITLE: f32 = 16.0;
/// Room under a frame's lowest members for their names, which hang below them.
pub const FRAME_NAMES: f32 = 16.0;
/// A folded group's half-width, in canvas units.
pub const FOLDED_HALF: f32 = 22.0;
/// A frame's colour when its group has none.
pub const DEFAULT_COLOR: [u8; 3] = [0x5b, 0x6b, 0x86];

/// One end of a folded group's line: an entity shown as itself, or a folded group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum End {
    Entity(usize),
    Group(usize),
}

/// The relations drawn as one line because an end of each is folded away.
#[derive(Debug, Clone, PartialEq)]
pub struct FoldedLink {
    pub a: End,
    pub b: End,
    /// The relations it stands for, by index.
    pub relations: Vec<usize>,
}

/// A map's groups, as indices, ready to draw at any positions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Groups {
    /// Per group (by index in `doc.groups`): its name, colour, depth, direct members and the
    /// groups directly inside it.
    pub names: Vec<String>,
    pub colors: Vec<[u8; 3]>,
    pub depths: Vec<usize>,
    pub members: Vec<Vec<usize>>,
    pub children: Vec<Vec<usize>>,
    /// Every member, at any depth, per group.
    pub all_members: Vec<Vec<usize>>,
    /// The folded group each entity is hidden in, by entity index.
    pub folded_into: Vec<Option<usize>>,
    /// The groups drawn folded (not inside another folded group).
    pub folded: Vec<usize>,
    pub links: Vec<FoldedLink>,
}

/// A frame to draw round an unfolded group, in canvas units.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub group: usize,
    pub min: [f32; 2],
    pub max: [f32; 2],
}

impl Groups {
    pub fn of(doc: &Document) -> Self {
        let n = doc.groups.len();
        if n == 0 {
            return Self::default();
        }
        let index = doc.entity_indices();
        let group_index: std::collections::HashMap<&str, usize> = doc
            .groups
            .iter()
            .enumerate()
            .map(|(i, g)| (g.id.as_str(), i))
            .collect();
        let mut children = vec![Vec::new(); n];
        for (i, g) in doc.groups.iter().enumerate() {
            if let Some(&p) = g.parent.as_ref().and_then(|p| group_index.get(p.as_str())) {
                children[p].push(i);
            }
        }
        let folded_into = doc.folded_into();
        let mut folded: Vec<usize> = folded_into.iter().flatten().copied().collect();
        folded.sort_unstable();
        folded.dedup();
        let ends = doc.relation_ends();
        let mut links: BTreeMap<(End, End), Vec<usize>> = BTreeMap::new();
        for (r, ends) in ends.iter().enumerate() {
            let Some((a, b)) = *ends else { continue };
            let end = |i: usize| folded_into[i].map_or(End::Entity(i), End::Group);
            let (ea, eb) = (end(a), end(b));
            if ea == eb || (folded_into[a].is_none() && folded_into[b].is_none()) {
                continue;
            }
            links.entry((ea.min(eb), ea.max(eb))).or_default().push(r);
        }
        Self {
            names: doc.groups.iter().map(|g| g.name.clone()).collect(),
            colors: doc
                .groups
                .iter()
                .map(|g| {
                    g.color
                        .as_deref()
                        .and_then(parse_hex_color)
                        .unwrap_or(DEFAULT_COLOR)
                })
                .collect(),
            depths: doc
                .groups
                .iter()
                .map(|g| doc.group_depth(g.id.as_str()))
                .collect(),
            members: doc
                .groups
                .iter()
                .map(|g| {
                    g.members
                        .iter()
                        .filter_map(|m| index.get(m.as_str()).copied())
                        .collect()
                })
                .collect(),
            all_members: doc
                .groups
                .iter()
                .map(|g| {
                    doc.group_members(g.id.as_str())
                        .iter()
                        .filter_map(|m| index.get(m.as_str()).copied())
                        .collect()
                })
                .collect(),
            children,
            folded_into,
            folded,
            links: links
                .into_iter()
                .map(|((a, b), relations)| FoldedLink { a, b, relations })
                .collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Where a folded group is drawn: its members' centre.
    pub fn folded_centre(&self, group: usize, positions: &[[f32; 2]]) -> Option<[f32; 2]> {
        let members = self.all_members.get(group)?;
        let (mut x, mut y, mut n) = (0.0, 0.0, 0.0);
        for &m in members {
            if let Some(p) = positions.get(m) {
                x += p[0];
                y += p[1];
                n += 1.0;
            }
        }
        (n > 0.0).then(|| [x / n, y / n])
    }

    /// Where end `end` of a folded line is.
    pub fn end_at(&self, end: End, positions: &[[f32; 2]]) -> Option<[f32; 2]> {
        match end {
            End::Entity(i) => positions.get(i).copied(),
            End::Group(g) => self.folded_centre(g, positions),
        }
    }

    /// The frames of the groups shown unfolded, outermost first (so inner ones draw over
    /// them). `radius` is an entity's radius; `shown` whether it is drawn at all.
    pub fn frames(
        &self,
        positions: &[[f32; 2]],
        radius: &dyn Fn(usize) -> f32,
        shown: &dyn Fn(usize) -> bool,
    ) -> Vec<Frame> {
        let mut out: Vec<Option<Frame>> = vec![None; self.names.len()];
        // Deepest first, so a parent's frame takes in its children's.
        let mut order: Vec<usize> = (0..self.names.len()).collect();
        order.sort_by_key(|&g| std::cmp::Reverse(self.depths[g]));
        for g in order {
            if self.folded.contains(&g) || self.inside_fold(g) {
                continue;
            }
            let mut min = [f32::MAX; 2];
            let mut max = [f32::MIN; 2];
            for &m in &self.members[g] {
                if !shown(m) {
                    continue;
                }
                let Some(p) = positions.get(m) else { continue };
                let r = radius(m);
                min = [min[0].min(p[0] - r), min[1].min(p[1] - r)];
                max = [max[0].max(p[0] + r), max[1].max(p[1] + r)];
            }
            for &c in &self.children[g] {
                let inner = out[c].as_ref().map(|f| (f.min, f.max)).or_else(|| {
                    let p = self.folded_centre(c, positions)?;
                    Some((
                        [p[0] - FOLDED_HALF, p[1] - FOLDED_HALF],
                        [p[0] + FOLDED_HALF, p[1] + FOLDED_HALF],
                    ))
                });
                if let Some((a, b)) = inner {
                    min = [min[0].min(a[0]), min[1].min(a[1])];
                    max = [max[0].max(b[0]), max[1].max(b[1])];
                }
            }
            if min[0] > max[0] {
                continue;
            }
            out[g] = Some(Frame {
                group: g,
                min: [min[0] - FRAME_PAD, min[1] - FRAME_PAD - FRAME_TITLE],
                max: [max[0] + FRAME_PAD, max[1] + FRAME_PAD + FRAME_NAMES],
            });
        }
        let mut frames: Vec<Frame> = out.into_iter().flatten().collect();
        frames.sort_by_key(|f| self.depths[f.group]);
        frames
    }

    /// Whether group `g` sits inside a folded group.
    fn inside_fold(&self, g: usize) -> bool {
        self.folded.iter().any(|&f| f != g && self.holds(f, g))
    }

    /// Whether group `outer` holds group `inner` at any depth.
    fn holds(&self, outer: usize, inner: usize) -> bool {
        self.children[outer]
            .iter()
            .any(|&c| c == inner || self.holds(c, inner))
    }

    /// The folded group drawn under canvas point `p`, if any.
    pub fn folded_at(&self, p: [f32; 2], positions: &[[f32; 2]]) -> Option<usize> {
        self.folded.iter().copied().find(|&g| {
            self.folded_centre(g, positions).is_some_and(|c| {
                (p[0] - c[0]).abs() <= FOLDED_HALF && (p[1] - c[1]).abs() <= FOLDED_HALF
            })
        })
    }

    /// Extra springs for the layouts, so a group's members stay together: each group's
    /// members, at any depth, joined in a ring (a ring of n springs holds them as well as the
    /// n² pairs would, and costs as little as n relations). Each pair once.
    pub fn pull_links(&self) -> Vec<(usize, usize)> {
        let mut links = Vec::new();
        for members in &self.all_members {
            match members.len() {
                0 | 1 => {}
                2 => links.push((members[0], members[1])),
                n => links.extend((0..n).map(|i| (members[i], members[(i + 1) % n]))),
            }
        }
        links.sort_unstable();
        links.dedup();
        links
    }

    /// What a folded group says under its box: how many it holds.
    pub fn folded_caption(&self, g: usize) -> String {
        let n = self.all_members.get(g).map_or(0, Vec::len);
        format!("{} ({n})", self.names.get(g).map_or("", String::as_str))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Entity, EntityId, Group, GroupId, Relation, RelationId};

    fn doc() -> Document {
        let mut d = Document::default();
        for id in ["a", "b", "c", "x"] {
            d.entities
                .push(Entity::new(EntityId::new(id), id, "person"));
        }
        for (i, (f, t)) in [("a", "x"), ("b", "x"), ("c", "x"), ("a", "b")]
            .into_iter()
            .enumerate()
        {
            d.relations.push(Relation {
                id: RelationId::new(format!("r{i}")),
                from: EntityId::new(f),
                to: EntityId::new(t),
                kind: "knows".into(),
                label: String::new(),
                directed: true,
                period: None,
                claims: Vec::new(),
                attributes: Default::default(),
                extra: Default::default(),
            });
        }
        let mut g = Group::new(
            GroupId::new("g"),
            "Cell",
            vec![EntityId::new("a"), EntityId::new("b")],
        );
        g.folded = true;
        let mut inner = Group::new(GroupId::new("h"), "Inner", vec![EntityId::new("c")]);
        inner.parent = Some(GroupId::new("g"));
        d.groups = vec![g, inner];
        d
    }

    #[test]
    fn a_folded_group_draws_one_counted_line_per_other_end() {
        let groups = Groups::of(&doc());
        assert_eq!(groups.folded, vec![0]);
        assert_eq!(groups.links.len(), 1, "{:?}", groups.links);
        assert_eq!(groups.links[0].relations, vec![0, 1, 2]);
        assert_eq!(groups.folded_caption(0), "Cell (3)");
        let positions = [[0.0, 0.0], [30.0, 0.0], [60.0, 0.0], [200.0, 0.0]];
        assert_eq!(groups.folded_centre(0, &positions), Some([30.0, 0.0]));
        assert!(groups.frames(&positions, &|_| 10.0, &|_| true).is_empty());
        assert_eq!(groups.folded_at([35.0, 5.0], &positions), Some(0));
    }

    #[test]
    fn an_outer_frame_holds_its_inner_frames() {
        let mut d = doc();
        d.groups[0].folded = false;
        let groups = Groups::of(&d);
        let positions = [[0.0, 0.0], [30.0, 0.0], [60.0, 0.0], [200.0, 0.0]];
        let frames = groups.frames(&positions, &|_| 10.0, &|_| true);
        assert_eq!(frames.len(), 2);
        let (outer, inner) = (&frames[0], &frames[1]);
        assert_eq!((outer.group, inner.group), (0, 1));
        assert!(outer.max[0] > inner.max[0] && outer.min[1] < inner.min[1]);
        assert!(groups.links.is_empty());
    }
}
