//! Writing the view's changes to the case, on the worker: each undo step (an edit, an undo, a
//! redo) is one write of its own, carrying the versions the view took; the steps go in order,
//! one at a time, and wait while the case cannot be reached or the analyst works offline.
//! What a write could not take, because someone else changed it first, is settled here.

use std::collections::VecDeque;

use super::super::*;
use crate::store::worker::Ask;
use crate::store::{Base, item_of, working};

/// Steps waiting beyond this many are written together, so a long offline spell holds one view
/// per waiting write rather than one per edit.
const STEPS_KEPT: usize = 16;

/// One write to the case: the view as an undo step left it.
pub(in crate::ui::app) struct Step {
    /// What the analyst did first ("Rename Anas Haqqani", "Undo delete Taliban").
    label: String,
    /// How many later steps joined this write (while offline).
    more: usize,
    doc: Box<Document>,
}

impl Step {
    /// The step in words, as the status bar tells what was written.
    fn said(&self) -> String {
        match self.more {
            0 => self.label.clone(),
            n => format!(
                "{} and {}",
                self.label,
                crate::query::count(n, "later step", "later steps")
            ),
        }
    }
}

/// The writes of a case's view, in the order its steps were taken.
#[derive(Default)]
pub(in crate::ui::app) struct Writes {
    /// Steps not yet written; the first is on its way when `asked` is set.
    steps: VecDeque<Step>,
    /// The number of the ask writing the first step.
    asked: Option<u64>,
    /// The analyst chose to work offline: steps wait until they choose otherwise.
    pub(in crate::ui::app) offline: bool,
}

impl Writes {
    /// Steps waiting to be written, the one on its way included.
    pub(in crate::ui::app) fn waiting(&self) -> usize {
        self.steps.len()
    }

    /// Queues `doc` as a step. While the case is not being written to (offline, or past
    /// [`STEPS_KEPT`]), it joins the last step that is not on its way, as one write.
    fn push(&mut self, label: String, doc: Document, holding: bool) {
        let sent = usize::from(self.asked.is_some());
        if self.steps.len() > sent
            && (holding || self.steps.len() >= STEPS_KEPT)
            && let Some(last) = self.steps.back_mut()
        {
            last.more += 1;
            *last.doc = doc;
            return;
        }
        self.steps.push_back(Step {
            label,
            more: 0,
            doc: Box::new(doc),
        });
    }
}

impl RelmapApp {
    /// Writes the view as an undo step left it into the case, as one transaction of its own,
    /// once the steps before it are written. Nothing for a map file or a read-only case.
    pub(in crate::ui::app) fn write_step(&mut self, label: String) {
        let Some(session) = self.case.as_mut() else {
            return;
        };
        if session.case.is_none() || session.read_only {
            return;
        }
        let holding = session.writes.offline || session.trouble.is_some();
        session.writes.push(label, self.ws.doc().clone(), holding);
        self.send_step();
    }

    /// Sends the first step waiting, unless one is on its way or the analyst works offline.
    /// While the case cannot be reached it is sent anyway: the worker connects again first,
    /// and an answer that it could not keeps the step waiting.
    pub(super) fn send_step(&mut self) {
        let Some(session) = self.case.as_mut() else {
            return;
        };
        if session.writes.asked.is_some() || session.writes.offline {
            return;
        }
        let (Some(case), Some(step)) = (session.case.clone(), session.writes.steps.front()) else {
            return;
        };
        let n = session.worker.ask(Ask::Apply {
            case,
            doc: step.doc.clone(),
        });
        session.writes.asked = Some(n);
    }

