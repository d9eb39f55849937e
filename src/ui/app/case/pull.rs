//! Pulling from the case into the view: the asks (entities, their neighbours, with the
//! large-expand guard), the answers merged on the store's worker taken into the view, and
//! taking entities off the canvas, not out of the case.

use std::collections::HashMap;

use super::super::*;
use super::{EXPAND_GUARD, PendingExpand, PendingPull};
use crate::store::worker::Ask;
use crate::store::{KindCounts, working};

impl RelmapApp {
    /// Asks the store for entities (`hops` 0) or their neighbours.
    pub(in crate::ui::app) fn pull(
        &mut self,
        seeds: Vec<crate::model::EntityId>,
        hops: u32,
        kinds: Vec<String>,
        of_kinds: Vec<String>,
    ) {
        let Some(session) = self.case.as_mut() else {
            return;
        };
        let Some(case) = session.case.clone() else {
            return;
        };
        // What is on screen is where the new neighbours go round: an entity the layout placed
        // but the view does not hold a position for yet takes its place on screen.
        let mut view = self.ws.doc().clone();
        let on_screen = self.canvas.positions();
        if on_screen.len() == view.entities.len() {
            for (e, p) in view.entities.iter_mut().zip(on_screen) {
                if e.position.is_none() {
                    e.position = Some(p);
                }
            }
        }
        let n = session.worker.ask(Ask::Pull {
            case,
            view: Box::new(view),
            seeds: seeds.iter().map(|s| s.as_str().to_owned()).collect(),
            hops,
            kinds: kinds.clone(),
            of_kinds: of_kinds.clone(),
            limit: usize::MAX / 2,
        });
        session.pulling.push(PendingPull {
            n,
            revisions: self.ws.revisions().data(),
            seeds,
            hops,
            kinds,
            of_kinds,
        });
    }

    /// Expands `seeds` (their neighbours of `kinds`, all when empty), asking first when that
    /// would add more than [`EXPAND_GUARD`] entities.
    pub(in crate::ui::app) fn expand(
        &mut self,
        seeds: Vec<crate::model::EntityId>,
        kinds: Vec<String>,
        of_kinds: Vec<String>,
        confirmed: bool,
    ) {
        let Some(session) = self.case.as_mut() else {
            self.status = "Expand pulls neighbours from a case store: Case ⏵ Open case…".into();
            return;
        };
        let mut counts = KindCounts::new();
        for s in &seeds {
            if kinds.is_empty() {
                for (k, n) in session.hidden.get(s.as_str()).into_iter().flatten() {
                    if of_kinds.is_empty() || of_kinds.contains(k) {
                        *counts.entry(k.clone()).or_default() += n;
                    }
                }
            } else {
                // Along some relation kinds: at most one neighbour per relation, counted by
                // the relation's kind.
                for (k, n) in session
                    .hidden_relations
                    .get(s.as_str())
                    .into_iter()
                    .flatten()
                {
                    if kinds.contains(k) {
                        *counts.entry(k.clone()).or_default() += n;
                    }
                }
            }
        }
        // The guard counts the relation kinds asked for only by what it can know: the kinds
        // of the neighbours, so a kind filter is checked against all of them.
        let total: u64 = counts.values().sum();
        if total == 0 {
            self.status = "Every neighbour is already in view".into();
            return;
        }
        if total > EXPAND_GUARD && !confirmed {
            session.guard = Some(PendingExpand {
                seeds,
                kinds,
                of_kinds,
                counts,
            });
            return;
        }
        self.status = format!("Expanding: {total} neighbours…");
        self.pull(seeds, 1, kinds, of_kinds);
    }

