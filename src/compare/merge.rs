//! A three-way merge of two versions of a map that share a base (`relmap merge`, the git merge
//! driver), item by item and field by field:
//!
//! - a change made on one side only is taken; the same change made on both, once;
//! - a relation's claims are merged one by one: a claim either side adds is kept, one either
//!   side removes goes, so two analysts quoting two sources give two claims, not a conflict;
//! - a field changed both ways keeps the base's value (or, added on both sides, the smaller of
//!   the two, so the merge does not depend on which side is "ours") and is recorded in the
//!   map's `conflicts` with the base and both sides;
//! - an item deleted on one side and changed on the other is kept as changed, and recorded;
//! - an item deleted on one side but still used on the other (a relation's end, a claim's
//!   source or claimant, a group's member) is kept, and recorded.
//!
//! The merged map always validates. Items keep our order, with theirs' additions after the
//! item they follow there.

use std::collections::{HashMap, HashSet};

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::{Items, Kind, map_fields};
use crate::model::{Conflict, Document, Extra};

/// A merged map and the conflicts it records (also in `doc.conflicts`).
#[derive(Debug, Clone)]
pub struct Merged {
    pub doc: Document,
    /// The conflicts this merge found (those the sides held already are in `doc` too).
    pub new_conflicts: usize,
}

/// Merges `ours` and `theirs`, two versions of `base`.
pub fn merge(base: &Document, ours: &Document, theirs: &Document) -> Merged {
    let mut conflicts: Vec<Conflict> = Vec::new();
    let fields = merge_object(
        Kind::Map,
        "",
        Some(&map_fields(base)),
        &map_fields(ours),
        &map_fields(theirs),
        &mut conflicts,
    );
    let mut doc = Document::default();
    set_map_fields(&mut doc, fields, ours);

    let ids = |list: &[crate::model::Source]| list.iter().map(|x| x.id.to_string()).collect();
    doc.sources = merge_kind(
        Kind::Source,
        [&base.sources, &ours.sources, &theirs.sources],
        ids,
        &mut conflicts,
    );
    doc.entities = merge_kind(
        Kind::Entity,
        [&base.entities, &ours.entities, &theirs.entities],
        |l| l.iter().map(|x| x.id.to_string()).collect(),
        &mut conflicts,
    );
    doc.relations = merge_kind(
        Kind::Relation,
        [&base.relations, &ours.relations, &theirs.relations],
        |l| l.iter().map(|x| x.id.to_string()).collect(),
        &mut conflicts,
    );
    doc.groups = merge_kind(
        Kind::Group,
        [&base.groups, &ours.groups, &theirs.groups],
        |l| l.iter().map(|x| x.id.to_string()).collect(),
        &mut conflicts,
    );
    doc.notes = merge_kind(
        Kind::Note,
        [&base.notes, &ours.notes, &theirs.notes],
        |l| l.iter().map(|x| x.id.clone()).collect(),
        &mut conflicts,
    );

    super::repair::keep_what_is_used(&mut doc, [base, ours, theirs], &mut conflicts);

    let new_conflicts = conflicts.len();
    let earlier = merge_sets(&base.conflicts, &ours.conflicts, &theirs.conflicts);
    doc.conflicts = earlier;
    for c in conflicts {
        if !doc.conflicts.contains(&c) {
            doc.conflicts.push(c);
        }
    }
    Merged { doc, new_conflicts }
}

