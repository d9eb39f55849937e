//! Writing a file so that no failure damages what was there: a crash, a kill, a full disk or a
//! power cut leaves either the old file or the new one, whole.
//!
//! The new bytes go to a temporary file beside the target, which is flushed to disk, given the
//! old file's permissions (or, for a new file, those the umask gives), renamed over the target,
//! and the folder is flushed so the rename itself survives a power cut. A symbolic link is
//! followed to the real file, which is the one replaced; the link stays a link. A save that was
//! killed leaves its temporary file behind: the next save in that folder removes it, once no
//! process holds it.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The temporary files of a save in progress are named `.relmap-save-XXXXXX.tmp`.
const TEMP_PREFIX: &str = ".relmap-save-";
const TEMP_SUFFIX: &str = ".tmp";
/// A temporary file no process holds is left alone this long after its last write, in case
/// its writer has only just created it and not yet locked it.
const STALE_AFTER: Duration = Duration::from_secs(60);
/// How many symbolic links are followed before giving up, as the kernel does.
const MAX_LINKS: usize = 40;

/// Why a file could not be saved. The file that was there before is unchanged.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("cannot save {}: the file is read-only", path.display())]
    ReadOnly { path: PathBuf },
    #[error("cannot save {}: it is not a regular file", path.display())]
    NotAFile { path: PathBuf },
    #[error("cannot save {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// What a save wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The file written: the path given, or the file a symbolic link there points to.
    pub file: PathBuf,
    /// Other hard links the old file had. A save replaces the file under this name only; the
    /// other names keep the old content, and the user should be told.
    pub other_hard_links: u64,
}

/// Writes a file atomically: `write` fills a temporary file in the same folder, which is flushed
/// to disk and then renamed over the target. If anything fails, the target is left as it was
/// and the temporary file is removed.
pub fn atomic_write(
    path: &Path,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> Result<Written, SaveError> {
    let io_err = |source| SaveError::Io {
        path: path.to_owned(),
        source,
    };
    let target = follow_links(path).map_err(io_err)?;
    let existing = match fs::metadata(&target) {
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(io_err(e)),
    };
    if let Some(meta) = &existing {
        if !meta.is_file() {
            return Err(SaveError::NotAFile {
                path: path.to_owned(),
            });
        }
        // Ask the system rather than read mode bits: it knows about root, ACLs and
        // read-only mounts. Opening without truncating changes nothing.
        match fs::OpenOptions::new().write(true).open(&target) {
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::PermissionDenied || is_read_only_fs(&e) => {
                return Err(SaveError::ReadOnly {
                    path: path.to_owned(),
                });
            }
            Err(e) => return Err(io_err(e)),
        }
    }
    let folder = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    remove_stale_temporaries(&folder);

    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        // Created with rw-rw-rw- less the umask, as any new file is; the file's own mode
        // replaces this below when there is an old file.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(&folder).map_err(io_err)?;
    // Held until the rename, so that another save's clean-up never takes a live file.
    let _ = tmp.as_file().try_lock();
    write(tmp.as_file_mut()).map_err(io_err)?;
    tmp.as_file_mut().flush().map_err(io_err)?;
    if let Some(meta) = &existing {
        tmp.as_file()
            .set_permissions(meta.permissions())
            .map_err(io_err)?;
    }
    tmp.as_file().sync_all().map_err(io_err)?;
    tmp.persist(&target).map_err(|e| io_err(e.error))?;
    sync_folder(&folder);
    Ok(Written {
        file: target,
        other_hard_links: existing.as_ref().map_or(0, other_hard_links),
    })
}

/// The file `path` names, following symbolic links (a dangling link names the file it would
/// point to, which the save then creates).
fn follow_links(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let to = fs::read_link(&current)?;
                current = if to.is_absolute() {
                    to
                } else {
                    current.parent().unwrap_or(Path::new(".")).join(to)
                };
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::other(format!(
        "more than {MAX_LINKS} symbolic links in a row"
    )))
}

/// Removes the temporary files of saves that were killed: those no process holds a lock on
/// and that have not been written to for a while. Failures are ignored; this is tidying.
fn remove_stale_temporaries(folder: &Path) {
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !(name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)) {
            continue;
        }
        let path = entry.path();
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        let idle = meta
            .modified()
            .ok()
            .and_then(|t| now.duration_since(t).ok());
        if !meta.is_file() || idle.is_none_or(|d| d < STALE_AFTER) {
            continue;
        }
        let Ok(file) = fs::OpenOptions::new().write(true).open(&path) else {
            continue;
        };
        if file.try_lock().is_ok() {
            let _ = fs::remove_file(&path);
        }
    }
}

/// Flushes the folder, so the rename is on disk when the user is told "Saved". Best effort:
/// some file systems cannot sync a folder, and the rename has happened either way.
fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Ok(dir) = File::open(folder) {
        let _ = dir.sync_all();
    }
    #[cfg(not(unix))]
    let _ = folder;
}

#[cfg(unix)]
fn other_hard_links(meta: &fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    meta.nlink().saturating_sub(1)
}

#[cfg(not(unix))]
fn other_hard_links(_meta: &fs::Metadata) -> u64 {
    0
}

fn is_read_only_fs(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::ReadOnlyFilesystem
}
