//! Settling a merge's conflicts (`model::Conflict`) as edits, one step each: a field takes the
//! base's, our or their value; an item deleted on one side is kept or removed; any conflict
//! can be dismissed, leaving the map as it is.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::edit::{Edit, grouping, ops};
use crate::model::{Conflict, Document, EntityId, RelationId, SourceId};

/// How a conflict is settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// A field takes this side's value.
    Base,
    Ours,
    Theirs,
    /// An item deleted on one side: kept as the map has it.
    Keep,
    /// An item deleted on one side: removed (with what uses it, as Delete does).
    Remove,
    /// Leave the map as it is and forget the conflict.
    Dismiss,
}

impl Choice {
    /// The choices a conflict offers: a field's three values, or an item's keep and remove;
    /// the map's own fields can only be dismissed (their values are shown to copy).
    pub fn offered(c: &Conflict) -> Vec<Choice> {
        if c.on == "map" {
            vec![Choice::Dismiss]
        } else if c.field == "*" {
            vec![Choice::Keep, Choice::Remove]
        } else {
            vec![Choice::Base, Choice::Ours, Choice::Theirs, Choice::Dismiss]
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Choice::Base => "Base",
            Choice::Ours => "Ours",
            Choice::Theirs => "Theirs",
            Choice::Keep => "Keep",
            Choice::Remove => "Remove",
            Choice::Dismiss => "Dismiss",
        }
    }
}

/// The edits that settle conflict `index` of `doc` by `choice`, the conflict's removal with
/// them; `Err` says why it cannot be (the item is gone, the value does not fit).
pub fn resolve(doc: &Document, index: usize, choice: Choice) -> Result<Vec<Edit>, String> {
    let c = doc
        .conflicts
        .get(index)
        .ok_or_else(|| "there is no such conflict".to_owned())?;
    let mut edits = match choice {
        Choice::Dismiss | Choice::Keep => Vec::new(),
        Choice::Remove => remove(doc, c)?,
        Choice::Base | Choice::Ours | Choice::Theirs => {
            let value = match choice {
                Choice::Base => &c.base,
                Choice::Ours => &c.ours,
                _ => &c.theirs,
            };
            set_field(doc, c, value)?
        }
    };
    let mut conflicts = doc.conflicts.clone();
    conflicts.remove(index);
    edits.push(Edit::SetConflicts { conflicts });
    Ok(edits)
}

/// The edits that settle field conflict `index` of `doc` with a value of the user's own (the
/// conflict's removal with them); `Err` when the conflict is not a field's or the value does
/// not fit the field.
pub fn resolve_with(doc: &Document, index: usize, value: &Value) -> Result<Vec<Edit>, String> {
    let c = doc
        .conflicts
        .get(index)
        .ok_or_else(|| "there is no such conflict".to_owned())?;
    if c.field == "*" || c.on == "map" {
        return Err(format!("{} takes no typed value", c.place()));
    }
    let mut edits = set_field(doc, c, value)?;
    let mut conflicts = doc.conflicts.clone();
    conflicts.remove(index);
    edits.push(Edit::SetConflicts { conflicts });
    Ok(edits)
}

/// A typed value for conflict `c`'s field: as it is where the sides hold text, else read as
/// JSON (a number, a list, an object), with where it stops making sense when it is not.
pub fn typed_value(c: &Conflict, text: &str) -> Result<Value, String> {
    let textual = [&c.base, &c.ours, &c.theirs].iter().any(|v| v.is_string());
    if textual {
        return Ok(Value::String(text.to_owned()));
    }
    serde_json::from_str(text).map_err(|e| {
        format!(
            "{} is not a value relmap reads (JSON) at line {}, column {}: {e}",
            c.field,
            e.line(),
            e.column()
        )
    })
}

/// Merges `theirs` into `ours` when no common base is known (File ▸ Merge map… without a
/// base): what only one has is taken, every field they hold differently is a conflict, and
/// the map keeps our value of it until the conflict is settled.
pub fn merge_without_base(ours: &Document, theirs: &Document) -> super::merge::Merged {
    let base = Document::default();
    let mut merged = super::merge::merge(&base, ours, theirs);
    let conflicts = merged.doc.conflicts.clone();
    for c in conflicts.iter().filter(|c| c.field != "*") {
        if c.on == "map" {
            match (c.field.as_str(), &c.ours) {
                ("title", Value::String(t)) => merged.doc.title = t.clone(),
                ("description", Value::String(d)) => merged.doc.description = d.clone(),
                _ => {}
            }
            continue;
        }
        if let Ok(edits) = set_field(&merged.doc, c, &c.ours) {
            let mut scratch = merged.doc.clone();
            if edits
                .into_iter()
                .try_for_each(|e| e.apply(&mut scratch).map(drop))
                .is_ok()
            {
                merged.doc = scratch;
            }
        }
    }
    merged
}

