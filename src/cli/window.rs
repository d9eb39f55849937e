//! `relmap [FILE]`: opening the window, on the bundled map, a file or a case store.

use std::path::PathBuf;
use std::process::ExitCode;

use super::*;

/// `relmap [FILE]`: the window, on the bundled map or on FILE in any format relmap reads.
#[cfg(feature = "ui")]
pub(super) fn open_window(file: Option<PathBuf>, case: Option<String>) -> anyhow::Result<ExitCode> {
    use anyhow::Context as _;

    use crate::ui::Startup;
    crate::logging::init_window(None);
    if let Some(path) = &file {
        let shown = crate::store::Location::parse(&path.to_string_lossy()).display();
        crate::logging::doing(format!("opening {shown}"));
    }
    let store = file.as_ref().filter(|p| {
        matches!(
            crate::store::Location::parse(&p.to_string_lossy()),
            crate::store::Location::Postgres(_)
        ) || crate::store::location::is_store_file(p)
    });
    if case.is_some() && store.is_none() {
        anyhow::bail!(
            "--case names a case of a case store (a .relmap.db file or a postgres:// URL)"
        );
    }
    let startup = match file {
        Some(path) if store.is_some() => {
            if !path.exists() && !path.to_string_lossy().contains("://") {
                anyhow::bail!(
                    "{}: there is no case store here; `relmap store import FILE --into {}` makes one",
                    path.display(),
                    path.display()
                );
            }
            Startup::Case {
                location: path.to_string_lossy().into_owned(),
                case,
            }
        }
        // A large file opens in the window, read on a thread with its progress shown and
        // Cancel, rather than behind a window that has not appeared yet.
        Some(path)
            if std::fs::metadata(&path)
                .is_ok_and(|m| m.len() >= crate::ui::app::OPEN_ON_A_THREAD_FROM) =>
        {
            Startup::Open(path)
        }
        Some(path) => {
            let opened = io::formats::open_file(&path)?;
            if opened.is_foreign() {
                print_report(&path, &opened);
                Startup::Imported {
                    path,
                    opened: Box::new(opened),
                }
            } else {
                Startup::File {
                    path,
                    doc: Box::new(opened.doc),
                }
            }
        }
        None => Startup::Bundled,
    };
    crate::ui::run_native(startup).context("the window could not be opened")?;
    Ok(ExitCode::SUCCESS)
}

/// Built without the window, relmap says so and what it can do.
#[cfg(not(feature = "ui"))]
pub(super) fn open_window(
    file: Option<PathBuf>,
    _case: Option<String>,
) -> anyhow::Result<ExitCode> {
    if let Some(path) = &file {
        io::formats::open_file(path)?;
    }
    anyhow::bail!(
        "this relmap was built without its window (the `ui` feature); it can check, export \
         and convert maps: see relmap --help"
    )
}
