//! File ▸ Merge map…: another analyst's version of the open map, merged into it
//! (`compare::merge`, three-way when the version both started from is chosen, else every
//! difference a conflict with our value kept), shown first as the list of what it would
//! change; **Merge** applies it as one step of Undo, and what it could not decide opens in the
//! Merge conflicts window.

use std::path::PathBuf;

use egui::RichText;

use crate::compare::diff::{self, What};
use crate::compare::{merge, resolve};
use crate::edit::Edit;
use crate::model::Document;
use crate::ui::commands::Action;

/// The merge being reviewed.
pub struct MergeReview {
    theirs: (PathBuf, Document),
    base: Option<(PathBuf, Document)>,
    /// The merged map and its changes, for the open map's revision they were made from.
    merged: Option<((u64, u64), Document, Vec<diff::Change>)>,
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
            theirs: (path, theirs),
            base: None,
            merged: None,
        }
    }

    pub fn set_base(&mut self, path: PathBuf, base: Document) {
        self.base = Some((path, base));
        self.merged = None;
    }

    pub fn show(&mut self, ctx: &egui::Context, doc: &Document, revision: (u64, u64)) -> Asked {
        let mut asked = Asked {
            open: true,
            ..Asked::default()
        };
        if self.merged.as_ref().is_none_or(|(r, _, _)| *r != revision) {
            let merged = match &self.base {
                Some((_, base)) => merge::merge(base, doc, &self.theirs.1),
                None => resolve::merge_without_base(doc, &self.theirs.1),
            };
            let changes = diff::diff(doc, &merged.doc, diff::Options::default());
            self.merged = Some((revision, merged.doc, changes));
        }
        let Some((_, merged, changes)) = &self.merged else {
            return asked;
        };
        let mut open = true;
        egui::Window::new("Merge map")
            .id(egui::Id::new("merge-review"))
            .open(&mut open)
            .default_width(520.0)
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
                let count = |w: fn(&What) -> bool| changes.iter().filter(|c| w(&c.what)).count();
                ui.label(
                    RichText::new(format!(
                        "It adds {}, removes {} and changes {}; {} conflict(s) to settle",
                        count(|w| matches!(w, What::Added)),
                        count(|w| matches!(w, What::Removed)),
                        count(|w| matches!(w, What::Changed { .. })),
                        merged.conflicts.len().saturating_sub(doc.conflicts.len())
                    ))
                    .strong(),
                );
                egui::ScrollArea::vertical()
                    .max_height(300.0)
                    .show(ui, |ui| {
                        ui.label(RichText::new(diff::to_text(changes)).monospace().size(11.0));
                    });
                ui.horizontal(|ui| {
                    if ui.button("Merge").clicked() {
                        asked.actions.push(Action::Edit {
                            label: format!("Merge {}", self.theirs.0.display()),
                            edits: vec![Edit::ReplaceDocument {
                                doc: Box::new(merged.clone()),
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
