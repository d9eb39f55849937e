//! Saving the view's changes to the case, on the worker, and settling what conflicted.

use super::super::*;
use crate::store::worker::Ask;
use crate::store::{Base, item_of, working};

impl RelmapApp {
    /// Writes the view's changes into the case, on the worker.
    pub(in crate::ui::app) fn save_to_case(&mut self) {
        self.commit_layout();
        let Some(session) = self.case.as_mut() else {
            return;
        };
        let Some(case) = session.case.clone() else {
            self.status = "Choose a case first".into();
            return;
        };
        if session.read_only {
            self.status = "This case is read-only for you: nothing can be saved to it".into();
            return;
        }
        if session.trouble.is_some() && session.engine.is_some() {
            // Sent anyway: the worker connects again first, and an answer that it could not
            // keeps the changes waiting.
            session.send_when_back = true;
        }
        if session.saving.is_some() {
            self.status = "Still saving…".into();
            return;
        }
        let sent = match Base::of(self.ws.doc()) {
            Some(Ok(b)) => b,
            _ => Base::default(),
        };
        if sent.items.is_empty() && self.ws.doc().entities.is_empty() {
            self.status = "Nothing in view to save".into();
            return;
        }
        let n = session.worker.ask(Ask::Apply {
            case,
            doc: Box::new(self.ws.doc().clone()),
        });
        session.saving = Some((n, sent, self.ws.revisions()));
        self.status = "Saving to the case…".into();
    }

    pub(super) fn take_applied(&mut self, n: u64, report: crate::store::ApplyReport) {
        let Some(session) = self.case.as_mut() else {
            return;
        };
        let Some((asked, sent, revisions)) = session.saving.take() else {
            return;
        };
        if asked != n {
            session.saving = Some((asked, sent, revisions));
            return;
        }
        let written = match Base::of(&report.doc) {
            Some(Ok(b)) => b,
            _ => sent.clone(),
        };
        // What this save wrote, as the change log will name it to the watch.
        for (key, now) in &written.items {
            if sent.items.get(key) != Some(now) {
                session
                    .written
                    .insert((item_of(key.0), key.1.clone(), now.0));
            }
        }
        for key in sent.items.keys() {
            if !written.items.contains_key(key) {
                session
                    .written
                    .insert((crate::store::item_of(key.0), key.1.clone(), 0));
            }
        }
        let mut doc = self.ws.doc().clone();
        working::rebase(&mut doc, &sent, &written);
        let unchanged_since = self.ws.revisions().data() == revisions.data();
        self.ws.extend_view(doc, false);
        if unchanged_since && report.conflicts.is_empty() {
            self.ws.mark_saved();
            self.layout_moved_saved_positions = false;
            self.restored = false;
        }
        session.send_when_back = false;
        let wrote = report.added.total() + report.updated.total() + report.deleted.total();
        session.conflicts = report.conflicts;
        self.status = match session.conflicts.len() {
            0 => format!(
                "Saved to the case: {}",
                crate::query::count(wrote as usize, "change written", "changes written")
            ),
            c => format!(
                "Saved {}; {c} not written, changed by someone else first: see Conflicts",
                crate::query::count(wrote as usize, "change", "changes")
            ),
        };
    }

    /// Settles the save's conflict `i` in the view, as the analyst chose.
    pub(in crate::ui::app) fn settle(&mut self, i: usize, how: Settlement) {
        let Some(conflict) = self.case.as_ref().and_then(|s| s.conflicts.get(i)).cloned() else {
            return;
        };
        let mut doc = self.ws.doc().clone();
        let settled = match &how {
            Settlement::Keep(keep) => working::settle(&mut doc, &conflict, *keep),
            Settlement::Merged(merged) => {
                working::settle_merged(&mut doc, &conflict, merged.clone())
            }
        };
        match settled {
            Ok(()) => {
                let structure = doc.entities.len() != self.ws.doc().entities.len()
                    || doc.relations.len() != self.ws.doc().relations.len();
                self.show_view(doc, structure);
                if let Some(s) = self.case.as_mut() {
                    s.conflicts.remove(i);
                }
                // A conflict without the store's value (an entity the store would not let go
                // while relations outside the view hold it): theirs is whatever the case holds
                // now, so it is read again; gone, it stays out of view.
                if how == Settlement::Keep(working::Keep::Theirs)
                    && conflict.theirs.is_none()
                    && conflict.item == "entity"
                {
                    self.pull(
                        vec![crate::model::EntityId::new(conflict.id.clone())],
                        0,
                        Vec::new(),
                        Vec::new(),
                    );
                }
                self.status = match how {
                    Settlement::Keep(working::Keep::Theirs) => {
                        format!("Took theirs for {} {:?}", conflict.item, conflict.id)
                    }
                    Settlement::Keep(working::Keep::Mine) => format!(
                        "Kept yours for {} {:?}: Save writes it",
                        conflict.item, conflict.id
                    ),
                    Settlement::Merged(_) => format!(
                        "Merged {} {:?} field by field: Save writes it",
                        conflict.item, conflict.id
                    ),
                };
            }
            Err(e) => {
                self.error = Some(ErrorReport {
                    title: "Could not settle the conflict".into(),
                    message: e,
                });
            }
        }
    }
}

/// How the analyst settles a conflict: one side whole, or a merge made field by field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(in crate::ui::app) enum Settlement {
    Keep(working::Keep),
    Merged(String),
}
