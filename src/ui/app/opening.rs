//! Opening a file off the frame: a thread reads it a chunk at a time, then reads its format,
//! while the window shows how much has been read and how much is left, with Cancel. The open
//! map stays as it is until the file has been read, and for good when the analyst cancels or
//! the file is refused.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;

use crate::io::LoadError;
use crate::io::formats::{self, Format, Opened};
use crate::ui::table_import::TableImport;

/// Files from this size on are read on a thread, with progress and Cancel; smaller ones read
/// within a frame or two (a 16 MB relmap map reads in about 0.15 s here).
pub const OPEN_ON_A_THREAD_FROM: u64 = 16 << 20;

/// What the thread opening a file hands back.
pub enum Read {
    /// The file as a map, or why not.
    Opened(Box<Result<Opened, LoadError>>),
    /// A CSV table, for the table import dialog, where the analyst names its columns.
    Table(Box<TableImport>),
}

/// A file being opened on a thread of its own.
pub struct Opening {
    pub path: PathBuf,
    progress: Arc<Progress>,
    answer: mpsc::Receiver<Read>,
}

/// What the thread has done so far, read by the window each frame.
#[derive(Default)]
struct Progress {
    read: AtomicU64,
    total: AtomicU64,
    /// The bytes are in; their format is being read.
    reading_format: AtomicBool,
    cancelled: AtomicBool,
}

/// How far an opening has come, as the window shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Bytes read of the file's size.
    Reading { read: u64, total: u64 },
    /// The bytes are in; the map is being read from them.
    ReadingFormat,
}

impl Opening {
    /// Starts reading `path`; `wake` is called from the thread when there is news to show.
    pub fn start(path: PathBuf, wake: Arc<dyn Fn() + Send + Sync>) -> Self {
        let progress = Arc::new(Progress::default());
        let (tx, answer) = mpsc::channel();
        let (p, file) = (progress.clone(), path.clone());
        let spawned = std::thread::Builder::new()
            .name("relmap-open".into())
            .spawn(move || {
                let read = read(&file, &p, &*wake);
                if !p.cancelled.load(Ordering::Relaxed) {
                    let _ = tx.send(read);
                }
                wake();
            });
        if let Err(e) = spawned {
            // No thread to be had: the answer is that the file could not be read.
            let (tx, rx) = mpsc::channel();
            let _ = tx.send(Read::Opened(Box::new(Err(LoadError::Read {
                origin: path.display().to_string(),
                source: e,
            }))));
            return Opening {
                path,
                progress,
                answer: rx,
            };
        }
        Opening {
            path,
            progress,
            answer,
        }
    }

    /// The thread's answer, once it has one. A thread that stopped without one (it cannot:
    /// importers run inside `logging::catch_panic`) is answered as a file that could not be
    /// read, so the window never waits for nothing.
    pub fn poll(&self) -> Option<Read> {
        match self.answer.try_recv() {
            Ok(read) => Some(read),
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => {
                Some(Read::Opened(Box::new(Err(LoadError::Read {
                    origin: self.path.display().to_string(),
                    source: std::io::Error::other("the thread reading it stopped"),
                }))))
            }
        }
    }

    /// Stops reading: the thread drops what it read at its next chunk, and answers nothing.
    pub fn cancel(&self) {
        self.progress.cancelled.store(true, Ordering::Relaxed);
    }

    pub fn stage(&self) -> Stage {
        if self.progress.reading_format.load(Ordering::Relaxed) {
            return Stage::ReadingFormat;
        }
        Stage::Reading {
            read: self.progress.read.load(Ordering::Relaxed),
            total: self.progress.total.load(Ordering::Relaxed),
        }
    }
}

/// Reads `path` at once, on the calling thread, as the opening thread would.
pub fn read_now(path: &Path) -> Read {
    read(path, &Progress::default(), &|| {})
}

/// The thread's work: the bytes, with progress, then the map (or the table) they hold.
fn read(path: &Path, progress: &Progress, wake: &dyn Fn()) -> Read {
    let read = crate::io::read_file_with(path, &mut |read, total| {
        progress.read.store(read, Ordering::Relaxed);
        progress.total.store(total, Ordering::Relaxed);
        wake();
        !progress.cancelled.load(Ordering::Relaxed)
    });
    let (bytes, origin) = match read {
        Ok(r) => r,
        Err(e) => return Read::Opened(Box::new(Err(e))),
    };
    progress.reading_format.store(true, Ordering::Relaxed);
    wake();
    let ext = path.extension().and_then(|e| e.to_str());
    // A UTF-16 table (Excel's "Unicode text") is shown as the text it is.
    let text = formats::as_utf8(&bytes, &origin).unwrap_or(std::borrow::Cow::Borrowed(&bytes));
    if formats::detect(&text, ext) == Format::Csv
        && let Some(table) = TableImport::new(path.to_path_buf(), &text)
    {
        return Read::Table(Box::new(table));
    }
    Read::Opened(Box::new(formats::open_bytes(&bytes, &origin, ext)))
}

/// Megabytes, as the progress window says them.
pub fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// The modal window that shows how far the opening has come, with Cancel (or Escape); `true` when
/// the analyst cancels.
pub fn progress_window(ctx: &egui::Context, path: &Path, stage: Stage) -> bool {
    let mut cancel = ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape));
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    // Modal: the open map must not be edited while the file that will replace it is read.
    egui::Modal::new(egui::Id::new("relmap-opening")).show(ctx, |ui| {
        ui.set_width(380.0);
        ui.label(egui::RichText::new(format!("Opening {name}")).strong());
        match stage {
            Stage::Reading { read, total } => {
                let part = if total == 0 {
                    0.0
                } else {
                    read as f32 / total as f32
                };
                ui.add(egui::ProgressBar::new(part).show_percentage());
                ui.label(format!(
                    "{} of {} read; {} left",
                    megabytes(read),
                    megabytes(total),
                    megabytes(total.saturating_sub(read))
                ));
            }
            Stage::ReadingFormat => {
                ui.add(egui::ProgressBar::new(1.0).animate(true));
                ui.label("Read; now reading the map it holds…");
            }
        }
        ui.label(egui::RichText::new("The open map stays as it is until this one is read.").weak());
        if ui.button("Cancel").clicked() {
            cancel = true;
        }
    });
    cancel
}
