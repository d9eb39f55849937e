//! The windows of a case store open in the window: the case search (Find), the case chooser,
//! the question before a large expand, the hidden neighbours of the selection (for the
//! inspector), the colleagues' changes and the form that opens a case (the conflicts a save
//! left are in `conflicts.rs`). Each returns
//! [`Action`]s; none touches the store or the document.

use egui::{Context, RichText};

use crate::model::{Document, EntityId};
use crate::store::{CaseSummary, Hit, KindCounts, Server, Tls};
use crate::ui::commands::Action;

/// The case search window's state.
#[derive(Debug, Default)]
pub struct CaseSearch {
    pub open: bool,
    pub query: String,
    /// The query the hits are for, and the hits.
    pub shown: String,
    pub hits: Vec<Hit>,
    /// The search waiting for its answer.
    pub asked: Option<u64>,
    /// The text field should take focus.
    pub focus: bool,
    /// The hit Enter adds.
    pub chosen: usize,
}

/// Find in a case: the store is searched as the analyst types; a click or Enter adds the hit
/// to the view.
pub fn search_window(ctx: &Context, search: &mut CaseSearch, doc: &Document) -> Vec<Action> {
    let mut actions = Vec::new();
    let mut open = search.open;
    egui::Window::new("Find in case")
        .open(&mut open)
        .default_width(380.0)
        .anchor(egui::Align2::CENTER_TOP, [0.0, 60.0])
        .collapsible(false)
        .show(ctx, |ui| {
            let field = ui
                .horizontal(|ui| {
                    let label = ui.label("Name or alias");
                    ui.add(
                        egui::TextEdit::singleline(&mut search.query)
                            .hint_text("misspelt or not")
                            .desired_width(f32::INFINITY),
                    )
                    .labelled_by(label.id)
                })
                .inner;
            if search.focus {
                field.request_focus();
                search.focus = false;
            }
            if field.changed() {
                search.chosen = 0;
                actions.push(Action::SearchCase(search.query.clone()));
            }
            let (down, up, enter) = ui.input(|i| {
                (
                    i.key_pressed(egui::Key::ArrowDown),
                    i.key_pressed(egui::Key::ArrowUp),
                    i.key_pressed(egui::Key::Enter),
                )
            });
            if down && search.chosen + 1 < search.hits.len() {
                search.chosen += 1;
            }
            if up {
                search.chosen = search.chosen.saturating_sub(1);
            }
            ui.horizontal(|ui| {
                if search.asked.is_some() {
                    ui.spinner();
                    ui.label("Searching the case…");
                } else if !search.shown.is_empty() {
                    ui.label(
                        RichText::new(match search.hits.len() {
                            0 => "Nothing in the case is named like that".to_owned(),
                            1 => "1 match".to_owned(),
                            n => format!("{n} matches"),
                        })
                        .weak(),
                    );
                }
            });
            let mut add: Option<usize> = None;
            egui::ScrollArea::vertical()
                .max_height(360.0)
                .show(ui, |ui| {
                    for (i, hit) in search.hits.iter().enumerate() {
                        let in_view = doc.entity_index(&hit.id).is_some();
                        let mut text = format!(
                            "{}  ·  {}  ·  {} relation{}",
                            hit.name,
                            hit.kind,
                            hit.relations,
                            if hit.relations == 1 { "" } else { "s" }
                        );
                        // Hits of one name (a package, its source, a file of that name) are
                        // told apart by their ids.
                        let shared = search.hits.iter().filter(|h| h.name == hit.name).count();
                        if shared > 1 {
                            text.push_str(&format!("  ·  {}", hit.id));
                        }
                        if hit.matched != hit.name {
                            text.push_str(&format!("  (as {:?})", hit.matched));
                        }
                        if in_view {
                            text.push_str("  ✔ in view");
                        }
                        let row =
                            ui.selectable_label(i == search.chosen, text)
                                .on_hover_text(format!(
                                    "{}: click or Enter adds it to the view",
                                    hit.id
                                ));
                        if row.clicked() {
                            add = Some(i);
                        }
                    }
                });
            if enter && field.lost_focus() && !search.hits.is_empty() {
                add = Some(search.chosen.min(search.hits.len() - 1));
            }
            if let Some(i) = add
                && let Some(hit) = search.hits.get(i)
            {
                // Chosen with Enter, as from a palette, the window goes; Ctrl+F brings it back
                // with the query. A click keeps it, to add more.
                if enter {
                    search.open = false;
                }
                let id = EntityId::new(hit.id.clone());
                if doc.entity_index(&hit.id).is_some() {
                    actions.push(Action::FocusEntity(id));
                } else {
                    actions.push(Action::PullEntities(vec![id]));
                }
            }
        });
    search.open = open && search.open;
    actions
}

