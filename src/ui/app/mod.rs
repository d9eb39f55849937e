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
mod actions;
mod bars;
mod case;
mod drawn;
mod figures;
mod files;
mod frame;
mod grouped;
mod handlers;
mod help;
mod merging;
mod modals;
pub mod opening;
mod pictures;
mod settings;
pub use opening::OPEN_ON_A_THREAD_FROM;
pub use settings::{Settings, Startup};
mod recovery;

pub use help::{HelpWindow, Palette, PaletteEntry, palette_entries, palette_matches};

use super::import_report::{ImportShown, imported_name};
use super::table_import::{Outcome as TableOutcome, TableImport};
use crate::arrange::GroupBy;
use crate::edit::{Edit, ops};
use crate::export::{self, FigureOptions, PngSize};
use crate::io;
use crate::io::recovery::{Recovered, RecoverySlot, RecoveryStore, RecoveryWriter};
use crate::layout::arrange::Algorithm;
use crate::model::{Document, kinds};
use crate::query;
use crate::workspace::Workspace;

/// A figure waiting for the user to choose where it goes.
#[derive(Debug, Clone)]
enum PendingFigure {
    /// The map as SVG, PNG at a scale, or PDF; with its claims numbered and listed.
    Map { format: MapFormat, claims: bool },
    /// The map as data for another tool (GraphML, GEXF, node-link JSON, CSV).
    Data(crate::io::formats::OutFormat),
    /// A screenshot of the canvas.
    View(Arc<egui::ColorImage>),
    /// The claims or dispute table, as CSV or Markdown (by extension).
    Table(crate::export::claims::Table, &'static str),
}

/// The file a map figure is written as.
#[derive(Debug, Clone, Copy, PartialEq)]
enum MapFormat {
    Svg,
    /// At this many pixels per point.
    Png(f32),
    /// A page the figure's size.
    Pdf,
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
    /// Open this case store, and this case of it.
    OpenCase(String, Option<String>),
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
    /// The document, its history, the selection and their revisions.
    ws: Workspace,
    /// The file the document was opened from or last saved to.
    path: Option<PathBuf>,
    /// How the document is named in the title bar when it has no file.
    unsaved_name: String,
    /// The layout moved entities that already had saved positions (a re-run layout), so the
    /// positions in memory differ from the file even though no edit was made.
    layout_moved_saved_positions: bool,
    canvas: Canvas,
    inspector: Inspector,
    explore: Explore,
    metrics: Metrics,
    /// Use the platform's file dialogs; otherwise relmap's own.
    pub native_dialogs: bool,
    /// Whether the side panel shows, as the user last chose; `None`: as the window's width
    /// says ([`frame::NARROW`]).
    side_panel: Option<bool>,
    /// Whether it showed in the last frame.
    side_panel_shown: bool,
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
    /// A file being read on a thread, while the open map stays.
    opening: Option<opening::Opening>,
    /// Files from this many bytes on are read on a thread, with progress and Cancel; smaller
    /// ones are read at once.
    open_on_a_thread_from: u64,
    /// The document was restored from a recovery copy and differs from its file.
    restored: bool,
    status: String,
    quit_confirmed: bool,
    shown_title: String,
    /// The status line and error last written to the log, so each is logged once.
    logged: (String, Option<String>),
    /// The source whose text is being read from a file, until the file is chosen.
    pending_text_for: Option<crate::model::SourceId>,
    /// The entity the file dialog is choosing a picture for.
    pending_picture_for: Option<crate::model::EntityId>,
    /// The source reader.
    reader: super::panels::reader::Reader,
    /// The dispute table's window.
    disputes: super::panels::disputes::Disputes,
    /// The style window of a kind, when open.
    style_editor: Option<super::panels::style::StyleEditor>,
    /// The note open in the note window.
    note_window: Option<super::panels::notes::NoteWindow>,
    /// The merge's conflicts window is open (it opens with a map that has conflicts).
    merge_conflicts_open: bool,
    /// Another version of the map being merged in (File ▸ Merge map…), under review.
    merge_review: Option<super::panels::merge_review::MergeReview>,
    /// File ▸ Compare with…: the other version and what changed since it.
    comparing: Option<super::panels::compare::Comparing>,
    /// View ▸ Rules…
    rules: super::panels::rules::RulesWindow,
    data_table: super::panels::table::DataTable,
    /// The command palette, while open.
    palette: Option<Palette>,
    /// The Help menu's window that is open.
    help: Option<HelpWindow>,
    /// The case store open in this window, if any: then the document is its working set.
    case: Option<case::CaseSession>,
    /// The context the store's answers wake, once the first frame has given it.
    repaint: Arc<std::sync::OnceLock<egui::Context>>,
    /// Case ▸ Open case…'s form; whether the conflicts and the changes windows are open.
    open_case_form: super::panels::case::OpenForm,
    conflicts_open: bool,
    conflict_choices: super::panels::conflicts::ConflictChoices,
    changes_open: bool,
}

impl RelmapApp {
    pub fn new(cc: &eframe::CreationContext<'_>, startup: Startup) -> Self {
        let settings = cc
            .storage
            .and_then(|s| eframe::get_value::<Settings>(s, eframe::APP_KEY))
            .unwrap_or_default();
        let mut app = Self::with_settings(startup, settings);
        app.run_layout_on_worker(&cc.egui_ctx);
        match eframe::storage_dir("relmap") {
            Some(dir) => app.with_recovery(RecoveryStore::new(dir.join("recovery"))),
            None => app,
        }
    }

