//! What the status bar, the title and tests read of the case open.

use super::super::*;

/// What tests and the status bar read of the case.
impl RelmapApp {
    /// The case open, its store and its engine, and whether it is connected; `None` for a
    /// map file.
    pub fn case_status(&self) -> Option<String> {
        let s = self.case.as_ref()?;
        let state = match (&s.engine, &s.trouble) {
            (_, Some(t)) => format!("not connected: {t}"),
            (Some(engine), None) if s.read_only => format!("{engine}, connected, read-only"),
            (Some(engine), None) => format!("{engine}, connected"),
            (None, None) => "connecting…".to_owned(),
        };
        Some(match &s.case {
            Some(c) => format!("Case {c} · {} · {state}", s.location()),
            None => format!("{} · {state}", s.location()),
        })
    }

    /// The case and its state in a few words, for the status bar: "Case haqqani ·
    /// PostgreSQL, connected".
    pub fn case_short_status(&self) -> Option<String> {
        let session = self.case.as_ref()?;
        let holding = session.trouble.is_some() || session.writes.offline;
        if let Some(c) = &session.case
            && holding
            && session.engine.is_some()
        {
            let waiting = session.waiting.map_or(0, |(_, n)| n);
            let by_choice = if session.trouble.is_none() {
                " (by choice)"
            } else {
                ""
            };
            return Some(match waiting {
                0 => format!("Case {c} · offline{by_choice}"),
                n => format!(
                    "Case {c} · Offline{by_choice}: {} waiting",
                    crate::query::count(n, "change", "changes")
                ),
            });
        }
        let location = session.location();
        let full = self.case_status()?;
        Some(full.replacen(&format!(" · {location}"), "", 1))
    }

    /// Whether the case open may only be read here: then nothing in the window edits it.
    pub fn case_read_only(&self) -> bool {
        self.case.as_ref().is_some_and(|s| s.read_only)
    }

    /// Whether the store is working on something this window asked.
    pub fn case_busy(&self) -> bool {
        self.case.as_ref().is_some_and(case::CaseSession::busy)
    }

    /// The case search's hits, by id.
    pub fn case_hits(&self) -> Vec<String> {
        self.case
            .as_ref()
            .map(|s| s.search.hits.iter().map(|h| h.id.clone()).collect())
            .unwrap_or_default()
    }

    /// The neighbours of entity `id` not in view.
    pub fn hidden_neighbours(&self, id: &str) -> u64 {
        self.case.as_ref().map_or(0, |s| s.hidden_count(id))
    }

    /// The undo steps not yet written to the case (the one on its way included).
    pub fn case_steps_waiting(&self) -> usize {
        self.case.as_ref().map_or(0, |s| s.writes.waiting())
    }

    /// Whether the analyst chose to work offline.
    pub fn case_offline_by_choice(&self) -> bool {
        self.case.as_ref().is_some_and(|s| s.writes.offline)
    }

    /// What the last save to the case did not write.
    pub fn case_conflicts(&self) -> Vec<crate::store::Conflict> {
        self.case
            .as_ref()
            .map(|s| s.conflicts.clone())
            .unwrap_or_default()
    }
}
