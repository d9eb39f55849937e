//! The eframe app: one open document, its undo history and file, the canvas, the panels,
//! and the dialogs. Each frame the panels return [`Action`]s, which are applied once, here.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::{Pos2, RichText, ViewportCommand};
use serde::{Deserialize, Serialize};

use super::canvas::Canvas;
use super::commands::{Action, Selection, UiCommand};
use super::explore::{Explore, Metrics};
use super::file_dialog::{self, FileDialog, Purpose};
use super::import_report::{ImportShown, imported_name};
use super::inspector::Inspector;
use super::sidebar;
use super::table_import::{Outcome as TableOutcome, TableImport};
use crate::edit::{Edit, History, ops};
use crate::export::{self, FigureOptions, PngSize};
use crate::io;
use crate::io::recovery::{Recovered, RecoverySlot, RecoveryStore, RecoveryWriter};
use crate::model::{Document, Position, kinds};
use crate::query;

/// What the app opens with.
#[derive(Debug)]
pub enum Startup {
    /// The bundled Haqqani network map.
    Bundled,
    /// A map already loaded from `path`.
    File { path: PathBuf, doc: Box<Document> },
    /// A file of another format read from `path`: it opens as an untitled map, with its
    /// import report.
    Imported {
        path: PathBuf,
        opened: Box<crate::io::formats::Opened>,
    },
    /// An empty map.
    Empty,
}

/// Preferences kept between runs.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Where the last file was opened or saved; dialogs start there.
    pub last_dir: Option<PathBuf>,
    /// Where the last figure was exported; export dialogs start there.
    pub last_export_dir: Option<PathBuf>,
    /// Files opened or saved, newest first (File ▸ Open Recent).
    pub recent: Vec<PathBuf>,
    /// The layout's tuning, as the user left it.
    pub layout: Option<crate::layout::LayoutParams>,
}

/// How many files File ▸ Open Recent lists.
const RECENT_FILES: usize = 10;

impl Settings {
    /// Puts `path` first among the recent files.
    pub fn remember(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(RECENT_FILES);
    }
}

/// A figure waiting for the user to choose where it goes.
#[derive(Debug, Clone)]
enum PendingFigure {
    /// The map as SVG, or as PNG at a scale.
    Map { png_scale: Option<f32> },
    /// The map as data for another tool (GraphML, GEXF, node-link JSON, CSV).
    Data(crate::io::formats::OutFormat),
    /// A screenshot of the canvas.
    View(Arc<egui::ColorImage>),
}

/// What a requested screenshot is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ShotFor {
    Save,
    /// Saved at twice the window's pixel density, drawn again off screen.
    Save2x,
    Copy,
}

/// What to do once the question about unsaved changes is answered.
#[derive(Debug, Clone, PartialEq)]
enum AfterDiscard {
    New,
    /// Open this file, or ask which one.
    Open(Option<PathBuf>),
    Quit,
}

/// The "new entity" dialog's fields.
#[derive(Debug, Clone)]
struct NewEntity {
    name: String,
    kind: String,
    position: Option<crate::model::Position>,
    /// The name field has been given focus.
    focused: bool,
}

/// An error shown in a modal until the user closes it.
#[derive(Debug, Clone)]
struct ErrorReport {
    title: String,
    message: String,
}

pub struct RelmapApp {
    settings: Settings,
    doc: Document,
    /// The file the document was opened from or last saved to.
    path: Option<PathBuf>,
    /// How the document is named in the title bar when it has no file.
    unsaved_name: String,
    history: History,
    /// The layout moved entities that already had saved positions (a re-run layout), so the
    /// positions in memory differ from the file even though no edit was made.
    layout_moved_saved_positions: bool,
    canvas: Canvas,
    inspector: Inspector,
    explore: Explore,
    metrics: Metrics,
    /// Counts changes to the document, so cached numbers know when to recompute.
    revision: u64,
    selection: Selection,
    /// Use the platform's file dialogs; otherwise relmap's own.
    pub native_dialogs: bool,
    file_dialog: Option<FileDialog>,
    unsaved_prompt: Option<AfterDiscard>,
    /// Continue with this once a Save As started from the unsaved-changes prompt succeeds.
    after_save: Option<AfterDiscard>,
    error: Option<ErrorReport>,
    new_entity: Option<NewEntity>,
    /// A screenshot to ask for at the end of this frame.
    shot_request: Option<ShotFor>,
    /// A figure being exported, until its path is chosen.
    pending_figure: Option<PendingFigure>,
    /// A screenshot was requested and has not arrived yet.
    awaiting_shot: bool,
    /// Where unsaved work is copied, in case relmap stops without saving.
    recovery: Option<RecoveryStore>,
    /// Writes this window's copies into its own slot, off the UI thread; made when the first
    /// copy is due.
    recovery_writer: Option<RecoveryWriter>,
    /// Seconds between recovery copies.
    recovery_interval: f64,
    /// The document changed since the last recovery copy.
    recovery_pending: bool,
    /// When (in egui time) the last recovery copy was asked for.
    recovery_written_at: Option<f64>,
    /// After a copy failed, the wait before the next try; it doubles with each failure, so a
    /// folder that cannot be written is not retried on every frame.
    recovery_backoff: f64,
    /// A recovery copy found at start-up, offered to the user.
    recovery_offer: Option<Result<Recovered, String>>,
    /// The slot the offered copy is in, held so no other window offers it too.
    recovery_offer_slot: Option<RecoverySlot>,
    /// The report of the last import of a foreign file, while its window is open.
    import_report: Option<ImportShown>,
    /// A CSV table waiting for the user to name its columns.
    table_import: Option<TableImport>,
    /// The document was restored from a recovery copy and differs from its file.
    restored: bool,
    status: String,
    quit_confirmed: bool,
    shown_title: String,
}

