//! File ▸ Merge map…: another analyst's version of the open map, merged into it
//! (`compare::review`: three-way when the version both started from is chosen, else every
//! difference a conflict with our value kept). Before anything changes, the window lists the
//! matches of their items to ours under other ids, every incoming change and every conflict:
//! each match and change can be accepted or refused, each conflict settled now (ours or
//! theirs) or left for the Merge conflicts window (where a value can also be typed). **Merge**
//! applies the result as one step of Undo.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

use egui::RichText;

use super::compare::{change_detail, change_row};
use crate::compare::Kind;
use crate::compare::diff::What;
use crate::compare::resolve::Choice;
use crate::compare::review::{self, Decisions, Reviewed};
use crate::edit::Edit;
use crate::model::{Conflict, Document};
use crate::ui::commands::Action;

/// Maps of more entities than this (ours and theirs together) are merged for the review on a
/// worker: a 100 000-entity merge and its diffs take seconds, which a click must not freeze.
const WORKER_ABOVE: usize = 5_000;

/// A review: the open map's revision and the decisions it was made with, and what it found.
type Keyed = ((u64, u64), Decisions, Reviewed);

/// The merge being reviewed.
pub struct MergeReview {
    theirs: (PathBuf, Arc<Document>),
    base: Option<(PathBuf, Arc<Document>)>,
    decisions: Decisions,
    /// The latest review made, and the one a worker is making.
    reviewed: Option<Keyed>,
    pending: Option<((u64, u64), Decisions, Receiver<Keyed>)>,
    /// Merge on a worker above this many entities (tests set it; else `WORKER_ABOVE`).
    pub worker_above: Option<usize>,
}

/// What the review asks of the window besides edits.
#[derive(Debug, Default)]
pub struct Asked {
    pub actions: Vec<Action>,
    pub open: bool,
    /// Choose the version both started from.
    pub pick_base: bool,
}

impl MergeReview {
    pub fn new(path: PathBuf, theirs: Document) -> Self {
        Self {
            theirs: (path, Arc::new(theirs)),
            base: None,
            decisions: Decisions {
                matching: true,
                ..Decisions::default()
            },
            reviewed: None,
            pending: None,
            worker_above: None,
        }
    }

    pub fn set_base(&mut self, path: PathBuf, base: Document) {
        self.base = Some((path, Arc::new(base)));
        self.reviewed = None;
        self.pending = None;
    }

    /// Whether the review shown is of the map as it is and the decisions as they are.
    fn current(&self, revision: (u64, u64)) -> bool {
        self.reviewed
            .as_ref()
            .is_some_and(|(r, d, _)| *r == revision && *d == self.decisions)
    }

