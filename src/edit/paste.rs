//! Rows pasted from a spreadsheet into the data table: tab-separated text whose first line
//! names the columns (as the table's headers, or new attributes). Each row updates the entity
//! its id names, or else the one of its name, cell by cell as the table edits a cell
//! (`query::table::with_cell`); a row that matches none adds an entity. Empty cells change
//! nothing. Every row is checked before anything changes: one mistake, named by its line and
//! column, and the whole paste is refused.

use std::collections::HashSet;

use super::Edit;
use crate::model::{Document, Entity, EntityId};
use crate::query::table::{self, Column};

/// What a paste does: its edits, as one step, and how many entities it updates and adds.
#[derive(Debug, Clone, PartialEq)]
pub struct Pasted {
    pub edits: Vec<Edit>,
    pub updated: usize,
    pub added: usize,
}

/// The edits that paste `text` into `doc`, or why it cannot be pasted.
pub fn paste_rows(doc: &Document, text: &str) -> Result<Pasted, String> {
    let mut lines = text
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((_, header)) = lines.next() else {
        return Err("nothing to paste: copy rows from a spreadsheet, with a header line".into());
    };
    let fields = table::entity_columns(doc);
    let columns: Vec<Column> = header
        .split('\t')
        .map(|h| {
            let h = h.trim();
            fields
                .iter()
                .find(|c| c.title().eq_ignore_ascii_case(h))
                .cloned()
                .unwrap_or_else(|| Column::Attribute(h.to_owned()))
        })
        .collect();
    if let Some(empty) = columns.iter().position(|c| c.title().is_empty()) {
        return Err(format!("the header's column {} has no name", empty + 1));
    }
    let at = |c: &Column| columns.iter().position(|x| x == c);
    let (id_at, name_at) = (at(&Column::Id), at(&Column::Name));
    if id_at.is_none() && name_at.is_none() {
        return Err(
            "the header names neither an id nor a name column, so no row can be matched".into(),
        );
    }
    let mut out = Pasted {
        edits: Vec::new(),
        updated: 0,
        added: 0,
    };
    let mut taken: HashSet<String> = doc.entities.iter().map(|e| e.id.to_string()).collect();
    for (n, line) in lines {
        let line_no = n + 1;
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.len() > columns.len() {
            return Err(format!(
                "line {line_no} has {} cells and the header {} columns",
                cells.len(),
                columns.len()
            ));
        }
        let cell = |k: Option<usize>| k.and_then(|k| cells.get(k)).map(|c| c.trim()).unwrap_or("");
        let (id, name) = (cell(id_at), cell(name_at));
        let found = match doc.entity(id) {
            Some(e) if !id.is_empty() => Some(e),
            _ if name.is_empty() => None,
            _ => {
                let mut same = doc
                    .entities
                    .iter()
                    .filter(|e| e.name.eq_ignore_ascii_case(name));
                match (same.next(), same.next()) {
                    (Some(_), Some(_)) => {
                        return Err(format!(
                            "line {line_no}: several entities are named \"{name}\"; give their ids"
                        ));
                    }
                    (one, _) => one,
                }
            }
        };
        let (mut entity, is_new) = match found {
            Some(e) => (e.clone(), false),
            None if name.is_empty() => {
                return Err(format!(
                    "line {line_no}: no entity has the id \"{id}\", and the row has no name to add \
                     one under"
                ));
            }
            None => (new_entity(doc, &mut taken, id, name), true),
        };
        for (k, column) in columns.iter().enumerate() {
            let value = cells.get(k).copied().unwrap_or("");
            if value.trim().is_empty() || *column == Column::Id {
                continue;
            }
            entity = table::with_cell(&entity, column, value)
                .map_err(|why| format!("line {line_no}, column {}: {why}", column.title()))?;
        }
        if is_new {
            out.edits.push(Edit::InsertEntity {
                index: doc.entities.len() + out.added,
                entity,
            });
            out.added += 1;
        } else if doc.entity(entity.id.as_str()) != Some(&entity) {
            out.edits.push(Edit::UpdateEntity { entity });
            out.updated += 1;
        }
    }
    Ok(out)
}

/// A new entity for a pasted row: its id if the row gives one not taken, else one made from
/// its name, unique in the map and among the rows added before it.
fn new_entity(doc: &Document, taken: &mut HashSet<String>, id: &str, name: &str) -> Entity {
    let id = if !id.is_empty() && !taken.contains(id) {
        id.to_owned()
    } else {
        let base = super::ops::new_entity_id(doc, name).to_string();
        let mut candidate = base.clone();
        let mut k = 2;
        while taken.contains(&candidate) {
            candidate = format!("{base}-{k}");
            k += 1;
        }
        candidate
    };
    taken.insert(id.clone());
    Entity::new(EntityId::new(id), name, "entity")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::History;

    #[test]
    fn rows_update_by_id_or_name_and_add_the_rest_in_one_step() {
        let mut doc = crate::io::bundled_map().unwrap();
        let text = "name\tid\tKind\trank\n\
                    Ned Price\t\t\tspokesman\n\
                    \tjohn-kirby\tofficial\t\n\
                    Zalmay Khalilzad\t\tperson\tenvoy\n";
        let pasted = paste_rows(&doc, text).unwrap();
        assert_eq!((pasted.updated, pasted.added), (2, 1));
        let before = crate::io::to_json_string(&doc);
        let mut history = History::new();
        history
            .apply(&mut doc, "paste".to_owned(), pasted.edits)
            .unwrap();
        let rank = |id: &str| {
            doc.entity(id)
                .unwrap()
                .attributes
                .get("rank")
                .map(|v| v.to_string())
        };
        assert_eq!(rank("ned-price").as_deref(), Some("spokesman"));
        assert_eq!(doc.entity("john-kirby").unwrap().kind, "official");
        let added = doc.entity("zalmay-khalilzad").unwrap();
        assert_eq!(
            (added.kind.as_str(), rank("zalmay-khalilzad").as_deref()),
            ("person", Some("envoy"))
        );
        history.undo(&mut doc).unwrap();
        assert_eq!(
            crate::io::to_json_string(&doc),
            before,
            "one step undoes it all"
        );
    }

    #[test]
    fn a_mistake_anywhere_refuses_the_paste_and_names_its_place() {
        let doc = crate::io::bundled_map().unwrap();
        let err = |t: &str| paste_rows(&doc, t).unwrap_err();
        assert!(err("").contains("nothing to paste"));
        assert!(err("rank\tage\n1\t2").contains("neither an id nor a name"));
        assert!(err("name\tfrom\nNed Price\tsoon").contains("line 2, column from"));
        assert!(err("name\nA\tB").contains("line 2 has 2 cells"));
        assert!(err("id\nnobody").contains("no entity has the id \"nobody\""));
    }
}
