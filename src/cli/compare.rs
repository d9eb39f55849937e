//! `relmap diff`, `relmap merge` and `relmap merge-driver`: what changed between two maps, and
//! a three-way merge of two versions of one (`crate::compare`), for people and for git.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

use crate::compare::{diff, merge};
use crate::io;
use crate::model::Document;

/// How `relmap diff` writes the changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    Text,
    Json,
    Markdown,
}

fn open(path: &Path) -> anyhow::Result<Document> {
    Ok(io::formats::open_file(path)?.doc)
}

/// Lists the changes from OLD to NEW; exit code 1 when they differ, as `diff` does.
pub fn run_diff(
    old: &Path,
    new: &Path,
    format: DiffFormat,
    positions: bool,
) -> anyhow::Result<ExitCode> {
    let (a, b) = (open(old)?, open(new)?);
    let changes = diff::diff(&a, &b, diff::Options { positions });
    let text = match format {
        DiffFormat::Text => diff::to_text(&changes),
        DiffFormat::Markdown => diff::to_markdown(&changes),
        DiffFormat::Json => {
            let mut s = serde_json::to_string_pretty(&changes)?;
            s.push('\n');
            s
        }
    };
    print!("{text}");
    Ok(if changes.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Merges OURS and THEIRS, two versions of BASE, into OUTPUT; exit code 1 when conflicts
/// remain (they are in the map's `conflicts`).
pub fn run_merge(
    base: &Path,
    ours: &Path,
    theirs: &Path,
    output: &Path,
) -> anyhow::Result<ExitCode> {
    let merged = merge::merge(&open(base)?, &open(ours)?, &open(theirs)?);
    io::save_file(&merged.doc, output)
        .with_context(|| format!("cannot write {}", output.display()))?;
    report(output, &merged);
    Ok(if merged.doc.conflicts.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn report(output: &Path, merged: &merge::Merged) {
    let conflicts = &merged.doc.conflicts;
    if conflicts.is_empty() {
        println!("{}: merged, no conflicts", output.display());
        return;
    }
    println!(
        "{}: merged, {} conflict(s) kept in the map's \"conflicts\" (open it in relmap to settle them):",
        output.display(),
        conflicts.len()
    );
    for c in conflicts {
        println!("  {}", c.place());
    }
}

/// Git's merge driver contract: `%O %A %B %P`; the result goes to `%A` (ours), and the exit
/// code is 0 for a clean merge and 1 when conflicts remain. A file that is not a map leaves
/// `%A` as it was and exits 2, so git reports a conflict and loses nothing.
pub fn run_driver(base: &Path, ours: &Path, theirs: &Path, name: Option<&PathBuf>) -> ExitCode {
    let shown = name.map_or_else(|| ours.display().to_string(), |p| p.display().to_string());
    let read = |p: &Path| open(p);
    let (b, o, t) = match (read(base), read(ours), read(theirs)) {
        (Ok(b), Ok(o), Ok(t)) => (b, o, t),
        (b, o, t) => {
            for e in [b.err(), o.err(), t.err()].into_iter().flatten() {
                eprintln!("relmap merge-driver: {shown}: {e:#}");
            }
            eprintln!("relmap merge-driver: {shown}: left as ours; merge it by hand");
            return ExitCode::from(2);
        }
    };
    let merged = merge::merge(&b, &o, &t);
    if let Err(e) = io::save_file(&merged.doc, ours) {
        eprintln!("relmap merge-driver: {shown}: cannot write the merge: {e}");
        return ExitCode::from(2);
    }
    if merged.doc.conflicts.is_empty() {
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "relmap merge-driver: {shown}: {} conflict(s) kept in the map's \"conflicts\"",
            merged.doc.conflicts.len()
        );
        for c in &merged.doc.conflicts {
            eprintln!("  {}", c.place());
        }
        ExitCode::from(1)
    }
}