/// The store's cases to choose from, with their counts.
pub fn chooser(ctx: &Context, location: &str, cases: &[CaseSummary]) -> Vec<Action> {
    let mut actions = Vec::new();
    egui::Window::new("Choose a case")
        .collapsible(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            ui.label(format!("{location} holds {} cases:", cases.len()));
            egui::Grid::new("cases").striped(true).show(ui, |ui| {
                for h in ["Case", "Title", "Entities", "Relations", "Claims", ""] {
                    ui.label(RichText::new(h).strong());
                }
                ui.end_row();
                for c in cases {
                    ui.label(&c.name);
                    ui.label(&c.title);
                    ui.label(c.entities.to_string());
                    ui.label(c.relations.to_string());
                    ui.label(c.claims.to_string());
                    if ui.button("Open").clicked() {
                        actions.push(Action::ChooseCase(c.name.clone()));
                    }
                    ui.end_row();
                }
            });
        });
    actions
}

/// The case's last view being read into the window, in parts: how much is read, and Stop.
pub fn filling(ctx: &Context, read: usize, total: usize) -> Vec<Action> {
    let mut actions = Vec::new();
    egui::Window::new("Opening the case")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_TOP, [0.0, 60.0])
        .show(ctx, |ui| {
            ui.label(format!(
                "Reading the view you left: {read} of {total} entities"
            ));
            ui.add(egui::ProgressBar::new(read as f32 / total.max(1) as f32).show_percentage());
            if ui
                .button("Stop")
                .on_hover_text("Keep what is read so far; Find and Expand bring in more")
                .clicked()
            {
                actions.push(Action::StopOpeningView);
            }
        });
    actions
}

/// What an expand too large to do unasked would add, and the choice.
pub fn guard(
    ctx: &Context,
    seeds: &[EntityId],
    counts: &KindCounts,
    doc: &Document,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let total: u64 = counts.values().sum();
    egui::Window::new("Expand a large neighbourhood?")
        .collapsible(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            let names: Vec<&str> = seeds
                .iter()
                .take(3)
                .map(|s| doc.entity_name(s.as_str()))
                .collect();
            ui.label(format!(
                "Expanding {} would add {total} entities:",
                names.join(", ")
            ));
            for (kind, n) in counts {
                ui.horizontal(|ui| {
                    ui.label(format!("{n} {kind}"));
                    if ui
                        .small_button(format!("Only {kind}"))
                        .on_hover_text("Add only the neighbours of this kind")
                        .clicked()
                    {
                        actions.push(Action::ExpandOnly(seeds.to_vec(), kind.clone()));
                    }
                });
            }
            ui.horizontal(|ui| {
                if ui.button(format!("Add all {total}")).clicked() {
                    actions.push(Action::ConfirmExpand);
                }
                if ui.button("Cancel").clicked() {
                    actions.push(Action::CancelExpand);
                }
            });
        });
    actions
}

