//! A case's groups and notes. They are kept with the case's map-level fields
//! (`rows::case_meta`), as lists, and a view holds only part of a case: a view's groups list
//! only the members it holds ([`prune`]), and writing a view back keeps the members it did not
//! hold ([`merge`]). Every view holds every note; writing one back keeps the notes it does not
//! have ([`merge_notes`]), so a view opened before a colleague added a note never removes it.

use std::collections::HashSet;

use serde_json::Value;

use crate::model::{EntityId, Group, Note};

/// The meta's field that holds the groups.
pub const FIELD: &str = "groups";

/// The case's groups, read from its meta; none when it has none or they do not read.
pub(crate) fn of_meta(meta: &str) -> Vec<Group> {
    serde_json::from_str::<Value>(meta)
        .ok()
        .and_then(|mut v| v.get_mut(FIELD).map(Value::take))
        .and_then(|g| serde_json::from_value(g).ok())
        .unwrap_or_default()
}

/// The meta without its groups, for a view's map to be read before its groups are pruned.
pub(crate) fn without(meta: &str) -> Option<String> {
    let Ok(Value::Object(mut map)) = serde_json::from_str::<Value>(meta) else {
        return None;
    };
    map.shift_remove(FIELD)?;
    serde_json::to_string(&Value::Object(map)).ok()
}

/// `groups` with only the members `held` says the view holds; every group is kept, so a
/// nested one still finds its parent.
pub(crate) fn prune(mut groups: Vec<Group>, held: &dyn Fn(&str) -> bool) -> Vec<Group> {
    for g in &mut groups {
        g.members.retain(|m| held(m.as_str()));
    }
    groups
}

/// The case's groups after a view is written back, member by member: the view decides for
/// the entities it holds or held (`seen`), the case keeps what it says of the others. A group
/// the view lists is written as the view has it, with the case's members the view never saw;
/// a group it does not list keeps only those members, and goes when none are left (a group
/// with no members at all stays: the view cannot have seen it go). Parents that name a group
/// no longer there are cleared.
pub(crate) fn merge(view: &[Group], case: &[Group], seen: &dyn Fn(&str) -> bool) -> Vec<Group> {
    let mut taken: HashSet<EntityId> = view.iter().flat_map(|g| g.members.clone()).collect();
    let mut out: Vec<Group> = Vec::new();
    for c in case {
        match view.iter().find(|v| v.id == c.id) {
            Some(v) => {
                let mut g = v.clone();
                for m in &c.members {
                    if !seen(m.as_str()) && taken.insert(m.clone()) {
                        g.members.push(m.clone());
                    }
                }
                out.push(g);
            }
            None => {
                let mut g = c.clone();
                g.members
                    .retain(|m| !seen(m.as_str()) && !taken.contains(m));
                if !g.members.is_empty() || c.members.is_empty() {
                    taken.extend(g.members.iter().cloned());
                    out.push(g);
                }
            }
        }
    }
    for v in view {
        if !case.iter().any(|c| c.id == v.id) {
            out.push(v.clone());
        }
    }
    let ids: HashSet<_> = out.iter().map(|g| g.id.clone()).collect();
    for g in &mut out {
        if g.parent.as_ref().is_some_and(|p| !ids.contains(p)) {
            g.parent = None;
        }
    }
    out
}

/// The case's notes, read from its meta.
pub(crate) fn notes_of_meta(meta: &str) -> Vec<Note> {
    serde_json::from_str::<Value>(meta)
        .ok()
        .and_then(|mut v| v.get_mut("notes").map(Value::take))
        .and_then(|n| serde_json::from_value(n).ok())
        .unwrap_or_default()
}

/// The case's notes after a view is written back: the view's, then the case's it lacks.
pub(crate) fn merge_notes(view: &[Note], case: &[Note]) -> Vec<Note> {
    let mut out = view.to_vec();
    out.extend(
        case.iter()
            .filter(|c| !view.iter().any(|v| v.id == c.id))
            .cloned(),
    );
    out
}

/// Takes a pull's notes into a view's: those it does not have.
pub fn take_pulled_notes(view: &mut Vec<Note>, pulled: Vec<Note>) {
    for n in pulled {
        if !view.iter().any(|v| v.id == n.id) {
            view.push(n);
        }
    }
}

/// Takes a pull's groups into a view's: a group new to the view comes with the members the
/// view holds; a group it has gains the pulled members it holds that are in no group of it.
pub fn take_pulled(view: &mut Vec<Group>, pulled: Vec<Group>, held: &dyn Fn(&str) -> bool) {
    let mut taken: HashSet<EntityId> = view.iter().flat_map(|g| g.members.clone()).collect();
    for p in pulled {
        let members: Vec<EntityId> = p
            .members
            .iter()
            .filter(|m| held(m.as_str()) && !taken.contains(*m))
            .cloned()
            .collect();
        taken.extend(members.iter().cloned());
        match view.iter_mut().find(|g| g.id == p.id) {
            Some(g) => g.members.extend(members),
            None => view.push(Group { members, ..p }),
        }
    }
    let ids: HashSet<_> = view.iter().map(|g| g.id.clone()).collect();
    for g in view.iter_mut() {
        if g.parent.as_ref().is_some_and(|p| !ids.contains(p)) {
            g.parent = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::GroupId;

    fn ids(list: &[&str]) -> Vec<EntityId> {
        list.iter().map(|s| EntityId::new(*s)).collect()
    }

    #[test]
    fn a_view_lists_the_members_it_holds_and_writing_back_keeps_the_rest() {
        let case = vec![Group::new(GroupId::new("g"), "G", ids(&["a", "b", "c"]))];
        let view = prune(case.clone(), &|id| id != "c");
        assert_eq!(view[0].members, ids(&["a", "b"]));
        // The view took b out of the group; c, which it never held, stays in.
        let mut edited = view.clone();
        edited[0].members = ids(&["a"]);
        let merged = merge(&edited, &case, &|id| id != "c");
        assert_eq!(merged[0].members, ids(&["a", "c"]));
        // Ungrouped in the view: only c, which the view never held, is left in it.
        assert_eq!(merge(&[], &case, &|id| id != "c")[0].members, ids(&["c"]));
        assert!(merge(&[], &case, &|_| true).is_empty());
        // A view that held none of its members leaves the group alone.
        assert_eq!(merge(&[], &case, &|_| false), case);
        // A pull brings the group with the members the view holds.
        let mut mine = Vec::new();
        take_pulled(&mut mine, case.clone(), &|id| id == "a");
        assert_eq!(mine[0].members, ids(&["a"]));
    }

    #[test]
    fn groups_live_in_the_meta() {
        let meta = r#"{"title":"t","groups":[{"id":"g","name":"G","members":["a"]}]}"#;
        assert_eq!(of_meta(meta)[0].members, ids(&["a"]));
        assert_eq!(without(meta).as_deref(), Some(r#"{"title":"t"}"#));
        assert_eq!(without(r#"{"title":"t"}"#), None);
    }
}