    /// Save in a case: sends what waits now, or writes the view as it is (the layout's
    /// positions included) as one step.
    pub(in crate::ui::app) fn save_to_case(&mut self) {
        self.commit_layout();
        let Some(session) = self.case.as_mut() else {
            return;
        };
        if session.case.is_none() {
            self.status = "Choose a case first".into();
            return;
        }
        if session.read_only {
            self.status = "This case is read-only for you: nothing can be saved to it".into();
            return;
        }
        if session.writes.offline {
            self.status = format!(
                "Working offline: {} until you work online again (Case ⏵ Work offline or online)",
                crate::query::count(
                    working::pending(self.ws.doc()),
                    "change waits",
                    "changes wait"
                )
            );
            return;
        }
        if session.writes.waiting() > 0 {
            if session.trouble.is_some() {
                session.send_when_back = true;
            }
            self.status = "Saving to the case…".into();
            self.send_step();
            return;
        }
        let taken = matches!(Base::of(self.ws.doc()), Some(Ok(b)) if !b.items.is_empty());
        if !taken && self.ws.doc().entities.is_empty() {
            self.status = "Nothing in view to save".into();
            return;
        }
        self.write_step("Save".into());
        self.status = "Saving to the case…".into();
    }

    /// Works offline (edits wait in the window) or online again (what waits is sent, and the
    /// view is read again for what colleagues did meanwhile).
    pub(in crate::ui::app) fn toggle_offline(&mut self) {
        let Some(session) = self.case.as_mut() else {
            self.status = "Working offline is for a case store: Case ⏵ Open case…".into();
            return;
        };
        session.writes.offline = !session.writes.offline;
        if session.writes.offline {
            self.status =
                "Working offline: your edits wait here until you work online again".into();
            return;
        }
        // What colleagues did meanwhile is read again; the write's answer is what to tell.
        session.quiet = true;
        let waiting = session.writes.waiting();
        self.status = match waiting {
            0 => "Working online".into(),
            _ => "Working online: sending what waited…".into(),
        };
        self.send_step();
        self.pull(Vec::new(), 0, Vec::new(), Vec::new());
    }

    pub(super) fn take_applied(&mut self, n: u64, report: crate::store::ApplyReport) {
        let Some(session) = self.case.as_mut() else {
            return;
        };
        if session.writes.asked != Some(n) {
            return;
        }
        session.writes.asked = None;
        let Some(step) = session.writes.steps.pop_front() else {
            return;
        };
        let sent = match Base::of(&step.doc) {
            Some(Ok(b)) => b,
            _ => Base::default(),
        };
        let written = match Base::of(&report.doc) {
            Some(Ok(b)) => b,
            _ => sent.clone(),
        };
        // What this write wrote, as the change log will name it to the watch.
        for (key, now) in &written.items {
            if sent.items.get(key) != Some(now) {
                session
                    .written
                    .insert((item_of(key.0), key.1.clone(), now.0));
            }
        }
        for key in sent.items.keys() {
            if !written.items.contains_key(key) {
                session.written.insert((item_of(key.0), key.1.clone(), 0));
            }
        }
        // The view and every step still waiting took the versions this write moved on from.
        for later in &mut session.writes.steps {
            working::rebase(&mut later.doc, &sent, &written);
        }
        session.send_when_back = false;
        session.conflicts = report.conflicts;
        let conflicts = session.conflicts.len();
        let done = session.writes.steps.is_empty();
        let mut doc = self.ws.doc().clone();
        working::rebase(&mut doc, &sent, &written);
        super::drop_elsewhere(self.ws.extend_view(doc, false));
        let wrote = report.added.total() + report.updated.total() + report.deleted.total();
        if done && conflicts == 0 && working::pending(self.ws.doc()) == 0 {
            self.ws.mark_saved();
            self.layout_moved_saved_positions = false;
            self.restored = false;
        }
        self.status = match conflicts {
            0 => format!(
                "Saved to the case: {} ({})",
                step.said(),
                crate::query::count(wrote as usize, "change written", "changes written")
            ),
            c => format!(
                "Saved {} of {}; {c} not written, changed by someone else first: see Conflicts",
                crate::query::count(wrote as usize, "change", "changes"),
                step.said()
            ),
        };
        self.send_step();
    }