/// The neighbours of the selected entity not in view, by kind and by the kind of relation that
/// leads to them, with Expand buttons: for the inspector.
pub fn hidden(
    ui: &mut egui::Ui,
    id: &EntityId,
    counts: Option<&KindCounts>,
    relations: Option<&KindCounts>,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let total: u64 = counts.map_or(0, |c| c.values().sum());
    ui.horizontal(|ui| {
        ui.label(RichText::new("In the case").strong());
        if total == 0 {
            ui.label(RichText::new("every neighbour is in view").weak());
        } else if ui
            .button(format!("Expand +{total}"))
            .on_hover_text("Add its neighbours from the case (Ctrl+Shift+N)")
            .clicked()
        {
            actions.push(Action::Expand {
                seeds: vec![id.clone()],
                kinds: Vec::new(),
            });
        }
    });
    for (kind, n) in counts.into_iter().flatten() {
        ui.horizontal(|ui| {
            ui.label(format!("{n} {kind} not in view"));
            if ui.small_button("Add").clicked() {
                actions.push(Action::ExpandOnly(vec![id.clone()], kind.clone()));
            }
        });
    }
    if total > 0
        && let Some(relations) = relations.filter(|r| !r.is_empty())
    {
        ui.label(RichText::new("Along relations").weak());
        for (kind, n) in relations {
            ui.horizontal(|ui| {
                ui.label(format!("{n} {kind}"));
                if ui
                    .small_button("Follow")
                    .on_hover_text(format!("Add the neighbours its {kind} relations lead to"))
                    .clicked()
                {
                    actions.push(Action::Expand {
                        seeds: vec![id.clone()],
                        kinds: vec![kind.clone()],
                    });
                }
            });
        }
    }
    actions
}

/// The form that opens a case store: a file, or a PostgreSQL server field by field (or as a
/// URL), and the recent cases.
#[derive(Debug)]
pub struct OpenForm {
    pub open: bool,
    /// The server fields rather than the file (or URL) field.
    pub server_mode: bool,
    /// A `.relmap.db` path or a `postgres://` URL.
    pub location: String,
    pub server: Server,
    /// The port as typed, checked when Open is pressed.
    pub port: String,
    pub case: String,
    /// Why the last Open was refused before it reached the store.
    pub refused: Option<String>,
}

impl Default for OpenForm {
    fn default() -> Self {
        let user = std::env::var("PGUSER")
            .or_else(|_| std::env::var("USER"))
            .unwrap_or_default();
        OpenForm {
            open: false,
            server_mode: false,
            location: String::new(),
            server: Server {
                host: std::env::var("PGHOST").unwrap_or_else(|_| "localhost".into()),
                port: 5432,
                database: std::env::var("PGDATABASE").unwrap_or_default(),
                user,
                password: String::new(),
                tls: Tls::Prefer,
            },
            port: std::env::var("PGPORT").unwrap_or_else(|_| "5432".into()),
            case: String::new(),
            refused: None,
        }
    }
}

impl OpenForm {
    /// The store the form names, or why it names none. The server's URL carries the typed
    /// password to the connection; settings and messages only ever see it without
    /// (`Location::to_keep`, `Location::display`).
    pub fn location(&self) -> Result<String, String> {
        if !self.server_mode {
            let text = self.location.trim();
            return if text.is_empty() {
                Err("Give a .relmap.db file or a postgres:// URL".into())
            } else {
                Ok(text.to_owned())
            };
        }
        let port: u16 = self.port.trim().parse().map_err(|_| {
            format!(
                "Port {:?} is not a number from 1 to 65535",
                self.port.trim()
            )
        })?;
        if port == 0 {
            return Err("Port 0 is not a server's port".into());
        }
        if self.server.database.trim().is_empty() {
            return Err("Name the database that holds the cases".into());
        }
        Ok(Server {
            port,
            ..self.server.clone()
        }
        .url())
    }
}

