//! Crash recovery: while a map has unsaved changes, each window keeps a copy of it in a folder
//! of its own (beside relmap's settings, never over the user's file). If relmap stops without
//! saving or discarding, the next start finds the copy and offers to restore it.
//!
//! The recovery folder holds one *slot* per window: a folder `window-<pid>-<n>` with
//! - `lock`: held with an exclusive file lock for as long as the window lives, and naming its
//!   process. The system releases the lock when the process ends, however it ends, so a slot
//!   whose lock can be taken belongs to no live window: its copy is an orphan, left by a crash.
//!   A live window's copy is never offered, and one window never touches another's copy.
//! - `map.json`: the copy, in the ordinary format, written atomically;
//! - `origin.txt`: the path of the file the map came from (absent for a map never saved).
//!   Only the slot's own window writes both, origin first, and the copy is removed whenever the
//!   map is saved or replaced, so a copy is never paired with another map's origin.
//!
//! Writing a copy of a large map takes a while (a third of a second at 100 000 entities), so
//! [`RecoveryWriter`] does it on a thread of its own.

use std::fs::{self, File};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::SystemTime;

use super::{LoadError, SaveError, atomic_write, load_file, save_file};
use crate::model::Document;

const MAP: &str = "map.json";
const ORIGIN: &str = "origin.txt";
const LOCK: &str = "lock";
const SLOT_PREFIX: &str = "window-";

/// A recovery copy found on disk.
#[derive(Debug, Clone, PartialEq)]
pub struct Recovered {
    pub doc: Document,
    /// The file the map was opened from or last saved to.
    pub origin: Option<PathBuf>,
    /// When the copy was written.
    pub written: SystemTime,
}

impl Recovered {
    /// Whether the copy holds work the user's file does not: it is newer than the file, or
    /// the map was never saved, or the file is gone.
    pub fn is_newer_than_origin(&self) -> bool {
        match &self.origin {
            None => true,
            Some(path) => std::fs::metadata(path)
                .and_then(|m| m.modified())
                .map_or(true, |saved| saved < self.written),
        }
    }
}

/// The recovery folder, holding one slot per window.
#[derive(Debug, Clone)]
pub struct RecoveryStore {
    dir: PathBuf,
}

/// A copy left by a window that is gone, and the slot it is in (now held by this process).
#[derive(Debug)]
pub struct Orphan {
    pub slot: RecoverySlot,
    /// The copy, or why it cannot be read (the user is told, and can discard it).
    pub copy: Result<Recovered, LoadError>,
}

impl RecoveryStore {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A new, empty slot for a window, locked by this process.
    pub fn new_slot(&self) -> Result<RecoverySlot, SaveError> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let io_err = |path: &Path| {
            let path = path.to_owned();
            move |source| SaveError::Io { path, source }
        };
        fs::create_dir_all(&self.dir).map_err(io_err(&self.dir))?;
        loop {
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            let name = format!("{}-{n}", std::process::id());
            // Made and locked under a name no other window looks at, then renamed into place:
            // another window's search for orphans never sees it unlocked.
            let making = self.dir.join(format!(".making-{name}"));
            let dir = self.dir.join(format!("{SLOT_PREFIX}{name}"));
            if dir.exists() {
                continue; // Left by an earlier process with the same id.
            }
            let _ = fs::remove_dir_all(&making);
            fs::create_dir(&making).map_err(io_err(&making))?;
            let lock = open_lock(&making).map_err(io_err(&making))?;
            lock.try_lock()
                .map_err(|e| io_err(&making)(std::io::Error::other(e.to_string())))?;
            if let Err(e) = fs::rename(&making, &dir) {
                let _ = fs::remove_dir_all(&making);
                if dir.exists() {
                    continue;
                }
                return Err(io_err(&dir)(e));
            }
            let mut slot = RecoverySlot { dir, lock };
            slot.name_owner();
            return Ok(slot);
        }
    }

    /// Copies left by windows that are gone, newest first. Each slot returned is locked by this
    /// process, so no other window starting now offers the same copy. Empty slots of windows
    /// that are gone are removed on the way. A copy in the folder itself, as relmap 0.1 kept
    /// it, is moved into a slot of its own first.
    pub fn orphans(&self) -> Vec<Orphan> {
        self.adopt_unslotted_copy();
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut found = Vec::new();
        for entry in entries.flatten() {
            let is_slot = entry
                .file_name()
                .to_str()
                .is_some_and(|n| n.starts_with(SLOT_PREFIX));
            if !is_slot || !entry.path().is_dir() {
                continue;
            }
            let Some(slot) = RecoverySlot::take(entry.path()) else {
                continue; // A live window holds it.
            };
            match slot.read() {
                None => slot.remove(),
                Some(copy) => found.push(Orphan { slot, copy }),
            }
        }
        found.sort_by_key(|o| {
            std::cmp::Reverse(
                o.copy
                    .as_ref()
                    .map_or(SystemTime::UNIX_EPOCH, |c| c.written),
            )
        });
        found
    }

    fn adopt_unslotted_copy(&self) {
        if !self.dir.join(MAP).is_file() {
            return;
        }
        let Ok(slot) = self.new_slot() else { return };
        let _ = fs::rename(self.dir.join(ORIGIN), slot.dir.join(ORIGIN));
        let _ = fs::rename(self.dir.join(MAP), slot.dir.join(MAP));
    }
}