/// Merges one kind of item. Items the same on every side that has them are not turned into
/// JSON: they stand in the merge as an empty object and come back as they are (on a large map
/// with a few changes, this is most of the time a merge would take).
fn merge_kind<T: serde::Serialize + DeserializeOwned + PartialEq + Clone>(
    kind: Kind,
    [base, ours, theirs]: [&[T]; 3],
    ids: impl Fn(&[T]) -> Vec<String>,
    conflicts: &mut Vec<Conflict>,
) -> Vec<T> {
    let (bi, oi, ti) = (ids(base), ids(ours), ids(theirs));
    let index = |ids: &[String]| -> HashMap<String, usize> {
        ids.iter()
            .enumerate()
            .map(|(i, id)| (id.clone(), i))
            .collect()
    };
    let (bm, om, tm) = (index(&bi), index(&oi), index(&ti));
    let same = |id: &str| {
        let versions: Vec<&T> = [(&bm, base), (&om, ours), (&tm, theirs)]
            .iter()
            .filter_map(|(m, list)| m.get(id).map(|&i| &list[i]))
            .collect();
        versions.windows(2).all(|w| w[0] == w[1])
    };
    let as_items = |list: &[T], ids: &[String]| -> Items {
        list.iter()
            .zip(ids)
            .map(|(item, id)| {
                let map = if same(id) {
                    Map::new()
                } else {
                    match serde_json::to_value(item) {
                        Ok(Value::Object(m)) => m,
                        _ => Map::new(),
                    }
                };
                (id.clone(), map)
            })
            .collect()
    };
    let merged = merge_list(
        kind,
        &as_items(base, &bi),
        &as_items(ours, &oi),
        &as_items(theirs, &ti),
        conflicts,
    );
    merged
        .into_iter()
        .filter_map(|(id, map)| {
            let kept = || {
                om.get(&id)
                    .map(|&i| ours[i].clone())
                    .or_else(|| tm.get(&id).map(|&i| theirs[i].clone()))
            };
            if map.is_empty() {
                return kept();
            }
            // Each field comes from a valid item, so this reads; if not, ours (or theirs).
            crate::io::from_value_exact::<T>(Value::Object(map))
                .ok()
                .or_else(kept)
        })
        .collect()
}

fn set_map_fields(doc: &mut Document, mut fields: Map<String, Value>, ours: &Document) {
    doc.title = match fields.remove("title") {
        Some(Value::String(s)) => s,
        _ => ours.title.clone(),
    };
    doc.description = match fields.remove("description") {
        Some(Value::String(s)) => s,
        _ => String::new(),
    };
    doc.styles = match fields.remove("styles") {
        None => Default::default(),
        Some(v) => crate::io::from_value_exact(v).unwrap_or_else(|_| ours.styles.clone()),
    };
    doc.extra = Extra::from(fields);
}

