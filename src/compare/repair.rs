//! What a merge does after merging item by item, so the merged map validates: it puts back
//! what one side deleted and the other still uses (recording each as a conflict), drops what
//! names nothing in any version, clears parents that are gone or circular, and leaves an entity
//! in one group only.

use std::collections::HashSet;

use serde_json::Value;

use super::Kind;
use crate::model::{Conflict, Document, Extra};

/// Item `id` of the first version that has it, and a conflict recording it was put back with
/// what each version holds; `None` when no version has it.
fn restore<'a, T: serde::Serialize + Clone + 'a>(
    kind: Kind,
    id: &str,
    versions: [&'a Document; 3],
    find: impl Fn(&'a Document) -> Option<&'a T>,
    conflicts: &mut Vec<Conflict>,
) -> Option<T> {
    let found = versions.iter().find_map(|v| find(v).cloned())?;
    let [base, ours, theirs] = versions.map(|v| {
        find(v)
            .and_then(|x| serde_json::to_value(x).ok())
            .unwrap_or(Value::Null)
    });
    conflicts.push(Conflict {
        on: kind.name().to_owned(),
        id: id.to_owned(),
        field: "*".into(),
        base,
        ours,
        theirs,
        extra: Extra::new(),
    });
    Some(found)
}

/// Puts back what one side deleted and the merged map still uses (a relation's end, a
/// claim's source or claimant, a group's member or parent), from whichever version has it,
/// and records each; an entity left in two groups stays in the one with the smaller id.
pub(super) fn keep_what_is_used(
    doc: &mut Document,
    versions: [&Document; 3],
    conflicts: &mut Vec<Conflict>,
) {
    loop {
        let entities: HashSet<String> = doc.entities.iter().map(|e| e.id.to_string()).collect();
        let sources: HashSet<String> = doc.sources.iter().map(|s| s.id.to_string()).collect();
        let mut want_entities: Vec<String> = Vec::new();
        let mut want_sources: Vec<String> = Vec::new();
        for r in &doc.relations {
            for end in [&r.from, &r.to] {
                if !entities.contains(end.as_str()) {
                    want_entities.push(end.to_string());
                }
            }
            for c in &r.claims {
                if !sources.contains(c.source.as_str()) {
                    want_sources.push(c.source.to_string());
                }
                if let Some(who) = &c.claimant
                    && !entities.contains(who.as_str())
                {
                    want_entities.push(who.to_string());
                }
            }
        }
        for g in &doc.groups {
            for m in &g.members {
                if !entities.contains(m.as_str()) {
                    want_entities.push(m.to_string());
                }
            }
        }
        want_entities.sort();
        want_entities.dedup();
        want_sources.sort();
        want_sources.dedup();
        if want_entities.is_empty() && want_sources.is_empty() {
            break;
        }
        let mut restored = false;
        for id in want_entities {
            if let Some(e) = restore(Kind::Entity, &id, versions, |v| v.entity(&id), conflicts) {
                doc.entities.push(e);
                restored = true;
            }
        }
        for id in want_sources {
            if let Some(s) = restore(Kind::Source, &id, versions, |v| v.source(&id), conflicts) {
                doc.sources.push(s);
                restored = true;
            }
        }
        if !restored {
            // Named by no version at all: drop what names it, so the map validates.
            let entities: HashSet<String> = doc.entities.iter().map(|e| e.id.to_string()).collect();
            let sources: HashSet<String> = doc.sources.iter().map(|s| s.id.to_string()).collect();
            doc.relations
                .retain(|r| entities.contains(r.from.as_str()) && entities.contains(r.to.as_str()));
            for r in &mut doc.relations {
                r.claims.retain(|c| sources.contains(c.source.as_str()));
                for c in &mut r.claims {
                    if c.claimant
                        .as_ref()
                        .is_some_and(|w| !entities.contains(w.as_str()))
                    {
                        c.claimant = None;
                    }
                }
            }
            for g in &mut doc.groups {
                g.members.retain(|m| entities.contains(m.as_str()));
            }
            break;
        }
    }
    // Parents that are gone, and groups nested in a circle, lose their parent.
    let ids: HashSet<String> = doc.groups.iter().map(|g| g.id.to_string()).collect();
    for g in &mut doc.groups {
        if g.parent.as_ref().is_some_and(|p| !ids.contains(p.as_str())) {
            g.parent = None;
        }
    }
    loop {
        let mut problems = Vec::new();
        crate::model::check_groups(&mut problems, &doc.groups, &|_| true);
        if !problems
            .iter()
            .any(|p| p.to_string().contains("inside itself"))
        {
            break;
        }
        match doc
            .groups
            .iter_mut()
            .filter(|g| g.parent.is_some())
            .max_by(|a, b| a.id.cmp(&b.id))
        {
            Some(g) => g.parent = None,
            None => break,
        }
    }
    // An entity in two groups stays in the one with the smaller id.
    let mut order: Vec<usize> = (0..doc.groups.len()).collect();
    order.sort_by(|&a, &b| doc.groups[a].id.cmp(&doc.groups[b].id));
    let mut placed: HashSet<String> = HashSet::new();
    for gi in order {
        let before = doc.groups[gi].members.clone();
        doc.groups[gi]
            .members
            .retain(|m| placed.insert(m.to_string()));
        if doc.groups[gi].members != before {
            let g = &doc.groups[gi];
            conflicts.push(Conflict {
                on: "group".into(),
                id: g.id.to_string(),
                field: "members".into(),
                base: Value::Null,
                ours: serde_json::to_value(&before).unwrap_or(Value::Null),
                theirs: serde_json::to_value(&g.members).unwrap_or(Value::Null),
                extra: Extra::new(),
            });
        }
    }
}
