//! Crash recovery: while a map has unsaved changes, the app keeps a copy of it in a folder of
//! its own (beside its settings, never over the user's file). If relmap stops without saving
//! or discarding, the next start finds the copy and offers to restore it.
//!
//! The folder holds `map.json` (the map, in the ordinary format, written atomically) and
//! `origin.txt` (the path of the file the map came from; absent for a map never saved).

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::{LoadError, SaveError, atomic_write, load_file, save_file};
use crate::model::Document;

const MAP: &str = "map.json";
const ORIGIN: &str = "origin.txt";

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

/// The recovery folder.
#[derive(Debug, Clone)]
pub struct RecoveryStore {
    dir: PathBuf,
}

impl RecoveryStore {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes a recovery copy of `doc`, which came from `origin`.
    pub fn write(&self, doc: &Document, origin: Option<&Path>) -> Result<(), SaveError> {
        std::fs::create_dir_all(&self.dir).map_err(|source| SaveError::Io {
            path: self.dir.clone(),
            source,
        })?;
        // The origin first: a copy is never paired with the origin of an older one.
        let origin_path = self.dir.join(ORIGIN);
        match origin {
            Some(p) => {
                let text = p.to_string_lossy().into_owned();
                atomic_write(&origin_path, |f| {
                    std::io::Write::write_all(f, text.as_bytes())
                })?;
            }
            None => {
                let _ = std::fs::remove_file(&origin_path);
            }
        }
        save_file(doc, &self.dir.join(MAP))
    }

    /// The recovery copy, if there is one: `None` when there is none, an error when there is
    /// one that cannot be read (the user is told, and can discard it).
    pub fn read(&self) -> Option<Result<Recovered, LoadError>> {
        let map = self.dir.join(MAP);
        let written = std::fs::metadata(&map).and_then(|m| m.modified()).ok()?;
        let origin = std::fs::read_to_string(self.dir.join(ORIGIN))
            .ok()
            .map(|s| PathBuf::from(s.trim_end()))
            .filter(|p| !p.as_os_str().is_empty());
        Some(load_file(&map).map(|doc| Recovered {
            doc,
            origin,
            written,
        }))
    }

    /// Removes the recovery copy (after a save, a discard, or a restore the user declined).
    pub fn clear(&self) {
        let _ = std::fs::remove_file(self.dir.join(MAP));
        let _ = std::fs::remove_file(self.dir.join(ORIGIN));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::bundled_map;

    #[test]
    fn a_copy_is_written_read_back_and_cleared() {
        let dir = tempfile::tempdir().unwrap();
        let store = RecoveryStore::new(dir.path().join("recovery"));
        assert!(store.read().is_none());
        let mut doc = bundled_map().unwrap();
        doc.title = "changed".into();
        let origin = dir.path().join("mine.json");
        store.write(&doc, Some(&origin)).unwrap();
        let found = store.read().unwrap().unwrap();
        assert_eq!(found.doc, doc);
        assert_eq!(found.origin.as_deref(), Some(origin.as_path()));
        assert!(
            found.is_newer_than_origin(),
            "the origin file does not exist"
        );
        store.clear();
        assert!(store.read().is_none());
    }

    #[test]
    fn a_copy_older_than_the_saved_file_is_not_newer() {
        let dir = tempfile::tempdir().unwrap();
        let store = RecoveryStore::new(dir.path().join("recovery"));
        let origin = dir.path().join("mine.json");
        let doc = bundled_map().unwrap();
        store.write(&doc, Some(&origin)).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        save_file(&doc, &origin).unwrap();
        let found = store.read().unwrap().unwrap();
        assert!(!found.is_newer_than_origin());
    }

    #[test]
    fn an_unreadable_copy_is_reported_not_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let store = RecoveryStore::new(dir.path());
        std::fs::write(dir.path().join(MAP), "{ broken").unwrap();
        assert!(store.read().unwrap().is_err());
    }
}
