//! The data table's edits of many entities at once, each one step of Undo: find and replace
//! across names, aliases and text attributes; an attribute column added, renamed, retyped or
//! deleted. What cannot be done is refused before anything changes, with each entity it is
//! about.

use super::Edit;
use crate::model::{AttrValue, Document, Entity, PartialDate};

/// Where find and replace looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope {
    pub names: bool,
    pub aliases: bool,
    pub attributes: bool,
}

impl Default for Scope {
    fn default() -> Self {
        Self {
            names: true,
            aliases: true,
            attributes: true,
        }
    }
}

/// Replaces `find` with `replace` in the entities at `rows` (all when `None`): in names,
/// aliases and text attributes as `scope` says, matching case or not. Returns the edits and
/// how many places changed; a name that would become empty is refused, naming the entity.
pub fn find_replace(
    doc: &Document,
    rows: Option<&[usize]>,
    find: &str,
    replace: &str,
    match_case: bool,
    scope: Scope,
) -> Result<(Vec<Edit>, usize), String> {
    if find.is_empty() {
        return Err("type what to find".to_owned());
    }
    let all: Vec<usize> = (0..doc.entities.len()).collect();
    let mut edits = Vec::new();
    let mut places = 0;
    for &i in rows.unwrap_or(&all) {
        let Some(e) = doc.entities.get(i) else {
            continue;
        };
        let mut out = e.clone();
        let mut here = 0;
        if scope.names {
            here += swap(&mut out.name, find, replace, match_case);
            if out.name.trim().is_empty() {
                return Err(format!(
                    "entity \"{}\": its name would be empty; nothing was replaced",
                    e.id
                ));
            }
        }
        if scope.aliases {
            for a in &mut out.aliases {
                here += swap(a, find, replace, match_case);
            }
            out.aliases.retain(|a| !a.trim().is_empty());
        }
        if scope.attributes {
            for (_, v) in out.attributes.iter_mut() {
                if let AttrValue::Text(t) = v {
                    here += swap(t, find, replace, match_case);
                }
            }
        }
        if here > 0 {
            places += here;
            edits.push(Edit::UpdateEntity { entity: out });
        }
    }
    Ok((edits, places))
}

/// Replaces every `find` in `text`; returns how many.
fn swap(text: &mut String, find: &str, replace: &str, match_case: bool) -> usize {
    if match_case {
        let n = text.matches(find).count();
        if n > 0 {
            *text = text.replace(find, replace);
        }
        return n;
    }
    // Case-blind, on the text as written: find each match in a lowercased copy whose
    // characters line up with the original's (one lowercase char per char, else give up).
    let lower: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
    if lower.len() != text.chars().count() {
        let n = text.matches(find).count();
        *text = text.replace(find, replace);
        return n;
    }
    let needle: Vec<char> = find.chars().flat_map(char::to_lowercase).collect();
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let (mut i, mut n) = (0, 0);
    while i < chars.len() {
        if !needle.is_empty() && lower[i..].starts_with(&needle) {
            out.push_str(replace);
            i += needle.len();
            n += 1;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    if n > 0 {
        *text = out;
    }
    n
}

/// The type an attribute column is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    Text,
    Number,
    Date,
    Boolean,
}

impl ColumnType {
    pub const ALL: [ColumnType; 4] = [Self::Text, Self::Number, Self::Date, Self::Boolean];

    pub fn name(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Number => "number",
            Self::Date => "date",
            Self::Boolean => "boolean",
        }
    }

    /// `value` as this type, or `None` when it does not read as one.
    pub fn convert(self, value: &AttrValue) -> Option<AttrValue> {
        let text = value.to_string();
        let t = text.trim();
        match self {
            Self::Text => Some(AttrValue::Text(text)),
            Self::Number => t.parse::<serde_json::Number>().ok().map(AttrValue::Number),
            Self::Date => {
                let date = PartialDate::new(t);
                date.is_well_formed().then_some(AttrValue::Date { date })
            }
            Self::Boolean => match t.to_ascii_lowercase().as_str() {
                "true" | "yes" => Some(AttrValue::Bool(true)),
                "false" | "no" => Some(AttrValue::Bool(false)),
                _ => None,
            },
        }
    }
}

/// Gives attribute `name` type `to` on every entity that has it; `Err` lists each value that
/// does not read as one (entity id, value), and nothing changes.
pub fn retype(
    doc: &Document,
    name: &str,
    to: ColumnType,
) -> Result<Vec<Edit>, Vec<(String, String)>> {
    let mut edits = Vec::new();
    let mut refused = Vec::new();
    for e in &doc.entities {
        let Some(v) = e.attributes.get(name) else {
            continue;
        };
        match to.convert(v) {
            Some(new) if new == *v => {}
            Some(new) => {
                let mut out = e.clone();
                out.attributes.insert(name.to_owned(), new);
                edits.push(Edit::UpdateEntity { entity: out });
            }
            None => refused.push((e.id.to_string(), v.to_string())),
        }
    }
    if refused.is_empty() {
        Ok(edits)
    } else {
        Err(refused)
    }
}

