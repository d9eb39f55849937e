//! The log: what relmap did, for a bug report to attach.
//!
//! The window writes a log file per session under the platform's log folder (Linux:
//! `$XDG_STATE_HOME/relmap/logs`, else `~/.local/state/relmap/logs`; macOS:
//! `~/Library/Logs/relmap`; Windows: `%LOCALAPPDATA%\relmap\logs`), keeping the last
//! [`KEEP`] sessions. `RELMAP_LOG` sets what is logged, in `tracing`'s filter syntax
//! (`RELMAP_LOG=debug`, `RELMAP_LOG=relmap::io=trace`); the default is `info`. The command
//! line logs to standard error, and only when `RELMAP_LOG` is set.
//!
//! A panic hook writes the panic, where it happened and what the user was doing (see
//! [`doing`]) to the log, and tells the user on standard error where the log is. A panic that
//! [`catch_panic`] catches (an importer's, at the import boundary) is logged as an error and
//! becomes the caller's message: the program goes on, and nothing is said on standard error.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use tracing_subscriber::EnvFilter;

/// How many session logs are kept.
pub const KEEP: usize = 10;
/// The environment variable that sets what is logged.
pub const ENV: &str = "RELMAP_LOG";

static LOG_PATH: OnceLock<PathBuf> = OnceLock::new();
static DOING: Mutex<String> = Mutex::new(String::new());

thread_local! {
    /// Whether a panic on this thread is caught by [`catch_panic`].
    static CATCHING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `work`, turning a panic in it into `Err` with the panic's message. For boundaries
/// where a bug must not end the program: an importer reading a crafted file.
pub fn catch_panic<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    let was = CATCHING.with(|c| c.replace(true));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
    CATCHING.with(|c| c.set(was));
    outcome.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_owned())
    })
}

/// The file this session logs to, if it logs to one.
pub fn log_path() -> Option<&'static Path> {
    LOG_PATH.get().map(PathBuf::as_path)
}

/// Records what the user is doing now (a command, opening a file), for the panic report.
pub fn doing(what: impl Into<String>) {
    let what = what.into();
    tracing::debug!(target: "relmap::doing", "{what}");
    if let Ok(mut d) = DOING.lock() {
        *d = what;
    }
}

/// The platform's folder for relmap's logs.
pub fn log_dir() -> Option<PathBuf> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if cfg!(target_os = "windows") {
        env("LOCALAPPDATA").map(|d| d.join("relmap").join("logs"))
    } else if cfg!(target_os = "macos") {
        env("HOME").map(|h| h.join("Library/Logs/relmap"))
    } else {
        env("XDG_STATE_HOME")
            .or_else(|| env("HOME").map(|h| h.join(".local/state")))
            .map(|d| d.join("relmap").join("logs"))
    }
}

fn filter(default: &str) -> EnvFilter {
    EnvFilter::try_from_env(ENV).unwrap_or_else(|_| EnvFilter::new(default))
}

/// Logs the window's session to a new file in `dir` (the platform's log folder when `None`)
/// and installs the panic hook. Returns the file, or `None` when no file could be made (the
/// window runs anyway; the panic hook then reports to standard error alone).
pub fn init_window(dir: Option<PathBuf>) -> Option<PathBuf> {
    install_panic_hook();
    let dir = dir.or_else(log_dir)?;
    std::fs::create_dir_all(&dir).ok()?;
    prune(&dir, KEEP.saturating_sub(1));
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let path = dir.join(format!("relmap-{stamp}-{}.log", std::process::id()));
    let file = std::fs::File::create(&path).ok()?;
    let installed = tracing_subscriber::fmt()
        .with_env_filter(filter("info"))
        .with_ansi(false)
        .with_writer(Mutex::new(file))
        .try_init()
        .is_ok();
    if !installed {
        return None;
    }
    let _ = LOG_PATH.set(path.clone());
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        os = std::env::consts::OS,
        "relmap started"
    );
    Some(path)
}

/// Logs the command line's work to standard error, if `RELMAP_LOG` asks for it.
pub fn init_command_line() {
    install_panic_hook();
    if std::env::var_os(ENV).is_some() {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(filter("info"))
            .with_writer(std::io::stderr)
            .try_init();
    }
}

/// Removes the oldest session logs in `dir` until at most `keep` are left.
fn prune(dir: &Path, keep: usize) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut logs: Vec<(std::time::SystemTime, PathBuf)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("relmap-") && n.ends_with(".log"))
        })
        .filter_map(|p| Some((p.metadata().ok()?.modified().ok()?, p)))
        .collect();
    logs.sort();
    let excess = logs.len().saturating_sub(keep);
    for (_, p) in logs.into_iter().take(excess) {
        let _ = std::fs::remove_file(p);
    }
}

fn install_panic_hook() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let doing = DOING.lock().map(|d| d.clone()).unwrap_or_default();
            let backtrace = std::backtrace::Backtrace::force_capture();
            if CATCHING.with(std::cell::Cell::get) {
                tracing::error!(
                    panic = %info,
                    doing = %doing,
                    backtrace = %backtrace,
                    "a bug, caught: relmap goes on"
                );
                return;
            }
            tracing::error!(
                panic = %info,
                doing = %doing,
                backtrace = %backtrace,
                "relmap stopped because of a bug"
            );
            default(info);
            let mut message = String::from("\nrelmap stopped because of a bug.");
            if !doing.is_empty() {
                message.push_str(&format!(" It was: {doing}."));
            }
            match log_path() {
                Some(path) => message.push_str(&format!(
                    "\nThe log is {}: please attach it to a bug report.",
                    path.display()
                )),
                None => message.push_str("\nRun with RELMAP_LOG=debug for a fuller report."),
            }
            eprintln!("{message}");
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_session_logs_are_pruned_and_other_files_kept() {
        let dir = tempfile::tempdir().unwrap();
        for n in 0..5 {
            let p = dir.path().join(format!("relmap-{n}-1.log"));
            std::fs::write(&p, "x").unwrap();
            let t = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(n * 1000);
            std::fs::File::options()
                .write(true)
                .open(&p)
                .unwrap()
                .set_modified(t)
                .unwrap();
        }
        std::fs::write(dir.path().join("notes.txt"), "keep").unwrap();
        prune(dir.path(), 2);
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["notes.txt", "relmap-3-1.log", "relmap-4-1.log"]);
    }

    #[test]
    fn the_log_folder_follows_the_platform() {
        let dir = log_dir();
        if cfg!(target_os = "linux") && std::env::var_os("HOME").is_some() {
            let dir = dir.expect("a log folder under HOME or XDG_STATE_HOME");
            assert!(dir.ends_with("relmap/logs"), "{}", dir.display());
        }
    }
}
