//! The case's windows: find in case, the chooser, the large-expand question, changes and
//! conflicts.

use super::super::*;

impl RelmapApp {
    /// The case's windows: the case search, the case chooser, the question before a large
    /// expand, the conflicts, and the form that opens a case.
    pub(in crate::ui::app) fn case_windows(&mut self, ctx: &egui::Context) -> Vec<Action> {
        use crate::ui::panels::case;
        let mut actions = Vec::new();
        if self.open_case_form.open {
            let recent: Vec<(String, String)> = self
                .settings
                .recent_cases
                .iter()
                .map(|r| (r.store.clone(), r.case.clone()))
                .collect();
            actions.extend(case::open_form(ctx, &mut self.open_case_form, &recent));
        }
        let Some(session) = self.case.as_mut() else {
            return actions;
        };
        if session.search.open && session.case.is_some() {
            actions.extend(case::search_window(ctx, &mut session.search, self.ws.doc()));
        }
        if session.case.is_none() && session.cases.len() > 1 {
            actions.extend(case::chooser(
                ctx,
                session.worker.location(),
                &session.cases,
            ));
        }
        if let Some(f) = &session.filling {
            let read = f.total - f.left.len();
            actions.extend(case::filling(ctx, read, f.total));
        }
        if let Some(g) = &session.guard {
            actions.extend(case::guard(ctx, &g.seeds, &g.counts, self.ws.doc()));
        }
        if self.changes_open {
            let seen: Vec<(String, String)> = session
                .changes
                .iter()
                .map(|c| (c.at.clone(), c.text.clone()))
                .collect();
            let deleted: Vec<(crate::model::EntityId, String)> = session
                .deleted
                .iter()
                .flat_map(|g| g.entities.iter().map(|e| (e.id.clone(), e.name.clone())))
                .collect();
            actions.extend(case::changes(ctx, &seen, &deleted, &mut self.changes_open));
        }
        if self.conflicts_open && !session.conflicts.is_empty() {
            actions.extend(crate::ui::panels::conflicts::conflicts(
                ctx,
                &session.conflicts,
                &mut self.conflict_choices,
                &mut self.conflicts_open,
            ));
        }
        actions
    }
}
