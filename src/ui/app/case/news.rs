//! Colleagues' changes: the watched case's log entries in words, the view read again, and
//! what they deleted put back on request.

use super::super::*;

impl RelmapApp {
    /// Takes in the watched case's new log entries: colleagues' changes are told in the status
    /// bar and the change list, and the view is read again, so what they changed shows without
    /// the analyst asking (and without moving what is on the canvas).
    pub(super) fn take_news(&mut self, news: Vec<crate::store::Logged>) {
        let Some(session) = self.case.as_mut() else {
            return;
        };
        let theirs: Vec<crate::store::Logged> = news
            .into_iter()
            .filter(|c| {
                !session
                    .written
                    .remove(&(c.item.clone(), c.id.clone(), c.version))
            })
            .collect();
        if theirs.is_empty() {
            return;
        }
        for c in theirs
            .iter()
            .filter(|c| c.action == "delete" && c.item == "entity")
        {
            session.deleted_by.insert(c.id.clone(), c.who.clone());
        }
        let doc = self.ws.doc();
        let told: Vec<super::SeenChange> = theirs
            .iter()
            .map(|c| super::SeenChange {
                at: c.at.clone(),
                text: describe_change(doc, c),
            })
            .collect();
        if let Some(last) = told.last() {
            self.status = match told.len() {
                1 => last.text.clone(),
                n => format!("{} (and {} more changes)", last.text, n - 1),
            };
        }
        for t in told {
            session.changes.insert(0, t);
        }
        session.changes.truncate(super::CHANGES_KEPT);
        session.quiet = true;
        if !session.pulling.is_empty() {
            session.stale = true;
        } else {
            self.pull(Vec::new(), 0, Vec::new(), Vec::new());
        }
    }

    /// Puts back in view an entity a colleague deleted, with its relations to what is in view,
    /// as an edit: the next save writes it into the case again.
    pub(in crate::ui::app) fn restore(&mut self, id: &crate::model::EntityId) {
        let Some(session) = self.case.as_mut() else {
            return;
        };
        let Some(at) = session
            .deleted
            .iter()
            .position(|g| g.entities.iter().any(|e| &e.id == id))
        else {
            return;
        };
        let gone = session.deleted[at].clone();
        let doc = self.ws.doc();
        let Some(entity) = gone.entities.iter().find(|e| &e.id == id).cloned() else {
            return;
        };
        if doc.entity(id.as_str()).is_some() {
            self.status = format!("{} is in view already", entity.name);
            return;
        }
        let mut edits = vec![crate::edit::Edit::InsertEntity {
            index: doc.entities.len(),
            entity: entity.clone(),
        }];
        for r in &gone.relations {
            let end_in = |e: &crate::model::EntityId| e == id || doc.entity(e.as_str()).is_some();
            if end_in(&r.from) && end_in(&r.to) && doc.relations.iter().all(|x| x.id != r.id) {
                edits.push(crate::edit::Edit::InsertRelation {
                    index: usize::MAX,
                    relation: r.clone(),
                });
            }
        }
        if self.edit(format!("Restore {}", entity.name), edits) {
            if let Some(s) = self.case.as_mut() {
                s.deleted[at].entities.retain(|e| &e.id != id);
                s.deleted.retain(|g| !g.entities.is_empty());
            }
            self.status = format!("Restored {}: writing it into the case again", entity.name);
        }
    }
}

/// A log entry in words: "ned edited Taliban: kind, summary".
fn describe_change(doc: &Document, c: &crate::store::Logged) -> String {
    let name = match c.item.as_str() {
        "entity" => doc.entity_name(&c.id).to_owned(),
        "relation" => doc
            .relations
            .iter()
            .find(|r| r.id.as_str() == c.id)
            .map_or_else(
                || format!("relation {}", c.id),
                |r| {
                    format!(
                        "{} {} {}",
                        doc.entity_name(r.from.as_str()),
                        r.caption(),
                        doc.entity_name(r.to.as_str())
                    )
                },
            ),
        "source" => doc
            .sources
            .iter()
            .find(|s| s.id.as_str() == c.id)
            .map_or_else(|| format!("source {}", c.id), |s| s.title.clone()),
        _ => String::new(),
    };
    match c.action.as_str() {
        "update" if !c.note.is_empty() => format!("{} edited {name}: {}", c.who, c.note),
        "update" => format!("{} edited {name}", c.who),
        "insert" => format!("{} added {name}", c.who),
        "delete" => format!("{} deleted {name}", c.who),
        "import" => format!("{} imported into the case: {}", c.who, c.note),
        other => format!("{} {other} {name}", c.who),
    }
}
