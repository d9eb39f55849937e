//! The command line: `relmap [FILE]` opens the window, `relmap check FILE...` validates maps
//! without one.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// `println!` for the commands' output, which returns an error rather than panicking when
/// stdout is gone (`relmap store search ... | head -1` closes it early); [`quiet_exit`]
/// makes that error a quiet end, as it is for any Unix tool.
macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($t)*)
    }};
}

/// `print!` as [`outln!`] is `println!`.
macro_rules! out {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        write!(std::io::stdout().lock(), $($t)*)
    }};
}

/// Whether a command's error is only that whoever read its output stopped reading (a closed
/// pipe): the binary then ends quietly and successfully, as `grep` piped into `head` does.
pub fn quiet_exit(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

mod compare;
mod convert;
mod export;
mod map_checks;
mod sources;
pub mod store;
mod window;

use crate::io;
use crate::query::totals;
use export::export;
use sources::{anchor, check_quotes, lay_out};

#[derive(Debug, Parser)]
#[command(
    name = "relmap",
    version,
    about = "Map networks of people and groups, and who says what about them.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// A map file to open (relmap's .json, or any format relmap reads), or a case store: a
    /// .relmap.db file or a postgres:// URL. Without one, relmap opens the bundled Haqqani
    /// network map.
    pub file: Option<PathBuf>,

    /// The case to open in a case store (without it: the only case, or a list to choose from).
    #[arg(long, value_name = "NAME")]
    pub case: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check map files without opening a window: print every problem, exit non-zero on any.
    Check {
        /// The map files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Also check every claim's quote against its source's text and anchor: exit
        /// non-zero if one is not in the text, or not where its anchor says.
        #[arg(long)]
        quotes: bool,
    },
    /// Anchor every claim's quote that is found in its source's text, and write the map.
    ///
    /// Quotes are found after white space and typographic quotes, dashes and ellipses are
    /// normalised; quotes that are not found are listed and left as they are.
    Anchor {
        /// The map file (relmap's format).
        file: PathBuf,
        /// Where to write the anchored map (the input file when left out).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Export a map as a figure (SVG, PNG or PDF, by the output's extension), without a window.
    ///
    /// Saved positions are used; entities without one are laid out deterministically, so the
    /// same input gives the same bytes every time.
    Export(ExportArgs),
    /// Put the text of a .txt, .md or .html file (HTML reduced to its readable text) into a
    /// source of a map, and anchor the quotes found in it.
    SourceText {
        /// The map file (relmap's format).
        file: PathBuf,
        /// The source's id.
        source: String,
        /// The text, Markdown or HTML file.
        text: PathBuf,
        /// Where to write the map (the map file when left out).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Lay a map out and write it with the positions: every entity that is not pinned is
    /// placed again.
    ///
    /// `stress` (the default) places entities so their distances on the page match their
    /// distances in the map, as Graphviz's neato does, with room for every name, and packs
    /// separate parts side by side; `multilevel` does the same for large maps, as sfdp does,
    /// by coarsening the map, laying it out small and refining it level by level; `force` runs the window's force layout to rest;
    /// `hierarchical` layers the map by directed relations such as "leads", "member of" and
    /// "child of"; `radial` puts rings of entities around --centre by hops; `circular` and
    /// `grid` group entities by kind (or --group-by community); `tidy` keeps the saved
    /// positions and only moves entities apart until no names overlap.
    Layout {
        /// The map file (any format relmap reads).
        file: PathBuf,
        /// Where to write the map with positions (relmap's format).
        #[arg(short, long)]
        output: PathBuf,
        /// stress, multilevel, force, hierarchical, radial, circular, grid or tidy.
        #[arg(long, default_value = "stress", value_parser = ["stress", "multilevel", "force", "hierarchical", "radial", "circular", "grid", "tidy"])]
        algorithm: String,
        /// The entity (by id) a radial layout is centred on.
        #[arg(long)]
        centre: Option<String>,
        /// How circular and grid layouts group entities: kind or community.
        #[arg(long, default_value = "kind", value_parser = ["kind", "community"])]
        group_by: String,
        /// The relation kinds a hierarchical layout reads, comma-separated (default: the
        /// built-in ones, such as leads, member of, child of).
        #[arg(long, value_delimiter = ',')]
        hierarchy: Option<Vec<String>>,
        /// The layout's seed.
        #[arg(long, default_value_t = crate::layout::DEFAULT_SEED)]
        seed: u64,
    },
    /// Write every claim as a table, or with --disputes the dispute table (contested
    /// relations against who speaks on them): Markdown for an OUT ending in .md, else CSV.
    Claims {
        /// The map file.
        file: PathBuf,
        /// Where to write the table (.csv or .md).
        #[arg(short, long)]
        output: PathBuf,
        /// The dispute table instead of the claims table.
        #[arg(long)]
        disputes: bool,
    },
    /// The entities (or the relations) as a table, as the window's data table shows them: a
    /// row each, a column for every field and attribute, as CSV (or tab-separated for .tsv).
    Table {
        /// The map file.
        file: PathBuf,
        /// The entities' table (the default).
        #[arg(long, default_value_t = true)]
        entities: bool,
        /// The relations' table instead: ends, kind, label, direction, period, claims and
        /// attributes.
        #[arg(long)]
        relations: bool,
        /// Where to write it (.csv or .tsv).
        #[arg(short, long)]
        output: PathBuf,
        /// Only rows with every one of these words in some cell.
        #[arg(long)]
        filter: Option<String>,
        /// The column to sort by (a field such as name, or an attribute); `-` before it sorts
        /// the other way.
        #[arg(long, allow_hyphen_values = true)]
        sort: Option<String>,
    },
    /// Convert a map between formats: relmap (.json), GraphML (.graphml), GEXF (.gexf),
    /// node-link JSON (.json with --node-link) and CSV tables (.csv).
    ///
    /// The input may be any format relmap reads; the output's format follows its extension.
    /// A CSV output NAME.csv writes NAME.nodes.csv, NAME.edges.csv and NAME.map.csv.
    Convert(ConvertArgs),
    /// The case store: import files into a case (SQLite file or postgres:// URL), search it,
    /// expand a neighbourhood into a map, apply a map's changes back, export a case.
    Store {
        #[command(subcommand)]
        command: store::StoreCommand,
    },
    /// What changed from OLD to NEW: entities, relations, claims, sources, groups, notes and
    /// the map's fields, by id and name, field by field. Exit code 1 when they differ.
    Diff {
        old: PathBuf,
        new: PathBuf,
        /// text, json (for scripts) or markdown (for a report).
        #[arg(long, value_enum, default_value = "text")]
        format: compare::DiffFormat,
        /// Compare entities' positions and pins too.
        #[arg(long)]
        positions: bool,
        /// NEW was built apart from OLD: match its items to OLD's under other ids first (see
        /// `relmap match`).
        #[arg(long = "match")]
        matching: bool,
    },
    /// Three-way merge of OURS and THEIRS, two versions of BASE, field by field and claim by
    /// claim; what cannot be decided is kept in the map's conflicts. Exit code 1 when any
    /// remain. Without BASE (two maps only), everything they hold differently is a conflict,
    /// with our value kept.
    Merge {
        /// BASE OURS THEIRS, or OURS THEIRS.
        #[arg(num_args = 2..=3, required = true)]
        maps: Vec<PathBuf>,
        /// Where to write the merged map.
        #[arg(short, long)]
        output: PathBuf,
        /// THEIRS was built apart: match its items to ours under other ids first.
        #[arg(long = "match")]
        matching: bool,
        /// With --match: refuse the match of their item with this id (repeatable).
        #[arg(long = "refuse-match", value_name = "ID")]
        refuse_match: Vec<String>,
    },
    /// What in THEIRS is the same thing as in OURS under another id: entities by a shared
    /// external id, then normalised name and kind, then alias; relations by ends and kind;
    /// sources by URL or title. Each match says its rule.
    Match {
        ours: PathBuf,
        theirs: PathBuf,
        /// As JSON, for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Git's merge driver: `relmap merge-driver %O %A %B %P` (see the README).
    MergeDriver {
        base: PathBuf,
        ours: PathBuf,
        theirs: PathBuf,
        /// The path of the file in the repository, for messages.
        name: Option<PathBuf>,
    },
}

#[derive(Debug, clap::Args)]
pub struct ConvertArgs {
    /// The file to read (for CSV with --edges: the nodes table).
    pub input: PathBuf,
    /// The file to write.
    pub output: PathBuf,
    /// An edges table to read with the nodes table INPUT.
    #[arg(long)]
    pub edges: Option<PathBuf>,
    /// The map table relmap writes beside its CSV tables (title, description, sources).
    #[arg(long, requires = "edges")]
    pub map: Option<PathBuf>,
    /// Write node-link JSON (d3, networkx) rather than a relmap map for a .json output.
    #[arg(long)]
    pub node_link: bool,
    /// CSV: the column holding node ids.
    #[arg(long)]
    pub id_column: Option<String>,
    /// CSV: the column holding names.
    #[arg(long)]
    pub name_column: Option<String>,
    /// CSV: the column holding kinds.
    #[arg(long)]
    pub kind_column: Option<String>,
    /// CSV: the column holding each edge's source.
    #[arg(long)]
    pub source_column: Option<String>,
    /// CSV: the column holding each edge's target.
    #[arg(long)]
    pub target_column: Option<String>,
    /// Make a group of each organisation's members: entities joined to it by "belongs to"
    /// (FollowTheMoney's Membership), "member of", "part of" and the like.
    #[arg(long)]
    pub group_members: bool,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The map file.
    pub file: PathBuf,
    /// Where to write the figure: a path ending in .png, .svg or .pdf.
    #[arg(short, long)]
    pub output: PathBuf,
    /// PDF: fit the figure (map, title, legend and notes) to a page of this size: A4, A3 or
    /// letter. Without it the page is the figure's own size.
    #[arg(long, value_parser = parse_paper)]
    pub paper: Option<crate::export::Paper>,
    /// PDF: turn the page on its side.
    #[arg(long, requires = "paper")]
    pub landscape: bool,
    /// Draw the map as its named view does (`styles.views`): the view's rules and its lens.
    #[arg(long, value_name = "NAME", conflicts_with = "lens")]
    pub style_view: Option<String>,
    /// Dark ink on white paper (light, for print) or the window's dark look (dark).
    #[arg(long, default_value = "light", value_parser = parse_theme)]
    pub theme: crate::look::Theme,
    /// PNG width in pixels (with --height: exactly that size, the map fitted in).
    #[arg(long)]
    pub width: Option<u32>,
    /// PNG height in pixels.
    #[arg(long)]
    pub height: Option<u32>,
    /// PNG scale: 2 makes an image twice the figure's own size.
    #[arg(long, conflicts_with_all = ["width", "height"])]
    pub scale: Option<f32>,
    /// At most this many layout steps for entities without a saved position.
    #[arg(long, default_value_t = 1000)]
    pub layout_steps: usize,
    /// The layout's seed.
    #[arg(long, default_value_t = crate::layout::DEFAULT_SEED)]
    pub seed: u64,
    /// Show the map according to this claimant (an entity id or name) or source (an id).
    #[arg(long)]
    pub lens: Option<String>,
    /// Only relations with a claim from a source graded this or better (A to F).
    #[arg(long, value_parser = parse_reliability)]
    pub min_reliability: Option<crate::model::Reliability>,
    /// Only relations with a claim graded this credible or more (1 to 6).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=6))]
    pub max_credibility: Option<u8>,
    /// Leave out the footnote listing the sources.
    #[arg(long)]
    pub no_sources: bool,
    /// Leave the map's notes out.
    #[arg(long)]
    pub no_notes: bool,
    /// Write each relation's caption at its middle.
    #[arg(long)]
    pub captions: bool,
    /// Number the shown relations' claims on the map and list them in the footnote, with
    /// stance, claimant, speaker, quote and source.
    #[arg(long)]
    pub claims: bool,
    /// Colour entities by kind (the default) or by community (Louvain modularity), as the
    /// window's Explore > Colour by does.
    #[arg(long, default_value = "kind", value_parser = ["kind", "community"])]
    pub colour_by: String,
    /// Draw exactly what the window shows at fit view on a canvas of WxH points (e.g.
    /// 1280x800): the same zoom and the same names shown or left out for lack of room; no
    /// legend, title or footnotes.
    #[arg(long, value_parser = parse_view, conflicts_with_all = ["claims", "captions"])]
    pub view: Option<(f32, f32)>,
    /// The most pixels a PNG may have; a larger one is refused with a message.
    #[arg(long, default_value_t = crate::export::DEFAULT_MAX_PIXELS)]
    pub max_pixels: u64,
}

fn parse_paper(text: &str) -> Result<crate::export::Paper, String> {
    crate::export::Paper::parse(text)
        .ok_or_else(|| format!("\"{text}\" is not a paper size relmap knows: A4, A3 or letter"))
}

fn parse_theme(text: &str) -> Result<crate::look::Theme, String> {
    crate::look::Theme::parse(text)
        .ok_or_else(|| format!("\"{text}\" is not a theme: light or dark"))
}

/// A canvas size such as `1280x800`.
fn parse_view(text: &str) -> Result<(f32, f32), String> {
    let bad = || format!("\"{text}\" is not a size such as 1280x800");
    let (w, h) = text.split_once(['x', 'X']).ok_or_else(bad)?;
    let w: u32 = w.trim().parse().map_err(|_| bad())?;
    let h: u32 = h.trim().parse().map_err(|_| bad())?;
    if !(16..=16_384).contains(&w) || !(16..=16_384).contains(&h) {
        return Err(format!("{w}x{h}: each side must be 16 to 16384 points"));
    }
    Ok((w as f32, h as f32))
}

fn parse_reliability(text: &str) -> Result<crate::model::Reliability, String> {
    crate::model::Reliability::ALL
        .into_iter()
        .find(|g| g.letter().eq_ignore_ascii_case(text.trim()))
        .ok_or_else(|| format!("\"{text}\" is not a reliability grade: use A to F"))
}

/// Runs what the command line asks for.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    if cli.command.is_some() {
        crate::logging::init_command_line();
    }
    match cli.command {
        Some(Command::Check { files, quotes }) => check(&files, quotes),
        Some(Command::Anchor { file, output }) => anchor(&file, output.as_deref()),
        Some(Command::SourceText {
            file,
            source,
            text,
            output,
        }) => {
            let mut doc = io::load_file(&file)?;
            let Some(i) = doc.sources.iter().position(|s| s.id.as_str() == source) else {
                let ids: Vec<&str> = doc.sources.iter().map(|s| s.id.as_str()).collect();
                anyhow::bail!(
                    "{}: there is no source \"{source}\"; its sources are: {}",
                    file.display(),
                    ids.join(", ")
                );
            };
            doc.sources[i].text = io::source_text::read(&text)?;
            let out = output.unwrap_or(file);
            io::save_file(&doc, &out)?;
            outln!(
                "{}: source \"{source}\" has {} characters of text",
                out.display(),
                doc.sources[i].text.chars().count()
            )?;
            anchor(&out, None)
        }
        Some(Command::Layout {
            file,
            output,
            algorithm,
            centre,
            group_by,
            hierarchy,
            seed,
        }) => {
            let choice = crate::arrange::Choice {
                centre: centre.map(crate::model::EntityId::new),
                hierarchy_kinds: hierarchy,
                group_by: if group_by == "community" {
                    crate::arrange::GroupBy::Community
                } else {
                    crate::arrange::GroupBy::Kind
                },
            };
            lay_out(&file, &output, &algorithm, &choice, seed)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Claims {
            file,
            output,
            disputes,
        }) => {
            use crate::export::claims::{Table, write_table};
            let doc = io::formats::open_file(&file)?.doc;
            let table = if disputes {
                Table::Disputes
            } else {
                Table::Claims
            };
            write_table(&doc, table, &output)?;
            outln!("{}: written", output.display())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Table {
            file,
            entities: _,
            relations: true,
            output,
            filter,
            sort,
        }) => {
            let doc = io::formats::open_file(&file)?.doc;
            let rows = crate::export::table::write_relations(
                &doc,
                filter.as_deref().unwrap_or(""),
                sort.as_deref(),
                &output,
            )
            .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            outln!("{}: written, {rows} relations", output.display())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Table {
            file,
            entities: _,
            relations: false,
            output,
            filter,
            sort,
        }) => {
            let doc = io::formats::open_file(&file)?.doc;
            let sort = match sort {
                None => None,
                Some(name) => {
                    let (descending, name) = match name.strip_prefix('-') {
                        Some(rest) => (true, rest),
                        None => (false, name.as_str()),
                    };
                    let column =
                        crate::export::table::column_named(&doc, name).ok_or_else(|| {
                            let names: Vec<String> = crate::query::table::entity_columns(&doc)
                                .iter()
                                .map(|c| c.title().to_owned())
                                .collect();
                            anyhow::anyhow!(
                                "no column \"{name}\" in {}: its columns are {}",
                                file.display(),
                                names.join(", ")
                            )
                        })?;
                    Some((column, descending))
                }
            };
            let query = crate::query::table::RowQuery {
                text: filter.unwrap_or_default(),
                sort,
            };
            let rows = crate::export::table::write_entities(&doc, &query, &output)?;
            outln!("{}: written, {rows} entities", output.display())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Export(args)) => {
            export(&args)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Convert(args)) => {
            convert::convert(&args)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Store { command }) => store::run(command),
        Some(Command::Diff {
            old,
            new,
            format,
            positions,
            matching,
        }) => compare::run_diff(&old, &new, format, positions, matching),
        Some(Command::Merge {
            maps,
            output,
            matching,
            refuse_match,
        }) => compare::run_merge(&maps, &output, matching, &refuse_match),
        Some(Command::Match { ours, theirs, json }) => compare::run_match(&ours, &theirs, json),
        Some(Command::MergeDriver {
            base,
            ours,
            theirs,
            name,
        }) => Ok(compare::run_driver(&base, &ours, &theirs, name.as_ref())),
        None => window::open_window(cli.file, cli.case),
    }
}

/// What an import did, on stderr: the command line's import report.
pub(crate) fn print_report(path: &std::path::Path, opened: &io::formats::Opened) {
    if !opened.report.lines.is_empty() {
        eprint!(
            "{}: read as {}.\n{}",
            path.display(),
            opened.format.name(),
            opened.report
        );
    }
}

/// `relmap check`: one line per good file on stdout, every problem on stderr. A file of
/// another format is checked by reading it, and its import report goes to stderr.
fn check(files: &[PathBuf], quotes: bool) -> anyhow::Result<ExitCode> {
    let mut failed = false;
    for path in files {
        match io::formats::open_file(path) {
            Ok(opened) => {
                let t = totals(&opened.doc);
                let format = if opened.is_foreign() {
                    format!("{}, ", opened.format.name())
                } else {
                    String::new()
                };
                outln!("{}: ok ({format}{})", path.display(), t.describe())?;
                print_report(path, &opened);
                map_checks::print_unknown_icons(path, &opened.doc)?;
                map_checks::print_broken_pictures(path, &opened.doc)?;
                map_checks::print_dangling_views(path, &opened.doc)?;
                map_checks::print_dangling_notes(path, &opened.doc)?;
                if quotes && !check_quotes(path, &opened.doc)? {
                    failed = true;
                }
            }
            Err(err) => {
                failed = true;
                eprintln!("{err}");
            }
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// A claimant by id or (case-insensitive) name, or a source by id.
fn find_perspective(doc: &crate::model::Document, name: &str) -> Option<crate::query::Perspective> {
    crate::query::perspective_named(doc, name)
}
