//! Gestures on groups, as edits: group a selection, ungroup, fold and unfold, rename.
//!
//! Each builds one [`Edit::SetGroups`] with the map's whole new list of groups, so a gesture
//! is one undo step and its inverse is the list as it was.

use std::collections::BTreeSet;

use super::{Edit, EditError};
use crate::model::{Document, EntityId, Group, GroupId};

/// Puts `members` in a new group called `name`. Members leave the groups they were directly
/// in; when they all came from one group, the new group nests inside it (yEd's and Analyst's
/// Notebook's "group within a group").
pub fn group_entities(
    doc: &Document,
    members: &[EntityId],
    name: &str,
) -> Result<(GroupId, Edit), EditError> {
    let mut chosen: Vec<EntityId> = Vec::new();
    for m in members {
        if doc.entity(m.as_str()).is_none() {
            return Err(EditError::UnknownEntity(m.clone()));
        }
        if !chosen.contains(m) {
            chosen.push(m.clone());
        }
    }
    if chosen.is_empty() {
        return Err(EditError::BadId("a group needs at least one entity".into()));
    }
    let name = name.trim();
    if name.is_empty() {
        return Err(EditError::EmptyName);
    }
    let from: BTreeSet<Option<&GroupId>> = chosen
        .iter()
        .map(|m| doc.group_of(m.as_str()).map(|g| &g.id))
        .collect();
    let parent = match from.into_iter().collect::<Vec<_>>().as_slice() {
        [Some(only)] => Some((*only).clone()),
        _ => None,
    };
    let id = doc.new_group_id(name);
    let mut groups = doc.groups.clone();
    for g in &mut groups {
        g.members.retain(|m| !chosen.contains(m));
    }
    let mut group = Group::new(id.clone(), name, chosen);
    group.parent = parent;
    groups.push(group);
    Ok((id, Edit::SetGroups { groups }))
}

/// Removes group `id`. Its members and the groups inside it move up to its parent, so nothing
/// else changes group.
pub fn ungroup(doc: &Document, id: &GroupId) -> Result<Edit, EditError> {
    let Some(index) = doc.groups.iter().position(|g| g.id == *id) else {
        return Err(unknown_group(id));
    };
    let mut groups = doc.groups.clone();
    let gone = groups.remove(index);
    if let Some(parent) = &gone.parent
        && let Some(p) = groups.iter_mut().find(|g| g.id == *parent)
    {
        p.members.extend(gone.members.iter().cloned());
    }
    for g in &mut groups {
        if g.parent.as_ref() == Some(id) {
            g.parent = gone.parent.clone();
        }
    }
    Ok(Edit::SetGroups { groups })
}

/// Removes each of the groups `ids` as [`ungroup`] does, in one edit.
pub fn ungroup_all(doc: &Document, ids: &[GroupId]) -> Result<Edit, EditError> {
    let mut scratch = doc.clone();
    for id in ids {
        ungroup(&scratch, id)?.apply(&mut scratch)?;
    }
    Ok(Edit::SetGroups {
        groups: scratch.groups,
    })
}

/// Folds (or unfolds) the groups `ids`.
pub fn set_folded(doc: &Document, ids: &[GroupId], folded: bool) -> Result<Edit, EditError> {
    if let Some(missing) = ids.iter().find(|id| doc.group(id.as_str()).is_none()) {
        return Err(unknown_group(missing));
    }
    let mut groups = doc.groups.clone();
    for g in &mut groups {
        if ids.contains(&g.id) {
            g.folded = folded;
        }
    }
    Ok(Edit::SetGroups { groups })
}

/// Replaces group `group.id` with `group` (its name, kind, colour).
pub fn update_group(doc: &Document, group: Group) -> Result<Edit, EditError> {
    let mut groups = doc.groups.clone();
    let Some(slot) = groups.iter_mut().find(|g| g.id == group.id) else {
        return Err(unknown_group(&group.id));
    };
    *slot = group;
    Ok(Edit::SetGroups { groups })
}

/// The groups the entities `selected` are directly in, each once, in the map's order.
pub fn groups_of(doc: &Document, selected: &[EntityId]) -> Vec<GroupId> {
    if doc.groups.is_empty() {
        return Vec::new();
    }
    // A set: the window asks every frame, and Select all on a large map selects thousands.
    let selected: std::collections::HashSet<&EntityId> = selected.iter().collect();
    doc.groups
        .iter()
        .filter(|g| g.members.iter().any(|m| selected.contains(m)))
        .map(|g| g.id.clone())
        .collect()
}

/// The folded groups that hold any of `selected`, at any depth.
pub fn folded_holding(doc: &Document, selected: &[EntityId]) -> Vec<GroupId> {
    if !doc.groups.iter().any(|g| g.folded) {
        return Vec::new();
    }
    let selected: std::collections::HashSet<&EntityId> = selected.iter().collect();
    doc.groups
        .iter()
        .filter(|g| g.folded)
        .filter(|g| {
            doc.group_members(g.id.as_str())
                .iter()
                .any(|m| selected.contains(m))
        })
        .map(|g| g.id.clone())
        .collect()
}

/// Relation kinds that say their source is a member of their target: FollowTheMoney's
/// Membership ("belongs to"), and the well-known kinds.
pub const MEMBERSHIP_KINDS: &[&str] = &[
    "belongs to",
    "member of",
    "part of",
    "affiliate of",
    "works for",
    "employed by",
    "subsidiary of",
];

