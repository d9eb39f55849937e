//! File ▸ Compare with…: the open map against another version of it (an older copy, a
//! colleague's): the canvas marks what is new in green and what changed in amber, and draws
//! what the other version had and this one lost as ghosts (`view::changes`). The Compare
//! window lists every change; a click jumps to it. The diff runs on a worker whenever the map
//! changes, so a large map's frame does not wait for it.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

use egui::RichText;

use crate::compare::Kind;
use crate::compare::diff::{self, Change, What};
use crate::model::Document;
use crate::ui::commands::Action;
use crate::view::changes::Ghosts;

/// The changes from the other version to the map, for the map's revision they were made from.
#[derive(Debug, Clone)]
pub struct Compared {
    pub revision: (u64, u64),
    pub changes: Arc<Vec<Change>>,
    pub ghosts: Arc<Ghosts>,
}

/// A comparison under way.
pub struct Comparing {
    pub path: PathBuf,
    other: Arc<Document>,
    compared: Option<Compared>,
    pending: Option<((u64, u64), Receiver<Compared>)>,
    /// Which kinds of change the list shows.
    show_added: bool,
    show_removed: bool,
    show_changed: bool,
}

impl Comparing {
    pub fn new(path: PathBuf, other: Document) -> Self {
        Self {
            path,
            other: Arc::new(other),
            compared: None,
            pending: None,
            show_added: true,
            show_removed: true,
            show_changed: true,
        }
    }

    /// The changes for the map as it is, or as it was a moment ago while the worker catches
    /// up.
    pub fn compared(&self) -> Option<&Compared> {
        self.compared.as_ref()
    }

    /// Starts the diff for a new revision of the map, and takes a finished one; true when the
    /// changes shown are new.
    pub fn update(
        &mut self,
        ctx: &egui::Context,
        doc: &Arc<Document>,
        revision: (u64, u64),
    ) -> bool {
        let mut fresh = false;
        if let Some((_, rx)) = &self.pending
            && let Ok(done) = rx.try_recv()
        {
            self.compared = Some(done);
            self.pending = None;
            fresh = true;
        }
        let current = self
            .compared
            .as_ref()
            .is_some_and(|c| c.revision == revision)
            || self.pending.as_ref().is_some_and(|(r, _)| *r == revision);
        if !current {
            let (tx, rx) = channel();
            let (other, doc, ctx) = (self.other.clone(), doc.clone(), ctx.clone());
            std::thread::spawn(move || {
                let changes = diff::diff(&other, &doc, diff::Options::default());
                let ghosts = Ghosts::of(&other, &doc, &changes);
                // The window may have stopped comparing meanwhile.
                let _ = tx.send(Compared {
                    revision,
                    changes: Arc::new(changes),
                    ghosts: Arc::new(ghosts),
                });
                ctx.request_repaint();
            });
            self.pending = Some((revision, rx));
        }
        fresh
    }

    /// The Compare window: how many changes of each sort, and the list; returns what a click
    /// asks and whether the window stays open.
    pub fn show(&mut self, ctx: &egui::Context) -> (Vec<Action>, bool) {
        let mut actions = Vec::new();
        let mut open = true;
        let mut stop = false;
        egui::Window::new("Compare")
            .id(egui::Id::new("compare-window"))
            .open(&mut open)
            .default_width(420.0)
            .default_pos(ctx.content_rect().right_top() + egui::vec2(-440.0, 80.0))
            .show(ctx, |ui| {
                ui.label(format!("Since {}", self.path.display()));
                let Some(compared) = &self.compared else {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label("Comparing…");
                    });
                    return;
                };
                let changes = &compared.changes;
                let count = |w: fn(&What) -> bool| changes.iter().filter(|c| w(&c.what)).count();
                let (added, removed, changed) = (
                    count(|w| matches!(w, What::Added)),
                    count(|w| matches!(w, What::Removed)),
                    count(|w| matches!(w, What::Changed { .. })),
                );
                if changes.is_empty() {
                    ui.label(
                        RichText::new("No differences: the two versions hold the same.").strong(),
                    );
                }
                ui.horizontal(|ui| {
                    ui.checkbox(
                        &mut self.show_added,
                        RichText::new(format!("{added} added"))
                            .color(crate::ui::paint::rgb(crate::look::ADDED)),
                    );
                    ui.checkbox(&mut self.show_removed, format!("{removed} removed"));
                    ui.checkbox(
                        &mut self.show_changed,
                        RichText::new(format!("{changed} changed"))
                            .color(crate::ui::paint::rgb(crate::look::CHANGED)),
                    );
                });
                ui.label(
                    RichText::new("Removed items are drawn as dashed ghosts where they stood.")
                        .weak()
                        .small(),
                );
                ui.separator();
                let shown: Vec<&Change> = changes
                    .iter()
                    .filter(|c| match c.what {
                        What::Added => self.show_added,
                        What::Removed => self.show_removed,
                        What::Changed { .. } => self.show_changed,
                    })
                    .collect();
                let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
                egui::ScrollArea::vertical()
                    .max_height(360.0)
                    .auto_shrink([false, true])
                    .show_rows(ui, row_height, shown.len(), |ui, rows| {
                        for change in &shown[rows] {
                            let response = ui
                                .selectable_label(false, change_row(change))
                                .on_hover_text(change_detail(change));
                            if response.clicked() && change.kind != Kind::Map {
                                actions.push(Action::FocusChange(
                                    change.kind,
                                    change.id.clone(),
                                    change.what == What::Removed,
                                ));
                            }
                        }
                    });
                ui.separator();
                stop = ui.button("Stop comparing").clicked();
            });
        (actions, open && !stop)
    }
}

/// One line of a list of changes: a sign, the kind and the name; for a change, which fields.
pub(crate) fn change_row(change: &Change) -> RichText {
    let name = if change.name.is_empty() {
        change.id.as_str()
    } else {
        change.name.as_str()
    };
    let kind = if change.kind == Kind::Map {
        "the map".to_owned()
    } else {
        change.kind.name().to_owned()
    };
    match &change.what {
        What::Added => RichText::new(format!("+ {kind} {name}"))
            .color(crate::ui::paint::rgb(crate::look::ADDED)),
        What::Removed => RichText::new(format!("- {kind} {name}")).weak(),
        What::Changed {
            fields,
            claims_added,
            claims_removed,
        } => {
            let mut what: Vec<String> = fields.iter().map(|f| f.field.clone()).collect();
            if !claims_added.is_empty() {
                what.push(format!("{} claim(s) added", claims_added.len()));
            }
            if !claims_removed.is_empty() {
                what.push(format!("{} claim(s) removed", claims_removed.len()));
            }
            RichText::new(format!("~ {kind} {name}: {}", what.join(", ")))
                .color(crate::ui::paint::rgb(crate::look::CHANGED))
        }
    }
}

/// The change in full, field by field, as `relmap diff` prints it.
pub(crate) fn change_detail(change: &Change) -> String {
    diff::to_text(std::slice::from_ref(change))
}
