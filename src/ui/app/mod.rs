//! The eframe app: one open document, its undo history and file, the canvas, the panels,
//! and the dialogs. Each frame the panels return [`Action`]s, which are applied once, here.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::{Pos2, RichText, ViewportCommand};
use serde::{Deserialize, Serialize};

use super::canvas::Canvas;
use super::commands::{Action, Selection, UiCommand};
use super::file_dialog::{self, FileDialog, Purpose};
use super::panels::explore::{Explore, Metrics};
use super::panels::inspector::Inspector;
use super::panels::layout::LayoutStatus;
use super::panels::sidebar;
mod bars;
mod figures;
mod files;
mod frame;
mod modals;
mod recovery;

use super::import_report::{ImportShown, imported_name};
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

    fn modal_open(&self) -> bool {
        self.file_dialog.is_some()
            || self.table_import.is_some()
            || self.recovery_offer.is_some()
            || self.unsaved_prompt.is_some()
            || self.error.is_some()
            || self.new_entity.is_some()
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