impl RelmapApp {
    pub fn new(cc: &eframe::CreationContext<'_>, startup: Startup) -> Self {
        let settings = cc
            .storage
            .and_then(|s| eframe::get_value::<Settings>(s, eframe::APP_KEY))
            .unwrap_or_default();
        let app = Self::with_settings(startup, settings);
        match eframe::storage_dir("relmap") {
            Some(dir) => app.with_recovery(RecoveryStore::new(dir.join("recovery"))),
            None => app,
        }
    }

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
    fn keep_recovery_copy(&mut self, ctx: &egui::Context) {
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
            writer.write(self.doc.clone(), self.path.clone());
            self.recovery_pending = false;
        }
        ctx.request_repaint_after(std::time::Duration::from_secs_f64(wait));
    }

    /// A copy could not be written: say so, and try again later, waiting longer each time.
    fn recovery_failed(&mut self, message: &str) {
        self.status = format!("Recovery copy not written: {message}");
        self.recovery_backoff = (self.recovery_backoff * 2.0)
            .max(self.recovery_interval * 2.0)
            .min(RECOVERY_MAX_BACKOFF_SECS);
        self.recovery_pending = true;
    }

    /// An app without eframe's storage, for tests and tools.
    pub fn with_settings(startup: Startup, mut settings: Settings) -> Self {
        let mut error = None;
        let mut import_report = None;
        let (doc, path, unsaved_name) = match startup {
            Startup::Bundled => match io::bundled_map() {
                Ok(doc) => (doc, None, io::BUNDLED_MAP_NAME.to_owned()),
                Err(e) => {
                    // Only a broken build gets here; say so rather than open a blank window.
                    error = Some(ErrorReport {
                        title: "The bundled map could not be loaded".into(),
                        message: e.to_string(),
                    });
                    (Document::default(), None, "Untitled".to_owned())
                }
            },
            Startup::File { path, doc } => {
                settings.remember(&path);
                (*doc, Some(path), String::new())
            }
            Startup::Imported { path, opened } => {
                settings.remember(&path);
                if let Some(dir) = path.parent() {
                    settings.last_dir = Some(dir.to_path_buf());
                }
                let name = imported_name(&path, opened.format);
                import_report = Some(ImportShown {
                    title: name.clone(),
                    report: opened.report.clone(),
                });
                (opened.doc, None, name)
            }
            Startup::Empty => (Document::default(), None, "Untitled".to_owned()),
        };
        let mut canvas = Canvas::new(&doc);
        if let Some(params) = settings.layout {
            canvas.set_layout_params(params);
        }
        Self {
            settings,
            doc,
            path,
            unsaved_name,
            history: History::new(),
            layout_moved_saved_positions: false,
            canvas,
            inspector: Inspector::default(),
            explore: Explore::default(),
            metrics: Metrics::default(),
            revision: 0,
            selection: Selection::None,
            native_dialogs: native_file_dialogs_available(),
            file_dialog: None,
            unsaved_prompt: None,
            after_save: None,
            error,
            new_entity: None,
            shot_request: None,
            pending_figure: None,
            awaiting_shot: false,
            recovery: None,
            recovery_writer: None,
            recovery_interval: RECOVERY_INTERVAL_SECS,
            recovery_pending: false,
            recovery_written_at: None,
            recovery_backoff: 0.0,
            recovery_offer: None,
            recovery_offer_slot: None,
            import_report,
            table_import: None,
            restored: false,
            status: String::new(),
            quit_confirmed: false,
            shown_title: String::new(),
        }
    }

    pub fn document(&self) -> &Document {
        &self.doc
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn selection(&self) -> &Selection {
        &self.selection
    }

    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty() || self.layout_moved_saved_positions || self.restored
    }

    pub fn is_layout_running(&self) -> bool {
        self.canvas.is_layout_running()
    }

    pub fn is_layout_paused(&self) -> bool {
        self.canvas.is_layout_paused()
    }

    /// The layout's tuning in this window.
    pub fn layout_params(&self) -> crate::layout::LayoutParams {
        self.canvas.layout_params()
    }

    /// The error the user is being shown, if any.
    pub fn error_message(&self) -> Option<&str> {
        self.error.as_ref().map(|e| e.message.as_str())
    }

    pub fn status(&self) -> &str {
        &self.status
    }

    /// Where entity `id` was drawn in the last frame, in screen points; tests click there
    /// because egui_graphs gives nodes no accessibility entries.
    pub fn entity_screen_pos(&self, id: &str) -> Option<Pos2> {
        self.canvas.screen_pos(self.doc.entity_index(id)?)
    }

    /// The relation under the pointer on the canvas, whose caption is showing.
    pub fn hovered_relation(&self) -> Option<&crate::model::RelationId> {
        let index = self.canvas.hovered_relation()?;
        self.doc.relations.get(index).map(|r| &r.id)
    }

    /// The relation captions the canvas drew in the last frame, with each text's box on
    /// screen: those of the selected or hovered entities' relations that found room.
    pub fn caption_boxes(&self) -> Vec<(&crate::model::RelationId, egui::Rect)> {
        self.canvas
            .caption_boxes()
            .into_iter()
            .filter_map(|(i, rect)| Some((&self.doc.relations.get(i)?.id, rect)))
            .collect()
    }

    /// How the canvas shows entity `id` under the current filters, lens and path.
    pub fn entity_decor(&self, id: &str) -> Option<super::canvas::NodeDecor> {
        let i = self.doc.entity_index(id)?;
        self.canvas.decor().nodes.get(i).copied()
    }

    /// How the canvas shows relation `id`.
    pub fn relation_decor(&self, id: &str) -> Option<super::canvas::EdgeDecor> {
        let i = self
            .doc
            .relations
            .iter()
            .position(|r| r.id.as_str() == id)?;
        self.canvas.decor().edges.get(i).copied()
    }

    /// How the canvas mapped map coordinates to the screen in the last frame.
    pub fn canvas_view(&self) -> Option<super::canvas::ViewTransform> {
        self.canvas.view()
    }

    /// The window title: file name and an unsaved-changes marker.
    pub fn title(&self) -> String {
        let name = match &self.path {
            Some(p) => p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
            None => self.unsaved_name.clone(),
        };
        let marker = if self.is_dirty() { " *" } else { "" };
        format!("{name}{marker} — relmap")
    }

    fn start_dir(&self) -> PathBuf {
        self.path
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .or_else(|| self.settings.last_dir.clone())
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_else(|| PathBuf::from("."))
    }

    /// Applies one action. Everything that changes the document goes through `history`.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Command(cmd) => self.run_command(cmd),
            Action::OpenPath(path) => self.guard_unsaved(AfterDiscard::Open(Some(path))),
            Action::SaveToPath(path) => self.save_to(&path),
            Action::Select(selection) => self.selection = selection,
            Action::MoveEntities(placed) => {
                let label = match placed.as_slice() {
                    [(id, _)] => format!("Move {}", self.doc.entity_name(id.as_str())),
                    many => format!("Move {} entities", many.len()),
                };
                let edits = placed
                    .into_iter()
                    .map(|(entity, position)| Edit::PlaceEntity {
                        entity,
                        position: Some(position),
                        pinned: true,
                    })
                    .collect();
                self.edit(label, edits);
            }
            Action::Unpin(entity) => {
                let Some(i) = self.doc.entity_index(entity.as_str()) else {
                    return;
                };
                let position = self.canvas.positions().get(i).cloned();
                let label = format!("Unpin {}", self.doc.entity_name(entity.as_str()));
                self.edit(
                    label,
                    vec![Edit::PlaceEntity {
                        entity,
                        position,
                        pinned: false,
                    }],
                );
                self.canvas.restart_layout();
            }
            Action::ClearRecent => self.settings.recent.clear(),
            Action::SetLayoutParams(params) => {
                self.canvas.set_layout_params(params);
                self.settings.layout = Some(params);
            }
            Action::Edit { label, edits, then } => {
                if self.edit(label, edits)
                    && let Some(selection) = then
                {
                    self.selection = selection;
                }
            }
            Action::AddEntityAt(position) => {
                // Ask for the name first, so the new entity's id is derived from it.
                self.new_entity = Some(NewEntity {
                    name: String::new(),
                    kind: kinds::PERSON.to_owned(),
                    position: position.or_else(|| self.canvas.view_center()),
                    focused: false,
                });
            }
            Action::CreateEntity {
                name,
                kind,
                position,
            } => {
                let (id, edits) = ops::add_entity(&self.doc, &name, &kind, position);
                if self.edit(format!("Add {name}"), edits) {
                    self.selection = Selection::Entity(id);
                }
            }
            Action::Connect(from, to) => {
                let (id, edits) = ops::connect(&self.doc, &from, &to, "related to");
                let label = format!(
                    "Connect {} to {}",
                    self.doc.entity_name(from.as_str()),
                    self.doc.entity_name(to.as_str())
                );
                if self.edit(label, edits) {
                    self.selection = Selection::Relation(id);
                }
            }
            Action::FocusEntity(id) => {
                if let Some(i) = self.doc.entity_index(id.as_str()) {
                    self.canvas.zoom_to(vec![i]);
                    self.selection = Selection::Entity(id);
                }
            }
            Action::Merge { survivor, absorbed } => {
                let label = format!(
                    "Merge {} into {}",
                    self.doc.entity_name(absorbed.as_str()),
                    self.doc.entity_name(survivor.as_str())
                );
                match ops::merge_entities(&self.doc, &survivor, &absorbed) {
                    Ok(edits) => {
                        if self.edit(label, edits) {
                            self.selection = Selection::Entity(survivor);
                        }
                    }
                    Err(e) => self.report(format!("Could not {}", lowercase_first(&label)), e),
                }
            }
        }
    }

    fn run_command(&mut self, cmd: UiCommand) {
        match cmd {
            UiCommand::New => self.guard_unsaved(AfterDiscard::New),
            UiCommand::Open => self.guard_unsaved(AfterDiscard::Open(None)),
            UiCommand::Save => self.save(),
            UiCommand::SaveAs => self.pick_save_path(),
            UiCommand::Quit => self.guard_unsaved(AfterDiscard::Quit),
            UiCommand::Undo => {
                if let Some(label) = self.history.undo(&mut self.doc) {
                    self.after_history_move();
                    self.status = format!("Undid: {label}");
                }
            }
            UiCommand::Redo => {
                if let Some(label) = self.history.redo(&mut self.doc) {
                    self.after_history_move();
                    self.status = format!("Redid: {label}");
                }
            }
            UiCommand::FitView => self.canvas.request_fit(),
            UiCommand::RestartLayout => self.canvas.restart_layout(),
            UiCommand::PauseLayout => {
                let paused = !self.canvas.is_layout_paused();
                self.canvas.set_layout_paused(paused);
                self.status = if paused {
                    "Layout paused".to_owned()
                } else {
                    "Layout resumed".to_owned()
                };
            }
            UiCommand::ReheatLayout => self.canvas.reheat_layout(),
            UiCommand::AddEntity => self.apply(Action::AddEntityAt(None)),
            UiCommand::AddSource => {
                let (id, edits) = ops::add_source(&self.doc, "New source");
                if self.edit("Add source".into(), edits) {
                    self.selection = Selection::Source(id);
                }
            }
            UiCommand::ConnectSelected => match self.selection.entities().as_slice() {
                [from, to, ..] => self.apply(Action::Connect(from.clone(), to.clone())),
                _ => {
                    self.status =
                        "Select two entities (Shift+click) to connect the first to the second"
                            .into();
                }
            },
            UiCommand::ToggleConnectMode => {
                let on = !self.canvas.connect_mode();
                self.canvas.set_connect_mode(on);
                self.status = if on {
                    "Connect mode: drag from one entity to another to add a relation".into()
                } else {
                    "Connect mode off: dragging moves entities".into()
                };
            }
            UiCommand::DeleteSelected => self.delete_selection(),
            UiCommand::Find => self.explore.focus_search = true,
            UiCommand::ZoomToSelection => {
                let indices = self
                    .selection
                    .entities()
                    .iter()
                    .filter_map(|id| self.doc.entity_index(id.as_str()))
                    .collect();
                self.canvas.zoom_to(indices);
            }
            UiCommand::FocusOneHop => self.explore.focus_on(&self.selection, 1),
            UiCommand::FocusTwoHops => self.explore.focus_on(&self.selection, 2),
            UiCommand::FocusThreeHops => self.explore.focus_on(&self.selection, 3),
            UiCommand::ExportMapSvg => self.export_figure(PendingFigure::Map { png_scale: None }),
            UiCommand::ExportGraphMl => {
                self.export_figure(PendingFigure::Data(crate::io::formats::OutFormat::GraphMl))
            }
            UiCommand::ExportGexf => {
                self.export_figure(PendingFigure::Data(crate::io::formats::OutFormat::Gexf))
            }
            UiCommand::ExportNodeLink => {
                self.export_figure(PendingFigure::Data(crate::io::formats::OutFormat::NodeLink))
            }
            UiCommand::ExportCsv => {
                self.export_figure(PendingFigure::Data(crate::io::formats::OutFormat::Csv))
            }
            UiCommand::ExportMapPng => self.export_figure(PendingFigure::Map {
                png_scale: Some(1.0),
            }),
            UiCommand::ExportMapPng2x => self.export_figure(PendingFigure::Map {
                png_scale: Some(2.0),
            }),
            UiCommand::ExportViewPng => self.request_shot(ShotFor::Save),
            UiCommand::ExportViewPng2x => self.request_shot(ShotFor::Save2x),
            UiCommand::CopyViewImage => self.request_shot(ShotFor::Copy),
            UiCommand::SelectAll => {
                self.selection = Selection::of_entities(
                    self.doc.entities.iter().map(|e| e.id.clone()).collect(),
                );
            }
        }
    }

    /// Asks egui for a screenshot; it arrives as an event in a later frame.
    fn request_shot(&mut self, purpose: ShotFor) {
        self.shot_request = Some(purpose);
    }

    /// Takes a screenshot that arrived, crops it to the canvas, and saves or copies it.
    fn receive_shot(&mut self, ctx: &egui::Context) {
        let shot = ctx.input(|i| {
            i.events.iter().find_map(|e| match e {
                egui::Event::Screenshot {
                    image, user_data, ..
                } => {
                    let purpose = user_data
                        .data
                        .as_ref()
                        .and_then(|d| d.downcast_ref::<ShotFor>())
                        .copied()?;
                    Some((image.clone(), purpose))
                }
                _ => None,
            })
        });
        let Some((image, purpose)) = shot else { return };
        self.awaiting_shot = false;
        let Some(view) = self.canvas.view() else {
            return;
        };
        let ppp = ctx.pixels_per_point();
        let cropped = Arc::new(image.region(&view.rect, Some(ppp)));
        match purpose {
            ShotFor::Copy => {
                ctx.copy_image((*cropped).clone());
                self.status = format!(
                    "Copied the view ({}×{} pixels)",
                    cropped.size[0], cropped.size[1]
                );
            }
            ShotFor::Save | ShotFor::Save2x => self.export_figure(PendingFigure::View(cropped)),
        }
    }

    /// Draws the canvas again at twice the window's pixel density and exports it.
    fn export_view_sharp(&mut self, ctx: &egui::Context, frame: &eframe::Frame) {
        let rendered = match frame.wgpu_render_state() {
            Some(render_state) => self
                .canvas
                .render_offscreen(render_state, ctx, 2.0 * ctx.pixels_per_point())
                .map_err(|e| e.to_string()),
            None => Err(
                "this window is not drawn with wgpu, which the 2× view needs; \
                         use View as PNG or Map as PNG, 2× resolution"
                    .to_owned(),
            ),
        };
        match rendered {
            Ok(image) => self.export_figure(PendingFigure::View(Arc::new(image))),
            Err(e) => self.report("Could not draw the view at 2×".to_owned(), e),
        }
        // The dialog or the error shows on the next frame; no input may come to ask for it.
        ctx.request_repaint();
    }

    /// Asks where to put a figure (the native dialog, or relmap's own), then writes it.
    fn export_figure(&mut self, figure: PendingFigure) {
        use crate::io::formats::OutFormat;
        let ext = match &figure {
            PendingFigure::Map { png_scale: None } => "svg",
            PendingFigure::Data(OutFormat::GraphMl) => "graphml",
            PendingFigure::Data(OutFormat::Gexf) => "gexf",
            PendingFigure::Data(OutFormat::NodeLink | OutFormat::Relmap) => "json",
            PendingFigure::Data(OutFormat::Csv) => "csv",
            _ => "png",
        };
        let dir = self
            .settings
            .last_export_dir
            .clone()
            .unwrap_or_else(|| self.start_dir());
        let stem = self
            .path
            .as_deref()
            .and_then(Path::file_stem)
            .map_or_else(|| "map".to_owned(), |s| s.to_string_lossy().into_owned());
        let name = match &figure {
            PendingFigure::View(_) => format!("{stem}-view.{ext}"),
            PendingFigure::Data(OutFormat::NodeLink) => format!("{stem}-node-link.{ext}"),
            PendingFigure::Map { .. } | PendingFigure::Data(_) => format!("{stem}.{ext}"),
        };
        if self.native_dialogs {
            if let Some(path) = rfd::FileDialog::new()
                .set_title("Export figure as")
                .add_filter(ext.to_uppercase(), &[ext])
                .set_directory(&dir)
                .set_file_name(&name)
                .save_file()
            {
                self.write_figure(&figure, &path);
            }
        } else {
            self.pending_figure = Some(figure);
            self.file_dialog = Some(FileDialog::new(Purpose::Export(ext), dir, name));
        }
    }

    /// Writes a figure. Exporting never changes the document or whether it is saved.
    fn write_figure(&mut self, figure: &PendingFigure, path: &Path) {
        let result = match figure {
            PendingFigure::Map { png_scale } => {
                let svg = export::map_svg(
                    &self.doc,
                    &self.canvas.positions(),
                    self.canvas.decor(),
                    &FigureOptions::default(),
                );
                let size = PngSize::Scale(png_scale.unwrap_or(1.0));
                export::write_figure(&svg, path, size, export::DEFAULT_MAX_PIXELS)
            }
            PendingFigure::View(image) => write_color_image(image, path),
            PendingFigure::Data(format) => {
                let mut doc = self.doc.clone();
                place_from_canvas(&mut doc, self.canvas.layout_points());
                match crate::io::formats::write_file(&doc, path, *format) {
                    Ok(written) => {
                        self.status = format!(
                            "Exported {} as {}",
                            written
                                .iter()
                                .map(|p| p.display().to_string())
                                .collect::<Vec<_>>()
                                .join(", "),
                            format.name()
                        );
                        if let Some(dir) = path.parent() {
                            self.settings.last_export_dir = Some(dir.to_path_buf());
                        }
                        return;
                    }
                    Err(e) => Err(e.into()),
                }
            }
        };
        match result {
            Ok(()) => {
                if let Some(dir) = path.parent() {
                    self.settings.last_export_dir = Some(dir.to_path_buf());
                }
                self.status = format!("Exported {}", path.display());
            }
            Err(e) => self.report(format!("Could not export {}", display_name(path)), e),
        }
    }

    fn delete_selection(&mut self) {
        let (label, edits) = match &self.selection {
            Selection::None => return,
            Selection::Entity(_) | Selection::Entities(_) => {
                let ids = self.selection.entities();
                let label = match ids.as_slice() {
                    [one] => format!("Delete {}", self.doc.entity_name(one.as_str())),
                    many => format!("Delete {} entities", many.len()),
                };
                (label, ops::delete_entities(&self.doc, &ids))
            }
            Selection::Relation(id) => {
                let Some(r) = self.doc.relation(id.as_str()) else {
                    return;
                };
                (
                    format!("Delete relation {}", r.caption()),
                    vec![Edit::RemoveRelation {
                        relation: id.clone(),
                    }],
                )
            }
            Selection::Source(id) => {
                let Some(src) = self.doc.source(id.as_str()) else {
                    return;
                };
                (
                    format!("Delete source {}", src.title),
                    vec![Edit::RemoveSource { source: id.clone() }],
                )
            }
        };
        if self.edit(label, edits) {
            self.selection = Selection::None;
        }
    }

    /// After undo or redo: the canvas takes in whatever changed, and the selection forgets
    /// what no longer exists.
    fn after_history_move(&mut self) {
        self.revision += 1;
        self.recovery_pending = true;
        self.canvas.refresh(&self.doc);
        self.prune_selection();
    }

    fn prune_selection(&mut self) {
        self.selection = match &self.selection {
            Selection::Entity(_) | Selection::Entities(_) => Selection::of_entities(
                self.selection
                    .entities()
                    .into_iter()
                    .filter(|id| self.doc.entity(id.as_str()).is_some())
                    .collect(),
            ),
            Selection::Relation(id) if self.doc.relation(id.as_str()).is_none() => Selection::None,
            Selection::Source(id) if self.doc.source(id.as_str()).is_none() => Selection::None,
            other => other.clone(),
        };
    }

    fn report(&mut self, title: String, error: impl std::fmt::Display) {
        self.error = Some(ErrorReport {
            title,
            message: error.to_string(),
        });
    }

    /// Applies `edits` as one undoable step; returns whether they were applied. A refused
    /// edit changes nothing, and the user is told why.
    fn edit(&mut self, label: String, edits: Vec<Edit>) -> bool {
        if edits.is_empty() {
            return false;
        }
        let structural = edits.iter().any(Edit::changes_structure);
        match self.history.apply(&mut self.doc, label.clone(), edits) {
            Ok(()) => {
                self.revision += 1;
                self.recovery_pending = true;
                if structural {
                    self.canvas.refresh(&self.doc);
                } else {
                    self.canvas.sync_positions(&self.doc);
                }
                self.prune_selection();
                true
            }
            Err(e) => {
                self.report(format!("Could not {}", lowercase_first(&label)), e);
                false
            }
        }
    }

    /// Stores the layout's positions in the document. They are derived data, not edits: the
    /// seeded layout recomputes them the same way, so filling in missing positions does not
    /// make the map "unsaved"; moving positions the file already had does.
    fn commit_layout(&mut self) {
        if place_from_canvas(&mut self.doc, self.canvas.layout_points()) {
            self.layout_moved_saved_positions = true;
            self.recovery_pending = true;
        }
    }

    fn guard_unsaved(&mut self, then: AfterDiscard) {
        if self.is_dirty() {
            self.unsaved_prompt = Some(then);
        } else {
            self.proceed(then);
        }
    }

    fn proceed(&mut self, then: AfterDiscard) {
        match then {
            AfterDiscard::New => {
                self.replace_document(Document::default(), None);
                self.unsaved_name = "Untitled".into();
            }
            AfterDiscard::Open(Some(path)) => self.open_path(&path),
            AfterDiscard::Open(None) => self.pick_open_path(),
            AfterDiscard::Quit => {
                // The user chose to drop the changes: no copy should offer them back.
                if let Some(writer) = &self.recovery_writer {
                    writer.clear();
                    writer.flush();
                }
                self.quit_confirmed = true;
            }
        }
    }

    /// Opens `path`, in any format relmap reads; on failure the current map stays open,
    /// untouched, and the user sees why. A file of another format opens as an untitled map,
    /// so Save asks where to write the relmap file, and its import report is shown. A CSV
    /// table first shows the table import dialog, where the user names its columns.
    fn open_path(&mut self, path: &Path) {
        let ext = path.extension().and_then(|e| e.to_str());
        let result = match crate::io::read_file(path) {
            Err(e) => Err(e),
            Ok((bytes, origin)) => {
                if crate::io::formats::detect(&bytes, ext) == crate::io::formats::Format::Csv
                    && let Some(table) = TableImport::new(path.to_path_buf(), &bytes)
                {
                    self.table_import = Some(table);
                    return;
                }
                crate::io::formats::open_bytes(&bytes, &origin, ext)
            }
        };
        self.show_opened(path, result);
    }

    /// Makes an opened file the document, or shows why it could not be opened.
    fn show_opened(
        &mut self,
        path: &Path,
        result: Result<crate::io::formats::Opened, crate::io::LoadError>,
    ) {
        match result {
            Ok(opened) if opened.is_foreign() => {
                self.settings.remember(path);
                let name = imported_name(path, opened.format);
                if let Some(dir) = path.parent() {
                    self.settings.last_dir = Some(dir.to_path_buf());
                }
                self.status = format!(
                    "Read {} as {}: {} entities, {} relations",
                    display_name(path),
                    opened.format.name(),
                    opened.doc.entities.len(),
                    opened.doc.relations.len()
                );
                self.import_report = Some(ImportShown {
                    title: name.clone(),
                    report: opened.report,
                });
                self.replace_document(opened.doc, None);
                self.unsaved_name = name;
            }
            Ok(opened) => {
                self.settings.remember(path);
                self.replace_document(opened.doc, Some(path.to_path_buf()));
                self.status = format!("Opened {}", path.display());
            }
            Err(e) => {
                if !path.exists() {
                    self.settings.recent.retain(|p| p != path);
                }
                self.error = Some(ErrorReport {
                    title: format!("Could not open {}", display_name(path)),
                    message: e.to_string(),
                });
            }
        }
    }

    fn replace_document(&mut self, doc: Document, path: Option<PathBuf>) {
        if let Some(dir) = path.as_deref().and_then(Path::parent) {
            self.settings.last_dir = Some(dir.to_path_buf());
        }
        self.doc = doc;
        self.path = path;
        self.revision += 1;
        self.explore = Explore::default();
        self.history = History::new();
        self.layout_moved_saved_positions = false;
        self.restored = false;
        self.selection = Selection::None;
        self.canvas.rebuild(&self.doc);
    }

    fn save(&mut self) {
        match self.path.clone() {
            Some(path) => self.save_to(&path),
            None => self.pick_save_path(),
        }
    }

    fn save_to(&mut self, path: &Path) {
        // Save what the user sees, even if the layout is still moving.
        self.commit_layout();
        match io::save_file(&self.doc, path) {
            Ok(written) => {
                self.settings.remember(path);
                self.history.mark_saved();
                self.layout_moved_saved_positions = false;
                self.restored = false;
                self.path = Some(path.to_path_buf());
                if let Some(dir) = path.parent() {
                    self.settings.last_dir = Some(dir.to_path_buf());
                }
                self.status = match written.other_hard_links {
                    0 => format!("Saved {}", path.display()),
                    n => format!(
                        "Saved {}. Its {n} other hard {} still {} the previous version",
                        path.display(),
                        if n == 1 { "link" } else { "links" },
                        if n == 1 { "holds" } else { "hold" },
                    ),
                };
                if let Some(then) = self.after_save.take() {
                    self.proceed(then);
                }
            }
            Err(e) => {
                self.after_save = None;
                self.error = Some(ErrorReport {
                    title: format!("Could not save {}", display_name(path)),
                    message: e.to_string(),
                });
            }
        }
    }

    fn pick_open_path(&mut self) {
        let dir = self.start_dir();
        if self.native_dialogs {
            let mut dialog = rfd::FileDialog::new()
                .set_title("Open map")
                .add_filter("All graph files", &all_graph_extensions());
            for format in crate::io::formats::Format::ALL {
                dialog = dialog.add_filter(format.name(), format.extensions());
            }
            if let Some(path) = dialog
                .add_filter("All files", &["*"])
                .set_directory(&dir)
                .pick_file()
            {
                self.open_path(&path);
            }
        } else {
            self.file_dialog = Some(FileDialog::new(Purpose::Open, dir, String::new()));
        }
    }

    fn pick_save_path(&mut self) {
        let dir = self.start_dir();
        let name = self.path.as_deref().and_then(Path::file_name).map_or_else(
            || "map.json".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        );
        if self.native_dialogs {
            match rfd::FileDialog::new()
                .set_title("Save map as")
                .add_filter("relmap map", &["json"])
                .set_directory(&dir)
                .set_file_name(&name)
                .save_file()
            {
                Some(path) => self.save_to(&path),
                None => self.after_save = None,
            }
        } else {
            self.file_dialog = Some(FileDialog::new(Purpose::SaveAs, dir, name));
        }
    }

    fn modal_open(&self) -> bool {
        self.file_dialog.is_some()
            || self.table_import.is_some()
            || self.recovery_offer.is_some()
            || self.unsaved_prompt.is_some()
            || self.error.is_some()
            || self.new_entity.is_some()
    }

    fn menu_bar(&self, ui: &mut egui::Ui) -> Vec<Action> {
        let mut actions = Vec::new();
        // Open Recent's choices, which the command table does not list.
        let mut chosen = Vec::new();
        let mut item = |ui: &mut egui::Ui, cmd: UiCommand, label: Option<String>, enabled: bool| {
            let text = label.unwrap_or_else(|| cmd.label().to_owned());
            let mut button = egui::Button::new(text);
            if let Some(s) = cmd.shortcut() {
                button = button.shortcut_text(ui.ctx().format_shortcut(&s));
            }
            if ui
                .add_enabled(enabled, button)
                .on_hover_text(cmd.tooltip())
                .clicked()
            {
                actions.push(Action::Command(cmd));
            }
        };
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                item(ui, UiCommand::New, None, true);
                item(ui, UiCommand::Open, None, true);
                ui.menu_button("Open Recent", |ui| {
                    if self.settings.recent.is_empty() {
                        ui.label("No recent files");
                    }
                    for path in self.settings.recent.clone() {
                        let folder = path.parent().map(|p| p.display().to_string());
                        let button = ui
                            .button(display_name(&path))
                            .on_hover_text(folder.unwrap_or_default());
                        if button.clicked() {
                            chosen.push(Action::OpenPath(path));
                            ui.close();
                        }
                    }
                    if !self.settings.recent.is_empty() {
                        ui.separator();
                        if ui.button("Clear the list").clicked() {
                            chosen.push(Action::ClearRecent);
                            ui.close();
                        }
                    }
                });
                item(ui, UiCommand::Save, None, true);
                item(ui, UiCommand::SaveAs, None, true);
                ui.separator();
                ui.menu_button("Export", |ui| {
                    item(ui, UiCommand::ExportMapSvg, None, true);
                    item(ui, UiCommand::ExportMapPng, None, true);
                    item(ui, UiCommand::ExportMapPng2x, None, true);
                    ui.separator();
                    item(ui, UiCommand::ExportGraphMl, None, true);
                    item(ui, UiCommand::ExportGexf, None, true);
                    item(ui, UiCommand::ExportNodeLink, None, true);
                    item(ui, UiCommand::ExportCsv, None, true);
                    ui.separator();
                    item(ui, UiCommand::ExportViewPng, None, true);
                    item(ui, UiCommand::ExportViewPng2x, None, true);
                    item(ui, UiCommand::CopyViewImage, None, true);
                });
                ui.separator();
                item(ui, UiCommand::Quit, None, true);
            });
            ui.menu_button("Edit", |ui| {
                let undo = self.history.undo_label().map(|l| format!("Undo {l}"));
                let redo = self.history.redo_label().map(|l| format!("Redo {l}"));
                item(ui, UiCommand::Undo, undo.clone(), undo.is_some());
                item(ui, UiCommand::Redo, redo.clone(), redo.is_some());
                ui.separator();
                item(ui, UiCommand::AddEntity, None, true);
                item(ui, UiCommand::AddSource, None, true);
                let two = self.selection.entities().len() >= 2;
                item(ui, UiCommand::ConnectSelected, None, two);
                let mode = if self.canvas.connect_mode() {
                    "Connect mode: on"
                } else {
                    "Connect mode: off"
                };
                item(ui, UiCommand::ToggleConnectMode, Some(mode.into()), true);
                let any = self.selection != Selection::None;
                item(ui, UiCommand::DeleteSelected, None, any);
                item(
                    ui,
                    UiCommand::SelectAll,
                    None,
                    !self.doc.entities.is_empty(),
                );
            });
            ui.menu_button("View", |ui| {
                item(ui, UiCommand::Find, None, true);
                item(ui, UiCommand::FitView, None, true);
                let any = !self.selection.entities().is_empty();
                item(ui, UiCommand::ZoomToSelection, None, any);
                item(ui, UiCommand::FocusOneHop, None, any);
                item(ui, UiCommand::FocusTwoHops, None, any);
                item(ui, UiCommand::FocusThreeHops, None, any);
                ui.separator();
                let paused = self.canvas.is_layout_paused();
                let pause = if paused {
                    "Resume layout"
                } else {
                    "Pause layout"
                };
                let can_pause = paused || self.canvas.is_layout_running();
                item(
                    ui,
                    UiCommand::PauseLayout,
                    Some(pause.to_owned()),
                    can_pause,
                );
                item(ui, UiCommand::ReheatLayout, None, true);
                item(ui, UiCommand::RestartLayout, None, true);
            });
        });
        actions.extend(chosen);
        actions
    }

    /// The editing buttons above the canvas; each is also in a menu with a shortcut.
    fn toolbar(&self, ui: &mut egui::Ui) -> Vec<Action> {
        let mut actions = Vec::new();
        let mut toggle_connect = false;
        ui.horizontal(|ui| {
            let mut button = |ui: &mut egui::Ui, cmd: UiCommand, text: &str, enabled: bool| {
                let hover = match cmd.shortcut() {
                    Some(s) => format!("{} ({})", cmd.tooltip(), ui.ctx().format_shortcut(&s)),
                    None => cmd.tooltip().to_owned(),
                };
                if ui
                    .add_enabled(enabled, egui::Button::new(text))
                    .on_hover_text(hover)
                    .clicked()
                {
                    actions.push(Action::Command(cmd));
                }
            };
            button(ui, UiCommand::AddEntity, "+ Entity", true);
            button(ui, UiCommand::AddSource, "+ Source", true);
            let two = self.selection.entities().len() >= 2;
            button(ui, UiCommand::ConnectSelected, "Connect selected", two);
            let mut mode = self.canvas.connect_mode();
            if ui
                .toggle_value(&mut mode, "Connect mode")
                .on_hover_text(UiCommand::ToggleConnectMode.tooltip())
                .clicked()
            {
                toggle_connect = true;
            }
            button(
                ui,
                UiCommand::DeleteSelected,
                "Delete",
                self.selection != Selection::None,
            );
            ui.separator();
            button(
                ui,
                UiCommand::Undo,
                "Undo",
                self.history.undo_label().is_some(),
            );
            button(
                ui,
                UiCommand::Redo,
                "Redo",
                self.history.redo_label().is_some(),
            );
            ui.separator();
            button(ui, UiCommand::FitView, "Fit view", true);
        });
        if toggle_connect {
            actions.push(Action::Command(UiCommand::ToggleConnectMode));
        }
        actions
    }

    fn status_bar(&self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let t = query::totals(&self.doc);
            ui.label(format!(
                "{} · {}",
                t.describe().replace(", ", " · "),
                query::count(
                    self.metrics.components,
                    "connected component",
                    "connected components"
                )
            ));
            if self.explore.is_active() {
                ui.separator();
                ui.label(RichText::new("Filtered view").color(ui.visuals().warn_fg_color))
                    .on_hover_text("Filters, a focus, a lens or a date narrow the view: Explore ⏵ Show everything");
            }
            ui.separator();
            ui.label(if self.canvas.is_layout_running() {
                "Layout running…"
            } else {
                "Layout settled"
            });
            if let Some(view) = self.canvas.view() {
                ui.separator();
                ui.label(format!("Zoom {:.0}%", view.zoom * 100.0));
            }
            if !self.status.is_empty() {
                ui.separator();
                ui.label(&self.status);
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.label(
                    RichText::new("Wheel: zoom · drag background: pan · drag node: move and pin")
                        .weak(),
                );
            });
        });
    }

    fn show_modals(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        if let Some(dialog) = &mut self.file_dialog {
            match dialog.show(ctx) {
                file_dialog::Outcome::Pending => {}
                file_dialog::Outcome::Cancelled => {
                    self.file_dialog = None;
                    self.after_save = None;
                    self.pending_figure = None;
                }
                file_dialog::Outcome::Picked(path) => {
                    let purpose = dialog.purpose();
                    self.file_dialog = None;
                    match purpose {
                        // Unsaved changes were already settled before the dialog opened.
                        Purpose::Open => self.open_path(&path),
                        Purpose::SaveAs => actions.push(Action::SaveToPath(path)),
                        Purpose::Export(_) => {
                            if let Some(figure) = self.pending_figure.take() {
                                self.write_figure(&figure, &path);
                            }
                        }
                    }
                }
            }
        }

        if !super::import_report::show(ctx, self.import_report.as_ref()) {
            self.import_report = None;
        }
        let table_outcome = self.table_import.as_mut().map(|t| t.show(ctx));
        match table_outcome {
            Some(TableOutcome::Import) => {
                if let Some(table) = self.table_import.take() {
                    let origin = table.path.display().to_string();
                    let result =
                        crate::io::formats::read_table(&table.bytes, &origin, &table.columns);
                    self.show_opened(&table.path, result);
                }
            }
            Some(TableOutcome::Cancelled) => self.table_import = None,
            Some(TableOutcome::Pending) | None => {}
        }

        if let Some(offer) = &self.recovery_offer {
            let mut answer = None;
            egui::Modal::new(egui::Id::new("relmap-recovery")).show(ctx, |ui| {
                ui.set_width(440.0);
                ui.heading("Restore unsaved changes?");
                match offer {
                    Ok(found) => {
                        let what = found
                            .origin
                            .as_deref()
                            .map_or_else(|| "a map that was never saved".to_owned(), display_name);
                        let when = found
                            .written
                            .elapsed()
                            .map_or_else(|_| "recently".to_owned(), |d| ago(d.as_secs()));
                        ui.label(format!(
                            "relmap stopped with unsaved changes to {what}. A copy was kept {when}: \
                             {} entities, {} relations.",
                            found.doc.entities.len(),
                            found.doc.relations.len()
                        ));
                        ui.horizontal(|ui| {
                            if ui.button("Restore").clicked() {
                                answer = Some(true);
                            }
                            if ui.button("Discard").clicked() {
                                answer = Some(false);
                            }
                        });
                    }
                    Err(message) => {
                        ui.label("relmap stopped with unsaved changes, but the copy it kept cannot be read:");
                        ui.label(RichText::new(message).monospace());
                        if ui.button("Discard it").clicked() {
                            answer = Some(false);
                        }
                    }
                }
            });
            match answer {
                Some(true) => {
                    if let Some(Ok(found)) = self.recovery_offer.take() {
                        // The copy's slot becomes this window's: it is kept up to date there
                        // until the work is saved.
                        if let Some(slot) = self.recovery_offer_slot.take() {
                            match RecoveryWriter::new(slot) {
                                Ok(writer) => self.recovery_writer = Some(writer),
                                Err(e) => self.status = format!("Recovery copy not kept: {e}"),
                            }
                        }
                        self.replace_document(found.doc, found.origin);
                        if self.path.is_none() {
                            self.unsaved_name = "Restored map".into();
                        }
                        self.restored = true;
                        self.recovery_pending = true;
                        self.status = "Restored the unsaved changes; save them to keep them".into();
                    }
                }
                Some(false) => {
                    self.recovery_offer = None;
                    if let Some(slot) = self.recovery_offer_slot.take() {
                        slot.remove();
                    }
                }
                None => {}
            }
        }

        if let Some(then) = self.unsaved_prompt.clone() {
            let name = self
                .title()
                .trim_end_matches(" — relmap")
                .trim_end_matches(" *")
                .to_owned();
            let mut answer = None;
            egui::Modal::new(egui::Id::new("relmap-unsaved")).show(ctx, |ui| {
                ui.set_width(380.0);
                ui.heading(format!("Save changes to {name}?"));
                ui.label("Your changes will be lost if you don't save them.");
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui.button("Save").clicked() {
                        answer = Some("save");
                    }
                    if ui.button("Discard").clicked() {
                        answer = Some("discard");
                    }
                    if ui.button("Cancel").clicked()
                        || ui.input(|i| i.key_pressed(egui::Key::Escape))
                    {
                        answer = Some("cancel");
                    }
                });
            });
            match answer {
                Some("save") => {
                    self.unsaved_prompt = None;
                    self.after_save = Some(then);
                    self.save();
                }
                Some("discard") => {
                    self.unsaved_prompt = None;
                    self.proceed(then);
                }
                Some(_) => self.unsaved_prompt = None,
                None => {}
            }
        }

        if let Some(mut draft) = self.new_entity.take() {
            let mut answer = None;
            egui::Modal::new(egui::Id::new("relmap-new-entity")).show(ctx, |ui| {
                ui.set_width(360.0);
                ui.heading("New entity");
                egui::Grid::new("new-entity").num_columns(2).show(ui, |ui| {
                    let label = ui.label("Name:");
                    let name = ui
                        .add(egui::TextEdit::singleline(&mut draft.name).desired_width(240.0))
                        .labelled_by(label.id);
                    if !std::mem::replace(&mut draft.focused, true) {
                        name.request_focus();
                    }
                    if name.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                        answer = Some(true);
                    }
                    ui.end_row();
                    ui.label("Kind:");
                    egui::ComboBox::from_id_salt("new-entity-kind")
                        .selected_text(&draft.kind)
                        .show_ui(ui, |ui| {
                            let mut all: Vec<&str> = vec![
                                kinds::PERSON,
                                kinds::ORGANISATION,
                                kinds::GOVERNMENT_BODY,
                                kinds::PLACE,
                                kinds::EVENT,
                            ];
                            for e in &self.doc.entities {
                                if !all.contains(&e.kind.as_str()) {
                                    all.push(&e.kind);
                                }
                            }
                            for k in all {
                                ui.selectable_value(&mut draft.kind, k.to_owned(), k);
                            }
                        });
                    ui.end_row();
                });
                ui.horizontal(|ui| {
                    let ok = !draft.name.trim().is_empty();
                    if ui.add_enabled(ok, egui::Button::new("Add")).clicked() {
                        answer = Some(true);
                    }
                    if ui.button("Cancel").clicked()
                        || ui.input(|i| i.key_pressed(egui::Key::Escape))
                    {
                        answer = Some(false);
                    }
                });
            });
            match answer {
                Some(true) if !draft.name.trim().is_empty() => actions.push(Action::CreateEntity {
                    name: draft.name.trim().to_owned(),
                    kind: draft.kind,
                    position: draft.position,
                }),
                Some(true) => self.new_entity = Some(draft),
                Some(false) => {}
                None => self.new_entity = Some(draft),
            }
        }

        if let Some(report) = &self.error {
            let mut close = false;
            egui::Modal::new(egui::Id::new("relmap-error")).show(ctx, |ui| {
                ui.set_max_width(560.0);
                ui.heading(&report.title);
                ui.label("The map you had open is unchanged.");
                egui::ScrollArea::vertical()
                    .max_height(320.0)
                    .show(ui, |ui| {
                        ui.add(egui::Label::new(RichText::new(&report.message).monospace()).wrap());
                    });
                ui.add_space(6.0);
                if ui.button("OK").clicked()
                    || ui.input(|i| {
                        i.key_pressed(egui::Key::Escape) || i.key_pressed(egui::Key::Enter)
                    })
                {
                    close = true;
                }
            });
            if close {
                self.error = None;
            }
        }
    }
}