    pub(super) fn take_pull(
        &mut self,
        seeds: &[String],
        added: &[String],
        taken_in: crate::store::worker::TakenIn,
        truncated: bool,
    ) {
        let crate::store::worker::TakenIn {
            mut doc,
            merged,
            gone,
            left_out,
            left_out_relations,
            missing,
        } = taken_in;
        // Where the layout has moved entities since the pull was asked, they stay.
        self.commit_layout();
        let now: HashMap<&str, &crate::model::Position> = self
            .ws
            .doc()
            .entities
            .iter()
            .filter_map(|e| Some((e.id.as_str(), e.position.as_ref()?)))
            .collect();
        for e in &mut doc.entities {
            if let Some(p) = now.get(e.id.as_str()) {
                e.position = Some((*p).clone());
            }
        }
        drop(now);
        let structure = !merged.entities.is_empty() || merged.relations > 0 || !gone.is_empty();
        let asked = !seeds.is_empty();
        if structure || !merged.is_empty() {
            // A read that brought nothing new leaves the view, and every cached view
            // keyed on its revisions, as they are.
            self.show_view(doc, structure);
        }
        if asked && !merged.entities.is_empty() {
            // What the analyst asked for is brought into sight; a colleague's news
            // is not, so the view does not move under them.
            let doc = self.ws.doc();
            let shown: Vec<usize> = seeds
                .iter()
                .map(String::as_str)
                .chain(merged.entities.iter().map(|e| e.as_str()))
                .filter_map(|id| doc.entity_index(id))
                .collect();
            self.canvas.zoom_to(shown);
        }
        if let Some(session) = self.case.as_mut() {
            session.hidden = left_out;
            session.hidden_relations = left_out_relations;
            if !gone.is_empty() {
                session.deleted.push(gone);
            }
        }
        self.remember_view();
        let mut said = if added.len() == 1 && seeds.len() == 1 && seeds[0] == added[0] {
            format!("Added {}", self.ws.doc().entity_name(&added[0]))
        } else {
            format!(
                "Added {} entities and {} relations",
                merged.entities.len(),
                merged.relations
            )
        };
        if merged.refreshed > 0 {
            said.push_str(&format!("; {} updated from the case", merged.refreshed));
        }
        if truncated {
            said.push_str(" (more were left out)");
        }
        if !missing.is_empty() {
            said.push_str(&format!(
                "; {} no longer in the case: {}",
                missing.len(),
                missing.join(", ")
            ));
        }
        if let [one] = added
            && self.ws.doc().entity_index(one).is_some()
        {
            self.ws.selection = Selection::Entity(crate::model::EntityId::new(one.clone()));
        }
        let quiet = self
            .case
            .as_mut()
            .is_some_and(|s| std::mem::take(&mut s.quiet));
        if !quiet {
            self.status = said;
        }
    }

    /// Makes `doc` the view, outside the undo history (what is in view is not an edit of the
    /// case): the canvas takes in what came or went, placing entities without a position
    /// round the placed ones, or, when only content changed, how things look.
    pub(in crate::ui::app) fn show_view(&mut self, doc: Document, structure: bool) {
        drop_elsewhere(self.ws.extend_view(doc, structure));
        if structure {
            self.canvas.take_in_pulled(self.ws.doc());
        } else {
            self.canvas.restyle(self.ws.doc());
        }
    }

    /// Takes `ids` off the canvas, not out of the case.
    pub(in crate::ui::app) fn remove_from_view(&mut self, ids: Vec<crate::model::EntityId>) {
        if self.case.is_none() {
            self.status = "Remove from view is for a case store; Delete deletes from a map".into();
            return;
        }
        let mut doc = self.ws.doc().clone();
        let removed = working::remove(&mut doc, &ids);
        if removed.entities > 0 {
            self.show_view(doc, true);
            self.remember_view();
            // What is now hidden changed: ask the store again.
            self.pull(Vec::new(), 0, Vec::new(), Vec::new());
        }
        self.status = match removed.kept.as_slice() {
            [] => format!(
                "Removed {} entities from view (they stay in the case)",
                removed.entities
            ),
            kept => format!(
                "Removed {} from view; kept {}: {}",
                removed.entities,
                kept.len(),
                kept.iter()
                    .map(|(id, why)| format!("{} ({why})", self.ws.doc().entity_name(id.as_str())))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        };
    }
}

/// Frees `doc` on a thread of its own, off the frame: a view of 5 000 entities takes about
/// 5 ms to free (benches/case_window.rs). A small one is freed here.
pub(super) fn drop_elsewhere(doc: Document) {
    if doc.entities.len() + doc.relations.len() < 1000 {
        return;
    }
    // A thread that cannot start drops its closure, and the view with it, here.
    let _ = std::thread::Builder::new()
        .name("relmap-drop".into())
        .spawn(move || drop(doc));
}
