//! A merge reviewed before it is applied (File ▸ Merge map…): which matches of theirs to ours
//! are accepted, which incoming changes are refused, and how conflicts are settled now rather
//! than later. A refused change is refused by giving their version our item before merging
//! again, so the result is a merge like any other: it validates, and what depended on a
//! refused change (a relation to a refused entity) goes with it.

use std::collections::{HashMap, HashSet};

use super::Kind;
use super::diff::{self, Change};
use super::matching::{self, Match};
use super::merge::{self, Merged};
use super::resolve::{self, Choice};
use crate::model::Document;

/// What the reviewer decided.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Decisions {
    /// Match items of theirs to ours under other ids (`compare::matching`).
    pub matching: bool,
    /// Matches refused, by kind and their id.
    pub refused_matches: HashSet<(Kind, String)>,
    /// Incoming changes refused, by kind and id (the map's own fields: `Kind::Map`, "").
    pub refused: HashSet<(Kind, String)>,
    /// Conflicts settled now, by kind, id and field.
    pub settled: HashMap<(String, String, String), Choice>,
}

/// What a merge would do, under the decisions made so far.
#[derive(Debug, Clone)]
pub struct Reviewed {
    /// Every match found (accepted or not).
    pub matches: Vec<Match>,
    /// Every incoming change with nothing refused, for the reviewer to refuse.
    pub offered: Vec<Change>,
    /// The map the merge gives with the decisions applied, and its changes from ours.
    pub merged: Document,
    pub changes: Vec<Change>,
    /// Conflicts the merge adds to ours', settled up front or not (settled ones are gone from
    /// `merged`).
    pub new_conflicts: Vec<crate::model::Conflict>,
}

/// Merges with the decisions: `base` when known (three-way), else two-way (every difference
/// a conflict, ours kept until settled).
pub fn review(
    base: Option<&Document>,
    ours: &Document,
    theirs: &Document,
    decisions: &Decisions,
) -> Reviewed {
    let matches = if decisions.matching {
        matching::matches(ours, theirs)
    } else {
        Vec::new()
    };
    let accepted: Vec<Match> = matches
        .iter()
        .filter(|m| {
            !decisions
                .refused_matches
                .contains(&(m.kind, m.theirs.clone()))
        })
        .cloned()
        .collect();
    let theirs = matching::rekey(theirs, &accepted);
    let merge_with = |theirs: &Document| -> Merged {
        match base {
            Some(base) => merge::merge(base, ours, theirs),
            None => resolve::merge_without_base(ours, theirs),
        }
    };
    let full = merge_with(&theirs);
    let offered = diff::diff(ours, &full.doc, diff::Options::default());
    let mut merged = if decisions.refused.is_empty() {
        full.doc
    } else {
        merge_with(&refuse(ours, &theirs, &decisions.refused)).doc
    };
    let known: HashSet<(&str, &str, &str)> = ours
        .conflicts
        .iter()
        .map(|c| (c.on.as_str(), c.id.as_str(), c.field.as_str()))
        .collect();
    let new_conflicts = merged
        .conflicts
        .iter()
        .filter(|c| !known.contains(&(c.on.as_str(), c.id.as_str(), c.field.as_str())))
        .cloned()
        .collect();
    settle(&mut merged, ours, &decisions.settled);
    let changes = diff::diff(ours, &merged, diff::Options::default());
    Reviewed {
        matches,
        offered,
        merged,
        changes,
        new_conflicts,
    }
}

/// Their version with our item for every refused change: ours' where we have it, none where
/// we do not.
pub fn refuse(ours: &Document, theirs: &Document, refused: &HashSet<(Kind, String)>) -> Document {
    let mut doc = theirs.clone();
    let ids = |kind: Kind| -> HashSet<&str> {
        refused
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, id)| id.as_str())
            .collect()
    };
    if refused.contains(&(Kind::Map, String::new())) {
        doc.title.clone_from(&ours.title);
        doc.description.clone_from(&ours.description);
        doc.styles = ours.styles.clone();
        doc.extra = ours.extra.clone();
    }
    take_ours(&mut doc.sources, &ours.sources, &ids(Kind::Source), |s| {
        s.id.as_str()
    });
    take_ours(&mut doc.entities, &ours.entities, &ids(Kind::Entity), |e| {
        e.id.as_str()
    });
    take_ours(
        &mut doc.relations,
        &ours.relations,
        &ids(Kind::Relation),
        |r| r.id.as_str(),
    );
    take_ours(&mut doc.groups, &ours.groups, &ids(Kind::Group), |g| {
        g.id.as_str()
    });
    take_ours(&mut doc.notes, &ours.notes, &ids(Kind::Note), |n| {
        n.id.as_str()
    });
    doc
}

/// `theirs` with `ours`' item, or none, for each id in `refused`.
fn take_ours<T: Clone>(
    theirs: &mut Vec<T>,
    ours: &[T],
    refused: &HashSet<&str>,
    id: impl Fn(&T) -> &str,
) {
    if refused.is_empty() {
        return;
    }
    let ours_by_id: HashMap<&str, &T> = ours.iter().map(|x| (id(x), x)).collect();
    let mut present = HashSet::new();
    theirs.retain_mut(|x| {
        let key = id(x).to_owned();
        if !refused.contains(key.as_str()) {
            return true;
        }
        match ours_by_id.get(key.as_str()) {
            Some(o) => {
                *x = (*o).clone();
                present.insert(key);
                true
            }
            None => false,
        }
    });
    for x in ours {
        if refused.contains(id(x)) && !present.contains(id(x)) {
            theirs.push(x.clone());
        }
    }
}

/// Settles the conflicts the reviewer chose a side for, as the Merge conflicts window would.
fn settle(
    doc: &mut Document,
    ours: &Document,
    settled: &HashMap<(String, String, String), Choice>,
) {
    for (key, &choice) in settled {
        if ours
            .conflicts
            .iter()
            .any(|c| (&c.on, &c.id, &c.field) == (&key.0, &key.1, &key.2))
        {
            continue;
        }
        let Some(index) = doc
            .conflicts
            .iter()
            .position(|c| (&c.on, &c.id, &c.field) == (&key.0, &key.1, &key.2))
        else {
            continue;
        };
        let Ok(edits) = resolve::resolve(doc, index, choice) else {
            continue;
        };
        let mut trial = doc.clone();
        if edits.into_iter().all(|e| e.apply(&mut trial).is_ok()) {
            *doc = trial;
        }
    }
}
