//! `relmap diff`, `relmap merge` and `relmap merge-driver`: what changed between two maps, and
//! a three-way merge of two versions of one (`crate::compare`), for people and for git.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

use crate::compare::{Kind, diff, matching, merge, review};
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

/// Lists the changes from OLD to NEW; exit code 1 when they differ, as `diff` does. With
/// `matching`, NEW's items are first given OLD's ids where they match, and the matches are
/// listed before the changes (in JSON: `{"matches": [...], "changes": [...]}`).
pub fn run_diff(
    old: &Path,
    new: &Path,
    format: DiffFormat,
    positions: bool,
    matching: bool,
) -> anyhow::Result<ExitCode> {
    let (a, mut b) = (open(old)?, open(new)?);
    let matches = if matching {
        matching::matches(&a, &b)
    } else {
        Vec::new()
    };
    if matching {
        b = matching::rekey(&b, &matches);
    }
    let changes = diff::diff(&a, &b, diff::Options { positions });
    let text = match format {
        DiffFormat::Text => format!("{}{}", matches_text(&matches), diff::to_text(&changes)),
        DiffFormat::Markdown => {
            let listed = matches_text(&matches);
            let listed = if listed.is_empty() {
                listed
            } else {
                format!("## Matched\n\n```text\n{listed}```\n\n")
            };
            format!("{listed}{}", diff::to_markdown(&changes))
        }
        DiffFormat::Json => {
            let mut s = if matching {
                serde_json::to_string_pretty(
                    &serde_json::json!({"matches": matches, "changes": changes}),
                )?
            } else {
                serde_json::to_string_pretty(&changes)?
            };
            s.push('\n');
            s
        }
    };
    out!("{text}")?;
    Ok(if changes.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The matches, one a line: `entity t-anas "ANAS HAQQANI" = anas-haqqani "Anas Haqqani"
/// (same name and kind)`.
fn matches_text(matches: &[matching::Match]) -> String {
    matches
        .iter()
        .map(|m| {
            format!(
                "= {} {} \"{}\" is {} \"{}\" ({})\n",
                m.kind.name(),
                m.theirs,
                m.theirs_name,
                m.ours,
                m.ours_name,
                m.rule.describe()
            )
        })
        .collect()
}

/// Lists what in THEIRS matches OURS under other ids.
pub fn run_match(ours: &Path, theirs: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let matches = matching::matches(&open(ours)?, &open(theirs)?);
    if json {
        outln!("{}", serde_json::to_string_pretty(&matches)?)?;
    } else if matches.is_empty() {
        outln!("nothing in {} matches under another id", theirs.display())?;
    } else {
        out!("{}", matches_text(&matches))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Merges OURS and THEIRS, two versions of BASE (or two maps without one), into OUTPUT;
/// exit code 1 when conflicts remain (they are in the map's `conflicts`).
pub fn run_merge(
    maps: &[PathBuf],
    output: &Path,
    matching: bool,
    refuse_match: &[String],
) -> anyhow::Result<ExitCode> {
    let (base, ours, theirs) = match maps {
        [base, ours, theirs] => (Some(open(base)?), open(ours)?, open(theirs)?),
        [ours, theirs] => (None, open(ours)?, open(theirs)?),
        _ => anyhow::bail!("merge takes BASE OURS THEIRS, or OURS THEIRS"),
    };
    let decisions = review::Decisions {
        matching,
        refused_matches: [Kind::Entity, Kind::Relation, Kind::Source]
            .iter()
            .flat_map(|&k| refuse_match.iter().map(move |id| (k, id.clone())))
            .collect(),
        ..review::Decisions::default()
    };
    let reviewed = review::review(base.as_ref(), &ours, &theirs, &decisions);
    let accepted: Vec<matching::Match> = reviewed
        .matches
        .iter()
        .filter(|m| !refuse_match.contains(&m.theirs))
        .cloned()
        .collect();
    out!("{}", matches_text(&accepted))?;
    let merged = reviewed.merged;
    io::save_file(&merged, output).with_context(|| format!("cannot write {}", output.display()))?;
    report(output, &merged)?;
    Ok(if merged.conflicts.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn report(output: &Path, merged: &Document) -> std::io::Result<()> {
    let conflicts = &merged.conflicts;
    if conflicts.is_empty() {
        return outln!("{}: merged, no conflicts", output.display());
    }
    outln!(
        "{}: merged, {} conflict(s) kept in the map's \"conflicts\" (open it in relmap to settle them):",
        output.display(),
        conflicts.len()
    )?;
    for c in conflicts {
        outln!("  {}", c.place())?;
    }
    Ok(())
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