impl eframe::App for RelmapApp {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        let mut actions: Vec<Action> = Vec::new();
        self.metrics.update(&self.doc, self.revision, &ctx);
        self.explore
            .refresh_path(&self.doc, self.revision, &self.selection);
        if self.awaiting_shot {
            self.receive_shot(&ctx);
        }

        if !self.modal_open() {
            let typing = ctx.text_edit_focused();
            if let Some(cmd) = ctx.input_mut(|i| UiCommand::from_shortcuts(i, typing)) {
                actions.push(cmd.into());
            } else if ctx.input(|i| i.key_pressed(egui::Key::Escape)) && !typing {
                // Esc backs out: the neighbourhood focus, and the selection.
                self.explore.filter.focus = None;
                actions.push(Action::Select(Selection::None));
            }
            let dropped: Option<PathBuf> = ctx.input(|i| {
                i.raw
                    .dropped_files
                    .iter()
                    .map(|f| f.path().to_path_buf())
                    .next()
            });
            if let Some(path) = dropped {
                actions.push(Action::OpenPath(path));
            }
        }
        if ctx.input(|i| i.viewport().close_requested()) && !self.quit_confirmed && self.is_dirty()
        {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.unsaved_prompt = Some(AfterDiscard::Quit);
        }

        egui::Panel::top("menu").show(ui, |ui| {
            actions.extend(self.menu_bar(ui));
            actions.extend(self.toolbar(ui));
        });
        egui::Panel::bottom("status").show(ui, |ui| self.status_bar(ui));
        egui::Panel::left("sidebar")
            .resizable(true)
            .default_size(250.0)
            .show(ui, |ui| {
                let layout = sidebar::LayoutStatus {
                    running: self.canvas.is_layout_running(),
                    paused: self.canvas.is_layout_paused(),
                    heat: self.canvas.layout_heat(),
                    params: self.canvas.layout_params(),
                };
                actions.extend(sidebar::show(
                    ui,
                    &self.doc,
                    &self.selection,
                    &mut self.explore,
                    &layout,
                ))
            });
        egui::Panel::right("inspector")
            .resizable(true)
            .default_size(360.0)
            .show(ui, |ui| {
                actions.extend(self.inspector.show(
                    ui,
                    &self.doc,
                    &self.selection,
                    &mut self.explore,
                    &self.metrics,
                ))
            });
        // The panels may have changed what is explored (the document changes only when the
        // actions are applied, below, so the metrics are still current).
        self.explore
            .refresh_path(&self.doc, self.revision, &self.selection);
        if let Some(decor) = self
            .explore
            .decor_if_changed(&self.doc, self.revision, &self.metrics)
        {
            self.canvas.set_decor(decor);
        }
        let canvas_frame = egui::Frame::NONE.fill(ui.visuals().extreme_bg_color);
        egui::CentralPanel::default()
            .frame(canvas_frame)
            .show(ui, |ui| {
                let out = self.canvas.show(ui, &self.doc, &self.selection);
                actions.extend(out.actions);
                if out.layout_settled {
                    self.commit_layout();
                }
                if ctx.input(|i| !i.raw.hovered_files.is_empty()) {
                    let rect = ui.max_rect();
                    ui.painter()
                        .rect_filled(rect, 0.0, egui::Color32::from_black_alpha(120));
                    ui.painter().text(
                        rect.center(),
                        egui::Align2::CENTER_CENTER,
                        "Drop a .json map to open it",
                        egui::FontId::proportional(22.0),
                        egui::Color32::WHITE,
                    );
                }
            });