/// One window's place in the recovery folder, locked while this value lives.
#[derive(Debug)]
pub struct RecoverySlot {
    dir: PathBuf,
    /// The open lock file; closing it (on drop, or when the process ends) releases the lock.
    lock: File,
}

impl RecoverySlot {
    /// Takes the slot at `dir` if no live process holds it.
    fn take(dir: PathBuf) -> Option<Self> {
        let lock = open_lock(&dir).ok()?;
        lock.try_lock().ok()?;
        let mut slot = Self { dir, lock };
        slot.name_owner();
        Some(slot)
    }

    /// Writes this process's id into the lock file, so a person looking at the folder can tell
    /// which process a slot belongs to.
    fn name_owner(&mut self) {
        let _ = self.lock.set_len(0);
        let _ = writeln!(
            self.lock,
            "relmap {} process {}",
            env!("CARGO_PKG_VERSION"),
            std::process::id()
        );
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes a recovery copy of `doc`, which came from `origin`.
    pub fn write(&self, doc: &Document, origin: Option<&Path>) -> Result<(), SaveError> {
        // The origin first: a copy is never paired with the origin of an older one.
        let origin_path = self.dir.join(ORIGIN);
        match origin {
            Some(p) => {
                let text = p.to_string_lossy().into_owned();
                atomic_write(&origin_path, |f| f.write_all(text.as_bytes()))?;
            }
            None => {
                let _ = fs::remove_file(&origin_path);
            }
        }
        save_file(doc, &self.dir.join(MAP)).map(|_| ())
    }

    /// The copy in this slot, if there is one: `None` when there is none, an error when there
    /// is one that cannot be read.
    pub fn read(&self) -> Option<Result<Recovered, LoadError>> {
        let map = self.dir.join(MAP);
        let written = fs::metadata(&map).and_then(|m| m.modified()).ok()?;
        let origin = fs::read_to_string(self.dir.join(ORIGIN))
            .ok()
            .map(|s| PathBuf::from(s.trim_end()))
            .filter(|p| !p.as_os_str().is_empty());
        Some(load_file(&map).map(|doc| Recovered {
            doc,
            origin,
            written,
        }))
    }

    /// Removes the copy (after a save, or a discard), keeping the slot.
    pub fn clear(&self) {
        let _ = fs::remove_file(self.dir.join(MAP));
        let _ = fs::remove_file(self.dir.join(ORIGIN));
    }

    /// Removes the slot and its copy.
    pub fn remove(self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// The lock file of the slot at `dir`, made if missing; nothing is locked yet.
fn open_lock(dir: &Path) -> std::io::Result<File> {
    fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .read(true)
        .open(dir.join(LOCK))
}

/// What the recovery writer is asked to do, in order.
enum Job {
    Write(Box<Document>, Option<PathBuf>),
    Clear,
    /// Reply once every job sent before has been done.
    Flush(mpsc::Sender<()>),
}

/// Writes recovery copies on a thread of its own, so a frame never waits for one. Jobs are done
/// in the order sent; of several copies waiting, only the newest is written.
pub struct RecoveryWriter {
    jobs: Option<mpsc::Sender<Job>>,
    results: mpsc::Receiver<Result<(), String>>,
    thread: Option<JoinHandle<()>>,
    slot_dir: PathBuf,
}

impl RecoveryWriter {
    /// A writer for `slot`, which it owns from now on. When the writer is dropped, the slot is
    /// removed if it holds no copy, and released either way.
    pub fn new(slot: RecoverySlot) -> std::io::Result<Self> {
        let (jobs, inbox) = mpsc::channel::<Job>();
        let (report, results) = mpsc::channel();
        let slot_dir = slot.dir.clone();
        let thread = std::thread::Builder::new()
            .name("relmap-recovery".into())
            .spawn(move || run_writer(slot, &inbox, &report))?;
        Ok(Self {
            jobs: Some(jobs),
            results,
            thread: Some(thread),
            slot_dir,
        })
    }

    /// The slot's folder.
    pub fn slot_dir(&self) -> &Path {
        &self.slot_dir
    }

    /// Asks for a copy of `doc` to be written.
    pub fn write(&self, doc: Document, origin: Option<PathBuf>) {
        self.send(Job::Write(Box::new(doc), origin));
    }

    /// Asks for the copy to be removed (after everything asked before).
    pub fn clear(&self) {
        self.send(Job::Clear);
    }

    /// The outcome of each write finished since the last call: `Err` carries the message.
    pub fn finished(&self) -> Vec<Result<(), String>> {
        self.results.try_iter().collect()
    }

    /// Waits until every job sent so far is done.
    pub fn flush(&self) {
        let (done, wait) = mpsc::channel();
        self.send(Job::Flush(done));
        let _ = wait.recv();
    }

    fn send(&self, job: Job) {
        if let Some(jobs) = &self.jobs {
            // The thread only ends when this sender is dropped, so the send cannot fail while
            // the writer lives; a failure would mean the thread panicked, and there is nobody
            // left to tell.
            let _ = jobs.send(job);
        }
    }
}

impl Drop for RecoveryWriter {
    fn drop(&mut self) {
        // Closing the channel lets the thread finish what is queued and stop.
        self.jobs = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn run_writer(
    slot: RecoverySlot,
    inbox: &mpsc::Receiver<Job>,
    report: &mpsc::Sender<Result<(), String>>,
) {
    while let Ok(first) = inbox.recv() {
        // Of the jobs waiting, a write followed by a later write or clear is skipped.
        let mut batch = vec![first];
        batch.extend(inbox.try_iter());
        let last_write_or_clear = batch
            .iter()
            .rposition(|j| matches!(j, Job::Write(..) | Job::Clear));
        for (i, job) in batch.into_iter().enumerate() {
            match job {
                Job::Write(doc, origin) if Some(i) == last_write_or_clear => {
                    let outcome = slot
                        .write(&doc, origin.as_deref())
                        .map_err(|e| e.to_string());
                    let _ = report.send(outcome);
                }
                Job::Write(..) => {}
                Job::Clear => slot.clear(),
                Job::Flush(done) => {
                    let _ = done.send(());
                }
            }
        }
    }
    if slot.read().is_none() {
        slot.remove();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::bundled_map;

    fn changed_map(title: &str) -> Document {
        let mut doc = bundled_map().unwrap();
        doc.title = title.into();
        doc
    }

    #[test]
    fn a_copy_is_written_read_back_and_cleared() {
        let dir = tempfile::tempdir().unwrap();
        let store = RecoveryStore::new(dir.path().join("recovery"));
        let slot = store.new_slot().unwrap();
        assert!(slot.read().is_none());
        let doc = changed_map("changed");
        let origin = dir.path().join("mine.json");
        slot.write(&doc, Some(&origin)).unwrap();
        let found = slot.read().unwrap().unwrap();
        assert_eq!(found.doc, doc);
        assert_eq!(found.origin.as_deref(), Some(origin.as_path()));
        assert!(
            found.is_newer_than_origin(),
            "the origin file does not exist"
        );
        slot.clear();
        assert!(slot.read().is_none());
    }

    #[test]
    fn a_copy_older_than_the_saved_file_is_not_newer() {
        let dir = tempfile::tempdir().unwrap();
        let slot = RecoveryStore::new(dir.path().join("recovery"))
            .new_slot()
            .unwrap();
        let origin = dir.path().join("mine.json");
        let doc = bundled_map().unwrap();
        slot.write(&doc, Some(&origin)).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        save_file(&doc, &origin).unwrap();
        let found = slot.read().unwrap().unwrap();
        assert!(!found.is_newer_than_origin());
    }

    #[test]
    fn an_unreadable_copy_is_reported_not_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let store = RecoveryStore::new(dir.path());
        let slot = store.new_slot().unwrap();
        fs::write(slot.dir().join(MAP), "{ broken").unwrap();
        drop(slot);
        let orphans = store.orphans();
        assert_eq!(orphans.len(), 1);
        assert!(orphans[0].copy.is_err());
    }

    #[test]
    fn a_live_windows_copy_is_never_offered_and_windows_keep_their_own() {
        let dir = tempfile::tempdir().unwrap();
        let store = RecoveryStore::new(dir.path());
        let a = store.new_slot().unwrap();
        let b = store.new_slot().unwrap();
        a.write(&changed_map("A"), Some(Path::new("/maps/a.json")))
            .unwrap();
        b.write(&changed_map("B"), Some(Path::new("/maps/b.json")))
            .unwrap();
        assert!(
            store.orphans().is_empty(),
            "both windows are alive: a third one starting offers neither copy"
        );
        b.clear(); // B saved.
        let a_copy = a.read().unwrap().unwrap();
        assert_eq!(a_copy.doc.title, "A", "B's save left A's copy alone");
        assert_eq!(a_copy.origin.as_deref(), Some(Path::new("/maps/a.json")));
        drop(a); // A's window dies without saving.
        let orphans = store.orphans();
        assert_eq!(orphans.len(), 1);
        let copy = orphans[0].copy.as_ref().unwrap();
        assert_eq!(copy.doc.title, "A");
        assert_eq!(copy.origin.as_deref(), Some(Path::new("/maps/a.json")));
        assert!(
            store.orphans().is_empty(),
            "the orphan is held by whoever found it"
        );
    }

    #[test]
    fn the_lock_file_names_its_process() {
        let dir = tempfile::tempdir().unwrap();
        let slot = RecoveryStore::new(dir.path()).new_slot().unwrap();
        let text = fs::read_to_string(slot.dir().join(LOCK)).unwrap();
        assert!(
            text.contains(&format!("process {}", std::process::id())),
            "{text}"
        );
    }

    #[test]
    fn a_copy_kept_by_an_older_relmap_is_moved_into_a_slot_and_offered() {
        let dir = tempfile::tempdir().unwrap();
        save_file(&changed_map("old"), &dir.path().join(MAP)).unwrap();
        fs::write(dir.path().join(ORIGIN), "/maps/old.json").unwrap();
        let orphans = RecoveryStore::new(dir.path()).orphans();
        assert_eq!(orphans.len(), 1);
        let copy = orphans[0].copy.as_ref().unwrap();
        assert_eq!(copy.doc.title, "old");
        assert_eq!(copy.origin.as_deref(), Some(Path::new("/maps/old.json")));
    }

    #[test]
    fn the_writer_writes_in_order_and_removes_an_empty_slot_when_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let store = RecoveryStore::new(dir.path());
        let writer = RecoveryWriter::new(store.new_slot().unwrap()).unwrap();
        let slot_dir = writer.slot_dir().to_owned();
        writer.write(changed_map("first"), None);
        writer.write(changed_map("second"), None);
        writer.flush();
        let text = fs::read_to_string(slot_dir.join(MAP)).unwrap();
        assert!(text.contains("\"title\": \"second\""));
        assert!(writer.finished().iter().all(Result::is_ok));
        writer.write(changed_map("third"), None);
        writer.clear();
        drop(writer);
        assert!(
            !slot_dir.exists(),
            "a slot with no copy goes with its window"
        );
    }

    #[test]
    fn a_writer_that_cannot_write_says_why() {
        let dir = tempfile::tempdir().unwrap();
        let store = RecoveryStore::new(dir.path());
        let slot = store.new_slot().unwrap();
        // A folder where the copy should go: the write fails whoever runs the test.
        fs::create_dir(slot.dir().join(MAP)).unwrap();
        let writer = RecoveryWriter::new(slot).unwrap();
        writer.write(changed_map("x"), None);
        writer.flush();
        let results = writer.finished();
        assert_eq!(results.len(), 1);
        assert!(results[0].is_err());
    }
}
