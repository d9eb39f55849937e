//! Opening a case: the store on its worker, the case chosen, and the view the analyst left it
//! with (or one restored from a recovery copy).

use super::super::*;
use super::{CASE_STORE_KEY, CaseSession, RecentCase};
use crate::store::Base;
use crate::store::worker::Ask;

impl RelmapApp {
    /// Opens the case store at `location` in this window, in place of the open map, which the
    /// unsaved-changes guard has already let go. The view starts empty and fills as the store
    /// answers.
    pub(in crate::ui::app) fn open_case(&mut self, location: &str, case: Option<String>) {
        let session = CaseSession::open(location, case, self.waker());
        self.replace_document(Document::default(), None);
        self.canvas.set_empty_hint(Some(
            "Nothing of the case is in view yet.\n\
             Find (Ctrl+F) searches the case;\n\
             a hit joins the view.\n\
             Expand (Ctrl+Shift+N) or a +N badge\n\
             brings its neighbours."
                .into(),
        ));
        self.status = format!("Opening {}…", session.location());
        self.unsaved_name = session.location().to_owned();
        self.case = Some(session);
    }

    /// Restores a recovery copy of a case's view: opens its case, and shows the copy as the
    /// view once the case is open. `false` for a copy of a map, which opens as a map.
    pub(in crate::ui::app) fn restore_case_view(&mut self, copy: &Document) -> bool {
        let Some(store) = copy.extra.get(CASE_STORE_KEY).and_then(|v| v.as_str()) else {
            return false;
        };
        let Some(Ok(base)) = Base::of(copy) else {
            return false;
        };
        let mut view = copy.clone();
        view.extra.remove(CASE_STORE_KEY);
        let store = store.to_owned();
        self.open_case(&store, Some(base.case));
        if let Some(session) = self.case.as_mut() {
            session.restored_view = Some(view);
        }
        true
    }

    /// Opens `case` of the store: the view the analyst last had of it, if any.
    pub(in crate::ui::app) fn choose_case(&mut self, case: &str) {
        let Some(session) = self.case.as_mut() else {
            return;
        };
        if !session.cases.iter().any(|c| c.name == case) {
            self.error = Some(ErrorReport {
                title: format!("There is no case {case:?}"),
                message: format!(
                    "{} holds {}",
                    session.location(),
                    session
                        .cases
                        .iter()
                        .map(|c| format!("{:?}", c.name))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
            return;
        }
        session.case = Some(case.to_owned());
        let title = session
            .cases
            .iter()
            .find(|c| c.name == case)
            .map(|c| c.title.clone())
            .unwrap_or_default();
        session.worker.ask(Ask::Watch {
            case: case.to_owned(),
        });
        self.unsaved_name = format!("{case} ({})", session.location());
        self.settings.remember_case(RecentCase {
            store: session.kept.clone(),
            case: case.to_owned(),
        });
        if self.ws.doc().title.is_empty() && !title.is_empty() {
            let mut doc = self.ws.doc().clone();
            doc.title = title;
            self.ws.extend_view(doc, false);
        }
        let Some(session) = self.case.as_mut() else {
            return;
        };
        if let Some(view) = session.restored_view.take() {
            // The recovered work becomes the view and is written to the case as one step,
            // with the versions it was based on, so what a colleague changed meanwhile is a
            // conflict, not overwritten; the store is asked for the rest of what the view
            // shows (what colleagues changed meanwhile, what is hidden).
            self.show_view(view, true);
            self.canvas.request_fit();
            self.restored = true;
            self.write_step("Restore the unsaved work".into());
            self.status = format!("Restored the unsaved changes to case {case}: writing them");
            if let Some(session) = self.case.as_mut() {
                session.quiet = true;
            }
            self.pull(Vec::new(), 0, Vec::new(), Vec::new());
            return;
        }
        let Some(session) = self.case.as_mut() else {
            return;
        };
        let kept: Vec<String> = session
            .view_key()
            .and_then(|k| self.settings.case_views.get(&k).cloned())
            .unwrap_or_default();
        if kept.is_empty() {
            self.status = format!("Opened case {case}: Find (Ctrl+F) searches it");
            session.search.open = true;
            session.search.focus = true;
        } else {
            session.filling = Some(super::Filling {
                total: kept.len(),
                left: kept.into_iter().map(crate::model::EntityId::new).collect(),
            });
            self.fill_view();
        }
    }

    /// Reads the next part of the view the case was left with, while any is left: a large
    /// view comes in parts of [`FILL_PART`] entities, so the window can say how much is read
    /// and the analyst can stop it (what is read stays in view).
    pub(super) fn fill_view(&mut self) {
        let Some(session) = self.case.as_mut() else {
            return;
        };
        let Some(filling) = session.filling.as_mut() else {
            return;
        };
        if filling.left.is_empty() {
            session.filling = None;
            return;
        }
        let part: Vec<crate::model::EntityId> = filling
            .left
            .drain(..filling.left.len().min(FILL_PART))
            .collect();
        let read = filling.total - filling.left.len() - part.len();
        self.status = format!(
            "Opening the case's last view: {read} of {} entities read",
            filling.total
        );
        self.pull(part, 0, Vec::new(), Vec::new());
    }

    /// Stops reading the case's last view: what is in view stays.
    pub(in crate::ui::app) fn stop_filling(&mut self) {
        if let Some(session) = self.case.as_mut()
            && let Some(f) = session.filling.take()
        {
            self.status = format!(
                "Stopped opening the case's last view: {} of {} entities read",
                f.total - f.left.len(),
                f.total
            );
        }
    }
}

/// How many entities of a case's last view one read brings in.
pub const FILL_PART: usize = 250;