        self.show_modals(&ctx, &mut actions);
        for action in actions {
            self.apply(action);
        }

        let title = self.title();
        if title != self.shown_title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.shown_title = title;
        }
        match self.shot_request.take() {
            // Drawn again off screen, as the canvas was drawn in this frame.
            Some(ShotFor::Save2x) => self.export_view_sharp(&ctx, frame),
            Some(purpose) => {
                // The screenshot shows this frame as drawn, without menus or dialogs.
                ctx.send_viewport_cmd(ViewportCommand::Screenshot(egui::UserData::new(purpose)));
                self.awaiting_shot = true;
            }
            None => {}
        }
        self.keep_recovery_copy(&ctx);
        if self.quit_confirmed {
            ctx.send_viewport_cmd(ViewportCommand::Close);
        }
        if self.canvas.is_layout_running() {
            ctx.request_repaint();
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.settings);
    }

    fn persist_egui_memory(&self) -> bool {
        // Zoom and pan belong to a map, not to the app: a new run starts fitted to its map.
        false
    }
}

/// Stores the layout's positions in `doc`; returns whether a position the map already had
/// moved. Only positions the layout actually moved are written: a saved coordinate that `f32`
/// cannot hold exactly stays as the file had it.
fn place_from_canvas(doc: &mut Document, points: &[[f32; 2]]) -> bool {
    let mut moved = false;
    for (e, &p) in doc.entities.iter_mut().zip(points) {
        let placed = Position::from_f32(p).rounded();
        if !placed.is_within_limits() {
            continue;
        }
        match &e.position {
            Some(old) if old.same_on_canvas(p) => {}
            Some(old) => {
                e.position = Some(old.moved_to(&placed));
                moved = true;
            }
            None => e.position = Some(placed),
        }
    }
    moved
}

