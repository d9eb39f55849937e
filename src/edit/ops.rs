//! Whole user gestures as lists of [`Edit`]s, built from the current document, so that each
//! gesture is one undoable step: deleting entities with their relations, merging duplicates,
//! connecting two entities. Also the readable, unique ids new items get.

use std::collections::BTreeSet;

use super::{Edit, EditError};
use crate::model::{
    Claim, Document, Entity, EntityId, Extra, Position, Relation, RelationId, Source, SourceId,
    Stance,
};

/// Lower-case ASCII letters and digits joined by single dashes: "Anas Haqqani" → "anas-haqqani".
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// `base`, or `base-2`, `base-3`... whichever is free first.
fn unique(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or_default()
}

/// A new entity id derived from `name`, unique in `doc`.
pub fn new_entity_id(doc: &Document, name: &str) -> EntityId {
    let base = match slug(name) {
        s if s.is_empty() => "entity".to_owned(),
        s => s,
    };
    EntityId::new(unique(&base, |id| doc.entity(id).is_some()))
}

/// A new relation id derived from its ends and kind, unique in `doc`.
pub fn new_relation_id(doc: &Document, from: &EntityId, kind: &str, to: &EntityId) -> RelationId {
    let base = slug(&format!("{from} {kind} {to}"));
    RelationId::new(unique(&base, |id| doc.relation(id).is_some()))
}

/// A new source id derived from its title, unique in `doc`.
pub fn new_source_id(doc: &Document, title: &str) -> SourceId {
    let mut base: String = slug(title).chars().take(40).collect();
    while base.ends_with('-') {
        base.pop();
    }
    if base.is_empty() {
        base = "source".into();
    }
    SourceId::new(unique(&base, |id| doc.source(id).is_some()))
}

/// A new entity named `name`, at `position` if given.
pub fn add_entity(
    doc: &Document,
    name: &str,
    kind: &str,
    position: Option<Position>,
) -> (EntityId, Vec<Edit>) {
    let id = new_entity_id(doc, name);
    let entity = Entity {
        pinned: position.is_some(),
        position,
        ..Entity::new(id.clone(), name, kind)
    };
    let edits = vec![Edit::InsertEntity {
        index: doc.entities.len(),
        entity,
    }];
    (id, edits)
}

/// A new directed relation of `kind` from `from` to `to`, with no claims yet.
pub fn connect(
    doc: &Document,
    from: &EntityId,
    to: &EntityId,
    kind: &str,
) -> (RelationId, Vec<Edit>) {
    let id = new_relation_id(doc, from, kind, to);
    let relation = Relation {
        id: id.clone(),
        from: from.clone(),
        to: to.clone(),
        kind: kind.to_owned(),
        label: String::new(),
        directed: true,
        period: None,
        claims: Vec::new(),
        attributes: Default::default(),
        extra: Extra::new(),
    };
    let edits = vec![Edit::InsertRelation {
        index: doc.relations.len(),
        relation,
    }];
    (id, edits)
}

/// A new source titled `title`.
pub fn add_source(doc: &Document, title: &str) -> (SourceId, Vec<Edit>) {
    let id = new_source_id(doc, title);
    let source = Source::new(id.clone(), title.to_owned());
    let edits = vec![Edit::InsertSource {
        index: doc.sources.len(),
        source,
    }];
    (id, edits)
}

/// A new claim on `relation` citing `source`, asserting it, for the user to fill in.
pub fn new_claim(source: &SourceId) -> Claim {
    Claim {
        source: source.clone(),
        claimant: None,
        speaker: None,
        stance: Stance::Asserts,
        quote: String::new(),
        date: None,
        anchor: None,
        credibility: None,
        extra: Extra::new(),
    }
}

/// Deletes `entities` and every relation touching them. Claims elsewhere whose claimant is
/// deleted keep the claimant's name as their speaker, so no statement loses who made it.
pub fn delete_entities(doc: &Document, entities: &[EntityId]) -> Vec<Edit> {
    let doomed: BTreeSet<&str> = entities.iter().map(EntityId::as_str).collect();
    let mut edits = Vec::new();
    if doc
        .groups
        .iter()
        .any(|g| g.members.iter().any(|m| doomed.contains(m.as_str())))
    {
        let mut groups = doc.groups.clone();
        for g in &mut groups {
            g.members.retain(|m| !doomed.contains(m.as_str()));
        }
        edits.push(Edit::SetGroups { groups });
    }
    for r in &doc.relations {
        if doomed.contains(r.from.as_str()) || doomed.contains(r.to.as_str()) {
            edits.push(Edit::RemoveRelation {
                relation: r.id.clone(),
            });
            continue;
        }
        if r.claims.iter().any(|c| {
            c.claimant
                .as_ref()
                .is_some_and(|id| doomed.contains(id.as_str()))
        }) {
            let mut kept = r.clone();
            for c in &mut kept.claims {
                if let Some(id) = c.claimant.take_if(|id| doomed.contains(id.as_str())) {
                    c.speaker
                        .get_or_insert_with(|| doc.entity_name(id.as_str()).to_owned());
                }
            }
            edits.push(Edit::UpdateRelation { relation: kept });
        }
    }
    for e in &doc.entities {
        if doomed.contains(e.id.as_str()) {
            edits.push(Edit::RemoveEntity {
                entity: e.id.clone(),
            });
        }
    }
    let relations: Vec<&str> = doc
        .relations
        .iter()
        .filter(|r| doomed.contains(r.from.as_str()) || doomed.contains(r.to.as_str()))
        .map(|r| r.id.as_str())
        .collect();
    edits.extend(without_notes_on(doc, &doomed, &relations));
    edits
}

