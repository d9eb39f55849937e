//! `relmap store ...`: the case store from the command line. Import files into a case, list
//! the cases, search names, expand a neighbourhood into a map file, apply a map's changes back,
//! and export a whole case.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::io::{self, formats};
use crate::store::{ApplyMode, Base, ExpandRequest, Store};

#[derive(Debug, clap::Subcommand)]
pub enum StoreCommand {
    /// Read files (any format relmap reads) into a case, made if it does not exist. A second
    /// import of the same file adds nothing twice: entities, relations and sources match by id
    /// and are updated where they changed.
    Import {
        /// The files to read.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The store: a SQLite file (made if missing) or a postgres:// URL.
        #[arg(long)]
        into: String,
        #[command(flatten)]
        who: Who,
    },
    /// List the store's cases, with their counts.
    Cases {
        /// The store: a SQLite file or a postgres:// URL.
        store: String,
    },
    /// Find entities by name or alias, fuzzily and whatever the case: the best first, each
    /// with its kind and relation count.
    Search {
        store: String,
        #[command(flatten)]
        who: Who,
        /// What to look for.
        query: String,
        /// The most hits to list.
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Write the neighbourhood of some entities as a map file, with every claim and source it
    /// cites; says how many neighbours of each entity were left out, by kind.
    Expand {
        store: String,
        #[command(flatten)]
        who: Who,
        /// The entities (by id) to start from.
        #[arg(required = true)]
        entities: Vec<String>,
        /// How many relations away to go.
        #[arg(long, default_value_t = 1)]
        hops: u32,
        /// Follow only relations of this kind (repeat for several).
        #[arg(long)]
        kind: Vec<String>,
        /// The most entities in the map.
        #[arg(long, default_value_t = 500)]
        limit: usize,
        /// The map file to write (relmap's format).
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Write what changed in a map taken from the store (by expand or export) back to it.
    /// An item someone else changed since is not written over: it is listed, with both values,
    /// and relmap exits non-zero. On success the map file's base is brought up to date.
    Apply {
        store: String,
        #[command(flatten)]
        who: Who,
        /// The map file.
        map: PathBuf,
        /// When something conflicts, write nothing (the default).
        #[arg(long, conflicts_with = "what_fits")]
        all_or_nothing: bool,
        /// When something conflicts, write everything else.
        #[arg(long)]
        what_fits: bool,
    },
    /// Write a whole case to a file, in any format relmap writes (by the extension).
    Export {
        store: String,
        #[command(flatten)]
        who: Who,
        /// The file to write: .json (relmap, or node-link with --node-link), .graphml, .gexf
        /// or .csv.
        #[arg(short, long)]
        output: PathBuf,
        /// Write node-link JSON rather than a relmap map for a .json output.
        #[arg(long)]
        node_link: bool,
    },
}

/// The case, and whose positions.
#[derive(Debug, clap::Args)]
pub struct Who {
    /// The case's name.
    #[arg(long)]
    case: String,
    /// Whose positions to read and write (default: RELMAP_ANALYST, else the login name).
    #[arg(long = "as")]
    analyst: Option<String>,
}

fn open(location: &str, who: Option<&Who>) -> anyhow::Result<Store> {
    open_or_create(location, who, false)
}

fn open_or_create(location: &str, who: Option<&Who>, create: bool) -> anyhow::Result<Store> {
    let mut store = if create {
        Store::create(location)?
    } else {
        Store::open(location)?
    };
    if let Some(name) = who.and_then(|w| w.analyst.as_deref()) {
        store.set_analyst(name);
    }
    Ok(store)
}

pub fn run(command: StoreCommand) -> anyhow::Result<ExitCode> {
    match command {
        StoreCommand::Import { files, into, who } => import(&files, &into, &who),
        StoreCommand::Cases { store } => {
            let mut s = open(&store, None)?;
            let cases = s.cases()?;
            if cases.is_empty() {
                outln!(
                    "{}: no cases yet; `relmap store import` makes one",
                    s.location()
                )?;
            }
            for c in cases {
                outln!(
                    "{}\t{}\t{}",
                    c.name,
                    plural_counts(&[
                        (c.entities, "entity", "entities"),
                        (c.relations, "relation", "relations"),
                        (c.claims, "claim", "claims"),
                        (c.sources, "source", "sources"),
                    ]),
                    c.title
                )?;
            }
            Ok(ExitCode::SUCCESS)
        }
        StoreCommand::Search {
            store,
            who,
            query,
            limit,
        } => {
            let mut s = open(&store, Some(&who))?;
            let hits = s.search(&who.case, &query, limit)?;
            if hits.is_empty() {
                outln!("nothing in case {:?} matches {query:?}", who.case)?;
            }
            for h in hits {
                let alias = if h.matched == h.name {
                    String::new()
                } else {
                    format!("\t(as {:?})", h.matched)
                };
                let relations = if h.relations == 1 {
                    "1 relation".to_owned()
                } else {
                    format!("{} relations", h.relations)
                };
                outln!(
                    "{:.2}\t{}\t{}\t{}\t{relations}{alias}",
                    h.score,
                    h.id,
                    h.name,
                    h.kind
                )?;
            }
            Ok(ExitCode::SUCCESS)
        }
        StoreCommand::Expand {
            store,
            who,
            entities,
            hops,
            kind,
            limit,
            output,
        } => {
            let mut s = open(&store, Some(&who))?;
            let request = ExpandRequest {
                seeds: entities,
                hops,
                kinds: kind,
                limit,
            };
            let x = s.expand(&who.case, &request)?;
            io::save_file(&x.doc, &output)?;
            let t = crate::query::totals(&x.doc);
            outln!("{}: written ({})", output.display(), t.describe())?;
            for m in &x.missing {
                outln!("no entity {m:?} in case {:?}", who.case)?;
            }
            if x.truncated {
                outln!("stopped at --limit {limit} entities")?;
            }
            print_left_out(&x)?;
            Ok(ExitCode::SUCCESS)
        }
        StoreCommand::Apply {
            store,
            who,
            map,
            all_or_nothing: _,
            what_fits,
        } => {
            let mode = if what_fits {
                ApplyMode::WhatFits
            } else {
                ApplyMode::AllOrNothing
            };
            apply(&store, &who, &map, mode)
        }
        StoreCommand::Export {
            store,
            who,
            output,
            node_link,
        } => {
            let ext = output
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or_default();
            let format = formats::OutFormat::from_extension(ext, node_link).ok_or_else(|| {
                anyhow::anyhow!(
                    "cannot tell the format of {} from its extension: use .json (relmap, or \
                     node-link with --node-link), .graphml, .gexf or .csv",
                    output.display()
                )
            })?;
            let mut s = open(&store, Some(&who))?;
            let doc = s.export(&who.case)?;
            for path in formats::write_file(&doc, &output, format)? {
                outln!(
                    "{}: written ({}, {})",
                    path.display(),
                    format.name(),
                    crate::query::totals(&doc).describe()
                )?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// A file to import: read whole into a map, or streamed.
enum Input {
    Map(Box<crate::model::Document>),
    Stream(Box<formats::ftm_stream::Reader>),
    NodeLink(Box<formats::nodelink_stream::Reader>),
}

fn import(files: &[PathBuf], into: &str, who: &Who) -> anyhow::Result<ExitCode> {
    // Every file is read and checked before anything is written, so a bad one stops the
    // import with the store as it was. FollowTheMoney JSON lines and node-link JSON, which
    // may hold millions of entities, are streamed instead: checked item by item as they are
    // written, and a bad item rolls that file's import back.
    let mut inputs = Vec::new();
    for f in files {
        if formats::ftm_stream::is_json_lines(f) {
            let reader = formats::ftm_stream::Reader::open(f)?;
            inputs.push((f, Input::Stream(Box::new(reader))));
        } else if formats::nodelink_stream::is_node_link(f) {
            let reader = formats::nodelink_stream::Reader::open(f)?;
            inputs.push((f, Input::NodeLink(Box::new(reader))));
        } else {
            let opened = formats::open_file(f)?;
            super::print_report(f, &opened);
            inputs.push((f, Input::Map(Box::new(opened.doc))));
        }
    }
    let mut store = open_or_create(into, Some(who), true)?;
    for (path, input) in inputs {
        let bar = progress_bar(path);
        let summary = match input {
            Input::Map(doc) => store.import(&who.case, &doc, &mut |p| {
                bar.set_length(p.total);
                bar.set_position(p.done);
            })?,
            Input::Stream(mut reader) => {
                let meta = titled(path);
                bar.set_style(bytes_style());
                let mut items = std::iter::from_fn(|| {
                    let next = reader.next();
                    let (read, size) = reader.progress();
                    bar.set_length(size);
                    bar.set_position(read);
                    next
                });
                let summary = store.import_items(&who.case, &meta, &mut items, &mut |_| {})?;
                let c = reader.counts;
                outln!(
                    "{}: {} FollowTheMoney things as entities, {} edges and {} references \
                     as relations, {} placeholder entities",
                    path.display(),
                    c.things,
                    c.edges,
                    c.references,
                    c.placeholders
                )?;
                for (schema, n) in &reader.skipped {
                    outln!("  not read: {n} {schema} (neither a thing nor a relation)")?;
                }
                summary
            }
            Input::NodeLink(mut reader) => {
                bar.set_style(bytes_style());
                let mut items = std::iter::from_fn(|| {
                    let next = reader.next();
                    let (read, size) = reader.progress();
                    bar.set_length(size);
                    bar.set_position(read);
                    next
                });
                store.import_items(&who.case, &titled(path), &mut items, &mut |_| {})?
            }
        };
        bar.finish_and_clear();
        let counts = |c: &crate::store::Counts| {
            plural_counts(&[
                (c.entities, "entity", "entities"),
                (c.relations, "relation", "relations"),
                (c.sources, "source", "sources"),
            ])
        };
        outln!(
            "{} into case {:?} of {}: added {}; updated {}; unchanged {}",
            path.display(),
            who.case,
            store.location(),
            counts(&summary.added),
            counts(&summary.updated),
            counts(&summary.unchanged),
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// An empty map titled by the file's name: the case's fields for a streamed file.
fn titled(path: &Path) -> crate::model::Document {
    crate::model::Document {
        title: path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        ..Default::default()
    }
}

fn bytes_style() -> indicatif::ProgressStyle {
    indicatif::ProgressStyle::with_template(
        "{msg} [{bar:40}] {bytes}/{total_bytes}, {bytes_per_sec}, {eta} left",
    )
    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
    .progress_chars("=> ")
}

fn progress_bar(path: &Path) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(0);
    let style = indicatif::ProgressStyle::with_template(
        "{msg} [{bar:40}] {pos}/{len} items, {per_sec}, {eta} left",
    )
    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
    .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message(path.display().to_string());
    bar
}

fn apply(store: &str, who: &Who, map: &Path, mode: ApplyMode) -> anyhow::Result<ExitCode> {
    let doc = io::load_file(map)?;
    if Base::of(&doc).is_none() {
        anyhow::bail!(
            "{}: this map was not taken from a store; `relmap store import` adds a map to a case",
            map.display()
        );
    }
    let mut s = open(store, Some(who))?;
    let report = s.apply(&who.case, &doc, mode)?;
    for c in &report.conflicts {
        outln!("conflict: {} {:?}: {}", c.item, c.id, c.reason)?;
        outln!("  this map:  {}", c.mine.as_deref().unwrap_or("(deleted)"))?;
        outln!("  the store: {}", c.theirs.as_deref().unwrap_or("(gone)"))?;
    }
    let counts = |c: &crate::store::Counts| {
        plural_counts(&[
            (c.entities, "entity", "entities"),
            (c.relations, "relation", "relations"),
            (c.sources, "source", "sources"),
        ])
    };
    if report.committed {
        io::save_file(&report.doc, map)?;
        outln!(
            "{} into case {:?}: added {}; updated {}; deleted {}",
            map.display(),
            who.case,
            counts(&report.added),
            counts(&report.updated),
            counts(&report.deleted)
        )?;
    } else {
        outln!(
            "nothing was written: {} conflict(s); the map file is as it was. Expand again to \
             see the store's versions, or apply with --what-fits to write everything else",
            report.conflicts.len()
        )?;
    }
    if report.conflicts.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        Ok(ExitCode::from(2))
    }
}

/// "40 entities, 1 source": each count with its noun, one or many.
fn plural_counts(counts: &[(u64, &str, &str)]) -> String {
    counts
        .iter()
        .map(|&(n, one, many)| format!("{n} {}", if n == 1 { one } else { many }))
        .collect::<Vec<_>>()
        .join(", ")
}

/// How many entities `store expand` names with what they leave out; the rest are summed.
const LEFT_OUT_SHOWN: usize = 20;

/// What the entities of an expansion leave out: those that leave out most first, at most
/// [`LEFT_OUT_SHOWN`] of them, then how many more there are (two hops in a real case reach
/// hundreds, and a line each buried the answer).
fn print_left_out(x: &crate::store::Expansion) -> std::io::Result<()> {
    let mut most: Vec<(u64, &String, &crate::store::KindCounts)> = x
        .left_out
        .iter()
        .map(|(entity, kinds)| (kinds.values().sum(), entity, kinds))
        .collect();
    most.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    for (total, entity, kinds) in most.iter().take(LEFT_OUT_SHOWN) {
        let by: Vec<String> = kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
        outln!(
            "{} ({}): {total} more not in the map ({})",
            x.doc.entity_name(entity),
            entity,
            by.join(", ")
        )?;
    }
    if most.len() > LEFT_OUT_SHOWN {
        let rest = &most[LEFT_OUT_SHOWN..];
        let sum: u64 = rest.iter().map(|(t, _, _)| t).sum();
        outln!(
            "… and {} more entities with neighbours not in the map ({sum} in all)",
            rest.len()
        )?;
    }
    Ok(())
}