/// What [`group_by_membership`] made.
#[derive(Debug, Clone, PartialEq)]
pub struct Memberships {
    pub edit: Edit,
    /// How many groups it makes.
    pub groups: usize,
    /// Members left out because they are in a group already (or in one made first).
    pub skipped: usize,
}

/// A group for each entity with two or more members (entities joined to it by a relation
/// of a [`MEMBERSHIP_KINDS`] kind, pointing to it), named after it, holding its members; an
/// entity already in a group, or in one made before, stays where it is. `None` when there is
/// nothing to group.
pub fn group_by_membership(doc: &Document) -> Option<Memberships> {
    let mut by_target: Vec<(EntityId, Vec<EntityId>)> = Vec::new();
    for r in &doc.relations {
        if !r.directed || r.from == r.to || !MEMBERSHIP_KINDS.contains(&r.kind.as_str()) {
            continue;
        }
        match by_target.iter_mut().find(|(t, _)| *t == r.to) {
            Some((_, members)) if !members.contains(&r.from) => members.push(r.from.clone()),
            Some(_) => {}
            None => by_target.push((r.to.clone(), vec![r.from.clone()])),
        }
    }
    let mut scratch = doc.clone();
    let (mut groups, mut skipped) = (0, 0);
    for (target, members) in by_target {
        if members.len() < 2 {
            continue;
        }
        let free: Vec<EntityId> = members
            .iter()
            .filter(|m| scratch.group_of(m.as_str()).is_none())
            .cloned()
            .collect();
        skipped += members.len() - free.len();
        if free.len() < 2 {
            continue;
        }
        let name = format!("{} members", scratch.entity_name(target.as_str()));
        if let Ok((_, edit)) = group_entities(&scratch, &free, &name)
            && edit.apply(&mut scratch).is_ok()
        {
            groups += 1;
        }
    }
    (groups > 0).then(|| Memberships {
        edit: Edit::SetGroups {
            groups: scratch.groups,
        },
        groups,
        skipped,
    })
}

fn unknown_group(id: &GroupId) -> EditError {
    EditError::Invalid(vec![crate::model::Problem::new(
        format!("group \"{id}\""),
        "there is no such group",
    )])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Entity;

    fn doc(ids: &[&str]) -> Document {
        let mut d = Document::default();
        for id in ids {
            d.entities
                .push(Entity::new(EntityId::new(*id), *id, "person"));
        }
        d
    }

    fn ids(list: &[&str]) -> Vec<EntityId> {
        list.iter().map(|s| EntityId::new(*s)).collect()
    }

    #[test]
    fn grouping_inside_a_group_nests_and_ungrouping_moves_members_back_up() {
        let mut d = doc(&["a", "b", "c"]);
        let (outer, edit) = group_entities(&d, &ids(&["a", "b", "c"]), "Family").unwrap();
        edit.apply(&mut d).unwrap();
        let (inner, edit) = group_entities(&d, &ids(&["b", "c"]), "Sons").unwrap();
        edit.apply(&mut d).unwrap();
        assert_eq!(
            d.group(inner.as_str()).unwrap().parent.as_ref(),
            Some(&outer)
        );
        assert_eq!(d.group(outer.as_str()).unwrap().members, ids(&["a"]));
        assert_eq!(d.group_members(outer.as_str()).len(), 3);
        let before = d.clone();
        let undo = ungroup(&d, &inner).unwrap().apply(&mut d).unwrap();
        assert_eq!(
            d.group(outer.as_str()).unwrap().members,
            ids(&["a", "b", "c"])
        );
        undo.apply(&mut d).unwrap();
        assert_eq!(d, before);
    }

    #[test]
    fn memberships_become_groups_named_after_their_organisation() {
        let opened = crate::io::formats::open_file(std::path::Path::new(
            "tests/fixtures/formats/ftm_entities.ijson",
        ))
        .unwrap();
        let mut doc = opened.doc;
        // The fixture's Haqqani Network belongs to the Taliban; one more member makes a group.
        let network = doc
            .relations
            .iter()
            .find(|r| r.kind == "belongs to")
            .cloned()
            .unwrap();
        let other = doc
            .entities
            .iter()
            .find(|e| e.id != network.from && e.id != network.to)
            .unwrap()
            .id
            .clone();
        let mut second = network.clone();
        second.id = crate::model::RelationId::new("second");
        second.from = other.clone();
        doc.relations.push(second);
        let made = group_by_membership(&doc).unwrap();
        assert_eq!((made.groups, made.skipped), (1, 0));
        made.edit.apply(&mut doc).unwrap();
        let g = &doc.groups[0];
        assert_eq!(
            g.name,
            format!("{} members", doc.entity_name(network.to.as_str()))
        );
        assert_eq!(g.members, vec![network.from.clone(), other]);
        assert!(group_by_membership(&doc).is_none(), "nothing left to group");
    }

    #[test]
    fn a_grouped_entity_is_deleted_out_of_its_group_in_the_same_step() {
        let mut d = doc(&["a", "b"]);
        group_entities(&d, &ids(&["a", "b"]), "G")
            .unwrap()
            .1
            .apply(&mut d)
            .unwrap();
        assert!(matches!(
            Edit::RemoveEntity {
                entity: EntityId::new("a")
            }
            .apply(&mut d.clone()),
            Err(EditError::EntityInUse { .. })
        ));
        for e in super::super::ops::delete_entities(&d, &ids(&["a"])) {
            e.apply(&mut d).unwrap();
        }
        assert_eq!(d.groups[0].members, ids(&["b"]));
    }
}