/// Three-way merge of one kind's items, by id.
fn merge_list(
    kind: Kind,
    base: &[(String, Map<String, Value>)],
    ours: &[(String, Map<String, Value>)],
    theirs: &[(String, Map<String, Value>)],
    conflicts: &mut Vec<Conflict>,
) -> Vec<(String, Map<String, Value>)> {
    let index = |list: &[(String, Map<String, Value>)]| -> HashMap<String, usize> {
        list.iter()
            .enumerate()
            .map(|(i, (id, _))| (id.clone(), i))
            .collect()
    };
    let (b, o, t) = (index(base), index(ours), index(theirs));
    let mut out: Vec<(String, Map<String, Value>)> = Vec::new();
    for (id, mine) in ours {
        let was = b.get(id).map(|&i| &base[i].1);
        match t.get(id).map(|&i| &theirs[i].1) {
            Some(other) => out.push((
                id.clone(),
                merge_object(kind, id, was, mine, other, conflicts),
            )),
            // Deleted on their side: it goes, unless we changed it.
            None => match was {
                Some(was) if was == mine => {}
                Some(was) => {
                    conflicts.push(whole(kind, id, Some(was), Some(mine), None));
                    out.push((id.clone(), mine.clone()));
                }
                None => out.push((id.clone(), mine.clone())),
            },
        }
    }
    // Theirs' additions (and what they changed that we deleted), after what they follow,
    // placed in one pass: on a large map, inserting each into the list would be quadratic.
    let mut present: HashSet<&str> = out.iter().map(|(id, _)| id.as_str()).collect();
    let mut after: HashMap<Option<String>, Items> = HashMap::new();
    let mut last_kept: Option<String> = None;
    for (id, other) in theirs {
        if o.contains_key(id) {
            if present.contains(id.as_str()) {
                last_kept = Some(id.clone());
            }
            continue;
        }
        let keep = match b.get(id).map(|&i| &base[i].1) {
            Some(was) if was == other => false,
            Some(was) => {
                conflicts.push(whole(kind, id, Some(was), None, Some(other)));
                true
            }
            None => true,
        };
        if keep {
            after
                .entry(last_kept.clone())
                .or_default()
                .push((id.clone(), other.clone()));
            present.insert(id.as_str());
            last_kept = Some(id.clone());
        }
    }
    if after.is_empty() {
        return out;
    }
    let mut placed = Vec::with_capacity(out.len() + after.len());
    // Each addition goes after its predecessor, which may itself be an addition.
    fn emit(
        item: (String, Map<String, Value>),
        after: &mut HashMap<Option<String>, Items>,
        placed: &mut Items,
    ) {
        let id = item.0.clone();
        placed.push(item);
        let mut stack: Vec<(String, Map<String, Value>)> =
            after.remove(&Some(id)).unwrap_or_default();
        stack.reverse();
        while let Some(next) = stack.pop() {
            let id = next.0.clone();
            placed.push(next);
            if let Some(more) = after.remove(&Some(id)) {
                stack.extend(more.into_iter().rev());
            }
        }
    }
    if let Some(first) = after.remove(&None) {
        for item in first {
            emit(item, &mut after, &mut placed);
        }
    }
    for item in out {
        emit(item, &mut after, &mut placed);
    }
    // Anything left followed an item that is not in the result: at the end, in order.
    let mut rest: Vec<_> = after.into_values().flatten().collect();
    rest.sort_by(|a, b| t.get(&a.0).cmp(&t.get(&b.0)));
    placed.extend(rest);
    placed
}

/// Whether `a` comes first of the two, by their JSON text: a choice that does not depend on
/// which side each is on.
fn json_order(a: &Value, b: &Value) -> bool {
    let (a, b) = (a.to_string(), b.to_string());
    a <= b
}

/// A conflict over a whole item: deleted on one side, changed on the other.
fn whole(
    kind: Kind,
    id: &str,
    base: Option<&Map<String, Value>>,
    ours: Option<&Map<String, Value>>,
    theirs: Option<&Map<String, Value>>,
) -> Conflict {
    let v = |m: Option<&Map<String, Value>>| m.map_or(Value::Null, |m| Value::Object(m.clone()));
    Conflict {
        on: kind.name().to_owned(),
        id: id.to_owned(),
        field: "*".to_owned(),
        base: v(base),
        ours: v(ours),
        theirs: v(theirs),
        extra: Extra::new(),
    }
}

/// Three-way merge of one item's fields (`base` absent when both sides added it).
fn merge_object(
    kind: Kind,
    id: &str,
    base: Option<&Map<String, Value>>,
    ours: &Map<String, Value>,
    theirs: &Map<String, Value>,
    conflicts: &mut Vec<Conflict>,
) -> Map<String, Value> {
    let empty = Map::new();
    let base = base.unwrap_or(&empty);
    let mut keys: Vec<&String> = ours.keys().collect();
    keys.extend(theirs.keys().filter(|k| !ours.contains_key(*k)));
    keys.extend(
        base.keys()
            .filter(|k| !ours.contains_key(*k) && !theirs.contains_key(*k)),
    );
    let mut out = Map::new();
    for key in keys {
        let get = |m: &Map<String, Value>| m.get(key).cloned().unwrap_or(Value::Null);
        let (b, o, t) = (get(base), get(ours), get(theirs));
        let value = if kind == Kind::Relation && key == "claims" {
            let list = |v: &Value| match v {
                Value::Array(a) => a.clone(),
                _ => Vec::new(),
            };
            let claims = merge_sets(&list(&b), &list(&o), &list(&t));
            if claims.is_empty() {
                Value::Null
            } else {
                Value::Array(claims)
            }
        } else if o == t || t == b {
            o
        } else if o == b {
            t
        } else {
            // The base's value until it is resolved; added on both sides with no base, the
            // smaller of the two, whichever side it is on.
            let kept = if base.contains_key(key) {
                b.clone()
            } else if json_order(&o, &t) {
                o.clone()
            } else {
                t.clone()
            };
            conflicts.push(Conflict {
                on: kind.name().to_owned(),
                id: id.to_owned(),
                field: key.clone(),
                base: b,
                ours: o,
                theirs: t,
                extra: Extra::new(),
            });
            kept
        };
        if value != Value::Null {
            out.insert(key.clone(), value);
        }
    }
    out
}