/// Removes the notes attached to the entities or relations being deleted (their cards go
/// with them, as in Analyst's Notebook and Kumu); `None` when there are none.
pub fn without_notes_on(
    doc: &Document,
    entities: &BTreeSet<&str>,
    relations: &[&str],
) -> Option<Edit> {
    use crate::model::NoteTarget;
    let attached = |n: &crate::model::Note| match &n.on {
        Some(NoteTarget::Entity(id)) => entities.contains(id.as_str()),
        Some(NoteTarget::Relation(id)) => relations.contains(&id.as_str()),
        _ => false,
    };
    doc.notes.iter().any(attached).then(|| Edit::SetNotes {
        notes: doc.notes.iter().filter(|n| !attached(n)).cloned().collect(),
    })
}

/// Deletes relation `id`, and the notes attached to it.
pub fn delete_relation(doc: &Document, id: &crate::model::RelationId) -> Vec<Edit> {
    let mut edits = vec![Edit::RemoveRelation {
        relation: id.clone(),
    }];
    edits.extend(without_notes_on(doc, &BTreeSet::new(), &[id.as_str()]));
    edits
}

/// Merges `absorbed` into `survivor`, for an entity entered twice. The survivor takes the
/// absorbed entity's relations and claims; its name and aliases become aliases; attributes and
/// a summary it lacks are added (a conflicting attribute is kept under "key (other name)").
/// Relations between the two, which would join the survivor to itself, are dropped.
pub fn merge_entities(
    doc: &Document,
    survivor: &EntityId,
    absorbed: &EntityId,
) -> Result<Vec<Edit>, EditError> {
    let keep = doc
        .entity(survivor.as_str())
        .ok_or_else(|| EditError::UnknownEntity(survivor.clone()))?;
    let gone = doc
        .entity(absorbed.as_str())
        .ok_or_else(|| EditError::UnknownEntity(absorbed.clone()))?;
    if survivor == absorbed {
        return Err(EditError::BadId(absorbed.to_string()));
    }
    let mut edits = Vec::new();
    if doc.group_of(absorbed.as_str()).is_some() {
        // The survivor takes the absorbed entity's place in its group, unless it has one.
        let survivor_grouped = doc.group_of(survivor.as_str()).is_some();
        let mut groups = doc.groups.clone();
        for g in &mut groups {
            if let Some(i) = g.members.iter().position(|m| m == absorbed) {
                if survivor_grouped {
                    g.members.remove(i);
                } else {
                    g.members[i] = survivor.clone();
                }
            }
        }
        edits.push(Edit::SetGroups { groups });
    }
    for r in &doc.relations {
        let ends = [&r.from, &r.to];
        if ends.contains(&survivor) && ends.contains(&absorbed) {
            edits.push(Edit::RemoveRelation {
                relation: r.id.clone(),
            });
            continue;
        }
        let touches = ends.contains(&absorbed)
            || r.claims
                .iter()
                .any(|c| c.claimant.as_ref() == Some(absorbed));
        if touches {
            let mut moved = r.clone();
            for end in [&mut moved.from, &mut moved.to] {
                if end == absorbed {
                    *end = survivor.clone();
                }
            }
            for c in &mut moved.claims {
                if c.claimant.as_ref() == Some(absorbed) {
                    c.claimant = Some(survivor.clone());
                }
            }
            edits.push(Edit::UpdateRelation { relation: moved });
        }
    }

    let mut merged = keep.clone();
    let mut aliases = merged.aliases.clone();
    for name in std::iter::once(&gone.name).chain(&gone.aliases) {
        let known = name.eq_ignore_ascii_case(&merged.name)
            || aliases.iter().any(|a| a.eq_ignore_ascii_case(name));
        if !known {
            aliases.push(name.clone());
        }
    }
    merged.aliases = aliases;
    if merged.summary.is_empty() {
        merged.summary = gone.summary.clone();
    } else if !gone.summary.is_empty() && gone.summary != merged.summary {
        merged.summary = format!("{}\n\n{}", merged.summary, gone.summary);
    }
    if merged.picture.is_none() {
        merged.picture = gone.picture.clone();
    }
    for (k, v) in &gone.attributes {
        match merged.attributes.get(k) {
            None => {
                merged.attributes.insert(k.clone(), v.clone());
            }
            Some(existing) if existing != v => {
                merged
                    .attributes
                    .insert(format!("{k} ({})", gone.name), v.clone());
            }
            Some(_) => {}
        }
    }
    if merged.position.is_none() {
        merged.position = gone.position.clone();
    }
    edits.push(Edit::UpdateEntity { entity: merged });
    edits.push(Edit::RemoveEntity {
        entity: absorbed.clone(),
    });
    Ok(edits)
}

