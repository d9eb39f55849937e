//! Groups: a named frame around a set of entities (an organisation's members, a family, a
//! cell), optionally with a kind and a colour. Groups nest through `parent`, and a folded group
//! is drawn as one node in place of its members.
//!
//! An entity belongs directly to at most one group; through nesting it also belongs to that
//! group's parents. A map without groups writes no `groups` field, so it saves as before.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::{Document, EntityId, Extra, GroupId};

/// A named set of entities, drawn as a frame around them or, folded, as one node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub id: GroupId,
    pub name: String,
    /// Free text, like an entity's kind ("organisation", "family").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub kind: String,
    /// The frame's colour, `#rrggbb`; the theme's accent when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    /// The entities directly in this group, in the order they were added.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<EntityId>,
    /// The group this one sits inside.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<GroupId>,
    /// Drawn as one node in place of its members.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub folded: bool,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Group {
    /// A group with an id, a name and its members, unfolded, with no kind, colour or parent.
    pub fn new(id: GroupId, name: impl Into<String>, members: Vec<EntityId>) -> Self {
        Self {
            id,
            name: name.into(),
            kind: String::new(),
            color: None,
            members,
            parent: None,
            folded: false,
            extra: Extra::new(),
        }
    }
}

impl Document {
    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id.as_str() == id)
    }

    /// The group `entity` belongs to directly, if any.
    pub fn group_of(&self, entity: &str) -> Option<&Group> {
        self.groups
            .iter()
            .find(|g| g.members.iter().any(|m| m.as_str() == entity))
    }

    /// Every entity in group `id` and in the groups nested inside it, each once, in the
    /// order groups list them.
    pub fn group_members(&self, id: &str) -> Vec<EntityId> {
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        let mut stack = vec![id.to_owned()];
        let mut visited = HashSet::new();
        while let Some(g) = stack.pop() {
            if !visited.insert(g.clone()) {
                continue;
            }
            let Some(group) = self.group(&g) else {
                continue;
            };
            for m in &group.members {
                if seen.insert(m.clone()) {
                    out.push(m.clone());
                }
            }
            stack.extend(
                self.groups
                    .iter()
                    .filter(|c| c.parent.as_ref().is_some_and(|p| p.as_str() == g))
                    .map(|c| c.id.as_str().to_owned()),
            );
        }
        out
    }

    /// How deep group `id` sits: 0 for a group with no parent.
    pub fn group_depth(&self, id: &str) -> usize {
        let mut depth = 0;
        let mut at = self.group(id);
        while let Some(parent) = at.and_then(|g| g.parent.as_ref()) {
            depth += 1;
            if depth > self.groups.len() {
                break;
            }
            at = self.group(parent.as_str());
        }
        depth
    }

    /// For each entity, by index, the outermost folded group it is hidden in, by index into
    /// `groups`; `None` for an entity shown as itself.
    pub fn folded_into(&self) -> Vec<Option<usize>> {
        let mut out = vec![None; self.entities.len()];
        if !self.groups.iter().any(|g| g.folded) {
            return out;
        }
        let index = self.entity_indices();
        // Outermost first, so an outer fold wins over an inner one.
        let mut folded: Vec<usize> = (0..self.groups.len())
            .filter(|&g| self.groups[g].folded)
            .collect();
        folded.sort_by_key(|&g| self.group_depth(self.groups[g].id.as_str()));
        for g in folded {
            for m in self.group_members(self.groups[g].id.as_str()) {
                if let Some(&i) = index.get(m.as_str())
                    && out[i].is_none()
                {
                    out[i] = Some(g);
                }
            }
        }
        out
    }

    /// A group id not yet used, from `name` ("Group 2" gives `group-2`).
    pub fn new_group_id(&self, name: &str) -> GroupId {
        let slug: String = name
            .chars()
            .map(|c| {
                if c.is_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        let slug = slug
            .split('-')
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        let base = if slug.is_empty() {
            "group".to_owned()
        } else {
            slug
        };
        let mut id = base.clone();
        let mut n = 2;
        while self.group(&id).is_some() {
            id = format!("{base}-{n}");
            n += 1;
        }
        GroupId::new(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Entity, check_groups};

    fn doc() -> Document {
        let mut d = Document::default();
        for id in ["a", "b", "c", "d"] {
            d.entities
                .push(Entity::new(EntityId::new(id), id, "person"));
        }
        let mut outer = Group::new(GroupId::new("g1"), "Outer", vec![EntityId::new("a")]);
        outer.folded = true;
        let mut inner = Group::new(GroupId::new("g2"), "Inner", vec![EntityId::new("b")]);
        inner.parent = Some(GroupId::new("g1"));
        inner.folded = true;
        d.groups = vec![outer, inner];
        d
    }

    #[test]
    fn members_include_nested_groups_and_the_outer_fold_wins() {
        let d = doc();
        assert_eq!(
            d.group_members("g1"),
            vec![EntityId::new("a"), EntityId::new("b")]
        );
        assert_eq!(d.group_depth("g2"), 1);
        assert_eq!(d.folded_into(), vec![Some(0), Some(0), None, None]);
    }

    #[test]
    fn cycles_unknown_members_and_double_membership_are_refused() {
        let mut d = doc();
        d.groups[0].parent = Some(GroupId::new("g2"));
        d.groups[1].members.push(EntityId::new("a"));
        d.groups[1].members.push(EntityId::new("zz"));
        let mut problems = Vec::new();
        check_groups(&mut problems, &d.groups, &|id| d.entity(id).is_some());
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert!(text.iter().any(|p| p.contains("inside itself")), "{text:?}");
        assert!(
            text.iter().any(|p| p.contains("unknown entity \"zz\"")),
            "{text:?}"
        );
        assert!(
            text.iter().any(|p| p.contains("already a member")),
            "{text:?}"
        );
    }
}