/// Every file name ending a format relmap reads has, once.
fn all_graph_extensions() -> Vec<&'static str> {
    let mut all: Vec<&'static str> = crate::io::formats::Format::ALL
        .iter()
        .flat_map(|f| f.extensions().iter().copied())
        .collect();
    all.sort_unstable();
    all.dedup();
    all
}

/// The longest wait between tries after recovery copies failed.
const RECOVERY_MAX_BACKOFF_SECS: f64 = 300.0;
/// Seconds between recovery copies while there are unsaved changes.
const RECOVERY_INTERVAL_SECS: f64 = 5.0;

fn ago(seconds: u64) -> String {
    match seconds {
        0..60 => "less than a minute ago".to_owned(),
        60..3600 => format!("{} minutes ago", seconds / 60),
        3600..86400 => format!("{} hours ago", seconds / 3600),
        _ => format!("{} days ago", seconds / 86400),
    }
}

/// Writes a screenshot as PNG, atomically.
fn write_color_image(image: &egui::ColorImage, path: &Path) -> Result<(), export::ExportError> {
    let [w, h] = image.size;
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(w as u32, h as u32).ok_or(export::ExportError::TooLarge {
            width: w as u32,
            height: h as u32,
        })?;
    for (dst, src) in pixmap.pixels_mut().iter_mut().zip(&image.pixels) {
        let [r, g, b, a] = src.to_array();
        if let Some(c) = resvg::tiny_skia::PremultipliedColorU8::from_rgba(r, g, b, a) {
            *dst = c;
        }
    }
    let png = pixmap
        .encode_png()
        .map_err(|e| export::ExportError::Render(e.to_string()))?;
    crate::io::atomic_write(path, |f| std::io::Write::write_all(f, &png))?;
    Ok(())
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Whether a native file dialog can be shown: rfd uses the XDG desktop portal over D-Bus, and
/// falls back to zenity. With neither (a bare X server, a container) it silently returns
/// nothing, so relmap shows its own dialog instead.
fn native_file_dialogs_available() -> bool {
    if !cfg!(target_os = "linux") {
        return true;
    }
    let portal = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        && std::env::var_os("XDG_CURRENT_DESKTOP").is_some();
    let zenity = std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join("zenity").is_file()));
    portal || zenity
}