    /// A write the case did not take. Offline (the case cannot be reached), the step waits and
    /// goes as soon as the case is back; refused for any other reason, it is dropped from the
    /// queue and said, and its changes stay in view for the next save.
    pub(super) fn write_failed(&mut self, n: u64, error: &crate::store::StoreError) -> bool {
        let Some(session) = self.case.as_mut() else {
            return false;
        };
        if session.writes.asked != Some(n) {
            return false;
        }
        session.writes.asked = None;
        if matches!(
            error.kind,
            crate::store::ErrorKind::Lost | crate::store::ErrorKind::Connect
        ) {
            session.send_when_back = true;
            return true;
        }
        session.writes.steps.pop_front();
        false
    }

    /// Settles the save's conflict `i` in the view, as the analyst chose; yours, or a merge,
    /// is written to the case at once.
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
        if let Err(e) = settled {
            self.error = Some(ErrorReport {
                title: "Could not settle the conflict".into(),
                message: e,
            });
            return;
        }
        let structure = doc.entities.len() != self.ws.doc().entities.len()
            || doc.relations.len() != self.ws.doc().relations.len();
        self.show_view(doc, structure);
        if let Some(s) = self.case.as_mut() {
            s.conflicts.remove(i);
        }
        let what = format!("{} {:?}", conflict.item, conflict.id);
        match how {
            Settlement::Keep(working::Keep::Theirs) => {
                // A conflict without the store's value (an entity the store would not let go
                // while relations outside the view hold it): theirs is whatever the case holds
                // now, so it is read again; gone, it stays out of view.
                if conflict.theirs.is_none() && conflict.item == "entity" {
                    self.pull(
                        vec![crate::model::EntityId::new(conflict.id.clone())],
                        0,
                        Vec::new(),
                        Vec::new(),
                    );
                }
                self.status = format!("Took theirs for {what}");
            }
            Settlement::Keep(working::Keep::Mine) => {
                self.write_step(format!("Keep yours for {what}"));
                self.status = format!("Kept yours for {what}: writing it to the case");
            }
            Settlement::Merged(_) => {
                self.write_step(format!("Merge {what} field by field"));
                self.status = format!("Merged {what} field by field: writing it to the case");
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

#[cfg(test)]
mod tests {
    use super::*;

    fn titled(t: &str) -> Document {
        Document {
            title: t.into(),
            ..Document::default()
        }
    }

    #[test]
    fn steps_are_written_one_each_unless_they_wait() {
        let mut w = Writes::default();
        w.push("a".into(), titled("a"), false);
        w.asked = Some(1);
        w.push("b".into(), titled("b"), false);
        assert_eq!(w.waiting(), 2, "online, each step is a write of its own");
        // Offline, later steps join the last one not on its way, which ends as the newest.
        w.push("c".into(), titled("c"), true);
        w.push("d".into(), titled("d"), true);
        assert_eq!(w.waiting(), 2);
        let last = w.steps.back().expect("a step");
        assert_eq!(last.doc.title, "d");
        assert_eq!(last.said(), "b and 2 later steps");
        assert_eq!(w.steps.front().map(|s| s.doc.title.as_str()), Some("a"));
        // The step on its way is never joined.
        let mut w = Writes::default();
        w.push("a".into(), titled("a"), false);
        w.asked = Some(1);
        w.push("b".into(), titled("b"), true);
        assert_eq!(w.waiting(), 2);
        // Online, past STEPS_KEPT waiting, steps join too.
        let mut w = Writes {
            asked: Some(1),
            ..Writes::default()
        };
        for i in 0..STEPS_KEPT + 5 {
            w.push(format!("{i}"), titled(&i.to_string()), false);
        }
        assert_eq!(w.waiting(), STEPS_KEPT);
    }
}
