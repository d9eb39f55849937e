//! A conflict field by field: which of an item's fields the store and the view hold
//! differently, and the item made of the analyst's choice for each (theirs, mine, or a value
//! typed in), as Kumu's +/- diff is settled by hand but with every field in reach.

use serde_json::{Map, Value};

use super::super::Conflict;

/// One field the two sides hold differently. `None`: that side has no such field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldDiff {
    pub field: String,
    pub theirs: Option<Value>,
    pub mine: Option<Value>,
}

/// Fields that are each analyst's own, never a conflict: where an entity sits in a view.
const OWN: &[&str] = &["position", "pinned"];

/// The fields `conflict`'s two values hold differently, in the order the store's value has
/// them (then any only the view has). Empty when a side is deleted or not an object: there
/// is nothing to take field by field, only theirs or mine whole.
pub fn differing(conflict: &Conflict) -> Vec<FieldDiff> {
    let (Some(theirs), Some(mine)) = (object(&conflict.theirs), object(&conflict.mine)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let keys = theirs
        .keys()
        .chain(mine.keys().filter(|k| !theirs.contains_key(*k)));
    for key in keys {
        if OWN.contains(&key.as_str()) {
            continue;
        }
        let (t, m) = (theirs.get(key), mine.get(key));
        if t != m {
            out.push(FieldDiff {
                field: key.clone(),
                theirs: t.cloned(),
                mine: m.cloned(),
            });
        }
    }
    out
}

/// The store's value with each of `chosen`'s fields set to the value given (`None`: the field
/// is left out), as JSON for [`super::settle_merged`].
pub fn merged(conflict: &Conflict, chosen: &[(String, Option<Value>)]) -> Result<String, String> {
    let Some(mut item) = object(&conflict.theirs) else {
        return Err(format!(
            "the store holds no {} {:?} to merge into: keep yours or theirs whole",
            conflict.item, conflict.id
        ));
    };
    for (field, value) in chosen {
        if field == "id" && value.as_ref().and_then(Value::as_str) != Some(conflict.id.as_str()) {
            return Err(format!(
                "the id of {} {:?} cannot change",
                conflict.item, conflict.id
            ));
        }
        match value {
            Some(v) => {
                item.insert(field.clone(), v.clone());
            }
            None => {
                item.remove(field);
            }
        }
    }
    serde_json::to_string(&Value::Object(item)).map_err(|e| e.to_string())
}

fn object(json: &Option<String>) -> Option<Map<String, Value>> {
    match serde_json::from_str(json.as_deref()?).ok()? {
        Value::Object(m) => Some(m),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conflict(theirs: &str, mine: &str) -> Conflict {
        Conflict {
            item: "entity",
            id: "a".into(),
            reason: "changed".into(),
            base_version: Some(1),
            store_version: Some(2),
            mine: Some(mine.into()),
            theirs: Some(theirs.into()),
        }
    }

    #[test]
    fn only_the_fields_that_differ_and_never_a_position() {
        let c = conflict(
            r#"{"id":"a","name":"Old","kind":"group","position":[0,0]}"#,
            r#"{"id":"a","name":"New","kind":"group","summary":"mine","position":[5,5]}"#,
        );
        let d = differing(&c);
        let fields: Vec<&str> = d.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["name", "summary"]);
        assert_eq!(d[1].theirs, None);
        assert_eq!(d[1].mine, Some(Value::from("mine")));
    }

    #[test]
    fn the_merge_is_theirs_with_each_choice() {
        let c = conflict(
            r#"{"id":"a","name":"Theirs","kind":"movement","summary":"t"}"#,
            r#"{"id":"a","name":"Mine","kind":"group"}"#,
        );
        let m = merged(
            &c,
            &[
                ("name".into(), Some(Value::from("Mine"))),
                ("summary".into(), None),
            ],
        )
        .expect("merged");
        assert_eq!(m, r#"{"id":"a","name":"Mine","kind":"movement"}"#);
        assert!(merged(&c, &[("id".into(), Some(Value::from("b")))]).is_err());
        let gone = Conflict {
            theirs: None,
            ..c.clone()
        };
        assert!(differing(&gone).is_empty());
        assert!(merged(&gone, &[]).is_err());
    }
}