/// `item` with `field` set to `value` (absent when `null`), as the model reads it.
fn with_field<T: Serialize + DeserializeOwned>(
    item: &T,
    field: &str,
    value: &Value,
) -> Result<T, String> {
    let mut json = serde_json::to_value(item).map_err(|e| e.to_string())?;
    if let Value::Object(map) = &mut json {
        if value.is_null() {
            map.remove(field);
        } else {
            map.insert(field.to_owned(), value.clone());
        }
    }
    crate::io::from_value_exact(json).map_err(|e| format!("that value does not fit: {e}"))
}

fn gone(c: &Conflict) -> String {
    format!("{} \"{}\" is no longer in the map", c.on, c.id)
}

fn set_field(doc: &Document, c: &Conflict, value: &Value) -> Result<Vec<Edit>, String> {
    let f = c.field.as_str();
    Ok(match c.on.as_str() {
        "entity" => {
            let e = doc.entity(&c.id).ok_or_else(|| gone(c))?;
            vec![Edit::UpdateEntity {
                entity: with_field(e, f, value)?,
            }]
        }
        "relation" => {
            let r = doc.relation(&c.id).ok_or_else(|| gone(c))?;
            vec![Edit::UpdateRelation {
                relation: with_field(r, f, value)?,
            }]
        }
        "source" => {
            let s = doc.source(&c.id).ok_or_else(|| gone(c))?;
            vec![Edit::UpdateSource {
                source: with_field(s, f, value)?,
            }]
        }
        "group" => {
            let g = doc.group(&c.id).ok_or_else(|| gone(c))?;
            vec![grouping::update_group(doc, with_field(g, f, value)?).map_err(|e| e.to_string())?]
        }
        "note" => {
            let i = doc
                .notes
                .iter()
                .position(|n| n.id == c.id)
                .ok_or_else(|| gone(c))?;
            let mut notes = doc.notes.clone();
            notes[i] = with_field(&notes[i], f, value)?;
            vec![Edit::SetNotes { notes }]
        }
        other => return Err(format!("a conflict on \"{other}\" is settled by hand")),
    })
}

fn remove(doc: &Document, c: &Conflict) -> Result<Vec<Edit>, String> {
    Ok(match c.on.as_str() {
        "entity" => {
            doc.entity(&c.id).ok_or_else(|| gone(c))?;
            ops::delete_entities(doc, &[EntityId::new(c.id.as_str())])
        }
        "relation" => {
            doc.relation(&c.id).ok_or_else(|| gone(c))?;
            ops::delete_relation(doc, &RelationId::new(c.id.as_str()))
        }
        "source" => vec![Edit::RemoveSource {
            source: SourceId::new(c.id.as_str()),
        }],
        "group" => {
            let g = doc.group(&c.id).ok_or_else(|| gone(c))?;
            vec![grouping::ungroup(doc, &g.id).map_err(|e| e.to_string())?]
        }
        "note" => vec![Edit::SetNotes {
            notes: doc.notes.iter().filter(|n| n.id != c.id).cloned().collect(),
        }],
        other => return Err(format!("a conflict on \"{other}\" is settled by hand")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::History;

    #[test]
    fn without_a_base_our_values_stay_and_every_difference_is_a_conflict() {
        let ours = crate::io::bundled_map().unwrap();
        let mut theirs = ours.clone();
        theirs.entities[0].summary = "Theirs.".into();
        theirs.entities.push(crate::model::Entity::new(
            EntityId::new("new-one"),
            "New One",
            "person",
        ));
        let merged = merge_without_base(&ours, &theirs).doc;
        assert!(crate::model::validate(&merged).is_empty());
        assert_eq!(merged.entities[0].summary, ours.entities[0].summary);
        assert!(merged.entity("new-one").is_some());
        assert_eq!(merged.conflicts.len(), 1, "{:?}", merged.conflicts);
    }

    #[test]
    fn a_field_takes_the_side_chosen_and_the_conflict_goes_in_one_step() {
        let base = crate::io::bundled_map().unwrap();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        ours.entities[0].summary = "Ours.".into();
        theirs.entities[0].summary = "Theirs.".into();
        let mut doc = super::super::merge::merge(&base, &ours, &theirs).doc;
        assert_eq!(doc.conflicts.len(), 1);
        let before = doc.clone();
        let edits = resolve(&doc, 0, Choice::Theirs).unwrap();
        let mut history = History::new();
        history.apply(&mut doc, "Settle".to_owned(), edits).unwrap();
        assert_eq!(doc.entities[0].summary, "Theirs.");
        assert!(doc.conflicts.is_empty());
        history.undo(&mut doc).unwrap();
        assert_eq!(doc, before);
        assert_eq!(
            Choice::offered(&doc.conflicts[0]),
            [Choice::Base, Choice::Ours, Choice::Theirs, Choice::Dismiss]
        );
    }
}