pub fn open_form(ctx: &Context, form: &mut OpenForm, recent: &[(String, String)]) -> Vec<Action> {
    let mut actions = Vec::new();
    let mut open = form.open;
    egui::Window::new("Open case")
        .open(&mut open)
        .collapsible(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                ui.selectable_value(&mut form.server_mode, false, "File or URL");
                ui.selectable_value(&mut form.server_mode, true, "PostgreSQL server");
            });
            ui.separator();
            let mut enter = false;
            if form.server_mode {
                egui::Grid::new("open-case-server")
                    .num_columns(2)
                    .show(ui, |ui| {
                        let s = &mut form.server;
                        labelled(ui, "Host", egui::TextEdit::singleline(&mut s.host));
                        labelled(
                            ui,
                            "Port",
                            egui::TextEdit::singleline(&mut form.port).desired_width(60.0),
                        );
                        labelled(ui, "Database", egui::TextEdit::singleline(&mut s.database));
                        labelled(ui, "User", egui::TextEdit::singleline(&mut s.user));
                        let r = labelled(
                            ui,
                            "Password",
                            egui::TextEdit::singleline(&mut s.password)
                                .password(true)
                                .hint_text("empty: PGPASSWORD or ~/.pgpass"),
                        );
                        enter |= r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                        ui.label("TLS");
                        egui::ComboBox::from_id_salt("open-case-tls")
                            .selected_text(s.tls.label())
                            .show_ui(ui, |ui| {
                                for tls in Tls::ALL {
                                    ui.selectable_value(&mut s.tls, tls, tls.label());
                                }
                            });
                        ui.end_row();
                    });
                ui.label(
                    RichText::new(
                        "The password is used for this connection only: it is never written \
                         to settings, logs or the recovery copy.",
                    )
                    .weak(),
                );
            } else {
                ui.label(
                    "A .relmap.db file, or postgres://user@host:5432/database (a password comes \
                     from the URL, PGPASSWORD or ~/.pgpass, and is never kept)",
                );
                let r = ui.add(
                    egui::TextEdit::singleline(&mut form.location)
                        .hint_text("case.relmap.db or postgres://…")
                        .desired_width(420.0),
                );
                enter |= r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            }
            ui.horizontal(|ui| {
                ui.label("Case");
                ui.add(
                    egui::TextEdit::singleline(&mut form.case)
                        .hint_text("its name (empty: choose)"),
                );
            });
            if let Some(why) = &form.refused {
                ui.colored_label(ui.visuals().error_fg_color, why);
            }
            if ui.button("Open").clicked() || enter {
                match form.location() {
                    Ok(location) => {
                        form.refused = None;
                        let case = Some(form.case.trim().to_owned()).filter(|c| !c.is_empty());
                        actions.push(Action::OpenCase(location, case));
                    }
                    Err(why) => form.refused = Some(why),
                }
            }
            if !recent.is_empty() {
                ui.separator();
                ui.label(RichText::new("Recent cases").strong());
                for (store, case) in recent {
                    if ui.button(format!("{case} — {store}")).clicked() {
                        actions.push(Action::OpenCase(store.clone(), Some(case.clone())));
                    }
                }
            }
        });
    form.open = open && actions.is_empty();
    if !form.open {
        // A password typed here lives no longer than the form is open.
        form.server.password.clear();
    }
    actions
}

/// A row of the form: its label, and the field named by it (for screen readers and tests).
fn labelled(ui: &mut egui::Ui, label: &str, field: egui::TextEdit) -> egui::Response {
    let name = ui.label(label);
    let r = ui.add(field).labelled_by(name.id);
    ui.end_row();
    r
}

/// Colleagues' changes to the case since it was opened, newest first, and what they deleted
/// from the view, each with Restore.
pub fn changes(
    ctx: &Context,
    seen: &[(String, String)],
    deleted: &[(EntityId, String)],
    open: &mut bool,
) -> Vec<Action> {
    let mut actions = Vec::new();
    egui::Window::new("Changes in the case")
        .open(open)
        .default_width(480.0)
        .show(ctx, |ui| {
            if !deleted.is_empty() {
                ui.label(RichText::new("Deleted by others while in view").strong());
                for (id, name) in deleted {
                    ui.horizontal(|ui| {
                        ui.label(name);
                        if ui
                            .button("Restore")
                            .on_hover_text(format!(
                                "Put {id} back in view; Save writes it into the case again"
                            ))
                            .clicked()
                        {
                            actions.push(Action::Restore(id.clone()));
                        }
                    });
                }
                ui.separator();
            }
            if seen.is_empty() {
                ui.label(
                    RichText::new("No one else has changed the case since you opened it").weak(),
                );
            }
            egui::ScrollArea::vertical()
                .max_height(420.0)
                .show(ui, |ui| {
                    for (at, text) in seen {
                        ui.horizontal(|ui| {
                            ui.label(
                                RichText::new(at.get(11..19).unwrap_or(at))
                                    .weak()
                                    .monospace(),
                            )
                            .on_hover_text(at);
                            ui.label(text);
                        });
                    }
                });
        });
    actions
}