    /// The review, made again when the map or a decision changed: at once for a small map, on
    /// a worker for a large one (the last review stays shown meanwhile).
    fn refresh(&mut self, ctx: &egui::Context, doc: &Arc<Document>, revision: (u64, u64)) {
        if let Some((_, _, rx)) = &self.pending
            && let Ok(done) = rx.try_recv()
        {
            self.reviewed = Some(done);
            self.pending = None;
        }
        if self.current(revision)
            || self
                .pending
                .as_ref()
                .is_some_and(|(r, d, _)| *r == revision && *d == self.decisions)
        {
            return;
        }
        let (decisions, theirs) = (self.decisions.clone(), self.theirs.1.clone());
        let base = self.base.as_ref().map(|(_, b)| b.clone());
        let work = {
            let doc = doc.clone();
            move || -> Keyed {
                let reviewed = review::review(base.as_deref(), &doc, &theirs, &decisions);
                (revision, decisions, reviewed)
            }
        };
        let above = self.worker_above.unwrap_or(WORKER_ABOVE);
        if doc.entities.len() + self.theirs.1.entities.len() <= above {
            self.reviewed = Some(work());
            self.pending = None;
            return;
        }
        let (tx, rx) = channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            // The review may have been closed or decided again meanwhile.
            let _ = tx.send(work());
            ctx.request_repaint();
        });
        self.pending = Some((revision, self.decisions.clone(), rx));
    }

    pub fn show(
        &mut self,
        ctx: &egui::Context,
        doc: &Arc<Document>,
        revision: (u64, u64),
    ) -> Asked {
        let mut asked = Asked {
            open: true,
            ..Asked::default()
        };
        self.refresh(ctx, doc, revision);
        let current = self.current(revision);
        let Some((_, _, reviewed)) = &self.reviewed else {
            egui::Window::new("Merge map")
                .id(egui::Id::new("merge-review"))
                .show(ctx, |ui| {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(format!("Merging {}…", self.theirs.0.display()));
                    });
                });
            return asked;
        };
        let decisions = &mut self.decisions;
        let mut open = true;
        egui::Window::new("Merge map")
            .id(egui::Id::new("merge-review"))
            .open(&mut open)
            .default_width(560.0)
            .show(ctx, |ui| {
                ui.label(format!("Theirs: {}", self.theirs.0.display()));
                ui.horizontal(|ui| {
                    match &self.base {
                        Some((path, _)) => ui.label(format!("Base: {}", path.display())),
                        None => ui.label(
                            RichText::new(
                                "No base: everything they hold differently is a conflict, and \
                                 your value stays until you settle it",
                            )
                            .weak(),
                        ),
                    };
                    asked.pick_base = ui
                        .button("Choose base…")
                        .on_hover_text("The version you both started from: a three-way merge")
                        .clicked();
                });
                ui.checkbox(
                    &mut decisions.matching,
                    "Match their items to ours under other ids",
                )
                .on_hover_text(
                    "For maps built apart: a shared external id, then the same name and kind, \
                     then an alias; relations by their ends and kind, sources by URL or title",
                );
                ui.horizontal(|ui| {
                    summary(ui, doc, reviewed);
                    if !current {
                        ui.spinner();
                    }
                });
                ui.separator();
                egui::ScrollArea::vertical()
                    .max_height(420.0)
                    .auto_shrink([false, true])
                    .show(ui, |ui| {
                        matches_section(ui, reviewed, decisions);
                        changes_section(ui, reviewed, decisions);
                        conflicts_section(ui, reviewed, decisions);
                    });
                ui.separator();
                ui.horizontal(|ui| {
                    let merge = ui.add_enabled(current, egui::Button::new("Merge"));
                    if merge.clicked() {
                        asked.actions.push(Action::Edit {
                            label: format!("Merge {}", self.theirs.0.display()),
                            edits: vec![Edit::ReplaceDocument {
                                doc: Box::new(reviewed.merged.clone()),
                            }],
                            then: None,
                        });
                        asked.open = false;
                    }
                    if ui.button("Cancel").clicked() {
                        asked.open = false;
                    }
                });
            });
        asked.open &= open;
        asked
    }
}

/// What merging does as decided: how much it adds, removes and changes, and what is left.
fn summary(ui: &mut egui::Ui, doc: &Document, reviewed: &Reviewed) {
    let count = |w: fn(&What) -> bool| reviewed.changes.iter().filter(|c| w(&c.what)).count();
    let left = reviewed
        .merged
        .conflicts
        .len()
        .saturating_sub(doc.conflicts.len());
    ui.label(
        RichText::new(format!(
            "It adds {}, removes {} and changes {}; {left} conflict(s) to settle",
            count(|w| matches!(w, What::Added)),
            count(|w| matches!(w, What::Removed)),
            count(|w| matches!(w, What::Changed { .. })),
        ))
        .strong(),
    );
}

fn matches_section(ui: &mut egui::Ui, reviewed: &Reviewed, decisions: &mut Decisions) {
    if reviewed.matches.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(format!(
        "Matched under other ids ({})",
        reviewed.matches.len()
    ))
    .id_salt("merge-matches")
    .default_open(true)
    .show(ui, |ui| {
        for m in &reviewed.matches {
            let key = (m.kind, m.theirs.clone());
            let mut accepted = !decisions.refused_matches.contains(&key);
            let text = format!(
                "{} \"{}\" is our \"{}\": {}",
                m.kind.name(),
                m.theirs_name,
                m.ours_name,
                m.rule.describe()
            );
            if ui
                .checkbox(&mut accepted, text)
                .on_hover_text(format!("their {} is our {}", m.theirs, m.ours))
                .changed()
            {
                if accepted {
                    decisions.refused_matches.remove(&key);
                } else {
                    decisions.refused_matches.insert(key);
                }
            }
        }
    });
}