    /// Runs the layout on a worker thread that wakes `ctx` when it has moved entities, so
    /// frames never wait on it. (Apps made by [`Self::with_settings`] lay out inline, a few
    /// ticks per frame, which tests step through.)
    pub fn run_layout_on_worker(&mut self, ctx: &egui::Context) {
        let ctx = ctx.clone();
        self.canvas
            .run_layout_on_worker(self.ws.doc(), Arc::new(move || ctx.request_repaint()));
    }

    /// Whether the layout runs on a worker thread.
    pub fn layout_on_worker(&self) -> bool {
        self.canvas.layout_on_worker()
    }

    /// An app without eframe's storage, for tests and tools.
    pub fn with_settings(startup: Startup, mut settings: Settings) -> Self {
        let opens_case = match &startup {
            Startup::Case { location, case } => Some((location.clone(), case.clone())),
            _ => None,
        };
        let opens_file = match &startup {
            Startup::Open(path) => Some(path.clone()),
            _ => None,
        };
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
            Startup::Empty | Startup::Case { .. } | Startup::Open(_) => {
                (Document::default(), None, "Untitled".to_owned())
            }
        };
        let mut canvas = Canvas::new(&doc);
        let merge_conflicts_open = !doc.conflicts.is_empty();
        if let Some(params) = settings.layout {
            // The user's tuning, without moving a map that opens laid out.
            canvas.tune_layout(params);
        }
        let mut app = Self {
            settings,
            ws: Workspace::new(doc),
            path,
            unsaved_name,
            layout_moved_saved_positions: false,
            canvas,
            inspector: Inspector::default(),
            explore: Explore::default(),
            metrics: Metrics::default(),
            native_dialogs: native_file_dialogs_available(),
            side_panel: None,
            side_panel_shown: true,
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
            opening: None,
            open_on_a_thread_from: OPEN_ON_A_THREAD_FROM,
            restored: false,
            status: String::new(),
            quit_confirmed: false,
            shown_title: String::new(),
            logged: Default::default(),
            pending_text_for: None,
            pending_picture_for: None,
            reader: Default::default(),
            disputes: Default::default(),
            style_editor: None,
            note_window: None,
            merge_conflicts_open,
            merge_review: None,
            comparing: None,
            rules: Default::default(),
            data_table: Default::default(),
            palette: None,
            help: None,
            case: None,
            repaint: Arc::default(),
            open_case_form: Default::default(),
            conflicts_open: false,
            conflict_choices: Default::default(),
            changes_open: false,
        };
        if let Some((location, case)) = opens_case {
            app.open_case(&location, case);
        }
        if let Some(path) = opens_file {
            app.open_path(&path);
        }
        app
    }

    /// Reads files from `bytes` on on a thread, with progress and Cancel (tests use a small
    /// file and 0).
    pub fn with_files_on_a_thread_from(mut self, bytes: u64) -> Self {
        self.open_on_a_thread_from = bytes;
        self
    }