/// Renames attribute `from` to `to` on every entity; refused when `to` is empty, a field's
/// name, or an attribute some entity already has.
pub fn rename(doc: &Document, from: &str, to: &str) -> Result<Vec<Edit>, String> {
    let to = to.trim();
    if to.is_empty() {
        return Err("a column needs a name".to_owned());
    }
    if to == from {
        return Ok(Vec::new());
    }
    if let Some(e) = doc.entities.iter().find(|e| e.attributes.get(to).is_some()) {
        return Err(format!(
            "entity \"{}\" already has an attribute \"{to}\"; choose another name",
            e.id
        ));
    }
    Ok(each_with(doc, from, |e| {
        if let Some(v) = e.attributes.remove(from) {
            e.attributes.insert(to.to_owned(), v);
        }
    }))
}

/// Deletes attribute `name` from every entity.
pub fn delete(doc: &Document, name: &str) -> Vec<Edit> {
    each_with(doc, name, |e| {
        e.attributes.remove(name);
    })
}

/// Adds attribute `name`, holding `value` (as text, a number, a date or a boolean as it
/// reads), to the entities at `rows`; refused when some entity already has it.
pub fn add(doc: &Document, rows: &[usize], name: &str, value: &str) -> Result<Vec<Edit>, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("a column needs a name".to_owned());
    }
    if value.trim().is_empty() {
        return Err("give the new column a value for the rows it goes on".to_owned());
    }
    if let Some(e) = doc
        .entities
        .iter()
        .find(|e| e.attributes.get(name).is_some())
    {
        return Err(format!(
            "entity \"{}\" already has an attribute \"{name}\"",
            e.id
        ));
    }
    let typed = ColumnType::ALL
        .into_iter()
        .skip(1)
        .find_map(|t| t.convert(&AttrValue::text(value)))
        .unwrap_or_else(|| AttrValue::text(value.trim()));
    Ok(rows
        .iter()
        .filter_map(|&i| doc.entities.get(i))
        .map(|e| {
            let mut out = e.clone();
            out.attributes.insert(name.to_owned(), typed.clone());
            Edit::UpdateEntity { entity: out }
        })
        .collect())
}

/// One update for each entity with attribute `name`, changed by `change`.
fn each_with(doc: &Document, name: &str, change: impl Fn(&mut Entity)) -> Vec<Edit> {
    doc.entities
        .iter()
        .filter(|e| e.attributes.get(name).is_some())
        .map(|e| {
            let mut out = e.clone();
            change(&mut out);
            Edit::UpdateEntity { entity: out }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::History;

    fn apply(doc: &mut Document, edits: Vec<Edit>) {
        History::new().apply(doc, "t".to_owned(), edits).unwrap();
    }

    #[test]
    fn find_and_replace_reaches_names_aliases_and_text_attributes_whatever_the_case() {
        let mut doc = crate::io::bundled_map().unwrap();
        let (edits, places) =
            find_replace(&doc, None, "haqqani", "Haqani", false, Scope::default()).unwrap();
        assert!(places >= 6, "{places}");
        apply(&mut doc, edits);
        assert_eq!(doc.entity("anas-haqqani").unwrap().name, "Anas Haqani");
        let network = doc.entity("haqqani-network").unwrap();
        assert!(
            network.aliases.contains(&"Haqanis".to_owned()),
            "{network:?}"
        );
        let refused = find_replace(&doc, None, "Qatar", "", true, Scope::default());
        assert!(refused.unwrap_err().contains("\"qatar\""));
    }

    #[test]
    fn retyping_lists_what_will_not_convert_and_changes_nothing() {
        let mut doc = crate::io::bundled_map().unwrap();
        let refused = retype(&doc, "year", ColumnType::Date);
        assert!(refused.is_ok(), "2001 reads as a date");
        doc.entities[0]
            .attributes
            .insert("year".into(), AttrValue::text("late 2001"));
        let refused = retype(&doc, "year", ColumnType::Number).unwrap_err();
        assert_eq!(
            refused,
            vec![(doc.entities[0].id.to_string(), "late 2001".to_owned())]
        );
        let edits = retype(&doc, "year", ColumnType::Text).unwrap();
        assert!(edits.is_empty(), "already text");
    }

    #[test]
    fn a_column_is_added_renamed_and_deleted_on_every_entity() {
        let mut doc = crate::io::bundled_map().unwrap();
        let edits = add(&doc, &[0, 1], "rank", "3").unwrap();
        apply(&mut doc, edits);
        assert_eq!(
            doc.entities[1].attributes.get("rank"),
            Some(&AttrValue::Number("3".parse().unwrap()))
        );
        assert!(
            rename(&doc, "rank", "year")
                .unwrap_err()
                .contains("already has")
        );
        let edits = rename(&doc, "rank", "grade").unwrap();
        apply(&mut doc, edits);
        assert!(doc.entities[0].attributes.get("grade").is_some());
        let edits = delete(&doc, "grade");
        apply(&mut doc, edits);
        assert!(
            doc.entities
                .iter()
                .all(|e| e.attributes.get("grade").is_none())
        );
    }
}
