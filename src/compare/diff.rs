//! What changed between two versions of a map (`relmap diff OLD NEW`): items added, removed
//! and changed, by id and name; a changed item field by field, a relation's claims one by one;
//! positions only when asked. As text, Markdown or JSON.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde::Serialize;
use serde_json::{Map, Value};

use super::{Kind, Labels, items, map_fields};
use crate::model::Document;

/// What to compare beyond the content.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Entities' and notes' positions and pins.
    pub positions: bool,
}

/// One change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub kind: Kind,
    /// Empty for the map's own fields.
    pub id: String,
    /// Its name (or a relation's ends and kind), in the newer map when it is there.
    pub name: String,
    pub what: What,
}

/// How an item changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "change", rename_all = "lowercase")]
pub enum What {
    Added,
    Removed,
    Changed {
        fields: Vec<Field>,
        /// A relation's claims added and removed, as the file writes them.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        claims_added: Vec<Value>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        claims_removed: Vec<Value>,
    },
}

/// A field's value before and after (`null` where it is absent).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    pub field: String,
    pub old: Value,
    pub new: Value,
}

/// Fields compared only when positions are asked for.
const PLACEMENT: [&str; 2] = ["position", "pinned"];

/// Every change from `old` to `new`: the map's fields, then each kind of item in file order,
/// removed items where they were, added ones where they are.
pub fn diff(old: &Document, new: &Document, options: Options) -> Vec<Change> {
    let (was_called, is_called) = (Labels::of(old), Labels::of(new));
    let mut out = Vec::new();
    let fields = changed_fields(&map_fields(old), &map_fields(new), options, Kind::Map);
    if !fields.is_empty() {
        out.push(Change {
            kind: Kind::Map,
            id: String::new(),
            name: new.title.clone(),
            what: What::Changed {
                fields,
                claims_added: Vec::new(),
                claims_removed: Vec::new(),
            },
        });
    }
    for kind in Kind::ITEMS {
        let before = items(old, kind);
        let after = items(new, kind);
        let after_by_id: HashMap<&str, &Map<String, Value>> =
            after.iter().map(|(id, m)| (id.as_str(), m)).collect();
        let before_by_id: HashMap<&str, &Map<String, Value>> =
            before.iter().map(|(id, m)| (id.as_str(), m)).collect();
        for (id, was) in &before {
            let Some(now) = after_by_id.get(id.as_str()) else {
                out.push(Change {
                    kind,
                    id: id.clone(),
                    name: was_called.label(kind, id),
                    what: What::Removed,
                });
                continue;
            };
            let fields = changed_fields(was, now, options, kind);
            let (claims_added, claims_removed) = if kind == Kind::Relation {
                claims(was, now)
            } else {
                (Vec::new(), Vec::new())
            };
            if !fields.is_empty() || !claims_added.is_empty() || !claims_removed.is_empty() {
                out.push(Change {
                    kind,
                    id: id.clone(),
                    name: is_called.label(kind, id),
                    what: What::Changed {
                        fields,
                        claims_added,
                        claims_removed,
                    },
                });
            }
        }
        for (id, _) in &after {
            if !before_by_id.contains_key(id.as_str()) {
                out.push(Change {
                    kind,
                    id: id.clone(),
                    name: is_called.label(kind, id),
                    what: What::Added,
                });
            }
        }
    }
    out
}

/// The fields that differ, in the order of the newer item (then those only the older has).
fn changed_fields(
    was: &Map<String, Value>,
    now: &Map<String, Value>,
    options: Options,
    kind: Kind,
) -> Vec<Field> {
    let skip = |k: &str| {
        (k == "claims" && kind == Kind::Relation)
            || (!options.positions && PLACEMENT.contains(&k))
            || k == "id"
    };
    let mut out = Vec::new();
    for (k, v) in now {
        if skip(k) {
            continue;
        }
        let old = was.get(k).cloned().unwrap_or(Value::Null);
        if old != *v {
            out.push(Field {
                field: k.clone(),
                old,
                new: v.clone(),
            });
        }
    }
    for (k, v) in was {
        if !skip(k) && !now.contains_key(k) {
            out.push(Field {
                field: k.clone(),
                old: v.clone(),
                new: Value::Null,
            });
        }
    }
    out
}

/// A relation's claims added and removed, each claim compared whole.
fn claims(was: &Map<String, Value>, now: &Map<String, Value>) -> (Vec<Value>, Vec<Value>) {
    let list = |m: &Map<String, Value>| match m.get("claims") {
        Some(Value::Array(c)) => c.clone(),
        _ => Vec::new(),
    };
    let (before, after) = (list(was), list(now));
    let added = after
        .iter()
        .filter(|c| !before.contains(c))
        .cloned()
        .collect();
    let removed = before
        .iter()
        .filter(|c| !after.contains(c))
        .cloned()
        .collect();
    (added, removed)
}