    pub fn document(&self) -> &Document {
        self.ws.doc()
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// What Undo would undo now.
    pub fn undo_label(&self) -> Option<&str> {
        self.ws.history().undo_label()
    }

    pub fn selection(&self) -> &Selection {
        &self.ws.selection
    }

    pub fn is_dirty(&self) -> bool {
        self.ws.history().is_dirty() || self.layout_moved_saved_positions || self.restored
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
        self.canvas.screen_pos(self.ws.doc().entity_index(id)?)
    }

    /// The relation under the pointer on the canvas, whose caption is showing.
    pub fn hovered_relation(&self) -> Option<&crate::model::RelationId> {
        let index = self.canvas.hovered_relation()?;
        self.ws.doc().relations.get(index).map(|r| &r.id)
    }

    /// The relation captions the canvas drew in the last frame, with each text's box on
    /// screen: those of the selected or hovered entities' relations that found room.
    pub fn caption_boxes(&self) -> Vec<(&crate::model::RelationId, egui::Rect)> {
        self.canvas
            .caption_boxes()
            .into_iter()
            .filter_map(|(i, rect)| Some((&self.ws.doc().relations.get(i)?.id, rect)))
            .collect()
    }

    /// How many times the map's numbers (degree, components, betweenness) were computed, and
    /// the canvas's graph and layout built: what a drag or a rename must not redo.
    pub fn recomputations(&self) -> (u64, u64) {
        (self.metrics.computations, self.canvas.builds())
    }

    /// How many times the panels' cached views (search hits, claimants, timeline, the sorted
    /// entity list, the legend's counts) were computed.
    pub fn view_computations(&self) -> u64 {
        self.explore.views.computations()
    }

    /// The source open in the reader, and how many times its highlights were computed.
    pub fn reader(&self) -> (Option<&crate::model::SourceId>, u64) {
        (self.reader.open.as_ref(), self.reader.computations())
    }

    /// The claims overlay's links drawn on the canvas (empty when it is off).
    pub fn claim_links(&self) -> Vec<crate::query::ClaimLink> {
        self.canvas.claim_links()
    }

    /// Whether the dispute table's window is open.
    pub fn disputes_open(&self) -> bool {
        self.disputes.open
    }

    /// The document's revisions.
    pub fn revisions(&self) -> crate::workspace::Revisions {
        self.ws.revisions()
    }

    /// How the canvas mapped map coordinates to the screen in the last frame.
    pub fn canvas_view(&self) -> Option<super::canvas::ViewTransform> {
        self.canvas.view()
    }

    /// The names the canvas drew in the last frame, by entity index, with their boxes on
    /// screen.
    pub fn name_boxes(&self) -> Vec<(usize, egui::Rect)> {
        self.canvas.name_boxes().to_vec()
    }

    /// Each entity's shape on screen in the last frame (its centre and radius), by index;
    /// `None` for entities not drawn.
    pub fn entity_shapes(&self) -> Vec<Option<(egui::Pos2, f32)>> {
        self.canvas.entity_shapes()
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

    /// Stores the layout's positions in the document. Filling in missing positions does not
    /// make the map "unsaved"; moving positions the file already had does.
    fn commit_layout(&mut self) {
        if self.ws.place(self.canvas.layout_points()) {
            self.layout_moved_saved_positions = true;
            self.recovery_pending = true;
        }
    }

    /// What a thread working for the window (the store's worker, a file being read) calls
    /// when it has news: a repaint, once the first frame has given the context.
    fn waker(&self) -> Arc<dyn Fn() + Send + Sync> {
        let repaint = self.repaint.clone();
        Arc::new(move || {
            if let Some(ctx) = repaint.get() {
                ctx.request_repaint();
            }
        })
    }

    fn modal_open(&self) -> bool {
        self.file_dialog.is_some()
            || self.palette.is_some()
            || self.table_import.is_some()
            || self.opening.is_some()
            || self.recovery_offer.is_some()
            || self.unsaved_prompt.is_some()
            || self.error.is_some()
            || self.new_entity.is_some()
            || self.case.as_ref().is_some_and(|c| c.guard.is_some())
    }
}

/// How selected entities are lined up.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Lineup {
    Align(crate::layout::align::Align),
    Distribute { horizontal: bool },
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