fn changes_section(ui: &mut egui::Ui, reviewed: &Reviewed, decisions: &mut Decisions) {
    egui::CollapsingHeader::new(format!("Incoming changes ({})", reviewed.offered.len()))
        .id_salt("merge-changes")
        .default_open(true)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                if ui.small_button("Accept all").clicked() {
                    decisions.refused.clear();
                }
                if ui.small_button("Refuse all").clicked() {
                    decisions.refused = reviewed
                        .offered
                        .iter()
                        .map(|c| (c.kind, c.id.clone()))
                        .collect();
                }
            });
            if reviewed.offered.is_empty() {
                ui.label(RichText::new("Theirs holds nothing new.").weak());
            }
            let result: std::collections::HashSet<(Kind, &str)> = reviewed
                .changes
                .iter()
                .map(|c| (c.kind, c.id.as_str()))
                .collect();
            for change in &reviewed.offered {
                let key = (change.kind, change.id.clone());
                let mut accepted = !decisions.refused.contains(&key);
                let row = if accepted && !result.contains(&(change.kind, change.id.as_str())) {
                    // Accepted, yet not in the result: it needs what was refused (a relation
                    // to a refused entity goes with it).
                    RichText::new(format!(
                        "{} (not in the result: it needs a refused change)",
                        change_row(change).text()
                    ))
                    .weak()
                    .strikethrough()
                } else {
                    change_row(change)
                };
                let response = ui
                    .checkbox(&mut accepted, row)
                    .on_hover_text(change_detail(change));
                if response.changed() {
                    if accepted {
                        decisions.refused.remove(&key);
                    } else {
                        decisions.refused.insert(key);
                    }
                }
            }
            if reviewed.offered.iter().any(|c| c.kind == Kind::Entity) {
                ui.label(
                    RichText::new(
                        "A refused entity takes its new relations with it; a refused change \
                         keeps your version of the item.",
                    )
                    .weak()
                    .small(),
                );
            }
        });
}

fn conflicts_section(ui: &mut egui::Ui, reviewed: &Reviewed, decisions: &mut Decisions) {
    if reviewed.new_conflicts.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(format!("Conflicts ({})", reviewed.new_conflicts.len()))
        .id_salt("merge-conflicts-now")
        .default_open(true)
        .show(ui, |ui| {
            for c in &reviewed.new_conflicts {
                conflict_row(ui, c, decisions);
            }
            ui.label(
                RichText::new(
                    "Later: kept in the map's conflicts, settled (or edited) in the Merge \
                     conflicts window after merging.",
                )
                .weak()
                .small(),
            );
        });
}

fn conflict_row(ui: &mut egui::Ui, c: &Conflict, decisions: &mut Decisions) {
    let key = (c.on.clone(), c.id.clone(), c.field.clone());
    let short = |v: &serde_json::Value| crate::look::truncate(&v.to_string(), 40);
    ui.label(RichText::new(c.place()).strong());
    ui.label(
        RichText::new(format!(
            "ours {}  ·  theirs {}",
            short(&c.ours),
            short(&c.theirs)
        ))
        .monospace()
        .size(11.0),
    );
    ui.horizontal(|ui| {
        let chosen = decisions.settled.get(&key).copied();
        if ui.selectable_label(chosen.is_none(), "Later").clicked() {
            decisions.settled.remove(&key);
        }
        let offered = Choice::offered(c);
        let sides: Vec<Choice> = if offered == [Choice::Dismiss] {
            offered
        } else {
            offered
                .into_iter()
                .filter(|&ch| ch != Choice::Dismiss && ch != Choice::Base)
                .collect()
        };
        for choice in sides {
            if ui
                .selectable_label(chosen == Some(choice), choice.label())
                .clicked()
            {
                decisions.settled.insert(key.clone(), choice);
            }
        }
    });
}