/// A value for a line of text: strings as they are, the rest as compact JSON, cut short.
fn shown(v: &Value) -> String {
    let text = match v {
        Value::Null => "(none)".to_owned(),
        Value::String(s) => format!("\"{s}\""),
        other => other.to_string(),
    };
    if text.chars().count() > 120 {
        format!("{}…", text.chars().take(119).collect::<String>())
    } else {
        text
    }
}

/// A claim in a few words: its stance, speaker or claimant, and quote.
fn claim_words(c: &Value) -> String {
    let get = |k: &str| c.get(k).and_then(Value::as_str).unwrap_or("");
    let who = [get("speaker"), get("claimant")]
        .into_iter()
        .find(|s| !s.is_empty())
        .unwrap_or("someone");
    let quote: String = get("quote").chars().take(80).collect();
    format!("{who} {}: \"{quote}\" ({})", get("stance"), get("source"))
}

fn heading(c: &Change) -> String {
    if c.kind == Kind::Map {
        "the map".to_owned()
    } else if c.name.is_empty() {
        format!("{} \"{}\"", c.kind.name(), c.id)
    } else {
        format!("{} \"{}\" ({})", c.kind.name(), c.id, c.name)
    }
}

/// The changes as lines of text: `+` added, `-` removed, `~` changed with a line per field.
pub fn to_text(changes: &[Change]) -> String {
    let mut s = String::new();
    for c in changes {
        match &c.what {
            What::Added => {
                let _ = writeln!(s, "+ {}", heading(c));
            }
            What::Removed => {
                let _ = writeln!(s, "- {}", heading(c));
            }
            What::Changed {
                fields,
                claims_added,
                claims_removed,
            } => {
                let _ = writeln!(s, "~ {}", heading(c));
                for f in fields {
                    let _ = writeln!(s, "    {}: {} -> {}", f.field, shown(&f.old), shown(&f.new));
                }
                for claim in claims_added {
                    let _ = writeln!(s, "    + claim: {}", claim_words(claim));
                }
                for claim in claims_removed {
                    let _ = writeln!(s, "    - claim: {}", claim_words(claim));
                }
            }
        }
    }
    s
}

/// The changes as Markdown for a report: a count, then a list by kind of change.
pub fn to_markdown(changes: &[Change]) -> String {
    let count = |w: fn(&What) -> bool| changes.iter().filter(|c| w(&c.what)).count();
    let mut s = format!(
        "**{} added, {} removed, {} changed**\n\n",
        count(|w| matches!(w, What::Added)),
        count(|w| matches!(w, What::Removed)),
        count(|w| matches!(w, What::Changed { .. }))
    );
    for c in changes {
        let md = |t: &str| t.replace('|', "\\|").replace('*', "\\*");
        match &c.what {
            What::Added => {
                let _ = writeln!(s, "- **Added** {}", md(&heading(c)));
            }
            What::Removed => {
                let _ = writeln!(s, "- **Removed** {}", md(&heading(c)));
            }
            What::Changed {
                fields,
                claims_added,
                claims_removed,
            } => {
                let _ = writeln!(s, "- **Changed** {}", md(&heading(c)));
                for f in fields {
                    let _ = writeln!(
                        s,
                        "  - `{}`: {} -> {}",
                        f.field,
                        md(&shown(&f.old)),
                        md(&shown(&f.new))
                    );
                }
                for claim in claims_added {
                    let _ = writeln!(s, "  - claim added: {}", md(&claim_words(claim)));
                }
                for claim in claims_removed {
                    let _ = writeln!(s, "  - claim removed: {}", md(&claim_words(claim)));
                }
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EntityId, Position};

    #[test]
    fn a_diff_names_each_change_by_id_and_name_field_by_field() {
        let old = crate::io::bundled_map().unwrap();
        let mut new = old.clone();
        let first = old.entities[0].clone();
        new.entities[0].summary = "Changed.".into();
        new.entities[1].position = Some(Position::new(1.0, 2.0));
        let gone = new.relations.remove(3);
        new.relations[0].claims.pop();
        new.entities.push(crate::model::Entity::new(
            EntityId::new("new-one"),
            "New One",
            "person",
        ));
        let changes = diff(&old, &new, Options::default());
        let text = to_text(&changes);
        assert!(
            text.contains(&format!("~ entity \"{}\" ({})", first.id, first.name)),
            "{text}"
        );
        assert!(text.contains("-> \"Changed.\""), "{text}");
        assert!(
            text.contains(&format!("- relation \"{}\"", gone.id)),
            "{text}"
        );
        assert!(text.contains("    - claim: "), "{text}");
        assert!(text.contains("+ entity \"new-one\" (New One)"), "{text}");
        assert!(
            !text.contains("position"),
            "positions only when asked: {text}"
        );
        let with = diff(&old, &new, Options { positions: true });
        assert!(to_text(&with).contains("position"));
        assert!(to_markdown(&changes).starts_with("**1 added, 1 removed, 2 changed**"));
        assert!(diff(&old, &old, Options { positions: true }).is_empty());
    }
}
