//! Crash recovery in the window: offering a dead window's copy, and keeping this window's
//! copy up to date on the recovery writer's thread, with back-off when it fails.

use super::*;

impl RelmapApp {
    /// Keeps recovery copies in `store`, and offers the newest copy a window that is gone left
    /// there, if it holds work the user's file does not. Copies older than their file are
    /// removed; further orphans wait for the next start.
    pub fn with_recovery(mut self, store: RecoveryStore) -> Self {
        for orphan in store.orphans() {
            match orphan.copy {
                Ok(found) if !found.is_newer_than_origin() => orphan.slot.remove(),
                _ if self.recovery_offer_slot.is_some() => {}
                Ok(found) => {
                    self.recovery_offer = Some(Ok(found));
                    self.recovery_offer_slot = Some(orphan.slot);
                }
                Err(e) => {
                    self.recovery_offer = Some(Err(e.to_string()));
                    self.recovery_offer_slot = Some(orphan.slot);
                }
            }
        }
        self.recovery = Some(store);
        self
    }

    /// Sets the time between recovery copies (five seconds by default).
    pub fn with_recovery_interval(mut self, seconds: f64) -> Self {
        self.recovery_interval = seconds;
        self
    }

    /// The files File ▸ Open Recent lists, newest first.
    pub fn recent_files(&self) -> &[PathBuf] {
        &self.settings.recent
    }

    /// The preferences this window keeps between runs.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The import report on screen, if a foreign file was opened and its report not closed.
    pub fn import_report(&self) -> Option<&crate::io::formats::ImportReport> {
        self.import_report.as_ref().map(|shown| &shown.report)
    }

    /// A recovery copy is waiting for the user's answer.
    pub fn recovery_offered(&self) -> bool {
        self.recovery_offer.is_some()
    }

    /// Waits until the recovery copies asked for so far are on disk (for tests and tools).
    pub fn flush_recovery(&self) {
        if let Some(writer) = &self.recovery_writer {
            writer.flush();
        }
    }

    /// How long the window waits before trying a recovery copy again after one failed (0
    /// while copies succeed).
    pub fn recovery_backoff(&self) -> f64 {
        self.recovery_backoff
    }

    /// This window's recovery slot, once it has one.
    pub fn recovery_slot_dir(&self) -> Option<&Path> {
        self.recovery_writer.as_ref().map(RecoveryWriter::slot_dir)
    }

    /// Asks for a recovery copy when there are unsaved changes not yet copied and the interval
    /// has passed; removes the copy once nothing is unsaved. The copy is written by the
    /// recovery writer's thread: the frame only clones the map.
    pub(super) fn keep_recovery_copy(&mut self, ctx: &egui::Context) {
        if self.recovery.is_none() {
            return;
        }
        let now = ctx.input(|i| i.time);
        let last_outcome = self
            .recovery_writer
            .as_ref()
            .and_then(|w| w.finished().pop());
        match last_outcome {
            Some(Ok(())) => self.recovery_backoff = 0.0,
            Some(Err(message)) => self.recovery_failed(&message),
            None => {}
        }
        if self.recovery_offer.is_some() {
            return; // Do not overwrite a copy the user has not answered for yet.
        }
        if !self.is_dirty() {
            if self.recovery_written_at.take().is_some()
                && let Some(writer) = &self.recovery_writer
            {
                writer.clear();
            }
            self.recovery_pending = false;
            return;
        }
        if !self.recovery_pending {
            return;
        }
        let wait = self.recovery_interval.max(self.recovery_backoff);
        let due = self.recovery_written_at.map_or(now, |t| t + wait);
        if now < due {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(due - now));
            return;
        }
        self.recovery_written_at = Some(now);
        if self.recovery_writer.is_none() {
            let made = self.recovery.as_ref().map(|store| {
                store
                    .new_slot()
                    .map_err(|e| e.to_string())
                    .and_then(|slot| RecoveryWriter::new(slot).map_err(|e| e.to_string()))
            });
            match made {
                Some(Ok(writer)) => self.recovery_writer = Some(writer),
                Some(Err(e)) => return self.recovery_failed(&e),
                None => return,
            }
        }
        if let Some(writer) = &self.recovery_writer {
            let mut copy = self.ws.doc().clone();
            // A case's view says which store it came from, so a restore opens the case again
            // with the work waiting to be saved into it.
            if let Some(store) = self
                .case
                .as_ref()
                .filter(|c| c.case.is_some())
                .map(|c| c.kept.clone())
            {
                copy.extra.insert(
                    case::CASE_STORE_KEY.to_owned(),
                    serde_json::Value::String(store),
                );
            }
            writer.write(copy, self.path.clone());
            self.recovery_pending = false;
        }
        ctx.request_repaint_after(std::time::Duration::from_secs_f64(wait));
    }

    /// A copy could not be written: say so, and try again later, waiting longer each time.
    pub(super) fn recovery_failed(&mut self, message: &str) {
        self.status = format!("Recovery copy not written: {message}");
        self.recovery_backoff = (self.recovery_backoff * 2.0)
            .max(self.recovery_interval * 2.0)
            .min(RECOVERY_MAX_BACKOFF_SECS);
        self.recovery_pending = true;
    }
}
