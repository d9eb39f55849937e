//! What the window opens with, and the preferences it keeps between runs.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::case;
use crate::model::Document;

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
    /// A file to open once the window is up, in any format relmap reads: a large one is read
    /// on a thread, with its progress shown and Cancel.
    Open(PathBuf),
    /// A case store (a `.relmap.db` or a `postgres://` URL), and its case to open (or choose).
    Case {
        location: String,
        case: Option<String>,
    },
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
    /// Cases opened, newest first (File ▸ Open Recent), their stores without passwords.
    pub recent_cases: Vec<case::RecentCase>,
    /// Each case's entities in view when last seen, by store and case: the next session opens there.
    pub case_views: std::collections::BTreeMap<String, Vec<String>>,
    /// Light, dark, or the system's (View ▸ Theme).
    pub theme: crate::ui::paint::WindowTheme,
}

/// How many files, and how many cases, File ▸ Open Recent lists.
const RECENT_FILES: usize = 10;

impl Settings {
    /// Puts `path` first among the recent files.
    pub fn remember(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(RECENT_FILES);
    }

    /// Puts `case` first among the recent cases, which Open Recent lists as many of as files.
    pub fn remember_case(&mut self, case: case::RecentCase) {
        self.recent_cases.retain(|r| r != &case);
        self.recent_cases.insert(0, case);
        self.recent_cases.truncate(RECENT_FILES);
    }
}