/// Merges each of `absorbed` into `survivor` in turn ([`merge_entities`]), as one list of
/// edits: each merge is worked out on the map as the ones before it left it.
pub fn merge_many(
    doc: &Document,
    survivor: &EntityId,
    absorbed: &[EntityId],
) -> Result<Vec<Edit>, EditError> {
    let mut scratch = doc.clone();
    let mut edits = Vec::new();
    for a in absorbed.iter().filter(|a| *a != survivor) {
        for edit in merge_entities(&scratch, survivor, a)? {
            let applied = edit.clone();
            applied.apply(&mut scratch)?;
            edits.push(edit);
        }
    }
    Ok(edits)
}

/// The relation with its direction reversed.
pub fn reversed(relation: &Relation) -> Relation {
    let mut r = relation.clone();
    std::mem::swap(&mut r.from, &mut r.to);
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::History;
    use crate::io::bundled_map;

    #[test]
    fn slugs_are_readable_and_ids_unique() {
        assert_eq!(slug("Anas Haqqani"), "anas-haqqani");
        assert_eq!(slug("  U.S. — State Dept.! "), "u-s-state-dept");
        assert_eq!(slug("日本"), "");
        let doc = bundled_map().unwrap();
        assert_eq!(
            new_entity_id(&doc, "Anas Haqqani").as_str(),
            "anas-haqqani-2"
        );
        assert_eq!(new_entity_id(&doc, "Someone New").as_str(), "someone-new");
        assert_eq!(new_entity_id(&doc, "日本").as_str(), "entity");
    }

    #[test]
    fn deleting_an_entity_takes_its_relations_and_undo_brings_all_back() {
        let original = bundled_map().unwrap();
        let mut doc = original.clone();
        let mut h = History::new();
        let id = EntityId::new("us-state-department");
        h.apply(
            &mut doc,
            "Delete",
            delete_entities(&original, std::slice::from_ref(&id)),
        )
        .unwrap();
        assert!(doc.entity("us-state-department").is_none());
        assert!(doc.relations.iter().all(|r| r.from != id && r.to != id));
        // Its claims on other relations stay, attributed by name.
        let dispute = doc.relation("haqqanis-part-of-taliban").unwrap();
        assert!(
            dispute
                .claims
                .iter()
                .all(|c| c.claimant.as_ref() != Some(&id))
        );
        assert_eq!(dispute.claims.len(), 7);
        assert!(crate::model::validate(&doc).is_empty());
        h.undo(&mut doc).unwrap();
        assert_eq!(doc, original);
    }

    #[test]
    fn merging_moves_relations_and_claims_and_combines_aliases() {
        let mut doc = bundled_map().unwrap();
        let (dup, edits) = add_entity(&doc, "State", "government body", None);
        History::new().apply(&mut doc, "Add", edits).unwrap();
        let (_, edits) = connect(&doc, &dup, &EntityId::new("taliban"), "criticises");
        History::new().apply(&mut doc, "Connect", edits).unwrap();
        let before = doc.clone();

        let state = EntityId::new("us-state-department");
        let mut h = History::new();
        let edits = merge_entities(&doc, &state, &dup).unwrap();
        h.apply(&mut doc, "Merge", edits).unwrap();
        assert!(doc.entity(dup.as_str()).is_none());
        assert!(
            doc.relations
                .iter()
                .any(|r| r.from == state && r.kind == "criticises")
        );
        let merged = doc.entity("us-state-department").unwrap();
        assert_eq!(
            merged.aliases,
            ["State Department", "State"],
            "no alias twice"
        );
        assert!(crate::model::validate(&doc).is_empty());
        h.undo(&mut doc).unwrap();
        assert_eq!(doc, before, "one undo undoes the whole merge");
    }

    #[test]
    fn edits_that_would_break_references_are_refused() {
        let mut doc = bundled_map().unwrap();
        let before = doc.clone();
        let refused = [
            Edit::RemoveEntity {
                entity: EntityId::new("taliban"),
            },
            Edit::RemoveSource {
                source: doc.sources[0].id.clone(),
            },
            Edit::InsertEntity {
                index: 0,
                entity: doc.entities[0].clone(),
            },
            Edit::UpdateRelation {
                relation: Relation {
                    to: EntityId::new("nobody"),
                    ..doc.relations[0].clone()
                },
            },
        ];
        for edit in refused {
            assert!(
                edit.clone().apply(&mut doc).is_err(),
                "{edit:?} was accepted"
            );
            assert_eq!(doc, before);
        }
        let err = Edit::RemoveSource {
            source: doc.sources[0].id.clone(),
        }
        .apply(&mut doc)
        .unwrap_err();
        assert!(
            err.to_string().contains(
                "still cited by 88 claim(s): claim 1 of relation \"anas-child-of-jalaluddin\""
            ),
            "{err}"
        );
    }
}