/// A three-way merge of a set of values (claims, conflicts): what both keep, and what either
/// adds; what either removes goes. Our order, with theirs' additions after what they follow
/// there (a claim edited on their side stays where it was).
fn merge_sets<T: PartialEq + Clone>(base: &[T], ours: &[T], theirs: &[T]) -> Vec<T> {
    let mut out: Vec<T> = ours
        .iter()
        .filter(|c| theirs.contains(c) || !base.contains(c))
        .cloned()
        .collect();
    for (k, c) in theirs.iter().enumerate() {
        if !base.contains(c) && !ours.contains(c) {
            let after = theirs[..k]
                .iter()
                .rev()
                .find_map(|prev| out.iter().position(|x| x == prev));
            out.insert(after.map_or(0, |p| p + 1), c.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Claim, SourceId, Stance};

    fn claim(quote: &str) -> Claim {
        let mut c = crate::edit::ops::new_claim(&SourceId::new("washex-we-are-the-taliban"));
        c.quote = quote.into();
        c.stance = Stance::Asserts;
        c
    }

    #[test]
    fn one_sided_changes_are_taken_both_claims_kept_and_a_clash_recorded() {
        let base = crate::io::bundled_map().unwrap();
        let mut ours = base.clone();
        let mut theirs = base.clone();
        ours.entities[0].summary = "Ours.".into();
        theirs.entities[1].summary = "Theirs.".into();
        ours.relations[0].claims.push(claim("we heard"));
        theirs.relations[0].claims.push(claim("they heard"));
        ours.entities[2].name = "Name A".into();
        theirs.entities[2].name = "Name B".into();
        let merged = merge(&base, &ours, &theirs);
        let doc = &merged.doc;
        assert!(crate::model::validate(doc).is_empty());
        assert_eq!(doc.entities[0].summary, "Ours.");
        assert_eq!(doc.entities[1].summary, "Theirs.");
        let quotes: Vec<&str> = doc.relations[0]
            .claims
            .iter()
            .map(|c| c.quote.as_str())
            .collect();
        assert!(quotes.contains(&"we heard") && quotes.contains(&"they heard"));
        assert_eq!(merged.new_conflicts, 1);
        let c = &doc.conflicts[0];
        assert_eq!((c.on.as_str(), c.field.as_str()), ("entity", "name"));
        assert_eq!(
            doc.entities[2].name, base.entities[2].name,
            "the base's until resolved"
        );
        assert_eq!(c.ours, Value::String("Name A".into()));
    }

    #[test]
    fn an_entity_deleted_on_one_side_but_used_on_the_other_is_kept() {
        let base = crate::io::bundled_map().unwrap();
        let mut ours = base.clone();
        for e in crate::edit::ops::delete_entities(&ours, &[base.entities[0].id.clone()]) {
            e.apply(&mut ours).unwrap();
        }
        let mut theirs = base.clone();
        let (_, edits) =
            crate::edit::ops::connect(&theirs, &base.entities[0].id, &base.entities[5].id, "met");
        for e in edits {
            e.apply(&mut theirs).unwrap();
        }
        let merged = merge(&base, &ours, &theirs);
        assert!(crate::model::validate(&merged.doc).is_empty());
        assert!(merged.doc.entity(base.entities[0].id.as_str()).is_some());
        assert!(merged.doc.conflicts.iter().any(|c| c.field == "*"));
    }
}
